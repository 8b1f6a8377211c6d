"""Text that looks numeric but is not content: wire-service trailers and phone numbers."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from reader.nlp.tokens import TokenArrays, token_arrays

_LINE = re.compile(r"[^\n]+")
_PHONE = re.compile(r"(?<![\d-])(?:\+?\d{1,3}[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\d-])")
_END_MARK = re.compile(r"^[(\[-]*\s*(?:END|ENDS|MORE)\s*[)\]-]*$")
# a line holding one number and nothing else ("1,234,567", "$20", "-4.5%", "40 000") is content
_NUMBER_LINE = re.compile(
    r"^[-+−]?\s*(?:[$€£¥]\s*)?(?:\d[\d,.\u202f\u00a0 ]*|\.\d+|(?:\d+\s+)?\d{1,2}/\d{1,2})(?:%|[kKM]|bn)?$"
)


def trailer_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of short lines that are wire-service codes rather than prose.

    A line qualifies when it is at most 30 characters, has no lower-case letter, and carries
    a slash or a digit ("S/SH 11", "AH/HJL", "-0-") or is an end mark ("(END)"); a line that is
    one number and nothing else ("1,234,567", "$20") is a figure, not a code.
    """
    out = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line or len(line) > 30 or any(c.islower() for c in line) or _NUMBER_LINE.match(line):
            continue
        if "/" in line or any(c.isdigit() for c in line) or _END_MARK.match(line):
            out.append((m.start(), m.end()))
    return out


def phone_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of telephone numbers ("(202) 555-0143", "202-555-0143"); a bare "555-1234"
    is left alone, as it reads like a range too.."""
    return [(m.start(), m.end()) for m in _PHONE.finditer(text)]


def in_ranges(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _line_tokens(doc, i: int, cap: int = 12) -> tuple[int, int] | None:
    """Token range of the line holding token ``i`` (between the tokens that hold a line break),
    or None when the line is longer than ``cap`` tokens."""
    breaks = token_arrays(doc).breaks
    k = bisect_left(breaks, i)
    lo = breaks[k - 1] + 1 if k > 0 else 0
    k = bisect_right(breaks, i)
    hi = breaks[k] - 1 if k < len(breaks) else len(doc) - 1
    return None if hi - lo > cap else (lo, hi + 1)


def in_trailer(doc, i: int) -> bool:
    """Is token ``i`` on a wire-service trailer line (see :func:`trailer_ranges`)?

    Reads only the tokens nearby, never the whole text."""
    if "\n" in doc[i].text:
        return False
    line = _line_tokens(doc, i)
    if line is None:
        return False
    lo, hi = line
    return bool(trailer_ranges(_text(token_arrays(doc), lo, hi)))


def _text(arrays: TokenArrays, lo: int, hi: int) -> str:
    """``doc[lo:hi].text`` from the Doc's arrays, without making the tokens."""
    return arrays.text[arrays.idx[lo] : arrays.end[hi - 1]] if hi > lo else ""


def near_phone(doc, i: int) -> bool:
    """Is token ``i`` part of a telephone number? Reads only nearby tokens."""
    lo = max(0, i - 6)
    hi = min(len(doc), i + 7)
    arrays = token_arrays(doc)
    base = arrays.idx[lo]
    return in_ranges(phone_ranges(_text(arrays, lo, hi)), arrays.idx[i] - base, arrays.end[i] - base)
