"""The contract every GraphStore honours; runs once per store in STORE_FACTORIES."""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import InvalidRecord, NodeNotFound
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind
from graph.stores.base import GraphStore
from tests.conftest import prov, small_batch


def snapshot(store: GraphStore) -> tuple[list[Node], list[Edge]]:
    return list(store.iter_nodes()), list(store.iter_edges())


def test_upsert_counts_what_it_adds(store: GraphStore, batch: GraphBatch) -> None:
    summary = store.upsert(batch)
    assert (summary.nodes_added, summary.edges_added) == (5, 4)
    stats = store.stats()
    assert (stats.nodes, stats.edges) == (5, 4)
    assert stats.by_kind == {"Enterprise": 2, "Industry": 1, "Institution": 2}
    assert stats.by_edge_kind == {"COOPERATES_WITH": 3, "IN_INDUSTRY": 1}


def test_loading_twice_equals_loading_once(store: GraphStore) -> None:
    store.upsert(small_batch())
    once = snapshot(store)
    again = store.upsert(small_batch())
    assert again.nodes_added == again.nodes_updated == again.edges_added == 0
    assert (again.nodes_unchanged, again.edges_unchanged) == (5, 4)
    assert snapshot(store) == once


def test_merge_unions_aliases_and_provenance_and_updates_facts(store: GraphStore) -> None:
    store.upsert(small_batch())
    update = Node.create(
        NodeKind.ENTERPRISE,
        "华升化工",
        aliases=["华升"],
        properties={"employees": 130},
        provenance=[prov("row 20", source="second.csv")],
    )
    summary = store.upsert(GraphBatch(nodes=[update]))
    assert summary.nodes_updated == 1
    node = store.get_node(update.id)
    assert set(node.aliases) == {"滨州华升化工有限公司", "华升"}
    assert node.properties == {"employees": 130, "industry": "化工"}
    assert [(p.source, p.locator) for p in node.provenance] == [
        ("tests", "row 2"),
        ("second.csv", "row 20"),
    ]


