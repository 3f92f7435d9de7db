"""The scale bench's generator: seeded (same seed, same bytes), every row synthetic, and a tiny
set of each scaled shape loads with no reject."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from bench.scale.sizes import write_size
from graph.model import NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.load import load_paths


def _contents(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; a workbook's by member, since zip headers may carry timestamps."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                out.update({f"{path.name}/{i.filename}": book.read(i) for i in book.infolist()})
        else:
            out[path.name] = path.read_bytes()
    return out


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    write_size("city", tmp_path / "a", enterprises=300)
    write_size("city", tmp_path / "b", enterprises=300)
    write_size("city", tmp_path / "c", enterprises=300, seed=7)
    first = _contents(tmp_path / "a")
    assert first == _contents(tmp_path / "b")
    assert (
        first["enterprises_synthetic.csv"] != _contents(tmp_path / "c")["enterprises_synthetic.csv"]
    )


@pytest.mark.parametrize("size", ["city", "province"])
def test_a_tiny_set_loads_with_no_reject_and_every_synthetic_row_says_so(
    tmp_path: Path, size: str
) -> None:
    folder = tmp_path / size
    write_size(size, folder, enterprises=200)
    for path in folder.glob("*_synthetic.csv"):
        with path.open(encoding="utf-8") as handle:
            assert {row["synthetic"] for row in csv.DictReader(handle)} == {"true"}, path.name
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    report = load_paths(store, [folder])
    assert [(f.file, f.error) for f in report.files if f.error] == []
    assert report.rejects == []
    firms = list(store.iter_nodes(kind=NodeKind.ENTERPRISE))
    assert len(firms) >= 200
    synthetic = [n for n in firms if all(p.synthetic for p in n.provenance)]
    assert len(synthetic) == len(firms) - 9  # the district's nine real enterprises
    institutions = list(store.iter_nodes(kind=NodeKind.INSTITUTION))
    assert len(institutions) == (80 if size == "city" else 300)
    store.close()
