"""A reader's corrections on hand-built analyses: each kind, where it attaches when the analysis or
the text changes, and the files that carry them."""

from __future__ import annotations

import dataclasses
import json

import pytest

from reader.core import corrections as cx
from reader.core.categories import Category
from reader.core.model import Analysis, Article, Block, CanonicalEntity, Entity, Figure, Quote, Span

TEXT = (
    "Harbour plan\n\n"
    'Mayor Anna Lee said the barrier would cost $48 million. "We will build it," Lee said.\n\n'
    "Tom Reyes, who leads the Harbour Trust, said the plan was rushed. The trust raised 12 objections."
)


def _span(text: str, words: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Span(words, start, start + len(words))


def _analysis(text: str = TEXT) -> Analysis:
    lee = [_span(text, "Anna Lee"), _span(text, "Lee", 1)]
    reyes = [_span(text, "Tom Reyes")]
    trust = [_span(text, "Harbour Trust")]
    canonical = (
        CanonicalEntity("e1", "Anna Lee", "PERSON", Category.PERSON, tuple(lee)),
        CanonicalEntity("e2", "Tom Reyes", "PERSON", Category.PERSON, tuple(reyes)),
        CanonicalEntity("e3", "Harbour Trust", "ORG", Category.ORGANIZATION, tuple(trust)),
    )
    entities = tuple(
        Entity(m.text, c.label, m.start, m.end, c.category, c.id) for c in canonical for m in c.mentions
    )
    q1 = _span(text, "the barrier would cost $48 million")
    q2 = _span(text, '"We will build it,"')
    q3 = _span(text, "the plan was rushed")
    quotes = (
        Quote(q1.text, q1.start, q1.end, "indirect", lee[0], "Anna Lee", _span(text, "said"), "e1"),
        Quote(q2.text, q2.start, q2.end, "direct", lee[1], "Anna Lee", _span(text, "said", 1), "e1"),
        # the machine's mistake: Tom Reyes's words given to the trust
        Quote(q3.text, q3.start, q3.end, "indirect", trust[0], "Harbour Trust", _span(text, "said", 2), "e3"),
    )
    money, objections = _span(text, "$48 million"), _span(text, "12 objections")
    figures = (
        Figure(money.text, money.start, money.end, 48e6, unit="USD", of="the barrier"),
        Figure(objections.text, objections.start, objections.end, 12, of=None),
    )
    p2 = text.index("Tom")
    blocks = (Block("heading", 0, 12, 1), Block("paragraph", 14, p2 - 2), Block("paragraph", p2, len(text)))
    return Analysis(Article(text, "Harbour plan", blocks), entities, canonical, quotes, figures)


def _quote(analysis: Analysis, words: str) -> Quote:
    return next(q for q in analysis.quotes if words in q.text)


def test_a_speaker_changed_takes_the_entity_and_its_nearest_mention():
    a = _analysis()
    wrong = _quote(a, "rushed")
    done = cx.apply(a, [cx.change_speaker(a, wrong, "Tom Reyes")])
    q = _quote(done.analysis, "rushed")
    assert (q.speaker_name, q.speaker_id, q.speaker.text) == ("Tom Reyes", "e2", "Tom Reyes")
    assert q.corrected and json.loads(q.original)["speaker_name"] == "Harbour Trust"
    assert not _quote(done.analysis, "barrier").corrected  # the others untouched
    # a name the article does not have: kept as typed, no entity, no span
    typed = cx.apply(a, [cx.change_speaker(a, wrong, "  Jo   Park ")]).analysis
    q = _quote(typed, "rushed")
    assert (q.speaker_name, q.speaker_id, q.speaker) == ("Jo Park", None, None)


def test_the_speaker_category_follows_the_corrected_speakers():
    """A quote given to another entity makes it a speaker; the one no quote is by any longer is
    what its label says (the Harbour Trust: an organization again)."""
    a = dataclasses.replace(
        _analysis(),
        canonical=tuple(
            dataclasses.replace(c, category=Category.SPEAKER) if c.id in ("e1", "e3") else c
            for c in _analysis().canonical
        ),
    )
    done = cx.apply(a, [cx.change_speaker(a, _quote(a, "rushed"), "Tom Reyes")]).analysis
    assert {c.id: c.category for c in done.canonical} == {
        "e1": Category.SPEAKER, "e2": Category.SPEAKER, "e3": Category.ORGANIZATION
    }  # fmt: skip
    assert {e.category for e in done.entities if e.entity_id == "e2"} == {Category.SPEAKER}


def test_not_a_quote_leaves_the_analysis_and_is_said():
    a = _analysis()
    done = cx.apply(a, [cx.not_a_quote(a, _quote(a, "barrier"))])
    assert [q.text for q in done.analysis.quotes] == ['"We will build it,"', "the plan was rushed"]
    assert [q.text for q in done.removed_quotes] == ["the barrier would cost $48 million"]


def test_a_quote_span_fixed_from_a_selection():
    a = _analysis()
    start = TEXT.index("the plan")
    end = TEXT.index("The trust") - 1  # the selection takes the full stop and a space: trimmed
    done = cx.apply(a, [cx.fix_span(a, _quote(a, "rushed"), start, end + 1)])
    q = _quote(done.analysis, "rushed")
    assert q.text == "the plan was rushed." and (q.start, q.end) == (start, end)
    assert json.loads(q.original)["text"] == "the plan was rushed"


def test_a_missed_quote_added_with_its_speaker():
    a = _analysis()
    start = TEXT.index("The trust raised")
    end = len(TEXT)
    done = cx.apply(a, [cx.add_quote(a, start, end, "Harbour Trust")])
    q = _quote(done.analysis, "objections")
    assert (q.kind, q.speaker_name, q.speaker_id, q.speaker.text) == (
        "indirect",
        "Harbour Trust",
        "e3",
        "Harbour Trust",
    )
    assert q.corrected and json.loads(q.original) == {}
    assert [x.start for x in done.analysis.quotes] == sorted(x.start for x in done.analysis.quotes)
    direct = cx.add_quote(a, TEXT.index('"We'), TEXT.index('," Lee') + 2, None)
    assert direct.value["kind"] == "direct" and direct.value["name"] is None


def test_quote_kinds_of_marked_words():
    assert cx.quote_kind("“We will,”") == "direct"
    assert cx.quote_kind('called it "a disaster" again') == "mixed"
    assert cx.quote_kind("the plan was rushed") == "indirect"
    assert cx.quote_kind("the union's plan") == "indirect"  # an apostrophe is no quotation mark


def test_an_entity_type_changed_everywhere_it_is_mentioned():
    a = _analysis()
    trust = a.entity("e3")
    done = cx.apply(a, [cx.change_entity_type(a, trust, "person")])
    ent = done.analysis.entity("e3")
    # a person now, and (quoted) shown as a speaker, as the analysis shows quoted entities
    assert (ent.label, ent.category, ent.corrected) == ("PERSON", Category.SPEAKER, True)
    assert json.loads(ent.original)["label"] == "ORG"
    assert {e.label for e in done.analysis.entities if e.entity_id == "e3"} == {"PERSON"}
    gone = cx.apply(a, [cx.change_entity_type(a, trust, "none")]).analysis
    assert gone.entity("e3") is None and all(e.entity_id != "e3" for e in gone.entities)
    q = _quote(gone, "rushed")
    assert q.speaker_id is None and q.corrected  # its speaker is no entity any more


def test_two_entities_merged_take_one_name_and_the_quotes():
    a = _analysis()
    done = cx.apply(a, [cx.merge_entities(a, a.entity("e3"), a.entity("e2"))])
    assert done.analysis.entity("e3") is None
    reyes = done.analysis.entity("e2")
    assert {m.text for m in reyes.mentions} == {"Tom Reyes", "Harbour Trust"} and reyes.corrected
    q = _quote(done.analysis, "rushed")
    assert (q.speaker_id, q.speaker_name, q.corrected) == ("e2", "Tom Reyes", True)


def test_figures_removed_or_told_what_they_measure():
    a = _analysis()
    money, objections = a.figures
    done = cx.apply(a, [cx.not_a_figure(a, money), cx.figure_of(a, objections, " objections  to the plan ")])
    assert [f.text for f in done.analysis.figures] == ["12 objections"]
    f = done.analysis.figures[0]
    assert (f.of, f.corrected, json.loads(f.original)) == ("objections to the plan", True, {"of": None})
    assert [f.text for f in done.removed_figures] == ["$48 million"]


def test_a_later_correction_of_the_same_quote_wins_and_keeps_the_first_original():
    a = _analysis()
    q = _quote(a, "rushed")
    done = cx.apply(a, [cx.change_speaker(a, q, "Tom Reyes"), cx.change_speaker(a, q, "Anna Lee")])
    again = _quote(done.analysis, "rushed")
    assert again.speaker_name == "Anna Lee" and json.loads(again.original)["speaker_name"] == "Harbour Trust"


def test_corrections_reattach_to_another_models_analysis():
    """A newer model finds the quote with a slightly different span and no speaker: the
    correction finds it by its words and still applies. One that misses a quote a person gave a
    speaker gets it back; "not a quote" holds where no quote is; a figure no longer found cannot
    be told what it measures: that one is reported, not guessed."""
    a = _analysis()
    made = [
        cx.change_speaker(a, _quote(a, "rushed"), "Tom Reyes"),
        cx.not_a_quote(a, _quote(a, "barrier")),
        cx.change_speaker(
            a, _quote(a, "build"), "Anna Lee", (TEXT.index("Lee said"), TEXT.index("Lee said") + 3)
        ),
        cx.figure_of(a, a.figures[1], "objections"),
    ]
    q3 = _quote(a, "rushed")
    other = dataclasses.replace(
        a,
        quotes=(
            dataclasses.replace(q3, text=q3.text + ".", end=q3.end + 1, speaker=None, speaker_name=None),
        ),
        figures=a.figures[:1],
    )
    done = cx.apply(other, made)
    assert [c.kind for c in done.attached] == ["speaker", "not_quote", "speaker"]
    assert [c.kind for c in done.orphaned] == ["figure_of"]
    assert _quote(done.analysis, "rushed").speaker_name == "Tom Reyes"
    back = _quote(done.analysis, "build")
    assert (back.text, back.kind, back.speaker.text, back.speaker_id) == (
        '"We will build it,"',
        "direct",
        "Lee",
        "e1",
    )
    assert back.corrected and json.loads(back.original) == {}
    assert not any("barrier" in q.text for q in done.analysis.quotes)


def test_a_fixed_span_brings_back_the_quote_with_the_speaker_the_person_saw():
    a = _analysis()
    q = _quote(a, "barrier")
    start = TEXT.index("the barrier")
    fix = cx.fix_span(a, q, start, TEXT.index("million") + len("million"))
    missed = cx.apply(dataclasses.replace(a, quotes=a.quotes[1:]), [fix])
    back = _quote(missed.analysis, "barrier")
    assert (back.text, back.speaker.text, back.speaker_name) == (
        "the barrier would cost $48 million",
        "Anna Lee",
        "Anna Lee",
    )


def test_corrections_reattach_when_the_text_moves_and_are_flagged_when_it_changes():
    a = _analysis()
    made = [
        cx.change_speaker(a, _quote(a, "rushed"), "Tom Reyes"),
        cx.figure_of(a, a.figures[1], "objections"),
    ]
    moved_text = TEXT.replace("Harbour plan\n\n", "Harbour plan\n\nUpdated on Monday.\n\n", 1)
    moved = cx.apply(_analysis(moved_text), made)
    assert len(moved.attached) == 2 and not moved.orphaned
    q = _quote(moved.analysis, "rushed")
    assert moved_text[q.start : q.end] == "the plan was rushed" and q.speaker_name == "Tom Reyes"
    assert moved.analysis.figures[1].of == "objections"
    changed_text = moved_text.replace("the plan was rushed", "the plan was sound").replace(
        "12 objections", "2 objections"
    )
    changed = cx.apply(_analysis_without_quote3(changed_text), made)
    assert not changed.attached and len(changed.orphaned) == 2


def _analysis_without_quote3(text: str) -> Analysis:
    a = _analysis(text.replace("sound", "rushed").replace("2 objections", "12 objections"))
    # the same analysis laid on the changed text: words at the old places no longer agree
    return dataclasses.replace(
        a, article=dataclasses.replace(a.article, text=text), quotes=a.quotes[:2], figures=a.figures[:1]
    )


def test_short_words_need_their_context_long_ones_do_not():
    """ "5%" from one text is not "5%" of another; a quote's words are found by themselves."""
    text = "Prices rose 5% in May, the agency said on Friday in its report."
    anchor = cx.Anchor.of(text, text.index("5%"), text.index("5%") + 2)
    assert anchor.locate(text) == (12, 14)
    assert anchor.locate("Unemployment fell to 5% last year, officials said.") is None
    assert anchor.locate("Note. " + text) == (18, 20)  # moved, its context with it
    quote = "the barrier would cost far more than planned"
    long_anchor = cx.Anchor.of("Lee said " + quote + ".", 9, 9 + len(quote))
    assert long_anchor.locate("Yesterday the mayor said " + quote + " again") is not None


def test_a_second_correction_keeps_the_machines_values_as_the_original():
    """Made on what the window shows (already corrected), a correction still records what the
    machine said; on a quote a person added, the machine said nothing."""
    a = _analysis()
    first = cx.change_speaker(a, _quote(a, "rushed"), "Tom Reyes")
    shown = cx.apply(a, [first]).analysis
    second = cx.change_speaker(shown, _quote(shown, "rushed"), "Anna Lee")
    assert second.original["speaker_name"] == "Harbour Trust"
    added = cx.add_quote(shown, TEXT.index("The trust"), len(TEXT), "Harbour Trust")
    shown = cx.apply(a, [first, added]).analysis
    assert cx.not_a_quote(shown, _quote(shown, "objections")).original == {}
    fig = cx.apply(a, [cx.figure_of(a, a.figures[1], "objections")]).analysis.figures[1]
    assert cx.figure_of(a, fig, "complaints").original == {"of": None}


def test_a_selection_of_no_words_is_refused():
    a = _analysis()
    gap = TEXT.index("\n\nTom")
    with pytest.raises(ValueError, match="no words"):
        cx.add_quote(a, gap, gap + 2, "Tom Reyes")
    with pytest.raises(ValueError, match="no words"):
        cx.fix_span(a, _quote(a, "rushed"), gap, gap + 1)


def test_an_anchor_picks_the_place_whose_context_agrees():
    text = "said no. Lee said no. Then Ray said no."
    anchor = cx.Anchor.of(text, text.index("Ray said") + 4, text.index("Ray said") + 12)
    shifted = "Earlier: " + text
    assert (
        shifted[slice(*anchor.locate(shifted))] == "said no."
        and anchor.locate(shifted)[0] == shifted.index("Ray") + 4
    )
    assert cx.Anchor.of(text, 0, 4).locate("nothing here") is None


def test_corrections_files_round_trip_and_refuse_hostile_lines():
    a = _analysis()
    made = [
        cx.change_speaker(a, _quote(a, "rushed"), "Tom Reyes"),
        cx.add_quote(a, TEXT.index("The trust"), len(TEXT), "Harbour Trust"),
        cx.change_entity_type(a, a.entity("e3"), "person"),
    ]
    h = cx.text_hash(TEXT)
    text = cx.dumps([(h, "/news/harbour.txt", c) for c in made])
    back = cx.loads(text)
    assert [(x[0], x[1], x[2]) for x in back] == [(h, "/news/harbour.txt", c) for c in made]
    good = json.loads(text.splitlines()[0])
    hostile = [
        "not json",
        json.dumps({**good, "format": "other/1"}),
        json.dumps({**good, "text_hash": "abc"}),
        json.dumps({**good, "correction": {**good["correction"], "kind": "delete_everything"}}),
        json.dumps({**good, "correction": {**good["correction"], "value": {"name": "x" * 500}}}),
        json.dumps({**good, "correction": {**good["correction"], "value": {"name": {"nested": 1}}}}),
        json.dumps(
            {**good, "correction": {**good["correction"], "target": {"exact": "ab", "start": 5, "end": 99}}}
        ),
        json.dumps({**good, "correction": {**good["correction"], "target": "here"}}),
        json.dumps({**good, "correction": {**good["correction"], "value": {}}}),
        json.dumps({**good, "correction": {**good["correction"], "value": {"name": 5}}}),
        json.dumps({**good, "correction": {**good["correction"], "kind": "figure_of", "value": {"of": 5}}}),
        json.dumps(
            {
                **good,
                "correction": {**good["correction"], "target": {**good["correction"]["target"], "start": -3}},
            }
        ),
        "[" * 100000,
    ]
    for line in hostile:
        with pytest.raises(ValueError, match=r"^line 2: "):
            cx.loads(text.splitlines()[0] + "\n" + line + "\n")


def _corrected() -> Analysis:
    a = _analysis()
    made = [
        cx.change_speaker(a, _quote(a, "rushed"), "Tom Reyes"),
        cx.not_a_quote(a, _quote(a, "barrier")),
        cx.figure_of(a, a.figures[1], "objections to the plan"),
        # made on another text: its words are not in this one, so it cannot be re-attached
        cx.Correction("figure_of", cx.Anchor("17 delays", "", "", 0, 9), {"of": "delays"}),
    ]
    return cx.apply(a, made).analysis


def test_every_text_export_marks_the_corrections(tmp_path):
    import csv

    from reader.report.export import ExportOptions, render_text, write_export

    a = _corrected()
    data = json.loads(render_text(a, "json", ExportOptions()))
    q = next(q for q in data["quotes"] if "rushed" in q["text"])
    assert q["corrected"] is True and q["original"]["speaker_name"] == "Harbour Trust"
    assert [n["title"] for n in data["corrections"]] == [
        "speaker changed", "not a quote", "what it measures fixed", "what it measures fixed"
    ]  # fmt: skip
    assert [n["attached"] for n in data["corrections"]] == [True, True, True, False]
    assert data["corrections"][1]["original"]["text"] == "the barrier would cost $48 million"
    out = tmp_path / "a.csv"
    write_export(a, str(out), ExportOptions())
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    quote = next(r for r in rows if "rushed" in r["text"])
    assert quote["corrected"] == "yes" and json.loads(quote["original"])["speaker_name"] == "Harbour Trust"
    figure = next(r for r in rows if r["text"] == "12 objections")
    assert (figure["of"], figure["corrected"], figure["original"]) == (
        "objections to the plan",
        "yes",
        '{"of": null}',
    )
    assert next(r for r in rows if "build" in r["text"])["corrected"] == ""
    for fmt in ("md", "html"):
        text = render_text(a, fmt, ExportOptions())
        assert "3 corrections by a reader" in text, fmt
        assert "1 could not be re-attached" in text, fmt
        assert "corrected" in text.split("Tom Reyes", 2)[-1][:200], fmt  # the quote's line marked
        assert "objections to the plan (corrected)" in text, fmt  # and the figure's


def test_the_pdf_says_what_a_reader_corrected(tmp_path):
    import pypdf

    from reader.report.export import ExportOptions
    from reader.ui.pdf import export_pdf

    out = tmp_path / "corrected.pdf"
    export_pdf(_corrected(), str(out), ExportOptions())
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages)
    assert "Corrected: 3 corrections by a reader" in text
    assert "indirect · said · corrected" in text


