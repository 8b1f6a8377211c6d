"""The window's Library panel, offscreen, with the real model and a real library database.

A folder of short hand-written articles (the mayor is quoted in two of them under different
names; one file is broken) is added through ``MainWindow.open_folder``, the method File > Open
Folder calls, and analysed in the background; the database is the default one, which the
settings isolation of conftest.py puts in a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _window import doc_position, flash_active
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from reader.library import Library
from reader.ui.library_panel import ROW_ROLE
from reader.ui.window import MainWindow

WAIT_MS = 120_000

BARRIER = """---
title: "City Council Approves Flood Barrier"
date: 2024-03-05
publisher: Riverside Courier
---

The city council voted on Tuesday to build a flood barrier along the river, at a cost of $40 million.

"This barrier will protect thousands of homes from the next storm," said Mayor Lena Ortiz.

Critics said the plan was rushed. "Nobody has seen the engineering studies," said Tom Reyes, a shop owner.
"""

BUDGET = """Mayor Defends Budget Plan

Mayor Lena Ortiz on Monday defended the budget, which raises spending by 4 percent.

"We cannot keep putting off repairs to our schools," Ortiz told reporters.

Council member Dana Whitfield said the plan was too expensive. "Taxpayers deserve a break," Whitfield said.
"""

PORT = """Port Expansion Stalls

"We are waiting for the final permits," said Harold Kim, the port director.

