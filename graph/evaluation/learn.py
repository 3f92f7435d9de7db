"""Fit the ranker inside the training years, then run the whole protocol.

A fold with label year ``t`` computes features on the projects up to ``t - 1`` and labels the new
(company, academic) links of year ``t`` by the same rules as the test. Each positive link is kept
with hard negatives (the highest common-neighbour candidates) and random negatives that carry
importance weights (how many candidates each stands for), so the fit sees the full candidate
distribution at a fraction of the rows. Test years are never read by any fold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.evaluation.dataset import Dataset
from graph.evaluation.harness import (
    CHUNK,
    Split,
    adamic_adar,
    common_neighbours,
    link_features,
    link_needs,
    make_split,
    metrics,
    popularity,
    rank_links,
)
from graph.i18n import _
from graph.match.features import FEATURES, NEED_FEATURES
from graph.match.model import LinkRanker, fit_ranker

__all__ = ["Rows", "evaluate_partners", "fold_rows", "score_split"]

FloatArray = NDArray[np.float64]
MODES = ("link", "need", "both")


@dataclass
class Rows:
    """Sampled training rows of one or more folds."""

    X: FloatArray  # link features then need features
    y: NDArray[np.int64]
    weight: FloatArray
    group: NDArray[np.int64]  # the link each row belongs to (its first row is the positive)

    @staticmethod
    def concat(parts: list[Rows]) -> Rows:
        """Stack folds."""
        return Rows(
            np.concatenate([p.X for p in parts]),
            np.concatenate([p.y for p in parts]),
            np.concatenate([p.weight for p in parts]),
            np.concatenate(
                [p.group + offset for p, offset in zip(parts, _offsets(parts), strict=True)]
            ),
        )


def fold_rows(
    data: Dataset, label_year: int, *, hard: int = 20, random: int = 40, seed: int = 0
) -> Rows:
    """Training rows of the fold whose features end at ``label_year - 1``."""
    split = make_split(
        data, train_until=label_year - 1, test_from=label_year, test_until=label_year
    )
    rng = np.random.default_rng(seed + label_year)
    links = split.links
    position = np.full(data.n_orgs, -1, dtype=np.int64)
    position[split.candidates] = np.arange(len(split.candidates))
    cn_at = FEATURES.index("cn")
    xs: list[FloatArray] = []
    ys: list[NDArray[np.int64]] = []
    ws: list[FloatArray] = []
    gs: list[NDArray[np.int64]] = []
    companies = split.companies
    for start in range(0, len(companies), CHUNK):
        rows = companies[start : start + CHUNK]
        cube = link_features(split, rows)
        for i, c in enumerate(rows):
            mine = np.flatnonzero(links[:, 0] == c)
            pool = np.ones(len(split.candidates), dtype=bool)
            partners = position[split.structure.B[c].indices]
            pool[partners[partners >= 0]] = False
            pool[position[links[mine, 1]]] = False
            free = np.flatnonzero(pool)
            order = free[np.argsort(-cube[i, free, cn_at], kind="stable")]
            hard_cols, rest = order[:hard], order[hard:]
            picked = rng.choice(rest, size=min(random, len(rest)), replace=False)
            cols = np.concatenate([position[links[mine, 1]][:1], hard_cols, picked])
            weight = np.concatenate(
                [
                    [1.0],
                    np.ones(len(hard_cols)),
                    np.full(len(picked), len(rest) / max(len(picked), 1)),
                ]
            )
            label = np.zeros(len(cols), dtype=np.int64)
            label[0] = 1
            per_link = np.tile(cols, (len(mine), 1))
            per_link[:, 0] = position[links[mine, 1]]
            needs = link_needs(split, mine, per_link)
            for j in range(len(mine)):
                xs.append(np.concatenate([cube[i, per_link[j]], needs[j]], axis=1))
                ys.append(label)
                ws.append(weight)
                gs.append(np.full(len(weight), len(gs), dtype=np.int64))
    if not xs:
        width = len(FEATURES) + len(NEED_FEATURES)
        empty = np.zeros(0, dtype=np.int64)
        return Rows(np.zeros((0, width)), empty, np.zeros(0), empty)
    return Rows(np.concatenate(xs), np.concatenate(ys), np.concatenate(ws), np.concatenate(gs))


def _offsets(parts: list[Rows]) -> list[int]:
    sizes = [int(p.group.max()) + 1 if len(p.group) else 0 for p in parts]
    return [sum(sizes[:i]) for i in range(len(parts))]


def fit(rows: Rows, *, need: bool, note: str) -> LinkRanker:
    """A ranker on link features only, or on link and need features."""
    names = (*FEATURES, *NEED_FEATURES) if need else FEATURES
    X = rows.X if need else rows.X[:, : len(FEATURES)]
    return fit_ranker(X, rows.y, rows.weight, names=names, note=note)


def score_split(split: Split, ranker: LinkRanker, *, need: bool, k: int = 10) -> dict[str, float]:
    """The model's metrics on a split (need mode adds each link's need features)."""
    w_link = ranker.vector(FEATURES)
    w_need = ranker.vector(NEED_FEATURES)
    ranks = rank_links(
        split,
        lambda rows: link_features(split, rows) @ w_link,
        need=(lambda mine: link_needs(split, mine) @ w_need) if need else None,
    )
    return metrics(ranks, k)


def baselines(split: Split, k: int = 10) -> dict[str, dict[str, float]]:
    """The three baselines on a split."""
    return {
        name: metrics(rank_links(split, lambda rows, f=f: f(split, rows)), k)  # type: ignore[misc]
        for name, f in (
            ("popularity", popularity),
            ("common_neighbours", common_neighbours),
            ("adamic_adar", adamic_adar),
        )
    }


def evaluate_partners(
    data: Dataset,
    *,
    train_until: int,
    test_from: int,
    mode: str = "link",
    validate: bool = True,
    k: int = 10,
) -> dict[str, object]:
    """The protocol's JSON for one mode, or ``{"link": ..., "need": ...}`` for ``both``."""
    if mode not in MODES:
        message = _("模式应为 {modes} 之一，而不是 {mode}")
        raise ValueError(message.format(modes=_("、").join(MODES), mode=repr(mode)))
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    # Many small matrix products: BLAS threads only contend with each other here.
    with threadpool_limits(limits=1):
        return _evaluate(
            data, train_until=train_until, test_from=test_from, mode=mode, validate=validate, k=k
        )


