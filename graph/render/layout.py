"""Server-side graph layout in sub-quadratic time: pivot MDS, then a few vectorised force steps.

networkx's ``spring_layout`` and ``forceatlas2_layout`` are quadratic (47 s and 122 s at 5,000
nodes on a 2-core machine). Here each connected component is placed by pivot MDS (Brandes and
Pich 2006: breadth-first distances from ``k`` pivots, double centring, a thin SVD), which keeps
the global shape; then a few force steps in numpy (springs on edges, repulsion from each node's
nearest neighbours found with a k-d tree) spread the nodes that MDS stacked together. Every step
costs ``O((n + m) log n)``. Components are packed in rows, largest first.

Examples
--------
>>> import networkx as nx
>>> pos = layout(nx.path_graph(4))
>>> sorted(pos) == [0, 1, 2, 3]
True
>>> len(pos[0])
2
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse import csgraph
from scipy.spatial import cKDTree

__all__ = ["EDGE_LENGTH", "group_layout", "layout", "layout_arrays"]

EDGE_LENGTH = 60.0
"""Preferred edge length in drawing units (vis-network pixels at scale 1)."""

Array = NDArray[np.float64]


def layout(
    G: nx.Graph, *, pivots: int = 40, iterations: int = 40, seed: int = 1
) -> dict[Hashable, tuple[float, float]]:
    """Positions for every node of ``G`` (directions and parallel edges are ignored).

    Parameters
    ----------
    G : networkx graph
    pivots : int
        Breadth-first sources of pivot MDS; more is steadier and slower.
    iterations : int
        Force steps after MDS.
    seed : int
        Seed for the jitter that separates nodes at equal distances; the result is deterministic.
    """
    nodes = list(G)
    index = {u: i for i, u in enumerate(nodes)}
    if G.number_of_edges():
        pairs = np.array([(index[u], index[v]) for u, v in G.edges()], dtype=np.int64)
        sources, targets = pairs[:, 0], pairs[:, 1]
    else:
        sources = targets = np.zeros(0, dtype=np.int64)
    xy = layout_arrays(
        len(nodes), sources, targets, pivots=pivots, iterations=iterations, seed=seed
    )
    return {u: (float(xy[i, 0]), float(xy[i, 1])) for i, u in enumerate(nodes)}


def group_layout(H: nx.Graph) -> dict[Hashable, tuple[float, float]]:
    """Positions for a small, dense graph of groups (edge ``weight`` pulls harder).

    Groups are few (hundreds at most) and nearly all linked, where pivot MDS has nothing to tell
    apart; networkx's Fruchterman-Reingold is quick at this size.
    """
    spread = 260.0 * np.sqrt(max(H.number_of_nodes(), 1))
    pos = nx.spring_layout(H, weight="weight", seed=1, iterations=100)
    return {u: (float(x) * spread, float(y) * spread) for u, (x, y) in pos.items()}


def layout_arrays(
    n: int,
    sources: NDArray[np.int64],
    targets: NDArray[np.int64],
    *,
    pivots: int = 40,
    iterations: int = 40,
    seed: int = 1,
) -> Array:
    """An ``(n, 2)`` array of positions for nodes ``0..n-1`` joined by ``sources[i]-targets[i]``."""
    if n == 0:
        return np.zeros((0, 2))
    keep = sources != targets
    sources, targets = sources[keep], targets[keep]
    ones = np.ones(len(sources))
    A = sparse.coo_matrix((ones, (sources, targets)), shape=(n, n)).tocsr()
    A = ((A + A.T) > 0).astype(np.float64).tocsr()
    count, labels = csgraph.connected_components(A, directed=False)
    rng = np.random.default_rng(seed)
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(count + 1))
    pieces: list[tuple[NDArray[np.int64], Array]] = []
    for c in range(count):
        members = order[starts[c] : starts[c + 1]]
        if len(members) == 1:  # isolated nodes are common (enterprises with no partner yet)
            pieces.append((members, np.zeros((1, 2))))
            continue
        sub = A[members][:, members]
        pieces.append((members, _component(sub, pivots, iterations, rng)))
    return _pack(n, pieces)


def _component(
    A: sparse.csr_matrix, pivots: int, iterations: int, rng: np.random.Generator
) -> Array:
    n = A.shape[0]
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [EDGE_LENGTH, 0.0]])
    xy = _pivot_mds(A, min(pivots, n), rng)
    # MDS stacks nodes at equal hop distances; a little jitter lets the forces tell them apart.
    xy += rng.normal(scale=0.05, size=xy.shape)
    # Scale so that the drawing has about one node per EDGE_LENGTH-sided square: MDS alone
    # puts the hubs' many leaves on top of each other.
    radius = float(np.sqrt(np.mean(np.sum((xy - xy.mean(axis=0)) ** 2, axis=1))))
    xy *= 0.4 * np.sqrt(n) * EDGE_LENGTH / max(radius, 1e-9)
    return _forces(A, xy, iterations)


def _pivot_mds(A: sparse.csr_matrix, k: int, rng: np.random.Generator) -> Array:
    n = A.shape[0]
    degrees = np.diff(A.indptr)
    chosen = [int(np.argmax(degrees))]
    distances = np.empty((n, k))
    nearest = np.full(n, np.inf)
    for j in range(k):
        d = csgraph.shortest_path(A, unweighted=True, directed=False, indices=chosen[j])
        distances[:, j] = d
        nearest = np.minimum(nearest, d)
        if j + 1 < k:
            # The next pivot is the node farthest from every pivot so far (max-min).
            chosen.append(int(np.argmax(nearest + rng.random(n) * 0.01)))
    squared = distances**2
    centred = squared - squared.mean(axis=0) - squared.mean(axis=1, keepdims=True) + squared.mean()
    # The top two left singular vectors times their values, from the k x k Gram matrix: C v / 1
    # equals u s, and eigh of a 40 x 40 matrix is far cheaper than an SVD of n x 40.
    C = -0.5 * centred
    values, vectors = np.linalg.eigh(C.T @ C)
    top = vectors[:, np.argsort(values)[::-1][:2]]
    xy: Array = C @ top
    if xy.shape[1] < 2:
        xy = np.hstack([xy, np.zeros((n, 1))])
    return xy


def _forces(A: sparse.csr_matrix, xy: Array, iterations: int) -> Array:
    n = xy.shape[0]
    coo = sparse.triu(A, k=1).tocoo()
    i, j = coo.row, coo.col
    neighbours = min(8, n - 1)
    temperature = EDGE_LENGTH * 0.5
    length = EDGE_LENGTH
    for step in range(iterations):
        force = np.zeros_like(xy)
        # Springs: pull each edge toward the preferred length.
        delta = xy[j] - xy[i]
        dist = np.sqrt(np.sum(delta**2, axis=1)) + 1e-9
        pull = (delta * ((dist - length) / dist)[:, None]) * 0.5
        for axis in (0, 1):
            force[:, axis] += np.bincount(i, pull[:, axis], minlength=n)
            force[:, axis] -= np.bincount(j, pull[:, axis], minlength=n)
        # Repulsion from the nearest neighbours only: O(n log n), not O(n^2). Neighbours change
        # slowly, so the k-d tree is rebuilt every few steps.
        if step % 4 == 0:
            near = cKDTree(xy).query(xy, k=neighbours + 1)[1][:, 1:]
        away = xy[:, None, :] - xy[near]
        dnear = np.sqrt(np.sum(away**2, axis=2))
        strength = (length**2) / np.maximum(dnear, 1e-3) ** 2
        force += np.sum(away * strength[:, :, None], axis=1) * 0.2
        # Weak gravity keeps loose parts from drifting off.
        force -= (xy - xy.mean(axis=0)) * 0.01
        norm = np.sqrt(np.sum(force**2, axis=1)) + 1e-9
        xy = xy + force * (np.minimum(norm, temperature) / norm)[:, None]
        temperature = EDGE_LENGTH * 0.5 * (1 - (step + 1) / (iterations + 1)) + 1.0
    centred: Array = xy - xy.mean(axis=0)
    return centred


def _pack(n: int, pieces: list[tuple[NDArray[np.int64], Array]]) -> Array:
    """Place components in rows, largest first, each in its own box."""
    out = np.zeros((n, 2))
    pieces.sort(key=lambda piece: -len(piece[0]))
    total_area = 0.0
    boxes = []
    for members, xy in pieces:
        low, high = xy.min(axis=0), xy.max(axis=0)
        size = np.maximum(high - low, EDGE_LENGTH * 0.5) + EDGE_LENGTH
        boxes.append((members, xy - low, size))
        total_area += float(size[0] * size[1])
    row_width = max(float(np.sqrt(total_area)) * 1.2, float(boxes[0][2][0]))
    x = y = row_height = 0.0
    for members, xy, size in boxes:
        if x > 0 and x + size[0] > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        out[members] = xy + np.array([x, y])
        x += float(size[0])
        row_height = max(row_height, float(size[1]))
    centred: Array = out - out.mean(axis=0)
    return centred
