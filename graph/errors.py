"""The one exception tree of tech-transfer-kg.

::

    GraphError
    ├── NodeNotFound          an id names no node
    │   └── UnknownReference  an id or name names no entity (with the closest names)
    ├── InvalidRecord         a node, edge or batch breaks the model
    ├── StoreUnavailable      the store cannot be reached or opened
    ├── StoreError            the store refused an operation
    ├── AmbiguousName         a name names several entities and nothing tells them apart
    │   └── AmbiguousReference  a name a user gave names several entities (with them all)
    └── LoadError             an input file cannot be read at all
        └── MissingColumn     a table lacks a required column

Row-level problems are not exceptions: loaders keep them as rejects
(see :class:`loaders.tables.Reject`) and load the good rows.
"""

from __future__ import annotations

from typing import NamedTuple

from graph.i18n import _

__all__ = [
    "AmbiguousName",
    "AmbiguousReference",
    "Choice",
    "GraphError",
    "InvalidRecord",
    "LoadError",
    "MissingColumn",
    "NodeNotFound",
    "StoreError",
    "StoreUnavailable",
    "UnknownReference",
]


class GraphError(Exception):
    """Root of every error this package raises on purpose."""


class NodeNotFound(GraphError, KeyError):
    """An id names no node in the store."""

    def __init__(self, node_id: str) -> None:
        super().__init__(node_id)
        self.node_id = node_id

    def __str__(self) -> str:
        return _("没有编号为 {id} 的节点").format(id=repr(self.node_id))


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


class Choice(NamedTuple):
    """An entity offered to the user: a candidate of an ambiguous name, or a suggestion."""

    id: str
    name: str
    kind: str


def _listed(choices: list[Choice]) -> str:
    return "、".join(f"{c.name}（{c.id}）" for c in choices)


class UnknownReference(NodeNotFound):
    """An id or name a user gave names no entity; ``suggestions`` are the closest names."""

    def __init__(self, reference: str, suggestions: list[Choice], *, what: str = "") -> None:
        super().__init__(reference)
        self.reference = reference
        self.suggestions = suggestions
        self.what = what

    def __str__(self) -> str:
        message = _("未找到{what}“{name}”").format(what=self.what, name=self.reference)
        if self.suggestions:
            message += _("；您是否要找：{choices}").format(choices=_listed(self.suggestions))
        return message


class AmbiguousReference(AmbiguousName):
    """A name a user gave names several entities; ``choices`` lists every one of them."""

    def __init__(self, reference: str, choices: list[Choice]) -> None:
        super().__init__(reference, [c.id for c in choices])
        self.reference = reference
        self.choices = choices

    def __str__(self) -> str:
        return _("“{name}”对应多个实体，请用编号（id）或全称指明：{choices}").format(
            name=self.reference, choices=_listed(self.choices)
        )


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
