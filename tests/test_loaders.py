"""Each loader on small files the tests write themselves; blocks index the text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _loader_samples import (
    NEWS_PARAGRAPHS,
    chapter_xhtml,
    make_docx,
    make_epub,
    make_pdf,
    news_html,
    two_chapter_epub,
)

from reader.core.errors import NotTextError, UnsupportedFormatError
from reader.core.loaders import load
from reader.core.model import Article


def check_blocks(article: Article) -> None:
    """Blocks are in order, do not overlap, lie inside the text and hold trimmed, non-empty text."""
    last_end = 0
    for b in article.blocks:
        assert 0 <= last_end <= b.start < b.end <= len(article.text), b
        piece = article.text[b.start : b.end]
        assert piece.strip() == piece and piece, b
        assert b.kind in ("heading", "paragraph")
        assert (b.level >= 1) if b.kind == "heading" else (b.level == 0)
        last_end = b.end


def block_texts(article: Article, kind: str | None = None) -> list[str]:
    return [article.text[b.start : b.end] for b in article.blocks if kind is None or b.kind == kind]


# --- plain text ----------------------------------------------------------------------------


def test_loaders_txt_seed_exact(seed_path):
    article = load(seed_path)
    raw = seed_path.read_bytes().decode("utf-8")
    assert article.text == raw.replace("\r\n", "\n")
    assert article.title is None
    assert article.format == "txt"
    assert article.encoding == "utf-8"
    assert len(article.blocks) == sum(1 for line in raw.split("\n") if line.strip())
    check_blocks(article)


def test_loaders_txt_newlines_normalised_lines_kept(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"  Indented first line\r\nsecond\rthird\n\n\ntrailer   \r\n")
    article = load(p)
    assert article.text == "  Indented first line\nsecond\nthird\n\n\ntrailer   \n"
    assert block_texts(article) == ["Indented first line", "second", "third", "trailer"]
    check_blocks(article)


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
     ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")],
)  # fmt: skip
def test_loaders_txt_bom_removed(tmp_path, encoding, bom):
    text = "Zoë said “déjà vu” – 5 €.\nSecond line.\n"
    p = tmp_path / "bom.txt"
    p.write_bytes(bom + text.encode(encoding))
    assert load(p).text == text


def test_loaders_txt_cp1252(tmp_path):
    text = "The minister said “we will not pay” – a €5 million fee; café owners protested.\nNaïve.\n"
    p = tmp_path / "legacy.txt"
    p.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    article = load(p)
    assert article.text == text
    assert article.encoding == "cp1252"


def test_loaders_txt_latin1(tmp_path):
    text = "Le ministre a déclaré que l'été sera chaud à Montréal. Garçon, où est la clé ?\n"
    p = tmp_path / "latin1.txt"
    p.write_bytes(text.encode("latin-1"))
    assert load(p).text == text


def test_loaders_txt_cyrillic_cp1251(tmp_path):
    text = "Министр заявил, что бюджет вырастет на пять процентов в следующем году.\n"
    p = tmp_path / "ru.txt"
    p.write_bytes(text.encode("cp1251"))
    assert load(p).text == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_loaders_txt_utf16_without_bom(tmp_path, encoding):
    text = "Plain news text about the minister.\nDéjà vu, she said.\n"
    p = tmp_path / "u16.txt"
    p.write_bytes(text.encode(encoding))
    article = load(p)
    assert article.text == text
    assert article.encoding == encoding


def test_loaders_txt_invalid_bytes_replaced(tmp_path):
    p = tmp_path / "broken.txt"
    p.write_bytes("Café society — a report.\n".encode() + b"A stray \xff byte.\n" + "Ünïcode end.\n".encode())
    article = load(p)
    assert article.text == "Café society — a report.\nA stray \ufffd byte.\nÜnïcode end.\n"


def test_loaders_txt_one_300kb_line(tmp_path):
    line = ("The council voted again on the budget. " * 8000)[:300_000]
    p = tmp_path / "long.txt"
    p.write_text(line, encoding="utf-8")
    article = load(p)
    assert article.text == line
    assert len(article.blocks) == 1
    check_blocks(article)


def test_loaders_txt_5mb_article(tmp_path):
    para = "Officials said the plan would cost 3.2 million dollars, according to the report. " * 12
    text = "\n\n".join([para.strip()] * 5200)
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    assert p.stat().st_size > 5_000_000
    article = load(p)
    assert article.text == text
    assert len(article.blocks) == 5200
    check_blocks(article)


# --- markdown --------------------------------------------------------------------------------


def test_loaders_md_headings_blocks_and_title(tmp_path):
    p = tmp_path / "note.md"
    p.write_text(
        "# Election *night*\n\nTurnout was **62 percent**, the [commission](http://x.invalid) said.\n"
        "It was a record.\n\n## Results\n\n- Party A won 41 seats\n- Party B won 30\n\n"
        "```\ncode  kept\n```\n",
        encoding="utf-8",
    )
    article = load(p)
    assert article.format == "md"
    assert article.title == "Election night"
    kinds = [(b.kind, b.level) for b in article.blocks]
    assert kinds[:3] == [("heading", 1), ("paragraph", 0), ("heading", 2)]
    assert block_texts(article) == [
        "Election night",
        "Turnout was 62 percent, the commission said. It was a record.",
        "Results",
        "Party A won 41 seats",
        "Party B won 30",
        "code  kept",
    ]
    assert "**" not in article.text and "http" not in article.text
    check_blocks(article)


# --- HTML ------------------------------------------------------------------------------------


def test_loaders_html_news_page_main_content_and_metadata(tmp_path):
    p = tmp_path / "story.html"
    p.write_text(news_html(), encoding="utf-8")
    article = load(p)
    assert article.format == "html"
    assert article.title == "Council approves budget"
    assert article.author == "Jane Reporter"
    assert article.date == "2024-03-05"
    assert article.publisher == "The Daily Example"
    for para in NEWS_PARAGRAPHS:
        assert para in block_texts(article, "paragraph")
    assert ("Bus lines stay", 2) in [(article.text[b.start : b.end], b.level) for b in article.blocks]
    for junk in ("SCRIPT_TEXT", "STYLE_TEXT", "NAVIGATION", "ADVERT", "FOOTER", "trackingSecret"):
        assert junk not in article.text
    check_blocks(article)


def test_loaders_html_small_page_still_yields_text(tmp_path):
    p = tmp_path / "tiny.htm"
    p.write_text("<html><head><title>Note</title></head><body><p>Short note.</p></body></html>")
    article = load(p)
    assert "Short note." in article.text
    assert article.title == "Note"


def test_loaders_html_malformed_markup_still_yields_text(tmp_path):
    p = tmp_path / "bad.html"
    p.write_text(
        "<html><body><div><p>First <b>bold <i>claim</p></span> the mayor said <table><tr><td>cell"
        "<p>Second paragraph with no end<script>hidden()</script>",
        encoding="utf-8",
    )
    article = load(p)
    assert "First bold claim" in article.text
    assert "Second paragraph with no end" in article.text
    assert "hidden()" not in article.text
    check_blocks(article)


def test_loaders_html_declared_legacy_charset(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Caf\xe9</title></head><body><article><p>The caf\xe9 owner said \u201cno\u201d to the "
        "\u20ac2 fee, which the council had proposed in a long and heated meeting on Monday night."
        "</p></article></body></html>"
    )
    p = tmp_path / "legacy.html"
    p.write_bytes(page.encode("cp1252"))
    article = load(p)
    assert "The café owner said “no” to the €2 fee" in article.text


def test_loaders_xhtml_extension(tmp_path):
    p = tmp_path / "page.xhtml"
    p.write_text(chapter_xhtml("A Heading", ["A paragraph of the page."]), encoding="utf-8")
    article = load(p)
    assert "A paragraph of the page." in article.text


# --- EPUB ------------------------------------------------------------------------------------


def test_loaders_epub_chapters_in_spine_order(tmp_path):
    article = load(two_chapter_epub(tmp_path / "book.epub"))
    assert article.format == "epub"
    assert article.title == "Two Chapters"
    assert article.author == "A. Writer"
    assert block_texts(article) == [
        "Chapter One",
        "The first chapter starts the story.",
        "It has two paragraphs.",
        "Chapter Two",
        "The second chapter ends the story.",
    ]
    assert [b.kind for b in article.blocks] == ["heading", "paragraph", "paragraph", "heading", "paragraph"]
    check_blocks(article)


def test_loaders_epub_xhtml_dtd_and_html_entities(tmp_path):
    doctype = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">'
    )
    para = "Fish&nbsp;&amp;&nbsp;chips cost &pound;5 &mdash; cheap."
    ch = chapter_xhtml("Entities", [para], doctype=doctype)
    article = load(make_epub(tmp_path / "e.epub", [("a.xhtml", ch)], ["a.xhtml"]))
    assert "Fish & chips cost £5 — cheap." in article.text  # no-break spaces shown as spaces


# --- DOCX ------------------------------------------------------------------------------------


def test_loaders_docx_headings_paragraphs_table(tmp_path):
    article = load(make_docx(tmp_path / "report.docx"))
    assert article.format == "docx"
    assert article.title == "Quarterly Report"
    assert article.author == "Sam Analyst"
    kinds = [(b.kind, b.level) for b in article.blocks]
    assert kinds == [("heading", 1), ("paragraph", 0), ("heading", 2)] + [("paragraph", 0)] * 3
    assert block_texts(article)[3] == '"We expect a calmer year," said chief executive Ana Silva.'
    assert block_texts(article)[4:] == ["Region | Sales", "North | 1.2 billion"]
    check_blocks(article)


# --- PDF -------------------------------------------------------------------------------------


def test_loaders_pdf_text_layer_one_block_per_paragraph(tmp_path):
    import pypdf

    paras = [
        "The agency reported that exports fell by 3.4 percent in the third quarter, the steepest drop "
        "since the pandemic, and warned of further weakness.",
        '"This is a temporary dip," the trade minister told reporters on Friday.',
    ]
    p = tmp_path / "brief.pdf"
    p.write_bytes(make_pdf(paras, title="Trade Brief", author="Statistics Office"))
    assert len(pypdf.PdfReader(str(p)).pages) == 1  # an independent reader accepts the file
    article = load(p)
    assert article.format == "pdf"
    assert article.title == "Trade Brief"
    assert article.author == "Statistics Office"
    assert block_texts(article) == paras
    check_blocks(article)


def test_loaders_pdf_compressed_stream(tmp_path):
    p = tmp_path / "packed.pdf"
    p.write_bytes(make_pdf(["A compressed content stream.", "Second paragraph."], compress=True))
    assert b"/FlateDecode" in p.read_bytes()
    assert block_texts(load(p)) == ["A compressed content stream.", "Second paragraph."]


# --- sniffing and general behaviour ------------------------------------------------------------


def test_loaders_sniff_other_extensions(tmp_path):
    (tmp_path / "notes.log").write_text("Just some words about the %PDF-1.4 header.\n", encoding="utf-8")
    assert load(tmp_path / "notes.log").format == "txt"
    saved = "<!-- saved from url=(0026)http://example.invalid/ -->\n" + news_html()
    (tmp_path / "saved.aspx").write_text(saved, encoding="utf-8")
    assert load(tmp_path / "saved.aspx").title == "Council approves budget"
    (tmp_path / "paper.bin").write_bytes(make_pdf(["Sniffed as a PDF."]))
    assert load(tmp_path / "paper.bin").text == "Sniffed as a PDF."
    two_chapter_epub(tmp_path / "book.zip")
    assert load(tmp_path / "book.zip").format == "epub"
    make_docx(tmp_path / "report.dat")
    assert load(tmp_path / "report.dat").format == "docx"
    (tmp_path / "page.php").write_text(news_html(), encoding="utf-8")
    assert load(tmp_path / "page.php").format == "html"
    (tmp_path / "image.xyz").write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormatError):
        load(tmp_path / "image.xyz")


def test_loaders_uppercase_extension(tmp_path):
    p = tmp_path / "STORY.HTML"
    p.write_text(news_html(), encoding="utf-8")
    assert load(p).format == "html"


def test_loaders_binary_txt_is_not_text(tmp_path):
    p = tmp_path / "junk.txt"
    p.write_bytes(os.urandom(4096))
    with pytest.raises(NotTextError):
        load(p)


def test_loaders_nothing_written_next_to_source(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Plain text.\n", encoding="utf-8")
    (src / "b.md").write_text("# T\n\nBody.\n", encoding="utf-8")
    (src / "c.html").write_text(news_html(), encoding="utf-8")
    two_chapter_epub(src / "d.epub")
    make_docx(src / "e.docx")
    (src / "f.pdf").write_bytes(make_pdf(["A paragraph."]))
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in src.iterdir()}
    for p in sorted(src.iterdir()):
        os.chmod(p, 0o444)
        load(p)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in src.iterdir()}
    assert after == before


def test_loaders_every_format_keeps_offsets(tmp_path, seed_path):
    files = [seed_path, two_chapter_epub(tmp_path / "b.epub"), make_docx(tmp_path / "r.docx")]
    (tmp_path / "s.html").write_text(news_html(), encoding="utf-8")
    (tmp_path / "n.md").write_text("# T\n\nA *b* c.\n\n> quoted\n> text\n", encoding="utf-8")
    (tmp_path / "p.pdf").write_bytes(make_pdf(["One.", "Two."]))
    files += [tmp_path / "s.html", tmp_path / "n.md", tmp_path / "p.pdf"]
    for path in files:
        article = load(Path(path))
        assert article.source == os.fspath(path)
        assert article.blocks
        check_blocks(article)


def test_text_date_from_the_opening_lines_only(tmp_path):
    """A text file's date is read from its opening (a date line, a byline, a dateline's head),
    written as ISO; a date inside the story is what it is about, never its date."""
    from reader.core.loaders.text import opening_date

    assert opening_date("Headline\n\nBy Jane Doe | 7 March 2024\n\nText.") == "2024-03-07"
    assert opening_date("Title\nPublished: Sept. 3, 2019\nThe body.") == "2019-09-03"
    assert opening_date("Title\n2021-11-30\nBody.") == "2021-11-30"
    long_dateline = "PORT ALDER, March 7, 2024 — The council voted 9 to 4 " + "on a barrier " * 10
    assert opening_date(long_dateline) == "2024-03-07"
    story = "Title\n\nThe council said on March 7, 2024 that it would vote " + "again and again " * 8
    assert opening_date(story) is None
    assert opening_date("Title\n2024-13-45\nBody.") is None  # no such month or day
    assert opening_date("Title\nMarch 7\nBody.") is None  # no year: not a date we can say
    path = tmp_path / "story.txt"
    path.write_text(
        "Council approves the barrier.\n\nMarch 7, 2024\n\nThe council voted.\n", encoding="utf-8"
    )
    assert load(str(path)).date == "2024-03-07"


def test_a_page_with_almost_no_text_says_so(tmp_path):
    """A page whose extraction leaves a caption and little else loads, with a warning the window
    and the command line show: the article may be built by a script or live elsewhere."""
    from reader.cli import main

    page = tmp_path / "gallery.html"
    page.write_text(
        "<html><head><title>Gallery</title></head><body><div id='app'></div><figure><img src='x.jpg'>"
        "<figcaption>The mayor of Port Alder opens the new flood barrier on the Wren estuary, watched "
        "by residents.</figcaption></figure><script>render()</script></body></html>",
        encoding="utf-8",
    )
    article = load(str(page))
    assert article.warning and "words of text found in the page" in article.warning
    assert article.text.strip()  # loaded all the same
    full = tmp_path / "full.html"
    full.write_text(
        f"<html><body><article><p>{'The council voted on the barrier. ' * 20}</p></article></body></html>"
    )
    assert load(str(full)).warning is None
    assert main(["text", str(page)]) == 0
