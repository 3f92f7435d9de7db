"""The scale bench: load each size into each store and time every step in a fresh process.

``python -m bench scale [--sizes district,city,province] [--stores embedded,neo4j]
[--budget S] [--reuse] [--out FILE]`` prints one markdown table: per size and step, the wall
time and the peak RSS of the step's own process (``os.wait4``), for the embedded store and for
Neo4j (a server of its own on port 7692, home ``var/neo4j-7692``; the RSS is the client's, the
server's memory is its configured heap and page cache). A step past its time budget is killed
with its process group and reported as ``> N s``; a failed step as ``failed`` with the end of
its output underneath.

Steps: the load (``ttkg load``; into Neo4j ``ttkg copy`` from the loaded embedded store, by
the bulk importer into the emptied server, and by transactions up to city size), the first
match by need and by enterprise (each in a new process, so each pays what a restart pays),
warm match p50/p99, ``/entities?q=`` p95/p99 (:mod:`bench.scale.probe`), every ``ttkg
analytics`` command, and ``ttkg view -o`` for the whole graph. The data sets are written by
:mod:`bench.scale.sizes` under ``var/scale/<size>/`` when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TTKG = str(ROOT / ".venv" / "bin" / "ttkg")
PYTHON = sys.executable
SCALE = ROOT / "var" / "scale"
NEO4J_PORT = 7692
NEO4J_HOME = ROOT / "var" / f"neo4j-{NEO4J_PORT}"
NEO4J_URI = f"bolt://127.0.0.1:{NEO4J_PORT}"
MEMORY_LIMIT = 8 * 1024**3
"""Address-space limit of every Python step (a runaway step fails instead of swapping)."""
NEED = "冬枣保鲜与深加工"
ENTERPRISE = "金丝食品"  # a real district enterprise: in every size
ANALYTICS = (
    ("isolated",),
    ("brokers",),
    ("centrality",),
    ("bridges",),
    ("communities",),
    ("changes", "--before", "2019", "--after", "2021"),
)
"""Every ``ttkg analytics`` command over the network (``indicators`` is a statistics table)."""
TRANSACTIONAL_UP_TO = "city"
"""The largest size also copied into Neo4j by transactions (beside the bulk importer)."""
SIZES = ("district", "city", "province")
LOAD = "`ttkg load` / `ttkg copy` into Neo4j (bulk importer)"
BY_TRANSACTIONS = "`ttkg copy` into Neo4j by transactions"


@dataclass(frozen=True)
class Outcome:
    """One step: seconds, peak RSS (MB), and what went wrong if anything."""

    seconds: float
    peak_mb: float
    status: str = "ok"  # ok, timeout, failed
    output: str = ""

    def cell(self, budget: float) -> str:
        """The table cell."""
        if self.status == "timeout":
            return f"> {budget:.0f} s"
        if self.status == "failed":
            return f"failed after {_secs(self.seconds)}"
        return f"{_secs(self.seconds)}, {self.peak_mb:,.0f} MB"


def _secs(seconds: float) -> str:
    if seconds >= 120:
        return f"{int(seconds // 60)} min {seconds % 60:.0f} s"
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(command: Sequence[str], budget: float, *, limit: bool = True) -> Outcome:
    """Run ``command`` in a new process group; stop it at ``budget`` seconds."""
    log = SCALE / "bench" / f"step-{os.getpid()}.log"  # runners may run side by side
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TTKG_LANG": "zh", "COLUMNS": "200"}
    started = time.perf_counter()
    with log.open("w+", encoding="utf-8") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=_limit_memory if limit else None,  # the bench runs no threads
        )
        try:
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                elapsed = time.perf_counter() - started
                if pid:
                    break
                if elapsed > budget:
                    os.killpg(process.pid, signal.SIGKILL)
                    _, status, usage = os.wait4(process.pid, 0)
                    process.returncode = -9
                    return Outcome(elapsed, usage.ru_maxrss / 1024, "timeout")
                time.sleep(0.05)
        except KeyboardInterrupt:  # the step runs in its own session: stop it with the bench
            os.killpg(process.pid, signal.SIGKILL)
            os.wait4(process.pid, 0)
            raise
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    ok = process.returncode == 0
    return Outcome(elapsed, usage.ru_maxrss / 1024, "ok" if ok else "failed", text)


# -- the Neo4j server of the bench ----------------------------------------------------------


def _server(script: str) -> None:
    env = {**os.environ, "TTKG_NEO4J_PORT": str(NEO4J_PORT), "TTKG_NEO4J_HOME": str(NEO4J_HOME)}
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "neo4j" / script)],
        env=env,
        check=True,
        capture_output=True,
    )


def empty_server() -> None:
    """Stop the bench's server, remove its databases and start it empty."""
    _server("stop.sh")
    shutil.rmtree(NEO4J_HOME / "data", ignore_errors=True)
    _server("start.sh")


