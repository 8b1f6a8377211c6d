"""Chart data for the figures (Qt-free): comparisons of what the figures measure, and the rest.

Interface used by the window and the exports (keep these names):
``chart_series(figures, quotes=()) -> list[Series]`` (the comparisons, the default first);
``Series(key, title, unit, points, kind, per, change, diverging)``; ``Point(label, value, qualifier,
figure_index, start, end, repeats, what, value_text, claimant)``; ``single_figures(figures, series,
quotes=())`` (the figures no comparison holds: the list under the chart); ``format_figure(fig)``;
``bar_label(fig, claimant)``; ``chart_points(series)`` (the bars drawn, for the window and every
export alike); ``use_log_scale(values)``; ``tick_text(value, series)``; ``coverage(figures,
charted)``.

**Comparisons.** Figures are grouped by what they measure and in which unit, never across units (no
currency or unit conversion is assumed):

- counts by their counted noun's head word: "67,000 research staff", "30,000 teaching staff" and
  "69,000 staff" are one comparison of staff, each bar labelled with its own noun;
- money by currency, percentages by "%" (percentage points apart), physical quantities and
  durations by unit; a rate ("$4 a month") with the rates of the same denominator;
- changes apart from levels, and rises with falls: "fell 16.1%" and "rose 21.9%" are one
  *diverging* comparison ("percent change"), the falls drawn left of zero;
- ages and ranks each on their own, never the default.

A comparison needs two or more figures; a group of one is no chart but an entry of the list under
it (``single_figures``). A figure that restates another (a conversion in parentheses) is left out
of both, and a figure repeated (the same value of the same thing again, e.g. in the headline and the
body: the same value in the same comparison) is one bar, ``Point.repeats`` counting the others.

**Labels.** A bar says what it measures, then its value as written: "atypical contracts −16.1%",
"research staff 67,000", "flood barrier $48 m", "voters 2/3" (``Figure.of``, else the counted noun,
else the unit), and who claims it when it is inside a quote: "unemployment 5.1% (Jane Smith)".
Fractions stay fractions ("2/3"), money is compact ("$6 bn").

**The default** is the comparison with the most bars (ties: money, percentages, people, other
counts, physical quantities, durations, bare numbers; levels before rates and changes); without
one, the list alone.

**Ticks** carry the scale glued to the number ("40M", "2.5bn", "300k") and the unit in the axis
title ("t"), so that no tick reads as a unit ("40 m" beside "t" read as metres).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import accumulate
from typing import Literal

from reader.core.identity import is_junk_name
from reader.core.model import LEVEL, UNCHARTED_KINDS, Change, Figure, Quote, UnitKind

COUNT_KEY = "(count)"
MAX_BARS = 20  # bars per comparison, in the window and the exports: the largest values, in text order
LABEL_MAX = 60  # a bar label's characters before what it measures is cut (the value never is)
WHAT_MAX = 36  # characters of what a bar measures
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
MINUS = "−"
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))
_TICK_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k"))
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

# what a comparison measures: its figures' unit kind, or "people" for counts of people
SeriesKind = UnitKind | Literal["people"]

# rank of a comparison's kind when two have as many bars (lower first)
_KIND_RANK: dict[SeriesKind, int] = {
    "currency": 0,
    "percent": 1,
    "people": 2,
    "count": 3,
    "physical": 4,
    "duration": 5,
    "fraction": 6,
    "ratio": 7,
}
_BARE_RANK = 8
_NEVER_DEFAULT = 99  # ages and ranks


@dataclass(frozen=True, slots=True)
class Point:
    label: str  # what it measures and its value: "atypical contracts −16.1%" (``bar_label``)
    value: float  # the bar's length: a fall in a diverging comparison is negative
    qualifier: str | None
    figure_index: int  # index into the figures given (the first occurrence)
    start: int  # source offsets, to jump to the text
    end: int
    repeats: int = 0  # later figures with the same value in the same unit, folded into this bar
    what: str = ""  # what it measures: "atypical contracts"
    value_text: str = ""  # the value as written: "−16.1%", "2/3", "~ $6 bn"
    claimant: str | None = None  # who claims it, when it is inside a quote


@dataclass(frozen=True, slots=True)
class Series:
    key: str  # what is compared, stable: "staff", "USD", "% (change)"
    title: str  # e.g. "staff", "USD", "percent change"
    unit: str | None
    points: tuple[Point, ...]
    kind: SeriesKind | None = None  # Figure.unit_kind of the series ("people" for counts of people)
    per: str | None = None  # Figure.per of its figures: a rate's denominator ("month")
    change: Change = LEVEL  # LEVEL, or the direction when all its figures go one way
    diverging: bool = False  # changes: rises right of zero, falls left

    @property
    def distinct(self) -> int:
        """How many different values the series has."""
        return len({p.value for p in self.points})

    @property
    def comparable(self) -> bool:
        """Two or more bars: something to compare."""
        return len(self.points) >= 2

    @property
    def repeats(self) -> int:
        return sum(p.repeats for p in self.points)

    @property
    def figures(self) -> int:
        """Figures behind the series' points (repeats included)."""
        return len(self.points) + self.repeats


