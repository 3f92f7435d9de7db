"""Network analytics of the cooperation network: partner gaps, brokers, bridges, communities.

Every function takes a graph first (the :func:`network_graph` view of a store, or any
``networkx`` graph whose nodes carry ``kind`` and ``name`` and whose edges carry ``kind``
and, where known, ``year``) and keyword-only options. ``until=YEAR`` restricts the network
to the cooperation edges of that year and before, so two years can be compared
(:func:`changes`); edges without a year count in every year unless ``dated_only=True``.

Examples
--------
>>> G = nx.MultiDiGraph()
>>> G.add_nodes_from([("e:a", {"kind": "Enterprise", "name": "A"}),
...                   ("e:b", {"kind": "Enterprise", "name": "B"}),
...                   ("i:x", {"kind": "Institution", "name": "X"})])
>>> _ = G.add_edge("e:a", "i:x", kind="COOPERATES_WITH", year=2020)
>>> isolated_enterprises(G)
['e:b']
>>> isolated_enterprises(G, until=2019)
['e:a', 'e:b']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from graph.betweenness import EXACT_UP_TO, Budget, betweenness, subset_betweenness
from graph.louvain import louvain
from graph.model import EdgeKind, NodeKind
from graph.stores.base import GraphStore

__all__ = [
    "BEIJING_TIANJIN",
    "BridgeReport",
    "Budget",
    "Changes",
    "NodeScore",
    "bridges_to_region",
    "brokers",
    "centrality",
    "changes",
    "communities",
    "cooperation_graph",
    "edge_year",
    "isolated_enterprises",
    "network_graph",
    "region_members",
]

BEIJING_TIANJIN = ("region:11", "region:12")
COOPERATION = (EdgeKind.COOPERATES_WITH.value,)
ANALYSED_EDGES = (EdgeKind.COOPERATES_WITH, EdgeKind.LOCATED_IN, EdgeKind.PART_OF)
"""The edge kinds the analyses read: cooperation, and where nodes are (for bridges)."""


class NodeScore(BaseModel):
    """A node and its scores in the cooperation network."""

    id: str
    name: str
    kind: str
    degree: int
    betweenness: float
    stderr: float | None = None
    """The standard error of a sampled betweenness (None when counted exactly)."""


class BridgeReport(BaseModel):
    """Who connects the home region to a target region (Beijing–Tianjin by default)."""

    sources: int
    targets: list[str]
    direct: list[tuple[str, str]] = Field(default_factory=list)
    """Cooperation edges from a home enterprise straight to a target node."""
    reachable: list[str] = Field(default_factory=list)
    """Target nodes some home enterprise reaches through the network."""
    brokers: list[NodeScore] = Field(default_factory=list)
    """Nodes on shortest home -> target paths, by how many of those paths run through them."""


class Changes(BaseModel):
    """How the network changed from one year to a later one."""

    before: int
    after: int
    edges_before: int
    edges_after: int
    undated_edges: int
    newly_connected: list[str]
    newly_isolated: list[str]
    brokers_before: list[str]
    brokers_after: list[str]
    communities_before: int
    communities_after: int


def edge_year(data: dict[str, Any]) -> int | None:
    """The year of an edge: ``year`` (or ``start_year``/``since``) or in its ``properties``."""
    for holder in (data, data.get("properties") or {}):
        for name in ("year", "start_year", "since"):
            value = holder.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, str) and value[:4].isdigit():
                return int(value[:4])
    return None


def network_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The part of the store's graph the analyses use: every enterprise, the cooperation,
    LOCATED_IN and PART_OF edges and the nodes at their ends (``kind``/``name`` on nodes,
    ``kind``/``year`` on edges). Of the edges, only the cooperation edges' properties are
    read (for their years); nothing else of the graph is read.
    """
    G = store.structure(edge_kinds=ANALYSED_EDGES, node_kinds=[NodeKind.ENTERPRISE])
    years = {
        edge: edge_year(properties)
        for edge, properties in store.edge_properties(EdgeKind.COOPERATES_WITH)
    }
    for _, _, key, data in G.edges(keys=True, data=True):
        if key in years:
            data["year"] = years[key]
    return G


