"""The export document rendered by Qt: PDF (``export_pdf``) and File > Print (``print_analysis``).

The content is the document Qt makes of the Qt-free HTML of ``reader.report.html`` (its paged
markup: every quote a paragraph of its own), built here with a text cursor from the same
parts (``_Builder``: parsing the markup of a long article costs Qt more than the article's
layout), with the charts as PNG images added as document resources, and the figures table,
laid out here from the same rows as the HTML table (``figure_rows``). The document is laid
out once, at 96 CSS pixels per inch (design metrics, so the layout does not depend on the
screen) and without page breaks; ``lay_out`` then cuts it into pages: a line is never cut, a
heading keeps what follows it on its page, a quote and a row of the figures table that fit on
a page are never split. Each page is painted onto the device, scaled to its resolution: its
blocks whole, a block a page break cuts line by line (the quote's background and bar around
it), with a footer: the title at the left, "page N of M" at the right. (Qt's own paged layout
costs a full relayout for every set of page breaks, and a table layout for every quote:
seconds on a long article.)
Ligatures are switched off so that words like "official" stay searchable in the PDF; Qt
embeds the font subsets. The PDF's Title, Author, Subject ("Highlights exported by reader
<version>") and Creator are set in its information dictionary and its XMP metadata.
"""

from __future__ import annotations

import math
import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import escape as xml_escape

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl, qVersion
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLayout,
    QTextLine,
    QTextOption,
)

from reader.core.categories import STYLES, Category
from reader.core.errors import ExportCancelledError, ExportError
from reader.core.highlights import State
from reader.core.model import Analysis, Block
from reader.report import export as report_export
from reader.report.atomic import atomic_path
from reader.report.document import PAGE_LABEL, ExportContent, build_content, export_subject, paragraphs
from reader.report.export import check_target
from reader.report.html import (
    BODY_OPEN,
    CARD_BAR,
    CARD_OPEN,
    CARD_PAD_Y,
    FIGURE_CELL_PAD,
    FIGURE_HEAD_BG,
    FIGURE_HEADS,
    FIGURE_WIDTHS,
    NOWRAP,
    NUMBER,
    RULE,
    TEXT,
    FigureRow,
    block_tags,
    figure_rows,
    paged_parts,
    quote_pieces,
    run_style,
)
from reader.report.options import ExportOptions
from reader.ui.theme import UNDERLINES

CSS_DPI = 96
MARGINS_MM = QMarginsF(18, 16, 18, 14)  # left, top, right, bottom
PDF_DPI = 1200
NATURAL_H = 1.0e7  # CSS px: a page taller than any document, for its layout without page breaks
TABLE_GAP = 4.0  # CSS px between the text and the figures table
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


def new_document(width: float | None = None) -> QTextDocument:
    """An empty export document: 96-dpi design metrics, the body font, no margin, laid out (when
    it is laid out) ``width`` CSS px wide."""
    ensure_app()
    doc = QTextDocument()
    ref = _reference_device()
    doc._reader_ref_device = ref  # type: ignore[attr-defined]  # keep it alive with the document
    doc.documentLayout().setPaintDevice(ref)
    doc.setUseDesignMetrics(True)
    doc.setDefaultFont(document_font())
    doc.setDocumentMargin(0)
    if width is not None:  # before the content: one layout, at this width
        doc.setPageSize(QSizeF(width, NATURAL_H))
    return doc


def build_document(content: ExportContent, width: float | None = None) -> QTextDocument:
    """The export as a QTextDocument (charts included as PNG image resources), laid out (when it
    is laid out) ``width`` CSS px wide; the figures table's rows go along (``lay_out``).

    It is the document Qt makes of ``render_html(content, chart="img", paged=True)``, built
    without the markup of the long parts (``_Builder``)."""
    from reader.ui.chart_image import render_chart

    doc = new_document(width)
    for chart in content.charts:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(chart.resource), render_chart(chart))
    _Builder(doc).build(content)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, content.title())
    doc._reader_figures = figure_rows(content)  # type: ignore[attr-defined]
    return doc


