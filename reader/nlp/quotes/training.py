"""Rebuilds the shipped attribution model from PolNeAR's train split, and prints its dev scores.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python -m reader.nlp.quotes.training [--corpus ../shared/corpora/polnear]
        [--out reader/nlp/quotes/attribution_model.json.gz] [--cache DIR] [--limit N]

Steps (fixed seeds; about 15 minutes on 2 cores: parsing 4, the tagger 9, the trees 2):

1. every article of ``train.jsonl`` and ``dev.jsonl`` is parsed by the reader's own pipeline (with
   ``--cache DIR`` the parses are kept there for the next run, and so are the tagger's results,
   keyed by the parses, the tagger's code, the lexicon and the settings);
2. the sequence tagger (:mod:`tagger`: bidirectional LSTMs over each token's attributes, trained
   with thinc, three networks from different seeds averaged) is trained five times, each time on
   four fifths of train, and labels the fifth it did not see: the trees below learn from
   probabilities as good as the ones they get on new articles; then once on all of train, written
   beside ``--out`` as ``attribution_tagger.npz`` (plain arrays);
3. every candidate (the rules', every frame's and the tagger's own) is labelled with its best
   overlap with a gold content, measured as the reference scorer does (shared characters / the
   longer of the two);
4. the corpus statistics of cue words and frames are counted on train; the rows of each fifth of
   train get the statistics of the other four fifths, so that the trees never see a word's own
   label through its statistics;
5. the threshold is the lowest of those with the best mean of quote F1 and source F1 across the
   five folds (within 0.0005, the scores' noise between runs), each scored by trees trained on the
   other four; then gradient-boosted trees (LightGBM) are
   trained on all of train;
6. the model is written as plain data and scored on dev (quote and source F1 as the reference
   scorer counts them, without the steps that run in use only: ``model.below_phrase_bar`` before
   the choice, ``model.trim_coordinated`` and ``model.said_by_someone`` after it;
   ``benchmarks/attribution.py --split dev`` runs the whole pipeline).

Corpus text is read in place and never written into the project: the model holds tree thresholds
and per-word counts, the tagger an embedding per attribute seen at least 20 times (an attribute
names a word, a tag or a dependency, never a passage) and its networks' weights.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import pickle
import random
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Token

from reader.nlp.quotes import model as M
from reader.nlp.quotes import tagger as T
from reader.nlp.quotes.attribution import Candidate, _chars, mention_range
from reader.nlp.quotes.extractor import Context, rule_candidates

SEED = 13
FOLDS = 5
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "max_depth": 6,  # shallow trees: a 100,000-word article is scored in well under a second
    "min_data_in_leaf": 20,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "use_missing": False,
    "seed": SEED,
    "deterministic": True,
    "num_threads": 2,
    "verbose": -1,
}
# the speaker model scores a few options per kept quote only: deeper trees cost little there. It
# ranks the options of one quote against each other (LambdaRank, top 3), since only the best of
# them is used (5-fold top-1 accuracy on train 0.942 with a binary objective, 0.948 ranked)
SPEAKER_PARAMS = {
    **PARAMS,
    "objective": "lambdarank",
    "lambdarank_truncation_level": 3,
    "num_leaves": 31,
    "max_depth": 10,
    "learning_rate": 0.1,
}
SPEAKER_ROUNDS = 200
ROUNDS = 400
MATCH = 0.3  # the reference scorer's overlap for a match


@dataclass
class Gold:
    content: list[tuple[int, int]]
    gaps: list[tuple[int, int]]
    length: int
    sources: list[tuple[int, int]]
    cues: list[tuple[int, int]]


@dataclass
class Article:
    id: str
    ctx: Context
    cands: list[Candidate]
    n_rules: int
    golds: list[Gold]
    scores: np.ndarray  # candidates x golds: the scorer's overlap
    speaker_ok: np.ndarray  # candidates x golds: the speaker is right for that gold
    same_cue: np.ndarray  # candidates x golds: the candidate's cue is the gold's (or either has none)
    cue_counts: dict[str, list[int]] = field(default_factory=dict)
    frame_counts: dict[str, list[int]] = field(default_factory=dict)
    marg: np.ndarray | None = None  # the tagger's marginals of every token

    def targets(self) -> np.ndarray:
        """Per candidate: it matches a gold content (the scorer's overlap) with that gold's cue."""
        if not self.golds:
            return np.zeros(len(self.cands), dtype=bool)
        ok = (self.scores >= MATCH) & self.same_cue
        # of the candidates sharing a cue, only those with the best overlap: the model learns
        # which boundaries are right, not only which cues
        best = ok.copy()
        by_cue: dict[int, list[int]] = {}
        for i, c in enumerate(self.cands):
            if c.cue_head is not None:
                by_cue.setdefault(c.cue_head.i, []).append(i)
        for rows in by_cue.values():
            if len(rows) > 1:
                sub = np.where(ok[rows], self.scores[rows], 0.0)
                best[rows] = ok[rows] & (sub >= sub.max(axis=0) - 1e-6)
        return best.any(axis=1)


def _cue_chars(head: Token, cue: tuple[int, int] | None) -> tuple[int, int]:
    return _chars(head.doc, *(cue or (head.i, head.i + 1)))


def _overlap(s: int, e: int, spans: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(e, b) - max(s, a)) for a, b in spans)


def _golds(record: dict[str, Any]) -> list[Gold]:
    out = []
    for a in record["attributions"]:
        content = sorted((int(s), int(e)) for s, e in a["content"])
        gaps = [(x[1], y[0]) for x, y in itertools.pairwise(content) if y[0] > x[1]]
        out.append(
            Gold(
                content,
                gaps,
                sum(e - s for s, e in content),
                [(int(s), int(e)) for s, e in a["source"]],
                [(int(s), int(e)) for s, e in a["cue"]],
            )
        )
    return out


def mention_chars(tok: Token | None) -> tuple[int, int] | None:
    """The characters of the mention headed by ``tok`` (as the quote's speaker shows it)."""
    if tok is None:
        return None
    return _chars(tok.doc, *mention_range(tok))


def speaker_span(c: Candidate) -> tuple[int, int] | None:
    return mention_chars(c.speaker)


def _article(
    rid: str,
    doc,
    golds: list[Gold],
    ctx: Context | None = None,
    tags: tuple[np.ndarray, list[str]] | None = None,
) -> Article:
    ctx = ctx or Context(doc)
    rules = rule_candidates(ctx)
    tagged = T.tagger_candidates(ctx, tags[1]) if tags is not None else []
    cands = M.all_candidates(ctx, rules, tagged)
    scores = np.zeros((len(cands), len(golds)), dtype=np.float32)
    spk = np.zeros((len(cands), len(golds)), dtype=bool)
    label = np.zeros((len(cands), len(golds)), dtype=bool)  # the cue is the gold's (or either has none)
    for i, c in enumerate(cands):
        span = speaker_span(c)
        for j, g in enumerate(golds):
            ov = _overlap(c.start, c.end, g.content)
            if ov:
                label[i, j] = (
                    c.cue_head is None or not g.cues or _overlap(*_cue_chars(c.cue_head, c.cue), g.cues) > 0
                )
                scores[i, j] = ov / max(c.end - c.start - _overlap(c.start, c.end, g.gaps), g.length)
                if g.sources:
                    spk[i, j] = span is not None and _overlap(*span, g.sources) > 0
                else:
                    spk[i, j] = span is None
    art = Article(rid, ctx, cands, len(rules), golds, scores, spk, label, marg=tags[0] if tags else None)
    in_cue = bytearray(len(ctx.text) + 1)
    for g in golds:
        for s, e in g.cues:
            in_cue[s:e] = b"\x01" * (e - s)
    for tok in doc:
        n = art.cue_counts.setdefault(tok.lemma_.lower(), [0, 0])
        n[0] += 1
        n[1] += in_cue[tok.idx]
    best = art.targets()
    for i, c in enumerate(cands):
        n = art.frame_counts.setdefault(M.frame_key(c), [0, 0])
        n[0] += 1
        n[1] += int(best[i])
    return art


def _add(total: dict[str, list[int]], part: dict[str, list[int]], sign: int = 1) -> None:
    for k, (n, p) in part.items():
        t = total.setdefault(k, [0, 0])
        t[0] += sign * n
        t[1] += sign * p


def stats_of(articles: list[Article]) -> M.Stats:
    cue: dict[str, list[int]] = {}
    frame: dict[str, list[int]] = {}
    for a in articles:
        _add(cue, a.cue_counts)
        _add(frame, a.frame_counts)
    return _stats(cue, frame)


def _stats(cue: dict[str, list[int]], frame: dict[str, list[int]]) -> M.Stats:
    def prior(t: dict[str, list[int]]) -> float:
        n = sum(v[0] for v in t.values())
        return sum(v[1] for v in t.values()) / n if n else 0.0

    return M.Stats(
        {k: v for k, v in cue.items() if v[0] > 0},
        {k: v for k, v in frame.items() if v[0] > 0},
        prior(cue),
        prior(frame),
    )


def parse_split(corpus: Path, split: str, cache: Path | None, limit: int | None):
    """(id, Doc, gold attributions) of every article of a split, parsed by the reader's pipeline."""
    from spacy.tokens import DocBin

    from reader.nlp.pipeline import load_nlp, parse

    records = [json.loads(line) for line in (corpus / f"{split}.jsonl").read_text("utf-8").splitlines()]
    if limit:
        records = records[:limit]
    cached = cache / f"{split}-{len(records)}-{_parse_key()}.spacy" if cache else None
    if cached is not None and cached.exists():
        docs = list(DocBin().from_disk(cached).get_docs(load_nlp().vocab))
    else:
        docs = [parse(r["text"]) for r in records]
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs).to_disk(cached)
    return [(r["id"], d, _golds(r)) for r, d in zip(records, docs)]


def matrix(articles: list[Article], stats: M.Stats) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for a in articles:
        xs.append(M.features(a.ctx, a.cands, stats, a.n_rules, a.marg))
        ys.append(a.targets().astype(np.float32))
    return np.concatenate(xs), np.concatenate(ys)


def oof_matrix(articles: list[Article]) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose statistics come from the other folds."""
    folds = [articles[f::FOLDS] for f in range(FOLDS)]
    total = stats_of(articles)
    xs, ys = [], []
    for fold in folds:
        cue = {k: list(v) for k, v in total.cue.items()}
        frame = {k: list(v) for k, v in total.frame.items()}
        for a in fold:
            _add(cue, a.cue_counts, -1)
            _add(frame, a.frame_counts, -1)
        x, y = matrix(fold, _stats(cue, frame))
        xs.append(x)
        ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)


def _speaker_right(span: tuple[int, int] | None, gold: Gold) -> bool:
    if not gold.sources:
        return span is None
    return span is not None and _overlap(*span, gold.sources) > 0


def evaluate(
    articles: list[Article],
    trees: M.Trees,
    stats: M.Stats,
    threshold: float,
    speaker_trees: M.Trees | None = None,
) -> dict[str, float]:
    """Quote and source P/R/F1 as the reference scorer counts them (one-to-one, best overlap first);
    the speakers are the rules' unless ``speaker_trees`` chooses them."""
    probs = [M.probabilities(a.ctx, a.cands, stats, a.n_rules, trees, a.marg) for a in articles]
    return score(articles, probs, threshold, stats, speaker_trees)


def score(
    articles: list[Article],
    probs_of: list[np.ndarray],
    threshold: float,
    stats: M.Stats,
    speaker_trees: M.Trees | None = None,
) -> dict[str, float]:
    """:func:`evaluate` with the candidates' probabilities given."""
    tp = tp8 = src = npred = ngold = 0
    for a, probs in zip(articles, probs_of):
        rows = M.select(a.cands, probs, threshold)
        chosen = [a.cands[i] for i in rows]
        if speaker_trees is not None:
            chosen = M.choose_speakers(a.ctx, chosen, _Model(speaker_trees, stats), a.marg)
        spans = {i: speaker_span(c) for i, c in zip(rows, chosen)}
        ngold += len(a.golds)
        npred += len(rows)
        pairs = sorted(
            ((a.scores[i, j], i, j) for i in rows for j in range(len(a.golds)) if a.scores[i, j] > 0),
            reverse=True,
        )
        for cut in (0.8, MATCH):
            used_i: set[int] = set()
            used_j: set[int] = set()
            for sc, i, j in pairs:
                if sc >= cut and i not in used_i and j not in used_j:
                    used_i.add(i)
                    used_j.add(j)
                    if cut == MATCH:
                        tp += 1
                        src += int(_speaker_right(spans[i], a.golds[j]))
                    else:
                        tp8 += 1

    def f1(t: int) -> float:
        return 2 * t / (npred + ngold) if npred + ngold else 0.0

    return {
        "P": tp / npred if npred else 0.0,
        "R": tp / ngold if ngold else 0.0,
        "F1": f1(tp),
        "F1_08": f1(tp8),
        "source_F1": f1(src),
    }


@dataclass
class _Model:
    """What :func:`M.choose_speakers` reads of a model."""

    speaker_trees: M.Trees
    stats: M.Stats


def speaker_matrix(articles: list[Article], stats: M.Stats) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One row per speaker option of every candidate that matches a gold content; the label says
    whether the option is that gold's source (or "no one" for a gold without one). Also the number
    of options of each candidate (the ranker's groups)."""
    xs, ys, groups = [], [], []
    for a in articles:
        targets = a.targets()
        previous = None
        for i in sorted(np.flatnonzero(targets), key=lambda i: (a.cands[i].start, a.cands[i].end)):
            c = a.cands[i]
            ok = np.where((a.scores[i] >= MATCH) & a.same_cue[i], a.scores[i], -1.0)
            gold = a.golds[int(np.argmax(ok))]
            options = M.speaker_options(a.ctx, c, previous)
            xs.append(M.speaker_features(a.ctx, c, options, stats, a.marg))
            labels = [_speaker_right(mention_chars(t), gold) for t, _ in options]
            ys.append(np.asarray(labels, dtype=np.float32))
            groups.append(len(options))
            previous = c.speaker or previous
    return np.concatenate(xs), np.concatenate(ys), np.asarray(groups, dtype=np.int64)


def train_trees(x: np.ndarray, y: np.ndarray, rounds: int = ROUNDS) -> M.Trees:
    return M.Trees(M.Trees.from_lightgbm(_booster_dump(x, y, PARAMS, rounds)))


TAGGER_PARAMS: dict[str, Any] = {
    "width": 64,  # the embeddings and the maxout layer
    "hidden": 64,  # both LSTMs' states together
    "epochs": 2,  # more overfit: the dev loss rises from the third on
    "min_count": 20,  # an attribute seen fewer times in the training fold is not embedded
    "dropout": 0.1,
    "learn_rate": 0.002,
    "batch": 32,  # sequences per update
    "networks": 3,  # trained from different seeds, their probabilities averaged
}

# the train articles' feature columns, labels and sequences, the folds and each fold's attributes
_TaggerData = tuple[
    list[list[T.Column]], list[np.ndarray], list[list[tuple[int, int]]], list[list[int]], list[list[str]]
]
_TAGGER_DATA: _TaggerData | None = None


class _SparseEmbed:
    """The embedding table of the attributes, updated row by row (Adam on the rows a batch
    touched only, with the moments of the others left as they are): a dense update of the whole
    table after every batch would cost more than the rest of the network."""

    def __init__(self, rows: int, width: int, learn_rate: float, seed: int):
        rng = np.random.default_rng(seed)
        self.table = rng.normal(0.0, 0.02, (rows + 1, width)).astype(np.float32)
        self.table[rows] = 0.0  # the row of no attribute
        self.m = np.zeros_like(self.table)
        self.v = np.zeros_like(self.table)
        self.steps, self.rate, self.none = 0, learn_rate, rows

    def forward(self, model, x: list[np.ndarray], is_train: bool):
        import scipy.sparse

        out = [self.table[ids].sum(axis=1) for ids in x]

        def backprop(d_out: list[np.ndarray]) -> list[np.ndarray]:
            ids = np.concatenate([a.ravel() for a in x])
            token = np.repeat(np.arange(len(ids) // x[0].shape[1]), x[0].shape[1])
            keep = ids != self.none
            rows, inverse = np.unique(ids[keep], return_inverse=True)
            grad = np.vstack(d_out)
            pick = scipy.sparse.csr_matrix(
                (np.ones(int(keep.sum()), np.float32), (inverse, token[keep])), shape=(len(rows), len(grad))
            )
            g = np.asarray(pick @ grad)
            self.steps += 1
            b1, b2 = 0.9, 0.999
            m = self.m[rows] * b1 + (1 - b1) * g
            v = self.v[rows] * b2 + (1 - b2) * g * g
            self.m[rows], self.v[rows] = m, v
            rate = self.rate * (1 - b2**self.steps) ** 0.5 / (1 - b1**self.steps)
            self.table[rows] -= rate * m / (np.sqrt(v) + 1e-8)
            return x

        return out, backprop


def _train_network(job: tuple[int, int]) -> dict[str, np.ndarray]:
    """One tagger network trained on the articles of fold ``f`` (see :func:`train_tagger`) from
    ``seed``; its weights as :class:`tagger.Tagger` keeps them."""
    assert _TAGGER_DATA is not None
    columns, article_labels, seqs, folds, attributes = _TAGGER_DATA
    f, seed = job
    lookup = T.Tagger(attributes[f], [])
    ids: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    for k in folds[f]:
        table = np.stack(lookup.rows(columns[k]), axis=1).astype(np.int32)
        for lo, hi in seqs[k]:
            ids.append(table[lo:hi])
            labels.append(article_labels[k][lo:hi])
    return network_weights(*fit_network(ids, labels, len(attributes[f]), seed))


def fit_network(
    ids: list[np.ndarray], labels: list[np.ndarray], attrs: int, seed: int
) -> tuple[Any, _SparseEmbed]:
    """A thinc network trained on sequences of attribute rows (``ids``: tokens x columns, row
    ``attrs`` for none) and their label numbers, from ``seed``, with its embedding table."""
    from thinc.api import LSTM, Adam, Maxout, Model, Softmax, chain, fix_random_seed, with_array, with_padded

    p = TAGGER_PARAMS
    fix_random_seed(seed)
    embed = _SparseEmbed(attrs, p["width"], p["learn_rate"], seed)
    net: Any = chain(
        Model("embed", embed.forward),
        with_array(Maxout(p["width"], p["width"], nP=2, normalize=True, dropout=p["dropout"])),
        with_padded(LSTM(p["hidden"], p["width"], bi=True, dropout=p["dropout"])),
        with_array(Softmax(len(T.LABELS), p["hidden"])),
    )
    eye = np.eye(len(T.LABELS), dtype=np.float32)
    net.initialize(X=[ids[0]], Y=[eye[labels[0]]])
    optimizer = Adam(p["learn_rate"])
    order = sorted(range(len(ids)), key=lambda k: len(labels[k]))  # batches of similar lengths
    batches = [order[b : b + p["batch"]] for b in range(0, len(order), p["batch"])]
    rng = random.Random(seed)
    for _ in range(p["epochs"]):
        rng.shuffle(batches)
        for batch in batches:
            probs, backprop = net.begin_update([ids[k] for k in batch])
            backprop([q - eye[labels[k]] for q, k in zip(probs, batch)])
            net.finish_update(optimizer)
    return net, embed


def network_weights(net: Any, embed: _SparseEmbed) -> dict[str, np.ndarray]:
    """The weights of a network of :func:`fit_network` as :class:`tagger.Tagger` keeps them."""
    layers = {node.name: node for node in net.walk()}
    maxout, norm, lstm, out = layers["maxout"], layers["layernorm"], layers["lstm"], layers["softmax"]
    weights: dict[str, np.ndarray] = {
        "embed": embed.table[:-1],
        "maxout_W": np.asarray(maxout.get_param("W")),
        "maxout_b": np.asarray(maxout.get_param("b")),
        "norm_G": np.asarray(norm.get_param("G")),
        "norm_b": np.asarray(norm.get_param("b")),
        "out_W": np.asarray(out.get_param("W")),
        "out_b": np.asarray(out.get_param("b")),
    }
    flat = np.asarray(lstm.get_param("LSTM"))
    size, inputs = lstm.get_dim("nO") // 2, lstm.get_dim("nI")
    at = 0
    for side in ("fwd", "bwd"):  # thinc's layout: input weights and bias, then the state's
        parts = []
        for shape in ((4 * size, inputs), (4 * size,), (4 * size, size), (4 * size,)):
            k = int(np.prod(shape))
            parts.append(flat[at : at + k].reshape(shape))
            at += k
        weights[f"{side}_Wx"], weights[f"{side}_Wh"] = parts[0], parts[2]
        weights[f"{side}_b"] = parts[1] + parts[3]
    assert at == flat.size
    return {k: np.array(v, dtype=np.float32) for k, v in weights.items()}


def _attributes(columns: list[list[T.Column]], min_count: int) -> list[str]:
    """The attributes seen at least ``min_count`` times in the articles' ``columns``, sorted."""
    counts: dict[str, int] = {}
    for cols in columns:
        for col in cols:
            seen = np.bincount(col.codes[col.codes >= 0], minlength=len(col.values))
            for value, k in zip(col.values, seen.tolist()):
                if value is not None and k:
                    name = col.prefix + value
                    counts[name] = counts.get(name, 0) + k
    return sorted(name for name, k in counts.items() if k >= min_count)


def _tagger_key() -> str:
    """What the cached tags depend on: the parses they were made from, the tagger's code, the
    lexicon its features read, the training code and settings, thinc's version."""
    import hashlib
    import inspect

    import thinc

    from reader.nlp.quotes import lexicon

    source = _parse_key().encode() + Path(T.__file__).read_bytes() + Path(lexicon.__file__).read_bytes()
    source += repr(sorted(TAGGER_PARAMS.items())).encode() + f"{SEED}-{FOLDS}-{thinc.__version__}".encode()
    for code in (_SparseEmbed, fit_network, network_weights, _train_network, _attributes, train_tagger):
        source += inspect.getsource(code).encode()  # how the networks are trained
    return hashlib.sha1(source).hexdigest()[:12]


def _parse_key() -> str:
    """What the cached parses depend on: the pipeline's model and pipes (a pipe added before the
    parser changes every parse)."""
    import hashlib

    from reader.nlp.pipeline import load_nlp

    nlp = load_nlp()
    meta = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{','.join(nlp.pipe_names)}"
    return hashlib.sha1(meta.encode()).hexdigest()[:8]


def train_tagger(ctxs: list[Context], golds: list[list[Gold]], out: Path | None, log=print):
    """The tagger's probabilities and labels of every train article, each from networks trained on
    the other folds (the folds of :func:`oof_matrix`); the networks trained on all of them are
    written to ``out``."""
    import multiprocessing

    global _TAGGER_DATA
    t0 = time.perf_counter()
    columns = [T.feature_columns(c) for c in ctxs]
    labels = [np.asarray([T.LABELS.index(v) for v in T.gold_labels(c, g)]) for c, g in zip(ctxs, golds)]
    n = len(ctxs)
    folds = [[k for k in range(n) if k % FOLDS != f] for f in range(FOLDS)] + [list(range(n))]
    # each fold its own attributes: none seen only in the fifth it is scored on
    attrs = [_attributes([columns[k] for k in members], TAGGER_PARAMS["min_count"]) for members in folds]
    log(f"tagger features ({time.perf_counter() - t0:.0f}s)")
    per = TAGGER_PARAMS["networks"]
    jobs = [(f, SEED + m) for f in range(len(folds)) for m in range(per)]
    _TAGGER_DATA = (columns, labels, [T.sequences(c) for c in ctxs], folds, attrs)
    try:
        if n >= 50:  # two at a time; the data is shared by fork
            with multiprocessing.get_context("fork").Pool(2) as pool:
                nets = pool.map(_train_network, jobs, chunksize=1)
        else:  # a tiny slice (the tests): in this process
            nets = [_train_network(job) for job in jobs]
    finally:
        _TAGGER_DATA = None
    log(f"tagger trained ({time.perf_counter() - t0:.0f}s)")
    taggers = [T.Tagger(attrs[f], nets[f * per : (f + 1) * per]) for f in range(len(folds))]
    tags: list[Any] = [None] * n
    for f in range(FOLDS):
        for k in range(f, n, FOLDS):
            tags[k] = taggers[f].tag(ctxs[k])
    if out is not None:
        taggers[FOLDS].save(out)
    log(f"tagger out of fold ({time.perf_counter() - t0:.0f}s)")
    return tags


def build(
    corpus: Path,
    cache: Path | None = None,
    limit: int | None = None,
    log=print,
    tagger_out: Path | None = None,
) -> dict[str, Any]:
    t0 = time.perf_counter()
    train_docs = parse_split(corpus, "train", cache, limit)
    log(f"parsed {len(train_docs)} train articles in {time.perf_counter() - t0:.0f}s")
    random.Random(SEED).shuffle(train_docs)
    ctxs = [Context(doc) for _, doc, _ in train_docs]
    kept = cache / f"tags-{len(train_docs)}-{_tagger_key()}.pickle" if cache and tagger_out else None
    if kept is not None and kept.exists():  # a local cache of this machine's own earlier run
        with open(kept, "rb") as f:
            tags, weights = pickle.load(f)
        tagger_out.write_bytes(weights)  # type: ignore[union-attr]
        log("tagger from the cache")
    else:
        tags = train_tagger(ctxs, [g for _, _, g in train_docs], tagger_out, log)
        if kept is not None:
            with open(kept, "wb") as f:
                pickle.dump((tags, tagger_out.read_bytes()), f)  # type: ignore[union-attr]
    articles = [
        _article(rid, doc, golds, ctx, tg) for (rid, doc, golds), ctx, tg in zip(train_docs, ctxs, tags)
    ]
    log(f"candidates built ({time.perf_counter() - t0:.0f}s)")
    x, y = oof_matrix(articles)
    log(f"{len(y)} candidates, {int(y.sum())} match a gold content ({time.perf_counter() - t0:.0f}s)")
    threshold, best = choose_threshold(articles, x, y, log)
    log(f"threshold {threshold:.2f} (cross-validated mean of quote and source F1 {best:.3f})")
    trees_data = M.Trees.from_lightgbm(_booster_dump(x, y))
    stats = stats_of(articles)
    sx, sy, groups = speaker_matrix(articles, stats)
    speaker_data = M.Trees.from_lightgbm(_booster_dump(sx, sy, SPEAKER_PARAMS, SPEAKER_ROUNDS, groups))
    log(f"speaker model: {len(sy)} options, {int(sy.sum())} right")
    log(f"trained in {time.perf_counter() - t0:.0f}s")
    return {
        "version": M.MODEL_VERSION,
        "features": list(M.FEATURES),
        "threshold": threshold,
        "stats": {
            "cue": stats.cue,
            "frame": stats.frame,
            "cue_prior": stats.cue_prior,
            "frame_prior": stats.frame_prior,
        },
        "trees": trees_data,
        "speaker_features": list(M.SPEAKER_FEATURES),
        "speaker_trees": speaker_data,
        "info": {"articles": len(articles), "candidates": len(y), "rounds": ROUNDS, "seed": SEED},
    }


GRID = tuple(round(t, 3) for t in np.arange(0.20, 0.601, 0.025))
# Thresholds whose cross-validated scores are closer than this are not told apart: two trainings on
# the same data, whose taggers differed only in float rounding, moved the scores by up to 0.0004
# at the same threshold. Of those, the lowest is taken: it finds more of what was said.
TIE = 0.0005


def choose_threshold(articles: list[Article], x: np.ndarray, y: np.ndarray, log=print) -> tuple[float, float]:
    """The lowest threshold within :data:`TIE` of the best mean of quote F1 and source F1 over the
    folds, each scored by trees trained on the other folds (the rows of ``x`` are in the fold
    order of :func:`oof_matrix`)."""
    folds = [articles[f::FOLDS] for f in range(FOLDS)]
    sizes = [sum(len(a.cands) for a in fold) for fold in folds]
    bounds = np.cumsum([0, *sizes])
    total = stats_of(articles)
    sums = np.zeros(len(GRID))
    for f, fold in enumerate(folds):
        inside = np.zeros(len(y), dtype=bool)
        inside[bounds[f] : bounds[f + 1]] = True
        trees = train_trees(x[~inside], y[~inside])
        cue = {k: list(v) for k, v in total.cue.items()}
        frame = {k: list(v) for k, v in total.frame.items()}
        for a in fold:
            _add(cue, a.cue_counts, -1)
            _add(frame, a.frame_counts, -1)
        stats = _stats(cue, frame)
        probs = [M.probabilities(a.ctx, a.cands, stats, a.n_rules, trees, a.marg) for a in fold]
        for k, t in enumerate(GRID):
            res = score(fold, probs, t, stats)
            sums[k] += (res["F1"] + res["source_F1"]) / 2  # the quotes found and who said them
    log("threshold grid: " + " ".join(f"{t:.3f}:{v / FOLDS:.4f}" for t, v in zip(GRID, sums)))
    means = sums / FOLDS
    k = int(np.flatnonzero(means >= means.max() - TIE)[0])  # the lowest of the best
    return GRID[k], float(means[k])


def _booster_dump(
    x: np.ndarray,
    y: np.ndarray,
    params: dict[str, Any] = PARAMS,
    rounds: int = ROUNDS,
    groups: np.ndarray | None = None,
) -> dict[str, Any]:
    """LightGBM's dump of trees trained on ``x``, ``y`` (``groups``: the sizes of the ranked groups)."""
    import lightgbm as lgb

    return lgb.train(params, lgb.Dataset(x, y, group=groups), num_boost_round=rounds).dump_model()


def save(data: dict[str, Any], path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = Path(__file__).resolve()
    ap.add_argument("--corpus", type=Path, default=here.parents[3].parent / "shared/corpora/polnear")
    ap.add_argument("--out", type=Path, default=M.MODEL_PATH)
    ap.add_argument("--cache", type=Path, default=None, help="keep the parses here between runs")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles of each split")
    args = ap.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tagger_out = args.out.with_name(T.TAGGER_PATH.name)  # beside the model
    data = build(args.corpus, args.cache, args.limit, tagger_out=tagger_out)
    save(data, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    model = M.AttributionModel.from_json(data)
    tagger = T.Tagger.load(tagger_out)
    dev = []
    for rid, d, g in parse_split(args.corpus, "dev", args.cache, args.limit):
        ctx = Context(d)
        dev.append(_article(rid, d, g, ctx, tagger.tag(ctx)))
    for name, spk in (("rules' speakers", None), ("speaker model", model.speaker_trees)):
        res = evaluate(dev, model.trees, model.stats, model.threshold, spk)
        print(f"dev ({name}): " + " ".join(f"{k} {v:.3f}" for k, v in res.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
