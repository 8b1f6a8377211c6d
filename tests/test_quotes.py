"""Quote extraction and attribution on hand-made sentences, run through the real model."""

from __future__ import annotations

import itertools

import pytest

from reader.nlp.pipeline import analyze_text, parse
from reader.nlp.quotes.marks import find_marked


def _quotes(text: str):
    analysis = analyze_text(text)
    for q in analysis.quotes:  # every span indexes the article text
        assert text[q.start : q.end] == q.text
        for span in (q.speaker, q.cue):
            if span is not None:
                assert text[span.start : span.end] == span.text
    return analysis.quotes


def _rule_quotes(text: str):
    """The hand rules' quotes alone (the learned model decides otherwise on a few of these rule
    cases; see the attribution model's note)."""
    from reader.nlp import entities
    from reader.nlp.pipeline import parse
    from reader.nlp.quotes import find_quotes

    doc = parse(text)
    mentions, canonical = entities.cluster(doc, entities.find_mentions(doc))
    return tuple(find_quotes(doc, mentions, canonical, learned=False))


def _one(text: str, content: str, quotes=None):
    """The quote whose content overlaps ``content`` (which must occur in ``text``)."""
    start = text.index(content)
    end = start + len(content)
    hits = [q for q in (quotes if quotes is not None else _quotes(text)) if q.start < end and start < q.end]
    assert len(hits) == 1, hits
    return hits[0]


# --- quotation marks ---------------------------------------------------------------------------


def test_quotes_marks_straight_curly_guillemets_and_single():
    text = (
        'He said "one two three" and “four five six” and «seven eight nine» and '
        "'ten eleven twelve' but not the players' union or don't."
    )
    got = [text[m.start : m.end] for m in find_marked(text)]
    assert got == ["one two three", "four five six", "seven eight nine", "ten eleven twelve"]


def test_quotes_marks_multi_paragraph_quotation_is_one():
    text = '"First paragraph of the speech goes on.\n\n"Second paragraph ends here," she said.\n'
    marked = find_marked(text)
    assert len(marked) == 1
    assert len(marked[0].pieces) == 2
    assert text[marked[0].start : marked[0].end].endswith("ends here,")


def test_quotes_marks_unclosed_runs_to_paragraph_end():
    text = 'The note read "we will not stop\n\nAnother paragraph.'
    (m,) = find_marked(text)
    assert text[m.start : m.end] == "we will not stop" and not m.closed


# --- direct quotes ------------------------------------------------------------------------------


def test_quotes_direct_after_the_quote():
    text = 'Jane Miller visited the plant.\n"We will keep every job in this town," Miller told reporters.'
    q = _one(text, "We will keep every job")
    assert q.kind == "direct"
    assert q.text == "We will keep every job in this town,"
    assert q.cue.text == "told"
    assert q.speaker.text == "Miller"
    assert q.speaker_name in ("Miller", "Jane Miller")


def test_quotes_direct_before_the_quote():
    text = 'Senator Tom Hale spoke first. Hale said: "The bill is dead and everyone here knows it."'
    q = _one(text, "The bill is dead")
    assert q.kind == "direct"
    assert q.text == "The bill is dead and everyone here knows it."
    assert q.cue.text == "said"
    assert q.speaker.text == "Hale"


def test_quotes_direct_inverted_said_name():
    text = "“Prices will rise again next year,” said Maria Lopez, an economist at the bank."
    q = _one(text, "Prices will rise")
    assert q.kind == "direct" and q.cue.text == "said"
    assert q.speaker.text == "Maria Lopez" and q.speaker_name == "Maria Lopez"


