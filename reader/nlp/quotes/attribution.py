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
  participle or a ``which``/``although`` clause).

The speaker of a cue is its subject (``nsubj``), the agent of a passive, the subject of the verb a
participle or a conjoined verb depends on (``..., warning that``), or the object of ``according to``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from reader.nlp.quotes import lexicon
from reader.nlp.quotes.marks import Marked

_OPEN_CONTEXT = set(":,;.!?…—–-([") | {"", "\n"}
_MARK_CHARS = set("\"'“”‘’„«»`")
_STRIP_LEAD = frozenset(["that"])
_SOURCE_LABELS = ("PERSON", "ORG", "NORP", "GPE")
SHORT_WORDS = 3  # a quotation of at most this many words needs a reporting verb right beside it
TITLE_WORDS = 6  # a quotation of at most this many capitalized words inside a sentence is a title
NEAR_TOKENS = 10  # how far after a closing mark the reporting verb of "...," X said may be


@dataclass(slots=True)
class Candidate:
    start: int  # content characters
    end: int
    cue: tuple[int, int] | None  # token range of the cue
    cue_head: Token | None
    speaker: Token | None  # head token of the speaker mention
    origin: str  # "marks" | "clause" | "according"
    kind: str = "indirect"
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
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:  # of two (a parse run over a line: "1:50 p.m.\n\nPacheco said"), the one that can speak
        return next((c for c in reversed(subjects) if can_speak(c)), subjects[0])
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    for c in verb.children:
        if c.dep_ == "nsubjpass" and c.lower_ not in ("it", "this"):
            return c
    if depth >= 3 or verb.head is verb:
        return None
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return subject_of(head, depth + 1)
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and head.dep_ == "ccomp"
        and head.head.lemma_.lower() in lexicon.SPEECH_VERBS
        and verb.doc[verb.left_edge.i - 1].text == ","
    ):  # "X said that Y ..., citing Z": the participle is X's, not Y's
        return subject_of(head.head, depth + 1)
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ in ("VBG", "VB", "VBN"):
        return subject_of(head, depth + 1)
    if verb.dep_ == "pcomp" and head.head is not head:  # "began by saying"
        return subject_of(head.head, depth + 1)
    if verb.dep_ == "acl" and head.pos_ in ("PROPN", "NOUN", "PRON"):
        if head.lemma_.lower() in lexicon.SPEECH_NOUNS:
            for c in head.children:
                if c.dep_ == "poss":
                    return c
            return None
        return head
    return None


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
        if doc[i].text in _MARK_CHARS:
            lo = i + 1
            break
    while lo < hi - 1 and (doc[lo].is_punct or doc[lo].text in _MARK_CHARS):
        lo += 1
    return lo, hi


def _trim_tokens(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space) and doc[lo].text not in _MARK_CHARS:
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space) and doc[hi - 1].text not in _MARK_CHARS:
        hi -= 1
    return lo, hi


def _chars(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)


# --- direct quotations ------------------------------------------------------------------------


class TokenIndex:
    """Character -> token lookups (a binary search over the token starts)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def token_at(self, char: int) -> int:
        """The token containing ``char``, or the next one when ``char`` is a space between tokens."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i < 0:
            return 0
        t = self.doc[i]
        if char >= t.idx + len(t.text) and i + 1 < len(self.starts):
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
            if h.head is h:
                break
            h = h.head
    return None


def _verb_after(doc: Doc, start: int, quoted, any_verb: bool) -> Token | None:
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


def _verb_before(doc: Doc, sent_start: int, end: int, quoted) -> Token | None:
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


