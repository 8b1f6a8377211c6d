"""Entity mentions, their corrections and their merging into canonical entities."""

from __future__ import annotations

from spacy.tokens import Doc

from reader.core.categories import LABEL_CATEGORY, Category
from reader.core.model import CanonicalEntity, Entity, Quote, Span

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}


def fix_entities(doc: Doc) -> Doc:
    """Pipeline component body: general corrections of the model's entities."""
    return doc


def find_mentions(doc: Doc) -> list[Entity]:
    """Named-entity mentions (people, organizations, places) in text order."""
    out = []
    for ent in doc.ents:
        if ent.label_ in KEPT_LABELS:
            out.append(
                Entity(
                    text=ent.text,
                    label=ent.label_,
                    start=ent.start_char,
                    end=ent.end_char,
                    category=LABEL_CATEGORY.get(ent.label_, Category.ORGANIZATION),
                )
            )
    return out


def cluster(doc: Doc, mentions: list[Entity]) -> tuple[list[Entity], list[CanonicalEntity]]:
    """Merges mentions into canonical entities; returns mentions with ``entity_id`` set."""
    groups: dict[tuple[str, str], list[Entity]] = {}
    for m in mentions:
        groups.setdefault((m.label, m.text.lower()), []).append(m)
    canon = []
    out = []
    for i, ((label, _), ms) in enumerate(groups.items()):
        eid = f"e{i}"
        canon.append(
            CanonicalEntity(
                id=eid,
                name=ms[0].text,
                label=label,
                category=ms[0].category,
                mentions=tuple(Span(m.text, m.start, m.end) for m in ms),
            )
        )
    ids = {(c.label, c.name.lower()): c.id for c in canon}
    for m in mentions:
        out.append(
            Entity(m.text, m.label, m.start, m.end, m.category, ids[(m.label, m.text.lower())])
        )
    return out, canon


def finalize(
    doc: Doc,
    mentions: list[Entity],
    canonical: list[CanonicalEntity],
    quotes: list[Quote],
) -> tuple[list[Entity], list[CanonicalEntity], list[Quote]]:
    """Adds resolved speaker mentions to their entities, promotes speakers, links quotes."""
    return mentions, canonical, quotes
