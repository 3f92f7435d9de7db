"""The built-in entity tables: regions, industries, institutions and enterprises, and the
column helpers the other built-in tables share (:mod:`loaders.table_orgs` has programmes,
agencies, policies, communities and platforms; :mod:`loaders.table_links` the links).

Importing this module registers the specs; ``docs/tables.md`` lists their columns.

>>> from loaders.table_specs import get_table
>>> get_table("enterprises").column_for_header("统一社会信用代码").name
'credit_code'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.model import Edge, EdgeKind, Node, NodeKind
from loaders.table_cells import CellError, parse_code, register_cell_type
from loaders.table_specs import Column, Row, TableSpec, register_table

__all__ = [
    "INSTITUTION_TYPES",
    "LEVEL_CHOICES",
    "PARTY",
    "STATUS_CHOICES",
    "aliases_column",
    "industry_column",
    "links",
    "name_column",
    "parse_credit_code",
    "region_column",
]

PARTY = (NodeKind.ENTERPRISE, NodeKind.INSTITUTION)
"""What a lead, owner or member column may name."""

_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


def parse_credit_code(value: object, max_length: int | None = None) -> str:
    """A unified social credit code (统一社会信用代码): 18 characters, upper case.

    >>> parse_credit_code("91371603ma3c00001x")
    '91371603MA3C00001X'
    """
    text = parse_code(value, 18).upper()
    if not _CREDIT_CODE.fullmatch(text):
        raise CellError(f'"{text}" is not a unified social credit code (18 characters)')
    return text


register_cell_type("credit_code", parse_credit_code)

LEVEL_CHOICES = {
    **dict.fromkeys(("national", "国家", "国家级", "中央"), "national"),
    **dict.fromkeys(("provincial", "province", "省", "省级"), "provincial"),
    **dict.fromkeys(("municipal", "city", "市", "市级"), "municipal"),
    **dict.fromkeys(("district", "county", "区", "区级", "县", "县级", "区县"), "district"),
}
"""Administrative level of a programme, policy, platform or community."""

STATUS_CHOICES = {
    **dict.fromkeys(("planned", "to build", "计划", "拟建", "培育", "筹建"), "planned"),
    **dict.fromkeys(("applying", "to apply", "拟申报", "申报中", "已申报"), "applying"),
    **dict.fromkeys(("established", "已建", "已建成", "已认定", "运行", "运行中"), "established"),
    **dict.fromkeys(("closed", "撤销", "关闭", "停止"), "closed"),
}
"""Life stage of a platform or community."""


def name_column(*aliases: str, doc: str = "") -> Column:
    """The required name of the row's own node (its canonical name, not a property)."""
    return Column("name", "name", required=True, as_property=False, aliases=aliases, doc=doc)


def aliases_column() -> Column:
    """Other names of the row's node (short names, former names)."""
    return Column(
        "aliases",
        "list",
        aliases=("别名", "简称", "曾用名", "其他名称"),
        as_property=False,
        doc="other names, separated by `|` `;` `；` `、`",
    )


def region_column(
    name: str = "region", *aliases: str, doc: str = "region name or NBS code (LOCATED_IN)"
) -> Column:
    """A region the row's node lies in: a name or an NBS code; a new name makes a Region."""
    return Column(
        name,
        "name",
        ref=(NodeKind.REGION,),
        create=True,
        aliases=aliases or ("地区", "所在地", "所在地区", "区县", "所属区县"),
        doc=doc,
    )


def industry_column(name: str = "industry") -> Column:
    """Industries of the row's node; a new name makes an Industry node."""
    return Column(
        name,
        "list",
        ref=(NodeKind.INDUSTRY,),
        create=True,
        aliases=("行业", "产业", "所属行业", "所属产业", "领域", "industries"),
        doc="industry names (IN_INDUSTRY)",
    )


def _located(row: Row, node: Node, *columns: str) -> Iterator[Edge]:
    for column in columns:
        region = row.ref(column)
        if region is not None:
            yield row.edge(EdgeKind.LOCATED_IN, node, region)
            return


def links(row: Row, node: Node) -> Iterator[Edge]:
    """IN_INDUSTRY edges for the ``industry`` column, LOCATED_IN for the ``region`` column."""
    for industry in row.refs_of("industry"):
        yield row.edge(EdgeKind.IN_INDUSTRY, node, industry)
    yield from _located(row, node, "region")


def _build_region(row: Row) -> Iterator[Node | Edge]:
    name = row.text("name") or ""
    code = row.text("code")
    node = row.node(
        NodeKind.REGION, name, key=code, aliases=row.items("aliases"), properties=row.properties()
    )
    yield node
    parent = row.ref("parent")
    if parent is not None:
        if parent.id == node.id:
            raise CellError(f'region "{name}" cannot be part of itself')
        yield row.edge(EdgeKind.PART_OF, node, parent)


register_table(
    TableSpec(
        name="regions",
        aliases=("region", "行政区划", "区划", "地区"),
        produces=(NodeKind.REGION,),
        doc="Administrative regions with their NBS codes; parents before children.",
        columns=(
            name_column("名称", "区划名称", "地区名称", doc="region name, e.g. 沾化区"),
            Column(
                "code",
                "code",
                aliases=("代码", "区划代码", "行政区划代码", "nbs_code"),
                doc="NBS division code (the node id when given), e.g. 371603",
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
                doc="country, province, city, district or town",
            ),
            region_column(
                "parent",
                "上级",
                "上级区划",
                "所属",
                doc="the parent region's name or code (PART_OF)",
            ),
            aliases_column(),
        ),
        build=_build_region,
    )
)


