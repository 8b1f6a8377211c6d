"""The learned attribution model: the shipped file, its version check, its tree evaluator, a
training run on a tiny slice of the corpus, and what a reader sees on the cases it must get right."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest
from _docs import build
from conftest import POLNEAR

from reader.core.errors import AttributionModelError
from reader.nlp.quotes import candidates as C
from reader.nlp.quotes import decision as D
from reader.nlp.quotes import features as F
from reader.nlp.quotes import model as M
from reader.nlp.quotes import trees as TR
from reader.nlp.quotes.context import Context
from reader.nlp.quotes.spans import Candidate


def test_shipped_model_loads_with_this_version():
    m = M.load()
    assert 0.0 < m.threshold < 1.0
    assert len(m.trees.roots) > 10 and len(m.speaker_trees.roots) > 10
    assert M.MODEL_PATH.stat().st_size < 25_000_000
    assert m.stats.cue["say"][1] > 100  # "say" is a cue hundreds of times in the corpus


def test_both_models_read_the_cue_families_of_the_lexicon():
    from reader.nlp.quotes import lexicon
    from reader.nlp.quotes import tagger as T

    names = [name for name, _ in lexicon.CUE_FAMILIES]
    assert [f.removeprefix("lex_") for f in F.FEATURES if f.startswith("lex_")] == names[:-1]
    assert names[-1] == "according"  # a frame of its own for the trees, a family for the tagger
    assert (T._family("say"), T._family("contend"), T._family("according")) == ("say", "claim", "according")
    assert T._family("table") == ""
    assert F.TAG_FEATURES == 7


def test_a_model_of_another_version_is_refused(tmp_path):
    with gzip.open(M.MODEL_PATH, "rt", encoding="utf-8") as f:
        data = json.load(f)
    data["version"] = M.MODEL_VERSION + 1
    path = tmp_path / "old.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump(data, f)
    with pytest.raises(AttributionModelError) as err:
        M.load(path)
    assert err.value.code == "E021" and "version" in str(err.value)
    data["version"] = M.MODEL_VERSION
    data["features"] = data["features"][:-1]  # a feature missing: also another version
    with pytest.raises(AttributionModelError):
        M.AttributionModel.from_json(data)


def test_a_missing_model_file_is_one_clear_error(tmp_path):
    with pytest.raises(AttributionModelError) as err:
        M.load(tmp_path / "none.json.gz")
    assert "none.json.gz" in str(err.value) and "\n" not in str(err.value)


def test_tree_evaluator_gives_lightgbm_probabilities():
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 4)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(float)
    booster = lgb.train(
        {"objective": "binary", "verbose": -1, "use_missing": False, "num_leaves": 7, "seed": 1},
        lgb.Dataset(x, y),
        30,
    )
    trees = TR.Trees(TR.Trees.from_lightgbm(booster.dump_model()))
    assert np.allclose(trees.predict(x), booster.predict(x), atol=1e-9)


def test_training_on_a_tiny_slice_builds_a_loadable_model(tmp_path):
    pytest.importorskip("lightgbm")
    from reader.nlp.quotes import training
    from reader.nlp.quotes.context import Context

    tagger_path = tmp_path / "tiny_tagger.npz"
    data = training.build(POLNEAR, limit=6, log=lambda *_: None, tagger_out=tagger_path)
    path = tmp_path / "tiny.json.gz"
    training.save(data, path)
    model = M.load(path, tagger_path)
    assert model.tagger is not None
    dev = []
    for r, d, g in training.parse_split(POLNEAR, "dev", None, 3):
        ctx = Context(d)
        dev.append(training._article(r, d, g, ctx, model.tagger.tag(ctx)))
    assert any(a.marg is not None and a.marg[:, 1:].sum() > 0 for a in dev)  # the tagger finds something
    scores = training.evaluate(dev, model)
    assert 0.0 < scores["F1"] <= 1.0  # six articles already teach it something
    # the model file says how it was made, and which steps cross-validation kept
    assert set(data["steps"]) == set(D.Steps.__dataclass_fields__)
    made = data["provenance"]
    assert made["command"].startswith("python -m reader.nlp.quotes.training")
    assert len(made["train_sha256"]) == 64 and made["libraries"]["spacy"].startswith("3.")
    assert json.loads(model.tagger.provenance)["train_sha256"] == made["train_sha256"]


# --- what a reader sees (the whole pipeline, with the model) -----------------------------------


def _quotes(text):
    from reader.nlp.pipeline import analyze_text

    return analyze_text(text).quotes


def test_a_quoted_title_before_a_role_noun_is_no_quote_and_no_part_of_the_speaker():
    quotes = _quotes("“Parasite” director Bong Joon Ho said the award was a surprise to everyone.")
    assert [q.text for q in quotes] == ["the award was a surprise to everyone"]
    assert "Parasite" not in quotes[0].speaker.text
    assert quotes[0].speaker_name == "Bong Joon Ho"


def test_noun_phrase_objects_are_phrases_shown_with_their_cue():
    for text, content, cue in (
        ("The mayor rejected that criticism on Tuesday.", "that criticism", "rejected"),
        ("The council questioned the cost estimate.", "the cost estimate", "questioned"),
    ):
        (q,) = _quotes(text)
        assert (q.text, q.cue.text, q.content_type) == (content, cue, "phrase")
        assert q.to_json()["content_type"] == "phrase"
    (q,) = _quotes("Officials said the plan would fail.")
    assert q.content_type == "clause"


def test_quoted_terms_go_to_the_subject_of_their_sentence():
    text = (
        "“We will not give in,” the minister said on Monday.\n\n"
        'He did this by agreeing so-called "Schutzverträge," or "protection contracts," with the firms.'
    )
    quotes = _quotes(text)
    # the terms are not the minister's: no quote of his runs into them; where they are a quote,
    # it is the sentence's subject's
    minister = [q for q in quotes if q.speaker is not None and q.speaker.text == "the minister"]
    assert minister and all("Schutzverträge" not in q.text for q in minister)
    terms = [q for q in quotes if "Schutzverträge" in q.text]
    assert all(q.speaker is not None and q.speaker.text == "He" for q in terms)


def test_never_the_same_words_twice(seed_analysis):
    for quotes in (seed_analysis.quotes, _quotes("Data showing a rise in crime were published, he said.")):
        spans = sorted((q.start, q.end) for q in quotes)
        assert len(spans) == len(set(spans))
        # two quotes share words only when one is nested in the other's content
        for a in quotes:
            for b in quotes:
                if a is not b and a.start < b.end and b.start < a.end:
                    assert (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _trimmed(
    spec: str, outer_cue: int, outer_span: tuple[int, int], inner_cue: int, inner_span: tuple[int, int]
):
    """The contents after :func:`D.trim_coordinated` of two quotes of a hand-built sentence."""
    doc = build(spec)

    def cand(cue: int, lo: int, hi: int) -> Candidate:
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        return Candidate(start, end, (cue, cue + 1), doc[cue], None, "clause")

    kept = [cand(outer_cue, *outer_span), cand(inner_cue, *inner_span)]
    return [doc.text[c.start : c.end] for c in D.trim_coordinated(Context(doc), kept)]


def test_a_content_loses_the_attribution_coordinated_to_it():
    spec = """
        Brandt    NNP nsubj 1
        said/say  VBD ROOT  -
        the       DT  det   3
        plan      NN  nsubj 5
        would     MD  aux   5
        fail      VB  ccomp 1
        ,         ,   punct 5
        and       CC  cc    5
        critics/critic NNS nsubj 9
        questioned/question VBD conj 5
        the       DT  det   11
        cost      NN  dobj  9
        .         .   punct 1
        """
    assert _trimmed(spec, 1, (2, 12), 9, (10, 12)) == ["the plan would fail", "the cost"]


def test_a_content_cut_after_a_comma_inside_its_closing_mark():
    spec = """
        Brandt    NNP nsubj 1
        said/say  VBD ROOT  -
        the       DT  det   3
        plan      NN  nsubj 6
        would     MD  aux   6
        “         ``  punct 6
        fail      VB  ccomp 1
        ,         ,   punct 6
        ”         ''  punct 6
        and       CC  cc    6
        critics/critic NNS nsubj 11
        questioned/question VBD conj 6
        the       DT  det   13
        cost      NN  dobj  11
        .         .   punct 1
        """
    assert _trimmed(spec, 1, (2, 14), 11, (12, 14)) == ["the plan would “fail,”", "the cost"]


def test_a_content_loses_a_clause_coordinated_to_its_own_cue():
    spec = """
        Members/member NNS nsubj 1
        questioned/question VBD ROOT -
        the       DT  det   4
        cost      NN  compound 4
        estimate  NN  dobj  1
        and       CC  cc    1
        two       CD  nsubj 7
        voted/vote VBD conj 1
        against   IN  prep  7
        the       DT  det   10
        plan      NN  pobj  8
        .         .   punct 7
        """
    # a content that ran on past its object (as the tagger may propose) ends before "and two"
    assert _trimmed(spec, 1, (2, 11), 7, (9, 11)) == ["the cost estimate", "the plan"]


def test_a_content_keeps_a_coordinated_that_clause_and_a_subordinate_attribution():
    that = """
        Brandt    NNP nsubj 1
        said/say  VBD ROOT  -
        the       DT  det   3
        plan      NN  nsubj 4
        failed/fail VBD ccomp 1
        ,         ,   punct 4
        and       CC  cc    4
        that      IN  mark  9
        critics/critic NNS nsubj 9
        questioned/question VBD conj 4
        the       DT  det   11
        cost      NN  dobj  9
        .         .   punct 1
        """
    assert _trimmed(that, 1, (2, 12), 9, (10, 12)) == [
        "the plan failed, and that critics questioned the cost",
        "the cost",
    ]
    plain = """
        Brandt    NNP nsubj 1
        said/say  VBD ROOT  -
        the       DT  det   3
        plan      NN  nsubj 4
        failed/fail VBD ccomp 1
        and       CC  cc    4
        critics/critic NNS nsubj 7
        questioned/question VBD conj 4
        the       DT  det   9
        cost      NN  dobj  7
        .         .   punct 1
        """
    # no comma: "the plan failed and critics questioned the cost" may all be what Brandt said
    assert _trimmed(plain, 1, (2, 10), 7, (8, 10)) == [
        "the plan failed and critics questioned the cost",
        "the cost",
    ]
    nested = """
        Brandt    NNP nsubj 1
        said/say  VBD ROOT  -
        critics/critic NNS nsubj 3
        questioned/question VBD ccomp 1
        the       DT  det   5
        cost      NN  dobj  3
        .         .   punct 1
        """
    assert _trimmed(nested, 1, (2, 6), 3, (4, 6)) == ["critics questioned the cost", "the cost"]


# --- a tagger's content without a speaker; what kind of content a quote is (hand-built) ----------

ALARM = """
    Carter     NNP nsubj 1 B-PERSON
    raised/raise VBD ROOT -
    an         DT  det   3
    alarm      NN  dobj  1
    over       IN  prep  3
    surging/surge VBG amod 7
    terror     NN  compound 7
    attacks/attack NNS pobj 4
    ,          ,   punct 1
    and        CC  cc    1
    officials/official NNS nsubj 11
    said/say   VBD conj  1
    costs/cost NNS nsubj 13
    rose/rise  VBD ccomp 11
    .          .   punct 1
