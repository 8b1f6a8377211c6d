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


def test_pipeline_join_docs_gives_what_spacy_join_gives(nlp, seed_path):
    import numpy as np
    from spacy.tokens import Doc

    text = seed_path.read_text(encoding="utf-8")
    docs = list(nlp.pipe(list(pipeline.iter_chunks(text, size=800))))
    assert len(docs) > 3
    ours = pipeline.join_docs(docs)
    theirs = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    assert ours.text == theirs.text == text
    for attr in (
        "ORTH",
        "SPACY",
        "LEMMA",
        "TAG",
        "POS",
        "HEAD",
        "DEP",
        "ENT_IOB",
        "ENT_TYPE",
        "SENT_START",
        "IDX",
    ):
        assert np.array_equal(ours.to_array(attr), theirs.to_array(attr)), attr
    assert [(s.start, s.end) for s in ours.sents] == [(s.start, s.end) for s in theirs.sents]
    assert [(e.start, e.end, e.label_) for e in ours.ents] == [
        (e.start, e.end, e.label_) for e in theirs.ents
    ]
