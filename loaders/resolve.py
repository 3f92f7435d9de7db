"""Names -> canonical entities, every decision explained.

A :class:`Resolver` answers, for a surface form and a kind, which entity it names, by which
rule and with what score. The rules, tried in order:

``exact`` / ``alias``
    the name or an alias of a node created earlier in this load or already in the store;
``gazetteer`` / ``abbreviation``
    a full name or a rule-made abbreviation in the gazetteers (``河北农大`` ->
    ``河北农业大学``); several candidates are told apart by the document's province;
``region``
    ``省``/``市``/``区``/``县`` standing for the document's own region
    (``省农科院`` in a Shandong document -> ``山东省农业科学院``);
``gazetteer`` for regions
    a Region is looked up in the national division list down to towns (a name, names
    with their parents such as ``沾化区富源街道``, or an NBS code), nearest to ``region``
    first; its node is the one whose id has that code (``region:371603002``). A name
    several divisions share in that scope is ``ambiguous``, with the candidates;
``fuzzy``
    the closest known name by rapidfuzz ``ratio`` at or above the threshold;
``new``
    nothing matched: a new entity named by its surface, never dropped.

When the answer is a gazetteer entry not yet in the graph, ``node_id`` is None and
``name`` is the canonical name: the caller creates the node (see :meth:`Resolver.entity`)
with the surface as an alias.

>>> r = Resolver(region="山东省滨州市沾化区")
>>> res = r.resolve("省农科院", NodeKind.INSTITUTION)
>>> (res.name, res.rule)
('山东省农业科学院', 'region')
>>> r.resolve("河北农大", NodeKind.INSTITUTION).name
'河北农业大学'
>>> r.resolve("达民化工", NodeKind.ENTERPRISE).rule
'new'
>>> res = r.resolve("古城镇", NodeKind.REGION)
>>> (res.name, res.rule, res.properties["code"])
('古城镇', 'gazetteer', '371603102')

A Region the gazetteer knows becomes its node and the chain above it with
:meth:`Resolver.region_records`.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from graph.errors import AmbiguousName
from graph.model import Edge, Node, NodeKind, PropertyValue, Provenance, canonical_key, node_id
from graph.stores.base import GraphStore
from loaders.gazetteers import Division, Entry, Gazetteer, load_gazetteer
from loaders.gazetteers.region_records import REGION_LEVELS, region_records

__all__ = ["FUZZY_THRESHOLD", "Resolution", "Resolver", "expand_abbreviation"]

FUZZY_THRESHOLD = 90.0
"""Minimum rapidfuzz ``ratio`` (0-100) for a fuzzy match."""

# Abbreviations with one full form; "科大" (科技大学 or 科学技术大学) is not among them.
_EXPANSIONS = (
    ("农科院", "农业科学院"),
    ("林科院", "林业科学研究院"),
    ("农大", "农业大学"),
    ("师大", "师范大学"),
    ("医大", "医科大学"),
    ("工大", "工业大学"),
    ("交大", "交通大学"),
    ("财大", "财经大学"),
    ("理工大", "理工大学"),
    ("科技大", "科技大学"),
)


def expand_abbreviation(name: str) -> str:
    """The full form of an institution name ending in an unambiguous abbreviation.

    >>> expand_abbreviation("潍坊市农科院")
    '潍坊市农业科学院'
    >>> expand_abbreviation("河北农业大学")
    '河北农业大学'
    """
    for short, full in _EXPANSIONS:
        if name.endswith(short) and len(name) > len(short):
            return name[: -len(short)] + full
    return name


_GAZETTEER_KINDS = frozenset({NodeKind.INSTITUTION, NodeKind.TALENT_PROGRAM})
_RELATIVE_PREFIXES = ("省", "市", "区", "县")


class Resolution(BaseModel):
    """The answer for one surface form: the node it names (or None), the rule and a score."""

    surface: str
    node_id: str | None
    name: str
    rule: str
    score: float = 1.0
    aliases: list[str] = Field(default_factory=list)
    """Names the node should carry besides ``name`` (the surface, gazetteer abbreviations)."""
    properties: dict[str, PropertyValue] = Field(default_factory=dict)
    candidates: list[str] = Field(default_factory=list)
    """Canonical names that were considered and not chosen (ambiguous or fuzzy answers)."""

    @property
    def is_new(self) -> bool:
        """True when no node exists yet: the caller creates one named ``name``."""
        return self.node_id is None

    def explain(self) -> str:
        """One line: surface, answer, rule and score."""
        return f"{self.surface} -> {self.name} ({self.rule}, {self.score:.2f})"


class Resolver:
    """Resolve surface forms against a store, the records of the load and the gazetteers."""

    def __init__(
        self,
        store: GraphStore | None = None,
        *,
        region: str | None = None,
        gazetteer: Gazetteer | None = None,
        fuzzy_threshold: float = FUZZY_THRESHOLD,
    ) -> None:
        self.store = store
        self._region = region
        self.fuzzy_threshold = fuzzy_threshold
        self._gazetteer = gazetteer
        self._known: dict[tuple[NodeKind, str], Node] = {}
        self._by_id: dict[str, Node] = {}
        self._names: dict[NodeKind, list[str]] = {}
        self._by_length: dict[tuple[NodeKind, int], list[str]] = {}
        self._gazetteer_choices: dict[NodeKind, dict[int, list[str]]] = {}
        self._clipped: dict[NodeKind, dict[str, list[str]]] = {}
        self._division: Division | None = None
        self._division_parsed = False

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteers (loaded on first use)."""
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    @property
    def region(self) -> str | None:
        """The region names are read in (``山东省滨州市沾化区``); setting it re-reads it."""
        return self._region

    @region.setter
    def region(self, value: str | None) -> None:
        self._region = value
        self._division_parsed = False

    @property
    def division(self) -> Division | None:
        """The administrative division ``region`` names, if it names one."""
        if not self._division_parsed:
            self._division = self.gazetteer.regions.parse(self.region) if self.region else None
            self._division_parsed = True
        return self._division

    def add(self, node: Node) -> None:
        """Make a node created in this load resolvable by its name and aliases."""
        self._by_id.setdefault(node.id, node)
        for name in node.names:
            key = (node.kind, canonical_key(name))
            if key not in self._known:
                self._known[key] = node
                self._names.setdefault(node.kind, []).append(key[1])
                self._by_length.setdefault((node.kind, len(key[1])), []).append(key[1])

    def known_names(self, kind: NodeKind) -> list[str]:
        """Every name and alias (as `canonical_key`) of the nodes of ``kind`` added so far."""
        return list(self._names.get(kind, []))

    def _existing(self, name: str, kind: NodeKind) -> Node | None:
        known = self._known.get((kind, canonical_key(name)))
        if known is not None:
            return known
        if self.store is not None:
            for node in self.store.lookup(name, kind=kind):
                self.add(node)
                return node
        return None

    def resolve(self, surface: str, kind: NodeKind) -> Resolution:
        """The node ``surface`` names among ``kind``; ``node_id`` is None if none exists yet."""
        surface = surface.strip()
        if surface.startswith(_RELATIVE_PREFIXES) and self.division is not None:
            # 省农科院 means another academy in another province: the region decides first
            found = self._from_region(surface, kind)
            if found is not None and found.rule == "region" and found.score >= 0.9:
                return found
        located = self._from_regions(surface) if kind == NodeKind.REGION else None
        if located is not None and located.node_id is not None:
            return located
        node = self._existing(surface, kind)
        if node is not None:
            rule = "exact" if canonical_key(node.name) == canonical_key(surface) else "alias"
            return self._answer(surface, node, rule, 1.0)
        if located is not None:
            return located
        if kind in _GAZETTEER_KINDS:
            found = self._from_gazetteer(surface, kind)
            if found is not None:
                return found
        if surface.startswith(_RELATIVE_PREFIXES) and self.division is not None:
            found = self._from_region(surface, kind)
            if found is not None:
                return found
        if kind == NodeKind.INSTITUTION:
            found = self._subunit(surface)
            if found is not None:
                return found
        found = self._fuzzy(surface, kind)
        if found is not None:
            return found
        if kind == NodeKind.INSTITUTION:
            full = expand_abbreviation(surface)
            if full != surface:
                answer = self.resolve(full, kind)
                answer.surface = surface
                if answer.rule == "new":
                    answer.rule, answer.score = "expansion", 0.7
                return answer
        return Resolution(surface=surface, node_id=None, name=surface, rule="new", score=0.0)

    def resolve_first(self, surfaces: list[str], kind: NodeKind) -> Resolution:
        """Resolve the first of several forms of one name that resolves (else the first)."""
        answers = [self.resolve(s, kind) for s in dict.fromkeys(surfaces)]
        for answer in answers:
            if answer.rule != "new":
                return answer
        return answers[0]

    def region_records(self, surface: str, *, provenance: list[Provenance]) -> list[Node | Edge]:
        """The Region node ``surface`` names in the gazetteer, the nodes above it, PART_OF edges.

        ``surface`` is a division's name or NBS code at any level down to towns
        (``富源街道``, ``沾化区富源街道``, ``371603002``), looked up in this resolver's
        ``division`` first, then in each division above it, then in the whole country.

        Parameters
        ----------
        surface
            The region as a table or text writes it.
        provenance
            Given to every node and edge.

        Returns
        -------
        list of Node and Edge
            The division's own node first (id ``region:<code>``, properties ``code`` and
            ``level``), then the nodes above it up to the province, then the PART_OF edges
            child to parent; ``[]`` when the gazetteer knows no such name or code. The
            nodes are not added to this resolver: the caller adds what it keeps.

        Raises
        ------
        AmbiguousName
            When several divisions have that name in the nearest scope that has any.

        Examples
        --------
        >>> r = Resolver(region="山东省滨州市沾化区")
        >>> records = r.region_records("下洼镇", provenance=[Provenance(source="t.csv")])
        >>> [(type(x).__name__, x.id) for x in records][:2]
        [('Node', 'region:371603101'), ('Node', 'region:371603')]
        >>> r.region_records("沾化经济开发区", provenance=[Provenance(source="t.csv")])
        []
        """
        return region_records(
            self.gazetteer.regions, surface, near=self.division, provenance=provenance
        )

    def entity(
        self,
        surfaces: list[str],
        kind: NodeKind,
        *,
        provenance: list[Provenance],
        properties: dict[str, PropertyValue] | None = None,
    ) -> tuple[Node, Resolution]:
        """The node the surfaces name (a new one if none), carrying them all as aliases.

        The node is added to this resolver, so later mentions resolve to it.
        """
        res = self.resolve_first(surfaces, kind)
        aliases = [s for s in [*surfaces, *res.aliases] if s != res.name]
        props = {**res.properties, **(properties or {})}
        if res.node_id is not None:
            node = Node(
                id=res.node_id,
                kind=kind,
                name=res.name,
                aliases=aliases,
                properties=props,
                provenance=provenance,
            )
        else:
            code = res.properties.get("code") if kind == NodeKind.REGION else None
            node = Node.create(
                kind,
                res.name,
                key=code if isinstance(code, str) else None,
                aliases=aliases,
                properties=props,
                provenance=provenance,
            )
        self.add(node)
        return node, res

    def _by_id_node(self, wanted: str) -> Node | None:
        node = self._by_id.get(wanted)
        if node is None and self.store is not None:
            node = self.store.get_nodes([wanted]).get(wanted)
            if node is not None:
                self.add(node)
        return node

    def _from_regions(self, surface: str) -> Resolution | None:
        """The division ``surface`` names near ``division``: its node, else a new answer."""
        regions = self.gazetteer.regions
        try:
            division = regions.locate(surface, near=self.division)
        except AmbiguousName as exc:
            # The load or the store may hold just one of them: a regions table said which.
            nodes = [
                known
                for d in regions.matches(surface)
                if (known := self._by_id_node(node_id(NodeKind.REGION, key=d.code)))
            ]
            if len(nodes) == 1:
                return self._answer(surface, nodes[0], _region_rule(nodes[0], surface), 1.0)
            return Resolution(
                surface=surface,
                node_id=None,
                name=surface,
                rule="ambiguous",
                score=0.0,
                candidates=exc.candidates,
            )
        if division is None:
            return None
        node = self._by_id_node(node_id(NodeKind.REGION, key=division.code))
        if node is not None:
            return self._answer(surface, node, _region_rule(node, surface), 1.0)
        return Resolution(
            surface=surface,
            node_id=None,
            name=division.name,
            rule="gazetteer",
            aliases=[division.full_name] if division.full_name != division.name else [],
            properties={"code": division.code, "level": REGION_LEVELS[division.level]},
        )

    def _answer(self, surface: str, node: Node, rule: str, score: float) -> Resolution:
        return Resolution(surface=surface, node_id=node.id, name=node.name, rule=rule, score=score)

    def _from_entry(self, surface: str, entry: Entry, rule: str, score: float) -> Resolution:
        node = self._existing(entry.name, entry.kind)
        if node is not None:
            return self._answer(surface, node, rule, score)
        props: dict[str, PropertyValue] = {"type": entry.type}
        if entry.province:
            props["province"] = entry.province
        return Resolution(
            surface=surface,
            node_id=None,
            name=entry.name,
            rule=rule,
            score=score,
            aliases=list(entry.aliases),
            properties=props,
        )

    def _pick(self, entries: list[Entry]) -> tuple[Entry | None, list[str]]:
        """One entry, using the region's province to break ties; else the candidates."""
        if len(entries) == 1:
            return entries[0], []
        province = self.division.province if self.division else None
        local = [e for e in entries if e.province == province]
        if len(local) == 1:
            return local[0], [e.name for e in entries if e is not local[0]]
        return None, [e.name for e in entries]

    def _from_gazetteer(self, surface: str, kind: NodeKind) -> Resolution | None:
        entries = self.gazetteer.lookup(surface, kind)
        if not entries:
            return None
        entry, others = self._pick(entries)
        if entry is None:
            return Resolution(
                surface=surface,
                node_id=None,
                name=surface,
                rule="ambiguous",
                score=0.0,
                candidates=others,
            )
        full = canonical_key(entry.name) == canonical_key(surface)
        rule = "gazetteer" if full else "abbreviation"
        answer = self._from_entry(surface, entry, rule, 1.0 if full else 0.95)
        answer.candidates = others
        return answer

    def _from_region(self, surface: str, kind: NodeKind) -> Resolution | None:
        division = self.division
        if division is None:
            return None
        if kind in _GAZETTEER_KINDS and surface.startswith("省"):
            entries = self.gazetteer.lookup_relative(surface, kind, division.province)
            if len(entries) == 1:
                return self._from_entry(surface, entries[0], "region", 0.9)
        prefix = surface[0]
        named = {
            "省": division.province,
            "市": division.city if division.city and division.city != "市辖区" else None,
            "区": division.name if division.level == "county" else None,
            "县": division.name if division.level == "county" else None,
        }[prefix]
        if not named or len(surface) < 3:
            return None
        expanded = named + surface[1:]
        if kind == NodeKind.INSTITUTION:
            expanded = expand_abbreviation(expanded)
        node = self._existing(expanded, kind)
        if node is not None:
            return self._answer(surface, node, "region", 0.9)
        if kind in _GAZETTEER_KINDS:
            entries = self.gazetteer.lookup(expanded, kind)
            if len(entries) == 1:
                return self._from_entry(surface, entries[0], "region", 0.9)
        return Resolution(surface=surface, node_id=None, name=expanded, rule="region", score=0.8)

    def _subunit(self, surface: str) -> Resolution | None:
        """``中科院青岛能源所``: an academy's form, then an institute's short name ending in 所.

        The institute is the academy's one gazetteer institute whose own name holds the short
        name's characters in order (``青岛能源`` in ``青岛生物能源与过程``); with none, the
        academy's name + the short name + 研究所 (``云南农业科学院甘蔗所`` ->
        ``云南省农业科学院甘蔗研究所``).
        """
        match = _SUBUNIT.match(surface)
        if match is None:
            return None
        parents = self.gazetteer.lookup(match.group(1), NodeKind.INSTITUTION)
        parent, _ = self._pick(parents)
        if parent is None or parent.type != "academy":
            return None
        short = match.group(2)
        inside = [
            e
            for e in self.gazetteer.entries
            if e.kind == NodeKind.INSTITUTION
            and e.name.startswith(parent.name)
            and _in_order(short, e.name[len(parent.name) :])
        ]
        if len(inside) == 1:
            return self._from_entry(surface, inside[0], "abbreviation", 0.85)
        name = parent.name + short + "研究所"
        node = self._existing(name, NodeKind.INSTITUTION)
        if node is not None:
            return self._answer(surface, node, "expansion", 0.7)
        return Resolution(
            surface=surface,
            node_id=None,
            name=name,
            rule="expansion",
            score=0.7,
            properties={"type": "institute", "parent": parent.name},
        )

    def _first_clipped(self, key: str, kind: NodeKind) -> tuple[Resolution | None, bool]:
        """A page that lost a name's first character (``国农业大学`` for ``中国农业大学``):
        the one gazetteer name that is ``key`` with one character before it.

        Returns the answer, and whether several names fit (then no name is guessed).
        """
        if kind not in _GAZETTEER_KINDS or len(key) < 4:
            return None, False
        if kind not in self._clipped:
            clipped: dict[str, list[str]] = {}
            for name in {canonical_key(s) for s in self.gazetteer.surfaces(kind)}:
                if len(name) >= 5:
                    clipped.setdefault(name[1:], []).append(name)
            self._clipped[kind] = clipped
        found = self._clipped[kind].get(key, [])
        if len(found) != 1 or self.gazetteer.lookup(key, kind):
            return None, len(found) > 1
        entry, _ = self._pick(self.gazetteer.lookup(found[0], kind))
        if entry is None:
            return None, False
        answer = self._from_entry(key, entry, "fuzzy", round(len(key) / (len(key) + 1), 2))
        answer.candidates = found
        return answer, False

    def _fuzzy(self, surface: str, kind: NodeKind) -> Resolution | None:
        from rapidfuzz import fuzz, process

        key = canonical_key(surface)
        n = len(key)
        # ratio = 2 * matches / (len_a + len_b): even one inserted character keeps a name of
        # n characters at 200n / (2n + 1), so short names can only match exactly.
        if n < 4 or 200 * n / (2 * n + 1) < self.fuzzy_threshold:
            return None
        spread = max(1, int(n * (100 - self.fuzzy_threshold) / 50))
        lengths = range(n - spread, n + spread + 1)
        choices = [c for m in lengths for c in self._by_length.get((kind, m), [])]
        if kind in _GAZETTEER_KINDS:
            if kind not in self._gazetteer_choices:
                buckets: dict[int, list[str]] = {}
                for name in sorted({canonical_key(s) for s in self.gazetteer.surfaces(kind)}):
                    buckets.setdefault(len(name), []).append(name)
                self._gazetteer_choices[kind] = buckets
            gazetteer = self._gazetteer_choices[kind]
            choices += [c for m in lengths for c in gazetteer.get(m, [])]
        clipped, several = self._first_clipped(key, kind)
        if clipped is not None or several:
            return clipped  # 南农业大学: 湖南, 河南, 华南 ... lost their first character alike
        if not choices:
            return None
        best = process.extractOne(
            key, choices, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold
        )
        if best is None:
            return None
        choice, score = str(best[0]), float(best[1]) / 100
        node = self._existing(choice, kind)
        if node is not None:
            answer = self._answer(surface, node, "fuzzy", score)
            answer.candidates = [choice]
            return answer
        entries = self.gazetteer.lookup(choice, kind)
        entry, _ = self._pick(entries)
        if entry is None:
            return None
        answer = self._from_entry(surface, entry, "fuzzy", score)
        answer.candidates = [choice]
        return answer


_SUBUNIT = re.compile(r"^(.{1,12}?(?:科学院|科院|研究院))(.{1,10}?)(?:研究)?所$")


def _in_order(short: str, name: str) -> bool:
    """Whether the characters of ``short`` occur in ``name`` in that order."""
    rest = iter(name)
    return all(char in rest for char in short)


def _region_rule(node: Node, surface: str) -> str:
    """``exact`` for the node's own name, else ``gazetteer`` (a code, a name with parents)."""
    return "exact" if canonical_key(node.name) == canonical_key(surface) else "gazetteer"
