"""A reader's corrections of the machine's analysis: what they are, where they attach, and the
analysis they make (Qt-free, spaCy-free).

A :class:`Correction` says one thing a person knows better than the model: a quote's speaker, a
quote that is none, a quote's words, a quote the model missed, an entity's type, two entities
that are one, a figure that is none, what a figure measures. It never points at the model's
objects (they change with the model) but at the text, the way web annotation tools anchor a
highlight: an :class:`Anchor` keeps the words, some text on each side and the offsets. Applied to
any analysis of the article (:func:`apply`), a correction finds its words again (at its offsets,
else wherever its words are with the best context) and changes what it finds there. What a person
said holds whatever another model finds: a quote whose speaker or words they set is brought back
when a newer model misses it, and "not a quote" holds where no quote is. A correction whose words
are gone from the text, or whose entity or figure is not there to change, is reported as not
re-attached, never guessed.

A corrected quote, entity or figure carries ``corrected=True`` and ``original``, the machine's
values as JSON, so every view and export can mark it and say what it replaced.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from reader.core.categories import LABEL_CATEGORY, Category
from reader.core.model import (
    Analysis,
    CanonicalEntity,
    CorrectionNote,
    Entity,
    Figure,
    Quote,
    QuoteKind,
    Span,
)

CONTEXT: Final = 32  # characters kept on each side of an anchor's words
LONG_WORDS: Final = 20  # words this long are found by themselves; shorter ones need context too
SHORT_CONTEXT: Final = 8  # characters of agreeing context that short words need
FORMAT: Final = "reader-corrections/1"

Kind = Literal[
    "speaker",
    "not_quote",
    "quote_span",
    "add_quote",
    "entity_type",
    "merge_entities",
    "entity_name",
    "not_figure",
    "figure_of",
]
KINDS: Final[tuple[str, ...]] = (
    "speaker", "not_quote", "quote_span", "add_quote",
    "entity_type", "merge_entities", "entity_name", "not_figure", "figure_of",
)  # fmt: skip
# what the kinds are called where people read them (the panel, the review CSV, the window's undo)
TITLES: Final[dict[str, str]] = {
    "speaker": "speaker changed",
    "not_quote": "not a quote",
    "quote_span": "quote's words fixed",
    "add_quote": "quote added",
    "entity_type": "type changed",
    "merge_entities": "merged",
    "entity_name": "renamed",
    "not_figure": "not a figure",
    "figure_of": "what it measures fixed",
}
# the entity types a person can choose, as the model's labels
ENTITY_LABELS: Final[dict[str, str]] = {"person": "PERSON", "organization": "ORG", "place": "GPE"}


def text_hash(text: str) -> str:
    """The key of an article's corrections: the SHA-256 of its text as loaded."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a correction attaches: the words, the text just before and after them, and where
    they were (``start``, ``end`` into the text the correction was made on)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Anchor:
        return cls(
            text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT], start, end
        )

    def locate(self, text: str) -> tuple[int, int] | None:
        """Where the words are in ``text``: at the anchor's offsets when they are there, else the
        place whose surrounding text agrees best with the anchor's (nearest the old offsets on a
        tie); None when the words are not in the text at all."""
        if not self.exact:
            return None
        if text[self.start : self.end] == self.exact and self._agrees(self._context(text, self.start)):
            return self.start, self.end
        best: tuple[int, int, int] | None = None  # (context agreement, -distance, start)
        i = text.find(self.exact)
        while i >= 0:
            score = (self._context(text, i), -abs(i - self.start), i)
            if best is None or score > best:
                best = score
            i = text.find(self.exact, i + 1)
        if best is None or not self._agrees(best[0]):
            return None
        return best[2], best[2] + len(self.exact)

    def _context(self, text: str, i: int) -> int:
        """How many characters around the words at ``i`` agree with the anchor's context."""
        before = _common_suffix(text[max(0, i - CONTEXT) : i], self.prefix)
        j = i + len(self.exact)
        return before + _common_prefix(text[j : j + CONTEXT], self.suffix)

    def _agrees(self, context: int) -> bool:
        """Whether words found with ``context`` characters of agreeing context are the anchor's:
        long words are enough by themselves; short ones ("5%", "Lee") need some of their
        context (a few characters, or all there was when the anchor was made at an edge)."""
        if len(self.exact) >= LONG_WORDS:
            return True
        return context >= min(SHORT_CONTEXT, len(self.prefix) + len(self.suffix))

    def to_json(self) -> dict[str, Any]:
        return {
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_json(cls, data: Any) -> Anchor:
        if not isinstance(data, dict):
            raise ValueError("an anchor must be an object")
        anchor = cls(
            _str(data, "exact"),
            _str(data, "prefix"),
            _str(data, "suffix"),
            _int(data, "start"),
            _int(data, "end"),
        )
        if not anchor.exact or anchor.start < 0 or anchor.end - anchor.start != len(anchor.exact):
            raise ValueError("an anchor's words and offsets disagree")
        return anchor


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction (see the module text). ``target``: the quote's, entity mention's or figure's
    words; ``value``: what the person says instead (by kind: ``speaker`` {"name", "span": an
    anchor or None}; ``quote_span`` and ``add_quote`` {"span": an anchor, plus for ``add_quote``
    "name", "speaker": an anchor or None, "kind"}; ``entity_type`` {"category"}; ``merge_entities``
    {"into": the other entity's mention as an anchor, "name"}; ``figure_of`` {"of"}); ``original``:
    the machine's values it replaced."""

    kind: Kind
    target: Anchor
    value: dict[str, Any] = field(default_factory=dict)
    original: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    def to_json(self) -> dict[str, Any]:
        value = {k: (v.to_json() if isinstance(v, Anchor) else v) for k, v in self.value.items()}
        return {
            "id": self.id,
            "kind": self.kind,
            "target": self.target.to_json(),
            "value": value,
            "original": self.original,
            "created": self.created,
        }

    @classmethod
    def from_json(cls, data: Any) -> Correction:
        """A correction read back; ``ValueError`` naming what is wrong with a malformed one."""
        if not isinstance(data, dict):
            raise ValueError("a correction must be an object")
        kind = data.get("kind")
        if kind not in KINDS:
            raise ValueError(f"unknown kind of correction {str(kind)[:40]!r}")
        raw = data.get("value") or {}
        if not isinstance(raw, dict):
            raise ValueError("a correction's value must be an object")
        value: dict[str, Any] = {}
        for key, v in raw.items():
            if key in ("span", "speaker", "into"):
                value[key] = None if v is None else Anchor.from_json(v)
            elif v is None or isinstance(v, str | int | float | bool):
                value[str(key)] = v if not isinstance(v, str) else v[:2000]
            else:
                raise ValueError(f"a correction's value {str(key)[:40]!r} must be text or a number")
        original = data.get("original") or {}
        if not isinstance(original, dict):
            raise ValueError("a correction's original must be an object")
        made = cls(
            kind=kind,
            target=Anchor.from_json(data.get("target")),
            value=value,
            original=original,
            id=_str(data, "id") or uuid.uuid4().hex,
            created=_str(data, "created") or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        )
        _check(made)
        return made


def _check(c: Correction) -> None:
    """What each kind needs in its value."""
    need = {
        "quote_span": ("span",),
        "add_quote": ("span",),
        "entity_type": ("category",),
        "merge_entities": ("into",),
        "entity_name": ("name",),
        "figure_of": ("of",),
    }.get(c.kind, ())
    for key in need:
        if c.value.get(key) in (None, ""):
            raise ValueError(f"a {c.kind} correction needs {key!r}")
    if c.kind == "speaker" and "name" not in c.value:
        raise ValueError("a speaker correction needs 'name' (null: no speaker)")
    for key, v in c.value.items():
        want = _VALUE_TYPES.get(key)
        if want is not None and v is not None and not isinstance(v, want):
            raise ValueError(f"a correction's {key!r} must be {_TYPE_WORDS[want]}")
    if c.kind == "entity_type" and c.value["category"] not in (*ENTITY_LABELS, "none"):
        raise ValueError(f"unknown entity type {str(c.value['category'])[:40]!r}")
    if c.kind in ("speaker", "add_quote") and len(str(c.value.get("name") or "")) > 200:
        raise ValueError("a speaker's name is longer than 200 characters")


# the type of each value a correction may hold (None allowed where a kind does not need it)
_VALUE_TYPES: dict[str, type] = {"name": str, "of": str, "category": str, "kind": str}
_VALUE_TYPES.update({k: Anchor for k in ("span", "speaker", "into")})
_TYPE_WORDS: dict[type, str] = {str: "text", Anchor: "an anchor"}


def _str(data: dict[str, Any], key: str) -> str:
    v = data.get(key, "")
    if not isinstance(v, str):
        raise ValueError(f"{key!r} must be text")
    return v


def _int(data: dict[str, Any], key: str) -> int:
    v = data.get(key)
    if not isinstance(v, int) or isinstance(v, bool):
        raise ValueError(f"{key!r} must be a whole number")
    return v


# --- making corrections (what the window and the tools call) ------------------------------------


def _quote_original(q: Quote) -> dict[str, Any]:
    """The machine's values of a quote (a quote corrected before keeps them in ``original``; one a
    person added has none)."""
    if q.corrected:
        return _parsed(q.original)
    return {"text": q.text, "start": q.start, "end": q.end, "speaker_name": q.speaker_name, "kind": q.kind}


def _parsed(original: str | None) -> dict[str, Any]:
    try:
        data = json.loads(original) if original else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def change_speaker(
    analysis: Analysis, quote: Quote, name: str | None, span: tuple[int, int] | None = None
) -> Correction:
    """The quote was said by ``name`` (None or "": by no one the article names); ``span``: where the
    text names that speaker (when None and ``name`` is an entity of the article, its mention
    nearest the quote is taken)."""
    text = analysis.article.text
    name = " ".join((name or "").split()) or None
    if span is None and name:
        span = nearest_mention(analysis, name, quote.start, quote.end)
    value: dict[str, Any] = {"name": name, "span": Anchor.of(text, *span) if span else None}
    return Correction("speaker", Anchor.of(text, quote.start, quote.end), value, _quote_original(quote))


def not_a_quote(analysis: Analysis, quote: Quote) -> Correction:
    return Correction(
        "not_quote", Anchor.of(analysis.article.text, quote.start, quote.end), {}, _quote_original(quote)
    )


def fix_span(analysis: Analysis, quote: Quote, start: int, end: int) -> Correction:
    """The quote's words are ``start``..``end``. The speaker the person saw with it is kept in the
    correction too: a later model that misses the quote gets it back whole."""
    text = analysis.article.text
    start, end = _trimmed(text, start, end)
    sp = quote.speaker
    value: dict[str, Any] = {
        "span": Anchor.of(text, start, end),
        "name": quote.speaker_name,
        "speaker": Anchor.of(text, sp.start, sp.end) if sp is not None and sp.end > sp.start else None,
    }
    return Correction("quote_span", Anchor.of(text, quote.start, quote.end), value, _quote_original(quote))


def add_quote(
    analysis: Analysis, start: int, end: int, name: str | None, speaker: tuple[int, int] | None = None
) -> Correction:
    """A quote the model missed: the words at ``start``..``end`` said by ``name`` (``speaker``:
    where the text names them; found as for :func:`change_speaker` when None)."""
    text = analysis.article.text
    start, end = _trimmed(text, start, end)
    if speaker is None and name:
        speaker = nearest_mention(analysis, name, start, end)
    value: dict[str, Any] = {
        "span": Anchor.of(text, start, end),
        "name": " ".join((name or "").split()) or None,
        "speaker": Anchor.of(text, *speaker) if speaker else None,
        "kind": quote_kind(text[start:end]),
    }
    return Correction("add_quote", Anchor.of(text, start, end), value, {})


def change_entity_type(analysis: Analysis, entity: CanonicalEntity, category: str) -> Correction:
    """The entity is a person, an organization or a place (``category``), or ``"none"``: no entity."""
    mention = entity.mentions[0]
    target = Anchor.of(analysis.article.text, mention.start, mention.end)
    original = (
        _parsed(entity.original)
        if entity.corrected
        else {"name": entity.name, "label": entity.label, "category": entity.category.value}
    )
    return Correction("entity_type", target, {"category": category}, original)


def merge_entities(analysis: Analysis, entity: CanonicalEntity, into: CanonicalEntity) -> Correction:
    """``entity`` is the same as ``into`` (its mentions and quotes become ``into``'s)."""
    text = analysis.article.text
    a, b = entity.mentions[0], into.mentions[0]
    value = {"into": Anchor.of(text, b.start, b.end), "name": into.name}
    return Correction(
        "merge_entities", Anchor.of(text, a.start, a.end), value, {"name": entity.name, "id": entity.id}
    )


def rename_entity(analysis: Analysis, entity: CanonicalEntity, name: str) -> Correction:
    """The entity's name is ``name`` ("Ruth Okafor", not "Council member Ruth Okafor"): the name
    its quotes, the panels and the library give it."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("the name is empty")
    mention = entity.mentions[0]
    original = _parsed(entity.original) if entity.corrected else {"name": entity.name}
    target = Anchor.of(analysis.article.text, mention.start, mention.end)
    return Correction("entity_name", target, {"name": name[:200]}, original)


def not_a_figure(analysis: Analysis, figure: Figure) -> Correction:
    target = Anchor.of(analysis.article.text, figure.start, figure.end)
    original = _parsed(figure.original) if figure.corrected else {}
    return Correction(
        "not_figure", target, {}, {"text": figure.text, "value": figure.value, "of": figure.of, **original}
    )


def figure_of(analysis: Analysis, figure: Figure, of: str) -> Correction:
    target = Anchor.of(analysis.article.text, figure.start, figure.end)
    original = _parsed(figure.original) if figure.corrected else {"of": figure.of}
    return Correction("figure_of", target, {"of": " ".join(of.split())}, original)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection without the spaces at its ends; ``ValueError`` when no words are left."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ValueError("no words are selected")
    return start, end


_OPEN, _CLOSE = "\"“«„'‘", "\"”»'’"


def quote_kind(words: str) -> QuoteKind:
    """How words a person marked as a quote are quoted: all inside quotation marks, partly, or not."""
    w = words.strip()
    if (
        len(w) > 1
        and w[0] in _OPEN
        and w[-1] in _CLOSE
        and not any(c in _OPEN + _CLOSE for c in w[1:-1] if c != "'")
    ):
        return "direct"
    if any(c in '"“”«»„' for c in w):
        return "mixed"
    return "indirect"


def nearest_mention(analysis: Analysis, name: str, start: int, end: int) -> tuple[int, int] | None:
    """The mention of the article's entity called ``name`` (its name or a mention's words) nearest
    the span ``start``..``end``, in its paragraph when it has one there."""
    wanted = " ".join(name.split()).lower()
    spans: list[Span] = []
    for ent in analysis.canonical:
        if ent.name.lower() == wanted or any(m.text.lower() == wanted for m in ent.mentions):
            spans += ent.mentions
    if not spans:
        return None
    block = next(((b.start, b.end) for b in analysis.article.blocks if b.start <= start < b.end), None)

    def distance(m: Span) -> tuple[int, int]:
        inside = block is not None and block[0] <= m.start < block[1]
        return (0 if inside else 1, min(abs(m.start - end), abs(start - m.end)))

    best = min(spans, key=distance)
    return best.start, best.end


# --- applying them ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Applied:
    """An analysis with corrections applied: the corrected analysis, the corrections that found
    their place, and those that did not (their words gone, or nothing to correct there)."""

    analysis: Analysis
    attached: tuple[Correction, ...] = ()
    orphaned: tuple[Correction, ...] = ()
    removed_quotes: tuple[Quote, ...] = ()  # the machine's quotes marked "not a quote"
    removed_figures: tuple[Figure, ...] = ()


def apply(analysis: Analysis, corrections: Iterable[Correction]) -> Applied:
    """The analysis as corrected, in the order the corrections were made (a later one wins)."""
    state = _State(analysis)
    attached: list[Correction] = []
    orphaned: list[Correction] = []
    notes: list[CorrectionNote] = []
    for c in corrections:
        try:
            ok = state.apply(c)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            ok = False  # (a correction no check foresaw: reported as not re-attached, never raised)
        (attached if ok else orphaned).append(c)
        original = json.dumps(c.original, ensure_ascii=False) if c.original else None
        notes.append(CorrectionNote(c.kind, c.title, c.target.exact, ok, original))
    return Applied(
        state.result(notes),
        tuple(attached),
        tuple(orphaned),
        tuple(state.removed_quotes),
        tuple(state.removed_figures),
    )


class _State:
    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.text = analysis.article.text
        self.quotes: list[Quote] = list(analysis.quotes)
        self.figures: list[Figure] = list(analysis.figures)
        self.canonical: list[CanonicalEntity] = list(analysis.canonical)
        self.entities: list[Entity] = list(analysis.entities)
        self.removed_quotes: list[Quote] = []
        self.removed_figures: list[Figure] = []

    def result(self, notes: Sequence[CorrectionNote]) -> Analysis:
        quotes = tuple(sorted(self.quotes, key=lambda q: (q.start, q.end)))
        if notes:
            self._speakers_again(quotes)
        return dataclasses.replace(
            self.analysis,
            quotes=quotes,
            figures=tuple(self.figures),
            canonical=tuple(self.canonical),
            entities=tuple(self.entities),
            corrections=tuple(notes),
        )

    def _speakers_again(self, quotes: Sequence[Quote]) -> None:
        """The speaker category as the analysis gives it, after the corrections: an entity some
        quote is by is a speaker, one no quote is by any longer is what its label makes it."""
        quoted = {q.speaker_id for q in quotes if q.speaker_id}

        def category(eid: str | None, label: str, now: Category) -> Category:
            if eid in quoted:
                return Category.SPEAKER
            return LABEL_CATEGORY.get(label, now) if now is Category.SPEAKER else now

        self.canonical = [
            c
            if (cat := category(c.id, c.label, c.category)) is c.category
            else dataclasses.replace(c, category=cat)
            for c in self.canonical
        ]
        self.entities = [
            e
            if (cat := category(e.entity_id, e.label, e.category)) is e.category
            else dataclasses.replace(e, category=cat)
            for e in self.entities
        ]

    def apply(self, c: Correction) -> bool:
        where = c.target.locate(self.text)
        if where is None:
            return False
        return bool(getattr(self, f"_{c.kind}")(c, *where))

    # -- quotes

    def _quote_at(self, start: int, end: int) -> int | None:
        """The quote at those words: the same span, else the one overlapping them most (at least
        half of the shorter of the two)."""
        best, overlap = None, 0
        for i, q in enumerate(self.quotes):
            if (q.start, q.end) == (start, end):
                return i
            o = min(q.end, end) - max(q.start, start)
            if o > overlap and o * 2 >= min(q.end - q.start, end - start):
                best, overlap = i, o
        return best

    def _mark(self, q: Quote, **changes: Any) -> Quote:
        original = q.original if q.corrected else json.dumps(_quote_original(q), ensure_ascii=False)
        return dataclasses.replace(q, corrected=True, original=original, **changes)

    def _speaker_fields(self, name: str | None, anchor: Anchor | None) -> dict[str, Any]:
        span = anchor.locate(self.text) if anchor is not None else None
        ent = self._entity_named(name, span)
        return {
            "speaker": Span(self.text[span[0] : span[1]], *span) if span else None,
            "speaker_name": ent.name if ent is not None else (name or None),
            "speaker_id": ent.id if ent is not None else None,
        }

    def _entity_named(self, name: str | None, span: tuple[int, int] | None) -> CanonicalEntity | None:
        if span is not None:
            for ent in self.canonical:
                if any(m.start <= span[0] and span[1] <= m.end for m in ent.mentions):
                    return ent
        wanted = " ".join((name or "").split()).lower()
        if not wanted:
            return None
        for ent in self.canonical:
            if ent.name.lower() == wanted:
                return ent
        return None

    def _speaker(self, c: Correction, start: int, end: int) -> bool:
        i = self._quote_at(start, end)
        if i is None:  # another model missed it: the person said it is a quote, by this speaker
            return self._recreate(start, end, c.value.get("name"), c.value.get("span"))
        self.quotes[i] = self._mark(
            self.quotes[i], **self._speaker_fields(c.value.get("name"), c.value.get("span"))
        )
        return True

    def _not_quote(self, c: Correction, start: int, end: int) -> bool:
        i = self._quote_at(start, end)
        if i is not None:
            self.removed_quotes.append(self.quotes.pop(i))
        return True  # (the words are there and no quote holds them: what the person said holds)

    def _recreate(self, start: int, end: int, name: str | None, speaker: Anchor | None) -> bool:
        words = self.text[start:end]
        fields = self._speaker_fields(name, speaker)
        quote = Quote(text=words, start=start, end=end, kind=quote_kind(words), **fields)
        self.quotes.append(dataclasses.replace(quote, corrected=True, original=json.dumps({})))
        return True

    def _quote_span(self, c: Correction, start: int, end: int) -> bool:
        i = self._quote_at(start, end)
        span = c.value["span"].locate(self.text)
        if span is None:
            return False
        if i is None:  # another model missed it: the quote, its words and speaker as the person saw
            return self._recreate(span[0], span[1], c.value.get("name"), c.value.get("speaker"))
        words = self.text[span[0] : span[1]]
        self.quotes[i] = self._mark(
            self.quotes[i], text=words, start=span[0], end=span[1], parts=(), kind=quote_kind(words)
        )
        return True

    def _add_quote(self, c: Correction, start: int, end: int) -> bool:
        words = self.text[start:end]
        fields = self._speaker_fields(c.value.get("name"), c.value.get("speaker"))
        kind: QuoteKind = quote_kind(words)
        for known in ("direct", "mixed", "indirect"):
            if c.value.get("kind") == known:
                kind = known  # (as the person's tool said, when it says)
        quote = Quote(text=words, start=start, end=end, kind=kind, **fields)
        i = self._quote_at(start, end)
        # a model's quote over (most of) the same words is the one the person meant: it takes their
        # words and speaker (no words twice); a quote a person vouched for stays, beside it
        if i is not None and not self.quotes[i].corrected:
            self.quotes[i] = self._mark(
                self.quotes[i], text=words, start=start, end=end, parts=(), kind=kind, **fields
            )
        else:
            self.quotes.append(dataclasses.replace(quote, corrected=True, original=json.dumps({})))
        return True

    # -- entities

    def _entity_at(self, start: int, end: int) -> int | None:
        for i, ent in enumerate(self.canonical):
            if any(m.start <= start and end <= m.end for m in ent.mentions):
                return i
        for i, ent in enumerate(self.canonical):  # a newer model's mention that overlaps the words
            if any(min(m.end, end) > max(m.start, start) for m in ent.mentions):
                return i
        return None

    def _entity_type(self, c: Correction, start: int, end: int) -> bool:
        i = self._entity_at(start, end)
        if i is None:
            return False
        ent = self.canonical[i]
        category = c.value["category"]
        if category == "none":
            self.canonical.pop(i)
            self.entities = [e for e in self.entities if e.entity_id != ent.id]
            self.quotes = [
                dataclasses.replace(self._mark(q), speaker_id=None) if q.speaker_id == ent.id else q
                for q in self.quotes
            ]
            return True
        label = ENTITY_LABELS[category]
        cat = Category(category)
        self.canonical[i] = dataclasses.replace(
            ent, label=label, category=cat, corrected=True, original=ent.original or _entity_original(ent)
        )
        self.entities = [
            dataclasses.replace(e, label=label, category=cat) if e.entity_id == ent.id else e
            for e in self.entities
        ]
        return True

    def _entity_name(self, c: Correction, start: int, end: int) -> bool:
        i = self._entity_at(start, end)
        if i is None:
            return False
        ent, name = self.canonical[i], c.value["name"]
        self.canonical[i] = dataclasses.replace(
            ent, name=name, corrected=True, original=ent.original or _entity_original(ent)
        )
        self.quotes = [self._mark(q, speaker_name=name) if q.speaker_id == ent.id else q for q in self.quotes]
        return True

    def _merge_entities(self, c: Correction, start: int, end: int) -> bool:
        i = self._entity_at(start, end)
        into = c.value["into"].locate(self.text)
        j = self._entity_at(*into) if into is not None else None
        if i is None or j is None or i == j:
            return False
        gone, keep = self.canonical[i], self.canonical[j]
        mentions = tuple(sorted({*keep.mentions, *gone.mentions}, key=lambda m: (m.start, m.end)))
        self.canonical[j] = dataclasses.replace(
            keep, mentions=mentions, corrected=True, original=keep.original or _entity_original(keep)
        )
        self.canonical.pop(i)
        self.entities = [
            dataclasses.replace(e, entity_id=keep.id, label=keep.label, category=keep.category)
            if e.entity_id == gone.id
            else e
            for e in self.entities
        ]
        self.quotes = [
            self._mark(q, speaker_id=keep.id, speaker_name=keep.name) if q.speaker_id == gone.id else q
            for q in self.quotes
        ]
        return True

    # -- figures

    def _figure_at(self, start: int, end: int) -> int | None:
        for i, f in enumerate(self.figures):
            if (f.start, f.end) == (start, end):
                return i
        for i, f in enumerate(self.figures):
            if min(f.end, end) > max(f.start, start):
                return i
        return None

    def _not_figure(self, c: Correction, start: int, end: int) -> bool:
        i = self._figure_at(start, end)
        if i is not None:
            self.removed_figures.append(self.figures.pop(i))
        return True  # (no figure there: what the person said holds)

    def _figure_of(self, c: Correction, start: int, end: int) -> bool:
        i = self._figure_at(start, end)
        if i is None:
            return False
        f = self.figures[i]
        original = f.original or json.dumps({"of": f.of}, ensure_ascii=False)
        self.figures[i] = dataclasses.replace(
            f, of=c.value["of"], of_start=None, of_end=None, corrected=True, original=original
        )
        return True


def _entity_original(ent: CanonicalEntity) -> str:
    return json.dumps(
        {"name": ent.name, "label": ent.label, "category": ent.category.value}, ensure_ascii=False
    )


# --- files of corrections --------------------------------------------------------------------


def dumps(records: Sequence[tuple[str, str | None, Correction]]) -> str:
    """Corrections as JSON lines, each ``{"format", "text_hash", "path", "correction"}``."""
    lines = [
        json.dumps(
            {"format": FORMAT, "text_hash": h, "path": p, "correction": c.to_json()}, ensure_ascii=False
        )
        for h, p, c in records
    ]
    return "".join(line + "\n" for line in lines)


def loads(text: str) -> list[tuple[str, str | None, Correction]]:
    """The records of :func:`dumps`; ``ValueError`` naming the line of the first malformed one."""
    out: list[tuple[str, str | None, Correction]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError(f"not a line of {FORMAT}")
            h = data.get("text_hash")
            if not isinstance(h, str) or len(h) != 64 or any(ch not in "0123456789abcdef" for ch in h):
                raise ValueError("text_hash must be a SHA-256 in hex")
            path = data.get("path")
            if path is not None and not isinstance(path, str):
                raise ValueError("path must be text")
            out.append((h, path, Correction.from_json(data.get("correction"))))
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"line {n}: {exc}") from None
    return out
