"""The analyses of pieces of one long text, joined into the analysis of the whole.

A long text is analysed in pieces (``reader.nlp.pipeline.PIECE_CHARS``) so that the memory an
analysis needs stays that of one piece. Each piece's analysis has offsets into the piece; here
they are moved to the whole text, and the entities the pieces share are made one: the same label
and the same name are the same entity (a person named in full in two pieces is one speaker).
"""

from __future__ import annotations

from dataclasses import replace

from reader.core.categories import Category
from reader.core.model import (
    Analysis,
    Article,
    CanonicalEntity,
    DateMention,
    Entity,
    Figure,
    Quote,
    Span,
)


def _span(s: Span | None, d: int) -> Span | None:
    return None if s is None else Span(s.text, s.start + d, s.end + d)


def _at(x: int | None, d: int) -> int | None:
    return None if x is None else x + d


def join_pieces(article: Article, pieces: list[tuple[int, Analysis]]) -> Analysis:
    """The analysis of ``article`` from ``(offset, analysis of article.text[offset:...])`` pairs,
    in text order."""
    ids: dict[tuple[str, str], str] = {}  # (label, name) -> the joined entity's id
    used: set[str] = set()
    merged: dict[str, CanonicalEntity] = {}
    entities: list[Entity] = []
    quotes: list[Quote] = []
    figures: list[Figure] = []
    dates: list[DateMention] = []
    sentences: list[tuple[int, int]] = []
    for d, part in pieces:
        rename: dict[str, str] = {}
        for c in part.canonical:
            key = (c.label, c.name)
            eid = ids.get(key)
            if eid is None:
                eid = c.id
                n = 2
                while eid in used:
                    eid = f"{c.id}-{n}"
                    n += 1
                used.add(eid)
                ids[key] = eid
            rename[c.id] = eid
            mentions = tuple(Span(m.text, m.start + d, m.end + d) for m in c.mentions)
            have = merged.get(eid)
            if have is None:
                merged[eid] = replace(c, id=eid, mentions=mentions)
            else:
                speaker = Category.SPEAKER in (have.category, c.category)
                merged[eid] = replace(
                    have,
                    mentions=have.mentions + mentions,
                    category=Category.SPEAKER if speaker else have.category,
                    gender=have.gender or c.gender,
                )
        entities.extend(
            replace(
                e,
                start=e.start + d,
                end=e.end + d,
                entity_id=rename.get(e.entity_id, e.entity_id) if e.entity_id else None,
            )
            for e in part.entities
        )
        quotes.extend(
            replace(
                q,
                start=q.start + d,
                end=q.end + d,
                speaker=_span(q.speaker, d),
                cue=_span(q.cue, d),
                speaker_id=rename.get(q.speaker_id, q.speaker_id) if q.speaker_id else None,
                parts=tuple((a + d, b + d) for a, b in q.parts),
            )
            for q in part.quotes
        )
        base = len(figures)
        figures.extend(
            replace(
                f,
                start=f.start + d,
                end=f.end + d,
                sentence_start=f.sentence_start + d,
                sentence_end=f.sentence_end + d,
                of_start=_at(f.of_start, d),
                of_end=_at(f.of_end, d),
                equivalent_of=None if f.equivalent_of is None else f.equivalent_of + base,
            )
            for f in part.figures
        )
        dates.extend(replace(x, start=x.start + d, end=x.end + d) for x in part.dates)
        sentences.extend((a + d, b + d) for a, b in part.sentences)
    speakers = {eid for eid, c in merged.items() if c.category == Category.SPEAKER}
    # a speaker in one piece is a speaker in all: its mentions everywhere show as one
    entities = [replace(e, category=Category.SPEAKER) if e.entity_id in speakers else e for e in entities]
    return Analysis(
        article=article,
        entities=tuple(entities),
        canonical=tuple(merged.values()),
        quotes=tuple(quotes),
        figures=tuple(figures),
        dates=tuple(dates),
        sentences=tuple(sentences),
    )
