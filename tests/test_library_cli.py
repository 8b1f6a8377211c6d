"""``reader index``, ``reader quotes``, ``reader speakers``; a run killed with SIGKILL or stopped with
Ctrl+C resumes with nothing lost and nothing twice; damaged databases are refused."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from reader.cli import main
from reader.library import Library

NAMES = ["Ash Carter", "Anna Lee", "Maria Ortiz", "Tom Baker", "Nina Patel"]


def _article(i: int) -> str:
    name = NAMES[i % len(NAMES)]
    last = name.split()[1]
    paras = [f"Council report {i}", f'{name} spoke on Monday. "The plan number {i} is ready," {last} said.']
    for k in range(6):
        paras.append(
            f"Officials said the budget would grow by {k + 2} percent in year {k}. "
            f'"We will build the barrier on time," {last} added. The council approved ${k + 4} million.'
        )
    return "\n\n".join(paras) + "\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i:02d}.txt").write_text(_article(i), encoding="utf-8")
    return folder


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=240
    )


def test_index_speakers_quotes(corpus, tmp_path, capsys, nlp):
    db = str(tmp_path / "lib.sqlite3")
    assert main(["index", str(corpus), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "3 files" in out and "3 added" in out and "0 failed" in out
    assert main(["index", str(corpus), "--db", db]) == 0
    assert "3 unchanged" in capsys.readouterr().out

    assert main(["speakers", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "Ash Carter" in listing and "officials" not in listing
    assert main(["speakers", "--db", db, "--all", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(r["name"] == "officials" and r["kind"] == "unnamed" for r in rows)

    assert main(["quotes", "--speaker", "Carter", "--db", db]) == 0
    quotes = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert quotes and {q["speaker"] for q in quotes} == {"Ash Carter"}
    assert all(q["article"].endswith("a00.txt") for q in quotes)

    assert main(["quotes", "--search", "barrier", "--format", "csv", "--db", db]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert table and all("barrier" in r["text"] for r in table)

    assert main(["quotes", "--speaker", "Nobody Here", "--db", db]) == 1
    assert "Nobody Here" in capsys.readouterr().err


def test_bad_file_exit_status_and_message(corpus, tmp_path, capsys, nlp):
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["index", str(corpus), "--db", str(tmp_path / "lib.sqlite3")]) == 1
    captured = capsys.readouterr()
    assert "broken.docx" in captured.err and "[E0" in captured.err and "Traceback" not in captured.err
    assert "3 added" in captured.out and "1 failed" in captured.out


@pytest.mark.parametrize("content", [b"garbage, not a database\x00" * 100, None])
def test_corrupt_or_foreign_database(corpus, tmp_path, capsys, content):
    db = tmp_path / "lib.sqlite3"
    if content is None:
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE notes (body TEXT)")
        con.commit()
        con.close()
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    for command in (["index", str(corpus)], ["speakers"], ["quotes"]):
        assert main([*command, "--db", str(db)]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and str(db) in err and ("E041" in err or "E042" in err)
    assert db.read_bytes() == before


def test_no_library_yet(tmp_path, capsys):
    assert main(["speakers", "--db", str(tmp_path / "none.sqlite3")]) == 1
    assert "E040" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()


def _wait_for_articles(db, n: int, proc, limit: float = 120.0) -> int:
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
                    count = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                count = 0
            if count >= n:
                return count
        time.sleep(0.02)
    return -1


def _check_whole(db) -> dict[str, int]:
    """Every stored article has exactly its quotes (no partial article, no duplicate rows)."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute(
            "SELECT a.path, a.quote_count, (SELECT count(*) FROM quotes q WHERE q.article_id = a.id),"
            " (SELECT count(DISTINCT seq) FROM quotes q WHERE q.article_id = a.id) FROM articles a"
        ).fetchall()
        fts = con.execute("SELECT count(*) FROM quote_fts").fetchone()[0]
        quotes = con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    finally:
        con.close()
    for path, declared, stored, distinct in rows:
        assert declared == stored == distinct, path
    assert fts == quotes
    return {path: n for path, n, _, _ in rows}