# what Qt's HTML import takes for white space (QChar::isSpace but the no-break space): a run of it
# is one space, none at the start of a block or after a line break
_WS_CHARS = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\xa0\x1c\x1d\x1e\x1f\n")
_WS_RUN = re.compile(f"[{re.escape(_WS_CHARS)}]+")
_LINE_STYLE = re.compile(r"text-decoration-style: (\w+)")
_NOT_PLAIN = re.compile(f"[{re.escape(_WS_CHARS.replace(' ', ''))}\\n]|  |^ ")


def _collapse(texts: list[str]) -> list[str]:
    """The pieces of a block's text as Qt's HTML import keeps them (``_WS_RUN``); a line break
    ("\\n") is a ``<br>``."""
    out = []
    drop = True  # white space is dropped at the start of a block and after a line break
    for raw in texts:
        kept = []
        for k, line in enumerate(raw.split("\n")):
            if k:
                kept.append("\u2028")
                drop = True
            line = _WS_RUN.sub(" ", line)
            if drop and line.startswith(" "):
                line = line[1:]
            if line:
                drop = line.endswith(" ")
                kept.append(line)
        out.append("".join(kept))
    return out


_Key = tuple[str, str, str]  # a piece's block markup, its opening and closing inline markup
_Spans = dict[tuple[str, Category | None, State | None, State | None], _Key]


def _article_pieces(content: ExportContent, block: Block, spans: _Spans) -> list[tuple[_Key, str]]:
    """An article block's text in pieces with their markup (``html._block_html``): its runs,
    the numbers in figures kept on one line (``html.numbers_html``)."""
    opening, _ = block_tags(block.kind, block.level)
    text = content.article.text
    pieces: list[tuple[_Key, str]] = []
    add = pieces.append
    for run in content.runs_between(block.start, block.end):
        span = spans.get((opening, run.category, run.state, run.quote))
        if span is None:  # (a run's markup (``_Key``) by its block's markup and its look)
            style = run_style(run)
            span = (opening, f'<span style="{style}">', "</span>") if style else (opening, "", "")
            spans[opening, run.category, run.state, run.quote] = span
        chunk = text[run.start : run.end]
        if run.category is not Category.FIGURE:
            if chunk:
                add((span, chunk))
            continue
        nowrap = (opening, f'{span[1]}<span style="{NOWRAP}">', f"</span>{span[2]}")
        for k, line in enumerate(chunk.split("\n")):
            if k:
                add((span, "\n"))
            pos = 0
            for m in NUMBER.finditer(line):
                if m.start() > pos:
                    add((span, line[pos : m.start()]))
                add((nowrap, m.group()))
                pos = m.end()
            if pos < len(line):
                add((span, line[pos:]))
    return pieces


@dataclass(frozen=True)
class _Formats:
    """What Qt's HTML import gives a piece of markup: its block's formats, its characters' and
    whether its spaces are no-break spaces."""

    block: QTextBlockFormat
    block_char: QTextCharFormat
    char: QTextCharFormat
    nowrap: bool


def _lined(fmt: QTextCharFormat, markup: str) -> QTextCharFormat:
    """``fmt`` with the line style its markup's CSS asks for (``text-decoration-style``), which
    Qt's HTML import leaves out: the PDF tells categories apart by their lines as the window does."""
    found = _LINE_STYLE.search(markup)
    if found is not None:
        fmt.setUnderlineStyle(UNDERLINES[found.group(1)])
    return fmt


