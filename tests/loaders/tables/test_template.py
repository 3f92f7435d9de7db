"""Fill-in templates: sheets, Chinese headers, drop-downs, the notes sheet, and the round trip
(an untouched template loads exactly its example rows, all synthetic)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
import yaml

from graph.model import NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.load import load_paths
from loaders.report import LoadReport
from loaders.tables import Column, TableSpec, register_table, registered_tables, unregister_table
from loaders.tables.cells import CellError, parse_cell
from loaders.tables.headers import table_for_name
from loaders.tables.template import LISTS_SHEET, NOTES_SHEET, VALIDATED_ROWS, write_template
from loaders.tables.template_text import (
    EXAMPLES_FILE,
    choice_words,
    column_header,
    example_row,
    sheet_names,
    template_spec,
)

CJK = re.compile(r"[\u3400-\u9fff]")
KINDS = [spec.name for spec in registered_tables()]
EXAMPLES: dict[str, dict[str, Any]] = yaml.safe_load(EXAMPLES_FILE.read_text("utf-8"))["examples"]


@pytest.fixture(scope="module")
def all_kinds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / "模板.xlsx")


@pytest.fixture(scope="module")
def workbook(all_kinds: Path) -> Iterator[Any]:
    book = openpyxl.load_workbook(all_kinds)
    yield book
    book.close()


def _validations(sheet: Any) -> dict[str, Any]:
    """Column letter -> the data validation covering that column's rows."""
    out = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            out[re.sub(r"\d", "", cell_range.coord.split(":")[0])] = validation
    return out


def _load(path: Path) -> tuple[LoadReport, EmbeddedStore]:
    store = EmbeddedStore(":memory:")
    store.open()
    return load_paths(store, [path]), store


# -- sheets and headers -------------------------------------------------------------------


def test_one_sheet_per_kind_in_registry_order_then_the_notes(workbook: Any) -> None:
    names = sheet_names()
    assert workbook.sheetnames == [names[kind] for kind in KINDS] + [NOTES_SHEET]
    assert len(set(names.values())) == len(names)
    assert names["enterprises"] == "企业"
    assert names["institutions"] == "高校院所"
    for kind, sheet in names.items():
        found = table_for_name(sheet)
        assert found is not None, sheet
        assert found.name == kind, sheet
    assert workbook.active.title == names[KINDS[0]]


def test_headers_are_chinese_and_name_their_columns(workbook: Any) -> None:
    for spec in registered_tables():
        sheet = workbook[sheet_names()[spec.name]]
        headers = [cell.value for cell in sheet[1]]
        assert headers == [column_header(column) for column in spec.all_columns]
        for header, column in zip(headers, spec.all_columns, strict=True):
            assert spec.column_for_header(header) is column, header
            assert header.startswith("*") == column.required
            if any(CJK.search(alias) for alias in column.aliases):
                assert CJK.search(header), header
            assert sheet.cell(row=1, column=headers.index(header) + 1).comment is not None
        assert "示例" in headers
        assert sheet.freeze_panes == "A2"


def test_a_column_with_a_unit_shows_it_in_its_header() -> None:
    revenue = SimpleNamespace(name="revenue", required=False, aliases=("营业收入",), unit="万元")
    assert column_header(revenue) == "营业收入（万元）"  # type: ignore[arg-type]
    spec = template_spec("enterprises")
    assert spec.column_for_header("营业收入（万元）") is spec.column_for_header("营业收入")


def test_header_notes_say_what_the_column_means(workbook: Any) -> None:
    sheet = workbook["合作"]
    note = sheet["A1"].comment.text
    assert "必填" in note
    assert "企业名称或统一社会信用代码" in note


def test_columns_are_wide_enough_for_their_headers(workbook: Any) -> None:
    sheet = workbook["企业指标"]
    for position, cell in enumerate(sheet[1], 1):
        letter = openpyxl.utils.get_column_letter(position)
        assert sheet.column_dimensions[letter].width >= 2 * len(str(cell.value)) - 2


# -- the example row ------------------------------------------------------------------------


def test_the_examples_file_knows_every_column_of_every_kind() -> None:
    for spec in registered_tables():
        assert spec.name in EXAMPLES, f"template_examples.yaml has no example for {spec.name}"
        names = {column.name for column in spec.all_columns}
        assert set(EXAMPLES[spec.name]) <= names, spec.name
        missing = {column.name for column in spec.columns} - set(EXAMPLES[spec.name])
        assert not missing, f"{spec.name}: give an example (or null) for {sorted(missing)}"


