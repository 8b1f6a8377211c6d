"""Where a reader's corrections are kept: a small SQLite file beside the library database
(``library.sqlite3`` -> ``library.corrections.sqlite3``, in the user's data folder by default), for
every article a person corrected, in the library or not. Never the article's own file.

A correction is stored with the key of the text it was made on (:func:`reader.core.corrections.
text_hash`) and the file's path. An article's corrections are those of its text, and those made
on an earlier text of the same file (the file changed since): :func:`reader.core.corrections.apply`
re-attaches them by their words or reports them. A file of its own, not a table of the library:
the library is rebuilt from the articles whenever a person likes (a new model, a deleted
database), and what people corrected by hand must outlive that; the window writes it while an
index run holds the library.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.core.corrections import Applied, Correction
from reader.core.errors import LibraryError
from reader.core.model import Analysis
from reader.library.store import default_db_path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    text_hash TEXT NOT NULL,
    path TEXT,
    created TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_hash ON corrections(text_hash);
CREATE INDEX IF NOT EXISTS corrections_path ON corrections(path);
"""
PER_ARTICLE = 5000  # corrections read for one article at most (no person makes more; a file might)
APPLICATION_ID = 0x52444352  # "RDCR": a corrections file of the reader (not the library's id)


def corrections_path(db_path: str | os.PathLike[str] | None = None) -> Path:
    """The corrections file of the library at ``db_path`` (default: the user's library)."""
    db = Path(db_path) if db_path is not None else default_db_path()
    return db.with_name(db.stem + ".corrections" + (db.suffix or ".sqlite3"))


class CorrectionStore:
    """The corrections file at ``path`` (:func:`corrections_path` by default). ``readonly``: never
    created or written (a missing file has no corrections). Errors are :class:`LibraryError`
    lines naming the file."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, readonly: bool = False):
        self.path = Path(path) if path is not None else corrections_path()
        self.readonly = readonly
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        try:
            if self.readonly:
                if not self.path.is_file():
                    return None
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5)
            app = db.execute("PRAGMA application_id").fetchone()[0]
            if app not in (0, APPLICATION_ID):
                db.close()
                raise LibraryError(self.path, what="not a reader corrections file (left untouched)")
            if not self.readonly:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise LibraryError(self.path, str(exc), what="cannot be used") from None
        except OSError as exc:
            raise LibraryError(self.path, exc.strerror or str(exc), what="cannot be used") from None
        self._db = db
        return db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> CorrectionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        if self.readonly:
            raise LibraryError(self.path, what="opened read-only")
        db = self._connect()
        assert db is not None
        try:
            with db:
                yield db
        except sqlite3.Error as exc:
            raise LibraryError(self.path, str(exc), what="cannot be written") from None

    # -- reading ----------------------------------------------------------------------------------

    def for_article(self, text_hash: str, path: str | os.PathLike[str] | None) -> list[Correction]:
        """The corrections of the article with this text and path, in the order they were made:
        those of its text, and those made on an earlier text of the same file."""
        db = self._connect()
        if db is None:
            return []
        where, args = "text_hash = ?", [text_hash]
        if path is not None:
            where += " OR path = ?"
            args.append(_norm(path))
        try:
            rows = db.execute(
                f"SELECT data FROM corrections WHERE {where} ORDER BY seq LIMIT {PER_ARTICLE}", args
            ).fetchall()
        except sqlite3.Error as exc:
            raise LibraryError(self.path, str(exc), what="cannot be read") from None
        return [c for c in (_parse(r[0]) for r in rows) if c is not None]

    def applied(self, analysis: Analysis, path: str | os.PathLike[str] | None) -> Applied | None:
        """The article's corrections (:meth:`for_article`) laid on ``analysis``; None when it has none."""
        from reader.core.corrections import apply, text_hash

        found = self.for_article(text_hash(analysis.article.text), path)
        return apply(analysis, found) if found else None

    def records(self) -> list[tuple[str, str | None, Correction]]:
        """Every correction with its text's key and path, in the order they were made."""
        db = self._connect()
        if db is None:
            return []
        try:
            rows = db.execute("SELECT text_hash, path, data FROM corrections ORDER BY seq").fetchall()
        except sqlite3.Error as exc:
            raise LibraryError(self.path, str(exc), what="cannot be read") from None
        out = []
        for h, p, data in rows:
            c = _parse(data)
            if c is not None:
                out.append((h, p, c))
        return out

    def count(self) -> int:
        db = self._connect()
        if db is None:
            return 0
        try:
            return int(db.execute("SELECT count(*) FROM corrections").fetchone()[0])
        except sqlite3.Error as exc:
            raise LibraryError(self.path, str(exc), what="cannot be read") from None

    # -- writing ----------------------------------------------------------------------------------

    def add(self, text_hash: str, path: str | os.PathLike[str] | None, correction: Correction) -> None:
        """Keep a correction (again, after an undo: the same id takes its place at the end)."""
        with self._writing() as db:
            db.execute("DELETE FROM corrections WHERE id = ?", (correction.id,))
            _insert(db, text_hash, path, correction)

    def remove(self, correction_id: str) -> None:
        with self._writing() as db:
            db.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))

    def add_many(self, records: Iterable[tuple[str, str | None, Correction]]) -> tuple[int, int]:
        """Keep corrections from elsewhere (``reader corrections import``) in one transaction;
        one this file holds already (same id) is left as it is. Returns (added, already here)."""
        added = known = 0
        with self._writing() as db:
            for h, p, c in records:
                if db.execute("SELECT 1 FROM corrections WHERE id = ?", (c.id,)).fetchone():
                    known += 1
                    continue
                _insert(db, h, p, c)
                added += 1
        return added, known


