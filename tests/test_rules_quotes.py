"""The hand rules of quote attribution, one by one, on hand-built parses (``tests/_docs.py``).

No model is loaded: each Doc carries the parse written below it, so a failure names the rule
(a frame of ``RULE_FRAMES``, a direct-quotation rule, ``according to``, a headline line, the
content's tail, the speaker mention, the cue) whatever the model would predict.
"""

from __future__ import annotations

import pytest
from _docs import build

from reader.nlp.quotes import direct
from reader.nlp.quotes.context import Context
from reader.nlp.quotes.direct import headline_candidates
from reader.nlp.quotes.extractor import rule_candidates
from reader.nlp.quotes.reported import RULE_FRAMES, cut_tail, indirect_candidates
from reader.nlp.quotes.spans import TokenIndex, cue_range, mention_range


def _cue(doc, c) -> str | None:
    return doc[c.cue[0] : c.cue[1]].text if c.cue is not None else None


def _spk(c) -> str | None:
    return c.speaker.text if c.speaker is not None else None


def reported(doc) -> list[tuple[str, str | None, str | None]]:
    """(content, speaker, cue) of the reported-speech rules, outside any quotation."""
    text = doc.text
    return [
        (text[c.start : c.end], _spk(c), _cue(doc, c))
        for c in indirect_candidates(doc, bytearray(len(text) + 1))
    ]


def quotes(doc) -> list[tuple[str, str | None, str | None, str]]:
    """(content, speaker, cue, kind) of all the hand rules, reconciled (``rule_candidates``)."""
    ctx = Context(doc)
    return [(ctx.text[c.start : c.end], _spk(c), _cue(doc, c), c.kind) for c in rule_candidates(ctx)]


# --- RULE_FRAMES: what a reporting verb reports, one frame each --------------------------------


def test_the_frame_table_is_tried_in_this_order():
    assert list(RULE_FRAMES) == [
        "clause",
        "hung_clause",
        "to_infinitive",
        "stance_object",
        "say_object",
        "see_as",
        "want_object",
        "prep_object",
    ]


def test_frame_clause_drops_the_complementizer():
    doc = build(
        """
        Officials/official NNS nsubj 1
        said/say    VBD ROOT  -
        that        IN  mark  5
        the         DT  det   4
        plan        NN  nsubj 5
        failed/fail VBD ccomp 1
        .           .   punct 1
        """
    )
    assert reported(doc) == [("the plan failed", "Officials", "said")]


def test_frame_clause_of_a_promise_is_its_infinitive_before_the_clause():
    doc = build(
        """
        She         PRP nsubj 1
        promised/promise VBD ROOT -
        to          TO  aux   3
        act         VB  xcomp 1
        ,           ,   punct 1
        saying/say  VBG advcl 1
        voters/voter NNS nsubj 7
        want        VBP ccomp 1
        it          PRP dobj  7
        .           .   punct 1
        """
    )
    # the ccomp is hung on "promised" too: the infinitive before it is what was promised
    assert ("to act", "She", "promised") in reported(doc)


def test_frame_hung_clause_on_a_noun_of_the_verbs_phrase():
    doc = build(
        """
        She         PRP nsubj 1
        said/say    VBD ROOT  -
        on          IN  prep  1
        Friday      NNP pobj  2
        that        IN  mark  7
        the         DT  det   6
        plan        NN  nsubj 7
        failed/fail VBD relcl 3
        .           .   punct 1
        """
    )
    assert reported(doc) == [("the plan failed", "She", "said")]


def test_frame_to_infinitive():
    doc = build(
        """
        She        PRP nsubj 1
        vowed/vow  VBD ROOT  -
        to         TO  aux   3
        fight      VB  xcomp 1
        the        DT  det   5
        plan       NN  dobj  3
        .          .   punct 1
        """
    )
    assert reported(doc) == [("to fight the plan", "She", "vowed")]


def test_frame_stance_object_with_its_complement():
    doc = build(
        """
        The         DT  det   1
        senator     NN  nsubj 2
        accused/accuse VBD ROOT -
        the         DT  det   4
        mayor       NN  dobj  2
        of          IN  prep  2
        lying/lie   VBG pcomp 5
        .           .   punct 2
        """
    )
    assert reported(doc) == [("the mayor of lying", "senator", "accused")]


