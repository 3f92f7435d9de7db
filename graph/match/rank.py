"""Rank partners (institutions for an enterprise or a need) and adopters (the reverse).

One ranker, :func:`rank_matches`, serves both directions: a
:class:`~graph.match.query.MatchQuery` (a ``PartnersQuery`` or an ``AdoptersQuery``) names the
direction, the source id and/or the text, how many to return and the filters.

Retrieve the candidates of the wanted kinds that pass the filters, rank them with the learned
pair score (graph proximity, profiles, popularity: weights fitted by the evaluation harness on
real links), add the text relevance of a stated need and the region prior, and explain each
of the top ``k`` with its per-signal breakdown and the paths that justify it.

The text and region weights are stated priors, not fitted (``bench/bench_needs.py`` measures
them on a labelled set of needs). Text relevance (a cosine of the terms of
:mod:`graph.match.text`, 0..1) counts ``TEXT_WEIGHT``; with a source and no text, the source's
own results (adopters) or needs (partners) are the text, each scored and the best one counting,
so the adopters of an institution with a jujube result are the jujube firms. A candidate in
Beijing or Tianjin, the direction the work plan turns to, gains ``REGION_WEIGHT``.

The answer (:class:`~graph.match.answer.MatchAnswer`) orders ties by a stated rule, says which
key terms of the text no candidate covers and flags itself ``low`` confidence when it is
unsure (:mod:`graph.match.confidence`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray
from pydantic import ValidationError

from graph.errors import InvalidRecord, NodeNotFound
from graph.field_errors import field_errors_text
from graph.i18n import _
from graph.lookup import kind_label
from graph.match.answer import Match, MatchAnswer, Scores, answer, common_neighbours
from graph.match.features import FEATURES, pair_features
from graph.match.index import MatchIndex, match_index
from graph.match.industry import industry_score
from graph.match.model import LinkRanker, default_ranker
from graph.match.query import AdoptersQuery, MatchFilters, MatchQuery, PartnersQuery
from graph.model import EdgeKind, NodeKind
from graph.stores.base import GraphStore

__all__ = [
    "Match",
    "MatchAnswer",
    "answer_matches",
    "rank_adopters",
    "rank_matches",
    "rank_partners",
]

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


def _index(store: GraphStore | MatchIndex) -> MatchIndex:
    return store if isinstance(store, MatchIndex) else match_index(store)


def _source_row(index: MatchIndex, node: str, kinds: Sequence[NodeKind]) -> int:
    row = index.position.get(node)
    if row is None:
        raise NodeNotFound(node)
    if index.kinds[row] not in {k.value for k in kinds}:
        wanted = _("或").join(kind_label(k) for k in kinds)
        message = _("“{name}”（{id}）是{kind}，不是{wanted}")
        raise InvalidRecord(
            message.format(
                name=index.names[row], id=node, kind=kind_label(index.kinds[row]), wanted=wanted
            )
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
    source_texts: Sequence[tuple[str, str]] = (),
) -> MatchAnswer:
    f = filters or MatchFilters()
    ranker = ranker or default_ranker()
    view = index.view([kind.value for kind in (f.kinds or kinds)])
    rows = view.rows
    keep = np.isin(rows, _filtered(index, rows, f, source))
    if not keep.any():
        return answer(
            index,
            Scores(view, keep, np.zeros(len(rows)), {}, None, [], np.zeros(0, np.int64)),
            source=source,
            text=text,
            k=k,
        )
    contributions: dict[str, NDArray[np.float64]] = {}
    weights = ranker.vector(FEATURES)
    if source is not None:
        cube = pair_features(index.structure, np.array([source]), view.columns)[0]
        for group, names in GROUPS.items():
            at = [FEATURES.index(n) for n in names]
            contributions[group] = cube[:, at] @ weights[at]
        contributions["industry"] = industry_score(
            index.industry_members, index.structure.B, source, rows
        )
    else:
        cube = _candidate_features(index, rows)
        at = [FEATURES.index(n) for n in CANDIDATE_ONLY]
        contributions["popularity"] = cube[:, at] @ weights[at]
    texts = [text] if text else [t for _, t in source_texts]
    best_text = np.zeros(len(rows), dtype=np.int64)
    if texts:
        per_text = np.stack([index.text_scores(t, view) for t in texts], axis=1)
        best_text = np.asarray(per_text.argmax(axis=1), dtype=np.int64)
        contributions["text"] = TEXT_WEIGHT * per_text.max(axis=1)
    toward = view.toward
    contributions["region"] = REGION_WEIGHT * toward.astype(np.float64)
    score = np.sum(list(contributions.values()), axis=0)
    score[~keep] = -np.inf
    common = common_neighbours(cube) if source is not None else None
    scores = Scores(view, keep, score, contributions, common, texts, best_text)
    titles = [title for title, _ in source_texts] if not text else []
    return answer(index, scores, source=source, text=text, k=k, text_names=titles)


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

    The items of :func:`answer_matches` (which also says how sure the answer is).
    """
    return answer_matches(store, query, ranker=ranker).items


def answer_matches(
    store: GraphStore | MatchIndex, query: MatchQuery, *, ranker: LinkRanker | None = None
) -> MatchAnswer:
    """The candidates that fit ``query``, best first, and how sure the answer is.

    Partners are institutions for an enterprise and/or a need; adopters are enterprises for an
    institution (or platform, or transfer agency) and/or a result. The pair score is the one
    fitted for partners; the co-participation features it reads are symmetric, so it ranks
    enterprises for an institution the same way. With a source and no text, the source's own
    results (adopters) or needs (partners) are the text, when ``store`` is a store.

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
    MatchAnswer
        At most ``query.k`` candidates, each with its signals, paths, reasons and shared
        terms; the text's key terms, those no candidate covers, the confidence and its notes.

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
    own: list[tuple[str, str]] = []
    if query.source is not None:
        source = _source_row(index, query.source, direction.source_kinds)
        if not (query.text and query.text.strip()) and not isinstance(store, MatchIndex):
            own = _own_texts(store, query.source, direction.source_kinds)
    return _rank(
        index,
        source=source,
        text=query.text,
        kinds=direction.candidate_kinds,
        k=query.k,
        filters=query.filters,
        ranker=ranker,
        source_texts=own,
    )


def _own_texts(
    store: GraphStore, node: str, source_kinds: Sequence[NodeKind]
) -> list[tuple[str, str]]:
    """The source's results (an institution's) or needs (an enterprise's): (title, text)."""
    kind = EdgeKind.HAS_NEED if NodeKind.ENTERPRISE in source_kinds else EdgeKind.HAS_RESULT
    found = []
    for n in store.neighbours(node, edge_kinds=[kind], direction="out"):
        props = n.node.properties
        words = [n.node.name, str(props.get("description", ""))]
        keywords = props.get("keywords")
        if isinstance(keywords, list):
            words.extend(str(w) for w in keywords)
        found.append((n.node.name, " ".join(words)))
    return found


_Query = TypeVar("_Query", bound=MatchQuery)


def _query(query_type: type[_Query], **fields: object) -> _Query:
    """``query_type(**fields)``, a query breaking its rules raising `InvalidRecord`."""
    try:
        return query_type.model_validate(fields)
    except ValidationError as exc:
        raise InvalidRecord(field_errors_text(exc.errors())) from exc


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
