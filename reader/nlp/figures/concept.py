"""What a figure measures (``Figure.of``): a span of its sentence and a short label, from the parse.

Tried in this order, the first that applies wins:

1. the counted noun written with the number: "67,000 research staff" -> "research staff";
2. "of" and its object after the figure: "41 percent of the vote" -> "the vote", "half of the
   seats", "62 years of life", "one of the unions" (not "of 2015", "of them");
3. money's purpose after it ("in", "for", "on"): "$11 million in claims", "$500,000 on TV ads";
4. the noun the figure modifies: "a $48 million flood barrier", "a 4 percent sales tax", "a
   30-minute speech", "a 74-year-old diplomat";
5. the noun the figure is said of: "the top tax rate of 39.6 percent", "an average age of 71", "tax
   increases of $15 trillion", "women (61 percent)", "Betsy Ebeling, 68";
6. the clause around it (not for durations and ranks, whose sentence rarely names what they
   measure): "puts Obama's approval at 50 percent" -> "Obama's approval" (the object a figure is
   put at), else the subject: "Trump received 37 percent", "costs rose to $6 billion", "the margin
   of error is 3 points", "net favorability numbers falling to 44 percent" (the noun a participle
   describes). Pronouns, names of times and other figures are not concepts.

The span is a noun phrase: the noun with what is written before it (determiners, possessives,
adjectives, compounds; at most :data:`_MAX_LEFT` tokens), and "of" and its object after a noun of
amount ("the total number of messages"). The label drops a leading article and keeps at most
:data:`_LABEL_WORDS` words ending at the noun.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

_MAX_LEFT = 6  # tokens of a noun phrase before its noun
_MONEY_SIGNS = {"$", "€", "£", "¥", "US$"}
_LABEL_WORDS = 5
_OF_PREPS_MONEY = {"in", "for", "on"}
# nouns of amount that say what they are of: "the number of people", "a share of the vote"
_AMOUNT_NOUNS = {
    "number", "total", "share", "percentage", "proportion", "amount", "majority", "minority", "half",
    "rate", "level", "count", "fraction", "portion", "sum", "tally",
}  # fmt: skip
# a change in something is said of that something: "the rise in global temperatures"
_CHANGE_NOUNS = {"rise", "increase", "fall", "drop", "growth", "decline", "cut", "jump", "gain", "loss"}
# times and generic words: no concept ("of 2015", "in the first quarter", "of them")
_NOT_CONCEPTS = {
    "year", "month", "week", "day", "quarter", "period", "time", "morning", "afternoon", "evening",
    "night", "decade", "century", "hour", "minute", "season", "weekend", "past", "future", "all",
    "one", "ones", "that", "this", "those", "these", "what", "which", "it", "they", "them", "some",
    "lot", "kind", "sort", "way", "part", "percent", "percentage", "cent", "point", "points",
    "times", "dollars", "dollar",
}  # fmt: skip
_PRONOUNS = {"PRON"}
# pronouns that stand for people (a figure said of "she" is hers); "it", "this", "which" say nothing
_PERSONAL = {"i", "you", "he", "she", "we", "they"}
# a figure that is the object of these prepositions is said of the verb's subject or object
_CLAUSE_PREPS = {"to", "at", "with", "by", "from", "above", "below", "around", "near", "under", "over", "of"}
_CLAUSE_DEPS = {"dobj", "attr", "acomp", "npadvmod", "advmod", "oprd", "nsubj", "appos", "conj", "ccomp"}
_SUBJECTS = {"nsubj", "nsubjpass"}
# "puts Obama's approval at 50 percent", "showed Shuster above 50 percent": the object is measured
_PUT_AT = {"at", "to", "above", "below", "near", "under", "over", "around"}
_MODIFIER_DEPS = {"nummod", "compound", "amod", "nmod", "quantmod", "npadvmod"}
_NO_CLAUSE_KINDS = {"duration", "rank"}


def _is_noun(tok: Token) -> bool:
    return (
        tok.pos_ in ("NOUN", "PROPN")
        and not tok.like_num
        and any(c.isalpha() for c in tok.text)  # not "%"
        and tok.lower_ not in _NOT_CONCEPTS
    )


def noun_phrase(doc: Doc, noun: Token, lo: int, hi: int) -> tuple[int, int] | None:
    """The token span of the noun phrase of ``noun`` within ``[lo, hi)`` (see the module doc)."""
    if not (lo <= noun.i < hi) or not _is_noun(noun):
        return None
    first = noun.i
    for left in noun.lefts:
        if (
            left.i >= lo
            and left.dep_ not in ("punct", "cc", "prep", "advmod")
            and noun.i - left.left_edge.i <= _MAX_LEFT
        ):
            first = min(first, max(left.left_edge.i, lo))
            break
    for k in range(noun.i - 1, first - 1, -1):
        if doc[k].like_num or doc[k].text[:1].isdigit() or doc[k].text in _MONEY_SIGNS:
            first = (
                k + 1
            )  # never a number inside: "of the 1,237 outstanding delegates" -> "outstanding delegates"
            break
    while first < noun.i and doc[first].is_punct:
        first += 1
    end = noun.i + 1
    if noun.lower_ in _AMOUNT_NOUNS or noun.lemma_ in _CHANGE_NOUNS:
        word = "of" if noun.lower_ in _AMOUNT_NOUNS else "in"
        of = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == word), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None and obj.i < hi and _is_noun(obj):
            end = obj.i + 1
    return first, end


def _of_object(doc: Doc, k: int, hi: int) -> tuple[int, int] | None:
    """The noun phrase of the object of the preposition at token ``k``."""
    objs = [c for c in doc[k].children if c.dep_ == "pobj"]
    if not objs and k + 1 < hi and doc[k + 1].pos_ == "DET" and doc[k + 1].head.i > k:
        objs = [doc[k + 1].head]
    if len(objs) != 1 or objs[0].pos_ in _PRONOUNS:
        return None
    return noun_phrase(doc, objs[0], k + 1, hi)


def _head_of(doc: Doc, start: int, end: int) -> Token:
    """The figure's token whose head is outside it (the last such one)."""
    heads = [t for t in doc[start:end] if not start <= t.head.i < end]
    return heads[-1] if heads else doc[end - 1]


