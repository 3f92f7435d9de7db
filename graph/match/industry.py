"""Shared industry as a feature of a (source, candidate) pair, computed one source at a time.

An industry is not a context of the co-participation structure (it would link every pair of
its firms: 10^8 pairs for an industry of 10,000 firms). What it says of a pair is read from
the sparse organisations x industries matrix when a source is matched:

- ``same_industry``: the candidate belongs to one of the source's industries;
- ``industry_lift``: how much more the candidate works with firms of the source's industries
  than its number of partners predicts, ``log((p + 1) / (d * s + 1))`` for ``p`` partners of
  the candidate in those industries, ``d`` partners in all, ``s`` the share of organisations
  in those industries (clipped at 0: working with other industries is no fault); or the
  same of the source's partners in the candidate's industries, whichever is larger.

Both cost one pass over the partners of the source's industries' firms, never a pair table.
Their weights are stated priors (like the text and region weights of
:mod:`graph.match.rank`), not fitted: the CORDIS data the harness fits on has no industries.

>>> import scipy.sparse as sp, numpy as np
>>> members = sp.csr_matrix(np.array([[1, 0], [1, 0], [0, 1], [0, 0]], dtype=np.float32))
>>> B = sp.csr_matrix(np.array([[0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0], [1, 1, 0, 0]]))
>>> f = industry_features(members, B, 0, np.array([1, 2, 3]))
>>> f["same_industry"].tolist()
[1.0, 0.0, 0.0]
>>> [round(x, 3) for x in f["industry_lift"].tolist()]
[0.0, 0.0, 0.182]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

__all__ = [
    "INDUSTRY_FEATURES",
    "INDUSTRY_WEIGHTS",
    "industry_features",
    "industry_peers",
    "industry_score",
]

FloatArray = NDArray[np.float64]

INDUSTRY_FEATURES = ("same_industry", "industry_lift")
INDUSTRY_WEIGHTS = {"same_industry": 0.3, "industry_lift": 0.5}
"""Stated priors: a candidate of the source's industry gains 0.3, one that works with twice
as many of its industry's firms as chance would have it about 0.35."""


def _entries(M: sp.csr_matrix, rows: NDArray[Any]) -> tuple[NDArray[np.int64], NDArray[Any]]:
    """The stored entries of ``M[rows]`` without slicing ``M``: (position in rows, column)."""
    starts = M.indptr[rows]
    lengths = M.indptr[np.asarray(rows) + 1] - starts
    total = int(lengths.sum())
    owner = np.repeat(np.arange(len(rows)), lengths)
    offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, M.indices[np.repeat(starts, lengths) + offsets]


def _row_sums(M: sp.csr_matrix, rows: NDArray[Any], weights: FloatArray) -> FloatArray:
    """``M[rows] @ weights`` for a binary ``M``: each row's sum of its columns' weights."""
    owner, columns = _entries(M, rows)
    return np.bincount(owner, weights=weights[columns], minlength=len(rows)).astype(np.float64)


def _row(M: sp.csr_matrix, row: int) -> NDArray[np.int32]:
    return np.asarray(M.indices[M.indptr[row] : M.indptr[row + 1]])


def _mask(n: int, on: NDArray[Any]) -> FloatArray:
    out = np.zeros(n)
    out[on] = 1.0
    return out


def _lift(inside: FloatArray, degree: FloatArray, share: FloatArray) -> FloatArray:
    return np.asarray(
        np.maximum(np.log((inside + 1.0) / (degree * share + 1.0)), 0.0), dtype=np.float64
    )


def industry_features(
    members: sp.csr_matrix, B: sp.csr_matrix, source: int, rows: NDArray[np.int64]
) -> dict[str, FloatArray]:
    """The industry features of ``source`` against each candidate of ``rows``.

    ``members`` is organisations x industries, ``B`` the binary partner graph (organisations x
    organisations). The lift is taken both ways, the larger counting: the candidate's partners
    in the source's industries (an enterprise matched to institutions), and the source's
    partners in the candidate's industries (an institution matched to enterprises).
    """
    n, n_industries = members.shape
    sizes = np.bincount(members.indices, minlength=n_industries) / max(n - 1, 1)
    # the source's partners in each candidate's industries
    theirs = _row(B, source)
    partner_industries = np.bincount(_entries(members, theirs)[1], minlength=n_industries).astype(
        np.float64
    )
    backward = _lift(
        _row_sums(members, rows, partner_industries),
        np.full(len(rows), float(len(theirs))),
        np.minimum(_row_sums(members, rows, sizes), 1.0),
    )
    mine = _row(members, source)
    if len(mine) == 0:
        return {"same_industry": np.zeros(len(rows)), "industry_lift": backward}
    inside = members @ _mask(n_industries, mine) > 0
    peers = inside.copy()
    peers[source] = False
    forward = _lift(
        np.asarray(B @ peers.astype(np.float64)).ravel()[rows],
        np.diff(B.indptr)[rows].astype(np.float64),
        np.full(len(rows), peers.sum() / max(n - 1, 1)),
    )
    return {
        "same_industry": inside[rows].astype(np.float64),
        "industry_lift": np.maximum(forward, backward),
    }


def industry_peers(
    members: sp.csr_matrix, B: sp.csr_matrix, source: int, target: int
) -> NDArray[np.int64]:
    """Rows through which an industry joins ``source`` to ``target``: the target's partners in
    the source's industries, and the source's partners in the target's industries.

    >>> import scipy.sparse as sp, numpy as np
    >>> members = sp.csr_matrix(np.array([[1], [1], [0]], dtype=np.float32))
    >>> B = sp.csr_matrix(np.array([[0, 0, 0], [0, 0, 1], [0, 1, 0]]))
    >>> industry_peers(members, B, 0, 2).tolist()
    [1]
    """
    n_industries = members.shape[1]
    found: list[NDArray[np.int32]] = []
    for one, other in ((source, target), (target, source)):
        wanted = _row(members, one)
        if len(wanted):
            theirs = _row(B, other)
            hits = _row_sums(members, theirs, _mask(n_industries, wanted)) > 0
            found.append(theirs[hits])
    peers = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    return np.asarray(peers[(peers != source) & (peers != target)], dtype=np.int64)


def industry_score(
    members: sp.csr_matrix, B: sp.csr_matrix, source: int, rows: NDArray[np.int64]
) -> FloatArray:
    """The weighted sum of :func:`industry_features` (the ranker's ``industry`` signal)."""
    features = industry_features(members, B, source, rows)
    return sum(INDUSTRY_WEIGHTS[name] * features[name] for name in INDUSTRY_FEATURES)  # type: ignore[return-value]
