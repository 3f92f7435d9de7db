"""Routes under /analytics: partner gaps, brokers, bridges to Beijing–Tianjin, communities,
changes between years, and the R&D statistics indicators."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from api.deps import StoreDep
from api.schemas import NO_NUL, problems
from graph import analytics
from graph.analytics_cache import cached
from graph.i18n import _
from graph.programs.certificate import rests_on_example
from graph.programs.statistics import IndicatorRow, rd_indicators
from graph.programs.targets import DISTRICT
from graph.settings import get_settings
from graph.stores.base import GraphStore

__all__ = ["CommunityPublic", "MemberPublic", "NodeScorePublic", "router"]

router = APIRouter(prefix="/analytics", tags=["analytics"])

Year = Annotated[int | None, Query(ge=1900, le=2100, description="the network as of this year")]
Home = Annotated[
    str,
    Query(
        min_length=1, max_length=100, pattern=NO_NUL, description="the home district's Region id"
    ),
]


class MemberPublic(BaseModel):
    """A node in an answer."""

    id: str
    name: str
    kind: str
    synthetic: bool = False
    """The node rests on example data (a source row of it is synthetic)."""


class NodeScorePublic(analytics.NodeScore):
    """A node's scores, and whether the node rests on example data."""

    synthetic: bool = False


def _examples(store: GraphStore, ids: Iterable[str]) -> set[str]:
    """The ids among ``ids`` whose nodes rest on example data (flagged after the cache, so a
    cached result is flagged as the graph now is)."""
    return {u for u, node in store.get_nodes(set(ids)).items() if rests_on_example(node)}


def _flag_members(store: GraphStore, members: list[MemberPublic]) -> list[MemberPublic]:
    examples = _examples(store, (m.id for m in members))
    return [m.model_copy(update={"synthetic": m.id in examples}) for m in members]


def _flag_scores(store: GraphStore, scores: list[analytics.NodeScore]) -> list[NodeScorePublic]:
    examples = _examples(store, (s.id for s in scores))
    return [NodeScorePublic(**s.model_dump(), synthetic=s.id in examples) for s in scores]


class CommunityPublic(BaseModel):
    """A community of the cooperation network."""

    size: int
    members: list[MemberPublic]


def _budget() -> analytics.Budget:
    """A budget of ``TTKG_ANALYTICS_BUDGET_S`` seconds for one request."""
    return analytics.Budget(seconds=get_settings().analytics_budget_s)


def _member(G: nx.Graph, u: str) -> MemberPublic:
    data = G.nodes[u]
    return MemberPublic(id=u, name=str(data.get("name", u)), kind=str(data.get("kind")))


@router.get("/isolated")
def isolated(store: StoreDep, until: Year = None) -> list[MemberPublic]:
    """Enterprises without any partner (no COOPERATES_WITH edge)."""

    def compute(budget: analytics.Budget) -> list[MemberPublic]:
        G = analytics.network_graph(store)
        return [_member(G, u) for u in analytics.isolated_enterprises(G, until=until)]

    found = cached(store, "api:isolated", {"until": until}, list[MemberPublic], compute).value
    return _flag_members(store, found)


@router.get("/brokers")
def brokers(
    store: StoreDep, until: Year = None, k: Annotated[int, Query(ge=1, le=1000)] = 10
) -> list[NodeScorePublic]:
    """The nodes most shortest cooperation paths run through; on a large network each
    betweenness is a sampled estimate with its standard error (``stderr``)."""

    def compute(budget: analytics.Budget) -> list[analytics.NodeScore]:
        return analytics.brokers(analytics.network_graph(store), k=k, until=until, budget=budget)

    options = {"until": until, "k": k}
    kind = list[analytics.NodeScore]
    found = cached(store, "api:brokers", options, kind, compute, budget=_budget()).value
    return _flag_scores(store, found)


@router.get("/centrality")
def centrality(
    store: StoreDep, until: Year = None, limit: Annotated[int, Query(ge=1, le=10000)] = 100
) -> list[NodeScorePublic]:
    """Degree and betweenness of every node of the cooperation network (sampled estimates
    with their ``stderr`` on a large network)."""

    def compute(budget: analytics.Budget) -> list[analytics.NodeScore]:
        G = analytics.network_graph(store)
        return analytics.centrality(G, until=until, budget=budget)[:limit]

    options = {"until": until, "limit": limit}
    kind = list[analytics.NodeScore]
    found = cached(store, "api:centrality", options, kind, compute, budget=_budget()).value
    return _flag_scores(store, found)


@router.get("/bridges", responses=problems(404))
def bridges(
    store: StoreDep,
    until: Year = None,
    home: Home = DISTRICT,
    k: Annotated[int, Query(ge=1, le=1000)] = 10,
    to: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=300,
            pattern=NO_NUL,
            description="a node id: bridges to it instead",
        ),
    ] = None,
) -> analytics.BridgeReport:
    """Who connects the district's enterprises to institutions in Beijing–Tianjin, or to
    the node ``to`` (an institution, say)."""
    if to is not None:
        store.get_node(to)  # 404 for an unknown id

    def compute(budget: analytics.Budget) -> analytics.BridgeReport:
        G = analytics.network_graph(store)
        if to is not None:
            return analytics.bridges_to_nodes(G, [to], home=home, k=k, until=until, budget=budget)
        return analytics.bridges_to_region(G, home=home, k=k, until=until, budget=budget)

    options = {"until": until, "home": home, "k": k, "to": to}
    kind = analytics.BridgeReport
    return cached(store, "api:bridges", options, kind, compute, budget=_budget()).value


@router.get("/communities")
def communities(
    store: StoreDep, until: Year = None, seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0
) -> list[CommunityPublic]:
    """Louvain communities of the cooperation network (fixed seed), largest first."""

    def compute(budget: analytics.Budget) -> list[CommunityPublic]:
        G = analytics.network_graph(store)
        return [
            CommunityPublic(size=len(c), members=[_member(G, u) for u in c])
            for c in analytics.communities(G, seed=seed, until=until)
        ]

    options = {"until": until, "seed": seed}
    found = cached(store, "api:communities", options, list[CommunityPublic], compute).value
    return [c.model_copy(update={"members": _flag_members(store, c.members)}) for c in found]


@router.get("/changes")
def changes(
    store: StoreDep,
    before: Annotated[int, Query(ge=1900, le=2100)],
    after: Annotated[int, Query(ge=1900, le=2100)],
) -> analytics.Changes:
    """How the network changed from ``before`` to ``after``."""
    if after < before:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", "after"),
                    "msg": _("after 不能早于 {before}").format(before=before),
                    "ctx": {"error": _("after 不能早于 {before}").format(before=before)},
                    "input": after,
                }
            ]
        )

    def compute(budget: analytics.Budget) -> analytics.Changes:
        G = analytics.network_graph(store)
        return analytics.changes(G, before=before, after=after, budget=budget)

    options = {"before": before, "after": after}
    kind = analytics.Changes
    return cached(store, "api:changes", options, kind, compute, budget=_budget()).value


@router.get("/indicators")
def indicators(store: StoreDep, year: Year = None) -> list[IndicatorRow]:
    """The R&D statistics indicators of the district (first row) and of each industry."""
    return rd_indicators(store, year=year)
