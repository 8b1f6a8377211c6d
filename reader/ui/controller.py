"""The window's state and its one background worker.

``Controller`` (GUI thread) owns the article, the analysis, the selection and the current
request id. ``Worker`` lives on a ``QThread``; it loads files, exports and prints there, and has
each article analysed by the analysis worker process (``reader.worker``), which holds the model:
no spaCy runs in the window's process, so the GUI thread never waits for it. Every result carries
the request id it answers, and the controller drops the ones that are no longer current; a running
analysis is cancelled when a newer request arrives. A worker process that crashes, hangs or outgrows
its memory is one message; the next request starts a fresh one. The worker never touches a widget.

A reader's corrections (``reader.core.corrections``) are the controller's too: ``machine`` is the
model's analysis, ``analysis`` the one shown, the corrections applied. Each correction is a command
on ``undo_stack`` (Edit > Undo, Redo), kept in the corrections file as it is made and taken out
again when undone; the library's rows of the article follow on the worker.
"""

from __future__ import annotations

import gc
import os
import threading
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.core import corrections as cx
from reader.core.errors import Cancelled, ReaderError
from reader.core.model import Analysis, Article
from reader.core.selection import Selection
from reader.worker import shared

# Young collections between two full ones in the window's process (Python's default: 10). No model
# lives here any more, but a long article's analysis is a large heap of small objects, and a full
# collection over it holds the interpreter long enough to stall the GUI (benchmarks/run.py,
# max_gui_stall_ms, with gc.callbacks timing each collection).
GC_FULL_EVERY = 100


