"""Bursts against a dyad's own trailing baseline, with z-scores worked out by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.analysis.conftest import Doc, day, ev, save, span

from detente import analysis
from detente.store import Store

MONDAY = day("2024-01-01")  # a Monday: week k starts on MONDAY + 7k
BURST_TYPES = ("CONSULT", "AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT")


def week(k: int, offset: int = 0) -> str:
    return (MONDAY + timedelta(days=7 * k + offset)).isoformat()


@pytest.fixture
def world(store: Store) -> Store:
    docs = []
    for k in range(8):
        # weeks 0-7: USA-CHN meet once a week; FRA-DEU are quiet after week 0
        docs.append(Doc(f"w{k}", week(k, 4), "A", [ev("CONSULT", ["USA", "CHN"], when=span(week(k)))]))
    docs[0].events.append(ev("CONSULT", ["FRA", "DEU"], when=span(week(0, 1))))
    # week 8: six different happenings between USA and CHN, four between FRA and DEU
    docs.append(Doc("w8", week(8, 6), "A",
                    [ev(t, "USA", "CHN", when=span(week(8, i))) for i, t in enumerate(BURST_TYPES)]
                    + [ev(t, "FRA", "DEU", when=span(week(8, i))) for i, t in enumerate(BURST_TYPES[:4])]))
    # another outlet reports one of them again: still six clusters
    docs.append(Doc("w8-b", week(8, 6), "B", [ev("AGREE", "USA", "CHN", when=span(week(8, 1)))]))
    save(store, *docs)
    return store


def test_bursts_against_the_baseline(world: Store) -> None:
    found = analysis.bursts(world, window="week")
    got = [(b.a, b.b, b.start.isoformat(), b.count, b.history) for b in found]
    # FRA-DEU: history = 1 cluster over 8 weeks, lambda = 1/8 -> z = (4 - 0.125) / sqrt(0.125) = 10.96
    # USA-CHN: history = 8 over 8 weeks, lambda = 1 -> z = (6 - 1) / 1 = 5
    assert got == [("DEU", "FRA", week(8), 4, 8), ("CHN", "USA", week(8), 6, 8)]
    fra, usa = found
    assert fra.baseline == pytest.approx(1 / 8)
    assert fra.score == pytest.approx((4 - 0.125) / 0.125 ** 0.5)
    assert usa.baseline == pytest.approx(1.0)
    assert usa.score == pytest.approx(5.0)
    assert len(usa.cluster_ids) == 6 and len(set(usa.cluster_ids)) == 6
    assert usa.end.isoformat() == week(8, 6)
    # the clusters are the week's happenings, in date order
    infos = {c.cluster_id: c for c in analysis.clusters(world, usa.cluster_ids)}
    assert [infos[c].event_type for c in usa.cluster_ids] == list(BURST_TYPES)
    assert infos[usa.cluster_ids[1]].reports == 2


def test_burst_options(world: Store) -> None:
    # z of USA-CHN is exactly 5: a threshold above it leaves FRA-DEU only
    assert [(b.a, b.b) for b in analysis.bursts(world, threshold=6.0)] == [("DEU", "FRA")]
    # at least five clusters: only USA-CHN (six) qualifies
    assert [(b.a, b.b) for b in analysis.bursts(world, min_count=5)] == [("CHN", "USA")]
    # more history than the data hold: nothing can be judged
    assert analysis.bursts(world, min_history=9) == []
    # a baseline of 2 weeks: USA-CHN saw 2 in weeks 6-7 -> lambda 1, still z = 5;
    # FRA-DEU saw none -> lambda = max(0, 1) / 2 = 0.5 -> z = (4 - 0.5) / sqrt(0.5)
    short = {(b.a, b.b): b for b in analysis.bursts(world, baseline_windows=2, min_history=2)}
    assert short[("DEU", "FRA")].score == pytest.approx(3.5 / 0.5 ** 0.5)
    assert short[("DEU", "FRA")].baseline == 0.0
    assert short[("CHN", "USA")].score == pytest.approx(5.0)
    assert analysis.bursts(world, limit=1)[0].a == "DEU"
    # months: January holds weeks 0-4 (USA-CHN 5, FRA-DEU 1), February weeks 5-8 (9 and 4).
    # USA-CHN: z = (9 - 5) / sqrt(5) = 1.8; FRA-DEU: z = (4 - 1) / 1 = 3, right at the threshold
    monthly = analysis.bursts(world, window="month", min_history=1)
    assert [(b.a, b.b, b.start.isoformat(), b.history, b.score) for b in monthly] == [
        ("DEU", "FRA", "2024-02-01", 1, pytest.approx(3.0))]
    with pytest.raises(ValueError):
        analysis.bursts(world, baseline_windows=0)
    d = analysis.bursts(world)[1].to_dict()
    assert d["a"] == "CHN" and d["start"] == week(8) and len(d["cluster_ids"]) == 6


@pytest.mark.parametrize("window", ["day", "week", "month", "quarter", "year"])
def test_window_index_round_trip(window: str) -> None:
    from detente.analysis.burst_detection import window_index, window_start
    from detente.analysis.common import period_start

    for d in (day("1999-12-31"), day("2024-02-29"), day("2024-03-01"), day("2025-01-05")):
        i = window_index(d, window)
        assert window_start(i, window) == period_start(d, window)
        assert window_index(window_start(i + 1, window), window) == i + 1
