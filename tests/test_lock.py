"""constraints.txt installs anywhere: only ``name==version`` lines from the package index."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def lock() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lock", ROOT / "scripts" / "lock.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_lock_line_is_a_release_on_the_index(lock: ModuleType) -> None:
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    bad = lock.bad_lines(text)
    assert bad == [], "constraints.txt: not name==version: " + "; ".join(
        f"line {n}: {line}" for n, line in bad
    )
    assert len(text.splitlines()) > 50  # the whole environment, not a fragment


@pytest.mark.parametrize(
    "line",
    [
        "neo4j-rust-ext @ file:///tmp/rustext/neo4j_rust_ext-6.0.3.0-cp311-manylinux.whl",
        "pkg @ https://example.org/pkg-1.0.tar.gz",
        "-e git+https://github.com/o/r.git#egg=r",
        "/home/me/wheels/x-1.0-py3-none-any.whl",
        "fastapi>=0.100",
        "fastapi",
    ],
)
def test_a_line_that_is_not_name_equals_version_is_quoted(
    lock: ModuleType, line: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "constraints.txt"
    path.write_text(f"fastapi==0.165.0\n{line}\nnetworkx==3.6.1\n", encoding="utf-8")
    assert lock.bad_lines(path.read_text()) == [(2, line)]
    assert lock.main(["--check", str(path)]) == 1
    assert f"line 2: {line}" in capsys.readouterr().err
