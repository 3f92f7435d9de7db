"""The three sizes of the scale bench: district, city and province data sets.

``district`` is the demo set's own fill (``data/district/vocabulary.yaml``, default shape);
``city`` (10,000 enterprises in the districts of 滨州市) and ``province`` (100,000 enterprises
in the districts of 山东省, 300 institutions, about 30,000 needs, 60,000 cooperations and
20,000 results) widen that vocabulary: more 字号 characters, synthetic institutions named after
the province's cities and the industries they serve, title qualifiers, and rates scaled to the
counts. Every set starts from the district's real tables (copied), so the district's real
enterprises and institutions are in every size; all other rows are synthetic.

``python -m bench.scale generate --size province --out var/scale/province`` writes one.
"""

from __future__ import annotations

import csv
import random
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from bench.scale.generator import SEED, Industry, Shape, Vocabulary, generate

ROOT = Path(__file__).resolve().parents[2]
DISTRICT = ROOT / "data" / "district"
AREAS = ROOT / "loaders" / "gazetteers" / "areas.csv"
REAL_SKIPPED = {"enterprise_indicators.csv"}
"""Real district files not copied: the indicators name the district's synthetic enterprises."""

SYLLABLES = (
    "鑫瑞恒泰宏兴盛源丰润博昌福永广信远安正新德鸿嘉利凯晟汇通益隆华金银天海龙凤祥云宇星辰光明"
    "东方中亚齐鲁泉岳峰川江河湖山林森木青蓝绿晨阳春秋润泽佳美优越卓诚铭達宏伟豪杰俊英才智慧聪"
    "力强劲威武胜达成功业富贵荣昊旭昕晖琪瑶璟瑾玮琦骏驰腾飞翔鹏鹰雁鸣峻岩磊坤乾元亨贞吉庆喜乐康"
)
"""字号 characters of the city and province sets (the district's own are in vocabulary.yaml)."""

QUALIFIERS = (
    "低成本", "绿色", "高效", "智能化", "节能型", "新型", "连续化", "规模化", "精准", "快速",
    "低碳", "数字化", "模块化", "高值化", "安全", "清洁", "自动化", "集成", "柔性", "在线",
    "标准化", "无损", "高通量", "轻量化",
)  # fmt: skip
"""Put before need and result titles so that a large set has many distinct titles."""

FIELDS = {
    "化工": "化工新材料",
    "食品": "食品工程",
    "水产": "海洋渔业",
    "建材": "建筑材料",
    "无花果加工": "果品加工",
    "农牧": "畜牧兽医",
    "医药": "生物医药",
    "电源": "新能源",
    "冬枣": "林果",
}
"""The research field an industry's synthetic institutions are named after."""
INSTITUTE_KINDS = (("产业技术研究院", "new_rd_institution"), ("工程技术研究所", "institute"))


@dataclass(frozen=True)
class Size:
    """A data set's size: enterprises, institutions in all (real ones included), and rates."""

    name: str
    enterprises: int
    institutions: int
    city: str | None  # the city whose districts the enterprises are in; None: the province
    need_rate: float
    earlier_rate: float
    results: tuple[int, int]


SIZES = {
    "city": Size("city", 10_000, 80, "3716", 0.24, 0.58, (15, 45)),
    "province": Size("province", 100_000, 300, None, 0.24, 0.58, (50, 100)),
}
"""The scaled sizes (``district`` is the demo's own). Rates: a need for ~30% of enterprises,
cooperations for ~60%, results ~67 per institution at province size."""


def write_size(name: str, out: Path, *, seed: int = SEED, enterprises: int | None = None) -> None:
    """Write the data set ``name`` into ``out`` (created; its old tables are replaced).

    ``enterprises`` overrides the size's count (tests write tiny sets of a size's shape).
    """
    out.mkdir(parents=True, exist_ok=True)
    for path in out.glob("*.csv"):
        path.unlink()
    for path in out.glob("*.xlsx"):
        path.unlink()
    for path in sorted(DISTRICT.glob("*.csv")):
        if "synthetic" not in path.name and path.name not in REAL_SKIPPED:
            shutil.copy(path, out / path.name)
    base = Vocabulary.read(DISTRICT / "vocabulary.yaml")
    if name == "district":
        generate(base, out, seed=seed)
        return
    size = SIZES[name]
    if enterprises is not None:
        size = replace(size, enterprises=enterprises)
    shape = Shape(
        source=f"bench/scale {name} (seed {seed})",
        need_rate=size.need_rate,
        earlier_rate=size.earlier_rate,
        results=size.results,
        qualifiers=QUALIFIERS,
        workbook=f"{name}_synthetic.xlsx",
    )
    real = sum(row["above_scale"] == "true" for row in _read(out / "enterprises.csv"))
    generate(scaled(base, size, real, out), out, seed=seed, shape=shape)


def scaled(base: Vocabulary, size: Size, real_above: int, out: Path) -> Vocabulary:
    """The district's vocabulary widened to ``size``: industries in the district's proportions."""
    weights = {k: v.above_scale + v.small for k, v in base.industries.items()}
    total = sum(weights.values())
    industries: dict[str, Industry] = {}
    for industry, spec in base.industries.items():
        count = max(2, size.enterprises * weights[industry] // total)
        above = count // 5
        suffixes = [*spec.suffixes, *(s + "科技" for s in spec.suffixes if "科技" not in s)]
        industries[industry] = Industry(above, count - above, suffixes, spec.products)
    above_total = real_above + sum(i.above_scale for i in industries.values())
    serves, rows = _institutions(base, size.institutions - len(base.serves))
    return replace(
        base,
        alias="山东{name}有限公司",
        above_scale_total=above_total,
        syllables=SYLLABLES,
        industries=industries,
        serves={**base.serves, **serves},
        regions=_regions(size.city),
        institutions=rows,
    )


def _institutions(base: Vocabulary, count: int) -> tuple[dict[str, list[str]], list[list[str]]]:
    """``count`` synthetic institutions: a city, a field, a kind; each serves its field's
    industry and one or two more. Their own generator keeps the main draws unchanged."""
    rng = random.Random(f"institutions {count}")
    cities = [
        row["name"] for row in _read(AREAS.with_name("cities.csv")) if row["provinceCode"] == "37"
    ]
    industries = list(FIELDS)
    serves: dict[str, list[str]] = {}
    rows: list[list[str]] = []
    for index in range(count):
        city = cities[index % len(cities)]
        industry = industries[(index // len(cities)) % len(industries)]
        suffix, kind = INSTITUTE_KINDS[index // (len(cities) * len(industries))]
        name = f"{city.removesuffix('市')}{FIELDS[industry]}{suffix}（示例）"
        others = rng.sample([i for i in industries if i != industry], rng.randint(1, 2))
        serves[name] = [industry, *others]
        topics = [t for i in serves[name] for t in base.needs[i]]
        keywords = sorted({k for t in topics for k in t.keywords.split("|")})[:8]
        served = "、".join(serves[name])
        profile = f"{city}的{FIELDS[industry]}研究机构，面向{served}产业开展技术研发与成果转化。"
        rows.append([name, "", kind, city, "山东省", profile, "|".join(keywords)])
    return serves, rows


def _regions(city: str | None) -> list[str]:
    """The districts and counties of a city (an NBS code), or of 山东省; names that are unique
    in the whole country, so that each resolves to one region."""
    rows = _read(AREAS)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["name"]] = counts.get(row["name"], 0) + 1
    return [
        row["name"]
        for row in rows
        if row["provinceCode"] == "37"
        and (city is None or row["cityCode"] == city)
        and counts[row["name"]] == 1
    ]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
