"""The export document rendered by Qt: PDF (``export_pdf``) and File > Print (``print_analysis``).

The content is the Qt-free HTML of ``reader.report.html`` with the charts as PNG images
added as document resources. The document is laid out at 96 CSS pixels per inch (design
metrics, so the layout does not depend on the screen) and painted page by page onto the
device, scaled to its resolution, with a footer: the title at the left, "page N of M" at the
right. Before painting, a heading that would end a page and a table (a quote, a row of the
figures table) that would straddle a page break go to the next page (``keep_together``).
Ligatures are switched off so that words like "official" stay searchable in the PDF; Qt
embeds the font subsets. The PDF's Title, Author, Subject ("Highlights exported by reader
<version>") and Creator are set in its information dictionary and its XMP metadata.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from xml.sax.saxutils import escape as xml_escape

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl, qVersion
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
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)

from reader.core.errors import ExportCancelledError, ExportError
from reader.core.model import Analysis
from reader.report import export as report_export
from reader.report.atomic import atomic_path
from reader.report.document import PAGE_LABEL, ExportContent, build_content, export_subject
from reader.report.export import check_target
from reader.report.html import render_html
from reader.report.options import ExportOptions

CSS_DPI = 96
MARGINS_MM = QMarginsF(18, 16, 18, 14)  # left, top, right, bottom
CLIP_EPS = 0.5  # CSS px
MAX_SPLIT_PASSES = 4
MAX_KEEP_PASSES = 2
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
    doc.setHtml(render_html(content, chart="img", paged=True))
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, content.title())
    return doc


def _footer_font() -> QFont:
    font = document_font(8, "DejaVu Sans")
    font.setPixelSize(11)  # CSS px: the painter is already scaled to them
    return font


NEAR_END = 20.0  # CSS px: about a line
NATURAL_H = 1.0e7  # CSS px: a page taller than any document, for its layout without page breaks


def _set_break_before(target: QTextBlock | QTextFrame) -> None:
    if isinstance(target, QTextFrame):
        fmt = target.frameFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        target.setFrameFormat(fmt)
        if isinstance(target, QTextTable):
            _close_top(target)
    else:
        bfmt = target.blockFormat()
        bfmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(target).setBlockFormat(bfmt)


def flatten_empty_blocks(doc: QTextDocument) -> int:
    """Give the empty blocks Qt keeps before and after tables a line of no height: Qt hides
    them, but the line of one at the very end of a page still starts a new page, and the table
    after it then goes to the page after that, leaving a blank page."""
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    count = 0
    it = doc.rootFrame().begin()
    while not it.atEnd():
        block = it.currentBlock()
        if it.currentFrame() is None and block.length() == 1:
            fmt = block.blockFormat()
            fmt.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
            QTextCursor(block).setBlockFormat(fmt)
            count += 1
        it += 1
    cursor.endEditBlock()
    return count


def _close_top(table: QTextTable) -> None:
    """A row of the figures table draws no top line (the row above draws it): at the top of a
    page it gets one, like its bottom line."""
    for column in range(table.columns()):
        cell = table.cellAt(0, column)
        fmt = cell.format().toTableCellFormat()
        if fmt.topBorder() == 0 and fmt.bottomBorder() > 0:
            fmt.setTopBorder(fmt.bottomBorder())
            fmt.setTopBorderStyle(fmt.bottomBorderStyle())
            fmt.setTopBorderBrush(fmt.bottomBorderBrush())
            cell.setFormat(fmt)


def _root_items(doc: QTextDocument) -> list[QTextBlock | QTextTable]:
    """The root frame's blocks and tables in order, without the empty blocks Qt keeps between
    and after tables (they take no room)."""
    items: list[QTextBlock | QTextTable] = []
    it = doc.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        if isinstance(frame, QTextTable):
            items.append(frame)
        elif frame is None and it.currentBlock().length() > 1:
            items.append(it.currentBlock())
        it += 1
    return items


def _heading_need(layout, items: list, i: int, page_h: float, room: float) -> float:
    """How much of what follows the heading ``items[i]`` must share its page."""
    nxt = items[i + 1] if i + 1 < len(items) else None
    if isinstance(nxt, QTextBlock) and nxt.layout() is not None and nxt.layout().lineCount():
        # e.g. a chart: the first line of its paragraph is as tall as the image
        return max(room, min(nxt.layout().lineAt(0).height() + 12, page_h / 2))
    return room


def _extent(doc: QTextDocument, item: QTextBlock | QTextTable) -> tuple[float, float, float]:
    """(top, visible top, bottom) of a root item in CSS px. A table's bounding rectangle as Qt
    gives it starts at its first cell's text and is as tall as the whole table: its top is where
    the (hidden) empty block before it starts, or where the block before it ends."""
    layout = doc.documentLayout()
    if not isinstance(item, QTextTable):
        rect = layout.blockBoundingRect(item)
        return rect.top(), rect.top(), rect.bottom()
    rect = layout.frameBoundingRect(item)
    before = doc.findBlock(item.firstPosition() - 1)
    top = rect.top()
    if before.isValid():
        above = layout.blockBoundingRect(before)
        top = min(rect.top(), above.top() if before.length() == 1 else above.bottom())
    return top, rect.top(), top + rect.height()


class _Pages:
    def __init__(self, page_h: float) -> None:
        self.h = page_h

    def page(self, y: float) -> int:
        return int(y // self.h)

    def crosses(self, top: float, bottom: float) -> bool:
        return self.page(top) != self.page(bottom - CLIP_EPS)

    def next_top(self, y: float) -> float:
        return (self.page(y) + 1) * self.h

    def at_top(self, y: float) -> bool:
        """At the top of a page, or so close to its end that what follows starts the next page
        anyway (a break there would leave a blank page)."""
        return y % self.h <= 1.0 or y % self.h >= self.h - 1.0


def plan_page_breaks(doc: QTextDocument, page_h: float, room: float = 48.0) -> list[QTextBlock | QTextTable]:
    """Where page breaks must go so that no heading ends a page (without ``room`` CSS px, or
    the first line, of what follows it) and no table (a quote, a row of the figures table)
    that fits on a page straddles a page break; a table right after a heading takes the
    heading along.

    ``doc`` must be laid out without page breaks (page height ``NATURAL_H``): the pages are
    simulated in one pass over that layout, the way Qt's layout breaks them (a line that would
    straddle a break starts the next page; a block after a break keeps its top margin, a
    table does not). Setting the breaks one by one on a paged layout would cost a relayout
    each: Qt's incremental relayout is not reliable while the layout is still lazy."""
    layout = doc.documentLayout()
    pages = _Pages(page_h)
    items = _root_items(doc)
    extents = [_extent(doc, x) for x in items]
    targets: list[QTextBlock | QTextTable] = []
    shift = 0.0  # how far the breaks so far move the rest down
    heading: tuple[QTextBlock, float, float] | None = None  # (block, top, gap) just before
    for i, item in enumerate(items):
        top, seen, bottom = (v + shift for v in extents[i])
        if isinstance(item, QTextTable):
            # Qt keeps the room of the table's top margin, border and padding free at the end of
            # a page for its cells' lines (counted twice, to be safe)
            if pages.crosses(seen, bottom + (seen - top)) and bottom - top < page_h and not pages.at_top(top):
                if heading is not None and pages.page(heading[1]) == pages.page(seen):
                    block, htop, hgap = heading
                    shift += pages.next_top(htop) + hgap - htop
                    targets.append(block)
                else:
                    # a table keeps no room above it; with less than NEAR_END left on the page Qt
                    # moves it by itself (a break there would add a blank page)
                    if pages.next_top(top) - top >= NEAR_END:
                        targets.append(item)
                    shift += pages.next_top(top) - top
            heading = None
            continue
        # the room above a block, which it keeps at the top of a page after a break
        gap = max(0.0, extents[i][0] - extents[i - 1][2]) if i else 0.0
        if item.blockFormat().headingLevel() > 0:
            need = _heading_need(layout, items, i, page_h, room)
            if not pages.at_top(top - gap) and pages.page(top) != pages.page(bottom + need):
                new_top = pages.next_top(top) + gap
                shift += new_top - top
                top = new_top
                targets.append(item)
            heading = (item, top, gap)
            continue
        heading = None
        tl = item.layout()
        for n in range(tl.lineCount()):
            line = tl.lineAt(n)
            y = extents[i][0] + line.y() + shift
            if pages.crosses(y, y + line.height()) and line.height() <= page_h:
                shift += pages.next_top(y) - y  # Qt starts the next page with this line
    return targets


