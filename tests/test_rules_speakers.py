"""Who speaks: the subject of a cue (``attribution.subject_of``), who can be a source (``can_speak``)
and the resolution of a speaker mention to a name (``coref.Resolver``), on hand-built parses and
hand-built entity lists. No model is loaded."""

from __future__ import annotations

import pytest
from _docs import build

from reader.core.categories import Category
from reader.core.model import CanonicalEntity, Entity, Span
from reader.nlp.quotes import extractor
from reader.nlp.quotes.coref import Resolver
from reader.nlp.quotes.spans import can_speak, mention_range, subject_of


def _subject(doc, i: int) -> str | None:
    s = subject_of(doc[i])
    return s.text if s is not None else None


# --- subject_of --------------------------------------------------------------------------------


def test_subject_own_subject():
    doc = build(
        """
        The      DT  det   1
        mayor    NN  nsubj 2
        said/say VBD ROOT  -
        .        .   punct 2
        """
    )
    assert _subject(doc, 2) == "mayor"


def test_subject_of_two_the_one_that_can_speak():
    doc = build(
        """
        noon     NN  nsubj 2 B-TIME
        Pacheco  NNP nsubj 2
        said/say VBD ROOT  -
        .        .   punct 2
        """
    )
    doc2 = build(
        """
        Pacheco  NNP nsubj 2
        noon     NN  nsubj 2 B-TIME
        said/say VBD ROOT  -
        .        .   punct 2
        """
    )
    assert _subject(doc, 2) == "Pacheco"
    assert _subject(doc2, 2) == "Pacheco"


def test_subject_passive_agent():
    doc = build(
        """
        The       DT  det       1
        plan      NN  nsubjpass 3
        was/be    VBD auxpass   3
        endorsed/endorse VBN ROOT -
        by        IN  agent     3
        the       DT  det       6
        union     NN  pobj      4
        .         .   punct     3
        """
    )
    assert _subject(doc, 3) == "union"


@pytest.mark.parametrize(("word", "expected"), [("Smith", "Smith"), ("It", None)])
def test_subject_passive_subject_but_not_a_placeholder(word, expected):
    doc = build(
        f"""
        {word}    NNP nsubjpass 2
        was/be    VBD auxpass   2
        quoted/quote VBN ROOT   -
        .         .   punct     2
        """
    )
    assert _subject(doc, 2) == expected


def test_subject_of_a_conjoined_verb():
    doc = build(
        """
        She       PRP nsubj 1
        smiled/smile VBD ROOT -
        and       CC  cc    1
        said/say  VBD conj  1
        no        UH  dobj  3
        .         .   punct 1
        """
    )
    assert _subject(doc, 3) == "She"


def test_subject_of_a_participle_after_a_reported_clause_is_the_reporter():
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
    assert _subject(doc, 5) == "He"  # not "taxes"


def test_subject_of_an_infinitive_and_of_by_saying():
    doc = build(
        """
        She          PRP nsubj 1
        refused/refuse VBD ROOT -
        to           TO  aux   3
        comment      VB  xcomp 1
        .            .   punct 1
        He           PRP nsubj 6
        began/begin  VBD ROOT  -
        by           IN  prep  6
        saying/say   VBG pcomp 7
        no           UH  dobj  8
        .            .   punct 6
        """
    )
    assert _subject(doc, 3) == "She"
    assert _subject(doc, 8) == "He"


def test_subject_of_a_participle_modifying_a_noun():
    doc = build(
        """
        Officials/official NNS ROOT -
        saying/say  VBG acl   0
        no          UH  dobj  1
        .           .   punct 0
        His         PRP$ poss 5
        statement   NN  ROOT  -
        saying/say  VBG acl   5
        no          UH  dobj  6
        .           .   punct 5
        A           DT  det   10
        statement   NN  ROOT  -
        saying/say  VBG acl   10
        no          UH  dobj  11
        """
    )
    assert _subject(doc, 1) == "Officials"
    assert _subject(doc, 6) == "His"  # the possessor of a noun of saying
    assert _subject(doc, 11) is None


