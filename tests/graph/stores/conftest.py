"""The parametrized ``store`` fixture: every store in STORE_FACTORIES runs the contract suite.

A factory takes pytest's ``tmp_path`` and returns an opened, empty store; the fixture closes it.
``test_meta.py`` fails when a store class has no factory here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.errors import StoreUnavailable
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore


@dataclass(frozen=True)
class StoreFactory:
    """How the contract suite gets an opened, empty store of one class."""

    cls: type
    make: Callable[[Path], GraphStore]
    marks: list[pytest.MarkDecorator] = field(default_factory=list)


def _embedded(tmp_path: Path) -> GraphStore:
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    return store


NEO4J_URI = os.environ.get("TTKG_TEST_NEO4J", "bolt://127.0.0.1:7687")
_neo4j_down: list[str] = []  # the first failure to connect, so later tests skip at once


def open_test_neo4j(uri: str = NEO4J_URI) -> Neo4jStore:
    """An opened Neo4j store on the test server, emptied.

    Without a server the test skips (saying how to start one), except in CI (``CI=true``),
    where the Neo4j tests must run and so fail.
    """
    store = Neo4jStore(uri)
    try:
        if _neo4j_down:
            raise StoreUnavailable(uri, _neo4j_down[0])
        store.open()
    except StoreUnavailable as exc:
        store.close()
        _neo4j_down[:1] = [exc.cause]
        message = f"no Neo4j test server at {uri} ({exc.cause}); start it with `make neo4j`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    store.clear()
    return store


def _neo4j(tmp_path: Path) -> GraphStore:
    return open_test_neo4j()


STORE_FACTORIES: dict[str, StoreFactory] = {
    "embedded": StoreFactory(EmbeddedStore, _embedded),
    "neo4j": StoreFactory(Neo4jStore, _neo4j, [pytest.mark.neo4j]),
}


@pytest.fixture(params=[pytest.param(name, marks=f.marks) for name, f in STORE_FACTORIES.items()])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An opened, empty store of each kind."""
    opened = STORE_FACTORIES[request.param].make(tmp_path)
    try:
        yield opened
    finally:
        opened.close()