def _build_industry(row: Row) -> Iterator[Node]:
    yield row.node(
        NodeKind.INDUSTRY,
        row.text("name") or "",
        aliases=row.items("aliases"),
        properties=row.properties(),
    )


register_table(
    TableSpec(
        name="industries",
        aliases=("industry", "产业", "行业"),
        produces=(NodeKind.INDUSTRY,),
        doc="The industry vocabulary (enterprises, needs and results point at it).",
        columns=(
            name_column("名称", "产业名称", "行业名称", "产业", "行业"),
            Column("name_en", "name", aliases=("英文名", "英文名称"), doc="English name"),
            aliases_column(),
            Column("keywords", "list", aliases=("关键词",), doc="words matchmaking looks for"),
            Column("description", "text", aliases=("描述", "简介")),
        ),
        build=_build_industry,
    )
)


INSTITUTION_TYPES = {
    **dict.fromkeys(("university", "college", "大学", "高校", "学院", "高等院校"), "university"),
    **dict.fromkeys(("academy", "科学院", "农科院", "农业科学院", "研究总院"), "academy"),
    **dict.fromkeys(
        ("institute", "research institute", "研究所", "研究院", "研究中心"), "institute"
    ),
    **dict.fromkeys(("other", "其他"), "other"),
}


def _build_institution(row: Row) -> Iterator[Node | Edge]:
    node = row.node(
        NodeKind.INSTITUTION,
        row.text("name") or "",
        aliases=row.items("aliases"),
        properties=row.properties(),
    )
    yield node
    yield from _located(row, node, "city", "province")
    city, province = row.ref("city"), row.ref("province")
    if city is not None and city.created and province is not None:
        yield row.edge(EdgeKind.PART_OF, city, province)


register_table(
    TableSpec(
        name="institutions",
        aliases=("institution", "高校院所", "科研院所", "院所", "高校", "科研机构"),
        produces=(NodeKind.INSTITUTION,),
        doc="Universities, academies and research institutes.",
        columns=(
            name_column("机构名称", "单位名称", "院校名称", "名称", "高校院所"),
            aliases_column(),
            Column(
                "type",
                "name",
                aliases=("类型", "机构类型", "kind"),
                choices=INSTITUTION_TYPES,
                doc="university, academy, institute or other",
            ),
            region_column(
                "city", "城市", "所在城市", "所在地", doc="city name or code (LOCATED_IN)"
            ),
            region_column(
                "province", "省份", "省", "所在省份", doc="province (LOCATED_IN when no city)"
            ),
            Column(
                "profile",
                "text",
                aliases=("研究方向", "研究领域", "科研特色", "简介", "profile_text"),
                doc="research profile text that matchmaking reads",
            ),
            Column("keywords", "list", aliases=("关键词",), doc="research keywords"),
            Column("website", "name", aliases=("网址", "网站", "url")),
            Column("founded", "year", aliases=("成立年份", "建校年份", "创建年份")),
        ),
        build=_build_institution,
    )
)


def _build_enterprise(row: Row) -> Iterator[Node | Edge]:
    node = row.node(
        NodeKind.ENTERPRISE,
        row.text("name") or "",
        key=row.text("credit_code"),
        aliases=row.items("aliases"),
        properties=row.properties(),
    )
    yield node
    yield from links(row, node)


register_table(
    TableSpec(
        name="enterprises",
        aliases=("enterprise", "companies", "企业", "企业名录", "规上企业"),
        produces=(NodeKind.ENTERPRISE,),
        doc="Enterprises of the district (and their partners).",
        columns=(
            name_column("企业名称", "名称", "企业", "单位名称", "company"),
            aliases_column(),
            Column(
                "credit_code",
                "credit_code",
                aliases=("统一社会信用代码", "信用代码", "uscc"),
                doc="unified social credit code; the node id when given",
            ),
            industry_column(),
            region_column(),
            Column(
                "above_scale",
                "bool",
                aliases=("规上", "规上企业", "是否规上", "规模以上"),
                doc="an above-scale (规模以上) industrial enterprise",
            ),
            Column(
                "hte",
                "bool",
                aliases=("高企", "高新技术企业", "是否高企"),
                doc="certified High-Tech Enterprise",
            ),
            Column(
                "tech_sme",
                "bool",
                aliases=("科技型中小企业", "是否科技型中小企业"),
                doc="registered tech-based SME",
            ),
            Column("founded", "year", aliases=("成立年份", "成立时间")),
            Column("employees", "int", aliases=("职工人数", "从业人员", "员工人数", "从业人员数")),
            Column(
                "revenue",
                "number",
                aliases=("营业收入", "主营业务收入"),
                doc="operating revenue, 万元 (10,000 yuan)",
            ),
            Column("products", "text", aliases=("主要产品", "产品"), max_length=1000),
            Column("description", "text", aliases=("简介", "企业简介", "描述")),
            Column("website", "name", aliases=("网址", "网站", "url")),
        ),
        build=_build_enterprise,
    )
)
