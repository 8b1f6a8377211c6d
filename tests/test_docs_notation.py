"""The notation of hand-built Docs (tests/_docs.py): what it writes down is what the pipeline would
give, so that a rule tested on a hand-built parse sees the attributes the model's parses carry."""

from __future__ import annotations

from _docs import build, notation_pos

SAID_THAT = """
    The       DT  det    1
    mayor     NN  nsubj  2
    said      VBD ROOT   -
    that      IN  mark   6
    costs     NNS nsubj  6
    were      VBD aux    6
    rising    VBG ccomp  2
    ,         ,   punct  2
    and       CC  cc     2
    it        PRP nsubj  10
    is        VBZ conj   2
    bad       JJ  acomp  10
    in        IN  prep   10
    Paris     NNP pobj   12 B-GPE
    .         .   punct  10
"""


def test_pos_and_lemmas_are_the_pipelines_own(nlp):
    doc = build(SAID_THAT)
    got = {t.text: (t.pos_, t.lemma_) for t in doc}
    assert got["that"][0] == "SCONJ"  # the notation's old table said ADP
    assert got["is"] == ("AUX", "be")  # a copula: the old table said VERB
    assert got["said"] == ("VERB", "say") and got["costs"] == ("NOUN", "cost")
    assert got["in"][0] == "ADP" and got["Paris"][0] == "PROPN"
    # the same words parsed by the model carry the same POS for the same tags
    parsed = nlp(doc.text)
    for mine, theirs in zip(doc, parsed, strict=True):
        if mine.tag_ == theirs.tag_:
            assert mine.pos_ == theirs.pos_, (mine.text, mine.tag_)
    assert notation_pos("IN", "mark") == "ADP"  # what the notation used to write


def test_pos_and_lemma_can_be_written_by_hand():
    doc = build(
        """
        Apple     NN/PROPN nsubj 1 B-ORG
        rose/climb VBD      ROOT  -
        .         .        punct 1
        """
    )
    assert doc[0].pos_ == "PROPN" and doc[1].lemma_ == "climb" and doc[1].pos_ == "VERB"
    assert doc.text == "Apple rose."
    assert [e.label_ for e in doc.ents] == ["ORG"]


def test_spacing_and_escapes():
    doc = build(
        """
        “         ``  punct 1
        No        UH  ROOT  -
        ,         ,   punct 1
        ”         ''  punct 1
        he        PRP nsubj 5
        said      VBD parataxis 1
        .         .   punct 5
        \\n\\n      _SP dep   6
        km\\/h     NN  ROOT  -
        """
    )
    assert doc.text == "“No,” he said.\n\nkm/h"
    assert doc[7].is_space and doc[7].pos_ == "SPACE"
    assert doc[8].text == "km/h"
