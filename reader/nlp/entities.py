"""Entity mentions, their corrections and their merging into canonical entities.

* :func:`fix_entities` (the ``reader_entity_fixes`` pipe, after ``ner``) corrects the small
  model's common errors with general rules: spans cut at line breaks; leading determiners,
  trailing possessives and punctuation trimmed; the tail of an office title ("Secretary of
  *State*") no longer an organization; a prefixed name ("non-NATO", "anti-Trump") relabelled
  NORP (an attribute, not a mention); a PERSON coordinated with places ("in Raqqah and Mosul")
  relabelled GPE; entities inside wire-service trailer lines dropped.
* :func:`find_mentions` keeps people, organizations, places, facilities and, from NORP, only
  groups used as nouns ("Democrats said"): an adjective such as "American" is not highlighted.
* :func:`cluster` merges name variants ("Ashton Carter", "Carter", "Mr. Carter", "Carter's";
  "the Pentagon", "Pentagon"; "UN" and "United Nations").
* :func:`finalize` links quotes to speaker entities and promotes speakers.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from reader.core.categories import LABEL_CATEGORY, Category
from reader.core.model import CanonicalEntity, Entity, Quote, Span
from reader.nlp.figures.noise import in_trailer

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_NAME_LABELS = KEPT_LABELS | {"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}

# office titles whose "of X" tail the model tags as an organization ("Secretary of State")
TITLE_HEADS = {
    "secretary", "undersecretary", "under-secretary", "minister", "director", "chairman", "chairwoman",
    "chair", "commissioner", "administrator", "comptroller", "surgeon", "chancellor", "solicitor",
    "inspector", "controller", "registrar", "advocate", "minister-president",
}  # fmt: skip
# titles and honorifics dropped from names before comparing them
TITLES = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president",
    "vice", "prime", "minister", "secretary", "senator", "sen", "rep", "representative", "congressman",
    "congresswoman", "gov", "governor", "mayor", "judge", "justice", "gen", "general", "col", "colonel",
    "lt", "maj", "major", "capt", "captain", "adm", "admiral", "sgt", "sergeant", "chancellor",
    "king", "queen", "prince", "princess", "pope", "rev", "reverend", "father", "sheikh", "ayatollah",
    "chairman", "chairwoman", "ceo", "candidate", "nominee", "speaker", "leader", "chief", "attorney",
    "state", "defense", "defence", "foreign", "us", "u.s.", "former", "then", "democratic", "republican",
    "presidential", "first",
}  # fmt: skip
ATTRIBUTE_PREFIXES = {"non", "anti", "pro", "ex", "pan", "post", "pre", "neo", "quasi", "un", "counter"}
PRONOUNS = {
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "me", "his", "their", "its",
    "who", "whom", "which", "that", "this", "one", "someone", "somebody", "everyone", "nobody",
}  # fmt: skip
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_CONNECTORS = {"of", "the", "and", "for", "de", "del", "du", "la", "le", "on", "in", "&", "-", "to"}
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$", re.IGNORECASE)
_APOS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SLUG = re.compile(r"[^a-z0-9]+")


# -- the pipeline component ------------------------------------------------------------------


def fix_entities(doc: Doc) -> Doc:
    """Pipeline component body: general corrections of the model's entities."""
    if not doc.ents:
        return doc
    gpe_tokens = {t for e in doc.ents if e.label_ in ("GPE", "LOC") for t in range(e.start, e.end)}
    fixed: list[SpacySpan] = []
    for ent in doc.ents:
        label = ent.label_
        start, end = ent.start, ent.end
        if in_trailer(doc, ent.start):
            continue
        # never across a line break
        for k in range(start, end - 1):
            if "\n" in doc[k].whitespace_ or "\n" in doc[k + 1].text:
                end = k + 1
                break
        if label in _NAME_LABELS:
            start, end = _trim(doc, start, end)
            if start >= end:
                continue
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


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
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
    """Named-entity mentions (people, organizations, places) in text order."""
    out = []
    for ent in doc.ents:
        label = ent.label_
        if label not in KEPT_LABELS:
            continue
        if not any(c.isupper() for c in ent.text):
            continue
        if label == "NORP" and not _norp_is_group(ent):
            continue
        out.append(
            Entity(
                text=ent.text,
                label=label,
                start=ent.start_char,
                end=ent.end_char,
                category=LABEL_CATEGORY.get(label, Category.ORGANIZATION),
            )
        )
    return out


def _norp_is_group(ent: SpacySpan) -> bool:
    """ "Democrats said" names a group; "American officials" uses an adjective."""
    root = ent.root
    if root.tag_ not in ("NNPS", "NNS"):
        return False
    if "-" in ent.text:
        return False
    return root.dep_ not in ("amod", "compound", "nmod", "poss")


