"""CSV / XLSX tables -> graph records, with a rejects report.

``read_tables`` reads files (:mod:`loaders.tables.files`: encodings, delimiters, every
sheet of a workbook); ``plan_table`` and ``parse_table`` are pure: rows in, records out.

- **Which table.** A table's kind comes from its sheet name, else its file stem
  (``enterprises.csv``, ``needs_2021.xlsx``, ``技术需求.csv``), else from its header (the
  kind whose required columns are all there and that knows most of its columns). The kinds
  and their columns are registered specs (:mod:`loaders.tables.registry`; add your own there).
  Sheets of instructions or helper lists (``填表说明``, ``_lists``) are not tables.
- **Order.** Tables are parsed so that a table is read after the tables that make the
  nodes it refers to (enterprises before cooperations), across every file of one load.
- **Layout.** :mod:`loaders.tables.plan` finds the header among the first ten rows (titles
  and ``填报单位`` lines above it skipped, a year merged over two-row headers read as the
  year of its columns, units from headers and ``单位：万元`` lines); total rows (``合计``),
  section labels (``一、化工类``) and notes (``注：``) under the data are skipped and noted.
- **Errors.** A file that cannot be read (empty, binary, undecodable, no such table kind,
  a required column missing) gives a :class:`FileResult` with ``error`` and no records.
  A cell that cannot be read is left out of its row (a :class:`Reject` of level ``cell``
  with the row number a spreadsheet shows, the column, the value and the reason) and the
  row loads; only a bad key (the row's name, a reference a link needs) rejects the row.
- **Provenance.** Each record carries ``Provenance(source=<file name relative to the load
  root, or the file name>, locator="row N" | "sheet S row N", synthetic=<the synthetic
  column>, note="<source column>; <note column>")``.

>>> from loaders.resolve import Resolver
>>> rows = [(1, ["企业名称", "行业", "营业收入（亿元）"]), (2, ["华升化工", "化工", "1.6"]),
...         (3, ["建华建材", "建材", "十二万"]), (4, [None, "化工", "3"])]
>>> result = parse_rows(rows, resolver=Resolver(), label="demo.csv", hints=("enterprises",))
>>> result.kind, result.rows, sorted(n.name for n in result.batch.nodes)
('enterprises', 3, ['化工', '华升化工', '建华建材', '建材'])
>>> [n.properties.get("revenue") for n in result.batch.nodes if n.name == "华升化工"]
[16000.0]
>>> print(result.rejects[0])  # doctest: +ELLIPSIS
demo.csv, row 3, column 营业收入（亿元） (revenue): '十二万': "十二万" is not an amount of money ...
>>> print(result.rejects[1])
demo.csv, row 4, column 企业名称 (name): the cell is empty but required
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from graph.errors import AmbiguousName, GraphError, LoadError, MissingColumn
from graph.model import Edge, GraphBatch, Node, NodeKind, Provenance, node_id
from loaders.report import FileResult, Reject
from loaders.resolve import Resolution, Resolver
from loaders.tables.cells import CellError, CellValue, is_blank, parse_cell
from loaders.tables.columns import Column
from loaders.tables.files import RawTable, read_table_file
from loaders.tables.layout import row_role, sheet_is_notes
from loaders.tables.plan import TablePlan, plan_table
from loaders.tables.registry import get_table, registered_tables
from loaders.tables.rows import LoadIndex, Ref, Row
from loaders.tables.specs import TableSpec

__all__ = ["batch_of", "parse_rows", "parse_table", "read_tables"]


class _RowRejected(Exception):
    def __init__(self, field: str | None, value: object, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


@dataclass
class _CellRejected:
    position: int | None
    field: str
    value: object
    reason: str


def _resolve(
    column: Column, surface: str, *, resolver: Resolver, index: LoadIndex
) -> tuple[Ref | None, Resolution | None]:
    """The node a reference names, else the closest name it might have meant.

    A table names what it refers to exactly, by an alias, a gazetteer entry or a rule-made
    abbreviation; a name merely close to a known one (the resolver's ``fuzzy`` rule) may be
    another enterprise, so it is not linked but offered in the reject's reason. A name found
    once is found again from the load's memory: a roster names the same towns and industries
    on every row.
    """
    known = index.found(column.ref, surface)
    if known is not None:
        return known, None
    ref, near = _lookup(column, surface, resolver=resolver, index=index)
    if ref is not None:
        index.remember(column.ref, surface, ref)
    return ref, near


def _lookup(
    column: Column, surface: str, *, resolver: Resolver, index: LoadIndex
) -> tuple[Ref | None, Resolution | None]:
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


_KIND_ZH = {
    NodeKind.ENTERPRISE: "企业",
    NodeKind.INSTITUTION: "高校院所",
    NodeKind.PLATFORM: "平台",
    NodeKind.REGION: "地区",
    NodeKind.INDUSTRY: "产业",
}


def _kinds_text(kinds: Sequence[NodeKind]) -> str:
    words = {"TalentProgram": "talent programme", "TransferAgency": "transfer agency"}
    return " or ".join(words.get(k.value, k.value.lower()) for k in kinds)


def _parse_cells(
    plan: TablePlan,
    cells: Sequence[object],
    columns: dict[int, Column],
    problems: list[_CellRejected],
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
            problems.append(_CellRejected(position, column.name, cell, str(exc)))
    return values


def _extra_value(cell: object) -> CellValue:
    """A column no kind declares: a number when it reads as one, else short text."""
    if is_blank(cell):
        return None
    try:
        return parse_cell(cell, "number")
    except CellError:
        return parse_cell(cell, "text", max_length=200)


def _parse_row(
    plan: TablePlan,
    number: int,
    cells: Sequence[object],
    *,
    year: int | None,
    columns: dict[int, Column],
    resolver: Resolver,
    index: LoadIndex,
    problems: list[_CellRejected],
) -> list[Node | Edge]:
    """One record of a row: a bad key rejects it, any other bad cell is left out of it."""
    spec, raw = plan.spec, plan.raw
    extra = [cell for cell in cells[plan.width :] if not is_blank(cell)]
    if extra:
        raise _RowRejected(
            None,
            extra[0],
            f"the row has {plan.width + len(extra)} or more cells "
            f"but the header has {plan.width} (a delimiter inside a cell?)",
        )
    values = _parse_cells(plan, cells, columns, problems)
    if year is not None and any(c.name == "year" for c in spec.columns):
        values["year"] = year
    keys = {c.name for c in spec.required}
    for problem in [p for p in problems if p.field in keys]:
        raise _RowRejected(problem.field, problem.value, problem.reason)
    for column in spec.required:
        if values.get(column.name) in (None, []):
            raise _RowRejected(column.name, None, "the cell is empty but required")
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
            ref, near = _resolve(column, surface, resolver=resolver, index=index)
            if ref is None and column.create and near is None:
                try:
                    made = _new_node(column.ref[0], surface, provenance, resolver, index)
                except AmbiguousName as exc:
                    if column.required:
                        raise _RowRejected(column.name, surface, str(exc)) from exc
                    problems.append(
                        _CellRejected(positions.get(column.name), column.name, surface, str(exc))
                    )
                    continue
                stub, more = made
                created.extend([stub, *more])
                ref = Ref(id=stub.id, kind=stub.kind, name=stub.name, surface=surface, created=True)
            if ref is None:
                reason = _unresolved(column, surface, near, index)
                if column.required:
                    raise _RowRejected(column.name, surface, reason)
                problems.append(
                    _CellRejected(positions.get(column.name), column.name, surface, reason)
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
        raise _RowRejected(None, None, str(exc)) from exc
    except (GraphError, ValidationError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise _RowRejected(None, None, f"cannot make a record of this row: {reason}") from exc
    for name, reason in row.dropped:
        position = positions.get(name)
        cell: object = cells[position] if position is not None and position < len(cells) else None
        problems.append(_CellRejected(position, name, cell, reason))
    return records


def _new_node(
    kind: NodeKind,
    surface: str,
    provenance: Provenance,
    resolver: Resolver,
    index: LoadIndex,
) -> tuple[Node, list[Node | Edge]]:
    """The node a name makes when nothing has it yet, and what comes with it.

    For a region the gazetteer knows (down to towns): its NBS-coded node and the PART_OF
    chain up to its province, leaving out the regions above it the load or store has.
    """
    if kind is NodeKind.REGION:
        records = resolver.region_records(surface, provenance=[provenance])
        first = records[0] if records else None
        if isinstance(first, Node):
            rest = [r for r in records[1:] if not (isinstance(r, Node) and index.has_id(r.id))]
            return first, rest
    return Node.create(kind, surface, provenance=[provenance]), []


def _unresolved(column: Column, surface: str, near: Resolution | None, index: LoadIndex) -> str:
    """Why a name names nothing: an earlier rejected row, a near miss, or nothing at all."""
    for kind in column.ref:
        where = index.rejected_at(surface, kind)
        if where is not None:
            return f"{_KIND_ZH.get(kind, kind.value)} {surface} 未载入：见 {where}"
    reason = f'no {_kinds_text(column.ref)} is named "{surface}"'
    if near is not None:
        reason += f' (the closest is "{near.name}", {near.score:.0%} alike)'
    return reason


def parse_table(
    plan: TablePlan, *, resolver: Resolver, index: LoadIndex | None = None
) -> FileResult:
    """Parse the rows of a planned table: records of the good rows, a reject per bad row or cell.

    Every node made is added to ``resolver`` and to ``index`` (one per load: pass the same
    one to every table of a load), so the tables parsed after this one can refer to it.
    Total rows (``合计``) and notes (``注：...``) under the table are skipped and noted.
    """
    index = LoadIndex(resolver.store) if index is None else index
    raw = plan.raw
    result = FileResult(
        file=raw.label, kind=plan.spec.name, notes=list(plan.notes), plan=plan.public()
    )
    skipped: dict[str, list[int]] = {"total": [], "notes": [], "section": []}
    slices = plan.slices()
    for number, cells in raw.rows:
        if number <= plan.header_row or all(is_blank(cell) for cell in cells):
            continue
        role = row_role(cells)
        if role != "data":
            skipped[role].append(number)
            continue
        result.rows += 1
        problems: list[_CellRejected] = []
        for year, columns in slices:
            try:
                records = _parse_row(
                    plan,
                    number,
                    cells,
                    year=year,
                    columns=columns,
                    resolver=resolver,
                    index=index,
                    problems=problems,
                )
            except _RowRejected as exc:
                result.rejects.append(_reject(plan, number, exc.field, exc.value, exc.reason))
                _remember_rejected(plan, number, cells, index)
                problems.clear()
                break
            for record in records:
                if isinstance(record, Node):
                    resolver.add(record)
                    index.add(record)
                    result.batch.nodes.append(record)
                else:
                    result.batch.edges.append(record)
        seen: set[tuple[str, str]] = set()
        for problem in problems:
            if (problem.field, problem.reason) in seen:  # the same cell, once per year slice
                continue
            seen.add((problem.field, problem.reason))
            reject = _reject(plan, number, problem.field, problem.value, problem.reason)
            reject.level = "cell"
            if problem.position is not None:
                reject.header = plan.headers.get(problem.position)
            result.rejects.append(reject)
    words = {"total": "合计/小计行", "notes": "表下注释行", "section": "分类标题行"}
    for role, numbers in skipped.items():
        if numbers:
            shown = "、".join(str(n) for n in numbers[:10]) + ("等" if len(numbers) > 10 else "")
            result.notes.append(f"第 {shown} 行是{words[role]}，已跳过")
    return result


def _reject(plan: TablePlan, number: int, field: str | None, value: object, reason: str) -> Reject:
    shown = None if value is None else str(value)[:200]
    position = next((p for p, c in plan.columns.items() if c.name == field), None)
    return Reject(
        file=plan.raw.label,
        sheet=plan.raw.sheet,
        row=number,
        field=field,
        header=plan.headers.get(position) if position is not None else None,
        value=shown,
        reason=reason,
    )


def _remember_rejected(
    plan: TablePlan, number: int, cells: Sequence[object], index: LoadIndex
) -> None:
    """A rejected row's name, so a later row naming it says where it went."""
    name = next(
        (p for p, c in plan.columns.items() if c.name == "name" and not c.ref),
        None,
    )
    if name is None or name >= len(cells) or is_blank(cells[name]):
        return
    where = f"{plan.raw.source}" + (f" 工作表 {plan.raw.sheet}" if plan.raw.sheet else "")
    # the name as other sheets would write it: without the debris that got the row rejected
    text = "".join(c for c in str(cells[name]) if unicodedata.category(c)[0] != "C").strip()
    for kind in plan.spec.produces:
        index.reject(text, kind, f"{where} 第 {number} 行")


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
        except Exception as exc:
            # A malformed file can make a parser raise what it happens to (openpyxl: ParseError,
            # TypeError...) where the reader expects a LoadError: it stops this file only.
            reason = " ".join(str(exc).split()) or "no detail"
            error = f"{path}: cannot read it ({type(exc).__name__}: {reason})"
            slots.append(FileResult(file=str(path), kind="unknown", error=error))
            continue
        for raw in raws:
            if sheet_is_notes(raw.sheet):
                continue  # instructions or a helper list (填表说明, _lists), not a table
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
