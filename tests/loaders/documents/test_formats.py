"""Word, PDF and web documents load like their text, with every span mapped back to the file.

The fixtures are made from the dev texts by ``fixtures/make_fixtures.py``; OCR'd formats are
in ``test_formats_ocr.py``, bad input in ``test_formats_bad.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest

from graph.model import EdgeKind, NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.documents import extract_file
from loaders.documents.extraction import Extraction
from loaders.documents.formats import read_source, read_source_bytes, sniff
from loaders.documents.text import to_simplified
from loaders.load import load_paths

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
DEV = HERE.parents[2] / "data" / "docs-dev"


def entities(x: Extraction) -> set[tuple[str, str]]:
    return {(e.kind.value, e.name) for e in x.entities}


def mentions(x: Extraction) -> list[dict[str, Any]]:
    return [e.properties for e in x.batch.edges if e.kind == EdgeKind.MENTIONED_IN]


@pytest.mark.parametrize(("fixture", "text"), [("02.docx", "02.txt"), ("13.pdf", "13.txt")])
def test_a_document_finds_what_its_text_finds(fixture: str, text: str) -> None:
    made = extract_file(FIXTURES / fixture, region=None)
    plain = extract_file(DEV / text, region=None)
    assert entities(made)
    assert entities(made) == entities(plain)
    assert {t.text for t in made.targets} == {t.text for t in plain.targets}


def test_docx_spans_point_into_paragraphs_and_table_cells() -> None:
    x = extract_file(FIXTURES / "02.docx", region=None)
    document = docx.Document(str(FIXTURES / "02.docx"))
    units = {"paragraph": 0, "cell": 0}
    for props in mentions(x):
        if "paragraph" in props:
            text = document.paragraphs[props["paragraph"]].text
            found = text[props["paragraph_start"] : props["paragraph_end"]]
            units["paragraph"] += 1
        else:
            row = document.tables[props["table"]].rows[props["row"]]
            text = row.cells[props["cell"]].text
            found = text[props["cell_start"] : props["cell_end"]]
            units["cell"] += 1
        assert to_simplified(found) == props["surface"]
    assert units["cell"] > 0  # the fixture puts the cooperation list in a table


def test_docx_reads_paragraphs_and_tables_in_order_and_not_the_page_header() -> None:
    source = read_source(FIXTURES / "02.docx")
    lines = source.text.splitlines()
    assert lines[0] == "乡镇年度科技局工作总结"
    assert lines[-1] == "（完）"  # the paragraph after the table comes after it
    assert any(line.endswith("\t已完成") for line in lines)
    assert "工作简报" not in source.text  # in the page header, outside the body


def test_pdf_spans_point_into_page_text() -> None:
    x = extract_file(FIXTURES / "13.pdf", region=None)
    pdf = pdfium.PdfDocument(str(FIXTURES / "13.pdf"))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    checked = across = 0
    for props in mentions(x):
        page = pages[props["page"] - 1]
        if "end_page" in props:  # a name the page break cut in two
            following = pages[props["end_page"] - 1]
            found = page[props["page_start"] :] + following[: props["page_end"]]
            running = "县科学技术局 工作简报"  # the header that stood between the halves
            found = found.replace(running, "")
            across += 1
        else:
            found = page[props["page_start"] : props["page_end"]]
        # a name wrapped over two lines has the line break inside it in the page text
        assert re.sub(r"\s|- \d+ -", "", found) == props["surface"]
        checked += 1
    assert checked >= 5
    assert across == 1  # 13.pdf breaks the page inside a company's name


def test_pdf_drops_running_headers_and_page_numbers_and_joins_wrapped_lines() -> None:
    source = read_source(FIXTURES / "13.pdf")
    assert source.pages == 2
    assert "工作简报" not in source.text
    assert not re.search(r"^- \d+ -$", source.text, re.MULTILINE)
    # every paragraph of the text is one line again, however the page wrapped it
    wanted = [line.strip() for line in (DEV / "13.txt").read_text("utf-8").splitlines()]
    got = source.text.splitlines()
    assert [w for w in wanted if w and re.sub(r"\s+", " ", w) not in got] == []
    assert any("页眉" in note for note in source.notes)


def test_provenance_of_a_pdf_names_the_page() -> None:
    x = extract_file(FIXTURES / "13.pdf", region=None)
    (entity,) = [n for n in x.batch.nodes if n.name == "上海交通大学"]
    assert re.fullmatch(r"page \d+ chars \d+-\d+", entity.provenance[0].locator or "")
    (document,) = [n for n in x.batch.nodes if n.kind == NodeKind.DOCUMENT]
    assert document.properties["format"] == "pdf"
    assert document.properties["pages"] == 2
    assert len(str(document.properties["file_sha256"])) == 64


def test_the_format_is_told_from_the_content_not_the_name(tmp_path: Path) -> None:
    renamed = tmp_path / "通知.txt"
    renamed.write_bytes((FIXTURES / "13.pdf").read_bytes())
    x = extract_file(renamed, region=None)
    assert entities(x) == entities(extract_file(FIXTURES / "13.pdf", region=None))
    assert sniff((FIXTURES / "02.docx").read_bytes(), "a.pdf") == "docx"
    assert sniff((FIXTURES / "11.png").read_bytes(), "a.docx") == "image"


WECHAT = """<!DOCTYPE html><html><head><title>公众号</title>
<script>var msg_title = "某某公众号";</script></head><body>
<div class="rich_media_area_primary"><h1 class="rich_media_title" id="activity-name">
平遥县深化县校合作集中签约</h1>
<div id="meta_content"><a id="js_name">山东京博控股集团官方号</a></div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;">
<p>太原科技大学分别与山西平遥同妙机车有限公司、平遥华兴电机铸造有限公司签定产学研合作协议。</p>
<section><p>学校还分别为两家公司授予大学生创新创业基地的牌匾。</p></section>
</div>
<div id="js_pc_qr_code"><p>微信扫一扫关注该公众号：华为技术有限公司</p></div>
</div></body></html>"""


def test_a_wechat_article_is_read_as_its_title_and_body(tmp_path: Path) -> None:
    path = tmp_path / "wechat.html"
    path.write_text(WECHAT, encoding="utf-8")
    x = extract_file(path, region="山西省晋中市平遥县")
    names = {e.name for e in x.entities}
    assert "太原科技大学" in names
    assert any("同妙机车" in name for name in names)
    assert not any("华为" in name or "京博" in name for name in names)  # chrome, not article
    for props in mentions(x):
        start, end = props["original_start"], props["original_end"]
        assert WECHAT[start:end] == props["surface"]


def test_text_files_keep_offsets_in_the_file() -> None:
    source = read_source_bytes("区科技局与山东大学签约。".encode(), "a.txt")
    assert (source.format, source.html, source.pieces) == ("txt", False, [])


def test_a_folder_of_every_format_loads_together(tmp_path: Path) -> None:
    for name in ("02.docx", "13.pdf"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "plan.txt").write_text("区科技局组织达民化工与山东大学签约。", encoding="utf-8")
    store = EmbeddedStore(":memory:")
    store.open()
    report = load_paths(store, [tmp_path], region=None)
    assert [f.error for f in report.files] == [None, None, None]
    documents = {n.properties["format"] for n in store.iter_nodes(kind=NodeKind.DOCUMENT)}
    assert documents == {"docx", "pdf", "txt"}


def test_only_short_lines_repeating_at_page_edges_are_running_heads() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=11)
    for page in range(1, 4):
        pdf.add_page()
        pdf.cell(0, 8, "Science and Technology Bureau bulletin")
        pdf.ln(10)
        for line in range(3):
            pdf.cell(
                0, 6, f"Item {page}.{line}: the district signs cooperation agreements this year"
            )
            pdf.ln(8)
        pdf.set_y(-20)
        pdf.cell(0, 8, f"- {page} -", align="C")
    source = read_source_bytes(bytes(pdf.output()), "bulletin.pdf")
    lines = source.text.splitlines()
    assert "bulletin" not in source.text
    assert not any(line.startswith("- ") for line in lines)
    # short of the right margin: lines of their own, not a paragraph wrapped
    assert len([line for line in lines if line.startswith("Item ")]) == 9
    assert source.pages == 3


def test_ttkg_extract_reads_a_word_document() -> None:
    from typer.testing import CliRunner

    from api.cli import app

    result = CliRunner().invoke(app, ["extract", str(FIXTURES / "02.docx"), "--json"])
    assert result.exit_code == 0, result.output
    names = {e["name"] for e in json.loads(result.stdout)["entities"]}
    assert "湖南同德职业技术学院" in names
