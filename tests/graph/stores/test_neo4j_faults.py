"""Neo4j faults: down at start-up, down mid-run and back, a batch that fails half-way.

The restart test runs its own Neo4j server (scripts/neo4j/start.sh on a spare port with a
home under the test's temporary folder), so stopping it disturbs no other test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase
from typer.testing import CliRunner

from api.cli import app as cli
from api.main import create_app
from graph.errors import StoreError, StoreUnavailable
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind
from graph.settings import Settings
from graph.stores.neo4j import Neo4jStore
from tests.conftest import ROOT, prov, small_batch
from tests.graph.stores.conftest import NEO4J_URI, open_test_neo4j

pytestmark = pytest.mark.neo4j

SCRIPTS = ROOT / "scripts" / "neo4j"


def crash(home: Path) -> None:
    """Kill the server in ``home`` at once (no clean shutdown) and wait until it is gone."""
    pid = int((home / "neo4j.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_api_answers_503_naming_the_uri_when_neo4j_is_down_at_start_up() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"  # nothing listens there
    with TestClient(create_app(Settings(store=uri))) as client:
        for path in ("/stats", "/entities?q=华升", "/entities/enterprise:华升化工"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert uri in response.json()["detail"]
        assert client.get("/health").json()["store"] == uri


def test_cli_exits_1_naming_the_uri_when_neo4j_is_down() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(cli, ["--store", uri, "stats"])
    assert result.exit_code == 1
    assert f"graph store {uri} is unavailable" in result.stderr


def test_a_batch_failing_half_way_writes_nothing() -> None:
    store = open_test_neo4j()
    store.batch_size = 2  # many statements in the one transaction before the failing one
    batch = small_batch()
    clash = batch.edges[-1]
    # A relationship elsewhere already holds the id the batch's last edge will MERGE on, so
    # the server refuses that edge after every node and the other edges were sent.
    with GraphDatabase.driver(NEO4J_URI, auth=None) as driver:
        driver.execute_query(
            "CREATE (:Elsewhere)-[:COOPERATES_WITH {id: $id}]->(:Elsewhere)", id=clash.id
        )
    try:
        with pytest.raises(StoreError, match="nothing of it was written"):
            store.upsert(batch)
        assert store.stats().nodes == 0
        assert store.find_nodes(q="华升").total == 0
    finally:
        with GraphDatabase.driver(NEO4J_URI, auth=None) as driver:
            driver.execute_query("MATCH (n:Elsewhere) DETACH DELETE n")
        store.close()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A Neo4j server of this test's own: its URI and the environment that names it."""
    open_test_neo4j().close()  # skips without the test server (fails in CI) before a slow start
    port = free_port()
    env = {
        **os.environ,
        "TTKG_NEO4J_PORT": str(port),
        "TTKG_NEO4J_HOME": str(tmp_path / "neo4j"),
        "TTKG_NEO4J_HEAP": "512m",
        "TTKG_NEO4J_PAGECACHE": "32m",
        "TTKG_NEO4J_JAVA_OPTS": "-XX:TieredStopAtLevel=1",  # starts faster
    }
    started = subprocess.run(
        [SCRIPTS / "start.sh"], env=env, capture_output=True, text=True, check=False
    )
    assert started.returncode == 0, started.stderr
    try:
        yield started.stdout.strip(), env
    finally:
        if (tmp_path / "neo4j" / "neo4j.pid").exists():
            crash(tmp_path / "neo4j")  # its data is thrown away with tmp_path


def test_the_api_recovers_when_neo4j_comes_back(own_server: tuple[str, dict[str, str]]) -> None:
    uri, env = own_server
    with TestClient(create_app(Settings(store=uri))) as client:
        store = client.app.state.store  # type: ignore[attr-defined]
        store.upsert(small_batch())
        assert client.get("/stats").json()["nodes"] == 5

        crash(Path(env["TTKG_NEO4J_HOME"]))
        response = client.get("/entities?q=华升")
        assert response.status_code == 503
        assert uri in response.json()["detail"]
        late = Node.create(NodeKind.REGION, "沾化区", provenance=[prov()])
        with pytest.raises(StoreUnavailable, match=uri):
            store.upsert(GraphBatch(nodes=[late]))

        started = subprocess.run(
            [SCRIPTS / "start.sh"], env=env, capture_output=True, text=True, check=False
        )
        assert started.returncode == 0, started.stderr
        # The same app and store answer again: no restart, no reopening.
        assert client.get("/stats").json()["nodes"] == 5
        assert [e["name"] for e in client.get("/entities?q=华升").json()["items"]] == ["华升化工"]
        summary = store.upsert(
            GraphBatch(
                nodes=[late],
                edges=[
                    Edge(
                        kind=EdgeKind.LOCATED_IN,
                        source="enterprise:华升化工",
                        target=late.id,
                        provenance=[prov()],
                    )
                ],
            )
        )
        assert (summary.nodes_added, summary.edges_added) == (1, 1)
    assert isinstance(store, Neo4jStore)
