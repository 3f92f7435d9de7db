"""The `GraphStore` protocol every store implements, the small records it returns, and what
the stores share beyond it.

A store is chosen by URI (see :func:`graph.stores.open_store`). The contract suite in
``tests/graph/stores/`` runs on every store; a store that passes it can back the API.

The protocol is all a caller needs. The stores themselves also share :class:`StoreBase` (the
context manager and `get_node`, built on a store's own `open`, `close` and `get_nodes`) and
a few functions: :func:`check_found`, :func:`chunks`, :func:`by_id` and
:func:`subgraph_of`, which assembles the networkx view of a subgraph from its records.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Container, Iterable, Iterator, Mapping, Sequence
from typing import Literal, Protocol, Self, TypeVar, runtime_checkable

import networkx as nx
from pydantic import BaseModel, Field

from graph.errors import NodeNotFound
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, PropertyValue, UpsertSummary

__all__ = [
    "Direction",
    "GraphStats",
    "GraphStore",
    "Neighbour",
    "Page",
    "StoreBase",
    "by_id",
    "check_found",
    "chunks",
    "edge_attributes",
    "node_attributes",
    "subgraph_of",
]

T = TypeVar("T")

Direction = Literal["out", "in", "both"]


class Neighbour(BaseModel):
    """One neighbour of a node: the edge that leads there and the node at its other end."""

    edge: Edge
    node: Node
    direction: Literal["out", "in"]


class Page(BaseModel):
    """A page of nodes and how many match in all.

    A text search counts its matches up to a cap (1,000): ``total_capped`` then says that
    at least ``total`` match.
    """

    items: list[Node]
    total: int
    total_capped: bool = False


class GraphStats(BaseModel):
    """Counts of a whole graph."""

    nodes: int
    edges: int
    by_kind: dict[str, int] = Field(default_factory=dict)
    by_edge_kind: dict[str, int] = Field(default_factory=dict)

    @classmethod
    def from_counts(cls, by_kind: Mapping[str, int], by_edge_kind: Mapping[str, int]) -> Self:
        """The stats of these counts by kind, sorted by kind, kinds with none left out.

        Examples
        --------
        >>> stats = GraphStats.from_counts({"need": 2, "enterprise": 3, "policy": 0}, {})
        >>> stats.nodes, stats.edges, stats.by_kind
        (5, 0, {'enterprise': 3, 'need': 2})
        """
        nodes = {kind: n for kind, n in sorted(by_kind.items()) if n}
        edges = {kind: n for kind, n in sorted(by_edge_kind.items()) if n}
        return cls(
            nodes=sum(nodes.values()),
            edges=sum(edges.values()),
            by_kind=nodes,
            by_edge_kind=edges,
        )


@runtime_checkable
class GraphStore(Protocol):
    """What the rest of the package needs from a graph store.

    Constructors do no I/O: call :meth:`open` first, :meth:`close` at the end.
    """

    uri: str

    def open(self) -> None:
        """Connect or open the file; raise `StoreUnavailable` naming the URI on failure."""

    def close(self) -> None:
        """Release connections; the store may be opened again."""

    def upsert(self, batch: GraphBatch) -> UpsertSummary:
        """Write a batch all-or-nothing, merging into existing records (see `merge_node`)."""

    def get_node(self, node_id: str) -> Node:
        """The node with this id; `NodeNotFound` if none."""

    def get_nodes(self, node_ids: Iterable[str]) -> dict[str, Node]:
        """The nodes among these ids that exist, by id."""

    def get_edge(self, edge_id: str) -> Edge:
        """The edge with this id; `NodeNotFound` (naming the edge id) if none."""

    def lookup(self, name: str, *, kind: NodeKind | None = None) -> list[Node]:
        """Nodes whose name or an alias equals ``name`` (after `canonical_key`)."""

    def find_nodes(
        self,
        *,
        kind: NodeKind | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Nodes of a kind and/or whose name or an alias contains ``q``; exact matches first."""

    def neighbours(
        self,
        node_id: str,
        *,
        edge_kinds: Collection[EdgeKind] | None = None,
        direction: Direction = "both",
    ) -> list[Neighbour]:
        """Edges at a node with the node at the other end; `NodeNotFound` for an unknown id."""

    def subgraph(
        self,
        node_ids: Iterable[str],
        *,
        depth: int = 1,
        edge_kinds: Collection[EdgeKind] | None = None,
    ) -> nx.MultiDiGraph:
        """The nodes within ``depth`` hops (either direction) and the edges among them.

        Node attributes are those of :func:`node_attributes`; edges are keyed by edge id
        and carry ``kind``, ``properties`` and ``provenance``.
        """

    def to_networkx(self, *, kinds: Collection[NodeKind] | None = None) -> nx.MultiDiGraph:
        """The whole graph (or the nodes of some kinds) with ``kind`` and ``name`` only."""

    def structure(
        self, *, edge_kinds: Collection[EdgeKind], node_kinds: Collection[NodeKind] = ()
    ) -> nx.MultiDiGraph:
        """The edges of some kinds and the nodes at their ends, plus every node of
        ``node_kinds``, with ``kind`` and ``name`` only (edges keyed by id): what an analysis
        of some edge kinds needs, without reading the whole graph."""

    def iter_nodes(self, *, kind: NodeKind | None = None) -> Iterator[Node]:
        """Every node, in id order."""

    def iter_edges(self, *, kind: EdgeKind | None = None) -> Iterator[Edge]:
        """Every edge (or every edge of one kind, read by an index over kinds), in id order."""

    def scan_nodes(self, kinds: Collection[NodeKind]) -> Iterator[tuple[str, str, str, str]]:
        """``(id, kind, name, body)`` of the nodes of these kinds, bodies undecoded (JSON text).

        For bulk readers (the match index) that want some kinds in one pass, not whole nodes.
        """

    def scan_edges(self, kinds: Collection[EdgeKind]) -> Iterator[tuple[str, str, str]]:
        """``(source, target, kind)`` of the edges of these kinds, in no set order."""

    def edge_properties(self, kind: EdgeKind) -> Iterator[tuple[str, dict[str, PropertyValue]]]:
        """The id and properties of every edge of one kind, in id order, nothing else decoded
        (the years of cooperation edges, say, without reading every edge)."""

    def stats(self) -> GraphStats:
        """Counts by node kind and edge kind."""

    def generation(self) -> str:
        """A token that changes whenever the stored graph changes, whoever changed it.

        Caches built from a graph (the match index, say) compare it to know they are stale.
        """

    def clear(self) -> None:
        """Remove every node and edge."""


