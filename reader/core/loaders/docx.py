"""Word documents (.docx) with python-docx: paragraphs, headings and tables in body order.

The zip is checked before anything is unpacked (:mod:`._zip`). Word never writes a DTD
into its XML parts, so a part that declares one (the vehicle of external-entity and
entity-expansion attacks) makes the file refused before python-docx sees it; python-docx
itself parses with entity resolution off, a second line of defence.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from reader.core.errors import CorruptArchiveError, CorruptDocumentError, MalformedMarkupError, NoTextError
from reader.core.loaders._build import ArticleBuilder
from reader.core.loaders._zip import SafeZip
from reader.core.model import Article

if TYPE_CHECKING:  # python-docx is imported when a document is read
    from docx.table import Table
    from docx.text.paragraph import Paragraph

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_HEADING = re.compile(r"^heading\s*([1-9])$", re.I)


def _declares_dtd(raw: bytes) -> bool:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:2] in (b"<\x00", b"\x00<"):
        raw = raw.decode("utf-16", errors="replace").encode("utf-8")
    return _DTD.search(raw) is not None


def _check_parts(z: SafeZip) -> None:
    if z.find("word/document.xml") is None or z.find("[Content_Types].xml") is None:
        raise CorruptArchiveError(z.path, "not a Word document (word/document.xml is missing)")
    for name in z.names:
        if name.lower().endswith((".xml", ".rels")) and _declares_dtd(z.read(name)):
            raise MalformedMarkupError(
                z.path, f"{name} declares a DTD or entities, which Word never writes; refused for safety"
            )


def _heading_level(paragraph: Paragraph) -> int | None:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return None
    if style is None:
        return None
    for name in (style.name or "", style.style_id or ""):
        if name.lower() == "title":
            return 1
        m = _HEADING.match(name.replace("Heading", "heading ").strip()) if name else None
        if m:
            return min(int(m.group(1)), 6)
    return None


def _is_title_style(paragraph: Paragraph) -> bool:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return False
    return style is not None and (style.name or "").lower() == "title"


def _table_rows(table: Table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:  # a merged cell appears once per grid column: keep it once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def _read(data: bytes) -> tuple[ArticleBuilder, str | None, str | None, str | None]:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    builder = ArticleBuilder()
    styled_title = None
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in _table_rows(item):
                builder.paragraph(row)
            continue
        level = _heading_level(item)
        if level is not None:
            text = builder.heading(item.text, level)
            if text and styled_title is None and _is_title_style(item):
                styled_title = " ".join(text.split())
        else:
            builder.paragraph(item.text)
    props = document.core_properties
    title = (props.title or "").strip() or styled_title
    author = (props.author or "").strip() or None
    return builder, title, author, None


def load_bytes(data: bytes, path: str) -> Article:
    with SafeZip(data, path, kind="DOCX") as z:
        _check_parts(z)
    try:
        builder, title, author, date = _read(data)
    except Exception as exc:  # python-docx/lxml raise many types on damaged parts
        raise CorruptDocumentError(path, f"{type(exc).__name__}: {exc}") from None
    if not builder.text:
        raise NoTextError(path, "the document has no text")
    return builder.article(
        title=title or builder.first_heading(1), author=author, date=date, source=path, format="docx"
    )
