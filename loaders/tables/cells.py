"""Cells: what a spreadsheet cell holds -> a typed value, or a :class:`CellError` saying why not.

A cell arrives as a string (CSV) or as what openpyxl gives (``str``, ``int``, ``float``,
``bool``, ``datetime``; XLSX; a percent-formatted number arrives as the text ``3.5%``). Each
column type has a parser in :data:`CELL_TYPES`; ``parse_cell`` looks it up and never raises
anything but :class:`CellError`. Strings are data: ``<script>`` or ``'; DROP TABLE`` are kept
as they are; only control characters, over-long values and values of the wrong type are refused.

Numbers are read as people write them (:mod:`loaders.tables.quantities`): ``1,234.5``,
``1.2万`` (12000), ``1.6亿元``, ``120人``; ``money`` is kept in 万元 and ``percent`` as a
percentage number. The column's ``unit`` and the header's ``header_unit`` (the ``千元`` of
``R&D经费支出(千元)``) say what a number alone means. Years and dates take ``2013年7月``,
``2013.07``, ``2013-7`` and Excel's date cells and serial day numbers.

**Not given.** In ``number``, ``int``, ``money``, ``percent``, ``year`` and ``date`` columns
a blank cell and these words read as None (not given, no error): ``—``, ``–``, ``-``, ``--``
(any run of dashes, ``——``), ``/``, ``无``, ``未报``, ``不详``, ``暂无``, ``空``, ``N/A``,
``n/a``, ``NA``, ``#N/A``. In a ``bool`` column ``无`` is false, as in ``有/无``.

Examples
--------
>>> parse_cell("1,234.5", "number"), parse_cell("12万", "number"), parse_cell("—", "number")
(1234.5, 120000.0, None)
>>> parse_cell("1.6亿元", "money"), parse_cell("850", "money", header_unit="千元")
(16000.0, 85.0)
>>> parse_cell("3.5%", "percent"), parse_cell("120人", "int", unit="人")
(3.5, 120)
>>> parse_cell("2013年7月", "year"), parse_cell("2013.07", "date")
(2013, datetime.date(2013, 7, 1))
>>> parse_cell("2021年3月5日", "date")
datetime.date(2021, 3, 5)
>>> parse_cell("冬枣|水产、食品", "list")
['冬枣', '水产', '食品']
>>> parse_cell("12公斤", "money")
Traceback (most recent call last):
...
loaders.tables.raw_cells.CellError: "12公斤" 不是金额：公斤 不是货币单位（用 元、千元、万元 或 \
亿元，如 850万 或 1.6亿；本列单位是 万元）
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from graph.i18n import _
from loaders.tables.dates import parse_date, parse_year
from loaders.tables.quantities import (
    QuantityParser,
    parse_int,
    parse_money,
    parse_number,
    parse_percent,
)
from loaders.tables.raw_cells import (
    CellError,
    CellValue,
    cell_text,
    is_blank,
    is_not_given,
    quote_cell,
)

__all__ = [
    "CELL_TYPES",
    "MAX_LIST_ITEMS",
    "MAX_NAME_LENGTH",
    "MAX_TEXT_LENGTH",
    "QUANTITY_TYPES",
    "CellError",
    "CellParser",
    "CellValue",
    "choice_key",
    "is_blank",
    "is_not_given",
    "parse_cell",
    "parse_credit_code",
    "register_cell_type",
]

CellParser = Callable[[object, int | None], CellValue]
"""A parser takes the raw cell and an optional maximum length; it returns a value or raises."""

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 4000
MAX_LIST_ITEMS = 50

_LIST_SEPARATORS = re.compile(r"[|;；、\n]")
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._/-]*")
_TRUE = {"true", "yes", "y", "1", "t", "是", "有", "对", "√", "✓"}
_FALSE = {"false", "no", "n", "0", "f", "否", "无", "没有", "不是", "×", "✗"}


def _check_characters(text: str, *, multiline: bool) -> None:
    allowed = "\t\n\r" if multiline else ""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") and char not in allowed:
            raise CellError(
                _("{cell} 含控制字符 U+{code}").format(
                    cell=quote_cell(text), code=f"{ord(char):04X}"
                )
            )


def _check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise CellError(
            _("{cell} 长 {length} 个字符，超过 {limit}").format(
                cell=quote_cell(text), length=len(text), limit=limit
            )
        )


def parse_text(value: object, max_length: int | None = None) -> str:
    """Free text, several lines allowed; at most ``max_length`` characters."""
    text = cell_text(value)
    _check_characters(text, multiline=True)
    _check_length(text, max_length or MAX_TEXT_LENGTH)
    return text


def parse_name(value: object, max_length: int | None = None) -> str:
    """A name: one line, inner white space squeezed, no control characters."""
    text = cell_text(value)
    _check_characters(text, multiline=False)
    text = " ".join(text.split())
    _check_length(text, max_length or MAX_NAME_LENGTH)
    return text


def parse_code(value: object, max_length: int | None = None) -> str:
    """An identifier such as an NBS region code or a patent number: letters, digits, ``.-_/``."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    if not _CODE.fullmatch(text):
        raise CellError(
            _("{cell} 不是代码（只能有字母、数字和 '.'、'-'、'_'、'/'）").format(
                cell=quote_cell(text)
            )
        )
    _check_length(text, max_length or 64)
    return text


