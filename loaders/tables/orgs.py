"""The built-in tables of organisations and programmes: talent programmes, transfer agencies,
policies, communities, platforms and memberships (see also :mod:`loaders.tables.kinds` and
:mod:`loaders.tables.links`).

``docs/tables.md`` lists their columns.

>>> PLATFORMS_TABLE.column_for_header("依托单位").name
'owner'
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.i18n import N_
from graph.model import Edge, EdgeKind, NodeKind
from loaders.tables.columns import Column
from loaders.tables.entities import (
    LEVEL_CHOICES,
    PARTY,
    STATUS_CHOICES,
    aliases_column,
    edge_from,
    edges_to,
    entity_builder,
    industry_column,
    links,
    name_column,
    region_column,
)
from loaders.tables.rows import Row
from loaders.tables.specs import TableSpec

__all__ = [
    "AGENCIES_TABLE",
    "COMMUNITIES_TABLE",
    "MEMBERSHIPS_TABLE",
    "PLATFORMS_TABLE",
    "PLATFORM_TYPES",
    "POLICIES_TABLE",
    "TALENT_PROGRAMS_TABLE",
]


TALENT_PROGRAMS_TABLE = TableSpec(
    name="talent_programs",
    aliases=(
        "talent_program",
        "talent_programmes",
        "programs",
        "programmes",
        "人才项目",
        "人才计划",
        "人才工程",
    ),
    produces=(NodeKind.TALENT_PROGRAM,),
    doc=N_("企业申报的人才项目。"),
    columns=(
        name_column("项目名称", "计划名称", "名称", "人才项目"),
        aliases_column(),
        Column(
            "level",
            "name",
            aliases=("级别", "层级"),
            choices=LEVEL_CHOICES,
            doc=N_("国家级、省级、市级或区级"),
        ),
        Column("organiser", "name", aliases=("主管部门", "组织单位", "organizer")),
        Column("description", "text", aliases=("简介", "描述", "内容")),
        Column("website", "name", aliases=("网址", "链接", "url")),
    ),
    build=entity_builder(NodeKind.TALENT_PROGRAM),
)


AGENCIES_TABLE = TableSpec(
    name="agencies",
    aliases=("agency", "transfer_agencies", "技术转移机构", "转移机构", "中介机构", "服务机构"),
    produces=(NodeKind.TRANSFER_AGENCY,),
    doc=N_("技术转移机构和其他中介机构。"),
    columns=(
        name_column("机构名称", "名称", "技术转移机构"),
        aliases_column(),
        Column("type", "name", aliases=("类型", "机构类型")),
        region_column(),
        Column("services", "list", aliases=("服务内容", "服务", "业务范围")),
        Column(
            "serves_industries",
            "list",
            ref=(NodeKind.INDUSTRY,),
            create=True,
            aliases=("服务产业", "服务行业"),
            doc=N_("服务的产业（SERVES）"),
        ),
        Column("founded", "year", aliases=("成立年份",)),
        Column("description", "text", aliases=("简介", "描述")),
        Column("website", "name", aliases=("网址", "url")),
    ),
    build=entity_builder(
        NodeKind.TRANSFER_AGENCY, edges=(links, edges_to("serves_industries", EdgeKind.SERVES))
    ),
)


POLICIES_TABLE = TableSpec(
    name="policies",
    aliases=("policy", "政策", "惠企政策", "政策文件"),
    produces=(NodeKind.POLICY,),
    doc=N_("惠企政策。"),
    columns=(
        name_column("政策名称", "文件名称", "名称", "政策"),
        aliases_column(),
        Column("number", "name", aliases=("文号", "发文字号", "document_number")),
        Column("level", "name", aliases=("级别", "层级"), choices=LEVEL_CHOICES),
        Column("issuer", "list", aliases=("发文机关", "发布单位", "发文单位")),
        Column("issued", "date", aliases=("发布日期", "印发日期", "发文日期")),
        region_column("region", "适用地区", "地区"),
        Column(
            "industries",
            "list",
            ref=(NodeKind.INDUSTRY,),
            create=True,
            aliases=("适用产业", "适用行业"),
            doc=N_("面向的产业（SERVES）"),
        ),
        Column("summary", "text", aliases=("要点", "摘要", "主要内容")),
        Column("eligibility", "text", aliases=("申报条件", "适用对象", "支持对象")),
        Column("website", "name", aliases=("网址", "链接", "url")),
    ),
    build=entity_builder(NodeKind.POLICY, edges=(links, edges_to("industries", EdgeKind.SERVES))),
)


COMMUNITIES_TABLE = TableSpec(
    name="communities",
    aliases=("community", "共同体", "创新创业共同体"),
    produces=(NodeKind.COMMUNITY,),
    doc=N_("创新创业共同体。"),
    columns=(
        name_column("名称", "共同体名称", "共同体"),
        aliases_column(),
        Column("level", "name", aliases=("级别", "层级"), choices=LEVEL_CHOICES),
        Column("status", "name", aliases=("状态", "建设状态"), choices=STATUS_CHOICES),
        Column(
            "lead",
            "name",
            ref=PARTY,
            aliases=("牵头单位",),
            doc=N_("牵头企业或高校院所（MEMBER_OF，角色为牵头）"),
        ),
        industry_column(),
        region_column(),
        Column("description", "text", aliases=("简介", "描述")),
    ),
    build=entity_builder(
        NodeKind.COMMUNITY,
        edges=(links, edge_from("lead", EdgeKind.MEMBER_OF, {"role": "lead"})),
    ),
)

PLATFORM_TYPES = {
    **dict.fromkeys(
        (
            "engineering research centre",
            "engineering_research_center",
            "工程技术研究中心",
            "工程研究中心",
            "工程中心",
        ),
        "engineering_research_centre",
    ),
    **dict.fromkeys(
        ("new R&D institution", "new_rd_institution", "新型研发机构"), "new_rd_institution"
    ),
    **dict.fromkeys(
        (
            "R&D centre",
            "rd_centre",
            "rd_center",
            "研发中心",
            "企业研发中心",
            "技术中心",
            "企业技术中心",
        ),
        "rd_centre",
    ),
    **dict.fromkeys(("key lab", "key laboratory", "重点实验室", "实验室"), "key_lab"),
    **dict.fromkeys(("incubator", "孵化器", "科技企业孵化器", "众创空间"), "incubator"),
    **dict.fromkeys(("other", "其他"), "other"),
}


PLATFORMS_TABLE = TableSpec(
    name="platforms",
    aliases=("platform", "平台", "科创平台", "创新平台", "研发平台"),
    produces=(NodeKind.PLATFORM,),
    doc=N_("研发中心、工程技术研究中心、重点实验室、孵化器。"),
    columns=(
        name_column("平台名称", "名称", "平台"),
        aliases_column(),
        Column(
            "type",
            "name",
            aliases=("类型", "平台类型"),
            choices=PLATFORM_TYPES,
            doc=N_(
                "工程技术研究中心（engineering_research_centre）、新型研发机构（new_rd_institution）、研发中心（rd_centre）、重点实验室（key_lab）、孵化器（incubator）或其他（other）"
            ),
        ),
        Column("level", "name", aliases=("级别", "层级"), choices=LEVEL_CHOICES),
        Column("status", "name", aliases=("状态", "建设状态"), choices=STATUS_CHOICES),
        Column(
            "owner",
            "name",
            ref=PARTY,
            aliases=("依托单位", "建设单位", "所属单位"),
            doc=N_("运营它的企业或高校院所（OWNS）"),
        ),
        industry_column(),
        region_column(),
        Column("founded", "year", aliases=("成立年份", "建成年份")),
        Column("description", "text", aliases=("简介", "描述")),
    ),
    build=entity_builder(NodeKind.PLATFORM, edges=(links, edge_from("owner", EdgeKind.OWNS))),
)


def _build_membership(row: Row) -> Iterator[Edge]:
    member, group = row.ref("member"), row.ref("community")
    if member is not None and group is not None:
        yield row.edge(EdgeKind.MEMBER_OF, member, group, properties=row.properties())


MEMBERSHIPS_TABLE = TableSpec(
    name="memberships",
    aliases=("membership", "members", "成员", "成员单位"),
    doc=N_("谁是哪个共同体或平台的成员。"),
    columns=(
        Column(
            "member",
            "name",
            required=True,
            ref=(*PARTY, NodeKind.TRANSFER_AGENCY),
            aliases=("成员", "成员单位", "单位名称"),
            doc=N_("企业、高校院所或中介机构"),
        ),
        Column(
            "community",
            "name",
            required=True,
            ref=(NodeKind.COMMUNITY, NodeKind.PLATFORM),
            aliases=("共同体", "平台", "所属共同体"),
            doc=N_("共同体或平台"),
        ),
        Column(
            "role",
            "name",
            aliases=("角色",),
            choices={
                **dict.fromkeys(("lead", "牵头", "牵头单位"), "lead"),
                **dict.fromkeys(("member", "成员", "成员单位", "参与"), "member"),
            },
        ),
        Column("since", "year", aliases=("加入年份", "年份")),
    ),
    build=_build_membership,
)
