"""Table specs: the registry of table kinds the table loader reads, and how to add one.

A :class:`TableSpec` names a table kind (``enterprises``, ``needs``...), its columns
(:class:`Column`: name, type, required or not, Chinese aliases, the node kinds a column
refers to) and a ``build`` function that turns one parsed :class:`Row` into nodes and edges.
The built-in kinds live in :mod:`loaders.table_kinds`; every spec is documented in
``docs/tables.md``.

Adding a table kind from another module
---------------------------------------
Write the spec and register it when your module is imported, then list the module in
:data:`TABLE_MODULES` (``loaders.indicators`` is listed already) so that every load sees it::

    from graph.model import NodeKind
    from loaders.table_specs import Column, Row, TableSpec, register_table

    def _build(row: Row):
        enterprise = row.ref("enterprise")          # resolved before build is called
        assert enterprise is not None               # (required column: never None)
        year = row.value("year")
        yield row.update(enterprise, {f"rd_spending_{year}": row.value("rd_spending")})

    register_table(TableSpec(
        name="enterprise_indicators",
        aliases=("indicators", "企业指标"),           # file stems and sheet names
        columns=(
            Column("enterprise", "name", required=True, ref=(NodeKind.ENTERPRISE,),
                   aliases=("企业名称",)),
            Column("year", "year", required=True, aliases=("年度",)),
            Column("rd_spending", "number", aliases=("研发投入(万元)",)),
        ),
        build=_build,
    ))

What the loader does for you: it finds the file's table kind (file stem, sheet name, or
header), maps headers to columns (English names and aliases, case and full-width forms
ignored, a trailing unit in brackets ignored: ``研发投入（万元）``), stops a file that lacks
a required column, parses every cell by its type (:mod:`loaders.table_cells`), resolves
``ref`` columns through the :class:`~loaders.resolve.Resolver` (an unknown name rejects the
row unless ``create=True``), reads tables whose ``ref`` kinds another table ``produces``
after that table, and gives ``build`` a :class:`Row` whose ``node``/``edge``/``update``
helpers attach the row's provenance. Each table also accepts the columns of
:data:`COMMON_COLUMNS` (``synthetic``, ``source``, ``note``), which feed the provenance.

>>> spec = get_table("needs")
>>> [c.name for c in spec.required]
['enterprise', 'title']
>>> spec.column_for_header("企业名称").name
'enterprise'
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from graph.model import NodeKind
from loaders.table_cells import CELL_TYPES, choice_key
from loaders.table_rows import Ref, Row, RowBuilder

__all__ = [
    "COMMON_COLUMNS",
    "TABLE_MODULES",
    "Column",
    "Ref",
    "Row",
    "RowBuilder",
    "TableSpec",
    "get_table",
    "header_key",
    "register_table",
    "registered_tables",
    "unregister_table",
]

TABLE_MODULES: tuple[str, ...] = (
    "loaders.table_kinds",
    "loaders.table_orgs",
    "loaders.table_links",
    "loaders.indicators",
)
"""Modules that register table specs when imported; one that does not exist yet is skipped."""


@dataclass(frozen=True)
class Column:
    """One column of a table kind.

    ``type`` names a parser of :data:`loaders.table_cells.CELL_TYPES`. ``ref`` lists the node
    kinds the cell names (tried in order); ``create`` makes an unresolved name a new node of
    ``ref[0]`` instead of a rejected row. ``choices`` maps accepted surface forms to canonical
    values. ``as_property`` keeps the value as a property in :meth:`Row.properties`.
    """

    name: str
    type: str = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()
    ref: tuple[NodeKind, ...] = ()
    create: bool = False
    choices: Mapping[str, str] | None = None
    max_length: int | None = None
    as_property: bool = True
    doc: str = ""

    def __post_init__(self) -> None:
        if self.type not in CELL_TYPES:
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r}")
        if self.choices is not None:
            object.__setattr__(self, "choices", {choice_key(k): v for k, v in self.choices.items()})


COMMON_COLUMNS: tuple[Column, ...] = (
    Column(
        "synthetic",
        "bool",
        aliases=("合成", "示例", "是否示例"),
        as_property=False,
        doc="true for made-up example rows; goes to provenance.synthetic (default false)",
    ),
    Column(
        "source",
        "text",
        aliases=("来源", "出处", "数据来源"),
        max_length=500,
        as_property=False,
        doc="where the facts come from; first part of provenance.note",
    ),
    Column(
        "note",
        "text",
        aliases=("备注", "说明"),
        max_length=2000,
        as_property=False,
        doc="a remark on the row; second part of provenance.note",
    ),
)
"""Columns every table accepts; they feed the provenance of the row's records."""


