"""Speakers across the library: one speaker per person or organization, by the identity rules.

Inside an article the analyser already resolved each quote's speaker ("he", "Mr. Carter", "the
secretary") to the article's name for that entity ("Ash Carter"). Across articles the names are
compared by the rules of :mod:`reader.core.identity` (the same rules the article analysis uses),
with the evidence the library holds:

- person names are compared by their words without titles ("Defense Secretary Ash Carter" is
  "Ash Carter"); two full names with one surname are one person unless their own words tell two
  people apart (:func:`reader.core.identity.distinct_people`: "Bill" and "Hillary Clinton", "Jan"
  and "Jana Novak", "George W. Bush" and "George H. W. Bush"); a nickname or a short form is its
  given name ("Bill" and "William", "Ash" and "Ashton");
- a generational suffix separates two people only where an article names both ("Donald Trump" and
  "Donald Trump Jr."); elsewhere it is a way of writing one name ("Joseph R. Biden Jr.", "Joe
  Biden"); and two names that one article gave to two people are never one;
- names an article gave to one entity (its mentions: "Ash Carter", "Ashton Carter") are one
  person everywhere;
- a one-word name ("Carter", from an article that never gives the full name) joins a person when
  exactly one person in the library fits it, or when the articles that resolved that word to a
  full name chose one person in most of them ("Trump": Donald Trump); otherwise it stays a speaker
  of its own, shown "Clinton (unresolved)";
- a name is one kind: a one-word organization or place whose word is the surname of a person of
  the library is that person's surname ("Trump" read as an organization in one article);
- organizations, places and other named speakers are one when their names are equal without
  determiners, case or dots ("the Pentagon", "Pentagon"; "U.N.", "UN"), or when an article gave
  them to one entity ("United Nations" and "UN");
- unnamed sources the article could not resolve ("officials", "a spokesperson") are kept, kind
  ``unnamed``, one speaker per wording (all the "officials" together): they count as quotes from
  such sources, never as a person; a view may show or hide them;
- a name that is none (a pronoun, a dateline: :func:`reader.core.identity.is_junk_name`) makes no
  speaker.

The merge is recomputed from all quotes (:func:`rebuild`), so its result does not depend on the
order in which articles were added; a speaker keeps its id while its key stays the same.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.core import identity, names
from reader.core.names import PRONOUN_WORDS
from reader.library.store import Library

Node = tuple[str, tuple[str, ...]]  # (kind, the name's words in lower case, no dots)
Group = tuple[str, str, str, list[int], list[tuple[str, int]]]  # key, name, kind, quote ids, variants
_DETERMINER = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)
# a one-word name joins the person most articles resolved it to when more than this share did
MAJORITY = 0.5
UNRESOLVED = "{} (unresolved)"


@dataclass
class _Name:
    kind: str
    words: tuple[str, ...]
    quotes: list[int] = field(default_factory=list)
    written: Counter[str] = field(default_factory=Counter)  # the article's names, as written
    forms: Counter[str] = field(default_factory=Counter)


class _Union:
    """Union-find over names, with pairs that must stay apart (two people one article named)."""

    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}
        self.apart: dict[Node, set[Node]] = defaultdict(set)  # root -> names its group must not join

    def find(self, a: Node) -> Node:
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def keep_apart(self, a: Node, b: Node) -> None:
        self.apart[self.find(a)].add(b)
        self.apart[self.find(b)].add(a)

    def join(self, a: Node, b: Node) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if any(self.find(x) == rb for x in self.apart.get(ra, ())) or any(
            self.find(x) == ra for x in self.apart.get(rb, ())
        ):
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.apart[keep] |= self.apart.pop(gone, set())
        return True


@functools.lru_cache(maxsize=65536)
def _words(text: str, kind: str) -> tuple[str, ...]:
    return tuple(names.name_tokens(identity.form(text), person=kind == "person"))


def _low(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in (x.lower().replace(".", "") for x in words) if w)


def _is_name_form(text: str | None) -> bool:
    """A speaker as written that names someone ("Mr. Carter"), not "he" or "the minister"."""
    if not text:
        return False
    return text.strip().lower() not in PRONOUN_WORDS and text.strip()[:1].isupper()


def merge(rows: Iterable[Sequence[object]], people: Iterable[Sequence[object]] = ()) -> list[Group]:
    """The speakers of the quotes ``rows`` (:meth:`Library.speaker_inputs`: quote id, article id,
    speaker as written, speaker name, kind, the entity's forms as JSON); ``people`` (article id,
    name: :meth:`Library.person_names`) are the people each article told apart. See the module text."""
    names_read = _Names()
    for row in rows:
        names_read.quote(*row)
    _keep_apart(names_read.union, people)
    for a, b in names_read.evidence:
        names_read.union.join(a, b)
    _one_kind(names_read.found, names_read.union)
    unresolved = _merge_people(names_read.found, names_read.union, names_read.told)
    return _groups(names_read.found, names_read.union, unresolved)


class _Names:
    """The names of the library's quotes, as they are read: each a node of the union, the pairs
    the articles' entities give as one (``evidence``), and the votes of one-word names (``told``:
    which full name each article resolved a word to)."""

    def __init__(self) -> None:
        self.found: dict[Node, _Name] = {}
        self.union = _Union()
        self.told: dict[tuple[str, ...], Counter[Node]] = defaultdict(Counter)
        self.evidence: list[tuple[Node, Node]] = []
        self.seen_forms: set[tuple[int, str]] = set()

    def node(self, text: str, kind: str) -> tuple[Node, _Name] | None:
        low = _low(_words(text, kind))
        if not low:
            return None
        key: Node = (kind, low)
        if key not in self.found:
            self.found[key] = _Name(kind, low)
            self.union.find(key)
        return key, self.found[key]

    def quote(
        self,
        quote_id: object,
        article_id: object,
        spoken: object,
        name: object,
        kind_value: object,
        forms_json: object,
    ) -> None:
        kind = str(kind_value or "unnamed")
        if identity.is_junk_name(str(name)):
            return
        made = self.node(str(name), kind)
        if made is None:
            return
        key, entry = made
        entry.quotes.append(int(str(quote_id)))
        written = identity.form(str(name))
        entry.forms[written] += 1
        entry.written[_DETERMINER.sub("", written) if kind != "unnamed" else written] += 1  # "Pentagon"
        if kind == "unnamed":
            return
        if _spoken_variant(kind, spoken, name, key[1]):
            entry.forms[identity.form(str(spoken))] += 1  # "Mr. Carter"; never a name confused with it
        for form in json.loads(str(forms_json)) if forms_json else ():
            self.entity_form(int(str(article_id)), kind, key, entry, form)

    def entity_form(self, article: int, kind: str, key: Node, entry: _Name, form: str) -> None:
        """Another name the article gave the quote's entity: the same speaker (a full name), or a
        variant of it and a vote for whom that word names (a surname)."""
        if (article, form) in self.seen_forms or not _is_name_form(form) or identity.is_junk_name(form):
            return
        self.seen_forms.add((article, form))
        low = _low(_words(form, kind))
        if not low or not _compatible(kind, low, key[1]):
            return  # one article's slip (another person's name in the entity) is no evidence
        if kind == "person" and len(low) < 2:
            entry.forms[identity.form(form)] += 1
            if len(key[1]) >= 2:
                self.told[low][key] += 1
            return
        other = self.node(form, kind)
        if other is not None:
            other[1].forms[identity.form(form)] += 1
            self.evidence.append((key, other[0]))


def _spoken_variant(kind: str, spoken: object, name: object, key: tuple[str, ...]) -> bool:
    """Whether the speaker as written is a variant to list for the name: a name form, one the name
    rules allow, and for a person a title of the person's gender ("Mrs. Clinton" is never listed for
    Bill Clinton)."""
    if not isinstance(spoken, str) or spoken == name or not _is_name_form(spoken):
        return False
    if not _compatible(kind, _low(_words(spoken, kind)), key):
        return False
    if kind != "person":
        return True
    title = identity.title_gender(spoken.split()[0])
    given = identity.person_name(key).given
    told = identity.name_gender(given) if given else None
    return not (title and told and title != told)


def _compatible(kind: str, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two names (lower-case words) may name one speaker by the name rules: for people, one
    is a variant of the other or they differ only in a shortened given name, and their words tell
    no two people apart; for others, equal, one the initials of the other ("UN", "United
    Nations"), or its words all in the other."""
    if a == b:
        return True
    if kind == "person":
        if _suffix_only(a, b):
            return True
        if identity.distinct_people(a, b):
            return False
        return names.is_variant(a, b) or names.is_variant(b, a) or _same_person(a, b)
    short, long_ = sorted((a, b), key=len)
    if len(short) == 1 and len(long_) > 1:
        initials = "".join(w[0] for w in long_ if w not in _SMALL_WORDS)
        return short[0] == initials
    # "Tax Policy Center", "Urban-Brookings Tax Policy Center"; not "PAC" inside every super PAC's name
    return set(short) <= set(long_)


