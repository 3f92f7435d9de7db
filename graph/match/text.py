"""Text of the matchmaking index: how profiles and needs are cut into terms and weighted."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from graph.match.index import MatchIndex

__all__ = ["fit_text", "text_tokens"]

_LATIN = re.compile(r"[a-z0-9][a-z0-9\-]+")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def text_tokens(text: str) -> list[str]:
    """Character unigrams and bigrams of Chinese runs, and lower-cased Latin words.

    >>> text_tokens("冬枣保鲜 Cold-chain")
    ['冬', '枣', '保', '鲜', '冬枣', '枣保', '保鲜', 'cold-chain']
    """
    low = text.lower()
    tokens: list[str] = []
    for run in _HAN_RUN.findall(low):
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    tokens.extend(_LATIN.findall(low))
    return tokens


def fit_text(index: MatchIndex) -> None:
    """Vectorise the index's profiles (TF-IDF) and keep the vectoriser on the index."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(index.profiles):
        return
    vectoriser = TfidfVectorizer(analyzer=text_tokens, sublinear_tf=True, dtype=np.float32)
    index.text = sp.csr_matrix(vectoriser.fit_transform(index.profiles))
    index.vectoriser = vectoriser
