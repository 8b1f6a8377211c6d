"""reader: see who says what and which numbers are claimed in a news article."""

__version__ = "0.1.0"
