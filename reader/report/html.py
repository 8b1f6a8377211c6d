"""The export document as HTML with inline styles (Qt-free).

The same markup feeds a browser (``.html`` export, charts as inline SVG) and Qt's
QTextDocument for the PDF and print (charts as ``<img>`` resources the Qt layer supplies),
so it keeps to what both understand: inline ``style`` attributes, simple tables, no classes.
The markup for Qt (``paged``) differs where a long article would cost Qt seconds: quotes are
paragraphs, the figures table is left to the Qt layer (``figure_rows``), span styles are
classes. The Qt layer builds that document from its parts (``paged_parts``, ``block_tags``,
``run_style``, ``CARD_OPEN``, ``quote_pieces``) rather than parse the whole markup.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from reader.core.categories import STYLES, Category
from reader.core.highlights import ON, Look, Run, State, look
from reader.report.chart import format_figure, table_value
from reader.report.document import (
    CHART_BAR_H,
    CHART_LINE_H,
    CHART_PAD,
    FIGURES_HEADING,
    LEGEND_LABEL,
    QUOTES_HEADING,
    Chart,
    ExportContent,
    chart_coverage,
    corrections_note,
    export_stamp,
    export_subject,
    figure_context,
    figure_measures,
    is_phrase,
    paragraphs,
    phrase_parts,
    quote_meta,
    shown_words,
    source_items,
    speaker_label,
    summary_line,
)

if TYPE_CHECKING:  # pragma: no cover
    from reader.core.model import Quote

TEXT = "#1a1a1a"
PAPER = "#ffffff"
MUTED = "#5f5f5f"
RULE = "#c8c8c8"
FONT = "'DejaVu Serif', Georgia, 'Times New Roman', serif"
UI_FONT = "'DejaVu Sans', Helvetica, Arial, sans-serif"

QUOTE = STYLES[Category.QUOTE]
SPEAKER = STYLES[Category.SPEAKER]


# only for browsers (the Qt renderer gets no <style>): a readable column
BROWSER_CSS = "<style>@media screen { body { max-width: 46em; margin: 2em auto; padding: 0 1em } }</style>"
NOWRAP = "white-space: nowrap"
# a number with its currency sign, scale and percent sign: never wrapped ("$ 48 m", "12,000",
# "3.5 %", "US$1.2 bn"); the words around it wrap as usual, so a table's columns keep their widths
NUMBER = re.compile(
    r"(?:(?:US|A|C|HK|NZ)?[$€£¥₹]\s?)?[-−]?\d(?:[\d,.]*\d)?"
    r"(?:\s?(?:%|per\s?cent\b|percent\b|(?:bn|mn|m|k|million|billion|trillion)\b))?"
)


def _e(text: str) -> str:
    return escape(text, quote=False)


def _attr(text: str) -> str:
    return escape(text, quote=True)


def css(lk: Look) -> str:
    """Inline CSS for a ``Look`` (``reader.core.highlights``), the window's colours on paper."""
    parts = []
    if lk.background:
        parts.append(f"background-color: {lk.background}")
    if lk.foreground:
        parts.append(f"color: {lk.foreground}")
    if lk.line == "overline":
        parts.append("text-decoration: overline")
    elif lk.line:
        parts.append(f"text-decoration: underline; text-decoration-color: {lk.line_colour}")
        if lk.line != "solid":  # browsers; Qt's HTML (the PDF) has no styles: the PDF sets its own
            parts.append(f"text-decoration-style: {lk.line}")
    if lk.bold:
        parts.append("font-weight: 600")
    return "; ".join(parts)


@functools.cache
def _style(category: Category | None, state: State | None, quote: State | None) -> str:
    return css(look(Run(0, 0, category, state, quote), PAPER, TEXT))


def run_style(run: Run) -> str:
    """Inline CSS of a run: how ``reader.core.highlights.look`` paints it on white paper."""
    return _style(run.category, run.state, run.quote)


