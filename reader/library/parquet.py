"""Parquet shards instead of a database (``reader index DIR --out DIR.parquet``), for a corpus too
large for one SQLite file or for the user's own analysis (pandas, polars, DuckDB, Spark).

The folder holds four datasets, ``articles/``, ``quotes/``, ``entities/`` and ``figures/``, each a
series of ``part-NNNNN.parquet`` files; every row carries the article ``path``. A shard is written
to a temporary name and renamed, the ``articles`` shard last: it commits the others, so a shard
number without its articles file is the leftover of a killed run and is removed on the next one.
An article analysed again goes into a new shard and its rows leave the older ones, so each path is
in one shard. The run resumes like the database: a file with the same content hash and analyser
version is skipped.

``speakers/`` holds the merged speakers (:func:`reader.library.speakers.merge`, the database's
rules): ``names.parquet``, one row per speaker (id, key, name, kind, counts, written forms as a JSON
list), and ``quotes.parquet``, the speaker of each attributed quote (``path``, ``seq``). They are
merged again at the end of a run that changed a shard; a file ``speakers/STALE``, made before a
shard changes and removed after the merge, tells the read commands (``reader quotes --parquet``,
:mod:`reader.library.parquet_query`) that a killed run left them out of date. The merge holds
every quote's speaker in memory. ``manifest.json``, written at the end of a run, lists the shards
as that run left them with their row counts: readers take the shards from it, so what a later run
is writing is not read before it ends. pyarrow (``pip install 'reader[cluster]'``) is imported only here.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

from reader.core.errors import LibraryError, OptionalDependencyError

TABLES = ("quotes", "entities", "figures", "articles")  # articles last: it commits a shard
SHARD_ARTICLES = 500
SHARD_SECONDS = 30.0  # a shard at least this often: a killed run loses at most this much work
SPEAKERS, NAMES, MEMBERS, STALE = "speakers", "names.parquet", "quotes.parquet", "STALE"
MANIFEST = "manifest.json"
_PART = re.compile(r"^part-(\d{5})\.parquet$")


def _pa() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise OptionalDependencyError(
            detail="Parquet output needs the 'pyarrow' package: pip install 'reader[cluster]'"
        ) from None
    return pa, pq


class ParquetSink:
    """The indexer's sink for ``--out``: rows buffered, a shard written every
    :data:`SHARD_ARTICLES` articles or :data:`SHARD_SECONDS` seconds, whichever comes first, and at
    the end."""

    def __init__(
        self,
        out: str | os.PathLike[str],
        *,
        shard_seconds: float = SHARD_SECONDS,
        clock: Any = time.monotonic,
    ):
        self.pa, self.pq = _pa()
        self.clock = clock
        self.shard_seconds = shard_seconds
        self._flushed_at = clock()
        self.stats: dict[str, tuple[int, int]] = {}  # the files the indexer hashed: (size, mtime_ns)
        self.root = Path(out)
        if self.root.exists() and not self.root.is_dir():
            raise LibraryError(self.root, what="Parquet output must be a folder")
        if self.root.is_dir() and any(self.root.iterdir()) and not (self.root / "articles").is_dir():
            raise LibraryError(self.root, what="not a reader Parquet folder (left untouched)")
        for t in TABLES:
            (self.root / t).mkdir(parents=True, exist_ok=True)
        self._rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self._rows_held: dict[str, dict[str, Any]] | None = None  # (known(): the plan's one read)
        self._clean()
        self._compact()

    # -- the shards on disk ------------------------------------------------------------------------

    def _parts(self, table: str) -> dict[int, Path]:
        out: dict[int, Path] = {}
        for p in (self.root / table).iterdir():
            m = _PART.match(p.name)
            if m:
                out[int(m.group(1))] = p
            elif p.name.endswith(".tmp"):
                p.unlink()  # a shard a killed run did not finish
        return out

    def _clean(self) -> None:
        committed = set(self._parts("articles"))
        for t in TABLES[:-1]:
            for n, p in self._parts(t).items():
                if n not in committed:
                    p.unlink()
        self._next = max(committed, default=-1) + 1

    def _paths_by_shard(self) -> dict[int, list[str]]:
        return {
            n: self.pq.read_table(p, columns=["path"]).column("path").to_pylist()
            for n, p in sorted(self._parts("articles").items())
        }

    def _compact(self) -> None:
        """Each path in its latest shard only: the shards holding a path a later shard holds again
        are rewritten without it (the others are not read)."""
        latest: dict[str, int] = {}
        by_shard = self._paths_by_shard()
        for n, paths in by_shard.items():
            for path in paths:
                latest[path] = n
        behind = {n for n, paths in by_shard.items() if any(latest[path] != n for path in paths)}
        for t in TABLES:
            for n, p in self._parts(t).items():
                if n not in behind and n in by_shard:
                    continue
                table = self.pq.read_table(p)
                keep = [latest.get(path) == n for path in table.column("path").to_pylist()]
                if all(keep):
                    continue
                self._stale()
                self._write(p, table.filter(self.pa.array(keep)))

    def _write(self, target: Path, table: Any) -> None:
        _write_table(self.pq, target, table)

    # -- the sink ----------------------------------------------------------------------------------

    def _held(self) -> dict[str, dict[str, Any]]:
        """path -> its articles row in the latest shard that holds it (the columns the indexer's
        plan asks about), read once for the questions below."""
        wanted = (
            "path",
            "content_hash",
            "analyser_version",
            "error_code",
            "error",
            "file_size",
            "file_mtime_ns",
        )
        out: dict[str, dict[str, Any]] = {}
        for _n, p in sorted(self._parts("articles").items()):
            present = [c for c in wanted if c in self.pq.read_schema(p).names]
            for row in self.pq.read_table(p, columns=present).to_pylist():
                out[row["path"]] = row
        return out

    def known(self) -> dict[str, tuple[str, str]]:
        self._rows_held = self._held()
        return {path: (r["content_hash"], r["analyser_version"]) for path, r in self._rows_held.items()}

    def known_stats(self) -> dict[str, tuple[int, int]]:
        """path -> (size, modification time) of each file when it was hashed (a shard written
        before the shards kept them has none: its files are hashed)."""
        held = self._rows_held if self._rows_held is not None else self._held()
        return {
            path: (r["file_size"], r["file_mtime_ns"])
            for path, r in held.items()
            if r.get("file_size") is not None and r.get("file_mtime_ns") is not None
        }

    def record_stats(self, stats: dict[str, tuple[int, int]]) -> None:
        pass  # (a file touched but unchanged keeps its old time in the shards: hashed again next run)

    def failed(self) -> dict[str, str]:
        held = self._rows_held if self._rows_held is not None else self._held()
        return {path: r["error"] or r["error_code"] for path, r in held.items() if r["error_code"]}

    def write(self, result: Any, version: str) -> None:
        if not self._rows["articles"]:
            self._flushed_at = self.clock()  # a shard's time runs from its first row
        made = shard_rows(
            result.path,
            result.content_hash,
            version,
            result.record,
            result.error_code,
            result.error,
            self.stats.get(result.path),
        )
        for t, rows in made.items():
            self._rows[t] += rows
        if len(self._rows["articles"]) >= SHARD_ARTICLES:
            self._flush()

    def reserve(self) -> int:
        """A shard number for a cluster worker to write itself (:func:`write_shard`)."""
        self._stale()
        n, self._next = self._next, self._next + 1
        return n

    def _flush(self) -> None:
        if not self._rows["articles"]:
            return
        self._stale()
        write_shard(self.root, self._next, self._rows)
        self._rows = {t: [] for t in TABLES}
        self._next += 1
        self._flushed_at = self.clock()

    def checkpoint(self, final: bool) -> None:
        if final:
            self._flush()
            self._compact()
            stale = self.root / SPEAKERS / STALE
            if (
                stale.exists()
                or not (self.root / SPEAKERS / NAMES).exists()
                or not (self.root / MANIFEST).exists()
            ):
                self._merge_speakers()
                self._write_manifest()
                stale.unlink(missing_ok=True)
        elif self.clock() - self._flushed_at >= self.shard_seconds:
            self._flush()

    # -- the speakers ------------------------------------------------------------------------------

    def _stale(self) -> None:
        """Mark the speakers out of date before a shard changes (a killed run leaves the mark);
        what was read of the shards is read again when asked."""
        self._rows_held = None
        (self.root / SPEAKERS).mkdir(exist_ok=True)
        (self.root / SPEAKERS / STALE).touch()

    def _merge_speakers(self) -> None:
        """The library's speakers over every shard (:func:`reader.library.speakers.merge`, the rules
        the database uses): ``speakers/names.parquet`` (one row per speaker) and
        ``speakers/quotes.parquet`` (which speaker each quote's ``path``, ``seq`` is). A speaker
        keeps its id while its key stays."""
        from reader.library.speakers import merge

        articles: dict[str, int] = {}
        forms: dict[tuple[str, str], str] = {}
        people: list[tuple[int, str]] = []
        for _n, p in sorted(self._parts("entities").items()):
            t = self.pq.read_table(p, columns=["path", "ref", "label", "name", "forms"]).to_pydict()
            for path, ref, label, name, f in zip(
                t["path"], t["ref"], t["label"], t["name"], t["forms"], strict=True
            ):
                aid = articles.setdefault(path, len(articles))
                forms[(path, ref)] = f
                if label == "PERSON":
                    people.append((aid, name))
        where: list[tuple[str, int]] = []  # a quote id of the merge -> (path, seq)
        rows: list[tuple[object, ...]] = []
        wanted = ["path", "seq", "speaker_text", "speaker_name", "speaker_kind", "speaker_ref"]
        for _n, p in sorted(self._parts("quotes").items()):
            present = set(self.pq.read_schema(p).names)
            t = self.pq.read_table(p, columns=[c for c in wanted if c in present]).to_pydict()
            refs = t.get("speaker_ref") or [None] * len(t["path"])  # (a shard written before refs)
            for path, seq, spoken, name, kind, ref in zip(
                t["path"],
                t["seq"],
                t["speaker_text"],
                t["speaker_name"],
                t["speaker_kind"],
                refs,
                strict=True,
            ):
                if not name:
                    continue
                rows.append(
                    (
                        len(where),
                        articles.setdefault(path, len(articles)),
                        spoken,
                        name,
                        kind,
                        forms.get((path, ref)),
                    )
                )
                where.append((path, seq))
        groups = merge(rows, people)
        ids = self._speaker_ids()
        next_id = max(ids.values(), default=0) + 1
        names: list[dict[str, Any]] = []
        members: list[dict[str, Any]] = []
        for key, name, kind, quote_ids, variants in groups:
            sid = ids.get(key)
            if sid is None:
                sid, next_id = next_id, next_id + 1
            names.append(
                {
                    "speaker_id": sid,
                    "key": key,
                    "name": name,
                    "kind": kind,
                    "quotes": len(quote_ids),
                    "articles": len({where[q][0] for q in quote_ids}),
                    "variants": json.dumps([v for v, _c in variants], ensure_ascii=False),
                }
            )
            members += [{"path": where[q][0], "seq": where[q][1], "speaker_id": sid} for q in quote_ids]
        folder = self.root / SPEAKERS
        folder.mkdir(exist_ok=True)
        self._write(folder / MEMBERS, self.pa.Table.from_pylist(members, schema=_schema(self.pa, "members")))
        self._write(folder / NAMES, self.pa.Table.from_pylist(names, schema=_schema(self.pa, "names")))

    def _write_manifest(self) -> None:
        """``manifest.json``: the shards of the folder as this run left it (file names, rows of each
        dataset, from the files' footers) and the speakers' files. A reader takes the shards from it,
        so a run going on (or killed) adds none of its shards to what the reader sees."""
        shards = []
        for _n, p in sorted(self._parts("articles").items()):
            rows = {t: self.pq.read_metadata(self.root / t / p.name).num_rows for t in TABLES}
            shards.append({"name": p.name, **rows})
        manifest = {
            "format": "reader-parquet/1",
            "written_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "shards": shards,
            "speakers": {"names": f"{SPEAKERS}/{NAMES}", "quotes": f"{SPEAKERS}/{MEMBERS}"},
        }
        tmp = self.root / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        os.replace(tmp, self.root / MANIFEST)

    def _speaker_ids(self) -> dict[str, int]:
        """The ids the last merge gave each speaker key."""
        try:
            t = self.pq.read_table(self.root / SPEAKERS / NAMES, columns=["key", "speaker_id"]).to_pydict()
        except (OSError, ValueError):
            return {}  # none yet, or unreadable: numbered afresh
        return dict(zip(t["key"], t["speaker_id"], strict=True))


def shard_rows(
    path: str,
    content_hash: str,
    version: str,
    record: dict[str, Any] | None,
    error_code: str | None = None,
    error: str | None = None,
    stat: tuple[int, int] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The rows one article adds to each dataset (a file that failed: its articles row only);
    ``stat``: the file's size and modification time when it was hashed."""
    rec = record or {}
    quotes = rec.get("quotes", [])
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    out["articles"].append(
        {
            "path": path,
            "content_hash": content_hash,
            "analyser_version": version,
            "title": rec.get("title"),
            "date": rec.get("date"),
            "outlet": rec.get("outlet"),
            "format": rec.get("format"),
            "words": int(rec.get("words", 0)),
            "quote_count": len(quotes),
            "figure_count": len(rec.get("figures", [])),
            "entity_count": len(rec.get("entities", [])),
            "error_code": error_code,
            "error": error,
            "analysed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "file_size": stat[0] if stat else None,
            "file_mtime_ns": stat[1] if stat else None,
        }
    )
    for i, q in enumerate(quotes):
        cue = q.get("cue") or {}
        speaker = q.get("speaker") or {}
        out["quotes"].append(
            {
                "path": path,
                "seq": i,
                "text": q["text"],
                "start": q["start"],
                "end": q["end"],
                "kind": q["kind"],
                "content_type": q.get("content_type") or "clause",
                "cue": cue.get("text"),
                "speaker_text": speaker.get("text"),
                "speaker_name": q.get("speaker_name"),
                "speaker_kind": q.get("speaker_kind"),
                "speaker_ref": q.get("speaker_ref"),
                "parts": json.dumps(q.get("parts") or []),
                "cue_start": cue.get("start"),
                "cue_end": cue.get("end"),
                "speaker_start": speaker.get("start"),
                "speaker_end": speaker.get("end"),
            }
        )
    for e in rec.get("entities", []):
        out["entities"].append(
            {
                "path": path,
                "ref": e["ref"],
                "name": e["name"],
                "label": e.get("label"),
                "category": e.get("category"),
                "mentions": int(e.get("mentions", 0)),
                "forms": json.dumps(e.get("forms", []), ensure_ascii=False),
            }
        )
    for f in rec.get("figures", []):
        out["figures"].append(
            {
                "path": path,
                "text": f["text"],
                "start": f["start"],
                "end": f["end"],
                "value": float(f["value"]) if f.get("value") is not None else None,
                "value_high": float(f["value_high"]) if f.get("value_high") is not None else None,
                "unit": f.get("unit"),
                "qualifier": f.get("qualifier"),
                "per": f.get("per"),
                "change": f.get("change"),
                "of": f.get("of"),
            }
        )
    return out


def write_shard(root: str | os.PathLike[str], number: int, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Write shard ``number`` of the folder ``root``: each dataset's file under a temporary name,
    renamed into place, the articles file last (it commits the shard). Run by the sink, or by a
    cluster worker that sees the folder."""
    pa, pq = _pa()
    name = f"part-{number:05d}.parquet"
    for t in TABLES:
        _write_table(pq, Path(root) / t / name, pa.Table.from_pylist(rows.get(t, []), schema=_schema(pa, t)))


def _write_table(pq: Any, target: Path, table: Any) -> None:
    tmp = target.with_name(target.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, target)


def import_into(library: Any, root: str | os.PathLike[str], progress: Any = None) -> tuple[int, int]:
    """Bring the articles of the Parquet folder ``root`` into the open ``library`` (a cluster's
    output into the window's library): each article the library lacks, or holds with another
    content hash or analyser version, is written as the indexer writes it, one transaction each;
    the rest are left alone, as are the library's other articles. Read shard by shard (memory
    stays that of one shard). Returns (written, unchanged); ``progress(done, total)`` after each
    shard. The caller merges the speakers afterwards. The window analyses an imported article
    again when it opens it (the folder keeps no article text)."""
    _pa_module, pq = _pa()
    folder = Path(root)
    if not (folder / "articles").is_dir():
        raise LibraryError(folder, what="not a reader Parquet folder")
    known = library.known()
    shards = sorted(p.name for p in (folder / "articles").iterdir() if _PART.match(p.name))
    written = unchanged = 0
    for k, name in enumerate(shards, 1):
        tables: dict[str, list[dict[str, Any]]] = {}
        for t in TABLES:
            try:
                tables[t] = pq.read_table(folder / t / name).to_pylist()
            except (OSError, ValueError) as exc:  # (pyarrow's errors are both)
                detail = str(exc).splitlines()[0]
                raise LibraryError(folder / t / name, detail, what="cannot be read") from None
        by_path: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for t in TABLES[:-1]:
            for row in tables[t]:
                by_path.setdefault(row["path"], {}).setdefault(t, []).append(row)
        for a in tables["articles"]:
            path = a["path"]
            if known.get(path) == (a["content_hash"], a["analyser_version"]):
                unchanged += 1
                continue
            rows = by_path.get(path, {})
            stat = (a["file_size"], a["file_mtime_ns"]) if a.get("file_mtime_ns") is not None else None
            library.write_article(
                path,
                a["content_hash"],
                a["analyser_version"],
                None if a["error_code"] else _record(a, rows),
                error_code=a["error_code"],
                error=a["error"],
                stat=stat,
            )
            known[path] = (a["content_hash"], a["analyser_version"])
            written += 1
        if progress is not None:
            progress(k, len(shards))
    return written, unchanged


def _record(article: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The indexer's record of an article from its rows (:func:`shard_rows` read back)."""
    quotes = []
    for q in sorted(rows.get("quotes", []), key=lambda r: r["seq"]):
        cue = {"text": q["cue"], "start": q.get("cue_start"), "end": q.get("cue_end")} if q["cue"] else None
        spoken = q["speaker_text"]
        speaker = (
            {"text": spoken, "start": q.get("speaker_start"), "end": q.get("speaker_end")} if spoken else None
        )
        quotes.append(
            {
                "text": q["text"],
                "start": q["start"],
                "end": q["end"],
                "kind": q["kind"],
                "content_type": q["content_type"],
                "parts": json.loads(q.get("parts") or "[]"),
                "cue": cue,
                "speaker": speaker,
                "speaker_name": q["speaker_name"],
                "speaker_ref": q.get("speaker_ref"),
                "speaker_kind": q["speaker_kind"],
            }
        )
    entities = [{**e, "forms": json.loads(e["forms"] or "[]")} for e in rows.get("entities", [])]
    return {
        "title": article["title"],
        "date": article["date"],
        "outlet": article["outlet"],
        "format": article["format"],
        "words": article["words"],
        "quotes": quotes,
        "entities": entities,
        "figures": rows.get("figures", []),
    }


# the columns of each dataset: name:type (s text, i integer, f float)
COLUMNS = {
    "articles": "path:s content_hash:s analyser_version:s title:s date:s outlet:s format:s words:i"
    " quote_count:i figure_count:i entity_count:i error_code:s error:s analysed_at:s"
    " file_size:i file_mtime_ns:i",
    "quotes": "path:s seq:i text:s start:i end:i kind:s content_type:s cue:s speaker_text:s"
    " speaker_name:s speaker_kind:s speaker_ref:s parts:s cue_start:i cue_end:i speaker_start:i"
    " speaker_end:i",
    "entities": "path:s ref:s name:s label:s category:s mentions:i forms:s",
    "figures": "path:s text:s start:i end:i value:f value_high:f unit:s qualifier:s per:s change:s of:s",
    # speakers/: the merged speakers, and which speaker each attributed quote is
    "names": "speaker_id:i key:s name:s kind:s quotes:i articles:i variants:s",
    "members": "path:s seq:i speaker_id:i",
}


def _schema(pa: Any, table: str) -> Any:
    types = {"s": pa.string(), "i": pa.int64(), "f": pa.float64()}
    return pa.schema([(name, types[t]) for name, _, t in (c.partition(":") for c in COLUMNS[table].split())])
