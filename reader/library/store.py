"""The library database: one SQLite file (standard library ``sqlite3``), no Qt, no spaCy.

One row per article file (path, content hash, analyser version, title, date, outlet, counts, the
error if it failed), with its canonical entities, quotes and figures; speakers across articles
(``speakers`` and ``speaker_variants``, filled by :mod:`reader.library.speakers`, with what lets it
merge again only the speakers whose quotes changed: :class:`SpeakerUpdate`); an FTS5 index over
quote text and the speaker as written, kept in step by triggers.

Safety: WAL journal (the window reads while ``reader index`` writes), a busy timeout, foreign keys
on; an ``application_id`` marks the file as ours and ``user_version`` holds the schema version. A
file that is not a database, a database of another program, a damaged one (``PRAGMA quick_check``
on open, ``integrity_check`` on demand) or one written by a newer reader is refused with a one-line
:class:`~reader.core.errors.LibraryError`, never overwritten. Each article is written in one
transaction (old rows out, new rows in), so a killed run leaves whole articles only.

Connections are per thread (sqlite3's rule): a worker thread opens its own :class:`Library` on the
same path.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core import identity
from reader.core.errors import (
    LibraryBusyError,
    LibraryCorruptError,
    LibraryError,
    LibraryForeignError,
    LibraryFullError,
    LibraryNewerError,
    LibraryReadOnlyError,
)

APPLICATION_ID = 0x52445231  # "RDR1": this file is a reader library
SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 10_000
DB_ENV = "READER_LIBRARY"  # a path here overrides the default location (tests, scripts)


def library_error(path: str | os.PathLike[str], exc: sqlite3.Error) -> LibraryError:
    """The one-line, coded error for an SQLite failure on the library at ``path``."""
    text = str(exc)
    low = text.lower()
    code = getattr(exc, "sqlite_errorname", "") or ""
    if "locked" in low or "busy" in low or code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return LibraryBusyError(path)
    if "full" in low or code.startswith("SQLITE_FULL"):
        return LibraryFullError(path)
    if "readonly" in low or "read-only" in low or code.startswith("SQLITE_READONLY"):
        return LibraryReadOnlyError(path, text)
    if isinstance(exc, sqlite3.OperationalError) and not code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return LibraryError(path, text)
    if code.startswith("SQLITE_NOTADB") or "not a database" in low:
        return LibraryCorruptError(path, text)  # not a reader library at all
    # malformed pages, a damaged index (FTS5 included)
    return LibraryCorruptError(path, text, what="the library database is damaged (left untouched)")


class _GuardedCursor(sqlite3.Cursor):
    """A cursor whose rows, read as the statement steps, fail as :class:`_Guarded` statements do
    (a damaged page or index shows when its rows are read, not when the query starts)."""

    def _path(self) -> str:
        return getattr(self.connection, "db_path", "")

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as exc:
            raise library_error(self._path(), exc) from None

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise library_error(self._path(), exc) from None

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise library_error(self._path(), exc) from None


class _Guarded(sqlite3.Connection):
    """A connection whose statements fail with the library's coded one-line errors, never with a
    bare ``sqlite3`` exception (a traceback for the user)."""

    db_path: str = ""

    def cursor(self, factory: Any = _GuardedCursor) -> Any:
        return super().cursor(factory)

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        cur = self.cursor()
        try:
            return cur.execute(*args, **kwargs)
        except sqlite3.Error as exc:
            raise library_error(self.db_path, exc) from None

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        cur = self.cursor()
        try:
            return cur.executemany(*args, **kwargs)
        except sqlite3.Error as exc:
            raise library_error(self.db_path, exc) from None


def default_db_path() -> Path:
    """Where the library lives unless ``--db`` says otherwise: ``$READER_LIBRARY`` if set, else
    the user's data folder: ``$XDG_DATA_HOME/reader/library.sqlite3`` (``~/.local/share`` when
    unset) on Linux, ``~/Library/Application Support/reader`` on macOS, ``%LOCALAPPDATA%\\reader``
    on Windows. The tests point ``XDG_DATA_HOME`` at a temporary folder (tests/conftest.py)."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin" and not os.environ.get("XDG_DATA_HOME"):
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "reader" / "library.sqlite3"


