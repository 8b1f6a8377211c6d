"""The learned model's candidate frames, one by one, on hand-built parses (``tests/_docs.py``)."""

from __future__ import annotations

import pytest
from _docs import build

from reader.nlp.quotes.frames import PHRASE_FRAMES, frame_candidates


def _frames(doc):
    text = doc.text
    quoted = bytearray(len(text) + 1)
    return {
        c.frame: (
            text[c.start : c.end],
            c.speaker.text if c.speaker is not None else None,
            c.cue_head.text if c.cue_head is not None else None,
        )
        for c in frame_candidates(doc, quoted)
    }


def test_object_frame_is_a_phrase_with_its_subject_as_speaker():
    doc = build(
        """
        The      DT  det    1
        mayor    NN  nsubj  2
        rejected VBD ROOT   -
        that     DT  det    4
        criticism NN dobj   2
        .        .   punct  2
        """
    )
    assert _frames(doc)["dobj"] == ("that criticism", "mayor", "rejected")
    assert "dobj" in PHRASE_FRAMES


def test_clause_frame_without_complementizer():
    doc = build(
        """
        Officials/official NNS nsubj 1
        said/say VBD ROOT   -
        that      IN  mark  5
        the       DT  det   4
        plan      NN  nsubj 5
        failed/fail VBD ccomp 1
        .         .   punct 1
        """
    )
    assert _frames(doc)["ccomp"] == ("the plan failed", "Officials", "said")


def test_infinitive_frame():
    doc = build(
        """
        She        PRP nsubj 1
        vowed/vow  VBD ROOT  -
        to         TO  aux   3
        fight      VB  xcomp 1
        .          .   punct 1
        """
    )
    assert _frames(doc)["xcomp"] == ("to fight", "She", "vowed")


def test_prepositional_frame():
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
    content, speaker, cue = _frames(doc)["prep"]
    assert (content, speaker, cue) == ("a ban", "He", "called")


def test_passive_frame_content_is_the_subject_and_the_agent_speaks():
    doc = build(
        """
        The         DT  det       1
        plan        NN  nsubjpass 3
        was/be      VBD auxpass   3
        endorsed/endorse VBN ROOT -
        by          IN  agent     3
        the         DT  det       6
        union       NN  pobj      4
        .           .   punct     3
        """
    )
    assert _frames(doc)["passive"] == ("The plan", "union", "endorsed")


def test_aside_frame_takes_the_clause_around_the_attribution():
    doc = build(
        """
        The     DT  det       1
        deal    NN  nsubj     6
        ,       ,   punct     6
        he      PRP nsubj     4
        said/say VBD parataxis 6
        ,       ,   punct     6
        is/be   VBZ ROOT      -
        dead    JJ  acomp     6
        .       .   punct     6
        """
    )
    content, speaker, cue = _frames(doc)["aside"]
    assert (speaker, cue) == ("he", "said")
    assert content.startswith("The deal") and content.endswith("dead")


def test_noun_frame_with_a_that_clause_and_a_possessor():
    doc = build(
        """
        Her         PRP$ poss  1
        claim       NN   nsubj 6
        that        IN   mark  5
        taxes       NNS  nsubj 5
        had/have    VBD  aux   5
        risen/rise  VBN  acl   1
        was/be      VBD  ROOT  7
        false       JJ   acomp 6
        .           .    punct 6
        """
    )
    assert _frames(doc)["noun"] == ("taxes had risen", "Her", "claim")


def test_adjective_frame_after_a_copula():
    doc = build(
        """
        Farmers    NNS nsubj 1
        were/be    VBD ROOT  -
        worried    JJ  acomp 1
        about      IN  prep  2
        costs/cost NNS pobj  3
        .          .   punct 1
        """
    )
    assert _frames(doc)["adj"] == ("costs", "Farmers", "worried")


