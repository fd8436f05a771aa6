"""Extraction quality on every gold set, per type, plus coding speed, in one run.

    python benchmarks/quality.py [--shared ../shared] [--show 20] [--json]

Gold sets: every `*.gold.jsonl` in ../shared/gold (with its corpus under ../shared/corpus),
and the project's own `tests/gold/sample.gold.jsonl` over the built-in sample corpus. Scores
come from the shared scorer (`../shared/bin/score`, imported as a module so the matching
rules are exactly the ones the team is judged by).
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def load_scorer(shared: Path) -> ModuleType:
    path = shared / "bin" / "score"
    loader = importlib.machinery.SourceFileLoader("detente_shared_score", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def gold_sets(shared: Path) -> list[tuple[str, Path, list[Path]]]:
    """(name, gold file, corpus paths) for every gold set we can find."""
    from detente.samples import corpus_dir

    sets = []
    corpus = shared / "corpus"
    for gold in sorted((shared / "gold").glob("*.gold.jsonl")):
        name = gold.name.removesuffix(".gold.jsonl")
        if name == "seeds":
            paths = [corpus / "seeds"]
        elif name.startswith("plover-gsr-"):
            paths = [corpus / "plover-gsr" / f"{name.removeprefix('plover-gsr-')}.jsonl"]
        else:
            paths = [p for p in (corpus / name, corpus / f"{name}.jsonl") if p.exists()]
        if all(p.exists() for p in paths) and paths:
            sets.append((name, gold, paths))
    own = REPO / "tests" / "gold" / "sample.gold.jsonl"
    if own.exists():
        sets.append(("sample (project)", own, [corpus_dir()]))
    return sets


def parsed_share(paths: list[Path], coder: object) -> tuple[int, int]:
    """(sentences parsed, sentences in all) with the coder's pre-filter as it is set."""
    from detente.ingest import iter_documents

    parsed = total = 0
    docs = [r.document for r in iter_documents([str(p) for p in paths]) if r.document is not None]
    for coded in coder.code_full_many(docs):  # type: ignore[attr-defined]
        total += len(coded.sentences)
        parsed += sum(s.parsed for s in coded.sentences)
    return parsed, total


def code_to_rows(paths: list[Path], coder: object) -> tuple[list[dict], int, float]:
    """Code documents in-process; return export rows, words coded and seconds spent coding."""
    from detente.events.coder import Coder
    from detente.ingest import iter_documents
    from detente.store import Store

    assert isinstance(coder, Coder)
    # documents are keyed by content: the same text under two names is one document, as in the store
    unique = {r.document.id: r.document for r in reversed(list(iter_documents([str(p) for p in paths])))
              if r.document is not None}
    docs = list(reversed(unique.values()))
    words = sum(len(d.text.split()) for d in docs)
    start = time.perf_counter()
    results = [(d.id, ev) for d, ev in coder.code_many(docs)]
    seconds = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "q.duckdb") as store:
        store.add_documents(docs)
        store.save_coded(results, coder.version)
        rows = list(store.iter_export_rows())
    return rows, words, seconds


