"""Paragraphs from a PDF's layout: pdfminer's text lines, read in order and joined by position.

pdfminer.six gives characters grouped into lines (only characters that follow each other
in the content stream, so words spread wide by justification stay on one line). From there:

1. **Lines**: text, box, baseline, font size and weight. A zero-width space glyph is what
   Chromium draws for a soft hyphen; it becomes U+00AD.
2. **Furniture dropped**: a browser's print header and footer (date, title, URL, "2/5"),
   lines repeated at the same place on most pages (digits aside), page numbers, and for
   the reader's own PDF export its header block, legend, footer and the sections after the
   article (see :func:`trim_export`).
3. **Columns**: lines side by side at the same height reveal a gutter; lines that cross it
   (a headline over both columns) split the page into bands, each band read column by
   column, left to right.
4. **Paragraphs**: within a column a new paragraph starts at a change of font size or
   weight, a gap larger than the usual line pitch, an indented first line, a list bullet
   (a small shape drawn just before the line, or a bullet character), on leaving a block
   set in (a quotation), or after a line that ends short (the next line's first word, as
   wide as it is drawn, would have fitted on it). Across a column or page break the
   paragraph goes on when the last line is full (or ends with a hyphen) and the next line
   is set in as much as the last one (not an indented first line). Larger or bold short
   paragraphs are headings, their level by size.
5. **Text**: a line-end hyphen is removed where the joined word is the word (a soft hyphen,
   Chromium's U+2010 hyphen, or the joined word seen elsewhere in the document) and kept
   in compounds ("well-known"); ligatures and other presentation forms are folded with
   NFKC (only those: typographic quotes and dashes stay), soft hyphens removed.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, TypedDict

from reader.core.model import BlockKind

if TYPE_CHECKING:  # pdfminer is imported when a PDF is read
    from pdfminer.layout import LTAnno, LTChar, LTComponent, LTPage, LTTextLine


# pdfminer's grouping: characters join a line while they follow each other in the stream on
# the same baseline (char_margin is wide so justified word gaps never split a line); boxes are
# not ordered by pdfminer (boxes_flow None): the order is worked out here.
class LAParamsArgs(TypedDict):
    char_margin: float
    line_margin: float
    boxes_flow: float | None


LAPARAMS: Final[LAParamsArgs] = {"char_margin": 30.0, "line_margin": 0.5, "boxes_flow": None}

PdfBlock = tuple[BlockKind, str, int]  # a block: its kind, text and heading level (0: a paragraph)
PdfMeta = Mapping[str, str | None]  # the document's Title, Author, Subject, Creator, Producer

EXPORT_SUBJECT = "Highlights exported by reader"

_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
_BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.I)
# presentation forms: ligatures (ﬁ ﬂ ﬀ), Arabic and Hebrew forms, small and full-width forms
_PRESENTATION = re.compile("[\ufb00-\ufdff\ufe50-\ufe6f\ufe70-\ufefe\uff00-\uffef]+")
_SOFT = "\u00ad"
# spaces a line may break at; a no-break space (U+00A0) binds "5 percent" into one word
_BREAKABLE_SPACE = re.compile(r"[ \t\n\r\f\v\u2000-\u200a\u3000]+")
_HYPHENS = "-\u2010"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

# print header and footer of a browser (Chromium: date and time, title, URL, "1/3")
# (pdfminer may join the date and the title, or the URL and the count, into one line)
_PRINT_DATE = re.compile(
    r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?(?:\s|$)", re.I
)
_PRINT_COUNT = re.compile(r"(?:^|\s)\d{1,4}\s*/\s*\d{1,4}$")
_PRINT_URL = re.compile(r"^(?:https?|file|ftp)://\S+(?:\s|$)|^www\.\S+$", re.I)
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*$", re.I
)
# the reader's export (reader/report/html.py): header stamp, legend, footer and sections
_EXPORT_STAMP = re.compile(r"\bExported \d{4}-\d{2}-\d{2} \d{1,2}:\d{2} by reader\b")
_EXPORT_LEGEND = re.compile(r"^Legend\s*:")
_EXPORT_FOOTER = re.compile(r"\bpage \d+ of \d+$")
# makers of PDFs from HTML, which break words only at hyphens (or mark their own breaks);
# browsers also keep CSS orphans and widows (two lines) at page and column breaks
_BROWSER = re.compile(r"Skia|Chrom|WebKit|Mozilla|Gecko|WeasyPrint|Prince", re.I)
_HTML_ENGINE = re.compile(r"\bQt\b|wkhtmltopdf", re.I)
_EXPORT_SECTION = re.compile(r"^(?:Quotes|Figures|Entities|Speakers|Dates) \(\d+\)$")


@dataclass(eq=False)
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    base: float  # the characters' median bottom: a baseline that sub- and superscripts do not move
    text: str
    size: float
    bold: bool
    first_word: float = 0.0  # width of the first word (to the first breakable space)
    space: float = 0.0  # width of a space in this line's font
    bullet: bool = False  # a list item's first line (a bullet drawn or typed before it)


@dataclass
class Page:
    number: int
    x0: float
    y0: float
    x1: float
    y1: float
    lines: list[Line] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def normalize(text: str) -> str:
    """Ligatures and presentation forms folded (NFKC on those code points only)."""
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


# --- 1. lines ---------------------------------------------------------------------------------


def _soft_hyphens(items: Sequence[LTChar | LTAnno], char_type: type[LTChar]) -> list[bool]:
    """Which items are soft hyphens: Chromium draws one as a space glyph that does not
    advance the pen (the next character starts where it does)."""
    flags = [False] * len(items)
    for i, (item, following) in enumerate(itertools.pairwise(items)):
        flags[i] = (
            isinstance(item, char_type)
            and isinstance(following, char_type)
            and item.get_text() == " "
            and item.width > 0
            and following.x0 < item.x0 + 0.25 * item.width
        )
    return flags


def _make_line(obj: LTTextLine, page: int) -> Line | None:
    from pdfminer.layout import LTChar

    items = list(obj)
    soft = _soft_hyphens(items, LTChar)
    parts: list[str] = []
    sizes: list[float] = []
    bottoms: list[float] = []
    bold = 0
    for item, is_soft in zip(items, soft, strict=True):
        text = item.get_text()
        if is_soft:
            parts.append(_SOFT)
            continue
        if isinstance(item, LTChar) and not text.isspace():
            sizes.append(item.size)
            bottoms.append(item.y0)
            bold += bool(_BOLD.search(item.fontname or ""))
        parts.append(text)
    text = _BREAKABLE_SPACE.sub(" ", normalize(_UNMAPPED_GLYPH.sub("", "".join(parts)))).strip()
    if not text or not sizes:
        return None
    x0, y0, x1, y1 = obj.bbox
    size = statistics.median(sizes)
    base = statistics.median(bottoms)
    first_end, space = _measure(items, soft, LTChar)
    line = Line(page, x0, y0, x1, y1, base, text, round(size, 2), bold >= 0.6 * len(sizes))
    line.first_word = (first_end if first_end is not None else x1) - x0
    line.space = space or 0.25 * size
    return line


def _measure(
    items: Sequence[LTChar | LTAnno], soft: list[bool], char_type: type[LTChar]
) -> tuple[float | None, float]:
    """Where the line's first word ends, and the width of its space glyphs (0 if none)."""
    first_end: float | None = None
    last_end: float | None = None
    spaces: list[float] = []
    started = False
    for item, is_soft in zip(items, soft, strict=True):
        text = item.get_text()
        breakable = text in (" ", "\t") and not is_soft
        if isinstance(item, char_type) and breakable and item.width > 0:
            spaces.append(item.width)
        started = started or not text.isspace()
        if started and breakable and first_end is None:
            first_end = last_end
        if isinstance(item, char_type) and not text.isspace():
            last_end = item.x1
    return first_end, statistics.median(spaces) if spaces else 0.0


