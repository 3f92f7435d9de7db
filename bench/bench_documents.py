"""Reading documents of every format, and bad ones: seconds and peak memory per file.

Each case runs in a fresh process (its peak RSS, ``ru_maxrss``, is its own) and calls
``read_document`` as ``ttkg load`` does: read the file, extract, resolve (no store). The
good files are the test fixtures made from the dev texts
(``tests/loaders/documents/fixtures/``); the bad and the big ones are made here in a
temporary folder: a truncated DOCX and PDF, an encrypted PDF, a ``.doc``, an image with no
text, a 500-page text PDF (refused by ``TTKG_MAX_PAGES``, default 300, then read whole with
the limit raised), and a 40-page scanned PDF (refused by ``TTKG_MAX_OCR_PAGES``, default 30).
``python -m bench documents``.

On x86_64, 2 cores shared with other jobs (load average 8 to 12 during the run), 24 GB,
Python 3.11 (OCR times are the machine's contention more than RapidOCR's: a page takes
about 6 s on an idle core):

| case | seconds | peak RSS | outcome |
|---|---|---|---|
| DOCX, 2 pages (02.docx) | 1.11 | 72 MB | 18 entities |
| PDF text layer, 2 pages (13.pdf) | 1.05 | 69 MB | 5 entities |
| PNG by OCR (11.png) | 53.83 | 656 MB | 3 entities |
| scanned PDF by OCR, 1 page (16-scan.pdf) | 147.77 | 771 MB | 3 entities |
| bad: truncated.docx | 0.00 | 69 MB | error: 已损坏的 Word 文件 |
| bad: truncated.pdf | 1.48 | 69 MB | error: PDF 文件已损坏或不完整 |
| bad: encrypted.pdf | 1.12 | 69 MB | error: PDF 已加密 |
| bad: plan.doc | 0.00 | 69 MB | error: Word 97-2003（.doc）...另存为 .docx |
| bad: blank.png | 26.69 | 644 MB | empty: 文件中没有读出文字 |
| 500-page PDF, default limits | 0.67 | 67 MB | error: PDF 有 500 页；上限是 300（TTKG_MAX_PAGES） |
| 500-page PDF, TTKG_MAX_PAGES=600 | 16.37 | 80 MB | empty: 没有找到实体 (Latin filler text) |
| 40 scanned pages, default limits | 0.61 | 69 MB | error: ...上限是 30（TTKG_MAX_OCR_PAGES） |

The whole messages (and the 500-page figures before line boxes were sampled) are in
``bench/results/document-formats.md``. OCR's peak (650-770 MB)
is onnxruntime with the PP-OCRv4 models; a PDF's pages are read one at a time, so its
memory does not grow with the page count (80 MB for 500 pages).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "loaders" / "documents" / "fixtures"

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from loaders.documents import read_document
from loaders.resolve import Resolver
path = Path(sys.argv[1])
t0 = time.perf_counter()
result = read_document(path, resolver=Resolver(), region=None)
seconds = time.perf_counter() - t0
if result.error:
    outcome = "error: " + result.error
elif result.rejects:
    outcome = "empty: " + result.rejects[0].reason
else:
    outcome = f"{result.rows} entities"
print(json.dumps({"seconds": seconds, "outcome": outcome,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _text_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for page in range(pages):
        pdf.add_page()
        for line in range(40):
            pdf.cell(0, 6, f"Annual work plan, section {page}.{line}: cooperation and targets.")
            pdf.ln(6)
    return bytes(pdf.output())


def _scanned_pdf(pages: int) -> bytes:
    from fpdf import FPDF
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (600, 800), 255).save(buffer, format="JPEG")
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())


def _encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "secret")
    return bytes(pdf.output())


def _blank_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (1200, 1600), 255).save(buffer, format="PNG")
    return buffer.getvalue()


def cases(folder: Path) -> list[tuple[str, Path, dict[str, str]]]:
    """(case, file, extra environment) for every measurement."""
    docx = (FIXTURES / "02.docx").read_bytes()
    pdf = (FIXTURES / "13.pdf").read_bytes()
    made = {
        "truncated.docx": docx[: len(docx) // 2],
        "truncated.pdf": pdf[: len(pdf) // 3],
        "encrypted.pdf": _encrypted_pdf(),
        "plan.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
        "blank.png": _blank_png(),
        "500-pages.pdf": _text_pdf(500),
        "40-scanned-pages.pdf": _scanned_pdf(40),
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    out: list[tuple[str, Path, dict[str, str]]] = [
        ("DOCX, 2 pages (02.docx)", FIXTURES / "02.docx", {}),
        ("PDF text layer, 2 pages (13.pdf)", FIXTURES / "13.pdf", {}),
        ("PNG by OCR (11.png)", FIXTURES / "11.png", {}),
        ("scanned PDF by OCR, 1 page (16-scan.pdf)", FIXTURES / "16-scan.pdf", {}),
    ]
    out += [(f"bad: {name}", folder / name, {}) for name in list(made)[:5]]
    out.append(("500-page PDF, default limits", folder / "500-pages.pdf", {}))
    out.append(
        ("500-page PDF, TTKG_MAX_PAGES=600", folder / "500-pages.pdf", {"TTKG_MAX_PAGES": "600"})
    )
    out.append(("40 scanned pages, default limits", folder / "40-scanned-pages.pdf", {}))
    return out


def measure(path: Path, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    with tempfile.TemporaryDirectory() as name:
        print("| case | seconds | peak RSS | outcome |")
        print("|---|---|---|---|")
        for case, path, env in cases(Path(name)):
            r = measure(path, env)
            outcome = str(r["outcome"]).replace(str(Path(name)), "…").replace("|", "/")[:110]
            print(
                f"| {case} | {r['seconds']:.2f} | {r['peak_mb']:.0f} MB | {outcome} |", flush=True
            )


if __name__ == "__main__":
    main(sys.argv[1:])
