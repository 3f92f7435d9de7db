"""The rejects report as CSV: every cell safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from loaders.report import FileResult, LoadReport, Reject

HOSTILE = ['=HYPERLINK("http://x","y")', "＝1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def test_every_hostile_cell_of_the_rejects_report_is_quoted() -> None:
    rejects = [
        Reject(file=value, sheet=value, row=n, field=value, header=value, value=value, reason=value)
        for n, value in enumerate(HOSTILE, 2)
    ]
    report = LoadReport(files=[FileResult(file="x.csv", kind="enterprises", rejects=rejects)])
    header, *rows = list(csv.reader(io.StringIO(report.rejects_csv(), newline="")))
    assert header == ["file", "sheet", "row", "level", "field", "header", "value", "reason"]
    for row, value in zip(rows, HOSTILE, strict=True):
        assert row[2].isdigit()
        assert row[3] == "row"
        assert [row[i] for i in (0, 1, 4, 5, 6, 7)] == ["'" + value] * 6


def test_a_reject_without_sheet_or_value_has_empty_cells() -> None:
    reject = Reject(file="a.csv", row=3, reason="the cell is empty but required")
    report = LoadReport(files=[FileResult(file="a.csv", kind="enterprises", rejects=[reject])])
    line = report.rejects_csv().splitlines()[1]
    assert line == "a.csv,,3,row,,,,the cell is empty but required"
