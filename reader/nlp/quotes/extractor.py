"""Quote extraction: direct, mixed and indirect quotes with their cue and resolved speaker.

Steps (each linear in the Doc):

1. quotation marks -> :class:`~reader.nlp.quotes.marks.Marked` spans and a mask of quoted characters;
2. direct candidates (quotations that stand as speech) and reported-speech candidates (reporting
   verbs with a clause, ``according to``) from :mod:`~reader.nlp.quotes.direct` and
   :mod:`~reader.nlp.quotes.reported`;
3. reconciliation: reported speech that is wholly a quotation is the direct quote (which takes its
   cue and speaker if it had none); reported speech containing a partial quotation is *mixed*; of
   nested quotes of one kind the outer one is kept unless it is little more than the inner one's
   attribution;
4. the kind follows the rule of the corpus we measure on: *direct* when every letter and digit of the
   content is inside quotation marks, *mixed* when some are, *indirect* when none are;
5. speakers resolved in text order by :class:`~reader.nlp.quotes.coref.Resolver`.

Interrupted quotations (``"...," he said, "..."``) and quotations continued in the next paragraph
are returned as ONE quote whose span runs from the first quoted word to the last (the interrupting
attribution lies inside it): that is one act of speech with one speaker and one cue.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.tokens import Doc, Token

from reader.core import identity
from reader.core.model import CanonicalEntity, Entity, Quote, QuoteKind, Span
from reader.nlp.quotes import lexicon
from reader.nlp.quotes.context import Context, Counts
from reader.nlp.quotes.coref import Resolver
from reader.nlp.quotes.direct import direct_candidates, headline_candidates
from reader.nlp.quotes.reported import indirect_candidates
from reader.nlp.quotes.spans import Candidate, mention_range, token_chars

_MARKS = "\"'“”‘’„«»`"


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in _MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _MARKS or text[end - 1].isspace()):
        end -= 1
    return start, end


_OPENERS, _CLOSERS = "“„«", "”»"  # double marks only: "’" is also an apostrophe ("it’s")
_BETWEEN = ",.;:!?…"  # what may stand between a quotation's last word and its closing mark


def _balance_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A mixed quote's span with the quotation inside it whole: the closing mark of a quotation
    it opens (with the comma or stop before the mark), or the opening mark of one it closes,
    when that mark is right beside the span ('as "a door, not a wall," she said' keeps
    'as "a door, not a wall,"')."""
    body = text[start:end]
    straight = body.count('"') % 2 == 1
    opened = straight or sum(body.count(c) for c in _OPENERS) > sum(body.count(c) for c in _CLOSERS)
    if opened:
        j = end
        while j < len(text) and j - end < 2 and text[j] in _BETWEEN:
            j += 1
        if j < len(text) and text[j] in '"' + _CLOSERS and (straight or text[j] != '"'):
            return start, j + 1
    closed = straight or sum(body.count(c) for c in _CLOSERS) > sum(body.count(c) for c in _OPENERS)
    if closed and start > 0 and text[start - 1] in '"' + _OPENERS:
        return start - 1, end
    return start, end


_CUE_MODIFIERS = ("prep", "npadvmod", "advmod", "punct", "cc")


def _past_cue_modifiers(ctx: Context, cue: Token, start: int, end: int) -> int:
    """Where a reported content starts once the words that modify its cue are left out: "said [on
    Thursday] it aims to finish" starts at "it" ("on Thursday" says when it was said, not what)."""
    lo, hi = ctx.token_range(start, end)
    if lo <= cue.i or lo - cue.i > 2 or any(ctx.doc[k].lower_ == "that" for k in range(cue.i + 1, lo + 1)):
        return start  # not right after its cue; after "that" ("said that on Thursday ...") they are its
    i = lo
    while i < hi - 1:
        tok = ctx.doc[i]
        if tok.dep_ not in _CUE_MODIFIERS or tok.right_edge.i >= hi - 1:
            break
        head = tok.head
        # on the cue itself, or parsed onto the content's verb but before that verb's own subject
        subject_after = any(
            c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.right_edge.i for c in head.children
        )
        if head.i != cue.i and not (head.pos_ in ("VERB", "AUX") and head.i >= i and subject_after):
            break
        i = tok.right_edge.i + 1
    if i == lo:
        return start
    while i < hi - 1 and (ctx.doc[i].is_punct or ctx.doc[i].is_space):
        i += 1
    return max(start, ctx.doc[i].idx)


