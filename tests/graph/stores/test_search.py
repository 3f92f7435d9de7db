"""Name search on every store: the ranking, short and odd queries, the capped count; and, for
each store, that the search runs on an index (SQLite's query plan, Neo4j's EXPLAIN)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from graph.model import GraphBatch, Node, NodeKind
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from graph.stores.name_index import COUNT_CAP, plan_search
from tests.conftest import prov
from tests.graph.stores.conftest import open_test_neo4j


def node(name: str, *aliases: str, kind: NodeKind = NodeKind.ENTERPRISE) -> Node:
    return Node.create(kind, name, aliases=list(aliases), provenance=[prov()])


RANKED = [
    node("化工"),  # the name itself
    node("鲁北集团", "化工", kind=NodeKind.INSTITUTION),  # an alias equal to the query
    node("化工研究院", kind=NodeKind.INSTITUTION),  # a name beginning with it
    node("化工机械厂"),
    node("滨州华升化工有限公司"),  # holding it
    node("华升化工"),
    node("冬枣加工"),
]


def names(store: GraphStore, q: str, **options: object) -> list[str]:
    return [n.name for n in store.find_nodes(q=q, **options).items]  # type: ignore[arg-type]


def test_exact_name_then_alias_then_prefix_then_inside(store: GraphStore) -> None:
    store.upsert(GraphBatch(nodes=RANKED))
    assert names(store, "化工") == [
        "化工",
        "鲁北集团",
        "化工机械厂",  # same rank and length: by id
        "化工研究院",
        "华升化工",
        "滨州华升化工有限公司",
    ]
    assert store.find_nodes(q="化工").total == 6
    assert names(store, "化工", kind=NodeKind.INSTITUTION) == ["鲁北集团", "化工研究院"]
    assert names(store, "化工", limit=2, offset=3) == ["化工研究院", "华升化工"]
    assert names(store, "升化工有") == ["滨州华升化工有限公司"]


def test_one_character_finds_exact_and_beginning_names(store: GraphStore) -> None:
    store.upsert(GraphBatch(nodes=[*RANKED, node("化")]))
    assert names(store, "化") == ["化", "化工", "鲁北集团", "化工机械厂", "化工研究院"]
    assert store.find_nodes(q="枣").total == 0  # one character inside a name: not searched


def test_odd_queries_answer_without_error(store: GraphStore) -> None:
    store.upsert(GraphBatch(nodes=[*RANKED, node('A "quoted" name*')]))
    assert store.find_nodes(q="化" * 1000).total == 0
    for q in ["!!!", "？！", '"', '""', "*", "a OR b", "NEAR(a b)", "化工 AND", "\\", "%_"]:
        page = store.find_nodes(q=q)
        assert page.total == len(page.items) == 0, q
    assert names(store, '"quoted"') == ['A "quoted" name*']
    assert names(store, "name*") == ['A "quoted" name*']
    assert store.find_nodes(q="   ").total == len(RANKED) + 1  # blank: every node


def test_past_the_cap_the_count_stops_and_the_pages_keep_the_ranking(store: GraphStore) -> None:
    many = [node(f"{'滨州' * (i % 3)}鲁北化工有限公司{i:04d}") for i in range(COUNT_CAP + 50)]
    store.upsert(GraphBatch(nodes=[*many, node("化工有限公司"), node("有限公司", "化工有限")]))
    page = store.find_nodes(q="化工有限", limit=5)
    assert (page.total, page.total_capped) == (COUNT_CAP, True)
    expected = [
        "有限公司",
        "化工有限公司",
        *sorted((n.name for n in many), key=lambda name: (len(name), f"enterprise:{name}")),
    ]
    assert [n.name for n in page.items] == expected[:5]
    deep = store.find_nodes(q="化工有限", limit=4, offset=COUNT_CAP + 40)
    assert [n.name for n in deep.items] == expected[COUNT_CAP + 40 : COUNT_CAP + 44]
    small = store.find_nodes(q="0001")
    assert (small.total, small.total_capped) == (1, False)


# -- the embedded store: SQLite's query plan ----------------------------------------------------


def query_plan(db: sqlite3.Connection, sql: str, params: dict[str, object]) -> str:
    return " | ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))


@pytest.mark.parametrize(
    ("q", "index"),
    [("化工有限", "names_fts VIRTUAL TABLE"), ("化工", "names_fts VIRTUAL TABLE"), ("化", "names")],
)
def test_embedded_search_runs_on_an_index(tmp_path: Path, q: str, index: str) -> None:
    with EmbeddedStore(tmp_path / "g.db") as store:
        store.upsert(GraphBatch(nodes=RANKED))
        db = sqlite3.connect(tmp_path / "g.db")
        plan = plan_search(q, kind=None).with_terms(db)
        paging = {**plan.params, "limit": 10, "offset": 0}
        page_plan = query_plan(db, plan.page_sql, paging)
        count_plan = query_plan(db, plan.count_sql, plan.params)
    assert index in page_plan
    assert index in count_plan
    for shown in (page_plan, count_plan):
        assert "SCAN s " not in f"{shown} ", shown
        assert "SCAN search_rows" not in shown, shown
        if index == "names":
            assert "SEARCH names USING PRIMARY KEY (key>? AND key<?)" in shown, shown


def test_a_store_written_before_the_search_index_is_indexed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with EmbeddedStore(path) as store:
        store.upsert(GraphBatch(nodes=RANKED))
    db = sqlite3.connect(path)  # as an older version left it: no search rows, no version
    db.executescript(
        "DROP TABLE names_fts; DROP TABLE search_rows; "
        "DELETE FROM meta WHERE key = 'search_version'"
    )
    db.close()
    with EmbeddedStore(path) as store:
        assert names(store, "华升化") == ["华升化工", "滨州华升化工有限公司"]
        assert names(store, "鲁北") == ["鲁北集团"]
        store.upsert(GraphBatch(nodes=[node("华升化肥")]))  # kept in step with writes after
        assert names(store, "华升化") == ["华升化工", "华升化肥", "滨州华升化工有限公司"]


# -- Neo4j: EXPLAIN ---------------------------------------------------------------------------


def operators(plan: object) -> list[str]:
    """Every operator of a Neo4j plan (a dict tree), with its details."""
    found: list[str] = []
    stack = [plan]
    while stack:
        step = stack.pop()
        assert isinstance(step, dict)
        details = step.get("args", {}).get("Details", "")
        found.append(f"{step['operatorType']} {details}")
        stack.extend(step.get("children", []))
    return found


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("q", "operator"),
    [
        ("化工有限", "ProcedureCall"),  # db.index.fulltext.queryNodes on entity_names
        ("化工", "ProcedureCall"),
        ("化", "NodeIndexContainsScan"),  # the text index on keytext
        ("qingdao", "NodeIndexContainsScan"),
    ],
)
def test_neo4j_search_runs_on_an_index(q: str, operator: str) -> None:
    from graph.stores import cypher
    from graph.stores.neo4j import _search_params

    store = open_test_neo4j()
    try:
        store.upsert(GraphBatch(nodes=RANKED))
        params = _search_params(q, None)
        query = cypher.SEARCH_FULLTEXT if "lucene" in params else cypher.SEARCH
        driver = store._connected()
        summary = driver.execute_query(
            f"EXPLAIN {query}", {**params, "skip": 0, "limit": 10}, database_=store.database
        ).summary
    finally:
        store.close()
    shown = operators(summary.plan)
    assert any(step.startswith(operator) for step in shown), shown
    if operator == "ProcedureCall":
        assert any("db.index.fulltext.queryNodes" in step for step in shown), shown
    assert not any(step.startswith(("AllNodesScan", "NodeByLabelScan")) for step in shown), shown


@pytest.mark.neo4j
def test_neo4j_search_past_the_cap_reads_each_rank_on_an_index() -> None:
    from graph.stores import cypher
    from graph.stores.neo4j import _search_params

    store = open_test_neo4j()
    try:
        store.upsert(GraphBatch(nodes=RANKED))
        driver = store._connected()
        for q, inside in [("化工有限", "ProcedureCall"), ("qingdao", "NodeIndexContainsScan")]:
            params = _search_params(q, None)
            for rank in range(4):
                query = cypher.search_rank(rank, fulltext="lucene" in params)
                summary = driver.execute_query(
                    f"EXPLAIN {query}", {**params, "limit": 10}, database_=store.database
                ).summary
                shown = operators(summary.plan)
                operator = inside if rank == 3 else "NodeIndexContainsScan"
                assert any(step.startswith(operator) for step in shown), (q, rank, shown)
                kept = any(step.startswith(("Top", "PartialTop")) for step in shown)
                assert kept, (q, rank, shown)  # only the top $limit kept while reading
                assert not any(
                    step.startswith(("AllNodesScan", "NodeByLabelScan", "EagerAggregation"))
                    for step in shown
                ), (q, rank, shown)
    finally:
        store.close()
