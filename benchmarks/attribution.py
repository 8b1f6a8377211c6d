"""Quote attribution benchmark: PolNeAR (reference scorer) and the seed gold.

    .venv/bin/python benchmarks/attribution.py [--split dev|train] [--limit N] [--out DIR]

Runs ``analyze_text`` on every article of ``../shared/corpora/polnear/<split>.jsonl``, writes one
``analyze --json`` object per article to DIR/<id>.json (a temporary directory by default), runs the
reference scorer ``../shared/tools/score_quotes.py`` on them and prints its table; then scores the
seed article against ``../shared/acceptance/seed_article.gold.json`` (required quotes found with the
right kind, speaker name and cue; quotes that are neither required nor optional are extras, and
the extras whose content is a noun phrase, a stance shown dimmed with its cue, are counted apart).
The corpus is read in place, never copied.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root, for the two packages below
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import POLNEAR, SEED, SHARED
from reader.core.names import words

SCORER = SHARED / "tools" / "score_quotes.py"
SEED_GOLD = SHARED / "acceptance" / "seed_article.gold.json"


def write_predictions(split: str, out_dir: Path, limit: int | None = None) -> tuple[Path, int]:
    """One ``analyze --json`` object per article; returns the gold file to score against (cut to
    ``limit`` articles when given) and the number of articles."""
    from reader.nlp.pipeline import analyze_text

    gold = POLNEAR / f"{split}.jsonl"
    lines = gold.read_text(encoding="utf-8").splitlines()
    if limit:
        lines = lines[:limit]
    for line in lines:
        rec = json.loads(line)
        result = analyze_text(rec["text"]).to_json()
        (out_dir / f"{rec['id']}.json").write_text(json.dumps(result), encoding="utf-8")
    if limit:
        cut = out_dir.parent / f"{out_dir.name}.gold.jsonl"
        cut.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return cut, len(lines)
    return gold, len(lines)


def run_scorer(pred_dir: Path, gold: Path, name: str) -> str:
    """The reference scorer's output (its table; the summary is the last line)."""
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(pred_dir), "--gold", str(gold), "--name", name],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def _locate(text: str, needle: str | None) -> tuple[int, int] | None:
    if not needle:
        return None
    i = text.find(needle)
    return (i, i + len(needle)) if i >= 0 else None


def _locate_near(text: str, needle: str | None, near: tuple[int, int] | None) -> tuple[int, int] | None:
    """The occurrence of ``needle`` closest to the span ``near``."""
    if not needle or near is None:
        return _locate(text, needle)
    best, i = None, text.find(needle)
    while i >= 0:
        dist = max(near[0] - (i + len(needle)), i - near[1], 0)
        if best is None or dist < best[0]:
            best = (dist, i)
        i = text.find(needle, i + 1)
    return (best[1], best[1] + len(needle)) if best else None


def _overlaps(a: tuple[int, int] | None, s: int, e: int) -> bool:
    return a is not None and a[0] < e and s < a[1]


def name_matches(gold_name: str, predicted: str | None) -> bool:
    """The predicted name is the gold one, or a fuller variant of it ("Ashton Carter" for "Carter")."""
    if not predicted:
        return False
    if predicted == gold_name:
        return True
    g, p = gold_name.lower().split(), predicted.lower().split()
    return len(g) < len(p) and p[-len(g) :] == g


def score_seed(analysis_json: dict, gold: dict) -> dict:
    """Required quotes found (content overlapping, same kind, speaker name, cue) and extras."""
    text = analysis_json["text"]
    quotes = analysis_json["quotes"]
    items = gold["quotes"]
    found, problems, used = 0, [], set()
    for item in items["required"]:
        span = _locate(text, item["content"])
        cue = _locate_near(text, item["cue"], span)
        hits = [(k, q) for k, q in enumerate(quotes) if _overlaps(span, q["start"], q["end"])]
        ok = False
        for k, q in hits:
            used.add(k)
            good_cue = q["cue"] is not None and _overlaps(cue, q["cue"]["start"], q["cue"]["end"])
            if (
                q["kind"] == item["kind"]
                and name_matches(item["speaker_name"], q["speaker_name"])
                and good_cue
            ):
                ok = True
        found += ok
        if not ok:
            got = [(q["kind"], q["speaker_name"], q["cue"] and q["cue"]["text"]) for _, q in hits]
            problems.append(f"required not found: {item['content'][:60]!r} -> {got}")
    extras = phrases = 0
    for k, q in enumerate(quotes):
        if k in used:
            continue
        if any(_overlaps(_locate(text, o["content"]), q["start"], q["end"]) for o in items["optional"]):
            continue
        extras += 1
        phrases += q.get("content_type") == "phrase"
        problems.append(f"extra quote: {q['kind']} {q.get('content_type', 'clause')} {q['text'][:60]!r}")
    return {
        "required": len(items["required"]),
        "found": found,
        "extras": extras,
        "extra_phrases": phrases,  # of the extras, noun phrases (a stance, shown dimmed with its cue)
        "problems": problems,
    }


