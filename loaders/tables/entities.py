"""The one row -> entity builder every table kind that makes entities uses, the edges it can
add, and the columns those tables share.

:func:`entity_builder` makes the row's own node (its name, key, aliases and property
columns) and then the edges its ``edges`` functions give for that node:

>>> from graph.model import Provenance
>>> columns = (name_column(), aliases_column(), industry_column())
>>> build = entity_builder(NodeKind.PLATFORM, edges=(links,))
>>> row = Row(columns, number=2, values={"name": "冬枣研究院", "aliases": ["枣研院"]},
...           refs={}, provenance=Provenance(source="platforms.csv", locator="row 2"))
>>> [(type(r).__name__, r.name, r.aliases) for r in build(row)]
[('Node', '冬枣研究院', ['枣研院'])]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from graph.i18n import N_, _
from graph.model import Edge, EdgeKind, Node, NodeKind, PropertyValue
from loaders.tables.cells import CellError
from loaders.tables.columns import Column
from loaders.tables.rows import Row, RowBuilder

__all__ = [
    "LEVEL_CHOICES",
    "PARTY",
    "STATUS_CHOICES",
    "EdgeMaker",
    "KeyMaker",
    "aliases_column",
    "edge_from",
    "edges_to",
    "entity_builder",
    "industry_column",
    "key_column",
    "key_under",
    "links",
    "located_in",
    "name_column",
    "part_of",
    "region_column",
]

EdgeMaker = Callable[[Row, Node], Iterable[Edge]]
"""The edges a row gives its node (industries, region, owner...)."""

KeyMaker = Callable[[Row], str | None]
"""The key that makes the node's id (a credit code, an NBS code), or None: the name does."""

PARTY = (NodeKind.ENTERPRISE, NodeKind.INSTITUTION)
"""What a lead, owner or member column may name."""

LEVEL_CHOICES = {
    **dict.fromkeys(("national", "国家", "国家级", "中央"), "national"),
    **dict.fromkeys(("provincial", "province", "省", "省级"), "provincial"),
    **dict.fromkeys(("municipal", "city", "市", "市级"), "municipal"),
    **dict.fromkeys(("district", "county", "区", "区级", "县", "县级", "区县"), "district"),
}
"""Administrative level of a programme, policy, platform or community."""

STATUS_CHOICES = {
    **dict.fromkeys(("planned", "to build", "计划", "拟建", "培育", "筹建"), "planned"),
    **dict.fromkeys(("applying", "to apply", "拟申报", "申报中", "已申报"), "applying"),
    **dict.fromkeys(("established", "已建", "已建成", "已认定", "运行", "运行中"), "established"),
    **dict.fromkeys(("closed", "撤销", "关闭", "停止"), "closed"),
}
"""Life stage of a platform or community."""


def entity_builder(
    kind: NodeKind,
    *,
    name: str = "name",
    key: KeyMaker | None = None,
    edges: Iterable[EdgeMaker] = (),
    owner: str | None = None,
) -> RowBuilder:
    """The builder of a table whose rows each make one node of ``kind``, then its edges.

    The node is named by column ``name``, carries the ``aliases`` column and the row's
    property columns, and takes its id from ``key`` when that gives one. With ``owner``,
    a row whose ``owner`` reference is blank makes nothing (a need without its enterprise).
    """
    makers = tuple(edges)

    def build(row: Row) -> Iterator[Node | Edge]:
        if owner is not None and row.ref(owner) is None:
            return
        node = row.node(
            kind,
            row.text(name) or "",
            key=key(row) if key is not None else None,
            aliases=row.items("aliases"),
            properties=row.properties(),
        )
        yield node
        for make in makers:
            yield from make(row, node)

    return build


def key_column(column: str) -> KeyMaker:
    """The key is the value of ``column`` (a credit code, an NBS code), when given."""

    def key(row: Row) -> str | None:
        return row.text(column)

    return key


