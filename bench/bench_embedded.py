"""The embedded store at scale: one batch of 200,000 nodes and 1,000,000 edges.

Each phase runs in a fresh process so its peak memory is its own:
build the records, upsert them in one batch, reopen the file and answer, then query latencies.
``python -m bench embedded [--nodes N --edges M]``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOAD = """
import json, random, resource, sys, time
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, Provenance
from graph.stores.embedded import EmbeddedStore
path, n_nodes, n_edges = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
p = [Provenance(source="bench", synthetic=True)]
t0 = time.perf_counter()
kinds = [NodeKind.ENTERPRISE, NodeKind.INSTITUTION, NodeKind.PROJECT]
nodes = [Node.create(kinds[i % 3], f"企业{i}号 org {i}", provenance=p) for i in range(n_nodes)]
ids = [n.id for n in nodes]
pairs = set()
while len(pairs) < n_edges:
    pairs.add((rng.randrange(n_nodes), rng.randrange(n_nodes)))
edges = [Edge(kind=EdgeKind.COOPERATES_WITH, source=ids[a], target=ids[b], provenance=p)
         for a, b in sorted(pairs)]
t1 = time.perf_counter()
records_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
store = EmbeddedStore(path)
store.open()
store.upsert(GraphBatch(nodes=nodes, edges=edges))
t2 = time.perf_counter()
store.close()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"build_s": t1 - t0, "upsert_s": t2 - t1, "peak_mb": rss,
                  "records_mb": records_mb}))
"""

QUERY = """
import json, random, resource, statistics, sys, time
from graph.stores.embedded import EmbeddedStore
path, n_nodes = sys.argv[1], int(sys.argv[2])
t0 = time.perf_counter()
store = EmbeddedStore(path)
store.open()
first = store.get_node("enterprise:企业0号 org 0")
t1 = time.perf_counter()
rng = random.Random(3)
kinds = ["enterprise", "institution", "project"]
def pick():
    i = rng.randrange(n_nodes)
    return f"{kinds[i % 3]}:企业{i}号 org {i}"
def timed(fn, n):
    out = []
    for _ in range(n):
        s = time.perf_counter(); fn(); out.append((time.perf_counter() - s) * 1000)
    out.sort()
    return {"p50_ms": out[len(out) // 2], "p99_ms": out[int(len(out) * 0.99)]}
store.find_nodes(q="warm-up")
res = {
    "reopen_s": t1 - t0,
    "neighbours": timed(lambda: store.neighbours(pick()), 2000),
    "get_node": timed(lambda: store.get_node(pick()), 2000),
    "search": timed(lambda: store.find_nodes(q=f"{rng.randrange(n_nodes)}号", limit=20), 300),
    "subgraph2": timed(lambda: store.subgraph([pick()], depth=2), 200),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}
print(json.dumps(res))
"""


def _run(code: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(n_nodes: int = 200_000, n_edges: int = 1_000_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "bench.db")
        load = _run(LOAD, path, str(n_nodes), str(n_edges))
        size_mb = os.path.getsize(path) / 2**20
        query = _run(QUERY, path, str(n_nodes))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"graph: {n_nodes:,} nodes, {n_edges:,} edges, one batch; file {size_mb:,.0f} MB\n")
    rows = [
        (
            "build records (pydantic)",
            f"{load['build_s']:.1f} s",
            f"RSS {load['records_mb']:,.0f} MB with the records",
        ),
        ("upsert one batch", f"{load['upsert_s']:.1f} s", f"peak RSS {load['peak_mb']:,.0f} MB"),
        (
            "reopen to first answer",
            f"{query['reopen_s']:.1f} s",
            f"peak RSS {query['peak_mb']:,.0f} MB",
        ),
    ]
    for name in ("neighbours", "get_node", "search", "subgraph2"):
        q = query[name]
        assert isinstance(q, dict)
        rows.append((name, f"p50 {q['p50_ms']:.2f} ms", f"p99 {q['p99_ms']:.2f} ms"))
    width = max(len(r[0]) for r in rows)
    print(f"| {'phase':<{width}} | value | note |")
    print(f"|{'-' * (width + 2)}|---|---|")
    for name, value, note in rows:
        print(f"| {name:<{width}} | {value} | {note} |")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(*(int(a) for a in args))
