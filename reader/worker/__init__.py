"""The analysis worker: one long-lived process that holds the language model, and its client.

The window, ``reader index --jobs N`` and anything else that analyses without wanting spaCy in its
own process talk to an :class:`AnalysisWorker`. The worker process (``reader.worker.serve``) loads
the model once and answers requests one at a time. Requests and answers are lines of JSON on the
process's standard input and a private copy of its standard output: an article goes in as
``Analysis(article).to_json()``, the analysis comes back as :meth:`Analysis.to_json`, its long lists
in parts (so no single decode in the caller's process holds the interpreter for long) and is
rebuilt with :meth:`Analysis.from_json`.

What can go wrong is one :class:`~reader.core.errors.AnalysisStoppedError` naming the file: the
process crashed or was killed, stopped answering for ``hang_seconds``, or grew past
``memory_limit``. The process is then ended and the next request starts a fresh one. A request
that is no longer wanted is cancelled by message; a worker that does not stop within
``CANCEL_GRACE`` seconds is ended. The worker exits on its own when its standard input closes,
which is what happens when the process that started it dies, however it dies.

This module imports neither spaCy nor Qt: it is the process boundary.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reader.core.errors import AnalysisStoppedError, Cancelled, ModelMissingError, ReaderError
from reader.core.model import Analysis, Article

# Seconds without a word from a busy worker before it counts as hung. It reports after every
# chunk it parses; the longest silence is the extraction of one piece of a long text.
HANG_SECONDS = 120.0
# Seconds a worker has to honour a cancel before it is ended (and replaced on the next request).
CANCEL_GRACE = 3.0
# Seconds a new worker has to load the model and say it is ready.
START_SECONDS = 180.0
# The resident memory a worker may grow to before it is ended: above what any accepted input
# needs (long texts are analysed in pieces, pipeline.PIECE_CHARS), below what starves a laptop.
MEMORY_LIMIT = 2 * 1024**3
_MEMORY_EVERY = 0.25  # seconds between two looks at the worker's memory
_POLL = 0.05  # seconds between two looks at cancellation while waiting for an answer

# The lists of Analysis.to_json that come back in parts, and the most bytes of JSON in one part.
PART_KEYS = ("entities", "canonical_entities", "quotes", "figures", "dates", "sentences", "blocks")
PART_BYTES = 256 * 1024


class WorkerReportedError(ReaderError):
    """A coded error the worker process reported (a bad file, a missing model), shown as it was
    written there."""

    def __init__(self, message: str, code: str = "E000") -> None:
        self._text = message
        self.code = code
        super().__init__()

    @property
    def message(self) -> str:
        return self._text


def worker_command() -> list[str]:
    """How to start a worker: the frozen app starts itself with a flag, Python runs the module."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--analysis-worker"]
    return [sys.executable, "-m", "reader.worker.serve"]


