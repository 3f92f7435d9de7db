"""pydantic's validation errors in the reader's language, from their ``type`` and ``ctx``.

pydantic writes its messages in English, but each error also carries a stable ``type``
(``missing``, ``string_too_long``...) and, in ``ctx``, the numbers its message quotes. Here each
common type has a Chinese message (English in the catalogue) filled from ``ctx``. An error our
own validators raise (``value_error``, ``assertion_error``) is already in the reader's language
and is shown as raised; a type not listed here is named in a general message.

>>> field_error_message({"type": "string_too_long", "ctx": {"max_length": 200}})
'文本过长：最多 200 个字符'
>>> field_error_message({"type": "enum", "ctx": {"expected": "'a', 'b' or 'c'"}})
"应为以下之一：'a'、'b'、'c'"
>>> field_error_message({"type": "value_error", "ctx": {"error": ValueError("需求文本过长")}})
'需求文本过长'
>>> from graph.i18n import use_language
>>> with use_language("en"):
...     field_error_message({"type": "missing"})
'required: this field is missing'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from graph.i18n import N_, _

__all__ = ["FIELD_ERROR_MESSAGES", "field_error_message", "field_errors_text"]

_DATE = N_("应为有效日期（YYYY-MM-DD）")
_DATETIME = N_("应为有效的日期时间（ISO 8601，如 2024-05-01T08:00:00）")
_NUMBER = N_("应为数字")
_OBJECT = N_("应为 JSON 对象")
_URL = N_("应为有效的网址（URL）")

FIELD_ERROR_MESSAGES: dict[str, str] = {
    "missing": N_("缺少此项（必填）"),
    "extra_forbidden": N_("不认识的字段（不接受多余的字段）"),
    "string_type": N_("应为文本"),
    "string_too_short": N_("文本过短：至少 {min_length} 个字符"),
    "string_too_long": N_("文本过长：最多 {max_length} 个字符"),
    "string_pattern_mismatch": N_("文本格式不符：应匹配 {pattern}"),
    "string_unicode": N_("应为有效的 Unicode 文本"),
    "int_type": N_("应为整数"),
    "int_parsing": N_("应为整数：无法把该文本读作整数"),
    "int_parsing_size": N_("整数位数过多，无法读取"),
    "int_from_float": N_("应为整数，不能有小数部分"),
    "float_type": _NUMBER,
    "float_parsing": N_("应为数字：无法把该文本读作数字"),
    "decimal_type": _NUMBER,
    "decimal_parsing": N_("应为数字：无法把该文本读作数字"),
    "finite_number": N_("应为有限的数字（不能是无穷大或 NaN）"),
    "bool_type": N_("应为布尔值（true 或 false）"),
    "bool_parsing": N_("应为布尔值（true 或 false）"),
    "greater_than": N_("应大于 {gt}"),
    "greater_than_equal": N_("应大于或等于 {ge}"),
    "less_than": N_("应小于 {lt}"),
    "less_than_equal": N_("应小于或等于 {le}"),
    "multiple_of": N_("应为 {multiple_of} 的倍数"),
    "enum": N_("应为以下之一：{expected}"),
    "literal_error": N_("应为以下之一：{expected}"),
    "json_invalid": N_("不是有效的 JSON"),
    "json_type": N_("JSON 输入应为文本或字节"),
    "list_type": N_("应为列表"),
    "set_type": N_("应为列表"),
    "tuple_type": N_("应为列表"),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "too_short": N_("项数过少：至少 {min_length} 项，实际 {actual_length} 项"),
    "too_long": N_("项数过多：最多 {max_length} 项，实际 {actual_length} 项"),
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "url_type": _URL,
    "url_parsing": _URL,
    "url_scheme": N_("网址的协议应为 {expected_schemes}"),
    "uuid_type": N_("应为有效的 UUID"),
    "uuid_parsing": N_("应为有效的 UUID"),
    "none_required": N_("应为空（null）"),
}
"""The message of each common pydantic error type (its ``ctx`` fills the placeholders)."""

_OWN = frozenset({"value_error", "assertion_error"})
"""Raised by our validators, whose messages are already in the reader's language."""
_CHOICES = re.compile(r", | or ")


def _choices(expected: object) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as a list in the reader's language."""
    return _("、").join(part for part in _CHOICES.split(str(expected)) if part)


def field_error_message(error: Mapping[str, Any]) -> str:
    """The message of one pydantic error (a dict of ``ValidationError.errors()``)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in _OWN and "error" in ctx:
        return str(ctx["error"])
    template = FIELD_ERROR_MESSAGES.get(kind)
    if template is None:
        return _("取值无效（错误类型 {type}）").format(type=kind)
    values = _Values({key: str(value) for key, value in ctx.items()})
    for key in ("expected", "expected_schemes"):
        if key in values:
            values[key] = _choices(values[key])
    return _(template).format_map(values)


class _Values(dict[str, str]):
    """``ctx`` as placeholders; one the error did not carry shows as ``?``."""

    def __missing__(self, key: str) -> str:
        return "?"


def field_errors_text(errors: Iterable[Mapping[str, Any]], *, skip: int = 0) -> str:
    """Each error as ``where: message``, joined: ``body.k: 应大于或等于 1``.

    ``skip`` leaves out the first parts of each location (``1`` drops ``body``/``query``).
    """
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in list(error.get("loc", ()))[skip:])
        message = field_error_message(error)
        parts.append(f"{where}: {message}" if where else message)
    return _("；").join(parts)