_ASIDES = ("appos", "npadvmod", "advmod", "advcl", "prep", "amod", "acl", "relcl")


def _through_asides(ctx: Context, cue: Token, start: int, end: int) -> int:
    """Where a content that comes before its attribution ends: through the asides that hang on its
    own words up to the comma before the speaker ("fell to 3.4 percent, [the lowest since 1969], the
    department said": the aside is what the department said too)."""
    lo, hi = ctx.token_range(start, end)
    doc = ctx.doc
    j = hi
    while j < cue.i:
        while j < cue.i and doc[j].is_punct and doc[j].text in ",;—–-":
            j += 1
        if j >= cue.i:
            break
        tok = doc[j]  # the aside's first word: up to its head, the word that hangs on the content
        while j <= tok.head.i < cue.i and tok.head.i != tok.i:
            tok = tok.head
        if not lo <= tok.head.i < j or tok.dep_ not in _ASIDES:
            break
        if tok.left_edge.i != j or tok.right_edge.i >= cue.i - 1:
            break  # not a whole phrase here, or one that runs into the attribution
        after = doc[tok.right_edge.i + 1]
        if not (after.is_punct and after.text in ",;—–-"):
            break  # the aside must end where the attribution's comma starts
        j = tok.right_edge.i + 1
        end = doc[tok.right_edge.i].idx + len(doc[tok.right_edge.i].text)
    return end


MOSTLY_QUOTED = 0.75  # share of a reported clause's letters inside marks for it to be just its quotation


def _quotations_around(
    direct: list[Candidate], starts: list[int], r: Candidate
) -> tuple[int | None, list[int]]:
    """Of the quotations (sorted, their ``starts``): the one holding ``r``'s content, if any, and
    those that ``r`` covers (90 % of their length or more)."""
    inside_direct = None
    covered: list[int] = []
    for j in range(max(0, bisect.bisect_left(starts, r.start) - 1), len(direct)):
        d = direct[j]
        if d.start >= r.end:
            break
        if d.end <= r.start:
            continue
        ov = min(d.end, r.end) - max(d.start, r.start)
        if d.start <= r.start and r.end <= d.end:
            inside_direct = j
        elif ov >= 0.9 * (d.end - d.start):
            covered.append(j)
    return inside_direct, covered


def _reconcile(direct: list[Candidate], reported: list[Candidate], counts: Counts) -> list[Candidate]:
    starts = [d.start for d in direct]
    dropped_direct: set[int] = set()
    kept: list[Candidate] = []
    for r in reported:
        r.start, r.end = _strip_marks(counts.text, r.start, r.end)
        if r.end <= r.start:
            continue
        inside_direct, covered = _quotations_around(direct, starts, r)
        r.kind = counts.kind(r.start, r.end)
        if inside_direct is not None or r.kind == "direct":
            j = inside_direct if inside_direct is not None else (covered[0] if covered else None)
            if j is not None and direct[j].cue_head is None:
                direct[j] = replace(
                    direct[j], cue=r.cue, cue_head=r.cue_head, speaker=r.speaker, embedded=False
                )
            if j is not None or inside_direct is not None:
                continue
        head = r.cue_head.i if r.cue_head is not None else None  # (a reported content has its cue)
        if (
            r.kind == "mixed"
            and counts.quoted_share(r.start, r.end) >= MOSTLY_QUOTED
            and any(
                not d.embedded and d.cue_head is not None and d.cue_head.i == head
                for d in (direct[j] for j in covered)
            )
        ):
            continue  # the clause is a quotation plus a stray word or two: the quotation is the quote
        if r.kind == "mixed":
            for j in covered:
                d = direct[j]
                if d.cue_head is None or d.cue_head.i == head or r.start <= d.cue_head.idx < r.end:
                    dropped_direct.add(j)
        kept.append(r)
    out = [d for j, d in enumerate(direct) if j not in dropped_direct] + kept
    for c in out:
        if c.origin != "marks":
            c.kind = counts.kind(c.start, c.end)
    return out


NESTED_SLACK = 80  # characters of an outer content after an inner quote (an outer attribution, say)


