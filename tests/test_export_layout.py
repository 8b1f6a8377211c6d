"""Exports headed by the article's title, the PDF's metadata and recognisable structure, and
its pages: table rows never split by a page break, numbers never wrapped in a cell. On analyses
built by hand (no model), read back with pdfminer and poppler."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from _export_samples import figure_words, long_analysis, quote_words
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.utils import decode_text

from reader.core.headline import headline_block
from reader.core.model import Analysis, Article, Block, Figure
from reader.report.document import (
    EXPORT_SUBJECT,
    LEGEND_LABEL,
    article_title,
)
from reader.report.export import ExportOptions, write_export

TITLE = "Harbour city approves $48 million flood barrier"


def _pages(path: Path) -> list[str]:
    """Each page's text as pdftotext reads it (reading order, no layout)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _lines(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines() if line.strip()]


def _heading(lines: list[str]) -> str:
    """The first page's heading: its lines down to the "Source:" line."""
    return " ".join(lines[: next(i for i, line in enumerate(lines) if line.startswith("Source: "))])


def _info(path: Path) -> dict[str, str]:
    with open(path, "rb") as f:
        doc = PDFDocument(PDFParser(f))
        return {k: decode_text(v) if isinstance(v, bytes) else str(v) for k, v in doc.info[-1].items()}


@pytest.fixture(scope="module")
def qt_pdf():
    import reader.ui.pdf as pdf  # registers the PDF renderer with write_export

    pdf.ensure_app()
    return pdf


@pytest.fixture(scope="module")
def small():
    return long_analysis(4, 4)


# --- the title ---------------------------------------------------------------------------------


def test_export_title_in_every_format(small, qt_pdf, tmp_path):
    """The title, not the file name ("long_article"), heads every export; the headline block
    it comes from is not repeated in the text."""
    outs = {ext: tmp_path / f"out.{ext}" for ext in ("html", "md", "pdf", "json")}
    for out in outs.values():
        write_export(small, str(out), ExportOptions())
    html = outs["html"].read_text(encoding="utf-8")
    assert f"<title>{TITLE}</title>" in html
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", h1).split()) == TITLE
    assert html.count("flood barrier</span></h1>") + html.count("flood barrier</h1>") == 1
    assert '<meta name="author" content="Jane Doe">' in html
    md = outs["md"].read_text(encoding="utf-8").splitlines()
    assert md[0] == r"# Harbour city approves $48 million flood barrier"
    assert sum("flood barrier" in line and "approves" in line for line in md) == 1
    assert "long_article" not in md[0]
    pages = _pages(outs["pdf"])
    assert _heading(_lines(pages[0])) == TITLE  # the first heading
    assert " ".join(_lines(pages[0])[:-2]).count("approves $48 million") == 1  # above the footer
    assert _info(outs["pdf"])["Title"] == TITLE
    import json

    assert json.loads(outs["json"].read_text(encoding="utf-8"))["title"] == TITLE


def test_export_title_falls_back_to_headline_then_first_heading_then_stem():
    text = "Council votes for the barrier\n\nThe council voted on Tuesday.\n"
    plain = Article(
        text=text,
        blocks=(Block("paragraph", 0, 29), Block("paragraph", 31, 60)),
        source="/data/story_17.txt",
    )
    assert article_title(plain) == "Council votes for the barrier"  # a headline line
    assert headline_block(plain) == plain.blocks[0]
    sentence = Article(
        text="The council voted.\n\nMore text here.", blocks=(Block("paragraph", 0, 18),), source="/d/x.txt"
    )
    assert article_title(sentence) == "x"  # a sentence is not a headline: the file's stem
    story = "The council voted 9 to 4 on Tuesday to build a movable flood barrier across the estuary."
    stop = Article(
        text=f"Council approves the barrier.\n\n{story}",
        blocks=(Block("paragraph", 0, 29), Block("paragraph", 31, 31 + len(story))),
        source="/d/z.txt",
    )
    assert article_title(stop) == "Council approves the barrier."  # a headline with a full stop
    lede = Article(
        text=f"It rained. Then it stopped.\n\n{story}",
        blocks=(Block("paragraph", 0, 27), Block("paragraph", 29, 29 + len(story))),
        source="/d/z.txt",
    )
    assert article_title(lede) == "z"  # two sentences: a paragraph, not a headline
    short = Article(
        text="The council voted.\n\nIt did.",
        blocks=(Block("paragraph", 0, 18), Block("paragraph", 20, 27)),
        source="/d/z.txt",
    )
    assert article_title(short) == "z"  # nothing longer under it: a paragraph
    byline = Article(
        text="By Jane Doe\n\nThe council voted.",
        blocks=(Block("paragraph", 0, 11), Block("paragraph", 13, 31)),
    )
    assert headline_block(byline) is None and article_title(byline) == "Article"
    headed = Article(
        text="Intro text that runs on.\n\nBackground\n\nMore.",
        blocks=(Block("paragraph", 0, 24), Block("heading", 26, 36, 2), Block("paragraph", 38, 43)),
        source="/d/y.md",
    )
    assert article_title(headed) == "Background"  # the first heading
    assert headline_block(headed) is None  # not the first block: it stays in the text
    titled = Article(text="Intro.", title="  The  real\ntitle ", blocks=(Block("paragraph", 0, 6),))
    assert article_title(titled) == "The real title"