def _text_lines(container: Iterable[LTComponent], page: int, out: list[Line]) -> None:
    from pdfminer.layout import LTTextBox, LTTextLine

    for obj in container:
        if isinstance(obj, LTTextLine):
            line = _make_line(obj, page)
            if line is not None:
                out.append(line)
        elif isinstance(obj, LTTextBox):
            _text_lines(obj, page, out)


_BULLET_TEXT = re.compile(r"^[•◦▪▫‣⁃●○■□∙·]\s")


def _mark_bullets(lt_page: LTPage, lines: list[Line]) -> None:
    """A list item starts at a line with a small round or square shape just before it (how
    browsers draw a bullet) or a bullet character."""
    from pdfminer.layout import LTCurve

    dots = [
        obj
        for obj in lt_page
        if isinstance(obj, LTCurve)
        and 1 <= obj.width <= 10
        and 1 <= obj.height <= 10
        and 0.5 <= obj.width / obj.height <= 2
    ][:500]
    for line in lines:
        line.bullet = bool(_BULLET_TEXT.match(line.text)) or any(
            line.y0 <= (d.y0 + d.y1) / 2 <= line.y1 and 0 <= line.x0 - d.x1 <= 2 * line.size for d in dots
        )


def read_pages(layout_pages: Iterable[LTPage]) -> list[Page]:
    pages: list[Page] = []
    for number, lt_page in enumerate(layout_pages):
        x0, y0, x1, y1 = lt_page.bbox
        page = Page(number, x0, y0, x1, y1)
        _text_lines(lt_page, number, page.lines)
        _mark_bullets(lt_page, page.lines)
        pages.append(page)
    return pages


