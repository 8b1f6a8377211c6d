"""What a figure means besides its value and unit: a rate's denominator and a rise or fall.

Rates (``Figure.per``): after the figure, in its sentence, "a"/"an"/"per"/"each"/"every"/"/" and a
singular noun: "$4 a month" -> "month", "$58 a barrel" -> "barrel", "£2 per litre" -> "litre",
"3 percent a year" -> "year". Not a rate: "a year ago" (a date offset: "ago", "earlier", "later",
"before" follows the noun), "per cent" (a percentage), a noun that modifies another ("a month
subscription"). Units that are rates already ("mph", "km/h", "Mbps") keep their unit and no ``per``.

Changes (``Figure.change``): "rise" or "fall" from the words next to the figure, else "level".

- before it: a verb of change ("rose", "increased", "grew", "climbed", "soared", "jumped", "gained";
  "fell", "dropped", "declined", "slid", "plunged", "lost", "cut", ...) or "up"/"down", directly or
  through "by", an article or adverbs ("rose sharply by 6%"), but not the particle of a phrasal verb
  ("sign up 5 million people", "make up 80 percent"); or a singular noun of change and "of" ("a rise
  of 6%", not "gains of two years");
- after it: a noun or adjective of change ("a 6% rise", "a 2% drop", "6% higher").

A figure after "to" or "from" is a level: in "fell 0.4 per cent to 13,176" the 0.4 per cent is a fall
and 13,176 the new level; in "rose from 10 to 12" both are levels.
"""

from __future__ import annotations

from spacy.tokens import Doc

from reader.core.model import FALL, LEVEL, RISE

_RATE_WORDS = {"a", "an", "per", "each", "every", "/"}
# the noun is then a time, not a denominator: "3 percent a year ago", "$4 a month earlier"
_NOT_RATE_AFTER = {"ago", "earlier", "later", "before", "after", "old", "-", "of"}
_NOT_PER = {"cent", "centum", "cents", "capita"}

_RISE_WORDS = {
    "rise", "rose", "risen", "increase", "grow", "grew", "grown", "climb", "soar", "jump", "surge",
    "gain", "rally", "advance", "spike", "rocket", "swell", "up",
}  # fmt: skip
_FALL_WORDS = {
    "fall", "fell", "fallen", "drop", "decline", "decrease", "slide", "slid", "plunge", "lose", "lost",
    "slip", "dip", "tumble", "sink", "sank", "sunk", "shrink", "shrank", "slump", "cut", "reduce",
    "plummet", "down", "dive",
}  # fmt: skip
# nouns (and comparatives) of change written after the figure: "a 6% rise", "a 2% cut", "6% higher"
_RISE_AFTER = {"rise", "increase", "gain", "jump", "growth", "surge", "climb", "hike", "higher"}
_FALL_AFTER = {"fall", "drop", "decline", "decrease", "cut", "loss", "slide", "dip", "reduction", "lower"}
_GAP = {"by", "a", "an", "another", "some", "just", "only", "nearly", "almost", "roughly", ","}


def _word(tok) -> set[str]:
    return {tok.lower_, tok.lemma_.lower()}


def rate_of(doc: Doc, end: int, limit: int) -> str | None:
    """The denominator written after a figure ending at token ``end`` ("a month" -> "month")."""
    if end + 1 >= limit or doc[end].lower_ not in _RATE_WORDS:
        return None
    link, noun = doc[end], doc[end + 1]
    if link.text == "/" and (link.whitespace_ or doc[end - 1].whitespace_):
        return None  # "10 / month" is read, "10 / 20" or a spaced slash between figures is not
    if noun.tag_ != "NN" or noun.lower_ in _NOT_PER or not noun.is_alpha:
        return None
    after = doc[end + 2] if end + 2 < limit else None
    if after is not None and (after.lower_ in _NOT_RATE_AFTER or after.pos_ in ("NOUN", "PROPN", "NUM")):
        return None
    return noun.lemma_.lower()


def change_of(doc: Doc, start: int, end: int, sent_start: int, limit: int) -> str:
    """ "rise", "fall" or "level" for the figure on tokens [start, end) of a sentence."""
    if doc[start].lower_ in ("from", "between"):
        return LEVEL  # "from 10 to 12": levels
    k = start - 1
    gap = 0
    while k >= sent_start and gap < 3 and (doc[k].lower_ in _GAP or doc[k].tag_ == "RB"):
        if doc[k].lower_ in ("up", "down"):
            break
        k -= 1
        gap += 1
    if k >= sent_start:
        tok = doc[k]
        if tok.lower_ == "of" and k - 1 >= sent_start and doc[k - 1].tag_ == "NN":  # "a rise of 6%"
            noun = _word(doc[k - 1])
            if noun & _RISE_AFTER:
                return RISE
            if noun & _FALL_AFTER:
                return FALL
        elif tok.lower_ not in ("to", "from") and tok.dep_ != "prt":  # "fell 2% to 13,176": a level;
            # "sign up 5 million people", "make up 80 percent": a phrasal verb, not "up 6%"
            if _word(tok) & _RISE_WORDS:
                return RISE
            if _word(tok) & _FALL_WORDS:
                return FALL
    if end < limit and not doc[end].tag_.startswith("VB"):  # "The FTSE 100 fell": not "a 100 fall"
        after = _word(doc[end])
        if after & _RISE_AFTER:
            return RISE
        if after & _FALL_AFTER:
            return FALL
    return LEVEL
