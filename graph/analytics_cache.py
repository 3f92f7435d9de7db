"""Analytics results kept per store generation, so asking twice computes once.

An embedded store file keeps them beside itself (``graph.db.analytics.json``: the generation
and, by analysis and options, the result and its notes); other stores (Neo4j, ``:memory:``)
in this process. A result computed for an older generation is never served: the first call
after a write computes again and replaces the whole file.

>>> from graph.stores.embedded import EmbeddedStore
>>> store = EmbeddedStore(":memory:")
>>> store.open()
>>> calls = []
>>> def compute(budget: Budget) -> list[int]:
...     calls.append(1)
...     return [1, 2]
>>> cached(store, "demo", {"k": 1}, list[int], compute).value
[1, 2]
>>> cached(store, "demo", {"k": 1}, list[int], compute).value, len(calls)
([1, 2], 1)
>>> store.close()
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter

from graph.betweenness import Budget
from graph.stores.base import GraphStore

__all__ = ["Cached", "cache_path", "cached"]

T = TypeVar("T")

_memory: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


V = TypeVar("V")


@dataclass(frozen=True)
class Cached(Generic[V]):
    """A result, the notes that go with it, and whether it came from the cache."""

    value: V
    notes: list[str]
    hit: bool


def cache_path(store: GraphStore) -> Path | None:
    """Where a store's analytics are kept on disk: beside an embedded store's file."""
    uri = store.uri
    if "://" in uri or uri == ":memory:" or not uri:
        return None
    return Path(f"{uri}.analytics.json")


def _load(store: GraphStore, generation: str) -> dict[str, Any]:
    path = cache_path(store)
    if path is None:
        entries = _memory.get(store.uri, {})
    else:
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
    if entries.get("generation") != generation:
        return {"generation": generation, "results": {}}
    return entries


def _save(store: GraphStore, entries: dict[str, Any]) -> None:
    path = cache_path(store)
    if path is None:
        _memory[store.uri] = entries
        return
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:  # a read-only folder: the result is simply not kept
        temporary.unlink(missing_ok=True)


def cached(
    store: GraphStore,
    name: str,
    options: dict[str, Any],
    kind: type[T] | Any,
    compute: Callable[[Budget], T],
    *,
    budget: Budget | None = None,
) -> Cached[T]:
    """The result of ``compute(budget)`` for this store's generation, computed at most once.

    A result cut short by the budget is kept too, with the note that says so: asking again
    answers the same at once.
    """
    budget = budget or Budget()
    adapter: TypeAdapter[T] = TypeAdapter(kind)
    key = json.dumps([name, options], sort_keys=True, ensure_ascii=False)
    generation = store.generation()
    with _lock:
        entries = _load(store, generation)
        found = entries["results"].get(key)
    if found is not None:
        return Cached(adapter.validate_python(found["value"]), list(found["notes"]), hit=True)
    value = compute(budget)
    with _lock:
        entries = _load(store, generation)
        entries["results"][key] = {
            "value": adapter.dump_python(value, mode="json"),
            "notes": budget.notes,
        }
        _save(store, entries)
    return Cached(value, list(budget.notes), hit=False)
