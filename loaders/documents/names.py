"""A grammar of organisation names: where a name starts, and what cannot be one.

A registered Chinese company name is ``region + core + industry word + legal form``
(``湖南 宁远 同丰 机械 有限公司``), a farmers' cooperative ``... 种植专业合作社``. Text runs
straight into it, so the finders read a name from its end (the legal form) leftwards and stop
where a name cannot go on: punctuation, or a word no name starts with or holds — a verb
(``签订``, ``推广``), a preposition or conjunction (``与``, ``到``), an adverb or auxiliary
(``积极``, ``将``, ``会``), an ordinal or quantity (``第三批``, ``5家``).

>>> name_start("并到华泰电气")
2
>>> name_start("深化与湖南宁远同丰机械")
3
>>> name_start("学校会将华泰")
4
>>> clean_core("第三批华泰")
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from graph.model import NodeKind
from loaders.documents.mentions import (
    Mention,
    generic_follow,
    industry_of,
    industry_word,
    region_names,
)
from loaders.gazetteers.lexicon import (
    BOUNDARY_WORDS,
    COMPANY_FORMS,
    ENTERPRISE_SUFFIXES,
    GENERIC_PREFIXES,
)

__all__ = [
    "LEGAL_FORMS",
    "NEVER_INSIDE",
    "clean_core",
    "find_registered",
    "find_short_names",
    "name_start",
    "platform_start",
    "plausible_short_name",
    "region_at",
    "starts_with_region",
    "strip_form",
]

LEGAL_FORMS = (
    "集团股份有限公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "股份合作社",
    "专业合作社",
    "联合社",
    "有限公司",
    "合作社",
    "种业中心",
    "集团",
    "公司",
    "厂",
)
"""Endings of registered enterprise names (longest first)."""


def _words(text: str) -> list[str]:
    return text.split()


# Verbs, adverbs and auxiliaries of administrative prose that a name neither starts with nor
# holds; together with the lexicon's boundary words they end the text before a name.
_VERBS = """
到 在 将 会 把 被 让 使 向 对 给 从 自 经 由 为 于 以 与 同 跟 及 和 或 并 且 而 也 又 还
都 均 来 去 就
兑现 紧盯 盯住 助推 推介 携同 建成 建好 聚焦 瞄准 搭建 搭建起 建起 深化 续写 谱写 助力
推广 推行 推出 落实 贯彻 围绕 选取 选择 挑选 确定 遴选 筛选 评选 列入 纳入 作为 成为 包含 涵盖
覆盖 形成 构建 构成 设立 设置 布局 谋划 启动 开启 启用 投产 扩建 改造 升级 转型 承担 承接
负责 主持 发起 倡议 号召 邀请 聘请 聘任 任命 当选 荣获 获评 授予 颁发 表彰 奖励 补助 资助
扶持 拨付 下达 印发 出台 制定 修订 选派 派驻 派出 对口 帮扶 结对 助推 体现 发挥 更多 更加
依托 利用 借助 通过 加强 加快 加大 强化 优化 完善 提升 提高 促进 推动 推进 带动 引导 鼓励
支持 帮助 指导 服务 协助 配合 组织 召开 举办 举行 开展 参加 参与 出席 走访 走进 考察 调研
洽谈 交流 对接 签约 签订 签署 签定 达成 合作 联合 共建 共同 携手 牵手 成立 组建 建立 建设
打造 培育 培养 引进 引入 招引 招商 申报 申请 获批 获得 认定 评为 入选 入驻 落户 投资 投入
实施 完成 实现 开发 研发 研制 攻关 突破 解决 破解 转化 转移 应用 示范 发布 宣传 介绍 汇报
表示 指出 强调 要求 希望 认为 称 说 看望 慰问 陪同 带领 率领 率 来到 前往 赴 深入 积极 主动
努力 全力 大力 着力 重点 持续 不断 进一步 继续 切实 严格 认真 扎实 全面 充分 有效 及时
已 已经 正 正在 曾 先后 分别 相继 随后 目前 今年 去年 明年 年内 全年 近年 近日 日前 当天
会将 将会 能够 可以 应当 需要 必须 计划 准备 争取 力争 确保 预计
学校 我校 我局 我县 我市 我区 我省 该局 该校 该公司 各 各类 全县 全市 全区 全省
"""
_LEFT_WORDS = frozenset(_words(_VERBS)) | frozenset(BOUNDARY_WORDS)
_MAX_WORD = max(len(w) for w in _LEFT_WORDS)
NEVER_INSIDE = frozenset("的了将会把被在着过吗呢吧啊与及并等对向给从到")
"""Characters no organisation name holds."""
_ORDINAL = re.compile(r"第[一二三四五六七八九十百千零〇两\d]+[批次届个期轮年]?")
_QUANTITY = re.compile(r"[一二三四五六七八九十百千万两几多数\d]+[家户个名批项所位次]")
# Words that may sit inside a name although the lexicon lists them as boundaries.
_INSIDE_OK = frozenset(
    ["产业", "企业", "市场", "行业", "服务", "科技", "农业", "工业", "发展", "开发", "建设", "新"]
)


_VERB_SET = frozenset(w for w in _words(_VERBS) if len(w) >= 2) - _INSIDE_OK
# Nouns that end a phrase before a name: an organisation or a place of one.
_STOPS = _VERB_SET | frozenset(
    _words(
        """中心 工作站 平台 基地 政府 大学 学院 研究院 研究所 科技局 管委会 委员会 办公室
        协会 团队 专家"""
    )
)
_ORG_ENDS = frozenset("院所校学司府局会社心站厂委")
# Locatives and adjectives the lexicon lists as boundaries, which names may start with.
_STARTS_OK = frozenset("中上下内外前后间处新大东西南北")


def _cuts(window: str) -> list[int]:
    """Positions right after a left-boundary word, ordinal or quantity in ``window``.

    Words are read left to right, longest first, so ``新增`` is one word, not ``新`` + ``增``.
    """
    cuts = {0}
    i = 0
    while i < len(window):
        n = next(
            (
                n
                for n in range(min(_MAX_WORD, len(window) - i), 0, -1)
                if window[i : i + n] in _LEFT_WORDS or window[i : i + n] in _STOPS
            ),
            0,
        )
        if n:
            cuts.add(i + n)
        i += n or 1
    for pattern in (_ORDINAL, _QUANTITY):
        for match in pattern.finditer(window):
            cuts.add(match.end())
    return sorted(cuts)


def _starts_badly(core: str) -> bool:
    """A verb, adverb, preposition, ordinal or quantity first: no name starts so."""
    if any(
        core[:n] in _LEFT_WORDS or core[:n] in _STOPS
        for n in range(2, min(_MAX_WORD, len(core)) + 1)
    ):
        return True
    if core[0] in _LEFT_WORDS and core[0] not in _STARTS_OK:
        return True
    return bool(_ORDINAL.match(core) or _QUANTITY.match(core))


def clean_core(core: str) -> bool:
    """Whether ``core`` could be (the start of) a name: no verb, ordinal or particle in it.

    ``和``/``同`` join two names when a name's worth (four characters) follows them.

    >>> clean_core("华泰电气"), clean_core("到华泰电气"), clean_core("紧盯特色农业")
    (True, False, False)
    >>> clean_core("宁远同丰机械"), clean_core("江西林科院和赣州金穗农业")
    (True, False)
    """
    if not core or _starts_badly(core) or any(c in NEVER_INSIDE for c in core):
        return False
    if _ORDINAL.search(core):
        return False
    for k, c in enumerate(core):
        # 和/同 joins two names: an organisation's ending before it, or a place after it
        joins = k > 0 and (
            core[k - 1] in _ORG_ENDS
            or starts_with_region(core[k + 1 :])
            or (k >= 4 and len(core) - k - 1 >= 4 and starts_with_region(core))
        )
        if c in "和同" and len(core) - k - 1 >= 2 and joins:
            return False
    return not any(
        core[i : i + n] in _STOPS
        for n in range(2, _MAX_WORD + 1)
        for i in range(1, len(core) - n + 1)
    )


def name_start(window: str, *, min_core: int = 2) -> int | None:
    """Where a name ending at the end of ``window`` starts (an index), or None.

    The leftmost cut after a boundary word whose rest is a clean core (:func:`clean_core`);
    a region name inside the core (``助力通海...``) starts it when what precedes is short.
    """
    for cut in _cuts(window):
        core = window[cut:]
        if len(core) < min_core:
            return None
        if clean_core(core):
            return cut + region_at(core)
    return None


@lru_cache(maxsize=1)
def _regions() -> tuple[frozenset[str], int]:
    names = set(region_names())
    # counties are written without 县/区/市 inside names: 宁远 for 宁远县, 雨花 for 雨花区
    names |= {n[:-1] for n in names if len(n) >= 3 and n[-1] in "县区市旗"}
    return frozenset(names), max(len(n) for n in names)


def starts_with_region(words: str) -> bool:
    """Whether ``words`` begins with a province, city or county name (or 中国/国家).

    >>> starts_with_region("常德农夫堰"), starts_with_region("技术")
    (True, False)
    """
    names, longest = _regions()
    if words.startswith(("中国", "国家", "中华", "全国")):
        return True
    return any(words[:n] in names for n in range(2, min(longest, len(words)) + 1))


def region_at(core: str) -> int:
    """The start of a region name at 0 or after a two- to four-character word (0 if none).

    >>> region_at("助力宁远恒丰纸业")
    2
    >>> region_at("湖南宁远同丰机械")
    0
    """
    names, longest = _regions()
    starts: tuple[int, ...] = (0, *range(2, min(4, len(core) - 3) + 1))
    for i in starts:
        if any(core[i : i + n] in names for n in range(2, longest + 1)):
            return i
    return 0


_REGISTERED = re.compile("|".join(LEGAL_FORMS))
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff()()\-]+$")
_NOT_BEFORE_COMPANY = frozenset("子分该本其母总各此每贵")
# 上市公司, 龙头企业集团: kinds of company, not names
_GENERIC_COMPANY = GENERIC_PREFIXES | {"控股", "投资", "企业", "产业", "报业", "外贸", "上市"}
_MAX_NAME = 22


def find_registered(
    text: str, spans: Iterable[tuple[int, int]], taken: set[int] | None = None
) -> Iterator[Mention]:
    """Enterprises by legal form: ``湖南宁远同丰机械有限公司``, ``...种植专业合作社``.

    >>> text = "大学分别与湖南宁远同丰机械有限公司签定协议"
    >>> [m.surface for m in find_registered(text, [(0, len(text))])]
    ['湖南宁远同丰机械有限公司']
    """
    for lower, upper in spans:
        for match in _REGISTERED.finditer(text, lower, upper):
            start, end = match.span()
            if text.startswith(("有限", "股份", "集团", "有限公司"), end):
                continue  # a longer form goes on (集团有限公司 is found by its own end)
            run = _CJK_RUN.search(text, max(lower, start - _MAX_NAME), start)
            window = run.group() if run else ""
            if taken:
                free = next(
                    (k for k in range(len(window), 0, -1) if start - len(window) + k - 1 in taken),
                    0,
                )
                window = window[free:]
            if not window or (match.group() == "公司" and window[-1] in _NOT_BEFORE_COMPANY):
                continue
            begin = name_start(window, min_core=2)
            if begin is None:
                continue
            core = window[begin:]
            if _region_only(core) or core in _GENERIC_COMPANY:
                continue
            yield Mention(
                NodeKind.ENTERPRISE,
                core + match.group(),
                start - len(core),
                end,
                "registered",
                {"industry_word": "", "form": match.group()},
            )


def strip_form(name: str) -> str:
    """A company name without its legal form: ``中盛宏源公司`` -> ``中盛宏源``.

    >>> strip_form("湖南宁远同丰机械有限公司")
    '湖南宁远同丰机械'
    """
    for form in LEGAL_FORMS:
        if name.endswith(form) and len(name) > len(form):
            return name[: -len(form)]
    return name


def _region_only(core: str) -> bool:
    """``宁远县`` or ``蓝山`` alone is a place, not a company's core."""
    names = region_names()
    return (
        core in names
        or core in {"中国", "全国"}
        or (len(core) <= 3 and core in _regions()[0] and core[-1] in "省市县区")
    )


