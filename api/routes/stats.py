"""Counts of the whole graph."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.schemas import StatsPublic

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("")
def get_stats(store: StoreDep) -> StatsPublic:
    """Nodes and edges in all and by kind."""
    return StatsPublic(**store.stats().model_dump(), store=store.uri)