"""


def test_a_tagger_content_without_a_speaker_is_not_kept():
    doc = build(ALARM)
    text = doc.text
    span = lambda w: (text.index(w), text.index(w) + len(w))  # noqa: E731
    content = span("surging terror attacks")
    tagged = Candidate(*content, (1, 2), doc[1], None, "tagger", frame="tagger")
    spoken = Candidate(*content, (1, 2), doc[1], doc[0], "tagger", frame="tagger")
    framed = Candidate(*span("costs rose"), (11, 12), doc[11], None, "frame", frame="ccomp")
    assert D.said_by_someone([tagged, spoken, framed]) == [spoken, framed]


def test_a_frames_noun_phrase_needs_the_margin_above_the_threshold():
    doc = build(ALARM)
    ctx = Context(doc)
    text = doc.text
    span = lambda w: (text.index(w), text.index(w) + len(w))  # noqa: E731
    alarm = span("an alarm over surging terror attacks")
    framed = Candidate(*alarm, (1, 2), doc[1], doc[0], "frame", frame="dobj")
    ruled = Candidate(*alarm, (1, 2), doc[1], doc[0], "clause", frame="dobj")
    tagged = Candidate(*alarm, (1, 2), doc[1], doc[0], "tagger", frame="tagger")
    clause = Candidate(*span("costs rose"), (11, 12), doc[11], doc[10], "frame", frame="ccomp")
    cands = [framed, ruled, tagged, clause]
    t, margin = 0.3, 0.05
    just_over = np.full(len(cands), t + margin / 2)
    out = D.below_phrase_bar(ctx, cands, just_over, t, margin)
    # only the frame's noun phrase is dropped; the rules', the tagger's and a frame's clause stay
    assert out.tolist() == [0.0, *just_over[1:].tolist()]
    assert just_over[0] == t + margin / 2  # the probabilities given are left as they were
    clear = np.full(len(cands), t + margin)
    assert D.below_phrase_bar(ctx, cands, clear, t, margin).tolist() == clear.tolist()


def test_a_content_headed_by_a_noun_is_a_phrase_unless_a_clause_is_in_it():
    doc = build(ALARM)
    ctx = Context(doc)
    text = doc.text
    kind = lambda w: ctx.content_type("indirect", text.index(w), text.index(w) + len(w))  # noqa: E731
    # a participle inside a noun phrase does not make it a clause
    assert kind("an alarm over surging terror attacks") == "phrase"
    assert kind("costs rose") == "clause"  # a verb with its own subject
    assert ctx.content_type("direct", 0, 6) == "clause"  # quotations are clauses
    doc = build(
        """
        Worries/worry NNS ROOT -
        that       IN  mark  4
        the        DT  det   3
        plan       NN  nsubj 4
        failed/fail VBD acl  0
        grew/grow  VBD conj  0
        to         TO  aux   7
        extend     VB  xcomp 5
        it         PRP dobj  7
        .          .   punct 0
        """
    )
    ctx = Context(doc)
    text = doc.text
    at = lambda w: ctx.content_type("indirect", text.index(w), text.index(w) + len(w))  # noqa: E731
    assert at("Worries that the plan failed") == "clause"  # a noun with a clause of its own
    assert at("to extend it") == "clause"  # headed by a verb


def test_a_tagged_content_ends_before_the_subject_of_the_next_clause():
    doc = build(
        """
        Ruiz       NNP nsubj 1 B-PERSON
        said/say   VBD ROOT  -
        the        DT  det   3
        union      NN  nsubj 5
        would      MD  aux   5
        appeal     VB  ccomp 1
        ;          :   punct 1
        the        DT  det   8
        company    NN  nsubj 9
        declined/decline VBD conj 1
        .          .   punct 1
        """
    )
    ctx = Context(doc)
    text = doc.text
    start = text.index("the union")
    run_on = Candidate(start, text.index("company") + 7, (1, 2), doc[1], doc[0], "tagger", frame="tagger")
    assert text[start : D.without_next_subject(ctx, run_on).end] == "the union would appeal"
    framed = Candidate(run_on.start, run_on.end, (1, 2), doc[1], doc[0], "frame", frame="ccomp")
    assert D.without_next_subject(ctx, framed) is framed  # the frames' contents are whole subtrees
    whole = Candidate(start, text.index(";"), (1, 2), doc[1], doc[0], "tagger", frame="tagger")
    assert D.without_next_subject(ctx, whole) is whole  # nothing to cut


TITLE_IN_MARKS = """
    She        PRP nsubj 2
    has/have   VBZ aux   2
    read       VBN ROOT  -
    "          `` punct  4
    War        NNP dobj  2
    and        CC  cc    4
    Peace      NNP conj  4
    "          '' punct  4
    twice      RB  advmod 2
    .          .   punct 2
