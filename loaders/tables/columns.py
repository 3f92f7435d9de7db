"""Columns of the table kinds: a column's name, type, aliases and the nodes it refers to, the
columns every table accepts, and the form headers are compared in.

>>> Column("revenue", "number", aliases=("营业收入",)).type
'number'
>>> [c.name for c in COMMON_COLUMNS]
['synthetic', 'source', 'note']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from graph.i18n import N_
from graph.model import NodeKind
from loaders.tables.cells import CELL_TYPES, choice_key

__all__ = ["COMMON_COLUMNS", "Column", "header_key"]


@dataclass(frozen=True)
class Column:
    """One column of a table kind.

    ``type`` names a parser of :data:`loaders.tables.cells.CELL_TYPES`. ``ref`` lists the node
    kinds the cell names (tried in order); ``create`` makes an unresolved name a new node of
    ``ref[0]`` instead of a rejected row. ``choices`` maps accepted surface forms to canonical
    values. ``as_property`` keeps the value as a property in :meth:`Row.properties`.
    ``unit`` is the unit the graph stores the value in (``万元`` for money, ``%``, ``人``):
    a header that names another unit (``营业收入（亿元）``) converts the column to it.
    ``extra`` marks a column no spec declares, kept because the table had it (named by
    its header).
    """

    name: str
    type: str = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()
    ref: tuple[NodeKind, ...] = ()
    create: bool = False
    choices: Mapping[str, str] | None = None
    max_length: int | None = None
    as_property: bool = True
    doc: str = ""
    unit: str | None = None
    extra: bool = False

    def __post_init__(self) -> None:
        if self.type == "money" and self.unit is None:
            object.__setattr__(self, "unit", "万元")
        if self.type not in CELL_TYPES:
            # i18n: ok: a spec's typo
            raise ValueError(f"column {self.name!r}: unknown type {self.type!r}")
        if self.choices is not None:
            object.__setattr__(self, "choices", {choice_key(k): v for k, v in self.choices.items()})


COMMON_COLUMNS: tuple[Column, ...] = (
    Column(
        "synthetic",
        "bool",
        aliases=("合成", "示例", "是否示例"),
        as_property=False,
        doc=N_("示例（编造）行填“是”；记入来源的 synthetic 标记（默认“否”）"),
    ),
    Column(
        "source",
        "text",
        aliases=("来源", "出处", "数据来源"),
        max_length=500,
        as_property=False,
        doc=N_("数据出处；记入来源说明的第一部分"),
    ),
    Column(
        "note",
        "text",
        aliases=("备注", "说明"),
        max_length=2000,
        as_property=False,
        doc=N_("对这一行的备注；记入来源说明的第二部分"),
    ),
)
"""Columns every table accepts; they feed the provenance of the row's records."""


def header_key(text: object) -> str:
    """The form headers and aliases are compared in.

    >>> header_key(" Credit-Code "), header_key("*营业收入（万元）")
    ('credit_code', '营业收入(万元)')
    """
    key = unicodedata.normalize("NFKC", str(text)).strip().strip("*").strip().casefold()
    return re.sub(r"[\s\-/]+", "_", key)
