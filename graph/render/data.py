"""The data a network page draws, as one JSON-ready dict, and JSON that is safe inside ``<script>``.

Nodes travel as short arrays (``[id, name, kind, x, y, value, synthetic, community, optional]``)
with their flags, provenance and facts (labelled in Chinese with units, :mod:`graph.render.fields`)
beside them, so 5,000 nodes cost about 1 MB; vis-network node ids are the array positions.
``synthetic`` is 2 when every record of the node is example data, 1 when some are; ``community``
the node's Louvain community (:func:`graph.analytics.communities`, largest first, -1 for none);
``optional`` 1 for a hub the page starts with hidden (see :func:`graph.render.select.ego_graph`).

Examples
--------
>>> safe_json({"name": "</script><script>alert(1)</script>"})
'{"name":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Hashable, Mapping
from typing import Any

import networkx as nx

from graph.analytics import communities
from graph.i18n import _
from graph.render.aggregate import OTHER_INDUSTRY, Overview, aggregate
from graph.render.fields import fact_rows, node_flags, synthetic_share
from graph.render.layout import EDGE_LENGTH, group_layout, layout
from graph.render.style import (
    EDGE_STYLES,
    NODE_STYLES,
    EdgeStyle,
    NodeStyle,
    edge_style,
    node_style,
)

__all__ = [
    "MEMBERS_INLINE",
    "aggregate_payload",
    "graph_payload",
    "overview_payload",
    "safe_json",
]

MEMBERS_INLINE = 5_000
"""At most this many members of a page of groups are searchable in the page itself (an offline
file; a served page asks the API for members and search hits instead)."""

_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def safe_json(value: object) -> str:
    """Compact JSON with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped.

    These characters occur only inside JSON strings, where the escapes mean the same thing, so
    the text can sit in a ``<script>`` element without ending it or opening a comment.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    for char, escape in _UNSAFE.items():  # str.replace is several times faster than translate
        text = text.replace(char, escape)
    return text


def _kind_tables(
    node_kinds: list[str], edge_kinds: list[str]
) -> tuple[list[list[object]], list[list[object]], dict[str, int], dict[str, int]]:
    node_counts: dict[str, int] = {}
    for kind in node_kinds:
        node_counts[kind] = node_counts.get(kind, 0) + 1
    edge_counts: dict[str, int] = {}
    for kind in edge_kinds:
        edge_counts[kind] = edge_counts.get(kind, 0) + 1
    kinds = [
        [k, _label(k, NODE_STYLES), node_style(k).color, node_style(k).shape, node_counts[k]]
        for k in sorted(node_counts, key=_model_order(NODE_STYLES))
    ]
    ekinds = [
        [k, _label(k, EDGE_STYLES), edge_style(k).color, edge_counts[k]]
        for k in sorted(edge_counts, key=_model_order(EDGE_STYLES))
    ]
    return (
        kinds,
        ekinds,
        {str(k[0]): i for i, k in enumerate(kinds)},
        {str(k[0]): i for i, k in enumerate(ekinds)},
    )


def _label(kind: str, styles: Mapping[str, NodeStyle | EdgeStyle]) -> str:
    """The Chinese label of a model kind; other kinds keep their own name (so two stay apart)."""
    if kind in styles:
        return _(styles[kind].label)
    return _(node_style("").label) if kind == "Other" else kind


def _model_order(styles: Mapping[str, object]) -> Callable[[str], tuple[int, str]]:
    """Sort key: kinds in the model's order (as the legend lists them), unknown kinds last."""
    order = {str(k): i for i, k in enumerate(styles)}
    return lambda kind: (order.get(kind, len(order)), kind)


def _value(count: int) -> float:
    """vis-network scales node and label size linearly in this; the square root of the degree
    (or of a group's size) keeps hubs from dwarfing everything else."""
    return round(math.sqrt(count), 2)


def _pairs(G: nx.Graph) -> list[tuple[Hashable, Hashable, dict[str, Any]]]:
    return [(u, v, d) for u, v, d in G.edges(data=True)]


SYNTHETIC_CODE = {"": 0, "some": 1, "all": 2}


