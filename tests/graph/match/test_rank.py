"""Ranking partners and adopters on a small hand-made graph: signals, paths, filters, errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from graph.errors import InvalidRecord, NodeNotFound
from graph.match.index import match_index
from graph.match.query import AdoptersQuery, Direction, MatchFilters, MatchQuery, PartnersQuery
from graph.match.rank import Match, rank_adopters, rank_matches, rank_partners
from graph.model import NodeKind
from graph.stores.embedded import EmbeddedStore


def test_partners_of_an_enterprise_follow_similar_enterprises(match_store: EmbeddedStore) -> None:
    found = rank_partners(match_store, "enterprise:冬枣甲", k=3)
    ids = [m.id for m in found]
    # 河北农业大学 is already a partner: left out; 冬枣乙 (same industry, same partner) also
    # worked with 中国农业大学, which therefore comes first: an industry peer, not a shared
    # partner (an industry is a feature of the pair, not a context linking all its firms).
    assert "institution:河北农业大学" not in ids
    assert ids[0] == "institution:中国农业大学"
    top = found[0]
    assert top.signals["common_neighbours"] == 0
    assert top.signals["industry"] > 0
    assert all(m.signals["industry"] == 0 for m in found[1:])
    assert ["enterprise:冬枣甲", "enterprise:冬枣乙", "institution:中国农业大学"] in top.paths
    assert set(top.signals) >= {"graph", "profile", "popularity", "region"}
    assert any("冬枣乙" in r for r in top.reasons)


def test_existing_partners_can_be_kept(match_store: EmbeddedStore) -> None:
    filters = MatchFilters(exclude_partners=False)
    ids = [m.id for m in rank_partners(match_store, "enterprise:冬枣甲", k=5, filters=filters)]
    assert "institution:河北农业大学" in ids


def test_a_chinese_need_finds_the_fitting_institution(match_store: EmbeddedStore) -> None:
    found = rank_partners(match_store, need="冬枣保鲜与深加工", k=4)
    assert found[0].id == "institution:山东省农业科学院"
    assert found[0].reasons[0].startswith("需求与研究方向重合: ")
    assert {"冬枣", "保鲜", "深加工"} <= set(found[0].terms)
    assert found[0].signals["text"] > found[-1].signals["text"]
    chemical = rank_partners(match_store, need="化工废水处理", k=1)
    assert chemical[0].id == "institution:天津大学"


def test_region_and_kind_filters(match_store: EmbeddedStore) -> None:
    beijing = rank_partners(match_store, need="保鲜", filters=MatchFilters(region="北京市"))
    assert [m.id for m in beijing] == ["institution:中国农业大学"]
    by_code = rank_partners(match_store, need="保鲜", filters=MatchFilters(region="region:37"))
    assert {m.id for m in by_code} == {"institution:河北农业大学", "institution:山东省农业科学院"}
    enterprises = rank_partners(
        match_store, need="冬枣", filters=MatchFilters(kinds=[NodeKind.ENTERPRISE])
    )
    assert {m.kind for m in enterprises} == {"Enterprise"}


def test_the_work_plan_region_prior_is_shown(match_store: EmbeddedStore) -> None:
    found = {m.id: m for m in rank_partners(match_store, need="保鲜", k=10)}
    assert found["institution:中国农业大学"].signals["region"] > 0
    assert found["institution:山东省农业科学院"].signals["region"] == 0


def test_industry_filter_on_adopters(match_store: EmbeddedStore) -> None:
    found = rank_adopters(match_store, result="冬枣", filters=MatchFilters(industry="冬枣"))
    assert {m.id for m in found} == {"enterprise:冬枣甲", "enterprise:冬枣乙"}


def test_adopters_of_an_institution(match_store: EmbeddedStore) -> None:
    found = rank_adopters(match_store, "institution:中国农业大学", k=3)
    ids = [m.id for m in found]
    assert "enterprise:冬枣乙" not in ids  # already a partner
    assert ids[0] == "enterprise:冬枣甲"


def test_unknown_and_wrong_ids(match_store: EmbeddedStore) -> None:
    with pytest.raises(NodeNotFound):
        rank_partners(match_store, "enterprise:nobody")
    with pytest.raises(InvalidRecord, match="（institution:天津大学）是高校院所，不是企业"):
        rank_partners(match_store, "institution:天津大学")
    with pytest.raises(InvalidRecord, match="请给出企业"):
        rank_partners(match_store, need="   ")
    with pytest.raises(InvalidRecord, match=r"^k: 应大于或等于 1$"):
        rank_partners(match_store, need="冬枣", k=0)


def test_wrong_ids_in_english(match_store: EmbeddedStore, english: None) -> None:
    with pytest.raises(InvalidRecord, match=r"\(institution:天津大学\) is of the kind university"):
        rank_partners(match_store, "institution:天津大学")
    with pytest.raises(InvalidRecord, match=r"^k: should be greater than or equal to 1$"):
        rank_partners(match_store, need="冬枣", k=0)


def test_the_index_is_reused_until_the_graph_changes(match_store: EmbeddedStore) -> None:
    first = match_index(match_store)
    assert match_index(match_store) is first


@pytest.mark.parametrize(
    ("rank", "query", "kinds"),
    [
        (rank_partners, PartnersQuery(source="enterprise:冬枣甲", text="保鲜"), {"Institution"}),
        (
            rank_adopters,
            AdoptersQuery(source="institution:中国农业大学", text="冬枣"),
            {"Enterprise"},
        ),
    ],
)
def test_both_directions_go_through_the_one_ranker(
    match_store: EmbeddedStore,
    rank: Callable[..., list[Match]],
    query: MatchQuery,
    kinds: set[str],
) -> None:
    found = rank_matches(match_store, query)
    assert found
    assert {m.kind for m in found} == kinds
    assert rank(match_store, query.source, **{query.direction.text: query.text}) == found


@pytest.mark.parametrize(
    ("query_type", "direction", "message"),
    [
        (PartnersQuery, Direction.PARTNERS, "请给出企业（编号或名称）或需求文本"),
        (AdoptersQuery, Direction.ADOPTERS, "请给出机构（编号或名称）或成果文本"),
    ],
)
@pytest.mark.parametrize("text", [None, "", "  "])
def test_a_query_needs_a_source_or_a_text(
    query_type: type[MatchQuery], direction: Direction, message: str, text: str | None
) -> None:
    assert query_type.direction is direction
    with pytest.raises(ValidationError, match=message):
        query_type(text=text)
    assert query_type(source="x:y", text=text).source == "x:y"
