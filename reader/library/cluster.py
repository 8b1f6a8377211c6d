"""The per-file analysis on a Dask distributed cluster (``reader index DIR --cluster ADDRESS``).

The optional ``distributed`` package (``pip install 'reader[cluster]'``) is imported only here.
Every worker needs the reader and its model installed (the same environment); a worker plugin
loads the model once when the worker starts. The files are read by this process and sent in
chunks with their bytes, so the workers need no shared folder; each chunk comes back as plain JSON
records, and this process alone writes the database. A worker that dies has its chunk rescheduled
by the scheduler; a chunk that fails for good is reported and not written (a new run retries it).

``ADDRESS`` is a scheduler address (``tcp://host:8786``) or ``local`` / ``local:N``: a cluster of N
worker processes on this machine, started and stopped for the run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

from reader.core.errors import ClusterError, OptionalDependencyError
from reader.library.records import ANALYSER_ERROR, Result, analyse_bytes

CHUNK_FILES = 8  # files per task: few round trips, yet work spread over the workers
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker (bounds the memory of the sent bytes)
CONNECT_TIMEOUT = "20s"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise OptionalDependencyError(
            detail="the cluster needs the 'distributed' package: pip install 'reader[cluster]'"
        ) from None
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


def analyse_chunk(items: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """On a worker: the records of a chunk of files, each ``{"path", ...analyse_file's keys}``."""
    return [{"path": path, **analyse_bytes(path, data)} for path, data in items]


def connect(address: str) -> tuple[Any, Any]:
    """(client, the local cluster or None) for ``address`` (see the module text)."""
    distributed = _distributed()
    cluster = None
    try:
        if address == "local" or address.startswith("local:"):
            n = int(address.partition(":")[2] or os.cpu_count() or 1)
            cluster = distributed.LocalCluster(
                n_workers=max(1, n), threads_per_worker=1, processes=True, dashboard_address=":0"
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

    def __init__(self, address: str, chunk_files: int = CHUNK_FILES, cancel: threading.Event | None = None):
        self.address = address
        self.cancel = cancel
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
        workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        chunks = [todo[i : i + self.chunk_files] for i in range(0, len(todo), self.chunk_files)]
        chunks.reverse()
        while chunks and len(self._futures) < workers * IN_FLIGHT_PER_WORKER:
            self._submit(chunks.pop())
        while self._futures:
            try:
                done = distributed.wait(
                    list(self._futures), timeout=self.POLL_SECONDS, return_when="FIRST_COMPLETED"
                ).done
            except TimeoutError:
                done = set()
            if self.cancel is not None and self.cancel.is_set():
                return  # stop() cancels the chunks in flight
            for fut in done:
                yield from self._results(fut)
                if chunks:
                    self._submit(chunks.pop())

    def _results(self, fut: Any) -> Iterator[Result]:
        """The records of a finished chunk (a chunk that failed for good: its files, not written)."""
        items = self._futures.pop(fut)
        try:
            records = fut.result()
        except Exception as exc:  # the chunk failed for good (its workers kept dying)
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

    def _submit(self, items: list[tuple[str, str]]) -> Any:
        payload = []
        for path, _digest in items:
            try:
                with open(path, "rb") as f:
                    payload.append((path, f.read()))
            except OSError:
                payload.append((path, b""))  # gone since it was hashed: the worker says "empty"
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
