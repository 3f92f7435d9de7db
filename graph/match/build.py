"""Read what matching needs from a store in one pass into compact tables.

The store is asked for the nodes of the kinds matching reads and the edges of the kinds it
reads (:meth:`~graph.stores.base.GraphStore.scan_nodes`, ``scan_edges``), never for the whole
graph: on Neo4j these are a few Cypher reads that stream ids, names and bodies, not
``to_networkx()``.

Organisations (enterprises, institutions, platforms, agencies) become rows. Projects,
communities, platforms they are members of, and each direct cooperation (a context of two)
are the contexts of the co-participation structure. An industry is not such a context: a
context links every pair of its members, and an industry of 10,000 firms would make 10^8
pairs. It is a fact of each organisation instead, an organisations x industries matrix that
:mod:`graph.match.industry` reads one source at a time.

The result, :class:`MatchTables`, holds only arrays, strings and sets: it is what
:mod:`graph.match.persist` writes beside the store, and what :func:`assemble` turns into the
:class:`~graph.match.index.MatchIndex` the ranker reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from graph.model import EdgeKind, NodeKind
from graph.stores.base import GraphStore

__all__ = [
    "CONTEXT_KINDS",
    "EDGE_KINDS",
    "NODE_KINDS",
    "ORG_KINDS",
    "MatchTables",
    "read_tables",
]

ORG_KINDS = (
    NodeKind.ENTERPRISE,
    NodeKind.INSTITUTION,
    NodeKind.PLATFORM,
    NodeKind.TRANSFER_AGENCY,
)
CONTEXT_KINDS = (NodeKind.PROJECT, NodeKind.COMMUNITY)
NODE_KINDS = (
    *ORG_KINDS,
    *CONTEXT_KINDS,
    NodeKind.INDUSTRY,
    NodeKind.REGION,
    NodeKind.NEED,
    NodeKind.RESULT,
)
DIRECT_EDGES = frozenset(
    k.value for k in (EdgeKind.COOPERATES_WITH, EdgeKind.SERVES, EdgeKind.OWNS)
)
SHARED_EDGES = frozenset(k.value for k in (EdgeKind.PARTICIPATES_IN, EdgeKind.MEMBER_OF))
PROFILE_EDGES = frozenset(
    k.value
    for k in (
        EdgeKind.HAS_RESULT,
        EdgeKind.HAS_NEED,
        EdgeKind.IN_INDUSTRY,
        EdgeKind.PARTICIPATES_IN,
    )
)
EDGE_KINDS = tuple(
    EdgeKind(k)
    for k in sorted(
        DIRECT_EDGES | SHARED_EDGES | PROFILE_EDGES | {EdgeKind.LOCATED_IN, EdgeKind.PART_OF}
    )
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
    "profile",  # an institution's research profile (data/district/institutions.csv)
    "name_en",
)

Int32 = NDArray[np.int32]
_PLACE = ("country", "city", "region")
_PART_OF, _IN_INDUSTRY, _LOCATED_IN = (
    EdgeKind.PART_OF.value,
    EdgeKind.IN_INDUSTRY.value,
    EdgeKind.LOCATED_IN.value,
)
_WORDY = frozenset(k.value for k in (*CONTEXT_KINDS, *ORG_KINDS, NodeKind.INDUSTRY))
"""Neighbours whose aliases and topic join a profile (of needs and results, the name only)."""


@dataclass
class MatchTables:
    """Everything the match index is made of, as flat arrays, strings and sets.

    Contexts ``0 .. n_contexts - 1`` of ``context_ids`` are those of the co-participation
    structure (projects, communities, platforms, direct cooperations); the industries follow.
    """

    ids: list[str]
    kinds: list[str]
    names: list[str]
    synthetic: NDArray[np.bool_]  # every provenance entry of the node says synthetic
    country: Int32
    context_ids: list[str]
    n_contexts: int
    context_parts: list[list[str]]  # programme parts of each structure context
    pair_org: Int32  # organisation x structure context
    pair_context: Int32
    project_org: Int32  # organisation x project or direct cooperation (partners)
    project_context: Int32
    industry_org: Int32  # organisation x industry (column = context index - n_contexts)
    industry_column: Int32
    industry_names: list[str]  # in column order
    regions: list[frozenset[str]]  # region ids, names, countries and cities of each row
    industries: list[frozenset[str]]  # industry ids and names of each row
    profiles: list[str]

    @property
    def industry_ids(self) -> list[str]:
        """The industries, in column order."""
        return self.context_ids[self.n_contexts :]


def texts(value: object) -> list[str]:
    """The strings of a property value (a string or a list).

    >>> texts("a"), texts(["a", 1, "b"]), texts(3)
    (['a'], ['a', 'b'], [])
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


class _Node:
    """A scanned node; its JSON body decoded on first use (most needs and results never are)."""

    __slots__ = ("_body", "_text", "kind", "name")

    def __init__(self, kind: str, name: str, text: str) -> None:
        self.kind, self.name, self._text = kind, name, text
        self._body: dict[str, Any] | None = None

    @property
    def body(self) -> dict[str, Any]:
        if self._body is None:
            # plain JSON: the dates dumps_json tags are not read here, so no decoding hook
            self._body = json.loads(self._text)
            self._text = ""
        return self._body

    @property
    def properties(self) -> dict[str, Any]:
        properties: dict[str, Any] = self.body.get("properties") or {}
        return properties

    @property
    def names(self) -> list[str]:
        return [self.name, *self.body.get("aliases", [])]

    def synthetic(self) -> bool:
        provenance = self.body.get("provenance") or []
        return bool(provenance) and all(p.get("synthetic") for p in provenance)


