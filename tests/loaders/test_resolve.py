"""Name resolution: every rule, the region, the threshold, and unresolved names kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.model import Node, NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.resolve import Resolver, expand_abbreviation
from tests.conftest import prov, small_batch

SHANDONG = "山东省滨州市沾化区"
INST = NodeKind.INSTITUTION
E = NodeKind.ENTERPRISE


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(":memory:")
    s.open()
    s.upsert(small_batch())
    yield s
    s.close()


def test_a_node_added_in_the_load_resolves_by_name_and_alias() -> None:
    r = Resolver()
    node = Node.create(E, "昶昇水产", aliases=["昶升水产"], provenance=[prov()])
    r.add(node)
    exact = r.resolve("昶昇水产", E)
    alias = r.resolve("昶升水产", E)
    assert (exact.node_id, exact.rule) == (node.id, "exact")
    assert (alias.node_id, alias.rule, alias.name) == (node.id, "alias", "昶昇水产")
    assert r.resolve("昶升水产", INST).node_id is None  # kinds are kept apart


def test_the_store_is_searched_by_name_and_alias(store: EmbeddedStore) -> None:
    r = Resolver(store)
    res = r.resolve("滨州华升化工有限公司", E)
    assert (res.node_id, res.rule) == ("enterprise:华升化工", "alias")


def test_an_abbreviation_resolves_to_the_store_node_of_its_full_name(
    store: EmbeddedStore,
) -> None:
    res = Resolver(store).resolve("河北农大", INST)
    assert res.node_id == "institution:河北农业大学"
    assert res.rule == "alias"  # the store node carries it as an alias already
    # the store knows 青岛科技大学 only as an alias of an English-named node
    res = Resolver(store).resolve("青岛科大", INST)
    assert res.node_id == "institution:qingdao university of science and technology"
    assert res.rule == "abbreviation"


def test_gazetteer_answers_carry_canonical_name_and_aliases() -> None:
    res = Resolver().resolve("中国农大", INST)
    assert (res.name, res.rule, res.score) == ("中国农业大学", "abbreviation", 0.95)
    assert res.is_new
    assert res.properties["type"] == "university"
    assert "中国农大" in res.aliases


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        (SHANDONG, "山东省农业科学院"),
        ("江苏省南京市玄武区", "江苏省农业科学院"),
        ("371603", "山东省农业科学院"),
    ],
)
def test_province_prefix_comes_from_the_region(region: str, expected: str) -> None:
    res = Resolver(region=region).resolve("省农科院", INST)
    assert (res.name, res.rule) == (expected, "region")


def test_city_prefix_with_no_gazetteer_entry_still_names_the_region() -> None:
    res = Resolver(region="山东省潍坊市寿光市").resolve("市农科院", INST)
    assert (res.name, res.rule) == ("潍坊市农业科学院", "region")
    assert res.score < 1


def test_without_a_region_a_relative_name_is_not_guessed() -> None:
    res = Resolver().resolve("省农科院", INST)
    assert res.name != "山东省农业科学院"


def test_ambiguous_names_use_the_region_or_say_so() -> None:
    assert Resolver(region=SHANDONG).resolve("中国石油大学", INST).name == "中国石油大学(华东)"
    assert Resolver(region="北京市海淀区").resolve("中国石油大学", INST).name == (
        "中国石油大学(北京)"
    )
    res = Resolver(region="河北省").resolve("中国石油大学", INST)
    assert res.rule == "ambiguous"
    assert sorted(res.candidates) == ["中国石油大学(北京)", "中国石油大学(华东)"]


def test_fuzzy_matching_has_a_threshold_and_explains_itself() -> None:
    res = Resolver().resolve("河北农业大", INST)
    assert (res.name, res.rule) == ("河北农业大学", "fuzzy")
    assert 0.9 <= res.score < 1
    assert "fuzzy" in res.explain()
    strict = Resolver(fuzzy_threshold=99).resolve("河北农业大", INST)
    assert strict.rule != "fuzzy"


def test_short_enterprise_names_one_character_apart_stay_apart() -> None:
    r = Resolver()
    r.add(Node.create(E, "大荣化工", provenance=[prov()]))
    res = r.resolve("达荣化工", E)
    assert (res.rule, res.node_id) == ("new", None)


def test_unresolved_names_become_new_entities_with_the_surface() -> None:
    r = Resolver(region=SHANDONG)
    node, res = r.entity(["达民化工"], E, provenance=[prov()])
    assert (res.rule, node.id, node.name) == ("new", "enterprise:达民化工", "达民化工")
    again = r.resolve("达民化工", E)
    assert (again.node_id, again.rule) == (node.id, "exact")


def test_entity_from_the_gazetteer_takes_the_canonical_name_and_keeps_the_surface() -> None:
    node, res = Resolver(region=SHANDONG).entity(["渤海先研院"], INST, provenance=[prov()])
    assert node.id == "institution:渤海先进技术研究院"
    assert node.name == "渤海先进技术研究院"
    assert "渤海先研院" in node.aliases
    assert res.rule == "abbreviation"


def test_document_and_table_forms_of_one_enterprise_meet() -> None:
    r = Resolver()
    table_node = Node.create(E, "昶昇水产", aliases=["昶升水产"], provenance=[prov()])
    r.add(table_node)
    node, _ = r.entity(["昶昇水产", "昶升水产"], E, provenance=[prov("chars 1-5")])
    assert node.id == table_node.id


def test_expansion_of_unambiguous_abbreviations() -> None:
    assert expand_abbreviation("潍坊市农科院") == "潍坊市农业科学院"
    assert expand_abbreviation("青岛科大") == "青岛科大"  # 科技大学 or 科学技术大学
    res = Resolver().resolve("某某农大", INST)
    assert (res.name, res.rule) == ("某某农业大学", "expansion")


def test_changing_the_region_changes_the_answer() -> None:
    r = Resolver(region=SHANDONG)
    assert r.resolve("省农科院", INST).name == "山东省农业科学院"
    r.region = "江苏省南京市玄武区"
    assert r.resolve("省农科院", INST).name == "江苏省农业科学院"


def test_a_relative_alias_from_one_province_does_not_capture_another() -> None:
    r = Resolver(region=SHANDONG)
    node, _ = r.entity(["省农科院"], INST, provenance=[prov()])
    assert node.name == "山东省农业科学院"
    assert "省农科院" in node.aliases
    r.region = "江苏省南京市玄武区"
    assert r.resolve("省农科院", INST).name == "江苏省农业科学院"
