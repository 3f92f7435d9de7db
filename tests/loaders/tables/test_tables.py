"""The table loader: encodings, delimiters, workbooks, table kinds, rejects, provenance,
idempotent loads, and the shipped district demo set."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import MissingColumn
from graph.model import EdgeKind, GraphBatch, Node, NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.load import collect_files
from loaders.report import FileResult
from loaders.resolve import Resolver
from loaders.tables import (
    Column,
    Row,
    TableSpec,
    batch_of,
    parse_rows,
    read_tables,
    register_table,
    unregister_table,
)
from loaders.tables.cells import CELL_TYPES, CellError, parse_cell

pytestmark = pytest.mark.usefixtures("english")  # these tests read messages in English

DISTRICT = Path(__file__).resolve().parents[3] / "data" / "district"
PLAN_ENTERPRISES = ["金丝食品", "华升化工", "建华建材", "昶昇水产", "达民化工", "祥云机场",
                    "海容电源", "浩瀚药业", "大荣化工"]  # fmt: skip
PLAN_INSTITUTIONS = ["渤海先进技术研究院", "山东省农业科学院", "河北农业大学", "中国农业大学",
                     "青岛科技大学"]  # fmt: skip
ENTERPRISES = (
    "企业名称,行业,规上,营业收入（万元）\n华升化工,化工,是,18500\n昶昇水产,水产,否,1200.5\n"
)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def read(*paths: Path, resolver: Resolver | None = None) -> list[FileResult]:
    return read_tables(list(paths), resolver=resolver or Resolver())


def nodes_by_name(results: list[FileResult]) -> dict[str, Node]:
    return {node.name: node for node in batch_of(results).merged().nodes}


# -- encodings, delimiters, unreadable files ---------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_each_encoding_is_detected(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "enterprises.csv", ENTERPRISES, encoding)
    [result] = read(path)
    assert result.error is None
    assert result.rejects == []
    nodes = nodes_by_name([result])
    assert nodes["华升化工"].properties == {"above_scale": True, "revenue": 18500.0}
    assert nodes["昶昇水产"].properties["above_scale"] is False


def test_a_bom_does_not_reach_the_first_header(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "name,industry,above_scale\n华升化工,化工,true\n", "utf-8-sig")
    [result] = read(path)
    assert result.kind == "enterprises"
    assert result.error is None


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path: Path, delimiter: str) -> None:
    text = ENTERPRISES.replace(",", delimiter).replace("18500", '"18,500"')
    [result] = read(write(tmp_path, "enterprises.csv", text, "gbk"))
    assert result.rejects == []
    assert nodes_by_name([result])["华升化工"].properties["revenue"] == 18500.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf\r\n\r\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes([0x80, 0xFF, 0x81, 0xFE, 0x90, 0xA0, 0xFF, 0x80] * 20), "cannot decode"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
    ],
)
def test_an_unreadable_file_is_an_error_with_no_rows(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "enterprises.csv"
    path.write_bytes(content)
    [result] = read(path)
    assert result.error is not None
    assert message in result.error
    assert str(path) in result.error
    assert (result.rows, len(result.batch)) == (0, 0)


def test_a_broken_workbook_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "needs.xlsx"
    path.write_bytes(b"not a zip at all")
    [result] = read(path)
    assert result.error is not None
    assert "XLSX" in result.error


def test_other_files_still_load_when_one_fails(tmp_path: Path) -> None:
    bad = tmp_path / "institutions.csv"
    bad.write_bytes(b"")
    good = write(tmp_path, "enterprises.csv", ENTERPRISES)
    results = read(bad, good)
    assert [r.error is None for r in results] == [True, False]
    assert "华升化工" in nodes_by_name(results)


# -- workbooks, table kinds and order -----------------------------------------------------


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_every_sheet_of_a_workbook_is_a_table(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "book.xlsx",
        {
            "合作": [  # refers to the other sheets' nodes although it comes first
                ["企业名称", "合作单位", "项目名称", "签约日期", "合同金额"],
                ["华升化工", "青岛科大", "阻燃剂改性", date(2021, 3, 5), 50],
                ["华升化工", "不存在大学", "x", None, None],
            ],
            "Sheet2": [  # kind from the header: an institutions table
                ["机构名称", "简称", "类型", "城市"],
                ["青岛科技大学", "青岛科大|青岛科技大", "大学", "青岛市"],
            ],
            "enterprises": [["name", "industry"], ["华升化工", "化工"]],
            "empty": [],
        },
    )
    results = read(path)
    assert [(r.file, r.kind) for r in results] == [
        (f"{path} (sheet Sheet2)", "institutions"),
        (f"{path} (sheet enterprises)", "enterprises"),
        (f"{path} (sheet 合作)", "cooperations"),
    ]
    cooperation = results[2]
    [reject] = cooperation.rejects
    assert (reject.file, reject.row, reject.field, reject.value) == (
        f"{path} (sheet 合作)",
        3,
        "institution",
        "不存在大学",
    )
    [edge] = [e for e in cooperation.batch.edges if e.kind is EdgeKind.COOPERATES_WITH]
    assert (edge.source, edge.target) == ("enterprise:华升化工", "institution:青岛科技大学")
    assert edge.properties["start"] == date(2021, 3, 5)
    assert edge.provenance[0].locator == "sheet 合作 row 2"
    assert edge.provenance[0].source == "book.xlsx"


def test_tables_are_read_after_the_tables_they_refer_to(tmp_path: Path) -> None:
    needs = write(tmp_path, "needs.csv", "enterprise,title\n华升化工,阻燃剂改性\n")
    firms = write(tmp_path, "enterprises.csv", ENTERPRISES)
    broken = tmp_path / "institutions.csv"
    broken.write_bytes(b"")
    results = read(needs, broken, firms)
    assert [r.kind for r in results] == ["enterprises", "needs", "unknown"]
    assert all(r.rejects == [] for r in results)
    assert "阻燃剂改性" in nodes_by_name(results)


@pytest.mark.parametrize(
    ("stem", "kind"),
    [
        ("talent_applications_2021", "talent_applications"),
        ("talent_programs", "talent_programs"),
        ("沾化区企业技术需求", "needs"),
        ("enterprises_synthetic", "enterprises"),
        ("技术转移机构", "agencies"),
    ],
)
def test_the_kind_comes_from_the_file_stem(tmp_path: Path, stem: str, kind: str) -> None:
    header = {"talent_applications": "enterprise,program", "needs": "enterprise,title"}
    [result] = read(write(tmp_path, f"{stem}.csv", header.get(kind, "name") + "\n"))
    assert result.kind == kind


def test_a_title_row_above_the_header_is_skipped(tmp_path: Path) -> None:
    text = "沾化区规上工业企业名录,,\n企业名称,行业,营业收入\n华升化工,化工,十二万\n"
    [result] = read(write(tmp_path, "list.csv", text))
    assert result.kind == "enterprises"
    assert [(r.row, r.field, r.level) for r in result.rejects] == [(3, "revenue", "cell")]
    assert [n.name for n in result.batch.nodes if n.kind == NodeKind.ENTERPRISE] == ["华升化工"]
    assert any("第 1 行在表头之上" in note for note in result.notes)


def test_a_table_of_no_known_kind_is_an_error(tmp_path: Path) -> None:
    [result] = read(write(tmp_path, "stuff.csv", "foo,bar\n1,2\n"))
    assert result.error is not None
    assert "cannot tell which table" in result.error


def test_a_missing_required_column_stops_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "cooperations.csv", "enterprise,project\n华升化工,x\n")
    [result] = read(path)
    assert result.error is not None
    assert result.error.startswith(str(MissingColumn(str(path), "institution", "cooperations")))
    assert "headers found: 'enterprise'" in result.error  # what the file has
    assert "accepted for institution: 'institution', '院校'" in result.error  # what it needs
    assert str(path) in result.error
    assert len(result.batch) == 0


def test_two_headers_for_one_column_read_the_first_and_keep_the_second(tmp_path: Path) -> None:
    [result] = read(write(tmp_path, "enterprises.csv", "name,企业名称\n a,b\n"))
    assert result.error is None
    [node] = result.batch.nodes
    assert (node.name, node.properties) == ("a", {"企业名称": "b"})
    assert any("都可作 name" in note for note in result.notes)


# -- rejects ------------------------------------------------------------------------------

BAD_ENTERPRISES = """name,revenue,founded,hte,description
华升化工,18500,2008,是,"two
lines"
建华建材,十二万,2010,否,
达民化工,100,二〇一〇,否,
海容电源,100,2010,maybe,
,100,2010,否,
bell\x07化工,100,2010,否,
{long},100,2010,否,
浩瀚药业,,,,
""".replace("{long}", "长" * 300)


def test_bad_rows_are_rejected_by_number_and_good_rows_load(tmp_path: Path) -> None:
    path = write(tmp_path, "enterprises.csv", BAD_ENTERPRISES)
    [result] = read(path)
    found = {(r.row, r.field): r for r in result.rejects}
    # row 2 spans two lines of the file but is one spreadsheet row
    assert sorted(found) == [
        (3, "revenue"), (4, "founded"), (5, "hte"), (6, "name"), (7, "name"), (8, "name")
    ]  # fmt: skip
    # a bad value leaves out that cell; only a bad name (the row's key) rejects the row
    assert [found[k].level for k in sorted(found)] == ["cell"] * 3 + ["row"] * 3
    assert found[3, "revenue"].value == "十二万"
    assert "not an amount of money" in found[3, "revenue"].reason
    assert "not a year" in found[4, "founded"].reason
    assert "not yes or no" in found[5, "hte"].reason
    assert found[6, "name"].reason == "the cell is empty but required"
    assert "control character U+0007" in found[7, "name"].reason
    assert "more than 200" in found[8, "name"].reason
    assert all(r.file == str(path) for r in result.rejects)
    assert str(found[3, "revenue"]).startswith(f"{path}, row 3, column revenue: '十二万'")
    nodes = {n.name: n for n in result.batch.nodes}
    assert set(nodes) == {"华升化工", "建华建材", "达民化工", "海容电源", "浩瀚药业"}
    assert nodes["建华建材"].properties == {"founded": 2010, "hte": False}
    assert nodes["达民化工"].properties == {"revenue": 100.0, "hte": False}
    assert result.rows == 8


def test_an_unknown_enterprise_in_a_cooperation_rejects_the_row(tmp_path: Path) -> None:
    firms = write(tmp_path, "enterprises.csv", ENTERPRISES)
    schools = write(tmp_path, "institutions.csv", "name,aliases\n河北农业大学,河北农大\n")
    links = write(
        tmp_path,
        "cooperations.csv",
        "enterprise,institution,start,amount\n"
        "华升化工,河北农大,2021-03-05,50\n"
        "无名化工,河北农大,2021-03-05,50\n"
        "华升化工,河北农大,2021-13-45,50\n",
    )
    results = read(links, firms, schools)
    rejects = results[2].rejects
    assert [(r.row, r.field, r.value, r.level) for r in rejects] == [
        (3, "enterprise", "无名化工", "row"),
        (4, "start", "2021-13-45", "cell"),
    ]
    assert rejects[0].reason == 'no enterprise is named "无名化工"'
    assert "not a date" in rejects[1].reason
    edges = results[2].batch.edges
    assert [e.target for e in edges] == ["institution:河北农业大学"] * 2
    assert "start" not in edges[1].properties


def test_a_name_one_character_off_is_not_linked_but_suggested(tmp_path: Path) -> None:
    firms = write(tmp_path, "enterprises.csv", "企业名称,行业\n滨州华升化工科技有限公司,化工\n")
    schools = write(tmp_path, "institutions.csv", "name\n河北农业大学\n")
    links = write(
        tmp_path,
        "cooperations.csv",
        "enterprise,institution\n滨州华胜化工科技有限公司,河北农业大学\n",
    )
    results = read(links, firms, schools)
    [reject] = results[2].rejects
    assert (reject.row, reject.field, reject.value) == (2, "enterprise", "滨州华胜化工科技有限公司")
    assert reject.reason == (
        'no enterprise is named "滨州华胜化工科技有限公司" '
        '(the closest is "滨州华升化工科技有限公司", 92% alike)'
    )
    assert results[2].batch.edges == []


def test_a_row_longer_than_its_header_is_rejected(tmp_path: Path) -> None:
    [result] = read(write(tmp_path, "enterprises.csv", "name,industry\n华升化工,化工,多出来\n"))
    [reject] = result.rejects
    assert (reject.row, reject.value) == (2, "多出来")
    assert "header has 2" in reject.reason


def test_hostile_strings_are_kept_as_text(tmp_path: Path) -> None:
    hostile = ["<script>alert(1)</script>", "'; DROP TABLE nodes; --", "=cmd|' /C calc'!A0"]
    text = "name,description\n" + "".join(f'"{h}","{h}"\n' for h in hostile)
    [result] = read(write(tmp_path, "enterprises.csv", text))
    assert result.rejects == []
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    try:
        store.upsert(result.batch)
        for h in hostile:
            [node] = store.lookup(h, kind=NodeKind.ENTERPRISE)
            assert (node.name, node.properties["description"]) == (h, h)
    finally:
        store.close()


# -- provenance ---------------------------------------------------------------------------


def test_provenance_names_file_row_and_synthetic_flag(tmp_path: Path) -> None:
    folder = tmp_path / "district"
    folder.mkdir()
    path = write(
        folder,
        "enterprises.csv",
        "name,industry,synthetic,source,note\n"
        "华升化工,化工,false,workplan-2021 §(三),R&D centre to build\n"
        "示例化工,化工,true,,\n",
    )
    results = read_tables([path], resolver=Resolver(), root=tmp_path)
    nodes = nodes_by_name(results)
    real, made_up = nodes["华升化工"].provenance[0], nodes["示例化工"].provenance[0]
    assert (real.source, real.locator) == ("district/enterprises.csv", "row 2")
    assert not real.synthetic
    assert real.note == "workplan-2021 §(三); R&D centre to build"
    assert (made_up.locator, made_up.synthetic, made_up.note) == ("row 3", True, None)
    edge = next(e for e in batch_of(results).edges if e.source == "enterprise:示例化工")
    assert edge.provenance[0].synthetic
    assert read(path)[0].batch.nodes[0].provenance[0].source == "enterprises.csv"


# -- idempotence --------------------------------------------------------------------------


def _records(batch: GraphBatch) -> list[dict[str, object]]:
    merged = batch.merged()
    out = [n.model_dump(exclude={"provenance"}) for n in merged.nodes]
    out += [e.model_dump(exclude={"provenance"}) for e in merged.edges]
    return out


def test_reading_twice_gives_the_same_records() -> None:
    files = collect_files([DISTRICT])
    first, second = read(*files), read(*files)
    assert _records(batch_of(first)) == _records(batch_of(second))


def test_loading_twice_is_loading_once(tmp_path: Path) -> None:
    files = collect_files([DISTRICT])
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    try:
        store.upsert(batch_of(read(*files, resolver=Resolver(store))))
        before = store.stats()
        snapshot = [n.model_dump() for n in store.iter_nodes()]
        again = store.upsert(batch_of(read(*files, resolver=Resolver(store))))
        assert (again.nodes_added, again.nodes_updated) == (0, 0)
        assert (again.edges_added, again.edges_updated) == (0, 0)
        assert store.stats() == before
        assert [n.model_dump() for n in store.iter_nodes()] == snapshot
    finally:
        store.close()


def test_load_paths_twice_changes_nothing(tmp_path: Path) -> None:
    from loaders.load import load_paths

    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    try:
        first = load_paths(store, [DISTRICT])
        assert first.rejects == []
        before = store.stats()
        second = load_paths(store, [DISTRICT])
        assert (second.summary.nodes_added, second.summary.edges_added) == (0, 0)
        assert store.stats() == before
    finally:
        store.close()


# -- the district demo set ----------------------------------------------------------------


@pytest.fixture(scope="module")
def district() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(":memory:")
    store.open()
    results = read(*collect_files([DISTRICT]), resolver=Resolver(store))
    assert [(r.file, r.error) for r in results if r.error] == []
    assert [str(x) for r in results for x in r.rejects] == []
    store.upsert(batch_of(results))
    yield store
    store.close()


def test_the_district_has_the_plans_named_entities(district: EmbeddedStore) -> None:
    for name in PLAN_ENTERPRISES:
        [node] = district.lookup(name, kind=NodeKind.ENTERPRISE)
        assert node.name == name
        [row] = [p for p in node.provenance if p.source == "enterprises.csv"]
        assert not row.synthetic
        located = district.neighbours(node.id, edge_kinds=[EdgeKind.LOCATED_IN])
        assert [n.node.id for n in located] == ["region:371603"]
    for name in PLAN_INSTITUTIONS:
        [node] = district.lookup(name, kind=NodeKind.INSTITUTION)
        assert node.properties["type"] in {"university", "academy", "institute"}
        assert not node.provenance[0].synthetic
    for alias, name in [("昶升水产", "昶昇水产"), ("青岛科大", "青岛科技大学"),
                        ("渤海先研院", "渤海先进技术研究院"), ("省农科院", "山东省农业科学院"),
                        ("河北农大", "河北农业大学"), ("中国农大", "中国农业大学")]:  # fmt: skip
        assert [n.name for n in district.lookup(alias)] == [name]


def test_the_district_has_92_above_scale_enterprises(district: EmbeddedStore) -> None:
    above = [
        n for n in district.iter_nodes(kind=NodeKind.ENTERPRISE) if n.properties.get("above_scale")
    ]
    assert len(above) == 92
    real = [n for n in above if any(p.source == "enterprises.csv" for p in n.provenance)]
    assert sorted(n.name for n in real) == sorted(set(PLAN_ENTERPRISES) - {"祥云机场"})


def test_the_district_links_the_plans_programmes_and_platforms(district: EmbeddedStore) -> None:
    applications = {
        (n.node.name, n.edge.key)
        for program in ("泰山产业领军人才", "外专双百")
        for n in district.neighbours(
            district.lookup(program)[0].id, edge_kinds=[EdgeKind.APPLIES_TO], direction="in"
        )
    }
    assert applications == {
        (name, "") for name in ["达民化工", "祥云机场", "海容电源", "浩瀚药业", "大荣化工"]
    }
    for owner in ["华升化工", "建华建材", "昶昇水产"]:
        owned = district.neighbours(f"enterprise:{owner}", edge_kinds=[EdgeKind.OWNS])
        assert [n.node.name for n in owned] == [f"{owner}研发中心"]
    [community] = district.lookup("冬枣产业市级创新创业共同体", kind=NodeKind.COMMUNITY)
    assert community.properties["level"] == "municipal"
    [region] = district.lookup("沾化区", kind=NodeKind.REGION)
    assert region.id == "region:371603"
    parents = district.neighbours(region.id, edge_kinds=[EdgeKind.PART_OF], direction="out")
    assert [n.node.id for n in parents] == ["region:3716"]


def test_synthetic_files_hold_only_synthetic_rows(district: EmbeddedStore) -> None:
    for node in district.iter_nodes():
        for p in node.provenance:
            if "synthetic" in p.source:
                assert p.synthetic, (node.id, p)
            elif p.source != "enterprise_indicators.csv":
                assert not p.synthetic, (node.id, p)


def test_the_workbook_sheets_load(district: EmbeddedStore) -> None:
    needs = [
        p for n in district.iter_nodes(kind=NodeKind.NEED) for p in n.provenance
        if p.source == "district_synthetic.xlsx"
    ]  # fmt: skip
    results = list(district.iter_nodes(kind=NodeKind.RESULT))
    assert needs
    assert all(p.locator and p.locator.startswith("sheet 技术需求 row ") for p in needs)
    assert results
    assert all(n.provenance[0].locator.startswith("sheet 科技成果 row ") for n in results)


def test_the_synthetic_files_are_what_generate_py_writes(tmp_path: Path) -> None:
    for path in DISTRICT.iterdir():
        if path.is_file() and "synthetic" not in path.name:
            shutil.copy(path, tmp_path / path.name)
    generate = [sys.executable, str(DISTRICT / "generate.py"), "--out", str(tmp_path)]
    subprocess.run(generate, check=True, timeout=120)
    for made in sorted(tmp_path.glob("*synthetic*")):
        shipped = DISTRICT / made.name
        if made.suffix == ".xlsx":
            with zipfile.ZipFile(made) as a, zipfile.ZipFile(shipped) as b:
                assert {i.filename: a.read(i) for i in a.infolist()} == {
                    i.filename: b.read(i) for i in b.infolist()
                }, made.name
        else:
            assert made.read_text("utf-8") == shipped.read_text("utf-8"), made.name


# -- extending the registry ---------------------------------------------------------------


def test_a_table_kind_registered_elsewhere_is_read_in_order(tmp_path: Path) -> None:
    def build(row: Row) -> Iterator[Node]:
        enterprise = row.ref("enterprise")
        assert enterprise is not None
        yield row.update(enterprise, {"rating": row.value("rating")})

    spec = TableSpec(
        name="test_ratings",
        aliases=("评级",),
        columns=(
            Column("enterprise", "name", required=True, ref=(NodeKind.ENTERPRISE,)),
            Column("rating", "int", required=True, aliases=("评分",)),
        ),
        build=build,
    )
    register_table(spec)
    try:
        ratings = write(tmp_path, "企业评级.csv", "enterprise,评分\n华升化工,5\n华升化工,五\n")
        firms = write(tmp_path, "enterprises.csv", ENTERPRISES)
        results = read(ratings, firms)
        assert [r.kind for r in results] == ["enterprises", "test_ratings"]
        assert [(r.row, r.field) for r in results[1].rejects] == [(3, "rating")]
        assert nodes_by_name(results)["华升化工"].properties["rating"] == 5
        with pytest.raises(ValueError, match="already registered"):
            register_table(TableSpec(name="test_ratings", columns=(), build=build))
    finally:
        unregister_table("test_ratings")


# -- properties ---------------------------------------------------------------------------

cells = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.text(alphabet="0123456789,.-+e万年月日/是否 ", max_size=12),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)


@given(value=cells, type_name=st.sampled_from(sorted(CELL_TYPES)))
def test_parse_cell_returns_a_value_or_raises_cell_error(value: object, type_name: str) -> None:
    try:
        parse_cell(value, type_name)
    except CellError as exc:
        reason = str(exc)
    else:
        reason = "parsed"
    assert reason


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(row=st.lists(cells, min_size=0, max_size=16))
def test_any_row_loads_or_becomes_one_row_reject(row: list[object]) -> None:
    header = ["name", "aliases", "credit_code", "industry", "region", "above_scale", "hte",
              "founded", "employees", "revenue", "products", "website", "synthetic",
              "source", "note", "extra"]  # fmt: skip
    result = parse_rows([(1, header), (2, row)], resolver=Resolver(), table="enterprises")
    assert result.error is None
    filled = any(c is not None and (not isinstance(c, str) or c.strip()) for c in row)
    assert result.rows == (1 if filled else 0)
    rows = [r for r in result.rejects if r.level == "row"]
    assert len(rows) <= 1
    assert all(r.row == 2 for r in result.rejects)
    if rows:
        assert len(result.batch) == 0  # a rejected row leaves nothing behind
    elif filled:
        assert result.batch.nodes


@given(row=st.lists(st.text(max_size=20), min_size=2, max_size=2))
def test_parsing_is_deterministic(row: list[str]) -> None:
    rows = [(1, ["name", "industry"]), (2, row)]
    first = parse_rows(rows, resolver=Resolver(), table="enterprises")
    second = parse_rows(rows, resolver=Resolver(), table="enterprises")
    assert _records(first.batch) == _records(second.batch)
    assert first.rejects == second.rejects


def test_csv_written_by_the_csv_module_round_trips(tmp_path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "description"])
    writer.writerow(["华升化工", 'quote " comma , semicolon ; tab \t newline \n end'])
    [result] = read(write(tmp_path, "enterprises.csv", out.getvalue(), "gb18030"))
    assert result.rejects == []
    description = result.batch.nodes[0].properties["description"]
    assert description == 'quote " comma , semicolon ; tab \t newline \n end'


def test_the_column_reference_is_the_registry() -> None:
    from loaders.tables.reference import columns_markdown

    text = (DISTRICT.parents[1] / "docs" / "table-columns.md").read_text("utf-8")
    assert text == columns_markdown(), (
        "docs/table-columns.md is out of date: "
        "python -m loaders.tables.reference > docs/table-columns.md"
    )


def test_a_row_naming_an_enterprise_by_its_credit_code_keeps_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "load"
    folder.mkdir()
    write(folder, "enterprises.csv", "name,credit_code\n华升化工,91371603MA3C00001X\n")
    write(
        folder,
        "enterprise_indicators.csv",
        "enterprise,year,employees\n91371603MA3C00001X,2020,120\n",
    )
    results = read(folder / "enterprises.csv", folder / "enterprise_indicators.csv")
    assert [r.rejects for r in results] == [[], []]
    names = {n.id: n.name for r in results for n in r.batch.nodes}
    assert set(names.values()) == {"华升化工"}
