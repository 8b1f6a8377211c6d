"""Filtering an analysis to some entities and categories (shared by the window and exports)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from reader.core.categories import Category
from reader.core.model import Analysis, CanonicalEntity, Entity, Figure, Quote


@dataclass(frozen=True, slots=True)
class Selection:
    """What the user filtered to: canonical entity ids (empty = everything) and hidden categories."""

    entity_ids: frozenset[str] = frozenset()
    hidden: frozenset[Category] = frozenset()

    @property
    def filtered(self) -> bool:
        return bool(self.entity_ids)

    def toggled(self, entity_id: str, *, add: bool = False) -> Selection:
        """Click (replace) or Ctrl+click (add/remove) on an entity."""
        if add:
            ids = set(self.entity_ids)
            ids.symmetric_difference_update({entity_id})
            return Selection(frozenset(ids), self.hidden)
        if self.entity_ids == {entity_id}:
            return Selection(frozenset(), self.hidden)
        return Selection(frozenset({entity_id}), self.hidden)

    def with_hidden(self, category: Category, hidden: bool) -> Selection:
        cats = set(self.hidden)
        if hidden:
            cats.add(category)
        else:
            cats.discard(category)
        return Selection(self.entity_ids, frozenset(cats))

    def cleared(self) -> Selection:
        return Selection(frozenset(), self.hidden)


@dataclass(frozen=True, slots=True)
class View:
    """The parts of an analysis that a selection keeps."""

    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    entities: tuple[Entity, ...]  # mentions still highlighted (not dimmed)
    dimmed: tuple[Entity, ...] = field(default=())  # mentions shown dimmed
    mention_spans: tuple[tuple[int, int], ...] = ()  # every span of the selected entities


def find_entities(analysis: Analysis, names: list[str]) -> list[CanonicalEntity]:
    """Canonical entities named ``names`` (by name, id or any mention, case-insensitive)."""
    found: list[CanonicalEntity] = []
    for name in names:
        key = name.strip().lower()
        for ent in analysis.canonical:
            texts = {ent.name.lower(), ent.id.lower()} | {m.text.lower() for m in ent.mentions}
            if key in texts and ent not in found:
                found.append(ent)
    return found


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether any of the sorted ``spans`` overlaps [start, end)."""
    i = bisect_left(spans, (end, end))  # spans from i on start at or after ``end``
    return any(s < end and start < e for s, e in spans[:i])


def apply(analysis: Analysis, selection: Selection) -> View:
    hidden = selection.hidden
    ents = [e for e in analysis.entities if e.category not in hidden]
    if not selection.filtered:
        quotes = () if Category.QUOTE in hidden else analysis.quotes
        figures = () if Category.FIGURE in hidden else analysis.figures
        return View(tuple(quotes), tuple(figures), tuple(ents))
    chosen = [c for c in analysis.canonical if c.id in selection.entity_ids]
    spans = sorted((m.start, m.end) for c in chosen for m in c.mentions)
    keep = [e for e in ents if e.entity_id in selection.entity_ids]
    dim = [e for e in ents if e.entity_id not in selection.entity_ids]
    quotes = [
        q
        for q in analysis.quotes
        if q.speaker_id in selection.entity_ids
        or _overlaps(spans, q.start, q.end)
        or (q.speaker is not None and _overlaps(spans, q.speaker.start, q.speaker.end))
    ]
    figures = [
        f for f in analysis.figures if _overlaps(spans, f.sentence_start or f.start, f.sentence_end or f.end)
    ]
    if Category.QUOTE in hidden:
        quotes = []
    if Category.FIGURE in hidden:
        figures = []
    return View(tuple(quotes), tuple(figures), tuple(keep), tuple(dim), tuple(spans))


def speaker_ids(analysis: Analysis) -> frozenset[str]:
    """Canonical ids of the entities that are credited with at least one quote."""
    return frozenset(q.speaker_id for q in analysis.quotes if q.speaker_id)


def display_category(category: Category, entity_id: str | None, speakers: frozenset[str]) -> Category:
    """The highlight category to show: people (and others) who speak are shown as speakers."""
    if entity_id and entity_id in speakers and category in (Category.PERSON, Category.ORGANIZATION):
        return Category.SPEAKER
    return category