def table_offsets(doc: QTextDocument) -> dict[int, float]:
    """How far below its top each root table's first text starts, from a layout without page
    breaks (by the table's first position)."""
    out = {}
    for item in _root_items(doc):
        if isinstance(item, QTextTable):
            top, seen, _ = _extent(doc, item)
            out[item.firstPosition()] = seen - top
    return out


def unkept(
    doc: QTextDocument, page_h: float, offsets: dict[int, float], room: float = 48.0
) -> list[QTextBlock | QTextTable]:
    """What still breaks the rules of ``plan_page_breaks`` in the paged layout of ``doc``: the
    tables that straddle a page break though they fit on a page, the headings that end a page.
    ``offsets``: ``table_offsets`` of the document laid out without page breaks."""
    layout = doc.documentLayout()
    pages = _Pages(page_h)
    items = _root_items(doc)
    out: list[QTextBlock | QTextTable] = []
    for i, item in enumerate(items):
        if isinstance(item, QTextTable):
            rect = layout.frameBoundingRect(item)
            top = rect.top() - offsets.get(item.firstPosition(), 0.0)
            if (
                pages.crosses(rect.top(), top + rect.height())
                and rect.height() < page_h
                and not pages.at_top(top)
            ):
                out.append(item)
            continue
        top, _, bottom = _extent(doc, item)
        if item.blockFormat().headingLevel() > 0:
            need = _heading_need(layout, items, i, page_h, room)
            moved = item.blockFormat().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
            if not moved and pages.page(top) != pages.page(bottom + need):
                out.append(item)
    return out


