"""Who said a quote: the mentions that could be its speaker, their features, and the ranking trees
that choose one (a second model beside the quote trees, trained by :mod:`training`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

import numpy as np
from spacy.tokens import Token

from reader.nlp.quotes import lexicon
from reader.nlp.quotes.direct import adjacent_noun
from reader.nlp.quotes.features import (
    ENTS,
    FRAMES,
    KINDS,
    ORIGINS,
    POS,
    SPEAKER_NOUNS,
    Stats,
    by_name,
    code,
    cue_key,
    smoothed_rate,
)
from reader.nlp.quotes.spans import Candidate, can_speak, mention_range, subject_of
from reader.nlp.quotes.trees import Trees

if TYPE_CHECKING:
    from reader.nlp.quotes.context import Context


SPEAKER_DEPS = ("nsubj", "nsubjpass", "pobj", "poss", "ROOT", "compound", "appos", "dobj", "conj", "attr")
SPEAKER_FEATURES = (
    "none", "rules", "subject", "adjacent", "previous", "relative_head", "pos", "dep", "ent", "pronoun",
    "can_speak", "noun_family", "proper", "gap", "abs_gap", "same_sentence", "before", "mention_tokens",
    "has_cue", "cue_rate", "origin", "frame", "kind", "options", "sentence_subject", "tag_source",
    "tag_source_rank",
)  # fmt: skip
# how an option was found (flags), and what only a mention has (zero for "no one")
_HOW = ("none", "rules", "subject", "adjacent", "previous", "relative_head")
_MENTION_FEATURES = (
    "pronoun", "can_speak", "noun_family", "proper", "gap", "abs_gap", "same_sentence", "before",
    "mention_tokens",
)  # fmt: skip


def speaker_options(
    ctx: Context, c: Candidate, previous: Token | None
) -> list[tuple[Token | None, set[str]]]:
    """The mentions that could be the speaker of ``c`` (and "no one"), each with how it was found."""
    found: dict[int, tuple[Token | None, set[str]]] = {-1: (None, {"none"})}

    pieces = c.pieces or ((c.start, c.end),)

    cue_lo, cue_hi = c.cue or (-1, -1)

    def add(tok: Token | None, how: str) -> None:
        if tok is None or tok.is_punct or cue_lo <= tok.i < cue_hi:
            return  # never the cue itself ("Her criticism of X": "Her", not "criticism")
        if how != "rules" and not can_speak(tok):
            return  # "The timing suggests ...": no one
        if how != "rules" and c.frame != "aside" and any(s <= tok.idx < e for s, e in pieces):
            return  # a word of the content itself
        found.setdefault(tok.i, (tok, set()))[1].add(how)

    add(c.speaker, "rules")
    cue = c.cue_head
    spk = c.speaker
    if spk is not None and spk.lower_ in ("who", "that", "which") and spk.head.dep_ == "relcl":
        add(spk.head.head, "relative_head")
    if cue is not None:
        add(subject_of(cue), "subject")
        if cue.pos_ in ("VERB", "AUX"):
            add(adjacent_noun(ctx.doc, cue, ctx.quoted), "adjacent")
        sent = ctx.sentence(cue.i)
    else:
        sent = ctx.sentence(ctx.index.token_at(c.start))
        if sent[0] > 0:  # a quotation standing alone: the speaker is often in the sentence before
            for i in ctx.among(ctx.subjects, ctx.sentence(sent[0] - 1)[0], sent[0]):
                add(ctx.doc[i], "sentence_subject")
    for i in ctx.among(ctx.subjects_or_names, sent[0], sent[1]):  # subjects, people, organizations
        add(ctx.doc[i], "sentence_subject")
    if previous is not None and 0 <= c.start - previous.idx < 600:
        add(previous, "previous")
    return list(found.values())


def speaker_features(
    ctx: Context,
    c: Candidate,
    options: list[tuple[Token | None, set[str]]],
    stats: Stats,
    marg: np.ndarray | None = None,
) -> np.ndarray:
    rows = np.zeros((len(options), len(SPEAKER_FEATURES)), dtype=np.float32)
    cue = c.cue_head
    anchor = cue.i if cue is not None else ctx.index.token_at(c.start)
    cue_rate, _ = smoothed_rate(stats.cue, cue_key(c), stats.cue_prior)
    common = {
        "has_cue": 1.0 if cue is not None else 0.0,
        "cue_rate": cue_rate,
        "origin": code(c.origin, ORIGINS),
        "frame": code(c.frame or c.origin, FRAMES),
        "kind": code(c.kind, KINDS),
        "options": len(options),
    }
    for k, (tok, how) in enumerate(options):
        f: dict[str, float] = {h: 1.0 if h in how else 0.0 for h in _HOW}
        f.update(common)
        f["sentence_subject"] = 1.0 if "sentence_subject" in how else 0.0
        f["tag_source_rank"] = 0.0  # below
        if tok is None:
            f.update(pos=len(POS) + 1, dep=len(SPEAKER_DEPS) + 1, ent=len(ENTS) + 1, tag_source=0.0)
            f.update(dict.fromkeys(_MENTION_FEATURES, 0.0))
            rows[k] = by_name(f, SPEAKER_FEATURES)
            continue
        lo, hi = mention_range(tok)
        gap = tok.i - anchor
        f["pos"] = code(tok.pos_, POS)
        f["dep"] = code(tok.dep_, SPEAKER_DEPS)
        f["ent"] = code(tok.ent_type_, ENTS)
        f["pronoun"] = 1.0 if tok.lower_ in lexicon.PRONOUNS else 0.0
        f["can_speak"] = 1.0 if can_speak(tok) else 0.0
        f["noun_family"] = next(
            (n + 1 for n, fam in enumerate(SPEAKER_NOUNS) if tok.lemma_.lower() in fam), 0
        )
        f["proper"] = 1.0 if tok.pos_ == "PROPN" else 0.0
        f["gap"] = max(-40, min(40, gap))
        f["abs_gap"] = min(40, abs(gap))
        f["same_sentence"] = 1.0 if ctx.sentence(tok.i)[0] == ctx.sentence(anchor)[0] else 0.0
        f["before"] = 1.0 if tok.idx < c.start else 0.0
        f["mention_tokens"] = hi - lo
        f["tag_source"] = float(marg[lo:hi, 4].max()) if marg is not None and hi > lo else 0.0
        rows[k] = by_name(f, SPEAKER_FEATURES)
    # how the option's source marginal ranks among the options' (1: the tagger's likeliest source;
    # ties in option order)
    col = SPEAKER_FEATURES.index("tag_source")
    order = np.argsort(-rows[:, col], kind="stable")
    rows[order, col + 1] = np.arange(1, len(options) + 1)
    return rows


class SpeakerModel(Protocol):
    """What :func:`choose_speakers` reads of a model (the shipped one, or one being trained)."""

    @property
    def speaker_trees(self) -> Trees: ...

    @property
    def stats(self) -> Stats: ...


def choose_speakers(
    ctx: Context, kept: list[Candidate], model: SpeakerModel, marg: np.ndarray | None = None
) -> list[Candidate]:
    """Each quote's speaker: the likeliest of its options by the speaker model (one prediction for
    all quotes; the "previous" option is the speaker the rules gave the quote before)."""
    previous: Token | None = None
    jobs: list[tuple[int, list[tuple[Token | None, set[str]]]]] = []
    blocks = []
    for k, c in enumerate(kept):
        if c.origin != "marks":  # a quotation's speaker is the rules' (measured: more often right)
            options = speaker_options(ctx, c, previous)
            jobs.append((k, options))
            blocks.append(speaker_features(ctx, c, options, model.stats, marg))
        previous = c.speaker or previous
    out = list(kept)
    if not jobs:
        return out
    scores = model.speaker_trees.predict(np.concatenate(blocks))
    at = 0
    for k, options in jobs:
        best = options[int(np.argmax(scores[at : at + len(options)]))][0]
        at += len(options)
        out[k] = replace(kept[k], speaker=best)
    return out
