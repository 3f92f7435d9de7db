"""Reading a table's header: which rows hold it, which column each cell names, and which
table kinds it fits.

A header is a row, or a group row over its sub-headers (``2022年`` merged over the columns of
that year); :func:`best_header` picks the reading among the first rows that names most
columns of the kinds considered.

>>> header = best_header(registered_tables(), [(1, ["沾化区企业名录"]), (2, ["企业名称", "规上"])])
>>> header.rows, [s.name for s in kinds_for(header)]
((2,), ['enterprises'])
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.tables.cells import is_blank
from loaders.tables.columns import Column
from loaders.tables.layout import split_year
from loaders.tables.registry import registered_tables
from loaders.tables.specs import TableSpec

__all__ = [
    "HEADER_SEARCH",
    "PURE_YEAR",
    "Header",
    "best_header",
    "has_year_column",
    "kinds_for",
    "match_header",
    "table_for_name",
]

HEADER_SEARCH = 10
"""How many filled rows from the top may hold the header."""
PURE_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年?度?\s*$")
"""A cell that is a year and nothing else (``2022年``): a group over its year's columns."""


@dataclass
class Header:
    """One reading of a header: the text of each position, and the years of its groups."""

    rows: tuple[int, ...]
    texts: dict[int, str]
    group_years: dict[int, int]


def _name_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "_" + re.sub(r"[^\w]+|_+", "_", text).strip("_") + "_"


def table_for_name(name: str) -> TableSpec | None:
    """The table kind a file stem or sheet name means, if any.

    >>> table_for_name("talent_applications_2021").name
    'talent_applications'
    >>> table_for_name("沾化区企业技术需求").name
    'needs'
    >>> table_for_name("Sheet1") is None
    True
    """
    key = _name_key(name)
    best: tuple[int, int] = (-1, -1)
    found: TableSpec | None = None
    for spec in registered_tables():
        for surface in (spec.name, *spec.aliases):
            wanted = _name_key(surface) if surface.isascii() else _name_key(surface).strip("_")
            at = key.rfind(wanted)
            # the name that ends last wins (the head noun: 企业技术需求 is needs,
            # enterprise_indicators is indicators), then the longest
            score = (at + len(wanted), len(wanted))
            if at >= 0 and score > best:
                best, found = score, spec
    return found


def has_year_column(spec: TableSpec) -> bool:
    return any(column.name == "year" for column in spec.columns)


def match_header(spec: TableSpec, text: str) -> tuple[Column | None, int | None]:
    """The column a header names, and the year written in it (``2022年营业收入``)."""
    column = spec.column_for_header(text)
    if column is not None:
        return column, None
    year, rest = split_year(text)
    if year is not None and rest:
        column = spec.column_for_header(rest)
        if column is not None and column.name != "year":
            return column, year
    return None, None


def known_columns(spec: TableSpec, header: Header) -> set[str]:
    known: set[str] = set()
    years = False
    for position, text in header.texts.items():
        column, year = match_header(spec, text)
        if column is not None:
            known.add(column.name)
            years = years or year is not None or position in header.group_years
    if years and has_year_column(spec):
        known.add("year")
    return known


def single_row(number: int, cells: Sequence[object]) -> Header:
    texts = {p: str(c).strip() for p, c in enumerate(cells) if not is_blank(c)}
    return Header(rows=(number,), texts=texts, group_years={})


def combined_rows(group: tuple[int, Sequence[object]], sub: tuple[int, Sequence[object]]) -> Header:
    """A group row over a sub-header row; a group's year applies to the cells under it.

    Merged cells arrive as a value in the first cell and blanks after it, so a year cell
    covers the blank group cells to its right that have a sub-header; a cell with no
    sub-header under it (merged down over both rows) is read from the group row.
    """
    (first, upper), (second, lower) = group, sub
    texts: dict[int, str] = {}
    years: dict[int, int] = {}
    current: int | None = None
    for position in range(max(len(upper), len(lower))):
        above = upper[position] if position < len(upper) else None
        below = lower[position] if position < len(lower) else None
        if not is_blank(above):
            matched = PURE_YEAR.match(unicodedata.normalize("NFKC", str(above)))
            current = int(matched.group(1)) if matched else None
        if not is_blank(below):
            texts[position] = str(below).strip()
            if current is not None:
                years[position] = current
        elif not is_blank(above):
            texts[position] = str(above).strip()
            current = None
    return Header(rows=(first, second), texts=texts, group_years=years)


def best_header(specs: Sequence[TableSpec], filled: list[tuple[int, list[object]]]) -> Header:
    """The header naming most columns among the first rows (the first such row wins).

    A group row over a sub-header row is taken only when the pair names more columns than
    either row alone.
    """
    candidates = filled[:HEADER_SEARCH]
    singles = [single_row(number, cells) for number, cells in candidates]
    scores = [max(len(known_columns(spec, h)) for spec in specs) for h in singles]
    best, best_score = singles[0], scores[0]
    for i, header in enumerate(singles):
        if scores[i] > best_score:
            best, best_score = header, scores[i]
        if i + 1 < len(candidates) and candidates[i + 1][0] == candidates[i][0] + 1:
            pair = combined_rows(candidates[i], candidates[i + 1])
            score = max(len(known_columns(spec, pair)) for spec in specs)
            if score > max(scores[i], scores[i + 1], best_score):
                best, best_score = pair, score
    return best


def kinds_for(header: Header) -> list[TableSpec]:
    scored = []
    for spec in registered_tables():
        known = known_columns(spec, header)
        if all(column.name in known for column in spec.required):
            scored.append((len(known), spec))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    return [spec for score, spec in scored if score == best]
