"""The interactive network view: a networkx graph -> one self-contained, offline, escaped HTML page.

``render_html`` builds the page (vis-network from the pyvis wheel, inlined); ``notebook_html``
and ``display`` show it inline in Jupyter or VS Code.
"""

from __future__ import annotations

from graph.render.html import AGGREGATE_ABOVE, DEFAULT_TITLE, PHYSICS_MAX_NODES, render_html
from graph.render.layout import layout
from graph.render.notebook import display, notebook_html

__all__ = [
    "AGGREGATE_ABOVE",
    "DEFAULT_TITLE",
    "PHYSICS_MAX_NODES",
    "display",
    "layout",
    "notebook_html",
    "render_html",
]