def parse_bool(value: object, max_length: int | None = None) -> bool:
    """Yes or no: ``true/false``, ``yes/no``, ``1/0``, ``是/否``, ``有/无``, ``√/×``."""
    if isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", cell_text(value)).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(
        _("{cell} 不是“是”或“否”（请写 是/否、true/false 或 1/0）").format(cell=quote_cell(value))
    )


def parse_list(value: object, max_length: int | None = None) -> list[str]:
    """Names separated by ``|``, ``;``, ``；``, ``、`` or line breaks; duplicates dropped."""
    text = cell_text(value)
    _check_characters(text, multiline=True)
    items = [parse_name(part, max_length) for part in _LIST_SEPARATORS.split(text)]
    items = list(dict.fromkeys(item for item in items if item))
    if len(items) > MAX_LIST_ITEMS:
        raise CellError(
            _("{cell} 列了 {count} 项，超过 {limit}").format(
                cell=quote_cell(value), count=len(items), limit=MAX_LIST_ITEMS
            )
        )
    return items


_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


def parse_credit_code(value: object, max_length: int | None = None) -> str:
    """A unified social credit code (统一社会信用代码): 18 characters, upper case.

    >>> parse_credit_code("91371603ma3c00001x")
    '91371603MA3C00001X'
    """
    text = parse_code(value, 18).upper()
    if not _CREDIT_CODE.fullmatch(text):
        raise CellError(_("“{code}”不是统一社会信用代码（18 位）").format(code=text))
    return text


QUANTITY_TYPES: dict[str, QuantityParser] = {
    "number": parse_number,
    "int": parse_int,
    "money": parse_money,
    "percent": parse_percent,
}
"""The column types that read units: :func:`parse_cell` passes them ``unit`` and ``header_unit``."""

CELL_TYPES: dict[str, CellParser] = {
    "text": parse_text,
    "name": parse_name,
    "code": parse_code,
    **QUANTITY_TYPES,
    "year": parse_year,
    "date": parse_date,
    "bool": parse_bool,
    "list": parse_list,
    "credit_code": parse_credit_code,
}
"""Column types by name. ``choice`` columns are ``name`` columns checked against a mapping."""


def register_cell_type(name: str, parser: CellParser) -> None:
    """Add a column type (e.g. ``area``) that table specs can name; names are unique."""
    if name in CELL_TYPES and CELL_TYPES[name] is not parser:
        # i18n: ok: registered twice: a programming error
        raise ValueError(f"cell type {name!r} is already registered")
    CELL_TYPES[name] = parser


def choice_key(text: str) -> str:
    """The form choices are compared in: NFKC, case-folded, spaces and hyphens as ``_``.

    >>> choice_key("R&D  Centre"), choice_key("key-lab")
    ('r&d_centre', 'key_lab')
    """
    return re.sub(r"[\s\-]+", "_", unicodedata.normalize("NFKC", text).strip().casefold())


def parse_cell(
    value: object,
    type_name: str,
    *,
    max_length: int | None = None,
    choices: Mapping[str, str] | None = None,
    unit: str | None = None,
    header_unit: str | None = None,
) -> CellValue:
    """Parse one cell as ``type_name``; blank cells are ``None`` (lists: ``[]``).

    With ``choices`` (surface form -> canonical value, keys in :func:`choice_key` form)
    the parsed name must be one of them and the canonical value is returned. ``unit`` is the
    unit the column keeps its numbers in (``万元``, ``%``, ``人``; money defaults to 万元,
    percent to %) and ``header_unit`` the unit the header cell names (``千元`` in
    ``R&D经费支出(千元)``); only the :data:`QUANTITY_TYPES` read them.

    >>> parse_cell("大学", "name", choices={"大学": "university"})
    'university'
    >>> parse_cell("1.2", "money", unit="万元", header_unit="亿元")
    12000.0
    """
    if is_blank(value):
        return [] if type_name == "list" else None
    quantity = QUANTITY_TYPES.get(type_name)
    if quantity is not None:
        return quantity(value, max_length, unit=unit, header_unit=header_unit)
    try:
        parser = CELL_TYPES[type_name]
    except KeyError:
        raise CellError(_("未知的列类型 {type}").format(type=repr(type_name))) from None
    parsed = parser(value, max_length)
    if choices is None or parsed is None:
        return parsed
    items: list[object] = list(parsed) if isinstance(parsed, list) else [parsed]
    canonical: list[str] = []
    for item in items:
        found = choices.get(choice_key(str(item)))
        if found is None:
            allowed = ", ".join(sorted(set(choices.values())))
            raise CellError(
                _("{cell} 不在可选值之中：{allowed}").format(cell=quote_cell(item), allowed=allowed)
            )
        canonical.append(found)
    return canonical if isinstance(parsed, list) else canonical[0]
