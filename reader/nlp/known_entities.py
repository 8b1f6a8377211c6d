"""What the reader knows about names before reading: a small curated list, and the words around a
name that tell its type. Data only (plus two lookups); :mod:`reader.nlp.entity_types` uses it.

Target types. The window and the exports highlight people, organizations and places
(``reader.core.categories``: ``PERSON`` -> person; ``ORG`` and ``NORP`` -> organization; ``GPE``,
``LOC``, ``FAC`` -> place). Everything else that looks like a name (an award, a film) is *not* an
entity and is not highlighted: it is typed ``AWARD`` or ``WORK`` here and dropped.

The curated list (:data:`KNOWN`) holds names that the small English model mistypes in news, each
with the type it should have. It is short on purpose: each entry is a name a newsroom uses often
whose spelling alone says what it is, and which the model was seen to get wrong (an award read as a
person, a streaming service as a place, a party as a person, an index as nothing at all). Rules
decide everything else:

- awards and prizes (Oscar, Golden Globes, Emmy, Grammy, BAFTA, Pulitzer, Nobel): ``AWARD``, not
  highlighted; the Screen Actors Guild (SAG) is an organization;
- outlets, streaming services and companies (Netflix, Hulu, Spotify, Disney+, HBO, CNN, BBC, Reuters,
  AP, Bloomberg ...): ``ORG``;
- parties (Democratic Party, GOP, Labour, CDU, SPD ...): ``ORG``, the organization they are; their
  members in the plural (Democrats, Republicans, Tories): ``NORP``, a group of people named by their
  party, as "Russians" is by a nation (shown with the organizations all the same, but no one
  speaker: "Republicans" of two articles are not one source);
- market indices (Dow, S&P 500, Nasdaq, FTSE, DAX ...): ``ORG``. An index is not a company, but it is
  named and published by one, news reports its moves the way it reports a company's, and a reader
  filters a markets story by it: it belongs with the organizations, not with nothing.

A curated name is found wherever it stands in the text, case-sensitively and as whole tokens, even
where the model saw nothing (:func:`entities.cluster`), except at a sentence start when the name
is also a common word ("Peacock", "Labour").
"""

from __future__ import annotations

from typing import Any

from reader.nlp.quotes.lexicon import words

AWARD = "AWARD"  # a prize or its ceremony: not highlighted
WORK = "WORK"  # a film, book, show or song: not highlighted
COMMON = "COMMON"  # a thing the model reads as a name, capitalized as it often is: not highlighted
LANGUAGE = "LANGUAGE"  # a language ("in Swahili"): not highlighted
NOT_ENTITIES = frozenset({AWARD, WORK, LANGUAGE, COMMON})


def _names(text: str) -> list[str]:
    """Names separated by semicolons or line breaks."""
    return [n.strip() for line in text.splitlines() for n in line.split(";") if n.strip()]


_AWARDS = """Oscar; Oscars; Academy Award; Academy Awards; Golden Globe; Golden Globes; Emmy; Emmys;
Grammy; Grammys; Tony Award; Tony Awards; Tonys; BAFTA; BAFTAs; Bafta; Baftas; Pulitzer;
Pulitzer Prize; Nobel; Nobel Prize; Nobel Peace Prize; Booker Prize; Palme d'Or; Golden Bear;
Golden Lion; Ballon d'Or; Heisman Trophy; Stanley Cup"""
_OUTLETS = """Netflix; Hulu; Spotify; Disney+; Disney Plus; HBO; HBO Max; Peacock; Paramount+;
Apple TV+; Prime Video; YouTube; TikTok; Instagram; Facebook; Twitter; Reddit; Twitch; Pixar;
CNN; BBC; Reuters; AP; Associated Press; AFP; Agence France-Presse; Bloomberg; NPR; PBS; MSNBC;
CNBC; Fox News; CBS; NBC; ABC; Politico; Axios; Al Jazeera; Sky News;
New York Times; Washington Post; Wall Street Journal; Financial Times; Der Spiegel; Le Monde;
Apple; Google; Microsoft; Uber; Airbnb; Boeing;
SAG; SAG-AFTRA; Screen Actors Guild"""
_PARTIES = """Democratic Party; Republican Party; GOP; Labour; Labour Party;
Conservative Party; Liberal Democrats; Lib Dems; SNP; Reform UK; CDU; CSU; SPD; AfD; FDP;
BJP; ANC; LDP; Likud; Fidesz"""
# a party's members: a group of people, not the party ("Liberal Democrats" and "Lib Dems" name the party)
_PARTY_MEMBERS = """Democrats; Republicans; Tories"""
_INDICES = """Dow; Dow Jones; Dow Jones Industrial Average; S&P; S&P 500; Nasdaq; Nasdaq Composite;
FTSE; FTSE 100; FTSE 250; DAX; CAC 40; Nikkei; Nikkei 225; Hang Seng; Stoxx 600; Euro Stoxx 50;
Russell 2000; Sensex; Kospi"""

# things, not names, that the model takes for organizations or people ("the Universe is expanding")
_COMMON = """Universe; Cosmos; Internet"""

# lower-case name -> type
KNOWN: dict[str, str] = {
    **{n.lower(): AWARD for n in _names(_AWARDS)},
    **{n.lower(): COMMON for n in _names(_COMMON)},
    **{n.lower(): "ORG" for n in _names(_OUTLETS + "\n" + _PARTIES + "\n" + _INDICES)},
    **{n.lower(): "NORP" for n in _names(_PARTY_MEMBERS)},
}
# the types of the curated names that are highlighted (the others are dropped)
HIGHLIGHTED = ("ORG", "NORP")
# the curated names to look for in the text (the highlighted ones), in their own spelling
SEARCHED: tuple[str, ...] = tuple(
    n
    for n in _names(_OUTLETS + "\n" + _PARTIES + "\n" + _PARTY_MEMBERS + "\n" + _INDICES)
    if KNOWN[n.lower()] in HIGHLIGHTED
)


