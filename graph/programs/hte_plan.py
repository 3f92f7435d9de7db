"""The bureau's HTE question, "who should apply this year": certified firms apart.

A firm that holds the certificate is not a new application: it is listed with its renewal
year (three years after certification) where the data gives it. Of the others, those whose
every data condition passes should apply this year; the rest are cultivated, closest first.
:func:`graph.programs.targets.target_progress` counts the same ``apply`` list for the work
plan's "再申报高企" target, so the two never disagree.

>>> from graph.programs.readiness import Assessment
>>> a = Assessment(program="hte", enterprise="甲", id="e:甲", verdict="eligible", certified=True)
>>> b = Assessment(program="hte", enterprise="乙", id="e:乙", verdict="eligible")
>>> plan = hte_plan([a, b])
>>> [x.enterprise for x in plan.certified], [x.enterprise for x in plan.apply]
(['甲'], ['乙'])
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from graph.programs.readiness import Assessment

__all__ = ["HtePlan", "hte_plan"]


class HtePlan(BaseModel):
    """HTE assessments in three lists: certified, apply this year, cultivate."""

    certified: list[Assessment] = Field(default_factory=list)
    """Firms holding a valid certificate (their renewal year where known)."""
    apply: list[Assessment] = Field(default_factory=list)
    """Not certified, every data condition met: should apply this year."""
    cultivate: list[Assessment] = Field(default_factory=list)
    """Not certified and not yet ready (or unknown), closest first."""


def hte_plan(assessments: Iterable[Assessment]) -> HtePlan:
    """Split ranked HTE assessments; each list keeps their order."""
    plan = HtePlan()
    for a in assessments:
        if a.certified:
            plan.certified.append(a)
        elif a.verdict == "eligible":
            plan.apply.append(a)
        else:
            plan.cultivate.append(a)
    return plan