def _text_html(text: str) -> str:
    return "<br>".join(_e(line) for line in text.split("\n"))


def numbers_html(text: str) -> str:
    """``text`` as HTML, every number in it (with its sign and unit) kept on one line."""
    out, pos = [], 0
    for m in NUMBER.finditer(text):
        out.append(_e(text[pos : m.start()]))
        out.append(f'<span style="{NOWRAP}">{_e(m.group())}</span>')
        pos = m.end()
    out.append(_e(text[pos:]))
    return "".join(out)


def _block_html(content: ExportContent, start: int, end: int) -> str:
    text = content.article.text
    out = []
    for run in content.runs_between(start, end):
        chunk = text[run.start : run.end]
        if run.category is Category.FIGURE:  # "$ 11 m" stays on one line
            piece = "<br>".join(numbers_html(line) for line in chunk.split("\n"))
        else:
            piece = _text_html(chunk)
        style = run_style(run)
        out.append(f'<span style="{style}">{piece}</span>' if style else piece)
    return "".join(out)


def _legend(content: ExportContent) -> str:
    chips = []
    for cat in content.visible:
        st = STYLES[cat]
        sample = Run(0, 0, quote=ON) if cat is Category.QUOTE else Run(0, 0, cat, ON)
        style = run_style(sample)
        chips.append(f'<span style="{style}">&nbsp;{_e(st.label)}&nbsp;</span>')
    return (
        f'<p style="font-family: {UI_FONT}; font-size: 9pt; margin-top: 6px; margin-bottom: 14px">'
        f'<span style="color: {MUTED}">{LEGEND_LABEL}&nbsp;</span> ' + "&nbsp;&nbsp; ".join(chips) + "</p>"
    )


def _headline(content: ExportContent) -> str:
    """The title: the headline block with its highlights when the article starts with it."""
    block = content.headline
    title = content.title()
    if block is None or " ".join(content.article.text[block.start : block.end].split()) != title:
        return _e(title)
    return _block_html(content, block.start, block.end).replace("<br>", " ")


def _header(content: ExportContent) -> str:
    meta = " · ".join(f"{_e(k)}: {_e(v)}" for k, v in source_items(content))
    lines = [
        f'<h1 style="font-family: {UI_FONT}; font-size: 18pt; margin-bottom: 4px">{_headline(content)}</h1>',
        f'<p style="font-family: {UI_FONT}; font-size: 8.5pt; color: {MUTED}; margin: 0">{meta}</p>',
        f'<p style="font-family: {UI_FONT}; font-size: 8.5pt; color: {MUTED}; margin: 0">'
        f"{_e(summary_line(content))} · {_e(export_stamp(content))}</p>",
    ]
    if content.filter_note:
        lines.append(
            f'<p style="font-family: {UI_FONT}; font-size: 8.5pt; color: {TEXT}; margin: 0">'
            f"<b>Filter:</b> {_e(content.filter_note)}</p>"
        )
    corrected = corrections_note(content.analysis)
    if corrected:
        lines.append(
            f'<p style="font-family: {UI_FONT}; font-size: 8.5pt; color: {TEXT}; margin: 0">'
            f"<b>Corrected:</b> {_e(corrected)}</p>"
        )
    lines.append(_legend(content))
    return "\n".join(lines)


def _h2(title: str) -> str:
    return (
        f'<h2 style="font-family: {UI_FONT}; font-size: 13pt; margin-top: 18px; margin-bottom: 6px; '
        f'color: {TEXT}">{_e(title)}</h2>'
    )


def _article(content: ExportContent) -> str:
    """The article text (without the headline, which is the title), after the legend."""
    out = []
    for block in paragraphs(content.analysis, skip=content.headline):
        opening, closing = block_tags(block.kind, block.level)
        out.append(f"{opening}{_block_html(content, block.start, block.end)}{closing}")
    return "\n".join(out)


