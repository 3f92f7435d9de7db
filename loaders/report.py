"""What a load did: per-file results, what changed, and every rejected row with its reason."""

from __future__ import annotations

import csv
import io

from pydantic import BaseModel, Field

from graph.model import GraphBatch, UpsertSummary

__all__ = ["FileResult", "LoadReport", "Reject"]


class Reject(BaseModel):
    """A row (or span) that was not loaded, and why."""

    file: str
    row: int | None = None
    field: str | None = None
    value: str | None = None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", column {self.field}"
        shown = f": {self.value!r}" if self.value is not None else ""
        return f"{where}{shown}: {self.reason}"


class FileResult(BaseModel):
    """What one input file gave: its records and its rejects."""

    file: str
    kind: str
    rows: int = 0
    error: str | None = None
    """Why nothing of this file could be read (missing column, binary file...), if so."""
    batch: GraphBatch = Field(default_factory=GraphBatch, exclude=True)
    rejects: list[Reject] = Field(default_factory=list)


class LoadReport(BaseModel):
    """The summary of a load, printed by ``ttkg load`` and returned by ``POST /admin/load``."""

    files: list[FileResult] = Field(default_factory=list)
    summary: UpsertSummary = Field(default_factory=UpsertSummary)

    @property
    def rejects(self) -> list[Reject]:
        """Every reject of every file."""
        return [r for f in self.files for r in f.rejects]

    def rejects_csv(self) -> str:
        """The rejects report as CSV (file,row,field,value,reason)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["file", "row", "field", "value", "reason"])
        for r in self.rejects:
            writer.writerow([r.file, r.row, r.field or "", r.value or "", r.reason])
        return out.getvalue()

    def public(self) -> dict[str, object]:
        """The JSON form: files with row and reject counts, what changed, every reject."""
        return {
            "files": [
                {
                    "file": f.file,
                    "kind": f.kind,
                    "rows": f.rows,
                    "rejected": len(f.rejects),
                    "error": f.error,
                }
                for f in self.files
            ],
            "summary": self.summary.model_dump(),
            "rejects": [r.model_dump() for r in self.rejects],
        }
