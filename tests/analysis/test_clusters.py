"""Clustering across documents: same happening -> one cluster, whatever the article."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from tests.analysis.conftest import Doc, day, ev, imported, month, save, span

from detente import analysis
from detente.analysis.common import CLUSTER_TABLE, relation
from detente.store import Store


def cluster_of(store: Store) -> dict[str, str]:
    rows = store.connection.execute("SELECT event_id, cluster_id FROM events").fetchall()
    return dict(rows)


def test_two_articles_about_one_summit_make_one_cluster(store: Store) -> None:
    # The same summit, actors listed in a different order, in two outlets' articles.
    ids = save(store,
               Doc("wire-a", "2018-04-27", "Wire A", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"))]),
               Doc("wire-b", "2018-04-28", "Wire B", [ev("CONSULT", ["PRK", "KOR"], when=span("2018-04-27"),
                                                         confidence=0.9)]))
    stats = analysis.cluster(store)
    assert (stats.events, stats.clusters, stats.multi_article, stats.largest) == (2, 1, 1, 2)
    clusters = cluster_of(store)
    # The representative: same (day) precision, so the more confident report, wire-b's.
    assert clusters[ids[0]] == clusters[ids[1]] == ids[1]
    [info] = analysis.clusters(store)
    assert (info.reports, info.articles, info.sources) == (2, 2, 2)
    assert info.first_reported.isoformat() == "2018-04-27"
    assert info.last_reported.isoformat() == "2018-04-28"
    assert info.date is not None and info.date.start.isoformat() == "2018-04-27"
    assert info.pairs == ["KOR~PRK"]
    assert sorted(info.documents) == ["wire-a", "wire-b"]
    # dyads rows carry the same cluster id as their event
    dyad_clusters = dict(store.connection.execute("SELECT event_id, cluster_id FROM dyads").fetchall())
    assert dyad_clusters == clusters
    # and the analyses count the summit once
    series = analysis.dyad_series(store, "KOR", "PRK", by="month")
    assert [(p.period.isoformat(), p.q1) for p in series.points] == [("2018-04-01", 1)]


def test_different_dates_make_two_clusters(store: Store) -> None:
    save(store,
         Doc("a", "2018-04-27", "Wire A", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"))]),
         Doc("b", "2018-05-27", "Wire A", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-05-26"))]))
    stats = analysis.cluster(store)
    assert (stats.events, stats.clusters, stats.multi_report) == (2, 2, 0)


def test_adjacent_days_stay_apart_but_approximate_dates_reach(store: Store) -> None:
    # slack 0: the 27th and the 28th are two meetings; "around the 25th" (+-2 days) reaches the 27th.
    ids = save(store,
               Doc("a", "2018-04-28", None, [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"))]),
               Doc("b", "2018-04-29", None, [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-28"))]),
               Doc("c", "2018-04-20", None, [ev("CONSULT", ["KOR", "PRK"], status="occurred",
                                                when=span("2018-04-25", approximate=True))]))
    analysis.cluster(store)
    c = cluster_of(store)
    # c's span [23, 27] overlaps a's 27th, and a's island then ends on the 27th, before b's 28th.
    assert c[ids[0]] == c[ids[2]]
    assert c[ids[1]] != c[ids[0]]


def test_status_class_and_direction_split_clusters(store: Store) -> None:
    ids = save(store,
               Doc("a", "2019-01-02", None, [
                   ev("CONSULT", ["USA", "PRK"], when=span("2019-02-27")),
                   ev("ACCUSE", "USA", "PRK", when=span("2019-01-01")),
               ]),
               Doc("b", "2019-01-03", None, [
                   ev("CONSULT", ["USA", "PRK"], when=span("2019-02-27"), status="planned"),
                   ev("CONSULT", ["USA", "PRK"], when=span("2019-02-27"), status="expected"),
                   ev("ACCUSE", "PRK", "USA", when=span("2019-01-01")),
               ]))
    analysis.cluster(store)
    c = cluster_of(store)
    occurred, accuse_us, planned, expected, accuse_them = ids
    assert c[planned] == c[expected]  # planned and expected are one status class: future
    assert c[occurred] != c[planned]
    assert c[accuse_us] != c[accuse_them]  # directed: who accused whom matters


def test_coarse_report_joins_the_only_overlapping_cluster(store: Store) -> None:
    ids = save(store,
               Doc("a", "2018-05-27", None, [ev("CONSULT", ["KOR", "PRK"], when=span("2018-05-26"))]),
               Doc("b", "2018-06-02", None, [ev("CONSULT", ["KOR", "PRK"], when=month("2018-05"))]),
               # two April summits: an "April" report cannot say which, so it stays apart
               Doc("c", "2018-04-02", None, [ev("CONSULT", ["CHN", "PRK"], when=span("2018-04-01"))]),
               Doc("d", "2018-04-21", None, [ev("CONSULT", ["CHN", "PRK"], when=span("2018-04-20"))]),
               Doc("e", "2018-05-02", None, [ev("CONSULT", ["CHN", "PRK"], when=month("2018-04"))]),
               Doc("f", "2018-05-03", None, [ev("CONSULT", ["CHN", "PRK"], when=month("2018-04"))]))
    analysis.cluster(store)
    c = cluster_of(store)
    may_day, may_month, apr1, apr20, apr_m1, apr_m2 = ids
    assert c[may_month] == c[may_day] == may_day  # the day-precise report represents it
    assert c[apr1] != c[apr20]
    assert c[apr_m1] == c[apr_m2]  # the two "April" reports are one coarse cluster
    assert c[apr_m1] not in (c[apr1], c[apr20])


def test_undated_report_joins_the_recent_happening(store: Store) -> None:
    # An undated "they met" published on the 28th spans [21st, 28th]: it meets the 27th.
    ids = save(store,
               Doc("a", "2018-04-27", None, [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"))]),
               Doc("b", "2018-04-28", None, [ev("CONSULT", ["KOR", "PRK"])]),
               Doc("c", "2018-06-10", None, [ev("CONSULT", ["KOR", "PRK"])]))
    analysis.cluster(store)
    c = cluster_of(store)
    assert c[ids[1]] == c[ids[0]] == ids[0]
    assert c[ids[2]] == ids[2]


def test_a_pair_repeated_within_an_event_counts_once(store: Store) -> None:
    # "Washington and Pyongyang accused each other": USA->PRK and PRK->USA are one event.
    save(store, Doc("a", "2019-12-17", None, [ev("ACCUSE", ["USA", "PRK"], ["PRK", "USA"], when=span("2019-12-16"))]))
    pairs = store.connection.execute("SELECT source_code, target_code FROM dyads "
                                     "WHERE source_code <> target_code ORDER BY 1").fetchall()
    assert pairs == [("PRK", "USA"), ("USA", "PRK")]
    assert [(p.q3, p.events) for p in analysis.dyad_series(store, "USA", "PRK").points] == [(1, 1)]
    assert [(e.a, e.b, e.n) for w in analysis.blocs(store) for e in w.edges] == [("PRK", "USA", 1)]


def test_new_events_recluster_only_their_keys(store: Store) -> None:
    ids = save(store,
               Doc("a", "2018-04-27", "A", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"))]),
               Doc("b", "2018-04-28", "B", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"))]),
               Doc("c", "2018-04-28", "B", [ev("ACCUSE", "USA", "CHN", when=span("2018-04-28"))]))
    assert analysis.needs_clustering(store)
    assert analysis.ensure_clustered(store) is not None
    assert not analysis.needs_clustering(store)
    assert analysis.ensure_clustered(store) is None  # nothing changed: nothing to do
    more = save(store, Doc("d", "2018-04-29", "C", [ev("CONSULT", ["PRK", "KOR"], when=span("2018-04-27"))]))
    stats = analysis.ensure_clustered(store)
    assert stats is not None
    # only the KOR~PRK CONSULT key was clustered again: its three reports, one cluster
    assert (stats.events, stats.clusters, stats.largest) == (3, 1, 3)
    c = cluster_of(store)
    assert c[more[0]] == c[ids[0]] == c[ids[1]]
    assert c[ids[2]] == ids[2]
    [info] = analysis.clusters(store, [c[ids[0]]])
    assert (info.reports, info.articles, info.sources) == (3, 3, 3)


def test_deleting_the_representative_reclusters_everything(store: Store) -> None:
    docs = [Doc("a", "2018-04-27", "A", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"), confidence=0.9)]),
            Doc("b", "2018-04-28", "B", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"), confidence=0.5)])]
    ids = save(store, *docs)
    analysis.cluster(store)
    assert cluster_of(store)[ids[1]] == ids[0]
    store.reset_coding([docs[0].document().id])  # the representative's document loses its events
    assert analysis.needs_clustering(store)
    analysis.ensure_clustered(store)
    assert cluster_of(store) == {ids[1]: ids[1]}
    [info] = analysis.clusters(store)
    assert (info.cluster_id, info.reports) == (ids[1], 1)


def test_read_only_store_counts_unclustered_events_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    with Store(path) as s:
        save(s, Doc("a", "2018-04-27", "A", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"))]),
             Doc("b", "2018-04-28", "B", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"))]))
    with Store(path, read_only=True) as ro:
        assert analysis.needs_clustering(ro)
        assert analysis.ensure_clustered(ro) is None
        assert [p.q1 for p in analysis.dyad_series(ro, "KOR", "PRK").points] == [2]
    with Store(path) as s:
        analysis.cluster(s)
        save(s, Doc("c", "2018-05-01", "C", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-30"))]))
    with Store(path, read_only=True) as ro:
        # two clustered reports count once; the report added after clustering stands alone
        assert [p.q1 for p in analysis.dyad_series(ro, "KOR", "PRK").points] == [2]
        assert sum(p.q1 for p in analysis.dyad_series(ro, "KOR", "PRK", by="day").points) == 2


def test_imported_events_cluster_by_their_own_origin(store: Store) -> None:
    store.add_events([imported("g1", ev("CONSULT", ["USA", "CHN"], when=span("2019-06-29"))),
                      imported("g2", ev("CONSULT", ["CHN", "USA"], when=span("2019-06-29")))], origin="gdelt")
    save(store, Doc("a", "2019-06-30", "A", [ev("CONSULT", ["USA", "CHN"], when=span("2019-06-29"))]))
    stats = analysis.cluster(store)
    assert (stats.events, stats.clusters) == (3, 2)
    gdelt = [c for c in analysis.clusters(store) if c.origin == "gdelt"]
    assert [(c.reports, c.articles) for c in gdelt] == [(2, 2)]
    assert [p.q1 for p in analysis.dyad_series(store, "USA", "CHN", origin="gdelt").points] == [1]
    assert [p.q1 for p in analysis.dyad_series(store, "USA", "CHN").points] == [2]


def _random_docs(seed: int, n_docs: int, start: int) -> list[Doc]:
    rng = random.Random(seed)
    codes = ("USA", "CHN", "RUS", "PRK", "KOR")
    docs = []
    for i in range(n_docs):
        published = day("2020-01-01") + timedelta(days=rng.randrange(60))
        events = []
        for _ in range(rng.randrange(1, 4)):
            a, b = rng.sample(codes, 2)
            when = rng.choice([None, span(str(published - timedelta(days=rng.randrange(3)))), month("2020-01")])
            status = rng.choice(["occurred", "occurred", "planned", "cancelled"])
            events.append(ev(rng.choice(["CONSULT", "ACCUSE"]), [a, b] if rng.random() < 0.5 else a,
                             [] if rng.random() < 0.5 else b, when=when, status=status,
                             confidence=rng.choice([0.5, 0.7, 0.9])))
        docs.append(Doc(f"r{start + i}", str(published), rng.choice(["A", "B", "C"]), events))
    return docs


def test_incremental_runs_agree_with_a_full_run(store: Store) -> None:
    save(store, *_random_docs(1, 40, 0))
    analysis.ensure_clustered(store)
    save(store, *_random_docs(2, 40, 100))
    save(store, *_random_docs(3, 10, 200))
    assert analysis.ensure_clustered(store) is not None  # incremental: new events only
    incremental = cluster_of(store)
    table = sorted(store.connection.execute(f"SELECT * EXCLUDE (k) FROM {CLUSTER_TABLE}").fetchall(), key=str)
    stats = analysis.cluster(store)  # full
    assert stats.updated == 0
    assert cluster_of(store) == incremental
    assert sorted(store.connection.execute(f"SELECT * EXCLUDE (k) FROM {CLUSTER_TABLE}").fetchall(),
                  key=str) == table
    assert stats.clusters == len({c for c in incremental.values()})


def test_a_table_from_another_version_is_rebuilt(store: Store) -> None:
    save(store, Doc("a", "2018-04-27", "A", [ev("CONSULT", ["KOR", "PRK"], when=span("2018-04-27"))]))
    analysis.cluster(store)
    store.connection.execute(f"ALTER TABLE {CLUSTER_TABLE} DROP COLUMN lo")
    assert analysis.needs_clustering(store)
    # until it is rebuilt, analyses read the dyads table
    with store.cursor() as cur:
        assert "analysis_clusters" not in relation(cur)
    assert [p.q1 for p in analysis.dyad_series(store, "KOR", "PRK").points] == [1]
    assert not analysis.needs_clustering(store)
