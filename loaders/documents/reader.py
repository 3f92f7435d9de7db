"""Work plans and reports -> entities, relations and targets, each tied to its source span.

``parse_document`` is pure (text in, :class:`Extraction` out); ``extract_file`` reads a file;
``read_document`` is what ``ttkg load`` and ``POST /admin/documents`` call.

What comes out of a document:

- a ``Document`` node (id from the file name) located in the document's region;
- the entities it names: institutions, enterprises, platforms, communities, talent
  programmes, industries, transfer agencies, policies; each resolved by
  :class:`loaders.resolve.Resolver` and linked to the document by ``MENTIONED_IN`` edges that
  carry the span (``start``/``end`` in the normalised text, ``original_start``/
  ``original_end`` in the file);
- relations with the sentence as evidence: ``APPLIES_TO`` (enterprise -> talent programme),
  ``OWNS`` (enterprise -> platform), ``MEMBER_OF`` (enterprise -> community),
  ``COOPERATES_WITH`` (enterprise -> institution), ``IN_INDUSTRY``;
- ``Target`` nodes (indicator, op, value, unit, text) that the document ``SETS``.

>>> from loaders.resolve import Resolver
>>> x = parse_document("为达民化工、海容电源申报泰山产业领军人才。", source="a.txt",
...                    region="山东省滨州市沾化区", resolver=Resolver())
>>> [(r.source, r.kind.value, r.target) for r in x.relations]
[('达民化工', 'APPLIES_TO', '泰山产业领军人才'), ('海容电源', 'APPLIES_TO', '泰山产业领军人才')]
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.errors import GraphError, LoadError
from graph.model import (
    Edge,
    EdgeKind,
    GraphBatch,
    Node,
    NodeKind,
    PropertyValue,
    Provenance,
    edge_id,
)
from loaders.documents.extraction import (
    ExtractedEntity,
    ExtractedRelation,
    ExtractedTarget,
    Extraction,
)
from loaders.documents.formats import SourceText, read_source
from loaders.documents.mention_layers import find_mentions
from loaders.documents.mentions import Mention, sentences, short_name
from loaders.documents.relations import find_relations
from loaders.documents.review import InvalidDrops, document_result
from loaders.documents.targets import find_targets
from loaders.documents.text import NormalisedText, html_to_text, normalise
from loaders.report import FileResult
from loaders.resolve import Resolver

__all__ = ["extract_file", "extract_located", "parse_document", "read_document"]

_YEAR = re.compile(r"(20\d\d)年")


class _Builder:
    """Collects nodes and edges for one document, with provenance pointing at spans."""

    def __init__(self, nt: NormalisedText, source: str, *, synthetic: bool) -> None:
        self.nt = nt
        self.source = source
        self.synthetic = synthetic
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.seen_edges: set[str] = set()
        self.at = datetime.now(UTC).replace(microsecond=0)

    def prov(self, start: int, end: int) -> list[Provenance]:
        a, b = self.nt.original_span(start, end)
        return [
            Provenance(
                source=self.source, locator=f"chars {a}-{b}", synthetic=self.synthetic, at=self.at
            )
        ]

    def node(self, node: Node) -> None:
        """Keep a node; a later record of it only adds aliases and properties.

        Provenance stays that of the first mention: every mention has its own
        ``MENTIONED_IN`` edge with its span, so a name said a thousand times does not
        make a node with a thousand provenance entries.
        """
        old = self.nodes.get(node.id)
        if old is None:
            self.nodes[node.id] = node
            return
        aliases = [a for a in node.names if a != old.name and a not in old.aliases]
        properties = {k: v for k, v in node.properties.items() if old.properties.get(k) != v}
        if aliases or properties:
            self.nodes[node.id] = old.model_copy(
                update={
                    "aliases": [*old.aliases, *aliases],
                    "properties": {**old.properties, **properties},
                }
            )

    def edge(
        self,
        kind: EdgeKind,
        source: str,
        target: str,
        span: tuple[int, int],
        properties: dict[str, PropertyValue],
        key: str = "",
    ) -> None:
        ident = edge_id(source, kind, target, key)
        if ident in self.seen_edges:
            return  # the first statement of a relation is its evidence
        self.seen_edges.add(ident)
        self.edges.append(
            Edge(
                kind=kind,
                source=source,
                target=target,
                key=key,
                properties=properties,
                provenance=self.prov(*span),
            )
        )


def parse_document(
    text: str,
    *,
    source: str,
    region: str | None,
    resolver: Resolver,
    html: bool = False,
    synthetic: bool = False,
) -> Extraction:
    """Extract entities, relations and targets from a document's text (already decoded).

    ``source`` is the file name (it names the Document node and every provenance entry);
    ``region`` (``山东省滨州市沾化区``) resolves ``省``/``市``/``区`` prefixes.
    """
    nt = html_to_text(text) if html else normalise(text)
    if region and resolver.region != region:
        resolver.region = region
    spans = sentences(nt.text)
    build = _Builder(nt, source, synthetic=synthetic)
    title = next((nt.text[a:b].strip() for a, b in spans), source)[:200] or source
    year_match = _YEAR.search(nt.text[:3000])
    year = int(year_match.group(1)) if year_match else None
    extraction = Extraction(source=source, title=title, region=region, year=year, text=nt)

    mentions = find_mentions(nt, spans, resolver)
    entity_of = _add_entities(build, extraction, mentions, resolver)
    _add_relations(build, extraction, spans, mentions, entity_of)
    _add_targets(build, extraction, spans)

    if extraction.entities or extraction.targets:
        _document_nodes(build, extraction, resolver, text)
    extraction.batch = GraphBatch(nodes=list(build.nodes.values()), edges=build.edges).merged()
    return extraction


def _add_entities(
    build: _Builder, extraction: Extraction, mentions: list[Mention], resolver: Resolver
) -> dict[int, ExtractedEntity]:
    """Resolve every mention; link each to the document by a ``MENTIONED_IN`` edge with its span.

    Returns the entity of each mention (by its index).
    """
    nt, source = build.nt, build.source
    entity_of: dict[int, ExtractedEntity] = {}
    found: dict[str, ExtractedEntity] = {}
    for index, mention in enumerate(mentions):
        entity = _resolve(mention, nt, resolver, build, found)
        entity_of[index] = entity
        build.edge(
            EdgeKind.MENTIONED_IN,
            entity.node_id,
            _document_id(source),
            (mention.start, mention.end),
            _span_properties(nt, mention.start, mention.end, nt.text[mention.start : mention.end]),
            key=f"{mention.start}-{mention.end}",
        )
    for entity in found.values():
        entity.aliases = build.nodes[entity.node_id].aliases
    extraction.entities = list(found.values())
    return entity_of


def _add_relations(
    build: _Builder,
    extraction: Extraction,
    spans: list[tuple[int, int]],
    mentions: list[Mention],
    entity_of: dict[int, ExtractedEntity],
) -> None:
    """Relations between the resolved entities, each with its sentence as evidence."""
    nt, source = build.nt, build.source
    for relation in find_relations(nt.text, spans, mentions):
        source_entity = entity_of[relation.source]
        target_entity = entity_of[relation.target]
        if source_entity.node_id == target_entity.node_id:
            continue
        evidence = nt.text[relation.sentence[0] : relation.sentence[1]].strip()[:500]
        build.edge(
            relation.kind,
            source_entity.node_id,
            target_entity.node_id,
            relation.sentence,
            {"evidence": evidence, "document": source}
            | ({"uncertain": True} if relation.uncertain else {}),
        )
        extraction.relations.append(
            ExtractedRelation(
                kind=relation.kind,
                source=source_entity.name,
                target=target_entity.name,
                source_id=source_entity.node_id,
                target_id=target_entity.node_id,
                evidence=evidence,
                span=relation.sentence,
                uncertain=relation.uncertain,
            )
        )
    extraction.relations = _unique_relations(extraction.relations)


def _add_targets(build: _Builder, extraction: Extraction, spans: list[tuple[int, int]]) -> None:
    """Numeric targets: a ``Target`` node per target, which the document ``SETS``."""
    nt, source, year = build.nt, build.source, extraction.year
    for lower, upper in spans:
        for t in find_targets(nt.text, lower, upper):
            node = Node.create(
                NodeKind.TARGET,
                t.text,
                key=f"{source}:{t.start}-{t.end}",
                properties=_without_none(
                    {
                        "indicator": t.indicator,
                        "subject": t.subject,
                        "op": t.op,
                        "value": t.value,
                        "unit": t.unit,
                        "value_max": t.value_max,
                        "text": t.text,
                        "year": year,
                        "document": source,
                    }
                ),
                provenance=build.prov(t.start, t.end),
            )
            build.node(node)
            build.edge(
                EdgeKind.SETS,
                _document_id(source),
                node.id,
                (t.start, t.end),
                _span_properties(nt, t.start, t.end, t.text),
            )
            extraction.targets.append(
                ExtractedTarget(
                    text=t.text,
                    indicator=t.indicator,
                    subject=t.subject,
                    op=t.op,
                    value=t.value,
                    unit=t.unit,
                    value_max=t.value_max,
                    span=(t.start, t.end),
                    node_id=node.id,
                )
            )


def _resolve(
    mention: Mention,
    nt: NormalisedText,
    resolver: Resolver,
    build: _Builder,
    found: dict[str, ExtractedEntity],
) -> ExtractedEntity:
    """The entity a mention names; repeated mentions of a known name cost two lookups."""
    proper = mention.proper or nt.proper(mention.start, mention.end)
    surfaces = [proper, mention.surface]
    if mention.kind == NodeKind.ENTERPRISE:
        surfaces.append(short_name(proper))
    properties: dict[str, PropertyValue] = {
        k: v
        for k, v in mention.properties.items()
        if k in {"type", "kind", "status", "level"} and v
    }
    quick = resolver.resolve_first(surfaces, mention.kind)
    if quick.node_id in found:
        known = build.nodes[quick.node_id]
        same = all(known.properties.get(k) == v for k, v in properties.items())
        if same and all(s == known.name or s in known.aliases for s in surfaces):
            found[quick.node_id].mentions += 1
            return found[quick.node_id]
    node, res = resolver.entity(
        surfaces,
        mention.kind,
        provenance=build.prov(mention.start, mention.end),
        properties=properties,
    )
    build.node(node)
    if node.id in found:
        found[node.id].mentions += 1
        return found[node.id]
    found[node.id] = ExtractedEntity(
        kind=mention.kind,
        node_id=node.id,
        name=node.name,
        surface=mention.surface,
        aliases=node.aliases,
        span=(mention.start, mention.end),
        original_span=nt.original_span(mention.start, mention.end),
        rule=res.rule,
        score=res.score,
    )
    return found[node.id]


def _span_properties(
    nt: NormalisedText, start: int, end: int, surface: str
) -> dict[str, PropertyValue]:
    a, b = nt.original_span(start, end)
    return {"start": start, "end": end, "original_start": a, "original_end": b, "surface": surface}


def _without_none(values: dict[str, PropertyValue]) -> dict[str, PropertyValue]:
    return {k: v for k, v in values.items() if v is not None}


def _unique_relations(relations: list[ExtractedRelation]) -> list[ExtractedRelation]:
    seen: dict[tuple[str, str, str], ExtractedRelation] = {}
    for r in relations:
        seen.setdefault((r.source_id, r.kind.value, r.target_id), r)
    return list(seen.values())


def _document_id(source: str) -> str:
    from graph.model import node_id

    return node_id(NodeKind.DOCUMENT, key=source)


def _document_nodes(build: _Builder, extraction: Extraction, resolver: Resolver, raw: str) -> None:
    """The Document node, and the region it belongs to (with PART_OF up to the province)."""
    source = extraction.source
    whole = (0, len(build.nt.text))
    build.node(
        Node(
            id=_document_id(source),
            kind=NodeKind.DOCUMENT,
            name=extraction.title,
            aliases=[source],
            properties=_without_none(
                {
                    "file": source,
                    "title": extraction.title,
                    "region": extraction.region,
                    "year": extraction.year,
                    "chars": len(build.nt.text),
                    "sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest(),
                }
            ),
            provenance=build.prov(*whole),
        )
    )
    division = resolver.division
    if division is None:
        return
    chain = []
    current: Any = division
    while current is not None:
        chain.append(current)
        parent = current.parent_code
        if current.level == "city":
            parent = current.code[:2]
        current = resolver.gazetteer.regions.by_code.get(parent) if parent else None
    ids = []
    for d in chain:
        node = Node.create(
            NodeKind.REGION,
            d.name,
            key=d.code,
            aliases=[d.full_name] if d.full_name != d.name else [],
            properties={"code": d.code, "level": d.level},
            provenance=[Provenance(source=source, locator="region", synthetic=False, at=build.at)],
        )
        build.node(node)
        ids.append(node.id)
    build.edge(EdgeKind.LOCATED_IN, _document_id(source), ids[0], whole, {"role": "scope"})
    for child, parent_id in itertools.pairwise(ids):
        build.edge(EdgeKind.PART_OF, child, parent_id, whole, {})


def extract_located(
    path: Path, *, region: str | None, resolver: Resolver | None = None, synthetic: bool = False
) -> tuple[Extraction, SourceText]:
    """Read a file of any format (:mod:`loaders.documents.formats`) and extract from its text.

    Returns the extraction, every span of its batch located in the file (page, paragraph,
    cell or box besides ``original_start``/``original_end``), and the text as read.
    `LoadError` names the file and the cause when it cannot be read.
    """
    source = read_source(path)
    resolver = resolver or Resolver(region=region)
    extraction = parse_document(
        source.text,
        source=path.name,
        region=region,
        resolver=resolver,
        html=source.html,
        synthetic=synthetic,
    )
    extraction.batch = source.place(extraction.batch, path.name)
    return extraction, source


def extract_file(
    path: Path, *, region: str | None, resolver: Resolver | None = None, synthetic: bool = False
) -> Extraction:
    """Read and extract one document (any format); `LoadError` names the file when it
    cannot be read."""
    return extract_located(path, region=region, resolver=resolver, synthetic=synthetic)[0]


def read_document(
    path: Path,
    *,
    resolver: Resolver,
    region: str | None,
    drops: Collection[int] | None = None,
) -> FileResult:
    """One document as a :class:`FileResult`; unreadable files and empty findings say why.

    A document that names nothing the extractor knows gives no records at all (the graph is
    left as it was) and a reject explaining that. ``drops`` are entity numbers a review
    dropped (:mod:`loaders.documents.review`); without them, those remembered for the file.
    """
    try:
        extraction, source = extract_located(path, region=region, resolver=resolver)
    except LoadError as exc:
        return FileResult(file=str(path), kind="document", error=exc.cause)
    except GraphError as exc:
        return FileResult(file=str(path), kind="document", error=str(exc))
    try:
        return document_result(path, extraction, source, store=resolver.store, drops=drops)
    except InvalidDrops as exc:
        return FileResult(file=str(path), kind="document", error=str(exc))
