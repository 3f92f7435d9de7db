"""Routes under /match: ranked, explained partners for an enterprise or a need, and adopters."""

from __future__ import annotations

from typing import Annotated, Self
from urllib.parse import quote

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from graph.match.rank import Match, MatchFilters, rank_adopters, rank_partners

__all__ = [
    "AdoptersRequest",
    "MatchPublic",
    "MatchesPublic",
    "PartnersRequest",
    "router",
]

router = APIRouter(prefix="/match", tags=["match"])

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
NodeId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=512)]


class _MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(default=10, ge=1, le=100)
    filters: MatchFilters | None = None


class PartnersRequest(_MatchRequest):
    """An enterprise id, a need text, or both."""

    enterprise: NodeId | None = None
    need: Text | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if self.enterprise is None and self.need is None:
            raise ValueError("give an enterprise id or a need text")
        return self


class AdoptersRequest(_MatchRequest):
    """An institution id, a result text, or both."""

    institution: NodeId | None = None
    result: Text | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if self.institution is None and self.result is None:
            raise ValueError("give an institution id or a result text")
        return self


class MatchPublic(Match):
    """One ranked candidate: score, per-signal breakdown, justifying paths, reasons, view."""

    view: str

    @classmethod
    def of(cls, match: Match) -> MatchPublic:
        """The public form of a match, with a link to its network view."""
        return cls(**match.model_dump(), view=f"/views/ego/{quote(match.id, safe='')}")


class MatchesPublic(BaseModel):
    """Ranked candidates, best first."""

    items: list[MatchPublic]


@router.post("/partners")
async def partners(body: PartnersRequest, store: StoreDep) -> MatchesPublic:
    """Institutions that fit an enterprise or a need (404 for an unknown enterprise)."""
    found = await run_in_threadpool(
        rank_partners, store, body.enterprise, need=body.need, k=body.k, filters=body.filters
    )
    return MatchesPublic(items=[MatchPublic.of(m) for m in found])


@router.post("/adopters")
async def adopters(body: AdoptersRequest, store: StoreDep) -> MatchesPublic:
    """Enterprises that could adopt an institution's results or a described result."""
    found = await run_in_threadpool(
        rank_adopters,
        store,
        body.institution,
        result=body.result,
        k=body.k,
        filters=body.filters,
    )
    return MatchesPublic(items=[MatchPublic.of(m) for m in found])
