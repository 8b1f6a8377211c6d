"""Cues, speakers and reported content from the dependency parse.

Two sources of candidates, both linear in the Doc:

- :func:`direct_candidates`: every quotation found by :mod:`marks` that stands as speech (it opens a
  sentence, follows ``:`` or ``,``, or is governed by a reporting verb) gets its cue from the parse
  (the reporting verb governing the quoted words), else from a reporting verb right after the close
  (``"...," Carter told reporters``) or right before the open (``Carter said: "..."``); quotations
  continued after an interrupting attribution or in the next paragraph are merged into one. Short
  quoted words with no reporting context (scare quotes, titles) are not candidates.
- :func:`indirect_candidates`: every reporting verb of the lexicon with a reported clause (``ccomp``;
  an infinitive for promise-like verbs; the object of a stance verb with its complements),
  adjectives and nouns of stance (``is skeptical of X``, ``Stone's promise to X``), ``according to
  X`` and ``In the poll, ...`` with the clause they modify, and an attribution set inside its clause
  (``Y, X said, Z``; ``..., as police said``). The content is the clause without its
  complementizer and without a trailing aside of the writer's (after ``;``, or after a comma a
  participle or a ``which``/``although`` clause). What a verb reports is found by its frames
  (:data:`RULE_FRAMES`: a clause, an infinitive, an object, a prepositional object ...), each a
  small function tried for the verbs of one lexicon family, in order.

The speaker of a cue is its subject (``nsubj``), the agent of a passive, the subject of the verb a
participle or a conjoined verb depends on (``..., warning that``), or the object of ``according to``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.tokens import Doc, Token

from reader.core.model import QuoteKind
from reader.nlp.quotes import lexicon
from reader.nlp.quotes.marks import Marked
from reader.nlp.tokens import token_arrays

_OPEN_CONTEXT = set(":,;.!?…—–-([") | {"", "\n"}
_MARK_CHARS = set("\"'“”‘’„«»`")
_STRIP_LEAD = frozenset(["that"])
_SOURCE_LABELS = ("PERSON", "ORG", "NORP", "GPE")
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
    if tok.ent_type_ in _SOURCE_LABELS:
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
        if doc[i].text in _MARK_CHARS or "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            lo = i + 1  # nor across a line break (a headline above the first paragraph)
            break
    for i in range(tok.i, hi - 1):
        if "\n" in doc[i].whitespace_ or "\n" in doc[i + 1].text:
            hi = i + 1
            break
    while lo < hi - 1 and (doc[lo].is_punct or doc[lo].text in _MARK_CHARS):
        lo += 1
    return lo, hi


def trim_tokens(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi) without the punctuation and spaces at either end (quotation marks stay)."""
    a = token_arrays(doc)
    punct, space, texts = a.is_punct, a.is_space, a.texts
    while lo < hi and (punct[lo] or space[lo]) and texts[lo] not in _MARK_CHARS:
        lo += 1
    while hi > lo and (punct[hi - 1] or space[hi - 1]) and texts[hi - 1] not in _MARK_CHARS:
        hi -= 1
    return lo, hi


