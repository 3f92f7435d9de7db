"""Bidirectional control characters in a name or an alias: the record is refused, a table row
holding one is a reject that names the character, and the other rows still load."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from graph.model import BIDI_CONTROLS, Node, NodeKind, Provenance
from loaders.resolve import Resolver
from loaders.tables import read_tables

PROVENANCE = [Provenance(source="tests")]


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_a_node_name_with_a_bidi_control_is_refused(char: str) -> None:
    with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X}"):
        Node.create(NodeKind.ENTERPRISE, f"华升{char}化工", provenance=PROVENANCE)


def test_an_alias_with_a_bidi_control_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"alias .* U\+2066"):
        Node.create(
            NodeKind.ENTERPRISE, "华升化工", aliases=["华升\u2066工化"], provenance=PROVENANCE
        )


def test_the_set_is_what_unicode_calls_bidi_controls() -> None:
    assert {f"{ord(c):04X}" for c in BIDI_CONTROLS} == {
        "061C", "200E", "200F", "202A", "202B", "202C", "202D", "202E",
        "2066", "2067", "2068", "2069",
    }  # fmt: skip


def test_other_format_characters_and_plain_names_are_kept() -> None:
    node = Node.create(NodeKind.ENTERPRISE, "Café 华升", aliases=["華昇"], provenance=PROVENANCE)
    assert node.names == ["Café 华升", "華昇"]


def test_a_table_row_named_with_a_bidi_control_is_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "enterprises.csv"
    path.write_text(
        "企业名称,别名\n华升化工,\n化\u202e工升华,\n昶昇水产,昶昇\u200f水产\n建华建材,\n",
        encoding="utf-8",
    )
    [result] = read_tables([path], resolver=Resolver())
    assert {n.name for n in result.batch.nodes} == {"华升化工", "建华建材"}
    assert [(r.row, r.level) for r in result.rejects] == [(3, "row"), (4, "row")]
    assert "U+202E" in result.rejects[0].reason
    assert "U+200F" in result.rejects[1].reason
    assert all("双向控制字符" in r.reason for r in result.rejects)
