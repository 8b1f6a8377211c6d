"""The Qt-free, spaCy-free data model.

Every offset is a Python ``str`` index into ``Article.text`` (end exclusive), so that
``article.text[x.start:x.end] == x.text`` holds for every span-like object below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from reader.core.categories import Category

# What a quote's content is (``Quote.content_type``):
# - CLAUSE: a reported clause or a quotation ("said the plan was dead", '"We will act," she said');
# - PHRASE: a noun phrase, the object of a stance verb ("The mayor rejected that criticism" ->
#   "that criticism", cue "rejected"); the list and the reports show it after its cue, dimmed.
ContentType = Literal["clause", "phrase"]
CLAUSE: Final = "clause"
PHRASE: Final = "phrase"

# What a figure says about its quantity (``Figure.change``): a LEVEL ("6%", "to 13,176"), or a
# change, a RISE ("rose 6%", "up 6%", "a 6% increase") or a FALL ("fell 2%", "a 2% drop").
Change = Literal["level", "rise", "fall"]
LEVEL: Final = "level"
RISE: Final = "rise"
FALL: Final = "fall"
CHANGES: Final[tuple[Change, ...]] = (LEVEL, RISE, FALL)

# How a quote is quoted (``Quote.kind``): all inside quotation marks ("direct"), partly ("mixed":
# some of its words quoted), or reported without them ("indirect").
QuoteKind = Literal["direct", "mixed", "indirect"]

# What a figure measures (``Figure.unit_kind``): money ("currency"), a "percent", a "duration", a
# "physical" quantity (length, mass, volume, ...), a "count" of something, a "fraction", a "ratio"
# (a multiple: "twice", "fivefold", "tripled"), a person's "age" ("a 54-year-old") or a "rank"
# ("finished third", "the second-largest"). Ages and ranks are highlighted, never charted by default.
UnitKind = Literal["currency", "percent", "duration", "physical", "count", "fraction", "ratio", "age", "rank"]
# the kinds that are no amount of anything: listed under the chart, never compared in it by default
UNCHARTED_KINDS: Final[frozenset[str]] = frozenset(("age", "rank"))

# The blocks the loaders make (``Block.kind``): headings (with a level) and paragraphs.
BlockKind = Literal["heading", "paragraph"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the article text."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:
        return cls(text=data["text"], start=int(data["start"]), end=int(data["end"]))


def _span(data: dict[str, Any] | None) -> Span | None:
    return None if data is None else Span.from_json(data)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _original(text: str | None) -> Any:
    """A corrected item's machine values, as JSON data (kept as text so the item stays hashable)."""
    return None if text is None else json.loads(text)


def _original_text(data: Any) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Block:
    """A structural block of the article: ``heading`` (with ``level``) or ``paragraph``."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0


@dataclass(frozen=True, slots=True)
class Article:
    """A loaded article: its text exactly as shown, plus structure and metadata."""

    text: str
    title: str | None = None
    blocks: tuple[Block, ...] = ()
    source: str | None = None
    format: str = "txt"
    author: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    encoding: str | None = None
    # what the reader should know about how the text was found ("only 24 words were found in the
    # page ..."): shown beside the article, never an error
    warning: str | None = None

    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention of a named thing, as the model (corrected by our rules) labelled it.

    ``label`` is spaCy's label (PERSON, ORG, GPE, ...); ``category`` is the highlight
    category the UI and exports use; ``entity_id`` points at the canonical entity.
    """

    text: str
    label: str
    start: int
    end: int
    category: Category = Category.PERSON
    entity_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "category": self.category.value,
            "entity_id": self.entity_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entity:
        return cls(
            text=data["text"],
            label=data["label"],
            start=int(data["start"]),
            end=int(data["end"]),
            category=Category(data["category"]),
            entity_id=data.get("entity_id"),
        )


