"""The read commands over a Parquet folder (``reader quotes --parquet DIR``, ``reader speakers
--parquet DIR``), answered by DuckDB straight from the shards: no database is built.

:class:`ParquetLibrary` answers the questions the read commands ask a :class:`Library`, with the
same rows (:class:`SpeakerRow`, :class:`QuoteRow`), the same order and the same name rules, so
the commands print the same lines for the same corpus. A search finds the same quotes as the
database's: DuckDB picks the quotes that may match (each search word's Porter stem, as SQLite's
tokenizer makes it, begins a word: a wide net), and SQLite's own full-text search over those few
decides, with the database's query (:func:`reader.library.store.fts_query`). They come in article
order, not ranked. Ids are the folder's own: a speaker's id from the Parquet merge, an article's
and a quote's their row numbers in this answer.

The folder is only read (DuckDB runs in memory, never fetching an extension); duckdb
(``pip install 'reader[cluster]'``) is imported only here.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

from reader.core import identity
from reader.core.errors import LibraryError, OptionalDependencyError
from reader.library.parquet import MANIFEST, MEMBERS, NAMES, SPEAKERS, STALE
from reader.library.store import QuoteRow, SpeakerRow, found_first, fts_query, named_exactly, search_words

_QUOTES = """
SELECT q.text, q.kind, q.content_type, q.cue, q.speaker_text, q.speaker_name, m.speaker_id,
       n.name AS speaker, q.path, a.title, a.date, q.start, q."end"
FROM read_parquet({quotes}, union_by_name = true) q
JOIN read_parquet({articles}, union_by_name = true) a ON a.path = q.path
LEFT JOIN read_parquet({members}) m ON m.path = q.path AND m.seq = q.seq
LEFT JOIN read_parquet({names}) n ON n.speaker_id = m.speaker_id
"""


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise OptionalDependencyError(
            detail="reading a Parquet folder needs the 'duckdb' package: pip install 'reader[cluster]'"
        ) from None
    return duckdb


def _fold(text: str) -> str:
    """Lower case without accents: how a search word is compared (``strip_accents(lower(...))``)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