# -- clustering ----------------------------------------------------------------------------


def name_tokens(text: str, person: bool = False) -> list[str]:
    """The words of a name without determiners, possessive or dots in acronyms; for a person
    also without leading titles ("US Secretary of State John Kerry" -> "John Kerry")."""
    text = text.translate(_APOS).strip().strip("\"'")
    words = text.split()
    if not words:
        return []
    words[-1] = _POSSESSIVE.sub("", words[-1])
    words = [w.strip(',;:"()') for w in words]
    words = [w for w in words if w]
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    if person:
        # titles only at the start, and never the whole name ("Secretary of State" stays whole)
        k = 0
        while k < len(words) and (words[k].lower().rstrip(".") in TITLES or (k and words[k].lower() == "of")):
            k += 1
        if k < len(words):
            words = words[k:]
    return [_squash_acronym(w) for w in words]


def _squash_acronym(word: str) -> str:
    """ "U.S." -> "US", "U.N." -> "UN"."""
    if "." in word and len(word) <= 8 and word.replace(".", "").isupper():
        return word.replace(".", "")
    return word


def _key(text: str, person: bool = False) -> str:
    return " ".join(name_tokens(text, person)).lower()


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _CONNECTORS and w[:1].isupper())


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "entity"


class _Group:
    __slots__ = ("forms", "labels", "members", "person")

    def __init__(self, person: bool):
        self.person = person
        self.members: list[int] = []
        self.labels: Counter[str] = Counter()
        self.forms: Counter[str] = Counter()  # display forms (titles and determiners removed)

    def add(self, idx: int, m: Entity) -> None:
        self.members.append(idx)
        self.labels[m.label] += 1
        form = " ".join(name_tokens(m.text, self.person)) or m.text
        self.forms[form] += 1

    def name(self) -> str:
        return max(self.forms.items(), key=lambda kv: (len(kv[0].split()), kv[1], len(kv[0])))[0]

    def label(self) -> str:
        return self.labels.most_common(1)[0][0]


def cluster(doc: Doc, mentions: list[Entity]) -> tuple[list[Entity], list[CanonicalEntity]]:
    """Merges mentions into canonical entities; returns mentions with ``entity_id`` set."""
    groups: list[_Group] = []
    by_key: dict[tuple[bool, str], _Group] = {}
    person_full: list[tuple[int, list[str], _Group]] = []  # (position, lower words, group)
    by_word: dict[str, list[tuple[int, _Group]]] = {}  # first or last word -> full names, in text order
    pending_single: list[tuple[int, Entity, str]] = []
    for idx, m in enumerate(mentions):
        person = m.label == "PERSON"
        words = name_tokens(m.text, person)
        key = " ".join(words).lower()
        if not key:
            continue
        if person and len(words) >= 2:
            low = [w.lower() for w in words]
            group = by_key.get((True, key))
            if group is None:
                # "Donald J. Trump" and "Donald Trump": same first and last word
                group = next((g for _, w, g in person_full if w[0] == low[0] and w[-1] == low[-1]), None)
            if group is None:
                group = _Group(True)
                groups.append(group)
            by_key[(True, key)] = group
            person_full.append((m.start, low, group))
            by_word.setdefault(low[-1], []).append((m.start, group))
            if low[0] != low[-1]:
                by_word.setdefault(low[0], []).append((m.start, group))
            group.add(idx, m)
        elif person:
            pending_single.append((idx, m, key))
        else:
            group = by_key.get((False, key))
            if group is None:
                group = _Group(False)
                groups.append(group)
                by_key[(False, key)] = group
            group.add(idx, m)
    # one-word person names: the closest full name before it with that surname (or given name)
    for idx, m, key in pending_single:
        best = None
        for pos, group in by_word.get(key, ()):
            if pos <= m.start or best is None:
                best = group
            if pos > m.start:
                break
        if best is None:
            best = by_key.get((True, key))
        if best is None:
            best = _Group(True)
            groups.append(best)
            by_key[(True, key)] = best
        best.add(idx, m)
    _merge_acronyms(groups, mentions)
    return _build(mentions, [g for g in groups if g.members])


def _merge_acronyms(groups: list[_Group], mentions: list[Entity]) -> None:
    """ "UN" joins "United Nations" when the initials agree (organizations and places only)."""
    long_by_initials: dict[str, _Group] = {}
    for g in groups:
        if g.person or not g.members:
            continue
        for form in g.forms:
            words = form.split()
            if len(words) >= 2:
                ini = _initials(words)
                if len(ini) >= 2:
                    long_by_initials.setdefault(ini, g)
    for g in groups:
        if g.person or not g.members:
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


