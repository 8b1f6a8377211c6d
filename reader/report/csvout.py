"""The quotes and figures as CSV: one row per quote and one per figure.

UTF-8 with a byte-order mark, so spreadsheet programs show curly quotes and accents
right; offsets index the article text as in the JSON export.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from reader.core.identity import quote_speaker
from reader.report.document import ExportContent, figure_context

if TYPE_CHECKING:  # pragma: no cover
    pass

COLUMNS = (
    "type",  # quote | figure
    "kind",  # quote: direct/mixed/indirect; figure: Figure.unit_kind (currency, percent, count, ...)
    "speaker",
    "speaker_id",
    "cue",
    "text",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "start",
    "end",
    "context",
    "content_type",  # quote: clause (a reported clause or a quotation) or phrase (the noun phrase
    # a stance verb takes, its cue in "cue": "rejected" + "that criticism"); figure: empty
    "of",  # figure: what it measures (Figure.of); quote: empty
    "corrected",  # "yes" when a reader corrected (or added) it
    "original",  # then: what the machine said, as JSON (empty for an added quote)
)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _corrected(corrected: bool, original: str | None) -> dict[str, str]:
    return {"corrected": "yes" if corrected else "", "original": original or "" if corrected else ""}


def rows(content: ExportContent) -> list[dict[str, str | int]]:
    out: list[dict[str, str | int]] = []
    for q in content.view.quotes:
        out.append(
            {
                "type": "quote",
                "kind": q.kind,
                "speaker": quote_speaker(q),
                "speaker_id": q.speaker_id or "",
                "cue": q.cue.text if q.cue else "",
                "text": q.words,
                "start": q.start,
                "end": q.end,
                "content_type": q.content_type,
                **_corrected(q.corrected, q.original),
            }
        )
    for f in content.view.figures:
        out.append(
            {
                "type": "figure",
                "kind": f.unit_kind or "",
                "text": f.text,
                "value": _number(f.value),
                "value_high": _number(f.value_high),
                "unit": f.unit or "",
                "qualifier": f.qualifier or "",
                "start": f.start,
                "end": f.end,
                "context": figure_context(content.analysis, f, limit=400),
                "of": f.of or "",
                **_corrected(f.corrected, f.original),
            }
        )
    return out


def render_csv(content: ExportContent) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(content))
    return buf.getvalue()
