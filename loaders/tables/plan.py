"""Planning a raw table: which table kind it is, which rows are its header, which column each
header cell names, in which unit and for which year. Pure: no file is read here.

A header is found among the first ten filled rows: the row (or two rows, a group row over
its sub-headers) naming most columns of one kind. Rows above it (a title, ``填报单位：...``)
are skipped, a ``单位：万元`` line among them sets the unit of every amount, and a year
merged over some columns (``2022年`` over ``R&D经费支出``) or written in a header
(``2022年营业收入``) makes one record per year. Headers no kind declares are kept as
properties, except row numbers (``序号``) and personal data (``联系电话``), which are left out;
each of these is said in :attr:`TablePlan.notes`.

>>> from loaders.tables.files import RawTable
>>> raw = RawTable(label="x.csv", source="x.csv", hints=("x",),
...                rows=[(1, ["沾化区企业名录"]), (2, ["企业名称", "行业", "规上", "联系电话"])])
>>> plan = plan_table(raw)
>>> plan.spec.name, plan.header_row, [c.name for c in plan.columns.values()]
('enterprises', 2, ['name', 'industry', 'above_scale'])
>>> plan.left_out
{3: '个人联系信息，不保存'}
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from graph.errors import LoadError, MissingColumn
from graph.i18n import _
from loaders.report import ColumnReading, LeftOut, TableReading
from loaders.tables.cells import is_blank
from loaders.tables.columns import Column
from loaders.tables.files import RawTable
from loaders.tables.headers import (
    PURE_YEAR,
    Header,
    best_header,
    has_year_column,
    kinds_for,
    match_header,
    table_for_name,
)
from loaders.tables.layout import (
    header_unit,
    header_year,
    is_ignored_header,
    is_personal_header,
    strip_unit,
    table_unit,
)
from loaders.tables.registry import registered_tables
from loaders.tables.specs import TableSpec

__all__ = ["TablePlan", "plan_table"]

_MAX_EXTRA_COLUMNS = 50
_PERSONAL = "个人联系信息，不保存"
_ROW_NUMBER = "行号列，不保存"


@dataclass
class TablePlan:
    """A raw table whose kind, header rows and columns are known: ready to parse."""

    raw: RawTable
    spec: TableSpec
    header_row: int
    """The last header row; data starts below it."""
    columns: dict[int, Column]
    """Cell position -> the column that header cell names (extra columns included)."""
    width: int
    header_rows: tuple[int, ...] = ()
    headers: dict[int, str] = field(default_factory=dict)
    """Cell position -> the header as the file writes it (group and sub-header joined)."""
    units: dict[int, str] = field(default_factory=dict)
    """Cell position -> the unit its header (or a ``单位：`` line) gives."""
    years: dict[int, int] = field(default_factory=dict)
    """Cell position -> the year of its group (or written in its header)."""
    left_out: dict[int, str] = field(default_factory=dict)
    """Cell position -> why the column is not read (personal data, row numbers)."""
    notes: list[str] = field(default_factory=list)

    def slices(self) -> list[tuple[int | None, dict[int, Column]]]:
        """The records one data row gives: ``(year, columns)``, one per year of the header.

        Without year groups a row is one record of every column; with them, a row is one
        record per year, each of the columns of no year plus the columns of that year.
        """
        years = sorted(set(self.years.values()))
        if not years:
            return [(None, self.columns)]
        common = {p: c for p, c in self.columns.items() if p not in self.years}
        return [
            (
                year,
                {**common, **{p: c for p, c in self.columns.items() if self.years.get(p) == year}},
            )
            for year in years
        ]

    def public(self) -> TableReading:
        """How the table was read: kind, header rows, the column each header was read as."""
        return TableReading(
            kind=self.spec.name,
            sheet=self.raw.sheet,
            header_rows=list(self.header_rows or (self.header_row,)),
            columns=[
                ColumnReading(
                    header=self.headers.get(position, ""),
                    column=column.name,
                    kept_as_property=column.extra,
                    unit=self.units.get(position),
                    year=self.years.get(position),
                )
                for position, column in sorted(self.columns.items())
            ],
            left_out=[
                LeftOut(header=self.headers.get(position, ""), reason=why)
                for position, why in sorted(self.left_out.items())
            ],
        )


def _closest(header: Header, specs: Sequence[TableSpec]) -> str:
    """Each header found, with the accepted header closest to it (what the user may have meant)."""
    accepted = sorted(
        {
            surface
            for spec in specs
            for column in spec.all_columns
            for surface in (column.name, *column.aliases)
        }
    )
    parts = []
    for text in header.texts.values():
        best = process.extractOne(strip_unit(text), accepted, scorer=fuzz.ratio)
        near = (
            _("（最接近的可用表头：{header}）").format(header=repr(best[0]))
            if best and best[1] >= 50
            else ""
        )
        parts.append(f"{text!r}{near}")
    return (
        _("找到的表头：{headers}").format(headers="、".join(parts)) if parts else _("没有找到表头")
    )


def _required_text(specs: Sequence[TableSpec]) -> str:
    return "；".join(
        _("{table} 需要 {columns}").format(
            table=spec.name,
            columns="、".join(
                f"{c.name}（{' / '.join(a for a in c.aliases[:3] if not a.isascii()) or c.name}）"
                for c in spec.required
            ),
        )
        for spec in specs
    )


def _property_name(text: str, taken: set[str]) -> str:
    """A property name for a header no kind declares: letters, digits and ``_``."""
    unit = header_unit(text)
    base = re.sub(r"[^\w]+", "_", unicodedata.normalize("NFKC", strip_unit(text))).strip("_")
    if unit:
        unit_key = "pct" if unit == "%" else re.sub(r"[^\w]+", "_", unit).strip("_")
        base = f"{base}_{unit_key}" if unit_key else base
    base = base or "column"
    if base[0].isdigit():
        base = "c_" + base
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def plan_table(raw: RawTable, *, spec: TableSpec | None = None) -> TablePlan:
    """Decide a raw table's kind, header rows and columns; `LoadError` if it cannot be read."""
    filled = [(number, cells) for number, cells in raw.rows if any(not is_blank(c) for c in cells)]
    if not filled:
        raise LoadError(raw.label, _("表里没有数据行"))
    if spec is None:
        spec = next((s for hint in raw.hints if (s := table_for_name(hint))), None)
    header = best_header([spec] if spec else registered_tables(), filled)
    if spec is None:
        found = kinds_for(header)
        if len(found) != 1:
            could = (
                _("（可能是 {kinds}）").format(kinds=" 或 ".join(s.name for s in found))
                if found
                else ""
            )
            raise LoadError(
                raw.label,
                _(
                    "认不出这是哪种表{could}：请用表的种类给文件或工作表命名（enterprises、"
                    "needs……），或写上该种表的列；{closest}；考虑过的种类：{kinds}"
                ).format(
                    could=could,
                    closest=_closest(header, registered_tables()),
                    kinds=_required_text(found or registered_tables()),
                ),
            )
        spec = found[0]
    plan = _columns(raw, spec, header)
    present = {column.name for column in plan.columns.values()}
    if plan.years and has_year_column(spec):
        present.add("year")
    for column in spec.required:
        if column.name not in present:
            raise MissingColumn(
                raw.label,
                column.name,
                spec.name,
                f"{_closest(header, [spec])}; accepted for {column.name}: "
                + ", ".join(repr(a) for a in (column.name, *column.aliases)),
            )
    above = [number for number, _ in filled if number < header.rows[0]]
    if above:
        plan.notes.append(f"第 {_span(above)} 行在表头之上（标题、填报单位等），不作数据读取")
    return plan


