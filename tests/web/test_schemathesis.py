"""Schemathesis against the live server's own OpenAPI spec: no 5xx, and every answer
(status code, content type, headers, body) is one the spec declares.

Kept small (a few examples per operation) so the whole module runs in well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.web.conftest import TOKEN, LiveServer

from detente.web import api

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(live_token: LiveServer) -> schemathesis.BaseSchema:
    # The token server: every call must also pass the bearer check to reach the route.
    return schemathesis.openapi.from_url(f"{live_token.url}/openapi.json")


# The routes as the app declares them; the test then finds each one in the served spec.
# (schemathesis.pytest.from_fixture does not work with pytest 9, so operations are run
# with Hypothesis directly.)
OPERATIONS = sorted((route.path, method) for route in api.router.routes if isinstance(route, APIRoute)
                    for method in route.methods)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_api_conforms_to_its_spec(api_schema: schemathesis.BaseSchema, path: str, method: str,
                                  mode: GenerationMode) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=10 if mode is GenerationMode.POSITIVE else 6, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck), database=None)
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)

    check()


def test_every_api_route_is_in_the_spec(api_schema: schemathesis.BaseSchema) -> None:
    served = {(op.path, op.method.upper()) for op in (r.ok() for r in api_schema.get_all_operations())}
    assert served == {(p, m) for p, m in OPERATIONS}
    assert len(served) >= 12
