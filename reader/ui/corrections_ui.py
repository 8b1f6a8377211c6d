"""The window's corrections: the menus that offer them and the small dialogs that ask what is right.

Every correction is offered where its object is shown: on a quote (its card's context menu, or the
text's), an entity (the entities tree, the text), a figure (the figures table, the text), and a
selection of the article's words ("Add as a Quote…", "Set as the Quote's Words"). The Edit menu
holds Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) and "Add Quote from Selection…" (Ctrl+Shift+A), so the
keyboard reaches them all; the context menu key opens the menu of the item with the focus. What a
person chooses becomes a :class:`reader.core.corrections.Correction` given to the controller,
which applies, keeps and can undo it. No dialog blocks with an analysis on the worker: they only
read the analysis shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from reader.core import corrections as cx
from reader.core.categories import LABEL_CATEGORY
from reader.core.model import Analysis, CanonicalEntity, Figure, Quote

UNATTRIBUTED_CHOICE = "(no speaker)"
TYPE_TITLES = (("person", "&Person"), ("organization", "&Organization"), ("place", "P&lace"))


class Corrector(QObject):
    """Builds the correction menus of one window (``controller``: reader.ui.controller.Controller;
    ``selection``: the article's selected range in article offsets, or None; ``say``: a line for
    the status bar)."""

    def __init__(
        self,
        parent: QWidget,
        controller,
        selection: Callable[[], tuple[int, int] | None],
        say: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.window = parent
        self.controller = controller
        self.selection = selection
        self.say = say

    @property
    def analysis(self) -> Analysis | None:
        return self.controller.analysis

    # -- menus -------------------------------------------------------------------------------------

    def add_quote_actions(self, menu: QMenu, quote: Quote) -> None:
        menu.addAction("Change the &Speaker…", lambda: self.change_speaker(quote))
        menu.addAction("&Not a Quote", lambda: self.not_a_quote(quote))
        act = menu.addAction("Set to the Selected &Words", lambda: self.fix_span(quote))
        act.setEnabled(self.selection() is not None)
        act.setStatusTip("Select the quote's words in the article first")

    def add_entity_actions(self, menu: QMenu, entity: CanonicalEntity) -> None:
        types = menu.addMenu("Change the &Type")
        now = LABEL_CATEGORY.get(entity.label)  # (a quoted entity's category is "speaker")
        for category, title in TYPE_TITLES:
            act = types.addAction(title, functools.partial(self.change_type, entity, category))
            act.setEnabled(now is None or now.value != category)
        types.addSeparator()
        types.addAction("&Not a Name", lambda: self.change_type(entity, "none"))
        menu.addAction("&Rename…", lambda: self.rename(entity))
        act = menu.addAction("&Merge with…", lambda: self.merge(entity))
        act.setEnabled(len(self._others(entity)) > 0)

    def add_figure_actions(self, menu: QMenu, figure: Figure) -> None:
        menu.addAction("&What It Measures…", lambda: self.figure_of(figure))
        menu.addAction("Not a &Figure", lambda: self.not_a_figure(figure))

    def add_selection_actions(self, menu: QMenu) -> None:
        act = menu.addAction("Add as a &Quote…", self.add_quote)
        act.setEnabled(self.selection() is not None and self.analysis is not None)

    # -- what each does ----------------------------------------------------------------------------

    def _names(self, quote: Quote | None = None) -> list[str]:
        """The people and organizations of the article, most mentioned first (the quote's speaker
        first when it has one)."""
        a = self.analysis
        if a is None:
            return []
        ents = sorted(
            (c for c in a.canonical if c.category.value in ("person", "speaker", "organization")),
            key=lambda c: (-c.count, c.name.lower()),
        )
        names = [c.name for c in ents]
        if quote is not None and quote.speaker_name in names:
            names.remove(quote.speaker_name)
            names.insert(0, quote.speaker_name)
        return names

    def _ask_name(self, title: str, label: str, quote: Quote | None, *, allow_none: bool) -> str | None:
        """A name from the article's people and organizations, or typed; None: cancelled; "": none."""
        names = self._names(quote)
        if allow_none:
            names.append(UNATTRIBUTED_CHOICE)
        name, ok = QInputDialog.getItem(self.window, title, label, names, 0, True)
        if not ok:
            return None
        name = " ".join(name.split())
        if name == UNATTRIBUTED_CHOICE:
            return ""
        return name[:200]

    def _give(self, shown: Analysis | None, make: Callable[[Analysis], cx.Correction], said: str) -> None:
        """Make a correction on the analysis ``shown`` when it was asked for, if that is still the
        one shown (a dialog's wait lets another article arrive: its words are not these)."""
        if shown is None or self.controller.analysis is not shown:
            self.say("The article changed meanwhile: nothing was corrected")
            return
        try:
            correction = make(shown)
        except ValueError as exc:  # no words selected, and the like
            self.say(f"Nothing was corrected: {exc}")
            return
        self.controller.correct(correction)
        self.say(said)

    def change_speaker(self, quote: Quote) -> None:
        shown = self.analysis
        if shown is None:
            return
        name = self._ask_name(
            "Change the speaker", "Who said it (choose or type a name):", quote, allow_none=True
        )
        if name is not None:
            said = f"Speaker changed to {name}" if name else "The quote has no speaker now"
            self._give(shown, lambda a: cx.change_speaker(a, quote, name or None), said)

    def not_a_quote(self, quote: Quote) -> None:
        self._give(
            self.analysis, lambda a: cx.not_a_quote(a, quote), "Marked as not a quote (Ctrl+Z undoes it)"
        )

    def fix_span(self, quote: Quote) -> None:
        span = self.selection()
        if span is None or self.analysis is None:
            self.say("Select the quote's words in the article first")
            return
        start, end = span
        self._give(
            self.analysis,
            lambda a: cx.fix_span(a, quote, start, end),
            "The quote's words are the selection now",
        )

    def add_quote(self) -> None:
        span = self.selection()
        shown = self.analysis
        if span is None or shown is None:
            self.say("Select the words of the quote in the article first")
            return
        start, end = span
        name = self._ask_name("Add a quote", "Who said it (choose or type a name):", None, allow_none=True)
        if name is None:
            return
        said = "Quote added" + (f", said by {name}" if name else "")
        self._give(shown, lambda a: cx.add_quote(a, start, end, name or None), said)

    def change_type(self, entity: CanonicalEntity, category: str) -> None:
        said = f"{entity.name}: " + ("not a name" if category == "none" else f"now a {category}")
        self._give(self.analysis, lambda a: cx.change_entity_type(a, entity, category), said)

    def _others(self, entity: CanonicalEntity) -> list[CanonicalEntity]:
        a = self.analysis
        if a is None:
            return []
        return sorted((c for c in a.canonical if c.id != entity.id), key=lambda c: (-c.count, c.name.lower()))

    def rename(self, entity: CanonicalEntity) -> None:
        shown = self.analysis
        if shown is None:
            return
        name, ok = QInputDialog.getText(
            self.window, "Rename", f"The name of “{entity.name}”:", text=entity.name
        )
        name = " ".join(name.split())[:200]
        if ok and name and name != entity.name:
            self._give(
                shown, lambda a: cx.rename_entity(a, entity, name), f"{entity.name} is now called {name}"
            )

    def merge(self, entity: CanonicalEntity) -> None:
        shown = self.analysis
        others = self._others(entity)
        if not others:
            return
        labels = [f"{c.name} ({c.count})" for c in others]
        label, ok = QInputDialog.getItem(
            self.window, "Merge entities", f"{entity.name} is the same as:", labels, 0, False
        )
        if ok and label in labels:
            into = others[labels.index(label)]
            self._give(
                shown, lambda a: cx.merge_entities(a, entity, into), f"{entity.name} merged into {into.name}"
            )

    def figure_of(self, figure: Figure) -> None:
        shown = self.analysis
        if shown is None:
            return
        of, ok = QInputDialog.getText(
            self.window, "What the figure measures", f"{figure.text} measures:", text=figure.of or ""
        )
        of = " ".join(of.split())[:200]
        if ok and of:
            self._give(shown, lambda a: cx.figure_of(a, figure, of), f"{figure.text}: measures {of}")

    def not_a_figure(self, figure: Figure) -> None:
        said = f"{figure.text}: not a figure (Ctrl+Z undoes it)"
        self._give(self.analysis, lambda a: cx.not_a_figure(a, figure), said)
