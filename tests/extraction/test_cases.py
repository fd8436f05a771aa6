"""Every written case in cases.yaml is a regression test.

Cases the coder does not yet get right are listed in known_failures.yaml and run as strict
xfails: when one starts passing, the test fails until it is taken off the list, so the list
only ever shrinks by intent.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extraction.harness import check, known_failures, load_cases

CASES = load_cases()
KNOWN = known_failures()


def _param(case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason="known failure")] if case["id"] in KNOWN else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(coder: Any, case: dict[str, Any]) -> None:
    outcome = check(coder, case)
    assert outcome.ok, outcome.describe()


def test_known_failures_name_real_cases() -> None:
    assert {c["id"] for c in CASES} >= KNOWN


def test_every_pattern_has_passing_cases() -> None:
    """Each pattern the issue names keeps at least one case the coder gets right."""
    by_pattern: dict[str, int] = {}
    for c in CASES:
        by_pattern.setdefault(c["pattern"], 0)
        if c["id"] not in KNOWN:
            by_pattern[c["pattern"]] += 1
    missing = sorted(p for p, n in by_pattern.items() if n == 0)
    assert not missing, f"patterns with no passing case: {missing}"
