"""Show the network view inline in a notebook: an iframe whose ``srcdoc`` holds the whole page.

The page goes into an attribute, so it is escaped once more (``&``, ``<``, ``>`` and quotes);
the iframe runs scripts without the notebook's origin. IPython is imported only when needed.

Examples
--------
>>> import networkx as nx
>>> html = iframe_html(nx.path_graph(2), title='"quoted"')
>>> html.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
True
>>> "&lt;title&gt;&amp;#34;quoted&amp;#34;&lt;/title&gt;" in html
True
"""

from __future__ import annotations

import html
from typing import Any

import networkx as nx

from graph.render.html import render_html

__all__ = ["display", "iframe_html", "notebook_html"]


def iframe_html(G: nx.Graph, *, height: int = 650, **options: Any) -> str:
    """An ``<iframe srcdoc=...>`` element holding the page; ``options`` go to `render_html`."""
    page = render_html(G, **options)
    # The div keeps IPython from suggesting its IFrame class, which cannot take srcdoc.
    return (
        f'<div><iframe srcdoc="{html.escape(page, quote=True)}" width="100%" '
        f'height="{int(height)}" style="border:1px solid #ddd" '
        'sandbox="allow-scripts allow-downloads"></iframe></div>'
    )


def notebook_html(G: nx.Graph, *, height: int = 650, **options: Any) -> Any:
    """An ``IPython.display.HTML`` object; the last expression of a cell shows it."""
    from IPython.display import HTML

    return HTML(iframe_html(G, height=height, **options))  # type: ignore[no-untyped-call]


def display(G: nx.Graph, *, height: int = 650, **options: Any) -> None:
    """Show the network view of ``G`` in the current notebook cell."""
    from IPython.display import display as show

    show(notebook_html(G, height=height, **options))  # type: ignore[no-untyped-call]