def cooperation_graph(
    G: nx.Graph,
    *,
    until: int | None = None,
    dated_only: bool = False,
    edge_kinds: Collection[str] = COOPERATION,
) -> nx.Graph:
    """Undirected cooperation network: every Enterprise node and every node at a cooperation
    edge (of ``until`` and before), edges weighted by how many links join the pair."""
    C = nx.Graph()
    C.add_nodes_from(
        (u, {"kind": d.get("kind"), "name": d.get("name", u)})
        for u, d in G.nodes(data=True)
        if d.get("kind") == NodeKind.ENTERPRISE.value
    )
    for u, v, data in G.edges(data=True):
        if data.get("kind") not in edge_kinds or u == v:
            continue
        year = edge_year(data)
        if year is None and dated_only:
            continue
        if until is not None and year is not None and year > until:
            continue
        for w in (u, v):
            if w not in C:
                C.add_node(w, kind=G.nodes[w].get("kind"), name=G.nodes[w].get("name", w))
        weight = C.edges[u, v]["weight"] + 1 if C.has_edge(u, v) else 1
        C.add_edge(u, v, weight=weight)
    return C


def isolated_enterprises(G: nx.Graph, *, until: int | None = None) -> list[str]:
    """Enterprises without any partner (no cooperation edge), sorted by id."""
    C = cooperation_graph(G, until=until)
    return sorted(
        u
        for u, d in C.nodes(data=True)
        if d.get("kind") == NodeKind.ENTERPRISE.value and C.degree(u) == 0
    )


def centrality(
    G: nx.Graph, *, until: int | None = None, seed: int = 0, budget: Budget | None = None
) -> list[NodeScore]:
    """Degree and betweenness (normalised) of every node, highest betweenness first.

    Exact up to :data:`graph.betweenness.EXACT_UP_TO` nodes; beyond, estimated from a seeded
    sample of sources within the ``budget``, each value with its standard error, and the
    budget's notes say so (:func:`graph.betweenness.betweenness`).
    """
    C = cooperation_graph(G, until=until)
    found = betweenness(C, seed=seed, budget=budget)
    scores = [
        NodeScore(
            id=u,
            name=str(d.get("name", u)),
            kind=str(d.get("kind")),
            degree=C.degree(u),
            betweenness=round(found.values.get(u, 0.0), 6),
            stderr=None if found.exact else round(found.stderr.get(u, 0.0), 6),
        )
        for u, d in C.nodes(data=True)
    ]
    return sorted(scores, key=lambda s: (-s.betweenness, -s.degree, s.id))


def brokers(
    G: nx.Graph,
    *,
    k: int = 10,
    until: int | None = None,
    seed: int = 0,
    budget: Budget | None = None,
) -> list[NodeScore]:
    """The ``k`` nodes most shortest paths run through (betweenness above 0)."""
    found = centrality(G, until=until, seed=seed, budget=budget)
    return [s for s in found if s.betweenness > 0][:k]


def region_members(G: nx.Graph, regions: Iterable[str]) -> set[str]:
    """Nodes LOCATED_IN one of ``regions`` or in a region PART_OF one (at any depth)."""
    inside = {r for r in regions if r in G}
    frontier = list(inside)
    while frontier:
        region = frontier.pop()
        for u, _, kind in G.in_edges(region, data="kind"):
            if kind == EdgeKind.PART_OF.value and u not in inside:
                inside.add(u)
                frontier.append(u)
    return {
        u
        for region in inside
        for u, _, kind in G.in_edges(region, data="kind")
        if kind == EdgeKind.LOCATED_IN.value
    }


