"""Speaker resolution: from the speaker mention of an attribution to a canonical name.

- a named mention (its head is inside an entity mention) gives that entity, whose name variants
  ``entities.cluster`` already merged with :mod:`reader.nlp.names` ("Ashton Carter", "Carter",
  "Mr. Carter" are one speaker); a bare surname the model missed or mistyped ("Ostrova said", read
  as an organization) gives the one person of the article it is a variant of;
- a description with a name in apposition or as its head ("US Defense Secretary Ashton Carter",
  "the minister, Jane Doe,") gives the named person;
- a pronoun (he, she, they, we) or a relative (who) gives the nearest compatible earlier mention:
  a person for he/she (gender from honorifics and earlier resolutions), an organization, group or
  place for they/we, an organization or document that spoke just before for "it", the antecedent
  noun for a relative; but "we" outside quotation marks is the writer's and stays unresolved;
- a definite role description ("the Pentagon chief", "the minister") gives the person introduced
  with that title ("Gov. Chris Christie" for "the New Jersey governor": an abbreviation is its
  office, the role's place words must be among the title's, a gendered role such as "the
  spokeswoman" takes no one of the other gender); an office ("the governor", "the Utah Republican")
  right after a sentence whose main subject is a person nothing known of contradicts it is that
  person, as writers vary a name ("Christie ... . the New Jersey governor said"); a generic role
  ("the official", "the aide") may also be the most recent person speaker, else the most recent
  person in subject position, but an office is never guessed from those;
- anything else (an indefinite description, "American officials") keeps its own text as the name.

Everything here is a lookup over arrays built once per Doc: linear in the Doc, with backward
scans bounded by a fixed window.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from reader.core import identity, names
from reader.core.model import CanonicalEntity, Entity
from reader.nlp.quotes import lexicon
from reader.nlp.quotes.spans import mention_range

PERSON_LABELS = ("PERSON",)
DEFINITE = frozenset(("the", "this", "that", "these", "those"))  # "the poll": one named before
# words that take a part of a group ("some Democrats", "none of the three")
GROUP_QUANTIFIERS = lexicon.words(
    "some many most other others several few numerous certain various none all each both"
)
_NOUNS = ("NOUN", "PROPN", "PRON")
GROUP_LABELS = ("ORG", "NORP", "GPE")
WINDOW_CHARS = 1500  # how far back a pronoun may look for its antecedent
ROLE_WINDOW_CHARS = 4000
# a he or she with this many people of its gender just before it and no subject to follow is left
# unresolved; on the identity set (benchmarks/identity.py), 2 gives up too much recall, 3 gains
# precision at the same recall, none mixes more people
CROWD = 3
SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _description_label(head: Token) -> str:
    """What an unnamed speaker is, from its head noun: "PERSON" ("a spokesman", "the woman"), "GROUP"
    ("officials", "the campaign") or "THING" ("the report", "a paper"), so that a later "he" or
    "she" never stands for a document or a crowd."""
    lemma = head.lemma_.lower()
    plural = head.tag_ in ("NNS", "NNPS")
    if lemma in lexicon.COLLECTIVE_NOUNS:
        return "GROUP"
    if lemma in lexicon.ROLE_NOUNS or lemma in lexicon.PEOPLE_NOUNS:
        return "GROUP" if plural else "PERSON"
    if lemma in lexicon.GROUP_NOUNS or plural:
        return "GROUP"
    return "PERSON" if head.tag_ == "NNP" else "THING"


def _title_word(tok: Token) -> str:
    """A title word as its role noun: "Gov." is "governor", "Sen." "senator"."""
    low = tok.lower_.rstrip(".")
    return lexicon.TITLE_ABBREVIATIONS.get(low, tok.lemma_.lower())


@dataclass(slots=True)
class Resolution:
    name: str | None
    entity_id: str | None
    kind: str  # "named" | "pronoun" | "role" | "description" | "unresolved"


class Resolver:
    """Resolves speaker mentions of one Doc (build once, call in text order)."""

    def __init__(
        self, doc: Doc, text: str, mentions: list[Entity], canonical: list[CanonicalEntity], quoted: bytearray
    ):
        self.doc = doc
        self.text = text  # doc.text, which spaCy rebuilds on every access
        self.quoted = quoted  # bytearray over characters: 1 inside quotation marks
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.by_id = {c.id: c for c in canonical}
        # token index -> index of the mention covering it (or -1)
        self.tok_mention = [-1] * len(doc)
        for k, m in enumerate(self.mentions):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for t in range(span.start, span.end):
                    self.tok_mention[t] = k
        # a person's gender: the article's evidence (titles, given names: CanonicalEntity.gender), then
        # what pronouns resolved to them say
        self.gender: dict[str, str] = {c.id: c.gender for c in canonical if c.gender}
        self.speakers: list[tuple[int, str, str | None, str]] = []  # (char, name, id, label)
        # the unnamed sources so far: (char, head lemma, their words, name, label), for "the poll"
        # after "a new AP-GfK poll"
        self.descriptions: list[tuple[int, str, frozenset[str], str, str]] = []
        self._titles: dict[str, set[str]] = {}  # entity id -> the title words of its mentions
        # the people of the article by name, for a surname the model missed ("Ostrova" -> Helena Ostrova)
        self.people: names.PersonNames[CanonicalEntity] = names.PersonNames()
        for c in canonical:
            if c.label in PERSON_LABELS and c.mentions:
                self.people.add(c.mentions[0].start, names.name_tokens(c.name, True), c)

    # -- helpers -------------------------------------------------------------------------------
    def _canon(self, eid: str) -> CanonicalEntity:
        return self.by_id[eid]

    def _named(self, m: Entity) -> Resolution:
        if m.entity_id and m.entity_id in self.by_id:
            c = self._canon(m.entity_id)
            return Resolution(c.name, c.id, "named")
        return Resolution(m.text, None, "named")

    def mention_at(self, tok: Token) -> Entity | None:
        k = self.tok_mention[tok.i]
        return self.mentions[k] if k >= 0 else None

    def _subject_verb(self, m: Entity) -> Token | None:
        """The verb whose subject the mention is ("Levin dismissed") or owns ("Bush's campaign has
        languished"), else None; a name that only modifies the subject ("Sanders supporters have
        targeted") is not its subject."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        while root.head.i != root.i and (
            root.dep_ in ("flat", "appos") or (root.dep_ == "compound" and root.head.pos_ == "PROPN")
        ):
            root = root.head
        if root.dep_ == "poss" and root.head.dep_ in SUBJECT_DEPS:
            root = root.head  # "Bush's campaign has languished": the subject's owner stands out too
        return root.head if root.dep_ in SUBJECT_DEPS else None

    def _plural(self, m: Entity) -> bool:
        """A family or a group named as people ("the Clintons"): never one "he" or "she"."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and span.root.tag_ == "NNPS"

    def _is_subject(self, m: Entity) -> bool:
        return self._subject_verb(m) is not None

    def _main_subject(self, m: Entity) -> bool:
        """The subject of its sentence's main verb (or of a verb coordinated with it), not of a
        clause inside it: in "Levin dismissed concerns ... even though Sanders won", Levin."""
        verb = self._subject_verb(m)
        while verb is not None and verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        return verb is not None and verb.dep_ == "ROOT"

    def _recent_speaker(self, char: int, labels: tuple[str, ...], window: int) -> Resolution | None:
        for pos, name, eid, label in reversed(self.speakers):
            if char - pos > window:
                break
            if label in labels and pos < char:
                return Resolution(name, eid, "role")
        return None

    def _backward(self, char: int, labels: tuple[str, ...], window: int) -> Iterator[Entity]:
        """Mentions with one of ``labels`` before ``char`` (nearest first), outside quotation marks."""
        k = bisect.bisect_left(self.starts, char) - 1
        while k >= 0:
            m = self.mentions[k]
            if char - m.end > window:
                return
            if m.label in labels and m.end <= char and not self.quoted[m.start]:
                yield m
            k -= 1

    # -- resolution ----------------------------------------------------------------------------
    def record(self, char: int, res: Resolution, label: str) -> None:
        if res.name:
            self.speakers.append((char, res.name, res.entity_id, label))

    def speaker_range(self, head: Token, start: int, end: int) -> tuple[int, int]:
        """The speaker mention ``doc[start:end]`` widened to the group it names: a coordination
        ("Chaffetz and Rep. Bob Goodlatte", "Neither Mr. Comey nor other officials", "Mr. Trump,
        and others") through its last noun, a quantity of a group ("Some of Clinton's longtime
        allies", "None of the three") through its "of" phrase. A later conjunct ("Sanders and
        [Clinton] said") names the whole coordination from its first noun: they spoke together."""
        first = head
        while first.dep_ == "conj" and first.head.i < first.i and first.head.pos_ in _NOUNS:
            first = first.head
        # the first conjunct a subject (not "demonized [Wall Street and Mr. Trump]") and a name (not
        # "Vice President for news and talk Dave Gorab", a title the parse coordinated with a name)
        if first is not head and first.dep_ in SUBJECT_DEPS and self.mention_at(first) is not None:
            lo = mention_range(first)[0]
            if not any("\n" in t.text or "\n" in t.whitespace_ for t in self.doc[lo:start]):
                return self.speaker_range(first, min(lo, start), max(end, mention_range(first)[1]))
        last = None
        for c in head.rights:
            if c.dep_ == "conj" and c.pos_ in _NOUNS:
                last = c
            elif c.dep_ == "prep" and c.lower_ == "of" and head.lower_ in GROUP_QUANTIFIERS:
                last = next((g for g in c.children if g.dep_ == "pobj"), last)
        while last is not None and any(c.dep_ == "conj" and c.pos_ in _NOUNS for c in last.rights):
            last = [c for c in last.rights if c.dep_ == "conj" and c.pos_ in _NOUNS][-1]
        if last is None:
            return start, end
        lo, hi = mention_range(last)
        if any("\n" in t.text or "\n" in t.whitespace_ for t in self.doc[end:lo]) or lo < end:
            return start, end  # never across a line break
        if head.i > 0 and self.doc[head.i - 1].dep_ == "preconj":  # "Neither Mr. Comey nor ..."
            start = min(start, head.i - 1)
        return start, hi

    def resolve(self, head: Token, start: int, end: int) -> tuple[Resolution, str]:
        """Resolution of the speaker mention ``doc[start:end]`` with head ``head``; also the label
        ("PERSON", "ORG", ...) of what it resolved to, for the record of speakers."""
        low = head.lower_
        found = self._name_or_group(head, start, end)
        if found is not None:
            return found
        found = self._person_organization(head)
        if found is not None:
            return found
        if low in lexicon.RELATIVES:
            verb = head.head
            while verb.dep_ == "conj" and verb.head.i != verb.i:
                verb = verb.head
            noun = verb.head if verb.dep_ in ("relcl", "acl") else None
            if noun is not None and noun.i < head.i and noun.lower_ not in lexicon.RELATIVES:
                return self.resolve(noun, noun.left_edge.i, noun.i + 1)
            return Resolution(None, None, "unresolved"), ""
        if low in lexicon.PRONOUNS:
            return self._pronoun(head, low)
        if self._is_role(head):
            res = self._role(head)
            if res is not None:
                return res, "PERSON"
        if head.pos_ == "PROPN" or head.text[:1].isupper():  # a name the tagger took for a word: "Will"
            found = self._name_inside(head, start, end)
            if found is not None:
                return found
        return self._description(head, start, end)

    def _description(self, head: Token, start: int, end: int) -> tuple[Resolution, str]:
        """An unnamed source by its words; a definite one that repeats the head noun of one named
        before, with no word that one lacks, is that source under its first wording ("a new poll
        by the AP" ... "the poll said"; "an FBI summary of its investigation" ... "the FBI
        summary"), as a reader takes it."""
        label = _description_label(head)
        lemma = head.lemma_.lower()
        words = frozenset(
            t.lemma_.lower() for t in self.doc[start:end] if t.is_alpha and t.i != head.i and t.pos_ != "DET"
        )
        char = self.doc[start].idx
        if self.doc[start].lower_ in DEFINITE:
            for at, seen, seen_words, name, seen_label in reversed(self.descriptions):
                if char - at > ROLE_WINDOW_CHARS:
                    break
                if seen == lemma and words <= seen_words and seen_label == label:
                    return Resolution(name, None, "description"), label
        name = self._description_text(start, end)
        self.descriptions.append((char, lemma, words, name, label))
        return Resolution(name, None, "description"), label

    def _person_organization(self, head: Token) -> tuple[Resolution, str] | None:
        """A campaign or administration named after a person of the article ("Mrs. Clinton's
        campaign", "the Obama administration"): one organization, "Clinton campaign"."""
        noun = head.lemma_.lower()
        if noun not in identity.PERSON_ORGANIZATIONS:
            return None
        for child in head.children:
            m = self.mention_at(child) if child.dep_ in ("poss", "compound") else None
            if m is not None and m.label in PERSON_LABELS and m.entity_id:
                words = self._canon(m.entity_id).name.split()
                if len(words) > 1 and words[-1].lower().rstrip(".") in names.SUFFIXES:
                    words = words[:-1]  # "Donald Trump Jr." -> "Trump"
                surname = names.surname(words)
                return Resolution(identity.person_organization(" ".join(surname), noun), None, "named"), "ORG"
        return None

    def _description_text(self, start: int, end: int) -> str:
        """An unnamed source as written, without the capital a sentence start gave its first word
        ("Officials said": "officials"; "Trump said", a name, keeps it)."""
        text = self.doc[start:end].text
        first = self.doc[start]
        common = first.pos_ == "NOUN" and not first.ent_type_ and not first.is_upper  # not "American"
        if first.is_sent_start and common and text[:1].isupper():
            return text[:1].lower() + text[1:]
        return text

    def _name_or_group(self, head: Token, start: int, end: int) -> tuple[Resolution, str] | None:
        """A group (a coordination or a part of one: "Chaffetz and Goodlatte", "some Democrats"),
        the entity the head is a mention of, or the person named in apposition ("the minister, Jane
        Doe,")."""
        if end > mention_range(head)[1] or self._coordination(start, end):  # a group: its own description
            if head.lower_.rstrip(".") in lexicon.NAME_TITLES:  # "Gov. and DNC Chairman Ed Rendell"
                named = self._name_inside(head, start, end)
                if named is not None:
                    return named
            named = self._roles_of_one(head)
            if named is not None:
                return named
            return Resolution(self.doc[start:end].text, None, "description"), "GROUP"
        m = self.mention_at(head)
        if m is not None and m.label not in PERSON_LABELS and self._quantified(head):
            return Resolution(self.doc[start:end].text, None, "description"), "GROUP"
        if m is not None:
            if m.label not in PERSON_LABELS and len(m.text.split()) == 1:
                c = self._person_by_surname(m.text)
                if c is not None:  # "Ostrova said", tagged as an organization, after "Helena Ostrova"
                    return Resolution(c.name, c.id, "named"), "PERSON"
            return self._named(m), m.label
        for child in head.children:  # "the minister, Jane Doe," / "Defense Secretary Ashton Carter"
            if child.dep_ in ("appos", "compound", "flat"):
                cm = self.mention_at(child)
                if cm is not None and cm.label in PERSON_LABELS and child.dep_ == "appos":
                    return self._named(cm), cm.label
        return None

    def _roles_of_one(self, head: Token) -> tuple[Resolution, str] | None:
        """The person named in apposition to a coordination of singular roles: "Conservative
        columnist and Fox News contributor George Will" is one man with two roles, not a group."""
        roles, k = [head], 0
        while k < len(roles):
            roles += [c for c in roles[k].children if c.dep_ == "conj"]
            k += 1
        if any(r.tag_ != "NN" for r in roles):
            return None  # "officials and Rep. Bob Goodlatte": several
        for r in roles:
            for child in r.children:
                cm = self.mention_at(child) if child.dep_ == "appos" else None
                if cm is not None and cm.label in PERSON_LABELS:
                    return self._named(cm), cm.label
        return None

    def _coordination(self, start: int, end: int) -> bool:
        """Whether ``doc[start:end]`` joins several ("Trump and other Republicans", parsed with
        "Trump and other" before the head): a conjunction outside any name ("Johnson & Johnson")."""
        return any(t.pos_ == "CCONJ" and self.mention_at(t) is None for t in self.doc[start:end])

    def _name_inside(self, head: Token, start: int, end: int) -> tuple[Resolution, str] | None:
        """A name the model missed or glued to other words: the one person of the article a
        capitalized head is the surname of ("Ostrova" that the tagger missed, "Helena Ostrova"
        before), or the one person named inside a title-case headline's speaker ("Elizabeth Warren
        Hammers Wells Fargo CEO")."""
        c = self._person_by_surname(head.text)
        if c is not None:
            return Resolution(c.name, c.id, "named"), "PERSON"
        inside = [self.mention_at(t) for t in self.doc[start:end]]
        people = {id(m): m for m in inside if m is not None and m.label in PERSON_LABELS}
        if len(people) == 1:
            m = next(iter(people.values()))
            return self._named(m), m.label
        return None

    def _person_by_surname(self, word: str) -> CanonicalEntity | None:
        """The one person of the article that ``word`` names (:func:`names.is_variant`), if there is
        exactly one."""
        found = self.people.owners(names.name_tokens(word))
        return found[0] if len(found) == 1 else None

    def _pronoun(self, tok: Token, low: str) -> tuple[Resolution, str]:
        number, gender = lexicon.PRONOUNS[low]
        if low == "we" and not self.quoted[tok.idx]:
            return Resolution(None, None, "unresolved"), ""  # the writer's "we" ("We asked readers")
        if number == "sg" and gender in ("m", "f"):
            return self._personal_pronoun(tok.idx, gender)
        if number == "sg" and gender == "n":
            found = self._it(tok)
            if found is not None:
                return found
        if number == "pl":
            found = self._plural_pronoun(tok)
            if found is not None:
                return found
        return Resolution(None, None, "unresolved"), ""

    def _it(self, tok: Token) -> tuple[Resolution, str] | None:
        """``it`` as a speaker: the organization or document that spoke last, in this sentence or
        the one before ("The staff letter urged ... . It said"), else the nearest organization in
        subject position there."""
        lo = self._sentence_before(tok.idx)
        for pos, name, eid, label in reversed(self.speakers):
            if pos < lo:
                break
            if pos < tok.idx and label in ("ORG", "THING"):
                return Resolution(name, eid, "pronoun"), label
        for m in self._backward(tok.idx, ("ORG",), tok.idx - lo):
            if self._is_subject(m):
                res = self._named(m)
                return Resolution(res.name, res.entity_id, "pronoun"), m.label
        return None

    def _personal_pronoun(self, char: int, gender: str) -> tuple[Resolution, str]:
        """``he``/``she`` at ``char``: the subject of a main verb just before it (this sentence or the
        one before); else the speaker named since the last name of that gender; else that name (a
        subject or a recent speaker first); else the recent speaker."""
        first = self._antecedent(char, gender)
        if first is not None and self._crowded(char, gender, first):
            return Resolution(None, None, "unresolved"), ""
        latest = next((sp for sp in reversed(self.speakers) if sp[0] < char), None)
        main = first is not None and first.start >= self._sentence_before(char) and self._main_subject(first)
        if (
            latest is not None
            and latest[3] in PERSON_LABELS
            and (first is None or (latest[0] > first.end and not main))
            and char - latest[0] <= WINDOW_CHARS
            and self.gender.get(latest[2] or "", gender) == gender
        ):  # "The mayor said ... . '...,' she said": the speaker named since the last name
            if latest[2]:
                self.gender.setdefault(latest[2], gender)
            return Resolution(latest[1], latest[2], "pronoun"), "PERSON"
        if first is None:
            recent = self._recent_speaker(char, PERSON_LABELS, WINDOW_CHARS)
            if recent is not None and self.gender.get(recent.entity_id or "", gender) == gender:
                return Resolution(recent.name, recent.entity_id, "pronoun"), "PERSON"
            return Resolution(None, None, "unresolved"), ""
        res = self._named(first)
        if res.entity_id:
            self.gender.setdefault(res.entity_id, gender)
        return Resolution(res.name, res.entity_id, "pronoun"), "PERSON"

    def _crowded(self, char: int, gender: str, first: Entity) -> bool:
        """Whether a pronoun is too open to guess: :data:`CROWD` people or more of its gender are
        named in its sentence and the one before, and none of them is a subject there that it would
        follow. "unresolved (he)" is better than a wrong name."""
        lo = self._sentence_before(char)
        if first.start >= lo and self._is_subject(first):
            return False
        people = set()
        for m in self._backward(char, PERSON_LABELS, char - lo):
            if m.entity_id and not self._plural(m):
                cid = self._canon(m.entity_id).id
                if self.gender.get(cid, gender) == gender:
                    people.add(cid)
        return len(people) >= CROWD

    def _antecedent(self, char: int, gender: str) -> Entity | None:
        """The person mention a pronoun of ``gender`` at ``char`` stands for (of no other gender):
        the nearest subject earlier in the pronoun's own sentence ("While Obama has cautioned ...,
        he has ordered"), else the nearest subject of a main verb in the sentence before, else the
        nearest in subject position or among the last speakers, else the nearest one."""
        first = near = None
        lo = self._sentence_before(char)
        own = self._sentence_start(char)
        for m in self._backward(char, PERSON_LABELS, WINDOW_CHARS):
            if not m.entity_id:
                continue
            cid = self._canon(m.entity_id).id
            g = self.gender.get(cid)
            if (g is not None and g != gender) or self._plural(m):
                continue
            if first is None:
                first = m
            if m.start >= own and self._is_subject(m):
                return m  # "While President Obama has cautioned ..., he has ordered"
            if m.start >= lo and self._main_subject(m):
                return m
            if near is None and (
                self._is_subject(m) or any(eid == cid for _, _, eid, _ in self.speakers[-3:])
            ):
                near = m
        return near or first

    def _sentence_start(self, char: int) -> int:
        """Where the sentence of the character ``char`` starts."""
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0].sent.start_char if span is not None else char

    def _sentence_before(self, char: int) -> int:
        """Where the sentence before the one at ``char`` starts, not counting the sentences of a
        quotation in between ("Levin dismissed ... . 'It was narrow. It was close,' he said")."""
        k = self.doc.char_span(char, char + 1, alignment_mode="expand")
        if k is None:
            return char
        sent = k[0].sent
        while sent.start > 0:
            sent = self.doc[sent.start - 1].sent
            inside = [t for t in sent if t.is_alpha]
            if not inside or not all(self.quoted[t.idx] for t in inside):
                break
        return sent.start_char

    def _plural_pronoun(self, tok: Token) -> tuple[Resolution, str] | None:
        """``they``/``we``: the nearest group named (a place only as a subject), else the nearest
        plural subject."""
        for m in self._backward(tok.idx, GROUP_LABELS, WINDOW_CHARS // 2):
            if m.label == "GPE" and not self._is_subject(m):
                continue
            res = self._named(m)
            return Resolution(res.name, res.entity_id, "pronoun"), m.label
        recent = self._plural_subject(tok)
        if recent is not None:
            return Resolution(recent, None, "pronoun"), "GROUP"
        return None

    def _plural_subject(self, tok: Token) -> str | None:
        """The nearest plural noun in subject position in this or the previous sentence."""
        sent = tok.sent
        lo = sent.start
        if lo > 0:
            lo = self.doc[lo - 1].sent.start
        for i in range(tok.i - 1, lo - 1, -1):
            t = self.doc[i]
            if t.dep_ in SUBJECT_DEPS and t.tag_ in ("NNS", "NNPS") and not self.quoted[t.idx]:
                return self.doc[t.left_edge.i : t.i + 1].text
        return None

    @staticmethod
    def _quantified(head: Token) -> bool:
        """A part of a group, not the group: "some Democrats", "Other Republicans", "many
        Democrats", "three Republicans", "Democrats involved in the negotiations"."""
        for c in head.children:
            if (
                c.dep_ in ("det", "amod", "nummod", "quantmod")
                and c.i < head.i
                and c.lower_ in GROUP_QUANTIFIERS
            ):
                return True
            if c.dep_ == "nummod" and c.i < head.i:
                return True
            if c.dep_ in ("acl", "relcl") and head.tag_ in ("NNS", "NNPS"):
                return True
        return False

    def _is_role(self, head: Token) -> bool:
        if head.tag_ != "NN" or head.lemma_.lower() not in lexicon.ROLE_NOUNS:
            return False
        return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that") for c in head.children)

    def _titles_of(self, m: Entity) -> set[str]:
        """The title words written with a mention: before it ("Sen.", "New Jersey Gov."), in
        apposition to it ("Jane Doe, the director,"), or it in apposition to one ("the director,
        Jane Doe,")."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return set()
        before = self.doc[span.root.left_edge.i : span.start]
        titles = {_title_word(t) for t in before} | {t.lower_ for t in before}
        titles |= {c.lemma_.lower() for c in span.root.children if c.dep_ == "appos"}
        if span.root.dep_ == "appos":  # "the director, Jane Doe," / "director Jane Doe" parsed so
            titles.add(span.root.head.lemma_.lower())
        return titles

    def _entity_titles(self, eid: str) -> set[str]:
        """The title words of every mention of an entity, read once."""
        found = self._titles.get(eid)
        if found is None:
            found = set()
            for m in self.mentions:
                if m.entity_id == eid and m.label in PERSON_LABELS:
                    found |= self._titles_of(m)
            self._titles[eid] = found
        return found

    def _role(self, head: Token) -> Resolution | None:
        role = head.lemma_.lower()
        char = head.idx
        gender = lexicon.ROLE_GENDER.get(head.lower_) or lexicon.ROLE_GENDER.get(role)
        # "The New Jersey governor" is a governor introduced with "New Jersey"
        places = {c.lower_ for c in head.lefts if c.pos_ == "PROPN"}
        subject = self._subject_of_role(char, role, gender, places)
        if subject is not None:
            return subject
        other_role: set[str] = set()  # people introduced with another role ("director Bong Joon Ho")
        for m in self._backward(char, PERSON_LABELS, ROLE_WINDOW_CHARS):
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            if gender and m.entity_id and self.gender.get(self._canon(m.entity_id).id, gender) != gender:
                continue
            # the titles of this mention and of every mention of its person ("Sen. Marco Rubio" first,
            # "Rubio" just before "the senator")
            titles = self._titles_of(m) | (self._entity_titles(m.entity_id) if m.entity_id else set())
            if role in titles and places <= titles:
                res = self._named(m)
                return Resolution(res.name, res.entity_id, "role")
            if m.entity_id and role in lexicon.OFFICE_ROLES and titles & lexicon.OFFICE_ROLES:
                other_role.add(self._canon(m.entity_id).id)  # "the mayor" is not "director Bong Joon Ho"
        if role in lexicon.OFFICE_ROLES:
            return None  # "the governor" is someone introduced as one, not whoever spoke last
        recent = self._recent_speaker(char, PERSON_LABELS, ROLE_WINDOW_CHARS)
        agrees = recent is not None and not (
            gender and self.gender.get(recent.entity_id or "", gender) != gender
        )
        if recent is not None and recent.entity_id not in other_role and agrees:
            return recent
        for m in self._backward(char, PERSON_LABELS, WINDOW_CHARS):
            if self._is_subject(m) and not (m.entity_id and self._canon(m.entity_id).id in other_role):
                res = self._named(m)
                return Resolution(res.name, res.entity_id, "role")
        return None

    def _subject_of_role(
        self, char: int, role: str, gender: str | None, places: set[str]
    ) -> Resolution | None:
        """The person an office named just after them stands for: the main subject of the sentence
        before ("Chris Christie learned he had been bumped ... . Sooner or later, the New Jersey
        governor told reporters"), when nothing known of them contradicts the office (another role,
        another gender, another place) and nobody just named holds it. Not a subject of the office's
        own sentence: there the writer would say "he" ("Sanders offered advice to Clinton, as the
        Democratic nominee looks to ...")."""
        if role not in lexicon.OFFICE_ROLES:
            return None
        lo = self._sentence_before(char)
        for m in self._backward(char, PERSON_LABELS, char - lo):
            if role in self._titles_of(m):
                return None  # "Hadi met Defense Minister Jane Cole. The minister said": Cole
        own = self._sentence_start(char)
        if lo < own and next(self._backward(own, PERSON_LABELS, own - lo), None) is None:
            lo = self._sentence_before(lo)  # past a sentence that names nobody ("Another crowd.")
        if any(t.lemma_.lower() == role for t in self.doc.char_span(lo, own, alignment_mode="expand") or ()):
            return None  # "Houchins had a question for the president. ... the president said"
        for m in self._backward(own, PERSON_LABELS, own - lo):
            if not m.entity_id or self._plural(m) or self._owner_of_subject(m) or not self._main_subject(m):
                continue  # "Mr. Trump's words may have affected the former president": not Trump
            cid = self._canon(m.entity_id).id
            if gender and self.gender.get(cid, gender) != gender:
                return None
            titles = self._titles_of(m) | self._entity_titles(m.entity_id)
            if (titles & lexicon.ROLE_NOUNS) - {role} or (role in titles and not places <= titles):
                return None
            res = self._named(m)
            return Resolution(res.name, res.entity_id, "role")
        return None

    def _owner_of_subject(self, m: Entity) -> bool:
        """Whether the mention only owns the subject ("Mr. Trump's words")."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and span.root.dep_ == "poss"
