"""Node and edge kinds, the typed records that cross every boundary, ids and provenance.

Every loader produces :class:`GraphBatch` objects; every store takes them. Ids are
deterministic (an external key where one exists, else kind + canonical name), so loading
the same input twice changes nothing. Every node and edge carries its provenance.

Examples
--------
>>> n = Node.create(NodeKind.ENTERPRISE, "华升化工", provenance=[Provenance(source="demo")])
>>> n.id
'enterprise:华升化工'
>>> edge_id("enterprise:a", EdgeKind.COOPERATES_WITH, "institution:b")
'enterprise:a|COOPERATES_WITH|institution:b'
"""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.errors import InvalidRecord
from graph.i18n import _

__all__ = [
    "BIDI_CONTROLS",
    "Edge",
    "EdgeKind",
    "GraphBatch",
    "Node",
    "NodeKind",
    "PropertyValue",
    "Provenance",
    "UpsertSummary",
    "canonical_key",
    "decode_properties",
    "dumps_json",
    "edge_id",
    "encode_properties",
    "loads_json",
    "merge_edge",
    "merge_node",
    "node_id",
]


class NodeKind(StrEnum):
    """Kinds of node; the value is the Neo4j label."""

    ENTERPRISE = "Enterprise"
    INSTITUTION = "Institution"
    PLATFORM = "Platform"
    COMMUNITY = "Community"
    TALENT_PROGRAM = "TalentProgram"
    TRANSFER_AGENCY = "TransferAgency"
    POLICY = "Policy"
    INDUSTRY = "Industry"
    REGION = "Region"
    NEED = "Need"
    RESULT = "Result"
    PROJECT = "Project"
    DOCUMENT = "Document"
    TARGET = "Target"

    @property
    def slug(self) -> str:
        """Lower-case prefix used in ids (``TalentProgram`` -> ``talent_program``)."""
        return _SLUGS[self]


_SLUGS = {
    kind: "".join("_" + c.lower() if c.isupper() else c for c in kind.value).lstrip("_")
    for kind in NodeKind
}


class EdgeKind(StrEnum):
    """Kinds of edge; the value is the Neo4j relationship type."""

    COOPERATES_WITH = "COOPERATES_WITH"
    PARTICIPATES_IN = "PARTICIPATES_IN"
    MEMBER_OF = "MEMBER_OF"
    OWNS = "OWNS"
    APPLIES_TO = "APPLIES_TO"
    IN_INDUSTRY = "IN_INDUSTRY"
    LOCATED_IN = "LOCATED_IN"
    HAS_NEED = "HAS_NEED"
    HAS_RESULT = "HAS_RESULT"
    SERVES = "SERVES"
    MENTIONED_IN = "MENTIONED_IN"
    SETS = "SETS"
    PART_OF = "PART_OF"


BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that reorder the text around them: a name holding one can show as another name."""

Scalar = str | int | float | bool | date | None
PropertyValue = Scalar | list[Scalar]


def canonical_key(name: str) -> str:
    """Normalise a name for ids and exact lookup: NFKC, trimmed, inner spaces squeezed, casefolded.

    >>> canonical_key("  Hebei  Agricultural University ")
    'hebei agricultural university'
    >>> canonical_key("华升化工")
    '华升化工'
    """
    text = unicodedata.normalize("NFKC", name)
    return " ".join(text.split()).casefold()


def node_id(kind: NodeKind, name: str | None = None, *, key: str | None = None) -> str:
    """Deterministic id: ``<kind>:<external key>`` when a key exists, else ``<kind>:<name>``.

    >>> node_id(NodeKind.INSTITUTION, "河北农业大学")
    'institution:河北农业大学'
    >>> node_id(NodeKind.ENTERPRISE, key="91371603MA3C000001")
    'enterprise:91371603ma3c000001'
    """
    basis = key if key else name
    if not basis or not canonical_key(basis):
        raise InvalidRecord(f"a {kind.value} id needs a name or a key, got {basis!r}")
    return f"{kind.slug}:{canonical_key(basis)}"


def edge_id(source: str, kind: EdgeKind, target: str, key: str = "") -> str:
    """Deterministic edge id; ``key`` tells apart parallel edges of one kind."""
    base = f"{source}|{kind.value}|{target}"
    return f"{base}|{key}" if key else base


class Provenance(BaseModel):
    """Where a node or edge came from.

    ``locator`` names the place inside the source (``row 14``, ``sheet X row 3``,
    ``chars 120-135``); ``synthetic`` is true for examples we made up.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=1)
    locator: str | None = None
    synthetic: bool = False
    at: datetime = Field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    note: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        """Two provenance entries with one key describe the same observation."""
        return (self.source, self.locator)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    properties: dict[str, PropertyValue] = Field(default_factory=dict)
    provenance: list[Provenance] = Field(min_length=1)

    @field_validator("properties")
    @classmethod
    def _property_names(cls, value: dict[str, PropertyValue]) -> dict[str, PropertyValue]:
        for name in value:
            if not name or not name.replace("_", "").isalnum() or name.startswith("_"):
                raise ValueError(
                    _("属性名 {name} 只能由字母、数字和 _ 组成").format(name=repr(name))
                )
        return value


