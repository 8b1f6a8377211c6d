"""The bundled sample article: our own text, news-like, with what the window is meant to show."""

from __future__ import annotations

from reader.core.loaders import load
from reader.core.paths import sample_article


def test_sample_is_a_news_article_of_the_right_length():
    text = sample_article().read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    assert 0 < len(title) < 120 and not title.endswith(".")
    assert 400 <= len(body.split()) <= 700
    assert body.count("“") + body.count('"') >= 8  # several direct quotes
    assert "$" in body and ("metres" in body or "percent" in body)


def test_sample_analysis_has_speakers_quotes_and_money(nlp):
    from reader.nlp.pipeline import analyze

    analysis = analyze(load(sample_article()))
    kinds = {q.kind for q in analysis.quotes}
    assert {"direct", "indirect"} <= kinds
    speakers = {q.speaker_name for q in analysis.quotes if q.speaker_name}
    assert len(speakers) >= 3
    orgs = {c.name for c in analysis.canonical if c.category.value == "organization"}
    assert len(orgs) >= 2
    units = {f.unit for f in analysis.figures if f.unit}
    assert len(units) >= 2
    assert any(f.unit_kind == "currency" or (f.unit or "").upper() in {"USD", "$"} for f in analysis.figures)
