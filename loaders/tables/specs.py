"""Table specs: what a table kind is, and how to add one.

A :class:`TableSpec` names a table kind (``enterprises``, ``needs``...), its columns
(:class:`~loaders.tables.columns.Column`: name, type, required or not, Chinese aliases, the
node kinds a column refers to) and a ``build`` function that turns one parsed
:class:`~loaders.tables.rows.Row` into nodes and edges. The built-in kinds live in
:mod:`loaders.tables.kinds`, :mod:`~loaders.tables.orgs`, :mod:`~loaders.tables.links` and
:mod:`~loaders.tables.indicators`; every spec is documented in ``docs/tables.md``.

Adding a table kind from another module
---------------------------------------
Write the spec and register it with :func:`loaders.tables.registry.register_table`; the
built-in kinds are listed by name in :mod:`loaders.tables.registry`, a kind of your own is seen
by every load once your module has registered it::

    from graph.model import NodeKind
    from loaders.tables import Column, Row, TableSpec, register_table

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
a required column, parses every cell by its type (:mod:`loaders.tables.cells`), resolves
``ref`` columns through the :class:`~loaders.resolve.Resolver` (an unknown name rejects the
row unless ``create=True``), reads tables whose ``ref`` kinds another table ``produces``
after that table, and gives ``build`` a :class:`Row` whose ``node``/``edge``/``update``
helpers attach the row's provenance. Each table also accepts the columns of
:data:`COMMON_COLUMNS` (``synthetic``, ``source``, ``note``), which feed the provenance.

>>> from loaders.tables.registry import get_table
>>> spec = get_table("needs")
>>> [c.name for c in spec.required]
['enterprise', 'title']
>>> spec.column_for_header("企业名称").name
'enterprise'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from graph.model import NodeKind
from loaders.tables.columns import COMMON_COLUMNS, Column, header_key
from loaders.tables.rows import RowBuilder

__all__ = ["TableSpec"]

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
                    # i18n: ok: a spec naming two columns alike
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
