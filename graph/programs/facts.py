"""An enterprise's annual indicators as exact numbers, and the metrics rules are written in.

The indicators table (``loaders/tables/indicators.py``) stores per-year values on the Enterprise
node as ``<field>_<year>`` properties (``revenue_2020``) and the founding date as
``founded``. :class:`EnterpriseFacts` reads them back as :class:`fractions.Fraction` so
every threshold test is exact: 5.00% passes a 5% threshold, 4.99% does not.

A *metric* is a named quantity a rule file may test (``tech_staff_share``,
``rd_ratio_3y`` ...). Each returns a :class:`Measure`: the value (``None`` when the data
cannot show it), the fields that were missing, and the parts it was computed from, which
the gap explanations use.

Examples
--------
>>> facts = EnterpriseFacts.from_properties(
...     {"employees_2020": 200, "tech_staff_2020": 20, "founded": date(2015, 3, 1)}
... )
>>> facts.reference_year
2020
>>> measure("tech_staff_share", facts).value
Fraction(1, 10)
>>> measure("rd_ratio_3y", facts).missing[:2]
['revenue_2018', 'rd_expense_2018']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from graph.errors import InvalidRecord
from graph.i18n import _
from graph.model import PropertyValue
from graph.render.fields import field_label

__all__ = [
    "ANNUAL_FIELDS",
    "METRICS",
    "EnterpriseFacts",
    "Measure",
    "exact",
    "measure",
]

ANNUAL_FIELDS = (
    "employees",
    "tech_staff",
    "rd_staff_fte",
    "revenue",
    "rd_expense",
    "rd_expense_domestic",
    "hightech_revenue",
    "invention_patents",
    "utility_patents",
    "software_copyrights",
    "other_ip",
    "has_rd_institution",
    "total_assets",
    "total_cost",
)
"""Fields stored per year on an Enterprise node (money in 万元)."""

_ANNUAL = re.compile(r"^(?P<field>[a-z_]+)_(?P<year>(19|20)\d\d)$")


def exact(value: PropertyValue | Fraction | Decimal) -> Fraction:
    """A stored number as an exact fraction; floats go through their shortest decimal form.

    >>> exact(0.1)
    Fraction(1, 10)
    >>> exact("5000")
    Fraction(5000, 1)
    >>> exact(True)
    Fraction(1, 1)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, int | Decimal):
        return Fraction(value)
    if isinstance(value, float | str):
        try:
            return Fraction(Decimal(repr(value) if isinstance(value, float) else value.strip()))
        except (InvalidOperation, ValueError) as exc:
            raise InvalidRecord(f"{value!r} is not a number") from exc
    raise InvalidRecord(f"{value!r} is not a number")


@dataclass(frozen=True)
class Measure:
    """A metric's value for one enterprise, or why it is unknown."""

    value: Fraction | None
    missing: list[str] = field(default_factory=list)
    parts: dict[str, Fraction] = field(default_factory=dict)
    note: str = ""
    partial: bool = False
    """``value`` is a lower bound: a sum of counts some of which are missing."""

    @property
    def known(self) -> bool:
        """Whether the data shows the exact value."""
        return self.value is not None and not self.partial


