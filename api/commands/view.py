"""``ttkg view``: write the interactive network view to one self-contained HTML file, or the
drawn graph as a file for Gephi and spreadsheets (``--export csv|graphml|gexf``).

The HTML file opens in any browser without a network (every script is inside it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import networkx as nx
import typer

from api.commands import console, fail, open_cli_store
from api.commands.names import resolve_option
from graph.errors import NodeNotFound
from graph.i18n import _
from graph.model import NodeKind
from graph.render import DEFAULT_TITLE, render_html
from graph.render.aggregate import Overview
from graph.render.files import GraphFormat, graph_file
from graph.render.html import render_overview
from graph.render.overview import network_view
from graph.render.select import ego_view, network_graph

__all__ = ["register"]


def view(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help=_("写入的文件（HTML，或 --export 的格式）"))
    ],
    center: Annotated[
        str | None,
        typer.Option(help=_("只看这个节点的邻域（编号或名称）")),
    ] = None,
    depth: Annotated[int, typer.Option(min=1, max=3, help=_("--center 周围的跳数"))] = 1,
    hubs: Annotated[
        bool,
        typer.Option(
            "--hubs/--no-hubs",
            help=_("邻域视图经过地区和文件节点展开（默认不展开，页面中可切换显示）"),
        ),
    ] = False,
    kind: Annotated[list[NodeKind] | None, typer.Option(help=_("显示的节点类型（可重复）"))] = None,
    industry: Annotated[
        str | None, typer.Option(help=_("只看这个产业的成员（编号或名称）"))
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help=_("最多显示的节点数"))] = None,
    title: Annotated[str | None, typer.Option(help=_("页面标题"))] = None,
    export: Annotated[
        GraphFormat | None,
        typer.Option(
            "--export",
            help=_(
                "写出节点和关系文件而不是页面：csv（zip 内 nodes.csv、edges.csv）、graphml、gexf"
            ),
        ),
    ] = None,
) -> None:
    """Write the network view (or one node's neighbourhood) as an offline HTML page."""
    hidden: set[str] = set()
    drawn: Overview | nx.MultiDiGraph
    with open_cli_store(ctx) as store:
        try:
            if center is not None:
                node = resolve_option(store, center)
                ego = ego_view(store, node.id, depth=depth, hubs=hubs)
                G, hidden = ego.graph, ego.hubs
                if kind:
                    wanted = {k.value for k in kind}
                    G = G.subgraph(
                        [u for u, k in G.nodes(data="kind") if k in wanted or u == node.id]
                    ).copy()
                heading = title or _("{name} 的合作网络（{depth} 跳）").format(
                    name=node.name, depth=depth
                )
            else:
                if export is not None:
                    G = network_graph(store, kinds=kind, industry=industry, limit=limit)
                else:  # a page of groups above 3,000 nodes, read as counts
                    drawn = network_view(store, kinds=kind, industry=industry, limit=limit)
                heading = title or _(DEFAULT_TITLE)
        except NodeNotFound as exc:
            raise fail(str(exc)) from exc
    if center is not None or export is not None:
        drawn = G
    if export is not None:
        data = graph_file(G, export)
    elif isinstance(drawn, Overview):
        data = render_overview(drawn, title=heading).encode()
    else:
        focus = node.id if center is not None else None
        data = render_html(drawn, title=heading, focus=focus, optional=hidden).encode()
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise fail(_("无法写入 {path}：{reason}").format(path=output, reason=exc.strerror)) from exc
    console.print(
        _("已写入 {path}（{nodes} 个节点，{edges} 条关系，{size:.1f} MB）").format(
            path=output,
            nodes=drawn.total_nodes if isinstance(drawn, Overview) else drawn.number_of_nodes(),
            edges=drawn.total_edges if isinstance(drawn, Overview) else drawn.number_of_edges(),
            size=len(data) / 1e6,
        ),
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``ttkg view`` to ``app``."""
    app.command(name="view", help=_("把合作网络图（或一个节点的邻域）写成离线 HTML 页面"))(view)
