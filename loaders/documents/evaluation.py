"""Reading a labelled document set and scoring the extractor on it.

A labelled set is a folder of documents ``NN.txt`` (or any format the reader takes) each with
its labels ``NN.expected.json`` in the format of ``data/docs-dev/README.md``. The labels'
``region`` (``永州市宁远县``) is the region the document is read in. The comparison itself is
:func:`graph.evaluation.documents.score_documents`; here the files are read and the
extractor is run.

>>> from tests.conftest import ROOT  # doctest: +SKIP
>>> score_directory(ROOT / "data" / "docs-dev")["micro"]["f1"] >= 0.5  # doctest: +SKIP
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.errors import LoadError
from graph.evaluation.documents import score_documents
from graph.i18n import _
from loaders.documents.reader import extract_file
from loaders.documents.text import normalise

__all__ = ["LABELS_SUFFIX", "labelled_documents", "score_directory", "score_pairs", "simplify"]

LABELS_SUFFIX = ".expected.json"


def simplify(name: str) -> str:
    """A name as the scorer compares it: pinyin annotations dropped, simplified characters."""
    return normalise(name).text


def read_labels(path: Path) -> dict[str, Any]:
    """One label file; `LoadError` names the file when it is not a JSON object."""
    try:
        labels = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(str(path), _("读不了标注文件：{cause}").format(cause=exc)) from exc
    if not isinstance(labels, dict):
        raise LoadError(str(path), _("标注文件应是一个 JSON 对象"))
    return labels


def labelled_documents(folder: Path) -> list[tuple[Path, Path]]:
    """``(document, labels)`` pairs in ``folder``, by name; a label file with no document fails."""
    if not folder.is_dir():
        raise LoadError(str(folder), _("不是文件夹"))
    pairs = []
    for labels in sorted(folder.glob(f"*{LABELS_SUFFIX}")):
        stem = labels.name[: -len(LABELS_SUFFIX)]
        documents = [
            p
            for p in sorted(folder.glob(f"{stem}.*"))
            if p != labels and not p.name.endswith(LABELS_SUFFIX)
        ]
        if not documents:
            raise LoadError(str(labels), _("标注旁没有文件 {stem}.*").format(stem=stem))
        pairs.append((documents[0], labels))
    if not pairs:
        raise LoadError(
            str(folder), _("文件夹中没有标注文件 *{suffix}").format(suffix=LABELS_SUFFIX)
        )
    return pairs


def score_pairs(pairs: list[tuple[Path, Path]], *, region: str | None = None) -> dict[str, Any]:
    """Extract each document and score it against its labels (``region`` when they name none)."""
    triples = []
    for document, labels_path in pairs:
        labels = read_labels(labels_path)
        where = labels.get("region") or region
        extraction = extract_file(document, region=where)
        triples.append((document.name, labels, extraction.scored()))
    return score_documents(triples, simplify=simplify)


def score_directory(folder: Path, *, region: str | None = None) -> dict[str, Any]:
    """Score the extractor on every labelled document in ``folder``."""
    return score_pairs(labelled_documents(folder), region=region)
