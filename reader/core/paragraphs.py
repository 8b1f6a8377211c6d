"""Paragraphs of an article: the one splitter the text loader, the window and the exports share.

Text that no block describes (plain text, or what a loader's blocks leave out) reads as one
paragraph per non-blank line, trimmed of the blank space around it.
"""

from __future__ import annotations

from reader.core.model import Article, Block


def line_blocks(text: str, start: int = 0, end: int | None = None) -> tuple[Block, ...]:
    """One paragraph block per non-blank line of ``text[start:end]``, trimmed of surrounding
    blank space; offsets index ``text``."""
    stop = len(text) if end is None else end
    blocks = []
    pos = start
    for line in text[start:stop].split("\n"):
        stripped = line.strip()
        if stripped:
            first = pos + (len(line) - len(line.lstrip()))
            blocks.append(Block("paragraph", first, first + len(stripped)))
        pos += len(line) + 1
    return tuple(blocks)


def paragraphs(article: Article, skip: Block | None = None) -> list[Block]:
    """The blocks to show, in text order: the article's blocks (cut where one overlaps the one
    before), with ``line_blocks`` for any text they leave out; without the ``skip`` block (a
    headline an export shows as its title)."""
    text = article.text
    out: list[Block] = []
    pos = 0
    for b in sorted(article.blocks, key=lambda b: b.start):
        if b.start > pos:
            out.extend(line_blocks(text, pos, b.start))
        if b is skip or (skip is not None and (b.start, b.end) == (skip.start, skip.end)):
            pos = max(pos, b.end)
            continue
        if b.end > max(pos, b.start):
            out.append(b if b.start >= pos else Block(b.kind, pos, b.end, b.level))
            pos = b.end
    if pos < len(text):
        out.extend(line_blocks(text, pos))
    return out
