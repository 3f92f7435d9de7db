"""Reading table files: bytes -> text (encoding detection), text -> rows (delimiter
sniffing), XLSX workbooks -> one raw table per sheet. Parsing rows into records is in
:mod:`loaders.tables`.

Encodings: UTF-16 with a BOM (Excel's "Unicode text"), then UTF-8 (with or without BOM)
strictly, then GB18030 (a superset of GBK and GB2312, what Chinese Excel writes) strictly,
then whatever charset-normalizer recognises; the text must then look like text. Empty,
binary and undecodable files raise :class:`~graph.errors.LoadError`.

>>> decode_table_bytes("名称\\n华升化工\\n".encode("gbk"), name="x.csv")
('名称\\n华升化工\\n', 'gb18030')
>>> sniff_delimiter("name;city\\n华升化工;滨州市\\n")
';'
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from charset_normalizer import from_bytes

from graph.errors import LoadError
from graph.i18n import _
from loaders.limits import ReadBudget, ReadLimits, current_limits, over_limit

__all__ = [
    "RawTable",
    "check_workbook_archive",
    "decode_table_bytes",
    "read_csv_table",
    "read_table_file",
    "read_xlsx_tables",
    "rows_from_text",
    "sniff_delimiter",
]

MAX_FILE_BYTES = 256 * 1024 * 1024
_DELIMITERS = (",", "\t", ";", "|")
_SAMPLE_ROWS = 20


@dataclass
class RawTable:
    """The cells of one CSV file or one XLSX sheet, before they mean anything."""

    label: str
    """How results and rejects name it: the path, plus ``(sheet S)`` for a workbook sheet."""
    source: str
    """The provenance source: the file's name relative to the load root, or its name."""
    rows: list[tuple[int, list[object]]]
    """``(row number as a spreadsheet shows it, cells)``; the first row is row 1."""
    sheet: str | None = None
    hints: tuple[str, ...] = field(default=())
    """Names that may tell the table kind, best first: sheet name, then file stem."""

    def locator(self, row: int) -> str:
        """``row N`` or ``sheet S row N``."""
        return f"sheet {self.sheet} row {row}" if self.sheet is not None else f"row {row}"


