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
from graph.errors import GraphError
from graph.i18n import DEFAULT_LANGUAGE, N_, UnknownLanguage, _, check_language, use_language
from graph.settings import get_settings
from loaders.report import LoadReport, TableReading

__all__ = ["app"]

app = typer.Typer(
    name="ttkg",
    help="The tech-transfer knowledge graph: load, inspect, match and serve.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    store: Annotated[
        str | None,
        typer.Option(help="graph store: a file path or a neo4j:// URI [env: TTKG_STORE]"),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=N_("界面语言：zh_CN（默认）或 en [环境变量 TTKG_LANG]"),
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
            f"nodes: {s.nodes_added} added, {s.nodes_updated} updated, "
            f"{s.nodes_unchanged} unchanged; edges: {s.edges_added} added, "
            f"{s.edges_updated} updated, {s.edges_unchanged} unchanged"
        )
    for f in report.files:
        for note in f.notes:
            console.print(f"[cyan]note[/cyan] {escape(f.file)}: {escape(note)}", highlight=False)
    for reject in report.rejects:
        word = "cell left out" if reject.level == "cell" else "rejected"
        console.print(f"[yellow]{word}[/yellow] {escape(str(reject))}", highlight=False)
    if report.dry_run and refused is None:
        console.print("试运行：未写入任何数据 (dry run: nothing was written)")


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
    counts = [(failed, "file could not be read", "files could not be read")]
    counts += [(rows, "row rejected", "rows rejected"), (cells, "cell left out", "cells left out")]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    return "--strict: " + ", ".join(parts)


def _print_plan(file: str, plan: TableReading) -> None:
    """How one table was read: its kind, header rows and the column of each header."""
    rows = ", ".join(str(n) for n in plan.header_rows)
    table = Table(title=f"{escape(file)}: {plan.kind}, header row {rows}")
    for column in ("header", "column", "unit", "year"):
        table.add_column(column, overflow="fold")
    for entry in plan.columns:
        column = entry.column + (" (kept as property)" if entry.kept_as_property else "")
        table.add_row(
            escape(entry.header), escape(column), escape(entry.unit or ""), str(entry.year or "")
        )
    for left in plan.left_out:
        table.add_row(escape(left.header), f"left out: {escape(left.reason)}", "", "")
    console.print(table)


@app.command()
def load(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="files or folders to load")] = None,
    cordis: Annotated[
        Path | None, typer.Option(help="folder of the CORDIS H2020 files to load")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
    rejects: Annotated[
        Path | None, typer.Option(help="also write the rejected rows and cells to this CSV file")
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="read and check only: print how each table is read and what would be "
            "rejected, write nothing",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="write nothing and exit 1 if any file cannot be read or any row or cell is "
            "rejected (with --dry-run: only check and exit 1)",
        ),
    ] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help=N_(
                "写入前审核公文：逐个列出识别出的实体（依据的句子、位置、解析结果），"
                "输入编号剔除错误的，其余写入；剔除的下次导入同一文件时仍会剔除"
            ),
        ),
    ] = False,
    drop: Annotated[
        str | None,
        typer.Option(
            "--drop",
            help=N_("与 --review 同用：要剔除的实体编号，如 3,5 或 7-9（0 表示不剔除），不再询问"),
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
        raise fail("give files or folders to load, or --cordis DIR")
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
            raise fail(f"{option} checks tables and documents; load --cordis without it")
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
        raise fail(refused + (" (dry run)" if dry_run else ": nothing was written"))
    if report.files and all(f.error for f in report.files):
        raise typer.Exit(1)


@app.command()
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
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
    table = Table(title=f"graph in {settings_of(ctx).store}")
    table.add_column("kind")
    table.add_column("count", justify="right")
    for kind, count in {**result.by_kind, **result.by_edge_kind}.items():
        table.add_row(kind, str(count))
    table.add_row("[bold]nodes[/bold]", str(result.nodes))
    table.add_row("[bold]edges[/bold]", str(result.edges))
    console.print(table)


@app.command()
def show(
    ctx: typer.Context,
    reference: Annotated[
        str, typer.Argument(help=N_("实体：编号（id）、名称、别名、简称或统一社会信用代码"))
    ],
    as_json: Annotated[bool, typer.Option("--json", help=N_("输出 JSON"))] = False,
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


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
) -> None:
    """Serve the API (docs at /docs) on 127.0.0.1 unless told otherwise."""
    import uvicorn

    from api.main import create_app

    settings = settings_of(ctx)
    host = host or settings.host
    port = port or settings.port
    console.print(f"首页 start page: http://{host}:{port}/")
    console.print(f"合作网络图 network view: http://{host}:{port}/views/network")
    console.print(f"接口文档 API docs: http://{host}:{port}/docs")
    console.print(f"实体查询 entities: http://{host}:{port}/entities?q=华升化工")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


for _module in (documents, copy, match, evaluate, view, programs, analytics, template):
    _module.register(app)
