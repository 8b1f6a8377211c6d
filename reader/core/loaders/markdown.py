"""Markdown: rendered to plain text from markdown-it-py's token stream.

Headings become heading blocks, paragraphs, list items, table rows and code blocks
become paragraph blocks; inline markup is dropped (link and image text kept). Raw HTML
blocks go through the same safe HTML walker as web pages. A header at the very start, a
pandoc title block (``% title``, ``% authors``, ``% date``) or YAML front matter, is read
by :mod:`._mdmeta`: it gives the title, author, date (and publisher, URL) and is not shown.
The article's title is the header's, else the first level-1 heading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.errors import NoTextError
from reader.core.loaders._build import ArticleBuilder
from reader.core.loaders._mdmeta import split_header
from reader.core.loaders.text import decode_bytes, normalize_newlines
from reader.core.model import Article

if TYPE_CHECKING:  # markdown-it-py is imported on first use
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_md: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        from markdown_it import MarkdownIt

        _md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    return _md


def _inline(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # the alt text
    return "".join(parts)


def _html_block(source: str, builder: ArticleBuilder) -> None:
    from lxml import etree
    from lxml import html as lxml_html

    from reader.core.loaders._markup import BlockWalker, safe_html_parser

    try:
        root = lxml_html.fragment_fromstring(source, create_parent="div", parser=safe_html_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return
    BlockWalker(builder).walk(root)


def _plain(source: str) -> str | None:
    """A header field's Markdown inline text as plain text (emphasis, links, code dropped)."""
    tokens = _parser().parseInline(source)
    text = " ".join(_inline(tokens[0]).split()) if tokens else ""
    return text or None


def render(text: str) -> tuple[ArticleBuilder, dict[str, str | None]]:
    header, text = split_header(text)
    meta = {key: value if key == "url" else _plain(value) for key, value in header.items()}
    builder = ArticleBuilder()
    tokens = _parser().parse(text)
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "inline":
            prev = tokens[i - 1].type if i else ""
            if row is not None:
                row.append(_inline(tok).strip())
            elif prev == "heading_open":
                builder.heading(_inline(tok), int(tokens[i - 1].tag[1:]))
            else:
                builder.paragraph(_inline(tok))
        elif tok.type in ("fence", "code_block"):
            builder.paragraph(tok.content, keep_lines=True)
        elif tok.type == "html_block":
            _html_block(tok.content, builder)
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            builder.paragraph(" | ".join(c for c in (row or []) if c))
            row = None
    return builder, meta


def load_bytes(data: bytes, path: str) -> Article:
    source, encoding = decode_bytes(data, path)
    builder, meta = render(normalize_newlines(source))
    if not builder.text:
        raise NoTextError(path)
    return builder.article(
        title=meta.get("title") or builder.first_heading(1),
        author=meta.get("author"),
        date=meta.get("date"),
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        source=path,
        format="md",
        encoding=encoding,
    )