# --- the PDF's metadata and structure ----------------------------------------------------------


def test_export_pdf_metadata_title_author_subject_creator(small, qt_pdf, tmp_path):
    from reader import __version__

    out = tmp_path / "meta.pdf"
    qt_pdf.export_pdf(small, str(out), ExportOptions())
    info = _info(out)
    assert info["Title"] == TITLE
    assert info["Author"] == "Jane Doe"
    assert info["Subject"] == f"{EXPORT_SUBJECT} {__version__}"
    assert info["Subject"].startswith("Highlights exported by reader")
    assert info["Creator"] == "reader"
    listing = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Subject:\s+{EXPORT_SUBJECT} ", listing, re.M)
    assert re.search(r"^Author:\s+Jane Doe$", listing, re.M)
    import pypdf  # a second reader of the incremental update

    meta = pypdf.PdfReader(str(out)).metadata
    assert (meta.title, meta.author, meta.subject) == (TITLE, "Jane Doe", info["Subject"])
    xmp = out.read_bytes()
    assert b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Highlights exported by reader' in xmp


def test_export_pdf_metadata_without_author_and_with_other_scripts(qt_pdf, tmp_path):
    title = "Ústí nad Labem: «flood» barrier — 洪水"
    analysis = long_analysis(1, 1, title=title, author=None)
    out = tmp_path / "intl.pdf"
    qt_pdf.export_pdf(analysis, str(out), ExportOptions())
    info = _info(out)
    assert info["Title"] == title
    assert not info.get("Author")
    assert info["Subject"].startswith(EXPORT_SUBJECT)


def test_export_pdf_structure_is_recognisable(qt_pdf, tmp_path):
    """The order a reader of the export relies on: title, the source and export lines, the
    legend line, the article text, then "Quotes (N)" and "Figures (N)"; every page's footer
    is the title and "page N of M"."""
    analysis = long_analysis(30, 30)
    out = tmp_path / "structure.pdf"
    pages_n = qt_pdf.export_pdf(analysis, str(out), ExportOptions())
    pages = _pages(out)
    assert len(pages) == pages_n >= 3
    lines = _lines(pages[0])
    assert _heading(lines) == TITLE
    lines = lines[lines.index(next(x for x in lines if x.startswith("Source: "))) - 1 :]
    assert lines[1].startswith("Source: /nonexistent/long_article.html · Format: html · Author: Jane Doe")
    stamp = r"Exported \d{4}-\d\d-\d\d \d\d:\d\d by reader "
    assert re.match(r"\d[\d,]* words · \d+ entities · 30 quotes · 30 figures · " + stamp, lines[2])
    assert lines[3].startswith(LEGEND_LABEL)
    legend = " ".join(lines[3:7])  # its chips may come out as lines of their own
    assert legend.startswith(f"{LEGEND_LABEL} Speaker Person Organization")
    after = next(i for i, line in enumerate(lines) if line.startswith("\u201c"))
    assert " ".join(lines[3:after]).endswith("Quote")  # the legend's last chip, then the text
    assert lines[after].startswith("\u201cquoteopens0")
    everything = [line for p in pages for line in _lines(p)]
    quotes_at = everything.index("Quotes (30)")
    figures_at = everything.index("Figures (30)")
    first_quote_in_text = next(i for i, line in enumerate(everything) if "quoteopens0" in line)
    assert first_quote_in_text < quotes_at < figures_at
    assert not any("rowcloses29" in line for line in everything[quotes_at:figures_at])  # the text ended
    args = ["pdftotext", "-layout", str(out), "-"]
    laid_out = subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\f")[:-1]
    for number, page in enumerate(laid_out, 1):
        footer = _lines(page)[-1]  # one line: the title at the left, the page at the right
        assert footer == f"{TITLE} page {number} of {pages_n}"


# --- pages: rows kept whole, numbers kept on one line ------------------------------------------


def _page_of(pages: list[str], word: str) -> int:
    """The last page a word is on (the quotes and figures sections come after the text)."""
    found = [i for i, page in enumerate(pages) if re.search(rf"\b{word}\b", page)]
    assert found, word
    return found[-1]


def test_export_pdf_table_rows_never_split_across_pages(qt_pdf, tmp_path):
    """100 quotes (1 to 5 lines each) and 100 figure rows: every quote and every row of the
    figures table starts and ends on one page, and no page is left empty."""
    analysis = long_analysis(100, 100)
    out = tmp_path / "long.pdf"
    n = qt_pdf.export_pdf(analysis, str(out), ExportOptions())
    pages = _pages(out)
    assert len(pages) == n >= 20
    split = []
    for i in range(100):
        for opens, closes in (quote_words(i), figure_words(i)):
            if _page_of(pages, opens) != _page_of(pages, closes):
                split.append(opens)
    assert split == []
    for i, f in enumerate(analysis.figures):  # the value cell is on the row's page
        page = pages[_page_of(pages, figure_words(i)[0])]
        assert f"{f.value:,.10g}" in page
    assert all(len(_lines(p)) > 2 for p in pages), "a page with nothing but its footer"


