"""Figures (reported quantities) and date mentions."""

from reader.nlp.figures.extractor import find_dates, find_figures

__all__ = ["find_dates", "find_figures"]
