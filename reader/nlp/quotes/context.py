"""What every step of one Doc's quote extraction shares (:class:`Context`): the text, its quotation
marks and the mask of quoted characters, the kind counts (:class:`Counts`), the character -> token
index, the sentences as token ranges and the tokens that may be speakers. Built once per Doc by
:func:`extractor.find_quotes` and read by the rules, the frames, the tagger, the model and training.
"""

from __future__ import annotations

import bisect

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Doc, Token

from reader.core.model import CLAUSE, PHRASE, ContentType, QuoteKind
from reader.nlp.quotes.marks import find_marked
from reader.nlp.quotes.spans import TokenIndex
from reader.nlp.sentences import sentence_starts
from reader.nlp.tokens import token_arrays

_IOB_BEGIN = 3  # Token.ent_iob of "B"


class Counts:
    """Prefix sums of letters/digits and of quoted letters/digits, for the kind of any span in O(1)."""

    def __init__(self, text: str, quoted: bytearray):
        self.text = text
        alnum = alnum_mask(text)
        inside = alnum & (np.frombuffer(bytes(quoted[: len(text)]), dtype=np.uint8) != 0)
        self.alnum: list[int] = np.concatenate([[0], np.cumsum(alnum)]).tolist()
        self.inside: list[int] = np.concatenate([[0], np.cumsum(inside)]).tolist()

    def kind(self, start: int, end: int) -> QuoteKind:
        total = self.alnum[end] - self.alnum[start]
        inside = self.inside[end] - self.inside[start]
        if total and inside == total:
            return "direct"
        return "mixed" if inside else "indirect"

    def quoted_share(self, start: int, end: int) -> float:
        total = self.alnum[end] - self.alnum[start]
        return (self.inside[end] - self.inside[start]) / total if total else 0.0


_ASCII_ALNUM = np.array([chr(c).isalnum() for c in range(128)])


def alnum_mask(text: str) -> np.ndarray:
    """``ch.isalnum()`` for every character of ``text``, as a boolean array (a table for ASCII,
    each other code point asked once)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mask = np.zeros(len(codes), dtype=bool)
    ascii_ = codes < 128
    mask[ascii_] = _ASCII_ALNUM[codes[ascii_]]
    other = np.flatnonzero(~ascii_)
    if len(other):
        found, where = np.unique(codes[other], return_inverse=True)
        mask[other] = np.array([chr(c).isalnum() for c in found.tolist()])[where]
    return mask


_VERBS = ("VERB", "AUX")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")


class Context:
    """What every step of one Doc's quote extraction shares: the text, its quotation marks, the mask
    of quoted characters, the kind counts and the character -> token index."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.arrays = token_arrays(doc)
        self.text = self.arrays.text  # (spaCy rebuilds doc.text on every access)
        self.marked = find_marked(self.text)
        self.quoted = bytearray(len(self.text) + 1)
        for m in self.marked:
            for s, e in m.pieces:
                self.quoted[s:e] = b"\x01" * (e - s)
        self.counts = Counts(self.text, self.quoted)
        self.index = TokenIndex(doc)
        # sentences as token ranges, read once (``Token.sent`` walks the parse on every call)
        starts = sentence_starts(doc)
        self.sent_id: np.ndarray = np.searchsorted(starts, np.arange(len(doc)), side="right") - 1
        self.sent_starts: list[int] = [*starts, len(doc)]  # sentence k: tokens [k], [k + 1]

        # the tokens in subject position, and those or the first word of a person or organization
        strings = doc.vocab.strings
        subject = np.isin(
            self.arrays.dep, np.asarray([strings["nsubj"], strings["nsubjpass"]], dtype=np.uint64)
        )
        ents = doc.to_array([ENT_TYPE, ENT_IOB]) if len(doc) else np.zeros((0, 2), dtype=np.uint64)
        labels = np.asarray([strings["PERSON"], strings["ORG"]], dtype=np.uint64)
        named = np.isin(ents[:, 0], labels) & (ents[:, 1] == _IOB_BEGIN)
        self.subjects: list[int] = np.flatnonzero(subject).tolist()
        self.subjects_or_names: list[int] = np.flatnonzero(subject | named).tolist()

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """The tokens [lo, hi) that the characters [start, end) touch (at least one)."""
        return self.index.token_at(start), self.index.token_at(max(start, end - 1)) + 1

    def sentence(self, i: int) -> tuple[int, int]:
        """The token range of the sentence of token ``i``."""
        k = int(self.sent_id[i])
        return self.sent_starts[k], self.sent_starts[k + 1]

    def content_type(self, kind: QuoteKind, start: int, end: int) -> ContentType:
        """A reported content headed by a noun is a noun phrase ("rejected [that criticism]", "raised
        [an alarm over surging attacks]"), unless a clause with a subject of its own is in it
        ("[concerns that the plan would fail]"); one headed by a verb is a clause ("to extend the
        attacks"); quotations are clauses."""
        if kind != "indirect":
            return CLAUSE
        tokens, head = self._words_and_head(start, end)
        if head is None:
            return PHRASE
        if any(t.pos_ in _VERBS and any(c.dep_ in _SUBJECTS for c in t.children) for t in tokens):
            return CLAUSE
        return CLAUSE if head.pos_ in _VERBS else PHRASE

    def noun_headed(self, kind: QuoteKind, start: int, end: int) -> bool:
        """A reported content headed by a noun, whatever clause hangs from it ("the actor who won
        the award", "concerns that the plan would fail"): an object, not a report of words."""
        if kind != "indirect":
            return False
        head = self._words_and_head(start, end)[1]
        return head is not None and head.pos_ in ("NOUN", "PROPN", "PRON")

    def _words_and_head(self, start: int, end: int) -> tuple[list[Token], Token | None]:
        """The content's words (no punctuation or space) and the one that heads it (None: none)."""
        lo, hi = self.token_range(start, end)
        tokens = [t for t in self.doc[lo:hi] if not t.is_punct and not t.is_space]
        if not tokens:
            return tokens, None
        heads = [t for t in tokens if t.head.i == t.i or not lo <= t.head.i < hi]
        # a leading "and" or "that" or a preposition hangs outside too, but does not head the content
        return tokens, next((t for t in heads if t.dep_ not in ("cc", "mark", "prep", "punct")), tokens[0])

    @staticmethod
    def among(tokens: list[int], lo: int, hi: int) -> list[int]:
        """The tokens of the sorted list ``tokens`` in [lo, hi)."""
        return tokens[bisect.bisect_left(tokens, lo) : bisect.bisect_left(tokens, max(lo, hi))]
