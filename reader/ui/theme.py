"""Palettes: the system one by default, or an explicit light/dark Fusion palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication

from reader.core.categories import STYLES, Category

_U = QTextCharFormat.UnderlineStyle
UNDERLINES = {  # reader.core.highlights.LINES as Qt draws them ("overline" is a font flag)
    "solid": _U.SingleUnderline,
    "dashed": _U.DashUnderline,
    "wavy": _U.WaveUnderline,
    "dotted": _U.DotLine,
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def highlight_bg(category: Category, palette: QPalette | None = None) -> QColor:
    st = STYLES[category]
    return QColor(st.dark_bg if is_dark(palette) else st.light_bg)


def base_colour(category: Category) -> QColor:
    return QColor(STYLES[category].base)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved towards ``b`` by ``t`` (0..1)."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def _palette(colours: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    pal = QPalette()
    for role, value in colours.items():
        pal.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return pal


R = QPalette.ColorRole

LIGHT = {
    R.Window: "#F3F3F1",
    R.WindowText: "#1D1F21",
    R.Base: "#FFFFFF",
    R.AlternateBase: "#F6F6F4",
    R.Text: "#1D1F21",
    R.Button: "#F3F3F1",
    R.ButtonText: "#1D1F21",
    R.Highlight: "#2F6FA7",
    R.HighlightedText: "#FFFFFF",
    R.ToolTipBase: "#FFFFF4",
    R.ToolTipText: "#1D1F21",
    R.PlaceholderText: "#8A8F94",
    R.Link: "#1C5F9A",
    R.Mid: "#C9CBCD",
    R.Midlight: "#E3E4E5",
    R.Dark: "#A0A3A6",
    R.Light: "#FFFFFF",
}

DARK = {
    R.Window: "#25272A",
    R.WindowText: "#E3E4E6",
    R.Base: "#1C1D20",
    R.AlternateBase: "#232528",
    R.Text: "#E3E4E6",
    R.Button: "#2D3034",
    R.ButtonText: "#E3E4E6",
    R.Highlight: "#3D7CB8",
    R.HighlightedText: "#FFFFFF",
    R.ToolTipBase: "#2D3034",
    R.ToolTipText: "#E3E4E6",
    R.PlaceholderText: "#7D8288",
    R.Link: "#7FB5E6",
    R.Mid: "#45484D",
    R.Midlight: "#383B40",
    R.Dark: "#141517",
    R.Light: "#4A4D52",
}


_system: dict[str, str] = {}  # the style the desktop gave the application, before ours


def system_style() -> str | None:
    """The name of the style the desktop gave the application (None before ``apply_theme`` ran):
    the one "follow the system" puts back."""
    return _system.get("style")


def apply_theme(app: QApplication, theme: str | None) -> None:
    """``"light"`` or ``"dark"`` force a Fusion palette; anything else follows the system (and
    puts its look back after a forced theme)."""
    _system.setdefault("style", app.style().name())
    if theme not in ("light", "dark"):
        if app.style().name() != _system["style"] or _system.get("forced"):
            app.setStyle(_system["style"])
            app.setPalette(app.style().standardPalette())
            _system.pop("forced", None)
        return
    _system["forced"] = theme
    app.setStyle("Fusion")
    colours, disabled = (DARK, "#6E7378") if theme == "dark" else (LIGHT, "#9A9EA2")
    app.setPalette(_palette(colours, disabled))
