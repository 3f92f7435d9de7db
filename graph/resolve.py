"""Names -> canonical entities.

A :class:`Resolver` answers, for a surface form and a kind, which node it names and why.
It knows the nodes already in the store and those created earlier in the same load.
"""

from __future__ import annotations

from pydantic import BaseModel

from graph.model import Node, NodeKind, canonical_key
from graph.stores.base import GraphStore

__all__ = ["Resolution", "Resolver"]


class Resolution(BaseModel):
    """The answer for one surface form: the node it names (or None), the rule and a score."""

    surface: str
    node_id: str | None
    name: str
    rule: str
    score: float = 1.0


class Resolver:
    """Resolve surface forms against a store and the records of the load in progress."""

    def __init__(self, store: GraphStore | None = None, *, region: str | None = None) -> None:
        self.store = store
        self.region = region
        self._known: dict[tuple[NodeKind, str], Node] = {}

    def add(self, node: Node) -> None:
        """Make a node created in this load resolvable by its name and aliases."""
        for name in node.names:
            self._known.setdefault((node.kind, canonical_key(name)), node)

    def resolve(self, surface: str, kind: NodeKind) -> Resolution:
        """The node ``surface`` names among ``kind``; ``node_id`` is None if unresolved."""
        key = canonical_key(surface)
        known = self._known.get((kind, key))
        if known is not None:
            return Resolution(surface=surface, node_id=known.id, name=known.name, rule="exact")
        if self.store is not None:
            for node in self.store.lookup(surface, kind=kind):
                self.add(node)
                return Resolution(surface=surface, node_id=node.id, name=node.name, rule="exact")
        return Resolution(surface=surface, node_id=None, name=surface.strip(), rule="unresolved")
