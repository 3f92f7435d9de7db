"""Routes under /match: ranked, explained partners for an enterprise or a need, and adopters.

Both routes hand their body, a query of the ranker, to :func:`graph.match.rank.answer_matches`.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.schemas import AdoptersRequest, MatchesPublic, PartnersRequest, problems
from graph.lookup import resolve
from graph.match.query import MatchQuery
from graph.match.rank import answer_matches
from graph.stores.base import GraphStore

__all__ = ["router"]

router = APIRouter(prefix="/match", tags=["match"])


def _ranked(store: GraphStore, body: MatchQuery) -> MatchesPublic:
    """The matches of ``body`` whose source, an id or any name, is resolved first."""
    if body.source is None:
        return MatchesPublic.of(answer_matches(store, body))
    node = resolve(store, body.source, kinds=body.direction.source_kinds)
    query = body.model_copy(update={"source": node.id})
    return MatchesPublic.of(answer_matches(store, query), source=node)


@router.post("/partners", responses=problems(404, 409))
def partners(body: PartnersRequest, store: StoreDep) -> MatchesPublic:
    """Institutions that fit an enterprise (its id, name, alias or credit code) or a need;
    404 with the closest names for an unknown enterprise, 409 with the candidates for an
    ambiguous one."""
    return _ranked(store, body)


@router.post("/adopters", responses=problems(404, 409))
def adopters(body: AdoptersRequest, store: StoreDep) -> MatchesPublic:
    """Enterprises that could adopt the results of an institution (its id or any name) or a
    described result; 404 and 409 as for partners."""
    return _ranked(store, body)
