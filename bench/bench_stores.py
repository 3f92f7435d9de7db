"""The embedded store and the Neo4j store side by side: load rates and query latencies.

One run loads the same generated graph (100,000 nodes and 500,000 edges by default) into
each store in upserts of ``--batch`` records, then times ``neighbours`` and the 2-hop
``subgraph`` of random nodes. Neo4j runs twice when ``neo4j-rust-ext`` is installed: with the
driver's pure-Python packing and with the Rust extension. Each store runs in its own process.

The Neo4j server is ``--neo4j`` (default ``$TTKG_BENCH_NEO4J`` or the local test server
``bolt://127.0.0.1:7687``, ``make neo4j``); **its graph is cleared**.

``python -m bench stores`` or ``python -m bench.bench_stores [--nodes N --edges M]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, random, statistics, sys, time
from datetime import date
if sys.argv[5] == "python":
    sys.modules["neo4j._rust"] = None  # the driver falls back to its pure-Python packing
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, Provenance
from graph.stores import store_for_uri

uri, n_nodes, n_edges, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
queries = int(sys.argv[6])
rng = random.Random(7)
p = [Provenance(source="bench", locator="row 1", synthetic=True)]
kinds = [NodeKind.ENTERPRISE, NodeKind.INSTITUTION, NodeKind.PROJECT]
nodes = [
    Node.create(kinds[i % 3], f"企业{i}号 org {i}", aliases=[f"org{i}"],
                properties={"employees": i % 500, "founded": date(2000 + i % 25, 1, 1)},
                provenance=p)
    for i in range(n_nodes)
]
ids = [n.id for n in nodes]
pairs = set()
while len(pairs) < n_edges:
    pairs.add((rng.randrange(n_nodes), rng.randrange(n_nodes)))
edge_kinds = [EdgeKind.COOPERATES_WITH, EdgeKind.PARTICIPATES_IN, EdgeKind.MEMBER_OF]
edges = [Edge(kind=edge_kinds[(a + b) % 3], source=ids[a], target=ids[b],
              properties={"year": 2020 + a % 5}, provenance=p)
         for a, b in sorted(pairs)]
rng.shuffle(edges)

store = store_for_uri(uri)
store.open()
store.clear()
t0 = time.perf_counter()
for i in range(0, n_nodes, batch):
    store.upsert(GraphBatch(nodes=nodes[i:i + batch]))
t1 = time.perf_counter()
for i in range(0, n_edges, batch):
    store.upsert(GraphBatch(edges=edges[i:i + batch]))
t2 = time.perf_counter()
stats = store.stats()
assert (stats.nodes, stats.edges) == (n_nodes, n_edges), stats

def timed(fn):
    sample = [ids[rng.randrange(n_nodes)] for _ in range(queries)]
    fn(sample[0])  # warm up
    ms = []
    for u in sample:
        s = time.perf_counter()
        fn(u)
        ms.append((time.perf_counter() - s) * 1000)
    cuts = statistics.quantiles(ms, n=100)
    return cuts[49], cuts[98]

nb = timed(lambda u: store.neighbours(u))
sg = timed(lambda u: store.subgraph([u], depth=2))
size = store.subgraph([ids[0]], depth=2)
store.clear()
store.close()
print(json.dumps({
    "nodes_per_s": n_nodes / (t1 - t0), "edges_per_s": n_edges / (t2 - t1),
    "nodes_s": t1 - t0, "edges_s": t2 - t1,
    "neighbours_p50": nb[0], "neighbours_p99": nb[1],
    "subgraph_p50": sg[0], "subgraph_p99": sg[1],
    "subgraph_nodes": size.number_of_nodes(), "subgraph_edges": size.number_of_edges(),
}))
"""


def _rust_installed() -> bool:
    try:
        import neo4j._rust  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


def _run(label: str, uri: str, packing: str, args: argparse.Namespace) -> dict[str, float]:
    print(f"  {label} ...", file=sys.stderr, flush=True)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            uri,
            str(args.nodes),
            str(args.edges),
            str(args.batch),
            packing,
            str(args.queries),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{label} failed:\n{out.stderr[-3000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    """Load and query both stores; print a Markdown table."""
    parser = argparse.ArgumentParser(prog="bench_stores", description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--batch", type=int, default=20_000, help="records per upsert")
    parser.add_argument("--queries", type=int, default=500, help="timed calls per query")
    parser.add_argument(
        "--neo4j", default=os.environ.get("TTKG_BENCH_NEO4J", "bolt://127.0.0.1:7687")
    )
    parser.add_argument(
        "--only",
        choices=["embedded", "neo4j", "neo4j-python", "neo4j-rust"],
        help="run one store only (neo4j: Python and Rust packing)",
    )
    args = parser.parse_args([] if argv is None else argv)

    only = args.only or ""
    runs: list[tuple[str, dict[str, float]]] = []
    if only in ("", "embedded"):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(("embedded", _run("embedded", str(Path(tmp) / "g.db"), "-", args)))
    if only in ("", "neo4j", "neo4j-python"):
        runs.append(("neo4j (Python packing)", _run("neo4j", args.neo4j, "python", args)))
    if only in ("", "neo4j", "neo4j-rust") and _rust_installed():
        runs.append(("neo4j (neo4j-rust-ext)", _run("neo4j rust", args.neo4j, "rust", args)))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{args.nodes:,} nodes, {args.edges:,} edges, upserts of {args.batch:,} records, "
        f"{args.queries} timed calls per query; {platform.platform()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average {load:.1f}\n"
    )
    print("| store | nodes/s | edges/s | neighbours p50 / p99 ms | 2-hop subgraph p50 / p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for label, r in runs:
        print(
            f"| {label} | {r['nodes_per_s']:,.0f} | {r['edges_per_s']:,.0f} "
            f"| {r['neighbours_p50']:.2f} / {r['neighbours_p99']:.2f} "
            f"| {r['subgraph_p50']:.1f} / {r['subgraph_p99']:.1f} |"
        )
    sizes = runs[0][1]
    print(
        f"\n(one 2-hop subgraph: {sizes['subgraph_nodes']:.0f} nodes, "
        f"{sizes['subgraph_edges']:.0f} edges)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
