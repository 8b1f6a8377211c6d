"""Export entry points (Qt-free part).

``ExportOptions``, ``export_format(path)``, ``check_target(source, out)`` and
``write_export(analysis, out, options)`` for every format: .md/.html/.json/.csv here, .pdf through
the renderer the Qt layer registers (``register_renderer``; ``reader.ui.pdf`` does that on import,
and the window and the CLI import it for a .pdf target, then call ``write_export`` like for any
other format).

Every file is written atomically (``reader.report.atomic``); exporting onto the article's
own file is refused.
"""

from __future__ import annotations

import json
import os
import re
import sys
import sysconfig
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, BinaryIO

from reader.core.categories import Category
from reader.core.errors import ExportError, ExportOntoSourceError, UnknownExportFormatError
from reader.core.model import Analysis
from reader.report.atomic import check_folder, write_atomic
from reader.report.document import ExportContent, build_content
from reader.report.options import ExportOptions as ExportOptions  # re-exported: part of this API

FORMATS = {
    ".pdf": "pdf",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".csv": "csv",
}


Renderer = Callable[..., Any]  # (analysis, out, options, *, progress=None, should_cancel=None)
_RENDERERS: dict[str, Renderer] = {}


def register_renderer(fmt: str, renderer: Renderer) -> None:
    """Let a higher layer (the Qt PDF renderer) handle a format in ``write_export``."""
    _RENDERERS[fmt] = renderer


def export_format(path: str) -> str:
    fmt = FORMATS.get(os.path.splitext(os.fspath(path))[1].lower())
    if fmt is None:
        raise UnknownExportFormatError(path)
    return fmt


def _same_file(a: str, b: str) -> bool:
    if os.path.exists(a) and os.path.exists(b):
        try:
            return os.path.samefile(a, b)
        except OSError:
            pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def check_target(source: str | None, out: str) -> None:
    """Refuse an unknown format, the source file itself, a folder that is missing or that we
    cannot write in, and a read-only file. (The window asks "replace?" only after these.)"""
    out = os.fspath(out)
    export_format(out)
    if source and _same_file(os.fspath(source), out):
        raise ExportOntoSourceError(out)
    folder = check_folder(out)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(out, f"cannot write in the folder {folder} (permission denied)")
    if os.path.exists(out) and not os.access(out, os.W_OK):
        raise ExportError(out, "the file is read-only")


NAME_MAX = 80  # characters of the title in a proposed file name
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def export_file_name(title: str, ext: str = ".pdf") -> str:
    """``<title> highlights<ext>``: the title without characters that file systems refuse,
    on one line, at most NAME_MAX characters (cut at a word)."""
    name = " ".join(_UNSAFE.sub(" ", unicodedata.normalize("NFC", title or "")).split())
    if len(name) > NAME_MAX:
        cut = name[: NAME_MAX + 1].rsplit(" ", 1)[0]
        name = cut if len(cut) >= NAME_MAX // 2 else name[:NAME_MAX]
    name = name.strip(" .,;-_") or "Article"
    return f"{name} highlights{ext}"


def install_folders() -> list[str]:
    """Folders that belong to the installed reader (the package, its resources, the Python
    installation and its site-packages, a frozen bundle): never proposed for an export."""
    from reader.core.paths import resources_dir

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the reader package
    folders = [here, str(resources_dir()), sys.prefix, sys.base_prefix]
    folders += [p for p in (sysconfig.get_paths().get(k) for k in ("purelib", "platlib", "stdlib")) if p]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        folders.append(frozen)
    return [os.path.realpath(f) for f in folders if f]


def is_inside(path: str, folders: Iterable[str]) -> bool:
    real = os.path.normcase(os.path.realpath(path))
    for folder in folders:
        base = os.path.normcase(os.path.realpath(folder))
        if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
            return True
    return False


def _usable_folder(folder: str, protected: Iterable[str]) -> bool:
    return os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK) and not is_inside(folder, protected)


