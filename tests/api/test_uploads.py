"""Uploads cannot freeze the server or eat its memory.

A load is a job: the upload answers 202 at once and the server answers reads while the
job runs, in a child process or in the writer thread. A body is refused by its key first,
then by its size, before it is read; hostile file names are 422s, never 500s.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import api.jobs
from api.main import create_app
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import API_KEY, upload

KEY = {"X-API-Key": API_KEY}
ROSTER = "单位全称,营业收入（万元）\n甲化工,1.6亿元\n乙食品,300\n".encode()
MiB = 1024 * 1024


def app_over(store: EmbeddedStore, **settings: Any) -> FastAPI:
    return create_app(Settings(store=store.uri, api_key=API_KEY, **settings), store=store)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Loads in the writer thread wait until the event is set (it is, at the end)."""
    release = threading.Event()
    real = api.jobs.load_report

    def waiting(*args: Any, **kwargs: Any) -> dict[str, Any]:
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(api.jobs, "load_report", waiting)
    yield release
    release.set()


# -- jobs ---------------------------------------------------------------------------------------


def test_an_upload_answers_202_and_the_server_reads_during_the_load(
    client: TestClient, held: threading.Event
) -> None:
    before = client.get("/stats").json()
    response = client.post("/admin/load", files={"file": ("企业名录.csv", ROSTER)}, headers=KEY)
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] in ("queued", "running")
    assert response.headers["Location"] == f"/admin/jobs/{job['id']}"
    # the load waits, and the server answers meanwhile
    assert client.get("/health").status_code == 200
    assert client.get("/stats").json() == before
    assert client.get(response.headers["Location"], headers=KEY).json()["status"] == "running"
    held.set()
    done = upload(client, "/admin/load", "企业名录.csv", ROSTER).json()
    assert done["status"] == "done"
    assert done["result"]["files"][0]["kind"] == "enterprises"
    assert done["rows_read"] == 3
    assert client.get("/stats").json()["nodes"] > before["nodes"]


def test_the_queue_is_bounded(filled_store: EmbeddedStore, held: threading.Event) -> None:
    app = app_over(filled_store, load_isolation="thread", max_queued_loads=1)
    files = {"file": ("a.csv", ROSTER)}
    with TestClient(app) as client:
        running = client.post("/admin/load", files=files, headers=KEY)
        waiting = client.post("/admin/load", files=files, headers=KEY)
        refused = client.post("/admin/load", files=files, headers=KEY)
        assert (running.status_code, waiting.status_code, refused.status_code) == (202, 202, 503)
        assert "TTKG_MAX_QUEUED_LOADS" in refused.text
        assert refused.headers["Retry-After"]
        held.set()  # let the held loads finish before the app's shutdown waits for its writer


def test_finished_jobs_are_forgotten_past_the_history(filled_store: EmbeddedStore) -> None:
    app = app_over(filled_store, load_isolation="thread", jobs_kept=2)
    with TestClient(app) as client:
        jobs = [upload(client, "/admin/load", f"{n}.csv", ROSTER).json()["id"] for n in range(3)]
        answers = [client.get(f"/admin/jobs/{job}", headers=KEY).status_code for job in jobs]
    assert answers == [404, 200, 200]


def test_jobs_need_the_key_and_a_job_id(client: TestClient) -> None:
    assert client.get(f"/admin/jobs/{'0' * 32}").status_code == 401
    missing = client.get(f"/admin/jobs/{'0' * 32}", headers=KEY)
    assert missing.status_code == 404
    assert "TTKG_JOBS_KEPT" in missing.text
    assert client.get("/admin/jobs/../../etc", headers=KEY).status_code in (404, 422)
    assert client.get(f"/admin/jobs/{'x' * 500}", headers=KEY).status_code == 422


def test_a_load_in_a_child_process_is_seen_by_the_server(filled_store: EmbeddedStore) -> None:
    with TestClient(app_over(filled_store)) as client:
        assert client.app.state.jobs.in_child  # type: ignore[attr-defined]
        job = upload(client, "/admin/load", "企业名录.csv", ROSTER).json()
        assert job["status"] == "done", job
        assert job["rows_read"] == 3
        found = client.get("/entities", params={"q": "甲化工"}).json()["items"]
    assert [item["properties"].get("revenue") for item in found] == [16000.0]


def test_a_child_reads_under_the_servers_limits(filled_store: EmbeddedStore) -> None:
    roster = b"name\n" + b"".join(f"x{n}\n".encode() for n in range(50))
    with TestClient(app_over(filled_store, max_rows=20)) as client:
        job = upload(client, "/admin/load", "企业名录.csv", roster).json()
    assert job["status"] == "done"
    (entry,) = job["result"]["files"]
    assert "TTKG_MAX_ROWS" in entry["error"]
    assert "ttkg-upload-" not in str(job)


def test_a_document_loads_in_a_child(filled_store: EmbeddedStore) -> None:
    with TestClient(app_over(filled_store)) as client:
        job = upload(client, "/admin/documents", "plan.txt", "为达民化工申报泰山学者。".encode())
    assert job.json()["status"] == "done"
    assert job.json()["result"]["summary"]["nodes_added"] > 0


def test_a_small_dry_run_answers_at_once(client: TestClient) -> None:
    response = client.post(
        "/admin/load?dry_run=true", files={"file": ("企业名录.csv", ROSTER)}, headers=KEY
    )
    assert response.status_code == 200
    assert response.json()["dry_run"] is True


