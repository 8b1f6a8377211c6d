"""The Library panel: the articles of the library, its speakers and a quote search.

The panel reads the library database (``reader.library.Library``, one read connection on the
GUI thread) and indexes folders on a thread of its own (``IndexJob``, which calls
``reader.library.indexer.index`` and only emits signals). While an index runs, and whenever the
panel is shown, a timer asks the database whether another connection committed
(``data_version``) and merges what changed into the tables, row by row, so the user's sort,
filter, selection and scroll position survive; ``reader index`` running in a terminal on the
same database shows up the same way.

Three tabs: Articles (title, date, outlet, quotes, figures, error; filterable and sortable),
Speakers (speakers with their quote counts; choosing one lists their quotes with the article and
date) and Search (quotes found by words). Choosing a quote emits ``quoteChosen``; the window
opens the article there and flashes the quote.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.identity import speaker_label
from reader.library import ArticleRow, Library, QuoteRow, SpeakerRow, default_db_path
from reader.report.document import shown_words
from reader.ui.bars import name_line_edit

POLL_MS = 500  # how often a shown panel asks the database whether something changed
SEARCH_DELAY_MS = 250  # typing pauses this long before the search runs
FILTER_DELAY_MS = 200  # the same for a filter over a long table
FILTER_AT_ONCE_ROWS = 3000  # a table this long is filtered at every key press
SEARCH_LIMIT = 500
NO_ARTICLES = (
    "No articles yet: File > Open Folder… (or Add Folder) analyses a folder's articles into the library"
)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object (ArticleRow, SpeakerRow, QuoteRow)
HAY_ROLE = Qt.ItemDataRole.UserRole + 2  # the words the filter looks in


def index_jobs() -> int:
    """Worker processes for a window's index run: one (in the index thread) on a small machine,
    else one per spare core, at most four (each process loads its own model)."""
    cores = os.cpu_count() or 1
    return 1 if cores <= 2 else min(4, cores - 1)


# --- a table of rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # default: the text, case-folded
    tip: Callable[[Any], str] | None = None
    numeric: bool = False


class RowsModel(QAbstractTableModel):
    """Rows (frozen dataclasses with an ``id``) shown through ``columns``, kept sorted here (one
    ``list.sort`` with a key: thousands of rows sort in milliseconds, where a proxy would call
    back into Python for every comparison). ``merge`` brings the model to a new list of rows with
    the fewest changes: rows keep their identity (and the views their selection), changed rows
    are redrawn, new ones added in their sorted place, gone ones removed."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self._order: tuple[int, Qt.SortOrder] | None = None  # None: the order rows were given in
        self._hay: dict[Any, str] = {}  # row id -> the words the filter looks in

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.title
            if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == ROW_ROLE:
            return row
        if role == HAY_ROLE:
            return self.haystack(index.row())
        if role == Qt.ItemDataRole.ToolTipRole and col.tip is not None:
            return col.tip(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if col.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def haystack(self, source_row: int) -> str:
        """The row's text in every column (and a file's path, a speaker's other names), folded."""
        row = self.rows[source_row]
        hay = self._hay.get(row.id)
        if hay is None:
            parts = [c.text(row) for c in self.columns]
            if isinstance(row, ArticleRow):
                parts.append(row.path)
            elif isinstance(row, SpeakerRow):
                parts.extend(row.variants)
            hay = self._hay[row.id] = " ".join(parts).casefold()
        return hay

    # -- order ------------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._order = (column, order) if 0 <= column < len(self.columns) else None
        self._resort()

    def _key(self) -> Callable[[Any], Any]:
        assert self._order is not None
        col = self.columns[self._order[0]]
        if col.sort is not None:
            return col.sort
        return lambda r: col.text(r).casefold()

    def _resort(self) -> None:
        if self._order is None or not self.rows:
            return
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        where = [(self.rows[i.row()].id, i.column()) for i in kept]
        self.rows.sort(key=self._key(), reverse=self._order[1] == Qt.SortOrder.DescendingOrder)
        place = {r.id: i for i, r in enumerate(self.rows)}
        self.changePersistentIndexList(kept, [self.index(place[rid], c) for rid, c in where])
        self.layoutChanged.emit()

    # -- contents ---------------------------------------------------------------------------------

    def merge(self, rows: Sequence[Any]) -> None:
        new = {r.id: r for r in rows}
        gone = [i for i, r in enumerate(self.rows) if r.id not in new]
        for first, last in reversed(_runs(gone)):  # from the end: earlier positions stay valid
            self.beginRemoveRows(QModelIndex(), first, last)
            del self.rows[first : last + 1]
            self.endRemoveRows()
        changed = [i for i, r in enumerate(self.rows) if new[r.id] != r]
        for i in changed:
            self._hay.pop(self.rows[i].id, None)
            self.rows[i] = new[self.rows[i].id]
        if changed:  # one signal for the lot
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(self.columns) - 1))
        known = {r.id for r in self.rows}
        added = [r for r in rows if r.id not in known]
        if added:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self.rows.extend(added)
            self.endInsertRows()
        if added or changed:
            self._resort()

    def replace(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._hay = {}
        self.endResetModel()
        self._resort()


def _runs(indexes: Sequence[int]) -> list[tuple[int, int]]:
    """Ascending indexes as (first, last) runs of consecutive ones."""
    out: list[tuple[int, int]] = []
    for i in indexes:
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


class RowsFilter(QSortFilterProxyModel):
    """The text filter (a row stays when every word is somewhere in it: Qt's own filter over
    ``HAY_ROLE``, so an empty filter costs nothing per row); sorting is handed to the
    ``RowsModel`` underneath."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(HAY_ROLE)
        self.setFilterKeyColumn(0)

    def set_words(self, text: str) -> None:
        words = text.casefold().split()
        pattern = "".join(f"(?=.*{re.escape(w)})" for w in words)
        dotall = QRegularExpression.PatternOption.DotMatchesEverythingOption
        self.setFilterRegularExpression(QRegularExpression(f"^{pattern}" if words else "", dotall))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, RowsModel):
            model.sort(column, order)


class RowsTable(QTableView):
    """A sortable table over a ``RowsModel`` through a ``RowsFilter``; ``rowChosen`` when a row is
    clicked or activated (Enter, double-click), or, with ``follow``, whenever the current row
    changes (arrow keys too: a list whose choice only fills another table)."""

    rowChosen = Signal(object)

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        lines: int = 1,
        follow: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._follow = follow
        self.source = RowsModel(columns, self)
        self.proxy = RowsFilter(self)
        self.proxy.setSourceModel(self.source)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(lines > 1)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QTableView.Shape.NoFrame)
        vh = self.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().lineSpacing() * lines + 8)
        hh = self.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSortIndicatorShown(True)
        hh.setStretchLastSection(False)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if follow:
            self.selectionModel().currentRowChanged.connect(lambda index, _old: self._on_chosen(index))
        else:
            self.clicked.connect(self._on_chosen)
            self.activated.connect(self._on_chosen)

    def _on_chosen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(ROW_ROLE) if index.isValid() else None
        if row is not None:
            self.rowChosen.emit(row)

    def set_widths(self, widths: Sequence[int], stretch: int) -> None:
        """Column widths in average characters; column ``stretch`` takes the remaining room."""
        hh = self.horizontalHeader()
        em = self.fontMetrics().averageCharWidth()
        for i, w in enumerate(widths):
            if i == stretch:
                hh.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            else:
                hh.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(i, w * em + 16)

    def shown_rows(self) -> list[Any]:
        """The rows in the order shown (filtered and sorted)."""
        return [self.proxy.index(i, 0).data(ROW_ROLE) for i in range(self.proxy.rowCount())]


# --- cells ---------------------------------------------------------------------------------------


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def quote_cell(q: QuoteRow) -> str:
    """A quote as one line, as the window shows it (``shown_words``: a direct one in quotation
    marks, a mixed one as written); a phrase quote (the object of a stance verb) with its cue in
    front, as it reads ("defended her budget")."""
    body = shown_words(q.kind, q.text)
    if q.content_type == "phrase" and q.cue:
        return f"{_one_line(q.cue)} {body}"
    return body


def quote_tip(q: QuoteRow) -> str:
    who = q.speaker or speaker_label(q.speaker_name, q.speaker_text)
    written = f" (“{q.speaker_text}”)" if q.speaker_text and q.speaker_text != who else ""
    cue = f", cue “{q.cue}”" if q.cue else ""
    return f"{who}{written}, {q.kind}{cue}\n{_one_line(q.text)}\n{q.article_path}"


def _quote_order(q: QuoteRow) -> tuple[str, str, int]:
    return (q.article_date or "", q.article_path, q.start)


def _title(q: QuoteRow) -> str:
    return _one_line(q.article_title) or os.path.basename(q.article_path)


def error_cell(a: ArticleRow) -> str:
    """The problem, its code first, without the file name the message starts with (the row
    names the file): "E007 corrupt or truncated archive: ..."."""
    if a.ok:
        return ""
    message = _one_line(a.error)
    head = f"{a.path}: "
    if message.startswith(head):
        message = message[len(head) :]
    code = a.error_code or ""
    if code and message.endswith(f"[{code}]"):
        message = message[: -len(code) - 2].rstrip()
    return f"{code} {message}".strip()


ARTICLE_COLUMNS = (
    Column("Title", lambda a: _one_line(a.display_title), tip=lambda a: a.path),
    Column("Date", lambda a: a.date or "", sort=lambda a: a.date or ""),
    Column("Outlet", lambda a: a.outlet or ""),
    Column("Quotes", lambda a: str(a.quotes) if a.ok else "", sort=lambda a: a.quotes, numeric=True),
    Column("Figures", lambda a: str(a.figures) if a.ok else "", sort=lambda a: a.figures, numeric=True),
    Column("Error", error_cell, tip=lambda a: _one_line(a.error)),
)

SPEAKER_COLUMNS = (
    Column(
        "Speaker",
        lambda s: s.name,
        tip=lambda s: (
            "Also written: " + ", ".join(v for v in s.variants if v != s.name) if len(s.variants) > 1 else ""
        ),
    ),
    Column("Kind", lambda s: s.kind),
    Column("Quotes", lambda s: str(s.quotes), sort=lambda s: s.quotes, numeric=True),
    Column("Articles", lambda s: str(s.articles), sort=lambda s: s.articles, numeric=True),
)

SPEAKER_QUOTE_COLUMNS = (
    Column("Quote", quote_cell, sort=lambda q: _one_line(q.text).casefold(), tip=quote_tip),
    Column("As written", lambda q: _one_line(q.speaker_text or q.speaker_name)),
    Column("Article", _title, tip=lambda q: q.article_path),
    Column("Date", lambda q: q.article_date or "", sort=_quote_order),
)

SEARCH_COLUMNS = (
    Column("Quote", quote_cell, sort=lambda q: _one_line(q.text).casefold(), tip=quote_tip),
    Column("Speaker", lambda q: q.speaker or speaker_label(q.speaker_name, q.speaker_text)),
    Column("Article", _title, tip=lambda q: q.article_path),
    Column("Date", lambda q: q.article_date or "", sort=_quote_order),
)


# --- the index thread ----------------------------------------------------------------------------


class IndexJob(QObject):
    """One index run, on its own thread: emits progress and how it ended, touches no widget."""

    progressed = Signal(int, int, str)  # files done, files in all, the file just done
    finished = Signal(object)  # IndexSummary
    failed = Signal(str)  # one-line message

    def __init__(self, folders: Sequence[str], db_path: str, jobs: int) -> None:
        super().__init__()
        self.folders = list(folders)
        self.db_path = db_path
        self.jobs = jobs
        self.cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            from reader.library.indexer import index

            summary = index(
                self.folders,
                self.db_path,
                jobs=self.jobs,
                progress=lambda done, total, path: self.progressed.emit(done, total, path),
                cancel=self.cancel,
                processes=True,  # the model stays out of the window's process
            )
        except ReaderError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # an indexer bug: say so, keep the window
            self.failed.emit(f"Indexing failed ({type(exc).__name__}: {exc})")
            return
        self.finished.emit(summary)


# --- the panel -----------------------------------------------------------------------------------


def _caption(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("panelCaption")
    return label


def _follow(edit: QLineEdit, table: RowsTable) -> None:
    """Filter ``table`` by the words typed in ``edit``: at once in a table of a few thousand
    rows, after a pause in typing in a longer one."""
    timer = QTimer(edit)
    timer.setSingleShot(True)
    timer.setInterval(FILTER_DELAY_MS)
    timer.timeout.connect(lambda: table.proxy.set_words(edit.text()))

    def changed(text: str) -> None:
        if len(table.source.rows) <= FILTER_AT_ONCE_ROWS:
            table.proxy.set_words(text)
        else:
            timer.start()

    edit.textChanged.connect(changed)


def _filter_edit(placeholder: str, name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    name_line_edit(edit, name)
    return edit


def _page(top: QWidget | None, body: QWidget, *, margins: bool = True) -> QWidget:
    page = QWidget()
    col = QVBoxLayout(page)
    col.setContentsMargins(8, 6, 8, 0) if margins else col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(4)
    if top is not None:
        col.addWidget(top)
    col.addWidget(body, 1)
    return page


class Placeholder(QStackedWidget):
    """A table, or in its place a sentence saying why it is empty."""

    def __init__(self, table: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.label = QLabel()
        self.label.setObjectName("emptyState")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.addWidget(table)
        self.addWidget(self.label)

    def set_empty(self, text: str | None) -> None:
        """Show ``text`` instead of the table, or the table when ``text`` is None."""
        if text is None:
            self.setCurrentWidget(self.table)
        else:
            self.label.setText(text)
            self.setCurrentWidget(self.label)


class LibraryPanel(QWidget):
    """Articles, speakers and quote search over the library database at ``db_path``."""

    quoteChosen = Signal(object)  # QuoteRow: open its article there
    articleChosen = Signal(str)  # path: open the article
    indexStarted = Signal()
    indexProgress = Signal(int, int, str)  # files done, files in all, the file just done ("" at first)
    indexFinished = Signal(object)  # IndexSummary, or None when the run failed
    errorRaised = Signal(str)
    refreshed = Signal()  # the tables show the database as it is now

    def __init__(self, db_path: str | os.PathLike[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = os.fspath(db_path) if db_path is not None else None
        self.library: Library | None = None
        self.problem = ""  # why the database cannot be used, if it cannot
        self._version: int | None = None
        self._stale: set[int] = {0, 1, 2}  # tabs to fill again when shown (the database changed)
        self._speaker: SpeakerRow | None = None
        self._queue: list[str] = []  # folders waiting for the running index to end
        self._thread: QThread | None = None
        self._job: IndexJob | None = None
        self.last_summary: Any = None
        self._build()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)

    # -- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Library views")
        self.tabs.currentChanged.connect(lambda _i: self.refresh(force=True))
        lay.addWidget(self.tabs, 1)
        # beside the tabs: how the index run goes, its Cancel button, and Add Folder
        corner = QWidget()
        head = QHBoxLayout(corner)
        head.setContentsMargins(8, 2, 6, 2)
        head.setSpacing(8)
        self.status_label = QLabel()
        self.status_label.setObjectName("libraryStatus")
        self.progress = QProgressBar()
        self.progress.setFixedWidth(160)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Indexing progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop indexing after the current article (what is done is kept)")
        self.cancel_button.clicked.connect(self.cancel)
        self.add_button = QPushButton("Add Folder…")
        self.add_button.setToolTip("Analyse the articles of a folder into the library (File > Open Folder)")
        head.addWidget(self.status_label)
        head.addWidget(self.progress)
        head.addWidget(self.cancel_button)
        head.addWidget(self.add_button)
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self._set_running(False)

        # Articles
        self.article_filter = _filter_edit(
            "Filter articles by title, date, outlet, file or error", "Filter the articles"
        )
        self.articles = RowsTable(ARTICLE_COLUMNS)
        self.articles.set_widths([40, 11, 26, 7, 7, 26], stretch=0)
        self.articles.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        _follow(self.article_filter, self.articles)
        self.articles.rowChosen.connect(self._on_article_chosen)
        self.articles.setAccessibleName("Library articles")
        self.articles_box = Placeholder(self.articles)
        self.tabs.addTab(_page(self.article_filter, self.articles_box), "Articles")

        # Speakers: the list on the left, the chosen speaker's quotes on the right
        self.speaker_filter = _filter_edit(
            "Filter speakers by name or a way they are written", "Filter the speakers"
        )
        self.speakers = RowsTable(SPEAKER_COLUMNS, follow=True)
        self.speakers.set_widths([26, 12, 7, 7], stretch=0)
        self.speakers.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        _follow(self.speaker_filter, self.speakers)
        self.speakers.rowChosen.connect(self._on_speaker_chosen)
        self.speakers.setAccessibleName("Library speakers")
        self.speakers_box = Placeholder(self.speakers)
        self.speaker_caption = _caption()
        self.speaker_caption.setMinimumHeight(self.article_filter.sizeHint().height())
        self.speaker_quotes = RowsTable(SPEAKER_QUOTE_COLUMNS, lines=2)
        self.speaker_quotes.set_widths([60, 16, 28, 11], stretch=0)
        self.speaker_quotes.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.speaker_quotes.rowChosen.connect(self.quoteChosen)
        self.speaker_quotes.setAccessibleName("Quotes of the chosen speaker")
        self.speaker_quotes_box = Placeholder(self.speaker_quotes)
        self.speaker_quotes_box.set_empty("Choose a speaker to list their quotes, with the article and date")
        self.speaker_split = QSplitter(Qt.Orientation.Horizontal)
        self.speaker_split.setObjectName("speakerSplitter")
        self.speaker_split.addWidget(_page(self.speaker_filter, self.speakers_box, margins=False))
        self.speaker_split.addWidget(_page(self.speaker_caption, self.speaker_quotes_box, margins=False))
        self.speaker_split.setStretchFactor(0, 2)
        self.speaker_split.setStretchFactor(1, 5)
        self.speaker_split.setChildrenCollapsible(False)
        self.tabs.addTab(_page(None, self.speaker_split), "Speakers")

        # Search
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.search_edit = _filter_edit(
            "Search the quotes of the library by words, e.g. what did anyone say about the barrier?",
            "Search the library's quotes",
        )
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._run_search)
        self.search_caption = _caption()
        line.addWidget(self.search_edit, 1)
        line.addWidget(self.search_caption)
        self.results = RowsTable(SEARCH_COLUMNS, lines=2)
        self.results.set_widths([60, 20, 28, 11], stretch=0)
        self.results.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.results.rowChosen.connect(self.quoteChosen)
        self.results.setAccessibleName("Quotes found")
        self.results_box = Placeholder(self.results)
        self.results_box.set_empty("Type a few words: every quote that uses them, whoever said it")
        self.tabs.addTab(_page(row, self.results_box), "Search")
        self._show_counts(None)

    # -- the database -------------------------------------------------------------------------

    @property
    def path(self) -> str:
        """The database: the one given, else the library's default (fixed when first asked)."""
        if self.db_path is None:
            self.db_path = os.fspath(default_db_path())
        return self.db_path

    def open_library(self) -> bool:
        """Open the database (once); a problem is shown in the panel and emitted as one line."""
        if self.library is not None:
            return True
        try:
            self.library = Library(self.path)
        except ReaderError as exc:
            self.problem = str(exc)
            self._show_counts(None)
            self.errorRaised.emit(self.problem)
            return False
        self.problem = ""
        self._version = None
        self.refresh(force=True)
        return True

    def close_library(self) -> None:
        self._poll.stop()
        if self.library is not None:
            self.library.close()
            self.library = None

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.open_library():
            self._poll.start()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if not self.running:
            self._poll.stop()

    def refresh(self, *, force: bool = False) -> None:
        """Merge what changed in the database into the tables (the tab on screen; the others when
        they are shown)."""
        lib = self.library
        if lib is None:
            return
        try:
            version = lib.data_version()
            changed = version != self._version
            if changed:
                self._version = version
                self._stale = {0, 1, 2}
            if not (changed or force):
                return
            stale = self._stale
            tab = self.tabs.currentIndex()
            self._show_counts(lib.stats())
            if tab == 0 and 0 in stale:
                self.articles.source.merge(lib.articles())
            elif tab == 1 and 1 in stale:
                self.speakers.source.merge(lib.speakers())
                if self._speaker is not None:
                    self._fill_speaker_quotes(self._speaker)
            elif tab == 2 and 2 in stale and self.search_edit.text().strip():
                self._run_search()
            stale.discard(tab)
            self._stale = stale
        except ReaderError as exc:
            self.errorRaised.emit(str(exc))
            return
        self.refreshed.emit()

    def _show_counts(self, stats: Any) -> None:
        """The counts in the title (the dock shows it) and the tabs; why a table is empty."""
        none = NO_ARTICLES
        if stats is None:
            self.setWindowTitle("Library")
            self.tabs.setTabText(0, "Articles")
            self.tabs.setTabText(1, "Speakers")
            self.articles_box.set_empty(self.problem or none)
            self.speakers_box.set_empty(self.problem or "No speakers yet")
            return
        failed = f" ({stats.failed:,} failed)" if stats.failed else ""
        self.setWindowTitle(
            f"Library · {stats.articles:,} articles{failed} · {stats.quotes:,} quotes"
            f" · {stats.speakers:,} speakers"
        )
        self.tabs.setTabText(0, f"Articles  {stats.articles:,}")
        self.tabs.setTabText(1, f"Speakers  {stats.speakers:,}")
        first = "Analysing the first articles…" if self.running else none
        self.articles_box.set_empty(None if stats.articles else first)
        if stats.speakers:
            self.speakers_box.set_empty(None)
        elif self.running:
            self.speakers_box.set_empty("The speakers are merged across articles every few seconds…")
        else:
            self.speakers_box.set_empty("No quoted speakers yet" if stats.articles else none)

    # -- indexing -------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None

    def add_folder(self, folder: str | os.PathLike[str]) -> bool:
        """Index ``folder`` into the library in the background (after the run under way, if
        any). False when the database cannot be used (the problem is emitted)."""
        folder = os.path.abspath(os.fspath(folder))
        if not self.open_library():
            return False
        self._poll.start()
        if self.running:
            if folder not in self._queue:
                self._queue.append(folder)
            return True
        self._start([folder])
        return True

    def _start(self, folders: list[str]) -> None:
        job = IndexJob(folders, self.path, index_jobs())
        thread = QThread(self)
        thread.setObjectName("reader-library-index")
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.progressed.connect(self._on_progress)
        job.progressed.connect(self.indexProgress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        thread.finished.connect(job.deleteLater)
        self._thread, self._job = thread, job
        self.progress.setRange(0, 0)
        self.status_label.setText(f"Listing {_short(folders[0])}…")
        self._set_running(True)
        thread.start()
        self.indexStarted.emit()

    def cancel(self) -> None:
        """Stop the run after the current article (what is written stays) and drop the queue."""
        self._queue.clear()
        if self._job is not None:
            self._job.cancel.set()
            self.status_label.setText("Stopping…")
            self.cancel_button.setEnabled(False)

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, path: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if self._job is not None and self._job.cancel.is_set():
            return
        name = f" · {os.path.basename(path)}" if path else ""
        self.status_label.setText(f"Analysing {done:,} of {total:,}{name}")

    def _end_run(self) -> None:
        thread, self._thread, self._job = self._thread, None, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        self._set_running(False)

    @Slot(object)
    def _on_finished(self, summary: Any) -> None:
        self._end_run()
        self.last_summary = summary
        parts = [f"{summary.analysed:,} analysed"]
        if summary.unchanged:
            parts.append(f"{summary.unchanged:,} unchanged")
        if summary.failed:
            parts.append(f"{summary.failed:,} failed")
        head = "Stopped" if summary.cancelled else "Done"
        self.status_label.setText(f"{head}: {', '.join(parts)}")
        self.status_label.setToolTip("\n".join(m for _p, m in summary.failures[:20]))
        self.refresh(force=True)
        self.indexFinished.emit(summary)
        self._next()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._end_run()
        self.last_summary = None
        self.status_label.setText("Indexing failed")
        self.status_label.setToolTip(message)
        self.errorRaised.emit(message)
        self.refresh(force=True)
        self.indexFinished.emit(None)
        self._next()

    def _next(self) -> None:
        if self._queue:
            folders, self._queue = self._queue, []
            self._start(folders)
        elif not self.isVisible():
            self._poll.stop()

    def shutdown(self) -> None:
        """Stop a run (the window closes): cancel, wait for the thread, close the database."""
        self._queue.clear()
        if self._job is not None:
            self._job.cancel.set()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(30_000)
            self._thread = None
            self._job = None
        self.close_library()

    # -- choosing -----------------------------------------------------------------------------

    def _on_article_chosen(self, row: ArticleRow) -> None:
        if row.ok:
            self.articleChosen.emit(row.path)
        else:
            self.errorRaised.emit(_one_line(row.error) or f"{row.path}: could not be analysed")

    def _on_speaker_chosen(self, row: SpeakerRow) -> None:
        self._speaker = row
        self._fill_speaker_quotes(row)

    def _fill_speaker_quotes(self, row: SpeakerRow) -> None:
        lib = self.library
        if lib is None:
            return
        fresh = lib.speaker(row.id)
        if fresh is None:  # merged away by a rebuild: find the person again by name
            found = lib.find_speakers(row.name)
            fresh = found[0] if found else None
        if fresh is None:
            self._speaker = None
            self.speaker_caption.setText("")
            self.speaker_quotes.source.replace([])
            self.speaker_quotes_box.set_empty(
                "Choose a speaker to list their quotes, with the article and date"
            )
            return
        if self._speaker is not None and fresh.id != self._speaker.id:
            self.speaker_quotes.source.replace([])
        self._speaker = fresh
        quotes = lib.quotes(speaker_id=fresh.id)
        self.speaker_quotes.source.merge(quotes)
        self.speaker_quotes_box.set_empty(None if quotes else f"No quotes by {fresh.name} any more")
        others = [v for v in fresh.variants if v != fresh.name]
        also = f" · also written {', '.join(others[:4])}" if others else ""
        articles = f"{fresh.articles} article{'s' if fresh.articles != 1 else ''}"
        self.speaker_caption.setText(
            f"{fresh.name}: {fresh.quotes} quote{'s' if fresh.quotes != 1 else ''} in {articles}{also}"
        )
        self.speaker_caption.setToolTip(", ".join(fresh.variants))

    def search(self, words: str) -> list[QuoteRow]:
        """Show the Search tab with the quotes found for ``words``; returns them."""
        self.tabs.setCurrentIndex(2)
        self.search_edit.setText(words)
        self._run_search()
        return self.results.shown_rows()

    def _run_search(self) -> None:
        self._search_timer.stop()
        words = self.search_edit.text().strip()
        lib = self.library
        if lib is None or not words:
            self.results.source.replace([])
            self.search_caption.setText("")
            self.results_box.set_empty("Type a few words: every quote that uses them, whoever said it")
            return
        try:
            found = lib.search(words, limit=SEARCH_LIMIT)
        except ReaderError as exc:
            self.search_caption.setText("")
            self.errorRaised.emit(str(exc))
            return
        if [r.id for r in found] != [r.id for r in self.results.source.rows]:
            self.results.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # best first: the search's order
            self.results.source.replace(found)
        n = len(found)
        more = "+" if n >= SEARCH_LIMIT else ""
        self.search_caption.setText(f"{n}{more} quote{'s' if n != 1 else ''}" if n else "")
        self.results_box.set_empty(None if n else f"No quote uses these words: {words}")


def quote_span(text: str, start: int, end: int, words: str) -> tuple[int, int] | None:
    """Where a library quote is in its article's ``text``: at ``start``..``end`` when the words are
    there (the file is as it was indexed), else the first place the words are found (the file
    was edited since), else None."""
    want = _one_line(words)
    if 0 <= start < end <= len(text) and _one_line(text[start:end]) == want:
        return start, end
    at = text.find(words) if words else -1
    if at >= 0:
        return at, at + len(words)
    return None


def _short(path: str) -> str:
    home = os.path.expanduser("~")
    return "~" + path[len(home) :] if path.startswith(home + os.sep) else path
