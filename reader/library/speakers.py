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

The result does not depend on the order in which articles were added, and :func:`rebuild` never
merges the whole library again: the rules only ever compare names of one *bucket* (a person's
surname, which a one-word name of any kind shares; an organization's, place's or unnamed source's
own words), except where one article's entity links names of two buckets (its forms, and the forms
two of its quotes share). The buckets so linked make a *block*, kept in the database as a
union-find that only grows (a link whose article is gone makes a block larger, never a result
wrong). :func:`rebuild` computes the buckets of the rows written since it last ran, and merges
again only the blocks that gained or lost rows, each exactly as :func:`merge` over every quote
would; the one thing a block takes from outside is how many votes the library cast for each of its
one-word names. A speaker keeps its id while its key stays the same.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

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


# a library repeats its names: each spelling is read once (both are functions of the text alone)
_form = functools.lru_cache(maxsize=65536)(identity.form)
_is_junk = functools.lru_cache(maxsize=65536)(identity.is_junk_name)


@functools.lru_cache(maxsize=65536)
def _words(text: str, kind: str) -> tuple[str, ...]:
    return tuple(names.name_tokens(_form(text), person=kind == "person"))


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
    return [group for group, _best in _finish(names_read, people)]


def _finish(
    names_read: _Names, people: Iterable[Sequence[object]], cast: dict[str, int] | None = None
) -> list[tuple[Group, Node]]:
    """The speakers of the names read, each with the name its key was made of. ``cast``: the
    votes the whole library cast for each one-word name, when only some quotes were read."""
    _keep_apart(names_read.union, people)
    for a, b in names_read.evidence:
        names_read.union.join(a, b)
    _one_kind(names_read.found, names_read.union)
    unresolved = _merge_people(names_read.found, names_read.union, names_read.told, cast)
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
        self.claimed: dict[tuple[int, str], Node] = {}  # (article, form) -> the name whose quote read it
        self.shared: list[tuple[Node, Node]] = []  # names whose quotes in one article share a form
        self.votes: list[tuple[int, tuple[str, ...]]] = []  # (quote id, one-word name) of each vote

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
    ) -> Node | None:
        """Read one quote's speaker; returns its name (None: no name, no speaker)."""
        kind = str(kind_value or "unnamed")
        if _is_junk(str(name)):
            return None
        made = self.node(str(name), kind)
        if made is None:
            return None
        key, entry = made
        entry.quotes.append(int(str(quote_id)))
        written = _form(str(name))
        entry.forms[written] += 1
        entry.written[_DETERMINER.sub("", written) if kind != "unnamed" else written] += 1  # "Pentagon"
        if kind == "unnamed":
            return key
        if _spoken_variant(kind, spoken, name, key[1]) and not _is_junk(str(spoken)):  # "WALLACE: Governor"
            entry.forms[_form(str(spoken))] += 1  # "Mr. Carter"; never a name confused with it
        for form in json.loads(str(forms_json)) if forms_json else ():
            self.entity_form(int(str(quote_id)), int(str(article_id)), kind, key, entry, form)
        return key

    def entity_form(self, quote: int, article: int, kind: str, key: Node, entry: _Name, form: str) -> None:
        """Another name the article gave the quote's entity: the same speaker (a full name), or a
        variant of it and a vote for whom that word names (a surname). An article's form counts
        once, for the first of its quotes that has it."""
        if not _is_name_form(form) or _is_junk(form):
            return
        first = self.claimed.get((article, form))
        if first is not None:
            if first != key:
                self.shared.append((key, first))
            return
        self.claimed[(article, form)] = key
        low = _low(_words(form, kind))
        if not low or not _compatible(kind, low, key[1]):
            return  # one article's slip (another person's name in the entity) is no evidence
        if kind == "person" and len(low) < 2:
            entry.forms[_form(form)] += 1
            if len(key[1]) >= 2:
                self.told[low][key] += 1
                self.votes.append((quote, low))
            return
        other = self.node(form, kind)
        if other is not None:
            other[1].forms[_form(form)] += 1
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
    found: dict[Node, _Name],
    union: _Union,
    told: dict[tuple[str, ...], Counter[Node]],
    cast: dict[str, int] | None = None,
) -> set[Node]:
    """Full names of one surname that may be one person, then one-word names; returns the one-word
    names that stay unresolved (several people fit and the articles do not agree on one).
    ``cast``: word -> the votes the whole library cast for it, when ``told`` holds some of them
    (a block's): a majority is of all of them; the people voted for outside the block are none of
    the people the word may join."""
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
        total = sum(votes.values())
        if cast is not None:
            total = max(total, cast.get(k[1][0], 0))
        if best and best[0] in roots and best[1] > MAJORITY * total and best[1] >= 2:
            union.join(k, best[0])
        else:
            unresolved.add(k)
    return unresolved


