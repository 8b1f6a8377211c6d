"""Who is who: the rules that decide whether two names are one person, what a speaker is called, and
how a speaker that could not be named is shown.

Qt-free and spaCy-free: the article analysis (``reader.nlp.entities`` groups an article's mentions,
``reader.nlp.quotes.coref`` resolves pronouns and roles) and the library (``reader.library.speakers``
merges speakers across articles) decide with these same rules. The name words themselves (titles,
particles, variants) are read by :mod:`reader.core.names`.

- **One form:** a name written with no-break or other spaces, curly or straight apostrophes, with or
  without the dots of its initials ("Donald J. Trump", "Donald J Trump") is one form (:func:`form_key`).
- **Given names and suffixes separate people** (:func:`distinct_people`): "Donald Trump" and "Donald
  Trump Jr.", "Bill", "Hillary" and "Chelsea Clinton", "Jan" and "Jana Novak", "George W. Bush" and
  "George H. W. Bush" are different people; a nickname is its given name ("Bill" and "William",
  :data:`NICKNAMES`), an initial agrees with the name it begins ("J. Smith", "John Smith").
- **Gender agrees:** "Mr." and "he" go with a man, "Mrs.", "Ms." and "she" with a woman. A person's
  gender comes from the article (titles, :func:`title_gender`), else from the given name
  (:func:`name_gender`): as the news titles it (:mod:`reader.core.given_names`, a table learned
  from PolNeAR train), else by the US Census 1990 given-name frequencies (the public-domain lists
  shipped by the ``names`` package), a man's or a woman's name when one share is at least
  :data:`GENDER_RATIO` times the other.
- **The canonical name** (:func:`canonical_name`) is the most complete proper name written outside
  quotation marks and headlines: never an epithet or a role before the name ("Crooked Hillary
  Clinton", "Rival Hillary Clinton"), nor a headline fragment ("Obama Speech").
- **Not a name** (:func:`is_junk_name`): a pronoun or relative ("It", "which", "you'd"), a dateline
  ("RENO, Nev. (AP) —", "WASHINGTON"), a transcript label with its line ("WALLACE: Let's start"), a
  party and state label ("R-Texas", "D-Wis.").
- **Unresolved is said plainly** (:func:`speaker_label`): a quote whose speaker is a pronoun the
  reader could not resolve shows "unresolved (she)", one without a speaker "unattributed".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reader.core import given_names, names
from reader.core.model import Quote
from reader.core.names import FEMALE_TITLES, MALE_TITLES, PRONOUN_WORDS

Gender = Literal["m", "f"]

# a given name is a man's (a woman's) when its share among men (women) in the Census lists is at
# least this many times its share among women (men); chosen on PolNeAR train, against the given
# names that "Mr."/"Mrs."/"Ms." before the surname of a full name tell (one given name for the
# surname in the article): ratios 2 and 3 disagree with one title, 5 with none and calls the most
# names of those that disagree with none (131; 10 calls 124)
GENDER_RATIO = 5.0

UNATTRIBUTED = "unattributed"
# a short form of a given name drops at least this many letters ("Ash" of "Ashton", "Rob" of
# "Robert"); names one letter apart are two names ("Jan" and "Jana", "Dan" and "Dana")
SHORT_FORM = 2

# common diminutives of English given names: a nickname is the same given name ("Bill Clinton" is
# "William Clinton", "Joe Biden" is "Joseph Biden"); each line: the name, then its short forms
_NICKNAMES_TEXT = """
abraham abe; albert al bert; alexander alex alec sandy; alexandra alex sandra sandy; alfred al alf fred;
andrew andy drew; anthony tony; arthur art; barbara barb; benjamin ben benny; bernard bernie;
catherine kate cathy katie; charles charlie chuck chas; christopher chris kit; christine chris;
christina chris tina; cynthia cindy; daniel dan danny; david dave; deborah debbie deb; donald don donnie;
dorothy dot dottie; douglas doug; edward ed eddie ted ned; elizabeth liz beth betsy betty lizzie eliza;
eugene gene; frances fran frankie; francis frank fran; frederick fred freddy freddie; gerald jerry gerry;
gregory greg; harold hal harry; henry hank harry; herbert herb; isaac ike; jacob jake jack;
james jim jimmy jamie;
jeffrey jeff; jennifer jen jenny; jerome jerry; john jack johnny; jonathan jon; joseph joe joey;
joshua josh; katherine kate kathy katie kat; kathleen kathy; kenneth ken kenny; lawrence larry;
leonard len lenny; margaret maggie meg peggy marge; matthew matt; michael mike mickey; nathaniel nate nat;
nicholas nick; pamela pam; patricia pat patty trish; patrick pat; peter pete; philip phil; randolph randy;
raymond ray; richard rick dick rich richie; robert bob rob bobby robby bert; ronald ron ronnie;
rudolph rudy; samuel sam sammy; stephen steve; steven steve; susan sue susie; theodore ted teddy theo;
thomas tom tommy; timothy tim; victoria vicky tori; walter walt; william bill will billy willie liam;
zachary zach
"""
NICKNAMES: dict[str, frozenset[str]] = {}
for _line in _NICKNAMES_TEXT.replace("\n", " ").split(";"):
    _full, *_short = _line.split()
    for _w in (_full, *_short):
        NICKNAMES[_w] = NICKNAMES.get(_w, frozenset()) | {_full, *_short}

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
# a wire dateline opening a paragraph: "WASHINGTON —", "RENO, Nev. (AP) —", "BRUSSELS - ", "LOS
# ANGELES, Sept. 28 (UPI) —", "Cleveland (AFP) –"; the sentence after it starts with a capital
_PLACE_WORD = r"[A-Z][A-Za-z.]{1,12}"
DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*|[A-Z][a-z]+(?=\s*\())"  # the place, in capitals
    rf"(?:,\s*{_PLACE_WORD}(?:\s+{_PLACE_WORD})?(?:\s+\d{{1,2}})?){{0,2}}"  # ", Nev." / ", Sept. 28"
    r"\s*(?:\((?:AP|AFP|Reuters|UPI|dpa|Xinhua|CNN|Bloomberg)\))?"  # the agency
    r"\s*(?:[—–―]|--|-(?=\s))\s*(?=[A-Z\"“‘'])"
)
# a transcript label opening a line: "WALLACE:", "MR. TRUMP:", "CHRIS WALLACE:"
TRANSCRIPT_LABEL = re.compile(r"^\s*[\"“]?((?:[A-Z][A-Z.'’-]+\s+){0,3}[A-Z][A-Z.'’-]+)\s*:")
# a legislator's party and state after the name, "R-Texas", "(D-Wis.)", "D-N.Y.": a label, no one
PARTY_LABEL = re.compile(r"^\(?[RDI]-[A-Z][A-Za-z.]*\)?$")


def form(text: str) -> str:
    """A name as written, with its spaces (no-break spaces included) made one plain space and its
    apostrophes and quotation marks straight."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip()


