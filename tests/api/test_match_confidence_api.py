"""POST /match/partners says when it is unsure; empty and over-long needs are refused in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.graph.match.conftest import match_batch


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    store.upsert(match_batch())
    with TestClient(create_app(Settings(store=store.uri), store=store)) as client:
        yield client
    store.close()


def test_an_uncovered_key_term_makes_the_answer_low(client: TestClient) -> None:
    response = client.post("/match/partners", json={"need": "冬枣超临界萃取技术", "k": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["confidence"] == "low"
    assert "超临界" in body["uncovered_terms"]
    assert '未找到覆盖"超临界"的机构' in body["notes"]
    assert body["tie_rule"].startswith("同分时")
    assert {"terms", "tied"} <= set(body["items"][0])


def test_a_covered_need_is_normal(client: TestClient) -> None:
    body = client.post("/match/partners", json={"need": "冬枣保鲜与深加工"}).json()
    assert body["confidence"] == "normal"
    assert body["uncovered_terms"] == []


@pytest.mark.parametrize("need", ["", "   ", "冬枣" * 1001])
def test_empty_and_over_long_needs_are_422(client: TestClient, need: str) -> None:
    response = client.post("/match/partners", json={"need": need})
    assert response.status_code == 422
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.text)
