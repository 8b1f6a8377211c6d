"""PDF paragraphs from layout: synthetic news articles printed by headless Chromium, read back.

    .venv/bin/python benchmarks/pdf_layout.py [-n 24] [--seed 7] [--keep DIR] [--no-export] [--json]
                                              [--show N]

Writes ``-n`` news-like HTML articles made up here from word lists and sentence templates
(nothing is copied from a corpus): headings, paragraphs, quotations, a figure caption, words
with ligature candidates ("five", "official", "affluent", "fjord"), hyphenated compounds and
long words with soft hyphens (this Chromium has no hyphenation dictionaries, so
``hyphens: auto`` alone breaks no word), bulleted lists, block quotations, justified serif
text (DejaVu Serif, which has ligatures, Liberation Serif, and the generic ``serif``), in
several sizes and line heights, paragraphs spaced apart or (every fourth article) with
indented first lines, one column or, every third article, two (CSS ``columns: 2``, the
headline over both columns or inside the first). Each is printed with headless Chromium,
every other one with its print header and footer (date, title, URL, page count), and read back
with ``reader.core.loaders.load``. Everything is written to a temporary folder.

Reported per layout: the share of source paragraphs (``<p>``, ``<li>`` and ``<figcaption>``
text, whitespace normalised, soft hyphens removed) that come back as one block exactly, the same
for headings (the headline may come back as the article's title instead), stray blocks (text
that is in no source block: headers, footers, split pieces) and the number of ligature
characters (U+FB00-U+FB06) left in the text. Then the reader's own export: two articles exported
to PDF with ``reader export`` and reopened, compared with the article the export was made from
(paragraphs whole, title, no legend, section or footer text).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIGATURES = re.compile("[\ufb00-\ufb06]")

FIRST = ["Maria", "Erik", "Amara", "Jonas", "Priya", "Tomasz", "Leila", "Dmitri", "Grace", "Felix", "Ingrid"]
LAST = ["Olsen", "Hansen", "Okafor", "Lindqvist", "Raman", "Nowak", "Haddad", "Petrov", "Whitfield", "Fjeld"]
ROLES = [
    "the finance minister",
    "a senior official",
    "the chief executive",
    "a spokeswoman for the ministry",
    "the regional governor",
    "an economist at the central bank",
    "the head of the fishermen's union",
    "a professor of coastal engineering",
]
ORGS = [
    "the Fjord Transport Office",
    "the National Statistics Office",
    "Northfield Ferries",
    "the Coastal Affairs Council",
    "the Financial Stability Board",
    "Affluent Harbour Holdings",
]
PLACES = ["Bergen", "Flåm", "Tromsø", "the northern fjords", "the capital", "Stavanger", "the islands"]
NOUNS = [
    "budget",
    "ferry service",
    "traffic plan",
    "fleet",
    "profit forecast",
    "office",
    "flood defence",
    "fishing quota",
    "staff count",
    "field survey",
    "fuel subsidy",
    "housing programme",
]
ADJ = [
    "affluent",
    "official",
    "efficient",
    "difficult",
    "five-year",
    "well-known",
    "long-term",
    "state-owned",
    "so-called",
    "first",
    "financial",
    "high-speed",
    "fifteen-member",
]
VERBS = ["rise", "fall", "shrink", "grow", "double", "recover", "stall"]
PAST = ["rose", "fell", "shrank", "grew", "doubled", "recovered", "stalled", "fluctuated"]
NUM_WORDS = ["five", "fifteen", "fifty", "three", "four", "twelve", "forty"]
LONG_WORDS = [
    "infrastructure",
    "internationalisation",
    "characteristically",
    "extraordinarily",
    "administration",
    "responsibilities",
    "representatives",
    "reconstruction",
    "environmentalists",
    "notwithstanding",
    "disproportionately",
    "telecommunications",
]
TIMES = ["this year", "next spring", "by the end of the decade", "over the next five years", "since 2019"]


def _name(r: random.Random) -> str:
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _soft(word: str, r: random.Random) -> str:
    """A long word with soft hyphens where a hyphenator might break it."""
    cuts = sorted(r.sample(range(3, len(word) - 3), k=min(3, max(1, len(word) // 5))))
    out, last = [], 0
    for c in cuts:
        out.append(word[last:c])
        last = c
    out.append(word[last:])
    return "\u00ad".join(out)


def _sentence(r: random.Random) -> str:
    templates = [
        lambda: (
            f"{_name(r)}, {r.choice(ROLES)}, said the {r.choice(ADJ)} {r.choice(NOUNS)} would "
            f"{r.choice(VERBS)} by {r.randint(2, 40)} percent {r.choice(TIMES)}."
        ),
        lambda: (
            f"The {r.choice(ADJ)} {r.choice(NOUNS)} {r.choice(PAST)} to {r.choice(NUM_WORDS)} "
            f"million kroner in {r.randint(2015, 2024)}, according to {r.choice(ORGS)}."
        ),
        lambda: (
            f"“We cannot wait another {r.choice(NUM_WORDS)} years,” said {_name(r)}, "
            f"{r.randint(24, 79)}, who lives in {r.choice(PLACES)}."
        ),
        lambda: (
            f"Officials in {r.choice(PLACES)} argued that the {r.choice(NOUNS)} was "
            f"{r.choice(['insufficient', 'affordable', 'overdue', 'a first step'])}, and that "
            f"{r.choice(LONG_WORDS)} would require a {r.choice(ADJ)} effort."
        ),
        lambda: (
            f"{_capital(r.choice(ORGS))} expects the "
            f"{r.choice(NOUNS)} to cost ${r.randint(1, 9)}.{r.randint(1, 9)} billion — "
            f"roughly {r.randint(3, 30)}% more than the {r.choice(ADJ)} estimate."
        ),
        lambda: (
            f"Critics said the {r.choice(['affluent', 'official', 'fjord'])} districts had "
            f"received a {r.choice(['disproportionate', 'fair', 'generous'])} share, while "
            f"{r.choice(['fishermen', 'ferry staff', 'shopkeepers', 'students'])} in "
            f"{r.choice(PLACES)} waited for {r.choice(NUM_WORDS)} months."
        ),
        lambda: (
            f"The {r.choice(LONG_WORDS)} of the {r.choice(NOUNS)}, {_name(r)} added, "
            f"was “a {r.choice(['difficult', 'fine', 'fragile', 'flawed'])} balance”."
        ),
        lambda: (
            f"In {r.choice(PLACES)}, the flow of traffic through the fjord "
            f"{r.choice(PAST)} for the {r.choice(['first', 'fifth', 'fourth'])} time in "
            f"{r.choice(NUM_WORDS)} years."
        ),
    ]
    text = r.choice(templates)()
    words = text.split(" ")
    for i, w in enumerate(words):
        bare = w.strip(".,;:“”")
        if len(bare) >= 12 and bare.isalpha() and r.random() < 0.7:
            words[i] = w.replace(bare, _soft(bare, r))
    return " ".join(words)


def _paragraph(r: random.Random) -> str:
    return " ".join(_sentence(r) for _ in range(r.choice([1, 2, 3, 3, 4, 5, 6])))


def _headline(r: random.Random) -> str:
    return (
        f"{r.choice(['Officials', 'Residents', 'Ministers', 'Fishermen'])} "
        f"{r.choice(['weigh', 'reject', 'back', 'question'])} {r.choice(ADJ)} "
        f"{r.choice(NOUNS)} for {r.choice(PLACES)}"
    )


@dataclass
class Source:
    number: int
    title: str
    headings: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    html: str = ""
    columns: int = 1
    header_footer: bool = False


STYLE = """
@page {{ size: {page}; }}
body {{ font-family: {font}; font-size: {size}px; line-height: {leading};
       text-align: justify; hyphens: auto; -webkit-hyphens: auto; margin: 0 auto; max-width: {width}; }}
