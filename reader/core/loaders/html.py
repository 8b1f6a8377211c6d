"""Web pages: the article body and its metadata, found by trafilatura.

The page is decoded here (BOM, then UTF-8, then the charset the page declares, then
detection) and handed to trafilatura as a string, never as a URL, so nothing is
downloaded; lxml's HTML parser runs with ``no_network`` and scripts are never executed,
only dropped. Trafilatura's result (headings, paragraphs, lists, quotes, tables) is
walked into blocks. When it finds no main content, a plain walk over the page body
(without scripts, styles, navigation, headers, footers, asides and forms) is used, so
malformed or unusual markup still yields its text.

What the extractor keeps but the article does not need is then cut by :mod:`._webclean`:
trailer and credit blocks ("Read more: ...", photo credits, "Reporting by ...; Editing by
...", newsletter prompts, copyright lines), and the site name or date after the title
(" | DW | 19.01.2020", " - BBC News").
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from reader.core.errors import NoTextError
from reader.core.loaders._build import ArticleBuilder
from reader.core.loaders._markup import (
    HTML_BLOCKS,
    HTML_SKIP,
    BlockWalker,
    find_first,
    html_title,
    parse_markup,
)
from reader.core.loaders._webclean import clean_title, is_date, keep_blocks
from reader.core.loaders.text import decode_bytes
from reader.core.model import Article

if TYPE_CHECKING:
    from lxml import etree
    from trafilatura.settings import Document

for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    _log = logging.getLogger(_name)
    _log.addHandler(logging.NullHandler())
    _log.propagate = False  # its warnings are about the page, not for our users' stderr

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)

# trafilatura's output tree: <head rend="h2">, <p>, <list><item>, <quote>, <table><row><cell>, <lb/>
_TRAFILATURA_BLOCKS = frozenset({"body", "doc", "main", "div", "list", "item", "quote", "table", "p", "code"})
_TRAFILATURA_SKIP = frozenset({"graphic", "comments"})
_FALLBACK_SKIP = HTML_SKIP | {"nav", "header", "footer", "aside", "form", "menu", "dialog"}


def _trafilatura_level(tag: str, el: etree._Element) -> int | None:
    if tag != "head":
        return None
    rend = (el.get("rend") or "h2").lower()
    return int(rend[1]) if len(rend) == 2 and rend[0] == "h" and rend[1] in "123456" else 2


def _extract(text: str) -> Document | None:
    """trafilatura's Document for the page, or None when it finds no main content."""
    import trafilatura
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a heuristic extractor failing on odd markup: fall back to our own walk
        return None
    return doc if isinstance(doc, Document) else None  # (a dict only when as_dict is asked for)


def _fallback(text: str, builder: ArticleBuilder) -> str | None:
    root = parse_markup(text)
    if root is None:
        return None
    body = find_first(root, "body")
    walker = BlockWalker(builder, skip=_FALLBACK_SKIP, blocks=HTML_BLOCKS)
    walker.walk(body if body is not None else root)
    if not builder.text:  # everything was in a header or nav: take those too rather than nothing
        walker = BlockWalker(builder)
        walker.walk(body if body is not None else root)
    return html_title(root)


def _clean(value: object) -> str | None:
    if not value:
        return None
    text = " ".join(str(value).split())
    return text or None


def _without_trailers(builder: ArticleBuilder) -> ArticleBuilder:
    """The same blocks, less those :func:`keep_blocks` finds are trailers or credits."""
    text = builder.text
    blocks = builder.blocks
    keep = keep_blocks([text[b.start : b.end] for b in blocks])
    if all(keep):
        return builder
    kept = ArticleBuilder()
    for b, k in zip(blocks, keep, strict=True):
        if k:  # the text is already clean: keep_lines leaves it exactly as it is
            kept.add(b.kind, text[b.start : b.end], b.level, keep_lines=True)
    return kept


def _finish_meta(meta: dict[str, str | None], doc: Document | None) -> dict[str, str | None]:
    """The title without the site's suffix; a "site name" that is only a date dropped."""
    publisher = meta.get("publisher")
    if publisher and is_date(publisher):
        meta["publisher"] = None
    names = [meta.get("publisher"), getattr(doc, "hostname", None), meta.get("url")]
    meta["title"] = clean_title(meta.get("title"), names)
    return meta


SHORT_PAGE_WORDS = 50  # fewer words than a short news brief: the page likely did not hold its article


def load_bytes(data: bytes, path: str) -> Article:
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace") if m else None
    text, encoding = decode_bytes(data, path, declared=declared)
    builder = ArticleBuilder()
    doc = _extract(text)
    meta: dict[str, str | None] = {}
    if doc is not None and doc.body is not None:
        BlockWalker(
            builder,
            blocks=_TRAFILATURA_BLOCKS,
            skip=_TRAFILATURA_SKIP,
            heading_level=_trafilatura_level,
            line_break="lb",
            row="row",
            preformatted=frozenset(),
        ).walk(doc.body)
        meta = {
            "title": _clean(doc.title),
            "author": _clean(doc.author),
            "date": _clean(doc.date),
            "publisher": _clean(doc.sitename),
            "url": _clean(doc.url),
        }
    if not builder.text:
        builder = ArticleBuilder()
        title = _fallback(text, builder)
        meta["title"] = meta.get("title") or title or builder.first_heading(1)
    if not builder.text:
        raise NoTextError(path, "no text in the page body")
    builder = _without_trailers(builder)
    words = len(builder.text.split())
    warning = None
    if words < SHORT_PAGE_WORDS:
        warning = (
            f"only {words} word{'s' if words != 1 else ''} of text found in the page: its article may be "
            "built by a script, or be on another page"
        )
    return builder.article(
        source=path, format="html", encoding=encoding, warning=warning, **_finish_meta(meta, doc)
    )
