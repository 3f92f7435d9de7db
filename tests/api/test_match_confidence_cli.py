"""``ttkg match``: the low-confidence flag, the uncovered key terms, ties and bad needs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api.cli import app
from graph.stores.embedded import EmbeddedStore
from tests.graph.match.conftest import match_batch

runner = CliRunner()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("match") / "graph.db"
    with EmbeddedStore(path) as store:
        store.upsert(match_batch())
    return path


def _match(store: Path, *args: str) -> Result:
    return runner.invoke(app, ["--store", str(store), "match", *args])


def test_the_table_says_low_confidence_and_the_uncovered_term(store_path: Path) -> None:
    result = _match(store_path, "partners", "--need", "冬枣超临界萃取技术", "-k", "3")
    assert result.exit_code == 0, result.output
    assert "置信度低" in result.stdout
    assert '未找到覆盖"超临界"的机构' in result.stdout


def test_the_json_carries_the_flag_and_the_terms(store_path: Path) -> None:
    result = _match(store_path, "partners", "--need", "冬枣超临界萃取技术", "--json")
    body = json.loads(result.stdout)
    assert body["confidence"] == "low"
    assert "超临界" in body["uncovered_terms"]
    normal = json.loads(_match(store_path, "partners", "--need", "冬枣保鲜", "--json").stdout)
    assert normal["confidence"] == "normal"


def test_an_over_long_need_is_refused_in_chinese(store_path: Path) -> None:
    result = _match(store_path, "partners", "--need", "保鲜" * 1001)
    assert result.exit_code == 1
    assert "需求文本过长：2002 个字符，最多 2000 个字符" in result.stderr
    blank = _match(store_path, "partners", "--need", "  ")
    assert blank.exit_code == 1
    assert "请给出企业（编号或名称）或需求文本" in blank.stderr