def node_attributes(node: Node) -> dict[str, object]:
    """The attributes a node carries in a networkx view built from a store."""
    return {
        "kind": node.kind.value,
        "name": node.name,
        "aliases": list(node.aliases),
        "properties": dict(node.properties),
        "provenance": [p.model_dump(mode="json") for p in node.provenance],
    }


def edge_attributes(edge: Edge) -> dict[str, object]:
    """The attributes an edge carries in a networkx view built from a store."""
    return {
        "kind": edge.kind.value,
        "properties": dict(edge.properties),
        "provenance": [p.model_dump(mode="json") for p in edge.provenance],
    }


def subgraph_of(nodes: Mapping[str, Node], edges: Iterable[Edge]) -> nx.MultiDiGraph:
    """The networkx view of a subgraph: nodes and edges in id order, edges keyed by id.

    Attributes are those of :func:`node_attributes` and :func:`edge_attributes`.

    Examples
    --------
    >>> from graph.model import Provenance
    >>> p = [Provenance(source="demo")]
    >>> a = Node.create(NodeKind.INSTITUTION, "滨州学院", provenance=p)
    >>> b = Node.create(NodeKind.ENTERPRISE, "华升化工", provenance=p)
    >>> e = Edge(kind=EdgeKind.COOPERATES_WITH, source=b.id, target=a.id, provenance=p)
    >>> H = subgraph_of({a.id: a, b.id: b}, [e])
    >>> list(H) == [b.id, a.id], list(H.edges(keys=True)) == [(b.id, a.id, e.id)]
    (True, True)
    >>> H.nodes[b.id]["name"], H.edges[b.id, a.id, e.id]["kind"]
    ('华升化工', 'COOPERATES_WITH')
    """
    H = nx.MultiDiGraph()
    H.add_nodes_from((u, node_attributes(nodes[u])) for u in sorted(nodes))
    H.add_edges_from(
        (e.source, e.target, e.id, edge_attributes(e)) for e in sorted(edges, key=by_id)
    )
    return H


def check_found(wanted: Iterable[str], found: Container[str]) -> None:
    """Raise `NodeNotFound` naming the first id (in id order) of ``wanted`` not in ``found``.

    Examples
    --------
    >>> check_found(["a", "b"], {"a": 1, "b": 2})
    >>> check_found(["c", "b", "a"], {"a"})
    Traceback (most recent call last):
    ...
    graph.errors.NodeNotFound: 没有编号为 'b' 的节点
    """
    missing = sorted(record_id for record_id in set(wanted) if record_id not in found)
    if missing:
        raise NodeNotFound(missing[0])


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in slices of ``size`` (the last one shorter), for statements with a limit.

    Examples
    --------
    >>> list(chunks("abcde", 2))
    ['ab', 'cd', 'e']
    """
    for start in range(0, len(items), size):
        yield items[start : start + size]


def by_id(record: Node | Edge) -> str:
    """A record's id: the sort key of records."""
    return record.id


class StoreBase(ABC):
    """What the stores do alike on top of their own `open`, `close` and `get_nodes`.

    A base for implementations, not a type to depend on: callers take a `GraphStore`.
    """

    uri: str

    @abstractmethod
    def open(self) -> None:
        """Connect or open the file (see `GraphStore.open`)."""

    @abstractmethod
    def close(self) -> None:
        """Release connections (see `GraphStore.close`)."""

    @abstractmethod
    def get_nodes(self, node_ids: Iterable[str]) -> dict[str, Node]:
        """The nodes among these ids that exist, by id."""

    def get_node(self, node_id: str) -> Node:
        """The node with this id; `NodeNotFound` if none."""
        found = self.get_nodes([node_id])
        check_found([node_id], found)
        return found[node_id]

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
