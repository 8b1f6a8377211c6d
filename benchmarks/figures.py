"""Figure extraction on the Recognizers-Text English test cases: value recall and value+unit accuracy.

    .venv/bin/python benchmarks/figures.py [--file Number] [--misses N] [--extras N] [--units N] [--json]

Reads ``../shared/corpora/recognizers-text/<Name>Model.json`` in place (never copied; format in its
README: UTF-8 with a BOM, ``End`` inclusive, ranges as interval strings). Each ``Input`` is parsed with
``reader.nlp.pipeline.parse`` and its figures read with ``reader.nlp.figures.find_figures``. Per file:

* ``gold``: the annotated results; ``excl``: those the product leaves out by decision (the named
  rules in ``EXCLUSIONS``, counted apart, never as misses); ``scored`` = gold - excl;
* ``found`` / ``recall``: a scored result is found when a predicted figure overlaps its span and its
  value equals the gold value within 0.5 % (relative; a range needs both ends, an open interval its one
  bound). A gold value in a sub-unit (cents, pence) may be matched in either scale;
* ``v+unit``: found, with the value in the reader's unit and the gold unit mapped to the reader's unit
  name (``GOLD_UNITS``, ``FILE_UNITS``); for the unit-less Number file "-", for NumberRange the
  "unit" of an open interval is its direction (the figure's qualifier must say "more than" or
  "at least" for a lower bound, "less than" or "up to" for an upper one);
* ``extra``: predicted figures that overlap no gold result (of any kind; these files annotate one kind
  each, so a duration in a currency sentence is an extra), ``extra*``: those of the file's own kind;
* ``leak``: predicted figures that overlap an excluded result (the product read what it decided not to).

Then the news development set (``benchmarks/news_figures.py``: every number of 63 PolNeAR train
articles, labelled by hand): value, value+unit, value+change and concept F1.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import news_figures
from common import SHARED, corpus

DATA = SHARED / "corpora" / "recognizers-text"
FILES = ("Number", "NumberRange", "Percent", "Age", "Currency", "Dimension", "Temperature")
# the figure kinds (Figure.unit_kind) that each file annotates, for ``extra*``
FILE_KINDS: dict[str, set[str] | None] = {
    "Number": None,  # any kind
    "NumberRange": None,
    "Percent": {"percent"},
    "Age": {"age"},
    "Currency": {"currency"},
    "Dimension": {"physical"},
    "Temperature": {"physical"},
}
TOLERANCE = 0.005  # relative

# Gold unit name -> (the reader's unit names accepted, factor from the gold unit to the reader's).
# The reader writes money as ISO 4217 codes (sub-units such as cents as fractions of the main unit),
# and physical units by symbol (reader/nlp/figures/units.py). A gold "Dollar" without an ISO code is
# taken as USD (the reader's reading of "$"); "Franc" and "Rupee" accept the codes the reader or the
# text may mean.
GOLD_UNITS: dict[str, tuple[set[str], float]] = {
    # currency
    "Dollar": ({"USD"}, 1.0),
    "United States dollar": ({"USD"}, 1.0),
    "Canadian dollar": ({"CAD"}, 1.0),
    "Australian dollar": ({"AUD"}, 1.0),
    "New Zealand dollar": ({"NZD"}, 1.0),
    "Hong Kong dollar": ({"HKD"}, 1.0),
    "Euro": ({"EUR"}, 1.0),
    "Pound": ({"GBP"}, 1.0),
    "British pound": ({"GBP"}, 1.0),
    "Pence": ({"GBP"}, 0.01),
    "Penny": ({"GBP", "USD"}, 0.01),  # the reader writes GBP; in US text a penny is a cent
    "Cent": ({"USD"}, 0.01),
    "Japanese yen": ({"JPY"}, 1.0),
    "Chinese yuan": ({"CNY"}, 1.0),
    "Franc": ({"CHF", "FRF", "BEF"}, 1.0),
    "Swiss franc": ({"CHF"}, 1.0),
    "Rupee": ({"INR", "PKR", "LKR", "NPR"}, 1.0),
    "Sri Lankan rupee": ({"LKR"}, 1.0),
    "Turkish lira": ({"TRY"}, 1.0),
    "Mexican peso": ({"MXN"}, 1.0),
    "Finnish markka": ({"FIM"}, 1.0),
    "Peseta": ({"ESP"}, 1.0),
    "Netherlands guilder": ({"NLG"}, 1.0),
    "Costa Rican colón": ({"CRC"}, 1.0),
    "Georgian lari": ({"GEL"}, 1.0),
    "Lao kip": ({"LAK"}, 1.0),
    "Sen": ({"JPY"}, 0.01),
    "Bitcoin": ({"BTC"}, 1.0),
    "Satoshi": ({"BTC"}, 1e-8),
    # physical
    "Foot": ({"ft"}, 1.0),
    "Inch": ({"in"}, 1.0),
    "Mile": ({"mi"}, 1.0),
    "Meter": ({"m"}, 1.0),
    "Kilometer": ({"km"}, 1.0),
    "Decimeter": ({"dm"}, 1.0),
    "Millimeter": ({"mm"}, 1.0),
    "Picometer": ({"pm"}, 1.0),
    "Square meter": ({"m²"}, 1.0),
    "Square kilometer": ({"km²"}, 1.0),
    "Acre": ({"acre"}, 1.0),
    "Cubic foot": ({"ft³"}, 1.0),
    "Ounce": ({"oz"}, 1.0),
    "Dram": ({"dr"}, 1.0),
    "Gram": ({"g"}, 1.0),
    "Kilogram": ({"kg"}, 1.0),
    "Microgram": ({"µg"}, 1.0),
    "Ton": ({"t", "ton"}, 1.0),
    "Metric ton": ({"t"}, 1.0),
    "Gallon": ({"gal"}, 1.0),
    "Milliliter": ({"mL"}, 1.0),
    "Barrel": ({"bbl"}, 1.0),
    "Tablespoon": ({"tbsp"}, 1.0),
    "Teaspoon": ({"tsp"}, 1.0),
    "Cup": ({"cup"}, 1.0),
    "Kilometer per hour": ({"km/h"}, 1.0),
    "Mile per hour": ({"mph"}, 1.0),
    "Meter per millisecond": ({"m/ms"}, 1.0),
    "Centimeter per millisecond": ({"cm/ms"}, 1.0),
    "Kilometer per millisecond": ({"km/ms"}, 1.0),
    "Bit": ({"bit"}, 1.0),
    "Megabit": ({"Mb"}, 1.0),
    "Megabyte": ({"MB"}, 1.0),
    "Degree": ({"°"}, 1.0),
    "Radian": ({"rad"}, 1.0),
    "Turn": ({"turn"}, 1.0),
    # temperature (the file's own names)
    "C": ({"°C"}, 1.0),
    "F": ({"°F"}, 1.0),
    # ages
    "Year": ({"year"}, 1.0),
    "Month": ({"month"}, 1.0),
    "Week": ({"week"}, 1.0),
    "Day": ({"day"}, 1.0),
}
# the same gold name meaning another unit in one file
FILE_UNITS: dict[str, dict[str, tuple[set[str], float]]] = {"Dimension": {"Pound": ({"lb"}, 1.0)}}
_LOWER_BOUND = {"more than", "at least"}


def gold_unit(file: str, name: str | None) -> tuple[set[str], float]:
    if name is None:
        return set(), 1.0
    return FILE_UNITS.get(file, {}).get(name) or GOLD_UNITS.get(name, (set(), 1.0))


_UPPER_BOUND = {"less than", "up to", "nearly"}


# -- the product's deliberate exclusions, as named rules ------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    why: str
    test: object  # (input text, gold result) -> bool


_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\w+teenth|\w+tieth|\d+(?:st|nd|rd|th))"
)
_AGE = re.compile(
    r"\b(?:years?|months?|weeks?|days?)\s*(?:-\s*)?(?:old|of age)\b|\byo\b|\bage\s+\d|\baged\b", re.I
)
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_CLOCK = re.compile(r"^\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])", re.I)
_CLOCK_END = re.compile(r"\d\s*(?:a\.?m\.?|p\.?m\.?)$", re.I)
_PHONE_OR_CODE = re.compile(r"\+?\d+(?:-\d+){2,}(?:/\d+)?|\b\d+(?:\.\d+){3}\b|\b[A-Za-z]{2,}-\d+")
_ID_WORD = re.compile(r"\b(?:nr|nrs|no|version|page|model)\.?\s*[\d,]*$", re.I)
_LIST_MARKER = re.compile(r"^\s*\d+[.)]\s*$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d{1,2}$|^\d{1,3}(?:\.\d{3})+,\d+$")
_POWER = re.compile(r"\d\s*(?:\^|[eE][-+]?\d|x\s*10\^)")
_RATIO = re.compile(r"\bover\b", re.I)


def _span(case: dict, res: dict) -> tuple[int, int]:
    return res["Start"], res["End"] + 1


def _is_age(case, res) -> bool:
    if res["TypeName"] == "age":
        return True
    s, e = _span(case, res)
    return bool(_AGE.search(case["Input"][s : e + 12]))


def _is_date_or_time(case, res) -> bool:
    text = case["Input"]
    s, e = _span(case, res)
    if any(m.start() <= s and e <= m.end() for m in _DATE.finditer(text)):
        return True
    return bool(_CLOCK.match(text[e:]) or _CLOCK_END.search(res["Text"]))


def _is_code(case, res) -> bool:
    text = case["Input"]
    s, e = _span(case, res)
    if any(m.start() <= s and e <= m.end() for m in _PHONE_OR_CODE.finditer(text)):
        return True
    return bool(_ID_WORD.search(text[:s]))


def _is_list_marker(case, res) -> bool:
    """ "192." alone on its line: a list marker ("1." at the start of a line)."""
    text = case["Input"]
    s, e = _span(case, res)
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    return bool(_LIST_MARKER.match(text[line_start : line_end if line_end >= 0 else len(text)]))


def _is_leading_zero(case, res) -> bool:
    """ "0000", "007": digits with a leading zero are codes (the extractor skips them)."""
    return bool(re.fullmatch(r"0\d+", res["Text"].strip()))


def _is_ordinal_rank(case, res) -> bool:
    return bool(re.search(rf"\bthe {_ORDINAL}\b", res["Text"], re.I))


def _is_bare_one(case, res) -> bool:
    return res["Text"].strip().lower() in ("one", "a", "an")


def _is_decimal_comma(case, res) -> bool:
    return bool(_DECIMAL_COMMA.match(res["Text"].strip()))


def _is_power(case, res) -> bool:
    return bool(_POWER.search(res["Text"]))


def _is_ratio(case, res) -> bool:
    """ "one out of three" -> 0.333: a ratio written as two counts (the gold value is their quotient)."""
    return bool(_RATIO.search(res["Text"])) and res["TypeName"] in ("number", "numberrange")


def _no_value(case, res) -> bool:
    v = res["Resolution"].get("value")
    return v in (None, "null")


EXCLUSIONS: tuple[Rule, ...] = (
    Rule("no_value", "a unit or '%' word with no number ('dollar', 'percentage'): nothing to chart",
         _no_value),
    Rule("date_time", "dates and clock times ('5/17/2018', '2 pm') are dates, not figures",
         _is_date_or_time),
    Rule("code", "phone numbers, IP addresses, codes and numbered items ('SCP-173', 'nr. 22')", _is_code),
    Rule("leading_zero", "digits with a leading zero ('0000', '007') are codes, not amounts",
         _is_leading_zero),
    Rule("list_marker", "a number and a full stop alone on a line ('192.') is a list marker",
         _is_list_marker),
    Rule("ordinal", "ranks ('between the tenth and the fifteenth') are ordinals, not quantities",
         _is_ordinal_rank),
    Rule("bare_one", "a bare 'one' with no unit ('one last time') is a determiner, not a count",
         _is_bare_one),
    Rule("decimal_comma", "continental decimal commas ('5,00', '1.111,11'): English-news digits only",
         _is_decimal_comma),
    Rule("power", "exponents and scientific notation ('1.1^23', '1e10'): not news notation", _is_power),
    Rule("ratio", "'1 over 3', '2 out of 3 of 4': read as the counts written, not their quotient",
         _is_ratio),
)  # fmt: skip


def exclusion(case: dict, res: dict) -> str | None:
    for rule in EXCLUSIONS:
        if rule.test(case, res):
            return rule.name
    return None


# -- gold values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    text: str
    low: float | None  # value, or the lower bound of an interval
    high: float | None  # the upper bound of a closed interval
    bound: str | None  # "lower" / "upper" for an open interval, else None
    unit: str | None


_INTERVAL = re.compile(r"^([\[(])\s*([^,]*)\s*,\s*([^\])]*)\s*([\])])$")


def gold_of(res: dict) -> Gold:
    s, e = res["Start"], res["End"] + 1
    value = str(res["Resolution"].get("value"))
    unit = res["Resolution"].get("unit")
    m = _INTERVAL.match(value)
    if m:
        lo = float(m.group(2)) if m.group(2) else None
        hi = float(m.group(3)) if m.group(3) else None
        if lo is not None and hi is not None:
            if lo == hi:
                return Gold(s, e, res["Text"], lo, None, None, unit)
            return Gold(s, e, res["Text"], lo, hi, None, unit)
        if lo is not None:
            return Gold(s, e, res["Text"], lo, None, "lower", unit)
        return Gold(s, e, res["Text"], hi, None, "upper", unit)
    return Gold(s, e, res["Text"], float(value.rstrip("%")), None, None, unit)


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    if b == 0:
        return abs(a) < 1e-9
    return math.isclose(a, b, rel_tol=TOLERANCE)


def value_matches(fig, gold: Gold, factor: float = 1.0) -> bool:
    scales = (1.0, factor) if factor != 1.0 else (1.0,)
    for f in scales:
        if not close(fig.value, gold.low * f):
            continue
        if gold.high is not None and not close(fig.value_high, gold.high * f):
            continue
        return True
    return False


def unit_matches(fig, gold: Gold, file: str) -> bool:
    if file == "NumberRange":
        if gold.bound == "lower":
            return fig.qualifier in _LOWER_BOUND
        if gold.bound == "upper":
            return fig.qualifier in _UPPER_BOUND
        return True
    if gold.unit is None:
        return True
    names, factor = gold_unit(file, gold.unit)
    return fig.unit in names and value_matches(fig, Gold(0, 0, "", gold.low * factor,
                                                          gold.high * factor if gold.high else None,
                                                          None, None))  # fmt: skip


# -- scoring --------------------------------------------------------------------------------------


@dataclass
class FileScore:
    name: str
    cases: int = 0
    gold: int = 0
    excluded: Counter = field(default_factory=Counter)
    found: int = 0
    unit_ok: int = 0
    extra: int = 0
    extra_kind: int = 0
    leak: int = 0
    misses: list = field(default_factory=list)
    wrong_unit: list = field(default_factory=list)
    extras: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def scored(self) -> int:
        return self.gold - sum(self.excluded.values())

    def row(self) -> dict:
        n = self.scored
        return {
            "file": self.name,
            "cases": self.cases,
            "gold": self.gold,
            "excluded": sum(self.excluded.values()),
            "scored": n,
            "found": self.found,
            "recall": round(self.found / n, 3) if n else None,
            "value_unit": None if self.name == "Number" else (round(self.unit_ok / n, 3) if n else None),
            "extra": self.extra,
            "extra_kind": self.extra_kind,
            "leak": self.leak,
            "by_rule": dict(self.excluded),
        }


def _overlap(fig, s: int, e: int) -> bool:
    return fig.start < e and s < fig.end


def score_file(name: str) -> FileScore:
    from reader.nlp.figures import find_figures
    from reader.nlp.pipeline import parse

    cases = json.loads((DATA / f"{name}Model.json").read_text(encoding="utf-8-sig"))
    out = FileScore(name, cases=len(cases))
    kinds = FILE_KINDS[name]
    t0 = time.perf_counter()
    for case in cases:
        text = case["Input"]
        figs = find_figures(parse(text)) if text.strip() else []
        results = case["Results"]
        out.gold += len(results)
        used: set[int] = set()
        for res in results:
            rule = exclusion(case, res)
            s, e = _span(case, res)
            hits = [k for k, f in enumerate(figs) if _overlap(f, s, e)]
            used.update(hits)
            if rule is not None:
                out.excluded[rule] += 1
                out.leak += bool(hits)
                continue
            gold = gold_of(res)
            factor = gold_unit(name, gold.unit)[1]
            ok = [k for k in hits if value_matches(figs[k], gold, factor)]
            if ok:
                out.found += 1
                if any(unit_matches(figs[k], gold, name) for k in ok):
                    out.unit_ok += 1
                else:
                    got = [(figs[k].text, figs[k].value, figs[k].unit, figs[k].qualifier) for k in ok]
                    out.wrong_unit.append((text, res["Text"], res["Resolution"].get("value"), gold.unit, got))
            else:
                got = [(figs[k].text, figs[k].value, figs[k].value_high, figs[k].unit) for k in hits]
                out.misses.append((text, res["Text"], res["Resolution"].get("value"), gold.unit, got))
        for k, f in enumerate(figs):
            if k in used:
                continue
            out.extra += 1
            if kinds is None or f.unit_kind in kinds:
                out.extra_kind += 1
                out.extras.append((text, f.text, f.value, f.unit, f.unit_kind))
    out.seconds = time.perf_counter() - t0
    return out


def _fmt(v) -> str:
    if v is None:
        return "-"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def print_table(rows: list[dict]) -> None:
    cols = ("file", "cases", "gold", "excluded", "scored", "found", "recall", "value_unit", "extra",
            "extra_kind", "leak")  # fmt: skip
    heads = (
        "file",
        "cases",
        "gold",
        "excl",
        "scored",
        "found",
        "recall",
        "v+unit",
        "extra",
        "extra*",
        "leak",
    )
    widths = [max(len(h), *(len(_fmt(r[c])) for r in rows)) for h, c in zip(heads, cols, strict=True)]
    print(
        "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(heads, widths, strict=True))
        )
    )
    for r in rows:
        cells = [_fmt(r[c]) for c in cols]
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
        )


def _figures_of(text: str):
    from reader.nlp.figures import find_figures
    from reader.nlp.pipeline import parse

    return find_figures(parse(text))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", choices=FILES, action="append", help="only this file (repeatable)")
    ap.add_argument("--misses", type=int, default=0, metavar="N", help="print N missed results per file")
    ap.add_argument("--extras", type=int, default=0, metavar="N", help="print N extra figures per file")
    ap.add_argument("--units", type=int, default=0, metavar="N", help="print N found, wrong unit, per file")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON lines instead")
    args = ap.parse_args(argv)

    rows = []
    t0 = time.perf_counter()
    for name in args.file or FILES:
        sc = score_file(name)
        rows.append(sc.row())
        for text, gtext, gval, gunit, got in sc.misses[: args.misses]:
            print(f"  miss {name}: {gtext!r} = {gval} {gunit or ''} in {text[:110]!r} -> {got}")
        for text, gtext, gval, gunit, got in sc.wrong_unit[: args.units]:
            print(f"  unit {name}: {gtext!r} = {gval} {gunit or ''} in {text[:90]!r} -> {got}")
        for text, ftext, val, unit, kind in sc.extras[: args.extras]:
            print(f"  extra {name}: {ftext!r} = {val} {unit} ({kind}) in {text[:110]!r}")
    news = None
    if not args.file:
        news = news_figures.score(news_figures.load_set(corpus()), _figures_of)
    if args.json:
        for r in rows:
            print(json.dumps(r))
        if news is not None:
            print(json.dumps({"file": "news", **{name: round(f, 4) for name, _p, _r, f in news.rows()}}))
        return 0
    print_table(rows)
    by_rule = Counter()
    for r in rows:
        by_rule.update(r["by_rule"])
    print(f"\nexcluded by rule ({sum(by_rule.values())}):")
    for rule in EXCLUSIONS:
        print(f"  {rule.name:<14} {by_rule.get(rule.name, 0):>4}  {rule.why}")
    if news is not None:
        news_figures.print_score(news, "news set (benchmarks/figures_news.jsonl, PolNeAR train articles)")
    print(f"\n{time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
