"""Write the synthetic half of the district demo set: ``*_synthetic.csv`` and
``district_synthetic.xlsx``. Run from anywhere: ``python data/district/generate.py``.

Deterministic (seeded): running it twice writes the same bytes. The real rows (the
hand-written CSVs beside this script) are read, never written: the synthetic enterprises
fill the district out to the 92 above-scale industrial enterprises of the work plan, and
their needs, cooperations, memberships, the institutions' results, the agencies and two
policies are invented examples. Every row it writes says ``synthetic=true``.

The names it draws from (industries, needs, institutions, agencies, policies ...) are in
``vocabulary.yaml`` beside this script; this file holds only how rows are drawn and written.
``--vocabulary`` and ``--out`` point it at another vocabulary and folder (a city or province
sized set); the folder must hold the real ``enterprises.csv`` the synthetic ones complement.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl
import yaml

HERE = Path(__file__).resolve().parent
SEED = 2021
SOURCE = f"generate.py (seed {SEED})"
NOTE = "synthetic example, not a real record"
MARKS = ["true", SOURCE, NOTE]  # the synthetic, source and note columns of every row
MARK_COLUMNS = ["synthetic", "source", "note"]

Row = dict[str, object]

ENTERPRISE_COLUMNS = [
    "name",
    "aliases",
    "industry",
    "region",
    "above_scale",
    "hte",
    "tech_sme",
    "founded",
    "employees",
    "revenue",
    "products",
]
NEED_COLUMNS = [
    "enterprise",
    "title",
    "description",
    "industry",
    "keywords",
    "budget",
    "mode",
    "year",
    "deadline",
    "status",
]
NEEDS_SHEET = "技术需求"
NEEDS_SHEET_HEADER = [
    "企业名称",
    "需求名称",
    "需求描述",
    "所属行业",
    "关键词",
    "预算（万元）",
    "合作方式",
    "年度",
    "截止日期",
    "状态",
    "示例",
    "来源",
    "备注",
]
RESULTS_SHEET = "科技成果"
RESULTS_SHEET_HEADER = [
    "成果单位",
    "成果名称",
    "成果类型",
    "完成年份",
    "成果简介",
    "关键词",
    "所属行业",
    "成熟度",
    "转化方式",
    "示例",
    "来源",
    "备注",
]
COOPERATION_COLUMNS = [
    "enterprise",
    "institution",
    "project",
    "type",
    "year",
    "start",
    "amount",
    "status",
    "description",
]
MEMBERSHIP_COLUMNS = ["member", "community", "role", "since"]
AGENCY_COLUMNS = ["name", "type", "region", "services", "serves_industries", "founded"]
POLICY_COLUMNS = [
    "name",
    "level",
    "issuer",
    "issued",
    "region",
    "industries",
    "summary",
    "eligibility",
]


class Topic(NamedTuple):
    """A technical need of an industry; also the topic of results and earlier cooperations."""

    title: str
    description: str
    keywords: str  # "|"-separated


@dataclass(frozen=True)
class Industry:
    """How many synthetic enterprises an industry gets, and what they are called and make."""

    above_scale: int
    small: int
    suffixes: list[str]
    products: list[str]


@dataclass(frozen=True)
class Vocabulary:
    """What the synthetic rows are drawn from: ``vocabulary.yaml`` (see its comments)."""

    region: str
    alias: str
    above_scale_total: int
    syllables: str
    industries: dict[str, Industry]
    workbook_industries: list[str]
    needs: dict[str, list[Topic]]
    modes: dict[str, str]
    statuses: dict[str, str]
    serves: dict[str, list[str]]
    result_types: dict[str, str]
    maturity: dict[str, str]
    transfer_ways: list[str]
    agencies: list[list[str]]
    agency_services: str
    community: str
    members: int
    member_industry: str
    policies: list[dict[str, str]]

    @classmethod
    def read(cls, path: Path) -> Vocabulary:
        """The vocabulary in a YAML file."""
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["industries"] = {k: Industry(**v) for k, v in data["industries"].items()}
        data["needs"] = {k: [Topic(*t) for t in v] for k, v in data["needs"].items()}
        return cls(**data)


# -- drawing rows ---------------------------------------------------------------------------


def enterprises(rng: random.Random, vocab: Vocabulary, real: list[dict[str, str]]) -> list[Row]:
    """The synthetic enterprises: the real above-scale ones plus these make the total."""
    real_above = sum(row["above_scale"] == "true" for row in real)
    wanted = sum(industry.above_scale for industry in vocab.industries.values())
    if real_above + wanted != vocab.above_scale_total:
        raise SystemExit(
            f"{real_above} real + {wanted} synthetic above-scale != {vocab.above_scale_total}"
        )
    taken = {row["name"][:2] for row in real}
    names: set[str] = set()
    made: list[Row] = []
    for industry, spec in vocab.industries.items():
        for index in range(spec.above_scale + spec.small):
            name = _new_name(rng, vocab.syllables, spec.suffixes, taken, names)
            names.add(name)
            made.append(_enterprise(rng, vocab, industry, spec, name, index < spec.above_scale))
    return made


def _new_name(
    rng: random.Random, syllables: str, suffixes: list[str], taken: set[str], names: set[str]
) -> str:
    """Two syllables that are no real enterprise's 字号, and an industry word: a new name."""
    while True:
        brand = "".join(rng.sample(syllables, 2))
        name = brand + rng.choice(suffixes)
        if brand not in taken and name not in names:
            return name


