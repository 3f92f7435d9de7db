"""Scans and photos to text: RapidOCR (PP-OCRv4 models shipped inside the
``rapidocr-onnxruntime`` wheel, run by onnxruntime on the CPU; nothing is downloaded).

The OCR gives boxes of text; :func:`lines_in_reading_order` puts them into rows (boxes whose
middles are on one height), rows top to bottom, and joins a row that runs to the right margin
with the next (a wrapped line of a paragraph) so a name broken over two lines stays one.
Every box is a :class:`~loaders.documents.formats.source.Piece` with its page, its line
number and its box in pixels of the page image.

>>> low, high = OcrBox("乙", (10, 50, 30, 70), 0.9), OcrBox("甲", (10, 10, 30, 30), 0.9)
>>> rows = lines_in_reading_order([low, high])
>>> [[b.text for b in row] for row in rows]
[['甲'], ['乙']]
"""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from statistics import median
from typing import TYPE_CHECKING, Any

from graph.errors import LoadError
from graph.i18n import _
from loaders.documents.formats.source import Piece, SourceText
from loaders.limits import current_limits, over_limit

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["OcrBox", "add_ocr_page", "lines_in_reading_order", "ocr_boxes", "read_image"]

_TERMINAL = "。！？；：!?;:"


@dataclass(frozen=True)
class OcrBox:
    """One box of text the OCR found: its text, ``(x0, y0, x1, y1)`` and its confidence."""

    text: str
    box: tuple[float, float, float, float]
    score: float


@lru_cache(maxsize=1)
def _engine() -> Any:
    """The OCR engine, made once per process (loading the models takes a second or two)."""
    from rapidocr_onnxruntime import RapidOCR

    threads = min(4, os.cpu_count() or 1)
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)


def ocr_boxes(image: Image) -> list[OcrBox]:
    """The text boxes OCR reads in ``image`` (any order)."""
    import numpy as np

    result, _elapsed = _engine()(np.asarray(image.convert("RGB")), use_cls=False)
    boxes = []
    for points, text, score in result or []:
        xs = [float(p[0]) for p in points]
        ys = [float(p[1]) for p in points]
        if str(text).strip():
            boxes.append(
                OcrBox(str(text).strip(), (min(xs), min(ys), max(xs), max(ys)), float(score))
            )
    return boxes


def lines_in_reading_order(boxes: list[OcrBox]) -> list[list[OcrBox]]:
    """Boxes in rows (middles within half a line's height), rows top to bottom, boxes left
    to right."""
    if not boxes:
        return []
    height = median(b.box[3] - b.box[1] for b in boxes) or 1.0
    rows: list[list[OcrBox]] = []
    for box in sorted(boxes, key=lambda b: (b.box[1] + b.box[3]) / 2):
        middle = (box.box[1] + box.box[3]) / 2
        if rows:
            row_middle = median((b.box[1] + b.box[3]) / 2 for b in rows[-1])
            if abs(middle - row_middle) <= height / 2:
                rows[-1].append(box)
                continue
        rows.append([box])
    return [sorted(row, key=lambda b: b.box[0]) for row in rows]


def add_ocr_page(
    boxes: list[OcrBox],
    page: int,
    parts: list[str],
    pieces: list[Piece],
    length: int,
    *,
    width: float = 0.0,
) -> int:
    """Append one page's boxes to ``parts``/``pieces`` (text so far ``length`` long) in
    reading order; the new length. A row is a wrapped line of a paragraph when it reaches
    the right margin: the image's ``width`` less its left margin, or its longest row."""
    rows = lines_in_reading_order(boxes)
    if not rows:
        return length
    left = min(b.box[0] for row in rows for b in row)
    right = max(max(b.box[2] for row in rows for b in row), width - left)
    height = median(b.box[3] - b.box[1] for row in rows for b in row) or 1.0
    if parts and not parts[-1].endswith("\n"):
        parts.append("\n")
        length += 1
    line = 0
    for number, row in enumerate(rows):
        for k, box in enumerate(row):
            if k:
                parts.append(" ")
                length += 1
            where: dict[str, Any] = {"page": page, "line": line}
            pieces.append(Piece(length, length + len(box.text), where, "line", 0, box.box))
            parts.append(box.text)
            length += len(box.text)
            line += 1
        last = row[-1]
        wrapped = last.box[2] >= right - 1.5 * height and last.text[-1] not in _TERMINAL
        if number + 1 < len(rows) and not wrapped:
            parts.append("\n")
            length += 1
    return length


def read_image(data: bytes, name: str) -> SourceText:
    """The text OCR reads in an image file; an image with no text gives empty text and a note."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    limits = current_limits()
    try:
        image = PILImage.open(io.BytesIO(data))
        width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise LoadError(name, _("图片已损坏或不是支持的图片格式，无法打开")) from exc
    if width * height > limits.max_image_pixels:
        raise over_limit(
            name,
            "max_image_pixels",
            limits.max_image_pixels,
            _("图片有 {w}×{h} 像素").format(w=width, h=height),
        )
    started = time.monotonic()
    try:
        image.load()
    except (OSError, ValueError) as exc:
        raise LoadError(name, _("图片已损坏，无法解码（{cause}）").format(cause=exc)) from exc
    parts: list[str] = []
    pieces: list[Piece] = []
    boxes = ocr_boxes(image)
    add_ocr_page(boxes, 1, parts, pieces, 0, width=width)
    source = SourceText("".join(parts), "image", pieces=pieces, pages=1)
    seconds = time.monotonic() - started
    if not boxes:
        source.notes.append(_("图片中没有识别出文字（用时 {s:.1f} 秒）").format(s=seconds))
    else:
        source.notes.append(
            _("图片经 OCR 识别出 {n} 行文字（用时 {s:.1f} 秒）").format(n=len(boxes), s=seconds)
        )
    return source