def form_key(text: str) -> str:
    """The form of a name that decides that two spellings are one: lower case, one space, no dots
    ("Donald J. Trump" and "Donald J Trump", "U.S." and "US")."""
    return form(text).replace(".", "").lower().strip()


# -- gender ---------------------------------------------------------------------------------------


@functools.cache
def _census() -> tuple[dict[str, tuple[float | None, float | None]], tuple[float, float]]:
    """Given name (lower case) -> (share among men, share among women) in percent, None where the
    name is not on that list, from the US Census 1990 lists that the ``names`` package ships
    (public domain); and each list's smallest share. Empty when the package is missing."""
    try:
        import names as census  # the package's data files, read where it is installed
    except ImportError:
        return {}, (0.0, 0.0)
    folder = Path(census.__file__).parent
    shares: dict[str, list[float | None]] = {}
    floors = [0.0, 0.0]
    for k, fname in enumerate(("dist.male.first", "dist.female.first")):
        try:
            lines = (folder / fname).read_text(encoding="ascii").splitlines()
        except OSError:
            continue
        found = [(p[0].lower(), float(p[1])) for p in (line.split() for line in lines) if len(p) >= 2]
        for name, share in found:
            shares.setdefault(name, [None, None])[k] = share
        floors[k] = min((share for _, share in found), default=0.0)
    return {n: (m, f) for n, (m, f) in shares.items()}, (floors[0], floors[1])


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a given name in the Census lists (or a known nickname)."""
    low = word.lower().rstrip(".")
    return low in _census()[0] or low in NICKNAMES


def name_gender(given: str) -> Gender | None:
    """A given name's gender: as the news titles it (:mod:`reader.core.given_names`, learned from
    PolNeAR train: "Barack", "Jeb"), else by the Census shares (:data:`GENDER_RATIO`); None when
    unknown or shared ("Jordan"); a nickname takes its full name's ("Bill" from "William")."""
    low = given.lower().rstrip(".")
    if len(low) < 2:
        return None  # an initial
    told = given_names.table().get(low)
    if told == "m":
        return "m"
    if told == "f":
        return "f"
    census, (men_floor, women_floor) = _census()
    found = census.get(low)
    if found is None:
        fulls = [census[n] for n in NICKNAMES.get(low, ()) if n in census]
        if not fulls:
            return None
        found = fulls[0]
    # a name missing from one list may still be given there below that list's smallest share: the
    # lists stop at different depths (1,219 men's names, 4,275 women's), so "Ashton", absent from
    # the men's list, is not thereby a woman's name
    men = found[0] if found[0] is not None else men_floor
    women = found[1] if found[1] is not None else women_floor
    if men >= GENDER_RATIO * women and found[0] is not None:
        return "m"
    if women >= GENDER_RATIO * men and found[1] is not None:
        return "f"
    return None


