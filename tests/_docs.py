"""Hand-built spaCy Docs for rule tests: the parse is written down, not predicted, so a test says
which rule broke, whatever the model does.

Notation: one token a line, ``word TAG DEP HEAD [ENT] [FLAGS]``; HEAD is the index of the head token
(``-`` for the root; every root starts a sentence tree). POS and lemma come from the model's own
attribute ruler and lemmatizer, run on the written tags and parse, so a hand-built Doc carries what
the pipeline would give those tags ("that" IN is SCONJ, a copula is AUX); ``TAG/POS`` overrides the
POS (``NN/PROPN``) and ``word/lemma`` the lemma (a lemma of letters; ``\\/`` is a literal slash:
``km\\/h``). ENT is an IOB tag (``B-PERSON``, ``I-ORG``, ``O``). Example::

    doc = build('''
        The      DT  det    1
        mayor    NN  nsubj  2
        rejected VBD ROOT   -
        it       PRP dobj   2
        .        .   punct  2
    ''')

Spacing: by default the text reads like English: no space before ``, . ; : ! ? ) %``, closing
quotation marks, ``'s`` and ``n't``, none after opening marks, ``(``, ``$`` or ``£``; straight
``"`` marks alternate between opening and closing. ``doc.text`` above is "The mayor rejected it.".
Flags override it: ``-sp`` (no space after this token), ``+sp`` (a space after it). Escapes in a
word: ``\\n`` a line break, ``\\s`` a space, ``\\b`` a no-break space. A token made of line
breaks (``\\n\\n _SP dep 3``) is a whitespace token as spaCy makes them; no space is written
around it. ``build(spec, spacing="plain")`` puts one space after every token.
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.tokens import Doc

_POS = {
    "DT": "DET", "PDT": "DET", "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN",
    "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "WP$": "PRON", "WDT": "PRON", "EX": "PRON",
    "VB": "VERB", "VBD": "VERB", "VBZ": "VERB", "VBP": "VERB", "VBG": "VERB", "VBN": "VERB",
    "MD": "AUX", "AUX": "AUX", "IN": "ADP", "RP": "ADP", "TO": "PART", "POS": "PART",
    "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV",
    "CC": "CCONJ", "CD": "NUM", "UH": "INTJ", "$": "SYM", "SYM": "SYM", ",": "PUNCT", ".": "PUNCT",
    ":": "PUNCT", "``": "PUNCT", "''": "PUNCT", "HYPH": "PUNCT", "NFP": "PUNCT", "-LRB-": "PUNCT",
    "-RRB-": "PUNCT", "_SP": "SPACE", "XX": "X", "FW": "X", "LS": "X", "ADD": "X", "AFX": "ADJ",
}  # fmt: skip
_VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case, punctuation)

_NO_SPACE_BEFORE = frozenset(",.;:!?)]}%”’»") | {"'s", "’s", "n't", "n’t", "'", "''", "...", "…"}
_NO_SPACE_AFTER = frozenset("“‘«([{$£€#") | {"``"}
_ENT = re.compile(r"^(?:[BI]-\S+|O)$")
_ESCAPES = {"\\n": "\n", "\\s": " ", "\\t": "\t", "\\b": "\u00a0"}


def _unescape(word: str) -> str:
    for k, v in _ESCAPES.items():
        word = word.replace(k, v)
    return word


def _word_lemma(field: str) -> tuple[str, str]:
    field = field.replace("\\/", "\x00")
    word, lemma = field, ""
    k = field.rfind("/")
    if 0 < k < len(field) - 1 and re.fullmatch(r"[A-Za-z][A-Za-z'’.-]*", field[k + 1 :]):
        word, lemma = field[:k], field[k + 1 :]
    word = _unescape(word.replace("\x00", "/"))
    return word, lemma or word.lower()


def _spaces(words: list[str], flags: list[set[str]]) -> list[bool]:
    out = []
    straight_open = False
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        space = nxt is not None
        if w == '"':
            straight_open = not straight_open
            if straight_open:
                space = False
        if w in _NO_SPACE_AFTER or w.isspace():
            space = False
        if nxt is not None and (nxt in _NO_SPACE_BEFORE or nxt.isspace()):
            space = False
        if nxt == '"' and straight_open:  # the closing mark of an open straight quotation
            space = False
        if "-sp" in flags[i]:
            space = False
        if "+sp" in flags[i]:
            space = True
        out.append(space)
    return out


@functools.cache
def _model_pipes():
    """The model's attribute ruler and lemmatizer (its tagger and parser are not run: the tags and
    the parse are the ones written)."""
    from reader.nlp import MODEL_NAME

    nlp = spacy.load(MODEL_NAME, exclude=["tok2vec", "tagger", "parser", "ner", "senter"])
    return nlp.vocab, nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")


def build(spec: str, spacing: str = "auto") -> Doc:
    words, tags, pos, deps, heads, lemmas, ents, flags = [], [], [], [], [], [], [], []
    lines = [ln.split() for ln in spec.strip().splitlines() if ln.strip()]
    for i, parts in enumerate(lines):
        field, tag, dep, head = parts[:4]
        word, lemma = _word_lemma(field)
        tag, _, explicit_pos = tag.partition("/") if len(tag) > 1 else (tag, "", "")
        words.append(word)
        lemmas.append(lemma if lemma != word.lower() or "/" in field.replace("\\/", "") else "")
        tags.append(tag)
        deps.append(dep)
        heads.append(i if head == "-" else int(head))
        ent = "O"
        extra: set[str] = set()
        for p in parts[4:]:
            if _ENT.match(p):
                ent = p
            elif p in ("-sp", "+sp"):
                extra.add(p)
            else:
                raise ValueError(f"line {i}: unknown field {p!r}")
        ents.append(ent)
        flags.append(extra)
        pos.append(explicit_pos)
    spaces = [True] * len(words) if spacing == "plain" else _spaces(words, flags)
    vocab, ruler, lemmatizer = _model_pipes()
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, deps=deps, heads=heads, ents=ents)
    doc = lemmatizer(ruler(doc))
    for tok, p, lemma in zip(doc, pos, lemmas, strict=True):
        if p:
            tok.pos_ = p
        if lemma:
            tok.lemma_ = lemma
    return doc


def notation_pos(tag: str, dep: str) -> str:
    """The POS the notation gave before the model's ruler did (kept for the tests of the notation)."""
    if tag.startswith("VB") and dep in ("aux", "auxpass"):
        return "AUX"
    return _POS.get(tag, "X")