def test_quotes_direct_interrupted_is_one_quote():
    text = '"We tried everything," Anna Berg said, "but the river rose too fast for the town."'
    quotes = _quotes(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.kind == "direct"
    assert q.text.startswith("We tried everything") and q.text.endswith("too fast for the town.")
    assert q.speaker.text == "Anna Berg" and q.cue.text == "said"
    # the parts leave the interrupting attribution out; the list shows them joined
    pieces = [text[s:e] for s, e in q.parts]
    assert pieces == ["We tried everything", "but the river rose too fast for the town."]
    assert q.words == "We tried everything … but the river rose too fast for the town."
    assert q.to_json()["parts"] == [list(r) for r in q.parts]


def test_quotes_direct_multi_paragraph():
    text = (
        "The mayor, Paul Grant, spoke at length on Monday.\n\n"
        '"The budget is balanced for the first time in a decade," Grant said. '
        '"We cut waste and kept every school open.\n\n'
        '"Next year we will repair the bridges."\n\nThe council meets on Friday.'
    )
    q = _one(text, "The budget is balanced")
    assert q.kind == "direct"
    assert q.text.endswith("repair the bridges.")
    assert q.speaker_name in ("Grant", "Paul Grant") and q.cue.text == "said"


# --- mixed and indirect -------------------------------------------------------------------------


def test_quotes_mixed_partial_quotation():
    text = 'Later, the minister noted that the government was aiming to "end the crisis by the spring."'
    q = _one(text, "end the crisis")
    assert q.kind == "mixed"
    assert "the government was aiming to" in q.text and "end the crisis by the spring" in q.text
    assert q.cue.text == "noted" and q.speaker.text == "the minister"


def test_quotes_mixed_keeps_the_marks_of_what_it_quotes():
    """A mixed quote holds the quotation inside it whole, its closing mark included (the comma
    before the mark too), and is shown as written: marks only around the words said."""
    from reader.nlp.quotes.extractor import _balance_marks
    from reader.report.document import shown_words

    text = 'Mayor Jane Ostrova described the structure as "a door, not a wall," on Tuesday.'
    q = _one(text, "a door")
    assert q.kind == "mixed" and q.text.endswith('wall,"'), q.text
    assert q.text.count('"') == 2
    assert shown_words(q.kind, q.words) == q.text  # no marks around the paraphrase
    # by hand: each side, curly and straight marks, and nothing to add
    t = "He called it “a mess” and left."
    assert t[slice(*_balance_marks(t, t.index("it"), t.index("mess") + 4))] == "it “a mess”"
    t = 'It was "fine" said Ann.'
    assert _balance_marks(t, t.index("fine"), t.index(" said") + 1) == (
        t.index("fine") - 1,
        t.index(" said") + 1,
    )
    t = 'as "a door," she said'
    assert _balance_marks(t, 0, t.index("door") + 4) == (0, t.index("she") - 1)
    assert _balance_marks("it was fine", 0, 11) == (0, 11)
    t = "He said “it’s a plan to act now” and left."  # an apostrophe is no closing mark
    s0 = t.index("it’s")
    assert _balance_marks(t, s0, s0 + len("it’s a plan")) == (s0, s0 + len("it’s a plan"))


def test_quotes_are_shown_with_marks_only_around_what_was_said():
    from reader.report.document import shown_words

    assert shown_words("direct", ' "We will pay."\n') == "“We will pay.”"
    assert shown_words("mixed", 'it was not  just an issue for "gig economy" workers') == (
        'it was not just an issue for "gig economy" workers'
    )
    assert shown_words("indirect", "the vote was close") == "the vote was close"
    assert shown_words("direct", "We stand with the players'") == "“We stand with the players'”"  # kept


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        (
            "Mark Stone said that the factory would close in June.",
            "the factory would close",
            "said",
            "Mark Stone",
        ),
        (
            "Mark Stone told reporters the factory would close in June.",
            "the factory would close",
            "told",
            "Mark Stone",
        ),
        (
            "Mark Stone warned that the factory would close in June.",
            "the factory would close",
            "warned",
            "Mark Stone",
        ),
        (
            "Mark Stone claims the factory will close in June.",
            "the factory will close",
            "claims",
            "Mark Stone",
        ),
        (
            "Mark Stone has admitted that the factory will close in June.",
            "the factory will close",
            "has admitted",
            "Mark Stone",
        ),
        (
            "Mark Stone announced that the factory would close in June.",
            "the factory would close",
            "announced",
            "Mark Stone",
        ),
        (
            "Mark Stone noted that the factory would close in June.",
            "the factory would close",
            "noted",
            "Mark Stone",
        ),
        (
            "According to Mark Stone, the factory will close in June.",
            "the factory will close",
            "According to",
            "Mark Stone",
        ),
        ("The factory will close in June, Mark Stone said.", "The factory will close", "said", "Mark Stone"),
    ],
)
def test_quotes_indirect_cue_families(text, content, cue, speaker):
    q = _one(text, content)
    assert q.kind == "indirect"
    assert content in q.text and "Mark Stone" not in q.text
    assert q.cue.text == cue
    assert q.speaker.text == speaker and q.speaker_name == speaker


