"""The per-file analysis on a Dask distributed cluster (``reader index DIR --cluster ADDRESS``).

The optional ``distributed`` package (``pip install 'reader[cluster]'``) is imported only here.
Every worker needs the reader and its model installed (the same environment); a worker plugin
loads the model once when the worker starts. The files are read by this process and sent in
chunks with their bytes, so the workers need no shared folder; each chunk comes back as plain JSON
records, and this process alone writes the database. Chunks are handed out as the cluster has room
(``IN_FLIGHT_PER_WORKER`` per worker, counted again on every pass), so workers that join during a
run get work at once. A worker that dies has its chunk rescheduled by the scheduler; a chunk that
fails for good is reported and not written (a new run retries it). A lost scheduler, or no worker
for ``NO_WORKERS_SECONDS``, ends the run with one coded line (E044); what was written stays.

``ADDRESS`` is a scheduler address (``tcp://host:8786``) or ``local`` / ``local:N``: a cluster of N
worker processes on this machine, started and stopped for the run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

from reader.core.errors import ClusterError, OptionalDependencyError
from reader.library.records import ANALYSER_ERROR, Result, analyse_bytes, analyse_file

CHUNK_FILES = 8  # files per task: few round trips, yet work spread over the workers
SHARD_FILES = 64  # files per task when workers write Parquet shards: a shard each, not too small
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker (bounds the memory of the sent bytes)
CONNECT_TIMEOUT = "20s"
NO_WORKERS_SECONDS = 120.0  # a cluster without a worker this long: the run stops with one line


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise OptionalDependencyError(
            detail="the cluster needs the 'distributed' package: pip install 'reader[cluster]'"
        ) from None
    # Dask's own log lines (reconnection tracebacks, cancelled tasks) are for Dask's developers:
    # what went wrong reaches the user as one coded line (ClusterError)
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name == "distributed" or name.startswith("distributed."):  # (Dask sets some one by one)
            logging.getLogger(name).setLevel(logging.CRITICAL)
    return distributed


def _plugin_class() -> type:
    from distributed.diagnostics.plugin import WorkerPlugin

    class LoadModel(WorkerPlugin):
        """Loads the spaCy pipeline once per worker process, when the worker starts."""

        name = "reader-model"

        def setup(self, worker: Any) -> None:
            from reader.library.records import load_model

            load_model()

    return LoadModel


def _analyse(path: str, data: bytes | None) -> dict[str, Any]:
    """On a worker: a file sent with its bytes, or (``data`` None) read from its path."""
    return analyse_file(path) if data is None else analyse_bytes(path, data)


def analyse_chunk(items: list[tuple[str, bytes | None]]) -> list[dict[str, Any]]:
    """On a worker: the records of a chunk of files, each ``{"path", ...analyse_file's keys}``."""
    return [{"path": path, **_analyse(path, data)} for path, data in items]


def store_chunk(
    items: list[tuple[str, str, tuple[int, int] | None, bytes | None]], out: str, number: int, version: str
) -> list[dict[str, Any]]:
    """On a worker that sees the Parquet folder ``out``: analyse a chunk of files ((path, content
    hash, size and time when hashed, bytes or None) each) and write them as its shard ``number``.
    Only what the run counts comes back: each file's path, error code and message."""
    from reader.library.parquet import TABLES, shard_rows, write_shard

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    back = []
    for path, digest, stat, data in items:
        done = _analyse(path, data)
        code, error = done.get("error_code"), done.get("error")
        for t, new in shard_rows(path, digest, version, done.get("record"), code, error, stat).items():
            rows[t] += new
        back.append({"path": path, "error_code": code, "error": error})
    write_shard(out, number, rows)
    return back


def probe(sample: str, size: int, out: str | None, token: str) -> tuple[bool, bool]:
    """On a worker: whether it reads the article ``sample`` as this process does (same size), and
    whether it sees the Parquet folder ``out`` (the driver's token file there) and can write in it."""
    try:
        reads = os.path.getsize(sample) == size and os.access(sample, os.R_OK)
    except OSError:
        reads = False
    writes = False
    if out is not None:
        mark = os.path.join(out, f".probe-{token}")
        try:
            with open(mark, encoding="utf-8") as f:
                sees = f.read() == token
            if sees:
                with open(mark + ".w", "w", encoding="utf-8") as f:
                    f.write(token)
                writes = True
        except OSError:
            writes = False
    return reads, writes


def connect(address: str) -> tuple[Any, Any]:
    """(client, the local cluster or None) for ``address`` (see the module text)."""
    distributed = _distributed()
    cluster = None
    try:
        if address == "local" or address.startswith("local:"):
            n = int(address.partition(":")[2] or os.cpu_count() or 1)
            cluster = distributed.LocalCluster(
                n_workers=max(1, n),
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",
                host="127.0.0.1",
                silence_logs=logging.CRITICAL,
            )
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(detail=f"{address}: {exc}") from None
    return client, cluster


class ClusterRunner:
    """The indexer's runner for a cluster: chunks of files out, JSON records back."""

    POLL_SECONDS = 0.25  # how often a wait for results looks at the cancel event

    def __init__(
        self,
        address: str,
        chunk_files: int = CHUNK_FILES,
        cancel: threading.Event | None = None,
        no_workers_seconds: float = NO_WORKERS_SECONDS,
        shards: Any = None,
        version: str = "",
    ):
        self.address = address
        self.shards = shards  # the ParquetSink of --out: its workers may write their shards there
        self.version = version
        self.paths = False  # the workers read the files themselves (found by probe at the start)
        self.writes = False  # the workers write the Parquet shards themselves
        self.cancel = cancel
        self.no_workers_seconds = no_workers_seconds
        self.chunk_files = max(1, chunk_files)
        self._client: Any = None
        self._cluster: Any = None
        self._futures: dict[Any, list[tuple[str, str]]] = {}

    def run(self, todo: list[tuple[str, str]]) -> Iterator[Result]:
        todo = list(self._unreadable(todo))
        yield from self._local
        if not todo:
            return
        distributed = _distributed()
        self._client, self._cluster = connect(self.address)
        try:
            self._client.register_plugin(_plugin_class()(), name="reader-model")
        except Exception as exc:  # a worker without the reader or its model
            raise ClusterError(detail=f"{self.address}: the workers cannot load the model ({exc})") from None
        self._probe(todo[0][0])
        size = SHARD_FILES if self.writes else self.chunk_files
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        chunks.reverse()
        no_workers_since: float | None = None
        while chunks or self._futures:
            # work is handed out as the cluster has room for it, counted again on every pass: a
            # worker that joins during the run gets chunks at once, one that leaves stops the queue
            workers = self._workers()
            if workers == 0:
                no_workers_since = no_workers_since or time.monotonic()
                if time.monotonic() - no_workers_since > self.no_workers_seconds:
                    raise ClusterError(
                        detail=f"{self.address}: no workers for {self.no_workers_seconds:.0f} s "
                        "(what was analysed is kept; start workers and run again)"
                    )
            else:
                no_workers_since = None
            while chunks and len(self._futures) < max(1, workers) * IN_FLIGHT_PER_WORKER:
                self._submit(chunks.pop())
            try:
                done = distributed.wait(
                    list(self._futures), timeout=self.POLL_SECONDS, return_when="FIRST_COMPLETED"
                ).done
            except TimeoutError:
                done = set()
            except Exception as exc:  # FuturesCancelledError when the connection went: one line
                self._check_scheduler()
                raise ClusterError(detail=f"{self.address}: {type(exc).__name__} (run again)") from None
            self._check_scheduler()
            if self.cancel is not None and self.cancel.is_set():
                return  # stop() cancels the chunks in flight
            for fut in done:
                yield from self._results(fut)

    def _workers(self) -> int:
        """The workers the scheduler knows now (0 when it cannot be asked: see _check_scheduler)."""
        try:
            try:  # every worker: some releases list only the first five unless asked
                info = self._client.scheduler_info(n_workers=-1)
            except TypeError:  # a release before the argument, which lists them all
                info = self._client.scheduler_info()
            return len(info.get("workers", {}))
        except Exception:
            self._check_scheduler()
            return 0

    def _check_scheduler(self) -> None:
        """One line, not a traceback per chunk, when the scheduler is gone (killed, its machine
        down): the client stops running."""
        if self._client is not None and self._client.status not in ("running", "newly-created"):
            raise ClusterError(
                detail=f"{self.address}: the scheduler was lost (what was analysed is kept; run again)"
            )

    def _results(self, fut: Any) -> Iterator[Result]:
        """The records of a finished chunk (a chunk that failed for good: its files, not written)."""
        items = self._futures.pop(fut)
        try:
            records = fut.result()
        except Exception as exc:  # the chunk failed for good (its workers kept dying)
            self._check_scheduler()  # (or the scheduler went, and with it every chunk: one line)
            for path, digest in items:
                msg = f"{path}: the cluster could not analyse it ({type(exc).__name__}; run again)"
                yield Result(path, digest, None, ANALYSER_ERROR, msg, written=False)
        else:
            hashes = dict(items)
            for rec in records:
                path = rec["path"]
                yield Result(
                    path,
                    hashes[path],
                    rec.get("record"),
                    rec.get("error_code"),
                    rec.get("error"),
                    analysis=rec.get("analysis"),
                    written=not self.writes,  # (a worker that wrote its shard: nothing left to write)
                )

    def _unreadable(self, todo: list[tuple[str, str]]) -> Iterator[Any]:
        """The files to send; a file this process cannot read (no hash) is reported here with
        the loader's error, as a worker would, without sending it."""
        from reader.core.errors import ReaderError
        from reader.core.loaders import load

        self._local: list[Result] = []
        for path, digest in todo:
            if digest:
                yield path, digest
                continue
            try:
                load(path)
            except ReaderError as exc:
                self._local.append(Result(path, digest, None, exc.code, str(exc)))
            else:
                yield path, digest

    def _probe(self, sample: str) -> None:
        """Ask a worker whether it reads the files at their paths (a shared folder: the files are
        not sent) and whether it sees the Parquet folder (each worker writes its shards there:
        only the counts come back). Either way the run works; the answers only save copying."""
        import secrets

        token = secrets.token_hex(8)
        out = str(self.shards.root.resolve()) if self.shards is not None else None
        mark = os.path.join(out, f".probe-{token}") if out is not None else None
        try:
            size = os.path.getsize(sample)
            if mark is not None:
                with open(mark, "w", encoding="utf-8") as f:
                    f.write(token)
            reads, writes = self._client.submit(
                probe, os.path.abspath(sample), size, out, token, pure=False
            ).result(timeout=60)
            self.paths = bool(reads)
            self.writes = bool(writes) and mark is not None and os.path.exists(mark + ".w")
        except Exception:  # no answer: the files are sent and the records written here
            self._check_scheduler()
            self.paths = self.writes = False
        finally:
            for leftover in (mark, f"{mark}.w") if mark is not None else ():
                with contextlib.suppress(OSError):
                    os.unlink(leftover)

    def _submit(self, items: list[tuple[str, str]]) -> Any:
        payload: list[tuple[str, bytes | None]] = []
        for path, _digest in items:
            if self.paths:
                payload.append((path, None))  # (the indexer's paths are absolute)
                continue
            try:
                with open(path, "rb") as f:
                    payload.append((path, f.read()))
            except OSError:
                payload.append((path, b""))  # gone since it was hashed: the worker says "empty"
        if self.writes:
            stats = self.shards.stats
            sent = [
                (path, digest, stats.get(path), data)
                for (path, data), (_p, digest) in zip(payload, items, strict=True)
            ]
            fut = self._client.submit(
                store_chunk,
                sent,
                str(self.shards.root.resolve()),
                self.shards.reserve(),
                self.version,
                pure=False,
            )
        else:
            fut = self._client.submit(analyse_chunk, payload, pure=False)
        self._futures[fut] = items
        return fut

    def stop(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            try:
                if self._futures:
                    client.cancel(list(self._futures))
                client.close()
            except Exception:
                pass
        self._futures.clear()
        if cluster is not None:
            try:
                cluster.close()
            except Exception:
                pass
