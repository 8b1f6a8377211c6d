"""What the article shows highlighted, and how: one decision for the window and every export.

``highlight_runs(analysis, selection, view)`` cuts the article text into non-overlapping
``Run``s. A run has up to two layers:

* ``category`` / ``state``: the highlight on top: an entity mention (shown in its display
  category, so people and organisations who speak are SPEAKER), a quote's speaker mention
  that is no entity mention, a figure or a date; ``state`` is ON (no filter), CHOSEN (a
  mention of a filtered entity, or the speaker of one of its quotes) or DIM (everything else
  under a filter: other mentions and speakers, the figures the filter does not keep, dates);
* ``quote``: the quote underneath: ON for a quote the selection keeps, DIM for one it drops.

A hidden category gives no run at all (its text is plain, or shows only the quote under it).

Precedence, where highlights overlap (one rule, written once): the quote is a layer of its
own and never hides a name in it. Among the others, at every character

1. a bright highlight (ON or CHOSEN) beats a dimmed one,
2. then the higher category in ``RANK`` (SPEAKER, PERSON, ORGANIZATION, PLACE, FIGURE, DATE),
3. then the longer span (the whole name: "the Port Alder Chamber of Commerce" stays one run,
   its "Port Alder" does not cut it),
4. then the earlier start.

``look(run, paper, ink)`` is how a run is painted (background, text colour, line,
weight) on a page of colour ``paper`` with text ``ink``: the window turns it into a
``QTextCharFormat``, the HTML (and the PDF made from it) into inline CSS, so both show the
same colours for the same filter. Markdown, which has no colours, bolds the bright runs.

Dates: every date the analysis found is highlighted (DIM under a filter: a date belongs to
no entity); an entity mention of category DATE is shown only when the analysis has no dates.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from reader.core.categories import STYLES, Category
from reader.core.model import Analysis
from reader.core.selection import Selection, View, apply, display_category, speaker_ids

State = Literal["on", "dim", "chosen"]
ON: Final = "on"
DIM: Final = "dim"
CHOSEN: Final = "chosen"
STATES: Final[tuple[State, ...]] = (ON, DIM, CHOSEN)

# which highlight covers another where they overlap (higher wins; quotes are a layer apart)
RANK: Final[dict[Category, int]] = {
    Category.SPEAKER: 5,
    Category.PERSON: 4,
    Category.ORGANIZATION: 3,
    Category.PLACE: 2,
    Category.FIGURE: 1,
    Category.DATE: 0,
}
STEP = 400  # marks or boundaries handled between two yields of ``build_runs``


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of article text ``[start, end)`` and its highlight: the top ``category`` with its
    ``state`` (None: no entity, speaker, figure or date here) and the ``quote`` layer under it
    (ON, DIM or None). A run with neither is plain text (``runs_between`` fills gaps with them)."""

    start: int
    end: int
    category: Category | None = None
    state: State | None = None
    quote: State | None = None

    @property
    def plain(self) -> bool:
        return self.category is None and self.quote is None

    @property
    def bright(self) -> bool:
        """A highlight that stands out (ON or CHOSEN): what Markdown bolds."""
        return self.category is not None and self.state != DIM


def _marks(
    analysis: Analysis, selection: Selection, view: View, out: list[tuple[int, int, Category, State]]
) -> Iterator[None]:
    """The highlights that may compete for a character (everything but quotes), into ``out``."""
    hidden = selection.hidden
    filtered = selection.filtered
    chosen_ids = selection.entity_ids
    if Category.DATE not in hidden:
        state: State = DIM if filtered else ON
        out.extend((d.start, d.end, Category.DATE, state) for d in analysis.dates)
    if Category.FIGURE not in hidden:
        kept = {(f.start, f.end) for f in view.figures}
        for f in analysis.figures:
            out.append((f.start, f.end, Category.FIGURE, ON if (f.start, f.end) in kept else DIM))
    yield
    speakers = speaker_ids(analysis)
    yield
    covered: set[tuple[int, int]] = set()
    for k, e in enumerate(analysis.entities):
        if k % STEP == STEP - 1:
            yield
        cat = display_category(e.category, e.entity_id, speakers)
        if cat in hidden or (cat is Category.DATE and analysis.dates):
            continue
        state = (CHOSEN if e.entity_id in chosen_ids else DIM) if filtered else ON
        out.append((e.start, e.end, cat, state))
        covered.add((e.start, e.end))
    if Category.SPEAKER not in hidden:
        for q in analysis.quotes:
            sp = q.speaker
            if sp is None or (sp.start, sp.end) in covered:
                continue
            covered.add((sp.start, sp.end))
            state = ON
            if filtered:  # the speaker of one of the entity's quotes stands out with it
                state = CHOSEN if q.speaker_id and q.speaker_id in chosen_ids else DIM
            out.append((sp.start, sp.end, Category.SPEAKER, state))


