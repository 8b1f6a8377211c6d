"""What is highlighted (reader.core.highlights): the rules on hand-built analyses, without a
model or a display; then the window, the HTML and the Markdown export compared on the seed."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest

from reader.core.categories import Category
from reader.core.highlights import (
    CHOSEN,
    DIM,
    ON,
    RANK,
    Run,
    highlight_runs,
    look,
    runs_between,
)
from reader.core.model import (
    Analysis,
    Article,
    Block,
    CanonicalEntity,
    DateMention,
    Entity,
    Figure,
    Quote,
    Span,
)
from reader.core.paragraphs import line_blocks, paragraphs
from reader.core.selection import Selection, apply, find_entities

TEXT = (
    "Mayor Helena Ostrova said the Port Alder Chamber of Commerce would pay $48 million by March.\n"
    "\n"
    "Daniel Webb was less sure. He said costs in Lindholm rose 30 percent.\n"
    "\n"
    "A spokesperson for Tidewater Utilities said prices would stay flat.\n"
    "\n"
    "Zoe Marsh, who lives in Port Alder, did not comment."
)


def _span(text: str, after: int = 0) -> Span:
    start = TEXT.index(text, after)
    return Span(text, start, start + len(text))


def _quote(content: str, speaker: str, speaker_id: str) -> Quote:
    said = _span(speaker + " said")
    spk, c = Span(speaker, said.start, said.start + len(speaker)), _span(content)
    return Quote(
        content, c.start, c.end, "indirect", speaker=spk, speaker_id=speaker_id, cue=_span("said", spk.end)
    )


def _figure(text: str) -> Figure:
    s = _span(text)
    line_start = TEXT.rfind("\n", 0, s.start) + 1
    sentence_start = max(line_start, TEXT.rfind(". ", 0, s.start) + 2)
    return Figure(
        text, s.start, s.end, 1.0, sentence_start=sentence_start, sentence_end=TEXT.index(".", s.end) + 1
    )


def _analysis() -> Analysis:
    names = (  # (id, name, label, category, mentions)
        ("p-ostrova", "Helena Ostrova", "PERSON", Category.PERSON, [_span("Helena Ostrova")]),
        (
            "o-chamber",
            "Port Alder Chamber of Commerce",
            "ORG",
            Category.ORGANIZATION,
            [_span("Port Alder Chamber")],
        ),
        ("g-port", "Port Alder", "GPE", Category.PLACE, [_span("Port Alder"), _span("Port Alder", 200)]),
        ("p-webb", "Daniel Webb", "PERSON", Category.PERSON, [_span("Daniel Webb")]),
        ("g-lind", "Lindholm", "GPE", Category.PLACE, [_span("Lindholm")]),
        ("o-tide", "Tidewater Utilities", "ORG", Category.ORGANIZATION, [_span("Tidewater Utilities")]),
        ("p-marsh", "Zoe Marsh", "PERSON", Category.PERSON, [_span("Zoe Marsh")]),
    )
    chamber = _span("Port Alder Chamber of Commerce")
    canonical = []
    for eid, name, label, cat, mentions in names:
        if eid == "o-chamber":
            mentions = [chamber]
        canonical.append(CanonicalEntity(eid, name, label, cat, tuple(mentions)))
    entities = tuple(
        Entity(m.text, c.label, m.start, m.end, c.category, c.id) for c in canonical for m in c.mentions
    )
    quotes = (
        _quote(
            "the Port Alder Chamber of Commerce would pay $48 million by March",
            "Mayor Helena Ostrova",
            "p-ostrova",
        ),
        _quote("costs in Lindholm rose 30 percent", "He", "p-webb"),
        _quote("prices would stay flat", "A spokesperson for Tidewater Utilities", "s-spokes"),
    )
    figures = (_figure("$48 million"), _figure("30 percent"))
    march = _span("March")
    dates = (DateMention(march.text, march.start, march.end),)
    return Analysis(Article(TEXT), entities, tuple(canonical), quotes, figures, dates)


def _runs(selection: Selection | None = None) -> tuple[Run, ...]:
    return highlight_runs(_analysis(), selection or Selection())


def _at(runs, text: str, after: int = 0) -> list[tuple[str, Category | None, str | None, str | None]]:
    """The runs over the first ``text`` (from ``after``), as (their text, category, state, quote)."""
    s = _span(text, after)
    return [
        (TEXT[r.start : r.end], r.category, r.state, r.quote)
        for r in runs
        if r.start < s.end and s.start < r.end
    ]


def _check_well_formed(runs) -> None:
    assert all(0 <= r.start < r.end <= len(TEXT) for r in runs)
    assert all(a.end <= b.start for a, b in itertools.pairwise(runs))  # sorted, never overlapping
    assert not any(r.plain for r in runs)


# --- the rules --------------------------------------------------------------------------------


def test_runs_without_filter_precedence_and_quote_layer():
    runs = _runs()
    _check_well_formed(runs)
    # a speaker's mention inside the speaker span: one run, the whole span (same rank: the longer)
    assert _at(runs, "Mayor Helena Ostrova") == [("Mayor Helena Ostrova", Category.SPEAKER, ON, None)]
    # the organisation's name is not cut by the place inside it (the higher rank), and the quote
    # under both stays a layer of its own
    assert _at(runs, "Port Alder Chamber of Commerce") == [
        ("Port Alder Chamber of Commerce", Category.ORGANIZATION, ON, ON)
    ]
    assert _at(runs, "$48 million") == [("$48 million", Category.FIGURE, ON, ON)]
    assert _at(runs, "March") == [("March", Category.DATE, ON, ON)]
    assert (" would pay ", None, None, ON) in _at(runs, "would pay")
    # the speaker span of a quote that is no entity mention: SPEAKER over the organisation in it
    assert _at(runs, "A spokesperson for Tidewater Utilities") == [
        ("A spokesperson for Tidewater Utilities", Category.SPEAKER, ON, None)
    ]
    # a pronoun speaker is a speaker; a person who is quoted is shown as a speaker, one who is not
    # stays a person
    assert _at(runs, "He said") == [("He", Category.SPEAKER, ON, None)]
    assert _at(runs, "Daniel Webb") == [("Daniel Webb", Category.SPEAKER, ON, None)]
    assert _at(runs, "Zoe Marsh") == [("Zoe Marsh", Category.PERSON, ON, None)]
    assert _at(runs, "Port Alder", 200) == [("Port Alder", Category.PLACE, ON, None)]
    assert _at(runs, "Lindholm") == [("Lindholm", Category.PLACE, ON, ON)]


def test_runs_under_a_filter_dim_all_but_the_entity():
    runs = _runs(Selection(frozenset({"p-webb"})))
    _check_well_formed(runs)
    assert _at(runs, "Daniel Webb") == [("Daniel Webb", Category.SPEAKER, CHOSEN, None)]
    assert _at(runs, "He said") == [("He", Category.SPEAKER, CHOSEN, None)]  # the speaker of his quote
    # his quote and the figure in it stay bright; everything else is dimmed
    assert _at(runs, "30 percent") == [("30 percent", Category.FIGURE, ON, ON)]
    assert _at(runs, "Lindholm") == [("Lindholm", Category.PLACE, DIM, ON)]
    assert _at(runs, "Mayor Helena Ostrova") == [("Mayor Helena Ostrova", Category.SPEAKER, DIM, None)]
    assert _at(runs, "$48 million") == [("$48 million", Category.FIGURE, DIM, DIM)]
    assert _at(runs, "March") == [("March", Category.DATE, DIM, DIM)]  # a date belongs to no one
    assert (" would pay ", None, None, DIM) in _at(runs, "would pay")
    bright = {TEXT[r.start : r.end] for r in runs if r.bright}
    assert bright == {"Daniel Webb", "He", "30 percent"}


def test_runs_bright_beats_dimmed_whatever_the_rank():
    # the chosen organisation inside a dimmed speaker span cuts it; unfiltered, the speaker wins
    runs = _runs(Selection(frozenset({"o-tide"})))
    assert _at(runs, "A spokesperson for Tidewater Utilities") == [
        ("A spokesperson for ", Category.SPEAKER, DIM, None),
        ("Tidewater Utilities", Category.ORGANIZATION, CHOSEN, None),
    ]
    # its quote is kept ("a spokesperson for X said" is X's)
    assert _at(runs, "prices would stay flat") == [("prices would stay flat", None, None, ON)]
    # the chosen place inside the dimmed organisation: the place shows through
    runs = _runs(Selection(frozenset({"g-port"})))
    assert _at(runs, "Port Alder Chamber of Commerce") == [
        ("Port Alder", Category.PLACE, CHOSEN, ON),
        (" Chamber of Commerce", Category.ORGANIZATION, DIM, ON),
    ]


def test_runs_hidden_categories_give_no_run():
    for cat in Category:
        runs = _runs(Selection(hidden=frozenset({cat})))
        _check_well_formed(runs)
        if cat is Category.QUOTE:
            assert all(r.quote is None for r in runs)
        else:
            assert all(r.category is not cat for r in runs)
    # hidden organisations uncover the place in the chamber's name
    runs = _runs(Selection(hidden=frozenset({Category.ORGANIZATION})))
    assert _at(runs, "Port Alder Chamber of Commerce")[0] == ("Port Alder", Category.PLACE, ON, ON)
    # hidden speakers: the speaker spans go, and so do the quoted people (shown as speakers)
    runs = _runs(Selection(hidden=frozenset({Category.SPEAKER})))
    assert _at(runs, "Daniel Webb") == [] and _at(runs, "He said") == []
    assert _at(runs, "Mayor Helena Ostrova") == []
    assert _at(runs, "A spokesperson for Tidewater Utilities") == [
        ("Tidewater Utilities", Category.ORGANIZATION, ON, None)
    ]
    assert highlight_runs(_analysis(), Selection(hidden=frozenset(Category))) == ()


def test_runs_same_with_or_without_the_view():
    a = _analysis()
    sel = Selection(frozenset({"p-ostrova"}), frozenset({Category.DATE}))
    assert highlight_runs(a, sel) == highlight_runs(a, sel, apply(a, sel))


def test_runs_between_cuts_and_fills_gaps():
    runs = _runs()
    starts = [r.start for r in runs]
    line = TEXT.index("Daniel"), TEXT.index("\n", TEXT.index("Daniel"))
    pieces = runs_between(runs, starts, *line)
    assert "".join(TEXT[p.start : p.end] for p in pieces) == TEXT[line[0] : line[1]]
    assert [p.start for p in pieces[1:]] == [p.end for p in pieces[:-1]]
    assert pieces[0] == Run(line[0], line[0] + len("Daniel Webb"), Category.SPEAKER, ON)
    assert pieces[1].plain and TEXT[pieces[1].start : pieces[1].end] == " was less sure. "
    # a cut inside a run keeps its highlight
    mid = TEXT.index("Ostrova")
    assert runs_between(runs, starts, mid, mid + 3) == [Run(mid, mid + 3, Category.SPEAKER, ON)]


def test_look_paints_states_and_quotes():
    on = look(Run(0, 1, Category.PLACE, ON))
    assert on.background == "#BDE8D9" and not on.bold and on.line == "wavy"
    chosen = look(Run(0, 1, Category.PLACE, CHOSEN, ON))
    assert chosen.line == "wavy" and chosen.bold and chosen.line_colour == "#009E73"
    dim = look(Run(0, 1, Category.PLACE, DIM, ON), "#ffffff", "#000000")
    assert dim.background not in (None, "#BDE8D9") and dim.foreground not in (None, "#000000")
    assert dim.line == "dotted"  # the kept quote under it still shows
    assert look(Run(0, 1, quote=DIM)) == look(Run(0, 1))  # a quote the filter drops: nothing
    assert look(Run(0, 1, quote=ON)).line == "dotted"
    assert look(Run(0, 1, Category.SPEAKER, ON)).bold
    assert look(Run(0, 1, Category.PLACE, ON), "#202020", "#eeeeee").background == "#00513B"


def test_paragraphs_one_per_non_blank_line_and_blocks_kept():
    text = "  Title  \n\n\tFirst line.\nSecond line. \n\n## Head\nTail"
    assert [text[b.start : b.end] for b in line_blocks(text)] == [
        "Title",
        "First line.",
        "Second line.",
        "## Head",
        "Tail",
    ]
    head = Block("heading", text.index("## Head"), text.index("## Head") + 7, 2)
    article = Article(text, blocks=(head,))
    shown = paragraphs(article)
    assert [(b.kind, text[b.start : b.end]) for b in shown] == [
        ("paragraph", "Title"),
        ("paragraph", "First line."),
        ("paragraph", "Second line."),
        ("heading", "## Head"),
        ("paragraph", "Tail"),
    ]
    assert head not in paragraphs(article, skip=head)
    assert [b.start for b in line_blocks(text, text.index("First"), text.index("## Head"))] == [
        text.index("First"),
        text.index("Second"),
    ]


# --- the window, the HTML and the Markdown show the same runs -----------------------------------


def _window_labels(view) -> dict[int, tuple]:
    """Article offset -> (category, state, quote, background, underline, bold) read back from
    the per-block formats of an ArticleView."""
    from PySide6.QtGui import QFont, QTextCharFormat, QTextFormat

    from reader.ui.article_view import CATEGORY_PROP, QUOTE_PROP, STATE_PROP

    out: dict[int, tuple] = {}
    block = view.document().begin()
    while block.isValid():
        for rng in block.layout().formats():
            f = rng.format
            style = f.underlineStyle()
            underline = {
                QTextCharFormat.UnderlineStyle.DotLine: "dotted",
                QTextCharFormat.UnderlineStyle.SingleUnderline: "solid",
                QTextCharFormat.UnderlineStyle.DashUnderline: "dashed",
                QTextCharFormat.UnderlineStyle.WaveUnderline: "wavy",
            }.get(style, "overline" if f.fontOverline() else None)
            bg = (
                f.background().color().name() if f.hasProperty(QTextFormat.Property.BackgroundBrush) else None
            )
            label = (
                f.property(CATEGORY_PROP),
                f.property(STATE_PROP),
                f.property(QUOTE_PROP),
                bg,
                underline,
                f.fontWeight() >= QFont.Weight.DemiBold.value
                if f.hasProperty(QTextFormat.Property.FontWeight)
                else False,
            )
            for pos in range(block.position() + rng.start, block.position() + rng.start + rng.length):
                offset = view.article_offset(pos)
                assert offset is not None
                out[offset] = label
        block = block.next()
    return out


def _expected_labels(runs, paper: str, ink: str) -> dict[int, tuple]:
    out = {}
    for r in runs:
        lk = look(r, paper, ink)
        cat, state = (r.category.value, r.state) if r.category else (Category.QUOTE.value, r.quote)
        label = (cat, state, r.quote, lk.background.lower() if lk.background else None, lk.line, lk.bold)
        for i in range(r.start, r.end):
            out[i] = label
    return out


class _Blocks(HTMLParser):
    """The article's blocks of an exported HTML: per block, its characters with their CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[tuple[str, str]]] = []
        self.styles: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "h3", "h4", "h5", "h6") and self.depth == 0:
            self.blocks.append([])
            self.depth = 1
        elif tag == "span":
            style = dict(attrs).get("style") or ""
            self.styles.append(self.styles[-1] if "nowrap" in style and self.styles else style)
        elif tag == "br" and self.depth:
            self.blocks[-1].append(("\n", self.styles[-1] if self.styles else ""))

    def handle_endtag(self, tag):
        if tag == "span":
            self.styles.pop()
        elif tag in ("p", "h3", "h4", "h5", "h6"):
            self.depth = 0

    def handle_data(self, data):
        if self.depth:
            style = self.styles[-1] if self.styles else ""
            self.blocks[-1].extend((ch, style) for ch in data)


