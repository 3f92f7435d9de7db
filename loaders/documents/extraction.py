"""What one document yields: entities, relations and targets, and the graph records built from them.

:func:`loaders.documents.parse_document` fills an :class:`Extraction`; ``ttkg extract --json``
prints :meth:`Extraction.public`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from graph.model import EdgeKind, GraphBatch, NodeKind
from loaders.documents.text import NormalisedText

__all__ = [
    "OUTPUT_KINDS",
    "ExtractedEntity",
    "ExtractedRelation",
    "ExtractedTarget",
    "Extraction",
]

OUTPUT_KINDS = {
    NodeKind.INSTITUTION: "institution",
    NodeKind.ENTERPRISE: "enterprise",
    NodeKind.PLATFORM: "platform",
    NodeKind.COMMUNITY: "community",
    NodeKind.TALENT_PROGRAM: "talent_program",
    NodeKind.INDUSTRY: "industry",
    NodeKind.TRANSFER_AGENCY: "agency",
    NodeKind.POLICY: "policy",
}


class ExtractedEntity(BaseModel):
    """One entity the document names, with its first mention and how it was resolved."""

    kind: NodeKind
    node_id: str
    name: str
    surface: str
    aliases: list[str]
    span: tuple[int, int]
    original_span: tuple[int, int]
    rule: str
    score: float
    mentions: int = 1
    properties: dict[str, str] = Field(default_factory=dict)
    """What the mention said about it: a platform's ``type`` and ``kind``, ``status``."""


class ExtractedRelation(BaseModel):
    """A relation between two entities, with the sentence that states it."""

    kind: EdgeKind
    source: str
    target: str
    source_id: str
    target_id: str
    evidence: str
    span: tuple[int, int]
    uncertain: bool = False
    """Implied, not asserted: talks, visits, many-to-many lists with 等."""


class ExtractedTarget(BaseModel):
    """A numeric target the document sets."""

    text: str
    indicator: str
    subject: str
    op: str
    value: int | float
    unit: str
    span: tuple[int, int]
    node_id: str
    value_max: int | float | None = None
    """The upper bound of a range (``5-8家``); ``value`` is the lower one."""


@dataclass
class Extraction:
    """Everything read from one document, and the graph records built from it."""

    source: str
    title: str
    region: str | None
    year: int | None
    text: NormalisedText
    entities: list[ExtractedEntity] = field(default_factory=list)
    relations: list[ExtractedRelation] = field(default_factory=list)
    targets: list[ExtractedTarget] = field(default_factory=list)
    batch: GraphBatch = field(default_factory=GraphBatch)

    def by_kind(self, kind: NodeKind) -> list[ExtractedEntity]:
        """The entities of one kind."""
        return [e for e in self.entities if e.kind == kind]

    def public(self) -> dict[str, Any]:
        """The JSON ``ttkg extract --json`` prints (spans are in the normalised text).

        Keys present only when they say something: a platform's ``platform_kind``, a
        relation's ``uncertain``, a range target's ``value_max``.
        """
        nodes = {n.id: n for n in self.batch.nodes}
        entities = []
        for e in self.entities:
            entity: dict[str, Any] = {
                "kind": OUTPUT_KINDS[e.kind],
                "name": e.name,
                "surface": e.surface,
                "aliases": e.aliases,
                "span": list(e.span),
            }
            node = nodes.get(e.node_id)
            if e.kind == NodeKind.PLATFORM and node is not None and "kind" in node.properties:
                entity["platform_kind"] = node.properties["kind"]
            entities.append(entity)
        relations = []
        for r in self.relations:
            relation: dict[str, Any] = {
                "kind": r.kind.value,
                "source": r.source,
                "target": r.target,
                "evidence": r.evidence,
            }
            if r.uncertain:
                relation["uncertain"] = True
            relations.append(relation)
        targets = []
        for t in self.targets:
            target: dict[str, Any] = {
                "text": t.text,
                "indicator": t.indicator,
                "op": t.op,
                "value": t.value,
                "unit": t.unit,
            }
            if t.value_max is not None:
                target["value_max"] = t.value_max
            targets.append(target)
        return {"entities": entities, "relations": relations, "targets": targets}

    def scored(self) -> dict[str, Any]:
        """The record :func:`graph.evaluation.documents.score_documents` compares with labels."""

        nodes = {n.id: n for n in self.batch.nodes}

        def names(kind: NodeKind) -> list[dict[str, Any]]:
            found = []
            for e in self.by_kind(kind):
                record: dict[str, Any] = {"name": e.name, "surface": e.surface}
                record["aliases"] = e.aliases
                node = nodes.get(e.node_id)
                if node is not None and "kind" in node.properties:
                    record["kind"] = node.properties["kind"]
                found.append(record)
            return found

        entities = {e.node_id: e for e in self.entities}
        cooperations = []
        for r in self.relations:
            if r.kind != EdgeKind.COOPERATES_WITH:
                continue
            cooperations.append(
                {
                    "enterprise": r.source,
                    "institution": r.target,
                    "enterprise_aliases": _aliases(entities, r.source_id),
                    "institution_aliases": _aliases(entities, r.target_id),
                    "uncertain": r.uncertain,
                }
            )
        return {
            "institutions": names(NodeKind.INSTITUTION),
            "enterprises": names(NodeKind.ENTERPRISE),
            "talent_programs": names(NodeKind.TALENT_PROGRAM),
            "platforms": names(NodeKind.PLATFORM),
            "cooperations": cooperations,
            "targets": [
                {"text": t.text, "op": t.op, "value": t.value, "unit": t.unit} for t in self.targets
            ],
        }


def _aliases(entities: dict[str, ExtractedEntity], node_id: str) -> list[str]:
    entity = entities.get(node_id)
    return [entity.surface, *entity.aliases] if entity else []
