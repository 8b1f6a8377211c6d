"""Chart data (Qt-free): series by unit, point labels, offsets, display format, the default
series, repeats, the log scale and the bars shared by the window and the exports."""

from __future__ import annotations

from reader.core.model import Analysis, Article, Figure
from reader.report import document
from reader.report.chart import (
    COUNT_KEY,
    LABEL_MAX,
    MAX_BARS,
    bar_label,
    chart_points,
    chart_series,
    counts_people,
    coverage,
    default_series,
    format_figure,
    log_ticks,
    plural,
    point_text,
    use_log_scale,
)
from reader.report.export import ExportOptions
from reader.report.html import render_html


def fig(
    text,
    value,
    unit=None,
    kind=None,
    qualifier=None,
    start=0,
    high=None,
    equivalent_of=None,
    per=None,
    change="level",
    of=None,
):
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
        per=per,
        change=change,
        of=of,
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


def test_chart_data_series_group_by_unit_money_first():
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
    assert keys[0] == "USD"  # money, two distinct values, beats the unit with more bars
    assert keys[1] == "allegation"
    assert set(keys) == {"allegation", "USD", "EUR", COUNT_KEY}
    alleg = series[1]
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


def test_chart_data_rate_is_not_an_amount():
    figs = [
        fig("$48 million", 48e6, "USD", "currency", start=0),
        fig("$4", 4, "USD", "currency", start=20, per="month"),
        fig("$12 million", 12e6, "USD", "currency", start=40),
        fig("$9", 9, "USD", "currency", start=60, per="month"),
    ]
    series = {s.key: s for s in chart_series(figs)}
    assert set(series) == {"USD", "USD per month"}
    assert [p.figure_index for p in series["USD"].points] == [0, 2]
    assert [p.figure_index for p in series["USD per month"].points] == [1, 3]
    rate = series["USD per month"]
    assert (rate.title, rate.unit, rate.per) == ("USD per month", "USD", "month")
    assert rate.points[0].label == "$4 per month"
    assert chart_series(figs)[0].key == "USD"  # the amounts stay the default chart


def test_chart_data_change_is_not_a_level():
    figs = [
        fig("6%", 6, "%", "percent", start=0),
        fig("6%", 6, "%", "percent", start=10, change="rise"),
        fig("40%", 40, "%", "percent", start=20),
        fig("2%", 2, "%", "percent", start=30, change="fall"),
        fig("3%", 3, "%", "percent", start=40, change="rise"),
    ]
    series = {s.key: s for s in chart_series(figs)}
    assert set(series) == {"%", "% (rise)", "% (fall)"}
    assert [p.figure_index for p in series["%"].points] == [0, 2]
    assert series["%"].repeats == 0  # the rise of 6% is not a repeat of the level 6%
    assert [p.figure_index for p in series["% (rise)"].points] == [1, 4]
    assert [p.figure_index for p in series["% (fall)"].points] == [3]
    assert series["% (rise)"].title == "percent (rise)"
    assert series["% (fall)"].title == "percent (fall)"
    assert all(p.value > 0 for s in series.values() for p in s.points)


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


def _unit(unit, kind, values, start=0):
    return [fig(f"{v} {unit}", v, unit, kind, start=start + 30 * i) for i, v in enumerate(values)]


def test_chart_data_default_is_money_not_the_unit_with_most_bars():
    figs = _unit("allegation", "count", [1, 2, 3, 4, 5, 6]) + _unit("USD", "currency", [5e6, 2e9], 500)
    series = chart_series(figs)
    assert default_series(series).key == "USD"
    assert [s.key for s in series] == ["USD", "allegation"]


def test_chart_data_default_order_money_percent_people_counts():
    figs = (
        _unit("home", "count", [600, 85, 40, 12])
        + _unit("voter", "count", [1200, 300], 200)
        + _unit("%", "percent", [95, 30], 400)
        + _unit("EUR", "currency", [4e6, 9e6], 600)
        + _unit("km", "physical", [3, 12, 40, 2], 800)
        + [fig("17", 17, start=1000), fig("4", 4, start=1010), fig("9", 9, start=1020)]
    )
    assert [s.key for s in chart_series(figs)] == ["EUR", "%", "voter", "home", "km", COUNT_KEY]
    assert chart_series(figs)[2].kind == "people"


