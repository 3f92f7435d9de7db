"""The matchmaking index of a graph: built once per store generation, reused by every request.

Organisations (enterprises, institutions, platforms, agencies) are rows; the contexts they share
(projects, communities, platforms, direct cooperation) make the co-participation graph of
:class:`graph.match.features.Structure`; industries are a sparse organisations x industries
matrix read one source at a time (:mod:`graph.match.industry`). Each candidate also has a
text profile (its names, facts, industries, results and the titles and topics of its
projects), so a need written in Chinese or English finds it.

:func:`match_index` gives the index of a store's current generation: from memory, else from
the files saved beside the store (:mod:`graph.match.persist`), else built from the store
(:mod:`graph.match.build`) and saved. A build that fails is remembered for that generation:
every request raises :class:`IndexUnavailable` with the reason at once, until the graph
changes, instead of building and failing again.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from graph.errors import StoreUnavailable
from graph.i18n import _
from graph.match.build import ORG_KINDS, MatchTables, read_tables
from graph.match.features import Columns, Structure, indicator
from graph.match.persist import (
    cache_path,
    load_tables,
    load_text,
    save_tables,
    save_text,
    store_key,
)
from graph.match.text import fit_text
from graph.model import NodeKind
from graph.stores.base import GraphStore

__all__ = [
    "ORG_KINDS",
    "TOWARD_REGIONS",
    "CandidateView",
    "IndexUnavailable",
    "MatchIndex",
    "assemble",
    "build_index",
    "index_builds",
    "match_index",
]

log = logging.getLogger(__name__)

TOWARD_REGIONS = frozenset({"region:11", "region:12", "北京市", "天津市", "北京", "天津"})
"""Where the work plan turns: Beijing and Tianjin (NBS codes 11 and 12)."""


class IndexUnavailable(StoreUnavailable):
    """The match index of this generation of the graph could not be built (not retried)."""

    def __init__(self, uri: str, generation: str, cause: str) -> None:
        super().__init__(uri, cause)
        self.generation = generation

    def __str__(self) -> str:
        return _(
            "图谱 {uri}（版本 {generation}）的匹配索引未能建立：{cause}。"
            "图谱改动前不再重试；请在内存更大的机器上运行，或减少载入的数据后再试。"
        ).format(uri=self.uri, generation=self.generation, cause=self.cause)


@dataclass
class MatchIndex:
    """Rows, structure, text profiles and region facts of one generation of a graph."""

    ids: list[str]
    kinds: list[str]
    names: list[str]
    synthetic: list[bool]  # every provenance entry of the node says synthetic
    position: dict[str, int]
    structure: Structure
    partners: sp.csr_matrix  # direct cooperation or a shared project
    context_ids: list[str]
    incidence: sp.csr_matrix  # organisations x contexts and industries (for paths)
    regions: list[frozenset[str]]  # region ids, names, countries and cities of each row
    industries: list[frozenset[str]]  # industry ids and names of each row
    profiles: list[str]
    industry_members: sp.csr_matrix  # organisations x industries
    tables: MatchTables | None = None
    saved: tuple[Path, dict[str, str]] | None = None  # where the index is saved, and its key
    vectoriser: Any = None
    text: sp.csr_matrix | None = None
    generation: str = ""
    _views: dict[str, CandidateView] = field(default_factory=dict)
    _text_lock: threading.Lock = field(default_factory=threading.Lock)

    def view(self, kinds: Iterable[str]) -> CandidateView:
        """The candidates of these kinds with their sliced columns (built once per kind set)."""
        key = ",".join(sorted(kinds))
        if key not in self._views:
            wanted = set(kinds)
            rows = np.array([i for i, k in enumerate(self.kinds) if k in wanted], dtype=np.int64)
            toward = np.array([bool(self.regions[r] & TOWARD_REGIONS) for r in rows], dtype=bool)
            self._views[key] = CandidateView(rows, Columns.of(self.structure, rows), toward)
        return self._views[key]

    def text_scores(self, query: str, view: CandidateView) -> NDArray[np.float64]:
        """Cosine of a need (or result) text with each candidate's profile.

        The profiles are vectorised on the first text query (graphs queried only by id never
        pay for it), or loaded then when an earlier process saved them for this generation.
        """
        with self._text_lock:
            if self.vectoriser is None and self.saved is not None:
                model = load_text(*self.saved)  # fitted by an earlier process
                if model is not None:
                    self.vectoriser, self.text = model, model.matrix
            if self.vectoriser is None:
                fit_text(self)
                if self.saved is not None and self.vectoriser is not None:
                    save_text(self.vectoriser, *self.saved)
            if self.text is None:
                return np.zeros(len(view.rows))
            if view.text is None:
                view.text = sp.csr_matrix(self.text[view.rows])
        vector = self.vectoriser.transform([query])
        return np.asarray((view.text @ vector.T).toarray()).ravel()


@dataclass
class CandidateView:
    """Candidates of some kinds: their rows, pair-feature columns and text profiles."""

    rows: NDArray[np.int64]
    columns: Columns
    toward: NDArray[np.bool_]  # located in Beijing or Tianjin
    text: sp.csr_matrix | None = None


def _incidence(rows: NDArray[Any], cols: NDArray[Any], shape: tuple[int, int]) -> sp.csr_matrix:
    """A binary rows x columns matrix (float32, int32 indices) of these pairs."""
    M = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)
    M.sum_duplicates()
    M.data[:] = 1.0
    return M


def assemble(tables: MatchTables) -> MatchIndex:
    """The index of these tables: the co-participation structure, partners and industries."""
    n, m = len(tables.ids), tables.n_contexts
    n_industries = len(tables.industry_names)
    categories, _ = indicator(
        [*tables.context_parts, *([name] for name in tables.industry_names)],
        rows=max(m + n_industries, 1),
    )
    industry_members = _incidence(
        tables.industry_org, tables.industry_column, (n, max(n_industries, 1))
    )
    company = np.array([k == NodeKind.ENTERPRISE.value for k in tables.kinds], dtype=bool)
    structure = Structure.build(
        tables.pair_org.astype(np.int64),
        tables.pair_context.astype(np.int64),
        n_orgs=n,
        n_projects=max(m, 1),
        project_parts=sp.csr_matrix(categories[: max(m, 1)]),
        org_parts=sp.csr_matrix(industry_members[:, :n_industries] @ categories[m:]),
        country=tables.country.astype(np.int64),
        company=company,
    )
    projects = _incidence(tables.project_org, tables.project_context, (n, max(m, 1)))
    partners = sp.csr_matrix(projects @ projects.T)
    partners.setdiag(0)
    partners.eliminate_zeros()
    incidence = _incidence(
        np.concatenate([tables.pair_org, tables.industry_org]),
        np.concatenate([tables.pair_context, tables.industry_column + m]),
        (n, max(m + n_industries, 1)),
    )
    return MatchIndex(
        ids=tables.ids,
        kinds=tables.kinds,
        names=tables.names,
        synthetic=tables.synthetic.tolist(),
        position={u: i for i, u in enumerate(tables.ids)},
        structure=structure,
        partners=partners,
        context_ids=tables.context_ids,
        incidence=incidence,
        regions=tables.regions,
        industries=tables.industries,
        profiles=tables.profiles,
        industry_members=industry_members,
        tables=tables,
    )


_BUILDS = [0]


def build_index(store: GraphStore) -> MatchIndex:
    """Read what matching needs from ``store`` (one pass) into a :class:`MatchIndex`."""
    _BUILDS[0] += 1
    return assemble(read_tables(store))


def index_builds() -> int:
    """How many indexes this process has built from a store (loads from disk not counted)."""
    return _BUILDS[0]


_CACHE: weakref.WeakKeyDictionary[Any, MatchIndex] = weakref.WeakKeyDictionary()
_FAILED: weakref.WeakKeyDictionary[Any, IndexUnavailable] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def match_index(store: GraphStore) -> MatchIndex:
    """The index of ``store``'s current generation (``store.generation()``).

    From memory, else from the files beside the store, else built and saved. Raises
    `IndexUnavailable` when the build of this generation failed (then or before).
    """
    with _LOCK:
        generation = store.generation()
        cached = _CACHE.get(store)
        if cached is not None and cached.generation == generation:
            return cached
        failed = _FAILED.get(store)
        if failed is not None and failed.generation == generation:
            raise failed
        _CACHE.pop(store, None)  # the old generation's memory is free for the new one
        try:
            index = _load_or_build(store, generation)
        except StoreUnavailable:
            raise  # the store is down: a later request may find it up
        except Exception as exc:  # any failure of this generation's build is remembered
            log.exception("match index of %s (generation %s) not built", store.uri, generation)
            cause = "内存不足" if isinstance(exc, MemoryError) else f"{type(exc).__name__}: {exc}"
            error = IndexUnavailable(store.uri, generation, cause)
            _FAILED[store] = error
            raise error from exc
        index.generation = generation
        _CACHE[store] = index
        _FAILED.pop(store, None)
        return index


def _load_or_build(store: GraphStore, generation: str) -> MatchIndex:
    stem = cache_path(store)
    if stem is None:
        return build_index(store)
    key = store_key(store, generation)
    started = time.perf_counter()
    tables = load_tables(stem, key)
    if tables is not None:
        index = assemble(tables)
        log.info("match index loaded from %s in %.1f s", stem, time.perf_counter() - started)
    else:
        index = build_index(store)
        log.info("match index built from %s in %.1f s", store.uri, time.perf_counter() - started)
        if index.tables is not None:
            save_tables(index.tables, stem, key)
    index.saved = (stem, key)
    return index