class _Builder:
    """Builds the paged export document with a text cursor: the text of every block as Qt's
    HTML import would make it (white space, line breaks, no-break spaces in numbers), each piece
    with the formats Qt gives its markup (read from one small parsed specimen per export); the
    short parts (header, quotes' heading, figures section) parsed from their markup and copied.
    """

    def __init__(self, doc: QTextDocument) -> None:
        self.doc = doc
        self.cursor = QTextCursor(doc)
        self.first = True

    def build(self, content: ExportContent) -> None:
        parts = paged_parts(content)
        spans: _Spans = {}
        blocks = paragraphs(content.analysis, skip=content.headline)
        article = [_article_pieces(content, b, spans) for b in blocks]
        cards = [[((CARD_OPEN, o, c), t) for o, t, c in quote_pieces(q) if t] for q in content.view.quotes]
        keys = {key: None for pieces in article + cards for key, _ in pieces}
        formats = self._specimen(list(keys))
        cursor = self.cursor
        cursor.beginEditBlock()
        try:
            self._copy(parts.header, root=True)
            for pieces in article:
                self._insert(pieces, formats)
            self._copy(parts.quotes_head)
            for pieces in cards:
                self._insert(pieces, formats)
            self._copy(parts.figures, "\n</body></html>\n")  # (the line breaks there: a space)
        finally:
            cursor.endEditBlock()

    def _specimen(self, keys: list[_Key]) -> dict[_Key, _Formats]:
        """The formats Qt gives each piece's markup: a block per key, holding an "x"."""
        # (after some text: Qt gives a paragraph's background to text at its very start, and its
        # font to the first block's own format)
        markup = "".join(f"{b}<i>y</i>{o}x{c}</{b[1:].split(None, 1)[0]}>" for b, o, c in keys)
        spec = new_document()
        spec.setHtml(f"<html>{BODY_OPEN}<p>-</p>{markup}</body></html>")
        out = {}
        block = spec.begin().next()
        for key in keys:
            it = block.begin()
            frag = it.fragment()
            while not it.atEnd():
                frag = it.fragment()
                it += 1
            if not frag.text().endswith("x"):
                raise ExportError(None, "the export document's formats could not be read")
            out[key] = _Formats(
                block.blockFormat(), block.charFormat(), _lined(frag.charFormat(), key[1]), NOWRAP in key[1]
            )
            block = block.next()
        return out

    def _start_block(self, fmt: QTextBlockFormat, char_fmt: QTextCharFormat) -> None:
        if self.first:
            self.cursor.setBlockFormat(fmt)
            self.cursor.setBlockCharFormat(char_fmt)
            self.first = False
        else:
            self.cursor.insertBlock(fmt, char_fmt)

    def _insert(self, pieces: list[tuple[_Key, str]], formats: dict[_Key, _Formats]) -> None:
        if not pieces:
            return
        cursor = self.cursor
        self._start_block(formats[pieces[0][0]].block, formats[pieces[0][0]].block_char)
        texts = [text for _, text in pieces]
        if _NOT_PLAIN.search("".join(texts)) is not None:
            texts = _collapse(texts)
        for (key, _), text in zip(pieces, texts, strict=True):
            if text:
                fmt = formats[key]
                cursor.insertText(text.replace(" ", "\xa0") if fmt.nowrap else text, fmt.char)

    def _copy(self, markup: str, end: str = "</body></html>", root: bool = False) -> None:
        """The blocks Qt makes of ``markup`` (in the export's body), copied with their formats."""
        part = new_document()
        part.setHtml(f"<html>{BODY_OPEN}{'' if root else '<p>-</p>'}{markup}{end}")
        if root:
            self.doc.rootFrame().setFrameFormat(part.rootFrame().frameFormat())
        block = part.begin() if root else part.begin().next()  # (see ``_specimen``)
        cursor = self.cursor
        while block.isValid():
            self._start_block(block.blockFormat(), block.charFormat())
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                fmt = frag.charFormat()
                if fmt.isImageFormat():
                    cursor.insertImage(fmt.toImageFormat())
                else:
                    cursor.insertText(frag.text(), fmt)
                it += 1
            block = block.next()


def _footer_font() -> QFont:
    font = document_font(8, "DejaVu Sans")
    font.setPixelSize(11)  # CSS px: the painter is already scaled to them
    return font


ROOM = 48.0  # CSS px of what follows a heading that must share its page
EPS = 0.01  # CSS px: positions closer than this are the same


