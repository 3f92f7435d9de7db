"""Review before commit: what a document names, with evidence and resolution, and the ones a
clerk drops kept out of the graph, then and at every later load of the same file.

Each entity is shown numbered (:class:`~loaders.report.EntityReading`: the sentence that
names it, where that is in the file, the rule and score that resolved it, the node it matched
or would create). The numbers dropped (``ttkg load --review``, ``--drop 3,5``, the API's
``drop``) take the entity's node and every edge of this document touching it out of the batch.

The decision is kept in the graph itself, on the document's ``Document`` node: ``file_sha256``
(the file's content) and ``review_dropped`` (``Kind:name`` of each entity dropped). It travels
with the graph (embedded or Neo4j, exports) and needs no side file. At the next load of a file
with the same content, under any name, those entities are dropped again and shown as such;
drops given anew replace the remembered ones (``0`` alone: drop nothing).

>>> parse_drops("3,5 7-8")
[3, 5, 7, 8]
>>> parse_drops("0")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from pathlib import Path

from graph.errors import GraphError
from graph.i18n import _
from graph.model import GraphBatch, NodeKind, PropertyValue, node_id
from graph.stores.base import GraphStore
from loaders.documents.extraction import ExtractedEntity, Extraction
from loaders.documents.formats import SourceText
from loaders.documents.mentions import sentences
from loaders.report import EntityReading, FileResult, Reject

__all__ = [
    "REVIEW_PROPERTY",
    "InvalidDrops",
    "describe_location",
    "document_result",
    "entity_key",
    "entity_readings",
    "parse_drops",
    "remembered_drops",
    "without_dropped",
]

REVIEW_PROPERTY = "review_dropped"
"""The ``Document`` node's property listing the entities a review dropped (``Kind:name``)."""
_NUMBER_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


class InvalidDrops(GraphError, ValueError):
    """A list of entity numbers to drop that cannot be read, or names no entity."""


def parse_drops(text: str) -> list[int]:
    """The entity numbers in ``3,5``, ``3 5``, ``3、5`` or ``7-9``; ``0`` means none."""
    numbers: list[int] = []
    for part in re.split(r"[\s,，、;；]+", text.strip()):
        if not part:
            continue
        match = _NUMBER_RANGE.match(part)
        if match is None:
            raise InvalidDrops(
                _("无法识别要剔除的编号 {part!r}：请写成 3,5 或 7-9").format(part=part)
            )
        first = int(match.group(1))
        last = int(match.group(2) or first)
        numbers.extend(range(first, last + 1))
    return sorted({n for n in numbers if n != 0})


def entity_key(kind: str, name: str) -> str:
    """What a dropped entity is remembered by: ``Enterprise:达民化工``."""
    return f"{kind}:{name}"


def remembered_drops(store: GraphStore | None, sha256: str) -> set[str]:
    """The entities an earlier review of a file with this content dropped (``Kind:name``)."""
    if store is None or not sha256:
        return set()
    for node in store.iter_nodes(kind=NodeKind.DOCUMENT):
        if node.properties.get("file_sha256") == sha256 and REVIEW_PROPERTY in node.properties:
            value = node.properties[REVIEW_PROPERTY]
            return {str(v) for v in value} if isinstance(value, list) else set()
    return set()


def entity_readings(
    extraction: Extraction,
    source: SourceText,
    *,
    existing: Collection[str] = (),
    drops: Collection[int] | None = None,
    remembered: Collection[str] = (),
) -> list[EntityReading]:
    """Every entity of ``extraction``, numbered from 1, with its evidence and resolution.

    ``drops`` (numbers) are dropped; without them, the ``remembered`` keys are.
    Raises :class:`InvalidDrops` for a number that names no entity.
    """
    entities = extraction.entities
    if drops is not None:
        unknown = sorted(n for n in drops if not 1 <= n <= len(entities))
        if unknown:
            raise InvalidDrops(
                _("没有编号为 {numbers} 的实体：本文件的实体编号是 1 到 {n}").format(
                    numbers="、".join(map(str, unknown)), n=len(entities)
                )
            )
    text = extraction.text.text
    spans = sentences(text)
    starts = [a for a, _b in spans]
    readings = []
    for number, entity in enumerate(entities, 1):
        key = entity_key(entity.kind.value, entity.name)
        was_remembered = drops is None and key in remembered
        readings.append(
            EntityReading(
                number=number,
                kind=entity.kind.value,
                name=entity.name,
                surface=entity.surface,
                evidence=_evidence(text, spans, starts, entity),
                location=_location(source, entity),
                rule=entity.rule,
                score=round(entity.score, 3),
                node_id=entity.node_id,
                existing=entity.node_id in existing,
                mentions=entity.mentions,
                dropped=(number in drops) if drops is not None else was_remembered,
                remembered=was_remembered,
            )
        )
    return readings


