"""PDF: the text layer with pdfminer.six, one block per text box (about a paragraph).

pdfminer's layout analysis groups characters into lines and lines into boxes, and orders
the boxes in reading order. A box's lines are joined with spaces (a word hyphenated at a
line end keeps its hyphen and is not split). A file that is not a PDF, or that pdfminer
cannot parse, is a :class:`CorruptDocumentError`; a PDF without a text layer (a scan) is
a :class:`NoTextError`. At most ``MAX_PAGES`` pages are read.
"""

from __future__ import annotations

import io
import logging

from reader.core.errors import CorruptDocumentError, NoTextError, UnsupportedFormatError
from reader.core.loaders._build import ArticleBuilder
from reader.core.model import Article

_log = logging.getLogger("pdfminer")
_log.addHandler(logging.NullHandler())
_log.propagate = False

MAX_PAGES = 2000


def _box_text(box) -> str:
    lines = [" ".join(line.split()) for line in box.get_text().split("\n")]
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