def test_an_added_quote_takes_the_place_of_a_models_overlapping_one():
    """The words once: a model's quote over most of the added words becomes the added one; a quote
    the person already corrected stays beside it (two attributions may overlap)."""
    a = _analysis()
    start = TEXT.index("said the plan")
    done = cx.apply(a, [cx.add_quote(a, start, TEXT.index("The trust") - 1, "Tom Reyes")]).analysis
    assert [q.text for q in done.quotes if "rushed" in q.text] == ["said the plan was rushed."]
    vouched = cx.change_speaker(a, _quote(a, "rushed"), "Tom Reyes")
    added = cx.add_quote(a, start, TEXT.index("The trust") - 1, "Anna Lee")
    both = cx.apply(a, [vouched, added]).analysis
    assert sorted(q.text for q in both.quotes if "rushed" in q.text) == [
        "said the plan was rushed.",
        "the plan was rushed",
    ]


def test_an_entity_renamed_gives_its_quotes_the_name():
    """ "Mayor Anna Lee" as a name, say: renamed, the entity and every quote by it say the name."""
    a = _analysis()
    done = cx.apply(a, [cx.rename_entity(a, a.entity("e1"), "  Anna   Lee-Park ")]).analysis
    ent = done.entity("e1")
    assert (ent.name, ent.corrected, json.loads(ent.original)["name"]) == ("Anna Lee-Park", True, "Anna Lee")
    assert {q.speaker_name for q in done.quotes if q.speaker_id == "e1"} == {"Anna Lee-Park"}
    assert all(q.corrected for q in done.quotes if q.speaker_id == "e1")
    with pytest.raises(ValueError, match="empty"):
        cx.rename_entity(a, a.entity("e1"), "   ")