def test_frame_stance_object_of_a_publishing_verb_is_no_content():
    doc = build(
        """
        The         DT  det   1
        council     NN  nsubj 2
        released/release VBD ROOT -
        a           DT  det   4
        statement   NN  dobj  2
        .           .   punct 2
        """
    )
    assert reported(doc) == []  # what the statement says comes elsewhere


def test_frame_say_object_a_clause_parsed_as_an_object():
    doc = build(
        """
        Critics/critic NNS nsubj 1
        say         VBP ROOT  -
        the         DT  det   3
        movement    NN  dobj  1
        is/be       VBZ relcl 3
        fading/fade VBG acomp 4
        .           .   punct 1
        """
    )
    assert reported(doc) == [("the movement is fading", "Critics", "say")]


def test_frame_see_as():
    doc = build(
        """
        Voters/voter NNS nsubj 1
        see         VBP ROOT  -
        Clinton     NNP dobj  1
        as          IN  prep  1
        the         DT  det   6
        stronger/strong JJR amod 6
        candidate   NN  pobj  3
        .           .   punct 1
        """
    )
    assert reported(doc) == [("Clinton as the stronger candidate", "Voters", "see")]


def test_frame_want_object():
    doc = build(
        """
        Farmers/farmer NNS nsubj 1
        want        VBP ROOT  -
        lower/low   JJR amod  3
        taxes/tax   NNS dobj  1
        .           .   punct 1
        """
    )
    assert reported(doc) == [("lower taxes", "Farmers", "want")]


def test_frame_prep_object_ends_the_cue_with_the_preposition():
    doc = build(
        """
        He          PRP nsubj 1
        called/call VBD ROOT  -
        for         IN  prep  1
        a           DT  det   4
        ban         NN  pobj  2
        .           .   punct 1
        """
    )
    assert reported(doc) == [("a ban", "He", "called for")]


def test_frame_prep_object_of_a_clause_after_the_preposition():
    doc = build(
        """
        Unions/union NNS nsubj 1
        pushed/push VBD ROOT  -
        for         IN  mark  5
        the         DT  det   4
        city        NN  nsubj 5
        act         VB  advcl 1
        .           .   punct 1
        """
    )
    assert reported(doc) == [("the city act", "Unions", "pushed for")]


def test_a_verb_outside_the_lexicon_reports_nothing():
    doc = build(
        """
        Officials/official NNS nsubj 1
        painted/paint VBD ROOT -
        the         DT  det   3
        fence       NN  dobj  1
        .           .   punct 1
        """
    )
    assert reported(doc) == []


# --- who may report: the subject filters of a reported clause --------------------------------


def test_a_subject_that_cannot_speak_reports_no_object():
    doc = build(
        """
        600         CD  nummod 1
        homes/home  NNS nsubj  2
        reported/report VBD ROOT -
        flood       NN  compound 4
        damage      NN  dobj   2
        .           .   punct  2
        """
    )
    assert reported(doc) == []


def test_reported_speech_without_a_source_keeps_no_speaker():
    doc = build(
        """
        The         DT  det   1
        timing      NN  nsubj 2
        suggests/suggest VBZ ROOT -
        that        IN  mark  5
        talks/talk  NNS nsubj 5
        stalled/stall VBD ccomp 2
        .           .   punct 2
        """
    )
    assert reported(doc) == [("talks stalled", None, "suggests")]


def test_a_relative_of_a_thing_that_cannot_speak_is_no_source():
    doc = build(
        """
        The         DT  det   1
        plan        NN  nsubj 7
        that        WDT nsubj 3
        says/say    VBZ relcl 1
        taxes/tax   NNS nsubj 6
        will        MD  aux   6
        rise        VB  ccomp 3
        failed/fail VBD ROOT  -
        .           .   punct 7
        """
    )
    assert reported(doc) == []


# --- adjectives, nouns, passives, asides -----------------------------------------------------


