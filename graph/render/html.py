"""One self-contained HTML page for a graph: vis-network from the pyvis wheel, inlined, no CDN.

pyvis 0.3.2 supplies the vis-network assets and the options model; the page itself comes from
our own template (Jinja with autoescape on), because pyvis's template loads bootstrap from a CDN
even in ``in_line`` mode and puts the heading and node ids into the page unescaped.

The page carries its own Content-Security-Policy (:func:`view_policy`) in a ``<meta>``: its
inlined scripts and styles are allowed by their SHA-256, nothing else runs and nothing is
fetched, so a page written to a file is as locked down as one the server sends.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Hashable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from graph.i18n import _, current_language
from graph.render.aggregate import Overview
from graph.render.csp import policy_text, source_hash
from graph.render.data import (
    MEMBERS_INLINE,
    aggregate_payload,
    graph_payload,
    overview_payload,
    safe_json,
)
from graph.render.messages import page_messages
from graph.render.style import COMMUNITY_COLORS, OTHER_COMMUNITY

__all__ = [
    "AGGREGATE_ABOVE",
    "DEFAULT_TITLE",
    "PHYSICS_MAX_NODES",
    "render_html",
    "render_overview",
    "view_policy",
    "vis_options",
]

DEFAULT_TITLE = "科技成果转化合作网络"
"""The page's default title (a message id: shown through :func:`graph.i18n._`)."""
PHYSICS_MAX_NODES = 500
"""Up to this many nodes the browser runs physics (bounded stabilisation) from our layout."""
AGGREGATE_ABOVE = 3000
"""Above this many nodes the page shows (kind, industry) groups instead of every node."""
EDGE_LABELS_MAX = 60
"""Edge labels are drawn only on graphs with at most this many edges."""
STABILIZATION_ITERATIONS = 150
SMALL_GRAPH = 20
MEDIUM_GRAPH = 150
"""Up to these many nodes the physics spreads nodes further, so labels do not overlap."""


