"""Placeholder: spaCy's numeric entities with a naive value."""

from __future__ import annotations

from spacy.tokens import Doc

from reader.core.model import DateMention, Figure

_NUMERIC = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}


def find_figures(doc: Doc) -> list[Figure]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in _NUMERIC:
            continue
        digits = "".join(ch for ch in ent.text if ch.isdigit() or ch == ".")
        try:
            value = float(digits)
        except ValueError:
            continue
        sent = ent.sent
        out.append(
            Figure(
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
                value=value,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
            )
        )
    return out


def find_dates(doc: Doc) -> list[DateMention]:
    return [
        DateMention(e.text, e.start_char, e.end_char) for e in doc.ents if e.label_ in {"DATE", "TIME"}
    ]
