"""Which part of a store a view shows: the whole network (filtered) or one node's neighbourhood.

Both return store subgraphs, whose nodes carry facts and provenance for the page's tooltips
and details panel.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import networkx as nx

from graph.lookup import resolve
from graph.model import EdgeKind, Node, NodeKind
from graph.render.html import AGGREGATE_ABOVE
from graph.stores.base import GraphStore

__all__ = [
    "HUB_KINDS",
    "Ego",
    "ego_graph",
    "ego_view",
    "find_industry",
    "network_graph",
    "resolve_node",
]

HUB_KINDS = frozenset({NodeKind.REGION.value, NodeKind.DOCUMENT.value})
"""Kinds an ego view does not walk through by default: a district or the work plan links to
almost everything, so two hops through one of them is the whole district."""


def resolve_node(store: GraphStore, ref: str, *, kind: NodeKind | None = None) -> Node:
    """The node ``ref`` names: its id, name, alias, credit code or a short name only it has
    (:func:`graph.lookup.resolve`, the one resolver of every entity a user names).

    Raises `NodeNotFound` (an `UnknownReference` with the closest names) when nothing matches,
    and `AmbiguousName` (an `AmbiguousReference` with every candidate) when several do.
    """
    return resolve(store, ref, kinds=None if kind is None else [kind])


def find_industry(store: GraphStore, ref: str) -> Node:
    """The Industry node with this id or name."""
    return resolve_node(store, ref, kind=NodeKind.INDUSTRY)


def network_graph(
    store: GraphStore,
    *,
    kinds: Collection[NodeKind] | None = None,
    industry: str | None = None,
    limit: int | None = None,
) -> nx.MultiDiGraph:
    """The nodes of some kinds (all by default), of one industry if given, at most ``limit``.

    With ``industry`` the view holds the industry node and every node linked to it by
    ``IN_INDUSTRY``. Over ``limit`` nodes, the best-connected ones are kept. Above
    ``AGGREGATE_ABOVE`` nodes (a page of groups) only kinds, names and edge kinds are read.
    """
    skeleton = store.to_networkx(kinds=kinds or None)
    if industry:
        hub = find_industry(store, industry)
        members = store.subgraph([hub.id], depth=1, edge_kinds=[EdgeKind.IN_INDUSTRY])
        keep = [u for u in members if u in skeleton]
    else:
        keep = list(skeleton)
    if limit is not None and len(keep) > limit:
        degree = skeleton.degree(keep)
        keep = sorted(keep, key=lambda u: (-degree[u], u))[:limit]
    if not keep:
        return nx.MultiDiGraph()
    if len(keep) > AGGREGATE_ABOVE:
        # The page will draw groups with counts: kinds, names and edge kinds are all it needs,
        # so the nodes' facts and provenance (most of the reading at a province) stay unread.
        return nx.MultiDiGraph(skeleton.subgraph(keep))
    return store.subgraph(keep, depth=0)


def ego_graph(store: GraphStore, node_id: str, *, depth: int = 1) -> nx.MultiDiGraph:
    """``node_id`` and every node within ``depth`` hops either way; `NodeNotFound` if none."""
    return store.subgraph([node_id], depth=depth)


@dataclass
class Ego:
    """An ego view's graph and the hubs in it that the page starts with hidden."""

    graph: nx.MultiDiGraph
    hubs: set[str] = field(default_factory=set)


def ego_view(store: GraphStore, node_id: str, *, depth: int = 1, hubs: bool = False) -> Ego:
    """``node_id``'s neighbourhood within ``depth`` hops, not walking through hubs.

    Region and Document nodes (:data:`HUB_KINDS`) next to the walk are in the graph, listed in
    ``hubs`` (the page hides them until its toggle is on), but the walk does not go on through
    them. The centre itself is walked from whatever its kind. ``hubs=True`` walks through them
    too (``ego_graph``) and hides nothing.
    """
    if hubs:
        return Ego(ego_graph(store, node_id, depth=depth))
    store.get_node(node_id)  # NodeNotFound for an unknown id
    seen = {node_id}
    found_hubs: set[str] = set()
    frontier = [node_id]
    for _step in range(depth):
        following: list[str] = []
        for u in frontier:
            for near in store.neighbours(u):
                v = near.node.id
                if v in seen or v in found_hubs:
                    continue
                if near.node.kind.value in HUB_KINDS:
                    found_hubs.add(v)
                else:
                    seen.add(v)
                    following.append(v)
        frontier = following
    return Ego(store.subgraph([*seen, *found_hubs], depth=0), found_hubs)