def _enterprise(
    rng: random.Random, vocab: Vocabulary, industry: str, spec: Industry, name: str, above: bool
) -> Row:
    return {
        "name": name,
        "aliases": vocab.alias.format(name=name),
        "industry": industry,
        "region": vocab.region,
        "above_scale": "true" if above else "false",
        "hte": "true" if rng.random() < (0.25 if above else 0.1) else "false",
        "tech_sme": "true" if rng.random() < (0.3 if above else 0.6) else "false",
        "founded": rng.randint(1992, 2019),
        "employees": rng.randint(60, 1500) if above else rng.randint(12, 90),
        "revenue": rng.randint(2000, 180000) if above else rng.randint(200, 1950),
        "products": "、".join(rng.sample(spec.products, 2)),
    }


def needs(rng: random.Random, vocab: Vocabulary, firms: list[Row]) -> list[Row]:
    """About one need for every second synthetic enterprise."""
    made: list[Row] = []
    for firm in firms:
        if rng.random() > 0.55:
            continue
        topics = vocab.needs[str(firm["industry"])]
        for topic in rng.sample(topics, rng.choice([1, 1, 1, 2])):
            made.append(
                {
                    "enterprise": firm["name"],
                    "title": topic.title,
                    "description": topic.description,
                    "industry": firm["industry"],
                    "keywords": topic.keywords,
                    "budget": rng.choice([20, 30, 50, 80, 100, 150, 200, 300, 500]),
                    "mode": rng.choice(list(vocab.modes)),
                    "year": 2021,
                    "deadline": rng.choice(["2021-12-31", "2022-06-30"]),
                    "status": rng.choice(["open", "open", "open", "matched"]),
                }
            )
    return made


def cooperations(
    rng: random.Random, vocab: Vocabulary, firms: list[Row], need_rows: list[Row]
) -> list[list[object]]:
    """Cooperation links: some needs met by an institution that serves the industry, and
    some earlier cooperations of enterprises that have no need on file."""
    with_needs = {need["enterprise"] for need in need_rows}
    earlier: list[Row] = [
        {
            "enterprise": firm["name"],
            "industry": firm["industry"],
            "status": "matched",
            "title": rng.choice(vocab.needs[str(firm["industry"])]).title,
        }
        for firm in firms
        if firm["name"] not in with_needs and rng.random() < 0.3
    ]
    rows: list[list[object]] = []
    seen: set[tuple[object, str, str]] = set()
    for need in [*need_rows, *earlier]:
        partners = [name for name, served in vocab.serves.items() if need["industry"] in served]
        if not partners or rng.random() > (0.9 if need["status"] == "matched" else 0.6):
            continue
        institution = rng.choice(partners)
        project = f"{need['title']}合作项目"
        if (need["enterprise"], institution, project) in seen:
            continue
        seen.add((need["enterprise"], institution, project))
        rows.append(_cooperation(rng, vocab, need, institution, project))
    return rows


def _cooperation(
    rng: random.Random, vocab: Vocabulary, need: Row, institution: str, project: str
) -> list[object]:
    year = rng.randint(2018, 2021)
    start = date(year, 1, 1) + timedelta(days=rng.randint(0, 300))
    return [
        need["enterprise"],
        institution,
        project,
        rng.choice(["joint_rd", *vocab.modes]),
        year,
        start.isoformat(),
        rng.choice([10, 20, 30, 50, 80, 120, 200, 300]),
        "completed" if year < 2020 else rng.choice(["ongoing", "completed"]),
        f"围绕{need['title']}开展合作",
        *MARKS,
    ]


def results(rng: random.Random, vocab: Vocabulary) -> list[list[object]]:
    """One to three results for each institution, on the topics of the industries it serves."""
    rows: list[list[object]] = []
    for institution, served in vocab.serves.items():
        topics = [t for industry in served for t in vocab.needs[industry]]
        for topic in rng.sample(topics, min(len(topics), rng.randint(1, 3))):
            kind = rng.choice(list(vocab.result_types))
            industry = next(i for i in served if topic in vocab.needs[i])
            rows.append(
                [
                    institution,
                    re.sub(r"(技术|工艺)?$", "关键技术", topic.title, count=1),
                    vocab.result_types[kind],
                    rng.randint(2016, 2021),
                    f"成果：{topic.description}",
                    topic.keywords.replace("|", "、"),
                    industry,
                    vocab.maturity[rng.choice(list(vocab.maturity))],
                    rng.choice(vocab.transfer_ways),
                    "是",
                    SOURCE,
                    NOTE,
                ]
            )
    return rows


