"""The pieces of the name grammar, on made-up sentences in the style of county documents."""

from __future__ import annotations

import pytest

from graph.model import EdgeKind, NodeKind
from loaders.documents import parse_document
from loaders.documents.institutions import find_institutions, only_fields
from loaders.documents.names import (
    clean_core,
    find_registered,
    find_short_names,
    name_start,
    plausible_short_name,
    strip_form,
)
from loaders.documents.platforms import find_platforms, platform_kind
from loaders.documents.programs import find_programs
from loaders.documents.targets import find_targets, is_plan
from loaders.resolve import Resolver


def whole(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))]


@pytest.mark.parametrize(
    ("window", "name"),
    [
        ("积极引导安徽青禾酿造", "安徽青禾酿造"),  # verb
        ("并走访了宁远恒丰纸业", "宁远恒丰纸业"),  # adverb + verb + aspect
        ("第三批华泰", "华泰"),  # ordinal
        ("5家", None),  # quantity
        ("学院将会同步", None),  # auxiliaries
        ("与南湖同泰机电", "南湖同泰机电"),  # 同 inside a name
    ],
)
def test_a_name_starts_after_the_last_word_no_name_holds(window: str, name: str | None) -> None:
    start = name_start(window)
    assert (window[start:] if start is not None else None) == name


def test_a_core_with_a_verb_an_ordinal_or_a_particle_is_no_name() -> None:
    assert clean_core("青禾酿造")
    assert not clean_core("严格落实酿造")
    assert not clean_core("第二届青禾")
    assert not clean_core("青禾的酿造")
    assert not clean_core("某某研究院和宁远恒丰")  # two names joined


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("县科技局组织宁远恒丰纸业有限公司与省农科院签约", ["宁远恒丰纸业有限公司"]),
        ("推动桃源金穗水稻种植专业合作社开展试验", ["桃源金穗水稻种植专业合作社"]),
        ("湘西山泉生物科技股份有限公司和吉首大学共建平台", ["湘西山泉生物科技股份有限公司"]),
        ("鼓励上市公司、子公司加大投入", []),
        ("与江北同心农业发展集团签约", ["江北同心农业发展集团"]),
    ],
)
def test_registered_names_by_legal_form(sentence: str, names: list[str]) -> None:
    assert [m.surface for m in find_registered(sentence, whole(sentence))] == names


def test_short_names_need_a_clean_core_and_a_strong_ending_or_a_partner() -> None:
    text = "选取金禾食品、青山轴承等企业,紧盯现代农业,支持云岭科技与昆明理工大学合作"
    found = [m.surface for m in find_short_names(text, whole(text), set())]
    assert found == ["金禾食品", "青山轴承", "云岭科技"]
    assert not plausible_short_name("推进现代农业")
    assert strip_form("金禾食品有限公司") == "金禾食品"


def test_institutions_by_grammar_not_bare_fields_or_a_universitys_schools() -> None:
    text = "与湘南学院化学与材料工程学院、永州市农业科学研究院和技术研究院签约,在信息学院座谈"
    found = [m.surface for m in find_institutions(text, whole(text), set())]
    assert found == ["湘南学院", "永州市农业科学研究院"]
    assert only_fields("化学与材料工程")
    assert not only_fields("洞庭湖生态环境")


def test_an_academy_and_its_institute_are_one_institution() -> None:
    x = parse_document(
        "中科院植物所与蓝山花卉有限公司签订合作协议。",
        source="t.txt",
        region="湖南省永州市蓝山县",
        resolver=Resolver(),
    )
    institutions = {e.surface for e in x.entities if e.kind == NodeKind.INSTITUTION}
    assert institutions == {"中科院植物所"}
    (named,) = [e.name for e in x.entities if e.kind == NodeKind.INSTITUTION]
    assert named == "中国科学院植物研究所"