def title_gender(title: str) -> Gender | None:
    """The gender a title gives ("Mr." a man's, "Mrs.", "Ms.", "Miss" a woman's), else None."""
    low = title.lower()
    if low in MALE_TITLES or low.rstrip(".") in MALE_TITLES:
        return "m"
    if low in FEMALE_TITLES or low.rstrip(".") in FEMALE_TITLES:
        return "f"
    return None


# -- people's names -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonName:
    """The parts of a person's name (lower case, no dots): "George H. W. Bush Jr." is given
    "george", middles ("h", "w"), surname ("bush",), suffix "jr"."""

    given: str
    middles: tuple[str, ...]
    surname: tuple[str, ...]
    suffix: str

    @property
    def full(self) -> bool:
        return bool(self.given) and bool(self.surname)


@functools.lru_cache(maxsize=65536)
def _parse(low: tuple[str, ...]) -> PersonName:
    words = [w.replace(".", "") for w in low if w.replace(".", "")]
    suffix = ""
    if len(words) > 1 and words[-1] in names.SUFFIXES:
        suffix = words.pop()
    if not words:
        return PersonName("", (), (), suffix)
    sur = tuple(names.surname(words)) if len(words) > 1 else tuple(words)
    rest = words[: len(words) - len(sur)]
    if not rest:
        return PersonName("", (), sur, suffix)
    return PersonName(rest[0], tuple(rest[1:]), sur, suffix)


def person_name(words: Sequence[str]) -> PersonName:
    """The parts of a person's name given as its words (titles already left out)."""
    return _parse(tuple(w.lower() for w in words))


def _initial(word: str) -> bool:
    return len(word) == 1


def same_given(a: str, b: str) -> bool:
    """Whether two given names (lower case) may be one person's: equal, one the initial of the
    other, one a nickname of the other ("Bill" and "William"), or a short form that begins the
    long one and is at least :data:`SHORT_FORM` letters shorter ("Ash" and "Ashton"; not "Jan" and
    "Jana", nor names of two genders)."""
    if a == b:
        return True
    if _initial(a) or _initial(b):
        return a[0] == b[0]
    if b in NICKNAMES.get(a, ()):
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 3 or not long_.startswith(short) or len(long_) - len(short) < SHORT_FORM:
        return False
    ga, gb = name_gender(short), name_gender(long_)
    return not (ga and gb and ga != gb)


