"""Schemathesis on every operation of the app: no input gives a 500, every answer conforms.

Each operation gets ``EXAMPLES`` generated requests, valid and invalid, derandomized so a run
is the same on every machine; the admin routes get the test settings' API key. A response
must not be a server error and must match the OpenAPI document: a documented status, content
type, headers and schema (errors as problem details).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import create_app
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import API_KEY
from tests.conftest import small_batch

EXAMPLES = 20

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def fuzzed_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path_factory.mktemp("fuzz") / "graph.db")
    store.open()
    store.upsert(small_batch())
    yield store
    store.close()


@pytest.fixture(scope="module")
def api_schema(fuzzed_store: EmbeddedStore) -> schemathesis.BaseSchema:
    app = create_app(Settings(store=fuzzed_store.uri, api_key=API_KEY), store=fuzzed_store)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_gives_a_server_error_or_breaks_the_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"X-API-Key": API_KEY}, checks=CHECKS)