# -- file names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("企业\x00名录.csv", "U+0000"),
        ("x" * 296 + ".csv", "300 个字符"),
        ("a\nb.csv", "U+000A"),
        ("..", "没有文件名"),
    ],
    ids=["nul", "300-characters", "newline", "dot-dot"],
)
def test_hostile_file_names_are_422(client: TestClient, name: str, problem: str) -> None:
    client.raise_server_exceptions = False
    # written by hand: httpx would escape a NUL or a line break in a file name as %00, %0A
    form = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="'
        + name.encode()
        + b'"\r\nContent-Type: text/csv\r\n\r\n'
        + ROSTER
        + b"\r\n--b--\r\n"
    )
    for path in ("/admin/load", "/admin/documents"):
        response = client.post(path, content=form, headers={**KEY, **FORM})
        assert response.status_code == 422, response.text
        assert problem in response.text
        assert "x" * 100 not in response.text


# -- bodies -------------------------------------------------------------------------------------


def asgi_post(
    app: FastAPI, path: str, headers: dict[str, str], chunks: Iterator[bytes]
) -> tuple[int, bytes, int]:
    """POST a body streamed from ``chunks`` straight into the ASGI app, the way a server
    hands it over: (status, answer, chunks taken by the app)."""
    taken = 0
    answer: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal taken
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        taken += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        answer.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")]
        + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    body = b"".join(m.get("body", b"") for m in answer if m["type"] == "http.response.body")
    return answer[0]["status"], body, taken


def form_chunks(total: int, size: int = MiB) -> Iterator[bytes]:
    """A multipart form holding one file of ``total`` bytes, made as it is read."""
    yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'
    for _ in range(total // size):
        yield b"a" * size
    yield b"\r\n--b--\r\n"


FORM = {"content-type": "multipart/form-data; boundary=b"}
GiB = 1024 * MiB


def test_no_key_is_401_before_any_byte_of_the_body(filled_store: EmbeddedStore) -> None:
    app = app_over(filled_store)
    headers = {**FORM, "content-length": str(GiB + 100)}
    status, body, taken = asgi_post(app, "/admin/load", headers, form_chunks(GiB))
    assert (status, taken) == (401, 0)
    assert b"X-API-Key" in body
    wrong = {**headers, "x-api-key": "nope"}
    assert asgi_post(app, "/admin/documents", wrong, form_chunks(GiB))[::2] == (401, 0)


def test_a_declared_length_past_the_limit_is_413_before_the_body(
    filled_store: EmbeddedStore,
) -> None:
    app = app_over(filled_store)
    headers = {**FORM, **KEY, "content-length": str(200 * MiB)}
    status, body, taken = asgi_post(app, "/admin/load", headers, form_chunks(200 * MiB))
    assert (status, taken) == (413, 0)
    assert b"TTKG_MAX_UPLOAD_BYTES" in body


def test_a_streamed_body_is_stopped_at_the_limit(filled_store: EmbeddedStore) -> None:
    app = app_over(filled_store, max_upload_bytes=2 * MiB)
    chunks = form_chunks(GiB, size=64 * 1024)
    status, body, taken = asgi_post(app, "/admin/load", {**FORM, **KEY}, chunks)
    assert status == 413
    assert b"TTKG_MAX_UPLOAD_BYTES" in body
    assert taken <= 2 * 16 + 3  # 2 MiB and the form's room, in 64 KiB chunks


def test_a_json_body_past_the_limit_is_413_and_not_echoed(filled_store: EmbeddedStore) -> None:
    app = app_over(filled_store)
    need = b'{"need": "' + b"x" * (200 * MiB) + b'"}'
    headers = {"content-type": "application/json", "content-length": str(len(need))}
    chunks = (need[i : i + MiB] for i in range(0, len(need), MiB))
    status, body, taken = asgi_post(app, "/match/partners", headers, chunks)
    assert (status, taken) == (413, 0)
    assert b"TTKG_MAX_BODY_BYTES" in body
    assert len(body) < 2000
    streamed = (need[i : i + MiB] for i in range(0, len(need), MiB))
    status, body, taken = asgi_post(
        app, "/match/partners", {"content-type": "application/json"}, streamed
    )
    assert (status, taken) == (413, 2)
    assert len(body) < 2000


def test_an_upload_past_the_file_limit_is_413(filled_store: EmbeddedStore) -> None:
    with TestClient(app_over(filled_store, max_upload_bytes=1000)) as client:
        big = client.post("/admin/load", files={"file": ("a.csv", b"x\n" * 600)}, headers=KEY)
        small = client.post("/admin/load", files={"file": ("a.csv", ROSTER)}, headers=KEY)
    assert big.status_code == 413
    assert "TTKG_MAX_UPLOAD_BYTES" in big.text
    assert small.status_code == 202


def test_a_hostile_workbook_fails_its_job_with_the_limit_named(
    filled_store: EmbeddedStore, tmp_path: Path
) -> None:
    from tests.loaders.test_file_limits import deflate_bomb

    data = deflate_bomb(tmp_path, megabytes=20).read_bytes()
    with TestClient(app_over(filled_store, max_xlsx_unpacked_bytes=5 * MiB)) as client:
        job = upload(client, "/admin/load", "bomb.xlsx", data).json()
    assert job["status"] == "done"
    (entry,) = job["result"]["files"]
    assert entry["file"] == "bomb.xlsx"
    assert "TTKG_MAX_XLSX_UNPACKED_BYTES" in entry["error"]
    assert "ttkg-upload-" not in str(job)


def test_uploads_counted_in_one_test_leave_no_temp_folders(client: TestClient) -> None:
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("ttkg-upload-*"))
    for n in itertools.islice(itertools.count(), 3):
        upload(client, "/admin/load", f"{n}.csv", ROSTER)
    client.post("/admin/load", files={"file": ("x.pdf", b"%PDF")}, headers=KEY)
    assert set(Path(tempfile.gettempdir()).glob("ttkg-upload-*")) <= before
