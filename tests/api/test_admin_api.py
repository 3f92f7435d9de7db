"""Writes need the API key; uploads are checked before anything is read."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import API_KEY


def test_writes_need_the_key(client: TestClient) -> None:
    files = {"file": ("enterprises.csv", b"name\nX\n", "text/csv")}
    assert client.post("/admin/load", files=files).status_code == 401
    wrong = client.post("/admin/load", files=files, headers={"X-API-Key": "nope"})
    assert wrong.status_code == 401
    assert client.get("/stats").json()["nodes"] == 5


def test_writes_are_off_without_a_configured_key(filled_store: object) -> None:
    from api.main import create_app
    from graph.settings import Settings

    app = create_app(Settings(store=":memory:", api_key=None), store=filled_store)  # type: ignore[arg-type]
    with TestClient(app) as c:
        response = c.post(
            "/admin/load",
            files={"file": ("a.csv", b"name\n", "text/csv")},
            headers={"X-API-Key": ""},
        )
    assert response.status_code == 401
    assert "TTKG_API_KEY" in response.json()["detail"]


def test_unsupported_file_types_are_422(client: TestClient) -> None:
    response = client.post(
        "/admin/load",
        files={"file": ("plan.pdf", b"%PDF-1.4", "application/pdf")},
        headers={"X-API-Key": API_KEY},
    )
    assert response.status_code == 422
    assert "plan.pdf" in response.json()["detail"]