def test_adjective_of_stance_after_a_copula():
    doc = build(
        """
        Farmers/farmer NNS nsubj 1
        were/be     VBD ROOT  -
        skeptical   JJ  acomp 1
        of          IN  prep  2
        the         DT  det   5
        plan        NN  pobj  3
        .           .   punct 1
        """
    )
    assert reported(doc) == [("the plan", "Farmers", "were skeptical of")]


def test_noun_of_saying_with_a_possessor_and_an_infinitive():
    doc = build(
        """
        Stone       NNP poss  2
        's          POS case  0
        promise     NN  nsubj 6
        to          TO  aux   4
        cut         VB  acl   2
        taxes/tax   NNS dobj  4
        was/be      VBD ROOT  -
        popular     JJ  acomp 6
        .           .   punct 6
        """
    )
    assert reported(doc) == [("to cut taxes", "Stone", "promise")]


def test_noun_of_saying_with_a_that_clause():
    doc = build(
        """
        Her         PRP$ poss  1
        claim       NN   nsubj 6
        that        IN   mark  5
        taxes/tax   NNS  nsubj 5
        had/have    VBD  aux   5
        risen/rise  VBN  acl   1
        was/be      VBD  ROOT  -
        false       JJ   acomp 6
        .           .    punct 6
        """
    )
    assert reported(doc) == [("taxes had risen", "Her", "claim")]


def test_passive_raising_has_no_named_source():
    doc = build(
        """
        Smith       NNP nsubjpass 2
        is/be       VBZ auxpass   2
        expected/expect VBN ROOT  -
        to          TO  aux       4
        resign      VB  xcomp     2
        .           .   punct     2
        """
    )
    assert reported(doc) == [("Smith is expected to resign", None, "is expected")]


def test_aside_inside_its_clause_gives_two_pieces():
    doc = build(
        """
        The      DT  det       1
        deal     NN  nsubj     6
        ,        ,   punct     6
        he       PRP nsubj     4
        said/say VBD parataxis 6
        ,        ,   punct     6
        is/be    VBZ ROOT      -
        dead     JJ  acomp     6
        .        .   punct     6
        """
    )
    [c] = indirect_candidates(doc, bytearray(len(doc.text) + 1))
    text = doc.text
    assert (_spk(c), _cue(doc, c)) == ("he", "said")
    assert [text[s:e] for s, e in c.pieces] == ["The deal", "is dead"]


def test_aside_after_its_clause():
    doc = build(
        """
        Taxes/tax NNS nsubj     2
        will     MD  aux       2
        rise     VB  ROOT      -
        ,        ,   punct     2
        he       PRP nsubj     5
        said/say VBD parataxis 2
        .        .   punct     2
        """
    )
    assert reported(doc) == [("Taxes will rise", "he", "said")]


def test_aside_opened_by_as():
    doc = build(
        """
        The      DT  det   1
        bridge   NN  nsubj 3
        will     MD  aux   3
        close    VB  ROOT  -
        ,        ,   punct 3
        as       IN  mark  8
        police/police NNS nsubj 8
        have/have VBP aux  8
        said/say VBN advcl 3
        .        .   punct 3
        """
    )
    assert reported(doc) == [("The bridge will close", "police", "have said")]


# --- according to, findings of a document, headline lines -----------------------------------


def test_according_to_before_the_clause():
    doc = build(
        """
        According/accord VBG prep 6
        to       IN  prep  0
        the      DT  det   3
        ministry NN  pobj  1
        ,        ,   punct 6
        prices/price NNS nsubj 6
        rose/rise VBD ROOT -
        sharply  RB  advmod 6
        .        .   punct 6
        """
    )
    assert reported(doc) == [("prices rose sharply", "ministry", "According to")]


def test_according_to_after_the_clause():
    doc = build(
        """
        Prices/price NNS nsubj 1
        rose/rise VBD ROOT -
        sharply  RB  advmod 1
        ,        ,   punct 1
        according/accord VBG prep 1
        to       IN  prep  4
        police/police NNS pobj 5
        .        .   punct 1
        """
    )
    assert reported(doc) == [("Prices rose sharply", "police", "according to")]


def test_according_to_plan_cites_no_one():
    doc = build(
        """
        The      DT  det   1
        work     NN  nsubj 2
        went/go  VBD ROOT  -
        ahead    RB  advmod 2
        according/accord VBG prep 2
        to       IN  prep  4
        plan     NN  pobj  5
        .        .   punct 2
        """
    )
    assert reported(doc) == []


