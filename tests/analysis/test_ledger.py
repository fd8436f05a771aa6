"""The expectations ledger: each of the five outcomes, lead times, accuracy tables."""

from __future__ import annotations

import pytest
from tests.analysis.conftest import Doc, day, ev, month, save, span

from detente import analysis
from detente.analysis import Ledger, LedgerEntry
from detente.store import Store


@pytest.fixture
def forecasts(store: Store) -> Store:
    save(store,
         Doc("forecast", "2019-01-10", "Wire A", [
             ev("CONSULT", ["KOR", "PRK"], when=span("2019-03-15"), status="planned", predictor="KOR"),   # P1
             ev("CONSULT", ["USA", "PRK"], when=month("2019-02"), status="expected", predictor="CHN"),    # P2
             ev("CONSULT", ["CHN", "RUS"], when=span("2019-09-01"), status="planned", predictor="RUS"),   # P3
             ev("CONSULT", ["JPN", "KOR"], when=span("2019-04-10"), status="planned", predictor="JPN"),   # P4
             ev("AID", "RUS", "PRK", when=span("2019-05-01"), status="planned", predictor="RUS"),         # P5
             ev("CONSULT", "PRK", "RUS", when=span("2019-04-25"), status="planned", mode="visit",
                symmetric=False),                                                                        # P6
         ]),
         # a second outlet predicts P1 too: the same cluster, a second predictor
         Doc("forecast-2", "2019-01-20", "Wire C", [
             ev("CONSULT", ["PRK", "KOR"], when=span("2019-03-15"), status="planned", predictor="USA")]),
         Doc("summit", "2019-03-18", "Wire B", [ev("CONSULT", ["KOR", "PRK"], when=span("2019-03-17"))]),
         Doc("called-off", "2019-04-05", "Wire B", [
             ev("CONSULT", ["JPN", "KOR"], when=span("2019-04-10"), status="cancelled")]),
         # the visit happens as a summit (symmetric): it still fulfils the planned visit
         Doc("vladivostok", "2019-04-26", "Wire B", [ev("CONSULT", ["PRK", "RUS"], when=span("2019-04-25"))]),
         Doc("aid", "2019-05-02", "Wire B", [ev("AID", "RUS", "PRK", status="failed")]),
         Doc("latest", "2019-06-01", "Wire B", [ev("ACCUSE", "USA", "CHN", when=span("2019-05-31"))]))
    return store


def by_what(ledger: Ledger) -> dict[tuple[str, str, str | None], LedgerEntry]:
    return {(e.event_type, e.source, e.target): e for e in ledger.entries}


def test_each_outcome(forecasts: Store) -> None:
    ledger = analysis.expectations(forecasts)
    assert ledger.as_of == day("2019-06-01")  # the latest publication, not today
    assert ledger.outcomes == {"fulfilled": 2, "pending": 1, "overdue": 1, "cancelled": 1, "failed": 1}
    e = by_what(ledger)
    assert len(ledger.entries) == 6
    p1 = e[("CONSULT", "KOR,PRK", None)]
    assert (p1.outcome, p1.status, p1.reports, p1.predictor, p1.doc_name) == ("fulfilled", "planned", 2, "KOR",
                                                                           "forecast")
    assert p1.reported == day("2019-01-10")
    assert p1.predicted is not None and p1.predicted.start == day("2019-03-15")
    # happened on 17 March: 66 days after the first forecast (10 Jan), two days late
    assert (p1.lead_days, p1.date_error_days) == (66, 2)
    assert p1.matched_cluster_id is not None
    [summit] = analysis.clusters(forecasts, [p1.matched_cluster_id])
    assert (summit.status, summit.documents) == ("occurred", ["summit"])
    # February came and went (window to 3 March with the 3 days of tolerance)
    assert e[("CONSULT", "PRK,USA", None)].outcome == "overdue"
    assert e[("CONSULT", "CHN,RUS", None)].outcome == "pending"  # September is after 1 June
    assert e[("CONSULT", "JPN,KOR", None)].outcome == "cancelled"
    p5 = e[("AID", "RUS", "PRK")]
    assert (p5.outcome, p5.lead_days, p5.matched_cluster_id) == ("failed", None, None)
    p6 = e[("CONSULT", "PRK", "RUS")]
    assert (p6.outcome, p6.lead_days, p6.date_error_days) == ("fulfilled", 105, 0)  # 10 Jan -> 25 Apr


