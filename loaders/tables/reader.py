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
demo.csv，第 3 行，列 营业收入（亿元） (revenue): '十二万': "十二万" 不是金额...
>>> print(result.rejects[1])
demo.csv，第 4 行，列 企业名称 (name): 必填的单元格是空的
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from graph.errors import LoadError, MissingColumn
from graph.i18n import _
from graph.model import GraphBatch, Node
from loaders.report import FileResult, Reject
from loaders.resolve import Resolver
from loaders.tables.cells import is_blank
from loaders.tables.files import RawTable, read_table_file
from loaders.tables.layout import row_role, sheet_is_notes
from loaders.tables.plan import TablePlan, plan_table
from loaders.tables.registry import get_table, registered_tables
from loaders.tables.row_parser import CellRejected, RowRejected, parse_row
from loaders.tables.rows import LoadIndex
from loaders.tables.specs import TableSpec

__all__ = ["batch_of", "parse_rows", "parse_table", "read_tables"]


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
        problems: list[CellRejected] = []
        for year, columns in slices:
            try:
                records = parse_row(
                    plan,
                    number,
                    cells,
                    year=year,
                    columns=columns,
                    resolver=resolver,
                    index=index,
                    problems=problems,
                )
            except RowRejected as exc:
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
            reason = " ".join(str(exc).split()) or _("无详情")
            error = _("{path}：读不了（{error}: {reason}）").format(
                path=path, error=type(exc).__name__, reason=reason
            )
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
        # i18n: ok: a caller's error
        raise TypeError("expected a table plan")
    return slot


def batch_of(results: Iterable[FileResult]) -> GraphBatch:
    """Every record of some results, in one batch."""
    batch = GraphBatch()
    for result in results:
        batch.extend(result.batch)
    return batch
