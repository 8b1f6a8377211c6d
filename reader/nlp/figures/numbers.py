"""Number parsing: digits with separators, decimals, scale words, number words and ranges.

Everything works on spaCy tokens (token indices into a Doc) so that the figure's span is
exact. The value grammar is deliberately small and predictable:

* digits: ``10,000``, ``5.2``, ``3.5bn`` (a scale suffix glued to the digits), ``10-20`` (a range in
  one token);
* number words: ``two``, ``twenty-five thousand``, ``one hundred and five``, ``a dozen``,
  ``half a million``, ``one and a half million``;
* a scale after either: ``3 million``, ``5.2 billion``, ``40 m`` (after a currency), ``2 bn``.

``dozens``, ``thousands``, ``several`` and other vague amounts are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SMALL: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

# scale words (spelled out) -> multiplier
SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}

# scale abbreviations written after digits ("3.5bn", "40 m", "2 mln"); "m" is handled by the caller
SCALE_ABBREV: dict[str, float] = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "mil": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
    "crore": 1e7,
    "crores": 1e7,
    "lakh": 1e5,
    "lakhs": 1e5,
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
DIGITS = re.compile(rf"^(?:{_NUM})$")
DIGITS_SCALED = re.compile(rf"^({_NUM})(k|m|mn|mln|bn|b|tn|trn)$", re.IGNORECASE)
DIGIT_RANGE = re.compile(rf"^({_NUM})[-–—]({_NUM})$")

# words that may appear inside a spelled-out number
_WORDS = set(SMALL) | set(SCALE_WORDS) | {"dozen", "half", "a", "an", "and", "-"}


def parse_digits(text: str) -> float | None:
    """``"10,000"`` -> 10000.0; ``"5.2"`` -> 5.2; anything else -> None."""
    if not DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


def words_value(words: list[str]) -> float | None:
    """The value of a spelled-out number (lower-case words, hyphens as separate items).

    >>> words_value(["half", "a", "million"])
    500000.0
    """
    total = 0.0
    current = 0.0
    seen = False
    pending_half = False
    for w in words:
        if w in ("-", "and", "a", "an"):
            if w in ("a", "an") and not seen:
                current = 1.0
            continue
        if w in SMALL:
            current += SMALL[w]
        elif w == "half":
            if seen and current:
                current += 0.5
            else:
                pending_half = True
                current = 0.5
        elif w == "dozen":
            current = (current or 1.0) * 12
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w in SCALE_WORDS:
            total += (current or 1.0) * SCALE_WORDS[w]
            current = 0.0
        else:
            try:
                current += float(w.replace(",", ""))
            except ValueError:
                return None
        seen = True
    if not seen:
        return None
    if pending_half and total == 0 and current == 0.5:
        return None  # a bare "half" is a fraction, not a count
    return total + current


@dataclass(slots=True)
class Number:
    """A parsed number: token range ``[start, end)``, value and the upper end of a range."""

    start: int
    end: int
    value: float
    value_high: float | None = None
    scaled: bool = False  # a scale word or abbreviation was applied
    spelled: bool = False  # written in words ("two", "a dozen")
    word_one: bool = False  # just "one" / "a": rarely a figure on its own


def _word_run(doc, i: int, limit: int) -> int:
    """End index of a run of number-word tokens starting at ``i``."""
    j = i
    while j < limit:
        low = doc[j].lower_
        if low in _WORDS:
            j += 1
            continue
        break
    # trim connectors that do not belong to the number
    while j > i and doc[j - 1].lower_ in ("-", "and", "a", "an", "half"):
        j -= 1
    return j


def _spelled(doc, i: int, limit: int) -> Number | None:
    tok = doc[i]
    low = tok.lower_
    if low in ("a", "an"):
        # "a dozen", "a million", "a hundred", "a half million"
        if i + 1 >= limit:
            return None
        nxt = doc[i + 1].lower_
        if nxt not in SCALE_WORDS and nxt not in ("dozen", "half"):
            return None
    elif low == "half":
        # "half a million"
        if not (i + 2 < limit and doc[i + 1].lower_ in ("a", "an") and doc[i + 2].lower_ in SCALE_WORDS):
            return None
    elif low not in SMALL and low not in SCALE_WORDS and low != "dozen":
        return None
    end = _word_run(doc, i, limit)
    # "and" only inside a number: "one hundred and five", "one and a half million"
    words = []
    for k in range(i, end):
        w = doc[k].lower_
        if w == "and":
            prev = doc[k - 1].lower_
            nxt = doc[k + 1].lower_ if k + 1 < end else ""
            half_follows = nxt in ("a", "an") and k + 2 < end and doc[k + 2].lower_ == "half"
            if not (prev in SCALE_WORDS or half_follows):
                end = k
                break
        words.append(w)
    while end > i and doc[end - 1].lower_ in ("-", "and", "a", "an", "half"):
        end -= 1
        words.pop()
    if end <= i:
        return None
    if words[0] in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
        return None  # "million" alone is not a count ("a million" is handled above)
    value = words_value(words)
    if value is None:
        return None
    word_one = words in (["one"], ["a"], ["an"])
    scaled = any(w in SCALE_WORDS and w != "hundred" for w in words)
    return Number(i, end, value, scaled=scaled, spelled=True, word_one=word_one)


def _scale_after(doc, j: int, limit: int, allow_m: bool) -> tuple[float, int]:
    """A scale word or abbreviation at ``j``: (multiplier, new end) or (1, j)."""
    if j >= limit:
        return 1.0, j
    low = doc[j].lower_
    if low in SCALE_WORDS and low != "hundred":
        mult = SCALE_WORDS[low]
        # "2.5 million" / "5 hundred thousand" is rare; accept one scale word
        return mult, j + 1
    if low in SCALE_ABBREV and (low != "m" or allow_m):
        return SCALE_ABBREV[low], j + 1
    return 1.0, j


def match_number(doc, i: int, limit: int, currency_before: bool = False) -> Number | None:
    """The number starting at token ``i`` (a digit token or a number word), scale included."""
    tok = doc[i]
    text = tok.text
    value = parse_digits(text)
    if value is not None:
        num = Number(i, i + 1, value)
        mult, end = _scale_after(doc, i + 1, limit, allow_m=currency_before)
        if end > i + 1:
            num.value *= mult
            num.end = end
            num.scaled = True
        return num
    m = DIGITS_SCALED.match(text)
    if m:
        suffix = m.group(2).lower()
        if suffix == "m" and not currency_before:
            return None  # "100m" on its own is a distance (handled as a unit), not a million
        return Number(i, i + 1, float(m.group(1).replace(",", "")) * SCALE_ABBREV[suffix], scaled=True)
    m = DIGIT_RANGE.match(text)
    if m:
        low = float(m.group(1).replace(",", ""))
        high = float(m.group(2).replace(",", ""))
        num = Number(i, i + 1, low, high)
        mult, end = _scale_after(doc, i + 1, limit, allow_m=currency_before)
        if end > i + 1:
            num.value *= mult
            num.value_high = high * mult
            num.end = end
            num.scaled = True
        return num
    spelled = _spelled(doc, i, limit)
    if spelled is None:
        return None
    if not spelled.scaled:
        mult, end = _scale_after(doc, spelled.end, limit, allow_m=False)
        if end > spelled.end and doc[spelled.end].lower_ in SCALE_WORDS:
            spelled.value *= mult
            spelled.end = end
            spelled.scaled = True
    return spelled


def could_start(tok) -> bool:
    """Cheap test: can a number start at this token?"""
    if tok.like_num:
        return True
    low = tok.lower_
    if low in ("a", "an", "half", "dozen"):
        return True
    c = tok.text[:1]
    return c.isdigit()
