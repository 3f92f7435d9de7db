"""Headless Chromium (Debian's /usr/bin/chromium driven by Playwright) with the network cut off.

Every request except the page itself is aborted and recorded; console errors and page errors
are recorded too. In CI (``CI`` set) a missing browser fails the run; elsewhere it skips.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pytest

from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind
from graph.render.headless import CHROMIUM, CHROMIUM_ARGS
from graph.stores.embedded import EmbeddedStore
from tests.conftest import prov, small_batch

PAGE_URL = "http://ttkg.test/view.html"
# Any injected markup that runs would call alert() or set this flag.
FLAG_SCRIPT = "window.__xss = 0; window.alert = function () { window.__xss += 1; };"
HOSTILE = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole run."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run `make browser` (scripts/install-browser.sh)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        yield launched
        launched.close()


@dataclass
class Opened:
    """A loaded page with what it tried to fetch and what it logged."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def drawn(self) -> int:
        """Nodes vis-network draws (visible node indices of the live network)."""
        count: int = self.page.evaluate("window.ttkgView.drawnNodeCount()")
        return count

    def search(self, text: str) -> Any:
        """Type into the search box and press Enter; the id of the node now focused."""
        self.page.fill("#ttkg-search", text)
        self.page.press("#ttkg-search", "Enter")
        return self.page.evaluate("window.ttkgView.focused")


def open_page(
    browser: Any,
    html: str,
    *,
    csp: bool = False,
    headers: dict[str, str] | None = None,
    answer: Callable[[Any], bool] | None = None,
) -> Opened:
    """Load ``html`` as the page at PAGE_URL; ``csp=False`` drops the page's own CSP.

    Without the CSP, nothing but the page's escaping stands between a hostile name and
    execution, and any fetch the page tries reaches the route below and is counted.
    ``headers`` go with the page; ``answer(route)`` may fulfil a request itself (returning
    True), e.g. from the API in process.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=not csp)
    page = context.new_page()
    opened = Opened(page)

    def route(r: Any) -> None:
        if r.request.url == PAGE_URL:
            r.fulfill(body=html, content_type="text/html; charset=utf-8", headers=headers or {})
        elif answer is not None and answer(r):
            return
        else:
            opened.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.add_init_script(FLAG_SCRIPT)
    page.goto(PAGE_URL)
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=60_000)
    return opened


def district_batch(enterprises: int = 160, seed: int = 7) -> GraphBatch:
    """A district-sized graph: the small test graph, enterprises, institutions, hostile names."""
    rng = random.Random(seed)
    batch = small_batch()
    industries = [Node.create(NodeKind.INDUSTRY, n, provenance=[prov()]) for n in ("冬枣", "水产")]
    batch.nodes.extend(industries)
    institutions = [
        Node.create(NodeKind.INSTITUTION, name, aliases=[alias], provenance=[prov()])
        for name, alias in [
            ("中国农业大学", "中国农大"),
            ("山东省农业科学院", "省农科院"),
            ("渤海先进技术研究院", "渤海先研院"),
        ]
    ]
    batch.nodes.extend(institutions)
    targets = [n.id for n in institutions] + ["institution:河北农业大学"]
    for i in range(enterprises):
        node = Node.create(
            NodeKind.ENTERPRISE,
            f"滨州测试企业{i:03d}有限公司",
            aliases=[f"测企{i:03d}"],
            properties={"employees": 10 + i},
            provenance=[prov(f"row {i + 20}")],
        )
        batch.nodes.append(node)
        batch.edges.append(
            Edge(
                kind=EdgeKind.IN_INDUSTRY,
                source=node.id,
                target=rng.choice(industries).id,
                provenance=[prov()],
            )
        )
        if i % 3:
            batch.edges.append(
                Edge(
                    kind=EdgeKind.COOPERATES_WITH,
                    source=node.id,
                    target=rng.choice(targets),
                    provenance=[prov()],
                )
            )
    for name in HOSTILE:
        node = Node.create(
            NodeKind.ENTERPRISE,
            name,
            aliases=[name + "别名"],
            properties={"note": name},
            provenance=[prov(name)],
        )
        batch.nodes.append(node)
        batch.edges.append(
            Edge(
                kind=EdgeKind.COOPERATES_WITH,
                source=node.id,
                target=targets[0],
                provenance=[prov(name)],
            )
        )
    return batch


def store_graph(batch: GraphBatch) -> nx.MultiDiGraph:
    """``batch`` as a store subgraph, with the attributes the API's views carry."""
    store = EmbeddedStore(":memory:")
    store.open()
    try:
        store.upsert(batch)
        return store.subgraph([n.id for n in batch.nodes], depth=0)
    finally:
        store.close()
