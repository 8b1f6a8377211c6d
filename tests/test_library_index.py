"""Indexing real files with the real model: incremental runs, bad files, speakers across articles,
offsets that open the quote, cancel, worker processes and Parquet output."""

from __future__ import annotations

import threading

import pytest

from reader.core.loaders import load
from reader.library import Library
from reader.library.indexer import index
from reader.library.records import analyser_version

ARTICLES = {
    "pentagon.txt": (
        "Pentagon weighs new budget\n\n"
        "Defense Secretary Ash Carter spoke to reporters on Tuesday. "
        '"We need the money now," Carter said.\n\n'
        'Officials said the plan would take years. "This is a hard road," Carter added.\n'
    ),
    "troops.txt": (
        "Carter visits troops\n\n"
        'Ashton Carter met soldiers at the base. "You have done great work," Mr. Carter said.\n\n'
        "A spokesperson for the United Nations said the agency welcomed the visit.\n"
    ),
    "budget.md": (
        "# Budget fight continues\n\n"
        '"The numbers do not add up," Carter said on Monday.\n\n'
        'The mayor, Anna Lee, said the flood barrier would cost $48 million. "The barrier will protect '
        'the harbour for fifty years," Lee said.\n'
    ),
}


def _write(folder, articles=ARTICLES):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path, nlp):  # nlp: the model is loaded once for the session
    return _write(tmp_path / "news")


def test_index_then_only_changed_files(folder, tmp_path):
    db = tmp_path / "lib.sqlite3"
    calls = []
    first = index([folder], db, progress=lambda d, t, p: calls.append((d, t, p)))
    assert (first.total, first.added, first.updated, first.unchanged, first.failed) == (3, 3, 0, 0, 0)
    assert calls[0] == (0, 3, "") and calls[-1][:2] == (3, 3)
    with Library(db) as lib:
        before = {a.path: a for a in lib.articles()}
        assert all(a.analyser_version == analyser_version() for a in before.values())
    second = index([folder], db)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 3)
    # change one file: only it is analysed again
    (folder / "troops.txt").write_text(ARTICLES["troops.txt"] + '\n"We will be back," Carter said.\n')
    third = index([folder], db)
    assert (third.added, third.updated, third.unchanged) == (0, 1, 2)
    with Library(db) as lib:
        after = {a.path: a for a in lib.articles()}
        changed = str(folder / "troops.txt")
        for path, row in after.items():
            if path == changed:
                assert row.content_hash != before[path].content_hash
                assert row.quotes == before[path].quotes + 1
            else:
                assert row == before[path]  # untouched: same id, same analysis time
        # no duplicates: every quote row belongs to one stored article and counts agree
        assert lib.stats().quotes == sum(a.quotes for a in after.values())


def test_a_bad_file_is_recorded_and_the_rest_goes_on(folder, tmp_path):
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "empty.md").write_bytes(b"")
    summary = index([folder], tmp_path / "lib.sqlite3")
    assert (summary.added, summary.failed) == (3, 2)
    with Library(tmp_path / "lib.sqlite3") as lib:
        failed = {a.path.rsplit("/", 1)[-1]: a for a in lib.articles(failed_only=True)}
        assert failed["binary.txt"].error_code == "E005" and "binary.txt" in failed["binary.txt"].error
        assert failed["empty.md"].error_code == "E003"
        assert lib.stats().articles == 5
    # a failed file is not retried while it is unchanged, and the run says again that it fails,
    # with its error (a re-run reported "0 failed" and the errors were gone); fixed, it is redone
    rerun = index([folder], tmp_path / "lib.sqlite3")
    assert (rerun.unchanged, rerun.failed, rerun.added, rerun.updated) == (3, 2, 0, 0)
    said = {p.rsplit("/", 1)[-1]: m for p, m in rerun.failures}
    assert said == {"binary.txt": failed["binary.txt"].error, "empty.md": failed["empty.md"].error}
    (folder / "empty.md").write_text('"It works," Lee said.\n')
    again = index([folder], tmp_path / "lib.sqlite3")
    assert (again.updated, again.failed) == (1, 1)
    assert [p.rsplit("/", 1)[-1] for p, _ in again.failures] == ["binary.txt"]


def test_speakers_across_articles_and_quote_offsets(folder, tmp_path):
    db = tmp_path / "lib.sqlite3"
    index([folder], db)
    with Library(db) as lib:
        carters = lib.find_speakers("Carter")
        assert len(carters) == 1
        carter = carters[0]
        assert carter.kind == "person" and carter.articles == 3 and carter.quotes >= 4
        assert {"Ash Carter", "Ashton Carter", "Mr. Carter"} <= set(carter.variants)
        lee = lib.find_speakers("Anna Lee")
        assert lee and lee[0].kind == "person"
        quotes = lib.quotes(speaker_id=carter.id)
        for q in quotes:  # the offsets index the article as the loader gives it: the window opens it there
            assert load(q.article_path).text[q.start : q.end] == q.text
            assert q.speaker == carter.name
        hits = lib.search("what did anyone say about the barrier?")
        assert hits and all("barrier" in q.text.lower() for q in hits)
        assert any(q.speaker_id == lee[0].id for q in hits)
        unnamed = lib.speakers(kinds=("unnamed",))
        assert any(s.name == "officials" for s in unnamed)