def test_speaker_word_in_a_relative_clause_on_the_subject_is_the_subject():
    # "Ann Cole, who covered the House for ABC News, said no": the clause tells who she is
    doc = build(
        """
        Ann       NNP compound 1 B-PERSON
        Cole      NNP nsubj    13 I-PERSON
        ,         ,   punct    1
        who       WP  nsubj    4
        covered/cover VBD relcl 1
        the       DT  det      6
        House     NNP dobj     4 B-ORG
        for       IN  prep     4
        ABC       NNP compound 9 B-ORG
        News      NNP pobj     7 I-ORG
        for       IN  prep     4
        years/year NNS pobj    10
        ,         ,   punct    1
        said/say  VBD ROOT     -
        no        UH  dobj     13
        .         .   punct    13
        """
    )
    assert extractor._outside_clauses(doc[9], doc[13]).text == "Cole"
    assert extractor._outside_clauses(doc[1], doc[13]).text == "Cole"


def test_speaker_word_of_a_clause_with_its_own_cue_or_on_an_object_stays():
    # "Cole, whose aide said no, left" and "They studied the test, which media claimed works"
    doc = build(
        """
        Cole      NNP nsubj    6 B-PERSON
        ,         ,   punct    0
        whose     WP$ poss     3
        aide      NN  nsubj    4
        said/say  VBD relcl    0
        ,         ,   punct    0
        left/leave VBD ROOT    -
        .         .   punct    6
        They      PRP nsubj    9
        studied/study VBD ROOT -
        the       DT  det      11
        test      NN  dobj     9
        ,         ,   punct    11
        which     WDT dobj     15
        media     NNS nsubj    15
        claimed/claim VBD relcl 11
        works/work VBZ ccomp   15
        .         .   punct    9
        """
    )
    assert extractor._outside_clauses(doc[3], doc[4]).text == "aide"
    assert extractor._outside_clauses(doc[14], doc[16]).text == "media"


def test_speaker_word_in_a_phrase_of_the_subject_or_of_according_to_is_that_noun():
    # "A spokesman for Mr. Cole said no, according to audio provided to the Times."
    doc = build(
        """
        A         DT  det      1
        spokesman NN  nsubj    5
        for       IN  prep     1
        Mr.       NNP compound 4
        Cole      NNP pobj     2 B-PERSON
        said/say  VBD ROOT     -
        no        UH  dobj     5
        ,         ,   punct    5
        according/accord VBG prep 5
        to        IN  prep     8
        audio     NN  pobj     9
        provided/provide VBN acl 10
        to        IN  prep     11
        the       DT  det      14
        Times     NNP pobj     12 B-ORG
        .         .   punct    5
        """
    )
    assert extractor._outside_clauses(doc[4], doc[5]).text == "spokesman"
    assert extractor._outside_clauses(doc[14], doc[8]).text == "audio"
    # the same phrase on a noun that is not the cue's subject says nothing of the speaker
    assert extractor._outside_clauses(doc[14], doc[5]).text == "Times"


# --- can_speak ------------------------------------------------------------------------------


CAN_SPEAK = build(
    """
    Then        RB  ROOT  -
    Reuters     NNP dep   0 B-ORG
    noon        NN  dep   0 B-TIME
    homes/home  NNS dep   0
    adherents/adherent NNS dep 0
    settlements/settlement NNS dep 0
    hydrologists/hydrologist NNS dep 0
    officials/official NNS dep 0
    he          PRP dep   0
    Dolan       NN  dep   0
    fences/fence NNS dep  0
    uncle       NN  dep   0
    ,           ,   punct 0
    """
)


@pytest.mark.parametrize(
    ("i", "expected"),
    [
        (1, True),  # an organization
        (2, False),  # a time
        (3, False),  # a common noun of no one
        (4, True),  # "-ent": adherents (in no list)
        (5, False),  # "-ment" is no agent
        (6, True),  # "-ist": hydrologists (in no list)
        (7, True),  # a noun of people (lexicon)
        (8, True),  # a pronoun
        (9, True),  # a capitalized noun inside a sentence: a name the tagger missed
        (10, False),
        (11, True),  # a relative
        (12, False),  # punctuation
    ],
)
def test_can_speak(i, expected):
    assert can_speak(CAN_SPEAK[i]) is expected, CAN_SPEAK[i].text