def test_the_example_row_is_marked_as_an_example(workbook: Any) -> None:
    for spec in registered_tables():
        sheet = workbook[sheet_names()[spec.name]]
        row = {head.value: cell.value for head, cell in zip(sheet[1], sheet[2], strict=True)}
        assert row["示例"] == "是"
        assert sheet.max_row == 2
        own = [str(v) for k, v in row.items() if k not in ("示例", "来源", "备注") and v]
        assert any("示例" in value for value in own), spec.name


def test_fixed_values_in_examples_are_words_the_drop_down_offers() -> None:
    for spec in registered_tables():
        example = example_row(spec)
        for column in spec.all_columns:
            words = choice_words(column)
            if words and column.name in example:
                given = str(example[column.name]).split("、")
                assert set(given) <= set(words), (spec.name, column.name, given)


# -- drop-downs ---------------------------------------------------------------------------


def test_fixed_value_columns_have_drop_downs_of_chinese_words(workbook: Any) -> None:
    for spec in registered_tables():
        sheet = workbook[sheet_names()[spec.name]]
        validations = _validations(sheet)
        for position, column in enumerate(spec.all_columns, 1):
            letter = openpyxl.utils.get_column_letter(position)
            fixed = bool(column.choices) or column.type == "bool"
            assert (letter in validations) == fixed, (spec.name, column.name)
            if not fixed:
                continue
            validation = validations[letter]
            assert validation.type == "list"
            assert str(validation.sqref) == f"{letter}2:{letter}{VALIDATED_ROWS}"
            words = validation.formula1.strip('"').split(",")
            assert words == choice_words(column)
            for word in words:
                assert CJK.search(word), word
                if column.choices:
                    assert parse_cell(word, "name", choices=column.choices) is not None
                else:
                    assert isinstance(parse_cell(word, "bool"), bool)
            values = set(column.choices.values()) if column.choices else {True, False}
            assert len(words) == len(values)


def test_every_kinds_level_and_status_columns_are_validated(workbook: Any) -> None:
    sheet = workbook["平台"]
    headers = [cell.value for cell in sheet[1]]
    validated = {
        headers[openpyxl.utils.column_index_from_string(k) - 1] for k in _validations(sheet)
    }
    assert {"类型", "级别", "状态", "示例"} <= validated
    assert '"国家级,省级,市级,区级"' in {v.formula1 for v in _validations(sheet).values()}


