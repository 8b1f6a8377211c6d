"""What a reader's corrections are worth: PolNeAR dev articles corrected from the gold, scored with
the shared scorer, and corrections kept across a model update and an edited text.

    nice -n 10 .venv/bin/python benchmarks/corrections.py [--limit N]

Every dev article is analysed. Half of them (every other one) get the corrections a careful
person would make from the gold attributions (``from_gold``: a quote the model missed added with
its speaker; a quote that is none removed; a quote's words and speaker set where the model's
differ), made with the reader's own correction functions and applied with
:func:`reader.core.corrections.apply`, as the window does. The shared scorer then scores:

- the corrected half, before and after the corrections (after: 1.0 is what they promise);
- the other half, machine only and with every correction of the run offered to each of its
  articles (a correction is keyed by its article's text, so nothing may change there);
- re-attachment: the corrected half analysed by another model (the shipped one with its decision
  threshold moved, which changes which quotes it keeps, as a retrained model does), and the
  corrected half with its text edited (a paragraph added at the top): how many corrections found
  their place, of how many, and the scores after them.

First the seed, analysed by the shipped model and by two with the threshold moved: the corrections
its gold asks for (``from_seed_gold``) and the seed's score (``benchmarks/attribution.py``'s rules)
before and after them.

The corpus is read in place, never copied; predictions go to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.attribution import (
    SEED_GOLD,
    _locate,
    _locate_near,
    _overlaps,
    name_matches,
    run_scorer,
    score_seed,
)
from benchmarks.common import POLNEAR, SEED
from reader.core import corrections as cx
from reader.core.model import Analysis, Quote

MATCH = 0.3  # the scorer's threshold for a predicted quote to match a gold one
EDIT = "Editor's note: this article was updated after publication.\n\n"


def _gold_span(att: dict) -> tuple[int, int]:
    spans = att["content"]
    return min(s for s, _ in spans), max(e for _, e in spans)


def _ratio(q: Quote, att: dict) -> float:
    """The scorer's match measure: characters shared with the gold content over the longer of the
    two (the gap inside a discontinuous gold content not counted in the prediction)."""
    shared = sum(max(0, min(q.end, e) - max(q.start, s)) for s, e in att["content"])
    gold_len = sum(e - s for s, e in att["content"])
    pieces = att["content"]
    gaps = zip([e for _, e in pieces[:-1]], [s for s, _ in pieces[1:]], strict=True)
    gap = sum(max(0, min(q.end, b) - max(q.start, a)) for a, b in gaps)
    return shared / max(q.end - q.start - gap, gold_len, 1)


def from_gold(analysis: Analysis, gold: dict) -> list[cx.Correction]:
    """The corrections that make ``analysis`` say what the gold says (see the module text)."""
    text = analysis.article.text
    atts = gold["attributions"]
    pairs = sorted(
        ((_ratio(q, a), i, j) for i, q in enumerate(analysis.quotes) for j, a in enumerate(atts)),
        reverse=True,
    )
    matched: dict[int, int] = {}
    used: set[int] = set()
    for r, i, j in pairs:
        if r < MATCH:
            break
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    out: list[cx.Correction] = []
    for i, q in enumerate(analysis.quotes):
        if i not in matched:
            out.append(cx.not_a_quote(analysis, q))
            continue
        att = atts[matched[i]]
        start, end = _gold_span(att)
        if (q.start, q.end) != (start, end):
            out.append(cx.fix_span(analysis, q, start, end))
        source = att["source"][0] if att["source"] else None
        right = (
            source is not None
            and q.speaker is not None
            and q.speaker.start < source[1]
            and source[0] < q.speaker.end
        ) or (source is None and q.speaker is None)
        if not right:
            name = text[source[0] : source[1]] if source else None
            out.append(cx.change_speaker(analysis, q, name, tuple(source) if source else None))
    for j, att in enumerate(atts):
        if j in used:
            continue
        start, end = _gold_span(att)
        source = att["source"][0] if att["source"] else None
        name = text[source[0] : source[1]] if source else None
        out.append(cx.add_quote(analysis, start, end, name, tuple(source) if source else None))
    return out


def from_seed_gold(analysis: Analysis, gold: dict) -> list[cx.Correction]:
    """The corrections that make the seed's analysis say what its gold requires: a required quote
    missed added with its speaker's mention, a wrong speaker set, a quote neither required nor
    optional removed (a wrong kind or cue has no correction: the reader does not edit those)."""
    text = analysis.article.text
    items = gold["quotes"]
    out: list[cx.Correction] = []
    used: set[int] = set()
    for item in items["required"]:
        span = _locate(text, item["content"])
        if span is None:
            continue
        mention = _locate_near(text, item["speaker_mention"], span)
        hits = [(k, q) for k, q in enumerate(analysis.quotes) if _overlaps(span, q.start, q.end)]
        used.update(k for k, _ in hits)
        if not hits:
            out.append(cx.add_quote(analysis, *span, item["speaker_name"], mention))
        elif not any(name_matches(item["speaker_name"], q.speaker_name) for _, q in hits):
            out.append(cx.change_speaker(analysis, hits[0][1], item["speaker_name"], mention))
    for k, q in enumerate(analysis.quotes):
        if k in used or any(
            _overlaps(_locate(text, o["content"]), q.start, q.end) for o in items["optional"]
        ):
            continue
        out.append(cx.not_a_quote(analysis, q))
    return out


def _seed(shifts: tuple[float, ...]) -> None:
    """The seed, by the shipped model and by models with their threshold moved (which make the
    errors the shipped one does not): corrected from the gold, scored by the seed's own rules."""
    from reader.core.loaders import load
    from reader.nlp.pipeline import analyze
    from reader.nlp.quotes import model as attribution

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))

    def line(a: Analysis) -> str:
        r = score_seed(a.to_json(), gold)
        return f"required {r['found']}/{r['required']}, extras {r['extras']}"

    shipped = attribution.shipped()
    saved = shipped.threshold
    for shift in shifts:
        shipped.threshold = saved + shift
        try:
            machine = analyze(load(SEED))
        finally:
            shipped.threshold = saved
        made = from_seed_gold(machine, gold)
        done = cx.apply(machine, made)
        print(
            f"seed, threshold {shift:+.2f}: machine {line(machine)}; {len(made)} corrections from the gold;"
            f" corrected {line(done.analysis)}"
        )