def test_in_a_poll_the_document_reports_the_rest():
    doc = build(
        """
        In       IN  prep  6
        the      DT  det   3
        latest/late JJS amod 3
        poll     NN  pobj  0
        ,        ,   punct 6
        Clinton  NNP nsubj 6
        leads/lead VBZ ROOT -
        by       IN  prep  6
        five     CD  nummod 9
        points/point NNS pobj 7
        .        .   punct 6
        """
    )
    assert reported(doc) == [("Clinton leads by five points", "poll", "In")]


def _headlines(doc):
    text = doc.text
    return [
        (text[c.start : c.end], _spk(c), _cue(doc, c))
        for c in headline_candidates(doc, text, TokenIndex(doc))
    ]


def test_headline_name_colon_words():
    doc = build(
        """
        Jane     NNP compound 1
        Doe      NNP ROOT  -
        :        :   punct 1
        We       PRP nsubj 5
        will     MD  aux   5
        rebuild  VB  ROOT  -
        the      DT  det   7
        bridge   NN  dobj  5
        """
    )
    assert _headlines(doc) == [("We will rebuild the bridge", "Doe", ":")]


@pytest.mark.parametrize(("label", "tag"), [("Update", "NNP"), ("Rain", "NN")])
def test_headline_label_that_is_no_source(label, tag):
    doc = build(
        f"""
        {label}  {tag} ROOT -
        :        :   punct 0
        the      DT  det   3
        road     NN  nsubj 4
        reopened/reopen VBD ROOT -
        on       IN  prep  4
        Monday   NNP pobj  5
        """
    )
    assert _headlines(doc) == []  # "Update:" is a label, even tagged as a name; "Rain:" cannot speak


# --- the content's tail, its line, the speaker mention, the cue ------------------------------


def test_cut_tail_relative_clause_of_the_writer():
    doc = build(
        """
        She         PRP nsubj 1
        praised/praise VBD ROOT -
        the         DT  det   3
        plan        NN  dobj  1
        ,           ,   punct 3
        which       WDT nsubj 6
        cuts/cut    VBZ relcl 3
        taxes/tax   NNS dobj  6
        .           .   punct 1
        """
    )
    assert reported(doc) == [("the plan", "She", "praised")]


def test_cut_tail_trailing_participle():
    doc = build(
        """
        He          PRP nsubj 1
        said/say    VBD ROOT  -
        taxes/tax   NNS nsubj 3
        rose/rise   VBD ccomp 1
        ,           ,   punct 3
        citing/cite VBG advcl 3
        costs/cost  NNS dobj  5
        .           .   punct 1
        """
    )
    assert ("taxes rose", "He", "said") in reported(doc)


def test_cut_tail_at_a_semicolon():
    doc = build(
        """
        He          PRP nsubj 1
        said/say    VBD ROOT  -
        taxes/tax   NNS nsubj 3
        rose/rise   VBD ccomp 1
        ;           :   punct 3
        wages/wage  NNS nsubj 5
        fell/fall   VBD conj  3
        .           .   punct 1
        """
    )
    assert reported(doc) == [("taxes rose", "He", "said")]


def test_cut_tail_at_a_concessive_clause_called_directly():
    doc = build(
        """
        She         PRP nsubj 1
        said/say    VBD ROOT  -
        taxes/tax   NNS nsubj 3
        rose/rise   VBD ccomp 1
        ,           ,   punct 3
        although    IN  mark  7
        wages/wage  NNS nsubj 7
        held/hold   VBD advcl 3
        .           .   punct 1
        """
    )
    lo, hi = 2, 8
    assert cut_tail(doc, lo, hi, 3) == 4
    assert cut_tail(doc, lo, 4, 3) == 4  # nothing to cut


def test_content_stays_on_the_line_of_its_cue():
    doc = build(
        """
        She         PRP nsubj 1
        said/say    VBD ROOT  -
        the         DT  det   3
        bridge      NN  nsubj 5
        will        MD  aux   5
        close       VB  ccomp 1
        \\n\\n      _SP dep   5
        Soon        RB  advmod 5
        .           .   punct 1
        """
    )
    assert reported(doc) == [("the bridge will close", "She", "said")]