def test_quotes_indirect_participle_takes_the_main_subject():
    text = "Carla Diaz raised an alarm on Monday, warning that the dam could fail within weeks."
    q = _one(text, "the dam could fail")
    assert q.kind == "indirect" and q.cue.text == "warning"
    assert q.speaker.text == "Carla Diaz"
    assert q.text == "the dam could fail within weeks"


# --- speakers -----------------------------------------------------------------------------------


def test_quotes_pronoun_speaker_resolves_to_the_person():
    text = 'Governor Ruth Olsen visited the town.\n"The state will pay for the repairs," she said.'
    q = _one(text, "The state will pay")
    assert q.speaker.text == "she"
    assert q.speaker_name == "Ruth Olsen"
    assert q.speaker_id is not None


def test_quotes_they_resolves_to_an_organization():
    text = "The World Bank published its outlook on Tuesday. They said that growth would slow to two percent."
    q = _one(text, "growth would slow")
    assert q.speaker.text == "They" and q.speaker_name == "World Bank"


def test_quotes_role_noun_resolves_to_the_last_person_speaker():
    text = (
        '"We are ready to act," Defense Secretary Ashton Carter told reporters.\n'
        "According to the top military official, the campaign will speed up in the spring."
    )
    q = _one(text, "the campaign will speed up")
    assert q.speaker.text == "the top military official"
    assert q.speaker_name == "Ashton Carter"


def test_quotes_name_variants_are_one_speaker():
    text = (
        "Ashton Carter arrived in Brussels on Thursday. "
        '"The plan is ready," Carter said. Mr. Carter said that the allies would meet again.'
    )
    names = {q.speaker_name for q in _quotes(text)}
    assert names == {"Ashton Carter"}


def test_quotes_indefinite_description_keeps_its_text():
    text = "A senior police official said that three suspects had been arrested overnight."
    q = _one(text, "three suspects")
    assert q.speaker.text == "A senior police official"
    assert q.speaker_name == "A senior police official"


def test_quotes_unresolved_pronoun_is_never_the_name():
    text = '"It is over," he said.'
    (q,) = _quotes(text)
    assert q.speaker.text == "he" and q.speaker_name is None


# --- not quotes ---------------------------------------------------------------------------------


def test_quotes_scare_quotes_and_titles_are_not_quotes():
    # ("The company pushed its “concrete” plan forward" is shown since the steps after the trees are
    # chosen by cross-validation: "push" is a cue of wanting, and leaving such phrases to the rules
    # cost on train)
    text = 'She has read "War and Peace" twice and liked the "new" office.'
    assert _quotes(text) == ()


def test_quotes_are_in_text_order_without_overlaps_of_a_kind():
    text = (
        '"We will win," said Lena Park. Park said that the polls were wrong. '
        "According to Park, the count will end on Friday. Park warned that turnout was low."
    )
    quotes = _quotes(text)
    assert len(quotes) == 4
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for kind in ("direct", "mixed", "indirect"):
        spans = [(q.start, q.end) for q in quotes if q.kind == kind]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_quotes_subject_that_cannot_speak_is_no_speaker():
    text = "More than 600 homes and 85 businesses reported flood damage after the storm."
    assert _quotes(text) == ()
    text = "The timing suggests that the deal was made in a hurry."
    for q in _quotes(text):
        assert q.speaker is None


def test_quotes_poll_and_group_nouns_are_sources():
    text = "A new poll found that most voters back the plan. Critics said that the plan would fail."
    assert _one(text, "most voters back").speaker.text == "A new poll"
    assert _one(text, "the plan would fail").speaker.text == "Critics"


def test_quotes_direct_speaker_in_the_paragraph_before_the_colon():
    text = "The senator answered the critics on Monday.\n\nJane Doe continued:\n\n“We will not back down.”"
    q = _one(text, "We will not back down")
    assert q.kind == "direct" and q.speaker.text == "Jane Doe" and q.cue.text == "continued"


def test_quotes_direct_speaker_before_an_apposition_not_the_listener():
    text = "“We were wrong to wait so long,” Ramos, 58, told AFP in an interview on Monday."
    q = _one(text, "We were wrong")
    assert q.speaker.text == "Ramos"


