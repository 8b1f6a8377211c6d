"""PDF paragraphs from layout, on real PDFs: HTML printed by headless Chromium in the test, and
the reader's own Qt export reopened. Each PDF is made once for the module."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from html import escape
from pathlib import Path

import pytest

from reader.core.loaders import _pdflayout as layout
from reader.core.loaders import load

LIGATURES = re.compile("[\ufb00-\ufb06]")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _blocks(article) -> list[str]:
    return [_norm(article.text[b.start : b.end]) for b in article.blocks]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.fail("these tests print HTML with headless Chromium: apt-get install chromium")


def _print(html: str, out: Path, *, header_footer: bool) -> Path:
    page = out.with_suffix(".html")
    page.write_text(html, encoding="utf-8")
    args = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={out.parent / 'profile'}",
    ]
    args.append(f"--print-to-pdf={out}")
    if not header_footer:
        args.append("--no-pdf-header-footer")
    subprocess.run([*args, page.as_uri()], check=True, capture_output=True, timeout=120)
    return out


# Sentences of our own; each paragraph is several of them, so paragraphs run over column and
# page breaks. "five", "official", "affluent", "fjord", "fifteen" give DejaVu Serif's ligatures.
_SENTENCES = [
    "The official said the affluent district would get five new ferries for the fjord.",
    "Fishermen in the north have waited fifteen years for a reliable crossing.",
    "“We are confident the financial plan will hold,” said Maria Olsen, the mayor.",
    "The budget rose by 12 percent last year, according to the regional office.",
    "Critics argued that the fleet was too small and the timetable too thin.",
    "Traffic through the fjord fell for the first time in four years.",
    "Officials expect the reconstruction to cost $4.5 billion — about 9% more than planned.",
]


def _paragraph(n: int, length: int) -> str:
    return " ".join(_SENTENCES[(n + k) % len(_SENTENCES)] for k in range(length))


TWO_COL_TITLE = "Ferries for the fjord"
TWO_COL_PARAS = [_paragraph(n, 3 + n % 5) for n in range(16)]
TWO_COL_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    f"<title>{TWO_COL_TITLE} | The Fjord Ledger</title><style>"
    "body { font-family: 'DejaVu Serif'; font-size: 16px; text-align: justify; hyphens: auto }"
    "h1 { text-align: left } article { columns: 2; column-gap: 1.5em }</style></head><body>"
    f"<h1>{TWO_COL_TITLE}: officials weigh a five-year plan</h1><article>"
    + "".join(f"<p>{escape(p)}</p>" for p in TWO_COL_PARAS)
    + "</article></body></html>"
)

LONG_PARA = _paragraph(3, 110)  # longer than a page: it must run over a page break
HYPHEN_PARA = (
    "Officials called the disproportionate infrastructure spending a well-known, long-standing, "
    "state-of-the-art problem."
)
HYPHEN_HTML_TEXT = HYPHEN_PARA.replace("disproportionate", "dis&shy;pro&shy;por&shy;tion&shy;ate").replace(
    "infrastructure", "in&shy;fra&shy;struc&shy;ture"
)
RUNNING_HEAD = "The Fjord Ledger - Weekend edition"
ONE_COL_PARAS = [_paragraph(1, 4), LONG_PARA, _paragraph(5, 3)]
ONE_COL_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    "<title>Page breaks | The Fjord Ledger</title><style>"
    f'@page {{ margin: 2cm; @top-center {{ content: "{RUNNING_HEAD}"; font-size: 9pt }}'
    ' @bottom-right { content: "Page " counter(page); font-size: 9pt } }'
    "body { font-family: 'Liberation Serif'; font-size: 16px; text-align: justify }"
    ".narrow { width: 7em; text-align: left }</style></head><body><h1>Page breaks</h1>"
    + "".join(f"<p>{escape(p)}</p>" for p in ONE_COL_PARAS)
    + f'<p class="narrow">{HYPHEN_HTML_TEXT}</p></body></html>'
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("pdf-layout")
    return {
        "two": _print(TWO_COL_HTML, tmp / "two.pdf", header_footer=True),
        "one": _print(ONE_COL_HTML, tmp / "one.pdf", header_footer=False),
    }


def _raw_text(path: Path, *, fold: bool = True) -> str:
    """pdfminer's own text of the file (ligatures folded unless ``fold`` is false)."""
    from pdfminer.high_level import extract_text

    text = extract_text(str(path))
    return LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text) if fold else text


