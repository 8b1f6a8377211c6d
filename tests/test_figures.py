"""Figures: values, units, qualifiers, ranges, conversions, and what is not a figure."""

from __future__ import annotations

import pytest

from reader.nlp.figures import find_dates, find_figures
from reader.nlp.figures.numbers import words_value


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def same_unit(found: str | None, expected: str | None) -> bool:
    """Units name the same thing: compared word by word, lower case, singular."""
    if found is None or expected is None:
        return found is expected
    return [_singular(w) for w in found.split()] == [_singular(w) for w in expected.split()]


def figures_of(nlp, text: str):
    return find_figures(nlp(text))


def one(nlp, text: str, fragment: str):
    """The figure whose text is ``fragment`` (exactly one)."""
    figs = [f for f in figures_of(nlp, text) if f.text == fragment]
    assert len(figs) == 1, f"{fragment!r} not found as a figure in {text!r}: {figures_of(nlp, text)}"
    return figs[0]


def _locate(text: str, fragment: str) -> tuple[int, int]:
    i = text.index(fragment)
    return i, i + len(fragment)


# -- the seed article -------------------------------------------------------------------------


def test_figures_seed_required_values_units_qualifiers(seed_analysis, seed_gold):
    text = seed_analysis.article.text
    for gold in seed_gold["figures"]["required"]:
        start, end = _locate(text, gold["text"])
        hits = [f for f in seed_analysis.figures if f.start == start and f.end == end]
        assert hits, f"missing figure {gold['text']!r}; found {[f.text for f in seed_analysis.figures]}"
        fig = hits[0]
        assert fig.value == pytest.approx(gold["value"]), gold["text"]
        assert same_unit(fig.unit, gold["unit"]), (gold["text"], fig.unit)
        assert fig.qualifier == gold["qualifier"], (gold["text"], fig.qualifier)
        assert text[fig.start : fig.end] == fig.text


def test_figures_seed_must_not_items_are_not_figures(seed_analysis, seed_gold):
    text = seed_analysis.article.text
    for bad in seed_gold["figures"]["must_not"]:
        start, end = _locate(text, bad["text"])
        overlapping = [f.text for f in seed_analysis.figures if f.start < end and start < f.end]
        assert not overlapping, f"{bad['text']!r} ({bad['why']}) read as figure {overlapping}"


def test_figures_seed_conversion_links_to_the_dollar_amount(seed_analysis):
    figs = seed_analysis.figures
    euros = next(f for f in figs if f.unit == "EUR")
    assert euros.equivalent_of is not None
    assert figs[euros.equivalent_of].unit == "USD"
    assert figs[euros.equivalent_of].text == "nearly $6 billion"


def test_figures_seed_dates_are_dates(seed_analysis):
    dates = {d.text for d in seed_analysis.dates}
    assert "February 22" in dates
    assert "Thursday" in dates
    for d in seed_analysis.dates:
        assert not any(f.start < d.end and d.start < f.end for f in seed_analysis.figures), d.text


def test_figures_seed_sentence_bounds_contain_the_figure(seed_analysis):
    text = seed_analysis.article.text
    for f in seed_analysis.figures:
        assert f.sentence_start <= f.start < f.end <= f.sentence_end
        assert f.text in text[f.sentence_start : f.sentence_end]


# -- number forms -----------------------------------------------------------------------------

NUMBER_FORMS = [
    ("Officials counted 10,000 ballots by noon.", "10,000 ballots", 10_000, "ballot"),
    ("The index rose to 1,234,567.5 points overall.", "1,234,567.5 points", 1_234_567.5, "point"),
    ("The plant employs 3.5 thousand workers.", "3.5 thousand workers", 3_500, "worker"),
    ("About 2 million voters stayed home.", "About 2 million voters", 2_000_000, "voter"),
    ("The fund lost 4 billion dollars last year.", "4 billion dollars", 4e9, "USD"),
    ("The debt reached $1.2 trillion in total.", "$1.2 trillion", 1.2e12, "USD"),
    ("The club paid £40m for the striker.", "£40m", 40e6, "GBP"),
    ("The company raised US$3.5bn from investors.", "US$3.5bn", 3.5e9, "USD"),
    ("Startups raised $250k from the city.", "$250k", 250_000, "USD"),
    ("Two reporters were detained at the border.", "Two reporters", 2, "reporter"),
    (
        "The army sent twenty-five thousand troops to the north.",
        "twenty-five thousand troops",
        25_000,
        "troop",
    ),
    ("The report named one hundred and five soldiers.", "one hundred and five soldiers", 105, "soldier"),
    ("She bought a dozen eggs at the market.", "a dozen eggs", 12, "egg"),
    ("The storm displaced half a million people.", "half a million people", 500_000, "people"),
    ("The turnout was 40 percent in the capital.", "40 percent", 40, "%"),
    ("Inflation hit 3.5% in March.", "3.5%", 3.5, "%"),
    ("Support fell by 12 per cent among the young.", "12 per cent", 12, "%"),
    ("Rates rose 2 percentage points this year.", "2 percentage points", 2, "percentage point"),
]


