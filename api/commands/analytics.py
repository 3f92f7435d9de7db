"""``ttkg targets`` and ``ttkg analytics``: the plan's targets, network analytics, R&D indicators.

Each prints a table, or JSON with ``--json``, and writes the bureau's spreadsheet with
``--export FILE.csv`` or ``--export FILE.xlsx``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from api.commands import console, fail, open_cli_store, print_json
from api.commands.export import ExportOption, JsonOption, export_rows
from graph import analytics as net
from graph.programs.statistics import rd_indicators
from graph.programs.targets import DISTRICT, target_progress

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
    rows = [t.model_dump(mode="json") for t in found]
    if export is not None:
        export_rows(export, rows)
    if as_json:
        print_json(rows)
        return
    table = Table(title="targets")
    for column in ("target", "measure", "actual", "goal", "met"):
        table.add_column(column)
    for t in found:
        goal = f"{t.op} {t.target:g} {t.unit}" if t.target is not None else "?"
        table.add_row(
            escape(t.text),
            escape(t.measure_label or "") or "[yellow]none[/yellow]",
            "?" if t.actual is None else str(t.actual),
            goal,
            {True: "[green]yes[/green]", False: "[red]no[/red]", None: "?"}[t.met],
        )
    console.print(table)
    if not found:
        console.print("no Target nodes: load the work plan first (ttkg load data/documents)")


def analytics(
    ctx: typer.Context,
    what: Annotated[Analysis, typer.Argument(help="what to compute")] = Analysis.brokers,
    until: Annotated[int | None, typer.Option(help="the network as of this year")] = None,
    before: Annotated[int | None, typer.Option(help="changes: the earlier year")] = None,
    after: Annotated[int | None, typer.Option(help="changes: the later year")] = None,
    k: Annotated[int, typer.Option(min=1, help="how many brokers")] = 10,
    seed: Annotated[int, typer.Option(help="communities: the random seed")] = 0,
    home: Annotated[str, typer.Option(help="bridges: the home district's Region id")] = DISTRICT,
    to: Annotated[
        str | None, typer.Option(help="bridges: to this node id instead of Beijing–Tianjin")
    ] = None,
    as_json: JsonOption = False,
    export: ExportOption = None,
) -> None:
    """Network analytics and the R&D statistics indicators."""
    with open_cli_store(ctx) as store:
        if what is Analysis.indicators:
            rows = [r.model_dump() for r in rd_indicators(store, year=until)]
            G = None
        else:
            G = net.network_graph(store)
    if G is not None:
        if to is not None and to not in G:
            raise fail(f"no node with id {to!r}")
        rows = _analysis_rows(
            G, what, until=until, before=before, after=after, k=k, seed=seed, home=home, to=to
        )
    if export is not None:
        export_rows(export, rows)
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"analytics: {what.value}")
    headers = list(dict.fromkeys(key for row in rows for key in row))
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*(escape(_text(row.get(h, ""))) for h in headers))
    console.print(table)


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
) -> list[dict[str, Any]]:
    def name(u: str) -> str:
        return str(G.nodes[u].get("name", u))

    if what is Analysis.isolated:
        return [{"id": u, "name": name(u)} for u in net.isolated_enterprises(G, until=until)]
    if what is Analysis.brokers:
        return [s.model_dump() for s in net.brokers(G, k=k, until=until)]
    if what is Analysis.centrality:
        return [s.model_dump() for s in net.centrality(G, until=until)]
    if what is Analysis.bridges:
        report = (
            net.bridges_to_nodes(G, [to], home=home, k=k, until=until)
            if to is not None
            else net.bridges_to_region(G, home=home, k=k, until=until)
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
        raise fail("changes needs --before YEAR and --after YEAR (after >= before)")
    return [net.changes(G, before=before, after=after, k=k, seed=seed).model_dump()]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("targets")(targets)
    app.command("analytics")(analytics)
