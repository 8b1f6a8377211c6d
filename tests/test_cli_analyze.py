"""`reader analyze`: the JSON contract, exit codes and batches."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from _quote_samples import phrase_analysis

CONTRACT_KEYS = {"source", "format", "title", "text", "entities", "quotes", "figures"}


def run_reader(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def _check_spans(data: dict) -> None:
    text = data["text"]
    for ent in data["entities"]:
        assert text[ent["start"] : ent["end"]] == ent["text"]
    for q in data["quotes"]:
        assert q["kind"] in {"direct", "mixed", "indirect"}
        assert text[q["start"] : q["end"]] == q["text"]
        for key in ("speaker", "cue"):
            if q[key] is not None:
                assert text[q[key]["start"] : q[key]["end"]] == q[key]["text"]
    for f in data["figures"]:
        assert text[f["start"] : f["end"]] == f["text"]
        assert isinstance(f["value"], int | float)


def test_cli_analyze_seed_json_contract(seed_path):
    proc = run_reader("analyze", str(seed_path), "--json")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) >= CONTRACT_KEYS
    assert data["format"] == "txt"
    assert data["text"] == seed_path.read_text(encoding="utf-8")
    names = {e["text"] for e in data["entities"]}
    for name in ("Carter", "NATO", "Pentagon", "Daesh", "Press TV"):
        assert name in names, name
    _check_spans(data)


def test_cli_analyze_summary_is_readable(seed_path):
    proc = run_reader("analyze", str(seed_path))
    assert proc.returncode == 0, proc.stderr
    assert "quotes" in proc.stdout and "figures" in proc.stdout
    assert "Carter" in proc.stdout


def test_cli_analyze_summary_shows_a_phrase_after_its_cue():
    from reader.cli import _summary

    lines = _summary(phrase_analysis().to_json()).splitlines()
    assert "      [indirect, stance] rejected that criticism" in lines
    assert "      [indirect, said] the bridge would cost $40 million" in lines


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_analyze_batch_reports_bad_file_and_goes_on(tmp_path, seed_path, jobs):
    good1 = tmp_path / "a.txt"
    good1.write_text("The mayor, Lena Ortiz, said the bridge would cost $40 million.\n", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"")
    good2 = tmp_path / "c.txt"
    good2.write_text('"We will not wait," said Omar Haddad of the Water Board.\n', encoding="utf-8")
    proc = run_reader("analyze", str(good1), str(bad), str(good2), str(seed_path), "--json", "--jobs", jobs)
    assert proc.returncode == 1
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["source"] for r in rows] == [str(good1), str(good2), str(seed_path)]
    for row in rows:
        _check_spans(row)
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0]
    assert "Traceback" not in proc.stderr


def test_cli_analyze_directory_expands_to_supported_files(tmp_path):
    (tmp_path / "one.txt").write_text("Officials said 12 schools closed.\n", encoding="utf-8")
    (tmp_path / "two.md").write_text("# Title\n\nThe union said 300 workers joined.\n", encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    proc = run_reader("analyze", str(tmp_path), "--json", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    sources = [json.loads(line)["source"] for line in proc.stdout.splitlines()]
    assert [os.path.basename(s) for s in sources] == ["one.txt", "two.md"]


def test_cli_analyze_usage_error_exits_2():
    proc = run_reader("analyze")
    assert proc.returncode == 2


def test_cli_analyze_missing_file_exits_1_without_traceback(tmp_path):
    missing = tmp_path / "nope.txt"
    proc = run_reader("analyze", str(missing), "--json")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert str(missing) in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
