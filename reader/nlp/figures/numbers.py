"""Number parsing: digits with separators, decimals, scale words, number words and ranges.

Everything works on spaCy tokens (token indices into a Doc) so that the figure's span is
exact. The value grammar is deliberately small and predictable:

* digits: ``10,000``, ``12,34,567`` (Indian grouping), ``40 000`` (spaces between groups of three),
  ``5.2``, ``-1.3`` (a sign glued to the digits), ``3.5bn`` / ``10M`` (a scale suffix glued to the
  digits), ``5kW`` (a unit glued to the digits: :attr:`Number.glued`, resolved by the caller),
  ``10-20`` / ``5k-20k`` / ``20~100`` (a range in one token);
* fractions: ``1/4``, ``10 1/2``, ``½``, ``2½`` (denominators 2, 3, 4, 8, 16, 32, 64 only, so that
  ``9/11`` stays a date), ``two-thirds``, ``a third`` (before "of", a scale, a unit or the end),
  ``three quarters``, ``two and a half``, ``half`` before "of"/"the"/a plural noun;
* number words: ``two``, ``twenty-five thousand``, ``one hundred and five``, ``a dozen``,
  ``three dozen(s)``, ``half a million``, ``one and a half million``, ``one million and a half``,
  ``quarter million``, ``five point five``; a sign word before any of them: ``minus 5``,
  ``negative one``, ``minus-5``;
* a scale after either: ``3 million``, ``5.2 billion``, ``322 hundred``, ``40 m`` (after a currency),
  ``2 bn``, ``$2.174T`` (after a currency).

``dozens``, ``thousands``, ``tens of millions``, ``several`` and other vague amounts are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SMALL: dict[str, int] = {
    "zero": 0,
    "nought": 0,
    "naught": 0,
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
    "tln": 1e12,
    "crore": 1e7,
    "crores": 1e7,
    "lakh": 1e5,
    "lakhs": 1e5,
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
DIGITS = re.compile(rf"^(?:{_NUM})$")
DIGITS_SCALED = re.compile(rf"^({_NUM})(k|m|mn|mln|mil|bn|bln|b|t|tn|trn|tln)$", re.IGNORECASE)
_RANGE_SCALE = r"(k|K|M|mn|mln|bn|bln|tn|trn)?"
DIGIT_RANGE = re.compile(rf"^({_NUM}){_RANGE_SCALE}[-–—~]({_NUM}){_RANGE_SCALE}$")
# digits with letters or symbols glued after them ("5kW", "40min", "100元"): a unit for the caller
DIGITS_GLUED = re.compile(rf"^({_NUM})([^\d\s,.\-–—~/][^\s]*)$")
_SIGNS = "-−–"
_THREE = re.compile(r"^\d{3}(?:\.\d+)?$")
_GROUP_GAP = {" ", "\u00a0", "\u202f", "\u2009"}

# fractions written with a slash or as one character
SLASH_FRACTION = re.compile(r"^(\d{1,2})/(\d{1,2})$")
FRACTION_DENOMINATORS = {2, 3, 4, 8, 16, 32, 64}
FRACTION_CHARS: dict[str, float] = {
    "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5, "⅗": 3 / 5,
    "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8,
}  # fmt: skip
CHAR_FRACTION = re.compile(rf"^(\d+)?([{''.join(FRACTION_CHARS)}])$")

# denominators written as words: singular after "a"/"one", plural after a larger numerator
DENOMINATORS: dict[str, float] = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
for _n, _w in (
    (3, "third"), (4, "fourth"), (5, "fifth"), (6, "sixth"), (7, "seventh"), (8, "eighth"), (9, "ninth"),
    (10, "tenth"), (11, "eleventh"), (12, "twelfth"), (13, "thirteenth"), (14, "fourteenth"),
    (15, "fifteenth"), (16, "sixteenth"), (17, "seventeenth"), (18, "eighteenth"), (19, "nineteenth"),
    (20, "twentieth"), (30, "thirtieth"), (40, "fortieth"), (50, "fiftieth"), (60, "sixtieth"),
    (70, "seventieth"), (80, "eightieth"), (90, "ninetieth"), (100, "hundredth"), (1000, "thousandth"),
    (1e6, "millionth"), (1e9, "billionth"), (1e12, "trillionth"),
):  # fmt: skip
    DENOMINATORS[_w] = DENOMINATORS[_w + "s"] = _n
# "twenty-first", "twenty-fifths": the unit ordinal of a compound denominator
_UNIT_ORDINALS = {
    "first": 1,
    "firsts": 1,
    "second": 2,
    "seconds": 2,
    **{
        w: v for w, v in DENOMINATORS.items() if v < 10 and w not in ("half", "halves", "quarter", "quarters")
    },
}
# before a plural denominator these make it a period ("the past three quarters"), not a fraction
_PERIOD_BEFORE = {"the", "first", "last", "past", "next", "previous", "recent", "consecutive", "straight"}
_SIGN_WORDS = {"minus", "negative"}
_INDIAN = {"lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7}
_DOZENS = {"dozen", "dozens", "doz", "dozs", "dz", "dzs"}
_VAGUE_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}

# words that may appear inside a spelled-out number
_WORDS = set(SMALL) | set(SCALE_WORDS) | {"dozen", "half", "a", "an", "and", "-"}


def parse_digits(text: str) -> float | None:
    """``"10,000"`` -> 10000.0; ``"5.2"`` -> 5.2; ``"12,34,567"`` -> 1234567.0; anything else -> None."""
    if not DIGITS.match(text):
        return None
    return float(text.replace(",", ""))


def parse_fraction(text: str) -> float | None:
    """``"1/4"`` -> 0.25, ``"½"`` -> 0.5, ``"2½"`` -> 2.5; a slash with another denominator -> None."""
    m = SLASH_FRACTION.match(text)
    if m:
        num, den = int(m.group(1)), int(m.group(2))
        if den in FRACTION_DENOMINATORS and 0 < num < den:
            return num / den
        return None
    m = CHAR_FRACTION.match(text)
    if m:
        return float(m.group(1) or 0) + FRACTION_CHARS[m.group(2)]
    return None


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
    glued: str | None = None  # letters glued after the digits ("kW" in "5kW"): a unit for the caller
    fraction: bool = False  # a fraction with no scale ("two-thirds", "1/4", "half")
    scale: float = 1.0  # the last scale applied ("million" in "3 million")
    has_fraction: bool = False  # a fraction was read ("two and a half", "10 1/2"): never a date


def _is_gap(tok) -> bool:
    """A whitespace token inside one line (spaCy keeps runs of spaces as tokens)."""
    return tok.is_space and "\n" not in tok.text


def _next(doc, j: int, limit: int) -> int:
    """``j`` moved past whitespace tokens on the same line."""
    while j < limit and _is_gap(doc[j]):
        j += 1
    return j


def _word_run(doc, i: int, limit: int) -> int:
    """End index of a run of number-word tokens starting at ``i``."""
    j = i
    while j < limit:
        tok = doc[j]
        if tok.lower_ in _WORDS or (j > i and _is_gap(tok)):
            j += 1
            continue
        break
    # trim connectors that do not belong to the number
    while j > i and (doc[j - 1].lower_ in ("-", "and", "a", "an", "half") or _is_gap(doc[j - 1])):
        j -= 1
    return j


# "came to naught", "all for naught", "naught but": nothing, not the digit
_NAUGHT_IDIOM_BEFORE = {"to", "for", "of", "in"}


def _spelled(doc, i: int, limit: int) -> Number | None:
    if not _spelled_start(doc, i, limit):
        return None
    words, end = _spelled_words(doc, i, _word_run(doc, i, limit))
    if end <= i or not words:
        return None
    return _words_number(words, i, end)


def _spelled_start(doc, i: int, limit: int) -> bool:
    """Can a number in words start at token ``i``? Not "naught" in an idiom; "a" and "half" only
    before a scale ("a dozen", "a million", "half a million")."""
    low = doc[i].lower_
    if low in ("naught", "nought") and (
        (i > 0 and doc[i - 1].lower_ in _NAUGHT_IDIOM_BEFORE)
        or (i + 1 < limit and doc[i + 1].lower_ == "but")
    ):
        return False
    if low in ("a", "an"):
        # "a dozen", "a million", "a hundred", "a half million"
        return i + 1 < limit and (doc[i + 1].lower_ in SCALE_WORDS or doc[i + 1].lower_ in ("dozen", "half"))
    if low == "half":
        # "half a million", "half a dozen"
        k = _next(doc, i + 2, limit)
        return (
            i + 2 < limit
            and doc[i + 1].lower_ in ("a", "an")
            and k < limit
            and (doc[k].lower_ in SCALE_WORDS or doc[k].lower_ == "dozen")
        )
    return low in SMALL or low in SCALE_WORDS or low == "dozen"


def _spelled_words(doc, i: int, end: int) -> tuple[list[str], int]:
    """The number words of tokens ``i .. end`` ("-" kept, gaps left out) and where the number ends:
    before an "and" that is no part of it, or before a second number ("one twenty")."""
    words: list[str] = []
    last_small = None  # the previous number word, to stop at "one twenty" ("one twenty-fifth")
    for k in range(i, end):
        w = doc[k].lower_
        if _is_gap(doc[k]) or w == "-":
            if w == "-":
                words.append(w)
            continue
        if w == "and" and not _and_inside(doc, k, end):
            end = k  # "one million and a half": the fraction is read after the number
            break
        if w in SMALL and last_small is not None and not _tens_then_unit(last_small, SMALL[w]):
            end = k  # "one twenty", "twenty twenty": two numbers (a denominator follows)
            break
        last_small = SMALL.get(w) if w in SMALL else None
        words.append(w)
    while end > i and (doc[end - 1].lower_ in ("-", "and", "a", "an", "half") or _is_gap(doc[end - 1])):
        if not _is_gap(doc[end - 1]):
            words.pop()
        end -= 1
    return words, end


def _and_inside(doc, k: int, end: int) -> bool:
    """Is the "and" at ``k`` inside the number ("one hundred and five", "one and a half million")?"""
    prev = doc[k - 1].lower_ if not _is_gap(doc[k - 1]) else doc[_prev_word(doc, k)].lower_
    n = _next(doc, k + 1, end)
    nxt = doc[n].lower_ if n < end else ""
    half_follows = nxt in ("a", "an") and n + 1 < end and doc[n + 1].lower_ == "half"
    return (prev in SCALE_WORDS or half_follows) and not (prev in SCALE_WORDS and _fraction_ahead(doc, n))


def _tens_then_unit(tens: float, unit: float) -> bool:
    """ "twenty" then "five": one number ("twenty five")."""
    return tens >= 20 and tens % 10 == 0 and 0 < unit < 10


def _words_number(words: list[str], i: int, end: int) -> Number | None:
    """The number the words say (tokens ``i .. end``); a scale word alone is none."""
    if words[0] in ("hundred", "thousand", "million", "billion", "trillion", "dozen") and not (
        words[0] == "hundred" and len(words) > 1 and words[1] in SCALE_WORDS
    ):
        return None  # "million" alone is not a count ("a million" above; "hundred thousand" is)
    value = words_value(words)
    if value is None:
        return None
    word_one = words in (["one"], ["a"], ["an"])
    scaled = any(w in SCALE_WORDS and w != "hundred" for w in words)
    scale = next((SCALE_WORDS[w] for w in reversed(words) if w in SCALE_WORDS and w != "hundred"), 1.0)
    return Number(i, end, value, scaled=scaled, spelled=True, word_one=word_one, scale=scale)


def _fraction_ahead(doc, n: int) -> bool:
    """Does a fraction in words start at ``n`` ("a half", "three quarters", "two thirds")?"""
    m = n
    while m < len(doc) and (doc[m].lower_ in SMALL or doc[m].lower_ in ("a", "an", "-")):
        m += 1
    return m > n and m < len(doc) and doc[m].lower_ in DENOMINATORS


def _prev_word(doc, k: int) -> int:
    k -= 1
    while k > 0 and _is_gap(doc[k]):
        k -= 1
    return k


def _denominator(doc, j: int, limit: int) -> tuple[float, int, bool] | None:
    """A denominator word at ``j`` ("third", "quarters", "twenty-fifth"): (value, end, plural)."""
    if j >= limit:
        return None
    low = doc[j].lower_
    if low in SMALL and SMALL[low] >= 20 and SMALL[low] % 10 == 0 and j + 1 < limit:
        k = j + 2 if doc[j + 1].text == "-" else j + 1  # "twenty-fifth", "twenty fifths"
        if k < limit and doc[k].lower_ in _UNIT_ORDINALS:
            unit = doc[k].lower_
            return SMALL[low] + _UNIT_ORDINALS[unit], k + 1, unit.endswith("s")
    if low in DENOMINATORS:
        return DENOMINATORS[low], j + 1, low.endswith("s")
    return None


_SINGULAR_OK_AFTER = {"of", "and", "or", "to", "-"} | set(SCALE_WORDS)


def _fraction_tail(doc, num: Number, limit: int, mixed: bool = False) -> Number | None:
    """``num`` read as the numerator of a fraction written in words after it ("two-thirds",
    "a third of", "three quarters", "one hundredth"), or None."""
    j = num.end
    hyphen = j < limit and doc[j].text == "-"
    if hyphen:
        j += 1
    j = _next(doc, j, limit)
    den = _denominator(doc, j, limit)
    if den is None:
        return None
    value, end, plural = den
    if end < limit and doc[end].text == "-" and doc[end - 1].whitespace_ == "":
        return None  # "a sixth-grader", "third-party", "quarter-final"
    if num.start > 0 and doc[num.start - 1].text == "-" and not mixed:
        return None  # "four-and-a-half": read from "four"
    if plural:
        before = doc[num.start - 1].lower_ if num.start > 0 else ""
        if before in _PERIOD_BEFORE or num.value == 1:
            return None  # "the past three quarters", "one thirds"
    else:
        if num.value != 1:
            return None  # "two third" is not English; "the five fifth" is an ordinal
        nxt = doc[end] if end < limit else None
        ok_after = (
            nxt is None or nxt.is_punct or nxt.lower_ in _SINGULAR_OK_AFTER or _unit_word(nxt)
        ) and not (nxt is not None and nxt.text == "-")
        if not (hyphen or mixed or ok_after):
            return None  # "a third term", "one fifth grade"
    return Number(num.start, end, num.value / value, spelled=True, fraction=True, has_fraction=True)


def _unit_word(tok) -> bool:
    from reader.nlp.figures.units import PHYSICAL

    return tok.lower_ in PHYSICAL


def _scaled_fraction(doc, num: Number, limit: int) -> None:
    """ "half million", "three quarters billion", "two thirds of a million": the fraction scales."""
    j = _next(doc, num.end, limit)
    if j < limit and doc[j].lower_ in SCALE_WORDS and doc[j].lower_ != "hundred":
        mult, end = SCALE_WORDS[doc[j].lower_], j + 1
    elif (
        j + 2 < limit
        and doc[j].lower_ == "of"
        and doc[j + 1].lower_ in ("a", "an")
        and doc[j + 2].lower_ in SCALE_WORDS
    ):
        mult, end = SCALE_WORDS[doc[j + 2].lower_], j + 3
    else:
        return
    num.value *= mult
    num.end = end
    num.scaled, num.fraction, num.scale = True, False, mult


def _and_fraction(doc, num: Number, limit: int) -> None:
    """ "two and a half", "five and three quarters", "one million and a half": a fraction after "and"
    adds to the number (times its scale when it has one)."""
    j = _next(doc, num.end, limit)
    if j < limit and doc[j].text == "-":
        j += 1  # "four-and-a-half"
    if j >= limit or doc[j].lower_ != "and":
        return
    k = _next(doc, j + 1, limit)
    if k < limit and doc[k].text == "-":
        k += 1
    if k >= limit:
        return
    low = doc[k].lower_
    numer: Number | None
    if low in ("a", "an"):
        numer = Number(k, k + 1, 1.0)
    elif low in SMALL:
        numer = _spelled(doc, k, limit)
        if numer is None or numer.scaled:
            return
    else:
        return
    frac = _fraction_tail(doc, numer, limit, mixed=True)  # "a half", "a-half", "three quarters"
    if frac is None:
        return
    end = frac.end
    value = frac.value
    nxt = _next(doc, end, limit)
    if nxt < limit and doc[nxt].lower_ in SCALE_WORDS:
        return  # "one billion and a half million": not read
    num.value += value * (num.scale if num.scaled else 1.0)
    num.end = end
    num.fraction = num.word_one = False
    num.has_fraction = True


def _point_decimals(doc, num: Number, limit: int) -> None:
    """ "five point five", "two hundred point zero three": spoken decimals."""
    j = num.end
    if num.scaled or j + 1 >= limit or doc[j].lower_ != "point" or doc[j + 1].lower_ not in SMALL:
        return
    digits = ""
    k = j + 1
    while k < limit and doc[k].lower_ in SMALL:
        v = SMALL[doc[k].lower_]
        if (
            v >= 20
            and v % 10 == 0
            and k + 2 < limit
            and doc[k + 1].text == "-"
            and doc[k + 2].lower_ in SMALL
        ):
            v += SMALL[doc[k + 2].lower_]
            k += 2
        digits += str(v)
        k += 1
    num.value = float(f"{int(num.value)}.{digits}")
    num.end = k


def _spelled_number(doc, i: int, limit: int) -> Number | None:
    """A number in words at ``i``, fractions and spoken decimals included."""
    tok = doc[i]
    low = tok.lower_
    num = _spelled(doc, i, limit)
    if num is None:
        if low in ("a", "an"):  # "a third of", "a quarter million"
            num = _fraction_tail(doc, Number(i, i + 1, 1.0, spelled=True), limit)
        elif low in ("half", "quarter") and i + 1 < limit and doc[i + 1].lower_ in SCALE_WORDS:
            num = Number(
                i, i + 1, 0.5 if low == "half" else 0.25, spelled=True, fraction=True, has_fraction=True
            )
        elif low == "half" and _bare_half(doc, i, limit):
            num = Number(i, i + 1, 0.5, spelled=True, fraction=True, has_fraction=True)
        if num is None:
            return None
        _scaled_fraction(doc, num, limit)
        return num
    if (
        num.scaled
        and num.end < limit
        and doc[num.end].lower_ in DENOMINATORS
        and doc[num.end].lower_.endswith("s")
    ):
        frac = _fraction_tail(doc, num, limit)  # "a hundred thousand trillionths"
        if frac is not None:
            return frac
    if not num.scaled:
        frac = _fraction_tail(doc, num, limit)
        if frac is not None:
            ands = [k for k in range(num.start, num.end) if doc[k].lower_ == "and"]
            if ands:  # "one hundred and three quarters": a whole number and a fraction
                whole = _spelled(doc, num.start, ands[-1])
                numer = _spelled(doc, ands[-1] + 1, num.end)
                part = _fraction_tail(doc, numer, limit, mixed=True) if whole and numer else None
                if (
                    whole is not None and part is not None and part.value < 1
                ):  # a proper fraction: "and thirty fifths" is 130/5
                    whole.value += part.value
                    whole.end, whole.has_fraction = part.end, True
                    return whole
            _scaled_fraction(doc, frac, limit)
            return frac
        nxt = num.end
        if nxt < limit and doc[nxt].lower_ in _DOZENS and doc[nxt].lower_ != "dozen":
            num.value *= 12
            num.end = nxt + 1
            num.word_one = False
        _point_decimals(doc, num, limit)
    _and_fraction(doc, num, limit)
    return num


_HALF_BEFORE_NOT = {"the", "first", "second", "a", "an", "one", "and", "other", "latter", "former", "this"}
_HALF_AFTER = {"of", "the", "their", "its", "his", "her", "our", "your", "all", "them", "those", "these"}


def _bare_half(doc, i: int, limit: int) -> bool:
    """ "half of voters", "more than half the seats": a share; not "the second half", "half-time"."""
    if doc[i].whitespace_ == "" and i + 1 < limit and doc[i + 1].text == "-":
        return False
    if i > 0 and (doc[i - 1].lower_ in _HALF_BEFORE_NOT or doc[i - 1].text == "-"):
        return False
    if i + 1 >= limit:
        return False
    nxt = doc[i + 1]
    owner = nxt.pos_ == "PROPN" and i + 2 < limit and doc[i + 2].tag_ == "POS"  # "half Clinton's meetings"
    return nxt.lower_ in _HALF_AFTER or nxt.tag_ == "NNS" or owner


def _scale_after(doc, j: int, limit: int, allow_m: bool, hundred: bool = False) -> tuple[float, int]:
    """A scale word or abbreviation at ``j``: (multiplier, new end) or (1, j)."""
    if j >= limit:
        return 1.0, j
    if _hyphen_scale(doc, j, limit):
        mult, end = _scale_after(doc, j + 1, limit, allow_m=False)
        if end > j + 1:
            return mult, end  # "$171-million", "a 40-million-dollar loan"
        return 1.0, j
    low = doc[j].lower_
    if low in SCALE_WORDS and (low != "hundred" or hundred):
        mult = SCALE_WORDS[low]
        # "2.5 million" / "5 hundred thousand" is rare; accept one scale word
        return mult, j + 1
    if low in SCALE_ABBREV and (low != "m" or allow_m):
        if low in _INDIAN and j + 1 < limit and doc[j + 1].lower_ in ("crore", "crores"):
            return SCALE_ABBREV[low] * 1e7, j + 2  # "3 lakh crore": 3 x 10^12
        return SCALE_ABBREV[low], j + 1
    if allow_m and doc[j].text == "T" and doc[j - 1].whitespace_ == "":
        return 1e12, j + 1  # "$2.174T"
    return 1.0, j


def _hyphen_scale(doc, j: int, limit: int) -> bool:
    """A hyphen glued between digits and a scale word ("171-million", "1.2-billion")."""
    return (
        doc[j].text in ("-", "‑")
        and j + 1 < limit
        and doc[j - 1].whitespace_ == ""
        and doc[j].whitespace_ == ""
        and doc[j + 1].lower_ in ("million", "billion", "trillion", "thousand")
    )


def _sign_ok(doc, i: int) -> bool:
    """A minus glued to digits is a sign unless it ends a range ("10 -20")."""
    if i == 0:
        return True
    prev = doc[i - 1]
    return not (prev.like_num or prev.text[:1].isdigit())


def match_number(
    doc, i: int, limit: int, currency_before: bool = False, text: str | None = None
) -> Number | None:
    """The number starting at token ``i`` (digits, a fraction or number words), scale included.
    ``text``: the part of the token to read, when a currency is glued before the digits ("RM45")."""
    low = doc[i].lower_
    if low in _SIGN_WORDS:
        return _signed(doc, i, limit, currency_before)
    if text is not None:
        num = _digits(doc, i, text, limit, currency_before)
        return num if num is not None and num.glued is None else None
    text, sign = _digit_sign(doc, i)
    num = _digits(doc, i, text, limit, currency_before)
    if num is not None:
        num.value *= sign
        if num.value_high is not None and sign < 0:
            return None
        return num
    if sign < 0:
        return None
    if low in ("tens", "hundreds"):
        vague = _vague(doc, i, limit)
        if vague is not None:
            return vague
    return _spelled_scaled(doc, i, limit)


def _signed(doc, i: int, limit: int, currency_before: bool) -> Number | None:
    """ "minus 5", "negative one"; "plus or minus 4" is a margin, not a sign."""
    if doc[i].lower_ == "minus" and i >= 2 and doc[i - 1].lower_ == "or" and doc[i - 2].lower_ == "plus":
        return None
    j = _next(doc, i + 1, limit)
    if j >= limit or doc[j].text[:1] in _SIGNS or doc[j].lower_ in _SIGN_WORDS:
        return None
    inner = match_number(doc, j, limit, currency_before)
    if inner is None or inner.value_high is not None or inner.glued:
        return None
    inner.start, inner.value, inner.word_one = i, -inner.value, False
    return inner


def _digit_sign(doc, i: int) -> tuple[str, float]:
    """The text of token ``i`` to read as digits, and its sign ("-5", "minus-5"; a full stop glued
    after letters dropped: "10M." at the end of a sentence)."""
    tok = doc[i]
    text = tok.text
    if len(text) > 2 and text[-1] == "." and text[-2].isalpha() and text[0].isdigit():
        text = text[:-1]  # "10M." at the end of a sentence
    if tok.lower_.startswith("minus-") and len(text) > 6:  # "minus-5 yards"
        return text[6:], -1.0
    if text[:1] in _SIGNS and len(text) > 1 and (text[1].isdigit() or text[1] == ".") and _sign_ok(doc, i):
        return text[1:], -1.0
    return text, 1.0


def _vague(doc, i: int, limit: int) -> Number | None:
    """ "tens of millions": from 10 million to 100 million ("hundreds of": 100 to 1,000)."""
    if not (i + 2 < limit and doc[i + 1].lower_ == "of"):
        return None
    scale = _VAGUE_SCALES.get(doc[i + 2].lower_)
    if scale is None:
        return None
    mult = 10.0 if doc[i].lower_ == "tens" else 100.0
    return Number(i, i + 3, mult * scale, 10 * mult * scale, scaled=True, spelled=True, scale=scale)


def _spelled_scaled(doc, i: int, limit: int) -> Number | None:
    """A number in words with the scale word after it ("three million", "five lakh")."""
    spelled = _spelled_number(doc, i, limit)
    if spelled is None:
        return None
    if not spelled.scaled and not spelled.fraction:
        mult, end = _scale_after(doc, spelled.end, limit, allow_m=False)
        if end > spelled.end and doc[spelled.end].lower_ in (*SCALE_WORDS, *_INDIAN):
            spelled.value *= mult
            spelled.end = end
            spelled.scaled = True
            spelled.scale = mult
            _and_fraction(doc, spelled, limit)
    return spelled


def _digits(doc, i: int, text: str, limit: int, currency_before: bool) -> Number | None:
    """The number written in digits at token ``i`` (``text``: its text, the sign taken off)."""
    value = parse_digits(text)
    if value is not None:
        return _plain_digits(doc, i, value, text, limit, currency_before)
    m = DIGITS_SCALED.match(text)
    if m:
        return _abbreviated(doc, i, m, limit, currency_before)
    m = DIGIT_RANGE.match(text)
    if m:
        return _digit_range(doc, i, m, limit, currency_before)
    frac = parse_fraction(text)
    if frac is not None:
        return Number(i, i + 1, frac, fraction=frac < 1, has_fraction=True)
    m = DIGITS_GLUED.match(text)
    if m:
        suffix = m.group(2)
        value = float(m.group(1).replace(",", ""))
        if suffix == "MM":  # "US$ 1MM": millions in finance
            return Number(i, i + 1, value * 1e6, scaled=True, scale=1e6)
        return Number(i, i + 1, value, glued=suffix)
    return None


def _plain_digits(doc, i: int, value: float, text: str, limit: int, currency_before: bool) -> Number:
    """Digits with what follows them: letters split off by the tokenizer, groups of three after a
    space, a fraction ("10 1/2"), a scale word or "dozen"."""
    glued = _split_letters(doc, i, value, limit, currency_before)
    if glued is not None:
        return glued
    num = Number(i, i + 1, value)
    if re.fullmatch(r"\d{1,3}", text):
        _spaced_groups(doc, num, limit, text)
    if _mixed_fraction(doc, num, limit):
        return num
    mult, end = _scale_after(doc, num.end, limit, allow_m=currency_before, hundred=True)
    if end > num.end:
        num.value *= mult
        num.end = end
        num.scaled = True
        num.scale = mult
        if mult in (1e2, 1e3):
            _digits_rest(doc, num, limit, mult)
        _and_fraction(doc, num, limit)
    elif num.end < limit and doc[num.end].lower_ in _DOZENS:
        num.value *= 12
        num.end += 1
    return num


def _split_letters(doc, i: int, value: float, limit: int, currency_before: bool) -> Number | None:
    """Letters the tokenizer split from the digits: "10M", "4G", "48m", "9am" (a scale, or letters
    glued for the caller to read as a unit)."""
    nxt = doc[i + 1] if i + 1 < limit else None
    if nxt is None or doc[i].whitespace_ != "" or not nxt.text.isalpha() or currency_before:
        return None
    if nxt.text == "M" or nxt.lower_ in ("k", "bn", "mn", "mln", "bln", "tn", "trn"):
        mult = 1e6 if nxt.text == "M" else SCALE_ABBREV[nxt.lower_]
        return Number(i, i + 2, value * mult, scaled=True, scale=mult)
    return Number(i, i + 2, value, glued=nxt.text)


def _mixed_fraction(doc, num: Number, limit: int) -> bool:
    """ "10 1/2": a whole number and a fraction after it, added to ``num``."""
    j = _next(doc, num.end, limit)
    if not (j < limit and float(num.value).is_integer() and SLASH_FRACTION.match(doc[j].text)):
        return False
    frac = parse_fraction(doc[j].text)
    if frac is None:
        return False
    num.value += frac
    num.end = j + 1
    num.has_fraction = True
    return True


def _abbreviated(doc, i: int, m: re.Match, limit: int, currency_before: bool) -> Number:
    """Digits with a scale abbreviation glued ("5bn", "$2.174T"); "100m" alone is a distance and
    "100t" tonnes (glued, for the caller)."""
    suffix = m.group(2)
    low = suffix.lower()
    value = float(m.group(1).replace(",", ""))
    if low == "m" and not currency_before and suffix != "M":
        return Number(i, i + 1, value, glued=suffix)  # "100m" on its own is a distance
    if low == "t":
        if not (currency_before and suffix == "T"):
            return Number(i, i + 1, value, glued=suffix)  # "100t": tonnes
        mult = 1e12  # "$2.174T"
        return Number(i, i + 1, value * mult, scaled=True, scale=mult)
    mult = SCALE_ABBREV[low]
    num = Number(i, i + 1, value * mult, scaled=True, scale=mult)
    _and_fraction(doc, num, limit)
    return num


def _digit_range(doc, i: int, m: re.Match, limit: int, currency_before: bool) -> Number:
    """A range in one token ("10-20", "5k-20k", "5-20k"), a scale word after it applied to both ends."""
    low_v = float(m.group(1).replace(",", ""))
    high = float(m.group(3).replace(",", ""))
    s1, s2 = m.group(2), m.group(4)
    if s1 or s2:  # "5k-20k", "5-20k": a scale on the second end applies to both
        mult2 = SCALE_ABBREV[s2.lower()] if s2 else 1.0
        mult1 = SCALE_ABBREV[s1.lower()] if s1 else mult2
        return Number(i, i + 1, low_v * mult1, high * mult2, scaled=True, scale=mult2)
    num = Number(i, i + 1, low_v, high)
    mult, end = _scale_after(doc, i + 1, limit, allow_m=currency_before)
    if end > i + 1:
        num.value *= mult
        num.value_high = high * mult
        num.end = end
        num.scaled = True
        num.scale = mult
    return num


def _digits_rest(doc, num: Number, limit: int, scale: float) -> None:
    """ "4 thousand 3 hundred and 21", "3 hundred and 21": smaller parts after a digit scale."""
    j = num.end
    if j < limit and doc[j].lower_ == "and" and scale == 1e2:
        j += 1
    if j >= limit or not doc[j].text.isdigit():
        return
    part = float(doc[j].text)
    k = j + 1
    if k < limit and doc[k].lower_ == "hundred" and scale == 1e3 and part < 10:
        part *= 100
        k += 1
        rest = Number(j, k, part, scaled=True)
        _digits_rest(doc, rest, limit, 1e2)
        part, k = rest.value, rest.end
    if (
        part == 0
        or part >= scale
        or (k < limit and (doc[k].text[:1].isdigit() or doc[k].lower_ in SCALE_WORDS))
    ):
        return  # "3 hundred and 2 hundred" are two numbers
    num.value += part
    num.end = k


def _spaced_groups(doc, num: Number, limit: int, digits: str) -> None:
    """ "40 000", "1 234 567.89": groups of three digits after one space (or a narrow space)."""
    j = num.end
    while j < limit:
        prev = doc[j - 1]
        if prev.whitespace_ == " " and _THREE.match(doc[j].text):
            k = j
        elif (
            prev.whitespace_ == ""
            and doc[j].text in _GROUP_GAP
            and j + 1 < limit
            and _THREE.match(doc[j + 1].text)
        ):
            k = j + 1
        else:
            break
        if k + 1 < limit and doc[k].whitespace_ == "" and doc[k + 1].text[:1].isalnum():
            break
        digits += doc[k].text
        j = k + 1
        if "." in doc[k].text:
            break
    if j > num.end:
        num.value = float(digits)
        num.end = j


def could_start(tok) -> bool:
    """Cheap test: can a number start at this token?"""
    if tok.like_num:
        return True
    low = tok.lower_
    if (
        low in ("a", "an", "half", "quarter", "dozen", "minus", "negative", "tens", "hundreds")
        or low in SMALL
    ):
        return True
    c = tok.text[:1]
    return (
        c.isdigit()
        or c in FRACTION_CHARS
        or low.startswith("minus-")
        or (c in _SIGNS and tok.text[1:2].isdigit())
    )
