"""Numeric targets: ``争取今年再申报高企10家以上`` -> HTE applications >= 10 家.

A target is a forward-looking number: a plan, a task, a quota or a forecast. Achievements,
progress and completion figures are never targets (``已完成``, ``累计``, ``同比增长``).

How a clause is told forward-looking depends on the document: in a plan (a title or opening
naming 工作要点, 工作计划, 规划, 方案, 任务目标 ...), a quantified clause without a past cue
with a weak cue (``新增``, ``达到``, ``完成``) or ending in its number is a task
(``扩繁种苗20万株``, not ``全区92家规上工业企业``); in a report or a news item only clauses
with a strong forward cue count (``争取``, ``力争``, ``确保``, ``预计``, ``计划``, ``目标``,
``应完成`` ...), so ``新增平台3家`` or ``产值突破4亿元`` there are achievements. A past cue
holds for the clauses after it in its sentence (``拥有高企45家,工程中心12家``), and so does a
strong forward cue (``将力争新增3家,成交额突破2亿元``).

The operator follows the text: ``以上``, ``确保``, ``不少于``, ``达到``/``达``/``到达`` -> ``>=``;
``突破``/``超过``/``超`` -> ``>``; ``以下``/``不超过`` -> ``<=``; a bare number -> ``=``. A range
(``5-8家``) is ``>=`` its lower bound with ``value_max``. ``分别达到99%、70%、30%以上`` gives one
target per value.

>>> [(t.indicator, t.op, t.value, t.unit) for t in find_targets("争取今年再申报高企10家以上。")]
[('new High-Tech Enterprise applications', '>=', 10, '家')]
>>> find_targets("2020年已完成高企申报12家。")
[]
>>> [(t.op, t.value, t.value_max) for t in find_targets("力争新增孵化器5-8家。")]
[('>=', 5, 8)]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from graph.i18n import N_, _

__all__ = ["INDICATOR_LABELS", "FoundTarget", "find_targets", "indicator_label", "is_plan"]

_CLAUSE = re.compile(r"[^,，:：;；。！？!?\n]+")
_UNITS = (
    "个百分点|亿元|万元|万人次|人次|万人|万亩|万株|万吨|万头|万只|公顷|平方米|千瓦|家|个|项|人|名|件"
    "|次|台|套|篇|所|户|批|场|元|亿|万|亩|株|只|头|吨|%|％"
)
_NUMBER = r"(\d+(?:\.\d+)?)"
_QUANTITY = re.compile(
    rf"{_NUMBER}(?:\s*(?:-|—|~|～|至|到)\s*{_NUMBER})?\s*({_UNITS})(以上|以下|以内|左右)?"
)
_STRONG = re.compile(
    r"争取|力争|确保|计划(?!项目|专项)|目标|预计|力求|拟|将|要|应完成|应达|任务|指标数|不少于|至少"
    r"|不低于"
)
_WEAK = re.compile(r"达到|到达|突破|新增|新培育|新引进|再|引进|以上|完成|实现")
_PAST = re.compile(
    r"已|累计|共有|共计|拥有|现有|同比|比上年|较上年|去年|上年|实现了|完成了|达到了|截至|截止"
    r"|增长了|目前"
)
_OPS = (
    (re.compile(r"不少于|至少|不低于|以上|达到|到达|达|确保"), ">="),
    (re.compile(r"不超过|不高于|以下|以内"), "<="),
    (re.compile(r"突破|超过|超"), ">"),
    (re.compile(r"左右|约"), "~"),
)
_PLAN = re.compile(r"工作要点|工作计划|年度计划|规划|实施方案|工作安排|工作思路|任务目标|重点任务")
_REPORT = re.compile(r"总结|汇报|报道|新闻|进展情况")
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
INDICATOR_LABELS = {
    "new High-Tech Enterprise applications": N_("新申报高新技术企业"),
    "High-Tech Enterprises": N_("高新技术企业"),
    "tech-based SMEs in total": N_("科技型中小企业总数"),
    "tech-based SMEs": N_("科技型中小企业"),
    "technology-transfer institutions brought in": N_("引进的技术转移机构"),
    "technology-transfer institutions": N_("技术转移机构"),
    "R&D spending": N_("研发投入"),
    "patents": N_("专利"),
    "technology contracts": N_("技术合同"),
    "innovation platforms": N_("创新平台"),
    "talents": N_("人才"),
}
"""Each indicator name (an id the measures in ``targets.yaml`` are keyed by) as people read it."""


def indicator_label(indicator: str) -> str:
    """An indicator in the reader's language (the name itself when it has no label).

    >>> indicator_label("tech-based SMEs in total")
    '科技型中小企业总数'
    """
    label = INDICATOR_LABELS.get(indicator)
    return _(label) if label else indicator


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
    value_max: int | float | None = None


@lru_cache(maxsize=64)
def _plan_head(head: str) -> bool:
    title = head.split("\n", 1)[0] if head.startswith(tuple("0123456789")) else head
    return bool(_PLAN.search(title)) and not _REPORT.search(title[:80])


def is_plan(text: str) -> bool:
    """Whether a document is a plan (its opening names 工作要点, 计划, 规划 ...), not a report.

    >>> is_plan("2023年工作要点\\n一、..."), is_plan("上半年工作总结\\n今年以来计划...")
    (True, False)
    """
    return _plan_head(text[:600])


def _number(value: str) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def find_targets(text: str, lower: int = 0, upper: int | None = None) -> list[FoundTarget]:
    """The targets in ``text[lower:upper]``: every value of a forward-looking clause."""
    upper = len(text) if upper is None else upper
    plan = is_plan(text)
    found = []
    past = ahead = False
    for clause in _CLAUSE.finditer(text, lower, upper):
        words = clause.group()
        if clause.start() == lower or text[clause.start() - 1] in "。！？!?;；\n":
            past = ahead = False
        if _PAST.search(words):
            past, ahead = True, False
            continue
        strong = bool(_STRONG.search(words))
        ahead = ahead or strong
        quantities = list(_QUANTITY.finditer(words))
        if not quantities or (past and not strong):
            continue
        if not (ahead or _forward(words, quantities[-1], plan=plan)):
            continue
        if len(quantities) > 1 and not _listed(words, quantities):
            quantities = quantities[:1]
        start = clause.start() + len(words) - len(words.lstrip())
        stripped = words.strip()
        last_suffix = quantities[-1].group(4) or ""
        for quantity in quantities:
            found.append(
                _target(words, quantity, last_suffix, stripped, start, len(quantities) > 1)
            )
    return found


def _forward(words: str, last: re.Match[str], *, plan: bool) -> bool:
    """A strong cue anywhere; in a plan also a weak cue, or a task ending in its number."""
    if _STRONG.search(words):
        return True
    if not plan:
        return False
    return bool(_WEAK.search(words)) or not words[last.end() :].strip()


def _listed(words: str, quantities: list[re.Match[str]]) -> bool:
    """``99%、70%、30%``: values one after another, joined by 、 (one target each)."""
    gaps = [words[a.end() : b.start()] for a, b in itertools.pairwise(quantities)]
    return all(g in {"、", "和", "及"} for g in gaps)


def _target(
    words: str, quantity: re.Match[str], last_suffix: str, text: str, start: int, listed: bool
) -> FoundTarget:
    # the operator is read next to the number: 不少于15家, 8亿元以上 (not 省级以上平台5个)
    head = quantity.start() if not listed else _list_start(words, quantity)
    near = words[max(0, head - 4) : head] + (quantity.group(4) or (last_suffix if listed else ""))
    op = next((symbol for pattern, symbol in _OPS if pattern.search(near)), "=")
    value_max = _number(quantity.group(2)) if quantity.group(2) else None
    if value_max is not None:
        op = ">="
    subject = _LEADING.sub("", words[: quantity.start()].strip())
    subject = re.sub(r"(达到|到达|超过|突破|不少于|至少|分别)+$", "", subject) or subject
    indicator = next((name for p, name in _INDICATORS if p.search(words)), subject)
    return FoundTarget(
        text=text,
        indicator=indicator,
        subject=subject,
        op=op,
        value=_number(quantity.group(1)),
        unit=quantity.group(3),
        start=start,
        end=start + len(text),
        value_max=value_max,
    )


def _list_start(words: str, quantity: re.Match[str]) -> int:
    """Where a list of values begins (its operator stands before the first)."""
    i = quantity.start()
    while i > 0 and (words[i - 1].isdigit() or words[i - 1] in "、.%％和及"):
        i -= 1
    return i
