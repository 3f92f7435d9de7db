"""Routes under /views: the interactive network view as one self-contained HTML page, and the
drawn graph as files (CSV, GraphML, GEXF).

``GET /views/network`` shows the whole network (filtered by kind and industry, capped by
``limit``); ``GET /views/ego/{id}`` shows one node's neighbourhood (region and document hubs
behind a toggle, or walked through with ``hubs=true``). Match results link to the latter.
``GET /views/export/network`` and ``/views/export/ego/{id}`` send the same graphs as files, with
``format=csv|graphml|gexf``. Ids hold Chinese characters, ``:`` and ``|``: clients
percent-encode them in the path.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.deps import StoreDep
from api.schemas import NO_NUL, EntityIdPath, problems
from graph.i18n import _
from graph.model import NodeKind
from graph.render import DEFAULT_TITLE, render_html
from graph.render.files import FORMATS, MEDIA_TYPES, GraphFormat, graph_file
from graph.render.select import ego_view, network_graph
from graph.stores.base import GraphStore

router = APIRouter(prefix="/views", tags=["views"])

LINK_PREFIX = "/views"

KindQuery = Annotated[list[NodeKind] | None, Query(description="node kinds to show")]
IndustryQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=300,
        pattern=NO_NUL,
        description="an Industry node's id or name: its members only",
    ),
]
LimitQuery = Annotated[int, Query(ge=1, le=100_000, description="at most this many nodes")]
DepthQuery = Annotated[int, Query(ge=1, le=3, description="hops from the node")]
HubsQuery = Annotated[
    bool, Query(description="walk through region and document hubs (default: behind a toggle)")
]
FormatQuery = Annotated[GraphFormat, Query(description="csv (a zip), graphml or gexf")]


def _exports(path: str, query: dict[str, object]) -> dict[str, str]:
    return {
        fmt: f"{LINK_PREFIX}/export/{path}?{urlencode({**query, 'format': fmt}, doseq=True)}"
        for fmt in FORMATS
    }


def _file(G: nx.Graph, fmt: GraphFormat, stem: str) -> Response:
    suffix = "zip" if fmt == "csv" else fmt
    return Response(
        graph_file(G, fmt),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(stem)}.{suffix}"},
    )


def _network(
    store: GraphStore, kind: list[NodeKind] | None, industry: str | None, limit: int
) -> nx.MultiDiGraph:
    return network_graph(store, kinds=kind, industry=industry, limit=limit)


@router.get("/network", response_class=HTMLResponse, responses=problems(404))
def network_view(
    store: StoreDep,
    kind: KindQuery = None,
    industry: IndustryQuery = None,
    limit: LimitQuery = 20_000,
) -> HTMLResponse:
    """The network, drawn with physics up to 500 nodes and as groups above 3,000."""
    G = _network(store, kind, industry, limit)
    parts = [", ".join(k.value for k in kind)] if kind else []
    if industry:
        parts.append(industry)
    title = _(DEFAULT_TITLE) + (f"（{' · '.join(parts)}）" if parts else "")
    query: dict[str, object] = {"kind": [k.value for k in kind or []], "limit": limit}
    if industry:
        query["industry"] = industry
    page = render_html(G, title=title, link_prefix=LINK_PREFIX, exports=_exports("network", query))
    return HTMLResponse(page)


@router.get("/ego/{node_id:path}", response_class=HTMLResponse, responses=problems(404))
def ego_page(
    store: StoreDep,
    node_id: EntityIdPath,
    depth: DepthQuery = 1,
    hubs: HubsQuery = False,
) -> HTMLResponse:
    """One node and its neighbours within ``depth`` hops; the node is focused on load."""
    center = store.get_node(node_id)
    ego = ego_view(store, center.id, depth=depth, hubs=hubs)
    title = _("{name} 的合作网络（{depth} 跳）").format(name=center.name, depth=depth)
    exports = _exports(
        "ego/" + quote(center.id, safe=""), {"depth": depth, "hubs": str(hubs).lower()}
    )
    page = render_html(
        ego.graph,
        title=title,
        link_prefix=LINK_PREFIX,
        focus=center.id,
        optional=ego.hubs,
        exports=exports,
    )
    return HTMLResponse(page)


@router.get("/export/network", responses=problems(404))
def network_file(
    store: StoreDep,
    format: FormatQuery,
    kind: KindQuery = None,
    industry: IndustryQuery = None,
    limit: LimitQuery = 20_000,
) -> Response:
    """The network view's nodes and edges as a file (CSV in a zip, GraphML, GEXF)."""
    return _file(_network(store, kind, industry, limit), format, "network")


@router.get("/export/ego/{node_id:path}", responses=problems(404))
def ego_file(
    store: StoreDep,
    node_id: EntityIdPath,
    format: FormatQuery,
    depth: DepthQuery = 1,
    hubs: HubsQuery = False,
) -> Response:
    """An ego view's nodes and edges (hubs included) as a file."""
    center = store.get_node(node_id)
    return _file(ego_view(store, center.id, depth=depth, hubs=hubs).graph, format, "ego")
