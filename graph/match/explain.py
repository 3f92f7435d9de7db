"""Why a candidate was ranked: the paths that justify it and one sentence per signal, in Chinese.

The terms a reason cites are the terms the text score was computed on
(:meth:`graph.match.text.TextModel.shared_terms`), so an explanation never cites a "word" the
score did not use. A network is called broad (``网络联系广泛``) only from
:func:`broad_degree` partners on: the 90th percentile of the candidates' partner counts, and
never fewer than :data:`BROAD_MIN`; below it the count is stated plainly (``已有 N 个关联方``).

>>> import numpy as np
>>> broad_degree(np.array([0, 1, 1, 2, 2, 2, 3, 3, 4, 4]))
5.0
>>> broad_degree(np.arange(100.0))
89.10000000000001
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from graph.i18n import _
from graph.match.index import MatchIndex
from graph.match.industry import industry_peers

__all__ = ["BROAD_MIN", "broad_degree", "common_paths", "reasons", "shared_partners"]

BROAD_MIN = 5
"""The fewest partners ever called a broad network."""
BROAD_QUANTILE = 90


def broad_degree(degrees: NDArray[np.float64]) -> float:
    """The partner count from which a candidate's network is called broad."""
    if not len(degrees):
        return float(BROAD_MIN)
    return max(float(BROAD_MIN), float(np.percentile(degrees, BROAD_QUANTILE)))


def shared_partners(index: MatchIndex, source: int, target: int) -> NDArray[np.int64]:
    """Rows of the organisations both ``source`` and ``target`` have worked with, and of
    those that join them through an industry (:func:`graph.match.industry.industry_peers`)."""
    B = index.structure.B
    mask = np.zeros(B.shape[0], dtype=bool)
    mask[B.indices[B.indptr[source] : B.indptr[source + 1]]] = True
    theirs = B.indices[B.indptr[target] : B.indptr[target + 1]]
    peers = industry_peers(index.industry_members, B, source, target)
    return np.union1d(np.asarray(theirs[mask[theirs]], dtype=np.int64), peers)


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
    broad: float,
    matched_text: str | None = None,
) -> list[str]:
    """One Chinese sentence per signal that speaks for the candidate.

    ``terms`` are the terms the candidate shares with the text; ``matched_text`` names the
    source's own result (adopters) or need (partners) they come from when no text was given.
    """
    out: list[str] = []
    enterprise = index.kinds[target] == "Enterprise"
    if terms:
        listed = _("、").join(terms)
        if matched_text and enterprise:
            out.append(
                _("可承接本机构成果“{title}”: {terms}").format(title=matched_text, terms=listed)
            )
        elif matched_text:
            out.append(
                _("研究方向对口企业需求“{title}”: {terms}").format(title=matched_text, terms=listed)
            )
        elif (
            enterprise
        ):  # adopters are enterprises: the text is a result, the overlap their business
            out.append(_("成果与企业业务重合: {terms}").format(terms=listed))
        else:
            out.append(_("需求与研究方向重合: {terms}").format(terms=listed))
    if source is not None:
        via = shared_partners(index, source, target)
        if len(via):
            names = _("、").join(index.names[v] for v in via[:3])
            out.append(
                _("通过 {n} 个关联方相连（合作伙伴或同业）: {names}").format(
                    n=len(via), names=names
                )
            )
        shared = index.industries[source] & index.industries[target]
        named = sorted(x for x in shared if ":" not in x)
        if named:
            out.append(_("同属产业: {names}").format(names=_("、").join(named[:3])))
    if toward:
        out.append(_("位于京津地区（工作计划对接方向）"))
    degree = int(index.structure.degree[target])
    if degree >= broad:
        out.append(_("网络联系广泛: {n} 个关联方").format(n=degree))
    elif degree and signals.get("popularity", 0.0) > 0:
        out.append(_("已有 {n} 个关联方").format(n=degree))
    return out
