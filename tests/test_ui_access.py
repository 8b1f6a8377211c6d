"""A reader for everyone: names for screen readers on every interactive widget, every action
from the keyboard, categories told apart without colour, the chart as a table, and text on
every highlight at WCAG AA contrast (a real offscreen window on the seed article)."""

from __future__ import annotations

import pytest
from _window import doc_position, open_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence, QTextCursor

from reader.core.categories import STYLES, Category
from reader.core.highlights import DIM, ON, RANK, Run, look
from reader.ui import theme
from reader.ui.window import MainWindow

WAIT_MS = 120_000
A = QAccessible.Role
INTERACTIVE = {
    A.Button,
    A.CheckBox,
    A.RadioButton,
    A.ComboBox,
    A.EditableText,
    A.List,
    A.Tree,
    A.Table,
    A.PageTab,
    A.PageTabList,
    A.Slider,
    A.SpinBox,
    A.ProgressBar,
}


@pytest.fixture
def window(qtbot, seed_path):
    w = open_window(qtbot, seed_path, size=(1400, 900), wait_ms=WAIT_MS)
    yield w
    w.close()


def _unnamed(iface, path: str = "", depth: int = 0) -> list[str]:
    """The visible interactive elements under ``iface`` that a screen reader could not name."""
    out = []
    for k in range(iface.childCount()):
        child = iface.child(k)
        if child is None or child.state().invisible:
            continue
        role = child.role()
        where = f"{path}/{role.name}"
        if role in INTERACTIVE and not child.text(QAccessible.Text.Name).strip():
            out.append(f"{where} ({child.object().metaObject().className() if child.object() else '?'})")
        if depth < 30 and role not in (A.List, A.Tree, A.Table):  # rows are named by their text
            out += _unnamed(child, where, depth + 1)
    return out


def test_every_interactive_widget_has_an_accessible_name(qtbot, window):
    # everything on screen at once: a filter, the find bar with text, the library, the table
    carter = next(c for c in window.controller.analysis.canonical if "Carter" in c.name)
    window.controller.toggle_entity(carter.id, add=False)
    window.find_bar.open_bar()
    window.find_bar.edit.setText("Carter")
    window.library_dock.show()
    window.show_figures_table(True)
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None and root.text(QAccessible.Text.Name) == window.windowTitle()
    missing = _unnamed(root)
    panel = window.library_panel
    for k in range(1, panel.tabs.count()):  # the library's other views
        panel.tabs.setCurrentIndex(k)
        missing += _unnamed(root)
    assert not missing, missing
    # the article's text itself is exposed, for a screen reader to read
    article = QAccessible.queryAccessibleInterface(window.article_view)
    text = article.textInterface()
    assert text is not None and "Carter" in text.text(0, text.characterCount())


def test_menus_show_the_navigation_shortcuts(window):
    shortcuts = {
        window.act_next_quote: "Ctrl+J",
        window.act_prev_quote: "Ctrl+Shift+J",
        window.act_next_entity: "Ctrl+K",
        window.act_next_figure: "Ctrl+U",
        window.act_filter: "Ctrl+L",
        window.act_export: "Ctrl+E",
        window.act_table: "Ctrl+T",
    }
    in_menus = set()
    for top in window.menuBar().actions():
        in_menus |= set(top.menu().actions())
    for act, key in shortcuts.items():
        assert act.shortcut() == QKeySequence(key), act.text()
        assert act in in_menus, act.text()  # where the shortcut is shown beside its name


def test_keyboard_steps_through_quotes_entities_and_figures(qtbot, window):
    view = window.article_view
    analysis = window.controller.analysis
    lst = window.quotes_panel.list

    def visible(start: int) -> bool:
        cursor = QTextCursor(view.document())
        cursor.setPosition(doc_position(view, start))
        return view.viewport().rect().contains(view.cursorRect(cursor).center())

    view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert lst.currentRow() == 1 and lst.hasFocus()
    assert window.tabs.currentWidget() is window.quotes_panel
    second = lst.item(1).data(Qt.ItemDataRole.UserRole + 1)
    assert visible(second.start)
    qtbot.keyClick(
        window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert lst.currentRow() == 0
    # the last quote: the list's own end, far down the article
    window.step_quote(-1)
    last = lst.item(lst.count() - 1).data(Qt.ItemDataRole.UserRole + 1)
    assert lst.currentRow() == lst.count() - 1 and visible(last.start)

    # entities: Ctrl+K makes one current and shows its first mention; Enter filters to it
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    item = window.entities_panel.currentItem()
    eid = item.data(0, Qt.ItemDataRole.UserRole + 1)
    ent = analysis.entity(eid)
    assert window.entities_panel.hasFocus() and visible(min(m.start for m in ent.mentions))
    qtbot.keyClick(window.entities_panel, Qt.Key.Key_Return)
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)
    assert window.controller.selection.entity_ids == frozenset({eid})
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.controller.selection.filtered

    # figures, in text order
    figures = sorted(analysis.figures, key=lambda f: f.start)
    window.step_figure(+1)
    window.step_figure(+1)
    window.step_figure(+1)
    assert visible(figures[2].start)
    window.step_figure(-1)
    assert "Figure 2 of" in window.statusBar().currentMessage()


