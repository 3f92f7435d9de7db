"""A page of groups straight from a store: counts by (kind, industry), never a whole-graph copy.

A view of more than ``AGGREGATE_ABOVE`` nodes draws groups, so it needs each node's kind,
name, industry, degree and whether its records are example data, and the edge kinds between
groups: one scan of the nodes (bodies read as text, never decoded) and one of the edges
(:meth:`GraphStore.scan_nodes`, :meth:`GraphStore.scan_edges`). Nothing is built in networkx.

The served page asks for a group's members and for search hits page by page
(``/views/network/members``, ``/views/network/search``); :func:`cached_overview` keeps the
last few overviews per store generation, so those requests do not scan again.

Examples
--------
>>> from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, Provenance
>>> from graph.stores.embedded import EmbeddedStore
>>> real, example = Provenance(source="t"), Provenance(source="t", synthetic=True)
>>> chem = Node.create(NodeKind.INDUSTRY, "化工", provenance=[real])
>>> firms = [Node.create(NodeKind.ENTERPRISE, f"企业{k}", provenance=[example]) for k in range(3)]
>>> links = [Edge(kind=EdgeKind.IN_INDUSTRY, source=f.id, target=chem.id, provenance=[real])
...          for f in firms]
>>> store = EmbeddedStore(":memory:")
>>> store.open()
>>> _ = store.upsert(GraphBatch(nodes=[chem, *firms], edges=links))
>>> ov = network_overview(store)
>>> [(g.kind, g.industry, g.count, g.synthetic_all) for g in ov.groups]
[('Enterprise', '化工', 3, 3), ('Industry', '化工', 1, 0)]
>>> ov.edges, ov.total_nodes, ov.synthetic_nodes
([(0, 1, 'IN_INDUSTRY', 3)], 4, 3)
>>> store.close()
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Iterable
from itertools import repeat

import networkx as nx
import numpy as np

from graph.model import EdgeKind, NodeKind
from graph.render.aggregate import MAX_GROUPS, OTHER_INDUSTRY, TOP_MEMBERS, Group, Overview
from graph.render.html import AGGREGATE_ABOVE
from graph.render.select import find_industry, network_graph
from graph.stores.base import GraphStore

__all__ = [
    "Overview",
    "cached_overview",
    "network_overview",
    "network_view",
    "synthetic_code",
]

_TRUE, _FALSE = '"synthetic":true', '"synthetic":false'
_CACHED = 4
"""Overviews kept in memory (one per store generation and filter)."""


def synthetic_code(body: str) -> int:
    """2 when every provenance record in a node's JSON body is synthetic, 1 when some are, else 0.

    Reads the text as the store writes it (compact JSON, every record with its ``synthetic``
    flag) without decoding it: a province's bodies cost seconds to decode.

    >>> synthetic_code('{"provenance":[{"synthetic":true}]}')
    2
    >>> synthetic_code('{"provenance":[{"synthetic":true},{"synthetic":false}]}')
    1
    """
    if _TRUE not in body:
        return 0
    return 1 if _FALSE in body else 2


def network_overview(
    store: GraphStore,
    *,
    kinds: Collection[NodeKind] | None = None,
    industry: str | None = None,
    limit: int | None = None,
    max_groups: int = MAX_GROUPS,
) -> Overview:
    """The groups of the nodes of ``kinds`` (all by default), of one industry, at most ``limit``.

    ``industry`` is an Industry node's id or name: the view holds it and its ``IN_INDUSTRY``
    members (`NodeNotFound` if there is none). Over ``limit`` nodes the best-connected are kept.
    Groups are (kind, industry) as in :func:`graph.render.aggregate.aggregate`, counted with
    numpy over integer node numbers: a province's 480,000 edges take well under a second.
    """
    ids: list[str] = []
    kind_col: list[str] = []
    names: dict[str, str] = {}
    marks: list[int] = []
    for node_id, kind, name, body in store.scan_nodes(list(kinds) if kinds else list(NodeKind)):
        ids.append(node_id)
        kind_col.append(kind)
        names[node_id] = name
        marks.append(synthetic_code(body))
    number = {u: i for i, u in enumerate(ids)}
    edges = _EdgeColumns(store.scan_edges(list(EdgeKind)), number)
    industry_names = _industry_names(store)
    label = sorted(set(industry_names.values()))
    industry_no = _industry_of(industry_names, label, number, edges)
    keep = np.ones(len(ids), dtype=bool)
    if industry:
        hub = find_industry(store, industry)
        keep = industry_no == label.index(hub.name)
    if limit is not None and int(keep.sum()) > limit:
        degree = edges.degree(keep)
        order = np.lexsort((np.arange(len(ids)), -degree))  # ids come sorted by kind, then id
        chosen = order[keep[order]][:limit]
        keep = np.zeros(len(ids), dtype=bool)
        keep[chosen] = True
    kind_names = sorted(set(kind_col))
    kind_code = np.fromiter(map(kind_names.index, kind_col), dtype=np.int64, count=len(ids))
    key = kind_code * (len(label) + 2) + (industry_no + 1)
    groups, group = _fold(key[keep], kind_names, label, max_groups)
    node_group = np.full(len(ids), -1, dtype=np.int64)
    node_group[keep] = group
    return _counted(groups, node_group, ids, names, np.array(marks, dtype=np.int8), edges)


class _EdgeColumns:
    """Every edge as node numbers (-1 for an end outside the view) and an edge-kind code."""

    def __init__(self, rows: Iterable[tuple[str, str, str]], number: dict[str, int]) -> None:
        table = list(rows)
        n = len(table)
        sources = [row[0] for row in table]
        targets = [row[1] for row in table]
        kinds = [row[2] for row in table]
        self.kind_names = sorted(set(kinds))
        code = {k: i for i, k in enumerate(self.kind_names)}
        self.source = np.fromiter(map(number.get, sources, repeat(-1)), dtype=np.int64, count=n)
        self.target = np.fromiter(map(number.get, targets, repeat(-1)), dtype=np.int64, count=n)
        self.kind = np.fromiter(map(code.__getitem__, kinds), dtype=np.int64, count=n)
        linked = EdgeKind.IN_INDUSTRY.value
        self.in_industry = [(row[0], row[1]) for row in table if row[2] == linked]
        self.size = len(number)

    def inside(self, keep: np.ndarray) -> np.ndarray:
        """Which edges have both ends among the ``keep`` nodes."""
        both = (self.source >= 0) & (self.target >= 0)
        both[both] = keep[self.source[both]] & keep[self.target[both]]
        return both

    def degree(self, keep: np.ndarray) -> np.ndarray:
        """Each node's degree counting only edges between ``keep`` nodes."""
        inside = self.inside(keep)
        return np.bincount(self.source[inside], minlength=self.size) + np.bincount(
            self.target[inside], minlength=self.size
        )