def test_mention_range_takes_left_modifiers_only():
    doc = build(
        """
        the         DT  det   2
        city        NN  poss  4
        's          POS case  1
        top         JJ  amod  4
        lawyer      NN  nsubj 5
        said/say    VBD ROOT  -
        ,           ,   punct 4
        """
    )
    assert doc[slice(*mention_range(doc[4]))].text == "the city's top lawyer"


def test_mention_range_keeps_a_whole_entity():
    doc = build(
        """
        Ashton      NNP npadvmod 2 B-PERSON
        Carter      NNP nsubj    2 I-PERSON
        said/say    VBD ROOT     -
        .           .   punct    2
        """
    )
    assert doc[slice(*mention_range(doc[1]))].text == "Ashton Carter"


def test_mention_range_never_across_quotation_marks_or_a_line_break():
    doc = build(
        """
        “          ``  punct    1
        Parasite   NNP compound 3
        ”          ''  punct    1
        director   NN  nsubj    4
        said/say   VBD ROOT     -
        .          .   punct    4
        """
    )
    assert doc[slice(*mention_range(doc[3]))].text == "director"
    doc = build(
        """
        Flood      NNP compound 3
        Update     NNP compound 3
        \\n\\n     _SP dep      1
        officials/official NNS nsubj 4
        said/say   VBD ROOT     -
        .          .   punct    4
        """
    )
    assert doc[slice(*mention_range(doc[3]))].text == "officials"


def test_cue_range_takes_auxiliaries_negation_and_particle():
    doc = build(
        """
        She         PRP nsubj 3
        has/have    VBZ aux   3
        not         RB  neg   3
        pointed/point VBN ROOT -
        out         RP  prt   3
        that        IN  mark  8
        the         DT  det   7
        costs/cost  NNS nsubj 8
        rose/rise   VBD ccomp 3
        .           .   punct 3
        """
    )
    assert doc[slice(*cue_range(doc[3]))].text == "has not pointed out"
    assert reported(doc) == [("the costs rose", "She", "has not pointed out")]


# --- direct quotations -----------------------------------------------------------------------


def test_direct_cue_governing_the_quoted_words():
    doc = build(
        """
        “           ``  punct 3
        The         DT  det   2
        plan        NN  nsubj 3
        failed/fail VBD ccomp 7
        ,           ,   punct 3
        ”           ''  punct 3
        she         PRP nsubj 7
        said/say    VBD ROOT  -
        .           .   punct 7
        """
    )
    assert quotes(doc) == [("The plan failed,", "she", "said", "direct")]


def test_direct_cue_after_the_closing_mark():
    doc = build(
        """
        “           ``  punct 4
        We          PRP nsubj 4
        will        MD  aux   4
        surely      RB  advmod 4
        win         VB  ROOT  -
        ,           ,   punct 4
        ”           ''  punct 4
        Carter      NNP nsubj 8
        told/tell   VBD ROOT  -
        reporters/reporter NNS dobj 8
        .           .   punct 8
        """
    )
    assert quotes(doc) == [("We will surely win,", "Carter", "told", "direct")]


def test_direct_any_verb_with_a_subject_after_a_comma():
    doc = build(
        """
        “           ``  punct 1
        Go          VB  ROOT  -
        back        RB  advmod 1
        ,           ,   punct 1
        ”           ''  punct 1
        Trump       NNP nsubj 6
        barked/bark VBD ROOT  -
        .           .   punct 6
        """
    )
    assert quotes(doc) == [("Go back,", "Trump", "barked", "direct")]


def test_direct_verb_before_the_colon():
    doc = build(
        """
        The         DT  det   1
        mayor       NN  nsubj 2
        put         VBD ROOT  -
        it          PRP dobj  2
        bluntly     RB  advmod 2
        :           :   punct 2
        “           ``  punct 2
        We          PRP nsubj 9
        will        MD  aux   9
        rebuild     VB  ROOT  -
        the         DT  det   11
        bridge      NN  dobj  9
        .           .   punct 9
        ”           ''  punct 9
        """
    )
    assert quotes(doc) == [("We will rebuild the bridge.", "mayor", "put", "direct")]