@dataclass(frozen=True)
class EnterpriseFacts:
    """Per-year indicators and the founding date of one enterprise."""

    annual: dict[int, dict[str, Fraction]]
    founded: date | None = None
    flags: dict[str, PropertyValue] = field(default_factory=dict)
    reference: int | None = None
    as_of: date | None = None
    programs: Mapping[str, str] = field(default_factory=dict)
    """Verdicts of other programmes (``{"hte": "eligible"}``), for rules that depend on them."""

    @classmethod
    def from_properties(
        cls,
        properties: Mapping[str, PropertyValue],
        *,
        reference_year: int | None = None,
        as_of: date | None = None,
    ) -> EnterpriseFacts:
        """Read ``<field>_<year>`` properties and ``founded`` from a node's properties."""
        annual: dict[int, dict[str, Fraction]] = {}
        flags: dict[str, PropertyValue] = {}
        for name, value in properties.items():
            match = _ANNUAL.match(name)
            if match and match["field"] in ANNUAL_FIELDS:
                if value is None or value == "":
                    continue
                year = int(match["year"])
                annual.setdefault(year, {})[match["field"]] = exact(value)
            else:
                flags[name] = value
        founded = properties.get("founded")
        if isinstance(founded, int) and not isinstance(founded, bool) and 1800 < founded < 2200:
            # Only the year is known: take its last day, so "registered >= 1 year" is never
            # claimed before it is certain.
            founded = date(founded, 12, 31)
        if isinstance(founded, str):
            try:
                founded = date.fromisoformat(founded)
            except ValueError:
                founded = None
        return cls(
            annual=annual,
            founded=founded if isinstance(founded, date) else None,
            flags=flags,
            reference=reference_year,
            as_of=as_of,
        )

    @property
    def reference_year(self) -> int | None:
        """The "last year" of the rules: the one given, else the latest year with data."""
        if self.reference is not None:
            return self.reference
        return max(self.annual) if self.annual else None

    @property
    def as_of_date(self) -> date | None:
        """The day conditions are judged on: the given date, else 1 January after the reference
        year (when a certification round for that year's figures opens)."""
        if self.as_of is not None:
            return self.as_of
        year = self.reference_year
        return date(year + 1, 1, 1) if year is not None else None

    def get(self, name: str, year: int | None) -> Fraction | None:
        """One field of one year, or None."""
        if year is None:
            return None
        return self.annual.get(year, {}).get(name)


Metric = Callable[[EnterpriseFacts], Measure]


def _field(name: str) -> Metric:
    def metric(facts: EnterpriseFacts) -> Measure:
        year = facts.reference_year
        value = facts.get(name, year)
        if value is None:
            return Measure(None, missing=[f"{name}_{year}" if year else name])
        return Measure(value, parts={name: value})

    return metric


def _share(numerator: str, denominator: str) -> Metric:
    def metric(facts: EnterpriseFacts) -> Measure:
        year = facts.reference_year
        top, bottom = facts.get(numerator, year), facts.get(denominator, year)
        missing = [f"{n}_{year}" for n, v in ((numerator, top), (denominator, bottom)) if v is None]
        if top is None or bottom is None:
            return Measure(None, missing=missing)
        if bottom == 0:
            return Measure(
                None,
                missing=[],
                note=_("{field}为 0").format(field=field_label(f"{denominator}_{year}")),
            )
        return Measure(top / bottom, parts={numerator: top, denominator: bottom})

    return metric


def _window(facts: EnterpriseFacts, years: int) -> list[int]:
    """The last ``years`` accounting years, fewer for an enterprise founded inside them
    (HTE rules: "企业注册成立时间不足三年的，按实际经营年限计算")."""
    last = facts.reference_year
    if last is None:
        return []
    first = last - years + 1
    if facts.founded is not None and facts.founded.year > first:
        first = min(facts.founded.year, last)
    return list(range(first, last + 1))


def _window_share(numerator: str, denominator: str, years: int = 3) -> Metric:
    def metric(facts: EnterpriseFacts) -> Measure:
        window = _window(facts, years)
        if not window:
            return Measure(None, missing=[numerator, denominator])
        missing: list[str] = []
        top = bottom = Fraction(0)
        for year in window:
            for name in (denominator, numerator):
                if facts.get(name, year) is None:
                    missing.append(f"{name}_{year}")
            top += facts.get(numerator, year) or 0
            bottom += facts.get(denominator, year) or 0
        if missing:
            return Measure(None, missing=missing)
        if bottom == 0:
            return Measure(
                None,
                note=_("{field}在 {first}—{last} 年合计为 0").format(
                    field=field_label(denominator), first=window[0], last=window[-1]
                ),
            )
        parts = {numerator: top, denominator: bottom, "years": Fraction(len(window))}
        return Measure(top / bottom, parts=parts)

    return metric