def direct_candidates(
    doc: Doc, text: str, marked: list[Marked], quoted, index: TokenIndex
) -> list[Candidate]:
    """Direct quotes (``text`` is ``doc.text``, which spaCy rebuilds on every access)."""
    out: list[Candidate] = []
    for m in _split_turns(text, marked):
        lo = index.token_at(m.start)
        hi = index.token_at(m.end - 1) + 1
        if hi <= lo:
            continue
        words = sum(1 for i in range(lo, hi) if not doc[i].is_punct)
        k = m.open_mark - 1
        while k >= 0 and text[k] in " \t\u00a0":
            k -= 1
        prev_char = text[k] if k >= 0 else ""
        if prev_char == "\n":  # "Cruz continued:\n\n“...”": the colon ending the paragraph before
            k2 = k
            while k2 >= 0 and text[k2].isspace():
                k2 -= 1
            if k2 >= 0 and text[k2] == ":" and m.open_mark - k2 < 8:
                prev_char = ":"
        standalone = prev_char in _OPEN_CONTEXT or prev_char in _MARK_CHARS
        open_tok = index.token_at(m.open_mark)
        close_tok = index.token_at(max(m.close_end - 1, 0))
        if not standalone and open_tok > 0 and is_cue_verb(doc[open_tok - 1], lexicon.SPEECH_VERBS):
            standalone = True
        ends_speech = text[m.end - 1] in ".,!?…-—" if m.end > m.start else False
        line_start = text.rfind("\n", 0, m.open_mark) + 1
        line_end = text.find("\n", m.close_end)
        bounds = (line_start, len(text) if line_end < 0 else line_end)
        # "Polls agree - Jane Doe: “...”": the name credited before the colon
        speaker = _dash_name(doc, open_tok - 1) if prev_char == ":" and open_tok > 0 else None
        rng_credit = None
        cue = None if speaker is not None else _reporting_head(doc, lo, hi, lexicon.SPEECH_VERBS, bounds)
        if cue is None and speaker is None and standalone:
            speech_end = text[m.end - 1] in ",?!—-" if m.end > m.start else False
            cue = _verb_after(doc, close_tok + 1, quoted, speech_end) if m.closed else None
            if cue is None:
                cue = _verb_before(doc, doc[open_tok].sent.start, open_tok, quoted)
            if cue is None and speaker is None and prev_char == ":" and open_tok > 0:
                p = open_tok - 1
                while p > 0 and doc[p].is_space:
                    p -= 1
                prev = doc[p]  # "He added:\n\n“...”": the verb of the sentence before
                cue = _verb_before(doc, prev.sent.start, prev.i + 1, quoted)
                if cue is None:  # "Rep. Jane Doe: “...”" (a transcript)
                    speaker = _name_before_colon(doc, prev.i, line_start)
        if cue is None and speaker is None and m.closed:
            credit = _credit_after(doc, close_tok + 1)
            if credit is not None:  # '“...” ― Jane Doe': a digest's credit line
                speaker, cue_tok = credit
                rng_credit = (cue_tok, cue_tok + 1)
        if m.closed and _BYLINE.match(text, m.close_end):
            continue  # '“Trump's plan, explained,” by Jane Doe': the title of a piece, credited
        if not standalone and words <= TITLE_WORDS and _title_case(doc, lo, hi):
            continue  # a title or a name in marks: 'on CBS's "Face the Nation," Ryan said'
        if not standalone and (cue is None or words < 2):
            continue  # a scare quote, a title or a partial quotation (kept only inside reported speech)
        if not standalone and words <= SHORT_WORDS and open_tok > 0 and doc[open_tok - 1].pos_ == "ADP":
            continue  # a title after a preposition: 'Pence said on “Fox News Sunday,”'
        if words <= SHORT_WORDS and not ends_speech and (cue is None or not standalone):
            continue
        if cue is None and words <= SHORT_WORDS:
            continue
        if cue is not None:
            speaker = subject_of(cue)
            if speaker is None or quoted[speaker.idx]:  # never a word of the quotation itself
                speaker = _adjacent_noun(doc, cue, quoted)
            if speaker is not None and (not can_speak(speaker) or quoted[speaker.idx]):
                speaker = None
            rng = cue_range(cue)
        elif rng_credit is not None:
            rng = rng_credit
        else:
            rng = (open_tok - 1, open_tok) if speaker is not None else None
        start = m.start
        label = _TRANSCRIPT_LABEL.match(text, m.start, m.end) if standalone else None
        if label is not None and (speaker is None or cue is None):
            # a transcript turn quoted whole ("“WALLACE: Let's start ...”"): the label speaks
            colon = index.token_at(label.start(1))
            if doc[colon].text == ":" and colon > lo:
                speaker, cue, rng = doc[colon - 1], None, (colon, colon + 1)
                start = label.end()
        out.append(Candidate(start, m.end, rng, cue, speaker, "marks", "direct", not standalone))
    return _merge_continued(text, out)