# --- coreference: a speaker mention to a name -------------------------------------------------


def _ents(doc, spans: list[tuple]):
    """Entity mentions and canonical entities from token spans (start, end, label, entity id[,
    gender]); the canonical name is the longest mention of the id. A gender is what the entity
    code reads from titles and given names (entities.cluster, tested in test_entities)."""
    mentions, by_id, genders = [], {}, {}
    for s, e, label, eid, *gender in spans:
        sp = doc[s:e]
        mentions.append(Entity(sp.text, label, sp.start_char, sp.end_char, Category.PERSON, eid))
        by_id.setdefault(eid, []).append((sp.text, label, Span(sp.text, sp.start_char, sp.end_char)))
        genders[eid] = gender[0] if gender else None
    canonical = [
        CanonicalEntity(
            eid,
            max(v, key=lambda x: len(x[0]))[0],
            v[0][1],
            Category.PERSON,
            tuple(x[2] for x in v),
            gender=genders[eid],
        )
        for eid, v in by_id.items()
    ]
    return mentions, canonical


def _resolve(doc, spans, i: int):
    mentions, canonical = _ents(doc, spans)
    resolver = Resolver(doc, doc.text, mentions, canonical, bytearray(len(doc.text) + 1))
    lo, hi = mention_range(doc[i])
    res, label = resolver.resolve(doc[i], lo, hi)
    return res.name, res.kind, label


PRONOUNS = build(
    """
    Mr.       NNP compound 1
    Adams     NNP nsubj 2
    met/meet  VBD ROOT  -
    Jane      NNP compound 4
    Cole      NNP dobj  2
    .         .   punct 2
    He        PRP nsubj 7
    said/say  VBD ROOT  -
    taxes/tax NNS nsubj 9
    rose/rise VBD ccomp 7
    .         .   punct 7
    She       PRP nsubj 12
    agreed/agree VBD ROOT -
    .         .   punct 12
    """
)
PRONOUN_ENTS = [(1, 2, "PERSON", "adams", "m"), (3, 5, "PERSON", "cole")]  # "Mr. Adams": a man


def test_coref_he_is_the_nearest_male_person_in_subject_position():
    assert _resolve(PRONOUNS, PRONOUN_ENTS, 6) == ("Adams", "pronoun", "PERSON")


def test_coref_she_skips_a_person_known_to_be_male():
    assert _resolve(PRONOUNS, PRONOUN_ENTS, 11) == ("Jane Cole", "pronoun", "PERSON")


def test_coref_a_named_mention_is_its_entity():
    assert _resolve(PRONOUNS, PRONOUN_ENTS, 4) == ("Jane Cole", "named", "PERSON")


GROUPS = build(
    """
    Workers/worker NNS nsubj 3
    in        IN  prep  0
    Ohio      NNP pobj  1
    protested/protest VBD ROOT -
    .         .   punct 3
    They      PRP nsubj 6
    said/say  VBD ROOT  -
    wages/wage NNS nsubj 8
    fell/fall VBD ccomp 6
    .         .   punct 6
    Acme      NNP compound 11
    Corp      NNP nsubj 12
    agreed/agree VBD ROOT -
    .         .   punct 12
    They      PRP nsubj 15
    said/say  VBD ROOT  -
    no        UH  dobj  15
    .         .   punct 15
    """
)
GROUP_ENTS = [(2, 3, "GPE", "ohio"), (10, 12, "ORG", "acme")]


def test_coref_they_is_a_named_group_before_it():
    assert _resolve(GROUPS, GROUP_ENTS, 14) == ("Acme Corp", "pronoun", "ORG")


def test_coref_they_is_a_place_only_as_a_subject_else_the_plural_subject():
    assert _resolve(GROUPS, GROUP_ENTS, 5) == ("Workers", "pronoun", "GROUP")


