"""Hostile and broken files: each ends in the project's error or a correct result, never a
traceback, a network request, a leaked local file or a blown memory budget."""

from __future__ import annotations

import io
import os
import struct
import threading
import time
import tracemalloc
import urllib.request
import zipfile
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from _loader_samples import (
    chapter_xhtml,
    make_docx,
    make_epub,
    make_pdf,
    news_html,
    replace_member,
    two_chapter_epub,
    zip_bomb_docx,
)

from reader.core import errors
from reader.core.loaders import MAX_FILE_BYTES, load

SECRET = "TOP-SECRET-4f9c1e-never-show"


def raises(exc_type: type[errors.ReaderError], path: Path) -> errors.ReaderError:
    with pytest.raises(exc_type) as info:
        load(path)
    err = info.value
    message = str(err)
    assert "\n" not in message
    assert os.fspath(path) in message
    assert f"[{exc_type.code}]" in message
    return err


def test_hostile_error_codes_are_unique():
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.ReaderError)]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes))


def test_hostile_missing_path(tmp_path):
    raises(errors.FileMissingError, tmp_path / "nope.txt")


def test_hostile_directory(tmp_path):
    d = tmp_path / "folder.txt"
    d.mkdir()
    raises(errors.IsADirectoryReaderError, d)


def test_hostile_empty_file(tmp_path):
    p = tmp_path / "empty.html"
    p.write_bytes(b"")
    raises(errors.EmptyFileError, p)


