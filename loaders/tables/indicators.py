"""The ``enterprise_indicators`` table: an enterprise's annual statistics, one row per year.

Columns (money in 万元): ``enterprise`` (name or unified social credit code), ``year``,
``founded``, ``employees``, ``tech_staff``, ``rd_staff_fte``, ``revenue``, ``rd_expense``,
``rd_expense_domestic``, ``hightech_revenue``, ``invention_patents``, ``utility_patents``,
``software_copyrights``, ``other_ip``, ``has_rd_institution``, and two optional ones the
tech-SME evaluation uses, ``total_assets`` and ``total_cost``. Chinese headers
(``企业名称``, ``年度``, ``营业收入（万元）``...) are accepted too.

Each row sets ``<field>_<year>`` properties on the Enterprise node (``revenue_2020``) and
``founded`` as a date; a blank cell sets nothing (the rules treat it as unknown, never as
0). An enterprise not yet in the graph is created from the row, with the row as provenance.

A value is left out (the rest of the row loads), naming the column, when a count or amount
is negative or when a part is larger than its whole (tech staff above employees, domestic
R&D above R&D, high-tech revenue above revenue).

>>> spec = INDICATORS_TABLE
>>> spec.column_for_header("研发费用（万元）").name
'rd_expense'
>>> annual_properties({"year": 2020, "revenue": 5000.0, "employees": 80, "tech_staff": None})
{'employees_2020': 80, 'revenue_2020': 5000.0}
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date

from graph.i18n import N_, _
from graph.model import Edge, Node, NodeKind, PropertyValue
from loaders.tables.cells import CellError, CellValue
from loaders.tables.columns import Column
from loaders.tables.rows import Row
from loaders.tables.specs import TableSpec

__all__ = ["ANNUAL_COLUMNS", "INDICATORS_TABLE", "annual_properties"]

_MONEY = "money"
ANNUAL_COLUMNS: tuple[Column, ...] = (
    Column(
        "employees",
        "int",
        aliases=("职工总数", "从业人员", "职工人数", "员工人数"),
        doc=N_("年末职工人数（人）"),
    ),
    Column(
        "tech_staff",
        "int",
        aliases=("科技人员", "科技人员数"),
        doc=N_("从事研发和相关技术创新活动的科技人员（人）"),
    ),
    Column(
        "rd_staff_fte",
        "number",
        aliases=("研发人员折合全时当量", "R&D人员折合全时当量"),
        doc=N_("研发人员全时当量（人年）"),
    ),
    Column(
        "revenue",
        _MONEY,
        aliases=("营业收入", "销售收入", "年销售收入", "主营业务收入", "营业收入总额"),
        doc=N_("销售收入（万元）"),
    ),
    Column(
        "rd_expense",
        _MONEY,
        aliases=(
            "研发费用",
            "研究开发费用",
            "研发投入",
            "研发经费",
            "研发经费支出",
            "R&D经费支出",
            "R&D经费内部支出",
            "研究与试验发展经费支出",
            "研发费用总额",
            "研发投入金额",
        ),
        doc=N_("研发费用（万元）"),
    ),
    Column(
        "rd_share",
        "percent",
        unit="%",
        aliases=(
            "研发经费占营业收入比重",
            "R&D经费占营业收入比重",
            "研发费用占营业收入比重",
            "研发投入强度",
            "研发经费投入强度",
            "R&D经费投入强度",
            "研发投入占比",
            "研发费用占比",
            "研发费用占销售收入比例",
        ),
        doc=N_("研发费用占收入的比例，百分数（3.5% 写 3.5）"),
    ),
    Column(
        "rd_expense_domestic",
        _MONEY,
        aliases=("境内研发费用", "境内研究开发费用"),
        doc=N_("在境内发生的研发费用（万元）"),
    ),
    Column(
        "hightech_revenue",
        _MONEY,
        aliases=("高新技术产品收入", "高新技术产品（服务）收入"),
        doc=N_("高新技术产品（服务）收入（万元）"),
    ),
    Column("invention_patents", "int", aliases=("发明专利",), doc=N_("有效发明专利数")),
    Column(
        "utility_patents",
        "int",
        aliases=("实用新型专利", "实用新型"),
        doc=N_("有效实用新型专利数"),
    ),
    Column("software_copyrights", "int", aliases=("软件著作权", "软著"), doc=N_("软件著作权数")),
    Column(
        "other_ip",
        "int",
        aliases=("其他知识产权",),
        doc=N_("其他自有知识产权（外观设计、植物新品种、集成电路布图设计……）"),
    ),
    Column(
        "has_rd_institution",
        "bool",
        aliases=("有研发机构", "是否有研发机构"),
        doc=N_("是否有自己的研发机构"),
    ),
    Column(
        "total_assets",
        _MONEY,
        aliases=("资产总额", "总资产"),
        doc=N_("资产总额（万元；可不填，用于科技型中小企业规模条件）"),
    ),
    Column(
        "total_cost",
        _MONEY,
        aliases=("成本费用支出总额", "成本费用总额"),
        doc=N_("成本费用总额（万元；可不填，用于科技型中小企业研发评分）"),
    ),
)
"""The per-year columns; each becomes ``<column>_<year>`` on the Enterprise node."""

_PARTS = (
    ("tech_staff", "employees", N_("科技人员不能多于职工")),
    ("rd_expense_domestic", "rd_expense", N_("境内研发费用不能多于研发费用总额")),
    ("hightech_revenue", "revenue", N_("高新技术产品（服务）收入不能多于营业收入")),
)
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def annual_properties(values: Mapping[str, CellValue]) -> dict[str, PropertyValue]:
    """The ``<field>_<year>`` properties of one row's values (blank cells left out)."""
    year = values["year"]
    out: dict[str, PropertyValue] = {}
    for column in sorted(ANNUAL_COLUMNS, key=lambda c: c.name):
        value = values.get(column.name)
        if value is None or isinstance(value, list):
            continue
        out[f"{column.name}_{year}"] = value
    return out


