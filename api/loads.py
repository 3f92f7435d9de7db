"""One upload's load, as a load job runs it: in the server's worker thread or in a child.

The answer is the load report as JSON (:meth:`loaders.report.LoadReport.public`), with the
upload's temp folder taken out of every file name and message
(:func:`api.security.without_temp_paths`): the client knows its file by its name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from api.security import without_temp_paths
from graph.errors import GraphError
from graph.settings import Settings, settings_store
from graph.stores.base import GraphStore
from loaders.limits import ReadLimits, reading_limits
from loaders.load import load_paths

__all__ = ["load_report", "run_load_child"]


def load_report(
    store: GraphStore,
    path: Path,
    *,
    region: str | None,
    dry_run: bool,
    limits: ReadLimits,
    drops: Sequence[int] | None = None,
) -> dict[str, Any]:
    """Load the file ``path`` into ``store`` under ``limits``; the report as the API shows it.

    ``drops``: the numbers of the document's entities a review dropped."""
    dropped = {path.name: drops} if drops is not None else None
    with reading_limits(limits):
        report = load_paths(store, [path], region=region, dry_run=dry_run, drops=dropped)
    public: dict[str, Any] = _without_temp_paths(report.public(plans=dry_run))
    return public


def _without_temp_paths(value: Any) -> Any:
    """``value`` (JSON) with the temp folder taken out of its strings."""
    if isinstance(value, str):
        return without_temp_paths(value)
    if isinstance(value, list):
        return [_without_temp_paths(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_temp_paths(item) for key, item in value.items()}
    return value


def run_load_child(
    sender: Connection,
    rows: Synchronized[int],
    settings: Settings,
    uri: str,
    path: Path,
    dry_run: bool,
    drops: Sequence[int] | None = None,
) -> None:
    """A child process's load: opens the store ``uri``, loads, sends ``("done", report)`` or
    ``("failed", why)``, and counts the rows read into ``rows`` as it goes."""

    def heard(count: int) -> None:
        with rows.get_lock():
            rows.value += count

    limits = ReadLimits.from_settings(settings)
    store = settings_store(settings, uri)
    try:
        store.open()
        outcome: tuple[str, Any] = (
            "done",
            load_report(
                store,
                path,
                region=settings.region,
                dry_run=dry_run,
                limits=replace(limits, on_rows=heard),
                drops=drops,
            ),
        )
    except GraphError as exc:
        outcome = ("failed", without_temp_paths(str(exc)))
    finally:
        store.close()
    sender.send(outcome)
    sender.close()
