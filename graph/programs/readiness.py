"""Readiness: one enterprise against one programme, condition by condition, with the gaps.

The verdict is ``eligible`` when every condition the data can show passes (and the score,
if any, reaches its minimum), ``not_yet`` when one of them fails, and ``unknown`` when none
fails but a value is missing: a missing value never makes an enterprise eligible.
Conditions no table holds are listed under ``to_check_by_hand`` and do not block.

Examples
--------
>>> from graph.programs.rules import load_rules
>>> hte = load_rules()["hte"]
>>> facts = EnterpriseFacts.from_properties({"employees_2020": 100, "tech_staff_2020": 9})
>>> result = assess(hte, facts)
>>> result.verdict
'not_yet'
>>> [c.passed for c in result.conditions if c.name == "tech_staff_share"]
[False]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, Field

from graph.i18n import N_, _
from graph.programs.facts import EnterpriseFacts, Measure, exact, measure
from graph.programs.gaps import describe_gap, format_value
from graph.programs.rules import Condition, Program, Score
from graph.render.fields import field_label

__all__ = [
    "Assessment",
    "ConditionCheck",
    "ScorePart",
    "Verdict",
    "assess",
    "check_condition",
    "rank_assessments",
]

Verdict = Literal["eligible", "not_yet", "unknown"]


class ConditionCheck(BaseModel):
    """One condition: its value, threshold and whether it passed (None: unknown)."""

    name: str
    label: str
    short: str | None = None
    """A short name for tables (the rule's ``short``)."""
    article: str | None = None
    op: str
    value: float | None
    threshold: float | None
    unit: str
    passed: bool | None
    shown: str
    """The value and threshold as a person reads them: ``2.10% < 3.00%``."""
    gap: str | None = None
    shortfall: float = 0.0
    """How far from passing, relative to the threshold (0 when passed or unknown)."""


class ScorePart(BaseModel):
    """One scored component: the points it gives and from which option."""

    name: str
    label: str
    points: int | None
    """The points, None while missing data could still raise them."""
    min_points: int = 0
    """The points the data already shows."""
    max_points: int
    detail: str


class Assessment(BaseModel):
    """An enterprise against a programme."""

    program: str
    enterprise: str
    id: str
    verdict: Verdict
    reference_year: int | None = None
    conditions: list[ConditionCheck] = Field(default_factory=list)
    score: int | None = None
    score_parts: list[ScorePart] = Field(default_factory=list)
    direct: list[str] = Field(default_factory=list)
    """Direct-qualification conditions the data shows as met."""
    gaps: list[str] = Field(default_factory=list)
    to_check_by_hand: list[str] = Field(default_factory=list)
    synthetic: bool = False
    """The verdict rests on example data: a fact of the enterprise comes from a synthetic row."""
    certified: bool | None = None
    """The enterprise holds a valid HTE certificate (None: no table says)."""
    certified_year: int | None = None
    certificate_number: str | None = None
    renewal_year: int | None = None
    """The year the HTE certificate must be renewed (three years after certification)."""

    def public(self) -> dict[str, object]:
        """The list shape of ``ttkg hte --json``."""
        return {
            "enterprise": self.enterprise,
            "id": self.id,
            "verdict": self.verdict,
            "synthetic": self.synthetic,
            "certified": self.certified,
            "certified_year": self.certified_year,
            "certificate_number": self.certificate_number,
            "renewal_year": self.renewal_year,
            "conditions": [
                {"name": c.name, "value": c.value, "threshold": c.threshold, "passed": c.passed}
                for c in self.conditions
            ],
            "gaps": list(self.gaps),
        }

    @property
    def distance(self) -> tuple[int, int, int, float]:
        """Sort key of cultivation lists: verdict, failed and unknown conditions, shortfall."""
        order = {"eligible": 0, "not_yet": 1, "unknown": 2}[self.verdict]
        failed = sum(1 for c in self.conditions if c.passed is False)
        unknown = sum(1 for c in self.conditions if c.passed is None)
        return (order, failed, unknown, sum(c.shortfall for c in self.conditions))


def _compare(value: Fraction, op: str, threshold: Fraction) -> bool:
    if op == ">=":
        return value >= threshold
    if op == ">":
        return value > threshold
    if op == "<=":
        return value <= threshold
    if op == "<":
        return value < threshold
    return value == threshold


def _number(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 6)


_MISSING_LABELS = {
    "province (LOCATED_IN or credit code)": N_("所在省份（所在地区或统一社会信用代码）"),
}


def missing_label(key: str) -> str:
    """A missing field as the reader knows it: ``研发费用（2018年，万元）`` for ``rd_expense_2018``.

    >>> missing_label("employees_2020")
    '从业人员（2020年，人）'
    """
    label = _MISSING_LABELS.get(key)
    return _(label) if label else field_label(key)


def check_condition(condition: Condition, facts: EnterpriseFacts) -> ConditionCheck:
    """Test one data condition (one with a metric) against ``facts``."""
    if condition.metric is None:
        # i18n: ok: a caller passed a manual condition; the readiness check only passes data ones
        raise ValueError(f"condition {condition.id!r} is checked by hand")
    found = measure(condition.metric, facts)
    threshold: Fraction | None = None
    missing = list(found.missing)
    if condition.threshold is not None:
        threshold = exact(condition.threshold)
    elif condition.bands is not None:
        band_value = measure(condition.bands.metric, facts)
        if band_value.value is None:
            missing += band_value.missing
        else:
            for band in condition.bands.cases:
                if band.max is None or band_value.value <= exact(band.max):
                    threshold = exact(band.threshold)
                    break
    base = {
        "name": condition.id,
        "label": condition.label,
        "short": condition.short,
        "article": condition.article,
        "op": condition.op,
        "unit": condition.unit,
        "value": _number(found.value),
        "threshold": _number(threshold),
    }
    passed: bool | None = None
    if found.value is not None and threshold is not None:
        passed = _compare(found.value, condition.op, threshold)
        if found.partial:
            # A lower bound settles ">=" when it passes and "<=" when it fails; else unknown.
            settles = passed if condition.op in (">=", ">") else not passed
            passed = passed if settles and condition.op != "==" else None
    if passed is None or found.value is None or threshold is None:
        label = condition.short or condition.label
        fields = "、".join(dict.fromkeys(missing_label(m) for m in missing))
        unknown = (
            _("{label}：未知，请补填 {fields}").format(label=label, fields=fields)
            if missing
            else _("{label}：未知（{why}）").format(label=label, why=found.note or _("无数据"))
        )
        shown_threshold = format_value(threshold, condition.unit)
        return ConditionCheck(
            **{**base, "value": None},
            passed=None,
            shown=f"? {condition.op} {shown_threshold}",
            gap=unknown,
        )
    relation = condition.op if passed else _negate(condition.op)
    shown = (
        (_("至少 ") if found.partial else "")
        + f"{format_value(found.value, condition.unit)} {relation} "
        f"{format_value(threshold, condition.unit)}"
    )
    gap = None if passed else describe_gap(condition, found, threshold)
    return ConditionCheck(
        **base,
        passed=passed,
        shown=shown,
        gap=gap,
        shortfall=0.0 if passed else _shortfall(found.value, threshold),
    )


def _negate(op: str) -> str:
    return {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!="}[op]


def _shortfall(value: Fraction, threshold: Fraction) -> float:
    if threshold == 0:
        return 1.0
    return min(1.0, abs(float((threshold - value) / threshold)))


def _score(score: Score, facts: EnterpriseFacts) -> tuple[list[ScorePart], int, int, list[str]]:
    """Parts, the lowest and highest total the data allows, and options left to check."""
    parts: list[ScorePart] = []
    low = high = 0
    by_hand: list[str] = []
    for component in score.components:
        known: list[tuple[int, str]] = []
        unknown_max = 0
        for option in component.options:
            found: Measure = measure(option.metric, facts)
            if found.value is None:
                if option.optional:
                    by_hand.append(
                        _("{component}：{option}（无数据，可能得分更高）").format(
                            component=component.label, option=option.label
                        )
                    )
                else:
                    unknown_max = max(unknown_max, option.max_points)
                continue
            points = option.points(found.value)
            if found.partial:  # a lower bound: the missing part may score more
                unknown_max = max(unknown_max, option.max_points)
            known.append((points, f"{option.label} {format_value(found.value, 'auto')}"))
        best = max(known, default=None)
        points_low = best[0] if best else 0
        points_high = max(points_low, unknown_max)
        low += points_low
        high += points_high
        certain = best is not None and points_low >= unknown_max
        parts.append(
            ScorePart(
                name=component.id,
                label=component.label,
                points=points_low if certain else None,
                min_points=points_low,
                max_points=component.max_points,
                detail=best[1] if best else _("无数据"),
            )
        )
    return parts, low, high, by_hand


def _score_checks(
    score: Score, facts: EnterpriseFacts, direct_met: list[str]
) -> tuple[list[ConditionCheck], list[ScorePart], int, list[str]]:
    """The score condition and its "not 0" conditions; a direct qualification passes them."""
    parts, low, high, by_hand = _score(score, facts)
    minimum = score.minimum
    passed: bool | None = True if low >= minimum else False if high < minimum else None
    if direct_met:
        passed = True
    if passed:
        gap = None
    elif passed is None:
        gap = _("{label}：现得 {low} 分，需要 {minimum} 分（补齐数据后最多 {high} 分）").format(
            label=score.label, low=low, minimum=minimum, high=high
        )
    else:
        gap = _("{label}：现得 {low} 分，需要 {minimum} 分，还差 {more} 分").format(
            label=score.label, low=low, minimum=minimum, more=minimum - low
        )
    shown = f"{low} {'>=' if low >= minimum else '<'} {minimum}"
    if high > low:
        shown += _("（补齐数据后最多 {high}）").format(high=high)
    if direct_met:
        shown += _("；直接认定：{items}").format(items="、".join(direct_met))
    checks = [
        ConditionCheck(
            name="score",
            label=score.label,
            article=score.article,
            op=">=",
            value=float(low),
            threshold=float(minimum),
            unit="points",
            passed=passed,
            shown=shown,
            gap=gap,
            shortfall=0.0 if passed else (minimum - low) / minimum,
        )
    ]
    for component, part in zip(score.components, parts, strict=True):
        if not component.nonzero:
            continue
        nonzero: bool | None = None  # not yet settled: missing data could score
        if direct_met or part.min_points > 0:
            nonzero = True
        elif part.points == 0:
            nonzero = False
        checks.append(
            ConditionCheck(
                name=f"{component.id}_nonzero",
                label=_("{label}不为0").format(label=component.label),
                article=component.article,
                op=">",
                value=None if part.points is None else float(part.points),
                threshold=0.0,
                unit="points",
                passed=nonzero,
                shown=_("{points} 分").format(
                    points=part.points if part.points is not None else "?"
                ),
                gap=None
                if nonzero
                else _("{label}得 0 分：{detail}").format(
                    label=component.label, detail=part.detail
                ),
                shortfall=0.0 if nonzero else 1.0,
            )
        )
    return checks, parts, low, by_hand


def assess(
    program: Program, facts: EnterpriseFacts, *, enterprise: str = "", node_id: str = ""
) -> Assessment:
    """The verdict of ``program`` for one enterprise's ``facts``, every condition shown."""
    checks = [check_condition(c, facts) for c in program.conditions if not c.manual]
    by_hand = [_manual_text(c) for c in program.conditions if c.manual]
    direct_met = [
        c.label for c in program.direct if not c.manual and check_condition(c, facts).passed is True
    ]
    by_hand += [
        _("直接认定：{condition}").format(condition=_manual_text(c))
        for c in program.direct
        if c.manual
    ]
    score_total: int | None = None
    parts: list[ScorePart] = []
    if program.score is not None:
        score_checks, parts, score_total, optional = _score_checks(program.score, facts, direct_met)
        checks += score_checks
        by_hand += optional
    states = [c.passed for c in checks]
    verdict: Verdict = "not_yet" if False in states else "unknown" if None in states else "eligible"
    return Assessment(
        program=program.id,
        enterprise=enterprise,
        id=node_id,
        verdict=verdict,
        reference_year=facts.reference_year,
        conditions=checks,
        score=score_total,
        score_parts=parts,
        direct=direct_met,
        gaps=[c.gap for c in checks if c.gap],
        to_check_by_hand=by_hand,
    )


def _manual_text(condition: Condition) -> str:
    article = f"（{condition.article}）" if condition.article else ""
    return f"{condition.label}{article}"


def rank_assessments(
    assessments: list[Assessment], *, limit: int | None = None
) -> list[Assessment]:
    """Cultivation list: eligible first, then the fewest and smallest gaps, then unknown."""
    ranked = sorted(assessments, key=lambda a: (*a.distance, a.enterprise))
    return ranked[:limit] if limit is not None else ranked
