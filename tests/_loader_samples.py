"""Small article files the loader tests make for themselves (HTML, EPUB, DOCX, PDF, bombs)."""

from __future__ import annotations

import io
import textwrap
import zipfile
import zlib
from pathlib import Path

NEWS_PARAGRAPHS = [
    "The city council approved a budget of 4.5 million dollars on Tuesday, officials said.",
    '"We will not cut the bus lines," said Maria Lopez, the council president.',
    "Opponents argued that the plan raises fares by 12 percent for most riders.",
]


def news_html(resource_base: str = "https://cdn.example.invalid") -> str:
    """A news-like page: head metadata, navigation, scripts, an ad, the article, a footer."""
    paras = "\n".join(f"<p>{p}</p>" for p in NEWS_PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves budget | The Daily Example</title>
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta property="og:site_name" content="The Daily Example">
<script>var trackingSecret = "SCRIPT_TEXT_MUST_NOT_SHOW";</script>
<style>body {{ color: red }} .STYLE_TEXT_MUST_NOT_SHOW {{}}</style>
<link rel="stylesheet" href="{resource_base}/site.css">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/nav-link">NAVIGATION_MUST_NOT_SHOW</a></li></ul></nav>
<div class="advert">ADVERT_MUST_NOT_SHOW: buy now</div>
<article>
<h1>Council approves budget</h1>
<h2>Bus lines stay</h2>
{paras}
</article>
<footer><p>Copyright 2024 The Daily Example. FOOTER_MUST_NOT_SHOW</p></footer>
<script src="{resource_base}/app.js"></script>
</body></html>"""


# --- EPUB ----------------------------------------------------------------------------------

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def chapter_xhtml(heading: str, paragraphs: list[str], *, doctype: str = "", extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{heading}</title></head>'
        f"<body><h1>{heading}</h1>{body}{extra}</body></html>"
    )


def make_epub(
    path: Path,
    chapters: list[tuple[str, str]],
    spine: list[str],
    *,
    title: str = "Two Chapters",
    author: str = "A. Writer",
    opf_extra: str = "",
) -> Path:
    """``chapters``: (file name, XHTML) in the order they are stored; ``spine``: file names
    in reading order."""
    ids = {name: f"c{i}" for i, (name, _) in enumerate(chapters)}
    manifest = "".join(
        f'<item id="{ids[name]}" href="{name}" media-type="application/xhtml+xml"/>' for name, _ in chapters
    )
    itemrefs = "".join(f'<itemref idref="{ids[name]}"/>' for name in spine)
    opf = f"""<?xml version="1.0" encoding="UTF-8"?>{opf_extra}
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>{title}</dc:title>
    <dc:creator>{author}</dc:creator><dc:language>en</dc:language>
  </metadata>
  <manifest>{manifest}</manifest>
  <spine>{itemrefs}</spine>
</package>"""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", CONTAINER, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/content.opf", opf, compress_type=zipfile.ZIP_DEFLATED)
        for name, xhtml in chapters:
            z.writestr(f"OEBPS/{name}", xhtml, compress_type=zipfile.ZIP_DEFLATED)
    return path


def two_chapter_epub(path: Path) -> Path:
    """Stored as chapter two, then one; the spine says one, then two."""
    one = chapter_xhtml("Chapter One", ["The first chapter starts the story.", "It has two paragraphs."])
    two = chapter_xhtml("Chapter Two", ["The second chapter ends the story."])
    return make_epub(path, [("ch2.xhtml", two), ("ch1.xhtml", one)], ["ch1.xhtml", "ch2.xhtml"])


# --- DOCX ----------------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = "Quarterly Report"
    d.core_properties.author = "Sam Analyst"
    d.add_heading("Quarterly Report", level=1)
    d.add_paragraph("Revenue rose 8 percent to 2.1 billion euros, the company said.")
    d.add_heading("Outlook", level=2)
    d.add_paragraph('"We expect a calmer year," said chief executive Ana Silva.')
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Region"
    table.cell(0, 1).text = "Sales"
    table.cell(1, 0).text = "North"
    table.cell(1, 1).text = "1.2 billion"
    d.save(str(path))
    return path


def replace_member(src: bytes, name: str, new: bytes) -> bytes:
    """The zip ``src`` with member ``name``'s content replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = new if info.filename == name else zin.read(info.filename)
            zout.writestr(info.filename, data)
    return out.getvalue()


def zip_bomb_docx(path: Path, size: int = 300 * 1024 * 1024) -> Path:
    """A DOCX-shaped zip whose document part is ``size`` bytes of one repeated byte,
    written in pieces so the test never holds it in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        chunk = b"A" * (1 << 22)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(size // len(chunk)):
                f.write(chunk)
    return path


# --- PDF -----------------------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    raw = text.encode("latin-1")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(
    paragraphs: list[str],
    *,
    title: str | None = None,
    author: str | None = None,
    compress: bool = False,
    padding: int = 0,
) -> bytes:
    """A valid one-page PDF written by hand: Helvetica text, paragraphs wrapped to lines,
    a blank line between paragraphs, and an Info dictionary. ``compress``: the content
    stream is Flate-encoded; ``padding``: that many spaces are added to the content (a
    PDF bomb when compressed), in pieces so the test never holds them in memory."""
    ops: list[bytes] = []
    y = 740
    for para in paragraphs:
        for line in textwrap.wrap(para, 70):
            ops.append(b"BT /F1 11 Tf 72 %d Td %s Tj ET" % (y, _pdf_string(line)))
            y -= 14
        y -= 22
    content = b"\n".join(ops)
    stream_dict = b"<< /Length %d >>"
    if compress or padding:
        packer = zlib.compressobj(1)
        parts = [packer.compress(content + b"\n")]
        spaces = b" " * (1 << 22)
        for _ in range(padding // len(spaces)):
            parts.append(packer.compress(spaces))
        parts.append(packer.flush())
        content = b"".join(parts)
        stream_dict = b"<< /Length %d /Filter /FlateDecode >>"
    info = b"<<"
    if title:
        info += b" /Title " + _pdf_string(title)
    if author:
        info += b" /Author " + _pdf_string(author)
    info += b" >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        stream_dict % len(content) + b"\nstream\n" + content + b"\nendstream",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