def bridges_to_region(
    G: nx.Graph,
    *,
    targets: Iterable[str] = BEIJING_TIANJIN,
    home: str | None = "region:371603",
    k: int = 10,
    until: int | None = None,
    budget: Budget | None = None,
) -> BridgeReport:
    """Who connects the home district's enterprises to the nodes located in ``targets``.

    Home enterprises are those located in ``home`` (every enterprise when none is, or when
    ``home`` is None). Brokers are scored by the shortest home -> target paths through them.
    """
    goal = region_members(G, targets)
    return bridges_to_nodes(G, goal, home=home, k=k, until=until, budget=budget)


def bridges_to_nodes(
    G: nx.Graph,
    nodes: Iterable[str],
    *,
    home: str | None = "region:371603",
    k: int = 10,
    until: int | None = None,
    budget: Budget | None = None,
) -> BridgeReport:
    """Who connects the home district's enterprises to ``nodes`` (e.g. one institution).

    Brokers are scored by :func:`graph.betweenness.subset_betweenness` (a seeded sample of
    the home enterprises when there are very many, with a note in the ``budget``).
    """
    C = cooperation_graph(G, until=until)
    enterprises = {u for u, d in C.nodes(data=True) if d.get("kind") == NodeKind.ENTERPRISE.value}
    located = region_members(G, [home]) & enterprises if home else set()
    sources = located or enterprises
    goal = sorted(set(nodes) & set(C))
    direct = sorted((u, v) for u in sources for v in C.neighbors(u) if v in goal)
    reachable = {
        v
        for part in nx.connected_components(C)
        if not sources.isdisjoint(part)
        for v in goal
        if v in part
    }
    between = subset_betweenness(C, sources, goal, budget=budget)
    scores = sorted(
        (
            NodeScore(
                id=u,
                name=str(C.nodes[u].get("name", u)),
                kind=str(C.nodes[u].get("kind")),
                degree=C.degree(u),
                betweenness=round(value, 6),
            )
            for u, value in between.items()
            if value > 0
        ),
        key=lambda s: (-s.betweenness, s.id),
    )
    return BridgeReport(
        sources=len(sources),
        targets=goal,
        direct=direct,
        reachable=sorted(reachable),
        brokers=scores[:k],
    )


def communities(
    G: nx.Graph, *, seed: int = 0, until: int | None = None, resolution: float = 1.0
) -> list[list[str]]:
    """Louvain communities of the cooperation network with a fixed seed, largest first;
    isolated nodes are left out."""
    C = cooperation_graph(G, until=until)
    C.remove_nodes_from([u for u in list(C) if C.degree(u) == 0])
    if C.number_of_edges() == 0:
        return []
    if len(C) > EXACT_UP_TO:  # igraph's multilevel method: the same Louvain, in C
        found = louvain(C, seed=seed, resolution=resolution)
    else:
        found = nx.community.louvain_communities(
            C, weight="weight", resolution=resolution, seed=seed
        )
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def changes(
    G: nx.Graph,
    *,
    before: int,
    after: int,
    k: int = 10,
    seed: int = 0,
    budget: Budget | None = None,
) -> Changes:
    """What changed between the network as of ``before`` and as of ``after``."""
    old_isolated = set(isolated_enterprises(G, until=before))
    new_isolated = set(isolated_enterprises(G, until=after))
    undated = sum(
        1 for _, _, d in G.edges(data=True) if d.get("kind") in COOPERATION and edge_year(d) is None
    )
    return Changes(
        before=before,
        after=after,
        edges_before=cooperation_graph(G, until=before).number_of_edges(),
        edges_after=cooperation_graph(G, until=after).number_of_edges(),
        undated_edges=undated,
        newly_connected=sorted(old_isolated - new_isolated),
        newly_isolated=sorted(new_isolated - old_isolated),
        brokers_before=[s.id for s in brokers(G, k=k, until=before, budget=budget)],
        brokers_after=[s.id for s in brokers(G, k=k, until=after, budget=budget)],
        communities_before=len(communities(G, seed=seed, until=before)),
        communities_after=len(communities(G, seed=seed, until=after)),
    )
