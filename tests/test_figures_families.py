"""Figure families of issue 14: glued units, fractions, spaced thousands, scales, ranges with units,
negative values, one of a unit, index levels; and what still is not a figure."""

from __future__ import annotations

import pytest
from _figures import figures_of, one

from reader.nlp.figures.noise import trailer_ranges
from reader.nlp.figures.numbers import parse_digits, parse_fraction
from reader.nlp.figures.units import glued_unit


def overlapping(nlp, text: str, fragment: str):
    i = text.index(fragment)
    return [f for f in figures_of(nlp, text) if f.start < i + len(fragment) and i < f.end]


# -- units glued to the number ------------------------------------------------------------------

GLUED = [
    ("The boiler is rated at 5kW.", "5kW", 5, "kW", "physical"),
    ("Broadband speeds reach 30Mbps in the town.", "30Mbps", 30, "Mbps", "physical"),
    ("The chip runs at 2.4GHz on battery.", "2.4GHz", 2.4, "GHz", "physical"),
    ("Growth was 1.38pc last year.", "1.38pc", 1.38, "%", "percent"),
    ("Shares closed at 164p on Friday.", "164p", 1.64, "GBP", "currency"),
    ("The match lasted 40min in the rain.", "40min", 40, "minute", "duration"),
    ("He lost 25lbs in a month.", "25lbs", 25, "lb", "physical"),
    ("The drive took 3 hrs in traffic.", "3 hrs", 3, "hour", "duration"),
    ("The flat measures 570 sq m.", "570 sq m", 570, "m²", "physical"),
    ("The crane lifts 100t at full reach.", "100t", 100, "t", "physical"),
    ("The meal cost 100元 in Shanghai.", "100元", 100, "CNY", "currency"),
]


@pytest.mark.parametrize(("sentence", "fragment", "value", "unit", "kind"), GLUED)
def test_glued_units(nlp, sentence, fragment, value, unit, kind):
    fig = one(nlp, sentence, fragment)
    assert fig.value == pytest.approx(value)
    assert (fig.unit, fig.unit_kind) == (unit, kind)


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        ("The 4G network covers the city.", "4G"),
        ("She bought a 1080p screen.", "1080p"),
        ("The 2nd edition is out.", "2nd"),  # an ordinal that names ("came 2nd" is a rank)
        ("The shop opens at 6pm on Sundays.", "6pm"),
    ],
)
def test_unknown_glued_letters_are_not_figures(nlp, sentence, fragment):
    assert overlapping(nlp, sentence, fragment) == []


def test_glued_unit_table():
    assert glued_unit("kW", 5) == ("kW", "physical", 1.0)
    assert glued_unit("MB", 5) == ("MB", "physical", 1.0)
    assert glued_unit("Mb", 5) == ("Mb", "physical", 1.0)
    assert glued_unit("p", 164) == ("GBP", "currency", 0.01)
    assert glued_unit("p", 1080) is None  # a video resolution, not pence
    assert glued_unit("G", 4) is None
    assert glued_unit("USD", 115) == ("USD", "currency", 1.0)


def test_sentence_full_stop_is_not_part_of_the_figure(nlp):
    text = "The boiler is rated at 5kW."
    fig = one(nlp, text, "5kW")
    assert text[fig.start : fig.end] == "5kW"


# -- fractions and mixed numbers ----------------------------------------------------------------

FRACTIONS = [
    ("Two-thirds of voters agreed.", "Two-thirds", 2 / 3, "fraction"),
    ("A third of the staff left.", "A third", 1 / 3, "fraction"),
    ("Three quarters of the homes flooded.", "Three quarters", 0.75, "fraction"),
    ("They walked two and a half miles.", "two and a half miles", 2.5, "mi"),
    ("The siege lasted four-and-a-half years.", "four-and-a-half years", 4.5, "year"),
    ("Cut a 1/4 inch strip of tape.", "1/4 inch", 0.25, "in"),
    ("Add ½ cup of sugar to the bowl.", "½ cup", 0.5, "cup"),
    ("It takes 10 1/2 miles of cable.", "10 1/2 miles", 10.5, "mi"),
    ("The fund lost a quarter of a million dollars.", "a quarter of a million dollars", 250_000, "USD"),
    (
        "The city has one million and a half residents.",
        "one million and a half residents",
        1_500_000,
        "resident",
    ),
]


@pytest.mark.parametrize(("sentence", "fragment", "value", "unit"), FRACTIONS)
def test_fractions_and_mixed_numbers(nlp, sentence, fragment, value, unit):
    fig = one(nlp, sentence, fragment)
    assert fig.value == pytest.approx(value)
    if unit is not None:
        assert fig.unit == unit