# --- 2. furniture -----------------------------------------------------------------------------


def _top_down(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda ln: (-round(ln.base, 1), ln.x0))


def _in_band(line: Line, page: Page, band: float) -> bool:
    return line.y0 >= page.y1 - band or line.y1 <= page.y0 + band


def _drop_same_baseline(page: Page, marks: list[Line], band: float) -> None:
    if not marks:
        return
    page.lines = [
        ln
        for ln in page.lines
        if not (_in_band(ln, page, band) and any(abs(ln.base - m.base) < 2.0 for m in marks))
    ]


def _drop_print_furniture(page: Page) -> None:
    """A browser's print header and footer: whole margin lines holding its date, URL or count."""
    band = min(40.0, 0.06 * page.height)
    marks = [
        ln
        for ln in page.lines
        if _in_band(ln, page, band)
        and (_PRINT_DATE.match(ln.text) or _PRINT_COUNT.search(ln.text) or _PRINT_URL.match(ln.text))
    ]
    _drop_same_baseline(page, marks, band)


def _set_apart(line: Line, lines: list[Line]) -> bool:
    """No other line above or below it closer than a line and a half or so (furniture stands
    apart from the text; a column's last line does not)."""
    for other in lines:
        if other is line or other.x1 <= line.x0 or other.x0 >= line.x1:
            continue
        if abs(other.base - line.base) < 1.8 * max(line.size, other.size):
            return False
    return True


def _running_key(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text.lower()).split())


def _drop_running_lines(pages: list[Page]) -> None:
    """Lines repeated near the top or bottom of most pages at the same height (digits aside)."""
    used = [p for p in pages if p.lines]
    if len(used) < 2:
        return
    found: dict[str, list[Line]] = defaultdict(list)
    for page in used:
        band = 0.12 * page.height
        for ln in page.lines:
            if _in_band(ln, page, band) and _set_apart(ln, page.lines):
                found[_running_key(ln.text)].append(ln)
    need = max(2, math.ceil(0.5 * len(used)))
    drop: set[int] = set()
    for group in found.values():
        middle = statistics.median(ln.base for ln in group)
        same_place = [ln for ln in group if abs(ln.base - middle) <= 4.0]
        if len({ln.page for ln in same_place}) >= need:
            drop.update(id(ln) for ln in same_place)
    for page in used:
        page.lines = [ln for ln in page.lines if id(ln) not in drop]


