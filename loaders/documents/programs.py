"""Talent programmes by their grammar: a quoted name, or a name ending in 人才/英才/学者/计划.

A programme is named as its publisher writes it (``芙蓉人才``, ``潇湘英才``, ``特支计划``):
often in quotes before ``等人才项目``, or bare with a programme ending (``泰山产业领军人才``).
Roles and schemes are not programmes (``科技特派员``, ``院士``, ``专家学者``), nor
campaigns (``百名专家进X``).

>>> text = "帮助企业申报省“芙蓉人才”、市“潇湘英才”等人才项目,邀请科研机构专家学者来访"
>>> [m.surface for m in find_programs(text, [(0, len(text))])]
['芙蓉人才', '潇湘英才']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from graph.model import NodeKind
from loaders.documents.mentions import Mention, left_prefix
from loaders.documents.names import clean_core

__all__ = ["find_programs"]

_ENDING = r"领军人才|创新人才|创业人才|人才计划|人才工程|人才项目|英才计划|英才|学者|人才|计划|工程"
_QUOTED = re.compile(r"[“\"「]([^”\"」“]{2,14})[”\"」]")
_QUOTED_ENDING = re.compile(rf"(?:{_ENDING})$")
# “A”项目, “A”、“B”等人才项目: what follows the quotes says they name programmes
_AFTER_QUOTE = re.compile(
    r"项目|计划|工程|[、,]?[^,。;]{0,12}?等[^,。;]{0,4}人才(?:项目|计划|工程)"
)
_BARE = re.compile(r"领军人才|英才计划|英才|人才计划|人才工程|学者")
# Roles, ranks and groups of people: what a person is, not a programme they enter.
_ROLES = (
    "专家",
    "学者",
    "机构",
    "院校",
    "高校",
    "企业",
    "单位",
    "青年",
    "高层次",
    "高端",
    "优秀",
    "海外",
    "专业",
    "知名",
    "访问",
    "科研",
    "技术",
    "管理",
    "院士",
    "特派员",
    "科学家",
    "大使",
)
_ROLE_NAMES = frozenset(["科技特派员", "院士", "首席科学家", "引才大使", "专家学者", "科技镇长团"])


def find_programs(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[Mention]:
    """Talent programmes in the sentences of ``spans`` that speak of talent."""
    for lower, upper in spans:
        sentence = text[lower:upper]
        if not any(w in sentence for w in ("人才", "学者", "英才")):
            continue
        for match in _QUOTED.finditer(text, lower, upper):
            name = match.group(1)
            after = _AFTER_QUOTE.match(text, match.end())
            if not (_QUOTED_ENDING.search(name) or after):
                continue
            if _role(name) or not clean_core(_QUOTED_ENDING.sub("", name) or name):
                continue
            yield Mention(NodeKind.TALENT_PROGRAM, name, *match.span(1), "quoted")
        for match in _BARE.finditer(text, lower, upper):
            start, end = match.span()
            prefix = left_prefix(text, start, lower, longest=6)
            if prefix is None or _role(prefix) or not clean_core(prefix):
                continue
            if text[start - len(prefix) - 1 : start - len(prefix)] in {"“", '"', "「"}:
                continue  # read with its quotes
            yield Mention(
                NodeKind.TALENT_PROGRAM, prefix + match.group(), start - len(prefix), end, "suffix"
            )


def _role(name: str) -> bool:
    """``科研机构专家``, ``青年``, ``科技特派员``: people, not a programme."""
    return name in _ROLE_NAMES or name.endswith(_ROLES) or name.startswith(_ROLES[-6:])