def block_tags(kind: str, level: int) -> tuple[str, str]:
    """The opening and closing markup of an article block: a heading or a paragraph."""
    if kind == "heading":
        size = {1: 14, 2: 12.5}.get(level, 11.5)
        tag = f"h{min(6, 2 + max(level, 1))}"
        return (
            f'<{tag} style="font-family: {UI_FONT}; font-size: {size}pt; font-weight: bold; '
            f'margin-top: 12px; margin-bottom: 4px">',
            f"</{tag}>",
        )
    return '<p style="margin-top: 0; margin-bottom: 8px; line-height: 130%">', "</p>"


# a quote in the PDF is a block of its own (a "card"): the Qt layer paints its background and
# the bar at its left around the text, CARD_PAD_Y px above and below its lines; these margins
# leave that room (Qt lets the larger of two margins that meet stand for both). A table per
# quote, as in the browser, would cost Qt a table layout each: thousands in a long export.
CARD_BAR = 4  # CSS px: the quote's bar at the left
CARD_PAD_Y = 4  # CSS px: the card's padding above and below its text
CARD_PAD_X = 8  # CSS px: on either side of its text
CARD_GAP = 7  # CSS px: white space above a card
CARD_OPEN = (
    f'<p style="background-color: {QUOTE.light_bg}; margin-top: {CARD_GAP + 2 * CARD_PAD_Y}px; '
    f"margin-bottom: {CARD_PAD_Y}px; margin-left: {CARD_BAR + CARD_PAD_X}px; "
    f'margin-right: {CARD_PAD_X}px">'
)


def _chip_open(known: bool) -> str:
    chip_style = f"background-color: {SPEAKER.light_bg}; color: {TEXT}" if known else f"color: {MUTED}"
    return f'<span style="font-family: {UI_FONT}; font-size: 9pt; {chip_style}; font-weight: bold">'


META_OPEN = f'<span style="font-family: {UI_FONT}; font-size: 9pt; color: {MUTED}">'
PHRASE_OPEN = f'<span style="color: {MUTED}">'


def _quote_html(q: Quote) -> str:
    """The speaker chip, the quote's kind and cue, and its words."""
    name = speaker_label(q)
    meta = " · ".join(_e(m) for m in quote_meta(q))
    words = _e(shown_words(q.kind, q.words))
    if is_phrase(q):  # a noun phrase with its cue, dimmed: it is a stance, not a quote
        before, after = phrase_parts(q)
        lead = f"<i>{_e(before)}</i> " if before else ""
        tail = f" <i>{_e(after)}</i>" if after else ""
        words = f"{PHRASE_OPEN}{lead}{words}{tail}</span>"
    return (
        f"{_chip_open(bool(q.speaker_name or q.speaker))}&nbsp;{_e(name)}&nbsp;</span>"
        f"{META_OPEN}&nbsp;{meta}</span>"
        f"&nbsp;&nbsp; {words}"
    )


def quote_pieces(q: Quote) -> list[tuple[str, str, str]]:
    """A quote's card as ``_quote_html`` marks it up, in pieces of plain text: (opening markup,
    text, closing markup), for the Qt layer to build the card without parsing it."""
    words = shown_words(q.kind, q.words)
    pieces = [
        (_chip_open(bool(q.speaker_name or q.speaker)), f"\xa0{speaker_label(q)}\xa0", "</span>"),
        (META_OPEN, "\xa0" + " · ".join(quote_meta(q)), "</span>"),
    ]
    if not is_phrase(q):
        return [*pieces, ("", f"\xa0\xa0 {words}", "")]
    before, after = phrase_parts(q)
    pieces.append(("", "\xa0\xa0 ", ""))
    if before:
        pieces += [(PHRASE_OPEN + "<i>", before, "</i></span>"), (PHRASE_OPEN, " ", "</span>")]
    pieces.append((PHRASE_OPEN, words, "</span>"))
    if after:
        pieces += [(PHRASE_OPEN, " ", "</span>"), (PHRASE_OPEN + "<i>", after, "</i></span>")]
    return pieces


