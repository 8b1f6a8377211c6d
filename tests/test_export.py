"""Exports of the seed article: JSON, CSV, Markdown, HTML, filters, atomic writing, refusals."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _quote_samples import phrase_analysis

from reader.core.categories import STYLES, Category
from reader.core.errors import ExportError, ExportOntoSourceError, UnknownExportFormatError
from reader.core.model import CLAUSE, PHRASE, Quote
from reader.core.selection import Selection, apply, find_entities
from reader.report.export import ExportOptions, check_target, write_export

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=300,
    )


def _norm(text: str) -> str:
    return " ".join(text.split())


def _csv_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_export_json_cli_equals_analyze_json(seed_path, tmp_path):
    out = tmp_path / "seed.json"
    analyzed = _cli("analyze", "--json", str(seed_path))
    exported = _cli("export", str(seed_path), "-o", str(out))
    assert analyzed.returncode == 0, analyzed.stderr
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(analyzed.stdout)


def test_export_json_in_process_equals_to_json(seed_analysis, tmp_path):
    out = tmp_path / "seed.json"
    write_export(seed_analysis, str(out), ExportOptions())
    assert json.loads(out.read_text(encoding="utf-8")) == seed_analysis.to_json()


def test_export_csv_one_row_per_quote_and_figure(seed_analysis, tmp_path):
    out = tmp_path / "seed.csv"
    write_export(seed_analysis, str(out), ExportOptions())
    rows = _csv_rows(out)
    assert len(rows) == len(seed_analysis.quotes) + len(seed_analysis.figures)
    quotes = [r for r in rows if r["type"] == "quote"]
    figures = [r for r in rows if r["type"] == "figure"]
    assert [r["text"] for r in quotes] == [q.text for q in seed_analysis.quotes]
    assert [r["text"] for r in figures] == [f.text for f in seed_analysis.figures]
    for row, q in zip(quotes, seed_analysis.quotes, strict=True):
        assert row["kind"] == q.kind
        assert (int(row["start"]), int(row["end"])) == (q.start, q.end)
        if q.speaker is None and q.speaker_name is None:
            assert row["speaker"] == "unattributed"  # said plainly, as in the panel
        else:
            assert row["speaker"] in (q.speaker_name, q.speaker.text if q.speaker else None)
    for row, f in zip(figures, seed_analysis.figures, strict=True):
        assert float(row["value"]) == pytest.approx(f.value)
        assert f.text in row["context"] or row["context"].startswith("…")
        assert seed_analysis.article.text[int(row["start"]) : int(row["end"])] == f.text


def test_export_cli_only_carter_keeps_only_carters_quotes(seed_path, seed_analysis, tmp_path):
    carter = find_entities(seed_analysis, ["Carter"])
    assert carter, "the seed names Carter"
    ids = {e.id for e in carter}
    spans = [(m.start, m.end) for e in carter for m in e.mentions]
    out = tmp_path / "carter.csv"
    res = _cli("export", str(seed_path), "-o", str(out), "--only", "Carter")
    assert res.returncode == 0, res.stderr
    got = [(int(r["start"]), int(r["end"])) for r in _csv_rows(out) if r["type"] == "quote"]
    expected = [(q.start, q.end) for q in apply(seed_analysis, Selection(frozenset(ids))).quotes]
    assert got == expected
    by_carter = [(q.start, q.end) for q in seed_analysis.quotes if q.speaker_id in ids]
    assert by_carter and set(by_carter) <= set(got)
    for q in seed_analysis.quotes:
        mentions_him = any(s < q.end and q.start < e for s, e in spans)
        speaker_is_him = q.speaker_id in ids or (
            q.speaker is not None and any(s < q.speaker.end and q.speaker.start < e for s, e in spans)
        )
        if not (mentions_him or speaker_is_him):
            assert (q.start, q.end) not in got, f"quote not by or about Carter exported: {q.text[:60]}"


def test_export_only_markdown_lists_only_selected_speaker(seed_analysis, tmp_path):
    out = tmp_path / "carter.md"
    write_export(seed_analysis, str(out), ExportOptions(only=("Carter",)))
    text = out.read_text(encoding="utf-8")
    quotes_part = text.split("## Quotes", 1)[1].split("## Figures", 1)[0]
    view = apply(seed_analysis, Selection(frozenset(e.id for e in find_entities(seed_analysis, ["Carter"]))))
    assert quotes_part.count("\n- **") == len(view.quotes)
    assert "Filter: only Carter" in text


def test_export_cli_unknown_only_name_fails_in_one_line(seed_path, tmp_path):
    out = tmp_path / "x.csv"
    res = _cli("export", str(seed_path), "-o", str(out), "--only", "Nobody Atall")
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Nobody Atall" in lines[0] and "E030" in lines[0]
    assert not out.exists()


def test_export_categories_hide_figures_and_quotes(seed_analysis, tmp_path):
    out = tmp_path / "people.json"
    write_export(seed_analysis, str(out), ExportOptions(categories=["person", "speaker", "place"]))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["quotes"] == [] and data["figures"] == []
    assert {e["category"] for e in data["entities"]} <= {"person", "speaker", "place"}
    assert data["text"] == seed_analysis.article.text
    with pytest.raises(ExportError, match="unknown category"):
        write_export(seed_analysis, str(tmp_path / "bad.json"), ExportOptions(categories=["colour"]))


def test_export_markdown_has_sections_and_speakers(seed_analysis, tmp_path):
    out = tmp_path / "seed.md"
    write_export(seed_analysis, str(out), ExportOptions())
    text = out.read_text(encoding="utf-8")
    for heading in ("Highlighted in **bold**: ", "\n---\n\n## Quotes (", "## Figures ("):
        assert heading in text
    assert "| Value | Unit | Measures |" in text
    names = {q.speaker_name for q in seed_analysis.quotes if q.speaker_name}
    for name in names:
        assert f"**{name}**" in text
    # the article text follows the legend line and ends at the rule before the quotes: it is
    # all there once the Markdown markup is taken out (the seed has no headline line)
    body = text.split("Highlighted in **bold**: ", 1)[1].split("\n", 1)[1].split("\n---\n", 1)[0]
    plain = body.replace("**", "").replace("\\", "")
    assert _norm(plain) == _norm(seed_analysis.article.text)


def test_export_html_uses_palette_and_marks_quotes(seed_analysis, tmp_path):
    out = tmp_path / "seed.html"
    write_export(seed_analysis, str(out), ExportOptions())
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    for cat in (Category.PLACE, Category.ORGANIZATION, Category.FIGURE, Category.QUOTE):
        assert STYLES[cat].light_bg in html
    assert f"text-decoration-color: {STYLES[Category.QUOTE].base}" in html
    assert "<svg" in html  # the chart, inline for browsers
    for section in (">Legend:&nbsp;<", ">Quotes (", ">Figures ("):
        assert section in html


def test_export_atomic_failure_keeps_existing_file(seed_analysis, tmp_path):
    out = tmp_path / "keep.md"
    out.write_text("previous export\n", encoding="utf-8")

    def boom(_f):
        raise RuntimeError("disk vanished mid-write")

    with pytest.raises(RuntimeError):
        write_export(seed_analysis, str(out), ExportOptions(), after_write=boom)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.md"]  # no temporary file left


def test_export_atomic_failure_leaves_no_partial_file(seed_analysis, tmp_path):
    out = tmp_path / "new.csv"

    def boom(f):
        assert f.tell() > 0  # the bytes were written to the temporary file
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError, match="no space left"):
        write_export(seed_analysis, str(out), ExportOptions(), after_write=boom)
    assert list(tmp_path.iterdir()) == []


def test_export_replaces_existing_file_on_success(seed_analysis, tmp_path):
    out = tmp_path / "again.json"
    out.write_text("old", encoding="utf-8")
    write_export(seed_analysis, str(out), ExportOptions())
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == seed_analysis.article.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.json"]


def test_export_refuses_the_source_file(seed_analysis, tmp_path):
    source = tmp_path / "article.md"
    source.write_text("An article the user wrote.\n", encoding="utf-8")
    analysis = dataclasses.replace(
        seed_analysis, article=dataclasses.replace(seed_analysis.article, source=str(source))
    )
    with pytest.raises(ExportOntoSourceError):
        write_export(analysis, str(source), ExportOptions())
    link = tmp_path / "link.md"
    link.symlink_to(source)
    with pytest.raises(ExportOntoSourceError):
        write_export(analysis, str(link), ExportOptions())
    assert source.read_text(encoding="utf-8") == "An article the user wrote.\n"


def test_export_cli_refuses_source_and_bad_targets(tmp_path):
    source = tmp_path / "article.md"
    source.write_text("The minister said the plan was official.\n", encoding="utf-8")
    res = _cli("export", str(source), "-o", str(source))
    assert res.returncode == 1 and "E031" in res.stderr
    assert source.read_text(encoding="utf-8") == "The minister said the plan was official.\n"
    res = _cli("export", str(source), "-o", str(tmp_path / "out.docx"))
    assert res.returncode == 1 and "E032" in res.stderr
    missing = tmp_path / "no" / "such" / "folder" / "out.pdf"
    res = _cli("export", str(source), "-o", str(missing))
    assert res.returncode == 1 and "does not exist" in res.stderr and str(missing) in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_export_target_checks(tmp_path):
    with pytest.raises(UnknownExportFormatError):
        check_target(None, str(tmp_path / "out.xlsx"))
    with pytest.raises(ExportError, match="does not exist"):
        check_target(None, str(tmp_path / "missing" / "out.md"))
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="is not a folder"):
        check_target(None, str(afile / "out.md"))  # a real failure: the parent is a file
    (tmp_path / "adir.md").mkdir()
    with pytest.raises(ExportError, match="is a directory"):
        check_target(None, str(tmp_path / "adir.md"))
    check_target(None, str(tmp_path / "fine.md"))


def test_export_csv_quotes_fields_with_commas_and_newlines(seed_analysis):
    from reader.report.csvout import render_csv
    from reader.report.document import build_content

    text = render_csv(build_content(seed_analysis, ExportOptions()))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(seed_analysis.quotes) + len(seed_analysis.figures)
    assert all(set(r) == set(rows[0]) for r in rows)


# --- a quote whose content is a noun phrase (content_type "phrase"), on an analysis built by hand


def test_export_json_carries_content_type(tmp_path):
    analysis = phrase_analysis()
    phrase, clause, _direct = analysis.quotes
    assert Quote("x", 0, 1, "indirect").content_type == CLAUSE == "clause"  # the default
    assert phrase.to_json()["content_type"] == PHRASE == "phrase"
    assert clause.to_json()["content_type"] == "clause"
    out = tmp_path / "phrase.json"
    write_export(analysis, str(out), ExportOptions())
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [q["content_type"] for q in data["quotes"]] == ["phrase", "clause", "clause"]
    assert data["quotes"][0]["cue"]["text"] == "rejected"
    # a filtered export writes its quotes itself: the field is kept there too
    out = tmp_path / "only.json"
    write_export(analysis, str(out), ExportOptions(categories=["quote", "speaker"]))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "export_filter" in data
    assert [q["content_type"] for q in data["quotes"]] == ["phrase", "clause", "clause"]


def test_export_csv_content_type_then_what_a_figure_measures(tmp_path):
    out = tmp_path / "phrase.csv"
    write_export(phrase_analysis(), str(out), ExportOptions())
    with open(out, encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    before = ["type", "kind", "speaker", "speaker_id", "cue", "text", "value", "value_high", "unit"]
    before += ["qualifier", "start", "end", "context"]
    assert header == [*before, "content_type", "of", "corrected", "original"]  # the earlier keep their order
    rows = _csv_rows(out)
    phrase, clause, direct, figure = rows
    assert (phrase["cue"], phrase["text"], phrase["content_type"]) == ("rejected", "that criticism", "phrase")
    assert (clause["cue"], clause["content_type"]) == ("said", "clause")
    assert direct["content_type"] == "clause"
    assert (figure["type"], figure["content_type"]) == ("figure", "")
    assert phrase["of"] == ""


def _quotes_section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def test_export_markdown_shows_a_phrase_after_its_cue(tmp_path):
    out = tmp_path / "phrase.md"
    write_export(phrase_analysis(), str(out), ExportOptions())
    quotes = _quotes_section(out.read_text(encoding="utf-8"), "## Quotes (3)", "## Figures")
    assert "- **The mayor** (indirect, stance):\n  > *rejected* that criticism\n" in quotes
    # a clause keeps its cue in the parentheses and its content alone
    assert "- **Lena Ortiz** (indirect, said):\n  > the bridge would cost $40 million\n" in quotes
    assert "- **Lena Ortiz** (direct, added):\n  > “We will not wait,”\n" in quotes
    assert quotes.count("stance") == 1


def test_export_html_shows_a_phrase_after_its_cue_dimmed(tmp_path):
    from reader.report.html import MUTED, TEXT

    out = tmp_path / "phrase.html"
    write_export(phrase_analysis(), str(out), ExportOptions())
    quotes = _quotes_section(out.read_text(encoding="utf-8"), ">Quotes (3)<", ">Figures (")
    entries = quotes.split("<table")[1:]
    assert len(entries) == 3
    phrase, clause, direct = entries
    assert "indirect · stance</span>" in phrase
    assert f'<span style="color: {MUTED}"><i>rejected</i> that criticism</span></td>' in phrase
    assert MUTED != TEXT  # dimmed against the body text colour
    assert "indirect · said</span>" in clause and "stance" not in clause
    assert "&nbsp;&nbsp; the bridge would cost $40 million</td>" in clause  # not dimmed
    assert "direct · added</span>" in direct and "&nbsp;&nbsp; “We will not wait,”</td>" in direct


def test_a_phrase_quote_reads_with_its_cue_where_it_stands():
    from reader.core.model import PHRASE, Quote, Span
    from reader.report.document import phrase_parts

    def phrase(text, content, cue):
        s, c = text.index(content), text.index(cue)
        return Quote(
            content, s, s + len(content), "indirect", cue=Span(cue, c, c + len(cue)), content_type=PHRASE
        )

    text = "The mayor rejected that criticism. I spoke to them about the tax plans. His views were echoed."
    assert phrase_parts(phrase(text, "that criticism", "rejected")) == ("rejected", "")
    assert phrase_parts(phrase(text, "the tax plans", "spoke")) == ("spoke …", "")
    assert phrase_parts(phrase(text, "His views", "were echoed")) == ("", "were echoed")
    clause = Quote("the plan", 0, 8, "indirect", cue=Span("said", 10, 14))
    assert phrase_parts(clause) == ("", "")