def _evaluate(
    data: Dataset, *, train_until: int, test_from: int, mode: str, validate: bool, k: int
) -> dict[str, object]:
    modes = ("link", "need") if mode == "both" else (mode,)
    folds = [y for y in (train_until, train_until - 1) if (data.project_year == y - 1).any()]
    fold_data = {y: fold_rows(data, y) for y in folds}
    validation: dict[str, object] = {}
    if validate and len(folds) == 2:
        inner = make_split(
            data, train_until=train_until - 1, test_from=train_until, test_until=train_until
        )
        inner_base = baselines(inner, k)
        for m in modes:
            early = fit(fold_data[folds[1]], need=m == "need", note=_("验证"))
            validation[m] = {
                "model": score_split(inner, early, need=m == "need"),
                "baselines": inner_base,
            }
    split = make_split(data, train_until=train_until, test_from=test_from)
    base = baselines(split, k)
    out: dict[str, object] = {}
    rows = Rows.concat([fold_data[y] for y in folds])
    for m in modes:
        ranker = fit(
            rows,
            need=m == "need",
            note=_("{mode} 模式；标注年份 {years}").format(
                mode=m, years=_("、").join(map(str, sorted(folds)))
            ),
        )
        out[m] = {
            "model": score_split(split, ranker, need=m == "need", k=k),
            "baselines": base,
            "n_links": len(split.links),
            "n_companies": len(split.companies),
            "n_candidates": len(split.candidates),
            "train_until": train_until,
            "test_from": test_from,
            "ranker": ranker.to_json(),
        }
        if m in validation:
            out[m]["validation"] = validation[m]  # type: ignore[index]
    return out if mode == "both" else out[mode]  # type: ignore[return-value]
