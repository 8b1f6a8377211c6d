"""The library's speaker merge is incremental and gives what a merge of every quote gives.

Articles are written by hand (no model): random sequences of adding, re-writing, moving and
forgetting articles whose names overlap (families of one surname, a son with "Jr.", one-word
surnames, organizations with initials, an organization named like a person's surname, given names
alone, unnamed sources, people with no quote); after each :func:`rebuild` the speakers stored equal
those :func:`merge` gives over the whole library, key for key.
"""

from __future__ import annotations

import random
import sqlite3

import pytest

from reader.core.errors import LibraryError
from reader.library import Library
from reader.library import speakers as speakers_module
from reader.library.speakers import merge, rebuild

# name -> (label, kind, the forms an article may give it)
PEOPLE = {
    "Hillary Clinton": ["Hillary Clinton", "Clinton", "Hillary", "Hillary Rodham Clinton", "Mrs. Clinton"],
    "Bill Clinton": ["Bill Clinton", "Clinton", "Mr. Clinton", "William Clinton", "Bill"],
    "Chelsea Clinton": ["Chelsea Clinton", "Clinton"],
    "Clinton": ["Clinton"],
    "Hillary": ["Hillary", "Hillary Clinton"],
    "Donald Trump": ["Donald Trump", "Trump", "Donald J. Trump", "Mr. Trump", "Donald"],
    "Donald Trump Jr.": ["Donald Trump Jr.", "Trump Jr.", "Trump", "Donald Trump"],
    "Donald J. Trump": ["Donald J. Trump", "Trump"],
    "Trump": ["Trump"],
    "Ash Carter": ["Ash Carter", "Carter", "Defense Secretary Ash Carter"],
    "Ashton Carter": ["Ashton Carter", "Mr. Carter", "Carter"],
    "Carter": ["Carter"],
    "Jan Novak": ["Jan Novak", "Novak"],
    "Jana Novak": ["Jana Novak", "Novak", "Ms. Novak"],
    "Novak": ["Novak"],
    "Rand Paul": ["Rand Paul", "Paul", "Sen. Paul"],
    "Ron Paul": ["Ron Paul", "Paul"],
    "Paul Ryan": ["Paul Ryan", "Ryan", "Paul", "Speaker Paul Ryan"],
    "Paul": ["Paul"],
    "Joseph R. Biden Jr.": ["Joseph R. Biden Jr.", "Biden", "Joe Biden"],
    "Joe Biden": ["Joe Biden", "Biden", "Joe"],
    "Biden": ["Biden"],
    "Kim Jong Un": ["Kim Jong Un", "Kim"],
}
ORGANIZATIONS = {
    "United Nations": ["United Nations", "U.N.", "UN"],
    "U.N.": ["U.N.", "United Nations"],
    "UN": ["UN"],
    "the Pentagon": ["the Pentagon", "Pentagon"],
    "Pentagon": ["Pentagon"],
    "Tax Policy Center": ["Tax Policy Center", "Urban-Brookings Tax Policy Center"],
    "Urban-Brookings Tax Policy Center": ["Urban-Brookings Tax Policy Center"],
    "Trump": ["Trump"],  # a surname the model read as a company
    "Carter": ["Carter"],
    "Clinton Foundation": ["Clinton Foundation", "Clinton"],  # shares "Clinton" with a person
}
PLACES = {"Trump Tower": ["Trump Tower", "Trump"], "Paul": ["Paul"]}
UNNAMED = ["officials", "a spokesperson", "analysts"]
JUNK = ["It", "WASHINGTON —"]
CHOICES = (
    [("PERSON", "person", n, f) for n, f in PEOPLE.items()]
    + [("ORG", "organization", n, f) for n, f in ORGANIZATIONS.items()]
    + [("GPE", "place", n, f) for n, f in PLACES.items()]
)


def _quote(start, written, name, kind, ref):
    return {
        "text": f"words at {start}",
        "start": start,
        "end": start + 10,
        "kind": "direct",
        "cue": {"text": "said", "start": start + 11, "end": start + 15},
        "speaker": {"text": written, "start": 0, "end": len(written or "")} if written else None,
        "speaker_name": name,
        "speaker_ref": ref,
        "speaker_kind": kind,
        "parts": [],
        "content_type": "clause",
    }