@pytest.mark.parametrize("how", ["kill", "interrupt"])
def test_a_stopped_run_resumes_without_loss_or_duplicates(tmp_path, how):
    folder = tmp_path / "many"
    folder.mkdir()
    total = 40
    for i in range(total):
        (folder / f"n{i:02d}.txt").write_text(_article(i), encoding="utf-8")
    db = tmp_path / "lib.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        seen = _wait_for_articles(db, 3, proc)
        assert seen >= 3, "the index run ended before it could be stopped"
        proc.send_signal(signal.SIGKILL if how == "kill" else signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    if how == "kill":
        assert proc.returncode == -signal.SIGKILL
    else:
        # (a run started in the background by a non-interactive shell ignores SIGINT, as POSIX
        # says: launch the suite in the foreground, or this fails with the return code 0)
        assert proc.returncode == 130 and "run the same command again to resume" in err, err
        assert "Traceback" not in err
    stored = _check_whole(db)
    assert 3 <= len(stored) < total, "stopped in the middle"

    again = _run("index", str(folder), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert f"{total - len(stored)} added" in again.stdout and f"{len(stored)} unchanged" in again.stdout
    final = _check_whole(db)
    assert len(final) == total
    assert all(final[p] == n for p, n in stored.items())  # what was written stayed as it was
    with Library(db) as lib:
        assert not lib.speakers_stale()
        carter = lib.find_speakers("Ash Carter")[0]
        assert carter.articles == total // len(NAMES)
        assert lib.stats().quotes == sum(final.values())


def test_index_prints_no_bar_when_not_a_terminal(corpus, tmp_path, nlp):
    proc = _run("index", str(corpus), "--db", str(tmp_path / "lib.sqlite3"))
    assert proc.returncode == 0 and "\r" not in proc.stderr
    # a log gets lines instead: at least the last one, with what was done and failed
    (line,) = [ln for ln in proc.stderr.splitlines() if ln.startswith("reader index:")]
    assert f"{len(list(corpus.iterdir()))}/{len(list(corpus.iterdir()))} done, 0 failed" in line
    env_db = tmp_path / "env.sqlite3"
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "speakers"],
        capture_output=True,
        text=True,
        env={**os.environ, "READER_LIBRARY": str(env_db)},
        timeout=120,
    )
    assert proc.returncode == 1 and str(env_db) in proc.stderr


def test_progress_lines_for_a_log_every_so_often_with_rate_and_time_left(capsys):
    from reader.cli import ProgressLines

    now = [0.0]
    lines = ProgressLines(every=30, clock=lambda: now[0])
    lines(0, 1000, 0)  # the start: no line
    for t, done in ((10, 50), (31, 150), (45, 200), (62, 300)):
        now[0] = t
        lines(done, 1000, 2)
    out = capsys.readouterr().err.splitlines()
    assert len(out) == 2  # at 31 s and at 62 s, not between
    assert "150/1000 done, 2 failed, 4.8 files/s, about 2 min 55 s left" in out[0]  # 850 at 150/31 s
    now[0] = 70
    lines(1000, 1000, 2, final=True)
    last = capsys.readouterr().err
    assert "1000/1000 done" in last and "left" not in last


def test_index_check_runs_the_full_integrity_check_only_when_asked(tmp_path):
    """The full check reads every page (seconds per GB): an index run does it on --check only."""
    from reader.library import Library
    from reader.library.indexer import index

    folder = tmp_path / "none"
    folder.mkdir()
    with Library(tmp_path / "lib.sqlite3") as lib:
        statements: list[str] = []
        lib._db.set_trace_callback(statements.append)
        index([folder], lib)
        assert not any("integrity_check" in s for s in statements)
        index([folder], lib, check=True)
        assert any("integrity_check" in s for s in statements)
