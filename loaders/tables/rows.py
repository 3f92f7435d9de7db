"""Rows as a table spec's ``build`` function sees them: parsed values, resolved references,
the row's provenance, and helpers that attach it to the nodes and edges the row makes.

>>> from graph.model import Provenance
>>> from loaders.tables.columns import Column
>>> row = Row((Column("name", "name"),), number=2, values={"name": "冬枣"}, refs={},
...           provenance=Provenance(source="industries.csv", locator="row 2"))
>>> row.node(NodeKind.INDUSTRY, "冬枣").provenance[0].locator
'row 2'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from graph.model import Edge, EdgeKind, Node, NodeKind, PropertyValue, Provenance, canonical_key
from graph.stores.base import GraphStore
from loaders.tables.cells import CellValue
from loaders.tables.columns import Column

__all__ = ["Endpoint", "LoadIndex", "Ref", "Row", "RowBuilder"]


class LoadIndex:
    """The nodes made so far in one load, by id and by exact name, and the store behind them.

    Exact lookups only (name or alias after ``canonical_key``): cheap enough for every row.
    """

    def __init__(self, store: GraphStore | None = None) -> None:
        self.store = store
        self.ids: dict[str, str] = {}  # id -> canonical name
        self._names: dict[tuple[NodeKind, str], str] = {}
        self._rejected: dict[tuple[NodeKind, str], str] = {}
        self._found: dict[tuple[tuple[NodeKind, ...], str], Ref] = {}

    def add(self, node: Node) -> None:
        """Remember a node made in this load."""
        self.ids[node.id] = node.name
        for name in node.names:
            self._names.setdefault((node.kind, canonical_key(name)), node.id)

    def found(self, kinds: tuple[NodeKind, ...], surface: str) -> Ref | None:
        """The node ``surface`` was found to name earlier in this load, among ``kinds``."""
        return self._found.get((kinds, surface))

    def remember(self, kinds: tuple[NodeKind, ...], surface: str, ref: Ref) -> None:
        """Remember what ``surface`` names (a found name stays found for the whole load)."""
        if len(self._found) < 100_000:
            self._found[(kinds, surface)] = replace(ref, created=False)

    def reject(self, name: str, kind: NodeKind, where: str) -> None:
        """Remember that the row making ``name`` was rejected (``where``: file and row)."""
        self._rejected.setdefault((kind, canonical_key(name)), where)

    def rejected_at(self, name: str, kind: NodeKind) -> str | None:
        """Where the row that would have made ``name`` was rejected, if one was."""
        return self._rejected.get((kind, canonical_key(name)))

    def existing(self, name: str, kind: NodeKind) -> str | None:
        """The id of the node of ``kind`` named exactly ``name`` (in this load, else the store)."""
        found = self._names.get((kind, canonical_key(name)))
        if found is None and self.store is not None:
            found = next((n.id for n in self.store.lookup(name, kind=kind)), None)
        return found

    def has_id(self, node_id: str) -> bool:
        """Whether a node with this id was made in this load or is in the store."""
        return self.name_of(node_id) is not None

    def name_of(self, node_id: str) -> str | None:
        """The canonical name of the node with this id (made in this load, else stored)."""
        if node_id in self.ids:
            return self.ids[node_id]
        if self.store is None:
            return None
        found = self.store.get_nodes([node_id])
        return found[node_id].name if found else None


@dataclass(frozen=True)
class Ref:
    """A cell that names a node, resolved: the node's id, kind and canonical name."""

    id: str
    kind: NodeKind
    name: str
    surface: str
    created: bool = False
    """True when the loader made the node because nothing had that name (``create=True``)."""


Endpoint = str | Ref | Node


def _endpoint_id(end: Endpoint) -> str:
    return end if isinstance(end, str) else end.id


