"""Dependencies of the routes, as ``Annotated`` aliases."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader

from graph.i18n import _
from graph.settings import Settings, get_settings
from graph.stores.base import GraphStore

__all__ = ["API_KEY_HEADER", "AdminDep", "SettingsDep", "StoreDep", "get_store"]


def get_store(request: Request) -> GraphStore:
    """The store opened by the app's lifespan."""
    store: GraphStore = request.app.state.store
    return store


def _settings(request: Request) -> Settings:
    settings: Settings = getattr(request.app.state, "settings", None) or get_settings()
    return settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]


API_KEY_HEADER = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="the server's TTKG_API_KEY; writes are disabled when the server has none",
)


def _header_bytes(value: str) -> bytes:
    """The bytes a header was sent as: the server decoded them as Latin-1."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:  # not from the wire: a str set by a caller in process
        return value.encode("utf-8")


def require_admin(
    settings: SettingsDep, x_api_key: Annotated[str | None, Security(API_KEY_HEADER)] = None
) -> None:
    """Write endpoints need ``X-API-Key`` equal to the configured key.

    The key is compared as bytes, the configured one encoded as UTF-8, so a key with
    non-ASCII characters works and a header with any bytes is a 401, not an error.
    """
    expected = settings.api_key.get_secret_value() if settings.api_key else ""
    if not expected:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, _("写入已关闭：请在服务器上设置 TTKG_API_KEY")
        )
    sent = _header_bytes(x_api_key or "")
    if not sent or not secrets.compare_digest(sent, expected.encode("utf-8")):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, _("缺少 X-API-Key 请求头或其值不对"))


AdminDep = Annotated[None, Depends(require_admin)]