def test_accuracy_by_predictor_and_source(forecasts: Store) -> None:
    ledger = analysis.expectations(forecasts)
    preds = {a.key: (a.total, a.fulfilled, a.overdue, a.cancelled, a.failed, a.pending, a.accuracy)
             for a in ledger.by_predictor}
    assert preds == {
        "KOR": (1, 1, 0, 0, 0, 0, 1.0),
        "USA": (1, 1, 0, 0, 0, 0, 1.0),  # the second forecast of the same summit
        "CHN": (1, 0, 1, 0, 0, 0, 0.0),
        "RUS": (2, 0, 0, 0, 1, 1, 0.0),  # one failed, one pending: 0 of 1 resolved
        "JPN": (1, 0, 0, 1, 0, 0, 0.0),
    }
    assert ledger.by_predictor[0].key == "RUS"  # most predictions first
    sources = {a.key: (a.total, a.fulfilled, a.accuracy) for a in ledger.by_source}
    # Wire A: 2 fulfilled of 5 resolved (one pending)
    assert sources == {"Wire A": (6, 2, pytest.approx(0.4)), "Wire C": (1, 1, 1.0)}
    d = ledger.to_dict()
    assert d["as_of"] == "2019-06-01" and len(d["entries"]) == 6
    assert d["by_source"][0]["key"] == "Wire A"


def test_as_of_reads_only_what_was_known(forecasts: Store) -> None:
    early = analysis.expectations(forecasts, as_of=day("2019-02-01"))
    assert early.outcomes == {"fulfilled": 0, "pending": 6, "overdue": 0, "cancelled": 0, "failed": 0}
    # on 15 January only the first forecast of P1 was out
    mid = analysis.expectations(forecasts, as_of=day("2019-01-15"))
    assert by_what(mid)[("CONSULT", "KOR,PRK", None)].reports == 1
    assert "USA" not in {a.key for a in mid.by_predictor}
    assert analysis.expectations(forecasts, as_of=day("2019-01-01")).entries == []
    # 20 March: the summit report is in, February is past, the rest still open
    march = analysis.expectations(forecasts, as_of=day("2019-03-20"))
    assert march.outcomes == {"fulfilled": 1, "pending": 4, "overdue": 1, "cancelled": 0, "failed": 0}


def test_entry_selection_and_filters(forecasts: Store) -> None:
    only = analysis.expectations(forecasts, outcome="fulfilled")
    assert {e.outcome for e in only.entries} == {"fulfilled"} and len(only.entries) == 2
    assert only.outcomes["pending"] == 1  # the counts cover everything
    assert len(analysis.expectations(forecasts, limit=2, offset=5).entries) == 1
    # since/until pick predictions by their predicted date: March to May holds P1, P4, P5, P6
    spring = analysis.expectations(forecasts, since=day("2019-03-01"), until=day("2019-05-31"))
    assert sum(spring.outcomes.values()) == 4
    assert analysis.expectations(forecasts, origin="gdelt").entries == []
    with pytest.raises(ValueError):
        analysis.expectations(forecasts, outcome="late")


def test_what_does_not_fulfil_a_prediction(store: Store) -> None:
    save(store,
         # the article that announces the talks also says they took place: fulfilled, lead 0
         Doc("same", "2019-02-01", "A", [
             ev("CONSULT", ["USA", "KOR"], when=span("2019-02-01"), status="planned"),
             ev("CONSULT", ["USA", "KOR"], when=span("2019-02-01")),
         ]),
         # a meeting that ended before the forecast was made cannot fulfil it
         Doc("old", "2019-02-10", "B", [ev("CONSULT", ["CHN", "JPN"], when=span("2019-01-02", "2019-01-25",
                                                                               precision="range"))]),
         Doc("plan", "2019-02-05", "A", [
             ev("CONSULT", ["CHN", "JPN"], when=span("2019-01-20", "2019-02-20", precision="range"),
                status="expected")]),
         # other types, other pairs, other directions do not count
         Doc("later", "2019-03-01", "B", [
             ev("AGREE", ["USA", "KOR"], when=span("2019-02-01")),
             ev("ACCUSE", "KOR", "USA", when=span("2019-02-10")),
         ]),
         Doc("threat", "2019-01-15", "A", [ev("ACCUSE", "USA", "KOR", when=span("2019-02-10"), status="planned")]))
    e = by_what(analysis.expectations(store))
    same = e[("CONSULT", "KOR,USA", None)]
    assert (same.outcome, same.lead_days, same.date_error_days) == ("fulfilled", 0, 0)
    assert e[("CONSULT", "CHN,JPN", None)].outcome == "overdue"
    assert e[("ACCUSE", "USA", "KOR")].outcome == "overdue"


def test_undated_prediction_uses_the_horizon(store: Store) -> None:
    save(store,
         Doc("plan", "2019-01-10", "A", [ev("CONSULT", ["USA", "PRK"], status="planned", predictor="USA")]),
         Doc("met", "2019-02-28", "B", [ev("CONSULT", ["USA", "PRK"], when=span("2019-02-27"))]),
         Doc("end", "2019-12-31", "B", [ev("ACCUSE", "CHN", "USA", when=span("2019-12-30"))]))
    [entry] = analysis.expectations(store).entries
    # no predicted date: fulfilled within 180 days; lead 10 Jan -> 27 Feb = 48 days, no date error
    assert (entry.predicted, entry.outcome, entry.lead_days, entry.date_error_days) == (None, "fulfilled", 48, None)
    [late] = analysis.expectations(store, horizon_days=30).entries
    assert late.outcome == "overdue"


