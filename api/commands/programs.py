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
from graph.errors import GraphError
from graph.programs.evaluate import assess_enterprise, assess_program
from graph.programs.matching import policy_reach, talent_candidates
from graph.programs.readiness import Assessment
from graph.programs.rules import RULES_DIR, Program, load_rules
from graph.stores.base import GraphStore

__all__ = ["register"]

RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="a rule file or folder that overrides the shipped rules"),
]
_MARK = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "[yellow]?[/yellow]"}
_VERDICT = {
    "eligible": "[green]eligible[/green]",
    "not_yet": "[red]not yet[/red]",
    "unknown": "[yellow]unknown[/yellow]",
}


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


def _assessment_row(a: Assessment) -> dict[str, Any]:
    row: dict[str, Any] = {"enterprise": a.enterprise, "id": a.id, "verdict": a.verdict}
    if a.score is not None:
        row["score"] = a.score
    for c in a.conditions:
        mark = {True: "pass", False: "fail", None: "unknown"}[c.passed]
        row[c.name] = f"{mark}: {c.shown}"
    row["gaps"] = list(a.gaps)
    row["to_check_by_hand"] = list(a.to_check_by_hand)
    return row


def _print_assessments(title: str, results: list[Assessment]) -> None:
    table = Table(title=title, show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("enterprise", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    names = list(dict.fromkeys(c.name for a in results for c in a.conditions))
    for number, _ in enumerate(names, 1):
        table.add_column(str(number), justify="center", no_wrap=True)
    table.add_column("gaps", ratio=1)
    for rank, a in enumerate(results, 1):
        marks = {c.name: _MARK[c.passed] for c in a.conditions}
        table.add_row(
            str(rank),
            escape(a.enterprise),
            _VERDICT[a.verdict],
            *(marks.get(n, "") for n in names),
            escape("\n".join(a.gaps)),
        )
    console.print(table)
    legend = ", ".join(f"{i} {n.replace('_', ' ')}" for i, n in enumerate(names, 1))
    console.print(f"conditions: {legend}", highlight=False)
    counts = {v: sum(1 for a in results if a.verdict == v) for v in _VERDICT}
    console.print(", ".join(f"{k}: {n}" for k, n in counts.items()), highlight=False)
    if results and results[0].to_check_by_hand:
        console.print(
            "to check by hand: " + "; ".join(results[0].to_check_by_hand),
            highlight=False,
            markup=False,
        )


def _program_command(program: str, title: str) -> Any:
    def command(
        ctx: typer.Context,
        as_json: JsonOption = False,
        export: ExportOption = None,
        verdict: Annotated[Verdict | None, typer.Option(help="only this verdict")] = None,
        limit: Annotated[int | None, typer.Option(min=1, help="at most this many")] = None,
        year: Annotated[int | None, typer.Option(help="the 'last year' of the rules")] = None,
        rules: RulesOption = None,
    ) -> None:
        programs = _rules(rules)
        with open_cli_store(ctx) as store:
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
        elif export is None:
            _print_assessments(title, results)

    command.__doc__ = f"{title}: every enterprise with indicators, closest to eligibility first."
    return command


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
        {"program": t.name, **_assessment_row(a), "named_in_plan": a.enterprise in t.named}
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
            "named in the plan: " + ("、".join(t.named) or "none"), highlight=False, markup=False
        )
        named = [a for a in t.candidates if a.enterprise in t.named] or t.candidates[:10]
        _print_assessments(t.name, named)


def policies(
    ctx: typer.Context,
    enterprise: Annotated[str | None, typer.Option(help="an enterprise's name or id")] = None,
    as_json: JsonOption = False,
    export: ExportOption = None,
    rules: RulesOption = None,
) -> None:
    """Policies and whom they reach; with --enterprise, that enterprise's verdict on each."""
    programs = _rules(rules)
    with open_cli_store(ctx) as store:
        if enterprise is not None:
            node_id = _find(store, enterprise)
            results = assess_enterprise(store, node_id, programs=programs, kinds=["policy"])
            rows = [{"policy": programs[a.program].name, **_assessment_row(a)} for a in results]
            if export is not None:
                export_rows(export, rows)
            if as_json:
                print_json([{"policy": a.program, **a.public()} for a in results])
                return
            table = Table(title=f"policies for {escape(enterprise)}")
            for column in ("policy", "level", "verdict", "source", "gaps / to check"):
                table.add_column(column)
            for a in results:
                p = programs[a.program]
                table.add_row(
                    escape(p.name),
                    p.level,
                    _VERDICT[a.verdict],
                    escape(" ".join(filter(None, (p.source.number, p.source.article)))),
                    escape("\n".join([*a.gaps, *a.to_check_by_hand])),
                )
            console.print(table)
            return
        reach = policy_reach(store, programs=programs)
    rows = [
        {
            "policy": r.name,
            "level": r.level,
            "source": r.source.number or r.source.document,
            "eligible": r.eligible,
            "not_yet": len(r.not_yet),
            "unknown": len(r.unknown),
        }
        for r in reach
    ]
    if export is not None:
        export_rows(export, rows)
    if as_json:
        print_json([r.model_dump(mode="json") for r in reach])
        return
    table = Table(title="policies and the enterprises they reach")
    for column in ("policy", "level", "source", "eligible", "not yet", "unknown"):
        table.add_column(column)
    for r in reach:
        table.add_row(
            escape(r.name),
            r.level,
            escape(r.source.number or r.source.document),
            str(len(r.eligible)),
            str(len(r.not_yet)),
            str(len(r.unknown)),
        )
    console.print(table)


def _find(store: GraphStore, enterprise: str) -> str:
    if enterprise.startswith("enterprise:"):
        return enterprise
    found = store.lookup(enterprise)
    if not found:
        raise fail(f"no enterprise named {enterprise!r}")
    return found[0].id


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("hte")(_program_command("hte", "HTE readiness"))
    app.command("sme")(_program_command("sme", "tech-SME evaluation"))
    app.command("talent")(talent)
    app.command("policies")(policies)
