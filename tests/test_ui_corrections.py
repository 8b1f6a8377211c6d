"""Corrections in a real window: each kind through its menu's dialog (answered as a person would),
undo and redo from the Edit menu's keys, the marks, persistence across a restart, re-attachment
when the file changes, and the library following them."""

from __future__ import annotations

import json

import pytest
from _corrections_samples import HARBOUR
from _window import doc_position, open_window, quote_item, quotes_shown
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu

from reader.ui.quotes_panel import quote_tag
from reader.ui.window import MainWindow

WAIT_MS = 60_000
TEXT = HARBOUR


def _answer(qtbot, text: str | None) -> None:
    """Answer the next input dialog as a person would: type ``text`` and press OK (None: Cancel)."""

    def respond() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, respond)
            return
        if text is None:
            dialog.reject()
            return
        dialog.setTextValue(text)  # (typed into the line, or the list's editable line)
        dialog.accept()

    QTimer.singleShot(20, respond)


def _window(qtbot, path) -> MainWindow:
    return open_window(qtbot, path, wait_ms=WAIT_MS)


def _settle(qtbot, w: MainWindow) -> None:
    qtbot.waitUntil(w.is_idle, timeout=WAIT_MS)


def _quote(w: MainWindow, words: str):
    return next((q for q in w.controller.analysis.quotes if words in q.text), None)


def _select(w: MainWindow, words: str) -> None:
    text = w.controller.article.text
    start = text.index(words)
    cursor = QTextCursor(w.article_view.document())
    cursor.setPosition(doc_position(w.article_view, start))
    cursor.setPosition(doc_position(w.article_view, start + len(words)), QTextCursor.MoveMode.KeepAnchor)
    w.article_view.setTextCursor(cursor)


@pytest.fixture
def article(tmp_path, nlp):  # nlp: the model once per session (the window's worker loads its own)
    path = tmp_path / "harbour.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_each_correction_undo_redo_and_the_marks(qtbot, article):
    w = _window(qtbot, article)
    c = w.controller
    rushed = _quote(w, "rushed")
    assert rushed is not None
    # the speaker, chosen in the dialog of the quote's menu
    _answer(qtbot, "Anna Lee")
    w.corrector.change_speaker(rushed)
    _settle(qtbot, w)
    q = _quote(w, "rushed")
    assert q.speaker_name == "Anna Lee" and q.corrected
    item = quote_item(w.quotes_panel, q)  # its card says so
    assert item is not None and "✎ corrected" in quote_tag(q)
    assert "corrected" in item.data(Qt.ItemDataRole.AccessibleTextRole)
    assert w.article_view._corrected_starts == [q.start]
    # undo and redo from the Edit menu's keys
    assert w.act_undo.shortcut() == QKeySequence("Ctrl+Z")
    assert QKeySequence("Ctrl+Shift+Z") in w.act_redo.shortcuts()
    w.act_undo.trigger()
    _settle(qtbot, w)
    assert _quote(w, "rushed").speaker_name != "Anna Lee" and not _quote(w, "rushed").corrected
    assert w.article_view._corrected_starts == []
    w.act_redo.trigger()
    _settle(qtbot, w)
    assert _quote(w, "rushed").speaker_name == "Anna Lee"
    # not a quote
    n = len(c.analysis.quotes)
    w.corrector.not_a_quote(_quote(w, "barrier"))
    _settle(qtbot, w)
    assert len(c.analysis.quotes) == n - 1 and _quote(w, "barrier") is None
    assert len(quotes_shown(w.quotes_panel)) == n - 1
    # a missed quote, from the selected words (Edit > Add Quote from Selection)
    _select(w, "The trust raised 12 objections to the design.")
    _answer(qtbot, "Harbour Trust")
    w.act_add_quote.trigger()
    _settle(qtbot, w)
    added = _quote(w, "12 objections")
    assert added is not None and added.speaker_name == "Harbour Trust" and added.corrected
    # the quote's words fixed from a selection
    _select(w, "the plan was rushed")
    w.corrector.fix_span(_quote(w, "rushed"))
    _settle(qtbot, w)
    assert _quote(w, "rushed").text == "the plan was rushed"
    # an entity's type and a figure's concept
    trust = next(e for e in c.analysis.canonical if "Trust" in e.name)
    w.corrector.change_type(trust, "person")
    _settle(qtbot, w)
    assert c.analysis.entity(trust.id).label == "PERSON"
    money = next(f for f in c.analysis.figures if "48" in f.text)
    _answer(qtbot, "the flood barrier's cost")
    w.corrector.figure_of(money)
    _settle(qtbot, w)
    assert next(f for f in c.analysis.figures if "48" in f.text).of == "the flood barrier's cost"
    # an entity renamed (its menu's dialog)
    lee = next(e for e in c.analysis.canonical if e.name.endswith("Anna Lee"))
    _answer(qtbot, "Anna Lee-Park")
    w.corrector.rename(lee)
    _settle(qtbot, w)
    assert c.analysis.entity(lee.id).name == "Anna Lee-Park"
    assert "Anna Lee-Park" in {q.speaker_name for q in c.analysis.quotes}
    entity_menu = QMenu()
    w.corrector.add_entity_actions(entity_menu, c.analysis.entity(lee.id))
    assert [a.text() for a in entity_menu.actions()][:3] == ["Change the &Type", "&Rename…", "&Merge with…"]
    # a cancelled dialog changes nothing
    before = c.undo_stack.count()
    _answer(qtbot, None)
    w.corrector.change_speaker(_quote(w, "build"))
    _settle(qtbot, w)
    assert c.undo_stack.count() == before
    # the context menus hold the corrections
    menu = QMenu()
    w._text_menu(menu, c.article.text.index("12 objections") + 1)
    titles = [a.text() for a in menu.actions()]
    assert "&Quote" in titles and "&Figure" in titles and "Add as a &Quote…" in titles
    w.close()


