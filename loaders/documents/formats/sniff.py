"""Which format a file is, told from its first bytes, the extension only breaking ties.

A bureau's ``通知.pdf`` may be a Word file renamed, a ``.txt`` an HTML page saved from a
browser: the content decides. The extension is used only where the bytes cannot tell (a
zip that is neither a Word document nor a workbook, text that is not HTML).

>>> sniff(b"%PDF-1.7 ...", "a.txt")
'pdf'
>>> sniff(b"\\x89PNG\\r\\n\\x1a\\n....", "scan")
'image'
>>> sniff(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1", "plan.docx")
'doc'
>>> sniff("<html><body>通知</body></html>".encode(), "a.txt")
'html'
>>> sniff("二〇二三年工作要点".encode(), "a.txt")
'txt'
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

__all__ = ["Format", "sniff"]

Format = Literal["txt", "html", "docx", "pdf", "image", "doc", "xlsx", "zip"]

_HTML = re.compile(rb"<\s*(!doctype\s+html|html|body|p|div|br|head|title|table|span)\b", re.I)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
)


def sniff(data: bytes, name: str) -> Format:
    """The format of a file with content ``data`` and name ``name``."""
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE):
        return "doc"  # Word 97-2003 (.doc), WPS (.wps), or an old .xls: all OLE containers
    if head.startswith(_IMAGES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if _HTML.search(head[:2000]):
        return "html"
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return "html" if suffix in {"html", "htm"} else "txt"


def _zip_format(data: bytes) -> Format:
    """A zip's format by its members: ``word/document.xml`` is Word, ``xl/`` a workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"
