"""Property tests: any graph written to a store reads back the same, on every store.

The embedded store is the reference: every other store answers lookups, searches,
neighbours and subgraphs of a generated graph exactly as it does, and
embedded -> other store -> embedded gives back the same graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import (
    BIDI_CONTROLS,
    Edge,
    EdgeKind,
    GraphBatch,
    Node,
    NodeKind,
    PropertyValue,
    Provenance,
    canonical_key,
    node_id,
)
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from tests.graph.stores.conftest import STORE_FACTORIES

# Names mix Chinese, Latin, digits and odd characters; no surrogates (not valid UTF-8).
_alphabet = st.characters(codec="utf-8") | st.sampled_from("华升化工河北农业大学 -·()（）")
# Bidirectional controls are refused in names (graph.model.BIDI_CONTROLS).
names = st.text(_alphabet, min_size=1, max_size=12).filter(
    lambda s: bool(canonical_key(s)) and BIDI_CONTROLS.isdisjoint(s)
)
scalars: st.SearchStrategy[PropertyValue] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.dates(min_value=date(1, 1, 1)),
    st.text(_alphabet, max_size=20),
)
values = st.one_of(scalars, st.lists(scalars, max_size=4))
properties = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True), values, max_size=4
)
provenances = st.lists(
    st.builds(
        Provenance,
        source=st.text(_alphabet, min_size=1, max_size=10),
        locator=st.none() | st.text(_alphabet, max_size=10),
        synthetic=st.booleans(),
        at=st.datetimes(timezones=st.just(UTC)),
        note=st.none() | st.text(_alphabet, max_size=10),
    ),
    min_size=1,
    max_size=3,
)


@st.composite
def nodes(draw: st.DrawFn) -> Node:
    kind = draw(st.sampled_from(NodeKind))
    name = draw(names)
    return Node(
        id=node_id(kind, name),
        kind=kind,
        name=name,
        aliases=draw(st.lists(names, max_size=3)),
        properties=draw(properties),
        provenance=draw(provenances),
    )


@st.composite
def graphs(draw: st.DrawFn, max_nodes: int = 8) -> GraphBatch:
    node_list = draw(st.lists(nodes(), min_size=1, max_size=max_nodes, unique_by=lambda n: n.id))
    ids = st.sampled_from([n.id for n in node_list])
    edge_list = draw(
        st.lists(
            st.builds(
                Edge,
                kind=st.sampled_from(EdgeKind),
                source=ids,
                target=ids,
                key=st.sampled_from(["", "2021", "b|c"]),
                properties=properties,
                provenance=provenances,
            ),
            max_size=12,
        )
    )
    return GraphBatch(nodes=node_list, edges=edge_list)


def snapshot(store: GraphStore) -> tuple[list[Node], list[Edge]]:
    return list(store.iter_nodes()), list(store.iter_edges())


def expected(batch: GraphBatch) -> tuple[list[Node], list[Edge]]:
    merged = batch.merged()
    return sorted(merged.nodes, key=lambda n: n.id), sorted(merged.edges, key=lambda e: e.id)


def graph_data(G: nx.MultiDiGraph) -> tuple[list[object], list[object]]:
    return sorted(G.nodes(data=True)), sorted(G.edges(keys=True, data=True))


@pytest.fixture(
    scope="module",
    params=[pytest.param(name, marks=f.marks) for name, f in STORE_FACTORIES.items()],
)
def any_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """One opened store of each kind, shared by a module's examples (each clears it)."""
    opened = STORE_FACTORIES[request.param].make(tmp_path_factory.mktemp(request.param))
    yield opened
    opened.close()


@pytest.fixture(
    scope="module",
    params=[
        pytest.param(name, marks=f.marks)
        for name, f in STORE_FACTORIES.items()
        if f.cls is not EmbeddedStore
    ],
)
def other_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """One opened store of each kind but the embedded one."""
    opened = STORE_FACTORIES[request.param].make(tmp_path_factory.mktemp(request.param))
    yield opened
    opened.close()