class ParquetLibrary:
    """A Parquet folder written by ``reader index --out``, read like the library database."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        if not (self.path / "articles").is_dir() or not (self.path / "quotes").is_dir():
            raise LibraryError(self.path, what="not a reader Parquet folder")
        self._parts = self._shards()
        duckdb = _duckdb()
        # nothing is fetched from the network: a query needing an extension fails with one line
        self._db = duckdb.connect(
            ":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
        )
        self._error = duckdb.Error

    def _shards(self) -> dict[str, list[str]]:
        """The shards to read: those of the manifest the last finished run wrote (a run going on
        adds shards that may repeat an article until its end), else every shard there is."""
        names: list[str] | None = None
        try:
            manifest = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
            names = [str(s["name"]) for s in manifest["shards"]]
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise LibraryError(self.path / MANIFEST, f"{type(exc).__name__}", what="cannot be read") from None
        out: dict[str, list[str]] = {}
        for table in ("articles", "quotes"):
            if names is None:
                found = sorted(str(p) for p in (self.path / table).glob("part-*.parquet"))
            else:
                found = [str(self.path / table / n) for n in names if (self.path / table / n).is_file()]
            if not found:
                raise LibraryError(self.path, what=f"the Parquet folder has no {table} shards")
            out[table] = found
        return out

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ParquetLibrary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def speakers_stale(self) -> bool:
        """Whether shards were written after the speakers were last merged (a run was killed)."""
        folder = self.path / SPEAKERS
        return (folder / STALE).exists() or not (folder / NAMES).is_file() or not (folder / MEMBERS).is_file()

    def _run(self, sql: str, args: list[Any] | None = None) -> list[tuple[Any, ...]]:
        text = sql.format(
            quotes=_files(self._parts["quotes"]),
            articles=_files(self._parts["articles"]),
            members=_files([str(self.path / SPEAKERS / MEMBERS)]),
            names=_files([str(self.path / SPEAKERS / NAMES)]),
        )
        try:
            return list(self._db.execute(text, args or []).fetchall())
        except self._error as exc:
            raise LibraryError(self.path, str(exc).splitlines()[0], what="cannot be read") from None

    # -- speakers ---------------------------------------------------------------------------------

    def speakers(self, *, kinds: tuple[str, ...] | None = None, min_quotes: int = 1) -> list[SpeakerRow]:
        """Speakers with their quote and article counts, most quoted first (as the database)."""
        sql = (
            "SELECT n.speaker_id, n.name, n.kind, count(*) AS k, count(DISTINCT m.path) AS a, n.variants"
            " FROM read_parquet({names}) n JOIN read_parquet({members}) m ON m.speaker_id = n.speaker_id"
        )
        args: list[Any] = []
        if kinds:
            sql += f" WHERE n.kind IN ({','.join('?' * len(kinds))})"
            args += list(kinds)
        sql += " GROUP BY n.speaker_id, n.name, n.kind, n.variants HAVING count(*) >= ?"
        args.append(min_quotes)
        rows = [_speaker(r) for r in self._run(sql, args)]
        # the database's order: most quoted first, then the name without regard to ASCII case
        return sorted(rows, key=lambda s: (-s.quotes, _nocase(s.name)))

    def speakers_named(self, name: str) -> list[SpeakerRow]:
        """The speakers whose name or one of whose written forms is ``name`` as one form
        (:meth:`Library.speakers_named`)."""
        needle = identity.form_key(name)
        if not needle:
            return []
        return named_exactly(self.speakers(), needle)

    def find_speakers(self, name: str) -> list[SpeakerRow]:
        """Speakers whose name or a variant contains ``name`` (:meth:`Library.find_speakers`)."""
        needle = " ".join(name.split()).lower()
        if not needle:
            return []
        return found_first(
            (s for s in self.speakers() if any(needle in v.lower() for v in (s.name, *s.variants))), needle
        )

    # -- quotes -----------------------------------------------------------------------------------

    def quotes(
        self, *, speaker_id: int | None = None, search: str | None = None, limit: int | None = None
    ) -> list[QuoteRow]:
        """Quotes by speaker and/or words, in article order (date, path) then text order. Every
        searchable word (:func:`reader.library.store.search_words`) must begin a word of the quote
        or of its speaker (as written or resolved), in any case and without accents."""
        where: list[str] = []
        args: list[Any] = []
        query = fts_query(search) if search is not None else None
        if search is not None:
            words = search_words(search)
            if not words or query is None:
                return []
            for w in words:
                where.append(
                    "(regexp_matches(strip_accents(lower(q.text)), ?) OR regexp_matches(strip_accents("
                    "lower(coalesce(q.speaker_name, '') || ' ' || coalesce(q.speaker_text, ''))), ?))"
                )
                pattern = r"(?:^|[^\pL\pN_])" + re.escape(_stem_prefix(w))
                args += [pattern, pattern]
        if speaker_id is not None:
            where.append("m.speaker_id = ?")
            args.append(speaker_id)
        sql = _QUOTES + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY a.date IS NULL, a.date, a.path, q.start, q.seq"
        rows = self._run(sql, args)
        if query is not None:  # the net's catch, decided by the database's own search
            speakers = [" ".join(f"{r[5] or ''} {r[4] or ''}".split()) for r in rows]
            hits = _full_text([(r[0], who) for r, who in zip(rows, speakers, strict=True)], query)
            rows = [r for i, r in enumerate(rows) if i in hits]
        if limit is not None:
            rows = rows[: max(0, limit)]
        articles: dict[str, int] = {}
        out = []
        for i, r in enumerate(rows, 1):
            text, kind, content_type, cue, spoken, name, sid, speaker, path, title, date, start, end = r
            aid = articles.setdefault(path, len(articles) + 1)
            out.append(
                QuoteRow(
                    i,
                    text,
                    kind,
                    content_type,
                    cue,
                    spoken,
                    name,
                    sid,
                    speaker,
                    aid,
                    path,
                    title,
                    date,
                    start,
                    end,
                )
            )
        return out


def _stem_prefix(word: str) -> str:
    """A beginning every word that the database's search matches for ``word`` has: the word's
    Porter stem by SQLite's tokenizer (the one the search index uses) as far as it agrees with the
    word, less two letters (a stem's last letters may be rewritten: "happi" of "happy", "possibl" of
    "possibility"), at least three; without accents."""
    folded = _fold(word)
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{_TOKENIZER}')")
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')")
        db.execute("INSERT INTO t VALUES (?)", (folded,))
        terms = [r[0] for r in db.execute("SELECT term FROM v")]
    finally:
        db.close()
    stem = terms[0] if len(terms) == 1 else folded
    n = 0
    while n < min(len(stem), len(folded)) and stem[n] == folded[n]:
        n += 1
    return folded[: max(min(3, n), n - 2, 1)]


def _full_text(rows: list[tuple[Any, ...]], query: str) -> set[int]:
    """The positions of ``rows`` (text, speaker) that the database's full-text ``query`` matches:
    SQLite's FTS5 with the database's tokenizer, over these rows only."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(text, speaker, tokenize='{_TOKENIZER}')")
        db.executemany(
            "INSERT INTO t (rowid, text, speaker) VALUES (?, ?, ?)", ((i, *r) for i, r in enumerate(rows))
        )
        return {r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,))}
    finally:
        db.close()


_TOKENIZER = "porter unicode61 remove_diacritics 2"  # the database's (store.py: quote_fts)


def _files(paths: list[str]) -> str:
    """A list of file names as a DuckDB literal (names are quoted, never run)."""
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def _speaker(r: tuple[Any, ...]) -> SpeakerRow:
    sid, name, kind, quotes, articles, variants = r
    return SpeakerRow(int(sid), name, kind, int(quotes), int(articles), tuple(json.loads(variants or "[]")))


def _nocase(text: str) -> str:
    """SQLite's NOCASE: ASCII letters folded, nothing else."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
