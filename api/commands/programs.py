"""``ttkg hte``, ``sme``, ``talent`` and ``policies``: readiness and eligibility verdicts.

Each prints a table, or JSON with ``--json``, and writes the bureau's spreadsheet with
``--export FILE.csv`` or ``--export FILE.xlsx``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from api.commands import console, fail, open_cli_store, print_json
from api.commands.export import ExportOption, JsonOption, export_rows
from api.commands.names import resolve_option
from graph.errors import GraphError
from graph.exports import EXAMPLE_MARK, mark_example
from graph.i18n import N_, _
from graph.model import NodeKind
from graph.programs.evaluate import assess_enterprise, assess_program
from graph.programs.hte_plan import hte_plan
from graph.programs.matching import policy_reach, talent_candidates
from graph.programs.readiness import Assessment
from graph.programs.rules import RULES_DIR, Program, load_rules

__all__ = ["register"]

RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", help=_("覆盖内置规则的规则文件或文件夹")),
]
EnterpriseOption = Annotated[
    str | None,
    typer.Option(help=_("企业：编号（id）、名称、别名、简称或统一社会信用代码")),
]
_MARK = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "[yellow]?[/yellow]"}
VERDICTS = {
    "eligible": N_("符合条件"),
    "not_yet": N_("尚不符合"),
    "unknown": N_("待补数据"),
}
LEVELS = {
    "national": N_("国家级"),
    "provincial": N_("省级"),
    "municipal": N_("市级"),
    "district": N_("区级"),
}
_COLOURS = {"eligible": "green", "not_yet": "red", "unknown": "yellow"}
_PASSED = {True: N_("通过"), False: N_("未通过"), None: N_("未知")}


def verdict_text(verdict: str) -> str:
    """A verdict in the reader's language (``符合条件``)."""
    return _(VERDICTS[verdict])


def _verdict_cell(a: Assessment) -> str:
    text = f"[{_COLOURS[a.verdict]}]{escape(verdict_text(a.verdict))}[/{_COLOURS[a.verdict]}]"
    return text + (f"[yellow]{escape(_(EXAMPLE_MARK))}[/yellow]" if a.synthetic else "")


class Verdict(StrEnum):
    """A verdict to filter by."""

    eligible = "eligible"
    not_yet = "not_yet"
    unknown = "unknown"


def _rules(paths: list[Path] | None) -> dict[str, Program]:
    try:
        return load_rules(RULES_DIR, *(paths or []))
    except GraphError as exc:
        raise fail(str(exc)) from exc


def _yes_no(value: bool | None) -> str:
    return "" if value is None else _("是") if value else _("否")


def _assessment_row(a: Assessment) -> dict[str, Any]:
    """One row of an export: Chinese headers, the example mark on the name and the verdict."""
    row: dict[str, Any] = {
        _("企业"): mark_example(a.enterprise, a.synthetic),
        _("编号"): a.id,
        _("结论"): mark_example(verdict_text(a.verdict), a.synthetic),
        _("示例数据"): _yes_no(a.synthetic),
        _("已认定高企"): _yes_no(a.certified),
        _("认定年份"): a.certified_year,
        _("复审年份"): a.renewal_year,
    }
    if a.score is not None:
        row[_("得分")] = a.score
    for c in a.conditions:
        row[c.short or c.label] = f"{_(_PASSED[c.passed])}：{c.shown}"
    row[_("差距")] = list(a.gaps)
    row[_("需人工核实")] = list(a.to_check_by_hand)
    return row


def _caption(results: list[Assessment]) -> str | None:
    if any(a.synthetic for a in results):
        return _("（示例）：结论依据的是示例数据（合成数据），不是真实企业数据，不能上报")
    return None


def _print_assessments(title: str, results: list[Assessment]) -> None:
    table = Table(title=title, show_lines=False, caption=_caption(results))
    table.add_column("#", justify="right")
    table.add_column(_("企业"), overflow="fold", min_width=6)
    table.add_column(_("结论"), no_wrap=True)
    names = list(dict.fromkeys(c.name for a in results for c in a.conditions))
    labels = {c.name: c.short or c.label for a in results for c in a.conditions}
    for number, _name in enumerate(names, 1):
        table.add_column(str(number), justify="center", no_wrap=True)
    table.add_column(_("差距"), ratio=1, overflow="fold")
    for rank, a in enumerate(results, 1):
        marks = {c.name: _MARK[c.passed] for c in a.conditions}
        table.add_row(
            str(rank),
            escape(a.enterprise),
            _verdict_cell(a),
            *(marks.get(n, "") for n in names),
            escape("\n".join(a.gaps)),
        )
    console.print(table)
    legend = "；".join(f"{i} {labels[n]}" for i, n in enumerate(names, 1))
    console.print(_("条件：{legend}").format(legend=legend), highlight=False, markup=False)
    counts = {v: sum(1 for a in results if a.verdict == v) for v in VERDICTS}
    console.print(
        "，".join(f"{verdict_text(k)} {n}" for k, n in counts.items()),
        highlight=False,
        markup=False,
    )
    if results and results[0].to_check_by_hand:
        console.print(
            _("需人工核实：") + "；".join(results[0].to_check_by_hand),
            highlight=False,
            markup=False,
        )


