"""Chart data for the figures (Qt-free): figures grouped into series of one unit each.

Interface used by the window and the exports (keep these names):
``chart_series(figures) -> list[Series]``; ``Series(key, title, unit, points)``;
``Point(label, value, qualifier, figure_index, start, end)``; ``format_figure(fig) -> str``.

Series group figures by their unit only: no currency conversion and no unit conversion is
assumed, so "USD" and "EUR" are two series, as are "km" and "mi". Figures without a unit
(a bare count) form one series of their own. A figure that restates another (a conversion
in parentheses) is left out of the chart, since plotting it would count the amount twice.
Series are sorted largest first (most points), then by title; points keep text order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.model import Figure

COUNT_KEY = "(count)"

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


@dataclass(frozen=True, slots=True)
class Point:
    label: str  # e.g. "> 10,000 air raids"
    value: float
    qualifier: str | None
    figure_index: int  # index into Analysis.figures
    start: int  # source offsets, to jump to the text
    end: int


@dataclass(frozen=True, slots=True)
class Series:
    key: str  # the unit key, stable
    title: str  # e.g. "air raids", "USD"
    unit: str | None
    points: tuple[Point, ...]


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
    """A figure for display: "> 10,000 air raids", "~ $6 bn", "5.2 bn EUR", "≥ 25,000 fighters".

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
    else:
        body = f"{value} {plural(unit, fig.value if fig.value_high is None else None)}"
    if fig.qualifier:
        qual = QUALIFIER_SIGNS.get(fig.qualifier, fig.qualifier) if signs else fig.qualifier
        return f"{qual} {body}"
    return body


def series_key(fig: Figure) -> str:
    return fig.unit or COUNT_KEY


def series_title(key: str, kind: str | None) -> str:
    if key == COUNT_KEY:
        return "counts (no unit)"
    if kind == "percent" and key == "%":
        return "percent"
    if kind in ("currency", "physical"):
        return key
    return plural(key)


def chart_series(figures: Sequence[Figure]) -> list[Series]:
    """Figures grouped by unit, each point with its label, value, qualifier and source offsets."""
    groups: dict[str, list[Point]] = {}
    kinds: dict[str, str | None] = {}
    for i, fig in enumerate(figures):
        if fig.equivalent_of is not None:
            continue
        key = series_key(fig)
        kinds.setdefault(key, fig.unit_kind)
        groups.setdefault(key, []).append(
            Point(format_figure(fig), float(fig.value), fig.qualifier, i, fig.start, fig.end)
        )
    out = [
        Series(key, series_title(key, kinds[key]), None if key == COUNT_KEY else key, tuple(points))
        for key, points in groups.items()
    ]
    out.sort(key=lambda s: (-len(s.points), s.key == COUNT_KEY, s.title))
    return out
