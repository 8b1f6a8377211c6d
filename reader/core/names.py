"""Names and their variants: the one place that decides that two names of people are one person.

"Robert De Niro", "De Niro", "Mr. De Niro", "De Niro's" and "Niro" are one person; so are "Renée
Zellweger" and "Zellweger", "Donald J. Trump" and "Donald Trump", "Bashar al-Assad" and "Assad",
"Mohammed bin Salman" and "bin Salman". Names are compared by their words without titles,
determiners and possessive (:func:`name_tokens`). A name is a *variant* of a full name (two words or
more, :func:`is_variant`) when it is

- the full name itself, its surname with the particles before it ("De Niro", "van Gogh",
  "bin Salman"), its last word alone, with or without an "al-" prefix ("Niro", "Assad"), or its
  given name ("Hillary" for "Hillary Clinton");
- its first and last word with other words between them left out ("Donald Trump");
- words of the full name in their order, ending with its last word ("Robert Niro").

When several full names fit ("Clinton" after "Hillary Clinton" and "Bill Clinton"), the name belongs
to the closest one before it, else to the first one after it (:class:`PersonNames`).
``entities.cluster`` groups the mentions of an article with this, and the speaker resolver
(``quotes.coref``) asks it which one person a bare surname names.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right, insort
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar


def words(text: str) -> frozenset[str]:
    """The set of the space-separated words of ``text``."""
    return frozenset(text.split())


# -- the words about people: the one home (the quote lexicon, the entity code, coreference and the
# library's speakers read these) --

# pronouns that may stand for a speaker, with number and gender when known
PRONOUNS = {
    "he": ("sg", "m"),
    "him": ("sg", "m"),
    "his": ("sg", "m"),
    "she": ("sg", "f"),
    "her": ("sg", "f"),
    "they": ("pl", None),
    "them": ("pl", None),
    "their": ("pl", None),
    "we": ("pl", None),
    "our": ("pl", None),
    "it": ("sg", "n"),
    "its": ("sg", "n"),
    "i": ("sg", None),
    "you": (None, None),
}
RELATIVES = words("who which that whom")
# words that stand for a speaker without naming one: a speaker mention made of one of these is
# linked to its entity but never highlighted as a name or made a speaker entity of its own
PRONOUN_WORDS = (
    frozenset(PRONOUNS)
    | RELATIVES
    | words("us me this one someone somebody everyone everybody anyone anybody nobody")
)

# -- titles and honorifics (the one home: entity typing, name variants and coreference read these) --

# honorifics that give a person's gender
MALE_TITLES = words("mr mr. sir lord")
FEMALE_TITLES = words("mrs mrs. ms ms. miss madam dame lady")
# titles that stand before a person's name and only a person's ("Mr. Zellweger", "Sen. Warren",
# "President Obama"): a mention right after one of these is a person (lower case, no dot)
HONORIFICS = words(
    """mr mrs ms miss mx dr prof professor sir dame lady lord rev reverend sen senator rep
    representative congressman congresswoman gov governor gen lt col sgt capt adm pres president
    mayor judge justice general secretary minister chancellor premier king queen prince princess
    pope sheikh ayatollah"""
)
# words dropped from the start of a person's name before names are compared ("US Secretary of State
# John Kerry" is "John Kerry"): the honorifics and the other words of office titles
NAME_TITLES = HONORIFICS | words(
    """vice prime colonel maj major captain admiral sergeant father chairman chairwoman ceo candidate
    nominee speaker leader chief attorney state defense defence foreign us u.s. former then
    democratic republican presidential first"""
)
# office titles whose "of X" tail the model tags as an organization ("Secretary of State")
TITLE_HEADS = words(
    """secretary undersecretary under-secretary minister director chairman chairwoman chair
    commissioner administrator comptroller surgeon chancellor solicitor inspector controller
    registrar advocate minister-president"""
)

# the small words of a surname ("Robert De Niro", "Ludwig van Beethoven", "Mohammed bin Salman")
PARTICLES = words("de del della der di da das dos du van von den ter ten le la bin ibn bint ben al el abu st")
# generational suffixes, left out when names are compared
SUFFIXES = words("jr sr ii iii iv")
# particles written onto the surname with a hyphen ("al-Assad" is also "Assad")
_HYPHENATED = re.compile(r"^(?:al|el|ad|as|an|ar|at|ash|bin|ibn|abu)-(?=\w)", re.IGNORECASE)
_DETERMINERS = words("the a an this that these those")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$", re.IGNORECASE)
_APOS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})

Words = tuple[str, ...]
_O = TypeVar("_O")  # what a name belongs to (the caller's group, entity, ...)


def name_tokens(text: str, person: bool = False) -> list[str]:
    """The words of a name without determiners, possessive or dots in acronyms; for a person
    also without leading titles ("US Secretary of State John Kerry" -> "John Kerry")."""
    return list(_name_tokens(text, person))


@functools.lru_cache(maxsize=8192)
def _name_tokens(text: str, person: bool) -> tuple[str, ...]:
    """:func:`name_tokens`, kept for the texts seen last (an article repeats its names)."""
    return tuple(_squash_acronym(w) for w in _read_name(text, person))


def display_name(text: str, person: bool = False) -> str:
    """A name as written, to show: without determiners, possessive or (for a person) leading
    titles, its dots kept ("the Defense Secretary Loretta E. Lynch's" -> "Loretta E. Lynch")."""
    return " ".join(_read_name(text, person))


def _read_name(text: str, person: bool) -> list[str]:
    text = text.translate(_APOS).strip().strip("\"'")
    found = text.split()
    if not found:
        return []
    found[-1] = _POSSESSIVE.sub("", found[-1])
    found = [w.strip(',;:"()') for w in found]
    found = [w for w in found if w]
    while found and found[0].lower() in _DETERMINERS:
        found.pop(0)
    if person:
        # titles only at the start, and never the whole name ("Secretary of State" stays whole)
        k = 0
        while k < len(found) and (_is_title(found[k]) or (k and found[k].lower() == "of")):
            k += 1
        if k < len(found):
            found = found[k:]
    return found


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in NAME_TITLES


def _squash_acronym(word: str) -> str:
    """ "U.S." -> "US", "U.N." -> "UN"."""
    if "." in word and len(word) <= 8 and word.replace(".", "").isupper():
        return word.replace(".", "")
    return word


def key(text: str, person: bool = False) -> str:
    """The words of a name, lower case, joined by spaces: names with equal keys are one name."""
    return " ".join(name_tokens(text, person)).lower()


def lower(name: Sequence[str]) -> Words:
    """The words of a name in lower case, without a generational suffix ("Joseph R Biden Jr.")."""
    low = tuple(w.lower() for w in name)
    while len(low) > 1 and low[-1].rstrip(".") in SUFFIXES:
        low = low[:-1]
    return low


def bare(word: str) -> str:
    """A surname without a hyphenated particle, lower case: "al-Assad" -> "assad"."""
    return _HYPHENATED.sub("", word.lower())


def surname(name: Sequence[str]) -> Sequence[str]:
    """The family name of a full name: its last word with the particles before it ("De Niro"); a
    name of one or two words that starts with a particle is all surname."""
    k = len(name) - 1
    while k > 1 and name[k - 1].lower() in PARTICLES:
        k -= 1
    if k == 1 and name[0].lower() in PARTICLES:
        k = 0
    return name[k:]


def is_variant(short: Sequence[str], full: Sequence[str]) -> bool:
    """Whether the name ``short`` may name the person called ``full`` (see the module text)."""
    return _variant(lower(short), lower(full))


@functools.lru_cache(maxsize=65536)
def _variant(s: Words, f: Words) -> bool:
    if not s or len(s) > len(f):
        return False
    if s == f:
        return True
    if len(f) < 2:
        return False
    if len(s) == 1 and s[0] == f[0] and f[0] not in PARTICLES:
        return True  # the given name
    if bare(s[-1]) != bare(f[-1]):
        return False
    if len(s) == 1 or s == lower(surname(f)):
        return True
    rest = iter(f[:-1])
    return all(w in rest for w in s[:-1])  # the other words in their order ("Donald Trump")


def is_full(name: Sequence[str]) -> bool:
    """Whether ``name`` looks like a person's full name: two to six words, each a capitalized word,
    an initial or a particle ("WALLACE: Let's start" read as a name is not one)."""
    return 2 <= len(name) <= 6 and all(_NAME_WORD.match(w) or w.lower() in PARTICLES for w in name)


_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")


class PersonNames(Generic[_O]):
    """Names of people at their positions in the text, each with an owner (what the caller groups
    under it); finds the owner of a variant. A one-word name added here is only its own variant.

    The lookups take ``keep``, a test of a full name as written (its words) and its owner: a
    candidate it refuses is passed over ("Mr. Clinton" is not a variant a woman's name may take), and
    ``surname_only`` (a name after "Mr."/"Mrs." is a surname, never a given name)."""

    def __init__(self) -> None:
        # name -> (position, order, owner, the name as added)
        self._at: dict[Words, list[tuple[int, int, _O, Words]]] = {}
        self._by_word: dict[str, set[Words]] = {}  # last word (bare) or given name -> names
        # name -> owner id -> (position, owner, the name as added)
        self._first: dict[Words, dict[int, tuple[int, _O, Words]]] = {}

    def add(self, position: int, name: Sequence[str], owner: _O) -> None:
        low = lower(name)
        if not low:
            return
        written = tuple(name)
        insort(self._at.setdefault(low, []), (position, len(self._at), owner, written), key=_pos)
        firsts = self._first.setdefault(low, {})
        if id(owner) not in firsts or position < firsts[id(owner)][0]:
            firsts[id(owner)] = (position, owner, written)
        for word in (bare(low[-1]), low[0]):
            self._by_word.setdefault(word, set()).add(low)

    def _fits(self, name: Sequence[str], surname_only: bool = False) -> list[Words]:
        low = lower(name)
        if not low or (len(low) == 1 and len(low[0]) <= 4 and name[0].isupper()):
            return []  # an acronym names no person ("UN" is not "Kim Jong Un")
        cands = self._by_word.get(bare(low[-1]), set())
        if len(low) == 1 and not surname_only:
            cands = cands | self._by_word.get(low[0], set())
        fits = [f for f in sorted(cands) if _variant(low, f)]
        if surname_only:
            fits = [f for f in fits if bare(f[-1]) == bare(low[-1])]
        return fits

    def owner(
        self,
        name: Sequence[str],
        position: int,
        keep: Callable[[Words, _O], bool] | None = None,
        surname_only: bool = False,
    ) -> _O | None:
        """The owner of the closest full name before ``position`` that ``name`` is a variant of, else
        of the first one after it (among those ``keep`` accepts)."""
        before: tuple[int, _O] | None = None
        after: tuple[int, _O] | None = None
        kept: dict[tuple[Words, int], bool] = {}  # keep's answer, once per name and owner
        for entries in map(self._at.__getitem__, self._fits(name, surname_only)):
            if keep is not None:
                entries = [e for e in entries if _kept(kept, keep, e[3], e[2])]
            k = bisect_right(entries, position, key=_pos)
            if k and (before is None or entries[k - 1][0] > before[0]):
                before = (entries[k - 1][0], entries[k - 1][2])
            if k < len(entries) and (after is None or entries[k][0] < after[0]):
                after = (entries[k][0], entries[k][2])
        found = before or after
        return found[1] if found else None

    def within(self, name: Sequence[str]) -> _O | None:
        """The owner of the first name added that is a variant of ``name`` ("Donald Trump" within
        "Rip Donald Trump")."""
        low = lower(name)
        fits = [f for f in self._by_word.get(bare(low[-1]), ()) if _variant(f, low)] if low else []
        firsts = [po for f in fits for po in self._first[f].values()]
        return min(firsts, key=lambda po: po[0])[1] if firsts else None

    def owners(
        self,
        name: Sequence[str],
        keep: Callable[[Words, _O], bool] | None = None,
        surname_only: bool = False,
    ) -> list[_O]:
        """Every owner of a full name that ``name`` is a variant of (among those ``keep`` accepts), in
        text order, once each."""
        firsts: dict[int, tuple[int, _O]] = {}
        for f in self._fits(name, surname_only):
            for key, (position, owner, written) in self._first[f].items():
                if keep is not None and not keep(written, owner):
                    continue
                if key not in firsts or position < firsts[key][0]:
                    firsts[key] = (position, owner)
        return [owner for _, owner in sorted(firsts.values(), key=lambda po: po[0])]


def _kept(
    memo: dict[tuple[Words, int], bool], keep: Callable[[Words, _O], bool], name: Words, owner: _O
) -> bool:
    found = memo.get((name, id(owner)))
    if found is None:
        found = memo[(name, id(owner))] = keep(name, owner)
    return found


def _pos(entry: tuple[int, ...] | tuple[int, int, object, Words]) -> int:
    return entry[0]
