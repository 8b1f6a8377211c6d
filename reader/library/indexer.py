"""Indexing: analyse article files and write them to the library, incrementally.

:func:`index` lists the files (folders searched for the supported formats), hashes each one and
skips those whose content hash and analyser version the library already holds; the rest are
analysed, in this process (``jobs=1``), in a pool of ``jobs`` worker processes, or on a Dask cluster
(``cluster=ADDRESS``, :mod:`reader.library.cluster`). Every worker loads the model once and returns
plain JSON-able records (:func:`analyse_file`); the calling process is the only writer, one
transaction per article, so an interrupted run (Ctrl+C, cancel, a killed process or worker) leaves
whole articles only and the next run does just what is missing or changed. A file that cannot be
read or analysed is recorded with its error code and the run goes on.

This module is the library's door into spaCy (through ``reader.nlp.pipeline``); the store and the
speaker merging stay spaCy-free.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from reader.core.errors import (
    AnalysisFailedError,
    Cancelled,
    LibraryCorruptError,
    ModelMissingError,
    ReaderError,
)
from reader.library.files import collect_files
from reader.library.store import Library

ProgressFn = Callable[[int, int, str], None]  # (files done, files in all, the file just done)
SPEAKER_REBUILD_SECONDS = 10.0  # while indexing, speakers are re-merged this often (and at the end)
ANALYSER_ERROR = AnalysisFailedError.code  # an analyser bug: recorded like a bad file, the run goes on

# the kinds of a library speaker, from the label of the quote's speaker entity in its article
KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}


@dataclass(frozen=True)
class IndexSummary:
    """What one :func:`index` run did."""

    total: int  # files considered
    added: int  # new in the library
    updated: int  # changed (content or analyser version) and analysed again
    unchanged: int  # skipped: same content, same analyser
    failed: int  # recorded with an error (or lost with a dead worker; see ``failures``)
    seconds: float
    cancelled: bool = False  # stopped early (cancel event, Ctrl+C); a new run resumes
    failures: tuple[tuple[str, str], ...] = ()  # (path, one-line message)
    db_path: str | None = None
    out_path: str | None = None  # the Parquet folder, when written there

    @property
    def analysed(self) -> int:
        return self.added + self.updated


@dataclass
class _Result:
    path: str
    content_hash: str
    record: dict[str, Any] | None
    error_code: str | None = None
    error: str | None = None
    written: bool = field(default=True)  # False: a worker died; nothing to write


def analyser_version() -> str:
    """The reader's version and the attribution model's: a change re-analyses every article."""
    from reader import __version__
    from reader.nlp.pipeline import attribution_model_version

    return f"{__version__}+attribution.{attribution_model_version()}"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: str) -> str:
    """The SHA-256 of the file's bytes; "" when it cannot be read (the analysis records why)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""
    return h.hexdigest()


# --- the analysis of one file (any process) ------------------------------------------------------


def analyse_file(path: str, *, should_cancel: Callable[[], bool] | None = None) -> dict[str, Any]:
    """The library record of one file: ``{"record": {...}}`` or ``{"error_code", "error"}``.

    The record is plain JSON: title, date, outlet, format, words; ``entities`` (canonical: ref,
    name, label, category, mentions, forms); ``quotes`` (the ``analyze --json`` quote plus
    ``speaker_ref``, the speaker's entity in the article, and ``speaker_kind``); ``figures``."""
    from reader.core.loaders import load
    from reader.nlp.pipeline import analyze

    try:
        analysis = analyze(load(path), should_cancel=should_cancel)
    except ReaderError as exc:
        return {"error_code": exc.code, "error": str(exc)}
    except Cancelled:
        raise
    except Exception as exc:
        err = AnalysisFailedError(path, f"{type(exc).__name__}: {exc}")
        return {"error_code": err.code, "error": str(err)}
    return {"record": record_from_json(analysis.to_json())}


