"""The enterprise_indicators table: loading, per-year properties, rejects, the demo file."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from graph.programs.evaluate import assess_program
from graph.stores.embedded import EmbeddedStore
from loaders.load import load_paths
from loaders.resolve import Resolver
from loaders.tables import parse_rows
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("english")  # these tests read messages in English

DEMO = ROOT / "data" / "district" / "enterprise_indicators.csv"
HEADER = (
    "企业名称,年度,成立日期,职工总数,科技人员,营业收入（万元）,研发费用（万元）,"
    "境内研发费用,发明专利,synthetic\n"
)


def test_rows_become_per_year_properties_on_a_created_enterprise(tmp_path: Path) -> None:
    path = tmp_path / "enterprise_indicators.csv"
    path.write_text(
        HEADER + "新创科技,2020,2019-06-01,50,6,800,40,40,1,true\n"
        "新创科技,2019,2019-06-01,40,4,500,,,,true\n",
        encoding="utf-8",
    )
    with EmbeddedStore(":memory:") as store:
        report = load_paths(store, [path])
        assert report.rejects == []
        node = store.get_node("enterprise:新创科技")
    assert node.properties["revenue_2020"] == 800.0
    assert node.properties["employees_2019"] == 40
    assert "rd_expense_2019" not in node.properties  # blank stays unknown, not 0
    assert node.properties["founded"] == date(2019, 6, 1)
    assert node.provenance[0].synthetic is True
    assert node.provenance[0].locator == "row 2"


def test_existing_enterprise_is_updated_not_duplicated(tmp_path: Path) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(HEADER + "昶升水产,2020,,100,12,900,45,45,0,\n", encoding="utf-8")
    from tests.conftest import small_batch

    with EmbeddedStore(":memory:") as store:
        store.upsert(small_batch())
        before = store.stats().by_kind["Enterprise"]
        load_paths(store, [path])
        assert store.stats().by_kind["Enterprise"] == before
        node = store.get_node("enterprise:昶昇水产")  # reached through its alias 昶升水产
    assert node.properties["tech_staff_2020"] == 12


def test_bad_rows_are_rejected_naming_row_column_and_cause() -> None:
    rows = [
        (1, ["enterprise", "year", "employees", "tech_staff", "revenue", "rd_expense"]),
        (2, ["甲", "2020", "10", "20", "100", "5"]),
        (3, ["乙", "2020", "10", "1", "十二万", "5"]),
        (4, ["丙", "2020", "10", "1", "100", "-5"]),
        (5, ["丁", "2020", "10", "1", "100", "5"]),
    ]
    result = parse_rows(rows, resolver=Resolver(), label="x.csv", hints=("enterprise_indicators",))
    reasons = {r.row: str(r) for r in result.rejects}
    assert set(reasons) == {2, 3, 4}
    assert {r.level for r in result.rejects} == {"cell"}  # the value, not the row
    assert "tech_staff" in reasons[2]
    assert "cannot exceed employees" in reasons[2]
    assert "revenue" in reasons[3]
    assert "not an amount of money" in reasons[3]
    assert "rd_expense" in reasons[4]
    assert "negative" in reasons[4]
    nodes = {n.id: n.properties for n in result.batch.nodes}
    assert set(nodes) == {"enterprise:甲", "enterprise:乙", "enterprise:丙", "enterprise:丁"}
    assert "tech_staff_2020" not in nodes["enterprise:甲"]
    assert nodes["enterprise:甲"]["employees_2020"] == 10
    assert "rd_expense_2020" not in nodes["enterprise:丙"]


def test_demo_file_loads_cleanly_with_a_spread_of_verdicts() -> None:
    with EmbeddedStore(":memory:") as store:
        report = load_paths(store, [DEMO])
        assert report.rejects == []
        assert all(f.error is None for f in report.files)
        hte = {a.enterprise: a.verdict for a in assess_program(store, "hte")}
        sme = Counter(a.verdict for a in assess_program(store, "sme"))
    assert Counter(hte.values()).keys() == {"eligible", "not_yet", "unknown"}
    assert sme.keys() == {"eligible", "not_yet", "unknown"}
    # The hand-made rows of the work plan's enterprises, one per case.
    assert hte["达民化工"] == "eligible"  # exactly at every edge
    assert hte["金丝食品"] == "not_yet"  # no owned IP
    assert hte["建华建材"] == "not_yet"  # R&D ratio 2.1% of 3%
    assert hte["昶昇水产"] == "unknown"  # 2018 R&D not reported
    assert hte["大荣化工"] == "unknown"  # 2020 staff not reported