def _quotes_head(content: ExportContent) -> list[str]:
    """The rule and the heading that end the article text (and the line saying there are no
    quotes)."""
    quotes = content.view.quotes
    out = [
        f'<hr style="color: {RULE}; background-color: {RULE}; margin-top: 14px">',
        _h2(QUOTES_HEADING.format(len(quotes))),
    ]
    if not quotes:
        out.append(
            f'<p style="color: {MUTED}">No quotes{" for this filter" if content.filter_note else ""}.</p>'
        )
    return out


def _quotes(content: ExportContent, paged: bool = False) -> str:
    out = _quotes_head(content)
    for q in content.view.quotes:
        body = _quote_html(q)
        if paged:  # a card: see CARD_BAR
            out.append(f"{CARD_OPEN}{body}</p>")
            continue
        # the speaker opens the quote's own paragraph: never separated from it by a page break
        out.append(
            '<table width="100%" cellspacing="0" cellpadding="0" '
            f'style="border-collapse: collapse; margin-top: {CARD_GAP}px">'
            f'<tr><td width="{CARD_BAR}" style="background-color: {QUOTE.base}"></td>'
            f'<td style="background-color: {QUOTE.light_bg}; '
            f'padding: {CARD_PAD_Y}px {CARD_PAD_X}px {CARD_PAD_Y}px {CARD_PAD_X}px">'
            f"{body}</td></tr></table>"
        )
    return "\n".join(out)