class Worker(QObject):
    """Runs on the worker thread: file loading, exports, and the analysis worker process's client."""

    modelReady = Signal()
    modelFailed = Signal(str)
    chartReady = Signal()  # pyqtgraph is imported: the GUI may build its plot without waiting
    loaded = Signal(int, object)  # request id, Article
    loadFailed = Signal(int, str)  # request id, message
    progress = Signal(int, int, int)  # request id, done chars, total chars
    analyzed = Signal(int, object)  # request id, Analysis
    analyzedBefore = Signal(int, object)  # request id, the Analysis the library holds for the file
    analysisFailed = Signal(int, str)
    cancelled = Signal(int)
    exportProgress = Signal(int, int, int)  # export id, pages done, pages
    exported = Signal(int, str)  # export id, path
    exportFailed = Signal(int, str)  # export id, message
    libraryFailed = Signal(str)  # a correction could not reach the library: the message

    def __init__(self, current_id, export_cancelled=lambda eid: False) -> None:
        super().__init__()
        self._current_id = current_id  # callable: the controller's latest request id
        self._export_cancelled = export_cancelled  # callable: whether an export was cancelled
        self._model_ok: bool | None = None
        self._model_error = ""
        self.analyser = shared()  # the app's one analysis process, started on demand

    def _ensure_model(self) -> bool:
        if self._model_ok is None:
            try:
                self.analyser.start()
                self._model_ok = True
                self.modelReady.emit()
                self._warm_chart()
            except ReaderError as exc:
                self._model_ok = False
                self._model_error = str(exc)
                self.modelFailed.emit(self._model_error)
            except Exception as exc:  # a broken install must not kill the thread
                self._model_ok = False
                self._model_error = f"the language model could not be loaded ({type(exc).__name__}: {exc})"
                self.modelFailed.emit(self._model_error)
        return bool(self._model_ok)

    @Slot()
    def warm_chart(self) -> None:
        self._warm_chart()

    def _warm_chart(self) -> None:
        """Imports the chart library here, off the GUI thread, before the first analysis ends (an
        import on the GUI thread would hold it for a quarter of a second)."""
        try:
            import pyqtgraph  # noqa: F401
        except Exception:  # the chart reports its own import problem when drawn
            pass
        self.chartReady.emit()

    @Slot()
    def load_model(self) -> None:
        self._ensure_model()

    @Slot(int, str)
    def open_file(self, rid: int, path: str) -> None:
        if rid != self._current_id():
            self.cancelled.emit(rid)
            return
        stored = _stored_analysis(path)
        if stored is not None:  # analysed before, by this analyser, of this very content
            self.loaded.emit(rid, stored.article)
            _prepare_chart(stored)
            self.analyzedBefore.emit(rid, stored)  # (the chart library is imported once it is shown)
            return
        try:
            from reader.core.loaders import load

            article = load(path)
        except ReaderError as exc:
            self.loadFailed.emit(rid, str(exc))
            return
        except Exception as exc:
            self.loadFailed.emit(rid, f"{path}: cannot be read ({type(exc).__name__}: {exc})")
            return
        self.loaded.emit(rid, article)
        self.analyze_article(rid, article)

    @Slot(int, object)
    def analyze_article(self, rid: int, article: Article) -> None:
        if rid != self._current_id():
            self.cancelled.emit(rid)
            return
        if not self._ensure_model():
            self.analysisFailed.emit(rid, self._model_error)
            return

        def should_cancel() -> bool:
            return rid != self._current_id()

        def progress(done: int, total: int) -> None:
            self.progress.emit(rid, done, total)

        try:
            analysis = self.analyser.analyze(article, progress=progress, should_cancel=should_cancel)
        except Cancelled:
            self.cancelled.emit(rid)
            return
        except ReaderError as exc:
            self.analysisFailed.emit(rid, str(exc))
            return
        except Exception as exc:  # an analyser bug: say so, keep the text readable
            self.analysisFailed.emit(rid, f"The analysis failed ({type(exc).__name__}: {exc})")
            return
        _prepare_chart(analysis)
        self.analyzed.emit(rid, analysis)

    def _paged_job(self, eid: int, done_as: str, what: str, job) -> None:
        """Runs ``job(progress, should_cancel)`` (an export or a print-out) and reports how it
        ended: ``exported`` with ``done_as``, or ``exportFailed`` with one line naming ``what``."""
        try:
            job(
                lambda done, total: self.exportProgress.emit(eid, done, total),
                lambda: self._export_cancelled(eid),
            )
        except ReaderError as exc:
            self.exportFailed.emit(eid, str(exc))
            return
        except OSError as exc:
            self.exportFailed.emit(eid, f"{what}: cannot write ({exc.strerror or exc})")
            return
        except Exception as exc:  # a renderer or printer bug: say so, keep the window
            self.exportFailed.emit(eid, f"{what}: failed ({type(exc).__name__}: {exc})")
            return
        self.exported.emit(eid, done_as)

    @Slot(int, object, str, object)
    def export(self, eid: int, analysis: Analysis, path: str, options) -> None:
        """Writes an export here, off the GUI thread (a long PDF takes seconds), reporting its
        pages; the window's cancel stops it between pages, with nothing written."""

        def job(progress, should_cancel) -> None:
            from reader.report.export import write_export

            if path.lower().endswith(".pdf"):
                import reader.ui.pdf  # noqa: F401  (registers the PDF renderer)
            write_export(analysis, path, options, progress=progress, should_cancel=should_cancel)

        self._paged_job(eid, path, path, job)

    @Slot(str, object, object)
    def update_library(self, path: str, machine: Analysis, corrected: Analysis) -> None:
        """The library's rows of the article at ``path``, when it holds it, made from the corrected
        analysis (its speakers and search follow the reader's corrections)."""
        try:
            from reader.library.corrections import refresh_in_library

            refresh_in_library(path, machine, corrected)
        except ReaderError as exc:
            self.libraryFailed.emit(str(exc))
        except Exception as exc:  # the correction stands in the window and the file; say so
            self.libraryFailed.emit(
                f"{path}: the library could not take the correction ({type(exc).__name__})"
            )

    @Slot(int, object, object, object)
    def print_document(self, eid: int, analysis: Analysis, printer, options) -> None:
        """Paints the print-out here, off the GUI thread, like an export."""

        def job(progress, should_cancel) -> None:
            from reader.ui.pdf import print_to

            print_to(printer, analysis, options, progress=progress, should_cancel=should_cancel)

        self._paged_job(eid, "", "Printing", job)


