"""The layering rules are import-linter contracts (pyproject.toml, run by `lint-imports` in .ci/run);
this test keeps them strict: indirect imports count, and the one exception stays the one."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["importlinter"]["contracts"]


def test_architecture_contracts_are_strict():
    contracts = _contracts()
    assert {c["name"] for c in contracts} == {
        "Qt and pyqtgraph only in reader.ui",
        "spaCy only in reader.nlp",
        "Layers",
    }
    for c in contracts:
        assert c.get("allow_indirect_imports", False) is False, c["name"]
    ignored = [i for c in contracts for i in c.get("ignore_imports", [])]
    assert ignored == ["reader.ui.controller -> reader.nlp.pipeline"]  # the worker runs the analysis


def test_architecture_contracts_hold():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0