_BYLINE = re.compile(r",?[ \t]*by[ \t]+[A-Z]")
_TITLE_SMALL = lexicon.words("a an the of and or in on at to for with from by")


def _title_case(doc: Doc, lo: int, hi: int) -> bool:
    """Whether the words of tokens [lo, hi) are capitalized like a title ("Face the Nation")."""
    seen = False
    for i in range(lo, hi):
        t = doc[i]
        if not t.is_alpha:
            continue
        if t.text[0].islower() and not (seen and t.lower_ in _TITLE_SMALL):
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


def _adjacent_noun(doc: Doc, cue: Token, quoted) -> Token | None:
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
    while (
        j < len(doc) and j - dash <= 6 and (doc[j].pos_ == "PROPN" or doc[j].is_title or doc[j].text == ".")
    ):
        if "\n" in doc[j].text or ("\n" in doc[j - 1].whitespace_ and j > dash + 1):
            break
        j += 1
    name = doc[dash + 1 : j]
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


def _within_line(doc: Doc, tok: Token, lo: int, hi: int) -> tuple[int, int]:
    """Clips the token range [lo, hi) to the line of ``tok`` (a parse may run over a line break)."""
    for i in range(tok.i - 1, lo - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            lo = i + 1
            break
    for i in range(tok.i, hi):
        if "\n" in doc[i].text or ("\n" in doc[i].whitespace_ and i + 1 < hi):
            hi = i + 1 if "\n" not in doc[i].text else i
            break
    return _trim_tokens(doc, lo, hi)


# words opening a trailing clause that is the writer's, not the reported content
_TAIL_OPENERS = lexicon.words("which who whom whose although though while whereas because despite unlike")
_RELATIVE_OF = frozenset(["which", "whom", "whose"])
_TAIL_DEPS = ("advcl", "relcl", "acl", "conj", "npadvmod", "appos")


def _cut_tail(doc: Doc, lo: int, hi: int, keep: int) -> int:
    """The end of a reported content without its tail: the part after ``;`` and, after a comma, a
    trailing participle or a clause opened by ``which``, ``although``, ``while`` ... ("said X,
    arguing that Y", "praised the plan, which includes ..."). ``keep`` is the content's first head,
    which is never cut."""
    for i in range(lo + 1, hi):
        t = doc[i]
        if t.text == ";":
            return i
        if t.text != "," or i + 1 >= hi:
            continue
        nxt = doc[i + 1]
        root = nxt
        while root.head is not root and root.head.i < hi and root.head.left_edge.i > i:
            root = root.head
        if root.i == keep or root.right_edge.i < hi - 1:
            continue
        if i + 3 < hi and doc[i + 2].lower_ == "of" and doc[i + 3].lower_ in _RELATIVE_OF:
            return i  # ", details of which ...", ", some of whom ...": a relative aside
        if root.dep_ in _TAIL_DEPS and (
            root.tag_ == "VBG" or nxt.lower_ in _TAIL_OPENERS or root.dep_ in ("appos", "relcl")
        ):
            return i
    return hi


def _clause_range(doc: Doc, child: Token) -> tuple[int, int]:
    lo, hi = child.left_edge.i, child.right_edge.i + 1
    while lo < hi and doc[lo].lower_ in _STRIP_LEAD and doc[lo].dep_ == "mark":
        lo += 1
    return _trim_tokens(doc, lo, hi)


_CARRIERS = lexicon.DOCUMENT_NOUNS | lexicon.SPEECH_NOUNS | lexicon.words("clip comment photo picture image")


_COMPLEMENT_DEPS = ("prep", "xcomp", "oprd", "dative", "ccomp")


def _complements(verb: Token, obj: Token) -> Token | None:
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


def _content_child(tok: Token, lemma: str) -> tuple[Token, Token | None, int] | None:
    """The reported content of a cue verb: (first head, last head or None, end of the cue)."""
    children = list(tok.children)
    for c in children:
        if c.dep_ == "ccomp" and lemma in lexicon.CLAUSE_VERBS:
            if lemma in lexicon.TO_VERBS or lemma in lexicon.WANT:  # "promising to lift X ― what Y want"
                xcomp = next((x for x in children if x.dep_ == "xcomp" and tok.i < x.i < c.i), None)
                if xcomp is not None:
                    return xcomp, None, tok.i + 1
            return c, None, tok.i + 1
    if lemma in lexicon.SPEECH_VERBS:  # "said on Friday during a news conference that he ...": a
        for c in children:  # that-clause the parse hung on a noun of the verb's prepositional phrase
            if c.dep_ == "prep" and c.i > tok.i:
                for o in c.children:
                    for r in o.children if o.dep_ == "pobj" else ():
                        first = r.left_edge
                        if r.dep_ in ("relcl", "acl") and first.dep_ == "mark" and first.lower_ == "that":
                            return r, None, tok.i + 1
            # "tweeted in the early hours that X was ...": the clause hung on the verb as an adverbial
            if (
                c.dep_ == "advcl"
                and c.i > tok.i
                and c.left_edge.lower_ == "that"
                and c.left_edge.i > tok.i + 1
            ):
                return c, None, tok.i + 1
    if lemma in lexicon.TO_VERBS or lemma in lexicon.WANT:
        for c in children:
            if c.dep_ == "xcomp" and c.i > tok.i:
                return c, None, tok.i + 1
    if lemma in lexicon.STANCE:
        for c in children:
            if c.dep_ == "dobj" and c.i > tok.i:
                if lemma in lexicon.PUBLISH and c.lemma_.lower() in _CARRIERS:
                    return None  # "released a statement": what it says comes elsewhere
                last = None
                for o in children:
                    if o.dep_ in ("oprd", "xcomp") and o.i > c.i:  # "called Cruz a liar"
                        last = o
                    elif o.dep_ == "prep" and o.i == c.right_edge.i + 1 and o.lower_ in ("of", "for", "as"):
                        last = o  # "accused Clinton of lying", "described him as a liar"
                last = _complements(tok, c) or last
                return c, last, tok.i + 1
    if lemma in lexicon.SAY_OBJECT:  # "McCain says the populist movement [is ...]" (parsed as an object)
        for c in children:
            if c.dep_ == "dobj" and c.i > tok.i and c.pos_ in ("NOUN", "PROPN"):
                return c, None, tok.i + 1
    if lemma in lexicon.SEE_AS:  # "voters see Clinton as the stronger candidate"
        obj = next((c for c in children if c.dep_ == "dobj" and c.i > tok.i), None)
        as_ = next((c for c in children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if obj is not None and as_ is not None and as_.i > obj.i:
            return obj, as_, tok.i + 1
    if lemma in lexicon.WANT_OBJECT:  # "Palestinians want East Jerusalem"
        for c in children:
            if c.dep_ == "dobj" and c.i > tok.i and c.pos_ in ("NOUN", "PROPN"):
                return c, None, tok.i + 1
    preps = lexicon.PREP_VERBS.get(lemma)
    if preps:
        for c in children:
            if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i:
                for o in c.children:
                    if o.dep_ in ("pobj", "pcomp") and o.ent_type_ not in ("DATE", "TIME"):
                        as_ = next(
                            (a for a in children if a.dep_ == "prep" and a.lower_ == "as" and a.i > o.i), None
                        )
                        as_ = _complements(tok, c) or as_
                        return o, as_, c.i + 1  # "referred to the US as the Great Satan"
            if c.dep_ == "advcl" and c.i > tok.i and c.left_edge.lower_ in preps:
                first = c.doc[c.left_edge.i + 1]  # "calling for the US to act": the clause after "for"
                return first, c, c.left_edge.i + 1
    return None


def indirect_candidates(doc: Doc, quoted) -> list[Candidate]:
    out: list[Candidate] = []
    for tok in doc:
        low = tok.lower_
        if low == lexicon.ACCORDING and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            c = _according(doc, tok)
            if c is not None:
                out.append(c)
            continue
        if low == "in" and tok.dep_ == "prep" and not quoted[tok.idx]:
            c = _in_document(doc, tok)
            if c is not None:
                out.append(c)
            continue
        if tok.pos_ == "NOUN" and not quoted[tok.idx]:
            c = _noun_clause(doc, tok) if tok.lemma_.lower() in lexicon.SPEECH_NOUNS else None
            if c is None and (tok.lemma_.lower() in lexicon.NOUN_FRAMES or low in lexicon.NOUN_FRAMES):
                c = _noun_frame(doc, tok)
            if c is not None:
                out.append(c)
            continue
        if tok.pos_ == "ADJ" and not quoted[tok.idx] and tok.lemma_.lower() in lexicon.ADJ_FRAMES:
            c = _adjective(doc, tok)
            if c is not None:
                out.append(c)
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.tag_ == "MD" or quoted[tok.idx]:
            continue
        lemma = tok.lemma_.lower()
        if lemma in lexicon.RAISING_PASSIVE and tok.tag_ == "VBN":
            c = _passive_raising(doc, tok)
            if c is not None:
                out.append(c)
                continue
        found = _content_child(tok, lemma)
        cue_end = tok.i + 1
        aside: tuple[int, int] | None = None
        if found is not None:
            first, last, cue_end = found
            if last is None:
                lo, hi = _clause_range(doc, first)
            else:
                lo, hi = _trim_tokens(doc, first.left_edge.i, last.right_edge.i + 1)
            if cue_end != tok.i + 1 and cue_end - 1 > tok.i + 3:
                cue_end = tok.i + 1  # the preposition is far from the verb: the verb alone is the cue
        elif (
            _is_aside(tok)
            and (lemma in lexicon.SPEECH_VERBS or (tok.dep_ == "advcl" and lemma in lexicon.CLAUSE_VERBS))
            and tok.right_edge.i - tok.left_edge.i <= 8
        ):
            # "..., he said." / "Y, he said, Z" / "..., as police have said": the clause around the
            # attribution (its gap included)
            head = tok.head
            if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
                head = head.head  # "The difference now, he told me, is that ...": the whole clause
            lo, hi = _trim_tokens(doc, head.left_edge.i, head.right_edge.i + 1)
            if lo >= tok.left_edge.i:
                lo, hi = _trim_tokens(doc, tok.right_edge.i + 1, hi)
            elif hi <= tok.right_edge.i + 2:
                lo, hi = _trim_tokens(doc, lo, tok.left_edge.i)
            else:
                aside = (tok.left_edge.i, tok.right_edge.i + 1)
        else:
            continue
        if lo <= tok.i < hi and found is not None:  # "which officials said will ...": after the cue
            lo = tok.i + 1
            while lo < hi and doc[lo].dep_ == "mark":
                lo += 1
        lo, hi = _within_line(doc, tok, lo, hi)
        if found is not None:
            hi = _cut_tail(doc, lo, hi, found[0].i)
        if hi - lo < 1 or (lo <= tok.i < hi and found is not None):
            continue
        speaker = subject_of(tok)
        relative = speaker is not None and speaker.lower_ in ("that", "which") and tok.dep_ == "relcl"
        if relative and not can_speak(tok.head):
            continue
        if speaker is None and (
            found is None or found[0].dep_ != "ccomp" or lemma not in lexicon.SPEECH_VERBS
        ):
            continue
        in_gap = (
            found is None
            and tok.left_edge.i <= (speaker.i if speaker is not None else -1) <= tok.right_edge.i
        )
        it_speaks = (  # "The city sent a letter. It says the campaign ...": "it" is the letter
            speaker is not None
            and speaker.lower_ == "it"
            and speaker.dep_ == "nsubj"
            and found is not None
            and found[0].dep_ == "ccomp"
            and lemma in lexicon.SPEECH_VERBS
        )
        if speaker is not None and (
            (lo <= speaker.i < hi and not in_gap)
            or (speaker.lower_ in lexicon.NON_SOURCES and not relative and not it_speaks)
        ):
            continue  # "a letter that says ...": the relative stands for the letter
        if speaker is not None and not can_speak(speaker):
            if found is None or found[0].dep_ != "ccomp" or lemma not in lexicon.SPEECH_VERBS:
                continue  # "600 homes reported flood damage": no one speaks
            speaker = None  # reported speech whose subject is no source ("the timing suggests that")
        start, end = _chars(doc, lo, hi)
        lo_cue, hi_cue = cue_range(tok)
        pieces: tuple[tuple[int, int], ...] = ()
        if aside is not None and lo < aside[0] and aside[1] < hi:  # "Y, he said, Z": Y and Z
            before, after = _trim_tokens(doc, lo, aside[0]), _trim_tokens(doc, aside[1], hi)
            if before[1] > before[0] and after[1] > after[0]:
                pieces = (_chars(doc, *before), _chars(doc, *after))
        frame = "aside" if found is None else found[0].dep_
        out.append(
            Candidate(
                start, end, (lo_cue, max(hi_cue, cue_end)), tok, speaker, "clause", pieces=pieces, frame=frame
            )
        )
    return out


def _is_aside(verb: Token) -> bool:
    """A reporting verb set in the clause it reports: parataxis ("..., he said") or an ``as``
    clause ("..., as police have said"; "As Trump noted, ...") with no object of its own."""
    if verb.dep_ == "parataxis":
        return True
    if verb.dep_ != "advcl" or verb.head is verb:
        return False
    kids = list(verb.children)
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) and not any(
        c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and c.lower_ not in ("it", "so")) for c in kids
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
    lo, hi = _within_line(doc, tok, *_trim_tokens(doc, subj.left_edge.i, xcomp.right_edge.i + 1))
    if hi - lo < 3:
        return None
    start, end = _chars(doc, lo, hi)
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
    lo, hi = _within_line(doc, noun, *_clause_range(doc, clause))
    if hi - lo < 3:
        return None
    speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
    if speaker is None and noun.dep_ == "ROOT":  # "Trump claims that ...", the verb tagged as a noun
        speaker = next((c for c in noun.lefts if c.dep_ in ("compound", "nsubj") and c.pos_ == "PROPN"), None)
    if speaker is None and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        speaker = subject_of(noun.head)
    if speaker is not None and (speaker.lower_ in lexicon.NON_SOURCES or not can_speak(speaker)):
        speaker = None
    start, end = _chars(doc, lo, hi)
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
                lo, hi = _trim_tokens(doc, first.i, c.right_edge.i + 1)
                return lo, hi, head.i + 1
            if "THAT" in frames and c.dep_ == "ccomp" and first.lower_ != "to":
                lo, hi = _clause_range(doc, c)
                return lo, hi, head.i + 1
        elif c.dep_ == "prep" and c.lower_ in frames:
            obj = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                lo, hi = _trim_tokens(doc, obj.left_edge.i, obj.right_edge.i + 1)
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
    lo, hi = _within_line(doc, adj, lo, hi)
    hi = _cut_tail(doc, lo, hi, lo)
    if hi - lo < 1 or lo <= speaker.i < hi:
        return None
    start, end = _chars(doc, lo, hi)
    cue_lo = min(cue_range(verb)[0], adj.i) if verb.i < adj.i else adj.i
    return Candidate(start, end, (cue_lo, cue_end), adj, speaker, "clause")


def _noun_frame(doc: Doc, noun: Token) -> Candidate | None:
    """``Trump's promise to build a wall``, ``Clinton's attack on Trump``: a noun of saying or
    judging whose possessor is the source (``lexicon.NOUN_FRAMES``)."""
    speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
    if speaker is None or not can_speak(speaker) or speaker.lower_ in ("its", "whose"):
        return None
    frames = lexicon.NOUN_FRAMES.get(noun.lemma_.lower()) or lexicon.NOUN_FRAMES[noun.lower_]
    found = _frame_content(noun, frames, ("acl", "relcl"))
    if found is None:
        return None
    lo, hi, cue_end = found
    lo, hi = _within_line(doc, noun, lo, hi)
    hi = _cut_tail(doc, lo, hi, lo)
    if hi - lo < 1:
        return None
    start, end = _chars(doc, lo, hi)
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
    lo, hi = _within_line(doc, verb, *_trim_tokens(doc, end_pp + 1, verb.right_edge.i + 1))
    if hi - lo < 3:
        return None
    start, end = _chars(doc, lo, hi)
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
    lo, hi = _within_line(doc, tok, *_trim_tokens(doc, lo, hi))
    if hi - lo < 3:
        return None
    start, end = _chars(doc, lo, hi)
    return Candidate(start, end, (tok.i, tok.i + 2), tok, source, "according")


# line labels that are not sources ("Note: ...", "Update: ...", "Source: ...")
_NOT_HEADLINE_SOURCES = lexicon.words(
    "note update source sources correction photo photos video watch read related editor disclosure"
)
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
        if name.root.lower_ in _NOT_HEADLINE_SOURCES:
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
