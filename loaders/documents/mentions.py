"""Finding names in normalised Chinese text: gazetteer scans and suffix patterns.

Every finder returns :class:`Mention` records with character spans in the normalised text.
They decide *where* a name is; :mod:`loaders.resolve` decides *which* entity it names.

>>> text = "鼓励支持华升化工、建华建材研发中心建设"
>>> [m.surface for m in find_enterprises(text, [(0, len(text))])]
['华升化工', '建华建材']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from graph.model import NodeKind
from loaders.gazetteers import Gazetteer
from loaders.gazetteers.lexicon import (
    BOUNDARY_WORDS,
    COMPANY_FORMS,
    ENTERPRISE_SUFFIXES,
    GENERIC_FOLLOWERS,
    GENERIC_PREFIXES,
    INDUSTRY_ENDINGS,
    INDUSTRY_WORDS,
    INSTITUTION_SUFFIXES,
    PLATFORM_TYPES,
)

__all__ = [
    "CJK",
    "Mention",
    "Scanner",
    "enterprise_industry",
    "find_enterprises",
    "find_institutions",
    "find_programs",
    "gazetteer_scanner",
    "generic_follow",
    "industry_of",
    "industry_word",
    "left_prefix",
    "region_names",
    "sentences",
    "short_name",
]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_BOUNDARY_SET = frozenset(BOUNDARY_WORDS)
_MAX_BOUNDARY = max(len(w) for w in BOUNDARY_WORDS)
_CONJUNCTIONS = frozenset("和与及等的了是")
_VERB_ENDS = _BOUNDARY_SET - frozenset(
    ["产业", "行业", "领域", "市场", "企业", "公司", "单位", "园区", "团队", "专家"]
)


@dataclass
class Mention:
    """A name found in the text: what it looks like, where, what kind, by which finder."""

    kind: NodeKind
    surface: str
    start: int
    end: int
    finder: str
    properties: dict[str, str] = field(default_factory=dict)
    proper: str | None = None
    """The name to resolve when not the span's own: with characters conversion cannot
    restore kept, or the full name a short one stands for in the document."""

    def overlaps(self, other: Mention) -> bool:
        """Whether the two spans share a character."""
        return self.start < other.end and other.start < self.end


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences (ended by 。！？； or a line break), blank ones left out.

    >>> sentences("一。二\\n\\n三")
    [(0, 2), (2, 4), (5, 6)]
    """
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.end()].strip():
            spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def left_prefix(text: str, end: int, lower: int, *, longest: int = 4) -> str | None:
    """The name part just before ``end``: back to the nearest boundary word or punctuation.

    >>> left_prefix("年内重点抓好达民", 8, 0)
    '达民'
    >>> left_prefix("支持山东京博", 6, 0)
    '山东京博'
    >>> left_prefix("和", 1, 0) is None
    True
    """
    start = max(lower, end - longest - _MAX_BOUNDARY - 2)
    window = text[start:end]
    cut = 0
    for i, char in enumerate(window):
        if not CJK.match(char):
            cut = i + 1
    window = window[cut:]
    chosen = None
    for j in range(len(window) - 2, 0, -1):
        if any(window[j - n : j] in _BOUNDARY_SET for n in range(1, min(j, _MAX_BOUNDARY) + 1)):
            chosen = window[j:]
            break
    if chosen is None:
        chosen = window[-2:] if cut == 0 and start > lower and len(window) > longest else window
    if len(chosen) > longest:
        chosen = chosen[-2:]
    if len(chosen) < 2 or chosen in _BOUNDARY_SET or chosen[-2:] in _VERB_ENDS:
        return None
    if chosen[-1] in _CONJUNCTIONS:
        return None
    return chosen


def industry_word(item: str) -> bool:
    """Whether a list item names an industry (农牧, 无花果加工) rather than a company."""
    return item in INDUSTRY_WORDS or (
        2 <= len(item) <= 6 and item.endswith(INDUSTRY_ENDINGS) and item not in GENERIC_PREFIXES
    )


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_REGISTERED = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司")
_ENTERPRISE = re.compile(
    rf"(?:{_alternation(ENTERPRISE_SUFFIXES)})(?:{_alternation(COMPANY_FORMS)})?"
    rf"|(?:{_alternation(_REGISTERED)})"
)
_SHORT = re.compile(rf"(?:{_alternation(COMPANY_FORMS)})$")
_ENTERPRISE_END = re.compile(
    rf"(?:{_alternation(ENTERPRISE_SUFFIXES)})(?:{_alternation(COMPANY_FORMS)})?$"
)
_INSTITUTION = re.compile(rf"(?:{_alternation(INSTITUTION_SUFFIXES)})")
_PROGRAM = re.compile(r"(?:领军人才|学者|英才计划|英才|人才计划|人才工程)")
_QUOTED_PROGRAM = re.compile(r"[“\"「]([^”\"」]{2,12})[”\"」](?:项目|计划|工程)")


def generic_follow(text: str, end: int) -> bool:
    """Whether what follows an industry word makes it a category (``化工企业``, ``科技创新``)."""
    if text.startswith(PLATFORM_TYPES, end):
        return False
    return text.startswith(GENERIC_FOLLOWERS, end)


