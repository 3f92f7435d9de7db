"""PDF to text with PDFium (``pypdfium2``): the text layer in reading order, running headers,
footers and page numbers dropped; pages without a text layer (scans) read by OCR.

Per page, PDFium's text is cut into lines; the lines are put top to bottom (left to right on
one height), which is reading order for the one-column pages bureaus publish. A line at the
top or bottom of a page is dropped when it is a page number (``- 3 -``, ``第 3 页``, ``3/12``)
or when, digits aside, the same short line (40 characters at most) stands at the top or
bottom of at least half the pages (a running header or footer). A line that runs to the
right margin (the page's width less its left margin) and does not end a sentence is joined
to the next (Word wraps paragraphs; a name broken over two lines must stay one). Every line
maps back to its ``page`` and to offsets in that page's text (``page_start``/``page_end``;
that text is ``PdfDocument(...)[page - 1].get_textpage().get_text_range()``).

A page with fewer than :data:`SCANNED_BELOW` characters is rendered and read by OCR (its
pieces carry ``page``, ``line`` and ``box`` instead). Limits: ``TTKG_MAX_PAGES`` (counted
before any page is read), ``TTKG_MAX_OCR_PAGES``, ``TTKG_MAX_IMAGE_PIXELS`` per rendered
page and ``TTKG_MAX_DOCUMENT_SECONDS`` for the whole file, checked page by page.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph.errors import LoadError
from graph.i18n import _
from loaders.documents.formats.ocr import OcrBox, add_ocr_page, ocr_boxes
from loaders.documents.formats.source import Piece, SourceText
from loaders.limits import ReadLimits, current_limits, over_limit

__all__ = ["SCANNED_BELOW", "read_pdf"]

SCANNED_BELOW = 10
"""A page with fewer visible characters than this has no real text layer: it is OCR'd."""
OCR_DPI = 200
_RUNNING_MAX_CHARS = 40
_TERMINAL = "。！？；：!?;:"
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–_·•]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|[Pp]age\s*\d+"
    r"(?:\s*of\s*\d+)?|\d{1,4})[\s\-—–_·•]*$"
)
# PDFium ends a line with \r\n, a soft break with \n; a hyphen it adds at a soft break is \x02
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class _Line:
    text: str
    page: int
    offset: int
    """Where the line starts in its page's text."""
    top: float
    left: float
    right: float
    height: float
    margin: float = 0.0
    """Where the page's text area ends on the right: the page's width less its left margin
    (margins are as wide on both sides), or its longest line if that goes further."""


def read_pdf(data: bytes, name: str) -> SourceText:
    """The text of a PDF (see the module docstring); `LoadError` names the file and cause."""
    import pypdfium2 as pdfium

    limits = current_limits()
    started = time.monotonic()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise LoadError(name, _pdf_error(exc)) from exc
    try:
        pages = len(pdf)
        if pages > limits.max_pages:
            raise over_limit(
                name, "max_pages", limits.max_pages, _("PDF 有 {n} 页").format(n=pages)
            )
        if pages == 0:
            raise LoadError(name, _("PDF 没有页面"))
        per_page: list[list[_Line] | None] = []
        for index in range(pages):
            _check_time(name, limits, started)
            per_page.append(_page_lines(pdf[index], index + 1))
        scanned = [i for i, lines in enumerate(per_page) if lines is None]
        if len(scanned) > limits.max_ocr_pages:
            raise over_limit(
                name,
                "max_ocr_pages",
                limits.max_ocr_pages,
                _("PDF 有 {n} 页没有文字层，需要 OCR 识别").format(n=len(scanned)),
            )
        source = _assemble(per_page, pdf, name, limits, started)
    finally:
        pdf.close()
    source.pages = pages
    if scanned:
        source.notes.append(
            _("第 {pages} 页没有文字层，已用 OCR 识别").format(
                pages="、".join(str(i + 1) for i in scanned)
            )
        )
    return source


def _pdf_error(exc: Any) -> str:
    """The cause of a PDF that cannot be opened, in a clerk's words."""
    code = getattr(exc, "err_code", None)
    if code in (4, 5):  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
        return _("PDF 已加密（需要密码才能打开）：请去掉密码后另存一份再上传")
    if code == 3:  # FPDF_ERR_FORMAT
        return _("PDF 文件已损坏或不完整，无法打开：请重新下载或重新导出 PDF")
    return _("无法打开 PDF（{cause}）：请重新下载或重新导出 PDF").format(cause=exc)


def _check_time(name: str, limits: ReadLimits, started: float) -> None:
    spent = time.monotonic() - started
    if spent > limits.max_document_seconds:
        raise over_limit(
            name,
            "max_document_seconds",
            int(limits.max_document_seconds),
            _("读取已用 {s:.0f} 秒").format(s=spent),
        )


