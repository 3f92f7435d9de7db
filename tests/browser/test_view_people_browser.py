"""The network view for people, in headless Chromium: hubs behind a toggle, a fitted view,
distinct styles, the details panel's order, the example-data banner, community colours, exports."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind
from graph.render import render_html
from graph.render.select import ego_view
from graph.render.style import COMMUNITY_COLORS
from graph.stores.embedded import EmbeddedStore
from tests.browser.conftest import Opened, open_page
from tests.conftest import prov

pytestmark = pytest.mark.browser


def hub_batch(*, synthetic: bool = True) -> GraphBatch:
    """华升化工 with two partners, a district and a work plan that 40 other firms share."""
    mark = prov(synthetic=synthetic)
    center = Node.create(
        NodeKind.ENTERPRISE,
        "华升化工",
        properties={"rd_expense_2018": 653.6, "employees": 420, "hte": False},
        provenance=[prov(synthetic=False), mark],
    )
    region = Node.create(NodeKind.REGION, "沾化区", provenance=[prov(synthetic=False)])
    plan = Node.create(
        NodeKind.DOCUMENT, "区科技局年度工作计划", provenance=[prov(synthetic=False)]
    )
    partners = [
        Node.create(NodeKind.INSTITUTION, name, provenance=[mark])
        for name in ("河北农业大学", "青岛科技大学")
    ]
    friends = [
        Node.create(NodeKind.ENTERPRISE, f"伙伴企业{i}", provenance=[mark]) for i in range(4)
    ]
    others = [
        Node.create(NodeKind.ENTERPRISE, f"沾化企业{i:02d}", provenance=[mark]) for i in range(40)
    ]
    edges = [
        Edge(kind=EdgeKind.LOCATED_IN, source=center.id, target=region.id, provenance=[mark]),
        Edge(kind=EdgeKind.MENTIONED_IN, source=center.id, target=plan.id, provenance=[mark]),
    ]
    for p in partners:
        edges.append(
            Edge(kind=EdgeKind.COOPERATES_WITH, source=center.id, target=p.id, provenance=[mark])
        )
    for i, f in enumerate(friends):  # two cooperation clusters: two communities
        edges.append(
            Edge(
                kind=EdgeKind.COOPERATES_WITH,
                source=f.id,
                target=partners[i % 2].id,
                provenance=[mark],
            )
        )
    for o in others:
        edges.append(
            Edge(kind=EdgeKind.LOCATED_IN, source=o.id, target=region.id, provenance=[mark])
        )
        edges.append(
            Edge(kind=EdgeKind.MENTIONED_IN, source=o.id, target=plan.id, provenance=[mark])
        )
    return GraphBatch(nodes=[center, region, plan, *partners, *friends, *others], edges=edges)


def ego_page(
    batch: GraphBatch, *, depth: int = 2, hubs: bool = False
) -> tuple[str, nx.MultiDiGraph]:
    store = EmbeddedStore(":memory:")
    store.open()
    try:
        store.upsert(batch)
        ego = ego_view(store, "enterprise:华升化工", depth=depth, hubs=hubs)
        page = render_html(
            ego.graph, title="华升化工", focus="enterprise:华升化工", optional=ego.hubs
        )
        return page, ego.graph
    finally:
        store.close()


@pytest.fixture(scope="module")
def ego(browser: Any) -> Iterator[Opened]:
    page, _graph = ego_page(hub_batch())
    opened = open_page(browser, page, csp=True)
    yield opened
    opened.page.context.close()


def drawn_names(view: Opened) -> set[str]:
    names: list[str] = view.page.evaluate(
        "window.ttkgView.network.body.nodeIndices.map(i => window.ttkgView.nodes.get(i).nid)"
    )
    return set(names)


def test_hubs_are_left_out_by_default_and_come_back_with_the_toggle(ego: Opened) -> None:
    drawn = drawn_names(ego)
    assert "region:沾化区" not in drawn
    assert not any("沾化企业" in u for u in drawn)  # not walked through the district
    assert {"enterprise:华升化工", "institution:河北农业大学", "enterprise:伙伴企业0"} <= drawn
    assert len(drawn) == 7
    ego.page.check("#ttkg-hubs")
    ego.page.wait_for_function("window.ttkgView.network.body.nodeIndices.length === 9")
    assert {"region:沾化区", "document:区科技局年度工作计划"} <= drawn_names(ego)
    ego.page.uncheck("#ttkg-hubs")
    assert len(drawn_names(ego)) == 7
    assert ego.blocked == []
    assert ego.errors == []


def bounding_box(view: Opened) -> dict[str, float]:
    box: dict[str, float] = view.page.evaluate(
        """() => {
        const net = window.ttkgView.network, ids = net.body.nodeIndices;
        const rect = document.getElementById('ttkg-canvas').getBoundingClientRect();
        let xs = [], ys = [];
        ids.forEach(i => {
          const b = net.getBoundingBox(i);  // the node with its label
          const a = net.canvasToDOM({x: b.left, y: b.top});
          const c = net.canvasToDOM({x: b.right, y: b.bottom});
          xs.push(a.x, c.x); ys.push(a.y, c.y);
        });
        return {left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys),
                bottom: Math.max(...ys), width: rect.width, height: rect.height};
    }"""
    )
    return box


@pytest.mark.parametrize("depth", [1, 2])
def test_the_view_is_fitted_to_the_canvas(browser: Any, depth: int) -> None:
    page, _graph = ego_page(hub_batch(), depth=depth)
    view = open_page(browser, page)
    try:
        box = bounding_box(view)
        assert box["left"] >= 0  # every node (and label) inside the canvas
        assert box["top"] >= 0
        assert box["right"] <= box["width"] + 1
        assert box["bottom"] <= box["height"] + 1
        # ...and filling it: not a small clump in the middle of an empty canvas
        assert (
            max(
                (box["right"] - box["left"]) / box["width"],
                (box["bottom"] - box["top"]) / box["height"],
            )
            > 0.6
        )
    finally:
        view.page.context.close()


def test_every_kind_has_its_own_colour_and_shape(ego: Opened) -> None:
    ego.page.check("#ttkg-hubs")
    drawn = ego.page.evaluate(
        """window.ttkgView.network.body.nodeIndices.map(i => {
            const n = window.ttkgView.network.body.nodes[i];
            return [window.ttkgView.nodes.get(i).k, n.options.shape, n.options.color.background];
        })"""
    )
    ego.page.uncheck("#ttkg-hubs")
    styles = {kind: (shape, color) for kind, shape, color in drawn}
    assert len(styles) == 4  # enterprise, institution, region, document
    assert all(styles[kind] == (shape, color) for kind, shape, color in drawn)  # one per kind
    assert len({color for _shape, color in styles.values()}) == len(styles)


def test_details_panel_shows_name_kind_flags_and_provenance_before_facts(ego: Opened) -> None:
    ego.page.evaluate("window.ttkgView.focusId('enterprise:华升化工')")
    panel = ego.page.inner_text("#ttkg-details")
    order = [
        "华升化工",
        "企业",
        "部分事实为示例数据",
        "\n来源\n",
        "（示例数据）",
        "\n事实\n",
        "研发费用（2018年，万元）",
    ]
    positions = [panel.index(text) for text in order]
    assert positions == sorted(positions)
    assert "从业人员（人）\n420" in panel
    assert "rd_expense_2018" not in panel


def test_banner_and_labels_mark_example_data(ego: Opened) -> None:
    assert ego.page.is_visible("#ttkg-banner")
    assert "示例" in ego.page.inner_text("#ttkg-banner")
    label = ego.page.evaluate("window.ttkgView.nodes.get(3).label")
    nid = ego.page.evaluate("window.ttkgView.nodes.get(3).nid")
    assert nid.startswith(("institution:", "enterprise:伙伴"))
    assert label.endswith("（示例）")


def test_no_banner_without_example_data(browser: Any) -> None:
    page, _graph = ego_page(hub_batch(synthetic=False))
    view = open_page(browser, page)
    try:
        assert not view.page.is_visible("#ttkg-banner")
        assert "示例" not in view.page.evaluate(
            "window.ttkgView.nodes.get().map(n => n.label).join(' ')"
        )
    finally:
        view.page.context.close()


def test_community_colour_mode(ego: Opened) -> None:
    by_kind = ego.page.evaluate("window.ttkgView.colorOf('enterprise:伙伴企业0')")
    ego.page.check("input[name='ttkg-color'][value='community']")
    first = ego.page.evaluate("window.ttkgView.colorOf('enterprise:伙伴企业0')")
    second = ego.page.evaluate("window.ttkgView.colorOf('enterprise:伙伴企业1')")
    assert first != second  # two cooperation clusters, two communities
    assert {first, second} <= set(COMMUNITY_COLORS)
    assert first != by_kind or second != by_kind
    ego.page.check("input[name='ttkg-color'][value='kind']")
    assert ego.page.evaluate("window.ttkgView.colorOf('enterprise:伙伴企业0')") == by_kind


def download(view: Opened, fmt: str) -> tuple[str, bytes]:
    with view.page.expect_download() as started:
        view.page.click(f"button[data-export='{fmt}']")
    return started.value.suggested_filename, started.value.path().read_bytes()


def test_exports_from_the_page_read_back(ego: Opened) -> None:
    name, graphml = download(ego, "graphml")
    assert name == "network.graphml"
    G = nx.read_graphml(io.BytesIO(graphml))
    assert G.number_of_nodes() == 9  # every drawn node, the hubs too
    assert G.nodes["enterprise:华升化工"]["label"] == "华升化工"
    H = nx.read_gexf(io.BytesIO(download(ego, "gexf")[1]))
    assert H.number_of_edges() == G.number_of_edges()
    assert H.nodes["institution:河北农业大学"]["label"] == "河北农业大学"
    name, data = download(ego, "csv")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert name == "network.zip"
    assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
    rows = list(csv.reader(io.StringIO(archive.read("nodes.csv").decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "label", "kind"]
    assert len(rows) == 10
    edges = list(csv.reader(io.StringIO(archive.read("edges.csv").decode("utf-8-sig"))))
    assert len(edges) == 1 + G.number_of_edges()
