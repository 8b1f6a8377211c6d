"""One type per entity, decided from the evidence of all its mentions.

Each mention gives evidence (:func:`mention_evidence`):

- *strong* evidence, from the words around it: a title before it ("Mr.", "Sen.", "President":
  a person); an organization's suffix or head ("Acme Inc.", "Labour Party", "University of ...":
  an organization); a geographic feature beside it ("the Wren estuary", "Lake Tahoe": a place); a
  work's context ("the film Joker", "starred in Joker", "won the Oscar for Joker", a name alone in
  quotation marks: a work, not highlighted); an award's context ("Oscar nomination": an award);
- *weak* evidence: the label the model gave it, and being the subject of a verb of saying ("said",
  "told": a person rather than anything else the model saw in it).

An entity's type (:func:`decide`) is its curated type when its name is in
:mod:`reader.nlp.known_entities`; else the type with the most evidence, a piece of strong evidence
weighing as much as :data:`STRONG` model labels (so "the film Joker" settles a name the model
labels now a person, now a place, but one quoted "Hillary Clinton" in a live blog that labels her a
person fifty times does not make her a film), with speech as a tie-breaker. Every mention then
gets that type (``entities.cluster``).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from reader.nlp import known_entities as known
from reader.nlp.quotes import lexicon

STRONG = 10.0  # one piece of strong evidence weighs as much as ten model labels
SPEECH = 0.5  # being the subject of "said" is half a model label for "person"
_QUOTES = frozenset("\"'“”‘’«»")
_SPEECH_LEMMAS = lexicon.SAY | lexicon.words("tell")


Evidence = dict[str, float]  # type -> weight (only the types some evidence is for)


def add_evidence(evidence: Evidence, label: str, weight: float) -> None:
    evidence[label] = evidence.get(label, 0.0) + weight


def mention_evidence(doc: Doc, span: SpacySpan, label: str | None) -> Evidence:
    """The evidence one mention gives (``label``: the model's label, None for a mention the model
    did not see)."""
    ev: Evidence = {}
    if label:
        add_evidence(ev, label, 1.0)
    strong = _context_type(doc, span, label)
    if strong:
        add_evidence(ev, strong, STRONG)
    elif _speech_subject(span):
        add_evidence(ev, "PERSON", SPEECH)
    return ev


def decide(names: Iterable[str], evidence: Evidence, first_label: str) -> str:
    """The type of an entity with display names ``names`` (curated ones first) and the summed
    ``evidence`` of its mentions; ``first_label`` breaks ties."""
    for name in names:
        curated = known.known_type(name)
        if curated:
            return curated
    if not evidence:
        return first_label
    best = max(evidence.values())
    tied = [lab for lab, v in evidence.items() if v == best]
    return first_label if first_label in tied else tied[0]


def _context_type(doc: Doc, span: SpacySpan, label: str | None) -> str | None:
    return (
        _title_before(doc, span)
        or _street_form(span)
        or _language_context(doc, span)
        or _org_form(doc, span)
        or _geo_context(doc, span, label)
        or _award_context(doc, span)
        or _work_context(doc, span)
    )


def _prev(doc: Doc, i: int) -> Token | None:
    return doc[i - 1] if i > 0 else None


def _title_before(doc: Doc, span: SpacySpan) -> str | None:
    """ "Mr. Zellweger", "Sen. Warren", "President Obama"."""
    prev = _prev(doc, span.start)
    if prev is None or not prev.text[:1].isupper():
        return None
    return "PERSON" if prev.lower_.rstrip(".") in lexicon.HONORIFICS else None


def _org_form(doc: Doc, span: SpacySpan) -> str | None:
    """ "Acme Inc.", "the Labour Party", "University of Michigan", "drugmaker Mylan", "Mylan, a
    drug company," (a company is never a person)."""
    last = span[-1]
    if len(span) > 1 and last.text[:1].isupper() and last.lower_ in known.ORG_SUFFIXES:
        return "ORG"
    prev = _prev(doc, span.start)
    if prev is not None and prev.lemma_.lower() in known.COMPANY_NOUNS and not prev.text[:1].isupper():
        return "ORG"
    if any(c.dep_ == "appos" and c.lemma_.lower() in known.COMPANY_NOUNS for c in span.root.children):
        return "ORG"
    first = span[0]
    nxt = doc[span.start + 1] if span.start + 1 < len(doc) else None
    of_follows = nxt is not None and nxt.lower_ == "of"
    if first.lower_ in known.ORG_HEADS and first.text[:1].isupper() and of_follows:
        return "ORG"
    return None


