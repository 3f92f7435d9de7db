"""Gazetteers: the shipped lists, the abbreviation rules against a gold list, regions."""

from __future__ import annotations

import csv

import pytest

from graph.model import NodeKind
from loaders.gazetteers import DATA_DIR, load_gazetteer
from loaders.gazetteers.abbreviations import abbreviations, relative_forms

# Hand-made: full name -> abbreviations people write. Every one must be produced by a rule
# or be a curated alias, and must resolve back to the full name.
GOLD = {
    "河北农业大学": ["河北农大"],
    "中国农业大学": ["中国农大"],
    "山东农业大学": ["山东农大"],
    "青岛科技大学": ["青岛科大", "青岛科技大"],
    "山东科技大学": ["山东科大"],
    "中国科学技术大学": ["中国科大"],
    "华东师范大学": ["华东师大"],
    "山东师范大学": ["山东师大"],
    "北京理工大学": ["北京理工大"],
    "天津医科大学": ["天津医大"],
    "河北工业大学": ["河北工大"],
    "西安交通大学": ["西安交大"],
    "中国海洋大学": ["中国海大"],
    "北京林业大学": ["北京林大"],
    "西北农林科技大学": ["西北农林科大"],
    "中国科学院海洋研究所": ["海洋所", "中科院海洋所"],
    "中国科学院大连化学物理研究所": ["大连化物所", "中科院大连化学物理所"],
    "中国农业科学院作物科学研究所": ["中国农科院作物科学所", "作科所"],
    "中国农业科学院": ["中国农科院"],
    "山东省农业科学院": ["山东省农科院", "山东农科院"],
    "江苏省农业科学院": ["江苏省农科院"],
    "渤海先进技术研究院": ["渤海先研院"],
    "山东产业技术研究院": ["山东产研院"],
}


def test_universities_are_all_there_with_their_province() -> None:
    g = load_gazetteer()
    universities = [e for e in g.entries if e.type == "university"]
    assert len(universities) == 2820
    assert all(e.province for e in universities)
    hebei = g.lookup("河北农业大学", NodeKind.INSTITUTION)
    assert [e.province for e in hebei] == ["河北省"]


@pytest.mark.parametrize(("full", "short"), sorted(GOLD.items()))
def test_gold_abbreviations_name_their_institution(full: str, short: list[str]) -> None:
    g = load_gazetteer()
    (entry,) = [e for e in g.lookup(full, NodeKind.INSTITUTION) if e.name == full]
    for form in short:
        assert form in entry.aliases, (full, form, entry.aliases)
        assert [e.name for e in g.lookup(form, NodeKind.INSTITUTION)] == [full]


def test_rules_never_return_the_name_or_a_two_character_form() -> None:
    for entry in load_gazetteer().entries:
        made = abbreviations(entry.name)
        assert entry.name not in made
        assert all(len(form) >= 3 for form in made)


def test_relative_forms_stand_for_the_province() -> None:
    assert relative_forms("山东省农业科学院", "山东省") == ["省农业科学院", "省农科院"]
    assert relative_forms("中国农业大学", "北京市") == []
    g = load_gazetteer()
    found = g.lookup_relative("省农科院", NodeKind.INSTITUTION, "山东省")
    assert [e.name for e in found] == ["山东省农业科学院"]
    assert g.lookup_relative("省农科院", NodeKind.INSTITUTION, "河南省")[0].name == (
        "河南省农业科学院"
    )


def test_talent_programmes() -> None:
    g = load_gazetteer()
    assert [e.name for e in g.lookup("外专双百计划", NodeKind.TALENT_PROGRAM)] == ["外专双百"]
    assert g.lookup("泰山产业领军人才", NodeKind.TALENT_PROGRAM)[0].province == "山东省"


def test_regions_have_codes_and_parents() -> None:
    regions = load_gazetteer().regions
    levels = [d.level for d in regions.by_code.values()]
    assert (levels.count("province"), levels.count("city"), levels.count("county")) == (
        31,
        342,
        2978,
    )
    zhanhua = regions.parse("山东省滨州市沾化区")
    assert zhanhua is not None
    assert (zhanhua.code, zhanhua.city, zhanhua.province) == ("371603", "滨州市", "山东省")
    assert regions.parse("滨州沾化区") == zhanhua
    assert regions.parse("371603") == zhanhua
    chaoyang = regions.parse("北京市朝阳区")
    assert chaoyang is not None
    assert chaoyang.code == "110105"
    assert regions.parse("火星") is None


def test_curated_lists_have_no_duplicates() -> None:
    for file in ("institutes.csv", "talent_programs.csv"):
        with (DATA_DIR / file).open(encoding="utf-8", newline="") as handle:
            names = [row["name"] for row in csv.DictReader(handle)]
        assert len(names) == len(set(names)), file


def test_every_vendored_file_has_its_source_and_licence() -> None:
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    data_files = [p.name for p in DATA_DIR.iterdir() if p.suffix in {".json", ".csv", ".gz"}]
    assert data_files
    for name in data_files:
        assert f"`{name}`" in sources, name
    licences = {p.name for p in (DATA_DIR / "licenses").iterdir()}
    assert "MIT-codeudan-crawler-china-mainland-universities.txt" in licences
    assert "WTFPL-modood-Administrative-divisions-of-China.txt" in licences
    for licence in licences:
        assert f"licenses/{licence}" in sources
