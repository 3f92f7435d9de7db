"""How each node kind and edge kind looks: colour, vis-network shape, Chinese label.

Every node kind has its own colour, and kinds that could be confused also differ in shape.
The palette is checked by ``tests/graph/test_render_style.py``: every two node colours are at
least 15 apart in CIEDE2000 and every fill has a contrast of at least 1.8:1 on the white page
(the dark border and the label below carry the rest). Labels are message ids: they are shown
through :func:`graph.i18n._`.

Examples
--------
>>> node_style("Enterprise").label
'企业'
>>> node_style("Something else").shape
'dot'
>>> edge_style("COOPERATES_WITH").label
'合作'
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.i18n import N_
from graph.labels import KIND_LABELS
from graph.model import EdgeKind, NodeKind

__all__ = [
    "COMMUNITY_COLORS",
    "EDGE_STYLES",
    "NODE_STYLES",
    "OTHER_COMMUNITY",
    "EdgeStyle",
    "NodeStyle",
    "edge_style",
    "node_style",
]


@dataclass(frozen=True)
class NodeStyle:
    """A node kind's colour (background), vis-network shape and label in the legend."""

    color: str
    shape: str
    label: str


@dataclass(frozen=True)
class EdgeStyle:
    """An edge kind's colour and label (drawn on the edge in small views)."""

    color: str
    label: str


# Shapes are the ones vis-network draws with the label below (no text-fitting boxes).
NODE_STYLES: dict[str, NodeStyle] = {
    NodeKind.ENTERPRISE: NodeStyle("#1f77b4", "dot", KIND_LABELS[NodeKind.ENTERPRISE]),
    NodeKind.INSTITUTION: NodeStyle("#d62728", "diamond", KIND_LABELS[NodeKind.INSTITUTION]),
    NodeKind.PLATFORM: NodeStyle("#ff7f0e", "square", KIND_LABELS[NodeKind.PLATFORM]),
    NodeKind.COMMUNITY: NodeStyle("#9467bd", "hexagon", KIND_LABELS[NodeKind.COMMUNITY]),
    NodeKind.TALENT_PROGRAM: NodeStyle("#e6b400", "star", KIND_LABELS[NodeKind.TALENT_PROGRAM]),
    NodeKind.TRANSFER_AGENCY: NodeStyle(
        "#2ca02c", "triangle", KIND_LABELS[NodeKind.TRANSFER_AGENCY]
    ),
    NodeKind.POLICY: NodeStyle("#8c564b", "triangleDown", KIND_LABELS[NodeKind.POLICY]),
    NodeKind.INDUSTRY: NodeStyle("#17becf", "hexagon", KIND_LABELS[NodeKind.INDUSTRY]),
    NodeKind.REGION: NodeStyle("#7f7f7f", "square", KIND_LABELS[NodeKind.REGION]),
    NodeKind.NEED: NodeStyle("#e377c2", "triangleDown", KIND_LABELS[NodeKind.NEED]),
    NodeKind.RESULT: NodeStyle("#7fc97f", "triangle", KIND_LABELS[NodeKind.RESULT]),
    NodeKind.PROJECT: NodeStyle("#004d40", "diamond", KIND_LABELS[NodeKind.PROJECT]),
    NodeKind.DOCUMENT: NodeStyle("#c5b0d5", "square", KIND_LABELS[NodeKind.DOCUMENT]),
    NodeKind.TARGET: NodeStyle("#393b79", "star", KIND_LABELS[NodeKind.TARGET]),
}
OTHER_NODE = NodeStyle("#b0b0b0", "dot", N_("其他"))

EDGE_STYLES: dict[str, EdgeStyle] = {
    EdgeKind.COOPERATES_WITH: EdgeStyle("#d62728", N_("合作")),
    EdgeKind.PARTICIPATES_IN: EdgeStyle("#1f77b4", N_("参与")),
    EdgeKind.MEMBER_OF: EdgeStyle("#9467bd", N_("成员")),
    EdgeKind.OWNS: EdgeStyle("#ff7f0e", N_("拥有")),
    EdgeKind.APPLIES_TO: EdgeStyle("#8c564b", N_("适用")),
    EdgeKind.IN_INDUSTRY: EdgeStyle("#17becf", N_("所属产业")),
    EdgeKind.LOCATED_IN: EdgeStyle("#7f7f7f", N_("位于")),
    EdgeKind.HAS_NEED: EdgeStyle("#e377c2", N_("提出需求")),
    EdgeKind.HAS_RESULT: EdgeStyle("#7fc97f", N_("拥有成果")),
    EdgeKind.SERVES: EdgeStyle("#2ca02c", N_("服务")),
    EdgeKind.MENTIONED_IN: EdgeStyle("#c5b0d5", N_("提及")),
    EdgeKind.SETS: EdgeStyle("#393b79", N_("设定")),
    EdgeKind.PART_OF: EdgeStyle("#79706e", N_("隶属")),
}
OTHER_EDGE = EdgeStyle("#b0b0b0", N_("关联"))

COMMUNITY_COLORS: tuple[str, ...] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#e6b400",
    "#004d40",
    "#393b79",
    "#7fc97f",
)
"""Colours of the largest communities in the community colour mode, largest first."""
OTHER_COMMUNITY = "#d9d9d9"
"""Colour of the nodes in no community or in one past the palette (small ones)."""


def node_style(kind: str) -> NodeStyle:
    """The style of a node kind; unknown kinds (plain networkx graphs) share a grey dot."""
    return NODE_STYLES.get(kind, OTHER_NODE)


def edge_style(kind: str) -> EdgeStyle:
    """The style of an edge kind; unknown kinds share a grey line."""
    return EDGE_STYLES.get(kind, OTHER_EDGE)
