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

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.i18n import N_, _
from graph.model import NodeKind

__all__ = [
    "MAX_TEXT_CHARS",
    "AdoptersQuery",
    "Direction",
    "MatchFilters",
    "MatchQuery",
    "PartnersQuery",
]

MAX_TEXT_CHARS = 2000
"""The longest need or result text a query takes."""


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
    source_label: str  # what the source is, in Chinese (N_, shown through _)
    text_label: str


_ROLES = {
    Direction.PARTNERS: _Roles(
        source="enterprise",
        text="need",
        source_kinds=(NodeKind.ENTERPRISE,),
        candidate_kinds=(NodeKind.INSTITUTION,),
        source_label=N_("企业"),
        text_label=N_("需求"),
    ),
    Direction.ADOPTERS: _Roles(
        source="institution",
        text="result",
        source_kinds=(NodeKind.INSTITUTION, NodeKind.PLATFORM, NodeKind.TRANSFER_AGENCY),
        candidate_kinds=(NodeKind.ENTERPRISE,),
        source_label=N_("机构"),
        text_label=N_("成果"),
    ),
}


class MatchQuery(BaseModel):
    """What to match: a source id and/or a text, how many candidates, which ones.

    The subclass fixes the direction (:class:`PartnersQuery`, :class:`AdoptersQuery`). A source
    id or a text that is not blank must be given, or both, and a text holds at most
    :data:`MAX_TEXT_CHARS` characters: this is the one place that says so (in Chinese).

    Examples
    --------
    >>> PartnersQuery(text="冬枣保鲜").direction
    <Direction.PARTNERS: 'partners'>
    >>> from pydantic import ValidationError
    >>> try:
    ...     AdoptersQuery(text="  ")
    ... except ValidationError as exc:
    ...     print(exc.errors()[0]["msg"])
    Value error, 请给出机构（编号或名称）或成果文本
    """

    model_config = ConfigDict(extra="forbid")

    direction: ClassVar[Direction]
    k: int = Field(default=10, ge=1)
    filters: MatchFilters | None = None
    source: str | None = None
    """The id to match from: an enterprise (partners) or an institution (adopters)."""
    text: str | None = None
    """What to match, in words: a need (partners) or a research result (adopters)."""

    @field_validator("text")
    @classmethod
    def _text_not_too_long(cls, text: str | None) -> str | None:
        if text is not None and len(text) > MAX_TEXT_CHARS:
            what = _(_ROLES[cls.direction].text_label)
            message = _("{what}文本过长：{n} 个字符，最多 {limit} 个字符")
            raise ValueError(message.format(what=what, n=len(text), limit=MAX_TEXT_CHARS))
        return text

    @model_validator(mode="after")
    def _source_or_text(self) -> Self:
        if self.source is None and not (self.text and self.text.strip()):
            roles = _ROLES[self.direction]
            message = _("请给出{who}（编号或名称）或{what}文本")
            raise ValueError(message.format(who=_(roles.source_label), what=_(roles.text_label)))
        return self


class PartnersQuery(MatchQuery):
    """Institutions for an enterprise (``source``) and/or a need (``text``)."""

    direction = Direction.PARTNERS


class AdoptersQuery(MatchQuery):
    """Enterprises for an institution (``source``) and/or a research result (``text``)."""

    direction = Direction.ADOPTERS
