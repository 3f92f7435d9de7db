"""Participations as index arrays, ready for the evaluation harness.

Organisations and projects become row numbers; programme parts, themes and topic codes
become sparse project x category matrices; topic texts a small dense embedding (TF-IDF then
truncated SVD, fitted on the projects of the training years only).

Records in, arrays out: reading the files is :func:`loaders.cordis.read_dataset`'s job.

>>> P = Participation
>>> rows = [P(0, 10, "PRC", "", "DE", 2016), P(0, 11, "HES", "", "FR", 2016)]
>>> data = dataset_of(rows, {0: ProjectInfo(programme_parts=["SC5"])})
>>> data.n_orgs, data.n_projects, data.academic().tolist(), data.part_index
(2, 1, [False, True], {'SC5': 0})
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from graph.evaluation.records import ACADEMIC_TYPES, Participation, ProjectInfo
from graph.match.features import indicator

__all__ = ["Dataset", "dataset_of"]

IntArray = NDArray[np.int64]
TEXT_DIMENSIONS = 64


@dataclass
class Dataset:
    """Participations of one file with every project and organisation as a row number."""

    pics: IntArray
    org_types: list[Counter[str]]
    country: IntArray
    rcns: IntArray
    project_year: IntArray
    project_day: IntArray
    p_org: IntArray
    p_project: IntArray
    p_year: IntArray
    parts: sp.csr_matrix
    themes: sp.csr_matrix
    topics: sp.csr_matrix
    part_index: dict[str, int]
    info: list[ProjectInfo]
    text_fit_until: int | None = None
    _text: NDArray[np.float64] | None = field(default=None, repr=False)
    _need_space: tuple[Any, Any] | None = field(default=None, repr=False)
    _need_vectors: NDArray[np.float64] | None = field(default=None, repr=False)

    @property
    def n_orgs(self) -> int:
        """How many organisations."""
        return len(self.pics)

    @property
    def n_projects(self) -> int:
        """How many projects."""
        return len(self.rcns)

    def org_type(self, org: int) -> str:
        """The most frequent type code of an organisation."""
        return self.org_types[org].most_common(1)[0][0]

    def academic(self) -> NDArray[np.bool_]:
        """Which organisations are universities or research organisations."""
        return np.array([self.org_type(i) in ACADEMIC_TYPES for i in range(self.n_orgs)])

    def company(self) -> NDArray[np.bool_]:
        """Which organisations are companies."""
        return np.array([self.org_type(i) == "PRC" for i in range(self.n_orgs)])

    def text(self, fit_until: int, dimensions: int = TEXT_DIMENSIONS) -> NDArray[np.float64]:
        """Project topic-text vectors; the vocabulary is fitted on projects up to ``fit_until``."""
        if self._text is not None and self.text_fit_until == fit_until:
            return self._text
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = [" ".join(filter(None, (i.title, i.topic, i.theme))) for i in self.info]
        fit = [d for d, y in zip(docs, self.project_year, strict=True) if d and y <= fit_until]
        if len(fit) < dimensions * 2:
            return np.zeros((self.n_projects, 1))
        vectoriser = TfidfVectorizer(stop_words="english", min_df=3, sublinear_tf=True)
        svd = TruncatedSVD(n_components=dimensions, random_state=0)
        svd.fit(vectoriser.fit_transform(fit))
        vectors = svd.transform(vectoriser.transform(docs))
        vectors[[not d for d in docs]] = 0.0
        self._text, self.text_fit_until = vectors, fit_until
        self._need_space = (vectoriser, svd)
        self._need_vectors = None
        return np.asarray(vectors, dtype=np.float64)

    def need_texts(self, fit_until: int) -> NDArray[np.float64]:
        """Each project's topic text (not its title: what a need would state), L2-normalised."""
        self.text(fit_until)
        if self._need_space is None:
            return np.zeros((self.n_projects, 1))
        if self._need_vectors is None:
            vectoriser, svd = self._need_space
            docs = [f"{i.topic} {i.theme or ''}" if i.topic else "" for i in self.info]
            vectors = svd.transform(vectoriser.transform(docs))
            norms = np.linalg.norm(vectors, axis=1)
            norms[norms == 0] = 1.0
            self._need_vectors = vectors / norms[:, None]
        return self._need_vectors


def dataset_of(rows: list[Participation], info: dict[int, ProjectInfo]) -> Dataset:
    """Index participations (rows without a start year are left out)."""
    rows = [r for r in rows if r.start_year is not None]
    pic_index: dict[int, int] = {}
    rcn_index: dict[int, int] = {}
    for r in rows:
        pic_index.setdefault(r.pic, len(pic_index))
        rcn_index.setdefault(r.rcn, len(rcn_index))
    types: list[Counter[str]] = [Counter() for _ in pic_index]
    countries: dict[str, int] = {}
    country = np.zeros(len(pic_index), dtype=np.int64)
    year = np.zeros(len(rcn_index), dtype=np.int64)
    day = np.zeros(len(rcn_index), dtype=np.int64)
    for r in rows:
        o, p = pic_index[r.pic], rcn_index[r.rcn]
        types[o][r.org_type] += 1
        country[o] = countries.setdefault(r.country, len(countries))
        year[p] = r.start_year or 0
        day[p] = r.start_date.toordinal() if r.start_date else (r.start_year or 0) * 366
    infos = [info.get(rcn, ProjectInfo()) for rcn in rcn_index]
    parts, part_index = indicator([i.programme_parts for i in infos])
    themes, _ = indicator([[i.theme] if i.theme else [] for i in infos])
    topics, _ = indicator([[i.topic_code] if i.topic_code else [] for i in infos])
    return Dataset(
        pics=np.array(list(pic_index), dtype=np.int64),
        org_types=types,
        country=country,
        rcns=np.array(list(rcn_index), dtype=np.int64),
        project_year=year,
        project_day=day,
        p_org=np.array([pic_index[r.pic] for r in rows], dtype=np.int64),
        p_project=np.array([rcn_index[r.rcn] for r in rows], dtype=np.int64),
        p_year=np.array([r.start_year for r in rows], dtype=np.int64),
        parts=parts,
        themes=themes,
        topics=topics,
        part_index=part_index,
        info=infos,
    )
