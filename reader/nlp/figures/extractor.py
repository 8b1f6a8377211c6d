"""Figures (reported quantities) and date mentions from a parsed Doc.

A token scanner, not spaCy's numeric entities: the small model's CARDINAL/MONEY/DATE
labels are too unreliable at the edges ("Between 10 and 20" tagged DATE, "£40m" cut in
two). The scanner reads, at each candidate token:

    [qualifier] [between|from] [currency] number [scale] [(-|to|and) [currency] number [scale]] [unit]

and, when there is no unit, takes the counted noun from the dependency parse. spaCy's
entities are still used as evidence: numbers inside names (``Section 230``, ``Apollo 11``)
and inside date expressions (``February 22``, ``three years ago``) are not figures.

Not figures, by decision: dates, times, years and decades, ordinals, ages (``45-year-old``,
``aged 45``, ``Smith, 45,``), phone numbers, identifiers (``page 5``, ``No. 3``, ``Flight
17``), scores (``won 3-2``), list markers, wire-service trailers, and a bare ``one``
(``one of them``) unless it has a currency, percent or physical unit; digits with unknown letters
glued to them (``4G``, ``F-16``, ``2nd``, ``6pm``, ``1080p``).

Read as one figure: a range with its unit repeated (``from 252 miles to 287 miles``, ``15kHz and
17kHz``, ``-18 °C to -34 °C``: value is the lower end, value_high the upper), two bounds on one
quantity (``more than 10 and less than 20``), money in two units (``3 dollars 50 cents``), a length in
feet and inches (``5 ft 2 in``), one of a unit (``a gallon``, ``a penny``, not ``$58 a barrel``).
A fraction with no unit (``two-thirds of voters``, ``half the seats``) has the unit ``fraction``.

A rate keeps its denominator (``Figure.per``: ``$4 a month`` -> ``month``) and a change its direction
(``Figure.change``: ``rose 6%`` -> ``rise``), and money what it is for (``Figure.of``: ``$11 million in
claims`` -> ``claims``): see ``meaning.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import accumulate, pairwise

import numpy as np
from spacy.attrs import LIKE_NUM, LOWER
from spacy.tokens import Doc, Token

from reader.core.model import Change, DateMention, Figure, UnitKind
from reader.nlp.figures.concept import concept_of, label_of
from reader.nlp.figures.meaning import change_of, rate_of
from reader.nlp.figures.multiples import TRIGGERS, find_multiples
from reader.nlp.figures.noise import in_trailer, near_phone
from reader.nlp.figures.numbers import (
    FRACTION_CHARS,
    SCALE_WORDS,
    SMALL,
    Number,
    could_start,
    match_number,
)
from reader.nlp.figures.qualifiers import match_qualifier
from reader.nlp.figures.units import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DURATION,
    ISO_CODES,
    PERCENT,
    PHYSICAL,
    Unit,
    glued_currency,
    glued_unit,
    prefix_currency,
    unit_after,
)
from reader.nlp.sentences import sentence_starts
from reader.nlp.tokens import token_arrays

_CURRENCY_LOWER = (*CURRENCY_SYMBOLS, *(c.lower() for c in ISO_CODES), "us")

_CACHE_KEY = "reader.figures"

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
}  # fmt: skip
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_DATE_WORDS = MONTHS | WEEKDAYS | {
    "ago", "old", "am", "pm", "a.m.", "p.m.", "o'clock", "noon", "midnight", "yesterday", "today",
    "tomorrow", "tonight", "morning", "evening", "afternoon", "night", "overnight",
}  # fmt: skip
_TIME_AFTER = {
    "a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "gmt", "utc", "est", "edt", "pst", "pdt", "et",
    "pt", "ct", "cet", "bst", "hrs", "local",
}  # fmt: skip
_ID_BEFORE = {
    "no", "no.", "nos", "nos.", "number", "#", "page", "pages", "p.", "pp.", "chapter", "section", "sec.",
    "article", "paragraph", "para", "clause", "route", "highway", "interstate", "room", "flight",
    "version", "season", "episode", "grade", "level", "phase", "district", "precinct", "gate", "row",
    "seat", "item", "vol", "vol.", "volume", "issue", "exhibit", "resolution", "table", "figure", "fig.",
    "step", "channel", "platform", "terminal", "ward", "box", "suite", "apt", "apt.", "apartment",
    "building", "model", "type", "id", "game", "round", "day", "week", "top", "ranked", "rank",
    "stage", "category", "class", "code", "unit", "line", "lane", "amendment", "proposition",
    "prop", "prop.", "psalm", "verse", "bus", "train", "camp", "pier", "zone", "sector", "block", "lot",
}  # fmt: skip
_AGE_BEFORE = {"aged", "age", "ages"}
_NAME_LABELS = {"PERSON", "ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "NORP", "LOC"}
_CHANGE_VERBS = {
    "rise", "increase", "fall", "drop", "grow", "climb", "decline", "jump", "surge", "reduce", "cut", "raise",
    "go", "soar", "plunge", "slip", "dip", "shrink", "expand", "lower", "boost", "slash", "fell", "rose",
    "move", "change", "double", "triple", "balloon", "tumble", "sink", "edge",
}  # fmt: skip
_FRACTIONS = {
    "half", "halves", "third", "thirds", "quarter", "quarters", "fourth", "fourths", "fifth", "fifths",
    "sixth", "sixths", "seventh", "sevenths", "eighth", "eighths", "tenth", "tenths",
}  # fmt: skip
_RELATIVE = {"which", "whom", "them", "those", "these", "whose", "us", "they"}
_COUNT_DEPS = {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod"}
_ABSORB_LIMIT = 4  # at most this many modifier tokens between the number and its noun
# "a gallon", "a penny": one of the unit, when no figure comes just before ("$58 a barrel" is a rate)
_ONE_OF_UNIT = {
    "penny", "cent", "dollar", "euro", "gallon", "litre", "liter", "mile", "kilometre", "kilometer",
    "metre", "meter", "foot", "inch", "yard", "kilogram", "kilo", "gram", "ounce", "pound", "barrel",
    "acre", "hectare", "tonne",
}  # fmt: skip
_RANGE_LINKS = {"-", "–", "—", "to", "through", "thru"}
# a bare "one" after these is no count ("no one", "the one who", "this one", "any one of them")
_ONE_NOT_AFTER = {
    "no", "the", "this", "that", "any", "every", "each", "which", "another", "some", "anyone", "someone",
    "little", "big", "other", "last", "next", "right", "wrong", "same", "loved", "lucky",
}  # fmt: skip
_OWNERS = ("DT", "PRP$")
# singular nouns that count people or animals ("67,000 research staff", "500 riot police")
_GROUP_NOUNS = {
    "staff", "personnel", "police", "people", "crew", "faculty", "cattle", "livestock", "clergy",
    "militia", "infantry", "workforce", "youth", "poultry",
}  # fmt: skip
_ONE_SPAN_UNITS = {"day", "week", "month", "year", "hour", "minute", "decade"}
_ONE_SPAN_BEFORE = {"just", "only", "for", "within", "about", "nearly", "than", "over", "after", "least"}
_ONE_SPAN_AFTER = {"before", "after", "until", "till", "later", "earlier", "ahead", "of", "to", "from"}
# "one day", "at one point", "one way or another", "on one hand": no count of days or points
_ONE_IDIOM_NOUNS = {
    "day", "time", "point", "way", "hand", "side", "thing", "moment", "night", "morning", "afternoon",
    "evening", "year", "week", "month", "another", "other", "voice", "accord", "piece", "go", "stage",
}  # fmt: skip
# hyphenated to a number these still measure something ("a ten-point lead"), unlike "four-door"
_MEASURE_NOUNS = {"point", "vote", "seat"}
_LOWER_BOUND = {"more than", "at least"}
_UPPER_BOUND = {"less than", "up to"}
_BOUND_GAPS = {"and", "but", ",", ", and", ", but", "and also"}
_MAJOR_MONEY = {"dollar", "dollars", "euro", "euros", "pound", "pounds", "buck", "bucks", "$", "€", "£"}
_MINOR_MONEY = {"cent", "cents", "pence", "p", "penny", "pennies"}


@dataclass(slots=True)
class _Found:
    start: int  # token indices of the whole figure text
    end: int
    num: Number
    unit: str | None
    kind: UnitKind
    qualifier: str | None
    qualifier_text: str | None
    value: float
    value_high: float | None
    change: Change | None = None  # said by the figure's own word ("tripled"); None: read from the sentence
    like: _Found | None = None  # the count it took its unit from ("Sanders' 1,192" from "2,220 delegates")


@dataclass(frozen=True, slots=True)
class _Skipped:
    """Numbers read that are no figure (a score, a year range, "4G", an age, "a four-door car"):
    the scan goes on after them (``end``, a token index)."""

    end: int


class _Scanner:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.n = len(doc)
        self.sent_starts = sentence_starts(doc)
        self.date_ent: dict[int, tuple[int, int, str]] = {}
        self.name_tok: set[int] = set()
        self.person_end: set[int] = set()
        self.candidates: list[int] = []  # where a figure may start (set by ``run``)
        for ent in doc.ents:
            label = ent.label_
            if label in ("DATE", "TIME"):
                for k in range(ent.start, ent.end):
                    self.date_ent[k] = (ent.start, ent.end, label)
            elif label in _NAME_LABELS:
                self.name_tok.update(range(ent.start, ent.end))
                if label in ("PERSON", "ORG"):  # the small model often tags people ORG
                    self.person_end.add(ent.end)

    # -- sentence helpers -------------------------------------------------------------
    def sent_bounds(self, i: int) -> tuple[int, int]:
        k = bisect_right(self.sent_starts, i) - 1
        start = self.sent_starts[k] if k >= 0 else 0
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else self.n
        return start, end

    def line_limit(self, i: int, sent_end: int) -> int:
        """Numbers never run across a line break (held by a token's text: a token's trailing
        whitespace is one space at most)."""
        breaks = token_arrays(self.doc).breaks
        k = bisect_left(breaks, i)
        return breaks[k] + 1 if k < len(breaks) and breaks[k] < sent_end else sent_end

    # -- the scan ---------------------------------------------------------------------
    def run(self) -> list[_Found]:
        doc = self.doc
        out: list[_Found] = []
        floor = 0
        pos = 0  # tokens before ``pos`` belong to a figure already read
        self.candidates = _candidates(doc)
        for i in self.candidates:
            if i < pos:
                continue
            tok = doc[i]
            cur = prefix_currency(doc, i)
            glued = glued_currency(tok.text) if cur is None else None
            if glued is not None:
                cur = (glued[0], i)  # "RM45", "USD2m": the currency and the digits in one token
            elif cur is None and not could_start(tok):
                continue
            if in_trailer(doc, i) or near_phone(doc, i):
                continue
            sent_start, sent_end = self.sent_bounds(i)
            limit = self.line_limit(i, sent_end)
            found = self.at(i, cur, max(floor, sent_start), limit, sent_start, glued and glued[1])
            if found is None:
                continue
            if isinstance(found, _Skipped):
                pos = max(found.end, i + 1)
                continue
            if found.num.value != found.num.value:  # NaN guard
                pos = max(found.num.end, i + 1)
                continue
            out.append(found)
            pos = floor = found.end
        return out

    def at(
        self,
        i: int,
        cur: tuple[str, int] | None,
        floor: int,
        limit: int,
        sent_start: int,
        digits: str | None = None,
    ) -> _Found | _Skipped | None:
        """The figure that starts at token ``i`` (``cur``: a currency before it and the number's
        token; ``digits``: the number's text when the currency is glued to it), numbers that are
        no figure (skipped), or None."""
        currency = None
        num_i = i
        if cur is not None:
            currency, num_i = cur
            if num_i >= limit:
                return None
        num = match_number(self.doc, num_i, limit, currency_before=currency is not None, text=digits)
        if num is None and cur is None:
            num = self._one_of_unit(i, limit)
        if num is None:
            return None
        # a range: "10-20", "10 to 20", "between 10 and 20", "$5 million to $10 million"
        range_word = self._range_word(i, floor)
        single = (num.end, num.value_high, num.scaled)
        self._extend_range(num, limit, range_word, currency)
        if (
            single[1] is None
            and num.value_high is not None
            and 100 <= num.value_high < num.value
            and not num.scaled
        ):
            # "leads Sanders, 1,428 to 1,153": two counts compared, not a range (and no score)
            num.end, num.value_high = single[0], None
        # scores and year ranges: "won 3-2", "2015-16", "1990-2000"
        if num.value_high is not None and (_year_range(num) or 0 <= num.value_high <= num.value):
            return _Skipped(num.end)
        unit = self._unit_of(num, currency, limit, range_word)
        if isinstance(unit, _Skipped):
            return unit
        start = i - 1 if num.value_high is not None and range_word else i  # "between" is in
        end = unit.end if unit else num.end
        around = self._around(num, unit, currency, start, end, limit, sent_start)
        age = _age_span(self, around)
        if age is not None:
            years = unit.unit if unit is not None else "year"
            start, end = age
            start, end, q_norm, q_text = self._qualified(start, end, floor, limit, "age", None)
            return _Found(start, end, num, years, "age", q_norm, q_text, num.value, None)
        if any(rule(self, around) for rule in _EXCLUSIONS):
            return _Skipped(num.end)
        return self._figure(num, unit, currency, (start, end), floor, limit)

    def _range_word(self, i: int, floor: int) -> str | None:
        """ "between" or "from" just before token ``i`` (and after ``floor``), or None."""
        if i > floor and self.doc[i - 1].lower_ in ("between", "from"):
            return self.doc[i - 1].lower_
        return None

    def _unit_of(
        self, num: Number, currency: str | None, limit: int, range_word: str | None
    ) -> Unit | _Skipped | None:
        """The unit glued to or written after ``num`` (a range with the unit repeated made one),
        None, or skipped when unknown letters are glued to the digits ("4G", "2nd", "6pm", "1080p")."""
        unit: Unit | None = None
        if num.glued is not None:
            glued = glued_unit(num.glued, num.value) if currency is None else None
            if glued is None:
                return _Skipped(num.end)
            unit = Unit(glued[0], glued[1], num.end, glued[2])
        elif currency is None:
            unit = unit_after(self.doc, num.end, limit, scaled=num.scaled, currency=None)
        if unit is not None and num.value_high is None:
            unit = self._unit_range(num, unit, limit, range_word)
        return unit

    def _figure(
        self,
        num: Number,
        unit: Unit | None,
        currency: str | None,
        span: tuple[int, int],
        floor: int,
        limit: int,
    ) -> _Found | _Skipped:
        """The figure of ``num`` over tokens ``span``: its value in the unit, what it counts, the
        cents or inches after it, and its qualifier."""
        start, end = span
        factor = unit.factor if unit else 1.0
        value = num.value * factor
        high = num.value_high * factor if num.value_high is not None else None
        unit_name, kind, end = self._unit_name(num, unit, currency, end, limit)
        if (
            num.word_one
            and kind not in ("currency", "percent", "physical")
            and not self._one_counts(num, unit_name)
        ):
            return _Skipped(num.end)
        if kind == "count" and unit_name is not None and _attributive(self.doc, num, end):
            return _Skipped(num.end)  # "a four-door car", "a two-party system": a kind of thing, not a count
        if kind == "currency" and high is None:
            value, end = self._minor_units(value, end, limit, factor)
        elif unit_name == "ft" and high is None:
            value, end = self._inches(value, end, limit)
        start, end, q_norm, q_text = self._qualified(start, end, floor, limit, kind, high)
        return _Found(start, end, num, unit_name, kind, q_norm, q_text, value, high)

    def _one_counts(self, num: Number, unit_name: str | None) -> bool:
        """A bare "one" that counts: "one man", "only one poll", "one of the best" (not "no one",
        "the one who", "one day", "at one point", "one another")."""
        doc = self.doc
        first = doc[num.start]
        if first.lower_ != "one" or num.end != num.start + 1:
            return False
        if num.start > 0 and doc[num.start - 1].lower_ in _ONE_NOT_AFTER:
            return False
        if (
            num.start > 1
            and doc[num.start - 1].lower_ == "only"
            and doc[num.start - 2].tag_ in ("DT", "PRP$")
        ):
            return False  # "the only one"
        nxt = doc[num.end] if num.end < len(doc) else None
        if nxt is None:
            return False
        if nxt.lower_ == "of":
            # "one of the best", "only one of the 25 delegates"; not "one of them", nor "Webb, one
            # of the four" (who someone is, not a count)
            after = doc[num.end + 1] if num.end + 1 < len(doc) else None
            aside = num.start > 0 and doc[num.start - 1].text == ","
            if after is None or after.tag_ == "PRP" or aside:
                return False
            return after.pos_ in ("DET", "PRON", "ADJ") or after.tag_ == "NNS"
        if unit_name in _ONE_SPAN_UNITS:
            # "just one day until the vote", "one week before": a span, unlike "one day he will"
            prev = doc[num.start - 1].lower_ if num.start > 0 else ""
            word = doc[num.end + 1].lower_ if num.end + 1 < len(doc) else ""
            return prev in _ONE_SPAN_BEFORE or word in _ONE_SPAN_AFTER
        if unit_name is None or first.dep_ != "nummod":
            return False
        return unit_name.split()[-1] not in _ONE_IDIOM_NOUNS

    def _unit_name(
        self, num: Number, unit: Unit | None, currency: str | None, end: int, limit: int
    ) -> tuple[str | None, UnitKind, int]:
        """(unit name, kind, end token): the currency, the unit, "fraction", or the counted noun."""
        if currency is not None:
            return currency, "currency", end
        if unit is not None:
            return unit.unit, unit.kind, end
        if num.fraction:
            return "fraction", "fraction", end
        return self._counted(num, limit)

    def _qualified(
        self, start: int, end: int, floor: int, limit: int, kind: UnitKind, high: float | None
    ) -> tuple[int, int, str | None, str | None]:
        """(start, end, qualifier, its text): the qualifier before the figure ("about"), or a bound
        written after it ("500 or more", "$1,000 or less")."""
        doc = self.doc
        q_norm = q_text = None
        qual = match_qualifier(doc, start, floor, duration=kind == "duration")
        if qual is not None:
            start, q_norm, q_text = qual
        trailing = _trailing_bound(doc, end, limit) if high is None else None
        if trailing is not None:
            q_norm, q_text = trailing[0], doc[end : trailing[1]].text
            end = trailing[1]
        return start, end, q_norm, q_text

    def _one_of_unit(self, i: int, limit: int) -> Number | None:
        """ "a gallon", "a penny": one of the unit; "$58 a barrel", "4 dollars a gallon" are rates."""
        doc = self.doc
        if doc[i].lower_ not in ("a", "an") or i + 1 >= limit or doc[i + 1].lower_ not in _ONE_OF_UNIT:
            return None
        if i > 0:
            prev = doc[i - 1]
            low = prev.lower_
            if (
                prev.like_num
                or prev.text[:1].isdigit()
                or low in ("per", "each", "every")
                or low in CURRENCY_WORDS
                or low in PHYSICAL
                or low in PERCENT
                or low in DURATION
            ):
                return None
        return Number(i, i + 1, 1.0, spelled=True, word_one=True)

    def _unit_range(self, num: Number, unit: Unit, limit: int, range_word: str | None) -> Unit:
        """ "from 252 miles to 287 miles", "between 44 mg and 50 mg", "15kHz to 17kHz": the unit
        repeated after the second number; the range keeps its lower end as value."""
        doc = self.doc
        j = unit.end
        if j + 1 >= limit:
            return unit
        link = doc[j].lower_
        if not (link in _RANGE_LINKS or (link == "and" and range_word == "between")):
            return unit
        if (range_word == "from" or (range_word is None and link == "to")) and self._change_nearby(num.start):
            return unit  # "fell from 10 km to 5 km", "fell 3p to 164p": a change and a level
        second = match_number(doc, j + 1, limit)
        if second is None or second.value_high is not None:
            return unit
        if second.glued is not None:
            g = glued_unit(second.glued, second.value)
            unit2 = Unit(g[0], g[1], second.end, g[2]) if g else None
        else:
            unit2 = unit_after(doc, second.end, limit, scaled=second.scaled, currency=None)
        if unit2 is None or unit2.unit != unit.unit or unit2.kind != unit.kind:
            return unit
        if second.value < num.value and range_word is None and num.value >= 0:
            return unit  # "beats Trump by 46 percent to 42 percent": a comparison, not a range
        low, high = sorted((num.value, second.value))
        num.value, num.value_high, num.end = low, high, second.end
        return Unit(unit.unit, unit.kind, unit2.end, unit.factor)

    def _minor_units(self, value: float, end: int, limit: int, factor: float) -> tuple[float, int]:
        """ "3 dollars 50 cents", "thirteen dollars and forty-five cents", "15 USD 50.": one amount."""
        doc = self.doc
        if factor != 1.0 or not float(value).is_integer() or end >= limit:
            return value, end
        last = doc[end - 1]
        if last.lower_ not in _MAJOR_MONEY and last.text not in ISO_CODES:
            return value, end
        j = end
        if doc[j].lower_ == "and":
            j += 1
        if j >= limit or not (doc[j].like_num or doc[j].text[:1].isdigit()):
            return value, end
        cents = match_number(doc, j, limit)
        if cents is None or cents.scaled or cents.glued or cents.value_high is not None:
            return value, end
        if not (float(cents.value).is_integer() and 0 < cents.value < 100):
            return value, end
        k = cents.end
        if k < limit and doc[k].lower_ in _MINOR_MONEY:
            return value + cents.value / 100, k + 1
        if k >= limit or (doc[k].is_punct and doc[k].text not in ("-", "/")):
            return value + cents.value / 100, k  # "15 dollars 50."
        return value, end

    def _inches(self, value: float, end: int, limit: int) -> tuple[float, int]:
        """ "5 ft 2 in", "6 feet and 2 inches": a length in feet and inches, in feet."""
        doc = self.doc
        j = end
        if j < limit and doc[j].lower_ == "and":
            j += 1
        if j + 1 >= limit or not doc[j].text.isdigit() or int(doc[j].text) >= 12:
            return value, end
        unit = doc[j + 1].lower_
        after = doc[j + 2] if j + 2 < limit else None
        if unit in ("inch", "inches") or (unit == "in" and (after is None or after.is_punct)):
            return value + int(doc[j].text) / 12, j + 2
        return value, end

    def _extend_range(self, num: Number, limit: int, range_word: str | None, currency: str | None) -> None:
        if num.value_high is not None or num.glued is not None:
            return
        doc = self.doc
        j = num.end
        if j + 1 >= limit:
            return
        link = doc[j].lower_
        if link in ("-", "–", "—", "through", "thru"):
            pass
        elif link == "to" or (link == "and" and range_word == "between"):
            if range_word == "from" and self._change_nearby(num.start):
                return  # "rose from 10 to 20": two figures, not a range
        else:
            return
        k = j + 1
        cur2 = prefix_currency(doc, k)
        glued = glued_currency(doc[k].text) if cur2 is None else None
        if glued is not None:
            cur2 = (glued[0], k)
        if cur2 is not None:
            if currency is None or cur2[0] != currency:
                return
            k = cur2[1]
        second = match_number(
            doc, k, limit, currency_before=currency is not None, text=glued[1] if glued else None
        )
        if second is None or (second.word_one and not num.spelled) or second.value_high is not None:
            return
        if second.fraction and not num.fraction:
            return  # "$275 billion - half of what ...": a dash, then a fraction of its own
        if second.glued is not None and currency is not None:
            return
        if num.spelled != second.spelled and not (second.scaled and not second.spelled):
            return
        high = second.value
        if second.scaled and not num.scaled and abs(num.value) < 1000:
            # "between 5 and 10 million": the scale applies to both ends (not to "$600,000 to
            # $2.1 million", whose first end is an amount of its own)
            scale = second.value / _unscaled(doc, second)
            num.value *= scale
            num.scaled, num.scale = True, scale
        num.value_high = high
        num.end = second.end

    def _change_nearby(self, i: int) -> bool:
        doc = self.doc
        lo = max(0, i - 8)
        return any(t.lemma_.lower() in _CHANGE_VERBS for t in doc[lo:i])

    def _around(self, num, unit, currency, start, end, limit, sent_start) -> _Around:
        doc = self.doc
        return _Around(
            doc,
            num,
            unit,
            currency,
            end,
            limit,
            sent_start,
            before=doc[num.start - 1] if num.start > sent_start else None,
            prev=doc[start - 1] if start > sent_start else None,
            nxt=doc[end] if end < limit else None,
            after=doc[num.end] if num.end < limit else None,
        )

    def _line_start(self, i: int) -> bool:
        if i == 0:
            return True
        prev = self.doc[i - 1]
        return "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)

    def _counted(self, num: Number, limit: int) -> tuple[str | None, UnitKind, int]:
        """The counted noun ("10,000 air raids" -> "air raid"): (unit, kind, end token)."""
        doc = self.doc
        last = doc[num.end - 1]
        head = last.head
        noun = None
        if (
            last.dep_ in _COUNT_DEPS
            and num.end <= head.i < min(limit, num.end + _ABSORB_LIMIT + 1)
            and head.pos_ in ("NOUN", "PROPN")
        ):
            noun = head
        elif num.end < limit and doc[num.end].pos_ == "NOUN":
            noun = doc[num.end]
        elif num.end + 1 < limit and _is_gap(doc[num.end]) and doc[num.end + 1].pos_ in ("NOUN", "PROPN"):
            noun = doc[num.end + 1]  # "49\u00a0club goers", "about 100  Americans": a space token between
        if noun is not None and ((noun.pos_ == "PROPN" and noun.tag_ != "NNPS") or noun.lower_ in SMALL):
            noun = None
        if noun is not None:
            # everything between the number and the noun must modify the noun
            for t in doc[num.end : noun.i]:
                if _is_gap(t):
                    continue
                if t.head.i != noun.i and t.head.i < num.end:
                    noun = None
                    break
                numeric = (t.like_num or t.text[:1].isdigit()) and t.i not in self.name_tok
                if (t.is_punct and t.text != "-") or numeric or t.text in CURRENCY_SYMBOLS:
                    noun = None
                    break
        if noun is None:
            return None, "count", num.end
        if noun.lower_ in DURATION and noun.i - num.end <= 2:
            return DURATION[noun.lower_], "duration", noun.i + 1  # "four more years", "four unhip decades"
        words = []
        k = noun.i - 1
        while k >= num.end and doc[k].dep_ == "compound" and doc[k].pos_ == "NOUN":
            words.append(doc[k].lemma_.lower())
            k -= 1
        words.reverse()
        if (
            words
            and noun.tag_ == "NN"
            and num.value > 1
            and not num.fraction
            and noun.lower_ not in _GROUP_NOUNS
        ):
            # "a 1,237 delegate threshold": a singular head counts nothing; the compound is counted
            return " ".join(words), "count", noun.i
        words.append(noun.lemma_.lower())
        return " ".join(words), "count", noun.i + 1


@dataclass(frozen=True, slots=True)
class _Around:
    """A number read and the tokens around it, for the exclusion rules."""

    doc: Doc
    num: Number
    unit: Unit | None
    currency: str | None
    end: int  # token index after the figure (its unit included)
    limit: int
    sent_start: int
    before: Token | None  # the token before the number (in its sentence)
    prev: Token | None  # the token before the figure ("between" included)
    nxt: Token | None  # the token after the figure
    after: Token | None  # the token after the number (before its unit)

    @property
    def first(self) -> Token:
        return self.doc[self.num.start]

    def token(self, i: int) -> Token | None:
        """Token ``i`` when it is before the limit."""
        return self.doc[i] if i < self.limit else None


def _in_a_name(s: _Scanner, a: _Around) -> bool:
    """ "Apollo 11", "Section 230", "Fox 5" (but "½ cup", "minus-5 yards")."""
    num = a.num
    return (
        num.start in s.name_tok
        and a.currency is None
        and (a.unit is None or a.unit.kind == "duration")
        and not (num.value < 0 or num.has_fraction)
    )


def _zero_compound(_s: _Scanner, a: _Around) -> bool:
    """ "zero-hours contracts", "zero-tolerance": a name, not a quantity."""
    after, nxt2 = a.after, a.token(a.num.end + 1)
    return (
        a.num.value == 0
        and after is not None
        and after.text == "-"
        and a.first.whitespace_ == ""
        and not (nxt2 is not None and nxt2.lower_ in SMALL)
    )


def _leading_zero(_s: _Scanner, a: _Around) -> bool:
    """ "007", zip codes, codes with a leading zero."""
    text = a.first.text
    return text.startswith("0") and len(text) > 1 and text[1:2].isdigit()


_MARKUP_TAIL = re.compile(r"[^a-z.]")


def _next_to_a_month(_s: _Scanner, a: _Around) -> bool:
    """Dates: "February 22", "22 February", "March 2015", "the 5th of May"."""
    before, nxt = a.before, a.nxt
    if (
        before is not None
        and _MARKUP_TAIL.split(before.lower_)[-1].rstrip(".") in MONTHS
        and a.currency is None
    ):
        return True  # (a month glued after markup: 'date="February 8')
    if nxt is not None and nxt.lower_.rstrip(".") in MONTHS and a.num.value <= 31 and a.unit is None:
        return True
    month = a.token(a.end + 1)
    return nxt is not None and nxt.lower_ == "of" and month is not None and month.lower_.rstrip(".") in MONTHS


def _clock_time(_s: _Scanner, a: _Around) -> bool:
    """ "3 p.m.", "1400 hrs" (but "3 hrs" is a duration)."""
    nxt, first = a.nxt, a.first
    return (
        nxt is not None
        and nxt.lower_ in _TIME_AFTER
        and a.currency is None
        and (nxt.lower_ != "hrs" or (len(first.text) == 4 and first.text.isdigit()))
    )


def _a_year(_s: _Scanner, a: _Around) -> bool:
    return a.unit is None and a.currency is None and _is_year_token(a.doc, a.num)


def _in_a_date_entity(s: _Scanner, a: _Around) -> bool:
    """Inside the model's DATE or TIME entity: a time, a bare number read as a date (an age, "who
    is 70", or a day), or a number with a date word or a year in the entity."""
    num, unit = a.num, a.unit
    ent = s.date_ent.get(num.start)
    if ent is None or a.currency is not None:
        return False
    e_start, e_end, label = ent
    if label == "TIME" and (unit is None or unit.kind != "duration") and not num.has_fraction:
        return True
    if (
        unit is None
        and e_start == num.start
        and e_end == num.end
        and not _has_count_head(a.doc, num)
        and not (num.has_fraction or num.scaled or num.value < 0 or num.value > 2100)
        and float(num.value).is_integer()
    ):
        return True
    return any(
        t.lower_.rstrip(".") in _DATE_WORDS or (t.i != num.start and _is_year_text(t.text))
        for t in a.doc[e_start:e_end]
    )


def _a_date_offset(_s: _Scanner, a: _Around) -> bool:
    """ "three years ago", "two weeks earlier": a date told from another, not a quantity."""
    unit, nxt = a.unit, a.nxt
    return (
        unit is not None
        and unit.kind == "duration"
        and nxt is not None
        and nxt.lower_ in ("ago", "earlier", "later", "before", "after")
        and (nxt.lower_ in ("ago", "earlier", "later") or _followed_by_end(a))
    )


def _followed_by_end(a: _Around) -> bool:
    """ "two days before." (a date told from the text before) but not "two days before the vote"."""
    after = a.token(a.end + 1)
    return after is None or after.is_punct


_AGE_SUBJECTS = {"i", "you", "he", "she", "we", "they"}
_BE_CONTRACTED = {"'re", "’re", "'s", "’s", "'m", "’m"}


def _age_span(s: _Scanner, a: _Around) -> tuple[int, int] | None:
    """The tokens of an age ("a 54-year-old", "45 years old", "aged 45", "at the age of 92", "Smith,
    45,", "when you're 55"), or None."""
    unit, nxt, before, num, doc = a.unit, a.nxt, a.before, a.num, a.doc
    if a.currency is not None or (num.value_high is not None and unit is None):
        return None
    if unit is not None and unit.kind == "duration" and nxt is not None:
        old = a.token(a.end + 1) if nxt.text in ("-", "‑") else nxt
        if old is not None and old.lower_ in ("old", "olds"):
            return num.start, old.i + 1
        return None
    if unit is not None or not (0 < num.value <= 125) or not float(num.value).is_integer():
        return None
    if before is not None and before.lower_ in _AGE_BEFORE:
        return before.i, num.end  # "aged 45"
    if before is not None and before.lower_ == "of" and before.i > 0 and doc[before.i - 1].lower_ == "age":
        return before.i - 1, num.end  # "at the age of 92"
    ends = nxt is None or nxt.text in (",", ".", ")", ";", "”", '"', "!", "?")
    if before is not None and before.text == "," and before.i in s.person_end and ends:
        return num.start, num.end  # "Jones, 48,"
    first = a.first
    head = first.head
    if (
        ends
        and not num.word_one
        and first.dep_ in ("attr", "acomp")
        and (head.lemma_ == "be" or head.lower_ in _BE_CONTRACTED)
        and any(c.dep_ == "nsubj" and _a_person(s, c) for c in head.children)
    ):
        return num.start, num.end  # "when you're 55", "She is 45"
    return None


def _a_person(s: _Scanner, tok: Token) -> bool:
    return tok.lower_ in _AGE_SUBJECTS or tok.i + 1 in s.person_end or tok.ent_type_ == "PERSON"


def _an_identifier(_s: _Scanner, a: _Around) -> bool:
    """Identifiers: "page 5", "No. 3", "Flight 17", "Windows 10"."""
    unit, nxt, before, num = a.unit, a.nxt, a.before, a.num
    if a.currency is not None or before is None:
        return False
    if (
        before.lower_ in _ID_BEFORE
        and (unit is None or unit.kind not in ("percent", "currency", "physical"))
        and (before.lower_ not in ("day", "week", "top", "number") or unit is None)
        and not (before.lower_ == "top" and _has_count_head(a.doc, num))  # "the top three contenders"
        and not (before.lower_ == "number" and nxt is not None and nxt.lower_ == "of")
    ):
        return True
    return (
        unit is None
        and before.is_title
        and before.pos_ in ("PROPN", "NOUN")
        and before.i != a.sent_start
        and not num.spelled
        and not _has_count_head(a.doc, num)
    )


def _a_reference(_s: _Scanner, a: _Around) -> bool:
    """ "those two", "the three": a reference to things already named, not a reported count."""
    before, nxt = a.before, a.nxt
    return (
        a.unit is None
        and before is not None
        and before.lower_ in ("the", "those", "these", "both", "all")
        and not _has_count_head(a.doc, a.num)
        and not (nxt is not None and nxt.lower_ == "of")
    )


def _an_address(_s: _Scanner, a: _Around) -> bool:
    """Addresses and names: "131 West 23rd Street", "10 Downing Street"."""
    nxt = a.nxt
    return (
        a.unit is None
        and nxt is not None
        and nxt.pos_ == "PROPN"
        and nxt.is_title
        and not a.num.spelled
        and not _has_count_head(a.doc, a.num)
    )


def _a_fraction_word(_s: _Scanner, a: _Around) -> bool:
    """Fractions in words: "two-thirds of voters", "one-quarter", "two thirds"."""
    nxt, denominator = a.nxt, a.token(a.end + 1)
    if nxt is not None and nxt.text == "-" and denominator is not None and denominator.lower_ in _FRACTIONS:
        return True
    return nxt is not None and nxt.lower_ in _FRACTIONS and a.num.spelled


def _a_list_marker(s: _Scanner, a: _Around) -> bool:
    """ "1." or "2)" at the start of a line."""
    num, after = a.num, a.after
    return (
        num.end - num.start == 1
        and a.unit is None
        and after is not None
        and after.text in (".", ")")
        and s._line_start(num.start)
    )


def _around_a_slash(_s: _Scanner, a: _Around) -> bool:
    """ "1/2" fractions and "9/11" split by the tokenizer (but "$4/month" is a rate)."""
    nxt, prev, word = a.nxt, a.prev, a.token(a.end + 1)
    if (
        nxt is not None
        and nxt.text == "/"
        and nxt.whitespace_ == ""
        and not (word is not None and word.is_alpha and word.tag_ == "NN")
    ):
        return True
    return bool(prev is not None and prev.text == "/" and prev.whitespace_ == "")


# Numbers that are no figure, by rule (any one excludes).
_EXCLUSIONS: tuple[Callable[[_Scanner, _Around], bool], ...] = (
    _in_a_name,
    _zero_compound,
    _leading_zero,
    _next_to_a_month,
    _clock_time,
    _a_year,
    _in_a_date_entity,
    _a_date_offset,
    _an_identifier,
    _a_reference,
    _an_address,
    _a_fraction_word,
    _a_list_marker,
    _around_a_slash,
)


def _unscaled(doc, num: Number) -> float:
    """The value of ``num`` before its scale word ("10 million" -> 10)."""
    from reader.nlp.figures.numbers import parse_digits, words_value

    first = doc[num.start]
    v = parse_digits(first.text)
    if v is not None and v:
        return v
    words = [t.lower_ for t in doc[num.start : num.end]]
    while words and words[-1] in ("thousand", "million", "billion", "trillion", "k", "m", "bn", "mn", "tn"):
        words.pop()
    got = words_value(words) if words else None
    return got or 1.0


_START_WORDS = (
    "a",
    "an",
    "half",
    "quarter",
    "dozen",
    "minus",
    "negative",
    "tens",
    "hundreds",
    *SMALL,
    *SCALE_WORDS,
)


def _candidates(doc: Doc) -> list[int]:
    """Token indices where a figure may start: number-like tokens, number words, currency marks.

    Read from the Doc's arrays in one pass, so the Python loop only visits these few tokens.
    """
    if not len(doc):
        return []
    strings = doc.vocab.strings
    arr = doc.to_array([LIKE_NUM, LOWER])
    like_num = arr[:, 0].astype(bool)
    starts = np.array([strings.add(w) for w in _START_WORDS], dtype=arr.dtype)
    marks = np.array([strings.add(w) for w in _CURRENCY_LOWER], dtype=arr.dtype)
    hit = like_num | np.isin(arr[:, 1], starts) | np.isin(arr[:, 1], marks)
    # digits glued to letters ("3.5bn", "10km") are not LIKE_NUM: check tokens starting with a digit
    idx = set(np.flatnonzero(hit).tolist())
    digit_start = _digit_start_tokens(doc, arr)
    idx.update(digit_start)
    return sorted(idx)


# the lower-case form of a token that may hold a currency and digits ("rm45", "usd2", "hk$1,200")
_GLUED_LOWER = re.compile(r"^(?:[a-z]{1,3}\$?|[$€£¥₹₩₽₺₪₦₱฿])\d")


def _digit_start_tokens(doc: Doc, arr) -> list[int]:
    strings = doc.vocab.strings
    out = []
    cache: dict[int, bool] = {}
    for k, h in enumerate(arr[:, 1].tolist()):
        got = cache.get(h)
        if got is None:
            text = strings[h]
            got = cache[h] = bool(text) and (
                text[0].isdigit()
                or _GLUED_LOWER.match(text) is not None
                or text[0] in FRACTION_CHARS
                or (text[0] in "-−–" and text[1:2].isdigit())
                or text[:6].lower() == "minus-"
            )
        if got:
            out.append(k)
    return out


def _overlapping(ranges: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether ``[start, end)`` overlaps any of ``ranges``: a bisection over their
    starts and the furthest end reached before each."""
    ordered = sorted(ranges)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))

    def overlaps(start: int, end: int) -> bool:
        k = bisect_left(starts, end)  # the ranges that start before ``end``
        return k > 0 and reach[k - 1] > start

    return overlaps


_TRAILING_BOUNDS = {
    ("or", "more"): "at least", ("or", "greater"): "at least", ("or", "higher"): "at least",
    ("or", "above"): "at least", ("or", "over"): "at least", ("and", "above"): "at least",
    ("and", "over"): "at least", ("or", "less"): "up to", ("or", "fewer"): "up to",
    ("or", "lower"): "up to", ("or", "below"): "up to", ("or", "under"): "up to",
}  # fmt: skip


def _trailing_bound(doc, end: int, limit: int) -> tuple[str, int] | None:
    """ "500 or more", "10 or fewer": the normalised bound and the end of its words."""
    if end + 1 >= limit:
        return None
    norm = _TRAILING_BOUNDS.get((doc[end].lower_, doc[end + 1].lower_))
    if norm is None:
        return None
    after = doc[end + 2] if end + 2 < limit else None
    if after is not None and (after.lower_ == "than" or after.like_num or after.text[:1].isdigit()):
        return None  # "200 or more than 300": a second figure follows
    return norm, end + 2


def _attributive(doc, num: Number, end: int) -> bool:
    """The number is hyphenated to a singular noun that modifies another ("four-door car")."""
    j = num.end
    if j + 1 >= len(doc) or doc[j].text != "-" or doc[j - 1].whitespace_ != "" or end != j + 2:
        return False
    word = doc[j + 1].lower_
    return doc[j + 1].tag_ == "NN" and word not in SMALL and word not in _MEASURE_NOUNS


def _is_gap(tok: Token) -> bool:
    """A whitespace token inside a line (a no-break space, two spaces)."""
    return tok.is_space and "\n" not in tok.text


def _year_range(num: Number) -> bool:
    """ "1990-2000", "2015-16": years, not a range of quantities."""
    high = num.value_high
    return _year_like(num.value) and high is not None and (_year_like(high) or 0 <= high < 100)


def _year_like(v: float) -> bool:
    return float(v).is_integer() and 1000 <= v <= 2100


def _is_year_text(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1000 <= int(text) <= 2100


def _is_year_token(doc, num: Number) -> bool:
    if num.end - num.start != 1 or num.value_high is not None:
        return False
    text = doc[num.start].text
    if not _is_year_text(text):
        return False
    v = int(text)
    # "1500 troops" is a count; "2016 elections" names a year
    return not (_has_count_head(doc, num) and not 1900 <= v <= 2030)


def _has_count_head(doc, num: Number) -> bool:
    last = doc[num.end - 1]
    head = last.head
    return (
        last.dep_ in ("nummod", "quantmod")
        and head.i >= num.end
        and (head.pos_ == "NOUN" or head.tag_ == "NNPS")  # "200 Democrats", "100 Americans"
    )


def _inherit_units(doc: Doc, found: list[_Found]) -> None:
    """ "at least 33 of which" takes the unit of the figure it refers back to."""
    for idx, f in enumerate(found):
        if f.unit is not None or f.kind != "count":
            continue
        last = doc[f.num.end - 1]
        of = next((c for c in last.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None and f.num.end < len(doc) and doc[f.num.end].lower_ == "of":
            of = doc[f.num.end]
        if of is None:
            continue
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is None and of.i + 1 < len(doc):
            pobj = doc[of.i + 1]
        if pobj is None:
            continue
        if pobj.lower_ in _RELATIVE:
            for prev in reversed(found[:idx]):
                if prev.kind == "count" and prev.unit and f.start - prev.end < 60:
                    f.unit = prev.unit
                    break
        elif pobj.pos_ == "NOUN" or pobj.tag_ == "NNPS":  # "two of the state's congressional Republicans"
            words = [c.lemma_.lower() for c in pobj.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
            f.unit = " ".join([*words, pobj.lemma_.lower()])


# words that make "points" percentage points: a poll, a vote, a lead ("leads by 7 points")
_POLL_WORDS = {
    "poll", "polls", "polling", "survey", "lead", "leads", "leading", "led", "margin", "ahead", "behind",
    "trail", "trails", "trailed", "trailing", "percent", "%", "percentage", "vote", "votes", "voters",
    "primary", "caucus", "caucuses", "election", "race", "edge", "approval", "favorability", "won", "win",
    "wins", "winning", "lost", "lose", "loses", "losing", "beat", "beats", "defeated",
}  # fmt: skip
# a count with no noun before these counts people ("two dead", "at least 10 killed")
_CASUALTY_WORDS = {
    "dead", "killed", "injured", "wounded", "hurt", "missing", "arrested", "detained", "died", "feared",
    "evacuated", "displaced", "rescued", "hospitalized", "hospitalised",
}  # fmt: skip


def _a_count(f: _Found) -> bool:
    return f.kind == "count" and bool(f.unit)


def _context_units(scanner: _Scanner, found: list[_Found]) -> None:
    """Units the words around a count tell: "points" in a poll or a race are percentage points;
    "two dead" counts people; a bare count takes the unit of the count it is compared with in its
    sentence ("Clinton has 1,428 delegates to Sanders' 1,153")."""
    doc = scanner.doc
    for _idx, f in enumerate(found):
        if f.kind != "count":
            continue
        s_start, s_end = scanner.sent_bounds(f.start)
        if f.unit == "point":
            if any(t.lower_ in _POLL_WORDS for t in doc[s_start:s_end]):
                f.unit, f.kind = "percentage point", "percent"
            continue
        if f.unit is not None or f.num.word_one:
            continue
        if f.end < s_end and doc[f.end].lower_ in _CASUALTY_WORDS:
            f.unit = "person"
            continue
        same = [
            g for g in found if g is not f and g.kind == "count" and g.unit and s_start <= g.start < s_end
        ]
        if same:
            near = min(same, key=lambda g: (abs(g.start - f.start), g.start > f.start))
            f.unit, f.like = near.unit, near


def _join_bounds(doc: Doc, found: list[_Found]) -> list[_Found]:
    """ "more than 10 and less than 20", "at most 100 and at least 20": one range, from the two bounds."""
    out: list[_Found] = []
    k = 0
    while k < len(found):
        a = found[k]
        b = found[k + 1] if k + 1 < len(found) else None
        if b is not None and a.value_high is None and b.value_high is None and _bounds(doc, a, b):
            low, high = (a, b) if a.qualifier in _LOWER_BOUND else (b, a)
            if low.value < high.value:
                unit = a.unit if a.unit is not None else b.unit
                kind = a.kind if a.unit is not None else b.kind
                out.append(replace(a, end=b.end, unit=unit, kind=kind, qualifier=None, qualifier_text=None,
                                   value=low.value, value_high=high.value))  # fmt: skip
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _bounds(doc: Doc, a: _Found, b: _Found) -> bool:
    quals = {a.qualifier, b.qualifier}
    if not (quals & _LOWER_BOUND and quals & _UPPER_BOUND):
        return False
    if a.unit is not None and b.unit is not None and (a.unit, a.kind) != (b.unit, b.kind):
        return False
    gap = doc[a.end : b.start].text.strip().lower()
    return gap in _BOUND_GAPS


def _share_units(doc: Doc, found: list[_Found]) -> None:
    """ "from 10 to 20 percent", "5 or 6 miles": the bare first number takes the unit of the second."""
    for a, b in pairwise(found):
        if a.unit is not None or b.kind not in ("percent", "currency", "physical", "duration", "count"):
            continue
        if b.start - a.end == 1 and doc[a.end].lower_ in ("to", "or", "and", "-", "–"):
            if b.kind == "count" and (b.unit is None or a.value_high is not None):
                continue
            a.unit, a.kind = b.unit, b.kind
            if b.num.scaled and not a.num.scaled and a.value_high is None and abs(a.value) < 1000:
                a.value *= b.num.scale  # "from 12.5 to 14 billion euros": the scale too
                a.num.scaled = True


def _with_multiples(scanner: _Scanner, found: list[_Found]) -> list[_Found]:
    """``found`` with the multiples, odds and shares of :mod:`multiples` in: each takes the place
    of the figures read over its tokens ("6" and "10 voters" of "6 in 10 voters")."""
    doc = scanner.doc
    strings = doc.vocab.strings
    lower = doc.to_array([LOWER]).reshape(-1) if len(doc) else np.zeros(0, dtype=np.uint64)
    triggers = np.array([strings.add(w) for w in TRIGGERS], dtype=lower.dtype)
    starts = sorted(set(scanner.candidates) | set(np.flatnonzero(np.isin(lower, triggers)).tolist()))
    multiples = find_multiples(doc, starts, lambda i: scanner.sent_bounds(i)[1])
    if not multiples:
        return found
    out = list(found)
    for m in multiples:
        over = [f for f in out if f.start < m.end and m.start < f.end]
        if any(
            f.kind not in ("count", "fraction") or (f.start < m.start and f.unit is not None) for f in over
        ):
            continue  # a figure with a unit of its own already holds these words
        floor = max((f.end for f in out if f.end <= m.start), default=scanner.sent_bounds(m.start)[0])
        limit = scanner.line_limit(m.end - 1, scanner.sent_bounds(m.start)[1])
        start, end, q_norm, q_text = scanner._qualified(m.start, m.end, floor, limit, "ratio", None)
        num = Number(m.start, m.end, m.value)
        out = [f for f in out if f not in over]
        kind: UnitKind = "ratio" if m.kind == "ratio" else "rank" if m.kind == "rank" else "fraction"
        out.append(_Found(start, end, num, m.unit, kind, q_norm, q_text, m.value, None, m.change))
    out.sort(key=lambda f: f.start)
    return out


# words that set a figure against the one before it: "up from 23%", "compared with 39"
_COMPARED_WITH = {"from", "to", "than", "versus", "vs", "vs.", "with", "against"}


def _concepts(scanner: _Scanner, found: list[_Found]) -> dict[int, tuple[int, int] | None]:
    """What each figure measures (token spans, by ``id`` of the figure); a bare count compared with
    another count measures what that one does ("up from 90" after "160 security personnel")."""
    doc = scanner.doc
    out: dict[int, tuple[int, int] | None] = {}

    def concept(f: _Found, fallback: tuple[int, int] | None = None) -> tuple[int, int] | None:
        s_start, s_end = scanner.sent_bounds(f.start)
        limit = scanner.line_limit(f.end - 1, s_end)
        per = rate_of(doc, f.end, limit)
        return concept_of(doc, (f.start, f.end), f.num.end, (s_start, limit), f.kind, per, fallback)

    for f in found:
        out[id(f)] = concept(f)
    for f in found:
        like = f.like
        if like is not None and id(like) in out:
            own = out[id(like)]
            if own is not None and like.start <= own[0] and own[1] <= like.end:
                out[id(f)] = concept(f, own)
    for k, f in enumerate(found):  # "36% of institutions, up from 23%": the 23% is of them too
        if out[id(f)] is not None or k == 0:
            continue
        prev = found[k - 1]
        words = {t.lower_ for t in doc[max(prev.end, f.start - 3) : f.start]}
        same_sentence = scanner.sent_bounds(prev.start) == scanner.sent_bounds(f.start)
        if same_sentence and prev.unit == f.unit and prev.kind == f.kind and words & _COMPARED_WITH:
            out[id(f)] = out[id(prev)]
    return out


def _figures(doc: Doc) -> list[Figure]:
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    scanner = _Scanner(doc)
    found = scanner.run()
    found = _join_bounds(doc, found)
    _share_units(doc, found)
    _inherit_units(doc, found)
    found = _with_multiples(scanner, found)
    _context_units(scanner, found)
    out: list[Figure] = []
    text = token_arrays(doc).text  # (spaCy's doc.text rebuilds it in one long call)
    concepts = _concepts(scanner, found)
    for f in found:
        span = doc[f.start : f.end]
        s_start, s_end = scanner.sent_bounds(f.start)
        sent = doc[s_start:s_end]
        end_char = span.end_char - _final_stop(doc[f.end - 1])
        limit = scanner.line_limit(f.end - 1, s_end)
        per = rate_of(doc, f.end, limit)
        concept = concepts[id(f)]
        of = of_start = of_end = None
        if concept is not None:
            of = label_of(doc, concept)
            of_start, of_end = doc[concept[0]].idx, doc[concept[1] - 1].idx + len(doc[concept[1] - 1].text)
        out.append(
            Figure(
                text=text[span.start_char : end_char],
                start=span.start_char,
                end=end_char,
                value=f.value,
                unit=f.unit,
                qualifier=f.qualifier,
                qualifier_text=f.qualifier_text,
                value_high=f.value_high,
                unit_kind=f.kind,
                sentence_start=sent.start_char,
                sentence_end=sent.end_char,
                per=per,
                change=f.change or change_of(doc, f.start, f.end, s_start, limit),
                of=of,
                of_start=of_start,
                of_end=of_end,
            )
        )
    out = _link_equivalents(doc, found, out)
    doc.user_data[_CACHE_KEY] = (len(doc), out)
    return out


_ABBREV_DOT = re.compile(r"[A-Za-z]\.[A-Za-z]|\.[A-Za-z]$")  # "a.m.", "U.S.", "sq.": the dot is the word's


def _final_stop(tok) -> int:
    """1 when the figure's last token carries the sentence's full stop ("5kW.", "m."), else 0."""
    text = tok.text
    if len(text) > 1 and text.endswith(".") and text[-2].isalnum() and not _ABBREV_DOT.search(text[:-1]):
        return 1
    return 0


def _link_equivalents(doc: Doc, found: list[_Found], figs: list[Figure]) -> list[Figure]:
    """``$6 billion (5.2 billion euros)``: the second restates the first."""
    for k in range(1, len(figs)):
        a, b = figs[k - 1], figs[k]
        if a.unit_kind != b.unit_kind or a.unit_kind not in ("currency", "physical") or a.unit == b.unit:
            continue
        if found[k].start - found[k - 1].end > 3:
            continue
        gap = doc[found[k - 1].end : found[k].start].text.strip()
        if gap in ("(", "[", ", or", "or", "—", "–", "-", "/", ", about", "(about", "(around", "(some"):
            # a restatement measures what the first does: "2 degrees Celsius (3.6 degrees Fahrenheit)"
            figs[k] = replace(b, equivalent_of=k - 1, of=a.of, of_start=a.of_start, of_end=a.of_end)
    return figs


def find_figures(doc: Doc) -> list[Figure]:
    """Reported quantities in text order."""
    return list(_figures(doc))


def find_dates(doc: Doc) -> list[DateMention]:
    """Date and time expressions (spaCy's DATE/TIME), minus those read as figures and noise."""
    taken = _overlapping([(f.start, f.end) for f in _figures(doc)])
    out = []
    for e in doc.ents:
        if e.label_ not in ("DATE", "TIME"):
            continue
        s, t = e.start_char, e.end_char
        if taken(s, t) or in_trailer(doc, e.start) or near_phone(doc, e.start):
            continue
        out.append(DateMention(e.text, s, t))
    return out