def test_cancel_stops_and_a_rerun_resumes(folder, tmp_path):
    db = tmp_path / "lib.sqlite3"
    cancel = threading.Event()

    def progress(done, total, path):
        if done >= 1:
            cancel.set()

    first = index([folder], db, progress=progress, cancel=cancel)
    assert first.cancelled and first.added == 1
    with Library(db) as lib:
        assert not lib.speakers_stale() and lib.speakers()  # merged before the run returned
    rest = index([folder], db)
    assert (rest.added, rest.unchanged, rest.cancelled) == (2, 1, False)


def _worker_children(parent: int | None = None) -> list[int]:
    """The analysis worker processes that ``parent`` (this process by default) started."""
    import os
    from pathlib import Path

    parent = os.getpid() if parent is None else parent
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(") ", 1)[1].split()[1])
            cmd = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"reader.worker.serve" in cmd:
            found.append(int(stat.parent.name))
    return found


def test_worker_processes_give_the_same_library_even_when_one_is_killed(folder, tmp_path):
    import os
    import signal

    index([folder], tmp_path / "one.sqlite3")
    killed = []

    def progress(done, total, path):
        if done == 1 and not killed:  # a worker dies with a file in flight: it is tried again
            for pid in _worker_children():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break

    two = index([folder], tmp_path / "two.sqlite3", jobs=2, progress=progress)
    assert killed
    assert (two.added, two.failed) == (3, 0)
    assert _worker_children() == []  # the run ended its workers
    with Library(tmp_path / "one.sqlite3") as a, Library(tmp_path / "two.sqlite3") as b:
        assert [(q.article_path, q.text, q.speaker) for q in a.quotes()] == [
            (q.article_path, q.text, q.speaker) for q in b.quotes()
        ]


