"""PRC administrative divisions (province > city > county > town) with their NBS codes.

Provinces, cities and counties are read at once (3,351 rows); the 41,352 township-level
divisions (乡, 镇, 街道 ...) only when a town is asked for (see :mod:`.towns`).

>>> regions = Regions.load()
>>> d = regions.parse("滨州市沾化区")
>>> (d.code, d.name, d.province, d.city)
('371603', '沾化区', '山东省', '滨州市')
>>> regions.parse("371603").full_name
'山东省滨州市沾化区'

:meth:`Regions.locate` finds the one division a name or code means, near a home division:

>>> zhanhua = regions.parse("沾化区")
>>> regions.locate("古城镇", near=zhanhua).full_name
'山东省滨州市沾化区古城镇'
>>> regions.locate("371603002").full_name
'山东省滨州市沾化区富源街道'
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from graph.errors import AmbiguousName
from loaders.gazetteers.abbreviations import strip_province
from loaders.gazetteers.towns import Towns

__all__ = ["PSEUDO_CITIES", "Division", "Regions"]

_HERE = Path(__file__).resolve().parent

PSEUDO_CITIES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
"""City-level rows that are no city (the counties of a municipality, a province's own)."""

_MAX_LENGTH = 64
"""No division's full name is longer; a longer text names none (and is not searched)."""

_ORDER = {"province": 0, "city": 1, "county": 2, "town": 3}


@dataclass(frozen=True)
class Division:
    """One division: its NBS code, name, level and the names of the divisions above it."""

    code: str
    name: str
    level: str
    """province, city, county or town."""
    province: str
    city: str | None = None
    parent_code: str | None = None
    county: str | None = None
    """The county's name, for a town."""

    @property
    def full_name(self) -> str:
        """The names from the province down (``山东省滨州市沾化区富源街道``).

        >>> town = Division("371603002", "富源街道", "town", "山东省", "滨州市", "371603", "沾化区")
        >>> town.full_name
        '山东省滨州市沾化区富源街道'
        """
        parts = [self.province]
        if self.city and self.city not in PSEUDO_CITIES and self.level != "province":
            parts.append(self.city)
        if self.level == "county":
            parts.append(self.name)
        if self.level == "town" and self.county:
            parts += [self.county, self.name]
        return "".join(dict.fromkeys(parts))


class Regions:
    """Lookup of divisions by code and by name.

    Parameters
    ----------
    divisions
        The provinces, cities and counties (``by_code`` holds exactly these).
    folder
        Where ``streets.csv.gz`` is read from, the first time a town is asked for.
    """

    def __init__(self, divisions: list[Division], *, folder: Path = _HERE) -> None:
        self.by_code = {d.code: d for d in divisions}
        self._folder = folder
        self._towns: Towns | None = None
        self._by_name: dict[str, list[Division]] = {}
        self._forms: dict[str, list[tuple[str, Division]]] = {}
        for d in divisions:
            for name in {d.name, strip_province(d.name) if d.level == "province" else d.name}:
                self._by_name.setdefault(name, []).append(d)
            if d.level == "city" and d.name in PSEUDO_CITIES:
                continue
            for form in sorted({d.name, _short(d)}):
                if len(form) >= 2:
                    self._forms.setdefault(form[0], []).append((form, d))

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
        return cls(divisions, folder=folder)

    @property
    def towns(self) -> Towns:
        """The township-level list, read on first use."""
        if self._towns is None:
            self._towns = Towns.load(self._folder)
        return self._towns

    @property
    def towns_loaded(self) -> bool:
        """Whether the township-level list has been read."""
        return self._towns is not None

    def town(self, code: str) -> Division | None:
        """The town with this 9-digit code (reads the town list), else None."""
        name = self.towns.names.get(code) if len(code) == 9 else None
        county = self.by_code.get(code[:6])
        if name is None or county is None:
            return None
        return Division(code, name, "town", county.province, county.city, county.code, county.name)

    def division(self, code: str) -> Division | None:
        """The division with this NBS code at any level (2, 4, 6 or 9 digits), else None."""
        return self.town(code) if len(code) == 9 else self.by_code.get(code)

    def parent(self, division: Division) -> Division | None:
        """The division right above (a pseudo-city such as ``市辖区`` skipped), else None."""
        if division.level == "province":
            return None
        parent = self.by_code.get(division.parent_code or "")
        if parent is None or parent.name in PSEUDO_CITIES:
            parent = self.by_code.get(division.code[:2])
        return parent

    def chain(self, division: Division) -> list[Division]:
        """``division`` and every division above it, up to its province.

        >>> [d.name for d in Regions.load().chain(Regions.load().locate("110105"))]
        ['朝阳区', '北京市']
        """
        chain = [division]
        while (parent := self.parent(chain[-1])) is not None:
            chain.append(parent)
        return chain

    def province_by_short(self, short: str) -> Division | None:
        """The province named ``short`` (``山东``) or in full (``山东省``)."""
        return next((d for d in self._by_name.get(short, []) if d.level == "province"), None)

    def named(self, name: str) -> list[Division]:
        """Every province, city or county with this name (county names repeat)."""
        return list(self._by_name.get(name, []))

    def parse(self, text: str) -> Division | None:
        """The lowest division a region string names: a code, or names from the top down.

        What follows the last name is ignored (``滨州市沾化区人民政府`` names 沾化区). A town
        is found only under its county (``沾化区富源街道``); a town name alone is looked up
        with :meth:`locate`, which knows where the reader is.

        >>> Regions.load().parse("沾化区").full_name
        '山东省滨州市沾化区'
        >>> Regions.load().parse("滨州市沾化区下洼镇").code
        '371603101'
        """
        text = text.strip()
        if text in self.by_code:
            return self.by_code[text]
        if len(text) == 9 and text.isascii() and text.isdigit():
            return self.town(text)
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
            hits.sort(key=lambda h: (-len(h[1]), _ORDER[h[0].level], h[0].code))
            best, form = hits[0]
            rest = rest[len(form) :]
            candidates = [
                d
                for d in self.by_code.values()
                if d.parent_code == best.code
                or (d.level == "county" and d.city == "市辖区" and d.code[:2] == best.code)
            ]
        if best is not None and best.level == "county" and rest and len(rest) <= _MAX_LENGTH:
            towns = [
                d
                for code in self.towns.codes_in(best.code)
                if (d := self.town(code)) is not None and rest.startswith(d.name)
            ]
            if towns:
                best = max(towns, key=lambda d: len(d.name))
        return best

    def matches(self, text: str) -> list[Division]:
        """Every division that ``text`` names whole, at any level, in code order.

        ``text`` is an NBS code (2, 4, 6, 9 or 12 digits; 6 and 12 digits may end in zeros,
        ``371600`` for 滨州市) or names from any level down, each under the one before:
        ``富源街道``, ``沾化区富源街道``, ``山东省滨州市沾化区富源街道``. Provinces and cities may
        drop ``省``/``市`` (``山东``, ``滨州``); counties and towns are written in full
        (``下洼`` is no town: a village or a company could be called that). Spaces are ignored.
        The town list is read only when no province, city or county is named.

        >>> [d.full_name for d in Regions.load().matches("滨州沾化区 下洼镇")]
        ['山东省滨州市沾化区下洼镇']
        >>> [d.code for d in Regions.load().matches("富国街道")]
        ['220403005', '371603001']
        """
        key = "".join(unicodedata.normalize("NFKC", text).split())
        if not key or len(key) > _MAX_LENGTH:
            return []
        if key.isascii():
            division = self.division(code) if (code := self._code(key)) else None
            return [division] if division is not None else []
        found = self._descend(key, None, towns=False) or self._descend(key, None, towns=True)
        return sorted({d.code: d for d in found}.values(), key=lambda d: d.code)

    def locate(self, text: str, *, near: Division | None = None) -> Division | None:
        """The one division ``text`` names (see :meth:`matches`), nearest to ``near`` first.

        The matches inside ``near`` are tried first, then inside each division above it,
        then the whole country; the first scope with any match decides.

        Raises
        ------
        AmbiguousName
            When several divisions match in that scope; the message lists their full names
            and codes.

        >>> regions = Regions.load()
        >>> regions.locate("富国街道", near=regions.parse("371603")).code
        '371603001'
        >>> regions.locate("富国街道")
        Traceback (most recent call last):
        ...
        graph.errors.AmbiguousName: 富国街道 is in several districts: 吉林省辽源市西安区富国街道 (220403005), 山东省滨州市沾化区富国街道 (371603001); write it with the district or city above it (吉林省辽源市西安区富国街道) or give its NBS code
        """  # noqa: E501
        found = self.matches(text)
        if len(found) <= 1:
            return found[0] if found else None
        scopes: list[Division | None] = [*(self.chain(near) if near else []), None]
        narrower: Division | None = None
        for scope in scopes:
            inside = [d for d in found if scope is None or d.code.startswith(scope.code)]
            if len(inside) == 1:
                return inside[0]
            if inside:
                raise _ambiguous(text, inside, scope, narrower)
            narrower = scope
        return None  # not reached: the last scope holds every match

    def _code(self, key: str) -> str | None:
        """The 2/4/6/9-digit code a code text means (``371600`` -> ``3716``), else None."""
        if not key.isdigit() or len(key) not in {2, 4, 6, 9, 12}:
            return None
        code = key
        if len(code) == 12:
            if code[9:] != "000":
                return None  # a village: not in the list
            code = code[:9]
        if len(code) == 9 and code.endswith("000"):
            code = code[:6]
        if len(code) == 6 and code not in self.by_code and code.endswith("00"):
            code = code[:4]
        if len(code) == 4 and code not in self.by_code and code.endswith("00"):
            code = code[:2]
        division = self.by_code.get(code)
        if division is not None and division.name in PSEUDO_CITIES:
            return None
        return code

    def _descend(self, rest: str, within: Division | None, *, towns: bool) -> list[Division]:
        """Divisions below ``within`` (anywhere if None) that ``rest`` names whole."""
        found: list[Division] = []
        for form, d in self._forms.get(rest[0], []):
            if not rest.startswith(form):
                continue
            if within is not None and not (
                d.code.startswith(within.code) and len(d.code) > len(within.code)
            ):
                continue
            if rest == form:
                found.append(d)
            else:
                found += self._descend(rest[len(form) :], d, towns=towns)
        if towns:
            for code in self.towns.codes_named(rest):
                if within is None or code.startswith(within.code):
                    town = self.town(code)
                    if town is not None:
                        found.append(town)
        return found


_PLACES = {"town": "districts", "county": "cities", "city": "provinces"}


def _ambiguous(
    text: str, found: list[Division], scope: Division | None, narrower: Division | None
) -> AmbiguousName:
    levels = {d.level for d in found}
    level = levels.pop() if len(levels) == 1 else ""
    what = f"is in several {_PLACES[level]}" if level in _PLACES else "names several regions"
    if scope is not None:
        what += f" of {scope.full_name}"
    if narrower is not None:
        what += f", none of them in {narrower.full_name}"
    above = "district or city" if level == "town" else "province or city"
    return AmbiguousName(
        text.strip()[:_MAX_LENGTH],
        [f"{d.full_name} ({d.code})" for d in found],
        what=what,
        hint=f"write it with the {above} above it ({found[0].full_name}) or give its NBS code",
    )


def _short(d: Division) -> str:
    if d.level == "province":
        return strip_province(d.name)
    if d.level == "city" and d.name.endswith("市") and len(d.name) > 2:
        return d.name[:-1]
    return d.name
