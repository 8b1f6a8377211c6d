"""Assembling an article's text from headings and paragraphs, recording each block's offsets."""

from __future__ import annotations

import re
from typing import Any

from reader.core.model import Article, Block, BlockKind

BLOCK_SEPARATOR = "\n\n"

_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
# C0/C1 control characters other than tab and newline never belong in shown text
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_block_text(text: str, *, keep_lines: bool = False) -> str:
    """One block's text: controls removed; blank lines dropped; inside each line runs of
    spaces collapsed (unless ``keep_lines``, which keeps indentation, for code)."""
    text = _CONTROLS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    if keep_lines:
        lines = [line.rstrip() for line in text.split("\n")]
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines)
    collapsed = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in collapsed if line)


class ArticleBuilder:
    """Collects blocks; the article text is the blocks joined by a blank line."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._blocks: list[Block] = []
        self._pos = 0

    def add(self, kind: BlockKind, text: str | None, level: int = 0, *, keep_lines: bool = False) -> str:
        """Append a block (skipped when it has no visible text); returns the cleaned text."""
        if not text:
            return ""
        text = clean_block_text(text, keep_lines=keep_lines)
        if not text:
            return ""
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._pos += len(BLOCK_SEPARATOR)
        self._parts.append(text)
        self._blocks.append(Block(kind, self._pos, self._pos + len(text), level if kind == "heading" else 0))
        self._pos += len(text)
        return text

    def heading(self, text: str | None, level: int) -> str:
        return self.add("heading", text, max(1, min(6, level)))

    def paragraph(self, text: str | None, *, keep_lines: bool = False) -> str:
        return self.add("paragraph", text, keep_lines=keep_lines)

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(self._blocks)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def first_heading(self, level: int = 1) -> str | None:
        text = self.text
        for b in self._blocks:
            if b.kind == "heading" and b.level == level:
                return " ".join(text[b.start : b.end].split())
        return None

    def article(self, **fields: Any) -> Article:
        return Article(text=self.text, blocks=self.blocks, **fields)
