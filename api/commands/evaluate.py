"""``ttkg eval``: measure matchmaking on real data (the offline harness of graph.evaluation).

``ttkg eval partners`` reads the CORDIS participations (loaders.cordis) and scores the
learned ranker against the baselines on a time split.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from api.commands import console, fail, print_json
from graph.errors import GraphError
from graph.i18n import N_, _

__all__ = ["register"]

eval_app = typer.Typer(help=_("在真实合作数据上评估对接效果"), no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help=_("输出 JSON"))]


@eval_app.command("partners", help=_("按时间切分预测企业与科研机构的合作：模型与基线方法对比"))
def eval_partners(
    participations: Annotated[
        Path, typer.Option(help=_("参与记录文件（.csv 或 .csv.gz，CORDIS 的列）"))
    ] = Path("data/cordis/eunets_h2020_participations.csv.gz"),
    train_until: Annotated[int, typer.Option(help=_("训练项目的最后开始年份"))] = 2018,
    test_from: Annotated[int, typer.Option(help=_("测试项目的最早开始年份"))] = 2019,
    k: Annotated[int, typer.Option("--k", min=1, help=_("同时报告 Hits@k"))] = 10,
    mode: Annotated[
        str, typer.Option(help=_("link（合作关系）、need（需求）或 both（两者）"))
    ] = "link",
    validate: Annotated[bool, typer.Option(help=_("同时报告内部验证切分（仅训练年份）"))] = False,
    save_weights: Annotated[
        Path | None, typer.Option(help=_("把 link 模式的权重写到这里（供对接使用）"))
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Company -> academic link prediction on a time split: model against the baselines."""
    from graph.evaluation import evaluate_partners
    from loaders.cordis import read_dataset

    if test_from <= train_until:
        raise fail(
            _("--test-from {test_from} 须晚于 --train-until {train_until}").format(
                test_from=test_from, train_until=train_until
            )
        )
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
            title=_("{mode} 模式：{links} 条合作，{companies} 家企业，{candidates} 个候选").format(
                mode=name,
                links=block["n_links"],
                companies=block["n_companies"],
                candidates=block["n_candidates"],
            )
        )
        for column in (_("方法"), "hits@1", f"hits@{k}", "mrr"):
            table.add_column(column)
        rows = {"model": block["model"], **block["baselines"]}
        for method, m in rows.items():
            table.add_row(method, str(m["hits@1"]), str(m.get(f"hits@{k}", "")), str(m["mrr"]))
        console.print(table)


_KIND_LABELS = {
    "institutions": N_("机构"),
    "enterprises": N_("企业"),
    "talent_programs": N_("人才计划"),
    "platforms": N_("平台(含类型)"),
    "cooperations": N_("合作关系"),
    "cooperations_uncertain": N_("合作关系(不确定)"),
    "targets": N_("目标"),
}


@eval_app.command(
    "documents", help=_("按人工标注给文件抽取打分: 各类准确率、召回率、F1,目标命中数,漏抽与误抽。")
)
def eval_documents(
    folder: Annotated[
        Path, typer.Argument(help=_("文件夹: 每份文件 NN.txt 旁有标注 NN.expected.json"))
    ],
    region: Annotated[
        str | None, typer.Option(help=_("标注未写地区时,按此地区读文件(如 山东省滨州市沾化区)"))
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Score document extraction against ``*.expected.json`` labels (data/docs-dev's format)."""
    from loaders.documents.evaluation import score_directory

    try:
        result = score_directory(folder, region=region)
    except GraphError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        print_json(result)
        return
    console.print(documents_table(result))
    for name, report in result["files"].items():
        lines = [
            _("  {kind} 漏抽: {missed}; 误抽: {extra}").format(
                kind=_(_KIND_LABELS[kind]),
                missed="、".join(r["missed"]) or "-",
                extra="、".join(r["false_positives"]) or "-",
            )
            for kind, r in report.items()
            if r["missed"] or r["false_positives"]
        ]
        if lines:
            console.print(escape(name), highlight=False)
            for line in lines:
                console.print(escape(line), highlight=False)


def documents_table(result: dict[str, Any]) -> Table:
    """The per-kind table of a :func:`graph.evaluation.documents.score_documents` result."""
    micro = result["micro"]
    targets = result["targets"]
    table = Table(
        title=_("{n} 份文件: 微平均 F1 {f1}, 目标命中 {found}/{total} (多抽 {extra})").format(
            n=result["documents"],
            f1=micro["f1"],
            found=targets["found"],
            total=targets["total"],
            extra=targets["extra"],
        )
    )
    for column in (_("类别"), _("标注数"), _("抽取数"), _("准确率"), _("召回率"), "F1"):
        table.add_column(column)
    extracted = targets["found"] + targets["extra"]
    target_row = {
        "labelled": targets["total"],
        "found": extracted,
        "precision": targets["found"] / extracted if extracted else 0.0,
        "recall": targets["found"] / targets["total"] if targets["total"] else 0.0,
    }
    p, r = target_row["precision"], target_row["recall"]
    target_row["f1"] = 2 * p * r / (p + r) if p + r else 0.0
    rows = {**result["kinds"], "targets": target_row, "micro": micro}
    for kind, row in rows.items():
        label = _("微平均(机构+企业+人才计划)") if kind == "micro" else _(_KIND_LABELS[kind])
        table.add_row(
            label,
            str(row["labelled"]),
            str(row["found"]),
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
        )
    return table


def register(app: typer.Typer) -> None:
    """Add ``eval`` to ``app``."""
    app.add_typer(eval_app, name="eval")
