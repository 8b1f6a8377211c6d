"""Loaders: ``load(path)`` reads an article file into an :class:`~reader.core.model.Article`.

One small module per format, chosen by the file's extension:

==========================  ======================================================
``.txt`` ``.text``          :mod:`.text` (exact text, encoding detected)
``.md`` ``.markdown``       :mod:`.markdown` (rendered with markdown-it-py)
``.html`` ``.htm`` ``.xhtml``  :mod:`.html` (main content by trafilatura)
``.epub``                   :mod:`.epub` (spine order, safe XML)
``.docx``                   :mod:`.docx` (python-docx)
``.pdf``                    :mod:`.pdf` (pdfminer.six text layer)
==========================  ======================================================

Any other extension is sniffed: a PDF, EPUB or DOCX is recognised by its content, an HTML
page by its opening tag; otherwise the file is plain text if it decodes as text, and an
:class:`UnsupportedFormatError` if not.

Every file is untrusted. Limits (also quoted in the README):

- ``MAX_FILE_BYTES`` = 50 MB: larger files are refused before being read.
- ``MAX_UNPACKED_BYTES`` = 200 MB: the most a zip-based file (EPUB, DOCX) may unpack to,
  summed over its members, as declared in its central directory and as actually read; also the
  most a PDF's streams may decode to in total (``_pdfstreams``, counted as they inflate).
- ``MAX_COMPRESSION_RATIO`` = 100 (to 1): the most any member larger than
  ``RATIO_CHECK_MIN_BYTES`` (1 MB) may be compressed; a zip bomb fails this check.
- ``MAX_ZIP_MEMBERS`` = 10,000 members.
- ``MAX_TEXT_CHARS`` = 12 million characters (about two million words): the most text an
  article may have, whatever its format; the analysis of a text this long stays within the
  analysis process's memory limit (``benchmarks/memory.py``). Longer ones are refused once read.

Zip limits are checked from the central directory before anything is decompressed, and
members are read with a capped read. Files are opened read-only; nothing is written
anywhere, and nothing is fetched from the network (HTML resources, XML DTDs and external
entities are never loaded).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable

from reader.core.errors import (
    EmptyFileError,
    FileMissingError,
    FileTooLargeError,
    IsADirectoryReaderError,
    NotTextError,
    PermissionReaderError,
    ReaderError,
    TextTooLongError,
    UnsupportedFormatError,
)
from reader.core.model import Article

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_TEXT_CHARS = 12_000_000

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".epub": "epub",
    ".docx": "docx",
    ".pdf": "pdf",
}
# what File > Open calls each format (the one list of extensions: the CLI and the window read it)
FORMAT_LABELS = {
    "text": "Text",
    "markdown": "Markdown",
    "html": "Web pages",
    "epub": "EPUB books",
    "docx": "Word documents",
    "pdf": "PDF documents",
}


def open_filters() -> str:
    """The file dialog's filters: every article, then one format each, then all files."""

    def globs(exts: Iterable[str]) -> str:
        return " ".join(f"*{e}" for e in exts)

    parts = [f"Articles ({globs(FORMATS)})"]
    for fmt, label in FORMAT_LABELS.items():
        parts.append(f"{label} ({globs(e for e, f in FORMATS.items() if f == fmt)})")
    parts.append("All files (*)")
    return ";;".join(parts)


def read_file(path: str) -> bytes:
    """The bytes of ``path``, after the checks every format shares (read-only, size capped)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileMissingError(path) from None
    except PermissionError:
        raise PermissionReaderError(path) from None
    except (OSError, ValueError) as exc:
        raise ReaderError(path, getattr(exc, "strerror", None) or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryReaderError(path)
    if not stat.S_ISREG(st.st_mode):
        raise UnsupportedFormatError(path, "not a regular file (device, pipe or socket)")
    if st.st_size > MAX_FILE_BYTES:
        raise FileTooLargeError(path, f"{st.st_size:,} bytes (limit {MAX_FILE_BYTES:,})")
    expected = min(st.st_size, MAX_FILE_BYTES)
    try:
        with open(path, "rb") as f:
            data = f.read(expected + 1)  # sized to the file: no 50 MB buffer for a small file
            if len(data) > expected:  # the file grew since stat(): read on, up to the limit
                data += f.read(MAX_FILE_BYTES + 1 - len(data))
    except PermissionError:
        raise PermissionReaderError(path) from None
    except IsADirectoryError:
        raise IsADirectoryReaderError(path) from None
    except OSError as exc:
        raise ReaderError(path, exc.strerror or str(exc)) from None
    if len(data) > MAX_FILE_BYTES:  # grew while we looked
        raise FileTooLargeError(path, f"more than {MAX_FILE_BYTES:,} bytes")
    if not data:
        raise EmptyFileError(path)
    return data


def sniff(data: bytes) -> str | None:
    """The format of ``data`` judged from its content alone (None: not recognised)."""
    head = data[:1024]
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/epub+zip" in head or b"META-INF/container.xml" in data[-65536:]:
            return "epub"
        if b"word/" in data[-65536:]:
            return "docx"
        return None
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"<") and (b"<!doctype html" in lowered or b"<html" in lowered):
        return "html"  # also after an XML declaration or a "saved from" comment
    return None


def _loader(name: str) -> Callable[[bytes, str], Article]:
    """The ``load_bytes`` of one format's module (imported on first use: pdfminer, lxml, ...)."""
    import importlib

    load_bytes: Callable[[bytes, str], Article] = importlib.import_module(
        f"reader.core.loaders.{name}"
    ).load_bytes
    return load_bytes


def load(path: str | os.PathLike[str]) -> Article:
    """Read the article at ``path``; raises a :class:`ReaderError` subclass on any problem."""
    path = os.fspath(path)
    article = _load(path)
    if len(article.text) > MAX_TEXT_CHARS:
        raise TextTooLongError(path, f"{len(article.text):,} characters (the limit is {MAX_TEXT_CHARS:,})")
    return article


def _load(path: str) -> Article:
    data = read_file(path)
    ext = os.path.splitext(path)[1].lower()
    fmt = FORMATS.get(ext)
    if fmt is not None:
        return _loader(fmt)(data, path)
    fmt = sniff(data)
    if fmt is not None:
        return _loader(fmt)(data, path)
    if data.startswith(b"PK\x03\x04"):
        raise UnsupportedFormatError(path, "a zip archive that is neither EPUB nor DOCX")
    if data.lstrip()[:5] == b"{\\rtf":
        raise UnsupportedFormatError(path, "RTF is not supported; save it as DOCX or plain text")
    try:
        return _loader("text")(data, path)
    except NotTextError:
        raise UnsupportedFormatError(
            path, "neither text nor a known document format (txt, md, html, epub, docx, pdf)"
        ) from None
