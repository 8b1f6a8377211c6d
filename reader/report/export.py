"""Export entry points (Qt-free part). Placeholder: the export work fills these in.

Interface (keep the names): ``ExportOptions``, ``export_format(path)``, ``check_target(source, out)``,
``write_export(analysis, out, options)`` for .md/.html/.json/.csv. PDF is rendered by
``reader.ui.pdf.export_pdf(analysis, out, options)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from reader.core.errors import ExportOntoSourceError, UnknownExportFormatError
from reader.core.model import Analysis
from reader.core.selection import Selection

FORMATS = {".pdf": "pdf", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json", ".csv": "csv"}


@dataclass(frozen=True)
class ExportOptions:
    only: tuple[str, ...] = ()  # entity names (CLI --only)
    categories: list[str] | None = None  # categories to show (None = all)
    page_size: str = "A4"
    selection: Selection | None = None  # the window's current filter and toggles


def export_format(path: str) -> str:
    fmt = FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        raise UnknownExportFormatError(path)
    return fmt


def check_target(source: str | None, out: str) -> None:
    if source and os.path.exists(out) and os.path.samefile(source, out):
        raise ExportOntoSourceError(out)


def write_export(analysis: Analysis, out: str, options: ExportOptions) -> None:
    raise NotImplementedError
