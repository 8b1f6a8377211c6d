"""What a figure means besides its value and unit: a rate's denominator and a rise or fall.

Rates (``Figure.per``): after the figure, in its sentence, "a"/"an"/"per"/"each"/"every"/"/" and a
singular noun: "$4 a month" -> "month", "$58 a barrel" -> "barrel", "£2 per litre" -> "litre",
"3 percent a year" -> "year". Not a rate: "a year ago" (a date offset: "ago", "earlier", "later",
"before" follows the noun), "per cent" (a percentage), a noun that modifies another ("a month
subscription"). Units that are rates already ("mph", "km/h", "Mbps") keep their unit and no ``per``.

Changes (``Figure.change``): "rise" or "fall" from the words next to the figure, else "level".

- before it: a verb of change ("rose", "increased", "grew", "climbed", "soared", "jumped", "gained";
  "fell", "dropped", "declined", "slid", "plunged", "lost", "cut", ...) or "up"/"down", directly or
  through "by", an article or adverbs ("rose sharply by 6%"), but not the particle of a phrasal verb
  ("sign up 5 million people", "make up 80 percent"); or a singular noun of change and "of" ("a rise
  of 6%", not "gains of two years");
- after it: a noun or adjective of change ("a 6% rise", "a 2% drop", "6% higher").

A figure after "to" or "from" is a level: in "fell 0.4 per cent to 13,176" the 0.4 per cent is a fall
and 13,176 the new level; in "rose from 10 to 12" both are levels.

What money is for (``Figure.of``, currency figures only): the common noun it counts or pays for, as a
compact phrase (the noun and up to two compound or adjective modifiers, lower case as written, at most
three words), in the figure's sentence and line.

- after it (and after its rate, if any): "in", "of", "for" or "on" and its object: "nearly $11 million
  in claims" -> "claims", "$2 billion in new spending" -> "new spending", "$1 trillion in tax cuts" ->
  "tax cuts";
- or the noun the amount modifies: "a $48 million flood barrier" -> "flood barrier".

Not: an object that is a number, a date, a name or a pronoun ("$5 of the $10", "$3 million in 2019",
"$5 million for Clinton"), or a time ("$3 billion in the first quarter").
"""

from __future__ import annotations

from spacy.tokens import Doc

from reader.core.model import FALL, LEVEL, RISE, Change

_RATE_WORDS = {"a", "an", "per", "each", "every", "/"}
# the noun is then a time, not a denominator: "3 percent a year ago", "$4 a month earlier"
_NOT_RATE_AFTER = {"ago", "earlier", "later", "before", "after", "old", "-", "of"}
_NOT_PER = {"cent", "centum", "cents", "capita"}

_RISE_WORDS = {
    "rise", "rose", "risen", "increase", "grow", "grew", "grown", "climb", "soar", "jump", "surge",
    "gain", "rally", "advance", "spike", "rocket", "swell", "up",
}  # fmt: skip
_FALL_WORDS = {
    "fall", "fell", "fallen", "drop", "decline", "decrease", "slide", "slid", "plunge", "lose", "lost",
    "slip", "dip", "tumble", "sink", "sank", "sunk", "shrink", "shrank", "slump", "cut", "reduce",
    "plummet", "down", "dive",
}  # fmt: skip
# nouns (and comparatives) of change written after the figure: "a 6% rise", "a 2% cut", "6% higher"
_RISE_AFTER = {"rise", "increase", "gain", "jump", "growth", "surge", "climb", "hike", "higher"}
_FALL_AFTER = {"fall", "drop", "decline", "decrease", "cut", "loss", "slide", "dip", "reduction", "lower"}
_GAP = {"by", "a", "an", "another", "some", "just", "only", "nearly", "almost", "roughly", ","}


def _word(tok) -> set[str]:
    return {tok.lower_, tok.lemma_.lower()}


def rate_of(doc: Doc, end: int, limit: int) -> str | None:
    """The denominator written after a figure ending at token ``end`` ("a month" -> "month")."""
    if end + 1 >= limit or doc[end].lower_ not in _RATE_WORDS:
        return None
    link, noun = doc[end], doc[end + 1]
    if link.text == "/" and (link.whitespace_ or doc[end - 1].whitespace_):
        return None  # "10 / month" is read, "10 / 20" or a spaced slash between figures is not
    if noun.tag_ != "NN" or noun.lower_ in _NOT_PER or not noun.is_alpha:
        return None
    after = doc[end + 2] if end + 2 < limit else None
    if after is not None and (after.lower_ in _NOT_RATE_AFTER or after.pos_ in ("NOUN", "PROPN", "NUM")):
        return None
    return noun.lemma_.lower()