@cache
def _asset(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals["_"] = _  # labels in the language of the render (the catalogue at render time)
    return env.from_string(_asset("graph.assets", "view.html"))


def _scripts() -> tuple[str, str]:
    return _asset("pyvis", "lib/vis-9.1.2/vis-network.min.js"), _asset("graph.assets", "view.js")


def _styles() -> tuple[str, str]:
    return _asset("pyvis", "lib/vis-9.1.2/vis-network.css"), _asset("graph.assets", "view.css")


@cache
def _policy(served: bool) -> tuple[tuple[str, str], ...]:
    return (
        ("default-src", "'none'"),
        *((("connect-src", "'self'"),) if served else ()),
        ("script-src", " ".join(map(source_hash, _scripts()))),
        ("style-src", " ".join(map(source_hash, _styles()))),
        ("base-uri", "'none'"),
        ("form-action", "'none'"),
    )


def view_policy(*, served: bool = False) -> dict[str, str]:
    """The Content-Security-Policy directives of the view page: its own scripts and styles.

    The same on every page (the graph travels as JSON in a data block, which is not a script),
    so the server can send it as a header as well. A ``served`` page of groups may also fetch
    from its own origin (its members and search hits, ``connect-src 'self'``); a file fetches
    nothing.

    Examples
    --------
    >>> policy = view_policy()
    >>> policy["default-src"], policy["script-src"].count("'sha256-")
    ("'none'", 2)
    >>> "unsafe" in " ".join(policy.values())
    False
    """
    return dict(_policy(served))


def vis_options(*, physics: bool, nodes: int, grouped: bool = False) -> dict[str, Any]:
    """vis-network options, built on pyvis's options model."""
    net = Network(directed=True)
    net.force_atlas_2based(
        gravity=-120 if grouped else -20,
        central_gravity=0.005,
        spring_length=300 if grouped else 60,
        spring_strength=0.02 if grouped else 0.05,
        damping=0.5,
        overlap=1 if grouped else 0,  # group nodes are large: keep them apart
    )
    net.toggle_physics(physics)
    stabilization = net.options.physics.stabilization
    # The layout already comes from the server; physics only relaxes it. Bigger graphs get
    # fewer iterations and smaller batches, so no batch holds the main thread for long.
    stabilization.iterations = STABILIZATION_ITERATIONS if nodes <= 300 else 80
    if not grouped and nodes <= MEDIUM_GRAPH:
        # A few nodes with 60-pixel springs sit in a clump whose labels overlap; longer
        # springs and stronger repulsion give each label room before the page fits the view.
        small = nodes <= SMALL_GRAPH
        net.options.physics.forceAtlas2Based.springLength = 160 if small else 120
        net.options.physics.forceAtlas2Based.gravitationalConstant = -120 if small else -90
    # Each batch is one main-thread task; small batches keep the page responsive.
    stabilization.updateInterval = max(2, min(10, 3000 // max(nodes, 1)))
    net.options.edges.smooth.enabled = False
    net.inherit_edge_colors(False)
    large = nodes > PHYSICS_MAX_NODES
    net.toggle_hide_edges_on_drag(large)
    options: dict[str, Any] = json.loads(net.options.to_json())
    options["physics"]["minVelocity"] = 1.0
    options["layout"] = {"improvedLayout": False, "randomSeed": 1}
    options["interaction"].update(
        {"hover": not large, "tooltipDelay": 200, "hideEdgesOnZoom": large, "keyboard": False}
    )
    options["nodes"] = {
        "borderWidth": 1,
        # Group labels are the whole point of an aggregated view: larger, shown from further out.
        "font": {
            "size": 26 if grouped else 14,
            "face": "WenQuanYi Zen Hei, Noto Sans CJK SC, sans-serif",
        },
        # Size and label grow with the node's value (square root of its degree), so hubs and
        # their names stand out in the overview and small nodes get labels when zoomed in.
        "scaling": {
            "min": 14 if grouped else 6,
            "max": 60 if grouped else 36,
            "label": {
                "enabled": True,
                # In views of a few hundred nodes every label stays readable at the fitted scale.
                "min": 18 if grouped else 14 if nodes <= 200 else 11,
                "max": 40 if grouped else 30,
                "drawThreshold": 7,
                "maxVisible": 60,
            },
        },
    }
    options["edges"].update(
        {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 10, "align": "middle", "color": "#555", "strokeWidth": 3},
            "selectionWidth": 2,
        }
    )
    return options


def render_html(
    G: nx.Graph,
    *,
    title: str = DEFAULT_TITLE,
    physics: bool | None = None,
    aggregate: bool | None = None,
    link_prefix: str | None = None,
    focus: str | None = None,
    optional: Collection[Hashable] = (),
    exports: Mapping[str, str] | None = None,
) -> str:
    """The network view of ``G`` as one HTML page that requests nothing from the network.

    Parameters
    ----------
    G : networkx graph
        Usually a store subgraph, whose nodes carry ``kind``, ``name``, ``aliases``,
        ``properties`` and ``provenance``; a plain graph works too (names default to the ids).
    title : str
        Page title and heading (escaped).
    physics : bool, optional
        Run vis-network physics in the page. By default on up to ``PHYSICS_MAX_NODES`` nodes;
        positions always come from :func:`graph.render.layout.layout`.
    aggregate : bool, optional
        Draw (kind, industry) groups instead of nodes; by default above ``AGGREGATE_ABOVE``.
    link_prefix : str, optional
        Where the views are served (``"/views"``): the details panel then links to each
        node's ego view and each group's filtered view.
    focus : str, optional
        Id of a node to select and describe once the page is ready (the view stays fitted).
    optional : collection of node ids
        Hubs the page starts with hidden, behind its "地区和文件" toggle (ego views).
    exports : mapping, optional
        Format (``csv``, ``graphml``, ``gexf``) -> URL where the server sends this graph's file;
        without it the page writes the files itself from what it draws.

    Examples
    --------
    >>> import networkx as nx
    >>> page = render_html(nx.path_graph(3), title="<b>demo</b>")
    >>> "<title>&lt;b&gt;demo&lt;/b&gt;</title>" in page
    True
    >>> "<script src" in page or "<link" in page or "@import" in page
    False
    """
    n = G.number_of_nodes()
    grouped = n > AGGREGATE_ABOVE if aggregate is None else aggregate
    if grouped:
        payload = aggregate_payload(G)
    else:
        payload = graph_payload(G, edge_details=G.number_of_edges() <= 4000, optional=optional)
    return _page(
        payload,
        title=title,
        physics=physics,
        directed=G.is_directed(),
        link_prefix=link_prefix,
        focus=focus,
        exports=exports,
    )


def render_overview(
    ov: Overview,
    *,
    title: str = DEFAULT_TITLE,
    link_prefix: str | None = None,
    api: Mapping[str, str] | None = None,
    exports: Mapping[str, str] | None = None,
    members_inline: int = MEMBERS_INLINE,
) -> str:
    """A page of groups read from a store (:func:`graph.render.overview.network_overview`).

    ``api`` (``members``, ``search`` -> URLs with the view's query) makes a served page: it
    carries each group's best-connected members only and asks these endpoints for the rest
    and for search hits; without it (a file) up to ``members_inline`` members travel inline.
    """
    payload = overview_payload(ov, members_inline=0 if api else members_inline)
    return _page(
        payload,
        title=title,
        physics=None,
        directed=True,
        link_prefix=link_prefix,
        exports=exports,
        api=api,
    )


def _page(
    payload: dict[str, Any],
    *,
    title: str,
    physics: bool | None,
    directed: bool,
    link_prefix: str | None = None,
    focus: str | None = None,
    exports: Mapping[str, str] | None = None,
    api: Mapping[str, str] | None = None,
) -> str:
    if title == DEFAULT_TITLE:
        title = _(DEFAULT_TITLE)
    grouped = payload["mode"] == "aggregate"
    drawn = len(payload["nodes"])
    # Groups arrive laid out (weighted Fruchterman-Reingold): no physics unless asked for.
    physics_on = (not grouped and drawn <= PHYSICS_MAX_NODES) if physics is None else physics
    links = None
    if link_prefix is not None:
        base = link_prefix.rstrip("/")
        links = {"ego": f"{base}/ego", "network": f"{base}/network"}
    payload["meta"] = {
        "title": title,
        "options": vis_options(physics=physics_on, nodes=drawn, grouped=grouped),
        "edgeLabels": not grouped and len(payload["edges"]) <= EDGE_LABELS_MAX,
        "directed": directed,
        "links": links,
        "api": dict(api) if api else None,
        "focus": focus,
        "exports": dict(exports) if exports else None,
        "communityColors": [*COMMUNITY_COLORS, OTHER_COMMUNITY],
        "lang": "en" if current_language() == "en" else "zh-CN",
        "text": page_messages(),
    }
    vis_js, view_js = _scripts()
    vis_css, view_css = _styles()
    return _template().render(
        lang="en" if current_language() == "en" else "zh-CN",
        title=title,
        policy=Markup(policy_text(view_policy(served=api is not None))),  # our text: no markup
        data=Markup(safe_json(payload)),
        vis_css=Markup(vis_css),
        vis_js=Markup(vis_js),
        view_css=Markup(view_css),
        view_js=Markup(view_js),
    )
