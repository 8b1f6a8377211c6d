"""The parse-dependent rules of figures, on hand-built parses (``tests/_docs.py``): the counted noun,
years against counts, names, addresses and ages, qualifiers, units that need a tag, and what a
figure means (a rate's ``per``, money's ``of``, a rise or a fall). No model is loaded."""

from __future__ import annotations

from _docs import build

from reader.nlp.figures import find_figures


def figs(doc) -> list[tuple[str, float, str | None]]:
    return [(f.text, f.value, f.unit) for f in find_figures(doc)]


def one(doc):
    [f] = find_figures(doc)
    return f


# --- the counted noun (from the parse) ---------------------------------------------------------


def test_counted_noun_is_the_head_of_the_number_with_its_compounds():
    doc = build(
        """
        Rebels/rebel NNS nsubj 1
        launched/launch VBD ROOT -
        10,000      CD  nummod 4
        air         NN  compound 4
        raids/raid  NNS dobj  1
        .           .   punct 1
        """
    )
    assert figs(doc) == [("10,000 air raids", 10_000, "air raid")]


def test_a_number_with_no_noun_counts_nothing():
    doc = build(
        """
        The         DT  det   1
        score       NN  nsubj 2
        reached/reach VBD ROOT -
        40          CD  dobj  2
        .           .   punct 2
        """
    )
    assert figs(doc) == [("40", 40, None)]


def test_year_like_number_with_a_counted_noun_is_a_count():
    doc = build(
        """
        The         DT  det   1
        army        NN  nsubj 2
        sent/send   VBD ROOT  -
        1500        CD  nummod 4
        troops/troop NNS dobj 2
        .           .   punct 2
        """
    )
    assert figs(doc) == [("1500 troops", 1500, "troop")]


def test_a_year_naming_a_noun_is_no_figure():
    doc = build(
        """
        The         DT  det   2
        2016        CD  nummod 2
        elections/election NNS nsubj 3
        mattered/matter VBD ROOT -
        .           .   punct 3
        """
    )
    assert figs(doc) == []


def test_a_hyphenated_kind_of_thing_is_no_count():
    doc = build(
        """
        She         PRP nsubj 1
        bought/buy  VBD ROOT  -
        a           DT  det   6
        four        CD  nummod 5 -sp
        -           HYPH punct 5 -sp
        door        NN  compound 6
        car         NN  dobj  1
        .           .   punct 1
        """
    )
    assert doc.text == "She bought a four-door car."
    assert figs(doc) == []


def test_of_which_takes_the_unit_of_the_figure_before():
    doc = build(
        """
        Police/police NNS nsubj 1
        held/hold   VBD ROOT  -
        40          CD  nummod 3
        protesters/protester NNS dobj 1
        ,           ,   punct 3
        33          CD  nsubj 8
        of          IN  prep  5
        whom        WP  pobj  6
        were/be     VBD relcl 3
        students/student NNS attr 8
        .           .   punct 1
        """
    )
    assert figs(doc) == [("40 protesters", 40, "protester"), ("33", 33, "protester")]


def test_of_a_noun_gives_the_unit():
    doc = build(
        """
        Five        CD  nsubj 3
        of          IN  prep  0
        soldiers/soldier NNS pobj 1
        died/die    VBD ROOT  -
        .           .   punct 3
        """
    )
    assert figs(doc) == [("Five", 5, "soldier")]


# --- not figures: names, addresses, references, ages, dates -----------------------------------


def test_number_after_a_capitalized_name_is_an_identifier():
    doc = build(
        """
        The         DT  det   1
        crew        NN  nsubj 5
        of          IN  prep  1
        Apollo      NNP pobj  2
        11          CD  nummod 3
        landed/land VBD ROOT  -
        .           .   punct 5
        """
    )
    assert figs(doc) == []


def test_number_inside_a_name_entity_is_no_figure():
    doc = build(
        """
        She         PRP nsubj 1
        installed/install VBD ROOT -
        Windows     NNP dobj  1 B-PRODUCT
        10          CD  nummod 2 I-PRODUCT
        .           .   punct 1
        """
    )
    assert figs(doc) == []


def test_a_reference_to_things_already_named_is_no_count():
    doc = build(
        """
        The         DT  det   1
        two         CD  nsubj 2
        left/leave  VBD ROOT  -
        early       RB  advmod 2
        .           .   punct 2
        Two         CD  nummod 6
        officials/official NNS nsubj 7
        stayed/stay VBD ROOT  -
        .           .   punct 7
        """
    )
    assert figs(doc) == [("Two officials", 2, "official")]


def test_an_address_is_no_figure():
    doc = build(
        """
        He          PRP nsubj 1
        lives/live  VBZ ROOT  -
        at          IN  prep  1
        10          CD  nummod 5
        Downing     NNP compound 5
        Street      NNP pobj  2
        .           .   punct 1
        """
    )
    assert figs(doc) == []


def test_an_age_after_a_name_is_a_figure_of_kind_age():
    doc = build(
        """
        Smith       NNP nsubj 4 B-PERSON
        ,           ,   punct 0
        45          CD  appos 0
        ,           ,   punct 0
        said/say    VBD ROOT  -
        no          UH  dobj  4
        """
    )
    [fig] = find_figures(doc)
    assert (fig.text, fig.value, fig.unit, fig.unit_kind) == ("45", 45, "year", "age")


def test_a_bare_number_the_model_reads_as_a_date_is_no_figure():
    doc = build(
        """
        Jones       NNP nsubj 1
        is/be       VBZ ROOT  -
        70          CD  attr  1 B-DATE
        .           .   punct 1
        """
    )
    assert figs(doc) == []


# --- qualifiers and units that read the parse ---------------------------------------------------