def _sum(*names: str) -> Metric:
    def metric(facts: EnterpriseFacts) -> Measure:
        year = facts.reference_year
        values = {n: facts.get(n, year) for n in names}
        missing = [f"{n}_{year}" for n, v in values.items() if v is None]
        parts = {n: v for n, v in values.items() if v is not None}
        if not parts:
            return Measure(None, missing=missing)
        # Counts are never negative, so the known parts bound the sum from below.
        total = sum(parts.values(), Fraction(0))
        return Measure(total, missing=missing, parts=parts, partial=bool(missing))

    return metric


def _years_registered(facts: EnterpriseFacts) -> Measure:
    as_of = facts.as_of_date
    if facts.founded is None or as_of is None:
        return Measure(None, missing=["founded"])
    whole = as_of.year - facts.founded.year
    if (as_of.month, as_of.day) < (facts.founded.month, facts.founded.day):
        whole -= 1
    return Measure(Fraction(whole), parts={"days": Fraction((as_of - facts.founded).days)})


def _flag(name: str) -> Metric:
    def metric(facts: EnterpriseFacts) -> Measure:
        value = facts.flags.get(name)
        if value is None or value == "":
            return Measure(None, missing=[name])
        if isinstance(value, bool):
            return Measure(Fraction(int(value)))
        if isinstance(value, str):
            return Measure(Fraction(int(value.strip().lower() in {"1", "true", "yes", "是"})))
        return Measure(None, missing=[name])

    return metric


def _province(facts: EnterpriseFacts) -> Measure:
    """The two-digit province code: from a ``province`` flag set by the graph reader (the
    enterprise's LOCATED_IN region), else characters 3-4 of its unified social credit code."""
    province = facts.flags.get("province")
    if isinstance(province, str) and province.isdigit():
        return Measure(Fraction(int(province)))
    code = facts.flags.get("credit_code")
    if isinstance(code, str) and len(code) == 18 and code[2:4].isdigit():
        return Measure(Fraction(int(code[2:4])))
    return Measure(None, missing=["province (LOCATED_IN or credit code)"])


def _program(name: str) -> Metric:
    def metric(facts: EnterpriseFacts) -> Measure:
        verdict = facts.programs.get(name)
        if verdict is None or verdict == "unknown":
            return Measure(None, missing=[f"{name} verdict"])
        return Measure(Fraction(int(verdict == "eligible")))

    return metric


METRICS: dict[str, Metric] = {
    "years_registered": _years_registered,
    "employees": _field("employees"),
    "revenue_last": _field("revenue"),
    "total_assets": _field("total_assets"),
    "rd_expense_last": _field("rd_expense"),
    "rd_staff_fte": _field("rd_staff_fte"),
    "has_rd_institution": _field("has_rd_institution"),
    "invention_patents": _field("invention_patents"),
    "owned_ip_count": _sum(
        "invention_patents", "utility_patents", "software_copyrights", "other_ip"
    ),
    "class1_ip_count": _field("invention_patents"),
    "class2_ip_count": _sum("utility_patents", "software_copyrights"),
    "tech_staff_share": _share("tech_staff", "employees"),
    "rd_ratio_last": _share("rd_expense", "revenue"),
    "rd_cost_ratio_last": _share("rd_expense", "total_cost"),
    "rd_ratio_3y": _window_share("rd_expense", "revenue"),
    "domestic_rd_share_3y": _window_share("rd_expense_domestic", "rd_expense"),
    "hightech_revenue_share": _share("hightech_revenue", "revenue"),
    "province": _province,
    "hte_certified": _flag("hte"),
    "program_hte": _program("hte"),
    "program_sme": _program("sme"),
}
"""Every metric a rule file may name."""


def measure(metric: str, facts: EnterpriseFacts) -> Measure:
    """The value of ``metric`` for ``facts``; `InvalidRecord` for an unknown metric name."""
    try:
        function = METRICS[metric]
    except KeyError:
        known = ", ".join(sorted(METRICS))
        raise InvalidRecord(f"unknown metric {metric!r}; known metrics: {known}") from None
    return function(facts)
