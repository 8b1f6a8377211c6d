"""Entity mentions, their corrections and their merging into canonical entities.

* :func:`fix_entities` (the ``reader_entity_fixes`` pipe, after ``ner``) corrects the small
  model's common errors with general rules: spans cut at line breaks; leading determiners,
  trailing possessives and punctuation trimmed; the tail of an office title ("Secretary of
  *State*") no longer an organization; a prefixed name ("non-NATO", "anti-Trump") relabelled
  NORP (an attribute, not a mention); a PERSON coordinated with places ("in Raqqah and Mosul")
  relabelled GPE; entities inside wire-service trailer lines and datelines ("WASHINGTON --")
  dropped.
* :func:`find_mentions` keeps people, organizations, places, facilities and, from NORP, only
  groups used as nouns ("Democrats said"): an adjective such as "American" is not highlighted; a
  capitalized common word opening a sentence is no name ("Coal", "Recognizing Germany").
* :func:`cluster` merges name variants (people by :mod:`reader.nlp.names`, the one place for it:
  "Robert De Niro", "De Niro", "Mr. De Niro"; other names by their words: "the Pentagon",
  "Pentagon"; "UN" and "United Nations"), gives each entity one type from the evidence of all its
  mentions (:mod:`reader.nlp.entity_types`, with the curated list of
  :mod:`reader.nlp.known_entities`; awards and titles of works are dropped), and adds every
  occurrence of a known person's or organization's name that the model missed.
* :func:`finalize` links quotes to speaker entities and promotes speakers.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import numpy as np
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from reader.core import identity, names
from reader.core.categories import LABEL_CATEGORY, Category
from reader.core.model import CanonicalEntity, Entity, Quote, Span
from reader.nlp import entity_types
from reader.nlp import known_entities as known
from reader.nlp.figures.noise import in_trailer
from reader.nlp.quotes import lexicon
from reader.nlp.quotes.lexicon import NAME_TITLES, PRONOUN_WORDS, TITLE_HEADS
from reader.nlp.quotes.marks import find_marked
from reader.nlp.tokens import token_arrays

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_NAME_LABELS = KEPT_LABELS | {"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
ATTRIBUTE_PREFIXES = {"non", "anti", "pro", "ex", "pan", "post", "pre", "neo", "quasi", "un", "counter"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_CONNECTORS = {"of", "the", "and", "for", "de", "del", "du", "la", "le", "on", "in", "&", "-", "to"}
_SLUG = re.compile(r"[^a-z0-9]+")


# -- the pipeline component ------------------------------------------------------------------


def fix_entities(doc: Doc) -> Doc:
    """Pipeline component body: general corrections of the model's entities."""
    if not doc.ents:
        return doc
    gpe_tokens = {t for e in doc.ents if e.label_ in ("GPE", "LOC") for t in range(e.start, e.end)}
    datelines = identity.dateline_ranges(doc.text)
    fixed: list[SpacySpan] = []
    for ent in doc.ents:
        label = ent.label_
        start, end = ent.start, ent.end
        if in_trailer(doc, ent.start) or any(s <= ent.start_char < e for s, e in datelines):
            continue  # a wire trailer's names, a dateline's place ("WASHINGTON --", "RENO, Nev. (AP) —")
        # never across a line break
        for k in range(start, end - 1):
            if "\n" in doc[k].whitespace_ or "\n" in doc[k + 1].text:
                end = k + 1
                break
        if label in _NAME_LABELS:
            start, end = _trim(doc, start, end)
            if start >= end:
                continue
            if _media_label(doc, doc[start:end]):
                continue  # a page's "Header Image" or "Featured Photo" line: no one's name
            if _is_title_tail(doc, start, end, label):
                continue
            prefixed = _attribute_prefix(doc, start, end)
            if prefixed is not None:
                start, label = prefixed, "NORP"
            elif label == "PERSON" and _coordinated_with(doc, start, end, gpe_tokens):
                label = "GPE"
        fixed.append(SpacySpan(doc, start, end, label=label))
    doc.ents = filter_spans(fixed)
    return doc


_MEDIA_WORDS = known.words("image images photo photos picture pictures video caption credit gallery graphic")


def _media_label(doc: Doc, ent: SpacySpan) -> bool:
    """A line of a web page that only labels a picture ("Header Image", "Featured Photo"): the
    name is the whole line and ends in a word for a picture."""
    if ent[-1].lower_ not in _MEDIA_WORDS:
        return False
    text = doc.text
    line_start = text.rfind("\n", 0, ent.start_char) + 1
    line_end = text.find("\n", ent.end_char)
    return text[line_start : line_end if line_end >= 0 else len(text)].strip() == ent.text


_DASHES = frozenset(("-", "--", "–", "—"))


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    for k in range(start + 1, end):  # a dash set off by spaces ends a clause, never a name's part
        if doc[k].text in _DASHES and doc[k - 1].whitespace_ and doc[k].whitespace_:
            end = k  # "The Washington Post - conducted last Wednesday"
            break
    while start < end and (
        doc[start].lower_ in _DETERMINERS or (doc[start].is_punct and doc[start].text not in ("(",))
    ):
        start += 1
    while end > start:
        last = doc[end - 1]
        possessive = last.tag_ == "POS" or last.lower_ in ("'s", "’s", "'", "’")
        punct = last.is_punct and (not last.text.endswith(".") or len(last.text) == 1)
        if not (possessive or punct or last.text in ("-", "--", "—")):
            break
        end -= 1
    return start, end


