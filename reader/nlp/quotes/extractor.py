"""Placeholder extractor: text inside double quotation marks, no speaker."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from reader.core.model import CanonicalEntity, Entity, Quote

_QUOTED = re.compile(r"[\"“]([^\"“”\n]{20,})[\"”]")


def find_quotes(
    doc: Doc, mentions: list[Entity], canonical: list[CanonicalEntity]
) -> list[Quote]:
    out = []
    for m in _QUOTED.finditer(doc.text):
        out.append(Quote(text=m.group(1), start=m.start(1), end=m.end(1), kind="direct"))
    return out