# words that stand for a speaker without naming one; a quote shown with one of these as its speaker's
# name shows no one (written here for the count, apart from the product's own rules)
_PRONOUNS = words(
    """i me my you your he him his she her it its we us our they them their who whom whose which that
    this these those there one someone somebody anyone everyone nobody yet"""
)
# verbs and nouns of headlines that the model glues to a name ("Obama Says", "Trump Should")
_HEADLINE_WORDS = words(
    """says said tells told slams blasts rips hammers speech should made calls urges warns vows
    defends attacks responds reacts explains admits"""
)
_LABELS = frozenset(("the latest", "header image"))  # page furniture


def junk_speaker(label: str) -> bool:
    """Whether a shown speaker names no one: a pronoun or relative ("It", "which", "you'd"), a
    dateline or wire credit ("WASHINGTON", "RENO, Nev. (AP) — ..."), a transcript label with its
    line ("WALLACE: Let's start"), a headline word glued to a name ("Obama Speech"), no letter."""
    import re

    t = " ".join(label.split())
    low = t.lower()
    if not re.search(r"[^\W\d_]", t):
        return True
    if re.sub(r"['’](?:d|s|ll|re|ve|m)$", "", low) in _PRONOUNS:
        return True
    if re.search(r"\((?:AP|AFP|Reuters|UPI)\)", t) or ":" in t:
        return True
    if re.fullmatch(r"[A-Z][A-Z .,'’-]{5,}", t):
        return True  # an all-capitals line label or dateline ("WASHINGTON", "WALLACE")
    words = low.split()
    if low in _LABELS:
        return True
    return len(words) > 1 and t[:1].isupper() and any(w in _HEADLINE_WORDS for w in words)


def shown_speakers(pred_dir: Path) -> dict:
    """How the quotes of ``pred_dir`` show their speakers (``reader.core.identity.speaker_label``,
    the label of the panel, the exports and the library): named, unresolved, unattributed, or a
    pronoun, relative or junk name (:func:`junk_speaker`)."""
    from collections import Counter

    from reader.core.identity import UNATTRIBUTED, speaker_label

    out: dict = {"total": 0, "junk": 0, "unresolved": 0, "unattributed": 0, "ok": 0}
    junk: Counter[str] = Counter()
    for f in sorted(pred_dir.glob("*.json")):
        for q in json.loads(f.read_text(encoding="utf-8"))["quotes"]:
            out["total"] += 1
            label = speaker_label(q.get("speaker_name"), (q.get("speaker") or {}).get("text"))
            if label == UNATTRIBUTED:
                out["unattributed"] += 1
            elif label.startswith("unresolved ("):
                out["unresolved"] += 1
            elif junk_speaker(label):
                out["junk"] += 1
                junk[label] += 1
            else:
                out["ok"] += 1
    out["junk_labels"] = dict(junk)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--out", type=Path, default=None, help="where to write the predictions")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "pred"
        out.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        gold, n = write_predictions(args.split, out, args.limit)
        elapsed = time.perf_counter() - t0
        print(f"analyzed {n} {args.split} articles in {elapsed:.1f}s -> {out}")
        print(run_scorer(out, gold, f"polnear-{args.split}"), end="")
        shown = shown_speakers(out)
        bad = {k: v for k, v in shown.items() if k != "ok"}
        print(
            f"shown speakers: {shown['total']} quotes; pronoun, relative or junk name "
            f"{shown['junk']} ({shown['junk'] / max(shown['total'], 1):.3f}); unresolved "
            f"{shown['unresolved']}; unattributed {shown['unattributed']}"
        )
        for label, count in sorted(bad.get("junk_labels", {}).items(), key=lambda kv: -kv[1])[:15]:
            print(f"  junk speaker: {label!r} x{count}")

    from reader.core.loaders import load
    from reader.nlp.pipeline import analyze

    seed = score_seed(analyze(load(SEED)).to_json(), json.loads(SEED_GOLD.read_text(encoding="utf-8")))
    for p in seed["problems"]:
        print("  seed:", p)
    print(
        f"seed quotes: required {seed['found']}/{seed['required']} found, extras {seed['extras']}"
        f" (phrases {seed['extra_phrases']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
