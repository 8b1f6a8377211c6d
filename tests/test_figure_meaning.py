"""Issue 14, meaning with the number: a rate keeps its denominator (``Figure.per``) and a change says
which way it went (``Figure.change``); both are in the ``analyze --json`` contract."""

from __future__ import annotations

import pytest

from reader.core.model import Figure
from reader.nlp.figures import find_figures


def one(nlp, text: str, fragment: str) -> Figure:
    """The figure whose text is ``fragment`` (exactly one)."""
    figs = [f for f in find_figures(nlp(text)) if f.text == fragment]
    assert len(figs) == 1, (
        f"{fragment!r} not a figure in {text!r}: {[f.text for f in find_figures(nlp(text))]}"
    )
    return figs[0]


# -- rates --------------------------------------------------------------------------------------

RATES = [
    ("Subscribers pay $4 a month for the service.", "$4", 4, "USD", "month"),
    ("Oil traded at $58 a barrel on Monday.", "$58", 58, "USD", "barrel"),
    ("Workers at the depot earn $15 an hour.", "$15", 15, "USD", "hour"),
    ("Petrol costs £2 per litre in the town.", "£2", 2, "GBP", "litre"),
    ("Prices have gone up by 3 percent a year.", "3 percent", 3, "%", "year"),
    ("The plan costs $4/month for each user.", "$4", 4, "USD", "month"),
    ("Officials said 10 people a day died in the camp.", "10 people", 10, "people", "day"),
]


@pytest.mark.parametrize(("sentence", "fragment", "value", "unit", "per"), RATES)
def test_rate_keeps_its_denominator(nlp, sentence, fragment, value, unit, per):
    fig = one(nlp, sentence, fragment)
    assert fig.value == pytest.approx(value)
    assert fig.unit == unit
    assert fig.per == per


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        ("Prices were 3 percent higher a year ago.", "3 percent"),  # a date offset, not a rate
        ("Inflation was 3 percent a year ago.", "3 percent"),
        ("Growth was 5 per cent last year.", "5 per cent"),  # "per cent" is a percentage
        ("The team paid $48 million for the striker.", "$48 million"),
    ],
)
def test_not_a_rate(nlp, sentence, fragment):
    fig = one(nlp, sentence, fragment)
    assert fig.per is None


def test_speed_units_stay_units(nlp):
    fig = one(nlp, "The car was doing 30 miles per hour in town.", "30 miles per hour")
    assert (fig.unit, fig.per) == ("mph", None)


# -- changes ------------------------------------------------------------------------------------

CHANGES = [
    ("Sales rose 6 % in March.", "6 %", "rise"),
    ("Sales were up 6% in March.", "6%", "rise"),
    ("Costs increased by 6% this year.", "6%", "rise"),
    ("There was a 6% rise in sales.", "6%", "rise"),
    ("Exports jumped sharply by 12% in May.", "12%", "rise"),
    ("There was a 2 % fall in sales.", "2 %", "fall"),
    ("Sales dropped 2% in March.", "2%", "fall"),
    ("Profits were down 2% in March.", "2%", "fall"),
    ("The company reported a drop of 5% in profits.", "5%", "fall"),
    ("The rate is 6 % now.", "6 %", "level"),
    ("Clinton wants to sign up 5 million people.", "5 million people", "level"),  # a phrasal verb
    ("Gains of two to three years would be taxed.", "two to three years", "level"),
    ("The team paid $48 million for the striker.", "$48 million", "level"),
]


@pytest.mark.parametrize(("sentence", "fragment", "change"), CHANGES)
def test_change(nlp, sentence, fragment, change):
    assert one(nlp, sentence, fragment).change == change


def test_change_then_new_level(nlp):
    text = "The index fell 0.4 per cent to 13,176 on Friday."
    assert one(nlp, text, "0.4 per cent").change == "fall"
    level = one(nlp, text, "13,176")
    assert (level.value, level.change) == (13176, "level")


def test_from_to_are_levels(nlp):
    figs = find_figures(nlp("The rate rose from 10 to 12 in a year."))
    assert [(f.value, f.change) for f in figs] == [(10, "level"), (12, "level")]
    figs = find_figures(nlp("Unemployment fell to 5% from 6% in May."))
    assert [(f.value, f.change) for f in figs] == [(5, "level"), (6, "level")]


def test_number_in_a_name_before_a_verb_is_not_a_change(nlp):
    text = "The FTSE 100 fell 0.4 per cent to 6,500 points."
    assert all(f.change == "level" for f in find_figures(nlp(text)) if f.text != "0.4 per cent")


def test_rate_and_change_in_json(nlp):
    fig = one(nlp, "Prices rise 3 percent a year.", "3 percent")
    data = fig.to_json()
    assert (data["per"], data["change"]) == ("year", "rise")
    plain = Figure("6%", 0, 2, 6.0, "%", unit_kind="percent").to_json()
    assert (plain["per"], plain["change"]) == (None, "level")


# -- what money is for (a figure's concept: tests/test_figure_concept.py) ---------------------------

PURPOSES = [
    ("Since then, insurers have paid out nearly $11 million in claims.", "nearly $11 million", "claims"),
    ("The city approved a $48 million flood barrier last week.", "$48 million", "flood barrier"),
    ("The bill includes $2 billion in new spending.", "$2 billion", "new spending"),
    ("It also has $1 trillion in tax cuts.", "$1 trillion", "tax cuts"),
    ("The council spent £2m on repairs to the bridge.", "£2m", "repairs"),
    ("Subscribers pay $4 a month for the service.", "$4", "service"),  # after the rate
    ("He kept $5 of the $10 he found.", "$5", None),  # "of" and a number; "he" says nothing
    ("The firm earned $3 million in 2019.", "$3 million", "firm"),  # not the year: the earner
    ("She raised $5 million for Clinton.", "$5 million", None),  # not the name it is given to
    ("The company made $3 billion in the first quarter.", "$3 billion", "company"),  # not a time
    ("Prices rose 5 percent in claims filed.", "5 percent", "Prices"),  # what rose
    ("The fund holds $3 million\nin claims from last year.", "$3 million", "fund"),  # not across lines
]


@pytest.mark.parametrize(("sentence", "fragment", "of"), PURPOSES)
def test_money_says_what_it_is_for(nlp, sentence, fragment, of):
    assert one(nlp, sentence, fragment).of == of


def test_purpose_in_json(nlp):
    data = one(nlp, PURPOSES[0][0], PURPOSES[0][1]).to_json()
    assert data["of"] == "claims"
    assert Figure("$5", 0, 2, 5.0, "USD", unit_kind="currency").to_json()["of"] is None
