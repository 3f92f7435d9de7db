"""Tech-SME evaluation (科技型中小企业评价办法 第六条-第八条): limits, score, direct route."""

from __future__ import annotations

import pytest

from graph.model import PropertyValue
from graph.programs.readiness import Assessment, assess
from graph.programs.rules import Program
from tests.graph.programs.conftest import facts


def sme(
    *,
    tech: int = 20,
    employees: int = 100,
    rd: float = 40.0,
    revenue: float = 1000.0,
    invention: int = 0,
    utility: int = 3,
    software: int = 0,
    assets: float | None = 5000.0,
    **extra: PropertyValue,
) -> dict[str, PropertyValue]:
    """Defaults score 12 (20% staff) + 30 (4% R&D) + 18 (three class II IP) = 60."""
    props: dict[str, PropertyValue] = {
        "employees_2020": employees,
        "tech_staff_2020": tech,
        "rd_expense_2020": rd,
        "revenue_2020": revenue,
        "invention_patents_2020": invention,
        "utility_patents_2020": utility,
        "software_copyrights_2020": software,
        **extra,
    }
    if assets is not None:
        props["total_assets_2020"] = assets
    return props


def run(programs: dict[str, Program], **kwargs: object) -> Assessment:
    return assess(programs["sme"], facts(sme(**kwargs)))  # type: ignore[arg-type]


def test_exactly_sixty_points_passes(programs: dict[str, Program]) -> None:
    result = run(programs)
    assert result.score == 60
    assert [p.points for p in result.score_parts] == [12, 30, 18]
    assert result.verdict == "eligible"


def test_just_below_a_band_loses_its_points(programs: dict[str, Program]) -> None:
    # 99 of 500 tech staff (19.8%) falls to the 15% band: 8 + 30 + 18 = 56.
    result = run(programs, tech=99, employees=500)
    assert result.score == 56
    assert result.verdict == "not_yet"
    # R&D 3.999% of revenue falls to the 3% band: 12 + 20 + 18 = 50.
    result = run(programs, rd=39.99)
    assert result.score == 50
    assert result.verdict == "not_yet"
    assert any("还差 10 分" in gap for gap in result.gaps)


def test_tech_staff_score_zero_fails_even_with_a_high_score(programs: dict[str, Program]) -> None:
    result = run(programs, tech=9, rd=60.0, invention=1)  # 0 + 50 + 30 = 80
    assert result.score == 80
    assert result.verdict == "not_yet"
    assert next(c.passed for c in result.conditions if c.name == "tech_staff_nonzero") is False


@pytest.mark.parametrize(
    ("field", "value", "passed"),
    [
        ("employees", 500, True),
        ("employees", 501, False),
        ("revenue", 20000.0, True),
        ("revenue", 20000.01, False),
        ("assets", 20000.0, True),
        ("assets", 20000.01, False),
    ],
)
def test_size_limits_are_inclusive(
    programs: dict[str, Program], field: str, value: float, passed: bool
) -> None:
    kwargs: dict[str, object] = {field: value}
    if field == "employees":
        kwargs["tech"] = int(value) // 5
    if field == "revenue":
        kwargs["rd"] = float(value) * 0.04
    result = run(programs, **kwargs)
    assert result.verdict == ("eligible" if passed else "not_yet")


def test_missing_assets_is_unknown(programs: dict[str, Program]) -> None:
    assert run(programs, assets=None).verdict == "unknown"


def test_missing_scored_value_is_unknown_when_it_could_decide(
    programs: dict[str, Program],
) -> None:
    props = sme()
    del props["rd_expense_2020"]
    result = assess(programs["sme"], facts(props))
    assert result.verdict == "unknown"  # 12 + 0..50 + 18: could reach 60
    score = next(c for c in result.conditions if c.name == "score")
    assert "最多 80" in score.shown


def test_hte_certificate_qualifies_directly(programs: dict[str, Program]) -> None:
    result = run(programs, utility=0, hte=True)  # 12 + 30 + 0 = 42, but a certified HTE
    assert result.score == 42
    assert result.verdict == "eligible"
    assert result.direct


def test_cost_ratio_counts_when_it_scores_higher(programs: dict[str, Program]) -> None:
    # R&D 2% of revenue (10 points) but 30% of costs (50 points): 12 + 50 + 18 = 80.
    result = run(programs, rd=20.0, total_cost_2020=66.0)
    assert result.score == 80
    assert result.verdict == "eligible"


def test_partly_reported_ip_scores_its_lower_bound(programs: dict[str, Program]) -> None:
    props = sme(utility=4)
    del props["software_copyrights_2020"]
    result = assess(programs["sme"], facts(props))
    assert result.score == 12 + 30 + 24  # four utility patents are certain
    assert result.verdict == "eligible"
    props = sme(utility=0)
    del props["software_copyrights_2020"]
    result = assess(programs["sme"], facts(props))
    assert result.score == 42
    assert result.verdict == "unknown"  # software copyrights could add up to 24
