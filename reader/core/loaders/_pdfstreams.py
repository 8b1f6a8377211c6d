"""PDF streams decoded within a byte budget, so a "PDF bomb" is refused instead of inflated.

pdfminer decodes a stream whole, in memory (``zlib.decompress``, an unbounded LZW table,
run-length expansion), and it decodes more than page contents: object streams, cross-
reference streams, fonts and their CMaps. A one-megabyte PDF can hold a stream that
inflates to gigabytes. Two guards, both counting against ``MAX_UNPACKED_BYTES``:

- :func:`check_streams` is a cheap pre-scan of the raw file, before pdfminer parses it:
  every stream that is not an image and starts with a zlib header (any window size) is
  inflated in pieces and thrown away, and the file is refused once their total passes the
  limit. It costs one inflate per stream and never holds more than one piece.
- :func:`bounded_decoding` wraps a loader's ``load_bytes``: while it runs (in this thread
  or task only, through a context variable) every ``PDFStream.decode`` goes through
  :func:`_decode_within` instead of pdfminer's own. The filters that can expand a lot (Flate
  with any window, LZW, RunLength) are first run counting only, stopping as soon as the
  document's remaining budget is spent, and only then run for real; ASCII85 and ASCIIHex
  (at most four bytes out per byte in) are decoded and then counted. The output of every
  stage of a filter chain is charged to the document. Past the limit the load fails with
  :class:`ArchiveTooLargeError`, even where pdfminer would have swallowed the error.
  Image-only filters (DCT, JPX, JBIG2, CCITTFax) are left encoded: text extraction never
  looks at pixels. Predictors never make data larger, so they are applied as pdfminer
  applies them.

The replacement decoder is more forgiving than pdfminer's in one way: a Flate stream is
inflated as raw deflate after its two-byte header, so a stream with a bad checksum or cut
short keeps the text decoded before the damage (pdfminer keeps it only when the damage is
in the checksum itself).
"""

from __future__ import annotations

import contextvars
import functools
import re
import threading
import zlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from reader.core.errors import ArchiveTooLargeError

if TYPE_CHECKING:  # pdfminer is imported when a PDF is read
    from pdfminer.pdftypes import PDFStream

_P = ParamSpec("_P")
_R = TypeVar("_R")

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PIECE = 1 << 20  # inflate output is produced, counted and dropped in pieces of this size
_LZW_TABLE_MAX = 4096  # 12-bit codes: the table never grows past this (PDF 32000-1, 7.4.4)


def _limit() -> int:
    from reader.core.loaders import MAX_UNPACKED_BYTES

    return MAX_UNPACKED_BYTES


def _too_large(path: str) -> ArchiveTooLargeError:
    return ArchiveTooLargeError(
        path,
        f"its compressed streams inflate past {_limit():,} bytes",
        what="PDF would unpack too large (possible decompression bomb)",
    )


# --- decoders that yield their output in pieces --------------------------------------------------


def _zlib_header(data: bytes) -> bool:
    """Whether ``data`` opens with a zlib header: deflate, any window (CINFO 0-7), no dictionary."""
    if len(data) < 2:
        return False
    cmf, flg = data[0], data[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf << 8 | flg) % 31 == 0 and not flg & 0x20


def _inflate_pieces(data: bytes) -> Iterator[bytes]:
    """A zlib stream's output in pieces of at most ``_PIECE`` bytes; nothing if it has no zlib
    header. Inflated as raw deflate (a 32 KB window serves every smaller one) so the checksum
    is not needed; damage ends the output where it starts."""
    if not _zlib_header(data):
        return
    d = zlib.decompressobj(-15)
    pending = data[2:]
    try:
        while not d.eof:
            piece = d.decompress(pending, _PIECE)
            if not piece and d.unconsumed_tail == pending:
                return  # no progress: the input is used up (a truncated stream)
            pending = d.unconsumed_tail
            yield piece
    except zlib.error:
        return


