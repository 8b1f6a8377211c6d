"""The article itself: a read-only text view with highlights, tooltips, click-to-filter.

The document is built once per article (title, headings, paragraphs: ``reader.core.paragraphs``).
Highlights are not part of the document: they are the runs of ``reader.core.highlights`` (the
exports paint the same runs), turned into per-block ``QTextLayout`` formats (what a syntax
highlighter uses) and applied a few hundred blocks at a time from a zero timer, so neither a
filter change nor a 100,000-word article re-sets the text or blocks the GUI for long.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Iterator
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip

from reader.core.categories import STYLES, Category
from reader.core.headline import headline_block
from reader.core.highlights import Run, build_runs, look
from reader.core.identity import quote_speaker
from reader.core.model import Analysis, Article, Figure, Quote
from reader.core.paragraphs import paragraphs
from reader.core.selection import Selection, View, display_category, speaker_ids
from reader.report.chart import format_figure, format_number
from reader.ui.slices import slicer
from reader.ui.theme import UNDERLINES

CATEGORY_PROP = QTextFormat.Property.UserProperty + 1  # highlight category value, for tests/tools
STATE_PROP = QTextFormat.Property.UserProperty + 2  # "on" | "dim" | "chosen" (of the category)
PENCIL = "✎"  # in the margin beside a line holding a quote or figure a reader corrected
QUOTE_PROP = QTextFormat.Property.UserProperty + 3  # the quote under the run: "on" | "dim" (absent: none)
DIRTY_BLOCKS = 24  # highlighted blocks relaid out together (one markContentsDirty each batch)
DIRTY_GAP = 2_000  # characters between two changed blocks still relaid out as one range
BUILD_AT_ONCE_CHARS = 40_000  # a shorter article is laid out in one go; a longer one in slices
BUILD_STEP_BLOCKS = 25  # blocks inserted between two looks at the clock
LAYOUT_STEP_BLOCKS = 20  # blocks of a long document laid out per step, ahead of Qt's own layout
READING_FONTS = [
    "Charter",
    "Georgia",
    "Source Serif 4",
    "Source Serif Pro",
    "Noto Serif",
    "DejaVu Serif",
    "serif",
]
BASE_POINT_SIZE = 12.0
MAX_LINE_CHARS = 74
ENTITY_SCAN_BACK = 400  # longest entity/figure span looked back for at a position


class Mark(NamedTuple):
    """Something highlighted at an article offset (for tooltips and clicks)."""

    start: int
    end: int
    category: Category
    name: str
    entity_id: str | None = None
    detail: str = ""


class ArticleView(QTextEdit):
    entityClicked = Signal(str, bool)  # canonical id, add (Ctrl held)
    highlightsApplied = Signal()
    documentReady = Signal()  # the article's document is complete and on screen

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.article: Article | None = None
        self.zoom_steps = 0
        self._segments: list[tuple[int, int, int]] = []  # (article start, article end, doc start)
        self._seg_starts: list[int] = []
        self._seg_doc_starts: list[int] = []
        self._marks: list[Mark] = []
        self._mark_starts: list[int] = []
        self._quote_marks: list[Mark] = []
        self._formatted: set[int] = set()
        self._block_starts: list[int] = []
        self._last_block_len = 0
        self._flash: list[QTextEdit.ExtraSelection] = []
        self._finds: list[QTextEdit.ExtraSelection] = []
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._on_flash_timeout)
        self._press_pos: QPoint | None = None
        self.highlights_pending = False
        self.highlight_slices = 0  # steps the latest highlight pass has taken so far (slices.Slicer)
        self.building = False
        self._pending_highlights: tuple | None = None
        self.hidden_categories: frozenset[Category] = frozenset()
        self.display_title = ""
        # the window's correction actions for the context menu: (menu, article offset under the
        # pointer or None) -> adds its actions (reader.ui.corrections_ui)
        self.context_actions: Callable[[QMenu, int | None], None] | None = None
        self._corrected_starts: list[int] = []  # article offsets of corrected quotes and figures
        self.setDocument(self._new_document())

    # --- document ---------------------------------------------------------------------

    def _reading_font(self) -> QFont:
        font = QFont()
        font.setFamilies(READING_FONTS)
        font.setPointSizeF(BASE_POINT_SIZE * (1.1**self.zoom_steps))
        font.setStyleHint(QFont.StyleHint.Serif)
        return font

    def _new_document(self) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setDefaultFont(self._reading_font())
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(0)
        return doc

    def set_article(self, article: Article) -> None:
        """Show ``article`` (plain, without highlights). A short article is shown at once; a long one
        is built in slices (``reader.ui.slices``: the window stays responsive) and shown when
        complete; highlights asked for meanwhile are applied then."""
        slicer().cancel((self, "build"))
        slicer().cancel((self, "highlights"))
        self._pending_highlights = None
        self.highlights_pending = False
        self.article = article
        doc = self._new_document()
        self._segments = []
        self._formatted = set()
        self._marks, self._mark_starts, self._quote_marks = [], [], []
        self._flash, self._finds = [], []
        steps = self._build_and_index(doc, article)
        self.building = True
        if len(article.text) <= BUILD_AT_ONCE_CHARS:
            for _ in steps:
                pass
            self._install(doc)
            return
        slicer().start((self, "build"), steps, lambda: self._install(doc))

    def _install(self, doc: QTextDocument) -> None:
        """Puts the built document (its blocks already indexed) on screen."""
        old = self.document()
        self.setDocument(doc)
        if old is not None and old is not doc and old.parent() is self:
            old.deleteLater()
        self._seg_starts = [s[0] for s in self._segments]
        self._seg_doc_starts = [s[2] for s in self._segments]
        self.setExtraSelections([])
        self._update_margins()
        self.verticalScrollBar().setValue(0)
        self.building = False
        if doc.blockCount() > LAYOUT_STEP_BLOCKS:
            slicer().start((self, "layout"), self._lay_out(doc))
        self.documentReady.emit()
        if self._pending_highlights is not None:
            pending, self._pending_highlights = self._pending_highlights, None
            self.set_highlights(*pending)

    def _lay_out(self, doc: QTextDocument) -> Iterator[None]:
        """Lays a long document out ahead of Qt, a few blocks per step. (Qt lays out what is not
        on screen yet from a timer, in steps that double up to 200,000 characters: on a long
        article one such step is a visible stall.)"""
        layout = doc.documentLayout()
        block = doc.begin()
        n = 0
        while block.isValid() and doc is self.document():
            n += 1
            if n % LAYOUT_STEP_BLOCKS == 0:
                layout.blockBoundingRect(block)  # lays out everything up to this block
                yield
            block = block.next()

    def _build_and_index(self, doc: QTextDocument, article: Article) -> Iterator[None]:
        """:meth:`_build`, then the blocks' start positions read in slices too (a 100,000-word
        article has thousands: one loop over them stalled the GUI while the model loaded)."""
        yield from self._build(doc, article)
        starts: list[int] = []
        block = doc.begin()
        while block.isValid():
            starts.append(block.position())
            self._last_block_len = block.length() - 1
            block = block.next()
            if len(starts) % 256 == 0:
                yield
        self._block_starts = starts

    def _build(self, doc: QTextDocument, article: Article) -> Iterator[None]:
        """Fills ``doc`` with the title, metadata and blocks of ``article``, yielding now and then."""
        text = article.text
        blocks = paragraphs(article)
        title = (article.title or "").strip()
        self.display_title = title
        self._meta_at = -1  # where the byline starts in the document (-1: none)
        cur = QTextCursor(doc)
        first = True
        cache: dict[str, tuple[QTextBlockFormat, QTextCharFormat]] = {}

        def formats(kind: str) -> tuple[QTextBlockFormat, QTextCharFormat]:
            if kind not in cache:
                cache[kind] = self._formats(kind)
            return cache[kind]

        def new_block(bfmt: QTextBlockFormat, cfmt: QTextCharFormat) -> None:
            nonlocal first
            if first:
                cur.setBlockFormat(bfmt)
                cur.setBlockCharFormat(cfmt)
                cur.setCharFormat(cfmt)
                first = False
            else:
                cur.insertBlock(bfmt, cfmt)

        # the first block is the title when the exports take it for one (report/document.py)
        headline = headline_block(article)
        title_in_text = bool(blocks) and headline is not None and blocks[0].start == headline.start
        if title and not title_in_text:
            new_block(*formats("title"))
            cur.insertText(title)
        meta = " · ".join(x for x in (article.author, article.date, article.publisher) if x)
        meta_after_first = bool(meta) and title_in_text
        if meta and not title_in_text:
            new_block(*formats("meta"))
            cur.insertText(meta)
            self._meta_at = cur.position() - len(meta)
        for i, b in enumerate(blocks):
            piece = text[b.start : b.end]
            if i == 0 and title_in_text:
                kind = "title"
                self.display_title = self.display_title or " ".join(piece.split())
            elif b.kind == "heading":
                kind = f"h{min(max(b.level, 1), 3)}"
            else:
                kind = "p"
            new_block(*formats(kind))
            self._segments.append((b.start, b.end, cur.position()))
            cur.insertText(piece)
            if i == 0 and meta_after_first:
                new_block(*formats("meta"))
                cur.insertText(meta)
                self._meta_at = cur.position() - len(meta)
            if i % BUILD_STEP_BLOCKS == BUILD_STEP_BLOCKS - 1:
                yield

    def _formats(self, kind: str) -> tuple[QTextBlockFormat, QTextCharFormat]:
        bf = QTextBlockFormat()
        cf = QTextCharFormat()
        em = QFontMetricsF(self._reading_font()).height()
        bf.setLineHeight(152, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        bf.setBottomMargin(em * 0.75)
        if kind == "title":
            cf.setProperty(QTextFormat.Property.FontSizeAdjustment, 2)
            cf.setFontWeight(QFont.Weight.DemiBold)
            bf.setLineHeight(118, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            bf.setTopMargin(em * 0.3)
            bf.setBottomMargin(em * 0.9)
            bf.setHeadingLevel(1)
        elif kind in ("h1", "h2", "h3"):
            level = int(kind[1])
            cf.setProperty(QTextFormat.Property.FontSizeAdjustment, {1: 2, 2: 1, 3: 0}[level])
            cf.setFontWeight(QFont.Weight.DemiBold)
            bf.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            bf.setTopMargin(em * 0.8)
            bf.setBottomMargin(em * 0.4)
            bf.setHeadingLevel(level + 1)
        elif kind == "meta":
            cf.setProperty(QTextFormat.Property.FontSizeAdjustment, -1)
            cf.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            bf.setBottomMargin(em * 1.2)
        return bf, cf

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._recolour_byline()

    def _recolour_byline(self) -> None:
        """The byline's colour follows the theme (it is the palette's muted text colour, set as a
        format when the article was laid out)."""
        start = getattr(self, "_meta_at", -1)
        if start < 0 or self.building:
            return
        block = self.document().findBlock(start)
        if not block.isValid():
            return
        cur = QTextCursor(block)
        cur.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        cur.mergeCharFormat(fmt)

    # --- line length and zoom -------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_margins()

    def _update_margins(self) -> None:
        fm = QFontMetricsF(self._reading_font())
        measure = fm.averageCharWidth() * MAX_LINE_CHARS
        width = self.viewport().width()
        side = max(28.0, (width - measure) / 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - side) < 1 and fmt.topMargin() > 0:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(fm.height() * 1.6)
        fmt.setBottomMargin(fm.height() * 3)
        frame.setFrameFormat(fmt)

    def set_zoom(self, steps: int) -> None:
        self.zoom_steps = max(-6, min(12, int(steps)))
        self.document().setDefaultFont(self._reading_font())
        self._update_margins()

    # --- offsets ------------------------------------------------------------------------

    def article_offset(self, pos: int) -> int | None:
        i = bisect.bisect_right(self._seg_doc_starts, pos) - 1
        if i < 0:
            return None
        a0, a1, d0 = self._segments[i]
        if pos - d0 > a1 - a0:
            return None
        return a0 + (pos - d0)

    def _doc_ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """Document ranges covering article [start, end) (split where blocks are not shown)."""
        i = max(0, bisect.bisect_right(self._seg_starts, start) - 1)
        if i < len(self._segments):
            a0, a1, d0 = self._segments[i]
            if a0 <= start and end <= a1:
                return [(d0 + start - a0, d0 + end - a0)]
        out = []
        while i < len(self._segments):
            a0, a1, d0 = self._segments[i]
            if a0 >= end:
                break
            s, e = max(start, a0), min(end, a1)
            if s < e:
                out.append((d0 + s - a0, d0 + e - a0))
            i += 1
        return out

    # --- highlights ---------------------------------------------------------------------

    def set_highlights(self, analysis: Analysis | None, view: View | None, selection: Selection) -> None:
        """Recompute every highlight. The work runs in slices (``reader.ui.slices``), visible
        blocks first; ``highlightsApplied`` is emitted when done."""
        self.highlights_pending = True
        if self.building:
            self._pending_highlights = (analysis, view, selection)
            return
        self.highlight_slices = 0
        job = self._counted(self._highlight_job(analysis, view, selection))
        # from the next pass of the event loop: never re-enter the caller
        slicer().start((self, "highlights"), job, self._applied)

    def _counted(self, job: Iterator[None]) -> Iterator[None]:
        for _ in job:
            self.highlight_slices += 1
            yield

    def _applied(self) -> None:
        self.highlights_pending = False
        self.viewport().update()
        self.highlightsApplied.emit()

    def _highlight_job(self, analysis, view, selection):
        """The runs of ``reader.core.highlights`` (the exports' too), as per-block formats."""
        runs: list[Run] = []
        if analysis is not None and view is not None:
            yield from self._index_marks(analysis)
            yield from build_runs(analysis, selection, view, runs)
        yield
        starts = self._block_starts
        formats: dict[tuple, QTextCharFormat] = {}
        per_block: dict[int, list[tuple[int, int, QTextCharFormat]]] = {}
        for k, run in enumerate(runs):
            key = (run.category, run.state, run.quote)
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = self._fmt(run)
            for doc_start, doc_end in self._doc_ranges(run.start, run.end):
                n = bisect.bisect_right(starts, doc_start) - 1
                while 0 <= n < len(starts) and starts[n] < doc_end:
                    bpos = starts[n]
                    bend = starts[n + 1] - 1 if n + 1 < len(starts) else bpos + self._last_block_len
                    s, e = max(doc_start, bpos), min(doc_end, bend)
                    if e > s:
                        per_block.setdefault(n, []).append((s - bpos, e - s, fmt))
                    n += 1
            if k % 400 == 399:
                yield
        todo = set(per_block) | self._formatted
        self._formatted = set(per_block)
        first = self.cursorForPosition(QPoint(0, 0)).block().blockNumber()
        order = sorted(todo, key=lambda b: (b < first, abs(b - first)))  # visible first, then below
        doc = self.document()
        lo = hi = -1  # the characters changed since the document was last told (one relayout for many blocks)
        for k, number in enumerate(order):
            block = doc.findBlockByNumber(number)
            if not block.isValid():
                continue
            ranges = []
            for start, length, fmt in per_block.get(number, ()):
                rng = QTextLayout.FormatRange()
                rng.start, rng.length, rng.format = start, length, fmt
                ranges.append(rng)
            block.layout().setFormats(ranges)
            pos, end = block.position(), block.position() + block.length()
            if lo >= 0 and (end < lo - DIRTY_GAP or pos > hi + DIRTY_GAP):
                doc.markContentsDirty(lo, hi - lo)
                lo = -1
            lo, hi = (pos, end) if lo < 0 else (min(lo, pos), max(hi, end))
            if k % DIRTY_BLOCKS == DIRTY_BLOCKS - 1:
                doc.markContentsDirty(lo, hi - lo)
                lo = -1
                yield
        if lo >= 0:
            doc.markContentsDirty(lo, hi - lo)

    def _fmt(self, run: Run) -> QTextCharFormat:
        """The format of a run: ``reader.core.highlights.look`` on this palette, and the run's
        category, state and quote state as properties (for tests and tools)."""
        pal = self.palette()
        paper = pal.color(QPalette.ColorRole.Base).name()
        ink = pal.color(QPalette.ColorRole.Text).name()
        lk = look(run, paper, ink)
        fmt = QTextCharFormat()
        if run.category is not None:
            fmt.setProperty(CATEGORY_PROP, run.category.value)
            fmt.setProperty(STATE_PROP, run.state)
        else:
            fmt.setProperty(CATEGORY_PROP, Category.QUOTE.value)
            fmt.setProperty(STATE_PROP, run.quote)
        if run.quote is not None:
            fmt.setProperty(QUOTE_PROP, run.quote)
        if lk.background:
            fmt.setBackground(QColor(lk.background))
        if lk.foreground:
            fmt.setForeground(QColor(lk.foreground))
        if lk.line == "overline":
            fmt.setFontOverline(True)
        elif lk.line:
            fmt.setUnderlineStyle(UNDERLINES[lk.line])
            fmt.setUnderlineColor(QColor(lk.line_colour))
        if lk.bold:
            fmt.setFontWeight(QFont.Weight.DemiBold)
        return fmt

    # --- marks: what is at a position (tooltips, clicks) ------------------------------

    def _index_marks(self, analysis: Analysis) -> Iterator[None]:
        names = {c.id: c.name for c in analysis.canonical}
        speakers = speaker_ids(analysis)
        marks: list[Mark] = []
        seen: set[tuple[int, int]] = set()
        for k, e in enumerate(analysis.entities):
            if k % 400 == 399:
                yield
            if (e.start, e.end) in seen:
                continue
            seen.add((e.start, e.end))
            name = names.get(e.entity_id or "", e.text)
            cat = display_category(e.category, e.entity_id, speakers)
            marks.append(Mark(e.start, e.end, cat, name, e.entity_id, e.label))
        for k, q in enumerate(analysis.quotes):
            if k % 400 == 399:
                yield
            sp = q.speaker
            if sp is not None and (sp.start, sp.end) not in seen:
                seen.add((sp.start, sp.end))
                name = quote_speaker(q)
                marks.append(Mark(sp.start, sp.end, Category.SPEAKER, name, q.speaker_id, "speaker"))
        for k, f in enumerate(analysis.figures):
            if k % 100 == 99:
                yield
            marks.append(Mark(f.start, f.end, Category.FIGURE, format_figure(f), None, _figure_detail(f)))
        yield
        for d in analysis.dates:
            if (d.start, d.end) not in seen:
                marks.append(Mark(d.start, d.end, Category.DATE, d.text))
        marks.sort(key=lambda m: (m.start, m.end))
        yield
        self._marks = marks
        self._mark_starts = [m.start for m in marks]
        quote_marks: list[Mark] = []
        for k, q in enumerate(analysis.quotes):
            if k % 400 == 399:
                yield
            label = _speaker_label(q)
            quote_marks.extend(Mark(s, e, Category.QUOTE, label, q.speaker_id, q.kind) for s, e in q.ranges())
        self._quote_marks = quote_marks

    def marks_at(self, offset: int) -> list[Mark]:
        found = []
        i = bisect.bisect_right(self._mark_starts, offset) - 1
        while i >= 0 and self._marks[i].start > offset - ENTITY_SCAN_BACK:
            m = self._marks[i]
            if m.start <= offset < m.end:
                found.append(m)
            i -= 1
        found.reverse()
        found.extend(m for m in self._quote_marks if m.start <= offset < m.end)
        return found

    def _offset_at(self, point: QPoint) -> int | None:
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        # cursorForPosition rounds to the nearest gap: look at the character under the point
        rect = self.cursorRect(cursor)
        if point.x() < rect.left() and pos > 0:
            pos -= 1
        return self.article_offset(pos)

    def visible_marks_at(self, point: QPoint) -> list[Mark]:
        offset = self._offset_at(point)
        if offset is None:
            return []
        return [m for m in self.marks_at(offset) if m.category not in self.hidden_categories]

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            return True  # tooltips come from the viewport's help events
        return super().event(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            marks = self.visible_marks_at(event.pos())
            if marks:
                QToolTip.showText(event.globalPos(), _tooltip(marks), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            clickable = any(m.entity_id for m in self.visible_marks_at(event.position().toPoint()))
            shape = Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.IBeamCursor
            self.viewport().setCursor(shape)

    def mousePressEvent(self, event) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        point = event.position().toPoint()
        moved = (point - self._press_pos).manhattanLength()
        self._press_pos = None
        if moved > 4 or self.textCursor().hasSelection():
            return
        for m in reversed(self.visible_marks_at(point)):
            if m.entity_id:
                add = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                self.entityClicked.emit(m.entity_id, add)
                return

    # --- selection, context menu and the marks of corrections -----------------------------

    def selected_range(self) -> tuple[int, int] | None:
        """The selected words as article offsets (None: nothing selected, or outside the text)."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.article_offset(cursor.selectionStart())
        end = self.article_offset(cursor.selectionEnd())
        if start is None or end is None or end <= start:
            return None
        return start, end

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.context_actions is not None:
            point = event.pos()
            if event.reason() == event.Reason.Keyboard:  # the menu key: where the cursor is
                offset = self.article_offset(self.textCursor().position())
            else:
                offset = self._offset_at(point)
            menu.addSeparator()
            self.context_actions(menu, offset)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def set_corrected(self, starts: list[int]) -> None:
        """The article offsets where a reader's corrected quotes and figures begin: a pencil in
        the margin beside each line that holds one."""
        self._corrected_starts = sorted(starts)
        self.viewport().update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._corrected_starts:
            return
        painter = QPainter(self.viewport())
        painter.setPen(QColor(STYLES[Category.SPEAKER].base))
        fm = painter.fontMetrics()
        seen: set[int] = set()
        for start in self._corrected_starts:
            ranges = self._doc_ranges(start, start + 1)
            if not ranges:
                continue
            cursor = QTextCursor(self.document())
            cursor.setPosition(ranges[0][0])
            rect = self.cursorRect(cursor)
            if rect.bottom() < 0 or rect.top() > self.viewport().height() or rect.top() in seen:
                continue
            seen.add(rect.top())
            left = self.document().rootFrame().frameFormat().leftMargin()  # (the line's start)
            x = max(2, int(left) - fm.horizontalAdvance(PENCIL) - 8)
            painter.drawText(x, rect.top() + fm.ascent(), PENCIL)
        painter.end()

    # --- scrolling, flashing, finding -------------------------------------------------

    def scroll_to(self, start: int, end: int, *, flash: bool = True) -> bool:
        ranges = self._doc_ranges(start, max(end, start + 1))
        if not ranges:
            return False
        ds, de = ranges[0][0], ranges[-1][1]
        cursor = QTextCursor(self.document())
        cursor.setPosition(ds)
        top = self.cursorRect(cursor).top()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - int(self.viewport().height() * 0.28))
        cursor.setPosition(de, QTextCursor.MoveMode.KeepAnchor)
        if flash:
            self.flash(cursor)
        return True

    def flash(self, cursor: QTextCursor) -> None:
        sel = QTextEdit.ExtraSelection()
        sel.cursor = QTextCursor(cursor)
        colour = QColor(STYLES[Category.QUOTE].base)
        colour.setAlpha(110)
        sel.format.setBackground(colour)
        self._flash = [sel]
        self._refresh_extra()
        self._flash_timer.start(900)

    def _on_flash_timeout(self) -> None:
        self._flash = []
        self._refresh_extra()

    def set_find_matches(self, cursors: list[QTextCursor]) -> None:
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        colour.setAlpha(60)
        out = []
        for c in cursors:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = c
            sel.format.setBackground(colour)
            out.append(sel)
        self._finds = out
        self._refresh_extra()

    def _refresh_extra(self) -> None:
        self.setExtraSelections(self._finds + self._flash)


def _speaker_label(q: Quote) -> str:
    return quote_speaker(q)


def _figure_detail(f: Figure) -> str:
    parts = []
    value = format_number(f.value)
    if f.value_high is not None:
        value = f"{value}–{format_number(f.value_high)}"
    parts.append(f"value {value}")
    if f.unit:
        parts.append(f"unit {f.unit}")
    if f.qualifier:
        parts.append(f"qualifier “{f.qualifier}”")
    return " · ".join(parts)


def _tooltip(marks: list[Mark]) -> str:
    rows = []
    for m in marks:
        st = STYLES[m.category]
        swatch = f"<span style='color:{st.base}'>■</span>"
        label = html.escape(st.label)
        if m.category is Category.QUOTE:
            body = f"{html.escape(m.detail)} quote · speaker: <b>{html.escape(m.name)}</b>"
        elif m.category is Category.FIGURE:
            body = f"<b>{html.escape(m.name)}</b><br><span style='opacity:.8'>{html.escape(m.detail)}</span>"
        else:
            body = f"<b>{html.escape(m.name)}</b>"
        rows.append(f"<tr><td valign=top>{swatch}&nbsp;</td><td><i>{label}</i> — {body}</td></tr>")
    return "<table cellspacing=2>" + "".join(rows) + "</table>"
