"""``ttkg load`` with a file that cannot be read: that file stops, the rest loads; --strict."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from api.cli import app
from graph.stores.embedded import EmbeddedStore

runner = CliRunner()
GOOD = "name,industry,employees\n甲化工,化工,120\n乙食品,食品,30\n"


def ttkg(store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def workbook_bytes() -> bytes:
    book = Workbook()
    book.active.title = "enterprises"
    book.active.append(["name", "industry"])
    book.active.append(["丙水产", "水产"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezipped(change: Callable[[str, bytes], bytes]) -> bytes:
    """A valid workbook with each member passed through ``change(name, data)``."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, change(name, source.read(name)))
    return out.getvalue()


def empty_zip() -> bytes:
    out = io.BytesIO()
    zipfile.ZipFile(out, "w").close()
    return out.getvalue()


def half_of(member: str) -> Callable[[str, bytes], bytes]:
    return lambda name, data: data[: len(data) // 2] if name == member else data


BROKEN = {
    "random bytes": bytes(range(256)) * 8,
    "garbage XML in every part": rezipped(lambda name, data: b"<garbage<<"),
    "a truncated file": workbook_bytes()[:1500],
    "a truncated sheet": rezipped(half_of("xl/worksheets/sheet1.xml")),
    "a truncated workbook part": rezipped(half_of("xl/workbook.xml")),
    "broken styles": rezipped(half_of("xl/styles.xml")),
    "a bad cell reference": rezipped(
        lambda name, data: data.replace(b'r="A2"', b'r="ZZZZZZZ2"') if "sheet1" in name else data
    ),
    "an empty zip": empty_zip(),
}


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "enterprises.csv"
    path.write_text(GOOD, encoding="utf-8")
    return path


def loaded_names(store: Path) -> set[str]:
    with EmbeddedStore(store) as graph:
        return {n.name for n in graph.iter_nodes()}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_workbook_stops_itself_and_the_rest_loads(
    tmp_path: Path, good: Path, case: str
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(BROKEN[case])
    store = tmp_path / "graph.db"
    code, out, err = ttkg(store, "load", str(good), str(broken), "--json")
    assert code == 0, out + err
    assert "Traceback" not in out + err
    files = {Path(f["file"]).name: f for f in json.loads(out)["files"]}
    assert files["enterprises.csv"]["error"] is None
    error = files["broken.xlsx"]["error"]
    assert error.startswith(str(broken))
    assert "\n" not in error
    assert {"甲化工", "乙食品"} <= loaded_names(store)


def test_the_summary_table_shows_the_reason(tmp_path: Path, good: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(BROKEN["garbage XML in every part"])
    code, out, _ = ttkg(tmp_path / "graph.db", "load", str(good), str(broken))
    assert code == 0
    # the XML parser's error: lxml's when installed (python-docx brings it), else ElementTree's
    assert "XMLSyntaxError" in out or "ParseError" in out
    assert "节点：" in out


def test_strict_loads_nothing_when_a_file_fails(tmp_path: Path, good: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(BROKEN["random bytes"])
    store = tmp_path / "graph.db"
    code, out, err = ttkg(store, "load", "--strict", str(good), str(broken))
    assert code == 1
    assert "--strict: 1 个文件无法读取：未写入任何数据" in err
    assert "未写入任何数据" in out
    assert loaded_names(store) == set()


def test_strict_loads_nothing_when_a_cell_is_left_out(tmp_path: Path) -> None:
    table = tmp_path / "enterprises.csv"
    table.write_text(GOOD + "丙水产,水产,十二万\n", encoding="utf-8")
    store = tmp_path / "graph.db"
    rejects = tmp_path / "rejects.csv"
    code, out, err = ttkg(
        store, "load", "--strict", "--json", str(table), "--rejects", str(rejects)
    )
    assert code == 1
    assert "1 个单元格未载入" in err
    assert json.loads(out)["summary"]["nodes_added"] == 0
    assert "十二万" in rejects.read_text(encoding="utf-8-sig")  # the report is still written
    assert loaded_names(store) == set()
    code, _, err = ttkg(store, "load", "--strict", "--dry-run", str(table))
    assert (code, "（试运行）" in err) == (1, True)


def test_strict_writes_a_clean_load(tmp_path: Path, good: Path) -> None:
    store = tmp_path / "graph.db"
    code, out, _ = ttkg(store, "load", "--strict", "--json", str(good))
    assert code == 0
    report = json.loads(out)
    assert report["dry_run"] is False
    assert report["summary"]["nodes_added"] > 0
    assert {"甲化工", "乙食品"} <= loaded_names(store)
    code, out, _ = ttkg(store, "load", "--strict", "--json", str(good))
    assert code == 0
    assert json.loads(out)["summary"]["nodes_added"] == 0


def test_strict_and_cordis_are_refused_together(tmp_path: Path, good: Path) -> None:
    code, _, err = ttkg(tmp_path / "g.db", "load", "--strict", str(good), "--cordis", str(tmp_path))
    assert code == 1
    assert "--strict" in err
