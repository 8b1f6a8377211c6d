"""The figures chart: one pyqtgraph bar chart per comparison (figures of what the same thing
measures, in one unit), horizontal bars each labelled with what it measures and its value
("atypical contracts −16.1%"), over a value axis whose ticks carry their scale ("40M"); changes
diverge from zero (falls to the left); a log scale when the values span more than two orders of
magnitude. Under it, the figures no comparison holds, as a list of links to the text.

What is charted comes from ``reader.report.chart`` (Qt-free), the same as the exports: the
comparisons in ``chart_series`` order (the default first: the largest), the bars of
``chart_points``, the list of ``single_figures``, and the caption's count from ``coverage``.

pyqtgraph (and numpy under it) is imported only when the first bars are drawn, so the
window appears before it is loaded; the worker thread imports it in the background.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reader.core.categories import STYLES, Category
from reader.report.chart import (
    Point,
    Series,
    Single,
    axis_label,
    chart_data,
    chart_points,
    coverage,
    default_series,
    format_number,
    log_floor,
    log_ticks,
    point_text,
    table_value,
    tick_text,
    use_log_scale,
)
from reader.ui import theme
from reader.ui.slices import slicer

if TYPE_CHECKING:
    import pyqtgraph as pg

BAR_HEIGHT = 0.42
MIN_ROWS = 2  # the plot is never shorter than this many rows
AXIS_PX = 44  # the value axis under the bars: ticks and its title
LABEL_BATCH = 6  # bar labels added at once; the rest one per step of the slices (reader.ui.slices)
_LIST_ONLY = "(single figures)"  # the selector's entry when no comparison is the default
TABLE_COLUMNS = ("Figure", "Value", "Unit", "What it measures")  # View > Figures as a Table

# The comparisons of the last analysis, worked out on the window's worker thread when it arrives
# (``precompute``): for a long article grouping its figures is tens of milliseconds of Python, a GUI
# stall if done when the panel is filled. Keyed by the figures and quotes themselves (the cache
# holds them, so their ids stay theirs).
_precomputed: tuple[tuple[tuple[int, ...], tuple[int, ...]], tuple[list, list]] | None = None


def _key(figures, quotes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(map(id, figures)), tuple(map(id, quotes))


def precompute(figures, quotes) -> None:
    """Works out :func:`chart_data` for these figures and quotes now (any thread), for the panel
    to take when it is filled with the same ones."""
    global _precomputed
    figures, quotes = tuple(figures), tuple(quotes)
    _precomputed = (_key(figures, quotes), chart_data(figures, quotes))


def _chart_data(figures, quotes) -> tuple[list, list]:
    done = _precomputed
    if done is not None and done[0] == _key(figures, quotes):
        return done[1]
    return chart_data(figures, quotes)


class ChartPanel(QWidget):
    figureClicked = Signal(int, int)  # article offsets of the figure
    figureMenuRequested = Signal(int, int, QPoint)  # a figure's offsets, where (global): its corrections

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.series: list[Series] = []
        self.points: tuple[Point, ...] = ()
        self.singles: list[Single] = []
        self.log_scale = False
        self._figures: tuple = ()
        self._total = 0
        self._filtered = False
        self._hidden = False
        self._x0 = 0.0  # where the bars start (0, or a decade's log10 on a log scale)
        self._ends: list[float] = []  # where each bar ends, in view coordinates
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        head = QHBoxLayout()
        head.setContentsMargins(10, 6, 8, 6)
        self.caption = QLabel("Figures")
        self.caption.setObjectName("panelCaption")
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.selector = QComboBox()
        self.selector.setToolTip("Which comparison to chart (the first is the largest)")
        self.selector.setAccessibleName("Comparison charted")
        # the items' whole names are shown: the box is as wide as its longest item
        self.selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.selector.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.selector.currentIndexChanged.connect(self._on_series_changed)
        head.addWidget(self.caption, 1)
        head.addWidget(self.selector, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(head)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)
        self.empty = QLabel("No figures in this article")
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.plot: pg.PlotWidget | None = None  # built on first use: see _ensure_plot
        self.scroll_area = QScrollArea()  # (not "scroll": QWidget.scroll is a method)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.scroll_area)
        # the figures no comparison holds: links to the text, under the chart (or alone)
        self.list_label = QLabel()
        self.list_label.setObjectName("singleFigures")
        self.list_label.setWordWrap(True)
        self.list_label.setTextFormat(Qt.TextFormat.RichText)
        self.list_label.setContentsMargins(10, 4, 10, 8)
        self.list_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.list_label.linkActivated.connect(self._on_single_clicked)
        self.list_label.setAccessibleName("Single figures")
        lay.addWidget(self.list_label)
        # the chart's alternative for keyboard and screen-reader users: every figure as a row
        self.table = QTableWidget(0, len(TABLE_COLUMNS))
        self.table.setObjectName("figuresTable")
        self.table.setHorizontalHeaderLabels(list(TABLE_COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_menu)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Figures table")
        self.table.setAccessibleDescription(
            "Every figure of the article in text order: as written, its value, its unit and what it "
            "measures. Enter shows the figure in the text."
        )
        self.table.itemActivated.connect(self._on_row_activated)
        self.table.cellClicked.connect(lambda row, _col: self._on_row_activated(self.table.item(row, 0)))
        self.table.hide()
        lay.addWidget(self.table, 1)
        self.as_table = False
        self.bars: pg.BarGraphItem | None = None
        self._labels: list[pg.TextItem] = []
        self._extras: list = []  # other items drawn with the bars (a diverging chart's zero line)
        self._label_x = 0.0  # where the labels start (the left end of the value range)
        self._ticks: list[tuple[float, str]] = []  # the value axis' fixed ticks (a log scale's)
        self.set_figures((), total=0)

    def prepare(self) -> None:
        """Builds the (empty) plot ahead of the first figures, once pyqtgraph is imported."""
        self._ensure_plot()

    def _ensure_plot(self) -> pg.PlotWidget:
        if self.plot is not None:
            return self.plot
        import pyqtgraph as pg

        plot = self.plot = pg.PlotWidget(axisItems={"bottom": _value_axis()})
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.getViewBox().invertY(True)
        plot.getAxis("bottom").enableAutoSIPrefix(False)
        plot.getPlotItem().layout.setContentsMargins(4, 6, 18, 2)
        plot.getAxis("bottom").setStyle(hideOverlappingLabels=False)  # "0" at the edge too
        plot.setMouseTracking(True)
        plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        plot.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        box = QWidget()  # the plot keeps its height (the axis right under the bars); room below
        box.setBackgroundRole(QPalette.ColorRole.Base)
        box.setAutoFillBackground(True)
        box_lay = QVBoxLayout(box)
        box_lay.setContentsMargins(0, 0, 0, 0)
        box_lay.addWidget(plot)
        box_lay.addStretch(1)
        self.scroll_area.setWidget(box)
        plot.installEventFilter(self)
        plot.setAcceptDrops(False)  # files dropped on the chart go to the window
        plot.setAccessibleName("Figures chart: bars")
        plot.setAccessibleDescription("Also as a table: View > Figures as a Table (Ctrl+T)")
        return plot

    # --- data -------------------------------------------------------------------------

    def set_figures(
        self, figures, *, quotes=(), total: int, filtered: bool = False, hidden: bool = False
    ) -> None:
        for _ in self.fill(figures, quotes=quotes, total=total, filtered=filtered, hidden=hidden):
            pass

    def fill(
        self, figures, *, quotes=(), total: int, filtered: bool = False, hidden: bool = False
    ) -> Iterator[None]:
        """:meth:`set_figures` in three steps (the comparisons, the list of single figures, the
        plot), for the GUI's slices: a long article's chart is never one long stall."""
        current = self.selector.currentData()
        self._figures = tuple(figures)
        self._total, self._filtered, self._hidden = total, filtered, hidden
        self.series, singles = _chart_data(self._figures, tuple(quotes))
        self.singles = singles if not hidden else []
        self.selector.blockSignals(True)
        self.selector.clear()
        for s in self.series:
            self.selector.addItem(f"{s.title} ({len(s.points)})", s.key)
        if self.series and default_series(self.series) is None:
            self.selector.insertItem(0, "single figures only", _LIST_ONLY)
        keep = self.selector.findData(current) if current is not None else -1
        self.selector.setCurrentIndex(max(keep, 0))
        self.selector.blockSignals(False)
        self.selector.setVisible(self.selector.count() > 1)
        yield
        self._fill_list()
        if self.as_table:
            self._fill_table()
        yield
        if hidden:
            self.empty.setText("Figures are hidden (see the legend)")
        elif self._figures:
            self.empty.setText("Nothing to compare: each figure measures something else (listed below)")
        elif filtered:
            self.empty.setText("No figures near the selection")
        else:
            self.empty.setText("No figures in this article")
        self._draw()

    def _update_caption(self) -> None:
        """The caption: "Figures · 9 · 3 charted, 4 listed below, 2 in other comparisons"."""
        found = len(self._figures)
        if self._hidden:
            self.caption.setText("Figures are hidden")
            return
        series = self.current_series()
        cover = coverage(self._figures, [(series, self.points)] if series else [])
        where = " near the selection" if self._filtered else ""
        if not found:
            self.caption.setText(f"Figures · 0 of {self._total}" if self._filtered else "Figures")
            return
        listed = sum(1 + s.repeats for s in self.singles)
        elsewhere = cover.not_charted - listed - cover.conversions - cover.smaller
        parts = [f"{cover.charted} charted"] if cover.charted else []
        if listed:
            parts.append(f"{listed} listed below")
        if elsewhere > 0:
            parts.append(f"{elsewhere} in other comparisons")
        if cover.smaller:
            parts.append(f"{cover.smaller} smaller not drawn")
        if cover.conversions:
            parts.append(f"{cover.conversions} conversion{'s' if cover.conversions > 1 else ''}")
        total = f" of {self._total}" if self._filtered else ""
        self.caption.setText(f"Figures{where} · {found}{total} · " + ", ".join(parts))

    def current_series(self) -> Series | None:
        key = self.selector.currentData()
        return next((s for s in self.series if s.key == key), None)

    def show_table(self, on: bool) -> None:
        """The figures as a table (every figure, in text order) instead of the chart and its list."""
        self.as_table = on
        self.stack.setVisible(not on)
        self.table.setVisible(on)
        self._fill_list()
        if on:
            self._fill_table()

    def _fill_table(self) -> None:
        figures = sorted(self._figures, key=lambda f: f.start) if not self._hidden else []
        self.table.setRowCount(len(figures))
        for row, f in enumerate(figures):
            of = f"{f.of or ''}  ✎" if f.corrected else f.of or ""  # (what a reader corrected)
            cells = (f.text or format_number(f.value), table_value(f), f.unit or "", of)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, (f.start, f.end))
                if col == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(
            len(TABLE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )

    def _on_table_menu(self, pos: QPoint) -> None:
        item = self.table.itemAt(pos) or self.table.currentItem()
        first = self.table.item(item.row(), 0) if item is not None else None
        span = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
        if span:
            if self.table.itemAt(pos) is None and item is not None:  # the menu key
                pos = self.table.visualItemRect(item).center()
            self.figureMenuRequested.emit(span[0], span[1], self.table.viewport().mapToGlobal(pos))

    def _on_row_activated(self, item: QTableWidgetItem | None) -> None:
        if item is None:
            return
        first = self.table.item(item.row(), 0)
        span = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
        if span:
            self.figureClicked.emit(*span)

    def _fill_list(self) -> None:
        if not self.singles or self.as_table:
            self.list_label.hide()
            return
        muted = theme.mix(
            self.palette().color(QPalette.ColorRole.Text), self.palette().color(QPalette.ColorRole.Base), 0.35
        )
        items = " · ".join(
            f'<a href="fig:{k}" style="text-decoration: none">{html.escape(s.label)}</a>'
            for k, s in enumerate(self.singles)
        )
        what = "Single figure" if len(self.singles) == 1 else "Single figures"
        self.list_label.setText(f'<span style="color: {muted.name()}">{what}:</span> {items}')
        self.list_label.setToolTip(
            "Figures with nothing to compare them with; click one to show it in the text"
        )
        self.list_label.show()

    def _on_single_clicked(self, href: str) -> None:
        k = int(href.removeprefix("fig:"))
        if 0 <= k < len(self.singles):
            self.figureClicked.emit(self.singles[k].start, self.singles[k].end)

    def _on_series_changed(self, _index: int) -> None:
        self._draw()

    # --- drawing ----------------------------------------------------------------------

    def _draw(self) -> None:
        series = self.current_series()
        if self.plot is not None:
            item = self.plot.getPlotItem()
            for lab in [*self._labels, *self._extras]:
                item.removeItem(lab)
            if self.bars is not None:
                item.removeItem(self.bars)
        self._labels, self._extras = [], []
        slicer().cancel((self, "labels"))  # those of the bars just removed
        self.bars = None
        self.points = chart_points(series) if series is not None else ()
        self._update_caption()
        if series is None or not self.points:
            self.stack.setCurrentWidget(self.empty)
            return
        import pyqtgraph as pg

        plot = self._ensure_plot()
        item = plot.getPlotItem()
        self.stack.setCurrentWidget(self.scroll_area)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        muted = theme.mix(text, base, 0.35)
        plot.setBackground(base)
        accent = QColor(STYLES[Category.FIGURE].base)
        brushes, pens = [], []
        for p in self.points:
            fill = accent if not p.qualifier else theme.mix(accent, base, 0.45)
            brushes.append(pg.mkBrush(fill))
            pens.append(pg.mkPen(accent, width=1))
        n = len(self.points)
        values = [float(p.value) for p in self.points]
        self.log_scale = not series.diverging and use_log_scale(values)
        axis = item.getAxis("bottom")
        axis.series = series  # the ticks' currency sign or "%"
        starts = [0.0] * n
        if self.log_scale:
            lo, hi = min(values), max(values)
            self._x0 = float(log_floor(lo))
            starts = [self._x0] * n
            self._ends = [math.log10(v) for v in values]
            lo_x, hi_x = self._x0, math.log10(hi)
            self._ticks = [(math.log10(t), tick_text(t, series)) for t in log_ticks(lo, hi)]
            axis.setTicks([self._ticks, []])
        else:
            self._x0 = 0.0
            self._ends = values
            lo_x, hi_x = min(0.0, *values), max(0.0, *values)
            if lo_x == hi_x:
                hi_x = 1.0
            self._ticks = []
            axis.setTicks(None)
        axis.setLabel(axis_label(series, self.log_scale))
        axis.setPen(pg.mkPen(muted))
        axis.setTextPen(pg.mkPen(muted))
        self.bars = pg.BarGraphItem(
            x0=[min(a, b) for a, b in zip(starts, self._ends, strict=True)],
            y=list(range(n)),
            height=BAR_HEIGHT,
            width=[abs(b - a) for a, b in zip(starts, self._ends, strict=True)],
            brushes=brushes,
            pens=pens,
        )
        self._label_x = lo_x
        item.addItem(self.bars)
        # labels: the figure with its qualifier and unit, left-aligned above the bar; a few now, the
        # rest a few per event-loop turn (adding an item to a plot costs a few milliseconds)
        todo = list(enumerate(self.points))
        self._add_labels(todo[:LABEL_BATCH], text)
        if len(todo) > LABEL_BATCH:
            slicer().start((self, "labels"), self._add_rest(todo[LABEL_BATCH:], text))
        else:
            slicer().cancel((self, "labels"))
        left = item.getAxis("left")
        left.setTicks([[]])
        item.hideAxis("left")
        span = hi_x - lo_x
        item.setXRange(lo_x - 0.02 * span, hi_x + 0.02 * span, padding=0)  # (the first tick whole)
        if series.diverging:
            item.addItem(self._zero_line(muted))
        plot.setFixedHeight(int(self._row_px() * (max(n, MIN_ROWS) + 0.4) + AXIS_PX))
        self._fit_rows()

    def _add_rest(self, todo: list, colour: QColor) -> Iterator[None]:
        """The labels after the first ``LABEL_BATCH``, one per step (adding an item to a plot
        costs a few milliseconds)."""
        for k in range(len(todo)):
            self._add_labels(todo[k : k + 1], colour)
            yield

    def _add_labels(self, todo: list, colour: QColor) -> None:
        import pyqtgraph as pg

        if self.plot is None:
            return
        item = self.plot.getPlotItem()
        font = QFont(self.font())
        for i, p in todo:
            lab = pg.TextItem(point_text(p), color=colour, anchor=(0, 1))
            lab.setFont(font)
            lab.setPos(self._label_x, i - BAR_HEIGHT / 2 - 0.01)
            item.addItem(lab)
            self._labels.append(lab)

    def _zero_line(self, colour: QColor):
        import pyqtgraph as pg

        line = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(colour, width=1))
        self._extras.append(line)
        return line

    def _row_px(self) -> float:
        return max(QFontMetrics(self.font()).height() * 2.4, 38.0)

    def _fit_rows(self) -> None:
        """Keep a constant row height: few bars stay slim, many bars scroll."""
        n = len(self.points)
        if not n or self.plot is None:
            return
        rows = max(n, MIN_ROWS)
        self.plot.getPlotItem().setYRange(-0.85, rows - 0.45, padding=0)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.plot and event.type() == event.Type.Resize:
            self._fit_rows()
        return super().eventFilter(obj, event)

    # --- interaction ------------------------------------------------------------------

    def _point_at(self, scene_pos: QPointF) -> Point | None:
        if not self.points or self.plot is None:
            return None
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        pos = vb.mapSceneToView(scene_pos)
        i = round(pos.y())
        if 0 <= i < len(self.points) and abs(pos.y() - i) <= 0.5:
            return self.points[i]
        return None

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        plot = self._ensure_plot()  # (the plot's own signal: it is there)
        p = self._point_at(scene_pos)
        if p is None:
            QToolTip.hideText()
            plot.viewport().unsetCursor()
            return
        plot.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        value = format_number(p.value)
        qual = f"<br>qualifier: {p.qualifier}" if p.qualifier else ""
        series = self.current_series()
        unit = series.title if series else ""
        again = f"<br>in the text {p.repeats + 1} times (one bar)" if p.repeats else ""
        tip = f"<b>{p.label}</b><br>value: {value} {unit}{qual}{again}<br><i>Click to show it in the text</i>"
        global_pos = plot.viewport().mapToGlobal(plot.mapFromScene(scene_pos))
        QToolTip.showText(global_pos, tip, plot)

    def _on_mouse_clicked(self, event) -> None:
        p = self._point_at(event.scenePos())
        if p is not None:
            self.figureClicked.emit(p.start, p.end)


def _value_axis() -> pg.AxisItem:
    """A value axis whose ticks carry their scale glued ("20M", "1,500", "$2bn"), built once
    pyqtgraph is imported. A log scale sets its ticks (decades) explicitly."""
    import pyqtgraph as pg

    class ValueAxis(pg.AxisItem):
        series: Series | None = None

        def tickStrings(self, values, scale, spacing):
            return [tick_text(round(v * scale, 9), self.series) for v in values]

    return ValueAxis("bottom")
