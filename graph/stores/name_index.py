"""Substring search over every name and alias of a graph, for the embedded store.

>>> index = NameIndex([("河北农业大学", "institution:a"), ("河北农大", "institution:a"),
...                    ("华升化工", "enterprise:b")])
>>> index.search("河北农")
{'institution:a': 1}
>>> index.search("化工")
{'enterprise:b': 2}
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

__all__ = ["NameIndex"]


class NameIndex:
    """Substring search over every name and alias: one string, searched with ``str.find``.

    Keys are joined by newlines; a bisect over line starts maps a hit back to its node.
    """

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        keys: list[str] = []
        self.node_ids: list[str] = []
        for key, node in entries:
            keys.append(key.replace("\n", " "))
            self.node_ids.append(node)
        self.keys = keys
        self.text = "\n".join(keys)
        self.starts: list[int] = []
        offset = 0
        for key in keys:
            self.starts.append(offset)
            offset += len(key) + 1

    def search(self, needle: str) -> dict[str, int]:
        """Node ids whose names contain ``needle``, with rank 0 exact, 1 prefix, 2 inside."""
        found: dict[str, int] = {}
        if not needle or "\n" in needle:
            return found
        text, start = self.text, 0
        while (hit := text.find(needle, start)) >= 0:
            line = bisect_right(self.starts, hit) - 1
            key = self.keys[line]
            rank = 0 if key == needle else 1 if hit == self.starts[line] else 2
            node = self.node_ids[line]
            found[node] = min(rank, found.get(node, 3))
            start = hit + 1
        return found