def _build(mentions: list[Entity], groups: list[_Group]) -> tuple[list[Entity], list[CanonicalEntity]]:
    used: set[str] = set()
    canonical: list[CanonicalEntity] = []
    owner: dict[int, str] = {}
    for g in sorted(groups, key=lambda g: min(g.members)):
        name = g.name()
        label = g.label()
        eid = _unique_id(f"{label.lower()}-{_slug(name)}", used)
        members = sorted(g.members, key=lambda i: mentions[i].start)
        for i in members:
            owner[i] = eid
        canonical.append(
            CanonicalEntity(
                id=eid,
                name=name,
                label=label,
                category=LABEL_CATEGORY.get(label, Category.ORGANIZATION),
                mentions=tuple(Span(mentions[i].text, mentions[i].start, mentions[i].end) for i in members),
            )
        )
    out = [replace(m, entity_id=owner[i]) for i, m in enumerate(mentions) if i in owner]
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
    index = _MentionIndex(mentions)
    by_id = {c.id: c for c in canonical}
    order = [c.id for c in canonical]
    key_to_id: dict[str, str] = {}
    for c in canonical:
        key_to_id.setdefault(_key(c.name, c.label == "PERSON"), c.id)
    for c in canonical:
        for s in c.mentions:
            key_to_id.setdefault(_key(s.text, c.label == "PERSON"), c.id)
    used = set(by_id)
    label_of = {c.id: c.label for c in canonical}
    new_quotes: list[Quote] = []
    quoted: set[str] = set()
    for q in quotes:
        eid = q.speaker_id if q.speaker_id in by_id else None
        speaker = q.speaker
        desc = speaker is not None and speaker.text.strip().lower() not in PRONOUNS
        if eid is None and speaker is not None:
            eid = index.owner(speaker)
        if eid is None and q.speaker_name:
            eid = key_to_id.get(_key(q.speaker_name)) or key_to_id.get(_key(q.speaker_name, True))
        if eid is None and desc and speaker is not None:
            # an unresolved description ("A US defense official"): a speaker entity of its own
            name = (q.speaker_name or speaker.text).strip()
            if name.lower() in PRONOUNS:
                name = speaker.text.strip()
            eid = key_to_id.get("desc:" + name.lower())
            if eid is None:
                eid = _unique_id(f"speaker-{_slug(name)}", used)
                by_id[eid] = CanonicalEntity(eid, name, "SPEAKER", Category.SPEAKER, ())
                order.append(eid)
                label_of[eid] = "SPEAKER"
                key_to_id["desc:" + name.lower()] = eid
        if eid is not None and desc and speaker is not None:
            index.add(speaker, eid, label_of[eid])
        if eid is not None:
            quoted.add(eid)
        new_quotes.append(replace(q, speaker_id=eid) if eid != q.speaker_id else q)
    # rebuild the canonical mention lists from the mentions, promote speakers
    spans: dict[str, list[Span]] = {eid: [] for eid in order}
    out_mentions = []
    for m in index.result():
        cat = Category.SPEAKER if m.entity_id in quoted else m.category
        m2 = replace(m, category=cat) if cat != m.category else m
        out_mentions.append(m2)
        if m.entity_id in spans:
            spans[m.entity_id].append(Span(m.text, m.start, m.end))
    out_canon = []
    for eid in order:
        c = by_id[eid]
        if not spans[eid] and eid not in quoted:
            continue
        cat = Category.SPEAKER if eid in quoted else c.category
        out_canon.append(replace(c, category=cat, mentions=tuple(spans[eid])))
    return out_mentions, out_canon, new_quotes


class _MentionIndex:
    """Mentions by position, so each quote looks only at the mentions near its speaker."""

    _REACH = 200  # no mention is longer than this many characters

    def __init__(self, mentions: list[Entity]):
        self.items = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.items]
        self.removed: set[int] = set()
        self.added: list[Entity] = []

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
        skey = _key(speaker.text)
        for k in self.near(speaker):
            m = self.items[k]
            if m.entity_id and _key(m.text) == skey:
                return m.entity_id
        for m in self.added:
            if m.start == speaker.start and m.end == speaker.end:
                return m.entity_id
        return None

    def add(self, speaker: Span, eid: str, label: str) -> None:
        """Adds the speaker span as a mention of ``eid``; names nested inside it give way."""
        if any(m.start < speaker.end and speaker.start < m.end for m in self.added):
            return
        inner = []
        for k in self.near(speaker):
            m = self.items[k]
            if m.entity_id == eid:
                return  # already a mention of this entity
            if not (speaker.start <= m.start and m.end <= speaker.end):
                return  # a partial overlap: leave the text as the model read it
            inner.append(k)  # "Pentagon" inside "the Pentagon chief" gives way to the speaker
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

    def result(self) -> list[Entity]:
        kept = [m for k, m in enumerate(self.items) if k not in self.removed]
        return sorted(kept + self.added, key=lambda m: (m.start, m.end))
