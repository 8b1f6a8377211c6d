"""Every frame the parse offers as an attribution, whatever the word: the learned model's candidates.

The hand rules (:mod:`reported`) only look at words of the lexicon. This module proposes, for
every verb, the content each of its frames would give: a clause (``ccomp``), an infinitive
(``xcomp``), an object with its complements (``dobj``), a prepositional object (``prep``) and an
attribution set inside its clause (``aside``: "..., he said"); for nouns, a ``that`` clause or an
infinitive (``noun``). Each frame is a small function; :data:`VERB_FRAMES` is the table of them.
Most candidates are not attributions: the model (:mod:`model`, :mod:`decision`) decides, with the
lexicon and the corpus' statistics of each word and frame as its features.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token

from reader.nlp.quotes import lexicon
from reader.nlp.quotes.reported import clause_range, complements, cut_tail, is_aside, within_line
from reader.nlp.quotes.spans import Candidate, can_speak, cue_range, subject_of, trim_tokens
from reader.nlp.tokens import token_arrays

# a frame: the verb -> (first content token, last content head or None, end of the cue) or None
Frame = Callable[[Token], "tuple[int, int, int] | None"]
MAX_TOKENS = 120  # a longer content is the parse running over a paragraph


def _ccomp(tok: Token) -> tuple[int, int, int] | None:
    for c in tok.children:
        if c.dep_ == "ccomp":
            lo, hi = clause_range(tok.doc, c)
            return lo, hi, tok.i + 1
    return None


def _xcomp(tok: Token) -> tuple[int, int, int] | None:
    for c in tok.children:
        if c.dep_ == "xcomp" and c.i > tok.i and c.left_edge.lower_ == "to":
            lo, hi = trim_tokens(tok.doc, c.left_edge.i, c.right_edge.i + 1)
            return lo, hi, tok.i + 1
    return None


def _dobj(tok: Token) -> tuple[int, int, int] | None:
    children = list(tok.children)
    for c in children:
        if c.dep_ == "dobj" and c.i > tok.i:
            last = c
            for o in children:
                if (o.dep_ in ("oprd", "xcomp") and o.i > c.i) or (
                    o.dep_ == "prep" and o.i == c.right_edge.i + 1 and o.lower_ in ("of", "for", "as")
                ):
                    last = o
            last = complements(tok, c) or last
            lo, hi = trim_tokens(tok.doc, c.left_edge.i, last.right_edge.i + 1)
            return lo, hi, tok.i + 1
    return None


def _prep(tok: Token) -> tuple[int, int, int] | None:
    for c in tok.children:
        if c.dep_ == "prep" and tok.i < c.i <= tok.i + 3:
            for o in c.children:
                if o.dep_ in ("pobj", "pcomp") and o.ent_type_ not in ("DATE", "TIME"):
                    lo, hi = trim_tokens(tok.doc, o.left_edge.i, o.right_edge.i + 1)
                    return lo, hi, c.i + 1
            return None
    return None


def _aside(tok: Token) -> tuple[int, int, int] | None:
    if not is_aside(tok) or tok.right_edge.i - tok.left_edge.i > 8:
        return None
    head = tok.head
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
        head = head.head
    doc = tok.doc
    lo, hi = trim_tokens(doc, head.left_edge.i, head.right_edge.i + 1)
    if lo >= tok.left_edge.i:
        lo, hi = trim_tokens(doc, tok.right_edge.i + 1, hi)
    elif hi <= tok.right_edge.i + 2:
        lo, hi = trim_tokens(doc, lo, tok.left_edge.i)
    return lo, hi, tok.i + 1


def _passive(tok: Token) -> tuple[int, int, int] | None:
    """``The plan was endorsed by X``, ``the attack was treated as a crime``: the subject of a
    passive is what the agent (or no one named) judged."""
    if not any(c.dep_ == "auxpass" for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_ == "nsubjpass" and c.i < tok.i and c.lower_ not in lexicon.NON_SOURCES:
            lo, hi = trim_tokens(tok.doc, c.left_edge.i, c.right_edge.i + 1)
            return lo, hi, tok.i + 1
    return None


# the frames of a verb, by name (the name is a feature of the model and the candidate's ``frame``)
VERB_FRAMES: dict[str, Frame] = {
    "ccomp": _ccomp,
    "xcomp": _xcomp,
    "dobj": _dobj,
    "prep": _prep,
    "aside": _aside,
    "passive": _passive,
}
# the child (by its label) without which a verb frame finds nothing; the aside reads the verb's own label
_FRAME_CHILD = {"ccomp": "ccomp", "xcomp": "xcomp", "dobj": "dobj", "prep": "prep", "passive": "auxpass"}
# frames whose content is a noun phrase, not a clause
PHRASE_FRAMES = frozenset(["dobj", "prep"])


def _noun_clause(tok: Token) -> tuple[int, int, int] | None:
    """``the claim that ...``, ``her promise to ...``: a noun with a clause or an infinitive."""
    for c in tok.children:
        if c.dep_ in ("acl", "ccomp", "relcl") and c.i > tok.i:
            first = c.left_edge
            if first.lower_ == "that" and first.dep_ == "mark":
                lo, hi = clause_range(tok.doc, c)
                return lo, hi, tok.i + 1
            if first.lower_ == "to" and first.i == tok.i + 1:
                lo, hi = trim_tokens(tok.doc, first.i, c.right_edge.i + 1)
                return lo, hi, tok.i + 1
    return None


def _adjective(tok: Token) -> tuple[int, int, int] | None:
    """``X was worried about Y``, ``X is confident that Y``: an adjective after a copula with a
    clause, an infinitive or a prepositional object."""
    if tok.dep_ not in ("acomp", "oprd") or tok.head.pos_ not in ("AUX", "VERB"):
        return None
    for c in tok.rights:
        if c.dep_ in ("ccomp", "xcomp"):
            lo, hi = clause_range(tok.doc, c)
            return lo, hi, tok.i + 1
        if c.dep_ == "prep" and c.i <= tok.i + 2:
            for o in c.children:
                if o.dep_ in ("pobj", "pcomp"):
                    lo, hi = trim_tokens(tok.doc, o.left_edge.i, o.right_edge.i + 1)
                    return lo, hi, c.i + 1
    return None


def _noun_prep(tok: Token) -> tuple[int, int, int] | None:
    """``her criticism of X``, ``Trump's attack on Y``: a noun with a possessor and an object."""
    if not any(c.dep_ == "poss" for c in tok.children):
        return None
    for c in tok.rights:
        if c.dep_ == "prep" and c.i == tok.i + 1:
            for o in c.children:
                if o.dep_ in ("pobj", "pcomp"):
                    lo, hi = trim_tokens(tok.doc, o.left_edge.i, o.right_edge.i + 1)
                    return lo, hi, c.i + 1
    return None


