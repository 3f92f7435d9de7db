"""``ttkg view``: write the interactive network view to one self-contained HTML file.

The file opens in any browser without a network (every script is inside it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.commands import console, fail, open_cli_store
from graph.errors import NodeNotFound
from graph.model import NodeKind
from graph.render import DEFAULT_TITLE, render_html
from graph.render.select import ego_graph, network_graph, resolve_node

__all__ = ["register"]


def view(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write")],
    center: Annotated[
        str | None, typer.Option(help="show this node's neighbourhood (an id or a name)")
    ] = None,
    depth: Annotated[int, typer.Option(min=1, max=3, help="hops around --center")] = 1,
    kind: Annotated[
        list[NodeKind] | None, typer.Option(help="node kinds to show (repeatable)")
    ] = None,
    industry: Annotated[
        str | None, typer.Option(help="only this industry's members (an id or a name)")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="at most this many nodes")] = None,
    title: Annotated[str | None, typer.Option(help="page title")] = None,
) -> None:
    """Write the network view (or one node's neighbourhood) as an offline HTML page."""
    with open_cli_store(ctx) as store:
        try:
            if center is not None:
                node = resolve_node(store, center)
                G = ego_graph(store, node.id, depth=depth)
                if kind:
                    wanted = {k.value for k in kind}
                    G = G.subgraph(
                        [u for u, k in G.nodes(data="kind") if k in wanted or u == node.id]
                    ).copy()
                heading = title or f"{node.name} 的合作网络（{depth} 跳）"
                page = render_html(G, title=heading, focus=node.id)
            else:
                G = network_graph(store, kinds=kind, industry=industry, limit=limit)
                page = render_html(G, title=title or DEFAULT_TITLE)
        except NodeNotFound as exc:
            raise fail(str(exc)) from exc
    output.write_text(page, encoding="utf-8")
    console.print(
        f"wrote {output} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges, "
        f"{len(page.encode()) / 1e6:.1f} MB)",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``ttkg view`` to ``app``."""
    app.command(name="view")(view)