@dataclass(frozen=True, slots=True)
class Single:
    """A figure no comparison holds: an entry of the list under the chart."""

    label: str  # "Three springs", "flood barrier $48 m (Jane Smith)"
    figure_index: int
    start: int
    end: int
    kind: UnitKind | None = None
    repeats: int = 0  # later figures with the same value, folded into this entry


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


def _body(fig: Figure, *, compact: bool, counted: bool = True) -> str:
    """The value with its unit: "$6 bn", "36%", "2/3", "26.2 mi", "10,000 air raids" (``counted``:
    with a count's noun)."""
    value = _value_text(fig, compact=compact and fig.unit_kind == "currency")
    unit, kind = fig.unit, fig.unit_kind
    if kind == "fraction":  # "roughly a third" -> "1/3", never "0.333333 fractions"
        body = _fraction_text(fig.value)
    elif unit is None:
        body = value
    elif kind == "currency":
        sign = CURRENCY_SIGNS.get(unit)
        body = f"{sign}{value}" if sign else f"{value} {unit}"
    elif kind == "percent" and unit == "%":
        body = f"{value}%"
    elif kind == "percent":
        body = f"{value} {plural(unit, fig.value)}"
    elif kind == "ratio":
        body = f"{value}×"
    elif kind == "rank":
        body = _ordinal(fig.value)
    elif kind == "age":
        body = f"aged {value}" if unit == "year" else f"{value} {plural(unit, fig.value)} old"
    elif kind in ("physical",):
        body = f"{value} {unit}"
    elif kind == "count" and not counted:
        body = value
    else:
        body = f"{value} {plural(unit, fig.value if fig.value_high is None else None)}"
    if fig.per:
        body += f" per {fig.per}"
    return body


def format_figure(fig: Figure, *, compact: bool = True, signs: bool = True) -> str:
    """A figure for display: "> 10,000 air raids", "~ $6 bn", "5.2 bn EUR", "≥ 25,000 fighters",
    "$4 per month" (a rate), "2/3" (a fraction), "3×" (a multiple).

    ``signs=False`` writes the qualifier in words ("more than 10,000 air raids").
    """
    body = _body(fig, compact=compact)
    if fig.qualifier:
        qual = QUALIFIER_SIGNS.get(fig.qualifier, fig.qualifier) if signs else fig.qualifier
        return f"{qual} {body}"
    return body


def _ordinal(value: float) -> str:
    """3 -> "3rd", 11 -> "11th", 22 -> "22nd"."""
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fraction_text(value: float) -> str:
    frac = Fraction(value).limit_denominator(64)
    if frac.denominator == 1:
        return str(frac.numerator)
    whole, rest = divmod(frac.numerator, frac.denominator)
    part = f"{rest}/{frac.denominator}"
    return f"{whole} {part}" if whole else part


def table_value(fig: Figure, dash: str = "–") -> str:
    """A figure's value for a table: all its digits ("1,500,000"), a range joined by ``dash``, a
    fraction as a fraction ("2/3", never "0.6666666667")."""
    if fig.unit_kind == "fraction":
        values = [_fraction_text(v) for v in (fig.value, fig.value_high) if v is not None]
    else:
        values = [f"{v:,.10g}" for v in (fig.value, fig.value_high) if v is not None]
    return dash.join(values)


def what_of(fig: Figure) -> str:
    """What a figure measures, as a bar says it: its concept (``Figure.of``), else a count's noun,
    else "" (the comparison's title says the unit). Never a pronoun; at most ``WHAT_MAX`` characters."""
    of = (fig.of or "").strip()
    if of.lower() in ("i", "you", "he", "she", "we", "they", "it"):
        of = ""
    if not of and fig.unit_kind == "count" and fig.unit:
        of = plural(fig.unit, fig.value if fig.value_high is None else None)
    if len(of) > WHAT_MAX:
        of = of[: WHAT_MAX - 1].rstrip() + "…"
    return of