def test_a_long_list_goes_to_a_hidden_sheet(tmp_path: Path) -> None:
    choices = {f"第{i:03d}号示例取值": f"value_{i}" for i in range(60)}
    spec = TableSpec(
        name="template_test_kind",
        aliases=("模板测试表",),
        columns=(
            Column("name", "name", required=True, aliases=("名称",)),
            Column("grade", "name", aliases=("等级",), choices=choices),
        ),
        build=lambda row: iter(()),
    )
    register_table(spec)
    try:
        book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", ["模板测试表"]))
    finally:
        unregister_table(spec.name)
    assert book.sheetnames == ["模板测试表", NOTES_SHEET, LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    validation = _validations(book["模板测试表"])["B"]
    assert validation.formula1 == f"'{LISTS_SHEET}'!$A$1:$A$60"
    assert [row[0].value for row in book[LISTS_SHEET].iter_rows()] == list(choices)
    assert [cell.value for cell in book["模板测试表"][2]] == [None] * 5  # no example: no row


# -- the notes sheet ------------------------------------------------------------------------


def test_the_notes_sheet_explains_every_column_of_every_kind(workbook: Any) -> None:
    rows = [[cell.value for cell in row] for row in workbook[NOTES_SHEET].iter_rows()]
    header_at = next(i for i, row in enumerate(rows) if row[0] == "表")
    header = rows[header_at]
    assert header[:7] == ["表", "表（英文）", "列", "列（英文）", "必填", "类型", "可填写的值"]
    assert header[7] == "说明 (English)"
    explained = {(row[1], row[3]): row for row in rows[header_at + 1 :] if row[3]}
    for spec in registered_tables():
        for column in spec.all_columns:
            row = explained[(spec.name, column.name)]
            assert row[0] == sheet_names()[spec.name]
            assert row[2] == column_header(column).lstrip("*")
            assert row[4] == ("是" if column.required else "否")
            assert row[5]
            if column.choices:
                for surface in column.choices:
                    assert surface in row[6], (spec.name, column.name, surface)
            assert (row[7] or "") == column.doc
    assert len(explained) == sum(len(spec.all_columns) for spec in registered_tables())


# -- kinds by name --------------------------------------------------------------------------


def test_a_kind_is_found_by_its_name_chinese_name_or_alias() -> None:
    assert template_spec("needs").name == "needs"
    assert template_spec("需求").name == "needs"
    assert template_spec("技术需求").name == "needs"
    with pytest.raises(KeyError, match=r"没有表的种类 'nonsense'.*enterprises \(企业\)"):
        template_spec("nonsense")


# -- the round trip -------------------------------------------------------------------------


def test_the_untouched_template_loads_exactly_its_example_rows(all_kinds: Path) -> None:
    report, store = _load(all_kinds)
    try:
        tables = {result.kind: result for result in report.files if not result.error}
        assert sorted(tables) == sorted(KINDS)
        assert {kind: result.rows for kind, result in tables.items()} == dict.fromkeys(KINDS, 1)
        assert report.rejects == []
        names = {node.name for node in store.iter_nodes()}
        own_name = {"needs": "title", "results": "title", "cooperations": "project"}
        expected = {
            EXAMPLES[spec.name][own_name.get(spec.name, "name")]
            for spec in registered_tables()
            if spec.produces
        }
        assert names == expected
        kinds = [node.kind for node in store.iter_nodes()]
        assert len(kinds) == len(set(kinds))
        edges = list(store.iter_edges())
        assert edges
        for record in [*store.iter_nodes(), *edges]:
            assert record.provenance, record
            assert all(p.synthetic for p in record.provenance), record
    finally:
        store.close()


@pytest.mark.parametrize("kinds", [None, ["enterprises"]], ids=["all", "enterprises"])
def test_the_loader_skips_the_notes_sheet(tmp_path: Path, kinds: list[str] | None) -> None:
    """Fails until the loader skips sheets named 填表说明. The single-kind file is named after
    its kind, as a user would name it: the file stem must not make the notes a table."""
    path = write_template(tmp_path / ("enterprises.xlsx" if kinds else "模板.xlsx"), kinds)
    report, store = _load(path)
    store.close()
    assert [result.error for result in report.files if result.error] == []
    assert len(report.files) == (len(KINDS) if kinds is None else 1)


def _stands_alone(spec: TableSpec) -> bool:
    """Its references are all to nodes a row may create (regions, industries)."""
    return all(column.create for column in spec.columns if column.ref)


@pytest.mark.parametrize("kind", [s.name for s in registered_tables() if _stands_alone(s)])
def test_a_single_kind_template_loads_its_example_row(tmp_path: Path, kind: str) -> None:
    path = write_template(tmp_path / f"{kind}.xlsx", [kind])
    assert openpyxl.load_workbook(path).sheetnames == [sheet_names()[kind], NOTES_SHEET]
    report, store = _load(path)
    try:
        sheet = f"(sheet {sheet_names()[kind]})"
        [result] = [r for r in report.files if r.file.endswith(sheet)]
        assert (result.rows, result.rejects, result.error) == (1, [], None)
        spec = template_spec(kind)
        if spec.produces:
            made = [n.name for n in store.iter_nodes() if n.kind in spec.produces]
            assert made == [EXAMPLES[kind]["name"]]
        assert all(p.synthetic for n in store.iter_nodes() for p in n.provenance)
        if kind == "enterprise_indicators":
            [enterprise] = store.iter_nodes(kind=NodeKind.ENTERPRISE)
            assert enterprise.properties["revenue_2023"] == 8600.0
    finally:
        store.close()


def test_every_example_value_parses_as_its_column(workbook: Any) -> None:
    for spec in registered_tables():
        sheet = workbook[sheet_names()[spec.name]]
        for column, cell in zip(spec.all_columns, sheet[2], strict=True):
            if cell.value is None:
                continue
            try:
                parse_cell(cell.value, column.type, choices=column.choices)
            except CellError as exc:
                pytest.fail(f"{spec.name}.{column.name}: {exc}")
