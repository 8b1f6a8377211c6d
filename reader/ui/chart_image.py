"""The figures chart as a print-resolution image (QPainter), for the PDF and print.

Same geometry as the inline SVG of the HTML export (``reader.report.document``): one
horizontal bar chart per unit, labels at the left, the value at the end of each bar.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from reader.core.categories import STYLES, Category
from reader.report.chart import format_number, point_text
from reader.report.document import CHART_LABEL_W, CHART_PAD, CHART_ROW_H, CHART_TITLE_H, Chart, Panel

# the charts' resolution in the PDF and print: sharp on paper (at least 250 ppi) with few pixels
# to draw and compress (the six charts of the 100,000-word benchmark: 16.5 M pixels and
# ~0.32 s at 300 ppi, 12 M and ~0.24 s at 256); 256 is 8/3 of 96: a CSS px is 8/3 pixels
PRINT_DPI = 256
CSS_DPI = 96
VALUE_W = 90  # room kept at the right for the value of the longest bar


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
    title = panel.title  # with "(log scale)" and "(largest 20 of 26)" when they apply
    title_rect = QRectF(CHART_PAD, panel.y, w - 2 * CHART_PAD, CHART_TITLE_H - 4)
    p.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)

    x0 = CHART_PAD + CHART_LABEL_W
    plot_w = w - x0 - CHART_PAD - VALUE_W
    zero, spans = panel.bars(x0, plot_w)  # the same geometry as the HTML's SVG
    top = panel.y + CHART_TITLE_H

    label_font = _font(11)
    metrics = QFontMetricsF(label_font)
    p.setFont(label_font)
    for i, (pt, (left, right)) in enumerate(zip(panel.points, spans, strict=True)):
        y = top + i * CHART_ROW_H
        if i % 2:
            p.fillRect(QRectF(CHART_PAD, y, w - 2 * CHART_PAD, CHART_ROW_H), QColor("#f6f6f6"))
        label = metrics.elidedText(point_text(pt), Qt.TextElideMode.ElideRight, CHART_LABEL_W - 12)
        p.setPen(text)
        p.drawText(
            QRectF(CHART_PAD, y, CHART_LABEL_W - 8, CHART_ROW_H),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        p.fillRect(QRectF(left, y + 3, max(right - left, 1.0), CHART_ROW_H - 6), bar)
        p.setPen(muted)
        after = QRectF(right + 5, y, VALUE_W, CHART_ROW_H)
        if pt.value < 0:
            after = QRectF(left - 5 - VALUE_W, y, VALUE_W, CHART_ROW_H)
        align = Qt.AlignmentFlag.AlignRight if pt.value < 0 else Qt.AlignmentFlag.AlignLeft
        p.drawText(after, align | Qt.AlignmentFlag.AlignVCenter, format_number(pt.value))
    p.setPen(QPen(QColor("#666666"), 1.0))
    p.drawLine(QPointF(zero, top), QPointF(zero, top + len(panel.points) * CHART_ROW_H))
