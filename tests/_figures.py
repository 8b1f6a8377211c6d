"""Figures of a sentence, found with the model: the helpers the figure tests share."""

from __future__ import annotations

from reader.nlp.figures import find_figures


def figures_of(nlp, text: str):
    return find_figures(nlp(text))


def one(nlp, text: str, fragment: str):
    """The figure whose text is ``fragment`` (exactly one)."""
    figs = [f for f in figures_of(nlp, text) if f.text == fragment]
    assert len(figs) == 1, f"{fragment!r} not a figure in {text!r}: {[f.text for f in figures_of(nlp, text)]}"
    return figs[0]
