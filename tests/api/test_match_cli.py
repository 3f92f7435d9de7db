"""``ttkg match`` on the shipped district data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.stores.embedded import EmbeddedStore
from loaders.load import load_paths
from tests.conftest import ROOT

runner = CliRunner()


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("district") / "graph.db"
    with EmbeddedStore(path) as store:
        load_paths(store, [ROOT / "data" / "district", ROOT / "data" / "documents"])
    return path


def test_partners_for_a_need_in_chinese(district: Path) -> None:
    result = runner.invoke(
        app, ["--store", str(district), "match", "partners", "--need", "冬枣保鲜与深加工",
              "-k", "5", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    names = [item["name"] for item in items]
    assert len(names) == 5
    assert {"山东省农业科学院", "中国农业大学", "河北农业大学"} & set(names)
    assert all(item["kind"] == "Institution" for item in items)
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    assert all(item["reasons"] for item in items)


def test_adopters_for_a_result(district: Path) -> None:
    result = runner.invoke(
        app, ["--store", str(district), "match", "adopters", "--result", "冬枣保鲜技术", "--json"]
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    assert items
    assert all(item["kind"] == "Enterprise" for item in items)
    assert items[0]["reasons"][0].startswith("成果与企业业务重合")


def test_unknown_enterprise_and_missing_query_exit_non_zero(district: Path) -> None:
    unknown = runner.invoke(
        app, ["--store", str(district), "match", "partners", "--enterprise", "enterprise:不存在"]
    )
    assert unknown.exit_code == 1
    assert "enterprise:不存在" in unknown.stderr
    nothing = runner.invoke(app, ["--store", str(district), "match", "partners"])
    assert nothing.exit_code == 1
    assert "--need" in nothing.stderr


def test_adopters_without_institution_or_result_exit_non_zero(district: Path) -> None:
    nothing = runner.invoke(app, ["--store", str(district), "match", "adopters", "--result", ""])
    assert nothing.exit_code == 1
    assert "--institution" in nothing.stderr
    assert "--result" in nothing.stderr


def test_the_table_is_chinese_and_english_on_request(district: Path) -> None:
    ask = ["--store", str(district), "match", "partners", "--need", "冬枣保鲜与深加工", "-k", "3"]
    chinese = runner.invoke(app, ask)
    assert chinese.exit_code == 0, chinese.output
    header = next(line for line in chinese.stdout.splitlines() if "名称" in line)
    assert all(word in header for word in ("名称", "种类", "得分", "理由"))
    assert "高校院所" in chinese.stdout
    assert "Institution" not in chinese.stdout
    english = runner.invoke(app, ["--lang", "en", *ask])
    assert english.exit_code == 0, english.output
    header = next(line for line in english.stdout.splitlines() if "name" in line)
    assert all(word in header for word in ("name", "kind", "score", "why"))
    assert "university or institute" in english.stdout
    assert "名称" not in english.stdout


def test_an_overlong_need_is_refused_in_chinese(district: Path) -> None:
    too_long = runner.invoke(
        app, ["--store", str(district), "match", "partners", "--need", "枣" * 2001]
    )
    assert too_long.exit_code == 1
    assert "需求文本过长：2001 个字符，最多 2000 个字符" in too_long.stderr
