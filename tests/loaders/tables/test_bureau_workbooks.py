"""Bureau workbooks read as a clerk reads them.

``bureau/`` holds tables laid out the way a district S&T bureau sends them (``bureau/make.py``
writes them; its docstring lists the trouble each file carries) and ``bureau/expected.json``,
written by hand: what a careful clerk reads from them. The tests load the whole folder
through the public API, as ``ttkg load`` does with its default region, and look for every
value in the graph.

Where ``docs/tables.md`` fixes no property name, the tests look for the value, not the name:

- town and city: a LOCATED_IN neighbour of that name, or a property holding the name;
- industry: an IN_INDUSTRY neighbour of that name, or a property holding it;
- R&D spending of a year: ``rd_expense_<year>`` (the enterprise_indicators convention);
- R&D share of a year: a property named with the year and one of ``share``, ``ratio``,
  ``intensity``, ``percent``, ``rate``, ``占比``, ``比重``; its value a fraction (3.5% is 0.035);
- a column no table knows (主导产品, 亩均税收): some property of the node holds its value.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import EdgeKind, Node, NodeKind, node_id
from graph.stores.embedded import EmbeddedStore
from loaders.load import load_paths
from loaders.report import LoadReport

BUREAU = Path(__file__).resolve().parent / "bureau"
EXPECTED: dict[str, Any] = json.loads((BUREAU / "expected.json").read_text("utf-8"))
REGION = EXPECTED["region"]  # the default region of ttkg load (graph/settings.py)
FILES = sorted(EXPECTED["files"])
CODES = {e["name"]: e["credit_code"] for e in EXPECTED["enterprises"]}
SHARE_WORDS = ("share", "ratio", "intensity", "percent", "rate", "占比", "比重")


def _numbered(what: str) -> list[str]:
    """Test ids a terminal shows as they are (pytest escapes Chinese ids)."""
    return [f"{what}{n}" for n in range(1, len(EXPECTED[f"{what}s"]) + 1)]


@pytest.fixture(scope="module")
def bureau() -> Iterator[tuple[EmbeddedStore, LoadReport]]:
    store = EmbeddedStore(":memory:")
    store.open()
    try:
        yield store, load_paths(store, [BUREAU], region=REGION)
    finally:
        store.close()


def _one(store: EmbeddedStore, name: str, kind: NodeKind) -> Node | None:
    named = [n for n in store.lookup(name, kind=kind) if n.name == name]
    return named[0] if len(named) == 1 else None


def _same(found: object, wanted: object) -> bool:
    if isinstance(wanted, bool) or isinstance(found, bool):
        return found is wanted
    if isinstance(wanted, int | float) and isinstance(found, int | float):
        return math.isclose(found, wanted, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(wanted, str) and isinstance(found, str):
        return found.strip() == wanted
    return False


def _linked_names(store: EmbeddedStore, node: Node, kind: EdgeKind) -> set[str]:
    return {n.node.name for n in store.neighbours(node.id, edge_kinds=[kind], direction="out")}


def _names_there(store: EmbeddedStore, node: Node, name: str, kind: EdgeKind) -> bool:
    return name in _linked_names(store, node, kind) or any(
        _same(v, name) for v in node.properties.values()
    )


def _year_of(value: object) -> int | None:
    if isinstance(value, date | datetime):
        return value.year
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# -- files and rows -------------------------------------------------------------------------


def test_every_file_is_read(bureau: tuple[EmbeddedStore, LoadReport]) -> None:
    _, report = bureau
    assert sorted(Path(f.file.split(" (sheet ")[0]).name for f in report.files) == sorted(
        EXPECTED["files"]
    )
    assert [(f.file, f.error) for f in report.files if f.error] == []


def test_no_row_a_clerk_reads_is_rejected(bureau: tuple[EmbeddedStore, LoadReport]) -> None:
    _, report = bureau
    assert [str(r) for r in report.rejects] == []


@pytest.mark.parametrize(
    "file", FILES, ids=[f"file{i}{Path(f).suffix}" for i, f in enumerate(FILES)]
)
def test_totals_notes_and_titles_are_skipped_not_rejected(
    bureau: tuple[EmbeddedStore, LoadReport], file: str
) -> None:
    store, report = bureau
    skipped = {int(row) for row in EXPECTED["files"][file]["skipped_rows"]}
    rejected = [str(r) for r in report.rejects if file in r.file and r.row in skipped]
    assert rejected == []
    junk = ("合计", "小计", "说明", "注：", "填报单位", "一、", "二、", "沾化区2023年")
    made = [n.name for n in store.iter_nodes() if n.name.startswith(junk)]
    assert made == []


# -- enterprises ----------------------------------------------------------------------------


@pytest.mark.parametrize("want", EXPECTED["enterprises"], ids=lambda e: e["credit_code"])
def test_enterprise_as_a_clerk_reads_it(
    bureau: tuple[EmbeddedStore, LoadReport], want: dict[str, Any]
) -> None:
    store, _ = bureau
    node = _one(store, want["name"], NodeKind.ENTERPRISE)
    assert node is not None, f"no single enterprise named {want['name']}"
    props = node.properties
    wrong: dict[str, object] = {}
    key_id = node_id(NodeKind.ENTERPRISE, key=want["credit_code"])
    if node.id != key_id and props.get("credit_code") != want["credit_code"]:
        wrong["credit_code"] = (node.id, props.get("credit_code"))
    if _year_of(props.get("founded")) != want["founded"]:
        wrong["founded"] = props.get("founded")
    if not _names_there(store, node, want["town"], EdgeKind.LOCATED_IN):
        wrong["town"] = sorted(_linked_names(store, node, EdgeKind.LOCATED_IN))
    if not _names_there(store, node, want["industry"], EdgeKind.IN_INDUSTRY):
        wrong["industry"] = sorted(_linked_names(store, node, EdgeKind.IN_INDUSTRY))
    for field in ("revenue", "hte", "employees"):
        if want[field] is None:
            if field in props:
                wrong[field] = props[field]
        elif not _same(props.get(field), want[field]):
            wrong[field] = props.get(field)
    assert wrong == {}, f"read {wrong}, a clerk reads {want}"


@pytest.mark.parametrize("column", sorted(EXPECTED["kept_columns"]), ids=["products", "tax_per_mu"])
def test_columns_no_table_knows_are_kept_as_properties(
    bureau: tuple[EmbeddedStore, LoadReport], column: str
) -> None:
    store, _ = bureau
    missing = {}
    for name, value in EXPECTED["kept_columns"][column].items():
        node = _one(store, name, NodeKind.ENTERPRISE)
        properties = node.properties if node is not None else {}
        if not any(_same(v, value) for v in properties.values()):
            missing[name] = (value, properties)
    assert missing == {}


# -- institutions and cooperations ----------------------------------------------------------


@pytest.mark.parametrize("want", EXPECTED["institutions"], ids=_numbered("institution"))
def test_institution_type_city_and_abbreviations(
    bureau: tuple[EmbeddedStore, LoadReport], want: dict[str, Any]
) -> None:
    store, _ = bureau
    node = _one(store, want["name"], NodeKind.INSTITUTION)
    assert node is not None, f"no single institution named {want['name']}"
    wrong: dict[str, object] = {}
    if node.properties.get("type") not in want["type"]:
        wrong["type"] = node.properties.get("type")
    if not _names_there(store, node, want["city"], EdgeKind.LOCATED_IN):
        wrong["city"] = sorted(_linked_names(store, node, EdgeKind.LOCATED_IN))
    for alias in want["aliases"]:
        found = [n.name for n in store.lookup(alias, kind=NodeKind.INSTITUTION)]
        if found != [want["name"]]:
            wrong[alias] = found
    assert wrong == {}, f"read {wrong}, a clerk reads {want}"


def test_abbreviations_make_no_institutions_of_their_own(
    bureau: tuple[EmbeddedStore, LoadReport],
) -> None:
    store, _ = bureau
    names = sorted(n.name for n in store.iter_nodes(kind=NodeKind.INSTITUTION))
    assert names == sorted(i["name"] for i in EXPECTED["institutions"])


@pytest.mark.parametrize("want", EXPECTED["cooperations"], ids=_numbered("cooperation"))
def test_cooperation_as_a_clerk_reads_it(
    bureau: tuple[EmbeddedStore, LoadReport], want: dict[str, Any]
) -> None:
    store, _ = bureau
    enterprise = _one(store, want["enterprise"], NodeKind.ENTERPRISE)
    institution = _one(store, want["institution"], NodeKind.INSTITUTION)
    assert enterprise is not None, f"no single enterprise named {want['enterprise']}"
    assert institution is not None, f"no single institution named {want['institution']}"
    edges = [
        n.edge
        for n in store.neighbours(enterprise.id, edge_kinds=[EdgeKind.COOPERATES_WITH])
        if n.node.id == institution.id
    ]
    assert len(edges) == 1, f"{len(edges)} cooperations of the pair: {edges}"
    [edge] = edges
    wrong: dict[str, object] = {}
    if edge.properties.get("type") not in want["mode"]:
        wrong["mode"] = edge.properties.get("type")
    if not _same(edge.properties.get("amount"), want["amount"]):
        wrong["amount"] = edge.properties.get("amount")
    projects = {n.name for n in store.lookup(want["project"], kind=NodeKind.PROJECT)}
    if want["project"] not in {edge.key, edge.properties.get("project"), *projects}:
        wrong["project"] = (edge.key, sorted(projects))
    assert wrong == {}, f"read {wrong}, a clerk reads {want}"


# -- R&D: a two-row header, percent cells ---------------------------------------------------


@pytest.mark.parametrize(
    "want", EXPECTED["rd"], ids=lambda r: f"{CODES[r['enterprise']]}-{r['year']}"
)
def test_rd_spending_and_share_per_year(
    bureau: tuple[EmbeddedStore, LoadReport], want: dict[str, Any]
) -> None:
    store, _ = bureau
    node = _one(store, want["enterprise"], NodeKind.ENTERPRISE)
    assert node is not None, f"no single enterprise named {want['enterprise']}"
    year = str(want["year"])
    spend = node.properties.get(f"rd_expense_{year}")
    shares = {
        k: v
        for k, v in node.properties.items()
        if year in k and any(word in k.lower() for word in SHARE_WORDS)
    }
    wrong: dict[str, object] = {}
    if want["rd_expense"] is None:
        if spend is not None:
            wrong["rd_expense"] = spend
    elif not _same(spend, want["rd_expense"]):
        wrong["rd_expense"] = spend
    if want["rd_share"] is None:
        if shares:
            wrong["rd_share"] = shares
    # the clerk writes a share as a fraction; the graph keeps percent (3.5 for 3.5%)
    elif len(shares) != 1 or not _same(next(iter(shares.values())), want["rd_share"] * 100):
        wrong["rd_share"] = shares
    assert wrong == {}, f"read {wrong} of {node.properties}, a clerk reads {want}"


# -- personal data --------------------------------------------------------------------------


def test_personal_columns_are_stored_nowhere(bureau: tuple[EmbeddedStore, LoadReport]) -> None:
    store, _ = bureau
    records = [n.model_dump(mode="json") for n in store.iter_nodes()]
    records += [e.model_dump(mode="json") for e in store.iter_edges()]
    text = json.dumps(records, ensure_ascii=False)
    leaked = [v for v in EXPECTED["personal"]["values"] if v in text]
    assert leaked == []
    keys = {k for n in store.iter_nodes() for k in n.properties}
    keys |= {k for e in store.iter_edges() for k in e.properties}
    personal = [k for k in keys if any(c in k for c in ("联系", "电话", "负责人", "phone"))]
    assert personal == []


# -- loading twice --------------------------------------------------------------------------


def test_loading_twice_is_loading_once() -> None:
    store = EmbeddedStore(":memory:")
    store.open()
    try:
        load_paths(store, [BUREAU], region=REGION)
        before = store.stats()
        nodes = [n.model_dump() for n in store.iter_nodes()]
        edges = [e.model_dump() for e in store.iter_edges()]
        again = load_paths(store, [BUREAU], region=REGION)
        assert (again.summary.nodes_added, again.summary.nodes_updated) == (0, 0)
        assert (again.summary.edges_added, again.summary.edges_updated) == (0, 0)
        assert store.stats() == before
        assert [n.model_dump() for n in store.iter_nodes()] == nodes
        assert [e.model_dump() for e in store.iter_edges()] == edges
    finally:
        store.close()


# -- any workbook: the loader reports, it never raises ---------------------------------------

HEADERS = [
    "序号", "企业名称", "单位全称", "企业（单位）名称", "单位名称", "统一社会信用代码", "注册时间",
    "成立年份", "所属乡镇（街道）", "所属行业", "营业收入（万元）", "营业收入（亿元）",
    "营业收入（千元）", "主营业务收入", "是否高新技术企业", "从业人员", "联系人", "联系电话",
    "合作院校", "合作方式", "合同金额（万元）", "项目名称", "R&D经费支出（万元）",
    "研发经费占营业收入比重（%）", "2022年", "2023年", "单位类型", "简称", "年度", "备注",
    "说明", "主导产品", "亩均税收（万元）", "name", "revenue", "type",
]  # fmt: skip
NAME_HEADERS = ["企业名称", "单位名称", "企业（单位）名称", "单位全称", "name"]
JUNK_HEADERS = ["", "   ", "Unnamed: 3", "列1", "名称名称", "=SUM(A1:A9)", "长" * 300, "*", "（）"]
_TEXT = st.text(
    alphabet=st.sampled_from(list("沾化区滨州华升化工科技有限公司合计小计说明注：是否—未报万元亿千")
                             + list("%年月日0123456789.,，、（）() -/*#abcXYZ\t\n")),
    max_size=24,
)  # fmt: skip
_UNITS = st.sampled_from(["万元", "万", "亿", "亿元", "千元", "元", "%", "人", "年", ""])
CELLS = st.one_of(
    st.none(),
    _TEXT,
    st.sampled_from(["—", "-", "/", "未报", "无", "是", "否", "√", "合计", "小计", "注：略"]),
    st.builds(lambda n, u: f"{n:,}{u}", st.integers(-(10**9), 10**9), _UNITS),
    st.builds(lambda n, u: f"{n}{u}", st.floats(-1e6, 1e6, allow_nan=False), _UNITS),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
)
SHEET_NAMES = [
    "企业名录",
    "规上工业企业名单",
    "产学研合作",
    "高校院所",
    "研发投入",
    "Sheet1",
    "需求",
]
FILE_STEMS = ["沾化区2023年规模以上工业企业名录", "产学研合作项目汇总", "book", "合作高校院所名单"]


@st.composite
def workbooks(draw: st.DrawFn) -> tuple[str, str, list[list[object]], list[tuple[int, int, int]]]:
    """A sheet: a file stem, a sheet name, rows, and (row, first, last column) merges."""
    width = draw(st.integers(1, 9))
    header = draw(st.lists(st.sampled_from(HEADERS + JUNK_HEADERS), min_size=width, max_size=width))
    if draw(st.integers(0, 3)):  # most bureau tables have a name column
        header[draw(st.integers(0, width - 1))] = draw(st.sampled_from(NAME_HEADERS))
    rows: list[list[object]] = [list(header)]
    for _ in range(draw(st.integers(0, 3))):  # title and filing rows above the header
        rows.insert(0, [draw(_TEXT)])
    rows += draw(st.lists(st.lists(CELLS, max_size=width + 2), max_size=10))
    for _ in range(draw(st.integers(0, 2))):
        rows.append(
            draw(st.sampled_from([["合计", None, 1234.5], ["说明：以上数据为快报数。"], []]))
        )
    merge_rows = draw(st.sets(st.integers(1, len(rows)), max_size=3))
    merges = [(r, 1, 1 + draw(st.integers(1, width))) for r in sorted(merge_rows)]
    return draw(st.sampled_from(FILE_STEMS)), draw(st.sampled_from(SHEET_NAMES)), rows, merges


def _write_book(
    folder: Path,
    stem: str,
    sheet_name: str,
    rows: list[list[object]],
    merges: list[tuple[int, int, int]],
) -> list[Path]:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c, value)
            if isinstance(value, float) and 0 < abs(value) < 1:
                cell.number_format = "0.00%"
    for row, first, last in merges:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    book = folder / f"{stem}.xlsx"
    workbook.save(book)
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    text = folder / f"{stem}_乡镇报送.csv"
    text.write_bytes(out.getvalue().encode("gbk"))
    return [book, text]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=workbooks())
def test_any_bureau_like_workbook_loads_or_reports(
    book: tuple[str, str, list[list[object]], list[tuple[int, int, int]]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = _write_book(Path(folder), *book)
        store = EmbeddedStore(":memory:")
        store.open()
        try:
            report = load_paths(store, paths, region=REGION)
        finally:
            store.close()
    assert len(report.files) >= 1
    for result in report.files:
        assert result.error is None or result.error.strip()
        assert all(reject.reason for reject in result.rejects)