def _quote_ranges(analysis: Analysis, selection: Selection, view: View) -> list[tuple[int, int, State]]:
    if Category.QUOTE in selection.hidden:
        return []
    kept = {(q.start, q.end) for q in view.quotes}
    return [(s, e, ON if (q.start, q.end) in kept else DIM) for q in analysis.quotes for s, e in q.ranges()]


def _priority(mark: tuple[int, int, Category, State]) -> tuple[bool, int, int, int]:
    start, end, cat, state = mark
    return (state != DIM, RANK[cat], end - start, -start)


def build_runs(analysis: Analysis, selection: Selection, view: View | None, out: list[Run]) -> Iterator[None]:
    """Fill ``out`` with the highlighted runs in text order (no plain runs), yielding now and
    then so that a caller on the GUI thread can do the work in slices. ``view`` is
    ``apply(analysis, selection)`` (computed when None)."""
    if view is None:
        view = apply(analysis, selection)
    marks: list[tuple[int, int, Category, State]] = []
    yield from _marks(analysis, selection, view, marks)
    quotes = _quote_ranges(analysis, selection, view)
    n = len(analysis.article.text)
    marks = [m for m in marks if 0 <= m[0] < m[1] <= n]
    quotes = [q for q in quotes if 0 <= q[0] < q[1] <= n]
    if marks or quotes:
        yield from _sweep(marks, quotes, out)


_Mark = tuple[int, int, Category, State]  # a highlight: start, end, category, state
# a run being grown: start, end, its winning mark (None: quote only), its quote state
_Pending = tuple[int, int, _Mark | None, State | None]


def _sweep(
    marks: list[tuple[int, int, Category, State]], quotes: list[tuple[int, int, State]], out: list[Run]
) -> Iterator[None]:
    """Cut the text at every start and end; give each piece its top mark (``_priority``) and its
    quote state; join touching pieces of the same mark and quote state."""
    points = sorted({p for m in marks for p in m[:2]} | {p for q in quotes for p in q[:2]})
    yield
    marks.sort(key=lambda m: m[0])
    quotes.sort(key=lambda q: q[0])
    yield
    pending: _Pending | None = None  # the run being grown
    active_m: list[tuple[int, int, Category, State]] = []
    active_q: list[tuple[int, int, State]] = []
    mi = qi = 0
    for k in range(len(points) - 1):
        if k % STEP == STEP - 1:
            yield
        a, b = points[k], points[k + 1]
        while mi < len(marks) and marks[mi][0] <= a:
            active_m.append(marks[mi])
            mi += 1
        while qi < len(quotes) and quotes[qi][0] <= a:
            active_q.append(quotes[qi])
            qi += 1
        active_m = [m for m in active_m if m[1] > a]
        active_q = [q for q in active_q if q[1] > a]
        if not active_m and not active_q:
            continue
        top = max(active_m, key=_priority) if active_m else None
        quote: State | None = (ON if any(q[2] == ON for q in active_q) else DIM) if active_q else None
        if pending is not None and pending[1] == a and pending[2] is top and pending[3] == quote:
            pending = (pending[0], b, top, quote)
            continue
        if pending is not None:
            out.append(_run(pending))
        pending = (a, b, top, quote)
    if pending is not None:
        out.append(_run(pending))


def _run(pending: _Pending) -> Run:
    start, end, top, quote = pending
    if top is None:
        return Run(start, end, None, None, quote)
    return Run(start, end, top[2], top[3], quote)


