"""Load test of the JSON API: `detente serve` in its own process, many concurrent clients.

    python benchmarks/load.py [--db STORE] [--articles N] [--clients 50] [--duration 20]

Without --db, a fresh store is built the way a user builds one (`detente ingest` and
`detente extract` in their own processes) from the built-in sample corpus, or from N
generated articles (benchmarks/corpus.py) with --articles. Then `detente serve` starts on a
free 127.0.0.1 port with a token, and `--clients` asyncio clients (httpx) loop over a mix of
routes for `--duration` seconds. Prints requests, errors, requests/s, p50 and p99 latency
overall and per route; exits 1 on any error (non-2xx answer or transport failure).

The server caches answers for its lifetime (the store is read-only while served), so
repeated routes measure the cache; "events page" draws a random offset per request and
mostly measures the database.

Bounded in time: the server must answer within 90 s, the run stops after `--duration`
(requests in flight get 30 s more), and the server is stopped whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TOKEN = "load-test-token"
START_TIMEOUT = 90.0
DRAIN_TIMEOUT = 30.0


def detente(*args: str, timeout: float = 3600) -> None:
    subprocess.run([sys.executable, "-m", "detente", *args], check=True, timeout=timeout,
                   stdout=subprocess.DEVNULL)


def build_store(workdir: Path, articles: int | None) -> Path:
    db = workdir / "load.duckdb"
    if articles:
        from benchmarks.corpus import write_corpus

        source = write_corpus(workdir / "corpus", articles, fmt="jsonl").path
    else:
        from detente.samples import corpus_dir

        source = corpus_dir()
    t = time.perf_counter()
    detente("--db", str(db), "ingest", str(source))
    detente("--db", str(db), "extract", "--workers", "2")
    print(f"built {db} in {time.perf_counter() - t:.1f} s", flush=True)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "detente", "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port),
           "--token", TOKEN, "--log-level", "warning"]
    with log.open("wb") as fh:
        return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"detente serve exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"detente serve did not answer within {START_TIMEOUT:.0f} s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def route_mix(url: str) -> list[tuple[str, str, dict[str, str | int]]]:
    """(label, path, params) to draw from, built from what the store holds."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    meta = httpx.get(f"{url}/api/meta", headers=headers, timeout=30).json()
    dyads = httpx.get(f"{url}/api/dyads", params={"limit": 10}, headers=headers, timeout=30).json()["items"]
    actors = [a["code"] for a in meta["actors"][:10]] or ["USA"]
    total = meta["stats"]["events"]
    mix: list[tuple[str, str, dict[str, str | int]]] = []
    # weights by repetition: the timeline is what a dashboard asks most
    # offset -1: a fresh random offset per request, so pages are mostly computed, not cached
    for _ in range(4):
        mix.append(("events page", "/api/events", {"limit": 50, "offset": -1, "total": total}))
    for code in actors[:4]:
        mix.append(("events by actor", "/api/events", {"actor": code, "limit": 50}))
    mix.append(("events by type", "/api/events", {"type": "CONSULT", "limit": 50}))
    mix.append(("timeline", "/api/events/timeline", {"by": "month"}))
    mix.append(("meta", "/api/meta", {}))
    mix.append(("documents", "/api/documents", {"limit": 50}))
    mix.append(("dyads", "/api/dyads", {"limit": 100}))
    for d in dyads[:3]:
        mix.append(("dyad series", f"/api/dyads/{d['a']}/{d['b']}", {"by": "month"}))
        mix.append(("events by dyad", "/api/events", {"dyad": f"{d['a']}:{d['b']}", "limit": 50}))
    newest = meta.get("latest_published") or meta.get("last")
    blocs: dict[str, str | int] = {"window": "month", "newest_first": "true", "limit": 36}
    if newest:  # what the dashboard asks: the three years up to the newest article
        blocs["since"] = f"{int(newest[:4]) - 3}{newest[4:7]}-01"
    mix.append(("blocs", "/api/blocs", blocs))
    mix.append(("unity", "/api/unity", {"members": ",".join(actors[:3]) if len(actors) >= 2 else "USA,KOR"}))
    mix.append(("bursts", "/api/bursts", {"window": "week"}))
    mix.append(("expectations", "/api/expectations", {"limit": 100}))
    return mix


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)


async def client(url: str, mix: list[tuple[str, str, dict[str, str | int]]], stop_at: float, stats: Stats,
                 seed: int) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=DRAIN_TIMEOUT) as http:
        while time.monotonic() < stop_at:
            label, path, params = rng.choice(mix)
            if params.get("offset") == -1:
                params = {"limit": params["limit"], "offset": rng.randrange(max(int(params["total"]), 1))}
            t = time.perf_counter()
            try:
                r = await http.get(path, params=params)
                ok = r.status_code == 200
                detail = f"{r.status_code} {r.text[:200]}"
            except httpx.HTTPError as exc:
                ok, detail = False, f"{type(exc).__name__}: {exc}"
            stats.latencies[label].append(time.perf_counter() - t)
            if not ok:
                stats.errors.append(f"{label} {path} {params}: {detail}")


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run_load(url: str, clients: int, duration: float) -> tuple[Stats, float]:
    mix = route_mix(url)
    stats = Stats()
    start = time.monotonic()
    tasks = [asyncio.create_task(client(url, mix, start + duration, stats, seed=i)) for i in range(clients)]
    _, pending = await asyncio.wait(tasks, timeout=duration + DRAIN_TIMEOUT)
    for task in pending:  # a request stuck past the drain time: an error, not a hang
        task.cancel()
        stats.errors.append("client still waiting for an answer at the deadline")
    await asyncio.gather(*pending, return_exceptions=True)
    return stats, time.monotonic() - start


def report(stats: Stats, elapsed: float, clients: int) -> None:
    every = [x for xs in stats.latencies.values() for x in xs]
    print(f"\n{clients} clients, {elapsed:.1f} s")
    print(f"requests {len(every)}  errors {len(stats.errors)}  {len(every) / elapsed:.1f} req/s  "
          f"p50 {quantile(every, 0.50) * 1000:.1f} ms  p99 {quantile(every, 0.99) * 1000:.1f} ms")
    print(f"\n{'route':<18}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for label, xs in sorted(stats.latencies.items()):
        print(f"{label:<18}{len(xs):>9}{quantile(xs, 0.5) * 1000:>9.1f}{quantile(xs, 0.99) * 1000:>9.1f}")
    for e in stats.errors[:10]:
        print("error:", e)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="an existing store (default: build one)")
    ap.add_argument("--articles", type=int, help="build the store from N generated articles, not the samples")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="detente-load-") as tmp:
        work = Path(tmp)
        db = args.db or build_store(work, args.articles)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = work / "serve.log"
        proc = start_server(db, port, log)
        try:
            wait_ready(url, proc, log)
            stats, elapsed = asyncio.run(run_load(url, args.clients, args.duration))
        finally:
            stop_server(proc)
        report(stats, elapsed, args.clients)
        if proc.returncode not in (0, -signal.SIGTERM):
            print(f"server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
            return 1
    return 1 if stats.errors else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
