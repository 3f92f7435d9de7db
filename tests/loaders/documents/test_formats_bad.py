"""Bad documents: each is a clear error naming the file and the cause (Chinese first), or an
empty result with a reason, and the other files of a batch still load. Timings and memory of
the same cases (and of a 500-page PDF) are in ``bench/bench_documents.py``."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

from graph.errors import LoadError
from graph.model import NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.documents.formats import read_source_bytes
from loaders.limits import current_limits, reading_limits
from loaders.load import load_paths

FIXTURES = Path(__file__).parent / "fixtures"
PDF = (FIXTURES / "13.pdf").read_bytes()
DOCX = (FIXTURES / "02.docx").read_bytes()


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "secret")
    return bytes(pdf.output())


def docx_with_broken_xml() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(DOCX)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    return out.getvalue()


BAD = {
    "truncated.pdf": (PDF[: len(PDF) // 3], "PDF 文件已损坏"),
    "garbage.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 20, "PDF 文件已损坏"),
    "encrypted.pdf": (encrypted_pdf(), "PDF 已加密"),
    "truncated.docx": (DOCX[: len(DOCX) // 2], "已损坏的 Word 文件"),
    "broken-xml.docx": (docx_with_broken_xml(), "Word 文件内容已损坏"),
    "plan.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "另存为” .docx"),
    "plan.wps": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "WPS（.wps）"),
    "scan.png": (b"\x89PNG\r\n\x1a\n" + bytes(100), "图片已损坏"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_is_an_error_naming_file_and_cause(name: str) -> None:
    data, cause = BAD[name]
    with pytest.raises(LoadError) as caught:
        read_source_bytes(data, name)
    assert caught.value.path == name
    assert cause in caught.value.cause


@pytest.mark.parametrize(
    ("fixture", "limit", "value", "setting"),
    [
        ("13.pdf", "max_pages", 1, "TTKG_MAX_PAGES"),
        ("16-scan.pdf", "max_ocr_pages", 0, "TTKG_MAX_OCR_PAGES"),
        ("11.png", "max_image_pixels", 10_000, "TTKG_MAX_IMAGE_PIXELS"),
        ("13.pdf", "max_document_seconds", 1e-9, "TTKG_MAX_DOCUMENT_SECONDS"),
    ],
)
def test_a_file_past_a_limit_names_the_limit_and_its_variable(
    fixture: str, limit: str, value: float, setting: str
) -> None:
    changes: dict[str, Any] = {limit: value}
    limits = replace(current_limits(), **changes)
    with reading_limits(limits), pytest.raises(LoadError) as caught:
        read_source_bytes((FIXTURES / fixture).read_bytes(), fixture)
    assert setting in str(caught.value)
    assert caught.value.path == fixture


def test_the_rest_of_a_batch_loads(tmp_path: Path) -> None:
    for name, (data, _cause) in BAD.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "13.pdf").write_bytes(PDF)
    (tmp_path / "note.txt").write_text("区科技局组织达民化工与山东大学签约。", encoding="utf-8")
    store = EmbeddedStore(":memory:")
    store.open()
    report = load_paths(store, [tmp_path], region=None)
    errors = {Path(f.file).name: f.error for f in report.files}
    assert {name for name, error in errors.items() if error is None} == {"13.pdf", "note.txt"}
    for name, (_data, cause) in BAD.items():
        assert cause in (errors[name] or "")
    loaded = {n.properties["file"] for n in store.iter_nodes(kind=NodeKind.DOCUMENT)}
    assert loaded == {"13.pdf", "note.txt"}