def known_type(name: str) -> str | None:
    """The curated type of ``name`` (its words without determiners or possessive), if listed."""
    return KNOWN.get(name.lower())


# -- the words around a name -------------------------------------------------------------------

# the last word of an organization's name ("Acme Inc.", "Labour Party", "Harvard University")
ORG_SUFFIXES = words(
    """inc inc. corp corp. corporation co co. company companies ltd ltd. llc plc ag gmbh sa group
    holdings party agency university college institute institution foundation association
    committee council commission authority ministry department bank fund trust union league
    federation alliance coalition network studios studio airlines airways motors bureau board
    academy society guild club"""
)
# the first word of an organization's name when "of" follows ("University of Michigan")
ORG_HEADS = words(
    """university bank department ministry institute college academy board bureau office
    federation association league church"""
)
# a geographic feature: a name next to one of these is a place ("the Wren estuary", "Lake Tahoe")
GEO_FEATURES = words(
    """river estuary bay lake island islands isle sea ocean creek strait canal gulf peninsula delta
    valley mountain mountains mount mt hill hills glacier loch firth fjord reef lagoon harbour harbor
    cape coast"""
)
# the last word of a street's or square's name ("Main Street", "Trafalgar Square", "Rue de Rivoli"
# has its word first: STREET_FIRST); and the endings of one-word street names in German and Dutch
# ("Lüderitzstrasse", "Petersallee", "Nachtigalplatz", "Damrak" has none and stays the model's)
STREET_WORDS = words(
    """street st st. avenue ave ave. road rd rd. boulevard blvd blvd. lane drive square plaza
    alley terrace parkway highway bridge quay embankment crescent strasse straße allee platz gasse
    chaussee straat plein laan gracht"""
)
STREET_FIRST = words("rue via calle avenida piazza plaza place praça")
STREET_ENDINGS = (
    "straße strasse allee platz gasse chaussee damm ufer steig straat plein laan gracht kade markt"
)
# languages: a name in a language's context ("in Swahili", "Swahili-speaking") is a language, not
# highlighted (a nationality of the same name, "the French", stays the model's)
LANGUAGES = words(
    """afrikaans albanian amharic arabic armenian basque bengali bosnian bulgarian burmese catalan
    cantonese chinese croatian czech danish dutch english estonian farsi finnish french gaelic
    georgian german greek gujarati hausa hebrew hindi hungarian icelandic igbo indonesian irish
    italian japanese kazakh khmer korean kurdish lao latin latvian lithuanian macedonian malay
    maltese mandarin marathi mongolian nepali norwegian pashto persian polish portuguese punjabi
    quechua romanian russian serbian sinhala slovak slovenian somali spanish swahili swedish tagalog
    tamil telugu thai tibetan tigrinya turkish ukrainian urdu uyghur uzbek vietnamese welsh wolof
    xhosa yiddish yoruba zulu"""
)
LANGUAGE_BEFORE = words("in into speak speaks spoke spoken speaking learn learned learning teach taught")
LANGUAGE_AFTER = words("language languages speaker speakers speaking word words name names term translation")

# nouns naming a company: the name right after one, or with one in apposition, is an organization
# ("drugmaker Mylan", "Mylan, a drug company,"), however the model labelled it
COMPANY_NOUNS = words(
    """company firm drugmaker automaker carmaker maker manufacturer retailer insurer airline startup
    conglomerate corporation chain lender developer publisher broadcaster"""
)
# nouns naming a work whose title may follow ("the film Joker", "her novel Beloved")
WORK_NOUNS = words(
    """film movie documentary series show sitcom drama musical play opera album song single book
    novel memoir biopic franchise sequel prequel podcast painting"""
)
# verbs whose "in X" is a work ("starred in Joker")
WORK_VERBS = words("star co-star costar")
# words whose "for X" is a work when X is a name ("won the Oscar for Joker", "nominated for Joker")
AWARD_HEADS = words(
    """win nominate nomination award prize oscar oscars emmy grammy globe bafta statuette trophy
    honor honour acclaim"""
)
# nouns after a name that make the name an award ("Oscar nomination", "SAG awards")
AWARD_NOUNS = words("award awards prize prizes nomination nominations nod winner winners statuette")


_common: frozenset[str] | None = None


def use_lemma_tables(nlp: Any) -> None:
    """Takes the common English words (nouns, verbs, adjectives, adverbs) from the loaded
    pipeline's lemmatizer tables (the pipeline calls this when it loads)."""
    global _common
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    _common = frozenset(w for pos in index for w in index[pos])


def _dictionary() -> frozenset[str]:
    """The common words; read from the model's lemmatizer alone when no pipeline has loaded."""
    if _common is None:
        import spacy

        from reader.nlp import MODEL_NAME

        use_lemma_tables(spacy.load(MODEL_NAME, exclude=["tok2vec", "tagger", "parser", "ner", "senter"]))
    assert _common is not None
    return _common


def is_common_word(word: str) -> bool:
    """Whether the lower-case ``word`` (or, for an -ing form, its verb) is a common English word.
    The tables hold some proper names too ("germany"), so this alone never rules a name out."""
    low = word.lower()
    common = _dictionary()
    if low in common:
        return True
    if low.endswith("ing") and len(low) > 5:
        stem = low[:-3]
        return stem in common or stem + "e" in common or (stem[-1] == stem[-2] and stem[:-1] in common)
    return False
