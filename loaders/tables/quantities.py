"""Quantities: numbers as people write them in Chinese statistics tables, with ``万``/``亿``
and units, read into the unit the model keeps.

A cell is a number (thousands separators and full-width digits allowed), then optionally a
magnitude (``十 百 千 万 十万 百万 千万 亿 十亿 百亿 千亿 万亿``) and a base unit (``元``, ``人``,
``项``, ``%``...). The column declares the unit the model keeps (``unit``: ``万元`` for money,
``%`` for percent, ``人``, ``项``; none for plain numbers); the header may declare the unit the
table is written in (``header_unit``: the ``千元`` of ``R&D经费支出(千元)``). A number alone is
in the header's unit, else in the column's; a unit in the cell overrides both. A column
without a unit takes the header's unit as its own (the number is kept as written). A base
unit other than the column's (``12公斤`` for money) is a :class:`CellError` that names the
units accepted. Blank cells and :data:`~loaders.tables.raw_cells.NOT_GIVEN` words are None.

>>> parse_money("1.6亿元"), parse_money("850万"), parse_money("1200千元"), parse_money("5000000元")
(16000.0, 850.0, 120.0, 500.0)
>>> parse_money("3,200", header_unit="千元"), parse_money(3200)
(320.0, 3200.0)
>>> parse_number("1.2万"), parse_int("120人", unit="人")
(12000.0, 120)
>>> parse_int("1.5", unit="人", header_unit="万人"), parse_number("1.5", header_unit="万人")
(15000, 1.5)
>>> parse_percent("3.5%"), parse_percent(3.5), parse_percent("35‰")
(3.5, 3.5, 3.5)
>>> parse_money("12公斤")
Traceback (most recent call last):
...
loaders.tables.raw_cells.CellError: "12公斤" 不是金额：公斤 不是货币单位（用 元、千元、万元 或 \
亿元，如 850万 或 1.6亿；本列单位是 万元）
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, DecimalException
from functools import lru_cache
from typing import NamedTuple, Protocol

from graph.i18n import N_, _
from loaders.tables.raw_cells import (
    EXCEL_ERRORS,
    CellError,
    CellValue,
    cell_text,
    is_not_given,
    quote_cell,
)

__all__ = [
    "MONEY_UNIT",
    "PERCENT_UNIT",
    "QuantityParser",
    "parse_int",
    "parse_money",
    "parse_number",
    "parse_percent",
]

MONEY_UNIT = "万元"
"""The unit the model keeps money in, unless a column declares another."""
PERCENT_UNIT = "%"
"""Percentages are kept as percentage numbers: 3.5 for 3.5%."""


class QuantityParser(Protocol):
    """A parser that reads units: the raw cell, the column's unit and the header's unit."""

    def __call__(
        self,
        value: object,
        max_length: int | None = None,
        *,
        unit: str | None = None,
        header_unit: str | None = None,
    ) -> CellValue: ...


class _Unit(NamedTuple):
    magnitude: Decimal
    base: str


_MAGNITUDES = {
    "十": 10**1, "百": 10**2, "千": 10**3, "万": 10**4, "十万": 10**5, "百万": 10**6,
    "千万": 10**7, "亿": 10**8, "十亿": 10**9, "百亿": 10**10, "千亿": 10**11, "万亿": 10**12,
}  # fmt: skip
_NUMBER = re.compile(
    r"(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)"
    r"\s*(?P<unit>\D*?)",
    re.IGNORECASE,
)
_PLAIN = re.compile(r"\s*[+-]?\d{1,15}(?:\.\d{1,15})?\s*")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})  # a typeset minus, an en dash


@lru_cache(maxsize=256)
def _unit(text: str) -> _Unit:
    """``万元`` -> (10000, ``元``); ``亿`` -> (100000000, ``""``); ``‰`` -> (0.1, ``%``)."""
    text = text.strip()
    if text == "‰":
        return _Unit(Decimal("0.1"), "%")
    for length in (2, 1):
        magnitude = _MAGNITUDES.get(text[:length])
        if magnitude is not None:
            return _Unit(Decimal(magnitude), text[length:].strip())
    return _Unit(Decimal(1), text)


def _read(
    value: object, unit: str | None, header_unit: str | None, *, what: str, hint: str
) -> float | None:
    """The cell in the model's unit; ``what`` and ``hint`` word the messages."""
    if header_unit is None and not isinstance(value, bool):
        # the common case, a plain number with no unit anywhere but the column's: no Decimal
        if isinstance(value, int | float) and math.isfinite(value):
            return float(value) + 0.0
        if isinstance(value, str) and _PLAIN.fullmatch(value):
            return float(value) + 0.0
    if is_not_given(value):
        return None
    model = _unit(unit) if unit else _unit(header_unit) if header_unit else _Unit(Decimal(1), "")
    shown = header_unit or unit
    where = _("；本列单位是 {unit}").format(unit=shown) if shown else ""
    what, hint = _(what), _(hint)
    if isinstance(value, bool):
        raise CellError(_not_a(value, what, hint, where))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise CellError(_("{cell} 不是有限的数").format(cell=quote_cell(value)))
        number, written = Decimal(repr(value) if isinstance(value, float) else value), ""
    else:
        text = unicodedata.normalize("NFKC", cell_text(value)).translate(_MINUS)
        if text.casefold() in EXCEL_ERRORS:
            raise CellError(
                _("{cell} 是 Excel 的错误值（公式出错），不是{what}").format(
                    cell=quote_cell(value), what=what
                )
            )
        if model.base == "元":
            text = text.removeprefix("¥").lstrip()
        match = _NUMBER.fullmatch(text)
        if match is None:
            raise CellError(_not_a(value, what, hint, where))
        number, written = Decimal(match["number"].replace(",", "")), match["unit"]
    if written:
        cell = _unit(written)
        if cell.base not in ("", model.base):
            if not model.base:
                reason = _("本列不带单位")
            elif model.base == "元":
                reason = _("{unit} 不是货币单位").format(unit=cell.base)
            else:
                reason = _("{unit} 不是 {expected}").format(unit=cell.base, expected=model.base)
            raise CellError(
                _("{cell} 不是{what}：{reason}（{hint}{where}）").format(
                    cell=quote_cell(value), what=what, reason=reason, hint=hint, where=where
                )
            )
    elif header_unit and unit:
        cell = _unit(header_unit)
        if cell.base not in ("", model.base):
            raise CellError(
                _("{cell} 读不了：表头的单位 {header_unit} 换算不成本列的单位 {unit}").format(
                    cell=quote_cell(value), header_unit=header_unit, unit=unit
                )
            )
    else:
        cell = model
    try:
        result = float(number * cell.magnitude / model.magnitude)
    except (DecimalException, OverflowError):
        result = math.inf
    if not math.isfinite(result):
        raise CellError(_("{cell} 不是有限的数").format(cell=quote_cell(value)))
    return result + 0.0  # -0.0 reads as 0.0


