"""``ttkg template`` writes fill-in workbooks; it never overwrites a file unasked."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from api.cli import app
from loaders.tables import registered_tables
from loaders.tables.template import NOTES_SHEET
from loaders.tables.template_text import sheet_names

runner = CliRunner()


def ttkg(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_no_kind_writes_every_kind(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    code, out, err = ttkg("template", "-o", str(path))
    assert code == 0, err
    names = sheet_names()
    expected = [names[spec.name] for spec in registered_tables()]
    assert openpyxl.load_workbook(path).sheetnames == [*expected, NOTES_SHEET]
    assert "已写入" in out


def test_kinds_by_english_or_chinese_name_in_registry_order(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    code, _, err = ttkg("template", "需求", "enterprises", "--output", str(path))
    assert code == 0, err
    assert openpyxl.load_workbook(path).sheetnames == ["企业", "需求", NOTES_SHEET]


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"the bureau's own workbook")
    code, _, err = ttkg("template", "enterprises", "-o", str(path))
    assert code == 1
    assert "已存在" in err
    assert "--force" in err
    assert path.read_bytes() == b"the bureau's own workbook"
    code, _, err = ttkg("template", "enterprises", "-o", str(path), "--force")
    assert code == 0, err
    assert openpyxl.load_workbook(path).sheetnames == ["企业", NOTES_SHEET]


def test_an_unknown_kind_is_an_error_listing_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    code, _, err = ttkg("template", "enterprises", "patents", "-o", str(path))
    assert code == 1
    assert "'patents'" in err
    assert "enterprises (企业)" in err
    assert "needs (需求)" in err
    assert not path.exists()


def test_the_output_must_be_an_xlsx_file(tmp_path: Path) -> None:
    code, _, err = ttkg("template", "-o", str(tmp_path / "t.csv"))
    assert code == 1
    assert ".xlsx" in err
    code, _, err = ttkg("template", "enterprises")
    assert code == 1
    assert "-o FILE.xlsx" in err


def test_list_prints_the_kinds_with_their_chinese_names() -> None:
    code, out, err = ttkg("template", "--list")
    assert code == 0, err
    for kind, sheet in sheet_names().items():
        assert kind in out
        assert sheet in out


def test_help_is_chinese_first() -> None:
    code, out, _ = ttkg("template", "--help")
    assert code == 0
    assert "写填表模板" in out
    assert "Write a fill-in" not in out  # English only with --lang en
