"""A document's text as a reader made it, and where each piece of it sits in the file.

Text formats (``.txt``, ``.html``) are handed to :func:`~loaders.documents.parse_document` as
they are: its ``original_start``/``original_end`` are offsets in the file. Word, PDF and
images are made into text first; every run of that text (a paragraph, a table cell, a line of
a page, a line OCR found) is a :class:`Piece` that says where it came from, so a span of the
text maps back to the file:

- DOCX: ``paragraph`` (index among the body's paragraphs) or ``table``/``row``/``cell``, with
  ``paragraph_start``/``paragraph_end`` or ``cell_start``/``cell_end`` in that text;
- PDF with a text layer: ``page`` (from 1) with ``page_start``/``page_end`` in the page's text
  as PDFium gives it;
- OCR (scans, images): ``page``, ``line`` and ``box`` (``[x0, y0, x1, y1]`` in pixels of the
  page image the OCR read) with ``line_start``/``line_end`` in the line's text.

A span that runs over two pieces of different units (a name wrapped onto the next page) also
carries the second unit's keys prefixed ``end_``.

>>> text = "第一段\\n表格"
>>> cell = {"table": 0, "row": 0, "cell": 1}
>>> pieces = [Piece(0, 3, {"paragraph": 0}, "paragraph"), Piece(4, 6, cell, "cell")]
>>> source = SourceText(text, "docx", pieces=pieces)
>>> source.locate(1, 3)
{'paragraph': 0, 'paragraph_start': 1, 'paragraph_end': 3}
>>> source.locate(4, 6)
{'table': 0, 'row': 0, 'cell': 1, 'cell_start': 0, 'cell_end': 2}
>>> source.locator(4, 6)
'table 0 row 0 cell 1 chars 0-2'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from graph.model import GraphBatch, NodeKind, PropertyValue, Provenance, Scalar, node_id

__all__ = ["Piece", "SourceText"]

_CHARS = re.compile(r"^chars (\d+)-(\d+)$")


@dataclass(frozen=True)
class Piece:
    """``text[start:end]`` came from the unit ``where`` (``{"page": 3}``...), from its
    character ``offset`` on; ``name`` names the offsets (``page`` -> ``page_start``)."""

    start: int
    end: int
    where: dict[str, PropertyValue]
    name: str
    offset: int = 0
    box: tuple[float, float, float, float] | None = None
    """For an OCR line: its box in the page image, to place a part of the line."""


@dataclass
class SourceText:
    """Text to extract from, its format, and the pieces that map it back to the file."""

    text: str
    format: str
    html: bool = False
    pieces: list[Piece] = field(default_factory=list)
    pages: int | None = None
    sha256: str = ""
    """The SHA-256 of the file's bytes: what a review's drops are remembered by."""
    notes: list[str] = field(default_factory=list)
    """What reading did that a clerk should know (headers dropped, pages read by OCR)."""

    def _piece_at(self, index: int) -> Piece | None:
        if not self.pieces:
            return None
        starts = [p.start for p in self.pieces]
        k = max(0, bisect_right(starts, index) - 1)
        return self.pieces[k]

    def locate(self, start: int, end: int) -> dict[str, PropertyValue]:
        """Where ``text[start:end]`` sits in the file; empty for text formats."""
        first = self._piece_at(start)
        if first is None:
            return {}
        last = self._piece_at(max(start, end - 1)) or first
        out: dict[str, PropertyValue] = dict(first.where)
        a = first.offset + min(max(start - first.start, 0), first.end - first.start)
        b = last.offset + min(max(end - last.start, 0), last.end - last.start)
        out[f"{first.name}_start"] = a
        if last.where != first.where:
            out.update({f"end_{k}": v for k, v in last.where.items()})
        out[f"{first.name}_end"] = b
        if first.box is not None and last is first:
            out["box"] = _sub_box(first, start, end)
        elif first.box is not None:
            out["box"] = list[Scalar]([round(v) for v in first.box])
        return out

    def locator(self, start: int, end: int) -> str:
        """A provenance locator: ``page 3 chars 10-20``, ``paragraph 4 chars 0-6``..."""
        where = self.locate(start, end)
        if not where:
            return f"chars {start}-{end}"
        parts = [
            f"{k} {v}"
            for k, v in where.items()
            if not k.endswith(("_start", "_end")) and k != "box" and not k.startswith("end_")
        ]
        name = next(k[: -len("_start")] for k in where if k.endswith("_start"))
        parts.append(f"chars {where[f'{name}_start']}-{where[f'{name}_end']}")
        if "box" in where:
            box = where["box"]
            values = box if isinstance(box, list) else []
            parts.append("box " + ",".join(str(v) for v in values))
        return " ".join(parts)

    def place(self, batch: GraphBatch, source: str) -> GraphBatch:
        """``batch`` with each span located in the file: edges that carry ``original_start``
        get the unit and offsets of :meth:`locate`, provenance of ``source`` its locator; the
        ``Document`` node of ``source`` gets the file's ``format``, ``file_sha256`` and
        ``pages``."""
        document = node_id(NodeKind.DOCUMENT, key=source)
        about: dict[str, PropertyValue] = {"format": self.format, "file_sha256": self.sha256}
        if self.pages is not None:
            about["pages"] = self.pages
        nodes = []
        for node in batch.nodes:
            update: dict[str, object] = {}
            if node.id == document:
                update["properties"] = {**node.properties, **about}
            if self.pieces:
                update["provenance"] = self._provenance(node.provenance, source)
            nodes.append(node.model_copy(update=update) if update else node)
        if not self.pieces:
            return GraphBatch(nodes=nodes, edges=batch.edges)
        edges = []
        for edge in batch.edges:
            update = {"provenance": self._provenance(edge.provenance, source)}
            start, end = edge.properties.get("original_start"), edge.properties.get("original_end")
            if isinstance(start, int) and isinstance(end, int):
                update["properties"] = {**edge.properties, **self.locate(start, end)}
            edges.append(edge.model_copy(update=update))
        return GraphBatch(nodes=nodes, edges=edges)

    def _provenance(self, entries: list[Provenance], source: str) -> list[Provenance]:
        out = []
        for p in entries:
            match = _CHARS.match(p.locator) if p.source == source and p.locator else None
            if match:
                p = p.model_copy(
                    update={"locator": self.locator(int(match.group(1)), int(match.group(2)))}
                )
            out.append(p)
        return out


def _sub_box(piece: Piece, start: int, end: int) -> list[Scalar]:
    """The part of a horizontal OCR line's box that ``[start, end)`` covers, by its share
    of the line's characters."""
    assert piece.box is not None
    x0, y0, x1, y1 = piece.box
    length = max(piece.end - piece.start, 1)
    a = min(max(start - piece.start, 0), length)
    b = min(max(end - piece.start, a), length)
    width = x1 - x0
    return [round(x0 + width * a / length), round(y0), round(x0 + width * b / length), round(y1)]