"""

QUOTED_SPEECH = """
    She        PRP nsubj 1
    called/call VBD ROOT -
    it         PRP dobj  1
    "          `` punct  5
    a          DT  det   5
    disaster   NN  oprd  1
    for        IN  prep  5
    everyone   NN  pobj  6
    "          '' punct  5
    .          .   punct 1
"""


@pytest.mark.parametrize(
    ("parse", "first", "last", "after", "cue", "title"),
    [
        (TITLE_IN_MARKS, '"War', "twice", 5, 2, True),  # 'She has read "War and Peace" twice'
        (QUOTED_SPEECH, "it", "everyone", 9, 1, False),  # 'She called it "a disaster for everyone"'
    ],
)
def test_a_tagged_content_around_a_title_in_marks_is_left_to_the_rules(parse, first, last, after, cue, title):
    doc = build(parse)
    ctx = Context(doc)
    text = doc.text
    start, end = text.index(first), text.index(last) + after
    tagged = Candidate(start, end, (cue, cue + 1), doc[cue], doc[0], "tagger", kind="mixed", frame="tagger")
    assert D.quotes_a_title(ctx, tagged) is title
    assert D.left_to_rules(ctx, tagged) is title
    assert tagged in C.all_candidates(ctx, [], [tagged])  # a candidate everywhere; decide() drops it


def test_a_cut_never_leaves_a_content_without_a_verb():
    doc = build(
        """
        Ruiz       NNP nsubj 1 B-PERSON
        said/say   VBD ROOT  -
        that       IN  mark  6
        the        DT  det   4
        union      NN  nsubj 6
        would      MD  aux   6
        appeal     VB  ccomp 1
        .          .   punct 1
        """
    )
    ctx = Context(doc)
    text = doc.text
    tagged = Candidate(
        text.index("that"), text.index(" would"), (1, 2), doc[1], doc[0], "tagger", frame="tagger"
    )
    assert D.without_next_subject(ctx, tagged) is tagged  # not cut down to "that"


def test_a_leading_and_or_that_does_not_head_a_content():
    doc = build(
        """
        Ruiz       NNP nsubj 1 B-PERSON
        vowed/vow  VBD ROOT  -
        to         TO  aux   3
        cut        VB  xcomp 1
        taxes/tax  NNS dobj  3
        and        CC  cc    3
        to         TO  aux   7
        raise      VB  conj  3
        pay        NN  dobj  7
        .          .   punct 1
        """
    )
    ctx = Context(doc)
    text = doc.text
    start = text.index("and to raise")
    assert ctx.content_type("indirect", start, text.index(".")) == "clause"


def test_training_scorer_counts_as_the_reference_scorer(tmp_path):
    """The training's scorer (cross-validation and the dev report) gives the reference scorer's quote,
    F1@0.8 and source figures on the same predictions: exact, shortened, stretched, shifted and
    spurious quotes, with right, wrong and missing speakers, over discontinuous gold contents."""
    import importlib.util
    import random

    from reader.nlp.quotes import training

    spec = importlib.util.spec_from_file_location(
        "score_quotes", POLNEAR.parents[1] / "tools/score_quotes.py"
    )
    assert spec is not None and spec.loader is not None
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    records = [json.loads(line) for line in (POLNEAR / "dev.jsonl").read_text("utf-8").splitlines()[:12]]
    rng = random.Random(7)
    golds_of, preds_of = [], []
    pred_dir = tmp_path / "pred"
    pred_dir.mkdir()
    for r in records:
        golds = training._golds(r)
        preds: list[training.Prediction] = []
        for g in golds:
            lo, hi = g.content[0][0], g.content[-1][1]
            size = hi - lo
            way = rng.randrange(6)
            if way == 0:
                continue  # missed
            span = [
                (lo, hi),  # exact
                (lo, lo + max(1, size // 2)),  # half: a match at 0.3, not at 0.8
                (max(0, lo - size), hi),  # stretched to twice: a match at 0.3 only
                (lo + size // 3, hi + size),  # shifted
                (lo, lo + max(1, size // 5)),  # a fifth: no match
            ][way - 1]
            speaker = rng.choice([g.sources[0] if g.sources else None, None, (0, 3)])
            preds.append((span[0], min(span[1], len(r["text"])), speaker))  # within the text, as shown
        for _ in range(3):  # spurious ones anywhere
            s = rng.randrange(0, max(1, len(r["text"]) - 50))
            preds.append((s, s + rng.randrange(5, 50), None))
        golds_of.append(golds)
        preds_of.append(preds)
        quotes = [
            {"start": s, "end": e, "speaker": None if sp is None else {"start": sp[0], "end": sp[1]}}
            for s, e, sp in preds
        ]
        (pred_dir / f"{r['id']}.json").write_text(json.dumps({"text": r["text"], "quotes": quotes}), "utf-8")
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    counts, problems = ref.score(str(pred_dir), ref.load_gold(str(gold_path)))
    assert problems["missing"] == problems["unreadable"] == problems["differs"] == 0
    total = {key: sum(counts[0.3][key].values()) for key in ("gold", "pred", "tp")}
    want_f1 = ref.prf(total["tp"], total["pred"], total["gold"])[2]
    want_f1_08 = ref.prf(sum(counts[0.8]["tp"].values()), total["pred"], total["gold"])[2]
    want_src = ref.prf(sum(counts["src_tp"].values()), total["pred"], total["gold"])[2]
    ours = training.scores_of(training.span_counts(golds_of, preds_of))
    assert 0.2 < want_f1 < 0.9 and 0.0 < want_src < want_f1  # the cases are mixed, not all one way
    assert ours["F1"] == pytest.approx(want_f1, abs=1e-12)
    assert ours["F1_08"] == pytest.approx(want_f1_08, abs=1e-12)
    assert ours["source_F1"] == pytest.approx(want_src, abs=1e-12)