def _entity(ref, name, label, forms):
    return {"ref": ref, "name": name, "label": label, "category": "speaker", "mentions": 2, "forms": forms}


def random_record(rng: random.Random) -> dict:
    """An article: a few entities of the pool with some of their forms, their quotes in any order,
    sometimes a person with no quote, an unnamed source, a junk name or an unattributed quote."""
    entities, quotes = [], []
    for k, (label, kind, name, forms) in enumerate(rng.sample(CHOICES, rng.randint(1, 4))):
        ref = f"e{k}"
        given = [f for f in forms if rng.random() < 0.6] or [forms[0]]
        entities.append(_entity(ref, name, label, given))
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            written = rng.choice([*given, "he", "she", None])
            quotes.append((written, name, kind, ref))
    if rng.random() < 0.3:
        quotes.append((rng.choice(UNNAMED), None, "unnamed", None))
    if rng.random() < 0.15:
        quotes.append(("they", rng.choice(JUNK), "place", None))
    if rng.random() < 0.15:
        quotes.append((None, None, None, None))
    rng.shuffle(quotes)
    rows = []
    for i, (written, name, kind, ref) in enumerate(quotes):
        if kind == "unnamed":
            name = written
        rows.append(_quote(20 * i, written, name, kind, ref))
    return {"title": "T", "date": "2016-09-12", "format": "txt", "words": 50, "entities": entities,
            "quotes": rows, "figures": []}  # fmt: skip


def stored(lib: Library) -> dict[str, tuple]:
    """key -> (name, kind, quote ids, variants) of the speakers in the database."""
    db = lib._db
    quotes: dict[int, list[int]] = {}
    for qid, sid in db.execute("SELECT id, speaker_id FROM quotes WHERE speaker_id IS NOT NULL"):
        quotes.setdefault(sid, []).append(qid)
    variants: dict[int, list[tuple[str, int]]] = {}
    for sid, v, c in db.execute("SELECT speaker_id, variant, count FROM speaker_variants"):
        variants.setdefault(sid, []).append((v, c))
    out = {}
    for sid, key, name, kind in db.execute("SELECT id, key, name, kind FROM speakers"):
        assert sid in quotes, f"speaker {key!r} holds no quote"
        out[key] = (name, kind, sorted(quotes[sid]), sorted(variants.get(sid, [])))
    return out


def merged(lib: Library) -> dict[str, tuple]:
    """What a merge of every quote of the library gives."""
    return {
        key: (name, kind, sorted(ids), sorted(variants))
        for key, name, kind, ids, variants in merge(lib.speaker_inputs(), lib.person_names())
    }


def speaker_ids(lib: Library) -> dict[str, int]:
    return {key: sid for sid, key in lib._db.execute("SELECT id, key FROM speakers")}


@pytest.mark.parametrize("seed", range(6))
def test_random_changes_give_the_global_merge(tmp_path, seed):
    rng = random.Random(seed)
    partial = 0
    with Library(tmp_path / "lib.sqlite3") as lib:
        paths: list[str] = []
        n = 0
        for step in range(40):
            for _ in range(rng.choice((1, 1, 1, 2, 3))):  # sometimes several changes per merge
                op = rng.random()
                if op < 0.5 or len(paths) < 3:
                    n += 1
                    paths.append(str(tmp_path / f"a{n}.txt"))
                    lib.write_article(paths[-1], f"h{n}", "v", random_record(rng))
                elif op < 0.75:
                    lib.write_article(rng.choice(paths), f"h{step}", "v", random_record(rng))
                elif op < 0.9:
                    gone = rng.sample(paths, rng.randint(1, 2))
                    lib.forget(gone)
                    paths = [p for p in paths if p not in gone]
                else:
                    old = rng.choice(paths)
                    n += 1
                    new = str(tmp_path / f"a{n}.txt")
                    assert lib.rename(old, new)  # rows kept: no speaker changes
                    paths[paths.index(old)] = new
            before = speaker_ids(lib)
            count = rebuild(lib)
            expected = merged(lib)
            assert stored(lib) == expected, f"step {step}"
            assert not lib.speakers_stale()
            after = speaker_ids(lib)
            assert all(after[k] == before[k] for k in before.keys() & after.keys())  # ids kept
            partial += count < len(expected)
    assert partial > 10  # most merges read a part of the library only