def value_label(fig: Figure, *, diverging: bool = False) -> str:
    """The value part of a bar's label: the figure as written, its count noun left to ``what_of``
    when that says it, a change signed in a diverging comparison ("+21.9%", "−16.1%")."""
    counted = not (fig.unit_kind == "count" and what_of(fig))
    body = _body(fig, compact=True, counted=counted)
    if diverging:
        body = ("+" if fig.change != "fall" else MINUS) + body
    if fig.qualifier:
        body = f"{QUALIFIER_SIGNS.get(fig.qualifier, fig.qualifier)} {body}"
    return body


def bar_label(fig: Figure, claimant: str | None = None, *, diverging: bool = False) -> str:
    """A bar's label: what it measures, its value, and who claims it: "flood barrier $48 m",
    "atypical contracts −16.1%", "unemployment 5.1% (Jane Smith)". At most ``LABEL_MAX``
    characters: what it measures is cut with "…", never the value."""
    what, value = what_of(fig), value_label(fig, diverging=diverging)
    who = f" ({claimant})" if claimant else ""
    label = f"{what} {value}{who}" if what else f"{value}{who}"
    if len(label) > LABEL_MAX and what:
        room = LABEL_MAX - len(value) - len(who) - 2
        label = f"{what[:room].rstrip()}… {value}{who}" if room >= 3 else f"{value}{who}"
    return label


def row_label(p: Point) -> str:
    """A bar's label where its value is written at its end (the exports): what it measures, who
    claims it, how often it is repeated ("research staff", "unemployment (Jane Smith) · twice");
    "" when there is nothing to say but the value."""
    if not p.what:  # the value alone says it: only who claims it, and how often
        label = f"({p.claimant})" if p.claimant else ""
        if p.repeats:
            label += (" · " if label else "") + ("twice" if p.repeats == 1 else f"{p.repeats + 1} times")
        return label
    label = f"{p.what} ({p.claimant})" if p.claimant else p.what
    if p.repeats:
        label += " · twice" if p.repeats == 1 else f" · {p.repeats + 1} times"
    return label


def point_text(p: Point) -> str:
    """A bar's label: what it measures and its value, and how often it is repeated."""
    if not p.repeats:
        return p.label
    times = "twice" if p.repeats == 1 else f"{p.repeats + 1} times"
    return f"{p.label} · {times}"


def _head(unit: str) -> str:
    """A counted noun's head word in the singular ("research staff" -> "staff")."""
    last = unit.split()[-1].lower()
    for single, many in _IRREGULAR_PLURALS.items():
        if last == many:
            return single
    if last.endswith("ies") and len(last) > 4:
        return last[:-3] + "y"
    if last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        return last[:-1]
    return last


def series_key(fig: Figure) -> str:
    """What a figure is compared with: its kind's group ("age", "rank"), else the unit (a count's
    head noun: "staff"), then " per " and a rate's denominator, then " (change)" for a rise or a
    fall: "USD per month", "% (change)"."""
    if fig.unit_kind in UNCHARTED_KINDS:
        return str(fig.unit_kind)
    key = _head(fig.unit) if fig.unit_kind == "count" and fig.unit else fig.unit or COUNT_KEY
    if fig.per:
        key += f" per {fig.per}"
    if fig.change != "level":
        key += " (change)"
    return key


def series_title(key: str, kind: SeriesKind | None) -> str:
    """The title of a unit's comparison (``key`` the unit, a count's head noun or ``COUNT_KEY``)."""
    if key == COUNT_KEY:
        return "counts (no unit)"
    if kind == "percent" and key == "%":
        return "percent"
    if kind in ("currency", "physical", "duration", "fraction"):
        return key if kind != "duration" else plural(key)
    if kind == "ratio":
        return "multiples"
    if kind == "age":
        return "ages"
    if kind == "rank":
        return "ranks"
    return plural(key)


def _title(fig: Figure, key: str) -> str:
    """ "USD", "USD per month", "percent change", "staff", "people per day"."""
    if fig.unit_kind in UNCHARTED_KINDS:
        return series_title(key, fig.unit_kind)
    base = key.removesuffix(" (change)")
    if fig.per:
        base = base.removesuffix(f" per {fig.per}")
    title = series_title(base, fig.unit_kind)
    if fig.per:
        title = f"{'numbers' if fig.unit is None else title} per {fig.per}"
    if fig.change != "level":
        title += " change"
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


