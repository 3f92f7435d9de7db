"""The embedded store: networkx in memory, durable in one SQLite file.

SQLite holds the truth (WAL journal, one transaction per batch), so a batch is
all-or-nothing, a process killed mid-load leaves the previous graph whole, and a reader
in another process sees the old graph or the new one (every read is one read transaction).
Lookups, neighbours and k-hop walks use SQLite's indexes, so reopening a large graph answers
at once. The whole-graph networkx ``MultiDiGraph`` that analytics and matching traverse is
built on first use and kept until the graph changes, in this process or another
(``PRAGMA data_version``).

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

import gc
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import networkx as nx

from graph.errors import StoreError, StoreUnavailable
from graph.i18n import _
from graph.model import (
    Edge,
    EdgeKind,
    GraphBatch,
    Node,
    NodeKind,
    PropertyValue,
    UpsertSummary,
    canonical_key,
    loads_json,
)
from graph.stores.base import (
    Direction,
    GraphStats,
    Neighbour,
    Page,
    StoreBase,
    by_id,
    check_found,
    chunks,
    subgraph_of,
)
from graph.stores.changes import adds_nothing, check_edge_ends, plan_writes
from graph.stores.codec import decode_edge, decode_node, encode_body
from graph.stores.name_index import (
    SEARCH_SCHEMA,
    SEARCH_VERSION,
    build_search_rows,
    plan_search,
    search_row,
)

__all__ = ["EmbeddedStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL, node_id TEXT NOT NULL, PRIMARY KEY (key, node_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_by_node ON names (node_id);
CREATE INDEX IF NOT EXISTS nodes_by_kind ON nodes (kind, id);
CREATE TABLE IF NOT EXISTS edges (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    key TEXT NOT NULL, body TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', 0);
CREATE INDEX IF NOT EXISTS edges_by_source ON edges (source, kind);
CREATE INDEX IF NOT EXISTS edges_by_target ON edges (target, kind);
CREATE INDEX IF NOT EXISTS edges_by_kind ON edges (kind, id);
"""

_CHUNK = 500  # ids per "IN (...)" query, under SQLite's parameter limit

# Secondary indexes by table. A bulk write drops and rebuilds them inside its transaction:
# one sorted build is several times faster than a million scattered index updates.
_INDEXES = {
    "nodes": {
        "names_by_node": "CREATE INDEX names_by_node ON names (node_id)",
        "nodes_by_kind": "CREATE INDEX nodes_by_kind ON nodes (kind, id)",
    },
    "edges": {
        "edges_by_source": "CREATE INDEX edges_by_source ON edges (source, kind)",
        "edges_by_target": "CREATE INDEX edges_by_target ON edges (target, kind)",
        "edges_by_kind": "CREATE INDEX edges_by_kind ON edges (kind, id)",
    },
}
_BULK_ROWS = 50_000

_BUMP_GENERATION = "UPDATE meta SET value = value + 1 WHERE key = 'generation'"

# Row reads by a list of ids; {marks} becomes the "?" of one chunk of them.
_ROWS_BY_ID = {
    "nodes": "SELECT id, kind, name, body FROM nodes WHERE id IN ({marks})",
    "edges": "SELECT id, kind, source, target, key, body FROM edges WHERE id IN ({marks})",
}
_NODE_IDS = "SELECT id FROM nodes WHERE id IN ({marks})"
_EDGES_OF_KINDS = "SELECT id, source, target, kind FROM edges WHERE kind IN ({marks})"
_NODES_OF_KINDS = "SELECT id, kind, name FROM nodes WHERE kind IN ({marks})"
_NAMES_BY_ID = "SELECT id, kind, name FROM nodes WHERE id IN ({marks})"
_EDGES_AT = {
    end: f"SELECT id, kind, source, target FROM edges WHERE {end} IN ({{marks}})"  # noqa: S608
    for end in ("source", "target")
}