def body_size(layout: QPageLayout, dpi: int) -> tuple[float, float]:
    """The text area of a page in CSS px: its width and the height above the footer, in whole
    pixels."""
    rect = layout.paintRectPixels(dpi)
    scale = dpi / CSS_DPI
    return float(int(rect.width() / scale)), float(int(rect.height() / scale - FOOTER_H))


@dataclass
class _Unit:
    """What a page break may not cut: a line of a paragraph, a heading, a quote's card, a row."""

    top: float
    bottom: float
    block: int  # which block (or row) it belongs to
    heading: bool = False  # takes what follows along (see ``_groups``)
    # a paragraph's lines as one unit: its lines, as units, when a page break falls in it
    lines: _TextBlock | None = None


@dataclass
class _TextBlock:
    """A block's lines: its text layout and the tops of its first and last lines (document
    coordinates, CSS px); ``lines`` are read from the layout only when needed (a page break in
    the block): most blocks are painted whole."""

    layout: QTextLayout
    first: float
    last: float
    n: int  # which block

    def lines(self) -> list[tuple[float, QTextLine]]:
        y0 = self.layout.position().y()
        out = []
        for i in range(self.layout.lineCount()):
            line = self.layout.lineAt(i)
            out.append((y0 + line.y(), line))
        return out

    def units(self) -> list[_Unit]:
        return [_Unit(top, top + line.height(), self.n) for top, line in self.lines()]


@dataclass
class _Row:
    """A row of the figures table: its cells' text laid out, at x, below ``top``."""

    top: float
    height: float
    cells: list[tuple[QTextLayout, float]]
    edges: list[float]  # the columns' left edges, and the table's right one
    head: bool = False


@dataclass
class PageLayout:
    """The export laid out once and cut into pages.

    Page ``k`` shows what lies from ``starts[k]`` down to ``starts[k + 1]`` (document
    coordinates, CSS px): the lines whose top is there (of the ``blocks``), the cards (quotes:
    their background and bar) and rules over that range, and the rows of the figures table."""

    width: float
    height: float
    starts: list[float]
    blocks: list[_TextBlock] = field(default_factory=list)
    cards: list[tuple[float, float]] = field(default_factory=list)
    rules: list[float] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._firsts = [b.first for b in self.blocks]
        self._lasts = [b.last for b in self.blocks]
        self._card_ends = [c[1] for c in self.cards]
        self._row_tops = [r.top for r in self.rows]

    @property
    def pages(self) -> int:
        return len(self.starts)

    def span(self, page: int) -> tuple[float, float]:
        end = self.starts[page + 1] if page + 1 < len(self.starts) else math.inf
        return self.starts[page], end

    def blocks_on(self, page: int) -> list[tuple[_TextBlock, bool]]:
        """The blocks with lines on the page, and whether all their lines are on it."""
        top, end = self.span(page)
        lo, hi = top - EPS, end - EPS
        blocks = self.blocks[bisect_left(self._lasts, lo) : bisect_left(self._firsts, hi)]
        return [(b, b.first >= lo and b.last < hi) for b in blocks]

    def cards_on(self, page: int) -> list[tuple[float, float]]:
        top, end = self.span(page)
        out = []
        for k in range(bisect_right(self._card_ends, top + EPS), len(self.cards)):
            if self.cards[k][0] >= end - EPS:
                break
            out.append(self.cards[k])
        return out

    def rows_on(self, page: int) -> list[_Row]:
        top, end = self.span(page)
        return self.rows[bisect_left(self._row_tops, top - EPS) : bisect_left(self._row_tops, end - EPS)]