@pytest.mark.parametrize(("sentence", "fragment", "value", "unit"), NUMBER_FORMS)
def test_figures_number_forms(nlp, sentence, fragment, value, unit):
    fig = one(nlp, sentence, fragment)
    assert fig.value == pytest.approx(value)
    assert same_unit(fig.unit, unit), fig.unit


def test_figures_number_words_parser():
    assert words_value(["two"]) == 2
    assert words_value(["twenty", "-", "five", "thousand"]) == 25_000
    assert words_value(["half", "a", "million"]) == 500_000
    assert words_value(["a", "dozen"]) == 12
    assert words_value(["two", "dozen"]) == 24
    assert words_value(["one", "and", "a", "half", "million"]) == 1_500_000
    assert words_value(["three", "hundred", "thousand"]) == 300_000


# -- currencies -------------------------------------------------------------------------------

CURRENCIES = [
    ("The grant was $6 million.", "$6 million", "USD"),
    ("The loan was US$ 20 million.", "US$ 20 million", "USD"),
    ("The bill came to €5.5 million.", "€5.5 million", "EUR"),
    ("Tickets cost £30 each.", "£30", "GBP"),
    ("A meal cost ¥800 in Tokyo.", "¥800", "JPY"),
    ("The club paid 300 euros in fines.", "300 euros", "EUR"),
    ("The firm paid 500 pounds sterling in fees.", "500 pounds sterling", "GBP"),
    ("The deal was worth 2 million pounds.", "2 million pounds", "GBP"),
    ("He was fined 90,000 yen by the court.", "90,000 yen", "JPY"),
    ("They paid 12 dollars at the door.", "12 dollars", "USD"),
    ("The loan was 300 million yuan.", "300 million yuan", "CNY"),
    ("The fee was 40 Canadian dollars.", "40 Canadian dollars", "CAD"),
    ("Exports reached 7 billion Hong Kong dollars.", "7 billion Hong Kong dollars", "HKD"),
    ("The budget was Rs 500 crore for the state.", "Rs 500 crore", "INR"),
    ("A stamp costs 50 cents now.", "50 cents", "USD"),
    ("The fine was EUR 400 in total.", "EUR 400", "EUR"),
    ("The price was C$12 per share.", "C$12", "CAD"),
]


@pytest.mark.parametrize(("sentence", "fragment", "code"), CURRENCIES)
def test_figures_currencies_as_iso_codes(nlp, sentence, fragment, code):
    fig = one(nlp, sentence, fragment)
    assert fig.unit == code
    assert fig.unit_kind == "currency"


def test_figures_cents_are_fractions_of_the_unit(nlp):
    assert one(nlp, "A stamp costs 50 cents now.", "50 cents").value == pytest.approx(0.5)


def test_figures_currency_conversion_is_linked(nlp):
    figs = figures_of(nlp, "The plan cost $10 billion (8.6 billion euros) in all.")
    assert [f.unit for f in figs] == ["USD", "EUR"]
    assert figs[1].equivalent_of == 0
    assert figs[0].equivalent_of is None


def test_figures_pounds_of_weight_are_not_money(nlp):
    fig = one(nlp, "Police seized 300 pounds of cocaine at the port.", "300 pounds")
    assert fig.unit == "lb"
    assert fig.unit_kind == "physical"


# -- physical units and durations -------------------------------------------------------------

PHYSICAL = [
    ("The convoy drove 120 km overnight.", "120 km", "km"),
    ("She ran 26.2 miles in the race.", "26.2 miles", "mi"),
    ("The parcel weighed 40 kilograms.", "40 kilograms", "kg"),
    ("Temperatures reached 45°C in the city.", "45°C", "°C"),
    ("The tank holds 3 gallons of fuel.", "3 gallons", "gal"),
    ("Output fell to 2.5 million barrels a day.", "2.5 million barrels", "bbl"),
    ("The fire burned 3,000 acres of forest.", "3,000 acres", "acre"),
    ("Winds gusted at 70 mph near the coast.", "70 mph", "mph"),
    ("The plant will produce 500 megawatts of power.", "500 megawatts", "MW"),
]


