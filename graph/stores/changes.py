"""What an upsert writes: each record merged into what is stored, the counts of it, and the
check that every edge has both its ends.

Both stores plan their writes here, so "added", "updated" and "unchanged" mean the same on
each: a record is unchanged when merging it (:func:`graph.model.merge_node` /
:func:`~graph.model.merge_edge`) leaves the stored record as it was.

>>> from graph.model import Node, NodeKind, Provenance, UpsertSummary
>>> p = [Provenance(source="t", locator="row 2")]
>>> old = Node.create(NodeKind.INDUSTRY, "水产", aliases=["水产品"], provenance=p)
>>> new = Node.create(NodeKind.INDUSTRY, "水产", aliases=["水产养殖"], provenance=p)
>>> summary = UpsertSummary()
>>> [n.aliases for n in plan_writes([new], {old.id: old}, summary, "nodes")]
[['水产品', '水产养殖']]
>>> summary.nodes_updated
1
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from graph.errors import InvalidRecord
from graph.model import Edge, Node, UpsertSummary, merge_edge, merge_node

__all__ = ["adds_nothing", "check_edge_ends", "plan_writes"]

R = TypeVar("R", Node, Edge)
S = TypeVar("S")


def plan_writes(
    records: Sequence[R],
    stored: Mapping[str, S],
    summary: UpsertSummary,
    what: str,
    *,
    decode: Callable[[S], R] | None = None,
    unchanged: Callable[[R, S], bool] | None = None,
) -> list[R]:
    """The records to write: new ones as they are, known ones merged, unchanged ones not at all.

    ``stored`` maps ids to what the store holds: records, or rows that ``decode`` turns into
    records. ``unchanged`` may recognise a record that adds nothing without decoding its row
    (the common case when a file is loaded again). The counts go into ``summary``'s
    ``<what>_added`` / ``_updated`` / ``_unchanged``.
    """
    out: list[R] = []
    added = updated = same = 0
    for record in records:
        row = stored.get(record.id)
        if row is None:
            added += 1
            out.append(record)
            continue
        if unchanged is not None and unchanged(record, row):
            same += 1
            continue
        before: Any = decode(row) if decode is not None else row
        merged = (
            merge_node(before, record) if isinstance(record, Node) else merge_edge(before, record)
        )
        if merged == before:
            same += 1
        else:
            updated += 1
            out.append(merged)
    setattr(summary, f"{what}_added", added)
    setattr(summary, f"{what}_updated", updated)
    setattr(summary, f"{what}_unchanged", same)
    return out


def adds_nothing(record: Node | Edge, name: str | None, body: Mapping[str, Any]) -> bool:
    """Would merging ``record`` leave a stored record (its name and decoded JSON body) as it is?

    Every fact already there with the same value, every provenance entry already there (by
    source and locator), and for a node the same name and every alias already there.
    """
    properties = body["properties"]
    for key, value in record.properties.items():
        if key not in properties or properties[key] != value:
            return False
    keys = {(p["source"], p.get("locator")) for p in body["provenance"]}
    if any(p.key not in keys for p in record.provenance):
        return False
    if isinstance(record, Node):
        if record.name != name:
            return False
        aliases = set(body.get("aliases", []))
        return all(a in aliases for a in record.aliases)
    return True


def check_edge_ends(edges: Iterable[Edge], present: Container[str]) -> None:
    """Raise `InvalidRecord` for the first edge with an end that is not ``present``.

    ``present`` holds the node ids of the batch and of the store (or the store after the
    batch's nodes are written).

    Examples
    --------
    >>> from graph.model import EdgeKind, Provenance
    >>> e = Edge(kind=EdgeKind.COOPERATES_WITH, source="enterprise:a",
    ...          target="institution:b", provenance=[Provenance(source="t")])
    >>> check_edge_ends([e], {"enterprise:a", "institution:b"})
    >>> try:
    ...     check_edge_ends([e], {"enterprise:a"})
    ... except InvalidRecord as exc:
    ...     print(str(exc).split(", ")[0])
    edge 'enterprise:a|COOPERATES_WITH|institution:b' points at 'institution:b'
    """
    for edge in edges:
        for end in (edge.source, edge.target):
            if end not in present:
                raise InvalidRecord(
                    f"edge {edge.id!r} points at {end!r}, which is neither in the "
                    "batch nor in the store"
                )