WRITERS = build(
    """
    Critics/critic NNS nsubj 1
    objected/object VBD ROOT -
    .         .   punct 1
    We        PRP nsubj 4
    asked/ask VBD ROOT  -
    readers/reader NNS dobj 4
    .         .   punct 4
    Teachers/teacher NNS nsubj 8
    replied/reply VBD ROOT -
    .         .   punct 8
    “         ``  punct 12
    We        PRP nsubj 12
    agree/agree VBP ROOT -
    ,         ,   punct 12
    ”         ''  punct 12
    they      PRP nsubj 16
    said/say  VBD ROOT  -
    .         .   punct 16
    """
)


def test_coref_we_of_the_writer_stays_unresolved_and_we_in_a_quotation_is_a_group():
    mentions, canonical = _ents(WRITERS, [])
    quoted = bytearray(len(WRITERS.text) + 1)
    lo, hi = WRITERS[10].idx, WRITERS[14].idx + 1
    quoted[lo:hi] = b"\x01" * (hi - lo)
    resolver = Resolver(WRITERS, WRITERS.text, mentions, canonical, quoted)
    assert resolver.resolve(WRITERS[3], 3, 4)[0].kind == "unresolved"  # "We asked readers", not the critics
    res, label = resolver.resolve(WRITERS[11], 11, 12)  # "We agree", inside the quotation
    assert (res.name, res.kind, label) == ("Teachers", "pronoun", "GROUP")


ROLES = build(
    """
    Omar      NNP compound 1
    Hadi      NNP nsubj 2
    met/meet  VBD ROOT  -
    Defense   NNP compound 6
    Minister  NNP compound 6
    Jane      NNP compound 6
    Cole      NNP dobj  2
    .         .   punct 2
    The       DT  det   9
    minister  NN  nsubj 10
    said/say  VBD ROOT  -
    no        UH  dobj  10
    .         .   punct 10
    """
)
ROLE_ENTS = [(0, 2, "PERSON", "hadi"), (5, 7, "PERSON", "cole")]


def test_coref_role_noun_is_the_person_with_that_title():
    assert _resolve(ROLES, ROLE_ENTS, 9) == ("Jane Cole", "role", "PERSON")


OFFICES = build(
    """
    Director  NNP compound 2
    Jane      NNP compound 2
    Cole      NNP nsubj 3
    spoke/speak VBD ROOT -
    .         .   punct 3
    The       DT  det   6
    mayor     NN  nsubj 7
    agreed/agree VBD ROOT -
    .         .   punct 7
    The       DT  det   10
    official  NN  nsubj 11
    agreed/agree VBD ROOT -
    .         .   punct 11
    """
)


def test_coref_role_noun_of_another_office_is_not_the_person_named_with_it():
    ents = [(1, 3, "PERSON", "cole")]
    assert _resolve(OFFICES, ents, 6) == ("The mayor", "description", "PERSON")  # not the director
    assert _resolve(OFFICES, ents, 10) == ("Jane Cole", "role", "PERSON")  # "official" says no office


def test_coref_role_noun_of_another_office_is_not_the_last_speaker_either():
    doc = build(
        """
        The       DT  det   1
        director  NN  nsubj 5
        ,         ,   punct 1
        Jane      NNP compound 4
        Cole      NNP appos 1
        said/say  VBD ROOT  -
        no        UH  dobj  5
        .         .   punct 5
        The       DT  det   9
        mayor     NN  nsubj 10
        agreed/agree VBD ROOT -
        .         .   punct 10
        """
    )
    mentions, canonical = _ents(doc, [(3, 5, "PERSON", "cole")])
    resolver = Resolver(doc, doc.text, mentions, canonical, bytearray(len(doc.text) + 1))
    res, label = resolver.resolve(doc[4], 3, 5)
    resolver.record(doc[3].idx, res, label)  # Jane Cole spoke, as "the director, Jane Cole,"
    res, _ = resolver.resolve(doc[9], 8, 10)
    assert (res.name, res.kind) == ("The mayor", "description")