def graph_payload(
    G: nx.Graph, *, edge_details: bool, optional: Collection[Hashable] = ()
) -> dict[str, Any]:
    """Every node and edge of ``G`` with a layout, flags, provenance, facts and communities.

    ``optional`` nodes (hubs) start hidden behind a toggle: the layout is made without them,
    each then placed beside the nodes it links to, so turning them on does not move the rest.
    """
    nodes = list(G)
    index = {u: i for i, u in enumerate(nodes)}
    hidden = {u for u in optional if u in index}
    pairs = _pairs(G)
    node_kinds = [str(G.nodes[u].get("kind") or "Other") for u in nodes]
    edge_kinds = [str(d.get("kind") or "Other") for _u, _v, d in pairs]
    kinds, ekinds, kind_index, ekind_index = _kind_tables(node_kinds, edge_kinds)
    pos = _positions(G, hidden)
    community = _communities(G)
    degree = dict(G.degree())
    rows: list[list[object]] = []
    info: list[dict[str, object]] = []
    synthetic_nodes = 0
    for i, u in enumerate(nodes):
        data = G.nodes[u]
        x, y = pos[u]
        provenance = list(data.get("provenance") or [])
        properties = dict(data.get("properties") or {})
        share = synthetic_share(provenance)
        synthetic_nodes += bool(share)
        rows.append(
            [
                str(u),
                str(data.get("name") or u),
                kind_index[node_kinds[i]],
                round(x, 1),
                round(y, 1),
                _value(degree[u]),
                SYNTHETIC_CODE[share],
                community.get(u, -1),
                int(u in hidden),
            ]
        )
        info.append(
            {
                "aliases": [str(a) for a in data.get("aliases") or []],
                "flags": node_flags(properties, share),
                "facts": fact_rows(properties),
                "provenance": provenance,
            }
        )
    edges: list[list[object]] = []
    for (u, v, d), kind in zip(pairs, edge_kinds, strict=True):
        row: list[object] = [index[u], index[v], ekind_index[kind]]
        if edge_details:
            row.append(_edge_title(kind, d))
        edges.append(row)
    return {
        "mode": "graph",
        "kinds": kinds,
        "edgeKinds": ekinds,
        "nodes": rows,
        "edges": edges,
        "info": info,
        "total": {"nodes": len(nodes), "edges": len(pairs)},
        "synthetic": {"nodes": synthetic_nodes},
        "communities": max(community.values(), default=-1) + 1,
    }


def _positions(G: nx.Graph, hidden: set[Hashable]) -> dict[Hashable, tuple[float, float]]:
    """The layout of the nodes drawn at first; each hidden hub beside the nodes it links to."""
    if not hidden:
        return layout(G)
    pos = layout(G.subgraph([u for u in G if u not in hidden]))
    for k, u in enumerate(sorted(hidden, key=str)):
        near = [pos[v] for v in nx.all_neighbors(G, u) if v in pos]
        cx = sum(p[0] for p in near) / len(near) if near else 0.0
        cy = sum(p[1] for p in near) / len(near) if near else 0.0
        angle = 2.4 * k  # golden-angle spread, so two hubs of one node do not coincide
        pos[u] = (cx + EDGE_LENGTH * math.cos(angle), cy + EDGE_LENGTH * math.sin(angle))
    return pos


def _communities(G: nx.Graph) -> dict[Hashable, int]:
    """Community number per node (largest community 0) from the analytics' Louvain run."""
    return {u: c for c, members in enumerate(communities(G)) for u in members}


def _edge_title(kind: str, data: dict[str, Any]) -> str:
    lines = [f"{_(edge_style(kind).label)} ({kind})"]
    for label, value, _key in fact_rows(data.get("properties") or {}):
        lines.append(f"{label}: {value}")
    for p in data.get("provenance") or []:
        if isinstance(p, dict):
            where = " ".join(str(p[k]) for k in ("source", "locator") if p.get(k))
            mark = "（" + _("示例数据") + "）" if p.get("synthetic") else ""
            lines.append(_("来源") + f": {where}{mark}")
    return "\n".join(lines)


def aggregate_payload(G: nx.Graph, *, members_inline: int = MEMBERS_INLINE) -> dict[str, Any]:
    """One node per (kind, industry) group of ``G``, with its top members and a bounded member
    index for search (see :func:`overview_payload`)."""
    groups, group_edges = aggregate(G)
    names = {str(u): str(G.nodes[u].get("name") or u) for u in G}
    aliases = {str(u): [str(a) for a in G.nodes[u].get("aliases") or ()] for u in G}
    for group in groups:
        for u in group.members:
            share = synthetic_share(G.nodes[u].get("provenance") or ())
            group.synthetic += bool(share)
            group.synthetic_all += share == "all"
    ov = Overview(
        groups=groups,
        edges=group_edges,
        names=names,
        group_of={str(u): i for i, g in enumerate(groups) for u in g.members},
        total_nodes=G.number_of_nodes(),
        total_edges=G.number_of_edges(),
    )
    return overview_payload(ov, members_inline=members_inline, aliases=aliases)