def test_half_with_a_qualifier_is_a_share(nlp):
    fig = one(nlp, "More than half the seats changed hands.", "More than half")
    assert fig.value == 0.5
    assert fig.qualifier == "more than"
    assert fig.unit == "fraction"


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        ("She won a third term in office.", "third"),
        ("He is a sixth-grader in Ohio.", "sixth"),
        ("They scored in the second half of the game.", "half"),
        ("Profits fell in the past three quarters of the year.", "three quarters"),
        ("The half-time score was level.", "half"),
    ],
)
def test_ordinals_and_periods_are_not_fractions(nlp, sentence, fragment):
    assert [f.text for f in overlapping(nlp, sentence, fragment) if f.unit == "fraction"] == []
    assert all(f.value >= 1 for f in overlapping(nlp, sentence, fragment))


def test_fraction_parsers():
    assert parse_fraction("1/4") == 0.25
    assert parse_fraction("2½") == 2.5
    assert parse_fraction("9/11") is None  # a date, not a fraction
    assert parse_fraction("5/4") is None


# -- thousands separators and scales -------------------------------------------------------------


def test_spaces_as_thousands_separators(nlp):
    assert one(nlp, "About 10 000 people marched.", "About 10 000 people").value == 10_000
    assert one(nlp, "The race had 40\u202f000 runners.", "40\u202f000 runners").value == 40_000
    figs = figures_of(nlp, "In 2015 300 people moved.")
    assert all(f.value != 2_015_300 for f in figs)  # a year is never the first group


def test_indian_digit_grouping():
    assert parse_digits("12,34,567.89") == pytest.approx(1_234_567.89)
    assert parse_digits("1,234,567") == 1_234_567


@pytest.mark.parametrize(
    ("sentence", "fragment", "value", "high", "unit"),
    [
        ("The debt is $2.174T this year.", "$2.174T", 2.174e12, None, "USD"),
        ("The app has 10M users.", "10M users", 1e7, None, "user"),
        ("It cost tens of millions of dollars.", "tens of millions of dollars", 1e7, 1e8, "USD"),
        ("Losses reached 30 MUSD in May.", "30 MUSD", 3e7, None, "USD"),
        ("They lost 75 USD million last year.", "75 USD million", 7.5e7, None, "USD"),
        ("The total is three lakh crore rupees.", "three lakh crore rupees", 3e12, None, "INR"),
    ],
)
def test_scale_suffixes_and_vague_scales(nlp, sentence, fragment, value, high, unit):
    fig = one(nlp, sentence, fragment)
    assert fig.value == pytest.approx(value)
    assert fig.value_high == (pytest.approx(high) if high else None)
    assert fig.unit == unit


# -- ranges with repeated or glued units ----------------------------------------------------------

RANGES = [
    ("The car covers from 252 miles to 287 miles.", "from 252 miles to 287 miles", 252, 287, "mi"),
    ("Doses were between 44 mg and 50 mg daily.", "between 44 mg and 50 mg", 44, 50, "mg"),
    ("The tone sits between 15kHz and 17kHz.", "between 15kHz and 17kHz", 15, 17, "kHz"),
    ("Nights ranged from -18 °C to -34 °C last week.", "from -18 °C to -34 °C", -34, -18, "°C"),
    ("Prices were greater than 100 and below 300.", "greater than 100 and below 300", 100, 300, None),
    ("The range is 5k-20k in total.", "5k-20k", 5_000, 20_000, None),
    ("The project needs 1000-5000 workers.", "1000-5000 workers", 1000, 5000, "worker"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "fragment", "low", "high", "unit"), RANGES)
def test_ranges_with_units(nlp, sentence, fragment, low, high, unit):
    fig = one(nlp, sentence, fragment)
    assert fig.value == pytest.approx(low)
    assert fig.value_high == pytest.approx(high)
    assert fig.unit == unit


def test_comparison_and_change_are_not_ranges(nlp):
    figs = figures_of(nlp, "Clinton leads Trump by 46 percent to 42 percent.")
    assert [(f.value, f.value_high) for f in figs] == [(46, None), (42, None)]
    figs = figures_of(nlp, "Shares fell 3p to 164p on Friday.")
    assert [(f.text, f.value_high) for f in figs] == [("3p", None), ("164p", None)]


def test_year_ranges_are_still_not_figures(nlp):
    assert overlapping(nlp, "The study covered 1990-2000 in detail.", "1990-2000") == []