def load_for_scoring(scorer: ModuleType, gold: Path, rows: list[dict]) -> tuple[dict, dict, Any]:
    """The gold, the predictions and the scored documents, read by the scorer's own loaders."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in rows:
            f.write(json.dumps(r, default=str) + "\n")
        pred_path = f.name
    g, docs = scorer.load_gold([str(gold)])
    pred, _ = scorer.load_pred(pred_path, docs)
    Path(pred_path).unlink()
    return g, pred, docs


def score_rows(scorer: ModuleType, gold: Path, rows: list[dict], level: str) -> tuple[dict, list, list]:
    g, pred, docs = load_for_scoring(scorer, gold, rows)
    return scorer.score(g, pred, docs, level)


BANDS = ((0.9, 1.01), (0.7, 0.9), (0.5, 0.7), (0.0, 0.5))


def confidence_bands(scorer: ModuleType, gold: Path, rows: list[dict], level: str = "typed") -> dict[str, list[int]]:
    """Precision of the predicted rows by confidence band: does confidence mean something?
    Returns {band: [matched, predicted]}, plus ">=0.7"."""
    g, pred, docs = load_for_scoring(scorer, gold, rows)
    confs: dict[str, list[float]] = {}
    for r in rows:
        d = r.get("doc")
        name = d.get("name") if isinstance(d, dict) else d
        if name in docs:
            confs.setdefault(name, []).append(float(r.get("confidence") or 0.0))
    for name, preds in pred.items():
        for p, c in zip(preds, confs.get(name, []), strict=False):
            p["confidence"] = c
    _, _, extras = scorer.score(g, pred, docs, level)
    unmatched = {id(p) for _, p in extras}
    out: dict[str, list[int]] = {f"{lo:.1f}-{min(hi, 1.0):.1f}": [0, 0] for lo, hi in BANDS}
    out[">=0.7"] = [0, 0]
    for preds in pred.values():
        for p in preds:
            c = p.get("confidence", 0.0)
            keys = [f"{lo:.1f}-{min(hi, 1.0):.1f}" for lo, hi in BANDS if lo <= c < hi]
            keys += [">=0.7"] if c >= 0.7 else []
            for k in keys:
                out[k][1] += 1
                out[k][0] += id(p) not in unmatched
    return out


def per_type_table(result: dict) -> list[str]:
    lines = [f"    {'type':<10} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn"]
    for t, c in result["per_type"].items():
        tp, fp, fn = c.get("tp", 0), c.get("fp", 0), c.get("fn", 0)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"    {t:<10} {p:6.3f} {r:6.3f} {f:6.3f} {tp:4d}{fp:4d}{fn:4d}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--show", type=int, default=0, help="list up to N misses and false positives per set")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", help="only gold sets whose name contains this")
    a = ap.parse_args(argv)
    if not (a.shared / "bin" / "score").exists():
        print(f"no scorer at {a.shared}/bin/score", file=sys.stderr)
        return 2
    from detente.events.coder import Coder

    scorer = load_scorer(a.shared)
    t0 = time.perf_counter()
    coder = Coder()
    load_s = time.perf_counter() - t0
    report = {"coder_load_seconds": round(load_s, 2), "sets": {}}
    total_words, total_s = 0, 0.0
    for name, gold, paths in gold_sets(a.shared):
        if a.only and a.only not in name:
            continue
        rows, words, seconds = code_to_rows(paths, coder)
        total_words += words
        total_s += seconds
        out = {"words": words, "seconds": round(seconds, 2)}
        print(f"\n== {name}  ({words} words coded in {seconds:.1f} s, {words / max(seconds, 1e-9):,.0f} words/s)")
        for level in ("strict", "typed", "actors"):
            r, misses, extras = score_rows(scorer, gold, rows, level)
            out[level] = {k: r[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}
            print(f"  {level:>7}: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                  f"(tp={r['tp']} fp={r['fp']} fn={r['fn']})")
            if level == "typed":
                print("\n".join(per_type_table(r)))
                out["per_type"] = r["per_type"]
                bands = confidence_bands(scorer, gold, rows, level)
                print("    precision by confidence: " + "  ".join(
                    f"{k}: {m}/{n}" + (f"={m / n:.3f}" if n else "") for k, (m, n) in bands.items()))
                out["confidence_bands"] = bands
            if level == "strict" and a.show:
                for doc, g in misses[: a.show]:
                    print(f"    MISS {doc}: {g['type']} {g.get('source')}->{g.get('target')} "
                          f"{g.get('status', 'occurred')} {(g.get('date') or {}).get('start', '')}")
                for doc, p in extras[: a.show]:
                    print(f"    FP   {doc}: {p['type']} {p['source'][0]}->{p['target'][0]} {p['status']} "
                          f"{(p['date'] or {}).get('start', '')} | {(p['sentence'] or '')[:90]}")
        # the pre-filter parses only sentences that can hold an event: check it loses nothing
        parsed, total = parsed_share(paths, coder)
        coder.prefilter = False  # type: ignore[attr-defined]
        rows_all, _, seconds_all = code_to_rows(paths, coder)
        coder.prefilter = True  # type: ignore[attr-defined]
        same = {lv: score_rows(scorer, gold, rows_all, lv)[0]["tp"] == out[lv]["tp"] for lv in ("strict", "typed")}
        print(f"  pre-filter: parsed {parsed} of {total} sentences; coding every sentence takes "
              f"{seconds_all:.1f} s and finds {'the same' if all(same.values()) else 'DIFFERENT'} true positives "
              f"({score_rows(scorer, gold, rows_all, 'strict')[0]['tp']} strict)")
        out["prefilter"] = {"parsed": parsed, "sentences": total, "same_gold_matches": all(same.values())}
        report["sets"][name] = out
    speed = total_words / max(total_s, 1e-9)
    print(f"\ncoding speed over all sets: {total_words} words in {total_s:.1f} s = {speed:,.0f} words/s "
          f"(one process; coder load {load_s:.1f} s)")
    report["words_per_second"] = round(speed)
    if a.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
