"""The figures chart: one pyqtgraph bar chart per unit series, horizontal bars labelled
with the figure as written in words ("more than 10,000 air raids").

pyqtgraph (and numpy under it) is imported only when the first bars are drawn, so the
window appears before it is loaded; the worker thread imports it in the background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reader.core.categories import STYLES, Category
from reader.report.chart import Point, Series, chart_series
from reader.ui import theme

if TYPE_CHECKING:
    import pyqtgraph as pg

BAR_HEIGHT = 0.42
MAX_BARS = 60  # a series with more points charts its first MAX_BARS in text order (labels are costly)
MIN_ROWS = 5  # fewer bars keep this row height instead of growing


class ChartPanel(QWidget):
    figureClicked = Signal(int, int)  # article offsets of the figure

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.series: list[Series] = []
        self.points: tuple[Point, ...] = ()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        head = QHBoxLayout()
        head.setContentsMargins(10, 6, 8, 6)
        self.caption = QLabel("Figures")
        self.caption.setObjectName("panelCaption")
        self.selector = QComboBox()
        self.selector.setToolTip("Which unit to chart")
        self.selector.currentIndexChanged.connect(self._on_series_changed)
        head.addWidget(self.caption, 1)
        head.addWidget(self.selector)
        lay.addLayout(head)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)
        self.empty = QLabel("No figures in this article")
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.plot = None  # built on first use: see _ensure_plot
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.scroll)
        self.bars: pg.BarGraphItem | None = None
        self._labels: list[pg.TextItem] = []
        self.set_figures((), total=0)

    def _ensure_plot(self):
        if self.plot is not None:
            return self.plot
        import pyqtgraph as pg

        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getViewBox().invertY(True)
        self.plot.hideAxis("bottom")
        self.plot.getPlotItem().layout.setContentsMargins(4, 6, 14, 6)
        self.plot.setMouseTracking(True)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.scroll.setWidget(self.plot)
        self.plot.installEventFilter(self)
        self.plot.setAcceptDrops(False)  # files dropped on the chart go to the window
        return self.plot

    # --- data -------------------------------------------------------------------------

    def set_figures(self, figures, *, total: int, filtered: bool = False, hidden: bool = False) -> None:
        current = self.selector.currentData()
        self.series = chart_series(tuple(figures))
        self.selector.blockSignals(True)
        self.selector.clear()
        for s in self.series:
            self.selector.addItem(f"{s.title} ({len(s.points)})", s.key)
        keep = self.selector.findData(current) if current is not None else -1
        self.selector.setCurrentIndex(max(keep, 0))
        self.selector.blockSignals(False)
        self.selector.setVisible(len(self.series) > 1)
        n = sum(len(s.points) for s in self.series)
        if hidden:
            self.caption.setText("Figures are hidden")
            self.empty.setText("Figures are hidden (see the legend)")
        elif filtered:
            self.caption.setText(f"Figures · {n} of {total}")
            self.empty.setText("No figures near the selection")
        else:
            self.caption.setText(f"Figures · {n}" if n else "Figures")
            self.empty.setText("No figures in this article")
        self._draw()

    def current_series(self) -> Series | None:
        i = self.selector.currentIndex()
        return self.series[i] if 0 <= i < len(self.series) else None

    def select_series(self, key: str) -> None:
        i = self.selector.findData(key)
        if i >= 0:
            self.selector.setCurrentIndex(i)

    def _on_series_changed(self, _index: int) -> None:
        self._draw()

    # --- drawing ----------------------------------------------------------------------

    def _draw(self) -> None:
        series = self.current_series()
        if self.plot is not None:
            item = self.plot.getPlotItem()
            for lab in self._labels:
                item.removeItem(lab)
            if self.bars is not None:
                item.removeItem(self.bars)
        self._labels = []
        self.bars = None
        if series is None or not series.points:
            self.points = ()
            self.stack.setCurrentWidget(self.empty)
            return
        import pyqtgraph as pg

        item = self._ensure_plot().getPlotItem()
        self.stack.setCurrentWidget(self.scroll)
        self.points = series.points[:MAX_BARS]
        if len(series.points) > MAX_BARS:
            self.caption.setText(
                f"{self.caption.text()} (charting the first {MAX_BARS} "
                f"of {len(series.points)} {series.title})"
            )
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        self.plot.setBackground(base)
        accent = QColor(STYLES[Category.FIGURE].base)
        brushes, pens = [], []
        for p in self.points:
            fill = accent if not p.qualifier else theme.mix(accent, base, 0.45)
            brushes.append(pg.mkBrush(fill))
            pens.append(pg.mkPen(accent, width=1))
        n = len(self.points)
        values = [max(float(p.value), 0.0) for p in self.points]
        top = max(values) or 1.0
        self.bars = pg.BarGraphItem(
            x0=[0.0] * n, y=list(range(n)), height=BAR_HEIGHT, width=values, brushes=brushes, pens=pens
        )
        item.addItem(self.bars)
        # labels: the figure in words, left-aligned on the bar's row, above the bar
        font = QFont(self.font())
        label_colour = text
        for i, p in enumerate(self.points):
            lab = pg.TextItem(p.label, color=label_colour, anchor=(0, 1))
            lab.setFont(font)
            lab.setPos(0, i - BAR_HEIGHT / 2 - 0.01)
            item.addItem(lab)
            self._labels.append(lab)
        left = item.getAxis("left")
        left.setTicks([[]])
        item.hideAxis("left")
        item.setXRange(0, top * 1.02, padding=0)
        self.plot.setMinimumHeight(int(self._row_px() * n + 24))
        self._fit_rows()

    def _row_px(self) -> float:
        return max(QFontMetrics(self.font()).height() * 2.6, 40.0)

    def _fit_rows(self) -> None:
        """Keep a constant row height: few bars stay slim, many bars scroll."""
        n = len(self.points)
        if not n or self.plot is None:
            return
        rows = max(n, MIN_ROWS, int(self.plot.height() / self._row_px()))
        self.plot.getPlotItem().setYRange(-0.85, rows - 0.45, padding=0)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.plot and event.type() == event.Type.Resize:
            self._fit_rows()
        return super().eventFilter(obj, event)

    # --- interaction ------------------------------------------------------------------

    def _point_at(self, scene_pos: QPointF) -> Point | None:
        if not self.points:
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
        p = self._point_at(scene_pos)
        if p is None:
            QToolTip.hideText()
            self.plot.viewport().unsetCursor()
            return
        self.plot.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        value = f"{p.value:,.0f}" if float(p.value).is_integer() else f"{p.value:,}"
        qual = f"<br>qualifier: {p.qualifier}" if p.qualifier else ""
        unit = self.current_series().title if self.current_series() else ""
        tip = f"<b>{p.label}</b><br>value: {value} {unit}{qual}<br><i>Click to show it in the text</i>"
        global_pos = self.plot.viewport().mapToGlobal(self.plot.mapFromScene(scene_pos))
        QToolTip.showText(global_pos, tip, self.plot)

    def _on_mouse_clicked(self, event) -> None:
        p = self._point_at(event.scenePos())
        if p is not None:
            self.figureClicked.emit(p.start, p.end)

    def click_point(self, index: int) -> None:
        """Act as if bar ``index`` of the current series were clicked."""
        p = self.points[index]
        self.figureClicked.emit(p.start, p.end)

    def bar_scene_pos(self, index: int) -> QPointF:
        vb = self.plot.getViewBox()
        p = self.points[index]
        return vb.mapViewToScene(QPointF(max(float(p.value), 0.0) / 2, index))
