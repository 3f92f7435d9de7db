"""Cells as people write them: numbers with 万/亿 and units, money, percentages, "not given"
words, years and dates, and the percent cells of a workbook."""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loaders.tables.cells import CELL_TYPES, QUANTITY_TYPES, CellError, parse_cell
from loaders.tables.files import read_xlsx_tables

pytestmark = pytest.mark.usefixtures("english")  # these tests read messages in English

NOT_GIVEN_WORDS = ["—", "——", "–", "-", "--", "/", "无", "未报", "不详", "暂无", "空",
                   "N/A", "n/a", "NA", "#N/A", "", "  ", " — ", "－", "／"]  # fmt: skip
VALUED_TYPES = ["number", "int", "money", "percent", "year", "date"]


@pytest.mark.parametrize("type_name", VALUED_TYPES)
@pytest.mark.parametrize("word", NOT_GIVEN_WORDS)
def test_not_given_words_are_none(word: str, type_name: str) -> None:
    assert parse_cell(word, type_name) is None
    assert parse_cell(word, type_name, unit="人", header_unit="万人") is None


@pytest.mark.parametrize(("word", "expected"), [("无", False), ("有", True), ("否", False)])
def test_a_bool_column_keeps_you_and_wu(word: str, expected: bool) -> None:
    assert parse_cell(word, "bool") is expected


@pytest.mark.parametrize("word", ["N/A", "—", "未报"])
def test_not_given_words_are_not_bools(word: str) -> None:
    with pytest.raises(CellError, match="not yes or no"):
        parse_cell(word, "bool")


@pytest.mark.parametrize(
    ("value", "header_unit", "expected"),
    [
        ("1.6亿元", None, 16000.0),
        ("1.6亿", None, 16000.0),
        ("850万", None, 850.0),
        ("850万元", None, 850.0),
        ("850 万元", None, 850.0),
        ("3,200", None, 3200.0),
        ("３，２００", None, 3200.0),  # full-width digits and comma
        ("1200千元", None, 120.0),
        ("5000000元", None, 500.0),
        ("¥850万", None, 850.0),
        ("-12.5", None, -12.5),
        ("−12.5", None, -12.5),  # a typeset minus
        (850, None, 850.0),
        (850.5, None, 850.5),
        ("1.1", "亿元", 11000.0),
        (1.1, "亿元", 11000.0),
        ("3,200", "千元", 320.0),
        ("5000000", "元", 500.0),
        ("850", "万元", 850.0),
        ("850", "万", 850.0),
        ("850万", "亿元", 850.0),  # a unit in the cell overrides the header's
        ("1200千元", "亿元", 120.0),
        ("1.6亿元", "元", 16000.0),
    ],
)
def test_money_is_kept_in_wan_yuan(value: object, header_unit: str | None, expected: float) -> None:
    assert parse_cell(value, "money", header_unit=header_unit) == expected


def test_money_in_a_column_kept_in_yuan() -> None:
    assert parse_cell("850万", "money", unit="元") == 8_500_000.0
    assert parse_cell("12", "money", unit="元", header_unit="千元") == 12_000.0