def test_quotes_published_statement_is_not_its_content():
    text = "The committee released a statement on Friday. Sanders criticized the trade deal."
    quotes = _quotes(text)
    assert not any("statement" in q.text for q in quotes)
    assert _one(text, "the trade deal").speaker.text == "Sanders"


def test_quotes_expected_to_has_no_named_source():
    text = "The governor is expected to sign the budget bill on Friday."
    q = _one(text, "sign the budget bill")
    assert q.kind == "indirect" and q.speaker is None and "expected" in q.cue.text


def test_quotes_calling_for_and_told_to():
    text = (
        "Clinton is calling for the United States to step up its efforts. "
        "Officials told residents not to drink the water."
    )
    assert _one(text, "the United States to step up").speaker.text == "Clinton"
    assert _one(text, "not to drink the water").speaker.text == "Officials"


def test_quotes_quoted_transcript_is_one_quote_per_speaker_turn():
    text = (
        "The interview went on.\n\n"
        '"WALLACE: Let us start with the breaking news tonight.\n\n'
        '"PENCE: Well, look, I think the voters will decide this."'
    )
    first = _one(text, "Let us start")
    second = _one(text, "the voters will decide")
    assert first.speaker.text == "WALLACE" and first.text.startswith("Let us")
    assert second.speaker.text == "PENCE" and second.cue.text == ":"


def test_quotes_short_title_after_a_preposition_is_not_a_quote():
    text = "Pence said on “Fox News Sunday,” that the campaign would release the records soon."
    assert not any(q.kind == "direct" and "Fox News" in q.text for q in _quotes(text))


def test_quotes_relative_that_speaks_for_a_document_not_a_thing():
    text = "The campaign released a report that says the economy is growing."
    q = _one(text, "the economy is growing", _rule_quotes(text))
    assert q.speaker.text == "that" and q.speaker_name == "a report"
    assert _rule_quotes("He bought a house that shows the town has changed.") == ()


def test_quotes_object_content_runs_through_as():
    text = "The cleric kept referring to the United States as the Great Satan during the sermon."
    q = _one(text, "the United States")
    assert q.text.startswith("the United States as the Great Satan")


def test_quotes_that_clause_after_a_prepositional_phrase():
    text = "Adelson said on Friday during a news conference that he may wait until February to decide."
    q = _one(text, "he may wait")
    assert q.speaker.text == "Adelson" and q.cue.text == "said"


def test_quotes_says_with_a_clause_parsed_as_an_object():
    text = "Senator John McCain says the populist movement that is sweeping the country worries him."
    q = _one(text, "the populist movement")
    assert q.speaker.text == "Senator John McCain" and q.cue.text == "says"


def test_quotes_direct_speaker_is_never_inside_the_quotation():
    text = "“Very good reporter, very good reporter,” Trump, the front-runner, said on Monday."
    assert _one(text, "Very good reporter").speaker.text == "Trump"


def test_quotes_digest_credit_after_a_dash():
    text = "Pollsters agree - Carl Bialik: “One of the biggest lessons was about turnout in the caucus.”"
    q = _one(text, "One of the biggest lessons", _rule_quotes(text))
    assert q.speaker.text == "Carl Bialik"


# --- stance verbs, adjectives and nouns (lexicon families measured on the train split) --------------


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        (  # a stance verb whose content is its object with its complements
            "Mark Stone likened the new parking fee to a tax on shoppers.",
            "the new parking fee to a tax on shoppers",
            "likened",
            "Mark Stone",
        ),
        (
            "Mark Stone portrayed the merger as a threat to small farms.",
            "the merger as a threat to small farms",
            "portrayed",
            "Mark Stone",
        ),
        (  # a decision reported with an infinitive
            "The city council voted to ban plastic bags from next year.",
            "to ban plastic bags",
            "voted",
            "The city council",
        ),
        (  # adjectives of stance after a copula
            "Mark Stone is skeptical of the merger between the two dairies.",
            "the merger between the two dairies",
            "is skeptical of",
            "Mark Stone",
        ),
        (
            "Mark Stone was confident that the bridge would reopen in May.",
            "the bridge would reopen in May",
            "was confident",
            "Mark Stone",
        ),
        (
            "Mark Stone is eager to debate the mayor before the vote.",
            "to debate the mayor",
            "is eager",
            "Mark Stone",
        ),
        (  # nouns of saying or judging with a possessor
            "Mark Stone's criticism of the budget drew applause from the crowd.",
            "the budget",
            "criticism of",
            "Mark Stone",
        ),
        (
            "Mark Stone's promise to cut bus fares won him the election.",
            "to cut bus fares",
            "promise",
            "Mark Stone",
        ),
        (  # a poll reports what follows "In ..."
            "In the latest county poll, the incumbent leads by five points.",
            "the incumbent leads by five points",
            "In",
            "the latest county poll",
        ),
    ],
)
def test_quotes_stance_cue_families(text, content, cue, speaker):
    q = _one(text, content)
    assert q.kind == "indirect"
    assert content in q.text
    assert q.cue.text == cue
    assert q.speaker.text == speaker


