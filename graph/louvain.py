"""Louvain communities of a large network, in igraph (C).

networkx's ``louvain_communities`` is kept for networks of up to
:data:`graph.betweenness.EXACT_UP_TO` nodes (the district's answers stay as they were); a
larger one is partitioned by igraph's ``community_multilevel``, the same method, with its
random choices drawn from a generator seeded with ``seed``.

>>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"),
...               ("a", "x")])
>>> sorted(sorted(c) for c in louvain(G, seed=1))
[['a', 'b', 'c'], ['x', 'y', 'z']]
"""

from __future__ import annotations

import random

import igraph as ig
import networkx as nx

__all__ = ["louvain"]


def louvain(C: nx.Graph, *, seed: int = 0, resolution: float = 1.0) -> list[set[str]]:
    """Communities of ``C`` by the multilevel (Louvain) method, weighted by ``weight``."""
    nodes = list(C)
    index = {u: i for i, u in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in C.edges()]
    g = ig.Graph(n=len(nodes), edges=edges, directed=False)
    g.es["weight"] = [float(w) for _, _, w in C.edges(data="weight", default=1)]
    ig.set_random_number_generator(random.Random(seed))
    try:
        parts = g.community_multilevel(weights="weight", resolution=resolution)
    finally:
        ig.set_random_number_generator(random)
    return [{nodes[i] for i in part} for part in parts]