# -- negative values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "fragment", "value", "unit"),
    [
        ("Output fell -1.3% in May.", "-1.3%", -1.3, "%"),
        ("He was pushed back minus-5 yards.", "minus-5 yards", -5, "yd"),
        ("The answer is minus five percent.", "minus five percent", -5, "%"),
    ],
)
def test_negative_values(nlp, sentence, fragment, value, unit):
    fig = one(nlp, sentence, fragment)
    assert fig.value == value
    assert fig.unit == unit


def test_plus_or_minus_is_a_margin_not_a_sign(nlp):
    fig = one(nlp, "The margin of error is plus or minus 4 percentage points.", "4 percentage points")
    assert fig.value == 4


# -- one of a unit, money and lengths in two units, index levels ---------------------------------


def test_one_of_a_unit(nlp):
    assert (one(nlp, "A gallon of milk costs more now.", "A gallon").value) == 1
    fig = one(nlp, "Shares rose a penny on Monday.", "a penny")
    assert (fig.value, fig.unit) == (pytest.approx(0.01), "GBP")


def test_a_unit_after_an_amount_is_a_rate_not_a_figure(nlp):
    assert [f.text for f in figures_of(nlp, "Oil sold at $58 a barrel.")] == ["$58"]


def test_money_in_two_units(nlp):
    assert one(nlp, "It only cost 3 dollars 50 cents.", "3 dollars 50 cents").value == pytest.approx(3.5)
    text = "It cost thirteen dollars and forty-five cents."
    assert one(nlp, text, "thirteen dollars and forty-five cents").value == pytest.approx(13.45)


def test_feet_and_inches(nlp):
    fig = one(nlp, "He is 6 feet 2 inches tall.", "6 feet 2 inches")
    assert (fig.value, fig.unit) == (pytest.approx(6 + 2 / 12), "ft")


def test_index_level_after_a_change(nlp):
    figs = figures_of(nlp, "The index fell 0.4 per cent to 13,176.")
    assert [(f.value, f.unit) for f in figs] == [(0.4, "%"), (13_176, None)]


# -- not figures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        ("Workers on zero-hours contracts went on strike.", "zero-hours"),
        ("The S&P 500 fell on Monday.", "500"),
        ("Tesla sold more Model S cars.", "Model S"),
        ("He drove a four-door car to work.", "four-door"),
        ("The country has a two-party system.", "two-party"),
        ("The bones came to naught in the end.", "naught"),
    ],
)
def test_not_figures(nlp, sentence, fragment):
    assert overlapping(nlp, sentence, fragment) == []


def test_a_ten_point_lead_is_still_a_figure(nlp):
    assert one(nlp, "She had a ten-point lead in the poll.", "ten-point").value == 10


def test_a_number_alone_on_a_line_is_not_a_trailer():
    assert trailer_ranges("1,234,567") == []
    assert trailer_ranges("$20") == []
    assert trailer_ranges("S/SH 11") != []
    assert trailer_ranges("-0-") != []


def test_a_bound_written_after_the_number(nlp):
    fig = one(nlp, "Households earning $1,000 or more pay the tax.", "$1,000 or more")
    assert (fig.value, fig.qualifier) == (1_000, "at least")
    fig = one(nlp, "Firms with 50 or fewer staff are exempt.", "50 or fewer")
    assert fig.qualifier == "up to"
    # "or more than" starts a second figure, not a bound of the first
    assert [f.value for f in figures_of(nlp, "His score is 200 or more than 300.")] == [200, 300]


@pytest.mark.parametrize(
    ("sentence", "fragment", "code"),
    [
        ("The book costs 100 ₡ in San José.", "100 ₡", "CRC"),
        ("Supply is capped at ₿21,000,000 in total.", "₿21,000,000", "BTC"),
        ("The deal was worth 6.65 billion pesetas.", "6.65 billion pesetas", "ESP"),
    ],
)
def test_more_currency_signs_and_words(nlp, sentence, fragment, code):
    assert one(nlp, sentence, fragment).unit == code


def test_pounds_lost_are_a_weight(nlp):
    fig = one(nlp, "She stopped eating lunch to drop 25 pounds.", "25 pounds")
    assert (fig.unit, fig.unit_kind) == ("lb", "physical")


def test_a_sign_before_spaced_thousands(nlp):
    # a glued sign and spaced groups together once raised a ValueError
    assert one(nlp, "The balance was -40 000 euros.", "-40 000 euros").value == -40_000
    assert one(nlp, "They gained minus-5 000 metres.", "minus-5 000 metres").value == -5_000
