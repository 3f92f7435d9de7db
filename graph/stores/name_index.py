"""The embedded store's name search: SQLite FTS5 (trigram tokenizer) and the names b-tree.

Every node has one row in ``search_rows``: its kind, the length of its name and its
``keytext``, the canonical keys (:func:`graph.model.canonical_key`) of its name and aliases,
the name's first, one a line, with a newline before the first and after the last. The FTS5
table ``names_fts`` indexes ``keytext`` by trigrams; triggers keep it in step with
``search_rows`` inside the writing transaction.

A query ``q`` (its canonical key ``k``) is served by an index whatever its length:

- three characters or more: the trigram index, ``MATCH '"k"'`` (a substring match);
- two characters: the trigrams that begin with ``k``, read from the index's vocabulary
  (``names_vocab``, a range scan), joined with ``OR``. A key ends with a newline, so every
  place ``k`` occurs in a key begins a trigram, and this finds every substring match;
- one character: the ``names`` b-tree (exact keys and keys that begin with ``k``, a range
  scan). Substrings of one character are not searched: a single character is in too many
  names to rank usefully.

Hits rank exact name (0), exact alias (1), a key beginning with ``k`` (2), ``k`` inside a key
(3), then shorter names first, then by id. ``total`` is a ``count(*)`` over the same index
query: the matches are counted inside SQLite, and only one page of them is read.

>>> keytext("华升化工", ["滨州华升化工有限公司", "华升化工"])
'\\n华升化工\\n滨州华升化工有限公司\\n'
>>> plan_search("化工有限", kind=None).how
'trigram'
>>> plan_search("化工", kind=None).how
'bigram'
>>> plan_search("化", kind=None).how
'prefix'
>>> fts_phrase('a"b')
'"a""b"'
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from graph.model import canonical_key

__all__ = [
    "COUNT_CAP",
    "SEARCH_SCHEMA",
    "SEARCH_VERSION",
    "SearchHits",
    "SearchPlan",
    "build_search_rows",
    "fts_phrase",
    "keytext",
    "plan_search",
    "search_row",
]

SEARCH_VERSION = 1
"""Bumped when the layout of ``search_rows`` changes; an older store is rebuilt on open."""

SEARCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS search_rows (
    rowid INTEGER PRIMARY KEY, node_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    name_len INTEGER NOT NULL, keytext TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS names_fts USING fts5(
    keytext, content='search_rows', content_rowid='rowid', tokenize='trigram'
);
CREATE VIRTUAL TABLE IF NOT EXISTS names_vocab USING fts5vocab(names_fts, row);
CREATE INDEX IF NOT EXISTS search_by_length ON search_rows (name_len, node_id);
"""
_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS search_rows_added AFTER INSERT ON search_rows BEGIN
    INSERT INTO names_fts (rowid, keytext) VALUES (new.rowid, new.keytext);
END""",
    """CREATE TRIGGER IF NOT EXISTS search_rows_removed AFTER DELETE ON search_rows BEGIN
    INSERT INTO names_fts (names_fts, rowid, keytext) VALUES ('delete', old.rowid, old.keytext);