def _is_title_tail(doc: Doc, start: int, end: int, label: str) -> bool:
    """ "Secretary of *State*", "Minister of *Finance*": part of a title, not an organization."""
    if label != "ORG":
        return False
    if doc[start].lower_ in TITLE_HEADS:
        return True  # the whole title tagged as an organization
    acronym = any(t.is_upper and len(t.text) > 1 for t in doc[start:end])
    if end < len(doc) and doc[end].lower_ in TITLE_HEADS and not acronym and end - start == 1:
        return True  # "Defense Secretary Ashton Carter", "Finance Minister ..."
    if start < 2 or doc[start - 1].lower_ != "of" or doc[start - 2].lower_ not in TITLE_HEADS:
        return False
    # "Director of the FBI" names a real organization: keep acronyms and "the ..."
    return not acronym


def _attribute_prefix(doc: Doc, start: int, end: int) -> int | None:
    """ "non-NATO", "anti-Trump", "pro-Russian": returns the new start (the prefix) or None."""
    first = doc[start]
    if end - start >= 3 and first.lower_ in ATTRIBUTE_PREFIXES and doc[start + 1].text == "-":
        return start
    if (
        start >= 2
        and doc[start - 1].text == "-"
        and doc[start - 2].lower_ in ATTRIBUTE_PREFIXES
        and doc[start - 2].whitespace_ == ""
        and doc[start - 1].whitespace_ == ""
    ):
        return start - 2
    low = first.lower_
    for p in ATTRIBUTE_PREFIXES:
        if low.startswith(p + "-") and len(low) > len(p) + 1:
            return start
    return None


def _coordinated_with(doc: Doc, start: int, end: int, gpe_tokens: set[int]) -> bool:
    """A one-word PERSON in a coordination of places: "in Raqqah and Mosul"."""
    if end - start != 1:
        return False
    tok = doc[start]
    if tok.dep_ == "conj" and tok.head.i in gpe_tokens:
        return True
    return any(c.dep_ == "conj" and c.i in gpe_tokens for c in tok.children)


# -- mentions ------------------------------------------------------------------------------


def find_mentions(doc: Doc) -> list[Entity]:
    """Named-entity mentions (people, organizations, places) in text order, without the model's
    sentence-initial misreadings (:func:`_sentence_start_fix`)."""
    found: list[tuple[SpacySpan, str]] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in KEPT_LABELS:
            continue
        if not any(c.isupper() for c in ent.text):
            continue
        if label == "NORP" and not _norp_is_group(ent):
            continue
        found.append((ent, label))
    named = _words_named_elsewhere(doc, found)
    lines = _Lines(doc)
    heads = [lines.headline_span(ent) for ent, _ in found]
    body = {
        t.lower_
        for (ent, label), h in zip(found, heads, strict=True)
        if label == "PERSON" and not h
        for t in ent
    }
    # the names of organizations and places written outside headlines, as lower-case words
    written = {
        tuple(t.lower_ for t in ent)
        for (ent, label), h in zip(found, heads, strict=True)
        if label != "PERSON" and not h
    }
    out = []
    for (ent, label), headline in zip(found, heads, strict=True):
        span = _sentence_start_fix(doc, ent, label, named)
        if span is not None and label == "PERSON":
            span = _trim_person(doc, span, headline, body)
        elif span is not None and headline:
            span = _within_headline(doc, span, written)
        if span is None:
            continue
        out.append(
            Entity(
                text=span.text,
                label=label,
                start=span.start_char,
                end=span.end_char,
                category=LABEL_CATEGORY.get(label, Category.ORGANIZATION),
            )
        )
    return out


def _within_headline(doc: Doc, span: SpacySpan, written: set[tuple[str, ...]]) -> SpacySpan:
    """An organization or place read across a title-case headline's words ("Washington Post Hit
    Piece Exploits Trump Supporter"), cut to the longest name the text writes inside it
    ("Washington Post"); as it is when the text writes none."""
    words = [t.lower_ for t in span]
    best: tuple[int, int] | None = None
    for lo in range(len(words)):
        for hi in range(len(words), lo, -1):
            if (best is None or hi - lo > best[1] - best[0]) and tuple(words[lo:hi]) in written:
                best = (lo, hi)
    if best is None or best == (0, len(words)):
        return span
    return doc[span.start + best[0] : span.start + best[1]]


def _trim_person(doc: Doc, span: SpacySpan, headline: bool, body: set[str]) -> SpacySpan:
    """A person's name without words that are not part of it: an epithet or a verb before it
    ("Crooked Hillary Clinton", "Injecting Clinton": a capitalized common word, no given name, the
    tagger's common word or followed by a full name), and in a title-case headline the words around
    the name the text confirms, with the given name before it ("Maher Tells Guest Muslim Violence"
    is "Maher" where the body names Maher, "Hillary Clinton Visits ..." is "Hillary Clinton"
    where it names Clinton; "Obama Claims Hillary" is "Obama", "Trump Made This" and "Bashing
    Trump" are "Trump"); a generational suffix after it joins it
    ("Trump Jr.", which the model often leaves out)."""
    start, end = span.start, span.end
    if headline and end - start > 1:
        known_words = [doc[k].lower_ in body for k in range(start, end)]
        if any(known_words):  # the first run of words the body confirms ("Obama Claims Hillary")
            first = known_words.index(True)
            last = first
            while last < len(known_words) and known_words[last]:
                last += 1
            while first > 0 and identity.is_given_name(doc[start + first - 1].text):
                first -= 1  # "Hillary Clinton Visits ..." where the text says "Clinton"
            start, end = start + first, start + last
        while end - start > 1 and _common(doc[end - 1]):
            end -= 1
        while end - start > 1 and _common(doc[start]):
            start += 1  # "Bashing Trump"
    while (
        end - start > 1
        and _common(doc[start])
        and (end - start > 2 or doc[start].tag_ not in ("NNP", "NNPS"))
    ):
        start += 1
    if _suffix_at(doc, end):
        end += 1  # "Trump Jr.": the suffix is part of the name, it tells the son apart
        if end < len(doc) and doc[end].text == "." and doc[end - 1].whitespace_ == "":
            end += 1
    return span if (start, end) == (span.start, span.end) else doc[start:end]


