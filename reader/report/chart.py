"""Chart data for the figures (Qt-free): figures grouped into series of one unit each.

Interface used by the window and the exports (keep these names):
``chart_series(figures) -> list[Series]``; ``Series(key, title, unit, points)``;
``Point(label, value, qualifier, figure_index, start, end)``; ``format_figure(fig) -> str``;
``bar_label(fig) -> str`` (a point's label: the figure and what money is for, "~ $11 m for claims");
``chart_points(series)`` (the bars a series charts, for the window and every export alike);
``use_log_scale(values)``; ``coverage(figures, charted)`` (how many figures are charted, and why
the others are not).

Series group figures by their unit only: no currency conversion and no unit conversion is
assumed, so "USD" and "EUR" are two series, as are "km" and "mi". Figures without a unit
(a bare count) form one series of their own. A figure that restates another (a conversion
in parentheses) is left out of the chart, since plotting it would count the amount twice.
A figure repeated (the same value and unit again, e.g. in the headline and the body) is one
bar: the first occurrence, with ``Point.repeats`` counting the others.

Bar labels (``bar_label``): the figure as ``format_figure`` writes it, then " for " and what money is
for when the text says it (``Figure.of``): "nearly $11 million in claims" is "~ $11 m for claims", "a
$48 million flood barrier" "$48 m for flood barrier"; at most ``LABEL_MAX`` characters, the purpose
cut with "…". A repeat keeps its first occurrence's label.

Shares and changes: a percentage-point or basis-point figure has its own unit, so it never
shares a series with percentages ("%").

Rates and changes (``Figure.per``, ``Figure.change``): the series key is the unit, then the rate's
denominator, then the direction of a change, so a rate never shares a series with an amount
("$4 a month" is in "USD per month", "$48 million" in "USD") and a change never shares one with
a level ("rose 6%" is in "percent (rise)", "6%" in "percent"). Rises and falls are two series
("percent (rise)", "percent (fall)"), not one series with the falls as negative bars: the window's
chart draws bars from zero to the right only (and its log scale needs positive values), so a
negative bar would not show; with two series every bar is a positive magnitude and the title says
which way it went.

Series order (the first one is the default chart): a *comparable* series (at least two
distinct values) before one that is not; then money, percentages, counts of people
(``PEOPLE_WORDS``), other counts, physical quantities, durations and bare numbers; then
levels before rates and changes of the same kind; then more distinct values first; then by
title. The number of bars alone never decides.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from reader.core.model import LEVEL, Change, Figure, UnitKind

COUNT_KEY = "(count)"
MAX_BARS = 20  # bars per series, in the window and the exports: the largest values, in text order
LABEL_MAX = 28  # a bar label's characters with what the money is for (``bar_label``)
LOG_SPAN = 100.0  # largest / smallest value above this (two orders of magnitude): a log scale

# display symbols: currencies written before the value, qualifiers as compact signs
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩", "RUB": "₽"}
QUALIFIER_SIGNS = {
    "more than": ">",
    "at least": "≥",
    "less than": "<",
    "up to": "≤",
    "nearly": "~",
    "about": "~",
}
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))
_INVARIANT = {"people", "police", "staff", "personnel", "sheep", "fish", "aircraft", "troops", "deer"}
_IRREGULAR_PLURALS = {"person": "people", "child": "children", "man": "men", "woman": "women"}

# Counted nouns that count people (the last word of the unit, singular or plural). A count of
# people ranks after money and percentages and before other counts when choosing the default.
PEOPLE_WORDS = frozenset(
    {
        "people", "person", "persons", "individual", "adult", "child", "children", "man", "men",
        "woman", "women", "boy", "girl", "resident", "inhabitant", "citizen", "voter", "worker",
        "employee", "staff", "job", "member", "student", "pupil", "teacher", "doctor", "nurse",
        "patient", "customer", "user", "subscriber", "visitor", "tourist", "passenger", "driver",
        "refugee", "migrant", "immigrant", "asylum seeker", "civilian", "victim", "casualty",
        "death", "fatality", "survivor", "soldier", "troops", "fighter", "officer", "police",
        "protester", "demonstrator", "prisoner", "detainee", "hostage",
        "homeowner", "tenant", "farmer", "player", "fan", "participant", "respondent",
    }
)  # fmt: skip

# what a series measures: its figures' unit kind, or "people" for counts of people ("200 protesters")
SeriesKind = UnitKind | Literal["people"]

# rank of a series' kind when choosing the default (lower first)
_KIND_RANK: dict[SeriesKind, int] = {
    "currency": 0,
    "percent": 1,
    "people": 2,
    "count": 3,
    "physical": 4,
    "duration": 5,
}
_BARE_RANK = 6


@dataclass(frozen=True, slots=True)
class Point:
    label: str  # e.g. "> 10,000 air raids", "~ $11 m for claims" (``bar_label``)
    value: float
    qualifier: str | None
    figure_index: int  # index into Analysis.figures (the first occurrence)
    start: int  # source offsets, to jump to the text
    end: int
    repeats: int = 0  # later figures with the same value and unit, folded into this bar


@dataclass(frozen=True, slots=True)
class Series:
    key: str  # the unit key, stable
    title: str  # e.g. "air raids", "USD"
    unit: str | None
    points: tuple[Point, ...]
    kind: SeriesKind | None = None  # Figure.unit_kind of the series ("people" for counts of people)
    per: str | None = None  # Figure.per of its figures: a rate's denominator ("month")
    change: Change = LEVEL  # Figure.change of its figures: "level", "rise" or "fall"

    @property
    def distinct(self) -> int:
        """How many different values the series has."""
        return len({p.value for p in self.points})

    @property
    def comparable(self) -> bool:
        """At least two distinct values: something to compare."""
        return self.distinct >= 2

    @property
    def repeats(self) -> int:
        return sum(p.repeats for p in self.points)

    @property
    def figures(self) -> int:
        """Figures behind the series' points (repeats included)."""
        return len(self.points) + self.repeats