@pytest.mark.parametrize(("sentence", "fragment", "unit"), PHYSICAL)
def test_figures_physical_units_normalised(nlp, sentence, fragment, unit):
    fig = one(nlp, sentence, fragment)
    assert fig.unit == unit
    assert fig.unit_kind == "physical"


@pytest.mark.parametrize(
    ("sentence", "fragment", "value", "unit"),
    [
        ("The siege lasted 18 months before the town fell.", "18 months", 18, "month"),
        ("Talks went on for three weeks in Geneva.", "three weeks", 3, "week"),
        ("He served 25 years in prison.", "25 years", 25, "year"),
        ("The vote took 90 minutes.", "90 minutes", 90, "minute"),
        ("It launched an 18-month campaign.", "18-month", 18, "month"),
    ],
)
def test_figures_durations(nlp, sentence, fragment, value, unit):
    fig = one(nlp, sentence, fragment)
    assert fig.value == value
    assert fig.unit == unit
    assert fig.unit_kind == "duration"


# -- ranges -----------------------------------------------------------------------------------

RANGES = [
    ("Between 10 and 20 people were hurt.", "Between 10 and 20 people", 10, 20, "people"),
    ("The road is 10-20 km long.", "10-20 km", 10, 20, "km"),
    ("Some 10 to 20 soldiers were wounded.", "Some 10 to 20 soldiers", 10, 20, "soldier"),
    ("Turnout reached 10–20% in the north.", "10–20%", 10, 20, "%"),
    ("It costs between $5 million and $10 million.", "between $5 million and $10 million", 5e6, 1e7, "USD"),
    ("It affects between 5 and 10 million people.", "between 5 and 10 million people", 5e6, 1e7, "people"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "fragment", "low", "high", "unit"), RANGES)
def test_figures_ranges_keep_both_ends(nlp, sentence, fragment, low, high, unit):
    fig = one(nlp, sentence, fragment)
    assert fig.value == pytest.approx(low)
    assert fig.value_high == pytest.approx(high)
    assert same_unit(fig.unit, unit), fig.unit


def test_figures_change_from_to_is_two_figures(nlp):
    figs = figures_of(nlp, "Unemployment rose from 5 to 7 percent last year.")
    assert [(f.value, f.value_high) for f in figs] == [(5, None), (7, None)]
    assert all(f.unit == "%" for f in figs)


def test_figures_scores_are_not_ranges(nlp):
    assert figures_of(nlp, "The home team won 3-2 on Saturday.") == []


# -- qualifiers -------------------------------------------------------------------------------

QUALIFIERS = [
    ("more than", "More than 300 people attended."),
    ("more than", "Over 300 people attended."),
    ("more than", "Upwards of 300 people attended."),
    ("at least", "At least 300 people attended."),
    ("at least", "No fewer than 300 people attended."),
    ("less than", "Fewer than 300 people attended."),
    ("less than", "Less than 300 people attended."),
    ("less than", "Under 300 people attended."),
    ("up to", "Up to 300 people attended."),
    ("up to", "As many as 300 people attended."),
    ("nearly", "Nearly 300 people attended."),
    ("nearly", "Almost 300 people attended."),
    ("about", "About 300 people attended."),
    ("about", "Around 300 people attended."),
    ("about", "Roughly 300 people attended."),
    ("about", "Approximately 300 people attended."),
    ("about", "Some 300 people attended."),
    ("about", "An estimated 300 people attended."),
]


@pytest.mark.parametrize(("norm", "sentence"), QUALIFIERS)
def test_figures_qualifiers_normalised(nlp, norm, sentence):
    figs = figures_of(nlp, sentence)
    assert len(figs) == 1, figs
    fig = figs[0]
    written = sentence[: sentence.index(" 300")]
    assert fig.qualifier == norm
    assert fig.qualifier_text == written
    assert fig.text == written + " 300 people"
    assert fig.value == 300


def test_figures_no_qualifier_when_none_written(nlp):
    fig = one(nlp, "The ministry reported 300 arrests.", "300 arrests")
    assert fig.qualifier is None
    assert fig.qualifier_text is None


# -- antecedents ------------------------------------------------------------------------------


def test_figures_of_which_inherits_the_counted_noun(nlp):
    text = "Inspectors received 80 complaints, at least 12 of which were upheld."
    fig = one(nlp, text, "at least 12")
    assert fig.unit == "complaint"


def test_figures_of_the_noun_takes_that_noun(nlp):
    fig = one(nlp, "Only 40 of the 300 applicants were accepted.", "40")
    assert fig.unit == "applicant"