def _insert(
    db: sqlite3.Connection, text_hash: str, path: str | os.PathLike[str] | None, c: Correction
) -> None:
    db.execute(
        "INSERT INTO corrections (id, text_hash, path, created, data) VALUES (?, ?, ?, ?, ?)",
        (
            c.id,
            text_hash,
            _norm(path) if path else None,
            c.created,
            json.dumps(c.to_json(), ensure_ascii=False),
        ),
    )


def _parse(data: str) -> Correction | None:
    """A stored correction (None for a row another version wrote in a form this one cannot read:
    it stays in the file, unused)."""
    try:
        return Correction.from_json(json.loads(data))
    except (ValueError, TypeError):
        return None


def _norm(path: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.fspath(path))


def refresh_in_library(
    path: str | os.PathLike[str],
    machine: Analysis,
    corrected: Analysis,
    db_path: str | os.PathLike[str] | None = None,
) -> bool:
    """After a correction in the window: when the library holds the file at ``path`` as it is now
    (same content, this analyser), its rows are made again from the corrected analysis (the
    stored analysis stays the machine's: corrections are laid on it when it is opened) and the
    speakers merged. Returns whether the library held it."""
    from reader.core.corrections import text_hash
    from reader.library.records import analyser_version, file_hash, record_from_json
    from reader.library.speakers import rebuild
    from reader.library.store import Library, stored_analysis

    db = Path(db_path) if db_path is not None else default_db_path()
    if not db.is_file() or not os.path.isfile(path):
        return False
    digest = file_hash(os.fspath(path))
    version = analyser_version()
    with Library(db, create=False) as lib:
        row = lib.article_by_path(path)
        if row is None or row.content_hash != digest or row.analyser_version != version or not row.ok:
            return False
        kept = stored_analysis(db, path, digest, version)
        if kept is None or text_hash(str(kept.get("text", ""))) != text_hash(machine.article.text):
            return False  # the library holds another text of the file now: not the one corrected
        try:
            st = os.stat(path)
            stat: tuple[int, int] | None = (st.st_size, st.st_mtime_ns)
        except OSError:
            stat = None
        lib.write_article(
            path,
            digest,
            version,
            record_from_json(corrected.to_json()),
            analysis=machine.to_json(),
            stat=stat,
        )
        rebuild(lib)
    return True


def corrected_record(
    store: CorrectionStore, path: str, analysis_json: dict[str, Any]
) -> tuple[dict[str, Any] | None, int]:
    """For the indexer: the library record of an analysis with the reader's corrections of the
    article applied (None when it has none), and how many of them found their place."""
    from reader.library.records import record_from_json

    done = store.applied(Analysis.from_json(analysis_json), path)
    if done is None:
        return None, 0
    return record_from_json(done.analysis.to_json()), len(done.attached)


# --- the corrections as data for others -----------------------------------------------------------

REVIEW_COLUMNS = (
    "path",
    "text_hash",
    "kind",
    "what",
    "words",
    "before",
    "after",
    "start",
    "end",
    "now",
    "was",
    "created",
    "id",
)


