"""``ttkg targets`` and ``ttkg analytics``: the plan's targets, network analytics, R&D indicators.

Each prints a table, or JSON with ``--json``, and writes the bureau's spreadsheet with
``--export FILE.csv`` or ``--export FILE.xlsx``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.commands import console, err_console, fail, open_cli_store, print_json
from api.commands.export import ExportOption, JsonOption, export_rows
from graph import analytics as net
from graph.analytics_cache import cached
from graph.exports import mark_example
from graph.i18n import N_, _
from graph.lookup import kind_label
from graph.programs.certificate import rests_on_example
from graph.programs.statistics import rd_indicators
from graph.programs.targets import DISTRICT, TargetProgress, target_progress
from graph.settings import get_settings
from graph.stores.base import GraphStore

__all__ = ["register"]


class Analysis(StrEnum):
    """What ``ttkg analytics`` computes."""

    isolated = "isolated"
    brokers = "brokers"
    centrality = "centrality"
    bridges = "bridges"
    communities = "communities"
    changes = "changes"
    indicators = "indicators"


def targets(ctx: typer.Context, as_json: JsonOption = False, export: ExportOption = None) -> None:
    """The work plan's targets and how far the graph says they have come."""
    with open_cli_store(ctx) as store:
        found = target_progress(store)
    if export is not None:
        export_rows(export, [_target_row(t) for t in found])
    if as_json:
        print_json([t.model_dump(mode="json") for t in found])
        return
    table = Table(title=_("工作计划目标进度"))
    for column, options in (
        (_("目标"), {"ratio": 2}),
        (_("计量口径"), {"ratio": 3}),
        (_("实际"), {"justify": "right", "min_width": 8}),
        (_("目标值"), {"min_width": 5}),
        (_("达成"), {"min_width": 4}),
    ):
        table.add_column(column, overflow="fold", **options)
    for t in found:
        goal = f"{t.op} {t.target:g} {t.unit}" if t.target is not None else "?"
        table.add_row(
            escape(t.text),
            escape(t.measure_label or "") or f"[yellow]{escape(_('无'))}[/yellow]",
            _actual_cell(t),
            goal,
            _met_cell(t),
        )
    if any(t.synthetic for t in found):
        table.caption = _("计数含示例数据（合成数据）：只有“真实”部分可作为进度上报")
    console.print(table)
    if not found:
        console.print(_("没有目标：请先载入工作计划（ttkg load data/documents）"))


def _actual_cell(t: TargetProgress) -> str:
    """The count and, below it, how many rest on real and on example data."""
    if t.actual is None:
        return "?"
    split = _("真实 {real}\n示例 {example}").format(real=t.actual_real, example=t.actual_example)
    return f"{t.actual}\n[dim]{escape(split)}[/dim]"


def _met_cell(t: TargetProgress) -> str:
    """Met or not on all the members; met on example data alone is marked so."""
    if t.met is None:
        return "?"
    real_met = t.actual_real is not None and t.target is not None and _reaches(t, t.actual_real)
    if t.met and not real_met:
        return f"[yellow]{escape(_('是（依赖示例数据）'))}[/yellow]"
    return f"[green]{escape(_('是'))}[/green]" if t.met else f"[red]{escape(_('否'))}[/red]"


def _reaches(t: TargetProgress, count: int) -> bool:
    target = t.target or 0
    return {">=": count >= target, ">": count > target, "<=": count <= target}.get(
        t.op, count == target
    )


def _target_row(t: TargetProgress) -> dict[str, Any]:
    return {
        _("目标"): t.text,
        _("计量口径"): t.measure_label,
        _("实际"): t.actual,
        _("其中真实"): t.actual_real,
        _("其中示例"): t.actual_example,
        _("目标值"): t.target,
        _("单位"): t.unit,
        _("达成"): t.met,
        _("计入对象"): [mark_example(m, m in t.example_members) for m in t.members],
    }


