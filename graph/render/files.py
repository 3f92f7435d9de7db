"""A drawn graph as files for other tools: CSV (nodes.csv and edges.csv in a zip), GraphML, GEXF.

GraphML and GEXF are for Gephi, yEd and the like, written by networkx's own writers; attributes
are flattened to text and numbers those formats hold (name, kind and its Chinese label, the
example-data mark, the community, sources). CSV cells go through
:func:`graph.exports.spreadsheet_safe`, so a name like ``=HYPERLINK(...)`` opens as text.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("e:1", kind="Enterprise", name="=1+1", provenance=[{"synthetic": True}])
>>> _ = G.add_edge("e:1", "e:1", kind="OWNS")
>>> text = graph_file(G, "graphml").decode()
>>> "示例" in text and "<graphml" in text
True
>>> sorted(zipfile.ZipFile(io.BytesIO(graph_file(G, "csv"))).namelist())
['edges.csv', 'nodes.csv']
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any, Literal

import networkx as nx

from graph.analytics import communities
from graph.exports import spreadsheet_safe
from graph.i18n import _
from graph.render.fields import synthetic_share
from graph.render.style import edge_style, node_style

__all__ = ["FORMATS", "MEDIA_TYPES", "GraphFormat", "flat_graph", "graph_file"]

GraphFormat = Literal["csv", "graphml", "gexf"]
FORMATS: tuple[GraphFormat, ...] = ("csv", "graphml", "gexf")
MEDIA_TYPES = {
    "csv": "application/zip",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}
"""What each format is sent as (CSV comes as a zip of two files)."""


def _sources(provenance: list[Any]) -> str:
    parts = []
    for p in provenance:
        if isinstance(p, dict):
            where = " ".join(str(p[k]) for k in ("source", "locator") if p.get(k))
            parts.append(where + ("（" + _("示例数据") + "）" if p.get("synthetic") else ""))
    return "; ".join(parts)


def flat_graph(G: nx.Graph) -> nx.MultiDiGraph | nx.MultiGraph:
    """``G`` with text and number attributes only, the same in every format.

    Parallel edges stay apart in GraphML and GEXF as a multigraph would not in every reader:
    each edge keeps its own id in ``id``.
    """
    community = {u: c for c, members in enumerate(communities(G)) for u in members}
    H: nx.MultiDiGraph | nx.MultiGraph = nx.MultiDiGraph() if G.is_directed() else nx.MultiGraph()
    for u, data in G.nodes(data=True):
        kind = str(data.get("kind") or "")
        share = synthetic_share(list(data.get("provenance") or []))
        H.add_node(
            str(u),
            label=str(data.get("name") or u),
            kind=kind,
            kind_label=_(node_style(kind).label),
            synthetic={"all": _("示例"), "some": _("部分示例"), "": ""}[share],
            community=community.get(u, -1),
            sources=_sources(list(data.get("provenance") or [])),
        )
    for u, v, *rest in G.edges(keys=G.is_multigraph(), data=True):
        edge: dict[str, Any] = rest[-1]
        kind = str(edge.get("kind") or "")
        synthetic = any(
            isinstance(p, dict) and p.get("synthetic") for p in edge.get("provenance") or []
        )
        H.add_edge(
            str(u),
            str(v),
            id=str(rest[0]) if G.is_multigraph() else f"{u}->{v}",
            kind=kind,
            label=_(edge_style(kind).label),
            synthetic=_("示例") if synthetic else "",
            sources=_sources(list(edge.get("provenance") or [])),
        )
    return H


def _csv(table: list[list[Any]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([spreadsheet_safe(cell) for cell in row] for row in table)
    return ("\ufeff" + text.getvalue()).encode("utf-8")  # a BOM, so Excel reads the Chinese


def graph_file(G: nx.Graph, fmt: GraphFormat) -> bytes:
    """The bytes of ``G`` in ``fmt``: a zip of nodes.csv and edges.csv, GraphML or GEXF."""
    H = flat_graph(G)
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(H, buffer, encoding="utf-8")
        return buffer.getvalue()
    if fmt == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(H, buffer, encoding="utf-8")
        return buffer.getvalue()
    node_keys = ["label", "kind", "kind_label", "synthetic", "community", "sources"]
    edge_keys = ["kind", "label", "synthetic", "sources"]
    nodes: list[list[Any]] = [["id", *node_keys]]
    nodes += [[u, *(d[k] for k in node_keys)] for u, d in H.nodes(data=True)]
    edges: list[list[Any]] = [["source", "target", "id", *edge_keys]]
    edges += [[u, v, d["id"], *(d[k] for k in edge_keys)] for u, v, d in H.edges(data=True)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", _csv(nodes))
        archive.writestr("edges.csv", _csv(edges))
    return out.getvalue()
