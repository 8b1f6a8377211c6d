"""Shared helpers for the benchmarks: the benchmark text and its location."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "corpora" / "polnear"
SEED = SHARED / "seeds" / "seed_article.txt"


def benchmark_text(min_words: int = 100_000) -> str:
    """At least ``min_words`` words of news text: PolNeAR articles (dev, then train) joined
    with blank lines. Built in memory each run; never stored in the project."""
    parts: list[str] = []
    words = 0
    for split in ("dev.jsonl", "train.jsonl"):
        with open(POLNEAR / split, encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"].strip()
                parts.append(text)
                words += len(text.split())
                if words >= min_words:
                    return "\n\n".join(parts) + "\n"
    return "\n\n".join(parts) + "\n"


def word_count(text: str) -> int:
    return len(text.split())