def _suffix_at(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a generational suffix written after a name ("Jr.", "III")."""
    return i < len(doc) and doc[i].text[:1].isupper() and doc[i].text.lower().rstrip(".") in names.SUFFIXES


def _common(tok) -> bool:
    """A capitalized word that is a common English word and no given name ("Crooked", "Speech")."""
    text = tok.text
    if not text[:1].isupper() or text.lower().rstrip(".") in NAME_TITLES:
        return False
    common = known.is_common_word(text) or known.is_common_word(tok.lemma_)  # "Vows": "vow"
    return common and not identity.is_given_name(text)


def _norp_is_group(ent: SpacySpan) -> bool:
    """ "Democrats said" names a group; "American officials" uses an adjective."""
    root = ent.root
    if root.tag_ not in ("NNPS", "NNS"):
        return False
    if "-" in ent.text:
        return False
    return root.dep_ not in ("amod", "compound", "nmod", "poss")


def at_sentence_start(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the first word of its sentence (after any opening punctuation)."""
    a = token_arrays(doc)
    starts, punct = a.sent_start, a.is_punct
    k = i
    while k > 0 and not starts[k] and punct[k - 1]:
        k -= 1
    return k == 0 or starts[k] or "\n" in a.texts[k - 1]  # (a token's whitespace has no line break)


def _words_named_elsewhere(doc: Doc, found: list[tuple[SpacySpan, str]]) -> set[str]:
    """Words of names seen away from a sentence start, and every word of a person's full name."""
    out: set[str] = set()
    for ent, label in found:
        if not at_sentence_start(doc, ent.start) or (label == "PERSON" and len(ent) > 1):
            out.update(t.text for t in ent)
    return out


def _sentence_start_fix(doc: Doc, ent: SpacySpan, label: str, named: set[str]) -> SpacySpan | None:
    """A capitalized common word at a sentence start is not a name: "Recognizing Germany" is
    "Germany"; "Coal" is no entity, unless the word is known as a name (elsewhere in the text, in
    the curated list, after a title, or saying something). A one-word person goes when the word is
    a common one; anything else only when the tagger, too, read a common noun ("Apple" stays)."""
    if not at_sentence_start(doc, ent.start):
        return ent
    first = doc[ent.start]
    if len(ent) > 1:
        if first.tag_ in ("VBG", "VBN", "RB", "IN") and known.is_common_word(first.text):
            rest = doc[ent.start + 1 : ent.end]
            return rest if rest[0].text[:1].isupper() else None
        return ent
    if first.text in named or known.known_type(first.text):
        return ent
    if label != "PERSON" and first.tag_ not in ("NN", "NNS", "VBG"):
        return ent
    if not first.is_title or not known.is_common_word(first.text):
        return ent  # "WALLACE:" opening a transcript turn is a name
    if entity_types.mention_evidence(doc, ent, None):
        return ent
    return None


# -- clustering ----------------------------------------------------------------------------


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _CONNECTORS and w[:1].isupper())


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "entity"


class _Group:
    __slots__ = (
        "census",
        "confident",
        "evidence",
        "first_label",
        "forms",
        "members",
        "offices",
        "person",
        "titles",
        "type",
        "written",
    )

    def __init__(self, person: bool):
        self.person = person
        self.members: list[int] = []
        self.forms: Counter[str] = Counter()  # name keys outside headlines (titles, determiners, dots out)
        self.written: Counter[identity.Form] = Counter()  # the names as written, where (the name's choice)
        self.titles: Counter[str] = Counter()  # "m"/"f" from the titles before its mentions ("Mrs.")
        self.census: Counter[str] = Counter()  # "m"/"f" from the given names of its full names
        self.offices: set[str] = set()  # the offices written before its names ("Gov.", "President")
        self.evidence: entity_types.Evidence = {}
        self.first_label = ""  # ties go to the first label read away from a sentence start
        self.type = ""
        self.confident = False  # named once where the model's reading is safe (see _weigh)

    def add(self, idx: int, m: Entity, headline: bool = False, quoted: bool = False) -> None:
        """``headline``: the mention stands in a title-case line, so its name is the last choice
        (never "Washington Post Hit Piece Exploits ..."), and a person's words there are searched for
        nowhere else."""
        self.members.append(idx)
        if not (headline and self.person):
            self.forms[" ".join(names.name_tokens(m.text, self.person)) or m.text] += 1
        shown = names.display_name(m.text, self.person) or identity.form(m.text)
        self.written[identity.Form(identity.form(shown), 1, quoted, headline)] += 1

    def gender(self) -> str | None:
        """The person's gender when the evidence agrees: the article's titles ("Mrs. Clinton"), else
        the given names ("Hillary"); None when unknown or in conflict."""
        found = self.titles or self.census
        return next(iter(found)) if len(found) == 1 else None

    def name(self) -> str:
        """The canonical name (:func:`reader.core.identity.canonical_name`): the most complete
        name written outside quotation marks and headlines, a headline's where the text has just
        the surname ("Hillary Clinton" in the headline, "Clinton" below it)."""
        forms = [identity.Form(f.text, n, f.quoted, f.headline) for f, n in self.written.items()]
        return identity.canonical_name(forms, self.is_person())

    def is_person(self) -> bool:
        """A person: by its decided type once there is one ("SAG" opening a sentence, read as a
        person by the model, is an organization when the evidence says so), else by its grouping."""
        return self.type == "PERSON" if self.type else self.person


