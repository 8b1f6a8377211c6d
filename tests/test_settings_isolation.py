"""Tests and benchmarks never write the user's settings: a marker settings file stays as it was."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _user_home(tmp_path: Path, monkeypatch) -> Path:
    """A stand-in for the user's home, with a settings file the reader would use."""
    home = tmp_path / "user"
    marker = home / ".config" / "reader" / "reader.ini"
    marker.parent.mkdir(parents=True)
    marker.write_text("[General]\nmarker=untouched\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return marker


def test_the_test_settings_are_temporary():
    from reader.ui.settings import settings

    assert "pytest" in settings().fileName() or "/tmp" in settings().fileName()
    assert not settings().fileName().startswith(os.path.expanduser("~/.config"))


def test_benchmark_window_runs_leave_the_user_settings_untouched(tmp_path, monkeypatch, seed_path):
    marker = _user_home(tmp_path, monkeypatch)
    before = marker.read_bytes()
    from benchmarks.run import _probe

    result = _probe(Path(seed_path), timeout=300)  # the real window, in a child process
    assert result["analysis_shown_s"] > 0
    assert marker.read_bytes() == before
    assert sorted(p.name for p in marker.parent.iterdir()) == ["reader.ini"]
