"""Ingest and extraction throughput on a generated corpus, against baselines from the same run.

    python benchmarks/throughput.py [--articles 2000] [--workers 2] [--baseline-articles 500]
                                    [--dask] [--profile 300] [--stages 200] [--skip-baseline]

Steps, each through the real `detente` command in its own process (as a user runs it):

1. generate N distinct articles (benchmarks/corpus.py) as .txt files,
2. `detente ingest` them into a fresh store: articles/s,
3. `detente extract --workers 1` and `--workers W` on copies of that store: articles/s and
   words/s, wall clock (process start and model loading included) and steady state (from
   the first to the last progress line, so the fixed start-up cost is left out), and the
   speed-up of W workers over 1; the events of the two runs are compared (they must be equal),
4. with --dask, `detente extract --engine dask --workers W` too,
5. baseline: the plain spaCy pipeline (`nlp.pipe` over whole articles, every sentence
   tagged, parsed and NER-ed, no actor dictionary and no pre-filter) in one process,
6. with --stages K, the CPU time of each stage of the coder (and each spaCy component) over
   K articles in this process,
7. with --profile K, cProfile of the coder over K articles: the functions where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.corpus import CorpusInfo, generate, write_corpus  # noqa: E402

TARGET_2_WORKERS = 28.0   # articles/s the project quotes for 2 workers


@dataclass(frozen=True)
class Timed:
    label: str
    seconds: float            # wall clock of the whole command
    steady_seconds: float     # first to last progress line (0 when there was one line)
    steady_docs: int          # documents coded between those two lines
    stdout: str
    cpu_seconds: float = 0.0  # user + system CPU of the command and every process it started

    def rate(self, n: int) -> float:
        return n / self.seconds if self.seconds else 0.0

    def steady_rate(self) -> float:
        return self.steady_docs / self.steady_seconds if self.steady_seconds > 0 else 0.0


def detente(args: list[str], db: Path, label: str) -> Timed:
    """Run `python -m detente --db DB ARGS`, timing it and each "coded N/M" progress line."""
    cmd = [sys.executable, "-m", "detente", "--db", str(db), *args]
    env = {**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stderr is not None and proc.stdout is not None
    marks: list[tuple[float, int]] = []
    tail: list[str] = []
    for line in proc.stderr:
        if line.startswith("coded ") and "/" in line:
            marks.append((time.perf_counter(), int(line.split()[1].split("/")[0])))
        else:
            tail = [*tail[-20:], line]
    out = proc.stdout.read()
    code = proc.wait()
    seconds = time.perf_counter() - start
    # a reaped child's usage includes that of the descendants it reaped (the pool's workers)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if code != 0:
        raise SystemExit(f"{label} failed ({code}):\n{out}{''.join(tail)}")
    steady_s, steady_n = 0.0, 0
    if len(marks) >= 2:
        steady_s, steady_n = marks[-1][0] - marks[0][0], marks[-1][1] - marks[0][1]
    return Timed(label, seconds, steady_s, steady_n, out, cpu)


def export_rows(db: Path, out: Path) -> list[str]:
    detente(["export", "events", "--format", "jsonl", "-o", str(out)], db, "export")
    return sorted(out.read_text(encoding="utf-8").splitlines())


def spacy_baseline(n: int) -> tuple[float, float, int]:
    """(load seconds, pipe seconds, words) for the plain full spaCy pipeline over n articles."""
    from detente.nlp.pipeline import load_model

    texts = [f"{a.title}\n\n{a.text}" for a in generate(n)]
    t0 = time.perf_counter()
    nlp = load_model()
    t1 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, sum(len(t.split()) for t in texts)


def profile_coder(n: int, top: int = 25) -> str:
    """cProfile of `Coder.code_many` over n generated articles (the model is loaded first)."""
    from detente.events.coder import Coder
    from detente.model import Document

    docs = [Document.from_text(f"gen-{a.index}", a.as_txt(), title=a.title, published=a.published)
            for a in generate(n)]
    coder = Coder()
    list(coder.code_many(docs[:2]))   # warm up lazy loads before profiling
    prof = cProfile.Profile()
    prof.enable()
    events = sum(len(evs) for _, evs in coder.code_many(docs))
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    buf.write(f"coder over {n} articles: {events} events\n")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def stage_split(n: int) -> str:
    """CPU time (time.process_time) of each stage of the coder over n articles, one process.

    The stages are run one after the other over all n articles, as `Coder._code_batch` runs
    them (each spaCy component over every kept sentence before the next), so each is timed
    on its own; their sum is checked against `Coder.code_many` on the same articles."""
    from detente.events import coder as coder_module
    from detente.events.coder import Coder
    from detente.model import Document
    from detente.nlp.pipeline import NER, RULER
    from detente.nlp.segment import sentences

    docs = [Document.from_text(f"gen-{a.index}", a.as_txt(), title=a.title, published=a.published)
            for a in generate(n + 5)]
    coder = Coder()
    list(coder.code_many(docs[:5]))   # warm up lazy loads
    docs = docs[5:]
    clock = time.process_time
    spent: dict[str, float] = {}

    def timed(stage: str, t0: float) -> float:
        t = clock()
        spent[stage] = spent.get(stage, 0.0) + t - t0
        return t

    t = clock()
    spans = [sentences(d.text) for d in docs]
    t = timed("sentence splitting", t)
    light = [list(coder.nlp.pipe((d.text[a:b] for a, b in ss), disable=coder._heavy, batch_size=256))
             for d, ss in zip(docs, spans, strict=True)]
    t = timed("light pass (tokenizer, actor ruler)", t)
    kept = [ld for lds in light for ld in lds if coder._may_hold_event(ld)]
    t = timed("pre-filter", t)
    heavy = kept
    for name, proc in coder.nlp.pipeline:
        if name in (RULER, NER):
            continue
        heavy = list(proc.pipe(heavy, batch_size=coder.batch_size)) if hasattr(proc, "pipe") else \
            [proc(d) for d in heavy]
        t = timed(name, t)
    likely = [d for d in heavy if coder._likely_needs_entities(d)]
    assert coder._ner is not None
    done = {id(d) for d in likely}
    for _ in coder._ner.pipe(likely, batch_size=coder.batch_size):
        pass
    for d in heavy:
        if id(d) not in done:
            d.user_data[coder_module._NER_PENDING] = True
    t = timed("ner (batched, likely sentences)", t)
    calls = [0]
    ensure = coder._ensure_entities

    def counted(doc: object) -> None:
        calls[0] += doc.user_data.get(coder_module._NER_PENDING, False)  # type: ignore[attr-defined]
        ensure(doc)  # type: ignore[arg-type]

    coder.resolver.ensure_entities = counted
    parsed = {id(d) for d in kept}
    for d, ss, lds in zip(docs, spans, light, strict=True):
        coder._code_sentences(d, [(a, b, ld if id(ld) in parsed else None, ld)
                                  for (a, b), ld in zip(ss, lds, strict=True)])
    timed("rules (resolver, extraction, merge; NER on demand)", t)
    coder.resolver.ensure_entities = ensure
    t0 = clock()
    list(coder.code_many(docs))
    whole = clock() - t0
    total = sum(spent.values())
    n_sent = sum(len(ss) for ss in spans)
    out = [f"coder stages over {n} articles: {n_sent} sentences, {len(kept)} parsed, {len(likely)} NER-ed in "
           f"batch, {calls[0]} on demand; CPU {total:.1f} s ({1000 * total / n:.0f} ms/article; "
           f"Coder.code_many on the same articles: {whole:.1f} s)"]
    out += [f"  {stage:<52} {sec:6.2f} s  {100 * sec / total:5.1f} %" for stage, sec in spent.items()]
    return "\n".join(out)


def line(label: str, value: str, baseline: str = "") -> None:
    print(f"  {label:<44} {value:>22}  {baseline}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="detente ingest/extract throughput on a generated corpus")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--baseline-articles", type=int, default=500,
                    help="articles for the plain-spaCy baseline (a rate; a subset keeps the run short)")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--dask", action="store_true", help="also run the dask engine on a LocalCluster")
    ap.add_argument("--profile", type=int, default=0, metavar="K", help="profile the coder over K articles")
    ap.add_argument("--stages", type=int, default=0, metavar="K",
                    help="CPU time of each stage of the coder over K articles")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    args = ap.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="detente-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run(args: argparse.Namespace, work: Path) -> None:
    n, w = args.articles, args.workers
    print(f"detente throughput: {n} articles, {os.cpu_count()} CPUs, python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    t0 = time.perf_counter()
    info: CorpusInfo = write_corpus(work / "corpus", n)
    print(f"  generated {info.articles} articles, {info.words} words ({info.words / n:.0f}/article), "
          f"{info.bytes / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")

    startup = detente(["--help"], work / "unused.duckdb", "startup").seconds
    base_db = work / "base.duckdb"
    ing = detente(["ingest", str(info.path)], base_db, "ingest")
    print("\ningest")
    line("wall clock", f"{ing.seconds:.1f} s", f"(process start-up {startup:.1f} s)")
    line("articles/s", f"{ing.rate(n):.0f}",
         f"({n / max(ing.seconds - startup, 1e-9):.0f} without start-up)")

    runs: dict[str, Timed] = {}
    dbs: dict[str, Path] = {}
    plans = [("local 1 worker", ["extract", "--workers", "1"]),
             (f"local {w} workers", ["extract", "--workers", str(w)])]
    if args.dask:
        plans.append((f"dask {w} workers", ["extract", "--engine", "dask", "--workers", str(w)]))
    print("\nextract (wall clock includes process start-up and model loading)")
    for i, (label, cli) in enumerate(plans):
        dbs[label] = work / f"run{i}.duckdb"
        shutil.copyfile(base_db, dbs[label])
        r = runs[label] = detente(cli, dbs[label], label)
        one = runs["local 1 worker"]
        speedup = "" if r is one else (f"x{one.seconds / r.seconds:.2f} wall, "
                                       f"x{r.steady_rate() / max(one.steady_rate(), 1e-9):.2f} steady vs 1 worker")
        print(f"  {label} (load average {os.getloadavg()[0]:.1f})")
        line("  wall clock", f"{r.seconds:.1f} s", speedup)
        line("  articles/s (wall)", f"{r.rate(n):.1f}")
        line("  words/s (wall)", f"{info.words / r.seconds:.0f}")
        line("  articles/s (steady)", f"{r.steady_rate():.1f}",
             f"({r.steady_docs} docs in {r.steady_seconds:.1f} s)")
        line("  CPU per article (all processes)", f"{1000 * r.cpu_seconds / n:.0f} ms",
             f"({r.cpu_seconds:.0f} s of CPU, start-up included)")
        print(f"    {r.stdout.strip().splitlines()[-1]}", flush=True)
    one = runs["local 1 worker"]

    rows = {label: export_rows(db, work / f"{i}.jsonl") for i, (label, db) in enumerate(dbs.items())}
    same = all(r == rows["local 1 worker"] for r in rows.values())
    print(f"\n  identical events across runs: {'yes' if same else 'NO'} ({len(rows['local 1 worker'])} dyad rows)")
    best = runs[f"local {w} workers"]
    if w == 2:
        verdict = "meets" if best.rate(n) >= TARGET_2_WORKERS else "misses"
        print(f"  target >= {TARGET_2_WORKERS:.0f} articles/s on 2 workers: {best.rate(n):.1f} (wall), "
              f"{best.steady_rate():.1f} (steady): {verdict} it (wall)")

    if not args.skip_baseline:
        k = min(n, args.baseline_articles)
        load_s, pipe_s, words = spacy_baseline(k)
        print(f"\nbaseline: plain spaCy pipeline, nlp.pipe over whole articles, 1 process, {k} articles")
        line("model load", f"{load_s:.1f} s")
        line("articles/s", f"{k / pipe_s:.1f}",
             f"(detente 1 worker steady: {one.steady_rate():.1f}, x{one.steady_rate() / (k / pipe_s):.2f})")
        line("words/s", f"{words / pipe_s:.0f}")
    print(f"\n  load average at the end: {os.getloadavg()[0]:.1f}")
    if not same:
        raise SystemExit("events differ between engines or worker counts")

    if args.stages:
        print(f"\nstages: the coder over {args.stages} articles, one process")
        print(stage_split(args.stages))

    if args.profile:
        print(f"\nprofile: the coder over {args.profile} articles, one process")
        print(profile_coder(args.profile))


if __name__ == "__main__":
    raise SystemExit(main())
