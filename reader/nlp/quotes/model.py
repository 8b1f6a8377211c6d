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

import gzip
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from reader.core.errors import AttributionModelError
from reader.nlp.quotes.candidates import all_candidates
from reader.nlp.quotes.decision import Steps, decide
from reader.nlp.quotes.features import FEATURES, Stats, features, frame_key
from reader.nlp.quotes.spans import Candidate, can_speak
from reader.nlp.quotes.speaker_choice import SPEAKER_FEATURES
from reader.nlp.quotes.tagger import TAGGER_PATH, Tagger, tagger_candidates
from reader.nlp.quotes.trees import Trees
from reader.nlp.version import (
    MODEL_PATH as MODEL_PATH,
)  # (the files' one home)
from reader.nlp.version import (
    MODEL_VERSION as MODEL_VERSION,
)

if TYPE_CHECKING:
    from reader.nlp.quotes.context import Context


@dataclass
class AttributionModel:
    trees: Trees
    speaker_trees: Trees
    stats: Stats
    threshold: float
    info: dict[str, Any]
    tagger: Tagger | None = None  # the sequence tagger whose marginals are features (tagger.py)
    steps: Steps = field(
        default_factory=Steps
    )  # what decide() does after the trees, as cross-validation chose

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
