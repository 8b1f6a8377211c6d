"""Speakers across the library: one speaker per person or organization, name variants merged.

Inside an article the analyser already resolved each quote's speaker ("he", "Mr. Carter", "the
secretary") to the article's name for that entity ("Ash Carter"), by the name rules of
:mod:`reader.nlp.names`. Across articles the same rules are applied to those names, with the
evidence the library holds:

- person names are compared by their words without titles ("Defense Secretary Ash Carter" is
  "Ash Carter"); two full names (two words or more) are one person when one is a variant of the
  other (:func:`reader.nlp.names.is_variant`: "Donald Trump" and "Donald J. Trump"), or when they
  share the surname and one given name begins the other ("Ash Carter" and "Ashton Carter");
- names an article gave to one entity (its mentions: "Ash Carter", "Ashton Carter") are one
  person everywhere;
- a one-word name ("Carter", from an article that never gives the full name) joins a person only
  when exactly one person in the library fits it; when several fit ("Clinton": Hillary and Bill)
  or none does, it stays a speaker of its own;
- organizations, places and other named speakers are one when their names are equal without
  determiners, case or dots ("the Pentagon", "Pentagon"; "U.N.", "UN"), or when an article gave
  them to one entity ("United Nations" and "UN");
- unnamed sources the article could not resolve ("officials", "a spokesperson") are kept, kind
  ``unnamed``, one speaker per wording (all the "officials" together): they count as quotes from
  such sources, never as a person; a view may show or hide them.

The merge is recomputed from all quotes (:func:`rebuild`), so its result does not depend on the
order in which articles were added; a speaker keeps its id while its name stays the same.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.library.store import Library
from reader.nlp import names
from reader.nlp.quotes.lexicon import PRONOUN_WORDS

Node = tuple[str, tuple[str, ...]]  # (kind, the name's words in lower case)
Group = tuple[str, str, str, list[int], list[tuple[str, int]]]  # key, name, kind, quote ids, variants
_DETERMINER = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)
NICKNAME_MIN = 3  # "Ash" begins "Ashton"; "Al" is too short to tell


@dataclass
class _Name:
    kind: str
    words: tuple[str, ...]
    quotes: list[int] = field(default_factory=list)
    spellings: Counter[tuple[str, ...]] = field(default_factory=Counter)
    written: Counter[str] = field(default_factory=Counter)  # the article's names, as written
    forms: Counter[str] = field(default_factory=Counter)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, a: Node) -> Node:
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def join(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@functools.lru_cache(maxsize=65536)
def _words(text: str, kind: str) -> tuple[str, ...]:
    return tuple(names.name_tokens(text, person=kind == "person"))


@functools.lru_cache(maxsize=65536)
def _low(words: tuple[str, ...], kind: str) -> tuple[str, ...]:
    return names.lower(words) if kind == "person" else tuple(w.lower() for w in words)


def _is_name_form(text: str | None) -> bool:
    """A speaker as written that names someone ("Mr. Carter"), not "he" or "the minister"."""
    if not text:
        return False
    return text.strip().lower() not in PRONOUN_WORDS and text.strip()[:1].isupper()


def merge(rows: Iterable[Sequence[object]]) -> list[Group]:
    """The speakers of the quotes ``rows`` (:meth:`Library.speaker_inputs`: quote id, article id,
    speaker as written, speaker name, kind, the entity's forms as JSON), see the module text."""
    found: dict[Node, _Name] = {}
    union = _Union()
    seen_forms: set[tuple[int, str]] = set()

    def node(text: str, kind: str) -> tuple[Node, _Name] | None:
        words = _words(text, kind)
        low = _low(words, kind)
        if not low:
            return None
        key: Node = (kind, low)
        if key not in found:
            found[key] = _Name(kind, low)
            union.find(key)
        found[key].spellings[tuple(words)] += 1
        return key, found[key]

    for quote_id, article_id, spoken, name, kind_value, forms_json in rows:
        kind = str(kind_value or "unnamed")
        made = node(str(name), kind)
        if made is None:
            continue
        key, entry = made
        entry.quotes.append(int(str(quote_id)))
        entry.forms[str(name)] += 1
        written = " ".join(str(name).split())
        if kind != "unnamed":
            written = _DETERMINER.sub("", written)  # "the Pentagon" is listed as "Pentagon"
        entry.written[written] += 1
        if kind == "unnamed":
            continue
        spoken_ok = isinstance(spoken, str) and spoken != name and _is_name_form(spoken)
        if spoken_ok and _compatible(kind, _low(_words(str(spoken), kind), kind), key[1]):
            entry.forms[str(spoken)] += 1  # "Mr. Carter"; never a name the article confused with it
        for form in json.loads(str(forms_json)) if forms_json else ():
            if (int(str(article_id)), form) in seen_forms or not _is_name_form(form):
                continue
            seen_forms.add((int(str(article_id)), form))
            low = _low(_words(form, kind), kind)
            if not low or not _compatible(kind, low, key[1]):
                continue  # one article's slip (another person's name in the entity) is no evidence
            if kind == "person" and len(low) < 2:
                entry.forms[form] += 1  # a surname in that article: a variant, but no evidence
                continue
            other = node(form, kind)
            if other is not None:
                other[1].forms[form] += 1
                union.join(key, other[0])

    _merge_people(found, union)
    return _groups(found, union)


_SMALL_WORDS = frozenset(("of", "the", "and", "for", "&"))


def _compatible(kind: str, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two names (lower-case words) may name one speaker by the name rules: for people, one
    is a variant of the other or they differ only in a shortened given name; for others, equal,
    one the initials of the other ("UN", "United Nations"), or its words all in the other."""
    if a == b:
        return True
    if kind == "person":
        if names.is_variant(a, b) or names.is_variant(b, a):
            return True
        return len(a) >= 2 and len(b) >= 2 and _same_person(a, b)
    short, long_ = sorted((a, b), key=len)
    if len(short) == 1 and len(long_) > 1:
        initials = "".join(w[0] for w in long_ if w not in _SMALL_WORDS)
        if short[0] == initials:
            return True
    return set(short) <= set(long_)


def _merge_people(found: dict[Node, _Name], union: _Union) -> None:
    people = [k for k in found if k[0] == "person"]
    full = [k for k in people if len(k[1]) >= 2]
    by_surname: dict[str, list[Node]] = defaultdict(list)
    for k in full:
        by_surname[names.bare(k[1][-1])].append(k)
    for group in by_surname.values():
        group.sort()
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _same_person(a[1], b[1]):
                    union.join(a, b)
    by_given: dict[str, list[Node]] = defaultdict(list)
    for k in full:
        by_given[k[1][0]].append(k)
    for k in people:
        if len(k[1]) != 1:
            continue
        word = k[1][0]
        fits = by_surname.get(names.bare(word), []) + by_given.get(word, [])
        roots = {union.find(f) for f in fits if names.is_variant(k[1], f[1])}
        if len(roots) == 1:
            union.join(k, roots.pop())


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if names.is_variant(a, b) or names.is_variant(b, a):
        return True
    if names.lower(names.surname(a)) != names.lower(names.surname(b)):
        return False
    short, long_ = sorted((a[0], b[0]), key=len)
    return len(short) >= NICKNAME_MIN and long_.startswith(short) and len(a) == len(b) == 2


def _groups(found: dict[Node, _Name], union: _Union) -> list[Group]:
    members: dict[Node, list[_Name]] = defaultdict(list)
    for k, entry in sorted(found.items()):
        members[union.find(k)].append(entry)
    out: list[Group] = []
    for entries in members.values():
        quote_ids = sorted(q for e in entries for q in e.quotes)
        if not quote_ids:
            continue  # names seen only as another name's form
        kind = entries[0].kind
        best = max(entries, key=lambda e: (len(e.words) >= 2, len(e.quotes), len(e.words), e.words))
        if best.written:  # "Donald J. Trump" as an article wrote it
            name = best.written.most_common(1)[0][0]
        else:
            name = " ".join(best.spellings.most_common(1)[0][0] if best.spellings else best.words)
        if kind == "unnamed" and name[:1].isupper() and not name[1:2].isupper():
            name = name[:1].lower() + name[1:]  # "Officials" at a sentence start: "officials"
        forms: Counter[str] = Counter()
        for e in entries:
            forms.update(e.forms)
        variants = sorted(forms.items(), key=lambda fc: (-fc[1], fc[0]))
        out.append((f"{kind}:{' '.join(best.words)}", name, kind, quote_ids, variants))
    return out


def rebuild(library: Library) -> int:
    """Merge the speakers of every quote in the library again and store them; the number of
    speakers."""
    groups = merge(library.speaker_inputs())
    library.replace_speakers(groups)
    return len(groups)
