"""The library: articles analysed once and kept in a SQLite database, their quotes searchable and
their speakers merged across articles. Qt-free; the window and the CLI use it.

Importing this package is cheap and spaCy-free (the store and the file listing). The analysis
lives in :mod:`reader.library.indexer` (``from reader.library.indexer import index``), the one
module here that reaches spaCy, through ``reader.nlp.pipeline``; the Dask path in
:mod:`reader.library.cluster`.
"""

from reader.library.files import collect_files
from reader.library.store import (
    ArticleRow,
    Library,
    LibraryStats,
    QuoteRow,
    SpeakerRow,
    default_db_path,
)

__all__ = [
    "ArticleRow",
    "Library",
    "LibraryStats",
    "QuoteRow",
    "SpeakerRow",
    "collect_files",
    "default_db_path",
]
