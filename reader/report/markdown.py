"""The export document as Markdown (CommonMark): the same sections as the HTML and PDF: the
title (``# ``), the source and export lines, the legend line, the article text (without its
headline), a rule, ``## Quotes (N)`` and ``## Figures (N)``.

Highlighted names, places, figures and dates are **bold** (the bright runs of
``reader.core.highlights``: a filter leaves the others plain); quotes keep their own quotation
marks in the article and are listed, with their speakers, in the Quotes section.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reader.core.categories import STYLES
from reader.report.chart import format_figure, table_value
from reader.report.document import (
    FIGURES_HEADING,
    QUOTES_HEADING,
    ExportContent,
    corrections_note,
    export_stamp,
    figure_context,
    figure_measures,
    paragraphs,
    phrase_parts,
    quote_meta,
    shown_words,
    source_items,
    speaker_label,
    summary_line,
)

if TYPE_CHECKING:  # pragma: no cover
    pass

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)(#+(?=\s|$)|[+\-=](?=\s|$)|\d+[.)](?=\s|$))", re.MULTILINE)


def escape_md(text: str) -> str:
    """Text that Markdown shows as written (no accidental emphasis, links, lists or headings)."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_marker, text)


def _escape_marker(m: re.Match[str]) -> str:
    marker = m.group(2)
    if marker[0].isdigit():  # "1." -> "1\."
        return m.group(1) + marker[:-1] + "\\" + marker[-1]
    return m.group(1) + "\\" + marker


def _cell(text: str) -> str:
    return escape_md(" ".join(text.split()))


def _bold(text: str) -> str:
    """Bold that CommonMark accepts: the markers hug non-space characters."""
    stripped = text.strip()
    if not stripped:
        return escape_md(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}**{escape_md(stripped)}**{trail}"


def _block(content: ExportContent, start: int, end: int) -> str:
    """A block's text with its bright runs (``Run.bright``: shown or chosen, not dimmed) in bold;
    touching bright runs share one pair of markers ("**Port Alder**", never "**Port****Alder**")."""
    text = content.article.text
    out = []
    pieces: list[tuple[bool, str]] = []
    for run in content.runs_between(start, end):
        piece = " ".join(text[run.start : run.end].split("\n"))
        if pieces and pieces[-1][0] == run.bright:
            pieces[-1] = (run.bright, pieces[-1][1] + piece)
        else:
            pieces.append((run.bright, piece))
    for bright, piece in pieces:
        out.append(_bold(piece) if bright else escape_md(piece))
    return "".join(out).strip()


def render_markdown(content: ExportContent) -> str:
    lines = [f"# {escape_md(content.title())}", ""]
    for key, value in source_items(content):
        lines.append(f"- {key}: {escape_md(value)}")
    lines.append(f"- {escape_md(summary_line(content))}")
    lines.append(f"- {escape_md(export_stamp(content))}")
    if content.filter_note:
        lines.append(f"- Filter: {escape_md(content.filter_note)}")
    corrected = corrections_note(content.analysis)
    if corrected:
        lines.append(f"- Corrected: {escape_md(corrected)}")
    lines.append("")
    legend = ", ".join(STYLES[c].label for c in content.visible)
    lines += [f"Highlighted in **bold**: {escape_md(legend)}.", ""]
    # the article without its headline (the title above), then a rule
    for block in paragraphs(content.analysis, skip=content.headline):
        body = _block(content, block.start, block.end)
        if not body:
            continue
        heading = f"{'#' * min(6, 2 + max(block.level, 1))} {body}"
        lines += [heading if block.kind == "heading" else body, ""]

    quotes = content.view.quotes
    lines += ["---", "", f"## {QUOTES_HEADING.format(len(quotes))}", ""]
    if not quotes:
        lines += ["No quotes.", ""]
    for q in quotes:
        meta = ", ".join(escape_md(m) for m in quote_meta(q))
        lines.append(f"- **{escape_md(speaker_label(q))}** ({meta}):")
        words = escape_md(shown_words(q.kind, q.words))
        before, after = phrase_parts(q)  # a noun phrase with its cue: "*rejected* that criticism"
        lead = f"*{escape_md(before)}* " if before else ""
        tail = f" *{escape_md(after)}*" if after else ""
        lines.append(f"  > {lead}{words}{tail}")
        lines.append("")

    figs = content.view.figures
    lines += [f"## {FIGURES_HEADING.format(len(figs))}", ""]
    if not figs:
        lines += ["No figures.", ""]
    else:
        lines += ["| Value | Unit | Measures | As written | Context |", "|---:|---|---|---|---|"]
        for f in figs:
            cells = (
                table_value(f),
                f.unit or "",
                figure_measures(f),
                f.text or format_figure(f),
                figure_context(content.analysis, f),
            )
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
