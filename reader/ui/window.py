"""The main window: article on the left, quotes/entities and the figures chart on the right."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.categories import Category
from reader.core.errors import ReaderError
from reader.core.loaders import open_filters
from reader.core.model import Analysis, Article, Quote
from reader.core.selection import Selection, View, apply
from reader.ui import theme
from reader.ui.article_view import ArticleView
from reader.ui.bars import FilterBar, FindBar, LegendBar, MessageBar
from reader.ui.chart_panel import ChartPanel
from reader.ui.controller import Controller
from reader.ui.corrections_ui import Corrector
from reader.ui.entities_panel import ID_ROLE, EntitiesPanel
from reader.ui.quotes_panel import QUOTE_ROLE, QuotesPanel, speaker_label
from reader.ui.settings import (
    add_recent,
    clear_recent,
    int_value,
    last_export_folder,
    list_value,
    recent_files,
    save_theme,
    saved_theme,
    set_last_export_folder,
    settings,
)
from reader.ui.slices import slicer

if TYPE_CHECKING:
    from reader.ui.library_panel import LibraryPanel

OPEN_FILTERS = open_filters()
EXPORT_FILTERS = ";;".join(
    [
        "PDF document (*.pdf)",
        "HTML page (*.html)",
        "Markdown (*.md)",
        "JSON data (*.json)",
        "CSV table (*.csv)",
    ]
)
FIND_LIMIT = 5000
LIBRARY_SHARE = 0.45  # the Library dock's height when first shown, as a share of the window's
LIBRARY_MIN_SHARE = 0.25  # a restored height below this share is taken for a layout saved hidden


class MainWindow(QMainWindow):
    analysisShown = Signal()  # the current analysis is on screen (highlights applied)
    articleShown = Signal()
    exportFinished = Signal(bool, str)  # written, path or message
    errorShown = Signal(str)

    def __init__(self, controller: Controller | None = None) -> None:
        super().__init__()
        self._chart_ready = False  # the worker thread has imported pyqtgraph (chartReady)
        self.controller = controller or Controller(self)
        self._words = 0  # the current article's word count, counted once per article
        self.view: View | None = None
        self._shown_analysis: Analysis | None = None
        self._find_cursors: list[QTextCursor] = []
        self._entities_key: tuple | None = None
        self._figure_at = -1  # the figure Go > Next Figure showed last (in text order)
        self.setWindowTitle("Reader")
        self.setAcceptDrops(True)
        self._told_orphaned: tuple = ()  # the corrections the message bar said were not re-attached
        self._build_widgets()
        self.corrector = Corrector(self, self.controller, self.article_view.selected_range, self._say)
        self._build_actions()
        self._connect()
        self._restore_settings()
        self._refresh_style()

    # --- construction -----------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.article_view = ArticleView()
        self.legend = LegendBar()
        self.filter_bar = FilterBar()
        self.message_bar = MessageBar()
        self.find_bar = FindBar()
        left = QWidget()
        left.setObjectName("articleColumn")
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self.message_bar)
        col.addWidget(self.legend)
        col.addWidget(self.filter_bar)
        col.addWidget(self.article_view, 1)
        col.addWidget(self.find_bar)

        self.quotes_panel = QuotesPanel()
        self.entities_panel = EntitiesPanel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.quotes_panel, "Quotes")
        self.tabs.addTab(self.entities_panel, "Entities")
        self.chart = ChartPanel()

        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.setObjectName("sideSplitter")
        self.side_splitter.addWidget(self.tabs)
        self.side_splitter.addWidget(self.chart)
        self.side_splitter.setStretchFactor(0, 3)
        self.side_splitter.setStretchFactor(1, 2)
        self.side_splitter.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side_splitter)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([760, 500])
        self.side_splitter.setSizes([460, 300])
        self.setCentralWidget(self.splitter)
        self.article_view.setAccessibleName("Article")
        self.article_view.setAccessibleDescription(
            "The article with its highlights. Go > Next Quote (Ctrl+J), Next Entity (Ctrl+K) and "
            "Next Figure (Ctrl+U) step through them; Esc clears the filter."
        )
        self.tabs.setAccessibleName("Quotes and entities")
        self.chart.setAccessibleName("Figures chart")

        self.status_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.progress.setAccessibleName("Analysis progress")
        self.status_label.setAccessibleName("Status")
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        # an export under way: its pages and a Cancel button (it runs on the worker)
        self.export_box = QWidget()
        box = QHBoxLayout(self.export_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.export_status = QLabel()
        self.export_cancel = QPushButton("Cancel")
        self.export_cancel.setToolTip("Stop the export (nothing is written)")
        self.export_cancel.setAccessibleName("Cancel the export")
        self.export_cancel.clicked.connect(self.controller.cancel_export)
        box.addWidget(self.export_status)
        box.addWidget(self.export_cancel)
        self.export_box.hide()
        self.statusBar().addPermanentWidget(self.export_box)
        self.statusBar().setSizeGripEnabled(False)
        # the library: a dock (bottom by default, movable), hidden until asked for; its panel (and
        # the library's modules) are made the first time it is shown, not at start-up
        self._library_panel: LibraryPanel | None = None
        self.library_dock = QDockWidget("Library", self)
        self.library_dock.setObjectName("libraryDock")
        self.library_dock.setWidget(QWidget())
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.library_dock)
        self.library_dock.hide()
        self.library_dock.visibilityChanged.connect(self._on_library_visible)
        self.library_dock.visibilityChanged.connect(self._size_library)
        self._library_sized = False  # the dock gets a good height the first time it is shown
        self._jump: tuple[str, int, int, str] | None = None  # a library quote to show once loaded

    def _action(self, text: str, slot, shortcut=None, *, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        SK = QKeySequence.StandardKey
        mb = self.menuBar()
        file_menu = mb.addMenu("&File")
        self.act_open = self._action("&Open…", self.open_dialog, SK.Open)
        file_menu.addAction(self.act_open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.act_reload = self._action("&Reload", self.controller.reload, [SK.Refresh, "F5"])
        file_menu.addAction(self.act_reload)
        file_menu.addSeparator()
        self.act_open_folder = self._action(
            "Open &Folder…",
            self.open_folder_dialog,
            "Ctrl+Shift+O",
            tip="Add a folder's articles to the library (analysed in the background)",
        )
        file_menu.addAction(self.act_open_folder)
        self.act_library = self.library_dock.toggleViewAction()
        self.act_library.setText("&Library")
        self.act_library.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.act_library.setStatusTip("Show the library: its articles, speakers and a quote search")
        self.addAction(self.act_library)
        file_menu.addAction(self.act_library)
        file_menu.addSeparator()
        self.act_export = self._action("&Export…", self.export_dialog, "Ctrl+E")
        file_menu.addAction(self.act_export)
        self.act_print = self._action("&Print…", self.print_article, SK.Print)
        file_menu.addAction(self.act_print)
        file_menu.addSeparator()
        self.act_quit = self._action("&Quit", self.close, SK.Quit)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.act_quit)

        edit_menu = mb.addMenu("&Edit")
        stack = self.controller.undo_stack
        self.act_undo = stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts([QKeySequence(SK.Undo)])
        self.act_redo = stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(SK.Redo)])
        for act in (self.act_undo, self.act_redo):
            self.addAction(act)
            edit_menu.addAction(act)
        self.act_add_quote = self._action(
            "Add &Quote from Selection…",
            self.corrector.add_quote,
            "Ctrl+Shift+A",
            tip="The words selected in the article are a quote the analysis missed: say who said it",
        )
        edit_menu.addAction(self.act_add_quote)
        edit_menu.addSeparator()
        self.act_copy = self._action("&Copy", self.article_view.copy, SK.Copy)
        edit_menu.addAction(self.act_copy)
        self.act_select_all = self._action("Select &All", self.article_view.selectAll, SK.SelectAll)
        edit_menu.addAction(self.act_select_all)
        edit_menu.addSeparator()
        self.act_find = self._action("&Find…", self.find_bar.open_bar, SK.Find)
        edit_menu.addAction(self.act_find)
        self.act_find_next = self._action("Find &Next", lambda: self._find_step(False), [SK.FindNext])
        edit_menu.addAction(self.act_find_next)
        self.act_find_prev = self._action("Find Pre&vious", lambda: self._find_step(True), [SK.FindPrevious])
        edit_menu.addAction(self.act_find_prev)
        edit_menu.addSeparator()
        self.act_clear = self._action("Clear &Filter", self.escape, "Esc")
        self.act_clear.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        edit_menu.addAction(self.act_clear)

        view_menu = mb.addMenu("&View")
        self.act_zoom_in = self._action("Zoom &In", lambda: self.zoom(+1), [SK.ZoomIn, "Ctrl+="])
        self.act_zoom_out = self._action("Zoom &Out", lambda: self.zoom(-1), [SK.ZoomOut, "Ctrl+-"])
        self.act_zoom_reset = self._action("&Actual Size", lambda: self.zoom(0), "Ctrl+0")
        for act in (self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset):
            view_menu.addAction(act)
        view_menu.addSeparator()
        self.act_side = self._action("Side &Panel", self._toggle_side, "F9")
        self.act_side.setCheckable(True)
        self.act_side.setChecked(True)
        view_menu.addAction(self.act_side)
        view_menu.addAction(self.act_library)
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_actions = QActionGroup(self)
        self.theme_actions.setExclusive(True)
        app = QApplication.instance()
        applied = app.property("readerTheme") if app is not None else None
        current = applied if applied in ("light", "dark", "system") else (saved_theme() or "system")
        for name, label in (("light", "&Light"), ("dark", "&Dark"), ("system", "Follow the &System")):
            act = QAction(label, self, checkable=True)
            act.setData(name)
            act.setChecked(name == current)
            act.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            self.theme_actions.addAction(act)
            theme_menu.addAction(act)

        go_menu = mb.addMenu("&Go")
        self.act_next_quote = self._action("Next &Quote", lambda: self.step_quote(+1), "Ctrl+J")
        self.act_prev_quote = self._action("Previous Q&uote", lambda: self.step_quote(-1), "Ctrl+Shift+J")
        self.act_next_entity = self._action("Next &Entity", lambda: self.step_entity(+1), "Ctrl+K")
        self.act_prev_entity = self._action("Previous E&ntity", lambda: self.step_entity(-1), "Ctrl+Shift+K")
        self.act_next_figure = self._action("Next &Figure", lambda: self.step_figure(+1), "Ctrl+U")
        self.act_prev_figure = self._action("Previous F&igure", lambda: self.step_figure(-1), "Ctrl+Shift+U")
        for act in (
            self.act_next_quote,
            self.act_prev_quote,
            self.act_next_entity,
            self.act_prev_entity,
            self.act_next_figure,
            self.act_prev_figure,
        ):
            go_menu.addAction(act)
        go_menu.addSeparator()
        self.act_filter = self._action(
            "Fi&lter to an Entity…",
            self.open_filter,
            "Ctrl+L",
            tip="Choose an entity with the arrow keys, Enter to filter to it, Esc to clear the filter",
        )
        go_menu.addAction(self.act_filter)
        go_menu.addSeparator()
        self.focus_actions = []
        for n, (label, target) in enumerate(
            (
                ("&Article", lambda: self._focus(self.article_view)),
                ("Quotes &List", lambda: self._focus(self.quotes_panel.list, self.quotes_panel)),
                ("Entities &Tree", lambda: self._focus(self.entities_panel, self.entities_panel)),
                ("Fi&gures", self._focus_figures),
            ),
            1,
        ):
            act = self._action(label, target, f"Ctrl+{n}")
            go_menu.addAction(act)
            self.focus_actions.append(act)
        self.act_table = self._action("Figures as a &Table", self.show_figures_table, "Ctrl+T")
        self.act_table.setCheckable(True)
        self.act_table.setStatusTip(
            "Every figure as a row (value, unit, what it measures) instead of the chart"
        )
        view_menu.insertAction(theme_menu.menuAction(), self.act_table)
        view_menu.insertSeparator(theme_menu.menuAction())

        help_menu = mb.addMenu("&Help")
        help_menu.addAction(self._action("&About Reader", self._about))
        self._set_actions_enabled()

    def _connect(self) -> None:
        c = self.controller
        self.quotes_panel.quoteMenuRequested.connect(self._quote_menu)
        self.entities_panel.entityMenuRequested.connect(self._entity_menu)
        self.chart.figureMenuRequested.connect(self._figure_menu)
        self.article_view.context_actions = self._text_menu
        c.articleChanged.connect(self._on_article_changed)
        c.analysisChanged.connect(self._on_analysis_changed)
        c.selectionChanged.connect(self._on_selection_changed)
        c.progressChanged.connect(self._on_progress_changed)
        c.busyChanged.connect(self._on_busy_changed)
        c.errorRaised.connect(self._on_error_raised)
        c.modelStateChanged.connect(self._on_model_state_changed)
        c.chartReady.connect(self._on_chart_ready)
        c.exportProgress.connect(self._on_export_progress)
        c.exportFinished.connect(self._on_export_finished)
        self.article_view.entityClicked.connect(self._on_entity_clicked)
        self.article_view.highlightsApplied.connect(self._on_highlights_applied)
        self.entities_panel.entityClicked.connect(self._on_entity_clicked)
        self.quotes_panel.speakerClicked.connect(self._on_entity_clicked)
        self.quotes_panel.quoteActivated.connect(self._on_quote_activated)
        self.chart.figureClicked.connect(self._on_figure_clicked)
        self.legend.categoryToggled.connect(self._on_category_toggled)
        self.filter_bar.clearRequested.connect(self.controller.clear_filter)
        self.filter_bar.removeRequested.connect(lambda eid: self.controller.toggle_entity(eid, add=True))
        self.find_bar.findRequested.connect(self._on_find_requested)
        self.find_bar.closed.connect(self._on_find_closed)
        self.splitter.splitterMoved.connect(self._save_layout)
        self.side_splitter.splitterMoved.connect(self._save_layout)
        self.article_view.documentReady.connect(self._show_jump)

    # --- public API -------------------------------------------------------------------

    def open_path(self, path: str | os.PathLike[str]) -> None:
        self.message_bar.hide()
        self.controller.open(os.fspath(path))

    def open_dialog(self) -> None:
        start = os.path.dirname(self.controller.path) if self.controller.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open article", start, OPEN_FILTERS)
        if path:
            self.open_path(path)

    def open_folder(self, path: str | os.PathLike[str]) -> bool:
        """File > Open Folder: show the Library panel and analyse the folder's articles into the
        library in the background (the window stays usable). False when the library database
        cannot be used (the message is shown)."""
        self.library_dock.show()
        self.library_dock.raise_()
        return self.library_panel.add_folder(path)

    def open_folder_dialog(self) -> None:
        start = os.path.dirname(self.controller.path) if self.controller.path else str(Path.home())
        path = QFileDialog.getExistingDirectory(self, "Add a folder to the library", start)
        if path:
            self.open_folder(path)

    @property
    def library_panel(self) -> LibraryPanel:
        """The Library dock's panel, made on first use."""
        if self._library_panel is None:
            from reader.ui.library_panel import LibraryPanel

            panel = LibraryPanel()
            self._library_panel = panel
            self.library_dock.setWidget(panel)
            self.library_dock.setWindowTitle(panel.windowTitle() or "Library")
            panel.windowTitleChanged.connect(self.library_dock.setWindowTitle)
            panel.quoteChosen.connect(self.open_quote)
            panel.articleChosen.connect(self.open_path)
            panel.errorRaised.connect(self._on_error_raised)
            panel.add_button.clicked.connect(self.open_folder_dialog)
        return self._library_panel

    def _on_library_visible(self, visible: bool) -> None:
        if visible:
            _ = self.library_panel

    def _size_library(self, visible: bool) -> None:
        if visible and not self._library_sized and not self.library_dock.isFloating():
            self._library_sized = True
            QTimer.singleShot(0, self._fit_library)

    def _fit_library(self) -> None:
        """The Library dock, once laid out, at least a good share of the window's height: a layout
        saved while it was hidden (or never shown) leaves it a few rows tall."""
        dock = self.library_dock
        if dock.isVisible() and not dock.isFloating() and dock.height() < LIBRARY_MIN_SHARE * self.height():
            self.resizeDocks([dock], [int(self.height() * LIBRARY_SHARE)], Qt.Orientation.Vertical)

    def open_quote(self, quote) -> None:
        """Open the article of a library quote (``QuoteRow``), scrolled to the quote and the
        quote flashed; an article already shown is only scrolled."""
        path = os.path.abspath(quote.article_path)
        self._jump = (path, quote.start, quote.end, quote.text)
        if self._shows(path) and not self.article_view.building:
            self._show_jump()
        else:
            self.open_path(path)

    def _shows(self, path: str) -> bool:
        current = self.controller.path
        if self.controller.article is None or current is None:
            return False
        return os.path.abspath(current) == path

    def _show_jump(self) -> None:
        if self._jump is None or not self._shows(self._jump[0]) or self.controller.article is None:
            return
        path, start, end, words = self._jump
        self._jump = None
        from reader.ui.library_panel import quote_span

        span = quote_span(self.controller.article.text, start, end, words)
        if span is None or not self.article_view.scroll_to(*span):
            self._on_error_raised(f"{path}: the quote is no longer in the file (Open Folder again to update)")

    def export_proposal(self) -> str:
        """The path the export dialog proposes: see ``reader.report.export.propose_export_path``."""
        from reader.report.document import article_title
        from reader.report.export import propose_export_path

        analysis = self.controller.analysis
        title = article_title(analysis.article) if analysis is not None else "Article"
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return propose_export_path(
            title,
            self.controller.path,
            last_folder=last_export_folder(),
            documents=documents or None,
            home=str(Path.home()),
        )

    def export_dialog(self) -> None:
        """File > Export: a save dialog on the proposed path that asks nothing itself; the
        refusals come first, then "replace?" (``export_checked``)."""
        analysis = self.controller.analysis
        if analysis is None:
            self._on_error_raised("Nothing to export yet: the analysis is not finished.")
            return
        proposal = self.export_proposal()
        dialog = QFileDialog(self, "Export", os.path.dirname(proposal), EXPORT_FILTERS)
        dialog.setObjectName("exportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
        dialog.selectFile(os.path.basename(proposal))
        accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
        files, chosen = dialog.selectedFiles(), dialog.selectedNameFilter()
        dialog.deleteLater()
        if accepted and files:
            path = files[0]
            if not Path(path).suffix and "(*." in chosen:
                path += chosen.split("(*")[1].rstrip(")")
            self.export_checked(path)

    def export_checked(self, path: str) -> bool:
        """Export to ``path`` after the checks: a refusal (the source file itself, a missing or
        unwritable folder, an unknown format) is shown at once; only a target that passes them
        and exists already is met with "replace?"."""
        from reader.report.export import check_target

        try:
            check_target(self.controller.path, path)
        except ReaderError as exc:
            self._on_error_raised(str(exc))
            return False
        if os.path.exists(path) and not self.confirm_replace(path):
            return False
        return self.export_to(path)

    def confirm_replace(self, path: str) -> bool:
        folder = os.path.dirname(os.path.abspath(path))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Replace file?",
            f"{os.path.basename(path)} already exists in {folder}. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("replaceQuestion")
        box.button(QMessageBox.StandardButton.Yes).setText("Replace")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        answer = box.exec()
        box.deleteLater()
        return answer == QMessageBox.StandardButton.Yes

    def export_to(self, path: str) -> bool:
        """Export the current analysis, with the current filter and toggles, to ``path``: checked
        here (a refusal is shown at once and gives False), written on the worker with its pages
        counted in the status bar and a Cancel button; ``exportFinished`` says how it ended."""
        analysis = self.controller.analysis
        if analysis is None or self.controller.exporting:
            if self.controller.exporting:
                self._on_error_raised("An export is already under way.")
            return False
        try:
            from reader.report.export import ExportOptions, check_target, export_format

            export_format(path)
            check_target(self.controller.path, path)
        except ReaderError as exc:
            self._on_error_raised(str(exc))
            return False
        self.controller.export(path, ExportOptions(selection=self.controller.selection))
        self.export_status.setText(f"Exporting {Path(path).name}…")
        self.export_box.show()
        self.act_export.setEnabled(False)
        return True

    def _on_export_progress(self, done: int, total: int) -> None:
        self.export_status.setText(f"Exporting… page {done + 1} of {total}")

    def _on_export_finished(self, ok: bool, detail: str) -> None:
        self.export_box.hide()
        self._set_actions_enabled()
        self._printer = None
        if ok and not detail:
            self.statusBar().showMessage("Sent to the printer", 6000)
        elif ok:
            set_last_export_folder(detail)
            self.statusBar().showMessage(f"Exported to {detail}", 6000)
        else:
            self._on_error_raised(detail)
        self.exportFinished.emit(ok, detail)

    def print_article(self) -> None:
        """File > Print: the print dialog here, the painting on the worker (pages counted in the
        status bar, with Cancel)."""
        analysis = self.controller.analysis
        if analysis is None or self.controller.exporting:
            return
        try:
            from reader.report.document import build_content
            from reader.report.export import ExportOptions
            from reader.ui import pdf

            options = ExportOptions(selection=self.controller.selection)
            printer = pdf.ask_printer(self, build_content(analysis, options).title(), options)
        except ImportError:
            self._on_error_raised("Printing is not available in this build")
            return
        except ReaderError as exc:
            self._on_error_raised(str(exc))
            return
        if printer is None:
            return
        self._printer = printer  # kept alive while the worker paints on it
        self.controller.print_analysis(printer, options)
        self.export_status.setText("Printing…")
        self.export_box.show()
        self.act_export.setEnabled(False)
        self.act_print.setEnabled(False)

    def escape(self) -> None:
        """Esc: close the find bar when typing in it, else clear the filter, else close bars."""
        if self.find_bar.isVisible() and self.find_bar.edit.hasFocus():
            self.find_bar.close_bar()
        elif self.controller.clear_filter():
            pass
        elif self.find_bar.isVisible():
            self.find_bar.close_bar()
        elif self.message_bar.isVisible():
            self.message_bar.hide()

    def zoom(self, step: int) -> None:
        steps = 0 if step == 0 else self.article_view.zoom_steps + step
        self.article_view.set_zoom(steps)
        settings().setValue("view/zoom", self.article_view.zoom_steps)

    # --- keyboard: stepping through quotes, entities and figures ------------------------

    def step_quote(self, step: int) -> None:
        """Go > Next/Previous Quote: the next quote of the list (as it is ordered) made current,
        shown in the text and read out (the list takes the focus, so a screen reader says it)."""
        lst = self.quotes_panel.list
        if lst.count() == 0:
            self.statusBar().showMessage("No quotes to go to", 4000)
            return
        self._show_side()
        self.tabs.setCurrentWidget(self.quotes_panel)
        row = lst.currentRow()
        row = (0 if step > 0 else lst.count() - 1) if row < 0 else (row + step) % lst.count()
        lst.setCurrentRow(row)
        lst.scrollToItem(lst.item(row))
        lst.setFocus(Qt.FocusReason.ShortcutFocusReason)
        quote = lst.item(row).data(QUOTE_ROLE)
        self.article_view.scroll_to(quote.start, quote.end)
        self.statusBar().showMessage(f"Quote {row + 1} of {lst.count()}: {speaker_label(quote)}", 6000)

    def step_entity(self, step: int) -> None:
        """Go > Next/Previous Entity: the next entity of the Entities tree made current and its
        first mention shown in the text; Enter then filters to it."""
        items = self.entities_panel.entity_items()
        if not items:
            self.statusBar().showMessage("No entities to go to", 4000)
            return
        self._show_side()
        self.tabs.setCurrentWidget(self.entities_panel)
        current = self.entities_panel.currentItem()
        k = items.index(current) if current in items else -1
        k = (0 if step > 0 else len(items) - 1) if k < 0 else (k + step) % len(items)
        self.entities_panel.setCurrentItem(items[k])
        self.entities_panel.scrollToItem(items[k])
        self.entities_panel.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._show_first_mention(items[k].data(0, ID_ROLE))
        self.statusBar().showMessage(
            f"Entity {k + 1} of {len(items)}: {items[k].text(0)} (Enter filters to it)", 6000
        )

    def step_figure(self, step: int) -> None:
        """Go > Next/Previous Figure: the figures the view keeps, in text order, each shown in the
        text (and its row made current when the figures are a table)."""
        figures = sorted(self.view.figures, key=lambda f: f.start) if self.view is not None else []
        if not figures:
            self.statusBar().showMessage("No figures to go to", 4000)
            return
        k = self._figure_at
        k = (0 if step > 0 else len(figures) - 1) if k < 0 else (k + step) % len(figures)
        self._figure_at = k
        f = figures[k]
        self.article_view.scroll_to(f.start, f.end)
        if self.chart.as_table and k < self.chart.table.rowCount():
            self.chart.table.selectRow(k)
        what = f" ({f.of})" if f.of else ""
        self.statusBar().showMessage(f"Figure {k + 1} of {len(figures)}: {f.text}{what}", 6000)

    def open_filter(self) -> None:
        """Go > Filter to an Entity: the Entities tree with the keyboard in it, on the first
        entity (or the one already current); Enter filters, Esc clears the filter."""
        self._show_side()
        self.tabs.setCurrentWidget(self.entities_panel)
        items = self.entities_panel.entity_items()
        if items and self.entities_panel.currentItem() not in items:
            self.entities_panel.setCurrentItem(items[0])
        self.entities_panel.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus(self, widget: QWidget, tab: QWidget | None = None) -> None:
        if tab is not None:
            self._show_side()
            self.tabs.setCurrentWidget(tab)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_side(self) -> None:
        """The side panel, shown if F9 hid it: the keyboard never goes to a hidden widget."""
        self.side_splitter.show()
        self.act_side.setChecked(True)

    def _focus_figures(self) -> None:
        self._show_side()
        if self.chart.as_table:
            self.chart.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif self.chart.selector.isVisible():
            self.chart.selector.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.show_figures_table(True)
            self.chart.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_figures_table(self, on: bool) -> None:
        """View > Figures as a Table: the chart's alternative, every figure as a row."""
        self.act_table.setChecked(on)
        self.chart.show_table(on)
        settings().setValue("view/figuresTable", on)

    def _show_first_mention(self, entity_id: str | None) -> None:
        analysis = self.controller.analysis
        ent = analysis.entity(entity_id) if analysis is not None and entity_id else None
        if ent is not None and ent.mentions:
            first = min(ent.mentions, key=lambda m: m.start)
            self.article_view.scroll_to(first.start, first.end)

    def is_idle(self) -> bool:
        """No load/analysis under way, every highlight applied and every panel (the chart too)
        drawn."""
        return (
            not self.controller.busy
            and not self.article_view.highlights_pending
            and not slicer().running((self, "refresh"))
        )

    # --- controller signals -------------------------------------------------------------

    def _on_article_changed(self, article: Article) -> None:
        self._shown_analysis = None
        self.view = None
        self.article_view.set_article(article)
        self.quotes_panel.set_quotes(None, ())
        self.quotes_panel.count_label.setText("Analysing…")
        self.quotes_panel.empty.setText("Finding quotes…")
        self.entities_panel.set_analysis(None, self.controller.selection)
        self.chart.set_figures((), total=0)
        self.chart.empty.setText("Finding figures…")
        self.filter_bar.set_entities([], "")
        title = self.article_view.display_title or (
            Path(article.source).name if article.source else "Untitled"
        )
        self.setWindowTitle(f"{title} — Reader")
        if self.controller.path:
            add_recent(self.controller.path)
        if article.warning:
            self.message_bar.show_message(f"{title}: {article.warning}", kind="info")
        self._words = article.word_count()  # once per article: the progress text repeats it
        self.status_label.setText(f"{self._words:,} words · analysing…")
        self._find_cursors = []
        if self.find_bar.isVisible():
            self._on_find_requested(self.find_bar.edit.text(), False)
        self._set_actions_enabled()
        self.articleShown.emit()

    def _on_analysis_changed(self, analysis: Analysis) -> None:
        self._figure_at = -1
        self._refresh(full=True)
        self.article_view.set_corrected(
            [q.start for q in analysis.quotes if q.corrected]
            + [f.start for f in analysis.figures if f.corrected]
        )
        lost = self.controller.orphaned
        if lost and lost != self._told_orphaned:
            self._told_orphaned = lost
            words = "; ".join(f"{c.title}: “{' '.join(c.target.exact.split())[:50]}”" for c in lost[:3])
            self.message_bar.show_message(
                f"{len(lost)} of your corrections could not be re-attached (the text or its analysis "
                f"changed): {words}{'; …' if len(lost) > 3 else ''}",
                kind="info",
            )

    # --- corrections: the context menus ---------------------------------------------------

    def _say(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def _quote_menu(self, quote: Quote, where: QPoint) -> None:
        menu = QMenu(self)
        self.corrector.add_quote_actions(menu, quote)
        menu.exec(where)
        menu.deleteLater()

    def _entity_menu(self, entity_id: str, where: QPoint) -> None:
        a = self.controller.analysis
        entity = a.entity(entity_id) if a is not None else None
        if entity is None:
            return
        menu = QMenu(self)
        self.corrector.add_entity_actions(menu, entity)
        menu.exec(where)
        menu.deleteLater()

    def _figure_menu(self, start: int, end: int, where: QPoint) -> None:
        a = self.controller.analysis
        figure = next((f for f in a.figures if (f.start, f.end) == (start, end)), None) if a else None
        if figure is None:
            return
        menu = QMenu(self)
        self.corrector.add_figure_actions(menu, figure)
        menu.exec(where)
        menu.deleteLater()

    def _text_menu(self, menu: QMenu, offset: int | None) -> None:
        """The article's context menu: the corrections of what is under the pointer (a quote, a
        figure, an entity) and of the selection."""
        a = self.controller.analysis
        if a is None:
            return
        if offset is not None:
            quote = next((q for q in a.quotes if q.start <= offset < q.end), None)
            if quote is not None:
                self.corrector.add_quote_actions(menu.addMenu("&Quote"), quote)
            figure = next((f for f in a.figures if f.start <= offset < f.end), None)
            if figure is not None:
                self.corrector.add_figure_actions(menu.addMenu("&Figure"), figure)
            entity_id = next(
                (e.entity_id for e in a.entities if e.start <= offset < e.end and e.entity_id), None
            )
            entity = a.entity(entity_id) if entity_id else None
            if entity is not None:
                self.corrector.add_entity_actions(menu.addMenu(f"&{entity.name[:40]}"), entity)
        self.corrector.add_selection_actions(menu)

    def _on_selection_changed(self, selection: Selection) -> None:
        self._figure_at = -1
        self._refresh(full=False)

    def _on_progress_changed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        pct = int(100 * done / max(total, 1))
        self.status_label.setText(f"{self._word_text()} · analysing… {pct}%")

    def _on_busy_changed(self, busy: bool) -> None:
        if busy:
            self.progress.setRange(0, 0)
            self.progress.show()
        else:
            self.progress.hide()
        self._set_actions_enabled()

    def _on_error_raised(self, message: str) -> None:
        self.message_bar.show_message(message)
        if self.controller.article is not None and self.controller.analysis is not None:
            self._update_status()
        elif self.controller.article is None:
            self.status_label.setText("")
        self.errorShown.emit(message)

    def _on_model_state_changed(self, ready: bool, message: str) -> None:
        if not ready:
            self.message_bar.show_message(message)

    def _on_highlights_applied(self) -> None:
        analysis = self.controller.analysis
        if analysis is not None and self._shown_analysis is not analysis:
            self._shown_analysis = analysis
            self.analysisShown.emit()

    # --- user actions -------------------------------------------------------------------

    def _on_entity_clicked(self, entity_id: str, add: bool) -> None:
        self.controller.toggle_entity(entity_id, add=add)
        if entity_id in self.controller.selection.entity_ids:
            self._show_first_mention(entity_id)  # the filter's first mention, not wherever one was

    def _on_category_toggled(self, category: Category, hidden: bool) -> None:
        self.controller.set_category_hidden(category, hidden)
        settings().setValue("view/hidden", sorted(c.value for c in self.controller.selection.hidden))

    def _on_quote_activated(self, quote: Quote) -> None:
        self.article_view.scroll_to(quote.start, quote.end)

    def _on_figure_clicked(self, start: int, end: int) -> None:
        self.article_view.scroll_to(start, end)

    # --- refreshing everything from (analysis, selection) -------------------------------

    def _refresh(self, *, full: bool) -> None:
        """Redraw every panel from (analysis, selection). A new analysis (``full``) is shown in
        steps, one panel per step of the GUI's slices (``reader.ui.slices``), so a long article
        never freezes the window; a selection change redraws at once."""
        slicer().cancel((self, "refresh"))  # what an earlier refresh had left to do
        analysis = self.controller.analysis
        sel = self.controller.selection
        self.legend.set_hidden(sel.hidden)
        self.article_view.hidden_categories = frozenset(sel.hidden)
        if analysis is None:
            return
        view = apply(analysis, sel)
        self.view = view
        steps = [
            lambda: self.quotes_panel.set_quotes(
                analysis, view.quotes, filtered=sel.filtered, hidden=Category.QUOTE in sel.hidden
            ),
            lambda: self._refresh_entities(analysis, sel, full),
            # the article's highlights before the chart: the text is what is read first, and the
            # first plot (pyqtgraph's import, when nothing imported it yet) takes a while
            lambda: self._refresh_rest(analysis, view, sel),
            self.chart.prepare,  # (a step of its own: the first plot costs as much as the figures)
        ]
        chart_steps = lambda: self.chart.fill(  # noqa: E731
            view.figures,
            quotes=view.quotes,
            total=len(analysis.figures),
            filtered=sel.filtered,
            hidden=Category.FIGURE in sel.hidden,
        )
        if not full:
            for step in steps:
                step()
            for _ in chart_steps():
                pass
            return
        steps[0]()
        slicer().start((self, "refresh"), self._highlights_then_chart(steps[1:3], steps[3:], chart_steps))

    def _highlights_then_chart(
        self,
        first: list[Callable[[], None]],
        chart: list[Callable[[], None]],
        chart_steps: Callable[[], Iterator[None]],
    ) -> Iterator[None]:
        """The panels and the article's highlights, then (once the highlights are on and the
        worker thread has imported the chart library) the chart."""
        yield from _stepwise(first)
        while self.article_view.highlights_pending:
            yield
        if not self._chart_ready:
            self.controller.warm_chart()  # an analysis from the library: no model load did it
            while not self._chart_ready:
                yield
        yield from _stepwise(chart)
        yield from chart_steps()

    def _on_chart_ready(self) -> None:
        """Build the empty plot now if the worker is idle. While it parses, the plot waits for the
        first figures: built now it would share the interpreter with the parse, and take
        four times as long as when the analysis is done."""
        self._chart_ready = True
        if not self.controller.busy:
            self.chart.prepare()

    def _refresh_entities(self, analysis: Analysis, sel: Selection, full: bool) -> None:
        key = (id(analysis), sel.hidden)
        if full or key != self._entities_key:
            self._entities_key = key
            self.entities_panel.set_analysis(analysis, sel)
        else:
            self.entities_panel.mark_selection(sel)

    def _refresh_rest(self, analysis: Analysis, view: View, sel: Selection) -> None:
        chips = []
        for eid in sorted(sel.entity_ids):
            ent = analysis.entity(eid)
            if ent is not None:
                chips.append((eid, ent.name, ent.category))
        summary = (
            f"· {len(view.quotes)} of {len(analysis.quotes)} quotes, "
            f"{len(view.figures)} of {len(analysis.figures)} figures"
        )
        self.filter_bar.set_entities(chips, summary)
        self.tabs.setTabText(0, f"Quotes  {len(view.quotes)}")
        self.tabs.setTabText(1, f"Entities  {len(analysis.canonical)}")
        self._update_status()
        self._set_actions_enabled()
        self.article_view.set_highlights(analysis, view, sel)

    def _word_text(self) -> str:
        art = self.controller.article
        return f"{self._words:,} words" if art else ""

    def _update_status(self) -> None:
        a = self.controller.analysis
        if a is None:
            return
        speakers = {q.speaker_id or q.speaker_name for q in a.quotes if q.speaker_id or q.speaker_name}
        kept = " · from the library (analysed before)" if self.controller.from_library else ""
        self.status_label.setText(
            f"{self._word_text()} · {len(a.quotes)} quotes from {len(speakers)} speakers · "
            f"{len(a.canonical)} entities · {len(a.figures)} figures{kept}"
        )

    def _set_actions_enabled(self) -> None:
        has_article = self.controller.article is not None
        has_analysis = self.controller.analysis is not None
        self.act_reload.setEnabled(bool(self.controller.path))
        self.act_export.setEnabled(has_analysis and not self.controller.exporting)
        self.act_print.setEnabled(has_analysis and not self.controller.exporting)
        self.act_find.setEnabled(has_article)

    # --- find ---------------------------------------------------------------------------

    def _on_find_requested(self, text: str, backwards: bool) -> None:
        doc = self.article_view.document()
        if not text:
            self._find_cursors = []
            self.article_view.set_find_matches([])
            self.find_bar.set_count(0, 0, "")
            return
        matches: list[QTextCursor] = []
        cur = doc.find(text, 0)
        while not cur.isNull() and len(matches) < FIND_LIMIT:
            matches.append(cur)
            cur = doc.find(text, cur)
        self._find_cursors = matches
        self.article_view.set_find_matches(matches)
        self._find_step(backwards, text=text)

    def _find_step(self, backwards: bool, *, text: str | None = None) -> None:
        if not self.find_bar.isVisible():
            self.find_bar.open_bar()
            return
        text = self.find_bar.edit.text() if text is None else text
        matches = self._find_cursors
        if not matches:
            self.find_bar.set_count(0, 0, text)
            return
        here = self.article_view.textCursor()
        pos = here.selectionStart() if here.hasSelection() else here.position()
        starts = [m.selectionStart() for m in matches]
        if backwards:
            idx = max((i for i, s in enumerate(starts) if s < pos), default=len(matches) - 1)
        else:
            after = pos + (1 if here.hasSelection() and here.selectedText().lower() == text.lower() else 0)
            idx = min((i for i, s in enumerate(starts) if s >= after), default=0)
        self.article_view.setTextCursor(matches[idx])
        self.article_view.ensureCursorVisible()
        self.find_bar.set_count(idx + 1, len(matches), text)

    def _on_find_closed(self) -> None:
        self._find_cursors = []
        self.article_view.set_find_matches([])
        self.article_view.setFocus()

    # --- drag and drop ------------------------------------------------------------------

    @staticmethod
    def _dropped_path(mime) -> str | None:
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event) -> None:
        if self._dropped_path(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self._dropped_path(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = self._dropped_path(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.open_path(path)

    # --- menus, settings, misc ----------------------------------------------------------

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        items = recent_files()
        for path in items:
            act = self.recent_menu.addAction(_short_path(path))
            act.setToolTip(path)
            act.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not items:
            none = self.recent_menu.addAction("No recent files")
            none.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Menu", clear_recent)

    def _toggle_side(self) -> None:
        self.side_splitter.setVisible(not self.side_splitter.isVisible())
        self.act_side.setChecked(self.side_splitter.isVisible())

    def _about(self) -> None:
        from reader import __version__

        self.message_bar.show_message(
            f"Reader {__version__}: who says what, and which numbers are claimed, in a news article. "
            "Everything runs offline on this computer.",
            kind="info",
        )

    def _restore_settings(self) -> None:
        s = settings()
        geo = s.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 800)
        for key, splitter in (("window/splitter", self.splitter), ("window/side", self.side_splitter)):
            state = s.value(key)
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)
        zoom = int_value(s, "view/zoom")
        if zoom is not None:
            self.article_view.set_zoom(zoom)
        cats = set()
        for value in list_value(s, "view/hidden"):
            try:
                cats.add(Category(str(value)))
            except ValueError:
                continue
        if cats:
            self.controller.set_selection(Selection(hidden=frozenset(cats)))
            self.legend.set_hidden(cats)
            self.article_view.hidden_categories = frozenset(cats)
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        tab = int_value(s, "window/tab")
        if tab is not None:
            self.tabs.setCurrentIndex(tab)
        if str(s.value("view/figuresTable", "false")).lower() == "true":
            self.show_figures_table(True)

    def _save_layout(self, *_args) -> None:
        s = settings()
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/side", self.side_splitter.saveState())

    def save_settings(self) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/tab", self.tabs.currentIndex())
        self._save_layout()
        s.sync()

    def closeEvent(self, event) -> None:
        self.save_settings()
        if self._library_panel is not None:
            self._library_panel.shutdown()
        self.controller.shutdown()
        super().closeEvent(event)

    def set_theme(self, name: str) -> None:
        """View > Theme: light, dark or the system's; remembered for the next start."""
        save_theme(name)
        for act in self.theme_actions.actions():
            act.setChecked(act.data() == name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setProperty("readerTheme", name)
            theme.apply_theme(app, name)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._refresh_style()

    def _refresh_style(self) -> None:
        pal = self.palette()
        dark = theme.is_dark(pal)
        window = pal.color(pal.ColorRole.Window)
        text = pal.color(pal.ColorRole.WindowText)
        base = pal.color(pal.ColorRole.Base)
        line = theme.mix(window, text, 0.14).name()
        muted = theme.mix(text, window, 0.42).name()
        bar_bg = theme.mix(base, window, 0.5).name()
        self.setStyleSheet(
            f"QLabel#panelCaption {{ color:{muted}; font-weight:600; }}"
            f"QLabel#emptyState {{ color:{muted}; padding:24px; }}"
            f"QLabel#filterSummary {{ color:{muted}; }}"
            f"QFrame#filterBar, QFrame#findBar {{ background:{bar_bg}; border-top:1px solid {line};"
            f" border-bottom:1px solid {line}; }}"
            f"QSplitter::handle {{ background:{line}; }}"
            f"QSplitter#mainSplitter::handle {{ width:1px; }}"
            f"QSplitter#sideSplitter::handle {{ height:1px; }}"
            f"QTabWidget::pane {{ border:none; }}"
            f"QStatusBar {{ color:{muted}; border-top:1px solid {line}; }}"
            f"QStatusBar::item {{ border:none; }}"
            f"QStatusBar QLabel {{ padding-left:8px; }}"
        )
        self.legend.restyle()
        _ = dark
        if self.controller.analysis is not None:
            self._refresh(full=True)


def _short_path(path: str) -> str:
    home = str(Path.home())
    return "~" + path[len(home) :] if path.startswith(home + os.sep) else path


def _stepwise(steps: list[Callable[[], None]]) -> Iterator[None]:
    for step in steps:
        step()
        yield