def _suffix_apart(a: PersonName, b: PersonName) -> bool:
    """``a`` carries a suffix that ``b``, a full name or one with a suffix of its own, does not."""
    return bool(a.suffix) and a.suffix != b.suffix and (b.full or bool(b.suffix))


def distinct_people(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two names of people (their words, titles left out) name two different people by
    their own words: different given names, a generational suffix on one only or two different
    ones, middle initials that disagree, or given names of two genders. Names that only leave
    something out ("Clinton", "Hillary Clinton", "Hillary Rodham Clinton") are never distinct."""
    pa, pb = person_name(a), person_name(b)
    if (
        pa.surname
        and pb.surname
        and [names.bare(w) for w in pa.surname] != [names.bare(w) for w in pb.surname]
    ):
        return False  # other surnames: not this rule's to decide (the variant rules are)
    if pa.suffix != pb.suffix and ((pa.full and pb.full) or _suffix_apart(pa, pb) or _suffix_apart(pb, pa)):
        return True  # "Donald Trump" and "Donald Trump Jr."; "Trump Jr." is not "Donald Trump"
    if pa.given and pb.given:
        if not same_given(pa.given, pb.given):
            return True
        ma = [w for w in pa.middles if _initial(w)]
        mb = [w for w in pb.middles if _initial(w)]
        if ma and mb and ma != mb:
            return True  # "George W. Bush" and "George H. W. Bush"
        ga, gb = name_gender(pa.given), name_gender(pb.given)
        if ga and gb and ga != gb:
            return True
    return False


# -- canonical names and names that are none ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Form:
    """One way an entity is written in an article, how often, and where: inside quotation marks
    (an epithet, a nickname someone else gives) or in a headline."""

    text: str
    count: int = 1
    quoted: bool = False
    headline: bool = False


def canonical_name(forms: Iterable[Form], person: bool) -> str:
    """The name to show: the most complete form written outside quotation marks and headlines (the
    most frequent among equally complete ones), else the most complete of the others. For a person,
    "most complete" is the most words that keep the commonest full name's first and last words
    ("Hillary Rodham Clinton" over "Hillary Clinton", never "Crooked Hillary Clinton"), a full name
    being a given name and a surname; where the text outside headlines and quotation marks gives
    the surname only, a headline's or a quotation's full name ("Hillary Clinton" in the headline,
    "Clinton" below it)."""
    found = [f for f in forms if f.text.strip()]
    if not found:
        return ""
    tiers = (
        [f for f in found if not f.quoted and not f.headline],
        [f for f in found if not f.quoted],
        found,
    )
    if not person:
        counts = _counts(next(t for t in tiers if t))
        return max(counts, key=lambda t: (len(t.split()), counts[t], len(t)))
    for tier in tiers:
        counts = _counts(tier)
        full = [t for t in counts if person_name(t.split()).full]
        if full:
            return _unshout(_most_complete(full, counts))
    counts = _counts(next(t for t in tiers if t))
    return _unshout(max(counts, key=lambda t: (len(t.split()), counts[t], len(t))))


def _counts(forms: list[Form]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in forms:
        key = form(f.text)
        counts[key] = counts.get(key, 0) + f.count
    return counts


def _most_complete(full: list[str], counts: dict[str, int]) -> str:
    """The commonest full name, extended to the longest one with its first and last words."""
    core = max(full, key=lambda t: (counts[t], -len(t.split()), len(t)))
    first, last = core.split()[0].lower(), core.split()[-1].lower()

    def keeps_core(t: str) -> bool:
        w = [x.lower() for x in t.split()]
        if w[0] != first:
            return False
        return w[-1] == last or (w[-1].rstrip(".") in names.SUFFIXES and len(w) > 2 and w[-2] == last)

    return max((t for t in full if keeps_core(t)), key=lambda t: (len(t.split()), counts[t], len(t)))


def _unshout(name: str) -> str:
    """A person's name written in capitals (a transcript label, "WALLACE") in title case."""
    if not name.isupper() or not any(len(w) > 2 for w in name.split()):
        return name
    return " ".join(w[:1] + w[1:].lower() if len(w) > 2 else w for w in name.split())


# the organizations that take a person's name: "the Clinton campaign", "Mrs. Clinton's campaign"
# and "Clinton's campaign" are one, "Clinton campaign", and so are "the Obama administration" and
# "Mr. Obama's administration"
PERSON_ORGANIZATIONS = ("campaign", "administration")
_PERSON_ORGANIZATION = re.compile(
    rf"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)* (?:{'|'.join(PERSON_ORGANIZATIONS)})$"
)


def person_organization(surname: str, noun: str) -> str:
    """The name of a person's campaign or administration: "Clinton campaign"."""
    return f"{form(surname)} {noun.lower()}"


def is_person_organization(name: str) -> bool:
    """Whether ``name`` is one made by :func:`person_organization` ("Clinton campaign")."""
    return bool(_PERSON_ORGANIZATION.match(form(name)))


def is_pronoun(text: str) -> bool:
    """A pronoun or relative word standing for a speaker ("she", "It", "which", "you'd")."""
    low = form(text).lower()
    low = re.sub(r"'(?:d|s|ll|re|ve|m)$", "", low)
    return low in PRONOUN_WORDS


def is_junk_name(text: str) -> bool:
    """Whether ``text`` can never be a speaker's name: empty, a pronoun or relative, a dateline
    ("WASHINGTON —", "RENO, Nev. (AP) — ..."), a transcript label with the words after it
    ("WALLACE: Let's start"), a title with a colon, a party and state label ("R-Texas"), or fewer
    than two letters besides a possessive ("'s")."""
    t = form(text)
    letters = re.sub(r"['’](?:s)?\b|\W", "", t)
    if len(letters) < 2 or is_pronoun(t):
        return True
    label = TRANSCRIPT_LABEL.match(t)
    # a dateline, with the sentence after it or alone ("WASHINGTON —"); a label and what follows it
    # ("WALLACE: Let's start", a title's "Perfect Enough: Carly Fiorina")
    return bool(
        DATELINE.match(t)
        or DATELINE.match(t + " A")
        or (label and t[label.end() :].strip())
        or ": " in t
        or PARTY_LABEL.match(t)
    )


def dateline_ranges(text: str) -> list[tuple[int, int]]:
    """The character ranges of the datelines that open the paragraphs of ``text`` (their place,
    date and agency, "WASHINGTON -- ", "RENO, Nev. (AP) — "): no name in one is anyone's."""
    out = []
    for line in re.finditer(r"(?m)^[^\n]*", text):
        found = DATELINE.match(line.group())
        if found:
            out.append((line.start(), line.start() + found.end()))
    return out


def strip_dateline(text: str) -> str:
    """``text`` without a dateline at its start ("RENO, Nev. (AP) — Donald Trump" -> "Donald Trump")."""
    found = DATELINE.match(text)
    return text[found.end() :] if found else text


# -- what a quote's speaker is shown as -----------------------------------------------------------


def quote_speaker(quote: Quote) -> str:
    """What a quote's speaker is shown as (:func:`speaker_label`): in the panel, the exports, the
    command line."""
    return speaker_label(quote.speaker_name, quote.speaker.text if quote.speaker else None)


def speaker_label(name: str | None, written: str | None) -> str:
    """A speaker as the panel, the exports and the library show it: the resolved name; else, for a
    pronoun or relative that could not be resolved, "unresolved (she)"; else the words as written
    (an unnamed source: "officials"); without any speaker, or with words that name no one (a
    dateline), "unattributed"."""
    if name and not is_junk_name(name):
        return form(name)
    if written:
        w = form(written)
        if is_pronoun(w):
            return f"unresolved ({w if w == 'I' else w.lower()})"
        if not is_junk_name(w):
            return w
    return UNATTRIBUTED
