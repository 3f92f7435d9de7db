"""Every answer carries security headers and a Content-Security-Policy without 'unsafe-inline';
only loopback Host names are answered by default; the server's temp folder never shows."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from api.main import create_app
from api.routes.pages import REDOC_JS, REDOC_STYLE_NONCE
from api.security import SECURITY_HEADERS, TempPathGuard, inline_hashes, without_temp_paths
from graph.render.csp import source_hash
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import upload

PAGES = [
    "/",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/views/network",
    "/views/ego/" + quote("institution:河北农业大学", safe=""),
]
OTHERS = [
    "/health",
    "/stats",
    "/openapi.json",
    "/static/docs/swagger-ui.css",
    REDOC_JS,
    "/no/such/page",
    "/views/ego/" + quote("enterprise:没有这家", safe=""),
]
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as directive name -> sources."""
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice in {policy}"
        parsed[name] = sources
    return parsed


@pytest.mark.parametrize("path", PAGES + OTHERS)
def test_every_answer_has_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    for sources in policy.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(sources)


def test_a_refused_request_has_the_headers_too(client: TestClient) -> None:
    response = client.post("/admin/load", files={"file": ("a.csv", b"name\n", "text/csv")})
    assert response.status_code == 401
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", PAGES)
def test_each_inline_script_of_a_page_is_allowed_by_hash_or_nonce(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    scripts = directives(response.headers["Content-Security-Policy"]).get("script-src", [])
    for attributes, body in SCRIPT.findall(response.text):
        if "src=" in attributes or 'type="application/json"' in attributes:
            continue  # a file of our own origin, or data that never runs
        nonce = re.search(r'nonce="([^"]+)"', attributes)
        assert source_hash(body) in scripts or (nonce and f"'nonce-{nonce[1]}'" in scripts)


def test_json_answers_allow_nothing_at_all(client: TestClient) -> None:
    policy = client.get("/stats").headers["Content-Security-Policy"]
    assert set(directives(policy)) == {"default-src", "base-uri", "form-action", "frame-ancestors"}


def test_the_landing_page_allows_its_style_and_no_script(client: TestClient) -> None:
    response = client.get("/")
    policy = directives(response.headers["Content-Security-Policy"])
    assert "script-src" not in policy
    assert policy["style-src"] == inline_hashes(response.text, "style").split()
    assert len(policy["style-src"]) == 1


def test_swagger_ui_runs_its_own_files_and_its_start_up_script(client: TestClient) -> None:
    response = client.get("/docs")
    policy = directives(response.headers["Content-Security-Policy"])
    [start] = [body for attributes, body in SCRIPT.findall(response.text) if not attributes]
    assert policy["script-src"] == ["'self'", source_hash(start)]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


def test_redoc_gets_a_fresh_nonce_for_its_scripts_and_styles(client: TestClient) -> None:
    first, second = client.get("/redoc"), client.get("/redoc")
    nonces = [re.findall(r'nonce="([^"]+)"', r.text) for r in (first, second)]
    assert len(set(nonces[0])) == 1
    assert len(nonces[0]) == 3  # its style, its bundle and the script that starts it
    assert nonces[0][0] != nonces[1][0]
    policy = directives(first.headers["Content-Security-Policy"])
    assert policy["style-src"] == [f"'nonce-{nonces[0][0]}'"]
    assert policy["worker-src"] == ["blob:"]
    bundle = client.get(REDOC_JS).content
    assert REDOC_STYLE_NONCE[1] in bundle
    assert REDOC_STYLE_NONCE[0] not in bundle


@pytest.mark.parametrize("path", PAGES[-2:])
def test_the_view_sends_the_policy_it_carries(client: TestClient, path: str) -> None:
    response = client.get(path)
    meta = re.search(
        r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', response.text
    )
    assert meta is not None
    header = directives(response.headers["Content-Security-Policy"])
    assert directives(meta[1]) == {k: v for k, v in header.items() if k != "frame-ancestors"}
    assert len(header["script-src"]) == 2  # vis-network and the view's script, by hash


# -- trusted hosts -----------------------------------------------------------------------


@pytest.fixture
def strict_client(
    filled_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """A client of an app with the default allowed hosts (the test run widens them)."""
    monkeypatch.delenv("TTKG_ALLOWED_HOSTS")
    settings = Settings(store=filled_store.uri, _env_file=None)  # type: ignore[call-arg]
    assert settings.allowed_hosts == ["127.0.0.1", "localhost", "[::1]"]
    app = create_app(settings, store=filled_store)
    with TestClient(app, base_url="http://127.0.0.1:8000") as test_client:
        yield test_client


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:5173", "[::1]:80"])
def test_loopback_hosts_are_answered(strict_client: TestClient, host: str) -> None:
    assert strict_client.get("/stats", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["testserver", "evil.example", "127.0.0.1.evil.example", ""])
def test_other_hosts_get_400(strict_client: TestClient, host: str) -> None:
    response = strict_client.get("/stats", headers={"Host": host})
    assert response.status_code == 400
    assert response.text == "Invalid host header"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_allowed_hosts_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTKG_ALLOWED_HOSTS", '["kg.district.example", "127.0.0.1"]')
    assert Settings(_env_file=None).allowed_hosts == ["kg.district.example", "127.0.0.1"]  # type: ignore[call-arg]


# -- temp paths --------------------------------------------------------------------------


BROKEN = [
    ("/admin/load?dry_run=true", "企业名录.xlsx", b"PK\x03\x04 not a workbook"),
    ("/admin/load", "企业名录.xlsx", b"PK\x03\x04 not a workbook"),
    ("/admin/load", "broken.csv", b"\xff\xfe\x00\x81garbage,,\n"),
    ("/admin/load", "empty.csv", b""),
    ("/admin/documents", "plan.html", b"<html><body>\xff\xfe\x81</body>"),
]


@pytest.mark.parametrize(("path", "name", "data"), BROKEN)
def test_an_upload_error_does_not_show_the_temp_folder(
    client: TestClient, path: str, name: str, data: bytes
) -> None:
    response = upload(client, path, name, data)
    assert response.status_code == 200, response.text
    assert tempfile.gettempdir() not in response.text
    assert name in response.text
    assert int(response.headers["content-length"]) == len(response.content)


def test_without_temp_paths_keeps_the_file_name_only() -> None:
    folder = tempfile.gettempdir()
    inside = str(Path(folder) / "tmpab12cd" / "名录 2024.csv")
    assert without_temp_paths(f"{inside}: row 3") == "名录 2024.csv: row 3"
    assert without_temp_paths(repr(inside)) == "'名录 2024.csv'"
    assert without_temp_paths(f"in {folder}") == "in <temp>"
    assert without_temp_paths("data/x.csv: row 3") == "data/x.csv: row 3"


def guarded(body: str, *, streamed: bool = False) -> TestClient:
    """A client of an app under ``TempPathGuard`` answering ``body`` (in pieces if streamed)."""

    async def answer(request: object) -> JSONResponse | StreamingResponse:
        if streamed:
            return StreamingResponse(iter([body[:5], body[5:]]), media_type="application/json")
        return JSONResponse({"error": body}, status_code=422)

    app = Starlette(routes=[Route("/admin/x", answer), Route("/other", answer)])
    return TestClient(TempPathGuard(app, prefix="/admin"))


def test_the_guard_rewrites_whole_bodies_and_fixes_their_length() -> None:
    leak = f"{tempfile.gettempdir()}/tmpab12cd/a.csv: the file is empty"
    response = guarded(leak).get("/admin/x")
    assert response.json() == {"error": "a.csv: the file is empty"}
    assert int(response.headers["content-length"]) == len(response.content)
    assert guarded(leak).get("/other").json() == {"error": leak}  # outside the uploads


def test_the_guard_never_holds_back_a_stream() -> None:
    leak = f"{tempfile.gettempdir()}/tmpab12cd/a.csv"
    assert guarded(leak, streamed=True).get("/admin/x").text == leak