def _noun_speaker(tok: Token) -> Token | None:
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    if tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        return subject_of(tok.head)
    return None


def _candidate(
    tok: Token, frame: str, found: tuple[int, int, int], speaker: Token | None, quoted: bytearray
) -> Candidate | None:
    doc = tok.doc
    lo, hi, cue_end = found
    if lo <= tok.i < hi and frame != "aside":  # an aside's clause holds its attribution
        lo = tok.i + 1
    lo, hi = within_line(doc, tok, lo, hi)
    if frame not in ("aside", "passive"):
        hi = cut_tail(doc, lo, hi, lo)
    if hi - lo < 1 or hi - lo > MAX_TOKENS:
        return None
    if speaker is not None and lo <= speaker.i < hi and frame != "aside":
        return None
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    if tok.pos_ in ("VERB", "AUX"):
        c_lo, c_hi = cue_range(tok)
    else:
        c_lo, c_hi = tok.i, tok.i + 1
    if cue_end - 1 > tok.i + 3:
        cue_end = c_hi
    return Candidate(start, end, (c_lo, max(c_hi, cue_end)), tok, speaker, "frame", frame=frame)


def _verb_candidates(tok: Token, quoted: bytearray) -> list[Candidate]:
    if tok.pos_ == "AUX" and tok.dep_ in ("aux", "auxpass"):
        return []
    speaker = subject_of(tok)
    if speaker is not None and speaker.lower_ in lexicon.NON_SOURCES and speaker.dep_ != "nsubj":
        speaker = None
    if speaker is not None and not can_speak(speaker):
        return []  # "600 homes reported flood damage": no one speaks
    a = token_arrays(tok.doc)
    kid_deps = {a.deps[j] for j in a.children(tok.i)}
    out = []
    for name, frame in VERB_FRAMES.items():
        need = _FRAME_CHILD.get(name)
        if need is not None and need not in kid_deps:
            continue  # (the frame would look for that child in vain)
        found = frame(tok)
        c = _candidate(tok, name, found, speaker, quoted) if found is not None else None
        if c is not None:
            out.append(c)
    return out