def test_a_short_name_later_resolves_to_the_full_name_given_earlier() -> None:
    x = parse_document(
        "宁远恒丰纸业有限公司与湖南农业大学签约。恒丰纸业将建设研发中心。",
        source="t.txt",
        region="湖南省永州市宁远县",
        resolver=Resolver(),
    )
    (company,) = [e for e in x.entities if e.kind == NodeKind.ENTERPRISE]
    assert company.name == "宁远恒丰纸业有限公司"
    assert "恒丰纸业" in company.aliases
    assert company.mentions == 2


def test_platform_names_and_kinds() -> None:
    text = "创建了永州油茶产业研究院、湘南智能装备工程技术研究中心等创新平台,成立蓝山星创天地"
    found = {m.surface: m.properties["kind"] for m in find_platforms(text, whole(text))}
    assert found == {
        "永州油茶产业研究院": "新型研发机构",
        "湘南智能装备工程技术研究中心": "工程技术研究中心",
        "蓝山星创天地": "孵化器",
    }
    assert platform_kind("某某院士工作站") == "其他"
    assert platform_kind("某某省重点实验室某某分中心") == "重点实验室"


def test_talent_programmes_are_names_not_roles() -> None:
    text = "推荐3人申报省“芙蓉人才”、市“潇湘英才”等人才项目,邀请高校专家学者和科技特派员来县"
    assert [m.surface for m in find_programs(text, whole(text))] == ["芙蓉人才", "潇湘英才"]


@pytest.mark.parametrize(
    ("head", "sentence", "want"),
    [
        ("2024年工作要点", "新建育苗基地500亩。", [("=", 500, "亩", None)]),
        ("2024年工作要点", "全县现有高新技术企业45家。", []),
        ("2024年工作要点", "力争新增孵化器2至3家。", [(">=", 2, "家", 3)]),
        ("2024年工作要点", "技术合同成交额突破5亿元。", [(">", 5, "亿元", None)]),
        ("上半年工作总结", "新增高新技术企业12家。", []),
        ("上半年工作总结", "预计全年研发投入达到3亿元。", [(">=", 3, "亿元", None)]),
        (
            "2024年工作要点",
            "发芽率、成活率分别达到95%、90%以上。",
            [(">=", 95, "%", None), (">=", 90, "%", None)],
        ),
    ],
)
def test_targets_look_forward_only(
    head: str, sentence: str, want: list[tuple[str, float, str, float | None]]
) -> None:
    text = head + "\n" + sentence
    got = [(t.op, t.value, t.unit, t.value_max) for t in find_targets(text, len(head) + 1)]
    assert got == want
    assert is_plan(text) == ("要点" in head)


def test_talks_and_visits_give_uncertain_cooperation() -> None:
    x = parse_document(
        "湖南农业大学专家一行到宁远恒丰纸业有限公司调研交流。"
        "吉首大学与湘西山泉生物科技股份有限公司签订技术开发合同。",
        source="t.txt",
        region="湖南省永州市宁远县",
        resolver=Resolver(),
    )
    pairs = {
        (r.source, r.target, r.uncertain) for r in x.relations if r.kind == EdgeKind.COOPERATES_WITH
    }
    assert pairs == {
        ("宁远恒丰纸业有限公司", "湖南农业大学", True),
        ("湘西山泉生物科技股份有限公司", "吉首大学", False),
    }
    edges = [e for e in x.batch.edges if e.kind == EdgeKind.COOPERATES_WITH]
    assert sorted(bool(e.properties.get("uncertain")) for e in edges) == [False, True]


def test_a_name_that_lost_its_first_character_is_found_only_when_one_name_fits() -> None:
    r = Resolver(region="湖南省永州市宁远县")
    clipped = r.resolve("国农业大学", NodeKind.INSTITUTION)
    assert (clipped.name, clipped.rule) == ("中国农业大学", "fuzzy")
    assert r.resolve("南农业大学", NodeKind.INSTITUTION).rule == "new"  # 湖南, 河南, 华南 ...
