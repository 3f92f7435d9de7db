"""Hand-made enterprises for the programme rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from graph.model import PropertyValue
from graph.programs.facts import EnterpriseFacts
from graph.programs.rules import Program, load_rules


def hte_ready(**overrides: PropertyValue) -> dict[str, PropertyValue]:
    """Properties of an enterprise that meets every HTE data condition exactly at the edge.

    Revenue 4,000万 a year (the <= 5,000万 band, 5%), R&D 200万 a year (5.00%), domestic R&D
    120万 (60%), 10 tech staff of 100 (10%), high-tech revenue 2,400万 (60%), one owned IP,
    registered 2015; the reference year is 2020.
    """
    props: dict[str, PropertyValue] = {"founded": date(2015, 3, 1)}
    for year in (2018, 2019, 2020):
        props.update(
            {
                f"revenue_{year}": 4000.0,
                f"rd_expense_{year}": 200.0,
                f"rd_expense_domestic_{year}": 120.0,
            }
        )
    props.update(
        {
            "employees_2020": 100,
            "tech_staff_2020": 10,
            "hightech_revenue_2020": 2400.0,
            "invention_patents_2020": 0,
            "utility_patents_2020": 1,
            "software_copyrights_2020": 0,
            "other_ip_2020": 0,
        }
    )
    props.update(overrides)
    return {k: v for k, v in props.items() if v is not None}


def facts(props: dict[str, PropertyValue], **options: object) -> EnterpriseFacts:
    """Facts of ``props`` (options go to the dataclass: ``as_of``, ``programs``...)."""
    return replace(EnterpriseFacts.from_properties(props), **options)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def programs() -> dict[str, Program]:
    """The shipped rule files."""
    return load_rules()
