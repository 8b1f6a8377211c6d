"""The library's speaker merge: a whole-library merge against the incremental one after a change.

    .venv/bin/python benchmarks/speakers.py [--articles 3000] [--changes 20] [--seed 1] [--json]

Builds a library of synthetic articles (no model, no corpus: records written by hand, names drawn
with a skewed popularity from a made-up population: families sharing a surname, a son with "Jr.",
given names and surnames alone, organizations with initials, unnamed sources) in a temporary
folder, then times:

  first_s        the first merge (every bucket computed, the whole library merged and written)
  full_s         a whole-library merge again (the rules' version changed), ids kept
  merge_only_s   :func:`reader.library.speakers.merge` over every quote, in memory (no database)
  add_s          the merge after one more article, median (and max) over ``--changes`` articles
  rewrite_s      the merge after one article is written again, median
  forget_s       the merge after one article is forgotten, median
  ratio          full_s / add_s (median)

and checks, at the end, that the stored speakers equal :func:`merge` over the whole library. Not a
test: no pass/fail beyond that check, numbers for the notes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

GIVEN = (
    "John",
    "Mary",
    "James",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Margaret",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Emily",
    "Paul",
    "Donna",
    "Andrew",
    "Michelle",
    "Joshua",
    "Carol",
    "Kenneth",
    "Amanda",
    "Kevin",
    "Melissa",
    "Brian",
    "Deborah",
    "George",
    "Stephanie",
    "Edward",
    "Rebecca",
    "Ronald",
    "Laura",
    "Timothy",
    "Helen",
    "Jason",
    "Sharon",
)
SYLLABLES = (
    "bar",
    "kel",
    "mor",
    "dan",
    "vis",
    "tor",
    "len",
    "gar",
    "son",
    "ley",
    "win",
    "ham",
    "rick",
    "ford",
    "well",
    "ton",
    "ber",
    "lin",
    "cas",
    "mer",
)
UNNAMED = ("officials", "a spokesperson", "analysts", "aides", "critics")


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4)))).capitalize()


def population(rng: random.Random, families: int) -> tuple[list[tuple[str, list[str]]], list]:
    """People (name, forms) and organizations (name, forms), most popular first."""
    people: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    while len(seen) < families:
        seen.add(surname(rng))
    for family in sorted(seen):
        for given in rng.sample(GIVEN, rng.choice((1, 1, 1, 2, 3))):
            full = f"{given} {family}"
            title = rng.choice(("Mr.", "Ms.", "Sen.", "Gov."))
            people.append((full, [full, family, f"{title} {family}", given]))
            if rng.random() < 0.05:
                people.append((f"{full} Jr.", [f"{full} Jr.", family]))
    rng.shuffle(people)
    orgs = []
    for _ in range(families // 4):
        words = [surname(rng) for _ in range(rng.choice((2, 3)))]
        name = " ".join(words) + rng.choice((" Institute", " Group", " Council"))
        initials = "".join(w[0] for w in name.split()).upper()
        orgs.append((name, [name, initials, f"the {name}"]))
    return people, orgs


def popular(rng: random.Random, n: int) -> int:
    """An index below ``n``, small ones far more often (a Pareto tail: the most quoted person is
    in a few percent of the articles, most people in one or two)."""
    return min(int((rng.paretovariate(1.2) - 1) * 30), n - 1)


def record(rng: random.Random, people: list, orgs: list) -> dict:
    """One article: a handful of speakers drawn by popularity (a few are quoted everywhere)."""
    entities, quotes = [], []
    n_people = rng.randint(1, 5)
    chosen = {popular(rng, len(people)) for _ in range(n_people)}
    for k, i in enumerate(sorted(chosen)):
        name, forms = people[i]
        given = [forms[0], *(f for f in forms[1:] if rng.random() < 0.5)]
        entities.append({"ref": f"p{k}", "name": name, "label": "PERSON", "category": "speaker",
                         "mentions": 3, "forms": given})  # fmt: skip
        for _ in range(rng.randint(0, 4)):
            quotes.append((rng.choice([*given, "he", "she"]), name, "person", f"p{k}"))
    if rng.random() < 0.4:
        name, forms = orgs[popular(rng, len(orgs))]
        given = [forms[0], *(f for f in forms[1:] if rng.random() < 0.5)]
        entities.append({"ref": "o", "name": name, "label": "ORG", "category": "speaker",
                         "mentions": 2, "forms": given})  # fmt: skip
        quotes.append((rng.choice(given), name, "organization", "o"))
    if rng.random() < 0.3:
        source = rng.choice(UNNAMED)
        quotes.append((source, source, "unnamed", None))
    rng.shuffle(quotes)
    rows = [quote(i, *q) for i, q in enumerate(quotes)]
    return {"title": "T", "words": 400, "entities": entities, "quotes": rows, "figures": []}


def quote(i: int, written: str, name: str, kind: str, ref: str | None) -> dict:
    speaker = {"text": written, "start": 0, "end": len(written)}
    return {"text": f"quote {i}", "start": 40 * i, "end": 40 * i + 30, "kind": "direct", "cue": None,
            "speaker": speaker, "speaker_name": name, "speaker_ref": ref, "speaker_kind": kind,
            "parts": [], "content_type": "clause"}  # fmt: skip


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> int:
    from reader.library import Library
    from reader.library import speakers as speakers_module
    from reader.library.speakers import merge, rebuild

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--changes", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    people, orgs = population(rng, max(50, args.articles // 3))
    out: dict[str, float | int] = {"articles": args.articles}
    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "lib.sqlite3") as lib:
        for n in range(args.articles):
            lib.write_article(f"{tmp}/a{n}.txt", f"h{n}", "v", record(rng, people, orgs))
        out["quotes"] = lib.stats().quotes
        out["first_s"] = timed(lambda: rebuild(lib))
        out["speakers"] = len(lib.speakers(kinds=None))
        # rules of another version: the whole library is merged again (and stays at that version)
        speakers_module._rules_version = lambda: "another version"  # type: ignore[assignment]
        out["full_s"] = timed(lambda: rebuild(lib))
        out["merge_only_s"] = timed(lambda: merge(lib.speaker_inputs(), lib.person_names()))
        read: list[int] = []
        opened = Library.speaker_update

        def counting(self, rules):  # type: ignore[no-untyped-def]
            with opened(self, rules) as update:
                yield update
                read.append(update.loaded)

        Library.speaker_update = contextlib.contextmanager(counting)  # type: ignore[method-assign]
        added, added_rows, rewritten, forgotten = [], [], [], []
        for k in range(args.changes):
            lib.write_article(f"{tmp}/new{k}.txt", f"new{k}", "v", record(rng, people, orgs))
            added.append(timed(lambda: rebuild(lib)))
            added_rows.append(read[-1])
            lib.write_article(f"{tmp}/a{k}.txt", f"again{k}", "v", record(rng, people, orgs))
            rewritten.append(timed(lambda: rebuild(lib)))
            lib.forget([f"{tmp}/a{args.articles - 1 - k}.txt"])
            forgotten.append(timed(lambda: rebuild(lib)))
        out["add_s"] = statistics.median(added)
        out["add_max_s"] = max(added)
        out["add_rows_read"] = statistics.median(added_rows)  # quotes and people read
        out["rewrite_s"] = statistics.median(rewritten)
        out["forget_s"] = statistics.median(forgotten)
        out["nothing_s"] = timed(lambda: rebuild(lib))
        out["ratio"] = out["full_s"] / out["add_s"]
        db = lib._db
        sizes = "SELECT count(*) AS n FROM speaker_blocks GROUP BY root"
        largest = db.execute(f"SELECT coalesce(max(n), 1) FROM ({sizes})").fetchone()[0]
        out["blocks_max_buckets"] = int(largest)
        expected = sorted(
            (k, n, kind, sorted(ids), sorted(v))
            for k, n, kind, ids, v in merge(lib.speaker_inputs(), lib.person_names())
        )
        stored = []
        for sid, key, name, kind in db.execute("SELECT id, key, name, kind FROM speakers"):
            ids = [r[0] for r in db.execute("SELECT id FROM quotes WHERE speaker_id = ?", (sid,))]
            variants = [tuple(r) for r in db.execute(
                "SELECT variant, count FROM speaker_variants WHERE speaker_id = ?", (sid,)
            )]  # fmt: skip
            stored.append((key, name, kind, sorted(ids), sorted(variants)))
        if sorted(stored) != expected:
            print("the stored speakers differ from a merge of the whole library", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:22} {v:.4f}" if isinstance(v, float) else f"{k:22} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
