"""View > Theme: light, dark, follow the system; remembered in the (test's own) settings."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from reader.ui import theme
from reader.ui.settings import saved_theme
from reader.ui.window import MainWindow


def _names(window: MainWindow) -> dict[str, object]:
    return {act.data(): act for act in window.theme_actions.actions()}


def test_ui_theme_menu_switches_and_remembers(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    acts = _names(window)
    assert set(acts) == {"light", "dark", "system"}
    assert [a.text().replace("&", "") for a in window.theme_actions.actions()] == [
        "Light",
        "Dark",
        "Follow the System",
    ]
    try:
        acts["dark"].trigger()
        assert theme.is_dark(QApplication.palette())
        assert saved_theme() == "dark"
        assert acts["dark"].isChecked() and not acts["light"].isChecked()
        acts["light"].trigger()
        assert not theme.is_dark(QApplication.palette())
        assert saved_theme() == "light"
        # a new window shows the remembered choice
        again = MainWindow()
        qtbot.addWidget(again)
        assert _names(again)["light"].isChecked()
        acts["system"].trigger()
        assert saved_theme() == "system"
        assert QApplication.style().name().lower() == (theme.system_style() or "").lower()
    finally:
        theme.apply_theme(QApplication.instance(), "light")  # the other tests' look


def test_ui_theme_given_at_start_is_the_one_ticked(qtbot, monkeypatch):
    """`reader --theme dark` ticks Dark, not the remembered "Follow the System"."""
    from reader.ui.app import make_app

    app = QApplication.instance()
    before = app.property("readerTheme")
    try:
        make_app("dark")
        window = MainWindow()
        qtbot.addWidget(window)
        assert _names(window)["dark"].isChecked() and not _names(window)["system"].isChecked()
    finally:
        app.setProperty("readerTheme", before)
        theme.apply_theme(app, "light")


def test_ui_theme_switch_recolours_the_byline(qtbot, tmp_path):
    """The byline (author · date · outlet) takes the new theme's muted colour when the theme
    changes while an article is shown (it kept the old one: dark grey on dark)."""
    from PySide6.QtGui import QPalette, QTextCursor

    from reader.core.model import Article, Block

    window = MainWindow()
    qtbot.addWidget(window)
    text = "A headline here\n\nThe body of the article, long enough to be a paragraph."
    article = Article(
        text=text,
        blocks=(Block("heading", 0, 15, 1), Block("paragraph", 17, len(text))),
        author="Ann Writer",
        date="2026-12-07",
    )
    view = window.article_view
    view.set_article(article)
    qtbot.waitUntil(lambda: not view.building, timeout=10_000)

    def byline_colour():
        found = view.document().find("Ann Writer")
        assert not found.isNull()
        cur = QTextCursor(found)
        cur.setPosition(found.selectionStart() + 1)
        return cur.charFormat().foreground().color().name()

    acts = _names(window)
    try:
        acts["light"].trigger()
        light = byline_colour()
        acts["dark"].trigger()
        qtbot.waitUntil(lambda: byline_colour() != light, timeout=5_000)
        assert byline_colour() == view.palette().color(QPalette.ColorRole.PlaceholderText).name()
    finally:
        acts["light"].trigger()
