"""A malformed labelled needs set is refused naming the entry and the field, in Chinese."""

from __future__ import annotations

import re

import pytest

from graph.errors import InvalidRecord
from graph.evaluation.needs import labelled_needs

GOOD = {"need": "冬枣保鲜", "fits": ["institution:a"], "source": "https://example.org"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "需求集：缺少 needs 列表"),
        ({"needs": [GOOD, "冬枣"]}, "需求集第 2 条：不是键值对（mapping）"),
        ({"needs": [GOOD | {"need": " "}]}, "需求集第 1 条：need 缺失或为空"),
        ({"needs": [GOOD | {"fits": []}]}, "需求集第 1 条（冬枣保鲜）：fits 应列出机构编号"),
        ({"needs": [GOOD | {"source": "书上"}]}, "需求集第 1 条（冬枣保鲜）：source 应为网址"),
    ],
)
def test_a_malformed_entry_is_named(data: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidRecord, match=re.escape(message)):
        labelled_needs(data)


def test_in_english(english: None) -> None:
    with pytest.raises(InvalidRecord, match=r"entry 1 \(冬枣保鲜\): 'fits' must list"):
        labelled_needs({"needs": [GOOD | {"fits": "institution:a"}]})
