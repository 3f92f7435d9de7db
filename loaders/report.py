"""What a load did: per-file results, what changed, and every rejected row with its reason."""

from __future__ import annotations

import csv
import io
from typing import Literal

from pydantic import BaseModel, Field

from graph.exports import spreadsheet_safe
from graph.i18n import _
from graph.model import GraphBatch, PropertyValue, UpsertSummary

__all__ = [
    "ColumnReading",
    "EntityReading",
    "FileResult",
    "LeftOut",
    "LoadReport",
    "Reject",
    "TableReading",
]


class ColumnReading(BaseModel):
    """One header of a table and the column it was read as."""

    header: str
    column: str
    kept_as_property: bool = False
    """True for a header no table kind declares, kept as a property named ``column``."""
    unit: str | None = None
    year: int | None = None


class LeftOut(BaseModel):
    """A header whose column is not read, and why (personal data, row numbers)."""

    header: str
    reason: str


class TableReading(BaseModel):
    """How a table was read: its kind, header rows, and the column of each header."""

    kind: str
    sheet: str | None = None
    header_rows: list[int]
    columns: list[ColumnReading]
    left_out: list[LeftOut] = Field(default_factory=list)


class EntityReading(BaseModel):
    """One entity a document names, as a clerk reviews it before it enters the graph: the
    sentence that names it, where that is in the file, and how the name was resolved."""

    number: int
    """From 1, in the order the document first names them: what ``--drop 3,5`` refers to."""
    kind: str
    name: str
    surface: str
    """The name as the document writes it."""
    evidence: str
    """The sentence of the first mention."""
    location: dict[str, PropertyValue] = Field(default_factory=dict)
    """Where the first mention is in the file (``page``, ``paragraph``, ``box``...)."""
    rule: str
    """How the name was resolved (``exact``, ``alias``, ``gazetteer``, ``new``...)."""
    score: float
    node_id: str
    existing: bool
    """True when the node was in the graph before this load (a match, not a new node)."""
    mentions: int = 1
    dropped: bool = False
    remembered: bool = False
    """Dropped because an earlier review of the same file (same content) dropped it."""


class Reject(BaseModel):
    """A row (or span, or one cell) that was not loaded, and why.

    ``level`` says what was left out: ``row`` (nothing of the row was loaded) or ``cell``
    (the row loaded without this value). ``header`` is the column's header as the file
    writes it; ``field`` the column it was read as.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    field: str | None = None
    header: str | None = None
    value: str | None = None
    reason: str
    level: Literal["row", "cell"] = "row"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += _("，第 {row} 行").format(row=self.row)
        if self.field:
            shown_column = (
                f"{self.header} ({self.field})"
                if self.header and self.header != self.field
                else self.field
            )
            where += _("，列 {column}").format(column=shown_column)
        shown = f": {self.value!r}" if self.value is not None else ""
        kept = _("（该行已读入，不含此值）") if self.level == "cell" else ""
        return f"{where}{shown}: {self.reason}{kept}"


class FileResult(BaseModel):
    """What one input file gave: its records and its rejects."""

    file: str
    kind: str
    rows: int = 0
    error: str | None = None
    """Why nothing of this file could be read (missing column, binary file...), if so."""
    batch: GraphBatch = Field(default_factory=GraphBatch, exclude=True)
    rejects: list[Reject] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    """What the reader did that a clerk should know: rows skipped as titles, totals or
    notes, columns kept as properties or left out as personal data, units converted."""
    plan: TableReading | None = None
    """How a table was read (kind, header rows, column of each header), for dry runs."""
    entities: list[EntityReading] = Field(default_factory=list)
    """What a document names, with evidence and resolution, for review and dry runs."""

    @property
    def rows_rejected(self) -> int:
        """Rows of which nothing was loaded."""
        return sum(1 for r in self.rejects if r.level == "row")

    @property
    def cells_rejected(self) -> int:
        """Cells left out of rows that loaded."""
        return sum(1 for r in self.rejects if r.level == "cell")


class LoadReport(BaseModel):
    """The summary of a load, printed by ``ttkg load`` and returned by ``POST /admin/load``."""

    files: list[FileResult] = Field(default_factory=list)
    summary: UpsertSummary = Field(default_factory=UpsertSummary)
    dry_run: bool = False
    """True when the files were read and checked but nothing was written."""

    @property
    def rejects(self) -> list[Reject]:
        """Every reject of every file."""
        return [r for f in self.files for r in f.rejects]

    def rejects_csv(self) -> str:
        """The rejects report as CSV (file,sheet,row,level,field,header,value,reason), every
        cell safe to open in a spreadsheet (a rejected ``=1+1`` is written ``'=1+1``)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["file", "sheet", "row", "level", "field", "header", "value", "reason"])
        for r in self.rejects:
            cells = (r.file, r.sheet, r.row, r.level, r.field, r.header, r.value, r.reason)
            writer.writerow(spreadsheet_safe(cell) for cell in cells)
        return out.getvalue()

    def public(self, *, plans: bool = False) -> dict[str, object]:
        """The JSON form: files with row and reject counts, what changed, every reject
        (with ``plans``, how each table was read and each entity a document names)."""
        return {
            "dry_run": self.dry_run,
            "files": [
                {
                    "file": f.file,
                    "kind": f.kind,
                    "rows": f.rows,
                    "rejected": f.rows_rejected,
                    "cells_rejected": f.cells_rejected,
                    "error": f.error,
                    "notes": f.notes,
                    **({"plan": f.plan.model_dump()} if plans and f.plan is not None else {}),
                    **(
                        {"entities": [e.model_dump() for e in f.entities]}
                        if plans and f.entities
                        else {}
                    ),
                }
                for f in self.files
            ],
            "summary": self.summary.model_dump(),
            "rejects": [r.model_dump() for r in self.rejects],
        }
