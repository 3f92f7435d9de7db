"""Every spreadsheet `ttkg` writes (``--export``, ``load --rejects``) holds hostile text as text."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli import app
from api.commands.export import export_rows
from graph.model import Node, NodeKind
from graph.stores.embedded import EmbeddedStore
from tests.api.test_programs_api import district_batch
from tests.conftest import prov
from tests.graph.programs.conftest import hte_ready

runner = CliRunner()
HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE = [HYPERLINK, "＝1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
ROWS: list[dict[str, Any]] = [
    *({"name": value, "count": 3} for value in HOSTILE),
    {"name": ["a", "=1+1"], "count": -1},
    {"name": ["=1+1", "a"], "count": -2.5},
    {"name": "华升化工", "count": None},
]
SIGNS = ("=", "+", "-", "@", "\t", "\r", "＝")


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_export_quotes_every_formula(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    export_rows(path, ROWS)
    header, *lines = read_csv(path)
    assert header == ["name", "count"]
    names = [line[0] for line in lines]
    assert names[: len(HOSTILE)] == ["'" + value for value in HOSTILE]
    assert names[len(HOSTILE) :] == ["a; =1+1", "'=1+1; a", "华升化工"]
    assert not any(name.startswith(SIGNS) for name in names)
    assert [line[1] for line in lines[-3:]] == ["-1", "-2.5", ""]


def test_xlsx_export_has_no_formula_and_keeps_numbers(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    export_rows(path, [*ROWS, {"name": "bell\x07", "count": 0}])
    sheet = load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c for c in cells if c.data_type == "f"] == []
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    # a carriage return reads back as written (lxml) or as a line feed (the standard library's
    # XML parser, where lxml is not installed)
    read = [str(name).replace("\r", "\n") for name in names[: len(HOSTILE)]]
    assert read == ["'" + value.replace("\r", "\n") for value in HOSTILE]
    assert names[len(HOSTILE) :] == ["a; =1+1", "'=1+1; a", "华升化工", "bell\ufffd"]
    counts = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in counts[len(HOSTILE) : len(HOSTILE) + 2]] == [
        (-1, "n"),
        (-2.5, "n"),
    ]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The district test graph and an eligible enterprise named like a formula."""
    path = tmp_path_factory.mktemp("export") / "graph.db"
    batch = district_batch()
    batch.nodes.append(
        Node.create(
            NodeKind.ENTERPRISE,
            HYPERLINK,
            properties=hte_ready(tech_staff_2020=1),
            provenance=[prov()],
        )
    )
    with EmbeddedStore(path) as store:
        store.upsert(batch)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_policies_export_joins_eligible_names_without_a_formula(
    hostile_store: Path, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"policies{suffix}"
    result = runner.invoke(app, ["--store", str(hostile_store), "policies", "--export", str(path)])
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        rows = read_csv(path)
        eligible = [row[rows[0].index("符合条件")] for row in rows[1:]]
    else:
        sheet = load_workbook(path).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        header = [cell.value for cell in sheet[1]]
        eligible = [row[header.index("符合条件")].value or "" for row in sheet.iter_rows(min_row=2)]
    joined = [cell for cell in eligible if HYPERLINK in cell]
    assert joined, eligible  # the hostile enterprise is eligible for some policy
    assert all(cell.startswith("'" + HYPERLINK) for cell in joined)


def test_load_rejects_csv_quotes_a_rejected_formula(tmp_path: Path) -> None:
    table = tmp_path / "enterprises.csv"
    table.write_text(
        "name,industry,employees\n甲化工,化工,=1+1\n乙食品,食品,＝2\n丙水产,水产,-3+4\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    result = runner.invoke(
        app, ["--store", str(tmp_path / "g.db"), "load", str(table), "--rejects", str(rejects)]
    )
    assert result.exit_code == 0, result.output
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["value"] for r in rows] == ["'=1+1", "'＝2", "'-3+4"]
    assert not any(cell.startswith(SIGNS) for r in rows for cell in r.values())
