"""Pages of groups read from a store as counts: the same groups as the in-memory aggregate,
example data counted per group, members and search on demand, pages that stay small."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind
from graph.render.aggregate import Overview, aggregate
from graph.render.html import AGGREGATE_ABOVE, render_overview
from graph.render.overview import network_overview, network_view
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.api.test_views_api import page_data
from tests.conftest import prov

FIRMS = AGGREGATE_ABOVE + 300


def large_batch(firms: int = FIRMS) -> GraphBatch:
    """Firms in two industries (every third one example data), cooperating with institutions."""
    real = prov(synthetic=False)
    industries = [Node.create(NodeKind.INDUSTRY, n, provenance=[real]) for n in ("化工", "冬枣")]
    schools = [Node.create(NodeKind.INSTITUTION, f"研究院{k}", provenance=[real]) for k in range(4)]
    batch = GraphBatch(nodes=[*industries, *schools])
    for i in range(firms):
        firm = Node.create(
            NodeKind.ENTERPRISE,
            f"测试企业{i:05d}",
            aliases=[f"测企{i:05d}"],
            provenance=[prov(f"row {i}", synthetic=i % 3 == 0)],
        )
        batch.nodes.append(firm)
        batch.edges.append(
            Edge(
                kind=EdgeKind.IN_INDUSTRY,
                source=firm.id,
                target=industries[i % 2].id,
                provenance=[real],
            )
        )
        for k in range(i % 4):  # firm i has i % 4 partners: the best-connected come first
            batch.edges.append(
                Edge(
                    kind=EdgeKind.COOPERATES_WITH,
                    source=firm.id,
                    target=schools[k].id,
                    provenance=[real],
                )
            )
    return batch


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(":memory:")
    s.open()
    s.upsert(large_batch())
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=store.uri), store=store)) as c:
        yield c


def test_store_overview_has_the_groups_of_the_in_memory_aggregate(store: EmbeddedStore) -> None:
    ov = network_overview(store)
    groups, edges = aggregate(store.to_networkx())
    assert [(g.kind, g.industry, g.count, g.internal_edges) for g in ov.groups] == [
        (g.kind, g.industry, g.count, g.internal_edges) for g in groups
    ]
    assert ov.edges == edges
    assert [g.top for g in ov.groups] == [g.top for g in groups]
    chem = next(g for g in ov.groups if (g.kind, g.industry) == ("Enterprise", "化工"))
    assert chem.count == FIRMS // 2
    assert chem.synthetic == chem.synthetic_all == len(range(0, FIRMS, 6))
    assert ov.synthetic_nodes == len(range(0, FIRMS, 3))


def test_filters_and_limit_keep_the_best_connected(store: EmbeddedStore) -> None:
    ov = network_overview(store, kinds=[NodeKind.ENTERPRISE], industry="冬枣")
    assert [(g.kind, g.industry) for g in ov.groups] == [("Enterprise", "冬枣")]
    assert ov.total_nodes == FIRMS // 2
    few = network_overview(store, limit=100)
    assert few.total_nodes == 100
    degrees = dict(store.to_networkx().degree())
    kept = [u for g in few.groups if g.kind == "Enterprise" for u in g.members]
    assert min(degrees[u] for u in kept) == 4  # i % 4 == 3: three partners and an industry


def test_small_views_stay_node_views_large_ones_become_groups(store: EmbeddedStore) -> None:
    small = network_view(store, kinds=[NodeKind.INSTITUTION])
    assert isinstance(small, nx.MultiDiGraph)
    assert small.number_of_nodes() == 4
    assert small.nodes["institution:研究院0"]["provenance"]  # a store subgraph, with provenance
    large = network_view(store)
    assert isinstance(large, Overview)
    assert len(large.groups) == 5


def test_served_page_of_groups_carries_counts_not_members(client: TestClient) -> None:
    response = client.get("/views/network")
    assert response.status_code == 200
    data = page_data(response.text)
    assert data["mode"] == "aggregate"
    assert data["members"] == []
    assert data["synthetic"]["nodes"] == len(range(0, FIRMS, 3))
    assert data["communities"] >= 1
    assert "connect-src 'self'" in response.headers["content-security-policy"]
    marks = {row[1]: row[6] for row in data["nodes"]}
    assert marks["企业 · 化工 (1650)"] == 1  # some members are example data
    assert data["meta"]["api"]["members"].startswith("/views/network/members?")


def test_members_come_a_page_at_a_time_best_connected_first(client: TestClient) -> None:
    url = "/views/network/members"
    first = client.get(url, params={"group": "Enterprise|化工", "size": 10}).json()
    again = client.get(url, params={"group": "Enterprise|化工", "size": 10, "offset": 10}).json()
    assert first["total"] == FIRMS // 2
    assert len(first["items"]) == len(again["items"]) == 10
    assert not {m["id"] for m in first["items"]} & {m["id"] for m in again["items"]}
    assert first["items"][0]["name"] == "测试企业00002"  # 2 partners: the most in 化工 (even i)
    assert client.get(url, params={"group": "Enterprise|无此产业"}).status_code == 404
    assert client.get(url, params={"group": "Enterprise|化工", "size": 501}).status_code == 422


def test_search_asks_the_name_index_and_names_the_group(client: TestClient) -> None:
    hits = client.get("/views/network/search", params={"q": "测企00007"}).json()["items"]
    assert hits[0]["id"].startswith("enterprise:")
    assert (hits[0]["name"], hits[0]["group"]) == ("测试企业00007", "Enterprise|冬枣")
    assert client.get("/views/network/search", params={"q": "x" * 1000}).status_code == 422
    punct = client.get("/views/network/search", params={"q": "！？。"})
    assert punct.status_code == 200
    assert punct.json()["items"] == []


def test_offline_page_inlines_a_bounded_set_and_says_how_many_stay_out(
    store: EmbeddedStore,
) -> None:
    data = page_data(render_overview(network_overview(store), members_inline=500))
    assert len(data["members"]) == 500
    assert data["membersLeftOut"] == FIRMS + 6 - 500
    assert data["meta"]["api"] is None
    assert "connect-src" not in render_overview(network_overview(store))


def test_a_kind_of_many_nodes_is_a_small_page(client: TestClient) -> None:
    response = client.get("/views/network", params={"kind": "Enterprise", "limit": 100_000})
    assert response.status_code == 200
    assert len(response.content) < 1_500_000  # vis-network alone is about 0.7 MB
    data = page_data(response.text)
    assert len(data["nodes"]) == 2
    assert data["total"]["nodes"] == FIRMS


def test_node_details_come_from_the_api(client: TestClient) -> None:
    hit = client.get("/views/network/search", params={"q": "测企00006"}).json()["items"][0]
    details = client.get("/views/node/" + quote(hit["id"], safe="")).json()
    assert details["name"] == "测试企业00006"
    assert details["flags"][0].startswith("示例数据")
    assert details["provenance"][0]["locator"] == "row 6"
    assert client.get("/views/node/enterprise%3A%E6%97%A0%E6%AD%A4").status_code == 404
