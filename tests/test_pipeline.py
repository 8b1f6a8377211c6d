"""The chunked parse: offsets, progress, cancellation."""

from __future__ import annotations

import pytest

from reader.core.model import Article
from reader.nlp import pipeline


def test_pipeline_chunks_join_back_to_the_text():
    text = ("A paragraph of words here.\n\n" * 3000) + ("x" * 250_000) + " tail words. End"
    chunks = list(pipeline.iter_chunks(text, size=5_000))
    assert "".join(chunks) == text
    assert len(chunks) > 10
    assert max(len(c) for c in chunks) <= pipeline.HARD_CHUNK_CHARS


def test_pipeline_one_long_line_is_cut_at_sentence_ends():
    text = "The minister said the plan would work. " * 8_000  # ~320 KB, no line break
    chunks = list(pipeline.iter_chunks(text))
    assert "".join(chunks) == text
    assert all(c.endswith(". ") for c in chunks[:-1])


def test_pipeline_parse_keeps_offsets_across_chunks(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 200)
    paras = [f"Minister Anna Berg said on day {i} that the plan would cost $3 million." for i in range(40)]
    text = "\n\n".join(paras)
    seen = []
    doc = pipeline.parse(text, progress=lambda done, total: seen.append((done, total)))
    assert doc.text == text
    assert len(seen) > 5 and seen[-1] == (len(text), len(text))
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
    assert sum(1 for e in doc.ents if e.text == "Anna Berg") >= 30


def test_pipeline_analyze_can_be_cancelled(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 100)
    text = "\n".join("The council said the road would reopen soon." for _ in range(50))
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(pipeline.Cancelled):
        pipeline.analyze(Article(text=text), should_cancel=cancel)


def test_pipeline_empty_text_gives_empty_analysis(nlp):
    analysis = pipeline.analyze(Article(text=""))
    assert analysis.entities == () and analysis.quotes == () and analysis.figures == ()


def test_parse_in_chunks_is_the_text_and_its_sentences(nlp, seed_path, monkeypatch):
    """The Doc joined from the chunks' Docs: its text is the article's, and it parses as the
    chunks did (sentences and entities at the same characters)."""
    text = seed_path.read_text(encoding="utf-8")
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 800)
    chunks = list(pipeline.iter_chunks(text))
    assert len(chunks) > 3
    joined = pipeline.parse(text)
    assert joined.text == text
    docs = list(nlp.pipe(chunks))
    offsets = [0]
    for c in chunks:
        offsets.append(offsets[-1] + len(c))
    sents = [(s.start_char + o, s.end_char + o) for d, o in zip(docs, offsets, strict=False) for s in d.sents]
    ents = [
        (e.start_char + o, e.end_char + o, e.label_)
        for d, o in zip(docs, offsets, strict=False)
        for e in d.ents
    ]
    assert [(s.start_char, s.end_char) for s in joined.sents] == sents
    assert [(e.start_char, e.end_char, e.label_) for e in joined.ents] == ents