def _lzw_pieces(data: bytes, early: int = 1) -> Iterator[bytes]:
    """LZWDecode output, one code's string at a time. ``early`` is /EarlyChange: the code
    width grows one code early (the default) or not. A stream need not open with a clear
    code; an end-of-data code or a code not yet in the table ends it."""
    table = [bytes((i,)) for i in range(256)] + [b"", b""]
    prev = b""
    nbits, acc, held = 9, 0, 0
    for byte in data:
        acc, held = (acc << 8) | byte, held + 8
        if held < nbits:
            continue
        held -= nbits
        code = acc >> held
        acc &= (1 << held) - 1
        if code == 256:
            del table[258:]
            prev, nbits = b"", 9
            continue
        if code == 257 or code > len(table) or (not prev and code >= 256):
            return
        x = table[code] if code < len(table) else prev + prev[:1]
        if prev and len(table) < _LZW_TABLE_MAX:
            table.append(prev + x[:1])
            if len(table) + early >= 1 << nbits and nbits < 12:
                nbits += 1
        prev = x
        yield x


def _runlength_pieces(data: bytes) -> Iterator[bytes]:
    """RunLengthDecode output, one run at a time (a length byte of 128 ends the data)."""
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        i += 1
        if length == 128:
            return
        if length < 128:
            yield data[i : i + length + 1]
            i += length + 1
        elif i < n:
            yield data[i : i + 1] * (257 - length)
            i += 1


# --- the pre-scan ------------------------------------------------------------------------------


def _inflated_size(raw: bytes, budget: int) -> int:
    """How many bytes ``raw`` inflates to, counted in pieces, stopping past ``budget``."""
    total = 0
    for piece in _inflate_pieces(raw):
        total += len(piece)
        if total > budget:
            break
    return total


def check_streams(data: bytes, path: str) -> None:
    """Refuse ``data`` when its zlib streams (images aside) inflate past the limit in total."""
    limit = _limit()
    total = 0
    for m in _STREAM.finditer(data):
        start = m.end()
        if not _zlib_header(data[start : start + 2]):
            continue
        header = data[max(0, m.start() - 2048) : m.start()]
        header = header[header.rfind(b"obj") + 1 :]
        if b"/Image" in header:
            continue
        end = data.find(b"endstream", start)
        raw = data[start : end if end != -1 else len(data)]
        total += _inflated_size(raw, limit - total)
        if total > limit:
            raise _too_large(path)


# --- pdfminer's decode, bounded -------------------------------------------------------------------


class _Budget:
    """The bytes a document may still decode; ``spent`` once it has tried to decode more."""

    def __init__(self, path: str, left: int) -> None:
        self.path = path
        self.left = left
        self.spent = False

    def check(self, total: int) -> None:
        if total > self.left:
            self.spent = True
            raise _too_large(self.path)

    def charge(self, n: int) -> None:
        self.check(n)
        self.left -= n


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("pdf_decode_budget", default=None)


def _bounded(pieces: Callable[[], Iterator[bytes]], budget: _Budget) -> bytes:
    """Run a decoder twice: counting, stopped as soon as it passes the budget; then for real."""
    total = 0
    for piece in pieces():
        total += len(piece)
        budget.check(total)
    out = bytearray()
    for piece in pieces():
        out += piece
    budget.charge(len(out))
    return bytes(out)


def _early_change(params: object) -> int:
    from pdfminer.pdftypes import int_value

    if isinstance(params, dict) and "EarlyChange" in params:
        return int_value(params["EarlyChange"])
    return 1


