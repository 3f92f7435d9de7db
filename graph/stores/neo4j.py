"""The Neo4j store: the same graph and the same answers as the embedded store, on Neo4j.

A single server, a cluster or Aura: ``bolt://`` talks to one server, ``neo4j://`` routes
reads to any member of a cluster (every read here runs in a read transaction) and writes to
the leader. The statements live in :mod:`graph.stores.cypher`.

- **Schema first.** ``open()`` connects, then creates the uniqueness constraints (node id on
  ``:Entity``, edge id on each relationship type) and a text index over the name keys.
- **Writes.** One upsert is one explicit write transaction: the old records of the batch are
  read, merged with :func:`graph.model.merge_node` / :func:`~graph.model.merge_edge` exactly
  as the embedded store does, and written as ``UNWIND $rows`` MERGE statements. A failure
  anywhere rolls the whole batch back.
- **Exact round trip.** A record's body (aliases, properties with their dates, provenance) is
  stored as one JSON string (:mod:`graph.stores.codec`) beside queryable columns.
- **Faults.** A server that cannot be reached raises `StoreUnavailable` naming the URI, from
  ``open()`` and from every later call; the driver reconnects by itself, so the call after the
  server is back works without reopening the store.

Constructors do no I/O:

>>> store = Neo4jStore("bolt://127.0.0.1:7687")
>>> store.uri, store.database
('bolt://127.0.0.1:7687', None)
>>> try:
...     store.get_node("enterprise:x")
... except StoreUnavailable as exc:
...     print(exc.cause)
the store is not open; call open() first
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

import networkx as nx
from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, GraphDatabase, ManagedTransaction, Record
from neo4j.exceptions import (
    AuthError,
    ConstraintError,
    DriverError,
    Forbidden,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.errors import GraphError, StoreError, StoreUnavailable
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
from graph.stores import cypher
from graph.stores.base import (
    Direction,
    GraphStats,
    Neighbour,
    Page,
    StoreBase,
    check_found,
    chunks,
    subgraph_of,
)
from graph.stores.changes import check_edge_ends, plan_writes
from graph.stores.codec import decode_edge, decode_node, encode_body
from graph.stores.name_index import COUNT_CAP

__all__ = ["Neo4jStore"]

log = logging.getLogger(__name__)

T = TypeVar("T")

_READ_CHUNK = 10_000  # ids per lookup statement


def _node(row: Record) -> Node:
    return decode_node(row["id"], row["kind"], row["name"], row["body"])


def _edge(row: Record) -> Edge:
    return decode_edge(
        row["id"], row["kind"], row["source"], row["target"], row["key"], row["body"]
    )


def _node_row(node: Node) -> dict[str, object]:
    keys = list(dict.fromkeys(canonical_key(name) for name in node.names))
    return {
        "id": node.id,
        "name": node.name,
        "keytext": "\n" + "\n".join(keys) + "\n",
        "body": encode_body(node),
    }


def _edge_row(edge: Edge) -> dict[str, object]:
    return {
        "id": edge.id,
        "source": edge.source,
        "target": edge.target,
        "key": edge.key,
        "body": encode_body(edge),
    }


def _types(edge_kinds: Collection[EdgeKind] | None) -> list[str] | None:
    return sorted(EdgeKind(k).value for k in edge_kinds) if edge_kinds else None


class Neo4jStore(StoreBase):
    """A graph store on a Neo4j server, cluster or Aura instance.

    Parameters
    ----------
    uri
        ``bolt://host:7687``, ``neo4j://host:7687`` (routing) or their ``+s``/``+ssc`` forms.
    user, password
        Credentials; an empty password connects without authentication.
    database
        The database to use; ``None`` is the server's default (home) database.
    batch_size
        Rows per ``UNWIND`` statement when writing.
    retry_time
        Seconds the driver keeps retrying a transaction after transient errors or a lost
        server before the call raises; kept short so a request fails fast when Neo4j is down.
    connection_timeout
        Seconds to wait for a TCP connection.
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str = "neo4j",
        password: str = "",
        database: str | None = None,
        batch_size: int = 5_000,
        retry_time: float = 3.0,
        connection_timeout: float = 10.0,
    ) -> None:
        self.uri = uri
        self.user = user
        self.database = database
        self.batch_size = batch_size
        self._password = password
        self._retry_time = retry_time
        self._connection_timeout = connection_timeout
        self._driver: Driver | None = None
        self._schema_ready = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.database!r})"

    # -- life cycle ---------------------------------------------------------------------------

    def open(self) -> None:
        """Connect, check the server answers and create the schema.

        On `StoreUnavailable` the store stays open: later calls retry the connection.
        """
        if self._driver is None:
            auth = (self.user, self._password) if self._password else None
            try:
                self._driver = GraphDatabase.driver(
                    self.uri,
                    auth=auth,
                    max_transaction_retry_time=self._retry_time,
                    connection_timeout=self._connection_timeout,
                    connection_acquisition_timeout=self._connection_timeout + 5,
                    notifications_min_severity="OFF",
                    user_agent="tech-transfer-kg",
                )
            except (DriverError, ValueError) as exc:
                raise StoreUnavailable(
                    self.uri, _("不是可用的 Neo4j 地址（{cause}）").format(cause=exc)
                ) from exc
        self._connected()

    def close(self) -> None:
        with self._lock:
            if self._driver is not None:
                self._driver.close()
                self._driver = None
            self._schema_ready = False

    # -- internals ----------------------------------------------------------------------------

    @contextmanager
    def _translated(self, what: str) -> Iterator[None]:
        """Driver errors as the package's errors; our own errors pass through."""
        try:
            yield
        except GraphError:
            raise
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(self.uri, f"{exc} ({what})") from exc
        except AuthError as exc:
            raise StoreUnavailable(
                self.uri, _("服务器拒绝了用户名或密码（{cause}）").format(cause=exc)
            ) from exc
        except Neo4jError as exc:
            raise StoreError(f"{self.uri}: {what} failed ({exc.code}: {exc.message})") from exc
        except DriverError as exc:
            raise StoreError(f"{self.uri}: {what} failed ({exc})") from exc
        except OSError as exc:
            raise StoreUnavailable(self.uri, f"{exc} ({what})") from exc

    def _connected(self) -> Driver:
        driver = self._driver
        if driver is None:
            # i18n: ok: a program used the store before open(); no user action leads here
            raise StoreUnavailable(self.uri, "the store is not open; call open() first")
        if not self._schema_ready:
            with self._lock, self._translated("creating the schema"):
                if not self._schema_ready:
                    driver.verify_connectivity()
                    self._create_schema(driver)
                    self._schema_ready = True
        return driver

    def _create_schema(self, driver: Driver) -> None:
        try:
            for statement in cypher.SCHEMA:
                driver.execute_query(statement, database_=self.database)
            driver.execute_query(cypher.AWAIT_INDEXES, database_=self.database)
        except Forbidden as exc:  # a read-only user on a prepared database
            log.warning("%s: cannot create the schema (%s); using it as it is", self.uri, exc)

    def _read(self, work: Callable[[ManagedTransaction], T], what: str = "a read") -> T:
        driver = self._connected()
        with (
            self._translated(what),
            driver.session(database=self.database, default_access_mode=READ_ACCESS) as session,
        ):
            return session.execute_read(work)

    def _rows(self, query: str, what: str = "a read", **params: Any) -> list[Record]:
        return self._read(lambda tx: list(tx.run(query, params)), what)

    @staticmethod
    def _fetch_nodes(tx: ManagedTransaction, ids: Sequence[str]) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for chunk in chunks(ids, _READ_CHUNK):
            for row in tx.run(cypher.NODES_BY_IDS, ids=list(chunk)):
                found[row["id"]] = _node(row)
        return found

    @staticmethod
    def _fetch_edges(
        tx: ManagedTransaction, edges: Iterable[tuple[str, EdgeKind]]
    ) -> dict[str, Edge]:
        """The edges among ``(id, kind)`` pairs that exist, by id."""
        by_kind: dict[EdgeKind, list[str]] = defaultdict(list)
        for edge_id, kind in edges:
            by_kind[kind].append(edge_id)
        found: dict[str, Edge] = {}
        for kind, ids in by_kind.items():
            query = cypher.edges_by_ids(kind)
            for chunk in chunks(ids, _READ_CHUNK):
                for row in tx.run(query, ids=list(chunk)):
                    found[row["id"]] = _edge(row)
        return found

    @staticmethod
    def _existing_ids(tx: ManagedTransaction, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(ids, _READ_CHUNK):
            found.update(tx.run(cypher.NODE_IDS, ids=list(chunk)).single(strict=True)["ids"])
        return found

    # -- writes -------------------------------------------------------------------------------

    def upsert(self, batch: GraphBatch) -> UpsertSummary:
        batch = batch.merged()
        driver = self._connected()

        def work(tx: ManagedTransaction) -> UpsertSummary:
            summary = UpsertSummary()
            old_nodes = self._fetch_nodes(tx, [n.id for n in batch.nodes])
            nodes = plan_writes(batch.nodes, old_nodes, summary, "nodes")
            old_edges = self._fetch_edges(tx, ((e.id, e.kind) for e in batch.edges))
            edges = plan_writes(batch.edges, old_edges, summary, "edges")
            new = {n.id for n in batch.nodes if n.id not in old_nodes}
            new.update(e.id for e in batch.edges if e.id not in old_edges)
            if self._write(tx, nodes, edges, new) < len(edges):
                self._raise_dangling(tx, edges)
            if nodes or edges:
                tx.run(cypher.BUMP_GENERATION).consume()
            return summary

        with self._translated("writing the batch (nothing of it was written)"):
            attempt = 1
            while True:
                try:
                    with driver.session(
                        database=self.database, default_access_mode=WRITE_ACCESS
                    ) as session:
                        return session.execute_write(work)
                except ConstraintError:
                    # A concurrent writer created one of the new records first: read again
                    # and merge into it, as if this batch had come second.
                    if attempt == 3:
                        raise
                    attempt += 1

    def _raise_dangling(self, tx: ManagedTransaction, edges: list[Edge]) -> None:
        """Name the first edge whose end is missing (the transaction then rolls back)."""
        ends = sorted({end for e in edges for end in (e.source, e.target)})
        # the batch's own nodes are written by now
        check_edge_ends(edges, self._existing_ids(tx, ends))

    def _write(
        self,
        tx: ManagedTransaction,
        nodes: list[Node],
        edges: list[Edge],
        new: set[str],
    ) -> int:
        """Write the records (CREATE the ``new`` ids, MERGE the others); return how many
        edges found both their ends."""
        nodes_by_kind: dict[tuple[NodeKind, bool], list[Node]] = defaultdict(list)
        for node in nodes:
            nodes_by_kind[node.kind, node.id in new].append(node)
        for (kind, is_new), group in nodes_by_kind.items():
            query = cypher.create_nodes(kind) if is_new else cypher.merge_nodes(kind)
            for chunk in chunks(group, self.batch_size):
                tx.run(query, rows=[_node_row(n) for n in chunk], kind=kind.value).consume()
        edges_by_kind: dict[tuple[EdgeKind, bool], list[Edge]] = defaultdict(list)
        for edge in edges:
            edges_by_kind[edge.kind, edge.id in new].append(edge)
        written = 0
        for (edge_kind, is_new), edge_group in edges_by_kind.items():
            query = cypher.create_edges(edge_kind) if is_new else cypher.merge_edges(edge_kind)
            for edge_chunk in chunks(edge_group, self.batch_size):
                rows = [_edge_row(e) for e in edge_chunk]
                written += tx.run(query, rows=rows).single(strict=True)["written"]
        return written

    def clear(self) -> None:
        driver = self._connected()
        with (
            self._translated("clearing the graph"),
            driver.session(database=self.database, default_access_mode=WRITE_ACCESS) as session,
        ):
            session.run(cypher.CLEAR).consume()
            session.run(cypher.BUMP_GENERATION).consume()

    def generation(self) -> str:
        rows = self._rows(cypher.GENERATION, "reading the generation")
        return str(rows[0]["value"])

    # -- reads --------------------------------------------------------------------------------

    def get_nodes(self, node_ids: Iterable[str]) -> dict[str, Node]:
        ids = list(dict.fromkeys(node_ids))
        return self._read(lambda tx: self._fetch_nodes(tx, ids))

    def get_edge(self, edge_id: str) -> Edge:
        # The id names its kind ("source|KIND|target"); node ids may hold "|", so try each.
        kinds = [(edge_id, k) for k in EdgeKind if f"|{k.value}|" in edge_id + "|"]
        found = self._read(lambda tx: self._fetch_edges(tx, kinds)) if kinds else {}
        check_found([edge_id], found)
        return found[edge_id]

    def lookup(self, name: str, *, kind: NodeKind | None = None) -> list[Node]:
        needle = "\n" + canonical_key(name) + "\n"

        def work(tx: ManagedTransaction) -> list[Node]:
            ids = [row["id"] for row in tx.run(cypher.LOOKUP, needle=needle)]
            return list(self._fetch_nodes(tx, ids).values())

        nodes = self._read(work)
        return sorted((n for n in nodes if kind is None or n.kind == kind), key=lambda n: n.id)

    def find_nodes(
        self,
        *,
        kind: NodeKind | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        if q is None or not q.strip():

            def page_of_kind(tx: ManagedTransaction) -> Page:
                total = tx.run(cypher.count_nodes(kind)).single(strict=True)["n"]
                rows = tx.run(cypher.nodes_of_kind(kind), skip=offset, limit=limit)
                return Page(items=[_node(row) for row in rows], total=total)

            return self._read(page_of_kind)
        needle = canonical_key(q)
        if not needle:
            return Page(items=[], total=0)

        params = _search_params(needle, kind)
        fulltext = "lucene" in params
        query = cypher.SEARCH_FULLTEXT if fulltext else cypher.SEARCH

        def search(tx: ManagedTransaction) -> Page:
            row = tx.run(query, params, cap=COUNT_CAP + 1, skip=offset, limit=limit).single(
                strict=True
            )
            ids: list[str] = row["ids"]
            capped = int(row["total"]) > COUNT_CAP
            if capped:
                ids = _walk_ranks(tx, params, fulltext=fulltext, limit=limit, offset=offset)
            nodes = self._fetch_nodes(tx, ids)
            return Page(
                items=[nodes[i] for i in ids if i in nodes],
                total=min(int(row["total"]), COUNT_CAP),
                total_capped=capped,
            )

        return self._read(search)

    def neighbours(
        self,
        node_id: str,
        *,
        edge_kinds: Collection[EdgeKind] | None = None,
        direction: Direction = "both",
    ) -> list[Neighbour]:
        types = _types(edge_kinds)

        def work(tx: ManagedTransaction) -> list[Neighbour]:
            check_found([node_id], self._existing_ids(tx, [node_id]))
            # Like the embedded store: a self-loop is one neighbour, reached going "out".
            found: dict[tuple[str, str, Literal["out", "in"]], tuple[Edge, Node]] = {}
            queries = {"out": [cypher.NEIGHBOURS_OUT], "in": [cypher.NEIGHBOURS_IN]}
            for query in queries.get(direction, [cypher.NEIGHBOURS_OUT, cypher.NEIGHBOURS_IN]):
                for row in tx.run(query, id=node_id, types=types):
                    edge, other = _edge(row), _other(row)
                    way: Literal["out", "in"] = "out" if edge.source == node_id else "in"
                    found[(edge.id, other.id, way)] = (edge, other)
            return [
                Neighbour(edge=edge, node=other, direction=key[2])
                for key, (edge, other) in sorted(found.items(), key=lambda item: item[0])
            ]

        return self._read(work)

    def subgraph(
        self,
        node_ids: Iterable[str],
        *,
        depth: int = 1,
        edge_kinds: Collection[EdgeKind] | None = None,
    ) -> nx.MultiDiGraph:
        start = list(dict.fromkeys(node_ids))
        types = _types(edge_kinds)

        def work(tx: ManagedTransaction) -> tuple[dict[str, Node], list[Edge]]:
            check_found(start, self._existing_ids(tx, start))
            seen = set(start)
            frontier = start
            for _step in range(depth):
                if not frontier:
                    break
                step = [row["id"] for row in tx.run(cypher.STEP, ids=frontier, types=types)]
                frontier = sorted(set(step) - seen)
                seen.update(frontier)
            keep = sorted(seen)
            nodes = self._fetch_nodes(tx, keep)
            edges = [_edge(row) for row in tx.run(cypher.EDGES_AMONG, ids=keep, types=types)]
            return nodes, edges

        return subgraph_of(*self._read(work))

    def to_networkx(self, *, kinds: Collection[NodeKind] | None = None) -> nx.MultiDiGraph:
        wanted = sorted(NodeKind(k).value for k in kinds) if kinds is not None else None

        def work(tx: ManagedTransaction) -> tuple[list[list[str]], list[list[str]]]:
            nodes = tx.run(cypher.STRUCTURE_NODES, kinds=wanted).single(strict=True)["rows"]
            edges = tx.run(cypher.STRUCTURE_EDGES, kinds=wanted).single(strict=True)["rows"]
            return nodes, edges

        node_rows, edge_rows = self._read(work)
        node_rows.sort()
        edge_rows.sort(key=lambda row: row[2])
        G = nx.MultiDiGraph()
        G.add_nodes_from((u, {"kind": kind, "name": name}) for u, kind, name in node_rows)
        G.add_edges_from((u, v, key, {"kind": kind}) for u, v, key, kind in edge_rows)
        return G

    def structure(
        self, *, edge_kinds: Collection[EdgeKind], node_kinds: Collection[NodeKind] = ()
    ) -> nx.MultiDiGraph:
        kinds = sorted(EdgeKind(k) for k in edge_kinds)
        wanted = sorted(NodeKind(k).value for k in node_kinds)
        row = self._rows(cypher.structure_of(kinds), "reading some kinds", node_kinds=wanted)[0]
        edge_rows = row["edges"] if kinds else []
        nodes = {u: (kind, name) for u, kind, name in row["nodes"]}
        if kinds:
            nodes.update((u, (kind, name)) for u, kind, name in row["ends"])
        G = nx.MultiDiGraph()
        G.add_nodes_from((u, {"kind": nodes[u][0], "name": nodes[u][1]}) for u in sorted(nodes))
        G.add_edges_from((u, v, key, {"kind": kind}) for key, u, v, kind in sorted(edge_rows))
        return G

    def iter_nodes(self, *, kind: NodeKind | None = None) -> Iterator[Node]:
        after = ""
        query = cypher.nodes_after(kind)
        while True:
            rows = self._rows(query, after=after, limit=_READ_CHUNK // 5)
            if not rows:
                return
            yield from (_node(row) for row in rows)
            after = rows[-1]["id"]

    def iter_edges(self, *, kind: EdgeKind | None = None) -> Iterator[Edge]:
        query = cypher.EDGE_IDS if kind is None else cypher.edge_ids_of(kind)
        rows = self._rows(query)[0]["rows"]
        ids = sorted((str(edge_id), EdgeKind(kind)) for edge_id, kind in rows)
        for chunk in chunks(ids, _READ_CHUNK // 5):
            edges = self._read(lambda tx, chunk=chunk: self._fetch_edges(tx, chunk))  # type: ignore[misc]
            yield from (edges[i] for i, _ in chunk if i in edges)

    def scan_nodes(self, kinds: Collection[NodeKind]) -> Iterator[tuple[str, str, str, str]]:
        for kind in sorted(NodeKind(k) for k in kinds):
            rows = self._rows(cypher.scan_nodes(kind), f"reading the {kind.value} nodes")
            yield from (tuple(row) for row in rows[0]["rows"])

    def scan_edges(self, kinds: Collection[EdgeKind]) -> Iterator[tuple[str, str, str]]:
        for kind in sorted(EdgeKind(k) for k in kinds):
            rows = self._rows(cypher.scan_edges(kind), f"reading the {kind.value} edges")
            yield from ((source, target, kind.value) for source, target in rows[0]["rows"])

    def edge_properties(self, kind: EdgeKind) -> Iterator[tuple[str, dict[str, PropertyValue]]]:
        rows = self._rows(cypher.edge_bodies_of(kind), "reading edges of one kind")[0]["rows"]
        for edge_id, body in sorted(rows):
            yield str(edge_id), loads_json(body)["properties"]

    def stats(self) -> GraphStats:
        def work(tx: ManagedTransaction) -> tuple[list[Record], list[Record]]:
            return list(tx.run(cypher.COUNT_BY_KIND)), list(tx.run(cypher.COUNT_BY_EDGE_KIND))

        node_rows, edge_rows = self._read(work)
        return GraphStats.from_counts(
            {str(r["kind"]): int(r["n"]) for r in node_rows},
            {str(r["kind"]): int(r["n"]) for r in edge_rows},
        )


def _search_params(needle: str, kind: NodeKind | None) -> dict[str, object]:
    """The parameters of a search for ``needle`` (a canonical key): a one-character query
    finds exact names and names beginning with it, as on the embedded store; a Chinese query
    of two characters or more goes to the full-text index as a phrase (``lucene``).

    >>> sorted(_search_params("化工", None))
    ['exact', 'kind', 'lucene', 'needle', 'prefix', 'q']
    >>> _search_params("化", None)["needle"]
    '\\n化'
    """
    params: dict[str, object] = {
        "q": needle,
        "kind": kind.value if kind else None,
        "exact": f"\n{needle}\n",
        "prefix": f"\n{needle}",
        "needle": needle if len(needle) > 1 else f"\n{needle}",
    }
    if len(needle) > 1 and all(_is_cjk(c) for c in needle):
        params["lucene"] = '"' + needle.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return params


def _walk_ranks(
    tx: ManagedTransaction, params: dict[str, object], *, fulltext: bool, limit: int, offset: int
) -> list[str]:
    """One page of a search with more hits than the count cap: each rank read on its own,
    best first, until the page is full (a one-character query has no rank 3: it finds only
    keys beginning with it)."""
    want = offset + limit
    ids: list[str] = []
    ranks = (0, 1, 2, 3) if len(str(params["q"])) > 1 else (0, 1, 2)
    for rank in ranks:
        if len(ids) >= want:
            break
        query = cypher.search_rank(rank, fulltext=fulltext)
        ids += [row["id"] for row in tx.run(query, params, limit=want - len(ids))]
    return ids[offset:want]


def _is_cjk(char: str) -> bool:
    """Han, kana and hangul: what the CJK analyzer cuts into bigrams."""
    return any(low <= char <= high for low, high in _CJK)


_CJK = (
    ("\u3040", "\u30ff"),
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uac00", "\ud7af"),
    ("\uf900", "\ufaff"),
)


def _other(row: Record) -> Node:
    return decode_node(row["other_id"], row["other_kind"], row["other_name"], row["other_body"])
