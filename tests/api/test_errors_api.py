"""Every error is RFC 9457 problem details, and the OpenAPI document says so for each route."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore

PROBLEM = "application/problem+json"


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The body of ``response``, checked to be a problem of ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["type"], str)
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["detail"], str)
    return body


def test_an_unknown_id_is_a_404_problem_naming_it(client: TestClient) -> None:
    body = assert_problem(client.get("/entities/enterprise:不存在"), 404)
    assert "enterprise:不存在" in body["detail"]
    assert body["title"] == "Not Found"


def test_a_validation_error_is_a_422_problem_listing_each_field(client: TestClient) -> None:
    body = assert_problem(client.get("/entities", params={"limit": 0, "offset": -1}), 422)
    assert {tuple(e["loc"]) for e in body["errors"]} == {("query", "limit"), ("query", "offset")}
    assert all(isinstance(e["msg"], str) for e in body["errors"])
    assert "limit" in body["detail"]


def test_a_problem_from_the_handler_is_a_422_problem_with_a_string_detail(
    client: TestClient,
) -> None:
    body = assert_problem(client.get("/analytics/changes?before=2021&after=2020"), 422)
    assert "after" in body["detail"]


def test_a_422_does_not_echo_large_input(client: TestClient) -> None:
    need = "保鲜" * 5000
    response = client.post("/match/partners", json={"need": need})
    body = assert_problem(response, 422)
    assert len(response.content) < 2000
    assert "保鲜" * 200 not in response.text
    assert body["errors"][0]["loc"] == ["body", "need"]


def test_a_body_that_is_not_json_is_a_422_problem(client: TestClient) -> None:
    response = client.post(
        "/match/partners", content=b"{" * 10000, headers={"content-type": "application/json"}
    )
    assert_problem(response, 422)
    assert len(response.content) < 2000


def test_a_missing_key_is_a_401_problem(client: TestClient) -> None:
    files = {"file": ("enterprises.csv", b"name\nX\n", "text/csv")}
    body = assert_problem(client.post("/admin/load", files=files), 401)
    assert "X-API-Key" in body["detail"]


def test_an_unknown_path_and_a_wrong_method_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/no/such/route"), 404)
    assert_problem(client.delete("/stats"), 405)


def test_an_unavailable_store_is_a_503_problem_naming_it(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.db")  # never opened: every call fails
    with TestClient(create_app(Settings(store=store.uri), store=store)) as c:
        body = assert_problem(c.get("/entities/enterprise:华升化工"), 503)
    assert store.uri in body["detail"]


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    app = create_app(Settings(store=":memory:", api_key="k" * 16))
    return app.openapi()


def operations(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in openapi["paths"].items()
        for method, operation in item.items()
    ]


def test_every_error_response_is_declared_as_a_problem(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert {"ProblemPublic", "ValidationProblemPublic", "ReferenceProblemPublic"} <= set(schemas)
    assert "HTTPValidationError" not in schemas
    for method, path, operation in operations(openapi):
        for status, response in operation["responses"].items():
            if int(status) < 400 or path == "/health":
                continue
            assert list(response["content"]) == [PROBLEM], (method, path, status)
            ref = response["content"][PROBLEM]["schema"]["$ref"]
            expected = {"422": "ValidationProblemPublic", "404": "ReferenceProblemPublic"}.get(
                status, "ReferenceProblemPublic" if status == "409" else "ProblemPublic"
            )
            assert ref == f"#/components/schemas/{expected}", (method, path, status)


STORELESS = {("GET", "/programs"), ("POST", "/programs/{program_id}/check")}
"""The operations that read no store, so never answer 503."""


def test_every_route_lists_the_statuses_it_can_answer(openapi: dict[str, Any]) -> None:
    for method, path, operation in operations(openapi):
        statuses = set(operation["responses"])
        where = (method, path, sorted(statuses))
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in statuses, where
        if "{" in path:
            assert "404" in statuses, where
        if path.startswith("/admin"):
            assert "401" in statuses, where
            assert operation["security"], where
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
            assert "413" in statuses, where
        if (method, path) not in STORELESS and not path.startswith("/admin"):
            assert "503" in statuses, where


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/entities/{reference}", "404"),
        ("GET", "/entities/{reference}", "409"),
        ("GET", "/programs/hte/{enterprise_id}", "409"),
        ("POST", "/match/partners", "409"),
        ("GET", "/views/network", "404"),
        ("GET", "/analytics/bridges", "404"),
        ("GET", "/programs/policies", "404"),
        ("POST", "/programs/{program_id}/check", "404"),
        ("POST", "/match/partners", "404"),
        ("POST", "/match/adopters", "404"),
        ("GET", "/analytics/changes", "422"),
    ],
)
def test_statuses_a_handler_raises_are_declared(
    openapi: dict[str, Any], method: str, path: str, status: str
) -> None:
    assert status in openapi["paths"][path][method.lower()]["responses"]