def test_quotes_plan_is_not_something_said():
    text = "Mark Stone pushed forward his plan to widen the harbour road next spring."
    assert not any("widen the harbour road" in q.text for q in _rule_quotes(text))


def test_quotes_attribution_inside_the_clause_keeps_both_parts():
    text = "The new harbour wall, Mark Stone said, would protect two hundred homes."
    q = _one(text, "would protect two hundred homes")
    assert q.kind == "indirect" and q.cue.text == "said" and q.speaker.text == "Mark Stone"
    assert q.text.startswith("The new harbour wall") and q.text.endswith("two hundred homes")
    assert q.words == "The new harbour wall … would protect two hundred homes"


def test_quotes_as_clause_attribution():
    text = "The driver had no licence, as police have said."
    q = _one(text, "The driver had no licence")
    assert q.cue.text == "have said" and q.speaker.text == "police"
    assert "police" not in q.text


def test_quotes_writers_tail_is_cut_from_the_content():
    text = (
        "Mark Stone said the plant would close in June, which surprised the workers. "
        "Ana Ruiz said the union would appeal; the company declined to comment."
    )
    assert _one(text, "the plant would close").text == "the plant would close in June"
    assert _one(text, "the union would appeal").text == "the union would appeal"


def test_quotes_participle_after_a_clause_belongs_to_the_speaker():
    text = "Analysts said tariffs have hurt farmers badly, citing a sharp drop in soybean exports."
    q = _one(text, "a sharp drop in soybean exports")
    assert q.cue.text == "citing" and q.speaker.text == "Analysts"


def test_quotes_document_subject_it_speaks():
    text = "The city sent a letter on Thursday. It says the campaign broke the copyright law."
    q = _one(text, "the campaign broke the copyright law")
    assert q.speaker.text == "It" and q.cue.text == "says"


def test_quotes_titles_and_credited_headlines_are_not_quotes():
    text = (
        'In an interview on CBS\'s "Face the Nation," Paul Ryan said the bill would pass.\n\n'
        "Reading list: “How the harbour deal was done,” by Ann Lee."
    )
    quotes = _quotes(text)
    assert not any("Face the Nation" in q.text for q in quotes)
    assert _one(text, "the bill would pass").speaker.text == "Paul Ryan"
    # the credited headline may be offered by the tagger (dropping its contents without a speaker
    # cost on train), but never as anyone's words
    assert all(q.speaker is None for q in quotes if "harbour deal" in q.text)


def test_quotes_quotation_with_a_long_writer_tail_is_mixed():
    text = (
        "Spokeswoman Jessica Ditto said via email that, “Of course the mayor is going to defend herself” "
        "against what the campaign sees as a coordinated attack by rival groups."
    )
    q = _one(text, "Of course the mayor")
    assert q.kind == "mixed" and q.speaker.text == "Spokeswoman Jessica Ditto"
    assert q.text.endswith("coordinated attack by rival groups")


def test_quotes_possessive_speaker_resolves_to_the_person():
    text = (
        "Governor Ruth Olsen spoke on Monday. "
        "Her criticism of the budget surprised the lawmakers who had backed it."
    )
    q = _one(text, "the budget")
    assert q.speaker.text == "Her" and q.speaker_name == "Ruth Olsen"


