"""Response and request schemas of the API, in families per resource."""

from __future__ import annotations

import math
from collections.abc import Iterable
from http import HTTPStatus
from typing import Annotated, Any, Literal, Self
from urllib.parse import quote

from fastapi import Path, Query
from pydantic import BaseModel, Field, StringConstraints

from graph.match.query import AdoptersQuery, PartnersQuery
from graph.match.rank import Match, MatchAnswer
from graph.model import Node, PropertyValue
from graph.stores.base import GraphStats, Neighbour

__all__ = [
    "NO_NUL",
    "PROBLEM_MEDIA_TYPE",
    "AdoptersRequest",
    "EntitiesPublic",
    "EntityDetail",
    "EntityIdPath",
    "EntityPublic",
    "EntityReferencePath",
    "EntitySummary",
    "FactPublic",
    "FieldErrorPublic",
    "HealthPublic",
    "MatchPublic",
    "MatchesPublic",
    "NameQuery",
    "NeighbourPublic",
    "PartnersRequest",
    "ProblemPublic",
    "ProvenancePublic",
    "ReferenceProblemPublic",
    "StatsPublic",
    "ValidationProblemPublic",
    "problems",
]

NO_NUL = r"^[^\x00]*$"
"""Text parameters hold no NUL: no name or id has one, and stores refuse it."""

EntityIdPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=512,
        pattern=NO_NUL,
        description="an entity id such as `need:信恒枣业/冬枣保鲜与深加工`, "
        "percent-encoded or not (it may hold `/`)",
    ),
]
"""An id in a path, read with the ``:path`` converter since Project, Need and Result ids
hold ``/``."""

EntityReferencePath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=512,
        pattern=NO_NUL,
        description="an entity's id (`enterprise:华升化工`, percent-encoded or not), name, "
        "alias, credit code or a short name only it has",
    ),
]
"""An entity named in a path by anything :func:`graph.lookup.resolve` takes."""

NameQuery = Annotated[
    str | None,
    Query(min_length=1, max_length=300, pattern=NO_NUL, description="an id or a name"),
]
"""An optional id or name in the query string."""


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

    @classmethod
    def of(cls, node: Node) -> EntitySummary:
        """A node's id, kind and name."""
        return cls(id=node.id, kind=node.kind.value, name=node.name)


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
    total_capped: bool = False
    """True when a text search stopped counting: at least ``total`` entities match."""


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


class FactPublic(BaseModel):
    """One fact of an entity: its key, its label in the reader's language with year and unit
    (``研发费用（2018年，万元）``) and its value as a person reads it."""

    key: str
    label: str
    value: str


class EntityDetail(EntityPublic):
    """An entity with its flags, labelled facts and neighbours (also grouped by kind)."""

    synthetic: Literal["all", "some", ""] = ""
    """``all``: an example entity; ``some``: some of its facts come from example rows."""
    flags: list[str] = Field(default_factory=list)
    facts: list[FactPublic] = Field(default_factory=list)
    neighbours: list[NeighbourPublic]
    neighbours_by_kind: dict[str, list[NeighbourPublic]] = Field(default_factory=dict)
    """The neighbours by their kind's name in the reader's language (``企业``)."""

    @classmethod
    def of_node(cls, node: Node, neighbours: Iterable[Neighbour]) -> EntityDetail:
        """An entity's page: flags and facts first, then neighbours by kind."""
        from graph.lookup import kind_label
        from graph.render.fields import fact_rows, node_flags, synthetic_share

        public = EntityPublic.of(node)
        share = synthetic_share([p.model_dump() for p in public.provenance])
        near = [NeighbourPublic.of(n) for n in neighbours]
        by_kind: dict[str, list[NeighbourPublic]] = {}
        for n in sorted(near, key=lambda n: (n.node.kind, n.node.name)):
            by_kind.setdefault(kind_label(n.node.kind), []).append(n)
        return cls(
            **public.model_dump(),
            synthetic=share,
            flags=node_flags(node.properties, share),
            facts=[
                FactPublic(key=key, label=label, value=value)
                for label, value, key in fact_rows(node.properties)
            ],
            neighbours=near,
            neighbours_by_kind=by_kind,
        )


class StatsPublic(GraphStats):
    """Counts of the whole graph and the store it lives in."""

    store: str


class HealthPublic(BaseModel):
    """Liveness and the store's reachability."""

    status: str
    store: str
    detail: str | None = None


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, pattern=NO_NUL),
]
NodeId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=512, pattern=NO_NUL),
]
"""An entity's id, name, alias or credit code (resolved by :func:`graph.lookup.resolve`)."""
MatchK = Annotated[int, Field(ge=1, le=100)]
MatchText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=NO_NUL)]
"""A need or result text: blank and over-long texts are refused by the query, in Chinese."""


class PartnersRequest(PartnersQuery):
    """An enterprise id, a need text, or both."""

    k: MatchK = 10
    source: NodeId | None = Field(
        default=None, alias="enterprise", description="the enterprise's id, name or credit code"
    )
    text: MatchText | None = Field(default=None, alias="need")


