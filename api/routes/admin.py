"""Writes: upload a table or a document, and follow its load. Every route needs the API key
(``X-API-Key``), checked before any byte of an upload is read (:mod:`api.limits`).

An upload answers ``202 Accepted`` with its load job (``Location: /admin/jobs/{id}``): the
loads run one at a time, off the event loop (:mod:`api.jobs`), and ``GET /admin/jobs/{id}``
tells how far one got and, when done, its report. A dry run of a small file answers its
report at once (200).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import (
    APIRouter,
    Depends,
    FastAPI,
    File,
    HTTPException,
    Query,
    Request,
    Response,
    UploadFile,
    status,
)
from fastapi import Path as PathParam
from pydantic import NonNegativeInt

from api.deps import AdminDep, SettingsDep, StoreDep
from api.jobs import Job, JobPublic, LoadJobs, QueueFull
from api.loads import load_report
from api.schemas import problems
from graph.i18n import _
from graph.settings import Settings
from loaders.limits import ReadLimits
from loaders.load import DOCUMENT_SUFFIXES, TABLE_SUFFIXES

__all__ = ["MAX_NAME_CHARS", "router", "upload_name"]

MAX_NAME_CHARS = 200
"""The longest upload file name accepted (most file systems stop at 255 bytes)."""
INLINE_DRY_RUN_BYTES = 1024 * 1024
"""A dry run of a file up to this size is answered at once, not queued."""
_CHUNK = 1024 * 1024


@asynccontextmanager
async def _load_jobs(app: FastAPI) -> AsyncIterator[None]:
    """The app's load queue, started once the store is open and stopped before it closes."""
    jobs = LoadJobs(app.state.store, app.state.settings)
    jobs.start()
    app.state.jobs = jobs
    try:
        yield
    finally:
        await anyio.to_thread.run_sync(jobs.close)


router = APIRouter(prefix="/admin", tags=["admin"], lifespan=_load_jobs)


def _jobs(request: Request) -> LoadJobs:
    jobs: LoadJobs = request.app.state.jobs
    return jobs


JobsDep = Annotated[LoadJobs, Depends(_jobs)]
# 401 (before the body is read), 413 and 422 follow from the key and the file parameter.
UPLOAD_ERRORS = problems(503)


def upload_name(raw: str | None) -> str:
    """The name an upload is saved and reported under: its last path part, checked.

    Raises ``HTTPException`` 422 for a name holding a control character (NUL...), a name of
    more than :data:`MAX_NAME_CHARS` characters, or ``.``/``..``; the message never repeats a
    long name.

    >>> upload_name("C:\\\\Users\\\\王\\\\企业名录.xlsx")
    '企业名录.xlsx'
    """
    text = raw or "upload"
    control = next((char for char in text if ord(char) < 32 or ord(char) == 127), None)
    if control is not None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            _("文件名含控制字符 U+{code}：请重命名文件").format(code=f"{ord(control):04X}"),
        )
    name = text.replace("\\", "/").rsplit("/", 1)[-1]
    if name in ("", ".", ".."):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, _("上传的文件没有文件名"))
    if len(name) > MAX_NAME_CHARS or len(name.encode()) > 4 * MAX_NAME_CHARS:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            _("文件名长 {n} 个字符，上限是 {limit}：请缩短").format(
                n=len(name), limit=MAX_NAME_CHARS
            ),
        )
    return name


def _save(upload: UploadFile, allowed: frozenset[str], settings: Settings) -> Path:
    """The upload, checked and copied into a temp folder of its own; HTTP errors say why not."""
    name = upload_name(upload.filename)
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            _("{name}：文件类型须为 {allowed} 之一，收到的是 {suffix}").format(
                name=name, allowed=", ".join(sorted(allowed)), suffix=suffix or _("无后缀")
            ),
        )
    folder = Path(tempfile.mkdtemp(prefix="ttkg-upload-"))
    path = folder / name
    size = 0
    with path.open("wb") as target:
        while chunk := upload.file.read(_CHUNK):
            size += len(chunk)
            if size > settings.max_upload_bytes:
                break
            target.write(chunk)
    if size > settings.max_upload_bytes:
        shutil.rmtree(folder, ignore_errors=True)
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            _("{name}：超过 {limit} 字节（TTKG_MAX_UPLOAD_BYTES）").format(
                name=name, limit=f"{settings.max_upload_bytes:,}"
            ),
        )
    return path


