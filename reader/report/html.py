"""The export document as HTML with inline styles (Qt-free).

The same markup feeds a browser (``.html`` export, charts as inline SVG) and Qt's
QTextDocument for the PDF and print (charts as ``<img>`` resources the Qt layer supplies),
so it keeps to what both understand: inline ``style`` attributes, simple tables, no classes.
"""

from __future__ import annotations

import functools
import re
from html import escape
from typing import TYPE_CHECKING

from reader.core.categories import STYLES, Category
from reader.core.highlights import ON, Look, Run, State, look
from reader.report.chart import format_figure, point_text
from reader.report.document import (
    CHART_LABEL_W,
    CHART_PAD,
    CHART_ROW_H,
    CHART_TITLE_H,
    FIGURES_HEADING,
    LEGEND_LABEL,
    QUOTES_HEADING,
    Chart,
    ExportContent,
    chart_coverage,
    export_stamp,
    export_subject,
    figure_context,
    is_phrase,
    paragraphs,
    phrase_parts,
    quote_meta,
    source_items,
    speaker_label,
    summary_line,
)

if TYPE_CHECKING:  # pragma: no cover
    pass

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
    if lk.underline:
        parts.append(f"text-decoration: underline; text-decoration-color: {lk.underline_colour}")
        if lk.underline == "dotted":  # browsers; Qt (the PDF) draws it solid
            parts.append("text-decoration-style: dotted")
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
        body = _block_html(content, block.start, block.end)
        if block.kind == "heading":
            size = {1: 14, 2: 12.5}.get(block.level, 11.5)
            tag = f"h{min(6, 2 + max(block.level, 1))}"
            out.append(
                f'<{tag} style="font-family: {UI_FONT}; font-size: {size}pt; font-weight: bold; '
                f'margin-top: 12px; margin-bottom: 4px">{body}</{tag}>'
            )
        else:
            out.append(f'<p style="margin-top: 0; margin-bottom: 8px; line-height: 130%">{body}</p>')
    return "\n".join(out)


def _quotes(content: ExportContent) -> str:
    quotes = content.view.quotes
    # the rule and the heading end the article text
    out = [
        f'<hr style="color: {RULE}; background-color: {RULE}; margin-top: 14px">',
        _h2(QUOTES_HEADING.format(len(quotes))),
    ]
    if not quotes:
        out.append(
            f'<p style="color: {MUTED}">No quotes{" for this filter" if content.filter_note else ""}.</p>'
        )
    for q in quotes:
        name = speaker_label(q)
        known = bool(q.speaker_name or q.speaker)
        chip_style = f"background-color: {SPEAKER.light_bg}; color: {TEXT}" if known else f"color: {MUTED}"
        meta = " · ".join(_e(m) for m in quote_meta(q))
        words = _e(" ".join(q.words.split()))
        if is_phrase(q):  # a noun phrase with its cue, dimmed: it is a stance, not a quote
            before, after = phrase_parts(q)
            lead = f"<i>{_e(before)}</i> " if before else ""
            tail = f" <i>{_e(after)}</i>" if after else ""
            words = f'<span style="color: {MUTED}">{lead}{words}{tail}</span>'
        # the speaker opens the quote's own paragraph: never separated from it by a page break
        out.append(
            '<table width="100%" cellspacing="0" cellpadding="0" '
            'style="border-collapse: collapse; margin-top: 7px">'
            f'<tr><td width="4" style="background-color: {QUOTE.base}"></td>'
            f'<td style="background-color: {QUOTE.light_bg}; padding: 4px 8px 4px 8px">'
            f'<span style="font-family: {UI_FONT}; font-size: 9pt; {chip_style}; font-weight: bold">'
            f"&nbsp;{_e(name)}&nbsp;</span>"
            f'<span style="font-family: {UI_FONT}; font-size: 9pt; color: {MUTED}">'
            f"&nbsp;{meta}</span>"
            f"&nbsp;&nbsp; {words}</td></tr></table>"
        )
    return "\n".join(out)


