"""DuckDB over the Parquet shards answers as the database does: the same speakers (merged by the
same rules), the same quotes by speaker and by words, the same refusals; out-of-date speakers are
said, never silently used."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.core.errors import LibraryError
from reader.library import Library
from reader.library.indexer import index
from reader.library.parquet_query import ParquetLibrary

ARTICLES = {
    "carter.txt": (
        "Pentagon weighs new budget\n\n"
        "Defense Secretary Ash Carter spoke to reporters on Tuesday. "
        '"We need the money now," Carter said.\n\n'
        'Officials said the plan would take years. "This is a hard road," Mr. Carter added.\n'
    ),
    "troops.txt": (
        "Carter visits troops\n\n"
        'Ashton Carter met soldiers at the base. "You have done great work," Carter said.\n\n'
        "A spokesperson for the United Nations said the agency welcomed the visit.\n"
    ),
    "clintons.txt": (
        "Clintons on the trail\n\n"
        'Hillary Clinton spoke in Iowa on Monday. "We are going to win this state," she said.\n\n'
        'Bill Clinton told a crowd in Ohio that the economy needed help. "Taxes are too high for '
        'working families," Bill Clinton said.\n'
    ),
    "trumps.txt": (
        "Father and son\n\n"
        'Donald Trump said the wall would be built. "Mexico will pay," Donald Trump said.\n\n'
        'Donald Trump Jr. said his father was running a serious campaign. "He is happy to fight," '
        "Donald Trump Jr. told reporters.\n"
    ),
    "flood.md": (
        "# Budget fight over the barrier\n\n"
        '"The numbers do not add up," Carter said on Monday.\n\n'
        'The mayor, Anna Lee, said the flood barrier would cost $48 million. "The barrier will protect '
        'the harbour for fifty years," Lee said. The U.N. said it was watching the economic plans.\n'
    ),
}


@pytest.fixture(scope="module")
def both(tmp_path_factory, nlp):  # nlp: the model is loaded once for the session
    root = tmp_path_factory.mktemp("pq")
    folder = root / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db, out = root / "lib.sqlite3", root / "news.parquet"
    assert index([folder], db).added == len(ARTICLES)
    assert index([folder], out=out).added == len(ARTICLES)
    return db, out


def _speaker(s):
    return (s.name, s.kind, s.quotes, s.articles, s.variants)


def _quote(q):  # everything but the ids, which each store numbers its own way
    return (
        q.text, q.kind, q.content_type, q.cue, q.speaker_text, q.speaker_name, q.speaker,
        q.article_path, q.article_title, q.article_date, q.start, q.end,
    )  # fmt: skip


def test_the_same_speakers_and_quotes_as_the_database(both):
    db, out = both
    with Library(db, readonly=True) as lib, ParquetLibrary(out) as pq:
        assert not pq.speakers_stale()
        speakers = lib.speakers()
        assert [_speaker(s) for s in pq.speakers()] == [_speaker(s) for s in speakers]
        assert len(speakers) >= 5
        kinds = ("person",)
        assert [_speaker(s) for s in pq.speakers(kinds=kinds)] == [
            _speaker(s) for s in lib.speakers(kinds=kinds)
        ]
        quotes = lib.quotes()
        assert [_quote(q) for q in pq.quotes()] == [_quote(q) for q in quotes] and len(quotes) >= 8
        # one speaker's quotes, found by any of its written forms
        for name in ("Ash Carter", "Ashton Carter", "Donald Trump", "Donald Trump Jr.", "Bill Clinton"):
            a, b = lib.speakers_named(name), pq.speakers_named(name)
            assert [_speaker(s) for s in b] == [_speaker(s) for s in a] and len(a) == 1, name
            assert [_quote(q) for q in pq.quotes(speaker_id=b[0].id)] == [
                _quote(q) for q in lib.quotes(speaker_id=a[0].id)
            ]
        assert [_speaker(s) for s in pq.find_speakers("clinton")] == [
            _speaker(s) for s in lib.find_speakers("clinton")
        ]


@pytest.mark.parametrize(
    "words",
    ["barrier", "taxes", "happy", "economy", "what did Carter say about money", "Mr.", "Trump Jr", "zzz"],
)
def test_a_search_finds_what_the_database_finds(both, words):
    """Stems ("taxes" finds "Taxes", "economy" not "economic"), speakers' names, small words."""
    db, out = both
    with Library(db, readonly=True) as lib, ParquetLibrary(out) as pq:
        expected = sorted(_quote(q) for q in lib.search(words, limit=None))
        assert sorted(_quote(q) for q in pq.quotes(search=words)) == expected


