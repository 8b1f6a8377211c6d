"""The Qt window (PySide6 + pyqtgraph). Nothing outside this package imports Qt.

Importing this package first guards against a reference-counting fault seen with
PySide6 6.12.0 on CPython 3.11: every call of a Qt method that returns nothing (``void``)
releases one reference to ``None`` that it never took (measure it with
``sys.getrefcount(None)`` around a loop of ``QTextCharFormat().setFontWeight(700)``).
``None`` starts with a few thousand references, so a session that calls such methods a
few thousand times more than that aborts with "Fatal Python error: none_dealloc".
CPython 3.12+ makes ``None`` immortal; on older versions we give it a very large
reference count once, which has the same effect.
"""

from __future__ import annotations

import sys


def _keep_none_alive() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    refcnt = ctypes.c_ssize_t.from_address(id(None))
    if refcnt.value < 1 << 40:
        refcnt.value += 1 << 40


_keep_none_alive()
