"""Document extraction, measured against hand-labelled answers, and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.model import EdgeKind, NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.documents import extract_file, parse_document, read_document
from loaders.documents.extraction import Extraction
from loaders.load import load_paths
from loaders.resolve import Resolver
from tests.conftest import ROOT

DOCS = Path(__file__).parent
PLAN = ROOT / "data" / "documents" / "workplan-2021.txt"
EXPECTED = json.loads((DOCS / "workplan-2021.expected.json").read_text(encoding="utf-8"))
SHANDONG = "山东省滨州市沾化区"
SHOUGUANG = "山东省潍坊市寿光市"


def precision_recall(found: set[str], expected: set[str]) -> tuple[float, float]:
    hits = len(found & expected)
    return (hits / len(found) if found else 0.0, hits / len(expected) if expected else 1.0)


def names(x: Extraction, kind: NodeKind) -> set[str]:
    return {e.name for e in x.by_kind(kind)}


@pytest.fixture(scope="module")
def plan() -> Extraction:
    return extract_file(PLAN, region=SHANDONG)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (NodeKind.INSTITUTION, {i["canonical"] for i in EXPECTED["institutions"]}),
        (NodeKind.ENTERPRISE, {e["surface"] for e in EXPECTED["enterprises"]}),
        (NodeKind.TALENT_PROGRAM, set(EXPECTED["talent_programs"])),
    ],
)
def test_work_plan_precision_and_recall(
    plan: Extraction, kind: NodeKind, expected: set[str]
) -> None:
    precision, recall = precision_recall(names(plan, kind), expected)
    assert precision >= 0.95, names(plan, kind) - expected
    assert recall >= 0.95, expected - names(plan, kind)


def test_work_plan_targets(plan: Extraction) -> None:
    got = {(t.text, t.op, t.value, t.unit, t.indicator) for t in plan.targets}
    want = {
        (t["text"], t["op"], t["value"], t["unit"], t["indicator"]) for t in EXPECTED["targets"]
    }
    assert got == want  # the 92 above-scale enterprises are a fact, not a target


def test_work_plan_talent_applications(plan: Extraction) -> None:
    got = {(r.source, r.target) for r in plan.relations if r.kind == EdgeKind.APPLIES_TO}
    want = {
        (r["enterprise"], r["program"])
        for r in EXPECTED["relations"]
        if r["kind"] == "talent_application"
    }
    assert got == want
    evidence = next(r.evidence for r in plan.relations if r.kind == EdgeKind.APPLIES_TO)
    assert "泰山产业领军人才" in evidence


def test_work_plan_platforms_communities_and_industries(plan: Extraction) -> None:
    owned = {(r.source, r.target) for r in plan.relations if r.kind == EdgeKind.OWNS}
    want = {
        (r["enterprise"], r["platform"])
        for r in EXPECTED["relations"]
        if r["kind"] == "platform_owner"
    }
    assert owned == want
    assert names(plan, NodeKind.COMMUNITY) == {"冬枣产业市级创新创业共同体"}
    assert names(plan, NodeKind.INDUSTRY) == set(EXPECTED["industries"])
    assert "水产" not in names(plan, NodeKind.ENTERPRISE)  # a category, not a company


def test_both_spellings_of_a_proper_noun_name_one_node(plan: Extraction) -> None:
    (entity,) = [e for e in plan.entities if e.name == "昶昇水产"]
    assert entity.surface == "昶升水产"
    assert "昶升水产" in entity.aliases
    assert entity.node_id == "enterprise:昶昇水产"


def test_mentions_carry_spans_in_normalised_and_original_text(plan: Extraction) -> None:
    raw = PLAN.read_text(encoding="utf-8")
    edges = [e for e in plan.batch.edges if e.kind == EdgeKind.MENTIONED_IN]
    assert len(edges) >= len(plan.entities)
    for edge in edges:
        p = edge.properties
        assert isinstance(p["start"], int)
        assert isinstance(p["end"], int)
        assert isinstance(p["original_start"], int)
        assert isinstance(p["original_end"], int)
        assert plan.text.text[p["start"] : p["end"]] == p["surface"]
        (provenance,) = edge.provenance
        assert provenance.source == "workplan-2021.txt"
        assert provenance.locator == f"chars {p['original_start']}-{p['original_end']}"
        assert provenance.synthetic is False
    (damin,) = [e for e in edges if e.source == "enterprise:达民化工"]
    assert raw[damin.properties["original_start"] : damin.properties["original_end"]] == (
        "達(dá)民化工"
    )


def test_document_target_and_region_nodes(plan: Extraction) -> None:
    nodes = {n.id: n for n in plan.batch.nodes}
    document = nodes["document:workplan-2021.txt"]
    assert document.kind == NodeKind.DOCUMENT
    assert document.name == "区科技局年度工作计划"
    assert document.properties["year"] == 2021
    targets = [n for n in nodes.values() if n.kind == NodeKind.TARGET]
    assert {n.properties["value"] for n in targets} == {10, 30, 2}
    sets = [e for e in plan.batch.edges if e.kind == EdgeKind.SETS]
    assert {e.target for e in sets} == {n.id for n in targets}
    assert nodes["region:371603"].name == "沾化区"
    located = [e for e in plan.batch.edges if e.kind == EdgeKind.LOCATED_IN]
    assert [(e.source, e.target) for e in located] == [
        ("document:workplan-2021.txt", "region:371603")
    ]


def test_parallel_lists_and_enumerations() -> None:
    x = parse_document(
        "为达民化工、祥云机场、海容电源申报泰山产业领军人才。引导水产企业、化工企业加大投入。",
        source="t.txt",
        region=SHANDONG,
        resolver=Resolver(),
    )
    assert {(r.source, r.target) for r in x.relations} == {
        ("达民化工", "泰山产业领军人才"),
        ("祥云机场", "泰山产业领军人才"),
        ("海容电源", "泰山产业领军人才"),
    }
    assert names(x, NodeKind.INDUSTRY) == {"水产", "化工"}
    assert names(x, NodeKind.ENTERPRISE) == {"达民化工", "祥云机场", "海容电源"}


def test_achievements_and_facts_are_not_targets() -> None:
    x = parse_document(
        "2020年已完成高企申报12家。全区共有规上企业92家。力争新增专利100件以上。",
        source="t.txt",
        region=SHANDONG,
        resolver=Resolver(),
    )
    assert [(t.indicator, t.op, t.value, t.unit) for t in x.targets] == [
        ("patents", ">=", 100, "件")
    ]


def test_another_bureaus_plan_in_gbk() -> None:
    x = extract_file(DOCS / "county-plan-2022.gbk.txt", region=SHOUGUANG)
    enterprises = {
        "晨鸣纸业",
        "巨能特钢",
        "联盟化工",
        "鲁丽集团",
        "永盛农业",
        "宏源防水",
        "维尔康制药",
        "富康制药",
    }
    institutions = {
        "山东大学",
        "中国海洋大学",
        "中国农业科学院蔬菜花卉研究所",
        "潍坊市农业科学院",
        "山东农业大学",
        "北京林业大学",
    }
    for kind, want in ((NodeKind.ENTERPRISE, enterprises), (NodeKind.INSTITUTION, institutions)):
        precision, recall = precision_recall(names(x, kind), want)
        assert precision >= 0.85, (kind, names(x, kind) - want)
        assert recall >= 0.85, (kind, want - names(x, kind))
    relations = {(r.kind.value, r.source, r.target) for r in x.relations}
    assert {
        ("COOPERATES_WITH", "鲁丽集团", "山东大学"),
        ("COOPERATES_WITH", "鲁丽集团", "中国海洋大学"),
        ("COOPERATES_WITH", "永盛农业", "北京林业大学"),
        ("APPLIES_TO", "宏源防水", "泰山学者"),
        ("APPLIES_TO", "维尔康制药", "泰山产业领军人才"),
        ("APPLIES_TO", "富康制药", "泰山产业领军人才"),
        ("OWNS", "晨鸣纸业", "晨鸣纸业企业技术中心"),
        ("MEMBER_OF", "巨能特钢", "绿色化工产业创新联合体"),
    } <= relations
    assert ("COOPERATES_WITH", "晨鸣纸业", "山东大学") not in relations  # another clause
    assert ("APPLIES_TO", "宏源防水", "泰山产业领军人才") not in relations
    assert {(t.op, t.value, t.unit) for t in x.targets} == {
        (">=", 15, "家"),
        (">=", 8, "亿元"),
        ("=", 5, "个"),
    }  # 已完成...12家 and 共有356家 are not targets


def test_signing_report_in_html_pairs_enterprises_with_universities() -> None:
    x = extract_file(DOCS / "signing-report.html", region=SHANDONG)
    pairs = {(r.source, r.target) for r in x.relations if r.kind == EdgeKind.COOPERATES_WITH}
    want = {
        ("华升化工", "青岛科技大学"),
        ("达民化工", "天津大学"),
        ("金丝食品", "江南大学"),
        ("金丝食品", "山东农业大学"),
        ("海容电源", "中国科学院青岛生物能源与过程研究所"),
    }
    precision, recall = precision_recall(pairs, want)
    assert precision >= 0.95, pairs - want
    assert recall >= 0.95, want - pairs
    assert "浩瀚药业" not in names(x, NodeKind.ENTERPRISE)  # inside <script>
    assert x.title == "我区举行校企合作签约仪式"


def test_traditional_notice_with_pinyin() -> None:
    x = extract_file(DOCS / "trad-notice.txt", region=SHANDONG)
    assert "京博石化" in names(x, NodeKind.ENTERPRISE)
    assert "中国石油大学(华东)" in names(x, NodeKind.INSTITUTION)
    assert ("京博石化", "泰山产业领军人才") in {(r.source, r.target) for r in x.relations}


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(":memory:")
    s.open()
    yield s
    s.close()


def test_loading_twice_changes_nothing(store: EmbeddedStore) -> None:
    first = load_paths(store, [PLAN], region=SHANDONG)
    assert first.summary.nodes_added > 20
    # the gazetteers resolve names; only the institutions the plan names become nodes
    assert store.stats().by_kind["Institution"] == 5
    second = load_paths(store, [PLAN], region=SHANDONG)
    assert second.summary.nodes_added == second.summary.nodes_updated == 0
    assert second.summary.edges_added == second.summary.edges_updated == 0


@pytest.mark.parametrize(
    ("name", "data", "cause"),
    [
        ("empty.txt", b"", "空的"),
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 30, "二进制"),
        ("broken.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 30, "图片已损坏"),
        ("latin.txt", bytes(range(0x80, 0x100)) * 3, "不是 UTF-8"),
    ],
)
def test_unreadable_files_leave_the_graph_unchanged(
    store: EmbeddedStore, tmp_path: Path, name: str, data: bytes, cause: str
) -> None:
    load_paths(store, [PLAN], region=SHANDONG)
    before = store.stats()
    path = tmp_path / name
    path.write_bytes(data)
    report = load_paths(store, [path], region=SHANDONG)
    (result,) = report.files
    assert result.error is not None
    assert cause in result.error
    assert store.stats() == before


def test_a_document_with_no_entities_loads_nothing_and_says_why(
    store: EmbeddedStore, tmp_path: Path
) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("今天天气很好,大家注意休息。\n", encoding="utf-8")
    result = read_document(path, resolver=Resolver(store), region=SHANDONG)
    assert result.error is None
    assert len(result.batch) == 0
    assert "没有找到实体" in result.rejects[0].reason
    assert load_paths(store, [path]).summary.nodes_added == 0
    assert store.stats().nodes == 0


def test_hostile_text_is_data(store: EmbeddedStore, tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    path.write_text(
        "<p>支持'); DROP TABLE nodes;--化工与<script>alert(1)</script>天津大学合作。</p>",
        encoding="utf-8",
    )
    load_paths(store, [path], region=SHANDONG)
    assert store.lookup("天津大学", kind=NodeKind.INSTITUTION)


runner = CliRunner()


def test_cli_extract_prints_the_documented_json() -> None:
    result = runner.invoke(app, ["extract", str(PLAN), "--region", SHANDONG, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"entities", "relations", "targets"}
    entity = {"kind", "name", "surface", "aliases", "span"}
    assert all(set(e) - {"platform_kind"} == entity for e in data["entities"])
    assert {e["platform_kind"] for e in data["entities"] if e["kind"] == "platform"} == {"研发中心"}
    assert all(set(r) == {"kind", "source", "target", "evidence"} for r in data["relations"])
    assert all(set(t) == {"text", "indicator", "op", "value", "unit"} for t in data["targets"])
    kinds = {e["kind"] for e in data["entities"]}
    assert kinds <= {
        "institution",
        "enterprise",
        "platform",
        "community",
        "talent_program",
        "industry",
        "agency",
        "policy",
    }
    assert {"name": "山东省农业科学院", "surface": "省农科院"}.items() <= next(
        e for e in data["entities"] if e["surface"] == "省农科院"
    ).items()


def test_cli_extract_fails_clearly_on_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 1
    assert "empty" in result.output


def test_a_summary_keeps_achievements_and_list_markers_out() -> None:
    x = extract_file(DOCS / "city-summary-2023.txt", region="山东省滨州市博兴县")
    assert names(x, NodeKind.ENTERPRISE) == {"山东京博控股集团"}
    assert names(x, NodeKind.INSTITUTION) == {"中国科学院化学研究所", "清华大学", "北京理工大学"}
    assert ("山东京博控股集团", "中国科学院化学研究所") in {
        (r.source, r.target) for r in x.relations if r.kind == EdgeKind.COOPERATES_WITH
    }
    # 286, 412, 12, 35, 8 and 3.2 are the first half's results (a summary: 新增 there is done)
    assert sorted(t.value for t in x.targets) == [2, 5]


def test_every_entity_says_how_it_was_resolved(plan: Extraction) -> None:
    entities = {e.name: e for e in plan.entities}
    academy = entities["山东省农业科学院"]
    assert (academy.rule, academy.score, academy.surface) == ("region", 0.9, "省农科院")
    assert entities["河北农业大学"].rule == "abbreviation"
    assert entities["达民化工"].rule == "new"


def test_policies_and_transfer_agencies() -> None:
    x = parse_document(
        "落实《滨州市支持科技创新若干政策》,支持黄河三角洲技术转移中心服务企业。",
        source="t.txt",
        region=SHANDONG,
        resolver=Resolver(),
    )
    assert names(x, NodeKind.POLICY) == {"滨州市支持科技创新若干政策"}
    assert names(x, NodeKind.TRANSFER_AGENCY) == {"黄河三角洲技术转移中心"}
    assert {e["kind"] for e in x.public()["entities"]} == {"policy", "agency"}


def test_cli_extract_of_a_document_naming_nothing_succeeds_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("今天天气很好。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"entities": [], "relations": [], "targets": []}
    assert "没有找到实体" in result.stderr


def test_unknown_institutions_and_institution_first_cooperation() -> None:
    x = extract_file(DOCS / "district-points-2023.txt", region="山东省滨州市滨城区")
    assert names(x, NodeKind.ENTERPRISE) == {
        "滨化集团",
        "魏桥创业集团",
        "中裕食品",
        "京博农化",
        "鲁北化工",
    }
    institutions = names(x, NodeKind.INSTITUTION)
    # built by the district relying on a college: a platform (a new-type R&D institute)
    assert "黄河三角洲生态环境研究院" in names(x, NodeKind.PLATFORM)
    assert {
        "沾化冬枣研究所",
        "滨州学院",
        "山东理工大学",
        "渤海先进技术研究院",
        "滨州市农业科学院",
    } <= institutions
    pairs = {(r.source, r.target) for r in x.relations if r.kind == EdgeKind.COOPERATES_WITH}
    assert {("滨化集团", "山东理工大学"), ("魏桥创业集团", "渤海先进技术研究院")} <= pairs
    applications = {(r.source, r.target) for r in x.relations if r.kind == EdgeKind.APPLIES_TO}
    assert applications == {
        ("中裕食品", "泰山产业领军人才"),
        ("京博农化", "泰山产业领军人才"),
        ("鲁北化工", "齐鲁首席技师"),
    }
    assert [(t.op, t.value) for t in x.targets] == [(">=", 60)]


def test_cli_extract_warns_about_an_unknown_region() -> None:
    result = runner.invoke(app, ["extract", str(PLAN), "--region", "火星", "--json"])
    assert result.exit_code == 0
    assert "不是已知的行政区划" in result.stderr
    data = json.loads(result.stdout)
    assert "山东省农业科学院" not in {e["name"] for e in data["entities"]}


def test_a_registered_name_meets_the_short_name() -> None:
    r = Resolver()
    x = parse_document(
        "山东华升化工有限公司与青岛科技大学签约,华升化工将建设研发中心。支持上市公司发展。",
        source="t.txt",
        region=SHANDONG,
        resolver=r,
    )
    (company,) = x.by_kind(NodeKind.ENTERPRISE)  # 上市公司 is no company name
    assert company.name == "山东华升化工有限公司"
    assert "华升化工" in company.aliases
    assert company.mentions == 2
    assert r.resolve("华升化工", NodeKind.ENTERPRISE).node_id == company.node_id
