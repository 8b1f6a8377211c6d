"""The quotes list: one card per quote (speaker, kind, the quote elided to two lines).

A quote whose content is a noun phrase (``content_type == "phrase"``: the object of a stance verb,
"The mayor rejected that criticism") shows its cue in front of the phrase ("rejected that
criticism"), tagged "stance" and in the palette's secondary text colour, so it does not compete
with the reported clauses and quotations.

Clicking the speaker's name filters to that speaker (Ctrl+click adds); clicking anywhere
else on a card jumps to the quote in the article.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reader.core.categories import STYLES, Category
from reader.core.identity import UNATTRIBUTED, quote_speaker
from reader.core.model import PHRASE, Analysis, Quote
from reader.report.document import phrase_parts, shown_words
from reader.ui import theme
from reader.ui.slices import slicer

QUOTE_ROLE = Qt.ItemDataRole.UserRole + 1
SPEAKER_ROLE = Qt.ItemDataRole.UserRole + 2
SPEAKER_ID_ROLE = Qt.ItemDataRole.UserRole + 3
PAD = 10
LINES = 2
FILL_BATCH = 250  # quotes added to the list at once; the rest in slices (reader.ui.slices)
FILL_STEP = 60  # quotes added per step of the slices
KIND_LABEL = {"direct": "direct", "mixed": "mixed", "indirect": "indirect"}
STANCE_TAG = "stance"  # added to the kind tag of a phrase quote
CORRECTED_TAG = "✎ corrected"  # added to the kind tag of a quote a reader corrected or added


def speaker_label(q: Quote) -> str:
    return quote_speaker(q)


def is_phrase(q: Quote) -> bool:
    return q.content_type == PHRASE


def _content(q: Quote) -> str:
    return shown_words(q.kind, q.words)


def quote_body(q: Quote) -> str:
    """The text of a quote's card (also its item text): the content, in quotation marks when
    direct or mixed; a phrase quote with its cue as it reads ("rejected that criticism")."""
    before, after = phrase_parts(q)
    return " ".join(p for p in (before, _content(q), after) if p)


def quote_tag(q: Quote) -> str:
    tag = KIND_LABEL.get(q.kind, q.kind)
    tag = f"{tag} · {STANCE_TAG}" if is_phrase(q) else tag
    return f"{tag} · {CORRECTED_TAG}" if q.corrected else tag


def body_colour(q: Quote, palette: QPalette) -> QColor:
    """The pen of a card's text: the palette's text colour, or its secondary text colour for a
    phrase quote (light and dark palettes alike)."""
    role = QPalette.ColorRole.PlaceholderText if is_phrase(q) else QPalette.ColorRole.Text
    return palette.color(role)


def quote_tooltip(q: Quote) -> str:
    if is_phrase(q):
        head = f"<b>{_esc(speaker_label(q))}</b> · {_esc(quote_tag(q))}"
        before, after = phrase_parts(q)
        lead = f"<i>{_esc(before)}</i> " if before else ""
        tail = f" <i>{_esc(after)}</i>" if after else ""
        return f"<p>{head}</p><p>{lead}{_esc(_content(q))}{tail}</p>"
    cue = f" · cue “{q.cue.text}”" if q.cue else ""
    head = f"<b>{_esc(speaker_label(q))}</b> · {q.kind}{_esc(cue)}"
    return f"<p>{head}</p><p>{_esc(_content(q))}</p>"


class QuoteDelegate(QStyledItemDelegate):
    def helpEvent(self, event, view, option, index) -> bool:
        quote = index.data(QUOTE_ROLE) if index.isValid() else None
        if event.type() == event.Type.ToolTip and quote is not None:
            QToolTip.showText(event.globalPos(), quote_tooltip(quote), view)
            return True
        return super().helpEvent(event, view, option, index)

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        body = QFont(option.font)
        name = QFont(option.font)
        name.setWeight(QFont.Weight.Bold)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
        return body, name, small

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        body, name, _small = self._fonts(option)
        h = PAD + QFontMetrics(name).height() + 4 + QFontMetrics(body).lineSpacing() * LINES + PAD
        return QSize(200, h)

    def speaker_rect(self, option: QStyleOptionViewItem, index: QModelIndex) -> QRect:
        _body, name, _small = self._fonts(option)
        fm = QFontMetrics(name)
        text = index.data(SPEAKER_ROLE) or ""
        r = option.rect
        return QRect(r.left() + PAD + 4, r.top() + PAD, fm.horizontalAdvance(text), fm.height())

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        quote: Quote = index.data(QUOTE_ROLE)
        if quote is None:
            return super().paint(painter, option, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        r = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        if selected:
            bg = theme.mix(base, pal.color(QPalette.ColorRole.Highlight), 0.16)
        elif hover:
            bg = theme.mix(base, text, 0.04)
        else:
            bg = base
        painter.fillRect(r, bg)
        # a hairline between cards
        painter.setPen(theme.mix(base, text, 0.10))
        painter.drawLine(r.left() + PAD, r.bottom(), r.right() - PAD, r.bottom())
        # a margin bar in the quote colour: solid for direct, lighter for mixed/indirect
        bar = QColor(STYLES[Category.QUOTE].base)
        if quote.kind != "direct":
            bar = theme.mix(bar, base, 0.45 if quote.kind == "mixed" else 0.7)
        painter.fillRect(QRect(r.left() + 2, r.top() + PAD, 3, r.height() - 2 * PAD), bar)

        body_font, name_font, small_font = self._fonts(option)
        x = r.left() + PAD + 4
        width = r.width() - 2 * PAD - 4
        fm_name = QFontMetrics(name_font)
        speaker = index.data(SPEAKER_ROLE) or UNATTRIBUTED
        has_id = bool(index.data(SPEAKER_ID_ROLE))
        painter.setFont(name_font)
        speaker_colour = (
            theme.base_colour(Category.SPEAKER) if has_id else pal.color(QPalette.ColorRole.PlaceholderText)
        )
        if theme.is_dark(pal) and has_id:
            speaker_colour = theme.mix(speaker_colour, QColor("white"), 0.25)
        painter.setPen(speaker_colour)
        name_w = min(fm_name.horizontalAdvance(speaker) + 8, width - 80)
        painter.drawText(
            QRect(x, r.top() + PAD, name_w, fm_name.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm_name.elidedText(speaker, Qt.TextElideMode.ElideRight, name_w),
        )
        # kind tag
        painter.setFont(small_font)
        fm_small = QFontMetrics(small_font)
        tag = quote_tag(quote)
        tag_w = fm_small.horizontalAdvance(tag) + 12
        shown_w = fm_name.horizontalAdvance(fm_name.elidedText(speaker, Qt.TextElideMode.ElideRight, name_w))
        tag_rect = QRect(
            x + shown_w + 8,
            r.top() + PAD + (fm_name.height() - fm_small.height() - 2) // 2,
            tag_w,
            fm_small.height() + 2,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.mix(base, text, 0.08))
        painter.drawRoundedRect(tag_rect, 4, 4)
        painter.setPen(theme.mix(text, base, 0.35))
        painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, tag)
        # the quote, elided to LINES lines (a phrase quote: its cue first, dimmed)
        painter.setFont(body_font)
        painter.setPen(body_colour(quote, pal))
        body = quote_body(quote)
        top = r.top() + PAD + fm_name.height() + 4
        _draw_elided(painter, body, body_font, QRect(x, top, width, r.bottom() - top - PAD + 2))
        painter.restore()


def _draw_elided(painter: QPainter, text: str, font: QFont, rect: QRect) -> None:
    fm = QFontMetrics(font)
    layout = QTextLayout(text, font)
    opt = QTextOption()
    opt.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(opt)
    layout.beginLayout()
    y = 0
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(rect.width())
        lines.append((line.textStart(), line.textLength(), y))
        y += fm.lineSpacing()
        if len(lines) >= LINES:
            break
    layout.endLayout()
    for i, (start, length, ly) in enumerate(lines):
        piece = text[start : start + length]
        if i == len(lines) - 1 and start + length < len(text):
            piece = fm.elidedText(text[start:], Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QPoint(rect.left(), rect.top() + ly + fm.ascent()), piece.rstrip())


class QuoteList(QListWidget):
    quoteActivated = Signal(object)  # Quote
    speakerClicked = Signal(str, bool)  # canonical id, add
    quoteMenuRequested = Signal(object, QPoint)  # Quote, where (global): its corrections menu

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.delegate = QuoteDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setMouseTracking(True)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_menu)

    def _on_menu(self, pos: QPoint) -> None:
        """The quote under the pointer, or (the menu key) the current one."""
        item = self.itemAt(pos) or self.currentItem()
        if item is None:
            return
        if self.itemAt(pos) is None:  # opened from the keyboard: beside the current card
            pos = self.visualItemRect(item).center()
        self.quoteMenuRequested.emit(item.data(QUOTE_ROLE), self.viewport().mapToGlobal(pos))

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        on_name = self._speaker_hit(event.position().toPoint()) is not None
        self.viewport().setCursor(
            Qt.CursorShape.PointingHandCursor if on_name else Qt.CursorShape.ArrowCursor
        )

    def _speaker_hit(self, point: QPoint) -> str | None:
        item = self.itemAt(point)
        if item is None or not item.data(SPEAKER_ID_ROLE):
            return None
        option = QStyleOptionViewItem()
        option.initFrom(self)
        option.font = self.font()
        option.rect = self.visualItemRect(item)
        rect = self.delegate.speaker_rect(option, self.indexFromItem(item))
        return item.data(SPEAKER_ID_ROLE) if rect.adjusted(-2, -2, 2, 2).contains(point) else None

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        speaker_id = self._speaker_hit(point)
        if speaker_id:
            add = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.speakerClicked.emit(speaker_id, add)
            return
        item = self.itemAt(point)
        if item is not None:
            self.quoteActivated.emit(item.data(QUOTE_ROLE))

    def keyPressEvent(self, event) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.quoteActivated.emit(item.data(QUOTE_ROLE))
            return
        if event.key() == Qt.Key.Key_Space and item is not None and item.data(SPEAKER_ID_ROLE):
            # the keyboard's click on the speaker's name: filter to them (Ctrl+Space adds)
            add = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.speakerClicked.emit(item.data(SPEAKER_ID_ROLE), add)
            return
        super().keyPressEvent(event)


class QuotesPanel(QWidget):
    quoteActivated = Signal(object)
    speakerClicked = Signal(str, bool)
    quoteMenuRequested = Signal(object, QPoint)

    ORDERS = ("In text order", "By speaker")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        head = QHBoxLayout()
        head.setContentsMargins(10, 6, 8, 6)
        self.count_label = QLabel()
        self.count_label.setObjectName("panelCaption")
        self.order = QComboBox()
        self.order.addItems(self.ORDERS)
        self.order.setToolTip("Order of the quotes")
        self.order.setAccessibleName("Order of the quotes")
        self.order.currentIndexChanged.connect(self._on_order_changed)
        head.addWidget(self.count_label, 1)
        head.addWidget(self.order)
        lay.addLayout(head)
        self.list = QuoteList()
        self.list.setAccessibleName("Quotes")
        self.list.setAccessibleDescription(
            "The article's quotes with who said each. Enter shows the quote in the text; Space "
            "filters to its speaker, Ctrl+Space adds the speaker to the filter; the menu key "
            "offers corrections (speaker, not a quote, its words)."
        )
        self.list.quoteActivated.connect(self.quoteActivated)
        self.list.speakerClicked.connect(self.speakerClicked)
        self.list.quoteMenuRequested.connect(self.quoteMenuRequested)
        lay.addWidget(self.list, 1)
        self.empty = QLabel("No quotes found in this article")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        lay.addWidget(self.empty, 1)
        self._quotes: tuple[Quote, ...] = ()
        self._total = 0
        self._counts: dict[str, int] = {}
        self.set_quotes(None, ())

    def set_quotes(
        self, analysis: Analysis | None, quotes, *, filtered: bool = False, hidden: bool = False
    ) -> None:
        self._quotes = tuple(quotes)
        self._total = len(analysis.quotes) if analysis else 0
        self._filtered = filtered
        self._hidden = hidden
        self._counts = {}
        for q in self._quotes:
            key = q.speaker_id or speaker_label(q)
            self._counts[key] = self._counts.get(key, 0) + 1
        self._fill()

    def _on_order_changed(self, _index: int) -> None:
        self._fill()

    def _add_rest(self, quotes: list[Quote]) -> Iterator[None]:
        """The quotes after the first ``FILL_BATCH``, added in slices (a long article's thousands
        of quotes never hold the window)."""
        for i in range(0, len(quotes), FILL_STEP):
            self._add_items(quotes[i : i + FILL_STEP])
            yield

    def _add_items(self, quotes: list[Quote]) -> None:
        for q in quotes:
            item = QListWidgetItem()
            body, who = quote_body(q), speaker_label(q)
            item.setData(Qt.ItemDataRole.DisplayRole, body)  # for type-ahead
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{who}, {quote_tag(q)}: {body}")
            item.setData(QUOTE_ROLE, q)
            item.setData(SPEAKER_ROLE, who)
            item.setData(SPEAKER_ID_ROLE, q.speaker_id or "")
            self.list.addItem(item)  # the tooltip is made on demand: QuoteDelegate.helpEvent

    def _fill(self) -> None:
        self.list.clear()
        quotes = list(self._quotes)
        if self.order.currentIndex() == 1:
            quotes.sort(
                key=lambda q: (
                    -self._counts.get(q.speaker_id or speaker_label(q), 0),
                    speaker_label(q).lower(),
                    q.start,
                )
            )
        self._add_items(quotes[:FILL_BATCH])
        if len(quotes) > FILL_BATCH:
            slicer().start((self, "fill"), self._add_rest(quotes[FILL_BATCH:]))
        else:
            slicer().cancel((self, "fill"))
        n = len(self._quotes)
        if self._hidden:
            caption = "Quotes are hidden"
        elif self._filtered:
            caption = f"{n} of {self._total} quotes"
        else:
            caption = f"{n} quote{'s' if n != 1 else ''}"
        self.count_label.setText(caption)
        self.list.setVisible(n > 0)
        self.empty.setVisible(n == 0)
        if self._hidden:
            self.empty.setText("Quotes are hidden (see the legend)")
        elif self._filtered:
            self.empty.setText("No quotes by or about the selection")
        else:
            self.empty.setText("No quotes found in this article" if self._total == 0 else "")


def _esc(s: str) -> str:
    import html

    return html.escape(s)
