"""Rank partners (institutions for an enterprise or a need) and adopters (the reverse).

One ranker, :func:`rank_matches`, serves both directions: a
:class:`~graph.match.query.MatchQuery` (a ``PartnersQuery`` or an ``AdoptersQuery``) names the
direction, the source id and/or the text, how many to return and the filters.

Retrieve the candidates of the wanted kinds that pass the filters, rank them with the learned
pair score (graph proximity, profiles, popularity: weights fitted by the evaluation harness on
real links), add the text relevance of a stated need and the region prior, and explain each
of the top ``k`` with its per-signal breakdown and the paths that justify it.

The text and region weights are stated priors, not fitted: no labelled needs exist to fit them.
Text relevance (a cosine of character n-grams, 0..1) counts ``TEXT_WEIGHT``; a candidate in
Beijing or Tianjin, the direction the work plan turns to, gains ``REGION_WEIGHT``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ValidationError

from graph.errors import InvalidRecord, NodeNotFound
from graph.match.explain import common_paths, overlap_terms, reasons
from graph.match.features import FEATURES, pair_features
from graph.match.index import MatchIndex, match_index
from graph.match.model import LinkRanker, default_ranker
from graph.match.query import AdoptersQuery, MatchFilters, MatchQuery, PartnersQuery
from graph.model import NodeKind
from graph.stores.base import GraphStore

__all__ = ["Match", "rank_adopters", "rank_matches", "rank_partners"]

TEXT_WEIGHT = 10.0
REGION_WEIGHT = 0.5
GROUPS = {
    "graph": (
        "cn",
        "aa",
        "ucf",
        "ra",
        "cn_rank",
        "ucf_rank",
        "no_cn",
        "cn_x_degree",
        "cn_recent",
        "consortium",
        "consortium_2",
    ),
    "profile": (
        "part_cos",
        "theme_cos",
        "text_cos",
        "part_pop",
        "theme_pop",
        "topic_cos",
        "same_country",
        "country_lift",
    ),
    "popularity": (
        "pop",
        "projects",
        "recent",
        "industry_partners",
        "industry_share",
        "recent_partners",
        "pop_x_degree",
    ),
}
CANDIDATE_ONLY = (
    "pop",
    "projects",
    "recent",
    "industry_partners",
    "industry_share",
    "recent_partners",
)


class Match(BaseModel):
    """One ranked candidate with its score, per-signal breakdown, paths and reasons."""

    id: str
    name: str
    kind: str
    score: float
    signals: dict[str, float]
    paths: list[list[str]]
    reasons: list[str]
    synthetic: bool = False
    """The candidate is a synthetic example (its provenance says so), not a real organisation."""


def _index(store: GraphStore | MatchIndex) -> MatchIndex:
    return store if isinstance(store, MatchIndex) else match_index(store)


def _source_row(index: MatchIndex, node: str, kinds: Sequence[NodeKind]) -> int:
    row = index.position.get(node)
    if row is None:
        raise NodeNotFound(node)
    if index.kinds[row] not in {k.value for k in kinds}:
        raise InvalidRecord(
            f"{node!r} is a {index.kinds[row]}, not one of {', '.join(k.value for k in kinds)}"
        )
    return row


def _filtered(
    index: MatchIndex, rows: NDArray[np.int64], f: MatchFilters, source: int | None
) -> NDArray[np.int64]:
    keep = np.ones(len(rows), dtype=bool)
    if f.region:
        want = f.region.casefold()
        keep &= [any(x.casefold() == want for x in index.regions[r]) for r in rows]
    if f.industry:
        want = f.industry.casefold()
        keep &= [any(x.casefold() == want for x in index.industries[r]) for r in rows]
    if source is not None:
        keep &= rows != source
        if f.exclude_partners:
            keep &= ~np.isin(rows, index.partners[source].indices)
    return np.asarray(rows[keep], dtype=np.int64)


def _rank(
    index: MatchIndex,
    *,
    source: int | None,
    text: str | None,
    kinds: Sequence[NodeKind],
    k: int,
    filters: MatchFilters | None,
    ranker: LinkRanker | None,
) -> list[Match]:
    f = filters or MatchFilters()
    ranker = ranker or default_ranker()
    view = index.view([kind.value for kind in (f.kinds or kinds)])
    rows = view.rows
    keep = np.isin(rows, _filtered(index, rows, f, source))
    if not keep.any():
        return []
    contributions: dict[str, NDArray[np.float64]] = {}
    weights = ranker.vector(FEATURES)
    if source is not None:
        cube = pair_features(index.structure, np.array([source]), view.columns)[0]
        for group, names in GROUPS.items():
            at = [FEATURES.index(n) for n in names]
            contributions[group] = cube[:, at] @ weights[at]
    else:
        cube = _candidate_features(index, rows)
        at = [FEATURES.index(n) for n in CANDIDATE_ONLY]
        contributions["popularity"] = cube[:, at] @ weights[at]
    if text:
        contributions["text"] = TEXT_WEIGHT * index.text_scores(text, view)
    toward = view.toward
    contributions["region"] = REGION_WEIGHT * toward.astype(np.float64)
    score = np.sum(list(contributions.values()), axis=0)
    score[~keep] = -np.inf
    top = [i for i in np.argsort(-score, kind="stable")[:k] if keep[i]]
    matches: list[Match] = []
    for i in top:
        r = int(rows[i])
        signals = {name: round(float(v[i]), 4) for name, v in contributions.items()}
        if source is not None:
            signals["common_neighbours"] = float(np.expm1(cube[i, FEATURES.index("cn")]).round())
        terms = overlap_terms(text, index.profiles[r]) if text else []
        matches.append(
            Match(
                id=index.ids[r],
                name=index.names[r],
                kind=index.kinds[r],
                score=round(float(score[i]), 4),
                signals=signals,
                paths=common_paths(index, source, r) if source is not None else [],
                reasons=reasons(
                    index, r, source=source, terms=terms, signals=signals, toward=bool(toward[i])
                ),
                synthetic=index.synthetic[r],
            )
        )
    return matches


def _candidate_features(index: MatchIndex, rows: NDArray[np.int64]) -> NDArray[np.float64]:
    """The features that depend on the candidate alone (the others stay 0)."""
    s = index.structure
    out = np.zeros((len(rows), len(FEATURES)))
    partners = s.industry_partners[rows]
    values = {
        "pop": np.log1p(s.degree[rows]),
        "projects": np.log1p(s.projects[rows]),
        "recent": np.log1p(s.recent[rows]),
        "industry_partners": np.log1p(partners),
        "industry_share": partners / np.maximum(s.degree[rows], 1.0),
        "recent_partners": np.log1p(s.recent_degree[rows]),
    }
    for name, value in values.items():
        out[:, FEATURES.index(name)] = value
    return out


def rank_matches(
    store: GraphStore | MatchIndex, query: MatchQuery, *, ranker: LinkRanker | None = None
) -> list[Match]:
    """The candidates that fit ``query``, in its direction, best first.

    Partners are institutions for an enterprise and/or a need; adopters are enterprises for an
    institution (or platform, or transfer agency) and/or a result. The pair score is the one
    fitted for partners; the co-participation features it reads are symmetric, so it ranks
    enterprises for an institution the same way.

    Parameters
    ----------
    store : GraphStore or MatchIndex
        The store to match in, or its match index.
    query : MatchQuery
        A ``PartnersQuery`` or an ``AdoptersQuery``.
    ranker : LinkRanker, optional
        The pair scorer; the shipped weights by default.

    Returns
    -------
    list of Match
        At most ``query.k`` candidates, each with its signals, paths and reasons.

    Raises
    ------
    NodeNotFound
        ``query.source`` names no node.
    InvalidRecord
        ``query.source`` is not of a kind the direction matches from.
    """
    direction = query.direction
    index = _index(store)
    source = None
    if query.source is not None:
        source = _source_row(index, query.source, direction.source_kinds)
    return _rank(
        index,
        source=source,
        text=query.text,
        kinds=direction.candidate_kinds,
        k=query.k,
        filters=query.filters,
        ranker=ranker,
    )


_Query = TypeVar("_Query", bound=MatchQuery)


def _query(query_type: type[_Query], **fields: object) -> _Query:
    """``query_type(**fields)``, a query breaking its rules raising `InvalidRecord`."""
    try:
        return query_type.model_validate(fields)
    except ValidationError as exc:
        problems = [
            str(e["ctx"]["error"])
            if e["type"] == "value_error"
            else f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
            for e in exc.errors()
        ]
        raise InvalidRecord("; ".join(problems)) from exc


def rank_partners(
    store: GraphStore | MatchIndex,
    enterprise: str | None = None,
    *,
    need: str | None = None,
    k: int = 10,
    filters: MatchFilters | None = None,
    ranker: LinkRanker | None = None,
) -> list[Match]:
    """Institutions that fit an enterprise (by id) and/or a need text, best first.

    :func:`rank_matches` with a ``PartnersQuery``. `NodeNotFound` if ``enterprise`` names
    no organisation; `InvalidRecord` if neither an enterprise nor a need is given, or the id is
    not an enterprise.
    """
    query = _query(PartnersQuery, source=enterprise, text=need, k=k, filters=filters)
    return rank_matches(store, query, ranker=ranker)


def rank_adopters(
    store: GraphStore | MatchIndex,
    institution: str | None = None,
    *,
    result: str | None = None,
    k: int = 10,
    filters: MatchFilters | None = None,
    ranker: LinkRanker | None = None,
) -> list[Match]:
    """Enterprises that could adopt an institution's results (by id) and/or a result text.

    :func:`rank_matches` with an ``AdoptersQuery``; it raises as :func:`rank_partners`.
    """
    query = _query(AdoptersQuery, source=institution, text=result, k=k, filters=filters)
    return rank_matches(store, query, ranker=ranker)
