"""Chart data (Qt-free): series by unit, point labels, offsets, display format."""

from __future__ import annotations

from reader.core.model import Figure
from reader.report.chart import COUNT_KEY, chart_series, format_figure, plural


def fig(text, value, unit=None, kind=None, qualifier=None, start=0, high=None, equivalent_of=None):
    return Figure(
        text=text,
        start=start,
        end=start + len(text),
        value=value,
        unit=unit,
        qualifier=qualifier,
        value_high=high,
        unit_kind=kind,
        equivalent_of=equivalent_of,
    )


def test_chart_data_format_figure_labels():
    assert format_figure(fig("more than 10,000 air raids", 10_000, "air raid", "count", "more than")) == (
        "> 10,000 air raids"
    )
    assert format_figure(fig("nearly $6 billion", 6e9, "USD", "currency", "nearly")) == "~ $6 bn"
    assert format_figure(fig("at least 25,000 fighters", 25_000, "fighter", "count", "at least")) == (
        "≥ 25,000 fighters"
    )
    assert format_figure(fig("5.2 billion euros", 5.2e9, "EUR", "currency")) == "€5.2 bn"
    assert format_figure(fig("40 percent", 40, "%", "percent", "up to")) == "≤ 40%"
    assert format_figure(fig("26.2 miles", 26.2, "mi", "physical")) == "26.2 mi"
    assert format_figure(fig("one soldier", 1, "soldier", "count")) == "1 soldier"
    assert format_figure(fig("300 yuan", 300, "CNY", "currency")) == "300 CNY"
    assert format_figure(fig("10-20 km", 10, "km", "physical", high=20)) == "10–20 km"
    assert format_figure(fig("17", 17)) == "17"


def test_chart_data_format_figure_in_words():
    f = fig("more than 10,000 air raids", 10_000, "air raid", "count", "more than")
    assert format_figure(f, signs=False) == "more than 10,000 air raids"


def test_chart_data_plural():
    assert plural("air raid") == "air raids"
    assert plural("casualty") == "casualties"
    assert plural("people") == "people"
    assert plural("power center", 1) == "power center"
    assert plural("box") == "boxes"


def test_chart_data_series_group_by_unit_largest_first():
    figs = [
        fig("$6 billion", 6e9, "USD", "currency", start=0),
        fig("120 allegations", 120, "allegation", "count", start=20),
        fig("at least 33", 33, "allegation", "count", "at least", start=40),
        fig("€5 billion", 5e9, "EUR", "currency", start=60),
        fig("17", 17, start=80),
        fig("$2 million", 2e6, "USD", "currency", start=90),
        fig("8 allegations", 8, "allegation", "count", start=100),
    ]
    series = chart_series(figs)
    keys = [s.key for s in series]
    assert keys[0] == "allegation"
    assert keys[1] == "USD"
    assert set(keys) == {"allegation", "USD", "EUR", COUNT_KEY}
    alleg = series[0]
    assert alleg.title == "allegations"
    assert [p.figure_index for p in alleg.points] == [1, 2, 6]
    assert [p.value for p in alleg.points] == [120, 33, 8]
    assert alleg.points[1].qualifier == "at least"
    assert alleg.points[1].label == "≥ 33 allegations"
    assert (alleg.points[1].start, alleg.points[1].end) == (40, 51)
    count = next(s for s in series if s.key == COUNT_KEY)
    assert count.unit is None


def test_chart_data_no_currency_conversion_and_no_double_counting():
    figs = [
        fig("nearly $6 billion", 6e9, "USD", "currency", "nearly", start=0),
        fig("5.2 billion euros", 5.2e9, "EUR", "currency", start=20, equivalent_of=0),
    ]
    series = chart_series(figs)
    assert [s.key for s in series] == ["USD"]
    assert series[0].points[0].label == "~ $6 bn"


def test_chart_data_seed_points_jump_to_the_text(seed_analysis):
    text = seed_analysis.article.text
    series = chart_series(seed_analysis.figures)
    assert series
    for s in series:
        for p in s.points:
            f = seed_analysis.figures[p.figure_index]
            assert text[p.start : p.end] == f.text
            assert p.value == f.value
    labels = {p.label for s in series for p in s.points}
    assert "> 10,000 air raids" in labels
    assert "~ $6 bn" in labels
    assert "≥ 25,000 fighters" in labels
    assert len(series) == len({s.key for s in series})