def _looks_like_text(text: str) -> bool:
    if "\x00" in text:
        return False
    odd = sum(
        1
        for char in text[:100_000]
        if (unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs") and char not in "\t\r\n\f")
    )
    return odd <= max(1, len(text[:100_000]) // 100)


def decode_table_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """The text of a delimited file and the encoding it was in; `LoadError` if it has none."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise LoadError(name, _("文件是空的"))
    if data.startswith(b"PK\x03\x04"):
        raise LoadError(name, _("这是 zip 压缩包（XLSX 工作簿？），不是分隔符文本文件"))
    candidates: list[tuple[str, bytes]] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates.append(("utf-16", data))
    elif b"\x00" in data[:8192]:
        raise LoadError(name, _("这像是二进制文件（含 NUL 字节），不是表格"))
    candidates += [("utf-8-sig", data), ("gb18030", data)]
    for encoding, raw in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, "utf-8" if encoding == "utf-8-sig" else encoding
        if encoding != "gb18030":  # valid UTF-8 or UTF-16 full of control characters
            raise LoadError(
                name, _("这像是二进制文件，不是 {encoding} 文本").format(encoding=encoding)
            )
    # Neither: ask charset-normalizer, and believe it only when the text reads as a language
    # (junk bytes decode as *some* code page, with no coherence).
    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding and best.coherence >= 0.1 and best.chaos <= 0.1:
        text = data.decode(best.encoding, errors="strict") if _decodes(data, best.encoding) else ""
        if text and _looks_like_text(text):
            return text, best.encoding
    raise LoadError(name, _("无法解码文件：既不是 UTF-8 也不是 GB18030（GBK）文本"))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def sniff_delimiter(text: str, *, default: str = ",") -> str:
    """The delimiter (``,`` tab ``;`` ``|``) that splits the first rows most consistently."""
    best, best_score = default, (0, 0)
    for delimiter in _DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(text), delimiter=delimiter)
            widths = [len(row) for _i, row in zip(range(_SAMPLE_ROWS), reader, strict=False) if row]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(width == widths[0] for width in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def rows_from_text(
    text: str,
    *,
    delimiter: str | None = None,
    name: str = "<text>",
    limits: ReadLimits | None = None,
) -> list[tuple[int, list[object]]]:
    """Rows of delimited text, numbered from 1 as a spreadsheet would (a quoted line break
    stays inside its row); `LoadError` past the rows or cells ``limits`` (default: the
    current ones)."""
    delimiter = delimiter or sniff_delimiter(text)
    budget = ReadBudget(name, limits)
    # A line of a million commas is one row of a million cells, split in one go: count first.
    delimiters = text.count(delimiter)
    if delimiters > budget.limits.max_cells:
        raise over_limit(
            name,
            "max_cells",
            budget.limits.max_cells,
            _("文件有 {count} 个分隔符").format(count=f"{delimiters:,}"),
        )
    rows: list[tuple[int, list[object]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            budget.row(len(cells))
            rows.append((number, list(cells)))
    except csv.Error as exc:
        raise LoadError(
            name, _("第 {row} 行：无法拆分成单元格（{cause}）").format(row=number + 1, cause=exc)
        ) from exc
    budget.flush()
    return rows


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(str(path), _cannot_read(exc)) from exc
    if size > MAX_FILE_BYTES:
        raise LoadError(
            str(path),
            _("文件有 {size} 字节，超过 {limit}").format(size=size, limit=MAX_FILE_BYTES),
        )


def _cannot_read(exc: OSError) -> str:
    return _("无法读取文件（{cause}）").format(cause=exc.strerror)


def read_csv_table(path: Path, *, source: str, limits: ReadLimits | None = None) -> RawTable:
    """One delimited text file (``.csv``, ``.tsv``) as a raw table; `LoadError` past
    ``limits``."""
    _check_size(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(str(path), _cannot_read(exc)) from exc
    text, _encoding = decode_table_bytes(data, name=str(path))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else None
    rows = rows_from_text(text, delimiter=delimiter, name=str(path), limits=limits)
    return RawTable(label=str(path), source=source, rows=rows, hints=(path.stem,))


def read_xlsx_tables(
    path: Path, *, source: str, limits: ReadLimits | None = None
) -> list[RawTable]:
    """Every non-empty sheet of a workbook, each a raw table named after its sheet.

    Cells keep openpyxl's types (formulas give their cached values), except that a number
    formatted as a percentage arrives as the text Excel shows (0.035 -> ``"3.5%"``, in full
    precision). The workbook is streamed (openpyxl's read-only mode), so a merged cell's value
    is in its first cell and the others are None; blank rows are left out (their numbers
    stay those of the sheet).

    A workbook is checked before it is opened (its members' unpacked sizes, together and
    against their packed sizes, see :func:`check_workbook_archive`), its sheets' declared
    dimensions are ignored (a sheet declaring ``A1:XFD1048576`` would be padded to 16,384
    columns per row), and its rows and cells are counted as they are read: past any of
    ``limits`` (default: the current ones) it is a `LoadError` naming the limit. Its XML is
    parsed by defusedxml (through openpyxl), so entity expansion and external entities are
    refused, and broken XML is a `LoadError` too.
    """
    import openpyxl  # imported here: only workbooks need it
    from openpyxl.utils.exceptions import InvalidFileException

    name = str(path)
    limits = limits or current_limits()
    _check_size(path)
    check_workbook_archive(path, limits=limits)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *_XLSX_ERRORS) as exc:
        raise LoadError(
            name, _("无法作为 XLSX 工作簿打开（{cause}）").format(cause=_reason(exc))
        ) from exc
    tables: list[RawTable] = []
    percent_formats: dict[str, bool] = {}
    budget = ReadBudget(name, limits)
    try:
        sheets = workbook.worksheets
        if len(sheets) > limits.max_sheets:
            raise over_limit(
                name,
                "max_sheets",
                limits.max_sheets,
                _("工作簿有 {count} 个工作表").format(count=len(sheets)),
            )
        for sheet in sheets:
            sheet.reset_dimensions()  # read the cells there are, not the ones it declares
            # a cell's format costs a cell object per cell: read them only in a sheet that
            # shows percentages in its first rows (an R&D sheet), not in a plain roster
            formats = _shows_percentages(sheet, percent_formats)
            rows: list[tuple[int, list[object]]] = []
            for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=not formats), 1):
                if not cells:
                    continue  # a row the sheet does not hold: nothing to count or keep
                budget.row(len(cells))
                values = _row_values(cells, percent_formats) if formats else list(cells)
                if _filled(values):
                    rows.append((number, values))
            if not rows:
                continue
            tables.append(
                RawTable(
                    label=f"{path} (sheet {sheet.title})",
                    source=source,
                    rows=rows,
                    sheet=sheet.title,
                    hints=(sheet.title, path.stem),
                )
            )
    except _XLSX_ERRORS as exc:
        raise LoadError(name, _("无法读取工作簿（{cause}）").format(cause=_reason(exc))) from exc
    finally:
        workbook.close()
    budget.flush()
    if not tables:
        raise LoadError(name, _("工作簿里没有任何填了内容的工作表"))
    return tables


# What openpyxl raises on a malformed workbook: its zip reader's, its XML parser's (defusedxml's
# refusals are ValueErrors) and those of its element classes reading unexpected values.
_XLSX_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    LookupError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    ParseError,
    SyntaxError,  # lxml's XMLSyntaxError: openpyxl parses with lxml when it is installed
)
_MEMBER_RATIO_FROM = 1024 * 1024  # small members may compress well and cost nothing


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def check_workbook_archive(path: Path, *, limits: ReadLimits | None = None) -> None:
    """`LoadError` when a workbook's zip members would unpack to more than the limits allow:
    more than ``max_xlsx_unpacked_bytes`` together, or a member of more than a megabyte
    unpacking to more than ``max_xlsx_ratio`` bytes per packed byte (a deflate bomb).

    The sizes are those the archive declares; Python's zip reader never unpacks a member past
    its declared size (and then fails its CRC), so they bound what openpyxl can unpack. A file
    that is not a zip archive is left for openpyxl to refuse.
    """
    limits = limits or current_limits()
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return
    total = sum(member.file_size for member in members)
    if total > limits.max_xlsx_unpacked_bytes:
        raise over_limit(
            name,
            "max_xlsx_unpacked_bytes",
            limits.max_xlsx_unpacked_bytes,
            _("工作簿解压后有 {size} 字节").format(size=f"{total:,}"),
        )
    for member in members:
        if member.file_size > _MEMBER_RATIO_FROM:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.max_xlsx_ratio:
                raise over_limit(
                    name,
                    "max_xlsx_ratio",
                    limits.max_xlsx_ratio,
                    _("其中 {part} 解压后是压缩大小的 {ratio} 倍").format(
                        part=member.filename[:100], ratio=f"{ratio:,.0f}"
                    ),
                )


def _row_values(cells: Sequence[Any], percent_formats: dict[str, bool]) -> list[object]:
    """The values of a row of read-only cells; a number Excel shows as a percentage becomes
    its text (0.035 formatted ``0.0%`` -> ``"3.5%"``), so that 3.5% is not read as 0.035."""
    values: list[object] = [cell.value for cell in cells]
    for position, value in enumerate(values):
        if type(value) is float or type(value) is int:  # a bool is an int but never a percent
            number_format = cells[position].number_format
            percent = percent_formats.get(number_format)
            if percent is None:
                percent = percent_formats[number_format] = _is_percent_format(number_format)
            if percent:
                values[position] = f"{Decimal(repr(value)).scaleb(2).normalize():f}%"
    return values


_PERCENT_SAMPLE = 200
"""How many rows from the top tell whether a sheet shows any number as a percentage."""


def _shows_percentages(sheet: Any, percent_formats: dict[str, bool]) -> bool:
    """Whether a number among the sheet's first rows is formatted as a percentage."""
    for cells in sheet.iter_rows(min_row=1, max_row=_PERCENT_SAMPLE):
        for cell in cells:
            value = getattr(cell, "value", None)
            if type(value) is float or type(value) is int:  # a bool is never a percent
                number_format = cell.number_format
                percent = percent_formats.get(number_format)
                if percent is None:
                    percent = percent_formats[number_format] = _is_percent_format(number_format)
                if percent:
                    return True
    return False


def _is_percent_format(number_format: str | None) -> bool:
    """Whether an Excel number format multiplies by 100: a ``%`` outside quotes and escapes
    (``0.0"%"`` and ``0.0\\%`` only print the sign).

    >>> _is_percent_format("0.00%"), _is_percent_format('0.0"%"'), _is_percent_format("General")
    (True, False, False)
    """
    if not number_format or "%" not in number_format:
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _filled(cells: Sequence[object]) -> bool:
    return any(cell is not None and str(cell).strip() for cell in cells)


def read_table_file(
    path: Path, *, source: str | None = None, limits: ReadLimits | None = None
) -> list[RawTable]:
    """The raw tables of a file: one for a CSV/TSV file, one per sheet for a workbook.

    ``limits`` (default: :func:`~loaders.limits.current_limits`) bound what the file may
    cost; a file past one, like a file that cannot be read, is a `LoadError`.
    """
    source = source or path.name
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx_tables(path, source=source, limits=limits)
    return [read_csv_table(path, source=source, limits=limits)]
