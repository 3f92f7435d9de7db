"""HTE certification (国科发火〔2016〕32号 第十一条) at every threshold edge."""

from __future__ import annotations

from datetime import date

import pytest

from graph.model import PropertyValue
from graph.programs.readiness import Assessment, assess
from graph.programs.rules import Program
from tests.graph.programs.conftest import facts, hte_ready


def run(programs: dict[str, Program], **overrides: PropertyValue) -> Assessment:
    return assess(programs["hte"], facts(hte_ready(**overrides)))


def check(result: Assessment, name: str) -> bool | None:
    return next(c.passed for c in result.conditions if c.name == name)


def test_every_condition_at_its_edge_passes(programs: dict[str, Program]) -> None:
    result = run(programs)
    assert result.verdict == "eligible"
    assert [c.passed for c in result.conditions] == [True] * 6
    assert result.gaps == []


def test_conditions_no_table_holds_are_listed_and_do_not_block(
    programs: dict[str, Program],
) -> None:
    result = run(programs)
    assert len(result.to_check_by_hand) == 3
    assert any("高新技术领域" in text for text in result.to_check_by_hand)
    assert {c.name for c in result.conditions}.isdisjoint({"technology_field", "innovation_score"})


@pytest.mark.parametrize(
    ("rd", "passed"),
    [(200.0, True), (199.6, False), (199.99, False)],
    ids=["5.00%", "4.99%", "4.99975%"],
)
def test_rd_ratio_edge_in_the_lowest_band(
    programs: dict[str, Program], rd: float, passed: bool
) -> None:
    overrides: dict[str, PropertyValue] = {f"rd_expense_{y}": rd for y in (2018, 2019, 2020)}
    overrides |= {f"rd_expense_domestic_{y}": rd for y in (2018, 2019, 2020)}
    assert check(run(programs, **overrides), "rd_ratio_3y") is passed


@pytest.mark.parametrize(
    ("revenue", "threshold"),
    [
        (5000.0, 0.05),  # "小于5,000万元（含）": exactly 5,000万 is in the 5% band
        (5000.01, 0.04),
        (20000.0, 0.04),  # "5,000万元至2亿元（含）"
        (20000.01, 0.03),  # "2亿元以上"
    ],
)
def test_revenue_band_boundaries(
    programs: dict[str, Program], revenue: float, threshold: float
) -> None:
    result = run(programs, revenue_2020=revenue)
    rd_check = next(c for c in result.conditions if c.name == "rd_ratio_3y")
    assert rd_check.threshold == threshold


def test_exactly_5000_revenue_needs_five_percent(programs: dict[str, Program]) -> None:
    # 4.8% over three years: fails the 5% band at exactly 5,000万, passes the 4% band above it.
    per_year = {f"rd_expense_{y}": 240.0 for y in (2018, 2019, 2020)}
    per_year |= {f"rd_expense_domestic_{y}": 240.0 for y in (2018, 2019, 2020)}
    per_year |= {f"revenue_{y}": 5000.0 for y in (2018, 2019)}
    at_edge = run(programs, revenue_2020=5000.0, hightech_revenue_2020=3000.0, **per_year)
    above = run(programs, revenue_2020=5000.01, hightech_revenue_2020=3000.0, **per_year)
    assert check(at_edge, "rd_ratio_3y") is False
    assert check(above, "rd_ratio_3y") is True


@pytest.mark.parametrize(
    ("tech_staff", "employees", "passed"),
    [(10, 100, True), (9, 100, False), (3, 30, True), (1, 11, False)],
)
def test_tech_staff_share_at_exactly_ten_percent(
    programs: dict[str, Program], tech_staff: int, employees: int, passed: bool
) -> None:
    result = run(programs, tech_staff_2020=tech_staff, employees_2020=employees)
    assert check(result, "tech_staff_share") is passed
    assert result.verdict == ("eligible" if passed else "not_yet")


@pytest.mark.parametrize(
    ("domestic", "hightech", "passed"), [(120.0, 2400.0, True), (119.99, 2399.99, False)]
)
def test_domestic_and_hightech_shares_at_sixty_percent(
    programs: dict[str, Program], domestic: float, hightech: float, passed: bool
) -> None:
    overrides: dict[str, PropertyValue] = {
        f"rd_expense_domestic_{y}": domestic for y in (2018, 2019, 2020)
    }
    result = run(programs, hightech_revenue_2020=hightech, **overrides)
    assert check(result, "domestic_rd_share") is passed
    assert check(result, "hightech_revenue_share") is passed


