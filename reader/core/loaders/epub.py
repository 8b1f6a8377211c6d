"""EPUB: chapters in spine order, every XML part parsed safely.

The zip is checked before anything is unpacked (:mod:`._zip`). ``META-INF/container.xml``
names the package document (OPF); its metadata gives title/author/date/publisher, its
manifest and spine give the chapters in reading order. Chapters are parsed as XML with
entities unresolved and no DTD or network, or, when they are not well-formed, with the
forgiving HTML parser (same settings); their headings and paragraphs become blocks.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from lxml import etree

from reader.core.errors import CorruptArchiveError, MalformedMarkupError, NoTextError
from reader.core.loaders._build import ArticleBuilder
from reader.core.loaders._markup import HTML_SKIP, BlockWalker, find_first, localname, parse_markup, parse_xml
from reader.core.loaders._zip import SafeZip
from reader.core.model import Article

_DC = "http://purl.org/dc/elements/1.1/"
_CHAPTER_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")
_EPUB_SKIP = HTML_SKIP | {"nav"}


def _xml(z: SafeZip, name: str) -> etree._Element:
    try:
        return parse_xml(z.read(name))
    except etree.XMLSyntaxError as exc:
        raise MalformedMarkupError(z.path, f"{name}: {exc}") from None


def _opf_path(z: SafeZip) -> str:
    container = z.find("META-INF/container.xml")
    if container is not None:
        root = _xml(z, container)
        for el in root.iter():
            if localname(el) == "rootfile" and el.get("full-path"):
                found = z.find(el.get("full-path"))
                if found:
                    return found
    opfs = [n for n in z.names if n.lower().endswith(".opf")]
    if not opfs:
        raise CorruptArchiveError(z.path, "not an EPUB: no package document (container.xml / .opf)")
    return opfs[0]


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    value = " ".join("".join(t for t in el.itertext() if isinstance(t, str)).split())
    return value or None


def _dc(opf: etree._Element, name: str) -> str | None:
    for el in opf.iter(f"{{{_DC}}}{name}"):
        value = _text(el)
        if value:
            return value
    return None


def _chapters(z: SafeZip, opf: etree._Element, opf_name: str) -> list[str]:
    base = posixpath.dirname(opf_name)
    manifest: dict[str, tuple[str, str, str]] = {}
    spine: list[str] = []
    for el in opf.iter():
        tag = localname(el)
        if tag == "item" and el.get("id") and el.get("href"):
            manifest[el.get("id")] = (el.get("href"), el.get("media-type") or "", el.get("properties") or "")
        elif tag == "itemref" and el.get("idref"):
            spine.append(el.get("idref"))
    order = [manifest[i] for i in spine if i in manifest]
    if not order:  # no usable spine: manifest order
        order = list(manifest.values())
    names: list[str] = []
    for href, media, props in order:
        if media and media not in _CHAPTER_TYPES:
            continue
        if "nav" in props.split() and len(order) > 1:
            continue  # the table of contents page
        full = posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))
        found = z.find(full)
        if found and found not in names:
            names.append(found)
    return names


def load_bytes(data: bytes, path: str) -> Article:
    with SafeZip(data, path, kind="EPUB") as z:
        opf_name = _opf_path(z)
        opf = _xml(z, opf_name)
        chapters = _chapters(z, opf, opf_name)
        builder = ArticleBuilder()
        walker = BlockWalker(builder, skip=_EPUB_SKIP)
        for name in chapters:
            root = parse_markup(z.read(name))
            if root is None:
                continue
            body = find_first(root, "body")
            walker.walk(body if body is not None else root)
    if not builder.text:
        raise NoTextError(path, "the EPUB has no readable chapters")
    return builder.article(
        title=_dc(opf, "title") or builder.first_heading(1),
        author=_dc(opf, "creator"),
        date=_dc(opf, "date"),
        publisher=_dc(opf, "publisher"),
        source=path,
        format="epub",
    )