_OF_PREPS = {"in", "of", "for", "on"}
_OF_MODS = {"compound", "amod"}
# times, not what the money is for: "$3 billion in the first quarter", "$5 million a year"
_TIME_NOUNS = {
    "year", "years", "month", "months", "week", "weeks", "day", "days", "quarter", "quarters", "half",
    "period", "time", "times", "morning", "afternoon", "evening", "night", "decade", "decades",
    "century", "hour", "hours", "minute", "minutes", "term", "season", "weekend", "spring", "summer",
    "autumn", "fall", "winter", "past", "future", "total", "all",
}  # fmt: skip


def _common_noun(tok) -> bool:
    return tok.pos_ == "NOUN" and tok.is_alpha and not tok.like_num and tok.lower_ not in _TIME_NOUNS


def _noun_phrase(doc: Doc, noun, lo: int) -> str:
    """``noun`` with the compound and adjective modifiers written right before it (from token ``lo``
    on), at most three words: "claims", "new spending", "flood barrier"."""
    first = noun.i
    while (
        first - 1 >= lo
        and noun.i - first < 2
        and doc[first - 1].dep_ in _OF_MODS
        and doc[first - 1].head.i in range(first, noun.i + 1)
        and doc[first - 1].is_alpha
        and not doc[first - 1].like_num
    ):
        first -= 1
    return " ".join(t.lower_ for t in doc[first : noun.i + 1])


def purpose_of(doc: Doc, start: int, end: int, limit: int, per: str | None = None) -> str | None:
    """What a currency figure on tokens [start, end) counts or pays for: "claims" in "$11 million in
    claims", "flood barrier" in "a $48 million flood barrier" (None: nothing said)."""
    k = end + 2 if per else end  # after the rate: "$4 a month for the service"
    if k + 1 < limit and doc[k].lower_ in _OF_PREPS:
        objs = [c for c in doc[k].children if c.dep_ == "pobj"]
        if len(objs) != 1 or not k < objs[0].i < limit or not _common_noun(objs[0]):
            return None  # "of the $10", "in 2019", "for Clinton", "in the first quarter"
        obj = objs[0]
        between = doc[k + 1 : obj.i]
        if any(t.like_num or t.pos_ in ("PROPN", "NUM", "SYM", "PUNCT", "PRON") for t in between):
            return None
        return _noun_phrase(doc, obj, k + 1)
    if per:
        return None
    heads = [t for t in doc[start:end] if not start <= t.head.i < end]
    if len(heads) != 1 or heads[0].dep_ not in ("nummod", "compound", "amod", "nmod"):
        return None
    noun = heads[0].head
    if not end <= noun.i < limit or not _common_noun(noun) or noun.i - end > 2:
        return None
    between = doc[end : noun.i]  # modifiers of the noun only: "$48 million flood barrier"
    if any(t.dep_ not in _OF_MODS or not t.is_alpha or t.like_num for t in between):
        return None
    phrase = _noun_phrase(doc, noun, end)
    return phrase if len(phrase.split()) == noun.i - end + 1 else None


def change_of(doc: Doc, start: int, end: int, sent_start: int, limit: int) -> Change:
    """ "rise", "fall" or "level" for the figure on tokens [start, end) of a sentence."""
    if doc[start].lower_ in ("from", "between"):
        return LEVEL  # "from 10 to 12": levels
    k = start - 1
    gap = 0
    while k >= sent_start and gap < 3 and (doc[k].lower_ in _GAP or doc[k].tag_ == "RB"):
        if doc[k].lower_ in ("up", "down"):
            break
        k -= 1
        gap += 1
    if k >= sent_start:
        tok = doc[k]
        if tok.lower_ == "of" and k - 1 >= sent_start and doc[k - 1].tag_ == "NN":  # "a rise of 6%"
            noun = _word(doc[k - 1])
            if noun & _RISE_AFTER:
                return RISE
            if noun & _FALL_AFTER:
                return FALL
        elif tok.lower_ not in ("to", "from") and tok.dep_ != "prt":  # "fell 2% to 13,176": a level;
            # "sign up 5 million people", "make up 80 percent": a phrasal verb, not "up 6%"
            if _word(tok) & _RISE_WORDS:
                return RISE
            if _word(tok) & _FALL_WORDS:
                return FALL
    if end < limit and not doc[end].tag_.startswith("VB"):  # "The FTSE 100 fell": not "a 100 fall"
        after = _word(doc[end])
        if after & _RISE_AFTER:
            return RISE
        if after & _FALL_AFTER:
            return FALL
    return LEVEL
