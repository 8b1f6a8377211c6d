"""A long analysis built by hand (no model): many quotes and figures whose table rows are easy
to find in a PDF's text, for the pagination tests of the exports."""

from __future__ import annotations

from reader.core.model import Analysis, Article, Block, Figure, Quote, Span

SPEAKERS = ("Maria Lopez", "the finance minister", "Tidewater Utilities", "Jon Smith", "a spokeswoman")
AMOUNTS = (
    ("$11 million", 11e6, "USD", "currency"),
    ("12,000", 12000.0, None, "count"),
    ("3.5 %", 3.5, "%", "percent"),
    ("$ 48 m", 48e6, "USD", "currency"),
    ("1,250,000,000", 1.25e9, None, "count"),
    ("40 minutes", 40.0, "min", "duration"),
)
FILLER = "the barrier will protect the old harbour district from rising spring tides"


def quote_words(i: int) -> tuple[str, str]:
    """The first and last words of quote ``i``: each appears once in its quote."""
    return f"quoteopens{i}", f"quotecloses{i}"


def figure_words(i: int) -> tuple[str, str]:
    return f"rowopens{i}", f"rowcloses{i}"


def long_analysis(
    n_quotes: int = 100,
    n_figures: int = 100,
    *,
    title: str | None = "Harbour city approves $48 million flood barrier",
    author: str | None = "Jane Doe",
    headline: bool = True,
) -> Analysis:
    """One paragraph per quote and figure; quotes of 1 to 5 lines, figure sentences of 2 to 3."""
    parts: list[str] = []
    blocks: list[Block] = []
    quotes: list[Quote] = []
    figures: list[Figure] = []
    pos = 0

    def add(text: str, kind: str = "paragraph", level: int = 0) -> int:
        nonlocal pos
        start = pos
        parts.append(text)
        blocks.append(Block(kind, start, start + len(text), level))
        pos += len(text) + 2
        return start

    if headline and title:
        add(title, "heading", 1)
    for i in range(max(n_quotes, n_figures)):
        if i < n_quotes:
            opens, closes = quote_words(i)
            words = f"\u201c{opens} " + " ".join([FILLER] * (1 + i % 5)) + f" {closes}\u201d"
            speaker = SPEAKERS[i % len(SPEAKERS)]
            text = f"{words}, {speaker} said."
            start = add(text)
            s = start + len(words) + 2
            quotes.append(
                Quote(
                    text=words,
                    start=start,
                    end=start + len(words),
                    kind="direct",
                    speaker=Span(speaker, s, s + len(speaker)),
                    speaker_name=speaker,
                    cue=Span("said", s + len(speaker) + 1, s + len(speaker) + 5),
                )
            )
        if i < n_figures:
            amount, value, unit, kind = AMOUNTS[i % len(AMOUNTS)]
            opens, closes = figure_words(i)
            lead = f"In {opens} the council counted "
            tail = " in flood claims, " + " ".join(["an amount much discussed"] * (1 + i % 3)) + f" {closes}."
            text = lead + amount + tail
            start = add(text)
            figures.append(
                Figure(
                    text=amount,
                    start=start + len(lead),
                    end=start + len(lead) + len(amount),
                    value=value,
                    unit=unit,
                    unit_kind=kind,
                    sentence_start=start,
                    sentence_end=start + len(text),
                )
            )
    article = Article(
        text="\n\n".join(parts) + "\n",
        title=title,
        blocks=tuple(blocks),
        source="/nonexistent/long_article.html",
        format="html",
        author=author,
    )
    return Analysis(article=article, quotes=tuple(quotes), figures=tuple(figures))