def _counted(doc: Doc, start: int, num_end: int, end: int) -> tuple[int, int] | None:
    """1. The counted noun written inside the figure, after its number; for "N times", what was
    done that many times ("referred to ISIS 44 times" -> "referred to ISIS")."""
    words = [t for t in doc[num_end:end] if t.is_alpha]
    if not words:
        return None
    noun = words[-1]
    if noun.dep_ == "compound" and noun.head.i >= end and _is_noun(noun.head):
        return noun_phrase(doc, noun.head, end, noun.head.i + 1)  # "the 1,237 delegate threshold"
    if noun.lower_ in ("point", "points"):
        return None  # "winning by ten points": whose points the clause tells
    if noun.lower_ in ("times", "time"):
        verb = noun.head
        if verb.pos_ == "VERB" and verb.i < start:
            return verb.i, start
        return None
    return noun_phrase(doc, noun, num_end, end) if _is_noun(noun) else None


def _after(doc: Doc, end: int, hi: int, kind: str, per: str | None) -> tuple[int, int] | None:
    """2 and 3. "of" (any figure) or a preposition of purpose (money) after the figure."""
    k = end + 2 if per else end
    if k >= hi:
        return None
    word = doc[k].lower_
    if word == "of":
        return _of_object(doc, k, hi)
    if kind == "currency" and word in _OF_PREPS_MONEY:
        got = _of_object(doc, k, hi)
        if got is not None and doc[got[1] - 1].pos_ != "PROPN":
            return got  # (not "$5 million for Clinton": a name is given the money)
    return None


# a share of these is had by someone: "Trump leads with 40 percent support" is Trump's
_HELD_NOUNS = {"support", "backing", "approval", "share"}


