"""The learned attribution model: which candidates are quotes.

Candidates come from three places: the hand rules (:mod:`direct`, :mod:`reported`: precise, lexicon-bound),
every frame of the parse (:mod:`frames`, whatever the word) and the contents the sequence tagger
(:mod:`tagger`) labels where no other candidate is. Each gets a row of features (the cue word, its
lexicon families and how often the corpus makes it a cue; the frame; the content's length,
quotation marks and shape; the speaker's kind; where it stands in the article; whether the rules
found it; the tagger's marginals over it) and a probability from gradient-boosted trees trained on
PolNeAR's train split (``python -m reader.nlp.quotes.training``). :func:`choose` keeps the
likeliest candidates that do not say the same thing twice.

The model file (``attribution_model.json.gz``, beside this module) holds the trees as flat arrays,
the corpus' statistics of cue words and frames, the decision threshold and the version of the
features; it is plain data (no pickle), evaluated here with numpy, and checked against
:data:`MODEL_VERSION` when it is loaded.
"""

from __future__ import annotations

import bisect
import gzip
import json
import math
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from spacy.attrs import LOWER
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Token

from reader.core.errors import AttributionModelError
from reader.core.model import PHRASE, QuoteKind
from reader.nlp.quotes import lexicon
from reader.nlp.quotes.direct import adjacent_noun, title_case
from reader.nlp.quotes.frames import PHRASE_FRAMES, frame_candidates
from reader.nlp.quotes.spans import (
    SHORT_WORDS,
    TITLE_WORDS,
    Candidate,
    Origin,
    can_speak,
    mention_range,
    subject_of,
)
from reader.nlp.quotes.tagger import TAGGER_PATH, Tagger, tagger_candidates
from reader.nlp.tokens import token_arrays
from reader.nlp.version import (
    MODEL_PATH as MODEL_PATH,
)  # (the files' one home)
from reader.nlp.version import (
    MODEL_VERSION as MODEL_VERSION,
)

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
_SPEAKER_NOUNS = tuple(words for _, words in lexicon.SPEAKER_FAMILIES)

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


def _code(value: str, vocab: tuple[str, ...]) -> int:
    try:
        return vocab.index(value)
    except ValueError:
        return len(vocab)


def _rate(table: dict[str, list[int]], key: str, prior: float, weight: float = 3.0) -> tuple[float, float]:
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


def all_candidates(
    ctx: Context, rules: list[Candidate], tagged: list[Candidate] | None = None
) -> list[Candidate]:
    """The rules' candidates, then the frames' and the tagger's that are not one of them: the same
    candidates in training, evaluation and use (which of them may be shown is :func:`decide`'s)."""
    seen = {(c.start, c.end) for c in rules}
    seen_cue = {(c.cue_head.i, c.start, c.end) for c in rules if c.cue_head is not None}
    out = list(rules)
    for c in frame_candidates(ctx.doc, ctx.quoted):
        if (c.start, c.end) in seen or (
            c.cue_head is not None and (c.cue_head.i, c.start, c.end) in seen_cue
        ):
            continue
        if c.frame in PHRASE_FRAMES and ctx.counts.kind(c.start, c.end) != "indirect":
            continue  # 'pushed its “concrete” plan', 'read “War and Peace”': terms and titles
        seen.add((c.start, c.end))
        c.kind = ctx.counts.kind(c.start, c.end)
        out.append(c)
    if tagged:
        spans = sorted(seen)
        longest = max((e - s for s, e in spans), default=0)
        for c in tagged:  # only contents no other candidate has (as the scorer counts a match)
            lo = bisect.bisect_left(spans, (c.start - longest, -1))
            hi = bisect.bisect_left(spans, (c.end, -1))
            best = max((_match(c.start, c.end, s, e) for s, e in spans[lo:hi]), default=0.0)
            if best < TAGGED_OVERLAP or (c.kind == "indirect" and best < TAGGED_BOUNDARY):
                out.append(c)
    return out


def _left_to_rules(ctx: Context, c: Candidate) -> bool:
    """A tagged content the rules know better: a quotation ("Face the Nation", a credited headline:
    the rules know titles), a content without a cue (a sentence of the writer's), or a phrase around
    a scare quote hung on a word that is no cue of any family ('rebuilt its “modern” office')."""
    if c.origin != "tagger":
        return False
    if c.kind == "direct" or c.cue_head is None or _quotes_a_title(ctx, c):
        return True
    runs = _quoted_runs(ctx, c)
    lemma = c.cue_head.lemma_.lower()
    saying = any(lemma in family for _, family in lexicon.CUE_FAMILIES)
    return bool(runs) and not saying and all(_alpha_words(ctx.doc, a, b) <= SHORT_WORDS for a, b in runs)


