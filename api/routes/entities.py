"""Entities: search, look up, and see an entity with its neighbours."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.schemas import (
    NO_NUL,
    EntitiesPublic,
    EntityDetail,
    EntityIdPath,
    EntityPublic,
    NeighbourPublic,
    problems,
)
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


@router.get("/{entity_id:path}", responses=problems(404))
def get_entity(store: StoreDep, entity_id: EntityIdPath) -> EntityDetail:
    """One entity with its facts, provenance and neighbours; 404 names an unknown id."""
    node = store.get_node(entity_id)
    neighbours = [NeighbourPublic.of(n) for n in store.neighbours(entity_id)]
    return EntityDetail(**EntityPublic.of(node).model_dump(), neighbours=neighbours)