_WEAK_ENDINGS = tuple(
    _words(
        """新材料 新能源 科技 生态 信息 农业 制造 动力 环保 智能 网络 能源 材料 装备 技术
        工业 电机 股份 集团"""
    )
)


def plausible_short_name(surface: str, after: str = "") -> bool:
    """Whether a short name (``华升化工``) found by its industry word can be a company's.

    Its core must be clean (:func:`clean_core`) and more than a place, and an ending that
    names a field as often as a company (``科技``, ``生态``, ``农业``) is not enough alone:
    then a partner must follow (``永盛农业与X大学``: ``after`` starts with 与/和/同).

    >>> plausible_short_name("华升化工"), plausible_short_name("严格落实科技")
    (True, False)
    >>> plausible_short_name("蓝山生态"), plausible_short_name("到金穗蜂业")
    (False, False)
    >>> plausible_short_name("通辽轴承")  # a city's name, and a strong ending
    True
    """
    weak = surface.endswith(_WEAK_ENDINGS)
    core = surface[:-2]
    if weak and not (after[:1] in {"与", "和", "同"} and len(core) >= 2):
        return False
    return clean_core(core) and not (weak and _region_only(core))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_SHORT_NAME = re.compile(
    rf"(?:{_alternation(ENTERPRISE_SUFFIXES)})(?:{_alternation(COMPANY_FORMS)})?"
)
_MAX_SHORT = 4


