"""What an export shows (Qt-free): the selection, the highlighted runs of the article, the
quotes, the figures and the charts, shared by the HTML, Markdown, CSV, JSON and PDF outputs.

Everything is derived from ``reader.core.selection.apply`` and the highlighted runs from
``reader.core.highlights`` so an export follows the same rules as the window: the same runs
highlighted in the same states, the same quotes and figures kept.
"""

from __future__ import annotations

import math
import os
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from reader.core.categories import ORDER, Category
from reader.core.errors import ExportError
from reader.core.headline import headline_block
from reader.core.highlights import Run, highlight_runs, runs_between
from reader.core.identity import quote_speaker
from reader.core.model import PHRASE, UNCHARTED_KINDS, Analysis, Article, Block, Figure, Quote
from reader.core.paragraphs import paragraphs as core_paragraphs
from reader.core.selection import Selection, View, apply, find_entities
from reader.report.chart import (
    Coverage,
    Point,
    Series,
    Single,
    axis_label,
    chart_data,
    chart_points,
    chart_series,
    coverage,
    log_floor,
    point_text,
    row_label,
    use_log_scale,
)

if TYPE_CHECKING:  # pragma: no cover
    from reader.report.options import ExportOptions

MAX_SERIES = 12  # comparisons charted (the table lists every figure); bars per one: chart.chart_points

# Chart geometry in CSS pixels (96 per inch); the HTML and the image renderer share it. Each bar has
# its label on the line(s) above it, across the chart's width, so that no label is cut.
CHART_WIDTH = 640
CHART_TITLE_H = 24
CHART_LINE_H = 15  # a label line
CHART_BAR_H = 13
CHART_ROW_GAP = 6  # under each bar
CHART_PAD = 10
CHART_VALUE_W = 96  # room kept beside a bar's end for its value ("$171 m", "−16.1%")
CHART_CHAR_W = 7.0  # the widest average character of the labels' font at 11 px (DejaVu Sans: 6.4)
CHART_GAP = 10  # between two comparisons
CHART_MAX_H = 640  # one image stays well inside a page
# (labels are kept to the chart's width by ``wrap_label``: the estimate errs on the wide side)

# The fixed wording that makes an export recognisable when it is opened again (the PDF loader
# relies on it): the PDF's Subject starts with EXPORT_SUBJECT, the header ends with the legend
# line that starts with LEGEND_LABEL, the article text ends where the "Quotes (N)" heading
# (QUOTES_HEADING) starts, and every page's footer is the title and "page N of M" (PAGE_LABEL).
EXPORT_SUBJECT = "Highlights exported by reader"
LEGEND_LABEL = "Legend:"
QUOTES_HEADING = "Quotes ({})"
FIGURES_HEADING = "Figures ({})"
PAGE_LABEL = "page {} of {}"


