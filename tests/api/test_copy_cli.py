"""``ttkg copy`` moves a graph between stores; the copy's stats equal the original's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore
from tests.conftest import ROOT, prov, small_batch
from tests.graph.stores.conftest import NEO4J_URI, open_test_neo4j

runner = CliRunner()


def district_like(path: Path) -> EmbeddedStore:
    """The small test graph plus a ring of 40 enterprises, in an embedded store file."""
    batch = small_batch()
    ring = [
        Node.create(NodeKind.ENTERPRISE, f"企业{i:02d}", provenance=[prov(f"row {i}")])
        for i in range(40)
    ]
    batch.nodes.extend(ring)
    batch.edges.extend(
        Edge(
            kind=EdgeKind.COOPERATES_WITH,
            source=a.id,
            target=b.id,
            provenance=[prov("row 99")],
        )
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    store = EmbeddedStore(path)
    store.open()
    store.upsert(batch)
    store.close()
    return store


def stats_json(store: str) -> dict[str, object]:
    result = runner.invoke(app, ["--store", store, "stats", "--json"])
    assert result.exit_code == 0, result.output
    value: dict[str, object] = json.loads(result.stdout)
    return value


def test_copy_between_embedded_stores(tmp_path: Path) -> None:
    source = district_like(tmp_path / "a.db")
    target = str(tmp_path / "b.db")
    result = runner.invoke(
        app, ["copy", "--from", source.uri, "--to", target, "--batch-size", "7", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["nodes_added"], summary["edges_added"]) == (45, 44)
    assert stats_json(target) == stats_json(source.uri)
    again = runner.invoke(app, ["copy", "--from", source.uri, "--to", target, "--json"])
    assert json.loads(again.stdout)["nodes_unchanged"] == 45


def test_copy_refuses_one_store_as_both_ends(tmp_path: Path) -> None:
    path = str(tmp_path / "a.db")
    result = runner.invoke(app, ["copy", "--from", path, "--to", path])
    assert result.exit_code == 1
    assert "同一个存储" in result.stderr


def test_copy_to_an_unreachable_neo4j_exits_1_naming_it(tmp_path: Path) -> None:
    source = district_like(tmp_path / "a.db")
    result = runner.invoke(app, ["copy", "--from", source.uri, "--to", "bolt://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "graph store bolt://127.0.0.1:9 is unavailable" in result.stderr


@pytest.mark.neo4j
def test_copy_into_neo4j_and_back(tmp_path: Path) -> None:
    open_test_neo4j().close()  # skips without a server, fails in CI; leaves it empty
    source = district_like(tmp_path / "a.db")
    result = runner.invoke(
        app, ["copy", "--from", source.uri, "--to", NEO4J_URI, "--batch-size", "10"]
    )
    assert result.exit_code == 0, result.output
    assert "节点 新增 45" in result.stdout
    assert stats_json(NEO4J_URI) == stats_json(source.uri)

    back = str(tmp_path / "back.db")
    result = runner.invoke(app, ["copy", "--from", NEO4J_URI, "--to", back])
    assert result.exit_code == 0, result.output
    with EmbeddedStore(source.uri) as a, EmbeddedStore(back) as b:
        assert list(b.iter_nodes()) == list(a.iter_nodes())
        assert list(b.iter_edges()) == list(a.iter_edges())
    with Neo4jStore(NEO4J_URI) as neo4j:
        assert neo4j.upsert(GraphBatch(nodes=small_batch().nodes)).nodes_unchanged == 5


@pytest.mark.neo4j
def test_the_district_graph_moves_into_neo4j_with_equal_stats(tmp_path: Path) -> None:
    open_test_neo4j().close()
    embedded = str(tmp_path / "district.db")
    loaded = runner.invoke(
        app, ["--store", embedded, "load", str(ROOT / "data" / "district"), "--json"]
    )
    assert loaded.exit_code == 0, loaded.output
    copied = runner.invoke(app, ["copy", "--from", embedded, "--to", NEO4J_URI])
    assert copied.exit_code == 0, copied.output
    stats = stats_json(embedded)
    assert stats["nodes"]
    assert stats_json(NEO4J_URI) == stats
