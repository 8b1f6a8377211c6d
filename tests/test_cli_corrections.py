"""The corrections on the command line: `analyze --json` and `export` carry them (`--no-corrections`
leaves them out), `corrections export` writes them to share, review and train, `corrections import`
takes them back and refuses a hostile file with one line, importing nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest
from _corrections_samples import HARBOUR

from reader.cli import main
from reader.core import corrections as cx
from reader.library.corrections import CorrectionStore

TEXT = HARBOUR


@pytest.fixture
def corrected(tmp_path, nlp):
    """An article with two corrections kept in the user's corrections file."""
    from reader.core.loaders import load
    from reader.nlp.pipeline import analyze

    path = tmp_path / "harbour.txt"
    path.write_text(TEXT, encoding="utf-8")
    a = analyze(load(path))
    rushed = next(q for q in a.quotes if "rushed" in q.text)
    start = TEXT.index("The trust raised")
    made = [cx.change_speaker(a, rushed, "Anna Lee"), cx.add_quote(a, start, len(TEXT) - 1, "Harbour Trust")]
    with CorrectionStore() as store:
        for c in made:
            store.add(cx.text_hash(a.article.text), path, c)
    return path, made


def _analyze(capsys, *args) -> dict:
    assert main(["analyze", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_analyze_and_export_carry_the_corrections(corrected, capsys, tmp_path):
    path, _ = corrected
    data = _analyze(capsys, str(path))
    rushed = next(q for q in data["quotes"] if "rushed" in q["text"])
    assert rushed["speaker_name"] == "Anna Lee" and rushed["corrected"]
    assert rushed["original"]["speaker_name"] != "Anna Lee"
    assert any(q["corrected"] and "12 objections" in q["text"] for q in data["quotes"])
    machine = _analyze(capsys, "--no-corrections", str(path))
    assert not any(q["corrected"] for q in machine["quotes"]) and machine["corrections"] == []
    out = tmp_path / "harbour.csv"
    assert main(["export", str(path), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["corrected"] for r in rows if "rushed" in r["text"]] == ["yes"]
    # the words changed: the correction is said to be lost, the analysis printed without it
    path.write_text(TEXT.replace("the plan was rushed", "the plan was careful"), encoding="utf-8")
    assert main(["analyze", "--json", str(path)]) == 0
    printed = capsys.readouterr()
    assert f"{path}: 1 correction could not be re-attached" in printed.err
    data = json.loads(printed.out)
    assert [n["attached"] for n in data["corrections"]] == [False, True]
    assert not any(q["corrected"] and "careful" in q["text"] for q in data["quotes"])


def test_export_then_import_elsewhere(corrected, capsys, tmp_path, monkeypatch):
    path, made = corrected
    jsonl, review = tmp_path / "mine.jsonl", tmp_path / "mine.csv"
    assert main(["corrections", "export", "-o", str(jsonl)]) == 0
    assert main(["corrections", "export", "-o", str(review)]) == 0
    rows = list(csv.DictReader(io.StringIO(review.read_text(encoding="utf-8-sig"), newline="")))
    added = "The trust raised 12 objections to the design. — said by Harbour Trust"
    assert [(r["kind"], r["now"]) for r in rows] == [("speaker", "Anna Lee"), ("add_quote", added)]
    capsys.readouterr()
    assert main(["corrections", "export", "--training"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["text_hash"] == cx.text_hash(TEXT) and "text" not in line
    contents = [a["content"] for a in line["attributions"]]
    assert [[TEXT.index("The trust raised"), len(TEXT) - 1]] in contents
    # another person's machine: an empty data folder takes them back, once
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "colleague"))
    from reader.library import Library
    from reader.library.indexer import index
    from reader.library.store import default_db_path

    index([path])  # their library holds the article, analysed by the machine alone

    def rushed_by() -> str | None:
        with Library(default_db_path(), readonly=True) as lib:
            return next(q.speaker for q in lib.quotes() if "rushed" in q.text)

    assert rushed_by() != "Anna Lee"
    assert main(["corrections", "import", str(jsonl)]) == 0
    assert "2 corrections imported, 0 already here" in capsys.readouterr().out
    assert rushed_by() == "Anna Lee"  # their library's speakers follow at once
    assert main(["corrections", "import", str(jsonl)]) == 0
    assert "0 corrections imported, 2 already here" in capsys.readouterr().out
    with CorrectionStore(readonly=True) as store:
        assert [c for _h, _p, c in store.records()] == made
    data = _analyze(capsys, str(path))  # and apply there
    assert next(q for q in data["quotes"] if "rushed" in q["text"])["speaker_name"] == "Anna Lee"


def test_hostile_files_are_refused_with_one_line_and_nothing_imported(corrected, capsys, tmp_path):
    good = tmp_path / "good.jsonl"
    assert main(["corrections", "export", "-o", str(good)]) == 0
    first = good.read_text(encoding="utf-8").splitlines()[0]
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as f:
        f.truncate(65 << 20)  # (sparse: nothing written)
    hostile = {
        "garbage.jsonl": "garbage\n",
        "half.jsonl": first + "\n" + json.dumps({"format": cx.FORMAT, "text_hash": "0" * 64}) + "\n",
        "nested.jsonl": "[" * 200_000 + "\n",
        "binary.jsonl": b"\xff\xfe\x00\x81 not text",
        "huge name.jsonl": first.replace('"Anna Lee"', json.dumps("x" * 5000)) + "\n",
    }
    for name, body in hostile.items():
        p = tmp_path / name
        (p.write_bytes if isinstance(body, bytes) else lambda b, p=p: p.write_text(b, encoding="utf-8"))(body)
    capsys.readouterr()
    with CorrectionStore(readonly=True) as store:
        before = store.count()
    for p in [*(tmp_path / n for n in hostile), big, tmp_path / "missing.jsonl"]:
        assert main(["corrections", "import", str(p)]) == 1, p.name
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and str(p) in err, err
    with CorrectionStore(readonly=True) as store:
        assert store.count() == before
