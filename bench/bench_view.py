"""The network view at 300 (a district) / 1,000 / 5,000 / 20,000 nodes, beside pyvis 0.3.2.

For each page: layout time, HTML build time (layout included), HTML size, and in headless
Chromium (/usr/bin/chromium, every off-page request aborted and counted) the time until the page
is ready, one full redraw, and the longest main-thread task while loading.

Run: ``python -m bench view`` (or ``python bench/bench_view.py``). With
``--stores district=PATH city=PATH province=PATH`` (embedded stores, e.g. the shared
``var/scale/*.db``; each copied to a temporary file first) it measures instead, per size, the
whole graph and the Enterprise kind: ``ttkg view -o`` in a fresh process (wall time, CPU time,
peak RSS), the file's size and ready time, and the served page (``GET /views/network`` in
process: time, size, ready). pyvis runs as it comes (in_line
assets, its template, ``from_nx``, ``generate_html``): with its default physics at 300 nodes,
with physics off and our positions at 1,000 and 5,000 (its default physics takes over a minute
to stabilise 1,000 nodes); its ``from_nx`` is quadratic, so it is skipped at 20,000.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import graph.render.data as render_data
from graph.render import render_html
from graph.render.headless import CHROMIUM, CHROMIUM_ARGS
from graph.render.layout import layout

SIZES = (300, 1_000, 5_000, 20_000)
PYVIS_MAX = 5_000
REPEAT = 3
"""Each page is loaded this many times in a fresh browser context; the table shows medians."""
PAGE_URL = "http://bench.test/view.html"
LONGTASKS = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });
// pyvis assigns its network to a global: note the first frame it draws.
let __pyvisNetwork;
Object.defineProperty(window, "network", {
  configurable: true,
  get() { return __pyvisNetwork; },
  set(v) {
    __pyvisNetwork = v;
    v.once("afterDrawing", () => { window.__pyvisDrawn = performance.now(); });
    v.once("stabilizationIterationsDone", () => { window.__pyvisStable = performance.now(); });
  },
});
"""
KINDS = ["Enterprise"] * 15 + ["Institution"] * 2 + ["Platform", "Community", "TransferAgency"]
INDUSTRIES = ["化工", "冬枣", "水产", "畜牧", "无花果", "建材", "医药", "电源", "机场", "食品"]