def test_qualifier_before_the_number():
    doc = build(
        """
        Over        IN  quantmod 1
        20          CD  nummod 2
        rifles/rifle NNS nsubj 3
        vanished/vanish VBD ROOT -
        .           .   punct 3
        """
    )
    f = one(doc)
    assert (f.text, f.qualifier, f.qualifier_text) == ("Over 20 rifles", "more than", "Over")


def test_particle_of_a_phrasal_verb_is_no_qualifier():
    doc = build(
        """
        Rebels/rebel NNS nsubj 1
        handed/hand VBD ROOT  -
        over        RP  prt   1
        20          CD  nummod 4
        rifles/rifle NNS dobj 1
        .           .   punct 1
        """
    )
    f = one(doc)
    assert (f.text, f.qualifier) == ("20 rifles", None)


def test_won_as_a_verb_is_no_currency():
    doc = build(
        """
        Some        DT  quantmod 1
        300         CD  nsubj 2
        won/win     VBD ROOT  -
        prizes/prize NNS dobj 2
        .           .   punct 2
        The         DT  det   6
        fee         NN  nsubj 7
        is/be       VBZ ROOT  -
        300         CD  nummod 9
        won         NN  attr  7
        .           .   punct 7
        """
    )
    units = [(f.text, f.unit) for f in find_figures(doc)]
    assert units == [("Some 300", None), ("300 won", "KRW")]


def test_pounds_after_a_verb_of_weight_are_weight():
    doc = build(
        """
        He          PRP nsubj 1
        lost/lose   VBD ROOT  -
        25          CD  nummod 3
        pounds/pound NNS dobj 1
        .           .   punct 1
        """
    )
    f = one(doc)
    assert (f.unit_kind, f.unit) == ("physical", "lb")


# --- meaning: per, of, rise and fall -------------------------------------------------------------


def test_rate_per_a_singular_noun():
    doc = build(
        """
        Users/user  NNS nsubj 1
        pay         VBP ROOT  -
        $           $   nmod  3
        4           CD  dobj  1
        a           DT  det   5
        month       NN  npadvmod 1
        .           .   punct 1
        """
    )
    f = one(doc)
    assert (f.text, f.unit, f.per) == ("$4", "USD", "month")


def test_no_rate_when_the_noun_is_a_plural_or_a_date_offset():
    doc = build(
        """
        Prices/price NNS nsubj 1
        were/be     VBD ROOT  -
        3           CD  nummod 3
        percent     NN  attr  1
        higher/high JJR amod  3
        a           DT  det   6
        year        NN  npadvmod 7
        ago         RB  advmod 1
        .           .   punct 1
        """
    )
    assert one(doc).per is None


def test_money_for_a_prepositional_object():
    doc = build(
        """
        Insurers/insurer NNS nsubj 1
        paid/pay    VBD ROOT  -
        $           $   quantmod 4
        11          CD  compound 4
        million     CD  dobj  1
        in          IN  prep  4
        claims/claim NNS pobj 5
        .           .   punct 1
        """
    )
    f = one(doc)
    assert (f.text, f.value, f.of) == ("$11 million", 11e6, "claims")


def test_money_modifying_a_noun():
    doc = build(
        """
        A           DT  det   5
        $           $   quantmod 3
        48          CD  compound 3
        million     CD  nummod 5
        flood       NN  compound 5
        barrier     NN  nsubj 6
        rose/rise   VBD ROOT  -
        .           .   punct 6
        """
    )
    assert one(doc).of == "flood barrier"


def test_money_in_a_year_is_for_nothing():
    doc = build(
        """
        It          PRP nsubj 1
        earned/earn VBD ROOT  -
        $           $   nmod  3
        5           CD  dobj  1
        in          IN  prep  1
        2019        CD  pobj  4
        .           .   punct 1
        """
    )
    assert one(doc).of is None


def test_change_verb_before_through_adverbs():
    doc = build(
        """
        Prices/price NNS nsubj 1
        rose/rise   VBD ROOT  -
        sharply     RB  advmod 1
        by          IN  prep  1
        6           CD  nummod 5
        %           NN  pobj  3
        .           .   punct 1
        """
    )
    f = one(doc)
    assert (f.text, f.unit, f.change) == ("6%", "%", "rise")


def test_change_noun_after_the_figure_and_before_of():
    doc = build(
        """
        A           DT  det   3
        6           CD  nummod 2
        %           NN  compound 3
        drop        NN  nsubj 4
        followed/follow VBD ROOT -
        .           .   punct 4
        A           DT  det   7
        rise        NN  nsubj 11
        of          IN  prep  7
        2           CD  nummod 10
        %           NN  pobj  8
        followed/follow VBD ROOT -
        .           .   punct 11
        """
    )
    assert [(f.text, f.change) for f in find_figures(doc)] == [("6%", "fall"), ("2%", "rise")]


def test_particle_of_a_phrasal_verb_is_no_change():
    doc = build(
        """
        They        PRP nsubj 1
        signed/sign VBD ROOT  -
        up          RP  prt   1
        5           CD  compound 4
        million     CD  nummod 5
        people/person NNS dobj 1
        .           .   punct 1
        """
    )
    f = one(doc)
    assert (f.text, f.change) == ("5 million people", "level")


def test_a_verb_after_the_figure_is_no_noun_of_change():
    doc = build(
        """
        The         DT  det   2
        FTSE        NNP compound 2
        100         CD  nsubj 3
        fell/fall   VBD ROOT  -
        sharply     RB  advmod 3
        .           .   punct 3
        """
    )
    assert [(f.text, f.change) for f in find_figures(doc)] == [("100", "level")]  # not "a 100 fall"
