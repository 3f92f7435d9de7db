"""The match index on disk, beside its store, keyed by the store's generation.

A restart loads the tables of the index (:class:`~graph.match.build.MatchTables`) instead of
reading the graph again, and the fitted text profiles instead of fitting them again. Each is
one NumPy ``.npz`` file (no pickles: ``allow_pickle=False``) with a small JSON header beside
it that says which graph it was made from::

    {"format": 2, "generation": "12", "store": "inode 1234 nodes 90 edges 310", "bytes": 5678}

A file is used only when its header names the format of this code, the store's current
generation and the same store (an embedded file's inode; a Neo4j database's URI and name;
with the node and edge counts), and the ``.npz`` has the size the header says; anything else
(an old format, another generation, a corrupt or truncated file) is ignored and the index
rebuilt and written again.

Where the files live: next to an embedded store's ``.db`` (``graph.db.match.npz``); for Neo4j
in a cache folder (``TTKG_MATCH_CACHE``, default ``var/cache/match``), one subfolder per URI
and database. A store in memory has none.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from graph.match.build import MatchTables
from graph.match.text import Segmenter, TextModel
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore

__all__ = [
    "FORMAT",
    "cache_path",
    "load_tables",
    "load_text",
    "save_tables",
    "save_text",
    "store_key",
]

FORMAT = 2
"""Bump when the files' layout or the meaning of a table changes: older files are ignored."""

log = logging.getLogger(__name__)


def cache_path(store: GraphStore) -> Path | None:
    """The stem of the index files of ``store`` (``None`` for a store in memory)."""
    if isinstance(store, EmbeddedStore):
        return None if store.path == ":memory:" else Path(store.path + ".match")
    folder = Path(os.environ.get("TTKG_MATCH_CACHE", "var/cache/match"))
    database = str(getattr(store, "database", "") or "")
    digest = hashlib.sha256(f"{store.uri}\n{database}".encode()).hexdigest()[:16]
    return folder / digest / "index"


def store_key(store: GraphStore, generation: str) -> dict[str, str]:
    """What names one state of one graph: its generation and the store it lives in.

    A generation counter starts again at 0 in a new file or database, and a file copied over
    another keeps its inode, so the key also names the store and its size: an embedded file by
    its inode, a Neo4j database by its URI and name, each with its node and edge counts.
    """
    stats = store.stats()
    if isinstance(store, EmbeddedStore):
        where = f"inode {os.stat(store.path).st_ino}" if store.path != ":memory:" else "memory"
    else:
        where = f"{store.uri} {getattr(store, 'database', '') or ''}"
    return {"generation": generation, "store": f"{where} nodes {stats.nodes} edges {stats.edges}"}


def _strings(values: Sequence[str]) -> dict[str, NDArray[Any]]:
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return {"bytes": np.frombuffer(b"".join(encoded), dtype=np.uint8), "offsets": offsets}


def _unstrings(data: Mapping[str, NDArray[Any]], name: str) -> list[str]:
    blob = data[f"{name}.bytes"].tobytes()
    offsets = data[f"{name}.offsets"].tolist()
    return [blob[a:b].decode("utf-8") for a, b in pairwise(offsets)]


def _sets(values: Sequence[frozenset[str]]) -> dict[str, NDArray[Any]]:
    """Sets of strings as the distinct sets (rows of words) and each value's set number.

    Organisations of one city share one region set: each distinct set is written once.
    """
    distinct: dict[frozenset[str], int] = {}
    which = np.fromiter((distinct.setdefault(v, len(distinct)) for v in values), dtype=np.int32)
    vocabulary: dict[str, int] = {}
    indices = [vocabulary.setdefault(x, len(vocabulary)) for s in distinct for x in sorted(s)]
    indptr = np.zeros(len(distinct) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in distinct], out=indptr[1:])
    out = {f"words.{k}": v for k, v in _strings(list(vocabulary)).items()}
    out["indices"] = np.asarray(indices, dtype=np.int32)
    out["indptr"] = indptr
    out["which"] = which
    return out


def _unsets(data: Mapping[str, NDArray[Any]], name: str) -> list[frozenset[str]]:
    words = _unstrings(data, f"{name}.words")
    indices = data[f"{name}.indices"].tolist()
    indptr = data[f"{name}.indptr"].tolist()
    distinct = [frozenset(words[i] for i in indices[a:b]) for a, b in pairwise(indptr)]
    return [distinct[i] for i in data[f"{name}.which"].tolist()]


_ARRAYS = (
    "synthetic",
    "country",
    "pair_org",
    "pair_context",
    "project_org",
    "project_context",
    "industry_org",
    "industry_column",
)
_STRINGS = ("ids", "kinds", "names", "context_ids", "industry_names", "profiles")


def _tables_arrays(tables: MatchTables) -> dict[str, NDArray[Any]]:
    arrays: dict[str, NDArray[Any]] = {name: getattr(tables, name) for name in _ARRAYS}
    for name in _STRINGS:
        arrays.update({f"{name}.{k}": v for k, v in _strings(getattr(tables, name)).items()})
    for name in ("regions", "industries"):
        arrays.update({f"{name}.{k}": v for k, v in _sets(getattr(tables, name)).items()})
    parts = [frozenset(p) for p in tables.context_parts]
    arrays.update({f"context_parts.{k}": v for k, v in _sets(parts).items()})
    arrays["n_contexts"] = np.array([tables.n_contexts], dtype=np.int64)
    return arrays