def _rss_bytes(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None  # not Linux, or the process is gone: nothing to measure


def _ended(code: int | None) -> str:
    if code is None:
        return "the analysis process stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the analysis process was killed ({name})"
    return f"the analysis process ended unexpectedly (exit code {code})"


class AnalysisWorker:
    """A client of one worker process, started on demand, restarted after a failure. Requests
    from several threads take their turns."""

    def __init__(
        self,
        *,
        hang_seconds: float = HANG_SECONDS,
        memory_limit: int = MEMORY_LIMIT,
        start_seconds: float = START_SECONDS,
    ) -> None:
        self.hang_seconds = hang_seconds
        self.memory_limit = memory_limit
        self.start_seconds = start_seconds
        self._proc: subprocess.Popen[bytes] | None = None
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0
        self._lock = threading.RLock()

    # --- the process --------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        """The worker process's id while one runs."""
        return self._proc.pid if self.alive else None  # type: ignore[union-attr]

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Starts a worker (if none runs) and waits until its model is loaded. Raises
        :class:`ModelMissingError` or a :class:`WorkerReportedError` when it cannot load it."""
        with self._lock:
            if not self.alive:
                self._start()

    def _start(self) -> None:
        self._stop_process()
        env = dict(os.environ)
        # the worker imports this very package, wherever it was imported from
        root = str(Path(__file__).resolve().parent.parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        proc = subprocess.Popen(
            worker_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )
        self._proc = proc
        self._inbox = queue.Queue()
        inbox = self._inbox
        threading.Thread(
            target=_read_messages, args=(proc.stdout, inbox), name="reader-worker-reader", daemon=True
        ).start()
        deadline = time.monotonic() + self.start_seconds
        while True:
            try:
                msg = inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self._stop_process()
                raise AnalysisStoppedError(
                    detail=f"the analysis process did not start in {self.start_seconds:g} s"
                ) from None
            if msg is None:
                code = proc.wait()
                self._stop_process()
                raise AnalysisStoppedError(detail=_ended(code))
            if msg.get("type") == "ready":
                return
            if msg.get("type") == "failed":
                self._stop_process()
                if msg.get("code") == ModelMissingError.code:
                    raise ModelMissingError()
                raise WorkerReportedError(str(msg.get("message")), str(msg.get("code", "E000")))

    def close(self) -> None:
        """Asks the worker to quit, and ends it if it does not."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self.alive:
            try:
                self._send({"op": "quit"})
                self._proc.wait(2)  # type: ignore[union-attr]
            except (OSError, subprocess.TimeoutExpired):
                pass
        self._stop_process()

    def _stop_process(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()  # SIGKILL: also ends a stopped (SIGSTOP) or hung process
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass

    def _send(self, msg: dict[str, Any]) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(msg, ensure_ascii=False).encode("utf-8") + b"\n")
        self._proc.stdin.flush()

    # --- requests -----------------------------------------------------------------------------

    def analyze(
        self,
        article: Article,
        *,
        progress: Callable[[int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> Analysis:
        """The analysis of ``article``, made in the worker. Raises :class:`Cancelled` when
        ``should_cancel`` turns true, :class:`AnalysisStoppedError` when the worker fails."""
        data = self._request(
            {"op": "analyze", "article": Analysis(article=article).to_json()},
            article.source,
            progress,
            should_cancel,
        )
        return Analysis.from_json(data)

    def analyze_file(
        self,
        path: str,
        *,
        progress: Callable[[int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> Analysis:
        """The analysis of the file at ``path``, loaded and analysed in the worker (a hostile file
        then costs the worker, never the caller)."""
        return Analysis.from_json(
            self.analyze_file_json(path, progress=progress, should_cancel=should_cancel)
        )

    def analyze_file_json(
        self,
        path: str,
        *,
        progress: Callable[[int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> dict[str, Any]:
        """:meth:`analyze_file` as the ``analyze --json`` object (for a caller that wants data)."""
        return self._request({"op": "analyze_file", "path": path}, path, progress, should_cancel)

    def _request(
        self,
        msg: dict[str, Any],
        source: str | None,
        progress: Callable[[int, int], None] | None,
        should_cancel: Callable[[], bool] | None,
    ) -> dict[str, Any]:
        with self._lock:
            return self._exchange(msg, source, progress, should_cancel)

    def _exchange(
        self,
        msg: dict[str, Any],
        source: str | None,
        progress: Callable[[int, int], None] | None,
        should_cancel: Callable[[], bool] | None,
    ) -> dict[str, Any]:
        if should_cancel is not None and should_cancel():
            raise Cancelled()
        self.start()
        self._next_id += 1
        rid = self._next_id
        try:
            self._send({**msg, "id": rid})
        except OSError:
            return self._fail(source)
        parts: dict[str, list[Any]] = {}
        heard = time.monotonic()
        measured = 0.0
        cancel_by: float | None = None
        while True:
            try:
                reply = self._inbox.get(timeout=_POLL)
            except queue.Empty:
                reply = {}
            now = time.monotonic()
            if reply is None:  # the process's output ended: it is gone
                return self._fail(source)
            if reply and reply.get("id") == rid:
                heard = now
                data = self._take(reply, parts, progress if cancel_by is None else None)
                if data is not None:
                    return data
            if cancel_by is None and should_cancel is not None and should_cancel():
                try:
                    self._send({"op": "cancel", "id": rid})
                except OSError:
                    pass
                cancel_by = now + CANCEL_GRACE
            if cancel_by is not None and now > cancel_by:
                self._stop_process()  # it did not listen: the next request starts a fresh one
                raise Cancelled()
            if now - measured > _MEMORY_EVERY:
                measured = now
                self._check_health(source, now - heard)

    @staticmethod
    def _take(
        reply: dict[str, Any], parts: dict[str, list[Any]], progress: Callable[[int, int], None] | None
    ) -> dict[str, Any] | None:
        """One answer to the current request: the whole result when it is complete."""
        kind = reply.get("type")
        if kind == "progress" and progress is not None:
            progress(int(reply["done"]), int(reply["total"]))
        elif kind == "part":
            parts.setdefault(reply["key"], []).extend(reply["items"])
        elif kind == "result":
            data: dict[str, Any] = reply["data"]
            data.update(parts)
            return data
        elif kind == "cancelled":
            raise Cancelled()
        elif kind == "error":
            raise WorkerReportedError(str(reply.get("message")), str(reply.get("code", "E000")))
        return None

    def _check_health(self, source: str | None, silent: float) -> None:
        """Ends a worker that stopped answering or outgrew its memory limit, as one coded line."""
        if silent > self.hang_seconds:
            self._stop_process()
            detail = f"the analysis process did not answer for {self.hang_seconds:g} s and was ended"
            raise AnalysisStoppedError(source, detail)
        rss = _rss_bytes(self._proc.pid) if self._proc is not None else None
        if rss is not None and rss > self.memory_limit:
            self._stop_process()
            limit = self.memory_limit / 1024**3
            raise AnalysisStoppedError(
                source, f"the analysis needed more than {limit:.1f} GB of memory and was ended"
            )

    def _fail(self, source: str | None) -> dict[str, Any]:
        """The worker is gone: its exit, as one coded line."""
        proc = self._proc
        code = None
        if proc is not None:
            try:
                code = proc.wait(5)
            except subprocess.TimeoutExpired:
                code = None
        self._stop_process()
        raise AnalysisStoppedError(source, _ended(code))


@dataclass(frozen=True)
class FileResult:
    """One file of :func:`analyse_files`: its analysis as JSON, or a coded one-line error.
    ``lost``: the worker died on it every time it was tried (a crash, a hang, its memory limit)."""

    index: int
    path: str
    data: dict[str, Any] | None = None
    error_code: str | None = None
    error: str | None = None
    lost: bool = False


RETRIES = 2  # a file whose worker died is tried again this often before it is reported lost


def analyse_files(
    paths: list[str], jobs: int, *, cancel: threading.Event | None = None, ordered: bool = False
) -> Generator[FileResult, None, None]:
    """The analyses of ``paths`` by ``jobs`` worker processes, each loading the model once, as they
    finish (in the order of ``paths`` when ``ordered``). Setting ``cancel`` (or closing the
    iterator) stops them: workers are cancelled by message, then ended. Workers exit with the
    calling process, however it ends."""
    todo: queue.Queue[tuple[int, str]] = queue.Queue()
    for item in enumerate(paths):
        todo.put(item)
    results: queue.Queue[FileResult | None] = queue.Queue()
    stop = cancel if cancel is not None else threading.Event()
    threads = [
        threading.Thread(
            target=_serve_files, args=(todo, results, stop), name=f"reader-pool-{n}", daemon=True
        )
        for n in range(max(1, min(jobs, len(paths))))
    ]
    for t in threads:
        t.start()
    running = len(threads)
    waiting: dict[int, FileResult] = {}
    next_index = 0
    try:
        while running:
            result = results.get()
            if result is None:
                running -= 1
                continue
            if not ordered:
                yield result
                continue
            waiting[result.index] = result
            while next_index in waiting:
                yield waiting.pop(next_index)
                next_index += 1
    finally:
        if running:
            stop.set()
        for t in threads:
            t.join()


def _serve_files(
    todo: queue.Queue[tuple[int, str]], results: queue.Queue[FileResult | None], stop: threading.Event
) -> None:
    """One pool thread: its own worker process, files from ``todo`` until none are left."""
    worker = AnalysisWorker()
    try:
        while not stop.is_set():
            try:
                index, path = todo.get_nowait()
            except queue.Empty:
                return
            for attempt in range(RETRIES + 1):
                try:
                    data = worker.analyze_file_json(path, should_cancel=stop.is_set)
                except Cancelled:
                    return
                except AnalysisStoppedError as exc:
                    if attempt == RETRIES:
                        results.put(FileResult(index, path, error_code=exc.code, error=str(exc), lost=True))
                    continue
                except ReaderError as exc:
                    results.put(FileResult(index, path, error_code=exc.code, error=str(exc)))
                else:
                    results.put(FileResult(index, path, data=data))
                break
    finally:
        worker.close()
        results.put(None)


_shared: AnalysisWorker | None = None
_shared_lock = threading.Lock()


def shared() -> AnalysisWorker:
    """The process's one analysis worker (every window of the app uses it), closed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = AnalysisWorker()
            atexit.register(_shared.close)
        return _shared


def _read_messages(stream: IO[bytes] | None, inbox: queue.Queue[dict[str, Any] | None]) -> None:
    """The worker's answers, one JSON object per line, into ``inbox``; ``None`` when it ends."""
    try:
        if stream is not None:
            for line in stream:
                try:
                    inbox.put(json.loads(line))
                except ValueError:
                    continue  # not ours (the worker's stdout is private; this should not happen)
    except (OSError, ValueError):
        pass
    inbox.put(None)