class Node(_Record):
    """A node: id, kind, canonical name, every surface form as an alias, facts, provenance."""

    id: str = Field(min_length=3, max_length=512)
    kind: NodeKind
    name: str = Field(min_length=1, max_length=1000)
    aliases: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name_without_bidi(cls, value: str) -> str:
        _reject_bidi(value, "name")
        return value

    @field_validator("aliases")
    @classmethod
    def _aliases_without_bidi(cls, value: list[str]) -> list[str]:
        for alias in value:
            _reject_bidi(alias, "alias")
        return value

    @model_validator(mode="after")
    def _check_id(self) -> Self:
        if not self.id.startswith(self.kind.slug + ":"):
            raise ValueError(
                _("编号 {id} 应以 {prefix} 开头").format(
                    id=repr(self.id), prefix=repr(self.kind.slug + ":")
                )
            )
        self.aliases = _unique([a for a in self.aliases if a and a != self.name])
        return self

    @classmethod
    def create(
        cls,
        kind: NodeKind,
        name: str,
        *,
        key: str | None = None,
        aliases: list[str] | None = None,
        properties: dict[str, PropertyValue] | None = None,
        provenance: list[Provenance],
    ) -> Node:
        """Build a node with its deterministic id."""
        return cls(
            id=node_id(kind, name, key=key),
            kind=kind,
            name=name.strip(),
            aliases=aliases or [],
            properties=properties or {},
            provenance=provenance,
        )

    @property
    def names(self) -> list[str]:
        """The canonical name followed by every alias."""
        return [self.name, *self.aliases]


class Edge(_Record):
    """A directed edge between two node ids."""

    id: str = ""
    kind: EdgeKind
    source: str = Field(min_length=3)
    target: str = Field(min_length=3)
    key: str = ""

    @model_validator(mode="after")
    def _fill_id(self) -> Self:
        expected = edge_id(self.source, self.kind, self.target, self.key)
        if not self.id:
            self.id = expected
        elif self.id != expected:
            raise ValueError(
                _("关系编号 {id} 应为 {expected}").format(id=repr(self.id), expected=repr(expected))
            )
        return self


class GraphBatch(BaseModel):
    """Nodes and edges written together: all of it or none of it."""

    model_config = ConfigDict(extra="forbid")

    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.edges)

    def merged(self) -> GraphBatch:
        """The same batch with duplicate ids folded together (first seen first)."""
        nodes: dict[str, Node] = {}
        for n in self.nodes:
            nodes[n.id] = merge_node(nodes[n.id], n) if n.id in nodes else n
        edges: dict[str, Edge] = {}
        for e in self.edges:
            edges[e.id] = merge_edge(edges[e.id], e) if e.id in edges else e
        # The records are already valid: skip revalidating a million of them.
        return GraphBatch.model_construct(nodes=list(nodes.values()), edges=list(edges.values()))

    def extend(self, other: GraphBatch) -> None:
        """Append another batch's records."""
        self.nodes.extend(other.nodes)
        self.edges.extend(other.edges)


