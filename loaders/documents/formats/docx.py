"""Word documents (``.docx``): the body's paragraphs and tables, in the order they stand.

Each paragraph is a line of the text; a table gives one line per row, its cells separated
by a tab (so a row reads as one statement: ``达民化工\\t山东大学\\t共建研发中心``) and the
paragraphs inside a cell by a space. Headers, footers and footnotes live outside the body and
are not read. Every line maps back to its paragraph (index among the body's paragraphs, as
``python-docx``'s ``Document.paragraphs`` counts them) or its table cell (``table``, ``row``,
``cell`` as ``Document.tables[t].rows[r].cells[c]`` counts them, offsets in ``cell.text``).

>>> import io, docx
>>> d = docx.Document(); _ = d.add_paragraph("标题"); t = d.add_table(rows=1, cols=2)
>>> t.rows[0].cells[0].text, t.rows[0].cells[1].text = "达民化工", "山东大学"
>>> buffer = io.BytesIO(); d.save(buffer)
>>> source = read_docx(buffer.getvalue(), "a.docx")
>>> source.text
'标题\\n达民化工\\t山东大学\\n'
>>> source.locate(3, 7)
{'table': 0, 'row': 0, 'cell': 0, 'cell_start': 0, 'cell_end': 4}
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from graph.errors import LoadError
from graph.i18n import _
from loaders.documents.formats.source import Piece, SourceText
from loaders.limits import current_limits, over_limit

__all__ = ["read_docx"]


def read_docx(data: bytes, name: str) -> SourceText:
    """The text of a ``.docx`` (see the module docstring); `LoadError` if it is broken."""
    _check_unpacked(data, name)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoadError(
            name,
            _(
                "Word 文件已损坏，无法打开（{cause}）：请用 Word 或 WPS 打开后另存为 .docx 再试"
            ).format(cause=exc),
        ) from exc
    except Exception as exc:  # lxml's XMLSyntaxError and friends: a broken part
        if type(exc).__module__.startswith("lxml"):
            raise LoadError(
                name,
                _(
                    "Word 文件内容已损坏（{cause}）：请用 Word 或 WPS 打开后另存为 .docx 再试"
                ).format(cause=exc),
            ) from exc
        raise
    parts: list[str] = []
    pieces: list[Piece] = []
    length = 0

    def add(text: str, where: dict[str, Any], unit: str, offset: int = 0) -> None:
        nonlocal length
        if text:
            pieces.append(Piece(length, length + len(text), where, unit, offset))
            parts.append(text)
            length += len(text)

    def newline() -> None:
        nonlocal length
        if parts and not parts[-1].endswith("\n"):
            parts.append("\n")
            length += 1

    paragraph_index = table_index = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            add(text, {"paragraph": paragraph_index}, "paragraph")
            paragraph_index += 1
            newline()
        elif tag == "tbl":
            table = Table(child, document)
            for row_index, row in enumerate(table.rows):
                seen: set[int] = set()
                first = True
                for cell_index, cell in enumerate(row.cells):
                    if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                        continue
                    seen.add(id(cell._tc))
                    text = cell.text
                    if not text.strip():
                        continue
                    if not first:
                        parts.append("\t")
                        length += 1
                    first = False
                    # paragraphs within a cell: "\n" in cell.text, read as a space
                    at = 0
                    for line in text.split("\n"):
                        if at:
                            parts.append(" ")
                            length += 1
                        where = {"table": table_index, "row": row_index, "cell": cell_index}
                        add(line, where, "cell", at)
                        at += len(line) + 1
                newline()
            table_index += 1
    return SourceText("".join(parts), "docx", pieces=pieces)


def _check_unpacked(data: bytes, name: str) -> None:
    """Refuse a zip bomb before python-docx unpacks it (the tables' workbook limits)."""
    limits = current_limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise LoadError(
            name,
            _(
                "Word 文件已损坏，无法打开（{cause}）：请用 Word 或 WPS 打开后另存为 .docx 再试"
            ).format(cause=exc),
        ) from exc
    if total > limits.max_xlsx_unpacked_bytes:
        raise over_limit(
            name,
            "max_xlsx_unpacked_bytes",
            limits.max_xlsx_unpacked_bytes,
            _("文件解压后有 {n:,} 字节").format(n=total),
        )