def test_get_node_and_unknown_id(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    node = store.get_node("enterprise:华升化工")
    assert node == batch.nodes[0]
    with pytest.raises(NodeNotFound, match="enterprise:nobody"):
        store.get_node("enterprise:nobody")
    assert set(store.get_nodes(["enterprise:华升化工", "x:y"])) == {"enterprise:华升化工"}


def test_get_edge(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    edge = batch.edges[0]
    assert store.get_edge(edge.id) == edge
    with pytest.raises(NodeNotFound):
        store.get_edge("a|COOPERATES_WITH|b")


def test_lookup_by_name_and_alias(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    assert [n.id for n in store.lookup("河北农大")] == ["institution:河北农业大学"]
    assert [n.id for n in store.lookup("昶升水产")] == ["enterprise:昶昇水产"]
    latin = store.lookup("  qingdao university of SCIENCE and technology ")
    assert [n.name for n in latin] == ["Qingdao University of Science and Technology"]
    assert store.lookup("河北农大", kind=NodeKind.ENTERPRISE) == []
    assert store.lookup("nobody") == []


def test_find_nodes_by_kind_and_text(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    page = store.find_nodes(kind=NodeKind.INSTITUTION)
    assert page.total == 2
    assert [n.id for n in page.items] == sorted(n.id for n in page.items)
    assert [n.name for n in store.find_nodes(q="华升").items] == ["华升化工"]
    assert [n.name for n in store.find_nodes(q="青岛科技").items] == [
        "Qingdao University of Science and Technology"
    ]
    assert store.find_nodes(q="qingdao").total == 1
    assert store.find_nodes(q="化工").items[0].name == "化工"  # the exact match comes first
    assert store.find_nodes(q="化工", kind=NodeKind.ENTERPRISE).total == 1
    assert store.find_nodes(q="<script>").total == 0


def test_find_nodes_pages(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    first = store.find_nodes(limit=2)
    rest = store.find_nodes(limit=10, offset=2)
    assert first.total == rest.total == 5
    assert len(first.items) == 2
    assert len(rest.items) == 3
    assert {n.id for n in first.items}.isdisjoint(n.id for n in rest.items)


def test_neighbours_by_kind_and_direction(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    out = store.neighbours("enterprise:华升化工", direction="out")
    assert {n.node.id for n in out} == {
        "institution:河北农业大学",
        "institution:qingdao university of science and technology",
        "industry:化工",
    }
    assert all(n.direction == "out" for n in out)
    coop = store.neighbours("enterprise:华升化工", edge_kinds=[EdgeKind.IN_INDUSTRY])
    assert [n.node.id for n in coop] == ["industry:化工"]
    incoming = store.neighbours("institution:河北农业大学", direction="in")
    assert {n.node.id for n in incoming} == {"enterprise:华升化工", "enterprise:昶昇水产"}
    assert store.neighbours("institution:河北农业大学", direction="out") == []
    with pytest.raises(NodeNotFound):
        store.neighbours("enterprise:nobody")


def test_subgraph_k_hops(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    one = store.subgraph(["enterprise:昶昇水产"], depth=1)
    assert set(one) == {"enterprise:昶昇水产", "institution:河北农业大学"}
    two = store.subgraph(["enterprise:昶昇水产"], depth=2)
    assert set(two) == {"enterprise:昶昇水产", "institution:河北农业大学", "enterprise:华升化工"}
    assert two.number_of_edges() == 2
    attrs = two.nodes["enterprise:华升化工"]
    assert attrs["kind"] == "Enterprise"
    assert attrs["aliases"] == ["滨州华升化工有限公司"]
    assert attrs["provenance"][0]["locator"] == "row 2"
    three = store.subgraph(["enterprise:昶昇水产"], depth=3, edge_kinds=[EdgeKind.COOPERATES_WITH])
    assert "industry:化工" not in three
    assert len(three) == 4
    with pytest.raises(NodeNotFound):
        store.subgraph(["enterprise:nobody"])


def test_to_networkx(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    G = store.to_networkx()
    assert (G.number_of_nodes(), G.number_of_edges()) == (5, 4)
    assert G.nodes["industry:化工"]["kind"] == "Industry"
    only = store.to_networkx(kinds=[NodeKind.ENTERPRISE, NodeKind.INDUSTRY])
    assert set(only) == {"enterprise:华升化工", "enterprise:昶昇水产", "industry:化工"}
    assert only.number_of_edges() == 1


def test_provenance_and_properties_round_trip(store: GraphStore) -> None:
    node = Node.create(
        NodeKind.ENTERPRISE,
        "达民化工",
        properties={
            "founded": date(2009, 3, 1),
            "patents": [1, 2, 3],
            "share": 0.125,
            "listed": False,
            "note": "<img src=x onerror=alert(1)>",
            "missing": None,
        },
        provenance=[prov("row 5", source="a.csv", synthetic=False), prov("chars 3-7", source="b")],
    )
    store.upsert(GraphBatch(nodes=[node]))
    back = store.get_node(node.id)
    assert back == node
    assert back.properties["founded"] == date(2009, 3, 1)
    assert [p.synthetic for p in back.provenance] == [False, True]


def test_a_dangling_edge_rejects_the_whole_batch(store: GraphStore, batch: GraphBatch) -> None:
    batch.edges.append(
        Edge(
            kind=EdgeKind.OWNS,
            source="enterprise:华升化工",
            target="platform:nowhere",
            provenance=[prov()],
        )
    )
    with pytest.raises(InvalidRecord, match="platform:nowhere"):
        store.upsert(batch)
    assert store.stats().nodes == 0


def test_edges_may_point_at_stored_nodes(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(GraphBatch(nodes=batch.nodes))
    summary = store.upsert(GraphBatch(edges=batch.edges))
    assert summary.edges_added == 4


def test_duplicates_inside_one_batch_are_merged(store: GraphStore) -> None:
    a = Node.create(NodeKind.INDUSTRY, "水产", aliases=["水产品"], provenance=[prov("row 2")])
    b = Node.create(NodeKind.INDUSTRY, "水产", aliases=["水产养殖"], provenance=[prov("row 3")])
    summary = store.upsert(GraphBatch(nodes=[a, b]))
    assert summary.nodes_added == 1
    assert store.get_node(a.id).aliases == ["水产品", "水产养殖"]


def test_clear(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    store.clear()
    assert store.stats().nodes == 0
    assert store.find_nodes(q="华升").total == 0


def test_iteration_is_in_id_order(store: GraphStore, batch: GraphBatch) -> None:
    store.upsert(batch)
    ids = [n.id for n in store.iter_nodes()]
    assert ids == sorted(ids)
    assert [n.id for n in store.iter_nodes(kind=NodeKind.ENTERPRISE)] == [
        "enterprise:华升化工",
        "enterprise:昶昇水产",
    ]
    edge_ids = [e.id for e in store.iter_edges()]
    assert edge_ids == sorted(edge_ids)
    assert len(edge_ids) == 4


def test_the_generation_moves_with_every_change_and_only_then(
    store: GraphStore, batch: GraphBatch
) -> None:
    start = store.generation()
    store.upsert(batch)
    loaded = store.generation()
    assert loaded != start
    store.upsert(small_batch())  # nothing new: nothing written
    assert store.generation() == loaded
    update = Node.create(
        NodeKind.ENTERPRISE, "华升化工", properties={"employees": 999}, provenance=[prov("row 2")]
    )
    store.upsert(GraphBatch(nodes=[update]))  # a fact only: the counts stay, the graph changed
    assert store.generation() not in {start, loaded}
    changed = store.generation()
    store.clear()
    assert store.generation() != changed
