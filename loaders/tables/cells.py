"""Cells: what a spreadsheet cell holds -> a typed value, or a :class:`CellError` saying why not.

A cell arrives as a string (CSV) or as what openpyxl gives (``str``, ``int``, ``float``,
``bool``, ``datetime``; XLSX). Each column type has a parser in :data:`CELL_TYPES`;
``parse_cell`` looks it up and never raises anything but :class:`CellError` on bad input.
Strings are data: ``<script>`` or ``'; DROP TABLE`` are kept as they are; only control
characters, over-long values and values of the wrong type are refused.

Examples
--------
>>> parse_cell("1,234.5", "number")
1234.5
>>> parse_cell("2021年3月5日", "date")
datetime.date(2021, 3, 5)
>>> parse_cell("冬枣|水产、食品", "list")
['冬枣', '水产', '食品']
>>> parse_cell("12万", "number")
Traceback (most recent call last):
...
loaders.tables.cells.CellError: "12万" is not a number
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

__all__ = [
    "CELL_TYPES",
    "MAX_LIST_ITEMS",
    "MAX_NAME_LENGTH",
    "MAX_TEXT_LENGTH",
    "CellError",
    "CellParser",
    "CellValue",
    "choice_key",
    "is_blank",
    "parse_cell",
    "parse_credit_code",
    "register_cell_type",
]

CellValue = str | int | float | bool | date | list[str] | None
CellParser = Callable[[object, int | None], CellValue]
"""A parser takes the raw cell and an optional maximum length; it returns a value or raises."""

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 4000
MAX_LIST_ITEMS = 50

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))  # Excel copy-paste debris
_LIST_SEPARATORS = re.compile(r"[|;；、\n]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z._/-]*")
_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_TRUE = {"true", "yes", "y", "1", "t", "是", "有", "对", "√", "✓"}
_FALSE = {"false", "no", "n", "0", "f", "否", "无", "没有", "不是", "×", "✗"}
_EXCEL_EPOCH = date(1899, 12, 30)


class CellError(ValueError):
    """A cell's value cannot be read as its column's type; the message is the reason."""


def is_blank(value: object) -> bool:
    """True for an empty cell: ``None`` or a string of white space only.

    >>> is_blank("  "), is_blank(0)
    (True, False)
    """
    return value is None or (isinstance(value, str) and not value.translate(_INVISIBLE).strip())


def _show(value: object) -> str:
    """A value as a message quotes it: short, with unprintable characters escaped."""
    text = value if isinstance(value, str) else str(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return f'"{text}"'


def _as_text(value: object) -> str:
    """The text of a cell; whole floats lose their ``.0`` (Excel stores 371603 as 371603.0)."""
    if isinstance(value, str):
        return value.translate(_INVISIBLE).strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _check_characters(text: str, *, multiline: bool) -> None:
    allowed = "\t\n\r" if multiline else ""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") and char not in allowed:
            raise CellError(f"{_show(text)} holds the control character U+{ord(char):04X}")


def _check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise CellError(f"{_show(text)} is {len(text)} characters long, more than {limit}")


def parse_text(value: object, max_length: int | None = None) -> str:
    """Free text, several lines allowed; at most ``max_length`` characters."""
    text = _as_text(value)
    _check_characters(text, multiline=True)
    _check_length(text, max_length or MAX_TEXT_LENGTH)
    return text


def parse_name(value: object, max_length: int | None = None) -> str:
    """A name: one line, inner white space squeezed, no control characters."""
    text = _as_text(value)
    _check_characters(text, multiline=False)
    text = " ".join(text.split())
    _check_length(text, max_length or MAX_NAME_LENGTH)
    return text


def parse_code(value: object, max_length: int | None = None) -> str:
    """An identifier such as an NBS region code or a patent number: letters, digits, ``.-_/``."""
    text = unicodedata.normalize("NFKC", _as_text(value))
    if not _CODE.fullmatch(text):
        raise CellError(f"{_show(text)} is not a code (letters, digits, '.', '-', '_', '/')")
    _check_length(text, max_length or 64)
    return text


def parse_number(value: object, max_length: int | None = None) -> float:
    """A number; thousands separators allowed, units and words are not."""
    if isinstance(value, bool):
        raise CellError(f"{_show(value)} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", _as_text(value))
        if _THOUSANDS.fullmatch(text):
            text = text.replace(",", "")
        if not _NUMBER.fullmatch(text):
            raise CellError(f"{_show(value)} is not a number")
        number = float(text)
    if not math.isfinite(number):
        raise CellError(f"{_show(value)} is not a finite number")
    return number


def parse_int(value: object, max_length: int | None = None) -> int:
    """A whole number (``12.0`` from Excel is fine, ``12.5`` is not)."""
    try:
        number = parse_number(value)
    except CellError:
        raise CellError(f"{_show(value)} is not a whole number") from None
    if not number.is_integer() or abs(number) > 2**53:
        raise CellError(f"{_show(value)} is not a whole number")
    return int(number)


def parse_year(value: object, max_length: int | None = None) -> int:
    """A year between 1900 and 2100 (``2021`` or ``2021年``)."""
    text = _as_text(value).removesuffix("年")
    try:
        year = parse_int(text)
    except CellError:
        raise CellError(f"{_show(value)} is not a year") from None
    if not 1900 <= year <= 2100:
        raise CellError(f"{_show(value)} is not a year between 1900 and 2100")
    return year


def parse_date(value: object, max_length: int | None = None) -> date:
    """A date: ``2021-03-05``, ``2021/3/5``, ``2021.3.5``, ``2021年3月5日``, ``20210305``,
    an Excel date cell or an Excel serial day number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and 1 <= value <= 2958465:  # Excel's range: 1900 to 9999
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(f"{_show(value)} is not a date")
    text = unicodedata.normalize("NFKC", _as_text(value))
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise CellError(f"{_show(value)} is not a date (write it as 2021-03-05)")


