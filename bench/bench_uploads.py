"""Uploads against a real server on loopback: do reads go on, and does the server's memory?

Starts ``uvicorn api.main:create_app`` on 127.0.0.1 over an embedded store in a temp folder
holding the district (``ttkg load data/district data/documents``), then:

1. ``GET /health`` and ``POST /match/partners`` latency (p50, p99) with the server idle;
2. the same, measured from another thread while a generated 100,000-row roster CSV (GBK, the
   generator of :mod:`bench.bench_tables`) is uploaded to ``POST /admin/load`` and its job is
   followed to the end; the server's RSS (psutil, the server's pid only: the load runs in a
   child process, whose peak is shown apart) before and at its peak;
3. the server's RSS growth while an XLSX that declares ``A1:XFD8000`` and holds one cell in
   row 8000 is uploaded and loaded (once a 1.3 GB allocation).

Each phase runs on a fresh server over the district alone. ``python -m bench uploads``.
Targets: p99 under 200 ms during the load, server memory growth under 150 MB.

On x86_64, 2 cores shared with other jobs, Python 3.11.7 (100,000-row roster, 13.4 MB):

| phase | /health p50 / p99 | /match p50 / p99 | server RSS | load child peak |
|---|---|---|---|---|
| idle, 10 s | 3.4 / 6.1 ms | 5.9 / 9.3 ms | 262 MB, +0 MB | - |
| roster: done in 36.2 s | 3.5 / 9.1 ms | 6.1 / 12.5 ms | 262 MB, +235 MB | 815 MB |
| roster, only /health probed | 3.5 / 8.3 ms | - | 262 MB, +4 MB | 815 MB |
| XFD8000 trap: done in 1.3 s | 3.8 / 11.6 ms | 6.3 / 18.3 ms | 262 MB, +0 MB | 86 MB |

Before the load jobs (the load on the event loop): /health did not answer for the 20 s of
the load, and the server went from 164 MB to 854 MB; the trap took 15.7 s and 1.3 GB. The
upload itself now grows the server by a few MB (the third row); the +235 MB of the second
row is the match index that the first ``/match/partners`` after the commit rebuilds over the
100,000 new enterprises, which is the matcher's cost of a larger graph, not the upload's.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
KEY = "bench-key-0123456789"
NEED = json.dumps({"need": "冬枣保鲜与深加工", "k": 5}).encode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``uvicorn api.main:create_app`` in a child process, on a free loopback port."""

    def __init__(self, store: Path, log: IO[bytes]) -> None:
        self.port = _free_port()
        env = {**os.environ, "TTKG_STORE": str(store), "TTKG_API_KEY": KEY}
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory"),
                *("--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"),
            ],
            cwd=ROOT,
            env=env,
            stderr=log,
        )
        self.ps = psutil.Process(self.process.pid)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start in 120 s")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, dict[str, str]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return (
                response.status,
                response.read(),
                {k.lower(): v for k, v in response.getheaders()},
            )
        finally:
            connection.close()

    def rss_mb(self) -> float:
        return float(self.ps.memory_info().rss) / 2**20

    def children_rss_mb(self) -> float:
        total = 0.0
        for child in self.ps.children(recursive=True):
            with contextlib.suppress(psutil.Error):  # it ended meanwhile
                total += child.memory_info().rss / 2**20
        return total

    def stop(self) -> None:
        self.process.kill()  # not terminate: a match index rebuilding would hold it
        self.process.wait(30)


def upload(server: Server, name: str, data: bytes) -> dict[str, Any]:
    """POST the file, follow its job to the end; the job's last answer."""
    boundary = "bench-boundary-7f3a"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-API-Key": KEY}
    status, answer, response_headers = server.request("POST", "/admin/load", body, headers)
    if status != 202:
        raise RuntimeError(f"upload answered {status}: {answer[:300]!r}")
    location = response_headers["location"]
    while True:
        job: dict[str, Any] = json.loads(
            server.request("GET", location, None, {"X-API-Key": KEY})[1]
        )
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.5)


