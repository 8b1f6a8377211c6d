"""Given names whose gender the news itself tells: learned from a corpus, shipped as a small table.

A news style that writes "Mr. Obama" and "Mrs. Clinton" tells the gender of the people it names in
full ("Barack Obama", "Hillary Clinton"). :func:`learn` reads a corpus of articles (one JSON object a
line with its ``text``, as the PolNeAR files in ``../shared``) and, in each article whose surname is
titled one way only and written after one given name only (so not "Bill" and "Hillary" beside
"Mrs. Clinton"), counts a vote for that given name. A given name whose votes agree (at least
:data:`AGREEMENT` of them one way) is a man's or a woman's name.

The table (``given_names.json`` beside this module: given names and their gender, the corpus' hash
and the command; no corpus text) covers names the US Census lists miss or share ("Barack", "Jeb",
"Reince", "Lindsey" Graham); :func:`reader.core.identity.name_gender` reads it before the Census
lists. Rebuild it with::

    .venv/bin/python -m reader.core.given_names ../shared/corpora/polnear/train.jsonl
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from reader.core.names import words

TABLE = Path(__file__).with_name("given_names.json")
# chosen by 5-fold cross-validation on PolNeAR train (the table of four folds against the titles of
# the fifth): no setting from 1 to 3 articles and 0.6 to 0.9 agreement disagreed with a held-out
# title, so the one that tells the most names
AGREEMENT = 0.6  # the share of a name's votes that must agree
MIN_ARTICLES = 1  # the articles that must tell it
_TITLED = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_FULL = re.compile(r"\b([A-Z][a-z]{2,})\s+(?:[A-Z]\.\s+)*([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
# capitalized words before a surname that are no given names ("President Obama", "The Clintons")
_NOT_GIVEN = words(
    """the this that these those and but for with from after before when while former vice president
    senator sen gov governor rep representative secretary mayor judge justice general chairman
    chairwoman speaker leader chief director dr prof professor sir dame lady lord king queen prince
    princess pope father sister brother mother democrat republican democratic presidential candidate
    nominee first mrs mr ms miss attorney commissioner minister ambassador officer sheriff captain
    colonel major sergeant lieutenant admiral rev reverend then now also only even like"""
)


def learn(texts: Iterable[str]) -> dict[str, str]:
    """Given name (lower case) -> "m" or "f", from the titles the articles put before surnames."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        titled: dict[str, set[str]] = defaultdict(set)
        for title, surname in _TITLED.findall(text):
            titled[surname].add("m" if title == "Mr" else "f")
        given_of: dict[str, set[str]] = defaultdict(set)
        for given, surname in _FULL.findall(text):
            if given.lower() not in _NOT_GIVEN:
                given_of[surname].add(given)
        for surname, given in given_of.items():
            if len(given) == 1 and len(titled.get(surname, ())) == 1:
                votes[next(iter(given)).lower()][next(iter(titled[surname]))] += 1
    out = {}
    for given, counted in sorted(votes.items()):
        gender, n = counted.most_common(1)[0]
        if n >= MIN_ARTICLES and n >= AGREEMENT * sum(counted.values()):
            out[given] = gender
    return out


@functools.cache
def table() -> dict[str, str]:
    """The shipped table (empty when the file is missing or unreadable)."""
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = data.get("names") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in found.items() if v in ("m", "f")} if isinstance(found, dict) else {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Learn the given-name gender table from a corpus.")
    ap.add_argument("corpus", type=Path, help="a JSONL file of articles (its objects' 'text')")
    ap.add_argument("--out", type=Path, default=TABLE)
    args = ap.parse_args(argv)
    raw = args.corpus.read_bytes()
    texts = [json.loads(line)["text"] for line in raw.decode("utf-8").splitlines() if line.strip()]
    names = learn(texts)
    data = {
        "what": "given name -> gender, from titles before surnames (reader.core.given_names)",
        "corpus": args.corpus.name,
        "corpus_sha1": hashlib.sha1(raw).hexdigest(),
        "articles": len(texts),
        "command": "python -m reader.core.given_names " + " ".join(sys.argv[1:] if argv is None else argv),
        "names": names,
    }
    args.out.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(names)} given names from {len(texts)} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
