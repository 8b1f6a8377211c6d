"""The features of a candidate quote: one row of numbers per candidate, for the trees.

A row holds the cue word (its part of speech, tag and dependency, its lexicon families, and how
often the corpus makes it a cue), the frame it hangs on and how often that frame of that word is an
attribution (:class:`Stats`, counted in training), the content's length, quotation marks and
shape, the speaker's kind, where it stands in the article, whether the rules found it, and the
tagger's marginals over it. :data:`FEATURES` names the columns; a row is built by name
(:func:`by_name`), so that a missing or extra feature is an error, not a shifted column.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import LOWER
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token

from reader.core.model import QuoteKind
from reader.nlp.quotes import lexicon
from reader.nlp.quotes.spans import Candidate, Origin, can_speak
from reader.nlp.tokens import token_arrays

if TYPE_CHECKING:
    from reader.nlp.quotes.context import Context


ORIGINS: tuple[Origin, ...] = ("marks", "clause", "according", "headline", "frame", "tagger")
# feature codes of the frames ("whole" is a retired frame, kept so that the shipped trees' codes hold)
FRAMES = (
    "marks", "according", "headline", "ccomp", "xcomp", "dobj", "prep", "aside", "noun", "pobj",
    "pcomp", "acl", "relcl", "advcl", "conj", "nsubjpass", "acomp", "oprd", "attr", "passive", "whole",
    "noun_prep", "adj", "tagger",
)  # fmt: skip
POS = ("VERB", "AUX", "NOUN", "PROPN", "ADJ", "ADP", "PUNCT", "PRON")
TAGS = ("VBD", "VBZ", "VBP", "VB", "VBG", "VBN", "NN", "NNS", "NNP", "JJ", "IN", ":")
DEPS = ("ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "parataxis", "acl", "pcomp", "dobj", "pobj")
ENTS = ("PERSON", "ORG", "GPE", "NORP")
KINDS: tuple[QuoteKind, ...] = ("direct", "mixed", "indirect")
FIRST_PERSON = lexicon.words("i me my mine we us our ours")
# one feature per cue family ("according" is a frame of its own here)
_LEX = tuple((f"lex_{name}", words) for name, words in lexicon.CUE_FAMILIES if name != "according")
SPEAKER_NOUNS = tuple(words for _, words in lexicon.SPEAKER_FAMILIES)

FEATURES = (
    "is_rule", "origin", "frame", "cue_pos", "cue_tag", "cue_dep", "cue_neg", "cue_modal", "cue_tokens",
    *(name for name, _ in _LEX),
    "cue_rate", "cue_count", "frame_rate", "frame_count",
    "tokens", "quoted_share", "after_that", "has_verb", "first_person", "before_cue", "gap",
    "speaker", "speaker_can", "speaker_ent", "speaker_pos", "speaker_pronoun", "speaker_noun",
    "speaker_gap", "speaker_before", "paragraph", "title", "sentence_tokens", "covered", "same_cue",
    "kind", "ends_sentence", "capital", "cue_inside",
    "tag_content", "tag_min", "tag_begin", "tag_before", "tag_after", "tag_cue", "tag_source",
)  # fmt: skip
TAG_FEATURES = sum(1 for name in FEATURES if name.startswith("tag_"))


_PARAGRAPH = re.compile(r"\n\n")


def code(value: str, vocab: tuple[str, ...]) -> int:
    try:
        return vocab.index(value)
    except ValueError:
        return len(vocab)


def smoothed_rate(
    table: dict[str, list[int]], key: str, prior: float, weight: float = 3.0
) -> tuple[float, float]:
    """A smoothed share (positives / uses) and log(1 + uses) of ``key`` in a statistics table."""
    n, pos = table.get(key, (0, 0))
    return (pos + weight * prior) / (n + weight), math.log1p(n)


@dataclass
class Stats:
    """The corpus' statistics used as features: how often a lemma is (part of) a cue, how often a
    lemma in a frame is an attribution."""

    cue: dict[str, list[int]]
    frame: dict[str, list[int]]
    cue_prior: float
    frame_prior: float


def cue_key(c: Candidate) -> str:
    return c.cue_head.lemma_.lower() if c.cue_head is not None else ""


def frame_key(c: Candidate) -> str:
    return f"{cue_key(c)}|{c.frame or c.origin}"


def features(
    ctx: Context, cands: list[Candidate], stats: Stats, n_rules: int, marg: np.ndarray | None = None
) -> np.ndarray:
    """One row per candidate, in :data:`FEATURES` order (the first ``n_rules`` are the rules');
    ``marg``: the tagger's marginals of every token (:func:`tagger.Tagger.tag`)."""
    doc, text = ctx.doc, ctx.text
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    rule_spans = sorted((c.start, c.end) for c in cands[:n_rules])
    same_cue: dict[int, int] = {}
    for c in cands:
        if c.cue_head is not None:
            same_cue[c.cue_head.i] = same_cue.get(c.cue_head.i, 0) + 1
    rows = np.zeros((len(cands), len(FEATURES)), dtype=np.float32)
    verbs, first_person = _running_counts(doc)
    for k, c in enumerate(cands):
        cue = c.cue_head
        lemma = cue_key(c)
        lo_tok, hi_tok = ctx.token_range(c.start, c.end)
        cue_rate, cue_count = smoothed_rate(stats.cue, lemma, stats.cue_prior)
        frame_rate, frame_count = smoothed_rate(stats.frame, frame_key(c), stats.frame_prior)
        length = max(1, c.end - c.start)
        covered = 0.0
        j = bisect.bisect_left(rule_spans, (c.start, c.end))
        for s, e in rule_spans[max(0, j - 3) : j + 3]:
            if (s, e) != (c.start, c.end) or k >= n_rules:
                covered = max(covered, max(0, min(e, c.end) - max(s, c.start)) / length)
        spk = c.speaker
        f: dict[str, float] = {
            "is_rule": 1.0 if k < n_rules else 0.0,
            "origin": code(c.origin, ORIGINS),
            "frame": code(c.frame or c.origin, FRAMES),
        }
        if cue is not None:
            cue_lo, cue_hi = c.cue or (cue.i, cue.i + 1)
            kids = list(cue.children)
            f["cue_pos"] = code(cue.pos_, POS)
            f["cue_tag"] = code(cue.tag_, TAGS)
            f["cue_dep"] = code(cue.dep_, DEPS)
            f["cue_neg"] = float(any(ch.dep_ == "neg" for ch in kids))
            f["cue_modal"] = float(any(ch.tag_ == "MD" for ch in kids))
            f["cue_tokens"] = cue_hi - cue_lo
        else:
            f.update(cue_pos=len(POS) + 1, cue_tag=len(TAGS) + 1, cue_dep=len(DEPS) + 1)
            f.update(cue_neg=0.0, cue_modal=0.0, cue_tokens=0.0)
        for name, family in _LEX:
            f[name] = 1.0 if lemma in family else 0.0
        f.update(cue_rate=cue_rate, cue_count=cue_count, frame_rate=frame_rate, frame_count=frame_count)
        before_cue = cue is not None and c.end <= cue.idx
        gap = 0
        if cue is not None:
            gap = (lo_tok - cue.i) if not before_cue else (cue.i - hi_tok)
        prev = doc[lo_tok - 1] if lo_tok > 0 else None
        f["tokens"] = hi_tok - lo_tok
        f["quoted_share"] = ctx.counts.quoted_share(c.start, c.end)
        f["after_that"] = 1.0 if prev is not None and prev.lower_ == "that" else 0.0
        f["has_verb"] = 1.0 if verbs[hi_tok] > verbs[lo_tok] else 0.0
        f["first_person"] = 1.0 if first_person[hi_tok] > first_person[lo_tok] else 0.0
        f["before_cue"] = 1.0 if before_cue else 0.0
        f["gap"] = max(-20, min(20, gap))
        if spk is not None:
            f["speaker"] = 1.0
            f["speaker_can"] = 1.0 if can_speak(spk) else 0.0
            f["speaker_ent"] = code(spk.ent_type_, ENTS)
            f["speaker_pos"] = code(spk.pos_, POS)
            f["speaker_pronoun"] = 1.0 if spk.lower_ in lexicon.PRONOUNS else 0.0
            f["speaker_noun"] = next(
                (n + 1 for n, fam in enumerate(SPEAKER_NOUNS) if spk.lemma_.lower() in fam), 0
            )
            f["speaker_gap"] = max(-20, min(20, (cue.i - spk.i) if cue is not None else 0))
            f["speaker_before"] = 1.0 if spk.idx < c.start else 0.0
        else:
            f.update(speaker=0.0, speaker_can=0.0, speaker_ent=len(ENTS) + 1, speaker_pos=len(POS) + 1)
            f.update(speaker_pronoun=0.0, speaker_noun=0.0, speaker_gap=0.0, speaker_before=0.0)
        para = bisect.bisect_right(paragraph_starts, c.start) - 1
        sent_lo, sent_hi = ctx.sentence(lo_tok)
        end_char = text[c.end : c.end + 2]
        f["paragraph"] = min(para, 60)
        f["title"] = 1.0 if para == 0 else 0.0
        f["sentence_tokens"] = sent_hi - sent_lo
        f["covered"] = covered
        f["same_cue"] = same_cue.get(cue.i, 0) if cue is not None else 0
        f["kind"] = code(c.kind, KINDS)
        f["ends_sentence"] = (
            1.0 if end_char[:1] in (".", "!", "?", "\n", "") or end_char[1:2] == "\n" else 0.0
        )
        f["capital"] = 1.0 if text[c.start : c.start + 1].isupper() else 0.0
        f["cue_inside"] = 0.0  # below
        f.update(_tag_features(marg, lo_tok, hi_tok, cue, spk))
        rows[k] = by_name(f, FEATURES)
    # how likely a cue is of the likeliest candidate whose content holds this candidate's cue
    # ("X said [the plan would hurt workers]": "hurt" speaks for no one); contents are looked up
    # among the candidates whose content starts in the cue's sentence
    col = FEATURES.index("cue_inside")
    rate = FEATURES.index("frame_rate")
    by_sentence: dict[int, list[int]] = {}
    for k, c in enumerate(cands):
        by_sentence.setdefault(ctx.sentence(ctx.index.token_at(c.start))[0], []).append(k)
    for k, c in enumerate(cands):
        if c.cue_head is None:
            continue
        at = c.cue_head.idx
        best = 0.0
        for j in by_sentence.get(ctx.sentence(c.cue_head.i)[0], ()):
            o = cands[j]
            if j != k and o.start <= at < o.end and (o.cue_head is None or o.cue_head.i != c.cue_head.i):
                best = max(best, float(rows[j, rate]))
        rows[k, col] = best
    return rows


def _tag_features(
    marg: np.ndarray | None, lo: int, hi: int, cue: Token | None, spk: Token | None
) -> dict[str, float]:
    names = [name for name in FEATURES if name.startswith("tag_")]
    if marg is None or len(marg) == 0:
        return dict.fromkeys(names, 0.0)
    content = marg[lo:hi, 1] + marg[lo:hi, 2]
    n = len(marg)
    return {
        "tag_content": float(content.mean()) if len(content) else 0.0,
        "tag_min": float(content.min()) if len(content) else 0.0,
        "tag_begin": float(marg[lo, 1]) if lo < n else 0.0,
        "tag_before": float(marg[lo - 1, 1] + marg[lo - 1, 2]) if lo > 0 else 0.0,
        "tag_after": float(marg[hi, 2]) if hi < n else 0.0,
        "tag_cue": float(marg[cue.i, 3]) if cue is not None else 0.0,
        "tag_source": float(marg[spk.i, 4]) if spk is not None else 0.0,
    }


def by_name(values: dict[str, float], names: tuple[str, ...]) -> list[float]:
    """A feature row in the order of ``names``, from the values named (every name once, no other)."""
    if len(values) != len(names):
        extra, missing = set(values) - set(names), set(names) - set(values)
        raise KeyError(f"feature row: extra {sorted(extra)}, missing {sorted(missing)}")
    return [values[name] for name in names]


def _running_counts(doc: Doc) -> tuple[list[int], list[int]]:
    """Running counts over the tokens (``[k]``: among the first ``k``) of verbs (and auxiliaries)
    and of first-person words: whether a content has one is a difference of two counts."""
    strings = doc.vocab.strings
    pos = token_arrays(doc).pos
    verb = (pos == POS_IDS["VERB"]) | (pos == POS_IDS["AUX"])
    lower = doc.to_array(LOWER) if len(doc) else np.zeros(0, dtype=np.uint64)
    first = np.isin(lower, np.asarray([strings[w] for w in FIRST_PERSON], dtype=lower.dtype))
    return (
        np.concatenate([[0], np.cumsum(verb)]).tolist(),
        np.concatenate([[0], np.cumsum(first)]).tolist(),
    )
