"""Load files and folders into a store: tables first, then documents, written as one batch.

One load is one upsert, so a load that fails leaves the graph as it was, and loading the
same files twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from graph.errors import LoadError
from graph.model import GraphBatch
from graph.stores.base import GraphStore
from loaders.report import FileResult, LoadReport
from loaders.resolve import Resolver

__all__ = ["DOCUMENT_SUFFIXES", "TABLE_SUFFIXES", "collect_files", "load_paths", "read_paths"]

TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm"})
DOCUMENT_SUFFIXES = frozenset({".txt", ".html", ".htm"})


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
            raise LoadError(str(path), "no such file or folder")
    return list(dict.fromkeys(found))


def read_paths(
    paths: Iterable[str | Path], *, resolver: Resolver, region: str | None = None
) -> list[FileResult]:
    """Parse every file into records (nothing is written); tables before documents."""
    from loaders.documents import read_document
    from loaders.tables import read_tables

    files = collect_files(paths)
    tables = [p for p in files if p.suffix.lower() in TABLE_SUFFIXES]
    documents = [p for p in files if p.suffix.lower() in DOCUMENT_SUFFIXES]
    others = [p for p in files if p not in tables and p not in documents]
    results = read_tables(tables, resolver=resolver) if tables else []
    results += [read_document(p, resolver=resolver, region=region) for p in documents]
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
) -> LoadReport:
    """Read ``paths`` and write everything they hold to ``store`` in one batch.

    With ``dry_run`` everything is read, resolved against the store and checked, and
    nothing is written: the report says what a load would do (``summary`` stays empty).
    """
    resolver = Resolver(store, region=region)
    results = read_paths(paths, resolver=resolver, region=region)
    report = LoadReport(files=results, dry_run=dry_run)
    if dry_run:
        return report
    batch = GraphBatch()
    for result in results:
        batch.extend(result.batch)
    report.summary = store.upsert(batch)
    return report
