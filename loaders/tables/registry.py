"""The registry of table kinds: the built-in ones, imported by name, and any registered later.

Registering a kind adds it to every later load; ``registered_tables`` orders the kinds so that
a table is read after the tables that make the nodes it refers to:

>>> [spec.name for spec in registered_tables()][:4]
['regions', 'industries', 'institutions', 'enterprises']
>>> get_table("needs").produces
(<NodeKind.NEED: 'Need'>,)
"""

from __future__ import annotations

from graph.i18n import _
from loaders.tables.indicators import INDICATORS_TABLE
from loaders.tables.kinds import (
    ENTERPRISES_TABLE,
    INDUSTRIES_TABLE,
    INSTITUTIONS_TABLE,
    REGIONS_TABLE,
)
from loaders.tables.links import (
    COOPERATIONS_TABLE,
    NEEDS_TABLE,
    RESULTS_TABLE,
    TALENT_APPLICATIONS_TABLE,
)
from loaders.tables.orgs import (
    AGENCIES_TABLE,
    COMMUNITIES_TABLE,
    MEMBERSHIPS_TABLE,
    PLATFORMS_TABLE,
    POLICIES_TABLE,
    TALENT_PROGRAMS_TABLE,
)
from loaders.tables.specs import TableSpec

__all__ = [
    "BUILT_IN_TABLES",
    "get_table",
    "register_table",
    "registered_tables",
    "unregister_table",
]

BUILT_IN_TABLES: tuple[TableSpec, ...] = (
    REGIONS_TABLE,
    INDUSTRIES_TABLE,
    INSTITUTIONS_TABLE,
    ENTERPRISES_TABLE,
    TALENT_PROGRAMS_TABLE,
    AGENCIES_TABLE,
    POLICIES_TABLE,
    COMMUNITIES_TABLE,
    PLATFORMS_TABLE,
    MEMBERSHIPS_TABLE,
    TALENT_APPLICATIONS_TABLE,
    COOPERATIONS_TABLE,
    NEEDS_TABLE,
    RESULTS_TABLE,
    INDICATORS_TABLE,
)
"""The table kinds every load knows, in registration order (the order ties are read in)."""

_REGISTRY: dict[str, TableSpec] = {spec.name: spec for spec in BUILT_IN_TABLES}


def register_table(spec: TableSpec, *, replace: bool = False) -> TableSpec:
    """Add a table kind; its name and aliases must be new unless ``replace``."""
    if spec.name in _REGISTRY and not replace and _REGISTRY[spec.name] is not spec:
        # i18n: ok: registered twice
        raise ValueError(f"table {spec.name!r} is already registered")
    _REGISTRY[spec.name] = spec
    return spec


def unregister_table(name: str) -> None:
    """Remove a table kind (tests use it to clean up)."""
    _REGISTRY.pop(name, None)


def get_table(name: str) -> TableSpec:
    """The registered spec called ``name``; ``KeyError`` listing the known ones if none."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(
            _("没有表的种类 {name}；可选：{known}").format(
                name=repr(name), known=", ".join(_REGISTRY)
            )
        ) from None


def registered_tables() -> list[TableSpec]:
    """Every spec, each after the tables it depends on, else in registration order."""
    remaining = list(_REGISTRY.values())
    depends = {
        spec.name: {
            other.name
            for other in remaining
            if other is not spec and (set(other.produces) & spec.ref_kinds)
        }
        | set(spec.after)
        for spec in remaining
    }
    ordered: list[TableSpec] = []
    while remaining:
        waiting = {spec.name for spec in remaining}
        ready = [spec for spec in remaining if not depends[spec.name] & waiting]
        chosen = ready[0] if ready else remaining[0]  # a cycle: break it in registration order
        ordered.append(chosen)
        remaining.remove(chosen)
    return ordered