def _print_certified(results: list[Assessment]) -> None:
    table = Table(
        title=_("已认定的高新技术企业（{n} 家，不计入今年新申报）").format(n=len(results)),
        caption=_caption(results),
    )
    table.add_column("#", justify="right")
    table.add_column(_("企业"), overflow="fold", min_width=6)
    table.add_column(_("认定年份"), justify="right")
    table.add_column(_("复审年份"), justify="right")
    table.add_column(_("当前条件"), no_wrap=True)
    for rank, a in enumerate(results, 1):
        table.add_row(
            str(rank),
            escape(a.enterprise),
            str(a.certified_year or _("未知")),
            str(a.renewal_year or _("未知")),
            _verdict_cell(a),
        )
    console.print(table)


def _print_hte(results: list[Assessment]) -> None:
    """Certified firms apart, then who should apply this year, then whom to cultivate."""
    plan = hte_plan(results)
    if plan.certified:
        _print_certified(plan.certified)
    real = sum(1 for a in plan.apply if not a.synthetic)
    title = _("今年应申报高新技术企业认定（{n} 家：真实数据 {real} 家，示例数据 {example} 家）")
    _print_assessments(
        title.format(n=len(plan.apply), real=real, example=len(plan.apply) - real), plan.apply
    )
    if plan.cultivate:
        _print_assessments(
            _("培育对象（{n} 家，按差距由小到大）").format(n=len(plan.cultivate)), plan.cultivate
        )


def _program_command(program: str, title: str) -> Any:
    def command(
        ctx: typer.Context,
        as_json: JsonOption = False,
        export: ExportOption = None,
        verdict: Annotated[Verdict | None, typer.Option(help=_("只列出此结论"))] = None,
        enterprise: EnterpriseOption = None,
        limit: Annotated[int | None, typer.Option(min=1, help=_("最多列出几家"))] = None,
        year: Annotated[int | None, typer.Option(help=_("规则中的“上一年度”"))] = None,
        rules: RulesOption = None,
    ) -> None:
        programs = _rules(rules)
        with open_cli_store(ctx) as store:
            if enterprise is not None:
                node = resolve_option(store, enterprise, kinds=[NodeKind.ENTERPRISE])
                results = assess_enterprise(
                    store, node.id, programs={program: programs[program]}, reference_year=year
                )
            else:
                results = assess_program(
                    store, program, programs=programs, reference_year=year, ranked=True
                )
        if verdict is not None:
            results = [a for a in results if a.verdict == verdict.value]
        results = results[:limit] if limit else results
        if export is not None:
            export_rows(export, [_assessment_row(a) for a in results])
        if as_json:
            print_json([a.public() for a in results])
        elif export is None and enterprise is not None:
            _print_conditions(results[0])
        elif export is None and program == "hte":
            _print_hte(results)
        elif export is None:
            _print_assessments(_(title), results)

    command.__doc__ = _("{title}：列出有指标数据的全部企业，最接近条件的在前。").format(
        title=_(title)
    )
    return command


def _print_conditions(a: Assessment) -> None:
    """One enterprise's verdict condition by condition."""
    title = _("{name}（{id}）：{verdict}").format(
        name=a.enterprise, id=a.id, verdict=verdict_text(a.verdict)
    )
    if a.certified:
        title += _("；已认定高新技术企业，复审年份 {year}").format(year=a.renewal_year or _("未知"))
    table = Table(title=mark_example(title, a.synthetic), caption=_caption([a]))
    for column in (_("条件"), _("条款"), _("结果"), _("数值")):
        table.add_column(column, overflow="fold")
    for c in a.conditions:
        table.add_row(
            escape(c.short or c.label), escape(c.article or ""), _MARK[c.passed], escape(c.shown)
        )
    console.print(table)
    for gap in a.gaps:
        console.print(_("差距：") + gap, highlight=False, markup=False)
    for item in a.to_check_by_hand:
        console.print(_("需人工核实：") + item, highlight=False, markup=False)