def record_from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The library record of an ``analyze --json`` object, titled as the exports title it."""
    from reader.core.model import Analysis
    from reader.report.document import article_title

    record = record_of(data)
    head = {k: v for k, v in data.items() if not isinstance(v, list) or k == "blocks"}
    record["title"] = article_title(Analysis.from_json(head).article)  # the page's, a headline, the name
    return record


def record_of(data: dict[str, Any]) -> dict[str, Any]:
    """The library record of an ``analyze --json`` object (the text itself is not kept)."""
    labels = {c["id"]: c["label"] for c in data.get("canonical_entities", [])}
    quotes = []
    for q in data.get("quotes", []):
        q = dict(q)
        ref = q.pop("speaker_id", None)
        q["speaker_ref"] = ref
        label = labels.get(ref) if ref else None
        q["speaker_kind"] = _kind(label) if q.get("speaker_name") else None
        quotes.append(q)
    entities = [
        {
            "ref": c["id"],
            "name": c["name"],
            "label": c["label"],
            "category": c["category"],
            "mentions": c["count"],
            "forms": sorted({m["text"] for m in c.get("mentions", [])}),
        }
        for c in data.get("canonical_entities", [])
    ]
    meta = data.get("metadata") or {}
    return {
        "title": data.get("title"),
        "date": meta.get("date"),
        "outlet": meta.get("publisher"),
        "format": data.get("format"),
        "words": len((data.get("text") or "").split()),
        "entities": entities,
        "quotes": quotes,
        "figures": data.get("figures", []),
    }


def _kind(label: str | None) -> str:
    if label is None or label == "SPEAKER":
        return "unnamed"
    return KINDS.get(label, "other")


def analyse_bytes(name: str, data: bytes) -> dict[str, Any]:
    """:func:`analyse_file` of content sent from another machine (the cluster): written to a
    temporary file with the same name, messages naming the original path."""
    with tempfile.TemporaryDirectory(prefix="reader-") as tmp:
        local = os.path.join(tmp, os.path.basename(name) or "article")
        with open(local, "wb") as f:
            f.write(data)
        result = analyse_file(local)
    if result.get("error"):
        result["error"] = str(result["error"]).replace(local, name)
    return result


def load_model() -> None:
    """Load the model now (a worker, before its first file); later calls cost nothing."""
    from reader.nlp.pipeline import load_nlp

    load_nlp()


# --- runners: where the analysis happens ----------------------------------------------------


class Runner(Protocol):
    def run(self, todo: list[tuple[str, str]]) -> Iterator[_Result]: ...
    def stop(self) -> None: ...


class InProcess:
    """``jobs=1``: the analysis runs in the calling thread (the model is loaded here once)."""

    def __init__(self, cancel: threading.Event | None):
        self.cancel = cancel

    def run(self, todo: list[tuple[str, str]]) -> Iterator[_Result]:
        should_cancel = self.cancel.is_set if self.cancel is not None else None
        for path, digest in todo:
            try:
                out = analyse_file(path, should_cancel=should_cancel)
            except Cancelled:
                return
            yield _Result(path, digest, out.get("record"), out.get("error_code"), out.get("error"))

    def stop(self) -> None:
        pass


class ProcessPool:
    """``jobs>1``: analysis worker processes (``reader.worker``), each loading the model once and
    loading and analysing one file at a time; a worker that dies (a crash, a hang, its memory
    limit) is replaced and its file tried again (twice at most). The workers exit with this
    process, however it ends."""

    def __init__(self, jobs: int, cancel: threading.Event | None = None):
        self.jobs = jobs
        self.cancel = cancel if cancel is not None else threading.Event()
        self._results: Any = None

    def run(self, todo: list[tuple[str, str]]) -> Iterator[_Result]:
        from reader.worker import analyse_files

        digests = dict(todo)
        self._results = analyse_files([path for path, _ in todo], self.jobs, cancel=self.cancel)
        for r in self._results:
            digest = digests[r.path]
            if r.lost:
                msg = f"{r.path}: a worker process died while analysing it (not recorded; run again)"
                yield _Result(r.path, digest, None, ANALYSER_ERROR, msg, written=False)
            elif r.data is not None:
                yield _Result(r.path, digest, record_from_json(r.data))
            else:
                yield _Result(r.path, digest, None, r.error_code, r.error)

    def stop(self) -> None:
        self.cancel.set()
        if self._results is not None:
            self._results.close()  # joins the pool's threads; each ends its worker


# --- where the records go ----------------------------------------------------------------------


class Sink(Protocol):
    def known(self) -> dict[str, tuple[str, str]]: ...
    def write(self, result: _Result, version: str) -> None: ...
    def checkpoint(self, final: bool) -> None: ...


class LibrarySink:
    def __init__(self, library: Library):
        self.library = library
        self._last = time.monotonic()
        self._interval = SPEAKER_REBUILD_SECONDS

    def known(self) -> dict[str, tuple[str, str]]:
        return self.library.known()

    def write(self, result: _Result, version: str) -> None:
        self.library.write_article(
            result.path,
            result.content_hash,
            version,
            result.record,
            error_code=result.error_code,
            error=result.error,
        )

    def checkpoint(self, final: bool) -> None:
        """Merge the speakers again at the end, and every few seconds while indexing (the window
        shows them as they come); never more than a tenth of the time goes to it."""
        if final or time.monotonic() - self._last >= self._interval:
            from reader.library.speakers import rebuild

            started = time.monotonic()
            if self.library.speakers_stale():
                rebuild(self.library)
            self._last = time.monotonic()
            self._interval = max(SPEAKER_REBUILD_SECONDS, 10 * (self._last - started))


# --- the run -------------------------------------------------------------------------------------


def index(
    paths: Iterable[str | os.PathLike[str]],
    library: Library | str | os.PathLike[str] | None = None,
    *,
    jobs: int = 1,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    cluster: str | None = None,
    out: str | os.PathLike[str] | None = None,
) -> IndexSummary:
    """Analyse the files under ``paths`` that the library lacks or holds in an older state.

    ``library``: an open :class:`Library` (of this thread), a database path, or None for the
    default database. ``out``: write Parquet shards to this folder instead of a database
    (``reader.library.parquet``; resumable the same way). ``progress(done, total, path)`` is called
    in the calling thread after each file (and once at the start with the unchanged ones counted).
    ``cancel``: set it from any thread to stop after the current file (in-process: inside it);
    what was written stays. Ctrl+C does the same and the summary says ``cancelled``.
    Raises :class:`ModelMissingError` before anything is done when the model is not installed,
    :class:`~reader.core.errors.LibraryError` for a database that cannot be used.
    """
    from reader.nlp.pipeline import model_available

    started = time.monotonic()
    if not model_available():
        raise ModelMissingError()
    own: Library | None = None
    sink: Sink
    if out is not None:
        from reader.library.parquet import ParquetSink

        sink = ParquetSink(out)
    else:
        lib = library if isinstance(library, Library) else Library(library)
        own = None if isinstance(library, Library) else lib
        problems = lib.check()  # the full PRAGMA integrity_check before anything is written
        if problems:
            if own is not None:
                own.close()
            raise LibraryCorruptError(lib.path, problems[0])
        sink = LibrarySink(lib)
    try:
        return _run(paths, sink, jobs, progress, cancel, cluster, started, out)
    finally:
        if own is not None:
            own.close()


def _run(
    paths: Iterable[str | os.PathLike[str]],
    sink: Sink,
    jobs: int,
    progress: ProgressFn | None,
    cancel: threading.Event | None,
    cluster: str | None,
    started: float,
    out: str | os.PathLike[str] | None,
) -> IndexSummary:
    files = collect_files(paths)
    version = analyser_version()
    known = sink.known()
    todo: list[tuple[str, str]] = []
    unchanged = 0
    for path in files:
        digest = file_hash(path)
        if digest and known.get(path) == (digest, version):
            unchanged += 1
        else:
            todo.append((path, digest))
    total = len(files)
    if progress is not None:
        progress(unchanged, total, "")
    runner: Runner
    if cluster:
        from reader.library.cluster import ClusterRunner

        runner = ClusterRunner(cluster, cancel=cancel)
    elif jobs > 1 and len(todo) > 1:
        runner = ProcessPool(min(jobs, len(todo)), cancel)
    else:
        runner = InProcess(cancel)
    added = updated = failed = 0
    failures: list[tuple[str, str]] = []
    cancelled = False
    done = unchanged
    try:
        for result in runner.run(todo):
            if result.written:
                sink.write(result, version)
            if result.error_code:
                failed += 1
                failures.append((result.path, result.error or result.error_code))
            elif result.path in known:
                updated += 1
            else:
                added += 1
            done += 1
            if progress is not None:
                progress(done, total, result.path)
            if cancel is not None and cancel.is_set():
                cancelled = True
                break
            sink.checkpoint(final=False)
        else:
            cancelled = cancel is not None and cancel.is_set() and done < total
    except KeyboardInterrupt:
        cancelled = True
    finally:
        runner.stop()
    try:
        sink.checkpoint(final=True)
    except KeyboardInterrupt:
        cancelled = True
    db = getattr(sink, "library", None)
    return IndexSummary(
        total=total,
        added=added,
        updated=updated,
        unchanged=unchanged,
        failed=failed,
        seconds=time.monotonic() - started,
        cancelled=cancelled,
        failures=tuple(failures),
        db_path=str(db.path) if db is not None else None,
        out_path=os.fspath(out) if out is not None else None,
    )