def cluster(doc: Doc, mentions: list[Entity]) -> tuple[list[Entity], list[CanonicalEntity]]:
    """Merges mentions into canonical entities (name variants by :mod:`reader.core.names`, told
    apart by :mod:`reader.core.identity`), gives each entity one type
    (:mod:`reader.nlp.entity_types`), adds every other occurrence of a known name as a mention;
    returns the mentions with ``entity_id`` set and their type."""
    mentions = list(mentions)
    groups, people = _group(doc, mentions)
    for g in groups:
        _weigh(doc, g, mentions)
        g.type = entity_types.decide([g.name()], g.evidence, g.first_label)
    groups = [g for g in groups if g.type not in known.NOT_ENTITIES]
    _find_known(doc, mentions, groups, people)
    _merge_acronyms(groups, mentions)
    _merge_short_names(groups, mentions)
    return _build(mentions, [g for g in groups if g.members])


def _group(doc: Doc, mentions: list[Entity]) -> tuple[list[_Group], names.PersonNames[_Group]]:
    """People by name variants (full names first, longest first; a name read in a title-case
    headline joins a person it extends, "Rip Donald Trump"; two names that
    :func:`~reader.core.identity.distinct_people` tells apart stay two people), then every other
    mention (:func:`_person_of`): a surname or given name joins the one person it can name, a
    one-word name of exactly one person joins that person even when read as an organization
    ("Ostrova" after "Helena Ostrova"), the rest group by their words."""
    groups: list[_Group] = []
    people: names.PersonNames[_Group] = names.PersonNames()
    by_key: dict[str, _Group] = {}
    text = token_arrays(doc).text
    quoted = _quoted_chars(text)
    items = [(i, m, names.name_tokens(m.text, m.label == "PERSON")) for i, m in enumerate(mentions)]
    lines = _Lines(doc)
    full = [(*it, lines.headline(it[1])) for it in items if it[1].label == "PERSON" and names.is_full(it[2])]
    for i, m, words, headline in sorted(full, key=lambda it: (it[3], -len(it[2]), it[1].start)):
        group = people.owner(words, m.start, keep=_may_be(words)) or (
            people.within(words) if headline else None
        )
        if not isinstance(group, _Group):
            group = _Group(True)
            groups.append(group)
        if not headline or group.members == []:
            people.add(m.start, words, group)
        by_key.setdefault(" ".join(words).lower(), group)
        group.add(i, m, headline, bool(quoted[m.start]))
        given = identity.person_name(words).given
        title, told = _title_gender(text, m), identity.name_gender(given) if given else None
        if title:
            group.titles[title] += 1
        if told:
            group.census[told] += 1
        group.offices |= _offices(text, m)
    done = {it[0] for it in full}
    for i, m, words in items:
        if not words or i in done:
            continue
        title = _title_gender(text, m)
        place_ok = m.label in PLACE_LABELS and not _place_context(doc, m)
        group = _person_of(people, m, words, title, _offices(text, m), place_ok=place_ok)
        if group is not None and m.label != "PERSON":  # the surname of a person named in the article
            entity_types.add_evidence(group.evidence, "PERSON", 1.0)
        group = group or by_key.get(" ".join(words).lower())
        if group is None:
            group = _Group(m.label == "PERSON")
            groups.append(group)
            by_key[" ".join(words).lower()] = group
        group.add(i, m, lines.headline(m), bool(quoted[m.start]))
        if title and group.person:
            group.titles[title] += 1
        kin = _kin_name(doc, m, words, mentions) if group.person and len(words) == 1 else None
        if kin is not None:  # "Clinton's husband, Bill,": Bill Clinton
            group.written[identity.Form(" ".join(kin), 1, bool(quoted[m.start]), False)] += 1
            told = identity.name_gender(words[0].lower())
            if told:
                group.census[told] += 1
    return groups, people


# a relative named by a given name beside a named person: "Clinton's husband, Bill," has her surname
KIN = frozenset(("husband", "wife", "son", "daughter", "brother", "sister", "father", "mother"))


