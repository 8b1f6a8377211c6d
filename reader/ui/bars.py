"""Small bars around the article: legend, filter, message and find bars."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from reader.core.categories import ORDER, STYLES, Category
from reader.core.highlights import LINES
from reader.ui import theme

LINE_WORDS = {  # how each line is named in tooltips and to screen readers
    "solid": "a solid underline",
    "dashed": "a dashed underline",
    "wavy": "a wavy underline",
    "dotted": "a dotted underline",
    "overline": "a line above",
    None: "no line",
}
ICON = QSize(22, 14)


def line_icon(category: Category, ratio: float = 1.0) -> QIcon:
    """The legend's glyph of a category: its line (``highlights.LINES``) in its colour, drawn as
    the text draws it, so the legend says which line is which without colour."""
    pm = QPixmap(round(ICON.width() * ratio), round(ICON.height() * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    line = LINES[category]
    if line is not None:
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = 2.0 if category is Category.SPEAKER else 1.4  # a speaker is also bolder
        pen = QPen(QColor(STYLES[category].base), width)
        pen.setStyle(
            {"dashed": Qt.PenStyle.DashLine, "dotted": Qt.PenStyle.DotLine}.get(line, Qt.PenStyle.SolidLine)
        )
        p.setPen(pen)
        w, h = ICON.width(), ICON.height()
        y = 2.0 if line == "overline" else h - 3.0
        if line == "wavy":
            path = QPainterPath(QPointF(1, y))
            for k in range(1, 11):
                path.lineTo(QPointF(1 + k * (w - 2) / 10, y - (1.5 if k % 2 else -1.5)))
            p.drawPath(path)
        else:
            p.drawLine(QPointF(1, y), QPointF(w - 1, y))
        p.end()
    return QIcon(pm)


def name_line_edit(edit: QLineEdit, name: str) -> None:
    """Names a line edit for screen readers, and its clear button ("Clear" + the name), which Qt
    leaves unnamed."""
    edit.setAccessibleName(name)
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(f"Clear: {name.lower()}")


class LegendBar(QWidget):
    """One toggle per category; unchecking hides the category everywhere."""

    categoryToggled = Signal(object, bool)  # Category, hidden

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 6, 14, 6)
        lay.setSpacing(4)
        self.buttons: dict[Category, QToolButton] = {}
        for cat in ORDER:
            b = QToolButton()
            b.setObjectName("legendChip")
            b.setCheckable(True)
            b.setChecked(True)
            b.setText(STYLES[cat].label)
            b.setIcon(line_icon(cat, self.devicePixelRatioF()))
            b.setIconSize(ICON)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            drawn = LINE_WORDS[LINES[cat]] + (" and bold" if cat is Category.SPEAKER else "")
            b.setToolTip(
                f"Show or hide {STYLES[cat].label.lower()} highlights everywhere "
                f"(in the text: a tint with {drawn})"
            )
            b.setAccessibleName(f"{STYLES[cat].label} highlights")
            b.setAccessibleDescription(f"Shows or hides them; in the text they have a tint with {drawn}")
            b.setProperty("category", cat.value)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.toggled.connect(lambda checked, c=cat: self.categoryToggled.emit(c, not checked))
            lay.addWidget(b)
            self.buttons[cat] = b
        lay.addStretch(1)
        self.restyle()

    def set_hidden(self, hidden) -> None:
        for cat, b in self.buttons.items():
            b.blockSignals(True)
            b.setChecked(cat not in hidden)
            b.blockSignals(False)

    def restyle(self) -> None:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        window = pal.color(QPalette.ColorRole.Window)
        muted = theme.mix(text, window, 0.5).name()
        rules = []
        for cat, b in self.buttons.items():
            tint = theme.highlight_bg(cat, pal).name()
            base = STYLES[cat].base
            if cat is Category.QUOTE:
                on = f"background:{tint}; border:1px solid {base}; border-bottom:2px dotted {base};"
            else:
                on = f"background:{tint}; border:1px solid {tint};"
            rules.append(
                f"QToolButton#legendChip[category='{cat.value}']:checked {{ {on} color:{text.name()}; }}"
            )
            b.setStyleSheet("")
        sheet = (
            "QToolButton#legendChip { border-radius:9px; padding:2px 9px; margin:0; background:transparent; "
            f"border:1px dashed {theme.mix(text, window, 0.7).name()}; color:{muted}; }}" + "".join(rules)
        )
        self.setStyleSheet(sheet)


class FilterBar(QFrame):
    """Shown while the view is filtered to some entities: chips with a remove button each."""

    removeRequested = Signal(str)
    clearRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.lay = QHBoxLayout(self)
        self.lay.setContentsMargins(14, 5, 10, 5)
        self.lay.setSpacing(6)
        self.caption = QLabel("Filtered to")
        self.lay.addWidget(self.caption)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(4)
        self.lay.addLayout(self.chips)
        self.summary = QLabel()
        self.summary.setObjectName("filterSummary")
        self.lay.addWidget(self.summary)
        self.lay.addStretch(1)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear filter")
        self.clear_button.setToolTip("Show everything again (Esc)")
        self.clear_button.setAccessibleName("Clear the filter")
        self.clear_button.clicked.connect(self.clearRequested)
        self.lay.addWidget(self.clear_button)
        self.hide()

    def set_entities(self, items: list[tuple[str, str, Category]], summary: str) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        for eid, name, cat in items:
            chip = QToolButton()
            chip.setObjectName("filterChip")
            chip.setText(f"{name}  ✕")
            chip.setToolTip(f"Remove {name} from the filter")
            chip.setAccessibleName(f"Remove {name} from the filter")
            tint = theme.highlight_bg(cat, self.palette()).name()
            chip.setStyleSheet(
                f"QToolButton#filterChip {{ background:{tint}; border:1px solid {STYLES[cat].base};"
                " border-radius:9px; padding:1px 8px; }"
            )
            chip.clicked.connect(lambda _=False, e=eid: self.removeRequested.emit(e))
            self.chips.addWidget(chip)
        self.summary.setText(summary)
        self.setVisible(bool(items))


class MessageBar(QFrame):
    """An inline, dismissable message (errors never open a modal dialog)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 8, 8, 8)
        self.icon = QLabel("⚠")
        self.icon.setObjectName("messageIcon")
        self.text = QLabel()
        self.text.setAccessibleName("Message")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.setAccessibleName("Dismiss the message")
        close.clicked.connect(self.hide)
        lay.addWidget(self.icon)
        lay.addWidget(self.text, 1)
        lay.addWidget(close)
        self.hide()

    def show_message(self, message: str, *, kind: str = "error") -> None:
        dark = theme.is_dark(self.palette())
        if kind == "error":
            bg, border = ("#4A2A22", "#D55E00") if dark else ("#FCE9E1", "#D55E00")
            self.icon.setText("⚠")
        else:
            bg, border = ("#1B3A4D", "#56B4E9") if dark else ("#E6F3FB", "#56B4E9")
            self.icon.setText("ℹ")
        self.setStyleSheet(
            f"QFrame#messageBar {{ background:{bg}; border:none; border-left:4px solid {border}; }}"
            f" QLabel#messageIcon {{ color:{border}; font-weight:bold; }}"
        )
        self.text.setText(message)
        self.show()