def test_quotes_surname_and_pronoun_after_a_role_resolve_to_the_person():
    text = (
        '"We have run out of ways to pretend this is rare," Mayor Helena Ostrova told reporters.\n\n'
        "Councillor Marcus Webb questioned the cost estimate. "
        "He said similar projects had gone over budget.\n\n"
        "The mayor rejected that criticism. Speaking later at a meeting, Ostrova said the city had added "
        "a contingency fund.\n\n"
        '"If we wait for a perfect study, we will be writing it from a rowing boat," she said.'
    )
    assert _one(text, "the city had added").speaker_name == "Helena Ostrova"
    q = _one(text, "If we wait for a perfect study")
    assert q.speaker.text == "she" and q.speaker_name == "Helena Ostrova"
    assert _one(text, "similar projects had gone").speaker_name == "Marcus Webb"


def test_quotes_a_headline_without_full_stop_does_not_run_into_the_paragraph_under_it():
    # the parser alone reads the two as one sentence ("... over subsidies “Parasite” director ...")
    text = (
        "Film festival opens with a debate over subsidies\n\n"
        "“Parasite” director Bong Joon Ho said the festival should remain independent of the state.\n"
    )
    q = _one(text, "the festival should remain independent")
    assert (q.kind, q.speaker_name, q.cue.text) == ("indirect", "Bong Joon Ho", "said")
    assert q.text == "the festival should remain independent of the state"
    sents = [s.text.strip() for s in parse(text).sents]
    assert sents[0] == "Film festival opens with a debate over subsidies"


def test_quotes_no_stance_without_a_speaker_and_none_in_the_headline():
    """A noun phrase after a stance verb that no one holds ("were not nominated for the panel",
    "referring to the actor who won") reports no one's words; a headline's stance ("Trump
    defends new steel tariffs") is the story told again below it. Neither is a quote."""
    from reader.core.loaders.text import load_bytes
    from reader.nlp.pipeline import analyze

    text = (
        "Trump defends new steel tariffs\n\n"
        "WASHINGTON — President Donald Trump on Thursday defended the tariffs he announced last week, "
        "saying they would protect American jobs.\n\n"
        "Critics were not nominated for the panel, referring to the actor who won the award.\n"
    )
    quotes = analyze(load_bytes(text.encode("utf-8"), "story.txt")).quotes
    said = [q.text for q in quotes]
    assert "they would protect American jobs" in said
    assert not any("steel tariffs" in t or "the panel" in t or "the actor" in t for t in said), said


def test_quotes_marks_a_mark_left_open_does_not_run_into_another_speaker():
    """The next paragraph's quotation that names its own speaker, someone the open paragraph does
    not name, is that speaker's: not the end of the open quotation. A continuation ending "she
    said" or with the same speaker's name stays one quotation."""
    t = (
        '"We will not wait," Mayor Lena Ortiz said. "The tides will not wait either.\n\n'
        '"This plan is rushed," said Dan Webb.\n'
    )
    assert [[t[s:e] for s, e in m.pieces] for m in find_marked(t)] == [
        ["We will not wait,"],
        ["The tides will not wait either."],
        ["This plan is rushed,"],
    ]
    for closing in ("she said", "Ortiz said"):
        t = f'Mayor Lena Ortiz said: "We will not wait.\n\n"The tides will not wait either," {closing}.\n'
        (m,) = find_marked(t)
        assert len(m.pieces) == 2 and m.closed


def test_quotes_indirect_content_starts_after_the_cues_own_modifiers():
    """ "said on Thursday it aims ...": when and where it was said belong to the cue, not the
    content; after "that" they are the content's."""
    q = _one("The council said on Thursday it aims to finish the barrier by 2027.", "aims")
    assert q.text == "it aims to finish the barrier by 2027"
    q = _one("The council said that on Thursday the barrier would open.", "barrier")
    assert q.text == "on Thursday the barrier would open"


def test_quotes_indirect_content_before_its_speaker_keeps_its_aside():
    """ "fell to 3.4 percent, the lowest since 1969, the department said": the aside that hangs on
    the content is part of what was said, up to the comma before the speaker."""
    text = "The unemployment rate fell to 3.4 percent, the lowest since 1969, the Labor Department said."
    q = _one(text, "3.4 percent")
    assert q.text == "The unemployment rate fell to 3.4 percent, the lowest since 1969"
    q = _one("The plan will cost $48 million, a record for the city, officials said.", "cost")
    assert q.text == "The plan will cost $48 million, a record for the city"
