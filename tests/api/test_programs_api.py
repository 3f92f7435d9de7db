"""/programs and /analytics over an embedded store holding a small hand-made district."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, PropertyValue
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.conftest import prov
from tests.graph.programs.conftest import hte_ready


def district_batch() -> GraphBatch:
    """Three enterprises with indicators (eligible, not yet, unknown), one without, regions,
    a Beijing institution, a transfer agency, a talent programme, two targets."""

    def node(kind: NodeKind, name: str, **properties: PropertyValue) -> Node:
        return Node.create(kind, name, properties=properties, provenance=[prov()])

    def node_key(kind: NodeKind, name: str, key: str) -> Node:
        return Node.create(kind, name, key=key, provenance=[prov()])

    ready = node(NodeKind.ENTERPRISE, "达民化工", **hte_ready(tech_sme=True, above_scale=True))
    short = node(NodeKind.ENTERPRISE, "金丝食品", **hte_ready(utility_patents_2020=0))
    unknown = node(NodeKind.ENTERPRISE, "大荣化工", **hte_ready(rd_expense_2018=None))
    lonely = node(NodeKind.ENTERPRISE, "祥云机场")
    beijing = node_key(NodeKind.REGION, "北京市", "11")
    haidian = node_key(NodeKind.REGION, "海淀区", "110108")
    district = node_key(NodeKind.REGION, "沾化区", "371603")
    cau = node(NodeKind.INSTITUTION, "中国农业大学")
    agency = node(NodeKind.TRANSFER_AGENCY, "沾化区技术转移中心（示例）")
    industry = node(NodeKind.INDUSTRY, "化工")
    talent = node(NodeKind.TALENT_PROGRAM, "泰山产业领军人才")
    plan = node(NodeKind.DOCUMENT, "区科技局年度工作计划")
    hte_target = node(
        NodeKind.TARGET,
        "再申报高企10家以上",
        indicator="new High-Tech Enterprise applications",
        op=">=",
        value=10,
        unit="家",
        text="争取今年再申报高企10家以上",
    )
    agency_target = node(
        NodeKind.TARGET,
        "引进技术转移转化机构2家以上",
        indicator="technology-transfer institutions brought in",
        op=">=",
        value=2,
        unit="家",
        text="再探索引进技术转移转化机构2家以上",
    )

    def edge(kind: EdgeKind, u: Node, v: Node, **properties: PropertyValue) -> Edge:
        return Edge(kind=kind, source=u.id, target=v.id, properties=properties, provenance=[prov()])

    edges = [
        edge(EdgeKind.PART_OF, haidian, beijing),
        edge(EdgeKind.LOCATED_IN, cau, haidian),
        *(edge(EdgeKind.LOCATED_IN, e, district) for e in (ready, short, unknown, lonely)),
        edge(EdgeKind.LOCATED_IN, agency, district),
        edge(EdgeKind.COOPERATES_WITH, ready, short, year=2019),
        edge(EdgeKind.COOPERATES_WITH, short, cau, year=2020),
        edge(EdgeKind.COOPERATES_WITH, unknown, short, year=2020),
        edge(EdgeKind.IN_INDUSTRY, ready, industry),
        edge(EdgeKind.IN_INDUSTRY, unknown, industry),
        edge(EdgeKind.APPLIES_TO, ready, talent),
        edge(EdgeKind.SETS, plan, hte_target),
        edge(EdgeKind.SETS, plan, agency_target),
    ]
    nodes = [
        ready,
        short,
        unknown,
        lonely,
        beijing,
        haidian,
        district,
        cau,
        agency,
        industry,
        talent,
        plan,
        hte_target,
        agency_target,
    ]
    return GraphBatch(nodes=nodes, edges=edges)


@pytest.fixture
def client() -> Iterator[TestClient]:
    with EmbeddedStore(":memory:") as store:
        store.upsert(district_batch())
        with TestClient(create_app(Settings(store=":memory:"), store=store)) as test_client:
            yield test_client


def test_hte_list_is_ranked_with_every_verdict(client: TestClient) -> None:
    response = client.get("/programs/hte")
    assert response.status_code == 200
    body = response.json()
    assert [(a["enterprise"], a["verdict"]) for a in body] == [
        ("达民化工", "eligible"),
        ("金丝食品", "not_yet"),
        ("大荣化工", "unknown"),
    ]
    assert body[1]["gaps"][0].startswith("知识产权")
    assert len(body[0]["to_check_by_hand"]) == 3


def test_hte_verdict_filter_and_bad_filter(client: TestClient) -> None:
    assert [a["enterprise"] for a in client.get("/programs/hte?verdict=unknown").json()] == [
        "大荣化工"
    ]
    assert client.get("/programs/hte?verdict=maybe").status_code == 422


def test_hte_for_one_enterprise_by_id_or_name(client: TestClient) -> None:
    by_id = client.get("/programs/hte/enterprise:金丝食品").json()
    by_name = client.get("/programs/hte/金丝食品").json()
    assert by_id == by_name
    owned_ip = next(c for c in by_id["conditions"] if c["name"] == "owned_ip")
    assert owned_ip["passed"] is False
    assert owned_ip["article"] == "第十一条（二）"


def test_unknown_enterprise_is_404(client: TestClient) -> None:
    response = client.get("/programs/hte/不存在的企业")
    assert response.status_code == 404
    assert "不存在的企业" in response.json()["detail"]


def test_sme_for_one_enterprise_has_a_score(client: TestClient) -> None:
    body = client.get("/programs/sme/达民化工").json()
    assert body["program"] == "sme"
    assert [p["name"] for p in body["score_parts"]] == ["tech_staff", "rd_input", "ip"]


def test_talent_lists_the_named_enterprises(client: TestClient) -> None:
    body = client.get("/programs/talent").json()
    taishan = next(t for t in body if t["program"] == "taishan_industry_leader")
    assert taishan["named"] == ["达民化工"]
    assert taishan["source"]["verified"] is False


def test_the_hte_tax_rate_needs_the_certificate_not_only_the_conditions(
    client: TestClient,
) -> None:
    ready = {a["program"]: a for a in client.get("/programs/policies?enterprise=达民化工").json()}
    assert client.get("/programs/hte/达民化工").json()["verdict"] == "eligible"
    # It meets the HTE conditions but no table says it holds the certificate: not eligible.
    assert ready["hte_income_tax"]["verdict"] == "unknown"
    assert ready["hte_income_tax"]["synthetic"] is True
    assert ready["rd_super_deduction"]["verdict"] == "eligible"


def test_policy_reach_counts_enterprises(client: TestClient) -> None:
    body = client.get("/programs/policies").json()
    deduction = next(p for p in body if p["program"] == "rd_super_deduction")
    assert "达民化工" in deduction["eligible"]
    assert set(deduction["example"]) == {"达民化工", "金丝食品", "大荣化工"}
    tax = next(p for p in body if p["program"] == "hte_income_tax")
    assert tax["eligible"] == []


def test_targets_progress(client: TestClient) -> None:
    body = {t["measure"]: t for t in client.get("/programs/targets").json()}
    assert body["hte_new_applications"]["actual"] == 1
    assert body["hte_new_applications"]["met"] is False
    assert body["hte_new_applications"]["documents"] == ["区科技局年度工作计划"]
    assert body["transfer_agencies"]["members"] == ["沾化区技术转移中心（示例）"]


def test_programs_list_cites_sources(client: TestClient) -> None:
    body = client.get("/programs?kind=certification").json()
    assert [p["id"] for p in body] == ["hte"]
    assert body[0]["source"]["number"] == "国科发火〔2016〕32号"


def test_check_posts_indicators_without_storing_them(client: TestClient) -> None:
    year = {
        "employees": 100,
        "tech_staff": 10,
        "revenue": 4000,
        "rd_expense": 200,
        "rd_expense_domestic": 200,
        "hightech_revenue": 2400,
        "utility_patents": 1,
        "invention_patents": 0,
        "software_copyrights": 0,
        "other_ip": 0,
    }
    body = {
        "enterprise": "试算",
        "founded": str(date(2015, 1, 1)),
        "years": {"2018": year, "2019": year, "2020": year},
    }
    response = client.post("/programs/hte/check", json=body)
    assert response.status_code == 200
    assert response.json()["verdict"] == "eligible"
    tax = client.post("/programs/hte_income_tax/check", json=body).json()
    assert tax["verdict"] == "unknown"  # the conditions alone do not give the 15% rate
    assert (
        client.post("/programs/hte_income_tax/check", json={**body, "hte": False}).json()["verdict"]
        == "not_yet"
    )
    certified = client.post("/programs/hte_income_tax/check", json={**body, "hte": True}).json()
    assert certified["verdict"] == "eligible"
    assert certified["certified"] is True
    body["years"]["2020"] = {**year, "tech_staff": 9}
    assert client.post("/programs/hte/check", json=body).json()["verdict"] == "not_yet"


def test_check_refuses_unknown_fields_and_negative_values(client: TestClient) -> None:
    body = {"years": {"2020": {"revenue": 1}}, "secret": 1}
    assert client.post("/programs/hte/check", json=body).status_code == 422
    body = {"years": {"2020": {"revenue": -1}}}
    assert client.post("/programs/hte/check", json=body).status_code == 422
    assert client.post("/programs/nothing/check", json={"years": {}}).status_code == 404


def test_analytics_isolated_and_brokers(client: TestClient) -> None:
    assert [m["name"] for m in client.get("/analytics/isolated").json()] == ["祥云机场"]
    brokers = client.get("/analytics/brokers").json()
    assert brokers[0]["name"] == "金丝食品"


def test_analytics_bridges_to_beijing(client: TestClient) -> None:
    body = client.get("/analytics/bridges").json()
    assert body["sources"] == 4
    assert body["targets"] == ["institution:中国农业大学"]
    assert body["direct"] == [["enterprise:金丝食品", "institution:中国农业大学"]]
    assert [b["id"] for b in body["brokers"]] == ["enterprise:金丝食品"]
    assert client.get("/analytics/bridges?until=2019").json()["reachable"] == []
    to_partner = client.get("/analytics/bridges?to=enterprise:金丝食品").json()
    assert to_partner["direct"] == [
        ["enterprise:大荣化工", "enterprise:金丝食品"],
        ["enterprise:达民化工", "enterprise:金丝食品"],
    ]
    assert client.get("/analytics/bridges?to=institution:无").status_code == 404


def test_analytics_communities_changes_indicators(client: TestClient) -> None:
    communities = client.get("/analytics/communities").json()
    assert sum(c["size"] for c in communities) == 4
    changes = client.get("/analytics/changes?before=2019&after=2020").json()
    assert changes["newly_connected"] == ["enterprise:大荣化工"]
    assert client.get("/analytics/changes?before=2021&after=2020").status_code == 422
    rows = {r["scope"]: r for r in client.get("/analytics/indicators").json()}
    assert rows["district"]["enterprises"] == 3
    assert rows["district"]["rd_intensity"] == pytest.approx(0.05)
    assert rows["化工"]["enterprises"] == 2
    assert rows["above_scale"]["enterprises"] == 1
    assert list(rows)[:2] == ["district", "above_scale"]
