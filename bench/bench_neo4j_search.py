"""Latency of name search (``find_nodes(q=...)``, one page of 50) on a loaded store.

``python -m bench.bench_neo4j_search --store bolt://127.0.0.1:7687``: about 300 mixed queries
(one, two and three-or-more characters, the suffix nearly every enterprise name ends with,
whole names, a 1,000-character query, punctuation only), drawn with a fixed seed from the
store's own names, two rounds after a warm-up round; prints p50/p95/p99 per query group and in
all. Works on any store URI (a file path is the embedded store).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence

from graph.model import NodeKind
from graph.stores import store_for_uri
from graph.stores.base import GraphStore

SEED = 18
FIXED = ("有限公司", "公司", "化", "科技", "研究院", "山东", "冬枣保鲜", "沾化区")


def _names(store: GraphStore) -> list[str]:
    names: list[str] = []
    for kind in (NodeKind.ENTERPRISE, NodeKind.INSTITUTION, NodeKind.NEED, NodeKind.RESULT):
        names += [n.name for n in store.find_nodes(kind=kind, limit=500).items]
    return names


def queries(store: GraphStore) -> dict[str, list[str]]:
    """The queries by group, drawn from the store's names with a fixed seed."""
    rng = random.Random(SEED)
    names = [n for n in _names(store) if len(n) >= 4]
    picks = [rng.choice(names) for _ in range(200)]
    starts = [rng.randrange(len(n) - 3) for n in picks]
    return {
        "1 char": [n[s] for n, s in zip(picks[:40], starts, strict=False)],
        "2 chars": [n[s : s + 2] for n, s in zip(picks[40:100], starts[40:], strict=False)],
        "3+ chars": [
            n[s : s + 3 + s % 3] for n, s in zip(picks[100:160], starts[100:], strict=False)
        ],
        "names": picks[160:200],
        "fixed": [q for q in FIXED for _ in range(5)],
        "odd": ["枣" * 1000, "！？，。", "...", "%_\\\"'"] * 5,
    }


def _pct(ms: list[float], p: float) -> float:
    ordered = sorted(ms)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_neo4j_search")
    parser.add_argument("--store", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    store = store_for_uri(args.store)
    store.open()
    try:
        groups = queries(store)
        for q in (q for qs in groups.values() for q in qs):  # warm-up round
            store.find_nodes(q=q, limit=50)
        timed: dict[str, list[float]] = {g: [] for g in groups}
        for _ in range(args.rounds):
            for group, qs in groups.items():
                for q in qs:
                    started = time.perf_counter()
                    store.find_nodes(q=q, limit=50)
                    timed[group].append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    timed["all"] = [ms for g in groups for ms in timed[g]]
    print("| queries | n | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for group, ms in timed.items():
        print(
            f"| {group} | {len(ms)} | {statistics.median(ms):.1f} | {_pct(ms, 95):.1f} "
            f"| {_pct(ms, 99):.1f} | {max(ms):.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