def keep_together(doc: QTextDocument, page_w: float, page_h: float) -> int:
    """Set the page breaks of ``plan_page_breaks`` and lay ``doc`` out in pages of ``page_h``;
    a rule the plan missed (it is a simulation) is then mended one break at a time. Returns the
    number of breaks set."""
    flatten_empty_blocks(doc)
    doc.setPageSize(QSizeF(page_w, NATURAL_H))
    doc.pageCount()  # the whole layout, without page breaks
    targets = plan_page_breaks(doc, page_h)
    offsets = table_offsets(doc)
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()  # one relayout for all of them
    for target in targets:
        _set_break_before(target)
    cursor.endEditBlock()
    doc.setPageSize(QSizeF(page_w, page_h))  # a new layout from the top
    doc.pageCount()
    count = len(targets)
    for _ in range(MAX_KEEP_PASSES):
        left = unkept(doc, page_h, offsets)
        if not left:
            break
        # every leftover at once (one relayout a pass: a long export has a few of them, and each
        # relayout of a 400-page document costs a second or two); the next pass checks again
        cursor.beginEditBlock()
        for item in left:
            _set_break_before(item)
        cursor.endEditBlock()
        count += len(left)
        doc.setPageSize(QSizeF(page_w, page_h))
        doc.pageCount()
    return count


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


def paint_document(
    doc: QTextDocument,
    device: QPagedPaintDevice,
    title: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
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
    keep_together(doc, body_w, body_h)
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
            if should_cancel is not None and should_cancel():
                raise ExportCancelledError(None)
            if progress is not None:
                progress(page, pages)
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
            painter.drawLine(0, int(y), int(body_w), int(y))  # (what Qt drew of the floats: truncated)
            painter.setFont(font)
            painter.setPen(QColor("#5f5f5f"))
            label = PAGE_LABEL.format(page + 1, pages)
            text_rect = QRectF(0, y + 3, body_w, FOOTER_H - 11)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            room = body_w - metrics.horizontalAdvance(label) - 24
            short = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, short)
            painter.restore()
    finally:
        painter.end()
    return pages


def pdf_info(content: ExportContent) -> dict[str, str]:
    """The PDF's information: Title, Author (when the article names one), Subject, Creator."""
    info = {"Title": content.title()}
    if content.article.author:
        info["Author"] = " ".join(content.article.author.split())
    info["Subject"] = export_subject()
    info["Creator"] = "reader"
    info["Producer"] = f"Qt {qVersion()}"
    return info


