"""Hedges before a number ("more than", "at least", "nearly"...), as written and normalised.

The normalised forms are a small closed set, each with a chart symbol:

=============  ======  ==========================================================
normalised     symbol  written as
=============  ======  ==========================================================
more than      >       more than, over, above, in excess of, upwards of, exceeding, greater than
at least       ≥       at least, no fewer than, no less than, a minimum of, greater than or equal to
less than      <       less than, fewer than, under, below, smaller than, lower than
up to          ≤       up to, at most, as many as, as much as, no more than, less than or equal to
nearly         ~       nearly, almost, close to, just under, just shy of
about          ~       about, around, roughly, approximately, some, an estimated
=============  ======  ==========================================================
"""

from __future__ import annotations

_TABLE: dict[str, tuple[str, ...]] = {
    "more than": (
        "more than",
        "over",
        "above",
        "in excess of",
        "upwards of",
        "upward of",
        "exceeding",
        "well over",
        "just over",
        "well above",
        "just above",
        "a little over",
        "slightly more than",
        "far more than",
        "many more than",
        "much more than",
        "well more than",
        "more then",
        "greater than",
        "larger than",
        "higher than",
        "bigger than",
        ">",
    ),
    "at least": (
        "at least",
        "no fewer than",
        "no less than",
        "not less than",
        "not fewer than",
        "a minimum of",
        "greater than or equal to",
        "more than or equal to",
        "equal to or greater than",
        "equal to or more than",
        "≥",
        ">=",
    ),
    "less than": (
        "less than",
        "fewer than",
        "under",
        "below",
        "well under",
        "well below",
        "slightly less than",
        "far less than",
        "far fewer than",
        "smaller than",
        "lower than",
        "<",
    ),
    "up to": (
        "up to",
        "at most",
        "as many as",
        "as much as",
        "as high as",
        "as long as",
        "no more than",
        "not more than",
        "a maximum of",
        "less than or equal to",
        "equal to or less than",
        "equal to or fewer than",
        "≤",
        "<=",
    ),
    "nearly": ("nearly", "almost", "close to", "just under", "just below", "just shy of", "nearly all of"),
    "about": (
        "about",
        "around",
        "roughly",
        "approximately",
        "approx.",
        "approx",
        "some",
        "circa",
        "an estimated",
        "estimated",
        "an average of",
        "on average",
        "~",
        "ca.",
    ),
}

NORMALISED: dict[str, str] = {form: norm for norm, forms in _TABLE.items() for form in forms}
_MAX_WORDS = max(len(f.split()) for f in NORMALISED)


_DURING = {"over", "under", "in", "within"}  # before a duration these say when, not how much


def match_qualifier(doc, i: int, floor: int, duration: bool = False) -> tuple[int, str, str] | None:
    """A hedge ending right before token ``i`` (not before token ``floor``).

    Returns (first token index, normalised, text as written), the longest hedge first.
    """
    for k in range(min(_MAX_WORDS, i - floor), 0, -1):
        span = doc[i - k : i]
        key = " ".join(t.lower_ for t in span)
        norm = NORMALISED.get(key)
        if norm is None:
            continue
        if key in ("over", "under", "above", "below") and span[0].dep_ == "prt":
            continue
        if duration and key in _DURING:
            continue  # "cut by $55 billion over six years"
        return i - k, norm, span.text
    return None