def _check(row: Row) -> None:
    """Leave out a negative count or amount, and a part larger than its whole."""
    for column in ANNUAL_COLUMNS:
        value = row.values.get(column.name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            row.drop(column.name, _("{value} 是负数").format(value=repr(value)))
    for part, whole, why in _PARTS:
        a, b = row.values.get(part), row.values.get(whole)
        if isinstance(a, int | float) and isinstance(b, int | float) and a > b:
            row.drop(
                part,
                _("{value} 大于 {whole} {other}（{why}）").format(
                    value=repr(a), whole=whole, other=repr(b), why=_(why)
                ),
            )


def _build(row: Row) -> Iterator[Node | Edge]:
    enterprise = row.ref("enterprise")
    if enterprise is None:  # a required column; the loader rejects blank cells before this
        raise CellError(_("enterprise 列是空的"))
    _check(row)
    properties = {**row.extras(), **annual_properties(row.values)}
    founded = row.value("founded")
    if isinstance(founded, date):
        properties["founded"] = founded
    if _CREDIT_CODE.match(enterprise.surface.upper()):
        properties["credit_code"] = enterprise.surface.upper()
    yield row.update(enterprise, properties)


INDICATORS_TABLE = TableSpec(
    name="enterprise_indicators",
    aliases=(
        "indicators",
        "企业指标",
        "企业年度指标",
        "科技统计",
        "研发投入",
        "研发情况",
        "研发统计",
        "R&D",
        "研发经费",
    ),
    columns=(
        Column(
            "enterprise",
            "name",
            required=True,
            ref=(NodeKind.ENTERPRISE,),
            create=True,
            aliases=(
                "企业",
                "企业名称",
                "统一社会信用代码",
                "单位名称",
                "企业全称",
                "单位全称",
                "企业(单位)名称",
                "公司名称",
            ),
            doc=N_("企业名称或统一社会信用代码"),
        ),
        Column(
            "year",
            "year",
            required=True,
            aliases=("年度", "年份", "统计年度", "报告年度"),
            doc=N_("统计年度（或写在列上方的年份：2022年）"),
        ),
        Column(
            "founded",
            "date",
            aliases=("成立日期", "注册日期", "成立时间"),
            doc=N_("注册日期"),
        ),
        *ANNUAL_COLUMNS,
    ),
    build=_build,
    doc=N_("企业年度统计：人员、收入、研发、知识产权（金额单位万元）。"),
)
