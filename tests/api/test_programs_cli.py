"""The programme and analytics commands of `ttkg`, run with typer's runner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli import app
from graph.model import Node, NodeKind
from graph.programs.rules import RULES_DIR
from graph.stores.embedded import EmbeddedStore
from tests.api.test_programs_api import district_batch
from tests.conftest import prov
from tests.graph.programs.conftest import hte_ready

runner = CliRunner()
HOSTILE = '=HYPERLINK("[red]x[/red]")'


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "graph.db"
    batch = district_batch()
    batch.nodes.append(
        Node.create(
            NodeKind.ENTERPRISE,
            HOSTILE,
            properties=hte_ready(tech_staff_2020=1),
            provenance=[prov()],
        )
    )
    with EmbeddedStore(path) as store:
        store.upsert(batch)
    return str(path)


def run(store_path: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--store", store_path, *args])
    return result.exit_code, result.output


def test_hte_json_is_exactly_the_issue_shape(store_path: str) -> None:
    code, output = run(store_path, "hte", "--json")
    assert code == 0
    body = json.loads(output)
    assert len(body) == 4  # one per enterprise with indicators
    for item in body:
        assert list(item) == [
            "enterprise",
            "id",
            "verdict",
            "synthetic",
            "certified",
            "certified_year",
            "certificate_number",
            "renewal_year",
            "conditions",
            "gaps",
        ]
        assert item["verdict"] in {"eligible", "not_yet", "unknown"}
        for condition in item["conditions"]:
            assert list(condition) == ["name", "value", "threshold", "passed"]
    verdicts = {item["enterprise"]: item["verdict"] for item in body}
    assert verdicts["达民化工"] == "eligible"
    assert verdicts["大荣化工"] == "unknown"


def test_hte_table_in_the_terminal(store_path: str) -> None:
    code, output = run(store_path, "hte")
    assert code == 0
    assert "达民化工" in output
    assert "符合条件 1，尚不符合 0，待补数据 0" in output  # the list to apply this year
    assert "符合条件 0，尚不符合 2，待补数据 1" in output  # the list to cultivate
    assert "需人工核实" in output


def test_export_csv_and_xlsx_keep_hostile_names_as_text(store_path: str, tmp_path: Path) -> None:
    code, _ = run(store_path, "hte", "--export", str(tmp_path / "hte.csv"))
    assert code == 0
    with (tmp_path / "hte.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["企业"] for r in rows} >= {"达民化工（示例）", "'" + HOSTILE + "（示例）"}
    assert rows[0]["结论"] == "符合条件（示例）"
    assert rows[0]["示例数据"] == "是"
    assert rows[0]["近三年研发费用占比"].startswith("通过：5.00% >= 5.00%")
    code, _ = run(store_path, "sme", "--export", str(tmp_path / "sme.xlsx"))
    assert code == 0
    sheet = load_workbook(tmp_path / "sme.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["企业", "编号", "结论", "示例数据"]
    assert "得分" in header
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "'" + HOSTILE + "（示例）" in names


def test_export_refuses_other_suffixes(store_path: str, tmp_path: Path) -> None:
    code, output = run(store_path, "hte", "--export", str(tmp_path / "hte.txt"))
    assert code == 1
    assert ".csv 或 .xlsx" in output


def test_rules_override_flips_a_verdict(store_path: str, tmp_path: Path) -> None:
    text = (RULES_DIR / "hte.yaml").read_text(encoding="utf-8")
    (tmp_path / "hte.yaml").write_text(text.replace('max: "5000"', 'max: "3000"'), "utf-8")
    # 4,000万 revenue now falls in the 4% band, so 5.00% R&D still passes; and a 6% rule fails it.
    strict = text.replace('threshold: "0.05"', 'threshold: "0.06"')
    (tmp_path / "strict.yaml").write_text(strict, encoding="utf-8")
    _, shipped = run(store_path, "hte", "--json")
    _, changed = run(store_path, "hte", "--json", "--rules", str(tmp_path / "strict.yaml"))
    before = {i["enterprise"]: i["verdict"] for i in json.loads(shipped)}
    after = {i["enterprise"]: i["verdict"] for i in json.loads(changed)}
    assert before["达民化工"] == "eligible"
    assert after["达民化工"] == "not_yet"


def test_broken_rule_file_fails_with_its_name(store_path: str, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("programs: 3\n", encoding="utf-8")
    code, output = run(store_path, "hte", "--rules", str(tmp_path / "bad.yaml"))
    assert code == 1
    assert "bad.yaml" in output


def test_sme_filter_and_limit(store_path: str) -> None:
    code, output = run(store_path, "sme", "--json", "--verdict", "not_yet", "--limit", "1")
    assert code == 0
    body = json.loads(output)
    assert len(body) == 1
    assert body[0]["verdict"] == "not_yet"


def test_talent_policies_targets(store_path: str) -> None:
    code, output = run(store_path, "talent", "--json")
    assert code == 0
    assert json.loads(output)[0]["named"] == ["达民化工"]
    code, output = run(store_path, "policies", "--enterprise", "金丝食品", "--json")
    assert code == 0
    verdicts = {p["policy"]: p["verdict"] for p in json.loads(output)}
    assert verdicts["hte_income_tax"] == "unknown"  # no table says whether it is certified
    code, output = run(store_path, "policies")
    assert code == 0
    assert "政策及其惠及的企业" in output
    code, output = run(store_path, "policies", "--json")
    numbers = {p["source"]["number"] for p in json.loads(output)}
    assert "财政部 税务总局公告2023年第7号" in numbers
    code, output = run(store_path, "targets", "--json")
    assert code == 0
    assert {t["actual"] for t in json.loads(output)} == {1}
    code, output = run(store_path, "policies", "--enterprise", "无此企业")
    assert code == 1


def test_analytics_commands(store_path: str, tmp_path: Path) -> None:
    code, output = run(store_path, "analytics", "isolated", "--json")
    assert code == 0
    assert [r["name"] for r in json.loads(output)] == [HOSTILE, "祥云机场"]
    code, output = run(store_path, "analytics", "isolated")
    assert HOSTILE in output  # markup in data is shown, not interpreted
    code, output = run(store_path, "analytics", "bridges")
    assert code == 0
    assert "金丝食品" in output
    code, output = run(
        store_path, "analytics", "changes", "--before", "2019", "--after", "2020", "--json"
    )
    assert json.loads(output)[0]["newly_connected"] == ["enterprise:大荣化工"]
    code, _ = run(store_path, "analytics", "changes")
    assert code == 1
    code, _ = run(store_path, "analytics", "indicators", "--export", str(tmp_path / "i.xlsx"))
    assert code == 0
    sheet = load_workbook(tmp_path / "i.xlsx").active
    assert (sheet["A1"].value, sheet["A2"].value) == ("范围", "全区")