_settings = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(batch=graphs())
def test_a_graph_reads_back_the_same(any_store: GraphStore, batch: GraphBatch) -> None:
    any_store.clear()
    summary = any_store.upsert(batch)
    want_nodes, want_edges = expected(batch)
    assert (summary.nodes_added, summary.edges_added) == (len(want_nodes), len(want_edges))
    assert snapshot(any_store) == (want_nodes, want_edges)
    assert any_store.get_nodes(n.id for n in want_nodes) == {n.id: n for n in want_nodes}
    for edge in want_edges:
        assert any_store.get_edge(edge.id) == edge
    again = any_store.upsert(batch)
    assert (again.nodes_unchanged, again.edges_unchanged) == (len(want_nodes), len(want_edges))


@_settings
@given(batch=graphs(), more=graphs(), data=st.data())
def test_every_store_answers_like_the_embedded_one(
    other_store: GraphStore, batch: GraphBatch, more: GraphBatch, data: st.DataObject
) -> None:
    reference = EmbeddedStore(":memory:")
    reference.open()
    other_store.clear()
    for store in (reference, other_store):
        store.upsert(batch)
    # A second batch merges into the first (same ids get new facts, aliases, provenance).
    assert other_store.upsert(more) == reference.upsert(more)
    assert snapshot(other_store) == snapshot(reference)
    assert other_store.stats() == reference.stats()

    all_nodes = list(reference.iter_nodes())
    some = data.draw(st.sampled_from(all_nodes))
    some_name = data.draw(st.sampled_from(some.names))
    part = data.draw(st.integers(0, len(some_name) - 1))
    queries = [some_name, some_name[part:], some_name[: part + 1], "华", "a"]
    for q in queries:
        for kind in (None, some.kind):
            assert other_store.lookup(q, kind=kind) == reference.lookup(q, kind=kind)
            for offset in (0, 1):
                got = other_store.find_nodes(q=q, kind=kind, limit=3, offset=offset)
                assert got == reference.find_nodes(q=q, kind=kind, limit=3, offset=offset), q
    assert other_store.find_nodes(kind=some.kind, limit=2, offset=1) == reference.find_nodes(
        kind=some.kind, limit=2, offset=1
    )

    kinds = data.draw(st.none() | st.lists(st.sampled_from(EdgeKind), min_size=1, max_size=3))
    direction = data.draw(st.sampled_from(["out", "in", "both"]))
    assert other_store.neighbours(
        some.id, edge_kinds=kinds, direction=direction
    ) == reference.neighbours(some.id, edge_kinds=kinds, direction=direction)
    depth = data.draw(st.integers(0, 3))
    assert graph_data(other_store.subgraph([some.id], depth=depth, edge_kinds=kinds)) == (
        graph_data(reference.subgraph([some.id], depth=depth, edge_kinds=kinds))
    )
    node_kinds = data.draw(st.none() | st.lists(st.sampled_from(NodeKind), max_size=3))
    assert graph_data(other_store.to_networkx(kinds=node_kinds)) == graph_data(
        reference.to_networkx(kinds=node_kinds)
    )
    reference.close()


@_settings
@given(batch=graphs())
def test_embedded_to_other_store_and_back_is_the_identity(
    other_store: GraphStore, batch: GraphBatch
) -> None:
    first, last = EmbeddedStore(":memory:"), EmbeddedStore(":memory:")
    first.open()
    last.open()
    first.upsert(batch)
    other_store.clear()
    other_store.upsert(GraphBatch(nodes=list(first.iter_nodes()), edges=list(first.iter_edges())))
    last.upsert(
        GraphBatch(nodes=list(other_store.iter_nodes()), edges=list(other_store.iter_edges()))
    )
    assert snapshot(last) == snapshot(first)
    assert last.stats() == first.stats()
    first.close()
    last.close()