_SMALL_WORDS = frozenset(("of", "the", "and", "for", "&"))


def _suffix_only(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names that differ only by a generational suffix on one of them."""
    pa, pb = identity.person_name(a), identity.person_name(b)
    if not (pa.full and pb.full) or pa.suffix == pb.suffix:
        return False
    return not identity.distinct_people(
        (pa.given, *pa.middles, *pa.surname), (pb.given, *pb.middles, *pb.surname)
    )


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names of one surname whose words tell no two people apart ("Ash Carter", "Ashton
    Carter"; "Donald Trump", "Donald J. Trump")."""
    if len(a) < 2 or len(b) < 2 or identity.distinct_people(a, b):
        return False
    pa, pb = identity.person_name(a), identity.person_name(b)
    return [names.bare(w) for w in pa.surname] == [names.bare(w) for w in pb.surname] and bool(
        pa.given and pb.given
    )


def _keep_apart(union: _Union, people: Iterable[Sequence[object]]) -> None:
    """Two full names of one surname that differ by a generational suffix, and that one article
    gave to two people, stay apart ("Donald Trump", "Donald Trump Jr."); names that only leave
    words out ("Hillary Clinton", "Hillary Rodham Clinton") are one whatever an article did."""
    by_article: dict[int, set[tuple[str, ...]]] = defaultdict(set)
    for article_id, name in people:
        low = _low(_words(str(name), "person"))
        if len(low) >= 2:
            by_article[int(str(article_id))].add(low)
    for lows in by_article.values():
        by_surname: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for low in lows:
            by_surname[names.bare(identity.person_name(low).surname[-1] if low else "")].append(low)
        for same in by_surname.values():
            for i, a in enumerate(same):
                for b in same[i + 1 :]:
                    if _suffix_only(a, b):
                        union.keep_apart(("person", a), ("person", b))


def _one_kind(found: dict[Node, _Name], union: _Union) -> None:
    """A one-word organization, place or other speaker whose word is the surname of a person of the
    library is that person's name ("Trump" read as an organization): its quotes move to the
    person's one-word name."""
    surnames = {_surname(k[1]) for k in found if k[0] == "person" and _is_person_name(k[1])}
    for key in [k for k in found if k[0] not in ("person", "unnamed") and len(k[1]) == 1]:
        if names.bare(key[1][0]) not in surnames:
            continue
        entry = found.pop(key)
        person: Node = ("person", key[1])
        target = found.setdefault(person, _Name("person", key[1]))
        union.find(person)
        target.quotes += entry.quotes
        target.written.update(entry.written)
        target.forms.update(entry.forms)


def _merge_people(
    found: dict[Node, _Name], union: _Union, told: dict[tuple[str, ...], Counter[Node]]
) -> set[Node]:
    """Full names of one surname that may be one person, then one-word names; returns the one-word
    names that stay unresolved (several people fit and the articles do not agree on one)."""
    people = [k for k in found if k[0] == "person"]
    full = sorted(k for k in people if len(k[1]) >= 2)
    by_surname: dict[str, list[Node]] = defaultdict(list)
    for k in full:
        by_surname[_surname(k[1])].append(k)
    for group in by_surname.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _same_person(a[1], b[1]) or _suffix_only(a[1], b[1]):
                    union.join(a, b)
    unresolved: set[Node] = set()
    for k in people:
        if len(k[1]) != 1 or union.find(k) in {
            union.find(f) for f in by_surname.get(names.bare(k[1][0]), [])
        }:
            continue  # a full name already, or the surname an article gave one person
        # a surname: a given name alone ("Bob") is no evidence of anyone across articles
        fits = by_surname.get(names.bare(k[1][0]), [])
        roots = {union.find(f) for f in fits if names.is_variant(k[1], f[1])}
        if len(roots) == 1:
            union.join(k, roots.pop())
            continue
        if not roots:
            continue
        votes: Counter[Node] = Counter()
        for full_name, n in told.get(k[1], Counter()).items():
            votes[union.find(full_name)] += n
        best = votes.most_common(1)[0] if votes else None
        if best and best[0] in roots and best[1] > MAJORITY * sum(votes.values()) and best[1] >= 2:
            union.join(k, best[0])
        else:
            unresolved.add(k)
    return unresolved


def _is_person_name(words: tuple[str, ...]) -> bool:
    """A full name whose first word is a given name ("Donald Trump"), not a group the model read as
    a person ("Cabin Republicans" of "Log Cabin Republicans")."""
    name = identity.person_name(words)
    return name.full and identity.is_given_name(name.given)


def _surname(words: tuple[str, ...]) -> str:
    """A full name's surname, its last word without a particle ("Biden" of "Joseph R. Biden Jr.")."""
    sur = identity.person_name(words).surname
    return names.bare(sur[-1]) if sur else ""


def _groups(found: dict[Node, _Name], union: _Union, unresolved: set[Node]) -> list[Group]:
    members: dict[Node, list[Node]] = defaultdict(list)
    for k in sorted(found):
        members[union.find(k)].append(k)
    out: list[Group] = []
    for keys in members.values():
        entries = [found[k] for k in keys]
        quote_ids = sorted(q for e in entries for q in e.quotes)
        if not quote_ids:
            continue  # names seen only as another name's form
        kind = entries[0].kind
        best = max(entries, key=lambda e: (len(e.words) >= 2, len(e.quotes), len(e.words), e.words))
        written: Counter[str] = Counter()
        for e in entries:
            written.update(e.written)
        forms = [identity.Form(t, n) for t, n in written.items()]
        name = identity.canonical_name(forms, kind == "person") or " ".join(best.words)
        if len(keys) == 1 and keys[0] in unresolved:
            name = UNRESOLVED.format(name)
        variants: Counter[str] = Counter()
        for e in entries:
            variants.update(e.forms)
        listed = sorted(variants.items(), key=lambda fc: (-fc[1], fc[0]))
        out.append((f"{kind}:{' '.join(best.words)}", name, kind, quote_ids, listed))
    return out


def rebuild(library: Library) -> int:
    """Merge the speakers of every quote in the library again and store them; the number of
    speakers."""
    groups = merge(library.speaker_inputs(), library.person_names())
    library.replace_speakers(groups)
    return len(groups)
