"""Routes under /match: ranked, explained partners for an enterprise or a need, and adopters.

Both routes hand their body, a query of the ranker, to :func:`graph.match.rank.rank_matches`.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.schemas import AdoptersRequest, MatchesPublic, PartnersRequest, problems
from graph.match.rank import rank_matches

__all__ = ["router"]

router = APIRouter(prefix="/match", tags=["match"])


@router.post("/partners", responses=problems(404))
def partners(body: PartnersRequest, store: StoreDep) -> MatchesPublic:
    """Institutions that fit an enterprise or a need (404 for an unknown enterprise)."""
    return MatchesPublic.of(rank_matches(store, body))


@router.post("/adopters", responses=problems(404))
def adopters(body: AdoptersRequest, store: StoreDep) -> MatchesPublic:
    """Enterprises that could adopt an institution's results or a described result."""
    return MatchesPublic.of(rank_matches(store, body))
