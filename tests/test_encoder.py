"""The pretrained encoder's arithmetic run with numpy (reader/nlp/quotes/encoder.py): its word
pieces, its windows and its states, on a tiny encoder of the same architecture (tests/_encoder.py).
The arithmetic was checked against the original model once, when it was written: every word-piece
id equal and the layer-3 states within 0.03 (cosine over 0.9998) on a sentence with curly quotes,
accents, a dash and a number."""

from __future__ import annotations

import numpy as np
import pytest
from _encoder import VOCAB, tiny_arrays, tiny_encoder

from reader.nlp.quotes import encoder


@pytest.fixture(scope="module")
def enc() -> encoder.Encoder:
    return tiny_encoder()


def _pieces(enc: encoder.Encoder, text: str) -> list[str]:
    return [VOCAB[k] for k in enc.pieces(text)]


def test_words_are_lowered_stripped_of_accents_and_split_at_punctuation():
    assert encoder.basic_words("Naïve café—3,400!") == ["naive", "cafe", "—", "3", ",", "400", "!"]
    assert encoder.basic_words("O’Rourke\u00a0said") == ["o", "’", "rourke", "said"]
    assert encoder.basic_words("\u200bzero\u0000width") == ["zerowidth"]


def test_word_pieces_take_the_longest_match_first(enc):
    assert _pieces(enc, "said") == ["said"]
    assert _pieces(enc, "Kushner") == ["ku", "##sh", "##ner"]  # "ku" before "k"
    assert _pieces(enc, "Naïve") == ["naive"]
    assert _pieces(enc, "km/h") == ["km", "/", "h"]
    assert _pieces(enc, "zebra") == ["[UNK]"]  # no piece starts it: the whole word is unknown
    assert _pieces(enc, "x" * (encoder.MAX_WORD + 1)) == ["[UNK]"]
    assert _pieces(enc, "") == []


def test_every_token_gets_a_state_and_spaces_get_none(enc, nlp):
    doc = nlp("The mayor said the plan failed.\n\nCritics, however, disagreed.")
    states = enc.states(doc)
    assert states.shape == (len(doc), encoder.WIDTH) and states.dtype == np.float32
    for tok, row in zip(doc, states, strict=True):
        assert (np.abs(row).sum() == 0) == tok.is_space
    assert np.isfinite(states).all()


def test_states_depend_on_the_sentence_not_on_the_batch(enc, nlp):
    """A window padded beside longer ones in a batch gets the states it gets alone."""
    short = nlp("Prices rose, she said.")
    alone = enc.states(short)
    both = enc.states(
        nlp("Prices rose, she said. " + "The council met on Monday and voted on the budget. " * 30)
    )
    assert not np.allclose(both[: len(short)], alone, atol=1e-4)  # the next sentences are context
    pieces = [enc.pieces(t.text) for t in short]
    windows = enc._windows(short, pieces)
    out_alone = np.zeros((len(short), encoder.WIDTH), np.float32)
    enc._run(windows, pieces, out_alone)
    assert np.allclose(out_alone, alone, atol=1e-5)
    doc2 = nlp("The council met on Monday and voted on the budget again and again and again.")
    tp = pieces + [enc.pieces(t.text) for t in doc2]
    shifted = [[len(short) + i for i in w] for w in enc._windows(doc2, tp[len(short) :])]
    out_batch = np.zeros((len(short) + len(doc2), encoder.WIDTH), np.float32)
    enc._run(windows + shifted, tp, out_batch)
    assert np.allclose(out_batch[: len(short)], out_alone, atol=1e-4)


def test_a_long_text_is_cut_into_windows_that_keep_every_token(enc, nlp):
    doc = nlp("The council met on Monday and voted on the budget. " * 60)
    pieces = [enc.pieces(t.text) for t in doc]
    windows = enc._windows(doc, pieces)
    assert len(windows) > 1
    assert sorted(i for w in windows for i in w) == [i for i in range(len(doc)) if pieces[i]]
    assert all(sum(len(pieces[i]) for i in w) <= encoder.WINDOW - 2 for w in windows)
    states = enc.states(doc)
    assert (np.abs(states).sum(axis=1) > 0).sum() == sum(1 for p in pieces if p)


def test_projected_states_are_the_states_times_the_projection(enc, nlp):
    doc = nlp("The council met on Monday and voted on the budget, officials said. " * 40)
    project = np.random.default_rng(3).normal(size=(encoder.WIDTH, 16)).astype(np.float32)
    assert np.allclose(enc.states(doc, project), enc.states(doc) @ project, atol=1e-3)


def test_a_saved_encoder_loads_with_its_weights_and_provenance(enc, tmp_path, nlp):
    path = tmp_path / "tiny.npz"
    np.savez_compressed(
        path, vocab=np.asarray(VOCAB), provenance=np.asarray('{"model": "tiny"}'), **tiny_arrays()
    )
    loaded = encoder.Encoder.load(path)
    doc = nlp("The mayor said the plan failed.")
    assert loaded.provenance == '{"model": "tiny"}'
    assert np.allclose(loaded.states(doc), enc.states(doc), atol=1e-6)