def _tables_of(data: Mapping[str, NDArray[Any]]) -> MatchTables:
    values: dict[str, Any] = {name: data[name] for name in _ARRAYS}
    values.update({name: _unstrings(data, name) for name in _STRINGS})
    values.update({name: _unsets(data, name) for name in ("regions", "industries")})
    values["context_parts"] = [sorted(p) for p in _unsets(data, "context_parts")]
    values["n_contexts"] = int(data["n_contexts"][0])
    return MatchTables(**values)


def _write(
    stem: Path, suffix: str, arrays: Mapping[str, NDArray[Any]], key: dict[str, str]
) -> None:
    """Write ``<stem><suffix>.npz`` then its header, each atomically (temp file, rename)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    target = stem.with_name(stem.name + suffix + ".npz")
    header = stem.with_name(stem.name + suffix + ".json")
    header.unlink(missing_ok=True)  # no header names a file being replaced
    with tempfile.NamedTemporaryFile(dir=stem.parent, suffix=".npz", delete=False) as f:
        np.savez(f, **arrays)  # type: ignore[arg-type]  # numpy's stub lacks **kwds of arrays
    os.chmod(f.name, 0o644)  # as readable as the store beside it, not the temp file's 0600
    os.replace(f.name, target)
    body = {"format": FORMAT, **key, "bytes": target.stat().st_size}
    with tempfile.NamedTemporaryFile("w", dir=stem.parent, delete=False, encoding="utf-8") as h:
        json.dump(body, h)
    os.chmod(h.name, 0o644)
    os.replace(h.name, header)


def _read(stem: Path, suffix: str, key: dict[str, str]) -> dict[str, NDArray[Any]] | None:
    """The arrays of ``<stem><suffix>.npz`` if its header matches ``key``, else ``None``."""
    target = stem.with_name(stem.name + suffix + ".npz")
    header = stem.with_name(stem.name + suffix + ".json")
    try:
        body = json.loads(header.read_text(encoding="utf-8"))
        expected = {"format": FORMAT, **key, "bytes": target.stat().st_size}
        if body != expected:
            log.info("match index %s is of another graph or format: rebuilding", target)
            return None
        with np.load(target, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
        log.warning("match index %s cannot be read (%s): rebuilding", target, exc)
        return None


def save_tables(tables: MatchTables, stem: Path, key: dict[str, str]) -> None:
    """Write the tables of an index (best effort: a failure is logged, matching goes on)."""
    try:
        _write(stem, "", _tables_arrays(tables), key)
    except OSError as exc:
        log.warning("match index not saved to %s: %s", stem, exc)


def load_tables(stem: Path, key: dict[str, str]) -> MatchTables | None:
    """The tables saved for ``key``, or ``None`` (none, stale, of another format or corrupt)."""
    data = _read(stem, "", key)
    if data is None:
        return None
    try:
        return _tables_of(data)
    except (KeyError, ValueError, UnicodeDecodeError, TypeError) as exc:
        log.warning("match index %s is damaged (%s): rebuilding", stem, exc)
        return None


def save_text(model: TextModel, stem: Path, key: dict[str, str]) -> None:
    """Write a fitted :class:`~graph.match.text.TextModel`: its domain words, vocabulary, IDF
    weights, profile matrix and document shares (best effort, as :func:`save_tables`)."""
    vocabulary: Mapping[str, int] = model.counter.vocabulary_
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    matrix = model.matrix
    arrays = {f"terms.{k}": v for k, v in _strings(terms).items()}
    arrays.update({f"domain.{k}": v for k, v in _strings(sorted(model.segmenter.domain)).items()})
    arrays.update(
        idf=np.asarray(model.transformer.idf_, dtype=np.float64),
        share=np.asarray(model.document_share, dtype=np.float64),
        data=matrix.data,
        indices=matrix.indices.astype(np.int32),
        indptr=matrix.indptr.astype(np.int64),
        shape=np.asarray(matrix.shape, dtype=np.int64),
    )
    try:
        _write(stem, ".text", arrays, key)
    except OSError as exc:
        log.warning("match text profiles not saved to %s: %s", stem, exc)


def load_text(stem: Path, key: dict[str, str]) -> TextModel | None:
    """The text model saved for ``key``, or ``None`` (none, stale, or damaged)."""
    data = _read(stem, ".text", key)
    if data is None:
        return None
    try:
        return _text_model(data)
    except (KeyError, ValueError, UnicodeDecodeError, TypeError) as exc:
        log.warning("match text profiles %s are damaged (%s): fitting again", stem, exc)
        return None


def _text_model(data: Mapping[str, NDArray[Any]]) -> TextModel:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    segmenter = Segmenter(_unstrings(data, "domain"))
    terms = _unstrings(data, "terms")
    counter = CountVectorizer(analyzer=segmenter.terms, dtype=np.float32)
    counter.vocabulary_ = {term: i for i, term in enumerate(terms)}
    counter.fixed_vocabulary_ = True
    transformer = TfidfTransformer(sublinear_tf=True)
    transformer.idf_ = data["idf"]
    transformer.n_features_in_ = len(terms)
    shape = tuple(int(x) for x in data["shape"])
    matrix = sp.csr_matrix((data["data"], data["indices"], data["indptr"]), shape=shape)
    if len(data["idf"]) != len(terms) or shape[1] != len(terms):
        raise ValueError(f"{len(terms)} terms, {len(data['idf'])} weights, {shape[1]} columns")
    return TextModel(segmenter, counter, transformer, matrix, data["share"])
