"""Pair features of (organisation, candidate) from an organisation x project incidence matrix.

One :class:`Structure` holds what a time window of cooperation says (who worked with whom, in
which programme parts, on which topics); :func:`pair_features` turns a block of organisations x
candidates into a feature cube. The evaluation harness and the online matcher share it, so the
weights the harness fits are the weights the matcher uses.

>>> import numpy as np
>>> s = Structure.build(np.array([0, 1, 1, 2]), np.array([0, 0, 1, 1]), n_orgs=3, n_projects=2)
>>> s.B.toarray().astype(int).tolist()
[[0, 1, 0], [1, 0, 1], [0, 1, 0]]
>>> float(pair_features(s, np.array([0]), np.array([2]))[0, 0, FEATURES.index("cn")])
0.6931471805599453
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.stats import rankdata

__all__ = [
    "FEATURES",
    "NEED_FEATURES",
    "CandidateProfiles",
    "Columns",
    "Structure",
    "indicator",
    "need_features",
    "pair_features",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

FEATURES = (
    "cn",  # log1p common neighbours
    "aa",  # log1p Adamic-Adar
    "ucf",  # log1p user-based CF over the k most similar organisations
    "pop",  # log1p distinct partners of the candidate
    "projects",  # log1p projects of the candidate
    "recent",  # log1p projects of the candidate in the last year of the window
    "part_cos",  # programme-part profile cosine
    "theme_cos",  # theme profile cosine
    "text_cos",  # topic-text profile cosine
    "part_pop",  # log1p candidate volume in the organisation's programme-part mix
    "theme_pop",  # log1p candidate volume in the organisation's theme mix
    "same_country",
    "cn_recent",  # log1p common neighbours through projects of the last two years
    "ra",  # log1p resource allocation (shared partners weighted by one over their degree)
    "cn_rank",  # -log rank of common neighbours within the organisation's candidates
    "ucf_rank",  # -log rank of user-CF within the organisation's candidates
    "industry_partners",  # log1p distinct company partners of the candidate
    "industry_share",  # company partners over all partners of the candidate
    "recent_partners",  # log1p partners of the candidate in the last two years
    "no_cn",  # 1 when the two share no partner
    "cn_x_degree",  # log1p common neighbours x log1p partners of the organisation
    "pop_x_degree",  # log1p candidate partners x log1p partners of the organisation
    "country_lift",  # log of how much more often the two countries cooperate than by chance
    "topic_cos",  # topic-code profile cosine
    "consortium",  # log1p sum over the candidate's projects of (share of them partners)^2
    "consortium_2",  # log1p number of the candidate's projects with two or more of the partners
)
NEED_FEATURES = (
    "need_part",  # log1p candidate projects in the need's programme part(s)
    "need_part_share",  # that volume over the candidate's projects
    "need_theme",  # log1p candidate projects in the need's theme
    "need_topic",  # log1p candidate projects under the need's topic code
    "need_text",  # cosine of the need's topic text and the candidate's text profile
)


def indicator(
    values: Sequence[Sequence[str]], *, rows: int | None = None
) -> tuple[sp.csr_matrix, dict[str, int]]:
    """Rows x categories (1 where a row has the category), with the category index.

    ``rows`` sets the row count (default: one per value); there is always one column at least.

    >>> M, index = indicator([["SC5"], [], ["SC5", "ERC"]])
    >>> M.toarray().tolist(), index
    ([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]], {'SC5': 0, 'ERC': 1})
    """
    index: dict[str, int] = {}
    r: list[int] = []
    c: list[int] = []
    for i, cats in enumerate(values):
        for cat in cats:
            r.append(i)
            c.append(index.setdefault(cat, len(index)))
    shape = (len(values) if rows is None else rows, max(len(index), 1))
    return sp.csr_matrix((np.ones(len(r)), (r, c)), shape=shape), index


def _row_normalise(M: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(M.multiply(M).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ M)


@dataclass
class Structure:
    """What one window of participations says about every organisation.

    ``A`` is organisations x projects (1 = took part); ``B`` the binary co-participation graph.
    Category matrices are projects x categories; ``text`` is projects x dense topic vectors.
    """

    A: sp.csr_matrix
    B: sp.csr_matrix
    degree: FloatArray
    projects: FloatArray
    recent: FloatArray
    recent_B: sp.csr_matrix
    parts: sp.csr_matrix  # organisations x programme parts (counts)
    themes: sp.csr_matrix  # organisations x themes (counts)
    topics: sp.csr_matrix  # organisations x topic codes (counts)
    text: FloatArray  # organisations x text dimensions (L2-normalised)
    country: IntArray
    industry_partners: FloatArray
    recent_degree: FloatArray
    country_lift: FloatArray  # countries x countries
    neighbours: int = 500
    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        org: IntArray,
        project: IntArray,
        *,
        n_orgs: int,
        n_projects: int,
        project_year: IntArray | None = None,
        project_parts: sp.csr_matrix | None = None,
        org_parts: sp.csr_matrix | None = None,
        project_themes: sp.csr_matrix | None = None,
        project_topics: sp.csr_matrix | None = None,
        project_text: FloatArray | None = None,
        country: IntArray | None = None,
        company: NDArray[np.bool_] | None = None,
        last_year: int | None = None,
    ) -> Structure:
        """Build from participation pairs (organisation index, project index) of one window.

        ``org_parts`` (organisations x the categories of ``project_parts``) adds categories an
        organisation has of itself, not through a project: the online index's industries.
        """
        ones = np.ones(len(org), dtype=np.float64)
        A = sp.csr_matrix((ones, (org, project)), shape=(n_orgs, n_projects))
        A.data[:] = 1.0
        B = _coparticipation(A)
        if project_year is not None and last_year is not None:
            keep = sp.diags((project_year >= last_year - 1).astype(np.float64))
            recent_B = _coparticipation(sp.csr_matrix(A @ keep))
            last = sp.diags((project_year == last_year).astype(np.float64))
            recent = np.asarray((A @ last).sum(axis=1)).ravel()
        else:
            recent_B, recent = B, np.zeros(n_orgs)

        def profile(M: sp.csr_matrix | None) -> sp.csr_matrix:
            if M is None:
                return sp.csr_matrix((n_orgs, 1))
            return sp.csr_matrix(A @ M)

        if project_text is not None:
            text = np.asarray(A @ project_text)
            norms = np.linalg.norm(text, axis=1)
            norms[norms == 0] = 1.0
            text = text / norms[:, None]
        else:
            text = np.zeros((n_orgs, 1))
        is_company = company if company is not None else np.zeros(n_orgs, dtype=bool)
        codes = country if country is not None else np.zeros(n_orgs, dtype=np.int64)
        return cls(
            country_lift=_country_lift(B, codes, is_company),
            A=A,
            B=B,
            industry_partners=np.asarray(B @ is_company.astype(np.float64)).ravel(),
            recent_degree=np.asarray(recent_B.sum(axis=1)).ravel(),
            degree=np.asarray(B.sum(axis=1)).ravel(),
            projects=np.asarray(A.sum(axis=1)).ravel(),
            recent=recent,
            recent_B=recent_B,
            parts=profile(project_parts)
            if org_parts is None
            else profile(project_parts) + org_parts,
            themes=profile(project_themes),
            topics=profile(project_topics),
            text=text,
            country=country if country is not None else np.zeros(n_orgs, dtype=np.int64),
        )

    def cached(self, name: str) -> sp.csr_matrix:
        """Derived matrices, built once."""
        if name not in self._cache:
            if name == "aa":
                weights = 1.0 / np.log(np.maximum(self.degree, 2.0))
                value: object = sp.csr_matrix(self.B @ sp.diags(weights))
            elif name == "ra":
                value = sp.csr_matrix(self.B @ sp.diags(1.0 / np.maximum(self.degree, 1.0)))
            elif name == "Bn":
                value = _row_normalise(self.B)
            elif name == "BnT":
                value = sp.csr_matrix(self.cached("Bn").T)
            elif name == "Bc":
                value = sp.csc_matrix(self.B)
            elif name == "recent_Bc":
                value = sp.csc_matrix(self.recent_B)
            elif name in ("parts_n", "themes_n", "topics_n"):
                value = _row_normalise(getattr(self, name[:-2]))
            elif name in ("parts_share",):
                M = self.parts
                total = np.asarray(M.sum(axis=1)).ravel()
                total[total == 0] = 1.0
                value = sp.csr_matrix(sp.diags(1.0 / total) @ M)
            elif name == "themes_share":
                M = self.themes
                total = np.asarray(M.sum(axis=1)).ravel()
                total[total == 0] = 1.0
                value = sp.csr_matrix(sp.diags(1.0 / total) @ M)
            else:
                raise KeyError(name)
            self._cache[name] = value
        found = self._cache[name]
        assert isinstance(found, sp.csr_matrix | sp.csc_matrix)
        return sp.csr_matrix(found) if isinstance(found, sp.csr_matrix) else found


def _country_lift(B: sp.csr_matrix, country: IntArray, company: NDArray[np.bool_]) -> FloatArray:
    """log((links between countries + 1) / (expected + 1)) of company x other links."""
    n = int(country.max()) + 1 if len(country) else 1
    C = sp.csr_matrix(
        (np.ones(len(country)), (np.arange(len(country)), country)), shape=(len(country), n)
    )
    counts = _dense(C[company].T @ B[company] @ C)
    expected = counts.sum(axis=1, keepdims=True) * counts.sum(axis=0, keepdims=True)
    expected /= max(counts.sum(), 1.0)
    return np.asarray(np.log((counts + 1.0) / (expected + 1.0)))


def _coparticipation(A: sp.csr_matrix) -> sp.csr_matrix:
    B = sp.csr_matrix(A @ A.T)
    B.setdiag(0)
    B.eliminate_zeros()
    B.data[:] = 1.0
    return B


def _dense(M: Any) -> FloatArray:
    return np.asarray(M.toarray() if sp.issparse(M) else M, dtype=np.float64)


def _top_k(similar: sp.csr_matrix, rows: IntArray, k: int) -> sp.csr_matrix:
    """Keep the ``k`` largest similarities of each row (ties at the cut kept), never the self."""
    for i, u in enumerate(rows):
        start, end = similar.indptr[i], similar.indptr[i + 1]
        data = similar.data[start:end]
        data[similar.indices[start:end] == u] = 0.0
        if end - start > k:
            cut = np.partition(data, -k)[-k]
            data[data < cut] = 0.0
    similar.eliminate_zeros()
    return similar


@dataclass
class Columns:
    """The candidate side of :func:`pair_features`, sliced once and reusable across requests."""

    cols: IntArray
    Bc: sp.csr_matrix
    recent_Bc: sp.csr_matrix
    parts_n: sp.csr_matrix
    themes_n: sp.csr_matrix
    topics_n: sp.csr_matrix
    parts: sp.csr_matrix
    themes: sp.csr_matrix
    text: FloatArray
    members: sp.csr_matrix  # projects x candidates (1 = took part)

    @classmethod
    def of(cls, s: Structure, cols: IntArray) -> Columns:
        """Slice the candidate columns ``cols`` of ``s``."""
        return cls(
            cols=cols,
            Bc=sp.csr_matrix(s.cached("Bc")[:, cols]),
            recent_Bc=sp.csr_matrix(s.cached("recent_Bc")[:, cols]),
            parts_n=sp.csr_matrix(s.cached("parts_n")[cols].T),
            themes_n=sp.csr_matrix(s.cached("themes_n")[cols].T),
            topics_n=sp.csr_matrix(s.cached("topics_n")[cols].T),
            parts=sp.csr_matrix(s.parts[cols].T),
            themes=sp.csr_matrix(s.themes[cols].T),
            text=np.ascontiguousarray(s.text[cols].T),
            members=sp.csr_matrix(s.A[cols].T),
        )


def pair_features(s: Structure, rows: IntArray, columns: IntArray | Columns) -> FloatArray:
    """Features of each (row organisation, column candidate) pair: ``rows x cols x F``."""
    c = columns if isinstance(columns, Columns) else Columns.of(s, columns)
    cols = c.cols
    Br = s.B[rows]
    Bcols = c.Bc
    cn = _dense(Br @ Bcols)
    aa = _dense(s.cached("aa")[rows] @ Bcols)
    similar = _top_k(sp.csr_matrix(s.cached("Bn")[rows] @ s.cached("BnT")), rows, s.neighbours)
    ucf = _dense(similar @ Bcols)
    cn_recent = _dense(s.recent_B[rows] @ c.recent_Bc)
    part_cos = _dense(s.cached("parts_n")[rows] @ c.parts_n)
    theme_cos = _dense(s.cached("themes_n")[rows] @ c.themes_n)
    text_cos = s.text[rows] @ c.text
    part_pop = _dense(s.cached("parts_share")[rows] @ c.parts)
    theme_pop = _dense(s.cached("themes_share")[rows] @ c.themes)
    same_country = (s.country[rows][:, None] == s.country[cols][None, :]).astype(np.float64)
    shape = cn.shape
    ra = _dense(s.cached("ra")[rows] @ Bcols)
    degree_r = s.degree[rows][:, None]
    partners = s.industry_partners[cols]
    # How much of each project's consortium the organisation already works with: a follow-up
    # of that project is where it would meet the project's other members.
    overlap = sp.csr_matrix(Br @ s.A)
    size = np.asarray(s.A.sum(axis=0)).ravel()
    share = sp.csr_matrix(overlap @ sp.diags(1.0 / np.maximum(size, 1.0)))
    share.data **= 2
    several = overlap.copy()
    several.data = (several.data >= 2).astype(np.float64)
    values: dict[str, Any] = {
        "cn": np.log1p(cn),
        "aa": np.log1p(aa),
        "ucf": np.log1p(ucf),
        "pop": np.log1p(s.degree[cols]),
        "projects": np.log1p(s.projects[cols]),
        "recent": np.log1p(s.recent[cols]),
        "part_cos": part_cos,
        "theme_cos": theme_cos,
        "text_cos": text_cos,
        "part_pop": np.log1p(part_pop),
        "theme_pop": np.log1p(theme_pop),
        "same_country": same_country,
        "cn_recent": np.log1p(cn_recent),
        "ra": np.log1p(ra),
        "cn_rank": -np.log(rankdata(-cn, axis=1)),
        "ucf_rank": -np.log(rankdata(-ucf, axis=1)),
        "industry_partners": np.log1p(partners),
        "industry_share": partners / np.maximum(s.degree[cols], 1.0),
        "recent_partners": np.log1p(s.recent_degree[cols]),
        "no_cn": cn == 0,
        "cn_x_degree": np.log1p(cn) * np.log1p(degree_r),
        "pop_x_degree": np.log1p(s.degree[cols])[None, :] * np.log1p(degree_r),
        "country_lift": s.country_lift[s.country[rows][:, None], s.country[cols][None, :]],
        "topic_cos": _dense(s.cached("topics_n")[rows] @ c.topics_n),
        "consortium": np.log1p(10.0 * _dense((c.members.T @ share.T).T)),
        "consortium_2": np.log1p(_dense((c.members.T @ several.T).T)),
    }
    out = np.empty((*shape, len(FEATURES)), dtype=np.float64)
    for i, name in enumerate(FEATURES):
        out[..., i] = np.broadcast_to(values[name], shape)
    return out


@dataclass
class CandidateProfiles:
    """What the need features read of each candidate, as dense arrays (built once per split)."""

    parts: FloatArray
    themes: FloatArray
    topics: sp.csc_matrix
    text: FloatArray
    projects: FloatArray

    @classmethod
    def of(cls, s: Structure, cols: IntArray) -> CandidateProfiles:
        """The profiles of candidates ``cols``."""
        return cls(
            parts=_dense(s.parts[cols]),
            themes=_dense(s.themes[cols]),
            topics=sp.csc_matrix(s.topics[cols]),
            text=s.text[cols],
            projects=np.maximum(s.projects[cols], 1.0),
        )


def need_features(
    c: CandidateProfiles,
    *,
    parts: FloatArray,
    themes: FloatArray,
    topics: IntArray,
    text: FloatArray,
    cols: IntArray | None = None,
) -> FloatArray:
    """Features of stated needs against candidates: ``needs x candidates x len(NEED_FEATURES)``.

    ``parts`` and ``themes`` are needs x categories indicators, ``topics`` the topic index of
    each need (-1 for none), ``text`` needs x text dimensions (L2-normalised, zeros for none).
    ``cols`` (needs x m positions among the candidates) keeps only those candidates per need.
    """

    def pick(M: FloatArray) -> FloatArray:
        return M if cols is None else np.take_along_axis(M, cols, axis=1)

    part_volume = pick(parts @ c.parts.T)
    has_topic = topics >= 0
    topic_volume = np.zeros((len(topics), c.parts.shape[0]))
    if has_topic.any():
        topic_volume[has_topic] = c.topics[:, topics[has_topic]].T.toarray()
    shape = part_volume.shape
    out = np.empty((*shape, len(NEED_FEATURES)), dtype=np.float64)
    out[..., 0] = np.log1p(part_volume)
    out[..., 1] = part_volume / pick(np.broadcast_to(c.projects, (len(topics), len(c.projects))))
    out[..., 2] = np.log1p(pick(themes @ c.themes.T))
    out[..., 3] = np.log1p(pick(topic_volume))
    out[..., 4] = pick(text @ c.text.T) if text.shape[1] == c.text.shape[1] else 0.0
    return out
