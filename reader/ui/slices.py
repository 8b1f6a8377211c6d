"""One scheduler for the GUI thread's long jobs (a long article's layout and highlights, the
quote list, the entity tree, the chart's labels, the window's refresh).

Each job is a generator that does a little work between two ``yield``\\ s. The scheduler runs
the jobs in turns: one step of each job, round robin, until ``SLICE_SECONDS`` are spent, then it
gives the event loop back (painting, input, timers) and goes on from a zero-interval timer with
the job that waited longest.
Jobs that ran each from their own zero timer used to run back to back in one pass of the event
loop (Qt delivers all posted calls before it looks at the clock again), so their stalls added up.
With one scheduler, a pass of the event loop holds the GUI for one slice
plus the last step at most.

A job is known by a key (the widget and what it does); starting a job under a key that is
running replaces it, which is how a newer refresh supersedes an older one, and ``cancel`` drops
it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterator

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

SLICE_SECONDS = 0.012  # longest the jobs keep the GUI thread in one pass of the event loop


class Slicer(QObject):
    """Runs generator jobs on the GUI thread in slices (see the module's docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[Hashable, tuple[Iterator[object], Callable[[], None] | None]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)
        self.turns = 0  # passes of the event loop that ran jobs (for tests)

    def start(self, key: Hashable, job: Iterator[object], done: Callable[[], None] | None = None) -> None:
        """Run ``job`` in slices from the next pass of the event loop, replacing the job running
        under ``key``; ``done()`` is called once it is exhausted."""
        self._jobs.pop(key, None)
        self._jobs[key] = (job, done)
        if not self._timer.isActive():
            self._timer.start()

    def cancel(self, key: Hashable) -> None:
        self._jobs.pop(key, None)

    def running(self, key: Hashable) -> bool:
        return key in self._jobs

    def _turn(self) -> None:
        self.turns += 1
        deadline = time.perf_counter() + SLICE_SECONDS
        while self._jobs:
            key = next(iter(self._jobs))  # the job that waited longest
            entry = self._jobs[key]
            self._step(key, *entry)
            if self._jobs.get(key) is entry:  # still running: to the back of the queue
                self._jobs[key] = self._jobs.pop(key)
            if time.perf_counter() >= deadline:
                break
        if self._jobs:
            self._timer.start()

    def _step(self, key: Hashable, job: Iterator[object], done: Callable[[], None] | None) -> None:
        """One step of ``job``; at its end it leaves the table (unless replaced meanwhile) and
        ``done`` runs."""
        try:
            next(job)
            return
        except StopIteration:
            pass
        except RuntimeError as exc:
            if "already deleted" not in str(exc):
                raise
            done = None  # its widget is gone: nothing to finish
        if self._jobs.get(key, (None,))[0] is not job:
            return  # replaced while it ran: the newer job finishes instead
        del self._jobs[key]
        if done is not None:
            done()


def slicer() -> Slicer:
    """The application's scheduler (made on first use, owned by the QApplication)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("the GUI scheduler needs a QApplication")
    found = app.findChild(Slicer, "reader-slicer", Qt.FindChildOption.FindDirectChildrenOnly)
    if found is None:
        found = Slicer(app)
        found.setObjectName("reader-slicer")
    return found