def district_like(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free cooperation network with kinds, industries, aliases and provenance."""
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(n - len(INDUSTRIES), 2, seed=seed)
    G = nx.MultiDiGraph()
    provenance = [{"source": "bench", "locator": "synthetic", "synthetic": True}]
    for name in INDUSTRIES:
        G.add_node(
            f"industry:{name}",
            kind="Industry",
            name=name,
            aliases=[],
            properties={},
            provenance=provenance,
        )
    for u in base:
        kind = rng.choice(KINDS)
        G.add_node(
            f"n:{u}",
            kind=kind,
            name=f"滨州测试单位{u}",
            aliases=[f"测{u}"],
            properties={"employees": rng.randint(5, 900)},
            provenance=provenance,
        )
        if kind == "Enterprise":
            G.add_edge(f"n:{u}", f"industry:{rng.choice(INDUSTRIES)}", kind="IN_INDUSTRY")
    for u, v in base.edges():
        G.add_edge(f"n:{u}", f"n:{v}", kind="COOPERATES_WITH")
    return G


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def ours(G: nx.MultiDiGraph, *, aggregate: bool | None) -> dict[str, Any]:
    """Build our page, timing the layout calls inside it."""
    spent: list[float] = []
    originals = {"layout": render_data.layout, "group_layout": render_data.group_layout}

    def timing(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(H: Any, **kw: Any) -> Any:
            pos, seconds = timed(lambda: fn(H, **kw))
            spent.append(seconds)
            return pos

        return wrapped

    for name, fn in originals.items():
        setattr(render_data, name, timing(fn))
    try:
        page, build = timed(lambda: render_html(G, aggregate=aggregate))
    finally:
        for name, fn in originals.items():
            setattr(render_data, name, fn)
    return {"html": page, "layout": sum(spent), "build": build}


def pyvis_page(G: nx.MultiDiGraph, *, physics: bool) -> dict[str, Any]:
    """pyvis as it comes (in_line assets, its template); without physics, our positions."""
    from pyvis.network import Network

    pos, layout_seconds = timed(lambda: {} if physics else layout(G))
    simple = nx.Graph()
    for u, data in G.nodes(data=True):
        place = {"x": pos[u][0], "y": pos[u][1]} if u in pos else {}
        simple.add_node(u, label=data["name"], title=data["name"], **place)
    simple.add_edges_from(G.edges())

    def build() -> str:
        net = Network(cdn_resources="in_line", height="600px", width="100%")
        net.from_nx(simple)
        net.toggle_physics(physics)
        html: str = net.generate_html()
        return html

    page, seconds = timed(build)
    return {"html": page, "layout": layout_seconds, "build": seconds}


OURS_READY = "window.ttkgView && window.ttkgView.readyAt"
PYVIS_DRAWN = "window.__pyvisDrawn"
PYVIS_STABLE = "window.__pyvisStable"


def measure(browser: Any, html: str, *, ready_js: str) -> dict[str, Any]:
    """Ready time, one full redraw, longest main-thread task while loading, off-page requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url == PAGE_URL:
            r.fulfill(body=html, content_type="text/html; charset=utf-8")
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.add_init_script(LONGTASKS)
    page.goto(PAGE_URL)
    page.wait_for_function(f"() => {ready_js}", timeout=180_000, polling=100)
    ready = page.evaluate(f"() => {ready_js}")
    page.wait_for_timeout(300)
    net = "window.ttkgView.network" if ready_js == OURS_READY else "window.network"
    frames = page.evaluate(
        f"""() => {{
            const n = {net}; n.fit({{animation: false}});
            const out = [];
            for (let i = 0; i < 3; i++) {{
                const t = performance.now(); n.redraw(); out.push(performance.now() - t);
            }}
            return out;
        }}"""
    )
    tasks = page.evaluate("() => window.__longtasks")
    drawn = page.evaluate(f"() => {net}.body.nodeIndices.length")
    context.close()
    loading = [d for start, d in tasks if start <= ready]
    return {
        "ready": ready / 1000,
        "frame": statistics.median(frames),
        "longest": max(loading, default=0.0),
        "requests": len(blocked),
        "drawn": drawn,
    }


def measured(browser: Any, html: str, *, ready_js: str) -> dict[str, Any]:
    """Medians over REPEAT loads (off-page requests: the most any load tried)."""
    runs = [measure(browser, html, ready_js=ready_js) for _ in range(REPEAT)]
    out = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    out["requests"] = max(run["requests"] for run in runs)
    return out


def row(label: str, n: int, built: dict[str, Any], seen: dict[str, Any]) -> str:
    return (
        f"| {n:,} | {label} | {int(seen['drawn']):,} | "
        f"{built['layout']:.2f} | {built['build']:.2f} | "
        f"{len(built['html'].encode()) / 1e6:.2f} | {seen['ready']:.2f} | {seen['frame']:.0f} | "
        f"{seen['longest']:.0f} | {seen['requests']} |"
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at start; {CHROMIUM}; Python {platform.python_version()}"
    )
    print()
    print(
        "| nodes | page | drawn | layout (s) | HTML build (s) | HTML (MB) | ready (s) | "
        "frame (ms) | longest task (ms) | off-page requests |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        try:
            for n in SIZES:
                G = district_like(n)
                built = ours(G, aggregate=None)
                mode = "aggregated" if '"mode":"aggregate"' in built["html"] else "default"
                print(
                    row(
                        f"ours ({mode})",
                        n,
                        built,
                        measured(browser, built["html"], ready_js=OURS_READY),
                    ),
                    flush=True,
                )
                if n > 3000:
                    built = ours(G, aggregate=False)
                    seen = measured(browser, built["html"], ready_js=OURS_READY)
                    print(row("ours, every node", n, built, seen), flush=True)
                if n <= PYVIS_MAX:
                    physics = n <= 300  # its default; at 1,000 nodes it takes over a minute
                    built = pyvis_page(G, physics=physics)
                    ready = PYVIS_STABLE if physics else PYVIS_DRAWN
                    seen = measured(browser, built["html"], ready_js=ready)
                    label = (
                        "pyvis 0.3.2, default physics" if physics else "pyvis 0.3.2, physics off"
                    )
                    print(row(label, n, built, seen), flush=True)
        finally:
            browser.close()


STORE_VIEWS = (("whole graph", []), ("Enterprise kind", ["--kind", "Enterprise"]))


def cli_view(store: Path, extra: list[str], out: Path) -> dict[str, float]:
    """``ttkg view -o`` in a fresh process: wall and CPU seconds, peak RSS (MB), file MB."""
    import subprocess

    ttkg = Path(sys.executable).parent / "ttkg"
    report = out.with_suffix(".time")
    start = time.perf_counter()
    subprocess.run(
        [
            *("/usr/bin/time", "-f", "%U %S %M", "-o", str(report)),
            *(str(ttkg), "--store", str(store), "view", *extra, "-o", str(out)),
        ],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    user, system, peak_kb = report.read_text().split()[-3:]
    return {
        "wall": wall,
        "cpu": float(user) + float(system),
        "rss": int(peak_kb) / 1024,
        "mb": out.stat().st_size / 1e6,
    }


def served_view(store: Path, extra: list[str]) -> tuple[str, float]:
    """``GET /views/network`` (same filters) from the API in this process: the page, seconds."""
    from fastapi.testclient import TestClient

    from api.main import create_app
    from graph.settings import Settings
    from graph.stores.embedded import EmbeddedStore

    kinds = extra[1::2]
    opened = EmbeddedStore(store)
    opened.open()
    try:
        app = create_app(Settings(store=opened.uri), store=opened)
        with TestClient(app, base_url="http://127.0.0.1") as client:
            response, seconds = timed(
                lambda: client.get("/views/network", params={"kind": kinds, "limit": 10_000_000})
            )
        response.raise_for_status()
        return response.text, seconds
    finally:
        opened.close()


def store_sizes(stores: dict[str, Path]) -> None:
    """The table of ``ttkg view`` and the served page at each store size."""
    import shutil
    import tempfile

    from playwright.sync_api import sync_playwright

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at start; {CHROMIUM}; Python {platform.python_version()}"
    )
    print()
    print(
        "| size | view | nodes | `ttkg view -o` wall (s) | CPU (s) | peak RSS (MB) | file (MB) "
        "| file ready (s) | served: build (s) | page (MB) | ready (s) | off-page requests |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        try:
            for size, path in stores.items():
                copy = Path(tmp) / f"{size}.db"
                shutil.copyfile(path, copy)
                for label, extra in STORE_VIEWS:
                    out = Path(tmp) / f"{size}.html"
                    cli = cli_view(copy, extra, out)
                    offline = measured(browser, out.read_text("utf-8"), ready_js=OURS_READY)
                    page, build = served_view(copy, extra)
                    seen = measured(browser, page, ready_js=OURS_READY)
                    nodes = json_total(page)
                    print(
                        f"| {size} | {label} | {nodes:,} | {cli['wall']:.1f} | {cli['cpu']:.1f} "
                        f"| {cli['rss']:.0f} | {cli['mb']:.2f} | {offline['ready']:.2f} "
                        f"| {build:.1f} | {len(page.encode()) / 1e6:.2f} | {seen['ready']:.2f} "
                        f"| {seen['requests']} |",
                        flush=True,
                    )
                copy.unlink()
        finally:
            browser.close()


def json_total(page: str) -> int:
    """How many nodes the page stands for (drawn, or counted in its groups)."""
    import json
    import re

    found = re.search(r'<script type="application/json" id="ttkg-data">(.*?)</script>', page, re.S)
    data = json.loads(found.group(1)) if found else {}
    return int(data.get("total", {}).get("nodes", len(data.get("nodes", []))))


if __name__ == "__main__":
    if "--stores" in sys.argv:
        pairs = sys.argv[sys.argv.index("--stores") + 1 :]
        store_sizes({name: Path(path) for name, path in (p.split("=", 1) for p in pairs)})
    else:
        main()