END""",
)
SEARCH_SCHEMA += "".join(f"{trigger};\n" for trigger in _TRIGGERS)

# Past every character a key can hold: the upper end of a prefix range.
_PAST = "\U0010ffff"
COUNT_CAP = 1_000
"""Hits are counted up to this many; a query with more says "1,000 or more" (``capped``)."""
_VOCAB_TERMS = 2_000  # a two-character query with more trigrams than this reads the first ones
_HEAD_SORTED = 10_000  # hits beginning with the query sorted at once, up to this many

_RANK = (
    "CASE WHEN substr(s.keytext, 1, length(:exact)) = :exact THEN 0"
    " WHEN instr(s.keytext, :exact) THEN 1"
    " WHEN instr(s.keytext, :prefix) THEN 2 ELSE 3 END"
)
_KIND = "(:kind IS NULL OR s.kind = :kind)"
_ORDER = f"ORDER BY {_RANK}, s.name_len, s.node_id LIMIT :limit OFFSET :offset"

# The statements below are put together from these fixed fragments only; every value is a
# :parameter. (ruff's S608 cannot tell, hence the noqa.)
_FTS_PAGE = (
    "SELECT s.node_id FROM names_fts JOIN search_rows AS s ON s.rowid = names_fts.rowid "  # noqa: S608
    f"WHERE names_fts MATCH :match AND {_KIND} {_ORDER}"
)
_FTS_COUNT = "SELECT 1 FROM names_fts WHERE names_fts MATCH :match"
_FTS_COUNT_KIND = (
    "SELECT 1 FROM names_fts JOIN search_rows AS s ON s.rowid = names_fts.rowid "  # noqa: S608
    f"WHERE names_fts MATCH :match AND {_KIND}"
)
_PREFIX_IDS = "SELECT node_id FROM names WHERE key >= :key AND key < :key_past"
_PREFIX_PAGE = (
    f"SELECT s.node_id FROM search_rows AS s WHERE s.node_id IN ({_PREFIX_IDS}) "  # noqa: S608
    f"AND {_KIND} {_ORDER}"
)
_PREFIX_COUNT = f"SELECT DISTINCT node_id FROM ({_PREFIX_IDS})"  # noqa: S608
_PREFIX_COUNT_KIND = (
    f"SELECT 1 FROM search_rows AS s WHERE s.node_id IN ({_PREFIX_IDS}) AND {_KIND}"  # noqa: S608
)

# The ranks one by one, for queries with more than COUNT_CAP hits.
_EXACT_RANKS = (
    "SELECT s.node_id FROM search_rows AS s WHERE s.node_id IN "  # noqa: S608
    f"(SELECT node_id FROM names WHERE key = :key) AND {_KIND} "
    f"ORDER BY {_RANK}, s.name_len, s.node_id"
)
_WALK = (
    "SELECT s.node_id FROM search_rows AS s INDEXED BY search_by_length WHERE {test} AND "  # noqa: S608
    f"{_KIND} ORDER BY s.name_len, s.node_id LIMIT :limit OFFSET :offset"
)
_WALK_COUNT = "SELECT count(*) FROM search_rows AS s WHERE {test} AND " + _KIND  # noqa: S608
_PREFIX_RANK = "instr(s.keytext, :prefix) AND NOT instr(s.keytext, :exact)"
_INSIDE_RANK = "instr(s.keytext, :k) AND NOT instr(s.keytext, :prefix)"
_VOCAB = "SELECT term FROM names_vocab WHERE term >= :k AND term < :past ORDER BY term LIMIT :n"


_NUL, _NUL_STAND_IN = "\x00", "\ufffd"
"""FTS5 reads its text and its queries as C strings, which a NUL ends: the search rows hold
U+FFFD where a key holds a NUL, and a query is changed alike (the ``names`` b-tree keeps keys
as they are)."""


def keytext(name: str, aliases: Iterable[str]) -> str:
    """The keys of a name and its aliases, the name's first, one a line, framed by newlines."""
    keys = dict.fromkeys(canonical_key(x) for x in [name, *aliases])
    return ("\n" + "\n".join(k for k in keys if k) + "\n").replace(_NUL, _NUL_STAND_IN)


def search_row(node_id: str, kind: str, name: str, aliases: Iterable[str]) -> tuple[object, ...]:
    """The ``search_rows`` values of a node: node_id, kind, name_len, keytext."""
    return (node_id, kind, len(name), keytext(name, aliases))


def fts_phrase(text: str) -> str:
    """``text`` as one FTS5 phrase (a string in double quotes), whatever it holds."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class SearchHits:
    """The ids of one page of hits, how many hits there are, and whether that count stopped
    at `COUNT_CAP` (then at least that many match)."""

    ids: list[str]
    total: int
    capped: bool


@dataclass(frozen=True)
class SearchPlan:
    """The two statements (a page, a count) and their parameters that answer a query."""

    how: Literal["trigram", "bigram", "prefix"]
    page_sql: str
    count_sql: str
    params: dict[str, object]

    def run(self, db: sqlite3.Connection, *, limit: int, offset: int) -> SearchHits:
        """One page of hits, best first, and how many there are (counted up to `COUNT_CAP`).

        Up to `COUNT_CAP` hits are ranked by one sort over the index's matches. Past it, the
        ranks are read one after the other (:func:`_walk_ranks`), each by a walk over
        ``search_by_length`` that stops when the page is full, so a query that matches most
        of the graph (``有限公司``) reads one page, not every match.
        """
        if self.how == "bigram" and not self.params["match"]:
            return SearchHits([], 0, capped=False)
        capped_count = f"SELECT count(*) FROM ({self.count_sql} LIMIT {COUNT_CAP + 1})"  # noqa: S608
        total: int = db.execute(capped_count, self.params).fetchone()[0]
        if total > COUNT_CAP:
            return SearchHits(_walk_ranks(db, self, limit, offset), COUNT_CAP, capped=True)
        paging = {**self.params, "limit": limit, "offset": offset}
        return SearchHits([row[0] for row in db.execute(self.page_sql, paging)], total, False)

    def with_terms(self, db: sqlite3.Connection) -> SearchPlan:
        """A bigram plan with its ``MATCH`` expression filled from the index's vocabulary."""
        if self.how != "bigram":
            return self
        terms = db.execute(_VOCAB, {**self.params, "n": _VOCAB_TERMS}).fetchall()
        match = " OR ".join(fts_phrase(term) for (term,) in terms)
        return SearchPlan(self.how, self.page_sql, self.count_sql, {**self.params, "match": match})


