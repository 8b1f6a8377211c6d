"""Library indexing benchmark: PolNeAR train + dev articles (924) into a fresh library database.

    nice -n 10 .venv/bin/python benchmarks/library.py [--limit N]
        [--modes local:1,local:2,dask:1,dask:2,parquet:2]

Writes every article of ``../shared/corpora/polnear/{train,dev}.jsonl`` to a temporary folder (one
``.txt`` file each; removed afterwards, never stored in the project), then indexes the folder once
per mode, each in a fresh process and a fresh database: ``local:N`` is ``reader index --jobs N``
(in-process for N = 1, a process pool otherwise), ``dask:N`` is ``--cluster`` on a Dask
``LocalCluster`` of N worker processes (one thread each), and ``parquet:N`` the same cluster
writing a Parquet folder (``--out``: the workers read the files at their paths and write their own
shards). After the runs, the Parquet folder is read by DuckDB (``reader.library.parquet_query``)
and compared with the last database: quotes and speakers equal or not. Prints articles per
second (wall time of the whole run: worker start-up and model loading included), the 2/1 ratio of
each kind, the database size and the peak memory (resident set of the indexing process, and of its largest
worker process). Not a test: no pass/fail, numbers for the notes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import POLNEAR


def write_corpus(folder: Path, limit: int | None) -> int:
    n = 0
    for split in ("train.jsonl", "dev.jsonl"):
        with open(POLNEAR / split, encoding="utf-8") as f:
            for line in f:
                if limit is not None and n >= limit:
                    return n
                rec = json.loads(line)
                (folder / f"{rec['id'][:80]}.txt").write_text(rec["text"], encoding="utf-8")
                n += 1
    return n


def run_one(folder: str, db: str, mode: str) -> dict:
    """One mode, in this process (called in a child process by :func:`main`)."""
    from reader.library import Library
    from reader.library.indexer import index

    kind, _, n = mode.partition(":")
    workers = int(n or 1)
    cluster = None
    address = None
    out = db if kind == "parquet" else None
    if kind in ("dask", "parquet"):
        cluster = _Cluster(workers, Path(db).parent / f"{Path(db).stem}-scheduler.json")
        address = cluster.address
    started, cpu = time.perf_counter(), time.process_time()
    target = None if out else db
    steady: list[float] = []  # the driver's CPU at each file's result, from the first on

    def progress(done: int, total: int, path: str) -> None:
        if path:
            steady.append(time.process_time())

    summary = index(
        [folder], target, jobs=workers if kind == "local" else 1, cluster=address, out=out, progress=progress
    )
    seconds = time.perf_counter() - started
    driver_cpu = time.process_time() - cpu  # this process only: the workers' CPU is not in it
    ended = time.process_time()
    rescan_started = time.perf_counter()
    rescan = index([folder], target, out=out)  # nothing changed: sizes and times alone are read
    rescan_seconds = time.perf_counter() - rescan_started
    if cluster is not None:
        cluster.close()
    if out:
        from reader.library.parquet_query import ParquetLibrary

        with ParquetLibrary(out) as pq:
            quotes, speakers = len(pq.quotes()), len(pq.speakers())
        size = sum(p.stat().st_size for p in Path(out).rglob("*.parquet"))
    else:
        with Library(db) as lib:
            stats = lib.stats()
            quotes, speakers = stats.quotes, stats.speakers
            size = lib.size_bytes()
    # ru_maxrss is in KiB on Linux; RUSAGE_CHILDREN: the largest child waited for (pool or Dask
    # workers, reaped when they end)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "mode": mode,
        "articles": summary.total,
        "analysed": summary.analysed,
        "failed": summary.failed,
        "seconds": seconds,
        "rate": summary.total / seconds,
        "db_bytes": size,
        "quotes": quotes,
        "speakers": speakers,
        "rss_mb": own,
        "worker_rss_mb": child,
        "driver_cpu_ms": 1000 * driver_cpu / max(summary.analysed, 1),
        # between the first result and the last: what each more article costs the driver, without
        # the run's fixed costs (imports, connecting, the probe) and its end (merge, compaction)
        "driver_steady_ms": 1000 * (steady[-1] - steady[0]) / max(len(steady) - 1, 1) if steady else 0.0,
        "driver_end_ms": 1000 * (ended - steady[-1]) / max(summary.analysed, 1) if steady else 0.0,
        "rescan_unchanged": rescan.unchanged,
        "rescan_ms_per_article": 1000 * rescan_seconds / max(summary.total, 1),
    }


class _Cluster:
    """A scheduler and N workers in processes of their own, as a real deployment has them (a
    LocalCluster would put the scheduler's CPU into the driver's measured time)."""

    def __init__(self, workers: int, scheduler_file: Path):
        dask = str(Path(sys.executable).with_name("dask"))
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        loopback = ["--host", "127.0.0.1"]
        self.procs = [
            subprocess.Popen(
                [dask, "scheduler", "--scheduler-file", str(scheduler_file), *loopback, "--port", "0",
                 "--dashboard-address", "127.0.0.1:0"],
                **quiet,
            )
        ]  # fmt: skip
        while not scheduler_file.exists():
            time.sleep(0.2)
        time.sleep(0.5)  # (the file is written before it is complete on some releases)
        self.address = json.loads(scheduler_file.read_text())["address"]
        self.procs.append(
            subprocess.Popen(
                [dask, "worker", "--scheduler-file", str(scheduler_file), *loopback,
                 "--nworkers", str(workers), "--nthreads", "1", "--dashboard-address", "127.0.0.1:0"],
                **quiet,
            )
        )  # fmt: skip

    def close(self) -> None:
        for p in reversed(self.procs):
            p.terminate()
            p.wait(timeout=60)


def _projection(r: dict, articles: int = 1_000_000) -> None:
    """What ``articles`` would take at mode ``r``'s measured rates: analysis time here, database
    size, a rescan with nothing changed, and how many workers of this speed one driver can feed."""
    workers = int(r["mode"].split(":")[1] or 1)
    per_worker = r["rate"] / workers  # articles per second of one worker
    feedable = (1000 / max(r["driver_steady_ms"], 1e-9)) / per_worker
    size = articles * r["db_bytes"] / max(r["articles"], 1)
    print(
        f"projection to {articles:,} articles at {r['mode']}: {articles / r['rate'] / 3600:.0f} h of "
        f"analysis on this machine, {size / 1e9:.0f} GB of database, a rescan of "
        f"{articles * r['rescan_ms_per_article'] / 60_000:.0f} min; at {r['driver_steady_ms']:.2f} ms of "
        f"driver CPU per article while results come, one driver feeds about {feedable:.0f} workers"
        f" of this speed, and the run's end takes {articles * r['driver_end_ms'] / 60_000:.0f} min"
        " of its CPU"
    )


def _parity(results: list[dict]) -> None:
    """The Parquet folder read by DuckDB against the last database: the same quotes (all fields
    but ids) and the same speakers (name, kind, counts, forms)?"""
    dbs = [r["path"] for r in results if r["path"].endswith(".sqlite3")]
    folders = [r["path"] for r in results if r["path"].endswith(".parquet")]
    if not dbs or not folders:
        return
    from reader.library import Library
    from reader.library.parquet_query import ParquetLibrary

    def quote(q):
        return (q.text, q.kind, q.cue, q.speaker_text, q.speaker_name, q.speaker, q.article_path, q.start)

    def speaker(s):
        return (s.name, s.kind, s.quotes, s.articles, s.variants)

    with Library(dbs[-1], readonly=True) as lib, ParquetLibrary(folders[-1]) as pq:
        qa, qb = [quote(q) for q in lib.quotes()], [quote(q) for q in pq.quotes()]
        # (speakers tied on count and name come in no set order in either store)
        sa, sb = sorted(speaker(s) for s in lib.speakers()), sorted(speaker(s) for s in pq.speakers())
    for a, b in zip(sa, sb, strict=False):
        if a != b:
            print(f"first speaker that differs: {a} (database) / {b} (Parquet)")
            break
    print(
        f"DuckDB over the Parquet shards vs the database: quotes {'equal' if qa == qb else 'DIFFER'}"
        f" ({len(qb)} / {len(qa)}), speakers {'equal' if sa == sb else 'DIFFER'} ({len(sb)} / {len(sa)})"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--modes", default="local:1,local:2,dask:1,dask:2,parquet:2")
    ap.add_argument("--child", nargs=3, metavar=("FOLDER", "DB", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="reader-library-bench-") as tmp:
        folder = Path(tmp) / "polnear"
        folder.mkdir()
        n = write_corpus(folder, args.limit)
        print(f"{n} PolNeAR articles (train + dev) written to a temporary folder", flush=True)
        for mode in args.modes.split(","):
            suffix = ".parquet" if mode.startswith("parquet") else ".sqlite3"
            db = Path(tmp) / f"{mode.replace(':', '-')}{suffix}"
            env = {**os.environ, "XDG_DATA_HOME": tmp}  # never the user's data folder
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(folder), str(db), mode],
                capture_output=True,
                text=True,
                env=env,
            )
            if proc.returncode != 0:
                print(f"{mode}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            r["path"] = str(db)
            results.append(r)
            print(
                f"{mode:8s} {r['articles']} articles in {r['seconds']:7.1f} s = {r['rate']:6.2f} articles/s"
                f"  failed {r['failed']}  db {r['db_bytes'] / 1e6:6.1f} MB ({r['quotes']} quotes,"
                f" {r['speakers']} speakers)  peak RSS {r['rss_mb']:.0f} MB, largest worker"
                f" {r['worker_rss_mb']:.0f} MB",
                flush=True,
            )
            in_process = r["mode"] == "local:1"  # (there the driver is the analysis)
            driver = (
                "n/a (in-process)"
                if in_process
                else f"{r['driver_cpu_ms']:.2f} ms (while results come: {r['driver_steady_ms']:.2f} ms;"
                f" the run's end, merge included: {r['driver_end_ms']:.2f} ms)"
            )
            print(
                f"{'':8s} driver CPU per article {driver}; a second run with nothing changed:"
                f" {r['rescan_ms_per_article']:.2f} ms per article ({r['rescan_unchanged']} unchanged)",
                flush=True,
            )
        _parity(results)  # (before the temporary folder goes)
    by_mode = {r["mode"]: r for r in results}
    for kind in ("local", "dask"):
        one, two = by_mode.get(f"{kind}:1"), by_mode.get(f"{kind}:2")
        if one and two:
            print(f"{kind}: 2 workers / 1 worker = {two['rate'] / one['rate']:.2f}x")
    for r in results:
        if r["mode"] != "local:1":
            _projection(r)
    print(f"(machine: {os.cpu_count()} CPUs, shared; wall times include start-up and model loading)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
