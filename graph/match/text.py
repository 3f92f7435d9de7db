"""The text of matchmaking: one segmentation and one weighting for scoring and explaining.

A need (or a result) and every candidate's profile are cut into terms by :class:`Segmenter`:
jieba's precise mode over Chinese runs, with a domain dictionary taken from the graph's own
vocabulary (the short pieces of the profiles: keywords, industry names, need and result
titles up to :data:`DOMAIN_WORD_CHARS` characters), and each word of three or more characters
also split into the words it is made of (``深加工`` gives ``加工`` too), never into pieces that
straddle two of them. Latin words are lower-cased. The ranker's text similarity and the terms
an explanation cites are these same terms (:class:`TextModel`).

Terms are weighted by TF-IDF over the profiles, times how specific the word is in general
Chinese (jieba's bundled IDF table, shipped inside the package): ``技术``, ``研究``, ``处理``,
``提取`` are common in any text and weigh little even where few profiles use them. The *key
terms* of a need are its specific terms: :meth:`TextModel.key_terms`.

>>> model = TextModel.fit(["冬枣 采后保鲜 深加工关键技术", "化工废水处理与回用", "高分子材料 橡胶"])
>>> model.terms("冬枣保鲜与深加工技术")
['冬枣', '保鲜', '深加工', '加工', '技术']
>>> model.key_terms("冬枣保鲜与深加工技术")
['冬枣', '保鲜', '深加工']
>>> model.terms("Graphene batteries")
['graphene', 'batteries']
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

__all__ = [
    "DOMAIN_WORD_CHARS",
    "GENERIC_FLOOR",
    "KEY_SPECIFICITY",
    "Segmenter",
    "TextModel",
    "fit_text",
    "general_specificity",
]

DOMAIN_WORD_CHARS = 6
"""Pieces of profile text up to this many characters become words of the domain dictionary."""
KEY_SPECIFICITY = 0.67
"""A term is a key term when its general-language specificity is at least this (IDF ≥ ~8)."""
GENERIC_FLOOR = 0.2
"""The least weight factor a common word keeps."""
RUN_CACHE = 200_000
"""How many cut runs of characters a segmenter keeps (then it starts again)."""
KEY_DF_SHARE = 0.5
"""A term in more than this share of the profiles is not a key term, however rare elsewhere."""

_LATIN = re.compile(r"[a-z][a-z0-9\-]+|[0-9]+[a-z][a-z0-9\-]*")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_PIECE = re.compile(r"[\u4e00-\u9fff]+")
_LOCK = threading.Lock()


@cache
def _base_tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


@cache
def _english_stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@cache
def _general_idf() -> tuple[dict[str, float], float]:
    import jieba.analyse

    table = jieba.analyse.default_tfidf
    return table.idf_freq, float(table.median_idf)


def general_specificity(term: str) -> float:
    """How specific ``term`` is in general Chinese: its IDF over the median, in [0.2, 1].

    Words jieba's table does not hold, and Latin words other than stop words, count as specific.

    >>> general_specificity("冬枣"), general_specificity("技术") < 0.5
    (1.0, True)
    """
    if not _HAN_RUN.search(term):
        return GENERIC_FLOOR if term in _english_stop_words() else 1.0
    idf, median = _general_idf()
    return float(min(1.0, max(GENERIC_FLOOR, idf.get(term, median) / median)))


class Segmenter:
    """jieba's precise mode with a domain dictionary, and each long word's parts.

    A private tokenizer holds the domain words, so two graphs never share a dictionary.
    """

    def __init__(self, domain_words: Iterable[str] = ()) -> None:
        import jieba

        base = _base_tokenizer()
        tokenizer = jieba.Tokenizer()
        with _LOCK:
            tokenizer.FREQ = dict(base.FREQ)
            tokenizer.total = base.total
        tokenizer.initialized = True
        self.domain = frozenset(domain_words)
        for word in sorted(self.domain):
            if word not in tokenizer.FREQ:
                tokenizer.add_word(word)
        self._tokenizer = tokenizer
        # profiles repeat their titles and keywords: each run of characters is cut once
        self._runs: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
        self._words: dict[str, tuple[str, ...]] = {}

    def _parts(self, word: str) -> list[str]:
        """The most likely cut of ``word`` into smaller dictionary words (itself excluded)."""
        tokenizer = self._tokenizer
        dag = tokenizer.get_DAG(word)
        dag[0] = [j for j in dag[0] if j != len(word) - 1] or [0]
        route: dict[int, tuple[float, int]] = {}
        tokenizer.calc(word, dag, route)
        parts, x = [], 0
        while x < len(word):
            y = route[x][1] + 1
            parts.append(word[x:y])
            x = y
        return parts

    def made_of(self, word: str) -> list[str]:
        """The words ``word`` is made of when every piece of it is one (``合成橡胶`` → 合成,
        橡胶); empty when a piece is a lone character that is no word (``枣核`` → 枣, 核)."""
        parts = self._parts(word) if len(word) >= 2 else [word]
        if len(parts) < 2 or not all(self._keep(p) for p in parts):
            return []
        return parts

    def _keep(self, word: str) -> bool:
        return len(word) >= 2 or word in self.domain

    def words(self, text: str) -> list[tuple[str, list[str]]]:
        """The words of ``text`` as written, each with the smaller words it is made of."""
        low = text.lower()
        found: list[tuple[str, list[str]]] = []
        for run in _HAN_RUN.findall(low):
            cut = self._runs.get(run)
            if cut is None:
                cut = tuple(
                    (word, self._word_parts(word))
                    for word in self._tokenizer.cut(run, HMM=True)
                    if self._keep(word)
                )
                if len(self._runs) >= RUN_CACHE:
                    self._runs.clear()
                    self._words.clear()
                self._runs[run] = cut
            found.extend((word, list(parts)) for word, parts in cut)
        stop = _english_stop_words()
        found.extend((w, []) for w in _LATIN.findall(low) if w not in stop)
        return found

    def terms(self, text: str) -> list[str]:
        """The terms of ``text``, in order, with repeats (a term's count is its frequency)."""
        return [t for word, parts in self.words(text) for t in (word, *parts)]

    def _word_parts(self, word: str) -> tuple[str, ...]:
        parts = self._words.get(word)
        if parts is None:
            parts = self._words[word] = tuple(self._sub_terms(word)) if len(word) >= 2 else ()
        return parts

    def _sub_terms(self, word: str) -> list[str]:
        out: list[str] = []
        for part in self._parts(word):
            if part != word and self._keep(part):
                out.append(part)
                if len(part) >= 3:
                    out.extend(self._sub_terms(part))
        return out


def domain_words(texts: Iterable[str]) -> set[str]:
    """Short Chinese pieces of ``texts`` (between spaces and punctuation): the domain's words.

    >>> sorted(domain_words(["冬枣 裂果防控、冻干脆片；冬枣保鲜与深加工关键技术"]))
    ['冬枣', '冻干脆片', '裂果防控']
    """
    words: set[str] = set()
    for text in texts:
        words.update(p for p in _PIECE.findall(text) if len(p) <= DOMAIN_WORD_CHARS)
    return words


@dataclass
class TextModel:
    """The segmentation and the weights of one graph's profiles (rows) and of any query."""

    segmenter: Segmenter
    counter: Any  # sklearn CountVectorizer over Segmenter.terms
    transformer: Any  # sklearn TfidfTransformer, idf_ times general specificity
    matrix: sp.csr_matrix  # rows x terms, L2-normalised
    document_share: NDArray[np.float64]  # share of the rows holding each term

    @classmethod
    def fit(cls, profiles: Sequence[str]) -> TextModel:
        """Segment and weight ``profiles`` (one text per row)."""
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

        segmenter = Segmenter(domain_words(profiles))
        counter = CountVectorizer(analyzer=segmenter.terms, dtype=np.float32)
        counts = counter.fit_transform(profiles)
        transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
        names = counter.get_feature_names_out()
        transformer.idf_ = transformer.idf_ * np.array([general_specificity(t) for t in names])
        share = np.asarray((counts > 0).sum(axis=0)).ravel() / max(len(profiles), 1)
        return cls(
            segmenter, counter, transformer, sp.csr_matrix(transformer.transform(counts)), share
        )

    def terms(self, text: str) -> list[str]:
        """The distinct terms of ``text`` in order of appearance."""
        return list(dict.fromkeys(self.segmenter.terms(text)))

    def vector(self, text: str) -> sp.csr_matrix:
        """The weighted, normalised term vector of ``text`` (a 1 x terms row)."""
        return self.transform([text])

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        """The term vectors of ``texts`` (one row each), as a fitted sklearn vectoriser gives."""
        return sp.csr_matrix(self.transformer.transform(self.counter.transform(list(texts))))

    def column(self, term: str) -> int | None:
        """The matrix column of ``term``, or None when no profile holds it."""
        found = self.counter.vocabulary_.get(term)
        return None if found is None else int(found)

    def _is_key(self, term: str) -> bool:
        if general_specificity(term) < KEY_SPECIFICITY:
            return False
        if _HAN_RUN.search(term) is None and len(term) < 3:
            return False
        column = self.column(term)
        return column is None or self.document_share[column] <= KEY_DF_SHARE

    def key_terms(self, text: str) -> list[str]:
        """The words of ``text`` that tell it apart: specific in general Chinese (or Latin
        words of three or more letters) and not held by more than half the profiles."""
        return list(dict.fromkeys(w for w, _ in self.segmenter.words(text) if self._is_key(w)))

    def key_parts(self, text: str) -> dict[str, list[str]]:
        """Each key term of ``text`` with the words it is made of (``合成橡胶`` → 合成, 橡胶;
        none for ``枣核``, whose 核 is no word): a term is covered where all of them are."""
        words = dict.fromkeys(w for w, _ in self.segmenter.words(text) if self._is_key(w))
        return {w: self.segmenter.made_of(w) for w in words}

    def weight(self, term: str) -> float:
        """The weight of ``term`` (its IDF times its specificity; the highest IDF if no profile
        holds it)."""
        idf = self.transformer.idf_
        column = self.column(term)
        if column is not None:
            return float(idf[column])
        return float(idf.max()) * general_specificity(term) if len(idf) else 1.0

    def shared_terms(self, text: str, row: int, *, limit: int = 5) -> list[str]:
        """Terms of ``text`` that profile ``row`` holds, by their share of the cosine, largest
        first; a term inside a longer cited one (``加工`` in ``深加工``) is not repeated."""
        query = self.vector(text)
        profile = self.matrix[row]
        weights = dict(zip(profile.indices.tolist(), profile.data.tolist(), strict=True))
        scored = [
            (float(v) * weights[c], term)
            for term in self.terms(text)
            if (c := self.column(term)) is not None and c in weights
            for v in [query[0, c]]
            if v > 0
        ]
        scored.sort(key=lambda x: -x[0])
        cited: list[str] = []
        for _, term in scored:
            if not any(term in longer for longer in cited):
                cited.append(term)
        return cited[:limit]


class Profiled(Protocol):
    """What :func:`fit_text` reads and writes: a match index's profiles and text model."""

    profiles: list[str]
    vectoriser: Any
    text: sp.csr_matrix | None


def fit_text(index: Profiled) -> None:
    """Fit the :class:`TextModel` of the index's profiles and keep it on the index."""
    if not any(index.profiles):
        return
    model = TextModel.fit(index.profiles)
    index.text = model.matrix
    index.vectoriser = model