def _blocks(doc: QTextDocument, layout: PageLayout) -> tuple[list[_Unit], float]:
    """The document's blocks, cards and rules into ``layout``; returns the units they make and
    where the document ends. A card taller than a page is cut between its lines."""
    for frame in doc.rootFrame().childFrames():  # (Qt leaves an empty one after a chart image)
        if frame.lastPosition() >= frame.firstPosition():
            raise ExportError(None, "the export document has a table or frame the page layout cannot place")
    units: list[_Unit] = []
    end = 0.0
    block = doc.begin()
    n = 0
    after_heading = False
    while block.isValid():
        fmt = block.blockFormat()
        tl = block.layout()
        count = tl.lineCount()
        if fmt.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
            rect = doc.documentLayout().blockBoundingRect(block)
            layout.rules.append(rect.center().y())
            units.append(_Unit(rect.top(), rect.bottom(), n))
            end = rect.bottom() + fmt.bottomMargin()
            after_heading = False
        elif count and block.length() > 1:
            y0 = tl.position().y()
            last = tl.lineAt(count - 1)
            text = _TextBlock(tl, y0 + tl.lineAt(0).y(), y0 + last.y(), n)
            layout.blocks.append(text)
            top, bottom = text.first, text.last + last.height()
            if fmt.background().style() != Qt.BrushStyle.NoBrush:  # a quote's card, kept whole
                card = _Unit(top - CARD_PAD_Y, bottom + CARD_PAD_Y, n)
                layout.cards.append((card.top, card.bottom))
                if card.bottom - card.top <= layout.height:
                    units.append(card)
                else:
                    lines = text.units()
                    lines[0].top, lines[-1].bottom = card.top, card.bottom
                    units += lines
                after_heading = False
            elif fmt.headingLevel() > 0:
                units.append(_Unit(top, bottom, n, heading=True))
                after_heading = True
            elif after_heading:  # (its lines: what follows a heading goes with it, ``_groups``)
                units += text.units()
                after_heading = False
            else:
                units.append(_Unit(top, bottom, n, lines=text if count > 1 else None))
            end = bottom + fmt.bottomMargin()
        block = block.next()
        n += 1
    return units, end


def _group_at(units: list[_Unit], i: int) -> tuple[list[_Unit], int]:
    """The units that must share a page with ``units[i]``, and the index after them: a heading
    with what follows it (the next unit, and more of its block until ``ROOM`` px: a heading
    never ends a page); any other unit alone."""
    group = [units[i]]
    while group[-1].heading and i + 1 < len(units):
        heading_bottom = group[-1].bottom
        i += 1
        group.append(units[i])
        while (
            not units[i].heading
            and i + 1 < len(units)
            and units[i + 1].block == units[i].block
            and group[-1].bottom - heading_bottom < ROOM
        ):
            i += 1
            group.append(units[i])
    return group, i + 1


def _groups(units: list[_Unit]) -> list[list[_Unit]]:
    """The units in the groups that must share a page (``_group_at``)."""
    groups: list[list[_Unit]] = []
    i = 0
    while i < len(units):
        group, i = _group_at(units, i)
        groups.append(group)
    return groups


def page_starts(units: list[_Unit], page_h: float) -> list[float]:
    """Where each page starts: a group of units (``_groups``) that fits on a page is not cut,
    a longer one is cut between its units; a unit taller than a page is cut by the page."""
    starts = [min((u.top for u in units[:1]), default=0.0)]
    top = starts[0]
    i = 0
    while i < len(units):
        if not units[i].heading and units[i].bottom - top <= page_h + EPS:
            i += 1  # (most units: alone, and on the page)
            continue
        whole, i = _group_at(units, i)
        if whole[-1].bottom - top <= page_h + EPS:
            continue
        lines = whole[0].lines if len(whole) == 1 else None  # a paragraph: a group per line
        for group in [whole] if lines is None else [[u] for u in lines.units()]:
            if group[-1].bottom - top <= page_h + EPS:
                continue
            if group[-1].bottom - group[0].top <= page_h + EPS and group[0].top > top + EPS:
                top = group[0].top
                starts.append(top)
                continue
            for unit in group:
                if unit.bottom - top > page_h + EPS and unit.top > top + EPS:
                    top = unit.top
                    starts.append(top)
    return starts


def _nowrap_numbers(text: str) -> str:
    """``text`` with the spaces inside its numbers ("$ 48 m") made non-breaking (same length)."""
    return NUMBER.sub(lambda m: m.group().replace(" ", "\xa0"), text)


