"""CSV / XLSX tables -> graph records, with a rejects report.

``read_tables`` reads files (:mod:`loaders.tables.files`: encodings, delimiters, every
sheet of a workbook); ``plan_table`` and ``parse_table`` are pure: rows in, records out.

- **Which table.** A table's kind comes from its sheet name, else its file stem
  (``enterprises.csv``, ``needs_2021.xlsx``, ``技术需求.csv``), else from its header (the
  kind whose required columns are all there and that knows most of its columns). The kinds
  and their columns are registered specs (:mod:`loaders.tables.registry`; add your own there).
- **Order.** Tables are parsed so that a table is read after the tables that make the
  nodes it refers to (enterprises before cooperations), across every file of one load.
- **Header.** The header is the first of the first five filled rows that names most known
  columns (a title row above it is skipped). Headers match column names or their Chinese
  aliases; unknown columns are ignored.
- **Errors.** A file that cannot be read (empty, binary, undecodable, no such table kind,
  a required column missing) gives a :class:`FileResult` with ``error`` and no records.
  A bad cell rejects its row only: a :class:`Reject` with the row number a spreadsheet
  shows (header = row 1), the column, the value and the reason; the good rows load.
- **Provenance.** Each record carries ``Provenance(source=<file name relative to the load
  root, or the file name>, locator="row N" | "sheet S row N", synthetic=<the synthetic
  column>, note="<source column>; <note column>")``.

>>> from loaders.resolve import Resolver
>>> rows = [(1, ["企业名称", "行业", "营业收入（万元）"]), (2, ["华升化工", "化工", "1200"]),
...         (3, ["建华建材", "建材", "12万"])]
>>> result = parse_rows(rows, resolver=Resolver(), label="demo.csv", hints=("enterprises",))
>>> result.kind, result.rows, sorted(n.name for n in result.batch.nodes)
('enterprises', 2, ['化工', '华升化工'])
>>> print(result.rejects[0])
demo.csv, row 3, column revenue: '12万': "12万" is not a number
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import ValidationError

from graph.errors import GraphError, LoadError, MissingColumn
from graph.model import Edge, GraphBatch, Node, NodeKind, Provenance, node_id
from loaders.report import FileResult, Reject
from loaders.resolve import Resolution, Resolver
from loaders.tables.cells import CellError, CellValue, is_blank, parse_cell
from loaders.tables.columns import Column
from loaders.tables.files import RawTable, read_table_file
from loaders.tables.plan import TablePlan, plan_table
from loaders.tables.registry import get_table, registered_tables
from loaders.tables.rows import LoadIndex, Ref, Row
from loaders.tables.specs import TableSpec

__all__ = ["batch_of", "parse_rows", "parse_table", "read_tables"]


class _RowRejected(Exception):
    def __init__(self, field: str | None, value: object, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def _resolve(
    column: Column, surface: str, *, resolver: Resolver, index: LoadIndex
) -> tuple[Ref | None, Resolution | None]:
    """The node a reference names, else the closest name it might have meant.

    A table names what it refers to exactly, by an alias, a gazetteer entry or a rule-made
    abbreviation; a name merely close to a known one (the resolver's ``fuzzy`` rule) may be
    another enterprise, so it is not linked but offered in the reject's reason.
    """
    near: Resolution | None = None
    for kind in column.ref:
        found = resolver.resolve(surface, kind)
        if found.node_id and found.rule == "fuzzy":
            near = near or found
        elif found.node_id:
            return Ref(id=found.node_id, kind=kind, name=found.name, surface=surface), None
    for kind in column.ref:  # a key such as a credit code or an NBS code
        try:
            candidate = node_id(kind, key=surface)
        except GraphError:
            continue
        name = index.name_of(candidate)
        if name is not None:
            return Ref(id=candidate, kind=kind, name=name, surface=surface), None
    return None, near


def _kinds_text(kinds: Sequence[NodeKind]) -> str:
    words = {"TalentProgram": "talent programme", "TransferAgency": "transfer agency"}
    return " or ".join(words.get(k.value, k.value.lower()) for k in kinds)


def _parse_row(
    plan: TablePlan,
    number: int,
    cells: Sequence[object],
    *,
    resolver: Resolver,
    index: LoadIndex,
) -> list[Node | Edge]:
    spec, raw = plan.spec, plan.raw
    extra = [cell for cell in cells[plan.width :] if not is_blank(cell)]
    if extra:
        raise _RowRejected(
            None,
            extra[0],
            f"the row has {plan.width + len(extra)} or more cells "
            f"but the header has {plan.width} (a delimiter inside a cell?)",
        )
    values: dict[str, CellValue] = {}
    problems: list[_RowRejected] = []
    for position, column in plan.columns.items():
        cell = cells[position] if position < len(cells) else None
        try:
            values[column.name] = parse_cell(
                cell, column.type, max_length=column.max_length, choices=column.choices
            )
        except CellError as exc:
            problems.append(_RowRejected(column.name, cell, str(exc)))
            continue
        if column.required and values[column.name] in (None, []):
            problems.append(_RowRejected(column.name, None, "the cell is empty but required"))
    if problems:
        first = problems[0]
        if len(problems) > 1:
            first.reason += "; also column " + ", column ".join(
                f"{p.field}: {p.reason}" for p in problems[1:]
            )
        raise first
    refs: dict[str, list[Ref]] = {}
    created: list[Node] = []
    note = "; ".join(str(values[c]) for c in ("source", "note") if values.get(c))
    provenance = Provenance(
        source=raw.source,
        locator=raw.locator(number),
        synthetic=values.get("synthetic") is True,
        note=note or None,
    )
    for column in spec.columns:
        value = values.get(column.name)
        if not column.ref or value in (None, []):
            continue
        refs[column.name] = []
        for surface in value if isinstance(value, list) else [str(value)]:
            ref, near = _resolve(column, surface, resolver=resolver, index=index)
            if ref is None and column.create and near is None:
                stub = Node.create(column.ref[0], surface, provenance=[provenance])
                created.append(stub)
                ref = Ref(id=stub.id, kind=stub.kind, name=stub.name, surface=surface, created=True)
            if ref is None:
                reason = f'no {_kinds_text(column.ref)} is named "{surface}"'
                if near is not None:
                    reason += f' (the closest is "{near.name}", {near.score:.0%} alike)'
                raise _RowRejected(column.name, surface, reason)
            refs[column.name].append(ref)
    row = Row(
        spec.columns, number=number, values=values, refs=refs, provenance=provenance, index=index
    )
    try:
        return [*created, *spec.build(row)]
    except CellError as exc:
        raise _RowRejected(None, None, str(exc)) from exc
    except (GraphError, ValidationError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise _RowRejected(None, None, f"cannot make a record of this row: {reason}") from exc


def parse_table(
    plan: TablePlan, *, resolver: Resolver, index: LoadIndex | None = None
) -> FileResult:
    """Parse the rows of a planned table: records of the good rows, a reject per bad row.

    Every node made is added to ``resolver`` and to ``index`` (one per load: pass the same
    one to every table of a load), so the tables parsed after this one can refer to it.
    """
    index = LoadIndex(resolver.store) if index is None else index
    result = FileResult(file=plan.raw.label, kind=plan.spec.name)
    for number, cells in plan.raw.rows:
        if number <= plan.header_row or all(is_blank(cell) for cell in cells):
            continue
        result.rows += 1
        try:
            records = _parse_row(plan, number, cells, resolver=resolver, index=index)
        except _RowRejected as exc:
            shown = None if exc.value is None else str(exc.value)[:200]
            result.rejects.append(
                Reject(
                    file=plan.raw.label, row=number, field=exc.field, value=shown, reason=exc.reason
                )
            )
            continue
        for record in records:
            if isinstance(record, Node):
                resolver.add(record)
                index.add(record)
                result.batch.nodes.append(record)
            else:
                result.batch.edges.append(record)
    return result


def parse_rows(
    rows: Iterable[tuple[int, Sequence[object]]],
    *,
    resolver: Resolver,
    table: str | TableSpec | None = None,
    label: str = "<rows>",
    source: str | None = None,
    hints: tuple[str, ...] = (),
) -> FileResult:
    """Plan and parse rows that did not come from a file (tests, API uploads).

    ``rows`` are ``(row number, cells)``; the kind is ``table`` or found from ``hints`` and
    the header. Errors that stop the table come back in ``FileResult.error``.
    """
    raw = RawTable(
        label=label,
        source=source or label,
        rows=[(n, list(cells)) for n, cells in rows],
        hints=hints,
    )
    spec = get_table(table) if isinstance(table, str) else table
    try:
        plan = plan_table(raw, spec=spec)
    except LoadError as exc:
        return FileResult(file=label, kind=spec.name if spec else "unknown", error=str(exc))
    return parse_table(plan, resolver=resolver)


def _source_name(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def read_tables(
    paths: list[Path], *, resolver: Resolver, root: Path | None = None
) -> list[FileResult]:
    """Read CSV/TSV/XLSX files into records, one :class:`FileResult` per table (per sheet).

    Tables are parsed in dependency order across all ``paths`` (then in the order of
    ``paths`` and of the sheets in a workbook), and their results come back in that order,
    so that a batch built from them folds later facts over earlier ones (an indicators row
    over an enterprises row); the files that could not be read follow.
    """
    slots: list[FileResult | TablePlan] = []
    for path in paths:
        try:
            raws = read_table_file(Path(path), source=_source_name(Path(path), root))
        except LoadError as exc:
            slots.append(FileResult(file=str(path), kind="unknown", error=str(exc)))
            continue
        for raw in raws:
            try:
                slots.append(plan_table(raw))
            except MissingColumn as exc:
                slots.append(FileResult(file=raw.label, kind=exc.table, error=str(exc)))
            except LoadError as exc:
                slots.append(FileResult(file=raw.label, kind="unknown", error=str(exc)))
    rank = {spec.name: position for position, spec in enumerate(registered_tables())}
    plans = sorted(
        (i for i, slot in enumerate(slots) if isinstance(slot, TablePlan)),
        key=lambda i: (rank[_plan(slots[i]).spec.name], i),
    )
    index = LoadIndex(resolver.store)
    parsed = [parse_table(_plan(slots[i]), resolver=resolver, index=index) for i in plans]
    return parsed + [slot for slot in slots if isinstance(slot, FileResult)]


def _plan(slot: FileResult | TablePlan) -> TablePlan:
    if not isinstance(slot, TablePlan):
        raise TypeError("expected a table plan")
    return slot


def batch_of(results: Iterable[FileResult]) -> GraphBatch:
    """Every record of some results, in one batch."""
    batch = GraphBatch()
    for result in results:
        batch.extend(result.batch)
    return batch