def key_under(owner: str, *, unless: str | None = None) -> KeyMaker:
    """The key ``<owner's name>/<title>`` (titles are unique per owner only), or ``unless``'s
    value when the row gives one (a patent number)."""

    def key(row: Row) -> str:
        given = row.text(unless) if unless is not None else None
        ref = row.ref(owner)
        return given or f"{ref.name if ref is not None else ''}/{row.text('title') or ''}"

    return key


def located_in(*columns: str) -> EdgeMaker:
    """LOCATED_IN the region of the first of ``columns`` that names one."""

    def make(row: Row, node: Node) -> Iterator[Edge]:
        for column in columns:
            region = row.ref(column)
            if region is not None:
                yield row.edge(EdgeKind.LOCATED_IN, node, region)
                return

    return make


def links(row: Row, node: Node) -> Iterator[Edge]:
    """IN_INDUSTRY edges for the ``industry`` column, LOCATED_IN for the ``region`` column."""
    for industry in row.refs_of("industry"):
        yield row.edge(EdgeKind.IN_INDUSTRY, node, industry)
    yield from located_in("region")(row, node)


def edge_from(
    column: str, kind: EdgeKind, properties: Mapping[str, PropertyValue] | None = None
) -> EdgeMaker:
    """An edge of ``kind`` from the node ``column`` names to the row's node (owner OWNS it)."""

    def make(row: Row, node: Node) -> Iterator[Edge]:
        source = row.ref(column)
        if source is not None:
            yield row.edge(kind, source, node, properties=properties)

    return make


def edges_to(column: str, kind: EdgeKind) -> EdgeMaker:
    """An edge of ``kind`` from the row's node to each node the list ``column`` names."""

    def make(row: Row, node: Node) -> Iterator[Edge]:
        for target in row.refs_of(column):
            yield row.edge(kind, node, target)

    return make


def part_of(column: str) -> EdgeMaker:
    """PART_OF the region ``column`` names; a region part of itself rejects the row."""

    def make(row: Row, node: Node) -> Iterator[Edge]:
        parent = row.ref(column)
        if parent is not None:
            if parent.id == node.id:
                raise CellError(_("地区“{name}”不能是自己的一部分").format(name=node.name))
            yield row.edge(EdgeKind.PART_OF, node, parent)

    return make


def name_column(*aliases: str, doc: str = "") -> Column:
    """The required name of the row's own node (its canonical name, not a property)."""
    return Column("name", "name", required=True, as_property=False, aliases=aliases, doc=doc)


def aliases_column() -> Column:
    """Other names of the row's node (short names, former names)."""
    return Column(
        "aliases",
        "list",
        aliases=("别名", "简称", "曾用名", "其他名称"),
        as_property=False,
        doc=N_("其他名称，用 `|` `;` `；` `、` 分隔"),
    )


REGION_HEADERS = (
    "地区",
    "所在地",
    "所在地区",
    "区县",
    "所属区县",
    "所属乡镇",
    "所在乡镇",
    "乡镇",
    "街道",
    "乡镇街道",
    "乡镇(街道)",
    "所属乡镇(街道)",
    "所在乡镇(街道)",
    "所属镇街",
    "镇街",
    "所属街道",
    "所属区域",
    "所在区域",
)
"""Headers of a region column: a county, or a town or street (乡/镇/街道) of the district."""


def region_column(
    name: str = "region", *aliases: str, doc: str = "region name or NBS code (LOCATED_IN)"
) -> Column:
    """A region the row's node lies in: a name or an NBS code; a new name makes a Region."""
    return Column(
        name,
        "name",
        ref=(NodeKind.REGION,),
        create=True,
        aliases=aliases or REGION_HEADERS,
        doc=doc,
    )


def industry_column(name: str = "industry") -> Column:
    """Industries of the row's node; a new name makes an Industry node."""
    return Column(
        name,
        "list",
        ref=(NodeKind.INDUSTRY,),
        create=True,
        aliases=(
            "行业",
            "产业",
            "所属行业",
            "所属产业",
            "领域",
            "industries",
            "行业类别",
            "行业分类",
            "所属领域",
            "技术领域",
            "主营行业",
            "行业门类",
            "产业领域",
            "所属产业链",
        ),
        doc=N_("所属产业名称（IN_INDUSTRY）"),
    )