def test_chart_data_people_vocabulary():
    people = ("people", "person", "voter", "residents", "worker", "jobs", "Daesh fighter", "asylum seekers")
    for unit in (*people, "casualties"):
        assert counts_people(unit), unit
    for unit in ("air raid", "allegation", "home", "power center", None, ""):
        assert not counts_people(unit), unit


def test_chart_data_series_with_one_distinct_value_is_not_default():
    figs = [
        fig("$48 million", 48e6, "USD", "currency", start=0),
        fig("$48 million", 48e6, "USD", "currency", start=100),  # the headline repeated
        fig("120 allegations", 120, "allegation", "count", start=200),
        fig("33 allegations", 33, "allegation", "count", start=300),
    ]
    series = chart_series(figs)
    assert default_series(series).key == "allegation"
    usd = next(s for s in series if s.key == "USD")
    assert not usd.comparable and usd.distinct == 1
    # with nothing comparable, money still comes first
    assert chart_series(figs[:2] + figs[2:3])[0].key == "USD"
    assert default_series([]) is None


def test_chart_data_label_says_what_money_is_for():
    claims = fig("nearly $11 million", 11e6, "USD", "currency", "nearly", of="claims")
    barrier = fig("$48 million", 48e6, "USD", "currency", start=40, of="flood barrier")
    usd = chart_series([claims, barrier])[0]
    assert [p.label for p in usd.points] == ["~ $11 m for claims", "$48 m for flood barrier"]
    assert bar_label(fig("$4", 4, "USD", "currency")) == "$4"  # nothing said: the figure alone
    long = bar_label(fig("$48 million", 48e6, "USD", "currency", of="flood defence barrier walls"))
    assert long == "$48 m for flood defence bar…" and len(long) == LABEL_MAX
    assert format_figure(claims) == "~ $11 m"  # the highlight's label is unchanged


def test_chart_data_repeated_figure_is_one_bar():
    figs = [
        fig("$48 million", 48e6, "USD", "currency", start=0),
        fig("nearly $11 million", 11e6, "USD", "currency", "nearly", start=40),
        fig("about $48 million", 48e6, "USD", "currency", "about", start=80),  # same value, same unit
        fig("$48 million", 48e6, "USD", "currency", start=120),
        fig("48 million euros", 48e6, "EUR", "currency", start=160),  # another unit: not a repeat
        fig("$48-50 million", 48e6, "USD", "currency", start=200, high=50e6),  # a range: not a repeat
    ]
    series = chart_series(figs)
    usd = next(s for s in series if s.key == "USD")
    assert [p.figure_index for p in usd.points] == [0, 1, 5]  # the first occurrence is kept
    first = usd.points[0]
    assert (first.start, first.repeats, first.label) == (0, 2, "$48 m")
    assert usd.repeats == 2 and usd.figures == 5
    assert point_text(first) == "$48 m · 3 times"
    assert point_text(usd.points[1]) == "~ $11 m"
    twice = chart_series(figs[:1] + figs[3:4])[0].points[0]
    assert point_text(twice) == "$48 m · twice"
    # the repeats are charted (in the bar), so none is counted as not charted
    cover = coverage(figs, [(usd, usd.points)])
    assert (cover.found, cover.charted, cover.bars, cover.not_charted) == (6, 5, 3, 1)
    assert cover.note() == "1 not charted: another unit"


def test_chart_data_log_scale_when_values_span_more_than_two_orders():
    assert use_log_scale([4, 1.5e6, 48e6])
    assert use_log_scale([1, 101])
    assert not use_log_scale([1, 100])  # exactly two orders of magnitude
    assert not use_log_scale([120, 33])
    assert not use_log_scale([0, 5, 5000])  # zero has no logarithm
    assert not use_log_scale([-3, 5000])
    assert not use_log_scale([5000])
    assert log_ticks(4, 48e6) == [1, 100, 10_000, 1e6, 1e8]  # every other decade
    assert log_ticks(10, 5000) == [1, 10, 100, 1000, 10_000]