# -- the steps ------------------------------------------------------------------------------


class Table:
    """Rows of (size, step) with one cell per store; printed as they come."""

    def __init__(self, stores: Sequence[str]) -> None:
        self.stores = list(stores)
        self.rows: dict[tuple[str, str], dict[str, str]] = {}
        self.notes: list[str] = []

    def put(self, size: str, step: str, store: str, cell: str) -> None:
        self.rows.setdefault((size, step), {})[store] = cell
        print(f"  {size:9} {step:42} {store:9} {cell}", file=sys.stderr, flush=True)

    def markdown(self) -> str:
        names = {"embedded": "embedded store", "neo4j": "Neo4j store"}
        head = "| size | step | " + " | ".join(names[s] for s in self.stores) + " |"
        lines = [head, "|---|---|" + "---|" * len(self.stores)]
        for (size, step), cells in self.rows.items():
            values = " | ".join(cells.get(s, "") for s in self.stores)
            lines.append(f"| {size} | {step} | {values} |")
        return "\n".join([*lines, "", *self.notes])


def _percentiles(values: list[float], *points: int) -> str:
    if not values:
        return "no data"
    picks = [values[min(len(values) - 1, int(len(values) * p / 100))] for p in points]
    return ", ".join(f"p{p} {v:,.1f} ms" for p, v in zip(points, picks, strict=True))


def measure(
    table: Table, size: str, store: str, uri: str, budget: float, skip_match: bool = False
) -> None:
    """Every step after the load, against ``uri``."""

    def step(label: str, command: list[str], limit: bool = True) -> Outcome:
        outcome = run(command, budget, limit=limit)
        table.put(size, label, store, outcome.cell(budget))
        if outcome.status == "failed":
            table.notes.append(f"- {size} {label} ({store}): {_tail(outcome.output)}")
        return outcome

    ttkg = [TTKG, "--store", uri]
    step("first match by need (index build)", [*ttkg, "match", "partners", "--need", NEED])
    step("first match by enterprise", [*ttkg, "match", "partners", "--enterprise", ENTERPRISE])
    probe = [PYTHON, "-m", "bench.scale.probe"]
    warm = run([*probe, "match", "--store", uri], budget)
    if warm.status == "ok":
        data = json.loads(warm.output.strip().splitlines()[-1])
        cell = (
            f"by need {_percentiles(data['need'], 50, 99)}; "
            f"by enterprise {_percentiles(data['enterprise'], 50, 99)}"
        )
    else:
        cell = warm.cell(budget)
        table.notes.append(f"- {size} warm match ({store}): {_tail(warm.output)}")
    table.put(size, "warm match (top 10 partners)", store, cell)
    search = run([*probe, "entities", "--store", uri], budget)
    if search.status == "ok":
        data = json.loads(search.output.strip().splitlines()[-1])
        cell = (
            f"{_percentiles(data['all'], 95, 99)}; 有限公司 {_percentiles(data['有限公司'], 99)}; "
            f"化 {_percentiles(data['化'], 99)}"
        )
    else:
        cell = search.cell(budget)
        table.notes.append(f"- {size} /entities ({store}): {_tail(search.output)}")
    table.put(size, "`GET /entities?q=`", store, cell)
    for what in ANALYTICS:
        step(f"`ttkg analytics {what[0]}`", [*ttkg, "analytics", *what])
    page = SCALE / "bench" / f"view-{size}-{store}.html"
    page.unlink(missing_ok=True)
    outcome = step("`ttkg view -o` (whole graph)", [*ttkg, "view", "-o", str(page)])
    if outcome.status == "ok" and page.exists():
        table.put(size, "view page size", store, f"{page.stat().st_size / 1e6:,.1f} MB")


def _tail(text: str, lines: int = 3) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines()[-lines:])[:400]


