"""Load files and folders into a store: tables first, then documents, written as one batch.

One load is one upsert, so a load that fails leaves the graph as it was, and loading the
same files twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from graph.errors import LoadError
from graph.i18n import _
from graph.model import GraphBatch
from graph.stores.base import GraphStore
from loaders.report import FileResult, LoadReport
from loaders.resolve import Resolver

__all__ = ["DOCUMENT_SUFFIXES", "TABLE_SUFFIXES", "collect_files", "load_paths", "read_paths"]

TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm"})
DOCUMENT_SUFFIXES = frozenset(
    {".txt", ".html", ".htm", ".docx", ".pdf", ".png", ".jpg", ".jpeg", ".doc", ".wps"}
)
"""Read as documents; the format is told from the content (``.doc``/``.wps`` are refused
with how to convert them, see :mod:`loaders.documents.formats`)."""


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The loadable files among ``paths``, folders searched recursively, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in TABLE_SUFFIXES | DOCUMENT_SUFFIXES
                    and not p.name.startswith((".", "~$"))
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise LoadError(str(path), _("没有这个文件或文件夹"))
    return list(dict.fromkeys(found))


def read_paths(
    paths: Iterable[str | Path],
    *,
    resolver: Resolver,
    region: str | None = None,
    drops: Mapping[str, Collection[int]] | None = None,
) -> list[FileResult]:
    """Parse every file into records (nothing is written); tables before documents.

    ``drops`` maps a document's file name to the entity numbers a review dropped."""
    from loaders.documents import read_document
    from loaders.tables import read_tables

    files = collect_files(paths)
    tables = [p for p in files if p.suffix.lower() in TABLE_SUFFIXES]
    documents = [p for p in files if p.suffix.lower() in DOCUMENT_SUFFIXES]
    others = [p for p in files if p not in tables and p not in documents]
    results = read_tables(tables, resolver=resolver) if tables else []
    results += [
        read_document(p, resolver=resolver, region=region, drops=(drops or {}).get(p.name))
        for p in documents
    ]
    results += [
        FileResult(file=str(p), kind="unknown", error=f"cannot load {p.suffix or 'this'} files")
        for p in others
    ]
    return results


def load_paths(
    store: GraphStore,
    paths: Iterable[str | Path],
    *,
    region: str | None = None,
    dry_run: bool = False,
    drops: Mapping[str, Collection[int]] | None = None,
) -> LoadReport:
    """Read ``paths`` and write everything they hold to ``store`` in one batch.

    With ``dry_run`` everything is read, resolved against the store and checked, and
    nothing is written: the report says what a load would do (``summary`` stays empty).
    ``drops`` (file name -> entity numbers) leave out what a review of a document dropped.
    """
    resolver = Resolver(store, region=region)
    results = read_paths(paths, resolver=resolver, region=region, drops=drops)
    report = LoadReport(files=results, dry_run=dry_run)
    if dry_run:
        return report
    batch = GraphBatch()
    for result in results:
        batch.extend(result.batch)
    report.summary = store.upsert(batch)
    return report
