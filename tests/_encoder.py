"""A tiny encoder of the real architecture (reader/nlp/quotes/encoder.py) with random weights and a
hand-written vocabulary: the encoder's arithmetic, windows and word pieces are tested without the
pretrained weights, which the released reader does not ship."""

from __future__ import annotations

import numpy as np

from reader.nlp.quotes import encoder

VOCAB = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "mayor", "said", "plan", "failed", "prices", "rose",
    "she", "council", "met", "on", "monday", "and", "voted", "budget", "officials", "again", "k",
    "ku", "##u", "##sh", "##s", "##ner", "##n", "cafe", "naive", ".", ",", "!", "“", "”", "—", "3",
    "400", "o", "’", "rourke", "critics", "however", "disagreed", "warned", "that", "costs", "would",
    "rise", "km", "/", "h",
]  # fmt: skip


def tiny_encoder(layers: int = 2, seed: int = 5) -> encoder.Encoder:
    return encoder.Encoder(tiny_arrays(layers, seed), VOCAB)


def tiny_arrays(layers: int = 2, seed: int = 5) -> dict[str, np.ndarray]:
    """The arrays of :func:`tiny_encoder`, as its file would hold them (without the vocabulary)."""
    rng = np.random.default_rng(seed)
    w = encoder.WIDTH

    def r(*shape: int) -> np.ndarray:
        return (rng.normal(size=shape) * 0.05).astype(np.float16)

    words = rng.normal(size=(len(VOCAB), w)).astype(np.float32)
    scale = np.abs(words).max(axis=1) / 127.0
    arrays: dict[str, np.ndarray] = {
        "layers": np.asarray(layers),
        "word_q": np.round(words / scale[:, None]).astype(np.int8),
        "word_scale": scale.astype(np.float32),
        "pos": r(512, w),
        "type0": r(w),
        "emb_g": np.ones(w, np.float16),
        "emb_b": np.zeros(w, np.float16),
    }
    for k in range(layers):
        for name, shape in (
            ("q", (w, w)),
            ("k", (w, w)),
            ("v", (w, w)),
            ("o", (w, w)),
            ("i", (1536, w)),
            ("f", (w, 1536)),
        ):
            arrays[f"l{k}/{name}_w"] = r(*shape)
            arrays[f"l{k}/{name}_b"] = r(shape[0])
        for norm in ("n1", "n2"):
            arrays[f"l{k}/{norm}_g"] = np.ones(w, np.float16)
            arrays[f"l{k}/{norm}_b"] = np.zeros(w, np.float16)
    return arrays
