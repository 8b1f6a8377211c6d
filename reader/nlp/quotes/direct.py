"""Direct quotations and headlines: every quotation found by :mod:`marks` that stands as speech (it
opens a sentence, follows ``:`` or ``,``, or is governed by a reporting verb) gets its cue from the
parse (the reporting verb governing the quoted words), else from a reporting verb right after the
close (``"...," Carter told reporters``) or right before the open (``Carter said: "..."``);
quotations continued after an interrupting attribution or in the next paragraph are merged into one.
Short quoted words with no reporting context (scare quotes, titles) are not candidates. Transcript
labels and ``Name: words`` headlines give candidates of their own (:func:`headline_candidates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from reader.nlp.quotes import lexicon
from reader.nlp.quotes.marks import Marked
from reader.nlp.quotes.spans import (
    MARK_CHARS,
    NEAR_TOKENS,
    SHORT_WORDS,
    SOURCE_LABELS,
    SPEAKING_NOUNS,
    TITLE_WORDS,
    Candidate,
    TokenIndex,
    can_speak,
    cue_range,
    is_cue_verb,
    subject_of,
)

_OPEN_CONTEXT = set(":,;.!?…—–-([") | {"", "\n"}

# --- direct quotations ------------------------------------------------------------------------


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
    standalone = prev_char in _OPEN_CONTEXT or prev_char in MARK_CHARS
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
            if quoted[t.idx] or "\n" in t.text or t.text in MARK_CHARS:
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
    if root.ent_type_ in SOURCE_LABELS or root.pos_ == "PROPN":
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
        if not all(t.pos_ == "PROPN" or t.ent_type_ in SOURCE_LABELS for t in name):
            # "Clinton camp:", "Poll:", "Newspaper:" (a title-cased line may be tagged oddly)
            root = name.root
            if (
                not all(t.is_alpha or t.text in ("'s", "’s", ".") for t in name)
                or not (root.ent_type_ in SOURCE_LABELS or root.lemma_.lower() in SPEAKING_NOUNS)
                or any(t.pos_ in ("ADP", "VERB", "AUX") for t in name)
            ):
                continue
        start, end = m.span(2)
        while end > start and text[end - 1] in ".!? ":
            end -= 1
        out.append(Candidate(start, end, (colon, colon + 1), doc[colon], name.root, "headline"))
    return out