def _html_css(html: str, analysis: Analysis, content) -> dict[int, str]:
    """Article offset -> the CSS of the exported HTML there (the article part only)."""
    start = html.index("Legend:")
    body = html[html.index("</p>", start) + 4 : html.index("<hr", start)]
    parser = _Blocks()
    parser.feed(body)
    text = analysis.article.text
    shown = paragraphs(analysis.article, skip=content.headline)
    assert len(parser.blocks) == len(shown)
    out = {}
    for block, chars in zip(shown, parser.blocks, strict=True):
        assert "".join(c for c, _ in chars) == text[block.start : block.end]
        for i, (_, style) in enumerate(chars):
            if style:
                out[block.start + i] = style
    return out


def _markdown_bold(md: str) -> list[str]:
    body = md.split("Highlighted in **bold**: ", 1)[1].split("\n", 1)[1].split("\n---\n", 1)[0]
    return [re.sub(r"\\(.)", r"\1", m) for m in re.findall(r"\*\*(.+?)\*\*", body)]


def _expected_bold(analysis: Analysis, runs, content) -> list[str]:
    """The bright runs (touching ones joined), block by block, as Markdown writes them."""
    text = analysis.article.text
    starts = [r.start for r in runs]
    out = []
    for block in paragraphs(analysis.article, skip=content.headline):
        pieces = runs_between(runs, starts, block.start, block.end)
        for bright, group in itertools.groupby(pieces, key=lambda r: r.bright):
            if bright:
                out.append("".join(text[r.start : r.end] for r in group))
    return [" ".join(p.split("\n")).strip() for p in out if p.strip()]


