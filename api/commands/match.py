"""``ttkg match partners|adopters``: ranked, explained partners and adopters."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.table import Table

from api.commands import console, fail, open_cli_store, print_json
from api.commands.names import resolve_option
from graph.errors import GraphError
from graph.field_errors import field_error_message
from graph.i18n import N_, _
from graph.lookup import kind_label
from graph.match.query import AdoptersQuery, MatchFilters, MatchQuery, PartnersQuery
from graph.match.rank import MatchAnswer, answer_matches
from graph.model import NodeKind

__all__ = ["register"]

match_app = typer.Typer(
    help=_("对接：排好序并说明理由的合作机构与成果承接企业"), no_args_is_help=True
)

KOption = Annotated[int, typer.Option("-k", "--k", min=1, max=200, help=_("返回多少个"))]
JsonOption = Annotated[bool, typer.Option("--json", help=_("输出 JSON"))]
KindOption = Annotated[
    list[NodeKind] | None, typer.Option("--kind", help=_("候选的种类（可重复）"))
]
RegionOption = Annotated[
    str | None, typer.Option(help=_("只要位于此处的候选（地区编号或名称、国家）"))
]
IndustryOption = Annotated[str | None, typer.Option(help=_("只要属于此产业的候选"))]
KeepOption = Annotated[bool, typer.Option("--include-partners", help=_("保留已在合作的组织"))]


def _show(answer: MatchAnswer, as_json: bool, title: str) -> None:
    if as_json:
        print_json(answer.model_dump())
        return
    matches = answer.items
    table = Table(title=title)
    for column in ("#", _("名称"), _("种类"), _("得分"), _("理由")):
        table.add_column(column)
    for i, m in enumerate(matches, start=1):
        mark = " [yellow]" + escape(_("（示例数据）")) + "[/yellow]"
        name = escape(m.name) + (mark if m.synthetic else "")
        why = escape("\n".join(m.reasons))
        rank = f"{i}=" if m.tied else str(i)  # "=": the same shown score as a neighbour
        kind = kind_label(m.kind)
        table.add_row(rank, f"{name}\n[dim]{escape(m.id)}[/dim]", kind, f"{m.score:.3f}", why)
    if any(m.synthetic for m in matches):
        table.caption = escape(_("示例数据：种子生成的演示数据，并非真实组织"))
    console.print(table)
    if any(m.tied for m in matches):
        console.print(escape(_("“=”：分数相同。") + answer.tie_rule))
    if answer.confidence == "low":
        console.print(escape(_("置信度低")), style="bold red")
        for note in answer.notes:
            console.print("  " + escape(note))


_TITLES = {
    "partners": N_("{subject} 的合作伙伴"),
    "adopters": N_("{subject} 的成果承接企业"),
}


def _match(
    ctx: typer.Context,
    query_type: type[MatchQuery],
    *,
    source: str | None,
    text: str | None,
    k: int,
    kinds: list[NodeKind] | None,
    region: str | None,
    industry: str | None,
    include_partners: bool,
    as_json: bool,
) -> None:
    """Rank in the query's direction on the command's store and print the matches.

    Missing source and text exit non-zero naming the two options; a GraphError exits non-zero
    with its message.
    """
    direction = query_type.direction
    filters = MatchFilters(
        kinds=kinds, region=region, industry=industry, exclude_partners=not include_partners
    )
    try:
        query = query_type(source=source, text=text, k=k, filters=filters)
    except ValidationError as exc:
        # typer has checked k and the filters are built: only the query's own rule is left
        # (a source or a text, a text not too long), its message in Chinese.
        reason = _("；").join(field_error_message(e) for e in exc.errors())
        options = f"--{direction.source}, --{direction.text}"
        raise fail(_("{reason}（{options}）").format(reason=reason, options=options)) from exc
    with open_cli_store(ctx) as store:
        subject = text or ""
        if query.source is not None:
            node = resolve_option(store, query.source, kinds=direction.source_kinds)
            query = query.model_copy(update={"source": node.id})
            subject = _("{name}（{id}）").format(name=node.name, id=node.id)
        try:
            found = answer_matches(store, query)
        except GraphError as exc:
            raise fail(str(exc)) from exc
    title = _(_TITLES[direction]).format(subject=subject)
    _show(found, as_json, title)


@match_app.command("partners", help=_("适合某企业或某需求的机构，排好序并说明理由"))
def partners(
    ctx: typer.Context,
    enterprise: Annotated[
        str | None, typer.Option(help=_("企业：编号（id）、名称、别名、简称或统一社会信用代码"))
    ] = None,
    need: Annotated[str | None, typer.Option(help=_("技术需求（文字描述）"))] = None,
    k: KOption = 10,
    kind: KindOption = None,
    region: RegionOption = None,
    industry: IndustryOption = None,
    include_partners: KeepOption = False,
    as_json: JsonOption = False,
) -> None:
    """Institutions that fit an enterprise or a need, ranked and explained."""
    _match(
        ctx,
        PartnersQuery,
        source=enterprise,
        text=need,
        k=k,
        kinds=kind,
        region=region,
        industry=industry,
        include_partners=include_partners,
        as_json=as_json,
    )


@match_app.command("adopters", help=_("可能承接某机构成果的企业，排好序并说明理由"))
def adopters(
    ctx: typer.Context,
    institution: Annotated[
        str | None, typer.Option(help=_("机构：编号（id）、名称、别名或简称"))
    ] = None,
    result: Annotated[str | None, typer.Option(help=_("科研成果（文字描述）"))] = None,
    k: KOption = 10,
    kind: KindOption = None,
    region: RegionOption = None,
    industry: IndustryOption = None,
    include_partners: KeepOption = False,
    as_json: JsonOption = False,
) -> None:
    """Enterprises that could adopt an institution's results, ranked and explained."""
    _match(
        ctx,
        AdoptersQuery,
        source=institution,
        text=result,
        k=k,
        kinds=kind,
        region=region,
        industry=industry,
        include_partners=include_partners,
        as_json=as_json,
    )


def register(app: typer.Typer) -> None:
    """Add ``match`` to ``app``."""
    app.add_typer(match_app, name="match")
