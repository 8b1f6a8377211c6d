"""What every rule of attribution shares: the :class:`Candidate` a rule proposes (content, cue,
speaker, where it comes from), the character -> token index, and the small parse helpers (a cue's
range, a verb's subject, whether a word can speak, a mention's extent, token and character spans).
The rules themselves are in :mod:`direct` (quotations in marks, headlines and transcripts) and
:mod:`reported` (reported speech and its frames).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Token

from reader.core.model import QuoteKind
from reader.nlp.quotes import lexicon
from reader.nlp.tokens import token_arrays

MARK_CHARS = set("\"'“”‘’„«»`")
SOURCE_LABELS = ("PERSON", "ORG", "NORP", "GPE")
SHORT_WORDS = 3  # a quotation of at most this many words needs a reporting verb right beside it
TITLE_WORDS = 6  # a quotation of at most this many capitalized words inside a sentence is a title
NEAR_TOKENS = 10  # how far after a closing mark the reporting verb of "...," X said may be

# Where a candidate comes from: a quotation in marks, a hand rule (a reported "clause", "according"
# to X, a "headline" with a colon), or a frame of the parse (frames.py).
Origin = Literal["marks", "clause", "according", "headline", "frame", "tagger"]


@dataclass(slots=True)
class Candidate:
    start: int  # content characters
    end: int
    cue: tuple[int, int] | None  # token range of the cue
    cue_head: Token | None
    speaker: Token | None  # head token of the speaker mention
    origin: Origin
    kind: QuoteKind = "indirect"
    embedded: bool = False  # a quotation inside a sentence of the writer's (a partial quotation)
    pieces: tuple[tuple[int, int], ...] = ()  # content characters around an interrupting attribution
    frame: str = ""  # how the content hangs on the cue: "ccomp", "dobj", "aside", ... (see frames.py)


# --- small parse helpers ----------------------------------------------------------------------


def is_cue_verb(tok: Token, lemmas: frozenset[str]) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lemmas and tok.tag_ != "MD"


def cue_range(verb: Token) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries and particle ("has admitted", "pointed out")."""
    lo, hi = verb.i, verb.i + 1
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i:
            lo = min(lo, c.i)
        elif c.dep_ == "prt" and c.i == hi:
            hi += 1
    return lo, hi


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker token of a cue verb, following participles and conjoined verbs up."""
    own = _own_subject(verb)
    if own is not None:
        return own
    if depth >= 3 or verb.head.i == verb.i:
        return None
    up = _governing_verb(verb)
    if up is not None:
        return subject_of(up, depth + 1)
    head = verb.head
    if verb.dep_ == "acl" and head.pos_ in ("PROPN", "NOUN", "PRON"):
        return _noun_speaker(head)
    return None


def _own_subject(verb: Token) -> Token | None:
    """The verb's own subject, the agent of a passive, or its passive subject (not "it", "this")."""
    doc = verb.doc
    a = token_arrays(doc)
    deps, kids = a.deps, a.children(verb.i)  # (read from the arrays: no Token each)
    subjects = [doc[j] for j in kids if deps[j] == "nsubj"]
    if subjects:  # of two (a parse run over a line: "1:50 p.m.\n\nPacheco said"), the one that can speak
        return next((c for c in reversed(subjects) if can_speak(c)), subjects[0])
    for j in kids:
        if deps[j] == "agent":
            for p in a.children(j):
                if deps[p] == "pobj":
                    return doc[p]
    for j in kids:
        if deps[j] == "nsubjpass" and doc[j].lower_ not in lexicon.PASSIVE_PLACEHOLDERS:
            return doc[j]
    return None


def _governing_verb(verb: Token) -> Token | None:
    """The verb whose subject a subjectless verb shares: the verb it is conjoined to, the verb a
    participle or infinitive depends on, the verb of ``by saying``."""
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return head
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and head.dep_ == "ccomp"
        and head.head.lemma_.lower() in lexicon.SPEECH_VERBS
        and verb.doc[verb.left_edge.i - 1].text == ","
    ):  # "X said that Y ..., citing Z": the participle is X's, not Y's
        return head.head
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ in ("VBG", "VB", "VBN"):
        return head
    if verb.dep_ == "pcomp" and head.head.i != head.i:  # "began by saying"
        return head.head
    return None