h1 {{ font-size: 1.9em; line-height: 1.15; text-align: left; {span} }}
h2 {{ font-size: 1.3em; text-align: left; }} h3 {{ font-size: 1.1em; text-align: left; }}
blockquote {{ margin: 1em 2em; font-style: italic; }}
figure {{ margin: 1em 0; }} .img {{ height: 90px; border: 1px solid #999; }}
figcaption {{ font-size: 0.85em; text-align: left; }}
article {{ {columns} }}
{indent}
"""


def _style(r: random.Random, number: int, columns: int) -> str:
    book = number % 4 == 3  # no space between paragraphs: an indented first line instead
    return STYLE.format(
        page=r.choice(["letter", "A4"]),
        font=["'DejaVu Serif', serif", "'Liberation Serif', serif", "serif"][(number + number // 3) % 3],
        size=r.choice([15, 16, 17, 18]),
        leading=r.choice(["normal", "1.4", "1.5"]),
        width="none" if columns == 2 else r.choice(["36em", "42em", "none"]),
        span="column-span: all;" if number % 2 == 0 else "",
        columns=f"columns: 2; column-gap: {r.choice(['1em', '1.5em', '2em'])};" if columns == 2 else "",
        indent="p { margin: 0; text-indent: 1.5em; }" if book else "",
    )


def make_source(number: int, seed: int) -> Source:
    r = random.Random(seed * 1000 + number)
    columns = 2 if number % 3 == 2 else 1
    src = Source(number, _headline(r), columns=columns, header_footer=number % 2 == 1)
    src.headings.append(src.title)
    headline = f"<h1>{html.escape(src.title)}</h1>"
    body = [] if number % 2 == 0 else [headline]  # even: the headline above the columns
    byline = f"By {_name(r)} in {r.choice(PLACES)}"
    src.paragraphs.append(byline)
    body.append(f"<p class=byline>{html.escape(byline)}</p>")
    for k in range(r.randint(9, 22)):
        if k and k % 5 == 0:
            heading = r.choice(["A long wait", "Money and time", "What comes next", "The fjord question"])
            heading += f" {k // 5}"
            src.headings.append(heading)
            tag = "h3" if r.random() < 0.3 else "h2"
            body.append(f"<{tag}>{html.escape(heading)}</{tag}>")
        kind = r.random()
        text = _paragraph(r)
        if 0.13 <= kind < 0.17:
            items = [_sentence(r) for _ in range(r.randint(2, 4))]
            src.paragraphs.extend(items)
            body.append("<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in items) + "</ul>")
            continue
        if 0.17 <= kind < 0.25:
            text = (
                f"“{r.choice(['It is not good enough', 'We will see', 'Nobody asked us'])},” said {_name(r)}."
            )
        src.paragraphs.append(text)
        if kind < 0.08:
            body.append(f"<blockquote><p>{html.escape(text)}</p></blockquote>")
        elif kind < 0.13:
            body.append(f"<figure><div class=img></div><figcaption>{html.escape(text)}</figcaption></figure>")
        else:
            body.append(f"<p>{html.escape(text)}</p>")
    src.html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(src.title)} | The Fjord Ledger</title>"
        f"<style>{_style(r, number, columns)}</style></head>"
        f"<body>{'' if body[0] == headline else headline}<article>{''.join(body)}</article></body></html>"
    )
    return src


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("pdf_layout: no chromium on PATH (apt-get install chromium)")


def print_pdf(html_path: Path, pdf_path: Path, header_footer: bool, profile: Path) -> None:
    args = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf_path}",
    ]
    if not header_footer:
        args.append("--no-pdf-header-footer")
    subprocess.run([*args, html_path.as_uri()], check=True, capture_output=True, timeout=120)


def norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def score(src: Source, article) -> dict:
    got = [norm(article.text[b.start : b.end]) for b in article.blocks]
    got_set = set(got) | {norm(article.title or "")}  # the headline may be the title
    paras = [norm(p) for p in src.paragraphs]
    heads = [norm(h) for h in src.headings]
    known = set(paras) | set(heads)
    return {
        "paragraphs": len(paras),
        "whole": sum(p in got_set for p in paras),
        "headings": len(heads),
        "headings_whole": sum(h in got_set for h in heads),
        "stray": sum(g not in known for g in got),
        "ligatures": len(LIGATURES.findall(article.text)),
        "missing": [p for p in paras if p not in got_set],
        "strays": [g for g in got if g not in known],
    }


def run_chromium_set(n: int, seed: int, work: Path, show: int) -> dict:
    from reader.core.loaders import load

    by_layout: dict[str, dict] = {}
    profile = work / "profile"
    for number in range(n):
        src = make_source(number, seed)
        html_path = work / f"article{number:02d}.html"
        pdf_path = work / f"article{number:02d}.pdf"
        html_path.write_text(src.html, encoding="utf-8")
        print_pdf(html_path, pdf_path, src.header_footer, profile)
        result = score(src, load(pdf_path))
        layout = "two-column" if src.columns == 2 else "one-column"
        total = by_layout.setdefault(
            layout,
            dict.fromkeys(
                ["articles", "paragraphs", "whole", "headings", "headings_whole", "stray", "ligatures"], 0
            ),
        )
        total["articles"] += 1
        for key in ("paragraphs", "whole", "headings", "headings_whole", "stray", "ligatures"):
            total[key] += result[key]
        if show and (result["missing"] or result["strays"]):
            print(f"-- {pdf_path.name} ({layout}, header/footer {src.header_footer})")
            for p in result["missing"][:show]:
                print(f"   missing: {p[:150]}")
            for g in result["strays"][:show]:
                print(f"   stray:   {g[:150]}")
    for total in by_layout.values():
        total["whole_pct"] = round(100 * total["whole"] / max(1, total["paragraphs"]), 1)
        total["headings_pct"] = round(100 * total["headings_whole"] / max(1, total["headings"]), 1)
    return by_layout


def run_export_check(seed: int, work: Path) -> dict:
    """Two articles as the reader reads their HTML, exported to PDF and reopened."""
    from reader.core.loaders import load

    out = {"articles": 0, "paragraphs": 0, "whole": 0, "title_ok": 0, "leaks": 0}
    for number in (0, 4):
        html_path = work / f"export{number:02d}.html"
        html_path.write_text(make_source(number, seed).html, encoding="utf-8")
        pdf_path = work / f"export{number:02d}.pdf"
        reader = [sys.executable, "-m", "reader", "export", str(html_path), "-o", str(pdf_path)]
        subprocess.run(reader, check=True, capture_output=True, timeout=600, cwd=ROOT)
        original = load(html_path)
        back = load(pdf_path)
        want = [norm(original.text[b.start : b.end]) for b in original.blocks if b.kind == "paragraph"]
        got = {norm(back.text[b.start : b.end]) for b in back.blocks}
        out["articles"] += 1
        out["paragraphs"] += len(want)
        out["whole"] += sum(p in got for p in want)
        out["title_ok"] += back.title == original.title
        leaks = re.findall(r"Legend:|Quotes \(\d+\)|Figures \(\d+\)|page \d+ of \d+|by reader \d", back.text)
        out["leaks"] += len(leaks)
    out["whole_pct"] = round(100 * out["whole"] / max(1, out["paragraphs"]), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=24, help="articles to generate (default 24)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="write the HTML and PDF files here (default: a temp dir)")
    ap.add_argument("--no-export", action="store_true", help="skip the reader-export check")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses and strays per article")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pdf-layout-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        report: dict = {"chromium": run_chromium_set(args.n, args.seed, work, args.show)}
        if not args.no_export:
            report["export"] = run_export_check(args.seed, work)
    report["seconds"] = round(time.perf_counter() - start, 1)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"{'layout':12} {'articles':>8} {'paras':>6} {'whole':>6} {'whole%':>7} {'heads%':>7} "
        f"{'stray':>6} {'ligatures':>9}"
    )
    for layout, t in sorted(report["chromium"].items()):
        print(
            f"{layout:12} {t['articles']:8} {t['paragraphs']:6} {t['whole']:6} {t['whole_pct']:7} "
            f"{t['headings_pct']:7} {t['stray']:6} {t['ligatures']:9}"
        )
    if "export" in report:
        e = report["export"]
        print(
            f"reader export reopened: {e['whole']}/{e['paragraphs']} paragraphs whole ({e['whole_pct']}%), "
            f"title {e['title_ok']}/{e['articles']}, leaked header/section/footer text: {e['leaks']}"
        )
    print(f"({report['seconds']} s)")


if __name__ == "__main__":
    main()