@dataclass(frozen=True, slots=True)
class CanonicalEntity:
    """A thing a reader thinks about: all mentions of one person, organization, place..."""

    id: str
    name: str
    label: str
    category: Category
    mentions: tuple[Span, ...] = ()
    # a person's gender when the article's evidence agrees ("Mrs. Clinton", a given name): "m", "f"
    # or None (unknown, or not a person); pronouns and titles are matched against it
    gender: str | None = None
    corrected: bool = False  # a reader changed its type or merged another entity into it
    original: str | None = None  # then: the machine's name, label and category (JSON)

    @property
    def count(self) -> int:
        return len(self.mentions)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "category": self.category.value,
            "count": self.count,
            "mentions": [m.to_json() for m in self.mentions],
            "gender": self.gender,
            "corrected": self.corrected,
            "original": _original(self.original),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CanonicalEntity:
        return cls(
            id=data["id"],
            name=data["name"],
            label=data["label"],
            category=Category(data["category"]),
            mentions=tuple(Span.from_json(m) for m in data.get("mentions", ())),
            gender=data.get("gender"),
            corrected=bool(data.get("corrected", False)),
            original=_original_text(data.get("original")),
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct, mixed or indirect quotation with its attribution.

    ``content_type`` says what the content is: ``"clause"`` (``CLAUSE``, a reported clause or a
    quotation) or ``"phrase"`` (``PHRASE``, a noun phrase that is the object of a stance verb, as
    "that criticism" in "The mayor rejected that criticism"; shown after its cue, dimmed).
    """

    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: Span | None = None
    speaker_name: str | None = None
    cue: Span | None = None
    speaker_id: str | None = None  # canonical entity id, when the speaker is one
    # the pieces of the content when an attribution interrupts it ('"A," he said, "B"'): character
    # ranges inside [start, end); empty when the content is the whole span
    parts: tuple[tuple[int, int], ...] = ()
    content_type: ContentType = CLAUSE  # "clause" | "phrase": see CLAUSE and PHRASE above
    corrected: bool = False  # a reader corrected it (reader.core.corrections), or added it
    original: str | None = None  # then: the machine's text, offsets, speaker and kind (JSON)

    @property
    def words(self) -> str:
        """The content without the attribution that interrupts it, its pieces joined by " … "."""
        if not self.parts:
            return self.text
        return " … ".join(self.text[s - self.start : e - self.start] for s, e in self.parts)

    def ranges(self) -> tuple[tuple[int, int], ...]:
        """The character ranges of the content: its parts, or the whole span."""
        return self.parts or ((self.start, self.end),)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "speaker_name": self.speaker_name,
            "cue": self.cue.to_json() if self.cue else None,
            "speaker_id": self.speaker_id,
            "parts": [[s, e] for s, e in self.parts],
            "content_type": self.content_type,
            "corrected": self.corrected,
            "original": _original(self.original),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quote:
        return cls(
            text=data["text"],
            start=int(data["start"]),
            end=int(data["end"]),
            kind=data["kind"],
            speaker=_span(data.get("speaker")),
            speaker_name=data.get("speaker_name"),
            cue=_span(data.get("cue")),
            speaker_id=data.get("speaker_id"),
            parts=tuple((int(a), int(b)) for a, b in data.get("parts", ())),
            content_type=data.get("content_type", CLAUSE),
            corrected=bool(data.get("corrected", False)),
            original=_original_text(data.get("original")),
        )


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported quantity: a value with its unit and hedge."""

    text: str
    start: int
    end: int
    value: float
    unit: str | None = None
    qualifier: str | None = None  # normalised hedge: "more than", "at least", ...
    qualifier_text: str | None = None  # the hedge as written
    value_high: float | None = None  # upper end of a range
    unit_kind: UnitKind | None = None
    equivalent_of: int | None = None  # index of the figure this one restates (conversions)
    sentence_start: int = 0
    sentence_end: int = 0
    # a rate's denominator: "$4 a month" -> "month", "$58 a barrel" -> "barrel" (None: not a rate)
    per: str | None = None
    change: Change = LEVEL  # "rise" ("rose 6%"), "fall" ("a 2% drop"): see CHANGES
    # what the number measures, as a short label ("research staff", "Microsoft's emissions", "the
    # vote") and the span of the text it is read from (None: the sentence does not say)
    of: str | None = None
    of_start: int | None = None
    of_end: int | None = None
    corrected: bool = False  # a reader corrected what it measures
    original: str | None = None  # then: the machine's "of" (JSON)

    def to_json(self) -> dict[str, Any]:
        value: int | float = int(self.value) if float(self.value).is_integer() else self.value
        high = self.value_high
        if high is not None and float(high).is_integer():
            high = int(high)
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "qualifier_text": self.qualifier_text,
            "value_high": high,
            "unit_kind": self.unit_kind,
            "equivalent_of": self.equivalent_of,
            "per": self.per,
            "change": self.change,
            "of": self.of,
            "of_start": self.of_start,
            "of_end": self.of_end,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "corrected": self.corrected,
            "original": _original(self.original),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        return cls(
            text=data["text"],
            start=int(data["start"]),
            end=int(data["end"]),
            value=float(data["value"]),
            unit=data.get("unit"),
            qualifier=data.get("qualifier"),
            qualifier_text=data.get("qualifier_text"),
            value_high=_float(data.get("value_high")),
            unit_kind=data.get("unit_kind"),
            equivalent_of=data.get("equivalent_of"),
            sentence_start=int(data.get("sentence_start", 0)),
            sentence_end=int(data.get("sentence_end", 0)),
            per=data.get("per"),
            change=data.get("change", LEVEL),
            of=data.get("of"),
            of_start=data.get("of_start"),
            of_end=data.get("of_end"),
            corrected=bool(data.get("corrected", False)),
            original=_original_text(data.get("original")),
        )


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or time expression: highlighted, never charted."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DateMention:
        return cls(text=data["text"], start=int(data["start"]), end=int(data["end"]))


@dataclass(frozen=True, slots=True)
class CorrectionNote:
    """A reader's correction as the analysis it was applied to records it
    (:func:`reader.core.corrections.apply`): its kind and title ("speaker changed"), the words it
    is about, whether it found its place, and the machine's values it replaced (JSON)."""

    kind: str
    title: str
    words: str
    attached: bool = True
    original: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "words": self.words,
            "attached": self.attached,
            "original": _original(self.original),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CorrectionNote:
        return cls(
            kind=str(data["kind"]),
            title=str(data["title"]),
            words=str(data["words"]),
            attached=bool(data.get("attached", True)),
            original=_original_text(data.get("original")),
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything found in one article (and, when a reader corrected it, the corrections)."""

    article: Article
    entities: tuple[Entity, ...] = ()
    canonical: tuple[CanonicalEntity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    dates: tuple[DateMention, ...] = ()
    sentences: tuple[tuple[int, int], ...] = field(default=())
    corrections: tuple[CorrectionNote, ...] = ()  # a reader's, applied (see CorrectionNote)

    def entity(self, entity_id: str) -> CanonicalEntity | None:
        for ent in self.canonical:
            if ent.id == entity_id:
                return ent
        return None

    def to_json(self) -> dict[str, Any]:
        """The ``reader analyze --json`` contract (extra keys are allowed)."""
        art = self.article
        return {
            "source": art.source,
            "format": art.format,
            "title": art.title,
            "text": art.text,
            "metadata": {
                "author": art.author,
                "date": art.date,
                "publisher": art.publisher,
                "url": art.url,
                "encoding": art.encoding,
                "warning": art.warning,
            },
            "blocks": [
                {"kind": b.kind, "start": b.start, "end": b.end, "level": b.level} for b in art.blocks
            ],
            "entities": [e.to_json() for e in self.entities],
            "canonical_entities": [c.to_json() for c in self.canonical],
            "quotes": [q.to_json() for q in self.quotes],
            "figures": [f.to_json() for f in self.figures],
            "dates": [d.to_json() for d in self.dates],
            "sentences": [[s, e] for s, e in self.sentences],
            "corrections": [c.to_json() for c in self.corrections],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Analysis:
        """The analysis :meth:`to_json` wrote (``from_json(a.to_json()) == a``): how an analysis
        crosses the worker process's boundary and comes back from the library."""
        meta = data.get("metadata") or {}
        article = Article(
            text=data["text"],
            title=data.get("title"),
            blocks=tuple(
                Block(kind=b["kind"], start=int(b["start"]), end=int(b["end"]), level=int(b.get("level", 0)))
                for b in data.get("blocks", ())
            ),
            source=data.get("source"),
            format=data.get("format", "txt"),
            author=meta.get("author"),
            date=meta.get("date"),
            publisher=meta.get("publisher"),
            url=meta.get("url"),
            encoding=meta.get("encoding"),
            warning=meta.get("warning"),
        )
        return cls(
            article=article,
            entities=tuple(Entity.from_json(e) for e in data.get("entities", ())),
            canonical=tuple(CanonicalEntity.from_json(c) for c in data.get("canonical_entities", ())),
            quotes=tuple(Quote.from_json(q) for q in data.get("quotes", ())),
            figures=tuple(Figure.from_json(f) for f in data.get("figures", ())),
            dates=tuple(DateMention.from_json(d) for d in data.get("dates", ())),
            sentences=tuple((int(s), int(e)) for s, e in data.get("sentences", ())),
            corrections=tuple(CorrectionNote.from_json(c) for c in data.get("corrections", ())),
        )
