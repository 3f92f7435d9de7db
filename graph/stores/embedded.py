"""The embedded store: networkx in memory, durable in one SQLite file.

SQLite holds the truth (WAL journal, one transaction per batch), so a batch is
all-or-nothing, a process killed mid-load leaves the previous graph whole, and a reader
in another process sees the old graph or the new one. The structure (ids, kinds, names,
edges) lives in a networkx ``MultiDiGraph`` for traversal; full records are read from
SQLite by primary key when asked for. When another process commits, the next read
notices (``PRAGMA data_version``) and reloads the structure.

>>> from graph.model import Provenance
>>> store = EmbeddedStore(":memory:")
>>> store.open()
>>> n = Node.create(NodeKind.ENTERPRISE, "华升化工", provenance=[Provenance(source="doc")])
>>> store.upsert(GraphBatch(nodes=[n])).nodes_added
1
>>> [x.name for x in store.find_nodes(q="华升").items]
['华升化工']
>>> store.close()
"""

from __future__ import annotations

import sqlite3
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import InvalidRecord, NodeNotFound, StoreError, StoreUnavailable
from graph.model import (
    Edge,
    EdgeKind,
    GraphBatch,
    Node,
    NodeKind,
    UpsertSummary,
    canonical_key,
    merge_edge,
    merge_node,
)
from graph.stores.base import (
    Direction,
    GraphStats,
    Neighbour,
    Page,
    edge_attributes,
    node_attributes,
)
from graph.stores.codec import decode_edge, decode_node, encode_body

