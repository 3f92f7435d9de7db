"""The parametrized ``store`` fixture: every store in STORE_FACTORIES runs the contract suite.

A factory takes pytest's ``tmp_path`` and returns an opened, empty store; the fixture closes it.
``test_meta.py`` fails when a store class has no factory here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore


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


STORE_FACTORIES: dict[str, StoreFactory] = {
    "embedded": StoreFactory(EmbeddedStore, _embedded),
}


@pytest.fixture(params=[pytest.param(name, marks=f.marks) for name, f in STORE_FACTORIES.items()])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An opened, empty store of each kind."""
    opened = STORE_FACTORIES[request.param].make(tmp_path)
    try:
        yield opened
    finally:
        opened.close()
