"""From names found in a document to the mentions worth keeping.

:func:`find_mentions` layers the finders of :mod:`loaders.documents.mentions`: named entities first
(gazetteers, then suffix patterns, never overlapping), then what is built on them (platforms
owned by an enterprise, communities, agencies, policies, industries in ``等企业`` lists).
:mod:`loaders.documents.relations` then pairs them into relations.

>>> from loaders.documents.text import normalise
>>> from loaders.resolve import Resolver
>>> from loaders.documents.mentions import sentences
>>> nt = normalise("鼓励支持华升化工、建华建材研发中心建设。")
>>> [(m.kind.value, m.surface) for m in find_mentions(nt, sentences(nt.text), Resolver())]
[('Enterprise', '华升化工'), ('Platform', '华升化工研发中心'), ('Enterprise', '建华建材'), \
('Platform', '建华建材研发中心')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.model import NodeKind
from loaders.documents.institutions import find_institutions, join_subunits
from loaders.documents.mentions import (
    Mention,
    enterprise_industry,
    gazetteer_scanner,
    industry_word,
    left_prefix,
)
from loaders.documents.names import (
    LEGAL_FORMS,
    find_registered,
    find_short_names,
    name_start,
    strip_form,
)
from loaders.documents.platforms import find_platforms, platform_kind
from loaders.documents.programs import find_programs
from loaders.documents.text import NormalisedText
from loaders.gazetteers.lexicon import GENERIC_PREFIXES, INDUSTRY_WORDS, PLATFORM_TYPES
from loaders.resolve import Resolver

__all__ = ["find_mentions"]

_PLATFORM = re.compile("|".join(PLATFORM_TYPES))
_COMMUNITY = re.compile(r"创新创业共同体|产业创新共同体|产业技术创新战略联盟|创新联合体")
_AGENCY = re.compile(r"技术转移中心|技术转移服务中心|技术交易中心|生产力促进中心|科技成果转化中心")
_POLICY = re.compile(r"《([^》]{2,60}(?:政策|办法|意见|规定|条例|方案|措施|细则|通知|规划))》")
_LIST_END = re.compile(r"等(?:企业|行业|产业|领域|单位)")
_INDUSTRY = re.compile(r"产业")
_CATEGORY = re.compile(
    "(" + "|".join(sorted(INDUSTRY_WORDS, key=len, reverse=True)) + ")(?:企业|行业)"
)
_CATEGORY_BEFORE = frozenset("、,，;；:：和与及对为导励持动助的各类等 \n")
_LEVEL = re.compile(r"(国家|省|市|区|县)级")
_LEVEL_BEFORE = re.compile(r"(国家|省|市|区|县)级$")
# "支持A、B建设省级企业技术中心": a verb and a level between the owners and the type
_OWNER_GAP = re.compile(r"(?:建设|建立|组建|创建|申建|争创|申报|成立)?(?:国家|省|市|区|县)?级?$")
# A site's copyright and reprint notice names its owners, not the story's partners.
_BOILERPLATE = re.compile(r"版权(?:均|归|所有)|未经(?:许可|授权)|授权转载|免责声明|Copyright|©")
_CLUSTERS = ("集群", "园区", "基地", "联盟", "示范园")
_LIST_SEPARATORS = ("、", "和", "及", "与", ",")
_STATUS = (
    ("申报", "to apply for"),
    ("获批", "approved"),
    ("认定", "approved"),
    ("建设", "to build"),
    ("组建", "to build"),
    ("建立", "to build"),
)


def _without_overlap(
    kept: list[Mention], new: Iterable[Mention], taken: set[int] | None = None
) -> list[Mention]:
    """``kept`` plus the new mentions that share no character with any kept one.

    ``taken`` (the characters ``kept`` covers) is updated in place when given.
    """
    taken = _positions(kept) if taken is None else taken
    result = list(kept)
    for mention in new:
        span = range(mention.start, mention.end)
        if not any(i in taken for i in span):
            result.append(mention)
            taken.update(span)
    return result


def _positions(mentions: Iterable[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


def _known_names(resolver: Resolver) -> dict[str, NodeKind]:
    names: dict[str, NodeKind] = {}
    kinds = (
        NodeKind.ENTERPRISE,
        NodeKind.INSTITUTION,
        NodeKind.TALENT_PROGRAM,
        NodeKind.TRANSFER_AGENCY,
    )
    for kind in kinds:
        for name in resolver.known_names(kind):
            names[name] = kind
    if resolver.store is not None:
        for node in resolver.store.iter_nodes(kind=NodeKind.ENTERPRISE):
            for name in node.names:
                if len(name) >= 3:
                    names.setdefault(name, NodeKind.ENTERPRISE)
    return names


def find_mentions(
    nt: NormalisedText, spans: list[tuple[int, int]], resolver: Resolver
) -> list[Mention]:
    """Every mention worth resolving, in text order (a site's copyright notice left out)."""
    text = nt.text
    spans = [(a, b) for a, b in spans if not _BOILERPLATE.search(text, a, b)]
    scanner = gazetteer_scanner(resolver.gazetteer, _known_names(resolver))
    named: list[Mention] = []
    for lower, upper in spans:
        for mention in scanner.scan(text, lower, upper):
            if mention.kind == NodeKind.ENTERPRISE:
                mention.properties["industry_word"] = enterprise_industry(mention.surface)
            if mention.kind == NodeKind.INSTITUTION:
                _widen_relative(text, mention, lower)
            named.append(mention)
    join_subunits(text, named)
    taken = _positions(named)
    named = _without_overlap(named, list(find_registered(text, spans, taken)), taken)
    named = _without_overlap(named, list(find_institutions(text, spans, taken)), taken)
    join_subunits(text, named)
    named = _outermost(named)
    taken = _positions(named)
    named = _without_overlap(named, list(find_short_names(text, spans, taken)), taken)
    for finder in (find_programs, _agencies, _policies):
        named = _without_overlap(named, finder(text, spans), taken)
    named = _without_overlap(named, _list_items(text, spans, named), taken)
    named.sort(key=lambda m: m.start)
    corefer(nt, named)
    platforms = _without_overlap([], _platforms(nt, spans, named))
    named_platforms = sorted(find_platforms(text, spans), key=lambda m: m.start - m.end)
    platforms = sorted(_without_overlap(platforms, named_platforms), key=lambda m: m.start)
    spans_of = {(p.start, p.end) for p in platforms}
    named = [
        m
        for m in named
        if not (m.kind == NodeKind.INSTITUTION and m.finder == "suffix")
        or (m.start, m.end) not in spans_of
    ]
    industries = _without_overlap([], _industries(text, spans, named, platforms))
    built = [*platforms, *industries]
    return sorted([*named, *built], key=lambda m: (m.start, m.end))


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions inside a longer one (an institute's abbreviation inside its full name)."""
    inside: set[int] = set()
    widest: tuple[int, int] = (-1, -1)
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.end <= widest[1] and (m.start, m.end) != widest:
            inside.add(id(m))
        elif m.end > widest[1]:
            widest = (m.start, m.end)
    return [m for m in mentions if id(m) not in inside]


def corefer(nt: NormalisedText, mentions: list[Mention]) -> None:
    """A short name resolves to the one full name in the document that holds it.

    ``中盛宏源公司`` and ``盛宏源生物`` after ``中盛宏源生物科技有限公司``;
    ``宁远同丰机械有限公司`` after ``湖南宁远同丰机械有限公司``. The full name becomes the
    mention's ``proper`` form (what it is resolved by); its own surface stays an alias.
    """
    enterprises = [m for m in mentions if m.kind == NodeKind.ENTERPRISE]
    fulls = {m.surface: m for m in enterprises if m.surface.endswith(LEGAL_FORMS)}
    for m in enterprises:
        core = strip_form(m.surface)
        if len(core) < 2:
            continue
        holders = [f for f in fulls if f != m.surface and len(f) > len(m.surface) and core in f]
        if len(holders) == 1:
            full = fulls[holders[0]]
            m.proper = full.proper or nt.proper(full.start, full.end)
    # an institute's short name (蔬菜所) after its full name in the document
    institutes = [m for m in mentions if m.kind == NodeKind.INSTITUTION]
    for m in institutes:
        if not m.surface.endswith("所"):
            continue
        longer = {f.surface for f in institutes if len(f.surface) > len(m.surface)}
        ending = sorted(f for f in longer if f.endswith(m.surface))
        if len(ending) == 1:
            m.proper = ending[0]


def _widen_relative(text: str, mention: Mention, lower: int) -> None:
    """``市农科院``, ``潍坊市农科院``: a division before a scanned abbreviation belongs to it."""
    if mention.start <= lower or text[mention.start - 1] not in "省市区县":
        return
    prefix = left_prefix(text, mention.start, lower, longest=6)
    if not prefix or prefix[-1] != text[mention.start - 1]:
        prefix = text[mention.start - 1]
    mention.start -= len(prefix)
    mention.surface = prefix + mention.surface


def _agencies(text: str, spans: list[tuple[int, int]]) -> Iterable[Mention]:
    for lower, upper in spans:
        for match in _AGENCY.finditer(text, lower, upper):
            prefix = left_prefix(text, match.start(), lower, longest=8)
            if prefix and prefix not in GENERIC_PREFIXES:
                yield Mention(
                    NodeKind.TRANSFER_AGENCY,
                    prefix + match.group(),
                    match.start() - len(prefix),
                    match.end(),
                    "suffix",
                )


def _policies(text: str, spans: list[tuple[int, int]]) -> Iterable[Mention]:
    for lower, upper in spans:
        for match in _POLICY.finditer(text, lower, upper):
            yield Mention(NodeKind.POLICY, match.group(1), *match.span(1), "quoted")


def _list_items(text: str, spans: list[tuple[int, int]], named: list[Mention]) -> Iterable[Mention]:
    """Items of ``A、B、C等企业`` lists: named enterprises stay, the rest are industries.

    Items without a mention that do not look like industries become enterprises when the
    list is of enterprises (``京博、鲁北等企业``).
    """
    ends = {m.end: m for m in named}
    known = {id(m) for m in named}
    for lower, upper in spans:
        for match in _LIST_END.finditer(text, lower, upper):
            noun = match.group()[1:]
            items: list[Mention] = []
            end = match.start()
            while end > lower:
                sep = max(text.rfind(s, lower, end) for s in ("、", ",", "，"))
                start = lower if sep < 0 else sep + 1
                mention = ends.get(end)
                whole = False
                if mention is not None and mention.start >= start:
                    whole = mention.start == start
                    if (
                        noun == "企业"
                        and mention.kind == NodeKind.INSTITUTION
                        and mention.finder == "suffix"
                    ):
                        mention.kind = NodeKind.ENTERPRISE  # 研究所 the text counts a company
                    if mention.kind == NodeKind.ENTERPRISE:
                        items.append(mention)
                else:
                    word = left_prefix(text, end, start, longest=6)
                    if word is None:
                        break
                    whole = end - len(word) == start
                    if industry_word(word) or noun != "企业":
                        items.append(Mention(NodeKind.INDUSTRY, word, end - len(word), end, "list"))
                    elif word not in GENERIC_PREFIXES:
                        begin = name_start(word)
                        if begin is not None:
                            word = word[begin:]
                            items.append(
                                Mention(NodeKind.ENTERPRISE, word, end - len(word), end, "list")
                            )
                if not whole or sep < 0 or text[sep] != "、":
                    break
                end = sep
            if any(i.kind == NodeKind.INDUSTRY for i in items):
                for item in items:
                    if item.kind == NodeKind.ENTERPRISE and item.properties.get("industry_word"):
                        item.properties["mixed_list"] = "yes"
            yield from (i for i in items if id(i) not in known)


def _status(sentence: str) -> str:
    return next((status for word, status in _STATUS if word in sentence), "")


def _platforms(
    nt: NormalisedText, spans: list[tuple[int, int]], named: list[Mention]
) -> Iterable[Mention]:
    """Platforms (with the enterprises that own them) and communities."""
    text = nt.text
    ends = {m.end: m for m in named if m.kind in {NodeKind.ENTERPRISE, NodeKind.INSTITUTION}}
    for lower, upper in spans:
        status = _status(text[lower:upper])
        for match in _PLATFORM.finditer(text, lower, upper):
            gap = _OWNER_GAP.search(text, max(lower, match.start() - 6), match.start())
            owner = ends.get(gap.start() if gap else match.start())
            if owner is None:
                continue  # named platforms: loaders.documents.platforms
            chain = [owner]
            while True:
                before = chain[-1].start - 1
                previous = ends.get(before)
                if (
                    previous is None
                    or text[before] not in _LIST_SEPARATORS
                    or previous.kind != owner.kind
                ):
                    break
                chain.append(previous)
            for member in chain:
                end = match.end() if member is owner else member.end
                yield Mention(
                    NodeKind.PLATFORM,
                    member.surface + match.group(),
                    member.start,
                    end,
                    "owned",
                    {
                        "type": match.group(),
                        "status": status,
                        "owner": str(member.start),
                        "kind": platform_kind(match.group()),
                    },
                    proper=nt.proper(member.start, member.end) + match.group(),
                )
        for match in _COMMUNITY.finditer(text, lower, upper):
            level = _LEVEL_BEFORE.search(text, max(lower, match.start() - 3), match.start())
            head = level.start() if level else match.start()
            prefix = left_prefix(text, head, lower, longest=8)
            if not prefix or prefix in GENERIC_PREFIXES or _LEVEL.fullmatch(prefix):
                continue
            prefix += level.group() if level else ""
            if _PLATFORM.search(prefix) or "机构" in prefix:
                continue
            level = _LEVEL.search(prefix)
            yield Mention(
                NodeKind.COMMUNITY,
                prefix + match.group(),
                match.start() - len(prefix),
                match.end(),
                "suffix",
                {"type": match.group(), "status": status, "level": level.group() if level else ""},
            )


def _industries(
    text: str, spans: list[tuple[int, int]], named: list[Mention], built: list[Mention]
) -> Iterable[Mention]:
    """``冬枣产业`` -> 冬枣, and the industry of a named enterprise in a mixed list.

    ``X产业`` names an industry when X is an industry word, or when the phrase names a
    community, cluster or park (``冬枣产业市级创新创业共同体``), not in ``拉长产业链条``.
    """
    for m in named:
        if m.kind == NodeKind.ENTERPRISE and m.properties.get("mixed_list"):
            word = m.properties["industry_word"]
            start = m.surface.rfind(word)
            yield Mention(
                NodeKind.INDUSTRY,
                word,
                m.start + start,
                m.start + start + len(word),
                "enterprise",
                {"of": str(m.start)},
            )
    taken = _positions(named)
    inside_built = _positions(built)
    for lower, upper in spans:
        for match in _CATEGORY.finditer(text, lower, upper):
            word = match.group(1)
            if match.start() > lower and text[match.start() - 1] not in _CATEGORY_BEFORE:
                continue
            yield Mention(
                NodeKind.INDUSTRY, word, match.start(), match.start() + len(word), "category"
            )
        for match in _INDUSTRY.finditer(text, lower, upper):
            prefix = left_prefix(text, match.start(), lower, longest=4)
            if prefix is None or any(prefix.endswith(g) for g in GENERIC_PREFIXES):
                continue
            if match.start() - len(prefix) in taken:
                continue
            inside = match.start() in inside_built
            if text.startswith("链", match.end()) or not (
                inside or industry_word(prefix) or text.startswith(_CLUSTERS, match.end())
            ):
                continue
            yield Mention(
                NodeKind.INDUSTRY, prefix, match.start() - len(prefix), match.start(), "suffix"
            )
