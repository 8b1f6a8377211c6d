"""From the trees' probabilities to the quotes shown: the choice of candidates that do not say
the same words twice (:func:`select`), their speakers, and the steps after them.

A step is a rule without a setting that fixes a kind of error readers report (a title in
quotation marks shown as a quote, a content run on into the next clause). Each is kept only when
cross-validation on train shows it pays; the choice (:class:`Steps`) is stored in the model file,
so that training, evaluation and the app run the same :func:`decide`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from spacy.tokens import Doc, Token

from reader.core.model import PHRASE
from reader.nlp.quotes import lexicon
from reader.nlp.quotes.direct import title_case
from reader.nlp.quotes.spans import SHORT_WORDS, TITLE_WORDS, Candidate
from reader.nlp.quotes.speaker_choice import SpeakerModel, choose_speakers

if TYPE_CHECKING:
    from reader.nlp.quotes.context import Context


@dataclass(frozen=True)
class Steps:
    """The steps between the trees' probabilities and the quotes shown. Each is kept only when
    cross-validation on train shows it pays (:func:`training.cross_validate`); the choice is stored in the
    model file, so training, evaluation and use run the same :func:`decide`."""

    quotations_to_rules: bool = True  # :func:`left_to_rules`
    phrase_margin: float = 0.0  # :func:`below_phrase_bar`
    drop_unspoken: bool = True  # :func:`said_by_someone`
    next_subject: bool = True  # :func:`without_next_subject`
    coordinated: bool = True  # :func:`trim_coordinated`

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Steps:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


class DecisionModel(SpeakerModel, Protocol):
    """What :func:`decide` reads of a model (the shipped one, or one being cross-validated)."""

    @property
    def threshold(self) -> float: ...

    @property
    def steps(self) -> Steps: ...


def _conflict(a: Candidate, b: Candidate) -> bool:
    """Whether two quotes would say the same words twice: they overlap, unless one holds the
    other's whole attribution by another speaker ("X said [Y claimed [Z]]"), or share their cue."""
    if a.cue_head is not None and b.cue_head is not None and a.cue_head.i == b.cue_head.i:
        return True
    if min(a.end, b.end) <= max(a.start, b.start):
        return False
    outer, inner = (a, b) if a.end - a.start >= b.end - b.start else (b, a)
    if outer.start <= inner.start and inner.end <= outer.end and inner.cue_head is not None:
        if outer.speaker is not None and inner.speaker is not None and outer.speaker.i == inner.speaker.i:
            return True  # one speaker, one act: "X has made [promises [to extend ...]]" is said once
        return not outer.start <= inner.cue_head.idx < outer.end
    return True


def select(cands: list[Candidate], probs: np.ndarray, threshold: float) -> list[int]:
    """The indices of the candidates at or above ``threshold``, likeliest first, none conflicting
    with one kept; in text order."""
    kept: list[int] = []
    cues: set[int] = set()  # cue tokens of the kept candidates
    starts: list[tuple[int, int]] = []  # (start, index) of the kept candidates, sorted
    longest = 0
    for k in np.argsort(-probs, kind="stable"):
        if probs[k] < threshold:
            break
        c = cands[int(k)]
        if c.cue_head is not None and c.cue_head.i in cues:
            continue
        # the kept candidates that may overlap c: those starting before its end, not too far back
        hi = bisect.bisect_left(starts, (c.end, -1))
        lo = bisect.bisect_left(starts, (c.start - longest, -1))
        if any(_conflict(c, cands[o]) for _, o in starts[lo:hi]):
            continue
        kept.append(int(k))
        bisect.insort(starts, (c.start, int(k)))
        longest = max(longest, c.end - c.start)
        if c.cue_head is not None:
            cues.add(c.cue_head.i)
    kept.sort(key=lambda k: (cands[k].start, cands[k].end))
    return kept


