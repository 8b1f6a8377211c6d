"""A reading sample for the figures: 20 paragraphs of the PolNeAR dev texts, picked at random.

    .venv/bin/python benchmarks/figures_sample.py [--seed 5] [--n 20] [--all]

Paragraphs are drawn (fixed seed) among those that carry a number (a digit or a number word),
since a paragraph without one says nothing about the figures. Each paragraph is analysed on its
own and printed with the figures found (value, unit, qualifier), so that a person can read them
and judge each one. The corpus is read from ../shared and never copied.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.common import POLNEAR  # noqa: E402

_NUMBERISH = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)


def paragraphs() -> list[tuple[str, int, str]]:
    out = []
    with open(POLNEAR / "dev.jsonl", encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            for k, para in enumerate(p.strip() for p in item["text"].split("\n\n")):
                if len(para.split()) >= 8:
                    out.append((item["id"], k, para))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--all", action="store_true", help="draw among all paragraphs, not only numeric ones")
    args = ap.parse_args()

    from reader.nlp.figures import find_dates, find_figures
    from reader.nlp.pipeline import load_nlp
    from reader.report.chart import format_figure

    nlp = load_nlp()
    pool = paragraphs()
    if not args.all:
        pool = [p for p in pool if _NUMBERISH.search(p[2])]
    rng = random.Random(args.seed)
    sample = rng.sample(pool, args.n)
    total = 0
    for n, (doc_id, k, para) in enumerate(sample, 1):
        doc = nlp(para)
        figs = find_figures(doc)
        total += len(figs)
        print(f"## {n}. {doc_id} ¶{k}")
        print(para)
        for i, f in enumerate(figs):
            extra = f" (restates #{f.equivalent_of})" if f.equivalent_of is not None else ""
            print(
                f"  [{i}] {f.text!r}: value={f.value:g}"
                + (f"–{f.value_high:g}" if f.value_high is not None else "")
                + f" unit={f.unit!r} kind={f.unit_kind} qualifier={f.qualifier!r}"
                + f" -> {format_figure(f)}{extra}"
            )
        print("  dates:", [d.text for d in find_dates(doc)])
        print()
    print(f"paragraphs: {len(sample)}  figures found: {total}")


if __name__ == "__main__":
    main()
