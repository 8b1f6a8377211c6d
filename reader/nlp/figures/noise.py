"""Text that looks numeric but is not content: wire-service trailers and phone numbers."""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]+")
_PHONE = re.compile(r"(?<![\d-])(?:\+?\d{1,3}[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\d-])")
_END_MARK = re.compile(r"^[(\[-]*\s*(?:END|ENDS|MORE)\s*[)\]-]*$")


def trailer_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of short lines that are wire-service codes rather than prose.

    A line qualifies when it is at most 30 characters, has no lower-case letter, and carries
    a slash or a digit ("S/SH 11", "AH/HJL", "-0-") or is an end mark ("(END)").
    """
    out = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line or len(line) > 30 or any(c.islower() for c in line):
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
