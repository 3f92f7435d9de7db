"""Fold a large graph into groups of one node kind and one industry: an overview that stays fast.

A district's enterprises belong to industries (``IN_INDUSTRY`` edges, or an ``industry``
property); each (kind, industry) pair becomes one node sized by its members, and the edges
between two groups of one edge kind become one edge carrying their count. Each group keeps its
best-connected members, so the page can offer drill-down links to their ego views.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("i:chem", kind="Industry", name="化工")
>>> for k in range(3):
...     G.add_node(f"e:{k}", kind="Enterprise", name=f"企业{k}")
...     _ = G.add_edge(f"e:{k}", "i:chem", kind="IN_INDUSTRY")
>>> groups, edges = aggregate(G)
>>> [(g.kind, g.industry, g.count) for g in groups]
[('Enterprise', '化工', 3), ('Industry', '化工', 1)]
>>> edges
[(0, 1, 'IN_INDUSTRY', 3)]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx

from graph.model import EdgeKind, NodeKind

__all__ = ["MAX_GROUPS", "OTHER_INDUSTRY", "Group", "Overview", "aggregate", "fold"]

MAX_GROUPS = 300
"""Above this many groups the smallest ones of each kind fold into one (kind, 其他) group."""

OTHER_INDUSTRY = "其他"
TOP_MEMBERS = 12


@dataclass
class Group:
    """Nodes of one kind in one industry (``industry`` is "" when a node has none)."""

    kind: str
    industry: str
    members: list[Hashable] = field(default_factory=list)
    top: list[Hashable] = field(default_factory=list)
    internal_edges: int = 0
    synthetic: int = 0
    """Members with some example (synthetic) records."""
    synthetic_all: int = 0
    """Members whose every record is example data."""

    @property
    def count(self) -> int:
        """How many nodes the group holds."""
        return len(self.members)


@dataclass
class Overview:
    """The groups of a large view with their counts, and who is in each (best-connected first)."""

    groups: list[Group]
    edges: list[tuple[int, int, str, int]]
    names: dict[str, str]
    group_of: dict[str, int] = field(default_factory=dict)
    total_nodes: int = 0
    total_edges: int = 0

    @property
    def synthetic_nodes(self) -> int:
        """Nodes with some example records, over every group."""
        return sum(g.synthetic for g in self.groups)


def _industries(G: nx.Graph, edges: list[tuple[Hashable, Hashable, object]]) -> dict[Hashable, str]:
    industry: dict[Hashable, str] = {}
    for u, data in G.nodes(data=True):
        if data.get("kind") == NodeKind.INDUSTRY:
            industry[u] = str(data.get("name", u))
        else:
            value = (data.get("properties") or {}).get("industry")
            if isinstance(value, str) and value:
                industry[u] = value
    for u, v, kind in edges:
        if kind == EdgeKind.IN_INDUSTRY and u not in industry:
            industry[u] = str(G.nodes[v].get("name", v))
    return industry


def _edge_kinds(G: nx.Graph) -> list[tuple[Hashable, Hashable, object]]:
    """``(u, v, kind)`` of every edge; on directed graphs straight from the adjacency dicts,
    several times faster than ``G.edges(data="kind")`` at 50,000 edges."""
    if not G.is_directed():
        return list(G.edges(data="kind"))
    if G.is_multigraph():
        return [
            (u, v, d.get("kind"))
            for u, nbrs in G.adjacency()
            for v, keyed in nbrs.items()
            for d in keyed.values()
        ]
    return [(u, v, d.get("kind")) for u, nbrs in G.adjacency() for v, d in nbrs.items()]


def aggregate(
    G: nx.Graph, *, max_groups: int = MAX_GROUPS
) -> tuple[list[Group], list[tuple[int, int, str, int]]]:
    """Groups of ``G`` and the edges between them as ``(group, group, edge kind, count)``.

    Groups come sorted by kind and industry; the edge list by group pair and kind.
    """
    edge_list = _edge_kinds(G)
    industry = _industries(G, edge_list)
    keys: dict[Hashable, tuple[str, str]] = {
        u: (str(data.get("kind") or "Other"), industry.get(u, "")) for u, data in G.nodes(data=True)
    }
    return fold(keys, edge_list, max_groups=max_groups)


def fold(
    keys: dict[Hashable, tuple[str, str]],
    edge_list: list[tuple[Hashable, Hashable, object]],
    *,
    max_groups: int = MAX_GROUPS,
) -> tuple[list[Group], list[tuple[int, int, str, int]]]:
    """Groups from each node's (kind, industry) ``keys`` and the counted edges between them.

    Above ``max_groups`` groups the smallest of each kind fold into (kind, 其他). Every
    group's members come best-connected first (ties by id); edges whose ends are not both in
    ``keys`` are left out.
    """
    sizes = Counter(keys.values())
    if len(sizes) > max_groups:
        kept = {key for key, _ in sizes.most_common(max_groups - len({k for k, _ in sizes}))}
        keys = {u: key if key in kept else (key[0], OTHER_INDUSTRY) for u, key in keys.items()}
    ordered = sorted(set(keys.values()))
    index = {key: i for i, key in enumerate(ordered)}
    groups = [Group(kind, ind) for kind, ind in ordered]
    of: dict[Hashable, int] = {}
    for u, key in keys.items():
        i = index[key]
        of[u] = i
        groups[i].members.append(u)
    # One pass over the edges: degrees (to order each group's members) and group-to-group counts.
    degree: Counter[Hashable] = Counter()
    counts: defaultdict[tuple[int, int, str], int] = defaultdict(int)
    for u, v, kind in edge_list:
        a, b = of.get(u), of.get(v)
        if a is None or b is None:
            continue
        degree[u] += 1
        degree[v] += 1
        if a == b:
            groups[a].internal_edges += 1
        else:
            counts[(a, b, str(kind or "Other"))] += 1
    for group in groups:
        group.members.sort(key=lambda u: (-degree[u], str(u)))
        group.top = group.members[:TOP_MEMBERS]
    edges = [(a, b, kind, n) for (a, b, kind), n in sorted(counts.items())]
    return groups, edges
