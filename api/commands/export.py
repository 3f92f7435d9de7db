"""``--export FILE.csv|FILE.xlsx``: the bureau's spreadsheets, safe to open in Excel.

Every cell goes through :func:`graph.exports.spreadsheet_safe`, the one check every writer
of a spreadsheet shares (the rejects report of ``ttkg load --rejects`` too).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from api.commands import console, fail
from graph.exports import CellValue, spreadsheet_safe
from graph.i18n import _

__all__ = ["ExportOption", "JsonOption", "export_rows", "write_csv", "write_xlsx"]

JsonOption = Annotated[bool, typer.Option("--json", help=_("输出 JSON"))]
ExportOption = Annotated[
    Path | None, typer.Option("--export", help=_("同时把表写入 FILE.csv 或 FILE.xlsx"))
]

# Control characters XLSX cannot hold (openpyxl refuses them); shown as U+FFFD instead.
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def export_rows(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    """Write rows to ``path`` (.csv in UTF-8 with a BOM for Excel, or .xlsx)."""
    headers = list(dict.fromkeys(key for row in rows for key in row))
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise fail(_("--export {path}：文件须以 .csv 或 .xlsx 结尾").format(path=path))
    table: list[list[object]] = [list(headers), *([row.get(h) for h in headers] for row in rows)]
    try:
        if suffix == ".csv":
            write_csv(path, table)
        else:
            write_xlsx(path, table)
    except OSError as exc:
        raise fail(
            _("--export {path}：无法写入（{cause}）").format(path=path, cause=exc.strerror)
        ) from exc
    console.print(_("已把 {n} 行写入 {path}").format(n=len(rows), path=path), highlight=False)


def write_csv(path: Path, table: Sequence[Sequence[object]]) -> None:
    """Rows of cells to a CSV file in UTF-8 with a BOM (so Excel reads the Chinese)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([spreadsheet_safe(v) for v in line] for line in table)


def write_xlsx(path: Path, table: Sequence[Sequence[object]]) -> None:
    """Rows of cells to a one-sheet workbook; every text cell stored as text, never a formula."""
    from openpyxl import Workbook  # imported here: only XLSX exports need it

    book = Workbook()
    sheet = book.active
    for row_number, line in enumerate(table, 1):
        for column_number, value in enumerate(line, 1):
            cell = sheet.cell(row=row_number, column=column_number)
            safe: CellValue = spreadsheet_safe(value)
            if isinstance(safe, str):
                cell.value = _NOT_IN_XLSX.sub("\ufffd", safe)
                cell.data_type = "s"  # openpyxl reads a leading "=" as a formula; this is text
            else:
                cell.value = safe
    book.save(path)
