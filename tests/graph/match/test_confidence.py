"""Answers that say when they are unsure: uncovered key terms, common words, ties, reasons."""

from __future__ import annotations

import numpy as np

from graph.match.confidence import assess, ranking_order, tied_flags
from graph.match.explain import broad_degree
from graph.match.query import PartnersQuery
from graph.match.rank import answer_matches
from graph.match.text import TextModel
from graph.stores.embedded import EmbeddedStore


def test_a_specialist_term_nobody_covers_is_named_and_the_answer_is_low(
    match_store: EmbeddedStore,
) -> None:
    found = answer_matches(match_store, PartnersQuery(text="冬枣超临界萃取技术", k=3))
    assert "超临界" in found.uncovered_terms
    assert '未找到覆盖"超临界"的机构' in found.notes
    assert found.confidence == "low"
    assert "冬枣" not in found.uncovered_terms  # 山东省农业科学院 and 河北农业大学 hold it


def test_a_covered_need_is_normal(match_store: EmbeddedStore) -> None:
    found = answer_matches(match_store, PartnersQuery(text="冬枣保鲜与深加工", k=3))
    assert found.confidence == "normal"
    assert found.uncovered_terms == []
    assert found.notes == []
    assert found.items[0].id == "institution:山东省农业科学院"


def test_common_words_only_are_low_and_not_key_terms(match_store: EmbeddedStore) -> None:
    found = answer_matches(match_store, PartnersQuery(text="技术研究与开发", k=3))
    assert found.key_terms == []
    assert found.confidence == "low"
    assert found.notes


def test_first_place_on_a_common_word_alone_is_flagged() -> None:
    model = TextModel.fit(["天然产物提取技术", "化工废水处理技术", "高分子材料"])
    assert "提取" not in model.key_terms("枣核黄酮提取技术")
    assert "技术" not in model.key_terms("枣核黄酮提取技术")


def test_scoring_and_explaining_use_the_same_terms(match_store: EmbeddedStore) -> None:
    # character bigrams share 枣保 between 冬枣保鲜 and 红枣保健; words share nothing there
    model = TextModel.fit(["红枣保健品", "冬枣 保鲜"])
    assert "枣保" not in model.terms("冬枣保鲜")
    assert model.shared_terms("冬枣保鲜", 0) == []
    assert model.vector("冬枣保鲜").multiply(model.matrix[0]).sum() == 0
    found = answer_matches(match_store, PartnersQuery(text="冬枣保鲜与深加工", k=4))
    need_terms = set(model.terms("冬枣保鲜与深加工")) | {"深加工", "加工"}
    for m in found.items:
        assert (m.signals["text"] > 0) == bool(m.terms)
        assert set(m.terms) <= need_terms


def test_ties_follow_the_stated_rule() -> None:
    score = np.array([1.044, 1.044, 1.044, 2.0])
    text = np.array([0.0, 0.5, 0.0, 0.0])
    synthetic = np.array([True, True, False, True])
    order = ranking_order(score, text, synthetic, ["丙", "乙", "甲", "丁"]).tolist()
    # score first, then text similarity, then real before example, then name
    assert order == [3, 1, 2, 0]
    assert tied_flags([2.0, 1.044, 1.044, 1.044]) == [False, True, True, True]


def test_two_links_are_not_a_broad_network() -> None:
    degrees = np.array([0, 1, 1, 2, 2, 2, 3, 25, 26, 40], dtype=float)
    assert broad_degree(degrees) > 2
    assert broad_degree(np.array([0.0, 1.0, 2.0])) == 5.0


def test_a_term_is_covered_only_where_every_piece_of_it_is_held() -> None:
    model = TextModel.fit(["冬枣 枣 果树", "合成 橡胶 化工"])
    rows = np.array([0, 1], dtype=np.int64)
    pit = assess(model, "枣核", candidates=rows, top=0, top_evidence=None, enterprises=False)
    assert pit.uncovered_terms == ["枣核"]  # 枣 is held, 核 is no word: the pit is not covered
    rubber = assess(model, "合成橡胶", candidates=rows, top=1, top_evidence=None, enterprises=False)
    assert rubber.uncovered_terms == []
    assert rubber.confidence == "normal"
