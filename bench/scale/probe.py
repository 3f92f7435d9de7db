"""In-process latency probes of the scale bench, each run in its own process by the runner.

``python -m bench.scale.probe match --store S``: the first match (index build) is left out,
then 40 needs and 40 enterprises are matched (top 10 partners) and their latencies printed.
``python -m bench.scale.probe entities --store S``: ``GET /entities?q=`` through the app
(FastAPI's TestClient, no network) for a fixed list of queries, five rounds.

Both print one JSON object on stdout: milliseconds per query kind, sorted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial

from graph.model import NodeKind
from graph.stores import store_for_uri
from graph.stores.base import GraphStore

QUERIES = ("有限公司", "化", "枣", "冬枣", "化工", "研究院", "山东", "保鲜", "冬枣保鲜", "沾化区")
"""/entities?q= queries: the suffix every enterprise alias ends with, one- and two-character
queries (which trigrams cannot serve), names and words; a real name is added per store."""
ROUNDS = 5
SAMPLE = 40


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _sample(store: GraphStore, kind: NodeKind) -> list[tuple[str, str]]:
    """Every n-th node of a kind (by id), ``SAMPLE`` of them: (id, name)."""
    page = store.find_nodes(kind=kind, limit=1000)
    items = sorted(page.items, key=lambda n: n.id)
    step = max(1, len(items) // SAMPLE)
    return [(n.id, n.name) for n in items[::step][:SAMPLE]]


def probe_match(store: GraphStore) -> dict[str, list[float]]:
    """Warm latencies of partners by need text and by enterprise."""
    from graph.match.query import PartnersQuery
    from graph.match.rank import rank_matches

    needs = _sample(store, NodeKind.NEED)
    firms = _sample(store, NodeKind.ENTERPRISE)
    rank_matches(store, PartnersQuery(text=needs[0][1]))  # the build, not measured
    by_need = [_timed(partial(rank_matches, store, PartnersQuery(text=t))) for _, t in needs]
    by_firm = [_timed(partial(rank_matches, store, PartnersQuery(source=i))) for i, _ in firms]
    return {"need": sorted(by_need), "enterprise": sorted(by_firm)}


def probe_entities(store: GraphStore) -> dict[str, list[float]]:
    """Latencies of ``GET /entities?q=`` per query and in all."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    firms = _sample(store, NodeKind.ENTERPRISE)
    queries = [*QUERIES, firms[len(firms) // 2][1]]
    out: dict[str, list[float]] = {q: [] for q in queries}
    with TestClient(create_app(store=store), base_url="http://127.0.0.1") as client:
        client.get("/entities", params={"q": "冬枣"})  # first request: app start-up
        for _ in range(ROUNDS):
            for q in queries:
                started = time.perf_counter()
                answer = client.get("/entities", params={"q": q, "limit": 50})
                out[q].append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise SystemExit(f"/entities?q={q}: HTTP {answer.status_code}")
    out["all"] = [ms for q in queries for ms in out[q]]
    return {q: sorted(ms) for q, ms in out.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale.probe")
    parser.add_argument("what", choices=["match", "entities"])
    parser.add_argument("--store", required=True)
    args = parser.parse_args(argv)
    store = store_for_uri(args.store)
    store.open()
    try:
        result = probe_match(store) if args.what == "match" else probe_entities(store)
    finally:
        store.close()
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
