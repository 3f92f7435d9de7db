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


def test_a_bad_row_is_reported_and_the_others_load(tmp_path: Path) -> None:
    table = tmp_path / "enterprises.csv"
    table.write_text(
        "name,industry,employees\n甲化工,化工,120\n乙食品,食品,12万\n丙水产,水产,30\n",
        encoding="utf-8",
    )
    store = tmp_path / "graph.db"
    code, out, _ = ttkg(store, "load", str(table), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert len(report["rejects"]) == 1
    reject = report["rejects"][0]
    assert (reject["row"], reject["field"], reject["value"]) == (3, "employees", "12万")
    assert reject["file"].endswith("enterprises.csv")
    with EmbeddedStore(store) as graph:
        loaded = {n.name for n in graph.iter_nodes(kind=NodeKind.ENTERPRISE)}
    assert loaded == {"甲化工", "丙水产"}
    rejects_csv = tmp_path / "rejects.csv"
    ttkg(store, "load", str(table), "--rejects", str(rejects_csv))
    assert "12万" in rejects_csv.read_text(encoding="utf-8")


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
    assert '"12[/y]" is not a whole number' in " ".join(out.split())
    assert "[bold]in" in out.replace("\n", "")
    code, _, err = ttkg(tmp_path / "graph.db", "load", str(folder / "[/x].csv"))
    assert code == 1
    assert "[/x].csv" in err