def test_direct_verb_of_the_paragraph_before_ending_in_a_colon():
    doc = build(
        """
        Cruz        NNP nsubj 1
        continued/continue VBD ROOT -
        :           :   punct 1
        \\n\\n      _SP dep   2
        “           ``  punct 7
        We          PRP nsubj 7
        will        MD  aux   7
        rebuild     VB  ROOT  -
        the         DT  det   9
        bridge      NN  dobj  7
        .           .   punct 7
        ”           ''  punct 7
        """
    )
    assert quotes(doc) == [("We will rebuild the bridge.", "Cruz", "continued", "direct")]


def test_direct_name_before_a_colon_on_the_same_line():
    # six tokens before the colon: too long a name for a headline line, a transcript's label
    doc = build(
        """
        Sen.        NNP compound 2
        Jane        NNP compound 2
        Doe         NNP ROOT  -
        (           -LRB- punct 2
        D           NNP appos 2
        )           -RRB- punct 2
        :           :   punct 2
        “           ``  punct 10
        The         DT  det   9
        race        NN  nsubj 10
        is/be       VBZ ROOT  -
        close       JJ  acomp 10
        .           .   punct 10
        ”           ''  punct 10
        """
    )
    assert doc.text == "Sen. Jane Doe (D): “The race is close.”"
    assert _headlines(doc) == []
    assert quotes(doc) == [("The race is close.", "Doe", ":", "direct")]


def test_direct_dash_credit_before_the_colon():
    doc = build(
        """
        Polls/poll  NNS nsubj 1
        agree       VBP ROOT  -
        -           HYPH punct 1
        Jane        NNP compound 4
        Doe         NNP npadvmod 1
        :           :   punct 1
        “           ``  punct 9
        The         DT  det   8
        race        NN  nsubj 9
        is/be       VBZ ROOT  -
        close       JJ  acomp 9
        .           .   punct 9
        ”           ''  punct 9
        """
    )
    credited = direct._dash_name(doc, 5)
    assert credited is not None and credited.text == "Doe"
    assert quotes(doc) == [("The race is close.", "Doe", ":", "direct")]


def test_direct_dash_credit_after_the_closing_mark():
    doc = build(
        """
        “           ``  punct 2
        Patience    NN  nsubj 2
        is/be       VBZ ROOT  -
        a           DT  det   4
        weapon      NN  attr  2
        .           .   punct 2
        ”           ''  punct 2
        ―           NFP punct 9
        Jane        NNP compound 9
        Doe         NNP ROOT  -
        """
    )
    assert quotes(doc) == [("Patience is a weapon.", "Doe", "―", "direct")]


def test_direct_dash_credit_after_a_no_break_space():
    # web pages often put a no-break space after the dash; spaCy makes it a token of its own
    doc = build(
        """
        “           ``  punct 2
        Patience    NN  nsubj 2
        is/be       VBZ ROOT  -
        a           DT  det   4
        weapon      NN  attr  2
        .           .   punct 2
        ”           ''  punct 2
        ―           NFP punct 10 -sp
        \\b          _SP dep   10
        Jane        NNP compound 10
        Doe         NNP ROOT  -
        """
    )
    assert doc.text == "“Patience is a weapon.” ―\u00a0Jane Doe"
    assert quotes(doc) == [("Patience is a weapon.", "Doe", "―", "direct")]


def test_direct_speaker_beside_a_cue_without_subject():
    doc = build(
        """
        “           ``  punct 2
        We          PRP nsubj 2
        are/be      VBP ccomp 6
        ready       JJ  acomp 2
        ,           ,   punct 2
        ”           ''  punct 2
        said/say    VBD ROOT  -
        a           DT  det   8
        spokesman   NN  dobj  6
        for         IN  prep  8
        the         DT  det   11
        city        NN  pobj  9
        .           .   punct 6
        """
    )
    assert quotes(doc) == [("We are ready,", "spokesman", "said", "direct")]