def _kin_name(doc: Doc, m: Entity, words: list[str], mentions: list[Entity]) -> tuple[str, ...] | None:
    """The full name of a person written with a given name only, in apposition to a relative of a
    named person ("Clinton's husband, Bill," and "Bill, Clinton's husband,"): the given name and
    that person's surname. None when the name is no given name or nothing names the relative."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or identity.name_gender(words[0].lower()) is None:
        return None
    tok = span.root
    relative: Token | None = tok.head
    if not (tok.dep_ == "appos" and tok.head.lemma_.lower() in KIN):
        relative = next((c for c in tok.children if c.dep_ == "appos" and c.lemma_.lower() in KIN), None)
    if relative is None:
        return None
    owner = next((c for c in relative.children if c.dep_ == "poss"), None)
    if owner is None or owner.pos_ != "PROPN":  # "his wife, Jane,": whose is coreference's
        return None
    named = next((o.text for o in mentions if o.label == "PERSON" and o.start <= owner.idx < o.end), None)
    # the owner as written when the model read no name there ("Lopez's husband")
    written = named or " ".join(t.text for t in owner.subtree if t.dep_ != "case")
    family = names.name_tokens(written, True)
    if not family:
        return None
    return (words[0], *names.surname(family))


def _may_be(words: list[str]) -> Callable[[tuple[str, ...], _Group], bool]:
    """A test of the full names a name may be: those its words do not tell apart from it
    (:func:`reader.core.identity.distinct_people`)."""

    def test(full_name: tuple[str, ...], _owner: _Group) -> bool:
        return not identity.distinct_people(words, full_name)

    return test


def _quoted_chars(text: str) -> bytearray:
    """1 for each character inside quotation marks."""
    out = bytearray(len(text) + 1)
    for mk in find_marked(text):
        out[mk.start : mk.end] = b"\x01" * (mk.end - mk.start)
    return out


_WORDS_BEFORE = re.compile(r"((?:[A-Z][\w.]*\s+){1,3})$")
_OFFICES = frozenset(lexicon.TITLE_ABBREVIATIONS.values()) | (lexicon.OFFICE_ROLES & lexicon.HONORIFICS)


def _offices(text: str, m: Entity) -> frozenset[str]:
    """The offices written right before a mention or at its start ("former President Bush",
    "Florida Gov. Jeb Bush"): "president", "governor"."""
    found = _WORDS_BEFORE.search(text[max(0, m.start - 40) : m.start])
    out = set()
    for w in (found.group(1).split() if found else []) + m.text.split()[:-1]:
        low = w.lower().rstrip(".")
        low = lexicon.TITLE_ABBREVIATIONS.get(low, low)
        if low in _OFFICES:
            out.add(low)
    return frozenset(out)


_TITLE_BEFORE = re.compile(r"\b(mr|mrs|ms|miss|sir|madam|dame|lady|lord)\.?\s+$", re.IGNORECASE)


def _title_gender(text: str, m: Entity) -> str | None:
    """The gender of a title written right before (or at the start of) a mention: "Mrs. Clinton"."""
    first = m.text.split()[0] if m.text.split() else ""
    found = _TITLE_BEFORE.search(text[max(0, m.start - 8) : m.start])
    return identity.title_gender(found.group(1)) if found else identity.title_gender(first)


class _Lines:
    """The lines of a Doc, to tell a title-case line ("Black Lawmakers Rip Donald Trump")."""

    REACH = 30  # tokens either side of a mention that decide

    def __init__(self, doc: Doc):
        self.doc = doc
        arr = doc.to_array(["IS_ALPHA", "IS_LOWER", "IS_SPACE"]) if len(doc) else np.zeros((0, 3))
        self.alpha = arr[:, 0].astype(bool)
        self.upper = self.alpha & ~arr[:, 1].astype(bool)
        self.breaks = [int(i) for i in np.flatnonzero(arr[:, 2]) if "\n" in doc[int(i)].text]

    def headline(self, m: Entity) -> bool:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and self.headline_span(span)

    def headline_span(self, span: SpacySpan) -> bool:
        """Whether ``span`` stands in a title-case line (a headline)."""
        k = bisect_left(self.breaks, span.start)
        lo = max(self.breaks[k - 1] + 1 if k else 0, span.start - self.REACH)
        hi = min(self.breaks[k] if k < len(self.breaks) else len(self.doc), span.end + self.REACH)
        words = int(self.alpha[lo:hi].sum())
        return words >= 4 and int(self.upper[lo:hi].sum()) >= 0.75 * words


_PLACE_WORDS = known.words("in at from to into near outside inside across around toward towards via of")


def _place_context(doc: Doc, m: Entity) -> bool:
    """Whether a one-word place mention reads as a place where it stands: after a preposition of
    place ("in Phoenix"), before a state or country (", Arizona") or "-based"."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if prev is not None and prev.lower_ in _PLACE_WORDS:
        return True
    if nxt is not None and nxt.text == "," and after is not None and after.ent_type_ in ("GPE", "LOC"):
        return True
    return nxt is not None and nxt.text == "-" and after is not None and after.lower_ == "based"


def _person_of(
    people: names.PersonNames[_Group],
    m: Entity,
    words: list[str],
    title: str | None,
    offices: frozenset[str],
    *,
    place_ok: bool = False,
) -> _Group | None:
    """The person a mention that is no full name names: a surname or given name read as a person's,
    or a one-word name read as something else ("Ostrova" tagged as an organization). A name after
    "Mr."/"Mrs." is a surname and goes with a person of that gender; a name with "Jr." goes with a
    name with "Jr.". Among several people it fits, the one introduced first: "Clinton" in an
    article on Hillary Clinton that later names Bill Clinton is Hillary, "Mr. Clinton" is Bill."""
    place = m.label in PLACE_LABELS and not place_ok  # "Phoenix wins" after "Joaquin Phoenix" may be him
    if m.label != "PERSON" and (len(words) != 1 or place or words[0].isupper()):
        return None  # an acronym is no surname ("UN", "Kim Jong Un")

    may_be = _may_be(words)

    def keep(full: tuple[str, ...], g: _Group) -> bool:
        return (title is None or g.gender() in (None, title)) and may_be(full, g)

    cands = people.owners(words, keep=keep, surname_only=title is not None)
    if m.label != "PERSON":  # a word read as a group or a company joins a person only by a real name
        cands = [g for g in cands if any(identity.is_given_name(f.text.split()[0]) for f in g.written)]
    if len(cands) > 1 and identity.person_name(words).suffix == "":
        # a suffix tells the son apart: "Trump" beside "Donald Trump" and "Donald Trump Jr." is the
        # father, the son being "Trump Jr."
        plain = [g for g in cands if not any(identity.person_name(f.text.split()).suffix for f in g.written)]
        cands = plain or cands
    holding = [g for g in cands if offices & g.offices]
    cands = holding or cands  # "former President Bush" beside "Gov. Jeb Bush" and "President George W. Bush"
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    # several people fit ("Clinton" after "Hillary Clinton" and "Bill Clinton"): the one the article
    # introduced first, its main subject, whom a bare surname keeps naming while the others are
    # named in full ("Bill Clinton", "Mr. Clinton"); measured on the identity set against the
    # closest one before and the one most often named in full (benchmarks/identity.py)
    return cands[0]


