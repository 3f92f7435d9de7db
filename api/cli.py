"""``ttkg``: load, inspect and serve the tech-transfer knowledge graph.

The store is chosen by ``--store`` (before the command) or ``TTKG_STORE``: a file path
for the embedded store, or a ``neo4j://`` / ``bolt://`` URI.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from api.commands import (
    analytics,
    console,
    copy,
    documents,
    evaluate,
    fail,
    match,
    open_cli_store,
    print_json,
    programs,
    settings_of,
    template,
    view,
)
from api.typer_text import localise
from graph.errors import GraphError
from graph.i18n import DEFAULT_LANGUAGE, UnknownLanguage, _, check_language, use_language
from graph.settings import get_settings
from loaders.report import LoadReport, TableReading

__all__ = ["app"]

localise()

app = typer.Typer(
    name="ttkg",
    help=_("科技成果转化知识图谱：载入、查看、对接和服务"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    store: Annotated[
        str | None,
        typer.Option(help=_("图谱存储：文件路径或 neo4j:// 地址 [环境变量 TTKG_STORE]")),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=_("界面语言：zh_CN（默认）或 en [环境变量 TTKG_LANG]"),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Choose the store every command works on, and the language of what it prints."""
    try:
        language = check_language(lang or os.environ.get("TTKG_LANG") or DEFAULT_LANGUAGE)
    except UnknownLanguage as exc:
        raise fail(str(exc), code=2) from exc
    # The commands run inside this callback's context: the language holds until they end.
    ctx.with_resource(use_language(language))
    settings = get_settings()
    if store:
        settings = settings.model_copy(update={"store": store})
    ctx.obj = {"settings": settings}


def _print_report(report: LoadReport, *, refused: str | None = None) -> None:
    """The load summary; with ``refused`` (why ``--strict`` wrote nothing), no plans (the
    reason itself goes to stderr)."""
    if refused is not None:
        title = _("载入被拒绝（--strict：未写入任何数据）")
    elif report.dry_run:
        title = _("载入计划（试运行：未写入任何数据）")
    else:
        title = _("载入摘要")
    folder, names = _short_names([f.file for f in report.files])
    if folder:
        title += _("（文件夹 {folder}）").format(folder=folder)
    table = Table(title=escape(title))
    # The file's name is kept whole (folded, never cut) and wide enough to tell files apart.
    longest = max((len(n) for n in names), default=4)
    table.add_column(_("文件"), overflow="fold", min_width=min(longest, 36), ratio=3)
    table.add_column(_("类型"), overflow="fold", ratio=2)
    table.add_column(_("行数"), justify="right", no_wrap=True)
    table.add_column(_("拒绝\n行/单元格"), justify="right", no_wrap=True)
    table.add_column(_("错误"), overflow="fold", ratio=5)
    for f, name in zip(report.files, names, strict=True):
        rejected = f"{f.rows_rejected}/{f.cells_rejected}"
        table.add_row(escape(name), f.kind, str(f.rows), rejected, escape(f.error or ""))
    console.print(table)
    if report.dry_run and refused is None:
        from api.commands.review import show_entities

        for f in report.files:
            if f.plan is not None:
                _print_plan(f.file, f.plan)
            elif f.entities:
                show_entities(f.file, f.entities)
    elif not report.dry_run:
        s = report.summary
        console.print(
            _(
                "节点：新增 {nodes_added}，更新 {nodes_updated}，未变 {nodes_unchanged}；"
                "关系：新增 {edges_added}，更新 {edges_updated}，未变 {edges_unchanged}"
            ).format(
                nodes_added=s.nodes_added,
                nodes_updated=s.nodes_updated,
                nodes_unchanged=s.nodes_unchanged,
                edges_added=s.edges_added,
                edges_updated=s.edges_updated,
                edges_unchanged=s.edges_unchanged,
            )
        )
    for f in report.files:
        for note in f.notes:
            console.print(
                f"[cyan]{_('说明')}[/cyan] {escape(f.file)}: {escape(note)}", highlight=False
            )
    for reject in report.rejects:
        word = _("单元格未载入") if reject.level == "cell" else _("已拒绝")
        console.print(f"[yellow]{word}[/yellow] {escape(str(reject))}", highlight=False)
    if report.dry_run and refused is None:
        console.print(_("试运行：未写入任何数据"))


def _short_names(files: list[str]) -> tuple[str, list[str]]:
    """The folder all ``files`` are under (shown once in the title) and each name below it.

    >>> _short_names(["data/d/a.csv", "data/d/b.xlsx (sheet 技术需求)"])
    ('data/d/', ['a.csv', 'b.xlsx (sheet 技术需求)'])
    >>> _short_names(["data/d/a.csv", "data/e/b.txt"])
    ('data/', ['d/a.csv', 'e/b.txt'])
    >>> _short_names(["a.csv"])
    ('', ['a.csv'])
    """
    folders = [f.rsplit("/", 1)[0] if "/" in f else "" for f in files]
    if not files or "" in folders:
        return "", list(files)
    common = os.path.commonpath(folders)
    if not common:
        return "", list(files)
    folder = common.rstrip("/") + "/"
    return folder, [f.removeprefix(folder) for f in files]


