"""Multiples, odds and shares written as two numbers: figures the number scanner does not read.

* multiples (kind ``ratio``, unit ``times``): "twice", "thrice", "doubled", "tripled", "triple the
  lead", "fivefold", "a 10-fold rise", "three times as many", "10 times harder";
* odds (kind ``ratio``): "3-to-1", "nearly 3 to 1", "by more than 2-1" (the second number 1);
* shares (kind ``fraction``): "6 in 10 voters", "one in five", "one out of every three";
* ranks (kind ``rank``): "finished third", "ranked 5th", "in second place", "the second-largest
  city" (an ordinal that names, "the 22nd district", "his second term", is none).

Each is found on the tokens of one sentence and returned as a token span with its value; the
scanner's own figures over the same tokens give way to it (``6`` and ``10 voters`` were two counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from reader.core.model import Change
from reader.nlp.figures.numbers import SMALL, match_number, parse_digits

# a multiple said in one word; the verb forms say the amount grew (or shrank: "halved")
_MULTIPLE_WORDS: dict[str, float] = {
    "twice": 2, "thrice": 3, "double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "triple": 3,
    "tripled": 3, "triples": 3, "tripling": 3, "quadruple": 4, "quadrupled": 4, "quadruples": 4,
    "quadrupling": 4, "quintupled": 5, "halved": 0.5, "halves": 0.5, "halving": 0.5,
}  # fmt: skip
_ADVERB_MULTIPLES = {"twice", "thrice"}
_FOLD = re.compile(r"^(?:(\d+(?:\.\d+)?)|([a-z]+))-?fold$")
_TENS_FOLD = {"hundred": 100, "thousand": 1000}
# after "N times" these make it a multiple ("three times as many", "10 times harder", "four times the")
_AFTER_TIMES = {"as", "more", "less", "the", "that", "what", "over", "larger", "bigger", "higher", "greater"}
_ODDS_LINKS = {"to", "-", "–", "to-1", "-to-1", "-1"}
_SHARE_OF = {"in", "out"}
_YEAR = re.compile(r"^(1[0-9]|20)\d\d$")


@dataclass(frozen=True, slots=True)
class Multiple:
    """A figure read here: tokens ``[start, end)``, its value, kind, unit and (for verbs) change."""

    start: int
    end: int
    value: float
    kind: str  # "ratio", "fraction" or "rank"
    unit: str  # "times", "fraction" or "rank"
    change: Change | None = None  # None: the change is read from the sentence as for any figure


def _number(tok: Token) -> float | None:
    """A small whole number written in digits or as one word ("6", "ten"), or None."""
    low = tok.lower_
    if low in SMALL:
        return float(SMALL[low])
    value = parse_digits(tok.text)
    return value if value is not None and value < 1e6 else None


def _word_multiple(doc: Doc, i: int) -> Multiple | None:
    tok = doc[i]
    low = tok.lower_
    value = _MULTIPLE_WORDS.get(low)
    if value is None:
        return None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and nxt.text in ("-", "‑") and tok.whitespace_ == "":
        return None  # "double-edged", "triple-A"
    if low in _ADVERB_MULTIPLES:
        return Multiple(i, i + 1, float(value), "ratio", "times")
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        return Multiple(i, i + 1, float(value), "ratio", "times", "fall" if value < 1 else "rise")
    # "triple the lead", "double what it was": a multiple of what follows
    if nxt is not None and nxt.lower_ in ("the", "that", "what", "its", "their", "his", "her"):
        return Multiple(i, i + 1, float(value), "ratio", "times")
    return None


def _fold(doc: Doc, i: int) -> Multiple | None:
    """ "fivefold", "10-fold", "a five-fold rise" (the tokenizer may split off "-fold")."""
    tok = doc[i]
    low = tok.lower_
    m = _FOLD.match(low)
    end = i + 1
    if m is None and i + 2 < len(doc) + 1 and i + 1 < len(doc):
        # "10", "-", "fold" or "five", "-fold"
        j = i + 1
        if doc[j].text in ("-", "‑") and j + 1 < len(doc) and doc[j + 1].lower_ == "fold":
            end = j + 2
        elif doc[j].lower_ in ("-fold", "fold") and tok.whitespace_ == "":
            end = j + 1
        else:
            return None
        value = _number(tok)
        if value is None:
            return None
        return Multiple(i, end, value, "ratio", "times")
    if m is None:
        return None
    if m.group(1):
        return Multiple(i, end, float(m.group(1)), "ratio", "times")
    word = m.group(2)
    value = SMALL.get(word) or _TENS_FOLD.get(word)
    return Multiple(i, end, float(value), "ratio", "times") if value else None


def _odds(doc: Doc, i: int) -> Multiple | None:
    """ "3-to-1", "3 to 1", "more than 2-1": odds of N to one."""
    value = _number(doc[i])
    if value is None or value < 2 or i + 1 >= len(doc):
        return None
    j = i + 1
    texts = []
    while j < len(doc) and j < i + 4 and doc[j].lower_ in _ODDS_LINKS | {"1", "one", "-1"}:
        texts.append(doc[j].lower_)
        j += 1
    joined = "".join(texts)
    if joined not in ("-to-1", "to1", "-1", "-to-one", "toone", "to-1"):
        return None
    if joined == "-1":
        # "2-1" is a score unless a margin is said: "by 2-1", "more than 2-1", "nearly 2-1"
        before = doc[i - 1].lower_ if i > 0 else ""
        if before not in ("by", "than", "nearly", "almost", "about", "roughly", "some", "margin"):
            return None
    return Multiple(i, j, value, "ratio", "times")


def _share(doc: Doc, i: int, limit: int) -> Multiple | None:
    """ "6 in 10", "one in five", "one out of every three": a share written as two counts."""
    first = match_number(doc, i, limit)
    if first is None or first.value_high is not None or first.end + 1 >= limit:
        return None
    part = first.value
    i_link = first.end
    if doc[i_link].lower_ not in _SHARE_OF:
        return None
    j = i_link + 1
    if doc[i_link].lower_ == "out":
        if j >= limit or doc[j].lower_ != "of":
            return None
        j += 1
    if j < limit and doc[j].lower_ == "every":
        j += 1
    if j >= limit:
        return None
    second = match_number(doc, j, limit)
    if second is None or second.value_high is not None or second.fraction:
        return None
    whole = second.value
    if not 0 < part < whole or _YEAR.match(doc[j].text):
        return None  # "three of the last 10 in 2008": a year, no share
    after = doc[second.end] if second.end < limit else None
    if after is not None and (after.like_num or after.text[:1].isdigit()):
        return None
    return Multiple(i, second.end, part / whole, "fraction", "fraction")


def _times(doc: Doc, i: int) -> Multiple | None:
    """ "three times as many", "10 times harder", "four times the rate": a multiple."""
    value = _number(doc[i])
    if value is None or value < 2 or i + 2 >= len(doc) or doc[i + 1].lower_ != "times":
        return None
    after = doc[i + 2]
    if after.lower_ in _AFTER_TIMES or after.tag_ in ("JJR", "RBR"):
        return Multiple(i, i + 2, value, "ratio", "times")
    return None


# words one of these figures has within four tokens after its number: "in", "out", "to", "times",
# "-", "fold", "to-1"
_NEAR_WORDS = {"in", "out", "to", "times", "-", "–", "fold", "-fold", "to-1", "-to-1", "-1"}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
}  # fmt: skip
_ORDINAL_DIGITS = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$", re.IGNORECASE)
# a rank is told by the verb before it ("finished third", "ranked 5th") or the place after it ("in
# second place"), or a superlative hyphenated to it ("the second-largest city")
_RANK_VERBS = {"finish", "come", "place", "rank", "end", "land", "run"}
_RANK_NOUNS = {"place", "spot", "position"}
_SUPERLATIVES = {
    "largest", "biggest", "highest", "lowest", "smallest", "most", "least", "best", "worst", "richest",
    "poorest", "busiest", "oldest", "longest", "fastest", "deadliest",
}  # fmt: skip


def ordinal_value(tok: Token) -> int | None:
    """ "third" -> 3, "5th" -> 5; None for any other word."""
    low = tok.lower_
    if low in _ORDINALS:
        return _ORDINALS[low]
    m = _ORDINAL_DIGITS.match(low)
    return int(m.group(1)) if m else None


def _rank(doc: Doc, i: int, limit: int) -> Multiple | None:
    """A rank: "finished third", "ranked 5th", "in second place", "the second-largest city"."""
    value = ordinal_value(doc[i])
    if value is None:
        return None
    nxt = doc[i + 1] if i + 1 < limit else None
    after = doc[i + 2] if i + 2 < limit else None
    if nxt is not None and nxt.text in ("-", "‑") and after is not None and after.lower_ in _SUPERLATIVES:
        return Multiple(i, i + 3, float(value), "rank", "rank")
    if nxt is not None and nxt.lower_ in _RANK_NOUNS:
        return Multiple(i, i + 2, float(value), "rank", "rank")
    prev = doc[i - 1] if i > 0 else None
    if prev is not None and prev.lemma_.lower() in _RANK_VERBS and prev.pos_ in ("VERB", "AUX"):
        return Multiple(i, i + 1, float(value), "rank", "rank")
    return None


# words that start a figure of this module (besides numbers)
TRIGGERS = frozenset(_MULTIPLE_WORDS) | {f"{w}fold" for w in (*SMALL, *_TENS_FOLD)} | frozenset(_ORDINALS)


def find_multiples(doc: Doc, starts: list[int], limit_of) -> list[Multiple]:
    """The multiples, odds and shares starting at tokens ``starts`` (numbers and :data:`TRIGGERS`,
    in order), each within ``limit_of(i)`` (the end of its sentence), not overlapping."""
    out: list[Multiple] = []
    pos = 0
    n = len(doc)
    for i in starts:
        if i < pos:
            continue
        low = doc[i].lower_
        near = {doc[k].lower_ for k in range(i + 1, min(i + 5, n))}
        ordinal = low in _ORDINALS or _ORDINAL_DIGITS.match(low) is not None
        if low not in TRIGGERS and not near & _NEAR_WORDS and not low.endswith("fold") and not ordinal:
            continue  # (cheap: most numbers are none of these)
        limit = limit_of(i)
        got = _rank(doc, i, limit) if ordinal else None
        got = got or _word_multiple(doc, i) or _fold(doc, i) or _odds(doc, i)
        got = got or _share(doc, i, limit) or _times(doc, i)
        if got is not None and got.end <= limit:
            out.append(got)
            pos = got.end
    return out
