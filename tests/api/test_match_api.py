"""POST /match/partners and /match/adopters over an embedded store filled in the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.schemas import AdoptersRequest, PartnersRequest
from graph.match.query import AdoptersQuery, PartnersQuery
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.graph.match.conftest import match_batch

ROOT = Path(__file__).resolve().parents[2]
DISTRICT = ROOT / "data" / "district"


@pytest.fixture
def match_client(tmp_path: Path) -> Iterator[TestClient]:
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    store.upsert(match_batch())
    with TestClient(create_app(Settings(store=store.uri), store=store)) as client:
        yield client
    store.close()


def test_partners_of_an_enterprise(match_client: TestClient) -> None:
    response = match_client.post(
        "/match/partners", json={"enterprise": "enterprise:冬枣甲", "k": 2}
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 2
    top = items[0]
    assert top["id"] == "institution:中国农业大学"
    assert unquote(top["view"]) == "/views/ego/institution:中国农业大学"
    ego = match_client.get(top["view"])
    assert ego.status_code == 200
    assert "中国农业大学" in ego.text
    assert set(top) == {
        "id",
        "name",
        "kind",
        "score",
        "signals",
        "paths",
        "reasons",
        "synthetic",
        "terms",
        "tied",
        "view",
    }
    assert top["synthetic"] is True  # the test graph is marked synthetic
    assert top["paths"]
    assert top["paths"][0][0] == "enterprise:冬枣甲"
    assert items[0]["score"] >= items[1]["score"]


def test_partners_for_a_need_with_filters(match_client: TestClient) -> None:
    body = {"need": "冬枣保鲜与深加工", "k": 5, "filters": {"region": "山东省"}}
    items = match_client.post("/match/partners", json=body).json()["items"]
    assert [i["id"] for i in items] == [
        "institution:山东省农业科学院",
        "institution:河北农业大学",
    ]
    assert items[0]["reasons"][0].startswith("需求与研究方向重合")


def test_adopters(match_client: TestClient) -> None:
    items = match_client.post(
        "/match/adopters", json={"result": "化工废水处理与回用技术", "k": 1}
    ).json()["items"]
    assert [i["id"] for i in items] == ["enterprise:化工丙"]
    by_id = match_client.post("/match/adopters", json={"institution": "institution:中国农业大学"})
    assert by_id.status_code == 200
    assert "enterprise:冬枣乙" not in [i["id"] for i in by_id.json()["items"]]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/match/partners", {"enterprise": "enterprise:nobody"}),
        ("/match/adopters", {"institution": "institution:nowhere"}),
    ],
)
def test_unknown_ids_are_404(match_client: TestClient, path: str, body: dict[str, str]) -> None:
    response = match_client.post(path, json=body)
    assert response.status_code == 404
    assert "nobody" in response.text or "nowhere" in response.text


@pytest.mark.parametrize(
    "body",
    [
        {"need": ""},
        {"need": "   "},
        {"need": "冬" * 2001},
        {},
        {"need": "冬枣", "k": 0},
        {"need": "冬枣", "colour": "red"},
        {"need": "冬枣", "filters": {"kinds": ["Planet"]}},
    ],
)
def test_bad_requests_are_422(match_client: TestClient, body: dict[str, object]) -> None:
    assert match_client.post("/match/partners", json=body).status_code == 422


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/match/partners", "请给出企业（编号或名称）或需求文本"),
        ("/match/adopters", "请给出机构（编号或名称）或成果文本"),
    ],
)
def test_a_body_without_source_or_text_is_422_naming_both(
    match_client: TestClient, path: str, named: str
) -> None:
    response = match_client.post(path, json={"k": 3})
    assert response.status_code == 422
    assert named in response.json()["errors"][0]["msg"]


def test_request_bodies_are_the_ranker_queries() -> None:
    body = PartnersRequest.model_validate({"enterprise": " enterprise:冬枣甲 ", "need": "保鲜"})
    assert isinstance(body, PartnersQuery)
    assert (body.source, body.text) == ("enterprise:冬枣甲", "保鲜")
    assert isinstance(AdoptersRequest.model_validate({"result": "冬枣"}), AdoptersQuery)


def test_wrong_kind_of_id_is_422(match_client: TestClient) -> None:
    response = match_client.post("/match/partners", json={"enterprise": "institution:天津大学"})
    assert response.status_code == 422


def test_district_needs_find_the_work_plan_institutions(tmp_path: Path) -> None:
    from loaders.load import load_paths

    store = EmbeddedStore(tmp_path / "district.db")
    store.open()
    load_paths(store, [DISTRICT])
    expected = {
        "冬枣保鲜与深加工": {"中国农业大学", "山东省农业科学院", "河北农业大学"},
        "水产品精深加工与冷链": {"中国水产科学研究院黄海水产研究所", "江南大学", "中国海洋大学"},
        "化工废水处理与回用": {"天津大学", "北京化工大学", "中国科学院过程工程研究所"},
    }
    with TestClient(create_app(Settings(store=store.uri), store=store)) as client:
        for need, institutions in expected.items():
            items = client.post("/match/partners", json={"need": need, "k": 5}).json()["items"]
            names = [i["name"] for i in items]
            assert set(names) & institutions, (need, names)
            assert items[0]["reasons"][0].startswith("需求与研究方向重合")
    store.close()


def test_district_answers_say_which_candidates_are_synthetic(tmp_path: Path) -> None:
    from loaders.load import load_paths

    store = EmbeddedStore(tmp_path / "district.db")
    store.open()
    load_paths(store, [DISTRICT])
    with TestClient(create_app(Settings(store=store.uri), store=store)) as client:
        body = {"result": "化工废水处理与回用技术", "k": 100}
        items = client.post("/match/adopters", json=body).json()["items"]
    store.close()
    flags = {i["name"]: i["synthetic"] for i in items}
    assert flags["华升化工"] is False  # named in the work plan
    assert True in flags.values()  # the seeded fill is marked
