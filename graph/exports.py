"""Cells for the spreadsheets we write (exports, rejects reports), safe to open in Excel.

Every writer of a CSV or XLSX file passes each cell through :func:`spreadsheet_safe` and
nothing else, so that a name like ``=HYPERLINK("http://x","y")`` read from a bureau's table
or a web page reaches the clerk's spreadsheet as text, never as a formula that runs.

A cell is neutralised the OWASP way (a single quote before it) when its text, lists joined
and NFKC-normalised, starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a
line feed, or with one of the four signs after leading spaces, control or invisible
characters (a zero-width space, a BOM). NFKC because spreadsheets read the full-width ``＝``
of a Chinese input method as ``=``; the rest because some programs trim such characters
before deciding a cell is a formula. A number stays a number: ``-1`` is a negative number,
not a formula.
"""

from __future__ import annotations

import numbers
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum

__all__ = ["EXAMPLE_MARK", "FORMULA_STARTS", "CellValue", "mark_example", "spreadsheet_safe"]

CellValue = str | int | float | Decimal | bool | date | datetime | time | None
"""What a writer may put in a cell: text, a number, a truth value, a date, or nothing."""

FORMULA_STARTS = frozenset("=+-@\t\r\n")
"""First characters (after NFKC) that make a spreadsheet read a cell as a formula."""

_SIGNS = frozenset("=+-@")


def spreadsheet_safe(value: object) -> CellValue:
    """A cell value that a spreadsheet shows as text, never runs as a formula.

    Lists, tuples and sets are joined with ``"; "`` first (and the joined text checked);
    numbers, truth values, dates and ``None`` are kept as they are (numpy's numbers become
    Python's); anything else is its text.

    Examples
    --------
    >>> spreadsheet_safe('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> spreadsheet_safe("＝1+1"), spreadsheet_safe("\\t=1"), spreadsheet_safe("\\u200b@SUM(A1)")
    ("'＝1+1", "'\\t=1", "'\\u200b@SUM(A1)")
    >>> spreadsheet_safe(["=1+1", "a"]), spreadsheet_safe(["a", "=1+1"])
    ("'=1+1; a", 'a; =1+1')
    >>> [spreadsheet_safe(v) for v in (-1, 2.5, None, "华升化工", "-1+2")]
    [-1, 2.5, None, '华升化工', "'-1+2"]
    """
    if isinstance(value, Enum):
        value = value.value
    if value is None or isinstance(value, bool | int | float | Decimal | date | time):
        return value
    if isinstance(value, numbers.Integral):  # numpy's and pandas' integers, from notebooks
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, list | tuple | set | frozenset):
        text = "; ".join(_item_text(item) for item in _ordered(value))
    else:
        text = str(value)
    return "'" + text if _starts_a_formula(text) else text


def _starts_a_formula(text: str) -> bool:
    normalized = unicodedata.normalize("NFKC", text)
    if normalized[:1] in FORMULA_STARTS:
        return True
    for char in normalized:
        if not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf")):
            return char in _SIGNS
    return False


def _item_text(item: object) -> str:
    if isinstance(item, Enum):
        item = item.value
    return "" if item is None else str(item)


def _ordered(items: Iterable[object]) -> Iterable[object]:
    """A set in a stable order, so that two exports of the same graph are the same file."""
    if isinstance(items, set | frozenset):
        return sorted(items, key=str)
    return items


EXAMPLE_MARK = "（示例）"
"""Put after a name in tables and exports when what is shown rests on example (synthetic) data.
A message id: shown through :func:`graph.i18n._`."""


def mark_example(text: str, synthetic: bool) -> str:
    """``text`` followed by the example mark (in the reader's language) when ``synthetic``.

    >>> mark_example("华升化工", True), mark_example("华升化工", False)
    ('华升化工（示例）', '华升化工')
    """
    from graph.i18n import _

    return text + _(EXAMPLE_MARK) if synthetic else text
