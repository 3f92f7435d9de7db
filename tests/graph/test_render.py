"""The network page: self-contained, escaped, laid out, aggregated when large; notebook display."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.render import AGGREGATE_ABOVE, PHYSICS_MAX_NODES, layout, notebook_html, render_html
from graph.render.aggregate import aggregate
from graph.render.csp import source_hash
from graph.render.data import safe_json
from graph.render.html import view_policy
from graph.stores.base import node_attributes
from graph.stores.embedded import EmbeddedStore
from tests.conftest import small_batch

DATA = re.compile(r'<script type="application/json" id="ttkg-data">(.*?)</script>', re.S)
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</script><!--", "a\u2028b"]


def data_of(page: str) -> dict[str, Any]:
    match = DATA.search(page)
    assert match is not None
    value: dict[str, Any] = json.loads(match.group(1))
    return value


def store_graph() -> nx.MultiDiGraph:
    store = EmbeddedStore(":memory:")
    store.open()
    store.upsert(small_batch())
    return store.subgraph([n.id for n in small_batch().nodes], depth=0)


def test_page_requests_nothing_from_the_network() -> None:
    page = render_html(store_graph())
    scripts = re.findall(r"<script\b([^>]*)>.*?</script>", page, re.S)
    assert scripts == [' type="application/json" id="ttkg-data"', "", ""]  # all inline
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page, flags=re.S)
    assert not re.search(r"<(link|img|iframe|object|embed)\b", markup)
    assert not re.search(r"\b(src|href)=", markup)
    assert "cdn.jsdelivr" not in page
    assert "default-src 'none'" in page  # the page's own CSP forbids any fetch as well
    assert not re.search(r"url\((?!\"?data:)", page)  # CSS only embeds data: images


def test_page_policy_allows_its_own_scripts_and_styles_by_hash_only() -> None:
    page = render_html(store_graph())
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert meta is not None
    policy = dict(part.split(" ", 1) for part in meta[1].split("; "))
    assert "unsafe" not in meta[1]
    assert policy["default-src"] == "'none'"
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert policy["script-src"].split() == [source_hash(body) for body in inline]
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert policy["style-src"].split() == [source_hash(body) for body in styles]
    assert policy == view_policy()


def test_page_carries_facts_provenance_and_kinds() -> None:
    data = data_of(render_html(store_graph()))
    assert data["mode"] == "graph"
    rows = {row[0]: row for row in data["nodes"]}
    i = list(rows).index("enterprise:华升化工")
    info = data["info"][i]
    assert info["aliases"] == ["滨州华升化工有限公司"]
    assert info["facts"] == [
        ["从业人员（人）", "120", "employees"],
        ["所属产业", "化工", "industry"],
    ]
    assert info["provenance"][0]["locator"] == "row 2"
    assert [k[0] for k in data["kinds"]] == ["Enterprise", "Institution", "Industry"]  # model order
    assert {k[1] for k in data["edgeKinds"]} == {"合作", "所属产业"}
    assert data["meta"]["options"]["physics"]["enabled"] is True
    assert data["meta"]["edgeLabels"] is True


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_strings_stay_data(name: str) -> None:
    G = nx.MultiDiGraph()
    G.add_node(name, kind="Enterprise", name=name, aliases=[name], properties={"note": name})
    G.add_node("b", kind=name, name="b")
    G.add_edge(name, "b", kind=name)
    page = render_html(G, title=name)
    block = DATA.search(page)
    assert block is not None
    assert not re.search(r"[<>&\u2028\u2029]", block.group(1))
    if "<" in name:
        assert name not in page[: block.start()]  # the title and heading are escaped
    data = data_of(page)
    assert data["nodes"][0][1] == name
    assert data["meta"]["title"] == name


@given(st.text())
def test_safe_json_round_trips_any_text(text: str) -> None:
    encoded = safe_json({"s": text})
    assert json.loads(encoded) == {"s": text}
    assert not re.search(r"[<>&\u2028\u2029]", encoded)


def test_plain_networkx_graphs_render_with_ids_as_names() -> None:
    data = data_of(render_html(nx.karate_club_graph()))
    assert len(data["nodes"]) == 34
    assert data["nodes"][0][1] == "0"
    assert data["kinds"][0][:2] == ["Other", "其他"]


def test_layout_is_finite_deterministic_and_spreads_nodes() -> None:
    G = nx.barabasi_albert_graph(400, 2, seed=3)
    G.add_nodes_from(range(400, 420))  # isolated nodes
    G.add_edge(500, 501)  # a separate pair
    first, second = layout(G), layout(G)
    assert first == second
    xy = np.array([first[u] for u in G])
    assert np.isfinite(xy).all()
    distances = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(distances, np.inf)
    assert distances.min() > 1.0  # no two nodes on top of each other


def test_large_graphs_lose_physics_then_aggregate() -> None:
    big = nx.empty_graph(PHYSICS_MAX_NODES + 1)
    data = data_of(render_html(big))
    assert data["mode"] == "graph"
    assert data["meta"]["options"]["physics"]["enabled"] is False
    huge = nx.MultiDiGraph()
    for u in range(AGGREGATE_ABOVE + 1):
        huge.add_node(u, kind="Enterprise" if u % 3 else "Institution", name=f"单位{u}")
    huge.add_node("ind", kind="Industry", name="化工")
    for u in range(0, AGGREGATE_ABOVE, 2):
        huge.add_edge(u, "ind", kind="IN_INDUSTRY")
    data = data_of(render_html(huge))
    assert data["mode"] == "aggregate"
    assert data["total"]["nodes"] == AGGREGATE_ABOVE + 2
    assert len(data["members"]) == AGGREGATE_ABOVE + 2
    labels = sorted(row[1] for row in data["nodes"])
    assert len(labels) == 5
    assert any(label.startswith("企业 · 化工 (") for label in labels)


def test_aggregate_counts_edges_between_groups() -> None:
    G = store_graph()
    groups, edges = aggregate(G)
    keys = [(g.kind, g.industry, g.count) for g in groups]
    assert ("Enterprise", "化工", 1) in keys
    assert ("Enterprise", "", 1) in keys
    assert sum(n for *_, n in edges) + sum(g.internal_edges for g in groups) == 4


def test_render_writes_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    render_html(store_graph())
    render_html(nx.path_graph(5), aggregate=True)
    assert list(tmp_path.iterdir()) == []


def test_notebook_html_is_an_escaped_srcdoc_iframe() -> None:
    G = nx.MultiDiGraph()
    G.add_node("x", name='"><script>alert(1)</script>', kind="Enterprise")
    shown = notebook_html(G, height=400)
    text = shown.data
    assert text.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert text.count("<") == 4  # the div's and the iframe's own tags
    assert 'height="400"' in text
    assert 'sandbox="allow-scripts allow-downloads"' in text


def test_node_attributes_from_a_store_are_what_the_page_expects() -> None:
    node = small_batch().nodes[0]
    assert set(node_attributes(node)) == {"kind", "name", "aliases", "properties", "provenance"}


def test_display_in_a_real_kernel_shows_the_page_inline() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    code = (
        "import networkx as nx\n"
        "from graph.render import display\n"
        "G = nx.MultiDiGraph()\n"
        "G.add_node('e', kind='Enterprise', name='华升化工')\n"
        "display(G, height=300)"
    )
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    outputs = notebook.cells[0].outputs
    assert [o["output_type"] for o in outputs] == ["display_data"]
    shown = outputs[0]["data"]["text/html"]
    assert shown.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "华升化工" in shown


def test_page_labels_follow_the_language_of_the_render() -> None:
    from graph.i18n import use_language
    from graph.render.fields import field_label

    with use_language("en"):
        page = render_html(store_graph())
        assert field_label("rd_expense_2018") == "R&D expense (2018, 10k yuan)"
    assert '<html lang="en">' in page
    assert "Search (name or alias)" in page
    assert data_of(page)["meta"]["text"]["节点数"] == "Nodes"
    chinese = render_html(store_graph())
    assert "搜索（名称或别名）" in chinese
    assert field_label("rd_expense_2018") == "研发费用（2018年，万元）"