@pytest.mark.parametrize("quoted_char", [0])
def test_no_frame_inside_a_quotation(quoted_char):
    doc = build(
        """
        The      DT  det    1
        mayor    NN  nsubj  2
        rejected VBD ROOT   -
        it       PRP dobj   2
        """
    )
    quoted = bytearray(b"\x01" * (len(doc.text) + 1))
    assert frame_candidates(doc, quoted) == []


# --- choosing among candidates, on hand-built parses -----------------------------------------------


def test_a_speaker_mention_never_reaches_into_quotation_marks():
    from reader.nlp.quotes.spans import mention_range

    doc = build(
        """
        “          ``  punct    1
        Parasite   NNP compound 3
        ”          ''  punct    1
        director   NN  nsubj    4
        said/say   VBD ROOT     -
        it         PRP nsubj    6
        won/win    VBD ccomp    4
        .          .   punct    4
        """
    )
    lo, hi = mention_range(doc[3])
    assert doc[lo:hi].text == "director"


def test_a_quoted_object_is_a_title_not_a_quote():
    from reader.nlp.quotes.candidates import all_candidates
    from reader.nlp.quotes.context import Context

    doc = build(
        """
        She        PRP nsubj 1
        read       VBD ROOT  -
        “          ``  punct 4
        War        NNP compound 4
        Peace      NNP dobj  1
        ”          ''  punct 4
        .          .   punct 1
        """
    )
    ctx = Context(doc)
    assert [c.frame for c in frame_candidates(doc, bytearray(len(doc.text) + 1))] == ["dobj"]
    assert all_candidates(ctx, []) == []  # the same object inside marks is dropped


def _cand(doc, start_tok, end_tok, cue_tok):
    from reader.nlp.quotes.spans import Candidate

    start = doc[start_tok].idx
    end = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
    return Candidate(start, end, (cue_tok, cue_tok + 1), doc[cue_tok], None, "frame", frame="ccomp")


def test_select_keeps_nested_attributions_and_drops_repeats():
    import numpy as np

    from reader.nlp.quotes.decision import select

    doc = build(
        """
        Aides       NNS nsubj 1
        said/say    VBD ROOT  -
        Smith       NNP nsubj 3
        claimed/claim VBD ccomp 1
        taxes       NNS nsubj 5
        rose/rise   VBD ccomp 3
        .           .   punct 1
        """
    )
    outer = _cand(doc, 2, 6, 1)  # "Smith claimed taxes rose" (said)
    inner = _cand(doc, 4, 6, 3)  # "taxes rose" (claimed): its cue is inside the outer content
    again = _cand(doc, 3, 6, 1)  # another content for "said": the same cue twice
    part = _cand(doc, 2, 4, 0)  # inside the outer content, its cue outside it: the same words twice
    cands = [outer, inner, again, part]
    kept = select(cands, np.array([0.9, 0.8, 0.7, 0.6]), 0.5)
    assert [cands[k] for k in kept] == [outer, inner]
    assert select(cands, np.array([0.9, 0.8, 0.7, 0.6]), 0.85) == [0]


def test_select_says_one_speakers_act_once():
    """'The Netherlands has made [promises [to extend the attacks]]': the stance and the noun's own
    frame have one speaker, so the same words are listed once, the likelier first."""
    import numpy as np

    from reader.nlp.quotes.decision import select

    doc = build(
        """
        Netherlands NNP/PROPN nsubj 2 B-GPE
        has         VBZ aux    2
        made/make   VBN ROOT   -
        promises/promise NNS dobj 2
        to          TO  aux    5
        extend      VB  acl    3
        attacks/attack NNS dobj 5
        .           .   punct  2
        """
    )
    stance = _cand(doc, 3, 7, 2)  # "promises to extend attacks" (has made)
    noun = _cand(doc, 4, 7, 3)  # "to extend attacks" (promises): its cue inside the stance's content
    for c in (stance, noun):
        c.speaker = doc[0]
    assert select([stance, noun], np.array([0.6, 0.8]), 0.5) == [1]
    noun.speaker = None  # no speaker of its own: nested, as "X said [Y claimed [Z]]"
    assert select([stance, noun], np.array([0.6, 0.8]), 0.5) == [0, 1]
