"""An API client over an embedded store holding the small test graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

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
    settings = Settings(store=filled_store.uri, api_key=API_KEY)
    with TestClient(create_app(settings, store=filled_store)) as test_client:
        yield test_client