def _no_nesting(cands: list[Candidate]) -> list[Candidate]:
    """At most one quote of a kind over any character. Of nested ones the outer is kept, unless the
    outer content is an attribution relayed by a cue after it ("[An official said that X], Press TV
    reported": the official said X); of crossing ones the earlier is kept."""
    out: list[Candidate] = []
    by_kind: dict[QuoteKind, list[Candidate]] = {}
    for c in sorted(cands, key=lambda c: (c.start, -c.end)):
        lst = by_kind.setdefault(c.kind, [])
        if lst and c.start < lst[-1].end:
            prev = lst[-1]
            if c.end <= prev.end and _inner_wins(prev, c):
                lst[-1] = c
            continue
        lst.append(c)
    for lst in by_kind.values():
        out.extend(lst)
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _inner_wins(outer: Candidate, inner: Candidate) -> bool:
    if inner.cue_head is None or inner.speaker is None:
        return False
    if outer.cue_head is not None and outer.cue_head.i == inner.cue_head.i:
        return False
    if inner.cue_head.lemma_.lower() not in lexicon.SPEECH_VERBS:
        return False
    if not outer.start <= inner.cue_head.idx < outer.end:
        return False
    if outer.end - inner.end > NESTED_SLACK:
        return False
    if inner.cue_head.i - inner.speaker.right_edge.i > 3:
        return False
    if outer.cue_head is not None and outer.cue_head.idx < outer.start:
        return False  # "X said [Y told Z that ...]": X's words are the quote
    return inner.speaker.left_edge.idx - outer.start <= 3


def rule_candidates(ctx: Context) -> list[Candidate]:
    """The hand rules' quotes: direct and reported candidates, reconciled, one of a kind per character."""
    doc, text = ctx.doc, ctx.text
    direct = direct_candidates(doc, text, ctx.marked, ctx.quoted, ctx.index)
    reported = sorted(
        indirect_candidates(doc, ctx.quoted) + headline_candidates(doc, text, ctx.index),
        key=lambda c: c.start,
    )
    return _no_nesting(_reconcile(direct, reported, ctx.counts))


def find_quotes(
    doc: Doc, mentions: list[Entity], canonical: list[CanonicalEntity], *, learned: bool = True
) -> list[Quote]:
    """The quotes of ``doc``: the rules' candidates and the parse's frames, chosen by the shipped
    attribution model (``learned=False``: the rules alone)."""
    ctx = Context(doc)
    text = ctx.text
    if not text.strip():
        return []
    cands = rule_candidates(ctx)
    if learned:
        from reader.nlp.quotes import model

        cands = model.choose(ctx, cands, model.shipped())
    quoted = ctx.quoted
    resolver = Resolver(doc, text, mentions, canonical, quoted)
    datelines = identity.dateline_ranges(text)
    out: list[Quote] = []
    for c in cands:
        start, end = _strip_marks(text, c.start, c.end)
        if end <= start:
            continue
        if c.kind == "mixed":
            start, end = _balance_marks(text, start, end)
        if c.kind == "indirect" and c.cue_head is not None and not c.pieces:
            start = _past_cue_modifiers(ctx, c.cue_head, start, end)
            end = _through_asides(ctx, c.cue_head, start, end)
        speaker = name = sid = None
        head = _noun_head(_outside_clauses(c.speaker, c.cue_head), c.cue) if c.speaker is not None else None
        if head is not None and _names_someone(head, datelines):
            lo, hi = resolver.speaker_range(head, *mention_range(head))
            s_start, s_end = token_chars(doc, lo, hi)
            for d_start, d_end in datelines:  # "RENO, Nev. (AP) — Republican hopeful Donald Trump"
                if d_start <= s_start < d_end < s_end:
                    after = doc.char_span(d_end, s_end, alignment_mode="expand")
                    lo = after.start if after is not None else lo
                    s_start, s_end = token_chars(doc, lo, hi)
            speaker = Span(text[s_start:s_end], s_start, s_end)
            res, label = resolver.resolve(head, lo, hi)
            name, sid = res.name, res.entity_id
            resolver.record(s_start, res, label)
        if speaker is None and ctx.noun_headed(c.kind, start, end):
            continue  # "were not nominated for [the panel]", "referring to [the actor]": no one's words
        parts = _parts(text, c.pieces, start, end)
        cue = None
        if c.cue is not None:
            c_start, c_end = token_chars(doc, *c.cue)
            cue = Span(text[c_start:c_end], c_start, c_end)
        out.append(
            Quote(
                text=text[start:end],
                start=start,
                end=end,
                kind=c.kind,
                speaker=speaker,
                speaker_name=name,
                cue=cue,
                speaker_id=sid,
                parts=parts,
                content_type=ctx.content_type(c.kind, start, end),
            )
        )
    return out


