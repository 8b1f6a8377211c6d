"""The Qt window (PySide6 + pyqtgraph). Nothing outside this package imports Qt.

PySide6 is pinned below 6.12 in ``pyproject.toml``: 6.12.0 on CPython 3.11 releases one
reference to ``None`` on every call of a Qt method that returns nothing (measured with
``sys.getrefcount(None)`` around a loop of ``QTextCharFormat().setFontWeight(700)``), and a
session aborts with "Fatal Python error: none_dealloc" once ``None``'s few thousand references
are spent. The pin is the one guard (an earlier ctypes patch of ``None``'s reference count is
gone); lift it once a fixed PySide6 is measured the same way.
"""
