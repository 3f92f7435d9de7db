"""Raw cells: the text of a cell as it arrived, whether it says "not given", how a message
quotes it, and :class:`CellError`, the one error a cell parser raises.

The parsers of :mod:`loaders.tables.cells` and :mod:`loaders.tables.quantities` share these;
the module sits below both so that neither imports the other's parsers.

>>> cell_text(371603.0), cell_text("\\ufeff 滨州 ")
('371603', '滨州')
>>> is_not_given("——"), is_not_given("#N/A"), is_not_given("0")
(True, True, False)
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

__all__ = [
    "EXCEL_ERRORS",
    "NOT_GIVEN",
    "CellError",
    "CellValue",
    "cell_text",
    "is_blank",
    "is_not_given",
    "quote_cell",
]

CellValue = str | int | float | bool | date | list[str] | None

NOT_GIVEN = frozenset(
    {"-", "--", "—", "–", "/", "无", "未报", "不详", "暂无", "空", "n/a", "na", "#n/a"}
)
"""Words that fill a cell whose value is not given, in :func:`is_not_given`'s form (NFKC,
case-folded); any run of dashes (``——``, ``---``) counts too."""

EXCEL_ERRORS = frozenset(
    {"#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!"}
)
"""What a formula that failed leaves in a cell (case-folded); ``#N/A`` is "not given"."""

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))  # Excel copy-paste debris
_DASHES = frozenset("-‐‑‒–—―−")


class CellError(ValueError):
    """A cell's value cannot be read as its column's type; the message is the reason."""


def is_blank(value: object) -> bool:
    """True for an empty cell: ``None`` or a string of white space only.

    >>> is_blank("  "), is_blank(0)
    (True, False)
    """
    return value is None or (isinstance(value, str) and not value.translate(_INVISIBLE).strip())


def is_not_given(value: object) -> bool:
    """True for a blank cell or one of the :data:`NOT_GIVEN` words (``—``, ``无``, ``N/A``...).

    >>> is_not_given(" N/A "), is_not_given("暂无"), is_not_given("无限")
    (True, True, False)
    """
    if is_blank(value):
        return True
    if not isinstance(value, str) or len(value) > 20:
        return False
    text = unicodedata.normalize("NFKC", value.translate(_INVISIBLE)).strip().casefold()
    return text in NOT_GIVEN or all(char in _DASHES for char in text)


def quote_cell(value: object) -> str:
    """A value as a message quotes it: short, in double quotes, unprintable characters escaped.

    >>> print(quote_cell("a\\x00b"))
    "a\\x00b"
    """
    text = value if isinstance(value, str) else str(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return f'"{text}"'


def cell_text(value: object) -> str:
    """The text of a cell, trimmed; whole floats lose their ``.0`` (Excel stores 371603 as
    371603.0) and dates at midnight are ISO dates."""
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