def _series_kind(fig: Figure) -> SeriesKind | None:
    if fig.unit and fig.unit_kind in (None, "count") and counts_people(fig.unit):
        return "people"
    return fig.unit_kind


def series_rank(series: Series) -> tuple[int, int, bool, int, str]:
    """Sort key: the largest comparison first (see the module docstring); ages and ranks last."""
    if series.kind in UNCHARTED_KINDS:
        kind_rank = _NEVER_DEFAULT
    elif series.unit is None:
        kind_rank = _BARE_RANK
    else:
        kind_rank = _KIND_RANK.get(series.kind or "count", 3)
    derived = series.per is not None or series.diverging
    return (kind_rank == _NEVER_DEFAULT, -len(series.points), derived, kind_rank, series.title)


def claimant_of(fig: Figure, quotes: Sequence[Quote]) -> str | None:
    """Who claims a figure: the speaker of the quote whose content holds it, when that is a person
    or an organisation the article names ("according to figures published" names no one), or None."""
    return _Claims(quotes).of(fig)


class _Claims:
    """The named speakers of quotes by the content ranges they hold, looked up by bisection (an
    article of 100,000 words has thousands of figures and quotes)."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        ranges: list[tuple[int, int, str]] = []
        for q in quotes:
            named = q.speaker_name and (q.speaker_id or "").startswith(("person-", "org-"))
            name = q.speaker_name or ""
            if named and not is_junk_name(name):
                ranges.extend((s, e, name) for s, e in q.ranges())
        ranges.sort()
        self._ranges = ranges
        self._starts = [r[0] for r in ranges]
        self._reach = list(accumulate((r[1] for r in ranges), max))

    def of(self, fig: Figure) -> str | None:
        k = bisect_right(self._starts, fig.start)  # ranges starting at or before the figure
        while k > 0 and self._reach[k - 1] >= fig.end:
            s, e, name = self._ranges[k - 1]
            if s <= fig.start and fig.end <= e:
                return name
            k -= 1
        return None


@dataclass
class _Group:
    first: Figure
    points: list[Point]


def _groups(figures: Sequence[Figure], quotes: Sequence[Quote]) -> dict[str, _Group]:
    """Every figure but restatements, by comparison key; repeats folded into the first."""
    claims = _Claims(quotes)
    groups: dict[str, _Group] = {}
    seen: dict[
        tuple[str, float, float | None, str], int
    ] = {}  # (key, value, high, change) -> position in its group
    for i, fig in enumerate(figures):
        if fig.equivalent_of is not None:
            continue
        key = series_key(fig)
        group = groups.setdefault(key, _Group(fig, []))
        diverging = fig.change != "level"
        what = what_of(fig)
        same = (key, float(fig.value), fig.value_high, fig.change)
        if same in seen:
            j = seen[same]
            old = group.points[j]
            group.points[j] = replace(old, repeats=old.repeats + 1)
            continue
        seen[same] = len(group.points)
        who = claims.of(fig)
        value = -float(fig.value) if fig.change == "fall" else float(fig.value)
        group.points.append(
            Point(
                bar_label(fig, who, diverging=diverging),
                value if diverging else float(fig.value),
                fig.qualifier,
                i,
                fig.start,
                fig.end,
                0,
                what,
                value_label(fig, diverging=diverging),
                who,
            )
        )
    return groups


def chart_data(figures: Sequence[Figure], quotes: Sequence[Quote] = ()) -> tuple[list[Series], list[Single]]:
    """The comparisons (``chart_series``) and the single figures (``single_figures``) at once."""
    groups = _groups(figures, quotes)
    series = _comparisons(figures, groups)
    return series, _singles(figures, groups, series)


def chart_series(figures: Sequence[Figure], quotes: Sequence[Quote] = ()) -> list[Series]:
    """The comparisons: figures grouped by what they measure (two or more bars each), each point
    with its label, value, qualifier and source offsets; the default first."""
    return _comparisons(figures, _groups(figures, quotes))


def _comparisons(figures: Sequence[Figure], groups: dict[str, _Group]) -> list[Series]:
    out = []
    for key, group in groups.items():
        if len(group.points) < 2:
            continue
        first = group.first
        changes = {figures[p.figure_index].change for p in group.points}
        change = next(iter(changes)) if len(changes) == 1 else LEVEL
        out.append(
            Series(
                key,
                _title(first, key),
                first.unit,
                tuple(group.points),
                _series_kind(first),
                first.per,
                change,
                diverging=first.change != "level",
            )
        )
    out.sort(key=series_rank)
    return out


def single_figures(
    figures: Sequence[Figure], series: Sequence[Series] | None = None, quotes: Sequence[Quote] = ()
) -> list[Single]:
    """The figures no comparison holds (or none of ``series``), in text order (restatements and
    repeats left out): the list under the chart."""
    groups = _groups(figures, quotes)
    return _singles(figures, groups, series if series is not None else _comparisons(figures, groups))


def _singles(figures: Sequence[Figure], groups: dict[str, _Group], series: Sequence[Series]) -> list[Single]:
    charted = {p.figure_index for s in series for p in s.points}
    out = []
    for group in groups.values():
        for p in group.points:
            if p.figure_index not in charted:
                kind = figures[p.figure_index].unit_kind
                label = point_text(p)
                out.append(
                    Single(label[:1].upper() + label[1:], p.figure_index, p.start, p.end, kind, p.repeats)
                )
    out.sort(key=lambda s: s.start)
    return out


def default_series(series: Sequence[Series]) -> Series | None:
    """The comparison a chart shows first: the largest (see ``series_rank``); None when there is
    none, or only ages and ranks (the list is shown alone)."""
    if not series or series[0].kind in UNCHARTED_KINDS:
        return None
    return series[0]


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


def tick_text(value: float, series: Series | None = None) -> str:
    """An axis tick: the number with its scale glued ("40M", "2.5bn", "300k", "−5"), a currency's
    sign before it ("$40M"), a percentage's "%" after it; never a unit that reads as another."""
    sign = MINUS if value < 0 else ""
    v = abs(value)
    text = None
    for scale, suffix in _TICK_SCALES:
        if v >= scale and not (suffix == "k" and v < 1e4):
            text = f"{v / scale:,.2f}".rstrip("0").rstrip(".") + suffix
            break
    if text is None:
        text = format_number(round(v, 9))
    if series is not None and series.kind == "currency" and series.unit in CURRENCY_SIGNS:
        text = CURRENCY_SIGNS[series.unit] + text
    elif series is not None and series.unit == "%":
        text += "%"
    return sign + text


