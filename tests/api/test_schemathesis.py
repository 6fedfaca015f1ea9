"""Schemathesis over `/api/openapi.json` on the real server: no generated request gets a 500 (derandomized,
bounded examples per operation, so it runs in minutes at most)."""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.api.helpers import Server


@pytest.fixture
def api_schema(server: Server) -> Any:
    return schemathesis.openapi.from_url(f'{server.base_url}/api/openapi.json')


schema = schemathesis.pytest.from_fixture('api_schema')


@schema.parametrize()
@settings(derandomize=True, deadline=None, max_examples=25, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_500(case: schemathesis.Case) -> None:
    response = case.call(timeout=10)
    assert response.status_code < 500 or response.status_code == 503, \
        f'{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}'
