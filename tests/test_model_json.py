"""``Analysis.from_json(a.to_json()) == a``: how an analysis crosses the worker process's boundary
and comes back from the library, checked on every field."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from reader.core.categories import Category
from reader.core.loaders import load
from reader.core.model import (
    Analysis,
    Article,
    Block,
    CanonicalEntity,
    CorrectionNote,
    DateMention,
    Entity,
    Figure,
    Quote,
    Span,
)
from reader.nlp.pipeline import analyze

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "sample_article.txt"


def _through_json(analysis: Analysis) -> Analysis:
    return Analysis.from_json(json.loads(json.dumps(analysis.to_json())))


def _every_field_set() -> Analysis:
    """An analysis whose every field differs from its default, so a field that does not travel
    shows as a difference."""
    text = "Héadline\n\nShe said “it rose 6% to $5 a month” on Monday, twice."
    article = Article(
        text=text,
        title="Héadline",
        blocks=(Block("heading", 0, 8, 1), Block("paragraph", 10, len(text))),
        source="/tmp/x.html",
        format="html",
        author="A. Writer",
        date="2026-12-07",
        publisher="The Paper",
        url="https://example.org/a",
        encoding="utf-8",
        warning="only 12 words of text found in the page",
    )
    quote = Quote(
        text=text[19:45],
        start=19,
        end=45,
        kind="direct",
        speaker=Span("She", 10, 13),
        speaker_name="Ann Lee",
        cue=Span("said", 14, 18),
        speaker_id="e1",
        parts=((20, 30), (31, 44)),
        content_type="phrase",
        corrected=True,
        original='{"speaker_name": "Bob Lee", "start": 19}',
    )
    figure = Figure(
        text="6%",
        start=28,
        end=30,
        value=6.5,
        unit="%",
        qualifier="more than",
        qualifier_text="over",
        value_high=7.25,
        unit_kind="percent",
        equivalent_of=1,
        sentence_start=10,
        sentence_end=len(text),
        per="month",
        change="rise",
        of="it",
        of_start=20,
        of_end=22,
        corrected=True,
        original='{"of": "the rent"}',
    )
    return Analysis(
        article=article,
        entities=(Entity("She", "PERSON", 10, 13, Category.SPEAKER, "e1"),),
        canonical=(
            CanonicalEntity(
                "e1",
                "Ann Lee",
                "PERSON",
                Category.SPEAKER,
                (Span("She", 10, 13),),
                "f",
                True,
                '{"label": "ORG"}',
            ),
        ),
        quotes=(quote,),
        figures=(figure, Figure("$5", 34, 36, 5.0)),
        dates=(DateMention("Monday", 50, 56),),
        sentences=((0, 8), (10, len(text))),
        corrections=(CorrectionNote("speaker", "speaker changed", "said", False, '{"speaker_name": "Bob"}'),),
    )


def _differing_defaults(obj) -> set[str]:
    fields = dataclasses.fields(obj)
    return {
        f.name
        for f in fields
        if getattr(obj, f.name) == (f.default if f.default is not dataclasses.MISSING else None)
    }


def test_every_field_differs_from_its_default_in_the_probe():
    probe = _every_field_set()
    assert _differing_defaults(probe) == set()
    assert _differing_defaults(probe.article) == set()
    assert _differing_defaults(probe.quotes[0]) == set()
    assert _differing_defaults(probe.figures[0]) == set()
    assert _differing_defaults(probe.canonical[0]) == set()
    assert _differing_defaults(probe.corrections[0]) == set()


def test_every_field_survives_json():
    probe = _every_field_set()
    again = _through_json(probe)
    assert again == probe
    assert isinstance(again.figures[1].value, float)
    assert again.entities[0].category is Category.SPEAKER


def test_seed_round_trip(seed_analysis):
    assert _through_json(seed_analysis) == seed_analysis
    assert seed_analysis.sentences and seed_analysis.quotes and seed_analysis.figures


@pytest.mark.parametrize("path", [SAMPLE], ids=["sample"])
def test_sample_round_trip(path):
    analysis = analyze(load(str(path)))
    assert analysis.quotes and analysis.canonical
    assert _through_json(analysis) == analysis
