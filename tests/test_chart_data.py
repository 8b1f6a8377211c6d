"""Chart data (Qt-free): comparisons of what figures measure, diverging changes, labels that say
what a bar measures and who claims it, single figures listed, the default comparison, repeats,
ticks, the log scale and the bars shared by the window and the exports."""

from __future__ import annotations

from reader.core.model import Analysis, Article, Figure
from reader.report import document
from reader.report.chart import (
    COUNT_KEY,
    LABEL_MAX,
    MAX_BARS,
    Series,
    bar_label,
    chart_points,
    chart_series,
    claimant_of,
    counts_people,
    coverage,
    default_series,
    format_figure,
    log_ticks,
    plural,
    point_text,
    single_figures,
    tick_text,
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


def test_chart_data_comparisons_group_what_is_measured_in_one_unit():
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
    assert keys == ["allegation", "USD"]  # the largest comparison first; EUR and 17 stand alone
    alleg = series[0]
    assert alleg.title == "allegations"
    assert [p.figure_index for p in alleg.points] == [1, 2, 6]
    assert [p.value for p in alleg.points] == [120, 33, 8]
    assert alleg.points[1].qualifier == "at least"
    assert alleg.points[1].label == "allegations ≥ 33"
    assert (alleg.points[1].start, alleg.points[1].end) == (40, 51)
    singles = single_figures(figs, series)
    assert [s.figure_index for s in singles] == [3, 4]
    assert [s.label for s in singles] == ["€5 bn", "17"]


def test_chart_data_counts_of_one_thing_are_one_comparison_labelled_each_by_its_noun():
    figs = [
        fig("67,000 research staff", 67_000, "research staff", "count", start=0),
        fig("30,000 teaching staff", 30_000, "teaching staff", "count", start=40),
        fig("69,000 staff", 69_000, "staff", "count", start=80),
    ]
    [staff] = chart_series(figs)
    assert (staff.key, staff.title, staff.kind) == ("staff", "staff", "people")
    assert [p.label for p in staff.points] == [
        "research staff 67,000",
        "teaching staff 30,000",
        "staff 69,000",
    ]


def test_chart_data_rises_and_falls_are_one_diverging_comparison_labelled_by_concept():
    figs = [
        fig("16.1%", 16.1, "%", "percent", start=0, change="fall", of="atypical contracts"),
        fig("21.9%", 21.9, "%", "percent", start=20, change="rise", of="open-ended contracts"),
        fig("40%", 40, "%", "percent", start=40),
        fig("6%", 6, "%", "percent", start=60),
    ]
    series = {s.key: s for s in chart_series(figs)}
    assert set(series) == {"%", "% (change)"}
    change = series["% (change)"]
    assert change.diverging and change.title == "percent change"
    assert [p.value for p in change.points] == [-16.1, 21.9]  # the fall left of zero
    assert [p.label for p in change.points] == ["atypical contracts −16.1%", "open-ended contracts +21.9%"]
    assert not series["%"].diverging and all(p.value > 0 for p in series["%"].points)


def test_chart_data_a_single_figure_is_listed_not_charted():
    figs = [
        fig("16.1%", 16.1, "%", "percent", start=0, change="fall", of="atypical contracts"),
        fig("two months", 2, "month", "duration", start=20),
        fig("$48 million", 48e6, "USD", "currency", start=40, of="flood barrier"),
    ]
    assert chart_series(figs) == []
    assert default_series(chart_series(figs)) is None
    assert [s.label for s in single_figures(figs)] == [
        "Atypical contracts −16.1%",
        "2 months",
        "Flood barrier $48 m",
    ]


def test_chart_data_no_currency_conversion_and_no_double_counting():
    figs = [
        fig("nearly $6 billion", 6e9, "USD", "currency", "nearly", start=0),
        fig("5.2 billion euros", 5.2e9, "EUR", "currency", start=20, equivalent_of=0),
        fig("$2 billion", 2e9, "USD", "currency", start=40),
    ]
    series = chart_series(figs)
    assert [s.key for s in series] == ["USD"]
    assert series[0].points[0].label == "~ $6 bn"
    assert single_figures(figs, series) == []  # the conversion is neither charted nor listed


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


def test_chart_data_ages_and_ranks_are_never_the_default():
    figs = [
        fig("a 54-year-old", 54, "year", "age", start=0),
        fig("71", 71, "year", "age", start=20),
        fig("48", 48, "year", "age", start=40),
        fig("$4 million", 4e6, "USD", "currency", start=60),
        fig("$9 million", 9e6, "USD", "currency", start=80),
    ]
    series = chart_series(figs)
    assert [s.key for s in series] == ["USD", "age"]
    assert default_series(series).key == "USD"
    assert default_series(chart_series(figs[:3])) is None  # only ages: the list alone by default
    assert series[1].points[0].label == "aged 54"


def test_chart_data_seed_points_jump_to_the_text(seed_analysis):
    text = seed_analysis.article.text
    figures = seed_analysis.figures
    series = chart_series(figures, seed_analysis.quotes)
    singles = single_figures(figures, series, seed_analysis.quotes)
    for s in series:
        for p in s.points:
            f = figures[p.figure_index]
            assert text[p.start : p.end] == f.text
            assert p.value == f.value
    for single in singles:
        assert text[single.start : single.end] == figures[single.figure_index].text
    labels = [p.label for s in series for p in s.points] + [s.label for s in singles]
    assert any("air raids > 10,000" in label.lower() for label in labels)
    assert any("~ $6 bn" in label for label in labels)
    assert len(series) == len({s.key for s in series})
    assert all(len(s.points) >= 2 for s in series)


def _unit(unit, kind, values, start=0):
    return [fig(f"{v} {unit}", v, unit, kind, start=start + 30 * i) for i, v in enumerate(values)]


def test_chart_data_default_is_the_largest_comparison():
    figs = _unit("allegation", "count", [1, 2, 3, 4, 5, 6]) + _unit("USD", "currency", [5e6, 2e9], 500)
    series = chart_series(figs)
    assert default_series(series).key == "allegation"
    assert [s.key for s in series] == ["allegation", "USD"]


def test_chart_data_ties_go_money_percent_people_counts():
    figs = (
        _unit("home", "count", [600, 85])
        + _unit("voter", "count", [1200, 300], 200)
        + _unit("%", "percent", [95, 30], 400)
        + _unit("EUR", "currency", [4e6, 9e6], 600)
        + _unit("km", "physical", [3, 12], 800)
        + [fig("17", 17, start=1000), fig("4", 4, start=1010)]
    )
    assert [s.key for s in chart_series(figs)] == ["EUR", "%", "voter", "home", "km", COUNT_KEY]
    assert chart_series(figs)[2].kind == "people"


def test_chart_data_people_vocabulary():
    people = ("people", "person", "voter", "residents", "worker", "jobs", "Daesh fighter", "asylum seekers")
    for unit in (*people, "casualties"):
        assert counts_people(unit), unit
    for unit in ("air raid", "allegation", "home", "power center", None, ""):
        assert not counts_people(unit), unit


def test_chart_data_label_says_what_is_measured_and_who_claims_it():
    claims = fig("nearly $11 million", 11e6, "USD", "currency", "nearly", of="claims")
    barrier = fig("$48 million", 48e6, "USD", "currency", start=40, of="flood barrier")
    usd = chart_series([claims, barrier])[0]
    assert [p.label for p in usd.points] == ["claims ~ $11 m", "flood barrier $48 m"]
    assert bar_label(fig("$4", 4, "USD", "currency")) == "$4"  # nothing said: the figure alone
    assert bar_label(barrier, "Jane Smith") == "flood barrier $48 m (Jane Smith)"
    long = bar_label(fig("$48 million", 48e6, "USD", "currency", of="x" * 80))
    assert long.endswith("… $48 m") and len(long) <= LABEL_MAX  # what is cut, never the value
    assert format_figure(claims) == "~ $11 m"  # the highlight's label is unchanged
    assert bar_label(fig("2/3", 2 / 3, "fraction", "fraction", of="voters")) == "voters 2/3"


def test_chart_data_claimant_is_a_named_speaker_of_the_quote_holding_the_figure():
    from reader.core.model import Quote

    figure = fig("$48 million", 48e6, "USD", "currency", start=50, of="flood barrier")
    named = Quote("x" * 60, 40, 100, "direct", speaker_name="Jane Smith", speaker_id="person-jane-smith")
    unnamed = Quote("x" * 60, 40, 100, "indirect", speaker_name="figures", speaker_id="speaker-figures")
    elsewhere = Quote("x" * 10, 200, 210, "direct", speaker_name="Jane Smith", speaker_id="person-jane-smith")
    assert claimant_of(figure, [elsewhere, named]) == "Jane Smith"
    assert claimant_of(figure, [unnamed]) is None


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
    twice = chart_series(figs[:1] + figs[3:4] + figs[1:2])[0].points[0]
    assert point_text(twice) == "$48 m · twice"
    # the repeats are charted (in the bar), so none is counted as not charted
    cover = coverage(figs, [(usd, usd.points)])
    assert (cover.found, cover.charted, cover.bars, cover.not_charted) == (6, 5, 3, 1)
    assert cover.note() == "1 not charted: listed below"


def test_chart_data_ticks_carry_their_scale_and_never_read_as_a_unit():
    tonnes = Series("t", "t", "t", (), "physical")
    assert tick_text(40e6, tonnes) == "40M"  # never "40 m" beside "t"
    assert tick_text(2.5e9) == "2.5bn"
    assert tick_text(300_000) == "300k"
    assert tick_text(5_000) == "5,000"
    assert tick_text(-5) == "−5"
    assert tick_text(40e6, Series("USD", "USD", "USD", (), "currency")) == "$40M"
    assert tick_text(15, Series("%", "percent", "%", (), "percent")) == "15%"


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
    assert cover.note() == "3 not charted: 2 listed below, 1 conversion"


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
    assert [p.series for p in panels] == series  # the same comparisons, the default first
    assert panels[0].series.key == "allegation"
    for panel, s in zip(panels, series, strict=True):
        assert panel.points == chart_points(s)
    assert panels[0].omitted == 10
    # the same log-scale decision as the window: $4 to $48 m
    usd = panels[1]
    assert usd.log_scale and not panels[0].log_scale
    assert usd.title == "USD (log scale)"
    assert panels[0].title == "allegations (largest 20 of 30)"
    zero, spans = usd.bars(100.0, 300.0)
    assert zero == 100.0
    rights = [right for _left, right in spans]
    assert 100 < rights[0] < rights[3] < rights[1] < rights[2] <= 100 + 300 - document.CHART_VALUE_W
    html = render_html(content, chart="svg")
    assert ">twice<" in html and ">$48 m<" in html  # the label line says how often, the bar its value
    assert "In the table but not in the charts: 10 smaller values." in html


def _export(figs, text_len=2000):
    analysis = Analysis(Article("x" * text_len), figures=tuple(figs))
    return document.build_content(analysis, ExportOptions())


def test_chart_data_export_has_no_one_bar_panel_and_lists_single_figures():
    figs = [
        fig("16.1%", 16.1, "%", "percent", start=0, change="fall", of="atypical contracts"),
        fig("67,000 research staff", 67_000, "research staff", "count", start=20),
        fig("30,000 teaching staff", 30_000, "teaching staff", "count", start=60),
        fig("two-thirds", 2 / 3, "fraction", "fraction", start=100, of="voters"),
    ]
    content = _export(figs)
    panels = [p for c in content.charts for p in c.panels]
    assert [p.series.key for p in panels] == ["staff"]
    assert all(len(p.points) >= 2 for p in panels)
    assert [s.label for s in content.singles] == ["Atypical contracts −16.1%", "Voters 2/3"]
    html = render_html(content, chart="svg")
    assert "Single figures</b>" in html and "Voters 2/3" in html
    assert "0.6666" not in html  # a fraction as written, never its decimals


def test_chart_data_export_labels_stay_within_the_chart_and_values_are_as_written():
    long_what = "the number of people employed on short fixed-term research contracts in the sector"
    figs = [
        fig("498 billion", 498e9, "USD", "currency", start=0, of=long_what),
        fig("3 billion", 3e9, "USD", "currency", start=40, of="a much smaller programme of grants"),
        fig("21.9%", 21.9, "%", "percent", start=80, change="rise", of="open-ended contracts"),
        fig("16.1%", 16.1, "%", "percent", start=120, change="fall", of="atypical contracts"),
    ]
    content = _export(figs)
    width = document.CHART_WIDTH - 2 * document.CHART_PAD
    for chart in content.charts:
        for panel in chart.panels:
            rows = panel.rows()
            _zero, spans = panel.bars(document.CHART_PAD, width)
            for row, (left, right) in zip(rows, spans, strict=True):
                for line in row.lines:  # whole lines, each narrower than the chart
                    assert len(line) * document.CHART_CHAR_W <= width
                assert " ".join(row.lines).replace("… ", "…") in point_text(row.point) or row.lines
                # the value fits beside the bar, inside the chart
                if row.point.value < 0:
                    assert left - document.CHART_VALUE_W >= document.CHART_PAD - 0.01
                else:
                    assert right + document.CHART_VALUE_W <= document.CHART_PAD + width + 0.01
            assert panel.y + panel.height <= chart.height
    change = next(p for c in content.charts for p in c.panels if p.series.diverging)
    assert [p.value_text for p in change.points] == ["+21.9%", "−16.1%"]
    usd = next(p for c in content.charts for p in c.panels if p.series.key == "USD")
    assert [p.value_text for p in usd.points] == ["$498 bn", "$3 bn"]  # never "498,000,000,00("


def test_a_fraction_reads_as_a_fraction():
    from reader.core.model import Figure
    from reader.report.chart import format_figure

    third = Figure(
        text="roughly a third", start=0, end=15, value=1 / 3, unit="fraction", unit_kind="fraction"
    )
    assert format_figure(third) == "1/3"
    mixed = Figure(text="two and a half", start=0, end=14, value=2.5, unit="fraction", unit_kind="fraction")
    assert format_figure(mixed) == "2 1/2"
