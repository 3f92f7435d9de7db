"""How bureau forms lay out a table around its data, read from the cells alone.

Forms put a title and a ``填报单位：... 填报日期：...`` line above the header, a ``单位：万元``
line saying the unit of every amount, a year merged over the columns of that year, ``合计`` /
``小计`` rows and ``注：`` / ``说明：`` lines under the data, and columns of personal contact
data (联系人, 联系电话...) that this graph never stores. The functions here recognise each.

>>> row_role(["合计", None, 1200])
'total'
>>> row_role(["注：营业收入为2023年数据。"])
'notes'
>>> row_role(["一、化工医药类", None, None])
'section'
>>> row_role(["华升化工", "化工", 1200])
'data'
>>> is_personal_header("联系电话"), is_personal_header("企业名称")
(True, False)
>>> header_year("2022年"), header_year("2022年度研发投入"), header_year("研发投入")
(2022, 2022, None)
>>> split_year("2022年R&D经费支出（万元）")
(2022, 'R&D经费支出（万元）')
>>> header_unit("营业收入（万元）"), header_unit("研发经费占营业收入比重(%)"), header_unit("名称")
('万元', '%', None)
>>> sheet_is_notes("填表说明"), sheet_is_notes("企业名录")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = [
    "IGNORED_HEADERS",
    "PERSONAL_HEADERS",
    "header_unit",
    "header_year",
    "is_ignored_header",
    "is_personal_header",
    "row_role",
    "sheet_is_notes",
    "split_year",
    "strip_unit",
    "table_unit",
]

PERSONAL_HEADERS = (
    "联系人",
    "联系电话",
    "联系方式",
    "电话",
    "手机",
    "手机号",
    "手机号码",
    "座机",
    "传真",
    "身份证",
    "身份证号",
    "身份证号码",
    "证件号码",
    "邮箱",
    "电子邮箱",
    "电子邮件",
    "email",
    "e-mail",
    "qq",
    "微信",
    "微信号",
    "住址",
    "家庭住址",
    "通讯地址",
    "联系地址",
    "法定代表人",
    "法人代表",
    "法人",
    "负责人",
    "填表人",
    "经办人",
)
"""Headers of columns about people (contact data, ID numbers): never read, never stored."""

IGNORED_HEADERS = ("序号", "编号", "行号", "no", "no.", "#")
"""Headers of row-number columns: not facts about anything."""

_TOTAL = re.compile(r"^(合计|小计|总计|共计|累计|汇总|总数|全区合计|全县合计|全市合计)[:：]?$")
_NOTES = re.compile(
    r"^(注|备注|说明|附注|填表说明|数据来源|资料来源|填表人|审核人|制表人|单位负责人|"
    r"统计负责人|联系人|联系电话|填报人|填报日期|报出日期|注\d+)\s*[:：\d]"
)
_PERSONAL = re.compile(
    "|".join(re.escape(h) for h in PERSONAL_HEADERS if not h.isascii()) + r"|^e-?mail|^qq$"
)
_NUMERAL = "一二三四五六七八九十"
_ROLE_STARTS = frozenset("合小总共累汇全注备说附填数资审制单统联报第(（" + _NUMERAL)
"""The characters a total, a notes line or a section label begins with."""
_SECTION = re.compile(
    rf"^(?:[{_NUMERAL}]+[、.．]|[(（][{_NUMERAL}\d]+[)）]|第[{_NUMERAL}\d]+[类部分组])"
)
_YEAR = re.compile(r"^((?:19|20)\d{2})\s*(?:年度?|年)?$")
_YEAR_PREFIX = re.compile(r"^((?:19|20)\d{2})\s*年度?\s*(.+)$")
_YEAR_SUFFIX = re.compile(r"^(.+?)\s*[(（]\s*((?:19|20)\d{2})\s*年度?\s*[)）]$")
_UNIT = re.compile(r"\s*[(（\[【]\s*(?:单位\s*[:：])?\s*([^()（）\[\]【】]{1,8})\s*[)）\]】]\s*$")
_UNIT_WORD = re.compile(
    r"[十百千万亿]*(?:元|美元|人|人次|人年|个|项|家|件|亩|吨|台|套|次|篇|年|月|天|小时|平方米|m2|"
    r"kw|千瓦|千瓦时|度)|%|‰"
)
_TABLE_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|亿元|千元|元)")
_NOTES_SHEETS = re.compile(r"^(填表说明|说明|填报说明|注意事项|备注|readme|notes?|_.*)$")


def _key(text: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).casefold()


def _filled(cells: Sequence[object]) -> list[str]:
    return [str(c).strip() for c in cells if c is not None and str(c).strip()]


def row_role(cells: Sequence[object]) -> str:
    """``total``, ``notes``, ``section`` or ``data`` for a row below the header.

    A total row names itself (``合计``, ``小计``, ``总计``) in one of its first three filled
    cells; a notes row is a remark (``注：``, ``说明：``, ``填表人：``...) in its first filled cell
    with at most one other cell filled; a section row is a lone group label that forms put
    between the rows of a table (``一、化工医药类``, ``（二）农业``).
    """
    filled: list[str] = []
    for cell in cells:  # the first three filled cells decide: rosters are long
        if isinstance(cell, str) and cell.strip():
            filled.append(cell.strip())
        elif cell is not None and not isinstance(cell, str):
            filled.append(str(cell))
        if len(filled) == 3:
            break
    if not filled or not any(cell[:1] in _ROLE_STARTS for cell in filled):
        return "data"  # most rows: nothing a total, a section or a note begins with
    if any(_TOTAL.match(_key(cell)) for cell in filled):
        return "total"
    if len(filled) <= 2 and _NOTES.match(_key(filled[0])):
        return "notes"
    if len(filled) == 1 and _SECTION.match(_key(filled[0])):
        return "section"
    return "data"


def is_personal_header(header: object) -> bool:
    """Whether a column holds personal contact data (联系人, 联系电话, 身份证号, 邮箱...)."""
    key = _key(strip_unit(str(header)))
    return bool(_PERSONAL.search(key)) or key in PERSONAL_HEADERS


def is_ignored_header(header: object) -> bool:
    """Whether a column is a row number (序号)."""
    return _key(header) in IGNORED_HEADERS


def header_year(text: object) -> int | None:
    """The year a header cell names alone (``2022年``) or before a column (``2022年营业收入``)."""
    key = _key(text)
    found = _YEAR.match(key) or _YEAR_PREFIX.match(key) or _YEAR_SUFFIX.match(key)
    if found is None:
        return None
    digits = [g for g in found.groups() if g and g.isdigit()]
    return int(digits[0]) if digits else None


def split_year(text: str) -> tuple[int | None, str]:
    """A header without its year: ``2022年营业收入`` -> ``(2022, '营业收入')``."""
    stripped = text.strip()
    found = _YEAR_PREFIX.match(stripped)
    if found:
        return int(found.group(1)), found.group(2).strip()
    found = _YEAR_SUFFIX.match(stripped)
    if found:
        return int(found.group(2)), found.group(1).strip()
    return None, stripped


def header_unit(text: object) -> str | None:
    """The unit a header names in brackets at its end (``营业收入（万元）`` -> ``万元``); a
    bracket that is not a unit (``所属乡镇（街道）``) is none.

    >>> header_unit("所属乡镇（街道）"), header_unit("从业人员(人)"), header_unit("占比(‰)")
    (None, '人', '‰')
    """
    found = _UNIT.search(unicodedata.normalize("NFKC", str(text)))
    if found is None:
        return None
    unit = found.group(1).strip()
    return unit if _UNIT_WORD.fullmatch(unit.casefold()) else None


def strip_unit(text: str) -> str:
    """A header without its bracketed unit."""
    return _UNIT.sub("", unicodedata.normalize("NFKC", text)).strip()


def table_unit(cells: Sequence[object]) -> str | None:
    """The money unit a line above a table gives for every amount (``单位：万元``)."""
    for cell in _filled(cells):
        found = _TABLE_UNIT.search(_key(cell))
        if found:
            return found.group(1)
    return None


def sheet_is_notes(name: str | None) -> bool:
    """Whether a sheet is instructions or a helper list, not a table (``填表说明``, ``_lists``)."""
    return name is not None and bool(_NOTES_SHEETS.match(_key(name)))
