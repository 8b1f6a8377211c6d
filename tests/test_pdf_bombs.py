"""PDF bombs whatever the stream's header: a Flate stream with a small window, LZW, chained
filters, and many streams each under the limit. Every bomb inflates to about 1 GiB and
must be refused with ArchiveTooLargeError, fast and without holding it: each load runs in
a child process, which reports its own time and peak memory (VmHWM).

The bombs are built cheaply: a deflate block after a full flush does not depend on what
came before, so one compressed 4 MB piece is repeated; the LZW codes are written directly.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from reader.core import errors
from reader.core.loaders import MAX_UNPACKED_BYTES, load
from reader.core.loaders._pdfstreams import check_streams

GIB = 1 << 30
_CHUNK = 4 << 20
_TEXT = b"BT /F1 12 Tf 72 700 Td (Hidden behind a bomb.) Tj ET\n"


def pdf_with_streams(streams: list[tuple[bytes, bytes]]) -> bytes:
    """A one-page PDF whose /Contents are ``streams``: (extra dictionary entries, raw bytes)."""
    first = 5
    contents = b"[" + b" ".join(b"%d 0 R" % (first + i) for i in range(len(streams))) + b"]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents " + contents + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for extra, raw in streams:
        objects.append(b"<< /Length %d %s >>\nstream\n" % (len(raw), extra) + raw + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def deflate_bomb(size: int, *, wbits: int = 13, prefix: bytes = _TEXT) -> bytes:
    """A zlib stream (window 2**wbits: header 0x58 for 13) of ``prefix`` then ``size`` spaces."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    spaces = b" " * _CHUNK
    piece = packer.compress(spaces) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.flush()[:-4]  # the final block; the checksum is recomputed for the whole
    check = zlib.adler32(prefix)
    for _ in range(size // _CHUNK):
        check = zlib.adler32(spaces, check)
    return head + piece * (size // _CHUNK) + tail + check.to_bytes(4, "big")


def _lzw_codes(codes: list[tuple[int, int]]) -> bytes:
    acc = bits = 0
    for code, width in codes:
        acc, bits = (acc << width) | code, bits + width
    pad = -bits % 8
    return (acc << pad).to_bytes((bits + pad) // 8, "big")


def lzw_bomb(size: int) -> bytes:
    """LZW codes for at least ``size`` spaces: after a clear code, each next code is the newest
    table entry, one byte longer than the last; the table is cleared before it is full. Code
    widths grow one code early (/EarlyChange 1, the default)."""
    cycle = [(256, 12), (32, 9)]  # a clear code follows a full cycle, so it is 12 bits wide
    width, table, spaces = 9, 258, 1
    while table < 4094:
        cycle.append((table, width))
        spaces += table - 256
        table += 1
        if table + 1 >= 1 << width:
            width += 1
    # eight cycles end on a byte boundary, so eight cycles' bytes can be repeated; the file
    # opens with 9-bit codes, and four 9-bit clear codes take the place of one 12-bit one
    group = _lzw_codes(cycle * 8)
    first = _lzw_codes([(256, 9)] * 4 + cycle[1:] + cycle * 7)
    assert len(first) == len(group) + 3
    groups = -(-size // (spaces * 8))
    return first + group * (groups - 1) + _lzw_codes([(257, 12)])


def lzw_literal(text: bytes) -> bytes:
    """A short LZW stream that codes every byte as itself (table entries grow but go unused)."""
    assert len(text) < 250  # the code width stays 9 bits
    return _lzw_codes([(256, 9), *((b, 9) for b in text), (257, 9)])


_CHILD = """
import json, sys, time
from reader.core import errors
from reader.core.loaders import load
t0 = time.perf_counter()
try:
    load(sys.argv[1])
    outcome = "loaded"
except errors.ReaderError as exc:
    outcome = type(exc).__name__ + ": " + str(exc)
elapsed = time.perf_counter() - t0
# VmHWM is this program's own peak; ru_maxrss would keep the forking parent's (Linux keeps it
# across exec), which is pytest's with the language model loaded
status = open("/proc/self/status").read()
peak_kb = int(status.split("VmHWM:")[1].split()[0])
print(json.dumps({"outcome": outcome, "seconds": elapsed, "peak_mb": peak_kb / 1024}))
"""


def load_in_child(path: Path) -> dict:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, cwd=root, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_refused_fast(path: Path) -> None:
    assert path.stat().st_size < 3 * 1024 * 1024
    result = load_in_child(path)
    assert result["outcome"].startswith("ArchiveTooLargeError"), result
    assert "decompression bomb" in result["outcome"]
    assert result["peak_mb"] < 500, result


def test_deflate_bomb_with_an_8k_window_is_refused(tmp_path):
    raw = deflate_bomb(GIB)
    assert raw[0] == 0x58  # not the 0x78 the old check looked for
    p = tmp_path / "window8k.pdf"
    p.write_bytes(pdf_with_streams([(b"/Filter /FlateDecode", raw)]))
    assert_refused_fast(p)


def test_lzw_bomb_is_refused(tmp_path):
    p = tmp_path / "lzw.pdf"
    p.write_bytes(pdf_with_streams([(b"/Filter /LZWDecode", lzw_bomb(GIB))]))
    assert_refused_fast(p)


def test_bomb_behind_ascii85_is_refused(tmp_path):
    """The pre-scan cannot see a zlib header under ASCII85: the bounded decoder must."""
    raw = base64.a85encode(deflate_bomb(GIB, wbits=15), adobe=True)
    p = tmp_path / "a85.pdf"
    p.write_bytes(pdf_with_streams([(b"/Filter [/ASCII85Decode /FlateDecode]", raw)]))
    assert_refused_fast(p)


def test_bomb_deflated_twice_is_refused(tmp_path):
    raw = zlib.compress(deflate_bomb(GIB, wbits=9), 9)
    p = tmp_path / "twice.pdf"
    p.write_bytes(pdf_with_streams([(b"/Filter [/FlateDecode /FlateDecode]", raw)]))
    assert_refused_fast(p)


def test_many_streams_each_under_the_limit_are_refused_together(tmp_path):
    each = MAX_UNPACKED_BYTES // 4
    raw = base64.a85encode(deflate_bomb(each, wbits=12), adobe=True)
    p = tmp_path / "many.pdf"
    p.write_bytes(pdf_with_streams([(b"/Filter [/A85 /Fl]", raw)] * 5))
    with pytest.raises(errors.ArchiveTooLargeError):
        load(p)


def test_pre_scan_refuses_any_window(tmp_path):
    for wbits in (9, 12, 15):
        data = pdf_with_streams(
            [(b"/Filter /FlateDecode", deflate_bomb(MAX_UNPACKED_BYTES + _CHUNK, wbits=wbits))]
        )
        with pytest.raises(errors.ArchiveTooLargeError, match="decompression bomb"):
            check_streams(data, "bomb.pdf")


def test_small_window_stream_still_reads(tmp_path):
    raw = deflate_bomb(0, wbits=13, prefix=_TEXT)
    assert raw[0] == 0x58
    p = tmp_path / "small.pdf"
    p.write_bytes(pdf_with_streams([(b"/Filter /FlateDecode", raw)]))
    assert load(p).text == "Hidden behind a bomb."


def test_lzw_and_chained_streams_still_read(tmp_path):
    text = b"BT /F1 12 Tf 72 700 Td (Coded in LZW.) Tj ET\n"
    chained = base64.a85encode(
        zlib.compress(b"BT /F1 12 Tf 72 600 Td (Then ASCII85 over Flate.) Tj ET\n"), adobe=True
    )
    hexed = zlib.compress(b"BT /F1 12 Tf 72 500 Td (And hex.) Tj ET\n").hex().encode() + b">"
    p = tmp_path / "filters.pdf"
    p.write_bytes(
        pdf_with_streams(
            [
                (b"/Filter /LZWDecode", lzw_literal(text)),
                (b"/Filter [/ASCII85Decode /FlateDecode]", chained),
                (b"/Filter [/AHx /FlateDecode]", hexed),
            ]
        )
    )
    assert load(p).text.split("\n\n") == ["Coded in LZW.", "Then ASCII85 over Flate.", "And hex."]


def test_damaged_checksum_keeps_the_text(tmp_path):
    raw = bytearray(deflate_bomb(0, wbits=15))
    raw[-1] ^= 0xFF
    p = tmp_path / "checksum.pdf"
    p.write_bytes(pdf_with_streams([(b"/Filter /FlateDecode", bytes(raw))]))
    assert load(p).text == "Hidden behind a bomb."


def test_png_predictor_stream_still_reads(tmp_path):
    """/DecodeParms with a PNG predictor (rows of "Sub" filter bytes) is undone after Flate."""
    content = b"BT /F1 12 Tf 72 700 Td (Rows behind a predictor.) Tj ET\n"
    columns = 8
    content += b" " * (-len(content) % columns)
    rows = [content[i : i + columns] for i in range(0, len(content), columns)]
    encoded = b"".join(  # filter 1 (Sub): each byte minus the one to its left
        b"\x01" + bytes((row[j] - (row[j - 1] if j else 0)) % 256 for j in range(columns)) for row in rows
    )
    extra = b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns %d >>" % columns
    p = tmp_path / "predictor.pdf"
    p.write_bytes(pdf_with_streams([(extra, zlib.compress(encoded))]))
    assert load(p).text == "Rows behind a predictor."