def _svg_chart(chart: Chart) -> str:
    """The comparisons as inline SVG for browsers (the same geometry as the PDF image: each bar
    with its label above it, its value at its end)."""
    base = STYLES[Category.FIGURE].base
    w, h = chart.width, chart.height
    x0 = CHART_PAD
    plot_w = w - 2 * CHART_PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="11">'
    ]
    for panel in chart.panels:
        zero, spans = panel.bars(x0, plot_w)
        parts.append(
            f'<text x="{CHART_PAD}" y="{panel.y + 15}" font-size="13" font-weight="bold">'
            f"{_e(panel.title)}</text>"
        )
        rows = panel.rows()
        for row, (left, right) in zip(rows, spans, strict=True):
            for k, line in enumerate(row.lines):
                parts.append(
                    f'<text x="{CHART_PAD}" y="{row.y + 11 + k * CHART_LINE_H:.1f}">{_e(line)}</text>'
                )
            p = row.point
            parts.append(
                f'<rect x="{left:.1f}" y="{row.bar_y:.1f}" width="{max(right - left, 1):.1f}" '
                f'height="{CHART_BAR_H}" fill="{base}"/>'
            )
            if p.value < 0:
                parts.append(
                    f'<text x="{left - 5:.1f}" y="{row.bar_y + 10:.1f}" text-anchor="end" fill="#333">'
                    f"{_e(p.value_text)}</text>"
                )
            else:
                parts.append(
                    f'<text x="{right + 5:.1f}" y="{row.bar_y + 10:.1f}" fill="#333">'
                    f"{_e(p.value_text)}</text>"
                )
        for row in rows:  # the axis beside each bar, not across the labels
            top, bottom = row.bar_y - 2, row.bar_y + CHART_BAR_H + 2
            parts.append(
                f'<line x1="{zero:.1f}" y1="{top:.1f}" x2="{zero:.1f}" y2="{bottom:.1f}" stroke="#666"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _singles(content: ExportContent) -> str:
    """The figures no comparison holds, listed under the charts."""
    if not content.singles:
        return ""
    items = " · ".join(_e(s.label) for s in content.singles)
    what = "Single figure" if len(content.singles) == 1 else "Single figures"
    style = "font-size: 9pt; margin-top: 4px"
    return f'<p style="{style}"><b>{what}</b> (nothing to compare them with): {items}</p>'


def _figures(content: ExportContent, chart: str | None, paged: bool = False) -> str:
    figs = content.view.figures
    out = [_h2(FIGURES_HEADING.format(len(figs)))]
    if not figs:
        out.append(
            f'<p style="color: {MUTED}">No figures{" for this filter" if content.filter_note else ""}.</p>'
        )
        return "\n".join(out)
    for c in content.charts:
        if chart == "img":
            out.append(
                f'<p style="margin-top: 6px; margin-bottom: 6px"><img src="{_attr(c.resource)}" '
                f'width="{c.width}" height="{c.height}" alt="{_attr("Chart: " + c.title)}"></p>'
            )
        elif chart == "svg":
            out.append(f'<p style="margin-top: 6px; margin-bottom: 6px">{_svg_chart(c)}</p>')
    if chart:
        out.append(_singles(content))
    cover = chart_coverage(content)
    listed = sum(1 + single.repeats for single in content.singles)
    hidden = cover.not_charted - listed - cover.conversions - cover.smaller
    if chart and (cover.smaller or cover.conversions or hidden > 0):
        parts = []
        if cover.smaller:
            parts.append(f"{cover.smaller} smaller value{'s' if cover.smaller != 1 else ''}")
        if cover.conversions:
            parts.append(f"{cover.conversions} conversion{'s' if cover.conversions != 1 else ''}")
        if hidden > 0:
            parts.append(f"{hidden} repeated or in comparisons not charted")
        out.append(
            f'<p style="font-size: 8.5pt; color: {MUTED}; margin-top: 0">'
            f"In the table but not in the charts: {_e(', '.join(parts))}.</p>"
        )
    if not paged:  # the PDF's table is laid out by the Qt layer from ``figure_rows``
        out.append(_figure_table(content))
    return "\n".join(out)


FIGURE_HEADS = ("Value", "Unit", "Measures", "As written", "Context")
FIGURE_WIDTHS = (14, 11, 17, 16, 42)  # percent of the table's width
FIGURE_CELL_PAD = (3, 5)  # CSS px: above and below, left and right of a cell's text
FIGURE_HEAD_BG = "#efefef"


@dataclass(frozen=True)
class FigureRow:
    """One row of the figures table as plain text (the HTML table and the PDF's are made from
    it): the value (a range on two lines, the first ending with its dash; a fraction as a fraction),
    unit, what it measures, the figure as written (its hedge with it), and the sentence around it
    with the figure's place in it (``mark``, or None)."""

    value: str
    unit: str
    measures: str
    written: str
    context: str
    mark: tuple[int, int] | None

    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.value, self.unit, self.measures, self.written, self.context)


def figure_rows(content: ExportContent) -> list[FigureRow]:
    """The rows of the figures table, one per figure the view keeps, in its order."""
    rows = []
    for f in content.view.figures:
        ctx = figure_context(content.analysis, f)
        mark = None
        if f.text and f.text in ctx:
            i = ctx.index(f.text)
            mark = (i, i + len(f.text))
        rows.append(
            FigureRow(
                # the Value cell never wraps: a range goes on two lines, after its dash
                value=table_value(f, "–\n"),
                unit=f.unit or "",
                measures=figure_measures(f),
                written=format_figure(f) if not f.text else f.text,
                context=ctx,
                mark=mark,
            )
        )
    return rows