def analytics(
    ctx: typer.Context,
    what: Annotated[
        Analysis,
        typer.Argument(
            help=_(
                "要计算什么：isolated 孤立企业、brokers 中介、centrality 中心度、"
                "bridges 桥梁、communities 社区、changes 变化、indicators 研发统计指标"
            )
        ),
    ] = Analysis.brokers,
    until: Annotated[int | None, typer.Option(help=_("截至此年份的网络"))] = None,
    before: Annotated[int | None, typer.Option(help=_("changes：较早的年份"))] = None,
    after: Annotated[int | None, typer.Option(help=_("changes：较晚的年份"))] = None,
    k: Annotated[int, typer.Option(min=1, help=_("列出多少个中介"))] = 10,
    seed: Annotated[int, typer.Option(help=_("communities：随机种子"))] = 0,
    home: Annotated[str, typer.Option(help=_("bridges：本区的地区编号（Region id）"))] = DISTRICT,
    to: Annotated[str | None, typer.Option(help=_("bridges：通向此节点编号，而不是京津"))] = None,
    as_json: JsonOption = False,
    export: ExportOption = None,
) -> None:
    """Network analytics and the R&D statistics indicators."""
    notes: list[str] = []
    with open_cli_store(ctx) as store:
        if what is Analysis.indicators:
            rows = [r.model_dump() for r in rd_indicators(store, year=until)]
        else:
            if to is not None and not store.get_nodes([to]):
                raise fail(_("没有 id 为 {id} 的节点").format(id=repr(to)))
            options: dict[str, Any] = {"until": until, "before": before, "after": after, "k": k}
            options |= {"seed": seed, "home": home, "to": to}

            def compute(budget: net.Budget) -> list[dict[str, Any]]:
                G = net.network_graph(store)
                return _analysis_rows(G, what, budget=budget, **options)

            with _progress_bar() as budget:
                found = cached(
                    store,
                    f"cli:{what.value}",
                    options,
                    list[dict[str, Any]],
                    compute,
                    budget=budget,
                )
            rows, notes = _flag_examples(store, found.value), found.notes
    for note in notes:
        err_console.print(f"[yellow]{escape(note)}[/yellow]")
    if export is not None:
        export_rows(export, _for_people(_marked(rows)))
    if as_json:
        print_json(rows)
        return
    if what is Analysis.indicators:
        _print_indicators(rows)
        return
    rows = _marked(rows)
    table = Table(title=_("网络分析：{what}").format(what=_(_ANALYSES[what])))
    headers = list(dict.fromkeys(key for row in rows for key in row))
    for header in headers:
        numeric = any(isinstance(row.get(header), int | float) for row in rows)
        table.add_column(
            escape(_header(header)),
            overflow="fold",
            justify="right" if numeric else "left",
            min_width=4,
        )
    for row in rows:
        table.add_row(*(escape(_cell(h, row.get(h, ""))) for h in headers))
    console.print(table)


INDICATOR_HEADERS = {
    "scope": N_("范围"),
    "year": N_("年份"),
    "enterprises": N_("企业数"),
    "rd_active": N_("有研发活动"),
    "rd_known": N_("研发已知"),
    "rd_active_share": N_("有研发活动占比"),
    "with_rd_institution": N_("有研发机构"),
    "rd_institution_known": N_("研发机构已知"),
    "rd_institution_share": N_("有研发机构占比"),
    "rd_staff_fte": N_("研发人员全时当量"),
    "rd_staff_fte_known": N_("全时当量已知"),
    "rd_expense": N_("研发费用（万元）"),
    "revenue": N_("营业收入（万元）"),
    "rd_intensity": N_("研发投入强度"),
}
"""Chinese headers of the R&D indicators (the JSON keys stay English)."""


_SCOPES = {"district": N_("全区"), "above_scale": N_("规上企业")}

ANALYSIS_HEADERS = {
    "id": N_("编号"),
    "name": N_("名称"),
    "kind": N_("种类"),
    "degree": N_("关联数"),
    "betweenness": N_("介数"),
    "stderr": N_("标准误"),
    "synthetic": N_("示例数据"),
    "role": N_("角色"),
    "community": N_("社区"),
    "size": N_("规模"),
    "members": N_("成员"),
    "before": N_("较早年份"),
    "after": N_("较晚年份"),
    "edges_before": N_("较早年份的合作数"),
    "edges_after": N_("较晚年份的合作数"),
    "undated_edges": N_("无年份的合作数"),
    "newly_connected": N_("新建立联系的"),
    "newly_isolated": N_("新成为孤立的"),
    "brokers_before": N_("较早年份的中介"),
    "brokers_after": N_("较晚年份的中介"),
    "communities_before": N_("较早年份的社区数"),
    "communities_after": N_("较晚年份的社区数"),
}
"""Chinese headers of the network analyses' rows (the JSON keys stay English)."""

_ROLES = {"broker": N_("中介"), "direct link": N_("直接联系")}
_ANALYSES = {
    Analysis.isolated: N_("孤立企业"),
    Analysis.brokers: N_("中介"),
    Analysis.centrality: N_("中心度"),
    Analysis.bridges: N_("桥梁"),
    Analysis.communities: N_("社区"),
    Analysis.changes: N_("变化"),
    Analysis.indicators: N_("研发统计指标"),
}


def _header(key: str) -> str:
    """A row key as a person reads it (the key itself when it has no label)."""
    label = INDICATOR_HEADERS.get(key) or ANALYSIS_HEADERS.get(key)
    return _(label) if label else key


