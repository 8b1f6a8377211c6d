"""The library database without the model: schema, faults, search, speaker merging rules."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from reader.core.errors import LibraryCorruptError, LibraryError, LibraryForeignError, LibraryNewerError
from reader.library import Library, default_db_path
from reader.library.speakers import merge, rebuild
from reader.library.store import SCHEMA_VERSION, fts_query


def _quote(text, start, speaker_text, speaker_name, kind="person", ref=None):
    return {
        "text": text,
        "start": start,
        "end": start + len(text),
        "kind": "direct",
        "cue": {"text": "said", "start": start + len(text) + 2, "end": start + len(text) + 6},
        "speaker": {"text": speaker_text, "start": 0, "end": len(speaker_text)},
        "speaker_name": speaker_name,
        "speaker_ref": ref,
        "speaker_kind": kind,
        "parts": [],
        "content_type": "clause",
    }


def _record(quotes, entities=(), title="T"):
    return {
        "title": title,
        "date": "2016-09-12",
        "outlet": "Daily",
        "format": "txt",
        "words": 50,
        "entities": list(entities),
        "quotes": quotes,
        "figures": [{"text": "$4 billion", "start": 1, "end": 11, "value": 4e9, "unit": "USD"}],
    }


def _person(ref, name, *forms):
    return {
        "ref": ref,
        "name": name,
        "label": "PERSON",
        "category": "speaker",
        "mentions": 2,
        "forms": list(forms),
    }


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as library:
        yield library


def test_default_path_is_in_the_isolated_data_folder(tmp_path, monkeypatch):
    import os

    assert str(default_db_path()).startswith(os.environ["XDG_DATA_HOME"])
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"


def test_new_library_is_wal_with_schema_version(tmp_path):
    path = tmp_path / "sub" / "lib.sqlite3"
    with Library(path) as lib:
        assert lib.check() == []
        assert lib.stats().articles == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    with Library(path, create=False) as again:  # reopening leaves it as it is
        assert again.stats().articles == 0


def test_write_replace_and_read(lib, tmp_path):
    p = tmp_path / "a.txt"
    q = [_quote("We need it now,", 10, "Carter", "Ash Carter", ref="p1")]
    aid = lib.write_article(p, "h1", "v1", _record(q, [_person("p1", "Ash Carter", "Ash Carter", "Carter")]))
    row = lib.article(aid)
    assert row is not None and row.ok and row.quotes == 1 and row.figures == 1 and row.outlet == "Daily"
    assert lib.known() == {str(p): ("h1", "v1")}
    # a second write of the same path replaces everything (no duplicates, same added_at)
    q2 = [
        _quote("First,", 0, "he", "Ash Carter", ref="p1"),
        _quote("Second,", 20, "Carter", "Ash Carter", ref="p1"),
    ]
    lib.write_article(p, "h2", "v1", _record(q2, [_person("p1", "Ash Carter")]))
    assert lib.stats().articles == 1 and lib.stats().quotes == 2
    assert lib.known()[str(p)] == ("h2", "v1")
    # a failure is a row too, with its code and nothing else
    bad = tmp_path / "bad.txt"
    lib.write_article(bad, "h3", "v1", None, error_code="E005", error=f"{bad}: binary [E005]")
    assert [a.path for a in lib.articles(failed_only=True)] == [str(bad)]
    assert lib.article_by_path(bad).error_code == "E005"


def test_fts_search_words_and_speakers(lib, tmp_path):
    lib.write_article(
        tmp_path / "a.txt",
        "h",
        "v",
        _record(
            [
                _quote("The barriers will protect the harbour", 0, "Mayor Lee", "Anna Lee", ref="p"),
                _quote("Costs rose sharply", 50, "officials", "officials", kind="unnamed"),
            ],
            [_person("p", "Anna Lee", "Anna Lee")],
        ),
    )
    rebuild(lib)
    found = lib.search("what did anyone say about the barrier?")
    assert [q.text for q in found] == ["The barriers will protect the harbour"]
    assert found[0].speaker == "Anna Lee" and found[0].article_path == str(tmp_path / "a.txt")
    assert [q.text for q in lib.search("Lee")] == [
        "The barriers will protect the harbour"
    ]  # speaker names too
    assert lib.search("harbour costs") == []  # every word must occur
    assert lib.search("???") == []
    assert fts_query('a "quoted" OR (odd) NEAR') is not None  # never FTS syntax from the user
    lib.search('a "quoted" OR (odd) NEAR*')


def test_speakers_merge_across_articles(lib, tmp_path):
    carter = [
        ("a1", "Carter", "Ash Carter", ("Ash Carter", "Defense Secretary Ash Carter", "Carter")),
        ("a2", "Mr. Carter", "Ashton Carter", ("Ashton Carter", "Mr. Carter")),
        ("a3", "Carter", "Carter", ("Carter",)),
    ]
    for name, spoken, resolved, forms in carter:
        lib.write_article(
            tmp_path / f"{name}.txt",
            name,
            "v",
            _record([_quote("x", 0, spoken, resolved, ref="p")], [_person("p", resolved, *forms)]),
        )
    # "Clinton" alone with two Clintons in the library stays on its own
    lib.write_article(
        tmp_path / "c1.txt",
        "c1",
        "v",
        _record(
            [
                _quote("a", 0, "Hillary Clinton", "Hillary Clinton", ref="h"),
                _quote("b", 9, "Bill Clinton", "Bill Clinton", ref="b"),
            ],
            [
                _person("h", "Hillary Clinton", "Hillary Clinton"),
                _person("b", "Bill Clinton", "Bill Clinton"),
            ],
        ),
    )
    lib.write_article(
        tmp_path / "c2.txt",
        "c2",
        "v",
        _record([_quote("c", 0, "Clinton", "Clinton", ref="c")], [_person("c", "Clinton", "Clinton")]),
    )
    lib.write_article(
        tmp_path / "o.txt", "o", "v", _record([_quote("d", 0, "officials", "officials", kind="unnamed")])
    )
    assert lib.speakers_stale()
    rebuild(lib)
    assert not lib.speakers_stale()
    by_name = {s.name: s for s in lib.speakers()}
    assert set(by_name) == {
        "Ashton Carter", "Hillary Clinton", "Bill Clinton", "Clinton (unresolved)", "officials"
    }  # fmt: skip
    ash = by_name["Ashton Carter"]
    assert (ash.quotes, ash.articles, ash.kind) == (3, 3, "person")
    assert {"Carter", "Ash Carter", "Mr. Carter", "Defense Secretary Ash Carter"} <= set(ash.variants)
    assert by_name["officials"].kind == "unnamed"
    assert [s.name for s in lib.speakers(kinds=("person",))] == [
        "Ashton Carter", "Bill Clinton", "Clinton (unresolved)", "Hillary Clinton"
    ]  # fmt: skip
    assert lib.find_speakers("Mr. Carter")[0].id == ash.id
    assert len(lib.quotes(speaker_id=ash.id)) == 3
    # ids stay while the name stays
    rebuild(lib)
    assert lib.find_speakers("Carter")[0].id == ash.id


def test_merge_rules_directly():
    rows = [
        (1, 1, "Donald J. Trump", "Donald J. Trump", "person", None),
        (2, 2, "Trump", "Donald Trump", "person", None),
        (3, 3, "the Pentagon", "the Pentagon", "organization", None),
        (4, 4, "Pentagon", "Pentagon", "organization", None),
        (5, 5, "U.N.", "U.N.", "organization", '["U.N.", "United Nations"]'),
        (6, 6, "the United Nations", "the United Nations", "organization", None),
        (7, 7, "Al", "Al Smith", "person", None),
        (8, 8, "Alan Smith", "Alan Smith", "person", None),
        # one article's entity that wrongly holds another person's name merges nobody
        (9, 9, "Trump", "Donald Trump", "person", '["Donald Trump", "Crooked Hillary Clinton", "Trump"]'),
        (10, 10, "Clinton", "Hillary Clinton", "person", '["Hillary Clinton"]'),
    ]
    groups = {name: sorted(ids) for _key, name, _kind, ids, _v in merge(rows)}
    assert groups["Donald J. Trump"] == [1, 2, 9]  # the most complete form names the speaker
    assert groups["Hillary Clinton"] == [10]
    assert groups["Pentagon"] == [3, 4]
    assert sorted(len(v) for k, v in groups.items() if k in ("UN", "United Nations")) == [2]
    assert groups["Al Smith"] == [7] and groups["Alan Smith"] == [8]  # "Al" is too short to tell


def test_garbage_file_is_refused_and_kept(tmp_path):
    path = tmp_path / "lib.sqlite3"
    garbage = b"this is not a database at all\x00\x01" * 200
    path.write_bytes(garbage)
    with pytest.raises(LibraryCorruptError) as err:
        Library(path)
    assert str(path) in str(err.value) and "E041" in str(err.value) and "\n" not in str(err.value)
    assert path.read_bytes() == garbage


def test_foreign_sqlite_database_is_refused_and_kept(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)")
    db.execute("INSERT INTO accounts VALUES (1, 'someone')")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(LibraryForeignError) as err:
        Library(path)
    assert "E042" in str(err.value)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "lib.sqlite3"
    Library(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(LibraryNewerError) as err:
        Library(path)
    assert "E043" in str(err.value)


def test_damaged_pages_are_detected(tmp_path):
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        for i in range(40):
            lib.write_article(
                tmp_path / f"{i}.txt", "h", "v", _record([_quote("words " * 40, 0, "A B", "A B")])
            )
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    for offset in range(page * 2, len(data), page):  # scribble over every page but the first
        data[offset + 8 : offset + 200] = b"\xff" * 192
    path.write_bytes(bytes(data))
    with pytest.raises(LibraryError) as err:
        Library(path)
    assert err.value.code in ("E041",)


def test_missing_library_without_create(tmp_path):
    with pytest.raises(LibraryError) as err:
        Library(tmp_path / "none.db", create=False)
    assert "E040" in str(err.value)
    assert not (tmp_path / "none.db").exists()


def test_a_reader_and_a_writer_share_the_file(tmp_path):
    path = tmp_path / "lib.sqlite3"
    reader = Library(path)
    version = reader.data_version()
    errors: list[BaseException] = []

    def write():
        try:
            with Library(path) as writer:
                for i in range(20):
                    writer.write_article(
                        tmp_path / f"{i}.txt", "h", "v", _record([_quote("q", 0, "A B", "A B")])
                    )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=write)
    t.start()
    while t.is_alive():
        reader.articles()  # reads while the other connection writes
    t.join()
    assert not errors
    assert reader.stats().articles == 20 and reader.data_version() != version
    reader.close()


def test_stored_analysis_round_trip_read_only_and_migrated_from_version_1(tmp_path):
    import sqlite3

    from reader.core.model import Analysis, Article, Quote
    from reader.library.store import stored_analysis

    db_path = tmp_path / "lib.sqlite3"
    text = '"We act," Lee said.'
    analysis = Analysis(
        article=Article(text=text, source="a.txt"), quotes=(Quote("We act,", 1, 8, "direct"),)
    )
    with Library(db_path) as lib:
        lib.write_article("a.txt", "h1", "v1", {"title": "A"}, analysis=analysis.to_json())
        lib.write_article("b.txt", "h2", "v1", {"title": "B"})  # no analysis kept
    before = db_path.read_bytes()
    data = stored_analysis(db_path, "a.txt", "h1", "v1")
    assert data is not None and Analysis.from_json(data) == analysis
    assert stored_analysis(db_path, "a.txt", "h1", "v2") is None  # another analyser
    assert stored_analysis(db_path, "a.txt", "other", "v1") is None  # other content
    assert stored_analysis(db_path, "b.txt", "h2", "v1") is None
    assert stored_analysis(tmp_path / "none.sqlite3", "a.txt", "h1", "v1") is None
    assert not (tmp_path / "none.sqlite3").exists()
    assert db_path.read_bytes() == before
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all" * 100)
    assert stored_analysis(tmp_path / "junk.sqlite3", "a.txt", "h1", "v1") is None

    # a library of schema 1 (before analyses were kept) is brought up to date, its rows kept
    db = sqlite3.connect(db_path)
    _drop_schema_4(db)
    db.execute("DROP TABLE analyses")
    db.execute("ALTER TABLE articles DROP COLUMN file_size")  # (schema 3's, as schema 1 had neither)
    db.execute("ALTER TABLE articles DROP COLUMN file_mtime_ns")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    assert stored_analysis(db_path, "a.txt", "h1", "v1") is None
    with Library(db_path) as lib:
        assert sorted(a.title for a in lib.articles()) == ["A", "B"]
        lib.write_article("a.txt", "h1", "v1", {"title": "A"}, analysis=analysis.to_json())
    assert stored_analysis(db_path, "a.txt", "h1", "v1") is not None


def _drop_schema_4(db: sqlite3.Connection) -> None:
    """Take a library back to schema 3: no buckets, blocks, votes or dirty marks."""
    for trigger in ("quotes_speaker_dirty", "entities_speaker_dirty"):
        db.execute(f"DROP TRIGGER {trigger}")
    for index in ("quotes_bucket", "entities_bucket", "speakers_bucket"):
        db.execute(f"DROP INDEX {index}")
    for table in ("speaker_blocks", "speaker_votes", "speaker_dirty"):
        db.execute(f"DROP TABLE {table}")
    for table in ("quotes", "entities", "speakers"):
        db.execute(f"ALTER TABLE {table} DROP COLUMN bucket")
    db.execute("DELETE FROM meta WHERE key = 'speaker_rules'")
    db.execute("PRAGMA user_version = 3")


def _article_record(n: int) -> dict:
    quote = {
        "text": "x" * 400,
        "start": 0,
        "end": 400,
        "kind": "indirect",
        "parts": [],
        "speaker_name": "Ann Lee",
    }
    return {"title": f"T{n}", "quotes": [dict(quote, start=i, end=i + 400) for i in range(50)]}


def test_database_locked_too_long_is_one_coded_line(tmp_path, monkeypatch):
    from reader.core.errors import LibraryBusyError
    from reader.library import store

    db_path = tmp_path / "lib.sqlite3"
    Library(db_path).close()
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        with Library(db_path) as lib, pytest.raises(LibraryBusyError) as err:
            lib.write_article("a.txt", "h", "v", _article_record(1))
        assert str(err.value).endswith("[E046]") and "\n" not in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Library(db_path) as lib:  # nothing half-written; the next write works
        assert lib.stats().articles == 0
        lib.write_article("a.txt", "h", "v", _article_record(1))
        assert lib.stats().quotes == 50


def test_disk_full_is_one_coded_line_and_the_library_stays_whole(tmp_path):
    from reader.core.errors import LibraryFullError

    db_path = tmp_path / "lib.sqlite3"
    with Library(db_path) as lib:
        lib.write_article("a.txt", "h", "v", _article_record(1))
        pages = lib._db.execute("PRAGMA page_count").fetchone()[0]
        lib._db.execute(f"PRAGMA max_page_count = {pages + 2}")  # as a full disk would stop it
        with pytest.raises(LibraryFullError) as err:
            for n in range(2, 40):
                lib.write_article(f"{n}.txt", "h", "v", _article_record(n))
        assert str(err.value).endswith("[E047]")
        assert not lib._db.in_transaction
    with Library(db_path) as lib:
        assert lib.check() == []
        assert all(a.quotes == 50 for a in lib.articles())  # whole articles only


def test_damaged_search_index_is_one_coded_line(tmp_path):
    from reader.core.errors import LibraryCorruptError, LibraryError

    db_path = tmp_path / "lib.sqlite3"
    with Library(db_path) as lib:
        lib.write_article("a.txt", "h", "v", _article_record(1))
    db = sqlite3.connect(db_path)
    db.execute("UPDATE quote_fts_data SET block = x'00ff00ff00ff' WHERE id > 1")
    db.commit()
    db.close()
    with Library(db_path) as lib:
        with pytest.raises(LibraryError) as err:
            lib.search("xxx")
        assert isinstance(err.value, LibraryCorruptError) or "search failed" in str(err.value)
        assert "\n" not in str(err.value) and str(err.value).endswith("]")
        with pytest.raises(LibraryError):  # its trigger reads the damaged index too
            lib.write_article("a.txt", "h2", "v", _article_record(2))
        assert not lib._db.in_transaction


def test_read_commands_never_write(tmp_path, capsys):
    """`reader quotes` and `reader speakers` open the library read-only: a library left with stale
    speakers is reported, not rebuilt; an empty file is an error, not a new library."""
    from reader.cli import main

    db_path = tmp_path / "lib.sqlite3"
    with Library(db_path) as lib:
        lib.write_article("a.txt", "h", "v", _article_record(1))  # speakers left to merge
        assert lib.speakers_stale()
    before = db_path.read_bytes()
    assert main(["quotes", "--db", str(db_path), "--format", "jsonl"]) == 0
    assert main(["speakers", "--db", str(db_path)]) == 0
    err = capsys.readouterr().err
    assert "speakers out of date" in err and "Traceback" not in err
    assert db_path.read_bytes() == before
    with Library(db_path) as lib:
        assert lib.speakers_stale()

    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    assert main(["speakers", "--db", str(empty)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is an empty file, not a library database" in err
    assert empty.read_bytes() == b""
    missing = tmp_path / "none.sqlite3"
    assert main(["quotes", "--db", str(missing)]) == 1
    assert not missing.exists()
