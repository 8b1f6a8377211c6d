"""Reported speech: every reporting verb of the lexicon with a reported clause (``ccomp``; an
infinitive for promise-like verbs; the object of a stance verb with its complements), adjectives and
nouns of stance (``is skeptical of X``, ``Stone's promise to X``), ``according to X`` and ``In the
poll, ...`` with the clause they modify, and an attribution set inside its clause (``Y, X said, Z``;
``..., as police said``). The content is the clause without its complementizer and without a trailing
aside of the writer's (after ``;``, or after a comma a participle or a ``which``/``although``
clause). What a verb reports is found by its frames (:data:`RULE_FRAMES`: a clause, an infinitive,
an object, a prepositional object ...), each a small function tried for the verbs of one lexicon
family, in order. The speaker of a cue is its subject (``nsubj``), the agent of a passive, the
subject of the verb a participle or a conjoined verb depends on (``..., warning that``), or the
object of ``according to``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Literal

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.tokens import Doc, Token

from reader.nlp.quotes import lexicon
from reader.nlp.quotes.spans import (
    Candidate,
    can_speak,
    cue_range,
    subject_of,
    token_chars,
    trim_tokens,
)
from reader.nlp.tokens import token_arrays

_STRIP_LEAD = frozenset(["that"])

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
