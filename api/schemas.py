"""Response and request schemas of the API, in families per resource."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated
from urllib.parse import quote

from pydantic import BaseModel, Field, StringConstraints

from graph.match.query import AdoptersQuery, PartnersQuery
from graph.match.rank import Match
from graph.model import Node, PropertyValue
from graph.stores.base import GraphStats, Neighbour

__all__ = [
    "AdoptersRequest",
    "EntitiesPublic",
    "EntityDetail",
    "EntityPublic",
    "EntitySummary",
    "HealthPublic",
    "MatchPublic",
    "MatchesPublic",
    "NeighbourPublic",
    "PartnersRequest",
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


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
NodeId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=512)]
MatchK = Annotated[int, Field(ge=1, le=100)]


class PartnersRequest(PartnersQuery):
    """An enterprise id, a need text, or both."""

    k: MatchK = 10
    source: NodeId | None = Field(default=None, alias="enterprise")
    text: Text | None = Field(default=None, alias="need")


class AdoptersRequest(AdoptersQuery):
    """An institution id, a result text, or both."""

    k: MatchK = 10
    source: NodeId | None = Field(default=None, alias="institution")
    text: Text | None = Field(default=None, alias="result")


class MatchPublic(Match):
    """One ranked candidate: score, per-signal breakdown, justifying paths, reasons, view."""

    view: str

    @classmethod
    def of(cls, match: Match) -> MatchPublic:
        """The public form of a match, with a link to its network view.

        ``match`` was validated when it was ranked: it is copied over, not validated again.
        """
        return cls.model_construct(**dict(match), view=f"/views/ego/{quote(match.id, safe='')}")


class MatchesPublic(BaseModel):
    """Ranked candidates, best first."""

    items: list[MatchPublic]

    @classmethod
    def of(cls, matches: Iterable[Match]) -> MatchesPublic:
        """The public form of ranked matches, in their order.

        Examples
        --------
        >>> m = Match(id="institution:天津大学", name="天津大学", kind="Institution",
        ...           score=1.0, signals={}, paths=[], reasons=[])
        >>> MatchesPublic.of([m]).items[0].view
        '/views/ego/institution%3A%E5%A4%A9%E6%B4%A5%E5%A4%A7%E5%AD%A6'
        """
        return cls.model_construct(items=[MatchPublic.of(m) for m in matches])
