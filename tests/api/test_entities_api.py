"""Entities, stats, health and the offline API docs."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from graph.model import GraphBatch, Node, NodeKind
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.conftest import prov


def test_search_by_chinese_name_and_alias(client: TestClient) -> None:
    body = client.get("/entities", params={"q": "华升化工"}).json()
    assert body["total"] == 1
    assert body["items"][0]["id"] == "enterprise:华升化工"
    by_alias = client.get("/entities", params={"q": "河北农大"}).json()
    assert [i["name"] for i in by_alias["items"]] == ["河北农业大学"]
    latin = client.get("/entities", params={"q": "Qingdao"}).json()
    assert latin["total"] == 1


def test_list_by_kind_with_paging(client: TestClient) -> None:
    body = client.get("/entities", params={"kind": "Enterprise", "limit": 1}).json()
    assert body["total"] == 2
    assert len(body["items"]) == 1
    second = client.get("/entities", params={"kind": "Enterprise", "limit": 1, "offset": 1})
    assert second.json()["items"][0]["id"] != body["items"][0]["id"]


def test_entity_with_neighbours_and_provenance(client: TestClient) -> None:
    body = client.get("/entities/enterprise:华升化工").json()
    assert body["name"] == "华升化工"
    assert body["provenance"][0]["locator"] == "row 2"
    assert body["provenance"][0]["synthetic"] is True
    kinds = sorted(n["edge_kind"] for n in body["neighbours"])
    assert kinds == ["COOPERATES_WITH", "COOPERATES_WITH", "IN_INDUSTRY"]
    assert {n["node"]["name"] for n in body["neighbours"]} >= {"河北农业大学", "化工"}


def test_unknown_id_is_404_naming_it(client: TestClient) -> None:
    response = client.get("/entities/enterprise:不存在")
    assert response.status_code == 404
    assert "enterprise:不存在" in response.json()["detail"]


def test_bad_parameters_are_422(client: TestClient) -> None:
    assert client.get("/entities", params={"kind": "Spaceship"}).status_code == 422
    assert client.get("/entities", params={"limit": 0}).status_code == 422
    assert client.get("/entities", params={"limit": "many"}).status_code == 422
    assert client.get("/entities", params={"offset": -1}).status_code == 422
    assert client.get("/entities", params={"q": "x" * 201}).status_code == 422


def test_hostile_query_is_only_text(client: TestClient) -> None:
    body = client.get("/entities", params={"q": "<script>alert(1)</script>' OR 1=1 --"}).json()
    assert body == {"items": [], "total": 0, "total_capped": False}


def test_search_bad_input_answers_at_once(client: TestClient) -> None:
    long = client.get("/entities", params={"q": "化" * 1000})
    assert long.status_code == 422
    assert "q" in long.text
    for q in ["!!!", "？！。", '"', "*", "NEAR(a b)"]:
        assert client.get("/entities", params={"q": q}).json()["total"] == 0, q
    assert client.get("/entities", params={"q": "  "}).json()["total"] == 5  # blank: every node


def test_a_search_with_many_hits_says_its_count_stopped(filled_store: EmbeddedStore) -> None:
    many = [
        Node.create(NodeKind.ENTERPRISE, f"冬枣加工有限公司{i:04d}", provenance=[prov()])
        for i in range(1_050)
    ]
    filled_store.upsert(GraphBatch(nodes=many))
    settings = Settings(store=filled_store.uri)
    with TestClient(create_app(settings, store=filled_store)) as client:
        body = client.get("/entities", params={"q": "冬枣加工", "limit": 3}).json()
    assert (body["total"], body["total_capped"]) == (1_000, True)
    assert [i["name"] for i in body["items"]] == [f"冬枣加工有限公司{i:04d}" for i in range(3)]


def test_stats_and_health(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert (stats["nodes"], stats["edges"]) == (5, 4)
    assert stats["by_kind"]["Enterprise"] == 2
    assert client.get("/health").json()["status"] == "ok"


def test_docs_need_no_network(client: TestClient) -> None:
    page = client.get("/docs").text
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", page)
    assert urls, "the docs page loads no script at all"
    assert all(u.startswith("/") for u in urls), urls
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "tech-transfer-kg"


def test_health_says_when_the_store_does_not_answer(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.db")  # never opened: every call fails
    with TestClient(create_app(Settings(store=store.uri), store=store)) as c:
        response = c.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert str(tmp_path / "graph.db") in body["detail"]