def _profile(node: _Node, extra: list[str]) -> str:
    properties = node.properties
    parts = [*node.names]
    for key in TEXT_PROPERTIES:
        if key in properties:
            parts.extend(texts(properties[key]))
    parts.extend(extra)
    return " ".join(parts)[:PROFILE_CHARS]


def _int32(values: Iterable[int]) -> Int32:
    return np.fromiter(values, dtype=np.int32)


def read_tables(store: GraphStore) -> MatchTables:
    """Read the organisations, their contexts and facts from ``store`` (one pass of each kind)."""
    nodes = {
        node_id: _Node(kind, name, body)
        for node_id, kind, name, body in store.scan_nodes(NODE_KINDS)
    }
    org_kinds = {k.value for k in ORG_KINDS}
    ids = sorted(u for u, node in nodes.items() if node.kind in org_kinds)
    position = {u: i for i, u in enumerate(ids)}
    context_kinds = {k.value for k in CONTEXT_KINDS} | org_kinds
    contexts: dict[str, int] = {}
    industries: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    project_pairs: list[tuple[int, int]] = []
    industry_pairs: list[tuple[int, int]] = []
    direct: list[tuple[int, int]] = []
    parent: dict[str, list[str]] = {}
    region = [
        {str(nodes[u].properties[k]) for k in _PLACE if k in nodes[u].properties} for u in ids
    ]
    industry = [set(texts(nodes[u].properties.get("industry"))) for u in ids]
    words: list[list[str]] = [[] for _ in ids]
    located: list[tuple[int, str]] = []
    for u, v, kind in store.scan_edges(EDGE_KINDS):
        if kind == _PART_OF:
            parent.setdefault(u, []).append(v)
            continue
        row = position.get(u)
        if kind in DIRECT_EDGES and row is not None and v in position:
            direct.append((row, position[v]))
            continue
        other = nodes.get(v)
        if kind in SHARED_EDGES:
            org, ctx = (u, v) if row is not None else (v, u)
            context = nodes.get(ctx)
            if org in position and context is not None and context.kind in context_kinds:
                c = contexts.setdefault(ctx, len(contexts))
                pairs.append((position[org], c))
                if context.kind == NodeKind.PROJECT.value:
                    project_pairs.append((position[org], c))
        if row is None or other is None:
            continue
        if kind == _IN_INDUSTRY:
            industry_pairs.append((row, industries.setdefault(v, len(industries))))
            industry[row].update({v, other.name})
        if kind == _LOCATED_IN:
            located.append((row, v))
        if kind in PROFILE_EDGES and other.kind in _WORDY:
            words[row].extend(other.names[:2])
            words[row].extend(texts(other.properties.get("topic")))
        elif kind in PROFILE_EDGES:
            words[row].append(other.name)
    around: dict[str, set[str]] = {}
    for row, v in located:
        if v not in around:
            around[v] = {v, nodes[v].name} | _ancestors(v, parent, nodes)
        region[row].update(around[v])
    for a, b in direct:  # a direct cooperation is a context of two
        c = contexts.setdefault(f"direct:{min(a, b)}:{max(a, b)}", len(contexts))
        pairs.extend([(a, c), (b, c)])
        project_pairs.extend([(a, c), (b, c)])
    context_ids = list(contexts)
    context_parts = [
        texts(nodes[c].properties.get("programme_part")) if c in nodes else [] for c in context_ids
    ]
    countries: dict[str, int] = {}
    return MatchTables(
        ids=ids,
        kinds=[nodes[u].kind for u in ids],
        names=[nodes[u].name for u in ids],
        synthetic=np.array([nodes[u].synthetic() for u in ids], dtype=bool),
        country=_int32(
            countries.setdefault(str(nodes[u].properties.get("country", "")), len(countries))
            for u in ids
        ),
        context_ids=[*context_ids, *industries],
        n_contexts=len(context_ids),
        context_parts=context_parts,
        pair_org=_int32(p[0] for p in pairs),
        pair_context=_int32(p[1] for p in pairs),
        project_org=_int32(p[0] for p in project_pairs),
        project_context=_int32(p[1] for p in project_pairs),
        industry_org=_int32(p[0] for p in industry_pairs),
        industry_column=_int32(p[1] for p in industry_pairs),
        industry_names=[nodes[i].name for i in industries],
        regions=_shared(region),
        industries=_shared(industry),
        profiles=[_profile(nodes[u], words[i]) for i, u in enumerate(ids)],
    )


def _shared(values: list[set[str]]) -> list[frozenset[str]]:
    """Frozen sets, equal ones one object (the firms of one city share their region set)."""
    seen: dict[frozenset[str], frozenset[str]] = {}
    return [seen.setdefault(frozenset(v), frozenset(v)) for v in values]


def _ancestors(region: str, parent: dict[str, list[str]], nodes: dict[str, _Node]) -> set[str]:
    found: set[str] = set()
    frontier = [region]
    while frontier:
        u = frontier.pop()
        for v in parent.get(u, []):
            if v not in found and v in nodes:
                found.update({v, nodes[v].name})
                frontier.append(v)
    return found
