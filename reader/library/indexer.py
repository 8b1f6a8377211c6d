"""Indexing: analyse article files and write them to the library, incrementally.

:func:`index` lists the files (folders searched for the supported formats), hashes each one and
skips those whose content hash and analyser version the library already holds; the rest are
analysed, in this process (``jobs=1``), in a pool of ``jobs`` worker processes, or on a Dask cluster
(``cluster=ADDRESS``, :mod:`reader.library.cluster`). Every worker loads the model once and
returns plain JSON-able records (:mod:`reader.library.records`); the calling process is the only
writer, one transaction per article, so an interrupted run (Ctrl+C, cancel, a killed process or worker) leaves
whole articles only and the next run does just what is missing or changed. A file that cannot be
read or analysed is recorded with its error code and the run goes on.

What a file becomes (its record) is :mod:`reader.library.records`, the library's one door into
spaCy; the store, the speaker merging and this module reach none of it.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reader.core.errors import Cancelled, LibraryCorruptError, LibraryError, ModelMissingError, ReaderError
from reader.library.files import collect_files
from reader.library.lease import Lease
from reader.library.records import (
    ANALYSER_ERROR,
    Result,
    analyse_file,
    analyser_version,
    file_hash,
    model_installed,
    record_from_json,
)
from reader.library.store import Library, default_db_path

ProgressFn = Callable[[int, int, str], None]  # (files done, files in all, the file just done)
SPEAKER_REBUILD_SECONDS = 10.0  # while indexing, speakers are re-merged this often (and at the end)


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
    moved: int = 0  # renamed or moved files (same content): their rows follow them, not redone
    removed: int = 0  # files gone from the folders indexed: their articles left the library

    @property
    def analysed(self) -> int:
        return self.added + self.updated


# --- runners: where the analysis happens ----------------------------------------------------


class Runner(Protocol):
    def run(self, todo: list[tuple[str, str]]) -> Iterator[Result]: ...
    def stop(self) -> None: ...


class InProcess:
    """``jobs=1``: the analysis runs in the calling thread (the model is loaded here once)."""

    def __init__(self, cancel: threading.Event | None):
        self.cancel = cancel

    def run(self, todo: list[tuple[str, str]]) -> Iterator[Result]:
        should_cancel = self.cancel.is_set if self.cancel is not None else None
        for path, digest in todo:
            try:
                out = analyse_file(path, should_cancel=should_cancel)
            except Cancelled:
                return
            yield Result(
                path,
                digest,
                out.get("record"),
                out.get("error_code"),
                out.get("error"),
                analysis=out.get("analysis"),
            )

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

    def run(self, todo: list[tuple[str, str]]) -> Iterator[Result]:
        from reader.worker import analyse_files

        digests = dict(todo)
        self._results = analyse_files([path for path, _ in todo], self.jobs, cancel=self.cancel)
        for r in self._results:
            digest = digests[r.path]
            if r.lost:
                msg = f"{r.path}: a worker process died while analysing it (not recorded; run again)"
                yield Result(r.path, digest, None, ANALYSER_ERROR, msg, written=False)
            elif r.data is not None:
                yield Result(r.path, digest, record_from_json(r.data), analysis=r.data)
            else:
                yield Result(r.path, digest, None, r.error_code, r.error)

    def stop(self) -> None:
        self.cancel.set()
        if self._results is not None:
            self._results.close()  # joins the pool's threads; each ends its worker


# --- where the records go ----------------------------------------------------------------------


class Sink(Protocol):
    def known(self) -> dict[str, tuple[str, str]]: ...
    def failed(self) -> dict[str, str]: ...
    def write(self, result: Result, version: str) -> None: ...
    def checkpoint(self, final: bool) -> None: ...
    def known_stats(self) -> dict[str, tuple[int, int]]: ...
    def record_stats(self, stats: dict[str, tuple[int, int]]) -> None: ...

    stats: dict[str, tuple[int, int]]  # the files hashed this run: path -> (size, mtime_ns)


class LibrarySink:
    def __init__(self, library: Library):
        self.library = library
        self._last = time.monotonic()
        self._interval = SPEAKER_REBUILD_SECONDS
        self.stats: dict[str, tuple[int, int]] = {}  # the files hashed this run: path -> (size, mtime)
        self._store: Any = None  # the reader's corrections (read-only), opened at the first write

    def known(self) -> dict[str, tuple[str, str]]:
        return self.library.known()

    def _corrections(self) -> Any:  # -> the user's CorrectionStore, or None (unusable this run)
        if self._store is None:
            from reader.library.corrections import CorrectionStore

            # the user's corrections (the window's and the CLI's), whichever library is indexed
            self._store = CorrectionStore(readonly=True)
        return self._store or None

    def known_stats(self) -> dict[str, tuple[int, int]]:
        return self.library.known_stats()

    def record_stats(self, stats: dict[str, tuple[int, int]]) -> None:
        """The files hashed and found unchanged (or moved): their size and time, for the next run."""
        self.library.set_stats((path, size, mtime) for path, (size, mtime) in stats.items())

    def failed(self) -> dict[str, str]:
        return self.library.failed()

    def tidy(
        self, known: dict[str, tuple[str, str]], gone: list[str], todo: list[tuple[str, str]], version: str
    ) -> tuple[int, int]:
        """Files gone since the last run (``known``: what the library held when the run began): a
        new file with the same content and analyser is the same article moved (its rows follow it,
        nothing is redone); the rest are forgotten. Returns (moved, removed) and takes the moved
        files out of ``todo``."""
        by_content: dict[tuple[str, str], list[str]] = {}
        for path in gone:
            by_content.setdefault(known[path], []).append(path)
        moved = 0
        for item in list(todo):
            new, digest = item
            olds = by_content.get((digest, version))
            if new not in known and olds and self.library.rename(olds.pop(), new):
                todo.remove(item)
                moved += 1
        left = [p for olds in by_content.values() for p in olds]
        removed = self.library.forget(left) if left else 0
        return moved, removed

    def write(self, result: Result, version: str) -> None:
        record = result.record
        store = self._corrections() if record is not None and result.analysis is not None else None
        if store is not None:
            # a reader's corrections of the article: its quotes and speakers as corrected
            from reader.library.corrections import corrected_record

            try:
                fixed, _attached = corrected_record(store, result.path, result.analysis or {})
            except ReaderError:  # the corrections file cannot be read: the run goes on without it
                self._store = False  # (the window names the file's problem when an article opens)
                fixed = None
            record = fixed if fixed is not None else record
        self.library.write_article(
            result.path,
            result.content_hash,
            version,
            record,
            error_code=result.error_code,
            error=result.error,
            analysis=result.analysis,
            stat=self.stats.get(result.path),
        )

    def checkpoint(self, final: bool) -> None:
        """Merge the speakers again at the end, and every few seconds while indexing (the window
        shows them as they come); never more than a tenth of the time goes to it."""
        if final and self._store:
            self._store.close()
            self._store = None
        if final or time.monotonic() - self._last >= self._interval:
            from reader.library.speakers import rebuild

            started = time.monotonic()
            if self.library.speakers_stale():
                rebuild(self.library)
            self._last = time.monotonic()
            self._interval = max(SPEAKER_REBUILD_SECONDS, 10 * (self._last - started))


# --- a Parquet folder into the database ---------------------------------------------------------


def import_parquet(
    folder: str | os.PathLike[str],
    library: str | os.PathLike[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Bring a Parquet folder (``reader index --out``, a cluster's output) into the library
    database (``reader import``): :func:`reader.library.parquet.import_into` under the library's
    lease, then the speakers merged. Returns (articles written, articles already there)."""
    from reader.library.parquet import import_into
    from reader.library.speakers import rebuild

    if not (Path(folder) / "articles").is_dir():  # before a database is made for nothing
        raise LibraryError(Path(folder), what="not a reader Parquet folder")
    with Lease(library if library is not None else default_db_path()), Library(library) as lib:
        written, unchanged = import_into(lib, folder, progress)
        if lib.speakers_stale():
            rebuild(lib)
    return written, unchanged


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
    processes: bool = False,
    check: bool = False,
    on_failure: Callable[[str, str], None] | None = None,
) -> IndexSummary:
    """Analyse the files under ``paths`` that the library lacks or holds in an older state.

    ``library``: an open :class:`Library` (of this thread), a database path, or None for the
    default database. ``out``: write Parquet shards to this folder instead of a database
    (``reader.library.parquet``; resumable the same way). ``progress(done, total, path)`` is called
    in the calling thread after each file (and once at the start with the unchanged ones counted).
    ``cancel``: set it from any thread to stop after the current file (in-process: inside it);
    what was written stays. Ctrl+C does the same and the summary says ``cancelled``.
    ``processes``: analyse in analysis worker processes even with one job (the window: no model
    in its own process). ``check``: run the full ``PRAGMA integrity_check`` first (the open's quick
    check and the coded errors of every write catch damage otherwise, without reading every page
    of a large library on every run). ``on_failure(path, message)``: called for each file that
    fails (the ones that failed before and would again included), as it is known.
    Raises :class:`ModelMissingError` before anything is done when the model is not installed,
    :class:`~reader.core.errors.LibraryError` for a database that cannot be used.
    """
    started = time.monotonic()
    if not model_installed():
        raise ModelMissingError()
    # one writer per library: the lease first (before the database is opened, migrated or
    # checked), released however the run ends
    target = out if out is not None else library.path if isinstance(library, Library) else library
    with contextlib.ExitStack() as stack:
        stack.enter_context(Lease(target if target is not None else default_db_path()))
        sink: Sink
        if out is not None:
            from reader.library.parquet import ParquetSink

            sink = ParquetSink(out)
        else:
            lib = library if isinstance(library, Library) else stack.enter_context(Library(library))
            problems = lib.check() if check else []  # the full check, when asked for, before any write
            if problems:
                raise LibraryCorruptError(lib.path, problems[0])
            sink = LibrarySink(lib)
        return _run(paths, sink, jobs, progress, cancel, cluster, started, out, processes, on_failure)


