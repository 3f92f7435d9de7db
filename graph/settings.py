"""Settings, read from ``TTKG_*`` environment variables or a ``.env`` file.

>>> Settings(store="x.db").store
'x.db'
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr
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
    allowed_hosts: list[str] = ["127.0.0.1", "localhost", "[::1]"]
    """Host names requests may be addressed to (any port); others get 400. Served on a
    network, list the names clients use: ``TTKG_ALLOWED_HOSTS='["kg.example.cn"]'``."""

    # Limits: what one request or one file may cost. Each error that a limit raises names the
    # limit and the variable that moves it (``max_rows`` -> ``TTKG_MAX_ROWS``).
    max_upload_bytes: int = Field(50 * 1024 * 1024, gt=0)
    """Largest file ``POST /admin/load`` and ``/admin/documents`` accept (413 beyond it)."""
    max_body_bytes: int = Field(1024 * 1024, gt=0)
    """Largest body of any other request (a JSON query): 413 beyond it."""
    max_rows: int = Field(500_000, gt=0)
    """Most rows one table file may hold (all the sheets of a workbook together)."""
    max_cells: int = Field(5_000_000, gt=0)
    """Most cells one table file may hold, the empty ones before a row's last value included."""
    max_sheets: int = Field(100, gt=0)
    """Most sheets one workbook may have."""
    max_xlsx_unpacked_bytes: int = Field(256 * 1024 * 1024, gt=0)
    """Most bytes a workbook's zip members may unpack to, together."""
    max_xlsx_ratio: int = Field(200, gt=0)
    """Most a workbook member of more than a megabyte may unpack to per compressed byte."""
    max_pages: int = Field(300, gt=0)
    """Most pages one PDF may have (counted before any page is read)."""
    max_ocr_pages: int = Field(30, gt=0)
    """Most pages of one PDF without a text layer that are read by OCR (a few seconds each)."""
    max_image_pixels: int = Field(40_000_000, gt=0)
    """Most pixels of one image, or of one scanned page as it is rendered for OCR."""
    max_document_seconds: float = Field(600.0, gt=0)
    """Longest time reading one PDF or image may take (checked page by page)."""
    load_isolation: Literal["process", "thread"] = "process"
    """Where an upload's load runs: a child process (the server's memory does not grow with
    the file) or a thread of the server (always used for a store that cannot be reopened by its
    URI, such as ``:memory:``)."""
    max_load_seconds: float = Field(1800.0, gt=0)
    """A load in a child process that runs longer is stopped and its job failed."""
    max_queued_loads: int = Field(8, gt=0)
    """Uploads that may wait for the one writer; more answer 503."""
    analytics_budget_s: float = Field(45.0, gt=0)
    """Seconds a network analysis may take: a sampled betweenness stops its sampling in time
    and answers with the best estimate so far, saying so."""
    jobs_kept: int = Field(200, gt=0)
    """Finished load jobs remembered for ``GET /admin/jobs/{id}`` (the oldest are forgotten)."""


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
