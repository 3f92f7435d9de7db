"""The table loader on a district roster of 100,000 enterprises, as CSV and as XLSX.

The roster is generated (seeded) into a temporary folder with the columns a bureau's
规上工业企业名录 has: a title row, then 序号, 企业名称, 统一社会信用代码, 成立年份, 所属行业,
所在地区 (a town), 营业收入（万元）, 是否高新技术企业, 从业人员, 主要产品, 联系人, 联系电话,
亩均税收（万元）, 备注. The CSV is GBK, as Chinese Excel saves it. By default the values are the
plain ones every loader reads (``12500.5``, ``是``, ``120``), so that loaders old and new are
timed on the same work; ``--messy`` writes them as bureaus type them (``1.6亿元``, ``120人``,
``2013年7月``, ``—``) with a 合计 row and a note under the table.

Each measurement runs in a fresh process, so its peak RSS (``ru_maxrss``) is its own:
``parse`` is ``read_tables`` (files -> records, nothing written); ``load`` is ``load_paths``
into a new embedded store file (parse, resolve, one upsert). ``python -m bench tables``
(``python bench/bench_tables.py --rows 20000 --messy`` for other sizes and values).

Baseline: the loader at commit 3a8cb40 (before the bureau-workbook rewrite), 100,000 rows,
plain values, on x86_64, 2 cores (shared with other jobs), 24 GB, Python 3.11.7:

| input | phase | rows | time | rows/s | peak RSS |
|---|---|---|---|---|---|
| CSV (GBK) | parse | 100,000 | 29.3 s | 3,400 | 759 MB |
| CSV (GBK) | load | 100,000 | 48.1 s | 2,100 | 777 MB |
| XLSX | parse | 100,000 | 69.5 s | 1,440 | 764 MB |
| XLSX | load | 100,000 | 88.5 s | 1,130 | 882 MB |

(13.4 MB CSV, 9.5 MB XLSX; 46 MB of each peak is the imports; load average 2.7 to 3.0
during the run, so times are pessimistic.)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import json, resource, sys, tempfile, time
from pathlib import Path
phase, path = sys.argv[1], Path(sys.argv[2])
from graph.stores.embedded import EmbeddedStore
from loaders.load import load_paths
from loaders.resolve import Resolver
from loaders.tables import read_tables
imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
if phase == "parse":
    results = read_tables([path], resolver=Resolver(region="山东省滨州市沾化区"))
else:
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "graph.db")
        store.open()
        results = load_paths(store, [path], region="山东省滨州市沾化区").files
        store.close()
seconds = time.perf_counter() - t0
print(json.dumps({
    "seconds": seconds,
    "rows": sum(r.rows for r in results),
    "rejects": sum(len(r.rejects) for r in results),
    "errors": [r.error for r in results if r.error],
    "imported_mb": imported,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

WRITE = """
import sys
from pathlib import Path
from bench.bench_tables import roster_rows, write_csv, write_xlsx
stem, count, messy = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
rows = roster_rows(count, messy=messy)
write_csv(stem.with_suffix(".csv"), rows)
write_xlsx(stem.with_suffix(".xlsx"), rows)
"""

HEADER = [
    "序号", "企业名称", "统一社会信用代码", "成立年份", "所属行业", "所在地区", "营业收入（万元）",
    "是否高新技术企业", "从业人员", "主要产品", "联系人", "联系电话", "亩均税收（万元）", "备注",
]  # fmt: skip
MESSY_HEADER = [*HEADER[:3], "注册时间", *HEADER[4:]]
TOWNS = ["富源街道", "富国街道", "下洼镇", "古城镇", "冯家镇", "泊头镇", "大高镇", "黄升镇",
         "滨海镇", "下河乡", "利国乡"]  # fmt: skip
INDUSTRIES = {
    "化学原料和化学制品制造业": ("化工", ["阻燃剂", "增塑剂", "溴素", "环氧丙烷", "氯碱"]),
    "农副食品加工业": ("食品", ["冬枣脆片", "冷冻水产品", "海参", "枣汁", "饲料"]),
    "食品制造业": ("生物", ["冬枣酵素", "枣醋", "调味品", "罐头"]),
    "非金属矿物制品业": ("建材", ["加气混凝土砌块", "水泥制品", "石膏板"]),
    "医药制造业": ("药业", ["原料药", "兽药中间体", "中成药"]),
    "电气机械和器材制造业": ("电源", ["蓄电池极板", "电缆", "变压器"]),
    "纺织业": ("纺织", ["棉纱", "坯布", "无纺布"]),
    "通用设备制造业": ("机械", ["节水灌溉设备", "泵阀", "农机配件"]),
}
FORMS = ["有限公司", "股份有限公司", "科技有限公司"]
PLACES = ["滨州", "沾化", "山东", "渤海", "黄河", "鲁北"]
BRAND = "华升金丝建华昶昇达民海容浩瀚大荣鑫泰永兴富国冬枣源绿海恒信瑞丰宏达盛远泰和嘉禾"
SURNAMES = "王李张刘陈杨黄赵周吴孙马郭何韩冯于高林"
GIVEN = "建国秀英立军海涛建华磊春梅志强丽伟红梅建平军冬明文斌海燕"
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(serial: int) -> str:
    """A well-formed unified social credit code of 沾化区 (371603) with its check character.

    >>> credit_code(1)
    '91371603MA0000001H'
    """
    body = f"91371603MA{serial:07d}"
    total = sum(_CODE_CHARS.index(c) * w for c, w in zip(body, _CODE_WEIGHTS, strict=True))
    return body + _CODE_CHARS[(31 - total % 31) % 31]


def _revenue(rng: random.Random, messy: bool) -> object:
    value = round(rng.lognormvariate(8.0, 1.2), 1)  # 万元, median about 3,000
    if not messy:
        return value
    pick = rng.random()
    if pick < 0.1:
        return rng.choice(["—", "未报", ""])
    if pick < 0.3 and value >= 10_000:
        return f"{value / 10_000:.2f}亿元"
    if pick < 0.5:
        return f"{value:,.1f}"
    return f"{value:g}万" if pick < 0.6 else value


def roster_rows(rows: int, *, seed: int = 2024, messy: bool = False) -> list[list[object]]:
    """The title, the header and ``rows`` enterprises (then a 合计 and a note if messy)."""
    rng = random.Random(seed)
    names: set[str] = set()
    out: list[list[object]] = [
        ["沾化区2023年规模以上工业企业名录"],
        MESSY_HEADER if messy else HEADER,
    ]
    industries = list(INDUSTRIES)
    while len(names) < rows:
        industry = rng.choice(industries)
        trade, products = INDUSTRIES[industry]
        brand = "".join(rng.sample(BRAND, 2))
        name = f"{rng.choice(PLACES)}{brand}{trade}{rng.choice(FORMS)}"
        if name in names:  # a branch keeps names unique however many rows are asked for
            name = f"{name}第{len(names)}分公司"
        names.add(name)
        year = rng.randint(1985, 2022)
        employees = rng.randint(20, 1500)
        founded: object = year
        if messy:
            founded = rng.choice(
                [f"{year}年{rng.randint(1, 12)}月", f"{year}.{rng.randint(1, 12):02d}", year]
            )
        out.append(
            [
                len(names),
                name,
                credit_code(len(names)),
                founded,
                industry,
                rng.choice(TOWNS),
                _revenue(rng, messy),
                rng.choice(["是", "否", "否"]),
                f"{employees}人" if messy and rng.random() < 0.5 else employees,
                "、".join(rng.sample(products, 2)),
                rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
                f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
                round(rng.uniform(1, 30), 1),
                rng.choice(["", "", "", "2023年新入规", "高新技术企业"]),
            ]
        )
    if messy:
        out.append(["合计", None, None, None, None, None, None, None, None])
        out.append(["说明：营业收入为2023年快报数；“—”表示无数据。"])
    return out


def write_csv(path: Path, rows: list[list[object]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in row] for row in rows]
    )
    path.write_bytes(out.getvalue().encode("gbk"))


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("规上工业企业名单")
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def _measure(phase: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, phase, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    """Generate the roster, measure parse and load for CSV and XLSX, print a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench tables")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--messy", action="store_true", help="values as bureaus type them")
    args = parser.parse_args(argv if argv is not None else [])
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    values = "bureau-typed" if args.messy else "plain"
    print(f"roster: {args.rows:,} enterprises, {values} values, code in {ROOT}\n")
    print("| input | phase | rows | time | rows/s | peak RSS | note |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "沾化区2023年规模以上工业企业名录"
        inputs = {"CSV": stem.with_suffix(".csv"), "XLSX": stem.with_suffix(".xlsx")}
        # written by another process: a measuring child inherits the peak RSS of the
        # process that starts it, so this one stays small
        subprocess.run(
            [sys.executable, "-c", WRITE, str(stem), str(args.rows), str(int(args.messy))],
            cwd=ROOT,
            check=True,
        )
        for label, path in inputs.items():
            size = path.stat().st_size / 2**20
            for phase in ("parse", "load"):
                m = _measure(phase, path)
                seconds, count = float(m["seconds"]), int(m["rows"])  # type: ignore[arg-type]
                rate = count / seconds if seconds else 0.0
                note = f"{size:.1f} MB file; imports {float(m['imported_mb']):.0f} MB"  # type: ignore[arg-type]
                note += f"; load average {os.getloadavg()[0]:.1f}"
                if m["rejects"]:
                    note += f"; {m['rejects']:,} rejects"
                if m["errors"]:
                    note += f"; error: {m['errors']}"
                print(
                    f"| {label} | {phase} | {count:,} | {seconds:.1f} s | {rate:,.0f} "
                    f"| {float(m['peak_mb']):,.0f} MB | {note} |"  # type: ignore[arg-type]
                )


if __name__ == "__main__":
    main(sys.argv[1:])