def _strict_failures(report: LoadReport) -> str | None:
    """Why ``--strict`` refuses ``report`` (a file not read, a row or cell rejected), else None.

    A cell left out counts: the row would load without a value the file gives, and a strict
    load is the files exactly as written or nothing.
    """
    failed = sum(1 for f in report.files if f.error)
    rows = sum(f.rows_rejected for f in report.files)
    cells = sum(f.cells_rejected for f in report.files)
    if not (failed or rows or cells):
        return None
    counts = [
        (failed, _("{n} 个文件无法读取")),
        (rows, _("{n} 行被拒绝")),
        (cells, _("{n} 个单元格未载入")),
    ]
    parts = [text.format(n=n) for n, text in counts if n]
    return "--strict: " + _("、").join(parts)


def _print_plan(file: str, plan: TableReading) -> None:
    """How one table was read: its kind, header rows and the column of each header."""
    rows = ", ".join(str(n) for n in plan.header_rows)
    table = Table(
        title=_("{file}：{kind}，表头行 {rows}").format(
            file=escape(file), kind=plan.kind, rows=rows
        )
    )
    for column in (_("表头"), _("列"), _("单位"), _("年份")):
        table.add_column(column, overflow="fold")
    for entry in plan.columns:
        column = entry.column + (_("（作为属性保留）") if entry.kept_as_property else "")
        table.add_row(
            escape(entry.header), escape(column), escape(entry.unit or ""), str(entry.year or "")
        )
    for left in plan.left_out:
        table.add_row(
            escape(left.header), _("未载入：{reason}").format(reason=escape(left.reason)), "", ""
        )
    console.print(table)


@app.command(
    help=_(
        "载入表格（CSV、XLSX）和公文（TXT、HTML），全部写入或全部不写。\n\n"
        "无法读取的文件只停下这个文件（原因见摘要），坏的行或单元格只停下它自己，"
        "其余照常载入；加 --strict 时任何一处出错都不写入。"
    )
)
def load(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help=_("要载入的文件或文件夹"))] = None,
    cordis: Annotated[
        Path | None, typer.Option(help=_("要载入的 CORDIS H2020 文件所在的文件夹"))
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("以 JSON 输出摘要"))] = False,
    rejects: Annotated[
        Path | None, typer.Option(help=_("同时把被拒绝的行和单元格写入此 CSV 文件"))
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help=_("只读取和检查：列出每张表如何读取、哪些会被拒绝，不写入任何数据"),
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=_(
                "任何文件无法读取或任何行、单元格被拒绝时不写入并以 1 退出"
                "（与 --dry-run 同用：只检查并以 1 退出）"
            ),
        ),
    ] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help=_(
                "写入前审核公文：逐个列出识别出的实体（依据的句子、位置、解析结果），"
                "输入编号剔除错误的，其余写入；剔除的下次导入同一文件时仍会剔除"
            ),
        ),
    ] = False,
    drop: Annotated[
        str | None,
        typer.Option(
            "--drop",
            help=_("与 --review 同用：要剔除的实体编号，如 3,5 或 7-9（0 表示不剔除），不再询问"),
        ),
    ] = None,
) -> None:
    """Load tables (CSV, XLSX) and documents (TXT, HTML); one all-or-nothing batch.

    A file that cannot be read stops that file only (its reason in the summary) and a bad
    row or cell only itself; the rest loads. With ``--strict`` any of these loads nothing.
    """
    from loaders.load import load_paths
    from loaders.tables import batch_of

    if not paths and cordis is None:
        raise fail(_("请给出要载入的文件或文件夹，或 --cordis DIR"))
    if review or drop is not None:
        from api.commands.review import check_options, review_load

        check_options(review=review, drop=drop, cordis=cordis is not None, strict=strict)
        with open_cli_store(ctx) as store:
            try:
                report = review_load(
                    store,
                    paths or [],
                    region=settings_of(ctx).region,
                    drops=drop,
                    dry_run=dry_run,
                    show=not as_json,
                )
            except GraphError as exc:
                raise fail(str(exc)) from exc
        if as_json:
            print_json(report.public(plans=True))
        else:
            _print_report(report)
        if report.files and all(f.error for f in report.files):
            raise typer.Exit(1)
        return
    for option, given in (("--dry-run", dry_run), ("--strict", strict)):
        if given and cordis is not None:
            raise fail(
                _("{option} 只检查表格和公文；载入 --cordis 时请不要加它").format(option=option)
            )
    settings = settings_of(ctx)
    refused: str | None = None
    with open_cli_store(ctx) as store:
        report = LoadReport()
        try:
            if paths:
                # --strict reads and checks everything first, as a dry run, and writes the
                # batch only when nothing failed.
                report = load_paths(store, paths, region=settings.region, dry_run=dry_run or strict)
                refused = _strict_failures(report) if strict else None
                if strict and not dry_run and refused is None:
                    report.summary = store.upsert(batch_of(report.files))
                    report.dry_run = False
            if cordis is not None:
                from loaders.cordis import load_cordis

                cordis_report = load_cordis(store, cordis)
                report.files.extend(cordis_report.files)
                report.summary.add(cordis_report.summary)
        except GraphError as exc:
            raise fail(str(exc)) from exc
    if rejects is not None:
        # with a byte-order mark, as Excel wants it to read the Chinese right
        rejects.write_text(report.rejects_csv(), encoding="utf-8-sig")
    if as_json:
        print_json(report.public(plans=dry_run))
    else:
        _print_report(report, refused=refused if not dry_run else None)
    if refused is not None:
        raise fail(refused + (_("（试运行）") if dry_run else _("：未写入任何数据")))
    if report.files and all(f.error for f in report.files):
        raise typer.Exit(1)


