"""Match the coder's output for one written case against its expected rows.

The rules mirror CODING_MANUAL.md section 8: same type (any of a list), same actors
(unordered for symmetric types), same status class, compatible dates; one-to-one, and a
case passes only with no missing and no extra row. Run as a script for pass rates:

    python -m tests.extraction.harness [PATTERN]
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from detente.model import STATUS_CLASS, Document

CASES = Path(__file__).with_name("cases.yaml")
KNOWN = Path(__file__).with_name("known_failures.yaml")
SYMMETRIC_TYPES = {"CONSULT"}
GENERIC = {"IGO": "igo", "NGO": "ngo", "IMG": "armed_group"}


@dataclass
class Outcome:
    case_id: str
    pattern: str
    missing: list[dict[str, Any]]
    extra: list[dict[str, Any]]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.extra

    def describe(self) -> str:
        lines = [f"{self.case_id}:"]
        lines += [f"  missing {_fmt(r)}" for r in self.missing]
        lines += [f"  extra   {_fmt(r)}" for r in self.extra]
        return "\n".join(lines)


def _fmt(r: dict[str, Any]) -> str:
    d = r.get("date") or {}
    return f"{r.get('type')} {r.get('source')} -> {r.get('target')} {r.get('status')} {d.get('start', '')}"


def load_cases() -> list[dict[str, Any]]:
    return yaml.safe_load(CASES.read_text())["cases"]


def known_failures() -> set[str]:
    if not KNOWN.exists():
        return set()
    return set(yaml.safe_load(KNOWN.read_text()) or [])


def predicted_rows(coder: Any, case: dict[str, Any]) -> list[dict[str, Any]]:
    doc = Document.from_text(case["id"], case["text"], published=case["published"])
    rows = []
    for ev in coder.code(doc):
        for s, t in ev.dyads():
            rows.append({"type": ev.event_type, "source": s, "target": t, "status": ev.status,
                         "date": ev.date, "symmetric": ev.symmetric})
    return rows


def _actor_ok(want: str | None, got: Any) -> bool:
    if want is None or got is None:
        return want is None and got is None
    if want in GENERIC:
        return got.kind == GENERIC[want] or got.code == want
    return bool(want == got.code)


def _date_ok(want: dict[str, Any] | None, got: Any) -> bool:
    if not want:
        return True
    if got is None:
        return False
    ws, we = want["start"], want.get("end") or want["start"]
    ws = ws if isinstance(ws, date) else date.fromisoformat(str(ws))
    we = we if isinstance(we, date) else date.fromisoformat(str(we))
    slack = 3 if want.get("approximate") else 1
    if (got.end - got.start).days > (we - ws).days + 2:
        return False
    return (got.start - we).days <= slack and (ws - got.end).days <= slack


def _match(want: dict[str, Any], got: dict[str, Any]) -> bool:
    types = want["type"] if isinstance(want["type"], list) else [want["type"]]
    if got["type"] not in types:
        return False
    if STATUS_CLASS.get(got["status"]) != STATUS_CLASS.get(want.get("status", "occurred")):
        return False
    direct = _actor_ok(want.get("source"), got["source"]) and _actor_ok(want.get("target"), got["target"])
    symmetric = bool(set(types) & SYMMETRIC_TYPES) or got["symmetric"]
    swapped = symmetric and _actor_ok(want.get("source"), got["target"]) and _actor_ok(want.get("target"), got["source"])
    return (direct or swapped) and _date_ok(want.get("date"), got["date"])


def check(coder: Any, case: dict[str, Any]) -> Outcome:
    wanted = list(case.get("events") or [])
    got = predicted_rows(coder, case)
    used: set[int] = set()
    missing = []
    for w in wanted:
        j = next((j for j, g in enumerate(got) if j not in used and _match(w, g)), None)
        if j is None:
            missing.append(w)
        else:
            used.add(j)
    extra = [{**g, "source": g["source"].code, "target": g["target"].code if g["target"] else None,
              "date": {"start": g["date"].start} if g["date"] else None}
             for j, g in enumerate(got) if j not in used]
    return Outcome(case["id"], case["pattern"], missing, extra)


def main(argv: list[str]) -> int:
    from detente.events.coder import Coder

    coder = Coder()
    only = argv[0] if argv else None
    by_pattern: dict[str, list[Outcome]] = defaultdict(list)
    for case in load_cases():
        if only and only not in case["pattern"] and only != case["id"]:
            continue
        by_pattern[case["pattern"]].append(check(coder, case))
    total = passed = 0
    for pattern, outs in sorted(by_pattern.items()):
        ok = sum(o.ok for o in outs)
        total, passed = total + len(outs), passed + ok
        print(f"{pattern:<24} {ok}/{len(outs)}")
        for o in outs:
            if not o.ok and only:
                print(o.describe())
    print(f"{'all':<24} {passed}/{total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
