"""Cells that name other nodes: what a name names in a load, the nodes a new name makes,
and why a name names nothing.

A table names what it refers to exactly, by an alias, a gazetteer entry (universities,
institutes, regions down to towns) or a rule-made abbreviation; a name merely close to a
known one may be another enterprise, so it is not linked but offered in the reason.
"""

from __future__ import annotations

from graph.errors import GraphError
from graph.i18n import _
from graph.labels import kind_label, kinds_label
from graph.model import Edge, Node, NodeKind, Provenance, node_id
from loaders.resolve import Resolution, Resolver
from loaders.tables.columns import Column
from loaders.tables.rows import LoadIndex, Ref

__all__ = ["new_node", "resolve_reference", "unresolved_reason"]


def resolve_reference(
    column: Column, surface: str, *, resolver: Resolver, index: LoadIndex
) -> tuple[Ref | None, Resolution | None]:
    """The node a reference names, else the closest name it might have meant.

    A table names what it refers to exactly, by an alias, a gazetteer entry or a rule-made
    abbreviation; a name merely close to a known one (the resolver's ``fuzzy`` rule) may be
    another enterprise, so it is not linked but offered in the reject's reason. A name found
    once is found again from the load's memory: a roster names the same towns and industries
    on every row.
    """
    known = index.found(column.ref, surface)
    if known is not None:
        return known, None
    ref, near = _lookup(column, surface, resolver=resolver, index=index)
    if ref is not None:
        index.remember(column.ref, surface, ref)
    return ref, near


def _lookup(
    column: Column, surface: str, *, resolver: Resolver, index: LoadIndex
) -> tuple[Ref | None, Resolution | None]:
    near: Resolution | None = None
    for kind in column.ref:
        found = resolver.resolve(surface, kind)
        if found.node_id and found.rule == "fuzzy":
            near = near or found
        elif found.node_id:
            return Ref(id=found.node_id, kind=kind, name=found.name, surface=surface), None
    for kind in column.ref:  # a key such as a credit code or an NBS code
        try:
            candidate = node_id(kind, key=surface)
        except GraphError:
            continue
        name = index.name_of(candidate)
        if name is not None:
            return Ref(id=candidate, kind=kind, name=name, surface=surface), None
    return None, near


def new_node(
    kind: NodeKind,
    surface: str,
    provenance: Provenance,
    resolver: Resolver,
    index: LoadIndex,
) -> tuple[Node, list[Node | Edge]]:
    """The node a name makes when nothing has it yet, and what comes with it.

    For a region the gazetteer knows (down to towns): its NBS-coded node and the PART_OF
    chain up to its province, leaving out the regions above it the load or store has.
    """
    if kind is NodeKind.REGION:
        records = resolver.region_records(surface, provenance=[provenance])
        first = records[0] if records else None
        if isinstance(first, Node):
            rest = [r for r in records[1:] if not (isinstance(r, Node) and index.has_id(r.id))]
            return first, rest
    return Node.create(kind, surface, provenance=[provenance]), []


def unresolved_reason(
    column: Column, surface: str, near: Resolution | None, index: LoadIndex
) -> str:
    """Why a name names nothing: an earlier rejected row, a near miss, or nothing at all."""
    for kind in column.ref:
        where = index.rejected_at(surface, kind)
        if where is not None:
            return _("{kind}“{name}”未载入：见 {where}").format(
                kind=kind_label(kind), name=surface, where=where
            )
    reason = _("没有名为“{name}”的{kinds}").format(name=surface, kinds=kinds_label(column.ref))
    if near is not None:
        reason += _("（最接近的是“{name}”，相似度 {score}）").format(
            name=near.name, score=f"{near.score:.0%}"
        )
    return reason
