"""Sentence boundaries read once from the Doc's arrays (``Doc.sents`` builds a Span per sentence
and walks the tokens each time it is asked; on a 100,000-word article that costs a few tenths of
a second per call)."""

from __future__ import annotations

import numpy as np
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc


def sentence_starts(doc: Doc) -> list[int]:
    """The index of every sentence's first token (the first token always starts one)."""
    if not len(doc):
        return []
    first = doc.to_array(SENT_START).astype(np.int64) == 1
    first[0] = True
    return np.flatnonzero(first).tolist()


def sentence_chars(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of every sentence, as ``Span.start_char``/``end_char`` give them."""
    starts = sentence_starts(doc)
    if not starts:
        return []
    arr = doc.to_array([IDX, LENGTH]).astype(np.int64)
    ends = [*starts[1:], len(doc)]
    return [(int(arr[s, 0]), int(arr[e - 1, 0] + arr[e - 1, 1])) for s, e in zip(starts, ends, strict=True)]