class FindBar(QFrame):
    findRequested = Signal(str, bool)  # text, backwards
    closed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 5, 8, 5)
        lay.setSpacing(6)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in the article")
        self.edit.setClearButtonEnabled(True)
        name_line_edit(self.edit, "Find in the article")
        self.edit.setMaximumWidth(340)
        self.count = QLabel()
        self.count.setMinimumWidth(90)
        self.prev = QToolButton()
        self.prev.setText("↑")
        self.prev.setToolTip("Previous match (Shift+Enter)")
        self.prev.setAccessibleName("Previous match")
        self.next = QToolButton()
        self.next.setText("↓")
        self.next.setToolTip("Next match (Enter)")
        self.next.setAccessibleName("Next match")
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close (Esc)")
        close.setAccessibleName("Close the find bar")
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.prev)
        lay.addWidget(self.next)
        lay.addWidget(self.count)
        lay.addStretch(1)
        lay.addWidget(close)
        self.edit.textChanged.connect(lambda t: self.findRequested.emit(t, False))
        self.edit.returnPressed.connect(lambda: self.findRequested.emit(self.edit.text(), False))
        self.prev.clicked.connect(lambda: self.findRequested.emit(self.edit.text(), True))
        self.next.clicked.connect(lambda: self.findRequested.emit(self.edit.text(), False))
        back = QShortcut(QKeySequence("Shift+Return"), self.edit)
        back.setContext(Qt.ShortcutContext.WidgetShortcut)
        back.activated.connect(lambda: self.findRequested.emit(self.edit.text(), True))
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_count(self, current: int, total: int, text: str) -> None:
        if not text:
            self.count.setText("")
        elif total == 0:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{current} of {total}")
        bad = bool(text) and total == 0
        colour = "#4A2A22" if theme.is_dark(self.palette()) else "#FCE9E1"
        self.edit.setStyleSheet(f"QLineEdit {{ background: {colour}; }}" if bad else "")
