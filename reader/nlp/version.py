"""The attribution model's files and the version of what they find, without loading them.

spaCy-free on purpose: the window asks whether a stored analysis is still current (same analyser
version) before any model is loaded, and the library records the version with every article.
"""

from __future__ import annotations

import hashlib
import threading
import zipfile
from pathlib import Path

_QUOTES = Path(__file__).resolve().with_name("quotes")
MODEL_VERSION = 2  # bump when the features change; the shipped file must carry the same number
MODEL_PATH = _QUOTES / "attribution_model.json.gz"
TAGGER_VERSION = 2  # bump when the features change; the shipped file must carry the same number
TAGGER_PATH = _QUOTES / "attribution_tagger.npz"
ENCODER_PATH = _QUOTES / "attribution_encoder.npz"

_version: str | None = None
_lock = threading.Lock()


def attribution_model_version() -> str:
    """The shipped attribution model's and tagger's versions and a digest of their files (a
    retrained model changes what is found)."""
    global _version
    with _lock:
        if _version is None:
            digest = hashlib.sha256()
            paths = [MODEL_PATH, TAGGER_PATH]
            # the encoder only when the tagger reads it: a copy built for training changes nothing
            if TAGGER_PATH.is_file():
                with zipfile.ZipFile(TAGGER_PATH) as z:
                    if "0/enc_W.npy" in z.namelist():
                        paths.append(ENCODER_PATH)
            for path in paths:
                digest.update(path.read_bytes() if path.is_file() else b"")
            _version = f"{MODEL_VERSION}.{TAGGER_VERSION}.{digest.hexdigest()[:12]}"
    return _version
