"""The cluster path on a real Dask ``LocalCluster`` of two worker processes: the same library as a
local run, the model loaded on the workers, a bad file recorded, the database written here."""

from __future__ import annotations

import pytest

from reader.library import Library
from reader.library.indexer import index

ARTICLES = {
    "one.txt": 'Storm barrier approved\n\n"The barrier will protect the harbour," Mayor Anna Lee said.\n',
    "two.txt": 'Budget\n\nAsh Carter spoke on Monday. "The numbers do not add up," Carter said.\n',
    "three.md": '# Troops\n\nAshton Carter met soldiers. "You have done great work," Mr. Carter said.\n',
}


@pytest.fixture(scope="module")
def cluster():
    import distributed  # the test extra installs it (and pyarrow)

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


def test_cluster_index_matches_local(tmp_path, cluster, nlp):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02\x03" * 100)

    remote = index([folder], tmp_path / "cluster.sqlite3", cluster=cluster.scheduler_address)
    assert (remote.added, remote.failed, remote.cancelled) == (3, 1, False)
    assert "E005" in remote.failures[0][1] and remote.failures[0][0] == str(folder / "bad.txt")
    again = index([folder], tmp_path / "cluster.sqlite3", cluster=cluster.scheduler_address)
    assert (again.unchanged, again.failed) == (3, 1)  # the bad file: said again, not redone

    index([folder], tmp_path / "local.sqlite3")
    with Library(tmp_path / "cluster.sqlite3") as a, Library(tmp_path / "local.sqlite3") as b:
        assert [(q.article_path, q.text, q.speaker, q.start, q.end) for q in a.quotes()] == [
            (q.article_path, q.text, q.speaker, q.start, q.end) for q in b.quotes()
        ]
        failed = a.articles(failed_only=True)
        assert [f.path for f in failed] == [str(folder / "bad.txt")] and str(folder / "bad.txt") in failed[
            0
        ].error
        carter = a.find_speakers("Carter")
        assert len(carter) == 1 and carter[0].articles == 2

    # the workers loaded the model once, through the plugin, before their first task
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        loaded = client.run(lambda: __import__("reader.nlp.pipeline", fromlist=["_nlp"])._nlp is not None)
    assert list(loaded.values()) == [True, True]


def test_parquet_shards_from_the_cluster(tmp_path, cluster):
    import pyarrow.parquet as pq

    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "news.parquet"
    summary = index([folder], out=out, cluster=cluster.scheduler_address)
    assert summary.added == 3
    assert pq.read_table(out / "articles").num_rows == 3
    assert pq.read_table(out / "quotes").num_rows >= 3


def _news(folder, n: int) -> None:
    folder.mkdir()
    for k in range(n):
        (folder / f"a{k:03d}.txt").write_text(
            f"Barrier vote {k}\n\nThe council voted {k} to 4 on the barrier, Mayor Anna Lee said. "
            '"We will build it," she told reporters on Tuesday.\n',
            encoding="utf-8",
        )


def test_workers_added_during_a_run_all_get_work(tmp_path, nlp):
    """Start with one worker, add three while the run goes: all four hold chunks at the same moment
    (the scheduler's processing()), and every file is written once."""
    import threading
    import time

    import distributed

    folder = tmp_path / "news"
    _news(folder, 240)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local,
        distributed.Client(local) as watcher,
    ):
        started = threading.Event()
        result = {}

        def run() -> None:
            result["summary"] = index(
                [folder],
                tmp_path / "lib.sqlite3",
                cluster=local.scheduler_address,
                progress=lambda done, total, path: path and started.set(),
            )

        thread = threading.Thread(target=run)
        thread.start()
        assert started.wait(120)
        local.scale(4)
        busiest = 0
        deadline = time.monotonic() + 180
        while thread.is_alive() and time.monotonic() < deadline:
            held = watcher.processing()
            busiest = max(busiest, sum(1 for tasks in held.values() if tasks))
            if busiest == 4:
                break
            time.sleep(0.1)
        thread.join(300)
        assert busiest == 4
        assert result["summary"].added == 240 and result["summary"].failed == 0


