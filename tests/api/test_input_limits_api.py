"""Input the schemas did not bound once gave 500s; each now answers a 4xx."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import API_KEY

LONG = "名" * 1200
NUL = "华升\x00化工"


@pytest.fixture
def lenient(client: TestClient) -> TestClient:
    """``client``, answering 500 instead of raising the server's exception."""
    client.raise_server_exceptions = False
    return client


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/entities", {"offset": 9223372036854775808}),
        ("/entities", {"offset": -1}),
        ("/entities", {"limit": 10**30}),
        ("/analytics/communities", {"seed": 2**70}),
        ("/analytics/isolated", {"until": 10**20}),
        ("/programs/hte", {"limit": 2**64}),
        ("/views/network", {"limit": 2**64}),
        ("/views/ego/enterprise:华升化工", {"depth": 2**64}),
    ],
)
def test_numbers_out_of_range_are_422(
    lenient: TestClient, path: str, params: dict[str, Any]
) -> None:
    assert lenient.get(path, params=params).status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {"years": {}, "reference_year": -189868403},
        {"years": {}, "reference_year": 10**12},
        {"years": {}, "as_of": 0},
        {"years": {}, "as_of": "0001-01-01"},
        {"years": {}, "founded": 1700000000},
        {"years": {"-5": {}}},
        {"years": {"99999": {"revenue": 1}}},
        {"years": {"2020": {"revenue": 1e20}}},
        {"years": {"2020": {"employees": 2**63}}},
    ],
)
def test_a_check_with_years_or_dates_out_of_range_is_422(
    lenient: TestClient, body: dict[str, Any]
) -> None:
    assert lenient.post("/programs/hte/check", json=body).status_code == 422


def test_a_check_with_an_infinite_amount_is_422(lenient: TestClient) -> None:
    body = b'{"years": {"2020": {"revenue": 1e400, "rd_expense": 1}}}'
    headers = {"content-type": "application/json"}
    response = lenient.post("/programs/hte/check", content=body, headers=headers)
    assert response.status_code == 422


def test_a_check_with_a_tiny_amount_is_answered(client: TestClient) -> None:
    body = {"years": {"2020": {"revenue": 5e-324, "rd_expense": 1e9, "hightech_revenue": 1}}}
    assert client.post("/programs/hte/check", json=body).status_code == 200


def test_a_check_with_dates_in_range_is_answered(client: TestClient) -> None:
    body = {"years": {"2020": {"revenue": 1000}}, "as_of": "2021-06-30", "reference_year": 2020}
    response = client.post("/programs/hte/check", json=body)
    assert response.status_code == 200
    assert response.json()["reference_year"] == 2020


@pytest.mark.parametrize("value", [NUL, LONG], ids=["nul", "long"])
@pytest.mark.parametrize(
    ("method", "path", "where"),
    [
        ("GET", "/entities", "q"),
        ("GET", "/entities/{}", "path"),
        ("GET", "/views/ego/{}", "path"),
        ("GET", "/views/network", "industry"),
        ("GET", "/programs", "kind"),
        ("GET", "/programs/hte/{}", "path"),
        ("GET", "/programs/sme/{}", "path"),
        ("GET", "/programs/policies", "enterprise"),
        ("POST", "/programs/{}/check", "path"),
        ("GET", "/analytics/bridges", "to"),
        ("GET", "/analytics/bridges", "home"),
        ("POST", "/programs/hte/check", "enterprise"),
        ("POST", "/match/partners", "enterprise"),
        ("POST", "/match/adopters", "institution"),
    ],
)
def test_a_nul_or_a_very_long_name_is_a_4xx(
    lenient: TestClient, method: str, path: str, where: str, value: str
) -> None:
    params: dict[str, str] = {}
    body: dict[str, Any] | None = None
    if where == "path":
        path = path.format(value.replace("\x00", "%00"))
    elif method == "GET":
        params[where] = value
    else:
        body = {where: value, "years": {}} if path.endswith("/check") else {where: value}
    if method == "POST" and body is None:
        body = {"years": {}}
    response = lenient.request(method, path, params=params, json=body)
    assert 400 <= response.status_code < 500, (path, where, response.status_code)
    assert response.status_code != 404 or len(response.content) < 1000


@pytest.mark.parametrize("field", ["need", "result"])
def test_a_nul_or_an_overlong_text_is_422(lenient: TestClient, field: str) -> None:
    path = "/match/partners" if field == "need" else "/match/adopters"
    for text in ("保鲜\x00技术", "保鲜" * 1001):
        assert lenient.post(path, json={field: text}).status_code == 422


def test_an_api_key_with_a_non_ascii_byte_is_401(lenient: TestClient) -> None:
    files = {"file": ("enterprises.csv", b"name\nX\n", "text/csv")}
    for key in (b"\xe9", "密钥".encode(), API_KEY.encode() + b"\xff"):
        response = lenient.post("/admin/load", files=files, headers={"X-API-Key": key})  # type: ignore[dict-item]
        assert response.status_code == 401, key


def test_a_non_ascii_configured_key_matches_its_utf8_bytes(filled_store: EmbeddedStore) -> None:
    settings = Settings(store=filled_store.uri, api_key="钥匙-0123456789")
    with TestClient(create_app(settings, store=filled_store), raise_server_exceptions=False) as c:
        wrong = c.post("/admin/load", headers={"X-API-Key": "wrong"})
        right = c.post("/admin/load", headers={"X-API-Key": "钥匙-0123456789".encode()})  # type: ignore[dict-item]
    assert wrong.status_code == 401
    assert right.status_code == 422  # past the key; the upload is missing