def test_a_trilateral_prediction_needs_all_three(store: Store) -> None:
    save(store,
         Doc("plan", "2019-01-10", "A", [
             ev("CONSULT", ["KOR", "PRK", "USA"], when=span("2019-06-30"), status="planned", predictor="KOR"),
             ev("CONSULT", ["CHN", "RUS", "PRK"], when=span("2019-07-15"), status="planned", predictor="RUS"),
         ]),
         # the three met at Panmunjom; only two of the other three did
         Doc("dmz", "2019-07-01", "B", [ev("CONSULT", ["USA", "PRK", "KOR"], when=span("2019-06-30"))]),
         Doc("two", "2019-07-16", "B", [ev("CONSULT", ["CHN", "PRK"], when=span("2019-07-15"))]),
         Doc("end", "2019-09-01", "B", [ev("ACCUSE", "JPN", "KOR", when=span("2019-08-30"))]))
    entries = {e.predictor: e for e in analysis.expectations(store).entries}
    assert (entries["KOR"].outcome, entries["KOR"].source, entries["KOR"].target) == ("fulfilled", "KOR,PRK,USA", None)
    assert (entries["KOR"].lead_days, entries["KOR"].date_error_days) == (171, 0)  # 10 Jan -> 30 Jun
    assert entries["RUS"].outcome == "overdue"


@pytest.mark.parametrize("as_of", [None, "2019-02-01", "2019-03-20"])
def test_materialised_matches_agree_with_inline_ones(forecasts: Store, as_of: str | None) -> None:
    from detente.analysis.ledger import DEFAULTS, MATCHES_TABLE, _materialized

    when = day(as_of) if as_of else None
    scopes = [{}, {"origin": "detente", "min_confidence": 0.5}, {"min_confidence": 0.85}, {"origin": "gdelt"},
              {"since": day("2019-04-01")}]
    fast = [analysis.expectations(forecasts, as_of=when, **kw).to_dict() for kw in scopes]  # type: ignore[arg-type]
    assert _materialized(forecasts, dict(DEFAULTS))
    forecasts.connection.execute(f"DROP TABLE {MATCHES_TABLE}")
    assert not _materialized(forecasts, dict(DEFAULTS))
    inline = [analysis.expectations(forecasts, as_of=when, **kw).to_dict() for kw in scopes]  # type: ignore[arg-type]
    assert inline == fast
    assert fast[2]["entries"] == [] and fast[0]["entries"]


def test_default_ledger_is_materialised_and_follows_new_publications(forecasts: Store) -> None:
    from detente.analysis import ledger as ledger_mod

    first = analysis.expectations(forecasts)  # clusters, and writes the default ledger
    assert ledger_mod._cached_as_of(forecasts) == first.as_of == day("2019-06-01")
    # computed inline (a filter that keeps every event forces that), the ledger is the same
    assert analysis.expectations(forecasts, min_confidence=0.0).to_dict() == first.to_dict()
    # a later article with no events moves the default as_of: the stored ledger no longer
    # answers, and September's meeting is now overdue instead of pending
    save(forecasts, Doc("much-later", "2020-01-15", "Wire D", []))
    later = analysis.expectations(forecasts)
    assert later.as_of == day("2020-01-15")
    assert by_what(later)[("CONSULT", "CHN,RUS", None)].outcome == "overdue"
    assert later.outcomes["pending"] == 0


def test_a_later_report_beats_a_same_day_match(store: Store) -> None:
    """The article that reports a meeting and an invitation to a visit later in the year:
    the meeting two days earlier is not the visit; the visit reported in June is."""
    save(store,
         Doc("january", "2019-01-10", "A", [
             ev("CONSULT", ["CHN", "PRK"], when=span("2019-01-08")),
             ev("CONSULT", "CHN", "PRK", when=span("2019-01-01", "2019-12-31", precision="year"), status="planned",
                mode="visit", symmetric=False),
         ]),
         Doc("june", "2019-06-21", "B", [ev("CONSULT", "CHN", "PRK", when=span("2019-06-20"), mode="visit",
                                            symmetric=False)]))
    [entry] = analysis.expectations(store).entries
    assert (entry.outcome, entry.lead_days) == ("fulfilled", 161)


def test_an_undated_prediction_is_not_fulfilled_by_its_own_articles_meeting(store: Store) -> None:
    save(store,
         Doc("summit", "2018-06-12", "A", [
             ev("CONSULT", ["PRK", "USA"], when=span("2018-06-12")),
             ev("CONSULT", "PRK", "USA", status="planned", mode="visit", symmetric=False),  # "will invite him"
         ]),
         Doc("later", "2019-03-01", "B", [ev("ACCUSE", "USA", "CHN", when=span("2019-02-27"))]))
    [entry] = analysis.expectations(store).entries
    assert entry.outcome == "overdue"
