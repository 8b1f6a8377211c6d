"""Long texts analysed in pieces (memory bounded by one piece) and the pieces joined."""

from __future__ import annotations

import itertools

import pytest

from reader.core.categories import Category
from reader.core.errors import TextTooLongError
from reader.core.loaders import load
from reader.core.model import Analysis, Article, CanonicalEntity, DateMention, Entity, Figure, Quote, Span
from reader.core.paths import sample_article
from reader.core.pieces import join_pieces
from reader.nlp import pipeline


def _piece(text: str, speaker: bool) -> Analysis:
    """A hand-made analysis of one piece: "Ann Lee" said something with a figure in it."""
    cat = Category.SPEAKER if speaker else Category.PERSON
    ann = CanonicalEntity("person-ann-lee", "Ann Lee", "PERSON", cat, (Span("Ann Lee", 0, 7),), "f")
    return Analysis(
        article=Article(text=text),
        entities=(Entity("Ann Lee", "PERSON", 0, 7, cat, "person-ann-lee"),),
        canonical=(ann,),
        quotes=(
            (
                Quote(
                    "up 6%", 13, 18, "indirect", Span("Ann Lee", 0, 7), "Ann Lee", Span("said", 8, 12), ann.id
                ),
            )
            if speaker
            else ()
        ),
        figures=(Figure("6%", 16, 18, 6.0, "%", sentence_end=19), Figure("5", 20, 21, 5.0, equivalent_of=0)),
        dates=(DateMention("May", 22, 25),),
        sentences=((0, 19), (20, 25)),
    )


def test_join_moves_offsets_and_makes_shared_entities_one():
    one = "Ann Lee said up 6%. 5 May"
    text = one + "\n\n" + one
    d = len(one) + 2
    joined = join_pieces(Article(text=text), [(0, _piece(one, True)), (d, _piece(one, False))])
    assert [c.id for c in joined.canonical] == ["person-ann-lee"]
    ann = joined.canonical[0]
    assert ann.category is Category.SPEAKER
    assert [(m.start, m.end) for m in ann.mentions] == [(0, 7), (d, d + 7)]
    # a speaker in one piece is one everywhere: its later mention is highlighted as a speaker
    assert [e.category for e in joined.entities] == [Category.SPEAKER, Category.SPEAKER]
    assert [e.entity_id for e in joined.entities] == ["person-ann-lee"] * 2
    for item in (*joined.entities, *joined.figures, *joined.dates, *joined.quotes):
        assert text[item.start : item.end] == item.text
    assert [f.equivalent_of for f in joined.figures] == [None, 0, None, 2]
    assert joined.figures[2].sentence_end == d + 19
    assert joined.sentences == ((0, 19), (20, 25), (d, d + 19), (d + 20, d + 25))


def test_join_keeps_different_people_apart():
    a = _piece("Ann Lee said up 6%. 5 May", True)
    b = Analysis(
        article=Article(text="Bob Lee"),
        entities=(Entity("Bob Lee", "PERSON", 0, 7, Category.PERSON, "person-ann-lee"),),  # a clashing id
        canonical=(
            CanonicalEntity("person-ann-lee", "Bob Lee", "PERSON", Category.PERSON, (Span("Bob Lee", 0, 7),)),
        ),
    )
    joined = join_pieces(Article(text="Ann Lee said up 6%. 5 May\nBob Lee"), [(0, a), (26, b)])
    assert [(c.id, c.name) for c in joined.canonical] == [
        ("person-ann-lee", "Ann Lee"),
        ("person-ann-lee-2", "Bob Lee"),
    ]
    assert joined.entities[-1].entity_id == "person-ann-lee-2"


def test_pieces_are_contiguous_and_cut_outside_quotations():
    para = "Plain words here and there. " * 20
    quoted = "“This quotation runs on " + "and on " * 30 + "\n\n“to a second paragraph,” she said."
    text = "\n\n".join([para, quoted, para, quoted, para] * 6)
    pieces = list(pipeline.iter_pieces(text, 2_000))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
    assert len(pieces) > 3
    for _start, end in pieces[:-1]:
        before = text[:end].rstrip("\n")
        assert not before.endswith("and on ")  # never inside the two-paragraph quotation


def test_long_text_in_pieces_finds_what_each_piece_alone_finds(monkeypatch):
    one = load(str(sample_article())).text
    text = one + "\n\n" + one
    whole = pipeline.analyze(Article(text=one))
    monkeypatch.setattr(pipeline, "PIECE_CHARS", len(one) + 10)
    assert [p for p in pipeline.iter_pieces(text)] == [(0, len(one) + 2), (len(one) + 2, len(text))]
    joined = pipeline.analyze(Article(text=text))
    d = len(one) + 2
    first = [(q.start, q.end, q.speaker_name) for q in whole.quotes]
    assert [(q.start, q.end, q.speaker_name) for q in joined.quotes] == first + [
        (s + d, e + d, n) for s, e, n in first
    ]
    assert len(joined.canonical) == len(whole.canonical)  # each entity once, with twice the mentions
    assert sum(c.count for c in joined.canonical) == 2 * sum(c.count for c in whole.canonical)
    ids = {c.id for c in joined.canonical}
    assert all(q.speaker_id in ids for q in joined.quotes if q.speaker_id)
    for item in (*joined.entities, *joined.figures, *joined.quotes):
        assert text[item.start : item.end] == item.text


def test_too_long_text_is_refused_with_one_line(monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_ANALYSED_CHARS", 1_000)
    with pytest.raises(TextTooLongError) as err:
        pipeline.analyze(Article(text="word " * 300, source="big.txt"))
    assert str(err.value) == "big.txt: too much text to analyse: 1,500 characters (the limit is 1,000) [E022]"
