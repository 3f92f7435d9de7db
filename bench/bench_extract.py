"""Document extraction: quality on labelled documents, then speed on a ~10 MB work plan.

Quality: ``ttkg eval documents`` scores on the dev set (``data/docs-dev``, 16 real documents
from 15 provinces), the seed work plan (``data/documents/workplan-2021.txt`` against
``tests/loaders/documents/workplan-2021.expected.json``) and three held-out documents
(``tests/loaders/documents/heldout``), one table each: per kind precision, recall and F1,
micro F1 over institutions, enterprises and talent programmes, targets found.

Speed: the document is the real 2021 work plan (traditional characters, pinyin annotations)
repeated with the enterprise names varied, so that it names thousands of distinct
enterprises. Each size runs in a fresh process so its peak memory is its own.
``python -m bench extract [--mb 10] [--quality-only]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

RUN = """
import json, random, resource, sys, time
from pathlib import Path
from typing import Any
from loaders.resolve import Resolver
from loaders.documents import parse_document
from loaders.documents.text import decode_bytes, normalise

plan = Path(sys.argv[1]).read_text(encoding="utf-8")
target = int(float(sys.argv[2]) * 1024 * 1024)
body = plan[plan.index("2021年"):]
pool = "鑫瑞恒泰宏昌盛源丰鼎润德信隆康汇通达远腾辉金银海星光明嘉禾永兴万福"
rng = random.Random(7)
parts, size = [plan], len(plan.encode())
names = ["華(huá)升", "建華(huá)", "昶昇", "達(dá)民", "祥雲(yún)", "海容", "浩瀚", "大榮(róng)"]
while size < target:
    copy = body
    for name in names:
        copy = copy.replace(name, "".join(rng.choice(pool) for _ in range(2)))
    parts.append(copy)
    size += len(copy.encode())
data = "\\n".join(parts).encode()

t0 = time.perf_counter()
text = decode_bytes(data, source="bench.txt")
doc = normalise(text)
t1 = time.perf_counter()
rss_normalise = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
x = parse_document(text, source="bench.txt", region="山东省滨州市沾化区", resolver=Resolver())
t2 = time.perf_counter()
print(json.dumps({
    "mb": len(data) / 1024 / 1024,
    "chars": len(doc.text),
    "normalise_s": t1 - t0,
    "extract_s": t2 - t1,
    "peak_normalise_mb": rss_normalise / 1024,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "entities": len(x.entities),
    "relations": len(x.relations),
    "targets": len(x.targets),
    "nodes": len(x.batch.nodes),
    "edges": len(x.batch.edges),
}))
"""


def measure(mb: float) -> dict[str, float]:
    """Extract a document of about ``mb`` megabytes in a fresh process."""
    plan = ROOT / "data" / "documents" / "workplan-2021.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", RUN, str(plan), str(mb)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


KINDS = (
    "institutions",
    "enterprises",
    "talent_programs",
    "platforms",
    "cooperations",
    "cooperations_uncertain",
)


def quality_table(title: str, result: dict[str, Any]) -> None:
    """One markdown table of a score (per kind, micro, targets)."""
    micro, targets = result["micro"], result["targets"]
    print(
        f"**{title}**: {result['documents']} documents, micro F1 {micro['f1']:.3f}, "
        f"targets {targets['found']}/{targets['total']} (extra {targets['extra']})"
    )
    print()
    print("| kind | labelled | found | precision | recall | F1 |")
    print("|---|---|---|---|---|---|")
    for kind in (*KINDS, "micro"):
        row = micro if kind == "micro" else result["kinds"][kind]
        print(
            f"| {kind} | {row['labelled']} | {row['found']} | {row['precision']:.3f} "
            f"| {row['recall']:.3f} | {row['f1']:.3f} |"
        )
    print()


def quality() -> None:
    """Score the extractor on the dev set, the seed and the held-out documents."""
    sys.path.insert(0, str(ROOT))
    from loaders.documents.evaluation import score_directory, score_pairs

    docs = ROOT / "tests" / "loaders" / "documents"
    quality_table("dev set (data/docs-dev)", score_directory(ROOT / "data" / "docs-dev"))
    seed = [
        (ROOT / "data" / "documents" / "workplan-2021.txt", docs / "workplan-2021.expected.json")
    ]
    quality_table("seed work plan", score_pairs(seed, region="山东省滨州市沾化区"))
    quality_table("held-out (tests/loaders/documents/heldout)", score_directory(docs / "heldout"))


def main(argv: list[str] | None = None) -> None:
    """Print the quality tables, then one speed row per document size."""
    parser = argparse.ArgumentParser(prog="python -m bench extract")
    parser.add_argument("--mb", type=float, nargs="*", default=[1.0, 10.0])
    parser.add_argument("--quality-only", action="store_true")
    args = parser.parse_args(argv if argv is not None else [])
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpus")
    print()
    quality()
    if args.quality_only:
        return
    print(
        "| document | chars (normalised) | normalise s | extract s | peak RSS MB "
        "| entities | relations | targets | nodes | edges |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for mb in args.mb:
        r = measure(mb)
        print(
            f"| {r['mb']:.1f} MB | {int(r['chars']):,} | {r['normalise_s']:.1f} "
            f"| {r['extract_s']:.1f} | {r['peak_mb']:.0f} | {int(r['entities']):,} "
            f"| {int(r['relations']):,} | {int(r['targets']):,} | {int(r['nodes']):,} "
            f"| {int(r['edges']):,} |",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
