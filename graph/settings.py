"""Settings, read from ``TTKG_*`` environment variables or a ``.env`` file.

>>> Settings(store="x.db").store
'x.db'
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from graph.stores.base import GraphStore

__all__ = ["Settings", "get_settings", "settings_store"]


class Settings(BaseSettings):
    """Everything that can be set from outside the code."""

    model_config = SettingsConfigDict(env_prefix="TTKG_", env_file=".env", extra="ignore")

    store: str = "var/graph.db"
    """Where the graph lives: a file path (embedded store) or a ``neo4j://``/``bolt://`` URI."""
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str | None = None
    api_key: SecretStr | None = None
    """Key that write endpoints require in the ``X-API-Key`` header; unset means writes are off."""
    region: str = "山东省滨州市沾化区"
    """The bureau's own district: resolves ``省``/``市``/``区`` prefixes in its documents."""
    host: str = "127.0.0.1"
    port: int = 8000


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()


def settings_store(settings: Settings, uri: str | None = None) -> GraphStore:
    """The (unopened) store the settings name, or ``uri`` with the settings' credentials."""
    from graph.stores import store_for_uri

    target = uri or settings.store
    if "://" in target and not target.startswith("file://"):
        return store_for_uri(
            target,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
        )
    return store_for_uri(target)