def format_number(value: float, *, compact: bool = False) -> str:
    """``10000`` -> "10,000"; ``5.2e9`` -> "5.2 bn" when ``compact``; decimals kept as written."""
    if compact:
        for scale, suffix in _SCALES:
            if abs(value) >= scale:
                scaled = value / scale
                text = f"{scaled:,.2f}".rstrip("0").rstrip(".")
                return f"{text} {suffix}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def plural(unit: str, value: float | None = None) -> str:
    """A counted noun in the plural ("air raid" -> "air raids") unless the value is one."""
    if value is not None and value == 1:
        return unit
    head, _, last = unit.rpartition(" ")
    if last in _IRREGULAR_PLURALS:
        word = _IRREGULAR_PLURALS[last]
    elif last in _INVARIANT:
        word = last
    elif last.endswith(("ss", "x", "z", "ch", "sh")):
        word = last + "es"
    elif last.endswith("s"):
        word = last  # already plural, or a word such as "series"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def _value_text(fig: Figure, compact: bool) -> str:
    text = format_number(fig.value, compact=compact)
    if fig.value_high is not None:
        text += "–" + format_number(fig.value_high, compact=compact)
    return text


def format_figure(fig: Figure, *, compact: bool = True, signs: bool = True) -> str:
    """A figure for display: "> 10,000 air raids", "~ $6 bn", "5.2 bn EUR", "≥ 25,000 fighters",
    "$4 per month" (a rate).

    ``signs=False`` writes the qualifier in words ("more than 10,000 air raids").
    """
    value = _value_text(fig, compact=compact and fig.unit_kind == "currency")
    unit = fig.unit
    kind = fig.unit_kind
    if unit is None:
        body = value
    elif kind == "currency":
        sign = CURRENCY_SIGNS.get(unit)
        body = f"{sign}{value}" if sign else f"{value} {unit}"
    elif kind == "percent" and unit == "%":
        body = f"{value}%"
    elif kind == "physical":
        body = f"{value} {unit}"
    elif kind == "fraction":  # "roughly a third" -> "1/3", never "0.333333 fractions"
        body = _fraction_text(fig.value)
    else:
        body = f"{value} {plural(unit, fig.value if fig.value_high is None else None)}"
    if fig.per:
        body += f" per {fig.per}"
    if fig.qualifier:
        qual = QUALIFIER_SIGNS.get(fig.qualifier, fig.qualifier) if signs else fig.qualifier
        return f"{qual} {body}"
    return body