def find_short_names(
    text: str, spans: Iterable[tuple[int, int]], taken: set[int]
) -> Iterator[Mention]:
    """Short enterprise names: a core of two to four characters and an industry word.

    ``华升化工``, ``通辽轴承``; a region may come first (``山东京博控股``). The core is
    read with :func:`name_start`; one longer than four characters without a region first
    is not taken (the start of the name is unclear).

    >>> text = "选取金禾纺织、青山种业等龙头企业"
    >>> [m.surface for m in find_short_names(text, [(0, len(text))], set())]
    ['金禾纺织', '青山种业']
    """
    taken = set(taken)
    for lower, upper in spans:
        for match in _SHORT_NAME.finditer(text, lower, upper):
            start, end = match.span()
            if start in taken or generic_follow(text, end):
                continue
            run = _CJK_RUN.search(text, max(lower, start - 10), start)
            window = run.group() if run else ""
            free = next(
                (k for k in range(len(window), 0, -1) if start - len(window) + k - 1 in taken), 0
            )
            window = window[free:]
            begin = name_start(window) if window else None
            if begin is None:
                continue
            core = window[begin:]
            if len(core) > _MAX_SHORT and not starts_with_region(core):
                continue
            if core in GENERIC_PREFIXES or industry_word(core) or core[-1] in "型类性省市区县镇":
                continue
            surface = core + match.group()
            if not plausible_short_name(surface, text[end : end + 1]):
                continue
            taken.update(range(start - len(core), end))
            yield Mention(
                NodeKind.ENTERPRISE,
                surface,
                start - len(core),
                end,
                "suffix",
                {"industry_word": industry_of(match.group())},
            )


