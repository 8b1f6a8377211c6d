"""Turns a parsed Doc into the core data model. No Doc leaves ``reader.nlp``.

Order: entity mentions -> canonical entities (name variants merged) -> quotes
(speakers resolved against the canonical entities) -> resolved speaker mentions
added to their entities, speakers promoted, every quote linked to a speaker entity
-> figures and dates.
"""

from __future__ import annotations

from spacy.tokens import Doc

from reader.core.headline import headline_block
from reader.core.model import PHRASE, Analysis, Article, Quote
from reader.nlp import entities, tokens
from reader.nlp.figures import find_dates, find_figures
from reader.nlp.quotes import find_quotes
from reader.nlp.sentences import sentence_chars


def not_stances_alone(quotes: list[Quote], article: Article) -> list[Quote]:
    """The quotes without a stance in the article's headline ("Trump defends new steel tariffs":
    a noun phrase after a stance verb, the story's summary told again below it). A clause or a
    quotation in a headline stays. (A stance no speaker holds is dropped where it is found:
    ``quotes.extractor``.)"""
    head = headline_block(article)
    if head is None:
        return quotes
    return [
        q for q in quotes if not (q.content_type == PHRASE and head.start <= q.start and q.end <= head.end)
    ]


def analysis_from_doc(doc: Doc, article: Article) -> Analysis:
    try:
        mentions = entities.find_mentions(doc)
        mentions, canonical = entities.cluster(doc, mentions)
        quotes = not_stances_alone(find_quotes(doc, mentions, canonical), article)
        mentions, canonical, quotes = entities.finalize(doc, mentions, canonical, quotes)
        figures = find_figures(doc)
        dates = find_dates(doc)
        sentences = tuple(sentence_chars(doc))
    finally:
        tokens.release(doc)  # the token arrays of this Doc (nlp/tokens.py) are not needed any more
    return Analysis(
        article=article,
        entities=tuple(mentions),
        canonical=tuple(canonical),
        quotes=tuple(quotes),
        figures=tuple(figures),
        dates=tuple(dates),
        sentences=sentences,
    )
