"""A small cooperation graph for the matchmaking tests (built by hand, marked synthetic)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind
from graph.stores.embedded import EmbeddedStore
from tests.conftest import prov


def match_batch() -> GraphBatch:
    """Jujube and chemical enterprises, four institutions, projects, industries and regions.

    - 冬枣甲 and 冬枣乙 (jujube) both worked with 河北农业大学; 冬枣乙 also with 中国农业大学.
    - 化工丙 (chemicals) worked with 天津大学 in a project.
    - 山东省农业科学院 has a jujube and preservation profile but no cooperation yet.
    """
    p = [prov()]

    def node(kind: NodeKind, name: str, **props: object) -> Node:
        return Node.create(kind, name, properties=dict(props), provenance=p)  # type: ignore[arg-type]

    nodes = [
        node(NodeKind.ENTERPRISE, "冬枣甲", industry="冬枣"),
        node(NodeKind.ENTERPRISE, "冬枣乙", industry="冬枣"),
        node(NodeKind.ENTERPRISE, "化工丙", industry="化工"),
        node(
            NodeKind.INSTITUTION,
            "河北农业大学",
            profile="枣树研究、园艺、食品科学",
            keywords=["冬枣", "jujube"],
        ),
        node(
            NodeKind.INSTITUTION,
            "中国农业大学",
            profile="食品科学、果蔬保鲜、农业工程",
            keywords=["保鲜", "food science"],
        ),
        node(
            NodeKind.INSTITUTION,
            "山东省农业科学院",
            profile="冬枣栽培、农产品加工与保鲜",
            keywords=["冬枣", "保鲜", "深加工"],
        ),
        node(
            NodeKind.INSTITUTION,
            "天津大学",
            profile="化学工程、废水处理与回用",
            keywords=["化工", "废水处理"],
        ),
        node(NodeKind.INDUSTRY, "冬枣"),
        node(NodeKind.INDUSTRY, "化工"),
        node(NodeKind.PROJECT, "化工废水回用项目", title="化工废水处理与回用"),
        Node.create(NodeKind.REGION, "北京市", key="11", provenance=p),
        Node.create(NodeKind.REGION, "天津市", key="12", provenance=p),
        Node.create(NodeKind.REGION, "山东省", key="37", provenance=p),
    ]

    def edge(u: str, kind: EdgeKind, v: str) -> Edge:
        return Edge(kind=kind, source=u, target=v, provenance=p)

    edges = [
        edge("enterprise:冬枣甲", EdgeKind.COOPERATES_WITH, "institution:河北农业大学"),
        edge("enterprise:冬枣乙", EdgeKind.COOPERATES_WITH, "institution:河北农业大学"),
        edge("enterprise:冬枣乙", EdgeKind.COOPERATES_WITH, "institution:中国农业大学"),
        edge("enterprise:化工丙", EdgeKind.PARTICIPATES_IN, "project:化工废水回用项目"),
        edge("institution:天津大学", EdgeKind.PARTICIPATES_IN, "project:化工废水回用项目"),
        edge("enterprise:冬枣甲", EdgeKind.IN_INDUSTRY, "industry:冬枣"),
        edge("enterprise:冬枣乙", EdgeKind.IN_INDUSTRY, "industry:冬枣"),
        edge("enterprise:化工丙", EdgeKind.IN_INDUSTRY, "industry:化工"),
        edge("institution:中国农业大学", EdgeKind.LOCATED_IN, "region:11"),
        edge("institution:天津大学", EdgeKind.LOCATED_IN, "region:12"),
        edge("institution:河北农业大学", EdgeKind.LOCATED_IN, "region:37"),
        edge("institution:山东省农业科学院", EdgeKind.LOCATED_IN, "region:37"),
    ]
    return GraphBatch(nodes=nodes, edges=edges)


@pytest.fixture
def match_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An opened embedded store holding :func:`match_batch`."""
    store = EmbeddedStore(tmp_path / "match.db")
    store.open()
    store.upsert(match_batch())
    yield store
    store.close()
