"""Load jobs: an upload is queued, and one writer loads the queue in order, off the event loop.

``POST /admin/load`` and ``/admin/documents`` save the upload to a temp folder and submit a
:class:`Job`; ``GET /admin/jobs/{id}`` answers its :class:`JobPublic` (status, rows read so
far, the load report when done). :class:`LoadJobs` runs one job at a time in its own
thread, so that loads never write concurrently and the server answers reads meanwhile.

Each load runs in a child process (``spawn``: a fresh interpreter, no lock or thread of the
server copied into it) that opens the store by its URI, so a large file grows the child's
memory, not the server's, and shares no GIL with it; SQLite's WAL journal lets the server read
the embedded store while the child writes, and the server sees the new generation after the
commit. A child that runs past ``max_load_seconds`` is stopped. A store that cannot be
reopened by URI (``:memory:``), or ``load_isolation="thread"``, loads in the worker thread.

Jobs live in memory: the last ``jobs_kept`` finished ones are remembered, and at most
``max_queued_loads`` may wait.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from api.loads import load_report, run_load_child
from graph.errors import GraphError
from graph.i18n import _
from graph.settings import Settings
from graph.stores.base import GraphStore
from loaders.limits import ReadLimits

__all__ = ["Job", "JobPublic", "JobStatus", "LoadJobs", "QueueFull"]

log = logging.getLogger(__name__)

JobStatus = Literal["queued", "running", "done", "failed"]


class QueueFull(RuntimeError):
    """``max_queued_loads`` uploads already wait for the writer (the API answers 503)."""


class JobPublic(BaseModel):
    """A load job as ``GET /admin/jobs/{id}`` answers it."""

    id: str
    kind: Literal["table", "document"]
    file: str
    """The uploaded file's name."""
    dry_run: bool
    status: JobStatus
    rows_read: int
    """Table rows read so far (0 for a document, or before the reading starts)."""
    queued_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: dict[str, Any] | None = None
    """When done: the load report (what changed, and every rejected row or cell with why)."""
    error: str | None = None
    """When failed: why the load stopped; nothing of it was written."""


@dataclass
class Job:
    """One upload's load; :class:`LoadJobs` changes it under its lock."""

    kind: Literal["table", "document"]
    file: str
    path: Path
    """The upload, saved in a temp folder of its own that the job removes when it ends."""
    dry_run: bool = False
    drops: tuple[int, ...] | None = None
    """For a document: the numbers of the entities a review dropped."""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    status: JobStatus = "queued"
    rows_read: int = 0
    queued_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: dict[str, Any] | None = None
    error: str | None = None

    def public(self) -> JobPublic:
        """The job as the API shows it."""
        return JobPublic(
            id=self.id,
            kind=self.kind,
            file=self.file,
            dry_run=self.dry_run,
            status=self.status,
            rows_read=self.rows_read,
            queued_at=self.queued_at,
            started_at=self.started_at,
            finished_at=self.finished_at,
            result=self.result,
            error=self.error,
        )


