"""Who is who: the identity rules (reader.core.identity, no model), the library's speaker merge on
rows built by hand, articles written for these tests through the real model, and the command
line's look-up by identity."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.core import identity
from reader.core.identity import Form, canonical_name, distinct_people, name_gender, same_given, speaker_label
from reader.library import Library
from reader.library.speakers import merge, rebuild

# -- the rules --------------------------------------------------------------------------------


def test_one_form_whatever_the_spaces_and_dots():
    assert identity.form("Donald\u00a0J.\u2009Trump ") == "Donald J. Trump"
    assert identity.form_key("Donald J. Trump") == identity.form_key("donald  j trump") == "donald j trump"
    assert identity.form("Clinton’s") == "Clinton's"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("bill", "william", True),  # a nickname is its given name
        ("joe", "joseph", True),
        ("ash", "ashton", True),  # a short form that begins the name
        ("j", "john", True),  # an initial
        ("jan", "jana", False),  # one letter apart: two names
        ("dan", "dana", False),
        ("hillary", "bill", False),
        ("al", "alan", False),  # too short to tell
    ],
)
def test_given_names(a, b, same):
    assert same_given(a, b) is same
    assert same_given(b, a) is same


@pytest.mark.parametrize(
    ("a", "b", "distinct"),
    [
        ("Donald Trump", "Donald Trump Jr.", True),
        ("Trump Jr.", "Donald Trump", True),
        ("Trump", "Donald Trump Jr.", False),  # a bare surname may be either: the article decides
        ("Hillary Clinton", "Bill Clinton", True),
        ("Jan Novak", "Jana Novak", True),
        ("George W. Bush", "George H. W. Bush", True),
        ("Hillary Clinton", "Hillary Rodham Clinton", False),
        ("Donald Trump", "Donald J. Trump", False),
        ("Bill Clinton", "William Clinton", False),
        ("Clinton", "Hillary Clinton", False),
    ],
)
def test_distinct_people(a, b, distinct):
    assert distinct_people(a.split(), b.split()) is distinct
    assert distinct_people(b.split(), a.split()) is distinct


def test_name_gender_from_titles_and_census():
    assert name_gender("Hillary") == "f" and name_gender("Donald") == "m" and name_gender("Bill") == "m"
    assert name_gender("Barack") == "m"  # from the titles of PolNeAR train (reader.core.given_names)
    # missing from the men's list, which stops higher than the women's: not thereby a woman's name
    assert name_gender("Ashton") is None
    assert name_gender("Jordan") is None  # shared
    assert name_gender("J.") is None  # an initial


def test_canonical_name_is_the_most_complete_outside_quotes_and_headlines():
    person = [
        Form("Crooked Hillary Clinton", 2, quoted=True),
        Form("Hillary Clinton", 3),
        Form("Hillary Rodham Clinton", 1),
        Form("Clinton", 9),
    ]
    assert canonical_name(person, True) == "Hillary Rodham Clinton"
    # the text below the headline has the surname only: the headline's full name
    assert canonical_name([Form("Hillary Clinton", 1, headline=True), Form("Clinton", 4)], True) == (
        "Hillary Clinton"
    )
    # a particle surname is no full name: "De Niro" twice does not beat "Robert De Niro"
    assert canonical_name([Form("De Niro", 2), Form("Robert De Niro", 1)], True) == "Robert De Niro"
    assert canonical_name([Form("WALLACE", 3)], True) == "Wallace"  # a transcript label's capitals
    assert canonical_name([Form("the Pentagon", 1), Form("Pentagon", 2)], False) == "the Pentagon"


@pytest.mark.parametrize(
    "text",
    [
        "It",
        "which",
        "you'd",
        "'s",
        "WALLACE: Let's start with breaking news",
        "RENO, Nev. (AP) — Donald Trump",
        "R-Texas",  # a legislator's party and state
        "(D-Wis.)",
        "D-N.Y.",
    ],
)
def test_junk_names(text):
    assert identity.is_junk_name(text)


@pytest.mark.parametrize(
    "text", ["Donald Trump", "officials", "the Pentagon chief", "NATO", "WALLACE", "R-Texas Group"]
)
def test_names_that_are_names(text):
    assert not identity.is_junk_name(text)


def test_datelines():
    text = (
        "Trump says NFL has gone soft\n\nRENO, Nev. (AP) — Donald Trump said on Saturday.\n\n"
        "LOS ANGELES, Sept. 28 (UPI) — A preview clip.\n\nNATO - the alliance met.\n"
    )
    ranges = identity.dateline_ranges(text)
    assert [text[s:e] for s, e in ranges] == ["RENO, Nev. (AP) — ", "LOS ANGELES, Sept. 28 (UPI) — "]
    assert identity.strip_dateline("WASHINGTON -- President Obama") == "President Obama"


def test_speaker_label_says_unresolved_plainly():
    assert speaker_label(None, "she") == "unresolved (she)"
    assert speaker_label(None, "It") == "unresolved (it)"
    assert speaker_label(None, "I") == "unresolved (I)"
    assert speaker_label(None, "which") == "unresolved (which)"
    assert speaker_label("Hillary Clinton", "she") == "Hillary Clinton"
    assert speaker_label(None, "officials") == "officials"  # an unnamed source, as written
    assert speaker_label("WASHINGTON —", "they") == "unresolved (they)"  # a dateline names no one
    assert speaker_label(None, None) == identity.UNATTRIBUTED == "unattributed"


# -- the library's merge, on rows built by hand (quote id, article id, as written, name, kind, forms) --


def _groups(rows, people=()):
    return {name: sorted(ids) for _key, name, _kind, ids, _v in merge(rows, people)}


def _variants(rows, name, people=()):
    return {v for _k, n, _kind, _ids, vs in merge(rows, people) if n == name for v, _ in vs}


def test_merge_suffix_separates_where_an_article_names_both():
    rows = [
        (1, 1, "Trump Jr.", "Donald Trump Jr.", "person", None),
        (2, 1, "Trump", "Donald Trump", "person", None),
        (3, 2, "Donald Trump", "Donald Trump", "person", None),
        (4, 3, "Mr. Biden", "Joseph R. Biden Jr.", "person", None),
        (5, 4, "Biden", "Joe Biden", "person", None),
    ]
    people = [(1, "Donald Trump Jr."), (1, "Donald Trump"), (3, "Joseph R. Biden Jr."), (4, "Joe Biden")]
    groups = _groups(rows, people)
    assert groups["Donald Trump Jr."] == [1] and groups["Donald Trump"] == [2, 3]
    # no article names both Bidens: the suffix is one way of writing one man's name
    assert [ids for name, ids in groups.items() if "Biden" in name] == [[4, 5]]


def test_merge_keeps_families_and_near_names_apart():
    rows = [
        (1, 1, "Clinton", "Hillary Clinton", "person", None),
        (2, 2, "Clinton", "Bill Clinton", "person", None),
        (3, 3, "Chelsea Clinton", "Chelsea Clinton", "person", None),
        (4, 4, "Novak", "Jan Novak", "person", None),
        (5, 5, "Novak", "Jana Novak", "person", None),
        (6, 6, "Ash Carter", "Ash Carter", "person", None),
        (7, 7, "Mr. Carter", "Ashton Carter", "person", None),
    ]
    groups = _groups(rows)
    assert groups["Hillary Clinton"] == [1] and groups["Bill Clinton"] == [2]
    assert groups["Chelsea Clinton"] == [3]
    assert groups["Jan Novak"] == [4] and groups["Jana Novak"] == [5]
    assert [ids for name, ids in groups.items() if "Carter" in name] == [[6, 7]]


def test_merge_a_title_of_the_other_gender_is_no_variant():
    rows = [
        (1, 1, "Mrs. Clinton", "Bill Clinton", "person", None),  # the article's slip
        (2, 2, "Mr. Clinton", "Bill Clinton", "person", None),
    ]
    assert _variants(rows, "Bill Clinton") == {"Bill Clinton", "Mr. Clinton"}


def test_merge_a_surname_alone_joins_one_person_or_stays_unresolved():
    rows = [
        (1, 1, "Hillary Clinton", "Hillary Clinton", "person", None),
        (2, 2, "Bill Clinton", "Bill Clinton", "person", None),
        (3, 3, "Clinton", "Clinton", "person", None),
        (4, 4, "Carter", "Ash Carter", "person", None),
        (5, 5, "Carter", "Carter", "person", None),
    ]
    groups = _groups(rows)
    assert groups["Clinton (unresolved)"] == [3]
    assert groups["Ash Carter"] == [4, 5]  # one Carter in the library
    # articles that resolved "Clinton" agree on Hillary: the word is hers
    votes = [
        (10 + k, 10 + k, "Clinton", "Hillary Clinton", "person", '["Hillary Clinton", "Clinton"]')
        for k in range(3)
    ]
    assert _groups(rows + votes)["Hillary Clinton"] == [1, 3, 10, 11, 12]


def test_merge_a_name_is_one_kind():
    rows = [
        (1, 1, "Trump", "Donald Trump", "person", None),
        (2, 2, "Trump", "Trump", "organization", None),  # the model read the surname as a company
        (3, 3, "Trump Tower", "Trump Tower", "place", None),
    ]
    groups = _groups(rows)
    assert groups["Donald Trump"] == [1, 2] and groups["Trump Tower"] == [3]


def test_merge_spacing_is_one_form_and_junk_makes_no_speaker():
    rows = [
        (1, 1, "Donald\u00a0Trump", "Donald\u00a0Trump", "person", None),
        (2, 2, "Donald Trump", "Donald Trump", "person", None),
        (3, 3, "they", "WASHINGTON —", "place", None),
        (4, 4, "It", "It", "other", None),
    ]
    assert _groups(rows) == {"Donald Trump": [1, 2]}


def test_merge_a_transcript_label_is_no_written_form_of_its_speaker():
    rows = [
        (1, 1, "WALLACE: Governor", "Wallace", "person", None),
        (2, 1, "WALLACE: Let’s start with breaking news", "Wallace", "person", None),
        (3, 2, "Wallace", "Chris Wallace", "person", None),
    ]
    assert "WALLACE: Governor" not in _variants(rows, "Chris Wallace")
    assert not any("start" in v for v in _variants(rows, "Chris Wallace"))
    assert _groups(rows) == {"Chris Wallace": [1, 2, 3]}


# -- articles written for these tests, through the real model ----------------------------------------


def _speakers(text: str) -> list[tuple[str, str]]:
    """(the speaker as written, as shown) of each quote."""
    from reader.nlp.pipeline import analyze_text

    return [
        (q.speaker.text if q.speaker else "", identity.quote_speaker(q)) for q in analyze_text(text).quotes
    ]


def _people(text: str) -> dict[str, list[str]]:
    from reader.nlp.pipeline import analyze_text

    return {c.name: [m.text for m in c.mentions] for c in analyze_text(text).canonical if c.label == "PERSON"}


def test_article_father_and_namesake_son(nlp):
    text = (
        "Donald Trump Jr. spoke to reporters in Ohio on Tuesday. "
        '"My father will win this state," Trump Jr. said. '
        'Donald Trump later addressed a rally in Iowa. "We are going to win big," Trump said.\n\n'
        "Donald Trump Jr. added that the campaign had raised more money than expected.\n"
    )
    shown = dict(_speakers(text))
    assert shown["Trump Jr."] == "Donald Trump Jr."
    assert shown["Trump"] == "Donald Trump"  # the son is "Trump Jr.": "Trump" is the father
    people = _people(text)
    assert "Trump Jr." in people["Donald Trump Jr."] and "Trump Jr." not in people["Donald Trump"]


def test_article_a_family_told_apart_by_titles_and_given_names(nlp):
    text = (
        'Hillary Clinton toured a factory in Des Moines on Monday. "We need better jobs," Clinton said. '
        'Her husband, former President Bill Clinton, joined her later. "She is ready," Mr. Clinton said. '
        'Chelsea Clinton also spoke. "My mother listens," Chelsea Clinton said. '
        "Mrs. Clinton said she would return next week.\n"
    )
    assert _speakers(text) == [
        ("Clinton", "Hillary Clinton"),
        ("Mr. Clinton", "Bill Clinton"),
        ("Chelsea Clinton", "Chelsea Clinton"),
        ("Mrs. Clinton", "Hillary Clinton"),
    ]


def test_article_a_relative_named_by_a_given_name_has_the_family_name(nlp):
    text = (
        'Maria Lopez campaigned in Reno on Monday. "We will win Nevada," Lopez said. '
        "Lopez's husband, Daniel, spoke at a diner nearby. "
        '"She listens to people," Daniel said.\n'
    )
    assert ("Daniel", "Daniel Lopez") in _speakers(text)  # not a speaker "Daniel" of his own
    assert "Daniel Lopez" in _people(text) and "Daniel" not in _people(text)["Maria Lopez"]


def test_article_an_organization_is_named_from_the_text_not_from_a_headline(nlp):
    from reader.nlp.pipeline import analyze_text

    text = (
        "New York Times Hit Piece Smears Local Farmer Who Won a Prize for Corn.\n\n"
        "The New York Times ran a story on Sunday about a farmer in Iowa.\n"
    )
    orgs = {c.name: {m.text for m in c.mentions} for c in analyze_text(text).canonical if c.label == "ORG"}
    assert "New York Times" in orgs and not any("Hit Piece" in name for name in orgs)
    assert orgs["New York Times"] == {"New York Times"}  # the headline's name cut to what the text writes


def test_article_a_spaced_dash_ends_a_name(nlp):
    from reader.nlp.pipeline import analyze_text

    text = "Trump gave an interview to The Washington Post - conducted last Wednesday at his hotel.\n"
    orgs = {c.name for c in analyze_text(text).canonical if c.label == "ORG"}
    assert orgs == {"Washington Post"}  # not "Washington Post - conducted"


def test_article_given_names_one_letter_apart_are_two_people(nlp):
    text = (
        'Jan Novak, the mayor, opened the bridge on Friday. "It took ten years," Novak said. '
        'His daughter Jana Novak, an engineer, designed it. "The steel came from abroad," Jana Novak said.\n'
    )
    assert _speakers(text) == [("Novak", "Jan Novak"), ("Jana Novak", "Jana Novak")]


def test_article_an_epithet_inside_quotation_marks_is_not_her_name(nlp):
    text = (
        'Donald Trump told a crowd in Florida that "Crooked Hillary Clinton" could not be trusted. '
        'Hillary Clinton answered on Wednesday. "He is not fit to serve," Clinton said.\n'
    )
    people = _people(text)
    assert "Hillary Clinton" in people and not any("Crooked" in name for name in people)
    assert ("Clinton", "Hillary Clinton") in _speakers(text)


def test_article_a_dateline_is_nobody(nlp):
    text = (
        "Trump says the game has changed\n\n"
        "RENO, Nev. (AP) — Republican presidential hopeful Donald Trump said Saturday that he no longer "
        'watches football much. "The game has changed," Trump said.\n\n'
        "WASHINGTON — Senator Mitch McConnell said the Senate would vote next week.\n"
    )
    from reader.nlp.pipeline import analyze_text

    a = analyze_text(text)
    assert not any(e.text in ("RENO", "Nev.", "AP", "WASHINGTON") for e in a.entities)
    shown = [identity.quote_speaker(q) for q in a.quotes]
    assert "Donald Trump" in shown and "Mitch McConnell" in shown
    assert not any(q.speaker and q.speaker.text.startswith(("RENO", "WASHINGTON")) for q in a.quotes)


def test_article_a_transcript_label_is_its_speaker(nlp):
    text = (
        "Chris Wallace interviewed Mike Pence on Sunday. Partial transcript:\n\n"
        "WALLACE: Let's start with the debate. Why invite her?\n\n"
        "PENCE: Well, look, the campaign was making a point about distractions.\n\n"
        "WALLACE: Do you really see those two as equal?\n"
    )
    shown = {label for _, label in _speakers(text)}
    assert shown <= {"Chris Wallace", "Mike Pence"} and "Mike Pence" in shown
    assert not any("Let's" in name or name.isupper() for name in _people(text))


def test_article_no_break_spaces_are_one_person(nlp):
    text = (
        'Donald\u00a0Trump spoke in Ohio on Monday. "We will bring the jobs back," Donald\u00a0Trump said. '
        'Later Donald Trump repeated the promise. "Believe me," Donald Trump said.\n'
    )
    assert list(_people(text)) == ["Donald Trump"]
    assert {label for _, label in _speakers(text)} == {"Donald Trump"}


def test_article_a_surname_read_as_a_company_is_the_person(nlp):
    text = (
        'Donald Trump held a rally in Detroit. "Detroit deserves better," Trump said. Supporters said '
        "Trump would bring back factories, and Trump told them the plan was simple.\n"
    )
    from reader.nlp.pipeline import analyze_text

    a = analyze_text(text)
    trump = [c for c in a.canonical if "Trump" in c.name]
    assert [(c.name, c.label) for c in trump] == [("Donald Trump", "PERSON")]


def test_article_a_company_is_no_person(nlp):
    text = (
        "Drugmaker Mylan raised the price of the EpiPen again. Mylan, the drug company, said on Monday "
        'that the price reflected its costs. "We stand by it," Mylan said.\n'
    )
    from reader.nlp.pipeline import analyze_text

    a = analyze_text(text)
    assert not any(c.label == "PERSON" for c in a.canonical if "Mylan" in c.name)


def test_article_a_persons_campaign_is_one_organization(nlp):
    text = (
        "Hillary Clinton spoke in Iowa on Monday. Mrs. Clinton's campaign said the rally drew 3,000 "
        "people. Later the Clinton campaign said it would return in March.\n"
    )
    from reader.nlp.pipeline import analyze_text

    a = analyze_text(text)
    campaign = [q for q in a.quotes if q.speaker_name == "Clinton campaign"]
    assert len(campaign) == 2 and len({q.speaker_id for q in campaign}) == 1
    assert a.entity(campaign[0].speaker_id).label == "ORG"


def test_article_a_short_name_of_one_organization_is_it(nlp):
    text = (
        "The New York Times reported on Monday that the plan had stalled. The Times said the mayor "
        "had not answered its questions.\n"
    )
    from reader.nlp.pipeline import analyze_text

    a = analyze_text(text)
    times = [c for c in a.canonical if "Times" in c.name]
    assert [c.name for c in times] == ["New York Times"] and len(times[0].mentions) == 2
    text = (
        "Fox News aired the debate on Thursday. Fox said the ratings were the highest of the year. "
        "The Washington Post and the New York Post disagreed. The Post said nothing.\n"
    )
    a = analyze_text(text)
    assert [c.name for c in a.canonical if c.name.startswith("Fox")] == ["Fox News"]
    assert "Post" in [c.name for c in a.canonical]  # two Posts: the short name stays its own


def test_article_a_headline_fragment_is_not_a_name(nlp):
    text = (
        "Obama Speech Draws Crowd In Chicago\n\n"
        'President Barack Obama spoke in Chicago on Tuesday. "This city made me," Obama said. '
        "Obama later met students.\n"
    )
    people = _people(text)
    assert list(people) == ["Barack Obama"]
    assert ("Obama", "Barack Obama") in _speakers(text)


def test_article_it_is_the_organization_that_spoke_just_before(nlp):
    text = (
        "The Federal Aviation Administration released its findings on Monday. It said the plane "
        "had been serviced on time.\n"
    )
    shown = _speakers(text)
    assert ("It", "Federal Aviation Administration") in shown


def test_article_a_pronoun_among_many_of_its_gender_is_not_guessed(nlp):
    text = (
        "The debate in Ohio with John Kasich, Ted Cruz and Marco Rubio ended late on Monday. "
        '"We are ready," he said.\n'
    )
    assert ("he", "unresolved (he)") in _speakers(text)


def test_article_a_pronoun_nobody_resolves_is_shown_unresolved(nlp):
    text = 'The committee met on Tuesday. Someone in the room disagreed. "She was wrong," she said.\n'
    assert ("she", "unresolved (she)") in _speakers(text)


def test_library_a_party_s_members_are_a_group_not_one_source(nlp, tmp_path):
    # "Republicans" of two articles are two groups of people, listed under one wording as
    # "officials" are (kind unnamed), never one organization; the window shows them with the
    # organizations all the same
    from reader.library.indexer import index

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Republicans said the tax plan would fail. Mary Dunn said it would pass.\n")
    (folder / "b.txt").write_text("Republicans said the bridge was too costly. Mary Dunn disagreed.\n")
    (folder / "c.txt").write_text("The Republican Party said the vote would be held on Monday.\n")
    db = tmp_path / "lib.sqlite3"
    index([folder], db)
    with Library(db) as lib:
        kinds = {s.name: (s.kind, s.articles) for s in lib.speakers()}
    assert kinds["Republicans"] == ("unnamed", 2)
    assert kinds["Mary Dunn"] == ("person", 1)
    assert kinds["Republican Party"][0] == "organization"
    from reader.nlp.pipeline import analyze_text

    group = next(c for c in analyze_text("Republicans said the plan would fail.\n").canonical)
    assert (group.name, group.label, group.category.value) == ("Republicans", "NORP", "speaker")


# -- look-ups by identity ------------------------------------------------------------------------------


def _record(quotes, entities):
    return {"title": "T", "date": "2016-09-12", "format": "txt", "words": 50, "entities": entities,
            "quotes": quotes, "figures": []}  # fmt: skip


def _quote(start, written, name, ref):
    return {"text": f"words {start}", "start": start, "end": start + 7, "kind": "direct", "cue": None,
            "speaker": {"text": written, "start": 0, "end": len(written)}, "speaker_name": name,
            "speaker_ref": ref, "speaker_kind": "person", "parts": [], "content_type": "clause"}  # fmt: skip


def _person(ref, name, *forms):
    return {"ref": ref, "name": name, "label": "PERSON", "category": "speaker", "mentions": 2,
            "forms": list(forms)}  # fmt: skip


@pytest.fixture
def library(tmp_path):
    db = tmp_path / "lib.sqlite3"
    hillary = _person("h", "Hillary Clinton", "Hillary Clinton", "Clinton")
    bill = _person("b", "Bill Clinton", "Bill Clinton", "Clinton")
    with Library(db) as lib:
        quotes = [
            _quote(0, "Hillary Clinton", "Hillary Clinton", "h"),
            _quote(20, "Clinton", "Hillary Clinton", "h"),
            _quote(40, "Bill Clinton", "Bill Clinton", "b"),
        ]
        lib.write_article(tmp_path / "a.txt", "a", "v", _record(quotes, [hillary, bill]))
        quotes = [
            _quote(0, "Mr. Clinton", "Bill Clinton", "b"),
            _quote(20, "Mr. Trump", "Donald Trump", "t"),
            _quote(40, "Ivana Trump", "Ivana Trump", "i"),
        ]
        trumps = [_person("t", "Donald Trump", "Donald Trump"), _person("i", "Ivana Trump", "Ivana Trump")]
        lib.write_article(tmp_path / "b.txt", "b", "v", _record(quotes, [bill, *trumps]))
        rebuild(lib)
    return str(db)


def test_lookup_one_speaker_by_name_or_written_form(library, capsys):
    assert main(["quotes", "--speaker", "hillary  clinton", "--db", library]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2 and {r["speaker"] for r in rows} == {"Hillary Clinton"}
    assert main(["quotes", "--speaker", "Mr. Trump", "--db", library]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["speaker"] for r in rows] == ["Donald Trump"]  # never Ivana Trump


def test_lookup_several_speakers_are_listed_and_one_is_asked_for(library, capsys):
    assert main(["quotes", "--speaker", "Clinton", "--db", library]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Hillary Clinton (2 quotes)" in captured.err and "Bill Clinton (2 quotes)" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("name", ["", "   ", "\u00a0", "x" * 201])
def test_lookup_refuses_empty_and_overlong_names(library, capsys, name):
    assert main(["quotes", "--speaker", name, "--db", library]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert "--speaker" in captured.err


def test_lookup_no_such_speaker_suggests_near_ones(library, capsys):
    assert main(["quotes", "--speaker", "Hillary", "--db", library]) == 1
    err = capsys.readouterr().err
    assert "no speaker in the library is called 'Hillary'" in err and "Hillary Clinton" in err