@pytest.mark.parametrize(
    ("founded", "passed"), [(date(2020, 1, 1), True), (date(2020, 1, 2), False)]
)
def test_registered_one_year_on_the_day(
    programs: dict[str, Program], founded: date, passed: bool
) -> None:
    # Judged on 1 January after the reference year (2021-01-01). A company founded in 2020
    # has only 2020 in its R&D window ("按实际经营年限计算").
    result = run(programs, founded=founded)
    assert check(result, "registered_one_year") is passed
    assert check(result, "rd_ratio_3y") is True


def test_no_owned_ip_is_a_gap_with_advice(programs: dict[str, Program]) -> None:
    result = run(programs, utility_patents_2020=0)
    assert result.verdict == "not_yet"
    assert any("还需取得 1 项" in gap for gap in result.gaps)


def test_missing_value_is_unknown_never_eligible(programs: dict[str, Program]) -> None:
    result = run(programs, rd_expense_2018=None)
    assert result.verdict == "unknown"
    assert check(result, "rd_ratio_3y") is None
    assert any("研发费用（2018年，万元）" in gap for gap in result.gaps)  # no field keys


def test_missing_founding_date_is_unknown(programs: dict[str, Program]) -> None:
    result = run(programs, founded=None)
    assert result.verdict == "unknown"


def test_a_failure_beats_a_missing_value(programs: dict[str, Program]) -> None:
    result = run(programs, rd_expense_2018=None, tech_staff_2020=1)
    assert result.verdict == "not_yet"


def test_rd_gap_says_how_much_more_per_year(programs: dict[str, Program]) -> None:
    # Revenue 30,000万 a year (> 2亿: 3% band), R&D 630万 (2.10%): 270万 a year short.
    overrides: dict[str, PropertyValue] = {}
    for year in (2018, 2019, 2020):
        overrides |= {
            f"revenue_{year}": 30000.0,
            f"rd_expense_{year}": 630.0,
            f"rd_expense_domestic_{year}": 630.0,
        }
    result = run(programs, hightech_revenue_2020=20000.0, **overrides)
    gap = next(g for g in result.gaps if "近三年研发费用占比" in g)
    assert "现为 2.10%，需要 3.00%：提高 0.90 个百分点，约每年多投入研发费用 270万" in gap


def test_tech_staff_gap_counts_people(programs: dict[str, Program]) -> None:
    result = run(programs, tech_staff_2020=5, employees_2020=100)
    gap = next(g for g in result.gaps if "科技人员占比" in g)
    # (5 + x) / (100 + x) >= 10%  ->  x >= 5.56  ->  6 hires; or 5 reclassified.
    assert "新招科技人员 6 人" in gap
    assert "5 人认定为科技人员" in gap


def test_public_shape_is_the_cli_json_shape(programs: dict[str, Program]) -> None:
    result = assess(programs["hte"], facts(hte_ready()), enterprise="甲", node_id="enterprise:甲")
    public = result.public()
    assert list(public) == [
        "enterprise",
        "id",
        "verdict",
        "synthetic",
        "certified",
        "certified_year",
        "certificate_number",
        "renewal_year",
        "conditions",
        "gaps",
    ]
    assert public["conditions"][0] == {  # type: ignore[index]
        "name": "registered_one_year",
        "value": 5.0,
        "threshold": 1.0,
        "passed": True,
    }


def test_known_ip_counts_settle_owned_ip_when_others_are_blank(
    programs: dict[str, Program],
) -> None:
    blank = {"utility_patents_2020": None, "software_copyrights_2020": None, "other_ip_2020": None}
    with_invention = run(programs, invention_patents_2020=2, **blank)
    assert check(with_invention, "owned_ip") is True
    assert with_invention.verdict == "eligible"
    without = run(programs, invention_patents_2020=0, **blank)
    assert check(without, "owned_ip") is None
    assert without.verdict == "unknown"
    owned_ip = next(c for c in without.conditions if c.name == "owned_ip")
    assert owned_ip.value is None  # a lower bound is not shown as the value
