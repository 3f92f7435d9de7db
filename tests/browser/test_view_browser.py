"""The network view in a real headless Chromium with the network cut off."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.main import create_app
from graph.render import AGGREGATE_ABOVE, render_html
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.browser.conftest import HOSTILE, Opened, district_batch, open_page, store_graph

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def district() -> nx.MultiDiGraph:
    return store_graph(district_batch())


@pytest.fixture(scope="module")
def view(browser: Any, district: nx.MultiDiGraph) -> Iterator[Opened]:
    """The district page, loaded once for the tests that only read or search it."""
    opened = open_page(browser, render_html(district, title="滨州 " + HOSTILE[1]))
    yield opened
    opened.page.context.close()


def test_page_draws_every_node_and_asks_for_nothing(view: Opened, district: Any) -> None:
    assert view.drawn() == district.number_of_nodes()
    assert view.page.evaluate("window.ttkgView.network.body.edgeIndices.length") == (
        district.number_of_edges()
    )
    assert view.blocked == []
    assert view.errors == []


def test_search_focuses_by_chinese_name_and_by_alias(view: Opened) -> None:
    assert view.search("华升化工") == "enterprise:华升化工"
    assert view.page.evaluate("window.ttkgView.network.getSelectedNodes().length") == 1
    assert view.page.inner_text("#ttkg-details h2") == "华升化工"
    assert view.search("河北农大") == "institution:河北农业大学"
    assert view.search("测企042") == "enterprise:滨州测试企业042有限公司"
    assert view.search("滨州华升化工有限公司") == "enterprise:华升化工"


def test_details_panel_shows_facts_provenance_and_neighbours(view: Opened) -> None:
    view.search("华升化工")
    panel = view.page.inner_text("#ttkg-details")
    assert "从业人员（人）\n120" in panel  # facts labelled in Chinese with their units
    assert "employees" not in panel
    assert "tests · row 2" in panel  # provenance: source and locator
    assert "河北农业大学" in panel  # a neighbour
    view.page.click("#ttkg-details button.ttkg-link >> text=河北农业大学")
    assert view.page.evaluate("window.ttkgView.focused") == "institution:河北农业大学"


def test_clicking_a_node_on_the_canvas_opens_its_details(view: Opened) -> None:
    view.search("中国农大")
    x, y = node_on_screen(view, "institution:中国农业大学")
    view.page.click("#ttkg-search")  # blur the search box, keep the view where it is
    view.page.mouse.click(x, y)
    assert view.page.inner_text("#ttkg-details h2") == "中国农业大学"


def test_filters_hide_a_kind_and_bring_it_back(view: Opened, district: Any) -> None:
    institutions = sum(1 for _, k in district.nodes(data="kind") if k == "Institution")
    box = "#ttkg-legend-nodes input[data-kind='Institution']"
    view.page.uncheck(box)
    assert view.drawn() == district.number_of_nodes() - institutions
    view.page.check(box)
    assert view.drawn() == district.number_of_nodes()
    edges = "window.ttkgView.network.body.edgeIndices.length"
    before = view.page.evaluate(edges)
    view.page.uncheck("#ttkg-legend-edges input[data-kind='IN_INDUSTRY']")
    assert view.page.evaluate(edges) < before
    view.page.check("#ttkg-legend-edges input[data-kind='IN_INDUSTRY']")
    assert view.page.evaluate(edges) == before


def test_screenshot_shows_the_graph_and_png_export_works(view: Opened) -> None:
    view.page.click("#ttkg-fit")
    shot = Image.open(io.BytesIO(view.page.locator("#ttkg-canvas").screenshot())).convert("L")
    inked = sum(1 for p in shot.get_flattened_data() if p < 235)
    assert inked > 5_000  # a blank canvas has none
    url = view.page.evaluate("window.ttkgView.pngDataUrl()")
    assert url.startswith("data:image/png;base64,")
    assert len(url) > 10_000


def test_physics_toggle_switches_the_simulation(view: Opened) -> None:
    assert view.page.is_checked("#ttkg-physics")
    view.page.uncheck("#ttkg-physics")
    assert view.page.evaluate("window.ttkgView.network.physics.options.enabled") is False
    view.page.check("#ttkg-physics")
    assert view.page.evaluate("window.ttkgView.network.physics.options.enabled") is True


def test_hostile_names_stay_text_in_every_field(view: Opened) -> None:
    page = view.page
    assert page.title() == "滨州 " + HOSTILE[1]
    assert page.inner_text("#ttkg-title") == "滨州 " + HOSTILE[1]
    for name in HOSTILE:
        page.fill("#ttkg-search", name[:6])
        assert name in page.inner_text("#ttkg-results")  # search results
        page.fill("#ttkg-search", name + "别名")
        page.press("#ttkg-search", "Enter")  # found by alias: details panel
        panel = page.inner_text("#ttkg-details")
        assert name in panel
        assert name + "别名" in panel
        x, y = node_on_screen(view, page.evaluate("window.ttkgView.focused"))
        page.mouse.move(x, y)  # tooltip
        tooltip = page.wait_for_selector("div.vis-tooltip", state="visible")
        assert tooltip is not None
        assert name in tooltip.inner_text()
        page.mouse.move(5, 5)
    injected = page.evaluate(
        "document.querySelectorAll('img, iframe, object, embed').length + document.scripts.length"
    )
    assert injected == 3  # the page's own three scripts, nothing else
    assert page.evaluate("window.__xss") == 0
    assert view.blocked == []
    assert view.errors == []


def test_page_works_under_its_own_content_security_policy(browser: Any, district: Any) -> None:
    opened = open_page(browser, render_html(district), csp=True)
    try:
        assert opened.drawn() == district.number_of_nodes()
        assert opened.search("中国农大") == "institution:中国农业大学"  # details panel
        x, y = node_on_screen(opened, "institution:中国农业大学")
        opened.page.mouse.move(x, y)
        assert opened.page.wait_for_selector("div.vis-tooltip", state="visible") is not None
        assert opened.page.evaluate("window.ttkgView.pngDataUrl()").startswith("data:image/png")
        assert opened.errors == []  # nothing the CSP refused
        assert opened.blocked == []
        # ... and it refuses what the page did not bring: its policy allows no inline code.
        ran = opened.page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.__xss += 1";
                document.body.appendChild(script);
                return window.__xss;
            }"""
        )
        assert ran == 0
        assert any("Content Security Policy" in error for error in opened.errors)
    finally:
        opened.page.context.close()