def _run(
    paths: Iterable[str | os.PathLike[str]],
    sink: Sink,
    jobs: int,
    progress: ProgressFn | None,
    cancel: threading.Event | None,
    cluster: str | None,
    started: float,
    out: str | os.PathLike[str] | None,
    processes: bool = False,
    on_failure: Callable[[str, str], None] | None = None,
) -> IndexSummary:
    files = collect_files(paths)
    version = analyser_version()
    plan = _plan(paths, files, sink, version)
    todo, unchanged, failures, known = plan.todo, plan.unchanged, plan.failures, plan.known
    total = len(files)
    if on_failure is not None:
        for path, message in failures:
            on_failure(path, message)
    if progress is not None:
        progress(unchanged + len(failures), total, "")
    runner: Runner
    if cluster:
        from reader.library.cluster import ClusterRunner
        from reader.library.parquet import ParquetSink

        shards = sink if isinstance(sink, ParquetSink) else None  # workers may write them themselves
        runner = ClusterRunner(cluster, cancel=cancel, shards=shards, version=version)
    elif (jobs > 1 and len(todo) > 1) or (processes and todo):
        runner = ProcessPool(max(1, min(jobs, len(todo))), cancel)
    else:
        runner = InProcess(cancel)
    added = updated = 0
    failed = len(failures)
    cancelled = False
    done = unchanged + failed
    try:
        for result in runner.run(todo):
            if result.written:
                sink.write(result, version)
            if result.error_code:
                failed += 1
                failures.append((result.path, result.error or result.error_code))
                if on_failure is not None:
                    on_failure(result.path, result.error or result.error_code)
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
        try:  # (also when the cluster went: what came back is written, as its message says)
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
        moved=plan.moved,
        removed=plan.removed,
    )


