"""PDF: the text layer with pdfminer.six, one block per text box (about a paragraph).

pdfminer's layout analysis groups characters into lines and lines into boxes, and orders
the boxes in reading order. A box's lines are joined with spaces (a word hyphenated at a
line end keeps its hyphen and is not split). A file that is not a PDF, or that pdfminer
cannot parse, is a :class:`CorruptDocumentError`; a PDF without a text layer (a scan) is
a :class:`NoTextError`. At most ``MAX_PAGES`` pages are read.

pdfminer inflates a compressed stream whole, in memory, so a "PDF bomb" (a small Flate
stream that inflates to gigabytes) is looked for first: every Flate stream other than an
image (which text extraction never decodes) is inflated in pieces and thrown away, and
the file is refused once their total passes ``MAX_UNPACKED_BYTES``.
"""

from __future__ import annotations

import io
import logging
import re
import zlib

from reader.core.errors import ArchiveTooLargeError, CorruptDocumentError, NoTextError, UnsupportedFormatError
from reader.core.loaders._build import ArticleBuilder
from reader.core.model import Article

_log = logging.getLogger("pdfminer")
_log.addHandler(logging.NullHandler())
_log.propagate = False

MAX_PAGES = 2000


_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PIECE = 1 << 20


def _inflated_size(raw: bytes, budget: int) -> int:
    """How many bytes ``raw`` inflates to, counted in pieces, stopping past ``budget``."""
    d = zlib.decompressobj()
    total = 0
    pending = raw
    try:
        while pending and total <= budget:
            total += len(d.decompress(pending, _PIECE))
            pending = d.unconsumed_tail
    except zlib.error:
        pass  # damaged stream: pdfminer will report it, or skip it
    return total


def check_streams(data: bytes, path: str) -> None:
    from reader.core.loaders import MAX_UNPACKED_BYTES

    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        if data[start : start + 1] != b"\x78":  # not a zlib stream
            continue
        header = data[max(0, m.start() - 2048) : m.start()]
        header = header[header.rfind(b"obj") + 1 :]
        if b"/Image" in header:
            continue
        end = data.find(b"endstream", start)
        raw = data[start : end if end != -1 else len(data)]
        total += _inflated_size(raw, MAX_UNPACKED_BYTES - total)
        if total > MAX_UNPACKED_BYTES:
            raise ArchiveTooLargeError(
                path,
                f"its compressed streams inflate past {MAX_UNPACKED_BYTES:,} bytes",
                what="PDF would unpack too large (possible decompression bomb)",
            )


_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph with no Unicode


def _box_text(box) -> str:
    raw = _UNMAPPED_GLYPH.sub("", box.get_text())
    lines = [" ".join(line.split()) for line in raw.split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and line[:1].islower():
            out += line
        else:
            out += " " + line
    return out


def _decode_info(value) -> str | None:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            text = value.decode("utf-16", errors="replace")
        else:
            from pdfminer.utils import decode_text

            text = decode_text(value)
    elif isinstance(value, str):
        text = value
    else:
        return None
    text = " ".join(text.replace("\x00", "").split())
    return text or None


def _metadata(stream) -> dict[str, str | None]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    doc = PDFDocument(PDFParser(stream))
    info = doc.info[0] if doc.info else {}
    return {
        "title": _decode_info(info.get("Title")),
        "author": _decode_info(info.get("Author")),
    }


def load_bytes(data: bytes, path: str) -> Article:
    if b"%PDF-" not in data[:1024]:
        raise CorruptDocumentError(path, "not a PDF (no %PDF header)")
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    check_streams(data, path)
    builder = ArticleBuilder()
    try:
        meta = _metadata(io.BytesIO(data))
        for page in extract_pages(io.BytesIO(data), laparams=LAParams(), maxpages=MAX_PAGES):
            for element in page:
                if isinstance(element, LTTextContainer):
                    builder.paragraph(_box_text(element))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnsupportedFormatError(path, f"encrypted PDF ({type(exc).__name__})") from None
    except Exception as exc:  # pdfminer raises many types (PSEOF, PDFSyntaxError, KeyError...) on bad files
        detail = str(exc) or type(exc).__name__
        raise CorruptDocumentError(path, f"{type(exc).__name__}: {detail}"[:200]) from None
    if not builder.text:
        raise NoTextError(path, "the PDF has no text layer (a scan?)")
    return builder.article(title=meta["title"], author=meta["author"], source=path, format="pdf")
