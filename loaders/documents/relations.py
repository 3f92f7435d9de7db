"""The relations a document states, read from the mentions of each sentence.

:func:`find_relations` reads each sentence's mentions (found by
:func:`~loaders.documents.mention_layers.find_mentions`) in order and pairs them: platforms to
their owners, enterprises to their industries, communities, talent programmes and partner
institutions.

>>> from loaders.documents.text import normalise
>>> from loaders.resolve import Resolver
>>> from loaders.documents.mention_layers import find_mentions
>>> nt = normalise("为达民化工、海容电源申报泰山产业领军人才。")
>>> spans = sentences(nt.text)
>>> mentions = find_mentions(nt, spans, Resolver())
>>> [(mentions[r.source].surface, r.kind.value, mentions[r.target].surface)
...  for r in find_relations(nt.text, spans, mentions)]
[('达民化工', 'APPLIES_TO', '泰山产业领军人才'), ('海容电源', 'APPLIES_TO', '泰山产业领军人才')]
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass

from graph.model import EdgeKind, NodeKind
from loaders.documents.mentions import Mention, sentences

__all__ = ["FoundRelation", "find_relations", "sentences"]

_CONNECTORS = frozenset({"与", "和", "同", "及", "跟", "携手", "联合"})
_CLAUSE = re.compile(r"[^,，;；。！？!?]+")
_COOPERATION = re.compile(
    r"合作|签约|签订|签署|合同|共建|对接|联合|产学研|携手|攻关|协议|结对|委托|牵手|共同研发"
    r"|技术开发|助力"
)
# Talks and visits imply a cooperation without asserting it, unless something was signed.
_TALKS = re.compile(r"洽谈|走访|调研|考察|参观|座谈|看望|来访|到访|拜访|交流|一行")
_SIGNED = re.compile(r"签约|签订|签署|签定|协议|合同|共建|揭牌|合作研发|合作开发|技术开发|攻关")
_MEMBERSHIP = re.compile(r"加入|成员|牵头|组建|参与|共建|联合")
_APPLICATION = re.compile(r"申报|入选|推荐|获批|人才|项目")


@dataclass
class FoundRelation:
    """A relation between two mentions (indices into the mention list) and its sentence."""

    kind: EdgeKind
    source: int
    target: int
    sentence: tuple[int, int]
    uncertain: bool = False
    """Implied, not asserted: talks, visits, many-to-many lists with 等."""


def find_relations(
    text: str, spans: list[tuple[int, int]], mentions: list[Mention]
) -> list[FoundRelation]:
    """Relations stated by each sentence, between indices of ``mentions``."""
    found: list[FoundRelation] = []
    by_start = {(m.start, m.kind): i for i, m in enumerate(mentions)}
    for i, m in enumerate(mentions):
        owner = m.properties.get("owner")
        if m.kind == NodeKind.PLATFORM and owner:
            j = by_start.get((int(owner), NodeKind.ENTERPRISE))
            if j is None:
                j = by_start.get((int(owner), NodeKind.INSTITUTION))
            if j is not None:
                found.append(FoundRelation(EdgeKind.OWNS, j, i, _sentence_of(spans, m.start)))
        of = m.properties.get("of")
        if m.kind == NodeKind.INDUSTRY and of:
            j = by_start.get((int(of), NodeKind.ENTERPRISE))
            if j is not None:
                found.append(
                    FoundRelation(EdgeKind.IN_INDUSTRY, j, i, _sentence_of(spans, m.start))
                )
    position = 0
    for span in spans:
        inside = []
        while position < len(mentions) and mentions[position].start < span[1]:
            if mentions[position].start >= span[0]:
                inside.append(position)
            position += 1
        sentence = text[span[0] : span[1]]
        found += _memberships(mentions, inside, span, sentence)
        pairs: list[FoundRelation] = []
        for clause in _CLAUSE.finditer(text, span[0], span[1]):
            members = [i for i in inside if clause.start() <= mentions[i].start < clause.end()]
            found += _applications(mentions, members, span, clause.group())
            pairs += _cooperations(text, mentions, members, span, sentence)
        found += _certainty(pairs or _across_clauses(mentions, inside, span, sentence), sentence)
    return found


def _sentence_of(spans: list[tuple[int, int]], at: int) -> tuple[int, int]:
    k = bisect_right(spans, (at, sys.maxsize)) - 1
    return spans[k] if k >= 0 and spans[k][0] <= at < spans[k][1] else (at, at)


def _of_kind(mentions: list[Mention], inside: list[int], kind: NodeKind) -> list[int]:
    return [i for i in inside if mentions[i].kind == kind and mentions[i].finder != "owned"]


def _applications(
    mentions: list[Mention], inside: list[int], span: tuple[int, int], sentence: str
) -> list[FoundRelation]:
    programs = _of_kind(mentions, inside, NodeKind.TALENT_PROGRAM)
    enterprises = _of_kind(mentions, inside, NodeKind.ENTERPRISE)
    if not programs or not enterprises or not _APPLICATION.search(sentence):
        return []
    found = []
    previous_end = span[0]
    for k, p in enumerate(programs):
        program = mentions[p]
        before = [e for e in enterprises if previous_end <= mentions[e].start < program.start]
        if not before:
            next_start = mentions[programs[k + 1]].start if k + 1 < len(programs) else span[1]
            before = [e for e in enterprises if program.end <= mentions[e].start < next_start]
        found += [FoundRelation(EdgeKind.APPLIES_TO, e, p, span) for e in before]
        previous_end = program.end
    return found


def _memberships(
    mentions: list[Mention], inside: list[int], span: tuple[int, int], sentence: str
) -> list[FoundRelation]:
    communities = _of_kind(mentions, inside, NodeKind.COMMUNITY)
    enterprises = _of_kind(mentions, inside, NodeKind.ENTERPRISE)
    if not communities or not enterprises or not _MEMBERSHIP.search(sentence):
        return []
    return [FoundRelation(EdgeKind.MEMBER_OF, e, c, span) for c in communities for e in enterprises]


def _cooperations(
    text: str, mentions: list[Mention], inside: list[int], span: tuple[int, int], sentence: str
) -> list[FoundRelation]:
    """Pairs enterprise runs with the institution run next to them (``E与I签约,E2与I2``)."""
    parties = [
        i
        for i in inside
        if mentions[i].kind in {NodeKind.ENTERPRISE, NodeKind.INSTITUTION}
        and mentions[i].finder != "owned"
    ]
    kinds = {mentions[i].kind for i in parties}
    if len(kinds) < 2 or not _COOPERATION.search(sentence):
        return []
    runs: list[list[int]] = []
    for i in parties:
        if runs and mentions[runs[-1][0]].kind == mentions[i].kind:
            runs[-1].append(i)
        else:
            runs.append([i])
    found = []
    for k, run in enumerate(runs):
        if mentions[run[0]].kind != NodeKind.ENTERPRISE:
            continue
        partners = list(runs[k + 1]) if k + 1 < len(runs) else []
        if k > 0:
            # "I与E": the institutions just before, joined by a connector, are partners too
            between = text[mentions[runs[k - 1][-1]].end : mentions[run[0]].start]
            if not partners or between in _CONNECTORS:
                partners += runs[k - 1]
        found += [
            FoundRelation(EdgeKind.COOPERATES_WITH, e, p, span) for e in run for p in partners
        ]
    return found


def _parties(mentions: list[Mention], inside: list[int], kind: NodeKind) -> list[int]:
    return [i for i in inside if mentions[i].kind == kind and mentions[i].finder != "owned"]


def _across_clauses(
    mentions: list[Mention], inside: list[int], span: tuple[int, int], sentence: str
) -> list[FoundRelation]:
    """Enterprises and institutions in different clauses of one sentence with a cue.

    Two lists of the same length (``选取A、B等企业,对接X、Y等院校``) pair by position;
    otherwise every enterprise with every institution, uncertain when both sides are many.
    """
    if not (_COOPERATION.search(sentence) or _TALKS.search(sentence)):
        return []
    enterprises = _parties(mentions, inside, NodeKind.ENTERPRISE)
    institutions = _parties(mentions, inside, NodeKind.INSTITUTION)
    if not enterprises or not institutions:
        return []
    if len(enterprises) == len(institutions) > 1:
        return [
            FoundRelation(EdgeKind.COOPERATES_WITH, e, i, span)
            for e, i in zip(enterprises, institutions, strict=True)
        ]
    many = len(enterprises) > 1 and len(institutions) > 1
    return [
        FoundRelation(EdgeKind.COOPERATES_WITH, e, i, span, uncertain=many)
        for e in enterprises
        for i in institutions
    ]


def _certainty(pairs: list[FoundRelation], sentence: str) -> list[FoundRelation]:
    """Mark the pairs of a sentence that only talks or visits as uncertain."""
    if _TALKS.search(sentence) and not _SIGNED.search(sentence):
        for pair in pairs:
            pair.uncertain = True
    return pairs