def _figure_table(content: ExportContent) -> str:
    """The figures table for browsers."""
    head_style = f"background-color: {FIGURE_HEAD_BG}; font-family: {UI_FONT}; font-size: 9pt"
    head_style += "; font-weight: bold"
    pad_y, pad_x = FIGURE_CELL_PAD
    cell = f"border: 1px solid {RULE}; padding: {pad_y}px {pad_x}px {pad_y}px {pad_x}px; vertical-align: top"
    table = (
        f'<table width="100%" cellspacing="0" cellpadding="3" border="1" '
        f'style="border-collapse: collapse; border: 1px solid {RULE}; border-color: {RULE}; font-size: 9pt">'
    )
    head = (
        "<thead><tr>"
        + "".join(
            f'<th align="left" width="{w}%" style="{cell}; {head_style}">{h}</th>'
            for h, w in zip(FIGURE_HEADS, FIGURE_WIDTHS, strict=True)
        )
        + "</tr></thead>"
    )
    fig_bg = STYLES[Category.FIGURE].light_bg
    rows = []
    for row in figure_rows(content):
        ctx = row.context
        if row.mark is not None:
            i, j = row.mark
            ctx_html = (
                _e(ctx[:i])
                + f'<span style="background-color: {fig_bg}">{numbers_html(ctx[i:j])}</span>'
                + _e(ctx[j:])
            )
        else:
            ctx_html = _e(ctx)
        # in the cells after the value the numbers stay whole and the words around them wrap
        value_html = "<br>".join(_e(line) for line in row.value.split("\n"))
        tds = [f'<td style="{cell}; {NOWRAP}">{value_html}</td>']
        tds += [f'<td style="{cell}">{numbers_html(c)}</td>' for c in (row.unit, row.measures, row.written)]
        tds.append(f'<td style="{cell}">{ctx_html}</td>')
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "\n".join([table, head, *rows, "</table>"])


_SPAN_STYLE = re.compile(r'<span style="([^"]*)">')


def _span_classes(body: str) -> tuple[str, str]:
    """``body`` with each span's inline style replaced by a class, and the style sheet that
    defines them (for Qt: a long export has tens of thousands of spans and a dozen styles,
    and Qt parses a style sheet rule once but an inline style at every span)."""
    names: dict[str, str] = {}

    def name(m: re.Match[str]) -> str:
        cls = names.setdefault(m.group(1), f"s{len(names)}")
        return f'<span class="{cls}">'

    body = _SPAN_STYLE.sub(name, body)
    rules = "\n".join(f".{cls} {{ {style} }}" for style, cls in names.items())
    return body, f"<style>\n{rules}\n</style>"


def render_html(content: ExportContent, *, chart: str | None = "svg", paged: bool = False) -> str:
    """The whole document. ``chart``: "svg" (inline, browsers), "img" (``<img>`` resources named
    by ``Chart.resource``, for Qt) or None. ``paged``: the markup the Qt layer lays out for the
    PDF and print: every quote a paragraph (a card, see ``CARD_BAR``), no figures table (the
    Qt layer lays it out from ``figure_rows``) and the spans' styles as classes."""
    body = "\n".join(
        [
            _header(content),
            _article(content),
            _quotes(content, paged),
            _figures(content, chart, paged),
        ]
    )
    sheet = BROWSER_CSS if chart == "svg" else ""
    if paged:
        body, sheet = _span_classes(body)
    author = content.article.author
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{_e(content.title())}</title>"
        + (f'<meta name="author" content="{_attr(" ".join(author.split()))}">' if author else "")
        + f'<meta name="generator" content="{_attr(export_subject())}">'
        + f"{sheet}</head>\n"
        f"{BODY_OPEN}\n{body}\n</body></html>\n"
    )


BODY_OPEN = f'<body style="font-family: {FONT}; font-size: 10.5pt; color: {TEXT}; background-color: #ffffff">'


@dataclass(frozen=True)
class PagedParts:
    """The paged document (``render_html(paged=True)``) in parts, for the Qt layer to build it
    without parsing the long ones: the markup of the header, of the quotes' heading and of the
    figures section; the article's blocks and the quotes' cards it builds from ``block_tags``,
    ``run_style``, ``CARD_OPEN`` and ``quote_pieces``, in this order: header, article, quotes'
    heading, cards, figures."""

    header: str
    quotes_head: str
    figures: str


def paged_parts(content: ExportContent) -> PagedParts:
    return PagedParts(
        _header(content), "\n".join(_quotes_head(content)), _figures(content, "img", paged=True)
    )
