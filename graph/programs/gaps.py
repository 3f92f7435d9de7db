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
        return f"{float(value):g} years"
    if unit == "flag":
        return "yes" if value else "no"
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
    shown = f"{format_value(value, condition.unit)} of {format_value(threshold, condition.unit)}"
    metric = condition.metric
    if metric in {"rd_ratio_3y", "rd_ratio_last"} and "revenue" in parts:
        years = parts.get("years", Fraction(1))
        per_year = (threshold * parts["revenue"] - parts["rd_expense"]) / years
        points = (threshold - value) * 100
        return (
            f"{label} {shown} needed: +{float(points):.2f} pp, "
            f"about {_wan(per_year)} more R&D per year"
        )
    if metric == "tech_staff_share" and "employees" in parts:
        staff, employees = parts["tech_staff"], parts["employees"]
        # Hiring x tech staff also adds x employees: (t + x) / (e + x) >= p.
        hires = math.ceil((threshold * employees - staff) / (1 - threshold)) if threshold < 1 else 0
        reassign = math.ceil(threshold * employees - staff)
        return (
            f"{label} {shown} needed: hire {hires} more tech staff, "
            f"or count {reassign} more of the present staff as tech staff"
        )
    if metric == "hightech_revenue_share" and "revenue" in parts:
        more = threshold * parts["revenue"] - parts["hightech_revenue"]
        return f"{label} {shown} needed: about {_wan(more)} more high-tech product revenue"
    if metric == "domestic_rd_share_3y" and "rd_expense" in parts:
        # Moving x of foreign R&D home: (d + x) / r >= p.
        more = threshold * parts["rd_expense"] - parts["rd_expense_domestic"]
        return f"{label} {shown} needed: about {_wan(more)} more R&D spent in China over the period"
    if metric == "owned_ip_count":
        needed = math.ceil(threshold - value)
        return (
            f"{label}: {int(value)} owned IP, {int(threshold)} needed: obtain {needed} "
            "(file patents or software copyrights, or acquire IP by transfer)"
        )
    if metric == "years_registered" and "days" in parts:
        return f"{label}: registered {int(value)} years, {int(threshold)} needed: wait"
    if condition.op in {"<=", "<"}:
        over = value - threshold
        return (
            f"{label}: {format_value(value, condition.unit)} is above the limit "
            f"{format_value(threshold, condition.unit)} by {format_value(over, condition.unit)}"
        )
    return f"{label}: {shown} needed"