def _span(numbers: list[int]) -> str:
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def _columns(raw: RawTable, spec: TableSpec, header: Header) -> TablePlan:
    """Map each header cell to its column, unit and year; keep or leave out the unknown ones."""
    plan = TablePlan(
        raw=raw,
        spec=spec,
        header_row=header.rows[-1],
        columns={},
        width=max(header.texts, default=-1) + 1,
        header_rows=header.rows,
    )
    above_unit = next(
        (u for number, cells in raw.rows if number < header.rows[0] if (u := table_unit(cells))),
        None,
    )
    seen: dict[tuple[str, int | None], int] = {}
    taken = {c.name for c in spec.all_columns}
    latest = max(header.group_years.values(), default=None)
    for position, text in sorted(header.texts.items()):
        plan.headers[position] = text
        column, year = match_header(spec, text)
        year = header.group_years.get(position, year)
        if column is None:
            _unknown(plan, position, text, taken, year=year)
            continue
        if year is not None and not has_year_column(spec):
            if year != latest and latest is not None:
                plan.notes.append(f"列 {text!r}（{year}年）：本表每行只读最新年份 {latest} 的数据")
                continue
            year = None
        twin = seen.get((column.name, year))
        if twin is not None:
            # 企业名称 beside 统一社会信用代码 in a sheet keyed by either: the first is the
            # column, the second is kept as it is (nothing a clerk wrote is dropped)
            plan.notes.append(
                f"列 {header.texts[twin]!r} 与列 {text!r} 都可作 {column.name}，"
                f"按 {header.texts[twin]!r} 读取，{text!r} 作为属性保存"
            )
            _keep(plan, position, text, taken, year=year, like=_elsewhere(text, spec))
            continue
        seen[(column.name, year)] = position
        plan.columns[position] = column
        if year is not None:
            plan.years[position] = year
        unit = header_unit(text) or (above_unit if column.type == "money" else None)
        if unit is not None:
            plan.units[position] = unit
    if above_unit:
        plan.notes.append(f"表上注明“单位：{above_unit}”，未注明单位的金额列按{above_unit}读取")
    return plan