def _evidence(
    text: str, spans: list[tuple[int, int]], starts: list[int], entity: ExtractedEntity
) -> str:
    k = bisect_right(starts, entity.span[0]) - 1
    if k < 0:
        return text[max(0, entity.span[0] - 40) : entity.span[1] + 40].strip()
    start, end = spans[k]
    return text[start:end].strip()[:300]


def _location(source: SourceText, entity: ExtractedEntity) -> dict[str, PropertyValue]:
    a, b = entity.original_span
    where: dict[str, PropertyValue] = {"original_start": a, "original_end": b}
    return {**where, **source.locate(a, b)}


def describe_location(location: dict[str, PropertyValue]) -> str:
    """Where a mention is, in a clerk's words.

    >>> describe_location({"page": 3, "page_start": 10, "page_end": 16})
    '第 3 页 第 10-16 字'
    >>> describe_location({"table": 0, "row": 2, "cell": 1, "cell_start": 0, "cell_end": 4})
    '表格 1 第 3 行 第 2 格 第 0-4 字'
    >>> describe_location({"original_start": 5, "original_end": 9})
    '第 5-9 字'
    """
    parts = []
    if "page" in location:
        parts.append(_("第 {n} 页").format(n=location["page"]))
    if "paragraph" in location and isinstance(location["paragraph"], int):
        parts.append(_("第 {n} 段").format(n=location["paragraph"] + 1))
    if "table" in location and isinstance(location["table"], int):
        row, cell = location.get("row"), location.get("cell")
        if isinstance(row, int) and isinstance(cell, int):
            parts.append(
                _("表格 {t} 第 {r} 行 第 {c} 格").format(
                    t=location["table"] + 1, r=row + 1, c=cell + 1
                )
            )
    starts = [k for k in location if k.endswith("_start") and k != "original_start"]
    unit = starts[0][: -len("_start")] if starts else "original"
    if "box" in location and isinstance(location["box"], list):
        parts.append(_("框 ({box})").format(box=",".join(str(v) for v in location["box"])))
    else:
        parts.append(
            _("第 {a}-{b} 字").format(
                a=location.get(f"{unit}_start"), b=location.get(f"{unit}_end")
            )
        )
    return " ".join(parts)


def without_dropped(
    batch: GraphBatch, dropped: Collection[str], *, document_id: str, record: list[str] | None
) -> GraphBatch:
    """``batch`` without the nodes ``dropped`` (ids) and the edges touching them; with
    ``record``, the document's node lists those keys as :data:`REVIEW_PROPERTY`."""
    gone = set(dropped)
    nodes = []
    for node in batch.nodes:
        if node.id in gone:
            continue
        if record is not None and node.id == document_id:
            node = node.model_copy(
                update={"properties": {**node.properties, REVIEW_PROPERTY: list(record)}}
            )
        nodes.append(node)
    edges = [e for e in batch.edges if e.source not in gone and e.target not in gone]
    return GraphBatch(nodes=nodes, edges=edges)


def document_result(
    path: Path,
    extraction: Extraction,
    source: SourceText,
    *,
    store: GraphStore | None,
    drops: Collection[int] | None = None,
) -> FileResult:
    """The :class:`FileResult` of a document read: its entities for review, its batch
    without the dropped ones (``drops``, else those remembered for this file's content)."""
    result = FileResult(file=str(path), kind="document", notes=list(source.notes))
    if not extraction.entities and not extraction.targets:
        reason = (
            _("文件中没有读出文字，未导入任何内容")
            if not source.text.strip()
            else _("文件中没有找到实体、关系或目标，未导入任何内容")
        )
        result.rejects.append(Reject(file=str(path), reason=reason))
        return result
    remembered = remembered_drops(store, source.sha256)
    ids = [e.node_id for e in extraction.entities]
    existing = set(store.get_nodes(ids)) if store is not None else set()
    readings = entity_readings(
        extraction, source, existing=existing, drops=drops, remembered=remembered
    )
    dropped = [r for r in readings if r.dropped]
    record = None
    if drops is not None or remembered:
        record = sorted(entity_key(r.kind, r.name) for r in dropped)
    result.entities = readings
    result.rows = len(readings) - len(dropped)
    result.batch = without_dropped(
        extraction.batch,
        {r.node_id for r in dropped},
        document_id=node_id(NodeKind.DOCUMENT, key=extraction.source),
        record=record,
    )
    if dropped:
        names = "、".join(r.name for r in dropped)
        if any(r.remembered for r in dropped):
            note = _("按上次审核剔除 {n} 个实体：{names}").format(n=len(dropped), names=names)
        else:
            note = _("审核剔除 {n} 个实体：{names}").format(n=len(dropped), names=names)
        result.notes.append(note)
    return result