def _drop_page_numbers(page: Page) -> None:
    """A page number: the first or last line, alone, in the page's margin area, set apart."""
    band = 0.12 * page.height
    for pick in (0, -1):
        ordered = _top_down(page.lines)
        if len(ordered) < 2:
            return
        line = ordered[pick]
        neighbour = ordered[1] if pick == 0 else ordered[-2]
        apart = abs(line.base - neighbour.base) > 1.6 * max(line.size, neighbour.size)
        if _in_band(line, page, band) and apart and _PAGE_NUMBER.match(line.text):
            page.lines.remove(line)


def drop_furniture(pages: list[Page]) -> None:
    for page in pages:
        _drop_print_furniture(page)
    _drop_running_lines(pages)
    for page in pages:
        _drop_page_numbers(page)


# --- the reader's own export ------------------------------------------------------------------


def is_export(meta: PdfMeta, pages: list[Page]) -> bool:
    """The reader's PDF export: by its Subject, or by its header (stamp and legend) on page 1."""
    if (meta.get("subject") or "").startswith(EXPORT_SUBJECT):
        return True
    first = next((p for p in pages if p.lines), None)
    if first is None:
        return False
    head = _top_down(first.lines)[:15]
    stamp = any(_EXPORT_STAMP.search(ln.text) for ln in head)
    return stamp and any(_EXPORT_LEGEND.match(ln.text) for ln in head)


def _export_start(lines: list[Line]) -> tuple[int, float]:
    """Index of the first article line on the first page, and the section headings' size."""
    for i, ln in enumerate(lines[:25]):
        if ln.text == "Article":
            return i + 1, ln.size
    for i, ln in enumerate(lines[:25]):
        if _EXPORT_LEGEND.match(ln.text):
            return i + 1, 0.0
    return 0, 0.0


def trim_export(pages: list[Page]) -> None:
    """Keep the article: drop the footers, the header block down to the "Article" heading, and
    everything from the first section heading after it (Quotes, Figures ...)."""
    for page in pages:
        band = 0.1 * page.height
        _drop_same_baseline(page, [ln for ln in page.lines if _EXPORT_FOOTER.search(ln.text)], band)
    used = [p for p in pages if p.lines]
    if not used:
        return
    ordered = _top_down(used[0].lines)
    start, section_size = _export_start(ordered)
    used[0].lines = ordered[start:]
    for n, page in enumerate(used):
        ordered = _top_down(page.lines)
        for i, ln in enumerate(ordered):
            if _EXPORT_SECTION.match(ln.text) and (ln.bold or ln.size >= section_size - 0.5):
                page.lines = ordered[:i]
                for later in used[n + 1 :]:
                    later.lines = []
                return


# --- 3. columns -------------------------------------------------------------------------------


def _side_gaps(lines: list[Line]) -> list[tuple[float, float]]:
    """(right end of the left line, left end of the right line) for lines side by side."""
    order = sorted(lines, key=lambda ln: ln.y0)
    gaps = []
    for i, a in enumerate(order):
        for b in order[i + 1 :]:
            if b.y0 >= a.y1:
                break
            overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
            if overlap < 0.25 * min(a.y1 - a.y0, b.y1 - b.y0):
                continue
            left, right = (a, b) if a.x0 < b.x0 else (b, a)
            if right.x0 - left.x1 >= 0.4 * min(a.size, b.size):
                gaps.append((left.x1, right.x0))
    return gaps


_MAX_GUTTERS = 5  # six columns at most


def _gutters(lines: list[Line]) -> list[tuple[float, float]]:
    """The gutters between columns: x ranges that many side-by-side gaps share."""
    if len(lines) < 3 or len(lines) > 1500:
        return []
    remaining = _side_gaps(lines)[:600]
    gutters: list[tuple[float, float]] = []
    for _round in range(_MAX_GUTTERS):
        if len(remaining) < 3:
            break
        best: list[tuple[float, float]] = []
        best_x = 0.0
        for start, _end in remaining:
            x = start + 0.01
            inside = [g for g in remaining if g[0] <= x < g[1]]
            if len(inside) > len(best):
                best, best_x = inside, x
        if len(best) < 3:
            break
        lo, hi = max(g[0] for g in best), min(g[1] for g in best)
        left = sum(ln.x1 <= lo + 0.5 for ln in lines)
        right = sum(ln.x0 >= hi - 0.5 for ln in lines)
        if left >= 2 and right >= 2 and hi > lo:
            gutters.append((lo, hi))
        remaining = [g for g in remaining if not (g[0] <= best_x < g[1])]
    return sorted(gutters)


