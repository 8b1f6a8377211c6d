"""Figure families of issue 29 (the news development set): scale words hyphenated to the number,
currency codes and local signs on either side, ranges that share a scale, multiples, odds and
shares, points in a race, counts of casualties and counts compared. Sentences written for these
tests; the parse is the shipped model's."""

from __future__ import annotations

import pytest
from _figures import figures_of, one

from reader.nlp.figures.units import glued_currency

# -- scales and currencies ------------------------------------------------------------------------

MONEY = [
    ("The group paid US$171-million for the port.", "US$171-million", 171e6, "USD"),
    ("Fees came to $23-million last year.", "$23-million", 23e6, "USD"),
    ("He took a 40-million-dollar loan.", "40-million-dollar", 40e6, "USD"),
    ("They signed a 1.2-billion-yuan credit line.", "1.2-billion-yuan", 1.2e9, "CNY"),
    ("The fine was RM45 for each bag.", "RM45", 45, "MYR"),
    ("The deal was worth USD2m in cash.", "USD2m", 2e6, "USD"),
    ("Shares sold for EUR3,400 apiece.", "EUR3,400", 3400, "EUR"),
    ("Tickets cost HK$1,200 at the door.", "HK$1,200", 1200, "HKD"),
    ("The startup raised S$2mil in May.", "S$2mil", 2e6, "SGD"),
    ("The fund holds US$7 trillion in bonds.", "US$7 trillion", 7e12, "USD"),
    ("A bus ride costs 25 sen in the town.", "25 sen", 0.25, "MYR"),
    ("The chip costs Rp5,000 at the market.", "Rp5,000", 5000, "IDR"),
]


@pytest.mark.parametrize(("sentence", "fragment", "value", "unit"), MONEY)
def test_scales_and_currencies_on_either_side(nlp, sentence, fragment, value, unit):
    fig = one(nlp, sentence, fragment)
    assert fig.value == pytest.approx(value)
    assert (fig.unit, fig.unit_kind) == (unit, "currency")


def test_glued_currency_needs_a_known_sign_in_its_own_case():
    assert glued_currency("RM45") == ("MYR", "45")
    assert glued_currency("rm45") is None  # not a sign in lower case
    assert glued_currency("ABC45") is None  # not a currency code
    assert glued_currency("USD2m") == ("USD", "2m")


def test_a_range_of_money_keeps_each_end_its_own_scale(nlp):
    fig = one(nlp, "Homes sell from $600,000 to $2.1 million.", "from $600,000 to $2.1 million")
    assert (fig.value, fig.value_high, fig.unit) == (600_000, 2_100_000, "USD")
    fig = one(nlp, "It will cost between $5 and $10 million.", "between $5 and $10 million")
    assert (fig.value, fig.value_high) == (5e6, 10e6)


def test_a_change_from_a_bare_number_takes_the_scale_of_the_second(nlp):
    figs = figures_of(nlp, "Output will rise from 12.5 to 14 billion euros next year.")
    assert [(f.text, f.value, f.unit) for f in figs] == [
        ("12.5", 12.5e9, "EUR"),
        ("14 billion euros", 14e9, "EUR"),
    ]


# -- multiples, odds and shares ------------------------------------------------------------------

MULTIPLES = [
    ("Sales rose fivefold in a year.", "fivefold", 5, "rise"),
    ("They saw a 10-fold rise in claims.", "10-fold", 10, None),
    ("Costs tripled after the storm.", "tripled", 3, "rise"),
    ("Profits doubled last year.", "doubled", 2, "rise"),
    ("His lead is triple the lead she had.", "triple", 3, None),
    ("Prices were twice as high as in May.", "twice", 2, None),
    ("The new engine is 10 times faster.", "10 times", 10, None),
    ("She won the county by nearly 3-to-1.", "nearly 3-to-1", 3, None),
]


@pytest.mark.parametrize(("sentence", "fragment", "value", "change"), MULTIPLES)
def test_multiples_are_ratios(nlp, sentence, fragment, value, change):
    fig = one(nlp, sentence, fragment)
    assert (fig.value, fig.unit, fig.unit_kind) == (value, "times", "ratio")
    if change is not None:
        assert fig.change == change


def test_a_score_is_no_ratio_and_a_compound_with_double_no_multiple(nlp):
    assert figures_of(nlp, "The Jets won 2-1 on Sunday.") == []
    assert figures_of(nlp, "It was a double-edged sword.") == []


@pytest.mark.parametrize(
    ("sentence", "fragment", "value"),
    [
        ("More than 6 in 10 voters agreed.", "More than 6 in 10", 0.6),
        ("About one in five say they will not vote.", "About one in five", 0.2),
        ("One out of every three homes flooded.", "One out of every three", 1 / 3),
    ],
)
def test_shares_written_as_two_counts_are_fractions(nlp, sentence, fragment, value):
    fig = one(nlp, sentence, fragment)
    assert fig.value == pytest.approx(value)
    assert (fig.unit, fig.unit_kind) == ("fraction", "fraction")


# -- what a count counts, from its sentence --------------------------------------------------------


def test_points_in_a_race_are_percentage_points(nlp):
    fig = one(nlp, "A new poll shows Clinton leading Sanders by seven points.", "seven points")
    assert (fig.unit, fig.unit_kind) == ("percentage point", "percent")
    fig = one(nlp, "The index closed 200 points higher on Friday.", "200 points")
    assert fig.unit == "point"


def test_casualties_count_people(nlp):
    figs = figures_of(nlp, "Two dead, 16 injured in a nightclub shooting.")
    assert [(f.value, f.unit) for f in figs] == [(2, "person"), (16, "person")]


def test_counts_compared_are_two_counts_of_the_same_thing(nlp):
    figs = figures_of(nlp, "Clinton has 1,428 delegates to Sanders' 1,153 so far.")
    assert [(f.value, f.value_high, f.unit) for f in figs] == [
        (1428, None, "delegate"),
        (1153, None, "delegate"),
    ]
    figs = figures_of(nlp, "Clinton leads Sanders, 1,428 to 1,153.")
    assert [(f.value, f.value_high) for f in figs] == [(1428, None), (1153, None)]


def test_a_singular_head_counts_its_compound(nlp):
    fig = one(nlp, "He needs to pass the 1,237 delegate threshold.", "1,237 delegate")
    assert fig.unit == "delegate"


def test_a_no_break_space_between_number_and_noun(nlp):
    fig = one(nlp, "He killed 49\u00a0club goers in the attack.", "49\u00a0club goers")
    assert fig.unit == "club goer"


@pytest.mark.parametrize(
    ("sentence", "fragment", "value"),
    [
        ("Smith finished third in the race.", "third", 3),
        ("Jones ranked 5th among the candidates.", "5th", 5),
        ("She is in second place after Iowa.", "second place", 2),
        ("It is the second-largest city in the state.", "second-largest", 2),
    ],
)
def test_ranks_are_figures_of_their_own_kind(nlp, sentence, fragment, value):
    fig = one(nlp, sentence, fragment)
    assert (fig.value, fig.unit, fig.unit_kind) == (value, "rank", "rank")


def test_an_ordinal_that_names_is_no_rank(nlp):
    assert figures_of(nlp, "The 22nd district voted in his second term.") == []
    assert figures_of(nlp, "At first he said no.") == []