def review_csv(records: list[tuple[str, str | None, Correction]]) -> str:
    """The corrections as a CSV for a person to review: one row each, what it is about (the words
    with some text on each side) and what it says now and said before."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(REVIEW_COLUMNS)
    for h, path, c in records:
        t = c.target
        writer.writerow(
            (
                path or "",
                h,
                c.kind,
                c.title,
                t.exact,
                t.prefix,
                t.suffix,
                t.start,
                t.end,
                _now(c),
                _was(c),
                c.created,
                c.id,
            )
        )
    return buf.getvalue()


def _now(c: Correction) -> str:
    v = c.value
    if c.kind == "speaker":
        return v.get("name") or "(no speaker)"
    if c.kind in ("quote_span", "add_quote"):
        words = v["span"].exact
        return words + (f" — said by {v['name']}" if v.get("name") else "")
    if c.kind == "entity_type":
        return str(v["category"])
    if c.kind == "entity_name":
        return str(v["name"])
    if c.kind == "merge_entities":
        return f"the same as {v.get('name') or v['into'].exact}"
    if c.kind == "figure_of":
        return str(v["of"])
    return ""  # not a quote, not a figure: the kind says it


def _was(c: Correction) -> str:
    return json.dumps(c.original, ensure_ascii=False) if c.original else ""


def training_records(records: list[tuple[str, str | None, Correction]]) -> Iterator[dict[str, Any]]:
    """The corrections as attribution training data, one article a line in the shared corpus'
    form (``attributions``: ``source``, ``cue``, ``content`` as [start, end] lists, ``kind``), with
    the text's hash in place of the text (the text stays with its owner). ``complete``: the line
    holds every attribution of the article's analysis with the corrections applied, each marked
    ``corrected`` or not (the library held the analysis of that text); otherwise only those the
    corrections themselves give. ``rejected``: the spans people marked "not a quote" (negative
    examples)."""
    from reader.core.corrections import apply

    by_text: dict[str, tuple[str | None, list[Correction]]] = {}
    for h, path, c in records:
        by_text.setdefault(h, (path, []))[1].append(c)
    for h, (path, found) in by_text.items():
        analysis = _analysis_of(h, path)
        rejected = [[c.target.start, c.target.end] for c in found if c.kind == "not_quote"]
        quotes = (
            list(apply(analysis, found).analysis.quotes) if analysis is not None else _corrected_only(found)
        )
        complete = analysis is not None
        yield {
            "id": h[:16],
            "text_hash": h,
            "path": path,
            "complete": complete,
            "attributions": [_attribution(q) for q in quotes],
            "rejected": rejected,
        }


def _attribution(q: Any) -> dict[str, Any]:
    spans = [list(r) for r in q.ranges()]
    return {
        "source": [[q.speaker.start, q.speaker.end]] if q.speaker else [],
        "cue": [[q.cue.start, q.cue.end]] if q.cue else [],
        "content": spans,
        "kind": q.kind,
        "corrected": bool(q.corrected),
    }


def _corrected_only(found: list[Correction]) -> list[Any]:
    """The attributions the corrections themselves give (no analysis at hand): added quotes, and
    the words and speakers people set."""
    from reader.core.corrections import quote_kind
    from reader.core.model import Quote, Span

    out: dict[tuple[int, int], Quote] = {}
    for c in found:
        if c.kind == "speaker":  # the quote's words as they were, its speaker as the person said
            t, sp = c.target, c.value.get("span")
            speaker = Span(sp.exact, sp.start, sp.end) if sp else None
            out[(t.start, t.end)] = Quote(
                t.exact, t.start, t.end, quote_kind(t.exact), speaker, c.value.get("name"), corrected=True
            )
        elif c.kind == "not_quote":
            out.pop((c.target.start, c.target.end), None)
        elif c.kind == "quote_span":  # the words the person set, with the speaker they saw
            span, sp = c.value["span"], c.value.get("speaker")
            before = out.pop((c.target.start, c.target.end), None)
            speaker = (
                before.speaker if before is not None else Span(sp.exact, sp.start, sp.end) if sp else None
            )
            name = before.speaker_name if before is not None else c.value.get("name")
            out[(span.start, span.end)] = Quote(
                span.exact, span.start, span.end, quote_kind(span.exact), speaker, name, corrected=True
            )
        elif c.kind == "add_quote":
            span, sp = c.value["span"], c.value.get("speaker")
            speaker = Span(sp.exact, sp.start, sp.end) if sp else None
            name = c.value.get("name")
            out[(span.start, span.end)] = Quote(
                span.exact, span.start, span.end, quote_kind(span.exact), speaker, name, corrected=True
            )
    return sorted(out.values(), key=lambda q: q.start)


def _analysis_of(text_hash: str, path: str | None) -> Analysis | None:
    """The machine's analysis of the text with this hash: the library's, for the file at ``path``
    when it still holds that text (no model is run here)."""
    if not path or not os.path.isfile(path):  # (a device or a pipe is never read)
        return None
    from reader.core.corrections import text_hash as hash_of
    from reader.library.records import stored_analysis

    try:
        analysis = stored_analysis(path)
    except Exception:  # the library is a shortcut here: without it, the corrections alone
        return None
    if analysis is None or hash_of(analysis.article.text) != text_hash:
        return None
    return analysis


def refresh_paths(paths: Iterable[str], db_path: str | os.PathLike[str] | None = None) -> int:
    """After corrections arrive from elsewhere (``reader corrections import``): the library's rows
    of each article at ``paths`` it holds, made again from its stored analysis with the
    corrections applied (no file is read, no model run), then the speakers merged. Returns how
    many articles were rewritten."""
    from reader.library.records import record_from_json
    from reader.library.speakers import rebuild
    from reader.library.store import Library, stored_analysis

    db = Path(db_path) if db_path is not None else default_db_path()
    if not db.is_file():
        return 0
    done = 0
    with Library(db, create=False) as lib, CorrectionStore(corrections_path(), readonly=True) as store:
        for path in sorted(set(paths)):
            row = lib.article_by_path(path)
            if row is None or not row.ok:
                continue
            kept = stored_analysis(db, path, row.content_hash, row.analyser_version)
            if kept is None:
                continue
            fixed = store.applied(Analysis.from_json(kept), path)
            if fixed is None:
                continue
            record = record_from_json(fixed.analysis.to_json())
            lib.write_article(path, row.content_hash, row.analyser_version, record, analysis=kept)
            done += 1
        if done:
            rebuild(lib)
    return done
