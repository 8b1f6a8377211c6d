"""Chart data for the figures (Qt-free): figures grouped into series of one unit each.

Interface used by the window and the exports (keep these names):
``chart_series(figures) -> list[Series]``; ``Series(key, title, unit, points)``;
``Point(label, value, qualifier, figure_index, start, end)``; ``format_figure(fig) -> str``.
(Placeholder implementation; the figures work refines it.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.model import Figure


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


def format_figure(fig: Figure) -> str:
    value = f"{fig.value:,.0f}" if float(fig.value).is_integer() else f"{fig.value:,}"
    qual = f"{fig.qualifier} " if fig.qualifier else ""
    unit = f" {fig.unit}" if fig.unit else ""
    return f"{qual}{value}{unit}"


def chart_series(figures: Sequence[Figure]) -> list[Series]:
    groups: dict[str, list[Point]] = {}
    for i, fig in enumerate(figures):
        key = fig.unit or "(count)"
        groups.setdefault(key, []).append(
            Point(format_figure(fig), fig.value, fig.qualifier, i, fig.start, fig.end)
        )
    out = [Series(k, k, None if k == "(count)" else k, tuple(v)) for k, v in groups.items()]
    out.sort(key=lambda s: -len(s.points))
    return out
