"""What a figure measures (``Figure.of`` and its span), on hand-built parses: each rule of
``reader.nlp.figures.concept`` in its order, and what is never a concept. No model is loaded."""

from __future__ import annotations

from _docs import build

from reader.nlp.figures import find_figures


def concept(doc, fragment: str) -> tuple[str | None, str | None]:
    """(label, span text) of the figure whose text is ``fragment``."""
    [fig] = [f for f in find_figures(doc) if f.text == fragment]
    span = doc.text[fig.of_start : fig.of_end] if fig.of_start is not None else None
    return fig.of, span


def test_the_counted_noun_with_its_modifiers():
    doc = build(
        """
        Universities NNS nsubj 1
        employ/employ VBP ROOT -
        67,000      CD  nummod 4
        research    NN  compound 4
        staff       NN  dobj  1
        .           .   punct 1
        """
    )
    assert concept(doc, "67,000 research staff") == ("research staff", "research staff")


def test_of_and_its_object():
    doc = build(
        """
        Tenney      NNP nsubj 1 B-PERSON
        claimed/claim VBD ROOT -
        41          CD  nummod 3
        percent     NN  dobj  1
        of          IN  prep  3
        the         DT  det   6
        vote        NN  pobj  4
        .           .   punct 1
        """
    )
    assert concept(doc, "41 percent") == ("vote", "the vote")


def test_money_and_what_it_pays_for():
    doc = build(
        """
        He          PRP nsubj 1
        spent/spend VBD ROOT  -
        $           $   nmod  3
        500,000     CD  dobj  1
        on          IN  prep  1
        TV          NN  compound 6
        ads/ad      NNS pobj  4
        .           .   punct 1
        """
    )
    assert concept(doc, "$500,000") == ("TV ads", "TV ads")


def test_the_noun_the_figure_modifies():
    doc = build(
        """
        They        PRP nsubj 1
        approved/approve VBD ROOT -
        a           DT  det   6
        $           $   nmod  5
        48          CD  compound 5
        million     CD  nummod 7
        flood       NN  compound 7
        barrier     NN  dobj  1
        .           .   punct 1
        """
    )
    assert concept(doc, "$48 million") == ("flood barrier", "flood barrier")


def test_the_noun_it_is_said_of():
    doc = build(
        """
        They        PRP nsubj 1
        cut/cut     VBD ROOT  -
        the         DT  det   5
        top         JJ  amod  5
        tax         NN  compound 5
        rate        NN  dobj  1
        of          IN  prep  5
        39.6        CD  nummod 8
        percent     NN  pobj  6
        .           .   punct 1
        """
    )
    assert concept(doc, "39.6 percent") == ("top tax rate", "the top tax rate")


def test_an_owner_before_the_figure():
    doc = build(
        """
        Halvorson   NNP poss  4 B-PERSON
        's          POS case  0
        paltry      JJ  amod  4
        $           $   nmod  4
        31,000      CD  nsubj 5
        went/go     VBD ROOT  -
        fast        RB  advmod 5
        .           .   punct 5
        """
    )
    assert concept(doc, "$31,000") == ("Halvorson", "Halvorson")


def test_the_subject_of_the_clause():
    doc = build(
        """
        Trump       NNP nsubj 1 B-PERSON
        received/receive VBD ROOT -
        37          CD  nummod 3
        percent     NN  dobj  1
        .           .   punct 1
        """
    )
    assert concept(doc, "37 percent") == ("Trump", "Trump")


def test_the_object_a_figure_is_put_at():
    doc = build(
        """
        Polls/poll  NNS nsubj 1
        put/put     VBP ROOT  -
        Obama       NNP poss  4 B-PERSON
        's          POS case  2
        approval    NN  dobj  1
        at          IN  prep  1
        50          CD  nummod 7
        percent     NN  pobj  5
        .           .   punct 1
        """
    )
    assert concept(doc, "50 percent") == ("Obama's approval", "Obama's approval")


def test_a_relative_subject_is_the_noun_it_stands_for():
    doc = build(
        """
        the         DT  det   1
        gap         NN  ROOT  -
        ,           ,   punct 1
        which/which WDT nsubj 4
        stood/stand VBD relcl 1
        at          IN  prep  4
        263         CD  pobj  5
        """
    )
    assert concept(doc, "263") == ("gap", "the gap")


def test_a_pronoun_a_time_and_a_unit_word_are_no_concepts():
    doc = build(
        """
        It          PRP nsubj 1
        rose/rise   VBD ROOT  -
        22          CD  nummod 3
        percent     NN  npadvmod 1
        in          IN  prep  1
        2015        CD  pobj  4
        .           .   punct 1
        """
    )
    assert concept(doc, "22 percent") == (None, None)


def test_a_person_is_an_age_s_subject_but_a_pronoun_is_no_other_figure_s():
    doc = build(
        """
        She         PRP nsubj 1
        is/be       VBZ ROOT  -
        45          CD  attr  1
        .           .   punct 1
        She         PRP nsubj 5
        earned/earn VBD ROOT  -
        $           $   nmod  7
        5           CD  dobj  5
        .           .   punct 5
        """
    )
    figs = find_figures(doc)
    age = next(f for f in figs if f.unit_kind == "age")
    money = next(f for f in figs if f.unit_kind == "currency")
    assert age.of == "She"
    assert money.of is None


def test_a_restatement_measures_what_the_first_figure_does():
    doc = build(
        """
        Temperatures/temperature NNS nsubj 1
        rose/rise   VBD ROOT  -
        2           CD  nummod 3
        degrees/degree NNS dobj 1
        Celsius/celsius NNP npadvmod 3
        (           -LRB- punct 3 -sp
        3.6         CD  nummod 7
        degrees/degree NNS appos 3
        Fahrenheit/fahrenheit NNP npadvmod 7
        )           -RRB- punct 3
        .           .   punct 1
        """
    )
    first, second = find_figures(doc)
    assert second.equivalent_of == 0
    assert (first.of, second.of) == ("Temperatures", "Temperatures")
    assert (second.of_start, second.of_end) == (first.of_start, first.of_end)
