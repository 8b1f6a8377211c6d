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