def _submit(
    jobs: LoadJobs,
    response: Response,
    path: Path,
    kind: Literal["table", "document"],
    *,
    dry_run: bool = False,
    drops: tuple[int, ...] | None = None,
) -> JobPublic:
    try:
        job = jobs.submit(Job(kind=kind, file=path.name, path=path, dry_run=dry_run, drops=drops))
    except QueueFull as exc:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, str(exc), headers={"Retry-After": "30"}
        ) from exc
    response.status_code = status.HTTP_202_ACCEPTED
    response.headers["Location"] = f"/admin/jobs/{job.id}"
    return job


@router.post(
    "/load",
    status_code=status.HTTP_202_ACCEPTED,
    responses={200: {"description": "the report of a dry run of a small file"}, **UPLOAD_ERRORS},
    response_description="the load job, queued (its Location header says where to follow it)",
)
def load_table(
    _admin: AdminDep,
    store: StoreDep,
    settings: SettingsDep,
    jobs: JobsDep,
    response: Response,
    file: Annotated[UploadFile, File(description="a CSV or XLSX table")],
    dry_run: Annotated[
        bool,
        Query(description="read and check only: answer the plan and the rejects, write nothing"),
    ] = False,
) -> JobPublic | dict[str, Any]:
    """Queue one table's load: 202 with the job (``Location: /admin/jobs/{id}``), whose
    result lists what changed and every rejected row or cell with its reason.

    With ``dry_run=true`` nothing is written: the result is the plan (the kind of each
    sheet, its header rows, the column each header was read as), the rows and the rejects a
    load would give; for a file of up to 1 MB it is answered at once (200)."""
    path = _save(file, TABLE_SUFFIXES, settings)
    if dry_run and path.stat().st_size <= INLINE_DRY_RUN_BYTES:
        try:
            limits = ReadLimits.from_settings(settings)
            report = load_report(store, path, region=settings.region, dry_run=True, limits=limits)
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
        response.status_code = status.HTTP_200_OK
        return report
    return _submit(jobs, response, path, "table", dry_run=dry_run)


@router.post(
    "/documents",
    status_code=status.HTTP_202_ACCEPTED,
    responses={200: {"description": "the report of a dry run of a small file"}, **UPLOAD_ERRORS},
    response_description="the load job, queued (its Location header says where to follow it)",
)
def load_document(
    _admin: AdminDep,
    store: StoreDep,
    settings: SettingsDep,
    jobs: JobsDep,
    response: Response,
    file: Annotated[
        UploadFile,
        File(
            description="a work plan or report: .docx, .pdf (text or scanned), .png/.jpg, "
            ".html, .txt"
        ),
    ],
    dry_run: Annotated[
        bool,
        Query(
            description="read and check only: answer each entity with its evidence, location "
            "and resolution (numbered), write nothing"
        ),
    ] = False,
    drop: Annotated[
        list[NonNegativeInt] | None,
        Query(
            description="numbers of entities (from a dry run) to leave out: drop=3&drop=5; "
            "drop=0 leaves out none. Without it, the entities an earlier review of the same "
            "file dropped are left out again",
        ),
    ] = None,
) -> JobPublic | dict[str, Any]:
    """Queue one document's load (202, as ``/admin/load``): its entities, relations and
    targets, tied to their spans in the file (page, paragraph or table cell, OCR box).

    With ``dry_run=true`` nothing is written: ``files[0].entities`` lists each entity with
    its number, the sentence that names it, where that is, and how it was resolved; for a
    file of up to 1 MB it is answered at once (200). The numbers given as ``drop`` are left
    out of the load and remembered for the next load of the same file."""
    path = _save(file, DOCUMENT_SUFFIXES, settings)
    drops = tuple(n for n in drop if n) if drop is not None else None
    if dry_run and path.stat().st_size <= INLINE_DRY_RUN_BYTES:
        try:
            limits = ReadLimits.from_settings(settings)
            report = load_report(
                store, path, region=settings.region, dry_run=True, limits=limits, drops=drops
            )
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
        response.status_code = status.HTTP_200_OK
        return report
    return _submit(jobs, response, path, "document", dry_run=dry_run, drops=drops)


@router.get("/jobs/{job_id}", responses=problems(404))
def get_job(
    _admin: AdminDep,
    jobs: JobsDep,
    job_id: Annotated[str, PathParam(pattern="^[0-9a-f]{32}$", description="a job's id")],
) -> JobPublic:
    """A load job: ``queued``, ``running`` (with the rows read so far), ``done`` (with the
    load report as ``result``) or ``failed`` (with the ``error``: nothing was written)."""
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            _("没有载入任务 {job}：它不存在，或早于最近的 {kept} 个（TTKG_JOBS_KEPT）").format(
                job=job_id, kept=jobs.settings.jobs_kept
            ),
        )
    return job
