"""The seeded generator of synthetic rows: the district demo's fill and the scale bench's sets.

One generator for both: ``data/district/generate.py`` calls :func:`generate` with the district's
vocabulary and the default :class:`Shape`; ``bench/scale/sizes.py`` calls it with a vocabulary
widened to a city or a province and a shape that scales the rates. The rows are written in the
project's own table formats (the CSV and XLSX kinds ``ttkg load`` reads), and every row says
``synthetic=true`` (the workbook's ``示例`` column says ``是``).

Deterministic: one ``random.Random(seed)`` feeds every draw in a fixed order (enterprises,
needs, results, cooperations, agencies), so the same vocabulary, shape and seed give the same
bytes. A shape's extra draws (title qualifiers, more results) happen only when the shape asks
for them, so the district's defaults draw exactly what they always drew.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

# openpyxl writes its XML with lxml when lxml is installed, and the bytes differ (``/>`` and
# `` />``): the stdlib writer is asked for, so that the workbook's bytes do not depend on what
# else is installed. It holds when this module is the first to import openpyxl (the CLIs).
os.environ.setdefault("OPENPYXL_LXML", "False")

import openpyxl
import yaml

SEED = 2021
NOTE = "synthetic example, not a real record"
MARK_COLUMNS = ["synthetic", "source", "note"]

Row = dict[str, object]

ENTERPRISE_COLUMNS = [
    "name", "aliases", "industry", "region", "above_scale", "hte", "tech_sme", "founded",
    "employees", "revenue", "products",
]  # fmt: skip
NEED_COLUMNS = [
    "enterprise", "title", "description", "industry", "keywords", "budget", "mode", "year",
    "deadline", "status",
]  # fmt: skip
NEEDS_SHEET = "技术需求"
NEEDS_SHEET_HEADER = [
    "企业名称", "需求名称", "需求描述", "所属行业", "关键词", "预算（万元）", "合作方式", "年度",
    "截止日期", "状态", "示例", "来源", "备注",
]  # fmt: skip
RESULTS_SHEET = "科技成果"
RESULTS_SHEET_HEADER = [
    "成果单位", "成果名称", "成果类型", "完成年份", "成果简介", "关键词", "所属行业", "成熟度",
    "转化方式", "示例", "来源", "备注",
]  # fmt: skip
COOPERATION_COLUMNS = [
    "enterprise", "institution", "project", "type", "year", "start", "amount", "status",
    "description",
]  # fmt: skip
MEMBERSHIP_COLUMNS = ["member", "community", "role", "since"]
AGENCY_COLUMNS = ["name", "type", "region", "services", "serves_industries", "founded"]
POLICY_COLUMNS = [
    "name", "level", "issuer", "issued", "region", "industries", "summary", "eligibility",
]  # fmt: skip
INSTITUTION_COLUMNS = ["name", "aliases", "type", "city", "province", "profile", "keywords"]


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
    """What the synthetic rows are drawn from (``data/district/vocabulary.yaml`` comments it).

    ``regions`` (empty for the district) spreads the synthetic enterprises over several
    regions instead of ``region``; ``institutions`` are synthetic institution rows to write
    (their names are also keys of ``serves``).
    """

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
    regions: list[str] = field(default_factory=list)
    institutions: list[list[str]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Vocabulary:
        """The vocabulary in a YAML file."""
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["industries"] = {k: Industry(**v) for k, v in data["industries"].items()}
        data["needs"] = {k: [Topic(*t) for t in v] for k, v in data["needs"].items()}
        return cls(**data)


@dataclass(frozen=True)
class Shape:
    """How much is drawn; the defaults are the district demo's rates.

    ``qualifiers`` (empty: none drawn) are put before need and result titles so that a large
    set has more distinct titles than the vocabulary's topics; ``results`` is the range of
    results per institution; ``workbook`` names the XLSX file.
    """

    source: str = f"generate.py (seed {SEED})"
    need_rate: float = 0.55
    earlier_rate: float = 0.3
    results: tuple[int, int] = (1, 3)
    qualifiers: tuple[str, ...] = ()
    workbook: str = "district_synthetic.xlsx"

    @property
    def marks(self) -> list[object]:
        """The synthetic, source and note cells of every row."""
        return ["true", self.source, NOTE]


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
            firm = _enterprise(rng, vocab, industry, spec, name, index < spec.above_scale)
            if vocab.regions:
                firm["region"] = vocab.regions[len(made) % len(vocab.regions)]
            made.append(firm)
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


def _title(rng: random.Random, shape: Shape, title: str) -> str:
    """A topic's title, behind a drawn qualifier when the shape has any."""
    return rng.choice(shape.qualifiers) + title if shape.qualifiers else title