def test_export_pdf_number_cells_are_not_wrapped(qt_pdf, tmp_path):
    """The numbers of a range in the Value column and an amount with spaces in "As written" and
    in the context stay on one line (they would wrap inside in their narrow columns)."""
    base = long_analysis(0, 4)  # the fourth figure is "$ 48 m"
    figs = list(base.figures)
    figs[0] = Figure(**{**_fields(figs[0]), "value": 1.25e9, "value_high": 2.5e9, "unit": "USD"})
    analysis = Analysis(article=base.article, figures=tuple(figs))
    out = tmp_path / "numbers.pdf"
    qt_pdf.export_pdf(analysis, str(out), ExportOptions())
    lines = [line for p in _pages(out) for line in _lines(p)]
    table = lines[lines.index("Figures (4)") :]
    # a range goes on two lines after its dash, a number is never cut
    assert any("1,250,000,000" in line for line in table), table
    assert any("2,500,000,000" in line for line in table), table
    assert sum("$ 48 m" in line for line in table) == 2, table  # "As written" and the context


def _fields(f: Figure) -> dict:
    return {name: getattr(f, name) for name in f.__dataclass_fields__}


def test_export_headline_heading_that_the_title_extends_is_shown_once(qt_pdf, tmp_path):
    import dataclasses

    base = long_analysis(2, 2)
    article = dataclasses.replace(base.article, title=f"{TITLE} - The Port Alder Gazette")
    analysis = dataclasses.replace(base, article=article)
    out = tmp_path / "gazette.html"
    write_export(analysis, str(out), ExportOptions())
    html = out.read_text(encoding="utf-8")
    assert f"<title>{TITLE} - The Port Alder Gazette</title>" in html
    body = re.sub(r"<[^>]+>", "", html.split("<body", 1)[1])
    assert body.count("approves $48 million flood barrier") == 1  # the h1 only


# --- pages cut from one layout -------------------------------------------------------------------


def _sections(n: int) -> Analysis:
    """A heading and a paragraph of 1 to 9 lines, ``n`` times: the headings fall at every
    height of a page, some of them near its end."""
    from _export_samples import FILLER

    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for i in range(n):
        for kind, text in (
            ("heading", f"Sectionhead{i} of the report"),
            ("paragraph", f"paraopens{i} " + " ".join([FILLER] * (1 + (i * 7) % 17)) + f" paracloses{i}."),
        ):
            parts.append(text)
            blocks.append(Block(kind, pos, pos + len(text), 2 if kind == "heading" else 0))
            pos += len(text) + 2
    text = "\n\n".join(parts) + "\n"
    return Analysis(article=Article(text=text, title="Sections", blocks=tuple(blocks), source="/x/s.txt"))


def test_export_pdf_headings_never_end_a_page(qt_pdf, tmp_path):
    """Every heading shares its page with the start of its paragraph, and every paragraph
    line is painted once (the pages are cut between lines, none is clipped)."""
    analysis = _sections(80)
    out = tmp_path / "sections.pdf"
    n = qt_pdf.export_pdf(analysis, str(out), ExportOptions())
    pages = _pages(out)
    assert len(pages) == n >= 10
    moved = 0
    for i in range(80):
        page = _page_of(pages, f"Sectionhead{i}")
        assert _page_of(pages, f"paraopens{i}") == page, f"heading {i} ends page {page + 1}"
        first = _lines(pages[page])[0]
        moved += page > 0 and first.startswith(f"Sectionhead{i} ")
    assert moved, "no page starts with a heading: the test no longer reaches a page's end"
    words = " ".join(_lines("\n".join(pages))).split()
    for i in range(80):
        assert words.count(f"paraopens{i}") == words.count(f"paracloses{i}.") == 1


def test_page_starts_keep_headings_and_cards_and_cut_what_is_taller_than_a_page(qt_pdf):
    unit = qt_pdf._Unit
    lines = [unit(0, 20, 0), unit(20, 40, 0), unit(40, 60, 0)]
    # a heading at 70-90 on pages of 100 would end the page: it goes with its paragraph's first lines
    heading = [unit(70, 90, 1, heading=True), unit(95, 115, 2), unit(115, 135, 2)]
    assert qt_pdf.page_starts(lines + heading, 100) == [0, 70]
    # a card (one unit) that does not fit goes to the next page whole
    assert qt_pdf.page_starts([unit(0, 60, 0), unit(65, 130, 1)], 100) == [0, 65]
    # the lines of a paragraph are cut where the page ends
    assert qt_pdf.page_starts([unit(y, y + 20, 0) for y in range(0, 200, 25)], 100) == [0, 100]
    # a unit taller than a page starts one, and what follows it the next
    assert qt_pdf.page_starts([unit(0, 50, 0), unit(55, 260, 1), unit(260, 280, 2)], 100) == [0, 55, 260]
