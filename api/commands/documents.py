"""``ttkg extract``: what a work plan or report names, without writing anything.

``ttkg load FILE.txt`` (in ``api/cli.py``) writes the same records to the graph.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from api.commands import console, err_console, fail, print_json, settings_of
from graph.errors import GraphError
from graph.i18n import N_, _
from graph.lookup import kind_label
from graph.render.style import edge_style

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``extract`` to ``app``."""

    @app.command(help=_("公文中的实体、关系和目标（不写入图谱）"))
    def extract(
        ctx: typer.Context,
        file: Annotated[
            Path,
            typer.Argument(help=_("公文：.docx、.pdf（文字版或扫描件）、.png/.jpg、.html、.txt")),
        ],
        region: Annotated[
            str | None,
            typer.Option(help=_("公文所属地区，如 山东省滨州市沾化区 [环境变量 TTKG_REGION]")),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help=_("输出 JSON"))] = False,
    ) -> None:
        """Entities, relations and targets in a document (nothing is written to the graph)."""
        from loaders.documents import extract_file
        from loaders.documents.targets import indicator_label
        from loaders.resolve import Resolver

        region = region or settings_of(ctx).region
        resolver = Resolver(region=region)
        if region and resolver.division is None:
            err_console.print(
                _(
                    "提醒：地区 {region} 不是已知的行政区划；以 省/市/区/县 开头的名称按原文保留"
                ).format(region=region),
                highlight=False,
                soft_wrap=True,
            )
        try:
            extraction = extract_file(file, region=region, resolver=resolver)
        except GraphError as exc:
            raise fail(str(exc)) from exc
        if not extraction.entities and not extraction.targets:
            err_console.print(
                _("{file}：公文中没有找到实体、关系或目标").format(file=file),
                highlight=False,
                soft_wrap=True,
            )
        if as_json:
            print_json(extraction.public())
            return
        public = extraction.public()
        entities = Table(
            title=escape(
                _("{title}（{file}，地区 {region}）").format(
                    title=extraction.title, file=file.name, region=region
                )
            )
        )
        for column in (_("种类"), _("名称"), _("原文"), _("规则"), _("位置")):
            entities.add_column(column)
        for entity in extraction.entities:
            entities.add_row(
                escape(kind_label(entity.kind.value)),
                escape(entity.name),
                escape(entity.surface),
                f"{escape(_rule(entity.rule))} {entity.score:.2f}",
                f"{entity.span[0]}-{entity.span[1]}",
            )
        console.print(entities)
        relations = Table(title=_("关系"))
        for column in (_("起点"), _("种类"), _("终点")):
            relations.add_column(column)
        for relation in public["relations"]:
            relations.add_row(
                escape(relation["source"]),
                escape(_(edge_style(relation["kind"]).label)),
                escape(relation["target"]),
            )
        console.print(relations)
        targets = Table(title=_("目标"))
        for column in (_("原文"), _("指标"), _("比较"), _("数值"), _("单位")):
            targets.add_column(column)
        for target in public["targets"]:
            targets.add_row(
                escape(target["text"]),
                escape(indicator_label(target["indicator"])),
                target["op"],
                str(target["value"]),
                escape(target["unit"]),
            )
        console.print(targets)


RULE_LABELS = {
    "new": N_("新名称"),
    "exact": N_("全名"),
    "gazetteer": N_("名录"),
    "abbreviation": N_("简称"),
    "expansion": N_("扩写"),
    "region": N_("地区"),
    "ambiguous": N_("有歧义"),
}
"""How an entity's name was resolved, as ``ttkg extract`` shows it (the JSON keeps the id)."""


def _rule(rule: str) -> str:
    return _(RULE_LABELS[rule]) if rule in RULE_LABELS else rule
