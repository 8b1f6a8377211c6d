"""The entities list: grouped by category, each entity with its mention count."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from reader.core.categories import STYLES, Category
from reader.core.model import Analysis
from reader.core.selection import Selection, display_category, speaker_ids
from reader.ui.slices import slicer

ID_ROLE = Qt.ItemDataRole.UserRole + 1
FILL_BATCH = 300  # entities added at once; the rest in slices (reader.ui.slices)
FILL_STEP = 80  # entities added per step of the slices
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
GROUPS = (Category.SPEAKER, Category.PERSON, Category.ORGANIZATION, Category.PLACE)
GROUP_TITLES = {
    Category.SPEAKER: "Speakers",
    Category.PERSON: "People",
    Category.ORGANIZATION: "Organizations",
    Category.PLACE: "Places",
}


CORRECTED_MARK = "✎"  # after the name of an entity a reader corrected (type, merge)


def swatch(category: Category, size: int = 12) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(STYLES[category].base))
    p.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    p.end()
    return QIcon(pm)


class EntitiesPanel(QTreeWidget):
    entityClicked = Signal(str, bool)  # canonical id, add (Ctrl)
    entityMenuRequested = Signal(str, QPoint)  # canonical id, where (global): its corrections menu

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["Name", "Mentions"])
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        # one row selected: where the keyboard is (the filter is shown in bold, not by selection)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QTreeWidget.Shape.NoFrame)
        self.setIndentation(14)
        self.setMouseTracking(True)
        self.setAccessibleName("Entities")
        self.setAccessibleDescription(
            "People, organizations and places of the article with their mention counts. Enter or "
            "Space filters to an entity, Ctrl+Enter adds it to the filter."
        )
        self._modifiers = Qt.KeyboardModifier.NoModifier
        self.itemClicked.connect(self._on_item_clicked)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_menu)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._marked: dict[str, tuple[bool, bool]] = {}  # id -> (chosen, dimmed) as drawn
        self._selection = Selection()  # the latest marked

    def keyPressEvent(self, event) -> None:
        """Enter or Space on an entity filters to it (with Ctrl: adds it), as a click does."""
        item = self.currentItem()
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if event.key() in keys and item is not None and item.data(0, ID_ROLE):
            add = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.entityClicked.emit(item.data(0, ID_ROLE), add)
            return
        super().keyPressEvent(event)

    def _on_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos) or self.currentItem()
        if item is None or not item.data(0, ID_ROLE):
            return
        if self.itemAt(pos) is None:  # the menu key: beside the current row
            pos = self.visualItemRect(item).center()
        self.entityMenuRequested.emit(item.data(0, ID_ROLE), self.viewport().mapToGlobal(pos))

    def entity_items(self) -> list[QTreeWidgetItem]:
        """The entity rows, in the order shown (the groups' headings left out)."""
        out: list[QTreeWidgetItem] = []
        for g in range(self.topLevelItemCount()):
            group = self.topLevelItem(g)
            if group is not None:
                out.extend(c for k in range(group.childCount()) if (c := group.child(k)) is not None)
        return out

    def mousePressEvent(self, event) -> None:
        self._modifiers = event.modifiers()
        super().mousePressEvent(event)

    def set_analysis(self, analysis: Analysis | None, selection: Selection) -> None:
        self.setUpdatesEnabled(False)
        try:
            self._fill(analysis, selection)
        finally:
            self.setUpdatesEnabled(True)

    def _fill(self, analysis: Analysis | None, selection: Selection) -> None:
        self.clear()
        self._items = {}
        self._marked = {}
        if analysis is None:
            return
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        speakers = speaker_ids(analysis)
        pending: list = []
        for cat in GROUPS:
            if cat in selection.hidden:
                continue
            ents = [c for c in analysis.canonical if display_category(c.category, c.id, speakers) is cat]
            if not ents:
                continue
            ents.sort(key=lambda c: (-c.count, c.name.lower()))
            group = QTreeWidgetItem([f"{GROUP_TITLES[cat]}", str(len(ents))])
            group.setIcon(0, swatch(cat))
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setToolTip(1, f"{len(ents)} distinct")
            group.setTextAlignment(1, _RIGHT)
            group.setForeground(1, QBrush(self.palette().color(self.palette().ColorRole.PlaceholderText)))
            self.addTopLevelItem(group)
            group.setExpanded(True)
            pending.append((group, cat, ents))
        self._add_children(pending, FILL_BATCH)
        self.mark_selection(selection)
        if pending:
            slicer().start((self, "fill"), self._add_rest(pending))
        else:
            slicer().cancel((self, "fill"))

    def _add_rest(self, pending: list) -> Iterator[None]:
        """The entities after the first ``FILL_BATCH``, added in slices (an article with thousands
        of names never holds the window), then marked with the latest selection (the user may
        have chosen an entity meanwhile)."""
        while pending:
            self._add_children(pending, FILL_STEP)
            yield
        self.mark_selection(self._selection)

    def _add_children(self, pending: list, budget: int) -> None:
        """Moves up to ``budget`` entities from ``pending`` (group, category, entities) into their
        groups."""
        while pending and budget > 0:
            group, cat, ents = pending[0]
            take, rest = ents[:budget], ents[budget:]
            group.addChildren([self._entity_item(c, cat) for c in take])
            budget -= len(take)
            if rest:
                pending[0] = (group, cat, rest)
            else:
                pending.pop(0)

    def _entity_item(self, c, cat: Category) -> QTreeWidgetItem:
        item = QTreeWidgetItem([f"{c.name}  {CORRECTED_MARK}" if c.corrected else c.name, str(c.count)])
        item.setData(0, ID_ROLE, c.id)
        item.setTextAlignment(1, _RIGHT)
        others = sorted({m.text for m in c.mentions} - {c.name})
        tip = f"<b>{c.name}</b> · {STYLES[cat].label} · {c.count} mention{'s' if c.count != 1 else ''}"
        if others:
            tip += "<br>also: " + ", ".join(others[:8])
        if c.corrected:
            tip += "<br>corrected by a reader"
        item.setToolTip(0, tip + "<br><i>Click to filter, Ctrl+click to add; right-click to correct</i>")
        self._items[c.id] = item
        self._marked[c.id] = (False, False)
        return item

    def mark_selection(self, selection: Selection) -> None:
        self._selection = selection
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.Bold)
        for eid, item in self._items.items():
            chosen = eid in selection.entity_ids
            dim = selection.filtered and not chosen
            if self._marked.get(eid) == (chosen, dim):
                continue  # drawn like this already
            self._marked[eid] = (chosen, dim)
            item.setFont(0, bold if chosen else self.font())
            item.setFont(1, bold if chosen else self.font())
            colour = self.palette().color(
                self.palette().ColorRole.PlaceholderText if dim else self.palette().ColorRole.Text
            )
            item.setForeground(0, QBrush(colour))
            item.setForeground(1, QBrush(colour))

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        eid = item.data(0, ID_ROLE)
        if eid:
            add = bool(self._modifiers & Qt.KeyboardModifier.ControlModifier)
            self.entityClicked.emit(eid, add)
