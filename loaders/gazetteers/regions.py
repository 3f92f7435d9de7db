"""PRC administrative divisions (province > city > county) with their NBS codes.

>>> regions = Regions.load()
>>> d = regions.parse("滨州市沾化区")
>>> (d.code, d.name, d.province, d.city)
('371603', '沾化区', '山东省', '滨州市')
>>> regions.parse("371603").full_name
'山东省滨州市沾化区'
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from loaders.gazetteers.abbreviations import strip_province

__all__ = ["Division", "Regions"]

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Division:
    """One division: its NBS code, name, level and the names of the divisions above it."""

    code: str
    name: str
    level: str
    """province, city or county."""
    province: str
    city: str | None = None
    parent_code: str | None = None

    @property
    def full_name(self) -> str:
        """Province, city and county names joined (``山东省滨州市沾化区``)."""
        parts = [self.province]
        if self.city and self.city != "市辖区" and self.level != "province":
            parts.append(self.city)
        if self.level == "county":
            parts.append(self.name)
        return "".join(dict.fromkeys(parts))


class Regions:
    """Lookup of divisions by code and by name."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self._by_name: dict[str, list[Division]] = {}
        for d in divisions:
            for name in {d.name, strip_province(d.name) if d.level == "province" else d.name}:
                self._by_name.setdefault(name, []).append(d)

    @classmethod
    def load(cls, folder: Path = _HERE) -> Regions:
        """Read ``provinces.csv``, ``cities.csv`` and ``areas.csv`` from ``folder``."""

        def rows(file: str) -> list[dict[str, str]]:
            with (folder / file).open(encoding="utf-8", newline="") as handle:
                return list(csv.DictReader(handle))

        provinces = {r["code"]: r["name"] for r in rows("provinces.csv")}
        cities = {r["code"]: (r["name"], r["provinceCode"]) for r in rows("cities.csv")}
        divisions = [Division(code, name, "province", name) for code, name in provinces.items()]
        divisions += [
            Division(code, name, "city", provinces[p], name, p)
            for code, (name, p) in cities.items()
        ]
        for r in rows("areas.csv"):
            city_name = cities[r["cityCode"]][0] if r["cityCode"] in cities else None
            divisions.append(
                Division(
                    r["code"],
                    r["name"],
                    "county",
                    provinces[r["provinceCode"]],
                    city_name,
                    r["cityCode"],
                )
            )
        return cls(divisions)

    def province_by_short(self, short: str) -> Division | None:
        """The province named ``short`` (``山东``) or in full (``山东省``)."""
        return next((d for d in self._by_name.get(short, []) if d.level == "province"), None)

    def named(self, name: str) -> list[Division]:
        """Every division with this name (county names repeat across provinces)."""
        return list(self._by_name.get(name, []))

    def parse(self, text: str) -> Division | None:
        """The lowest division a region string names: a code, or names from the top down.

        >>> Regions.load().parse("沾化区").full_name
        '山东省滨州市沾化区'
        """
        text = text.strip()
        if text in self.by_code:
            return self.by_code[text]
        levels = {"province": 0, "city": 1, "county": 2}
        best: Division | None = None
        rest = text
        candidates = list(self.by_code.values())
        while rest and candidates:
            hits = [
                (d, form)
                for d in candidates
                for form in {d.name, _short(d)}
                if len(form) >= 2 and rest.startswith(form)
            ]
            if not hits:
                break
            hits.sort(key=lambda h: (-len(h[1]), levels[h[0].level], h[0].code))
            best, form = hits[0]
            rest = rest[len(form) :]
            candidates = [
                d
                for d in self.by_code.values()
                if d.parent_code == best.code
                or (d.level == "county" and d.city == "市辖区" and d.code[:2] == best.code)
            ]
        return best


def _short(d: Division) -> str:
    if d.level == "province":
        return strip_province(d.name)
    if d.level == "city" and d.name.endswith("市") and len(d.name) > 2:
        return d.name[:-1]
    return d.name