ROLE_WITHOUT_TITLE = """
    Omar      NNP compound 1
    Hadi      NNP nsubj 2
    met/meet  VBD ROOT  -
    the       DT  det   6
    young     JJ  amod  6
    lawyer    NN  compound 6
    Cole      NNP dobj  2
    .         .   punct 2
    The       DT  det   9
    {role}    NN  nsubj 10
    said/say  VBD ROOT  -
    no        UH  dobj  10
    .         .   punct 10
"""


def test_coref_generic_role_without_a_title_is_the_person_in_subject_position():
    ents = [(0, 2, "PERSON", "hadi"), (6, 7, "PERSON", "cole")]  # the model left the title out
    doc = build(ROLE_WITHOUT_TITLE.format(role="official"))
    assert _resolve(doc, ents, 9) == ("Omar Hadi", "role", "PERSON")


def test_coref_office_is_the_main_subject_just_before_when_nothing_contradicts_it():
    """ "Omar Hadi met ... . The minister said": the writer names the subject of the sentence before
    by an office ("Christie ... . the New Jersey governor told reporters"), unless something known
    of that person says otherwise."""
    ents = [(0, 2, "PERSON", "hadi"), (6, 7, "PERSON", "cole")]
    doc = build(ROLE_WITHOUT_TITLE.format(role="minister"))
    assert _resolve(doc, ents, 9) == ("Omar Hadi", "role", "PERSON")
    doc = build(ROLE_WITHOUT_TITLE.format(role="congresswoman"))  # a woman's office, and Mr. Hadi
    assert _resolve(doc, [(0, 2, "PERSON", "hadi", "m"), (6, 7, "PERSON", "cole")], 9)[1] != "role"


def test_coref_office_is_never_guessed_for_a_person_of_another_role():
    """ "The minister" is not the director named just before, nor anyone else in subject position."""
    doc = build(
        """
        Director  NNP compound 2
        Omar      NNP compound 2
        Hadi      NNP nsubj 3
        met/meet  VBD ROOT  -
        Cole      NNP dobj  3
        .         .   punct 3
        The       DT  det   7
        minister  NN  nsubj 8
        said/say  VBD ROOT  -
        no        UH  dobj  8
        .         .   punct 8
        """
    )
    ents = [(1, 3, "PERSON", "hadi"), (4, 5, "PERSON", "cole")]
    assert _resolve(doc, ents, 7) == ("The minister", "description", "PERSON")


def test_coref_office_looks_past_a_sentence_that_names_nobody():
    # "Omar Hadi spoke. Another crowd. The minister said no."
    doc = build(
        """
        Omar      NNP compound 1
        Hadi      NNP nsubj 2
        spoke/speak VBD ROOT -
        .         .   punct 2
        Another   DT  det   5
        crowd     NN  ROOT  -
        .         .   punct 5
        The       DT  det   8
        minister  NN  nsubj 9
        said/say  VBD ROOT  -
        no        UH  dobj  9
        .         .   punct 9
        """
    )
    assert _resolve(doc, [(0, 2, "PERSON", "hadi")], 8) == ("Omar Hadi", "role", "PERSON")


def test_coref_office_the_sentence_before_gave_to_another_is_not_its_subject():
    # "Omar Hadi had a question for the minister. The minister said no."
    doc = build(
        """
        Omar      NNP compound 1
        Hadi      NNP nsubj 2
        had/have  VBD ROOT  -
        a         DT  det   4
        question  NN  dobj  2
        for       IN  prep  4
        the       DT  det   7
        minister  NN  pobj  5
        .         .   punct 2
        The       DT  det   10
        minister  NN  nsubj 11
        said/say  VBD ROOT  -
        no        UH  dobj  11
        .         .   punct 11
        """
    )
    assert _resolve(doc, [(0, 2, "PERSON", "hadi")], 10) == ("The minister", "description", "PERSON")


def test_coref_description_with_a_name_in_apposition():
    doc = build(
        """
        The       DT  det   1
        minister  NN  nsubj 6
        ,         ,   punct 1
        Jane      NNP compound 4
        Cole      NNP appos 1
        ,         ,   punct 1
        said/say  VBD ROOT  -
        no        UH  dobj  6
        """
    )
    assert _resolve(doc, [(3, 5, "PERSON", "cole")], 1) == ("Jane Cole", "named", "PERSON")