def test_all_workers_gone_is_one_line(tmp_path):
    import time

    import distributed

    from reader.core.errors import ClusterError
    from reader.library.cluster import ClusterRunner

    folder = tmp_path / "news"
    _news(folder, 4)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        local.scale(0)
        with distributed.Client(local) as client:
            while client.scheduler_info()["workers"]:
                time.sleep(0.1)
        runner = ClusterRunner(local.scheduler_address, no_workers_seconds=2)
        todo = [(str(p), "digest") for p in sorted(folder.iterdir())]
        try:
            with pytest.raises(ClusterError) as err:
                list(runner.run(todo))
        finally:
            runner.stop()
    message = str(err.value)
    assert "no workers for 2 s" in message and "[E044]" in message and "\n" not in message


def test_scheduler_lost_mid_run_is_one_line_and_the_next_run_resumes(tmp_path, nlp):
    """The scheduler goes away while `reader index --cluster` runs: one line with a code (not a
    traceback per chunk), exit 1, and what was written stays for the next run."""
    import subprocess
    import sys
    import time

    import distributed

    folder = tmp_path / "news"
    _news(folder, 160)
    db = tmp_path / "lib.sqlite3"
    local = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reader",
            "index",
            str(folder),
            "--db",
            str(db),
            "--cluster",
            local.scheduler_address,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # some chunks written
            if db.exists():
                with Library(db, readonly=True) as lib:
                    if lib.stats().articles >= 8:
                        break
            time.sleep(0.2)
    finally:
        local.close()  # the scheduler (and its worker) gone
    _out, err = proc.communicate(timeout=120)
    lines = [ln for ln in err.splitlines() if not ln.startswith("reader index:")]
    assert proc.returncode == 1 and len(lines) == 1, err
    assert "[E044]" in lines[0] and "scheduler was lost" in lines[0]
    with Library(db, readonly=True) as lib:
        kept = lib.stats().articles
    assert 8 <= kept < 160
    summary = index([folder], db)  # a local run finishes the rest
    assert summary.unchanged == kept and summary.added == 160 - kept


def test_workers_read_the_files_and_write_the_shards_themselves(tmp_path, cluster):
    """Workers that see the folders read each file at its path and write their own Parquet shard:
    only counts come back, and the folder reads as one the indexer wrote itself."""
    import pyarrow.parquet as pq

    from reader.library.cluster import ClusterRunner
    from reader.library.parquet import ParquetSink
    from reader.library.records import analyser_version, file_hash

    folder = tmp_path / "news"
    _news(folder, 10)
    out = tmp_path / "news.parquet"
    sink = ParquetSink(out)
    runner = ClusterRunner(cluster.scheduler_address, shards=sink, version=analyser_version())
    todo = [(str(p), file_hash(str(p))) for p in sorted(folder.iterdir())]
    try:
        results = list(runner.run(todo))
    finally:
        runner.stop()
    assert runner.paths and runner.writes
    assert sorted(r.path for r in results) == [p for p, _ in todo]
    assert all(r.record is None and not r.written and r.error_code is None for r in results)
    sink.checkpoint(final=True)
    articles = pq.read_table(out / "articles").to_pydict()
    assert sorted(articles["path"]) == [p for p, _ in todo]
    assert dict(zip(articles["path"], articles["content_hash"], strict=True)) == dict(todo)
    assert pq.read_table(out / "quotes").num_rows >= 10
    names = pq.read_table(out / "speakers" / "names.parquet").to_pydict()
    assert "Anna Lee" in names["name"]  # merged at the end, from the workers' shards
    assert not list(out.glob(".probe-*"))  # the probe's files are gone


def test_the_probe_says_what_a_worker_sees(tmp_path):
    """A worker reads a file when it finds it with the same size; it writes the shards only when
    it finds the driver's token in the folder and can write beside it."""
    from reader.library.cluster import probe

    article = tmp_path / "a.txt"
    article.write_text("Some words.", encoding="utf-8")
    out = tmp_path / "out.parquet"
    out.mkdir()
    (out / ".probe-abc").write_text("abc", encoding="utf-8")
    size = article.stat().st_size
    assert probe(str(article), size, str(out), "abc") == (True, True)
    assert (out / ".probe-abc.w").read_text(encoding="utf-8") == "abc"
    assert probe(str(article), size + 1, str(out), "xyz") == (False, False)  # another machine's folders
    assert probe(str(tmp_path / "gone.txt"), size, None, "abc") == (False, False)