def find_enterprises(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[Mention]:
    """Enterprises named by an industry word or company form after a short proper name."""
    for lower, upper in spans:
        for match in _ENTERPRISE.finditer(text, lower, upper):
            start, end = match.span()
            if generic_follow(text, end):
                continue
            prefix = _region_prefixed(text, start, lower) or left_prefix(text, start, lower)
            if prefix is None or prefix in GENERIC_PREFIXES or industry_word(prefix):
                continue
            if prefix[-1] in "型类性省市区县镇":
                continue
            yield Mention(
                NodeKind.ENTERPRISE,
                prefix + match.group(),
                start - len(prefix),
                end,
                "suffix",
                {"industry_word": industry_of(match.group())},
            )


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Province, city and county names, with and without 省/市, that may open a name."""
    from loaders.gazetteers import load_gazetteer
    from loaders.gazetteers.abbreviations import strip_province

    names: set[str] = set()
    for d in load_gazetteer().regions.by_code.values():
        if d.name in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}:
            continue
        names.add(d.name)
        short = strip_province(d.name) if d.level != "county" else d.name
        if len(short) >= 2:
            names.add(short)
    return frozenset(names)


def _region_prefixed(text: str, start: int, lower: int) -> str | None:
    """``山东京博控股`` before ``集团``: a region name, then a short name of up to 4."""
    prefix = left_prefix(text, start, lower, longest=10)
    if prefix is None or len(prefix) <= 4:
        return None
    regions = region_names()
    for cut in range(2, min(len(prefix) - 1, 7)):
        if prefix[:cut] in regions and 2 <= len(prefix) - cut <= 4:
            return prefix
    return None


def enterprise_industry(name: str) -> str:
    """The industry word an enterprise name ends in (``金丝食品`` -> ``食品``), or ``""``.

    >>> enterprise_industry("金丝食品有限公司")
    '食品'
    """
    match = _ENTERPRISE_END.search(name)
    return industry_of(match.group()) if match else ""


def short_name(name: str) -> str:
    """An enterprise's short name: region and company form dropped.

    >>> short_name("山东华升化工有限公司")
    '华升化工'
    >>> short_name("华升化工")
    '华升化工'
    """
    short = name
    form = _SHORT.search(short)
    if form and len(short) - len(form.group()) >= 4:
        short = short[: form.start()]
    regions = region_names()
    for cut in range(min(len(short) - 4, 7), 1, -1):
        if short[:cut] in regions:
            short = short[cut:]
            break
    return short


def industry_of(suffix: str) -> str:
    """The industry word of an enterprise suffix (``化工有限公司`` -> ``化工``), or ``""``."""
    for form in COMPANY_FORMS:
        if suffix.endswith(form) and suffix != form:
            suffix = suffix[: -len(form)]
            break
    return suffix if suffix in INDUSTRY_WORDS else ""


def find_institutions(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[Mention]:
    """Institutions not in the gazetteers: a name ending in 大学, 学院, 研究院, 研究所."""
    for lower, upper in spans:
        for match in _INSTITUTION.finditer(text, lower, upper):
            start, end = match.span()
            if text.startswith(("生", "派", "科技园", "所长", "院长"), end):
                continue
            prefix = left_prefix(text, start, lower, longest=10)
            if prefix is None or prefix in GENERIC_PREFIXES:
                continue
            if prefix in {"科研", "高等", "高校", "知名", "国内外", "省内外", "驻地", "各"}:
                continue
            yield Mention(
                NodeKind.INSTITUTION, prefix + match.group(), start - len(prefix), end, "suffix"
            )


def find_programs(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[Mention]:
    """Talent programmes: quoted names before 项目/计划, or names ending in 领军人才/学者."""
    for lower, upper in spans:
        sentence = text[lower:upper]
        if "人才" not in sentence and "专家" not in sentence and "学者" not in sentence:
            continue
        for match in _QUOTED_PROGRAM.finditer(text, lower, upper):
            yield Mention(NodeKind.TALENT_PROGRAM, match.group(1), *match.span(1), "quoted")
        for match in _PROGRAM.finditer(text, lower, upper):
            start, end = match.span()
            prefix = left_prefix(text, start, lower, longest=6)
            if prefix is None or prefix in {"高层次", "高端", "专业", "青年", "优秀", "海外"}:
                continue
            yield Mention(
                NodeKind.TALENT_PROGRAM, prefix + match.group(), start - len(prefix), end, "suffix"
            )


class Scanner:
    """Longest-match search for a fixed set of names (gazetteer entries, known entities)."""

    def __init__(self, forms: dict[str, NodeKind]) -> None:
        self.forms = forms
        self._by_head: dict[str, list[str]] = {}
        for form in sorted(forms, key=len, reverse=True):
            if len(form) >= 3:
                self._by_head.setdefault(form[:2], []).append(form)

    def scan(self, text: str, lower: int = 0, upper: int | None = None) -> Iterator[Mention]:
        """Non-overlapping mentions, leftmost then longest."""
        upper = len(text) if upper is None else upper
        by_head = self._by_head
        i = lower
        while i < upper - 2:
            candidates = by_head.get(text[i : i + 2])
            if candidates:
                for form in candidates:
                    if i + len(form) <= upper and text.startswith(form, i):
                        yield Mention(self.forms[form], form, i, i + len(form), "gazetteer")
                        i += len(form)
                        break
                else:
                    i += 1
            else:
                i += 1


_FORMS: dict[int, dict[str, NodeKind]] = {}


def _gazetteer_forms(gazetteer: Gazetteer) -> dict[str, NodeKind]:
    forms = _FORMS.get(id(gazetteer))
    if forms is None:
        forms = {}
        for kind in (NodeKind.TALENT_PROGRAM, NodeKind.INSTITUTION):
            for form in gazetteer.surfaces(kind):
                forms[form] = kind
        _FORMS[id(gazetteer)] = forms
    return forms


def gazetteer_scanner(gazetteer: Gazetteer, extra: dict[str, NodeKind] | None = None) -> Scanner:
    """A scanner for every gazetteer form plus ``extra`` names (entities known to the load)."""
    forms = dict(_gazetteer_forms(gazetteer))
    forms.update(extra or {})
    return Scanner(forms)
