"""Network analytics on small hand-made graphs whose answers are known."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from graph import analytics
from graph.analytics_cache import cache_path, cached
from graph.betweenness import Budget, betweenness
from graph.louvain import louvain
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore
from tests.conftest import prov, small_batch
from tests.graph.stores.conftest import open_test_neo4j

COOP = "COOPERATES_WITH"


def graph_of(edges: list[tuple[str, str, int | None]], *, extra: list[str] = ()) -> nx.MultiDiGraph:
    """Cooperation edges (u, v, year); ids starting with e are enterprises, i institutions."""
    G = nx.MultiDiGraph()
    for u in {n for e in edges for n in e[:2]} | set(extra):
        kind = "Enterprise" if u.startswith("e") else "Institution"
        G.add_node(u, kind=kind, name=u.upper())
    for u, v, year in edges:
        data = {"kind": COOP}
        if year is not None:
            data["year"] = year
        G.add_edge(u, v, **data)
    return G


def locate(G: nx.MultiDiGraph, node: str, region: str) -> None:
    if region not in G:
        G.add_node(region, kind="Region", name=region)
    G.add_edge(node, region, kind="LOCATED_IN")


def part_of(G: nx.MultiDiGraph, child: str, parent: str) -> None:
    for r in (child, parent):
        if r not in G:
            G.add_node(r, kind="Region", name=r)
    G.add_edge(child, parent, kind="PART_OF")


def test_isolated_enterprises_have_no_cooperation_edge() -> None:
    G = graph_of([("e1", "i1", 2020)], extra=["e2", "i9"])
    G.add_edge("e2", "i9", kind="IN_INDUSTRY")  # not a partner
    assert analytics.isolated_enterprises(G) == ["e2"]


def test_the_middle_of_a_path_is_the_broker() -> None:
    # e1 - i1 - e2 - i2: i1 and e2 lie on paths, the ends do not.
    G = graph_of([("e1", "i1", 2020), ("i1", "e2", 2020), ("e2", "i2", 2020)])
    found = analytics.brokers(G)
    assert {s.id for s in found} == {"i1", "e2"}
    assert found[0].betweenness == pytest.approx(2 / 3)
    ends = {s.id: s for s in analytics.centrality(G)}
    assert ends["e1"].betweenness == 0
    assert ends["e1"].degree == 1


def test_bridges_to_beijing_tianjin_through_the_region_tree() -> None:
    G = graph_of([("e1", "i1", 2019), ("i1", "e2", 2020), ("e2", "i2", 2021), ("e3", "i3", 2020)])
    part_of(G, "region:1101", "region:11")
    part_of(G, "region:371603", "region:3716")
    locate(G, "i2", "region:1101")  # a Beijing institution
    locate(G, "i3", "region:12")  # a Tianjin one nobody from the district reaches
    for e in ("e1", "e2"):
        locate(G, e, "region:371603")
    report = analytics.bridges_to_region(G)
    assert report.sources == 2
    assert report.targets == ["i2", "i3"]
    assert report.direct == [("e2", "i2")]
    assert report.reachable == ["i2"]
    assert [s.id for s in report.brokers] == ["e2", "i1"]  # e2 carries both paths, i1 one


def test_bridges_before_the_link_existed() -> None:
    G = graph_of([("e1", "i1", 2019), ("e1", "i2", 2021)])
    locate(G, "i2", "region:11")
    assert analytics.bridges_to_region(G, until=2020).reachable == []
    assert analytics.bridges_to_region(G, until=2021).direct == [("e1", "i2")]


def test_two_triangles_are_two_communities() -> None:
    edges = [("e1", "e2", 2020), ("e2", "i1", 2020), ("i1", "e1", 2020)]
    edges += [("e3", "e4", 2020), ("e4", "i2", 2020), ("i2", "e3", 2020), ("i1", "i2", 2020)]
    found = analytics.communities(graph_of(edges, extra=["e9"]), seed=1)
    assert sorted(found) == [["e1", "e2", "i1"], ["e3", "e4", "i2"]]
    assert analytics.communities(graph_of([], extra=["e1"])) == []


def test_communities_are_reproducible_with_a_seed() -> None:
    G = nx.les_miserables_graph()
    M = nx.MultiDiGraph()
    M.add_nodes_from((u, {"kind": "Institution", "name": u}) for u in G)
    M.add_edges_from((u, v, {"kind": COOP}) for u, v in G.edges())
    assert analytics.communities(M, seed=7) == analytics.communities(M, seed=7)


def test_changes_between_years() -> None:
    G = graph_of(
        [("e1", "i1", 2019), ("e2", "i1", 2020), ("e2", "e3", 2020), ("e4", "i1", None)],
    )
    found = analytics.changes(G, before=2019, after=2020)
    assert found.newly_connected == ["e2", "e3"]
    assert found.newly_isolated == []
    assert found.undated_edges == 1
    assert (found.edges_before, found.edges_after) == (2, 4)  # the undated edge counts in both
    assert found.brokers_before == ["i1"]
    assert found.brokers_after[0] == "i1"
    assert "e2" in found.brokers_after


def test_dated_only_leaves_out_undated_edges() -> None:
    G = graph_of([("e1", "i1", None)])
    assert analytics.cooperation_graph(G, until=2020).number_of_edges() == 1
    assert analytics.cooperation_graph(G, dated_only=True).number_of_edges() == 0


def test_network_graph_reads_edge_years_from_the_store() -> None:
    with EmbeddedStore(":memory:") as store:
        store.upsert(small_batch())
        G = analytics.network_graph(store)
    years = sorted((d.get("year") or 0) for _, _, d in G.edges(data=True) if d["kind"] == COOP)
    assert years == [0, 0, 2021]
    # Undated edges count in every year; dated ones only from their year.
    assert analytics.isolated_enterprises(G, until=2020) == []
    assert analytics.cooperation_graph(G, until=2020, dated_only=True).number_of_edges() == 0
    assert analytics.cooperation_graph(G, until=2021, dated_only=True).number_of_edges() == 1


@pytest.mark.parametrize(
    ("data", "year"),
    [({"year": 2020}, 2020), ({"properties": {"since": "2019-05-01"}}, 2019), ({}, None)],
)
def test_edge_year(data: dict[str, object], year: int | None) -> None:
    assert analytics.edge_year(data) == year


def test_bridges_to_one_institution() -> None:
    # e1 - i1 - e2 - i2 and e3 - i2: to reach i2 the district goes through e2 (and i1).
    G = graph_of([("e1", "i1", 2020), ("i1", "e2", 2020), ("e2", "i2", 2020), ("e3", "i2", 2020)])
    report = analytics.bridges_to_nodes(G, ["i2"], home=None)
    assert report.sources == 3
    assert sorted(report.direct) == [("e2", "i2"), ("e3", "i2")]
    assert [s.id for s in report.brokers] == ["e2", "i1"]


# -- large networks: sampled betweenness, the budget, the cache ----------------------------------


def test_small_networks_are_exact_and_equal_networkx() -> None:
    G = nx.gnm_random_graph(120, 260, seed=3)
    found = betweenness(G)
    expected = nx.betweenness_centrality(G)
    assert found.exact
    assert all(found.values[u] == pytest.approx(expected[u]) for u in G)


def test_a_sample_estimates_betweenness_within_its_stated_error() -> None:
    G = nx.barabasi_albert_graph(600, 2, seed=1)
    exact = nx.betweenness_centrality(G)
    budget = Budget()
    found = betweenness(G, sample=300, exact_up_to=100, seed=7, budget=budget)
    assert not found.exact
    assert found.sources == 300
    top = sorted(exact, key=exact.__getitem__, reverse=True)[:5]
    for u in top:  # within four standard errors
        assert abs(found.values[u] - exact[u]) <= 4 * found.stderr[u] + 1e-9, u
    assert "抽样估计" in budget.notes[0]
    again = betweenness(G, sample=300, exact_up_to=100, seed=7)
    assert again.values == found.values  # the seed fixes the sample


def test_a_spent_budget_answers_with_the_batches_done_and_says_so() -> None:
    G = nx.barabasi_albert_graph(600, 2, seed=1)
    seen: list[tuple[int, int]] = []
    budget = Budget(seconds=0.0, progress=lambda done, total: seen.append((done, total)))
    found = betweenness(G, sample=300, exact_up_to=100, budget=budget)
    assert found.sources == seen[-1][0] < 300  # two batches, then the deadline
    assert all(found.stderr[u] > 0 for u in found.stderr)
    assert budget.stopped
    assert any("时间预算" in note for note in budget.notes)


def test_results_are_cached_per_generation(tmp_path: Path) -> None:
    calls: list[int] = []

    def compute(budget: Budget) -> list[str]:
        calls.append(1)
        return analytics.isolated_enterprises(analytics.network_graph(store))

    with EmbeddedStore(tmp_path / "g.db") as store:
        store.upsert(small_batch())
        first = cached(store, "isolated", {}, list[str], compute)
        second = cached(store, "isolated", {}, list[str], compute)
        assert (first.hit, second.hit, second.value, len(calls)) == (False, True, first.value, 1)
        assert cache_path(store) == tmp_path / "g.db.analytics.json"
        store.upsert(
            GraphBatch(nodes=[Node.create(NodeKind.ENTERPRISE, "新企业", provenance=[prov()])])
        )
        third = cached(store, "isolated", {}, list[str], compute)
        assert not third.hit
        assert "enterprise:新企业" in third.value
    with EmbeddedStore(tmp_path / "g.db") as store:  # a restart reads the file
        assert cached(store, "isolated", {}, list[str], compute).hit
    assert len(calls) == 2


def test_an_empty_graph_has_no_brokers_communities_or_isolated() -> None:
    G = nx.MultiDiGraph()
    assert analytics.brokers(G) == []
    assert analytics.centrality(G) == []
    assert analytics.communities(G) == []
    assert analytics.isolated_enterprises(G) == []
    assert analytics.bridges_to_region(G).brokers == []


def network_batch() -> GraphBatch:
    """The small graph, with a district, Beijing and a third enterprise joining the two."""
    batch = small_batch()
    e1, e2, i1, i2 = batch.nodes[:4]
    home = Node.create(NodeKind.REGION, "沾化区", key="371603", provenance=[prov()])
    beijing = Node.create(NodeKind.REGION, "北京市", key="11", provenance=[prov()])
    e3 = Node.create(NodeKind.ENTERPRISE, "鲁北化工", provenance=[prov()])
    lonely = Node.create(NodeKind.ENTERPRISE, "孤立企业", provenance=[prov()])
    year = {"year": 2023}
    edges = [
        Edge(kind=EdgeKind.LOCATED_IN, source=e1.id, target=home.id, provenance=[prov()]),
        Edge(kind=EdgeKind.LOCATED_IN, source=e2.id, target=home.id, provenance=[prov()]),
        Edge(kind=EdgeKind.LOCATED_IN, source=i2.id, target=beijing.id, provenance=[prov()]),
        Edge(
            kind=EdgeKind.COOPERATES_WITH,
            source=e3.id,
            target=i2.id,
            properties=year,
            provenance=[prov()],
        ),
        Edge(kind=EdgeKind.COOPERATES_WITH, source=e3.id, target=i1.id, provenance=[prov()]),
    ]
    return GraphBatch(nodes=[*batch.nodes, home, beijing, e3, lonely], edges=[*batch.edges, *edges])


def every_analysis(store: GraphStore) -> dict[str, object]:
    """Each analysis of the store's network, as plain data."""
    G = analytics.network_graph(store)
    return {
        "isolated": analytics.isolated_enterprises(G),
        "isolated_2022": analytics.isolated_enterprises(G, until=2022),
        "brokers": [s.model_dump() for s in analytics.brokers(G)],
        "centrality": [s.model_dump() for s in analytics.centrality(G, until=2022)],
        "bridges": analytics.bridges_to_region(G, home="region:371603").model_dump(),
        "communities": analytics.communities(G),
        "changes": analytics.changes(G, before=2021, after=2023).model_dump(),
    }