__all__ = ["EmbeddedStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL, node_id TEXT NOT NULL, PRIMARY KEY (key, node_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_by_node ON names (node_id);
CREATE TABLE IF NOT EXISTS edges (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    key TEXT NOT NULL, body TEXT NOT NULL
) WITHOUT ROWID;
"""

_CHUNK = 500  # ids per "IN (...)" query, under SQLite's parameter limit


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _NameIndex:
    """Substring search over every name and alias: one string, searched with ``str.find``.

    Keys are joined by newlines; a bisect over line starts maps a hit back to its node.
    """

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        keys: list[str] = []
        self.node_ids: list[str] = []
        for key, node in entries:
            keys.append(key.replace("\n", " "))
            self.node_ids.append(node)
        self.keys = keys
        self.text = "\n".join(keys)
        self.starts: list[int] = []
        offset = 0
        for key in keys:
            self.starts.append(offset)
            offset += len(key) + 1

    def search(self, needle: str) -> dict[str, int]:
        """Node ids whose names contain ``needle``, with rank 0 exact, 1 prefix, 2 inside."""
        found: dict[str, int] = {}
        if not needle or "\n" in needle:
            return found
        text, start = self.text, 0
        while (hit := text.find(needle, start)) >= 0:
            line = bisect_right(self.starts, hit) - 1
            key = self.keys[line]
            rank = 0 if key == needle else 1 if hit == self.starts[line] else 2
            node = self.node_ids[line]
            found[node] = min(rank, found.get(node, 3))
            start = hit + 1
        return found


class EmbeddedStore:
    """networkx in memory, durable in one SQLite file (``":memory:"`` for a throwaway graph)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.uri = self.path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._version = -1
        self._names: _NameIndex | None = None
        self._by_kind: dict[str, list[str]] | None = None

    # -- life cycle ---------------------------------------------------------------------------

    def open(self) -> None:
        if self._conn is not None:
            return
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreUnavailable(self.uri, f"cannot open the SQLite file ({exc})") from exc
        self._conn = conn
        self._reload()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self._graph = nx.MultiDiGraph()
            self._version = -1

    def __enter__(self) -> EmbeddedStore:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreUnavailable(self.uri, "the store is not open; call open() first")
        return self._conn

    def _fresh(self) -> nx.MultiDiGraph:
        """The in-memory structure, reloaded first if another process has committed."""
        with self._lock:
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
            if version != self._version:
                self._reload()
            return self._graph

    def _reload(self) -> None:
        with self._lock:
            db = self._db
            db.execute("BEGIN")
            try:
                G = nx.MultiDiGraph()
                G.add_nodes_from(
                    (row[0], {"kind": row[1], "name": row[2]})
                    for row in db.execute("SELECT id, kind, name FROM nodes")
                )
                G.add_edges_from(
                    (row[1], row[2], row[0], {"kind": row[3]})
                    for row in db.execute("SELECT id, source, target, kind FROM edges")
                )
                self._version = db.execute("PRAGMA data_version").fetchone()[0]
            finally:
                db.execute("COMMIT")
            self._graph = G
            self._names = None
            self._by_kind = None

    def _name_index(self) -> _NameIndex:
        if self._names is None:
            rows = self._db.execute("SELECT key, node_id FROM names ORDER BY node_id, key")
            self._names = _NameIndex(rows)
        return self._names

    def _fetch_nodes(self, ids: Sequence[str]) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT id, kind, name, body FROM nodes WHERE id IN ({marks})",  # noqa: S608
                tuple(chunk),
            )
            for row in rows:
                found[row[0]] = decode_node(*row)
        return found

    def _fetch_edges(self, ids: Sequence[str]) -> dict[str, Edge]:
        found: dict[str, Edge] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT id, kind, source, target, key, body FROM edges "  # noqa: S608
                f"WHERE id IN ({marks})",
                tuple(chunk),
            )
            for row in rows:
                found[row[0]] = decode_edge(*row)
        return found

    # -- writes -------------------------------------------------------------------------------

    def upsert(self, batch: GraphBatch) -> UpsertSummary:
        batch = batch.merged()
        with self._lock:
            G = self._fresh()
            batch_ids = {n.id for n in batch.nodes}
            for edge in batch.edges:
                for end in (edge.source, edge.target):
                    if end not in batch_ids and end not in G:
                        raise InvalidRecord(
                            f"edge {edge.id!r} points at {end!r}, which is neither in the "
                            "batch nor in the store"
                        )
            summary = UpsertSummary()
            old_nodes = self._fetch_nodes([n.id for n in batch.nodes if n.id in G])
            nodes: list[Node] = []
            for node in batch.nodes:
                old = old_nodes.get(node.id)
                if old is None:
                    summary.nodes_added += 1
                    nodes.append(node)
                    continue
                merged = merge_node(old, node)
                if merged == old:
                    summary.nodes_unchanged += 1
                else:
                    summary.nodes_updated += 1
                    nodes.append(merged)
            known_edges = [e.id for e in batch.edges if G.has_edge(e.source, e.target, e.id)]
            old_edges = self._fetch_edges(known_edges)
            edges: list[Edge] = []
            for edge in batch.edges:
                old_edge = old_edges.get(edge.id)
                if old_edge is None:
                    summary.edges_added += 1
                    edges.append(edge)
                    continue
                merged_edge = merge_edge(old_edge, edge)
                if merged_edge == old_edge:
                    summary.edges_unchanged += 1
                else:
                    summary.edges_updated += 1
                    edges.append(merged_edge)
            if nodes or edges:
                self._write(nodes, edges)
            return summary

    def _write(self, nodes: list[Node], edges: list[Edge]) -> None:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT OR REPLACE INTO nodes (id, kind, name, body) VALUES (?, ?, ?, ?)",
                ((n.id, n.kind.value, n.name, encode_body(n)) for n in nodes),
            )
            db.executemany("DELETE FROM names WHERE node_id = ?", ((n.id,) for n in nodes))
            db.executemany(
                "INSERT OR IGNORE INTO names (key, node_id) VALUES (?, ?)",
                ((canonical_key(name), n.id) for n in nodes for name in n.names),
            )
            db.executemany(
                "INSERT OR REPLACE INTO edges (id, kind, source, target, key, body) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                ((e.id, e.kind.value, e.source, e.target, e.key, encode_body(e)) for e in edges),
            )
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{self.uri}: the batch was not written ({exc})") from exc
            raise
        G = self._graph
        G.add_nodes_from((n.id, {"kind": n.kind.value, "name": n.name}) for n in nodes)
        G.add_edges_from((e.source, e.target, e.id, {"kind": e.kind.value}) for e in edges)
        self._names = None
        self._by_kind = None

    def clear(self) -> None:
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            for table in ("edges", "names", "nodes"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
            db.execute("COMMIT")
            self._reload()

    # -- reads --------------------------------------------------------------------------------

    def get_node(self, node_id: str) -> Node:
        found = self.get_nodes([node_id])
        if node_id not in found:
            raise NodeNotFound(node_id)
        return found[node_id]

    def get_nodes(self, node_ids: Iterable[str]) -> dict[str, Node]:
        with self._lock:
            self._fresh()
            return self._fetch_nodes(list(dict.fromkeys(node_ids)))

    def get_edge(self, edge_id: str) -> Edge:
        with self._lock:
            self._fresh()
            found = self._fetch_edges([edge_id])
        if edge_id not in found:
            raise NodeNotFound(edge_id)
        return found[edge_id]

    def lookup(self, name: str, *, kind: NodeKind | None = None) -> list[Node]:
        with self._lock:
            self._fresh()
            rows = self._db.execute(
                "SELECT node_id FROM names WHERE key = ? ORDER BY node_id", (canonical_key(name),)
            ).fetchall()
            nodes = self._fetch_nodes([r[0] for r in rows])
        return [n for n in nodes.values() if kind is None or n.kind == kind]

    def _ids_of_kind(self, kind: NodeKind | None) -> list[str]:
        if self._by_kind is None:
            by_kind: dict[str, list[str]] = {}
            for u, data in self._graph.nodes(data="kind"):
                by_kind.setdefault(data, []).append(u)
            for ids in by_kind.values():
                ids.sort()
            by_kind[""] = sorted(self._graph)
            self._by_kind = by_kind
        return self._by_kind.get(kind.value if kind else "", [])

    def find_nodes(
        self,
        *,
        kind: NodeKind | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        with self._lock:
            G = self._fresh()
            if q is None or not q.strip():
                ids = self._ids_of_kind(kind)
                page = ids[offset : offset + limit]
                nodes = self._fetch_nodes(page)
                return Page(items=[nodes[i] for i in page], total=len(ids))
            hits = self._name_index().search(canonical_key(q))
            wanted = kind.value if kind else None
            ranked = sorted(
                (rank, len(G.nodes[u]["name"]), u)
                for u, rank in hits.items()
                if u in G and (wanted is None or G.nodes[u]["kind"] == wanted)
            )
            page = [u for _, _, u in ranked[offset : offset + limit]]
            nodes = self._fetch_nodes(page)
            return Page(items=[nodes[i] for i in page], total=len(ranked))

    def neighbours(
        self,
        node_id: str,
        *,
        edge_kinds: Collection[EdgeKind] | None = None,
        direction: Direction = "both",
    ) -> list[Neighbour]:
        with self._lock:
            G = self._fresh()
            if node_id not in G:
                raise NodeNotFound(node_id)
            wanted = {k.value for k in edge_kinds} if edge_kinds else None
            found: list[tuple[str, str, Any]] = []  # (edge id, other end, direction)
            if direction in ("out", "both"):
                for _, v, key, kind in G.out_edges(node_id, keys=True, data="kind"):
                    if wanted is None or kind in wanted:
                        found.append((key, v, "out"))
            if direction in ("in", "both"):
                for u, _, key, kind in G.in_edges(node_id, keys=True, data="kind"):
                    if wanted is None or kind in wanted:
                        found.append((key, u, "in"))
            found.sort()
            edges = self._fetch_edges([f[0] for f in found])
            nodes = self._fetch_nodes([f[1] for f in found])
        return [
            Neighbour(edge=edges[e], node=nodes[u], direction=d)
            for e, u, d in found
            if e in edges and u in nodes
        ]

    def subgraph(
        self,
        node_ids: Iterable[str],
        *,
        depth: int = 1,
        edge_kinds: Collection[EdgeKind] | None = None,
    ) -> nx.MultiDiGraph:
        with self._lock:
            G = self._fresh()
            wanted = {k.value for k in edge_kinds} if edge_kinds else None
            frontier = [u for u in dict.fromkeys(node_ids)]
            for u in frontier:
                if u not in G:
                    raise NodeNotFound(u)
            seen = set(frontier)
            for _ in range(depth):
                next_frontier: list[str] = []
                for u in frontier:
                    for edges in (G.out_edges(u, data="kind"), G.in_edges(u, data="kind")):
                        for a, b, kind in edges:
                            v = b if a == u else a
                            if v not in seen and (wanted is None or kind in wanted):
                                seen.add(v)
                                next_frontier.append(v)
                frontier = next_frontier
            keep = sorted(seen)
            edge_ids = [
                key
                for _, _, key, kind in G.subgraph(keep).edges(keys=True, data="kind")
                if wanted is None or kind in wanted
            ]
            nodes = self._fetch_nodes(keep)
            edges = self._fetch_edges(edge_ids)
        H = nx.MultiDiGraph()
        H.add_nodes_from((u, node_attributes(nodes[u])) for u in keep)
        H.add_edges_from(
            (e.source, e.target, e.id, edge_attributes(e)) for e in sorted(edges.values(), key=_id)
        )
        return H

    def to_networkx(self, *, kinds: Collection[NodeKind] | None = None) -> nx.MultiDiGraph:
        with self._lock:
            G = self._fresh()
            if kinds is None:
                return G.copy()
            wanted = {k.value for k in kinds}
            keep = [u for u, kind in G.nodes(data="kind") if kind in wanted]
            return G.subgraph(keep).copy()

    def iter_nodes(self, *, kind: NodeKind | None = None) -> Iterator[Node]:
        with self._lock:
            self._fresh()
            ids = list(self._ids_of_kind(kind))
        for chunk in _chunks(ids, 2000):
            with self._lock:
                nodes = self._fetch_nodes(chunk)
            yield from (nodes[i] for i in chunk if i in nodes)

    def iter_edges(self) -> Iterator[Edge]:
        with self._lock:
            self._fresh()
            ids = [row[0] for row in self._db.execute("SELECT id FROM edges ORDER BY id")]
        for chunk in _chunks(ids, 2000):
            with self._lock:
                edges = self._fetch_edges(chunk)
            yield from (edges[i] for i in chunk if i in edges)

    def stats(self) -> GraphStats:
        with self._lock:
            G = self._fresh()
            by_kind = Counter(kind for _, kind in G.nodes(data="kind"))
            by_edge = Counter(kind for _, _, kind in G.edges(data="kind"))
        return GraphStats(
            nodes=G.number_of_nodes(),
            edges=G.number_of_edges(),
            by_kind=dict(sorted(by_kind.items())),
            by_edge_kind=dict(sorted(by_edge.items())),
        )


def _id(edge: Edge) -> str:
    return edge.id