# --- what the read methods return ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """An article file in the library (``error_code`` set when it could not be analysed)."""

    id: int
    path: str
    title: str | None
    date: str | None
    outlet: str | None
    format: str | None
    words: int
    quotes: int
    figures: int
    entities: int
    error_code: str | None
    error: str | None  # the one-line message, naming the file
    analysed_at: str  # ISO 8601, UTC
    content_hash: str
    analyser_version: str

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @property
    def display_title(self) -> str:
        return self.title or os.path.basename(self.path)


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """A speaker across the library: a person or organization (name variants merged), or an
    unnamed source ("officials", kind ``unnamed``) grouped by its words."""

    id: int
    name: str
    kind: str  # "person", "organization", "place", "other" or "unnamed"
    quotes: int
    articles: int
    variants: tuple[str, ...]  # the forms seen in the articles, most frequent first


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A quote with its article; ``start``/``end`` index the article text as the loader gives it
    (``reader.core.loaders.load(article_path).text``), the same offsets the window highlights."""

    id: int
    text: str
    kind: str  # "direct", "mixed", "indirect"
    content_type: str  # "clause" or "phrase"
    cue: str | None
    speaker_text: str | None  # the speaker as written at the quote ("he", "Mr. Carter")
    speaker_name: str | None  # the speaker resolved inside the article ("Ashton Carter")
    speaker_id: int | None  # the library speaker (SpeakerRow.id), None when unattributed
    speaker: str | None  # the library speaker's name
    article_id: int
    article_path: str
    article_title: str | None
    article_date: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LibraryStats:
    articles: int
    failed: int
    quotes: int
    speakers: int
    figures: int


# --- schema ----------------------------------------------------------------------------------

_SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    analyser_version TEXT NOT NULL,
    title TEXT, date TEXT, outlet TEXT, format TEXT,
    words INTEGER NOT NULL DEFAULT 0,
    quote_count INTEGER NOT NULL DEFAULT 0,
    figure_count INTEGER NOT NULL DEFAULT 0,
    entity_count INTEGER NOT NULL DEFAULT 0,
    error_code TEXT, error_message TEXT,
    analysed_at TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ref TEXT NOT NULL,
    name TEXT NOT NULL, label TEXT, category TEXT,
    mentions INTEGER NOT NULL DEFAULT 0,
    forms TEXT NOT NULL DEFAULT '[]',
    UNIQUE (article_id, ref)
);
CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE TABLE speaker_variants (
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (speaker_id, variant)
);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    kind TEXT NOT NULL, content_type TEXT NOT NULL DEFAULT 'clause',
    parts TEXT NOT NULL DEFAULT '[]',
    cue TEXT, cue_start INTEGER, cue_end INTEGER,
    speaker_text TEXT, speaker_start INTEGER, speaker_end INTEGER,
    speaker_name TEXT, speaker_ref TEXT, speaker_kind TEXT,
    speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX entities_article ON entities(article_id);
CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    value REAL, value_high REAL, unit TEXT, qualifier TEXT, per TEXT, change TEXT, "of" TEXT
);
CREATE INDEX figures_article ON figures(article_id);
CREATE VIRTUAL TABLE quote_fts USING fts5(text, speaker, tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quote_fts(rowid, text, speaker)
    VALUES (new.id, new.text, trim(coalesce(new.speaker_name, '') || ' ' || coalesce(new.speaker_text, '')));
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    DELETE FROM quote_fts WHERE rowid = old.id;
END;
"""

# 2: each article's whole analysis (Analysis.to_json, zlib-compressed JSON), so that the window
# opens an article the library holds without the model
_SCHEMA_2 = """
CREATE TABLE analyses (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    data BLOB NOT NULL
);
"""

# each file's size and modification time when it was last hashed: a run skips hashing the files
# whose size and time have not changed (hashing a million files takes minutes)
_SCHEMA_3 = """
ALTER TABLE articles ADD COLUMN file_size INTEGER;
ALTER TABLE articles ADD COLUMN file_mtime_ns INTEGER;
"""

# what the speaker merge needs to redo only the speakers whose quotes changed: each attributed
# quote's bucket and each person's (NULL until the merge computes it, '' when it belongs to no
# bucket); the blocks of buckets whose names the rules compare, a union-find kept flat (bucket ->
# root; a bucket absent is a block of its own); the one-word votes each quote cast; the buckets
# whose rows were deleted since (filled by the triggers). A library of version 3 has every bucket
# NULL and is merged in full once.
_SCHEMA_4 = """
ALTER TABLE quotes ADD COLUMN bucket TEXT;
ALTER TABLE entities ADD COLUMN bucket TEXT;
ALTER TABLE speakers ADD COLUMN bucket TEXT;
CREATE INDEX quotes_bucket ON quotes(bucket);
CREATE INDEX entities_bucket ON entities(bucket) WHERE label = 'PERSON';
CREATE INDEX speakers_bucket ON speakers(bucket);
CREATE TABLE speaker_blocks (bucket TEXT PRIMARY KEY, root TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX speaker_blocks_root ON speaker_blocks(root);
CREATE TABLE speaker_votes (
    quote_id INTEGER NOT NULL,
    word TEXT NOT NULL,
    bucket TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (quote_id, word)
) WITHOUT ROWID;
CREATE INDEX speaker_votes_bucket ON speaker_votes(bucket, word, n);
CREATE TABLE speaker_dirty (bucket TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER quotes_speaker_dirty AFTER DELETE ON quotes WHEN old.bucket != '' BEGIN
    INSERT OR IGNORE INTO speaker_dirty VALUES (old.bucket);
    INSERT OR IGNORE INTO speaker_dirty SELECT bucket FROM speaker_votes WHERE quote_id = old.id;
    DELETE FROM speaker_votes WHERE quote_id = old.id;
END;
CREATE TRIGGER entities_speaker_dirty AFTER DELETE ON entities WHEN old.bucket != '' BEGIN
    INSERT OR IGNORE INTO speaker_dirty VALUES (old.bucket);
END;
"""

# version -> the script that brings a database of version - 1 up to it (1: a new database)
MIGRATIONS: dict[int, str] = {1: _SCHEMA_1, 2: _SCHEMA_2, 3: _SCHEMA_3, 4: _SCHEMA_4}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# the small words a search leaves out ("what did anyone say about the barrier?" -> barrier)
_STOP = frozenset(
    re.findall(
        r"\w+",
        """a about above after again all also an and any anyone anything are as at be been being but by
        can could did do does doing for from had has have he her hers him his how i if in into is it its
        me my no nor not of off on or our out over say said says she should so some someone something
        than that the their them then there these they this those to too under up us very was we were
        what when where which who whom why will with would you your""",
    )
)
_WORD = re.compile(r"\w+", re.UNICODE)