class EmbeddedStore(StoreBase):
    """networkx in memory, durable in one SQLite file (``":memory:"`` for a throwaway graph)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.uri = self.path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._writes = 0  # commits made through this connection
        self._cache_key: tuple[int, int] | None = None
        self._graph: nx.MultiDiGraph | None = None

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
            conn.execute("PRAGMA cache_size=-65536")  # up to 64 MB of page cache
            conn.executescript(_SCHEMA)
            conn.executescript(SEARCH_SCHEMA)
            _migrate_search(conn)
        except sqlite3.Error as exc:
            raise StoreUnavailable(
                self.uri, _("无法打开 SQLite 文件（{cause}）").format(cause=exc)
            ) from exc
        self._conn = conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self._drop_caches()

    def integrity_check(self) -> str:
        """SQLite's own check of the file: ``"ok"`` when it is whole."""
        with self._lock:
            result: str = self._db.execute("PRAGMA integrity_check").fetchone()[0]
            return result

    # -- internals ----------------------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            # i18n: ok: a program used the store before open(); no user action leads here
            raise StoreUnavailable(self.uri, "the store is not open; call open() first")
        return self._conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every statement in it sees the same snapshot."""
        with self._lock:
            db = self._db
            db.execute("BEGIN")
            try:
                key = (db.execute("PRAGMA data_version").fetchone()[0], self._writes)
                if key != self._cache_key:
                    self._drop_caches()
                    self._cache_key = key
                yield db
            finally:
                db.execute("COMMIT")

    def _drop_caches(self) -> None:
        self._graph = None
        self._cache_key = None

    def _structure(self) -> nx.MultiDiGraph:
        """The whole graph's structure (kind and name only), built once per version.

        Call inside :meth:`_read`. Edges are keyed by their edge id.
        """
        if self._graph is None:
            db = self._db
            with _no_gc():
                G = nx.MultiDiGraph()
                G.add_nodes_from(
                    (row[0], {"kind": row[1], "name": row[2]})
                    for row in db.execute("SELECT id, kind, name FROM nodes")
                )
                G.add_edges_from(
                    (row[1], row[2], row[0], {"kind": row[3]})
                    for row in db.execute("SELECT id, source, target, kind FROM edges")
                )
            self._graph = nx.freeze(G)
        return self._graph

    def _in(self, sql: str, ids: Sequence[str]) -> Iterator[tuple[str, ...]]:
        """The rows of ``sql`` (one of the templates above) for every chunk of ``ids``."""
        for chunk in chunks(ids, _CHUNK):
            yield from self._db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)

    def _existing(self, ids: Sequence[str]) -> set[str]:
        """The node ids among ``ids`` that are stored."""
        return {row[0] for row in self._in(_NODE_IDS, ids)}

    def _any(self, table: str) -> bool:
        sql = f"SELECT 1 FROM {table} LIMIT 1"  # noqa: S608 (fixed table names)
        return self._db.execute(sql).fetchone() is not None

    def _fetch_raw(self, table: str, ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """Stored rows by id, undecoded (nodes: id kind name body; edges: id kind source
        target key body); nothing is queried when the table is empty."""
        if not ids or not self._any(table):
            return {}
        return {row[0]: row for row in self._in(_ROWS_BY_ID[table], ids)}

    def _fetch_nodes(self, ids: Sequence[str]) -> dict[str, Node]:
        return {row[0]: decode_node(*row) for row in self._in(_ROWS_BY_ID["nodes"], ids)}

    def _fetch_edges(self, ids: Sequence[str]) -> dict[str, Edge]:
        return {row[0]: decode_edge(*row) for row in self._in(_ROWS_BY_ID["edges"], ids)}

    def _edges_at(
        self, node_ids: Sequence[str], wanted: set[str] | None, direction: Direction
    ) -> list[tuple[str, ...]]:
        """(edge id, kind, source, target) of the edges at these nodes."""
        found: list[tuple[str, ...]] = []
        ends = {"out": ["source"], "in": ["target"], "both": ["source", "target"]}[direction]
        for end in ends:
            found.extend(
                row
                for row in self._in(_EDGES_AT[end], node_ids)
                if wanted is None or row[1] in wanted
            )
        return found

    # -- writes -------------------------------------------------------------------------------

    def upsert(self, batch: GraphBatch) -> UpsertSummary:
        with self._lock, _no_gc():
            batch = batch.merged()
            summary = UpsertSummary()
            with self._read():
                batch_ids = {n.id for n in batch.nodes}
                outside = sorted(
                    {end for e in batch.edges for end in (e.source, e.target)} - batch_ids
                )
                check_edge_ends(batch.edges, batch_ids | self._existing(outside))
                old_nodes = self._fetch_raw("nodes", [n.id for n in batch.nodes])
                old_edges = self._fetch_raw("edges", [e.id for e in batch.edges])
            nodes = plan_writes(
                batch.nodes,
                old_nodes,
                summary,
                "nodes",
                decode=_decode_node_row,
                unchanged=_row_unchanged,
            )
            edges = plan_writes(
                batch.edges,
                old_edges,
                summary,
                "edges",
                decode=_decode_edge_row,
                unchanged=_row_unchanged,
            )
            if nodes or edges:
                self._write(nodes, edges)
            return summary

    def _write(self, nodes: list[Node], edges: list[Edge]) -> None:
        db = self._db
        nodes.sort(key=by_id)
        edges.sort(key=by_id)
        bulk = [t for t, rows in (("nodes", nodes), ("edges", edges)) if len(rows) >= _BULK_ROWS]
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("DELETE FROM names WHERE node_id = ?", ((n.id,) for n in nodes))
            db.executemany("DELETE FROM search_rows WHERE node_id = ?", ((n.id,) for n in nodes))
            for table in bulk:
                for index in _INDEXES[table]:
                    db.execute(f"DROP INDEX IF EXISTS {index}")
            db.executemany(
                "INSERT OR REPLACE INTO nodes (id, kind, name, body) VALUES (?, ?, ?, ?)",
                ((n.id, n.kind.value, n.name, encode_body(n)) for n in nodes),
            )
            db.executemany(
                "INSERT OR IGNORE INTO names (key, node_id) VALUES (?, ?)",
                ((canonical_key(name), n.id) for n in nodes for name in n.names),
            )
            db.executemany(
                "INSERT INTO search_rows (node_id, kind, name_len, keytext) VALUES (?, ?, ?, ?)",
                (search_row(n.id, n.kind.value, n.name, n.aliases) for n in nodes),
            )
            db.executemany(
                "INSERT OR REPLACE INTO edges (id, kind, source, target, key, body) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                ((e.id, e.kind.value, e.source, e.target, e.key, encode_body(e)) for e in edges),
            )
            for table in bulk:
                for ddl in _INDEXES[table].values():
                    db.execute(ddl)
            db.execute(_BUMP_GENERATION)
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    _("{store}：这批数据未写入（{cause}）").format(store=self.uri, cause=exc)
                ) from exc
            raise
        finally:
            self._writes += 1

    def clear(self) -> None:
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            for table in ("edges", "names", "nodes"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
            build_search_rows(db)  # empties the search index in one statement
            db.execute(_BUMP_GENERATION)
            db.execute("COMMIT")
            self._writes += 1

    # -- reads --------------------------------------------------------------------------------

    def get_nodes(self, node_ids: Iterable[str]) -> dict[str, Node]:
        with self._read():
            return self._fetch_nodes(list(dict.fromkeys(node_ids)))

    def get_edge(self, edge_id: str) -> Edge:
        with self._read():
            found = self._fetch_edges([edge_id])
        check_found([edge_id], found)
        return found[edge_id]

    def lookup(self, name: str, *, kind: NodeKind | None = None) -> list[Node]:
        with self._read() as db:
            rows = db.execute(
                "SELECT node_id FROM names WHERE key = ? ORDER BY node_id", (canonical_key(name),)
            ).fetchall()
            nodes = self._fetch_nodes([r[0] for r in rows])
        return [nodes[r[0]] for r in rows if kind is None or nodes[r[0]].kind == kind]

    def find_nodes(
        self,
        *,
        kind: NodeKind | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        with self._read() as db:
            if q is None or not q.strip():
                where, args = ("WHERE kind = ?", (kind.value,)) if kind else ("", ())
                total = db.execute(f"SELECT count(*) FROM nodes {where}", args).fetchone()[0]  # noqa: S608
                rows = db.execute(
                    f"SELECT id, kind, name, body FROM nodes {where} "  # noqa: S608
                    "ORDER BY id LIMIT ? OFFSET ?",
                    (*args, limit, offset),
                )
                return Page(items=[decode_node(*row) for row in rows], total=total)
            needle = canonical_key(q)
            plan = plan_search(needle, kind=kind.value if kind else None).with_terms(db)
            hits = plan.run(db, limit=limit, offset=offset)
            nodes = self._fetch_nodes(hits.ids)
            return Page(
                items=[nodes[u] for u in hits.ids if u in nodes],
                total=hits.total,
                total_capped=hits.capped,
            )

    def neighbours(
        self,
        node_id: str,
        *,
        edge_kinds: Collection[EdgeKind] | None = None,
        direction: Direction = "both",
    ) -> list[Neighbour]:
        wanted = {k.value for k in edge_kinds} if edge_kinds else None
        with self._read():
            check_found([node_id], self._existing([node_id]))
            found: list[tuple[str, str, Literal["out", "in"]]] = sorted(
                {
                    (edge, target, "out") if source == node_id else (edge, source, "in")
                    for edge, _, source, target in self._edges_at([node_id], wanted, direction)
                }
            )
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
        wanted = {k.value for k in edge_kinds} if edge_kinds else None
        start = list(dict.fromkeys(node_ids))
        with self._read():
            check_found(start, self._existing(start))
            seen = set(start)
            frontier = start
            edge_ids: set[str] = set()
            for _ in range(depth):
                next_frontier: list[str] = []
                for edge, _, source, target in self._edges_at(frontier, wanted, "both"):
                    edge_ids.add(edge)
                    for v in (source, target):
                        if v not in seen:
                            seen.add(v)
                            next_frontier.append(v)
                frontier = next_frontier
            # the edges among the last ring close the induced subgraph
            for edge, _, source, target in self._edges_at(frontier, wanted, "both"):
                if source in seen and target in seen:
                    edge_ids.add(edge)
            nodes = self._fetch_nodes(sorted(seen))
            edges = self._fetch_edges(sorted(edge_ids))
        return subgraph_of(nodes, edges.values())

    def to_networkx(self, *, kinds: Collection[NodeKind] | None = None) -> nx.MultiDiGraph:
        """The whole graph's structure; frozen and shared until the graph changes."""
        with self._read():
            G = self._structure()
        if kinds is None:
            return G
        wanted = {k.value for k in kinds}
        return nx.freeze(G.subgraph([u for u, kind in G.nodes(data="kind") if kind in wanted]))

    def structure(
        self, *, edge_kinds: Collection[EdgeKind], node_kinds: Collection[NodeKind] = ()
    ) -> nx.MultiDiGraph:
        edge_values = sorted(EdgeKind(k).value for k in edge_kinds)
        node_values = sorted(NodeKind(k).value for k in node_kinds)
        with self._read(), _no_gc():
            edges = list(self._in(_EDGES_OF_KINDS, edge_values))  # edges_by_kind
            ends = sorted({end for row in edges for end in row[1:3]})
            nodes = {row[0]: row for row in self._in(_NODES_OF_KINDS, node_values)}
            nodes.update((row[0], row) for row in self._in(_NAMES_BY_ID, ends))
        G = nx.MultiDiGraph()
        G.add_nodes_from(
            (u, {"kind": kind, "name": name}) for u, kind, name in sorted(nodes.values())
        )
        G.add_edges_from((u, v, key, {"kind": kind}) for key, u, v, kind in edges)
        return G

    def iter_nodes(self, *, kind: NodeKind | None = None) -> Iterator[Node]:
        with self._read() as db:
            where, args = ("WHERE kind = ?", (kind.value,)) if kind else ("", ())
            ids = [r[0] for r in db.execute(f"SELECT id FROM nodes {where} ORDER BY id", args)]  # noqa: S608
        for chunk in chunks(ids, 2000):
            with self._read():
                nodes = self._fetch_nodes(chunk)
            yield from (nodes[i] for i in chunk if i in nodes)

    def iter_edges(self, *, kind: EdgeKind | None = None) -> Iterator[Edge]:
        with self._read() as db:
            if kind is None:
                ids = [row[0] for row in db.execute("SELECT id FROM edges ORDER BY id")]
            else:  # the edges_by_kind index: only this kind's rows are read
                rows = db.execute("SELECT id FROM edges WHERE kind = ? ORDER BY id", (kind.value,))
                ids = [row[0] for row in rows]
        for chunk in chunks(ids, 2000):
            with self._read():
                edges = self._fetch_edges(chunk)
            yield from (edges[i] for i in chunk if i in edges)

    def scan_nodes(self, kinds: Collection[NodeKind]) -> Iterator[tuple[str, str, str, str]]:
        wanted = sorted(NodeKind(k).value for k in kinds)
        marks = ", ".join("?" * len(wanted))
        with self._read() as db:
            rows = db.execute(
                f"SELECT id, kind, name, body FROM nodes WHERE kind IN ({marks})",  # noqa: S608
                wanted,
            ).fetchall()
        yield from rows

    def scan_edges(self, kinds: Collection[EdgeKind]) -> Iterator[tuple[str, str, str]]:
        wanted = sorted(EdgeKind(k).value for k in kinds)
        marks = ", ".join("?" * len(wanted))
        with self._read() as db:
            rows = db.execute(
                f"SELECT source, target, kind FROM edges WHERE kind IN ({marks})",  # noqa: S608
                wanted,
            ).fetchall()
        yield from rows

    def edge_properties(self, kind: EdgeKind) -> Iterator[tuple[str, dict[str, PropertyValue]]]:
        with self._read() as db:  # edges_by_kind, and only the body's properties decoded
            rows = db.execute(
                "SELECT id, json_extract(body, '$.properties') FROM edges WHERE kind = ? "
                "ORDER BY id",
                (kind.value,),
            ).fetchall()
        for edge_id, properties in rows:
            yield edge_id, loads_json(properties) if properties else {}

    def generation(self) -> str:
        with self._read() as db:
            value = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
        return str(value)

    def stats(self) -> GraphStats:
        with self._read() as db:
            by_kind = dict(
                db.execute("SELECT kind, count(*) FROM nodes GROUP BY kind ORDER BY kind")
            )
            by_edge = dict(
                db.execute("SELECT kind, count(*) FROM edges GROUP BY kind ORDER BY kind")
            )
        return GraphStats.from_counts(by_kind, by_edge)


def _migrate_search(db: sqlite3.Connection) -> None:
    """Build the name search index of a store written before it existed (or by an older
    layout) once, on open; the version is kept in ``meta``."""
    row = db.execute("SELECT value FROM meta WHERE key = 'search_version'").fetchone()
    if row is not None and row[0] >= SEARCH_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        build_search_rows(db)
        db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_version', ?)",
            (SEARCH_VERSION,),
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic collector while millions of small objects are made (none are cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _decode_node_row(row: tuple[str, ...]) -> Node:
    return decode_node(*row)


def _decode_edge_row(row: tuple[str, ...]) -> Edge:
    return decode_edge(*row)


def _row_unchanged(record: Node | Edge, row: tuple[str, ...]) -> bool:
    # rows: nodes (id, kind, name, body), edges (id, kind, source, target, key, body)
    return adds_nothing(record, row[2] if isinstance(record, Node) else None, loads_json(row[-1]))
