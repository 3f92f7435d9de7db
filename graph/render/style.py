"""How each node kind and edge kind looks: colour, vis-network shape, Chinese label.

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

from graph.model import EdgeKind, NodeKind

__all__ = ["EDGE_STYLES", "NODE_STYLES", "EdgeStyle", "NodeStyle", "edge_style", "node_style"]


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


# Shapes are the ones vis-network draws fastest with the label below (no text-fitting boxes).
NODE_STYLES: dict[str, NodeStyle] = {
    NodeKind.ENTERPRISE: NodeStyle("#4e79a7", "dot", "企业"),
    NodeKind.INSTITUTION: NodeStyle("#e15759", "diamond", "高校院所"),
    NodeKind.PLATFORM: NodeStyle("#f28e2b", "square", "创新平台"),
    NodeKind.COMMUNITY: NodeStyle("#b07aa1", "hexagon", "创新创业共同体"),
    NodeKind.TALENT_PROGRAM: NodeStyle("#edc948", "star", "人才项目"),
    NodeKind.TRANSFER_AGENCY: NodeStyle("#59a14f", "triangle", "技术转移机构"),
    NodeKind.POLICY: NodeStyle("#9c755f", "triangleDown", "政策"),
    NodeKind.INDUSTRY: NodeStyle("#76b7b2", "hexagon", "产业"),
    NodeKind.REGION: NodeStyle("#bab0ac", "square", "地区"),
    NodeKind.NEED: NodeStyle("#ff9da7", "triangleDown", "技术需求"),
    NodeKind.RESULT: NodeStyle("#8cd17d", "triangle", "科技成果"),
    NodeKind.PROJECT: NodeStyle("#86bcb6", "diamond", "合作项目"),
    NodeKind.DOCUMENT: NodeStyle("#d4a6c8", "square", "文件"),
    NodeKind.TARGET: NodeStyle("#f1ce63", "star", "目标"),
}
OTHER_NODE = NodeStyle("#9d9d9d", "dot", "其他")

EDGE_STYLES: dict[str, EdgeStyle] = {
    EdgeKind.COOPERATES_WITH: EdgeStyle("#e15759", "合作"),
    EdgeKind.PARTICIPATES_IN: EdgeStyle("#4e79a7", "参与"),
    EdgeKind.MEMBER_OF: EdgeStyle("#b07aa1", "成员"),
    EdgeKind.OWNS: EdgeStyle("#f28e2b", "拥有"),
    EdgeKind.APPLIES_TO: EdgeStyle("#9c755f", "适用"),
    EdgeKind.IN_INDUSTRY: EdgeStyle("#76b7b2", "所属产业"),
    EdgeKind.LOCATED_IN: EdgeStyle("#bab0ac", "位于"),
    EdgeKind.HAS_NEED: EdgeStyle("#ff9da7", "提出需求"),
    EdgeKind.HAS_RESULT: EdgeStyle("#8cd17d", "拥有成果"),
    EdgeKind.SERVES: EdgeStyle("#59a14f", "服务"),
    EdgeKind.MENTIONED_IN: EdgeStyle("#d4a6c8", "提及"),
    EdgeKind.SETS: EdgeStyle("#f1ce63", "设定"),
    EdgeKind.PART_OF: EdgeStyle("#79706e", "隶属"),
}
OTHER_EDGE = EdgeStyle("#9d9d9d", "关联")


def node_style(kind: str) -> NodeStyle:
    """The style of a node kind; unknown kinds (plain networkx graphs) share a grey dot."""
    return NODE_STYLES.get(kind, OTHER_NODE)


def edge_style(kind: str) -> EdgeStyle:
    """The style of an edge kind; unknown kinds share a grey line."""
    return EDGE_STYLES.get(kind, OTHER_EDGE)