def _weigh(doc: Doc, g: _Group, mentions: list[Entity]) -> None:
    """Adds up the type evidence of a group's mentions; notes whether one is a confident reading."""
    for idx in sorted(g.members, key=lambda i: mentions[i].start):
        m = mentions[idx]
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        # a mention cut out of a longer entity ("Recognizing Germany") has no label of its own
        label = m.label if span[0].ent_iob_ != "I" else None
        ev = entity_types.mention_evidence(doc, span, label)
        for kind, weight in ev.items():
            entity_types.add_evidence(g.evidence, kind, weight)
        strong = max(ev.values(), default=0) >= entity_types.STRONG
        initial = at_sentence_start(doc, span.start)
        if len(span) > 1 or strong or not initial:
            g.confident = True
        if label and not initial and not g.first_label:
            g.first_label = label
    if not g.first_label and g.members:
        g.first_label = mentions[g.members[0]].label


# -- every occurrence of a known name ----------------------------------------------------------


def _find_known(
    doc: Doc, mentions: list[Entity], groups: list[_Group], people: names.PersonNames[_Group]
) -> None:
    """Adds a mention for each whole-token, same-case occurrence of a name already known (a person or
    an organization named once with confidence, their surnames, the curated organizations) that
    the model missed; never inside another name, a wire trailer or as a common word opening a
    sentence. Names are looked up by their first word among the token texts (one numpy pass)."""
    forms = _known_forms(groups)
    if not forms or not len(doc):
        return
    by_first: dict[int, list[str]] = {}
    strings = doc.vocab.strings
    for form in sorted(forms, key=len, reverse=True):
        for lead in {_lead(form), form.split()[0]}:
            by_first.setdefault(strings.add(lead), []).append(form)
    text = token_arrays(doc).text  # read once (spaCy builds doc.text again on every access)
    datelines = identity.dateline_ranges(text)
    covered = bytearray(doc[-1].idx + len(doc[-1].text_with_ws) + 1)
    for m in mentions:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    orth = doc.to_array("ORTH")
    for i in np.flatnonzero(np.isin(orth, np.fromiter(by_first, dtype=orth.dtype))).tolist():
        s = doc[i].idx
        for form in by_first[int(orth[i])] if not covered[s] else ():
            e = s + len(form)
            span = doc.char_span(s, e) if not any(covered[s:e]) else None
            if span is None or span.text != form or not _free_standing(doc, span, datelines):
                continue
            group = _owner(forms[form], people, form, s, groups)
            if _suffix_at(doc, span.end):
                nxt = doc[span.end]
                # "Trump Jr.": the person whose name has the suffix, never the father
                words = [*form.split(), nxt.text]
                sons = people.owners(words, keep=_may_be(words))
                if len(sons) != 1:
                    continue
                group, e = sons[0], nxt.idx + len(nxt.text)
            mentions.append(
                Entity(text[s:e], group.type, s, e, LABEL_CATEGORY.get(group.type, Category.ORGANIZATION))
            )
            group.add(len(mentions) - 1, mentions[-1])
            covered[s:e] = b"\x01" * (e - s)
            break


_LEAD = re.compile(r"[\w&]+")


def _lead(text: str) -> str:
    found = _LEAD.match(text)
    return found.group() if found else text


def _known_forms(groups: list[_Group]) -> dict[str, list[_Group | None]]:
    forms: dict[str, list[_Group | None]] = {}
    for g in groups:
        curated = known.known_type(g.name())
        # people, organizations, and the groups the curated list names (a party's members)
        if not (g.type in ("PERSON", "ORG") or (g.type in known.HIGHLIGHTED and curated == g.type)):
            continue
        if not (g.confident or curated):
            continue
        found = set(g.forms)
        if g.type == "PERSON":
            found |= {" ".join(names.surname(f.split())) for f in g.forms if len(f.split()) >= 2}
        for f in found:
            if len(f) >= 2 and any(c.isupper() for c in f):
                forms.setdefault(f, []).append(g)
    for name in known.SEARCHED:
        forms.setdefault(name, []).append(None)  # None: a new organization unless one has the name
    return forms


def _owner(
    cands: list[_Group | None], people: names.PersonNames[_Group], form: str, pos: int, groups
) -> _Group:
    found = [g for g in cands if g is not None]
    if len(found) > 1:
        owner = people.owner(form.split(), pos)
        if isinstance(owner, _Group) and owner in found:
            return owner
    if found:
        return found[0]
    group = _Group(False)
    group.type = group.first_label = known.known_type(form) or "ORG"
    groups.append(group)
    cands[:] = [group]
    return group


def _free_standing(doc: Doc, span: SpacySpan, datelines: list[tuple[int, int]]) -> bool:
    """Not part of a longer capitalized name ("Jimmy Carter" for a known "Carter"), not in a wire
    trailer or a dateline ("RENO, Nev. (AP) —"), not a common word opening a sentence ("Peacock"
    for the streaming service)."""
    if in_trailer(doc, span.start) or any(s <= span.start_char < e for s, e in datelines):
        return False
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    titled = prev is not None and prev.lower_.rstrip(".") in NAME_TITLES
    if prev is not None and _capitalized(prev) and not at_sentence_start(doc, prev.i) and not titled:
        return False
    if nxt is not None and _capitalized(nxt) and not nxt.is_sent_start:
        return False
    return not (at_sentence_start(doc, span.start) and len(span) == 1 and known.is_common_word(span.text))


