"""Every Cypher statement of the Neo4j store, as constants and small builders.

Values always travel as ``$parameters``. Labels and relationship types are the only names
spliced into a statement, and only after :func:`label` / :func:`rel_type` have checked them
against the model's kinds, so no outside text ever becomes Cypher.

The graph in Neo4j: each node has the labels ``:Entity`` and its kind (``:Enterprise`` ...)
and the properties ``id``, ``kind``, ``name``, ``keytext`` (the canonical keys of its name and
aliases, one a line, with a newline before the first and after the last: one text index serves
exact lookup, prefix and substring search) and ``body`` (the JSON body of
:mod:`graph.stores.codec`). Each edge is a relationship of its kind's type with the
properties ``id``, ``key`` and ``body``.

>>> label(NodeKind.ENTERPRISE)
'`Enterprise`'
>>> rel_type("DROP")
Traceback (most recent call last):
...
graph.errors.InvalidRecord: 'DROP' is not an edge kind
>>> print(merge_nodes(NodeKind.REGION).splitlines()[1])
MERGE (n:Entity {id: row.id})
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.errors import InvalidRecord
from graph.model import EdgeKind, NodeKind

__all__ = [
    "AWAIT_INDEXES",
    "BUMP_GENERATION",
    "CLEAR",
    "COUNT_BY_EDGE_KIND",
    "COUNT_BY_KIND",
    "EDGES_AMONG",
    "EDGE_IDS",
    "GENERATION",
    "LOOKUP",
    "NEIGHBOURS_IN",
    "NEIGHBOURS_OUT",
    "NODES_BY_IDS",
    "NODE_IDS",
    "SCHEMA",
    "SEARCH",
    "SEARCH_FULLTEXT",
    "STEP",
    "STRUCTURE_EDGES",
    "STRUCTURE_NODES",
    "count_nodes",
    "create_edges",
    "create_nodes",
    "edge_bodies_of",
    "edge_ids_of",
    "edges_by_ids",
    "label",
    "merge_edges",
    "merge_nodes",
    "nodes_after",
    "nodes_of_kind",
    "rel_type",
    "scan_edges",
    "scan_nodes",
    "search_rank",
    "structure_of",
]


def label(kind: NodeKind | str) -> str:
    """The quoted label of a node kind; anything else is refused."""
    try:
        return f"`{NodeKind(kind).value}`"
    except ValueError:
        raise InvalidRecord(f"{kind!r} is not a node kind") from None


def rel_type(kind: EdgeKind | str) -> str:
    """The quoted relationship type of an edge kind; anything else is refused."""
    try:
        return f"`{EdgeKind(kind).value}`"
    except ValueError:
        raise InvalidRecord(f"{kind!r} is not an edge kind") from None


# -- schema (each statement runs on its own: schema and data never share a transaction) -------

SCHEMA: tuple[str, ...] = (
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graph_meta_key IF NOT EXISTS FOR (m:GraphMeta) REQUIRE m.key IS UNIQUE",
    "CREATE TEXT INDEX entity_keytext IF NOT EXISTS FOR (n:Entity) ON (n.keytext)",
    # Chinese text: CJK bigrams (Lucene's CJKAnalyzer), for search by two characters or more
    "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.keytext] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
    *(
        f"CREATE CONSTRAINT edge_{kind.value.lower()}_id IF NOT EXISTS "
        f"FOR ()-[r:{rel_type(kind)}]-() REQUIRE r.id IS UNIQUE"
        for kind in EdgeKind
    ),
)
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

# -- writes ---------------------------------------------------------------------------------


# An upsert reads its records' old versions first, in its own transaction: the records it
# found absent are CREATEd (about three times faster than MERGE here), the others MERGEd.
# The uniqueness constraints refuse a duplicate a concurrent writer created meanwhile.


def create_nodes(kind: NodeKind) -> str:
    """Create new nodes of one kind; ``$rows`` hold id, name, keytext, body."""
    return (
        "UNWIND $rows AS row\n"
        f"CREATE (n:Entity:{label(kind)} {{id: row.id, kind: $kind, name: row.name, "
        "keytext: row.keytext, body: row.body})"
    )


def create_edges(kind: EdgeKind) -> str:
    """Create new edges of one kind; ``$rows`` hold id, source, target, key, body.

    Returns how many rows found both ends: fewer than sent means a dangling edge.
    """
    return (
        "UNWIND $rows AS row\n"
        "MATCH (a:Entity {id: row.source})\n"
        "MATCH (b:Entity {id: row.target})\n"
        f"CREATE (a)-[r:{rel_type(kind)} {{id: row.id, key: row.key, body: row.body}}]->(b)\n"
        "RETURN count(*) AS written"
    )


def merge_nodes(kind: NodeKind) -> str:
    """Create or replace the nodes of one kind; ``$rows`` hold id, name, keytext, body.

    ``keys`` (a list property that graphs written by earlier versions carry) is removed.
    """
    return (
        "UNWIND $rows AS row\n"
        "MERGE (n:Entity {id: row.id})\n"
        f"SET n:{label(kind)}, n.kind = $kind, n.name = row.name,\n"
        "    n.keytext = row.keytext, n.body = row.body\n"
        "REMOVE n.keys"
    )


def merge_edges(kind: EdgeKind) -> str:
    """Create or replace the edges of one kind; ``$rows`` hold id, source, target, key, body.

    Returns how many rows found both ends: fewer than sent means a dangling edge.
    """
    return (
        "UNWIND $rows AS row\n"
        "MATCH (a:Entity {id: row.source})\n"
        "MATCH (b:Entity {id: row.target})\n"
        f"MERGE (a)-[r:{rel_type(kind)} {{id: row.id}}]->(b)\n"
        "SET r.key = row.key, r.body = row.body\n"
        "RETURN count(*) AS written"
    )


CLEAR = "MATCH (n:Entity) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"

# One counter node, outside :Entity, moved in the transaction of every write (see generation()).
BUMP_GENERATION = (
    "MERGE (m:GraphMeta {key: 'generation'}) "
    "ON CREATE SET m.value = 1 ON MATCH SET m.value = m.value + 1"
)
GENERATION = "OPTIONAL MATCH (m:GraphMeta {key: 'generation'}) RETURN coalesce(m.value, 0) AS value"

# -- reads ----------------------------------------------------------------------------------

_NODE = "n.id AS id, n.kind AS kind, n.name AS name, n.body AS body"
_EDGE = "r.id AS id, type(r) AS kind, a.id AS source, b.id AS target, r.key AS key, r.body AS body"
_TYPES = "|".join(rel_type(k) for k in EdgeKind)

NODES_BY_IDS = f"UNWIND $ids AS i MATCH (n:Entity {{id: i}}) RETURN {_NODE}"
NODE_IDS = "UNWIND $ids AS i MATCH (n:Entity {id: i}) RETURN collect(n.id) AS ids"

# Names are matched on their canonical keys, kept one a line in n.keytext (text index).
LOOKUP = "MATCH (n:Entity) WHERE n.keytext CONTAINS $needle RETURN n.id AS id"


def edges_by_ids(kind: EdgeKind) -> str:
    """The edges of one kind among ``$ids`` (a seek on the kind's id constraint)."""
    return (
        f"UNWIND $ids AS i MATCH (a:Entity)-[r:{rel_type(kind)} {{id: i}}]->(b:Entity) "
        f"RETURN {_EDGE}"
    )


def count_nodes(kind: NodeKind | None) -> str:
    """How many nodes of a kind (or in all) there are, from the count store."""
    return f"MATCH (n:{label(kind) if kind else 'Entity'}) RETURN count(n) AS n"


def nodes_of_kind(kind: NodeKind | None) -> str:
    """A page (``$skip``, ``$limit``) of the nodes of a kind, or of all nodes, in id order."""
    return (
        f"MATCH (n:{label(kind) if kind else 'Entity'}) "
        f"RETURN {_NODE} ORDER BY n.id SKIP $skip LIMIT $limit"
    )


def scan_nodes(kind: NodeKind) -> str:
    """Id, kind, name and body of every node of a kind, as one list (bulk readers).

    >>> scan_nodes(NodeKind.NEED)
    'MATCH (n:`Need`) RETURN collect([n.id, n.kind, n.name, n.body]) AS rows'
    """
    return f"MATCH (n:{label(kind)}) RETURN collect([n.id, n.kind, n.name, n.body]) AS rows"


def scan_edges(kind: EdgeKind) -> str:
    """Source and target ids of every edge of a kind, as one list (bulk readers).

    >>> scan_edges(EdgeKind.HAS_NEED)
    'MATCH (a:Entity)-[:`HAS_NEED`]->(b:Entity) RETURN collect([a.id, b.id]) AS rows'
    """
    return f"MATCH (a:Entity)-[:{rel_type(kind)}]->(b:Entity) RETURN collect([a.id, b.id]) AS rows"


def nodes_after(kind: NodeKind | None) -> str:
    """Up to ``$limit`` nodes (of a kind) with ids after ``$after``, in id order (keyset paging)."""
    where = f" AND n:{label(kind)}" if kind else ""
    return f"MATCH (n:Entity) WHERE n.id > $after{where} RETURN {_NODE} ORDER BY n.id LIMIT $limit"


# Whole-graph reads return one record holding a list of rows: decoding one list of 500,000
# short lists is several times faster in the driver than 500,000 records.
EDGE_IDS = f"MATCH (:Entity)-[r:{_TYPES}]->(:Entity) RETURN collect([r.id, type(r)]) AS rows"


def structure_of(edge_kinds: Iterable[EdgeKind]) -> str:
    """The nodes of ``$node_kinds`` and the edges of some kinds with the nodes at their ends,
    as lists (ids, kinds, names): a scan of those relationship types only."""
    types = "|".join(rel_type(k) for k in edge_kinds) or rel_type(EdgeKind.COOPERATES_WITH)
    return (
        "CALL () { MATCH (n:Entity) WHERE n.kind IN $node_kinds "
        "RETURN collect([n.id, n.kind, n.name]) AS nodes }\n"
        f"CALL () {{ MATCH (a:Entity)-[r:{types}]->(b:Entity) "
        "RETURN collect([r.id, a.id, b.id, type(r)]) AS edges, "
        "collect(DISTINCT [a.id, a.kind, a.name]) + collect(DISTINCT [b.id, b.kind, b.name]) "
        "AS ends }\n"
        "RETURN nodes, edges, ends"
    )


def edge_bodies_of(kind: EdgeKind) -> str:
    """The ids and bodies of the edges of one kind, as one list (see EDGE_IDS)."""
    return f"MATCH (:Entity)-[r:{rel_type(kind)}]->(:Entity) RETURN collect([r.id, r.body]) AS rows"


def edge_ids_of(kind: EdgeKind) -> str:
    """The ids (and type) of the edges of one kind: a scan of that relationship type only."""
    return (
        f"MATCH (:Entity)-[r:{rel_type(kind)}]->(:Entity) RETURN collect([r.id, type(r)]) AS rows"
    )


COUNT_BY_KIND = "\nUNION ALL\n".join(
    f"MATCH (n:{label(k)}) RETURN '{k.value}' AS kind, count(n) AS n" for k in NodeKind
)
COUNT_BY_EDGE_KIND = "\nUNION ALL\n".join(
    f"MATCH ()-[r:{rel_type(k)}]->() RETURN '{k.value}' AS kind, count(r) AS n" for k in EdgeKind
)

# Search: the hits, best first (a key equal to $q and the first one, the name: 0; another key
# equal to $q: 1; a key beginning with $q: 2; else 3; then shorter names, then by id). Keys
# hold no newline, so $exact ("\n" + $q + "\n") in keytext is a key equal to $q and $prefix
# ("\n" + $q) one beginning with it. SEARCH / SEARCH_FULLTEXT read at most $cap hits (the
# count cap + 1) and rank them; when all fit, that is the answer. Past the cap each rank is
# read on its own by search_rank, best first, up to the end of the page.
_RANK = """CASE
    WHEN n.keytext STARTS WITH $exact THEN 0
    WHEN n.keytext CONTAINS $exact THEN 1
    WHEN n.keytext CONTAINS $prefix THEN 2
    ELSE 3 END"""
_RANKED = f"""
WITH n LIMIT $cap
WITH n, {_RANK} AS rank
ORDER BY rank, size(n.name), n.id
WITH collect(n.id) AS hits
RETURN size(hits) AS total, hits[$skip..$skip + $limit] AS ids
"""
_OF_KIND = "($kind IS NULL OR n.kind = $kind)"
# Chinese queries of two characters or more: the full-text index (CJK bigrams, $lucene a
# quoted phrase) finds the candidates, CONTAINS keeps those that hold $q itself.
_MATCH_FULLTEXT = (
    "CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node AS n\n"
    f"WHERE n.keytext CONTAINS $q AND {_OF_KIND}"
)
# Other queries: the text index on keytext ($needle is $q, or $prefix for one character).
_MATCH_TEXT = f"MATCH (n:Entity) WHERE n.keytext CONTAINS $needle AND {_OF_KIND}"
SEARCH_FULLTEXT = _MATCH_FULLTEXT + _RANKED
SEARCH = _MATCH_TEXT + _RANKED


def search_rank(rank: int, *, fulltext: bool) -> str:
    """The ids of one rank of a search, best first (shorter names, then by id), at most
    $limit: names equal to $q (0) and other keys equal to it (1) through the text index on
    ``$exact``, keys beginning with $q (2) on ``$prefix``, the rest (3) as SEARCH finds them.
    Only the top $limit are kept while reading, never the whole rank.

    >>> print(search_rank(2, fulltext=False).splitlines()[0])
    MATCH (n:Entity) WHERE n.keytext CONTAINS $prefix AND ($kind IS NULL OR n.kind = $kind)
    """
    if rank in (0, 1):
        head = f"MATCH (n:Entity) WHERE n.keytext CONTAINS $exact AND {_OF_KIND}"
        keep = "n.keytext STARTS WITH $exact" if rank == 0 else "NOT n.keytext STARTS WITH $exact"
    elif rank == 2:
        head = f"MATCH (n:Entity) WHERE n.keytext CONTAINS $prefix AND {_OF_KIND}"
        keep = "NOT n.keytext CONTAINS $exact"
    elif rank == 3:
        head = _MATCH_FULLTEXT if fulltext else _MATCH_TEXT
        keep = "NOT n.keytext CONTAINS $prefix"
    else:
        # i18n: ok: a caller's error (ranks are 0 to 3)
        raise ValueError(f"no search rank {rank}")
    order = "ORDER BY size(n.name), n.id LIMIT $limit"
    return f"{head}\nWITH n WHERE {keep}\nRETURN n.id AS id {order}"


_OTHER = "o.id AS other_id, o.kind AS other_kind, o.name AS other_name, o.body AS other_body"
NEIGHBOURS_OUT = f"""
MATCH (a:Entity {{id: $id}})-[r:{_TYPES}]->(b:Entity)
WHERE $types IS NULL OR type(r) IN $types
WITH a, r, b, b AS o
RETURN {_EDGE}, {_OTHER}
"""
NEIGHBOURS_IN = f"""
MATCH (a:Entity)-[r:{_TYPES}]->(b:Entity {{id: $id}})
WHERE $types IS NULL OR type(r) IN $types
WITH a, r, b, a AS o
RETURN {_EDGE}, {_OTHER}
"""

# One breadth-first step: the ids one hop (either direction) from $ids.
STEP = f"""
UNWIND $ids AS i
MATCH (:Entity {{id: i}})-[r:{_TYPES}]-(m:Entity)
WHERE $types IS NULL OR type(r) IN $types
RETURN DISTINCT m.id AS id
"""

# The edges whose both ends are among $ids.
EDGES_AMONG = f"""
UNWIND $ids AS i
MATCH (a:Entity {{id: i}})-[r:{_TYPES}]->(b:Entity)
WHERE ($types IS NULL OR type(r) IN $types) AND b.id IN $ids
RETURN {_EDGE}
"""

# The structure of the graph (or of the nodes of some $kinds): ids, kinds, names, edges.
STRUCTURE_NODES = """
MATCH (n:Entity) WHERE $kinds IS NULL OR n.kind IN $kinds
RETURN collect([n.id, n.kind, n.name]) AS rows
"""
STRUCTURE_EDGES = f"""
MATCH (a:Entity)-[r:{_TYPES}]->(b:Entity)
WHERE $kinds IS NULL OR (a.kind IN $kinds AND b.kind IN $kinds)
RETURN collect([a.id, b.id, r.id, type(r)]) AS rows
"""
