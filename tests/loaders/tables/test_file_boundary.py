"""A file whose reader fails in any way stops that file only; the other files are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.report import FileResult
from loaders.resolve import Resolver
from loaders.tables import reader
from loaders.tables.files import RawTable, read_table_file


def test_an_unexpected_reader_error_stops_its_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "enterprises.csv"
    good.write_text("name,industry\n甲化工,化工\n", encoding="utf-8")
    odd = tmp_path / "odd.xlsx"
    odd.write_bytes(b"PK")

    def read(path: Path, **options: object) -> list[RawTable]:
        if path == odd:  # what a parser may raise on a file it did not expect
            raise RecursionError("maximum recursion depth exceeded\nwhile parsing")
        return read_table_file(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "read_table_file", read)
    results = reader.read_tables([good, odd], resolver=Resolver())
    by_file: dict[str, FileResult] = {Path(r.file).name: r for r in results}
    assert by_file["enterprises.csv"].error is None
    assert by_file["enterprises.csv"].rows == 1
    assert by_file["odd.xlsx"].error == (
        f"{odd}：读不了（RecursionError: maximum recursion depth exceeded while parsing）"
    )