def _for_people(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a spreadsheet: Chinese headers, kinds and roles in words."""
    return [
        {
            _header(key): _cell(key, value)
            if key in ("kind", "role", "scope") or isinstance(value, bool)
            else value
            for key, value in row.items()
        }
        for row in rows
    ]


def _share_cell(part: object, whole: object, share: object) -> str:
    """``94/109`` and the share below it as a percentage (``86.2%``), or ``?``."""
    if not isinstance(share, float):
        return f"{part}/{whole}\n?"
    return f"{part}/{whole}\n{share:.1%}"


def _print_indicators(rows: list[dict[str, Any]]) -> None:
    """The R&D indicators, one scope a row: counts over the known, shares as percentages."""
    table = Table(title=_("研发统计指标"), caption=_("比例按数据已知的企业计算：有/已知"))
    table.add_column(_("范围"), overflow="fold", min_width=4)
    table.add_column(_("年份"), no_wrap=True)
    for header in (
        _("企业数"),
        _("有研发活动"),
        _("有研发机构"),
        _("研发人员全时当量"),
        _("研发费用（万元）"),
        _("营业收入（万元）"),
        _("研发投入强度"),
    ):
        table.add_column(header, justify="right", overflow="fold", min_width=6)
    for row in rows:
        scope = str(row["scope"])
        intensity = row.get("rd_intensity")
        table.add_row(
            escape(_(_SCOPES[scope]) if scope in _SCOPES else scope),
            str(row["year"]),
            str(row["enterprises"]),
            _share_cell(row["rd_active"], row["rd_known"], row["rd_active_share"]),
            _share_cell(
                row["with_rd_institution"],
                row["rd_institution_known"],
                row["rd_institution_share"],
            ),
            f"{row['rd_staff_fte']:,.1f}",
            f"{row['rd_expense']:,.0f}",
            f"{row['revenue']:,.0f}",
            "?" if not isinstance(intensity, float) else f"{intensity:.2%}",
        )
    console.print(table)


def _cell(header: str, value: object) -> str:
    """A cell as a person reads it: shares and intensities as percentages, money with
    thousands separators, kinds and roles in words, yes or no."""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if header == "kind" and isinstance(value, str) and value:
        return kind_label(value)
    if header == "role" and isinstance(value, str) and value in _ROLES:
        return _(_ROLES[value])
    if header == "scope" and isinstance(value, str) and value in _SCOPES:
        return _(_SCOPES[value])
    if isinstance(value, float) and (header.endswith("_share") or header == "rd_intensity"):
        return f"{value:.1%}"
    if isinstance(value, float) and header in {"rd_expense", "revenue"}:
        return f"{value:,.1f}"
    return _text(value)


@contextmanager
def _progress_bar() -> Iterator[net.Budget]:
    """A budget of ``TTKG_ANALYTICS_BUDGET_S`` seconds whose progress a rich bar shows (on
    standard error, so ``--json`` output stays clean)."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(_("计算介数（起点）"), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield net.Budget(seconds=get_settings().analytics_budget_s, progress=advance)


def _flag_examples(store: GraphStore, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows about one node each get ``synthetic``: the node rests on example data (flagged
    after the cache, as the graph now is)."""
    ids = {str(row["id"]) for row in rows if "id" in row}
    examples = {u for u, n in store.get_nodes(ids).items() if rests_on_example(n)}
    return [{**row, "synthetic": row["id"] in examples} if "id" in row else row for row in rows]


def _marked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for people (tables, spreadsheets): an example node's name marked （示例）."""
    return [
        {**row, "name": mark_example(str(row["name"]), bool(row["synthetic"]))}
        if "name" in row and "synthetic" in row
        else row
        for row in rows
    ]


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _analysis_rows(
    G: Any,
    what: Analysis,
    *,
    until: int | None,
    before: int | None,
    after: int | None,
    k: int,
    seed: int,
    home: str,
    to: str | None = None,
    budget: net.Budget | None = None,
) -> list[dict[str, Any]]:
    def name(u: str) -> str:
        return str(G.nodes[u].get("name", u))

    if what is Analysis.isolated:
        return [{"id": u, "name": name(u)} for u in net.isolated_enterprises(G, until=until)]
    if what is Analysis.brokers:
        return [s.model_dump() for s in net.brokers(G, k=k, until=until, budget=budget)]
    if what is Analysis.centrality:
        return [s.model_dump() for s in net.centrality(G, until=until, budget=budget)]
    if what is Analysis.bridges:
        report = (
            net.bridges_to_nodes(G, [to], home=home, k=k, until=until, budget=budget)
            if to is not None
            else net.bridges_to_region(G, home=home, k=k, until=until, budget=budget)
        )
        rows = [{"role": "broker", **s.model_dump()} for s in report.brokers]
        rows += [
            {"role": "direct link", "id": u, "name": f"{name(u)} - {name(v)}"}
            for u, v in report.direct
        ]
        return rows
    if what is Analysis.communities:
        return [
            {"community": i, "size": len(c), "members": [name(u) for u in c]}
            for i, c in enumerate(net.communities(G, seed=seed, until=until), 1)
        ]
    if before is None or after is None or after < before:
        raise fail(_("changes 需要 --before 年份 和 --after 年份（after 不早于 before）"))
    found = net.changes(G, before=before, after=after, k=k, seed=seed, budget=budget)
    return [found.model_dump()]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("targets", help=_("工作计划的目标，以及图谱所见的进度"))(targets)
    app.command("analytics", help=_("网络分析和研发统计指标"))(analytics)
