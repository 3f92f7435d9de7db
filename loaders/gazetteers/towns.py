"""PRC township-level divisions (乡, 镇, 街道 ...) by 9-digit NBS code and by name.

The list (``streets.csv.gz``, 41,352 rows) is read only when a town is asked for: a
:class:`~loaders.gazetteers.regions.Regions` reads it the first time a name is not a
province, city or county, or a 9-digit code is given. It is kept as plain strings (codes
and names); :meth:`Regions.town <loaders.gazetteers.regions.Regions.town>` makes the
:class:`~loaders.gazetteers.regions.Division` of a code when asked.

>>> towns = Towns.load()
>>> towns.names["371603002"]
'富源街道'
>>> towns.codes_named("下洼镇")
['150430105', '371603101', '411327110']
>>> towns.codes_named("下洼")
[]
"""

from __future__ import annotations

import bisect
import csv
import gzip
from pathlib import Path

__all__ = ["TOWNS_FILE", "Towns"]

TOWNS_FILE = "streets.csv.gz"
"""The township-level list next to this module (see ``SOURCES.md``)."""

_HERE = Path(__file__).resolve().parent


class Towns:
    """Township-level names by code, and codes by name.

    Parameters
    ----------
    names
        Town name by 9-digit code; the first six digits are the county's code.
    """

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self._codes = sorted(names)
        self._by_name: dict[str, list[str]] = {}
        for code, name in names.items():
            self._by_name.setdefault(name, []).append(code)

    @classmethod
    def load(cls, folder: Path = _HERE) -> Towns:
        """Read ``streets.csv.gz`` (columns ``code,name,...``) from ``folder``."""
        with gzip.open(folder / TOWNS_FILE, "rt", encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            names = {row[0]: row[1] for row in reader if len(row) >= 2}
        return cls(names)

    def __len__(self) -> int:
        return len(self.names)

    def codes_named(self, name: str) -> list[str]:
        """The codes of every town called exactly ``name``, in code order.

        >>> Towns({"371603002": "富源街道", "110101001": "东华门街道"}).codes_named("富源街道")
        ['371603002']
        """
        return sorted(self._by_name.get(name, []))

    def codes_in(self, prefix: str) -> list[str]:
        """The codes of the towns under the division coded ``prefix`` (``371603``), in order.

        >>> Towns({"371603002": "富源街道", "371603001": "富国街道", "371602001": "市中街道"}
        ...       ).codes_in("371603")
        ['371603001', '371603002']
        """
        start = bisect.bisect_left(self._codes, prefix)
        end = bisect.bisect_left(self._codes, prefix + ":")  # ":" sorts right after "9"
        return self._codes[start:end]