def _group_communities(H: nx.Graph) -> list[int]:
    """Louvain communities (seed 0) of the groups, weighted by their links; largest first."""
    if H.number_of_edges() == 0:
        return [-1] * H.number_of_nodes()
    found = nx.community.louvain_communities(H, weight="weight", seed=0)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
    number = {u: i for i, c in enumerate(ordered) if len(c) > 1 for u in c}
    return [number.get(i, -1) for i in range(H.number_of_nodes())]


def overview_payload(
    ov: Overview,
    *,
    members_inline: int = MEMBERS_INLINE,
    aliases: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The page of groups: group rows as in :func:`graph_payload` (example-data mark and
    community per group), each group's best-connected members, and at most ``members_inline``
    searchable members (each group's best-connected first; ``membersLeftOut`` says how many
    stay out: a served page asks the API for them instead)."""
    groups, group_edges = ov.groups, ov.edges
    H = nx.Graph()
    H.add_nodes_from(range(len(groups)))
    for a, b, _kind, n in group_edges:
        weight = math.log1p(n) + (H[a][b]["weight"] if H.has_edge(a, b) else 0.0)
        H.add_edge(a, b, weight=weight)
    pos = group_layout(H)
    community = _group_communities(H)
    node_kinds = [g.kind for g in groups]
    kinds, ekinds, kind_index, ekind_index = _kind_tables(
        node_kinds, [k for _a, _b, k, _n in group_edges]
    )
    for row in ekinds:
        row[3] = sum(n for _a, _b, k, n in group_edges if k == row[0])
    for row in kinds:
        row[4] = sum(g.count for g in groups if g.kind == row[0])
    rows: list[list[object]] = []
    info: list[dict[str, object]] = []
    for i, g in enumerate(groups):
        x, y = pos[i]
        kind_label = _(node_style(g.kind).label)
        name = f"{kind_label} · {g.industry}" if g.industry else kind_label
        label = f"{name} ({g.count})"
        if g.count == 1:  # an industry node, or the only one of its kind: its own name
            label = f"{ov.names.get(str(g.members[0])) or g.members[0]}（{kind_label}）"
        marked = 2 if g.count and g.synthetic_all == g.count else 1 if g.synthetic else 0
        rows.append(
            [
                *(f"{g.kind}|{g.industry}", label, kind_index[g.kind], round(x, 1), round(y, 1)),
                *(_value(g.count), marked, community[i], 0),
            ]
        )
        info.append(
            {
                "group": {
                    "kind": g.kind,
                    "industry": g.industry,
                    "count": g.count,
                    "internalEdges": g.internal_edges,
                    "synthetic": g.synthetic,
                    # the smallest groups folded together have no single view to drill into
                    "folded": g.industry == OTHER_INDUSTRY,
                },
                "top": [[str(u), ov.names.get(str(u)) or str(u)] for u in g.top],
            }
        )
    # Each group's best-connected members first, then the rest, up to members_inline.
    listed = [u for g in groups for u in g.top][:members_inline]
    seen = set(listed)
    for g in groups:
        if len(listed) >= members_inline:
            break
        listed += [u for u in g.members if u not in seen][: members_inline - len(listed)]
    members = [
        [
            ov.names.get(str(u)) or str(u),
            list((aliases or {}).get(str(u), ())),
            ov.group_of[str(u)],
            str(u),
        ]
        for u in listed
    ]
    edges = [[a, b, ekind_index[k], n] for a, b, k, n in group_edges]
    edge_total = ov.total_edges
    return {
        "mode": "aggregate",
        "kinds": kinds,
        "edgeKinds": ekinds,
        "nodes": rows,
        "edges": edges,
        "info": info,
        "members": members,
        "membersLeftOut": ov.total_nodes - len(members),
        "total": {"nodes": ov.total_nodes, "edges": edge_total},
        "synthetic": {"nodes": ov.synthetic_nodes},
        "communities": max(community, default=-1) + 1,
    }