def header_key(text: object) -> str:
    """The form headers and aliases are compared in.

    >>> header_key(" Credit-Code "), header_key("*营业收入（万元）")
    ('credit_code', '营业收入(万元)')
    """
    key = unicodedata.normalize("NFKC", str(text)).strip().strip("*").strip().casefold()
    return re.sub(r"[\s\-/]+", "_", key)


_UNIT = re.compile(r"\s*[(\[][^()\[\]]*[)\]]$")


@dataclass(frozen=True)
class TableSpec:
    """A table kind: its name, columns, the node kinds it makes, and its row builder."""

    name: str
    columns: tuple[Column, ...]
    build: RowBuilder
    produces: tuple[NodeKind, ...] = ()
    """Node kinds this table creates; tables that refer to them are read after it."""
    aliases: tuple[str, ...] = ()
    """Other file stems or sheet names that mean this table (singular, Chinese...)."""
    after: tuple[str, ...] = ()
    """Names of tables to read before this one, besides those found through ``produces``."""
    doc: str = ""

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for column in self.all_columns:
            for surface in (column.name, *column.aliases):
                key = header_key(surface)
                if seen.get(key, column.name) != column.name:
                    raise ValueError(
                        f"table {self.name!r}: {surface!r} would name both "
                        f"{seen[key]!r} and {column.name!r}"
                    )
                seen[key] = column.name

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """The spec's columns followed by :data:`COMMON_COLUMNS`."""
        return self.columns + COMMON_COLUMNS

    @property
    def required(self) -> list[Column]:
        """Columns a file must have."""
        return [c for c in self.columns if c.required]

    @property
    def optional(self) -> list[Column]:
        """Columns a file may have (the common ones included)."""
        return [c for c in self.all_columns if not c.required]

    @property
    def ref_kinds(self) -> frozenset[NodeKind]:
        """Node kinds this table's cells refer to."""
        return frozenset(kind for column in self.columns for kind in column.ref)

    @cached_property
    def _lookup(self) -> dict[str, Column]:
        return {
            header_key(surface): column
            for column in self.all_columns
            for surface in (column.name, *column.aliases)
        }

    def column_for_header(self, header: object) -> Column | None:
        """The column a header cell names (a trailing unit in brackets is ignored)."""
        key = header_key(header)
        found = self._lookup.get(key)
        if found is None and _UNIT.search(key):
            found = self._lookup.get(_UNIT.sub("", key))
        return found


_REGISTRY: dict[str, TableSpec] = {}
_LOADED: set[str] = set()


def _ensure_loaded() -> None:
    for module in TABLE_MODULES:
        if module in _LOADED:
            continue
        _LOADED.add(module)
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # the module exists but one of its imports does not
                raise


def register_table(spec: TableSpec, *, replace: bool = False) -> TableSpec:
    """Add a table kind; its name and aliases must be new unless ``replace``."""
    if spec.name in _REGISTRY and not replace and _REGISTRY[spec.name] is not spec:
        raise ValueError(f"table {spec.name!r} is already registered")
    _REGISTRY[spec.name] = spec
    return spec


def unregister_table(name: str) -> None:
    """Remove a table kind (tests use it to clean up)."""
    _REGISTRY.pop(name, None)


def get_table(name: str) -> TableSpec:
    """The registered spec called ``name``; ``KeyError`` listing the known ones if none."""
    _ensure_loaded()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no table kind {name!r}; known: {', '.join(_REGISTRY)}") from None


def registered_tables() -> list[TableSpec]:
    """Every spec, each after the tables it depends on, else in registration order."""
    _ensure_loaded()
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
