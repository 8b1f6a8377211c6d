"""The reader window, offscreen, with the real model, on the seed article."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _quote_samples import phrase_analysis
from _window import (
    bar_labels,
    bar_scene_pos,
    click_single,
    doc_position,
    entity_items,
    flash_active,
    quote_item,
    quotes_shown,
    select_series,
    single_labels,
    tick_labels,
)
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPalette,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox, QToolTip

from reader.core.categories import Category
from reader.core.model import Figure
from reader.core.paths import sample_article
from reader.core.selection import Selection, apply
from reader.report.chart import chart_points, chart_series, coverage, default_series, single_figures
from reader.ui import theme
from reader.ui.article_view import CATEGORY_PROP
from reader.ui.chart_panel import ChartPanel
from reader.ui.quotes_panel import PAD, body_colour
from reader.ui.window import MainWindow

WAIT_MS = 60_000


def _norm(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", s).strip(" \"'.,").lower()


def _matches(gold_content: str, text: str) -> bool:
    g, t = _norm(gold_content), _norm(text)
    if not g or not t:
        return False
    return g in t or (t in g and len(t) >= 0.8 * len(g))


def _open(qtbot, window: MainWindow, path) -> None:
    with qtbot.waitSignal(window.analysisShown, timeout=WAIT_MS):
        window.open_path(str(path))
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture
def seed_window(qtbot, window, seed_path):
    _open(qtbot, window, seed_path)
    return window


def _formats_of(window: MainWindow, category: Category) -> int:
    doc = window.article_view.document()
    n = 0
    block = doc.begin()
    while block.isValid():
        for rng in block.layout().formats():
            if rng.format.property(CATEGORY_PROP) == category.value:
                n += 1
        block = block.next()
    return n


def _visible(window: MainWindow, start: int) -> bool:
    view = window.article_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(doc_position(view, start))
    return view.viewport().rect().contains(view.cursorRect(cursor).center())


def test_ui_window_shows_seed_text_and_title(seed_window, seed_path):
    view = seed_window.article_view
    text = seed_path.read_text(encoding="utf-8")
    shown = view.document().toPlainText()
    first_line = text.splitlines()[0]
    assert first_line in shown
    assert "Reader" in seed_window.windowTitle()
    # every article offset maps to the same character in the document
    analysis = seed_window.controller.analysis
    for ent in analysis.entities:
        pos = doc_position(view, ent.start)
        cur = QTextCursor(view.document())
        cur.setPosition(pos)
        cur.setPosition(doc_position(view, ent.end), QTextCursor.MoveMode.KeepAnchor)
        assert cur.selectedText() == ent.text


def test_ui_window_quotes_list_has_gold_quotes(seed_window, seed_gold):
    shown = quotes_shown(seed_window.quotes_panel)
    missing = [
        g["content"][:60]
        for g in seed_gold["quotes"]["required"]
        if not any(_matches(g["content"], q.text) for q in shown)
    ]
    assert missing == []
    assert str(len(shown)) in seed_window.quotes_panel.count_label.text()


def test_ui_window_quote_click_scrolls_and_flashes(qtbot, seed_window):
    w = seed_window
    w.resize(760, 420)
    qtbot.waitUntil(lambda: w.article_view.viewport().height() < 400, timeout=5000)
    panel = w.quotes_panel
    assert panel.list.count() > 0
    for row in (0, panel.list.count() - 1):
        item = panel.list.item(row)
        quote = panel.list.item(row).data(Qt.ItemDataRole.UserRole + 1)
        bar = w.article_view.verticalScrollBar()
        # put the quote out of sight first
        bar.setValue(bar.maximum() if quote.start < len(w.controller.article.text) / 2 else 0)
        QApplication.processEvents()
        if _visible(w, quote.start):
            bar.setValue(0 if bar.value() else bar.maximum())
        assert not _visible(w, quote.start), "the window is too tall for this test"
        panel.list.scrollToItem(item)
        rect = panel.list.visualItemRect(item)
        point = QPoint(rect.center().x() + rect.width() // 4, rect.bottom() - 8)  # on the quote text
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.waitUntil(lambda q=quote: _visible(w, q.start), timeout=5000)
        assert flash_active(w.article_view)


def _carter(window: MainWindow):
    item = next(
        (i for i in entity_items(window.entities_panel) if i.text(0).split()[-1] == "Carter"),
        None,
    )
    assert item is not None, "Carter is not in the entities list"
    return item


def test_ui_window_click_carter_filters_quotes_and_chart(qtbot, seed_window, seed_gold):
    w = seed_window
    analysis = w.controller.analysis
    all_quotes = quotes_shown(w.quotes_panel)
    all_points = [p.label for s in w.chart.series for p in s.points]
    item = _carter(w)
    tree = w.entities_panel
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    carter_id = item.data(0, Qt.ItemDataRole.UserRole + 1)
    qtbot.waitUntil(lambda: w.controller.selection.entity_ids == {carter_id}, timeout=5000)
    qtbot.waitUntil(w.is_idle, timeout=WAIT_MS)

    expected = apply(analysis, Selection(frozenset({carter_id})))
    shown = quotes_shown(w.quotes_panel)
    assert sorted(q.start for q in shown) == sorted(q.start for q in expected.quotes)
    assert w.filter_bar.isVisible()
    # against the gold: Carter's quotes stay, quotes of other speakers go
    for g in seed_gold["quotes"]["required"]:
        in_all = any(_matches(g["content"], q.text) for q in all_quotes)
        in_filtered = any(_matches(g["content"], q.text) for q in shown)
        if g["speaker_name"] == "Carter" and in_all:
            assert in_filtered, g["content"][:50]
        if g["speaker_name"] != "Carter" and "Carter" not in g["content"]:
            assert not in_filtered, g["content"][:50]
    # the chart keeps only figures of sentences that mention Carter
    carter = analysis.entity(carter_id)
    spans = [(m.start, m.end) for m in carter.mentions]
    shown_points = [p for s in w.chart.series for p in s.points]
    assert [p.label for s in chart_series(expected.figures) for p in s.points] == [
        p.label for p in shown_points
    ]
    for p in shown_points:
        fig = next(f for f in analysis.figures if (f.start, f.end) == (p.start, p.end))
        assert any(fig.sentence_start <= s < fig.sentence_end for s, _e in spans)
    assert len(shown_points) < len(all_points) or not all_points
    if not shown_points:
        assert w.chart.stack.currentWidget() is w.chart.empty

    # Esc restores everything
    qtbot.keyClick(w.article_view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not w.controller.selection.filtered, timeout=5000)
    qtbot.waitUntil(w.is_idle, timeout=WAIT_MS)
    assert [q.start for q in quotes_shown(w.quotes_panel)] == [q.start for q in all_quotes]
    assert [p.label for s in w.chart.series for p in s.points] == all_points
    assert not w.filter_bar.isVisible()


def test_ui_window_ctrl_click_combines_entities(qtbot, seed_window):
    w = seed_window
    tree = w.entities_panel
    items = entity_items(tree)[:2]
    assert len(items) == 2
    for i, item in enumerate(items):
        rect = tree.visualItemRect(item)
        mod = Qt.KeyboardModifier.ControlModifier if i else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, mod, rect.center())
    ids = {it.data(0, Qt.ItemDataRole.UserRole + 1) for it in items}
    qtbot.waitUntil(lambda: w.controller.selection.entity_ids == ids, timeout=5000)


def test_ui_window_click_entity_in_text_filters(qtbot, seed_window):
    w = seed_window
    view = w.article_view
    analysis = w.controller.analysis
    ent = next(e for e in analysis.entities if e.entity_id and e.category is not Category.DATE)
    cur = QTextCursor(view.document())
    cur.setPosition(doc_position(view, ent.start) + 1)
    view.setTextCursor(cur)
    view.ensureCursorVisible()
    QApplication.processEvents()
    rect = view.cursorRect(cur)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: w.controller.selection.entity_ids == {ent.entity_id}, timeout=5000)


def test_ui_window_category_toggle_removes_formats(qtbot, seed_window):
    w = seed_window
    for cat in (Category.ORGANIZATION, Category.QUOTE):
        assert _formats_of(w, cat) > 0
        w.legend.buttons[cat].click()
        qtbot.waitUntil(w.is_idle, timeout=WAIT_MS)
        assert cat in w.controller.selection.hidden
        assert _formats_of(w, cat) == 0
        assert _formats_of(w, Category.PLACE) > 0
    assert quotes_shown(w.quotes_panel) == []
    w.legend.buttons[Category.ORGANIZATION].click()
    qtbot.waitUntil(w.is_idle, timeout=WAIT_MS)
    assert _formats_of(w, Category.ORGANIZATION) > 0


def test_ui_window_drop_opens_file(qtbot, seed_window, tmp_path):
    w = seed_window
    path = tmp_path / "dropped.txt"
    path.write_text(
        "Dropped file\n\nThe harbour master said the ferry to Lindholm would resume on Monday.\n",
        encoding="utf-8",
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(w, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(w.analysisShown, timeout=WAIT_MS):
        QApplication.sendEvent(w, drop)
    assert w.controller.path == str(path)
    assert "ferry to Lindholm" in w.article_view.document().toPlainText()
    assert "Dropped file" in w.windowTitle()


@pytest.mark.parametrize("kind", ["missing", "directory", "binary"])
def test_ui_window_bad_file_keeps_previous_article(qtbot, seed_window, tmp_path, seed_path, kind):
    w = seed_window
    before_text = w.article_view.document().toPlainText()
    before_analysis = w.controller.analysis
    bad = tmp_path / "bad.txt"
    if kind == "directory":
        bad.mkdir()
    elif kind == "binary":
        bad.write_bytes(bytes(range(256)) * 64)
    with qtbot.waitSignal(w.errorShown, timeout=WAIT_MS) as sig:
        w.open_path(bad)
    assert str(bad) in sig.args[0]
    assert w.message_bar.isVisible()
    assert str(bad) in w.message_bar.text.text()
    qtbot.waitUntil(lambda: not w.controller.busy, timeout=WAIT_MS)
    assert w.controller.path == str(seed_path)
    assert w.article_view.document().toPlainText() == before_text
    assert w.controller.analysis is before_analysis
    assert w.quotes_panel.list.count() > 0


def test_ui_window_second_file_wins_over_running_analysis(qtbot, window, tmp_path, seed_path):
    w = window
    big = tmp_path / "big.txt"
    para = seed_path.read_text(encoding="utf-8").strip()
    big.write_text("Big file\n\n" + "\n\n".join([para] * 120), encoding="utf-8")  # ~20 chunks
    seen: list[str] = []
    w.controller.analysisChanged.connect(lambda a: seen.append(a.article.source))
    reported: list[int] = []
    w.controller.requestEnded.connect(reported.append)
    first = w.controller.open(str(big))
    qtbot.waitUntil(lambda: w.controller.article is not None, timeout=WAIT_MS)  # big text shown
    assert w.controller.busy
    second = sample_article()
    with qtbot.waitSignal(w.analysisShown, timeout=WAIT_MS):
        w.open_path(second)
    qtbot.waitUntil(lambda: first in reported, timeout=WAIT_MS)  # the first request has ended
    qtbot.waitUntil(w.is_idle, timeout=WAIT_MS)
    assert seen == [str(second)]
    assert w.controller.analysis.article.source == str(second)
    shown = w.article_view.document().toPlainText()
    assert "Big file" not in shown
    for q in quotes_shown(w.quotes_panel):
        assert w.controller.article.text[q.start : q.end] == q.text


def test_ui_window_find_bar_counts_matches(qtbot, seed_window, seed_path):
    w = seed_window
    qtbot.keyClick(w.article_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(w.find_bar.isVisible, timeout=5000)
    qtbot.keyClicks(w.find_bar.edit, "Syria")
    n = seed_path.read_text(encoding="utf-8").lower().count("syria")
    assert w.find_bar.count.text() == f"1 of {n}"
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
    assert w.find_bar.count.text() == f"2 of {n}"
    w.find_bar.prev.click()
    assert w.find_bar.count.text() == f"1 of {n}"
    assert w.article_view.textCursor().selectedText().lower() == "syria"
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.find_bar.isVisible()


def test_ui_window_zoom_is_remembered(qtbot, seed_window):
    w = seed_window
    size = w.article_view.document().defaultFont().pointSizeF()
    qtbot.keyClick(w.article_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert w.article_view.document().defaultFont().pointSizeF() > size
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.article_view.zoom_steps == 1
    qtbot.keyClick(w.article_view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert w.article_view.document().defaultFont().pointSizeF() == pytest.approx(size)
    w2.close()


def test_ui_window_chart_click_jumps_to_figure(qtbot, seed_window):
    w = seed_window
    chart = w.chart
    assert chart.points, "the seed has figures"
    w.resize(760, 420)
    QApplication.processEvents()
    last = len(chart.points) - 1
    point = chart.points[last]
    bar = w.article_view.verticalScrollBar()
    bar.setValue(0 if point.start > len(w.controller.article.text) / 2 else bar.maximum())
    QApplication.processEvents()
    with qtbot.waitSignal(chart.figureClicked, timeout=5000) as sig:
        chart.plot.viewport().update()
        QApplication.processEvents()
        pos = chart.plot.mapFromScene(bar_scene_pos(chart, last))
        qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == [point.start, point.end]
    qtbot.waitUntil(lambda: _visible(w, point.start), timeout=5000)


def test_ui_window_splitter_state_persists(qtbot, window):
    window.splitter.setSizes([900, 380])
    window.save_settings()
    w2 = MainWindow()
    qtbot.addWidget(w2)
    w2.resize(window.size())
    assert w2.splitter.saveState() == window.splitter.saveState()
    w2.close()


def test_ui_window_export_writes_file_or_reports(qtbot, seed_window, tmp_path):
    w = seed_window
    out = tmp_path / "out.json"
    with qtbot.waitSignal(w.exportFinished, timeout=WAIT_MS) as done:
        assert w.export_to(str(out)) is True  # started on the worker
    assert done.args == [True, str(out)]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["quotes"]) == len(w.controller.analysis.quotes) > 0
    assert not w.message_bar.isVisible()
    onto = w.export_to(str(Path(w.controller.path)))
    assert onto is False and w.message_bar.isVisible()


def test_ui_window_pdf_export_runs_on_the_worker_and_can_be_cancelled(qtbot, seed_window, tmp_path):
    w = seed_window
    out = tmp_path / "out.pdf"
    pages: list[tuple[int, int]] = []
    w.controller.exportProgress.connect(lambda d, t: pages.append((d, t)))
    with qtbot.waitSignal(w.exportFinished, timeout=WAIT_MS) as done:
        assert w.export_to(str(out))
        assert w.export_box.isVisible() and not w.act_export.isEnabled()  # the window goes on
    assert done.args == [True, str(out)] and out.read_bytes().startswith(b"%PDF")
    assert pages and pages[-1][0] == pages[-1][1] - 1  # every page reported
    assert not w.export_box.isVisible() and w.act_export.isEnabled()
    cancelled = tmp_path / "cancelled.pdf"
    with qtbot.waitSignal(w.exportFinished, timeout=WAIT_MS) as done:
        assert w.export_to(str(cancelled))
        w.export_cancel.click()
    assert done.args[0] is False and "cancelled" in done.args[1]
    assert not cancelled.exists() and not list(tmp_path.glob("*.tmp*"))


# --- a quote whose content is a noun phrase (content_type "phrase"), on an analysis built by hand


def _show_analysis(qtbot, window: MainWindow, analysis) -> None:
    """What the controller does when an analysis comes back, without a file or the model."""
    c = window.controller
    with qtbot.waitSignal(window.analysisShown, timeout=WAIT_MS):
        c.article, c.analysis = analysis.article, analysis
        c.articleChanged.emit(analysis.article)
        c.analysisChanged.emit(analysis)
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)


def _body_ink(panel, item) -> float:
    """The lightness of the darkest pixel of a card's quote text, as painted (its pen colour:
    anti-aliasing only makes pixels lighter on a light background)."""
    image = panel.list.viewport().grab().toImage()
    scale = image.devicePixelRatio()
    rect = panel.list.visualItemRect(item)
    bold = QFont(panel.list.font())
    bold.setWeight(QFont.Weight.Bold)
    top = rect.top() + PAD + QFontMetrics(bold).height() + 4  # below the speaker line
    return min(
        image.pixelColor(int(x * scale), int(y * scale)).lightnessF()
        for x in range(rect.left() + PAD + 4, rect.right() - PAD)
        for y in range(top, rect.bottom() - PAD)
    )


def test_ui_window_phrase_quote_shows_its_cue_first_dimmed(qtbot, window):
    analysis = phrase_analysis()
    phrase, clause, direct = analysis.quotes
    _show_analysis(qtbot, window, analysis)
    panel = window.quotes_panel
    window.tabs.setCurrentWidget(panel)
    assert quotes_shown(panel) == [phrase, clause, direct]
    items = [quote_item(panel, q) for q in (phrase, clause, direct)]
    assert [i.text() for i in items] == [
        "rejected that criticism",
        "the bridge would cost $40 million",
        "“We will not wait,”",
    ]
    # the tooltip, as the list shows it on hover: the phrase after its cue, tagged as a stance
    tips = []
    for item in items[:2]:
        panel.list.scrollToItem(item)
        pos = panel.list.visualItemRect(item).center()
        global_pos = panel.list.viewport().mapToGlobal(pos)
        QApplication.sendEvent(panel.list.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, global_pos))
        tips.append(QToolTip.text())
        QToolTip.hideText()
    phrase_tip, clause_tip = tips
    assert phrase_tip.split("</p><p>", 1)[1].startswith("<i>rejected</i> that criticism")
    assert "indirect · stance" in phrase_tip and "stance" not in clause_tip
    assert clause_tip.split("</p><p>", 1)[1].startswith("the bridge would cost")
    # the pen: the palette's secondary text colour for the phrase, its text colour for a clause
    pal = panel.list.palette()
    assert body_colour(phrase, pal) == pal.color(QPalette.ColorRole.PlaceholderText)
    assert body_colour(clause, pal) == body_colour(direct, pal) == pal.color(QPalette.ColorRole.Text)
    assert body_colour(phrase, pal) != body_colour(clause, pal)
    # and what is painted: the phrase's ink is lighter than the clause's (a light window here)
    assert pal.color(QPalette.ColorRole.Base).lightnessF() > 0.5
    ink_phrase, ink_clause = _body_ink(panel, items[0]), _body_ink(panel, items[1])
    assert ink_clause < 0.3
    assert ink_phrase > ink_clause + 0.2


@pytest.mark.parametrize("name", ["LIGHT", "DARK"])
def test_ui_quotes_phrase_colour_is_dimmed_in_both_themes(qapp, name):
    pal = QPalette()
    for role, value in getattr(theme, name).items():
        pal.setColor(role, QColor(value))
    phrase, clause, _direct = phrase_analysis().quotes
    text = pal.color(QPalette.ColorRole.Text).lightnessF()
    base = pal.color(QPalette.ColorRole.Base).lightnessF()
    dim = body_colour(phrase, pal).lightnessF()
    assert body_colour(clause, pal).lightnessF() == text
    # between the text and the background: fainter than the text, still well apart from the page
    assert min(text, base) < dim < max(text, base)
    assert abs(dim - text) > 0.1 and abs(dim - base) > 0.3


def test_ui_window_chart_shows_the_default_comparison_and_lists_the_rest(qtbot, seed_window):
    chart = seed_window.chart
    figures = seed_window.view.figures
    quotes = seed_window.view.quotes
    series = chart.current_series()
    assert series == chart.series[0] == default_series(chart_series(figures, quotes))
    assert chart.points == chart_points(series)  # the bars the exports chart too
    assert all(len(s.points) >= 2 for s in chart.series)  # a comparison, never one bar
    singles = single_figures(figures, chart.series, quotes)
    assert single_labels(chart) == [x.label for x in singles]
    assert chart.list_label.isVisible() == bool(singles)
    caption = chart.caption.text()
    cover = coverage(figures, [(series, chart.points)])
    assert f"{cover.charted} charted" in caption
    if singles:
        assert f"{sum(1 + x.repeats for x in singles)} listed below" in caption
        # a click on an entry of the list shows the figure in the text
        with qtbot.waitSignal(chart.figureClicked) as blocker:
            click_single(chart, 0)
        assert blocker.args == [singles[0].start, singles[0].end]


def _shown_chart_panel(qtbot) -> ChartPanel:
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.resize(440, 420)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _chart_figure(text, value, unit, kind, qualifier=None, start=0, change="level", of=None):
    return Figure(
        text, start, start + len(text), float(value), unit, qualifier, unit_kind=kind, change=change, of=of
    )


def test_ui_window_chart_axis_log_scale_labels_and_selector(qtbot):
    panel = _shown_chart_panel(qtbot)
    figs = [
        _chart_figure("$48 million", 48e6, "USD", "currency", start=0),
        _chart_figure("nearly $11 million", 11e6, "USD", "currency", "nearly", start=20),
        _chart_figure("about $4", 4, "USD", "currency", "about", start=40),
        _chart_figure("$48 million", 48e6, "USD", "currency", start=60),  # repeated: one bar
        _chart_figure("95 percent", 95, "%", "percent", start=80),
        _chart_figure("30 percent", 30, "%", "percent", start=100),
        _chart_figure("40 percent", 40, "%", "percent", start=120),
        _chart_figure("12 percent", 12, "%", "percent", start=140),
        _chart_figure("600 homes", 600, "home", "count", start=160),
        _chart_figure("85 homes", 85, "home", "count", start=180),
        _chart_figure("20 homes", 20, "home", "count", start=200),
        _chart_figure("five homes", 5, "home", "count", start=220),
        _chart_figure("9 homes", 9, "home", "count", start=240),
        _chart_figure("two months", 2, "month", "duration", start=260),  # nothing to compare with
    ]
    panel.set_figures(figs, total=len(figs))
    assert panel.current_series().key == "home"  # the largest comparison
    assert bar_labels(panel) == ["homes 600", "homes 85", "homes 20", "homes 5", "homes 9"]
    assert single_labels(panel) == ["2 months"]
    assert panel.caption.text() == "Figures · 14 · 5 charted, 1 listed below, 8 in other comparisons"
    # the selector shows every item's whole name
    combo = panel.selector
    assert [combo.itemText(i) for i in range(combo.count())] == ["homes (5)", "percent (4)", "USD (3)"]
    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    for i in range(combo.count()):
        assert combo.fontMetrics().horizontalAdvance(combo.itemText(i)) <= field.width(), combo.itemText(i)
    # money: a log scale ($4 to $48 m), its ticks with the sign and the scale glued
    select_series(panel, "USD")
    assert bar_labels(panel) == ["$48 m · twice", "~ $11 m", "~ $4"]
    assert panel.log_scale
    axis = panel.plot.getAxis("bottom")
    assert axis.labelText == "USD (log scale)"
    assert "$1M" in tick_labels(panel)
    # percentages: a linear axis with its ticks written by tickStrings
    select_series(panel, "%")
    assert not panel.log_scale
    assert tick_labels(panel) == []
    assert axis.labelText == "percent"
    assert axis.tickStrings([0.0, 20.0, 2e7], 1.0, 10.0) == ["0%", "20%", "20M%"]
    assert bar_labels(panel) == ["95%", "30%", "40%", "12%"]


def test_ui_window_chart_rises_and_falls_diverge_from_zero(qtbot):
    panel = _shown_chart_panel(qtbot)
    figs = [
        _chart_figure("16.1%", 16.1, "%", "percent", start=0, change="fall", of="atypical contracts"),
        _chart_figure("21.9%", 21.9, "%", "percent", start=20, change="rise", of="open-ended contracts"),
        _chart_figure("4.5%", 4.5, "%", "percent", start=40, change="fall", of="grants"),
    ]
    panel.set_figures(figs, total=len(figs))
    series = panel.current_series()
    assert series.diverging and series.title == "percent change"
    assert bar_labels(panel) == ["atypical contracts −16.1%", "open-ended contracts +21.9%", "grants −4.5%"]
    opts = panel.bars.opts
    lefts = [float(x) for x in opts["x0"]]
    rights = [a + float(w) for a, w in zip(lefts, opts["width"], strict=True)]
    assert rights[0] == 0 and lefts[0] < 0  # a fall left of zero
    assert lefts[1] == 0 and rights[1] > 0  # a rise right of it
    assert not panel.log_scale
    assert panel.plot.getAxis("bottom").tickStrings([-10.0, 0.0, 10.0], 1.0, 10.0) == ["−10%", "0%", "10%"]


def test_ui_window_print_paints_on_the_worker(qtbot, seed_window, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from reader.report.export import ExportOptions

    w = seed_window
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    with qtbot.waitSignal(w.exportFinished, timeout=WAIT_MS) as done:
        w.controller.print_analysis(printer, ExportOptions())
        assert w.controller.exporting
    assert done.args == [True, ""]
    del printer  # the file is complete once the printer is gone
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 10_000
    assert w.statusBar().currentMessage() == "Sent to the printer"


def test_killed_analysis_process_is_one_message_and_the_window_goes_on(qtbot, window, tmp_path, seed_path):
    """The analysis process dies in the middle of an analysis (as the out-of-memory killer would
    end it): the window says so in one line, keeps the text, and the next file opens."""
    import os
    import signal

    from reader.worker import shared

    long_file = tmp_path / "long.txt"
    text = Path(sample_article()).read_text(encoding="utf-8")
    long_file.write_text("\n\n".join([text] * 80), encoding="utf-8")
    with qtbot.waitSignal(window.controller.progressChanged, timeout=WAIT_MS):
        window.open_path(str(long_file))
    pid = shared().pid
    assert pid is not None
    with qtbot.waitSignal(window.errorShown, timeout=WAIT_MS) as shown:
        os.kill(pid, signal.SIGKILL)
    message = shown.args[0]
    assert message.startswith(f"{long_file}: the analysis stopped: the analysis process was killed")
    assert "\n" not in message
    assert window.article_view.toPlainText().startswith(text[:40])
    _open(qtbot, window, seed_path)
    assert window.controller.analysis is not None and window.controller.analysis.quotes
    assert shared().pid not in (None, pid)


def test_article_in_the_library_opens_from_its_stored_analysis(qtbot, window, tmp_path, seed_path):
    """A file the library holds (same content, same analyser) opens from the stored analysis, and
    the status bar says so; once the file changes it is analysed again."""
    from reader.library.indexer import index
    from reader.library.store import default_db_path

    article = tmp_path / "seed.txt"
    article.write_bytes(seed_path.read_bytes())
    index([article])
    db = default_db_path()
    before = db.read_bytes()
    _open(qtbot, window, article)
    assert window.controller.from_library
    assert "from the library (analysed before)" in window.status_label.text()
    assert window.controller.analysis.quotes and window.controller.analysis.article.source == str(article)
    assert len(quotes_shown(window.quotes_panel)) == len(window.controller.analysis.quotes)
    assert db.read_bytes() == before  # looked up read-only
    article.write_text(seed_path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    _open(qtbot, window, article)
    assert not window.controller.from_library
    assert "from the library" not in window.status_label.text()
