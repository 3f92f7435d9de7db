"""Matchmaking on the full CORDIS H2020 graph: latency, memory, and the evaluation table.

1. Load the vendored CORDIS data (~32,000 organisations, ~26,000 projects, ~116,000
   participations) into a fresh embedded store; time the load.
2. Build the match index (first request) and measure the memory it and the store's graph take.
3. Warm latency of top-10 partners for one enterprise (p50, p99 over ``REQUESTS`` requests, the
   enterprise cycling over the most connected companies), and of a need text.
4. The evaluation (``--train-until 2018 --test-from 2019``, both modes): model against the
   popularity, common-neighbour and Adamic-Adar baselines.

Run: ``python -m bench match`` (or ``python bench/bench_match.py``); ``--no-eval`` skips step 4.

At scale (issue 18), on a copy of a store file (the index files are written beside the copy)::

    prlimit --as=$((8*1024**3)) -- \\
        .venv/bin/python bench/bench_match.py --scale var/scale/province.db

runs three fresh processes in turn: ``cold`` (the first match by enterprise builds the index,
then the first need fits the text profiles, then warm latencies), ``restart`` (a new process
on the same file: the index and the text profiles are loaded) and ``restart-need`` (a new
process whose first request is a need). Each prints wall and CPU seconds and its peak RSS.

``--holdout var/scale/city.db`` hides 400 enterprise -> institution cooperations of a copy of
a (synthetic) store and prints Hits@10 of ranking the hidden institution among the
enterprise's partners, with the industry signal and without it.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
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


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(work: Callable[[], object]) -> dict[str, float]:
    wall, cpu = time.perf_counter(), _cpu()
    work()
    return {"s": time.perf_counter() - wall, "cpu": _cpu() - cpu}


def _warm(store: EmbeddedStore, calls: list[Callable[[], object]]) -> dict[str, float]:
    times = []
    for call in calls:
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return {"p50": statistics.median(times), "p99": _percentile(times, 0.99)}


def phase(name: str, path: str) -> dict[str, object]:
    """One process's measures on the store at ``path`` (see the module docstring)."""
    store = EmbeddedStore(path)
    store.open()
    out: dict[str, object] = {"phase": name}
    enterprises = [
        n.id for n in store.find_nodes(kind=NodeKind.ENTERPRISE, limit=REQUESTS).items
    ] or [""]
    if name == "restart-need":
        out["first need"] = _timed(lambda: rank_partners(store, need=NEEDS[0], k=10))
    else:
        out["first enterprise"] = _timed(lambda: rank_partners(store, enterprises[0], k=10))
        out["first need"] = _timed(lambda: rank_partners(store, need=NEEDS[0], k=10))
    if name == "cold":
        out["warm enterprise"] = _warm(
            store, [partial(rank_partners, store, e, k=10) for e in enterprises]
        )
        out["warm need"] = _warm(
            store, [partial(rank_partners, store, need=t, k=10) for t in NEEDS * 15]
        )
        index = match_index(store)
        out["rows"] = len(index.ids)
        out["contexts"] = len(index.context_ids)
        out["B entries"] = int(index.structure.B.nnz)
    out["peak RSS MB"] = _peak_mb()
    store.close()
    return out


def scale(path: Path) -> None:
    """Print the scale table of the store at ``path`` (measured on a copy of it)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        results = []
        for name in ("cold", "restart", "restart-need"):
            done = subprocess.run(
                [sys.executable, __file__, "--phase", name, str(copy)],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                print(f"phase {name} failed ({done.returncode}): {done.stderr[-2000:]}")
                return
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    cold, restart, need = results
    print(
        f"store {path}: {cold['rows']:,} organisations, {cold['contexts']:,} contexts, "
        f"{cold['B entries']:,} co-participation entries"
    )
    print("| measure | wall | CPU | peak RSS |")
    print("|---|---|---|---|")
    rows = [
        ("first match by enterprise after a load (builds the index)", cold, "first enterprise"),
        ("then the first match by need (fits the text profiles)", cold, "first need"),
        (
            "first match by enterprise after a restart (loads the index)",
            restart,
            "first enterprise",
        ),
        ("then the first match by need", restart, "first need"),
        ("first match by need after a restart", need, "first need"),
    ]
    for label, result, key in rows:
        m = result[key]
        print(f"| {label} | {m['s']:.1f} s | {m['cpu']:.1f} s | {result['peak RSS MB']:.0f} MB |")
    for key in ("warm enterprise", "warm need"):
        m = cold[key]
        print(f"| {key} p50 / p99 | {m['p50']:.1f} / {m['p99']:.1f} ms | | |")


def holdout(path: Path, *, links: int = 400, seed: int = 18) -> None:
    """Hits@10 of hidden cooperations on a copy of a (synthetic) store, with the industry
    signal and without it: each hidden enterprise -> institution cooperation, and the projects
    the two share, are removed; the enterprise's partners are ranked."""
    import random
    import sqlite3

    from graph.match import industry

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        db = sqlite3.connect(copy)
        rows = db.execute(
            "SELECT id, source, target FROM edges WHERE kind = 'COOPERATES_WITH' "
            "AND source LIKE 'enterprise:%' AND target LIKE 'institution:%' ORDER BY id"
        ).fetchall()
        hidden = random.Random(seed).sample(rows, min(links, len(rows)))
        for edge, enterprise, institution in hidden:
            db.execute("DELETE FROM edges WHERE id = ?", (edge,))
            db.execute(
                "DELETE FROM edges WHERE kind = 'PARTICIPATES_IN' AND source = ? AND target IN "
                "(SELECT target FROM edges WHERE kind = 'PARTICIPATES_IN' AND source = ?)",
                (enterprise, institution),
            )
        db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        db.commit()
        db.close()
        store = EmbeddedStore(copy)
        store.open()
        print("| industry signal | hidden cooperations | Hits@10 | MRR@10 |")
        print("|---|---|---|---|")
        weights = dict(industry.INDUSTRY_WEIGHTS)
        for label, scale in (("with", 1.0), ("without", 0.0)):
            industry.INDUSTRY_WEIGHTS.update({k: v * scale for k, v in weights.items()})
            ranks = []
            for _, enterprise, institution in hidden:
                found = [m.id for m in rank_partners(store, enterprise, k=10)]
                ranks.append(found.index(institution) + 1 if institution in found else 0)
            hits = sum(r > 0 for r in ranks) / len(ranks)
            mrr = sum(1 / r for r in ranks if r) / len(ranks)
            print(f"| {label} | {len(ranks)} | {hits:.4f} | {mrr:.4f} |")
        industry.INDUSTRY_WEIGHTS.update(weights)
        store.close()


def main() -> None:
    """Run the benchmark and print its tables."""
    if "--holdout" in sys.argv:
        holdout(Path(sys.argv[sys.argv.index("--holdout") + 1]))
        return
    if "--phase" in sys.argv:
        at = sys.argv.index("--phase")
        print(json.dumps(phase(sys.argv[at + 1], sys.argv[at + 2])))
        return
    if "--scale" in sys.argv:
        scale(Path(sys.argv[sys.argv.index("--scale") + 1]))
        return
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
