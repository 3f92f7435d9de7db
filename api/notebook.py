"""What every analyst notebook does first and last: charts that show Chinese, the district graph.

The notebooks in ``notebooks/`` are a front end like the CLI and the API, so their shared setup
lives here, beside them, and each notebook holds only what it shows:

- `setup_charts` gives matplotlib a CJK font (where one is installed) and pandas wide columns;
- `load_district` loads ``data/district`` and ``data/documents`` into an embedded store in a
  temporary folder, with the load report; `District.close` closes it and deletes the folder;
- `export_folder` is where a notebook writes its spreadsheets;
- `District.banner` (and `example_banner`) says, first thing under the load, when any of the
  loaded data is example (synthetic) data, and that answers resting on it are marked （示例）;
- `kind_name`, `edge_name`, `verdict_name` and `percent` put the code's kinds, verdicts and
  ratios into the words tables and charts show (the labels of the graph, view and CLI);
  `match_rows` does the same for a matchmaking answer, with its example marks.

matplotlib and pandas come with the ``notebooks`` extras, so they are imported only when called.

Examples
--------
>>> district = load_district([])
>>> district.store.stats().nodes, len(district.report.files)
(0, 0)
>>> district.banner().examples
0
>>> district.close()
>>> district.folder.exists()
False
>>> kind_name("Enterprise"), edge_name("IN_INDUSTRY"), verdict_name("not_yet"), percent(0.1234)
('企业', '所属产业', '尚不符合', '12.3%')
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from api.commands.programs import verdict_text
from graph.exports import mark_example
from graph.i18n import N_, _
from graph.labels import kind_label
from graph.match.answer import MatchAnswer
from graph.model import NodeKind
from graph.render.style import EDGE_STYLES
from graph.settings import Settings
from graph.stores import GraphStore, open_store
from loaders.load import load_paths
from loaders.report import LoadReport

__all__ = [
    "CJK_FONTS",
    "DISTRICT_DATA",
    "ROOT",
    "District",
    "ExampleBanner",
    "edge_name",
    "example_banner",
    "export_folder",
    "kind_name",
    "load_district",
    "match_rows",
    "percent",
    "setup_charts",
    "verdict_name",
]

ROOT = Path(__file__).resolve().parent.parent
"""The repository (the package is installed in editable mode from it)."""
DISTRICT_DATA = (ROOT / "data" / "district", ROOT / "data" / "documents")
"""The demo set: the district's tables (real rows and synthetic fill, marked) and the work plan."""
CJK_FONTS = (
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
)
"""Fonts with Chinese glyphs, first installed first; matplotlib's default follows them."""
SIGNAL_LABELS = {
    "text": N_("文本契合"),
    "graph": N_("合作网络"),
    "profile": N_("合作画像"),
    "popularity": N_("合作经验"),
    "common_neighbours": N_("共同合作方"),
    "industry": N_("同产业"),
    "region": N_("京津方向"),
}
"""The parts of a match score (``Match.signals``) as a table's headers say them."""


@dataclass(frozen=True)
class District:
    """A loaded graph in a throwaway embedded store, and the report of its load."""

    store: GraphStore
    report: LoadReport
    folder: Path
    """The temporary folder holding the store's file; `close` deletes it."""

    def banner(self) -> ExampleBanner:
        """The example-data banner of this graph (see `example_banner`)."""
        return example_banner(self.store)

    def close(self) -> None:
        """Close the store and delete its folder."""
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class ExampleBanner:
    """How much of a graph is example data, shown as a banner in a notebook (HTML) or as text.

    Empty (no output) when nothing loaded is an example.
    """

    examples: int
    """Entities every source of which is an example row."""
    partly: int
    """Entities some of whose facts come from example rows (a real firm's demo indicators)."""
    total: int

    def text(self) -> str:
        """The banner's words in the reader's language ("" when there is no example data)."""
        if not (self.examples or self.partly):
            return ""
        return _(
            "注意：本图谱载入了示例数据（合成数据，非真实记录）：{examples} 个实体完全是示例，"
            "{partly} 个实体的部分事实来自示例行（共 {total} 个实体）。依据示例数据的结论标有"
            "“（示例）”或 synthetic，不能作为真实情况上报。"
        ).format(examples=self.examples, partly=self.partly, total=self.total)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        text = self.text()
        if not text:
            return ""
        style = "border:2px solid #e6a700;background:#fff8e1;padding:8px 12px;font-weight:bold"
        return f'<div role="alert" style="{style}">{escape(text)}</div>'