def _industry_names(store: GraphStore) -> dict[str, str]:
    return {row[0]: row[2] for row in store.scan_nodes([NodeKind.INDUSTRY])}


def _industry_of(
    industries: dict[str, str], label: list[str], number: dict[str, int], edges: _EdgeColumns
) -> np.ndarray:
    """Each node's industry (its position in ``label``, -1 for none): an Industry node's own
    name, else the industry its first ``IN_INDUSTRY`` edge points to."""
    at = {name: i for i, name in enumerate(label)}
    found = np.full(len(number), -1, dtype=np.int64)
    for source, target in reversed(edges.in_industry):  # the first edge wins
        i = number.get(source)
        if i is not None and target in industries:
            found[i] = at[industries[target]]
    for node_id, name in industries.items():
        if node_id in number:
            found[number[node_id]] = at[name]
    return found


def _fold(
    keys: np.ndarray, kind_names: list[str], label: list[str], max_groups: int
) -> tuple[list[Group], np.ndarray]:
    """Groups from (kind, industry) codes; above ``max_groups`` the smallest fold into (kind, 其他).

    Returns the groups (sorted by kind, then industry, 其他 last) and each code's group number.
    """
    width = len(label) + 2
    codes, counts = np.unique(keys, return_counts=True)
    if len(codes) > max_groups:
        kinds_present = len(set((codes // width).tolist()))
        big = codes[np.argsort(-counts, kind="stable")[: max(0, max_groups - kinds_present)]]
        folded = (keys // width) * width + (width - 1)
        keys = np.where(np.isin(keys, big), keys, folded)
        codes = np.unique(keys)
    groups = []
    for code in codes.tolist():
        rest = code % width
        name = "" if rest == 0 else OTHER_INDUSTRY if rest == width - 1 else label[rest - 1]
        groups.append(Group(kind_names[code // width], name))
    return groups, np.searchsorted(codes, keys)


def _counted(
    groups: list[Group],
    node_group: np.ndarray,
    ids: list[str],
    names: dict[str, str],
    marks: np.ndarray,
    edges: _EdgeColumns,
) -> Overview:
    """Counts per group (members best-connected first, example data, edges) from node groups."""
    count = len(groups)
    keep = node_group >= 0
    inside = edges.inside(keep)
    source, target, kind = edges.source[inside], edges.target[inside], edges.kind[inside]
    degree = np.bincount(source, minlength=len(ids)) + np.bincount(target, minlength=len(ids))
    a, b = node_group[source], node_group[target]
    internal = np.bincount(a[a == b], minlength=count)
    cross = a != b
    width = len(edges.kind_names)
    codes, counts = np.unique(
        (a[cross] * count + b[cross]) * width + kind[cross], return_counts=True
    )
    pairs = [
        (code // width // count, code // width % count, edges.kind_names[code % width], n)
        for code, n in zip(codes.tolist(), counts.tolist(), strict=True)
    ]
    kept = np.flatnonzero(keep)
    # ties in the order the store lists nodes (by kind and id on the embedded store)
    order = kept[np.lexsort((-degree[kept], node_group[kept]))]
    bounds = np.searchsorted(node_group[order], np.arange(count + 1)).tolist()
    some = np.bincount(node_group[kept], weights=marks[kept] > 0, minlength=count)
    every = np.bincount(node_group[kept], weights=marks[kept] == 2, minlength=count)
    group_of: dict[str, int] = {}
    for i, group in enumerate(groups):
        group.members = [ids[j] for j in order[bounds[i] : bounds[i + 1]].tolist()]
        group.top = group.members[:TOP_MEMBERS]
        group.internal_edges = int(internal[i])
        group.synthetic, group.synthetic_all = int(some[i]), int(every[i])
        group_of.update(dict.fromkeys(map(str, group.members), i))
    return Overview(
        groups=groups,
        edges=pairs,
        names=names,
        group_of=group_of,
        total_nodes=len(kept),
        total_edges=int(inside.sum()),
    )


_cache: OrderedDict[tuple[object, ...], Overview] = OrderedDict()
_lock = threading.Lock()


def cached_overview(
    store: GraphStore,
    *,
    kinds: Collection[NodeKind] | None = None,
    industry: str | None = None,
    limit: int | None = None,
) -> Overview:
    """:func:`network_overview`, kept for the store's generation: the page's member and search
    requests answer from memory while the graph is unchanged."""
    key = (
        id(store),
        store.generation(),
        tuple(sorted(k.value for k in kinds or ())),
        industry,
        limit,
    )
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    found = network_overview(store, kinds=kinds, industry=industry, limit=limit)
    with _lock:
        _cache[key] = found
        while len(_cache) > _CACHED:
            _cache.popitem(last=False)
    return found


def network_view(
    store: GraphStore,
    *,
    kinds: Collection[NodeKind] | None = None,
    industry: str | None = None,
    limit: int | None = None,
) -> Overview | nx.MultiDiGraph:
    """What a network view of these filters draws: its nodes (a store subgraph with facts and
    provenance) up to ``AGGREGATE_ABOVE`` nodes, else its groups with counts.

    Without ``industry`` the store's counts by kind decide, so a small view never scans; with
    it, the (cached) overview does.
    """
    if industry is None:
        by_kind = store.stats().by_kind
        wanted = {k.value for k in kinds} if kinds else set(by_kind)
        count = sum(n for kind, n in by_kind.items() if kind in wanted)
        if min(count, limit or count) <= AGGREGATE_ABOVE:
            return network_graph(store, kinds=kinds, limit=limit)
    ov = cached_overview(store, kinds=kinds, industry=industry, limit=limit)
    if ov.total_nodes <= AGGREGATE_ABOVE:
        return network_graph(store, kinds=kinds, industry=industry, limit=limit)
    return ov
