"""The dyad series, with expected values worked out by hand."""

from __future__ import annotations

import pytest
from tests.analysis.conftest import Doc, day, ev, imported, save, span

from detente import analysis
from detente.store import Store


@pytest.fixture
def korea(store: Store) -> Store:
    save(store,
         Doc("jan", "2018-01-10", "A", [
             ev("CONSULT", ["KOR", "PRK"], when=span("2018-01-09")),          # q1, 2.5
             ev("AID", "KOR", "PRK", when=span("2018-01-05")),                # q2, 10.0
             ev("ACCUSE", "PRK", "KOR", when=span("2018-01-08")),             # q3, -2.5
             ev("CONSULT", ["KOR", "USA"], when=span("2018-01-09")),          # another dyad
         ]),
         Doc("jan-again", "2018-01-11", "B", [
             ev("CONSULT", ["PRK", "KOR"], when=span("2018-01-09")),          # same talks: no new cluster
         ]),
         Doc("mar", "2018-03-02", "A", [
             ev("ASSAULT", "PRK", "KOR", when=span("2018-03-01"), confidence=0.3),  # q4, -9.0
             ev("CONSULT", ["KOR", "PRK"], when=span("2018-03-01"), mode="visit", symmetric=True),  # q1, 4.0
             ev("CONSULT", ["KOR", "PRK"], when=span("2018-03-20"), status="planned"),  # not occurred
         ]))
    return store


def test_monthly_counts_net_and_intensity(korea: Store) -> None:
    series = analysis.dyad_series(korea, "prk", "KOR")  # codes in any case, pair in any order
    assert (series.a, series.b, series.by) == ("PRK", "KOR", "month")
    got = [(p.period.isoformat(), p.q1, p.q2, p.q3, p.q4, p.events, p.net, p.intensity) for p in series.points]
    assert got == [
        # January: q1 CONSULT, q2 AID, q3 ACCUSE -> net (1 + 1 - 1) / 3; intensity 2.5 + 10 - 2.5 = 10
        ("2018-01-01", 1, 1, 1, 0, 3, pytest.approx(1 / 3), pytest.approx(10.0)),
        # February: no events, still a window
        ("2018-02-01", 0, 0, 0, 0, 0, 0.0, 0.0),
        # March: the visit (4.0) and the attack (-9.0) -> net 0, intensity -5
        ("2018-03-01", 1, 0, 0, 1, 2, 0.0, pytest.approx(-5.0)),
    ]
    assert series.points[0].end == day("2018-01-31")
    total = series.total
    assert total is not None
    assert (total.q1, total.q2, total.q3, total.q4, total.events) == (2, 1, 1, 1, 5)
    assert total.net == pytest.approx((3 - 2) / 5)
    assert total.intensity == pytest.approx(5.0)
    assert series.to_dict()["points"][1] == {"period": "2018-02-01", "end": "2018-02-28", "q1": 0, "q2": 0,
                                             "q3": 0, "q4": 0, "net": 0.0, "intensity": 0.0, "events": 0}


def test_filters_and_windows(korea: Store) -> None:
    # min_confidence drops the attack (0.3); since/until fix the window range, empty ones included
    series = analysis.dyad_series(korea, "KOR", "PRK", by="month", since=day("2017-12-01"), until=day("2018-03-31"),
                                  min_confidence=0.5)
    assert [(p.period.month, p.events) for p in series.points] == [(12, 0), (1, 3), (2, 0), (3, 1)]
    weekly = analysis.dyad_series(korea, "KOR", "PRK", by="week", since=day("2018-01-01"), until=day("2018-01-14"))
    # weeks start on Monday: 1 Jan 2018 was one; the AID (5th) and the ACCUSE (8th), CONSULT (9th)
    assert [(p.period.isoformat(), p.events) for p in weekly.points] == [("2018-01-01", 1), ("2018-01-08", 2)]
    planned = analysis.dyad_series(korea, "KOR", "PRK", statuses=("planned",))
    assert [(p.period.isoformat(), p.q1) for p in planned.points] == [("2018-03-01", 1)]
    with pytest.raises(ValueError):
        analysis.dyad_series(korea, "KOR", "PRK", by="fortnight")


def test_origin_and_empty(korea: Store) -> None:
    korea.add_events([imported("g1", ev("SANCTION", "KOR", "PRK", when=span("2018-01-20")))], origin="gdelt")
    both = analysis.dyad_series(korea, "KOR", "PRK")
    gdelt = analysis.dyad_series(korea, "KOR", "PRK", origin="gdelt")
    coded = analysis.dyad_series(korea, "KOR", "PRK", origin="detente")
    assert both.points[0].q4 == 1 and coded.points[0].q4 == 0
    assert [(p.period.isoformat(), p.q4, p.intensity) for p in gdelt.points] == [("2018-01-01", 1, -6.0)]
    assert analysis.dyad_series(korea, "JPN", "RUS").points == []
    assert analysis.dyad_series(korea, "JPN", "RUS").total is None
