"""The GUI thread's one scheduler: jobs in turns, replaced by key, finished on demand."""

from __future__ import annotations

import pytest

from reader.ui import slices
from reader.ui.slices import Slicer


def _job(log: list, name: str, steps: int):
    for i in range(steps):
        log.append((name, i))
        yield


@pytest.fixture
def slicer(qapp):
    s = Slicer()
    yield s
    s.deleteLater()


def test_slices_jobs_run_in_turns_and_report_when_done(qtbot, slicer, monkeypatch):
    monkeypatch.setattr(slices, "SLICE_SECONDS", 0.0)  # one step of each job per turn
    log: list = []
    done: list = []
    slicer.start("a", _job(log, "a", 3), lambda: done.append("a"))
    slicer.start("b", _job(log, "b", 2), lambda: done.append("b"))
    assert log == []  # nothing runs before the event loop turns
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5_000)
    assert log == [("a", 0), ("b", 0), ("a", 1), ("b", 1), ("a", 2)]
    assert done == ["b", "a"]
    assert slicer.turns >= 3 and not slicer.running("a")


def test_slices_a_job_started_under_a_running_key_replaces_it(qtbot, slicer, monkeypatch):
    monkeypatch.setattr(slices, "SLICE_SECONDS", 0.0)
    log: list = []
    done: list = []
    slicer.start("fill", _job(log, "old", 10**9), lambda: done.append("old"))
    qtbot.waitUntil(lambda: len(log) >= 2, timeout=5_000)
    slicer.start("fill", _job(log, "new", 2), lambda: done.append("new"))
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    assert done == ["new"]
    assert log[-2:] == [("new", 0), ("new", 1)]
    assert not slicer.running("fill")


def test_slices_a_cancelled_job_never_runs(qtbot, slicer):
    log: list = []
    done: list = []
    slicer.start("x", _job(log, "x", 5), lambda: done.append("x"))
    slicer.cancel("x")
    slicer.start("y", _job(log, "y", 5), lambda: done.append("y"))
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    assert log == [("y", i) for i in range(5)] and done == ["y"]
    qtbot.wait(50)
    assert not any(name == "x" for name, _ in log) and not slicer.running("x")


def test_slices_one_turn_keeps_to_its_budget(qtbot, slicer, monkeypatch):
    import time

    monkeypatch.setattr(slices, "SLICE_SECONDS", 0.010)
    turns: list = []

    def slow():
        for _ in range(40):
            turns.append(slicer.turns)
            time.sleep(0.002)
            yield

    slicer.start("slow", slow())
    qtbot.waitUntil(lambda: not slicer.running("slow"), timeout=10_000)
    per_turn = [turns.count(t) for t in set(turns)]
    assert max(per_turn) <= 6  # 10 ms of 2 ms steps, and the one that crosses the line
    assert len(per_turn) >= 6  # so the work was spread over several passes of the event loop
