"""A news development set for figures: every number of 63 PolNeAR train articles, labelled by hand.

    .venv/bin/python benchmarks/news_figures.py score [--errors misses|extras|wrong|all] [-n N]
    .venv/bin/python benchmarks/news_figures.py show ID...   # an article with its numbers numbered

The set (``benchmarks/figures_news.jsonl``, one line per article) holds only offsets and labels; the
corpus text is read from ``../shared`` (the SHA-1 of each text checks that the offsets still apply):

- ``figures``: each quantity the article reports, as ``{"span": [s, e], "value", "high", "unit",
  "kind", "change", "concept": [s, e] or null}``: its whole span ("more than 10,000 air raids",
  "US$171-million"), its value (a range's low end; ``high`` its high end), its unit as the reader
  writes units (ISO currency codes, "%", "percentage point", symbols of physical units, the counted
  noun in the singular for counts), its kind (currency, percent, count, physical, duration,
  fraction, ratio, age, rank), its change (level, rise, fall) and the span of what it measures;
- ``not_figures``: ``[s, e, why]`` for the numbers that are no quantity (a date, a year, a time, a
  name, a code, a score, an idiom; "three years ago" is a date);
- ``ignore``: ``[s, e, why]`` for numbers the labellers read both ways, scored neither way:
  ``one`` (a bare "one": "one of the reasons", "one source"), ``vague`` ("dozens", "millions of
  Americans"), ``attributive`` (a count hyphenated to a noun: "a three-way race", "a two-term
  president"), ``reference`` ("the two", "none of those three"), and ranks (ordinals: the
  labellers split "the first woman to win" from "the first debate" differently).

Every candidate number (digits or number words, :data:`CANDIDATE`) of each article was labelled
by one of eight readers following one written guide, the figure's text and concept copied from
the article; the labels were then made consistent by the rules above. Scored by :func:`score`, which
``benchmarks/figures.py`` prints beside the Recognizers files.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import corpus, labelled_set

SET = Path(__file__).resolve().parent / "figures_news.jsonl"

_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|halves|third|thirds|quarter|"
    r"quarters|twice|double|doubled|triple|tripled|quadrupled|[a-z]+fold|first|second|fifth|tenth"
)
# a number written in digits (with its separators, decimals, a sign before it) or in words
CANDIDATE = re.compile(
    rf"(?<![\w.])(?:[-+−]?\d[\d,]*(?:\.\d+)?|\.\d+)|(?<![\w-])(?:{_WORDS})(?![\w])", re.IGNORECASE
)


def candidates(text: str) -> list[tuple[int, int]]:
    """Every number-like token of ``text`` (digits or number words), in order."""
    return [(m.start(), m.end()) for m in CANDIDATE.finditer(text)]


def show(record: dict) -> str:
    """The article with each candidate number marked ``⟦N<n>:text⟧``."""
    text = record["text"]
    out, at = [], 0
    found = candidates(text)
    for n, (s, e) in enumerate(found, 1):
        out += [text[at:s], f"⟦N{n}:{text[s:e]}⟧"]
        at = e
    out.append(text[at:])
    return f"=== {record['id']}  ({len(found)} numbers)\n" + "".join(out)


def load_set(docs: dict[str, dict]) -> list[tuple[dict, dict]]:
    return labelled_set(SET, docs)


TOLERANCE = 0.005  # relative, as for the Recognizers files
# count units the reader writes differently from the labels (the spaCy lemma of "people" is "people")
_UNIT_SAME = {"people": "person", "persons": "person", "times": "times", "time": "times"}


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-9)


def _values_match(fig, gold: dict) -> bool:
    """The low ends agree, and the high ends too when the label has one."""
    if not _close(float(fig.value), float(gold["value"])):
        return False
    return gold.get("high") is None or _close(fig.value_high, float(gold["high"]))


def _unit_key(unit: str | None, kind: str | None) -> str:
    if not unit:
        return ""
    u = unit.strip().lower()
    u = _UNIT_SAME.get(u, u)
    if kind == "count":  # the counted noun: its head word in the singular
        head = u.split()[-1]
        head = _UNIT_SAME.get(head, head)
        return head[:-1] if head.endswith("s") and not head.endswith("ss") and len(head) > 3 else head
    return u


def units_match(fig, gold: dict) -> bool:
    return _unit_key(fig.unit, fig.unit_kind) == _unit_key(gold["unit"], gold["kind"])


def _overlaps(a: tuple[int, int] | list[int], b: tuple[int, int] | list[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Score:
    gold: int = 0  # figures labelled (ignored ones left out)
    predicted: int = 0  # figures found (those over ignored spans left out)
    value: int = 0  # found with the labelled value
    unit: int = 0  # ... and the labelled unit
    change: int = 0  # ... and the labelled change
    concept_gold: int = 0  # labelled figures with a concept
    concept_pred: int = 0  # figures found with a concept
    concept: int = 0  # value matches whose concepts overlap
    not_figures: int = 0  # labelled non-figures
    false_figures: int = 0  # labelled non-figures read as figures
    by_kind: Counter = field(default_factory=Counter)  # gold kind -> found
    gold_kind: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    @staticmethod
    def f1(hit: int, pred: int, gold: int) -> tuple[float, float, float]:
        p = hit / pred if pred else 0.0
        r = hit / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def rows(self) -> list[tuple[str, float, float, float]]:
        return [
            ("value", *self.f1(self.value, self.predicted, self.gold)),
            ("value+unit", *self.f1(self.unit, self.predicted, self.gold)),
            ("value+change", *self.f1(self.change, self.predicted, self.gold)),
            ("concept", *self.f1(self.concept, self.concept_pred, self.concept_gold)),
        ]


def score(pairs: list[tuple[dict, dict]], figures_of) -> Score:
    """Score ``figures_of(text) -> list[Figure]`` on the set: a found figure matches a labelled one
    when their spans overlap and the values agree (0.5 %, relative; a labelled range needs both ends);
    each is matched once. value+unit and value+change need the unit (counts: the head noun) and the
    change too. Concept: partial overlap of the figure's ``of`` span with the labelled concept,
    over all figures found with one and all labelled with one. Figures over ``ignore`` spans (vague
    amounts, a bare "one", ranks) count neither way."""
    sc = Score()
    for rec, item in pairs:
        text = rec["text"]
        golds = [g for g in item["figures"] if not g.get("ignored")]
        ignored = [tuple(x[:2]) for x in item.get("ignore", [])]
        ignored += [tuple(g["span"]) for g in item["figures"] if g.get("ignored")]
        figs = [f for f in figures_of(text) if not any(_overlaps((f.start, f.end), sp) for sp in ignored)]
        sc.gold += len(golds)
        sc.predicted += len(figs)
        sc.concept_gold += sum(1 for g in golds if g["concept"])
        sc.concept_pred += sum(1 for f in figs if f.of_start is not None)
        for g in golds:
            sc.gold_kind[g["kind"]] += 1
        taken: set[int] = set()
        for g in golds:
            hit = None
            for k, f in enumerate(figs):
                if k not in taken and _overlaps((f.start, f.end), g["span"]) and _values_match(f, g):
                    hit = k
                    break
            if hit is None:
                near = [f for f in figs if _overlaps((f.start, f.end), g["span"])]
                sc.misses.append((rec["id"], text, g, near))
                continue
            taken.add(hit)
            f = figs[hit]
            sc.value += 1
            sc.by_kind[g["kind"]] += 1
            unit_ok, change_ok = units_match(f, g), f.change == g["change"]
            sc.unit += unit_ok
            sc.change += change_ok
            concept_ok = (
                g["concept"] is not None
                and f.of_start is not None
                and _overlaps((f.of_start, f.of_end), g["concept"])
            )
            sc.concept += concept_ok
            if not (unit_ok and change_ok and (concept_ok or (g["concept"] is None and f.of_start is None))):
                sc.wrong.append((rec["id"], text, g, f))
        for k, f in enumerate(figs):
            if k not in taken:
                sc.extras.append((rec["id"], text, f))
        for s, e, _why in item["not_figures"]:
            sc.not_figures += 1
            sc.false_figures += any(_overlaps((f.start, f.end), (s, e)) for f in figs)
    return sc


def print_score(sc: Score, label: str = "news set") -> None:
    print(f"\n{label}: {sc.gold} figures labelled, {sc.predicted} found, "
          f"{sc.false_figures}/{sc.not_figures} labelled non-figures read as figures")  # fmt: skip
    print(f"  {'':<13} {'P':>6} {'R':>6} {'F1':>6}")
    for name, p, r, f in sc.rows():
        print(f"  {name:<13} {p:6.3f} {r:6.3f} {f:6.3f}")
    kinds = ", ".join(f"{k} {sc.by_kind[k]}/{n}" for k, n in sc.gold_kind.most_common())
    print(f"  found by kind: {kinds}")


def _context(text: str, s: int, e: int, width: int = 50) -> str:
    return (text[max(0, s - width) : s] + "[[" + text[s:e] + "]]" + text[e : e + width]).replace("\n", " ")


def print_errors(sc: Score, n: int, what: str) -> None:
    if what in ("misses", "all"):
        for _aid, text, g, near in sc.misses[:n]:
            got = [(f.text, f.value, f.unit) for f in near]
            print(f"  miss {g['value']} {g['unit']!r} {g['kind']}: {_context(text, *g['span'])} -> {got}")
    if what in ("extras", "all"):
        for _aid, text, f in sc.extras[:n]:
            print(f"  extra {f.value} {f.unit!r} {f.unit_kind}: {_context(text, f.start, f.end)}")
    if what in ("wrong", "all"):
        for _aid, text, g, f in sc.wrong[:n]:
            gc = text[g["concept"][0] : g["concept"][1]] if g["concept"] else None
            fc = text[f.of_start : f.of_end] if f.of_start is not None else None
            print(f"  wrong {_context(text, *g['span'], 30)!r}\n      unit {g['unit']!r}/{f.unit!r} "
                  f"change {g['change']}/{f.change} concept {gc!r}/{fc!r} ({f.of!r})")  # fmt: skip


def figures_with_model():
    """``text -> figures`` with the shipped model (what the window shows)."""
    from reader.nlp import pipeline
    from reader.nlp.figures import find_figures

    return lambda text: find_figures(pipeline.parse(text))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sh = sub.add_parser("show", help="an article with its numbered numbers")
    sh.add_argument("ids", nargs="+")
    sc_p = sub.add_parser("score", help="score the reader on the set")
    sc_p.add_argument("--errors", choices=("misses", "extras", "wrong", "all"), help="print errors")
    sc_p.add_argument("-n", type=int, default=40, help="errors to print per kind")
    args = ap.parse_args(argv)
    docs = corpus()
    if args.cmd == "show":
        for i in args.ids:
            print(show(docs[i]))
        return 0
    sc = score(load_set(docs), figures_with_model())
    if args.errors:
        print_errors(sc, args.n, args.errors)
    print_score(sc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