def needs(rng: random.Random, vocab: Vocabulary, firms: list[Row], shape: Shape) -> list[Row]:
    """About one need for every second synthetic enterprise (``shape.need_rate``)."""
    made: list[Row] = []
    for firm in firms:
        if rng.random() > shape.need_rate:
            continue
        topics = vocab.needs[str(firm["industry"])]
        for topic in rng.sample(topics, rng.choice([1, 1, 1, 2])):
            made.append(
                {
                    "enterprise": firm["name"],
                    "title": _title(rng, shape, topic.title),
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
    rng: random.Random, vocab: Vocabulary, firms: list[Row], need_rows: list[Row], shape: Shape
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
        if firm["name"] not in with_needs and rng.random() < shape.earlier_rate
    ]
    serving: dict[object, list[str]] = {}
    for name, served in vocab.serves.items():
        for industry in served:
            serving.setdefault(industry, []).append(name)
    rows: list[list[object]] = []
    seen: set[tuple[object, str, str]] = set()
    for need in [*need_rows, *earlier]:
        partners = serving.get(need["industry"], [])
        if not partners or rng.random() > (0.9 if need["status"] == "matched" else 0.6):
            continue
        institution = rng.choice(partners)
        project = f"{need['title']}合作项目"
        if (need["enterprise"], institution, project) in seen:
            continue
        seen.add((need["enterprise"], institution, project))
        rows.append(_cooperation(rng, vocab, need, institution, project, shape))
    return rows


def _cooperation(
    rng: random.Random, vocab: Vocabulary, need: Row, institution: str, project: str, shape: Shape
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
        *shape.marks,
    ]


def results(rng: random.Random, vocab: Vocabulary, shape: Shape) -> list[list[object]]:
    """Results for each institution (``shape.results`` of them, fewer when the topics run out),
    on the topics of the industries it serves; an institution never has two of one title."""
    rows: list[list[object]] = []
    for institution, served in vocab.serves.items():
        topics = [t for industry in served for t in vocab.needs[industry]]
        titles: set[str] = set()
        count = rng.randint(*shape.results)
        if count > len(topics) and topics and shape.qualifiers:
            picked = rng.choices(topics, k=count)  # qualifiers keep the titles apart
        else:
            picked = rng.sample(topics, min(len(topics), count))
        for topic in picked:
            kind = rng.choice(list(vocab.result_types))
            industry = next(i for i in served if topic in vocab.needs[i])
            base = re.sub(r"(技术|工艺)?$", "关键技术", topic.title, count=1)
            title = _title(rng, shape, base)
            if title in titles:
                continue
            titles.add(title)
            rows.append(
                [
                    institution,
                    title,
                    vocab.result_types[kind],
                    rng.randint(2016, 2021),
                    f"成果：{topic.description}",
                    topic.keywords.replace("|", "、"),
                    industry,
                    vocab.maturity[rng.choice(list(vocab.maturity))],
                    rng.choice(vocab.transfer_ways),
                    "是",
                    shape.source,
                    NOTE,
                ]
            )
    return rows


def memberships(vocab: Vocabulary, firms: list[Row], shape: Shape) -> list[list[object]]:
    """The first above-scale enterprises of the member industry join the community."""
    members = [
        f for f in firms if f["industry"] == vocab.member_industry and f["above_scale"] == "true"
    ][: vocab.members]
    return [
        [f["name"], vocab.community, "lead" if i == 0 else "member", 2021, *shape.marks]
        for i, f in enumerate(members)
    ]


def agencies(rng: random.Random, vocab: Vocabulary, shape: Shape) -> list[list[object]]:
    """The agencies of the vocabulary, each with a founding year."""
    return [
        [name, kind, region, vocab.agency_services, served, rng.randint(2012, 2020), *shape.marks]
        for name, kind, region, served in vocab.agencies
    ]


def policies(vocab: Vocabulary, shape: Shape) -> list[list[object]]:
    """The policies of the vocabulary, as rows."""
    return [[policy[c] for c in POLICY_COLUMNS] + shape.marks for policy in vocab.policies]


def _need_cells(vocab: Vocabulary, need: Row, shape: Shape) -> list[object]:
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
        shape.source,
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
    path: Path,
    vocab: Vocabulary,
    need_rows: list[Row],
    result_rows: list[list[object]],
    shape: Shape,
) -> None:
    """The workbook: the needs of the workbook industries, and the institutions' results."""
    workbook = openpyxl.Workbook(write_only=shape.qualifiers != ())
    sheet = workbook.create_sheet(NEEDS_SHEET) if workbook.write_only else workbook.active
    sheet.title = NEEDS_SHEET
    sheet.append(NEEDS_SHEET_HEADER)
    for need in need_rows:
        if need["industry"] in vocab.workbook_industries:
            sheet.append(_need_cells(vocab, need, shape))
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


def generate(vocab: Vocabulary, folder: Path, *, seed: int = SEED, shape: Shape = Shape()) -> None:
    """Draw every synthetic table and write them into ``folder``.

    ``folder`` must hold the real ``enterprises.csv`` the synthetic enterprises complement.
    The draws come in a fixed order (enterprises, needs, results, cooperations, agencies):
    one seeded generator feeds them all, so the order is part of the output.
    """
    rng = random.Random(seed)
    firms = enterprises(rng, vocab, read_csv(folder / "enterprises.csv"))
    need_rows = needs(rng, vocab, firms, shape)
    result_rows = results(rng, vocab, shape)
    cooperation_rows = cooperations(rng, vocab, firms, need_rows, shape)
    agency_rows = agencies(rng, vocab, shape)
    marks = shape.marks

    if vocab.institutions:
        write_csv(
            folder / "institutions_synthetic.csv",
            INSTITUTION_COLUMNS,
            [[*row, *marks] for row in vocab.institutions],
        )
    write_csv(
        folder / "enterprises_synthetic.csv",
        ENTERPRISE_COLUMNS,
        [[firm[c] for c in ENTERPRISE_COLUMNS] + marks for firm in firms],
    )
    write_csv(
        folder / "needs_synthetic.csv",
        NEED_COLUMNS,
        [
            [need[c] for c in NEED_COLUMNS] + marks
            for need in need_rows
            if need["industry"] not in vocab.workbook_industries
        ],
    )
    write_workbook(folder / shape.workbook, vocab, need_rows, result_rows, shape)
    write_csv(folder / "cooperations_synthetic.csv", COOPERATION_COLUMNS, cooperation_rows)
    write_csv(
        folder / "memberships_synthetic.csv", MEMBERSHIP_COLUMNS, memberships(vocab, firms, shape)
    )
    write_csv(folder / "agencies_synthetic.csv", AGENCY_COLUMNS, agency_rows)
    write_csv(folder / "policies_synthetic.csv", POLICY_COLUMNS, policies(vocab, shape))
