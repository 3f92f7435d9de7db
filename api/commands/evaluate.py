"""``ttkg eval``: measure matchmaking on real data (the offline harness of graph.evaluation).

``ttkg eval partners`` reads the CORDIS participations (loaders.cordis) and scores the
learned ranker against the baselines on a time split.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from api.commands import console, fail, print_json
from graph.errors import GraphError

__all__ = ["register"]

eval_app = typer.Typer(help="Evaluate matchmaking on real cooperation data.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]


@eval_app.command("partners")
def eval_partners(
    participations: Annotated[
        Path, typer.Option(help="participations file (.csv or .csv.gz, CORDIS columns)")
    ] = Path("data/cordis/eunets_h2020_participations.csv.gz"),
    train_until: Annotated[int, typer.Option(help="last start year of training projects")] = 2018,
    test_from: Annotated[int, typer.Option(help="first start year of test projects")] = 2019,
    k: Annotated[int, typer.Option("--k", min=1, help="also report Hits@k")] = 10,
    mode: Annotated[str, typer.Option(help="link, need or both")] = "link",
    validate: Annotated[
        bool, typer.Option(help="also report the inner validation split (training years only)")
    ] = False,
    save_weights: Annotated[
        Path | None, typer.Option(help="write the link-mode weights here (for the matcher)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Company -> academic link prediction on a time split: model against the baselines."""
    from graph.evaluation import evaluate_partners
    from loaders.cordis import read_dataset

    if test_from <= train_until:
        raise fail(f"--test-from {test_from} must come after --train-until {train_until}")
    try:
        data = read_dataset(participations)
        result = evaluate_partners(
            data, train_until=train_until, test_from=test_from, mode=mode, validate=validate, k=k
        )
    except (GraphError, ValueError) as exc:
        raise fail(str(exc)) from exc
    if save_weights is not None:
        link = result["link"] if mode == "both" else result
        assert isinstance(link, dict)
        save_weights.write_text(json.dumps(link["ranker"], indent=2) + "\n", encoding="utf-8")
    if as_json:
        print_json(result)
        return
    blocks = result if mode == "both" else {mode: result}
    for name, block in blocks.items():
        assert isinstance(block, dict)
        table = Table(
            title=f"{name} mode: {block['n_links']} links, "
            f"{block['n_companies']} companies, {block['n_candidates']} candidates"
        )
        for column in ("method", "hits@1", f"hits@{k}", "mrr"):
            table.add_column(column)
        rows = {"model": block["model"], **block["baselines"]}
        for method, m in rows.items():
            table.add_row(method, str(m["hits@1"]), str(m.get(f"hits@{k}", "")), str(m["mrr"]))
        console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``eval`` to ``app``."""
    app.add_typer(eval_app, name="eval")
