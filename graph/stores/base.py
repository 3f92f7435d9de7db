"""The `GraphStore` protocol every store implements, and the small records it returns.

A store is chosen by URI (see :func:`graph.stores.open_store`). The contract suite in
``tests/graph/stores/`` runs on every store; a store that passes it can back the API.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Literal, Protocol, runtime_checkable

import networkx as nx
from pydantic import BaseModel, Field

from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, UpsertSummary

__all__ = ["Direction", "GraphStats", "GraphStore", "Neighbour", "Page", "node_attributes"]

Direction = Literal["out", "in", "both"]


class Neighbour(BaseModel):
    """One neighbour of a node: the edge that leads there and the node at its other end."""

    edge: Edge
    node: Node
    direction: Literal["out", "in"]


class Page(BaseModel):
    """A page of nodes and how many match in all."""

    items: list[Node]
    total: int


class GraphStats(BaseModel):
    """Counts of a whole graph."""

    nodes: int
    edges: int
    by_kind: dict[str, int] = Field(default_factory=dict)
    by_edge_kind: dict[str, int] = Field(default_factory=dict)


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

    def iter_nodes(self, *, kind: NodeKind | None = None) -> Iterator[Node]:
        """Every node, in id order."""

    def iter_edges(self) -> Iterator[Edge]:
        """Every edge, in id order."""

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
