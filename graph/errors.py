"""The one exception tree of tech-transfer-kg.

::

    GraphError
    ├── NodeNotFound          an id names no node
    ├── InvalidRecord         a node, edge or batch breaks the model
    ├── StoreUnavailable      the store cannot be reached or opened
    ├── StoreError            the store refused an operation
    ├── AmbiguousName         a name names several entities and nothing tells them apart
    └── LoadError             an input file cannot be read at all
        └── MissingColumn     a table lacks a required column

Row-level problems are not exceptions: loaders keep them as rejects
(see :class:`loaders.tables.Reject`) and load the good rows.
"""

from __future__ import annotations

__all__ = [
    "AmbiguousName",
    "GraphError",
    "InvalidRecord",
    "LoadError",
    "MissingColumn",
    "NodeNotFound",
    "StoreError",
    "StoreUnavailable",
]


class GraphError(Exception):
    """Root of every error this package raises on purpose."""


class NodeNotFound(GraphError, KeyError):
    """An id names no node in the store."""

    def __init__(self, node_id: str) -> None:
        super().__init__(node_id)
        self.node_id = node_id

    def __str__(self) -> str:
        return f"no node with id {self.node_id!r}"


class InvalidRecord(GraphError, ValueError):
    """A node, edge or batch breaks the model (unknown kind, dangling edge, bad id)."""


class StoreUnavailable(GraphError):
    """The store cannot be reached or opened; the message names its URI."""

    def __init__(self, uri: str, cause: str) -> None:
        super().__init__(f"graph store {uri} is unavailable: {cause}")
        self.uri = uri
        self.cause = cause


class StoreError(GraphError):
    """The store refused an operation; nothing of it was written."""


class AmbiguousName(GraphError, ValueError):
    """A name names several entities and nothing tells them apart; the message lists them."""

    def __init__(
        self,
        name: str,
        candidates: list[str],
        *,
        what: str = "names several entities",
        hint: str = "",
    ) -> None:
        shown = ", ".join(candidates[:10])
        if len(candidates) > 10:
            shown += f" and {len(candidates) - 10} more"
        super().__init__(f"{name} {what}: {shown}" + (f"; {hint}" if hint else ""))
        self.name = name
        self.candidates = candidates


class LoadError(GraphError):
    """An input file cannot be read at all (missing, empty, binary, undecodable)."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


class MissingColumn(LoadError):
    """A table lacks a column its kind requires; no row of that table is loaded."""

    def __init__(self, path: str, column: str, table: str, detail: str = "") -> None:
        cause = f"table {table!r} needs a column {column!r}, which is missing"
        super().__init__(path, cause + (f"; {detail}" if detail else ""))
        self.column = column
        self.table = table