def right_edge(lines: list[Line]) -> float:
    """Where the lines' column ends: the right end most lines share (justified text; a long
    word that overflows the column does not move it), else the furthest one."""
    ends = Counter(round(ln.x1) for ln in lines)
    end, count = ends.most_common(1)[0]
    if count >= 3 and count >= 0.3 * len(lines):
        return max(ln.x1 for ln in lines if round(ln.x1) == end)
    return max(ln.x1 for ln in lines)


@dataclass
class Region:
    """Lines read together: one column of one band of a page (or a band across the page)."""

    page: int
    lines: list[Line]
    column: int  # 0 for the first column or a band across the page
    columns: int = 1  # how many columns its band has
    left: float = 0.0  # the column's left edge, the same for this column on every page

    @property
    def right(self) -> float:
        return right_edge(self.lines)


def _column_of(line: Line, gutters: list[tuple[float, float]]) -> int | None:
    """Which column the line sits in, or None when it crosses a gutter."""
    col = 0
    for lo, hi in gutters:
        if line.x0 < lo - 1.0 and line.x1 > hi + 1.0:
            return None
        if line.x0 >= hi - 1.0:
            col += 1
    return col


def _fits_gutters(lines: list[Line], gutters: list[tuple[float, float]]) -> bool:
    """Another page's gutters hold on this page: lines side by side across them, none
    standing in them."""
    for lo, hi in gutters:
        if any(ln.x0 < hi and ln.x1 > lo and not (ln.x0 < lo - 1 and ln.x1 > hi + 1) for ln in lines):
            return False
        if not any(g[0] <= lo and g[1] >= hi for g in _side_gaps(lines)):
            return False
    return True


def page_gutters(pages: list[Page]) -> dict[int, list[tuple[float, float]]]:
    """Each page's gutters: its own, or those of other pages where its few lines fit them."""
    found = {p.number: _gutters(p.lines) for p in pages}
    known = Counter(tuple(g) for g in found.values() if g)
    for page in pages:
        if found[page.number] or not page.lines:
            continue
        for gutters, _ in known.most_common(5):
            if _fits_gutters(page.lines, list(gutters)):
                found[page.number] = list(gutters)
                break
    return found


def page_regions(page: Page, gutters: list[tuple[float, float]]) -> list[Region]:
    ordered = _top_down(page.lines)
    if not gutters:
        return [Region(page.number, ordered, 0)] if ordered else []
    regions: list[Region] = []
    band: dict[int, list[Line]] = defaultdict(list)
    across: list[Line] = []

    def flush_band() -> None:
        for col in sorted(band):
            regions.append(Region(page.number, band[col], col, len(gutters) + 1))
        band.clear()

    for line in ordered:
        col = _column_of(line, gutters)
        if col is None:
            flush_band()
            across.append(line)
            continue
        if across:
            regions.append(Region(page.number, across, 0))
            across = []
        band[col].append(line)
    flush_band()
    if across:
        regions.append(Region(page.number, across, 0))
    return regions


# --- 4. paragraphs ----------------------------------------------------------------------------


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def line_pitches(regions: list[Region]) -> dict[float, float]:
    """The usual distance between baselines for each font size: the smallest frequent one."""
    seen: dict[float, Counter[float]] = defaultdict(Counter)
    for region in regions:
        for a, b in itertools.pairwise(region.lines):
            d = a.base - b.base
            if abs(a.size - b.size) < 0.5 and 0.6 * a.size < d < 3.0 * a.size:
                seen[_size_key(a.size)][round(d * 2) / 2] += 1
    pitches = {}
    for key, counts in seen.items():
        top = max(counts.values())
        frequent = [d for d, n in counts.items() if n >= max(2, 0.2 * top)]
        pitches[key] = min(frequent) if frequent else min(min(counts), 1.25 * key)
    return pitches


