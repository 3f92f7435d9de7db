"""One text form of a node's or edge's body, shared by the stores that persist text.

The body holds what is not a column: aliases, properties (dates kept as dates) and provenance.

>>> from graph.model import Provenance
>>> n = Node.create(NodeKind.ENTERPRISE, "华升化工", aliases=["华升"],
...                 provenance=[Provenance(source="demo", locator="row 2")])
>>> decode_node(n.id, n.kind.value, n.name, encode_body(n)) == n
True
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from graph.model import Edge, EdgeKind, Node, NodeKind, Provenance, dumps_json, loads_json

__all__ = ["decode_edge", "decode_node", "encode_body"]


def encode_body(record: Node | Edge) -> str:
    """The JSON body of a node or edge (everything but id, kind, name and endpoints).

    Assembled from pieces: bulk loads share provenance entries and mostly have few
    properties, so each piece that repeats is encoded once.
    """
    properties = dumps_json(record.properties) if record.properties else "{}"
    provenance = ",".join(_provenance_json(p) for p in record.provenance)
    body = f'{{"properties":{properties},"provenance":[{provenance}]'
    if isinstance(record, Node):
        aliases = dumps_json(record.aliases) if record.aliases else "[]"
        body += f',"aliases":{aliases}'
    return body + "}"


@lru_cache(maxsize=65536)
def _provenance_json(provenance: Provenance) -> str:
    return dumps_json(provenance.model_dump(mode="json"))


def _provenance(body: dict[str, list[dict[str, Any]]]) -> list[Provenance]:
    # Written by encode_body, so already valid: construct without validating.
    return [
        Provenance.model_construct(**{**p, "at": datetime.fromisoformat(p["at"])})
        for p in body["provenance"]
    ]


def decode_node(node_id: str, kind: str, name: str, text: str) -> Node:
    """Rebuild a node from its columns and body."""
    body = loads_json(text)
    return Node.model_construct(
        id=node_id,
        kind=NodeKind(kind),
        name=name,
        aliases=body.get("aliases", []),
        properties=body["properties"],
        provenance=_provenance(body),
    )


def decode_edge(edge_id: str, kind: str, source: str, target: str, key: str, text: str) -> Edge:
    """Rebuild an edge from its columns and body."""
    body = loads_json(text)
    return Edge.model_construct(
        id=edge_id,
        kind=EdgeKind(kind),
        source=source,
        target=target,
        key=key,
        properties=body["properties"],
        provenance=_provenance(body),
    )
