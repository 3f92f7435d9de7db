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

from typing import Annotated, Any
from urllib.parse import quote, urlencode

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.deps import StoreDep
from api.schemas import NO_NUL, EntityIdPath, problems
from graph.errors import NodeNotFound
from graph.i18n import _
from graph.lookup import resolve
from graph.model import NodeKind
from graph.render import DEFAULT_TITLE, render_html
from graph.render.aggregate import Overview
from graph.render.csp import policy_text
from graph.render.fields import fact_rows, node_flags, synthetic_share
from graph.render.files import FORMATS, MEDIA_TYPES, GraphFormat, graph_file
from graph.render.html import render_overview, view_policy
from graph.render.overview import cached_overview
from graph.render.overview import network_view as choose_view
from graph.render.select import ego_view, network_graph
from graph.stores.base import GraphStore

router = APIRouter(prefix="/views", tags=["views"])

LINK_PREFIX = "/views"
MEMBERS_PAGE = 500
"""At most this many members of a group in one answer."""
SEARCH_HITS = 20

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
LimitQuery = Annotated[
    int, Query(ge=1, le=10_000_000, description="at most this many nodes (the best-connected)")
]
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
    """The network, drawn with physics up to 500 nodes and as groups above 3,000.

    A page of groups carries counts and each group's best-connected members; it asks
    ``/views/network/members`` and ``/views/network/search`` for the rest.
    """
    drawn = choose_view(store, kinds=kind, industry=industry, limit=limit)
    parts = [", ".join(k.value for k in kind)] if kind else []
    if industry:
        parts.append(industry)
    title = _(DEFAULT_TITLE) + (f"（{' · '.join(parts)}）" if parts else "")
    query: dict[str, object] = {"kind": [k.value for k in kind or []], "limit": limit}
    if industry:
        query["industry"] = industry
    exports = _exports("network", query)
    if isinstance(drawn, Overview):
        api = {
            name: f"{LINK_PREFIX}/network/{name}?{urlencode(query, doseq=True)}"
            for name in ("members", "search")
        }
        api["node"] = f"{LINK_PREFIX}/node"
        page = render_overview(
            drawn, title=title, link_prefix=LINK_PREFIX, api=api, exports=exports
        )
        policy = policy_text(view_policy(served=True))
        return HTMLResponse(page, headers={"Content-Security-Policy": policy})
    page = render_html(drawn, title=title, link_prefix=LINK_PREFIX, exports=exports)
    return HTMLResponse(page)


GroupQuery = Annotated[
    str,
    Query(
        min_length=1,
        max_length=400,
        pattern=NO_NUL,
        description="a group of the page: its kind and industry, as `Enterprise|化工`",
    ),
]
OffsetQuery = Annotated[int, Query(ge=0, le=10_000_000, description="members to skip")]
SizeQuery = Annotated[int, Query(ge=1, le=MEMBERS_PAGE, description="members in this answer")]
SearchQuery = Annotated[
    str,
    Query(min_length=1, max_length=200, pattern=NO_NUL, description="a name, alias or part of one"),
]


@router.get("/network/members", responses=problems(404))
def network_members(
    store: StoreDep,
    group: GroupQuery,
    kind: KindQuery = None,
    industry: IndustryQuery = None,
    limit: LimitQuery = 20_000,
    offset: OffsetQuery = 0,
    size: SizeQuery = 100,
) -> dict[str, object]:
    """One group's members on a page of groups, best-connected first, ``size`` at a time."""
    ov = cached_overview(store, kinds=kind, industry=industry, limit=limit)
    found = next((g for g in ov.groups if f"{g.kind}|{g.industry}" == group), None)
    if found is None:
        raise NodeNotFound(_("这个视图中没有组 {group}").format(group=group))
    chunk = found.members[offset : offset + size]
    return {
        "group": group,
        "total": found.count,
        "synthetic": found.synthetic,
        "offset": offset,
        "items": [{"id": str(u), "name": ov.names.get(str(u), str(u))} for u in chunk],
    }


@router.get("/network/search", responses=problems(404))
def network_search(
    store: StoreDep,
    q: SearchQuery,
    kind: KindQuery = None,
    industry: IndustryQuery = None,
    limit: LimitQuery = 20_000,
) -> dict[str, object]:
    """Search a page of groups by name or alias (the store's name index): up to 20 hits in the
    view, each with the group that holds it."""
    ov = cached_overview(store, kinds=kind, industry=industry, limit=limit)
    hits = store.find_nodes(q=q, limit=SEARCH_HITS * 3)
    items = [
        {
            "id": n.id,
            "name": n.name,
            "aliases": list(n.aliases),
            "kind": n.kind.value,
            "group": f"{ov.groups[ov.group_of[n.id]].kind}|{ov.groups[ov.group_of[n.id]].industry}",
        }
        for n in hits.items
        if n.id in ov.group_of
    ][:SEARCH_HITS]
    return {"q": q, "total": hits.total, "items": items}


@router.get("/node/{node_id:path}", responses=problems(404))
def node_details(store: StoreDep, node_id: EntityIdPath) -> dict[str, object]:
    """What the details panel shows of one node, for a page of groups that does not carry it:
    name, kind, flags (示例数据 first), provenance, then facts labelled with their units."""
    node = store.get_node(node_id)
    provenance = [p.model_dump(mode="json") for p in node.provenance]
    properties = dict(node.properties)
    return {
        "id": node.id,
        "name": node.name,
        "kind": node.kind.value,
        "aliases": list(node.aliases),
        "flags": node_flags(properties, synthetic_share(provenance)),
        "provenance": provenance,
        "facts": fact_rows(properties),
    }


@router.get("/ego/{node_id:path}", response_class=HTMLResponse, responses=problems(404, 409))
def ego_page(
    store: StoreDep,
    node_id: EntityIdPath,
    depth: DepthQuery = 1,
    hubs: HubsQuery = False,
) -> HTMLResponse:
    """One node and its neighbours within ``depth`` hops; the node is focused on load.

    ``node_id`` is an id, name, alias, credit code or short name (404 with suggestions, 409
    with the candidates)."""
    center = resolve(store, node_id)
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


_FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The graph as a file: CSV in a zip, GraphML or GEXF.",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in sorted(set(MEDIA_TYPES.values()))
        },
    },
    **problems(404, 409),
}


@router.get("/export/network", responses=_FILE_RESPONSES)
def network_file(
    store: StoreDep,
    format: FormatQuery,
    kind: KindQuery = None,
    industry: IndustryQuery = None,
    limit: LimitQuery = 20_000,
) -> Response:
    """The network view's nodes and edges as a file (CSV in a zip, GraphML, GEXF)."""
    return _file(_network(store, kind, industry, limit), format, "network")


@router.get("/export/ego/{node_id:path}", responses=_FILE_RESPONSES)
def ego_file(
    store: StoreDep,
    node_id: EntityIdPath,
    format: FormatQuery,
    depth: DepthQuery = 1,
    hubs: HubsQuery = False,
) -> Response:
    """An ego view's nodes and edges (hubs included) as a file; the node as ``/views/ego``."""
    center = resolve(store, node_id)
    return _file(ego_view(store, center.id, depth=depth, hubs=hubs).graph, format, "ego")
