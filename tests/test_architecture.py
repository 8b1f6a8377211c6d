"""Layering rules: Qt/pyqtgraph only in reader.ui, spaCy only in reader.nlp."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "reader"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules(sub: str | None = None):
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG)
        yield rel, path


def test_architecture_qt_only_in_ui():
    offenders = []
    for rel, path in _modules():
        if rel.parts[0] == "ui" or rel.name in {"cli.py", "__main__.py"}:
            continue
        bad = _imports(path) & {"PySide6", "pyqtgraph", "shiboken6"}
        if bad:
            offenders.append(f"{rel}: {sorted(bad)}")
    assert offenders == []


def test_architecture_spacy_only_in_nlp():
    offenders = []
    for rel, path in _modules():
        if rel.parts[0] == "nlp":
            continue
        bad = _imports(path) & {"spacy", "thinc"}
        if bad:
            offenders.append(f"{rel}: {sorted(bad)}")
    assert offenders == []


def test_architecture_core_imports_no_other_layer():
    offenders = []
    for rel, path in _modules():
        if rel.parts[0] != "core":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("reader.")
                and node.module.split(".")[1] != "core"
            ):
                offenders.append(f"{rel}: {node.module}")
    assert offenders == []
