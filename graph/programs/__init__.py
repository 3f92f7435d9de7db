"""Bureau programmes: rules as data, readiness and gaps, targets and indicators.

- :mod:`graph.programs.rules` reads the rule files in ``graph/programs/rules/`` (YAML);
- :mod:`graph.programs.facts` turns an enterprise's indicators into exact metrics;
- :mod:`graph.programs.readiness` gives the verdict, every condition and the gaps;
- :mod:`graph.programs.evaluate` runs programmes over the enterprises of a store;
- :mod:`graph.programs.targets` measures the work plan's targets;
- :mod:`graph.programs.statistics` computes the R&D indicators of the work plan's item 1.
"""

from __future__ import annotations

from graph.programs.evaluate import assess_enterprise, assess_program, indicator_enterprises
from graph.programs.facts import EnterpriseFacts, measure
from graph.programs.readiness import Assessment, ConditionCheck, Verdict, assess, rank_assessments
from graph.programs.rules import Program, load_rules
from graph.programs.statistics import IndicatorRow, rd_indicators
from graph.programs.targets import TargetProgress, target_progress

__all__ = [
    "Assessment",
    "ConditionCheck",
    "EnterpriseFacts",
    "IndicatorRow",
    "Program",
    "TargetProgress",
    "Verdict",
    "assess",
    "assess_enterprise",
    "assess_program",
    "indicator_enterprises",
    "load_rules",
    "measure",
    "rank_assessments",
    "rd_indicators",
    "target_progress",
]
