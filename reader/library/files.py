"""The article files of folders: the formats the loaders read, hidden files and folders left out."""

from __future__ import annotations

import os
from collections.abc import Iterable

from reader.core.loaders import FORMATS

SUFFIXES = tuple(FORMATS)


def collect_files(items: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Absolute paths: files given directly (whatever their suffix), and the supported files inside
    given folders (recursively, sorted); each path once, in the order found."""
    out: dict[str, None] = {}
    for item in items:
        item = os.fspath(item)
        if os.path.isdir(item):
            found: list[str] = []
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(
                    os.path.join(root, f)
                    for f in files
                    if f.lower().endswith(SUFFIXES) and not f.startswith(".")
                )
            for f in sorted(found):
                out.setdefault(os.path.abspath(f), None)
        else:
            out.setdefault(os.path.abspath(item), None)
    return list(out)
