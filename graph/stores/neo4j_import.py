"""First loads into an empty local Neo4j database through the offline bulk importer.

``neo4j-admin database import full`` (the class ``org.neo4j.cli.AdminTool`` of the
``neo4j-command-line`` and ``neo4j-import-tool`` jars, which the server's Maven artifacts in
``scripts/neo4j/pom.xml`` already bring) builds the store files directly, without transactions:
an order of magnitude faster than ``UNWIND ... CREATE`` over Bolt. It runs only on the machine
that holds the database, only while that database's server is stopped, and only into an empty
database; so it serves the first load of a local server, and the transactional path
(:class:`~graph.stores.neo4j.Neo4jStore.upsert`) every later change and every cluster or hosted
database.

The files it reads hold exactly what the transactional path writes: each node's row and each
edge's row come from the same functions the store uses (``id``, ``kind``, ``name``,
``keytext``, ``body``; ``id``, ``key``, ``body``), the labels are ``:Entity`` and the node's
kind, and the generation counter node (``:GraphMeta``) starts at 1. The schema (constraints,
the text index) is created by :meth:`Neo4jStore.open` once the server runs on the new files.
"""

from __future__ import annotations

import csv
import os
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import StoreError
from graph.i18n import _
from graph.model import Edge, Node
from graph.stores.neo4j import _edge_row, _node_row

__all__ = ["ADMIN_TOOL", "BulkImport", "bulk_import", "write_import_files"]

ADMIN_TOOL = "org.neo4j.cli.AdminTool"
"""The entry point of ``neo4j-admin`` in the server's jars."""
ENTITY = "Entity"
META = "GraphMeta"


@dataclass(frozen=True)
class ImportFiles:
    """The CSV files of one import: nodes (multi-line: ``keytext`` holds newlines), edges."""

    nodes: Path
    edges: Path
    meta: Path
    node_count: int
    edge_count: int


@dataclass(frozen=True)
class BulkImport:
    """What an import did: records and seconds (writing the files; the importer itself)."""

    nodes: int
    edges: int
    write_seconds: float
    import_seconds: float

    @property
    def records(self) -> int:
        """Nodes and edges imported."""
        return self.nodes + self.edges

    @property
    def rate(self) -> float:
        """Records per second, counted from the importer's start to its end."""
        return self.records / self.import_seconds if self.import_seconds > 0 else 0.0


def _header(row: dict[str, object], first: list[str]) -> list[str]:
    """The importer's header for a row: the given leading columns, then typed properties."""
    return first + [f"{key}:{_type(value)}" for key, value in row.items() if key not in _ENDS]


_ENDS = {"id", "source", "target"}


def _type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    raise StoreError(_("批量导入工具写不了 {type} 类型的属性").format(type=type(value).__name__))


def write_import_files(nodes: Iterable[Node], edges: Iterable[Edge], folder: Path) -> ImportFiles:
    """Write the importer's CSV files for ``nodes`` and ``edges`` into ``folder``.

    Every field of an edge is quoted, so an empty ``key`` stays an empty string (an unquoted
    empty field would be no property at all); node fields are never empty and are quoted only
    where needed (the importer's multi-line reader stops on fully quoted node files). Node ids
    are the importer's ``:ID``s, kept as the ``id`` property; edges refer to them with
    ``:START_ID`` and ``:END_ID``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: folder / f"{name}.csv" for name in ("nodes", "edges", "meta")}
    counts = {"nodes": 0, "edges": 0}
    with files["nodes"].open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        header: list[str] | None = None
        for node in nodes:
            row = _node_row(node)
            if header is None:
                header = _header(row, ["id:ID", ":LABEL", "kind:string"])
                out.writerow(header)
            labels = f"{ENTITY};{node.kind.value}"
            props = [_cell(v) for k, v in row.items() if k not in _ENDS]
            out.writerow([node.id, labels, node.kind.value, *props])
            counts["nodes"] += 1
    with files["edges"].open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        header = None
        for edge in edges:
            row = _edge_row(edge)
            if header is None:
                header = _header(row, [":START_ID", ":END_ID", ":TYPE", "id:string"])
                out.writerow(header)
            props = [_cell(v) for k, v in row.items() if k not in _ENDS]
            out.writerow([edge.source, edge.target, edge.kind.value, edge.id, *props])
            counts["edges"] += 1
    with files["meta"].open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        out.writerows([["key:string", "value:long"], ["generation", "1"]])
    if counts["nodes"] == 0:
        raise StoreError(_("批量导入至少需要一个节点"))
    return ImportFiles(
        files["nodes"], files["edges"], files["meta"], counts["nodes"], counts["edges"]
    )


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def bulk_import(
    nodes: Iterable[Node],
    edges: Iterable[Edge],
    *,
    home: Path,
    lib: Path,
    work: Path,
    database: str = "neo4j",
    java: str = "java",
    heap: str = "1g",
    timeout: float = 3600,
    on_files: Callable[[ImportFiles], None] | None = None,
) -> BulkImport:
    """Import ``nodes`` and ``edges`` into ``database`` under the server home ``home``.

    ``lib`` holds the server's jars (``scripts/neo4j/target/lib``), ``work`` the CSV files and
    the importer's report. The database's server must be stopped: the importer replaces the
    database's files (``--overwrite-destination``). ``on_files`` is told when the files are
    written and the importer starts. Raises :class:`StoreError` with the end of the importer's
    output when it fails.
    """
    jars = list(lib.glob("neo4j-import-tool-*.jar"))
    if not jars:
        raise StoreError(
            _("{lib} 里没有批量导入工具（先运行一次 scripts/neo4j/start.sh）").format(lib=lib)
        )
    started = time.perf_counter()
    files = write_import_files(nodes, edges, work)
    written = time.perf_counter() - started
    if on_files is not None:
        on_files(files)
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    command = [
        java,
        f"-Xmx{heap}",
        "-cp",
        f"{lib}/*",
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        f"--nodes={files.nodes}",
        f"--nodes={META}={files.meta}",
        f"--relationships={files.edges}",
        "--bad-tolerance=0",
        "--overwrite-destination=true",
        f"--report-file={work / 'import.report'}",
        "--max-off-heap-memory=2G",
    ]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    started = time.perf_counter()
    # keytext holds newlines: the node file is read multi-line, by the v2 reader (the node file
    # only); should it stop on a file (it did on fully quoted ones), by the v1 reader
    multiline = ["--multiline-fields-format=v2", f"--multiline-fields={files.nodes}"]
    done = _run([*command, *multiline, database], env, timeout)
    if done.returncode != 0:
        done = _run([*command, "--multiline-fields=true", database], env, timeout)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise StoreError(
            _("批量导入工具出错（退出码 {code}）：\n{tail}").format(code=done.returncode, tail=tail)
        )
    return BulkImport(files.node_count, files.edge_count, written, seconds)


def _run(
    command: list[str], env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(  # a fixed command; paths are arguments
            command, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StoreError(_("批量导入工具没有运行：{error}").format(error=exc)) from exc