def _unknown(
    plan: TablePlan, position: int, text: str, taken: set[str], *, year: int | None
) -> None:
    """A header no kind declares: left out (personal data, row numbers) or kept as a property."""
    if is_personal_header(text):
        plan.left_out[position] = _PERSONAL
        plan.notes.append(f"列 {text!r} 是个人联系信息，不读取也不保存")
        return
    if is_ignored_header(text):
        plan.left_out[position] = _ROW_NUMBER
        return
    if header_year(text) is not None and PURE_YEAR.match(unicodedata.normalize("NFKC", text)):
        plan.left_out[position] = "年份分组标题"
        return
    if sum(1 for c in plan.columns.values() if c.extra) >= _MAX_EXTRA_COLUMNS:
        plan.left_out[position] = f"未识别的列超过 {_MAX_EXTRA_COLUMNS} 个，其余不保存"
        plan.notes.append(f"列 {text!r} 未识别且未识别的列已超过 {_MAX_EXTRA_COLUMNS} 个，不保存")
        return
    name = _keep(plan, position, text, taken, year=year)
    plan.notes.append(f"列 {text!r} 不在 {plan.spec.name} 表的列中，作为属性 {name!r} 保存")


def _elsewhere(text: str, spec: TableSpec) -> Column | None:
    """The column another kind reads this header as (统一社会信用代码 -> credit_code)."""
    for other in registered_tables():
        column = other.column_for_header(text) if other is not spec else None
        if column is not None and not column.ref and column.as_property:
            return column
    return None


def _keep(
    plan: TablePlan,
    position: int,
    text: str,
    taken: set[str],
    *,
    year: int | None,
    like: Column | None = None,
) -> str:
    """Read a column as a property named after its header (a number or short text), or
    as ``like``, the column another kind declares for the same header."""
    labelled = f"{year}年{text}" if year is not None else text
    if like is not None and like.name not in taken:
        taken.add(like.name)
        plan.columns[position] = replace(like, extra=True, required=False)
        return like.name
    name = _property_name(labelled, taken)
    taken.add(name)
    plan.columns[position] = Column(name, "text", extra=True, max_length=200, doc=labelled)
    unit = header_unit(text)
    if unit is not None:
        plan.units[position] = unit
    return name