class AdoptersRequest(AdoptersQuery):
    """An institution id, a result text, or both."""

    k: MatchK = 10
    source: NodeId | None = Field(
        default=None, alias="institution", description="the institution's id or any name"
    )
    text: MatchText | None = Field(default=None, alias="result")


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
    """Ranked candidates, best first, the entity they were ranked for (when one was), and how
    sure the answer is (``confidence``, with ``notes`` saying why it is ``low``)."""

    source: EntitySummary | None = None
    items: list[MatchPublic]
    confidence: Literal["low", "normal"] = "normal"
    key_terms: list[str] = []
    uncovered_terms: list[str] = []
    notes: list[str] = []
    tie_rule: str = ""

    @classmethod
    def of(
        cls, matches: Iterable[Match] | MatchAnswer, *, source: Node | None = None
    ) -> MatchesPublic:
        """The public form of ranked matches, in their order.

        Examples
        --------
        >>> m = Match(id="institution:天津大学", name="天津大学", kind="Institution",
        ...           score=1.0, signals={}, paths=[], reasons=[])
        >>> MatchesPublic.of([m]).items[0].view
        '/views/ego/institution%3A%E5%A4%A9%E6%B4%A5%E5%A4%A7%E5%AD%A6'
        """
        summary = None if source is None else EntitySummary.of(source)
        if isinstance(matches, MatchAnswer):
            judged = matches.model_dump(exclude={"items"})
            items = [MatchPublic.of(m) for m in matches.items]
            return cls.model_construct(source=summary, items=items, **judged)
        return cls.model_construct(source=summary, items=[MatchPublic.of(m) for m in matches])


PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemPublic(BaseModel):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field(default="about:blank", description="`about:blank`: the status says it")
    title: str = Field(description="the status's phrase, `Not Found`")
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="what went wrong, naming the value at fault")

    @classmethod
    def of(cls, status: int, detail: str, **extensions: Any) -> Self:
        """The problem of an HTTP status (``extensions``: the other fields of a subclass).

        Examples
        --------
        >>> ProblemPublic.of(404, "no node with id 'enterprise:x'").title
        'Not Found'
        """
        try:
            title = HTTPStatus(status).phrase
        except ValueError:  # a status without a phrase
            title = "Error"
        return cls(title=title, status=status, detail=detail, **extensions)


INPUT_CHARS = 200
"""A field error quotes at most this much of the value it rejects."""

Scalar = str | int | float | bool | None


class FieldErrorPublic(BaseModel):
    """One rejected field of a request: where it is, what is wrong, its (shortened) value."""

    loc: list[str | int] = Field(description="`query`, `path`, `header` or `body`, then the field")
    msg: str
    type: str = Field(description="the kind of error, `string_too_long`")
    input: Scalar = Field(
        default=None,
        description=f"the rejected value when it is a scalar, cut to {INPUT_CHARS} characters",
    )

    @classmethod
    def of(cls, error: Any) -> FieldErrorPublic:
        """The public form of a pydantic error, quoting no more than ``INPUT_CHARS``.

        Examples
        --------
        >>> e = FieldErrorPublic.of({"loc": ("body", "need"), "msg": "too long",
        ...                          "type": "string_too_long", "input": "x" * 1000})
        >>> len(e.input), e.loc
        (201, ['body', 'need'])
        """
        value = error.get("input")
        if isinstance(value, str) and len(value) > INPUT_CHARS:
            value = value[:INPUT_CHARS] + "…"
        elif isinstance(value, float) and not math.isfinite(value):
            value = str(value)  # JSON has no infinity
        elif not isinstance(value, Scalar):  # a whole object or list: not quoted
            value = None
        return cls(
            loc=[_short(part) for part in error.get("loc", ())],
            msg=_short(str(error.get("msg", ""))),
            type=str(error.get("type", "")),
            input=value,
        )


def _short(part: object) -> str | int:
    if isinstance(part, int) and not isinstance(part, bool):
        return part
    text = str(part)
    return text if len(text) <= INPUT_CHARS else text[:INPUT_CHARS] + "…"


class ReferenceProblemPublic(ProblemPublic):
    """A name that names several entities (409: ``candidates`` are all of them) or none (404:
    ``candidates`` are up to five of the closest names, "did you mean")."""

    candidates: list[EntitySummary] = Field(default_factory=list)


class ValidationProblemPublic(ProblemPublic):
    """A request that cannot be processed (422): the problem and each rejected field (none
    when the fields are each right but do not go together)."""

    errors: list[FieldErrorPublic] = Field(default_factory=list)


STATUS_MEANINGS = {
    400: "the request cannot be answered as it stands: a body that cannot be parsed...",
    401: "missing or wrong `X-API-Key` header, or writes are disabled on this server",
    404: "an id or a name names nothing (`candidates`: the closest names)",
    409: "a name names several entities (`candidates`: every one of them)",
    413: "the upload is larger than the server accepts",
    422: "the request breaks the schema, or names something of the wrong kind",
    503: "the graph store is unavailable",
}


def _problem_model(status: int) -> type[ProblemPublic]:
    if status == 422:
        return ValidationProblemPublic
    return ReferenceProblemPublic if status in (404, 409) else ProblemPublic


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of error ``statuses``: problem details, each with its meaning.

    Examples
    --------
    >>> problems(503)[503]["content"]
    {'application/problem+json': {'schema': {'$ref': '#/components/schemas/ProblemPublic'}}}
    >>> problems(409)[409]["content"]["application/problem+json"]["schema"]["$ref"]
    '#/components/schemas/ReferenceProblemPublic'
    """
    return {
        status: {
            "description": STATUS_MEANINGS.get(status) or HTTPStatus(status).phrase,
            "content": {
                PROBLEM_MEDIA_TYPE: {
                    "schema": {"$ref": "#/components/schemas/" + _problem_model(status).__name__}
                }
            },
        }
        for status in statuses
    }
