"""References a user types to one entity: an id, a name, an alias, a credit code or a short name.

Every command option and API field that takes an entity resolves it here, with
:func:`resolve`. The rules, tried in order, the first that finds anything deciding:

1. ``id``: the exact id (``enterprise:华升化工``);
2. ``name``: a node whose name is the reference (after :func:`graph.model.canonical_key`);
3. ``alias``: a node with the reference among its aliases;
4. ``credit_code``: an 18-character unified social credit code, the key of the node's id;
5. ``short_name``: the one node whose name or an alias contains the reference (``华升``).

Two or more nodes found by the deciding rule raise
:class:`~graph.errors.AmbiguousReference` with every candidate; nothing found raises
:class:`~graph.errors.UnknownReference` with up to five of the closest names (rapidfuzz over
the nodes that share a character pair with the reference). The rules sit on the store's own
``get_nodes``, ``lookup`` and ``find_nodes``, so they work alike on every store.

Examples
--------
>>> from graph.model import GraphBatch, Node, NodeKind, Provenance
>>> from graph.stores import open_store
>>> store = open_store(":memory:")
>>> p = [Provenance(source="doctest")]
>>> _ = store.upsert(GraphBatch(nodes=[
...     Node.create(NodeKind.ENTERPRISE, "华升化工", provenance=p),
...     Node.create(NodeKind.ENTERPRISE, "瑞丰化工", aliases=["瑞丰公司"], provenance=p),
...     Node.create(NodeKind.INSTITUTION, "河北农业大学", aliases=["河北农大"], provenance=p)]))
>>> resolve(store, "华升", kinds=[NodeKind.ENTERPRISE]).id
'enterprise:华升化工'
>>> resolve(store, "河北农大").name
'河北农业大学'
>>> try:
...     resolve(store, "化工")
... except AmbiguousReference as exc:
...     [c.name for c in exc.choices]
['华升化工', '瑞丰化工']
>>> try:
...     resolve(store, "华昇化工")
... except UnknownReference as exc:
...     exc.suggestions[0].name
'华升化工'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from graph.errors import AmbiguousReference, Choice, InvalidRecord, UnknownReference
from graph.i18n import _
from graph.labels import kind_label
from graph.model import Node, NodeKind, canonical_key
from graph.stores.base import GraphStore

__all__ = [
    "SUGGESTIONS",
    "Resolved",
    "choice",
    "kind_label",
    "resolve",
    "resolve_reference",
    "suggest",
]

SUGGESTIONS = 5
"""How many "did you mean" names an unknown reference offers."""
AMBIGUOUS_SHOWN = 20
"""At most this many candidates of an ambiguous short name are listed."""
_SUGGEST_CUTOFF = 40.0
"""A suggestion scores at least this (rapidfuzz ratio, 0-100: shared characters in order)."""
_POOL = 200
"""Nodes fetched per character pair when looking for suggestions."""
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$", re.IGNORECASE)


@dataclass(frozen=True)
class Resolved:
    """The entity a reference names and the rule that found it."""

    node: Node
    rule: str


def choice(node: Node) -> Choice:
    """A node as a candidate or suggestion: id, name and kind."""
    return Choice(id=node.id, name=node.name, kind=node.kind.value)


def _allowed(node: Node, kinds: Collection[NodeKind] | None) -> bool:
    return kinds is None or node.kind in kinds


def _one(reference: str, nodes: list[Node], rule: str) -> Resolved | None:
    unique = list({n.id: n for n in nodes}.values())
    if not unique:
        return None
    if len(unique) > 1:
        ordered = sorted(unique, key=lambda n: (len(n.name), n.id))[:AMBIGUOUS_SHOWN]
        raise AmbiguousReference(reference, [choice(n) for n in ordered])
    return Resolved(unique[0], rule)


def _containing(
    store: GraphStore, text: str, kinds: Collection[NodeKind] | None, limit: int
) -> list[Node]:
    """Nodes of ``kinds`` whose name or an alias contains ``text`` (the store's search)."""
    if kinds is None:
        return list(store.find_nodes(q=text, limit=limit).items)
    found: list[Node] = []
    for kind in kinds:
        found.extend(store.find_nodes(kind=kind, q=text, limit=limit).items)
    return found


def resolve_reference(
    store: GraphStore, reference: str, *, kinds: Collection[NodeKind] | None = None
) -> Resolved:
    """The one entity of ``kinds`` that ``reference`` names, and by which rule.

    Raises `AmbiguousReference` (every candidate) when the deciding rule finds several,
    `UnknownReference` (the closest names) when none finds any, and `InvalidRecord` when the
    reference is the id of an entity of another kind.
    """
    text = reference.strip()
    if not text:
        raise UnknownReference(reference, [], what=_what(kinds))
    by_id = store.get_nodes([text]).get(text)
    if by_id is not None:
        if _allowed(by_id, kinds):
            return Resolved(by_id, "id")
        raise InvalidRecord(
            _("“{name}”（{id}）是{kind}，此处需要{wanted}").format(
                name=by_id.name, id=by_id.id, kind=kind_label(by_id.kind), wanted=_what(kinds)
            )
        )
    key = canonical_key(text)
    named = [n for n in store.lookup(text) if _allowed(n, kinds)]
    found = _one(text, [n for n in named if canonical_key(n.name) == key], "name")
    found = found or _one(text, named, "alias")
    if found is None and _CREDIT_CODE.match(text):
        ids = [f"{k.slug}:{key}" for k in (kinds or list(NodeKind))]
        found = _one(text, list(store.get_nodes(ids).values()), "credit_code")
    if found is None and len(text) >= 2:
        found = _one(text, _containing(store, text, kinds, AMBIGUOUS_SHOWN + 1), "short_name")
    if found is None:
        raise UnknownReference(reference, suggest(store, text, kinds=kinds), what=_what(kinds))
    return found


def resolve(
    store: GraphStore, reference: str, *, kinds: Collection[NodeKind] | None = None
) -> Node:
    """The one entity of ``kinds`` that ``reference`` names (see :func:`resolve_reference`)."""
    return resolve_reference(store, reference, kinds=kinds).node


def _pairs(text: str) -> Iterable[str]:
    """The reference's character pairs, which any close name shares one of (and the words,
    for Latin names)."""
    words = text.split()
    if len(words) > 1:
        yield from words
    compact = "".join(words)
    seen: set[str] = set()
    for i in range(max(1, len(compact) - 1)):
        pair = compact[i : i + 2]
        if pair not in seen:
            seen.add(pair)
            yield pair


def suggest(
    store: GraphStore,
    reference: str,
    *,
    kinds: Collection[NodeKind] | None = None,
    limit: int = SUGGESTIONS,
) -> list[Choice]:
    """Up to ``limit`` entities whose name or alias is closest to ``reference``, best first."""
    pool: dict[str, Node] = {}
    for pair in _pairs(reference.strip()):
        # One search over every kind, filtered here: a kind filter makes a store read every
        # node holding a common pair before it cuts the page (seconds on a province).
        for node in _containing(store, pair, None, _POOL):
            if _allowed(node, kinds):
                pool.setdefault(node.id, node)
    wanted = canonical_key(reference)
    scored: list[tuple[float, str, Node]] = []
    for node in pool.values():
        best = max(_closeness(wanted, canonical_key(name)) for name in node.names)
        if best >= _SUGGEST_CUTOFF:
            scored.append((-best, node.id, node))
    chosen = [choice(node) for _score, _id, node in sorted(scored, key=lambda s: s[:2])]
    return chosen[:limit]


def _closeness(reference: str, name: str) -> float:
    """How close a name is to a reference (0-100): a name the reference holds whole (the
    short name inside a full company name) scores by its length, others by rapidfuzz ratio.

    >>> full = "沾化华升化工有限公司"
    >>> _closeness(full, "华升化工") > _closeness(full, "沾化安博化工有限公司")
    True
    """
    if len(name) >= 2 and name in reference:
        return 90.0 + min(len(name), 10)
    return float(fuzz.ratio(reference, name))


def _what(kinds: Collection[NodeKind] | None) -> str:
    if not kinds:
        return _("实体")
    return _("或").join(kind_label(k) for k in kinds)