def test_the_commands_print_the_same_lines(both, capsys):
    db, out = both

    def run(*args):
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    for args in (["speakers", "--all", "--format", "jsonl"], ["quotes", "--speaker", "Ash Carter"]):
        code_db, from_db, _ = run(*args, "--db", str(db))
        code_pq, from_pq, _ = run(*args, "--parquet", str(out))
        assert code_db == code_pq == 0

        def rows(text):
            return [
                {k: v for k, v in json.loads(line).items() if k not in ("id", "speaker_id")}
                for line in text.splitlines()
            ]

        assert rows(from_pq) == rows(from_db) and rows(from_db)
    # a name no speaker has, with the near ones suggested; an empty one: refused the same way
    for name in ("Clinton", "Carterr", " "):
        code_db, _, err_db = run("quotes", "--speaker", name, "--db", str(db))
        code_pq, _, err_pq = run("quotes", "--speaker", name, "--parquet", str(out))
        assert code_db == code_pq != 0 and err_pq.replace(str(out), "") == err_db.replace(str(db), "") != ""


def test_speakers_out_of_date_are_said(both, tmp_path, capsys):
    """A shard written after the last merge (a run killed before its end) leaves the mark: the
    read commands say so, and the next run merges again."""
    import shutil

    from reader.library.parquet import ParquetSink

    _db, out = both
    copy = tmp_path / "copy.parquet"
    shutil.copytree(out, copy)
    sink = ParquetSink(copy)
    sink._stale()  # (what a shard's write does first)
    assert ParquetLibrary(copy).speakers_stale()
    assert main(["speakers", "--parquet", str(copy)]) == 0
    assert "speakers out of date" in capsys.readouterr().err
    sink.checkpoint(final=True)
    assert not ParquetLibrary(copy).speakers_stale()


def test_not_a_parquet_folder_is_one_line(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["quotes", "--parquet", str(tmp_path / "empty")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(tmp_path / "empty") in err and "Parquet" in err


def test_duckdb_fetches_no_extension(both):
    """Nothing comes from the network: a query that would need an extension fails instead."""
    _db, out = both
    with ParquetLibrary(out) as pq:
        settings = pq._db.execute(
            "SELECT current_setting('autoinstall_known_extensions'),"
            " current_setting('autoload_known_extensions')"
        ).fetchone()
    assert settings == (False, False)


def test_a_run_going_on_adds_nothing_to_what_is_read(both, tmp_path):
    """The reader takes the shards of the manifest the last finished run wrote: a shard a run
    has written since (the same article again, not yet compacted) is not read twice."""
    import shutil

    import pyarrow.parquet as pq_files

    _db, out = both
    copy = tmp_path / "copy.parquet"
    shutil.copytree(out, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in manifest["shards"]] == ["part-00000.parquet"]
    assert manifest["shards"][0]["articles"] == len(ARTICLES)
    with ParquetLibrary(copy) as before:
        quotes = [_quote(q) for q in before.quotes()]
    for table in ("articles", "quotes", "entities", "figures"):  # a run's new shard, the same rows
        shutil.copy(copy / table / "part-00000.parquet", copy / table / "part-00001.parquet")
    assert pq_files.read_table(copy / "quotes").num_rows == 2 * len(quotes)
    with ParquetLibrary(copy) as during:
        assert [_quote(q) for q in during.quotes()] == quotes
    (copy / "manifest.json").write_text("{", encoding="utf-8")
    with pytest.raises(LibraryError, match=r"manifest\.json"):
        ParquetLibrary(copy)


def test_import_brings_the_folder_into_a_database(both, tmp_path, capsys):
    """`reader import DIR.parquet`: the database it makes holds what indexing the files would
    (quotes with their cue and speaker offsets, speakers); a second import writes nothing."""
    import sqlite3

    db, out = both
    target = tmp_path / "imported.sqlite3"
    assert main(["import", str(out), "--db", str(target)]) == 0
    assert f"{len(ARTICLES)} articles written" in capsys.readouterr().out
    with Library(db, readonly=True) as lib, Library(target, readonly=True) as imported:
        assert [_quote(q) for q in imported.quotes()] == [_quote(q) for q in lib.quotes()]
        assert [_speaker(s) for s in imported.speakers()] == [_speaker(s) for s in lib.speakers()]
    columns = "seq, cue, cue_start, cue_end, speaker_start, speaker_end, parts, speaker_ref, speaker_kind"

    def rows(path):
        with sqlite3.connect(path) as con:
            return con.execute(
                f"SELECT a.path, {columns} FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY 1, 2"
            ).fetchall()

    assert rows(target) == rows(db)
    assert main(["import", str(out), "--db", str(target)]) == 0
    assert f"0 articles written, {len(ARTICLES)} already" in capsys.readouterr().out


def test_import_of_a_damaged_shard_is_one_line(both, tmp_path, capsys):
    import shutil

    _db, out = both
    copy = tmp_path / "copy.parquet"
    shutil.copytree(out, copy)
    (copy / "quotes" / "part-00000.parquet").write_bytes(b"PAR1 not really")
    assert main(["import", str(copy), "--db", str(tmp_path / "x.sqlite3")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(copy / "quotes" / "part-00000.parquet") in err


def test_import_of_something_else_makes_no_database(tmp_path, capsys):
    (tmp_path / "photos").mkdir()
    db = tmp_path / "lib.sqlite3"
    assert main(["import", str(tmp_path / "photos"), "--db", str(db)]) == 1
    assert "not a reader Parquet folder" in capsys.readouterr().err
    assert not list(tmp_path.glob("lib.sqlite3*"))
