"""``ttkg load`` and ``ttkg stats`` end to end, on the shipped district data."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from graph.model import NodeKind
from graph.stores.embedded import EmbeddedStore
from tests.conftest import ROOT

runner = CliRunner()


def ttkg(store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def test_loading_the_district_twice_changes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "graph.db"
    code, out, _ = ttkg(store, "load", str(ROOT / "data" / "district"), "--json")
    assert code == 0, out
    first = json.loads(out)
    assert first["summary"]["nodes_added"] > 100
    assert first["rejects"] == []
    _, stats_once, _ = ttkg(store, "stats", "--json")

    code, out, _ = ttkg(store, "load", str(ROOT / "data" / "district"), "--json")
    second = json.loads(out)["summary"]
    assert code == 0
    assert second["nodes_added"] == second["nodes_updated"] == 0
    assert second["edges_added"] == second["edges_updated"] == 0
    _, stats_twice, _ = ttkg(store, "stats", "--json")
    assert json.loads(stats_twice) == json.loads(stats_once)
    assert json.loads(stats_once)["by_kind"]["Enterprise"] >= 92


BAD_CELLS = (
    "name,industry,employees\n甲化工,化工,120\n乙食品,食品,十二万\n丙水产,水产,30\n,水产,5\n"
)


def test_a_bad_cell_and_a_bad_row_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    table = tmp_path / "enterprises.csv"
    table.write_text(BAD_CELLS, encoding="utf-8")
    store = tmp_path / "graph.db"
    code, out, _ = ttkg(store, "load", str(table), "--json")
    assert code == 0, out
    report = json.loads(out)
    cell, row = report["rejects"]
    assert (cell["row"], cell["field"], cell["value"], cell["level"]) == (
        3,
        "employees",
        "十二万",
        "cell",
    )
    assert (row["row"], row["field"], row["level"]) == (5, "name", "row")
    assert cell["file"].endswith("enterprises.csv")
    assert (report["files"][0]["rejected"], report["files"][0]["cells_rejected"]) == (1, 1)
    with EmbeddedStore(store) as graph:
        loaded = {n.name: n for n in graph.iter_nodes(kind=NodeKind.ENTERPRISE)}
    assert set(loaded) == {"甲化工", "乙食品", "丙水产"}
    assert "employees" not in loaded["乙食品"].properties
    rejects_csv = tmp_path / "rejects.csv"
    ttkg(store, "load", str(table), "--rejects", str(rejects_csv))
    lines = rejects_csv.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "file,sheet,row,level,field,header,value,reason"
    assert ",3,cell,employees,employees,十二万," in lines[1]


def test_a_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    table = tmp_path / "企业名录.csv"
    table.write_text(
        "沾化区企业名录,,,\n单位全称,所属行业,营业收入（亿元）,联系电话\n"
        "甲化工,化工,1.6,13900000001\n乙食品,食品,十二万,13900000002\n合计,,1.6,\n",
        encoding="utf-8",
    )
    store = tmp_path / "graph.db"
    code, out, _ = ttkg(store, "load", str(table), "--dry-run")
    assert code == 0, out
    for shown in ("单位全称", "营业收入（亿元）", "revenue", "亿元", "联系电话", "试运行"):
        assert shown in out, shown
    assert "13900000001" not in out
    code, out, _ = ttkg(store, "load", str(table), "--dry-run", "--json")
    report = json.loads(out)
    assert report["dry_run"] is True
    [file] = report["files"]
    assert file["plan"]["header_rows"] == [2]
    columns = {c["header"]: (c["column"], c["unit"]) for c in file["plan"]["columns"]}
    assert columns["营业收入（亿元）"] == ("revenue", "亿元")
    assert [o["header"] for o in file["plan"]["left_out"]] == ["联系电话"]
    assert (file["rows"], file["rejected"], file["cells_rejected"]) == (2, 0, 1)
    with EmbeddedStore(store) as graph:
        assert graph.stats().nodes == 0


def test_a_missing_file_exits_non_zero_naming_it(tmp_path: Path) -> None:
    code, _, err = ttkg(tmp_path / "graph.db", "load", str(tmp_path / "nope.csv"))
    assert code == 1
    assert "nope.csv" in err
    code, out, _ = ttkg(tmp_path / "graph.db", "stats", "--json")
    assert json.loads(out) == {"nodes": 0, "edges": 0, "by_kind": {}, "by_edge_kind": {}}


def test_markup_in_the_data_is_printed_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "[bold]in"
    folder.mkdir()
    table = folder / "enterprises.csv"
    table.write_text("name,industry,employees\n[red]甲化工,化工,12[/y]\n", encoding="utf-8")
    code, out, err = ttkg(tmp_path / "graph.db", "load", str(table))
    assert code == 0, err
    assert '"12[/y]" 不是整数' in " ".join(out.split())
    assert "[bold]in" in out.replace("\n", "")
    code, _, err = ttkg(tmp_path / "graph.db", "load", str(folder / "[/x].csv"))
    assert code == 1
    assert "[/x].csv" in err


def test_stats_and_the_load_summary_speak_the_readers_language(tmp_path: Path) -> None:
    store = tmp_path / "graph.db"
    table = tmp_path / "enterprises.csv"
    table.write_text("企业名称,所属行业\n甲食品,食品\n", encoding="utf-8")
    code, out, _ = ttkg(store, "load", str(table))
    assert code == 0, out
    assert "节点：新增" in out
    assert "nodes:" not in out
    code, out, _ = ttkg(store, "stats")
    assert code == 0, out
    assert "企业" in out
    assert "Enterprise" not in out  # kinds named, not the ids
    result = runner.invoke(app, ["--lang", "en", "--store", str(store), "stats"])
    assert result.exit_code == 0, result.stdout
    assert "enterprise" in result.stdout
    assert "企业" not in result.stdout
    assert "nodes" in result.stdout