_PLATFORM_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff()()\-·]+$")
_PLATFORM_INSIDE = frozenset("与及和")
# Verbs that name what a platform does, inside its name (研发检测中心, 成果转化中心)
_PLATFORM_WORDS = frozenset(
    ["研发", "开发", "研制", "示范", "服务", "转化", "转移", "应用", "孵化"]
)
_BUILD_VERBS = frozenset(["建设", "建成", "创建", "组建", "新建", "申建", "争创", "认定"])


def platform_start(text: str, lower: int, end: int, *, longest: int = 30) -> int | None:
    """Where a platform's name ending at ``end`` starts (an index into ``text``), or None.

    Like :func:`name_start`, but organisations' names and 与/及 may sit inside
    (``湖南省茶叶深加工与综合利用工程技术研究中心``).

    >>> text = "积极完善中科院化工新材料中试基地"
    >>> text[platform_start(text, 0, len(text) - 4) :]
    '中科院化工新材料中试基地'
    """
    run = _PLATFORM_RUN.search(text, max(lower, end - longest), end)
    if run is None:
        return None
    window = run.group()
    # "X中心和Y中心": a platform's type word before 和/与/及 ends the one before
    joined = [
        k for k in range(1, len(window)) if window[k] in "和与及" and window[k - 1] in "心站室地院"
    ]
    # a company's legal form ends the company, not the platform after it
    joined += [window.rfind(form) + len(form) - 1 for form in ("公司", "合作社") if form in window]
    offset = max(joined) + 1 if joined else 0
    window = window[offset:]
    for cut in _cuts(window):
        core = window[cut:]
        if not core:
            return None
        if _starts_badly(core) and not core.startswith(tuple(_STOPS - _VERB_SET)):
            continue
        inside = {c for c in core if c in NEVER_INSIDE} - _PLATFORM_INSIDE
        verbs = (core[i : i + n] for n in (2, 3) for i in range(1, len(core)))
        if inside or any(
            (v in _VERB_SET or v in _BUILD_VERBS) and v not in _PLATFORM_WORDS for v in verbs
        ):
            continue
        return run.start() + offset + cut
    return None
