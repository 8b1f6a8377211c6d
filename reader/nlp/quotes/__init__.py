"""Quote extraction and attribution (direct, mixed, indirect)."""

from reader.nlp.quotes.extractor import find_quotes

__all__ = ["find_quotes"]
