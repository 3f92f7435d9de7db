"""Graph records for a division: its Region node and the PART_OF chain up to its province.

Every node's id comes from its NBS code, as a regions table row with a code makes it
(``region:371603002``), so a town made here and a town a regions table makes are one node.
Each carries ``code`` and ``level`` (the regions table's words: province, city, district,
town) and its full name as an alias.

>>> from graph.model import Provenance
>>> from loaders.gazetteers.regions import Regions
>>> regions = Regions.load()
>>> records = region_records(
...     regions, "富源街道", near=regions.parse("沾化区"), provenance=[Provenance(source="x.csv")]
... )
>>> [(r.id, r.properties["level"]) for r in records if isinstance(r, Node)]
[('region:371603002', 'town'), ('region:371603', 'district'), ('region:3716', 'city'), \
('region:37', 'province')]
>>> [(r.source, r.target) for r in records if isinstance(r, Edge)]
[('region:371603002', 'region:371603'), ('region:371603', 'region:3716'), \
('region:3716', 'region:37')]
>>> region_records(regions, "达民化工", provenance=[Provenance(source="x.csv")])
[]
"""

from __future__ import annotations

from itertools import pairwise

from graph.model import Edge, EdgeKind, Node, NodeKind, Provenance
from loaders.gazetteers.regions import Division, Regions

__all__ = ["REGION_LEVELS", "division_records", "region_records"]

REGION_LEVELS = {"province": "province", "city": "city", "county": "district", "town": "town"}
"""A division's level -> the ``level`` property of its node (the regions table's words)."""


def division_records(
    regions: Regions, division: Division, *, provenance: list[Provenance]
) -> list[Node | Edge]:
    """The Region nodes of ``division`` and of each division above it, then the PART_OF edges.

    The first record is ``division``'s own node; the nodes run up to the province (a
    municipality's ``市辖区`` is skipped: 朝阳区 is PART_OF 北京市), the edges child to parent.
    """
    nodes = [
        Node.create(
            NodeKind.REGION,
            d.name,
            key=d.code,
            aliases=[d.full_name] if d.full_name != d.name else [],
            properties={"code": d.code, "level": REGION_LEVELS[d.level]},
            provenance=provenance,
        )
        for d in regions.chain(division)
    ]
    edges = [
        Edge(kind=EdgeKind.PART_OF, source=child.id, target=parent.id, provenance=provenance)
        for child, parent in pairwise(nodes)
    ]
    return [*nodes, *edges]


def region_records(
    regions: Regions,
    surface: str,
    *,
    near: Division | None = None,
    provenance: list[Provenance],
) -> list[Node | Edge]:
    """The records of the division ``surface`` names (see :meth:`Regions.locate`), else ``[]``.

    Parameters
    ----------
    regions
        The divisions (``load_gazetteer().regions``).
    surface
        A name (``富源街道``, ``沾化区富源街道``, ``滨州市``) or an NBS code (``371603002``).
    near
        The reader's own division: a name found in several places is taken from here first,
        then from each division above it.
    provenance
        Given to every node and edge.

    Returns
    -------
    list of Node and Edge
        As :func:`division_records`; empty when the gazetteer knows no such division (the
        caller keeps a plain Region node of its own, as for any name).

    Raises
    ------
    AmbiguousName
        When several divisions have that name in the nearest scope that has any; the
        message lists them with their full names and codes.
    """
    division = regions.locate(surface, near=near)
    if division is None:
        return []
    return division_records(regions, division, provenance=provenance)
