"""The analyst notebooks run top to bottom on a fresh kernel and are committed without outputs.

Each notebook is executed with nbclient on the ``python3`` kernel started from this Python,
in its own folder, with its exports sent to a temporary folder; any cell error fails the test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_district_overview.ipynb", "02_matchmaking.ipynb", "03_hte_and_policies.ipynb"]
TIMEOUT = 600
"""Seconds a single cell may take before the run fails (a hang, not a slow machine)."""


def execute(notebook: nbformat.NotebookNode) -> None:
    """Run every cell; raises CellExecutionError naming the cell on the first error."""
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()


def test_kernel_is_this_python() -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("import sys\nprint(sys.executable)")]
    execute(notebook)
    printed = notebook.cells[0].outputs[0].text.strip()
    assert Path(printed).parent == Path(sys.executable).parent


def test_every_notebook_is_listed() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code, f"{name} has no code cells"
    dirty = [c.id for c in code if c.outputs or c.execution_count is not None]
    assert not dirty, f"{name}: cells with outputs or execution counts: {dirty}"


@pytest.mark.parametrize("name", NAMES)
def test_starts_by_saying_what_it_needs_and_how_long(name: str) -> None:
    first = nbformat.read(NOTEBOOKS / name, as_version=4).cells[0]
    assert first.cell_type == "markdown"
    assert "What it needs" in first.source
    assert "How long it takes" in first.source


def test_notebooks_match_their_build_script() -> None:
    result = subprocess.run(
        [sys.executable, str(NOTEBOOKS / "build.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", NAMES)
def test_runs_top_to_bottom(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTKG_EXPORT_DIR", str(tmp_path / "exports"))  # the kernel inherits it
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    execute(notebook)
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
