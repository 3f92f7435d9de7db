"""Tables laid out as bureau forms: titles, units, year groups, totals, notes, unknown and
personal columns, cells rejected without their rows, rejects that follow from others."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from graph.errors import MissingColumn
from graph.model import Node, NodeKind
from loaders.report import FileResult
from loaders.resolve import Resolver
from loaders.tables import batch_of, parse_rows, read_tables
from loaders.tables.files import RawTable
from loaders.tables.plan import plan_table
from tests.conftest import prov


def rows(*lines: Sequence[object]) -> list[tuple[int, list[object]]]:
    return [(number, list(cells)) for number, cells in enumerate(lines, 1)]


def parse(
    *lines: Sequence[object], hints: tuple[str, ...] = (), resolver: Resolver | None = None
) -> FileResult:
    return parse_rows(rows(*lines), resolver=resolver or Resolver(), label="form.xlsx", hints=hints)


def nodes(result: FileResult) -> dict[str, Node]:
    return {node.name: node for node in batch_of([result]).merged().nodes}


ROSTER = (
    ["沾化区2023年规模以上工业企业名录"],
    ["填报单位：沾化区科技局", None, None, "填报日期：2024年1月"],
    ["序号", "单位全称", "营业收入（万元）", "联系电话", "亩均税收（万元）", "主导产品"],
    [1, "华升化工", "1.6亿元", "13900000001", 12.5, "氯化石蜡"],
    [2, "昶昇水产", "850万", "13900000002", None, "冷冻虾仁"],
    [3, "建华建材", "未报", "13900000003", "—", "加气砌块"],
    ["合计", None, 17350, None, None, None],
    ["注：营业收入为2023年数据。"],
    ["填表人：王某", None, "联系电话：13900000009"],
)


def test_a_roster_reads_as_a_clerk_reads_it() -> None:
    result = parse(*ROSTER)
    assert result.kind == "enterprises"
    assert result.error is None
    assert result.rejects == []
    found = nodes(result)
    assert set(found) == {"华升化工", "昶昇水产", "建华建材"}
    assert found["华升化工"].properties["revenue"] == 16000.0
    assert found["昶昇水产"].properties["revenue"] == 850.0
    assert "revenue" not in found["建华建材"].properties  # 未报: not given, not an error
    assert found["华升化工"].properties["亩均税收_万元"] == 12.5
    assert found["华升化工"].properties["主导产品"] == "氯化石蜡"
    assert result.rows == 3  # the total and the notes lines are not data


def test_personal_columns_are_never_stored_and_the_report_says_so() -> None:
    result = parse(*ROSTER)
    stored = repr(batch_of([result]).model_dump())
    assert "1390000000" not in stored
    assert any("联系电话" in note and "个人" in note for note in result.notes)
    assert result.plan is not None
    assert [(c.header, c.reason) for c in result.plan.left_out][-1][0] == "联系电话"


def test_titles_totals_and_notes_are_skipped_with_one_line_each() -> None:
    result = parse(*ROSTER)
    assert any("第 1–2 行" in note for note in result.notes)
    assert any("第 7 行" in note and "合计" in note for note in result.notes)
    assert any("8、9" in note and "注释" in note for note in result.notes)
    assert all(r.row not in (7, 8, 9) for r in result.rejects)


def test_unknown_columns_are_kept_and_listed() -> None:
    result = parse(*ROSTER)
    assert any("亩均税收" in note and "属性" in note for note in result.notes)
    assert result.plan is not None
    kept = {c.header: c.column for c in result.plan.columns if c.kept_as_property}
    assert kept == {"亩均税收（万元）": "亩均税收_万元", "主导产品": "主导产品"}


def test_a_bad_cell_rejects_the_cell_not_the_row() -> None:
    result = parse(
        ["企业名称", "营业收入（万元）", "成立时间", "从业人员"],
        ["华升化工", "一千二百", "2013年7月", "120人"],
    )
    [reject] = result.rejects
    assert (reject.row, reject.field, reject.level) == (2, "revenue", "cell")
    assert reject.header == "营业收入（万元）"
    assert reject.value == "一千二百"
    assert "该行已读入，不含此值" in str(reject)
    found = nodes(result)["华升化工"]
    assert found.properties == {"founded": 2013, "employees": 120}


def test_an_unreadable_key_rejects_the_row_and_later_references_say_why(tmp_path: Path) -> None:
    roster = tmp_path / "企业名录.csv"
    roster.write_text("企业名称,营业收入（万元）\n华升\x07化工,1200\n", encoding="utf-8")
    cooperation = tmp_path / "产学研合作.csv"
    cooperation.write_text("企业名称,合作院校\n华升化工,河北农业大学\n", encoding="utf-8")
    results = {r.kind: r for r in read_tables([cooperation, roster], resolver=Resolver())}
    [reject] = results["enterprises"].rejects
    assert (reject.level, reject.field) == ("row", "name")
    [follow] = results["cooperations"].rejects
    assert follow.reason == "企业“华升化工”未载入：见 企业名录.csv 第 2 行"


def test_an_unknown_optional_reference_drops_the_link_not_the_row() -> None:
    result = parse(
        ["平台名称", "依托单位", "类型"],
        ["冬枣研发中心", "无名公司", "省级研发平台"],
        hints=("platforms",),
    )
    assert set(nodes(result)) == {"冬枣研发中心"}
    levels = sorted(r.level for r in result.rejects)
    assert levels == ["cell", "cell"]  # the owner names nothing; the type is an unknown word


SHARE = "研发经费占营业收入比重（%）"


def test_a_two_row_header_gives_one_record_per_year() -> None:
    result = parse(
        ["沾化区企业研发投入情况表"],
        ["单位：万元"],
        ["企业名称", "2022年", None, "2023年", None],
        [
            None,
            "R&D经费支出",
            "研发经费占营业收入比重（%）",
            "R&D经费支出",
            "研发经费占营业收入比重（%）",
        ],
        ["华升化工", 560, "3.5%", 800, 4.2],
        ["合计", 560, None, 800, None],
    )
    assert result.kind == "enterprise_indicators"
    assert result.rejects == []
    found = nodes(result)["华升化工"]
    assert found.properties["rd_expense_2022"] == 560.0
    assert found.properties["rd_expense_2023"] == 800.0
    assert found.properties["rd_share_2022"] == 3.5
    assert found.properties["rd_share_2023"] == 4.2
    assert result.plan is not None
    assert result.plan.header_rows == [3, 4]
    assert {c.year for c in result.plan.columns if c.column == "rd_expense"} == {2022, 2023}


def test_a_unit_line_above_the_table_converts_its_amounts() -> None:
    result = parse(
        ["单位：亿元"],
        ["企业名称", "营业收入"],
        ["华升化工", 1.6],
    )
    assert nodes(result)["华升化工"].properties["revenue"] == 16000.0


def test_headers_in_bureau_words_and_values_in_bureau_words() -> None:
    result = parse(
        ["企业（单位）名称", "合作院校", "合作方式", "合同金额（万元）", "签订日期"],
        ["华升化工", "河北农业大学", "委托开发", "120", "2023.07"],
        ["华升化工", "中国农业大学", "技术许可", "1,200", "2023-7"],
        hints=("产学研合作项目汇总",),
        resolver=_with_enterprise("华升化工"),
    )
    assert result.rejects == []
    edges = batch_of([result]).merged().edges
    assert sorted(e.properties.get("type") for e in edges) == ["commissioned_rd", "licence"]
    assert sorted(e.properties.get("amount") for e in edges) == [120.0, 1200.0]


def _with_enterprise(name: str) -> Resolver:
    resolver = Resolver()
    resolver.add(Node.create(NodeKind.ENTERPRISE, name, provenance=[prov()]))
    for institution in ("河北农业大学", "中国农业大学"):
        resolver.add(Node.create(NodeKind.INSTITUTION, institution, provenance=[prov()]))
    return resolver


def test_a_missing_column_lists_the_headers_found_and_the_closest_accepted() -> None:
    raw = RawTable(
        label="needs.xlsx",
        source="needs.xlsx",
        rows=rows(["企业名字", "技术难题"], ["华升化工", "废水处理"]),
        hints=("needs",),
    )
    with pytest.raises(MissingColumn) as caught:
        plan_table(raw)
    message = str(caught.value)
    assert "'企业名字'" in message
    assert "最接近的可用表头" in message
    assert "企业名称" in message


def test_a_table_of_no_kind_lists_the_kinds_considered() -> None:
    result = parse(["甲", "乙"], ["1", "2"])
    assert result.error is not None
    assert "找到的表头：'甲'、'乙'" in result.error
    assert "考虑过的种类" in result.error
    assert "enterprises 需要 name" in result.error


def test_towns_resolve_to_their_district_and_shared_names_are_reported(tmp_path: Path) -> None:
    roster = tmp_path / "企业名录.csv"
    roster.write_text(
        "企业名称,所属乡镇（街道）\n甲化工,富源街道\n乙食品,下洼镇\n丙水产,371603101\n丁农业,朝阳区\n",
        encoding="utf-8",
    )
    [result] = read_tables([roster], resolver=Resolver(region="山东省滨州市沾化区"))
    batch = batch_of([result]).merged()
    regions = {n.id: n for n in batch.nodes if n.kind == NodeKind.REGION}
    part_of = {(e.source, e.target) for e in batch.edges if e.kind.value == "PART_OF"}
    located = {e.source: e.target for e in batch.edges if e.kind.value == "LOCATED_IN"}
    fuyuan = located["enterprise:甲化工"]
    assert regions[fuyuan].name == "富源街道"
    assert regions[fuyuan].properties["level"] == "town"
    assert (fuyuan, "region:371603") in part_of  # the town is PART_OF the district
    assert ("region:371603", "region:3716") in part_of
    assert regions[located["enterprise:丙水产"]].properties["code"] == "371603101"
    [ambiguous] = result.rejects  # 朝阳区 is in several cities, none of them the bureau's
    assert (ambiguous.row, ambiguous.level) == (5, "cell")
    assert "several" in ambiguous.reason
    assert "enterprise:丁农业" not in located