def _street_form(span: SpacySpan) -> str | None:
    """A street or square (a place): "Main Street", "Rue de Rivoli", "Lüderitzstrasse",
    "Petersallee", "Nachtigalplatz"."""
    words = [t for t in span if t.is_alpha or t.text.endswith(".")]
    if not words or not words[0].text[:1].isupper():
        return None
    if len(words) > 1 and (words[-1].lower_ in known.STREET_WORDS or words[0].lower_ in known.STREET_FIRST):
        return "FAC"
    low = words[-1].lower_
    for ending in known.STREET_ENDINGS.split():
        if low.endswith(ending) and len(low) >= len(ending) + 3:  # a word before the ending
            return "FAC"
    return None


def _language_context(doc: Doc, span: SpacySpan) -> str | None:
    """A language: "in Swahili", "speak Swahili", "Swahili-speaking", "the Swahili word"."""
    low = span.text.lower()
    if len(span) != 1 or low not in known.LANGUAGES:
        return None
    prev = _prev(doc, span.start)
    nxt = doc[span.end] if span.end < len(doc) else None
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if prev is not None and prev.lower_ in known.LANGUAGE_BEFORE:
        return known.LANGUAGE
    if nxt is not None and (
        nxt.lower_ in known.LANGUAGE_AFTER
        or (nxt.text == "-" and after is not None and after.lower_ in ("speaking", "language"))
    ):
        return known.LANGUAGE
    return None


def _geo_context(doc: Doc, span: SpacySpan, label: str | None) -> str | None:
    """ "the Wren estuary", "Lake Tahoe", "the river Wren", "the Wren, an estuary" (a feature word
    inside the name counts only where the model did not see a person: "Michael Bay", "Ricki Lake")."""
    nxt = doc[span.end] if span.end < len(doc) else None
    prev = _prev(doc, span.start)
    edges = {span[0].lower_, span[-1].lower_} if len(span) > 1 and label != "PERSON" else set()
    near = {t.lower_ for t in (nxt, prev) if t is not None}
    appos = {c.lemma_.lower() for c in span.root.children if c.dep_ == "appos"}
    if (near | edges | appos) & known.GEO_FEATURES:
        return "LOC"
    return None


def _award_context(doc: Doc, span: SpacySpan) -> str | None:
    """ "Oscar nomination", "Oscar-winning", "Nobel Peace Prize"."""
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in known.AWARD_NOUNS:
        return known.AWARD
    after = doc[span.end + 1].lower_ if span.end + 1 < len(doc) else ""
    if nxt is not None and nxt.text == "-" and after in ("winning", "nominated"):
        return known.AWARD
    if len(span) > 1 and span[-1].lower_ in known.AWARD_NOUNS | {"medal", "trophy"}:
        return known.AWARD
    return None


def _work_context(doc: Doc, span: SpacySpan) -> str | None:
    """ "the film Joker", "starred in Joker", "won the Oscar for Joker", "“Joker”"."""
    prev = _prev(doc, span.start)
    nxt = doc[span.end] if span.end < len(doc) else None
    if prev is not None and nxt is not None and prev.text in _QUOTES and nxt.text in _QUOTES:
        return known.WORK  # a name alone in quotation marks is a title
    for k in range(span.start - 1, max(span.start - 3, -1), -1):
        t = doc[k]
        if t.lower_ in known.WORK_NOUNS:
            return known.WORK
        if not (t.text in _QUOTES or t.pos_ in ("DET", "PRON") or t.tag_ == "POS"):
            break
    root = span.root
    if root.dep_ == "pobj":
        prep = root.head
        governor = prep.head.lemma_.lower()
        if prep.lower_ == "in" and governor in known.WORK_VERBS:
            return known.WORK
        if prep.lower_ == "for" and (governor in known.AWARD_HEADS or prep.head.lower_ in known.AWARD_HEADS):
            return known.WORK
    return None


def _speech_subject(span: SpacySpan) -> bool:
    root = span.root
    while root.dep_ in ("compound", "flat", "appos") and root.head.i != root.i:
        root = root.head
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in _SPEECH_LEMMAS