@pytest.mark.parametrize(
    ("value", "header_unit", "message"),
    [
        ("12公斤", None, '"12公斤" is not an amount of money: 公斤 is not a unit of money'),
        ("850万美元", None, "美元 is not a unit of money (use 元, 千元, 万元 or 亿元"),
        ("abc", None, '"abc" is not an amount of money (use 元, 千元, 万元 or 亿元'),
        ("abc", "千元", "the column is in 千元"),
        ("12公斤", None, "the column is in 万元"),
        ("850", "人", "the header's unit 人 is not a unit of 万元"),
        ("#DIV/0!", None, '"#DIV/0!" is an Excel error (its formula failed)'),
        (True, None, '"True" is not an amount of money'),
        ("1e999", None, '"1e999" is not a finite number'),
        (math.inf, None, '"inf" is not a finite number'),
    ],
)
def test_money_errors_name_the_value_and_the_units(
    value: object, header_unit: str | None, message: str
) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell(value, "money", header_unit=header_unit)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("value", "header_unit", "expected"),
    [
        ("3.5%", None, 3.5),
        ("3.5 %", None, 3.5),
        ("３.５％", None, 3.5),
        ("3.5", None, 3.5),
        (3.5, None, 3.5),
        ("35‰", None, 3.5),
        ("0.035", None, 0.035),  # an unformatted number is taken as written
        ("35", "‰", 3.5),
        ("3.5", "%", 3.5),
        ("-1.2%", None, -1.2),
        ("1.343642441124012%", None, 1.343642441124012),  # what the workbook reader gives
    ],
)
def test_percentages(value: object, header_unit: str | None, expected: float) -> None:
    assert parse_cell(value, "percent", header_unit=header_unit) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("3.5元", '"3.5元" is not a percentage: 元 is not % (write 3.5% or 3.5'),
        ("百分之三", '"百分之三" is not a percentage (write 3.5% or 3.5'),
    ],
)
def test_percentage_errors(value: str, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell(value, "percent")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("value", "type_name", "unit", "header_unit", "expected"),
    [
        ("1,234.5", "number", None, None, 1234.5),
        ("1.2万", "number", None, None, 12000.0),
        ("3亿", "number", None, None, 300_000_000.0),
        ("1e3", "number", None, None, 1000.0),
        ("１２３", "number", None, None, 123.0),
        ("12万", "int", None, None, 120_000),
        ("1.25万", "int", None, None, 12_500),
        ("12.0", "int", None, None, 12),
        (12.0, "int", None, None, 12),
        ("120人", "int", "人", None, 120),
        ("1.2万人", "int", "人", None, 12_000),
        ("1.5", "int", "人", "万人", 15_000),
        ("120", "int", "人", "人", 120),
        ("15项", "int", "项", None, 15),
        ("120人", "int", None, "人", 120),  # the header's unit written in the cell
        ("850万元", "number", None, "万元", 850.0),  # a plain column takes the header's unit
        ("1.2亿元", "number", None, "万元", 12000.0),
        ("850", "number", None, "万元", 850.0),
    ],
)
def test_numbers_with_magnitudes_and_units(
    value: object, type_name: str, unit: str | None, header_unit: str | None, expected: float
) -> None:
    parsed = parse_cell(value, type_name, unit=unit, header_unit=header_unit)
    assert parsed == expected
    assert type(parsed) is (int if type_name == "int" else float)


