"""Entities: model fixes, mentions, merging into canonical entities, speakers."""

from __future__ import annotations

import itertools

import pytest

from reader.core import names
from reader.core.categories import Category
from reader.core.model import Quote, Span
from reader.nlp import entities


def analyse(nlp, text: str):
    doc = nlp(text)
    mentions = entities.find_mentions(doc)
    mentions, canonical = entities.cluster(doc, mentions)
    return doc, mentions, canonical


def entity_named(canonical, name: str):
    hits = [c for c in canonical if c.name == name]
    assert len(hits) == 1, f"{name!r} not a canonical entity: {[c.name for c in canonical]}"
    return hits[0]


def span_of(text: str, fragment: str, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = text.index(fragment, i + 1)
    return Span(fragment, i, i + len(fragment))


# -- the seed article -------------------------------------------------------------------------


def test_entities_seed_required_found_with_labels(seed_analysis, seed_gold):
    found = {(e.text, e.label) for e in seed_analysis.entities}
    names = {(c.name, c.label) for c in seed_analysis.canonical}
    for gold in seed_gold["entities"]["required"]:
        key = (gold["text"], gold["label"])
        assert key in found or key in names, f"missing entity {key}"


def test_entities_seed_pentagon_merged_and_named_without_the(seed_analysis):
    pentagon = [c for c in seed_analysis.canonical if c.name.lower() == "pentagon"]
    assert len(pentagon) == 1
    assert pentagon[0].label == "ORG"


def test_entities_seed_no_title_tail_or_prefixed_org(seed_analysis):
    texts = {(e.text, e.label) for e in seed_analysis.entities}
    assert ("State", "ORG") not in texts  # "Secretary of State"
    assert not any("NATO" in t and t != "NATO" for t, _ in texts)  # "non-NATO" is an attribute
    assert not any("SH" in e.text for e in seed_analysis.entities)  # wire trailer


def test_entities_seed_mentions_point_at_their_entity(seed_analysis):
    ids = {c.id for c in seed_analysis.canonical}
    for m in seed_analysis.entities:
        assert m.entity_id in ids
        assert seed_analysis.article.text[m.start : m.end] == m.text
    for c in seed_analysis.canonical:
        assert c.count == len(c.mentions) >= 1


# -- model fixes ------------------------------------------------------------------------------


def test_entities_fix_title_tail_not_an_organization(nlp):
    doc = nlp("He met US Secretary of State John Kerry in Geneva.")
    assert ("State", "ORG") not in {(e.text, e.label_) for e in doc.ents}


def test_entities_fix_title_head_not_an_organization(nlp):
    doc = nlp("Defense Secretary Ashton Carter spoke in Brussels on Thursday.")
    assert ("Defense", "ORG") not in {(e.text, e.label_) for e in doc.ents}


def test_entities_fix_prefixed_name_is_an_attribute(nlp):
    doc = nlp("He will meet allies and non-NATO partners such as Sweden.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("non-NATO") in (None, "NORP")
    mentions = entities.find_mentions(doc)
    assert not any("NATO" in m.text for m in mentions)


def test_entities_fix_trims_determiner_possessive_and_punctuation(nlp):
    doc = nlp("The officials said the European Union's plan was late.")
    texts = [e.text for e in doc.ents]
    assert "European Union" in texts
    assert not any(t.lower().startswith("the ") or t.endswith("'s") for t in texts)


def test_entities_fix_person_coordinated_with_places_is_a_place(nlp):
    doc = nlp("The group has two power centers in Raqqah and Mosul.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Raqqah") == "GPE"


def test_entities_fix_never_crosses_a_line_break(nlp):
    doc = nlp("US Secretary of State Ashton\nCarter told reporters.")
    assert all("\n" not in e.text for e in doc.ents)


def test_entities_fix_drops_wire_trailer(nlp):
    doc = nlp("Carter spoke in Brussels.\nAP/REU 14")
    assert [e.text for e in doc.ents if "AP" in e.text or "REU" in e.text] == []


def test_entities_name_tokens_strip_titles_and_determiners():
    assert names.name_tokens("Mr. Carter's", person=True) == ["Carter"]
    assert names.name_tokens("US Secretary of State John Kerry", person=True) == ["John", "Kerry"]
    assert names.name_tokens("Secretary of State", person=True) == ["Secretary", "of", "State"]
    assert names.name_tokens("the Pentagon") == ["Pentagon"]
    assert names.name_tokens("the U.S.") == ["US"]
    # organization names keep their adjectives
    assert names.name_tokens("Democratic National Committee") == ["Democratic", "National", "Committee"]


# -- mentions ---------------------------------------------------------------------------------


def test_entities_adjectival_norp_not_highlighted_but_groups_are(nlp):
    doc = nlp("American officials met Democrats and Republicans in Washington.")
    texts = [m.text for m in entities.find_mentions(doc)]
    assert "American" not in texts
    assert "Democrats" in texts or "Republicans" in texts


def test_entities_categories_of_mentions(nlp):
    _, mentions, _ = analyse(nlp, "Angela Merkel met Google executives in Berlin.")
    cats = {m.text: m.category for m in mentions}
    assert cats["Angela Merkel"] == Category.PERSON
    assert cats["Google"] == Category.ORGANIZATION
    assert cats["Berlin"] == Category.PLACE


# -- merging ----------------------------------------------------------------------------------


def test_entities_cluster_person_name_variants(nlp):
    text = (
        "Ashton Carter arrived in Brussels on Monday. Carter met his allies there. "
        "Mr. Carter said the talks went well, and Carter's aides agreed."
    )
    _, mentions, canonical = analyse(nlp, text)
    carter = entity_named(canonical, "Ashton Carter")
    assert carter.count >= 3
    texts = {m.text for m in mentions if m.entity_id == carter.id}
    assert "Ashton Carter" in texts and "Carter" in texts


def test_entities_cluster_determiner_variants_and_canonical_name(nlp):
    text = "The Pentagon said on Monday that talks failed. Later, Pentagon officials met the press."
    _, _mentions, canonical = analyse(nlp, text)
    pentagon = entity_named(canonical, "Pentagon")
    assert pentagon.count == 2


def test_entities_cluster_acronyms(nlp):
    text = (
        "The United Nations warned of famine in Yemen. The UN said aid was blocked. "
        "The European Union agreed, and the EU sent money."
    )
    _, _, canonical = analyse(nlp, text)
    un = entity_named(canonical, "United Nations")
    eu = entity_named(canonical, "European Union")
    assert un.count == 2
    assert eu.count == 2


def test_entities_cluster_same_surname_goes_to_the_person_introduced_first(nlp):
    """A bare surname that fits two people names the one the article introduced first (its main
    subject; the other is named in full again); a title of one gender picks the person of it."""
    text = (
        "Hillary Clinton spoke first. Bill Clinton arrived later. Clinton then left. "
        "Mr. Clinton stayed behind."
    )
    _, mentions, canonical = analyse(nlp, text)
    hillary, bill = entity_named(canonical, "Hillary Clinton"), entity_named(canonical, "Bill Clinton")
    bare = [m for m in mentions if m.text == "Clinton"]
    assert [m.entity_id for m in bare] == [hillary.id, bill.id]  # "Clinton then left", "Mr. Clinton"
    assert (hillary.gender, bill.gender) == ("f", "m")


def test_entities_cluster_ids_are_stable(nlp):
    text = "Ashton Carter met NATO ministers in Brussels. Carter said NATO must act."
    _, _, first = analyse(nlp, text)
    _, _, second = analyse(nlp, text)
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)


# -- finalize: speakers -----------------------------------------------------------------------

SPEECH = (
    "Ashton Carter visited NATO headquarters in Brussels. "
    '"We will act," Carter said. '
    'The Pentagon chief added that "the plan is concrete." '
    "A US defense official said that 120 allegations were received. "
    "He said more would follow."
)


@pytest.fixture()
def speech(nlp):
    doc, mentions, canonical = analyse(nlp, SPEECH)
    quotes = [
        Quote("We will act,", 0, 1, "direct", speaker=span_of(SPEECH, "Carter", 1), speaker_name="Carter"),
        Quote(
            "the plan is concrete.",
            0,
            1,
            "mixed",
            speaker=span_of(SPEECH, "The Pentagon chief"),
            speaker_name="Carter",
        ),
        Quote(
            "120 allegations were received",
            0,
            1,
            "indirect",
            speaker=span_of(SPEECH, "A US defense official"),
            speaker_name="A US defense official",
        ),
        Quote("more would follow", 0, 1, "indirect", speaker=span_of(SPEECH, "He"), speaker_name="Carter"),
    ]
    return entities.finalize(doc, mentions, canonical, quotes)


def test_entities_finalize_every_quote_linked(speech):
    _mentions, canonical, quotes = speech
    ids = {c.id for c in canonical}
    assert all(q.speaker_id in ids for q in quotes)
    carter = entity_named(canonical, "Ashton Carter")
    assert [q.speaker_id for q in quotes].count(carter.id) == 3


def test_entities_finalize_resolved_description_becomes_a_mention(speech):
    mentions, canonical, _ = speech
    carter = entity_named(canonical, "Ashton Carter")
    texts = [m.text for m in mentions if m.entity_id == carter.id]
    assert "The Pentagon chief" in texts
    assert "He" not in texts  # pronouns are linked, not highlighted
    # the name nested inside the description gives way, so highlights never overlap
    spans = sorted((m.start, m.end) for m in mentions)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_entities_finalize_unresolved_description_is_a_speaker_entity(speech):
    _, canonical, quotes = speech
    official = entity_named(canonical, "A US defense official")
    assert official.category == Category.SPEAKER
    assert quotes[2].speaker_id == official.id
    assert official.count == 1


def test_entities_finalize_promotes_speakers_only(speech):
    mentions, canonical, _ = speech
    carter = entity_named(canonical, "Ashton Carter")
    assert carter.category == Category.SPEAKER
    assert all(m.category == Category.SPEAKER for m in mentions if m.entity_id == carter.id)
    brussels = entity_named(canonical, "Brussels")
    assert brussels.category == Category.PLACE
    counts = {c.id: c.count for c in canonical}
    for c in canonical:
        assert counts[c.id] == len([m for m in mentions if m.entity_id == c.id])


def test_entities_seed_speakers_promoted(seed_analysis):
    speakers = {c.id for c in seed_analysis.canonical if c.category == Category.SPEAKER}
    for q in seed_analysis.quotes:
        if q.speaker_id is not None:
            assert q.speaker_id in speakers
