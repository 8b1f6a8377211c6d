"""Filter semantics (reader.core.selection.apply) on hand-built analyses: no model, no display."""

from __future__ import annotations

from reader.core.categories import Category
from reader.core.model import Analysis, Article, CanonicalEntity, Entity, Figure, Quote, Span
from reader.core.selection import Selection, apply

TEXT = (
    "Maria Ostrova defended the plan. She said the budget would shrink by 12 percent.\n\n"
    "Daniel Webb was less sure. He said costs rose 30 percent to $1.5 million.\n\n"
    "A spokesperson for Tidewater Utilities said prices would stay flat.\n\n"
    "The region has 45,000 households."
)


def _span(text: str, after: int = 0) -> Span:
    start = TEXT.index(text, after)
    return Span(text, start, start + len(text))


def _sentence(of: Span) -> tuple[int, int]:
    start = max(TEXT.rfind(". ", 0, of.start) + 2, TEXT.rfind("\n", 0, of.start) + 1)
    return start, TEXT.index(".", of.end) + 1


def _figure(text: str) -> Figure:
    s = _span(text)
    lo, hi = _sentence(s)
    return Figure(text, s.start, s.end, 1.0, sentence_start=lo, sentence_end=hi)


def _quote(content: str, speaker: str, speaker_id: str | None, cue: str = "said") -> Quote:
    spk = _span(speaker)
    c = _span(content)
    return Quote(
        content, c.start, c.end, "indirect", speaker=spk, speaker_id=speaker_id, cue=_span(cue, spk.end)
    )


def _analysis() -> Analysis:
    ostrova = _span("Maria Ostrova")
    webb = _span("Daniel Webb")
    tide = _span("Tidewater Utilities")
    spokes = _span("A spokesperson")
    canonical = (
        CanonicalEntity("p-ostrova", "Maria Ostrova", "PERSON", Category.PERSON, (ostrova,)),
        CanonicalEntity("p-webb", "Daniel Webb", "PERSON", Category.PERSON, (webb,)),
        CanonicalEntity("o-tide", "Tidewater Utilities", "ORG", Category.ORGANIZATION, (tide,)),
        CanonicalEntity("s-spokes", "A spokesperson", "", Category.SPEAKER, (spokes,)),
    )
    entities = tuple(
        Entity(m.text, c.label, m.start, m.end, c.category, c.id) for c in canonical for m in c.mentions
    )
    quotes = (
        _quote("the budget would shrink by 12 percent", "She", "p-ostrova"),
        _quote("costs rose 30 percent to $1.5 million", "He", "p-webb"),
        _quote("prices would stay flat", "A spokesperson", "s-spokes"),
    )
    figures = tuple(_figure(t) for t in ("12 percent", "30 percent", "$1.5 million", "45,000 households"))
    return Analysis(Article(TEXT), entities, canonical, quotes, figures)


def _keep(ids: set[str]) -> tuple[list[str], list[str]]:
    view = apply(_analysis(), Selection(frozenset(ids)))
    return [q.text for q in view.quotes], [f.text for f in view.figures]


def test_figures_in_a_speakers_own_sentence_belong_to_the_speaker():
    quotes, figures = _keep({"p-webb"})
    assert quotes == ["costs rose 30 percent to $1.5 million"]
    assert figures == ["30 percent", "$1.5 million"]  # "He said ...": the pronoun resolved to Webb


def test_ctrl_click_is_the_union():
    quotes, figures = _keep({"p-webb", "p-ostrova"})
    assert len(quotes) == 2
    assert figures == ["12 percent", "30 percent", "$1.5 million"]


def test_a_spokesperson_for_an_organisation_speaks_for_it():
    quotes, figures = _keep({"o-tide"})
    assert quotes == ["prices would stay flat"]
    assert figures == []
    # and the quote stays the spokesperson's too
    assert _keep({"s-spokes"})[0] == ["prices would stay flat"]


def test_an_unrelated_figure_is_not_kept():
    for ids in ({"p-webb"}, {"p-ostrova"}, {"o-tide"}):
        assert "45,000 households" not in _keep(ids)[1]


def test_hidden_categories_drop_quotes_and_figures():
    sel = Selection(frozenset({"p-webb"}), frozenset({Category.QUOTE, Category.FIGURE}))
    view = apply(_analysis(), sel)
    assert view.quotes == () and view.figures == ()
    assert [e.text for e in view.entities] == ["Daniel Webb"]


def test_filters_on_a_parsed_article(nlp):
    """The same cases through the real pipeline: pronoun speakers and "a spokesperson for X"."""
    from reader.core.loaders.text import load_bytes
    from reader.nlp.pipeline import analyze

    text = (
        "Harbour Plan Faces Questions\n\n"
        "Maria Ostrova, the mayor, defended the harbour plan on Monday. She said the city would cut "
        "its own budget by 12 percent.\n\n"
        "Daniel Webb, who chairs the council's finance committee, was less sure. He said the cost had "
        "grown by 30 percent since spring and now stood at $1.5 million.\n\n"
        "A spokesperson for Tidewater Utilities said the company would not raise water prices this year.\n\n"
        "The region has 45,000 households.\n"
    )
    analysis = analyze(load_bytes(text.encode(), "harbour.txt"))
    by_name = {c.name: c.id for c in analysis.canonical}
    assert "Harbour Plan Faces Questions\n\nMaria Ostrova" not in {
        q.speaker.text for q in analysis.quotes if q.speaker
    }  # a speaker never runs across a line break
    view = apply(analysis, Selection(frozenset({by_name["Daniel Webb"]})))
    assert [f.text for f in view.figures] == ["30 percent", "$1.5 million"]
    view = apply(analysis, Selection(frozenset({by_name["Tidewater Utilities"]})))
    assert [q.text for q in view.quotes] == ["the company would not raise water prices this year"]