@pytest.mark.parametrize(
    "names, hidden",
    [((), ()), (("Carter",), ()), (("Carter",), (Category.PLACE, Category.DATE))],
    ids=["all", "carter", "carter-no-places-dates"],
)
def test_window_html_and_markdown_show_the_same_runs(qtbot, seed_analysis, names, hidden):
    from PySide6.QtGui import QColor, QPalette

    from reader.report.document import build_content
    from reader.report.export import ExportOptions
    from reader.report.html import PAPER, TEXT, css, render_html
    from reader.report.markdown import render_markdown
    from reader.ui.article_view import ArticleView

    analysis = seed_analysis
    ids = frozenset(e.id for e in find_entities(analysis, list(names)))
    assert len(ids) == len(names)
    sel = Selection(ids, frozenset(hidden))
    runs = highlight_runs(analysis, sel)
    assert runs and any(r.state == (CHOSEN if ids else ON) for r in runs)

    view = ArticleView()
    qtbot.addWidget(view)
    pal = view.palette()  # the HTML's paper and ink, whatever theme an earlier test left
    pal.setColor(QPalette.ColorRole.Base, QColor(PAPER))
    pal.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    view.setPalette(pal)
    view.resize(900, 700)
    view.show()
    view.set_article(analysis.article)
    qtbot.waitUntil(lambda: not view.building, timeout=10_000)
    with qtbot.waitSignal(view.highlightsApplied, timeout=30_000):
        view.set_highlights(analysis, apply(analysis, sel), sel)
    window = _window_labels(view)
    expected = _expected_labels(runs, PAPER, TEXT)
    assert window == expected

    content = build_content(analysis, ExportOptions(selection=sel))
    assert content.runs == runs
    html = render_html(content, chart=None)
    got_css = _html_css(html, analysis, content)
    want_css = {i: css(look(r, PAPER, TEXT)) for r in runs for i in range(r.start, r.end)}
    want_css = {
        i: s for i, s in want_css.items() if s and (content.headline is None or i >= content.headline.end)
    }
    assert got_css == want_css
    # the window paints what the HTML paints: the same backgrounds where the window draws one
    html_bg = {i: re.search(r"background-color: (#\w+)", s) for i, s in got_css.items()}
    for i, label in window.items():
        bg = html_bg.get(i)
        assert (bg.group(1).lower() if bg else None) == label[3]

    md = render_markdown(content)
    assert _markdown_bold(md) == _expected_bold(analysis, runs, content)


def test_categories_are_told_apart_without_colour():
    """Each category's highlight differs from every other's in its line or weight, not only in
    its colour, and from a kept quote's (a colour-blind reader, a greyscale print)."""
    cues = {cat: (look(Run(0, 1, cat, ON)).line, look(Run(0, 1, cat, ON)).bold) for cat in RANK}
    cues[Category.QUOTE] = (look(Run(0, 1, quote=ON)).line, look(Run(0, 1, quote=ON)).bold)
    assert len(set(cues.values())) == len(cues), cues
    # a name inside a quote shows its own line, not the quote's
    assert look(Run(0, 1, Category.ORGANIZATION, ON, ON)).line == "dashed"