def test_ctrl_l_opens_the_filter_and_space_on_a_quote_filters_to_its_speaker(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    tree = window.entities_panel
    assert tree.hasFocus() and tree.currentItem() is not None
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    chosen = tree.currentItem().data(0, Qt.ItemDataRole.UserRole + 1)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)
    assert window.controller.selection.entity_ids == frozenset({chosen})
    window.controller.clear_filter()
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)
    lst = window.quotes_panel.list
    window.step_quote(+1)
    quote = lst.currentItem().data(Qt.ItemDataRole.UserRole + 1)
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)
    assert quote.speaker_id in window.controller.selection.entity_ids


def test_filtering_to_an_entity_scrolls_to_its_first_mention(qtbot, window):
    analysis = window.controller.analysis
    view = window.article_view
    ent = max(analysis.canonical, key=lambda c: min(m.start for m in c.mentions))  # named late
    view.verticalScrollBar().setValue(0)
    window.entities_panel.entityClicked.emit(ent.id, False)
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)
    first = min(m.start for m in ent.mentions)
    cursor = QTextCursor(view.document())
    cursor.setPosition(doc_position(view, first))
    assert view.viewport().rect().contains(view.cursorRect(cursor).center())


def test_figures_table_lists_every_figure_and_shows_it_in_the_text(qtbot, window):
    window.show_figures_table(True)
    table = window.chart.table
    figures = sorted(window.controller.analysis.figures, key=lambda f: f.start)
    assert table.isVisible() and not window.chart.stack.isVisible()
    assert table.rowCount() == len(figures)
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [f.text for f in figures]
    with qtbot.waitSignal(window.chart.figureClicked) as got:
        table.setCurrentCell(len(figures) - 1, 0)
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert tuple(got.args) == (figures[-1].start, figures[-1].end)
    # a filter narrows the table as it narrows the chart
    carter = next(c for c in window.controller.analysis.canonical if "Carter" in c.name)
    window.controller.toggle_entity(carter.id, add=False)
    qtbot.waitUntil(window.is_idle, timeout=WAIT_MS)
    assert table.rowCount() == len(window.view.figures) < len(figures)
    window.show_figures_table(False)
    assert not table.isVisible() and window.chart.stack.isVisible()


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    c = colour.lstrip("#")
    r, g, b = (int(c[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_text_on_every_highlight_meets_wcag_aa(palette):
    """4.5:1 for the text on every category's tint, on a quote's, and on both together, in the
    light and the dark theme (the theme's own paper and ink); a dimmed highlight (a filter's
    background) still 3:1, the large-text level, since it is meant to recede."""
    colours = theme.LIGHT if palette == "light" else theme.DARK
    paper, ink = colours[theme.R.Base], colours[theme.R.Text]
    for cat in [*RANK, None]:
        for quote in (None, ON):
            if cat is None and quote is None:
                continue
            lk = look(Run(0, 1, cat, ON if cat else None, quote), paper, ink)
            ratio = contrast(lk.foreground or ink, lk.background or paper)
            assert ratio >= 4.5, (palette, cat, quote, round(ratio, 2))
        if cat is not None:
            lk = look(Run(0, 1, cat, DIM), paper, ink)
            assert contrast(lk.foreground or ink, lk.background or paper) >= 3.0, (palette, cat)
    # the legend's chips: the window text on each tint
    window_text = colours[theme.R.WindowText]
    for cat in Category:
        tint = STYLES[cat].dark_bg if palette == "dark" else STYLES[cat].light_bg
        assert contrast(window_text, tint) >= 4.5, (palette, cat)


def test_mixed_quotes_are_shown_as_written_in_the_panel_and_the_library():
    """Quotation marks only around the words the speaker said: a mixed quote is never wrapped
    in marks of its own (which would read as word for word), a direct one always is."""
    from reader.core.model import Quote
    from reader.library import QuoteRow
    from reader.ui.library_panel import quote_cell
    from reader.ui.quotes_panel import quote_body

    mixed = Quote(text='it was not just an issue for "gig economy" workers', start=0, end=50, kind="mixed")
    direct = Quote(text="We will pay.", start=0, end=12, kind="direct")
    assert quote_body(mixed) == mixed.text and quote_body(direct) == "“We will pay.”"
    fields = {f: None for f in QuoteRow.__dataclass_fields__}
    row = QuoteRow(**{**fields, "text": mixed.text, "kind": "mixed"})
    assert quote_cell(row) == mixed.text
    assert quote_cell(QuoteRow(**{**fields, "text": "We will pay.", "kind": "direct"})) == "“We will pay.”"


def test_window_tells_when_a_page_gave_almost_no_text(qtbot, window, tmp_path):
    page = tmp_path / "gallery.html"
    page.write_text(
        "<html><head><title>Gallery</title></head><body><figure><img src='x.jpg'><figcaption>The mayor "
        "of Port Alder opens the new flood barrier.</figcaption></figure></body></html>",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.analysisShown, timeout=WAIT_MS):
        window.open_path(str(page))
    assert window.message_bar.isVisible()
    assert "words of text found in the page" in window.message_bar.text.text()
    assert window.article_view.toPlainText().strip()  # the text is shown all the same


def test_library_opens_at_a_good_height_after_a_layout_saved_without_it(qtbot):
    """A layout saved while the Library was hidden used to give it three rows when it was shown
    next; it opens at a good share of the window, the article above it still readable."""
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(1400, 900)
    first.show()
    qtbot.waitExposed(first)
    first.close()  # saves the layout, the dock hidden
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.library_dock.show()
    qtbot.waitUntil(lambda: w.library_dock.height() >= 0.3 * w.height(), timeout=5000)
    assert w.article_view.height() >= 0.3 * w.height()
    w.close()