class UpsertSummary(BaseModel):
    """What one upsert changed."""

    nodes_added: int = 0
    nodes_updated: int = 0
    nodes_unchanged: int = 0
    edges_added: int = 0
    edges_updated: int = 0
    edges_unchanged: int = 0

    def add(self, other: UpsertSummary) -> None:
        """Accumulate another summary into this one."""
        for field in type(self).model_fields:
            setattr(self, field, getattr(self, field) + getattr(other, field))


def _reject_bidi(text: str, field: str) -> None:
    r"""Raise ``ValueError`` naming the first bidirectional control character in ``text``.

    >>> _reject_bidi("华升\u202e化工", "name")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: name '华升\u202e化工' 含双向控制字符 U+202E...
    """
    if BIDI_CONTROLS.isdisjoint(text):
        return
    for char in text:
        if char in BIDI_CONTROLS:
            raise ValueError(
                _(
                    "{field} {text} 含双向控制字符 U+{code}"
                    "（它会打乱周围文字的顺序，名称可能显示成另一个名称）"
                ).format(field=field, text=repr(text), code=f"{ord(char):04X}")
            )


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _merge_provenance(old: list[Provenance], new: list[Provenance]) -> list[Provenance]:
    seen = {p.key for p in old}
    return [*old, *(p for p in new if p.key not in seen)]


def merge_node(old: Node, new: Node) -> Node:
    """Fold ``new`` into ``old``: new facts win, aliases and provenance are unioned.

    Merging is idempotent: ``merge_node(merge_node(a, b), b) == merge_node(a, b)``.
    """
    if old.id != new.id or old.kind != new.kind:
        raise InvalidRecord(f"cannot merge {new.id!r} ({new.kind}) into {old.id!r} ({old.kind})")
    aliases = _unique([*old.aliases, *new.aliases, old.name])
    return Node(
        id=old.id,
        kind=old.kind,
        name=new.name,
        aliases=[a for a in aliases if a != new.name],
        properties={**old.properties, **new.properties},
        provenance=_merge_provenance(old.provenance, new.provenance),
    )


def merge_edge(old: Edge, new: Edge) -> Edge:
    """Fold ``new`` into ``old`` like :func:`merge_node`."""
    return Edge(
        id=old.id,
        kind=old.kind,
        source=old.source,
        target=old.target,
        key=old.key,
        properties={**old.properties, **new.properties},
        provenance=_merge_provenance(old.provenance, new.provenance),
    )


def dumps_json(value: object) -> str:
    """Compact JSON that keeps dates dates (tagged ``{"$date": ...}``).

    >>> dumps_json({"founded": date(2020, 1, 2), "n": [1, 2]})
    '{"founded":{"$date":"2020-01-02"},"n":[1,2]}'
    """
    return json.dumps(value, default=_encode_default, ensure_ascii=False, separators=(",", ":"))


def loads_json(text: str) -> Any:
    """Inverse of :func:`dumps_json`.

    >>> loads_json('{"founded":{"$date":"2020-01-02"}}')
    {'founded': datetime.date(2020, 1, 2)}
    """
    return _DECODER.decode(text)


def encode_properties(properties: dict[str, PropertyValue]) -> str:
    """Properties as JSON text (see :func:`dumps_json`)."""
    return dumps_json(properties)


def decode_properties(text: str) -> dict[str, PropertyValue]:
    """Inverse of :func:`encode_properties`."""
    value: dict[str, PropertyValue] = loads_json(text)
    return value


def _encode_default(value: object) -> dict[str, str]:
    if isinstance(value, datetime):
        # i18n: ok: a programming error (the loaders store dates)
        raise TypeError("datetime properties are not supported; use a date or an ISO string")
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    # i18n: ok: a programming error (cells are typed before they are stored)
    raise TypeError(f"cannot store {type(value).__name__} as a property")


def _decode_hook(obj: dict[str, Any]) -> Any:
    if obj.keys() == {"$date"}:
        return date.fromisoformat(obj["$date"])
    return obj


_DECODER = json.JSONDecoder(object_hook=_decode_hook)
