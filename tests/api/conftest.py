"""An API client over an embedded store holding the small test graph."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from api.main import create_app
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.conftest import small_batch

API_KEY = "test-key-0123456789"


@pytest.fixture
def filled_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An opened embedded store holding the small test graph."""
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    store.upsert(small_batch())
    yield store
    store.close()


@pytest.fixture
def client(filled_store: EmbeddedStore) -> Iterator[TestClient]:
    """A client of an app over ``filled_store``, with an API key configured."""
    # Loads run in the server's worker thread here: a child process per upload costs a second
    # each; tests/api/test_uploads.py runs them in children.
    settings = Settings(store=filled_store.uri, api_key=API_KEY, load_isolation="thread")
    with TestClient(create_app(settings, store=filled_store)) as test_client:
        yield test_client


def upload(
    client: TestClient,
    path: str,
    name: str,
    data: bytes,
    *,
    headers: dict[str, str] | None = None,
    timeout: float = 120.0,
) -> Response:
    """POST ``data`` as the file ``name`` to an upload route and, when it answers 202, wait
    for its load job: the job's answer once it is done or failed (anything else as it came).
    """
    response = client.post(
        path,
        files={"file": (name, data, "application/octet-stream")},
        headers={"X-API-Key": API_KEY} if headers is None else headers,
    )
    if response.status_code != 202:
        return response
    location = response.headers["Location"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(location, headers={"X-API-Key": API_KEY})
        if job.json()["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"the load job {location} did not finish in {timeout} s")
