"""Why a candidate was ranked: the paths that justify it and one sentence per signal, in Chinese.

>>> overlap_terms("冬枣保鲜与深加工", "冬枣 采后保鲜 果蔬贮藏")
['冬枣', '保鲜']
>>> overlap_terms("graphene batteries", "Graphene flagship; battery materials")
['graphene']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from graph.match.index import MatchIndex

__all__ = ["common_paths", "overlap_terms", "reasons", "shared_partners"]

_WORD = re.compile(r"[a-z][a-z0-9\-]{2,}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_STOP = frozenset({"the", "and", "for", "with", "from", "into", "技术", "研究", "开发", "应用"})


def _terms(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    found: list[str] = []
    for token in jieba.cut(text.lower()):
        token = token.strip()
        if (len(token) >= 2 and _HAN.search(token)) or _WORD.fullmatch(token):
            found.append(token)
    return [t for t in dict.fromkeys(found) if t not in _STOP]


def overlap_terms(need: str, profile: str, *, limit: int = 5) -> list[str]:
    """Words of a need (segmented by jieba) that occur in a candidate's profile."""
    low = profile.lower()
    return [t for t in _terms(need) if t in low][:limit]


def shared_partners(index: MatchIndex, source: int, target: int) -> NDArray[np.int64]:
    """Rows of the organisations both ``source`` and ``target`` have worked with."""
    B = index.structure.B
    mask = np.zeros(B.shape[0], dtype=bool)
    mask[B.indices[B.indptr[source] : B.indptr[source + 1]]] = True
    theirs = B.indices[B.indptr[target] : B.indptr[target + 1]]
    return np.asarray(theirs[mask[theirs]], dtype=np.int64)


def common_paths(index: MatchIndex, source: int, target: int, *, limit: int = 3) -> list[list[str]]:
    """Paths ``source -> x -> target`` through shared contexts or shared partners (node ids)."""
    s = index.structure
    paths: list[list[str]] = []
    A = index.incidence
    mine = set(A.indices[A.indptr[source] : A.indptr[source + 1]].tolist())
    for c in A.indices[A.indptr[target] : A.indptr[target + 1]]:
        context = index.context_ids[c]
        if c in mine and not context.startswith("direct:") and len(paths) < limit:
            paths.append([index.ids[source], context, index.ids[target]])
    via = shared_partners(index, source, target)
    if len(via) > limit:
        via = via[np.argsort(-s.degree[via], kind="stable")[:limit]]
    paths.extend([index.ids[source], index.ids[v], index.ids[target]] for v in via)
    return paths[:limit]


def reasons(
    index: MatchIndex,
    target: int,
    *,
    source: int | None,
    terms: Sequence[str],
    signals: dict[str, float],
    toward: bool,
) -> list[str]:
    """One Chinese sentence per signal that speaks for the candidate."""
    out: list[str] = []
    if terms:
        # adopters are enterprises: the query is a result and the overlap is with their business
        what = "成果与企业业务重合" if index.kinds[target] == "Enterprise" else "需求与研究方向重合"
        out.append(f"{what}: {', '.join(terms)}")
    if source is not None:
        via = shared_partners(index, source, target)
        if len(via):
            names = ", ".join(index.names[v] for v in via[:3])
            out.append(f"通过 {len(via)} 个关联方相连（合作伙伴或同业）: {names}")
        shared = index.industries[source] & index.industries[target]
        named = sorted(x for x in shared if ":" not in x)
        if named:
            out.append(f"同属产业: {', '.join(named[:3])}")
    if toward:
        out.append("位于京津地区（工作计划对接方向）")
    degree = int(index.structure.degree[target])
    if degree and signals.get("popularity", 0.0) > 0:
        out.append(f"网络联系广泛: {degree} 个关联方")
    return out