def bench_size(
    table: Table, size: str, stores: Sequence[str], budget: float, reuse: bool = False
) -> None:
    """Generate (if missing), load and measure one size on each store; ``reuse`` copies the
    store ``var/scale/SIZE.db`` loaded before instead of loading (the load row then says so)."""
    data = SCALE / size
    if not (data / "enterprises_synthetic.csv").exists():
        gen = [PYTHON, "-m", "bench.scale", "generate", "--size", size, "--out", str(data)]
        subprocess.run(gen, cwd=ROOT, check=True)
    table.rows.setdefault((size, LOAD), {})
    transactional = SIZES.index(size) <= SIZES.index(TRANSACTIONAL_UP_TO) and "neo4j" in stores
    if transactional:
        table.rows.setdefault((size, BY_TRANSACTIONS), {})
    db = SCALE / "bench" / f"{size}.db"
    for path in db.parent.glob(f"{size}.db*"):
        path.unlink()
    loaded = SCALE / f"{size}.db"
    if reuse and loaded.exists():  # a store loaded before (var/scale/SIZE.db), copied
        shutil.copy(loaded, db)
        load = Outcome(0, 0, "ok")
        table.put(size, LOAD, "embedded", "(loaded before)")
    else:
        load = run([TTKG, "--store", str(db), "load", str(data)], budget * 3)
        table.put(size, LOAD, "embedded", load.cell(budget * 3))
    if load.status != "ok":
        table.notes.append(f"- {size} load: {_tail(load.output)}")
        return
    if "embedded" in stores:
        measure(table, size, "embedded", str(db), budget)
    if "neo4j" not in stores:
        return
    copy = [TTKG, "copy", "--from", str(db), "--to", NEO4J_URI, "--neo4j-home", str(NEO4J_HOME)]
    if transactional:
        empty_server()
        done = run([*copy, "--bulk", "never"], budget * 3, limit=False)
        table.put(size, BY_TRANSACTIONS, "neo4j", _rate(done, budget * 3, db))
    empty_server()
    done = run([*copy, "--bulk", "always", "--json"], budget * 3, limit=False)
    cell = done.cell(budget * 3)
    if done.status == "ok":
        report = json.loads(done.output[done.output.index("{") :])
        cell += (
            f" (importer {report['import_seconds']} s, {report['records_per_second']:,} records/s)"
        )
    else:
        table.notes.append(f"- {size} bulk copy: {_tail(done.output)}")
    table.put(size, LOAD, "neo4j", cell)
    if done.status == "ok":
        measure(table, size, "neo4j", NEO4J_URI, budget)


def _rate(outcome: Outcome, budget: float, db: Path) -> str:
    """A transactional copy's cell with its records per second."""
    cell = outcome.cell(budget)
    if outcome.status != "ok":
        return cell
    from graph.stores.embedded import EmbeddedStore

    store = EmbeddedStore(db)
    store.open()
    stats = store.stats()
    store.close()
    return f"{cell} ({(stats.nodes + stats.edges) / outcome.seconds:,.0f} records/s)"


def machine() -> str:
    """One line naming the machine and its load."""
    cpus = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    load = os.getloadavg()[0]
    return (
        f"{platform.machine()}, {cpus} cores, {memory:.0f} GB, Python {platform.python_version()}, "
        f"load average {load:.1f} at the start"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale")
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--budget", type=float, default=600, help="seconds per step (load: 3x)")
    parser.add_argument("--out", type=Path, help="also write the table (markdown) here")
    parser.add_argument(
        "--reuse", action="store_true", help="use var/scale/SIZE.db when there instead of loading"
    )
    args = parser.parse_args(argv)
    sizes = [s for s in args.sizes.split(",") if s]
    stores = [s for s in args.stores.split(",") if s]
    unknown = sorted(set(sizes) - set(SIZES)) + sorted(set(stores) - {"embedded", "neo4j"})
    if unknown:
        parser.error(f"unknown sizes or stores: {unknown}")
    table = Table(stores)
    header = f"Scale bench, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine()}"
    print(header, file=sys.stderr, flush=True)
    try:
        for size in sizes:
            bench_size(table, size, stores, args.budget, args.reuse)
    finally:
        if "neo4j" in stores:
            _server("stop.sh")
        text = f"{header}\n\n{table.markdown()}\n"
        print(text)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
    return 0
