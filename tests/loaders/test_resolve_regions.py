"""Regions through the resolver: towns and codes near the bureau's district, records, stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.errors import AmbiguousName
from graph.model import Edge, GraphBatch, Node, NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.resolve import Resolver
from tests.conftest import prov

REGION = NodeKind.REGION
ZHANHUA = "山东省滨州市沾化区"


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(":memory:")
    s.open()
    yield s
    s.close()


def _nodes(records: list[Node | Edge]) -> list[Node]:
    return [r for r in records if isinstance(r, Node)]


def test_a_town_not_yet_made_is_a_gazetteer_answer_with_its_code() -> None:
    res = Resolver(region=ZHANHUA).resolve("富国街道", REGION)
    assert (res.node_id, res.name, res.rule) == (None, "富国街道", "gazetteer")
    assert res.properties == {"code": "371603001", "level": "town"}
    assert res.aliases == ["山东省滨州市沾化区富国街道"]


def test_a_town_made_in_the_load_resolves_by_name_full_name_and_code() -> None:
    r = Resolver(region=ZHANHUA)
    for record in _nodes(r.region_records("富源街道", provenance=[prov()])):
        r.add(record)
    for surface in ("富源街道", "沾化区富源街道", "山东省滨州市沾化区富源街道", "371603002"):
        res = r.resolve(surface, REGION)
        assert (res.node_id, res.name) == ("region:371603002", "富源街道"), surface
    assert r.resolve("富源街道", REGION).rule == "exact"
    assert r.resolve("371603002", REGION).rule == "gazetteer"
    assert r.resolve("沾化区", REGION).node_id == "region:371603"


def test_a_town_in_the_store_resolves_by_name_and_code(store: EmbeddedStore) -> None:
    records = Resolver(region=ZHANHUA).region_records("下洼镇", provenance=[prov()])
    store.upsert(
        GraphBatch(nodes=_nodes(records), edges=[r for r in records if isinstance(r, Edge)])
    )
    r = Resolver(store, region=ZHANHUA)
    assert r.resolve("下洼镇", REGION).node_id == "region:371603101"
    assert r.resolve("371603101", REGION).node_id == "region:371603101"
    parents = store.neighbours("region:371603101", direction="out")
    assert [n.node.id for n in parents] == ["region:371603"]


def test_the_bureau_region_decides_a_shared_name() -> None:
    assert Resolver(region=ZHANHUA).resolve("古城镇", REGION).properties["code"] == "371603102"
    beijing = Resolver(region="北京市朝阳区").resolve("古城镇", REGION)
    assert (beijing.node_id, beijing.rule) == (None, "ambiguous")
    assert "山东省滨州市沾化区古城镇 (371603102)" in beijing.candidates
    assert len(beijing.candidates) == 28
    with pytest.raises(
        AmbiguousName,
        match=r"古城镇 is in several districts, none of them in 北京市: .*\(131128101\)",
    ):
        Resolver(region="北京市朝阳区").region_records("古城镇", provenance=[prov()])


def test_an_ambiguous_name_is_the_one_node_the_load_holds() -> None:
    r = Resolver(region="北京市朝阳区")
    (town, *_) = _nodes(
        Resolver(region="吉林省辽源市西安区").region_records("富国街道", provenance=[prov()])
    )
    r.add(town)
    res = r.resolve("富国街道", REGION)
    assert (res.node_id, res.rule) == ("region:220403005", "exact")


def test_unknown_region_names_keep_today_behaviour() -> None:
    r = Resolver(region=ZHANHUA)
    assert r.region_records("沾化经济开发区", provenance=[prov()]) == []
    assert r.resolve("沾化经济开发区", REGION).rule == "new"
    stub = Node.create(REGION, "沾化经济开发区", provenance=[prov()])
    r.add(stub)
    assert r.resolve("沾化经济开发区", REGION).node_id == stub.id


def test_entity_makes_a_gazetteer_region_with_its_code_as_id() -> None:
    node, res = Resolver(region=ZHANHUA).entity(["滨海镇"], REGION, provenance=[prov()])
    assert (node.id, node.properties["level"], res.rule) == (
        "region:371603107",
        "town",
        "gazetteer",
    )


@pytest.mark.parametrize("surface", ["", " ", "\x00\x01", "镇" * 10_000, "\ud800", "0" * 9])
def test_hostile_region_surfaces_never_crash(surface: str) -> None:
    r = Resolver(region=ZHANHUA)
    assert r.region_records(surface, provenance=[prov()]) == []
    assert r.resolve(surface, REGION).node_id is None
