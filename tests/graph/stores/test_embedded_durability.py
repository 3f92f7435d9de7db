"""The embedded store's durability: killed loads and concurrent readers (real processes)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.stores.embedded import EmbeddedStore
from tests.conftest import ROOT, small_batch

WRITER = textwrap.dedent(
    """
    import sys
    from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, Provenance
    from graph.stores.embedded import EmbeddedStore

    path, rounds, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = EmbeddedStore(path)
    store.open()
    p = [Provenance(source="writer")]
    for r in range(rounds):
        nodes = [Node.create(NodeKind.ENTERPRISE, f"w{r}-{i}", provenance=p) for i in range(size)]
        edges = [Edge(kind=EdgeKind.COOPERATES_WITH, source=n.id, target="institution:hub",
                      provenance=p) for n in nodes]
        print("writing", r, flush=True)
        store.upsert(GraphBatch(nodes=nodes, edges=edges))
    print("done", flush=True)
    """
)


def _start_writer(path: Path, rounds: int, size: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(rounds), str(size)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _seed(path: Path) -> EmbeddedStore:
    from graph.model import GraphBatch, Node, NodeKind
    from tests.conftest import prov

    store = EmbeddedStore(path)
    store.open()
    store.upsert(small_batch())
    store.upsert(GraphBatch(nodes=[Node.create(NodeKind.INSTITUTION, "hub", provenance=[prov()])]))
    return store


@pytest.mark.slow
def test_a_load_killed_mid_way_leaves_the_previous_graph(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    store = _seed(path)
    before = (list(store.iter_nodes()), list(store.iter_edges()))
    store.close()

    writer = _start_writer(path, rounds=1, size=150_000)
    assert writer.stdout is not None
    assert writer.stdout.readline().startswith("writing")
    wal = path.with_name(path.name + "-wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and writer.poll() is None:
        if wal.exists() and wal.stat().st_size > 4_000_000:  # the transaction is being written
            break
        time.sleep(0.01)
    assert writer.poll() is None, "the writer finished before it could be killed"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert "done" not in (writer.stdout.read() or "")

    reopened = EmbeddedStore(path)
    reopened.open()
    try:
        assert (list(reopened.iter_nodes()), list(reopened.iter_edges())) == before
        assert reopened.find_nodes(q="w0-").total == 0
        assert reopened.integrity_check() == "ok"
    finally:
        reopened.close()


def test_a_reader_sees_the_old_graph_or_the_new_never_a_mix(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    reader = _seed(path)
    base_nodes, base_edges = reader.stats().nodes, reader.stats().edges
    writer = _start_writer(path, rounds=6, size=3_000)
    seen: set[int] = set()
    try:
        while writer.poll() is None:
            stats = reader.stats()
            added_nodes, added_edges = stats.nodes - base_nodes, stats.edges - base_edges
            # Each batch adds as many edges as nodes: a half-seen batch would break this.
            assert added_nodes == added_edges
            assert added_nodes % 3_000 == 0
            seen.add(added_nodes)
            time.sleep(0.005)
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    final = reader.stats()
    assert final.nodes - base_nodes == 18_000
    assert len(seen) >= 2, "the reader never saw the graph change"
    reader.close()