def _fraction_text(value: float) -> str:
    frac = Fraction(value).limit_denominator(64)
    if frac.denominator == 1:
        return str(frac.numerator)
    whole, rest = divmod(frac.numerator, frac.denominator)
    part = f"{rest}/{frac.denominator}"
    return f"{whole} {part}" if whole else part


def bar_label(fig: Figure) -> str:
    """A bar's label: ``format_figure``, then " for " and what the money is for (``Figure.of``) when
    it is said: "~ $11 m for claims", "$48 m for flood barrier". "for" reads right whichever word
    the text used ("in claims", "a $48 million flood barrier"). At most ``LABEL_MAX`` characters: the
    purpose is cut with "…" (never the figure), or left out when too little of it would show."""
    label = format_figure(fig)
    if not fig.of:
        return label
    full = f"{label} for {fig.of}"
    if len(full) <= LABEL_MAX:
        return full
    room = LABEL_MAX - len(label) - len(" for ") - 1  # keep one character for "…"
    return f"{label} for {fig.of[:room].rstrip()}…" if room >= 3 else label


def point_text(p: Point) -> str:
    """A bar's label: the figure with its qualifier and unit, and how often it is repeated."""
    if not p.repeats:
        return p.label
    times = "twice" if p.repeats == 1 else f"{p.repeats + 1} times"
    return f"{p.label} · {times}"


def series_key(fig: Figure) -> str:
    """The unit ("USD", "%", "air raid", ``COUNT_KEY``), then " per " and a rate's denominator,
    then " (rise)" or " (fall)" for a change: "USD per month", "% (fall)"."""
    key = fig.unit or COUNT_KEY
    if fig.per:
        key += f" per {fig.per}"
    if fig.change != "level":
        key += f" ({fig.change})"
    return key


def series_title(key: str, kind: SeriesKind | None) -> str:
    """The title of a unit's series (``key`` the unit or ``COUNT_KEY``)."""
    if key == COUNT_KEY:
        return "counts (no unit)"
    if kind == "percent" and key == "%":
        return "percent"
    if kind in ("currency", "physical"):
        return key
    return plural(key)


def _title(fig: Figure) -> str:
    """ "USD", "USD per month", "percent per year", "people per day", "percent (rise)"."""
    title = series_title(fig.unit or COUNT_KEY, fig.unit_kind)
    if fig.per:
        title = f"{'numbers' if fig.unit is None else title} per {fig.per}"
    if fig.change != "level":
        title += f" ({fig.change})"
    return title


def counts_people(unit: str | None) -> bool:
    """Whether a counted noun counts people ("voter", "Daesh fighters", "jobs")."""
    if not unit:
        return False
    words = unit.lower().split()
    for i in range(len(words)):
        tail = " ".join(words[i:])  # "asylum seekers", then "seekers"
        forms = {tail, plural(tail), tail.removesuffix("s"), tail.removesuffix("es")}
        if tail.endswith("ies"):
            forms.add(tail[:-3] + "y")
        if forms & PEOPLE_WORDS:
            return True
    return False


def _series_kind(key: str, kind: UnitKind | None) -> SeriesKind | None:
    if key != COUNT_KEY and kind in (None, "count") and counts_people(key):
        return "people"
    return kind


def series_rank(series: Series) -> tuple[bool, int, bool, int, str]:
    """Sort key: the most informative comparable series first (see the module docstring)."""
    kind_rank = _BARE_RANK if series.unit is None else _KIND_RANK.get(series.kind or "count", 3)
    derived = series.per is not None or series.change != "level"
    return (not series.comparable, kind_rank, derived, -series.distinct, series.title)