def highlight_runs(analysis: Analysis, selection: Selection, view: View | None = None) -> tuple[Run, ...]:
    """The highlighted runs of ``analysis`` under ``selection``, in text order, never overlapping
    (see the module's docstring for what is highlighted and which highlight wins)."""
    out: list[Run] = []
    for _ in build_runs(analysis, selection, view, out):
        pass
    return tuple(out)


def runs_between(runs: Sequence[Run], starts: Sequence[int], start: int, end: int) -> list[Run]:
    """The pieces of ``[start, end)`` in order: the ``runs`` over it cut to it, and plain runs
    for the text between them. ``starts`` is ``[r.start for r in runs]``."""
    out: list[Run] = []
    pos = start
    for i in range(max(0, bisect.bisect_right(starts, start) - 1), len(runs)):  # (no copy of the rest)
        run = runs[i]
        if run.start >= end:
            break
        s, e = max(run.start, start), min(run.end, end)
        if s >= e:
            continue
        if s > pos:
            out.append(Run(pos, s))
        out.append(Run(s, e, run.category, run.state, run.quote))
        pos = e
    if pos < end:
        out.append(Run(pos, end))
    return out


# --- how a run is painted -----------------------------------------------------------------

DIM_TINT = 0.72  # a dimmed highlight's background: its tint moved this far towards the paper
DIM_INK = 0.45  # a dimmed highlight's text: the ink moved this far towards the paper
DARK_QUOTE = 0.35  # a quote's tint on a dark paper, moved this far towards the paper


Line = Literal["solid", "dashed", "wavy", "dotted", "overline"]

# Each category's line, so that categories are told apart without their colours (colour-blind
# readers, a greyscale print): the line shape is the cue, the colour only repeats it. A date has
# none (being the only one without a line tells it apart); a kept quote is dotted.
LINES: Final[dict[Category, Line | None]] = {
    Category.SPEAKER: "solid",  # and semibold: a person who speaks is a person and more
    Category.PERSON: "solid",
    Category.ORGANIZATION: "dashed",
    Category.PLACE: "wavy",
    Category.FIGURE: "overline",
    Category.DATE: None,
    Category.QUOTE: "dotted",
}


@dataclass(frozen=True, slots=True)
class Look:
    """How a run is painted. Colours are ``#rrggbb``; None leaves the page's own."""

    background: str | None = None
    foreground: str | None = None
    line: Line | None = None
    line_colour: str | None = None
    bold: bool = False


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def mix(a: str, b: str, t: float) -> str:
    """Colour ``a`` moved towards ``b`` by ``t`` (0..1), as ``#rrggbb``."""
    ra, rb = _rgb(a), _rgb(b)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ra, rb, strict=True))


def is_dark(paper: str) -> bool:
    r, g, b = _rgb(paper)
    return (max(r, g, b) + min(r, g, b)) / 2 < 128  # HSL lightness below one half


def look(run: Run, paper: str = "#ffffff", ink: str = "#000000") -> Look:
    """How ``run`` is painted on a page of colour ``paper`` with text colour ``ink``. A kept
    quote: its tint and a dotted line under it; a dimmed quote: nothing. On top, a category's
    tint and its line (``LINES``) (ON), the same semibold (CHOSEN), or a paler tint, greyed text
    and no line of its own (DIM: the quote's dotted line under it still shows); a speaker who is
    not dimmed is semibold."""
    dark = is_dark(paper)
    background = foreground = line_colour = None
    line: Line | None = None
    bold = False
    if run.quote == ON:
        q = STYLES[Category.QUOTE]
        background = mix(q.dark_bg, paper, DARK_QUOTE) if dark else q.light_bg
        line, line_colour = LINES[Category.QUOTE], q.base
    cat = run.category
    if cat is not None:
        st = STYLES[cat]
        tint = st.dark_bg if dark else st.light_bg
        if run.state == DIM:
            background = mix(tint, paper, DIM_TINT)
            foreground = mix(ink, paper, DIM_INK)
        else:
            background = tint
            bold = cat is Category.SPEAKER or run.state == CHOSEN
            if LINES[cat] is not None:
                line, line_colour = LINES[cat], st.base
    return Look(background, foreground, line, line_colour, bold)
