"""``ttkg copy`` into an empty local Neo4j database takes the bulk importer, and the graph it
reads back is the one the transactional path writes: same nodes, edges, provenance."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.commands.copy import copy_graph
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore
from loaders.load import load_paths
from tests.conftest import ROOT

pytestmark = pytest.mark.neo4j
runner = CliRunner()
SCRIPTS = ROOT / "scripts" / "neo4j"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A Neo4j server of this test's own (empty), its URI and home; stopped afterwards."""
    if not (SCRIPTS / "target" / "lib" / ".complete").exists():
        pytest.skip("Neo4j is not fetched yet (make neo4j)")
    port, home = _free_port(), tmp_path / "neo4j"
    env = {**os.environ, "TTKG_NEO4J_PORT": str(port), "TTKG_NEO4J_HOME": str(home)}
    subprocess.run(["bash", str(SCRIPTS / "start.sh")], env=env, check=True, capture_output=True)
    try:
        yield f"bolt://127.0.0.1:{port}", home
    finally:
        subprocess.run(["bash", str(SCRIPTS / "stop.sh")], env=env, check=False)


def test_the_bulk_importer_writes_what_the_transactional_path_writes(
    tmp_path: Path, own_server: tuple[str, Path]
) -> None:
    source = EmbeddedStore(tmp_path / "district.db")
    source.open()
    report = load_paths(source, [ROOT / "data" / "district"])
    assert report.rejects == []
    uri, home = own_server
    server = Neo4jStore(uri)
    server.open()
    try:  # the transactional path first, read back, then the database emptied
        copy_graph(source, server)
        want_nodes = {n.id: n for n in server.iter_nodes()}
        want_edges = {e.id: e for e in server.iter_edges()}
        want_lookup, want_stats = server.lookup("金丝食品"), server.stats()
        server.clear()
    finally:
        server.close()
        source.close()
    assert len(want_nodes) > 300
    assert len(want_edges) > 600

    result = runner.invoke(
        app, ["copy", "--from", source.uri, "--to", uri, "--neo4j-home", str(home)]
    )
    assert result.exit_code == 0, result.output
    assert "离线批量导入" in result.output
    server.open()
    try:
        assert {n.id: n for n in server.iter_nodes()} == want_nodes
        assert {e.id: e for e in server.iter_edges()} == want_edges
        assert server.lookup("金丝食品") == want_lookup
        assert server.stats() == want_stats
        before = server.generation()
    finally:
        server.close()

    again = runner.invoke(
        app, ["copy", "--from", source.uri, "--to", uri, "--neo4j-home", str(home)]
    )
    assert again.exit_code == 0, again.output
    assert "事务" in again.output  # the database holds a graph now: transactions
    server.open()
    try:
        assert server.generation() == before  # nothing changed, nothing written
    finally:
        server.close()


def test_a_remote_or_unnamed_server_takes_the_transactional_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.commands.neo4j_bulk import plan_bulk

    target = Neo4jStore("bolt://10.0.0.9:7687")
    assert not plan_bulk(target, target.uri, tmp_path, "auto").bulk
    assert "不在本机" in plan_bulk(target, target.uri, tmp_path, "auto").reason
    local = Neo4jStore("bolt://127.0.0.1:7687")
    monkeypatch.delenv("TTKG_NEO4J_HOME", raising=False)
    assert not plan_bulk(local, local.uri, None, "auto").bulk
    embedded = EmbeddedStore(tmp_path / "x.db")
    assert "嵌入式" in plan_bulk(embedded, str(tmp_path / "x.db"), None, "auto").reason
