"""Plain text (placeholder: UTF-8 only)."""

from __future__ import annotations

from reader.core.model import Article, Block


def load_bytes(data: bytes, path: str) -> Article:
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    blocks = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            blocks.append(Block("paragraph", pos, pos + len(line)))
        pos += len(line) + 1
    return Article(text=text, title=None, blocks=tuple(blocks), source=path, format="txt")
