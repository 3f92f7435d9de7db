"""Entities: search, look up, and see an entity with its neighbours."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.entity_page import entity_page
from api.schemas import (
    NO_NUL,
    EntitiesPublic,
    EntityDetail,
    EntityPublic,
    EntityReferencePath,
    problems,
)
from graph.lookup import resolve
from graph.model import NodeKind

router = APIRouter(prefix="/entities", tags=["entities"])

MAX_OFFSET = 1_000_000
"""Far past any graph this serves, and well inside the stores' 64-bit integers."""


@router.get("")
def list_entities(
    store: StoreDep,
    kind: NodeKind | None = None,
    q: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="part of a name or alias")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> EntitiesPublic:
    """Entities of a kind and/or whose name or an alias contains ``q``: exact name, exact
    alias, names beginning with ``q``, then names holding it (a one-character ``q`` finds
    exact names and names beginning with it). Matches are counted up to 1,000:
    ``total_capped`` then says at least ``total`` match."""
    page = store.find_nodes(kind=kind, q=q, limit=limit, offset=offset)
    return EntitiesPublic(
        items=[EntityPublic.of(n) for n in page.items],
        total=page.total,
        total_capped=page.total_capped,
    )


@router.get(
    "/{reference:path}",
    response_model=EntityDetail,
    responses={
        **problems(404, 409),
        200: {"content": {"text/html": {}}, "description": "JSON, or a page for a browser"},
    },
)
def get_entity(
    request: Request, store: StoreDep, reference: EntityReferencePath
) -> EntityDetail | HTMLResponse:
    """One entity by its id, name, alias, credit code or short name: flags, facts with units,
    provenance and neighbours by kind; a page when the client asks for HTML. 404 with the
    closest names for an unknown reference, 409 with the candidates for an ambiguous one."""
    node = resolve(store, reference)
    detail = EntityDetail.of_node(node, store.neighbours(node.id))
    if _wants_html(request.headers.get("accept", "")):
        return HTMLResponse(entity_page(detail))
    return detail


def _wants_html(accept: str) -> bool:
    """A browser's ``Accept`` (``text/html`` before any JSON), not an API client's."""
    html = accept.find("text/html")
    json = accept.find("application/json")
    return html >= 0 and (json < 0 or html < json)
