"""The PDF export: real QTextDocument + QPdfWriter output, read back with pypdf and poppler."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from reader.core.categories import STYLES, Category
from reader.report.export import ExportOptions, write_export

ROOT = Path(__file__).resolve().parent.parent
POLNEAR_DEV = ROOT.parent / "shared" / "corpora" / "polnear" / "dev.jsonl"
LIGATURES = re.compile("[\ufb00-\ufb06]")


def _norm(text: str) -> str:
    """On one line; a line that ends with a hyphen ("non-" / "NATO") joined without a space, and no
    space before a full stop (pypdf puts one where a highlight ends)."""
    text = " ".join(text.split())
    return re.sub(r" (?=[.,])", "", re.sub(r"(?<=\w)- (?=\w)", "-", text))


def _pdf_text(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


@pytest.fixture(scope="module")
def seed_pdf(seed_analysis, tmp_path_factory):
    from reader.ui.pdf import export_pdf

    out = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    pages = export_pdf(seed_analysis, str(out), ExportOptions())
    return out, pages


def test_export_pdf_text_has_quotes_speakers_and_plain_letters(seed_pdf, seed_analysis):
    out, _ = seed_pdf
    pages = _pdf_text(out)
    text = _norm(" ".join(pages))
    assert not LIGATURES.search(text), "ligature glyphs in the PDF text"
    for word in ("official", "financial"):
        assert re.search(rf"\b{word}", text), f"{word!r} not found with plain letters"
    assert seed_analysis.quotes
    for q in seed_analysis.quotes:
        assert _norm(q.text) in text, f"quote missing: {q.text[:60]}"
        if q.speaker_name:
            assert q.speaker_name in text
    for fig in seed_analysis.figures:
        assert _norm(fig.text) in text
    for section in ("Legend:", "Quotes (", "Figures ("):
        assert section in text


def test_export_pdf_has_pages_with_numbers(seed_pdf):
    out, pages = seed_pdf
    texts = _pdf_text(out)
    assert len(texts) == pages >= 2
    for i, page in enumerate(texts, 1):
        assert f"page {i} of {pages}" in _norm(page)


def test_export_pdf_first_page_shows_highlight_colours(seed_pdf, tmp_path, qapp):
    from PySide6.QtGui import QColor, QImage

    out, _ = seed_pdf
    args = ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")]
    subprocess.run(args, check=True)
    png = next(tmp_path.glob("p*.png"))
    image = QImage(str(png))
    assert not image.isNull()
    counts: dict[Category, int] = dict.fromkeys(Category, 0)
    targets = {cat: QColor(STYLES[cat].light_bg) for cat in Category}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            for cat, t in targets.items():
                if abs(c.red() - t.red()) + abs(c.green() - t.green()) + abs(c.blue() - t.blue()) <= 9:
                    counts[cat] += 1
    for cat in (Category.PLACE, Category.ORGANIZATION, Category.QUOTE, Category.FIGURE):
        assert counts[cat] > 5, f"no {cat.value} highlight on page 1: {counts}"


def test_export_pdf_chart_is_a_lossless_print_resolution_image(seed_pdf):
    out, _ = seed_pdf
    args = ["pdfimages", "-list", str(out)]
    listing = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows, "no chart image in the PDF"
    for row in rows:
        enc, x_ppi = row[8], int(row[12])
        assert enc != "jpeg"
        assert x_ppi >= 250


def test_export_pdf_fonts_are_embedded(seed_pdf):
    out, _ = seed_pdf
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows
    assert all(row[-5] == "yes" for row in rows), listing  # the "emb" column


def test_export_pdf_cli_letter_and_write_export_dispatch(seed_path, seed_analysis, tmp_path):
    out = tmp_path / "letter.pdf"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    res = subprocess.run(
        [sys.executable, "-m", "reader", "export", str(seed_path), "-o", str(out), "--page-size", "Letter"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    box = pypdf.PdfReader(str(out)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    text = _norm(" ".join(_pdf_text(out)))
    assert all(_norm(q.text) in text for q in seed_analysis.quotes)

    import reader.ui.pdf  # noqa: F401  (registers the PDF renderer with write_export)

    again = tmp_path / "dispatch.pdf"
    write_export(seed_analysis, str(again), ExportOptions(page_size="A4"))
    assert pypdf.PdfReader(str(again)).pages[0].mediabox.height == pytest.approx(841.89, abs=1)


def test_export_pdf_only_filter_lists_selected_quotes(seed_analysis, tmp_path):
    from reader.core.selection import Selection, apply, find_entities
    from reader.ui.pdf import export_pdf

    ids = frozenset(e.id for e in find_entities(seed_analysis, ["Carter"]))
    view = apply(seed_analysis, Selection(ids))
    out = tmp_path / "carter.pdf"
    export_pdf(seed_analysis, str(out), ExportOptions(selection=Selection(ids)))
    text = _norm(" ".join(_pdf_text(out)))
    assert f"Quotes ({len(view.quotes)})" in text
    quotes_part = text.split(f"Quotes ({len(view.quotes)})", 1)[1]
    for q in seed_analysis.quotes:
        if q not in view.quotes:
            assert _norm(q.text) not in quotes_part


def test_export_pdf_atomic_failure_keeps_existing_file(seed_analysis, tmp_path):
    from reader.ui.pdf import export_pdf

    out = tmp_path / "kept.pdf"
    out.write_bytes(b"%PDF-1.4 previous\n")

    def boom(tmp):
        assert os.path.getsize(tmp) > 1000  # a complete PDF sat in the temporary file
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        export_pdf(seed_analysis, str(out), ExportOptions(), after_write=boom)
    assert out.read_bytes() == b"%PDF-1.4 previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.pdf"]


@pytest.fixture(scope="module")
def long_article(tmp_path_factory):
    """About 3,500 words of real news text (several corpus articles one after another)."""
    texts, words = [], 0
    with open(POLNEAR_DEV, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"].strip()
            texts.append(text)
            words += len(text.split())
            if words > 3500:
                break
    path = tmp_path_factory.mktemp("long") / "long_article.txt"
    path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    return path


def test_export_pdf_long_article_paginates_cleanly(long_article, tmp_path):
    from reader.core.loaders import load
    from reader.nlp.pipeline import analyze
    from reader.ui.pdf import export_pdf

    analysis = analyze(load(long_article))
    out = tmp_path / "long.pdf"
    pages = export_pdf(analysis, str(out), ExportOptions())
    texts = _pdf_text(out)
    assert pages == len(texts) >= 8
    # no line is drawn twice (once visibly, once clipped at the top of the next page); words that a
    # nested quote shares with the quote around it ("X said [Y suggests [Z]]") are rightly listed twice
    words = [_norm(q.words) for q in analysis.quotes]
    for prev, page in itertools.pairwise(texts):
        prev_lines = {_norm(x) for x in prev.split("\n") if len(_norm(x)) > 30}
        first = [_norm(x) for x in page.split("\n") if len(_norm(x)) > 30][:2]
        twice = {x for x in prev_lines & set(first) if sum(x in w for w in words) < 2}
        assert not twice, f"line repeated across a page break: {twice}"
    # and no text sits, clipped away, above a page's text area
    from reader.ui.pdf import MARGINS_MM

    for number, page in enumerate(pypdf.PdfReader(str(out)).pages, 1):
        top = float(page.mediabox.height) - MARGINS_MM.top() / 25.4 * 72
        above: list[str] = []

        def visit(text, cm, tm, _font, _size, top=top, above=above):
            if text.strip() and cm[5] + tm[5] * cm[3] > top + 2:
                above.append(text)

        page.extract_text(visitor_text=visit)
        assert above == [], f"hidden text above the text area on page {number}: {above[:3]}"
    all_text = _norm(" ".join(texts))
    assert not LIGATURES.search(all_text)
    missing = [q.words for q in analysis.quotes if _norm(q.words)[:50] not in all_text]
    assert missing == []
    for i in range(1, pages + 1):
        assert f"page {i} of {pages}" in _norm(texts[i - 1])


def test_export_pdf_print_uses_the_same_document(seed_analysis, tmp_path, qapp):
    from PySide6.QtPrintSupport import QPrinter

    from reader.ui.pdf import print_analysis

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_analysis(None, seed_analysis, ExportOptions(), printer=printer)
    del printer
    texts = _pdf_text(out)
    text = _norm(" ".join(texts))
    assert len(texts) >= 2 and f"page 1 of {len(texts)}" in text
    assert all(_norm(q.text) in text for q in seed_analysis.quotes)
    assert "Quotes (" in text and "Figures (" in text