def _not_a(value: object, what: str, hint: str, where: str) -> str:
    return _("{cell} 不是{what}（{hint}{where}）").format(
        cell=quote_cell(value), what=what, hint=hint, where=where
    )


def parse_number(
    value: object,
    max_length: int | None = None,
    *,
    unit: str | None = None,
    header_unit: str | None = None,
) -> float | None:
    """A number: ``1,234.5``, ``1.2万`` (12000), ``3e3``, or with the column's unit (``120人``)."""
    return _read(value, unit, header_unit, what=N_("数"), hint=N_("请写 1200、1,200 或 1.2万"))


def parse_int(
    value: object,
    max_length: int | None = None,
    *,
    unit: str | None = None,
    header_unit: str | None = None,
) -> int | None:
    """A whole number (``12.0`` from Excel is fine, ``12.5`` is not; ``1.25万`` is 12500)."""
    hint = N_("请写 120、1,200 或 1.2万")
    number = _read(value, unit, header_unit, what=N_("整数"), hint=hint)
    if number is None:
        return None
    if not number.is_integer() or abs(number) > 2**53:
        raise CellError(_("{cell} 不是整数").format(cell=quote_cell(value)))
    return int(number)


def parse_money(
    value: object,
    max_length: int | None = None,
    *,
    unit: str | None = None,
    header_unit: str | None = None,
) -> float | None:
    """An amount of money in ``unit`` (default 万元): ``1.6亿元``, ``850万``, ``1200千元``,
    ``5000000元``, ``¥3,200``; a number alone is in the header's unit, else in ``unit``."""
    hint = N_("用 元、千元、万元 或 亿元，如 850万 或 1.6亿")
    return _read(value, unit or MONEY_UNIT, header_unit, what=N_("金额"), hint=hint)


def parse_percent(
    value: object,
    max_length: int | None = None,
    *,
    unit: str | None = None,
    header_unit: str | None = None,
) -> float | None:
    """A percentage as a percentage number: ``3.5%``, ``3.5`` and ``35‰`` are all 3.5.

    An Excel cell formatted as a percentage holds 0.035; the workbook reader gives it as the
    text ``3.5%`` (:func:`loaders.tables.files.read_xlsx_tables`), so it is 3.5 here too.
    """
    return _read(
        value, unit or PERCENT_UNIT, header_unit, what=N_("百分比"), hint=N_("请写 3.5% 或 3.5")
    )