def _xmp_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def xmp_metadata(info: dict[str, str], when: datetime) -> bytes:
    """The XMP packet that says what the information dictionary says (QPdfWriter's own
    packet has no description, which is where the Subject goes)."""
    e = xml_escape
    date = _xmp_date(when)
    author = info.get("Author")
    creator = f"<dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>" if author else ""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info["Title"])}</rdf:li></rdf:Alt></dc:title>'
        f"{creator}"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info["Subject"])}</rdf:li></rdf:Alt>'
        "</dc:description>"
        f"<xmp:CreatorTool>{e(info['Creator'])}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate>"
        f"<pdf:Producer>{e(info['Producer'])}</pdf:Producer>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _pdf_text_string(text: str) -> bytes:
    """A PDF text string: UTF-16BE with a byte-order mark, written in hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", re.DOTALL)


def set_pdf_info(path: str, info: dict[str, str], when: datetime) -> None:
    """Write ``info`` as the PDF's information dictionary (QPdfWriter sets no Subject): an
    incremental update appended to the file, a new version of the dictionary's object."""
    with open(path, "rb") as f:
        data = f.read()
    m = _TRAILER.search(data[-4096:])
    trailer = m.group(1) if m else b""
    size = re.search(rb"/Size\s+(\d+)", trailer)
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer)
    info_ref = re.search(rb"/Info\s+(\d+)\s+0\s+R", trailer)
    ident = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
    if not (m and size and root and info_ref):
        raise ExportError(path, "the PDF writer's output has no trailer to add the metadata to")
    stamp = when.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ").encode("ascii")
    entries = b"".join(b"/%s %s\n" % (k.encode("ascii"), _pdf_text_string(v)) for k, v in info.items() if v)
    entries += b"/CreationDate (%s)\n/ModDate (%s)\n" % (stamp, stamp)
    number = int(info_ref.group(1))
    body = b"%d 0 obj\n<<\n%s>>\nendobj\n" % (number, entries)
    sep = b"" if data.endswith(b"\n") else b"\n"
    offset = len(data) + len(sep)
    xref_at = offset + len(body)
    update = (
        sep
        + body
        + b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
        + b"trailer\n<< /Size %s /Root %s /Info %d 0 R /Prev %s %s >>\n"
        % (size.group(1), root.group(1), number, m.group(2), ident.group(0) if ident else b"")
        + b"startxref\n%d\n%%%%EOF\n" % xref_at
    )
    with open(path, "ab") as f:
        f.write(update)


def export_pdf(
    analysis: Analysis,
    out: str,
    options: ExportOptions | None = None,
    *,
    now: datetime | None = None,
    after_write=None,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Write the PDF export of ``analysis`` to ``out`` atomically; returns the page count.

    ``progress(done, total)`` hears of every page painted; ``should_cancel()``, asked between
    pages, stops the export with :class:`ExportCancelledError` and nothing written.
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
    info = pdf_info(content)
    with atomic_path(out) as tmp:
        writer = QPdfWriter(tmp)
        writer.setPageLayout(layout)
        writer.setResolution(1200)
        writer.setTitle(info["Title"])
        writer.setAuthor(info.get("Author", ""))
        writer.setCreator(info["Creator"])
        writer.setDocumentXmpMetadata(xmp_metadata(info, content.exported_at))
        pages = paint_document(doc, writer, content.title(), progress=progress, should_cancel=should_cancel)
        del writer  # closes the file
        if os.path.getsize(tmp) == 0:
            raise ExportError(out, "the PDF writer produced no data")
        set_pdf_info(tmp, info, content.exported_at)
        if after_write is not None:
            after_write(tmp)
    return pages


def ask_printer(parent, title: str, options: ExportOptions | None = None):
    """The system print dialog (GUI thread): a configured QPrinter, or None when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    options = options or ExportOptions()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_page_layout(options.page_size))
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print article")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


def print_to(
    printer,
    analysis: Analysis,
    options: ExportOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Paints the export document on ``printer`` (any thread: QPainter may paint on a QPrinter
    outside the GUI thread); returns the page count."""
    content = build_content(analysis, options or ExportOptions())
    doc = build_document(content)
    return paint_document(doc, printer, content.title(), progress=progress, should_cancel=should_cancel)


def print_analysis(parent, analysis: Analysis, options: ExportOptions | None = None, *, printer=None) -> bool:
    """File > Print in one go: the same document as the PDF, through the system print dialog.

    Returns True when it was sent to the printer, False when the user cancelled. With a
    ``printer`` given (a configured QPrinter) the dialog is skipped."""
    options = options or ExportOptions()
    if printer is None:
        printer = ask_printer(parent, build_content(analysis, options).title(), options)
        if printer is None:
            return False
    print_to(printer, analysis, options)
    return True


def _register() -> None:
    report_export.register_renderer("pdf", export_pdf)


_register()
