"""Planning a raw table: which table kind it is, which row is its header, which column each
header cell names. Pure: no file is read here.

>>> from loaders.tables.files import RawTable
>>> raw = RawTable(label="x.csv", source="x.csv", hints=("x",),
...                rows=[(1, ["沾化区企业名录"]), (2, ["企业名称", "行业", "规上"])])
>>> plan = plan_table(raw)
>>> plan.spec.name, plan.header_row, [c.name for c in plan.columns.values()]
('enterprises', 2, ['name', 'industry', 'above_scale'])
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import LoadError, MissingColumn
from loaders.tables.cells import is_blank
from loaders.tables.columns import Column
from loaders.tables.files import RawTable
from loaders.tables.registry import registered_tables
from loaders.tables.specs import TableSpec

__all__ = ["TablePlan", "plan_table", "table_for_header", "table_for_name"]

_HEADER_SEARCH = 5


@dataclass
class TablePlan:
    """A raw table whose kind, header row and columns are known: ready to parse."""

    raw: RawTable
    spec: TableSpec
    header_row: int
    columns: dict[int, Column]
    """Cell position -> the column that header cell names."""
    width: int


def _name_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "_" + re.sub(r"[^\w]+|_+", "_", text).strip("_") + "_"


def table_for_name(name: str) -> TableSpec | None:
    """The table kind a file stem or sheet name means, if any.

    >>> table_for_name("talent_applications_2021").name
    'talent_applications'
    >>> table_for_name("沾化区企业技术需求").name
    'needs'
    >>> table_for_name("Sheet1") is None
    True
    """
    key = _name_key(name)
    best: tuple[int, int] = (-1, -1)
    found: TableSpec | None = None
    for spec in registered_tables():
        for surface in (spec.name, *spec.aliases):
            wanted = _name_key(surface) if surface.isascii() else _name_key(surface).strip("_")
            at = key.rfind(wanted)
            # the name that ends last wins (the head noun: 企业技术需求 is needs,
            # enterprise_indicators is indicators), then the longest
            score = (at + len(wanted), len(wanted))
            if at >= 0 and score > best:
                best, found = score, spec
    return found


def _known_columns(cells: Sequence[object], spec: TableSpec) -> set[str]:
    return {
        column.name
        for cell in cells
        if not is_blank(cell) and (column := spec.column_for_header(cell)) is not None
    }


def table_for_header(cells: Sequence[object]) -> list[TableSpec]:
    """The kinds whose required columns the header has, those knowing most columns first."""
    scored = []
    for spec in registered_tables():
        known = _known_columns(cells, spec)
        if all(column.name in known for column in spec.required):
            scored.append((len(known), spec))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    return [spec for score, spec in scored if score == best]


def plan_table(raw: RawTable, *, spec: TableSpec | None = None) -> TablePlan:
    """Decide a raw table's kind, header row and columns; `LoadError` if it cannot be read."""
    filled = [(number, cells) for number, cells in raw.rows if any(not is_blank(c) for c in cells)]
    if not filled:
        raise LoadError(raw.label, "the table has no rows")
    if spec is None:
        spec = next((s for hint in raw.hints if (s := table_for_name(hint))), None)
    candidates = filled[:_HEADER_SEARCH]
    specs = [spec] if spec else registered_tables()
    counts = [max(len(_known_columns(cells, s)) for s in specs) for _, cells in candidates]
    header_row, header = candidates[counts.index(max(counts))] if max(counts) else candidates[0]
    if spec is None:
        found = table_for_header(header)
        if len(found) != 1:
            could = f" (it could be {' or '.join(s.name for s in found)})" if found else ""
            raise LoadError(
                raw.label,
                "cannot tell which table this is"
                f"{could}: name the file or sheet after its table (enterprises, needs, ...) "
                "or give it the columns of one",
            )
        spec = found[0]
    columns: dict[int, Column] = {}
    for position, cell in enumerate(header):
        column = None if is_blank(cell) else spec.column_for_header(cell)
        if column is None:
            continue
        twin = next((p for p, c in columns.items() if c is column), None)
        if twin is not None:
            raise LoadError(
                raw.label,
                f"columns {header[twin]!r} and {cell!r} both give {column.name!r}; keep one",
            )
        columns[position] = column
    present = {column.name for column in columns.values()}
    for column in spec.required:
        if column.name not in present:
            raise MissingColumn(raw.label, column.name, spec.name)
    return TablePlan(raw=raw, spec=spec, header_row=header_row, columns=columns, width=len(header))
