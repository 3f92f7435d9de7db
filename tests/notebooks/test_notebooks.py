"""The analyst notebooks run top to bottom on a fresh kernel and are committed without outputs.

Each notebook is executed with nbclient on the ``python3`` kernel started from this Python,
in its own folder, with its exports sent to a temporary folder; any cell error fails the test.
Each ``.ipynb`` is paired with a ``.py`` in jupytext's percent format (``notebooks/jupytext.toml``);
a pair whose cells differ fails, naming the notebook and the first cell that differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
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


def test_every_notebook_is_listed_and_paired() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES
    assert sorted(p.name for p in NOTEBOOKS.glob("*.py")) == [
        Path(name).with_suffix(".py").name for name in NAMES
    ]


def first_difference(text: nbformat.NotebookNode, notebook: nbformat.NotebookNode) -> str | None:
    """Where the ``.py`` (read by jupytext) and the ``.ipynb`` first differ: cell, id and line."""

    def first_line(cell: nbformat.NotebookNode | None) -> str:
        if cell is None:
            return "no such cell"
        return f"a {cell.cell_type} cell {(cell.source.splitlines() or [''])[0]!r}"

    for number in range(1, max(len(text.cells), len(notebook.cells)) + 1):
        left = text.cells[number - 1] if number <= len(text.cells) else None
        right = notebook.cells[number - 1] if number <= len(notebook.cells) else None
        where = f"cell {number}" + (f" (id {right.id})" if right is not None else "")
        if left is None or right is None or left.cell_type != right.cell_type:
            return f"{where}: .py has {first_line(left)}, .ipynb has {first_line(right)}"
        if left.source != right.source:
            lines = zip(
                [*left.source.splitlines(), "(end)"],
                [*right.source.splitlines(), "(end)"],
                strict=False,
            )
            line, (ours, theirs) = next(
                (n, pair) for n, pair in enumerate(lines, 1) if pair[0] != pair[1]
            )
            return f"{where}, line {line}: .py has {ours!r}, .ipynb has {theirs!r}"
    return None


@pytest.mark.parametrize("name", NAMES)
def test_pair_in_sync(name: str) -> None:
    path = NOTEBOOKS / name
    text = jupytext.read(path.with_suffix(".py"), fmt="py:percent")
    difference = first_difference(text, nbformat.read(path, as_version=4))
    assert difference is None, (
        f"{name} and {path.with_suffix('.py').name} differ at {difference}; "
        f"run `.venv/bin/jupytext --sync notebooks/{name}` (the newer file wins)"
    )


def test_first_difference_names_the_cell() -> None:
    cells = [("markdown", "# Title\n\ntext"), ("code", "x = 1\ny = x"), ("code", "x")]
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.from_dict({"cell_type": kind, "id": f"cell-{n}", "metadata": {}, "source": text})
        for n, (kind, text) in enumerate(cells, 1)
    ]
    text = jupytext.reads(jupytext.writes(notebook, fmt="py:percent"), fmt="py:percent")
    assert first_difference(text, notebook) is None
    text.cells[1].source = "x = 1\ny = 2 * x"
    assert first_difference(text, notebook) == (
        "cell 2 (id cell-2), line 2: .py has 'y = 2 * x', .ipynb has 'y = x'"
    )
    text.cells[1].source = "x = 1"
    assert first_difference(text, notebook) == (
        "cell 2 (id cell-2), line 2: .py has '(end)', .ipynb has 'y = x'"
    )
    text.cells[1].source = "x = 1\ny = x"
    text.cells.insert(0, nbformat.v4.new_code_cell("import sys"))
    assert first_difference(text, notebook) == (
        "cell 1 (id cell-1): .py has a code cell 'import sys', .ipynb has a markdown cell '# Title'"
    )
    del text.cells[0]
    del text.cells[2:]
    assert first_difference(text, notebook) == (
        "cell 3 (id cell-3): .py has no such cell, .ipynb has a code cell 'x'"
    )


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
    assert "需要什么" in first.source
    assert "运行时长" in first.source


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("name", NAMES)
def test_prose_is_chinese_first(name: str) -> None:
    """Every text cell opens in Chinese (an English line may follow a Chinese paragraph)."""
    cells = nbformat.read(NOTEBOOKS / name, as_version=4).cells
    english = [
        (n, first)
        for n, cell in enumerate(cells, 1)
        if cell.cell_type == "markdown"
        for first in [next(line for line in cell.source.splitlines() if line.strip())]
        if not has_chinese(first)
    ]
    assert not english, f"{name}: text cells that open in English: {english}"


@pytest.mark.parametrize("name", NAMES)
def test_chart_titles_are_chinese(name: str) -> None:
    """Every ``title=`` a notebook gives a chart or a view is Chinese."""
    import re

    text = (NOTEBOOKS / name).with_suffix(".py").read_text(encoding="utf-8")
    titles = re.findall(r"title=(f?\"[^\"]*\")", text)
    assert titles, f"{name} has no chart titles"
    assert all(has_chinese(t) for t in titles), titles


def test_charts_draw_chinese_glyphs() -> None:
    """With a CJK font installed, a chart's Chinese labels draw without missing glyphs."""
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from api.notebook import CJK_FONTS, setup_charts

    installed = {f.name for f in font_manager.fontManager.ttflist}
    if not installed.intersection(CJK_FONTS):
        pytest.skip("no CJK font installed (fonts-wqy-zenhei)")
    setup_charts()
    fig, ax = plt.subplots()
    ax.set_title("各产业研发投入强度（%，示例）")
    ax.set_xlabel("企业数")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_match_rows_have_chinese_headers_marks_and_names() -> None:
    from api.notebook import match_rows
    from graph.match.answer import Match, MatchAnswer
    from graph.stores.embedded import EmbeddedStore
    from tests.api.test_officer_answers import officer_batch

    with EmbeddedStore(":memory:") as store:
        store.upsert(officer_batch())
        known = next(iter(store.iter_nodes()))
        items = [
            Match(
                id="institution:a",
                name="甲研究所",
                kind="Institution",
                score=1.5,
                signals={"text": 1.0, "region": 0.5},
                paths=[[known.id, "institution:a"]],
                reasons=["需求与研究方向重合: 冬枣"],
                synthetic=True,
                tied=True,
            )
        ]
        rows = match_rows(MatchAnswer(items=items), store)
    assert rows == [
        {
            "排名": "1=",
            "名称": "甲研究所（示例）",
            "得分": 1.5,
            "文本契合": 1.0,
            "京津方向": 0.5,
            "理由": "需求与研究方向重合: 冬枣",
            "合作路径": f"{known.name} → institution:a",
        }
    ]


@pytest.mark.slow
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


@pytest.mark.parametrize("name", NAMES)
def test_shows_the_example_data_banner_under_the_load(name: str) -> None:
    cells = nbformat.read(NOTEBOOKS / name, as_version=4).cells
    code = [c.source for c in cells if c.cell_type == "code"]
    load = next(i for i, source in enumerate(code) if "load_district()" in source)
    assert code[load + 1].strip() == "district.banner()"


def test_the_banner_counts_example_and_partly_example_entities() -> None:
    from api.notebook import example_banner
    from graph.stores.embedded import EmbeddedStore
    from tests.api.test_officer_answers import officer_batch

    with EmbeddedStore(":memory:") as store:
        store.upsert(officer_batch())
        banner = example_banner(store)
    # 瑞丰化工 is an example firm; 华升化工 a real firm with example indicator rows.
    assert (banner.examples, banner.partly) == (1, 1)
    assert "1 个实体完全是示例" in banner._repr_html_()
    assert "（示例）" in repr(banner)
