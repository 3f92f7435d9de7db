"""How a failed condition is closed, in words a bureau officer can act on.

>>> from fractions import Fraction
>>> format_value(Fraction(21, 1000), "ratio")
'2.10%'
>>> format_value(Fraction(5000), "wan")
'5,000万'
"""

from __future__ import annotations

import math
from fractions import Fraction

from graph.i18n import _
from graph.programs.facts import Measure
from graph.programs.rules import Condition

__all__ = ["describe_gap", "format_value"]


def format_value(value: Fraction | None, unit: str) -> str:
    """A value as a person reads it: ratios as percent, money in 万, counts as integers."""
    if value is None:
        return "?"
    if unit == "ratio":
        return f"{float(value * 100):.2f}%"
    if unit == "wan":
        return f"{float(value):,.0f}万" if value.denominator == 1 else f"{float(value):,.2f}万"
    if unit == "years":
        return _("{n}年").format(n=f"{float(value):g}")
    if unit == "flag":
        return _("是") if value else _("否")
    if value.denominator == 1:
        return str(value.numerator)
    if unit == "auto" and value < 1:
        return f"{float(value * 100):.2f}%"
    return f"{float(value):.2f}"


def _wan(value: Fraction) -> str:
    rounded = max(1, round(value)) if value > 0 else 0
    return f"{rounded:,}万"


def describe_gap(condition: Condition, found: Measure, threshold: Fraction) -> str:
    """The gap of a failed condition and how to close it."""
    value = found.value if found.value is not None else Fraction(0)
    parts = found.parts
    label = condition.short or condition.label
    now, needed = format_value(value, condition.unit), format_value(threshold, condition.unit)
    shown = _("{label}：现为 {value}，需要 {threshold}").format(
        label=label, value=now, threshold=needed
    )
    metric = condition.metric
    if metric in {"rd_ratio_3y", "rd_ratio_last"} and "revenue" in parts:
        years = parts.get("years", Fraction(1))
        per_year = (threshold * parts["revenue"] - parts["rd_expense"]) / years
        points = (threshold - value) * 100
        return shown + _("：提高 {points} 个百分点，约每年多投入研发费用 {money}").format(
            points=f"{float(points):.2f}", money=_wan(per_year)
        )
    if metric == "tech_staff_share" and "employees" in parts:
        staff, employees = parts["tech_staff"], parts["employees"]
        # Hiring x tech staff also adds x employees: (t + x) / (e + x) >= p.
        hires = math.ceil((threshold * employees - staff) / (1 - threshold)) if threshold < 1 else 0
        reassign = math.ceil(threshold * employees - staff)
        return shown + _(
            "：新招科技人员 {hires} 人，或将现有职工中 {reassign} 人认定为科技人员"
        ).format(hires=hires, reassign=reassign)
    if metric == "hightech_revenue_share" and "revenue" in parts:
        more = threshold * parts["revenue"] - parts["hightech_revenue"]
        return shown + _("：约需增加高新技术产品收入 {money}").format(money=_wan(more))
    if metric == "domestic_rd_share_3y" and "rd_expense" in parts:
        # Moving x of foreign R&D home: (d + x) / r >= p.
        more = threshold * parts["rd_expense"] - parts["rd_expense_domestic"]
        return shown + _("：期间约需多在境内投入研发费用 {money}").format(money=_wan(more))
    if metric == "owned_ip_count":
        needed_count = math.ceil(threshold - value)
        return _(
            "{label}：现有自主知识产权 {have} 项，需要 {need} 项：还需取得 {more} 项"
            "（申请专利、软件著作权，或通过受让取得）"
        ).format(label=label, have=int(value), need=int(threshold), more=needed_count)
    if metric == "years_registered" and "days" in parts:
        return _("{label}：注册成立 {have} 年，需要 {need} 年：待满期后申报").format(
            label=label, have=int(value), need=int(threshold)
        )
    if metric == "hte_certified":
        return _("{label}：尚未取得高新技术企业证书，须先通过高新技术企业认定").format(label=label)
    if metric in {"program_hte", "program_sme"}:
        return _("{label}：尚未满足").format(label=label)
    if condition.unit == "flag":
        return _("{label}：不满足").format(label=label)
    if condition.op in {"<=", "<"}:
        over = value - threshold
        return _("{label}：{value} 超过上限 {threshold}，超出 {over}").format(
            label=label, value=now, threshold=needed, over=format_value(over, condition.unit)
        )
    return shown
