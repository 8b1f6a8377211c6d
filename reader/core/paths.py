"""Where bundled resources live, found with ``importlib.resources``: inside the package
(``reader/resources``) when installed from a wheel or frozen with PyInstaller (both put them
there), else beside the package in a source checkout (the top-level ``resources/``)."""

from __future__ import annotations

from importlib import resources as _resources
from pathlib import Path


def resources_dir() -> Path:
    packaged = _resources.files("reader").joinpath("resources")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "resources"  # a source checkout


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def sample_article() -> Path:
    return resource("samples", "sample_article.txt")
