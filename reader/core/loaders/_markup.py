"""Safe (X)HTML/XML parsing and a walker that turns markup into heading and paragraph blocks.

Parsers never touch the network, never load a DTD and never substitute entities: an
entity declared in a document (``<!ENTITY x SYSTEM "file:///...">``) stays an unresolved
reference node, which the walker skips, so its target is never read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.entities import html5 as _HTML5_ENTITIES

from lxml import etree
from lxml import html as lxml_html

from reader.core.loaders._build import ArticleBuilder

_WS = re.compile(r"[ \t\n\r\f\v]+")
MAX_DEPTH = 120  # deeper than this, an element's text is taken flat


def safe_xml_parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def safe_html_parser() -> lxml_html.HTMLParser:
    return lxml_html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
        collect_ids=False,
        huge_tree=False,
    )


def parse_xml(data: bytes) -> etree._Element:
    """Strict, safe XML parse (raises ``etree.XMLSyntaxError`` on bad XML)."""
    return etree.fromstring(data, safe_xml_parser())


def parse_markup(data: bytes | str) -> etree._Element | None:
    """An XHTML/HTML document: strict safe XML first, else the forgiving HTML parser."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        return etree.fromstring(raw, safe_xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        pass
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = data.decode("utf-16", errors="replace")
        else:
            data = data.decode("utf-8-sig", errors="replace")
    try:
        data = _XML_DECL.sub("", data, count=1)
        data = _DOCTYPE.sub("", data, count=1)  # the HTML parser would show an internal subset as text
        return lxml_html.document_fromstring(data, parser=safe_html_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(?:\[.*?\]\s*)?>", re.I | re.S)


def localname(el: etree._Element) -> str | None:
    """Lower-case tag name without namespace; None for comments, PIs and entity references."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    if tag.startswith("{"):
        tag = tag.rpartition("}")[2]
    return tag.lower()


def entity_text(el: etree._Element) -> str | None:
    """The character of an unresolved entity reference if it is a standard HTML entity
    (``&nbsp;`` in an XHTML chapter); None for anything else, whose declaration is ignored."""
    if not isinstance(el, etree._Entity):
        return None
    return _HTML5_ENTITIES.get(f"{el.name};")


def find_first(root: etree._Element, name: str) -> etree._Element | None:
    for el in root.iter():
        if localname(el) == name:
            return el
    return None


HTML_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BLOCK_NAMES = """html body div section article main header footer aside nav blockquote ul ol li dl dt dd p
    table thead tbody tfoot caption figure figcaption address center details summary fieldset legend
    hgroup hr menu dir"""
HTML_BLOCKS = frozenset(_BLOCK_NAMES.split())
_SKIP_NAMES = """script style noscript template head title meta link base iframe frame frameset object embed
    applet svg math canvas button select option input textarea audio video source track map area
    img picture"""
HTML_SKIP = frozenset(_SKIP_NAMES.split())


class BlockWalker:
    """Walks an element tree: headings and paragraph-like elements become blocks, inline
    content is gathered into paragraphs, containers are walked into."""

    def __init__(
        self,
        builder: ArticleBuilder,
        *,
        blocks: frozenset[str] = HTML_BLOCKS,
        skip: frozenset[str] = HTML_SKIP,
        heading_level: Callable[[str, etree._Element], int | None] | None = None,
        line_break: str = "br",
        row: str = "tr",
        preformatted: frozenset[str] = frozenset({"pre"}),
    ) -> None:
        self.builder = builder
        self.blocks = blocks
        self.skip = skip
        self.heading_level = heading_level or (lambda tag, el: HTML_HEADINGS.get(tag))
        self.line_break = line_break
        self.row = row
        self.preformatted = preformatted

    # inline text ---------------------------------------------------------------------
    def inline_text(self, el: etree._Element, depth: int = 0) -> str:
        if depth > MAX_DEPTH:
            return _WS.sub(" ", "".join(t for t in el.itertext() if isinstance(t, str)))
        parts = [_WS.sub(" ", el.text)] if el.text else []
        for child in el:
            tag = localname(child)
            if tag is None:
                parts.append(entity_text(child) or "")
            elif tag not in self.skip:
                if tag == self.line_break:
                    parts.append("\n")
                else:
                    text = self.inline_text(child, depth + 1)
                    if tag in self.blocks or tag == self.row or self.heading_level(tag, child):
                        text = f" {text} "
                    parts.append(text)
            if child.tail:
                parts.append(_WS.sub(" ", child.tail))
        return "".join(parts)

    def raw_text(self, el: etree._Element) -> str:
        return "".join(el.itertext(with_tail=False))

    # blocks --------------------------------------------------------------------------
    def walk(self, el: etree._Element, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            self.builder.paragraph(self.inline_text(el, MAX_DEPTH + 1))
            return
        run: list[str] = [_WS.sub(" ", el.text)] if el.text else []

        def flush() -> None:
            if run:
                self.builder.paragraph("".join(run))
                run.clear()

        for child in el:
            tag = localname(child)
            if tag is None:
                run.append(entity_text(child) or "")
            elif tag in self.skip:
                pass
            elif (level := self.heading_level(tag, child)) is not None:
                flush()
                self.builder.heading(self.inline_text(child, depth + 1), level)
            elif tag == self.row:
                flush()
                cells = [self.inline_text(c, depth + 1).strip() for c in child if localname(c) not in (None,)]
                self.builder.paragraph(" | ".join(c for c in cells if c))
            elif tag in self.preformatted:
                flush()
                self.builder.paragraph(self.raw_text(child), keep_lines=True)
            elif tag in self.blocks:
                flush()
                self.walk(child, depth + 1)
            elif tag == self.line_break:
                run.append("\n")
            else:
                run.append(self.inline_text(child, depth + 1))
            if child.tail:
                run.append(_WS.sub(" ", child.tail))
        flush()


def html_title(root: etree._Element) -> str | None:
    el = find_first(root, "title")
    if el is None:
        return None
    text = " ".join("".join(t for t in el.itertext() if isinstance(t, str)).split())
    return text or None