def test_chart_data_coverage_says_why_figures_are_not_charted():
    figs = [
        fig("nearly $6 billion", 6e9, "USD", "currency", "nearly", start=0),
        fig("5.2 billion euros", 5.2e9, "EUR", "currency", start=20, equivalent_of=0),
        fig("120 allegations", 120, "allegation", "count", start=40),
        fig("at least 33", 33, "allegation", "count", "at least", start=60),
        fig("two power centers", 2, "power center", "count", start=80),
    ]
    series = chart_series(figs)
    alleg = default_series(series)
    assert alleg.key == "allegation"
    cover = coverage(figs, [(alleg, chart_points(alleg))])
    assert (cover.charted, cover.other_units, cover.conversions, cover.smaller) == (2, 2, 1, 0)
    assert cover.note() == "3 not charted: 2 other units, 1 conversion"
    everything = coverage(figs, [(s, chart_points(s)) for s in series])
    assert everything.note() == "1 not charted: a conversion"
    only_units = coverage(figs[2:], [(alleg, alleg.points)])
    assert only_units.note() == "1 not charted: another unit"


def test_chart_data_chart_points_are_the_largest_in_text_order():
    values = [float(v) for v in range(1, MAX_BARS + 11)]  # 30 values, 1..30
    series = chart_series(_unit("allegation", "count", values))[0]
    points = chart_points(series)
    assert len(points) == MAX_BARS
    assert [p.value for p in points] == values[10:]  # the 20 largest, in text order
    assert chart_points(series, limit=3) == series.points[-3:]
    small = chart_series(_unit("allegation", "count", [3, 1, 2]))[0]
    assert chart_points(small) == small.points
    cover = coverage(series.points and _unit("allegation", "count", values), [(series, points)])
    assert cover.note() == "10 not charted: smaller values"


def test_chart_data_window_and_exports_share_the_series_and_bars():
    text = "x" * 2000
    figs = tuple(
        _unit("allegation", "count", [float(v) for v in range(1, 31)])
        + _unit("USD", "currency", [4.0, 11e6, 48e6, 1.5e6], 1000)
        + [fig("$48 million", 48e6, "USD", "currency", start=1500)]
    )
    analysis = Analysis(Article(text), figures=figs)
    content = document.build_content(analysis, ExportOptions())
    panels = [p for c in content.charts for p in c.panels]
    series = chart_series(figs)
    assert [p.series for p in panels] == series  # the same series, the default first
    assert panels[0].series.key == "USD"
    for panel, s in zip(panels, series, strict=True):
        assert panel.points == chart_points(s)
    assert panels[1].omitted == 10
    # the same log-scale decision as the window: $4 to $48 m
    usd = panels[0]
    assert usd.log_scale and not panels[1].log_scale
    assert usd.title == "USD (log scale)"
    assert panels[1].title == "allegations (largest 20 of 30)"
    zero, spans = usd.bars(100.0, 300.0)
    assert zero == 100.0
    assert [round(right) for _left, right in spans] == [124, 375, 400, 341]  # $4 still shows
    html = render_html(content, chart="svg")
    assert "$48 m · twice" in html
    assert "10 figures are in the table but not in the charts: smaller values." in html


def test_a_fraction_reads_as_a_fraction():
    from reader.core.model import Figure
    from reader.report.chart import format_figure

    third = Figure(
        text="roughly a third", start=0, end=15, value=1 / 3, unit="fraction", unit_kind="fraction"
    )
    assert format_figure(third) == "1/3"
    mixed = Figure(text="two and a half", start=0, end=14, value=2.5, unit="fraction", unit_kind="fraction")
    assert format_figure(mixed) == "2 1/2"
