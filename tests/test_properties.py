"""Property-based tests with a fixed, derandomised budget (the same examples on every run).

Loaders: any bytes under any extension end in an Article or a ReaderError, never another
exception. Analyzer: every span indexes the text, and the analysis is deterministic.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path

from _loader_samples import make_docx, make_pdf, news_html, two_chapter_epub
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import ReaderError
from reader.core.loaders import load
from reader.core.model import Article

SUFFIXES = [".txt", ".md", ".html", ".xhtml", ".epub", ".docx", ".pdf", ".dat", ""]

LOADER_BUDGET = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _load_bytes(data: bytes, suffix: str) -> Article | None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"sample{suffix}"
        path.write_bytes(data)
        try:
            article = load(path)
        except ReaderError as exc:
            assert "\n" not in str(exc)
            return None
    for b in article.blocks:
        assert 0 <= b.start < b.end <= len(article.text)
    return article


@LOADER_BUDGET
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_properties_random_bytes_only_reader_errors(data, suffix):
    _load_bytes(data, suffix)


@cache
def _valid_samples() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        return {
            ".epub": two_chapter_epub(d / "a.epub").read_bytes(),
            ".docx": make_docx(d / "a.docx").read_bytes(),
            ".pdf": make_pdf(["A paragraph of the document.", "Another one."], title="T"),
            ".html": news_html().encode("utf-8"),
            ".txt": "Café “quoted” text.\nSecond line.\n".encode("cp1252"),
        }


_patches = st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=8))


@LOADER_BUDGET
@given(
    suffix=st.sampled_from([".epub", ".docx", ".pdf", ".html", ".txt"]),
    edits=st.lists(_patches, max_size=6),
    cut=st.floats(0.05, 1.0),
)
def test_properties_damaged_files_only_reader_errors(suffix, edits, cut):
    """Valid files with bytes overwritten and the end cut off: a result or a ReaderError."""
    data = bytearray(_valid_samples()[suffix])
    for where, patch in edits:
        pos = int(where * len(data))
        data[pos : pos + len(patch)] = patch
    _load_bytes(bytes(data[: max(1, int(len(data) * cut))]), suffix)


# --- analyzer ---------------------------------------------------------------------------------

WORDS = [
    "said", "says", "told", "according", "to", "the", "minister", "Carter", "NATO", "Pentagon", "Paris",
    "Maria", "Lopez", "he", "she", "they", "on", "Monday", "2016", "percent", "$", "5", "3.2", "million",
    "billion", "euros", "about", "more", "than", "at", "least", "120", "officials", "reported", ",", ".",
    '"', "“", "”", "'", "(", ")", "-", "—", "\n", "\n\n", "U.S.", "Inc.", "Dr.", "Mr.",
]  # fmt: skip

news_like = st.lists(st.sampled_from(WORDS), max_size=60).map(lambda ws: " ".join(ws))
any_text = st.text(max_size=200)

ANALYZER_BUDGET = settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _spans(analysis):
    for e in analysis.entities:
        yield e.text, e.start, e.end
    for c in analysis.canonical:
        for m in c.mentions:
            yield m.text, m.start, m.end
    for q in analysis.quotes:
        yield q.text, q.start, q.end
        for part in (q.speaker, q.cue):
            if part is not None:
                yield part.text, part.start, part.end
    for f in analysis.figures:
        yield f.text, f.start, f.end
    for d in analysis.dates:
        yield d.text, d.start, d.end


@ANALYZER_BUDGET
@given(text=st.one_of(news_like, any_text))
def test_properties_analysis_spans_index_text_and_repeat(nlp, text):
    from reader.nlp.pipeline import analyze_text

    first = analyze_text(text)
    assert first.article.text == text
    for span_text, start, end in _spans(first):
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == span_text
    for start, end in first.sentences:
        assert 0 <= start <= end <= len(text)
    again = analyze_text(text)
    assert json.dumps(again.to_json(), sort_keys=True) == json.dumps(first.to_json(), sort_keys=True)