def _noun_candidates(tok: Token, quoted: bytearray) -> list[Candidate]:
    out = []
    for name, frame in (("noun", _noun_clause), ("noun_prep", _noun_prep)):
        found = frame(tok)
        c = _candidate(tok, name, found, _noun_speaker(tok), quoted) if found is not None else None
        if c is not None:
            out.append(c)
    return out


def _adjective_candidates(tok: Token, quoted: bytearray) -> list[Candidate]:
    found = _adjective(tok)
    if found is None:
        return []
    speaker = subject_of(tok.head)
    if speaker is None or speaker.lower_ in lexicon.NON_SOURCES:
        return []
    c = _candidate(tok, "adj", found, speaker, quoted)
    return [c] if c is not None else []


# What a word needs for any of its frames to answer: a verb the child of one of its frames
# (_FRAME_CHILD) or one of these labels itself (an aside); a noun a clause after it or a possessor;
# an adjective a copula.
_VERB_CHILD_DEPS = tuple(_FRAME_CHILD.values())
_VERB_OWN_DEPS = ("parataxis", "advcl")
_NOUN_CLAUSE_DEPS = ("acl", "ccomp", "relcl")
_ADJ_DEPS = ("acomp", "oprd")


def frame_candidates(doc: Doc, quoted: bytearray) -> list[Candidate]:
    """A candidate for every frame of every verb (and every noun with a clause) outside quotations."""
    out: list[Candidate] = []
    for i in _framed(doc):
        tok = doc[i]
        if quoted[tok.idx]:
            continue
        if tok.pos_ in ("VERB", "AUX") and tok.tag_ != "MD":
            out.extend(_verb_candidates(tok, quoted))
        elif tok.pos_ == "NOUN":
            out.extend(_noun_candidates(tok, quoted))
        elif tok.pos_ == "ADJ":
            out.extend(_adjective_candidates(tok, quoted))
    return out


def _framed(doc: Doc) -> list[int]:
    """The tokens that may have a frame, read from the Doc's arrays (every other word has none)."""
    if not len(doc):
        return []
    a = token_arrays(doc)
    strings = doc.vocab.strings

    def labels(names: tuple[str, ...]) -> np.ndarray:
        return np.asarray([strings[n] for n in names], dtype=a.dep.dtype)

    pos = a.pos
    verb = ((pos == POS_IDS["VERB"]) | (pos == POS_IDS["AUX"])) & (
        a.with_child(labels(_VERB_CHILD_DEPS)) | np.isin(a.dep, labels(_VERB_OWN_DEPS))
    )
    noun = (pos == POS_IDS["NOUN"]) & (
        a.with_child(labels(_NOUN_CLAUSE_DEPS), after=True) | a.with_child(labels(("poss",)))
    )
    adj = (pos == POS_IDS["ADJ"]) & np.isin(a.dep, labels(_ADJ_DEPS))
    return np.flatnonzero(verb | noun | adj).tolist()
