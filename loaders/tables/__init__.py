"""CSV / XLSX tables -> graph records, with a rejects report.

:func:`read_tables` reads files, :func:`parse_rows` parses rows that came from elsewhere
(:mod:`~loaders.tables.reader`). A table kind is a :class:`TableSpec` of :class:`Column`
definitions and a ``build`` function from a :class:`Row` to nodes and edges; the built-in
kinds (:mod:`~loaders.tables.kinds`, :mod:`~loaders.tables.orgs`,
:mod:`~loaders.tables.links`, :mod:`~loaders.tables.indicators`) are listed in
:mod:`~loaders.tables.registry`, and :func:`register_table` adds one of your own. Tables
whose rows each make one entity build it with :func:`entity_builder`.

Modules depend downwards only: ``raw_cells`` <- ``quantities``/``dates`` <- ``cells`` <-
``columns`` <- ``rows`` <- ``specs`` <- ``entities`` <- the kinds <- ``registry`` <-
``headers`` <- ``plan`` <- ``references`` <- ``row_parser`` <- ``reader``; ``files`` reads
bytes, ``layout`` recognises how forms lay a table out (titles, units, totals, personal
columns), ``template`` writes fill-in workbooks and ``reference`` the column reference.
"""

from loaders.tables.cells import CellError
from loaders.tables.columns import Column
from loaders.tables.entities import entity_builder
from loaders.tables.reader import batch_of, parse_rows, parse_table, read_tables
from loaders.tables.registry import (
    get_table,
    register_table,
    registered_tables,
    unregister_table,
)
from loaders.tables.rows import Ref, Row
from loaders.tables.specs import TableSpec

__all__ = [
    "CellError",
    "Column",
    "Ref",
    "Row",
    "TableSpec",
    "batch_of",
    "entity_builder",
    "get_table",
    "parse_rows",
    "parse_table",
    "read_tables",
    "register_table",
    "registered_tables",
    "unregister_table",
]
