"""Filtering an analysis to some entities and categories (shared by the window and exports)."""

from __future__ import annotations

import re
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


_FOR_ENTITY = re.compile(r"\s*,?\s+(?:for|of|at|from|with|to)\s+(?:the\s+)?$", re.I)


def _speaks_for(text: str, quote: Quote, spans: list[tuple[int, int]]) -> bool:
    """Whether the quote's speaker mention names one of ``spans`` ("a spokesperson for X said",
    "an official at X"): the speaker is followed by a preposition and the entity."""
    if quote.speaker is None:
        return False
    end = quote.speaker.end
    i = bisect_left(spans, (end, end))
    return any(s - end <= 12 and _FOR_ENTITY.fullmatch(text[end:s]) for s, _ in spans[i : i + 2])


def _says(quote: Quote, ids: frozenset[str], spans: list[tuple[int, int]], text: str) -> bool:
    """Whether the entity says ``quote``: its speaker resolves to it, is one of its mentions or
    names it ("a spokesperson for X")."""
    return quote.speaker_id in ids or _speaker_in(quote, spans) or _speaks_for(text, quote, spans)


def _belongs(quote: Quote, ids: frozenset[str], spans: list[tuple[int, int]], text: str) -> bool:
    """A quote is an entity's when the entity says it or its words mention the entity."""
    return _says(quote, ids, spans, text) or _overlaps(spans, quote.start, quote.end)


def _entity_figures(analysis: Analysis, spans: list[tuple[int, int]], quotes: list[Quote]) -> list[Figure]:
    """The figures in the entity's quotes, or in a sentence that mentions it or where one of its
    quotes is attributed (a figure in "She said costs rose 30 percent" is the speaker's)."""
    inside = sorted({(q.start, q.end) for q in quotes} | {p for q in quotes for p in q.parts})
    anchors = sorted(
        set(spans)
        | {(q.speaker.start, q.speaker.end) for q in quotes if q.speaker is not None}
        | {(q.cue.start, q.cue.end) for q in quotes if q.cue is not None}
    )
    out = []
    for f in analysis.figures:
        if any(s <= f.start and f.end <= e for s, e in inside) or _overlaps(
            anchors, f.sentence_start or f.start, f.sentence_end or f.end
        ):
            out.append(f)
    return out


def _speaker_in(quote: Quote, spans: list[tuple[int, int]]) -> bool:
    return quote.speaker is not None and _overlaps(spans, quote.speaker.start, quote.speaker.end)


def apply(analysis: Analysis, selection: Selection) -> View:
    """What ``selection`` keeps of ``analysis``: the mentions of the chosen entities (others dimmed),
    the quotes that belong to them and the figures they claim; hidden categories dropped.
    Ctrl+click selections are the union of what each entity keeps."""
    hidden = selection.hidden
    ents = [e for e in analysis.entities if e.category not in hidden]
    if not selection.filtered:
        quotes = () if Category.QUOTE in hidden else analysis.quotes
        figures = () if Category.FIGURE in hidden else analysis.figures
        return View(tuple(quotes), tuple(figures), tuple(ents))
    ids = selection.entity_ids
    chosen = [c for c in analysis.canonical if c.id in ids]
    spans = sorted((m.start, m.end) for c in chosen for m in c.mentions)
    keep = [e for e in ents if e.entity_id in ids]
    dim = [e for e in ents if e.entity_id not in ids]
    text = analysis.article.text
    quotes = tuple(q for q in analysis.quotes if _belongs(q, ids, spans, text))
    # the figures of the quotes the entity says (not of those that only mention it)
    said = [q for q in quotes if _says(q, ids, spans, text)]
    figures = tuple(_entity_figures(analysis, spans, said))
    if Category.QUOTE in hidden:
        quotes = ()
    if Category.FIGURE in hidden:
        figures = ()
    return View(quotes, figures, tuple(keep), tuple(dim), tuple(spans))


def speaker_ids(analysis: Analysis) -> frozenset[str]:
    """Canonical ids of the entities that are credited with at least one quote."""
    return frozenset(q.speaker_id for q in analysis.quotes if q.speaker_id)


def display_category(category: Category, entity_id: str | None, speakers: frozenset[str]) -> Category:
    """The highlight category to show: people (and others) who speak are shown as speakers."""
    if entity_id and entity_id in speakers and category in (Category.PERSON, Category.ORGANIZATION):
        return Category.SPEAKER
    return category