def axis_label(series: Series, log: bool) -> str:
    """The value axis' title: what is compared and its unit, and the scale when it is not linear."""
    title = series.title
    if series.kind == "physical" and series.unit and series.unit not in title:
        title = f"{title} ({series.unit})"
    return f"{title} (log scale)" if log else title


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many of the figures found a chart shows, and why the others are not charted."""

    found: int  # figures given
    charted: int  # figures behind the bars drawn (repeats included)
    bars: int
    other_units: int  # figures in comparisons not drawn, or listed under the chart
    conversions: int  # restating another figure
    smaller: int  # left out by the bar limit (the largest are charted)

    @property
    def not_charted(self) -> int:
        return self.found - self.charted

    def reasons(self) -> str:
        """Why figures are not charted: "listed below" (one reason), or with counts when there
        are several ("5 listed below, 1 conversion, 2 smaller values")."""
        parts = [
            (self.other_units, "listed below", "listed below", "listed below"),
            (self.conversions, "a conversion", "conversion", "conversions"),
            (self.smaller, "a smaller value", "smaller value", "smaller values"),
        ]
        parts = [part for part in parts if part[0]]
        if len(parts) == 1:
            n, alone, _one, many = parts[0]
            return alone if n == 1 else many
        return ", ".join(f"{n} {one if n == 1 else many}" for n, _alone, one, many in parts)

    def note(self) -> str:
        """The caption's explanation ("2 not charted: listed below"); "" if all are charted."""
        return f"{self.not_charted} not charted: {self.reasons()}" if self.not_charted else ""


def coverage(figures: Sequence[Figure], charted: Sequence[tuple[Series, Sequence[Point]]]) -> Coverage:
    """``charted``: each series drawn with the points drawn of it (``chart_points``)."""
    conversions = sum(1 for f in figures if f.equivalent_of is not None)
    shown = sum(1 + p.repeats for _s, points in charted for p in points)
    smaller = sum(s.figures for s, _p in charted) - shown
    other = len(figures) - conversions - shown - smaller
    return Coverage(len(figures), shown, sum(len(p) for _s, p in charted), other, conversions, smaller)
