"""The cluster path on a real Dask ``LocalCluster`` of two worker processes: the same library as a
local run, the model loaded on the workers, a bad file recorded, the database written here."""

from __future__ import annotations

import pytest

from reader.library import Library
from reader.library.indexer import index

ARTICLES = {
    "one.txt": 'Storm barrier approved\n\n"The barrier will protect the harbour," Mayor Anna Lee said.\n',
    "two.txt": 'Budget\n\nAsh Carter spoke on Monday. "The numbers do not add up," Carter said.\n',
    "three.md": '# Troops\n\nAshton Carter met soldiers. "You have done great work," Mr. Carter said.\n',
}


@pytest.fixture(scope="module")
def cluster():
    import distributed  # the test extra installs it (and pyarrow)

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


def test_cluster_index_matches_local(tmp_path, cluster, nlp):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02\x03" * 100)

    remote = index([folder], tmp_path / "cluster.sqlite3", cluster=cluster.scheduler_address)
    assert (remote.added, remote.failed, remote.cancelled) == (3, 1, False)
    assert "E005" in remote.failures[0][1] and remote.failures[0][0] == str(folder / "bad.txt")
    again = index([folder], tmp_path / "cluster.sqlite3", cluster=cluster.scheduler_address)
    assert (again.unchanged, again.failed) == (3, 1)  # the bad file: said again, not redone

    index([folder], tmp_path / "local.sqlite3")
    with Library(tmp_path / "cluster.sqlite3") as a, Library(tmp_path / "local.sqlite3") as b:
        assert [(q.article_path, q.text, q.speaker, q.start, q.end) for q in a.quotes()] == [
            (q.article_path, q.text, q.speaker, q.start, q.end) for q in b.quotes()
        ]
        failed = a.articles(failed_only=True)
        assert [f.path for f in failed] == [str(folder / "bad.txt")] and str(folder / "bad.txt") in failed[
            0
        ].error
        carter = a.find_speakers("Carter")
        assert len(carter) == 1 and carter[0].articles == 2

    # the workers loaded the model once, through the plugin, before their first task
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        loaded = client.run(lambda: __import__("reader.nlp.pipeline", fromlist=["_nlp"])._nlp is not None)
    assert list(loaded.values()) == [True, True]


def test_parquet_shards_from_the_cluster(tmp_path, cluster):
    import pyarrow.parquet as pq

    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "news.parquet"
    summary = index([folder], out=out, cluster=cluster.scheduler_address)
    assert summary.added == 3
    assert pq.read_table(out / "articles").num_rows == 3
    assert pq.read_table(out / "quotes").num_rows >= 3
