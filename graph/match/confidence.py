"""How sure an answer is, and in which order equal scores stand.

Every key term no candidate that passed the filters holds is named in the notes
(``未找到覆盖"<术语>"的机构``, ``的企业`` for adopters). An answer is ``low`` confidence, and
says why in :attr:`Assessment.notes`, when any of these holds (and ``normal`` otherwise):

- the first candidate covers less than half (:data:`TOP_SHARE`) of the weight of the text's
  key terms (:meth:`graph.match.text.TextModel.key_terms`), or none of them (it matched on
  common words only): a specialist term nobody covers makes it so;
- the text has no key term at all (only common words such as 技术, 研究);
- the first candidate shares neither a term nor a partner with what was asked (its place comes
  from the size of its network alone);
- no candidate passed the filters.

Ties are broken by one stated rule (:data:`TIE_RULE`, :func:`ranking_order`): the score as
shown (four decimals), then the text similarity, then real before example data, then the
name in Unicode order. Candidates whose shown scores are equal are flagged ``tied``.

>>> import numpy as np
>>> ranking_order(np.array([1.0, 2.0, 1.0, 1.0]), np.array([0.1, 0.0, 0.1, 0.3]),
...               np.array([True, False, False, False]), ["乙", "甲", "丙", "丁"]).tolist()
[1, 3, 2, 0]
>>> tied_flags([2.0, 1.0, 1.0, 0.5])
[False, True, True, False]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from pydantic import BaseModel

from graph.i18n import N_, _
from graph.match.text import TextModel

__all__ = ["TIE_RULE", "Assessment", "assess", "covered_terms", "ranking_order", "tied_flags"]

SCORE_DECIMALS = 4
TOP_SHARE = 0.5
"""The first candidate must cover at least this share of the key terms' weight."""
TIE_RULE = N_("同分时依次比较：文本相似度（高者在前）、真实数据先于示例数据、名称（Unicode 顺序）")

Confidence = Literal["low", "normal"]


class Assessment(BaseModel):
    """What an answer is sure of: the text's key terms, those nobody covers, and why not sure."""

    confidence: Confidence = "normal"
    key_terms: list[str] = []
    uncovered_terms: list[str] = []
    notes: list[str] = []


def ranking_order(
    score: NDArray[np.float64],
    text: NDArray[np.float64],
    synthetic: NDArray[np.bool_],
    names: Sequence[str],
) -> NDArray[np.int64]:
    """Positions best first: shown score, then text similarity, real first, then name."""
    name_rank = np.argsort(np.argsort(np.array(list(names), dtype=object), kind="stable"))
    keys = (
        name_rank,
        synthetic.astype(np.int8),
        -np.round(text, 6),
        -np.round(score, SCORE_DECIMALS),
    )
    return np.asarray(np.lexsort(keys), dtype=np.int64)


def tied_flags(scores: Sequence[float]) -> list[bool]:
    """For each score of a ranked list: is it shown equal to its neighbour's?"""
    shown = [round(s, SCORE_DECIMALS) for s in scores]
    return [
        (i > 0 and shown[i - 1] == s) or (i + 1 < len(shown) and shown[i + 1] == s)
        for i, s in enumerate(shown)
    ]


def covered_terms(model: TextModel, terms: Sequence[str], rows: NDArray[np.int64]) -> set[str]:
    """The terms held by at least one of the profiles ``rows``."""
    columns = {t: model.column(t) for t in terms}
    wanted = [c for c in columns.values() if c is not None]
    if not wanted or not len(rows):
        return set()
    block = sp.csr_matrix(model.matrix[rows][:, wanted])
    held = np.asarray((block > 0).sum(axis=0)).ravel() > 0
    held_columns = {c for c, h in zip(wanted, held, strict=True) if h}
    return {t for t, c in columns.items() if c in held_columns}


def _uncovered(key_parts: dict[str, list[str]], covered: set[str]) -> list[str]:
    """Key terms not covered: neither the term nor every word it is made of is held
    (``合成橡胶`` is covered where 合成 and 橡胶 are held)."""
    return [
        term
        for term, parts in key_parts.items()
        if term not in covered and not (parts and all(p in covered for p in parts))
    ]


def assess(
    model: TextModel | None,
    text: str | None,
    *,
    candidates: NDArray[np.int64],
    top: int | None,
    top_evidence: bool | None,
    enterprises: bool,
) -> Assessment:
    """Judge an answer.

    Parameters
    ----------
    model : TextModel or None
        The graph's text model (None when no text was asked or no profile has text).
    text : str or None
        The need or result text given, if any.
    candidates : array of int
        Index rows of every candidate that passed the filters.
    top : int or None
        The index row of the first candidate (None when no candidate passed the filters).
    top_evidence : bool or None
        Whether the first candidate shares a term or a partner with the source (None when
        there is no source or no candidate).
    enterprises : bool
        The candidates are enterprises (the notes then say 企业, else 机构).
    """
    notes: list[str] = []
    low = False
    key_terms: list[str] = []
    uncovered: list[str] = []
    if top is None:
        notes.append(_("没有符合条件的候选"))
        low = True
    if text and model is not None:
        key_parts = model.key_parts(text)
        key_terms = list(key_parts)
        every = key_terms + [p for parts in key_parts.values() for p in parts]
        uncovered = _uncovered(key_parts, covered_terms(model, every, candidates))
        message = _('未找到覆盖"{term}"的企业') if enterprises else _('未找到覆盖"{term}"的机构')
        notes.extend(message.format(term=t) for t in uncovered)
        if not key_terms:
            notes.append(_("文本中没有能区分候选的专业术语（只有常用词），排序仅供参考"))
            low = True
        elif top is not None:
            held = covered_terms(model, every, np.array([top], dtype=np.int64))
            share = _weight_share(model, key_parts, held)
            if share == 0:
                notes.append(_("排在首位的候选不含任何关键术语，只在常用词上相符"))
            elif share < TOP_SHARE:
                notes.append(
                    _("排在首位的候选只覆盖需求关键术语权重的 {p}%").format(p=round(100 * share))
                )
            low = low or share < TOP_SHARE
    if top_evidence is False:
        notes.append(_("排在首位的候选既无相符术语也无共同关联方，名次只反映其网络规模"))
        low = True
    return Assessment(
        confidence="low" if low else "normal",
        key_terms=key_terms,
        uncovered_terms=uncovered,
        notes=notes,
    )


def _weight_share(model: TextModel, key_parts: dict[str, list[str]], held: set[str]) -> float:
    """The share of the key terms' weight that the held terms cover."""
    total = sum(model.weight(t) for t in key_parts)
    covered = sum(model.weight(t) for t in _covered_keys(key_parts, held))
    return covered / total if total else 0.0


def _covered_keys(key_parts: dict[str, list[str]], held: set[str]) -> list[str]:
    uncovered = set(_uncovered(key_parts, held))
    return [t for t in key_parts if t not in uncovered]