def decide(
    ctx: Context, cands: list[Candidate], probs: np.ndarray, model: DecisionModel, marg: np.ndarray | None
) -> list[Candidate]:
    """The quotes shown, with their speakers, from the candidates and the trees' probabilities."""
    steps = model.steps
    probs = probs.copy()
    if steps.quotations_to_rules:
        for k, c in enumerate(cands):
            if left_to_rules(ctx, c):  # (the tagger's contents only)
                probs[k] = 0.0
    if steps.phrase_margin > 0:
        probs = below_phrase_bar(ctx, cands, probs, model.threshold, steps.phrase_margin)
    if steps.drop_unspoken:
        # the tagger's own contents that would have no speaker go before the choice, so that they
        # do not keep out what they overlap (their speakers are chosen again with the others below)
        likely = [k for k, c in enumerate(cands) if c.origin == "tagger" and probs[k] >= model.threshold]
        for k, c in zip(likely, choose_speakers(ctx, [cands[k] for k in likely], model, marg), strict=True):
            if _unspoken(c):
                probs[k] = 0.0
    kept = select(cands, probs, model.threshold)
    spoken = choose_speakers(ctx, [cands[k] for k in kept], model, marg)
    if steps.drop_unspoken:
        spoken = said_by_someone(spoken)
    if steps.next_subject:
        spoken = [without_next_subject(ctx, c) for c in spoken]
    if steps.coordinated:
        spoken = trim_coordinated(ctx, spoken)
    return spoken


def below_phrase_bar(
    ctx: Context, cands: list[Candidate], probs: np.ndarray, threshold: float, margin: float
) -> np.ndarray:
    """``probs``, with none for a frame's noun-phrase content that clears ``threshold`` by less than
    ``margin`` ("raised [an alarm over surging attacks]", "rejected [that criticism]": a stance
    shown as a quote). The rules' and the tagger's contents, and the frames' clauses, keep theirs."""
    out = probs.copy()
    bar = threshold + margin
    for k, c in enumerate(cands):
        if (
            c.origin == "frame"
            and threshold <= out[k] < bar
            and ctx.content_type(c.kind, c.start, c.end) == PHRASE
        ):
            out[k] = 0.0
    return out


def without_next_subject(ctx: Context, c: Candidate) -> Candidate:
    """A tagged content without the subject of the clause after it, which the tagger may run on
    into: "said [the union would appeal; the company] declined to comment"."""
    if c.origin != "tagger" or c.pieces:
        return c
    doc = ctx.doc
    lo, hi = ctx.token_range(c.start, c.end)
    cut = hi
    for tok in doc[lo:hi]:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i >= hi and tok.left_edge.i > lo:
            cut = min(cut, tok.left_edge.i)
    while cut > lo and (doc[cut - 1].is_punct or doc[cut - 1].is_space):
        cut -= 1
    if cut == hi or not any(t.pos_ in ("VERB", "AUX") for t in doc[lo:cut]):
        return c  # nothing to cut, or nothing would be left of what was said ("[that the union]")
    end = doc[cut - 1].idx + len(doc[cut - 1].text)
    return replace(c, end=end, kind=ctx.counts.kind(c.start, end))


def said_by_someone(kept: list[Candidate]) -> list[Candidate]:
    """The kept candidates without the tagger's own that have no speaker: a content proposed by the
    tagger alone with no one found to have said it is a quote without its speaker, which is not
    what the list is for ("America's numerous calls on [its allies to step up]" with no America).
    The frames' contents without a speaker stay. :func:`decide` also drops them before the choice,
    so that what they overlap may be kept."""
    return [c for c in kept if not _unspoken(c)]


def _unspoken(c: Candidate) -> bool:
    return c.origin == "tagger" and c.speaker is None