def _page_lines(page: Any, number: int) -> list[_Line] | None:
    """The lines of one page in reading order; None when the page has no text layer."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        if (
            len(text.replace("\x02", "").split()) == 0
            or sum(not c.isspace() for c in text) < SCANNED_BELOW
        ):
            return None
        aligned = len(text) == count
        lines = []
        position = 0
        for match in [*_LINE_BREAK.finditer(text), None]:
            end = match.start() if match else len(text)
            raw = text[position:end]
            stripped = raw.rstrip("\x02 ")
            lead = len(raw) - len(raw.lstrip())
            body = stripped[lead:] if lead < len(stripped) else ""
            if body:
                left, top, right, height = _line_box(
                    textpage, position + lead, position + lead + len(body), aligned
                )
                lines.append(_Line(body, number, position + lead, top, left, right, height))
            position = match.end() if match else len(text)
    finally:
        textpage.close()
    if lines:
        width = float(page.get_size()[0])
        margin = max(max(ln.right for ln in lines), width - min(ln.left for ln in lines))
        for line in lines:
            line.margin = margin
    return _reading_order(lines)


def _line_box(
    textpage: Any, start: int, end: int, aligned: bool
) -> tuple[float, float, float, float]:
    """(left, top, right, height) of a line: the middle top and height of its characters'
    boxes (a comma's box is low, a space's empty), their leftmost left and rightmost right."""
    if not aligned:
        return 0.0, 0.0, 0.0, 1.0
    # a dozen characters spread over the line, its first and last among them, tell its place
    # as well as all of them, at a fraction of the calls into PDFium
    step = max(1, (end - start) // 12)
    picked = sorted({*range(start, end, step), start, end - 1})
    boxes = [textpage.get_charbox(i) for i in picked]
    boxes = [b for b in boxes if b[3] > b[1] and b[2] > b[0]]
    if not boxes:
        return 0.0, 0.0, 0.0, 1.0
    tops = sorted(b[3] for b in boxes)
    heights = sorted(b[3] - b[1] for b in boxes)
    top, height = tops[len(tops) // 2], heights[len(heights) // 2]
    return min(b[0] for b in boxes), top, max(b[2] for b in boxes), max(height, 1.0)


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Lines top to bottom; lines on one height (within half a line) left to right."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda ln: -ln.top):
        if rows and abs(rows[-1][0].top - line.top) <= line.height / 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.left)]


def _running(per_page: list[list[_Line] | None]) -> set[tuple[int, int]]:
    """(page, offset) of the lines that are page numbers or running headers and footers."""
    edges: list[tuple[_Line, str]] = []
    for lines in per_page:
        if not lines:
            continue
        zone = lines[:2] + lines[-2:] if len(lines) > 4 else lines
        seen: set[int] = set()
        for line in zone:
            if id(line) not in seen:
                seen.add(id(line))
                edges.append((line, re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))))
    with_text = sum(1 for lines in per_page if lines)
    counts = Counter(key for _line, key in {(id(ln), k): (ln, k) for ln, k in edges}.values())
    dropped = set()
    for line, key in edges:
        # running heads are short: a long line that repeats with other numbers is body text
        short = len(key) <= _RUNNING_MAX_CHARS
        repeated = short and with_text >= 2 and counts[key] >= max(2, with_text / 2)
        if _PAGE_NUMBER.match(line.text) or repeated:
            dropped.add((line.page, line.offset))
    return dropped


def _assemble(
    per_page: list[list[_Line] | None], pdf: Any, name: str, limits: ReadLimits, started: float
) -> SourceText:
    """Join the pages' lines (and OCR'd pages) into one text with its pieces."""
    dropped = _running(per_page)
    parts: list[str] = []
    pieces: list[Piece] = []
    length = 0
    dropped_count = 0
    pending_join = False
    for index, lines in enumerate(per_page):
        if lines is None:
            _check_time(name, limits, started)
            boxes, width = _render_boxes(pdf[index], name, limits)
            length = add_ocr_page(boxes, index + 1, parts, pieces, length, width=width)
            pending_join = False
            continue
        body = [ln for ln in lines if (ln.page, ln.offset) not in dropped]
        dropped_count += len(lines) - len(body)
        right = body[0].margin if body else 0.0
        for line in body:
            if parts and not pending_join and not parts[-1].endswith("\n"):
                parts.append("\n")
                length += 1
            pieces.append(
                Piece(length, length + len(line.text), {"page": line.page}, "page", line.offset)
            )
            parts.append(line.text)
            length += len(line.text)
            pending_join = (
                line.right >= right - 1.5 * line.height and line.text[-1] not in _TERMINAL
            )
    source = SourceText("".join(parts), "pdf", pieces=pieces)
    if dropped_count:
        source.notes.append(_("已去掉页眉、页脚和页码 {n} 行").format(n=dropped_count))
    return source


def _render_boxes(page: Any, name: str, limits: ReadLimits) -> tuple[list[OcrBox], float]:
    """OCR of one page rendered at :data:`OCR_DPI` (less if the page is large)."""
    width, height = page.get_size()
    scale = OCR_DPI / 72
    pixels = width * height * scale * scale
    if pixels > limits.max_image_pixels:
        scale *= (limits.max_image_pixels / pixels) ** 0.5
    if width * height * scale * scale < 1:
        raise LoadError(name, _("PDF 页面尺寸无效"))
    image = page.render(scale=scale).to_pil()
    return ocr_boxes(image), float(image.width)
