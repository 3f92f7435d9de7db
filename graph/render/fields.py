"""Field labels in Chinese with units, and the flags of a node, for the details panel.

A node's properties are stored under English keys (``rd_expense_2018``); people read
``研发费用（2018年，万元）``. :data:`FIELD_LABELS` is the catalogue: each key (or annual key
without its year) has a label and, where it has one, a unit; both are message ids, shown through
:func:`graph.i18n._`. A key the catalogue does not know is shown as it is, after the known ones.

Examples
--------
>>> field_label("rd_expense_2018")
'研发费用（2018年，万元）'
>>> field_label("employees")
'从业人员（人）'
>>> field_label("shoe_size")
'shoe_size'
>>> [row[0] for row in fact_rows({"shoe_size": 42, "revenue_2020": 1.5, "revenue_2019": 1.0})]
['营业收入（2020年，万元）', '营业收入（2019年，万元）', 'shoe_size']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from graph.i18n import N_, _

__all__ = [
    "FIELD_LABELS",
    "fact_rows",
    "field_label",
    "node_flags",
    "synthetic_share",
    "value_text",
]

_YUAN = N_("万元")
_PEOPLE = N_("人")
_COUNT = N_("件")

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "revenue": (N_("营业收入"), _YUAN),
    "rd_expense": (N_("研发费用"), _YUAN),
    "rd_expense_domestic": (N_("境内研发费用"), _YUAN),
    "hightech_revenue": (N_("高新技术产品收入"), _YUAN),
    "total_assets": (N_("资产总额"), _YUAN),
    "total_cost": (N_("成本费用总额"), _YUAN),
    "amount": (N_("合同金额"), _YUAN),
    "budget": (N_("预算"), _YUAN),
    "employees": (N_("从业人员"), _PEOPLE),
    "tech_staff": (N_("科技人员"), _PEOPLE),
    "rd_staff_fte": (N_("研发人员全时当量"), N_("人年")),
    "invention_patents": (N_("发明专利"), _COUNT),
    "utility_patents": (N_("实用新型专利"), _COUNT),
    "software_copyrights": (N_("软件著作权"), _COUNT),
    "other_ip": (N_("其他知识产权"), _COUNT),
    "has_rd_institution": (N_("设有研发机构"), ""),
    "above_scale": (N_("规模以上企业"), ""),
    "hte": (N_("高新技术企业（已认定）"), ""),
    "tech_sme": (N_("科技型中小企业（已入库）"), ""),
    "industry": (N_("所属产业"), ""),
    "region": (N_("所在地区"), ""),
    "founded": (N_("成立日期"), ""),
    "products": (N_("主要产品"), ""),
    "description": (N_("描述"), ""),
    "profile": (N_("研究方向"), ""),
    "keywords": (N_("关键词"), ""),
    "type": (N_("类型"), ""),
    "level": (N_("级别"), ""),
    "status": (N_("状态"), ""),
    "year": (N_("年度"), ""),
    "since": (N_("起始年份"), ""),
    "start": (N_("开始日期"), ""),
    "deadline": (N_("截止日期"), ""),
    "mode": (N_("合作方式"), ""),
    "maturity": (N_("成熟度"), ""),
    "transfer_mode": (N_("转化方式"), ""),
    "services": (N_("服务内容"), ""),
    "issuer": (N_("发文机关"), ""),
    "issued": (N_("发布日期"), ""),
    "number": (N_("文号"), ""),
    "summary": (N_("摘要"), ""),
    "eligibility": (N_("适用对象"), ""),
    "indicator": (N_("指标"), ""),
    "value": (N_("目标值"), ""),
    "unit": (N_("单位"), ""),
    "text": (N_("原文"), ""),
    "title": (N_("标题"), ""),
    "code": (N_("代码"), ""),
    "name_en": (N_("英文名称"), ""),
    "project": (N_("项目"), ""),
    "document": (N_("文件"), ""),
    "file": (N_("文件名"), ""),
}
"""Property key (annual keys without their ``_YYYY``) -> (label, unit), both message ids."""

_ANNUAL = re.compile(r"^(?P<field>[a-z_]+)_(?P<year>(19|20)\d\d)$")
_ORDER = {key: i for i, key in enumerate(FIELD_LABELS)}


def _split(key: str) -> tuple[str, str | None]:
    match = _ANNUAL.match(key)
    if match and match["field"] in FIELD_LABELS:
        return match["field"], match["year"]
    return key, None


def field_label(key: str) -> str:
    """The label of a property key in the current language, with its year and unit."""
    field, year = _split(key)
    if field not in FIELD_LABELS:
        return key
    label, unit = FIELD_LABELS[field]
    notes = []
    if year:
        notes.append(_("{year}年").format(year=year))
    if unit:
        notes.append(_(unit))
    if not notes:
        return _(label)
    return _(label) + _("（{notes}）").format(notes=_("，").join(notes))


def value_text(value: Any) -> str:
    """A property value as a reader sees it: 是/否, lists joined with 、, dates as ISO."""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return "、".join(value_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def fact_rows(properties: Mapping[str, Any]) -> list[list[str]]:
    """``[label, value, key]`` per property: catalogue fields in its order (latest year first),
    then the keys it does not know, by name."""

    def order(key: str) -> tuple[int, int, str]:
        field, year = _split(key)
        return (_ORDER.get(field, len(_ORDER)), -int(year or 0), key)

    return [[field_label(k), value_text(properties[k]), k] for k in sorted(properties, key=order)]


def synthetic_share(provenance: Iterable[Any]) -> str:
    """``"all"`` when every provenance record is synthetic, ``"some"`` when some are, else ``""``.

    >>> synthetic_share([{"synthetic": True}]), synthetic_share([{"synthetic": False}, {}])
    ('all', '')
    """
    marks = [bool(p.get("synthetic")) if isinstance(p, Mapping) else False for p in provenance]
    if marks and all(marks):
        return "all"
    return "some" if any(marks) else ""


def node_flags(properties: Mapping[str, Any], synthetic: str) -> list[str]:
    """Short flags shown first in the details panel: example data, certificates, scale."""
    flags = []
    if synthetic == "all":
        flags.append(_("示例数据（合成，非真实记录）"))
    elif synthetic == "some":
        flags.append(_("部分事实为示例数据"))
    if properties.get("hte") is True:
        flags.append(_("已认定高新技术企业"))
    if properties.get("tech_sme") is True:
        flags.append(_("科技型中小企业"))
    if properties.get("above_scale") is True:
        flags.append(_("规模以上"))
    return flags
