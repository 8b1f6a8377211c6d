"""Web pages: the article body and its metadata, found by trafilatura.

The page is decoded here (BOM, then UTF-8, then the charset the page declares, then
detection) and handed to trafilatura as a string, never as a URL, so nothing is
downloaded; lxml's HTML parser runs with ``no_network`` and scripts are never executed,
only dropped. Trafilatura's result (headings, paragraphs, lists, quotes, tables) is
walked into blocks. When it finds no main content, a plain walk over the page body
(without scripts, styles, navigation, headers, footers, asides and forms) is used, so
malformed or unusual markup still yields its text.
"""

from __future__ import annotations

import logging
import re

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
from reader.core.loaders.text import decode_bytes
from reader.core.model import Article

for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    _log = logging.getLogger(_name)
    _log.addHandler(logging.NullHandler())
    _log.propagate = False  # its warnings are about the page, not for our users' stderr

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)

# trafilatura's output tree: <head rend="h2">, <p>, <list><item>, <quote>, <table><row><cell>, <lb/>
_TRAFILATURA_BLOCKS = frozenset({"body", "doc", "main", "div", "list", "item", "quote", "table", "p", "code"})
_TRAFILATURA_SKIP = frozenset({"graphic", "comments"})
_FALLBACK_SKIP = HTML_SKIP | {"nav", "header", "footer", "aside", "form", "menu", "dialog"}


def _trafilatura_level(tag: str, el) -> int | None:
    if tag != "head":
        return None
    rend = (el.get("rend") or "h2").lower()
    return int(rend[1]) if len(rend) == 2 and rend[0] == "h" and rend[1] in "123456" else 2


def _extract(text: str):
    """trafilatura's Document for the page, or None when it finds no main content."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(
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


def _clean(value) -> str | None:
    if not value:
        return None
    value = " ".join(str(value).split())
    return value or None


def load_bytes(data: bytes, path: str) -> Article:
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace") if m else None
    text, encoding = decode_bytes(data, path, declared=declared)
    builder = ArticleBuilder()
    doc = _extract(text)
    meta = {}
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
    return builder.article(source=path, format="html", encoding=encoding, **meta)
