"""What to match: a direction, a source id and/or a text, how many, and which candidates.

A :class:`MatchQuery` is what :func:`graph.match.rank.rank_matches` ranks for; its subclass
fixes the :class:`Direction` (:class:`PartnersQuery`, :class:`AdoptersQuery`). The rule that a
source id or a text must be given lives here, on the query, and nowhere else: the CLI and the
HTTP bodies (which subclass these queries) rely on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.model import NodeKind

__all__ = ["AdoptersQuery", "Direction", "MatchFilters", "MatchQuery", "PartnersQuery"]


class MatchFilters(BaseModel):
    """Which candidates may be returned."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[NodeKind] | None = None
    region: str | None = Field(default=None, max_length=200)
    """A region id or name, a country code or a city: the candidate must be located there."""
    industry: str | None = Field(default=None, max_length=200)
    """An industry id or name the candidate must belong to."""
    exclude_partners: bool = True
    """Leave out organisations the source already cooperates with."""


class Direction(StrEnum):
    """Which way to match: partners for an enterprise, or adopters of an institution's results.

    Examples
    --------
    >>> Direction.PARTNERS.source, Direction.PARTNERS.text
    ('enterprise', 'need')
    >>> Direction.ADOPTERS.source, Direction.ADOPTERS.text
    ('institution', 'result')
    """

    PARTNERS = "partners"
    """Institutions for an enterprise and/or a need."""
    ADOPTERS = "adopters"
    """Enterprises for an institution and/or a research result."""

    @property
    def source(self) -> str:
        """What the source id names (``enterprise``, ``institution``)."""
        return _ROLES[self].source

    @property
    def text(self) -> str:
        """What the text describes (``need``, ``result``)."""
        return _ROLES[self].text

    @property
    def source_kinds(self) -> tuple[NodeKind, ...]:
        """The kinds a source id may name."""
        return _ROLES[self].source_kinds

    @property
    def candidate_kinds(self) -> tuple[NodeKind, ...]:
        """The kinds of the candidates, unless the filters name others."""
        return _ROLES[self].candidate_kinds


@dataclass(frozen=True)
class _Roles:
    """Who a direction matches from and to."""

    source: str
    text: str
    source_kinds: tuple[NodeKind, ...]
    candidate_kinds: tuple[NodeKind, ...]


_ROLES = {
    Direction.PARTNERS: _Roles(
        source="enterprise",
        text="need",
        source_kinds=(NodeKind.ENTERPRISE,),
        candidate_kinds=(NodeKind.INSTITUTION,),
    ),
    Direction.ADOPTERS: _Roles(
        source="institution",
        text="result",
        source_kinds=(NodeKind.INSTITUTION, NodeKind.PLATFORM, NodeKind.TRANSFER_AGENCY),
        candidate_kinds=(NodeKind.ENTERPRISE,),
    ),
}


class MatchQuery(BaseModel):
    """What to match: a source id and/or a text, how many candidates, which ones.

    The subclass fixes the direction (:class:`PartnersQuery`, :class:`AdoptersQuery`). A source
    id or a text that is not blank must be given, or both: this is the one place that says so.

    Examples
    --------
    >>> PartnersQuery(text="冬枣保鲜").direction
    <Direction.PARTNERS: 'partners'>
    >>> from pydantic import ValidationError
    >>> try:
    ...     AdoptersQuery(text="  ")
    ... except ValidationError as exc:
    ...     print(exc.errors()[0]["msg"])
    Value error, give an institution id or a result text
    """

    model_config = ConfigDict(extra="forbid")

    direction: ClassVar[Direction]
    k: int = Field(default=10, ge=1)
    filters: MatchFilters | None = None
    source: str | None = None
    """The id to match from: an enterprise (partners) or an institution (adopters)."""
    text: str | None = None
    """What to match, in words: a need (partners) or a research result (adopters)."""

    @model_validator(mode="after")
    def _source_or_text(self) -> Self:
        if self.source is None and not (self.text and self.text.strip()):
            d = self.direction
            raise ValueError(f"give an {d.source} id or a {d.text} text")
        return self


class PartnersQuery(MatchQuery):
    """Institutions for an enterprise (``source``) and/or a need (``text``)."""

    direction = Direction.PARTNERS


class AdoptersQuery(MatchQuery):
    """Enterprises for an institution (``source``) and/or a research result (``text``)."""

    direction = Direction.ADOPTERS
