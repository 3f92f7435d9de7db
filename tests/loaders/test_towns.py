"""Towns (乡/镇/街道): the national list, look-up near the bureau's district, Region records."""

from __future__ import annotations

import csv
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import AmbiguousName, GraphError
from graph.model import Edge, EdgeKind, Node, NodeKind, node_id
from loaders.gazetteers import DATA_DIR, load_gazetteer
from loaders.gazetteers.region_records import division_records, region_records
from loaders.gazetteers.regions import Division, Regions
from loaders.gazetteers.towns import TOWNS_FILE, Towns
from tests.conftest import prov

ZHANHUA = "371603"


@pytest.fixture(scope="module")
def regions() -> Regions:
    return load_gazetteer().regions


@pytest.fixture(scope="module")
def zhanhua(regions: Regions) -> Division:
    division = regions.division(ZHANHUA)
    assert division is not None
    return division


def _rows() -> list[dict[str, str]]:
    with gzip.open(DATA_DIR / TOWNS_FILE, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_vendored_list_is_the_national_one() -> None:
    rows = _rows()
    assert len(rows) == 41352
    assert len({r["code"] for r in rows}) == len(rows)
    assert all(len(r["code"]) == 9 and r["code"][:6] == r["areaCode"] for r in rows)
    assert len(Towns.load()) == 41352


def test_the_town_list_is_read_only_when_a_town_is_asked_for() -> None:
    regions = Regions.load()
    assert regions.parse("山东省滨州市沾化区") is not None
    assert regions.locate("沾化区") is not None
    assert regions.locate("滨州") is not None
    assert not regions.towns_loaded
    assert regions.locate("371603002") is not None
    assert regions.towns_loaded


def test_every_town_of_the_district_resolves_by_name_and_by_code(
    regions: Regions, zhanhua: Division
) -> None:
    own = [r for r in _rows() if r["areaCode"] == ZHANHUA]
    names = {r["name"] for r in own}
    assert {"富源街道", "富国街道", "下洼镇", "古城镇", "冯家镇", "泊头镇", "大高镇"} <= names
    assert {"黄升镇", "滨海镇", "下河乡", "利国乡"} <= names
    for row in own:
        by_name = regions.locate(row["name"], near=zhanhua)
        assert by_name is not None
        assert (by_name.code, by_name.level, by_name.county) == (row["code"], "town", "沾化区")
        assert regions.locate(row["code"]) == by_name
        assert by_name.full_name == "山东省滨州市沾化区" + row["name"]


def test_a_shared_name_is_the_bureau_own_town_when_it_has_one(
    regions: Regions, zhanhua: Division
) -> None:
    assert len(regions.matches("古城镇")) == 28
    town = regions.locate("古城镇", near=zhanhua)
    assert town is not None
    assert town.code == "371603102"
    # another county of 滨州市: its city has one 古城镇, the district's
    huimin = regions.division("371621")
    assert huimin is not None
    assert regions.locate("古城镇", near=huimin) == town
    # a name the district lacks is taken from its city, then its province
    xindian = regions.locate("辛店镇", near=zhanhua)
    nanyuan = regions.locate("南苑街道", near=zhanhua)
    assert (xindian and xindian.code, nanyuan and nanyuan.code) == ("371621113", "370811016")


def test_a_shared_name_with_no_local_one_is_ambiguous_with_its_candidates(
    regions: Regions,
) -> None:
    with pytest.raises(AmbiguousName) as caught:
        regions.locate("富国街道", near=regions.division("110105"))
    message = str(caught.value)
    assert message.startswith("富国街道 is in several districts")
    assert "山东省滨州市沾化区富国街道 (371603001)" in message
    assert "吉林省辽源市西安区富国街道 (220403005)" in message
    assert caught.value.candidates == [
        "吉林省辽源市西安区富国街道 (220403005)",
        "山东省滨州市沾化区富国街道 (371603001)",
    ]
    assert isinstance(caught.value, GraphError)
    assert isinstance(caught.value, ValueError)
    # two in 山东省 and none in 济南市: the message says where it looked
    with pytest.raises(AmbiguousName, match="of 山东省, none of them in 山东省济南市:"):
        regions.locate("古城镇", near=regions.division("370102"))
    # 28 candidates: ten shown and a count
    with pytest.raises(AmbiguousName, match="and 18 more; write it with the district or city"):
        regions.locate("古城镇")


def test_counties_and_cities_are_scoped_the_same_way(regions: Regions) -> None:
    jinan = regions.division("3701")
    with pytest.raises(AmbiguousName, match="市中区 is in several cities of 山东省:"):
        regions.locate("市中区", near=regions.division("37"))
    district = regions.locate("市中区", near=jinan)
    assert district is not None
    assert district.code == "370103"
    with pytest.raises(AmbiguousName, match="朝阳区 is in several cities:"):
        regions.locate("朝阳区")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("沾化区富源街道", "371603002"),
        ("滨州市沾化区下洼镇", "371603101"),
        ("山东省滨州市沾化区下洼镇", "371603101"),
        ("山东滨州沾化区下洼镇", "371603101"),
        (" 滨州市 沾化区 下洼镇 ", "371603101"),
        ("滨州市下洼镇", "371603101"),
        ("社旗县下洼镇", "411327110"),
        ("371603002", "371603002"),
        ("３７１６０３００２", "371603002"),
        ("371603002000", "371603002"),
        ("371603000000", "371603"),
        ("371600", "3716"),
        ("370000", "37"),
        ("北京市朝阳区", "110105"),
    ],
)
def test_full_names_and_codes_resolve_exactly(regions: Regions, text: str, code: str) -> None:
    found = regions.locate(text)
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize(
    "text",
    [
        "下洼",  # no suffix: too loose to be a town
        "富源",
        "滨州市朝阳区",  # 朝阳区 is not in 滨州市
        "沾化区富源街道办事处",  # the office, not the street
        "371603999",
        "371603002001",  # a village code
        "110100",  # 北京市's 市辖区, no region of its own
        "达民化工",
        "火星",
    ],
)
def test_loose_or_unknown_names_name_nothing(regions: Regions, text: str) -> None:
    assert regions.matches(text) == []
    assert region_records(regions, text, provenance=[prov()]) == []


