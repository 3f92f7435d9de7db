"""Dependencies of the routes, as ``Annotated`` aliases."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status

from graph.settings import Settings, get_settings
from graph.stores.base import GraphStore

__all__ = ["AdminDep", "SettingsDep", "StoreDep", "get_store"]


def get_store(request: Request) -> GraphStore:
    """The store opened by the app's lifespan."""
    store: GraphStore = request.app.state.store
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = getattr(request.app.state, "settings", None) or get_settings()
    return settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]


def require_admin(settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Write endpoints need ``X-API-Key`` equal to the configured key."""
    expected = settings.api_key.get_secret_value() if settings.api_key else ""
    if not expected:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "writes are disabled: set TTKG_API_KEY on the server"
        )
    if not x_api_key or not secrets.compare_digest(x_api_key, expected):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing or wrong X-API-Key header")


AdminDep = Annotated[None, Depends(require_admin)]
