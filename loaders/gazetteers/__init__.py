"""Gazetteers: universities, academies and institutes, talent programmes, regions and towns.

The lists live next to this module (see ``SOURCES.md`` for where each comes from and its
licence). They serve name resolution only; no entry becomes a graph node unless an
input names it.

>>> g = load_gazetteer()
>>> [e.name for e in g.lookup("河北农大", NodeKind.INSTITUTION)]
['河北农业大学']
>>> g.regions.parse("山东省滨州市沾化区").code
'371603'
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.model import NodeKind, canonical_key
from loaders.gazetteers.abbreviations import abbreviations, relative_forms, strip_province
from loaders.gazetteers.region_records import division_records, region_records
from loaders.gazetteers.regions import Division, Regions
from loaders.gazetteers.towns import Towns

__all__ = [
    "DATA_DIR",
    "Division",
    "Entry",
    "Gazetteer",
    "Regions",
    "Towns",
    "division_records",
    "load_gazetteer",
    "region_records",
    "strip_province",
]

DATA_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Entry:
    """One canonical entity the gazetteers know, with the forms that name it."""

    name: str
    kind: NodeKind
    type: str
    """university, academy, institute, or a talent programme's level."""
    province: str | None = None
    """The province's full name (``山东省``), when the entry belongs to one."""
    aliases: tuple[str, ...] = ()
    """Curated aliases and the rule-made abbreviations."""
    relative: tuple[str, ...] = ()
    """Forms with ``省`` standing for the province (``省农科院``), used inside that province."""
    source: str = ""


@dataclass
class Gazetteer:
    """Entries indexed by every name and alias, per kind."""

    entries: list[Entry]
    regions: Regions
    _index: dict[tuple[NodeKind, str], list[Entry]] = field(default_factory=dict, repr=False)
    _relative: dict[tuple[NodeKind, str], list[Entry]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for name in (entry.name, *entry.aliases):
                bucket = self._index.setdefault((entry.kind, canonical_key(name)), [])
                if entry not in bucket:
                    bucket.append(entry)
            for name in entry.relative:
                self._relative.setdefault((entry.kind, canonical_key(name)), []).append(entry)

    def lookup(self, name: str, kind: NodeKind) -> list[Entry]:
        """Entries of ``kind`` that ``name`` names exactly (full name or alias)."""
        return list(self._index.get((kind, canonical_key(name)), []))

    def lookup_relative(self, name: str, kind: NodeKind, province: str) -> list[Entry]:
        """Entries that a relative form (``省农科院``) names inside ``province``."""
        found = self._relative.get((kind, canonical_key(name)), [])
        return [e for e in found if e.province == province]

    def is_full_name(self, name: str, kind: NodeKind) -> bool:
        """Whether ``name`` is some entry's canonical name (not only an alias)."""
        return any(e.name == name for e in self.lookup(name, kind))

    def surfaces(self, kind: NodeKind) -> Iterator[str]:
        """Every form of ``kind`` worth looking for in a text (names, aliases, relative forms)."""
        for entry in self.entries:
            if entry.kind == kind:
                yield entry.name
                yield from entry.aliases
                yield from entry.relative


def _university_entries(regions: Regions) -> list[Entry]:
    data = json.loads((DATA_DIR / "universities.json").read_text(encoding="utf-8"))
    entries = []
    for province_short, group in data.items():
        province = regions.province_by_short(province_short)
        for name in group["all"]:
            entries.append(
                Entry(
                    name=name,
                    kind=NodeKind.INSTITUTION,
                    type="university",
                    province=province.name if province else None,
                    aliases=tuple(abbreviations(name)),
                    source="universities.json",
                )
            )
    return entries


def _csv_entries(file: str, kind: NodeKind, regions: Regions) -> list[Entry]:
    entries = []
    with (DATA_DIR / file).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            province = regions.province_by_short(row["province"]) if row["province"] else None
            curated = [a for a in row["aliases"].split(";") if a]
            made = abbreviations(row["name"]) if kind == NodeKind.INSTITUTION else []
            relative = relative_forms(row["name"], province.name) if province else []
            entries.append(
                Entry(
                    name=row["name"],
                    kind=kind,
                    type=row.get("type") or row.get("level") or "",
                    province=province.name if province else None,
                    aliases=tuple(dict.fromkeys([*curated, *made])),
                    relative=tuple(relative),
                    source=file,
                )
            )
    return entries


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteers shipped with the package (read once per process)."""
    regions = Regions.load(DATA_DIR)
    entries = _university_entries(regions)
    entries += _csv_entries("institutes.csv", NodeKind.INSTITUTION, regions)
    entries += _csv_entries("talent_programs.csv", NodeKind.TALENT_PROGRAM, regions)
    return Gazetteer(entries=entries, regions=regions)
