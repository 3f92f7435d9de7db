"""Routes under /programs (built in its own issue)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/programs", tags=["programs"])
