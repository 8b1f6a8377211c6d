"""The analysis worker process: real processes, real signals, the real model."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from reader.core.errors import AnalysisStoppedError, Cancelled
from reader.core.loaders import load
from reader.core.model import Article
from reader.core.paths import sample_article
from reader.nlp.pipeline import analyze
from reader.worker import AnalysisWorker, WorkerReportedError

ROOT = Path(__file__).resolve().parent.parent


def _long_article() -> Article:
    """About 60,000 words: long enough to be killed, stopped or cancelled in the middle."""
    text = load(str(sample_article())).text
    return Article(text="\n\n".join([text] * 80), source="long.txt")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie (not yet waited for) is gone for our purpose
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1].startswith("Z")
    except OSError:
        return True


@pytest.fixture(scope="module")
def worker():
    w = AnalysisWorker()
    w.start()
    yield w
    w.close()


def _when_progress(action):
    """A progress callback that runs ``action`` once, at the first report."""
    fired = threading.Event()

    def progress(done: int, total: int) -> None:
        if not fired.is_set():
            fired.set()
            action()

    return progress


def test_worker_analysis_equals_in_process(worker, seed_path):
    article = load(str(seed_path))
    assert worker.analyze(article) == analyze(article)


def test_bad_file_is_one_line_and_the_worker_goes_on(worker, tmp_path, seed_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    pid = worker.pid
    with pytest.raises(WorkerReportedError) as err:
        worker.analyze_file(str(empty))
    assert str(err.value) == f"{empty}: file is empty [E003]"
    assert worker.pid == pid
    assert worker.analyze_file(str(seed_path)).quotes


def test_cancel_is_honoured_and_the_worker_stays(worker, seed_path):
    cancel = threading.Event()
    pid = worker.pid
    t = time.monotonic()
    with pytest.raises(Cancelled):
        worker.analyze(_long_article(), progress=_when_progress(cancel.set), should_cancel=cancel.is_set)
    assert time.monotonic() - t < 30
    assert worker.pid == pid  # cancelled by message, not by ending the process
    assert worker.analyze(load(str(seed_path))).quotes


def test_killed_worker_is_one_message_and_the_next_request_works(seed_path):
    w = AnalysisWorker()
    try:
        w.start()
        pid = w.pid
        assert pid is not None
        with pytest.raises(AnalysisStoppedError) as err:
            w.analyze(_long_article(), progress=_when_progress(lambda: os.kill(pid, signal.SIGKILL)))
        message = str(err.value)
        assert message == "long.txt: the analysis stopped: the analysis process was killed (SIGKILL) [E023]"
        assert "\n" not in message
        assert w.analyze(load(str(seed_path))).quotes  # a fresh worker
        assert w.pid != pid
    finally:
        w.close()


def test_hung_worker_is_ended(seed_path):
    w = AnalysisWorker(hang_seconds=2)
    try:
        w.start()
        pid = w.pid
        assert pid is not None
        with pytest.raises(AnalysisStoppedError, match="did not answer for 2 s and was ended"):
            w.analyze(_long_article(), progress=_when_progress(lambda: os.kill(pid, signal.SIGSTOP)))
        assert _gone(pid)
        assert w.analyze(load(str(seed_path))).quotes
    finally:
        w.close()


def test_worker_over_its_memory_limit_is_ended():
    w = AnalysisWorker(memory_limit=100 * 1024**2)  # less than the model itself
    try:
        w.start()
        with pytest.raises(AnalysisStoppedError, match=r"more than 0\.1 GB of memory"):
            w.analyze(_long_article())
    finally:
        w.close()


def test_no_worker_survives_its_parent(tmp_path):
    """The parent (a process that started a worker and is analysing) is killed as the
    out-of-memory killer would: its worker is gone within 5 s."""
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            sys.path.insert(0, {str(ROOT / "tests")!r})
            from test_worker import _long_article
            from reader.worker import AnalysisWorker
            w = AnalysisWorker()
            w.start()
            print(w.pid, flush=True)
            w.analyze(_long_article())
            """
        )
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        pid = int(parent.stdout.readline())
        time.sleep(1.0)  # in the middle of the analysis
        assert not _gone(pid)
        parent.kill()
        parent.wait(10)
        deadline = time.monotonic() + 5
        while not _gone(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(pid)
    finally:
        parent.kill()


def test_worker_imports_no_spacy_in_its_client():
    code = (
        "import sys, reader.worker, reader.ui.controller; "
        "print('spacy' in sys.modules, 'thinc' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "False"]