def test_large_graphs_are_drawn_static_and_huge_ones_aggregated(browser: Any) -> None:
    G = nx.barabasi_albert_graph(1_500, 2, seed=1)
    nx.set_node_attributes(G, {u: f"企业{u}" for u in G}, "name")
    opened = open_page(browser, render_html(G))
    try:
        assert opened.drawn() == 1_500
        assert opened.page.evaluate("window.ttkgView.network.physics.options.enabled") is False
        assert opened.search("企业77") == "77"
    finally:
        opened.page.context.close()

    huge = nx.barabasi_albert_graph(AGGREGATE_ABOVE + 200, 1, seed=2)
    kinds = ["Enterprise", "Institution", "Platform"]
    for u in huge:
        huge.nodes[u].update(kind=kinds[u % 3], name=f"单位{u}")
    page = render_html(huge)
    opened = open_page(browser, page)
    try:
        assert opened.drawn() == 3  # one group per kind, not 3,200 nodes
        assert opened.search("单位1234") == "Institution|"
        assert opened.page.evaluate("window.ttkgView.focusedMember") == "1234"
        assert "单位1234" in opened.page.inner_text("#ttkg-details")
        assert opened.errors == []
        assert opened.blocked == []
    finally:
        opened.page.context.close()


def test_ego_view_from_the_api_focuses_its_node(browser: Any, tmp_path: Any) -> None:
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    store.upsert(district_batch(enterprises=20))
    with TestClient(create_app(Settings(store=store.uri), store=store)) as client:
        html = client.get("/views/ego/" + quote("institution:河北农业大学", safe="")).text
    store.close()
    opened = open_page(browser, html)
    try:
        assert opened.page.evaluate("window.ttkgView.focused") == "institution:河北农业大学"
        assert opened.page.inner_text("#ttkg-details h2") == "河北农业大学"
        link = opened.page.get_attribute("#ttkg-details a", "href")
        assert link == "/views/ego/" + quote("institution:河北农业大学", safe="")
        assert opened.errors == []
        assert opened.blocked == []
    finally:
        opened.page.context.close()


def node_on_screen(view: Opened, node_id: str) -> tuple[float, float]:
    """Page coordinates of a node's centre."""
    point: dict[str, float] = view.page.evaluate(
        """(id) => {
            const v = window.ttkgView, n = v.network;
            n.stopSimulation();  // hold the picture still while the mouse moves there
            const index = v.nodes.getIds().find((i) => v.nodes.get(i).nid === id);
            const p = n.canvasToDOM(n.getPosition(index));
            const box = document.querySelector('#ttkg-canvas canvas').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        node_id,
    )
    return point["x"], point["y"]


@pytest.mark.parametrize("size", [0, 1])
def test_empty_and_single_node_views_still_load(browser: Any, size: int) -> None:
    G = nx.MultiDiGraph()
    G.add_nodes_from((f"n{i}", {"name": "孤点", "kind": "Enterprise"}) for i in range(size))
    opened = open_page(browser, render_html(G))
    try:
        assert opened.drawn() == size
        summary = opened.page.inner_text("#ttkg-summary")
        assert summary == ("没有符合条件的节点" if size == 0 else "1 个节点、0 条关系")
        assert opened.errors == []
    finally:
        opened.page.context.close()


def test_hostile_kinds_stay_text_in_the_legend(browser: Any) -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", kind=HOSTILE[0], name=HOSTILE[1])
    G.add_node("b", kind="Enterprise", name="华升化工")
    G.add_edge("a", "b", kind=HOSTILE[1])
    opened = open_page(browser, render_html(G, title=HOSTILE[0]))
    try:
        assert HOSTILE[0] in opened.page.inner_text("#ttkg-legend-nodes")
        assert HOSTILE[1] in opened.page.inner_text("#ttkg-legend-edges")
        assert opened.page.title() == HOSTILE[0]
        assert opened.search("script") == "a"
        assert opened.page.inner_text("#ttkg-details h2") == HOSTILE[1]
        assert opened.page.evaluate("document.querySelectorAll('img').length") == 0
        assert opened.page.evaluate("document.scripts.length") == 3
        assert opened.page.evaluate("window.__xss") == 0
        assert opened.blocked == []
        assert opened.errors == []
    finally:
        opened.page.context.close()