def parse_bool(value: object, max_length: int | None = None) -> bool:
    """Yes or no: ``true/false``, ``yes/no``, ``1/0``, ``是/否``, ``有/无``, ``√/×``."""
    if isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", _as_text(value)).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"{_show(value)} is not yes or no (write true/false, 是/否 or 1/0)")


def parse_list(value: object, max_length: int | None = None) -> list[str]:
    """Names separated by ``|``, ``;``, ``；``, ``、`` or line breaks; duplicates dropped."""
    text = _as_text(value)
    _check_characters(text, multiline=True)
    items = [parse_name(part, max_length) for part in _LIST_SEPARATORS.split(text)]
    items = list(dict.fromkeys(item for item in items if item))
    if len(items) > MAX_LIST_ITEMS:
        raise CellError(f"{_show(value)} lists {len(items)} items, more than {MAX_LIST_ITEMS}")
    return items


_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


def parse_credit_code(value: object, max_length: int | None = None) -> str:
    """A unified social credit code (统一社会信用代码): 18 characters, upper case.

    >>> parse_credit_code("91371603ma3c00001x")
    '91371603MA3C00001X'
    """
    text = parse_code(value, 18).upper()
    if not _CREDIT_CODE.fullmatch(text):
        raise CellError(f'"{text}" is not a unified social credit code (18 characters)')
    return text


CELL_TYPES: dict[str, CellParser] = {
    "text": parse_text,
    "name": parse_name,
    "code": parse_code,
    "number": parse_number,
    "int": parse_int,
    "year": parse_year,
    "date": parse_date,
    "bool": parse_bool,
    "list": parse_list,
    "credit_code": parse_credit_code,
}
"""Column types by name. ``choice`` columns are ``name`` columns checked against a mapping."""


def register_cell_type(name: str, parser: CellParser) -> None:
    """Add a column type (e.g. ``percent``) that table specs can name; names are unique."""
    if name in CELL_TYPES and CELL_TYPES[name] is not parser:
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
) -> CellValue:
    """Parse one non-blank cell as ``type_name``; blank cells are ``None`` (lists: ``[]``).

    With ``choices`` (surface form -> canonical value, keys in :func:`choice_key` form)
    the parsed name must be one of them and the canonical value is returned.

    >>> parse_cell("大学", "name", choices={"大学": "university"})
    'university'
    """
    if is_blank(value):
        return [] if type_name == "list" else None
    try:
        parser = CELL_TYPES[type_name]
    except KeyError:
        raise CellError(f"unknown column type {type_name!r}") from None
    parsed = parser(value, max_length)
    if choices is None:
        return parsed
    items: list[object] = list(parsed) if isinstance(parsed, list) else [parsed]
    canonical: list[str] = []
    for item in items:
        found = choices.get(choice_key(str(item)))
        if found is None:
            allowed = ", ".join(sorted(set(choices.values())))
            raise CellError(f"{_show(item)} is not one of {allowed}")
        canonical.append(found)
    return canonical if isinstance(parsed, list) else canonical[0]