def _capitalized(tok) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and not tok.is_upper


def _merge_acronyms(groups: list[_Group], mentions: list[Entity]) -> None:
    """ "UN" joins "United Nations" when the initials agree (organizations and places only)."""
    long_by_initials: dict[str, _Group] = {}
    for g in groups:
        if g.is_person() or not g.members:
            continue
        for form in g.forms:
            words = form.split()
            if len(words) >= 2:
                ini = _initials(words)
                if len(ini) >= 2:
                    long_by_initials.setdefault(ini, g)
    for g in groups:
        if g.is_person() or not g.members:
            continue
        forms = list(g.forms)
        if len(forms) != 1 or " " in forms[0]:
            continue
        acro = forms[0]
        if not (2 <= len(acro) <= 6 and acro.isupper() and acro.isalpha()):
            continue
        target = long_by_initials.get(acro)
        if target is None or target is g:
            continue
        for idx in g.members:
            target.add(idx, mentions[idx])
        g.members.clear()


def _merge_short_names(groups: list[_Group], mentions: list[Entity]) -> None:
    """An organization named by the start or the last word of one other organization's longer name
    joins it: "the Times" after "The New York Times", "Fox" after "Fox News", "the Brennan Center"
    after "the Brennan Center for Justice" (not when two organizations fit)."""
    longer: dict[str, list[_Group]] = {}  # a start or the last word of a name -> its organizations
    for g in groups:
        if g.type != "ORG" or not g.members:
            continue
        for form in g.forms:
            words = form.split()
            if len(words) < 2:
                continue
            for key in {" ".join(words[:k]) for k in range(1, len(words))} | {words[-1]}:
                if key[:1].isupper() and key.lower() not in _CONNECTORS and g not in longer.get(key, []):
                    longer.setdefault(key, []).append(g)
    for g in groups:
        forms = list(g.forms)
        if g.type != "ORG" or not g.members or len(forms) != 1:
            continue
        targets = [t for t in longer.get(forms[0], []) if t is not g]
        if len(targets) != 1:
            continue
        for idx in g.members:
            targets[0].add(idx, mentions[idx])
        g.members.clear()


def _build(mentions: list[Entity], groups: list[_Group]) -> tuple[list[Entity], list[CanonicalEntity]]:
    """Canonical entities in order of first mention; every mention takes its entity's type."""
    used: set[str] = set()
    canonical: list[CanonicalEntity] = []
    out: list[Entity] = []
    for g in sorted(groups, key=lambda g: min(mentions[i].start for i in g.members)):
        name = g.name()
        label = g.type
        category = LABEL_CATEGORY.get(label, Category.ORGANIZATION)
        eid = _unique_id(f"{label.lower()}-{_slug(name)}", used)
        members = sorted(g.members, key=lambda i: mentions[i].start)
        out.extend(replace(mentions[i], entity_id=eid, label=label, category=category) for i in members)
        canonical.append(
            CanonicalEntity(
                id=eid,
                name=name,
                label=label,
                category=category,
                mentions=tuple(Span(mentions[i].text, mentions[i].start, mentions[i].end) for i in members),
                gender=g.gender() if label == "PERSON" else None,
            )
        )
    out.sort(key=lambda m: (m.start, m.end))
    return out, canonical


def _unique_id(base: str, used: set[str]) -> str:
    eid = base
    n = 2
    while eid in used:
        eid = f"{base}-{n}"
        n += 1
    used.add(eid)
    return eid


# -- after the quotes ------------------------------------------------------------------------


def finalize(
    doc: Doc,
    mentions: list[Entity],
    canonical: list[CanonicalEntity],
    quotes: list[Quote],
) -> tuple[list[Entity], list[CanonicalEntity], list[Quote]]:
    """Adds resolved speaker mentions to their entities, promotes speakers, links quotes."""
    speakers = _Speakers(mentions, canonical)
    new_quotes = [speakers.link(q) for q in quotes]
    out_mentions, spans = speakers.promoted_mentions()
    return out_mentions, speakers.promoted_entities(spans), new_quotes