def test_coref_relative_is_its_antecedent():
    doc = build(
        """
        Cole      NNP nsubj 5
        ,         ,   punct 0
        who       WP  nsubj 3
        said/say  VBD relcl 0
        no        UH  dobj  3
        left/leave VBD ROOT -
        .         .   punct 5
        """
    )
    assert _resolve(doc, [(0, 1, "PERSON", "cole")], 2) == ("Cole", "named", "PERSON")


def test_coref_surname_tagged_as_an_organization_is_the_person():
    doc = build(
        """
        Helena    NNP compound 1
        Ostrova   NNP nsubj 2
        arrived/arrive VBD ROOT -
        .         .   punct 2
        Ostrova   NNP nsubj 5
        said/say  VBD ROOT  -
        no        UH  dobj  5
        """
    )
    ents = [(0, 2, "PERSON", "ostrova"), (4, 5, "ORG", "ostrova-org")]
    assert _resolve(doc, ents, 4) == ("Helena Ostrova", "named", "PERSON")


def test_coref_description_keeps_its_own_text():
    doc = build(
        """
        American  JJ  amod  1
        officials/official NNS nsubj 2
        said/say  VBD ROOT  -
        no        UH  dobj  2
        """
    )
    assert _resolve(doc, [], 1) == ("American officials", "description", "GROUP")


def test_coref_a_coordination_parsed_before_its_head_is_a_group():
    # "Trump and other Republicans", parsed with "Trump and other" on the head "Republicans"
    doc = build(
        """
        Trump     NNP amod  3 B-PERSON
        and       CC  cc    0
        other     JJ  conj  0
        Republicans/republican NNPS nsubj 4 B-NORP
        said/say  VBD ROOT  -
        no        UH  dobj  4
        """
    )
    ents = [(0, 1, "PERSON", "trump"), (3, 4, "NORP", "republicans")]
    assert _resolve(doc, ents, 3) == ("Trump and other Republicans", "description", "GROUP")


def test_coref_a_conjunction_inside_a_name_is_no_group():
    doc = build(
        """
        Procter   NNP compound 2 B-ORG
        &         CC  cc    0 I-ORG
        Gamble    NNP nsubj 3 I-ORG
        said/say  VBD ROOT  -
        no        UH  dobj  3
        """
    )
    assert _resolve(doc, [(0, 3, "ORG", "pg")], 2) == ("Procter & Gamble", "named", "ORG")


ROLES_OF_ONE = """
    Conservative JJ amod 1
    columnist NN  nsubj 8
    and       CC  cc    1
    Fox       NNP compound 4 B-ORG
    News      NNP compound 5 I-ORG
    {noun}    conj  1
    Jane      NNP appos 1 B-PERSON
    Cole      NNP flat  6 I-PERSON
    said/say  VBD ROOT  -
    no        UH  dobj  8
"""


def test_coref_a_person_with_two_roles_is_the_person_not_a_group():
    # "Conservative columnist and Fox News contributor Jane Cole said no"
    doc = build(ROLES_OF_ONE.format(noun="contributor NN"))
    mentions, canonical = _ents(doc, [(6, 8, "PERSON", "cole"), (3, 5, "ORG", "fox")])
    resolver = Resolver(doc, doc.text, mentions, canonical, bytearray(len(doc.text) + 1))
    lo, hi = resolver.speaker_range(doc[1], *mention_range(doc[1]))
    res, label = resolver.resolve(doc[1], lo, hi)
    assert (res.name, res.kind, label) == ("Jane Cole", "named", "PERSON")
    # a plural among them is several people: "columnist and Fox News contributors Jane Cole"
    doc = build(ROLES_OF_ONE.format(noun="contributors/contributor NNS"))
    mentions, canonical = _ents(doc, [(6, 8, "PERSON", "cole"), (3, 5, "ORG", "fox")])
    resolver = Resolver(doc, doc.text, mentions, canonical, bytearray(len(doc.text) + 1))
    lo, hi = resolver.speaker_range(doc[1], *mention_range(doc[1]))
    res, label = resolver.resolve(doc[1], lo, hi)
    assert (res.kind, label) == ("description", "GROUP")


