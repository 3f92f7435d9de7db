"""The one check every spreadsheet writer shares: text never becomes a formula."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.exports import FORMULA_STARTS, spreadsheet_safe
from graph.model import NodeKind

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "＝1+1",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    " =1+1",
    "\u3000＝1+1",
    "\ufeff=1",
    "\u200b@SUM(A1)",
    "﹦1",
    "－1",
    "＠SUM(A1)",
    "＋1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_that_starts_a_formula_gets_a_quote(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        (["a", "=1+1"], "a; =1+1"),
        (["=1+1", "a"], "'=1+1; a"),
        (("＝1", None), "'＝1; "),
        ({"b", "-a"}, "'-a; b"),
        ([], ""),
    ],
)
def test_lists_are_joined_then_checked(value: object, safe: str) -> None:
    assert spreadsheet_safe(value) == safe


@pytest.mark.parametrize(
    "value", [-1, -2.5, 0, Decimal("-3.10"), True, None, date(2021, 3, 1), "华升化工", "a=b"]
)
def test_numbers_dates_and_plain_text_are_kept(value: object) -> None:
    assert spreadsheet_safe(value) == value


def test_numpy_numbers_stay_numbers() -> None:
    import numpy as np

    assert spreadsheet_safe(np.int64(-3)) == -3
    assert type(spreadsheet_safe(np.int64(-3))) is int
    assert spreadsheet_safe(np.float32(-2.5)) == -2.5


def test_an_enum_is_its_value() -> None:
    assert spreadsheet_safe(NodeKind.ENTERPRISE) == "Enterprise"


@given(st.one_of(st.text(), st.lists(st.text(), max_size=4)))
def test_no_safe_text_starts_a_formula_and_checking_twice_changes_nothing(value: object) -> None:
    safe = spreadsheet_safe(value)
    assert isinstance(safe, str)
    assert spreadsheet_safe(safe) == safe
    shown = unicodedata.normalize("NFKC", safe)
    assert shown[:1] not in FORMULA_STARTS
    assert shown.lstrip()[:1] not in {"=", "+", "-", "@"}