def _svg_chart(chart: Chart) -> str:
    """Horizontal bar charts as inline SVG for browsers (same geometry as the PDF image)."""
    base = STYLES[Category.FIGURE].base
    w, h = chart.width, chart.height
    x0 = CHART_PAD + CHART_LABEL_W
    plot_w = w - x0 - CHART_PAD - 90
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
        top = panel.y + CHART_TITLE_H
        for i, (p, (left, right)) in enumerate(zip(panel.points, spans, strict=True)):
            y = top + i * CHART_ROW_H
            text = point_text(p)
            label = text if len(text) <= 38 else text[:37] + "…"
            parts.append(
                f'<text x="{x0 - 8}" y="{y + 15}" text-anchor="end">{_e(label)}</text>'
                f'<rect x="{left:.1f}" y="{y + 3}" width="{max(right - left, 1):.1f}" '
                f'height="{CHART_ROW_H - 6}" fill="{base}"/>'
                f'<text x="{right + 5:.1f}" y="{y + 15}" fill="#333">{p.value:,.10g}</text>'
            )
        parts.append(
            f'<line x1="{zero:.1f}" y1="{top}" x2="{zero:.1f}" '
            f'y2="{top + len(panel.points) * CHART_ROW_H}" stroke="#666"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


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
    cover = chart_coverage(content)
    if chart and cover.not_charted:
        omitted = cover.not_charted
        what = "1 figure is" if omitted == 1 else f"{omitted} figures are"
        out.append(
            f'<p style="font-size: 8.5pt; color: {MUTED}; margin-top: 0">'
            f"{what} in the table but not in the charts: {_e(cover.reasons())}.</p>"
        )
    out.append(_figure_table(content, paged))
    return "\n".join(out)


def _figure_table(content: ExportContent, paged: bool) -> str:
    """The figures table. ``paged`` (the PDF): one table per row, the header with the first
    row, so that the Qt layer can move a row that would straddle a page break whole."""
    head_style = f"background-color: #efefef; font-family: {UI_FONT}; font-size: 9pt; font-weight: bold"
    cell = f"border: 1px solid {RULE}; padding: 3px 5px 3px 5px; vertical-align: top"
    heads = ("Value", "Unit", "Qualifier", "As written", "Context")
    widths = ("16%", "12%", "11%", "17%", "44%")
    table = (
        f'<table width="100%" cellspacing="0" cellpadding="3" border="1" '
        f'style="border-collapse: collapse; border: 1px solid {RULE}; border-color: {RULE}; font-size: 9pt">'
    )
    head = (
        "<thead><tr>"
        + "".join(
            f'<th align="left" width="{w}" style="{cell}; {head_style}">{h}</th>'
            for h, w in zip(heads, widths)
        )
        + "</tr></thead>"
    )
    fig_bg = STYLES[Category.FIGURE].light_bg
    rows = []
    for n, f in enumerate(content.view.figures):
        value = f"{f.value:,.10g}" + (f"–{f.value_high:,.10g}" if f.value_high is not None else "")
        ctx = figure_context(content.analysis, f)
        if f.text and f.text in ctx:
            i = ctx.index(f.text)
            ctx_html = (
                _e(ctx[:i])
                + f'<span style="background-color: {fig_bg}">{numbers_html(f.text)}</span>'
                + _e(ctx[i + len(f.text) :])
            )
        else:
            ctx_html = _e(ctx)
        cells = (
            value,
            f.unit or "",
            f.qualifier_text or f.qualifier or "",
            format_figure(f) if not f.text else f.text,
        )
        style = cell
        if paged and n:  # the row above draws the line between them
            style += "; border-top-style: none; border-top-width: 0px"
        # the Value cell never wraps (a range goes on two lines, after its dash); in the others
        # the numbers stay whole and the words around them wrap
        value_html = "–<br>".join(f"{v:,.10g}" for v in (f.value, f.value_high) if v is not None)
        tds = [f'<td style="{style}; {NOWRAP}">{value_html}</td>']
        tds += [f'<td style="{style}">{numbers_html(c)}</td>' for c in cells[1:]]
        tds.append(f'<td style="{style}">{ctx_html}</td>')
        if paged:  # the widths again: every row is a table of its own
            tds = [td.replace("<td ", f'<td width="{w}" ', 1) for td, w in zip(tds, widths)]
        rows.append("<tr>" + "".join(tds) + "</tr>")
    if not paged:
        return "\n".join([table, head, *rows, "</table>"])
    # the cells draw every line: a table border would double the lines between the tables
    table = (
        '<table width="100%" cellspacing="0" cellpadding="3" border="0" '
        'style="border-collapse: collapse; font-size: 9pt">'
    )
    tables = [f"{table}{head}{rows[0]}</table>"] if rows else []
    tables += [f"{table}{row}</table>" for row in rows[1:]]
    return "\n".join(tables)


def render_html(content: ExportContent, *, chart: str | None = "svg", paged: bool = False) -> str:
    """The whole document. ``chart``: "svg" (inline, browsers), "img" (``<img>`` resources named
    by ``Chart.resource``, for Qt) or None. ``paged``: markup for the Qt PDF layout (every
    figure row a table of its own, see ``_figure_table``)."""
    body = "\n".join(
        [
            _header(content),
            _article(content),
            _quotes(content),
            _figures(content, chart, paged),
        ]
    )
    author = content.article.author
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{_e(content.title())}</title>"
        + (f'<meta name="author" content="{_attr(" ".join(author.split()))}">' if author else "")
        + f'<meta name="generator" content="{_attr(export_subject())}">'
        + f"{BROWSER_CSS if chart == 'svg' else ''}</head>\n"
        f'<body style="font-family: {FONT}; font-size: 10.5pt; color: {TEXT}; background-color: #ffffff">\n'
        f"{body}\n</body></html>\n"
    )
