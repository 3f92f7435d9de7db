"""Years and dates as people write them: ``2013``, ``2013年``, ``2013年7月``, ``2013.07``,
``2013-7``, ``2013/7``, ``2013-07-05``, ``2013年7月5日``, ``20130705``, Excel date cells and
Excel serial day numbers.

A number from 1900 to 2100 is a year; a larger one, up to 2958465 (9999-12-31), is an Excel
serial day (41460 is 2013-07-05). A ``date`` column reads a month as its first day and
refuses a bare year; a ``year`` column takes the year of any date. Blank cells and
:data:`~loaders.tables.raw_cells.NOT_GIVEN` words are None.

>>> parse_year("2013年7月"), parse_year("2013.07"), parse_year(41460), parse_year(2013.0)
(2013, 2013, 2013, 2013)
>>> parse_date("2013-7"), parse_date("2013/07/05 00:00:00"), parse_date(41460)
(datetime.date(2013, 7, 1), datetime.date(2013, 7, 5), datetime.date(2013, 7, 5))
>>> parse_date("2013")
Traceback (most recent call last):
...
loaders.tables.raw_cells.CellError: "2013" 是年份，不是日期（请写成 2021-03-05，只有月份写 2021-03）
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

from graph.i18n import N_, _
from loaders.tables.raw_cells import CellError, cell_text, is_not_given, quote_cell

__all__ = ["parse_date", "parse_year"]

_CALENDAR_FORMS = tuple(
    re.compile(form)
    for form in (
        r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})",
        r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]?",
        r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})",
        r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})",
        r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?:份)?",
        r"(?P<year>\d{4})(?:年度?)?",
    )
)
_TIME_OF_DAY = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_SERIAL_TEXT = re.compile(r"\d{4,7}(?:\.\d+)?")
_WHAT = {"a year": N_("年份"), "a date": N_("日期")}
_FORMS = {
    "a year": N_("请写成 2013 或 2013年"),
    "a date": N_("请写成 2021-03-05，只有月份写 2021-03"),
}
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_FIRST, _EXCEL_LAST = 2100, 2958465  # serials past 2100 (1905-09-30) up to 9999-12-31


def _calendar(value: object, *, what: str) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a written date; month and day are None where it stops short."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    text = "".join(_TIME_OF_DAY.sub("", text).split())
    for pattern in _CALENDAR_FORMS:
        match = pattern.fullmatch(text)
        if match:
            parts = match.groupdict()
            year = int(parts["year"])
            month = int(parts["month"]) if parts.get("month") else None
            day = int(parts["day"]) if parts.get("day") else None
            try:
                date(year, month or 1, day or 1)
            except ValueError:
                raise CellError(
                    _("{cell} 不是{what}：没有这一天").format(
                        cell=quote_cell(value), what=_(_WHAT[what])
                    )
                ) from None
            return year, month, day
    serial = _serial(float(text)) if _SERIAL_TEXT.fullmatch(text) else None
    if serial is not None:
        return serial.year, serial.month, serial.day
    raise CellError(
        _("{cell} 不是{what}（{how}）").format(
            cell=quote_cell(value), what=_(_WHAT[what]), how=_(_FORMS[what])
        )
    )


def _serial(value: float) -> date | None:
    """The day of an Excel serial number past 2100 (1900..2100 are years), else None."""
    if math.isfinite(value) and _EXCEL_FIRST < value <= _EXCEL_LAST:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    return None


def parse_year(value: object, max_length: int | None = None) -> int | None:
    """A year between 1900 and 2100: ``2013``, ``2013年``, a date of any form :func:`parse_date`
    reads (``2013年7月``, ``2013.07``, ``2013-07-05``...), an Excel date cell or serial day."""
    if is_not_given(value):
        return None
    if isinstance(value, date):
        year = value.year
    elif isinstance(value, int | float) and not isinstance(value, bool):
        serial = _serial(value)
        if serial is not None:
            year = serial.year
        elif isinstance(value, int) or value.is_integer():
            year = int(value)
        else:  # 2013.07 typed into Excel is a number
            year = _calendar(value, what="a year")[0]
    else:
        year = _calendar(value, what="a year")[0]
    if not 1900 <= year <= 2100:
        raise CellError(_("{cell} 不是 1900 到 2100 之间的年份").format(cell=quote_cell(value)))
    return year


def parse_date(value: object, max_length: int | None = None) -> date | None:
    """A day: ``2021-03-05``, ``2021/3/5``, ``2021.3.5``, ``2021年3月5日``, ``20210305``,
    an Excel date cell or an Excel serial day number (past 2100: a smaller number is a year,
    not a date). A month (``2021年3月``, ``2021.03``, ``2021-3``, ``2021/3``) reads as its
    first day, 2021-03-01. A time of day after the date is dropped."""
    if is_not_given(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = _serial(value)
        if serial is not None:
            return serial
        if math.isfinite(value) and 1900 <= value < 2101:
            if isinstance(value, int) or value.is_integer():
                raise CellError(_year_not_date(value))
            raise CellError(
                _(
                    "{cell} 是数字，Excel 会去掉月份末尾的 0（2021.10 变成 2021.1）："
                    "请把月份写成文本 2021-10"
                ).format(cell=quote_cell(value))
            )
        raise CellError(_("{cell} 不是日期").format(cell=quote_cell(value)))
    year, month, day = _calendar(value, what="a date")
    if month is None:
        raise CellError(_year_not_date(value))
    return date(year, month, day or 1)


def _year_not_date(value: object) -> str:
    return _("{cell} 是年份，不是日期（{how}）").format(
        cell=quote_cell(value), how=_(_FORMS["a date"])
    )
