"""A ranked answer: the top candidates in the stated order, each explained, and how sure it is.

:func:`answer` turns the ranker's per-candidate scores into a :class:`MatchAnswer`: it orders
the candidates by :func:`graph.match.confidence.ranking_order` (ties broken by a stated
rule), explains each of the top ``k`` with the terms the text score was computed on, the paths
and reasons, flags equal scores, and judges the answer (:func:`graph.match.confidence.assess`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel

from graph.i18n import _
from graph.match.confidence import TIE_RULE, Confidence, assess, ranking_order, tied_flags
from graph.match.explain import broad_degree, common_paths, reasons
from graph.match.features import FEATURES
from graph.match.index import CandidateView, MatchIndex
from graph.match.text import TextModel

__all__ = ["Match", "MatchAnswer", "Scores", "answer"]


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
    terms: list[str] = []
    """The terms it shares with the text (or the source's results or needs), weightiest first."""
    tied: bool = False
    """Its shown score equals a neighbour's: the tie rule placed it."""


class MatchAnswer(BaseModel):
    """Ranked candidates, best first, and how sure the answer is."""

    items: list[Match]
    confidence: Confidence = "normal"
    """``low`` when the first candidate covers under half the weight of the text's key terms
    (a specialist term nobody covers, or common words only), the text has no key term, or
    nothing but network size placed the first (:mod:`graph.match.confidence`)."""
    key_terms: list[str] = []
    """The terms of the text that tell candidates apart (specific words, not 技术 or 研究)."""
    uncovered_terms: list[str] = []
    """Key terms that no candidate passing the filters holds."""
    notes: list[str] = []
    """One sentence each: every uncovered key term (``未找到覆盖"<术语>"的机构``) and why the
    confidence is low."""
    tie_rule: str = ""
    """How equal scores are ordered."""


@dataclass
class Scores:
    """What the ranker computed for every candidate of a view."""

    view: CandidateView
    keep: NDArray[np.bool_]  # passed the filters
    score: NDArray[np.float64]
    contributions: dict[str, NDArray[np.float64]]
    common: NDArray[np.float64] | None  # common neighbours with the source
    texts: Sequence[str]  # the text asked, or the source's own results or needs
    best_text: NDArray[np.int64]  # which of ``texts`` fits each candidate best


def answer(
    index: MatchIndex,
    scores: Scores,
    *,
    source: int | None,
    text: str | None,
    k: int,
    text_names: Sequence[str] = (),
) -> MatchAnswer:
    """The top ``k`` of ``scores`` in the stated order, explained and judged.

    ``text_names`` name the source's results or needs when ``scores.texts`` are theirs.
    """
    view, keep = scores.view, scores.keep
    rows = view.rows
    model = index.vectoriser if isinstance(index.vectoriser, TextModel) else None
    text_signal = scores.contributions.get("text", np.zeros(len(rows)))
    synthetic = np.array([index.synthetic[r] for r in rows], dtype=bool)
    names = [index.names[r] for r in rows]
    order = [int(i) for i in ranking_order(scores.score, text_signal, synthetic, names) if keep[i]]
    broad = broad_degree(index.structure.degree[rows[keep]])
    items: list[Match] = []
    for i in order[:k]:
        r = int(rows[i])
        signals = {name: round(float(v[i]), 4) for name, v in scores.contributions.items()}
        if scores.common is not None:
            signals["common_neighbours"] = float(scores.common[i])
        matched = scores.texts[scores.best_text[i]] if scores.texts else None
        terms = model.shared_terms(matched, r) if model is not None and matched else []
        title = text_names[scores.best_text[i]] if text_names and terms else None
        items.append(
            Match(
                id=index.ids[r],
                name=index.names[r],
                kind=index.kinds[r],
                score=round(float(scores.score[i]), 4),
                signals=signals,
                paths=common_paths(index, source, r) if source is not None else [],
                reasons=reasons(
                    index,
                    r,
                    source=source,
                    terms=terms,
                    signals=signals,
                    toward=bool(view.toward[i]),
                    broad=broad,
                    matched_text=title,
                ),
                synthetic=index.synthetic[r],
                terms=terms,
            )
        )
    for item, tied in zip(items, tied_flags([m.score for m in items]), strict=True):
        item.tied = tied
    first = order[0] if order else None
    top_evidence = None
    if first is not None and source is not None:
        partners = scores.common[first] if scores.common is not None else 0.0
        top_evidence = bool(items[0].terms) or partners > 0
    judged = assess(
        model,
        text,
        candidates=np.asarray(rows[keep], dtype=np.int64),
        top=None if first is None else int(rows[first]),
        top_evidence=top_evidence,
        enterprises=bool(len(rows)) and all(index.kinds[r] == "Enterprise" for r in rows),
    )
    return MatchAnswer(items=items, tie_rule=_(TIE_RULE), **judged.model_dump())


def common_neighbours(cube: NDArray[np.float64]) -> NDArray[np.float64]:
    """Common neighbours of the source and each candidate, from the pair feature cube."""
    return np.asarray(np.expm1(cube[:, FEATURES.index("cn")]).round(), dtype=np.float64)
