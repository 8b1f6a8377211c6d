"""Loaders: one small module per format; ``load(path)`` picks one."""

from __future__ import annotations

import os

from reader.core.errors import (
    EmptyFileError,
    FileMissingError,
    IsADirectoryReaderError,
    PermissionReaderError,
)
from reader.core.model import Article

MAX_FILE_BYTES = 50 * 1024 * 1024


def load(path: str | os.PathLike[str]) -> Article:
    from reader.core.loaders import text as text_loader

    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileMissingError(path)
    if os.path.isdir(path):
        raise IsADirectoryReaderError(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise PermissionReaderError(path) from None
    if not data:
        raise EmptyFileError(path)
    return text_loader.load_bytes(data, path)
