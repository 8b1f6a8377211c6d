"""Every candidate quote of a Doc, in one list: the same in training, evaluation and use.

The hand rules' candidates come first (:mod:`direct`, :mod:`reported`), then each frame of the
parse (:mod:`frames`) that is not one of them, then the sequence tagger's contents (:mod:`tagger`)
that no other candidate holds. Which of them are shown is :mod:`decision`'s.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from reader.nlp.quotes.frames import PHRASE_FRAMES, frame_candidates
from reader.nlp.quotes.spans import Candidate

if TYPE_CHECKING:
    from reader.nlp.quotes.context import Context


# a tagged content is a candidate of its own when it matches no other this well, or when it is reported
# speech whose boundaries differ from every other's (an alternative the trees may prefer)
TAGGED_OVERLAP = 0.3
TAGGED_BOUNDARY = 0.8


def _match(s1: int, e1: int, s2: int, e2: int) -> float:
    """Shared characters / the longer of two spans (the reference scorer's overlap)."""
    return max(0, min(e1, e2) - max(s1, s2)) / max(e1 - s1, e2 - s2, 1)


def all_candidates(
    ctx: Context, rules: list[Candidate], tagged: list[Candidate] | None = None
) -> list[Candidate]:
    """The rules' candidates, then the frames' and the tagger's that are not one of them: the same
    candidates in training, evaluation and use (which of them may be shown is :func:`decide`'s)."""
    seen = {(c.start, c.end) for c in rules}
    seen_cue = {(c.cue_head.i, c.start, c.end) for c in rules if c.cue_head is not None}
    out = list(rules)
    for c in frame_candidates(ctx.doc, ctx.quoted):
        if (c.start, c.end) in seen or (
            c.cue_head is not None and (c.cue_head.i, c.start, c.end) in seen_cue
        ):
            continue
        if c.frame in PHRASE_FRAMES and ctx.counts.kind(c.start, c.end) != "indirect":
            continue  # 'pushed its “concrete” plan', 'read “War and Peace”': terms and titles
        seen.add((c.start, c.end))
        c.kind = ctx.counts.kind(c.start, c.end)
        out.append(c)
    if tagged:
        spans = sorted(seen)
        longest = max((e - s for s, e in spans), default=0)
        for c in tagged:  # only contents no other candidate has (as the scorer counts a match)
            lo = bisect.bisect_left(spans, (c.start - longest, -1))
            hi = bisect.bisect_left(spans, (c.end, -1))
            best = max((_match(c.start, c.end, s, e) for s, e in spans[lo:hi]), default=0.0)
            if best < TAGGED_OVERLAP or (c.kind == "indirect" and best < TAGGED_BOUNDARY):
                out.append(c)
    return out
