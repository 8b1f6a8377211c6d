"""PDF: the text layer with pdfminer.six, paragraphs rebuilt from where the lines sit.

pdfminer groups characters into lines; :mod:`._pdflayout` does the rest: it drops page
furniture (a browser's print header and footer, running headers and footers, page numbers),
finds columns and reads them in order, joins lines into paragraphs and headings by spacing,
indentation, alignment and font, joins a paragraph over column and page breaks, removes
line-end hyphens only where a word was broken, and folds ligatures (NFKC on presentation
forms only). A PDF exported by the reader itself (its Subject, or its header and legend) is
read back as the article: header, legend, footers and the sections after the article are
dropped. The title is the document's Title (the headline, when the Title is the headline
and a site name), else its headline; the headline is not repeated in the text. A file that
is not a PDF, or that pdfminer cannot parse, is a :class:`CorruptDocumentError`; a PDF
without a text layer (a scan) is a :class:`NoTextError`. At most ``MAX_PAGES`` pages are
read.

pdfminer inflates a compressed stream whole, in memory, so a "PDF bomb" (a small stream
that inflates to gigabytes) is guarded against by :mod:`._pdfstreams`: a pre-scan inflates
the file's zlib streams in pieces and throws them away, and while the file is read every
stream pdfminer decodes (any filter chain) is charged to one budget; past
``MAX_UNPACKED_BYTES`` the file is refused (:class:`ArchiveTooLargeError`).
"""

from __future__ import annotations

import io
import logging
from typing import BinaryIO

from reader.core.errors import CorruptDocumentError, NoTextError, UnsupportedFormatError
from reader.core.loaders._build import ArticleBuilder
from reader.core.loaders._pdflayout import LAPARAMS, layout_blocks, read_pages, titled
from reader.core.loaders._pdfstreams import bounded_decoding, check_streams
from reader.core.model import Article

_log = logging.getLogger("pdfminer")
_log.addHandler(logging.NullHandler())
_log.propagate = False

MAX_PAGES = 2000


def _decode_info(value: object) -> str | None:
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


def _metadata(stream: BinaryIO) -> dict[str, str | None]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    doc = PDFDocument(PDFParser(stream))
    info = doc.info[0] if doc.info else {}
    return {
        "title": _decode_info(info.get("Title")),
        "author": _decode_info(info.get("Author")),
        "subject": _decode_info(info.get("Subject")),
        "creator": _decode_info(info.get("Creator")),
        "producer": _decode_info(info.get("Producer")),
    }


def _fault(data: bytes, exc: Exception) -> str:
    """What is wrong with a PDF pdfminer could not read, in words: a file cut short (no end
    marker in its last kilobyte: a download that stopped) first, since that is the usual case."""
    if b"%%EOF" not in data[-1024:]:
        return "the file is cut short (a download that did not finish?)"
    name = type(exc).__name__
    if name == "PSEOF":
        return "its content ends too soon (the file is damaged)"
    if name in ("PDFSyntaxError", "PDFNoValidXRef"):
        return "its structure is damaged"
    return f"it is damaged ({name})"


@bounded_decoding
def load_bytes(data: bytes, path: str) -> Article:
    if b"%PDF-" not in data[:1024]:
        raise CorruptDocumentError(path, "not a PDF (no %PDF header)")
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    check_streams(data, path)
    builder = ArticleBuilder()
    try:
        meta = _metadata(io.BytesIO(data))
        layout = extract_pages(io.BytesIO(data), laparams=LAParams(**LAPARAMS), maxpages=MAX_PAGES)
        pages = read_pages(layout)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnsupportedFormatError(path, f"encrypted PDF ({type(exc).__name__})") from None
    except Exception as exc:  # pdfminer raises many types (PSEOF, PDFSyntaxError, KeyError...) on bad files
        raise CorruptDocumentError(path, _fault(data, exc)) from None
    title, blocks = titled(layout_blocks(pages, meta), meta["title"])
    for kind, text, level in blocks:
        builder.add(kind, text, level)
    if not builder.text:
        raise NoTextError(path, "the PDF has no text layer (a scan?)")
    return builder.article(title=title, author=meta["author"], source=path, format="pdf")