def chart_series(figures: Sequence[Figure]) -> list[Series]:
    """Figures grouped by unit, each point with its label, value, qualifier and source offsets;
    repeats folded into the first occurrence; the default (most informative) series first."""
    groups: dict[str, list[Point]] = {}
    seen: dict[tuple[str, float, float | None], int] = {}  # -> position in its group
    first: dict[str, Figure] = {}  # the first figure of each series: its unit, kind, rate, change
    for i, fig in enumerate(figures):
        if fig.equivalent_of is not None:
            continue
        key = series_key(fig)
        first.setdefault(key, fig)
        points = groups.setdefault(key, [])
        same = (key, float(fig.value), None if fig.value_high is None else float(fig.value_high))
        if same in seen:
            j = seen[same]
            old = points[j]
            points[j] = Point(
                old.label, old.value, old.qualifier, old.figure_index, old.start, old.end, old.repeats + 1
            )
            continue
        seen[same] = len(points)
        points.append(Point(bar_label(fig), float(fig.value), fig.qualifier, i, fig.start, fig.end))
    out = [
        Series(
            key,
            _title(first[key]),
            first[key].unit,
            tuple(points),
            _series_kind(first[key].unit or COUNT_KEY, first[key].unit_kind),
            first[key].per,
            first[key].change,
        )
        for key, points in groups.items()
    ]
    out.sort(key=series_rank)
    return out


def default_series(series: Sequence[Series]) -> Series | None:
    """The series a chart shows first: the first of ``chart_series``."""
    return series[0] if series else None


def chart_points(series: Series, limit: int = MAX_BARS) -> tuple[Point, ...]:
    """The bars of ``series`` that a chart draws, in the window and in every export: all of
    them, or the ``limit`` largest values (ties: the earlier one), kept in text order."""
    if len(series.points) <= limit:
        return series.points
    order = sorted(range(len(series.points)), key=lambda i: (-abs(series.points[i].value), i))
    keep = set(order[:limit])
    return tuple(p for i, p in enumerate(series.points) if i in keep)


def use_log_scale(values: Iterable[float]) -> bool:
    """A log scale when the values span more than two orders of magnitude (all of them > 0)."""
    vals = list(values)
    if len(vals) < 2 or min(vals) <= 0:
        return False
    return max(vals) / min(vals) > LOG_SPAN


def log_floor(lo: float) -> int:
    """The decade a log-scale bar starts at: below the smallest value, so every bar shows."""
    return math.ceil(math.log10(lo)) - 1


def log_ticks(lo: float, hi: float, most: int = 6) -> list[float]:
    """Decades (1, 10, 100, ...) from below ``lo`` to above ``hi``; every other one (or fewer)
    when there would be more than ``most``."""
    first, last = log_floor(lo), math.ceil(math.log10(hi))
    step = max(1, math.ceil((last - first + 1) / most))
    return [10.0**k for k in range(first, last + 1, step)]


def axis_label(series: Series, log: bool) -> str:
    """The value axis' title: the unit, and the scale when it is not linear."""
    return f"{series.title} (log scale)" if log else series.title


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many of the figures found a chart shows, and why the others are not charted."""

    found: int  # figures given
    charted: int  # figures behind the bars drawn (repeats included)
    bars: int
    other_units: int  # figures in series not charted
    conversions: int  # restating another figure
    smaller: int  # left out by the bar limit (the largest are charted)

    @property
    def not_charted(self) -> int:
        return self.found - self.charted

    def reasons(self) -> str:
        """Why figures are not charted: "other units" (one reason), or with counts when there
        are several ("5 other units, 1 conversion, 2 smaller values")."""
        parts = [
            (self.other_units, "another unit", "other unit", "other units"),
            (self.conversions, "a conversion", "conversion", "conversions"),
            (self.smaller, "a smaller value", "smaller value", "smaller values"),
        ]
        parts = [part for part in parts if part[0]]
        if len(parts) == 1:
            n, alone, _one, many = parts[0]
            return alone if n == 1 else many
        return ", ".join(f"{n} {one if n == 1 else many}" for n, _alone, one, many in parts)

    def note(self) -> str:
        """The caption's explanation ("2 not charted: other units"); "" if all are charted."""
        return f"{self.not_charted} not charted: {self.reasons()}" if self.not_charted else ""


def coverage(figures: Sequence[Figure], charted: Sequence[tuple[Series, Sequence[Point]]]) -> Coverage:
    """``charted``: each series drawn with the points drawn of it (``chart_points``)."""
    conversions = sum(1 for f in figures if f.equivalent_of is not None)
    shown = sum(1 + p.repeats for _s, points in charted for p in points)
    smaller = sum(s.figures for s, _p in charted) - shown
    other = len(figures) - conversions - shown - smaller
    return Coverage(len(figures), shown, sum(len(p) for _s, p in charted), other, conversions, smaller)
