"""On Neo4j the match index streams what it needs with Cypher: no whole-graph read.

The store's whole-graph readers are made to raise (an assertion on the store, not a stand-in
for it): matching must still work, and rank as on the embedded store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.match.index import match_index
from graph.match.query import AdoptersQuery, PartnersQuery
from graph.match.rank import rank_matches
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore
from tests.graph.match.conftest import match_batch
from tests.graph.stores.conftest import open_test_neo4j

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo4j_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Neo4jStore]:
    monkeypatch.setenv("TTKG_MATCH_CACHE", str(tmp_path / "cache"))
    store = open_test_neo4j()
    store.upsert(match_batch())

    def whole_graph(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("matching read the whole graph")

    monkeypatch.setattr(store, "to_networkx", whole_graph)
    monkeypatch.setattr(store, "iter_edges", whole_graph)
    monkeypatch.setattr(store, "iter_nodes", whole_graph)
    yield store
    store.close()


def _summary(found: list[Any]) -> list[tuple[str, float, list[list[str]]]]:
    return [(m.id, m.score, m.paths) for m in found]


def test_matching_on_neo4j_reads_no_whole_graph(
    neo4j_store: Neo4jStore, match_store: EmbeddedStore
) -> None:
    queries = [
        PartnersQuery(source="enterprise:冬枣甲", k=4),
        PartnersQuery(text="冬枣保鲜", k=4),
        AdoptersQuery(source="institution:中国农业大学", k=4),
    ]
    for query in queries:
        on_neo4j = rank_matches(neo4j_store, query)
        assert _summary(on_neo4j) == _summary(rank_matches(match_store, query))


def test_the_neo4j_index_is_cached_by_uri_database_and_generation(
    neo4j_store: Neo4jStore, tmp_path: Path
) -> None:
    index = match_index(neo4j_store)
    assert index.saved is not None
    stem, key = index.saved
    assert stem.is_relative_to(tmp_path / "cache")
    assert key["generation"] == neo4j_store.generation()
    assert neo4j_store.uri in key["store"]
    assert Path(f"{stem}.npz").exists()