def talent(
    ctx: typer.Context,
    as_json: JsonOption = False,
    export: ExportOption = None,
    rules: RulesOption = None,
) -> None:
    """Talent programmes: the enterprises named for each and every candidate's verdict."""
    programs = _rules(rules)
    with open_cli_store(ctx) as store:
        found = talent_candidates(store, programs=programs)
    rows = [
        {_("人才项目"): t.name, **_assessment_row(a), _("工作计划点名"): a.enterprise in t.named}
        for t in found
        for a in t.candidates
    ]
    if export is not None:
        export_rows(export, rows)
    if as_json:
        print_json([t.model_dump(mode="json") for t in found])
        return
    for t in found:
        console.print(
            f"[bold]{escape(t.name)}[/bold] ({escape(t.source.issuer or t.source.document)})"
        )
        console.print(
            _("工作计划点名：") + ("、".join(t.named) or _("无")), highlight=False, markup=False
        )
        named = [a for a in t.candidates if a.enterprise in t.named] or t.candidates[:10]
        _print_assessments(t.name, named)


def policies(
    ctx: typer.Context,
    enterprise: EnterpriseOption = None,
    as_json: JsonOption = False,
    export: ExportOption = None,
    rules: RulesOption = None,
) -> None:
    """Policies and whom they reach; with --enterprise, that enterprise's verdict on each."""
    programs = _rules(rules)
    with open_cli_store(ctx) as store:
        if enterprise is not None:
            node = resolve_option(store, enterprise, kinds=[NodeKind.ENTERPRISE])
            results = assess_enterprise(store, node.id, programs=programs, kinds=["policy"])
            _print_policies_for(node.name, node.id, results, programs, as_json, export)
            return
        reach = policy_reach(store, programs=programs)
    rows = [
        {
            _("政策"): r.name,
            _("层级"): _(LEVELS[r.level]),
            _("依据"): r.source.number or r.source.document,
            _("符合条件"): [mark_example(n, n in r.example) for n in r.eligible],
            _("尚不符合"): len(r.not_yet),
            _("待补数据"): len(r.unknown),
        }
        for r in reach
    ]
    if export is not None:
        export_rows(export, rows)
    if as_json:
        print_json([r.model_dump(mode="json") for r in reach])
        return
    table = Table(title=_("政策及其惠及的企业"))
    for column in (_("政策"), _("层级"), _("依据"), _("符合条件"), _("尚不符合"), _("待补数据")):
        table.add_column(column, overflow="fold")
    for r in reach:
        examples = sum(1 for n in r.eligible if n in r.example)
        eligible = str(len(r.eligible))
        if examples:
            eligible += _("（其中示例 {n}）").format(n=examples)
        table.add_row(
            escape(r.name),
            _(LEVELS[r.level]),
            escape(r.source.number or r.source.document),
            eligible,
            str(len(r.not_yet)),
            str(len(r.unknown)),
        )
    console.print(table)


def _print_policies_for(
    name: str,
    node_id: str,
    results: list[Assessment],
    programs: dict[str, Program],
    as_json: bool,
    export: Path | None,
) -> None:
    rows = [{_("政策"): programs[a.program].name, **_assessment_row(a)} for a in results]
    if export is not None:
        export_rows(export, rows)
    if as_json:
        print_json([{"policy": a.program, **a.public()} for a in results])
        return
    title = _("{name}（{id}）可享受的政策").format(name=name, id=node_id)
    table = Table(title=title, caption=_caption(results))
    for column in (_("政策"), _("层级"), _("结论"), _("依据"), _("差距 / 需人工核实")):
        table.add_column(column, overflow="fold")
    for a in results:
        p = programs[a.program]
        table.add_row(
            escape(p.name),
            _(LEVELS[p.level]),
            _verdict_cell(a),
            escape(" ".join(filter(None, (p.source.number, p.source.article)))),
            escape("\n".join([*a.gaps, *a.to_check_by_hand])),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("hte")(_program_command("hte", N_("高新技术企业认定")))
    app.command("sme")(_program_command("sme", N_("科技型中小企业评价")))
    app.command("talent", help=_("人才项目：工作计划点名的企业，以及每家候选企业的结论"))(talent)
    app.command(
        "policies", help=_("政策及其惠及的企业；加 --enterprise 时列出该企业对每项政策的结论")
    )(policies)