def test_hostile_blank_text_file(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_bytes(b"  \n\r\n\t\n")
    raises(errors.NoTextError, p)


def test_hostile_too_large_refused_unread(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:  # sparse: no disk space used
        f.truncate(MAX_FILE_BYTES + 1)
    tracemalloc.start()
    try:
        raises(errors.FileTooLargeError, p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # refused from its size: never read


def test_hostile_fifo_is_not_opened(tmp_path):
    p = tmp_path / "pipe.txt"
    os.mkfifo(p)
    raises(errors.UnsupportedFormatError, p)  # opening a pipe would block; it is refused first


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_hostile_binary_junk_as_text(tmp_path, suffix):
    p = tmp_path / f"junk{suffix}"
    p.write_bytes(bytes(range(256)) * 64)
    raises(errors.NotTextError, p)


def test_hostile_unknown_binary_is_unsupported(tmp_path):
    p = tmp_path / "photo.jpg"
    p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(3000))
    raises(errors.UnsupportedFormatError, p)


def test_hostile_text_renamed_docx(tmp_path):
    p = tmp_path / "notes.docx"
    p.write_text("These are just notes, saved with the wrong extension.\n", encoding="utf-8")
    err = raises(errors.CorruptArchiveError, p)
    assert "plain text" in str(err)


def test_hostile_other_zip_named_docx(tmp_path):
    p = tmp_path / "sheet.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    raises(errors.CorruptArchiveError, p)


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_hostile_truncated_epub(tmp_path, cut):
    good = two_chapter_epub(tmp_path / "good.epub").read_bytes()
    p = tmp_path / "cut.epub"
    p.write_bytes(good[: int(len(good) * cut)])
    raises(errors.CorruptArchiveError, p)


def test_hostile_truncated_docx(tmp_path):
    good = make_docx(tmp_path / "good.docx").read_bytes()
    p = tmp_path / "cut.docx"
    p.write_bytes(good[: len(good) // 2])
    raises(errors.CorruptArchiveError, p)


def test_hostile_garbage_pdf(tmp_path):
    p = tmp_path / "garbage.pdf"
    p.write_bytes(os.urandom(5000))
    raises(errors.CorruptDocumentError, p)


def test_hostile_truncated_pdf_says_it_is_cut_short(tmp_path):
    whole = make_pdf(["The council voted on the barrier today. " * 20] * 5, compress=True)
    for share in (0.5, 0.95):
        p = tmp_path / f"cut{share}.pdf"
        p.write_bytes(whole[: int(len(whole) * share)])
        err = raises(errors.CorruptDocumentError, p)
        assert "cut short" in str(err) and "PSEOF" not in str(err)


def test_hostile_pdf_header_with_garbage_body(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n" + os.urandom(4000))
    raises(errors.CorruptDocumentError, p)


def test_hostile_pdf_bomb_refused(tmp_path):
    p = tmp_path / "bomb.pdf"
    p.write_bytes(make_pdf(["Visible text."], padding=256 * 1024 * 1024))
    assert p.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        raises(errors.ArchiveTooLargeError, p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # inflated in pieces and thrown away, never held whole


def test_hostile_truncated_pdf_keeps_error_or_text(tmp_path):
    good = make_pdf(["A complete paragraph of text in the document."])
    p = tmp_path / "cut.pdf"
    p.write_bytes(good[: len(good) * 2 // 3])
    try:
        article = load(p)
    except errors.ReaderError as exc:
        assert isinstance(exc, errors.CorruptDocumentError | errors.NoTextError)
    else:  # pdfminer can recover a file whose cross-reference table is cut off
        assert article.text == "A complete paragraph of text in the document."


@contextmanager
def _as_unprivileged_user():
    """Root reads any file whatever its mode; to test the real permission check we drop the
    effective uid to 'nobody' (65534) for the duration, and restore it afterwards."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_hostile_no_read_permission(tmp_path):
    # tmp_path's parents are private to root; nobody needs to reach the file to be refused it
    os.chmod(tmp_path, 0o755)
    for parent in tmp_path.parents:
        if str(parent).startswith("/tmp/pytest-of-"):
            os.chmod(parent, os.stat(parent).st_mode | 0o711)
    p = tmp_path / "secret.txt"
    p.write_text("private notes\n", encoding="utf-8")
    os.chmod(p, 0o000)
    try:
        with _as_unprivileged_user():
            assert not os.access(p, os.R_OK, effective_ids=True)  # the kernel really refuses
            raises(errors.PermissionReaderError, p)
    finally:
        os.chmod(p, 0o644)


# --- zip bombs and lying zip headers ------------------------------------------------------------


@pytest.fixture(scope="module")
def bomb_docx(tmp_path_factory) -> Path:
    return zip_bomb_docx(tmp_path_factory.mktemp("bomb") / "bomb.docx")


def test_hostile_zip_bomb_docx_refused_fast(bomb_docx):
    assert bomb_docx.stat().st_size < 2 * 1024 * 1024  # 300 MB of one byte, packed
    tracemalloc.start()
    try:
        with pytest.raises(errors.ArchiveTooLargeError) as info:
            load(bomb_docx)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # the file itself (~1.4 MB) and change, never the 300 MB
    assert "word/document.xml" in str(info.value)


def test_hostile_zip_bomb_epub_refused(tmp_path):
    p = two_chapter_epub(tmp_path / "bomb.epub")
    with zipfile.ZipFile(p, "a", zipfile.ZIP_DEFLATED) as z, z.open("OEBPS/filler.xhtml", "w") as f:
        for _ in range(40):
            f.write(b" " * (1 << 20))
    tracemalloc.start()
    try:
        raises(errors.ArchiveTooLargeError, p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # refused from the zip directory, the 40 MB never unpacked


def _patch_uncompressed_size(data: bytes, name: bytes, new_size: int) -> bytes:
    """Rewrite a member's declared uncompressed size in its local header and the central directory."""
    buf = bytearray(data)
    local = buf.find(b"PK\x03\x04" + buf[4:4])  # first local header
    while local != -1:
        name_len = struct.unpack_from("<H", buf, local + 26)[0]
        if bytes(buf[local + 30 : local + 30 + name_len]) == name:
            struct.pack_into("<I", buf, local + 22, new_size)
            break
        local = buf.find(b"PK\x03\x04", local + 4)
    central = buf.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", buf, central + 28)[0]
        if bytes(buf[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", buf, central + 24, new_size)
        central = buf.find(b"PK\x01\x02", central + 4)
    return bytes(buf)


def test_hostile_zip_member_lying_about_its_size(tmp_path):
    """A member that says 1 KB but inflates to 20 MB: passes the directory checks, then the
    capped read stops it at its declared size instead of unpacking it."""
    base = make_docx(tmp_path / "base.docx").read_bytes()
    bloated = replace_member(base, "word/document.xml", b"<w:document/>" + b" " * (20 * 1024 * 1024))
    p = tmp_path / "liar.docx"
    p.write_bytes(_patch_uncompressed_size(bloated, b"word/document.xml", 1024))
    with zipfile.ZipFile(p) as z:
        assert z.getinfo("word/document.xml").file_size == 1024
    tracemalloc.start()
    try:
        with pytest.raises(errors.ReaderError) as info:
            load(p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(info.value, errors.CorruptArchiveError | errors.ArchiveTooLargeError)
    assert peak < 8 * 1024 * 1024


# --- external entities ---------------------------------------------------------------------------


@pytest.fixture
def secret_file(tmp_path) -> Path:
    p = tmp_path / "secret.txt"
    p.write_text(SECRET, encoding="utf-8")
    return p


def _xxe_doctype(secret_file: Path, root: str = "html") -> str:
    return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'


def test_hostile_epub_external_entity_in_chapter(tmp_path, secret_file):
    ch = chapter_xhtml("Leak", ["Before &xxe; after."], doctype=_xxe_doctype(secret_file))
    p = make_epub(tmp_path / "xxe.epub", [("a.xhtml", ch)], ["a.xhtml"])
    article = load(p)
    assert SECRET not in article.text
    assert "Before after." in article.text


def test_hostile_epub_external_entity_in_opf(tmp_path, secret_file):
    ch = chapter_xhtml("Chapter", ["Plain chapter."])
    p = make_epub(
        tmp_path / "xxe-opf.epub",
        [("a.xhtml", ch)],
        ["a.xhtml"],
        title="&xxe;",
        opf_extra=_xxe_doctype(secret_file, "package"),
    )
    try:
        article = load(p)
    except errors.ReaderError as exc:
        assert SECRET not in str(exc)
    else:
        assert SECRET not in article.text
        assert SECRET not in (article.title or "")


def test_hostile_epub_entity_expansion_not_performed(tmp_path):
    lol = '<!ENTITY a "LOLLOLLOLLOLLOLLOLLOLLOLLOL">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    ch = chapter_xhtml("Laughs", ["Start &i; end."], doctype=f"<!DOCTYPE html [{lol}]>")
    p = make_epub(tmp_path / "lol.epub", [("a.xhtml", ch)], ["a.xhtml"])
    article = load(p)
    assert "LOL" not in article.text  # refused by the XML parser, then read without the DTD
    assert "Start" in article.text and "end." in article.text
    assert "ENTITY" not in article.text and "]>" not in article.text


def test_hostile_docx_external_entity_refused(tmp_path, secret_file):
    base = make_docx(tmp_path / "base.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    decl, rest = xml.split("?>", 1)
    evil = f"{decl}?>{_xxe_doctype(secret_file, 'w:document')}{rest}".replace(
        "Revenue rose", "&xxe; Revenue rose"
    )
    p = tmp_path / "xxe.docx"
    p.write_bytes(replace_member(base, "word/document.xml", evil.encode("utf-8")))
    err = raises(errors.MalformedMarkupError, p)
    assert SECRET not in str(err)

    # second line of defence: python-docx itself, given the file, does not resolve the entity
    import docx

    text = "\n".join(par.text for par in docx.Document(str(p)).paragraphs)
    assert "Quarterly Report" in text
    assert SECRET not in text


@pytest.mark.parametrize("suffix", [".xhtml", ".html"])
def test_hostile_html_external_entity(tmp_path, secret_file, suffix):
    page = chapter_xhtml("Page", ["Before &xxe; after, in a paragraph of the page."])
    page = page.replace("\n\n", "\n" + _xxe_doctype(secret_file) + "\n", 1)
    p = tmp_path / f"xxe{suffix}"
    p.write_text(page, encoding="utf-8")
    article = load(p)
    assert SECRET not in article.text
    assert "after, in a paragraph of the page." in article.text


# --- HTML never fetches ----------------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        body = b"<p>REMOTE_CONTENT_MUST_NOT_SHOW</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recording_server():
    _Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()


def test_hostile_html_fetches_nothing(tmp_path, recording_server, nlp):
    from reader.nlp.pipeline import analyze

    base, requests = recording_server
    resources = f"""
<link rel="prefetch" href="{base}/prefetch"><link rel="preload" href="{base}/preload" as="script">
<link rel="dns-prefetch" href="{base}/dns"><link rel="icon" href="{base}/favicon.ico">
<meta http-equiv="refresh" content="0; url={base}/refresh"><base href="{base}/base/">
<style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}</style>
<script src="{base}/head.js"></script><script>fetch("{base}/inline-fetch"); SCRIPT_RAN = 1;</script>
"""
    body_extra = f"""
<img src="{base}/photo.jpg" srcset="{base}/photo-2x.jpg 2x" alt="a photo">
<iframe src="{base}/frame.html"></iframe><object data="{base}/object.swf"></object>
<video poster="{base}/poster.jpg" src="{base}/video.mp4"></video><embed src="{base}/embed">
<img src="x" onerror="fetch('{base}/onerror')">
"""
    page = news_html(base).replace("</head>", resources + "</head>")
    page = page.replace("</article>", body_extra + "</article>")
    p = tmp_path / "remote.html"
    p.write_text(page, encoding="utf-8")
    article = load(p)
    analysis = analyze(article)
    for junk in ("SCRIPT_TEXT", "SCRIPT_RAN", "fetch(", "REMOTE_CONTENT", "trackingSecret"):
        assert junk not in article.text
    assert "The city council approved a budget" in article.text
    assert analysis.article.text == article.text
    time.sleep(0.2)  # give any stray request time to arrive
    assert requests == []
    # the recorder does record: one deliberate request shows up
    with urllib.request.urlopen(f"{base}/control", timeout=5) as resp:
        assert b"REMOTE_CONTENT" in resp.read()
    assert requests == ["/control"]


def test_hostile_malformed_html_yields_text(tmp_path):
    p = tmp_path / "mess.html"
    p.write_bytes(
        b"<<html><body <p>Broken <b>start</i>\x00 of the <div <p>story & more</td></tr></table>"
        b"<!-- unclosed comment <p>gone?"
    )
    try:
        article = load(p)
    except errors.ReaderError as exc:
        assert isinstance(exc, errors.NoTextError | errors.MalformedMarkupError)
    else:
        assert "Broken" in article.text or "story" in article.text


@pytest.mark.parametrize("depth", [200, 5000])
def test_hostile_deeply_nested_html(tmp_path, depth):
    p = tmp_path / "deep.html"
    p.write_text(
        "<html><body><p>Shallow text.</p>"
        + "<div>" * depth
        + "Deep text."
        + "</div>" * depth
        + "</body></html>"
    )
    article = load(p)
    assert "Shallow text." in article.text
    if depth <= 250:  # libxml2 stops building the tree at 256 levels; deeper content is dropped
        assert "Deep text." in article.text
