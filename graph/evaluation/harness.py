"""The evaluation harness: company -> academic link prediction on a time split, filtered ranking.

Protocol (``ttkg eval partners``): train on the participations of projects starting in or before
``train_until``; a test link is a (company, academic) pair that shares a project starting in or
after ``test_from`` and shared none in training, both seen in training. Candidates are all
academics seen in training. Each test link ranks its academic among the candidates, leaving out
the company's training partners and its other test partners. The baselines (popularity, common
neighbours, Adamic-Adar) run in the same pass. The model's weights are fitted on folds inside the
training years only (features up to year ``t - 1``, labels the new links of year ``t``).

A hand-made example: company 0 worked with academics 1 and 2 (project 0), academic 2 also with
academic 3 (project 1); in the test year company 0 meets academic 3.

>>> import numpy as np
>>> from graph.evaluation.dataset import dataset_of
>>> from graph.evaluation.records import Participation as P
>>> rows = [P(0, 10, "PRC", "", "DE", 2016), P(0, 11, "HES", "", "DE", 2016),
...         P(0, 12, "REC", "", "FR", 2016), P(1, 12, "REC", "", "FR", 2016),
...         P(1, 13, "HES", "", "IT", 2016), P(2, 10, "PRC", "", "DE", 2019),
...         P(2, 13, "HES", "", "IT", 2019)]
>>> split = make_split(dataset_of(rows, {}), train_until=2018, test_from=2019)
>>> split.links.tolist(), split.candidates.tolist()
([[0, 3, 2]], [1, 2, 3])
>>> ranks = rank_links(split, lambda rows: common_neighbours(split, rows))
>>> ranks.tolist()  # academics 1 and 2 are training partners: only academic 3 is left
[1.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.evaluation.dataset import Dataset
from graph.match.features import (
    CandidateProfiles,
    Columns,
    Structure,
    need_features,
    pair_features,
)

__all__ = [
    "Split",
    "adamic_adar",
    "common_neighbours",
    "make_split",
    "metrics",
    "popularity",
    "rank_links",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Scorer = Callable[[IntArray], FloatArray]
CHUNK = 128


@dataclass
class Split:
    """Training structure, candidates and test links (company, academic, first project)."""

    data: Dataset
    train_until: int
    structure: Structure
    candidates: IntArray
    links: IntArray  # rows of (company org, academic org, project where they first meet)
    profiles: CandidateProfiles
    columns: Columns | None = None

    @property
    def companies(self) -> IntArray:
        """The companies with at least one test link, in order."""
        return np.unique(self.links[:, 0]) if len(self.links) else np.zeros(0, dtype=np.int64)


def build_structure(data: Dataset, until: int) -> Structure:
    """The structure of every participation in projects starting in or before ``until``."""
    keep = data.p_year <= until
    return Structure.build(
        data.p_org[keep],
        data.p_project[keep],
        n_orgs=data.n_orgs,
        n_projects=data.n_projects,
        project_year=data.project_year,
        project_parts=data.parts,
        project_themes=data.themes,
        project_topics=data.topics,
        project_text=data.text(until),
        country=data.country,
        company=data.company(),
        last_year=until,
    )


def make_split(
    data: Dataset, *, train_until: int, test_from: int, test_until: int | None = None
) -> Split:
    """Structure of the training years and the test links of the protocol."""
    s = build_structure(data, train_until)
    seen = s.projects > 0
    company = data.company() & seen
    academic = data.academic() & seen
    test = (data.p_year >= test_from) & (
        data.p_year <= (test_until if test_until is not None else 10_000)
    )
    members: dict[int, list[int]] = {}
    for o, p in zip(data.p_org[test], data.p_project[test], strict=True):
        members.setdefault(int(p), []).append(int(o))
    first: dict[tuple[int, int], tuple[int, int]] = {}
    order = sorted(members, key=lambda p: (data.project_day[p], data.rcns[p]))
    for p in order:
        orgs = members[p]
        for c in (o for o in orgs if company[o]):
            for a in (o for o in orgs if academic[o]):
                if (c, a) not in first and not s.B[c, a]:
                    first[(c, a)] = (int(data.project_day[p]), p)
    links = np.array(sorted((c, a, p) for (c, a), (_, p) in first.items()), dtype=np.int64).reshape(
        -1, 3
    )
    candidates = np.flatnonzero(academic)
    return Split(data, train_until, s, candidates, links, CandidateProfiles.of(s, candidates))


def popularity(split: Split, rows: IntArray) -> FloatArray:
    """Baseline: the candidate's number of distinct training partners."""
    degree = split.structure.degree[split.candidates]
    return np.broadcast_to(degree, (len(rows), len(degree))).copy()