def _noun_speaker(noun: Token) -> Token | None:
    """The speaker of a participle modifying ``noun`` ("officials saying ..."): the noun, or the
    possessor of a noun of saying ("his statement saying ...")."""
    if noun.lemma_.lower() in lexicon.SPEECH_NOUNS:
        for c in noun.children:
            if c.dep_ == "poss":
                return c
        return None
    return noun


_AGENT_SUFFIXES = ("ist", "ian", "eer", "er", "or", "ee", "ess", "ers", "ors", "ists", "ians", "ees", "esses")
SPEAKING_NOUNS = lexicon.ROLE_NOUNS | lexicon.PEOPLE_NOUNS | lexicon.GROUP_NOUNS | lexicon.DOCUMENT_NOUNS


def can_speak(tok: Token) -> bool:
    """Whether the head of a speaker mention can be a source: anything but a common noun (a name,
    a pronoun, "two", "the 45-year-old") or a time, and of common nouns those of people, groups,
    roles or documents (``lexicon``) and agent nouns ("-er", "-ist", "-ian", "-ee")."""
    if tok.ent_type_ in SOURCE_LABELS:
        return True
    if tok.ent_type_ == "TIME" or tok.is_punct or not any(ch.isalnum() for ch in tok.text):
        return False
    if tok.pos_ != "NOUN" or tok.lower_ in lexicon.RELATIVES:
        return True
    if tok.is_title and tok.i > tok.sent.start and not tok.doc[tok.i - 1].is_punct:
        return True  # a capitalized noun inside a sentence: a name the tagger took for a noun
    low, lemma = tok.lower_, tok.lemma_.lower()
    if lemma in SPEAKING_NOUNS or low in SPEAKING_NOUNS:
        return True
    if low.endswith(("ent", "ents")) and not low.endswith(("ment", "ments")):
        return True  # "proponents", "residents", "the incumbent"
    return len(low) > 4 and low.endswith(_AGENT_SUFFIXES)


def mention_range(tok: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``tok`` (left modifiers only: no relative clause,
    apposition or prepositional phrase)."""
    lo, hi = tok.i, tok.i + 1
    for c in tok.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "flat", "npadvmod"):
            lo = min(lo, c.left_edge.i)
    for c in tok.rights:
        if c.dep_ in ("compound", "flat") and c.i == hi:
            hi = c.right_edge.i + 1
    doc = tok.doc
    if tok.ent_type_:  # keep a whole entity: "Ashton Carter" even when parsed oddly
        while lo > 0 and doc[lo].ent_iob_ == "I" and doc[lo - 1].ent_type_ == tok.ent_type_:
            lo -= 1
        while hi < len(doc) and doc[hi].ent_iob_ == "I":
            hi += 1
    for i in range(tok.i - 1, lo - 1, -1):  # never across quotation marks: '“Parasite” director'
        if doc[i].text in MARK_CHARS or "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            lo = i + 1  # nor across a line break (a headline above the first paragraph)
            break
    for i in range(tok.i, hi - 1):
        if "\n" in doc[i].whitespace_ or "\n" in doc[i + 1].text:
            hi = i + 1
            break
    while lo < hi - 1 and (doc[lo].is_punct or doc[lo].text in MARK_CHARS):
        lo += 1
    return lo, hi


def trim_tokens(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi) without the punctuation and spaces at either end (quotation marks stay)."""
    a = token_arrays(doc)
    punct, space, texts = a.is_punct, a.is_space, a.texts
    while lo < hi and (punct[lo] or space[lo]) and texts[lo] not in MARK_CHARS:
        lo += 1
    while hi > lo and (punct[hi - 1] or space[hi - 1]) and texts[hi - 1] not in MARK_CHARS:
        hi -= 1
    return lo, hi


def token_chars(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    a = token_arrays(doc)
    return a.idx[lo], a.end[hi - 1]


class TokenIndex:
    """Character -> token lookups (a binary search over the token starts)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        arrays = token_arrays(doc)
        self.starts = arrays.idx
        self.ends = arrays.end

    def token_at(self, char: int) -> int:
        """The token containing ``char``, or the next one when ``char`` is a space between tokens."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i < 0:
            return 0
        if char >= self.ends[i] and i + 1 < len(self.starts):
            return i + 1
        return i
