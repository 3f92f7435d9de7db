"""``--export FILE.csv|FILE.xlsx``: the bureau's spreadsheets, safe to open in Excel."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from api.commands import console, fail

__all__ = ["ExportOption", "JsonOption", "export_rows", "spreadsheet_safe"]

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]
ExportOption = Annotated[
    Path | None, typer.Option("--export", help="also write the table to FILE.csv or FILE.xlsx")
]


def spreadsheet_safe(value: object) -> object:
    """A cell value that a spreadsheet shows as text, never runs as a formula.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe(3), spreadsheet_safe("华升化工")
    ("'=HYPERLINK(1)", 3, '华升化工')
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def export_rows(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    """Write rows to ``path`` (.csv in UTF-8 with a BOM for Excel, or .xlsx)."""
    headers = list(dict.fromkeys(key for row in rows for key in row))
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise fail(f"--export {path}: the file must end in .csv or .xlsx")
    cells = [[spreadsheet_safe(row.get(h)) for h in headers] for row in rows]
    try:
        if suffix == ".csv":
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(headers)
                writer.writerows(cells)
        else:
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            sheet.append(headers)
            for line in cells:
                sheet.append(line)
            book.save(path)
    except OSError as exc:
        raise fail(f"--export {path}: cannot write ({exc.strerror})") from exc
    console.print(f"wrote {len(rows)} rows to {path}", highlight=False)
