"""The export document rendered by Qt: PDF (``export_pdf``) and File > Print (``print_analysis``).

The content is the Qt-free HTML of ``reader.report.html`` with the charts as PNG images
added as document resources. The document is laid out at 96 CSS pixels per inch (design
metrics, so the layout does not depend on the screen) and painted page by page onto the
device, scaled to its resolution, with a footer "page N of M". Ligatures are switched off
so that words like "official" stay searchable in the PDF; Qt embeds the font subsets.
"""

from __future__ import annotations

import os
from datetime import datetime

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from reader.core.errors import ExportError
from reader.core.model import Analysis
from reader.report import export as report_export
from reader.report.atomic import atomic_path
from reader.report.document import ExportContent, build_content
from reader.report.export import ExportOptions, check_target
from reader.report.html import render_html

CSS_DPI = 96
MARGINS_MM = QMarginsF(18, 16, 18, 14)  # left, top, right, bottom
CLIP_EPS = 0.5  # CSS px
MAX_SPLIT_PASSES = 4
FOOTER_H = 26.0  # CSS px kept at the bottom of every page for the footer
PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a new one (offscreen when there is no display)."""
    app = QGuiApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if not os.environ.get("QT_QPA_PLATFORM") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication([os.environ.get("READER_APP_NAME", "reader")])


def document_font(point_size: float = 10.5, family: str = "DejaVu Serif") -> QFont:
    """A font with ligatures off (plain letters in the PDF text) and no hinting."""
    font = QFont(family)
    font.setPointSizeF(point_size)
    for tag in ("liga", "clig", "dlig", "hlig"):
        font.setFeature(QFont.Tag(tag), 0)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def _page_layout(page_size: str) -> QPageLayout:
    size_id = PAGE_SIZES.get((page_size or "A4").strip().lower())
    if size_id is None:
        raise ExportError(None, f"unknown page size {page_size!r} (use A4 or Letter)")
    return QPageLayout(
        QPageSize(size_id), QPageLayout.Orientation.Portrait, MARGINS_MM, QPageLayout.Unit.Millimeter
    )


def _reference_device() -> QImage:
    """A 96-dpi paint device the document is laid out for, whatever the screen."""
    ref = QImage(1, 1, QImage.Format.Format_RGB32)
    dpm = round(CSS_DPI / 0.0254)
    ref.setDotsPerMeterX(dpm)
    ref.setDotsPerMeterY(dpm)
    return ref


def build_document(content: ExportContent) -> QTextDocument:
    """The export as a QTextDocument (charts included as PNG image resources)."""
    from reader.ui.chart_image import render_chart

    ensure_app()
    doc = QTextDocument()
    ref = _reference_device()
    doc._reader_ref_device = ref  # type: ignore[attr-defined]  # keep it alive with the document
    doc.documentLayout().setPaintDevice(ref)
    doc.setUseDesignMetrics(True)
    doc.setDefaultFont(document_font())
    doc.setDocumentMargin(0)
    for chart in content.charts:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(chart.resource), render_chart(chart))
    doc.setHtml(render_html(content, chart="img"))
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, content.title())
    return doc


def _footer_font() -> QFont:
    font = document_font(8, "DejaVu Sans")
    font.setPixelSize(11)  # CSS px: the painter is already scaled to them
    return font


def keep_headings_with_next(doc: QTextDocument, page_h: float, room: float = 48.0) -> int:
    """Move a heading that would end a page (without the first line of what follows it, or
    ``room`` CSS px of it, on the same page) to the next page. Returns how many were moved."""
    layout = doc.documentLayout()
    moved = 0
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if (
            fmt.headingLevel() > 0
            and not fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
        ):
            rect = layout.blockBoundingRect(block)
            need = room
            nxt = block.next()
            if nxt.isValid() and nxt.layout() is not None and nxt.layout().lineCount():
                # e.g. a chart: the first line of its paragraph is as tall as the image
                need = max(room, min(nxt.layout().lineAt(0).height() + 12, page_h / 2))
            top_in_page = rect.top() % page_h
            if top_in_page > 1.0 and int(rect.top() // page_h) != int((rect.bottom() + need) // page_h):
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(fmt)
                moved += 1
        block = block.next()
    return moved


def split_blocks_at_page_breaks(doc: QTextDocument, page_h: float) -> int:
    """Split every paragraph (also in table cells) that runs over a page break into blocks
    that each start with the line opening a page. Qt draws the last line above a page's
    clip rectangle along with a block's visible lines; split, that line is no longer drawn,
    invisible but searchable, at the top of the next page. Returns the splits made.

    The split points come from one layout and are applied from the end backwards in one
    edit: a split does not move any line (the new block starts where its line was)."""
    layout = doc.documentLayout()
    points: list[int] = []
    block = doc.begin()
    while block.isValid():
        tl = block.layout()
        if tl is not None and tl.lineCount() > 1:
            top = layout.blockBoundingRect(block).top()
            page = int((top + tl.lineAt(0).y() + 0.5) // page_h)
            for i in range(1, tl.lineCount()):
                line = tl.lineAt(i)
                line_page = int((top + line.y() + 0.5) // page_h)
                if line_page != page:
                    points.append(block.position() + line.textStart())
                    page = line_page
        block = block.next()
    if not points:
        return 0
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    for pos in reversed(points):
        cursor.setPosition(pos)
        fmt = cursor.blockFormat()
        upper = QTextBlockFormat(fmt)
        upper.setBottomMargin(0)
        cursor.setBlockFormat(upper)
        lower = QTextBlockFormat(fmt)
        lower.setTopMargin(0)
        lower.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
        cursor.insertBlock(lower, cursor.charFormat())
    cursor.endEditBlock()
    return len(points)


def _relayout(doc: QTextDocument) -> None:
    doc.markContentsDirty(0, doc.characterCount())
    doc.pageCount()  # lays the whole document out now


def paint_document(doc: QTextDocument, device: QPagedPaintDevice, title: str) -> int:
    """Lay ``doc`` out for ``device``'s pages and paint every page with its footer.

    Returns the number of pages. Lines never straddle a page break: the document layout
    moves a line that would be cut to the next page."""
    layout = device.pageLayout()
    rect = layout.paintRectPixels(device.logicalDpiX())
    scale_x = device.logicalDpiX() / CSS_DPI
    scale_y = device.logicalDpiY() / CSS_DPI
    body_w = float(int(rect.width() / scale_x))
    page_h = rect.height() / scale_y
    # whole CSS pixels: the layout's page breaks (fixed-point) then fall exactly on them
    body_h = float(int(page_h - FOOTER_H))
    doc.setPageSize(QSizeF(body_w, body_h))
    # After moving headings Qt's incremental relayout can leave stale positions (tables) and
    # a stale index of blocks by position (drawing then skips blocks): a full layout follows.
    if keep_headings_with_next(doc, body_h):
        _relayout(doc)
    # A split moves no line, and the edit's own (incremental) layout covers the span from
    # the first split to the last one: no full relayout after it. The next pass checks the
    # result and repeats if anything still crosses a page break.
    for _ in range(MAX_SPLIT_PASSES):
        if not split_blocks_at_page_breaks(doc, body_h):
            break
    pages = max(1, doc.pageCount())
    font = _footer_font()
    metrics = QFontMetricsF(font)
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError(None, "cannot start painting the document")
    # keeps the chart a lossless (Flate) image in the PDF instead of a JPEG
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.scale(scale_x, scale_y)
            painter.save()
            painter.translate(0, -page * body_h)
            # a hair inside the page: a line laid out exactly at the next page's top (or
            # ending exactly at this one's) is then not drawn here as invisible, clipped text
            doc.drawContents(painter, QRectF(0, page * body_h + CLIP_EPS, body_w, body_h - 2 * CLIP_EPS))
            painter.restore()
            # footer: a rule, the title at the left, "page N of M" at the right
            y = page_h - FOOTER_H + 8
            painter.setPen(QPen(QColor("#c8c8c8"), 0.75))
            painter.drawLine(0, y, body_w, y)
            painter.setFont(font)
            painter.setPen(QColor("#5f5f5f"))
            label = f"page {page + 1} of {pages}"
            text_rect = QRectF(0, y + 3, body_w, FOOTER_H - 11)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            room = body_w - metrics.horizontalAdvance(label) - 24
            short = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, short)
            painter.restore()
    finally:
        painter.end()
    return pages


def export_pdf(
    analysis: Analysis,
    out: str,
    options: ExportOptions | None = None,
    *,
    now: datetime | None = None,
    after_write=None,
) -> int:
    """Write the PDF export of ``analysis`` to ``out`` atomically; returns the page count.

    ``after_write(tmp_path)`` (for tests) runs once the temporary PDF is complete and before
    it replaces ``out``: an exception from it leaves ``out`` as it was."""
    options = options or ExportOptions()
    out = os.fspath(out)
    check_target(analysis.article.source, out)
    if report_export.export_format(out) != "pdf":
        raise ExportError(out, "export_pdf writes .pdf files only")
    layout = _page_layout(options.page_size)
    ensure_app()
    content = build_content(analysis, options, now)
    doc = build_document(content)
    with atomic_path(out) as tmp:
        writer = QPdfWriter(tmp)
        writer.setPageLayout(layout)
        writer.setResolution(1200)
        writer.setTitle(content.title())
        writer.setCreator("reader")
        pages = paint_document(doc, writer, content.title())
        del writer  # closes the file
        if os.path.getsize(tmp) == 0:
            raise ExportError(out, "the PDF writer produced no data")
        if after_write is not None:
            after_write(tmp)
    return pages


def print_analysis(parent, analysis: Analysis, options: ExportOptions | None = None, *, printer=None) -> bool:
    """File > Print: the same document as the PDF, through the system print dialog.

    Returns True when it was sent to the printer, False when the user cancelled. With a
    ``printer`` given (a configured QPrinter) the dialog is skipped."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    options = options or ExportOptions()
    content = build_content(analysis, options)
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(_page_layout(options.page_size))
        printer.setDocName(content.title())
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print article")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
    doc = build_document(content)
    paint_document(doc, printer, content.title())
    return True


def _register() -> None:
    report_export.register_renderer("pdf", lambda a, out, opts: export_pdf(a, out, opts))


_register()