Kim said the delay would cost about $2 million.
"""

# long enough that its last quote is out of sight until the window scrolls to it
FILLER = "Water levels on the river were measured again at the old mill on day {n} of the survey."
STORM = (
    "Storm Season Worries Residents\n\n"
    + "\n\n".join(FILLER.format(n=n) for n in range(1, 61))
    + '\n\n"Every house on Elm Street flooded last year," said Maria Gonzalez, who lives by the river.\n'
)


def _write_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "barrier.md").write_text(BARRIER, encoding="utf-8")
    (folder / "budget.txt").write_text(BUDGET, encoding="utf-8")
    (folder / "port.txt").write_text(PORT, encoding="utf-8")
    (folder / "storm.txt").write_text(STORM, encoding="utf-8")
    (folder / "minutes.docx").write_bytes(b"not a zip archive at all")  # recorded with its error
    return folder


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def _index(qtbot, window: MainWindow, folder: Path):
    panel = window.library_panel
    with qtbot.waitSignal(panel.indexFinished, timeout=WAIT_MS) as finished:
        assert window.open_folder(folder)
        assert window.library_dock.isVisible()
        assert panel.running and panel.cancel_button.isVisible()
    assert not panel.running and not panel.cancel_button.isVisible()
    return finished.args[0]


@pytest.fixture
def indexed(qtbot, window, tmp_path):
    summary = _index(qtbot, window, _write_folder(tmp_path / "articles"))
    assert summary is not None and not summary.cancelled
    return window


def _click_row(qtbot, table, row) -> None:
    """Click the row showing ``row`` (by id), as the user would."""
    for i in range(table.proxy.rowCount()):
        index = table.proxy.index(i, 0)
        if index.data(ROW_ROLE).id == row.id:
            table.scrollTo(index)
            qtbot.mouseClick(
                table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
            )
            return
    raise AssertionError(f"row {row} is not shown")


def _visible(window: MainWindow, start: int) -> bool:
    view = window.article_view
    pos = doc_position(view, start)
    if pos is None:
        return False
    cursor = QTextCursor(view.document())
    cursor.setPosition(pos)
    return view.viewport().rect().contains(view.cursorRect(cursor).center())


def test_ui_library_articles_table(qtbot, indexed):
    panel = indexed.library_panel
    panel.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(panel.articles.shown_rows()) == 5, timeout=5000)
    rows = {Path(a.path).name: a for a in panel.articles.shown_rows()}
    assert set(rows) == {"barrier.md", "budget.txt", "port.txt", "storm.txt", "minutes.docx"}
    barrier = rows["barrier.md"]
    assert (barrier.title, barrier.date, barrier.outlet) == (
        "City Council Approves Flood Barrier",
        "2024-03-05",
        "Riverside Courier",
    )
    assert barrier.quotes >= 2 and barrier.figures >= 1
    assert rows["minutes.docx"].error_code and not rows["minutes.docx"].ok
    # the cells: title, date, outlet, quotes, figures, and the error without the file name
    model = panel.articles.proxy
    cells = {
        model.index(i, 0).data(ROW_ROLE).path: [model.index(i, c).data() for c in range(6)]
        for i in range(model.rowCount())
    }
    assert cells[barrier.path] == [
        "City Council Approves Flood Barrier",
        "2024-03-05",
        "Riverside Courier",
        str(barrier.quotes),
        str(barrier.figures),
        "",
    ]
    error = cells[rows["minutes.docx"].path][5]
    assert rows["minutes.docx"].error_code in error and "minutes.docx" not in error
    assert "5 articles (1 failed)" in indexed.library_dock.windowTitle()
    # sortable: by quotes, most first
    panel.articles.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    counts = [a.quotes for a in panel.articles.shown_rows()]
    assert counts == sorted(counts, reverse=True)
    # filterable: every word must be somewhere in the row (title, outlet, file name...)
    qtbot.keyClicks(panel.article_filter, "riverside barrier")
    assert [Path(a.path).name for a in panel.articles.shown_rows()] == ["barrier.md"]
    panel.article_filter.clear()
    assert len(panel.articles.shown_rows()) == 5
    # the table agrees with the database
    with Library(panel.path) as lib:
        assert sorted(a.id for a in lib.articles()) == sorted(a.id for a in panel.articles.shown_rows())


def test_ui_library_speakers_and_their_quotes(qtbot, indexed):
    panel = indexed.library_panel
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: bool(panel.speakers.shown_rows()), timeout=5000)
    speakers = panel.speakers.shown_rows()
    ortiz = next(s for s in speakers if s.name == "Lena Ortiz")
    # one speaker across both articles, whatever the name she is given
    assert ortiz.articles == 2
    assert ortiz.quotes >= 2
    assert {"Mayor Lena Ortiz", "Ortiz"} <= set(ortiz.variants)
    assert not any(s.name in ("Ortiz", "Mayor Lena Ortiz") for s in speakers)
    assert [s.quotes for s in speakers] == sorted((s.quotes for s in speakers), reverse=True)
    cell = {
        panel.speakers.proxy.index(i, 0).data(): panel.speakers.proxy.index(i, 2).data()
        for i in range(panel.speakers.proxy.rowCount())
    }
    assert cell["Lena Ortiz"] == str(ortiz.quotes)

    _click_row(qtbot, panel.speakers, ortiz)
    qtbot.waitUntil(lambda: len(panel.speaker_quotes.shown_rows()) == ortiz.quotes, timeout=5000)
    quotes = panel.speaker_quotes.shown_rows()
    assert {q.speaker_id for q in quotes} == {ortiz.id}
    titles = {panel.speaker_quotes.proxy.index(i, 2).data() for i in range(len(quotes))}
    assert titles == {"City Council Approves Flood Barrier", "Mayor Defends Budget Plan"}
    dates = {panel.speaker_quotes.proxy.index(i, 3).data() for i in range(len(quotes))}
    assert "2024-03-05" in dates
    texts = " ".join(q.text for q in quotes)
    assert "protect thousands of homes" in texts and "repairs to our schools" in texts
    assert "Lena Ortiz" in panel.speaker_caption.text() and "2 articles" in panel.speaker_caption.text()
    # the arrow keys move to the next speaker and list theirs
    following = panel.speakers.shown_rows()[panel.speakers.currentIndex().row() + 1]
    qtbot.keyClick(panel.speakers, Qt.Key.Key_Down)
    assert {q.speaker_id for q in panel.speaker_quotes.shown_rows()} == {following.id}
    assert panel.speaker_caption.text().startswith(following.name)
    # the speaker filter also knows the other ways a name is written
    qtbot.keyClicks(panel.speaker_filter, "mayor lena")
    assert [s.name for s in panel.speakers.shown_rows()] == ["Lena Ortiz"]


def test_ui_library_search_finds_quotes_by_words(qtbot, indexed):
    panel = indexed.library_panel
    panel.tabs.setCurrentIndex(2)
    qtbot.keyClicks(panel.search_edit, "what did anyone say about the barrier?")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    found = panel.results.shown_rows()
    assert any("This barrier will protect thousands of homes" in q.text for q in found)
    assert all("barrier" in q.text.lower() for q in found)
    assert panel.results_box.currentWidget() is panel.results
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "zeppelin")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert panel.results.shown_rows() == []
    assert panel.results_box.currentWidget() is panel.results_box.label


def test_ui_library_choosing_a_quote_opens_it_scrolled_and_flashed(qtbot, indexed):
    w = indexed
    panel = w.library_panel
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: bool(panel.speakers.shown_rows()), timeout=5000)
    # first another article, so that the quote's one has to be opened
    with qtbot.waitSignal(w.analysisShown, timeout=WAIT_MS):
        w.open_path(next(a.path for a in panel.library.articles() if a.path.endswith("port.txt")))
    gonzalez = next(s for s in panel.speakers.shown_rows() if s.name == "Maria Gonzalez")
    _click_row(qtbot, panel.speakers, gonzalez)
    qtbot.waitUntil(lambda: len(panel.speaker_quotes.shown_rows()) == 1, timeout=5000)
    quote = panel.speaker_quotes.shown_rows()[0]
    assert quote.article_path.endswith("storm.txt")
    _click_row(qtbot, panel.speaker_quotes, quote)
    qtbot.waitUntil(
        lambda: w.controller.path == quote.article_path and flash_active(w.article_view), timeout=WAIT_MS
    )
    assert w.controller.article.text[quote.start : quote.end] == quote.text
    assert _visible(w, quote.start) and _visible(w, quote.end - 1)
    selections = w.article_view.extraSelections()
    flash = selections[-1]
    assert flash.cursor.selectedText() == quote.text
    # far down a long article: the window did scroll
    assert w.article_view.verticalScrollBar().value() > 0
    # the analysis arrives later and does not move the article away from the quote
    qtbot.waitUntil(w.is_idle, timeout=WAIT_MS)
    assert _visible(w, quote.start)
    # choosing it again in the article already shown scrolls back to it
    w.article_view.verticalScrollBar().setValue(0)
    assert not _visible(w, quote.start)
    _click_row(qtbot, panel.speaker_quotes, quote)
    assert _visible(w, quote.start) and flash_active(w.article_view)


def test_ui_library_cancel_keeps_window_and_database_sound(qtbot, window, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        (folder / f"budget-{n:02}.txt").write_text(
            BUDGET.replace("4 percent", f"{n + 2} percent"), encoding="utf-8"
        )
    panel = window.library_panel
    done: list[int] = []
    panel.indexProgress.connect(lambda d, _t, p: done.append(d) if p else None)
    with qtbot.waitSignal(panel.indexFinished, timeout=WAIT_MS) as finished:
        window.open_folder(folder)
        qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    summary = finished.args[0]
    assert summary.cancelled and 0 < summary.added < 12
    assert "Stopped" in panel.status_label.text()
    with Library(panel.path) as lib:
        assert lib.check() == []
        rows = lib.articles()
        assert len(rows) == summary.added
        for row in rows:  # whole articles only: every quote of an article is there
            assert len(lib.quotes(article_id=row.id)) == row.quotes
    qtbot.waitUntil(lambda: len(panel.articles.shown_rows()) == summary.added, timeout=5000)
    # the window goes on working: an article opens, and the folder again resumes the run
    with qtbot.waitSignal(window.analysisShown, timeout=WAIT_MS):
        window.open_path(folder / "budget-11.txt")
    again = _index(qtbot, window, folder)
    assert not again.cancelled
    assert (again.unchanged, again.added, again.total) == (summary.added, 12 - summary.added, 12)
    assert len(panel.articles.shown_rows()) == 12


def test_ui_library_menu_actions(window):
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Open &Folder…" in titles and "&Library" in titles
    assert not window.library_dock.isVisible()
    window.act_library.trigger()
    assert window.library_dock.isVisible()
    panel = window.library_panel
    assert panel.library is not None and panel.problem == ""
    assert panel.articles_box.currentWidget() is panel.articles_box.label  # empty: says how to fill it
    window.act_library.trigger()
    assert not window.library_dock.isVisible()


def test_ui_library_foreign_database_is_refused(qtbot, window, tmp_path, monkeypatch):
    foreign = tmp_path / "notes.sqlite3"
    foreign.write_bytes(b"this is not a database, and must not be overwritten" * 100)
    monkeypatch.setenv("READER_LIBRARY", str(foreign))
    before = foreign.read_bytes()
    with qtbot.waitSignal(window.errorShown, timeout=5000) as shown:
        assert not window.open_folder(tmp_path)
    assert str(foreign) in shown.args[0] and "\n" not in shown.args[0]
    assert window.library_panel.articles_box.label.text() == shown.args[0]
    assert not window.library_panel.running
    assert foreign.read_bytes() == before


def test_ui_library_closing_the_window_stops_the_run(qtbot, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(8):
        (folder / f"port-{n}.txt").write_text(
            PORT.replace("$2 million", f"${n + 2} million"), encoding="utf-8"
        )
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    started: list[int] = []
    w.library_panel.indexProgress.connect(lambda d, _t, p: started.append(d) if p else None)
    assert w.open_folder(folder)
    qtbot.waitUntil(lambda: bool(started), timeout=WAIT_MS)
    path = w.library_panel.path
    w.close()  # cancels the run and waits for its thread
    assert not w.library_panel.running and w.library_panel.library is None
    with Library(path) as lib:
        assert lib.check() == []
        rows = lib.articles()
        assert 0 < len(rows) < 8
        assert all(len(lib.quotes(article_id=r.id)) == r.quotes for r in rows)


def test_ui_library_shows_what_another_indexer_writes(qtbot, window, tmp_path):
    """``reader index`` in a terminal on the same database: the open panel follows it."""
    from reader.library.indexer import index

    window.act_library.trigger()
    panel = window.library_panel
    assert panel.articles.shown_rows() == []
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "port.txt").write_text(PORT, encoding="utf-8")
    (folder / "budget.txt").write_text(BUDGET, encoding="utf-8")
    summary = index([folder], panel.path)  # its own connection, as another process would have
    assert summary.added == 2
    qtbot.waitUntil(lambda: len(panel.articles.shown_rows()) == 2, timeout=5000)
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "Harold Kim" in {s.name for s in panel.speakers.shown_rows()}, timeout=5000)
