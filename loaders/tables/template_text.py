"""What a fill-in template says, before any workbook: sheet names, column headers, the
words a drop-down offers, the example values (``template_examples.yaml``) and the Chinese
explanation of each column. :mod:`loaders.tables.template` writes them into a workbook.

>>> from loaders.tables.registry import get_table
>>> spec = get_table("enterprises")
>>> sheet_name(spec), column_header(spec.columns[0])
('企业', '*企业名称')
>>> choice_words(get_table("talent_programs").column_for_header("级别"))
['国家级', '省级', '市级', '区级']
>>> example_row(spec)["name"], example_row(spec)["synthetic"]
('示例科技有限公司', '是')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.i18n import _
from graph.model import NodeKind
from loaders.tables.cells import choice_key
from loaders.tables.columns import Column, header_key
from loaders.tables.registry import registered_tables
from loaders.tables.specs import TableSpec

__all__ = [
    "EXAMPLES_FILE",
    "TYPE_LABELS",
    "choice_words",
    "column_header",
    "example_row",
    "explain_type",
    "explain_values",
    "node_kind_names",
    "sheet_name",
    "sheet_names",
    "template_spec",
]

EXAMPLES_FILE = Path(__file__).with_name("template_examples.yaml")

TYPE_LABELS = {
    "text": "文本",
    "money": "金额",
    "percent": "百分比",
    "name": "名称（单行文本）",
    "code": "代码（字母、数字）",
    "number": "数字",
    "int": "整数",
    "year": "年份",
    "date": "日期",
    "bool": "是否",
    "list": "列表（用、分隔）",
    "credit_code": "统一社会信用代码",
}
"""Chinese labels of the column types; a type not listed shows its English name."""

_BOOL_WORDS = ("是", "否")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _chinese(names: Iterable[str]) -> str | None:
    return next((name for name in names if _CJK.search(name)), None)


def sheet_name(spec: TableSpec, *, taken: Iterable[str] = ()) -> str:
    """The kind's Chinese name (its first Chinese alias), else its English name; the English
    name too when the Chinese one is ``taken`` by another kind."""
    chinese = _chinese(spec.aliases)
    return chinese if chinese is not None and chinese not in set(taken) else spec.name


def sheet_names(specs: Sequence[TableSpec] | None = None) -> dict[str, str]:
    """Kind name -> sheet name for ``specs`` (default: every registered kind, in order), each
    Chinese name used once: a later kind whose Chinese name is taken keeps its English one.

    >>> sheet_names()["institutions"], sheet_names()["needs"]
    ('高校院所', '需求')
    """
    names: dict[str, str] = {}
    for spec in registered_tables() if specs is None else specs:
        names[spec.name] = sheet_name(spec, taken=names.values())
    return names


def column_header(column: Column) -> str:
    """The header a template gives ``column``: its first Chinese alias (the synthetic column:
    ``示例``), ``*`` in front when required, its unit in brackets when it has one."""
    label = "示例" if column.name == "synthetic" else _chinese(column.aliases) or column.name
    unit = getattr(column, "unit", None)
    return f"{'*' if column.required else ''}{label}{f'（{unit}）' if unit else ''}"


def choice_words(column: Column) -> list[str]:
    """The words a drop-down offers: one Chinese word per value of a fixed-value column
    (a preferred word of ``template_examples.yaml`` when the column accepts it), ``是/否``
    for a yes-or-no column, nothing for the others."""
    if column.type == "bool":
        return list(_BOOL_WORDS)
    if not column.choices:
        return []
    preferred = {choice_key(word) for word in _examples()["preferred_words"]}
    words = []
    for value, forms in _surfaces(column).items():
        chinese = [form for form in forms if _CJK.search(form)]
        best = next((form for form in chinese if form in preferred), None)
        words.append(best or (chinese[0] if chinese else value))
    return words


def _surfaces(column: Column) -> dict[str, list[str]]:
    """Canonical value -> the forms a fixed-value column accepts for it."""
    surfaces: dict[str, list[str]] = {}
    for surface, value in (column.choices or {}).items():
        surfaces.setdefault(value, []).append(surface)
    return surfaces


def template_spec(name: str) -> TableSpec:
    """The kind ``name`` means: its English name, an alias or its Chinese name
    (``KeyError`` listing the kinds if none)."""
    key = header_key(name)
    for spec in registered_tables():
        if key in {header_key(surface) for surface in (spec.name, *spec.aliases)}:
            return spec
    known = ", ".join(f"{kind} ({sheet})" for kind, sheet in sheet_names().items())
    raise KeyError(_("没有表的种类 {name}；可选：{known}").format(name=repr(name), known=known))


@cache
def _examples() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return data


def example_row(spec: TableSpec) -> dict[str, object]:
    """The example values of a kind, by column name (lists joined with ``、``); empty for a
    kind ``template_examples.yaml`` does not know."""
    own = _examples()["examples"].get(spec.name)
    if own is None:
        return {}
    values: dict[str, object] = {}
    for column in spec.all_columns:
        value = own.get(column.name, _examples()["common"].get(column.name))
        if isinstance(value, list):
            value = "、".join(str(item) for item in value)
        if value is not None:
            values[column.name] = value
    return values


def _ref_text(column: Column, names: Mapping[NodeKind, str]) -> str:
    targets = "、".join(names.get(kind, kind.value) for kind in column.ref)
    rule = "未知名称将新建" if column.create else "名称须已在图中或本次载入的表中"
    return f"指向{targets}（{rule}）"


def explain_type(column: Column, kinds: Mapping[NodeKind, str] | None = None) -> str:
    """The column's type in Chinese, and what it refers to (``kinds`` names the node kinds,
    as :func:`node_kind_names` does by default).

    >>> from loaders.tables.registry import get_table
    >>> explain_type(get_table("needs").column_for_header("企业名称"))
    '名称（单行文本）；指向企业（名称须已在图中或本次载入的表中）'
    >>> explain_type(get_table("needs").column_for_header("状态"))
    '固定值（从下拉列表选择）'
    """
    if column.choices:
        several = column.type == "list"
        return "固定值，可填多个（用、分隔）" if several else "固定值（从下拉列表选择）"
    label = TYPE_LABELS.get(column.type, column.type)
    if not column.ref:
        return label
    return f"{label}；{_ref_text(column, node_kind_names() if kinds is None else kinds)}"


def explain_values(column: Column) -> str:
    """The values of a fixed-value column, one a line: the drop-down's word, the value the
    graph stores, and the other forms accepted (``是 / 否`` for yes-or-no).

    >>> from loaders.tables.registry import get_table
    >>> print(explain_values(get_table("needs").column_for_header("状态")))
    待对接（open），也可写：征集中
    已对接（matched），也可写：对接中
    已解决（solved）
    关闭（closed），也可写：已关闭
    """
    if column.type == "bool":
        return "是 / 否"
    lines = []
    for word, (value, forms) in zip(choice_words(column), _surfaces(column).items(), strict=True):
        others = [form for form in forms if form not in (word, choice_key(value))]
        lines.append(f"{word}（{value}）" + (f"，也可写：{'、'.join(others)}" if others else ""))
    return "\n".join(lines)


def node_kind_names(names: Mapping[str, str] | None = None) -> dict[NodeKind, str]:
    """Node kind -> the sheet name of the first table that makes it (``企业``), for saying
    what a column refers to; ``names`` as :func:`sheet_names` gives them."""
    names = sheet_names() if names is None else names
    out: dict[NodeKind, str] = {}
    for spec in registered_tables():
        for kind in spec.produces:
            if spec.name in names:
                out.setdefault(kind, names[spec.name])
    return out
