"""The built-in entity tables: regions, industries, institutions and enterprises
(:mod:`loaders.tables.orgs` has programmes, agencies, policies, communities and platforms;
:mod:`loaders.tables.links` the links; the columns they share are in
:mod:`loaders.tables.entities`).

``docs/tables.md`` lists their columns.

>>> ENTERPRISES_TABLE.column_for_header("统一社会信用代码").name
'credit_code'
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.i18n import N_
from graph.model import Edge, EdgeKind, Node, NodeKind
from loaders.tables.columns import Column
from loaders.tables.entities import (
    aliases_column,
    entity_builder,
    industry_column,
    key_column,
    links,
    located_in,
    name_column,
    part_of,
    region_column,
)
from loaders.tables.rows import Row
from loaders.tables.specs import TableSpec

__all__ = [
    "ENTERPRISES_TABLE",
    "INDUSTRIES_TABLE",
    "INSTITUTIONS_TABLE",
    "INSTITUTION_TYPES",
    "REGIONS_TABLE",
]


REGIONS_TABLE = TableSpec(
    name="regions",
    aliases=("region", "行政区划", "区划", "地区"),
    produces=(NodeKind.REGION,),
    doc=N_("行政区划及其统计用区划代码；上级写在下级之前。"),
    columns=(
        name_column("名称", "区划名称", "地区名称", doc=N_("地区名称，如 沾化区")),
        Column(
            "code",
            "code",
            aliases=("代码", "区划代码", "行政区划代码", "nbs_code"),
            doc=N_("统计用区划代码（填写时作为节点编号），如 371603"),
        ),
        Column(
            "level",
            "name",
            aliases=("级别", "层级"),
            choices={
                **dict.fromkeys(("country", "国家"), "country"),
                **dict.fromkeys(("province", "省", "省级", "直辖市"), "province"),
                **dict.fromkeys(("city", "市", "地级市", "地级"), "city"),
                **dict.fromkeys(("district", "county", "区", "县", "区县", "县级"), "district"),
                **dict.fromkeys(("town", "street", "镇", "乡", "乡镇", "街道"), "town"),
            },
            doc=N_("国家、省、市、区县或乡镇"),
        ),
        region_column(
            "parent",
            "上级",
            "上级区划",
            "所属",
            doc=N_("上级地区的名称或代码（PART_OF）"),
        ),
        aliases_column(),
    ),
    build=entity_builder(NodeKind.REGION, key=key_column("code"), edges=(part_of("parent"),)),
)


INDUSTRIES_TABLE = TableSpec(
    name="industries",
    aliases=("industry", "产业", "行业"),
    produces=(NodeKind.INDUSTRY,),
    doc=N_("产业名录（企业、需求和成果都指向它）。"),
    columns=(
        name_column("名称", "产业名称", "行业名称", "产业", "行业"),
        Column("name_en", "name", aliases=("英文名", "英文名称"), doc=N_("英文名称")),
        aliases_column(),
        Column("keywords", "list", aliases=("关键词",), doc=N_("供需匹配查找的关键词")),
        Column("description", "text", aliases=("描述", "简介")),
    ),
    build=entity_builder(NodeKind.INDUSTRY),
)


INSTITUTION_TYPES = {
    **dict.fromkeys(
        (
            "university",
            "college",
            "大学",
            "高校",
            "学院",
            "高等院校",
            "高等学校",
            "本科院校",
            "高职院校",
            "职业院校",
            "高等职业院校",
        ),
        "university",
    ),
    **dict.fromkeys(
        ("academy", "科学院", "农科院", "农业科学院", "研究总院", "科学研究院"), "academy"
    ),
    **dict.fromkeys(
        (
            "institute",
            "research institute",
            "研究所",
            "研究院",
            "研究中心",
            "科研院所",
            "科研机构",
            "研究院所",
            "事业单位",
            "科研事业单位",
        ),
        "institute",
    ),
    **dict.fromkeys(
        ("new_rd_institution", "新型研发机构", "省级新型研发机构"), "new_rd_institution"
    ),
    **dict.fromkeys(
        ("rd_platform", "研发平台", "省级研发平台", "市级研发平台", "创新平台", "重点实验室"),
        "rd_platform",
    ),
    **dict.fromkeys(("enterprise", "企业", "企业研发机构"), "enterprise"),
    **dict.fromkeys(("other", "其他"), "other"),
}
"""Institution types in the words bureaus use. A 事业单位 (public institution) in a list of
partners is almost always a research institute; 新型研发机构 and provincial R&D platforms
are kept apart because programmes treat them differently."""


def _city_in_province(row: Row, node: Node) -> Iterator[Edge]:
    """A city the row made (named nowhere before) is PART_OF the row's province."""
    city, province = row.ref("city"), row.ref("province")
    if city is not None and city.created and province is not None:
        yield row.edge(EdgeKind.PART_OF, city, province)


