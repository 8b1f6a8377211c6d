"""The article files of folders: the formats the loaders read, hidden files and folders left out."""

from __future__ import annotations

import os
from collections.abc import Iterable

from reader.core.loaders import FORMATS

SUFFIXES = tuple(FORMATS)


def folder_files(folder: str) -> list[str]:
    """The supported files inside ``folder`` (recursively, hidden files and folders left out), sorted."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            os.path.join(root, f) for f in files if f.lower().endswith(SUFFIXES) and not f.startswith(".")
        )
    return sorted(found)


def collect_files(items: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Absolute paths: files given directly (whatever their suffix), and the supported files inside
    given folders (:func:`folder_files`); each path once, in the order found."""
    out: dict[str, None] = {}
    for item in items:
        item = os.fspath(item)
        for f in folder_files(item) if os.path.isdir(item) else [item]:
            out.setdefault(os.path.abspath(f), None)
    return list(out)