def _outside_clauses(tok: Token, cue: Token | None) -> Token:
    """The speaker word out of the words that only describe the speaker: a relative clause on a
    subject ("Ann Compton, who covered the White House for ABC News, said": the clause tells who
    she is, none of its words said anything), or a prepositional phrase on the cue's subject or on
    what "according to" cites ("a spokesman for Mr. Clinton said", "according to audio provided to
    The Times": the spokesman, the audio). A relative clause with the cue inside ("Smith, whose
    spokesman said") keeps its speaker, and one on an object ("to discuss the test, which state
    media claimed") describes no speaker."""
    if cue is None:
        return tok
    out = t = tok
    while t.head.i != t.i:
        noun = t.head
        describes = (t.dep_ == "relcl" and noun.dep_ in SUBJECTS) or (
            t.dep_ in ("prep", "acl") and _argument_of(noun, cue)
        )
        if describes and noun.pos_ in ("NOUN", "PROPN") and not t.left_edge.i <= cue.i <= t.right_edge.i:
            out = noun
        t = noun
    return out


def _argument_of(noun: Token, cue: Token) -> bool:
    """Whether ``noun`` is the cue's subject, or the object of its "according to"."""
    if noun.dep_ in SUBJECTS:
        return noun.head.i == cue.i
    return noun.dep_ == "pobj" and noun.head.lower_ == "to" and noun.head.head.i == cue.i


SUBJECTS = ("nsubj", "nsubjpass")


def _noun_head(tok: Token, cue: tuple[int, int] | None) -> Token:
    """The noun a speaker's word belongs to when it only modifies it: "The Washington Post
    columnist Ruth Marcus" is Marcus, "Trump's campaign" the campaign, "Axelrod's memoir" the
    memoir; but the owner of words said stays the speaker ("Sanders's claim", "his attacks")."""
    while tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN"):
        if cue is not None and cue[0] <= tok.head.i < cue[1]:
            break  # a title-case headline's verb read as a noun: "Sanders Vows"
        if tok.dep_ == "compound" or (tok.dep_ == "poss" and tok.head.lemma_.lower() in _SPEAKING_OWNED):
            tok = tok.head
        else:
            break
    return tok


# what someone owns that speaks for itself ("Trump's campaign", "Axelrod's memoir", "Clinton's
# husband"), unlike the words someone says ("Sanders's claim", "his attacks", "Mr. Singer's account")
_SPEAKING_OWNED = (
    (lexicon.GROUP_NOUNS | lexicon.DOCUMENT_NOUNS | lexicon.PEOPLE_NOUNS | lexicon.ROLE_NOUNS)
    - lexicon.SPEECH_NOUNS
    - frozenset(lexicon.NOUN_FRAMES)
)


def _names_someone(head: Token, datelines: list[tuple[int, int]]) -> bool:
    """Whether a speaker's head can name a speaker: a noun, name, pronoun or number ("three said"),
    or a capitalized word (a name the tagger took for a verb: "Trump"), outside a dateline; not an
    adverb or a conjunction the parse took for a subject ("yet"), nor a page's label."""
    nominal = head.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "X", "DET", "ADJ")
    if not nominal and not head.text[:1].isupper():
        return False
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if head.lower_ in lexicon.NOT_HEADLINE_SOURCES and after is not None and after.text == ":":
        return False  # a page's label ("The Latest: ...", "Header Image: ..."), nobody's name
    return not any(s <= head.idx < e for s, e in datelines)


def _parts(
    text: str, pieces: tuple[tuple[int, int], ...], start: int, end: int
) -> tuple[tuple[int, int], ...]:
    """The pieces of a quote's content inside [start, end), without their quotation marks; none
    unless there are at least two."""
    out = []
    for s, e in pieces:
        s, e = _strip_marks(text, max(s, start), min(e, end))
        while e > s and text[e - 1] in ",;:":  # the comma before an interrupting '," he said'
            e -= 1
        if e > s:
            out.append((s, e))
    return tuple(out) if len(out) > 1 else ()