def propose_export_path(
    title: str,
    source: str | None,
    *,
    last_folder: str | None,
    documents: str | None,
    home: str,
    ext: str = ".pdf",
    protected: Iterable[str] | None = None,
) -> str:
    """Where the export dialog starts: ``<title> highlights<ext>`` in the last export folder,
    else the documents folder, else home; never a folder of the installed reader (the bundled
    sample's), and never the source file itself (then " (2)", " (3)", ... is added)."""
    protected = list(install_folders() if protected is None else protected)
    folder = next((f for f in (last_folder, documents, home) if f and _usable_folder(f, protected)), home)
    name = export_file_name(title, ext)
    path = os.path.join(folder, name)
    stem = name[: -len(ext)] if ext else name
    n = 2
    while source and _same_file(os.fspath(source), path) and n < 1000:
        path = os.path.join(folder, f"{stem} ({n}){ext}")
        n += 1
    return path


def export_json(content: ExportContent) -> dict[str, Any]:
    """``analysis.to_json()`` exactly; with a filter, the lists keep what the filter keeps
    (figure ``equivalent_of`` indices renumbered) and ``export_filter`` says what it was."""
    analysis, sel, view = content.analysis, content.selection, content.view
    data = analysis.to_json()
    if not sel.entity_ids and not sel.hidden:
        return data
    data["entities"] = [e.to_json() for e in view.entities]
    data["canonical_entities"] = [
        c.to_json()
        for c in analysis.canonical
        if (not sel.entity_ids or c.id in sel.entity_ids) and c.category not in sel.hidden
    ]
    data["quotes"] = [q.to_json() for q in view.quotes]
    index = {id(f): i for i, f in enumerate(analysis.figures)}
    kept = {index[id(f)]: j for j, f in enumerate(view.figures)}
    figures = []
    for f in view.figures:
        row = f.to_json()
        if row.get("equivalent_of") is not None:
            row["equivalent_of"] = kept.get(row["equivalent_of"])
        figures.append(row)
    data["figures"] = figures
    if Category.DATE in sel.hidden:
        data["dates"] = []
    data["export_filter"] = {
        "entity_ids": sorted(sel.entity_ids),
        "hidden_categories": sorted(c.value for c in sel.hidden),
    }
    return data


def render_text(analysis: Analysis, fmt: str, options: ExportOptions, now: datetime | None = None) -> str:
    """The export as text, for the Qt-free formats."""
    content = build_content(analysis, options, now)
    if fmt == "json":
        return json.dumps(export_json(content), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from reader.report.html import render_html

        return render_html(content, chart="svg")
    if fmt == "md":
        from reader.report.markdown import render_markdown

        return render_markdown(content)
    if fmt == "csv":
        from reader.report.csvout import render_csv

        return render_csv(content)
    raise UnknownExportFormatError(f"(.{fmt})")


def write_export(
    analysis: Analysis,
    out: str,
    options: ExportOptions,
    *,
    now: datetime | None = None,
    after_write: Callable[[BinaryIO], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> None:
    """Write ``analysis`` to ``out`` in the format its extension names, atomically.

    ``after_write`` (for tests) runs after the bytes are written and before the file is
    committed: an exception from it must leave no trace."""
    out = os.fspath(out)
    fmt = export_format(out)
    check_target(analysis.article.source, out)
    if fmt == "pdf":
        renderer = _RENDERERS.get("pdf")
        if renderer is None:
            raise ExportError(out, "PDF export needs the Qt layer (use reader.ui.pdf.export_pdf)")
        renderer(analysis, out, options, progress=progress, should_cancel=should_cancel)
        return
    data = render_text(analysis, fmt, options, now).encode("utf-8-sig" if fmt == "csv" else "utf-8")

    def writer(f: BinaryIO) -> None:
        f.write(data)
        if after_write is not None:
            after_write(f)

    write_atomic(out, writer)
