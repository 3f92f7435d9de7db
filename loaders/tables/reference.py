"""The reference of every table kind, written from the registry: ``docs/table-columns.md``.

Run ``python -m loaders.tables.reference > docs/table-columns.md`` after changing a spec; a
test fails while the file and the registry disagree.

>>> print(columns_markdown().splitlines()[0])
# Table columns: every table kind
"""

from __future__ import annotations

from collections import defaultdict

from graph.i18n import _, use_language
from loaders.tables.columns import Column
from loaders.tables.registry import registered_tables
from loaders.tables.specs import TableSpec

__all__ = ["columns_markdown"]

_INTRO = """# Table columns: every table kind

The reference behind [docs/tables.md](tables.md), written from the registry in
`loaders/tables/` by `python -m loaders.tables.reference`: each table kind, the file stems
and sheet names that select it, and its columns with their types, units and the Chinese
headers accepted. Every table also takes the columns `synthetic` (示例), `source` (来源) and
`note` (备注), which feed the provenance (see [Provenance](tables.md#provenance)). Cell types
are described under [Cells](tables.md#cells). A column with fixed values lists the words it
takes for each value.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _type(column: Column) -> str:
    if column.ref:
        kinds = " or ".join(k.value for k in column.ref)
        then = (
            "new node" if column.create else "row rejected" if column.required else "cell left out"
        )
        return f"name of {kinds} (unknown name: {then})"
    if column.choices:
        return f"{column.type}: " + ", ".join(sorted(set(column.choices.values())))
    return column.type + (f" ({column.unit})" if column.unit else "")


def _values(column: Column) -> str:
    if not column.choices:
        return ""
    words: dict[str, list[str]] = defaultdict(list)
    for surface, value in column.choices.items():
        if not surface.isascii():
            words[value].append(surface)
    return "; ".join(f"{value}: {' '.join(words[value])}" for value in sorted(words))


def _table(spec: TableSpec) -> str:
    lines = [
        f"## {spec.name}",
        "",
        _(spec.doc),
        "",
        "File stems / sheet names: "
        + ", ".join(f"`{name}`" for name in (spec.name, *spec.aliases))
        + "."
        + (f" Makes: {', '.join(k.value for k in spec.produces)}." if spec.produces else ""),
        "",
        "| column | required | type | Chinese headers | meaning | values |",
        "|---|---|---|---|---|---|",
    ]
    for column in spec.columns:
        headers = " ".join(a for a in column.aliases if not a.isascii())
        meaning = _(column.doc) if column.doc else ""
        lines.append(
            f"| `{column.name}` | {'yes' if column.required else ''} | {_cell(_type(column))} "
            f"| {_cell(headers)} | {_cell(meaning)} | {_cell(_values(column))} |"
        )
    return "\n".join(lines)


def columns_markdown() -> str:
    """``docs/table-columns.md`` as the registry says it should read (in English, as the docs
    are; the templates a clerk fills in say the same in Chinese)."""
    with use_language("en"):
        tables = [_table(spec) for spec in registered_tables() if not spec.name.startswith("test_")]
    return _INTRO + "\n" + "\n\n".join(tables) + "\n"


if __name__ == "__main__":
    print(columns_markdown(), end="")
