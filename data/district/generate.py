"""Write the synthetic half of the district demo set: ``*_synthetic.csv`` and
``district_synthetic.xlsx``. Run from anywhere: ``python data/district/generate.py``.

Deterministic (seeded): running it twice writes the same bytes. The real rows (the
hand-written CSVs beside this script) are read, never written: the synthetic enterprises
fill the district out to the 92 above-scale industrial enterprises of the work plan, and
their needs, cooperations, memberships, the institutions' results, the agencies and two
policies are invented examples. Every row it writes says ``synthetic=true``.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
SEED = 2021
ABOVE_SCALE_TOTAL = 92  # 全区92家规上工业企业 (workplan-2021 §一)
SOURCE = f"generate.py (seed {SEED})"
NOTE = "synthetic example, not a real record"
REGION = "沾化区"

# industry: (above-scale count, small count, name suffixes, products)
INDUSTRIES: dict[str, tuple[int, int, list[str], list[str]]] = {
    "化工": (20, 2, ["化工", "化学", "新材料"], ["溴素", "阻燃剂", "工业盐", "纯碱", "精细化学品"]),
    "食品": (12, 3, ["食品", "食品科技"], ["小枣食品", "速冻食品", "调味品", "果蔬饮料"]),
    "水产": (10, 2, ["水产", "海产", "渔业"], ["海参", "对虾", "鱼糜制品", "水产苗种"]),
    "建材": (9, 1, ["建材", "新型建材", "水泥制品"], ["加气混凝土砌块", "商品混凝土", "水泥管"]),
    "无花果加工": (4, 2, ["无花果制品", "果业"], ["无花果干", "无花果酱", "无花果饮料"]),
    "农牧": (9, 2, ["牧业", "农牧", "畜牧"], ["肉羊", "生猪", "饲料", "禽蛋"]),
    "医药": (6, 1, ["药业", "医药", "生物科技"], ["原料药", "片剂", "中药饮片"]),
    "电源": (4, 1, ["电源", "电池", "储能科技"], ["铅炭电池", "储能系统", "电源模块"]),
    "冬枣": (10, 2, ["冬枣", "枣业", "枣制品"], ["鲜食冬枣", "冬枣脆片", "枣酒", "冬枣礼盒"]),
}
SYLLABLES = "鑫瑞恒泰宏兴盛源丰润博昌福永广信远安正新德鸿嘉利凯晟汇通益隆"

# industry: [(need title, description, keywords)]
NEEDS: dict[str, list[tuple[str, str, str]]] = {
    "冬枣": [
        ("冬枣保鲜与深加工", "延长冬枣鲜果贮藏期并开发冬枣深加工产品", "冬枣|保鲜|深加工|贮藏"),
        ("冬枣采后贮藏保鲜技术", "解决冬枣采后失水、褐变和腐烂问题", "冬枣|采后|保鲜|冷链"),
        ("冬枣裂果防控", "降低冬枣成熟期裂果率", "冬枣|裂果|栽培|果树"),
        ("冬枣果酒酿造工艺", "开发冬枣果酒并稳定发酵工艺", "冬枣|发酵|果酒|酿造"),
        ("冬枣冻干脆片加工", "建立冬枣真空冷冻干燥生产线工艺", "冬枣|冻干|果蔬加工"),
    ],
    "食品": [
        ("低糖果蔬饮料配方开发", "开发低糖、保留风味的果蔬饮料", "食品|饮料|配方|果蔬加工"),
        ("食品添加剂减量工艺", "减少防腐剂用量并保证保质期", "食品|添加剂|保鲜|食品安全"),
        ("速冻食品品质提升", "改善速冻面点解冻后口感", "速冻|食品|冷链|品质"),
        ("食品快速检测技术", "建立原料农残与微生物快速检测方法", "食品安全|检测|农残"),
    ],
    "水产": [
        ("海参苗种繁育技术", "提高海参苗种成活率", "海参|苗种|繁育|水产养殖"),
        ("对虾工厂化养殖水质调控", "工厂化对虾养殖水质稳定与病害预防", "对虾|水质|养殖|病害"),
        ("水产品精深加工与副产物利用", "利用加工副产物生产高值产品", "水产品加工|副产物|高值化"),
        ("鱼糜制品品质改良", "改善鱼糜制品凝胶强度", "鱼糜|水产品加工|品质"),
    ],
    "无花果加工": [
        ("无花果果干低温干燥工艺", "降低干燥能耗并保持色泽", "无花果|干燥|果品加工"),
        ("无花果果酱与果汁加工", "开发无花果果酱和果汁产品", "无花果|果汁|果酱|果品加工"),
        ("无花果采后保鲜", "延长无花果鲜果货架期", "无花果|保鲜|贮藏"),
    ],
    "农牧": [
        ("畜禽养殖粪污资源化利用", "粪污制备有机肥，减少排放", "畜禽|粪污|资源化|养殖"),
        ("饲料配方优化与减抗", "低成本减抗饲料配方", "饲料|配方|减抗|养殖"),
        ("畜禽疫病快速诊断", "建立常见疫病快速诊断方法", "疫病|诊断|兽医|畜禽"),
        ("肉羊高效繁育技术", "提高肉羊繁殖率", "肉羊|繁育|育种|畜牧"),
    ],
    "化工": [
        ("盐化工副产物综合利用", "苦卤、溴素生产副产物的综合利用", "盐化工|溴素|副产物|综合利用"),
        ("精细化工催化剂替代", "以新型催化剂替代高污染工艺", "催化|精细化工|绿色化工"),
        ("化工废水处理与回用", "高盐有机废水处理与回用", "废水|高盐|处理|绿色化工"),
        ("化工过程安全自动化改造", "危险工艺自动化控制与安全评估", "化工安全|自动化|过程工程"),
        ("阻燃剂高分子材料改性", "提高溴系阻燃剂与高分子材料的相容性", "阻燃剂|高分子|改性"),
    ],
    "建材": [
        ("固废制备新型墙体材料", "利用粉煤灰、建筑垃圾制备墙材", "固废|墙体材料|建筑材料"),
        ("高性能混凝土外加剂", "开发适应本地骨料的外加剂", "混凝土|外加剂|建筑材料"),
        ("加气混凝土砌块节能", "降低蒸压加气砌块生产能耗", "加气混凝土|节能|建材"),
    ],
    "医药": [
        ("原料药合成工艺优化", "缩短合成路线、提高收率", "原料药|合成|药物化学"),
        ("缓释制剂开发", "开发口服缓释制剂", "制剂|缓释|药剂"),
        ("中药提取纯化技术", "提高有效成分提取率", "中药|提取|纯化"),
    ],
    "电源": [
        ("储能电池管理系统", "开发储能系统电池管理与均衡技术", "储能|电池|电池管理"),
        ("高倍率铅炭电池", "提高铅炭电池倍率性能与寿命", "电池|铅炭|电化学"),
        ("电源模块散热设计", "高功率电源模块热管理", "电源|散热|热管理"),
    ],
}
MODES = ["joint_rd", "transfer", "consulting", "licence"]
MODES_ZH = {
    "joint_rd": "联合攻关",
    "transfer": "技术转让",
    "consulting": "技术咨询",
    "licence": "技术许可",
}
STATUS_ZH = {"open": "待对接", "matched": "已对接"}

# institution: industries it serves (curated; used to choose partners and results)
SERVES: dict[str, list[str]] = {
    "渤海先进技术研究院": ["化工", "建材", "电源", "医药"],
    "山东省农业科学院": ["冬枣", "农牧", "食品", "无花果加工"],
    "河北农业大学": ["冬枣", "农牧", "食品"],
    "中国农业大学": ["农牧", "食品", "冬枣"],
    "青岛科技大学": ["化工", "电源"],
    "山东农业大学": ["冬枣", "农牧", "无花果加工"],
    "中国海洋大学": ["水产", "食品", "医药"],
    "江南大学": ["食品", "无花果加工", "水产"],
    "滨州学院": ["化工", "建材"],
    "滨州医学院": ["医药"],
    "山东大学": ["化工", "医药", "建材"],
    "天津科技大学": ["食品", "医药", "化工"],
    "北京化工大学": ["化工", "电源"],
    "天津大学": ["化工", "医药", "电源"],
    "中国科学院过程工程研究所": ["化工", "建材", "电源"],
    "齐鲁工业大学": ["化工", "食品", "医药"],
    "中国水产科学研究院黄海水产研究所": ["水产"],
    "中国农业科学院农产品加工研究所": ["食品", "冬枣", "无花果加工"],
    "北京工商大学": ["食品"],
    "济南大学": ["建材", "化工"],
    "武汉理工大学": ["建材"],
    "中国石油大学（华东）": ["化工"],
    "北京理工大学": ["电源"],
    "中国药科大学": ["医药"],
    "中国民航大学": [],
    "山东省果树研究所": ["冬枣", "无花果加工"],
}
RESULT_TYPES = ["achievement", "patent", "technology"]
RESULT_TYPES_ZH = {"achievement": "科技成果", "patent": "发明专利", "technology": "技术"}
MATURITY_ZH = {"lab": "小试", "pilot": "中试", "industrial": "产业化"}
AGENCIES = [
    ("沾化区科技成果转化服务中心（示例）", "成果转化服务", "沾化区", "冬枣|食品|水产"),
    ("黄河三角洲技术转移中心（示例）", "技术转移机构", "滨州市", "化工|建材|医药"),
    ("京津冀技术交易服务站（示例）", "技术交易服务", "天津市", "化工|电源|医药"),
    ("鲁北知识产权运营中心（示例）", "知识产权服务", "滨州市", "化工|食品|农牧"),
]


def _read(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(name: str, header: list[str], rows: list[list[object]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    (HERE / name).write_text(out.getvalue(), encoding="utf-8")


def enterprises(rng: random.Random) -> list[dict[str, object]]:
    """The synthetic enterprises: the real above-scale ones plus these make 92."""
    real = _read("enterprises.csv")
    real_above = sum(row["above_scale"] == "true" for row in real)
    wanted = sum(above for above, *_ in INDUSTRIES.values())
    if real_above + wanted != ABOVE_SCALE_TOTAL:
        raise SystemExit(f"{real_above} real + {wanted} synthetic above-scale != 92")
    taken = {row["name"][:2] for row in real}
    names: set[str] = set()
    made: list[dict[str, object]] = []
    for industry, (above, small, suffixes, products) in INDUSTRIES.items():
        for index in range(above + small):
            while True:
                brand = "".join(rng.sample(SYLLABLES, 2))
                name = brand + rng.choice(suffixes)
                if brand not in taken and name not in names:
                    break
            names.add(name)
            is_above = index < above
            made.append(
                {
                    "name": name,
                    "aliases": f"沾化{name}有限公司",
                    "industry": industry,
                    "region": REGION,
                    "above_scale": "true" if is_above else "false",
                    "hte": "true" if rng.random() < (0.25 if is_above else 0.1) else "false",
                    "tech_sme": "true" if rng.random() < (0.3 if is_above else 0.6) else "false",
                    "founded": rng.randint(1992, 2019),
                    "employees": rng.randint(60, 1500) if is_above else rng.randint(12, 90),
                    "revenue": rng.randint(2000, 180000) if is_above else rng.randint(200, 1950),
                    "products": "、".join(rng.sample(products, 2)),
                }
            )
    return made


def needs(rng: random.Random, firms: list[dict[str, object]]) -> list[dict[str, object]]:
    """About one need for every second synthetic enterprise."""
    made = []
    for firm in firms:
        if rng.random() > 0.55:
            continue
        templates = NEEDS[str(firm["industry"])]
        for title, description, keywords in rng.sample(templates, rng.choice([1, 1, 1, 2])):
            made.append(
                {
                    "enterprise": firm["name"],
                    "title": title,
                    "description": description,
                    "industry": firm["industry"],
                    "keywords": keywords,
                    "budget": rng.choice([20, 30, 50, 80, 100, 150, 200, 300, 500]),
                    "mode": rng.choice(MODES),
                    "year": 2021,
                    "deadline": rng.choice(["2021-12-31", "2022-06-30"]),
                    "status": rng.choice(["open", "open", "open", "matched"]),
                }
            )
    return made


def cooperations(
    rng: random.Random, firms: list[dict[str, object]], need_rows: list[dict[str, object]]
) -> list[list[object]]:
    """Cooperation links: some needs met by an institution that serves the industry, and
    some earlier cooperations of enterprises that have no need on file."""
    with_needs = {need["enterprise"] for need in need_rows}
    earlier = [
        {
            "enterprise": firm["name"],
            "industry": firm["industry"],
            "status": "matched",
            "title": rng.choice(NEEDS[str(firm["industry"])])[0],
        }
        for firm in firms
        if firm["name"] not in with_needs and rng.random() < 0.3
    ]
    rows, seen = [], set()
    for need in [*need_rows, *earlier]:
        partners = [name for name, served in SERVES.items() if need["industry"] in served]
        if not partners or rng.random() > (0.9 if need["status"] == "matched" else 0.6):
            continue
        institution = rng.choice(partners)
        project = f"{need['title']}合作项目"
        if (need["enterprise"], institution, project) in seen:
            continue
        seen.add((need["enterprise"], institution, project))
        year = rng.randint(2018, 2021)
        start = date(year, 1, 1) + timedelta(days=rng.randint(0, 300))
        rows.append(
            [
                need["enterprise"],
                institution,
                project,
                rng.choice(["joint_rd", *MODES]),
                year,
                start.isoformat(),
                rng.choice([10, 20, 30, 50, 80, 120, 200, 300]),
                "completed" if year < 2020 else rng.choice(["ongoing", "completed"]),
                f"围绕{need['title']}开展合作",
                "true",
                SOURCE,
                NOTE,
            ]
        )
    return rows


def results(rng: random.Random) -> list[list[object]]:
    """One to three results for each institution, on the topics of the industries it serves."""
    rows = []
    for institution, served in SERVES.items():
        topics = [t for industry in served for t in NEEDS[industry]]
        for title, description, keywords in rng.sample(topics, min(len(topics), rng.randint(1, 3))):
            kind = rng.choice(RESULT_TYPES)
            industry = next(i for i in served if (title, description, keywords) in NEEDS[i])
            rows.append(
                [
                    institution,
                    re.sub(r"(技术|工艺)?$", "关键技术", title, count=1),
                    RESULT_TYPES_ZH[kind],
                    rng.randint(2016, 2021),
                    f"成果：{description}",
                    keywords.replace("|", "、"),
                    industry,
                    MATURITY_ZH[rng.choice(list(MATURITY_ZH))],
                    rng.choice(["技术转让", "技术许可"]),
                    "是",
                    SOURCE,
                    NOTE,
                ]
            )
    return rows


def _fixed_xlsx(workbook: openpyxl.Workbook, path: Path) -> None:
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


def main() -> None:
    rng = random.Random(SEED)
    firms = enterprises(rng)
    header = [
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
    _write(
        "enterprises_synthetic.csv",
        [*header, "synthetic", "source", "note"],
        [[firm[c] for c in header] + ["true", SOURCE, NOTE] for firm in firms],
    )

    need_rows = needs(rng, firms)
    agri = {"冬枣", "食品", "无花果加工", "农牧", "水产"}
    columns = [
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
    _write(
        "needs_synthetic.csv",
        [*columns, "synthetic", "source", "note"],
        [
            [n[c] for c in columns] + ["true", SOURCE, NOTE]
            for n in need_rows
            if n["industry"] not in agri
        ],
    )

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "技术需求"
    sheet.append(
        [
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
    )
    for n in need_rows:
        if n["industry"] in agri:
            deadline = date.fromisoformat(str(n["deadline"]))
            sheet.append(
                [
                    n["enterprise"],
                    n["title"],
                    n["description"],
                    n["industry"],
                    str(n["keywords"]).replace("|", "、"),
                    n["budget"],
                    MODES_ZH[str(n["mode"])],
                    n["year"],
                    deadline,
                    STATUS_ZH[str(n["status"])],
                    "是",
                    SOURCE,
                    NOTE,
                ]
            )
    results_sheet = workbook.create_sheet("科技成果")
    results_sheet.append(
        [
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
    )
    for row in results(rng):
        results_sheet.append(row)
    _fixed_xlsx(workbook, HERE / "district_synthetic.xlsx")

    _write(
        "cooperations_synthetic.csv",
        [
            "enterprise",
            "institution",
            "project",
            "type",
            "year",
            "start",
            "amount",
            "status",
            "description",
            "synthetic",
            "source",
            "note",
        ],
        cooperations(rng, firms, need_rows),
    )

    jujube = [f for f in firms if f["industry"] == "冬枣" and f["above_scale"] == "true"][:6]
    _write(
        "memberships_synthetic.csv",
        ["member", "community", "role", "since", "synthetic", "source", "note"],
        [
            [
                f["name"],
                "冬枣产业市级创新创业共同体",
                "lead" if i == 0 else "member",
                2021,
                "true",
                SOURCE,
                NOTE,
            ]
            for i, f in enumerate(jujube)
        ],
    )

    _write(
        "agencies_synthetic.csv",
        [
            "name",
            "type",
            "region",
            "services",
            "serves_industries",
            "founded",
            "synthetic",
            "source",
            "note",
        ],
        [
            [
                name,
                kind,
                region,
                "技术评估|成果对接|知识产权|技术经纪",
                served,
                rng.randint(2012, 2020),
                "true",
                SOURCE,
                NOTE,
            ]
            for name, kind, region, served in AGENCIES
        ],
    )

    _write(
        "policies_synthetic.csv",
        [
            "name",
            "level",
            "issuer",
            "issued",
            "region",
            "industries",
            "summary",
            "eligibility",
            "synthetic",
            "source",
            "note",
        ],
        [
            [
                "沾化区科技创新奖励办法（示例）",
                "district",
                "沾化区科技局",
                "2021-03-15",
                REGION,
                "",
                "对新认定高企、新建研发中心和技术合同登记给予奖励",
                "区内企业",
                "true",
                SOURCE,
                NOTE,
            ],
            [
                "滨州市冬枣产业创新扶持措施（示例）",
                "municipal",
                "滨州市科技局",
                "2020-09-01",
                "滨州市",
                "冬枣|食品",
                "支持冬枣保鲜、深加工技术攻关和创新创业共同体建设",
                "冬枣种植、加工企业",
                "true",
                SOURCE,
                NOTE,
            ],
        ],
    )


if __name__ == "__main__":
    main()