def _is_person_name(words: tuple[str, ...]) -> bool:
    """A full name whose first word is a given name ("Donald Trump"), not a group the model read as
    a person ("Cabin Republicans" of "Log Cabin Republicans")."""
    name = identity.person_name(words)
    return name.full and identity.is_given_name(name.given)


@functools.lru_cache(maxsize=65536)
def _surname(words: tuple[str, ...]) -> str:
    """A full name's surname, its last word without a particle ("Biden" of "Joseph R. Biden Jr.")."""
    sur = identity.person_name(words).surname
    return names.bare(sur[-1]) if sur else ""


def _groups(found: dict[Node, _Name], union: _Union, unresolved: set[Node]) -> list[tuple[Group, Node]]:
    members: dict[Node, list[Node]] = defaultdict(list)
    for k in sorted(found):
        members[union.find(k)].append(k)
    out: list[tuple[Group, Node]] = []
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
        group: Group = (f"{kind}:{' '.join(best.words)}", name, kind, quote_ids, listed)
        out.append((group, (best.kind, best.words)))
    return out


@functools.lru_cache(maxsize=65536)
def _bucket(node: Node) -> str:
    """Where the rules look for the names a name may be one speaker with: a full name of a person
    and any one-word name under the surname (a one-word organization may be a person's surname);
    other names under their own words."""
    kind, words = node
    if kind == "person" and len(words) >= 2:
        return "=" + _surname(words)
    if kind != "unnamed" and len(words) == 1:
        return "=" + names.bare(words[0])
    return f"{kind}:{' '.join(words)}"


def _person_bucket(name: object) -> str:
    """The bucket of an article's person (:func:`_keep_apart` reads its full names, by surname)."""
    low = _low(_words(str(name), "person"))
    return _bucket(("person", low)) if len(low) >= 2 else ""


@functools.cache
def _rules_version() -> str:
    """A digest of the rules' sources and word lists: the buckets of a library merged by other
    rules are computed again."""
    from reader.core import given_names

    digest = hashlib.sha256()
    files = [Path(m.__file__ or "") for m in (identity, names, given_names)]
    files += [Path(__file__), given_names.TABLE]
    try:
        import names as census  # identity reads the Census lists this package ships

        files += [Path(census.__file__).parent / f for f in ("dist.male.first", "dist.female.first")]
    except ImportError:
        pass
    for path in files:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:16]


def rebuild(library: Library) -> int:
    """Merge again the speakers of the blocks whose quotes or people changed since the last merge
    and store them, in one transaction: the library's speakers are then those :func:`merge` gives
    over all its quotes. Returns the number of speakers of the blocks merged (0: nothing changed)."""
    with library.speaker_update(_rules_version()) as update:
        new_rows = update.new_quotes()
        new_people = update.new_people()
        if not new_rows and not new_people and not update.dirty():
            return 0
        read = _Names()
        quote_buckets: list[tuple[int, str]] = []
        for row in new_rows:
            key = read.quote(*row)
            quote_buckets.append((int(row[0]), _bucket(key) if key is not None else ""))
        people_buckets = [(int(r[0]), _person_bucket(r[2])) for r in new_people]
        # each vote is kept with its quote and the bucket of the one-word name it is for: a block
        # that holds the word counts the votes of the whole library, its own quotes or not
        counted = Counter((quote, word) for quote, word in read.votes)
        votes = [(q, word[0], _bucket(("person", word)), n) for (q, word), n in counted.items()]
        update.link((_bucket(a), _bucket(b)) for a, b in (*read.evidence, *read.shared))
        fresh = {b for _, b in quote_buckets + people_buckets if b} | {v[2] for v in votes}
        update.block(fresh)
        merged_before = update.quotes()  # (the new quotes have no bucket yet)
        update.set_buckets(quote_buckets, people_buckets, votes)
        if merged_before:
            read = _Names()
            for row in sorted([*merged_before, *new_rows], key=lambda r: int(r[0])):
                read.quote(*row)
        # else the block holds the new quotes alone, read already
        found = _finish(read, update.people(), update.votes())
        update.write([(*group, _bucket(best)) for group, best in found])
    return len(found)