@pytest.mark.parametrize(
    ("value", "type_name", "unit", "message"),
    [
        ("12公斤", "number", None, '"12公斤" is not a number: the column takes no unit'),
        ("12公斤", "int", "人", '"12公斤" is not a whole number: 公斤 is not 人'),
        ("120人", "int", "项", "人 is not 项"),
        ("12.5", "int", None, '"12.5" is not a whole number'),
        ("1.23456万", "int", None, '"1.23456万" is not a whole number'),
        ("十二", "int", None, '"十二" is not a whole number'),
        ("abc", "number", None, '"abc" is not a number (write 1200, 1,200 or 1.2万'),
        ("#VALUE!", "number", None, "is an Excel error"),
        ("nan", "number", None, '"nan" is not a number'),
    ],
)
def test_number_errors(value: object, type_name: str, unit: str | None, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell(value, type_name, unit=unit)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013", 2013),
        (2013, 2013),
        (2013.0, 2013),
        ("2013年", 2013),
        ("2013年度", 2013),
        ("2013年7月", 2013),
        ("2013年7月5日", 2013),
        ("2013.07", 2013),
        (2013.07, 2013),  # typed into Excel, 2013.07 is a number
        ("2013-7", 2013),
        ("2013/7", 2013),
        ("2013-07-05", 2013),
        ("20130705", 2013),
        ("２０１３年", 2013),
        (date(2013, 7, 5), 2013),
        (datetime(2013, 7, 5, 12, 30), 2013),
        (41460, 2013),  # an Excel serial day: 2013-07-05
        (41460.5, 2013),
        ("41460", 2013),
        (1900, 1900),
        (2100, 2100),
        (2101, 1905),  # past 2100 a number is an Excel serial day: 1905-10-01
    ],
)
def test_years(value: object, expected: int) -> None:
    assert parse_cell(value, "year") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1850", '"1850" is not a year between 1900 and 2100'),
        (3_000_000, '"3000000" is not a year'),
        ("2013-13", '"2013-13" is not a year: no such day'),
        ("去年", '"去年" is not a year (write it as 2013 or 2013年)'),
        (True, '"True" is not a year'),
    ],
)
def test_year_errors(value: object, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell(value, "year")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-07-05", date(2013, 7, 5)),
        ("2013/7/5", date(2013, 7, 5)),
        ("2013.7.5", date(2013, 7, 5)),
        ("2013年7月5日", date(2013, 7, 5)),
        ("2013年7月5号", date(2013, 7, 5)),
        ("2013 年 7 月 5 日", date(2013, 7, 5)),
        ("20130705", date(2013, 7, 5)),
        ("2013-07-05 10:30:00", date(2013, 7, 5)),
        ("2013-07-05T10:30", date(2013, 7, 5)),
        ("2013年7月", date(2013, 7, 1)),  # a month is its first day
        ("2013.07", date(2013, 7, 1)),
        ("2013-7", date(2013, 7, 1)),
        ("2013/7", date(2013, 7, 1)),
        (datetime(2013, 7, 5, 12, 30), date(2013, 7, 5)),
        (date(2013, 7, 5), date(2013, 7, 5)),
        (41460, date(2013, 7, 5)),
        (41460.75, date(2013, 7, 5)),
        (2958465, date(9999, 12, 31)),
    ],
)
def test_dates(value: object, expected: date) -> None:
    assert parse_cell(value, "date") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2013", '"2013" is a year, not a date'),
        (2013, '"2013" is a year, not a date'),
        (2013.1, "Excel drops a month's trailing 0"),
        ("2013-02-30", '"2013-02-30" is not a date: no such day'),
        ("2013-13", '"2013-13" is not a date: no such day'),
        ("2013-07/05", '"2013-07/05" is not a date (write it as 2021-03-05'),
        (2958466, '"2958466" is not a date'),
        (-1, '"-1" is not a date'),
    ],
)
def test_date_errors(value: object, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_cell(value, "date")
    assert message in str(caught.value)


def test_units_are_ignored_by_types_without_units() -> None:
    assert parse_cell("2013年", "year", unit="年", header_unit="年") == 2013
    assert parse_cell("华升", "name", header_unit="万元") == "华升"


def test_every_unit_type_is_a_cell_type() -> None:
    assert all(CELL_TYPES[name] is parser for name, parser in QUANTITY_TYPES.items())


# -- workbooks ------------------------------------------------------------------------------


def test_percent_formatted_cells_arrive_as_percent_text(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "指标"
    sheet.append(["企业", "经费", None, "研发占比（%）"])
    sheet.merge_cells("B1:C1")
    rows = [("甲", 120, 0.5, 0.035), ("乙", 80, 1, 1), ("丙", 3, 2.5, 0.12345678901)]
    for row in rows:
        sheet.append(list(row))
    for number in range(2, 5):
        sheet.cell(number, 4).number_format = "0.0%"
        sheet.cell(number, 3).number_format = '0.0"%"'  # prints a sign, does not scale
    sheet.cell(3, 2).number_format = "#,##0"
    sheet.append(["丁", True, "3.5%", None])
    sheet.cell(5, 2).number_format = "0%"  # a boolean is never a percentage
    path = tmp_path / "indicators.xlsx"
    workbook.save(path)

    [table] = read_xlsx_tables(path, source="indicators.xlsx")
    cells = [cells for _, cells in table.rows]
    assert cells[0] == ["企业", "经费", None, "研发占比（%）"]  # a merged header: first cell
    assert [row[3] for row in cells[1:4]] == ["3.5%", "100%", "12.345678901%"]
    assert [row[2] for row in cells[1:4]] == [0.5, 1, 2.5]
    assert cells[2][1] == 80
    assert cells[4][1:3] == [True, "3.5%"]
    assert [parse_cell(row[3], "percent") for row in cells[1:4]] == [3.5, 100.0, 12.345678901]


# -- properties ------------------------------------------------------------------------------

any_cell = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.text(alphabet="0123456789,.-+e万亿千元人%‰年月日号/ :T¥—无", max_size=16),
    st.sampled_from([*NOT_GIVEN_WORDS, "#DIV/0!", "1e999", "１２万"]),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
units = st.sampled_from([None, "万元", "亿元", "千元", "元", "%", "‰", "人", "万人", "项", "公斤"])


@given(value=any_cell, type_name=st.sampled_from(sorted(CELL_TYPES)), unit=units, header=units)
def test_parse_cell_returns_a_value_or_raises_cell_error(
    value: object, type_name: str, unit: str | None, header: str | None
) -> None:
    try:
        parse_cell(value, type_name, unit=unit, header_unit=header)
    except CellError as exc:
        reason = str(exc)
    else:
        reason = "parsed"
    assert reason


@given(value=any_cell, type_name=st.sampled_from(VALUED_TYPES), unit=units)
def test_parsing_a_parsed_value_again_gives_it_back(
    value: object, type_name: str, unit: str | None
) -> None:
    try:
        parsed = parse_cell(value, type_name, unit=unit)
    except CellError:
        return
    assert parse_cell(parsed, type_name, unit=unit) == parsed


@given(amount=st.decimals(min_value=-(10**12), max_value=10**12, places=4))
def test_money_written_in_yuan_wan_and_yi_agrees(amount: object) -> None:
    in_wan = parse_cell(f"{amount}万", "money")
    assert isinstance(in_wan, float)
    assert parse_cell(f"{amount}万元", "money") == in_wan
    assert parse_cell(str(amount), "money") == in_wan
    assert parse_cell(str(amount), "money", header_unit="万元") == in_wan
