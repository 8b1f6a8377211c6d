"""The figures chart as a print-resolution image (QPainter), for the PDF and print.

Same geometry as the inline SVG of the HTML export (``reader.report.document``): one
horizontal bar chart per comparison, each bar's label on the line(s) above it, its value (as the
text writes it: "2/3", "$171 m", "−16.1%") at its end.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from reader.core.categories import STYLES, Category
from reader.report.document import (
    CHART_BAR_H,
    CHART_LINE_H,
    CHART_PAD,
    CHART_ROW_GAP,
    CHART_TITLE_H,
    CHART_VALUE_W,
    Chart,
    Panel,
)

# the charts' resolution in the PDF and print: sharp on paper (at least 250 ppi) with few pixels
# to draw and compress (the six charts of the 100,000-word benchmark: 16.5 M pixels and
# ~0.32 s at 300 ppi, 12 M and ~0.24 s at 256); 256 is 8/3 of 96: a CSS px is 8/3 pixels
PRINT_DPI = 256
CSS_DPI = 96


def _font(pixel_size: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(1, round(pixel_size)))
    font.setBold(bold)
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def render_chart(chart: Chart, dpi: int = PRINT_DPI) -> QImage:
    """``chart`` drawn at ``dpi`` (its size is in CSS pixels, 96 per inch)."""
    scale = dpi / CSS_DPI
    image = QImage(round(chart.width * scale), round(chart.height * scale), QImage.Format.Format_RGB32)
    dpm = round(dpi / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    image.fill(QColor("#ffffff"))
    p = QPainter(image)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.scale(scale, scale)
        _draw(p, chart)
    finally:
        p.end()
    return image


def _draw(p: QPainter, chart: Chart) -> None:
    w, h = chart.width, chart.height
    p.setPen(QPen(QColor("#d0d0d0"), 0.75))
    p.drawRect(QRectF(0.5, 0.5, w - 1, h - 1))
    for panel in chart.panels:
        _draw_panel(p, panel, w)


def _draw_panel(p: QPainter, panel: Panel, w: int) -> None:
    bar = QColor(STYLES[Category.FIGURE].base)
    text = QColor("#1a1a1a")
    muted = QColor("#5f5f5f")
    p.setFont(_font(13, bold=True))
    p.setPen(text)
    title_rect = QRectF(CHART_PAD, panel.y, w - 2 * CHART_PAD, CHART_TITLE_H - 4)
    p.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, panel.title)

    zero, spans = panel.bars(CHART_PAD, w - 2 * CHART_PAD)  # the same geometry as the HTML's SVG
    rows = panel.rows()
    p.setFont(_font(11))
    for i, (row, (left, right)) in enumerate(zip(rows, spans, strict=True)):
        if i % 2:
            bottom = row.bar_y + CHART_BAR_H + CHART_ROW_GAP / 2
            p.fillRect(QRectF(CHART_PAD / 2, row.y - 2, w - CHART_PAD, bottom - row.y + 2), QColor("#f6f6f6"))
        p.setPen(text)
        for k, line in enumerate(row.lines):  # whole: wrapped to the chart's width, never cut
            line_rect = QRectF(CHART_PAD, row.y + k * CHART_LINE_H, w - 2 * CHART_PAD, CHART_LINE_H)
            p.drawText(line_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
        p.fillRect(QRectF(left, row.bar_y, max(right - left, 1.0), CHART_BAR_H), bar)
        p.setPen(muted)
        value = row.point.value_text
        if row.point.value < 0:
            rect = QRectF(left - 5 - CHART_VALUE_W, row.bar_y - 2, CHART_VALUE_W, CHART_BAR_H + 4)
            align = Qt.AlignmentFlag.AlignRight
        else:
            rect = QRectF(right + 5, row.bar_y - 2, CHART_VALUE_W, CHART_BAR_H + 4)
            align = Qt.AlignmentFlag.AlignLeft
        p.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, value)
    p.setPen(QPen(QColor("#666666"), 1.0))
    for row in rows:  # the axis beside each bar, not across the labels
        p.drawLine(QPointF(zero, row.bar_y - 2), QPointF(zero, row.bar_y + CHART_BAR_H + 2))
