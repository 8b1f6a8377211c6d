"""What the window tests read of its widgets: the window itself never needs these views of its
own state, so they live here, beside the tests that use them."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QPointF


def quotes_shown(panel) -> list:
    """The quotes the Quotes panel lists, in the order shown."""
    return [panel.list.item(i).data(panel_role(panel)) for i in range(panel.list.count())]


def panel_role(panel) -> int:
    from reader.ui.quotes_panel import QUOTE_ROLE

    return QUOTE_ROLE


def quote_item(panel, quote):
    """The Quotes panel's row of ``quote`` (None when not listed)."""
    for i in range(panel.list.count()):
        if panel.list.item(i).data(panel_role(panel)) == quote:
            return panel.list.item(i)
    return None


def entity_items(panel) -> list:
    """The Entities panel's rows listed so far, group by group, in the order shown."""
    return list(panel._items.values())


def entity_item(panel, entity_id: str):
    return panel._items.get(entity_id)


def doc_position(view, offset: int) -> int | None:
    """The article view's document position of article offset ``offset`` (None: not shown)."""
    i = bisect.bisect_right(view._seg_starts, offset) - 1
    if i < 0:
        return None
    a0, a1, d0 = view._segments[i]
    if offset > a1:
        return d0 + (a1 - a0)
    return d0 + (offset - a0)


def flash_active(view) -> bool:
    return bool(view._flash)


def bar_labels(chart) -> list[str]:
    """The texts written over the bars so far."""
    return [lab.toPlainText() for lab in chart._labels]


def tick_labels(chart) -> list[str]:
    """The value axis' fixed tick labels (a log scale's decades)."""
    return [label for _x, label in chart._ticks]


def single_labels(chart) -> list[str]:
    """The entries of the list under the chart."""
    return [s.label for s in chart.singles]


def select_series(chart, key: str) -> None:
    """Choose a comparison in the chart's selector, as a user would."""
    i = chart.selector.findData(key)
    if i >= 0:
        chart.selector.setCurrentIndex(i)
    chart._draw()


def click_single(chart, index: int) -> None:
    """Act as if entry ``index`` of the list under the chart were clicked."""
    chart._on_single_clicked(f"fig:{index}")


def bar_scene_pos(chart, index: int) -> QPointF:
    """The scene position of bar ``index``'s middle."""
    vb = chart._ensure_plot().getViewBox()
    start = chart._x0 if chart.log_scale else 0.0
    return vb.mapViewToScene(QPointF((start + chart._ends[index]) / 2, index))


def open_window(qtbot, path, *, size: tuple[int, int] = (1280, 800), wait_ms: int = 120_000):
    """A main window shown at ``size`` with the article at ``path`` analysed and every panel
    drawn (the caller closes it)."""
    from reader.ui.window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.analysisShown, timeout=wait_ms):
        w.open_path(str(path))
    qtbot.waitUntil(w.is_idle, timeout=wait_ms)
    return w
