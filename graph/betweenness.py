"""Betweenness of a cooperation network: exact on small graphs, estimated from a sample of
sources on large ones, within a time budget, with its error stated.

The shortest-path counting runs in igraph (C); a graph of up to `EXACT_UP_TO` nodes is
counted from every source and the answer equals networkx's ``betweenness_centrality``
(normalised, unweighted). A larger graph is counted from ``sample`` sources drawn with a
seed, in batches, scaled by ``n / sources`` as networkx's ``k`` does; the spread of the batch
estimates gives each node's standard error. A batch that would pass the budget's deadline
is not started (two always are): the answer rests on the batches done, and a note says so.

>>> G = nx.path_graph(["a", "b", "c"])
>>> found = betweenness(G)
>>> found.values, found.exact
({'a': 0.0, 'b': 1.0, 'c': 0.0}, True)
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import igraph as ig
import networkx as nx

from graph.i18n import _

__all__ = ["EXACT_UP_TO", "Budget", "Estimate", "betweenness", "subset_betweenness"]

EXACT_UP_TO = 5_000
"""Graphs of up to this many nodes are counted from every source (exact)."""
SAMPLE = 200
"""Sources counted in a larger graph (networkx's ``k``)."""
_BATCHES = 10


@dataclass
class Budget:
    """How long an analysis may take, what to call as it goes, and what it had to say.

    ``seconds`` None is no limit. ``progress(done, total)`` is called after each batch of
    sources. ``notes`` gathers the estimates' statements (sampled, stopped early) in Chinese.
    """

    seconds: float | None = None
    progress: Callable[[int, int], None] | None = None
    notes: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    stopped: bool = False
    """Set when an estimate stopped early for the deadline."""

    def left(self) -> float:
        """Seconds left (infinite without a limit)."""
        if self.seconds is None:
            return math.inf
        return self.seconds - (time.monotonic() - self.started)

    def note(self, text: str) -> None:
        """Add a statement once."""
        if text not in self.notes:
            self.notes.append(text)


@dataclass(frozen=True)
class Estimate:
    """Betweenness by node, how it was found, and its standard error (0 when exact)."""

    values: dict[str, float]
    exact: bool
    sources: int
    """Sources counted."""
    nodes: int
    stderr: dict[str, float] = field(default_factory=dict)


def _igraph(G: nx.Graph) -> tuple[ig.Graph, list[str]]:
    nodes = list(G)
    index = {u: i for i, u in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges() if u != v]
    return ig.Graph(n=len(nodes), edges=edges, directed=False), nodes


def betweenness(
    G: nx.Graph,
    *,
    sample: int = SAMPLE,
    seed: int = 0,
    exact_up_to: int = EXACT_UP_TO,
    budget: Budget | None = None,
) -> Estimate:
    """Normalised betweenness of every node of the undirected graph ``G``."""
    budget = budget or Budget()
    g, nodes = _igraph(G)
    n = len(nodes)
    if n <= exact_up_to:
        raw = g.betweenness(directed=False) if n else []
        scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        values = {u: raw[i] * scale for i, u in enumerate(nodes)}
        return Estimate(values, exact=True, sources=n, nodes=n)
    sources = random.Random(seed).sample(range(n), min(sample, n))
    batches = _in_batches(sources, _BATCHES)
    sums = [0.0] * n
    squares = [0.0] * n
    done = 0
    counting = time.monotonic()
    for number, batch in enumerate(batches):
        # two batches at least: the spread of their estimates is the standard error
        if number >= 2 and _would_pass(budget, done, len(batch), started=counting):
            break
        raw = g.betweenness(directed=False, sources=batch)
        scale = n / len(batch) * 2 / ((n - 1) * (n - 2))
        for i, value in enumerate(raw):
            if value:
                estimate = value * scale
                sums[i] += estimate * len(batch)
                squares[i] += estimate * estimate * len(batch)
        done += len(batch)
        if budget.progress is not None:
            budget.progress(done, len(sources))
    values = {u: sums[i] / done for i, u in enumerate(nodes)}
    stderr = {
        u: math.sqrt(max(0.0, squares[i] / done - values[u] ** 2) / max(1, done // len(batches[0])))
        for i, u in enumerate(nodes)
        if sums[i]
    }
    budget.note(
        _(
            "介数为抽样估计：从 {sources} 个起点（共 {nodes} 个节点，随机种子 {seed}）计算，"
            "每个值附标准误；小于 {exact} 个节点的网络按全部起点精确计算"
        ).format(sources=done, nodes=n, seed=seed, exact=exact_up_to)
    )
    if done < len(sources):
        budget.stopped = True
        budget.note(
            _("已到时间预算：只算完 {done}/{total} 个起点，结果是目前最好的估计").format(
                done=done, total=len(sources)
            )
        )
    return Estimate(values, exact=False, sources=done, nodes=n, stderr=stderr)


def _in_batches(items: Sequence[int], count: int) -> list[list[int]]:
    size = max(1, math.ceil(len(items) / count))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _would_pass(budget: Budget, done: int, size: int, *, started: float) -> bool:
    """Whether one more batch of ``size`` sources would end past the budget, judged by the
    pace of the ``done`` sources counted since ``started`` (seconds per source)."""
    pace = (time.monotonic() - started) / done if done else 0.0
    return pace * size > budget.left()


def subset_betweenness(
    G: nx.Graph,
    sources: Collection[str],
    targets: Collection[str],
    *,
    sample: int = SAMPLE,
    seed: int = 0,
    budget: Budget | None = None,
) -> dict[str, float]:
    """Shortest ``sources`` -> ``targets`` paths through each node, as networkx's
    ``betweenness_centrality_subset`` (not normalised); past ``sample`` sources, a seeded
    sample of them counted and scaled up, with a note."""
    budget = budget or Budget()
    g, nodes = _igraph(G)
    index = {u: i for i, u in enumerate(nodes)}
    chosen = sorted(index[u] for u in sources if u in index)
    wanted = sorted(index[u] for u in targets if u in index)
    if not chosen or not wanted:
        return {}
    if len(chosen) > sample:
        picked = sorted(random.Random(seed).sample(chosen, sample))
        budget.note(
            _(
                "桥接介数为抽样估计：从 {sample}/{total} 家本地企业出发计算（随机种子 {seed}）"
            ).format(sample=sample, total=len(chosen), seed=seed)
        )
    else:
        picked = chosen
    scale = len(chosen) / len(picked)
    totals = [0.0] * len(nodes)
    done = 0
    batches = _in_batches(picked, _BATCHES)
    counting = time.monotonic()
    for number, batch in enumerate(batches):
        if number and _would_pass(budget, done, len(batch), started=counting):
            budget.note(
                _("已到时间预算：只算完 {done}/{total} 个起点，结果是目前最好的估计").format(
                    done=done, total=len(picked)
                )
            )
            scale = len(chosen) / done
            budget.stopped = True
            break
        for i, value in enumerate(g.betweenness(directed=False, sources=batch, targets=wanted)):
            totals[i] += value
        done += len(batch)
        if budget.progress is not None:
            budget.progress(done, len(picked))
    if done < len(picked):
        scale = len(chosen) / done
    return {u: totals[i] * scale for i, u in enumerate(nodes)}