class LoadJobs:
    """The queue of load jobs and its one writer thread (``start``/``close``, no I/O before)."""

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._worker: threading.Thread | None = None

    @property
    def in_child(self) -> bool:
        """Whether loads run in a child process (else in the worker thread)."""
        return self.settings.load_isolation == "process" and self.store.uri != ":memory:"

    def start(self) -> None:
        """Start the writer thread."""
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="ttkg-loads", daemon=True)
            self._worker.start()

    def close(self) -> None:
        """Stop the running load (a child is killed), forget the queue, end the thread."""
        self._closing.set()
        self._queue.put(None)
        if self._worker is not None:
            self._worker.join(timeout=30)
            self._worker = None
        with self._lock:
            waiting = [job for job in self._jobs.values() if job.status == "queued"]
        for job in waiting:
            self._finish(job, error=_("服务器在载入开始前停止了"))

    def submit(self, job: Job) -> JobPublic:
        """Queue ``job``; `QueueFull` when ``max_queued_loads`` already wait."""
        with self._lock:
            waiting = sum(1 for j in self._jobs.values() if j.status == "queued")
            if waiting >= self.settings.max_queued_loads:
                raise QueueFull(
                    _(
                        "已有 {waiting} 个载入在排队，上限是 {limit}（TTKG_MAX_QUEUED_LOADS）："
                        "请稍后再试"
                    ).format(waiting=waiting, limit=self.settings.max_queued_loads)
                )
            self._jobs[job.id] = job
            public = job.public()
        self._queue.put(job)
        return public

    def get(self, job_id: str) -> JobPublic | None:
        """The job ``job_id`` as it is now, or None when there is none (or it was forgotten)."""
        with self._lock:
            job = self._jobs.get(job_id)
            return job.public() if job is not None else None

    # -- the writer ---------------------------------------------------------------------------

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._closing.is_set():
                break
            with self._lock:
                job.status, job.started_at = "running", datetime.now(UTC)
            try:
                if self.in_child:
                    self._run_in_child(job)
                else:
                    self._run_in_thread(job)
            finally:
                shutil.rmtree(job.path.parent, ignore_errors=True)

    def _limits(self, job: Job) -> ReadLimits:
        def heard(rows: int) -> None:
            with self._lock:
                job.rows_read += rows

        return replace(ReadLimits.from_settings(self.settings), on_rows=heard)

    def _run_in_thread(self, job: Job) -> None:
        try:
            result = load_report(
                self.store,
                job.path,
                region=self.settings.region,
                dry_run=job.dry_run,
                limits=self._limits(job),
                drops=job.drops,
            )
        except GraphError as exc:
            self._finish(job, error=str(exc))
        else:
            self._finish(job, result=result)

    def _run_in_child(self, job: Job) -> None:
        context = multiprocessing.get_context("spawn")
        receiver, sender = context.Pipe(duplex=False)
        rows: Synchronized[int] = context.Value("q", 0)
        child = context.Process(
            target=run_load_child,
            args=(sender, rows, self.settings, self.store.uri, job.path, job.dry_run, job.drops),
            name=f"ttkg-load-{job.id[:8]}",
            daemon=True,
        )
        child.start()
        sender.close()  # the child holds the only sending end: EOF when it ends
        deadline = time.monotonic() + self.settings.max_load_seconds
        outcome = self._await_child(job, receiver, rows, child, deadline)
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
        if outcome is None:
            if time.monotonic() >= deadline:
                error = _(
                    "载入超过 {seconds} 秒（TTKG_MAX_LOAD_SECONDS），已停止；未写入任何数据"
                ).format(seconds=f"{self.settings.max_load_seconds:g}")
            elif self._closing.is_set():
                error = _("载入中服务器停止了；未写入任何数据")
            else:
                error = _("载入意外中止（退出码 {code}）").format(code=child.exitcode)
            self._finish(job, error=error)
        elif outcome[0] == "done":
            self._finish(job, result=outcome[1])
        else:
            self._finish(job, error=outcome[1])

    def _await_child(
        self,
        job: Job,
        receiver: Connection,
        rows: Synchronized[int],
        child: multiprocessing.process.BaseProcess,
        deadline: float,
    ) -> tuple[str, Any] | None:
        """What the child sent, or None if it ended, ran out of time or the server stops."""
        while True:
            with self._lock:
                job.rows_read = rows.value
            if self._closing.is_set() or time.monotonic() >= deadline:
                return None
            if receiver.poll(0.2):
                try:
                    outcome: tuple[str, Any] = receiver.recv()
                except EOFError:  # it ended without a word (killed, or out of memory)
                    return None
                with self._lock:
                    job.rows_read = rows.value
                return outcome
            if not child.is_alive() and not receiver.poll(0):
                return None

    def _finish(
        self, job: Job, *, result: dict[str, Any] | None = None, error: str | None = None
    ) -> None:
        with self._lock:
            job.status = "failed" if error is not None else "done"
            job.result, job.error = result, error
            job.finished_at = datetime.now(UTC)
            finished = [j.id for j in self._jobs.values() if j.status in ("done", "failed")]
            for old in finished[: max(0, len(finished) - self.settings.jobs_kept)]:
                del self._jobs[old]
