"""graph.lookup: one resolver for every reference to an entity, its rules in their order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.errors import AmbiguousReference, InvalidRecord, UnknownReference
from graph.lookup import resolve, resolve_reference, suggest
from graph.model import GraphBatch, Node, NodeKind, Provenance
from graph.stores.embedded import EmbeddedStore

P = [Provenance(source="test")]
CODE = "91371603MA3D2P8L6R"


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    nodes = [
        Node.create(NodeKind.ENTERPRISE, "华升化工", provenance=P),
        Node.create(NodeKind.PLATFORM, "华升化工研发中心", provenance=P),
        Node.create(
            NodeKind.ENTERPRISE, "瑞丰化工", aliases=["沾化瑞丰化工有限公司"], provenance=P
        ),
        Node.create(NodeKind.ENTERPRISE, "鸿源化学", key=CODE, provenance=P),
        Node.create(NodeKind.INSTITUTION, "河北农业大学", aliases=["河北农大"], provenance=P),
        # A name that is another's alias: the name wins over the alias.
        Node.create(NodeKind.ENTERPRISE, "河北农大", provenance=P),
    ]
    with EmbeddedStore(":memory:") as s:
        s.upsert(GraphBatch(nodes=nodes))
        yield s


@pytest.mark.parametrize(
    ("reference", "kinds", "expected", "rule"),
    [
        ("enterprise:华升化工", None, "enterprise:华升化工", "id"),
        (" 华升化工 ", None, "enterprise:华升化工", "name"),
        ("河北农大", None, "enterprise:河北农大", "name"),
        ("河北农大", [NodeKind.INSTITUTION], "institution:河北农业大学", "alias"),
        ("沾化瑞丰化工有限公司", None, "enterprise:瑞丰化工", "alias"),
        (CODE, None, "enterprise:" + CODE.lower(), "credit_code"),
        (CODE.lower(), [NodeKind.ENTERPRISE], "enterprise:" + CODE.lower(), "credit_code"),
        ("华升", [NodeKind.ENTERPRISE], "enterprise:华升化工", "short_name"),
        ("研发中心", None, "platform:华升化工研发中心", "short_name"),
    ],
)
def test_rules_in_order(
    store: EmbeddedStore,
    reference: str,
    kinds: list[NodeKind] | None,
    expected: str,
    rule: str,
) -> None:
    found = resolve_reference(store, reference, kinds=kinds)
    assert (found.node.id, found.rule) == (expected, rule)


def test_a_short_name_of_two_entities_is_ambiguous_with_both(store: EmbeddedStore) -> None:
    with pytest.raises(AmbiguousReference) as caught:
        resolve(store, "华升")
    assert [c.id for c in caught.value.choices] == [
        "enterprise:华升化工",
        "platform:华升化工研发中心",
    ]
    assert "华升化工研发中心（platform:华升化工研发中心）" in str(caught.value)


def test_unknown_offers_at_most_five_closest_best_first(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownReference) as caught:
        resolve(store, "华昇化工", kinds=[NodeKind.ENTERPRISE])
    suggestions = caught.value.suggestions
    assert suggestions[0].name == "华升化工"
    assert len(suggestions) <= 5
    assert all(s.kind == "Enterprise" for s in suggestions)
    assert "未找到企业“华昇化工”" in str(caught.value)


def test_a_full_legal_name_suggests_the_short_name_it_holds(store: EmbeddedStore) -> None:
    assert suggest(store, "沾化华升化工有限公司")[0].name == "华升化工"


def test_nothing_close_suggests_nothing(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownReference) as caught:
        resolve(store, "完全无关")
    assert caught.value.suggestions == []


def test_an_id_of_another_kind_is_refused_naming_both_kinds(store: EmbeddedStore) -> None:
    with pytest.raises(InvalidRecord, match=r"高校院所.*企业"):
        resolve(store, "institution:河北农业大学", kinds=[NodeKind.ENTERPRISE])


def test_blank_is_unknown(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownReference):
        resolve(store, "  ")
