"""Hostile and broken input files: each stops with a clear LoadError, or reads as little.

The bombs are made here: a sheet that declares 16,384 columns and holds one cell, a deflate
bomb, billion laughs, an external entity, broken XML, a zip that is not a workbook. Random
bytes with every suffix and random small workbooks go through the same readers: the only
exception that may come out is :class:`~graph.errors.LoadError`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import LoadError
from graph.settings import Settings
from loaders.documents import extract_file
from loaders.limits import ReadLimits, current_limits, reading_limits
from loaders.resolve import Resolver
from loaders.tables.files import RawTable, read_table_file

pytestmark = pytest.mark.usefixtures("english")  # these tests read messages in English

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def sheet_xml(rows: str, *, dimension: str = "", prolog: str = "") -> str:
    """A worksheet part holding ``rows`` (``<row>`` elements)."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'{prolog}<worksheet xmlns="{MAIN}">{declared}<sheetData>{rows}</sheetData></worksheet>'


def inline_row(number: int, column: str, text: str) -> str:
    """One row with one inline-string cell."""
    return (
        f'<row r="{number}"><c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c></row>'
    )


def workbook_bytes(
    *sheets: str, workbook_prolog: str = "", extra: dict[str, bytes] | None = None
) -> bytes:
    """An XLSX package written by hand, each sheet exactly as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(
                sheets="".join(SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))
            ),
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="S{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'{workbook_prolog}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
            f"<sheets>{entries}</sheets></workbook>",
        )
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet" '
            f'Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{RELS}">{links}</Relationships>',
        )
        for n, sheet in enumerate(sheets, 1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", sheet)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def cells(tables: list[RawTable]) -> list[tuple[str | None, int, list[object]]]:
    return [(t.sheet, number, row) for t in tables for number, row in t.rows]


# -- the bombs ----------------------------------------------------------------------------------


def test_a_declared_dimension_allocates_nothing(tmp_path: Path) -> None:
    # 300 rows x 16,384 declared columns: read as declared, that is 4.9 million empty cells
    xml = sheet_xml(inline_row(300, "A", "华升化工"), dimension="A1:XFD300")
    tables = read_table_file(write(tmp_path, "trap.xlsx", workbook_bytes(xml)))
    assert cells(tables) == [("S1", 300, ["华升化工"])]


def test_the_whole_sheet_declared_reads_as_its_one_cell(tmp_path: Path) -> None:
    xml = sheet_xml(inline_row(1_048_576, "B", "x"), dimension="A1:XFD1048576")
    tables = read_table_file(write(tmp_path, "trap.xlsx", workbook_bytes(xml)))
    assert cells(tables) == [("S1", 1_048_576, [None, "x"])]


def test_a_row_reaching_the_last_column_counts_its_cells(tmp_path: Path) -> None:
    rows = "".join(inline_row(n, "XFD", "x") for n in range(1, 400))
    path = write(tmp_path, "wide.xlsx", workbook_bytes(sheet_xml(rows)))
    with reading_limits(max_cells=1_000_000), pytest.raises(LoadError, match="TTKG_MAX_CELLS"):
        read_table_file(path)


def deflate_bomb(tmp_path: Path, megabytes: int = 50) -> Path:
    """A workbook whose sheet is ``megabytes`` MB of blanks around one cell (~50 KB zipped)."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(workbook_bytes(sheet_xml(inline_row(1, "A", "x"))))
    head, tail = sheet_xml("@").split("@")
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet2.xml", "w") as member,
    ):
        member.write(head.encode())
        blank = b" " * (1024 * 1024)
        for _ in range(megabytes):
            member.write(blank)
        member.write(tail.encode())
    return path


def test_a_deflate_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = deflate_bomb(tmp_path)
    assert path.stat().st_size < 200_000
    with (
        reading_limits(max_xlsx_unpacked_bytes=10_000_000),
        pytest.raises(LoadError, match="TTKG_MAX_XLSX_UNPACKED_BYTES") as error,
    ):
        read_table_file(path)
    assert "bomb.xlsx" in str(error.value)
    with pytest.raises(LoadError, match="TTKG_MAX_XLSX_RATIO"):
        read_table_file(path)  # under the default size limit, but a thousand to one


@pytest.mark.parametrize("where", ["sheet", "workbook"])
def test_billion_laughs_are_refused(tmp_path: Path, where: str) -> None:
    laughs = LAUGHS if where == "sheet" else ""
    xml = sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', prolog=laughs
    )
    data = workbook_bytes(xml, workbook_prolog=LAUGHS if where == "workbook" else "")
    with pytest.raises(LoadError, match=r"laughs\.xlsx"):
        read_table_file(write(tmp_path, "laughs.xlsx", data))


def test_an_external_entity_is_refused_and_not_read(tmp_path: Path) -> None:
    xml = sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row>', prolog=XXE
    )
    with pytest.raises(LoadError, match=r"xxe\.xlsx") as error:
        read_table_file(write(tmp_path, "xxe.xlsx", workbook_bytes(xml)))
    assert "root:" not in str(error.value)


