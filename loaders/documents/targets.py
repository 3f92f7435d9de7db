"""Numeric targets in work plans: ``争取今年再申报高企10家以上`` -> HTE applications >= 10 家.

A clause is a target when it quantifies something and looks forward (``争取``, ``力争``,
``达到``, ``以上`` ...). Achievements (``已完成``, ``累计``) and plain facts
(``全区92家规上工业企业``) are not targets.

>>> [(t.indicator, t.op, t.value, t.unit) for t in find_targets("争取今年再申报高企10家以上。")]
[('new High-Tech Enterprise applications', '>=', 10, '家')]
>>> find_targets("2020年已完成高企申报12家。")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FoundTarget", "find_targets"]

_CLAUSE = re.compile(r"[^,，:：;；。！？!?\n]+")
_QUANTITY = re.compile(
    r"(\d+(?:\.\d+)?)\s*(个百分点|亿元|万元|万人|家|个|项|人|名|件|次|台|套|篇|所|户|批|场|元|亿|万|%|％)"
    r"(以上|以下|以内|左右)?"
)
_FORWARD = re.compile(
    r"争取|力争|确保|计划|目标|预计|力求|达到|突破|新增|新培育|新引进|再|将|要|引进|不少于|至少|以上"
)
_PAST = re.compile(r"已|累计|共有|共计|同比|比上年|较上年|去年|上年|实现了|完成了|达到了")
_OPS = (
    (re.compile(r"不少于|至少|不低于|以上|达到|突破"), ">="),
    (re.compile(r"不超过|不高于|以下|以内"), "<="),
    (re.compile(r"超过"), ">"),
    (re.compile(r"左右|约"), "~"),
)
# Chinese phrase -> indicator name; the first pattern found in the clause wins.
_INDICATORS = (
    (
        re.compile(r"申报.*(高企|高新技术企业)|(高企|高新技术企业).*申报"),
        "new High-Tech Enterprise applications",
    ),
    (re.compile(r"高企|高新技术企业"), "High-Tech Enterprises"),
    (re.compile(r"科技型中小企业.*总数|总数.*科技型中小企业"), "tech-based SMEs in total"),
    (re.compile(r"科技型中小企业"), "tech-based SMEs"),
    (re.compile(r"引进.*技术转移(转化)?机构"), "technology-transfer institutions brought in"),
    (re.compile(r"技术转移(转化)?机构"), "technology-transfer institutions"),
    (re.compile(r"研发投入|R&D经费|研发经费"), "R&D spending"),
    (re.compile(r"专利"), "patents"),
    (re.compile(r"技术合同"), "technology contracts"),
    (re.compile(r"研发平台|创新平台|工程技术研究中心|研发中心"), "innovation platforms"),
    (re.compile(r"人才"), "talents"),
)
_LEADING = re.compile(
    r"^(?:争取|力争|确保|计划|预计|力求|今年|年内|全年|再|将|要|探索|新增|新|共|总数)+"
)


@dataclass
class FoundTarget:
    """A target clause: what is counted, the operator, the value and unit, and where."""

    text: str
    indicator: str
    subject: str
    op: str
    value: int | float
    unit: str
    start: int
    end: int


def find_targets(text: str, lower: int = 0, upper: int | None = None) -> list[FoundTarget]:
    """The targets in ``text[lower:upper]``, one per quantified forward-looking clause."""
    upper = len(text) if upper is None else upper
    found = []
    for clause in _CLAUSE.finditer(text, lower, upper):
        words = clause.group()
        quantity = _QUANTITY.search(words)
        if quantity is None or _PAST.search(words) or not _FORWARD.search(words):
            continue
        start = clause.start() + len(words) - len(words.lstrip())
        stripped = words.strip()
        number = float(quantity.group(1))
        # the operator is read next to the number: 不少于15家, 8亿元以上 (not 省级以上平台5个)
        near = words[max(0, quantity.start() - 4) : quantity.start()] + (quantity.group(3) or "")
        op = "="
        for pattern, symbol in _OPS:
            if pattern.search(near):
                op = symbol
                break
        subject = _LEADING.sub("", words[: quantity.start()].strip())
        subject = re.sub(r"(达到|超过|突破|不少于|至少)$", "", subject) or subject
        indicator = next((name for p, name in _INDICATORS if p.search(words)), subject)
        found.append(
            FoundTarget(
                text=stripped,
                indicator=indicator,
                subject=subject,
                op=op,
                value=int(number) if number.is_integer() else number,
                unit=quantity.group(2),
                start=start,
                end=start + len(stripped),
            )
        )
    return found
