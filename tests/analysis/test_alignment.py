"""Blocs (signed graph, communities) and unity, on small worlds built for the tests."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from tests.analysis.conftest import Doc, day, ev, save, span

from detente import analysis
from detente.analysis.communities import frustration, signed_louvain, signed_modularity
from detente.store import Store

WEST = ("USA", "GBR", "FRA")
EAST = ("CHN", "RUS", "PRK")


def two_bloc_world(store: Store) -> None:
    events = []
    for bloc in (WEST, EAST):
        for a, b in itertools.combinations(bloc, 2):
            events.append(ev("CONSULT", [a, b], when=span("2020-03-02")))  # +2.5
            events.append(ev("AID", a, b, when=span("2020-03-03")))  # +10
    for w, e in zip(WEST, EAST, strict=True):
        events.append(ev("ACCUSE", w, e, when=span("2020-03-04")))  # -2.5
        events.append(ev("SANCTION", w, e, when=span("2020-03-05")))  # -6
    # one cross-bloc meeting: a positive tie that the negative ones outweigh
    events.append(ev("CONSULT", ["USA", "CHN"], when=span("2020-03-06")))  # +2.5
    save(store, Doc("march", "2020-03-10", "A", events))


def test_two_bloc_world_splits_into_its_blocs(store: Store) -> None:
    two_bloc_world(store)
    [w] = analysis.blocs(store, window="month")
    assert (w.start.isoformat(), w.end.isoformat()) == ("2020-03-01", "2020-03-31")
    assert w.nodes == sorted(WEST + EAST)
    assert w.communities == [sorted(EAST), sorted(WEST)]
    edges = {(e.a, e.b): (e.weight, e.n) for e in w.edges}
    assert edges[("GBR", "USA")] == (pytest.approx(12.5), 2)  # CONSULT 2.5 + AID 10
    assert edges[("GBR", "RUS")] == (pytest.approx(-8.5), 2)  # ACCUSE -2.5 + SANCTION -6
    assert edges[("CHN", "USA")] == (pytest.approx(-2.5 - 6.0 + 2.5), 3)
    assert len(edges) == 3 + 3 + 3  # in-bloc pairs and the three rivalries
    # the partition agrees with every tie: nothing against it
    assert w.frustration == 0.0
    assert w.modularity > 0.3
    quad = analysis.blocs(store, window="month", weighting="quad")[0]
    assert {(e.a, e.b): e.weight for e in quad.edges}[("CHN", "USA")] == pytest.approx(-1 - 1 + 1)
    assert quad.communities == w.communities
    # min_events drops ties with fewer clusters: only the USA-CHN tie has three
    sparse = analysis.blocs(store, window="month", min_events=3)[0]
    assert [(e.a, e.b) for e in sparse.edges] == [("CHN", "USA")]


def test_blocs_windows_and_json(store: Store) -> None:
    two_bloc_world(store)
    save(store, Doc("may", "2020-05-02", "A", [ev("CONSULT", ["USA", "CHN"], when=span("2020-05-01"))]))
    windows = analysis.blocs(store, window="month")
    assert [w.start.isoformat() for w in windows] == ["2020-03-01", "2020-05-01"]  # empty April skipped
    assert windows[1].communities == [["CHN", "USA"]]
    assert analysis.blocs(store, since=day("2020-04-01")) == windows[1:]
    d = windows[1].to_dict()
    assert d["edges"] == [{"a": "CHN", "b": "USA", "weight": 2.5, "n": 1}]
    assert d["start"] == "2020-05-01" and d["end"] == "2020-05-31"
    assert analysis.blocs(store, window="quarter")[0].start.isoformat() == "2020-01-01"
    # paging: newest first, one window at a time, only that window computed
    assert analysis.blocs(store, newest_first=True) == windows[::-1]
    assert analysis.blocs(store, newest_first=True, limit=1) == windows[1:]
    assert analysis.blocs(store, limit=1, offset=1) == windows[1:]
    assert analysis.blocs(store, limit=5, offset=2) == []
    assert analysis.blocs(store, min_events=2, limit=1) == [analysis.blocs(store, min_events=2)[0]]


def test_signed_modularity_by_hand() -> None:
    # X-Z +1, Y-Z +1, X-Y -5.   k+ = (1, 1, 2), 2w+ = 4;  k- = (5, 5, 0), 2w- = 10
    w = np.array([[0.0, -5.0, 1.0], [-5.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    # all together: sum w = -6; null = sum k+k+ / 4 - sum k-k- / 10 = 16/4 - 100/10 = -6 -> Q = 0
    assert signed_modularity(w, np.array([0, 0, 0])) == pytest.approx(0.0)
    # {X, Z} {Y}: w inside = 2; k+ terms (1 + 4 + 2 + 2 + 1) / 4 = 2.5; k- terms (25 + 25) / 10 = 5
    # Q = (2 - 2.5 + 5) / 14 = 0.3214...
    assert signed_modularity(w, np.array([0, 1, 0])) == pytest.approx(4.5 / 14)
    # all apart: (0 - 6/4 + 50/10) / 14 = 0.25
    assert signed_modularity(w, np.array([0, 1, 2])) == pytest.approx(3.5 / 14)
    part = signed_louvain(["X", "Y", "Z"], w)
    assert part.modularity == pytest.approx(4.5 / 14)
    assert len(part.communities) == 2
    assert not any({"X", "Y"} <= set(c) for c in part.communities)
    # frustration of putting all three together: |-5| of |weight| 2 * (5 + 1 + 1) = 14 -> 10 / 14
    assert frustration(w, np.array([0, 0, 0])) == pytest.approx(10 / 14)


def test_louvain_is_deterministic_and_finds_planted_blocs() -> None:
    rng = np.random.default_rng(7)
    n = 30
    side = np.arange(n) < 15
    w = np.where(side[:, None] == side[None, :], 3.0, -3.0) * (rng.random((n, n)) < 0.5)
    w = np.triu(w, 1)
    w = w + w.T
    names = [f"N{i:02d}" for i in range(n)]
    first = signed_louvain(names, w, seed=1)
    assert first == signed_louvain(names, w, seed=1)
    assert sorted(first.communities) == [names[:15], names[15:]]
    assert signed_louvain([], np.zeros((0, 0))).communities == []


def test_unity_formula(store: Store) -> None:
    save(store,
         Doc("june", "2019-06-20", "A", [
             ev("CONSULT", ["PRK", "CHN"], when=span("2019-06-20")),    # in-group cooperation
             ev("AGREE", "CHN", "RUS", when=span("2019-06-10")),        # in-group cooperation
             ev("ACCUSE", "PRK", "RUS", when=span("2019-06-11")),       # in-group conflict
             ev("THREATEN", "PRK", "USA", when=span("2019-06-12")),     # out-group conflict
             ev("ACCUSE", "USA", "CHN", when=span("2019-06-13")),       # out-group conflict (either way)
             ev("CONSULT", ["RUS", "USA"], when=span("2019-06-14")),    # out-group cooperation
             ev("CONSULT", ["JPN", "USA"], when=span("2019-06-15")),    # not about the group
             ev("CONSULT", ["CHN", "PRK"], when=span("2019-06-25"), status="planned"),  # not occurred
         ]),
         Doc("june-b", "2019-06-21", "B", [ev("CONSULT", ["CHN", "PRK"], when=span("2019-06-20"))]),  # same summit
         Doc("aug", "2019-08-05", "A", [ev("SANCTION", "CHN", "PRK", when=span("2019-08-01"))]))
    points = analysis.unity(store, ["prk", "CHN", "RUS"], window="month")
    got = [(p.start.isoformat(), p.in_coop, p.in_conflict, p.out_conflict, p.out_coop, p.events, p.index)
           for p in points]
    assert got == [
        # (2 + 2 - 1) / (2 + 1 + 2) = 0.6; six cluster dyads touch the group
        ("2019-06-01", 2, 1, 2, 1, 6, pytest.approx(0.6)),
        ("2019-07-01", 0, 0, 0, 0, 0, None),
        # (0 + 0 - 1) / 1
        ("2019-08-01", 0, 1, 0, 0, 1, -1.0),
    ]
    assert points[0].end.isoformat() == "2019-06-30"
    assert analysis.unity_index(2, 1, 2) == pytest.approx(0.6)
    assert points[1].to_dict()["index"] is None
    with pytest.raises(ValueError):
        analysis.unity(store, [])