def search_words(words: str) -> list[str]:
    """The words of a search that must occur (lower case, each once): the small words left out,
    unless nothing else is left."""
    found = [w for w in _WORD.findall(words.lower()) if w not in _STOP]
    if not found:
        found = _WORD.findall(words.lower())
    return list(dict.fromkeys(found))


def fts_query(words: str) -> str | None:
    """An FTS5 query for a person's words: every word that is not a small word must occur (a word
    may be the start of a longer one); None when nothing searchable is left."""
    found = search_words(words)
    if not found:
        return None
    return " AND ".join(f'"{w}"*' for w in found)


# --- the library -----------------------------------------------------------------------------


class Library:
    """The library database at ``path`` (default: :func:`default_db_path`).

    ``create=False`` refuses a missing file (:class:`LibraryError`) instead of creating it.
    Raises :class:`LibraryCorruptError` (not a database, or damaged), :class:`LibraryForeignError`
    (another program's database) or :class:`LibraryNewerError` (a newer schema); the file is left
    untouched in every case. Use as a context manager or call :meth:`close`.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, create: bool = True, readonly: bool = False
    ):
        self.path = Path(path) if path is not None else default_db_path()
        self.readonly = readonly
        exists = self.path.exists()
        if not exists and (not create or readonly):
            raise LibraryError(self.path, what="no library database here")
        if exists and self.path.is_dir():
            raise LibraryError(self.path, what="is a directory, not a library database")
        if exists and (readonly or not create) and self.path.stat().st_size == 0:
            raise LibraryError(self.path, what="is an empty file, not a library database (left untouched)")
        if not exists:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError(self.path, exc.strerror or str(exc), what="cannot create") from None
        try:
            self._db = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro" if readonly else self.path,
                uri=readonly,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=True,
                factory=_Guarded,
            )
            self._db.db_path = str(self.path)
        except sqlite3.Error as exc:
            raise LibraryError(self.path, str(exc), what="cannot open") from None
        self._db.row_factory = sqlite3.Row
        try:
            # (every SQLite failure arrives as a coded LibraryError: see _Guarded)
            self._prepare(exists and self.path.stat().st_size > 0)
        except LibraryError:
            self._db.close()
            raise

    # -- opening ------------------------------------------------------------------------------

    def _prepare(self, existing: bool) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if existing:
            app = db.execute("PRAGMA application_id").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app != APPLICATION_ID and tables:
                raise LibraryForeignError(self.path)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LibraryNewerError(
                    self.path, f"schema version {version}, this reader knows up to {SCHEMA_VERSION}"
                )
            problem = db.execute("PRAGMA quick_check(1)").fetchone()[0]
            if problem != "ok":
                raise LibraryCorruptError(self.path, str(problem))
        if self.readonly:  # read commands: nothing is switched, migrated or written
            db.execute("PRAGMA query_only = ON")
            return
        if db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise LibraryError(self.path, what="cannot switch the database to WAL mode")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        db = self._db
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return
        with self.transaction():
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _statements(MIGRATIONS[target]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("INSERT OR IGNORE INTO meta VALUES ('created_at', ?)", (_now(),))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taken at once: BEGIN IMMEDIATE), committed or rolled back."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            # SQLite may have rolled back already (a full disk, a damaged index): nothing to undo then
            if db.in_transaction:
                try:
                    db.execute("ROLLBACK")
                except LibraryError:
                    pass  # the error that brought us here is the one to report
            raise
        try:
            db.execute("COMMIT")
        except LibraryError:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def check(self) -> list[str]:
        """``PRAGMA integrity_check``: an empty list when the database is sound, else the problems."""
        rows = [r[0] for r in self._db.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows

    def data_version(self) -> int:
        """Changes whenever another connection commits (poll it to refresh a view)."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def size_bytes(self) -> int:
        """The database file with its WAL file."""
        total = 0
        for p in (self.path, Path(f"{self.path}-wal")):
            try:
                total += p.stat().st_size
            except OSError:
                pass
        return total

    # -- reading ------------------------------------------------------------------------------

    def stats(self) -> LibraryStats:
        row = self._db.execute(
            """SELECT (SELECT count(*) FROM articles),
                      (SELECT count(*) FROM articles WHERE error_code IS NOT NULL),
                      (SELECT count(*) FROM quotes),
                      (SELECT count(DISTINCT speaker_id) FROM quotes WHERE speaker_id IS NOT NULL),
                      (SELECT count(*) FROM figures)"""
        ).fetchone()
        return LibraryStats(*(int(v) for v in row))

    def articles(self, *, failed_only: bool = False, under: str | None = None) -> list[ArticleRow]:
        """Every article (or only the failed ones, or those under folder ``under``), by path."""
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles"
        where: list[str] = []
        args: list[Any] = []
        if failed_only:
            where.append("error_code IS NOT NULL")
        if under:
            prefix = os.path.join(os.path.abspath(under), "")
            where.append("substr(path, 1, ?) = ?")
            args += [len(prefix), prefix]
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_article(r) for r in self._db.execute(sql + " ORDER BY path", args)]

    def article(self, article_id: int) -> ArticleRow | None:
        row = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _article(row) if row else None

    def article_by_path(self, path: str | os.PathLike[str]) -> ArticleRow | None:
        row = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE path = ?", (_norm(path),)
        ).fetchone()
        return _article(row) if row else None

    def speakers(self, *, kinds: Sequence[str] | None = None, min_quotes: int = 1) -> list[SpeakerRow]:
        """Speakers with their quote and article counts, most quoted first."""
        sql = (
            "SELECT s.id, s.name, s.kind, count(q.id) AS n, count(DISTINCT q.article_id) AS a"
            " FROM speakers s JOIN quotes q ON q.speaker_id = s.id"
        )
        args: list[Any] = []
        if kinds:
            sql += f" WHERE s.kind IN ({','.join('?' * len(kinds))})"
            args += list(kinds)
        sql += " GROUP BY s.id HAVING n >= ? ORDER BY n DESC, s.name COLLATE NOCASE"
        args.append(min_quotes)
        rows = self._db.execute(sql, args).fetchall()
        variants = self._variants([r["id"] for r in rows])
        return [
            SpeakerRow(r["id"], r["name"], r["kind"], r["n"], r["a"], variants.get(r["id"], ())) for r in rows
        ]

    def speaker(self, speaker_id: int) -> SpeakerRow | None:
        row = self._db.execute(
            "SELECT s.id, s.name, s.kind, count(q.id) AS n, count(DISTINCT q.article_id) AS a"
            " FROM speakers s LEFT JOIN quotes q ON q.speaker_id = s.id WHERE s.id = ? GROUP BY s.id",
            (speaker_id,),
        ).fetchone()
        if row is None:
            return None
        return SpeakerRow(
            row["id"],
            row["name"],
            row["kind"],
            row["n"],
            row["a"],
            self._variants([row["id"]]).get(row["id"], ()),
        )

    def find_speakers(self, name: str) -> list[SpeakerRow]:
        """Speakers whose name or one of whose variants contains ``name`` (any case); an exact
        match of the name or a variant comes first."""
        needle = " ".join(name.split()).lower()
        if not needle:
            return []
        ids = [
            r[0]
            for r in self._db.execute(
                """SELECT s.id FROM speakers s
                   WHERE instr(lower(s.name), ?) > 0
                      OR EXISTS (SELECT 1 FROM speaker_variants v
                                 WHERE v.speaker_id = s.id AND instr(lower(v.variant), ?) > 0)""",
                (needle, needle),
            )
        ]
        return found_first([s for s in map(self.speaker, ids) if s is not None and s.quotes], needle)

    def speakers_named(self, name: str) -> list[SpeakerRow]:
        """The speakers whose name or one of whose written forms is ``name``, as one form
        (:func:`reader.core.identity.form_key`: any case, spacing or dots), most quoted first."""
        needle = identity.form_key(name)
        if not needle:
            return []
        rough = needle.split()[-1]  # every form equal to the name contains its last word
        ids = [
            r[0]
            for r in self._db.execute(
                """SELECT s.id FROM speakers s WHERE instr(lower(replace(s.name, '.', '')), ?) > 0
                   OR EXISTS (SELECT 1 FROM speaker_variants v WHERE v.speaker_id = s.id
                              AND instr(lower(replace(v.variant, '.', '')), ?) > 0)""",
                (rough, rough),
            )
        ]
        return named_exactly([s for s in map(self.speaker, ids) if s is not None and s.quotes], needle)

    def quotes(
        self,
        *,
        speaker_id: int | None = None,
        article_id: int | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[QuoteRow]:
        """Quotes, filtered by library speaker, article and/or words (:meth:`search`'s rules);
        in article order (date, path) then text order, or by relevance when searching."""
        where: list[str] = []
        args: list[Any] = []
        join = ""
        order = "a.date IS NULL, a.date, a.path, q.start"
        if search is not None:
            query = fts_query(search)
            if query is None:
                return []
            join = " JOIN quote_fts f ON f.rowid = q.id"
            where.append("quote_fts MATCH ?")
            args.append(query)
            order = "bm25(quote_fts), q.id"
        if speaker_id is not None:
            where.append("q.speaker_id = ?")
            args.append(speaker_id)
        if article_id is not None:
            where.append("q.article_id = ?")
            args.append(article_id)
        sql = _QUOTE_SELECT + join + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        try:
            return [_quote(r) for r in self._db.execute(sql, args)]
        except LibraryError as exc:
            if type(exc) is LibraryError:  # an FTS syntax the query builder did not foresee
                raise LibraryError(self.path, exc.detail, what="search failed") from None
            raise

    def search(self, words: str, *, limit: int | None = 200) -> list[QuoteRow]:
        """Quotes whose words or speaker (as written or resolved) contain every searchable word of
        ``words`` (small words such as "what", "say", "about" are left out; word stems match:
        "barriers" finds "barrier"), best match first."""
        return self.quotes(search=words, limit=limit)

    def _variants(self, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        found: dict[int, list[str]] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = list(ids[chunk_start : chunk_start + 500])
            rows = self._db.execute(
                "SELECT speaker_id, variant FROM speaker_variants"
                f" WHERE speaker_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY speaker_id, count DESC, variant",
                chunk,
            )
            for r in rows:
                found.setdefault(r[0], []).append(r[1])
        return {k: tuple(v) for k, v in found.items()}

    # -- writing (the indexer) ------------------------------------------------------------------

    def known(self) -> dict[str, tuple[str, str]]:
        """path -> (content hash, analyser version) of every article in the library."""
        return {
            r[0]: (r[1], r[2])
            for r in self._db.execute("SELECT path, content_hash, analyser_version FROM articles")
        }

    def known_stats(self) -> dict[str, tuple[int, int]]:
        """path -> (size, modification time in ns) of the file when its content was last hashed."""
        return {
            r[0]: (r[1], r[2])
            for r in self._db.execute(
                "SELECT path, file_size, file_mtime_ns FROM articles WHERE file_size IS NOT NULL"
            )
        }

    def set_stats(self, stats: Iterable[tuple[str, int, int]]) -> None:
        """Records (path, size, mtime_ns) of files hashed and found unchanged (one transaction)."""
        rows = [(size, mtime, _norm(path)) for path, size, mtime in stats]
        if rows:
            with self.transaction() as db:
                db.executemany("UPDATE articles SET file_size = ?, file_mtime_ns = ? WHERE path = ?", rows)

    def failed(self) -> dict[str, str]:
        """path -> the one-line error of every file the library holds as failed."""
        return {
            r[0]: r[2] or r[1]
            for r in self._db.execute(
                "SELECT path, error_code, error_message FROM articles WHERE error_code IS NOT NULL"
            )
        }

    def write_article(
        self,
        path: str | os.PathLike[str],
        content_hash: str,
        analyser_version: str,
        data: dict[str, Any] | None,
        *,
        error_code: str | None = None,
        error: str | None = None,
        analysis: dict[str, Any] | None = None,
        stat: tuple[int, int] | None = None,
    ) -> int:
        """Replace the article at ``path`` with ``data`` (the indexer's record, see
        ``reader.library.records.analyse_file``) or with the error, in one transaction; returns
        the article id. ``analysis``: the whole analysis (``Analysis.to_json``), kept so that the
        window opens the article without the model. ``stat``: the file's (size, mtime_ns) when it
        was hashed. Speakers of new quotes are assigned by :func:`speakers.rebuild`."""
        path = _norm(path)
        data = data or {}
        quotes = data.get("quotes", [])
        figures = data.get("figures", [])
        entities = data.get("entities", [])
        now = _now()
        with self.transaction() as db:
            old = db.execute("SELECT id, added_at FROM articles WHERE path = ?", (path,)).fetchone()
            if old is not None:
                db.execute("DELETE FROM articles WHERE id = ?", (old["id"],))
            cur = db.execute(
                """INSERT INTO articles (path, content_hash, analyser_version, title, date, outlet, format,
                       words, quote_count, figure_count, entity_count, error_code, error_message,
                       analysed_at, added_at, file_size, file_mtime_ns)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    path,
                    content_hash,
                    analyser_version,
                    data.get("title"),
                    data.get("date"),
                    data.get("outlet"),
                    data.get("format"),
                    int(data.get("words", 0)),
                    len(quotes),
                    len(figures),
                    len(entities),
                    error_code,
                    error,
                    now,
                    old["added_at"] if old is not None else now,
                    stat[0] if stat else None,
                    stat[1] if stat else None,
                ),
            )
            article_id = int(cur.lastrowid or 0)
            db.executemany(
                "INSERT INTO entities (article_id, ref, name, label, category, mentions, forms)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        article_id,
                        e["ref"],
                        e["name"],
                        e.get("label"),
                        e.get("category"),
                        int(e.get("mentions", 0)),
                        json.dumps(e.get("forms", []), ensure_ascii=False),
                    )
                    for e in entities
                ],
            )
            db.executemany(
                """INSERT INTO quotes (article_id, seq, text, start, "end", kind, content_type, parts,
                       cue, cue_start, cue_end, speaker_text, speaker_start, speaker_end,
                       speaker_name, speaker_ref, speaker_kind)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [_quote_values(article_id, i, q) for i, q in enumerate(quotes)],
            )
            db.executemany(
                """INSERT INTO figures (article_id, text, start, "end", value, value_high, unit,
                       qualifier, per, change, "of") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        article_id,
                        f["text"],
                        f["start"],
                        f["end"],
                        f.get("value"),
                        f.get("value_high"),
                        f.get("unit"),
                        f.get("qualifier"),
                        f.get("per"),
                        f.get("change"),
                        f.get("of"),
                    )
                    for f in figures
                ],
            )
            if analysis is not None:
                blob = zlib.compress(json.dumps(analysis, ensure_ascii=False).encode("utf-8"), 6)
                db.execute("INSERT INTO analyses (article_id, data) VALUES (?, ?)", (article_id, blob))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('speakers_stale', '1')")
        return article_id

    def rename(self, old: str | os.PathLike[str], new: str | os.PathLike[str]) -> bool:
        """The article stored for ``old`` is now the file at ``new`` (a file moved or renamed,
        its content unchanged): its rows stay, under the new path. False when ``new`` is taken."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE path = ?", (_norm(new),)).fetchone():
                return False
            n = db.execute(
                "UPDATE articles SET path = ?, file_size = NULL, file_mtime_ns = NULL WHERE path = ?",
                (_norm(new), _norm(old)),
            ).rowcount  # (the new file's size and time are recorded when the run ends)
        return bool(n)

    def forget(self, paths: Iterable[str | os.PathLike[str]]) -> int:
        """Remove articles (files that are gone); returns how many were removed."""
        n = 0
        with self.transaction() as db:
            for p in paths:
                n += db.execute("DELETE FROM articles WHERE path = ?", (_norm(p),)).rowcount
            if n:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('speakers_stale', '1')")
        return n

    def speakers_stale(self) -> bool:
        """Whether articles were written since the speakers were last rebuilt."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'speakers_stale'").fetchone()
        return bool(row and row[0] == "1")

    def speaker_inputs(self) -> list[sqlite3.Row]:
        """For :mod:`reader.library.speakers`: every attributed quote's id, article, speaker as
        written and as resolved, its kind, and the forms of its entity in the article; in quote
        order (the merge reads an article's quotes in their order)."""
        return self._db.execute(
            f"""{_SPEAKER_INPUT}
               WHERE q.speaker_name IS NOT NULL AND q.speaker_name != '' ORDER BY q.id"""
        ).fetchall()

    def person_names(self) -> list[sqlite3.Row]:
        """For :mod:`reader.library.speakers`: every article's people (article id, name), the
        evidence of which names one article told apart."""
        return self._db.execute("SELECT article_id, name FROM entities WHERE label = 'PERSON'").fetchall()

    @contextmanager
    def speaker_update(self, rules: str) -> Iterator[SpeakerUpdate]:
        """One merge of the speakers whose quotes changed (:func:`reader.library.speakers.rebuild`),
        in one write transaction; the speakers are up to date when it commits. ``rules``: the
        version of the merge's rules; when it is not the one the buckets were computed with, every
        bucket is computed again (a merge of the whole library)."""
        with self.transaction() as db:
            update = SpeakerUpdate(db)
            row = db.execute("SELECT value FROM meta WHERE key = 'speaker_rules'").fetchone()
            if row is None or row[0] != rules:
                update.forget_buckets()
                db.execute("INSERT OR REPLACE INTO meta VALUES ('speaker_rules', ?)", (rules,))
            yield update
            if self.speakers_stale():
                db.execute("INSERT OR REPLACE INTO meta VALUES ('speakers_stale', '0')")


class SpeakerUpdate:
    """The rows one speaker merge reads and writes (:meth:`Library.speaker_update`), inside its
    transaction. The store keeps the merge's bookkeeping and knows none of its rules: a bucket is
    a name's place in the merge, computed by :mod:`reader.library.speakers` for the rows written
    since (NULL); a block is the buckets one merge must read together (linked by the rules);
    the block of a bucket is kept flat (every bucket names its root) and only grows.
    ``loaded`` counts the rows read for the merge."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self.loaded = 0

    def forget_buckets(self) -> None:
        """Every bucket is to be computed again, every block to be merged (the rules changed)."""
        db = self._db
        db.execute("UPDATE quotes SET bucket = NULL WHERE bucket IS NOT NULL")
        db.execute("UPDATE entities SET bucket = NULL WHERE label = 'PERSON' AND bucket IS NOT NULL")
        db.execute("UPDATE speakers SET bucket = NULL WHERE bucket IS NOT NULL")
        for table in ("speaker_blocks", "speaker_votes", "speaker_dirty"):
            db.execute(f"DELETE FROM {table}")

    def new_quotes(self) -> list[sqlite3.Row]:
        """The attributed quotes with no bucket yet (written since the last merge), in quote order,
        as :meth:`Library.speaker_inputs` gives them; quotes with no speaker are put in no bucket."""
        self._db.execute(
            "UPDATE quotes SET bucket = ''"
            " WHERE bucket IS NULL AND (speaker_name IS NULL OR speaker_name = '')"
        )
        rows = self._db.execute(f"{_SPEAKER_INPUT} WHERE q.bucket IS NULL ORDER BY q.id").fetchall()
        self.loaded += len(rows)
        return rows

    def new_people(self) -> list[sqlite3.Row]:
        """The people (entity id, article id, name) with no bucket yet."""
        rows = self._db.execute(
            "SELECT id, article_id, name FROM entities WHERE label = 'PERSON' AND bucket IS NULL"
        ).fetchall()
        self.loaded += len(rows)
        return rows

    def dirty(self) -> bool:
        """Whether rows were deleted from buckets since the last merge."""
        return self._db.execute("SELECT 1 FROM speaker_dirty LIMIT 1").fetchone() is not None

    def link(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Join the blocks of each pair of buckets (the smaller block takes the larger one's root)."""
        db = self._db
        pairs = [(a, b) for a, b in pairs if a != b]
        if not pairs:
            return
        buckets = sorted({b for pair in pairs for b in pair})
        root = {b: b for b in buckets}
        for chunk in _chunks(buckets):
            marks = ",".join("?" * len(chunk))
            found = db.execute(f"SELECT bucket, root FROM speaker_blocks WHERE bucket IN ({marks})", chunk)
            root.update((r[0], r[1]) for r in found)
        roots = sorted(set(root.values()))
        size = dict.fromkeys(roots, 1)
        for chunk in _chunks(roots):
            marks = ",".join("?" * len(chunk))
            size.update(
                db.execute(
                    f"SELECT root, count(*) FROM speaker_blocks WHERE root IN ({marks}) GROUP BY root", chunk
                )
            )
        parent = {r: r for r in roots}

        def find(r: str) -> str:
            while parent[r] != r:
                parent[r] = parent[parent[r]]
                r = parent[r]
            return r

        for a, b in pairs:
            ra, rb = find(root[a]), find(root[b])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        members: dict[str, list[str]] = {}
        for r in roots:
            members.setdefault(find(r), []).append(r)
        for group in members.values():
            if len(group) < 2:
                continue
            keep = max(group, key=lambda r: (size[r], r))  # relabel the smaller blocks
            db.execute("INSERT OR IGNORE INTO speaker_blocks VALUES (?, ?)", (keep, keep))
            for r in group:
                if r != keep:
                    db.execute("UPDATE speaker_blocks SET root = ? WHERE root = ?", (keep, r))
                    db.execute("INSERT OR REPLACE INTO speaker_blocks VALUES (?, ?)", (r, keep))

    def block(self, buckets: Iterable[str]) -> int:
        """Choose the buckets to merge: the blocks of ``buckets`` and of the buckets whose rows were
        deleted; returns how many buckets that is."""
        db = self._db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS speaker_block (bucket TEXT PRIMARY KEY) WITHOUT ROWID")
        db.execute("DELETE FROM temp.speaker_block")
        db.executemany("INSERT OR IGNORE INTO temp.speaker_block VALUES (?)", ((b,) for b in buckets))
        db.execute("INSERT OR IGNORE INTO temp.speaker_block SELECT bucket FROM speaker_dirty")
        db.execute(
            """INSERT OR IGNORE INTO temp.speaker_block
               SELECT m.bucket FROM speaker_blocks m WHERE m.root IN (
                   SELECT b.root FROM temp.speaker_block s JOIN speaker_blocks b ON b.bucket = s.bucket)"""
        )
        return int(db.execute("SELECT count(*) FROM temp.speaker_block").fetchone()[0])

    def quotes(self) -> list[sqlite3.Row]:
        """The quotes of the chosen buckets (:meth:`block`), as :meth:`new_quotes` gives them (in
        no order)."""
        rows = self._db.execute(
            f"{_SPEAKER_INPUT} WHERE q.bucket IN (SELECT bucket FROM temp.speaker_block)"
        ).fetchall()
        self.loaded += len(rows)
        return rows

    def people(self) -> list[sqlite3.Row]:
        """The people (article id, name) of the chosen buckets."""
        rows = self._db.execute(
            """SELECT article_id, name FROM entities
               WHERE label = 'PERSON' AND bucket IN (SELECT bucket FROM temp.speaker_block)"""
        ).fetchall()
        self.loaded += len(rows)
        return rows

    def votes(self) -> dict[str, int]:
        """word -> the votes the whole library cast for it, for the words of the chosen buckets."""
        return {
            r[0]: int(r[1])
            for r in self._db.execute(
                """SELECT word, sum(n) FROM speaker_votes
                   WHERE bucket IN (SELECT bucket FROM temp.speaker_block) GROUP BY word"""
            )
        }

    def set_buckets(
        self,
        quotes: Iterable[tuple[int, str]],
        people: Iterable[tuple[int, str]],
        votes: Iterable[tuple[int, str, str, int]],
    ) -> None:
        """Record the buckets computed: (quote id, bucket), (entity id, bucket), and each quote's
        votes (quote id, word, the word's bucket, how many)."""
        db = self._db
        db.executemany("UPDATE quotes SET bucket = ? WHERE id = ?", [(b, q) for q, b in quotes])
        db.executemany("UPDATE entities SET bucket = ? WHERE id = ?", [(b, e) for e, b in people])
        db.executemany("INSERT OR REPLACE INTO speaker_votes VALUES (?, ?, ?, ?)", votes)

    def write(
        self, groups: Sequence[tuple[str, str, str, Sequence[int], Sequence[tuple[str, int]], str]]
    ) -> None:
        """Replace the speakers of the chosen buckets: ``(key, name, kind, quote ids, variants with
        counts, bucket)`` each. A speaker keeps its id while its key stays (a view's selection
        survives); only the rows that differ are written; a speaker of these buckets that no group
        names any more is deleted."""
        db = self._db
        block = "SELECT bucket FROM temp.speaker_block"
        old = {
            r[1]: (int(r[0]), r[2], r[3], r[4])
            for r in db.execute(f"SELECT id, key, name, kind, bucket FROM speakers WHERE bucket IN ({block})")
        }
        old_variants: dict[int, dict[str, int]] = {}
        for r in db.execute(
            f"""SELECT v.speaker_id, v.variant, v.count FROM speaker_variants v
                JOIN speakers s ON s.id = v.speaker_id WHERE s.bucket IN ({block})"""
        ):
            old_variants.setdefault(int(r[0]), {})[r[1]] = int(r[2])
        current: dict[int, int | None] = {
            int(r[0]): r[1]
            for r in db.execute(f"SELECT id, speaker_id FROM quotes WHERE bucket IN ({block})")
        }
        keep: set[int] = set()
        for key, name, kind, quote_ids, variants, bucket in groups:
            row = old.get(key)
            if row is None:  # a new speaker, or one merged before the buckets were kept
                found = db.execute(
                    "SELECT id, name, kind, bucket FROM speakers WHERE key = ?", (key,)
                ).fetchone()
                row = (int(found[0]), found[1], found[2], found[3]) if found is not None else None
            if row is None:
                sid = int(
                    db.execute(
                        "INSERT INTO speakers (key, name, kind, bucket) VALUES (?, ?, ?, ?)",
                        (key, name, kind, bucket),
                    ).lastrowid
                    or 0
                )
            else:
                sid = row[0]
                if row[1:] != (name, kind, bucket):
                    db.execute(
                        "UPDATE speakers SET name = ?, kind = ?, bucket = ? WHERE id = ?",
                        (name, kind, bucket, sid),
                    )
            keep.add(sid)
            moved = [(sid, q) for q in quote_ids if current.pop(q, None) != sid]
            db.executemany("UPDATE quotes SET speaker_id = ? WHERE id = ?", moved)
            if old_variants.get(sid) != dict(variants):
                db.execute("DELETE FROM speaker_variants WHERE speaker_id = ?", (sid,))
                db.executemany(
                    "INSERT INTO speaker_variants VALUES (?, ?, ?)", [(sid, v, c) for v, c in variants]
                )
        # quotes of these buckets that no speaker holds (none when the merge saw them all)
        orphans = [(q,) for q, s in current.items() if s is not None]
        db.executemany("UPDATE quotes SET speaker_id = NULL WHERE id = ?", orphans)
        db.executemany("DELETE FROM speakers WHERE id = ?", [(s,) for s, *_ in old.values() if s not in keep])
        # the speakers merged before buckets were kept: the first merge reads the whole library
        db.execute("DELETE FROM speakers WHERE bucket IS NULL")
        db.execute("DELETE FROM speaker_dirty")


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- the name rules of the look-ups (the database's and the Parquet folder's) ---------------------


def found_first(found: Iterable[SpeakerRow], needle: str) -> list[SpeakerRow]:
    """Speakers a name was found in (``needle``: the name in lower case, one space), those whose
    name or a variant is exactly it first, then the most quoted."""

    def rank(s: SpeakerRow) -> tuple[int, int]:
        exact = s.name.lower() == needle or any(v.lower() == needle for v in s.variants)
        return (0 if exact else 1, -s.quotes)

    return sorted(found, key=rank)


def named_exactly(found: Iterable[SpeakerRow], needle: str) -> list[SpeakerRow]:
    """The speakers whose name or a written form is ``needle`` (a :func:`identity.form_key`) as one
    form, most quoted first."""
    exact = [s for s in found if needle in {identity.form_key(v) for v in (s.name, *s.variants)}]
    return sorted(exact, key=lambda s: (-s.quotes, s.name))


# --- rows ------------------------------------------------------------------------------------

_ARTICLE_COLUMNS = (
    "id, path, title, date, outlet, format, words, quote_count, figure_count, entity_count,"
    " error_code, error_message, analysed_at, content_hash, analyser_version"
)

_SPEAKER_INPUT = """SELECT q.id, q.article_id, q.speaker_text, q.speaker_name, q.speaker_kind, e.forms
    FROM quotes q LEFT JOIN entities e ON e.article_id = q.article_id AND e.ref = q.speaker_ref"""

_QUOTE_SELECT = """SELECT q.id, q.text, q.kind, q.content_type, q.cue, q.speaker_text, q.speaker_name,
    q.speaker_id, s.name AS speaker, q.article_id, a.path, a.title, a.date, q.start, q."end"
    FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"""


def stored_analysis(
    db_path: str | os.PathLike[str], path: str | os.PathLike[str], content_hash: str, analyser_version: str
) -> dict[str, Any] | None:
    """The stored analysis (``Analysis.to_json``) of the file at ``path`` when the library at
    ``db_path`` holds it for this content and this analyser; ``None`` otherwise, and whenever the
    database cannot be read (missing, locked, damaged, another program's: the caller analyses the
    file as usual). Read-only: the database is never written, created or checked here."""
    db_file = Path(db_path)
    if not db_file.is_file():
        return None
    try:
        db = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        if db.execute("PRAGMA user_version").fetchone()[0] < 2:
            return None
        row = db.execute(
            """SELECT a.data FROM analyses a JOIN articles r ON r.id = a.article_id
               WHERE r.path = ? AND r.content_hash = ? AND r.analyser_version = ?""",
            (_norm(path), content_hash, analyser_version),
        ).fetchone()
        if row is None:
            return None
        data: dict[str, Any] = json.loads(zlib.decompress(row[0]).decode("utf-8"))
        return data
    except (sqlite3.Error, zlib.error, ValueError):
        return None
    finally:
        db.close()


def _article(r: sqlite3.Row) -> ArticleRow:
    return ArticleRow(*tuple(r))


def _quote(r: sqlite3.Row) -> QuoteRow:
    return QuoteRow(*tuple(r))


def _quote_values(article_id: int, seq: int, q: dict[str, Any]) -> tuple[Any, ...]:
    cue = q.get("cue") or {}
    speaker = q.get("speaker") or {}
    return (
        article_id,
        seq,
        q["text"],
        q["start"],
        q["end"],
        q["kind"],
        q.get("content_type") or "clause",
        json.dumps(q.get("parts") or []),
        cue.get("text"),
        cue.get("start"),
        cue.get("end"),
        speaker.get("text"),
        speaker.get("start"),
        speaker.get("end"),
        q.get("speaker_name"),
        q.get("speaker_ref"),
        q.get("speaker_kind"),
    )


def _norm(path: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.fspath(path))


def _statements(script: str) -> list[str]:
    """The statements of a schema script (a trigger body's inner ``;`` kept)."""
    out: list[str] = []
    current = ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return out