@app.command(help=_("节点和关系的总数及各类数量"))
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help=_("输出 JSON"))] = False,
) -> None:
    """Nodes and edges in all and by kind."""
    with open_cli_store(ctx) as store:
        result = store.stats()
    if as_json:
        print_json(
            {
                "nodes": result.nodes,
                "edges": result.edges,
                "by_kind": result.by_kind,
                "by_edge_kind": result.by_edge_kind,
            }
        )
        return
    table = Table(title=_("图谱 {store}").format(store=escape(str(settings_of(ctx).store))))
    table.add_column(_("种类"))
    table.add_column(_("数量"), justify="right")
    from graph.lookup import kind_label
    from graph.render.style import edge_style

    for kind, count in result.by_kind.items():
        table.add_row(escape(kind_label(kind)), str(count))
    table.add_section()
    for kind, count in result.by_edge_kind.items():
        table.add_row(escape(_(edge_style(kind).label)), str(count))
    table.add_section()
    table.add_row(f"[bold]{_('节点')}[/bold]", str(result.nodes))
    table.add_row(f"[bold]{_('关系')}[/bold]", str(result.edges))
    console.print(table)


@app.command(help=_("查看一个实体：标记、带单位的事实、来源和按种类列出的相邻实体"))
def show(
    ctx: typer.Context,
    reference: Annotated[
        str, typer.Argument(help=_("实体：编号（id）、名称、别名、简称或统一社会信用代码"))
    ],
    as_json: Annotated[bool, typer.Option("--json", help=_("输出 JSON"))] = False,
) -> None:
    """One entity: flags, facts with units, provenance and neighbours by kind."""
    from api.commands.names import resolve_option
    from api.schemas import EntityDetail
    from graph.lookup import kind_label
    from graph.render.style import edge_style

    with open_cli_store(ctx) as store:
        node = resolve_option(store, reference)
        detail = EntityDetail.of_node(node, store.neighbours(node.id))
    if as_json:
        print_json(detail.model_dump(mode="json"))
        return
    console.print(
        f"[bold]{escape(detail.name)}[/bold]  {escape(kind_label(detail.kind))}  "
        f"[dim]{escape(detail.id)}[/dim]",
        highlight=False,
    )
    if detail.aliases:
        console.print(_("别名：") + "、".join(detail.aliases), highlight=False, markup=False)
    for flag in detail.flags:
        console.print(f"[yellow]● {escape(flag)}[/yellow]", highlight=False)
    if detail.facts:
        facts = Table(title=_("事实"), show_header=False)
        facts.add_column(_("项目"), overflow="fold", ratio=1)
        facts.add_column(_("数值"), overflow="fold", ratio=1)
        for fact in detail.facts:
            facts.add_row(escape(fact.label), escape(fact.value))
        console.print(facts)
    console.print(_("来源："), highlight=False, markup=False)
    for p in detail.provenance:
        mark = _("（示例数据）") if p.synthetic else ""
        where = f" {p.locator}" if p.locator else ""
        note = f"：{p.note}" if p.note else ""
        console.print(f"  {p.source}{where}{mark}{note}", highlight=False, markup=False)
    for kind, neighbours in detail.neighbours_by_kind.items():
        names = "、".join(
            f"{n.node.name}（{_(edge_style(n.edge_kind).label)}）" for n in neighbours
        )
        console.print(
            f"[bold]{escape(kind)}[/bold]（{len(neighbours)}）：{escape(names)}", highlight=False
        )


@app.command(help=_("启动 API 服务（文档在 /docs），默认只监听 127.0.0.1"))
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help=_("监听的地址"))] = None,
    port: Annotated[int | None, typer.Option(help=_("监听的端口"))] = None,
) -> None:
    """Serve the API (docs at /docs) on 127.0.0.1 unless told otherwise."""
    import uvicorn

    from api.main import create_app

    settings = settings_of(ctx)
    host = host or settings.host
    port = port or settings.port
    base = f"http://{host}:{port}"
    console.print(_("首页：{url}").format(url=f"{base}/"))
    console.print(_("合作网络图：{url}").format(url=f"{base}/views/network"))
    console.print(_("接口文档：{url}").format(url=f"{base}/docs"))
    console.print(_("实体查询：{url}").format(url=f"{base}/entities?q=华升化工"))
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


for _module in (documents, copy, match, evaluate, view, programs, analytics, template):
    _module.register(app)
