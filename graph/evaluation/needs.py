"""Matching needs to institutions, scored on a labelled set: Hits@1, Hits@3 and MRR.

Records in, metrics out: :func:`labelled_needs` checks the parsed set (the bench and the tests
read ``data/district/needs-eval.yaml``), :func:`score_needs` ranks every need's partners with
a ranking function and scores the rank of the first fitting institution (the reciprocal rank is
0 when none is ranked). :func:`by_length` groups the needs by length.

>>> entry = {"need": "冬枣", "fits": ["institution:a"], "source": "https://example.org"}
>>> needs = labelled_needs({"needs": [entry]})
>>> score_needs(needs, lambda text: ["institution:b", "institution:a"])
NeedScores(n=1, hits_1=0.0, hits_3=1.0, mrr=0.5)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph.errors import InvalidRecord
from graph.i18n import _

__all__ = [
    "LENGTH_GROUPS",
    "LabelledNeed",
    "NeedScores",
    "by_length",
    "labelled_needs",
    "score_needs",
]

LENGTH_GROUPS = (("≤6 字", 0, 6), ("7–15 字", 7, 15), (">15 字", 16, 10**6))


@dataclass(frozen=True)
class LabelledNeed:
    """A need text, the institutions that fit it and where its research profile is shown."""

    need: str
    fits: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class NeedScores:
    """How well a ranking serves a set of needs."""

    n: int
    hits_1: float
    hits_3: float
    mrr: float


def labelled_needs(data: Mapping[str, object]) -> list[LabelledNeed]:
    """The needs of a parsed set; `InvalidRecord` naming the entry for a malformed one."""
    entries = data.get("needs")
    if not isinstance(entries, list) or not entries:
        raise InvalidRecord(_("需求集：缺少 needs 列表"))
    out = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise InvalidRecord(_("需求集第 {i} 条：不是键值对（mapping）").format(i=i))
        need, fits, source = entry.get("need"), entry.get("fits"), entry.get("source")
        if not isinstance(need, str) or not need.strip():
            raise InvalidRecord(_("需求集第 {i} 条：need 缺失或为空").format(i=i))
        if not isinstance(fits, list) or not fits or not all(isinstance(f, str) for f in fits):
            message = _("需求集第 {i} 条（{need}）：fits 应列出机构编号")
            raise InvalidRecord(message.format(i=i, need=need))
        if not isinstance(source, str) or not source.startswith("http"):
            message = _("需求集第 {i} 条（{need}）：source 应为网址（URL）")
            raise InvalidRecord(message.format(i=i, need=need))
        out.append(LabelledNeed(need, tuple(fits), source))
    return out


def score_needs(needs: Sequence[LabelledNeed], rank: Callable[[str], Sequence[str]]) -> NeedScores:
    """Hits@1, Hits@3 and MRR of ``rank`` (a need text to candidate ids, best first)."""
    hits_1 = hits_3 = reciprocal = 0.0
    for item in needs:
        ranked = list(rank(item.need))
        first = next((i for i, c in enumerate(ranked, start=1) if c in item.fits), None)
        if first is not None:
            hits_1 += first == 1
            hits_3 += first <= 3
            reciprocal += 1.0 / first
    n = max(len(needs), 1)
    return NeedScores(len(needs), hits_1 / n, hits_3 / n, round(reciprocal / n, 4))


def by_length(needs: Iterable[LabelledNeed]) -> dict[str, list[LabelledNeed]]:
    """The needs grouped by their length in characters (:data:`LENGTH_GROUPS`)."""
    groups: dict[str, list[LabelledNeed]] = {label: [] for label, _low, _high in LENGTH_GROUPS}
    for item in needs:
        size = len(item.need)
        for label, low, high in LENGTH_GROUPS:
            if low <= size <= high:
                groups[label].append(item)
    return groups
