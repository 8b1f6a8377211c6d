"""A sequence tagger of attributions: which tokens are a content, a cue or a source.

The rules and frames (:mod:`direct`, :mod:`reported`, :mod:`frames`) find contents that hang on a cue in the
parse. Some contents do not: a noun phrase cut short by the parse, a content before its cue or
around it ("videos he calls propaganda"), a clause across a sentence break. A bidirectional LSTM
labels every token of a paragraph ``O``, ``B`` (first token of a content), ``I`` (the rest of it),
``C`` (cue) or ``S`` (source). Its input is the token's attributes: its words, tags, dependency,
entity, quotation marks, the cue word it hangs under and the nearest ones on each side, and its
neighbours' words and tags; the LSTMs read them across the whole paragraph. Trained with thinc on
PolNeAR's train split with the attribution model (:mod:`training`); the weights ship beside this
module as plain arrays and run with numpy (:class:`Tagger`).

Its two uses in :mod:`model`: the contents it tags that no candidate has become candidates of their
own (``origin="tagger"``), and every candidate gets the tagger's probabilities over its tokens (how
sure the tagger is that the candidate's tokens are a content, that it starts where the candidate
starts, that the token before and after are not) as features.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, LOWER, ORTH, POS, TAG

from reader.nlp.quotes import lexicon
from reader.nlp.quotes.spans import Candidate, token_chars, trim_tokens
from reader.nlp.version import (
    TAGGER_PATH as TAGGER_PATH,
)  # (the files' one home)
from reader.nlp.version import (
    TAGGER_VERSION as TAGGER_VERSION,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from spacy.tokens import Doc, Token

    from reader.nlp.quotes.context import Context


class GoldSpans(Protocol):
    """A gold attribution's character spans (the training's ``Gold``)."""

    content: list[tuple[int, int]]
    cues: list[tuple[int, int]]
    sources: list[tuple[int, int]]


LABELS = ("O", "B", "I", "C", "S")
ANCESTOR_DEPTH = 6
MAX_SEQUENCE = 400  # tokens tagged as one sequence (a paragraph, or a piece of a long one)


def _clean(value: str) -> str:
    """A feature value without white space (an attribute name is one word)."""
    if value and not any(ch.isspace() for ch in value):
        return value
    return "_".join(value.split()) or "<sp>"


def _family(lemma: str, families: tuple[tuple[str, frozenset[str]], ...] = lexicon.CUE_FAMILIES) -> str:
    """The name of the first of ``families`` that holds ``lemma`` ("" for none)."""
    return next((name for name, words in families if lemma in words), "")


class Column:
    """One kind of feature for every token: token ``i`` has the attribute ``prefix + values[codes[i]]``
    (none where ``codes[i]`` is -1 or the value is None). Values are few (the distinct words, tags ...),
    so the attributes are looked up once per value, not once per token."""

    __slots__ = ("codes", "prefix", "values")

    def __init__(self, prefix: str, values: list[str | None], codes: np.ndarray):
        self.prefix, self.values, self.codes = prefix, values, codes

    def shifted(self, prefix: str, k: int) -> Column:
        """The column of the token ``k`` places away (none beyond the ends)."""
        n = len(self.codes)
        codes = np.full(n, -1, dtype=np.int64)
        if k > 0:
            codes[: max(0, n - k)] = self.codes[k:]
        else:
            codes[-k:] = self.codes[: max(0, n + k)]
        return Column(prefix, self.values, codes)


def _column(prefix: str, keys: np.ndarray, value: Callable[[int], str | None]) -> Column:
    """A column from per-token integer keys and the value of each distinct key."""
    uniq, codes = np.unique(keys, return_inverse=True)
    return Column(prefix, [value(int(u)) for u in uniq.tolist()], codes.astype(np.int64).ravel())


def _pair(prefix: str, a: Column, b: Column, sep: str = "|", need_a: bool = False) -> Column:
    """A column of two columns' values joined (None where ``need_a`` and ``a`` has none)."""
    width = len(b.values) + 1
    keys = (a.codes + 1) * width + (b.codes + 1)

    def value(key: int) -> str | None:
        x = a.values[key // width - 1] if key // width else None
        y = b.values[key % width - 1] if key % width else None
        if need_a and not x:
            return None
        return f"{x or ''}{sep}{y or ''}"

    return _column(prefix, keys, value)


def feature_columns(ctx: Context) -> list[Column]:
    """The tagger's features of the tokens of ``ctx.doc``, as columns."""
    doc: Doc = ctx.doc
    n = len(doc)
    if n == 0:
        return []
    strings = doc.vocab.strings
    arr = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, ENT_IOB, HEAD, ORTH])
    head = np.arange(n) + arr[:, 7].astype(np.int64)

    def coded(prefix: str, k: int, fn: Callable[[str], str] = _clean) -> Column:
        return _column(prefix, arr[:, k], lambda h: fn(strings[h]))

    lower = coded("w=", 0)
    lemma = coded("l=", 1, lambda x: _clean(x).lower())
    pos, tag, dep = coded("p=", 2), coded("t=", 3), coded("d=", 4)

    def family(prefix: str, families: tuple[tuple[str, frozenset[str]], ...]) -> Column:
        return Column(prefix, [_family(x or "", families) or None for x in lemma.values], lemma.codes)

    fam, role = family("fam=", lexicon.CUE_FAMILIES), family("role=", lexicon.SPEAKER_FAMILIES)
    quoted = np.frombuffer(bytes(ctx.quoted), dtype=np.uint8)
    inq = Column("q=", ["0", "1"], quoted[np.asarray(ctx.arrays.idx, dtype=np.int64)].astype(np.int64))
    shape = coded("s=", 8, _shape)
    ent = coded("", 5)
    ent_iob = ent.codes * 4 + arr[:, 6].astype(np.int64)

    def ent_value(key: int) -> str:
        e = ent.values[key // 4] or ""
        return e + ("B" if key % 4 == 3 else "I" if e else "")

    def at(col: Column, idx: np.ndarray, prefix: str) -> Column:
        return Column(prefix, col.values, col.codes[idx])

    anc = _ancestors(head, dep, fam)
    everyone = np.zeros(n, dtype=np.int64)
    columns = [
        Column("b", [""], everyone),
        lower,
        lemma,
        pos,
        tag,
        dep,
        _pair("hd=", at(dep, head, ""), at(pos, head, "")),
        at(lemma, head, "hl="),
        _pair("dh=", dep, at(fam, head, "")),
        inq,
        shape,
        _column("e=", ent_iob, ent_value),
        fam,
        _pair("fp=", fam, pos, need_a=True),
        role,
        anc,
        Column("a2=", [v[: v.index("|", v.index("|") + 1)] if v else None for v in anc.values], anc.codes),
        Column("ss", [""], np.where(np.asarray(ctx.arrays.sent_start, dtype=bool), 0, -1)),
        Column("hr", [""], np.where(head > np.arange(n), 0, -1)),
    ]
    columns += _nearest_family(ctx, fam)
    columns.append(_pair("bg=", lemma.shifted("", -1), lemma))
    for k in (-2, -1, 1, 2):
        parts = [(lemma, "l="), (pos, "p="), (inq, "q=")]
        if k in (-1, 1):
            parts += [(dep, "d="), (shape, "s="), (fam, "fam=")]
        columns += [col.shifted(f"{k}{name}", k) for col, name in parts]
        pad = np.full(n, -1, dtype=np.int64)
        edge = min(abs(k), n)
        if k > 0:
            pad[n - edge :] = 0
        else:
            pad[:edge] = 0
        columns.append(Column(f"{k}pad", [""], pad))
    return columns


_DISTANCE_BINS = np.asarray([1, 2, 3, 6, 11])  # 1, 2, 3-5, 6-10, 11 or more words away


def _nearest_family(ctx: Context, fam: Column) -> list[Column]:
    """Per token, the nearest word of saying in its sentence on each side: its family and how far."""
    n = len(fam.codes)
    is_fam = np.asarray([v is not None for v in fam.values] + [False])[fam.codes]
    pos = np.arange(n)
    bounds = np.asarray(ctx.sent_starts)  # sentence k: tokens [bounds[k], bounds[k + 1])
    sent_lo = bounds[ctx.sent_id]
    sent_hi = bounds[ctx.sent_id + 1]
    out = []
    for name, side in (("lf=", -1), ("rf=", 1)):
        marks = np.where(is_fam, pos, -1 if side < 0 else n)
        if side < 0:
            near = np.maximum.accumulate(np.concatenate([[-1], marks[:-1]]))
            ok = near >= sent_lo
        else:
            near = np.minimum.accumulate(np.concatenate([marks[1:], [n]])[::-1])[::-1]
            ok = near < sent_hi
        safe = np.clip(near, 0, n - 1)
        dist = np.searchsorted(_DISTANCE_BINS, np.abs(safe - pos), side="right")
        key = np.where(ok, fam.codes[safe] * 8 + dist, -1)

        def value(k: int) -> str | None:
            return None if k < 0 else f"{fam.values[k // 8]}|{k % 8}"

        out.append(_column(name, key, value))
    return out


def _shape(text: str) -> str:
    c = text[:1]
    if c.isupper():
        return "X"
    if c.isdigit():
        return "d"
    if c.isalpha():
        return "x"
    if text in "\"“”'‘’``''":
        return "q"
    return _clean(c)


def _ancestors(head: np.ndarray, dep: Column, fam: Column) -> Column:
    """Per token, the first ancestor (at most :data:`ANCESTOR_DEPTH` up) that is a word of saying:
    its family, the dependency of the child that leads to it, how far up (3 or more), and on which
    side, as ``family|dep|distance|side``."""
    n = len(head)
    is_fam = np.asarray([v is not None for v in fam.values] + [False])[fam.codes]
    cur = np.arange(n)
    found = np.full(n, -1, dtype=np.int64)  # the ancestor
    via = np.zeros(n, dtype=np.int64)  # its child on the path
    depth = np.zeros(n, dtype=np.int64)
    for d in range(1, ANCESTOR_DEPTH + 1):
        nxt = head[cur]
        moving = (nxt != cur) & (found < 0)
        hit = moving & is_fam[nxt]
        found[hit], via[hit], depth[hit] = nxt[hit], cur[hit], min(d, 3)
        cur = np.where(moving, nxt, cur)
    ok = found >= 0
    safe = np.where(ok, found, 0)
    side = (np.arange(n) < safe).astype(np.int64)
    key = ((fam.codes[safe] * (len(dep.values) + 1) + dep.codes[via]) * 4 + depth) * 2 + side
    key = np.where(ok, key, -1)
    width = len(dep.values) + 1

    def value(k: int) -> str | None:
        if k < 0:
            return None
        rest, s = divmod(k, 2)
        rest, dist = divmod(rest, 4)
        f, dp = divmod(rest, width)
        return f"{fam.values[f]}|{dep.values[dp]}|{dist}|{'L' if s else 'R'}"

    return _column("a=", key, value)


def token_features(ctx: Context) -> list[list[str]]:
    """The tagger's features of every token of ``ctx.doc``, as a list of attribute names per token
    (for reading; the tagger itself reads :func:`feature_columns`)."""
    rows: list[list[str]] = [[] for _ in range(len(ctx.doc))]
    for col in feature_columns(ctx):
        names = [None if v is None else col.prefix + v for v in col.values]
        for row, c in zip(rows, col.codes.tolist(), strict=True):
            if c >= 0 and names[c] is not None:
                row.append(names[c])
    return rows


def sequences(ctx: Context) -> list[tuple[int, int]]:
    """The token ranges tagged as one sequence: paragraphs, cut at sentence starts when long."""
    n = len(ctx.doc)
    breaks = set(ctx.arrays.breaks)
    out: list[tuple[int, int]] = []
    lo = 0
    starts = ctx.arrays.sent_start
    for i in range(n):
        cut = i in breaks or i + 1 == n
        if not cut and i - lo + 1 >= MAX_SEQUENCE and i + 1 < n and starts[i + 1]:
            cut = True
        if not cut and i - lo + 1 >= 2 * MAX_SEQUENCE:
            cut = True
        if cut:
            out.append((lo, i + 1))
            lo = i + 1
    return out


class Tagger:
    """A trained bidirectional LSTM tagger as plain arrays, evaluated with numpy.

    A token's input is the sum of the embeddings of its feature attributes (those of
    :func:`feature_columns` seen often enough in training; the others count for nothing), then a
    maxout layer with layer normalisation; an LSTM reads each sequence left to right and another
    right to left, and a softmax over both states gives the token's label probabilities. The
    networks are trained with thinc (:mod:`training`), whose LSTM keeps its gates in the order
    forget, input, output, cell; the same arithmetic is written out here, so the shipped tagger
    needs only numpy. Several networks trained from different seeds may be kept: their
    probabilities are averaged."""

    BUDGET = 4096  # sequences x steps run side by side (memory and time per piece stay small)
    CHUNK = 2048  # tokens embedded at a time
    ARRAYS = (
        *("embed", "maxout_W", "maxout_b", "norm_G", "norm_b"),
        *("fwd_Wx", "fwd_Wh", "fwd_b", "bwd_Wx", "bwd_Wh", "bwd_b", "out_W", "out_b"),
    )

    def __init__(self, attrs: list[str], nets: list[dict[str, np.ndarray]], provenance: str = ""):
        self.attrs = attrs
        self.provenance = provenance  # JSON: how the file was made (see training.provenance)
        keys = self.ARRAYS + (("enc_W",) if nets and "enc_W" in nets[0] else ())
        self.nets = [{k: np.asarray(net[k], dtype=np.float32) for k in keys} for net in nets]
        self.width = self.nets[0]["embed"].shape[1] if self.nets else 0
        # the encoder's states enter each network's input through a projection of its own, side
        # by side like the embeddings (None: a tagger of the token attributes alone)
        self.projection: np.ndarray | None = (
            np.hstack([net.pop("enc_W") for net in self.nets]) if "enc_W" in keys else None
        )
        # every network's embeddings side by side (one row more: the attribute no feature has,
        # embedded as zeros), and their LSTMs stacked; the networks keep the rest
        none = np.zeros((1, 0), dtype=np.float32)  # no network: a lookup of attributes only
        stacked = _stack(self.nets) if self.nets else (none, none, none, none)
        self.embed: np.ndarray = stacked[0]
        self.wx: np.ndarray = stacked[1]
        self.wh: np.ndarray = stacked[2]
        self.bias: np.ndarray = stacked[3]
        for net in self.nets:
            del net["embed"]
        # attribute -> row, by prefix: a token's attribute is found with one lookup of its value
        self.index: dict[str, dict[str, int]] = {}
        for row, attr in enumerate(attrs):
            cut = attr.find("=") + 1
            self.index.setdefault(attr[:cut] if cut else attr, {})[attr[cut:] if cut else ""] = row

    @classmethod
    def load(cls, path: Path) -> Tagger:
        with np.load(path, allow_pickle=False) as z:
            if int(z["version"]) != TAGGER_VERSION:
                raise ValueError(f"tagger version {int(z['version'])}, {TAGGER_VERSION} expected")
            keys = cls.ARRAYS + (("enc_W",) if "0/enc_W" in z.files else ())
            nets = [{k: z[f"{m}/{k}"].astype(np.float32) for k in keys} for m in range(int(z["networks"]))]
            made = str(z["provenance"]) if "provenance" in z.files else ""
            return cls(z["attrs"].tolist(), nets, made)

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {
            "version": np.asarray(TAGGER_VERSION),
            "labels": np.asarray(LABELS),
            "attrs": np.asarray(self.attrs),
            "networks": np.asarray(len(self.nets)),
            "provenance": np.asarray(self.provenance),
        }
        for m, net in enumerate(self.nets):
            for k in self.ARRAYS:
                value = self.embed[:-1, m * self.width : (m + 1) * self.width] if k == "embed" else net[k]
                # the embeddings are most of the file: half precision is plenty for a sum of them
                arrays[f"{m}/{k}"] = value.astype(np.float16 if k == "embed" else np.float32)
            if self.projection is not None:
                part = self.projection[:, m * self.width : (m + 1) * self.width]
                arrays[f"{m}/enc_W"] = part.astype(np.float32)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as f:
            np.savez_compressed(f, **arrays)
        tmp.replace(path)

    def rows(self, columns: list[Column]) -> list[np.ndarray]:
        """Per column, the attribute row of every token (``len(attrs)``: none)."""
        none = len(self.attrs)
        out = []
        for col in columns:
            table = self.index.get(col.prefix)
            if not table:
                continue
            rows = np.asarray([none if v is None else table.get(v, none) for v in col.values] + [none])
            out.append(rows[col.codes])  # code -1: the last entry, no attribute
        return out

    @property
    def uses_encoder(self) -> bool:
        return self.projection is not None

    def tag(self, ctx: Context, states: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
        """Per token, the probability of every label (columns in :data:`LABELS` order), and the
        likeliest label of each token. ``states``: the encoder's states of ``ctx.doc``, computed
        with the shipped encoder when the tagger uses one and none are given."""
        n = len(ctx.doc)
        marg = np.zeros((n, len(LABELS)), dtype=np.float32)
        if n == 0 or not self.nets:
            marg[:, 0] = 1.0
            return marg, ["O"] * n
        embed, wx, wh, bias = self.embed, self.wx, self.wh, self.bias
        rows = self.rows(feature_columns(ctx))
        x = np.zeros((n, embed.shape[1]), dtype=np.float32)  # every network's input side by side
        part = np.empty((self.CHUNK, embed.shape[1]), dtype=np.float32)
        for lo in range(0, n, self.CHUNK):  # a piece at a time: the sums stay in the cache
            hi = min(n, lo + self.CHUNK)
            for r in rows:
                np.take(embed, r[lo:hi], axis=0, out=part[: hi - lo])
                x[lo:hi] += part[: hi - lo]
        if self.projection is not None:
            if states is None:
                from reader.nlp.quotes import encoder

                enc = encoder.shipped()
                if enc is None:
                    raise FileNotFoundError(encoder.ENCODER_PATH)
                x += enc.states(ctx.doc, self.projection)  # projected window by window
            else:
                x += states.astype(np.float32, copy=False) @ self.projection
        width = self.width
        z = np.stack(
            [
                _normalise(_maxout(x[:, k * width : (k + 1) * width], net), net)
                for k, net in enumerate(self.nets)
            ]
        )
        seqs = sorted(sequences(ctx), key=lambda r: r[1] - r[0])
        b = 0
        while b < len(seqs):  # sequences of similar lengths side by side, within a budget of steps
            e = b + 1
            while e < len(seqs) and (e + 1 - b) * (seqs[e][1] - seqs[e][0]) <= self.BUDGET:
                e += 1
            self._run(z, wx, wh, bias, seqs[b:e], marg)
            b = e
        marg /= len(self.nets)
        best = marg.argmax(axis=1)
        return marg, [LABELS[k] for k in best.tolist()]

    def _run(
        self,
        z: np.ndarray,
        wx: np.ndarray,
        wh: np.ndarray,
        bias: np.ndarray,
        seqs: list[tuple[int, int]],
        marg: np.ndarray,
    ) -> None:
        """Every network's two LSTMs and softmax over sequences side by side; adds the networks'
        probabilities to ``marg``."""
        lengths = np.asarray([hi - lo for lo, hi in seqs])
        starts = np.asarray([lo for lo, _ in seqs])
        pos = np.arange(int(lengths.max()))
        valid = pos[None, :] < lengths[:, None]  # (sequences, steps)
        ahead = np.where(valid, starts[:, None] + pos[None, :], 0)
        # right to left: the same loop over each sequence reversed (its padding stays at the end)
        behind = np.where(valid, starts[:, None] + lengths[:, None] - 1 - pos[None, :], 0)
        inputs = np.stack([z[k][idx] for k in range(len(z)) for idx in (ahead, behind)])
        states = _lstm(inputs, wx, wh, bias)  # (2 * networks, sequences, steps, size)
        seq, step = np.nonzero(valid)  # in token order
        tokens = ahead[seq, step]
        back = lengths[seq] - 1 - step
        for k, net in enumerate(self.nets):
            h = np.hstack([states[2 * k][seq, step], states[2 * k + 1][seq, back]])
            logits = h @ net["out_W"].T + net["out_b"]
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            marg[tokens] += p / p.sum(axis=1, keepdims=True)


def _stack(nets: list[dict[str, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The networks' embeddings side by side, and their LSTMs' weights stacked (forward and
    backward of the first network, then of the next ...), transposed for ``x @ w``."""
    embed = np.hstack([net["embed"] for net in nets])
    embed = np.vstack([embed, np.zeros((1, embed.shape[1]), np.float32)])
    sides = [(net, side) for net in nets for side in ("fwd", "bwd")]
    wx = np.stack([net[f"{side}_Wx"].T for net, side in sides])
    wh = np.stack([net[f"{side}_Wh"].T for net, side in sides])
    bias = np.stack([net[f"{side}_b"] for net, side in sides])
    return embed, wx, wh, bias


def _maxout(x: np.ndarray, net: dict[str, np.ndarray]) -> np.ndarray:
    pieces = net["maxout_b"].shape[1]
    y = x @ net["maxout_W"].reshape(-1, x.shape[1]).T + net["maxout_b"].reshape(-1)
    out = y[:, ::pieces]  # the units' pieces are side by side
    for k in range(1, pieces):
        out = np.maximum(out, y[:, k::pieces])
    return np.asarray(out)


def _normalise(x: np.ndarray, net: dict[str, np.ndarray]) -> np.ndarray:
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True) + 1e-8
    return np.asarray((x - mu) / np.sqrt(var) * net["norm_G"] + net["norm_b"])


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -20.0, 20.0))))  # clipped as thinc clips it


def _lstm(x: np.ndarray, wx: np.ndarray, wh: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """The hidden states of LSTMs side by side: ``x`` is (LSTMs, sequences, steps, inputs), each
    LSTM with its weights (``wx``: LSTMs x inputs x 4 size, ``wh``: LSTMs x size x 4 size, ``bias``)
    and zero first states; gates in the order forget, input, output, cell."""
    lstms, m, width, inputs = x.shape
    size = wh.shape[1]
    gates = np.matmul(x.reshape(lstms, m * width, inputs), wx).reshape(lstms, m, width, 4 * size)
    gates += bias[:, None, None, :]  # the input's part of every step at once
    h = np.zeros((lstms, m, size), dtype=np.float32)
    c = np.zeros((lstms, m, size), dtype=np.float32)
    out = np.empty((lstms, m, width, size), dtype=np.float32)
    for t in range(width):
        g = gates[:, :, t] + np.matmul(h, wh)
        gate = _sigmoid(g[..., : 3 * size])  # forget, input, output
        c = gate[..., :size] * c + gate[..., size : 2 * size] * np.tanh(g[..., 3 * size :])
        h = gate[..., 2 * size :] * np.tanh(c)
        out[:, :, t] = h
    return out


def tagger_candidates(ctx: Context, best: list[str]) -> list[Candidate]:
    """One candidate per content the tagger labels (a ``B`` and the ``I`` after it, or a run of ``I``),
    with the nearest cue and source it labels in the same sentence."""
    doc = ctx.doc
    n = len(doc)
    out: list[Candidate] = []
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if best[i] in ("B", "I"):
            j = i + 1
            while j < n and best[j] == "I":
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    for lo, hi in runs:
        tlo, thi = trim_tokens(doc, lo, _before_time(doc, lo, hi))
        if thi <= tlo:
            continue
        s_lo, s_hi = ctx.sentence(lo)
        s_lo = min(s_lo, ctx.sentence(max(lo - 1, 0))[0]) if lo > s_lo else s_lo
        s_hi = max(s_hi, ctx.sentence(hi - 1)[1])
        cue = _nearest_run(best, "C", s_lo, s_hi, lo, hi)
        src = _nearest_run(best, "S", s_lo, s_hi, *(cue if cue else (lo, hi)))
        cue_head = _run_head(doc, cue) if cue else None
        speaker = _run_head(doc, src) if src else None
        start, end = token_chars(doc, tlo, thi)
        out.append(
            Candidate(
                start,
                end,
                cue,
                cue_head,
                speaker,
                "tagger",
                kind=ctx.counts.kind(start, end),
                frame="tagger",
            )
        )
    return out


_TIME = ("DATE", "TIME")


def _before_time(doc: Doc, lo: int, hi: int) -> int:
    """The end of a tagged content without a time at its end ("rejected [that criticism] on
    Tuesday"): when it is said is the attribution's, not the content's."""
    end = hi
    while end > lo and (doc[end - 1].ent_type_ in _TIME or doc[end - 1].is_punct):
        end -= 1
    if end == hi or not any(doc[i].ent_type_ in _TIME for i in range(end, hi)):
        return hi
    if end > lo and doc[end - 1].pos_ == "ADP":
        end -= 1
    return end if end > lo else hi


def _nearest_run(best: list[str], label: str, lo: int, hi: int, a: int, b: int) -> tuple[int, int] | None:
    """The run of ``label`` in [lo, hi) nearest to the token range [a, b), outside it."""
    found: tuple[int, int] | None = None
    dist = 10**9
    i = lo
    while i < hi:
        if best[i] == label:
            j = i + 1
            while j < hi and best[j] == label:
                j += 1
            d = a - j if j <= a else i - b if i >= b else 0
            if d < dist:
                found, dist = (i, j), d
            i = j
        else:
            i += 1
    return found


def _run_head(doc: Doc, run: tuple[int, int]) -> Token:
    """The token of ``run`` whose head lies outside it (the last such, for a flat run)."""
    lo, hi = run
    for i in range(lo, hi):
        tok = doc[i]
        if not lo <= tok.head.i < hi or tok.head.i == i:
            return tok
    return doc[hi - 1]


def gold_labels(ctx: Context, golds: Iterable[GoldSpans]) -> list[str]:
    """The training labels of every token, from gold content, cue and source character spans."""
    doc = ctx.doc
    n = len(doc)
    labels = ["O"] * n
    idx = ctx.arrays.idx
    ends = ctx.arrays.end

    def tokens(spans: Iterable[tuple[int, int]]) -> Iterator[int]:
        for s, e in spans:
            lo = ctx.index.token_at(s)
            for i in range(lo, n):
                if idx[i] >= e:
                    break
                if ends[i] > s:
                    yield i

    for g in golds:
        for piece in g.content:
            first = True
            for i in tokens([piece]):
                if doc[i].is_space:
                    continue
                labels[i] = "B" if first else "I"
                first = False
    for g in golds:
        for i in tokens(g.cues):
            labels[i] = "C"
        for i in tokens(g.sources):
            if labels[i] == "O":
                labels[i] = "S"
    return labels