def test_corrections_survive_a_restart_and_a_changed_file(qtbot, article):
    w = _window(qtbot, article)
    _answer(qtbot, "Anna Lee")
    w.corrector.change_speaker(_quote(w, "rushed"))
    _settle(qtbot, w)
    w.corrector.not_a_quote(_quote(w, "build"))
    _settle(qtbot, w)
    w.close()
    # another window, later: the same corrections, read from the user's data folder
    again = _window(qtbot, article)
    assert _quote(again, "rushed").speaker_name == "Anna Lee" and _quote(again, "build") is None
    assert again.article_view._corrected_starts == [_quote(again, "rushed").start]  # its pencil too
    assert again.controller.undo_stack.count() == 0  # (a new session's undo starts empty)
    again.close()
    # the file gets a new first paragraph: every correction finds its words again
    article.write_text(TEXT.replace("\n\n", "\n\nUpdated on Tuesday with the vote.\n\n", 1), encoding="utf-8")
    moved = _window(qtbot, article)
    assert _quote(moved, "rushed").speaker_name == "Anna Lee" and _quote(moved, "build") is None
    assert not moved.controller.orphaned and not moved.message_bar.isVisible()
    moved.close()
    # the quoted words themselves change: flagged, not guessed
    article.write_text(TEXT.replace("the plan was rushed", "the plan was careful"), encoding="utf-8")
    changed = _window(qtbot, article)
    assert [x.kind for x in changed.controller.orphaned] == ["speaker"]
    assert changed.message_bar.isVisible() and "could not be re-attached" in changed.message_bar.text.text()
    assert _quote(changed, "build") is None  # the other one still applies
    changed.close()


def test_the_library_follows_a_correction(qtbot, article):
    """An article the library holds: its speakers and search give the corrected speaker."""
    from reader.library import Library
    from reader.library.indexer import index
    from reader.library.store import default_db_path

    index([article.parent])
    w = _window(qtbot, article)
    assert w.controller.from_library
    _answer(qtbot, "Anna Lee")
    w.corrector.change_speaker(_quote(w, "rushed"))
    _settle(qtbot, w)

    def speaker_in_library() -> str | None:
        with Library(default_db_path(), readonly=True) as lib:
            found = [q for q in lib.quotes() if "rushed" in q.text]
            return found[0].speaker if found else None

    qtbot.waitUntil(lambda: speaker_in_library() == "Anna Lee", timeout=WAIT_MS)
    w.close()
    # indexing again (a new model, a rebuilt library) keeps it: the corrections file is read
    default_db_path().unlink()
    for extra in default_db_path().parent.glob("library.sqlite3-*"):
        extra.unlink()
    index([article.parent])
    assert speaker_in_library() == "Anna Lee"


def test_a_correction_never_writes_another_text_into_the_library(qtbot, article):
    """The file changed and was indexed again while the window showed its old text: a correction
    made there leaves the library's (new) article alone."""
    from reader.library.corrections import refresh_in_library
    from reader.library.indexer import index
    from reader.library.records import stored_analysis

    index([article.parent])
    w = _window(qtbot, article)
    shown = w.controller.machine
    article.write_text(TEXT.replace("Monday", "Tuesday"), encoding="utf-8")
    index([article.parent])
    assert not refresh_in_library(article, shown, shown)
    assert "Tuesday" in stored_analysis(str(article)).article.text
    w.close()


def test_an_unreadable_corrections_file_stops_nothing(qtbot, article, capsys):
    """Not a corrections file where the user's should be: indexing goes on without it, the CLI
    says so in one line and prints the machine's analysis, the window opens the article."""
    from reader.cli import main
    from reader.library.corrections import corrections_path
    from reader.library.indexer import index

    path = corrections_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database, only a file in its place" * 100)
    assert index([article.parent]).added == 1
    assert main(["analyze", "--json", str(article)]) == 0
    printed = capsys.readouterr()
    assert printed.err.strip().count("\n") == 0 and str(path) in printed.err
    assert json.loads(printed.out)["quotes"]
    w = _window(qtbot, article)
    assert w.controller.analysis is not None and w.message_bar.isVisible()
    assert str(path) in w.message_bar.text.text()
    w.close()
