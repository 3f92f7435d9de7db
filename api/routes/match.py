"""Routes under /match (built in its own issue)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/match", tags=["match"])
