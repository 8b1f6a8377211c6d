"""A small analysis built by hand (no model): a stance whose content is a noun phrase, a reported
clause and a quotation, for the export and window tests of ``Quote.content_type``."""

from __future__ import annotations

from reader.core.categories import Category
from reader.core.model import (
    PHRASE,
    Analysis,
    Article,
    Block,
    CanonicalEntity,
    Entity,
    Figure,
    Quote,
    Span,
)

TITLE = "Bridge budget"
PARAGRAPHS = (
    "The mayor rejected that criticism on Monday.",
    "Lena Ortiz said the bridge would cost $40 million.",
    '"We will not wait," she added.',
)


def _span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(needle, start, start + len(needle))


def phrase_analysis() -> Analysis:
    """Quotes in text order: the phrase ("rejected" + "that criticism"), the clause ("said" + "the
    bridge would cost $40 million"), the direct quote ("We will not wait,")."""
    text = TITLE + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
    blocks = [Block("heading", 0, len(TITLE), 1)]
    sentences = []
    for para in PARAGRAPHS:
        start = text.index(para)
        blocks.append(Block("paragraph", start, start + len(para)))
        sentences.append((start, start + len(para)))

    def quote(content: str, speaker: Span, cue: Span, kind: str, **kw) -> Quote:
        c = _span(text, content)
        return Quote(c.text, c.start, c.end, kind, speaker=speaker, cue=cue, **kw)

    mayor = _span(text, "The mayor")
    ortiz = _span(text, "Lena Ortiz")
    she = _span(text, "she")
    quotes = (
        quote(
            "that criticism",
            mayor,
            _span(text, "rejected"),
            "indirect",
            speaker_name="The mayor",
            content_type=PHRASE,
        ),
        quote(
            "the bridge would cost $40 million",
            ortiz,
            _span(text, "said"),
            "indirect",
            speaker_name="Lena Ortiz",
            speaker_id="e1",
        ),
        quote(
            "We will not wait,",
            she,
            _span(text, "added"),
            "direct",
            speaker_name="Lena Ortiz",
            speaker_id="e1",
        ),
    )
    money = _span(text, "$40 million")
    figure = Figure(
        money.text,
        money.start,
        money.end,
        40_000_000,
        unit="USD",
        unit_kind="currency",
        sentence_start=sentences[1][0],
        sentence_end=sentences[1][1],
    )
    entity = Entity(ortiz.text, "PERSON", ortiz.start, ortiz.end, Category.PERSON, "e1")
    canonical = CanonicalEntity("e1", "Lena Ortiz", "PERSON", Category.PERSON, (ortiz,))
    article = Article(text=text, title=TITLE, blocks=tuple(blocks), format="txt")
    return Analysis(
        article,
        entities=(entity,),
        canonical=(canonical,),
        quotes=quotes,
        figures=(figure,),
        sentences=tuple(sentences),
    )