def plan_search(needle: str, *, kind: str | None) -> SearchPlan:
    """How to answer a search for ``needle`` (a canonical key, not empty) among ``kind``."""
    key, needle = needle, needle.replace(_NUL, _NUL_STAND_IN)
    params: dict[str, object] = {
        "k": needle,
        "key": key,
        "kind": kind,
        "exact": f"\n{needle}\n",
        "prefix": f"\n{needle}",
        "past": needle + _PAST,
        "key_past": key + _PAST,
    }
    by_kind = kind is not None
    if len(needle) >= 3:
        params["match"] = fts_phrase(needle)
        count = _FTS_COUNT_KIND if by_kind else _FTS_COUNT
        return SearchPlan("trigram", _FTS_PAGE, count, params)
    if len(needle) == 2:
        count = _FTS_COUNT_KIND if by_kind else _FTS_COUNT
        return SearchPlan("bigram", _FTS_PAGE, count, {**params, "match": ""})
    count = _PREFIX_COUNT_KIND if by_kind else _PREFIX_COUNT
    return SearchPlan("prefix", _PREFIX_PAGE, count, params)


def _walk_ranks(db: sqlite3.Connection, plan: SearchPlan, limit: int, offset: int) -> list[str]:
    """One page of a query with many hits, rank after rank.

    The hits whose keys begin with the query (ranks 0-2) come from the ``names`` b-tree:
    sorted at once when there are at most 10,000 of them (a walk would pass every shorter
    name first: keys that begin alike are often long), else exact keys first and then a walk
    over ``search_by_length``. The hits holding the query inside a key (rank 3) come
    from a walk in name-length order that stops once the page is full.
    """
    head_count = db.execute(
        f"SELECT count(*) FROM ({_PREFIX_COUNT} LIMIT {_HEAD_SORTED + 1})",  # noqa: S608
        plan.params,
    ).fetchone()[0]
    page: list[str] = []
    skip = offset
    if head_count <= _HEAD_SORTED:
        head = [
            row[0] for row in db.execute(_PREFIX_PAGE, {**plan.params, "limit": -1, "offset": 0})
        ]
        page, skip = head[skip : skip + limit], max(0, skip - len(head))
        tests = [] if plan.how == "prefix" else [_INSIDE_RANK]
    else:
        exact = [row[0] for row in db.execute(_EXACT_RANKS, plan.params)]
        page, skip = exact[skip : skip + limit], max(0, skip - len(exact))
        tests = [_PREFIX_RANK] if plan.how == "prefix" else [_PREFIX_RANK, _INSIDE_RANK]
    for test in tests:
        if len(page) >= limit:
            break
        walk = _WALK.format(test=test)
        paging = {**plan.params, "limit": limit - len(page), "offset": skip}
        found = [row[0] for row in db.execute(walk, paging)]
        page += found
        if skip and not found:  # the page starts past this rank: skip all of it
            skip -= db.execute(_WALK_COUNT.format(test=test), plan.params).fetchone()[0]
        else:
            skip = 0
    return page


def build_search_rows(db: sqlite3.Connection) -> int:
    """Fill ``search_rows`` (and so the FTS index) from ``nodes`` and ``names``; call inside a
    write transaction. Returns how many nodes it indexed.

    The names of a node are its name's key and every key in ``names`` (aliases included).
    """
    # One sorted build of the index ('rebuild') is much faster than a trigger per row.
    for trigger in ("search_rows_added", "search_rows_removed"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DELETE FROM search_rows")
    rows = db.execute(
        "SELECT n.id, n.kind, n.name, group_concat(k.key, char(10)) FROM nodes AS n "
        "LEFT JOIN names AS k ON k.node_id = n.id GROUP BY n.id"
    ).fetchall()
    db.executemany(
        "INSERT INTO search_rows (node_id, kind, name_len, keytext) VALUES (?, ?, ?, ?)",
        (
            search_row(node_id, kind, name, sorted((keys or "").split("\n")))
            for node_id, kind, name, keys in rows
        ),
    )
    db.execute("INSERT INTO names_fts (names_fts) VALUES ('rebuild')")
    for statement in _TRIGGERS:
        db.execute(statement)
    return len(rows)
