"""Writes need the API key; uploads are checked before anything is read."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import API_KEY, upload


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


ROSTER = "单位全称,营业收入（万元）,手机\n甲化工,1.6亿元,13900000001\n乙食品,未报,13900000002\n"


def test_a_dry_run_answers_the_plan_and_writes_nothing(client: TestClient) -> None:
    before = client.get("/stats").json()
    response = client.post(
        "/admin/load?dry_run=true",
        files={"file": ("企业名录.csv", ROSTER.encode(), "text/csv")},
        headers={"X-API-Key": API_KEY},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dry_run"] is True
    [file] = body["files"]
    assert file["kind"] == "enterprises"
    assert file["plan"]["columns"][1] == {
        "header": "营业收入（万元）",
        "column": "revenue",
        "kept_as_property": False,
        "unit": "万元",
        "year": None,
    }
    assert file["plan"]["left_out"] == [{"header": "手机", "reason": "个人联系信息，不保存"}]
    assert body["rejects"] == []
    assert "13900000001" not in response.text
    assert client.get("/stats").json() == before


def test_a_load_writes_what_the_dry_run_showed(client: TestClient) -> None:
    response = upload(client, "/admin/load", "企业名录.csv", ROSTER.encode())
    assert response.json()["status"] == "done", response.text
    found = client.get("/entities", params={"q": "甲化工"}).json()["items"]
    assert [item["properties"].get("revenue") for item in found] == [16000.0]
