"""The PDF's document is built with a text cursor, not parsed from HTML: it must be the very
document Qt makes of the paged HTML (``render_html(paged=True)``), block by block and format by
format, and paginate as before (real spaCy analysis, real offscreen Qt)."""

from __future__ import annotations

import pytest

from reader.core.model import Article
from reader.report.document import build_content
from reader.report.export import ExportOptions
from reader.report.html import render_html

# white space as an editor leaves it, numbers with spaces inside, a heading, a line with
# nothing but spaces, leading and trailing spaces, a tab and a no-break space
TRICKY = (
    "# Harbour  budget\n\n"
    "  The council  approved a $ 48 m plan on Monday,\tofficials said.\n\n"
    'Costs rose 12 % in a year ,  and the mayor said: "We will pay $ 1.5 million\xa0more."   \n\n'
    "   \n\n"
    'Fenwick Arden, the treasurer, told reporters that "the  harbour  needs 3 new cranes".\n'
)


def _formats(fmt, lines: bool = True) -> dict:
    from PySide6.QtGui import QTextFormat

    props = dict(fmt.properties())
    props.pop(0, None)  # ObjectIndex: which document object an image is, not how it looks
    if not lines:  # the line's style, which Qt's HTML import leaves out and the PDF sets
        props.pop(QTextFormat.Property.TextUnderlineStyle.value, None)
        props.pop(QTextFormat.Property.FontUnderline.value, None)
    return props


def _dump(doc, lines: bool = True) -> list:
    out = []
    block = doc.begin()
    while block.isValid():
        frags = []
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            frags.append((frag.text(), _formats(frag.charFormat(), lines)))
            it += 1
        out.append((block.text(), _formats(block.blockFormat()), _formats(block.charFormat()), frags))
        block = block.next()
    return out


def _same_as_html(content) -> None:
    from reader.ui.pdf import build_document, new_document

    built = build_document(content, 600)
    parsed = new_document(600)
    parsed.setHtml(render_html(content, chart="img", paged=True))
    assert _formats(built.rootFrame().frameFormat()) == _formats(parsed.rootFrame().frameFormat())
    ours, qts = _dump(built, lines=False), _dump(parsed, lines=False)
    assert len(ours) == len(qts)
    for n, (a, b) in enumerate(zip(ours, qts, strict=True)):
        assert a == b, f"block {n} differs: {a[0][:60]!r}"


def test_pdf_document_is_the_paged_html_document(seed_analysis, qapp):
    _same_as_html(build_content(seed_analysis, ExportOptions()))


def test_pdf_draws_each_category_with_its_line(seed_analysis, qapp):
    """The lines that tell categories apart without colour reach the PDF (Qt's HTML import knows
    no dashed or wavy underline): an organization dashed, a place wavy, a quote dotted."""
    from PySide6.QtGui import QTextCharFormat

    from reader.ui.pdf import build_document

    U = QTextCharFormat.UnderlineStyle
    built = build_document(build_content(seed_analysis, ExportOptions()), 600)
    seen = {}
    block = built.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            seen.setdefault(fmt.underlineStyle(), it.fragment().text())
            it += 1
        block = block.next()
    assert {U.DashUnderline, U.WaveUnderline, U.DotLine, U.SingleUnderline} <= set(seen), seen


def test_pdf_document_is_the_paged_html_document_when_filtered(seed_analysis, qapp):
    from reader.core.selection import Selection, find_entities

    ids = frozenset(e.id for e in find_entities(seed_analysis, ["Carter"]))
    _same_as_html(build_content(seed_analysis, ExportOptions(selection=Selection(ids))))


@pytest.fixture(scope="module")
def tricky_analysis():
    from reader.nlp.pipeline import analyze

    return analyze(Article(text=TRICKY, source="tricky.md", format="md"))


def test_pdf_document_keeps_white_space_as_the_html_import_does(tricky_analysis, qapp):
    content = build_content(tricky_analysis, ExportOptions())
    assert tricky_analysis.figures  # the "$ 48 m" and "12 %" are kept on one line
    _same_as_html(content)


def test_pdf_pages_paint_each_line_once(seed_analysis, qapp):
    """A block painted whole lies on its page; one a page break cuts is painted line by line,
    every line on exactly one page."""
    from reader.ui.pdf import EPS, build_document, lay_out

    content = build_content(seed_analysis, ExportOptions())
    doc = build_document(content, 600)
    for page_h in (900.0, 300.0, 120.0):
        pl = lay_out(doc, 600, page_h)
        painted: list[tuple[int, float]] = []
        for page in range(pl.pages):
            top, end = pl.span(page)
            for block, whole in pl.blocks_on(page):
                tops = [t for t, _ in block.lines()]
                if whole:
                    assert top - EPS <= tops[0] and tops[-1] < end - EPS
                painted += [(block.n, t) for t in tops if top - EPS <= t < end - EPS]
        every = [(b.n, t) for b in pl.blocks for t, _ in b.lines()]
        assert sorted(painted) == sorted(every) and len(set(painted)) == len(painted)
