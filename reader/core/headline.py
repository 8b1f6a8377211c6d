"""The article's headline: the first block when it is one. One decision for the exports (which
show it as their title, once) and the analysis (a headline's stance is no quote).

Without a title from the file, a heading, or a first paragraph that reads as a headline: one short
line with no sentence end, or one short sentence with a full stop standing alone above the much
longer story, followed by more text.
"""

from __future__ import annotations

import re

from reader.core.model import Article, Block

HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_CHARS = 200
HEADLINE_STOP_MAX_WORDS = 14  # a headline written with a full stop: one short sentence
_SENTENCE_INSIDE = re.compile(r"[.!?][\"'”’)]*\s+[A-Z0-9\"“]")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _looks_like_headline(text: str, after: str = "") -> bool:
    """A first line of plain text that reads as a headline: one short line, no sentence end; or
    one short sentence with a full stop ("Council approves the barrier.") standing alone above a
    paragraph much longer than itself (``after``: the story, under a byline or a date line maybe),
    as a headline stands above its story."""
    line = _one_line(text)
    words = line.split()
    if (
        "\n" in text.strip()
        or not 2 <= len(words) <= HEADLINE_MAX_WORDS
        or len(line) > HEADLINE_MAX_CHARS
        or not (line[0].isupper() or line[0].isdigit())
        or re.match(r"(?i)by\s", line)
    ):
        return False
    if not line.endswith((".", ",", ";", ":")):
        return True
    one_sentence = line.endswith(".") and not line.endswith("..") and not _SENTENCE_INSIDE.search(line[:-1])
    below = len(after.split())
    return one_sentence and len(words) <= HEADLINE_STOP_MAX_WORDS and below >= max(2 * len(words), 15)


def headline_block(article: Article) -> Block | None:
    """The article's first block when it is its headline: the same text as ``article.title``;
    without a title, a heading, or a first paragraph that reads as a headline (one short line
    with no sentence end, followed by more text). Exports show it as their title, once."""
    blocks = sorted(article.blocks, key=lambda b: b.start)
    if not blocks or article.text[: blocks[0].start].strip():
        return None
    first = blocks[0]
    body = _one_line(article.text[first.start : first.end])
    if not body:
        return None
    if article.title:
        title = _one_line(article.title).casefold()
        same = body.casefold() == title
        # a heading that the title only extends ("Barrier approved" / "Barrier approved - Gazette")
        extended = first.kind == "heading" and len(body.split()) >= 3 and title.startswith(body.casefold())
        return first if same or extended else None
    # the story under it: the longest of the next blocks (a byline or a date line may come first)
    after = max(
        (article.text[b.start : b.end] for b in blocks[1:4]), key=lambda t: len(t.split()), default=""
    )
    if first.kind == "heading" or (len(blocks) > 1 and _looks_like_headline(body, after)):
        return first
    return None
