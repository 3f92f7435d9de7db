"""``ttkg copy``: copy a graph between any two stores (embedded file, Neo4j server, cluster, Aura).

Nodes go first, then edges, in batches; each batch is one all-or-nothing upsert into the
target, merged into whatever the target already holds, so a copy that stops half-way can
simply be run again.

A first copy into an empty database of a local Neo4j server takes the offline bulk importer
instead (:mod:`api.commands.neo4j_bulk`): the command says which path it took and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.commands import console, err_console, fail, open_cli_store, print_json
from api.commands.neo4j_bulk import plan_bulk, run_bulk
from graph.errors import GraphError
from graph.i18n import N_, _
from graph.model import GraphBatch, UpsertSummary
from graph.stores.base import GraphStore
from graph.stores.neo4j import Neo4jStore

__all__ = ["copy_graph", "register"]

T = TypeVar("T")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def copy_graph(
    source: GraphStore,
    target: GraphStore,
    *,
    batch_size: int = 10_000,
    progress: Callable[[int], None] | None = None,
) -> UpsertSummary:
    """Upsert every node, then every edge, of ``source`` into ``target``; ``progress(n)`` per batch.

    >>> from graph.model import Node, NodeKind, Provenance
    >>> from graph.stores.embedded import EmbeddedStore
    >>> a, b = EmbeddedStore(":memory:"), EmbeddedStore(":memory:")
    >>> a.open(); b.open()
    >>> _ = a.upsert(GraphBatch(nodes=[Node.create(NodeKind.REGION, "沾化区",
    ...                                            provenance=[Provenance(source="demo")])]))
    >>> copy_graph(a, b).nodes_added, b.stats().nodes
    (1, 1)
    """
    if batch_size < 1:
        # i18n: ok: a caller's error (the CLI bounds --batch-size)
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    summary = UpsertSummary()
    for nodes in _batches(source.iter_nodes(), batch_size):
        summary.add(target.upsert(GraphBatch(nodes=nodes)))
        if progress:
            progress(len(nodes))
    for edges in _batches(source.iter_edges(), batch_size):
        summary.add(target.upsert(GraphBatch(edges=edges)))
        if progress:
            progress(len(edges))
    return summary


class BulkMode(StrEnum):
    """How a copy into Neo4j writes: chosen, always the importer, never the importer."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


BULK_HELP = N_("写入 Neo4j 的方式：auto（本机空库用离线批量导入，其余用事务写入）、always、never")
HOME_HELP = N_("本机 Neo4j 服务器的目录（默认取 TTKG_NEO4J_HOME；不指定则不用批量导入）")


def _report_bulk(nodes: int, edges: int, seconds: float, rate: float, as_json: bool) -> None:
    """What the bulk importer did: records, its own seconds, records per second."""
    if as_json:
        print_json(
            {"path": "bulk", "nodes_added": nodes, "edges_added": edges,
             "import_seconds": round(seconds, 2), "records_per_second": round(rate)}
        )  # fmt: skip
        return
    console.print(
        _(
            "批量导入完成：节点 {nodes} 个，边 {edges} 条；导入工具用时 {seconds:.1f} 秒，"
            "每秒 {rate:,.0f} 条记录"
        ).format(nodes=nodes, edges=edges, seconds=seconds, rate=rate),
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``ttkg copy`` to ``app``."""

    @app.command("copy")
    def copy_command(
        ctx: typer.Context,
        source: Annotated[
            str, typer.Option("--from", help=_("读取的存储：文件路径或 neo4j:// 地址"))
        ],
        target: Annotated[
            str, typer.Option("--to", help=_("写入的存储：文件路径或 neo4j:// 地址"))
        ],
        batch_size: Annotated[
            int, typer.Option(min=1, help=_("每批记录数（一批要么全部写入，要么都不写）"))
        ] = 10_000,
        as_json: Annotated[bool, typer.Option("--json", help=_("以 JSON 输出摘要"))] = False,
        bulk: Annotated[BulkMode, typer.Option(help=_(BULK_HELP))] = BulkMode.AUTO,
        neo4j_home: Annotated[Path | None, typer.Option("--neo4j-home", help=_(HOME_HELP))] = None,
    ) -> None:
        """把一个存储的全部节点和关系复制到另一个存储（与已有内容合并）。"""
        if source == target:
            raise fail(_("--from 和 --to 是同一个存储（{store}）").format(store=source))
        with open_cli_store(ctx, source) as src, open_cli_store(ctx, target) as dst:
            try:
                plan = plan_bulk(dst, target, neo4j_home, bulk.value)
                err_console.print(plan.reason, highlight=False)
                if plan.bulk and isinstance(dst, Neo4jStore):
                    done = run_bulk(src, dst, plan)
                    _report_bulk(done.nodes, done.edges, done.import_seconds, done.rate, as_json)
                    return
            except GraphError as exc:
                raise fail(_("批量导入没有完成：{error}").format(error=exc)) from exc
            try:
                counts = src.stats()
                with Progress(
                    TextColumn(f"[bold]{_('复制')}[/bold]"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn(_("条记录")),
                    TimeElapsedColumn(),
                    console=err_console,
                ) as bar:
                    task = bar.add_task("copy", total=counts.nodes + counts.edges)
                    summary = copy_graph(
                        src,
                        dst,
                        batch_size=batch_size,
                        progress=lambda n: bar.advance(task, n),
                    )
            except GraphError as exc:
                raise fail(_("复制中断：{error}").format(error=exc)) from exc
        if as_json:
            print_json(summary.model_dump())
            return
        s = summary
        console.print(
            _(
                "已复制 {source} -> {target}：节点 新增 {nodes_added}、更新 {nodes_updated}、"
                "未变 {nodes_unchanged}；关系 新增 {edges_added}、更新 {edges_updated}、"
                "未变 {edges_unchanged}"
            ).format(
                source=source,
                target=target,
                nodes_added=s.nodes_added,
                nodes_updated=s.nodes_updated,
                nodes_unchanged=s.nodes_unchanged,
                edges_added=s.edges_added,
                edges_updated=s.edges_updated,
                edges_unchanged=s.edges_unchanged,
            ),
            highlight=False,
        )