def _cell_layout(
    text: str,
    font: QFont,
    device: QPaintDevice,
    width: float,
    option: QTextOption,
    mark: tuple[int, int] | None,
) -> tuple[QTextLayout, float]:
    """A cell's text laid out in lines ``width`` wide for ``device``'s resolution, the figure in
    it (``mark``) highlighted."""
    tl = QTextLayout(_nowrap_numbers(text).replace("\n", "\u2028"), font, device)
    tl.setTextOption(option)
    if mark is not None:
        marked = QTextLayout.FormatRange()
        marked.start, marked.length = mark[0], mark[1] - mark[0]
        cf = QTextCharFormat()
        cf.setBackground(QColor(STYLES[Category.FIGURE].light_bg))
        marked.format = cf
        tl.setFormats([marked])
    tl.beginLayout()
    y = 0.0
    while True:
        line = tl.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    tl.endLayout()
    return tl, y


def _text_option(wrap: QTextOption.WrapMode) -> QTextOption:
    option = QTextOption()
    option.setUseDesignMetrics(True)
    option.setWrapMode(wrap)
    return option


def figure_table(rows: list[FigureRow], width: float, top: float, device: QPaintDevice) -> list[_Row]:
    """The figures table laid out from ``top``: the header, then a row per figure, the same
    cells as the HTML table, each cell's text laid out on its own (the value never wraps, the
    other cells wrap between words, or inside a word too long for its column)."""
    pad_y, pad_x = FIGURE_CELL_PAD
    fonts = (document_font(9, "DejaVu Sans"), document_font(9))
    fonts[0].setBold(True)
    options = (
        _text_option(QTextOption.WrapMode.NoWrap),
        _text_option(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere),
    )
    xs = [0.0]
    for pct in FIGURE_WIDTHS:
        xs.append(xs[-1] + width * pct / 100)
    xs[-1] = width
    out: list[_Row] = []
    # a text laid out once for every cell of its column that shows it (units, qualifiers, values
    # repeat): a layout is drawn wherever its cell is
    laid_out: dict[tuple[str, int, bool, tuple[int, int] | None], tuple[QTextLayout, float]] = {}
    for n, row in enumerate([None, *rows]):
        texts = FIGURE_HEADS if row is None else row.cells()
        cells = []
        height = 0.0
        for j, text in enumerate(texts):
            if not text:
                continue
            mark = row.mark if row is not None and j == len(texts) - 1 else None
            key = (text, j, row is None, mark)
            if key not in laid_out:
                width_j = xs[j + 1] - xs[j] - 2 * pad_x - 1
                laid_out[key] = _cell_layout(
                    text, fonts[row is not None], device, width_j, options[j > 0], mark
                )
            tl, h = laid_out[key]
            cells.append((tl, xs[j] + pad_x + 1))
            height = max(height, h)
        height += 2 * pad_y + 1
        out.append(_Row(top, height, cells, xs, head=n == 0))
        top += height
    return out


def lay_out(
    doc: QTextDocument, width: float, page_h: float, rows: list[FigureRow] | None = None
) -> PageLayout:
    """Lay ``doc`` out once, without page breaks, at ``width`` CSS px, with the figures table
    after it, and cut the result into pages of ``page_h``."""
    if doc.pageSize().width() != width or doc.pageSize().height() != NATURAL_H:
        doc.setPageSize(QSizeF(width, NATURAL_H))
    doc.pageCount()  # lays the whole document out now
    layout = PageLayout(width, page_h, [])
    units, end = _blocks(doc, layout)
    if rows:
        layout.rows = figure_table(rows, width, end + TABLE_GAP, doc.documentLayout().paintDevice())
        units += [_Unit(r.top, r.top + r.height, -1 - i, heading=r.head) for i, r in enumerate(layout.rows)]
    return PageLayout(
        width, page_h, page_starts(units, page_h), layout.blocks, layout.cards, layout.rules, layout.rows
    )