def test_region_records_make_the_town_and_its_chain(regions: Regions, zhanhua: Division) -> None:
    provenance = [prov("row 7", source="bureau.xlsx")]
    records = region_records(regions, "富源街道", near=zhanhua, provenance=provenance)
    nodes = [r for r in records if isinstance(r, Node)]
    edges = [r for r in records if isinstance(r, Edge)]
    assert [(n.name, n.properties) for n in nodes] == [
        ("富源街道", {"code": "371603002", "level": "town"}),
        ("沾化区", {"code": "371603", "level": "district"}),
        ("滨州市", {"code": "3716", "level": "city"}),
        ("山东省", {"code": "37", "level": "province"}),
    ]
    assert [n.id for n in nodes] == [
        node_id(NodeKind.REGION, n.name, key=str(n.properties["code"])) for n in nodes
    ]
    assert nodes[0].id == "region:371603002"
    assert nodes[0].aliases == ["山东省滨州市沾化区富源街道"]
    assert [(e.kind, e.source, e.target) for e in edges] == [
        (EdgeKind.PART_OF, "region:371603002", "region:371603"),
        (EdgeKind.PART_OF, "region:371603", "region:3716"),
        (EdgeKind.PART_OF, "region:3716", "region:37"),
    ]
    assert all(r.provenance == provenance for r in records)


def test_region_records_meet_the_nodes_of_the_district_regions_table(regions: Regions) -> None:
    with (DATA_DIR.parents[1] / "data" / "district" / "regions.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["code"]]
    assert rows
    for row in rows:
        (node, *_) = region_records(regions, row["code"], provenance=[prov()])
        assert isinstance(node, Node)
        assert node.id == node_id(NodeKind.REGION, row["name"], key=row["code"])
        assert (node.name, node.properties["level"]) == (row["name"], row["level"])


def test_chains_skip_the_pseudo_cities(regions: Regions) -> None:
    def chain(code: str) -> list[str]:
        division = regions.division(code)
        assert division is not None
        records = division_records(regions, division, provenance=[prov()])
        return [r.name for r in records if isinstance(r, Node)]

    assert chain("110105") == ["朝阳区", "北京市"]  # not 市辖区
    assert chain("429004") == ["仙桃市", "湖北省"]  # not 省直辖县级行政区划
    assert chain("441900003")[1:] == ["东莞市", "东莞市", "广东省"]  # a county with the city's name
    assert regions.division("429004").full_name == "湖北省仙桃市"  # type: ignore[union-attr]


def test_the_ambiguous_name_raises_from_region_records(regions: Regions) -> None:
    with pytest.raises(AmbiguousName, match="下洼镇 is in several districts"):
        region_records(regions, "下洼镇", near=regions.division("110105"), provenance=[prov()])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00",
        "富源街道\x00",
        "\u202e富源街道",
        "富源街道" * 5000,
        "a" * 100_000,
        "9" * 9,
        "0" * 12,
        "\ud800",
        "沾化区\n富源街道",  # a line break is a space: ignored like one
    ],
)
def test_hostile_strings_never_crash(regions: Regions, zhanhua: Division, text: str) -> None:
    found = regions.locate(text, near=zhanhua)
    assert found is None or found.code == "371603002"
    assert regions.parse(text) is None or text.startswith(("沾化区", "富源街道"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_division_nothing_or_an_ambiguity(text: str) -> None:
    regions = load_gazetteer().regions
    candidates: list[str] = []
    found: Division | None = None
    try:
        found = regions.locate(text, near=regions.division(ZHANHUA))
    except AmbiguousName as exc:
        candidates = exc.candidates
    assert found is None or found.code in {d.code for d in regions.matches(text)}
    assert candidates == [] or len(candidates) >= 2
