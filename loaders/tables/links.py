"""The built-in tables that link entities: talent applications, cooperations, needs and
results. Their reference columns name nodes of the entity tables (:mod:`loaders.tables.kinds`,
:mod:`loaders.tables.orgs`), so they are read after those.

``docs/tables.md`` lists their columns.

>>> sorted(kind.value for kind in COOPERATIONS_TABLE.ref_kinds)
['Enterprise', 'Institution']
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.i18n import N_
from graph.model import Edge, EdgeKind, Node, NodeKind
from loaders.tables.columns import Column
from loaders.tables.entities import edge_from, entity_builder, industry_column, key_under, links
from loaders.tables.rows import Row
from loaders.tables.specs import TableSpec

__all__ = [
    "COOPERATIONS_TABLE",
    "COOPERATION_TYPES",
    "NEEDS_TABLE",
    "RESULTS_TABLE",
    "TALENT_APPLICATIONS_TABLE",
]

_ENTERPRISE = (NodeKind.ENTERPRISE,)
_INSTITUTION = (NodeKind.INSTITUTION,)


def _enterprise(*aliases: str) -> Column:
    return Column(
        "enterprise",
        "name",
        required=True,
        ref=_ENTERPRISE,
        aliases=(
            "企业名称",
            "企业",
            "企业全称",
            "单位全称",
            "企业(单位)名称",
            "公司名称",
            *aliases,
        ),
        doc=N_("企业名称或统一社会信用代码"),
    )


def _institution(*aliases: str) -> Column:
    return Column(
        "institution",
        "name",
        required=True,
        ref=_INSTITUTION,
        aliases=("院校", "高校院所", "机构名称", "院所", "院校名称", "高校院所名称", *aliases),
        doc=N_("高校院所名称"),
    )


def _build_application(row: Row) -> Iterator[Edge]:
    enterprise, program = row.ref("enterprise"), row.ref("program")
    if enterprise is not None and program is not None:
        yield row.edge(EdgeKind.APPLIES_TO, enterprise, program, properties=row.properties())


TALENT_APPLICATIONS_TABLE = TableSpec(
    name="talent_applications",
    aliases=("talent_application", "applications", "人才申报", "人才项目申报"),
    doc=N_("企业申报人才项目（APPLIES_TO；每对企业和项目一条关系，文件里提到的同一申报会并入）。"),
    columns=(
        _enterprise("申报企业", "申报单位"),
        Column(
            "program",
            "name",
            required=True,
            ref=(NodeKind.TALENT_PROGRAM,),
            aliases=("人才项目", "申报项目", "项目", "人才计划", "programme"),
        ),
        Column("year", "year", aliases=("年度", "申报年度", "年份")),
        Column(
            "status",
            "name",
            aliases=("状态",),
            choices={
                **dict.fromkeys(("planned", "计划", "拟申报", "培育", "重点培育"), "planned"),
                **dict.fromkeys(("applied", "已申报", "申报中"), "applied"),
                **dict.fromkeys(("approved", "入选", "已入选", "获批"), "approved"),
                **dict.fromkeys(("rejected", "未入选", "落选"), "rejected"),
            },
        ),
        Column("candidate", "name", aliases=("人选", "申报人选")),
        Column("description", "text", aliases=("说明事项", "描述")),
    ),
    build=_build_application,
)

COOPERATION_TYPES = {
    **dict.fromkeys(
        (
            "joint_rd",
            "joint R&D",
            "联合攻关",
            "合作研发",
            "联合研发",
            "合作开发",
            "技术开发(合作)",
            "产学研合作",
            "技术开发",  # a development contract, commissioned or joint: the joint reading
        ),
        "joint_rd",
    ),
    **dict.fromkeys(
        ("commissioned_rd", "commissioned R&D", "委托开发", "委托研发", "技术开发(委托)"),
        "commissioned_rd",
    ),
    **dict.fromkeys(
        (
            "transfer",
            "技术转让",
            "成果转化",
            "成果转让",
            "专利转让",
            "专利权转让",
            "专利申请权转让",
        ),
        "transfer",
    ),
    **dict.fromkeys(
        ("licence", "license", "技术许可", "专利许可", "专利实施许可", "技术秘密许可"), "licence"
    ),
    **dict.fromkeys(("consulting", "技术咨询", "咨询", "咨询服务"), "consulting"),
    **dict.fromkeys(
        ("service", "technical service", "技术服务", "技术培训", "技术中介", "检验检测"), "service"
    ),
    **dict.fromkeys(
        ("platform", "共建平台", "共建研发平台", "共建", "共建实验室", "共建研发中心"), "platform"
    ),
    **dict.fromkeys(("talent", "人才培养", "人才引进", "柔性引才", "专家工作站"), "talent"),
    **dict.fromkeys(("other", "其他"), "other"),
}
"""Cooperation modes: the contract types of the 技术合同认定规则 (技术开发 as 委托开发 or 合作开发,
技术转让, 技术许可, 技术咨询, 技术服务) and the forms bureaus add (共建平台, 人才培养)."""


def _build_cooperation(row: Row) -> Iterator[Node | Edge]:
    enterprise, institution = row.ref("enterprise"), row.ref("institution")
    if enterprise is None or institution is None:
        return
    project = row.text("project")
    yield row.edge(
        EdgeKind.COOPERATES_WITH,
        enterprise,
        institution,
        key=project or "",
        properties=row.properties(),
    )
    if project:
        node = row.node(
            NodeKind.PROJECT,
            project,
            key=f"{enterprise.name}/{project}",
            properties=row.properties("project"),
        )
        yield node
        yield row.edge(EdgeKind.PARTICIPATES_IN, enterprise, node)
        yield row.edge(EdgeKind.PARTICIPATES_IN, institution, node)


COOPERATIONS_TABLE = TableSpec(
    name="cooperations",
    aliases=(
        "cooperation",
        "collaborations",
        "合作",
        "产学研合作",
        "校企合作",
        "合作项目",
        "产学研合作项目",
        "合作清单",
        "合作情况",
    ),
    produces=(NodeKind.PROJECT,),
    doc=N_("企业与高校院所的合作（COOPERATES_WITH；有名称的项目单独成为节点）。"),
    columns=(
        _enterprise("合作企业"),
        _institution(
            "合作单位",
            "合作高校院所",
            "合作机构",
            "合作院校",
            "合作高校",
            "合作院所",
            "合作高校(院所)",
            "合作院校(院所)",
            "依托高校院所",
            "技术依托单位",
            "合作科研院所",
        ),
        Column("project", "name", aliases=("项目名称", "合作项目", "项目")),
        Column(
            "type",
            "name",
            aliases=("合作方式", "合作类型", "类型"),
            choices=COOPERATION_TYPES,
            doc=N_(
                "合作方式：联合研发（joint_rd）、委托研发（commissioned_rd）、转让（transfer）、许可（licence）、咨询（consulting）、服务（service）、共建平台（platform）、人才（talent）或其他（other）"
            ),
        ),
        Column("year", "year", aliases=("年度", "年份", "合作年份")),
        Column(
            "start",
            "date",
            aliases=("开始日期", "签约日期", "签订日期", "签订时间", "签约时间", "合作时间"),
        ),
        Column(
            "amount",
            "money",
            unit="万元",
            aliases=(
                "合同金额",
                "金额",
                "经费",
                "合同额",
                "合作金额",
                "项目金额",
                "技术合同成交额",
            ),
            doc=N_("合同金额，万元"),
        ),
        Column(
            "status",
            "name",
            aliases=("状态",),
            choices={
                **dict.fromkeys(("planned", "计划", "拟合作", "洽谈"), "planned"),
                **dict.fromkeys(("ongoing", "进行中", "在研", "执行中"), "ongoing"),
                **dict.fromkeys(("completed", "已完成", "结题", "完成"), "completed"),
            },
        ),
        Column("description", "text", aliases=("合作内容", "描述", "简介")),
    ),
    build=_build_cooperation,
)


NEEDS_TABLE = TableSpec(
    name="needs",
    aliases=("need", "technical_needs", "需求", "技术需求", "企业需求", "企业技术需求"),
    produces=(NodeKind.NEED,),
    doc=N_("企业技术需求（HAS_NEED），供需匹配的输入。"),
    columns=(
        _enterprise("需求企业", "提出单位"),
        Column(
            "title",
            "name",
            required=True,
            as_property=False,
            aliases=("需求名称", "技术需求", "需求", "名称"),
        ),
        Column("description", "text", aliases=("需求描述", "需求内容", "详细描述", "描述")),
        industry_column(),
        Column("keywords", "list", aliases=("关键词",)),
        Column(
            "budget",
            "money",
            unit="万元",
            aliases=("预算", "拟投入资金", "投入金额"),
            doc=N_("企业拟投入的资金，万元"),
        ),
        Column("mode", "name", aliases=("合作方式", "期望合作方式"), choices=COOPERATION_TYPES),
        Column("year", "year", aliases=("年度", "年份", "提出年份")),
        Column("deadline", "date", aliases=("截止日期", "期限")),
        Column(
            "status",
            "name",
            aliases=("状态", "对接状态"),
            choices={
                **dict.fromkeys(("open", "待对接", "征集中"), "open"),
                **dict.fromkeys(("matched", "已对接", "对接中"), "matched"),
                **dict.fromkeys(("solved", "已解决"), "solved"),
                **dict.fromkeys(("closed", "关闭", "已关闭"), "closed"),
            },
        ),
    ),
    build=entity_builder(
        NodeKind.NEED,
        name="title",
        key=key_under("enterprise"),
        owner="enterprise",
        edges=(edge_from("enterprise", EdgeKind.HAS_NEED), links),
    ),
)


RESULTS_TABLE = TableSpec(
    name="results",
    aliases=("result", "achievements", "成果", "科技成果", "成果清单"),
    produces=(NodeKind.RESULT,),
    doc=N_("高校院所的科技成果和专利（HAS_RESULT）。"),
    columns=(
        _institution("成果单位", "完成单位", "权利人"),
        Column(
            "title",
            "name",
            required=True,
            as_property=False,
            aliases=("成果名称", "专利名称", "名称"),
        ),
        Column(
            "type",
            "name",
            aliases=("类型", "成果类型"),
            choices={
                **dict.fromkeys(
                    ("patent", "专利", "发明专利", "实用新型", "实用新型专利"), "patent"
                ),
                **dict.fromkeys(("achievement", "科技成果", "成果"), "achievement"),
                **dict.fromkeys(("variety", "品种", "新品种", "植物新品种"), "variety"),
                **dict.fromkeys(("software", "软件著作权", "软著"), "software"),
                **dict.fromkeys(("standard", "标准"), "standard"),
                **dict.fromkeys(("technology", "技术", "工艺"), "technology"),
                **dict.fromkeys(("other", "其他"), "other"),
            },
        ),
        Column(
            "patent_no",
            "code",
            aliases=("专利号", "申请号", "专利申请号"),
            doc=N_("专利号；填写时作为节点编号"),
        ),
        Column("year", "year", aliases=("年度", "年份", "完成年份")),
        Column("description", "text", aliases=("成果简介", "简介", "描述")),
        Column("keywords", "list", aliases=("关键词",)),
        industry_column(),
        Column(
            "maturity",
            "name",
            aliases=("成熟度", "阶段", "技术成熟度"),
            choices={
                **dict.fromkeys(("lab", "实验室", "小试"), "lab"),
                **dict.fromkeys(("pilot", "中试"), "pilot"),
                **dict.fromkeys(("industrial", "产业化", "量产", "工业化"), "industrial"),
            },
        ),
        Column(
            "transfer_mode", "list", aliases=("转化方式", "合作方式"), choices=COOPERATION_TYPES
        ),
    ),
    build=entity_builder(
        NodeKind.RESULT,
        name="title",
        key=key_under("institution", unless="patent_no"),
        owner="institution",
        edges=(edge_from("institution", EdgeKind.HAS_RESULT), links),
    ),
)
