"""Graph stores, chosen by URI.

``neo4j://``, ``neo4j+s://``, ``bolt://`` and ``bolt+s://`` URIs open a Neo4j store; anything
else is the path of an embedded store file (``:memory:`` for a throwaway one).

>>> store_for_uri("data/graph.db").__class__.__name__
'EmbeddedStore'
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.stores.base import GraphStats, GraphStore, Neighbour, Page
from graph.stores.embedded import EmbeddedStore

__all__ = [
    "STORE_SCHEMES",
    "EmbeddedStore",
    "GraphStats",
    "GraphStore",
    "Neighbour",
    "Page",
    "open_store",
    "store_for_uri",
]


def _neo4j(uri: str, **options: Any) -> GraphStore:
    from graph.stores.neo4j import Neo4jStore  # the driver is imported only when asked for

    return Neo4jStore(uri, **options)


STORE_SCHEMES: dict[str, Callable[..., GraphStore]] = {
    "neo4j": _neo4j,
    "neo4j+s": _neo4j,
    "neo4j+ssc": _neo4j,
    "bolt": _neo4j,
    "bolt+s": _neo4j,
    "bolt+ssc": _neo4j,
}


def store_for_uri(uri: str | Path, **options: Any) -> GraphStore:
    """A store for ``uri``, not yet opened (constructors do no I/O)."""
    text = str(uri)
    scheme = text.split("://", 1)[0] if "://" in text else ""
    if scheme in STORE_SCHEMES:
        return STORE_SCHEMES[scheme](text, **options)
    if text.startswith("file://"):
        text = text.removeprefix("file://")
    return EmbeddedStore(text)


def open_store(uri: str | Path, **options: Any) -> GraphStore:
    """A store for ``uri``, opened."""
    store = store_for_uri(uri, **options)
    store.open()
    return store