def _quotes_a_title(ctx: Context, c: Candidate) -> bool:
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


# a tagged content is a candidate of its own when it matches no other this well, or when it is reported
# speech whose boundaries differ from every other's (an alternative the trees may prefer)
TAGGED_OVERLAP = 0.3
TAGGED_BOUNDARY = 0.8


def _match(s1: int, e1: int, s2: int, e2: int) -> float:
    """Shared characters / the longer of two spans (the reference scorer's overlap)."""
    return max(0, min(e1, e2) - max(s1, s2)) / max(e1 - s1, e2 - s2, 1)


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
        cue_rate, cue_count = _rate(stats.cue, lemma, stats.cue_prior)
        frame_rate, frame_count = _rate(stats.frame, frame_key(c), stats.frame_prior)
        length = max(1, c.end - c.start)
        covered = 0.0
        j = bisect.bisect_left(rule_spans, (c.start, c.end))
        for s, e in rule_spans[max(0, j - 3) : j + 3]:
            if (s, e) != (c.start, c.end) or k >= n_rules:
                covered = max(covered, max(0, min(e, c.end) - max(s, c.start)) / length)
        spk = c.speaker
        f: dict[str, float] = {
            "is_rule": 1.0 if k < n_rules else 0.0,
            "origin": _code(c.origin, ORIGINS),
            "frame": _code(c.frame or c.origin, FRAMES),
        }
        if cue is not None:
            cue_lo, cue_hi = c.cue or (cue.i, cue.i + 1)
            kids = list(cue.children)
            f["cue_pos"] = _code(cue.pos_, POS)
            f["cue_tag"] = _code(cue.tag_, TAGS)
            f["cue_dep"] = _code(cue.dep_, DEPS)
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
            f["speaker_ent"] = _code(spk.ent_type_, ENTS)
            f["speaker_pos"] = _code(spk.pos_, POS)
            f["speaker_pronoun"] = 1.0 if spk.lower_ in lexicon.PRONOUNS else 0.0
            f["speaker_noun"] = next(
                (n + 1 for n, fam in enumerate(_SPEAKER_NOUNS) if spk.lemma_.lower() in fam), 0
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
        f["kind"] = _code(c.kind, KINDS)
        f["ends_sentence"] = (
            1.0 if end_char[:1] in (".", "!", "?", "\n", "") or end_char[1:2] == "\n" else 0.0
        )
        f["capital"] = 1.0 if text[c.start : c.start + 1].isupper() else 0.0
        f["cue_inside"] = 0.0  # below
        f.update(_tag_features(marg, lo_tok, hi_tok, cue, spk))
        rows[k] = _by_name(f, FEATURES)
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


def _by_name(values: dict[str, float], names: tuple[str, ...]) -> list[float]:
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


class Trees:
    """Gradient-boosted trees as flat arrays (from LightGBM's ``dump_model``), evaluated with numpy."""

    BATCH = 512  # rows scored at once: bounded memory, and short steps for the GUI thread's sake

    def __init__(self, data: dict[str, Any]):
        self.feature = np.asarray(data["feature"], dtype=np.int32)
        self.threshold = np.asarray(data["threshold"], dtype=np.float64)
        self.left = np.asarray(data["left"], dtype=np.int32)
        self.right = np.asarray(data["right"], dtype=np.int32)
        self.value = np.asarray(data["value"], dtype=np.float64)
        self.roots = np.asarray(data["roots"], dtype=np.int32)
        self.child = np.stack([self.right, self.left], axis=1).ravel()  # [2 * node + goes left]
        self.depth = int(data["depth"])
        self._feature = self.feature.astype(np.intp)  # index arrays in the platform's index type
        self._child = self.child.astype(np.intp)

    @staticmethod
    def from_lightgbm(dump: dict[str, Any]) -> dict[str, Any]:
        """The flat arrays of a LightGBM model dump (numerical ``<=`` splits, no missing values)."""
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 0

        def add(node: dict[str, Any], level: int) -> int:
            nonlocal depth
            depth = max(depth, level)
            k = len(feature)
            feature.append(0)
            threshold.append(0.0)
            left.append(k)
            right.append(k)
            value.append(float(node.get("leaf_value", 0.0)))
            if "split_feature" in node:
                if node.get("decision_type", "<=") != "<=" or node.get("missing_type", "None") != "None":
                    raise ValueError("only numerical splits without missing values are supported")
                feature[k] = int(node["split_feature"])
                threshold[k] = float(node["threshold"])
                left[k] = add(node["left_child"], level + 1)
                right[k] = add(node["right_child"], level + 1)
            return k

        for tree in dump["tree_info"]:
            roots.append(add(tree["tree_structure"], 0))
        return {
            "feature": feature,
            "threshold": threshold,
            "left": left,
            "right": right,
            "value": value,
            "roots": roots,
            "depth": depth,
        }

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The sigmoid of the trees' summed leaves for the rows of ``x``: probabilities for the
        quote trees (binary objective), an order-keeping score for the speaker trees (ranking)."""
        if len(x) > self.BATCH:
            return np.concatenate([self.predict(x[i : i + self.BATCH]) for i in range(0, len(x), self.BATCH)])
        if len(x) == 0:
            return np.zeros(0)
        x = np.ascontiguousarray(x, dtype=np.float64)
        flat = x.ravel()
        base = (np.arange(len(x), dtype=np.intp) * x.shape[1])[:, None]
        node = np.empty((len(x), len(self.roots)), dtype=np.intp)
        node[:] = self.roots
        # np.take with in-place steps: the same walk as fancy indexing, without its temporaries
        for _ in range(self.depth):  # a leaf is its own child: rows that reached one stay there
            at = np.take(self._feature, node)
            at += base
            go_left = np.take(flat, at) <= np.take(self.threshold, node)
            node *= 2
            node += go_left
            node = np.take(self._child, node)
        raw = np.take(self.value, node).sum(axis=1)
        return np.asarray(1.0 / (1.0 + np.exp(-raw)))


# --- the speaker of a quote: a second model chooses among the mentions that could be it -------------

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
    cue_rate, _ = _rate(stats.cue, cue_key(c), stats.cue_prior)
    common = {
        "has_cue": 1.0 if cue is not None else 0.0,
        "cue_rate": cue_rate,
        "origin": _code(c.origin, ORIGINS),
        "frame": _code(c.frame or c.origin, FRAMES),
        "kind": _code(c.kind, KINDS),
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
            rows[k] = _by_name(f, SPEAKER_FEATURES)
            continue
        lo, hi = mention_range(tok)
        gap = tok.i - anchor
        f["pos"] = _code(tok.pos_, POS)
        f["dep"] = _code(tok.dep_, SPEAKER_DEPS)
        f["ent"] = _code(tok.ent_type_, ENTS)
        f["pronoun"] = 1.0 if tok.lower_ in lexicon.PRONOUNS else 0.0
        f["can_speak"] = 1.0 if can_speak(tok) else 0.0
        f["noun_family"] = next(
            (n + 1 for n, fam in enumerate(_SPEAKER_NOUNS) if tok.lemma_.lower() in fam), 0
        )
        f["proper"] = 1.0 if tok.pos_ == "PROPN" else 0.0
        f["gap"] = max(-40, min(40, gap))
        f["abs_gap"] = min(40, abs(gap))
        f["same_sentence"] = 1.0 if ctx.sentence(tok.i)[0] == ctx.sentence(anchor)[0] else 0.0
        f["before"] = 1.0 if tok.idx < c.start else 0.0
        f["mention_tokens"] = hi - lo
        f["tag_source"] = float(marg[lo:hi, 4].max()) if marg is not None and hi > lo else 0.0
        rows[k] = _by_name(f, SPEAKER_FEATURES)
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


@dataclass(frozen=True)
class Steps:
    """The steps between the trees' probabilities and the quotes shown. Each is kept only when
    cross-validation on train shows it pays (``training.choose_steps``); the choice is stored in the
    model file, so training, evaluation and use run the same :func:`decide`."""

    quotations_to_rules: bool = True  # :func:`_left_to_rules`
    phrase_margin: float = 0.0  # :func:`below_phrase_bar`
    drop_unspoken: bool = True  # :func:`said_by_someone`
    next_subject: bool = True  # :func:`_without_next_subject`
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


@dataclass
class AttributionModel:
    trees: Trees
    speaker_trees: Trees
    stats: Stats
    threshold: float
    info: dict[str, Any]
    tagger: Tagger | None = None  # the sequence tagger whose marginals are features (tagger.py)
    steps: Steps = Steps()  # what decide() does after the trees, as cross-validation chose

    @classmethod
    def from_json(cls, data: dict[str, Any], tagger: Tagger | None = None) -> AttributionModel:
        if (
            data.get("version") != MODEL_VERSION
            or list(data.get("features", ())) != list(FEATURES)
            or list(data.get("speaker_features", ())) != list(SPEAKER_FEATURES)
        ):
            found = data.get("version")
            detail = f"version {found} found, {MODEL_VERSION} expected"
            if found == MODEL_VERSION:
                detail = f"version {found}, but its features are not this reader's"
            raise AttributionModelError(detail=detail)
        s = data["stats"]
        stats = Stats(s["cue"], s["frame"], float(s["cue_prior"]), float(s["frame_prior"]))
        trees, speaker_trees = Trees(data["trees"]), Trees(data["speaker_trees"])
        steps = Steps.from_json(data.get("steps", {}))
        return cls(trees, speaker_trees, stats, float(data["threshold"]), data.get("info", {}), tagger, steps)


def load(path: Path = MODEL_PATH, tagger_path: Path = TAGGER_PATH) -> AttributionModel:
    """The trees (``path``) and the tagger (``tagger_path``), both checked against their versions."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as exc:
        raise AttributionModelError(path, str(exc)) from exc
    model = AttributionModel.from_json(data)
    try:
        model.tagger = Tagger.load(tagger_path)
    except (OSError, ValueError, KeyError) as exc:
        raise AttributionModelError(tagger_path, str(exc)) from exc
    if model.tagger.uses_encoder:  # its encoder, loaded with it: not in the middle of a first analysis
        from reader.nlp.quotes import encoder

        try:
            if encoder.shipped() is None:
                raise FileNotFoundError("missing")
        except (OSError, ValueError, KeyError) as exc:
            raise AttributionModelError(encoder.ENCODER_PATH, str(exc)) from exc
    return model


_shipped: AttributionModel | None = None
_lock = threading.Lock()


def shipped() -> AttributionModel:
    """The model shipped with the package, loaded once."""
    global _shipped
    if _shipped is None:
        with _lock:
            if _shipped is None:
                _shipped = load()
    return _shipped


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


def probabilities(
    ctx: Context,
    cands: list[Candidate],
    stats: Stats,
    n_rules: int,
    trees: Trees,
    marg: np.ndarray | None = None,
) -> np.ndarray:
    """The trees' probability of each candidate; none for a parse frame (beyond the rules') whose
    word and frame the corpus never shows as an attribution ("boarded a shuttle bus")."""
    probs = trees.predict(features(ctx, cands, stats, n_rules, marg))
    for k in range(n_rules, len(cands)):
        c = cands[k]
        if stats.frame.get(frame_key(c), (0, 0))[1] == 0:
            probs[k] = 0.0
        elif c.speaker is not None and c.speaker.pos_ in ("NOUN", "PROPN") and not can_speak(c.speaker):
            probs[k] = 0.0  # "600 homes reported flood damage": a subject that cannot speak says nothing
    return probs


def choose(ctx: Context, rules: list[Candidate], model: AttributionModel) -> list[Candidate]:
    marg, best = model.tagger.tag(ctx) if model.tagger is not None else (None, None)
    tagged = tagger_candidates(ctx, best) if best is not None else []
    cands = all_candidates(ctx, rules, tagged)
    probs = probabilities(ctx, cands, model.stats, len(rules), model.trees, marg)
    return decide(ctx, cands, probs, model, marg)


def decide(
    ctx: Context, cands: list[Candidate], probs: np.ndarray, model: DecisionModel, marg: np.ndarray | None
) -> list[Candidate]:
    """The quotes shown, with their speakers, from the candidates and the trees' probabilities."""
    steps = model.steps
    probs = probs.copy()
    if steps.quotations_to_rules:
        for k, c in enumerate(cands):
            if _left_to_rules(ctx, c):  # (the tagger's contents only)
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
        spoken = [_without_next_subject(ctx, c) for c in spoken]
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


def _without_next_subject(ctx: Context, c: Candidate) -> Candidate:
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
