"""Entity rules on hand-built parses that ``tests/test_entities_known.py`` does not cover: the
corrections of ``fix_entities`` (coordination with places, trailing possessives, office titles,
prefixed names, line breaks), NORP groups against adjectives, the award and apposition evidence
and a sentence opened by a participle. No model is loaded."""

from __future__ import annotations

from _docs import build

from reader.nlp import entities, entity_types, known_entities


def ents(doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def test_fix_person_coordinated_with_a_place_is_a_place():
    doc = build(
        """
        Strikes/strike NNS nsubj 1
        hit         VBD ROOT  -
        Raqqah      NNP dobj  1 B-PERSON
        and         CC  cc    2
        Mosul       NNP conj  2 B-GPE
        .           .   punct 1
        """
    )
    assert ents(entities.fix_entities(doc)) == [("Raqqah", "GPE"), ("Mosul", "GPE")]


def test_fix_person_not_coordinated_stays_a_person():
    doc = build(
        """
        Raqqah      NNP nsubj 1 B-PERSON
        visited/visit VBD ROOT -
        Mosul       NNP dobj  1 B-GPE
        .           .   punct 1
        """
    )
    assert ents(entities.fix_entities(doc)) == [("Raqqah", "PERSON"), ("Mosul", "GPE")]


def test_fix_trailing_possessive_is_trimmed():
    doc = build(
        """
        Carter      NNP poss  2 B-PERSON
        's          POS case  0 I-PERSON
        plan        NN  nsubj 3
        failed/fail VBD ROOT  -
        .           .   punct 3
        """
    )
    assert ents(entities.fix_entities(doc)) == [("Carter", "PERSON")]


def test_fix_tail_of_an_office_title_is_no_organization():
    doc = build(
        """
        Secretary   NNP compound 4
        of          IN  prep  0
        State       NNP pobj  1 B-ORG
        John        NNP compound 4 B-PERSON
        Kerry       NNP nsubj 5 I-PERSON
        spoke/speak VBD ROOT  -
        .           .   punct 5
        """
    )
    assert ents(entities.fix_entities(doc)) == [("John Kerry", "PERSON")]


def test_fix_prefixed_name_is_an_attribute():
    doc = build(
        """
        The         DT  det   4
        anti        JJ  amod  4 -sp
        -           HYPH punct 4 -sp
        NATO        NNP compound 4 B-ORG
        camp        NN  nsubj 5
        grew/grow   VBD ROOT  -
        .           .   punct 5
        """
    )
    assert doc.text == "The anti-NATO camp grew."
    assert ents(entities.fix_entities(doc)) == [("anti-NATO", "NORP")]


def test_fix_entity_cut_at_a_line_break():
    doc = build(
        """
        Acme        NNP ROOT  -  B-ORG
        \\n         _SP dep   0  I-ORG
        Workers/worker NNS nsubj 3 I-ORG
        struck/strike VBD ROOT -
        .           .   punct 3
        """
    )
    assert ents(entities.fix_entities(doc)) == [("Acme", "ORG")]


def test_norp_plural_noun_is_a_group_an_adjective_is_not():
    doc = build(
        """
        Democrats/democrat NNPS nsubj 1 B-NORP
        said/say    VBD ROOT  -
        American    JJ  amod  3 B-NORP
        officials/official NNS dobj 1
        erred/err   VBD ccomp 1
        .           .   punct 1
        """
    )
    assert [m.text for m in entities.find_mentions(doc)] == ["Democrats"]


def test_award_evidence_from_the_noun_after():
    doc = build(
        """
        Her         PRP$ poss 2
        Oscar       NNP compound 2 B-PERSON
        nomination  NN  nsubj 3
        came/come   VBD ROOT  -
        .           .   punct 3
        """
    )
    ev = entity_types.mention_evidence(doc, doc[1:2], "PERSON")
    assert entity_types.decide(["Zorvan"], ev, "PERSON") == known_entities.AWARD


def test_geo_evidence_from_an_apposition():
    doc = build(
        """
        The         DT  det   1
        Wren        NNP nsubj 6 B-PERSON
        ,           ,   punct 1
        an          DT  det   4
        estuary     NN  appos 1
        ,           ,   punct 1
        flooded/flood VBD ROOT -
        .           .   punct 6
        """
    )
    ev = entity_types.mention_evidence(doc, doc[1:2], "PERSON")
    assert entity_types.decide(["Wren"], ev, "PERSON") == "LOC"


def test_sentence_opened_by_a_participle_keeps_the_name_after_it():
    doc = build(
        """
        Recognizing/recognize VBG advcl 6 B-PERSON
        Germany     NNP poss  3 I-PERSON
        's          POS case  1
        problem     NN  dobj  0
        ,           ,   punct 6
        ministers/minister NNS nsubj 6
        acted/act   VBD ROOT  -
        .           .   punct 6
        """
    )
    # the possessive is outside the entity: the span is "Recognizing Germany"
    assert [m.text for m in entities.find_mentions(doc)] == ["Germany"]


def test_street_and_square_names_are_places():
    doc = build(
        """
        Residents/resident NNS nsubj 3
        of          IN  prep  0
        Lüderitzstrasse NNP pobj 1 B-ORG
        objected/object VBD ROOT -
        near        IN  prep  3
        Main        NNP compound 6 B-ORG
        Street      NNP pobj  4 I-ORG
        and         CC  cc    6
        Petersallee NNP conj  6 B-PERSON
        .           .   punct 3
        """
    )
    for span, label in ((doc[2:3], "ORG"), (doc[5:7], "ORG"), (doc[8:9], "PERSON")):
        ev = entity_types.mention_evidence(doc, span, label)
        assert entity_types.decide([span.text], ev, label) == "FAC", span.text
    # an ending alone is no street ("Platz" is a word; "Goering" ends in no street word)
    doc = build(
        """
        Platz       NNP nsubj 1 B-PERSON
        said/say    VBD ROOT  -
        .           .   punct 1
        """
    )
    assert entity_types.decide(
        ["Platz"], entity_types.mention_evidence(doc, doc[0:1], "PERSON"), "PERSON"
    ) == ("PERSON")


def test_a_language_in_its_context_is_no_organization():
    doc = build(
        """
        The         DT  det   1
        square/square NN nsubj 2
        carries/carry VBZ ROOT -
        a           DT  det   4
        name        NN  dobj  2
        in          IN  prep  4
        Swahili     NNP pobj  5 B-ORG
        ,           ,   punct 2
        like/like   IN  prep  2
        Swahili     NNP compound 10 B-ORG
        speakers/speaker NNS pobj 8
        .           .   punct 2
        """
    )
    for span in (doc[6:7], doc[9:10]):
        ev = entity_types.mention_evidence(doc, span, "ORG")
        assert entity_types.decide(["Swahili"], ev, "ORG") == known_entities.LANGUAGE
    assert known_entities.LANGUAGE in known_entities.NOT_ENTITIES  # not highlighted


def test_fix_a_line_that_labels_a_picture_is_no_name():
    doc = build(
        """
        Header      NNP compound 1 B-PERSON
        Image       NNP ROOT  -    I-PERSON
        \\n         _SP dep   1
        Ann         NNP compound 4 B-PERSON
        Lee         NNP nsubj 5 I-PERSON
        smiles/smile VBZ ROOT -
        .           .   punct 5
        """
    )
    assert ents(entities.fix_entities(doc)) == [("Ann Lee", "PERSON")]


def test_a_place_word_is_the_person_of_that_surname_unless_it_reads_as_a_place():
    from reader.core.model import Entity

    doc = build(
        """
        Joaquin     NNP compound 1 B-PERSON
        Phoenix     NNP nsubj 2 I-PERSON
        won/win     VBD ROOT  -
        .           .   punct 2
        Phoenix     NNP nsubj 5 B-GPE
        thanked/thank VBD ROOT -
        fans/fan    NNS dobj  5
        in          IN  prep  5
        Phoenix     NNP pobj  7 B-GPE
        .           .   punct 5
        """
    )
    mentions = entities.find_mentions(doc)
    out, canonical = entities.cluster(doc, mentions)
    by_start = {m.start: m for m in out}
    person = next(c for c in canonical if c.name == "Joaquin Phoenix")
    subject, place = doc[4].idx, doc[8].idx
    assert by_start[subject].entity_id == person.id  # "Phoenix thanked": him
    assert by_start[place].entity_id != person.id and by_start[place].label == "GPE"  # "in Phoenix"
    assert isinstance(by_start[subject], Entity)