def trim_coordinated(ctx: Context, kept: list[Candidate]) -> list[Candidate]:
    """Each content without a coordinated clause whose verb is another kept quote's cue: in "Brandt
    said [the project would create jobs], and critics questioned [the estimate]" the critics' words
    are not Brandt's (the parse hangs "questioned" on "create", inside her content). The clause is
    cut when a comma or semicolon and a coordinator ("and", "but", "or") set it off, or when it is
    coordinated to the quote's own cue ("questioned [the estimate] and two of them voted against
    ..."). A coordinated "that" clause and an attribution subordinate to the content ("X said Y
    claimed Z") stay inside it."""
    doc = ctx.doc
    # the kept quotes whose cue is a coordinated verb with a subject of its own, by cue position
    inner: list[tuple[int, Token]] = []
    for c in kept:
        verb = c.cue_head
        if verb is None or verb.dep_ != "conj":
            continue
        deps = {t.dep_ for t in verb.children}
        if "mark" not in deps and deps & {"nsubj", "nsubjpass"}:  # not "[A and that B showed C]"
            inner.append((verb.idx, verb))
    inner.sort(key=lambda x: x[0])
    if not inner:
        return kept
    starts = [i for i, _ in inner]
    out = list(kept)
    for k, outer in enumerate(kept):
        if outer.pieces:
            continue
        end = outer.end
        cue = outer.cue_head.i if outer.cue_head is not None else -1
        for _, verb in inner[bisect.bisect_left(starts, outer.start) : bisect.bisect_left(starts, outer.end)]:
            with_cue = verb.head.i == cue
            if not with_cue and not outer.start <= verb.head.idx < verb.idx:
                continue
            cut = verb.left_edge.i  # "..., and when pressed, the mother replied": from "when"
            if cut < 1 or doc[cut - 1].dep_ != "cc":
                continue
            before = cut - 2
            while before >= 0 and doc[before].is_quote:  # 'jobs,” and critics ...'
                before -= 1
            comma = before >= 0 and doc[before].text in (",", ";")
            if not (comma or with_cue):
                continue
            # before the comma; after the closing mark when the comma is inside it ('“jobs,”')
            cut = before if comma and before == cut - 2 else cut - 1
            if cut < 1:
                continue
            last = doc[cut - 1]
            if outer.start < last.idx + len(last) < end:
                end = last.idx + len(last)
        if end != outer.end:
            out[k] = replace(outer, end=end)
    return out


def left_to_rules(ctx: Context, c: Candidate) -> bool:
    """A tagged content the rules know better: a quotation ("Face the Nation", a credited headline:
    the rules know titles), a content without a cue (a sentence of the writer's), or a phrase around
    a scare quote hung on a word that is no cue of any family ('rebuilt its “modern” office')."""
    if c.origin != "tagger":
        return False
    if c.kind == "direct" or c.cue_head is None or quotes_a_title(ctx, c):
        return True
    runs = _quoted_runs(ctx, c)
    lemma = c.cue_head.lemma_.lower()
    saying = any(lemma in family for _, family in lexicon.CUE_FAMILIES)
    return bool(runs) and not saying and all(_alpha_words(ctx.doc, a, b) <= SHORT_WORDS for a, b in runs)


def quotes_a_title(ctx: Context, c: Candidate) -> bool:
    """Whether the words in quotation marks inside a tagged content are all titles, as the rules
    tell them (a few capitalized words: 'She has read "War and Peace" twice')."""
    runs = _quoted_runs(ctx, c)
    doc = ctx.doc
    return bool(runs) and all(
        _alpha_words(doc, a, b) <= TITLE_WORDS and title_case(doc, a, b) for a, b in runs
    )


def _alpha_words(doc: Doc, lo: int, hi: int) -> int:
    return sum(doc[k].is_alpha for k in range(lo, hi))


def _quoted_runs(ctx: Context, c: Candidate) -> list[tuple[int, int]]:
    """The runs of words in quotation marks inside a mixed content, as token ranges."""
    if c.kind != "mixed":
        return []
    doc, quoted = ctx.doc, ctx.quoted
    lo, hi = ctx.token_range(c.start, c.end)
    runs: list[tuple[int, int]] = []
    for i in range(lo, hi):
        if doc[i].is_alpha and quoted[doc[i].idx]:
            if runs and all(not doc[k].is_alpha or quoted[doc[k].idx] for k in range(runs[-1][1], i)):
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    return runs