class Row:
    """A parsed, validated row as a spec's ``build`` function sees it."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        number: int,
        values: Mapping[str, CellValue],
        refs: Mapping[str, list[Ref]],
        provenance: Provenance,
        index: LoadIndex | None = None,
    ) -> None:
        self.columns = tuple(columns)
        """The columns of the row's table kind (not the common ones)."""
        self.number = number
        self.values = dict(values)
        self.refs = dict(refs)
        self.provenance = provenance
        self._index = index or LoadIndex()
        self.dropped: list[tuple[str, str]] = []
        """``(column, reason)`` of values the builder left out (the row still loads)."""

    def value(self, column: str) -> CellValue:
        """The parsed value of a column (``None`` when blank or absent, ``[]`` for lists)."""
        return self.values.get(column)

    def text(self, column: str) -> str | None:
        """The value of a text-like column, or ``None``."""
        value = self.values.get(column)
        return value if isinstance(value, str) else None

    def items(self, column: str) -> list[str]:
        """The value of a list column (``[]`` when blank)."""
        value = self.values.get(column)
        return list(value) if isinstance(value, list) else []

    def ref(self, column: str) -> Ref | None:
        """The first node a reference column names, or ``None`` when blank."""
        found = self.refs.get(column)
        return found[0] if found else None

    def refs_of(self, column: str) -> list[Ref]:
        """Every node a reference column (a list of names) names."""
        return list(self.refs.get(column, []))

    def properties(self, *exclude: str) -> dict[str, PropertyValue]:
        """Non-blank values of the spec's property columns (not refs, names or aliases)."""
        out: dict[str, PropertyValue] = {}
        for column in self.columns:
            if not column.as_property or column.ref or column.name in exclude:
                continue
            value = self.values.get(column.name)
            if value is None or value == []:
                continue
            out[column.name] = list(value) if isinstance(value, list) else value
        return out

    def drop(self, column: str, reason: str) -> None:
        """Leave a value out of the row for ``reason``; the loader reports the cell."""
        self.values.pop(column, None)
        self.dropped.append((column, reason))

    def extras(self) -> dict[str, PropertyValue]:
        """Values of the columns no spec declares, kept by their headers' names."""
        return {
            column.name: value
            for column in self.columns
            if column.extra
            and (value := self.values.get(column.name)) not in (None, [])
            and not isinstance(value, list)
        }

    def node(
        self,
        kind: NodeKind,
        name: str,
        *,
        key: str | None = None,
        aliases: Iterable[str] = (),
        properties: Mapping[str, PropertyValue] | None = None,
    ) -> Node:
        """A node with this row's provenance.

        Without a ``key``, when a node of ``kind`` already has exactly this name (in the
        store or earlier in the load), its id is kept, so a table row and a document meet in
        one node. A key (credit code, NBS code) is authoritative and always makes the id.
        """
        node = Node.create(
            kind,
            name,
            key=key,
            aliases=list(aliases),
            properties=dict(properties or {}),
            provenance=[self.provenance],
        )
        if key:
            return node
        known = self._index.existing(name, kind)
        if known is not None and known != node.id:
            node = node.model_copy(update={"id": known})
        return node

    def edge(
        self,
        kind: EdgeKind,
        source: Endpoint,
        target: Endpoint,
        *,
        key: str = "",
        properties: Mapping[str, PropertyValue] | None = None,
    ) -> Edge:
        """An edge with this row's provenance."""
        return Edge(
            kind=kind,
            source=_endpoint_id(source),
            target=_endpoint_id(target),
            key=key,
            properties=dict(properties or {}),
            provenance=[self.provenance],
        )

    def update(self, ref: Ref, properties: Mapping[str, PropertyValue]) -> Node:
        """New facts for an existing node: merged into it (new values win) when stored."""
        return Node(
            id=ref.id,
            kind=ref.kind,
            name=ref.name,
            properties=dict(properties),
            provenance=[self.provenance],
        )


RowBuilder = Callable[[Row], Iterable[Node | Edge]]
"""Turns one row into records; raise ``loaders.tables.cells.CellError`` to reject the row."""