def _modified(doc: Doc, start: int, end: int, hi: int) -> tuple[int, int] | None:
    """4. The noun the figure modifies, written right after it ("a $48 million flood barrier");
    a fraction's noun phrase ("half the seats", "more than half those who met her")."""
    head = _head_of(doc, start, end)
    nxt = doc[end] if end < hi else None
    fraction = doc[end - 1].lower_ in ("half", "third", "quarter", "thirds", "quarters")
    if fraction and nxt is not None and (nxt.pos_ in ("DET", "PRON") or nxt.tag_ == "PRP$"):
        target = nxt.head if nxt.i < nxt.head.i < hi else nxt
        return end, max(target.i, nxt.i) + 1
    noun = head.head
    if head.dep_ not in _MODIFIER_DEPS or not end <= noun.i < min(hi, end + 4):
        return None
    if any(t.is_punct and t.text not in ("-", "‑") for t in doc[end : noun.i]):
        return None
    return noun_phrase(doc, noun, end, hi)


def _owner(doc: Doc, start: int, end: int, hi: int, kind: str) -> tuple[int, int] | None:
    """Whose figure it is: "Wells' 33 percent", "Halvorson's paltry $31,000", "her 2,203"
    (a possessor before it), "17% for Sanders" (a share: a name after "for"; money "for Clinton"
    is given to her, not hers)."""
    for tok in doc[start:end]:
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.i < start), None)
        if poss is not None:
            if poss.pos_ == "PRON":
                return poss.i, poss.i + 1
            return noun_phrase(doc, poss, max(0, poss.left_edge.i), poss.i + 1) or (poss.i, poss.i + 1)
    k = start - 1
    while k > 0 and start - k <= 3 and doc[k].pos_ == "ADJ":
        k -= 1  # "Halvorson's paltry $31,000"
    if k > 0 and doc[k].text in ("'s", "’s", "'", "’") and doc[k - 1].pos_ in ("PROPN", "NOUN"):
        return noun_phrase(doc, doc[k - 1], max(0, k - 4), k) or (k - 1, k)  # "Wells’ 33 percent"
    if kind == "percent" and end + 1 < hi and doc[end].lower_ == "for" and doc[end + 1].pos_ == "PROPN":
        last = end + 1
        while last + 1 < hi and doc[last + 1].pos_ == "PROPN":
            last += 1
        return end + 1, last + 1
    return None


def _said_of(doc: Doc, start: int, end: int, lo: int, kind: str) -> tuple[int, int] | None:
    """5. The noun before the figure it is said of: "the rate of 39.6 percent", "women (61
    percent)", "Betsy Ebeling, 68"."""
    head = _head_of(doc, start, end)
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.i < start:
        noun = head.head.head
        if noun.pos_ in ("NOUN", "PROPN"):
            return noun_phrase(doc, noun, lo, start)
    before = doc[start - 1] if start - 1 >= lo else None
    if before is not None and before.text == "(" and start - 2 >= lo:
        return noun_phrase(doc, doc[start - 2], lo, start - 1)
    if kind == "age" and before is not None and before.text == "," and start - 2 >= lo:
        name = doc[start - 2]
        if name.pos_ == "PROPN":
            first = name.i
            while first - 1 >= lo and doc[first - 1].pos_ == "PROPN" and name.i - first < 4:
                first -= 1
            return first, name.i + 1
    return None