def test_nothing_changed_reads_and_writes_nothing(tmp_path):
    rng = random.Random(7)
    with Library(tmp_path / "lib.sqlite3") as lib:
        for n in range(30):
            lib.write_article(tmp_path / f"{n}.txt", f"h{n}", "v", random_record(rng))
        assert rebuild(lib) == len(merged(lib)) > 0
        changes = lib._db.total_changes
        assert rebuild(lib) == 0
        assert lib._db.total_changes == changes
        lib.rename(tmp_path / "0.txt", tmp_path / "moved.txt")  # a move changes no speaker
        changes = lib._db.total_changes
        assert rebuild(lib) == 0 and lib._db.total_changes == changes


def test_one_new_article_reads_its_blocks_only(tmp_path, monkeypatch):
    with Library(tmp_path / "lib.sqlite3") as lib:
        for n, name in enumerate(["Ash Carter", "Jan Novak", "Rand Paul", "Bill Clinton", "Joe Biden"] * 4):
            record = {"quotes": [_quote(0, name, name, "person", "p")],
                      "entities": [_entity("p", name, "PERSON", [name])]}  # fmt: skip
            lib.write_article(tmp_path / f"{n}.txt", f"h{n}", "v", record)
        rebuild(lib)
        loaded: list[int] = []
        real = Library.speaker_update

        def counting(self, rules):
            with real(self, rules) as update:
                yield update
                loaded.append(update.loaded)

        import contextlib

        monkeypatch.setattr(Library, "speaker_update", contextlib.contextmanager(counting))
        ashton = _entity("p", "Ashton Carter", "PERSON", ["Ashton Carter", "Carter"])
        record = {"quotes": [_quote(0, "Mr. Carter", "Ashton Carter", "person", "p")], "entities": [ashton]}
        lib.write_article(tmp_path / "new.txt", "new", "v", record)
        assert rebuild(lib) == 1
        # the new quote and person (read once as new), the four Carter quotes and five Carters
        assert loaded == [1 + 1 + 4 + 5]
        assert stored(lib) == merged(lib)
        ash = [s for s in lib.speakers() if "Carter" in s.name]
        assert len(ash) == 1 and ash[0].quotes == 5


def test_votes_for_a_given_name_from_another_surname_count(tmp_path):
    """ "Paul" alone joins Rand Paul when the articles that resolved the word chose him; articles
    whose Paul Ryan was also called "Paul" take that majority away, and give it back when gone."""
    with Library(tmp_path / "lib.sqlite3") as lib:

        def write(path, name, forms, spoken=None):
            record = {"quotes": [_quote(0, spoken or name, name, "person", "p")],
                      "entities": [_entity("p", name, "PERSON", forms)]}  # fmt: skip
            lib.write_article(tmp_path / path, path, "v", record)

        write("ron.txt", "Ron Paul", ["Ron Paul"])
        write("rand1.txt", "Rand Paul", ["Rand Paul", "Paul"])
        write("rand2.txt", "Rand Paul", ["Rand Paul", "Paul"])
        write("paul.txt", "Paul", ["Paul"])
        rebuild(lib)
        names = {s.name for s in lib.speakers()}
        assert "Paul (unresolved)" not in names and "Rand Paul" in names
        write("ryan1.txt", "Paul Ryan", ["Paul Ryan", "Paul"])
        write("ryan2.txt", "Paul Ryan", ["Paul Ryan", "Paul"])
        rebuild(lib)
        assert stored(lib) == merged(lib)
        assert "Paul (unresolved)" in {s.name for s in lib.speakers()}
        # the Pauls merged again without Paul Ryan's quotes: his votes still count
        write("paul2.txt", "Paul", ["Paul"])
        assert rebuild(lib) < len(lib.speakers())
        assert stored(lib) == merged(lib)
        assert "Paul (unresolved)" in {s.name for s in lib.speakers()}
        lib.forget([tmp_path / "ryan1.txt"])
        rebuild(lib)
        assert stored(lib) == merged(lib)
        assert "Paul (unresolved)" not in {s.name for s in lib.speakers()}