def _tie_break(split: Split) -> FloatArray:
    """A tiny popularity term (below any difference of the scores) that breaks their ties."""
    degree = split.structure.degree[split.candidates]
    return 1e-6 * degree / (degree.max() + 1.0) if len(degree) else degree


def common_neighbours(split: Split, rows: IntArray) -> FloatArray:
    """Baseline: shared training partners (ties broken by popularity)."""
    s = split.structure
    cn = (s.B[rows] @ s.cached("Bc")[:, split.candidates]).toarray()
    return np.asarray(cn) + _tie_break(split)


def adamic_adar(split: Split, rows: IntArray) -> FloatArray:
    """Baseline: shared partners, each weighted by one over the log of its degree."""
    s = split.structure
    aa = (s.cached("aa")[rows] @ s.cached("Bc")[:, split.candidates]).toarray()
    return np.asarray(aa) + _tie_break(split)


def rank_links(
    split: Split,
    score: Scorer,
    *,
    need: Callable[[IntArray], FloatArray] | None = None,
) -> FloatArray:
    """Filtered rank of each test link's academic (ties share the mean rank).

    ``score`` gives companies x candidates scores; ``need`` (optional) gives, for link rows,
    links x candidates scores added to their company's row.
    """
    links = split.links
    position = np.full(split.data.n_orgs, -1, dtype=np.int64)
    position[split.candidates] = np.arange(len(split.candidates))
    ranks = np.zeros(len(links))
    companies = split.companies
    for start in range(0, len(companies), CHUNK):
        rows = companies[start : start + CHUNK]
        block = score(rows)
        for i, c in enumerate(rows):
            mine = np.flatnonzero(links[:, 0] == c)
            excluded = np.zeros(len(split.candidates), dtype=bool)
            partners = split.structure.B[c].indices
            excluded[position[partners][position[partners] >= 0]] = True
            excluded[position[links[mine, 1]]] = True
            extra = need(mine) if need is not None else None
            for j, link in enumerate(mine):
                scores = block[i] if extra is None else block[i] + extra[j]
                true = scores[position[links[link, 1]]]
                others = scores[~excluded]
                ranks[link] = 1 + (others > true).sum() + 0.5 * (others == true).sum()
    return ranks


def metrics(ranks: FloatArray, k: int = 10) -> dict[str, float]:
    """Hits@1, Hits@10 (and Hits@k) and MRR of filtered ranks.

    >>> metrics(np.array([1.0, 4.0, 20.0]))
    {'hits@1': 0.3333, 'hits@10': 0.6667, 'mrr': 0.4333}
    """
    if len(ranks) == 0:
        ranks = np.array([np.inf])
    out = {f"hits@{n}": round(float((ranks <= n).mean()), 4) for n in dict.fromkeys((1, 10, k))}
    out["mrr"] = round(float((1.0 / ranks).mean()), 4) if np.isfinite(ranks).any() else 0.0
    return out


def link_features(split: Split, rows: IntArray) -> FloatArray:
    """The pair-feature cube of companies x candidates."""
    if split.columns is None:
        split.columns = Columns.of(split.structure, split.candidates)
    return pair_features(split.structure, rows, split.columns)


def link_needs(split: Split, links: IntArray, cols: IntArray | None = None) -> FloatArray:
    """Need features (the programme parts, theme, topic of each link's project) x candidates."""
    data = split.data
    projects = split.links[links, 2]
    topics = data.topics[projects]
    topic = np.where(
        np.diff(topics.indptr) > 0,
        topics.indices[topics.indptr[:-1].clip(max=max(len(topics.indices) - 1, 0))]
        if len(topics.indices)
        else -1,
        -1,
    )
    return need_features(
        split.profiles,
        parts=data.parts[projects].toarray(),
        themes=data.themes[projects].toarray(),
        topics=np.asarray(topic, dtype=np.int64),
        text=data.need_texts(split.train_until)[projects],
        cols=cols,
    )
