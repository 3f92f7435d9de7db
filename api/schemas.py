"""Response and request schemas of the API, in families per resource."""

from __future__ import annotations

from pydantic import BaseModel, Field

from graph.model import Node, PropertyValue
from graph.stores.base import GraphStats, Neighbour

__all__ = [
    "EntitiesPublic",
    "EntityDetail",
    "EntityPublic",
    "EntitySummary",
    "HealthPublic",
    "NeighbourPublic",
    "ProvenancePublic",
    "StatsPublic",
]


class ProvenancePublic(BaseModel):
    """Where a record came from."""

    source: str
    locator: str | None = None
    synthetic: bool = False
    at: str
    note: str | None = None


class EntitySummary(BaseModel):
    """An entity in a list of neighbours or answers."""

    id: str
    kind: str
    name: str


class EntityPublic(EntitySummary):
    """An entity with every fact and its provenance."""

    aliases: list[str]
    properties: dict[str, PropertyValue]
    provenance: list[ProvenancePublic]

    @classmethod
    def of(cls, node: Node) -> EntityPublic:
        """The public form of a node."""
        return cls(
            id=node.id,
            kind=node.kind.value,
            name=node.name,
            aliases=list(node.aliases),
            properties=dict(node.properties),
            provenance=[ProvenancePublic(**p.model_dump(mode="json")) for p in node.provenance],
        )


class EntitiesPublic(BaseModel):
    """A page of entities."""

    items: list[EntityPublic]
    total: int


class NeighbourPublic(BaseModel):
    """An edge at an entity and the entity at its other end."""

    edge_id: str
    edge_kind: str
    direction: str
    node: EntitySummary
    properties: dict[str, PropertyValue] = Field(default_factory=dict)
    provenance: list[ProvenancePublic] = Field(default_factory=list)

    @classmethod
    def of(cls, n: Neighbour) -> NeighbourPublic:
        """The public form of a neighbour."""
        return cls(
            edge_id=n.edge.id,
            edge_kind=n.edge.kind.value,
            direction=n.direction,
            node=EntitySummary(id=n.node.id, kind=n.node.kind.value, name=n.node.name),
            properties=dict(n.edge.properties),
            provenance=[ProvenancePublic(**p.model_dump(mode="json")) for p in n.edge.provenance],
        )


class EntityDetail(EntityPublic):
    """An entity with its neighbours."""

    neighbours: list[NeighbourPublic]


class StatsPublic(GraphStats):
    """Counts of the whole graph and the store it lives in."""

    store: str


class HealthPublic(BaseModel):
    """Liveness and the store's reachability."""

    status: str
    store: str
    detail: str | None = None
