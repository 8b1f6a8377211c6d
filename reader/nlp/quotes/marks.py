"""Quotation-mark spans: where the text puts words inside quotation marks.

Works on the raw text, one paragraph (line) at a time, in a single pass:

- double marks: straight ``"``, two apostrophes ``''``, curly ``“ ”``, low ``„``, guillemets ``« »``;
- single marks (``‘ ’`` and straight ``'``) count as quotation marks only when they open at the start
  of a word and close at the end of one, outside any double-quoted stretch, so that apostrophes
  (``don't``, ``ISIS’s``, ``the players' union``) are left alone;
- an opening mark with no close runs to the end of its paragraph; when the next paragraph opens
  with a quotation mark the quotation continues there (the news convention for quotes of several
  paragraphs), and the result is one :class:`Marked` with one piece per paragraph; but not when
  that paragraph's quotation closes and names its own speaker, someone the open paragraph does not
  name (``"... either.`` then ``"This plan is rushed," said Dan Webb``: a mark left open, and
  another person speaking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_ONLY = "“„«‘"
CLOSE_ONLY = "”»’"
DOUBLE = '"“”„«»'
_DOUBLE_MARK = re.compile(r"''|``|[\"“”„«»]")
_SINGLE_MARK = re.compile(r"[‘’']")
_LINE = re.compile(r"[^\n]+")
# characters that may stand right before an opening mark / right after a closing one
_SPEECH = r"(?:said|says|added|adds|told|tells|asked|wrote|writes|replied|argued|insisted)"
_NAME = r"((?:[A-Z][\w.'’-]+ ){0,3}[A-Z][\w'’-]+)"
# a quotation's own attribution right after its closing mark: ', said Dan Webb' / ', Webb said'
_OWN_SPEAKER = re.compile(rf"\s*,?\s*(?:{_SPEECH}\s+{_NAME}|{_NAME}\s+{_SPEECH}\b)")
_BEFORE_OPEN = set(" \t\u00a0([{—–-:/") | {""}
_AFTER_CLOSE = set(" \t\u00a0)]}—–-.,;:!?…/") | {""}


@dataclass(frozen=True, slots=True)
class Marked:
    """A quotation: ``pieces`` are the (start, end) of the words inside the marks, one per paragraph."""

    pieces: tuple[tuple[int, int], ...]
    open_mark: int  # index of the first opening mark
    close_end: int  # index just after the last closing mark (or the paragraph end if unclosed)
    closed: bool  # False when the last piece runs to its paragraph end without a closing mark

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_opener(text: str, i: int, mark: str) -> bool:
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + len(mark)] if i + len(mark) < len(text) else ""
    return (prev in _BEFORE_OPEN or prev in DOUBLE or prev == "\n") and nxt not in (" ", "\n", "")


def _is_closer(text: str, i: int, mark: str) -> bool:
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + len(mark)] if i + len(mark) < len(text) else ""
    return prev not in (" ", "\n", "") and (nxt in _AFTER_CLOSE or nxt in DOUBLE or nxt == "\n")


def _double_runs(text: str, lo: int, hi: int) -> tuple[list[tuple[int, int, int, int]], int | None]:
    """Closed double-quoted runs of one paragraph as (open, cstart, cend, close_end), and the index of
    an opening mark left unclosed at the paragraph end (or None)."""
    runs = []
    open_at: int | None = None
    open_len = 0
    for m in _DOUBLE_MARK.finditer(text, lo, hi):
        i, mark = m.start(), m.group()
        if open_at is None:
            if mark in "”»" and not _is_opener(text, i, mark):
                continue  # a stray closing mark (its opening one is in an earlier paragraph)
            open_at, open_len = i, len(mark)
        else:
            if mark in "“„«" and i > open_at + open_len and _is_opener(text, i, mark):
                open_at, open_len = i, len(mark)  # the previous opener was stray
                continue
            runs.append((open_at, open_at + open_len, i, i + len(mark)))
            open_at = None
    return runs, open_at


def _single_runs(
    text: str, lo: int, hi: int, taken: list[tuple[int, int, int, int]]
) -> list[tuple[int, int, int, int]]:
    """Single-quoted runs of a paragraph, outside the double-quoted ones."""
    runs: list[tuple[int, int, int, int]] = []
    free: list[tuple[int, int]] = []
    pos = lo
    for o, _, _, ce in taken:
        free.append((pos, o))
        pos = ce
    free.append((pos, hi))
    for a, b in free:
        open_at = None
        for m in _SINGLE_MARK.finditer(text, a, b):
            i, mark = m.start(), m.group()
            if open_at is None:
                if mark != "’" and _is_opener(text, i, mark):
                    open_at = i
            elif mark != "‘" and _is_closer(text, i, mark):
                nxt = text[i + 1] if i + 1 < len(text) else ""
                if nxt.isalnum():
                    continue
                runs.append((open_at, open_at + 1, i, i + 1))
                open_at = None
    return runs


def _another_speaker(text: str, close_end: int, hi: int, open_at: int) -> bool:
    """Whether the quotation closing at ``close_end`` names a speaker of its own right after it,
    whose last name the paragraph of the quotation left open (from ``open_at``) does not hold."""
    found = _OWN_SPEAKER.match(text, close_end, hi)
    if found is None:
        return False
    name = found.group(1) or found.group(2)
    last = name.split()[-1]
    if last in ("He", "She", "They", "It", "We", "I"):
        return False
    para_start = text.rfind("\n", 0, open_at) + 1
    para_end = text.find("\n", open_at)
    para = text[para_start : para_end if para_end >= 0 else len(text)]
    return re.search(rf"\b{re.escape(last)}\b", para) is None  # ("Lee" is not in "Leeds")


def find_marked(text: str) -> list[Marked]:
    """All quotations marked in ``text``, in text order (linear in the text length)."""
    out: list[Marked] = []
    pending: list[tuple[int, int]] | None = None  # pieces of a quotation running on to the next paragraph
    pending_open = 0
    for line in _LINE.finditer(text):
        lo, hi = line.span()
        runs, unclosed = _double_runs(text, lo, hi)
        first_mark = lo
        while first_mark < hi and text[first_mark] in " \t\u00a0":
            first_mark += 1
        if pending is not None:
            # the previous paragraph left a quotation open: it goes on here if this one opens with a mark
            # (unless that quotation names a speaker of its own the open paragraph does not name)
            if runs and runs[0][0] == first_mark and not _another_speaker(text, runs[0][3], hi, pending_open):
                o, cs, ce, end = runs.pop(0)
                pending.append(_trim(text, cs, ce))
                out.append(Marked(tuple(pending), pending_open, end, True))
                pending = None
            elif unclosed is not None and unclosed == first_mark:
                pending.append(_trim(text, unclosed + 1, hi))
                unclosed = None
                continue
            else:
                out.append(Marked(tuple(pending), pending_open, pending[-1][1], False))
                pending = None
        runs = runs + _single_runs(text, lo, hi, runs) if "'" in text[lo:hi] or "‘" in text[lo:hi] else runs
        runs.sort()
        for o, cs, ce, end in runs:
            s, e = _trim(text, cs, ce)
            if e > s:
                out.append(Marked(((s, e),), o, end, True))
        if unclosed is not None:
            mark_len = 2 if text.startswith(("''", "``"), unclosed) else 1
            s, e = _trim(text, unclosed + mark_len, hi)
            if e > s:
                pending = [(s, e)]
                pending_open = unclosed
    if pending is not None:
        out.append(Marked(tuple(pending), pending_open, pending[-1][1], False))
    out.sort(key=lambda m: m.start)
    return out
