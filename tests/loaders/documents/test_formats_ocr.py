"""Scans and images through OCR: most of what the text names is found, every box lands on
the line of the page it was read from, and nothing is fetched from the network (the models
ship inside the ``rapidocr-onnxruntime`` wheel). Slow: OCR takes seconds a page."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from graph.model import EdgeKind
from loaders.documents import extract_file
from loaders.documents.extraction import Extraction
from loaders.documents.formats import ocr
from loaders.documents.formats.pdf import OCR_DPI
from loaders.documents.reader import read_document
from loaders.documents.text import to_simplified
from loaders.resolve import Resolver

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
DEV = HERE.parents[2] / "data" / "docs-dev"


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"a network call was attempted: {args!r}")


@pytest.fixture(scope="module", autouse=True)
def offline() -> Iterator[None]:
    """No socket may connect or resolve a name while the OCR engine loads and reads."""
    ocr._engine.cache_clear()  # the models are loaded under the guard
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _no_network)
        patch.setattr(socket, "create_connection", _no_network)
        patch.setattr(socket, "getaddrinfo", _no_network)
        yield


@pytest.fixture(scope="module")
def png() -> Extraction:
    return extract_file(FIXTURES / "11.png", region=None)


@pytest.fixture(scope="module")
def scan() -> Extraction:
    return extract_file(FIXTURES / "16-scan.pdf", region=None)


def names(x: Extraction) -> set[tuple[str, str]]:
    return {(e.kind.value, e.name) for e in x.entities}


@pytest.mark.parametrize(("made", "text"), [("png", "11.txt"), ("scan", "16.txt")])
def test_ocr_finds_most_of_what_the_text_names(
    made: str, text: str, request: pytest.FixtureRequest
) -> None:
    x: Extraction = request.getfixturevalue(made)
    wanted = names(extract_file(DEV / text, region=None))
    found = names(x) & wanted
    assert wanted
    assert len(found) >= 0.75 * len(wanted), (wanted - found, names(x) - wanted)


@pytest.mark.parametrize(
    ("made", "fixture", "size"),
    [("png", "11.png", None), ("scan", "16-scan.pdf", OCR_DPI / 72)],
)
def test_every_box_lands_on_the_line_drawn_there(
    made: str, fixture: str, size: float | None, request: pytest.FixtureRequest
) -> None:
    x: Extraction = request.getfixturevalue(made)
    path = FIXTURES / fixture
    if size is None:
        width, height = Image.open(path).size
    else:
        pdf = pdfium.PdfDocument(str(path))
        w, h = pdf[0].get_size()
        width, height = round(w * size), round(h * size)
    lines = json.loads(path.with_suffix(".lines.json").read_text("utf-8"))
    checked = 0
    for edge in x.batch.edges:
        if edge.kind != EdgeKind.MENTIONED_IN:
            continue
        props: dict[str, Any] = edge.properties
        x0, y0, x1, y1 = props["box"]
        middle = ((x0 + x1) / 2 / width, (y0 + y1) / 2 / height)
        drawn = [
            line["text"]
            for line in lines[props["page"] - 1]
            if line["box"][0] - 0.02 <= middle[0] <= line["box"][2] + 0.02
            and line["box"][1] - 0.02 <= middle[1] <= line["box"][3] + 0.02
        ]
        surface = str(props["surface"])
        text = to_simplified("".join(drawn))
        # the box of a name wrapped onto the next line is that of its first line
        assert drawn
        assert surface in text or any(text.endswith(surface[:k]) for k in range(1, len(surface)))
        checked += 1
    assert checked >= 3


def test_an_image_with_no_text_is_an_empty_result_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "blank.png"
    Image.new("L", (800, 600), 255).save(path)
    result = read_document(path, resolver=Resolver(), region=None)
    assert result.error is None
    assert result.batch.nodes == []
    assert "没有读出文字" in result.rejects[0].reason
    assert any("没有识别出文字" in note for note in result.notes)