@pytest.mark.parametrize(
    "data",
    [
        workbook_bytes(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c'),
        workbook_bytes(sheet_xml("<row r='x'><c r='??'><v>1</v></c></row>")),
        workbook_bytes(sheet_xml(inline_row(1, "A", "x")), workbook_prolog="<broken"),
    ],
    ids=["truncated-sheet", "bad-references", "broken-workbook-part"],
)
def test_broken_xml_is_a_load_error(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(LoadError, match=r"broken\.xlsx"):
        read_table_file(write(tmp_path, "broken.xlsx", data))


def test_a_zip_that_is_not_a_workbook_is_a_load_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(LoadError, match=r"not\.xlsx"):
        read_table_file(write(tmp_path, "not.xlsx", buffer.getvalue()))


# -- the counted limits -------------------------------------------------------------------------


def test_rows_are_counted_while_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "long.csv", b"name\n" + b"x\n" * 50)
    assert len(read_table_file(path)[0].rows) == 51
    with reading_limits(max_rows=20), pytest.raises(LoadError) as error:
        read_table_file(path)
    assert "long.csv" in str(error.value)
    assert "20" in str(error.value)
    assert "TTKG_MAX_ROWS" in str(error.value)


def test_a_line_of_delimiters_is_stopped_before_it_is_split(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.csv", b"a,b\n" + b"," * 200_000 + b"\n")
    with reading_limits(max_cells=10_000), pytest.raises(LoadError, match="TTKG_MAX_CELLS"):
        read_table_file(path)


def test_workbook_rows_and_sheets_are_counted(tmp_path: Path) -> None:
    rows = "".join(inline_row(n, "A", f"r{n}") for n in range(1, 31))
    path = write(tmp_path, "book.xlsx", workbook_bytes(sheet_xml(rows), sheet_xml(rows)))
    assert len(cells(read_table_file(path))) == 60
    with reading_limits(max_rows=50), pytest.raises(LoadError, match="TTKG_MAX_ROWS"):
        read_table_file(path)
    with reading_limits(max_sheets=1), pytest.raises(LoadError, match="TTKG_MAX_SHEETS"):
        read_table_file(path)


def test_progress_hears_of_every_row(tmp_path: Path) -> None:
    path = write(tmp_path, "long.csv", b"name\n" + b"x\n" * 2500)
    heard: list[int] = []
    with reading_limits(on_rows=heard.append):
        read_table_file(path)
    assert sum(heard) == 2501


def test_the_limits_come_from_the_settings() -> None:
    limits = ReadLimits.from_settings(Settings(max_rows=7, max_xlsx_ratio=3))
    assert (limits.max_rows, limits.max_xlsx_ratio) == (7, 3)
    with reading_limits(limits):
        assert current_limits().max_rows == 7
    assert current_limits().max_rows == Settings().max_rows


def test_openpyxl_parses_with_defusedxml() -> None:
    import defusedxml.ElementTree
    from openpyxl.xml import functions

    assert functions.iterparse is defusedxml.ElementTree.iterparse


# -- fuzzing ------------------------------------------------------------------------------------

SUFFIXES = [".csv", ".tsv", ".xlsx", ".xlsm"]
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def read_or_refuse(path: Path) -> list[RawTable]:
    """``read_table_file`` under small limits: its tables, or [] when it refused the file."""
    with reading_limits(max_rows=2_000, max_cells=50_000, max_xlsx_unpacked_bytes=5_000_000):
        try:
            return read_table_file(path)
        except LoadError as exc:
            refusal = str(exc)
    assert path.name in refusal
    return []


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_raise_anything_but_load_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    read_or_refuse(write(tmp_path, f"fuzz{suffix}", data))


@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_bytes_after_a_zip_signature_never_raise_anything_but_load_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    read_or_refuse(write(tmp_path, f"fuzz{suffix}", b"PK\x03\x04" + data))


cell_values = st.one_of(
    st.none(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc")),
        max_size=20,
    ),
)


@FUZZ
@given(
    sheets=st.lists(
        st.lists(st.lists(cell_values, max_size=6), max_size=8),
        min_size=1,
        max_size=3,
    ),
    formats=st.lists(st.sampled_from(["General", "0.0%", "0.00", '0"%"', "yyyy-mm-dd"])),
)
def test_random_small_workbooks_read_as_written(
    tmp_path: Path, sheets: list[list[list[object]]], formats: list[str]
) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for n, rows in enumerate(sheets):
        sheet = book.create_sheet(f"S{n}")
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                cell = sheet.cell(r, c, value)
                if formats:
                    cell.number_format = formats[(r + c) % len(formats)]
    path = tmp_path / "random.xlsx"
    book.save(path)
    tables = read_or_refuse(path)
    filled = [
        n for n, rows in enumerate(sheets) if any(v not in (None, "") for r in rows for v in r)
    ]
    if tables:
        assert [t.sheet for t in tables] == [f"S{n}" for n in filled]


xml_text = st.text(st.sampled_from('<>/="&;# abcrvtis12AZ:!-[]\n'), max_size=300)


@FUZZ
@given(body=xml_text, rows=xml_text)
def test_random_sheet_xml_never_raises_anything_but_load_error(
    tmp_path: Path, body: str, rows: str
) -> None:
    xml = f'<worksheet xmlns="{MAIN}">{body}<sheetData>{rows}</sheetData></worksheet>'
    read_or_refuse(write(tmp_path, "fuzz.xlsx", workbook_bytes(xml)))


_RESOLVER: list[Resolver] = []


def resolver() -> Resolver:
    if not _RESOLVER:
        _RESOLVER.append(Resolver(region="山东省滨州市沾化区"))
    return _RESOLVER[0]


@FUZZ
@given(
    data=st.one_of(st.binary(max_size=2048), st.text(max_size=300).map(str.encode)),
    suffix=st.sampled_from([".txt", ".html", ".htm"]),
)
def test_random_documents_never_raise_anything_but_load_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = write(tmp_path, f"fuzz{suffix}", data)
    try:
        extract_file(path, region="山东省滨州市沾化区", resolver=resolver())
    except LoadError as exc:
        refusal = str(exc)
        assert path.name in refusal