@dataclass
class _Plan:
    known: dict[str, tuple[str, str]]
    todo: list[tuple[str, str]] = field(default_factory=list)  # (path, content hash) to analyse
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # failed before, unchanged since
    moved: int = 0
    removed: int = 0


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _plan(paths: Iterable[str | os.PathLike[str]], files: list[str], sink: Sink, version: str) -> _Plan:
    """What a run has to do: the files to analyse; the unchanged ones; the ones that failed before
    and would fail the same way (said again, not redone); files moved or deleted since."""
    plan = _Plan(known=sink.known())
    failed_before = sink.failed()
    stats_before = sink.known_stats()
    stats = sink.stats  # what this run hashed: the sink records it
    for path in files:
        stat = _stat(path)
        held = plan.known.get(path)
        if stat is not None and held is not None and stats_before.get(path) == stat:
            digest = held[0]  # same size and time as when it was hashed: the same content, unread
        else:
            digest = file_hash(path)
            if stat is not None and digest:
                stats[path] = stat
        if digest and plan.known.get(path) == (digest, version):
            if path in failed_before:
                plan.failures.append((path, failed_before[path]))
            else:
                plan.unchanged += 1
        else:
            plan.todo.append((path, digest))
    if isinstance(sink, LibrarySink):
        gone = _gone(plan.known, paths, set(files))
        if gone:
            plan.moved, plan.removed = sink.tidy(plan.known, gone, plan.todo, version)
            plan.unchanged += plan.moved
    if stats:  # the files read and found unchanged (or moved): not read again next time
        pending = {path for path, _ in plan.todo}
        sink.record_stats({path: st for path, st in stats.items() if path not in pending})
    return plan


def _gone(
    known: dict[str, tuple[str, str]], paths: Iterable[str | os.PathLike[str]], found: set[str]
) -> list[str]:
    """The library's articles inside the folders (or at the files) indexed now whose files no
    longer exist. Articles elsewhere are left alone: a run over one folder keeps the others."""
    roots = [os.path.abspath(os.fspath(p)) for p in paths]
    folders = tuple(r.rstrip(os.sep) + os.sep for r in roots if os.path.isdir(r))
    files = {r for r in roots if not os.path.isdir(r)}
    return [
        p for p in known if p not in found and (p.startswith(folders) or p in files) and not os.path.exists(p)
    ]
