"""Writes: upload a table or a document. Every route needs the API key (``X-API-Key``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, HTTPException, Query, UploadFile, status

from api.deps import AdminDep, SettingsDep, StoreDep
from loaders.load import DOCUMENT_SUFFIXES, TABLE_SUFFIXES, load_paths

router = APIRouter(prefix="/admin", tags=["admin"])

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


async def _load_upload(
    upload: UploadFile,
    store: StoreDep,
    region: str | None,
    allowed: frozenset[str],
    *,
    dry_run: bool = False,
) -> dict[str, Any]:
    name = Path(upload.filename or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"{name}: expected one of {', '.join(sorted(allowed))}, got {suffix or 'no suffix'}",
        )
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE, f"{name}: larger than {MAX_UPLOAD_BYTES} bytes"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        report = load_paths(store, [path], region=region, dry_run=dry_run)
    public = report.public(plans=dry_run)
    for entry in public["files"]:  # type: ignore[attr-defined]
        entry["file"] = name
    for reject in public["rejects"]:  # type: ignore[attr-defined]
        reject["file"] = name
    return public


@router.post("/load")
async def load_table(
    _: AdminDep,
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="a CSV or XLSX table")],
    dry_run: Annotated[
        bool,
        Query(description="read and check only: answer the plan and the rejects, write nothing"),
    ] = False,
) -> dict[str, Any]:
    """Load one table; the answer lists what changed and every rejected row or cell with its
    reason. With ``dry_run=true`` nothing is written: the answer is the plan (the kind of
    each sheet, its header rows, the column each header was read as), the rows and the
    rejects a load would give."""
    return await _load_upload(file, store, settings.region, TABLE_SUFFIXES, dry_run=dry_run)


@router.post("/documents")
async def load_document(
    _: AdminDep,
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="a work plan or report (.txt or .html)")],
) -> dict[str, Any]:
    """Load one document: its entities, relations and targets, tied to their spans."""
    return await _load_upload(file, store, settings.region, DOCUMENT_SUFFIXES)