class Joiner:
    """Decides where paragraphs break and joins their lines."""

    def __init__(self, regions: list[Region], *, html_engine: bool = False, orphans: bool = False) -> None:
        self.pitches = line_pitches(regions)
        self.words: set[str] = set()
        self.compounds: set[str] = set()
        # a line-end "-" is a compound's own hyphen when words are broken with another mark
        # (U+2010, a soft hyphen) or by a browser engine, which breaks words only there
        self.hyphen_breaks_marked = html_engine
        # the producer keeps two lines or more of a paragraph before a break (CSS orphans)
        self.orphans = orphans
        self._learn(regions)

    # words seen away from line ends: evidence for or against a line-end hyphen
    def _learn(self, regions: list[Region]) -> None:
        previous_hyphen = False
        for region in regions:
            for line in region.lines:
                text = line.text
                ends_hyphen = text[-1:] in _HYPHENS + _SOFT
                if text.endswith((_SOFT, "\u2010")):
                    self.hyphen_breaks_marked = True
                tokens = text.replace(_SOFT, "").split()
                if previous_hyphen and tokens:
                    tokens = tokens[1:]
                if ends_hyphen and tokens:
                    tokens = tokens[:-1]
                for token in tokens:
                    word = token.strip(".,;:!?\"'“”‘’()[]«»").lower()
                    if re.fullmatch(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)+", word):
                        self.compounds.add(word.replace("\u2010", "-"))
                        self.words.update(re.split(r"[-\u2010]", word))
                    elif word.isalpha():
                        self.words.add(word)
                previous_hyphen = ends_hyphen

    # -- breaks

    def _pitch(self, size: float) -> float:
        return self.pitches.get(_size_key(size), 1.2 * size)

    @staticmethod
    def _style_change(a: Line, b: Line) -> bool:
        return abs(a.size - b.size) > 0.1 * max(a.size, b.size) or a.bold != b.bold

    def hard_break(self, a: Line, b: Line) -> bool:
        """A break that needs no knowledge of the column's width: a change of font, a gap, an
        indented first line or a block set in (a quotation)."""
        if self._style_change(a, b) or b.bullet:
            return True
        d = a.base - b.base
        if d > self._pitch(a.size) + 0.35 * a.size or d < 0.3 * a.size:
            return True
        return b.x0 > a.x0 + _indent(a)

    @staticmethod
    def outdent_break(before: Line, a: Line, b: Line) -> bool:
        """``b`` comes back out of a block set in for two lines or more (a quotation)."""
        return b.x0 < a.x0 - _indent(a) and abs(before.x0 - a.x0) <= _indent(a)

    @staticmethod
    def ends_short(a: Line, b: Line, right: float) -> bool:
        """``b``'s first word would have fitted at the end of ``a``: ``a`` ended its paragraph."""
        if a.text.endswith(tuple(_HYPHENS + _SOFT)):
            return False
        return right - a.x1 > b.first_word + a.space + 0.5

    def lone_line(self, before: list[Line]) -> bool:
        """A paragraph that has only one line before a column or page break is whole there:
        the producer would have moved a lone first line over the break (orphans). (Widows
        are not relied on: Chromium leaves a lone last line at the top of a column.)"""
        return self.orphans and len(before) == 1

    def continues(self, a: Line, a_col: tuple[float, float], b: Line, b_left: float) -> bool:
        """Across a column or page break: does ``b`` go on with ``a``'s paragraph? ``a_col``:
        the left and right edges of ``a``'s column, ``b_left`` the left edge of ``b``'s."""
        if self._style_change(a, b) or b.bullet:
            return False
        a_left, a_right = a_col
        if abs((b.x0 - b_left) - (a.x0 - a_left)) > _indent(b):  # not set in as ``a`` is
            return False
        if a.text.endswith(tuple(_HYPHENS + _SOFT)) and a.text[-2:-1].isalpha():
            return True
        return not self.ends_short(a, b, a_right)

    # -- text

    def _keep_hyphen(self, head: str, tail: str, mark: str) -> bool:
        w1 = re.search(r"[^\W\d_]+$", head)
        w2 = re.match(r"[^\W\d_]+", tail)
        if not w1 or not w2 or tail[:1].isupper():
            return True
        a, b = w1.group().lower(), w2.group().lower()
        if f"{a}-{b}" in self.compounds:
            return True
        if a + b in self.words:
            return False
        if mark == "\u2010":  # Chromium's own hyphenation hyphen
            return False
        return a in self.words or self.hyphen_breaks_marked

    def join(self, text: str, line: str) -> str:
        if not text:
            return line
        if text.endswith(_SOFT) or text.endswith(tuple(_SOFT + h for h in _HYPHENS)):
            return text.rstrip(_HYPHENS).rstrip(_SOFT) + line
        last = text[-1]
        if last in _HYPHENS and text[-2:-1].isalpha():
            if self._keep_hyphen(text[:-1], line, last):
                return text[:-1] + "-" + line
            return text[:-1] + line
        if last in _HYPHENS and text[-2:-1].isdigit():
            return text[:-1] + "-" + line  # "63-" + "year-old": a number is never split in syllables
        if last in "—–" and len(text) > 1 and not text[-2].isspace():
            return text + line
        return text + " " + line