def _apply_filter(name: object, params: object, data: bytes, budget: _Budget) -> bytes:
    from pdfminer import pdftypes as pt
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    if name in pt.LITERALS_FLATE_DECODE:
        return _bounded(lambda: _inflate_pieces(data), budget)
    if name in pt.LITERALS_LZW_DECODE:
        early = _early_change(params)
        return _bounded(lambda: _lzw_pieces(data, early), budget)
    if name in pt.LITERALS_RUNLENGTH_DECODE:
        return _bounded(lambda: _runlength_pieces(data), budget)
    if name in pt.LITERALS_ASCII85_DECODE or name in pt.LITERALS_ASCIIHEX_DECODE:
        # at most 4 bytes per input byte (ASCII85's "z"), and the input is capped by the file size
        decode = ascii85decode if name in pt.LITERALS_ASCII85_DECODE else asciihexdecode
        out = decode(data)
        budget.charge(len(out))
        return out
    image_only = (*pt.LITERALS_DCT_DECODE, *pt.LITERALS_JBIG2_DECODE, *pt.LITERALS_JPX_DECODE)
    if name in image_only or name in pt.LITERALS_CCITTFAX_DECODE:
        return data
    if name == pt.LITERAL_CRYPT:
        raise pt.PDFNotImplementedError("/Crypt filter is unsupported")
    raise pt.PDFNotImplementedError(f"Unsupported filter: {name!r}")


def _predict(params: object, data: bytes) -> bytes:
    """Undo a /Predictor as pdfminer does (the output is never longer than the input)."""
    from pdfminer.pdftypes import PDFNotImplementedError, int_value
    from pdfminer.utils import apply_png_predictor, apply_tiff_predictor

    if not params or not isinstance(params, dict) or "Predictor" not in params:
        return data
    pred = int_value(params["Predictor"])
    if pred == 1:
        return data
    colors = int_value(params.get("Colors", 1))
    columns = int_value(params.get("Columns", 1))
    bits = int_value(params.get("BitsPerComponent", 8))
    if pred == 2:
        return apply_tiff_predictor(colors, columns, bits, data)
    if pred >= 10:
        return apply_png_predictor(pred, colors, columns, bits, data)
    raise PDFNotImplementedError(f"Unsupported predictor: {pred!r}")


def _decode_within(stream: PDFStream, budget: _Budget) -> None:
    """``PDFStream.decode`` with every stage charged to ``budget``."""
    data = stream.rawdata
    # what pdfminer's own decode asserts: a stream is decoded once, after it was read with its ids
    assert data is not None
    if stream.decipher:
        assert stream.objid is not None and stream.genno is not None
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for name, params in stream.get_filters():
        data = _predict(params, _apply_filter(name, params, data, budget))
    stream.data = data
    stream.rawdata = None


_install_lock = threading.Lock()
_installed = False


def _install() -> None:
    """Route ``PDFStream.decode`` through the budget of the current load (once per process).
    Outside :func:`bounded_decoding` pdfminer's own decoder runs unchanged."""
    global _installed
    with _install_lock:
        if _installed:
            return
        from pdfminer.pdftypes import PDFStream

        original = PDFStream.decode

        @functools.wraps(original)
        def decode(self: PDFStream) -> None:
            budget = _BUDGET.get()
            if budget is None:
                original(self)
            else:
                _decode_within(self, budget)

        PDFStream.decode = decode  # type: ignore[method-assign]  # the patch is the point (see above)
        _installed = True


def bounded_decoding(
    load_bytes: Callable[Concatenate[bytes, str, _P], _R],
) -> Callable[Concatenate[bytes, str, _P], _R]:
    """Decorate a ``load_bytes(data, path)`` so every PDF stream it decodes shares one budget
    of ``MAX_UNPACKED_BYTES``; once spent, the load raises :class:`ArchiveTooLargeError`
    whatever pdfminer made of the error on its way out."""

    @functools.wraps(load_bytes)
    def load(data: bytes, path: str, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        _install()
        budget = _Budget(path, _limit())
        token = _BUDGET.set(budget)
        try:
            article = load_bytes(data, path, *args, **kwargs)
        except Exception:
            if budget.spent:
                raise _too_large(path) from None
            raise
        finally:
            _BUDGET.reset(token)
        if budget.spent:
            raise _too_large(path)
        return article

    return load
