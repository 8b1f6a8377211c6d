"""Who is who: the reader's speakers against a hand-labelled identity set, as B-cubed scores.

    .venv/bin/python benchmarks/identity.py [--errors N] [--background] [--dump FILE]
    .venv/bin/python benchmarks/identity.py show ID...      # an article with its numbered source mentions

The set (``benchmarks/identity_set.jsonl``, one line per article) holds, for 66 PolNeAR *train*
articles read from ``../shared``, only offsets and labels: every source mention of the corpus'
attributions (``source_mentions``) with who it is, labelled by hand from reading the article:

- ``p:<name>``: one person (``p:hillary-clinton``, ``p:bill-clinton``, ``p:donald-trump-jr``), the
  same label in every article;
- ``o:<name>``: one organisation, outlet, campaign or government (``o:fbi``, ``o:clinton-campaign``);
- ``u:<slug>``: anything else (unnamed people, groups, documents, the writer), the same slug for the
  mentions of one such source inside an article, never linked across articles.

A pronoun or a role ("the former secretary of state") carries the label of whom it stands for. No
corpus text is stored: the SHA-1 of each article's text checks that the offsets still apply.

Scoring. Each labelled mention is matched to the reader's quote whose speaker mention overlaps it
most (a mention no quote's speaker overlaps is *not covered*: that is attribution's recall, which
``attribution.py`` measures, and is reported here as coverage only). The covered mentions are
clustered twice and compared with the labels by B-cubed precision and recall (Bagga and Baldwin):

- inside each article, by the quote's speaker entity in the article (``Quote.speaker_id``); a
  speaker left unresolved (``speaker_id`` None) is a cluster of its own;
- across the library, by the library speaker the quote belongs to after the articles are indexed
  into a fresh library (``reader.library``) and its speakers merged; gold ``u:`` labels count per
  article, and so do the library's unnamed sources ("officials" of two articles are two sources:
  the library lists them under one wording, which is no claim that they are one person).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root, for the two packages below
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import corpus, labelled_set, text_hash

SET = Path(__file__).resolve().parent / "identity_set.jsonl"


def source_mentions(record: dict) -> list[tuple[int, int]]:
    """The source mentions of one corpus article: each attribution's source (its pieces from the
    first start to the last end), once each, in text order."""
    found = set()
    for a in record["attributions"]:
        if a["source"]:
            found.add((min(s for s, _ in a["source"]), max(e for _, e in a["source"])))
    return sorted(found)


def show(record: dict) -> str:
    """The article with each source mention marked ``⟦S<n>:text⟧``, then the list of mentions."""
    text = record["text"]
    mentions = source_mentions(record)
    marks: list[tuple[int, int, str]] = []
    for n, (s, e) in enumerate(mentions, 1):
        marks.append((s, 0, f"⟦S{n}:"))
        marks.append((e, 1, "⟧"))
    out, at = [], 0
    for pos, _, mark in sorted(marks, key=lambda m: (m[0], -m[1] if m[2] == "⟧" else m[1])):
        out.append(text[at:pos])
        out.append(mark)
        at = pos
    out.append(text[at:])
    lines = [f"=== {record['id']}  ({len(mentions)} source mentions)", "".join(out), "--- mentions"]
    lines += [f"S{n} [{s},{e}] {text[s:e]!r}" for n, (s, e) in enumerate(mentions, 1)]
    return "\n".join(lines)


def bcubed(items: list[tuple[object, object]]) -> tuple[float, float]:
    """B-cubed precision and recall of ``(gold cluster, predicted cluster)`` items."""
    if not items:
        return 0.0, 0.0
    by_gold: dict[object, list[int]] = defaultdict(list)
    by_pred: dict[object, list[int]] = defaultdict(list)
    for k, (g, p) in enumerate(items):
        by_gold[g].append(k)
        by_pred[p].append(k)
    precision = recall = 0.0
    for g, p in items:
        same = sum(1 for k in by_pred[p] if items[k][0] == g)
        precision += same / len(by_pred[p])
        recall += same / len(by_gold[g])
    return precision / len(items), recall / len(items)


def load_set(docs: dict[str, dict]) -> list[tuple[dict, list[tuple[int, int, str]]]]:
    return [
        (rec, [(s, e, label) for s, e, label in item["mentions"]]) for rec, item in labelled_set(SET, docs)
    ]


def _best_quote(quotes: list, s: int, e: int) -> int | None:
    """The quote whose speaker mention overlaps [s, e) most."""
    best, best_overlap = None, 0
    for k, q in enumerate(quotes):
        sp = q.speaker
        if sp is None:
            continue
        overlap = min(e, sp.end) - max(s, sp.start)
        if overlap > best_overlap:
            best, best_overlap = k, overlap
    return best


def score(errors: int = 0, dump: Path | None = None, background: bool = False) -> dict:
    import tempfile

    from reader.library import Library
    from reader.library.indexer import index
    from reader.library.records import record_of
    from reader.library.speakers import rebuild
    from reader.nlp.pipeline import analyze_text

    docs = corpus()
    items = load_set(docs)
    analyses = []
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "identity.sqlite3")
        if background:  # the other PolNeAR articles too: a library of 924, evidence across them
            folder = Path(tmp) / "background"
            folder.mkdir()
            labelled = {rec["id"] for rec, _ in items}
            for split in ("train", "dev"):
                for rec in (docs if split == "train" else corpus("dev")).values():
                    if rec["id"] not in labelled:
                        (folder / f"{rec['id'][:80]}.txt").write_text(rec["text"], encoding="utf-8")
            index([folder], lib, jobs=2)
        paths = {}
        for rec, _ in items:
            analysis = analyze_text(rec["text"])
            analyses.append(analysis)
            paths[rec["id"]] = f"{tmp}/{rec['id']}.txt"
            lib.write_article(
                paths[rec["id"]], text_hash(rec["text"]), "identity", record_of(analysis.to_json())
            )
        rebuild(lib)
        library_of: dict[tuple[str, int, int, str], tuple[int | None, str | None]] = {}
        speaker_names = {sp.id: sp.name for sp in lib.speakers()}
        for rec, _ in items:
            row = lib.article_by_path(paths[rec["id"]])
            assert row is not None
            for q in lib.quotes(article_id=row.id):
                kind = lib.speaker(q.speaker_id).kind if q.speaker_id is not None else None
                library_of[(rec["id"], q.start, q.end, q.text)] = (q.speaker_id, kind)
        lib.close()

    inside, across, named_across = [], [], []
    lib_names: dict[int, str] = {}
    total = covered = 0
    shown: list[tuple[str, str, str, str]] = []  # (article, gold, predicted name, mention)
    for (rec, mentions), analysis in zip(items, analyses, strict=True):
        art = rec["id"]
        quotes = list(analysis.quotes)
        for s, e, label in mentions:
            total += 1
            k = _best_quote(quotes, s, e)
            if k is None:
                continue
            covered += 1
            q = quotes[k]
            gold_in = (art, label)
            gold_across = label if label[:2] in ("p:", "o:") else (art, label)
            alone = (art, "unresolved", s)
            pred_in = (art, q.speaker_id) if q.speaker_id else alone
            sid, kind = library_of.get((art, q.start, q.end, q.text), (None, None))
            pred_across = alone if sid is None else ((art, sid) if kind == "unnamed" else sid)
            inside.append((gold_in, pred_in))
            across.append((gold_across, pred_across))
            if label[:2] in ("p:", "o:"):
                named_across.append((gold_across, pred_across))
            shown.append((art, label, q.speaker_name or f"unresolved ({q.speaker.text})", rec["text"][s:e]))
            if sid is not None:
                lib_names[len(shown) - 1] = f"#{sid} {speaker_names.get(sid, '')}"
    result = {
        "articles": len(items),
        "mentions": total,
        "covered": covered,
        "inside": bcubed(inside),
        "across": bcubed(across),
        "across_named": bcubed(named_across),
    }
    if dump is not None:  # every scored mention, for a closer look
        rows = [
            {"article": a, "label": g, "shown": n, "mention": t, "inside": str(i[1]), "across": str(c[1])}
            for (a, g, n, t), i, c in zip(shown, inside, across, strict=True)
        ]
        dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    if errors:
        print("== inside articles")
        _print_errors(inside, shown, errors)
        print("== across the library")
        _print_errors(
            across, [(a, g, lib_names.get(k, n), t) for k, (a, g, n, t) in enumerate(shown)], errors
        )
    return result


def _print_errors(items: list[tuple[object, object]], shown: list[tuple[str, str, str, str]], n: int) -> None:
    """The mentions that cost most precision (put with another's) and most recall (kept apart from
    their own), each with what it cost, its article, its label, its text and the speaker shown."""
    by_pred: dict[object, list[int]] = defaultdict(list)
    by_gold: dict[object, list[int]] = defaultdict(list)
    for k, (g, p) in enumerate(items):
        by_pred[p].append(k)
        by_gold[g].append(k)
    lost_p, lost_r = [], []
    for k, (g, p) in enumerate(items):
        same = sum(1 for j in by_pred[p] if items[j][0] == g)
        lost_p.append((1 - same / len(by_pred[p]), k))
        lost_r.append((1 - same / len(by_gold[g]), k))
    for what, lost in (("precision", lost_p), ("recall", lost_r)):
        print(
            f"-- {what}: {sum(x for x, _ in lost) / max(len(items), 1):.3f} lost; the {n} costliest mentions"
        )
        for x, k in sorted(lost, reverse=True)[:n]:
            if x == 0:
                break
            art, label, name, text = shown[k]
            print(f"  {x:.2f} {art[:32]} {label:<28} {text[:36]!r:40} -> {name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.set_defaults(cmd=None)
    sub = ap.add_subparsers(dest="cmd")
    sh = sub.add_parser("show", help="an article with its numbered source mentions")
    sh.add_argument("ids", nargs="+")
    ap.add_argument("--errors", type=int, default=0, help="list the N mentions that cost most, each way")
    ap.add_argument("--dump", type=Path, default=None, help="write every scored mention (JSONL) there")
    ap.add_argument(
        "--background", action="store_true", help="index the other 858 PolNeAR articles into the library too"
    )
    args = ap.parse_args(argv)
    if args.cmd == "show":
        docs = corpus()
        for i in args.ids:
            print(show(docs[i]))
        return 0
    t0 = time.perf_counter()
    r = score(args.errors, args.dump, args.background)
    where = " (in a library of all 924 PolNeAR articles)" if args.background else ""
    print(
        f"identity set{where}: {r['articles']} articles, {r['mentions']} source mentions, "
        f"{r['covered']} covered by a quote's speaker ({r['covered'] / max(r['mentions'], 1):.3f})"
    )
    for key, what in (
        ("inside", "inside articles"),
        ("across", "across the library"),
        ("across_named", "across the library, named (p:, o:) only"),
    ):
        p, rec = r[key]
        f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
        print(f"B-cubed {what:<42} P {p:.3f}  R {rec:.3f}  F1 {f1:.3f}")
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
