"""Fill-in templates: an XLSX workbook the bureau fills in and ``ttkg load`` reads back.

One sheet per table kind, named with the kind's Chinese name (``企业``, ``高校院所``), in the
registry's order; its header row holds each column's Chinese header (``*`` marks a required
column, a unit goes in brackets: ``营业收入（万元）``), each header cell has a note saying what
the column means, and row 2 is an example row, marked ``示例 = 是`` so that loading it makes
synthetic records only. Columns with fixed values (类型, 级别, 合作方式, 状态, 是/否) get a
drop-down list of the Chinese words; lists too long for an inline list formula are kept
on the hidden sheet :data:`LISTS_SHEET`. The sheet :data:`NOTES_SHEET` explains every
column of every kind. What the cells say comes from :mod:`loaders.tables.template_text`;
the example values are data, in ``template_examples.yaml``.

:func:`build_template` makes the workbook (no file is touched); :func:`write_template` saves
it. The all-kinds template loads as it is: every example refers to the other examples.

>>> workbook = build_template(["needs", "enterprises"])
>>> workbook.sheetnames
['企业', '需求', '填表说明']
>>> [cell.value for cell in workbook["需求"][1]][:3]
['*企业名称', '*需求名称', '需求描述']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.i18n import _
from graph.model import NodeKind
from loaders.tables.columns import Column
from loaders.tables.registry import registered_tables
from loaders.tables.specs import TableSpec
from loaders.tables.template_text import (
    choice_words,
    column_header,
    example_row,
    explain_type,
    explain_values,
    node_kind_names,
    sheet_names,
    template_spec,
)

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["LISTS_SHEET", "NOTES_SHEET", "VALIDATED_ROWS", "build_template", "write_template"]

NOTES_SHEET = "填表说明"
"""The sheet explaining every column; the loader skips it."""
LISTS_SHEET = "_lists"
"""The hidden sheet holding drop-down lists too long for an inline formula; skipped too."""
VALIDATED_ROWS = 1000
"""Drop-downs cover rows 2 to this row."""

_FORMULA_LIMIT = 255  # Excel's limit on an inline list formula, quotes included
_ERROR_LIMIT = 225  # and on a validation's error message
_NOTES_HEADER = (
    "表",
    "表（英文）",
    "列",
    "列（英文）",
    "必填",
    "类型",
    "可填写的值",
    "说明 (English)",
)


def _width(text: object) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def _list_formula(words: Sequence[str], lists: list[Sequence[str]]) -> str:
    """An inline list, or a range of :data:`LISTS_SHEET` (column ``len(lists)``) when the
    words are too long for one or hold a comma or a quote."""
    inline = '"' + ",".join(words) + '"'
    if len(inline) <= _FORMULA_LIMIT and not any("," in w or '"' in w for w in words):
        return inline
    from openpyxl.utils import get_column_letter

    lists.append(words)
    letter = get_column_letter(len(lists))
    return f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(words)}"


def _lists_sheet(workbook: Workbook, lists: Sequence[Sequence[str]]) -> None:
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    for position, words in enumerate(lists, 1):
        for row, word in enumerate(words, 1):
            sheet.cell(row=row, column=position, value=word)


def _drop_down(
    column: Column, words: Sequence[str], letter: str, lists: list[Sequence[str]]
) -> Any:
    """The list validation of one column, rows 2 to :data:`VALIDATED_ROWS`. A list column
    takes several words, which the list cannot check: Excel only warns there."""
    from openpyxl.worksheet.datavalidation import DataValidation

    several = column.type == "list"
    error = "可填多个值，用、分隔" if several else "请从下拉列表中选择"
    if len(error) + sum(len(word) + 1 for word in words) <= _ERROR_LIMIT:
        error += "：" + "、".join(words)
    validation = DataValidation(
        type="list",
        formula1=_list_formula(words, lists),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning" if several else "stop",
        errorTitle=column_header(column)[:32],
        error=error,
    )
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    return validation


def _kind_sheet(
    workbook: Workbook,
    spec: TableSpec,
    title: str,
    producers: Mapping[NodeKind, str],
    lists: list[Sequence[str]],
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    example = example_row(spec)
    for position, column in enumerate(spec.all_columns, 1):
        letter = get_column_letter(position)
        header = sheet.cell(row=1, column=position, value=column_header(column))
        header.font = Font(bold=True, color="C00000" if column.required else None)
        header.fill = PatternFill("solid", fgColor="DDEBF7")
        note = [f"{'必填' if column.required else '选填'}；{explain_type(column, producers)}"]
        if column.doc:
            note.append(_(column.doc))
        header.comment = Comment("\n".join(note), "ttkg", width=320, height=120)
        value = example.get(column.name)
        if value is not None:
            cell = sheet.cell(row=2, column=position, value=value)
            cell.font = Font(italic=True, color="808080")
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
        words = choice_words(column)
        if words:
            sheet.add_data_validation(_drop_down(column, words, letter, lists))
        shown = max(_width(column_header(column)), min(_width(value or ""), 30))
        sheet.column_dimensions[letter].width = max(10, shown + 4)
    sheet.freeze_panes = "A2"


def _notes_sheet(
    workbook: Workbook,
    specs: Sequence[TableSpec],
    names: Mapping[str, str],
    producers: Mapping[NodeKind, str],
) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(NOTES_SHEET)
    intro = (
        "每个工作表是一张表，第 1 行是表头，从第 2 行起每行一条记录。",
        "表头前有 * 的列必须填写；其余列可以留空。表头上的批注说明该列的含义。",
        "第 2 行是示例行（示例 = 是），填表时请删除或覆盖；"
        "载入时示例行只生成标记为示例（synthetic）的记录。",
        "有下拉列表的列请从列表中选择；「可填写的值」列出每个取值可用的全部写法。",
    )
    for line in intro:
        sheet.append([line])
    sheet.append([])
    sheet.append(list(_NOTES_HEADER))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for spec in specs:
        sheet.append([names[spec.name], spec.name, "（本表）", "", "", "", "", _(spec.doc)])
        for column in spec.all_columns:
            sheet.append(
                [
                    names[spec.name],
                    spec.name,
                    column_header(column).lstrip("*"),
                    column.name,
                    "是" if column.required else "否",
                    explain_type(column, producers),
                    explain_values(column),
                    _(column.doc) if column.doc else "",
                ]
            )
    for letter, width in zip("ABCDEFGH", (14, 22, 22, 20, 6, 40, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=len(intro) + 3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{len(intro) + 3}"


def build_template(kinds: Sequence[str] | None = None) -> Workbook:
    """The template workbook of ``kinds`` (names or aliases; None: every registered kind),
    one sheet per kind in the registry's order, then :data:`NOTES_SHEET`."""
    from openpyxl import Workbook

    wanted = None if kinds is None else {template_spec(kind).name for kind in kinds}
    every = registered_tables()
    specs = [spec for spec in every if wanted is None or spec.name in wanted]
    names = sheet_names(every)
    producers = node_kind_names(names)
    workbook = Workbook()
    workbook.remove(workbook.active)
    lists: list[Sequence[str]] = []
    for spec in specs:
        _kind_sheet(workbook, spec, names[spec.name], producers, lists)
    _notes_sheet(workbook, specs, names, producers)
    if lists:
        _lists_sheet(workbook, lists)
    workbook.active = 0
    return workbook


def write_template(path: str | Path, kinds: Sequence[str] | None = None) -> Path:
    """Write the template of ``kinds`` (None: every kind) to ``path``; return the path."""
    path = Path(path)
    build_template(kinds).save(path)
    return path
