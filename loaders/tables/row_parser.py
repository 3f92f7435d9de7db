"""One data row of a planned table -> its records: cells parsed by their columns' types and
units, references resolved, the kind's builder called.

A cell that cannot be read is left out of the row and listed (:class:`CellRejected`); a bad
key (the row's name, a name the row's link needs) rejects the row (:class:`RowRejected`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from graph.errors import AmbiguousName, GraphError
from graph.i18n import _
from graph.model import Edge, Node, Provenance
from loaders.resolve import Resolver
from loaders.tables.cells import CellError, CellValue, is_blank, parse_cell
from loaders.tables.columns import Column
from loaders.tables.plan import TablePlan
from loaders.tables.references import new_node, resolve_reference, unresolved_reason
from loaders.tables.rows import LoadIndex, Ref, Row

__all__ = ["CellRejected", "RowRejected", "parse_row"]


class RowRejected(Exception):
    """The row loads nothing: ``field`` and ``value`` say which cell, ``reason`` why."""

    def __init__(self, field: str | None, value: object, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


@dataclass
class CellRejected:
    """A cell left out of a row that loads."""

    position: int | None
    field: str
    value: object
    reason: str


def _parse_cells(
    plan: TablePlan,
    cells: Sequence[object],
    columns: dict[int, Column],
    problems: list[CellRejected],
) -> dict[str, CellValue]:
    """Each cell of ``columns`` parsed; a cell that cannot be read is left out and listed."""
    values: dict[str, CellValue] = {}
    width = len(cells)
    for position, column in columns.items():
        cell = cells[position] if position < width else None
        if cell is None or cell == "":
            values[column.name] = [] if column.type == "list" else None
            continue
        try:
            if column.extra and column.type == "text" and column.choices is None:
                values[column.name] = _extra_value(cell)
            else:
                values[column.name] = parse_cell(
                    cell,
                    column.type,
                    max_length=column.max_length,
                    choices=column.choices,
                    unit=column.unit,
                    header_unit=plan.units.get(position),
                )
        except CellError as exc:
            problems.append(CellRejected(position, column.name, cell, str(exc)))
    return values


def _extra_value(cell: object) -> CellValue:
    """A column no kind declares: a number when it reads as one, else short text."""
    if is_blank(cell):
        return None
    try:
        return parse_cell(cell, "number")
    except CellError:
        return parse_cell(cell, "text", max_length=200)


def parse_row(
    plan: TablePlan,
    number: int,
    cells: Sequence[object],
    *,
    year: int | None,
    columns: dict[int, Column],
    resolver: Resolver,
    index: LoadIndex,
    problems: list[CellRejected],
) -> list[Node | Edge]:
    """One record of a row: a bad key rejects it, any other bad cell is left out of it."""
    spec, raw = plan.spec, plan.raw
    extra = [cell for cell in cells[plan.width :] if not is_blank(cell)]
    if extra:
        raise RowRejected(
            None,
            extra[0],
            _("这一行至少有 {cells} 个单元格，表头只有 {width} 列（单元格里有分隔符？）").format(
                cells=plan.width + len(extra), width=plan.width
            ),
        )
    values = _parse_cells(plan, cells, columns, problems)
    if year is not None and any(c.name == "year" for c in spec.columns):
        values["year"] = year
    keys = {c.name for c in spec.required}
    for problem in [p for p in problems if p.field in keys]:
        raise RowRejected(problem.field, problem.value, problem.reason)
    for column in spec.required:
        if values.get(column.name) in (None, []):
            raise RowRejected(column.name, None, _("必填的单元格是空的"))
    refs: dict[str, list[Ref]] = {}
    created: list[Node | Edge] = []
    note = "; ".join(str(values[c]) for c in ("source", "note") if values.get(c))
    provenance = Provenance(
        source=raw.source,
        locator=raw.locator(number),
        synthetic=values.get("synthetic") is True,
        note=note or None,
    )
    positions = {column.name: position for position, column in columns.items()}
    for column in spec.columns:
        value = values.get(column.name)
        if not column.ref or value in (None, []):
            continue
        refs[column.name] = []
        for surface in value if isinstance(value, list) else [str(value)]:
            ref, near = resolve_reference(column, surface, resolver=resolver, index=index)
            if ref is None and column.create and near is None:
                try:
                    made = new_node(column.ref[0], surface, provenance, resolver, index)
                except AmbiguousName as exc:
                    if column.required:
                        raise RowRejected(column.name, surface, str(exc)) from exc
                    problems.append(
                        CellRejected(positions.get(column.name), column.name, surface, str(exc))
                    )
                    continue
                stub, more = made
                created.extend([stub, *more])
                ref = Ref(id=stub.id, kind=stub.kind, name=stub.name, surface=surface, created=True)
            if ref is None:
                reason = unresolved_reason(column, surface, near, index)
                if column.required:
                    raise RowRejected(column.name, surface, reason)
                problems.append(
                    CellRejected(positions.get(column.name), column.name, surface, reason)
                )
                continue
            refs[column.name].append(ref)
    row = Row(
        [*spec.columns, *(c for c in columns.values() if c.extra)],
        number=number,
        values=values,
        refs=refs,
        provenance=provenance,
        index=index,
    )
    try:
        records = [*created, *spec.build(row)]
    except CellError as exc:
        raise RowRejected(None, None, str(exc)) from exc
    except (GraphError, ValidationError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise RowRejected(
            None, None, _("这一行生成不了记录：{reason}").format(reason=reason)
        ) from exc
    for name, reason in row.dropped:
        position = positions.get(name)
        cell: object = cells[position] if position is not None and position < len(cells) else None
        problems.append(CellRejected(position, name, cell, reason))
    return records
