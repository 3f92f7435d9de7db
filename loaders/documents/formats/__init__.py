"""Files of every format a bureau publishes, made into text that maps back to the file.

:func:`read_source` sniffs the format from the content (:mod:`.sniff`), then reads it:

========  ==========================================  ============================
format    reader                                      a span maps back to
========  ==========================================  ============================
``txt``   :func:`~loaders.documents.text.decode_bytes`  offsets in the file
``html``  as text, WeChat articles cut to their body    offsets in the file
``docx``  :mod:`.docx` (python-docx)                    paragraph or table cell
``pdf``   :mod:`.pdf` (PDFium), scanned pages by OCR    page (and box for OCR)
``image`` :mod:`.ocr` (RapidOCR, models in the wheel)   page, line and box
========  ==========================================  ============================

``.doc`` and ``.wps`` (Word 97-2003 and WPS binary files) are refused with how to convert
them; so is any other format, by name.

>>> source = read_source_bytes("<p>區科技局</p>".encode(), "a.txt")
>>> source.format, source.html
('html', True)
>>> read_source_bytes(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(100), "plan.doc")
Traceback (most recent call last):
...
graph.errors.LoadError: plan.doc: 这是 Word 97-2003（.doc）或 WPS（.wps）格式的文件，...
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from graph.errors import LoadError
from graph.i18n import _
from loaders.documents.formats.sniff import Format, sniff
from loaders.documents.formats.source import Piece, SourceText
from loaders.documents.formats.web import is_wechat, wechat_article

__all__ = ["Format", "Piece", "SourceText", "read_source", "read_source_bytes", "sniff"]


def read_source(path: Path) -> SourceText:
    """The text of the file ``path``; `LoadError` names the file and the cause."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(
            str(path), _("无法读取文件：{cause}").format(cause=exc.strerror or exc)
        ) from exc
    return read_source_bytes(data, str(path))


def read_source_bytes(data: bytes, name: str) -> SourceText:
    """The text of a file with content ``data``, named ``name`` in errors."""
    source = _read(data, name)
    source.sha256 = hashlib.sha256(data).hexdigest()
    return source


def _read(data: bytes, name: str) -> SourceText:
    from loaders.documents.text import decode_bytes

    kind = sniff(data, name)
    if kind == "pdf":
        from loaders.documents.formats.pdf import read_pdf

        return read_pdf(data, name)
    if kind == "docx":
        from loaders.documents.formats.docx import read_docx

        return read_docx(data, name)
    if kind == "image":
        from loaders.documents.formats.ocr import read_image

        return read_image(data, name)
    if kind == "doc":
        raise LoadError(
            name,
            _(
                "这是 Word 97-2003（.doc）或 WPS（.wps）格式的文件，无法直接读取："
                "请用 Word 或 WPS 打开，“另存为” .docx（或 PDF）后再上传"
            ),
        )
    if kind == "xlsx":
        raise LoadError(name, _("这是 Excel 表格，不是公文：请作为表格导入（.xlsx）"))
    if kind == "zip":
        raise LoadError(
            name, _("这是压缩包或已损坏的 Word 文件，无法读取：请解压，或另存为 .docx 后再上传")
        )
    text = decode_bytes(data, source=name)
    if kind == "html":
        return SourceText(wechat_article(text) if is_wechat(text) else text, "html", html=True)
    return SourceText(text, "txt")