def example_banner(store: GraphStore) -> ExampleBanner:
    """Count the entities of ``store`` that are, or rest partly on, example data."""
    examples = partly = total = 0
    for node in store.iter_nodes():
        total += 1
        marks = [p.synthetic for p in node.provenance]
        if marks and all(marks):
            examples += 1
        elif any(marks):
            partly += 1
    return ExampleBanner(examples=examples, partly=partly, total=total)


def load_district(
    paths: Iterable[str | Path] = DISTRICT_DATA, *, region: str | None = None
) -> District:
    """Load ``paths`` (the district demo set) into a new store in a temporary folder.

    ``region`` resolves the work plan's ``省``/``市``/``区`` prefixes; by default the settings'
    district. The load is all-or-nothing, as ``ttkg load``: an error leaves no folder behind.
    """
    folder = Path(tempfile.mkdtemp(prefix="ttkg-notebook-"))
    store = open_store(folder / "graph.db")
    try:
        report = load_paths(store, paths, region=region or Settings().region)
    except BaseException:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return District(store=store, report=report, folder=folder)


def setup_charts() -> None:
    """Chinese chart labels where a CJK font is installed; wide pandas columns, no English footer.

    Without a CJK font the charts still draw, with empty boxes for Chinese characters; the
    warnings about the missing glyphs are silenced, since they would repeat on every chart.
    """
    import matplotlib.pyplot as plt
    import pandas as pd  # type: ignore[import-untyped]  # no stubs; a notebooks extra

    plt.rcParams["font.sans-serif"] = [*CJK_FONTS, *plt.rcParams["font.sans-serif"]]
    plt.rcParams["axes.unicode_minus"] = False
    # i18n: ok: a warning filter
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.show_dimensions", False)  # no English "64 rows × 2 columns"


def export_folder() -> Path:
    """Where notebooks write spreadsheets: ``$TTKG_EXPORT_DIR``, else ``var/exports/`` (ignored)."""
    return Path(os.environ.get("TTKG_EXPORT_DIR", ROOT / "var" / "exports"))


def kind_name(kind: str) -> str:
    """A node kind (``Enterprise``) as tables and legends say it (``企业``)."""
    try:
        return kind_label(NodeKind(kind))
    except ValueError:
        return kind


def edge_name(kind: str) -> str:
    """An edge kind (``IN_INDUSTRY``) as the network view's legend says it (``所属产业``)."""
    return _(EDGE_STYLES[kind].label) if kind in EDGE_STYLES else kind


def verdict_name(verdict: str) -> str:
    """A programme verdict (``eligible``) as the CLI shows it (``符合条件``)."""
    return verdict_text(verdict)


def percent(value: float | None, digits: int = 1) -> str:
    """A ratio as a percentage (``0.1234`` -> ``12.3%``); unknown as ``—``."""
    if value is None or value != value:  # None or NaN
        return "—"
    return f"{value * 100:.{digits}f}%"


def match_rows(answer: MatchAnswer, store: GraphStore | None = None) -> list[dict[str, object]]:
    """A matchmaking answer as table rows with Chinese headers, best first.

    The rank carries ``=`` where the shown score ties a neighbour's (as ``ttkg match``); a
    candidate that is example data has ``（示例）`` after its name; each signal of the score is
    a column named by `SIGNAL_LABELS`. With ``store``, the cooperation paths (a column only
    when some match has one) name their nodes instead of giving their ids.
    """
    ids = {node for m in answer.items for path in m.paths for node in path}
    names = {i: n.name for i, n in store.get_nodes(ids).items()} if store and ids else {}
    rows: list[dict[str, object]] = []
    for rank, m in enumerate(answer.items, start=1):
        row: dict[str, object] = {
            _("排名"): f"{rank}=" if m.tied else rank,
            _("名称"): mark_example(m.name, m.synthetic),
            _("得分"): round(m.score, 3),
        }
        for signal, value in m.signals.items():
            label = SIGNAL_LABELS.get(signal)
            row[_(label) if label else signal] = round(value, 3)
        row[_("理由")] = "；".join(m.reasons)
        if ids:
            row[_("合作路径")] = " | ".join(
                " → ".join(names.get(node, node) for node in path) for path in m.paths
            )
        rows.append(row)
    return rows