INSTITUTIONS_TABLE = TableSpec(
    name="institutions",
    aliases=("institution", "高校院所", "科研院所", "院所", "高校", "科研机构"),
    produces=(NodeKind.INSTITUTION,),
    doc=N_("高校、科学院和研究院所。"),
    columns=(
        name_column(
            "机构名称",
            "单位名称",
            "院校名称",
            "名称",
            "高校院所",
            "高校名称",
            "院所名称",
            "高校院所名称",
            "机构全称",
            "单位全称",
        ),
        aliases_column(),
        Column(
            "type",
            "name",
            aliases=("类型", "机构类型", "kind", "单位类型", "单位性质", "机构性质", "院所类型"),
            choices=INSTITUTION_TYPES,
            doc=N_(
                "高校（university）、科学院（academy）、研究院所（institute）、新型研发机构（new_rd_institution）、研发平台（rd_platform）、企业（enterprise）或其他（other）"
            ),
        ),
        region_column(
            "city", "城市", "所在城市", "所在地", doc=N_("所在城市名称或代码（LOCATED_IN）")
        ),
        region_column(
            "province", "省份", "省", "所在省份", doc=N_("所在省份（没有城市时用于 LOCATED_IN）")
        ),
        Column(
            "profile",
            "text",
            aliases=("研究方向", "研究领域", "科研特色", "简介", "profile_text"),
            doc=N_("研究方向简介（供需匹配读取）"),
        ),
        Column("keywords", "list", aliases=("关键词",), doc=N_("研究关键词")),
        Column("website", "name", aliases=("网址", "网站", "url")),
        Column("founded", "year", aliases=("成立年份", "建校年份", "创建年份")),
    ),
    build=entity_builder(
        NodeKind.INSTITUTION, edges=(located_in("city", "province"), _city_in_province)
    ),
)


ENTERPRISES_TABLE = TableSpec(
    name="enterprises",
    aliases=(
        "enterprise",
        "companies",
        "企业",
        "企业名录",
        "规上企业",
        "企业名单",
        "企业花名册",
        "企业库",
        "规上工业企业",
    ),
    produces=(NodeKind.ENTERPRISE,),
    doc=N_("本区企业（及其合作企业）。"),
    columns=(
        name_column(
            "企业名称",
            "名称",
            "企业",
            "单位名称",
            "company",
            "公司名称",
            "单位全称",
            "企业全称",
            "企业(单位)名称",
            "单位(企业)名称",
            "企业名称(全称)",
            "单位详细名称",
            "纳税人名称",
            "市场主体名称",
        ),
        aliases_column(),
        Column(
            "credit_code",
            "credit_code",
            aliases=(
                "统一社会信用代码",
                "信用代码",
                "uscc",
                "社会信用代码",
                "统一信用代码",
                "统一社会信用代码(纳税人识别号)",
                "纳税人识别号",
            ),
            doc=N_("统一社会信用代码；填写时作为节点编号"),
        ),
        industry_column(),
        region_column(),
        Column(
            "above_scale",
            "bool",
            aliases=(
                "规上",
                "规上企业",
                "是否规上",
                "规模以上",
                "是否规上企业",
                "是否规模以上企业",
            ),
            doc=N_("是否规模以上工业企业"),
        ),
        Column(
            "hte",
            "bool",
            aliases=(
                "高企",
                "高新技术企业",
                "是否高企",
                "是否高新技术企业",
                "是否国家高新技术企业",
                "国家高新技术企业",
            ),
            doc=N_("是否已认定高新技术企业"),
        ),
        Column(
            "tech_sme",
            "bool",
            aliases=(
                "科技型中小企业",
                "是否科技型中小企业",
                "是否入库科技型中小企业",
                "科技型中小企业入库",
            ),
            doc=N_("是否已入库科技型中小企业"),
        ),
        Column(
            "founded",
            "year",
            aliases=(
                "成立年份",
                "成立时间",
                "成立日期",
                "注册时间",
                "注册日期",
                "成立年月",
                "设立日期",
                "设立时间",
                "开业时间",
                "开业日期",
                "注册成立时间",
            ),
            doc=N_("成立年份（填日期时取其年份）"),
        ),
        Column(
            "employees",
            "int",
            unit="人",
            aliases=(
                "职工人数",
                "从业人员",
                "员工人数",
                "从业人员数",
                "从业人数",
                "职工总数",
                "员工总数",
                "年末从业人员",
                "从业人员期末人数",
                "在职职工人数",
            ),
        ),
        Column(
            "revenue",
            "money",
            unit="万元",
            aliases=(
                "营业收入",
                "主营业务收入",
                "营业收入总额",
                "年营业收入",
                "销售收入",
                "年销售收入",
                "主营收入",
            ),
            doc=N_("营业收入，万元"),
        ),
        Column("products", "text", aliases=("主要产品", "产品"), max_length=1000),
        Column("description", "text", aliases=("简介", "企业简介", "描述")),
        Column("website", "name", aliases=("网址", "网站", "url")),
    ),
    build=entity_builder(NodeKind.ENTERPRISE, key=key_column("credit_code"), edges=(links,)),
)