class _Speakers:
    """The entities quotes are linked to: the canonical ones, and a speaker entity of its own for
    each unresolved description ("A US defense official")."""

    def __init__(self, mentions: list[Entity], canonical: list[CanonicalEntity]):
        self.index = _MentionIndex(mentions)
        self.by_id = {c.id: c for c in canonical}
        self.order = [c.id for c in canonical]
        self.key_to_id: dict[str, str] = {}
        for c in canonical:
            self.key_to_id.setdefault(names.key(c.name, c.label == "PERSON"), c.id)
        for c in canonical:
            for s in c.mentions:
                self.key_to_id.setdefault(names.key(s.text, c.label == "PERSON"), c.id)
        self.used = set(self.by_id)
        self.label_of = {c.id: c.label for c in canonical}
        self.quoted: set[str] = set()  # the entities that say something

    def link(self, q: Quote) -> Quote:
        """``q`` with the entity of its speaker; the speaker's span becomes one of its mentions."""
        speaker = q.speaker
        desc = speaker is not None and speaker.text.strip().lower() not in PRONOUN_WORDS
        eid = self._entity_of(q)
        if eid is None and speaker is not None and (desc or q.speaker_name):
            # an unnamed source, as written ("a spokesman") or as a pronoun stands for it
            # ("lawmakers who thought": "lawmakers"); the pronoun itself is no mention of it
            eid = self._description(q, speaker)
        if eid is not None and desc and speaker is not None:
            self.index.add(speaker, eid, self.label_of[eid])
        if eid is not None:
            self.quoted.add(eid)
        return replace(q, speaker_id=eid) if eid != q.speaker_id else q

    def _entity_of(self, q: Quote) -> str | None:
        """The entity ``q``'s speaker names: its resolution, the mention it is, or its name's key."""
        eid = q.speaker_id if q.speaker_id in self.by_id else None
        if eid is None and q.speaker is not None:
            eid = self.index.owner(q.speaker)
        if eid is None and q.speaker_name:
            eid = self.key_to_id.get(names.key(q.speaker_name)) or self.key_to_id.get(
                names.key(q.speaker_name, True)
            )
        return eid

    def _description(self, q: Quote, speaker: Span) -> str:
        """The speaker entity of an unresolved description (one per wording)."""
        name = (q.speaker_name or speaker.text).strip()
        if name.lower() in PRONOUN_WORDS:
            name = speaker.text.strip()
        eid = self.key_to_id.get("desc:" + name.lower())
        if eid is None:
            # a person's campaign or administration is an organization ("Clinton campaign")
            label = "ORG" if identity.is_person_organization(name) else "SPEAKER"
            eid = _unique_id(f"{label.lower() if label == 'ORG' else 'speaker'}-{_slug(name)}", self.used)
            self.by_id[eid] = CanonicalEntity(
                eid, name, label, LABEL_CATEGORY.get(label, Category.SPEAKER), ()
            )
            self.order.append(eid)
            self.label_of[eid] = label
            self.key_to_id["desc:" + name.lower()] = eid
        return eid

    def promoted_mentions(self) -> tuple[list[Entity], dict[str, list[Span]]]:
        """Every mention, a speaker's in the speaker category; and each entity's mention spans."""
        spans: dict[str, list[Span]] = {eid: [] for eid in self.order}
        out = []
        for m in self.index.result():
            cat = Category.SPEAKER if m.entity_id in self.quoted else m.category
            out.append(replace(m, category=cat) if cat != m.category else m)
            if m.entity_id in spans:
                spans[m.entity_id].append(Span(m.text, m.start, m.end))
        return out, spans

    def promoted_entities(self, spans: dict[str, list[Span]]) -> list[CanonicalEntity]:
        """The entities with their mentions rebuilt (none left and no quote: gone), speakers promoted."""
        out = []
        for eid in self.order:
            c = self.by_id[eid]
            if not spans[eid] and eid not in self.quoted:
                continue
            cat = Category.SPEAKER if eid in self.quoted else c.category
            out.append(replace(c, category=cat, mentions=tuple(spans[eid])))
        return out


class _MentionIndex:
    """Mentions by position, so each quote looks only at the mentions near its speaker."""

    _REACH = 200  # no mention is longer than this many characters

    def __init__(self, mentions: list[Entity]):
        self.items = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.items]
        self.removed: set[int] = set()
        self.added: list[Entity] = []
        # the added spans sorted, their longest length, and the first added entity of each span
        self._added_spans: list[tuple[int, int]] = []
        self._added_longest = 0
        self._added_owner: dict[tuple[int, int], str | None] = {}

    def near(self, span: Span) -> list[int]:
        k = bisect_left(self.starts, span.start - self._REACH)
        out = []
        while k < len(self.items) and self.starts[k] < span.end:
            m = self.items[k]
            if k not in self.removed and m.start < span.end and span.start < m.end:
                out.append(k)
            k += 1
        return out

    def owner(self, speaker: Span) -> str | None:
        """The entity a speaker span names directly ("the Pentagon", not "the Pentagon chief")."""
        skey = names.key(speaker.text)
        for k in self.near(speaker):
            m = self.items[k]
            if m.entity_id and names.key(m.text) == skey:
                return m.entity_id
        return self._added_owner.get((speaker.start, speaker.end))

    def _overlaps_added(self, speaker: Span) -> bool:
        """Whether an added span overlaps ``speaker`` (those starting before its end, looked at back
        to the longest added length before its start)."""
        spans = self._added_spans
        k = bisect_left(spans, (speaker.end, -1)) - 1
        while k >= 0 and spans[k][0] >= speaker.start - self._added_longest:
            if speaker.start < spans[k][1]:
                return True
            k -= 1
        return False

    def add(self, speaker: Span, eid: str, label: str) -> None:
        """Adds the speaker span as a mention of ``eid``; names nested inside it give way."""
        if self._overlaps_added(speaker):
            return
        inner = []
        for k in self.near(speaker):
            m = self.items[k]
            if m.entity_id == eid:
                return  # already a mention of this entity
            if not (speaker.start <= m.start and m.end <= speaker.end):
                return  # a partial overlap: leave the text as the model read it
            inner.append(k)  # "Pentagon" inside "the Pentagon chief" gives way to the speaker
        if len({self.items[k].entity_id for k in inner}) > 1:
            return  # a group of named ones ("the CDU and the SPD"): each keeps its own name
        self.removed.update(inner)
        self.added.append(
            Entity(
                text=speaker.text,
                label=label,
                start=speaker.start,
                end=speaker.end,
                category=LABEL_CATEGORY.get(label, Category.SPEAKER),
                entity_id=eid,
            )
        )
        insort(self._added_spans, (speaker.start, speaker.end))
        self._added_longest = max(self._added_longest, speaker.end - speaker.start)
        self._added_owner.setdefault((speaker.start, speaker.end), eid)

    def result(self) -> list[Entity]:
        kept = [m for k, m in enumerate(self.items) if k not in self.removed]
        return sorted(kept + self.added, key=lambda m: (m.start, m.end))
