"""The analysis worker process: loads the model once, then answers requests until told to quit or
until its standard input closes (its parent is gone). See :mod:`reader.worker` for the protocol.

    python -m reader.worker.serve        (the frozen app: reader --analysis-worker)
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sys
import threading
from collections import deque
from typing import IO, Any

from reader.core.errors import AnalysisFailedError, Cancelled, ReaderError
from reader.core.model import Analysis
from reader.worker import PART_BYTES, PART_KEYS


class _Out:
    """The protocol's output: a private copy of the process's standard output, so that a library
    printing to stdout cannot break a message (stdout itself is pointed at stderr)."""

    def __init__(self) -> None:
        fd = os.dup(1)
        os.dup2(2, 1)
        self._file: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self._lock = threading.Lock()

    def send(self, msg: dict[str, Any]) -> None:
        self._write(json.dumps(msg, ensure_ascii=False))

    def _write(self, line: str) -> None:
        with self._lock:
            self._file.write(line + "\n")
            self._file.flush()

    def send_analysis(self, rid: int, analysis: Analysis) -> None:
        """The analysis as parts of at most PART_BYTES each, then the rest as the result."""
        data = analysis.to_json()
        for key in PART_KEYS:
            items = data.pop(key, [])
            batch: list[str] = []
            size = 0
            for item in items:
                text = json.dumps(item, ensure_ascii=False)
                if batch and size + len(text) > PART_BYTES:
                    self._part(rid, key, batch)
                    batch, size = [], 0
                batch.append(text)
                size += len(text)
            self._part(rid, key, batch)
        self.send({"type": "result", "id": rid, "data": data})

    def _part(self, rid: int, key: str, items: list[str]) -> None:
        self._write(
            f'{{"type": "part", "id": {rid}, "key": {json.dumps(key)}, "items": [{", ".join(items)}]}}'
        )


def _read_requests(inbox: queue.Queue[dict[str, Any]]) -> None:
    """Requests from standard input into ``inbox``. The end of the input means the parent is
    gone (closed, crashed or killed): the worker ends at once, whatever it was doing."""
    for line in sys.stdin.buffer:
        try:
            inbox.put(json.loads(line))
        except ValueError:
            continue
    os._exit(0)


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is the parent's business
    out = _Out()
    inbox: queue.Queue[dict[str, Any]] = queue.Queue()
    threading.Thread(target=_read_requests, args=(inbox,), name="requests", daemon=True).start()
    try:
        from reader.nlp.pipeline import load_nlp

        load_nlp()
    except ReaderError as exc:
        out.send({"type": "failed", "code": exc.code, "message": str(exc)})
        return 1
    except Exception as exc:  # a broken install: one line for the window, not a traceback
        message = f"the language model could not be loaded ({type(exc).__name__}: {exc})"
        out.send({"type": "failed", "code": "E020", "message": message})
        return 1
    out.send({"type": "ready", "pid": os.getpid()})
    waiting: deque[dict[str, Any]] = deque()
    while True:
        msg = waiting.popleft() if waiting else inbox.get()
        op = msg.get("op")
        if op == "quit":
            return 0
        if op not in ("analyze", "analyze_file"):
            continue  # a cancel for a request already answered
        _answer(out, msg, inbox, waiting)


def _answer(
    out: _Out, msg: dict[str, Any], inbox: queue.Queue[dict[str, Any]], waiting: deque[dict[str, Any]]
) -> None:
    from reader.nlp.pipeline import analyze

    rid = int(msg["id"])

    def should_cancel() -> bool:
        while True:
            try:
                other = inbox.get_nowait()
            except queue.Empty:
                return False
            if other.get("op") == "cancel":
                if other.get("id") == rid:
                    return True
                continue
            waiting.append(other)  # a newer request (or quit): this one is no longer wanted
            return True

    def progress(done: int, total: int) -> None:
        out.send({"type": "progress", "id": rid, "done": done, "total": total})

    source = msg.get("path")
    try:
        if msg["op"] == "analyze_file":
            from reader.core.loaders import load

            article = load(str(msg["path"]))
        else:
            article = Analysis.from_json(msg["article"]).article
            source = article.source
        analysis = analyze(article, progress=progress, should_cancel=should_cancel)
    except Cancelled:
        out.send({"type": "cancelled", "id": rid})
        return
    except ReaderError as exc:
        out.send({"type": "error", "id": rid, "code": exc.code, "message": str(exc)})
        return
    except MemoryError:
        err = AnalysisFailedError(source, "out of memory")
        out.send({"type": "error", "id": rid, "code": err.code, "message": str(err)})
        return
    except Exception as exc:  # an analyser bug: one line, and the worker goes on
        err = AnalysisFailedError(source, f"{type(exc).__name__}: {exc}")
        out.send({"type": "error", "id": rid, "code": err.code, "message": str(err)})
        return
    out.send_analysis(rid, analysis)


def run() -> None:
    """Runs :func:`main` and ends the process without the interpreter's shutdown, which would
    wait on the thread blocked reading standard input."""
    code = main()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
