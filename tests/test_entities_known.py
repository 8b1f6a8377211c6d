"""Entities a reader recognises: name variants merged once, one type per entity from the evidence of
all its mentions, every occurrence of a known name highlighted, the curated list of names the small
model mistypes in news. Integration tests run the real pipeline on sentences written for them; rule
tests use hand-built Docs (``_docs.build``) where a rule depends on the parse."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from _docs import build

from reader.core import names
from reader.core.categories import Category
from reader.nlp import entities, entity_types, known_entities
from reader.nlp.pipeline import analyze_text


def canonical_by_name(analysis) -> dict[str, object]:
    return {c.name: c for c in analysis.canonical}


def names_of(analysis, label: str) -> set[str]:
    return {c.name for c in analysis.canonical if c.label == label}


# -- name variants (the names module) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("De Niro", "Robert De Niro"),
        ("Niro", "Robert De Niro"),
        ("Robert", "Robert De Niro"),
        ("Zellweger", "Renée Zellweger"),
        ("van Gogh", "Vincent van Gogh"),
        ("bin Salman", "Mohammed bin Salman"),
        ("Assad", "Bashar al-Assad"),
        ("Donald Trump", "Donald J. Trump"),
        ("da Silva", "Luiz Inácio Lula da Silva"),
    ],
)
def test_names_variant_of_full_name(short, full):
    assert names.is_variant(short.split(), full.split())


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Bill Clinton", "Hillary Clinton"),
        ("Clinton", "Hillary Rodham"),
        ("De", "Robert De Niro"),  # a particle alone names no one
        ("Robert De Niro", "De Niro"),  # longer than the full name
    ],
)
def test_names_not_a_variant(short, full):
    assert not names.is_variant(short.split(), full.split())


def test_names_surname_keeps_its_particles():
    assert names.surname(["Robert", "De", "Niro"]) == ["De", "Niro"]
    assert names.surname(["Ludwig", "van", "Beethoven"]) == ["van", "Beethoven"]
    assert names.surname(["Mohammed", "bin", "Salman"]) == ["bin", "Salman"]
    assert names.surname(["De", "Niro"]) == ["De", "Niro"]
    assert names.surname(["Renée", "Zellweger"]) == ["Zellweger"]


def test_names_owner_is_the_closest_full_name_before():
    people = names.PersonNames()
    people.add(0, ["Hillary", "Clinton"], "hillary")
    people.add(50, ["Bill", "Clinton"], "bill")
    assert people.owner(["Clinton"], 30) == "hillary"
    assert people.owner(["Clinton"], 80) == "bill"
    assert people.owners(["Clinton"]) == ["hillary", "bill"]
    assert people.owners(["Bill"]) == ["bill"]
    assert people.owner(["Obama"], 80) is None


# -- integration: the real model on sentences written for these tests -------------------------

ACTORS = (
    "Robert De Niro arrived at the festival on Friday. De Niro told reporters the film was personal. "
    "Mr. De Niro left before the screening.\n\n"
    "Renée Zellweger won the prize on Sunday. Zellweger thanked her family, and Zellweger later "
    "told reporters she was stunned.\n"
)


def test_known_de_niro_is_one_entity():
    a = analyze_text(ACTORS)
    by_name = canonical_by_name(a)
    assert "De Niro" not in by_name, list(by_name)
    de_niro = by_name["Robert De Niro"]
    assert de_niro.label == "PERSON"
    texts = Counter(s.text for s in de_niro.mentions)
    assert texts["Robert De Niro"] == 1 and texts["De Niro"] == 2  # "Mr." stays outside the name


def test_known_every_zellweger_is_highlighted():
    a = analyze_text(ACTORS)
    zellweger = canonical_by_name(a)["Renée Zellweger"]
    starts = {s.start for s in zellweger.mentions}
    expected = [i for i in range(len(ACTORS)) if ACTORS.startswith("Zellweger", i)]
    assert len(expected) == 3
    # every occurrence, including those inside "Renée Zellweger", is covered by a mention
    for i in expected:
        assert any(s.start <= i < s.end for s in zellweger.mentions), (i, sorted(starts))
    assert all(m.label == "PERSON" for m in a.entities if m.entity_id == zellweger.id)


def test_known_wren_estuary_is_a_place():
    text = (
        "Thousands of birds gather on the Wren estuary every winter. The Wren floods in spring, "
        "and farmers along the Wren have asked for new walls.\n"
    )
    a = analyze_text(text)
    wren = canonical_by_name(a).get("Wren")
    assert wren is not None, [c.name for c in a.canonical]
    assert wren.category == Category.PLACE
    assert "Wren" not in names_of(a, "PERSON")
    assert all(m.category == Category.PLACE for m in a.entities if m.entity_id == wren.id)


AWARDS = (
    "Joaquin Phoenix won the Oscar for Joker on Sunday. Phoenix had already collected a Golden Globe, "
    "and the SAG awards went the same way. Robert Pattinson, who has two Oscars nominations, said "
    "the Golden Globes were a good sign.\n"
)


def test_known_awards_and_titles_are_not_people():
    a = analyze_text(AWARDS)
    people = names_of(a, "PERSON")
    for word in ("Oscar", "Oscars", "Golden Globe", "Golden Globes", "SAG", "Joker"):
        assert word not in people, people
        assert all(m.text != word or m.label != "PERSON" for m in a.entities)
    assert "Joaquin Phoenix" in people
    assert "SAG" in names_of(a, "ORG")  # the Screen Actors Guild


def test_known_netflix_is_an_organization():
    text = (
        "The series will stream on Netflix from March. Netflix said the second season was already "
        "being filmed, and Hulu declined to comment.\n"
    )
    a = analyze_text(text)
    netflix = canonical_by_name(a)["Netflix"]
    assert netflix.label == "ORG"
    assert len(netflix.mentions) == 2
    assert canonical_by_name(a)["Hulu"].label == "ORG"  # found though the model saw nothing


def test_known_sentence_initial_common_words_are_not_entities():
    text = (
        "Coal still supplies a third of the country's power. Recognizing Germany's problem, the "
        "minister said the plants would close by 2030. Germany has promised to act.\n"
    )
    a = analyze_text(text)
    texts = {m.text for m in a.entities}
    assert "Coal" not in texts
    assert not any(t.startswith("Recognizing") for t in texts)
    germany = canonical_by_name(a)["Germany"]
    assert germany.label == "GPE"  # the model read a person in "Recognizing Germany"
    assert len(germany.mentions) == 2


def test_known_curated_parties_and_indices():
    text = (
        "The Tories and Labour traded blows on Tuesday, while in Berlin the CDU and the SPD agreed "
        "on a budget. The Dow fell 2 percent and the S&P 500 lost 1.5 percent.\n"
    )
    a = analyze_text(text)
    orgs = names_of(a, "ORG")
    for name in ("Labour", "CDU", "SPD", "Dow", "S&P 500"):
        assert name in orgs, (name, orgs)
    assert "Tories" in names_of(a, "NORP")  # a party's members: a group, shown with the organizations
    assert "Labour" not in names_of(a, "PERSON")


def test_known_name_inside_a_longer_name_is_not_taken():
    text = (
        "Ashton Carter spoke in Brussels on Monday. Carter said the plan was sound. "
        "A portrait of Jimmy Carter hung in the hall.\n"
    )
    a = analyze_text(text)
    ashton = canonical_by_name(a)["Ashton Carter"]
    jimmy_at = text.index("Jimmy Carter")
    assert not any(s.start >= jimmy_at for s in ashton.mentions)


def test_known_mentions_never_overlap_and_point_at_their_entity():
    a = analyze_text(ACTORS + AWARDS)
    spans = sorted((m.start, m.end) for m in a.entities)
    assert all(x[1] <= y[0] for x, y in itertools.pairwise(spans))
    ids = {c.id: c for c in a.canonical}
    for m in a.entities:
        assert a.article.text[m.start : m.end] == m.text
        assert m.label == ids[m.entity_id].label or ids[m.entity_id].label == "SPEAKER"


# -- rules on hand-built Docs -----------------------------------------------------------------


def test_rule_geo_feature_makes_a_place():
    doc = build(
        """
        Birds   NNS nsubj  1
        gather  VBP ROOT   -
        on      IN  prep   1
        the     DT  det    5
        Wren    NNP compound 5 B-PERSON
        estuary NN  pobj   2
        .       .   punct  1
        """
    )
    ev = entity_types.mention_evidence(doc, doc[4:5], "PERSON")
    assert entity_types.decide(["Wren"], ev, "PERSON") == "LOC"


def test_rule_title_before_makes_a_person():
    doc = build(
        """
        Mr.     NNP compound 1
        Wren    NNP nsubj  2 B-ORG
        left    VBD ROOT   -
        .       .   punct  2
        """
    )
    ev = entity_types.mention_evidence(doc, doc[1:2], "ORG")
    assert entity_types.decide(["Wren"], ev, "ORG") == "PERSON"


def test_rule_work_after_star_in_and_win_for():
    doc = build(
        """
        She     PRP nsubj  1
        starred/star VBD ROOT -
        in      IN  prep   1
        Joker   NNP pobj   2 B-PERSON
        and     CC  cc     1
        won/win VBD conj   1
        for     IN  prep   5
        Joker   NNP pobj   6 B-PERSON
        .       .   punct  1
        """
    )
    assert entity_types.mention_evidence(doc, doc[3:4], "PERSON")[known_entities.WORK] > 0
    assert entity_types.mention_evidence(doc, doc[7:8], "PERSON")[known_entities.WORK] > 0
    ev = entity_types.mention_evidence(doc, doc[3:4], "PERSON")
    assert entity_types.decide(["Joker"], ev, "PERSON") == known_entities.WORK


def test_rule_speech_verb_breaks_a_tie_toward_person_only():
    doc = build(
        """
        Ostrova  NNP nsubj 1 B-ORG
        said/say VBD ROOT  -
        .        .   punct 1
        """
    )
    ev = entity_types.mention_evidence(doc, doc[0:1], "ORG")
    assert ev["PERSON"] == entity_types.SPEECH and ev["ORG"] == 1.0
    entity_types.add_evidence(ev, "PERSON", 1.0)  # plus the surname of a person named in the article
    assert entity_types.decide(["Ostrova"], ev, "ORG") == "PERSON"


def test_rule_org_suffix_and_curated_list():
    doc = build(
        """
        Acme    NNP compound 1 B-PERSON
        Group   NNP nsubj  2 I-PERSON
        grew    VBD ROOT   -
        .       .   punct  2
        """
    )
    ev = entity_types.mention_evidence(doc, doc[0:2], "PERSON")
    assert entity_types.decide(["Acme Group"], ev, "PERSON") == "ORG"
    # the curated type wins over every piece of evidence
    assert entity_types.decide(["Netflix"], Counter({"GPE": 500.0}), "GPE") == "ORG"
    assert entity_types.decide(["Golden Globes"], Counter({"PERSON": 3.0}), "PERSON") == known_entities.AWARD


def test_rule_sentence_initial_common_word_dropped_name_kept():
    doc = build(
        """
        Coal      NNP nsubj  1 B-PERSON
        matters   VBZ ROOT   -
        .         .   punct  1
        Zellweger NNP nsubj  4 B-PERSON
        smiled    VBD ROOT   -
        .         .   punct  4
        """
    )
    texts = [m.text for m in entities.find_mentions(doc)]
    assert texts == ["Zellweger"]


def test_rule_sentence_initial_word_known_elsewhere_is_kept():
    doc = build(
        """
        Wren    NNP nsubj  1 B-PERSON
        smiled  VBD ROOT   -
        .       .   punct  1
        They    PRP nsubj  4
        met     VBD ROOT   -
        Wren    NNP dobj   4 B-PERSON
        .       .   punct  4
        """
    )
    assert [m.text for m in entities.find_mentions(doc)] == ["Wren", "Wren"]


def test_rule_cluster_adds_missed_occurrences_of_a_known_name():
    doc = build(
        """
        Renée     NNP compound 1 B-PERSON
        Zellweger NNP nsubj  2 I-PERSON
        won/win   VBD ROOT   -
        .         .   punct  2
        Fans      NNS nsubj  5
        cheered   VBD ROOT   -
        Zellweger NNP dobj   5
        .         .   punct  5
        """
    )
    mentions, canonical = entities.cluster(doc, entities.find_mentions(doc))
    assert len(canonical) == 1 and canonical[0].name == "Renée Zellweger"
    assert [m.text for m in mentions] == ["Renée Zellweger", "Zellweger"]
    assert all(m.entity_id == canonical[0].id and m.label == "PERSON" for m in mentions)


def test_rule_known_name_not_taken_at_a_sentence_start_as_a_common_word():
    doc = build(
        """
        Bill    NNP compound 1 B-PERSON
        Peacock NNP nsubj  2 I-PERSON
        spoke   VBD ROOT   -
        .       .   punct  2
        Peacock NN  nsubj  5
        feathers NNS dobj  5
        fell    VBD ROOT   -
        .       .   punct  6
        """
    )
    mentions, _ = entities.cluster(doc, entities.find_mentions(doc))
    assert [m.text for m in mentions] == ["Bill Peacock"]


def test_curated_list_is_consistent():
    for name in known_entities.SEARCHED:
        assert known_entities.known_type(name) in known_entities.HIGHLIGHTED
    for name in ("Oscar", "Golden Globes", "Emmy", "Grammy", "BAFTA", "Pulitzer", "Nobel"):
        assert known_entities.known_type(name) == known_entities.AWARD
    for name in ("Netflix", "Hulu", "Spotify", "Disney+", "HBO", "CNN", "BBC", "Reuters", "AP", "Bloomberg"):
        assert known_entities.known_type(name) == "ORG"
    for name in ("Democratic Party", "GOP", "Labour", "Liberal Democrats", "CDU", "SPD"):
        assert known_entities.known_type(name) == "ORG"
    for name in ("Democrats", "Republicans", "Tories"):  # a party's members: a group of people
        assert known_entities.known_type(name) == "NORP"
    for name in ("Dow", "S&P 500", "Nasdaq", "FTSE", "DAX"):
        assert known_entities.known_type(name) == "ORG"


def test_known_headline_name_neither_splits_nor_renames_a_person():
    text = (
        "Senators Rip Donald Trump Over Tariff Plan\n\n"
        "Donald Trump defended the plan on Monday. Trump said the tariffs would protect jobs.\n"
    )
    a = analyze_text(text)
    people = [c for c in a.canonical if c.label == "PERSON" and "Trump" in c.name]
    assert [c.name for c in people] == ["Donald Trump"]


def test_known_headline_gives_the_full_name_the_text_only_shortens():
    text = (
        "Hillary Clinton Visits Flooded Towns In Ohio\n\n"
        "Clinton met families on Tuesday. Clinton said aid was coming.\n"
    )
    a = analyze_text(text)
    clinton = [c for c in a.canonical if "Clinton" in c.name]
    assert [c.name for c in clinton] == ["Hillary Clinton"]
    assert len(clinton[0].mentions) == 3


STREETS = (
    "Berlin renames colonial streets\n\n"
    "The city council voted on Thursday to rename Petersallee, Lüderitzstrasse and Nachtigalplatz in "
    "the Wedding district, said Anna Weber, a spokeswoman. The square will carry a name in Swahili, "
    "Weber said. The Screen Actors Guild said on Sunday it backed the plan. SAG also honoured the "
    "residents.\n"
)


def test_streets_are_places_languages_are_not_entities_and_an_acronym_joins_its_name():
    a = analyze_text(STREETS)
    places = names_of(a, "FAC") | names_of(a, "GPE") | names_of(a, "LOC")
    assert {"Petersallee", "Lüderitzstrasse", "Nachtigalplatz"} <= places, places
    assert all(c.name != "Swahili" for c in a.canonical)
    guild = [c for c in a.canonical if c.name == "Screen Actors Guild"]
    assert len(guild) == 1 and "SAG" in {m.text for m in guild[0].mentions}
    assert all(c.name not in ("SAG", "Sag") for c in a.canonical)


def test_known_things_are_no_names():
    """ "the Universe", "the Internet": capitalized things, not organizations or people."""
    a = analyze_text(
        "Astronomers said the Universe is expanding faster than thought. The Internet was slow.\n"
    )
    assert not {"Universe", "Internet"} & {c.name for c in a.canonical}
    assert known_entities.known_type("the Universe".removeprefix("the ")) == known_entities.COMMON