def wrap_label(text: str, width: float = CHART_WIDTH - 2 * CHART_PAD) -> tuple[str, ...]:
    """``text`` in lines that fit ``width`` CSS pixels (by ``CHART_CHAR_W``), broken between words; a
    word longer than a line is broken inside."""
    most = max(8, int(width // CHART_CHAR_W))
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > most:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:most])
            word = word[most:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= most:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return tuple(lines)  # (none for an empty label: the bar says its value at its end)


@dataclass(frozen=True, slots=True)
class Row:
    """One bar of a panel: its label lines, and the top of its label and of its bar (CSS pixels)."""

    point: Point
    lines: tuple[str, ...]
    y: float  # the top of the label
    bar_y: float  # the top of the bar


@dataclass(frozen=True, slots=True)
class Panel:
    """One comparison's bars inside a chart image; ``y`` and ``height`` in CSS pixels."""

    series: Series
    points: tuple[Point, ...]
    omitted: int  # bars of this comparison left out of the chart: smaller values (the table has them)
    y: int
    height: int

    @property
    def log_scale(self) -> bool:
        """The same decision as the window's: values spanning more than two orders of magnitude."""
        return use_log_scale(p.value for p in self.points)

    @property
    def title(self) -> str:
        title = axis_label(self.series, self.log_scale)
        if self.series.diverging:
            title += ": rises right, falls left"
        if self.omitted:
            title += f" (largest {len(self.points)} of {len(self.points) + self.omitted})"
        return title

    def rows(self) -> list[Row]:
        """Each bar's label lines and where its label and its bar go."""
        out = []
        y = self.y + CHART_TITLE_H
        for p in self.points:
            lines = wrap_label(row_label(p))
            bar_y = y + len(lines) * CHART_LINE_H
            out.append(Row(p, lines, y, bar_y))
            y = bar_y + CHART_BAR_H + CHART_ROW_GAP
        return out

    def bars(self, x0: float, width: float) -> tuple[float, list[tuple[float, float]]]:
        """Where the bars go between ``x0`` and ``x0 + width`` (room for the values kept on the
        side(s) they are written): the x of the axis line and each bar's (left, right). Linear from
        zero (a fall to its left), or on a log scale."""
        values = [p.value for p in self.points]
        negative = min(values) < 0
        x0 += CHART_VALUE_W if negative else 0
        width -= CHART_VALUE_W * (2 if negative else 1)
        if self.log_scale:
            first, last = log_floor(min(values)), math.log10(max(values))
            span = (last - first) or 1.0
            return x0, [(x0, x0 + (math.log10(v) - first) / span * width) for v in values]
        lo, hi = min([0.0, *values]), max([0.0, *values])
        span = (hi - lo) or 1.0
        zero = x0 + (0 - lo) / span * width
        out = []
        for v in values:
            x1 = x0 + (v - lo) / span * width
            left, right = sorted((zero, x1))
            out.append((left, right))
        return zero, out


def panel_height(points: Sequence[Point]) -> int:
    """A panel's height: its title, and each bar with its label lines."""
    lines = sum(len(wrap_label(row_label(p))) for p in points)
    return CHART_TITLE_H + lines * CHART_LINE_H + len(points) * (CHART_BAR_H + CHART_ROW_GAP) + CHART_GAP


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart image: panels of one comparison each, stacked; its size in CSS pixels."""

    panels: tuple[Panel, ...]
    width: int
    height: int
    resource: str  # image name used by the HTML for the Qt renderer

    @property
    def title(self) -> str:
        return ", ".join(p.series.title for p in self.panels)


@dataclass(frozen=True)
class ExportContent:
    analysis: Analysis
    selection: Selection
    view: View
    runs: tuple[Run, ...]
    charts: tuple[Chart, ...]
    exported_at: datetime
    singles: tuple[Single, ...] = ()  # the figures no comparison holds: listed under the charts
    filter_note: str | None = None
    run_starts: list[int] = field(default_factory=list)
    headline: Block | None = None  # the block shown as the title (the h1), not again in the text

    @property
    def article(self) -> Article:
        return self.analysis.article

    @property
    def visible(self) -> tuple[Category, ...]:
        return tuple(c for c in ORDER if c not in self.selection.hidden)

    def title(self) -> str:
        return article_title(self.analysis.article)

    def runs_between(self, start: int, end: int) -> list[Run]:
        """The pieces of [start, end): the highlighted runs cut to it and plain runs between."""
        # only the runs that can reach into it: ``runs_between`` copies the runs from its first
        i = max(0, bisect_right(self.run_starts, start) - 1)
        j = bisect_left(self.run_starts, end, lo=i)
        return runs_between(self.runs[i:j], self.run_starts[i:j], start, end)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def article_title(article: Article) -> str:
    """What an export is headed by: the article's title (from the page, PDF or Markdown), else
    its headline (see ``headline_block``) or first heading, else the file's stem."""
    if article.title and article.title.strip():
        return _one_line(article.title)
    block = headline_block(article)
    if block is None:
        text = article.text
        headings = (b for b in article.blocks if b.kind == "heading" and text[b.start : b.end].strip())
        block = next(headings, None)
    if block is not None:
        return _one_line(article.text[block.start : block.end])
    if article.source:
        return os.path.splitext(os.path.basename(article.source))[0] or "Article"
    return "Article"


def resolve_selection(analysis: Analysis, options: ExportOptions) -> Selection:
    """The window's selection if given, else one built from ``--only`` and ``--categories``."""
    if options.selection is not None:
        return options.selection
    ids: frozenset[str] = frozenset()
    if options.only:
        missing = [n for n in options.only if not find_entities(analysis, [n])]
        if missing:
            names = ", ".join(repr(n) for n in missing)
            raise ExportError(
                analysis.article.source, f"no entity named {names} in this article (--only takes names)"
            )
        ids = frozenset(e.id for e in find_entities(analysis, list(options.only)))
    hidden: frozenset[Category] = frozenset()
    if options.categories is not None:
        shown = set()
        known = ", ".join(c.value for c in ORDER)
        for name in options.categories:
            try:
                shown.add(Category(name.strip().lower()))
            except ValueError:
                raise ExportError(
                    analysis.article.source, f"unknown category {name!r} (known: {known})"
                ) from None
        hidden = frozenset(c for c in ORDER if c not in shown)
    return Selection(ids, hidden)


def _filter_note(analysis: Analysis, selection: Selection) -> str | None:
    parts = []
    if selection.entity_ids:
        names = [e.name for e in analysis.canonical if e.id in selection.entity_ids]
        parts.append("only " + ", ".join(names))
    if selection.hidden:
        parts.append("hidden: " + ", ".join(c.value for c in ORDER if c in selection.hidden))
    return "; ".join(parts) or None


def _charts(series: Sequence[tuple[Series, tuple[Point, ...]]]) -> tuple[Chart, ...]:
    """Comparisons packed into as few images as fit a page (each image at most CHART_MAX_H tall)."""
    charts: list[Chart] = []
    panels: list[Panel] = []
    y = CHART_PAD

    def flush() -> None:
        nonlocal panels, y
        if panels:
            height = y - CHART_GAP + CHART_PAD
            charts.append(Chart(tuple(panels), CHART_WIDTH, height, f"reader-chart-{len(charts)}.png"))
        panels, y = [], CHART_PAD

    for s, points in series:
        h = panel_height(points)
        if panels and y + h - CHART_GAP + CHART_PAD > CHART_MAX_H:
            flush()
        panels.append(Panel(s, tuple(points), len(s.points) - len(points), y, h - CHART_GAP))
        y += h
    flush()
    return tuple(charts)


def charted_points(
    figures: Sequence[Figure], quotes: Sequence[Quote] = (), series: Sequence[Series] | None = None
) -> list[tuple[Series, tuple[Point, ...]]]:
    """The comparisons an export charts (the window's default first; ages and ranks not) with their
    bars: the same ``chart_series`` and ``chart_points`` as the window's chart."""
    if series is None:
        series = chart_series(figures, quotes)
    shown = [s for s in series if s.kind not in UNCHARTED_KINDS][:MAX_SERIES]
    return [(s, chart_points(s)) for s in shown]


def chart_coverage(content: ExportContent) -> Coverage:
    """How many of the export's figures its charts show, and why the others are not charted."""
    return coverage(content.view.figures, [(p.series, p.points) for c in content.charts for p in c.panels])


def build_content(analysis: Analysis, options: ExportOptions, now: datetime | None = None) -> ExportContent:
    selection = resolve_selection(analysis, options)
    view = apply(analysis, selection)
    runs = highlight_runs(analysis, selection, view)
    charts: tuple[Chart, ...] = ()
    singles: tuple[Single, ...] = ()
    if Category.FIGURE not in selection.hidden:
        series, listed = chart_data(view.figures, view.quotes)
        charted = charted_points(view.figures, view.quotes, series)
        charts = _charts(charted)
        # the list: the figures no comparison holds, and ages and ranks (never charted here);
        # comparisons past MAX_SERIES are in the table
        aside = [
            Single(
                point_text(p)[:1].upper() + point_text(p)[1:],
                p.figure_index,
                p.start,
                p.end,
                view.figures[p.figure_index].unit_kind,
                p.repeats,
            )
            for s in series
            if s.kind in UNCHARTED_KINDS
            for p in s.points
        ]
        singles = tuple(sorted([*listed, *aside], key=lambda x: x.start))
    return ExportContent(
        analysis=analysis,
        selection=selection,
        view=view,
        runs=runs,
        charts=charts,
        singles=singles,
        exported_at=now or datetime.now().astimezone(),
        filter_note=_filter_note(analysis, selection),
        run_starts=[r.start for r in runs],
        headline=headline_block(analysis.article),
    )


def paragraphs(analysis: Analysis, skip: Block | None = None) -> list[Block]:
    """The blocks an export shows, in order (``reader.core.paragraphs.paragraphs``): every block,
    plus a paragraph per non-blank line of any text they leave out; without the ``skip`` block
    (the headline, shown as the export's title)."""
    return core_paragraphs(analysis.article, skip)


def figure_context(analysis: Analysis, fig: Figure, limit: int = 240) -> str:
    """The sentence a figure is in (shortened around the figure when long), on one line."""
    text = analysis.article.text
    s, e = fig.sentence_start, fig.sentence_end
    if not (e > s and s <= fig.start and fig.end <= e):
        sents = analysis.sentences
        i = bisect_left(sents, (fig.start + 1, -1)) - 1
        if 0 <= i < len(sents) and sents[i][0] <= fig.start and fig.end <= sents[i][1]:
            s, e = sents[i]
        else:
            s, e = max(0, fig.start - 100), min(len(text), fig.end + 100)
    if e - s > limit:
        half = max(0, (limit - (fig.end - fig.start)) // 2)
        s2, e2 = max(s, fig.start - half), min(e, fig.end + half)
        body = " ".join(text[s2:e2].split())
        return ("…" if s2 > s else "") + body + ("…" if e2 < e else "")
    return " ".join(text[s:e].split())


def speaker_label(quote: Quote) -> str:
    """The speaker as shown (:func:`reader.core.identity.quote_speaker`): the name, "unresolved
    (she)", the unnamed source as written, or "unattributed"."""
    return quote_speaker(quote)


# the mark of a quote whose content is a noun phrase (``content_type == "phrase"``) in the reports
STANCE_LABEL = "stance"


def is_phrase(quote: Quote) -> bool:
    """The content is a noun phrase, the object of a stance verb ("rejected that criticism"):
    the reports show it after its cue, dimmed, marked ``STANCE_LABEL``."""
    return quote.content_type == PHRASE


# the mark of a quote, entity or figure a reader corrected (reader.core.corrections)
CORRECTED_LABEL = "corrected"


def quote_meta(quote: Quote) -> tuple[str, ...]:
    """What the line of a quote says besides speaker and content: the kind, then the cue of a
    clause (a phrase's cue leads its content instead) or the stance mark of a phrase; and
    ``CORRECTED_LABEL`` when a reader corrected or added it."""
    mark = (CORRECTED_LABEL,) if quote.corrected else ()
    if is_phrase(quote):
        return (quote.kind, STANCE_LABEL, *mark)
    return ((quote.kind, quote.cue.text) if quote.cue else (quote.kind,)) + mark


def figure_measures(figure: Figure) -> str:
    """What a figure measures as the reports' tables say it, marked when a reader said it."""
    of = figure.of or ""
    return f"{of} ({CORRECTED_LABEL})" if figure.corrected else of


def corrections_note(analysis: Analysis) -> str | None:
    """What the reports say of a reader's corrections: how many, of which kinds, and the ones that
    could not be re-attached (their words gone from the text, or nothing there to correct)."""
    notes = analysis.corrections
    if not notes:
        return None
    kinds: dict[str, int] = {}
    for n in notes:
        if n.attached:
            kinds[n.title] = kinds.get(n.title, 0) + 1
    done = sum(kinds.values())
    text = f"{done} correction{'s' if done != 1 else ''} by a reader"
    if kinds:
        text += " (" + ", ".join(t if k == 1 else f"{t} ×{k}" for t, k in kinds.items()) + ")"
    lost = [n for n in notes if not n.attached]
    if lost:
        words = "; ".join(f"{n.title}: “{_one_line(n.words)[:60]}”" for n in lost[:3])
        text += f"; {len(lost)} could not be re-attached ({words}{'; …' if len(lost) > 3 else ''})"
    return text


def phrase_cue(quote: Quote) -> str:
    """The cue shown with a phrase quote's content ("rejected"); "" for a clause."""
    return quote.cue.text if is_phrase(quote) and quote.cue else ""


_EDGE_MARKS = '"“”„«»'  # (not the single marks: "the players'" keeps its apostrophe)


def shown_words(kind: str, words: str) -> str:
    """A quote's words as every view shows them (panel, library, exports): a direct quote in
    quotation marks; a mixed one as written, the marks only around the words the speaker said
    ("it was not just an issue for “gig economy” workers"), never around the whole paraphrase;
    an indirect one plain. White space is one space."""
    body = _one_line(words)
    if kind == "direct":
        return f"“{body.strip(_EDGE_MARKS + ' ')}”"
    return body


def phrase_parts(quote: Quote) -> tuple[str, str]:
    """A phrase quote's cue as it reads around the content: (before, after). The cue leads a content
    that follows it ("rejected" that criticism), with "…" when words stand between them ("spoke …"
    Mrs. Clinton's tax plans), and trails one that precedes it (His views "were echoed")."""
    cue = phrase_cue(quote)
    if not cue:
        return "", ""
    cue = " ".join(cue.split())
    assert quote.cue is not None
    if quote.cue.start >= quote.end:
        return "", cue if quote.cue.start - quote.end <= 1 else f"… {cue}"
    return (cue if quote.start - quote.cue.end <= 1 else f"{cue} …"), ""


def source_items(content: ExportContent) -> list[tuple[str, str]]:
    art = content.article
    items = []
    if art.source:
        items.append(("Source", art.source))
    items.append(("Format", art.format))
    for label, value in (
        ("Author", art.author),
        ("Date", art.date),
        ("Publisher", art.publisher),
        ("URL", art.url),
    ):
        if value:
            items.append((label, value))
    return items


def summary_line(content: ExportContent) -> str:
    view = content.view
    words = content.article.word_count()
    return (
        f"{words:,} words · {len(content.analysis.canonical)} entities · "
        f"{len(view.quotes)} quotes · {len(view.figures)} figures"
    )


def export_subject() -> str:
    """The PDF's Subject: EXPORT_SUBJECT and the version."""
    from reader import __version__

    return f"{EXPORT_SUBJECT} {__version__}"


def export_stamp(content: ExportContent) -> str:
    from reader import __version__

    return f"Exported {content.exported_at:%Y-%m-%d %H:%M} by reader {__version__}"