def _write(out: Path, rid: str, analysis: Analysis) -> None:
    (out / f"{rid}.json").write_text(json.dumps(analysis.to_json()), encoding="utf-8")


def _score(tmp: Path, name: str, rows: list[tuple[dict, Analysis]]) -> str:
    folder = tmp / name
    folder.mkdir()
    for rec, analysis in rows:
        _write(folder, rec["id"], analysis)
    gold = tmp / f"{name}.gold.jsonl"
    gold.write_text("".join(json.dumps(rec) + "\n" for rec, _ in rows), encoding="utf-8")
    return run_scorer(folder, gold, name).strip().splitlines()[-1]


def _edited(rec: dict) -> dict:
    """The article with a paragraph added at the top, its gold moved with it."""
    shift = len(EDIT)

    def moved(spans: list) -> list:
        return [[s + shift, e + shift] for s, e in spans]

    atts = [{**a, **{k: moved(a[k]) for k in ("source", "cue", "content")}} for a in rec["attributions"]]
    return {**rec, "text": EDIT + rec["text"], "attributions": atts}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="only the first N dev articles")
    ap.add_argument(
        "--threshold-shift", type=float, default=0.1, help="the other model's decision threshold, moved"
    )
    args = ap.parse_args()
    from reader.nlp.pipeline import analyze_text
    from reader.nlp.quotes import model as attribution

    _seed((0.0, 2 * args.threshold_shift, -2 * args.threshold_shift))
    records = [json.loads(line) for line in (POLNEAR / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    records = records[: args.limit] if args.limit else records
    machine = [analyze_text(rec["text"]) for rec in records]
    corrected_idx = range(0, len(records), 2)
    other_idx = range(1, len(records), 2)
    made = {k: from_gold(machine[k], records[k]) for k in corrected_idx}
    # the store of the run: every correction, keyed by its article's text
    store: dict[str, list[cx.Correction]] = {}
    for k, cs in made.items():
        store.setdefault(cx.text_hash(machine[k].article.text), []).extend(cs)

    def corrected(a: Analysis) -> cx.Applied:
        return cx.apply(a, store.get(cx.text_hash(a.article.text), []))

    n_made = sum(len(cs) for cs in made.values())
    kinds: dict[str, int] = {}
    for cs in made.values():
        for c in cs:
            kinds[c.kind] = kinds.get(c.kind, 0) + 1
    with tempfile.TemporaryDirectory(prefix="reader-corrections-bench-") as t:
        tmp = Path(t)
        half = len(corrected_idx)
        print(f"{len(records)} dev articles; {half} corrected from the gold with {n_made} corrections")
        print("  " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
        print(
            "corrected half, machine:    ",
            _score(tmp, "c-machine", [(records[k], machine[k]) for k in corrected_idx]),
        )
        applied = {k: corrected(machine[k]) for k in corrected_idx}
        lost = sum(len(a.orphaned) for a in applied.values())
        print(
            "corrected half, corrected:  ",
            _score(tmp, "c-fixed", [(records[k], applied[k].analysis) for k in corrected_idx]),
        )
        print(f"  corrections attached {n_made - lost} of {n_made}")
        print(
            "other half, machine:        ",
            _score(tmp, "o-machine", [(records[k], machine[k]) for k in other_idx]),
        )
        others = [(records[k], corrected(machine[k])) for k in other_idx]
        touched = sum(len(a.attached) + len(a.orphaned) for _, a in others)
        print("other half, with the store: ", _score(tmp, "o-store", [(r, a.analysis) for r, a in others]))
        print(f"  corrections that reached the other half: {touched}")
        # another model: the shipped one, its decision threshold moved
        shipped = attribution.shipped()
        saved = shipped.threshold
        for shift in (args.threshold_shift, -args.threshold_shift):
            shipped.threshold = saved + shift
            try:
                other = {k: analyze_text(records[k]["text"]) for k in corrected_idx}
            finally:
                shipped.threshold = saved
            changed = sum(o.quotes != machine[k].quotes for k, o in other.items())
            again = {k: corrected(o) for k, o in other.items()}
            kept = sum(len(a.attached) for a in again.values())
            print(
                f"another model (threshold {shift:+.2f}; {changed} of {len(other)} articles' quotes differ):"
                f" corrections re-attached {kept} of {n_made}"
            )
            print(
                "  machine:  ", _score(tmp, f"m{shift:+.2f}", [(records[k], other[k]) for k in corrected_idx])
            )
            print(
                "  corrected:",
                _score(tmp, f"f{shift:+.2f}", [(records[k], again[k].analysis) for k in corrected_idx]),
            )
        # the text edited: a paragraph added at the top
        edited = {k: _edited(records[k]) for k in corrected_idx}
        re_analysed = {k: analyze_text(edited[k]["text"]) for k in corrected_idx}
        moved = {k: cx.apply(re_analysed[k], made[k]) for k in corrected_idx}
        kept = sum(len(a.attached) for a in moved.values())
        print(f"text edited (a paragraph added at the top): corrections re-attached {kept} of {n_made}")
        print("  machine:  ", _score(tmp, "e-machine", [(edited[k], re_analysed[k]) for k in corrected_idx]))
        print("  corrected:", _score(tmp, "e-fixed", [(edited[k], moved[k].analysis) for k in corrected_idx]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