LATER_CONJUNCT = """
    Sanders   NNP {dep} {head} B-PERSON
    and       CC  cc    0
    Clinton   NNP conj  0 B-PERSON
    {verb}
    no        UH  dobj  3
"""


def _speaker_of(doc, ents, i: int):
    mentions, canonical = _ents(doc, ents)
    resolver = Resolver(doc, doc.text, mentions, canonical, bytearray(len(doc.text) + 1))
    lo, hi = resolver.speaker_range(doc[i], *mention_range(doc[i]))
    res, label = resolver.resolve(doc[i], lo, hi)
    return doc[lo:hi].text, res.name, res.kind, label


def test_coref_a_later_conjunct_of_a_subject_speaks_with_the_first():
    # "Sanders and [Clinton] said no": the speaker chosen is the second name; both said it
    doc = build(LATER_CONJUNCT.format(dep="nsubj", head=3, verb="said/say VBD ROOT -"))
    ents = [(0, 1, "PERSON", "sanders"), (2, 3, "PERSON", "clinton")]
    assert _speaker_of(doc, ents, 2) == ("Sanders and Clinton", "Sanders and Clinton", "description", "GROUP")


def test_coref_a_later_conjunct_of_an_object_or_a_title_stays_alone():
    # "demonized [Wall Street and Mr. Trump] has disparaged": a first conjunct that is no subject
    doc = build(LATER_CONJUNCT.format(dep="dobj", head=3, verb="hit/hit VBD ROOT -"))
    ents = [(0, 1, "PERSON", "sanders"), (2, 3, "PERSON", "clinton")]
    assert _speaker_of(doc, ents, 2)[:3] == ("Clinton", "Clinton", "named")
    # "Vice President for news and talk Dave Gorab said": a title the parse joined to the name
    doc = build(
        """
        Vice      NNP compound 1
        President NNP nsubj 7
        for       IN  prep  1
        news      NN  pobj  2
        and       CC  cc    1
        Dave      NNP compound 6 B-PERSON
        Gorab     NNP conj  1 I-PERSON
        said/say  VBD ROOT  -
        no        UH  dobj  7
        """
    )
    assert _speaker_of(doc, [(5, 7, "PERSON", "gorab")], 6)[:3] == ("Dave Gorab", "Dave Gorab", "named")


def test_coref_a_definite_description_is_the_source_named_before_with_its_head():
    # "A new poll by Gallup found no lead. The poll said no. The survey said no. A poll said no."
    doc = build(
        """
        A         DT  det   2
        new       JJ  amod  2
        poll      NN  nsubj 5
        by        IN  prep  2
        Gallup    NNP pobj  3 B-ORG
        found/find VBD ROOT -
        no        DT  det   7
        lead      NN  dobj  5
        .         .   punct 5
        The       DT  det   10
        poll      NN  nsubj 11
        said/say  VBD ROOT  -
        no        UH  dobj  11
        .         .   punct 11
        The       DT  det   15
        survey    NN  nsubj 16
        said/say  VBD ROOT  -
        no        UH  dobj  16
        .         .   punct 16
        A         DT  det   20
        poll      NN  nsubj 21
        said/say  VBD ROOT  -
        no        UH  dobj  21
        .         .   punct 21
        """
    )
    mentions, canonical = _ents(doc, [(4, 5, "ORG", "gallup")])
    resolver = Resolver(doc, doc.text, mentions, canonical, bytearray(len(doc.text) + 1))

    def name(i: int) -> str | None:
        res, _ = resolver.resolve(doc[i], *mention_range(doc[i]))
        return res.name

    assert name(2) == "A new poll"
    assert name(10) == "A new poll"  # "The poll": the one named before
    assert name(15) == "The survey"  # another noun: its own words
    assert name(20) == "A poll"  # an indefinite one is another source
