"""The learned ranker: a logistic regression over pair features, stored as plain weights.

Weights are fitted by :mod:`graph.evaluation.learn` on real links with an inner time split and
kept in ``weights.json`` next to this module, so the online matcher scores with the weights
that were measured, never with hand-tuned ones.

>>> import numpy as np
>>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
>>> ranker = fit_ranker(X, np.array([0, 0, 1, 1]), np.ones(4), names=("cn",))
>>> bool(ranker.weights["cn"] > 0)
True
>>> ranker.score(np.array([[3.0], [0.0]]), ("cn",)).argmax()
np.int64(0)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["WEIGHTS_FILE", "LinkRanker", "default_ranker", "fit_ranker", "fit_softmax"]

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class LinkRanker:
    """A linear score: ``sum(weight[f] * feature[f])`` (on raw, unscaled features)."""

    weights: Mapping[str, float]
    intercept: float = 0.0
    note: str = ""
    scale: Mapping[str, float] = field(default_factory=dict)
    """Standard deviation of each feature in the training rows (to show contributions)."""

    def vector(self, names: Sequence[str]) -> NDArray[np.float64]:
        """The weights in the order of ``names`` (0 for a feature this ranker lacks)."""
        return np.array([self.weights.get(n, 0.0) for n in names], dtype=np.float64)

    def score(self, X: NDArray[np.float64], names: Sequence[str]) -> NDArray[np.float64]:
        """Scores of feature rows ``X`` (last axis in the order of ``names``)."""
        return np.asarray(X @ self.vector(names)) + self.intercept

    def to_json(self) -> dict[str, object]:
        """The JSON form kept in ``weights.json``."""
        return {
            "weights": dict(self.weights),
            "intercept": self.intercept,
            "note": self.note,
            "scale": dict(self.scale),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> LinkRanker:
        """Inverse of :meth:`to_json`."""
        weights = data.get("weights")
        scale = data.get("scale") or {}
        if not isinstance(weights, dict) or not isinstance(scale, dict):
            # i18n: ok: a broken weights file
            raise ValueError("a ranker needs a 'weights' mapping")
        intercept = data.get("intercept", 0.0)
        return cls(
            weights={str(k): float(v) for k, v in weights.items()},
            intercept=float(intercept) if isinstance(intercept, int | float) else 0.0,
            note=str(data.get("note", "")),
            scale={str(k): float(v) for k, v in scale.items()},
        )


def fit_ranker(
    X: NDArray[np.float64],
    y: NDArray[np.int64],
    sample_weight: NDArray[np.float64],
    *,
    names: Sequence[str],
    C: float = 1.0,
    note: str = "",
) -> LinkRanker:
    """Fit a logistic regression on standardised features; return it on raw features."""
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit((X - mean) / sd, y, sample_weight=sample_weight)
    raw = model.coef_[0] / sd
    intercept = float(model.intercept_[0] - (raw * mean).sum())
    return LinkRanker(
        weights={n: float(w) for n, w in zip(names, raw, strict=True)},
        intercept=intercept,
        note=note,
        scale={n: float(v) for n, v in zip(names, sd, strict=True)},
    )


def fit_softmax(
    X: NDArray[np.float64],
    group: NDArray[np.int64],
    sample_weight: NDArray[np.float64],
    *,
    names: Sequence[str],
    l2: float = 1e-3,
    note: str = "",
) -> LinkRanker:
    """Fit a conditional logit: each link's true candidate against its sampled competitors.

    Rows of one link are contiguous and the first is the true candidate; the weights of the
    others say how many candidates each stands for, so ``log sum w exp(score)`` estimates the
    log-partition over all candidates. This is the ranking the metric scores, one link at a time.
    """
    from scipy.optimize import minimize

    mean = X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    Z = (X - mean) / sd
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    log_w = np.log(sample_weight)
    n = len(starts)

    def loss(beta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        s = Z @ beta + log_w
        peak = np.maximum.reduceat(s, starts)
        e = np.exp(s - np.repeat(peak, np.diff(np.r_[starts, len(s)])))
        total = np.add.reduceat(e, starts)
        p = e / np.repeat(total, np.diff(np.r_[starts, len(s)]))
        value = float((np.log(total) + peak - s[starts]).sum()) / n + 0.5 * l2 * float(beta @ beta)
        grad = (p @ Z - Z[starts].sum(axis=0)) / n + l2 * beta
        return value, np.asarray(grad, dtype=np.float64)

    result = minimize(loss, np.zeros(Z.shape[1]), jac=True, method="L-BFGS-B")
    raw = result.x / sd
    return LinkRanker(
        weights={n_: float(w) for n_, w in zip(names, raw, strict=True)},
        note=note,
        scale={n_: float(v) for n_, v in zip(names, sd, strict=True)},
    )


def default_ranker(path: Path = WEIGHTS_FILE) -> LinkRanker:
    """The ranker fitted by the evaluation harness (``ttkg eval partners --save-weights``)."""
    stamp = path.stat().st_mtime_ns
    cached = _LOADED.get(path)
    if cached is None or cached[0] != stamp:
        ranker = LinkRanker.from_json(json.loads(path.read_text(encoding="utf-8")))
        _LOADED[path] = cached = (stamp, ranker)
    return cached[1]


_LOADED: dict[Path, tuple[int, LinkRanker]] = {}
