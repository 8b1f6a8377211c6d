"""The attribution tagger (reader/nlp/quotes/tagger.py): its features, its training labels, the
candidates it proposes (hand-built parses), and its numpy network against thinc's own."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from _docs import build

from reader.core.errors import AttributionModelError
from reader.nlp.quotes import model as M
from reader.nlp.quotes import tagger as T
from reader.nlp.quotes.context import Context
from reader.nlp.quotes.training import Gold

SAID = """
    The       DT  det    1
    mayor     NN  nsubj  2
    said/say  VBD ROOT   -
    the       DT  det    4
    plan      NN  nsubj  5
    failed/fail VBD ccomp 2
    .         .   punct  2
"""


def _feats(doc) -> list[set[str]]:
    return [set(f) for f in T.token_features(Context(doc))]


def test_a_token_under_a_cue_knows_the_cue_family_and_path():
    feats = _feats(build(SAID))
    # "plan" hangs on "failed", the clause of "said": two steps up, right (R) of the cue
    assert "a=say|ccomp|2|R" in feats[4]
    assert "a=say|nsubj|1|L" in feats[1]  # "mayor": the subject of "said", one step up
    assert "fam=say" in feats[2] and "fp=say|VERB" in feats[2]
    assert not any(f.startswith("a=") for f in feats[2])  # the root has no ancestor


def test_neighbours_padding_and_nearest_cue_by_distance():
    feats = _feats(build(SAID))
    assert {"-2pad", "-1pad", "1l=mayor", "2l=say"} <= feats[0]
    assert {"1pad", "2pad", "-1l=fail"} <= feats[6]
    assert "-1pad" not in feats[1] and "-2pad" in feats[1]
    assert "rf=say|2" in feats[0]  # "said" is two words to the right of "The"
    assert "lf=say|1" in feats[3]  # and one to the left of "the"
    assert "lf=want|1" in feats[5]  # the lemma "plan" is one of deciding, whatever its part of speech
    assert "bg=the|plan" in feats[4]


def test_line_breaks_and_spaces_never_reach_a_feature_name():
    doc = build(
        """
        Hello   UH  ROOT  -
        \\n\\n  _SP dep   0
        world   NN  ROOT  -
        """
    )
    for feats in _feats(doc):
        assert all(not any(ch.isspace() for ch in f) for f in feats)


def test_gold_labels_mark_content_cue_and_source():
    doc = build(SAID)
    text = doc.text  # "The mayor said the plan failed."
    span = lambda w: (text.index(w), text.index(w) + len(w))  # noqa: E731
    gold = Gold([span("the plan failed")], [], 15, [span("The mayor")], [span("said")])
    assert T.gold_labels(Context(doc), [gold]) == ["S", "S", "C", "B", "I", "I", "O"]


def test_tagged_content_becomes_a_candidate_with_its_cue_and_source():
    doc = build(SAID)
    ctx = Context(doc)
    (cand,) = T.tagger_candidates(ctx, ["S", "S", "C", "B", "I", "I", "O"])
    assert ctx.text[cand.start : cand.end] == "the plan failed"
    assert cand.cue_head.text == "said" and cand.speaker.text == "mayor"
    assert cand.origin == "tagger" and cand.kind == "indirect"


def test_a_content_before_its_cue_and_without_a_source():
    doc = build(
        """
        Prices    NNS nsubj  1
        rose/rise VBD ROOT   -
        ,         ,   punct  4
        analysts  NNS nsubj  4
        said/say  VBD parataxis 1
        .         .   punct  1
        """
    )
    ctx = Context(doc)
    cands = T.tagger_candidates(ctx, ["B", "I", "O", "O", "C", "O"])
    assert [ctx.text[c.start : c.end] for c in cands] == ["Prices rose"]
    assert cands[0].cue_head.text == "said" and cands[0].speaker is None


def test_numpy_network_equals_thinc(tmp_path, nlp):
    """The shipped tagger's numpy arithmetic gives the probabilities of the thinc network it was
    trained as (both directions, several sequences of different lengths side by side)."""
    from reader.nlp.quotes import training

    texts = [
        "The mayor said the plan failed. Critics disagreed.\n\nOfficials warned that costs would rise.",
        '"We will not stop," she said.\n\nPrices rose, analysts said, and the bank agreed. ' * 3,
    ]
    ctxs = [Context(nlp(t)) for t in texts]
    columns = [T.feature_columns(ctx) for ctx in ctxs]
    attrs = training._attributes(columns, 1)
    lookup = T.Tagger(attrs, [])
    ids, labels = [], []
    for ctx, cols in zip(
        ctxs, columns, strict=True
    ):  # labels from a crude rule: enough to train every weight
        table = np.stack(lookup.rows(cols), axis=1)
        y = np.asarray(
            [
                3
                if t.lemma_ in ("say", "warn")
                else 4
                if t.dep_ == "nsubj"
                else 2
                if t.head.dep_ == "ccomp"
                else 0
                for t in ctx.doc
            ]
        )
        for lo, hi in T.sequences(ctx):
            ids.append((table[lo:hi], None))
            labels.append(y[lo:hi])
    net, embed = training.fit_network(ids, labels, len(attrs), seed=1)
    ours = T.Tagger(attrs, [training.network_weights(net, embed)])
    want = iter(net.predict(ids))
    for ctx in ctxs:
        marg, best = ours.tag(ctx)
        assert np.allclose(marg.sum(axis=1), 1.0, atol=1e-5)
        assert best == [T.LABELS[k] for k in marg.argmax(axis=1)]
        for lo, hi in T.sequences(ctx):
            assert np.allclose(marg[lo:hi], next(want), atol=1e-5)
    assert len({len(x) for x, _ in ids}) > 1  # sequences of different lengths ran side by side
    # two networks: the average of each one's probabilities (their LSTMs run stacked)
    other = training.network_weights(*training.fit_network(ids, labels, len(attrs), seed=2))
    pair = T.Tagger(attrs, [training.network_weights(net, embed), other])
    for ctx in ctxs:
        alone = (ours.tag(ctx)[0] + T.Tagger(attrs, [other]).tag(ctx)[0]) / 2
        assert np.allclose(pair.tag(ctx)[0], alone, atol=1e-6)
        assert not np.allclose(alone, ours.tag(ctx)[0], atol=1e-3)  # the second one counts
    # through its file: the embeddings are kept in half precision, the rest as they are
    ours.save(tmp_path / "tiny.npz")
    loaded = T.Tagger.load(tmp_path / "tiny.npz")
    assert loaded.attrs == attrs
    for ctx in ctxs:
        assert np.allclose(loaded.tag(ctx)[0], ours.tag(ctx)[0], atol=1e-2)


def test_long_paragraphs_are_cut_at_sentence_starts(nlp):
    text = " ".join(["The council met on Monday and voted."] * 80)  # one paragraph, 640 tokens
    ctx = Context(nlp(text))
    seqs = T.sequences(ctx)
    assert len(seqs) > 1 and seqs[0][0] == 0 and seqs[-1][1] == len(ctx.doc)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(seqs))
    assert all(ctx.doc[lo].is_sent_start for lo, _ in seqs)


def test_shipped_tagger_loads_with_its_version():
    model = M.load()
    assert model.tagger is not None and len(model.tagger.attrs) > 1000
    from reader.nlp.quotes import encoder

    assert not model.tagger.uses_encoder or encoder.ENCODER_PATH.is_file()  # nothing it needs is missing
    assert T.TAGGER_PATH.stat().st_size < 25_000_000
    assert M.MODEL_PATH.stat().st_size + T.TAGGER_PATH.stat().st_size < 25_000_000


def test_a_tagger_of_another_version_is_refused(tmp_path):
    with np.load(T.TAGGER_PATH) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["version"] = np.asarray(T.TAGGER_VERSION + 1)
    path = tmp_path / "old.npz"
    np.savez(path, **arrays)
    with pytest.raises(AttributionModelError) as err:
        M.load(M.MODEL_PATH, path)
    assert err.value.code == "E021" and "old.npz" in str(err.value)
    with pytest.raises(AttributionModelError):
        M.load(M.MODEL_PATH, tmp_path / "none.npz")


def test_numpy_network_with_encoder_states_equals_thinc(tmp_path, nlp):
    """With the encoder's states as an input (through a projection trained with the network), the
    numpy tagger still gives thinc's probabilities, and computes the states itself when not given."""
    from _encoder import tiny_encoder

    from reader.nlp.quotes import encoder, training

    enc = tiny_encoder()
    texts = [
        "The mayor said the plan failed.\n\nOfficials warned that costs would rise.",
        "Prices rose, she said.",
    ]
    ctxs = [Context(nlp(t)) for t in texts]
    columns = [T.feature_columns(ctx) for ctx in ctxs]
    attrs = training._attributes(columns, 1)
    lookup = T.Tagger(attrs, [])
    ids, labels = [], []
    for ctx, cols in zip(ctxs, columns, strict=True):
        table = np.stack(lookup.rows(cols), axis=1)
        states = enc.states(ctx.doc).astype(np.float16)
        y = np.asarray([3 if t.lemma_ in ("say", "warn") else 4 if t.dep_ == "nsubj" else 0 for t in ctx.doc])
        for lo, hi in T.sequences(ctx):
            ids.append((table[lo:hi], states[lo:hi]))
            labels.append(y[lo:hi])
    net, embed = training.fit_network(ids, labels, len(attrs), seed=1)
    weights = training.network_weights(net, embed)
    assert weights["enc_W"].shape == (encoder.WIDTH, training.TAGGER_PARAMS["width"])
    assert np.abs(weights["enc_W"]).sum() > 0
    ours = T.Tagger(attrs, [weights])
    assert ours.uses_encoder
    want = iter(net.predict(ids))
    saved, encoder._ENCODER = encoder._ENCODER, enc  # the encoder the tagger loads, here the tiny one
    try:
        for ctx in ctxs:
            marg, _ = ours.tag(ctx)  # the states computed (and projected) by the tagger itself
            for lo, hi in T.sequences(ctx):
                assert np.allclose(marg[lo:hi], next(want), atol=2e-3)
        ours.save(tmp_path / "enc.npz")
        loaded = T.Tagger.load(tmp_path / "enc.npz")
        assert loaded.uses_encoder
        for ctx in ctxs:
            assert np.allclose(loaded.tag(ctx)[0], ours.tag(ctx)[0], atol=1e-2)
    finally:
        encoder._ENCODER = saved