# -- not figures ------------------------------------------------------------------------------

NOT_FIGURES = [
    ("The summit opened on February 22 in Brussels.", "22"),
    ("The summit opened on 22 February in Brussels.", "22"),
    ("The law was passed in 2015 after a long debate.", "2015"),
    ("Voters went to the polls in the 2016 elections.", "2016"),
    ("The talks resume on Thursday at 3 p.m. in Geneva.", "3"),
    ("The meeting starts at 10:30 tomorrow.", "10:30"),
    ("He came third in the race, his 2nd podium.", "2nd"),  # "third" is a rank; "his 2nd" names one
    ("The 22nd district voted in his second term.", "second"),
    ("Call the office at (202) 555-0143 for details.", "555"),
    ("The story ran on page 5 of the newspaper.", "5"),
    ("Section 230 protects online platforms.", "230"),
    ("The pilot flew Flight 17 from Amsterdam.", "17"),
    ("The war ended 20 years ago.", "20"),
    ("The policy dates from the 1990s.", "1990s"),
    ("No one left early.", "one"),
    ("One day he will run again.", "One"),
    ("The season ran from 2015-16 without a break.", "2015"),
]


AGES = [
    ("A 45-year-old man was arrested.", "45-year-old", 45),
    ("The suspect, aged 45, was arrested.", "aged 45", 45),
    ("John Smith, 45, was arrested on Monday.", "45", 45),
    ("Schlafly died on Monday at the age of 92.", "age of 92", 92),
    ("I got married when I was 21 years old.", "21 years old", 21),
    ("“It happens when you’re 55,” he said.", "55", 55),
]


@pytest.mark.parametrize(("sentence", "fragment", "years"), AGES)
def test_figures_ages_are_figures_of_their_own_kind(nlp, sentence, fragment, years):
    fig = one(nlp, sentence, fragment)
    assert (fig.value, fig.unit, fig.unit_kind) == (years, "year", "age")


@pytest.mark.parametrize(
    ("sentence", "fragment", "unit"),
    [
        ("One man died in the blast.", "One man", "man"),
        ("Only one poll was taken.", "one poll", "poll"),
        ("It is one of the best schools in town.", "one", "school"),
        ("He pleaded guilty to one count of fraud.", "one count", "count"),
    ],
)
def test_figures_a_counting_one_is_a_count(nlp, sentence, fragment, unit):
    fig = one(nlp, sentence, fragment)
    assert (fig.value, fig.unit, fig.unit_kind) == (1, unit, "count")


@pytest.mark.parametrize(("sentence", "fragment"), NOT_FIGURES)
def test_figures_dates_years_and_identifiers_are_not_figures(nlp, sentence, fragment):
    start, end = _locate(sentence, fragment)
    bad = [f.text for f in figures_of(nlp, sentence) if f.start < end and start < f.end]
    assert not bad, f"{fragment!r} in {sentence!r} read as {bad}"


def test_figures_fraction_is_not_a_count_of_its_numerator(nlp):
    # "Two-thirds" was once read as the count 2; it is the fraction 2/3 (issue 14), never 2
    figs = [f for f in figures_of(nlp, "Two-thirds of voters agreed.") if f.start == 0]
    assert [(f.text, round(f.value, 4), f.unit) for f in figs] == [("Two-thirds", 0.6667, "fraction")]


def test_figures_wire_trailer_is_not_a_figure(nlp):
    text = "The army said 40 soldiers were killed.\nS/SH 11"
    doc = nlp(text)
    assert [f.text for f in find_figures(doc)] == ["40 soldiers"]
    assert all("SH" not in e.text for e in doc.ents)


def test_figures_list_markers_are_not_figures(nlp):
    text = "Demands:\n1. Free 200 prisoners.\n2. Open the border."
    assert [f.text for f in figures_of(nlp, text)] == ["200 prisoners"]


def test_figures_dates_found_and_disjoint_from_figures(nlp):
    doc = nlp("Between 10 and 20 people were hurt on Monday, and 18 months later the town was rebuilt.")
    figs = find_figures(doc)
    dates = find_dates(doc)
    assert "Monday" in [d.text for d in dates]
    for d in dates:
        assert not any(f.start < d.end and d.start < f.end for f in figs), d.text


def test_figures_offsets_index_the_text(nlp):
    text = "Nearly 1,500 migrants crossed; officials spent €3 million and 40% more than planned."
    for f in figures_of(nlp, text):
        assert text[f.start : f.end] == f.text
