"""The R&D statistics indicators of the work plan's item 1, per district and per industry.

Share of enterprises with R&D activity, share with an R&D institution, R&D staff FTE and
R&D intensity (summed R&D expense over summed revenue), for one year, counting only the
enterprises whose values are known (and saying how many those are). Industries come from
Enterprise -IN_INDUSTRY-> Industry; an enterprise in two industries counts in both.
"""

from __future__ import annotations

from fractions import Fraction

from pydantic import BaseModel

from graph.model import EdgeKind, Node
from graph.programs.evaluate import indicator_enterprises
from graph.programs.facts import EnterpriseFacts
from graph.stores.base import GraphStore

__all__ = ["IndicatorRow", "rd_indicators"]


class IndicatorRow(BaseModel):
    """The R&D statistics of one scope (the district or an industry) for one year."""

    scope: str
    year: int
    enterprises: int
    rd_active: int
    rd_known: int
    rd_active_share: float | None
    with_rd_institution: int
    rd_institution_known: int
    rd_institution_share: float | None
    rd_staff_fte: float
    rd_staff_fte_known: int
    rd_expense: float
    revenue: float
    rd_intensity: float | None
    """Summed R&D expense over summed revenue of the enterprises that report both."""


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 6)


def _row(scope: str, year: int, facts: list[EnterpriseFacts]) -> IndicatorRow:
    rd_known = [f.get("rd_expense", year) for f in facts]
    rd_values = [v for v in rd_known if v is not None]
    institutions = [f.get("has_rd_institution", year) for f in facts]
    known_institutions = [v for v in institutions if v is not None]
    fte = [v for v in (f.get("rd_staff_fte", year) for f in facts) if v is not None]
    rd_sum = revenue_sum = Fraction(0)
    for f in facts:
        rd, revenue = f.get("rd_expense", year), f.get("revenue", year)
        if rd is not None and revenue is not None:
            rd_sum += rd
            revenue_sum += revenue
    return IndicatorRow(
        scope=scope,
        year=year,
        enterprises=len(facts),
        rd_active=sum(1 for v in rd_values if v > 0),
        rd_known=len(rd_values),
        rd_active_share=_share(sum(1 for v in rd_values if v > 0), len(rd_values)),
        with_rd_institution=sum(1 for v in known_institutions if v),
        rd_institution_known=len(known_institutions),
        rd_institution_share=_share(
            sum(1 for v in known_institutions if v), len(known_institutions)
        ),
        rd_staff_fte=round(float(sum(fte, Fraction(0))), 6),
        rd_staff_fte_known=len(fte),
        rd_expense=round(float(rd_sum), 6),
        revenue=round(float(revenue_sum), 6),
        rd_intensity=None if revenue_sum == 0 else round(float(rd_sum / revenue_sum), 6),
    )


def rd_indicators(
    store: GraphStore, *, year: int | None = None, scope_name: str = "district"
) -> list[IndicatorRow]:
    """The item-1 indicators for ``year`` (default: the latest year any enterprise reports):
    the district (first row), its above-scale enterprises (``above_scale``; the plan's
    R&D staff FTE is counted on them), then each industry."""
    nodes: list[Node] = indicator_enterprises(store)
    facts = {n.id: EnterpriseFacts.from_properties(n.properties) for n in nodes}
    years = [y for f in facts.values() for y in f.annual]
    if not years:
        return []
    chosen = year if year is not None else max(years)
    reporting = {i: f for i, f in facts.items() if chosen in f.annual}
    rows = [_row(scope_name, chosen, list(reporting.values()))]
    above = [
        f
        for n in nodes
        if n.id in reporting and n.properties.get("above_scale") is True
        for f in [reporting[n.id]]
    ]
    if above:
        rows.append(_row("above_scale", chosen, above))
    by_industry: dict[str, list[EnterpriseFacts]] = {}
    for node_id, f in reporting.items():
        for n in store.neighbours(node_id, edge_kinds=[EdgeKind.IN_INDUSTRY], direction="out"):
            by_industry.setdefault(n.node.name, []).append(f)
    rows += [_row(name, chosen, group) for name, group in sorted(by_industry.items())]
    return rows