def token_chars(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    a = token_arrays(doc)
    return a.idx[lo], a.end[hi - 1]


# --- direct quotations ------------------------------------------------------------------------


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


def _reporting_head(
    doc: Doc, lo: int, hi: int, lemmas: frozenset[str], bounds: tuple[int, int], steps: int = 3
) -> Token | None:
    """A reporting verb outside tokens [lo, hi) that governs one of them (within ``steps`` heads),
    inside the character ``bounds`` (the paragraph of the quotation: a parse may run over a break)."""
    for i in range(lo, hi):
        t = doc[i]
        h = t.head
        if lo <= h.i < hi or h is t:
            continue
        for _ in range(steps):
            if not bounds[0] <= h.idx < bounds[1]:
                break
            if is_cue_verb(h, lemmas):
                return h
            if h.head.i == h.i:
                break
            h = h.head
    return None


def _verb_after(doc: Doc, start: int, quoted: bytearray, any_verb: bool) -> Token | None:
    """The reporting verb of ``"...," X said``: within a few tokens after the closing mark, before
    the end of the sentence or the line; with ``any_verb`` the first verb with a subject will do
    (``"Go back," Trump barked``)."""
    for i in range(start, min(len(doc), start + NEAR_TOKENS)):
        t = doc[i]
        if quoted[t.idx] or "\n" in t.text or (t.text in (".", "!", "?", ";") and i > start):
            return None
        if is_cue_verb(t, lexicon.SPEECH_VERBS):
            return t
        if any_verb and t.pos_ == "VERB" and i - start <= 5 and subject_of(t) is not None:
            return t
    return None


def _verb_before(doc: Doc, sent_start: int, end: int, quoted: bytearray) -> Token | None:
    colon = end > 0 and doc[end - 1].text == ":"
    for i in range(end - 1, sent_start - 1, -1):
        t = doc[i]
        if quoted[t.idx] or ("\n" in t.text and i < end - 1):
            return None
        if is_cue_verb(t, lexicon.SPEECH_VERBS):
            return t
        if colon and t.pos_ == "VERB":
            subj = subject_of(t)
            if subj is not None and subj.lower_ not in lexicon.NON_SOURCES:
                return t
    return None


@dataclass(slots=True)
class _Quotation:
    """A quotation and the places its attribution is looked for around it."""

    m: Marked
    lo: int  # tokens of the quoted words
    hi: int
    words: int
    open_tok: int  # the tokens of the opening and of the closing mark
    close_tok: int
    prev_char: str  # the character before the opening mark (see _char_before)
    standalone: bool  # the quotation stands as speech, not as words inside a sentence of the writer's
    line_start: int  # characters of the paragraph of the quotation
    bounds: tuple[int, int]


def direct_candidates(
    doc: Doc, text: str, marked: list[Marked], quoted: bytearray, index: TokenIndex
) -> list[Candidate]:
    """Direct quotes (``text`` is ``doc.text``, which spaCy rebuilds on every access)."""
    out: list[Candidate] = []
    for m in _split_turns(text, marked):
        q = _quotation(doc, text, m, index)
        c = None if q is None else _direct_candidate(doc, text, q, quoted, index)
        if c is not None:
            out.append(c)
    return _merge_continued(text, out)


def _char_before(text: str, open_mark: int) -> str:
    """The character before an opening mark past spaces ("" at the start); ``:`` for a quotation
    that opens the paragraph after one ("Cruz continued:\n\n“...”")."""
    k = open_mark - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    prev_char = text[k] if k >= 0 else ""
    if prev_char == "\n":  # "Cruz continued:\n\n“...”": the colon ending the paragraph before
        k2 = k
        while k2 >= 0 and text[k2].isspace():
            k2 -= 1
        if k2 >= 0 and text[k2] == ":" and open_mark - k2 < 8:
            prev_char = ":"
    return prev_char


def _quotation(doc: Doc, text: str, m: Marked, index: TokenIndex) -> _Quotation | None:
    lo = index.token_at(m.start)
    hi = index.token_at(m.end - 1) + 1
    if hi <= lo:
        return None
    words = sum(1 for i in range(lo, hi) if not doc[i].is_punct)
    prev_char = _char_before(text, m.open_mark)
    standalone = prev_char in _OPEN_CONTEXT or prev_char in _MARK_CHARS
    open_tok = index.token_at(m.open_mark)
    close_tok = index.token_at(max(m.close_end - 1, 0))
    if not standalone and open_tok > 0 and is_cue_verb(doc[open_tok - 1], lexicon.SPEECH_VERBS):
        standalone = True
    line_start = text.rfind("\n", 0, m.open_mark) + 1
    line_end = text.find("\n", m.close_end)
    bounds = (line_start, len(text) if line_end < 0 else line_end)
    return _Quotation(m, lo, hi, words, open_tok, close_tok, prev_char, standalone, line_start, bounds)


def _direct_candidate(
    doc: Doc, text: str, q: _Quotation, quoted: bytearray, index: TokenIndex
) -> Candidate | None:
    cue, speaker, rng_credit = _attribution(doc, text, q, quoted)
    if not _stands_as_speech(doc, text, q, cue):
        return None
    rng: tuple[int, int] | None
    if cue is not None:
        speaker = _cue_speaker(doc, cue, quoted)
        rng = cue_range(cue)
    elif rng_credit is not None:
        rng = rng_credit
    else:
        rng = (q.open_tok - 1, q.open_tok) if speaker is not None else None
    start = q.m.start
    label = _TRANSCRIPT_LABEL.match(text, q.m.start, q.m.end) if q.standalone else None
    if label is not None and (speaker is None or cue is None):
        # a transcript turn quoted whole ("“WALLACE: Let's start ...”"): the label speaks
        colon = index.token_at(label.start(1))
        if doc[colon].text == ":" and colon > q.lo:
            speaker, cue, rng = doc[colon - 1], None, (colon, colon + 1)
            start = label.end()
    return Candidate(start, q.m.end, rng, cue, speaker, "marks", "direct", not q.standalone)


def _attribution(
    doc: Doc, text: str, q: _Quotation, quoted: bytearray
) -> tuple[Token | None, Token | None, tuple[int, int] | None]:
    """The cue verb of a quotation, or its speaker with no verb (a name before a colon, a credit
    line), and the token range of a credit's dash."""
    # "Polls agree - Jane Doe: “...”": the name credited before the colon
    if q.prev_char == ":" and q.open_tok > 0:
        speaker = _dash_name(doc, q.open_tok - 1)
        if speaker is not None:
            return None, speaker, None
    speaker = None
    cue = _reporting_head(doc, q.lo, q.hi, lexicon.SPEECH_VERBS, q.bounds)
    if cue is None and q.standalone:
        cue, speaker = _attribution_beside(doc, text, q, quoted)
    if cue is None and speaker is None and q.m.closed:
        credit = _credit_after(doc, q.close_tok + 1)
        if credit is not None:  # '“...” ― Jane Doe': a digest's credit line
            speaker, cue_tok = credit
            return None, speaker, (cue_tok, cue_tok + 1)
    return cue, speaker, None


def _attribution_beside(
    doc: Doc, text: str, q: _Quotation, quoted: bytearray
) -> tuple[Token | None, Token | None]:
    """The reporting verb right after the closing mark or right before the opening one; after a
    colon ending the paragraph before, its verb or the name that makes up its line."""
    m = q.m
    speech_end = text[m.end - 1] in ",?!—-" if m.end > m.start else False
    cue = _verb_after(doc, q.close_tok + 1, quoted, speech_end) if m.closed else None
    if cue is None:
        cue = _verb_before(doc, doc[q.open_tok].sent.start, q.open_tok, quoted)
    if cue is not None or q.prev_char != ":" or q.open_tok <= 0:
        return cue, None
    p = q.open_tok - 1
    while p > 0 and doc[p].is_space:
        p -= 1
    prev = doc[p]  # "He added:\n\n“...”": the verb of the sentence before
    cue = _verb_before(doc, prev.sent.start, prev.i + 1, quoted)
    if cue is None:  # "Rep. Jane Doe: “...”" (a transcript)
        return None, _name_before_colon(doc, prev.i, q.line_start)
    return cue, None


def _stands_as_speech(doc: Doc, text: str, q: _Quotation, cue: Token | None) -> bool:
    """Whether a quotation is a candidate: not a title, a scare quote or a short phrase without a
    reporting verb beside it (a partial quotation is kept only inside reported speech)."""
    m, words, standalone = q.m, q.words, q.standalone
    if m.closed and _BYLINE.match(text, m.close_end):
        return False  # '“Trump's plan, explained,” by Jane Doe': the title of a piece, credited
    if not standalone and words <= TITLE_WORDS and title_case(doc, q.lo, q.hi):
        return False  # a title or a name in marks: 'on CBS's "Face the Nation," Ryan said'
    if not standalone and (cue is None or words < 2):
        return False  # a scare quote, a title or a partial quotation (kept only inside reported speech)
    if not standalone and words <= SHORT_WORDS and q.open_tok > 0 and doc[q.open_tok - 1].pos_ == "ADP":
        return False  # a title after a preposition: 'Pence said on “Fox News Sunday,”'
    ends_speech = text[m.end - 1] in ".,!?…-—" if m.end > m.start else False
    if words <= SHORT_WORDS and not ends_speech and (cue is None or not standalone):
        return False
    return not (cue is None and words <= SHORT_WORDS)


def _cue_speaker(doc: Doc, cue: Token, quoted: bytearray) -> Token | None:
    """The speaker of a quotation's cue verb: its subject, else the noun beside it; never a word of
    the quotation itself, and only one that can speak."""
    speaker = subject_of(cue)
    if speaker is None or quoted[speaker.idx]:  # never a word of the quotation itself
        speaker = adjacent_noun(doc, cue, quoted)
    if speaker is not None and (not can_speak(speaker) or quoted[speaker.idx]):
        speaker = None
    return speaker


_BYLINE = re.compile(r",?[ \t]*by[ \t]+[A-Z]")


def title_case(doc: Doc, lo: int, hi: int) -> bool:
    """Whether the words of tokens [lo, hi) are capitalized like a title ("Face the Nation")."""
    seen = False
    for i in range(lo, hi):
        t = doc[i]
        if not t.is_alpha:
            continue
        if t.text[0].islower() and not (seen and t.lower_ in lexicon.TITLE_SMALL_WORDS):
            return False
        seen = True
    return seen


def _split_turns(text: str, marked: list[Marked]) -> list[Marked]:
    """A quoted transcript running over paragraphs is one quotation per speaker turn: a new piece
    starts at each paragraph that opens with a speaker label ("WALLACE: ...")."""
    out: list[Marked] = []
    for m in marked:
        if len(m.pieces) < 2 or not any(_TRANSCRIPT_LABEL.match(text, s, e) for s, e in m.pieces[1:]):
            out.append(m)
            continue
        group: list[tuple[int, int]] = []
        opening = m.open_mark
        for s, e in m.pieces:
            if group and _TRANSCRIPT_LABEL.match(text, s, e):
                out.append(Marked(tuple(group), opening, group[-1][1], True))
                group, opening = [], max(s - 1, 0)
            group.append((s, e))
        out.append(Marked(tuple(group), opening, m.close_end, m.closed))
    return out


def adjacent_noun(doc: Doc, cue: Token, quoted: bytearray) -> Token | None:
    """When the parse gives a cue no subject: the noun phrase right after it ("said a person close
    to the Clintons"; not after "told", whose object is the listener) or right before it, past an
    apposition ("Jane Doe, 58, told AFP", "her adviser, Jake Sullivan, said")."""
    if cue.lemma_.lower() not in lexicon.ADDRESSEE_VERBS:
        for i in range(cue.i + 1, min(len(doc), cue.i + 5)):
            t = doc[i]
            if quoted[t.idx] or t.is_punct or t.pos_ == "ADP" or t.ent_type_ in ("DATE", "TIME"):
                break
            if t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ not in ("compound", "poss", "npadvmod"):
                return t
    i = cue.i - 1
    while i >= 0 and doc[i].dep_ in ("aux", "auxpass", "advmod", "neg"):
        i -= 1
    if i >= 0 and not quoted[doc[i].idx] and doc[i].pos_ in ("PROPN", "NOUN", "PRON"):
        return doc[i]
    if i >= 0 and doc[i].text == ",":
        noun = None  # a name first ("Trump, the front-runner, said"), else a noun that can speak
        for j in range(i - 1, max(-1, i - 7), -1):
            t = doc[j]
            if quoted[t.idx] or "\n" in t.text or t.text in _MARK_CHARS:
                break
            if t.pos_ == "PROPN":
                return t
            if noun is None and t.pos_ == "NOUN" and can_speak(t):
                noun = t
        return noun
    return None


_DASHES = frozenset(["-", "--", "—", "–", "―"])


def _dash_name(doc: Doc, colon: int) -> Token | None:
    """The name between a dash and ``colon`` ("... - Carl Bialik:"), the way digests credit a quote."""
    if doc[colon].text != ":":
        return None
    lo = colon
    while lo > 0 and colon - lo < 5 and (doc[lo - 1].pos_ == "PROPN" or doc[lo - 1].text == "."):
        lo -= 1
    if lo == colon or lo == 0 or doc[lo - 1].text not in _DASHES:
        return None
    return doc[lo:colon].root


def _credit_after(doc: Doc, i: int) -> tuple[Token, int] | None:
    """The name credited by a dash right after a quotation ('“...” ― Jane Doe'), ending its line:
    (head of the name, index of the dash)."""
    while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += 1
    if i >= len(doc) or doc[i].text not in _DASHES:
        return None
    dash, j = i, i + 1
    while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
        j += 1  # "―\u00a0Jane Doe": a no-break space after the dash is a token of its own
    first = j
    while (
        j < len(doc) and j - first <= 5 and (doc[j].pos_ == "PROPN" or doc[j].is_title or doc[j].text == ".")
    ):
        if "\n" in doc[j].text or ("\n" in doc[j - 1].whitespace_ and j > first):
            break
        j += 1
    name = doc[first:j]
    while len(name) and name[-1].text == ".":
        name = name[:-1]
    if not len(name) or not any(t.pos_ == "PROPN" for t in name):
        return None
    end = name[-1].i + 1
    if end < len(doc) and not (doc[end].is_space or doc[end].is_punct or "\n" in doc[end - 1].whitespace_):
        return None  # the name must end its line or sentence
    return name.root, dash


def _name_before_colon(doc: Doc, colon: int, line_start: int) -> Token | None:
    """The head of a short name that makes up the line before ``colon`` ("Sen. Jane Doe (D-Ill.):")."""
    if doc[colon].text != ":":
        return None
    lo = colon
    while lo > 0 and doc[lo - 1].idx >= line_start:
        lo -= 1
    span = doc[lo:colon]
    if not 0 < len(span) <= 8:
        return None
    root = span.root
    if root.ent_type_ in _SOURCE_LABELS or root.pos_ == "PROPN":
        return root
    return None


def _merge_continued(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Joins the parts of one quotation: parts sharing a cue (interrupted by it) and parts with no
    cue that follow a quoted part in the same or the next paragraph."""
    out: list[Candidate] = []
    for c in cands:
        if out:
            p = out[-1]
            gap = text[p.end : c.start]
            paragraphs = gap.count("\n\n") + (1 if "\n" in gap and "\n\n" not in gap else 0)
            same_cue = (
                c.cue_head is not None
                and p.cue_head is not None
                and c.cue_head.i == p.cue_head.i
                and not (c.embedded or p.embedded)
            )
            follows = c.cue_head is None and p.cue_head is not None and paragraphs <= 1 and len(gap) < 300
            if same_cue or follows:
                pieces = (p.pieces or ((p.start, p.end),)) + (c.pieces or ((c.start, c.end),))
                out[-1] = Candidate(
                    p.start, c.end, p.cue, p.cue_head, p.speaker, p.origin, p.kind, p.embedded, pieces
                )
                continue
        out.append(c)
    return out


# --- reported speech --------------------------------------------------------------------------


def within_line(doc: Doc, tok: Token, lo: int, hi: int) -> tuple[int, int]:
    """Clips the token range [lo, hi) to the line of ``tok`` (a parse may run over a line break:
    the last break-holding token before ``tok``, the first from ``tok`` on)."""
    a = token_arrays(doc)
    i = tok.i
    before = a.last_break(lo, i)
    if before >= 0:
        lo = before + 1
    after = a.first_break(i, hi)
    if after >= 0:
        hi = after
    return trim_tokens(doc, lo, hi)


_TAIL_DEPS = ("advcl", "relcl", "acl", "conj", "npadvmod", "appos")


def cut_tail(doc: Doc, lo: int, hi: int, keep: int) -> int:
    """The end of a reported content without its tail: the part after ``;`` and, after a comma, a
    trailing participle or a clause opened by ``which``, ``although``, ``while`` ... ("said X,
    arguing that Y", "praised the plan, which includes ..."). ``keep`` is the content's first head,
    which is never cut."""
    texts = token_arrays(doc).texts
    for i in range(lo + 1, hi):
        if texts[i] == ";":
            return i
        if texts[i] != "," or i + 1 >= hi:
            continue
        nxt = doc[i + 1]
        root = nxt
        while root.head.i != root.i and root.head.i < hi and root.head.left_edge.i > i:
            root = root.head
        if root.i == keep or root.right_edge.i < hi - 1:
            continue
        if i + 3 < hi and doc[i + 2].lower_ == "of" and doc[i + 3].lower_ in lexicon.OF_RELATIVES:
            return i  # ", details of which ...", ", some of whom ...": a relative aside
        if root.dep_ in _TAIL_DEPS and (
            root.tag_ == "VBG" or nxt.lower_ in lexicon.TAIL_OPENERS or root.dep_ in ("appos", "relcl")
        ):
            return i
    return hi


def clause_range(doc: Doc, child: Token) -> tuple[int, int]:
    lo, hi = child.left_edge.i, child.right_edge.i + 1
    while lo < hi and doc[lo].lower_ in _STRIP_LEAD and doc[lo].dep_ == "mark":
        lo += 1
    return trim_tokens(doc, lo, hi)


_COMPLEMENT_DEPS = ("prep", "xcomp", "oprd", "dative", "ccomp")


def complements(verb: Token, obj: Token) -> Token | None:
    """The last complement of ``verb`` that continues its object without a break ("compares his
    struggles to those of X", "called on Trump to stop", "attacked them on stage for accepting")."""
    end, last = obj.right_edge.i, None
    for o in verb.rights:
        if o.i <= obj.i:
            continue
        if o.left_edge.i != end + 1 or o.dep_ not in _COMPLEMENT_DEPS or o.ent_type_ in ("DATE", "TIME"):
            break
        if any(t.ent_type_ in ("DATE", "TIME") for t in o.subtree if t.dep_ == "pobj"):
            break
        last, end = o, o.right_edge.i
    return last


# --- the frames of reported speech ---------------------------------------------------------
#
# A frame finds the reported content of a cue verb by one construction: (first head, last head or
# None, end of the cue), where the content runs from the first head's left edge to the last head's
# right edge (a clause without its complementizer when there is no last head). It returns None when
# the verb does not have that frame, and NO_CONTENT when it has it but governs no reported content
# ("released a statement"), which ends the search.

Content = tuple[Token, Token | None, int]
NO_CONTENT: Literal[False] = False
RuleFrame = Callable[[Token, str, list[Token]], "Content | Literal[False] | None"]


def _clause_frame(tok: Token, lemma: str, children: list[Token]) -> Content | None:
    """``said that X``, ``believes X``: a reported clause (``ccomp``); of a verb of promising or
    wanting, the infinitive before it ("promising to lift X ― what Y want")."""
    c = next((c for c in children if c.dep_ == "ccomp"), None)
    if c is None:
        return None
    if lemma in lexicon.INFINITIVE_VERBS:
        xcomp = next((x for x in children if x.dep_ == "xcomp" and tok.i < x.i < c.i), None)
        if xcomp is not None:
            return xcomp, None, tok.i + 1
    return c, None, tok.i + 1


def _hung_clause_frame(tok: Token, lemma: str, children: list[Token]) -> Content | None:
    """A that-clause of a verb of saying that the parse hung elsewhere: on a noun of the verb's
    prepositional phrase ("said on Friday during a news conference that he ...") or on the verb as
    an adverbial ("tweeted in the early hours that X was ...")."""
    for c in children:
        if c.dep_ == "prep" and c.i > tok.i:
            clause = _that_clause_in(c)
            if clause is not None:
                return clause, None, tok.i + 1
        if c.dep_ == "advcl" and c.i > tok.i and c.left_edge.lower_ == "that" and c.left_edge.i > tok.i + 1:
            return c, None, tok.i + 1
    return None


def _that_clause_in(prep: Token) -> Token | None:
    """A that-clause hung on the object of ``prep`` (``relcl`` or ``acl`` opened by ``that``)."""
    for o in prep.children:
        for r in o.children if o.dep_ == "pobj" else ():
            first = r.left_edge
            if r.dep_ in ("relcl", "acl") and first.dep_ == "mark" and first.lower_ == "that":
                return r
    return None


def _infinitive_frame(tok: Token, lemma: str, children: list[Token]) -> Content | None:
    """``vowed to fight``, ``urged them to leave``, ``wants to run``: the infinitive (``xcomp``)."""
    c = next((c for c in children if c.dep_ == "xcomp" and c.i > tok.i), None)
    return None if c is None else (c, None, tok.i + 1)


def _stance_object_frame(tok: Token, lemma: str, children: list[Token]) -> Content | Literal[False] | None:
    """``Trump endorsed Cruz``, ``called Cruz a liar``, ``accused Clinton of lying``: the object with
    its complements; nothing when a verb of publishing publishes a carrier ("released a statement":
    what it says comes elsewhere)."""
    c = next((c for c in children if c.dep_ == "dobj" and c.i > tok.i), None)
    if c is None:
        return None
    if lemma in lexicon.PUBLISH and c.lemma_.lower() in lexicon.CARRIER_NOUNS:
        return NO_CONTENT
    last = None
    for o in children:
        if o.dep_ in ("oprd", "xcomp") and o.i > c.i:  # "called Cruz a liar"
            last = o
        elif o.dep_ == "prep" and o.i == c.right_edge.i + 1 and o.lower_ in lexicon.STANCE_OBJECT_PREPS:
            last = o  # "accused Clinton of lying", "described him as a liar"
    last = complements(tok, c) or last
    return c, last, tok.i + 1


def _noun_object_frame(tok: Token, lemma: str, children: list[Token]) -> Content | None:
    """``McCain says the populist movement [is ...]`` (a clause parsed as an object), ``Palestinians
    want East Jerusalem``: a noun object."""
    c = next((c for c in children if c.dep_ == "dobj" and c.i > tok.i and c.pos_ in ("NOUN", "PROPN")), None)
    return None if c is None else (c, None, tok.i + 1)


def _see_as_frame(tok: Token, lemma: str, children: list[Token]) -> Content | None:
    """``voters see Clinton as the stronger candidate``: the object and its ``as`` phrase."""
    obj = next((c for c in children if c.dep_ == "dobj" and c.i > tok.i), None)
    as_ = next((c for c in children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if obj is not None and as_ is not None and as_.i > obj.i:
        return obj, as_, tok.i + 1
    return None


def _prep_object_frame(tok: Token, lemma: str, children: list[Token]) -> Content | None:
    """``called for a ban``, ``referred to the US as the Great Satan``, ``calling for the US to
    act``: the object of the verb's preposition (``lexicon.PREP_VERBS``), the cue ending with it."""
    preps = lexicon.PREP_VERBS.get(lemma)
    if not preps:
        return None
    for c in children:
        if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i:
            found = _prep_object(tok, c, children)
            if found is not None:
                return found
        if c.dep_ == "advcl" and c.i > tok.i and c.left_edge.lower_ in preps:
            first = c.doc[c.left_edge.i + 1]  # "calling for the US to act": the clause after "for"
            return first, c, c.left_edge.i + 1
    return None


def _prep_object(tok: Token, prep: Token, children: list[Token]) -> Content | None:
    for o in prep.children:
        if o.dep_ in ("pobj", "pcomp") and o.ent_type_ not in ("DATE", "TIME"):
            as_ = next((a for a in children if a.dep_ == "prep" and a.lower_ == "as" and a.i > o.i), None)
            as_ = complements(tok, prep) or as_
            return o, as_, prep.i + 1  # "referred to the US as the Great Satan"
    return None


# The frames of reported speech in the order they are tried: name -> (the lexicon family of the
# verbs that have the frame, the frame). The first frame that answers decides.
RULE_FRAMES: dict[str, tuple[Collection[str], RuleFrame]] = {
    "clause": (lexicon.CLAUSE_VERBS, _clause_frame),
    "hung_clause": (lexicon.SPEECH_VERBS, _hung_clause_frame),
    "to_infinitive": (lexicon.INFINITIVE_VERBS, _infinitive_frame),
    "stance_object": (lexicon.STANCE, _stance_object_frame),
    "say_object": (lexicon.SAY_OBJECT, _noun_object_frame),
    "see_as": (lexicon.SEE_AS, _see_as_frame),
    "want_object": (lexicon.WANT_OBJECT, _noun_object_frame),
    "prep_object": (lexicon.PREP_VERBS, _prep_object_frame),
}


def _content_child(tok: Token, lemma: str) -> tuple[Token, Token | None, int] | None:
    """The reported content of a cue verb: (first head, last head or None, end of the cue), by the
    first of its frames (:data:`RULE_FRAMES`) that answers."""
    children = list(tok.children)
    for verbs, frame in RULE_FRAMES.values():
        if lemma in verbs:
            found = frame(tok, lemma, children)
            if found is not None:
                return None if found is NO_CONTENT else found
    return None


# --- reported-speech candidates --------------------------------------------------------------


def indirect_candidates(doc: Doc, quoted: bytearray) -> list[Candidate]:
    out: list[Candidate] = []
    for i in _possible_cues(doc, quoted):
        c = _reported_at(doc, doc[i], quoted)
        if c is not None:
            out.append(c)
    return out


def _possible_cues(doc: Doc, quoted: bytearray) -> list[int]:
    """The tokens :func:`_reported_at` may make a cue of, read from the Doc's arrays: ``according``,
    and outside quotation marks ``in``, the nouns and adjectives of the lexicon's frames and the verbs
    of any frame of :data:`RULE_FRAMES` or of an aside. Every other token gives no candidate."""
    if not len(doc):
        return []
    a = token_arrays(doc)
    strings = doc.vocab.strings
    lemma, lower = doc.to_array(LEMMA), doc.to_array(LOWER)

    def having(arr: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
        keys = [k for k in np.unique(arr).tolist() if test(strings[k])]
        return np.isin(arr, np.asarray(keys, dtype=arr.dtype))

    verbs: set[str] = set(lexicon.SPEECH_VERBS) | lexicon.CLAUSE_VERBS | lexicon.RAISING_PASSIVE
    for family, _frame in RULE_FRAMES.values():
        verbs.update(family)
    pos = a.pos
    noun_lemma = having(
        lemma, lambda w: w.lower() in lexicon.SPEECH_NOUNS or w.lower() in lexicon.NOUN_FRAMES
    )
    may = (
        ((pos == _POS_IDS["VERB"]) | (pos == _POS_IDS["AUX"])) & having(lemma, lambda w: w.lower() in verbs)
        | (pos == _POS_IDS["NOUN"]) & (noun_lemma | having(lower, lambda w: w in lexicon.NOUN_FRAMES))
        | (pos == _POS_IDS["ADJ"]) & having(lemma, lambda w: w.lower() in lexicon.ADJ_FRAMES)
        | having(lower, lambda w: w == "in")
    )
    according = having(lower, lambda w: w == lexicon.ACCORDING)
    idx = a.idx
    return [i for i in np.flatnonzero(may | according).tolist() if according[i] or not quoted[idx[i]]]


def _reported_at(doc: Doc, tok: Token, quoted: bytearray) -> Candidate | None:
    """The reported speech whose cue is ``tok``: ``according to``, ``In the poll, ...``, a noun or
    an adjective of saying, a verb with one of its frames or set inside the clause it reports."""
    low = tok.lower_
    if low == lexicon.ACCORDING and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return _according(doc, tok)
    if quoted[tok.idx]:
        return None
    if low == "in" and tok.dep_ == "prep":
        return _in_document(doc, tok)
    if tok.pos_ == "NOUN":
        return _noun_candidate(doc, tok)
    if tok.pos_ == "ADJ" and tok.lemma_.lower() in lexicon.ADJ_FRAMES:
        return _adjective(doc, tok)
    if tok.pos_ not in ("VERB", "AUX") or tok.tag_ == "MD":
        return None
    lemma = tok.lemma_.lower()
    if lemma in lexicon.RAISING_PASSIVE and tok.tag_ == "VBN":
        c = _passive_raising(doc, tok)
        if c is not None:
            return c
    return _verb_clause(doc, tok, lemma)


def _noun_candidate(doc: Doc, tok: Token) -> Candidate | None:
    lemma = tok.lemma_.lower()
    c = _noun_clause(doc, tok) if lemma in lexicon.SPEECH_NOUNS else None
    if c is None and (lemma in lexicon.NOUN_FRAMES or tok.lower_ in lexicon.NOUN_FRAMES):
        c = _noun_frame(doc, tok)
    return c


def _verb_clause(doc: Doc, tok: Token, lemma: str) -> Candidate | None:
    """A reporting verb with its content, by a frame or by the clause it is set in (an aside)."""
    found = _content_child(tok, lemma)
    aside: tuple[int, int] | None = None
    if found is not None:
        span = _frame_span(doc, tok, found)
        if span is None:
            return None
        lo, hi, cue_end = span
    elif _reports_aside(tok, lemma):
        lo, hi, aside = _aside_span(doc, tok)
        lo, hi = within_line(doc, tok, lo, hi)
        if hi - lo < 1:
            return None
        cue_end = tok.i + 1
    else:
        return None
    reported = found is not None and found[0].dep_ == "ccomp" and lemma in lexicon.SPEECH_VERBS
    keep, speaker = _clause_speaker(tok, found is None, reported, lo, hi)
    if not keep:
        return None
    start, end = token_chars(doc, lo, hi)
    lo_cue, hi_cue = cue_range(tok)
    pieces = _aside_pieces(doc, lo, hi, aside)
    frame = "aside" if found is None else found[0].dep_
    return Candidate(
        start, end, (lo_cue, max(hi_cue, cue_end)), tok, speaker, "clause", pieces=pieces, frame=frame
    )


def _frame_span(doc: Doc, tok: Token, found: Content) -> tuple[int, int, int] | None:
    """The token range of a frame's content, within the cue's line and without a trailing aside of
    the writer's, and the end of the cue; None when nothing is left after the cue."""
    first, last, cue_end = found
    if last is None:
        lo, hi = clause_range(doc, first)
    else:
        lo, hi = trim_tokens(doc, first.left_edge.i, last.right_edge.i + 1)
    if cue_end != tok.i + 1 and cue_end - 1 > tok.i + 3:
        cue_end = tok.i + 1  # the preposition is far from the verb: the verb alone is the cue
    if lo <= tok.i < hi:  # "which officials said will ...": after the cue
        lo = tok.i + 1
        while lo < hi and doc[lo].dep_ == "mark":
            lo += 1
    lo, hi = within_line(doc, tok, lo, hi)
    hi = cut_tail(doc, lo, hi, first.i)
    if hi - lo < 1 or lo <= tok.i < hi:
        return None
    return lo, hi, cue_end


def _reports_aside(tok: Token, lemma: str) -> bool:
    """A short attribution set inside the clause it reports ("..., he said."; "..., as police
    have said")."""
    return (
        is_aside(tok)
        and (lemma in lexicon.SPEECH_VERBS or (tok.dep_ == "advcl" and lemma in lexicon.CLAUSE_VERBS))
        and tok.right_edge.i - tok.left_edge.i <= 8
    )


def _aside_span(doc: Doc, tok: Token) -> tuple[int, int, tuple[int, int] | None]:
    """ "..., he said." / "Y, he said, Z" / "..., as police have said": the clause around the
    attribution (its gap included), and the attribution's tokens when it stands inside."""
    head = tok.head
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # "The difference now, he told me, is that ...": the whole clause
    lo, hi = trim_tokens(doc, head.left_edge.i, head.right_edge.i + 1)
    if lo >= tok.left_edge.i:
        return (*trim_tokens(doc, tok.right_edge.i + 1, hi), None)
    if hi <= tok.right_edge.i + 2:
        return (*trim_tokens(doc, lo, tok.left_edge.i), None)
    return lo, hi, (tok.left_edge.i, tok.right_edge.i + 1)


def _clause_speaker(
    tok: Token, in_aside: bool, reported: bool, lo: int, hi: int
) -> tuple[bool, Token | None]:
    """Whether a reported content [lo, hi) is kept, and its speaker (the cue's subject). Without a
    subject that can speak only reported speech proper (``reported``: "X said that ...") is kept."""
    speaker = subject_of(tok)
    if speaker is None:
        return reported, None
    relative = speaker.lower_ in lexicon.RELATIVE_SUBJECTS and tok.dep_ == "relcl"
    if relative and not can_speak(tok.head):
        return False, None
    in_gap = in_aside and tok.left_edge.i <= speaker.i <= tok.right_edge.i
    # "The city sent a letter. It says the campaign ...": "it" is the letter
    it_speaks = speaker.lower_ == "it" and speaker.dep_ == "nsubj" and reported
    if (lo <= speaker.i < hi and not in_gap) or (
        speaker.lower_ in lexicon.NON_SOURCES and not relative and not it_speaks
    ):
        return False, None  # "a letter that says ...": the relative stands for the letter
    if not can_speak(speaker):
        # "600 homes reported flood damage": no one speaks; reported speech whose subject is no
        # source ("the timing suggests that") is kept without a speaker
        return reported, None
    return True, speaker


def _aside_pieces(doc: Doc, lo: int, hi: int, aside: tuple[int, int] | None) -> tuple[tuple[int, int], ...]:
    """ "Y, he said, Z": the characters of Y and of Z."""
    if aside is not None and lo < aside[0] and aside[1] < hi:
        before, after = trim_tokens(doc, lo, aside[0]), trim_tokens(doc, aside[1], hi)
        if before[1] > before[0] and after[1] > after[0]:
            return token_chars(doc, *before), token_chars(doc, *after)
    return ()


def is_aside(verb: Token) -> bool:
    """A reporting verb set in the clause it reports: parataxis ("..., he said") or an ``as``
    clause ("..., as police have said"; "As Trump noted, ...") with no object of its own."""
    if verb.dep_ == "parataxis":
        return True
    if verb.dep_ != "advcl" or verb.head.i == verb.i:
        return False
    kids = list(verb.children)
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) and not any(
        c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and c.lower_ not in lexicon.CLAUSE_PROFORMS)
        for c in kids
    )


def _passive_raising(doc: Doc, tok: Token) -> Candidate | None:
    """``Trump is expected to speak``, ``he is said to be furious``: an attribution with no named
    source whose content is the subject with the infinitive; the speaker stays empty."""
    children = list(tok.children)
    if not any(c.dep_ == "auxpass" for c in children):
        return None
    subj = next((c for c in children if c.dep_ == "nsubjpass" and c.i < tok.i), None)
    xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > tok.i), None)
    if subj is None or xcomp is None or subj.lower_ in lexicon.NON_SOURCES:
        return None
    lo, hi = within_line(doc, tok, *trim_tokens(doc, subj.left_edge.i, xcomp.right_edge.i + 1))
    if hi - lo < 3:
        return None
    start, end = token_chars(doc, lo, hi)
    return Candidate(start, end, cue_range(tok), tok, None, "clause")


def _noun_clause(doc: Doc, noun: Token) -> Candidate | None:
    """``his claim that ...``, ``a statement saying ...``: the clause of a noun of saying, whose
    speaker is its possessor or the subject of the verb it is the object of ("X made the claim")."""
    clause = None
    for c in noun.children:
        if (
            c.dep_ in ("acl", "ccomp")
            and c.i > noun.i
            and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
        ):
            clause = c
            break
    if clause is None:
        return None
    lo, hi = within_line(doc, noun, *clause_range(doc, clause))
    if hi - lo < 3:
        return None
    speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
    if speaker is None and noun.dep_ == "ROOT":  # "Trump claims that ...", the verb tagged as a noun
        speaker = next((c for c in noun.lefts if c.dep_ in ("compound", "nsubj") and c.pos_ == "PROPN"), None)
    if speaker is None and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        speaker = subject_of(noun.head)
    if speaker is not None and (speaker.lower_ in lexicon.NON_SOURCES or not can_speak(speaker)):
        speaker = None
    start, end = token_chars(doc, lo, hi)
    return Candidate(start, end, (noun.i, noun.i + 1), noun, speaker, "clause")


def _frame_content(
    head: Token, frames: frozenset[str], clause_deps: tuple[str, ...]
) -> tuple[int, int, int] | None:
    """The content of an adjective or noun of stance by its frames (``lexicon.ADJ_FRAMES``): the
    token range of an infinitive ("TO"), a clause ("THAT") or a prepositional object after it, and
    the end of the cue."""
    doc = head.doc
    for c in head.rights:
        if c.dep_ in clause_deps:
            first = c.left_edge
            if "TO" in frames and first.lower_ == "to" and first.dep_ == "aux" and first.i == head.i + 1:
                lo, hi = trim_tokens(doc, first.i, c.right_edge.i + 1)
                return lo, hi, head.i + 1
            if "THAT" in frames and c.dep_ == "ccomp" and first.lower_ != "to":
                lo, hi = clause_range(doc, c)
                return lo, hi, head.i + 1
        elif c.dep_ == "prep" and c.lower_ in frames:
            obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                lo, hi = trim_tokens(doc, obj.left_edge.i, obj.right_edge.i + 1)
                return lo, hi, c.i + 1
    return None


def _adjective(doc: Doc, adj: Token) -> Candidate | None:
    """``X is eager to ...``, ``X was sure that ...``, ``X is critical of ...``: an adjective of
    stance after a copula, whose subject is the source."""
    verb = adj.head
    if adj.dep_ not in ("acomp", "oprd") or verb.pos_ not in ("AUX", "VERB"):
        return None
    speaker = subject_of(verb)
    if speaker is None or speaker.lower_ in lexicon.NON_SOURCES or not can_speak(speaker):
        return None
    found = _frame_content(adj, lexicon.ADJ_FRAMES[adj.lemma_.lower()], ("xcomp", "ccomp"))
    if found is None:
        return None
    lo, hi, cue_end = found
    lo, hi = within_line(doc, adj, lo, hi)
    hi = cut_tail(doc, lo, hi, lo)
    if hi - lo < 1 or lo <= speaker.i < hi:
        return None
    start, end = token_chars(doc, lo, hi)
    cue_lo = min(cue_range(verb)[0], adj.i) if verb.i < adj.i else adj.i
    return Candidate(start, end, (cue_lo, cue_end), adj, speaker, "clause")


def _noun_frame(doc: Doc, noun: Token) -> Candidate | None:
    """``Trump's promise to build a wall``, ``Clinton's attack on Trump``: a noun of saying or
    judging whose possessor is the source (``lexicon.NOUN_FRAMES``)."""
    speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
    if speaker is None or not can_speak(speaker) or speaker.lower_ in lexicon.NON_SOURCE_POSSESSIVES:
        return None
    frames = lexicon.NOUN_FRAMES.get(noun.lemma_.lower()) or lexicon.NOUN_FRAMES[noun.lower_]
    found = _frame_content(noun, frames, ("acl", "relcl"))
    if found is None:
        return None
    lo, hi, cue_end = found
    lo, hi = within_line(doc, noun, lo, hi)
    hi = cut_tail(doc, lo, hi, lo)
    if hi - lo < 1:
        return None
    start, end = token_chars(doc, lo, hi)
    return Candidate(start, end, (noun.i, cue_end), noun, speaker, "clause")


def _in_document(doc: Doc, tok: Token) -> Candidate | None:
    """``In the latest poll, Clinton leads by 5 points``: a sentence opened by ``in`` and a document
    that reports findings (``lexicon.FINDING_DOCUMENTS``) reports the rest; the document is the
    source. Not when the sentence has its own reporting verb ("In a statement, X said ...")."""
    verb = tok.head
    if tok.i != tok.sent.start or verb.pos_ not in ("VERB", "AUX") or verb.i < tok.i:
        return None
    if verb.lemma_.lower() in lexicon.CLAUSE_VERBS or verb.lemma_.lower() in lexicon.SPEECH_VERBS:
        return None
    doc_noun = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if doc_noun is None or doc_noun.lemma_.lower() not in lexicon.FINDING_DOCUMENTS:
        return None
    end_pp = tok.right_edge.i + 1
    if end_pp >= len(doc) or doc[end_pp].text != ",":
        return None
    lo, hi = within_line(doc, verb, *trim_tokens(doc, end_pp + 1, verb.right_edge.i + 1))
    if hi - lo < 3:
        return None
    start, end = token_chars(doc, lo, hi)
    return Candidate(start, end, (tok.i, tok.i + 1), tok, doc_noun, "according")


def _according(doc: Doc, tok: Token) -> Candidate | None:
    to = doc[tok.i + 1]
    source = None
    for c in to.children:
        if c.dep_ == "pobj":
            source = c
    if (
        source is None
        or source.lemma_.lower() in lexicon.NOT_ACCORDING
        or source.lower_ in lexicon.NON_SOURCES
    ):
        return None  # "according to plan": no one is cited
    head = tok.head
    if head is tok:
        return None
    sent = tok.sent
    phrase_lo, phrase_hi = tok.i, max(to.right_edge.i, source.right_edge.i) + 1
    if phrase_lo <= sent.start + 1 or phrase_lo - sent.start < sent.end - phrase_hi:
        lo, hi = phrase_hi, sent.end  # "According to X, ..."
    else:
        lo, hi = sent.start, phrase_lo  # "..., according to X."
    lo, hi = within_line(doc, tok, *trim_tokens(doc, lo, hi))
    if hi - lo < 3:
        return None
    start, end = token_chars(doc, lo, hi)
    return Candidate(start, end, (tok.i, tok.i + 2), tok, source, "according")


# a speaker label opening a transcript turn: "WALLACE:", "SEN. JANE DOE:"
_TRANSCRIPT_LABEL = re.compile(r"[A-Z][A-Z.'’\- ]{1,30}[A-Z.](:)[ \t]+")
_HEADLINE = re.compile(r"(?m)^([^\n:]{2,40}):[ \t]+(\S[^\n]{8,})$")


def headline_candidates(doc: Doc, text: str, index: TokenIndex) -> list[Candidate]:
    """``Name: what they said`` lines (headlines, captions): the name is the speaker, ``:`` the cue."""
    out: list[Candidate] = []
    for m in _HEADLINE.finditer(text):
        lo = index.token_at(m.start(1))
        colon = index.token_at(m.end(1))
        if colon <= lo or doc[colon].text != ":" or colon - lo > 5:
            continue
        name = doc[lo:colon]
        if name.root.lower_ in lexicon.NOT_HEADLINE_SOURCES:
            continue
        if not all(t.pos_ == "PROPN" or t.ent_type_ in _SOURCE_LABELS for t in name):
            # "Clinton camp:", "Poll:", "Newspaper:" (a title-cased line may be tagged oddly)
            root = name.root
            if (
                not all(t.is_alpha or t.text in ("'s", "’s", ".") for t in name)
                or not (root.ent_type_ in _SOURCE_LABELS or root.lemma_.lower() in SPEAKING_NOUNS)
                or any(t.pos_ in ("ADP", "VERB", "AUX") for t in name)
            ):
                continue
        start, end = m.span(2)
        while end > start and text[end - 1] in ".!? ":
            end -= 1
        out.append(Candidate(start, end, (colon, colon + 1), doc[colon], name.root, "headline"))
    return out