class Probe(threading.Thread):
    """Alternates ``GET /health`` and ``POST /match/partners`` until stopped."""

    def __init__(self, server: Server, *, match: bool = True) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.match = match
        self.stopped = threading.Event()
        self.times: dict[str, list[float]] = {"health": [], "match": []}
        self.errors = 0

    def run(self) -> None:
        json_headers = {"Content-Type": "application/json"}
        while not self.stopped.is_set():
            for name, args in (
                ("health", ("GET", "/health", None, None)),
                ("match", ("POST", "/match/partners", NEED, json_headers)),
            ):
                if name == "match" and not self.match:
                    continue
                t0 = time.perf_counter()
                try:
                    status = self.server.request(*args)[0]  # type: ignore[arg-type]
                except OSError:  # the server was stopped under this request
                    self.errors += 1
                    return
                self.times[name].append((time.perf_counter() - t0) * 1000)
                self.errors += status != 200
            time.sleep(0.05)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class Memory(threading.Thread):
    """Samples the server's RSS and its children's until stopped."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.stopped = threading.Event()
        self.before = server.rss_mb()
        self.peak = self.before
        self.children_peak = 0.0

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, self.server.rss_mb())
            self.children_peak = max(self.children_peak, self.server.children_rss_mb())
            time.sleep(0.05)


def dimension_trap(rows: int = 8000) -> bytes:
    """An XLSX whose sheet declares ``A1:XFD{rows}`` and holds one cell, in row ``rows``."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.cell(rows, 1, "华升化工")  # type: ignore[union-attr]
    plain = io.BytesIO()
    book.save(plain)
    trapped = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(trapped, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"\s*/>',
                    f'<dimension ref="A1:XFD{rows}"/>'.encode(),
                    data,
                )
                assert b"XFD" in data
            target.writestr(member, data)
    return trapped.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv if argv is not None else [])
    from bench.bench_tables import roster_rows, write_csv

    with tempfile.TemporaryDirectory(prefix="ttkg-bench-uploads-") as folder:
        district = Path(folder) / "district.db"
        roster = Path(folder) / "规上工业企业名单.csv"
        write_csv(roster, roster_rows(args.rows))
        megabytes = roster.stat().st_size / 2**20
        ttkg = str(Path(sys.executable).with_name("ttkg"))
        subprocess.run(
            [ttkg, "--store", str(district), "load", "data/district", "data/documents"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        phases: list[tuple[str, Callable[[Server], object]]] = [
            ("idle, 10 s", lambda server: time.sleep(10)),
            (
                "loading the roster",
                lambda server: upload(server, roster.name, roster.read_bytes()),
            ),
            (
                "loading the roster, only /health probed",
                lambda server: upload(server, roster.name, roster.read_bytes()),
            ),
            (
                "loading the XFD8000 trap",
                lambda server: upload(server, "trap.xlsx", dimension_trap()),
            ),
        ]
        rows_out = []
        for number, (phase, action) in enumerate(phases):
            # Each phase on a fresh server over the district alone: once a 100,000-row roster
            # is in, the match index that the next /match/partners rebuilds is another matter.
            store = Path(folder) / f"graph{number}.db"
            shutil.copy(district, store)
            with (Path(folder) / f"server{number}.log").open("w+b") as log:
                server = Server(store, log)
                try:
                    rows_out.append(_measure(server, phase, action))
                except OSError:
                    log.seek(0)
                    print(log.read().decode(errors="replace")[-3000:], file=sys.stderr)
                    raise
                finally:
                    server.stop()
    print(
        f"{args.rows:,}-row roster CSV ({megabytes:.1f} MB, GBK); python"
        f" {sys.version.split()[0]}, {os.cpu_count()} cores, load average"
        f" {os.getloadavg()[0]:.1f}\n"
    )
    print(
        "| phase | requests | /health p50 | /health p99 | /match p50 | /match p99 "
        "| server RSS before | server RSS peak | growth | load child peak |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows_out:
        print("| " + " | ".join(row) + " |")


def _measure(server: Server, phase: str, action: Callable[[Server], object]) -> list[str]:
    """Latency and memory while ``action`` runs against ``server``."""
    server.request("POST", "/match/partners", NEED, {"Content-Type": "application/json"})
    memory, probe = Memory(server), Probe(server, match="only /health" not in phase)
    memory.start()
    probe.start()
    t0 = time.perf_counter()
    job = action(server)
    seconds = time.perf_counter() - t0
    probe.stopped.set()
    memory.stopped.set()
    probe.join(timeout=5)  # a request after the commit may wait for the index's rebuild
    memory.join()
    if isinstance(job, dict):
        files = job["result"]["files"] if job.get("result") else []
        summary = (job.get("result") or {}).get("summary", {})
        phase += (
            f": {job['status']} in {seconds:.1f} s, {job['rows_read']:,} rows read,"
            f" {summary.get('nodes_added', 0):,} nodes added"
            + "".join(f"; {f['error'][:90]}..." for f in files if f.get("error"))
        )
    health, match = probe.times["health"], probe.times["match"]
    return [
        phase,
        f"{len(health) + len(match)} ({probe.errors} not 200)",
        f"{_percentile(health, 0.5):.1f} ms",
        f"{_percentile(health, 0.99):.1f} ms",
        f"{_percentile(match, 0.5):.1f} ms",
        f"{_percentile(match, 0.99):.1f} ms",
        f"{memory.before:.0f} MB",
        f"{memory.peak:.0f} MB",
        f"{memory.peak - memory.before:+.0f} MB",
        f"{memory.children_peak:.0f} MB",
    ]


if __name__ == "__main__":
    main(sys.argv[1:])
