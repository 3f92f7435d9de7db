"""Answers an officer can act on: names anywhere, example data marked, certified firms apart.

One small district, written to an embedded store file that the CLI (typer's CliRunner) and the
API (TestClient) both read:

- 华升化工: a real firm (its enterprise row is real) whose indicators are example rows; it
  meets every HTE data condition but no table says it holds the certificate;
- 瑞丰化工: an example firm, certified in 2020 (alias 沾化瑞丰化工有限公司);
- 金丝食品: a real firm with real indicators, one owned IP short (not yet);
- 鸿源化学: a real firm known by its credit code (its id's key);
- 河北农业大学 (alias 河北农大), 华升化工研发中心 (so "华升" names two entities).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rich.cells import cell_len
from typer.testing import CliRunner

from api.cli import app
from api.commands import console
from api.main import create_app
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, PropertyValue, Provenance
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.graph.programs.conftest import hte_ready

CREDIT_CODE = "91371603MA3D2P8L6R"
REAL = Provenance(source="enterprises.csv", locator="row 2")
EXAMPLE = Provenance(source="enterprise_indicators.csv", locator="row 2", synthetic=True)


def officer_batch() -> GraphBatch:
    """The district described in the module docstring."""

    def node(
        kind: NodeKind,
        name: str,
        provenance: list[Provenance],
        aliases: list[str] | None = None,
        key: str | None = None,
        **properties: PropertyValue,
    ) -> Node:
        return Node.create(
            kind, name, key=key, aliases=aliases, properties=properties, provenance=provenance
        )

    huasheng = node(NodeKind.ENTERPRISE, "华升化工", [REAL, EXAMPLE], **hte_ready())
    ruifeng = node(
        NodeKind.ENTERPRISE,
        "瑞丰化工",
        [EXAMPLE],
        aliases=["沾化瑞丰化工有限公司"],
        **hte_ready(hte=True, hte_year=2020, tech_sme=True),
    )
    jinsi = node(NodeKind.ENTERPRISE, "金丝食品", [REAL], **hte_ready(utility_patents_2020=0))
    hongyuan = node(NodeKind.ENTERPRISE, "鸿源化学", [REAL], key=CREDIT_CODE, hte=False)
    university = node(NodeKind.INSTITUTION, "河北农业大学", [REAL], aliases=["河北农大"])
    centre = node(NodeKind.PLATFORM, "华升化工研发中心", [REAL])
    plan = node(NodeKind.DOCUMENT, "区科技局年度工作计划", [REAL])
    target = node(
        NodeKind.TARGET,
        "再申报高企10家以上",
        [REAL],
        indicator="new High-Tech Enterprise applications",
        op=">=",
        value=10,
        unit="家",
        text="争取今年再申报高企10家以上",
    )
    edges = [
        Edge(kind=EdgeKind.OWNS, source=huasheng.id, target=centre.id, provenance=[REAL]),
        Edge(
            kind=EdgeKind.COOPERATES_WITH, source=jinsi.id, target=university.id, provenance=[REAL]
        ),
        Edge(kind=EdgeKind.SETS, source=plan.id, target=target.id, provenance=[REAL]),
    ]
    nodes = [huasheng, ruifeng, jinsi, hongyuan, university, centre, plan, target]
    return GraphBatch(nodes=nodes, edges=edges)


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    path = tmp_path / "graph.db"
    with EmbeddedStore(path) as store:
        store.upsert(officer_batch())
    return str(path)


@pytest.fixture
def client(store_path: str) -> Iterator[TestClient]:
    with EmbeddedStore(store_path) as store:
        app_ = create_app(Settings(store=store_path), store=store)
        with TestClient(app_, base_url="http://127.0.0.1") as test_client:
            yield test_client


def ttkg(store_path: str, *args: str, columns: int = 200) -> tuple[int, str, str]:
    """Run ``ttkg`` on ``store_path`` with the terminal ``columns`` wide."""
    width = console.width
    console.width = columns  # the console was made (and measured the terminal) at import
    try:
        result = CliRunner().invoke(app, ["--store", store_path, *args], env={"TTKG_LANG": ""})
    finally:
        console.width = width
    return result.exit_code, result.stdout, result.stderr


def widest(text: str) -> int:
    """The widest line in terminal cells (a Chinese character takes two)."""
    return max(cell_len(line) for line in text.splitlines())


# Names anywhere ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("华升化工", "enterprise:华升化工"),
        ("enterprise:华升化工", "enterprise:华升化工"),
        ("沾化瑞丰化工有限公司", "enterprise:瑞丰化工"),
        (CREDIT_CODE, "enterprise:" + CREDIT_CODE.lower()),
        ("瑞丰", "enterprise:瑞丰化工"),
    ],
)
def test_match_partners_takes_any_name_of_the_enterprise(
    client: TestClient, reference: str, expected: str
) -> None:
    response = client.post("/match/partners", json={"enterprise": reference, "k": 3})
    assert response.status_code == 200, response.text
    assert response.json()["source"]["id"] == expected


def test_an_ambiguous_name_is_409_with_every_candidate(client: TestClient) -> None:
    response = client.get("/entities/华升")
    assert response.status_code == 409
    body = response.json()
    assert {c["id"] for c in body["candidates"]} == {
        "enterprise:华升化工",
        "platform:华升化工研发中心",
    }
    assert all(c["name"] and c["kind"] for c in body["candidates"])
    assert "华升化工研发中心" in body["detail"]


def test_an_unknown_name_is_404_with_did_you_mean(client: TestClient) -> None:
    response = client.post("/match/partners", json={"enterprise": "华昇化工"})
    assert response.status_code == 404
    body = response.json()
    assert body["candidates"][0]["id"] == "enterprise:华升化工"
    assert len(body["candidates"]) <= 5
    assert "未找到企业“华昇化工”" in body["detail"]


def test_programmes_take_names_too(client: TestClient) -> None:
    assert client.get("/programs/hte/沾化瑞丰化工有限公司").json()["id"] == "enterprise:瑞丰化工"
    assert client.get("/programs/policies", params={"enterprise": "华昇化工"}).status_code == 404


def test_cli_match_takes_names_and_lists_the_candidates_of_an_ambiguous_one(
    store_path: str,
) -> None:
    code, out, _ = ttkg(store_path, "match", "adopters", "--institution", "河北农大", "--json")
    assert code == 0, out
    code, out, err = ttkg(store_path, "policies", "--enterprise", "化工")
    assert code == 2
    assert "1. 华升化工" in err
    assert "2. 瑞丰化工" in err
    code, out, err = ttkg(store_path, "match", "partners", "--enterprise", "华昇化工")
    assert code == 1
    assert "您是否要找" in err
    assert "1. 华升化工" in err


def test_show_one_entity_with_facts_flags_and_neighbours(store_path: str) -> None:
    code, out, _ = ttkg(store_path, "show", "华升化工")
    assert code == 0, out
    assert "enterprise:华升化工" in out
    assert "部分事实为示例数据" in out
    assert "营业收入（2020年，万元）" in out
    assert "4,000" in out
    assert "创新平台（1）：华升化工研发中心（拥有）" in out
    body = json.loads(ttkg(store_path, "show", "瑞丰", "--json")[1])
    assert body["synthetic"] == "all"
    assert "已认定高新技术企业" in body["flags"]


def test_the_entity_page_json_and_html(client: TestClient) -> None:
    body = client.get("/entities/华升化工").json()
    assert body["synthetic"] == "some"
    assert body["neighbours_by_kind"]["创新平台"][0]["node"]["name"] == "华升化工研发中心"
    page = client.get("/entities/华升化工", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>华升化工</h1>" in page.text
    assert "部分事实为示例数据" in page.text


# Example data and the certificate -----------------------------------------------------------


def test_a_verdict_on_example_indicators_is_marked(client: TestClient, store_path: str) -> None:
    huasheng = client.get("/programs/hte/华升化工").json()
    assert (huasheng["verdict"], huasheng["synthetic"]) == ("eligible", True)
    jinsi = client.get("/programs/hte/金丝食品").json()
    assert jinsi["synthetic"] is False
    _code, out, _ = ttkg(store_path, "hte")
    assert "华升化工" in out
    assert "符合条件（示例）" in out
    rows = {row["enterprise"]: row for row in json.loads(ttkg(store_path, "hte", "--json")[1])}
    assert rows["华升化工"]["synthetic"] is True
    assert rows["金丝食品"]["synthetic"] is False


def test_hte_lists_certified_firms_apart_with_their_renewal_year(
    client: TestClient, store_path: str
) -> None:
    ruifeng = client.get("/programs/hte/瑞丰化工").json()
    assert (ruifeng["certified"], ruifeng["certified_year"], ruifeng["renewal_year"]) == (
        True,
        2020,
        2023,
    )
    _code, out, _ = ttkg(store_path, "hte")
    certified, _sep, rest = out.partition("今年应申报")
    assert "已认定的高新技术企业（1 家" in certified
    assert "瑞丰化工" in certified
    assert "2023" in certified
    assert "瑞丰化工" not in rest
    assert "华升化工" in rest
    assert "（1 家：真实数据 0 家，示例数据 1 家）" in rest


def test_the_api_answers_who_should_apply_this_year(client: TestClient) -> None:
    apply = client.get("/programs/hte", params={"certified": False, "verdict": "eligible"})
    assert [a["enterprise"] for a in apply.json()] == ["华升化工"]
    certified = client.get("/programs/hte", params={"certified": True}).json()
    assert [(a["enterprise"], a["renewal_year"]) for a in certified] == [("瑞丰化工", 2023)]


def test_the_15_percent_rate_needs_the_certificate(store_path: str) -> None:
    _code, out, _ = ttkg(store_path, "policies", "--enterprise", "华升化工", "--json")
    verdicts = {p["policy"]: p for p in json.loads(out)}
    assert verdicts["hte_income_tax"]["verdict"] != "eligible"
    assert verdicts["hte_income_tax"]["synthetic"] is True
    _code, out, _ = ttkg(store_path, "policies", "--enterprise", "瑞丰化工", "--json")
    assert {p["policy"]: p["verdict"] for p in json.loads(out)}["hte_income_tax"] == "eligible"
    _code, out, _ = ttkg(store_path, "policies", "--enterprise", "华升化工")
    assert "tech-SME conditions: no of yes needed" not in out
    assert "科技型中小企业评价条件：尚未满足" in out


def test_targets_count_real_and_example_apart(client: TestClient, store_path: str) -> None:
    target = client.get("/programs/targets").json()[0]
    # 华升化工 should apply (example indicators); 瑞丰化工 is certified and not counted.
    assert target["members"] == ["华升化工"]
    assert (target["actual"], target["actual_real"], target["actual_example"]) == (1, 0, 1)
    assert target["synthetic"] is True
    _code, out, _ = ttkg(store_path, "targets")
    assert "真实 0" in out
    assert "示例 1" in out


def test_exports_mark_example_rows(store_path: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    code, _out, _err = ttkg(store_path, "hte", "--export", str(tmp_path / "hte.xlsx"))
    assert code == 0
    sheet = load_workbook(tmp_path / "hte.xlsx").active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    names = {r["企业"]: r for r in rows}
    assert names["华升化工（示例）"]["示例数据"] == "是"
    assert names["金丝食品"]["示例数据"] == "否"
    assert names["瑞丰化工（示例）"]["复审年份"] == 2023


# Language ----------------------------------------------------------------------------------


def test_an_unknown_language_is_a_clear_error(store_path: str) -> None:
    code, _out, err = ttkg(store_path, "--lang", "xx", "stats")
    assert code == 2
    assert "不支持的语言 'xx'" in err
    assert "zh_CN, en" in err


def test_lang_en_and_accept_language_choose_english(client: TestClient, store_path: str) -> None:
    code, _out, err = ttkg(
        store_path, "--lang", "en", "match", "partners", "--enterprise", "华昇化工"
    )
    assert code == 1
    assert "did you mean" in err.lower()
    response = client.post(
        "/match/partners", json={"enterprise": "华昇化工"}, headers={"Accept-Language": "en"}
    )
    assert response.headers["content-language"] == "en"
    assert "华昇化工" in response.json()["detail"]
    assert "未找到" not in response.json()["detail"]
    chinese = client.post("/match/partners", json={"enterprise": "华昇化工"})
    assert chinese.headers["content-language"] == "zh-CN"


# Terminal tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 140])
def test_hte_table_fits_the_terminal(store_path: str, columns: int) -> None:
    code, out, _ = ttkg(store_path, "hte", columns=columns)
    assert code == 0
    assert widest(out) <= columns
    assert "…" not in out  # folded, never cut


def test_analytics_indicators_readable_at_140_columns(store_path: str) -> None:
    code, out, _ = ttkg(store_path, "analytics", "indicators", columns=140)
    assert code == 0
    assert "…" not in out
    assert "研发投入强度" in out
    assert "有研发活动" in out
    assert "5.00%" in out  # R&D intensity 200 / 4,000 as a percentage, not 0.05
    assert "0.05" not in out


@pytest.mark.parametrize("columns", [80, 140])
def test_load_summary_keeps_file_names_whole_and_distinct(tmp_path: Path, columns: int) -> None:
    folder = tmp_path / "district"
    folder.mkdir()
    for name in ("enterprises_synthetic_part_one.csv", "enterprises_synthetic_part_two.csv"):
        (folder / name).write_text("name,industry\n甲公司,化工\n", encoding="utf-8")
    code, out, _ = ttkg(str(tmp_path / "g.db"), "load", str(folder), columns=columns)
    assert code == 0, out
    # Each name whole on one line (and so distinct), below the folder the title names.
    lines = out.splitlines()
    assert any("enterprises_synthetic_part_one.csv" in line for line in lines)
    assert any("enterprises_synthetic_part_two.csv" in line for line in lines)
    assert widest(out) <= columns


def test_analytics_answers_flag_example_nodes(client: TestClient) -> None:
    isolated = {m["name"]: m["synthetic"] for m in client.get("/analytics/isolated").json()}
    assert isolated["瑞丰化工"] is True  # an example firm
    assert isolated["鸿源化学"] is False
    scores = client.get("/analytics/centrality").json()
    assert {s["name"]: s["synthetic"] for s in scores}["金丝食品"] is False


def test_cli_analytics_marks_example_nodes(store_path: str) -> None:
    rows = json.loads(ttkg(store_path, "analytics", "isolated", "--json")[1])
    assert {r["name"]: r["synthetic"] for r in rows}["瑞丰化工"] is True
    _code, out, _ = ttkg(store_path, "analytics", "isolated")
    assert "瑞丰化工（示例）" in out
    assert "鸿源化学（示例）" not in out


def test_view_center_takes_names_through_the_one_resolver(store_path: str, tmp_path: Path) -> None:
    page = tmp_path / "view.html"
    code, _out, err = ttkg(store_path, "view", "-o", str(page), "--center", "华升")
    assert code == 2
    assert "1. 华升化工" in err
    code, out, _ = ttkg(store_path, "view", "-o", str(page), "--center", "沾化瑞丰化工有限公司")
    assert code == 0, out
    assert "瑞丰化工" in page.read_text(encoding="utf-8")