@pytest.mark.neo4j
def test_on_neo4j_search_and_analytics_read_no_whole_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = network_batch()
    with EmbeddedStore(tmp_path / "g.db") as reference:
        reference.upsert(batch)
        expected = every_analysis(reference)
    store = open_test_neo4j()
    try:
        store.upsert(batch)

        def whole_graph(*args: object, **kwargs: object) -> None:
            raise AssertionError("a whole-graph read")

        every_edge = Neo4jStore.iter_edges

        def iter_edges(self: Neo4jStore, *, kind: EdgeKind | None = None) -> Iterator[Edge]:
            if kind is None:
                whole_graph()
            return every_edge(self, kind=kind)

        monkeypatch.setattr(Neo4jStore, "to_networkx", whole_graph)
        monkeypatch.setattr(Neo4jStore, "iter_edges", iter_edges)
        assert [n.name for n in store.find_nodes(q="化工").items] == [
            "化工",
            "华升化工",
            "鲁北化工",
        ]
        assert every_analysis(store) == expected
    finally:
        store.close()
    assert expected["isolated"] == ["enterprise:孤立企业"]
    assert expected["bridges"]["reachable"]  # type: ignore[index]


def test_large_networks_use_igraph_louvain_reproducibly_and_find_planted_groups() -> None:
    G = nx.ring_of_cliques(30, 6)
    found = sorted(sorted(c) for c in louvain(G, seed=3))
    assert found == sorted(sorted(c) for c in louvain(G, seed=3))
    assert found == sorted(sorted(range(i * 6, i * 6 + 6)) for i in range(30))
