"""The matchmaking index of a graph: built once per store generation, reused by every request.

Organisations (enterprises, institutions, platforms, agencies) are rows; the contexts they share
(projects, communities, platforms, industries, direct cooperation) make the co-participation
graph of :class:`graph.match.features.Structure`. Each candidate also has a text profile (its
names, facts, industries, results and the titles and topics of its projects) as character
n-grams, so a need written in Chinese or English finds it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from graph.match.features import Columns, Structure, indicator
from graph.match.text import fit_text
from graph.model import EdgeKind, Node, NodeKind
from graph.stores.base import GraphStore

__all__ = [
    "ORG_KINDS",
    "TOWARD_REGIONS",
    "CandidateView",
    "MatchIndex",
    "build_index",
    "match_index",
]

ORG_KINDS = (
    NodeKind.ENTERPRISE,
    NodeKind.INSTITUTION,
    NodeKind.PLATFORM,
    NodeKind.TRANSFER_AGENCY,
)
CONTEXT_KINDS = (NodeKind.PROJECT, NodeKind.COMMUNITY, NodeKind.INDUSTRY)
DIRECT_EDGES = frozenset(
    {EdgeKind.COOPERATES_WITH.value, EdgeKind.SERVES.value, EdgeKind.OWNS.value}
)
SHARED_EDGES = frozenset(
    {EdgeKind.PARTICIPATES_IN.value, EdgeKind.MEMBER_OF.value, EdgeKind.IN_INDUSTRY.value}
)
PROFILE_EDGES = frozenset(
    {EdgeKind.HAS_RESULT.value, EdgeKind.HAS_NEED.value, EdgeKind.IN_INDUSTRY.value}
)
PROFILE_CHARS = 1000
TEXT_PROPERTIES = (
    "title",
    "topic",
    "theme",
    "programme_part",
    "description",
    "fields",
    "research_fields",
    "keywords",
    "industry",
    "strengths",
    "summary",
    "name_en",
)
TOWARD_REGIONS = frozenset({"region:11", "region:12", "北京市", "天津市", "北京", "天津"})
"""Where the work plan turns: Beijing and Tianjin (NBS codes 11 and 12)."""


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


@dataclass
class MatchIndex:
    """Rows, structure, text profiles and region facts of one generation of a graph."""

    ids: list[str]
    kinds: list[str]
    names: list[str]
    synthetic: list[bool]  # every provenance entry of the node says synthetic
    position: dict[str, int]
    structure: Structure
    partners: sp.csr_matrix  # direct cooperation or a shared project
    context_ids: list[str]
    incidence: sp.csr_matrix  # organisations x contexts (for paths)
    regions: list[frozenset[str]]  # region ids, names, countries and cities of each row
    industries: list[frozenset[str]]  # industry ids and names of each row
    profiles: list[str]
    vectoriser: Any = None
    text: sp.csr_matrix | None = None
    generation: str = ""
    _views: dict[str, CandidateView] = field(default_factory=dict)
    _text_lock: threading.Lock = field(default_factory=threading.Lock)

    def view(self, kinds: Iterable[str]) -> CandidateView:
        """The candidates of these kinds with their sliced columns (built once per kind set)."""
        key = ",".join(sorted(kinds))
        if key not in self._views:
            wanted = set(kinds)
            rows = np.array([i for i, k in enumerate(self.kinds) if k in wanted], dtype=np.int64)
            toward = np.array([bool(self.regions[r] & TOWARD_REGIONS) for r in rows], dtype=bool)
            self._views[key] = CandidateView(rows, Columns.of(self.structure, rows), toward)
        return self._views[key]

    def text_scores(self, query: str, view: CandidateView) -> NDArray[np.float64]:
        """Cosine of a need (or result) text with each candidate's profile.

        The profiles are vectorised on the first text query (graphs queried only by id never
        pay for it).
        """
        with self._text_lock:
            if self.vectoriser is None:
                fit_text(self)
            if self.text is None:
                return np.zeros(len(view.rows))
            if view.text is None:
                view.text = sp.csr_matrix(self.text[view.rows])
        vector = self.vectoriser.transform([query])
        return np.asarray((view.text @ vector.T).toarray()).ravel()


@dataclass
class CandidateView:
    """Candidates of some kinds: their rows, pair-feature columns and text profiles."""

    rows: NDArray[np.int64]
    columns: Columns
    toward: NDArray[np.bool_]  # located in Beijing or Tianjin
    text: sp.csr_matrix | None = None


def _profile(node: Node, extra: list[str]) -> str:
    parts = [*node.names]
    for key in TEXT_PROPERTIES:
        parts.extend(_texts(node.properties.get(key)))
    parts.extend(extra)
    return " ".join(parts)[:PROFILE_CHARS]


def build_index(store: GraphStore) -> MatchIndex:
    """Read the organisations and their contexts from ``store`` into a :class:`MatchIndex`."""
    G: nx.MultiDiGraph = store.to_networkx()
    org_kinds = {k.value for k in ORG_KINDS}
    context_kinds = {k.value for k in CONTEXT_KINDS}
    ids = sorted(u for u, kind in G.nodes(data="kind") if kind in org_kinds)
    position = {u: i for i, u in enumerate(ids)}
    contexts: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    project_pairs: list[tuple[int, int]] = []
    direct: list[tuple[int, int]] = []
    for u, v, kind in G.edges(data="kind"):
        if u in position and v in position and kind in DIRECT_EDGES:
            direct.append((position[u], position[v]))
        elif kind in SHARED_EDGES:
            org, ctx = (u, v) if u in position else (v, u)
            if org in position and G.nodes[ctx].get("kind") in context_kinds | org_kinds:
                c = contexts.setdefault(ctx, len(contexts))
                pairs.append((position[org], c))
                if G.nodes[ctx].get("kind") == NodeKind.PROJECT.value:
                    project_pairs.append((position[org], c))
    for a, b in direct:  # a direct cooperation is a context of two
        c = contexts.setdefault(f"direct:{min(a, b)}:{max(a, b)}", len(contexts))
        pairs.extend([(a, c), (b, c)])
        project_pairs.extend([(a, c), (b, c)])
    n, m = len(ids), max(len(contexts), 1)
    context_ids = list(contexts)
    nodes = {node.id: node for kind in ORG_KINDS for node in store.iter_nodes(kind=kind)}
    context_nodes = store.get_nodes([c for c in context_ids if not c.startswith("direct:")])
    parts_of: list[list[str]] = []
    for context in context_ids:
        node = context_nodes.get(context)
        if node is None:
            parts_of.append([])
        elif node.kind == NodeKind.INDUSTRY:
            parts_of.append([node.name])
        else:
            parts_of.append(_texts(node.properties.get("programme_part")))
    parts, _ = indicator(parts_of, rows=max(len(parts_of), 1))
    org_arr = np.array([p[0] for p in pairs], dtype=np.int64)
    ctx_arr = np.array([p[1] for p in pairs], dtype=np.int64)
    countries: dict[str, int] = {}
    country = np.array(
        [
            countries.setdefault(str(nodes[u].properties.get("country", "")), len(countries))
            for u in ids
        ],
        dtype=np.int64,
    )
    company = np.array([G.nodes[u]["kind"] == NodeKind.ENTERPRISE.value for u in ids])
    structure = Structure.build(
        org_arr,
        ctx_arr,
        n_orgs=n,
        n_projects=m,
        project_parts=parts,
        country=country,
        company=company,
    )
    partners_inc = sp.csr_matrix(
        (
            np.ones(len(project_pairs)),
            ([p[0] for p in project_pairs], [p[1] for p in project_pairs]),
        ),
        shape=(n, m),
    )
    partners = sp.csr_matrix(partners_inc @ partners_inc.T)
    partners.setdiag(0)
    partners.eliminate_zeros()
    regions, industries, extra = _neighbour_facts(G, ids, nodes, context_nodes, store)
    profiles = [_profile(nodes[u], extra[i]) for i, u in enumerate(ids)]
    index = MatchIndex(
        ids=ids,
        kinds=[G.nodes[u]["kind"] for u in ids],
        names=[G.nodes[u]["name"] for u in ids],
        synthetic=[_synthetic(nodes[u]) for u in ids],
        position=position,
        structure=structure,
        partners=partners,
        context_ids=context_ids,
        incidence=sp.csr_matrix(structure.A),
        regions=regions,
        industries=industries,
        profiles=profiles,
    )
    return index


def _synthetic(node: Node) -> bool:
    return bool(node.provenance) and all(p.synthetic for p in node.provenance)


def _neighbour_facts(
    G: nx.MultiDiGraph,
    ids: list[str],
    nodes: dict[str, Node],
    context_nodes: dict[str, Node],
    store: GraphStore,
) -> tuple[list[frozenset[str]], list[frozenset[str]], list[list[str]]]:
    """Regions, industries and profile words each organisation takes from its neighbours."""
    regions: list[frozenset[str]] = []
    industries: list[frozenset[str]] = []
    extra: list[list[str]] = []
    for u in ids:
        node = nodes[u]
        region = {
            str(node.properties[k]) for k in ("country", "city", "region") if k in node.properties
        }
        industry: set[str] = set(_texts(node.properties.get("industry")))
        words: list[str] = []
        for _, v, kind in G.out_edges(u, data="kind"):
            data = G.nodes[v]
            if kind == EdgeKind.LOCATED_IN.value:
                region.update({v, data["name"]})
                region.update(_ancestors(G, v))
            if kind == EdgeKind.IN_INDUSTRY.value:
                industry.update({v, data["name"]})
            if kind in PROFILE_EDGES or kind == EdgeKind.PARTICIPATES_IN.value:
                ctx = context_nodes.get(v)
                if ctx is not None:
                    words.extend(ctx.names[:2])
                    words.extend(_texts(ctx.properties.get("topic")))
                else:
                    words.append(data["name"])
        regions.append(frozenset(region))
        industries.append(frozenset(industry))
        extra.append(words)
    return regions, industries, extra


def _ancestors(G: nx.MultiDiGraph, region: str) -> set[str]:
    found: set[str] = set()
    frontier = [region]
    while frontier:
        u = frontier.pop()
        for _, v, kind in G.out_edges(u, data="kind"):
            if kind == EdgeKind.PART_OF.value and v not in found:
                found.update({v, G.nodes[v]["name"]})
                frontier.append(v)
    return found


_CACHE: weakref.WeakKeyDictionary[Any, tuple[str, MatchIndex]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def match_index(store: GraphStore) -> MatchIndex:
    """The index of ``store``, rebuilt when the graph has changed (``store.generation()``)."""
    with _LOCK:
        generation = store.generation()
        cached = _CACHE.get(store)
        if cached is not None and cached[0] == generation:
            return cached[1]
        index = build_index(store)
        index.generation = generation
        _CACHE[store] = (generation, index)
        return index
