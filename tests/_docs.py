"""Hand-built spaCy Docs for rule tests: the parse is written down, not predicted, so a test says
which rule broke, whatever the model does.

Notation: one token a line, ``word TAG DEP HEAD [ENT]``; HEAD is the index of the head token
(``-`` for the root). POS is derived from TAG, the lemma is the lower-cased word unless given
as ``word/lemma``. Example::

    doc = build('''
        The      DT  det    1
        mayor    NN  nsubj  2
        rejected VBD ROOT   -
        it       PRP dobj   2
        .        .   punct  2
    ''')
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

_POS = {
    "DT": "DET", "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "PRP": "PRON",
    "PRP$": "PRON", "VB": "VERB", "VBD": "VERB", "VBZ": "VERB", "VBP": "VERB", "VBG": "VERB",
    "VBN": "VERB", "MD": "AUX", "IN": "ADP", "TO": "PART", "JJ": "ADJ", "RB": "ADV", ",": "PUNCT",
    ".": "PUNCT", "CC": "CCONJ", "CD": "NUM", "WP": "PRON", "POS": "PART", "``": "PUNCT",
    "''": "PUNCT", "AUX": "AUX",
}  # fmt: skip
_VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case, punctuation)


def build(spec: str) -> Doc:
    words, tags, deps, heads, lemmas, ents = [], [], [], [], [], []
    lines = [ln.split() for ln in spec.strip().splitlines() if ln.strip()]
    for i, parts in enumerate(lines):
        word, tag, dep, head = parts[:4]
        word, _, lemma = word.partition("/")
        words.append(word)
        lemmas.append(lemma or word.lower())
        tags.append(tag)
        deps.append(dep)
        heads.append(i if head == "-" else int(head))
        ents.append(parts[4] if len(parts) > 4 else "O")
    pos = [
        "AUX" if t.startswith("VB") and d in ("aux", "auxpass") else _POS.get(t, "X")
        for t, d in zip(tags, deps)
    ]
    return Doc(
        _VOCAB,
        words=words,
        spaces=[True] * len(words),
        tags=tags,
        pos=pos,
        deps=deps,
        heads=heads,
        lemmas=lemmas,
        ents=ents,
    )