def _paragraph_places(path: Path) -> list[tuple[str, set[tuple[int, int]]]]:
    """Each paragraph the layout finds, with the (page, column) places its lines come from."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    pages = layout.read_pages(extract_pages(str(path), laparams=LAParams(**layout.LAPARAMS)))
    layout.drop_furniture(pages)
    gutters = layout.page_gutters(pages)
    regions = [r for p in pages for r in layout.page_regions(p, gutters[p.number])]
    joiner = layout.Joiner(regions)
    place = {id(ln): (r.page, r.column) for r in regions for ln in r.lines}
    out = []
    for para in layout.paragraph_lines(regions, joiner):
        text = ""
        for ln in para:
            text = joiner.join(text, ln.text)
        out.append((_norm(text.replace("\u00ad", "")), {place[id(ln)] for ln in para}))
    return out


def test_pdf_layout_two_columns_read_in_order_with_paragraphs_whole(pdfs):
    places = _paragraph_places(pdfs["two"])
    assert any(len({c for _, c in where}) == 2 for _, where in places), "no paragraph ran over a column break"
    article = load(pdfs["two"])
    blocks = _blocks(article)
    assert blocks[0] == f"{TWO_COL_TITLE}: officials weigh a five-year plan"
    assert article.blocks[0].kind == "heading"
    assert blocks[1:] == TWO_COL_PARAS  # every paragraph whole, left column before right


def test_pdf_layout_drops_the_browser_print_header_and_footer(pdfs):
    raw = _raw_text(pdfs["two"])
    assert "file://" in raw and "| The Fjord Ledger" in raw  # Chromium printed them
    text = load(pdfs["two"]).text
    assert "file://" not in text
    assert "The Fjord Ledger" not in text
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{2,4}", text)  # the print date, the "1/2" page count


def test_pdf_layout_folds_ligatures(pdfs):
    raw = _raw_text(pdfs["two"], fold=False)
    assert LIGATURES.search(raw), "DejaVu Serif should set ligatures in the PDF"
    text = load(pdfs["two"]).text
    assert not LIGATURES.search(text)
    for word in ("five", "official", "affluent", "fjord", "fifteen", "financial"):
        assert re.search(rf"\b{word}\b", text), word
    assert "“We are confident" in text and " — about" in text  # quotes and dashes stay typographic


def test_pdf_layout_paragraph_across_a_page_break(pdfs):
    places = _paragraph_places(pdfs["one"])
    long_one = [where for text, where in places if text == LONG_PARA]
    assert long_one and len({page for page, _ in long_one[0]}) >= 2, "the long paragraph should span pages"
    blocks = _blocks(load(pdfs["one"]))
    assert LONG_PARA in blocks
    assert blocks[: len(ONE_COL_PARAS)] == ONE_COL_PARAS


def test_pdf_layout_headline_is_the_title_without_the_site_name(pdfs):
    import pypdf

    assert pypdf.PdfReader(str(pdfs["one"])).metadata.title == "Page breaks | The Fjord Ledger"
    article = load(pdfs["one"])
    assert article.title == "Page breaks"
    assert _blocks(article)[0] == ONE_COL_PARAS[0]  # the headline is not repeated as the text's start
    two = load(pdfs["two"])
    assert two.title == f"{TWO_COL_TITLE} | The Fjord Ledger"  # a Title that is not the headline stays


def test_pdf_layout_drops_running_headers_and_page_numbers(pdfs):
    raw = _raw_text(pdfs["one"])
    assert raw.count(RUNNING_HEAD) >= 2 and "Page 2" in raw  # on every page of the PDF
    article = load(pdfs["one"])
    assert RUNNING_HEAD not in article.text
    assert not any(re.fullmatch(r"Page \d+", b) for b in _blocks(article))


def test_pdf_layout_line_end_hyphens_joined_or_kept(pdfs):
    raw = _raw_text(pdfs["one"])
    lines = [ln.strip() for ln in raw.splitlines()]
    assert any(ln.endswith("\u2010") for ln in lines), "Chromium broke no word at a soft hyphen"
    assert any(re.search(r"[a-z]-$", ln) for ln in lines), "no compound was broken at its hyphen"
    blocks = _blocks(load(pdfs["one"]))
    assert blocks[-1] == HYPHEN_PARA  # soft breaks joined, "well-known" and the rest kept


@pytest.fixture(scope="module")
def reopened_export(nlp, tmp_path_factory):
    from reader.nlp.pipeline import analyze
    from reader.report.export import ExportOptions
    from reader.ui.pdf import export_pdf

    tmp = tmp_path_factory.mktemp("export")
    page = tmp / "article.html"
    paras = "".join(f"<p>{escape(_paragraph(n, 2 + n % 4))}</p>" for n in range(9))
    page.write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry plan</title></head>'
        f"<body><h1>Officials weigh five-year ferry plan</h1>{paras}</body></html>",
        encoding="utf-8",
    )
    original = load(page)
    out = tmp / "export.pdf"
    export_pdf(analyze(original), str(out), ExportOptions())
    return original, out


def test_pdf_layout_reopened_export_is_the_article(reopened_export):
    original, out = reopened_export
    raw = _norm(_raw_text(out))
    assert "Legend:" in raw and "Quotes (" in raw and "page 1 of" in raw  # what must not come back
    back = load(out)
    assert back.title == original.title
    want = [_norm(original.text[b.start : b.end]) for b in original.blocks if b.kind == "paragraph"]
    assert [b for b in _blocks(back) if b != _norm(original.title or "")] == want
    for leftover in ("Legend", "Quotes (", "Figures (", "page 1 of", "by reader"):
        assert leftover not in back.text


def test_pdf_layout_export_known_by_its_header_without_metadata(reopened_export):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    _, out = reopened_export
    pages = layout.read_pages(extract_pages(str(out), laparams=LAParams(**layout.LAPARAMS)))
    assert layout.is_export({}, pages)  # stamp and legend on page 1, no Subject needed
    plain = [p for p in layout.read_pages(extract_pages(str(out), laparams=LAParams(**layout.LAPARAMS)))]
    for p in plain:
        p.lines = [ln for ln in p.lines if not ln.text.startswith("Legend")]
    assert not layout.is_export({}, plain)


def test_pdf_layout_a_number_broken_at_its_hyphen_keeps_it_without_a_space():
    joiner = layout.Joiner([])
    assert joiner.join("good health for a 63-", "year-old.") == "good health for a 63-year-old."
    assert joiner.join("thousands of $12-", "an-hour workers") == "thousands of $12-an-hour workers"
    assert joiner.join("the ferry", "left") == "the ferry left"
