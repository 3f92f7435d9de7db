"""Matchmaking on the full CORDIS H2020 graph: latency, memory, and the evaluation table.

1. Load the vendored CORDIS data (~32,000 organisations, ~26,000 projects, ~116,000
   participations) into a fresh embedded store; time the load.
2. Build the match index (first request) and measure the memory it and the store's graph take.
3. Warm latency of top-10 partners for one enterprise (p50, p99 over ``REQUESTS`` requests, the
   enterprise cycling over the most connected companies), and of a need text.
4. The evaluation (``--train-until 2018 --test-from 2019``, both modes): model against the
   popularity, common-neighbour and Adamic-Adar baselines.

Run: ``python -m bench match`` (or ``python bench/bench_match.py``); ``--no-eval`` skips step 4.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.match.index import match_index
from graph.match.rank import rank_partners
from graph.model import NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.cordis import DEFAULT_FOLDER, load_cordis, read_dataset
from loaders.cordis.files import PARTICIPATIONS

REQUESTS = 300
NEEDS = (
    "graphene battery materials",
    "offshore wind turbine blades",
    "food packaging",
    "冬枣保鲜与深加工",
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def latency(store: EmbeddedStore) -> None:
    """Print the warm latency and memory table."""
    rss0 = _rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    index = match_index(store)
    build = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    companies = index.view([NodeKind.ENTERPRISE.value]).rows
    by_degree = sorted(companies, key=lambda r: -index.structure.degree[r])[:50]
    ids = [index.ids[r] for r in by_degree]
    rank_partners(store, ids[0], k=10)  # warm
    times: list[float] = []
    for i in range(REQUESTS):
        t = time.perf_counter()
        rank_partners(store, ids[i % len(ids)], k=10)
        times.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    rank_partners(store, need=NEEDS[0], k=10)
    first_text = time.perf_counter() - t
    text_times: list[float] = []
    for i in range(40):
        t = time.perf_counter()
        rank_partners(store, need=NEEDS[i % len(NEEDS)], k=10)
        text_times.append((time.perf_counter() - t) * 1000)
    print("| measure | value |")
    print("|---|---|")
    print(f"| organisations / contexts | {len(index.ids):,} / {len(index.context_ids):,} |")
    print(f"| index build (first request) | {build:.1f} s |")
    print(f"| index memory (Python allocations, peak while building) | {peak / 1e6:.0f} MB |")
    print(f"| process RSS with store and index | {_rss_mb():.0f} MB (before index {rss0:.0f}) |")
    print(f"| top-10 partners of an enterprise, warm, p50 | {statistics.median(times):.1f} ms |")
    print(f"| top-10 partners of an enterprise, warm, p99 | {_percentile(times, 0.99):.1f} ms |")
    print(f"| first need text (fits the text profiles) | {first_text:.1f} s |")
    print(
        f"| top-10 partners for a need text, warm, p50 | {statistics.median(text_times):.1f} ms |"
    )
    print(
        f"| top-10 partners for a need text, warm, p99 | {_percentile(text_times, 0.99):.1f} ms |"
    )


def evaluation() -> None:
    """Print the evaluation table of both modes."""
    from graph.evaluation import evaluate_partners

    started = time.perf_counter()
    data = read_dataset(DEFAULT_FOLDER / PARTICIPATIONS)
    result = evaluate_partners(data, train_until=2018, test_from=2019, mode="both", validate=True)
    seconds = time.perf_counter() - started
    print("| mode | method | Hits@1 | Hits@10 | MRR |")
    print("|---|---|---|---|---|")
    for mode in ("link", "need"):
        block = result[mode]
        assert isinstance(block, dict)
        rows = {"model": block["model"], **block["baselines"]}
        for name, m in rows.items():
            print(f"| {mode} | {name} | {m['hits@1']} | {m['hits@10']} | {m['mrr']} |")
        cn = block["baselines"]["common_neighbours"]["hits@10"]
        print(
            f"| {mode} | model / common neighbours (Hits@10) | | "
            f"{block['model']['hits@10'] / cn:.3f}x | |"
        )
    for mode in ("link", "need"):
        block = result[mode]
        assert isinstance(block, dict)
        if "validation" in block:
            v = block["validation"]
            print(
                f"\nvalidation ({mode}; features <= 2017, test 2018; fitted on 2017 labels): "
                f"model {v['model']}, common neighbours {v['baselines']['common_neighbours']}"
            )
    first = result["link"]
    assert isinstance(first, dict)
    print(
        f"\n{first['n_links']} test links, {first['n_companies']} companies, "
        f"{first['n_candidates']} candidates; evaluation wall time {seconds:.0f} s"
    )


def main() -> None:
    """Run the benchmark and print its tables."""
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "cordis.db")
        store.open()
        started = time.perf_counter()
        report = load_cordis(store, DEFAULT_FOLDER)
        print(
            f"load: {report.summary.nodes_added:,} nodes, {report.summary.edges_added:,} edges "
            f"in {time.perf_counter() - started:.0f} s\n"
        )
        latency(store)
        store.close()
    if "--no-eval" not in sys.argv:
        print()
        evaluation()


if __name__ == "__main__":
    main()