def test_direct_interrupted_quotation_is_one_quote_in_two_pieces():
    doc = build(
        """
        “           ``  punct 3
        Taxes/tax   NNS nsubj 3
        will        MD  aux   3
        rise        VB  ccomp 7
        ,           ,   punct 3
        ”           ''  punct 3
        she         PRP nsubj 7
        said/say    VBD ROOT  -
        ,           ,   punct 7
        “           ``  punct 13
        and         CC  cc    13
        nobody      NN  nsubj 13
        will        MD  aux   13
        stop        VB  ccomp 7
        them        PRP dobj  13
        .           .   punct 13
        ”           ''  punct 13
        """
    )
    ctx = Context(doc)
    [c] = rule_candidates(ctx)
    text = ctx.text
    assert text[c.start : c.end] == "Taxes will rise,” she said, “and nobody will stop them."
    assert (_spk(c), _cue(doc, c), c.kind) == ("she", "said", "direct")
    assert [text[s:e] for s, e in c.pieces] == ["Taxes will rise,", "and nobody will stop them."]


def test_direct_title_in_marks_is_no_quote():
    doc = build(
        """
        Ryan        NNP nsubj 1
        said/say    VBD ROOT  -
        on          IN  prep  1
        “           ``  punct 7
        Meet        NNP compound 7
        the         DT  det   7
        Press       NNP compound 7
        Weekly      NNP pobj  2
        ”           ''  punct 7
        that        IN  mark  12
        taxes/tax   NNS nsubj 12
        would       MD  aux   12
        fall        VB  ccomp 1
        .           .   punct 1
        """
    )
    assert quotes(doc) == [("taxes would fall", "Ryan", "said", "indirect")]


def test_direct_piece_with_a_byline_is_a_title():
    doc = build(
        """
        “           ``  punct 4
        How         WRB advmod 4
        the         DT  det   3
        plan        NN  nsubj 4
        works/work  VBZ ROOT  -
        ,           ,   punct 4
        explained/explain VBN conj 4
        ,           ,   punct 4
        ”           ''  punct 4
        by          IN  prep  4
        Jane        NNP compound 11
        Doe         NNP pobj  9
        """
    )
    assert [q for q in quotes(doc) if q[3] == "direct"] == []


def test_direct_scare_quote_makes_the_clause_mixed():
    doc = build(
        """
        She         PRP nsubj 1
        said/say    VBD ROOT  -
        the         DT  det   4
        “           ``  punct 4
        reform      NN  nsubj 7
        ”           ''  punct 4
        would       MD  aux   7
        fail        VB  ccomp 1
        .           .   punct 1
        """
    )
    assert quotes(doc) == [("the “reform” would fail", "She", "said", "mixed")]


def test_direct_short_words_without_a_cue_are_no_quote():
    doc = build(
        """
        “           ``  punct 1
        Big         JJ  amod  2
        news        NN  ROOT  -
        ”           ''  punct 2
        """
    )
    assert quotes(doc) == []


def test_direct_transcript_turn_quoted_whole():
    doc = build(
        """
        “           ``  punct 1
        WALLACE     NNP ROOT  -
        :           :   punct 1
        Let/let     VB  ROOT  -
        us          PRP nsubj 5
        start       VB  ccomp 3
        with        IN  prep  5
        taxes/tax   NNS pobj  6
        .           .   punct 3
        ”           ''  punct 3
        """
    )
    assert quotes(doc) == [("Let us start with taxes.", "WALLACE", ":", "direct")]


def test_direct_transcript_turns_over_paragraphs_are_one_quote_each():
    doc = build(
        """
        “           ``  punct 1
        WALLACE     NNP ROOT  -
        :           :   punct 1
        Let/let     VB  ROOT  -
        us          PRP nsubj 5
        start       VB  ccomp 3
        with        IN  prep  5
        taxes/tax   NNS pobj  6
        .           .   punct 3
        \\n\\n      _SP dep   8
        “           ``  punct 11
        DOE         NNP ROOT  -
        :           :   punct 11
        Fine        JJ  ROOT  -
        by          IN  prep  13
        me          PRP pobj  14
        .           .   punct 13
        ”           ''  punct 13
        """
    )
    got = [(q[0], q[1]) for q in quotes(doc)]
    assert got == [("Let us start with taxes.", "WALLACE"), ("Fine by me.", "DOE")]