def _prepare_chart(analysis: Analysis) -> None:
    """The chart's comparisons of the unfiltered view, worked out here rather than on the GUI
    thread (see ``chart_panel.precompute``)."""
    try:
        from reader.core.selection import apply
        from reader.ui.chart_panel import precompute

        view = apply(analysis, Selection())
        precompute(view.figures, view.quotes)
    except Exception:  # the panel works it out itself, and reports any problem there
        pass


def _stored_analysis(path: str) -> Analysis | None:
    """The analysis the user's library holds for the file's content and this analyser (read-only,
    no model); None when there is none or the library cannot be read."""
    try:
        from reader.library.records import stored_analysis

        return stored_analysis(path)
    except Exception:  # the library is a shortcut: any trouble with it, and the file is analysed
        return None


class Controller(QObject):
    """State of one window. Widgets listen to its signals; they never call the worker."""

    articleChanged = Signal(object)  # Article (text shown at once, no highlights yet)
    analysisChanged = Signal(object)  # Analysis
    selectionChanged = Signal(object)  # Selection
    progressChanged = Signal(int, int)  # done, total
    busyChanged = Signal(bool)
    errorRaised = Signal(str)
    modelStateChanged = Signal(bool, str)  # ready, error message
    exportProgress = Signal(int, int)  # pages done, pages
    exportFinished = Signal(bool, str)  # written, path or message
    chartReady = Signal()  # the chart library is imported (on the worker)
    # a request (an id that ``open`` returned) is done with: analysed, failed or cancelled; also
    # for a request a newer one made stale, which tells nothing else
    requestEnded = Signal(int)

    _openRequested = Signal(int, str)
    _analyzeRequested = Signal(int, object)
    _modelRequested = Signal()
    _chartRequested = Signal()
    _exportRequested = Signal(int, object, str, object)
    _printRequested = Signal(int, object, object, object)
    _libraryUpdateRequested = Signal(str, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gen0, gen1, _ = gc.get_threshold()
        gc.set_threshold(gen0, gen1, GC_FULL_EVERY)
        self.article: Article | None = None
        self.analysis: Analysis | None = None
        self.selection = Selection()
        self.path: str | None = None
        self._rid = 0
        self._rid_lock = threading.Lock()
        self._pending_path: str | None = None
        self._busy = False
        self.model_ready = False
        self.model_error = ""
        self.from_library = False  # the analysis shown is the one the library kept for the file
        self.machine: Analysis | None = None  # the model's analysis; ``analysis`` is it corrected
        self.corrections: list[cx.Correction] = []  # the article's, in the order they were made
        self.orphaned: tuple[cx.Correction, ...] = ()  # those that found no place in this analysis
        self.undo_stack = QUndoStack(self)
        self._store: Any = None  # the corrections file (reader.library.corrections), opened when needed

        self._thread = QThread(self)
        self._thread.setObjectName("reader-worker")
        self._export_id = 0
        self._cancelled_export = 0
        self.exporting = False
        self._worker = Worker(self.current_request, lambda eid: eid <= self._cancelled_export)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._openRequested.connect(self._worker.open_file)
        self._analyzeRequested.connect(self._worker.analyze_article)
        self._modelRequested.connect(self._worker.load_model)
        self._chartRequested.connect(self._worker.warm_chart)
        w = self._worker
        w.modelReady.connect(self._on_model_ready)
        w.modelFailed.connect(self._on_model_failed)
        w.chartReady.connect(self.chartReady)
        w.loaded.connect(self._on_loaded)
        w.loadFailed.connect(self._on_load_failed)
        w.progress.connect(self._on_progress)
        w.analyzed.connect(self._on_analyzed)
        w.analyzedBefore.connect(self._on_analyzed_before)
        w.analysisFailed.connect(self._on_analysis_failed)
        w.cancelled.connect(self._on_cancelled)
        self._exportRequested.connect(w.export)
        self._printRequested.connect(w.print_document)
        w.exportProgress.connect(self._on_export_progress)
        w.exported.connect(self._on_exported)
        w.exportFailed.connect(self._on_export_failed)
        self._libraryUpdateRequested.connect(w.update_library)
        w.libraryFailed.connect(self.errorRaised)
        self._thread.start()
        # Ask for the model on the next event-loop turn: a file opened during start-up is
        # queued first, so its text is shown before the (slower) model load begins.
        QTimer.singleShot(0, self._modelRequested.emit)

    # --- requests ---------------------------------------------------------------------

    def warm_chart(self) -> None:
        """Have the worker thread import the chart library (``chartReady`` tells when), if the
        model's loading has not done it already."""
        self._chartRequested.emit()

    def current_request(self) -> int:
        return self._rid

    def _next_request(self) -> int:
        with self._rid_lock:
            self._rid += 1
            return self._rid

    def open(self, path: str) -> int:
        """Load ``path`` (then analyse it); any earlier request becomes stale."""
        rid = self._next_request()
        self._pending_path = os.fspath(path)
        self._set_busy(True)
        self._openRequested.emit(rid, self._pending_path)
        return rid

    def reload(self) -> None:
        if self.path:
            self.open(self.path)

    def reanalyze(self) -> None:
        if self.article is not None:
            rid = self._next_request()
            self._set_busy(True)
            self._analyzeRequested.emit(rid, self.article)

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    # --- selection --------------------------------------------------------------------

    def set_selection(self, selection: Selection) -> None:
        if selection != self.selection:
            self.selection = selection
            self.selectionChanged.emit(selection)

    def toggle_entity(self, entity_id: str, *, add: bool = False) -> None:
        self.set_selection(self.selection.toggled(entity_id, add=add))

    def set_category_hidden(self, category, hidden: bool) -> None:
        self.set_selection(self.selection.with_hidden(category, hidden))

    def clear_filter(self) -> bool:
        if not self.selection.filtered:
            return False
        self.set_selection(self.selection.cleared())
        return True

    # --- worker results ---------------------------------------------------------------

    @Slot()
    def _on_model_ready(self) -> None:
        self.model_ready = True
        self.modelStateChanged.emit(True, "")

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self.model_error = message
        self.modelStateChanged.emit(False, message)

    @Slot(int, object)
    def _on_loaded(self, rid: int, article: Article) -> None:
        if rid != self._rid:
            return
        self.article = article
        self.analysis = None
        self.machine = None
        self.corrections = []
        self.orphaned = ()
        self.undo_stack.clear()
        self.path = self._pending_path
        self.selection = Selection(hidden=self.selection.hidden)
        self.articleChanged.emit(article)

    @Slot(int, str)
    def _on_load_failed(self, rid: int, message: str) -> None:
        self.requestEnded.emit(rid)
        if rid != self._rid:
            return
        self._set_busy(False)
        self.errorRaised.emit(message)
        # the request may have stopped the analysis of the article still shown: resume it
        if self.article is not None and self.analysis is None:
            self.reanalyze()

    @Slot(int, int, int)
    def _on_progress(self, rid: int, done: int, total: int) -> None:
        if rid == self._rid:
            self.progressChanged.emit(done, total)

    @Slot(int, object)
    def _on_analyzed_before(self, rid: int, analysis: Analysis) -> None:
        self._on_analyzed(rid, analysis, stored=True)

    @Slot(int, object)
    def _on_analyzed(self, rid: int, analysis: Analysis, stored: bool = False) -> None:
        self.requestEnded.emit(rid)
        if rid != self._rid:
            return
        self.from_library = stored
        self.machine = analysis
        self.corrections = self._stored_corrections(analysis)
        self.undo_stack.clear()
        self.analysis = self._corrected()
        # the analysis is immutable and lives until the next one: out of the collector's scans
        # (reference counting still frees it then), full collections stay short
        gc.freeze()
        self._set_busy(False)
        self.analysisChanged.emit(self.analysis)

    @Slot(int, str)
    def _on_analysis_failed(self, rid: int, message: str) -> None:
        self.requestEnded.emit(rid)
        if rid != self._rid:
            return
        self._set_busy(False)
        self.errorRaised.emit(message)

    @Slot(int)
    def _on_cancelled(self, rid: int) -> None:
        self.requestEnded.emit(rid)  # a newer request is under way; it reports for itself

    # --- corrections ------------------------------------------------------------------

    def store(self):  # -> reader.library.corrections.CorrectionStore
        if self._store is None:
            from reader.library.corrections import CorrectionStore

            self._store = CorrectionStore()
        return self._store

    def _key(self) -> tuple[str, str | None]:
        assert self.machine is not None
        return cx.text_hash(self.machine.article.text), self.path

    def _stored_corrections(self, analysis: Analysis) -> list[cx.Correction]:
        try:
            return self.store().for_article(cx.text_hash(analysis.article.text), self.path)
        except ReaderError as exc:
            self.errorRaised.emit(str(exc))  # the analysis is shown uncorrected, and it says why
            return []

    def _corrected(self) -> Analysis | None:
        if self.machine is None or not self.corrections:
            self.orphaned = ()
            return self.machine
        done = cx.apply(self.machine, self.corrections)
        self.orphaned = done.orphaned
        return done.analysis

    def correct(self, correction: cx.Correction) -> None:
        """Apply a correction of the analysis shown, as an undoable command (kept at once)."""
        if self.machine is not None:
            self.undo_stack.push(_Correct(self, correction))

    def _add_correction(self, correction: cx.Correction) -> None:
        self.corrections.append(correction)
        try:
            self.store().add(*self._key(), correction)
        except ReaderError as exc:
            self.errorRaised.emit(f"{exc} (the correction is shown, not kept)")
        self._reapply()

    def _remove_correction(self, correction: cx.Correction) -> None:
        self.corrections = [c for c in self.corrections if c.id != correction.id]
        try:
            self.store().remove(correction.id)
        except ReaderError as exc:
            self.errorRaised.emit(str(exc))
        self._reapply()

    def _reapply(self) -> None:
        self.analysis = self._corrected()
        if self.analysis is None or self.machine is None:
            return
        self.analysisChanged.emit(self.analysis)
        if self.path:
            self._libraryUpdateRequested.emit(self.path, self.machine, self.analysis)

    # --- exports ----------------------------------------------------------------------

    def export(self, path: str, options) -> int:
        """Export the current analysis to ``path`` on the worker; ``exportFinished`` tells how it
        went. Returns the export's id."""
        self._export_id += 1
        self.exporting = True
        self._exportRequested.emit(self._export_id, self.analysis, path, options)
        return self._export_id

    def print_analysis(self, printer, options) -> int:
        """Print the current analysis on the configured ``printer`` on the worker; reported like
        an export (``exportFinished`` with an empty path)."""
        self._export_id += 1
        self.exporting = True
        self._printRequested.emit(self._export_id, self.analysis, printer, options)
        return self._export_id

    def cancel_export(self) -> None:
        self._cancelled_export = self._export_id

    @Slot(int, int, int)
    def _on_export_progress(self, eid: int, done: int, total: int) -> None:
        if eid == self._export_id:
            self.exportProgress.emit(done, total)

    @Slot(int, str)
    def _on_exported(self, eid: int, path: str) -> None:
        if eid == self._export_id:
            self.exporting = False
            self.exportFinished.emit(True, path)

    @Slot(int, str)
    def _on_export_failed(self, eid: int, message: str) -> None:
        if eid == self._export_id:
            self.exporting = False
            self.exportFinished.emit(False, message)

    # --- shutdown ---------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the worker thread (a running analysis is cancelled; the analysis process, which
        other windows share, quits with the app)."""
        self._next_request()
        self._thread.quit()
        self._thread.wait(10_000)


class _Correct(QUndoCommand):
    """One correction on the undo stack: made (kept) on redo, taken back (forgotten) on undo."""

    def __init__(self, controller: Controller, correction: cx.Correction):
        super().__init__(correction.title[:1].upper() + correction.title[1:])
        self.controller = controller
        self.correction = correction

    def redo(self) -> None:
        self.controller._add_correction(self.correction)

    def undo(self) -> None:
        self.controller._remove_correction(self.correction)