def test_parquet_output_resumes_and_replaces(folder, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "news.parquet"
    first = index([folder], out=out)
    assert first.added == 3 and first.out_path == str(out)
    assert index([folder], out=out).unchanged == 3
    (folder / "budget.md").write_text(ARTICLES["budget.md"] + '\n"Enough," Lee said.\n')
    assert index([folder], out=out).updated == 1
    articles = pq.read_table(out / "articles").to_pydict()
    assert sorted(articles["path"]) == sorted(str(folder / n) for n in ARTICLES)  # each path once
    counts = dict(zip(articles["path"], articles["quote_count"], strict=True))
    quotes = pq.read_table(out / "quotes").to_pydict()
    budget = [
        (s, t)
        for p, s, t in zip(quotes["path"], quotes["seq"], quotes["text"], strict=True)
        if p.endswith("budget.md")
    ]
    assert "Enough," in {t for _, t in budget}
    assert (
        len(budget) == len({s for s, _ in budget}) == counts[str(folder / "budget.md")]
    )  # the old rows left


def test_killed_index_run_leaves_no_worker(folder, tmp_path):
    """`reader index --jobs 2` killed as the out-of-memory killer would kill it: its two workers
    are gone within 5 s (they end when their standard input closes)."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reader",
            "index",
            str(folder),
            "--db",
            str(tmp_path / "x.sqlite3"),
            "--jobs",
            "2",
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    try:
        deadline = time.monotonic() + 60
        started: list[int] = []
        while len(started) < 2 and time.monotonic() < deadline and proc.poll() is None:
            started = _worker_children(proc.pid)
            time.sleep(0.05)
        assert len(started) == 2
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 5
        alive = started
        while alive and time.monotonic() < deadline:
            alive = [pid for pid in started if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
            time.sleep(0.1)
        assert alive == []
    finally:
        proc.kill()


def _zombie(pid: int) -> bool:
    from pathlib import Path

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True


def test_deleted_and_renamed_files(folder, tmp_path):
    """A deleted file's article leaves the library; a renamed (or moved) file keeps its rows under
    its new name and is not analysed again; articles outside the folders indexed stay."""
    db = tmp_path / "lib.sqlite3"
    other = tmp_path / "elsewhere.md"
    other.write_text(ARTICLES["budget.md"])
    index([folder, other], db)
    with Library(db) as lib:
        before = {a.path: a for a in lib.articles()}
    names = sorted(p.name for p in folder.iterdir())
    gone, renamed = folder / names[0], folder / names[1]
    new_name = folder / ("renamed-" + names[1])
    gone.unlink()
    renamed.rename(new_name)
    summary = index([folder], db)  # the other file is not part of this run
    assert (summary.moved, summary.removed, summary.added, summary.updated) == (1, 1, 0, 0)
    with Library(db) as lib:
        after = {a.path: a for a in lib.articles()}
        assert set(after) == {str(p) for p in (new_name, folder / names[2], other)}
        moved = after[str(new_name)]
        assert moved.analysed_at == before[str(renamed)].analysed_at  # not analysed again
        assert moved.quotes == before[str(renamed)].quotes
        assert all(q.article_path != str(gone) for q in lib.quotes())
    assert index([folder], db).unchanged == 2


def test_a_text_file_has_its_headline_and_date(tmp_path):
    """A plain-text article is listed by its headline, full stop and all, and the date of its
    opening, as a web page is by its metadata."""
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "barrier.txt").write_text(
        "Council approves the barrier.\n\nMarch 7, 2024\n\n"
        "The city council of Port Alder voted 9 to 4 on Tuesday to build a movable flood barrier "
        "across the mouth of the Wren estuary, Mayor Helena Ostrova said.\n",
        encoding="utf-8",
    )
    lib = Library(tmp_path / "lib.sqlite3")
    index([folder], lib)
    (row,) = lib.articles()
    assert (row.title, row.date) == ("Council approves the barrier.", "2024-03-07")


def test_a_second_indexer_is_refused_with_one_line_and_a_killed_one_frees_the_library(folder, tmp_path):
    """Two indexers on one library: the second says who holds it and does nothing; the lease goes
    with its holder, however that ends (here SIGKILL)."""
    import os
    import signal
    import subprocess
    import sys

    from reader.core.errors import LibraryLeasedError
    from reader.library.lease import Lease

    db = tmp_path / "lib.sqlite3"
    hold = (
        "import time\nfrom reader.library.lease import Lease\n"
        f"Lease({str(db)!r}).acquire()\nprint('held', flush=True)\ntime.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        proc = subprocess.run(
            [sys.executable, "-m", "reader", "index", str(folder), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        err = proc.stderr.strip()
        assert proc.returncode == 1 and err.count("\n") == 0, err
        assert "[E049]" in err and f"process {holder.pid}" in err and str(db) in err
        with pytest.raises(LibraryLeasedError):
            index([folder], db)
        assert not db.exists()  # nothing was done: the lease comes before the database is made
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    with Lease(db):  # free again, the holder gone
        pass
    assert index([folder], db).added == 3


def test_unchanged_files_are_not_read_again(folder, tmp_path, monkeypatch):
    """A file whose size and modification time are those it had when it was hashed is not read
    again (hashing a million files takes minutes); one touched or rewritten is."""
    import os

    import reader.library.indexer as indexer

    db = tmp_path / "lib.sqlite3"
    index([folder], db)
    with Library(db) as lib:
        assert index([folder], lib).unchanged == 3
        assert set(lib.known_stats()) == {str(p) for p in folder.iterdir()}
    reads: list[str] = []
    real = indexer.file_hash  # the real hash runs; the wrapper only counts the files it reads
    monkeypatch.setattr(indexer, "file_hash", lambda path: reads.append(path) or real(path))
    assert index([folder], db).unchanged == 3 and reads == []  # nothing read
    one = sorted(folder.iterdir())[0]
    st = one.stat()
    os.utime(one, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # touched, same content
    assert index([folder], db).unchanged == 3 and reads == [str(one)]  # read once, found the same
    reads.clear()
    assert index([folder], db).unchanged == 3 and reads == []  # and its new time kept
    one.write_text(one.read_text(encoding="utf-8") + " More.", encoding="utf-8")
    assert index([folder], db).updated == 1


def test_parquet_writes_a_shard_every_so_often_not_only_every_500(folder, tmp_path):
    """A run killed after the clock passed the shard interval keeps what came before it."""
    from reader.library.parquet import ParquetSink
    from reader.library.records import Result, analyse_file, analyser_version

    now = [0.0]
    out = tmp_path / "news.parquet"
    sink = ParquetSink(out, shard_seconds=30, clock=lambda: now[0])
    version = analyser_version()
    files = sorted(str(p) for p in folder.iterdir())
    for k, path in enumerate(files):
        data = analyse_file(path)
        sink.write(
            Result(path, f"h{k}", data.get("record"), data.get("error_code"), data.get("error")), version
        )
        now[0] += 10
        sink.checkpoint(final=False)
    # 3 articles, 30 s: one shard on disk, with all three, before any final checkpoint
    shards = sorted((out / "articles").glob("part-*.parquet"))
    assert len(shards) == 1
    assert set(ParquetSink(out).known()) == set(files)  # what a next run (after a kill) would find


def test_parquet_skips_unchanged_files_unread(folder, tmp_path, monkeypatch):
    """The shards keep each file's size and time when hashed: a second run reads no file, and a
    file rewritten (new size) is hashed and analysed again."""
    import reader.library.indexer as indexer

    out = tmp_path / "news.parquet"
    index([folder], out=out)
    reads: list[str] = []
    real = indexer.file_hash  # the real hash runs; the wrapper only counts the files it reads
    monkeypatch.setattr(indexer, "file_hash", lambda path: reads.append(path) or real(path))
    assert index([folder], out=out).unchanged == 3 and reads == []
    changed = folder / "budget.md"
    changed.write_text(ARTICLES["budget.md"] + '\n"Enough," Lee said.\n', encoding="utf-8")
    assert index([folder], out=out).updated == 1 and reads == [str(changed)]