def memberships(vocab: Vocabulary, firms: list[Row]) -> list[list[object]]:
    """The first above-scale enterprises of the member industry join the community."""
    members = [
        f for f in firms if f["industry"] == vocab.member_industry and f["above_scale"] == "true"
    ][: vocab.members]
    return [
        [f["name"], vocab.community, "lead" if i == 0 else "member", 2021, *MARKS]
        for i, f in enumerate(members)
    ]


def agencies(rng: random.Random, vocab: Vocabulary) -> list[list[object]]:
    """The agencies of the vocabulary, each with a founding year."""
    return [
        [name, kind, region, vocab.agency_services, served, rng.randint(2012, 2020), *MARKS]
        for name, kind, region, served in vocab.agencies
    ]


def policies(vocab: Vocabulary) -> list[list[str]]:
    """The policies of the vocabulary, as rows."""
    return [[policy[c] for c in POLICY_COLUMNS] + MARKS for policy in vocab.policies]


def _need_cells(vocab: Vocabulary, need: Row) -> list[object]:
    """A need as a row of the workbook sheet: Chinese labels, a real date."""
    return [
        need["enterprise"],
        need["title"],
        need["description"],
        need["industry"],
        str(need["keywords"]).replace("|", "、"),
        need["budget"],
        vocab.modes[str(need["mode"])],
        need["year"],
        date.fromisoformat(str(need["deadline"])),
        vocab.statuses[str(need["status"])],
        "是",
        SOURCE,
        NOTE,
    ]


# -- writing files --------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file, by column."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: list[str], rows: Sequence[Sequence[object]]) -> None:
    """Write a CSV file with "\\n" line ends and the synthetic-row columns after ``header``."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*header, *MARK_COLUMNS])
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def write_workbook(
    path: Path, vocab: Vocabulary, need_rows: list[Row], result_rows: list[list[object]]
) -> None:
    """The workbook: the needs of the workbook industries, and the institutions' results."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = NEEDS_SHEET
    sheet.append(NEEDS_SHEET_HEADER)
    for need in need_rows:
        if need["industry"] in vocab.workbook_industries:
            sheet.append(_need_cells(vocab, need))
    results_sheet = workbook.create_sheet(RESULTS_SHEET)
    results_sheet.append(RESULTS_SHEET_HEADER)
    for row in result_rows:
        results_sheet.append(row)
    _save_fixed(workbook, path)


def _save_fixed(workbook: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed timestamps so that the same content gives the same bytes."""
    raw = io.BytesIO()
    workbook.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                stamp = b"2021-01-01T00:00:00Z"
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, data)
            info = zipfile.ZipInfo(item.filename, date_time=(2021, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(info, data)
    path.write_bytes(out.getvalue())


def generate(vocab: Vocabulary, folder: Path, *, seed: int = SEED) -> None:
    """Draw every synthetic table and write them into ``folder``.

    The draws come in a fixed order (enterprises, needs, results, cooperations, agencies):
    one seeded generator feeds them all, so the order is part of the output.
    """
    rng = random.Random(seed)
    firms = enterprises(rng, vocab, read_csv(folder / "enterprises.csv"))
    need_rows = needs(rng, vocab, firms)
    result_rows = results(rng, vocab)
    cooperation_rows = cooperations(rng, vocab, firms, need_rows)
    agency_rows = agencies(rng, vocab)

    write_csv(
        folder / "enterprises_synthetic.csv",
        ENTERPRISE_COLUMNS,
        [[firm[c] for c in ENTERPRISE_COLUMNS] + MARKS for firm in firms],
    )
    write_csv(
        folder / "needs_synthetic.csv",
        NEED_COLUMNS,
        [
            [need[c] for c in NEED_COLUMNS] + MARKS
            for need in need_rows
            if need["industry"] not in vocab.workbook_industries
        ],
    )
    write_workbook(folder / "district_synthetic.xlsx", vocab, need_rows, result_rows)
    write_csv(folder / "cooperations_synthetic.csv", COOPERATION_COLUMNS, cooperation_rows)
    write_csv(folder / "memberships_synthetic.csv", MEMBERSHIP_COLUMNS, memberships(vocab, firms))
    write_csv(folder / "agencies_synthetic.csv", AGENCY_COLUMNS, agency_rows)
    write_csv(folder / "policies_synthetic.csv", POLICY_COLUMNS, policies(vocab))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic rows of a demo set.")
    parser.add_argument(
        "--vocabulary",
        type=Path,
        default=HERE / "vocabulary.yaml",
        help="the YAML file of names to draw from (default: vocabulary.yaml beside this script)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE,
        help="the folder to write into, holding the real enterprises.csv (default: this one)",
    )
    args = parser.parse_args(argv)
    generate(Vocabulary.read(args.vocabulary), args.out)


if __name__ == "__main__":
    main()