def test_a_person_with_no_quote_keeps_namesakes_apart(tmp_path):
    with Library(tmp_path / "lib.sqlite3") as lib:
        for n, name in enumerate(["Donald Trump", "Donald Trump Jr."]):
            record = {"quotes": [_quote(0, name, name, "person", "p")],
                      "entities": [_entity("p", name, "PERSON", [name])]}  # fmt: skip
            lib.write_article(tmp_path / f"{n}.txt", f"h{n}", "v", record)
        rebuild(lib)
        assert len(lib.speakers()) == 1  # no article names both: one man's name, written two ways
        both = {"quotes": [_quote(0, "officials", "officials", "unnamed", None)],
                "entities": [_entity("a", "Donald Trump", "PERSON", ["Donald Trump"]),
                             _entity("b", "Donald Trump Jr.", "PERSON", ["Donald Trump Jr."])]}  # fmt: skip
        lib.write_article(tmp_path / "both.txt", "both", "v", both)
        rebuild(lib)
        assert stored(lib) == merged(lib)
        assert {"Donald Trump", "Donald Trump Jr."} <= {s.name for s in lib.speakers()}
        lib.forget([tmp_path / "both.txt"])
        rebuild(lib)
        assert stored(lib) == merged(lib) and len(lib.speakers()) == 1


def test_a_library_of_schema_3_gets_buckets_and_merges_once(tmp_path):
    from tests.test_library_store import _drop_schema_4

    path = tmp_path / "lib.sqlite3"
    rng = random.Random(3)
    with Library(path) as lib:
        for n in range(25):
            lib.write_article(tmp_path / f"{n}.txt", f"h{n}", "v", random_record(rng))
        rebuild(lib)
        ids = speaker_ids(lib)
    db = sqlite3.connect(path)
    _drop_schema_4(db)
    db.commit()
    db.close()
    with Library(path) as lib:
        assert lib._db.execute("PRAGMA user_version").fetchone()[0] == 4
        assert lib._db.execute("SELECT count(*) FROM quotes WHERE bucket IS NOT NULL").fetchone()[0] == 0
        lib.write_article(tmp_path / "new.txt", "new", "v", random_record(rng))
        lib.forget([tmp_path / f"{n}.txt" for n in range(1, 25, 2)])  # speakers of theirs go
        assert len(merged(lib)) < len(ids)
        assert rebuild(lib) == len(merged(lib))  # the whole library, once
        assert lib._db.execute("SELECT count(*) FROM quotes WHERE bucket IS NULL").fetchone()[0] == 0
        assert stored(lib) == merged(lib)
        after = speaker_ids(lib)
        assert all(after[k] == ids[k] for k in ids.keys() & after.keys())
        assert rebuild(lib) == 0
        lib.write_article(tmp_path / "0.txt", "again", "v", random_record(rng))
        assert 0 < rebuild(lib) < len(merged(lib)) or stored(lib) == merged(lib)
        assert stored(lib) == merged(lib)


def test_other_rules_merge_the_whole_library_again(tmp_path, monkeypatch):
    rng = random.Random(11)
    with Library(tmp_path / "lib.sqlite3") as lib:
        for n in range(20):
            lib.write_article(tmp_path / f"{n}.txt", f"h{n}", "v", random_record(rng))
        rebuild(lib)
        assert rebuild(lib) == 0
        monkeypatch.setattr(speakers_module, "_rules_version", lambda: "other rules")
        lib.forget([tmp_path / f"{n}.txt" for n in range(0, 20, 2)])
        assert rebuild(lib) == len(merged(lib))
        assert stored(lib) == merged(lib)
        assert rebuild(lib) == 0


def test_read_only_library_is_not_merged(tmp_path):
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        lib.write_article(tmp_path / "a.txt", "h", "v", random_record(random.Random(1)))
    with Library(path, readonly=True) as lib, pytest.raises(LibraryError):
        rebuild(lib)
    with Library(path) as lib:
        assert lib.speakers_stale()
