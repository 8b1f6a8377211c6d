"""Token attributes of a Doc read once from its arrays.

``doc[i]``, ``Token.head`` and ``Token.children`` build a new ``Token`` object on every access; the
rules that walk a 100,000-word article token by token spent most of their time doing that. The
scans that touch every token (where a line breaks, which tokens a content trims away, which words
can be a cue at all) read these flat lists instead, and call into ``Token`` only where a rule needs
the parse around a token that passed.

:func:`token_arrays` keeps the arrays of a Doc until its analysis releases it (or it is gone), so
the helpers that take a ``doc`` share them without a new parameter.
"""

from __future__ import annotations

import functools
import threading
import weakref
from bisect import bisect_right

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH, POS, SENT_START, SPACY, TAG
from spacy.tokens import Doc


class TokenArrays:
    """Flat per-token data of one Doc (text and offsets; coarse tags and dependencies for filters)."""

    def __init__(self, doc: Doc):
        n = len(doc)
        self.n = n
        strings = self._strings = doc.vocab.strings
        cols = doc.to_array([ORTH, SPACY, IDX, LENGTH, IS_PUNCT, IS_SPACE]) if n else np.zeros((0, 6))
        orth = cols[:, 0].tolist()
        spacy = cols[:, 1].tolist()
        self.texts: list[str] = [strings[o] for o in orth]
        # Doc.text is every token's text and its trailing space; built here without a Token each
        self.text: str = "".join([t + " " if sp else t for t, sp in zip(self.texts, spacy, strict=True)])
        self.idx: list[int] = cols[:, 2].astype(np.int64).tolist()
        length = cols[:, 3].astype(np.int64)
        self.end: list[int] = (cols[:, 2].astype(np.int64) + length).tolist()
        self.is_punct: list[int] = cols[:, 4].astype(np.int64).tolist()
        self.is_space: list[int] = cols[:, 5].astype(np.int64).tolist()
        # Token.is_sent_start is true where the array says 1 (-1: false, 0: not known)
        starts = doc.to_array(SENT_START).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
        self.sent_start: list[bool] = (starts == 1).tolist()
        # tokens whose text holds a line break (a token's trailing whitespace is one space at most)
        self.breaks: list[int] = [i for i, t in enumerate(self.texts) if "\n" in t]
        tags = doc.to_array([POS, TAG, DEP]) if n else np.zeros((0, 3), dtype=np.uint64)
        self.pos = tags[:, 0]
        self.tag = tags[:, 1]
        self.dep = tags[:, 2]
        self.head = np.arange(n, dtype=np.int64) + doc.to_array(HEAD).astype(np.int64) if n else np.zeros(0)

    @functools.cached_property
    def deps(self) -> list[str]:
        """Every token's dependency label (``Token.dep_``)."""
        strings = self._strings
        return [strings[h] for h in self.dep.tolist()]

    def children(self, i: int) -> list[int]:
        """Token ``i``'s children in text order (``Token.children``: the tokens whose head it is)."""
        order, at = self._children
        return order[at[i] : at[i + 1]]

    @functools.cached_property
    def _children(self) -> tuple[list[int], list[int]]:
        """Every token's children, grouped by head in text order, and where each group starts."""
        child = np.flatnonzero(self.head != np.arange(self.n))
        heads = self.head[child]
        by_head = np.argsort(heads, kind="stable")  # (stable: text order within a head)
        at = np.searchsorted(heads[by_head], np.arange(self.n + 1))
        return child[by_head].tolist(), at.tolist()

    def last_break(self, lo: int, hi: int) -> int:
        """The last token in [lo, hi) whose text holds a line break, or -1."""
        k = bisect_right(self.breaks, hi - 1) - 1
        return self.breaks[k] if k >= 0 and self.breaks[k] >= lo else -1

    def first_break(self, lo: int, hi: int) -> int:
        """The first token in [lo, hi) whose text holds a line break, or -1."""
        k = bisect_right(self.breaks, lo - 1)
        return self.breaks[k] if k < len(self.breaks) and self.breaks[k] < hi else -1

    def with_child(self, deps: np.ndarray, *, after: bool = False) -> np.ndarray:
        """A mask of the tokens with a child whose dependency label (hash) is one of ``deps``
        (with ``after``: a child to their right)."""
        mask = np.zeros(self.n, dtype=bool)
        child = np.isin(self.dep, deps)
        if after:
            child &= self.head < np.arange(self.n)
        mask[self.head[child]] = True
        return mask


# the arrays of the Docs being analysed, by id (an entry goes when its Doc is released or dies)
_kept: dict[int, tuple[weakref.ref[Doc], int, TokenArrays]] = {}
_lock = threading.Lock()


def token_arrays(doc: Doc) -> TokenArrays:
    """The arrays of ``doc``, read on first use and kept while it is analysed."""
    found = _kept.get(id(doc))
    if found is not None and found[0]() is doc and found[1] == len(doc):
        return found[2]
    with _lock:
        arrays = TokenArrays(doc)
        key = id(doc)
        _kept[key] = (weakref.ref(doc, lambda _ref: _kept.pop(key, None)), len(doc), arrays)
        return arrays


def release(doc: Doc) -> None:
    """Drops the arrays kept for ``doc`` (its analysis is done: they would only hold memory)."""
    with _lock:
        found = _kept.get(id(doc))
        if found is not None and found[0]() is doc:
            del _kept[id(doc)]
