"""The export dialog: what it proposes (a pure function, then the real dialog), and the order of
its questions: a refusal first, "replace?" only for a target that passes the checks. Real Qt,
offscreen, on an analysis built by hand; settings in a temporary home (conftest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _export_samples import long_analysis
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reader.core.model import Analysis
from reader.report.export import NAME_MAX, export_file_name, install_folders, propose_export_path

TITLE = "Harbour city approves $48 million flood barrier"
WAIT_MS = 60_000


# --- the proposal, without a dialog ------------------------------------------------------------


def test_export_file_name_is_the_title_made_safe_and_short():
    assert export_file_name(TITLE) == f"{TITLE} highlights.pdf"
    assert (
        export_file_name('Q&A: "Who pays?" / a 50/50 deal', ".md")
        == "Q&A Who pays a 50 50 deal highlights.md"
    )
    assert export_file_name("  .hidden\tname\n") == "hidden name highlights.pdf"
    assert export_file_name("") == "Article highlights.pdf"
    long = export_file_name("word " * 60)
    stem = long.removesuffix(" highlights.pdf")
    assert len(stem) <= NAME_MAX and stem.endswith("word") and "  " not in stem


def test_export_proposal_folder_last_then_documents_then_home(tmp_path):
    last, docs, home = (tmp_path / n for n in ("last", "docs", "home"))
    for d in (last, docs, home):
        d.mkdir()
    source = str(tmp_path / "in" / "story.html")

    def propose(**kw):
        args = {"last_folder": str(last), "documents": str(docs), "home": str(home), "protected": []}
        return propose_export_path(TITLE, source, **{**args, **kw})

    name = f"{TITLE} highlights.pdf"
    assert propose() == str(last / name)
    assert propose(last_folder=None) == str(docs / name)
    assert propose(last_folder=str(tmp_path / "gone")) == str(docs / name)  # a folder since removed
    assert propose(last_folder=None, documents=None) == str(home / name)
    # a remembered folder inside the installed reader (the bundled sample's) is never proposed
    assert propose(protected=[str(last)]) == str(docs / name)
    assert propose(last_folder=str(last / "sub"), protected=[str(last)]) == str(docs / name)
    assert propose(last_folder=None, documents=str(docs), protected=[str(docs)]) == str(home / name)


def test_export_proposal_is_never_the_source_file(tmp_path):
    source = tmp_path / f"{TITLE} highlights.pdf"  # an export opened again
    source.write_bytes(b"%PDF-1.4\n")
    (tmp_path / f"{TITLE} highlights (2).pdf").write_bytes(b"")
    path = propose_export_path(
        TITLE, str(source), last_folder=str(tmp_path), documents=None, home="/", protected=[]
    )
    assert path == str(tmp_path / f"{TITLE} highlights (2).pdf")  # an other file: "replace?" asks


def test_export_proposal_avoids_the_installed_package():
    from reader.core.paths import sample_article

    folders = install_folders()
    sample_dir = str(sample_article().parent)
    assert any(sample_dir.startswith(f) for f in folders)
    path = propose_export_path(
        TITLE, str(sample_article()), last_folder=sample_dir, documents=sample_dir, home=str(Path.home())
    )
    assert not path.startswith(sample_dir)
    assert os.path.dirname(path) == str(Path.home())


# --- the window ---------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot):
    from reader.ui.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def _show(qtbot, window, analysis: Analysis, path: str) -> None:
    """What the controller does when an analysis comes back, without the model."""
    c = window.controller
    with qtbot.waitSignal(window.analysisShown, timeout=WAIT_MS):
        c.article, c.analysis, c.path = analysis.article, analysis, path
        c.articleChanged.emit(analysis.article)
        c.analysisChanged.emit(analysis)
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)


@pytest.fixture
def shown(qtbot, window, tmp_path):
    import dataclasses

    source = tmp_path / "articles" / "story.html"
    source.parent.mkdir()
    source.write_text("<h1>x</h1>", encoding="utf-8")
    analysis = long_analysis(3, 3)
    analysis = dataclasses.replace(
        analysis, article=dataclasses.replace(analysis.article, source=str(source))
    )
    _show(qtbot, window, analysis, str(source))
    return window, source


class _Modals:
    """Watches for modal dialogs while a blocking call runs; answers each with ``answer``."""

    def __init__(self, answer):
        self.seen: list[tuple[str, str]] = []
        self.answer = answer
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)

    def _poll(self):
        w = QApplication.activeModalWidget()
        if w is None or w.property("answered_by_test"):
            return
        w.setProperty("answered_by_test", True)
        self.seen.append((type(w).__name__, w.objectName()))
        self.answer(w)

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.stop()


def test_ui_export_dialog_proposes_title_in_documents_then_last_folder(qtbot, shown, tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    window, source = shown
    docs = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    docs.mkdir(parents=True, exist_ok=True)
    assert window.export_proposal() == str(docs / f"{TITLE} highlights.pdf")  # nothing remembered yet
    opened: dict = {}

    def look(dialog):
        assert isinstance(dialog, QFileDialog)
        opened["dir"] = dialog.directory().absolutePath()
        opened["files"] = dialog.selectedFiles()
        opened["no_overwrite_question"] = dialog.testOption(QFileDialog.Option.DontConfirmOverwrite)
        dialog.reject()

    with _Modals(look):
        window.export_dialog()
    assert opened["dir"] == str(docs)
    assert opened["files"] == [str(docs / f"{TITLE} highlights.pdf")]
    assert opened["no_overwrite_question"]
    assert str(source.parent) not in opened["dir"]
    # an export elsewhere is remembered (settings in the test's home) and proposed next time
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as done:
        assert window.export_to(str(elsewhere / "first.md"))
    assert done.args[0] is True
    assert window.export_proposal() == str(elsewhere / f"{TITLE} highlights.pdf")


def test_ui_export_refusal_comes_before_the_replace_question(qtbot, shown, tmp_path):
    window, source = shown
    before = source.read_bytes()
    with _Modals(lambda w: w.reject()) as modals:
        assert window.export_checked(str(source)) is False  # onto the source file itself
    assert modals.seen == []  # no "replace?" was asked
    assert window.message_bar.isVisible() and "source" in window.message_bar.text.text().lower()
    assert source.read_bytes() == before
    with _Modals(lambda w: w.reject()) as modals:  # a folder that is not there
        assert window.export_checked(str(tmp_path / "missing" / "x.pdf")) is False
    assert modals.seen == []


@pytest.mark.skipif(os.access("/proc/1", os.W_OK) or not os.path.isdir("/proc/1"), reason="needs Linux /proc")
def test_ui_export_unwritable_folder_is_refused_before_any_question(qtbot, shown):
    window, _ = shown
    target = "/proc/1/environ"  # exists, in a folder nobody may write in (not even root)
    with _Modals(lambda w: w.reject()) as modals:
        assert window.export_checked(target + ".md") is False
        assert window.export_checked("/proc/1/status.json") is False  # an existing file there
    assert modals.seen == []
    assert "cannot write in the folder /proc/1" in window.message_bar.text.text()


def test_ui_export_replace_question_only_for_an_existing_target(qtbot, shown, tmp_path):
    window, _ = shown
    target = tmp_path / "out.md"
    with _Modals(lambda w: w.reject()) as modals, qtbot.waitSignal(window.exportFinished, timeout=60_000):
        assert window.export_checked(str(target))  # new file: no question
    assert modals.seen == []
    first = target.read_text(encoding="utf-8")
    target.write_text("mine", encoding="utf-8")

    def no(box):
        assert isinstance(box, QMessageBox) and "out.md" in box.text()
        box.button(QMessageBox.StandardButton.No).click()

    with _Modals(no) as modals:
        assert window.export_checked(str(target)) is False
    assert modals.seen == [("QMessageBox", "replaceQuestion")]
    assert target.read_text(encoding="utf-8") == "mine"

    with (
        _Modals(lambda box: box.button(QMessageBox.StandardButton.Yes).click()) as modals,
        qtbot.waitSignal(window.exportFinished, timeout=60_000),
    ):
        assert window.export_checked(str(target)) is True
    assert modals.seen == [("QMessageBox", "replaceQuestion")]
    assert target.read_text(encoding="utf-8") != "mine"
    assert target.read_text(encoding="utf-8").splitlines()[0] == first.splitlines()[0] == f"# {TITLE}"
