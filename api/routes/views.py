"""Routes under /views: the interactive network view as one self-contained HTML page.

``GET /views/network`` shows the whole network (filtered by kind and industry, capped by
``limit``); ``GET /views/ego/{id}`` shows one node's neighbourhood. Match results link to the
latter. Ids hold Chinese characters, ``:`` and ``|``: clients percent-encode them in the path.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.schemas import NO_NUL, EntityIdPath, problems
from graph.model import NodeKind
from graph.render import DEFAULT_TITLE, render_html
from graph.render.select import ego_graph, network_graph

router = APIRouter(prefix="/views", tags=["views"])

LINK_PREFIX = "/views"


@router.get("/network", response_class=HTMLResponse, responses=problems(404))
def network_view(
    store: StoreDep,
    kind: Annotated[list[NodeKind] | None, Query(description="node kinds to show")] = None,
    industry: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=300,
            pattern=NO_NUL,
            description="an Industry node's id or name: its members only",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100_000, description="at most this many nodes")] = 20_000,
) -> HTMLResponse:
    """The network, drawn with physics up to 1,000 nodes and as groups above 3,000."""
    G = network_graph(store, kinds=kind, industry=industry, limit=limit)
    parts = [", ".join(k.value for k in kind)] if kind else []
    if industry:
        parts.append(industry)
    title = DEFAULT_TITLE + (f"（{' · '.join(parts)}）" if parts else "")
    return HTMLResponse(render_html(G, title=title, link_prefix=LINK_PREFIX))


@router.get("/ego/{node_id:path}", response_class=HTMLResponse, responses=problems(404))
def ego_view(
    store: StoreDep,
    node_id: EntityIdPath,
    depth: Annotated[int, Query(ge=1, le=3, description="hops from the node")] = 1,
) -> HTMLResponse:
    """One node and its neighbours within ``depth`` hops; the node is focused on load."""
    center = store.get_node(node_id)
    G = ego_graph(store, center.id, depth=depth)
    title = f"{center.name} 的合作网络（{depth} 跳）"
    return HTMLResponse(render_html(G, title=title, link_prefix=LINK_PREFIX, focus=center.id))