def _paint_page(painter: QPainter, pl: PageLayout, page: int) -> None:
    """The page's part of the document, in CSS px from the top left of its text area."""
    top, end = pl.span(page)
    painter.save()
    painter.setClipRect(QRectF(0, 0, pl.width, pl.height))
    painter.translate(0, -top)
    quote = STYLES[Category.QUOTE]
    card_bg, card_bar = QColor(quote.light_bg), QColor(quote.base)
    for card_top, card_bottom in pl.cards_on(page):
        y0, y1 = max(card_top, top), min(card_bottom, end)
        painter.fillRect(QRectF(0, y0, pl.width, y1 - y0), card_bg)
        painter.fillRect(QRectF(0, y0, CARD_BAR, y1 - y0), card_bar)
    rule = QPen(QColor(RULE), 1.0)
    for y in pl.rules:
        if top <= y < end:
            painter.setPen(rule)
            painter.drawLine(QPointF(0, y), QPointF(pl.width, y))
    text = QPen(QColor(TEXT))
    painter.setPen(text)
    origin = QPointF(0, 0)  # (a layout's lines are placed at its position)
    for block, whole in pl.blocks_on(page):
        tl = block.layout
        if whole:
            tl.draw(painter, origin)
            continue
        for line_top, line in block.lines():
            if top - EPS <= line_top < end - EPS:
                line.draw(painter, tl.position())
    rows = pl.rows_on(page)
    if rows:
        _paint_rows(painter, rows, pl.width, text, rule)
    painter.restore()


def _paint_rows(painter: QPainter, rows: list[_Row], width: float, text: QPen, rule: QPen) -> None:
    """Rows of the figures table, closed above and below on their page: the cells' text, a line
    above every row and below the last, the columns' lines from the first row down."""
    pad_y = FIGURE_CELL_PAD[0]
    for row in rows:
        if row.head:
            painter.fillRect(QRectF(0, row.top, width, row.height), QColor(FIGURE_HEAD_BG))
    painter.setPen(text)
    for row in rows:
        for tl, x in row.cells:
            tl.draw(painter, QPointF(x, row.top + pad_y + 1))
    painter.setPen(rule)
    top, bottom = rows[0].top, rows[-1].top + rows[-1].height
    for y in [*(row.top for row in rows), bottom]:
        painter.drawLine(QPointF(0, y), QPointF(width, y))
    for x in rows[0].edges:
        painter.drawLine(QPointF(x, top), QPointF(x, bottom))


def paint_document(
    doc: QTextDocument,
    device: QPagedPaintDevice,
    title: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Lay ``doc`` out for ``device``'s pages (``lay_out``: once) and paint every page with its
    footer. Returns the number of pages.

    The lines are painted one by one, each on its page only: a line is never cut by a page
    break, and no text of one page sits clipped away on another."""
    dpi_x, dpi_y = device.logicalDpiX(), device.logicalDpiY()
    page_rect = device.pageLayout().paintRectPixels(dpi_x)
    scale_x = dpi_x / CSS_DPI
    scale_y = dpi_y / CSS_DPI
    page_h = page_rect.height() / scale_y
    body_w, body_h = body_size(device.pageLayout(), dpi_x)
    pl = lay_out(doc, body_w, body_h, getattr(doc, "_reader_figures", None))
    pages = pl.pages
    font = _footer_font()
    metrics = QFontMetricsF(font)
    shorts: dict[float, str] = {}  # the title elided to the room the page number leaves
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
            _paint_page(painter, pl, page)
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
            if room not in shorts:
                shorts[room] = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
            left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(text_rect, left, shorts[room])
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
    doc = build_document(content, body_size(layout, PDF_DPI)[0])
    info = pdf_info(content)
    with atomic_path(out) as tmp:
        writer = QPdfWriter(tmp)
        writer.setPageLayout(layout)
        writer.setResolution(PDF_DPI)
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
    doc = build_document(content, body_size(printer.pageLayout(), printer.logicalDpiX())[0])
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