def _indent(line: Line) -> float:
    """The smallest horizontal shift that counts as an indent."""
    return max(2.5, 0.3 * line.size)


def _chunks(region: Region, joiner: Joiner) -> list[list[Line]]:
    chunks: list[list[Line]] = []
    for line in region.lines:
        if chunks and not joiner.hard_break(chunks[-1][-1], line):
            chunks[-1].append(line)
        else:
            chunks.append([line])
    return chunks


def _one_line_paragraph(chunk: list[Line], i: int, left: float, right: float) -> bool:
    """``chunk[i]`` is a whole paragraph in text set with indented first lines: it is one of a
    run of lines indented alike, each ending a sentence or too full for the next line's first
    word (not a quotation set in on the right) but the last, and the line after the run is
    back at the edge."""
    line = chunk[i]
    tol = _indent(line)
    if line.x0 <= left + tol:
        return False
    run = [line]
    for after in chunk[i + 1 :]:
        if abs(after.x0 - line.x0) > tol:
            break
        run.append(after)
    end = i + len(run)
    if len(run) < 2 or end >= len(chunk) or chunk[end].x0 > left + tol:
        return False
    return all(
        _SENTENCE_END.search(a.text) or a.x1 + b.first_word + a.space >= right - tol
        for a, b in itertools.pairwise(run)
    )


def _split_chunk(chunk: list[Line], joiner: Joiner, left: float) -> list[list[Line]]:
    """A chunk's paragraphs: after each line that ends short, and out of a set-in block."""
    right = right_edge(chunk)
    parts = [[chunk[0]]]
    for i, (a, b) in enumerate(itertools.pairwise(chunk)):
        part = parts[-1]
        if (
            joiner.ends_short(a, b, right)
            or (len(part) >= 2 and joiner.outdent_break(part[-2], a, b))
            or _one_line_paragraph(chunk, i, left, right)
        ):
            parts.append([b])
        else:
            part.append(b)
    return parts


def _column_edges(regions: list[Region]) -> None:
    """Each region's left edge: the usual start of lines in that column over the document
    (a column that holds only a quotation on one page still has its edge)."""
    starts: dict[tuple[int, int], Counter[int]] = defaultdict(Counter)
    for region in regions:
        starts[region.columns, region.column].update(round(ln.x0) for ln in region.lines)
    for region in regions:
        region.left = starts[region.columns, region.column].most_common(1)[0][0]


def _right_edge(chunk: list[Line], region: Region) -> float:
    return right_edge(chunk) if len(chunk) >= 2 else region.right


