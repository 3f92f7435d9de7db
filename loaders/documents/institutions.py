"""Institutions by their grammar: ``region + field + 研究院``, ``academy + sub-unit``.

An institution the gazetteers do not know is found by its ending (``大学``, ``学院``,
``研究院``, ``研究所``, ``科所``) and read leftwards with the name grammar of
:mod:`loaders.documents.names`. What is not an institution although it ends like one:

- a bare field before the ending (``技术研究院``, ``材料研究院``, ``园艺学院``): a field of
  study names a department, not an organisation, unless a place or a proper name comes first;
- a school of a university (``X大学园艺学院``): the university is the institution;

An academy followed by a sub-unit (``中国科学院`` + ``植物所``, ``X农业科学院`` +
``蔬菜所``) is one institution: the institute.

>>> text = "与湖南农业大学园艺学院、永州市农业科学研究院和技术研究院合作"
>>> [m.surface for m in find_institutions(text, [(0, len(text))], set(range(1, 7)))]
['永州市农业科学研究院']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from graph.model import NodeKind
from loaders.documents.mentions import Mention
from loaders.documents.names import name_start, starts_with_region

__all__ = ["find_institutions", "join_subunits", "only_fields"]

# 科院/科大/农大 ... are abbreviations (江西林科院, 省农科大), resolved by loaders.resolve
_ENDING = re.compile(r"大学|学院|研究院|研究所|科学院|科所|科院|科大|农大|师大|工大|医大|交大")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff()()]+$")
_NOT_AFTER = ("生", "派", "科技园")
_MAX_NAME = 20
_ABBREVIATED = frozenset(["科院", "科大", "农大", "师大", "工大", "医大", "交大"])
_MAX_ABBREVIATED = 4
_RELATIVE = frozenset("省市县区")

# Fields of study and work: a name made of these alone is a department or a category.
_FIELDS = frozenset(
    str.split(
        """
    技术 科学 科技 材料 工程 农村 农业 发展 品质 安全 教育 成人 继续 职业 环境 资源 园艺
    食品 生命 信息 机械 电子 电气 经济 管理 化学 化工 物理 数学 生物 医学 药学 农学 林学
    动物 植物 动物医学 园林 草业 水利 建筑 土木 交通 能源 动力 计算机 软件 人工智能 智能 制造
    外国语 马克思主义 文学 艺术 音乐 体育 法学 商学 新闻 传播 历史 哲学 理学 工学 海洋 地理
    测绘 遥感 光电 通信 控制 自动化 先进 高新 产业 创新 应用 基础 综合 现代 设计 规划 研究
    社会 公共 国际 产品 加工 储运 保护 生态 与 及 和 高分子 新 战略 政策 数字 乡村 振兴
    """
    )
)
_MAX_FIELD = max(len(w) for w in _FIELDS)


def only_fields(words: str, *, extra: frozenset[str] = frozenset()) -> bool:
    """Whether ``words`` is made of field-of-study words only (``食品科学与工程``).

    >>> only_fields("食品科学与工程"), only_fields("黄河三角洲生态环境")
    (True, False)
    """
    i = 0
    while i < len(words):
        n = next(
            (
                n
                for n in range(min(_MAX_FIELD + 1, len(words) - i), 0, -1)
                if words[i : i + n] in _FIELDS or words[i : i + n] in extra
            ),
            0,
        )
        if not n:
            return False
        i += n
    return True


def find_institutions(
    text: str, spans: Iterable[tuple[int, int]], taken: set[int]
) -> Iterator[Mention]:
    """Institutions by their ending, outside the characters ``taken`` by earlier finders."""
    for lower, upper in spans:
        for match in _ENDING.finditer(text, lower, upper):
            start, end = match.span()
            if start in taken or text.startswith(_NOT_AFTER, end):
                continue
            run = _CJK_RUN.search(text, max(lower, start - _MAX_NAME), start)
            window = run.group() if run else ""
            free = next(
                (k for k in range(len(window), 0, -1) if start - len(window) + k - 1 in taken), 0
            )
            window = window[free:]
            if match.group() in _ABBREVIATED:
                window = window[-_MAX_ABBREVIATED:]
            begin = name_start(window) if window else None
            if begin is None and len(window) >= 2 and window[-2] in _RELATIVE:
                begin = len(window) - 2  # 省农科大: 省 stands for the document's province
            if begin is None:
                continue
            prefix = window[begin:]
            if begin and window[begin - 1] in _RELATIVE and len(prefix) <= 2:
                prefix = window[begin - 1 :]
            if _college(text, start - len(prefix), match.group()):
                continue
            if only_fields(prefix) and not starts_with_region(prefix):
                continue
            yield Mention(
                NodeKind.INSTITUTION, prefix + match.group(), start - len(prefix), end, "suffix"
            )


def _college(text: str, start: int, ending: str) -> bool:
    """A school or department right after its university (``X大学园艺学院``)."""
    if ending not in {"学院", "研究院", "研究所"}:
        return False
    return text[max(0, start - 2) : start] in {"大学", "学院"}


_SUBUNIT = re.compile(r"[\u4e00-\u9fff]{1,14}?(?:研究所|所|研究中心)")


def join_subunits(text: str, mentions: list[Mention]) -> None:
    """Extend an academy's mention over the institute named right after it, in place.

    ``中科院`` + ``植物所`` -> ``中科院植物所``; the academy alone is no longer a mention.
    """
    for m in mentions:
        if m.kind != NodeKind.INSTITUTION or not m.surface.endswith(("科学院", "科院", "研究院")):
            continue
        sub = _SUBUNIT.match(text, m.end)
        if sub is None or text.startswith(_NOT_AFTER, sub.end()):
            continue
        words = sub.group()
        if name_start(words[:-1] if words.endswith("所") else words) != 0:
            continue
        m.surface += words
        m.end = sub.end()
