"""Shared fixtures. Qt runs offscreen; the spaCy model is loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "seed_article.txt"
SEED_GOLD = SHARED / "acceptance" / "seed_article.gold.json"
POLNEAR = SHARED / "corpora" / "polnear"


@pytest.fixture(scope="session")
def nlp():
    from reader.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    assert SEED.is_file(), f"the seed article is expected at {SEED}"
    return SEED


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    import json

    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_analysis(seed_path):
    from reader.core.loaders import load
    from reader.nlp.pipeline import analyze

    return analyze(load(seed_path))


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch):
    """QSettings and other per-user files go to a temporary home, never the real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
