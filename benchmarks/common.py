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


def text_hash(text: str) -> str:
    """The SHA-1 a hand-labelled set keeps per article: its offsets apply to that text only."""
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def corpus(split: str = "train") -> dict[str, dict]:
    """The PolNeAR articles of ``split`` by id, read in place from ../shared."""
    with open(POLNEAR / f"{split}.jsonl", encoding="utf-8") as f:
        return {rec["id"]: rec for rec in map(json.loads, f)}


def labelled_set(path: Path, docs: dict[str, dict]) -> list[tuple[dict, dict]]:
    """(article, item) of every line of a hand-labelled set of offsets, each checked against the
    hash of the text it was labelled on."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            rec = docs[item["id"]]
            if text_hash(rec["text"]) != item["sha1"]:
                raise SystemExit(f"{item['id']}: the corpus text changed; the offsets no longer apply")
            out.append((rec, item))
    return out


def peak_rss_mb(pid: int) -> float:
    """The peak resident memory (VmHWM) of process ``pid``, in MB (Linux)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


RESULTS = Path(__file__).resolve().parent / "results"


def save_results(name: str, result: dict) -> Path:
    """Writes ``result`` to ``benchmarks/results/NAME.json`` with when, where and at which commit
    it was measured: the file the README quotes, so measured figures live in one place."""
    import datetime
    import os
    import platform
    import subprocess

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=RESULTS.parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{name}.json"
    record = {
        "measured": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system()},
        "result": result,
    }
    out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return out