def paragraph_lines(regions: list[Region], joiner: Joiner) -> list[list[Line]]:
    paragraphs: list[list[Line]] = []
    tail: tuple[Line, tuple[float, float]] | None = None  # the last line read, its column's edges
    previous: Region | None = None
    _column_edges(regions)
    for region in regions:
        chunks = _chunks(region, joiner)
        for n, chunk in enumerate(chunks):
            parts = _split_chunk(chunk, joiner, region.left)
            first = parts[0][0]
            if (
                n == 0
                and tail is not None
                and not (_breaks_flow(previous, region) and joiner.lone_line(paragraphs[-1]))
                and joiner.continues(*tail, first, region.left)
            ):
                paragraphs[-1].extend(parts[0])
                parts = parts[1:]
            paragraphs.extend(parts)
            tail = (chunk[-1], (region.left, _right_edge(chunk, region)))
        previous = region
    return paragraphs


def _breaks_flow(before: Region | None, region: Region) -> bool:
    """From ``before`` to ``region`` the text goes over a page or column break (not from a
    headline across the page down into its first column)."""
    return before is not None and (before.page != region.page or region.column > before.column)


# --- 5. blocks --------------------------------------------------------------------------------


def _body_size(lines: list[Line]) -> float:
    weight: Counter[float] = Counter()
    for ln in lines:
        weight[_size_key(ln.size)] += len(ln.text)
    return weight.most_common(1)[0][0] if weight else 0.0


def _is_heading(lines: list[Line], text: str, body: float) -> bool:
    size = max(ln.size for ln in lines)
    if size > body * 1.12:
        return len(text) < 300
    return all(ln.bold for ln in lines) and len(text) < 160 and not _SENTENCE_END.search(text)


def _final_text(text: str) -> str:
    return " ".join(text.replace(_SOFT, "").split())


def blocks(paragraphs: list[list[Line]], joiner: Joiner) -> list[PdfBlock]:
    """(kind, text, heading level) for each paragraph, in order."""
    body = _body_size([ln for para in paragraphs for ln in para])
    texts = []
    for para in paragraphs:
        text = ""
        for ln in para:
            text = joiner.join(text, ln.text)
        texts.append(_final_text(text))
    heading_sizes = sorted(
        {
            _size_key(max(ln.size for ln in para))
            for para, text in zip(paragraphs, texts, strict=True)
            if _is_heading(para, text, body)
        },
        reverse=True,
    )
    out: list[PdfBlock] = []
    for para, text in zip(paragraphs, texts, strict=True):
        if not text:
            continue
        if _is_heading(para, text, body):
            level = heading_sizes.index(_size_key(max(ln.size for ln in para))) + 1
            out.append(("heading", text, min(6, level)))
        else:
            out.append(("paragraph", text, 0))
    return out


_TITLE_SEP = re.compile(r"\s+[|·•–—-]\s+|:\s+")


def titled(blocks: list[PdfBlock], title: str | None) -> tuple[str | None, list[PdfBlock]]:
    """The article's title and blocks: a headline that opens the text is the title when the
    document has none, or when its Title is the headline plus a site name ("… | The Ledger");
    the headline is then not repeated as the first block (as web pages are read)."""
    first = blocks[0] if blocks else None
    headline = first[1] if first and first[0] == "heading" and first[2] == 1 else None
    if not title:
        title = headline or next(
            (text for kind, text, level in blocks if kind == "heading" and level == 1), None
        )
    elif headline and title.startswith(headline) and _TITLE_SEP.match(title[len(headline) :]):
        title = headline
    if headline and title == headline and len(blocks) > 1:
        blocks = blocks[1:]
    return title, blocks


def layout_blocks(pages: list[Page], meta: PdfMeta) -> list[PdfBlock]:
    """The article's blocks (kind, text, heading level) from the pages' lines (:func:`read_pages`)."""
    engine = " ".join(meta.get(key) or "" for key in ("creator", "producer"))
    if is_export(meta, pages):
        trim_export(pages)
    drop_furniture(pages)
    gutters = page_gutters(pages)
    regions = [region for page in pages for region in page_regions(page, gutters[page.number])]
    browser = bool(_BROWSER.search(engine))
    joiner = Joiner(regions, html_engine=browser or bool(_HTML_ENGINE.search(engine)), orphans=browser)
    return blocks(paragraph_lines(regions, joiner), joiner)
