"""The JSON API over real HTTP: uvicorn on 127.0.0.1, httpx as the client."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
from tests.web.conftest import TOKEN, LiveServer

from detente.store import EventFilter, Store


@pytest.fixture(scope="module")
def client(live: LiveServer) -> httpx.Client:
    with httpx.Client(base_url=live.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def oracle(web_db: Path) -> Store:
    # Read-only like the server, so both can hold the file in this process.
    with Store(web_db, read_only=True) as s:
        yield s


def _error(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) >= {"error", "message"}
    assert body["message"]
    return body


# ---------------------------------------------------------------------------- events
def test_events_match_the_store(client: httpx.Client, oracle: Store) -> None:
    r = client.get("/api/events", params={"limit": 1000})
    assert r.status_code == 200
    body = r.json()
    stored = oracle.events(EventFilter())
    assert body["total"] == len(stored)
    assert [e["event_id"] for e in body["items"]] == [e.event_id for e in stored]
    first = body["items"][0]
    assert first["evidence"] and first["evidence"][0]["sentence"]
    assert first["quad_class"] in (1, 2, 3, 4)


def test_pagination_walks_every_event_once(client: httpx.Client) -> None:
    everything = client.get("/api/events", params={"limit": 1000}).json()
    seen: list[str] = []
    offset = 0
    while True:
        page = client.get("/api/events", params={"limit": 7, "offset": offset}).json()
        assert page["total"] == everything["total"]
        assert page["limit"] == 7 and page["offset"] == offset
        if not page["items"]:
            break
        assert len(page["items"]) <= 7
        seen += [e["event_id"] for e in page["items"]]
        offset += 7
    assert seen == [e["event_id"] for e in everything["items"]]
    assert len(seen) > 7 * 3  # several pages were really walked


def test_filters_narrow_like_the_store(client: httpx.Client, oracle: Store) -> None:
    cases = [
        ({"actor": "irn"}, EventFilter(actor="IRN")),
        ({"dyad": "USA:IRN"}, EventFilter(dyad=("USA", "IRN"))),
        ({"dyad": "irn:usa"}, EventFilter(dyad=("IRN", "USA"))),
        ({"type": "CONSULT"}, EventFilter(event_type="CONSULT")),
        ({"status": "planned"}, EventFilter(status="planned")),
        ({"since": "2020-01-01", "until": "2020-01-31"},
         EventFilter(since=date(2020, 1, 1), until=date(2020, 1, 31))),
    ]
    everything = client.get("/api/events", params={"limit": 1000}).json()["total"]
    for params, f in cases:
        body = client.get("/api/events", params={**params, "limit": 1000}).json()
        expected = [e.event_id for e in oracle.events(f)]
        assert [e["event_id"] for e in body["items"]] == expected, params
        assert 0 < body["total"] < everything, params


def test_dyad_filter_is_direction_free(client: httpx.Client) -> None:
    ab = client.get("/api/events", params={"dyad": "USA:IRN"}).json()
    ba = client.get("/api/events", params={"dyad": "IRN:USA"}).json()
    assert ab == ba
    pairs = {frozenset((d["source"], d["target"])) for e in ab["items"] for d in e["dyads"]}
    assert frozenset(("USA", "IRN")) in pairs
    # wire.csv holds two USA->IRN and three IRN->USA events
    assert ab["total"] >= 5


def test_event_by_id_and_unknown_id(client: httpx.Client) -> None:
    item = client.get("/api/events", params={"type": "SANCTION", "limit": 1}).json()["items"][0]
    r = client.get(f"/api/events/{item['event_id']}")
    assert r.status_code == 200
    assert r.json() == item
    body = _error(client.get("/api/events/0000000000deadbeef00"), 404)
    assert body["error"] == "not_found"


def test_timeline_counts_add_up(client: httpx.Client) -> None:
    tl = client.get("/api/events/timeline", params={"by": "month"}).json()
    total = client.get("/api/events").json()["total"]
    assert sum(p["total"] for p in tl["periods"]) + tl["undated"] == total
    for p in tl["periods"]:
        assert p["total"] == p["q1"] + p["q2"] + p["q3"] + p["q4"]
        assert p["start"].endswith("-01")
    jan = client.get("/api/events/timeline", params={"since": "2020-01-01", "until": "2020-01-31"}).json()
    assert [p["start"] for p in jan["periods"]] == ["2020-01-01"]


# ---------------------------------------------------------------------------- validation
@pytest.mark.parametrize(("params", "field"), [
    ({"since": "2020-13-45"}, "query.since"),
    ({"until": "last tuesday"}, "query.until"),
    ({"dyad": "USAIRN"}, "query.dyad"),
    ({"dyad": "USA:"}, "query.dyad"),
    ({"actor": "P R K"}, "query.actor"),
    ({"type": "HUG"}, "query.type"),
    ({"status": "rumoured"}, "query.status"),
    ({"limit": "0"}, "query.limit"),
    ({"limit": "1001"}, "query.limit"),
    ({"limit": "ten"}, "query.limit"),
    ({"offset": "-1"}, "query.offset"),
    ({"min_confidence": "1.5"}, "query.min_confidence"),
    ({"since": "2020-02-01", "until": "2020-01-01"}, "query.since"),
])
def test_bad_parameters_get_a_422_naming_them(client: httpx.Client, params: dict, field: str) -> None:
    body = _error(client.get("/api/events", params=params), 422)
    assert body["error"] == "invalid_request"
    assert field in body["message"]
    assert any(d["field"] == field for d in body["detail"])


def test_validation_messages_say_what_to_send(client: httpx.Client) -> None:
    msg = _error(client.get("/api/events", params={"since": "yesterday"}), 422)["message"]
    assert "YYYY-MM-DD" in msg and "yesterday" in msg
    msg = _error(client.get("/api/events", params={"dyad": "PRK-USA"}), 422)["message"]
    assert "A:B" in msg and "PRK-USA" in msg
    # no regular expression dumped on the reader
    assert "^[" not in msg


def test_unknown_routes_and_documents_are_json_404(client: httpx.Client) -> None:
    assert _error(client.get("/api/nothing-here"), 404)["error"] == "not_found"
    assert _error(client.get("/api/documents/" + "0" * 64), 404)["error"] == "not_found"
    _error(client.get("/api/documents/not-a-hash"), 422)


# ---------------------------------------------------------------------------- documents, dyads, meta
def test_documents_page_and_detail(client: httpx.Client, oracle: Store) -> None:
    body = client.get("/api/documents", params={"limit": 5}).json()
    assert body["total"] == oracle.stats()["documents"]
    assert len(body["items"]) == 5
    rest = client.get("/api/documents", params={"limit": 1000, "offset": 5}).json()
    ids = [d["id"] for d in body["items"]] + [d["id"] for d in rest["items"]]
    assert len(ids) == len(set(ids)) == body["total"]
    doc = next(d for d in body["items"] + rest["items"] if d["name"] == "wire-004")
    detail = client.get(f"/api/documents/{doc['id']}").json()
    assert "sanctions" in detail["text"]
    assert [e["event_type"] for e in detail["events"]] == ["SANCTION"]
    assert detail["events"][0]["doc"]["id"] == doc["id"]


def test_dyads_summary(client: httpx.Client) -> None:
    body = client.get("/api/dyads", params={"limit": 1000}).json()
    pairs = {(d["a"], d["b"]): d for d in body["items"]}
    assert ("IRN", "USA") in pairs  # always ordered a < b
    irn_usa = pairs[("IRN", "USA")]
    assert irn_usa["events"] == irn_usa["q1"] + irn_usa["q2"] + irn_usa["q3"] + irn_usa["q4"]
    assert irn_usa["q4"] >= 3  # two assaults and a sanction in wire.csv
    counts = [d["events"] for d in body["items"]]
    assert counts == sorted(counts, reverse=True)
    only = client.get("/api/dyads", params={"actor": "JPN", "limit": 1000}).json()
    assert only["items"] and all("JPN" in (d["a"], d["b"]) for d in only["items"])
    assert only["total"] < body["total"]


def test_meta_lists_actors_types_and_range(client: httpx.Client) -> None:
    meta = client.get("/api/meta").json()
    codes = {a["code"] for a in meta["actors"]}
    assert {"USA", "IRN", "KOR", "JPN"} <= codes
    assert len(meta["event_types"]) == 16
    assert meta["first"] <= "2014-03-17" and meta["last"] >= "2020-04-01"


# ---------------------------------------------------------------------------- auth
def test_token_is_required_on_api_routes(live_token: LiveServer) -> None:
    with httpx.Client(base_url=live_token.url, timeout=30) as c:
        for path in ("/api/events", "/api/meta", "/api/dyads", "/api/documents"):
            r = c.get(path)
            assert _error(r, 401)["error"] == "unauthorized"
            assert r.headers["www-authenticate"] == "Bearer"
        _error(c.get("/api/events", headers={"Authorization": "Bearer wrong"}), 401)
        _error(c.get("/api/events", headers={"Authorization": f"Basic {TOKEN}"}), 401)
        ok = c.get("/api/events", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()["total"] > 0


def test_token_server_still_serves_the_page_and_spec(live_token: LiveServer) -> None:
    with httpx.Client(base_url=live_token.url, timeout=30) as c:
        page = c.get("/", params={"token": TOKEN})
        assert page.status_code == 200 and "detente-config" in page.text
        assert c.get("/static/dashboard.js").status_code == 200
        spec = c.get("/openapi.json").json()
        assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_no_token_server_needs_no_header(client: httpx.Client) -> None:
    assert client.get("/api/meta").status_code == 200


# ---------------------------------------------------------------------------- spec and pages
def test_openapi_lists_every_route(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/events/timeline", "/api/documents",
            "/api/documents/{doc_id}", "/api/dyads", "/api/dyads/{a}/{b}", "/api/blocs", "/api/unity",
            "/api/bursts", "/api/expectations", "/api/meta"} <= paths
    limit = next(p for p in spec["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 1000 and limit["schema"]["minimum"] == 1
    assert "422" in spec["paths"]["/api/events"]["get"]["responses"]


def test_dashboard_page_links_only_local_files(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "default-src 'self'" in r.headers["content-security-policy"]
    for src in ("static/vendor/chart.umd.min.js", "static/network.js", "static/dashboard.js"):
        assert f'src="{src}"' in r.text
        assert client.get("/" + src).status_code == 200
    docs = client.get("/api-docs")
    assert docs.status_code == 200 and "/api/events" in docs.text


# ---------------------------------------------------------------------------- concurrency and cache
def test_more_concurrent_requests_than_threads_and_stores(live: LiveServer) -> None:
    """120 requests at once (the pool has 4 stores, the thread pool 40): all answered.

    Each asks a different page, so none is served from the cache.
    """
    import asyncio

    async def burst() -> list[int]:
        async with httpx.AsyncClient(base_url=live.url, timeout=60) as c:
            rs = await asyncio.gather(*(c.get("/api/events", params={"limit": 1 + i % 5, "offset": i})
                                        for i in range(120)))
        return [r.status_code for r in rs]

    assert asyncio.run(burst()) == [200] * 120


def test_repeated_answers_are_identical(client: httpx.Client) -> None:
    params = {"actor": "USA", "limit": 3}
    first = client.get("/api/events", params=params)
    again = client.get("/api/events", params=dict(reversed(list(params.items()))))
    assert first.status_code == again.status_code == 200
    assert first.content == again.content


def test_identical_requests_in_flight_are_computed_once(live: LiveServer) -> None:
    import asyncio

    cache = live.server.config.app.state.cache
    before = cache.computed

    async def burst() -> list[bytes]:
        async with httpx.AsyncClient(base_url=live.url, timeout=60) as c:
            rs = await asyncio.gather(*(c.get("/api/events", params={"limit": 17, "offset": 3, "status": "occurred"})
                                        for _ in range(12)))
        assert {r.status_code for r in rs} == {200}
        return [r.content for r in rs]

    bodies = asyncio.run(burst())
    assert len(set(bodies)) == 1
    assert cache.computed == before + 1