def _clause(
    doc: Doc, start: int, end: int, lo: int, hi: int, head: Token | None = None, people: bool = False
) -> tuple[int, int] | None:
    """6. The object the figure is put at, else the subject of the clause it is in (``head``: the
    token to start from, the figure's own head by default; ``people``: a personal pronoun may be the
    subject, for an age: "she is 45")."""
    head = head if head is not None else _head_of(doc, start, end)
    tok, prep = head, None
    if tok.dep_ == "pobj" and tok.head.lower_ in _CLAUSE_PREPS:
        prep = tok.head
        tok = prep
    elif tok.dep_ not in _CLAUSE_DEPS and tok.dep_ != "prep":
        return None
    verb = tok.head
    for _ in range(3):  # through "up" in "was up 70 percent", through a conjoined verb
        small = next((c for c in verb.children if c.dep_ in _SUBJECTS and c.i < start), None)
        if verb.pos_ in ("VERB", "AUX") or verb.i == verb.head.i or small is not None:
            break
        verb = verb.head
    small = next((c for c in verb.children if c.dep_ in _SUBJECTS and c.i < start), None)
    if verb.pos_ not in ("VERB", "AUX") and small is not None and small.pos_ not in _PRONOUNS:
        return noun_phrase(doc, small, lo, start)  # "polls show Clinton up by 10 points"
    if verb.pos_ not in ("VERB", "AUX"):
        if verb.pos_ in ("NOUN", "PROPN") and prep is not None and verb.i < start:
            return noun_phrase(doc, verb, lo, start)  # "support above 80 percent"
        return None
    if prep is not None and prep.lower_ in _PUT_AT:
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < start), None)
        got = noun_phrase(doc, obj, lo, start) if obj is not None else None
        if got is not None:
            return got  # "puts Obama's approval at 50 percent"
    subject = _subject(verb)
    if subject is None or start <= subject.i < end:
        return None
    if subject.pos_ in _PRONOUNS:
        return (subject.i, subject.i + 1) if people and subject.lower_ in _PERSONAL else None
    if subject.tag_ == "VBG" and subject.i < start:  # "spending on buildings rose 12%"
        return subject.i, min(subject.right_edge.i + 1, start, subject.i + _MAX_LEFT)
    return noun_phrase(doc, subject, lo, hi)


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``: its own, the noun a participle or relative clause describes, or the
    subject of the verb it is conjoined to or controlled by ("needs to garner 52 percent")."""
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subject is None and verb.dep_ in ("acl", "relcl"):
        subject = verb.head  # "his favorability numbers falling to 44 percent"
    if subject is None and verb.dep_ in ("conj", "xcomp", "ccomp", "advcl"):
        subject = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)
    if subject is not None and subject.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
        subject = verb.head  # "the gap in pledged delegates, which stood at 263"
    return subject


def concept_of(
    doc: Doc,
    span: tuple[int, int],
    num_end: int,
    sentence: tuple[int, int],
    kind: str,
    per: str | None = None,
    fallback: tuple[int, int] | None = None,
) -> tuple[int, int] | None:
    """The token span of what the figure on tokens ``span`` (its number ending at ``num_end``)
    measures, within its ``sentence`` (token bounds), or None. ``fallback``: what the count it is
    compared with measures, taken before the clause is read."""
    start, end = span
    lo, hi = sentence

    def clause() -> tuple[int, int] | None:
        if kind in _NO_CLAUSE_KINDS:
            return None
        return _clause(doc, start, end, lo, hi, people=kind == "age")

    modified = _modified(doc, start, end, hi)
    if modified is not None and kind == "percent" and doc[modified[1] - 1].lower_ in _HELD_NOUNS:
        held = _clause(doc, start, end, lo, hi, doc[modified[1] - 1])
        if held is not None and doc[held[1] - 1].pos_ == "PROPN":
            modified = held  # "Trump leads with 40 percent support"
    counted = _counted(doc, start, num_end, end) if kind in ("count", "age", "ratio") else None
    got = (
        counted
        or _after(doc, end, hi, kind, per)
        or modified
        or (_owner(doc, start, end, hi, kind) if kind != "duration" else None)
        or _said_of(doc, start, end, lo, kind)
        or fallback
        or clause()
    )
    if got is None or got[0] >= got[1]:
        return None
    inside = start <= got[0] and got[1] <= end
    if got[0] < end and start < got[1] and not (inside and kind == "count"):
        return None  # a phrase across the figure's edge, or a duration's own unit ("four more years")
    return got


def label_of(doc: Doc, span: tuple[int, int]) -> str:
    """The short label of a concept span: no leading article, at most :data:`_LABEL_WORDS` words."""
    toks = [t for t in doc[span[0] : span[1]] if not t.is_space]
    while toks and toks[0].lower_ in ("the", "a", "an"):
        toks = toks[1:]
    toks = toks[-_LABEL_WORDS:]
    out = ""
    for k, t in enumerate(toks):
        out += t.text + (t.whitespace_ if k + 1 < len(toks) else "")
    return out.strip()
