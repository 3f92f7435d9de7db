"""Write the analyst notebooks from the cells below, outputs empty.

The cells here are the notebooks' source: edit them, then run ``python notebooks/build.py``;
``python notebooks/build.py --check`` exits 1 when a committed notebook differs from them.
The notebooks only call the package; every analysis lives in ``graph/`` and ``loaders/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

__all__ = ["NOTEBOOKS", "build", "main"]

HERE = Path(__file__).resolve().parent

SETUP_NEEDS = """\
**What it needs.** The repository and its environment with the notebook extras:
`make notebooks` (installs them and opens Jupyter Lab here), or
`.venv/bin/pip install -e '.[notebooks]'` and any Jupyter using the `.venv` Python.
No server, no network, no `make run`: the notebook loads `data/district` and
`data/documents` into a throwaway embedded store in a temporary folder and deletes it at the
end. Parts of the district data are synthetic examples (generated with a fixed seed, marked
`synthetic` in every record's provenance); the work plan and the named organisations are real.
"""

FONTS = """\
# Chinese labels: WenQuanYi Zen Hei or Noto Sans CJK where installed, else matplotlib's default.
plt.rcParams["font.sans-serif"] = [
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
    *plt.rcParams["font.sans-serif"],
]
plt.rcParams["axes.unicode_minus"] = False
warnings.filterwarnings("ignore", message="Glyph .* missing from font")
pd.set_option("display.max_colwidth", 120)
"""

BUILD_STORE = """\
workdir = tempfile.TemporaryDirectory(prefix="ttkg-notebook-")
store = open_store(Path(workdir.name) / "graph.db")
report = load_paths(
    store, [ROOT / "data" / "district", ROOT / "data" / "documents"], region=Settings().region
)
pd.DataFrame([f.model_dump(exclude={"rejects"}) for f in report.files])
"""

CLOSE = """\
store.close()
workdir.cleanup()
"""


def md(text: str) -> NotebookNode:
    """A markdown cell."""
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text: str) -> NotebookNode:
    """A code cell, no outputs."""
    return nbformat.v4.new_code_cell(text.strip("\n"))


OVERVIEW = [
    md(
        """
# 沾化区技术转移合作网络 · District overview

What the district graph holds: nodes by kind and industry, the cooperation network itself,
the enterprises that have no partner yet, who connects the district to Beijing–Tianjin
(the work plan's 京津 direction), the year's targets with their progress, and the R&D
statistics indicators by industry.

"""
        + SETUP_NEEDS
        + """
**How long it takes.** About 10 seconds on two cores (7 to 17 s measured, by machine load).
"""
    ),
    code(
        """
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import graph
from graph import analytics
from graph.model import EdgeKind, NodeKind
from graph.programs.targets import rd_indicators, target_progress
from graph.render import display
from graph.render import select as view
from graph.settings import Settings
from graph.stores import open_store
from loaders.load import load_paths

ROOT = Path(graph.__file__).resolve().parent.parent
"""
        + FONTS
    ),
    md(
        """
## The graph

Every file of `data/district` (tables) and `data/documents` (the 2021 work plan) in one
all-or-nothing load. Each row below is a file, with the rows it held and any error.
"""
    ),
    code(BUILD_STORE),
    code(
        """
rejects = pd.DataFrame([r.model_dump() for f in report.files for r in f.rejects])
print(f"{len(rejects)} rows rejected")
rejects
"""
    ),
    md(
        """
### Nodes and edges by kind

Which kinds have at least one real (non-synthetic) source is shown alongside.
"""
    ),
    code(
        """
stats = store.stats()
nodes = pd.DataFrame(
    [
        {"kind": n.kind.value, "real source": any(not p.synthetic for p in n.provenance)}
        for n in store.iter_nodes()
    ]
)
by_kind = pd.crosstab(nodes["kind"], nodes["real source"]).rename(
    columns={True: "with a real source", False: "synthetic only"}
)
by_kind["total"] = by_kind.sum(axis=1)
by_kind.sort_values("total", ascending=False)
"""
    ),
    code(
        """
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
pd.Series(stats.by_kind).sort_values().plot.barh(ax=left, title="节点 nodes by kind")
pd.Series(stats.by_edge_kind).sort_values().plot.barh(ax=right, title="关系 edges by kind")
fig.tight_layout()
plt.show()
"""
    ),
    md(
        """
### By industry

Everything linked to an industry (`IN_INDUSTRY`): enterprises, their needs, the institutions
and results that serve the industry.
"""
    ),
    code(
        """
members = pd.DataFrame(
    [
        {"industry": industry.name, "kind": n.node.kind.value}
        for industry in store.iter_nodes(kind=NodeKind.INDUSTRY)
        for n in store.neighbours(industry.id, edge_kinds=[EdgeKind.IN_INDUSTRY], direction="in")
    ]
)
by_industry = pd.crosstab(members["industry"], members["kind"])
by_industry = by_industry.sort_values("Enterprise", ascending=False)
by_industry
"""
    ),
    code(
        """
ax = by_industry.plot.bar(stacked=True, figsize=(10, 4), title="按产业 nodes by industry")
ax.set_xlabel("")
plt.show()
"""
    ),
    md(
        """
## The cooperation network

The network view inline: organisations and industries, laid out on the server side, with
search, filters and a details panel (click a node). It needs no network; the page is inside
the notebook.
"""
    ),
    code(
        """
organisations = view.network_graph(
    store,
    kinds=[
        NodeKind.ENTERPRISE,
        NodeKind.INSTITUTION,
        NodeKind.PLATFORM,
        NodeKind.COMMUNITY,
        NodeKind.TRANSFER_AGENCY,
        NodeKind.INDUSTRY,
    ],
)
print(f"{organisations.number_of_nodes()} nodes, {organisations.number_of_edges()} edges")
display(organisations, title="沾化区技术转移合作网络", height=600)
"""
    ),
    md(
        """
## Enterprises with no partner

Enterprises with no cooperation edge (`COOPERATES_WITH`) at all: the first ones to visit
with matchmaking (notebook 02).
"""
    ),
    code(
        """
G = analytics.network_graph(store)
isolated = analytics.isolated_enterprises(G)
enterprises = stats.by_kind[NodeKind.ENTERPRISE.value]
print(f"{len(isolated)} of {enterprises} enterprises have no partner")
pd.DataFrame({"id": isolated, "name": [G.nodes[u]["name"] for u in isolated]})
"""
    ),
    md(
        """
## Brokers to Beijing–Tianjin

Who lies on the shortest cooperation paths from the district's enterprises to the
organisations located in Beijing or Tianjin, then the direct links, then the brokers of the
whole network for comparison.
"""
    ),
    code(
        """
bridges = analytics.bridges_to_region(G)
print(
    f"{bridges.sources} district enterprises; {len(bridges.targets)} Beijing–Tianjin nodes, "
    f"{len(bridges.reachable)} of them reachable, {len(bridges.direct)} direct links"
)
pd.DataFrame([s.model_dump() for s in bridges.brokers])
"""
    ),
    code(
        """
pd.DataFrame(
    [{"enterprise": G.nodes[u]["name"], "partner": G.nodes[v]["name"]} for u, v in bridges.direct]
)
"""
    ),
    code(
        """
pd.DataFrame([s.model_dump() for s in analytics.brokers(G, k=10)])
"""
    ),
    md(
        """
## The year's targets

The targets the work plan sets (Target nodes read from the document), each measured on the
graph: the actual count, the goal and whether it is met.
"""
    ),
    code(
        """
targets = pd.DataFrame(
    [t.model_dump(exclude={"members", "documents"}) for t in target_progress(store)]
)
targets[["text", "measure_label", "actual", "op", "target", "unit", "met"]]
"""
    ),
    code(
        """
ax = targets.set_index("text")[["actual", "target"]].plot.barh(
    figsize=(9, 3), title="目标进度 targets: actual against goal"
)
ax.set_ylabel("")
plt.show()
"""
    ),
    md(
        """
## R&D indicators

The statistics of item 1 of the work plan for the latest reported year: the district (first
row) and each industry. Money in 万元; shares count only the enterprises that report the value.
"""
    ),
    code(
        """
indicators = pd.DataFrame([r.model_dump() for r in rd_indicators(store)]).set_index("scope")
indicators
"""
    ),
    code(
        """
by_year = pd.DataFrame(
    [rd_indicators(store, year=year)[0].model_dump() for year in (2018, 2019, 2020)]
).set_index("year")
by_year[["enterprises", "rd_active_share", "rd_institution_share", "rd_staff_fte", "rd_intensity"]]
"""
    ),
    code(
        """
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
industries = indicators.drop(index="district")
(industries["rd_intensity"] * 100).sort_values().plot.barh(
    ax=left, title="研发投入强度 R&D intensity (%)"
)
left.axvline(indicators.loc["district", "rd_intensity"] * 100, color="grey", linestyle="--")
left.set_ylabel("")
(industries["rd_active_share"] * 100).sort_values().plot.barh(
    ax=right, title="有研发活动企业占比 enterprises with R&D (%)"
)
right.axvline(indicators.loc["district", "rd_active_share"] * 100, color="grey", linestyle="--")
right.set_ylabel("")
fig.tight_layout()
plt.show()
"""
    ),
    md("The dashed lines are the district's values. The temporary store is removed below."),
    code(CLOSE),
]


MATCHMAKING = [
    md(
        """
# 技术需求对接 · Matchmaking walkthrough

A tech-transfer officer's two questions on the district graph: *which universities and
institutes fit this enterprise's need, and why?* and *which enterprises could adopt this
institute's result?* Then how well the ranking works, measured on real cooperation data:
the EU CORDIS Horizon 2020 participations, where the model must find the universities and
research organisations that companies go on to work with in later years, against three
baselines in the same run.

"""
        + SETUP_NEEDS
        + """
The evaluation reads the vendored CORDIS files in `data/cordis/` (see its `SOURCES.md`).

**How long it takes.** About 20 seconds on two cores (8 to 19 s measured): the district part
takes a few seconds, the evaluation the rest. It runs by default on a documented slice, the
participations of organisations in Austria and Switzerland. Set `FULL_EVALUATION = True` in the
parameters cell for all 116,000 participations: about 2 minutes on two cores (122 s measured).
"""
    ),
    code(
        """
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import graph
from graph.match.dataset import dataset_of
from graph.match.learn import evaluate_partners
from graph.match.rank import rank_adopters, rank_partners
from graph.model import EdgeKind, NodeKind
from graph.render import display
from graph.render.select import ego_graph, resolve_node
from graph.settings import Settings
from graph.stores import open_store
from loaders.cordis import DEFAULT_FOLDER, read_participations, read_project_info
from loaders.load import load_paths

ROOT = Path(graph.__file__).resolve().parent.parent
"""
        + FONTS
    ),
    md("### Parameters"),
    code(
        """
NEED = "冬枣保鲜与深加工"  # a need as an enterprise states it
ENTERPRISE = "源鑫冬枣"  # an enterprise of the district that states it
RESULT = "result:山东省果树研究所/冬枣采后贮藏保鲜关键技术"  # an institution's result (its id)
FULL_EVALUATION = False  # True: every CORDIS participation (about 2 minutes on two cores)
SLICE_COUNTRIES = ("AT", "CH")  # the default slice: organisations in Austria and Switzerland
TRAIN_UNTIL, TEST_FROM = 2018, 2019  # learn from projects up to 2018, test on 2019
"""
    ),
    md("## The district graph"),
    code(BUILD_STORE),
    md(
        """
## A need -> institutions

The need as an officer types it, in Chinese, with nothing else: institutions ranked by how
their research profile fits the text, their experience and the work plan's turn to
Beijing–Tianjin. Each score is the sum of its signals; `reasons` says why in Chinese.
"""
    ),
    code(
        """
by_text = rank_partners(store, need=NEED, k=10)
pd.DataFrame(
    [
        {"name": m.name, "score": m.score, **m.signals, "reasons": "；".join(m.reasons)}
        for m in by_text
    ]
)
"""
    ),
    md(
        """
The same need stated by an enterprise of the district: the graph now counts too (who its
partners and similar enterprises work with), institutions it already works with are left out,
and each match shows the cooperation paths that justify it.
"""
    ),
    code(
        """
enterprise = resolve_node(store, ENTERPRISE, kind=NodeKind.ENTERPRISE)
matches = rank_partners(store, enterprise.id, need=NEED, k=10)
pd.DataFrame(
    [
        {
            "name": m.name,
            "score": m.score,
            **m.signals,
            "reasons": "；".join(m.reasons),
            "paths": " | ".join(" → ".join(path) for path in m.paths),
        }
        for m in matches
    ]
)
"""
    ),
    md(
        """
The best match in the graph: its neighbourhood (two hops), centred on it. Click a node for its
facts and sources.
"""
    ),
    code(
        """
best = matches[0]
display(ego_graph(store, best.id, depth=2), title=best.name, focus=best.id, height=550)
"""
    ),
    md(
        """
## A result -> adopting enterprises

An institution's research result, and the district's enterprises that could adopt it: text fit
of the result against each enterprise's products, needs and industry, the graph around the
institution, and experience.
"""
    ),
    code(
        """
result = resolve_node(store, RESULT, kind=NodeKind.RESULT)
holder = store.neighbours(result.id, edge_kinds=[EdgeKind.HAS_RESULT], direction="in")[0].node
print(f"{holder.name}: {result.name}, {result.properties.get('description', '')}")
adopters = rank_adopters(store, holder.id, result=result.name, k=10)
pd.DataFrame(
    [
        {
            "enterprise": m.name,
            "score": m.score,
            **m.signals,
            "reasons": "；".join(m.reasons),
            "paths": " | ".join(" → ".join(path) for path in m.paths),
        }
        for m in adopters
    ]
)
"""
    ),
    code(CLOSE),
    md(
        """
## Evaluation on CORDIS

The protocol of `ttkg eval partners`: learn from the participations of projects that start in
or before `TRAIN_UNTIL`; a test link is a (company, university or research organisation) pair
that first shares a project starting in or after `TEST_FROM`, both seen in training. Each test
link ranks its true partner among every academic organisation seen in training, leaving out the
company's other known partners. The baselines run in the same pass: popularity (the academic's
number of distinct partners), common neighbours and Adamic–Adar on the co-participation graph.
The model's weights are fitted inside the training years only.

On the default slice the candidate list is short (a few hundred academics instead of
about 4,800), so its numbers are higher than the full run's and not comparable with them; the
comparison that counts is the model against the baselines in the same run.

*Link mode* gives the ranker nothing but the company; *need mode* also gives it the need, the
programme part and topic of the project where the pair meets, as an enterprise states its need.
"""
    ),
    code(
        """
participations, rejects = read_participations(
    DEFAULT_FOLDER / "eunets_h2020_participations.csv.gz"
)
chosen = (
    participations
    if FULL_EVALUATION
    else [p for p in participations if p.country in SLICE_COUNTRIES]
)
data = dataset_of(chosen, read_project_info(DEFAULT_FOLDER, chosen))
print(
    f"{'all' if FULL_EVALUATION else ', '.join(SLICE_COUNTRIES)}: {len(chosen):,} of "
    f"{len(participations):,} participations, {data.n_orgs:,} organisations, "
    f"{data.n_projects:,} projects ({len(rejects)} rows rejected)"
)
"""
    ),
    code(
        """
evaluation = evaluate_partners(data, train_until=TRAIN_UNTIL, test_from=TEST_FROM, mode="both")
link, need_mode = evaluation["link"], evaluation["need"]
print(
    f"{link['n_links']:,} test links of {link['n_companies']:,} companies, "
    f"{link['n_candidates']:,} candidates"
)
"""
    ),
    code(
        """
table = pd.DataFrame(
    {"model, link mode": link["model"], "model, need mode": need_mode["model"], **link["baselines"]}
).T
table["hits@10 / common neighbours"] = table["hits@10"] / table.loc["common_neighbours", "hits@10"]
table.round(4)
"""
    ),
    code(
        """
ax = table[["hits@10", "mrr"]].plot.bar(
    figsize=(9, 4), rot=0, title=f"CORDIS, test {TEST_FROM}: model against the baselines"
)
ax.set_xlabel("all participations" if FULL_EVALUATION else f"slice: {', '.join(SLICE_COUNTRIES)}")
ax.axhline(table.loc["common_neighbours", "hits@10"], color="grey", linestyle="--", linewidth=1)
plt.show()
"""
    ),
    md(
        """
What the fitted link-mode model weighs (on raw features; `graph/match/features.py` defines
them), and the same comparison one year earlier, inside the training years, where the weights
were validated.
"""
    ),
    code(
        """
weights = pd.Series(link["ranker"]["weights"]).sort_values()
weights.plot.barh(figsize=(7, 6), title="link-mode weights")
plt.show()
"""
    ),
    code(
        """
pd.DataFrame({"model": link["validation"]["model"], **link["validation"]["baselines"]}).T
"""
    ),
]


HTE_AND_POLICIES = [
    md(
        """
# 高企培育与政策推送 · HTE cultivation and policy push

For the bureau's programme work: the High-Tech Enterprise (高新技术企业) cultivation list with
each enterprise's gaps, the tech-based SME (科技型中小企业) evaluation scores, the candidates
for the talent programmes the work plan names, and the policies to push to each enterprise.
Every verdict comes from the rule files in `graph/programs/rules/` (each condition cites its
article); conditions the data cannot show are listed to check by hand. The tables are exported
to CSV and XLSX at the end.

"""
        + SETUP_NEEDS
        + """
The exports go to `var/exports/` under the repository (ignored by git), or to the folder in
the environment variable `TTKG_EXPORT_DIR`.

**How long it takes.** About 10 seconds on two cores (5 to 12 s measured, by machine load).
"""
    ),
    code(
        """
import os
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import graph
from api.commands.export import export_rows
from graph.programs import assess_enterprise, assess_program, load_rules
from graph.programs.matching import policy_reach, talent_candidates
from graph.settings import Settings
from graph.stores import open_store
from loaders.load import load_paths

ROOT = Path(graph.__file__).resolve().parent.parent
EXPORT_DIR = Path(os.environ.get("TTKG_EXPORT_DIR", ROOT / "var" / "exports"))
"""
        + FONTS
    ),
    code(BUILD_STORE),
    code(
        """
programs = load_rules()
pd.DataFrame(
    [
        {"id": p.id, "name": p.name, "kind": p.kind, "level": p.level, "source": p.source.document}
        for p in programs.values()
    ]
)
"""
    ),
    md(
        """
## HTE cultivation list

Every enterprise with indicators against the HTE conditions (认定办法 第十一条), closest to
eligibility first: eligible, then by the number of failed and unknown conditions and how far
each misses its threshold. `gaps` says what is missing.
"""
    ),
    code(
        """
hte = assess_program(store, "hte", programs=programs, ranked=True)
cultivation = pd.DataFrame(
    [
        {
            "enterprise": a.enterprise,
            "verdict": a.verdict,
            "year": a.reference_year,
            "failed": sum(c.passed is False for c in a.conditions),
            "gaps": "; ".join(a.gaps),
        }
        for a in hte
    ]
)
cultivation["verdict"].value_counts()
"""
    ),
    md(
        """
Ready to apply: every condition the data shows is met (the by-hand checks remain).
"""
    ),
    code(
        """
cultivation[cultivation["verdict"] == "eligible"]
"""
    ),
    md(
        """
To cultivate: not yet eligible, closest first, with what each one lacks.
"""
    ),
    code(
        """
cultivation[cultivation["verdict"] != "eligible"].head(25)
"""
    ),
    md(
        """
The conditions one by one for the first enterprise that is not yet eligible: the value, the
threshold and the gap, as a person reads them.
"""
    ),
    code(
        """
closest = next(a for a in hte if a.verdict == "not_yet")
print(closest.enterprise, "·", closest.verdict)
print("to check by hand:", "; ".join(closest.to_check_by_hand) or "nothing")
pd.DataFrame(
    [c.model_dump(include={"label", "shown", "passed", "gap"}) for c in closest.conditions]
)
"""
    ),
    code(
        """
outcome = {True: "passed", False: "failed", None: "unknown"}
conditions = pd.DataFrame(
    [{"condition": c.name, "outcome": outcome[c.passed]} for a in hte for c in a.conditions]
)
counts = pd.crosstab(conditions["condition"], conditions["outcome"])
ax = counts[["passed", "failed", "unknown"]].plot.barh(
    stacked=True, figsize=(10, 4), color=["#4caf50", "#e53935", "#bdbdbd"],
    title="高企认定条件 HTE conditions across the enterprises",
)
ax.set_ylabel("")
ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
plt.show()
"""
    ),
    md(
        """
## Tech-based SME scores

The evaluation score of 科技型中小企业评价办法 (tech staff 20, R&D 50, IP 30 points; 60 to
pass), highest score first.
"""
    ),
    code(
        """
sme = assess_program(store, "sme", programs=programs, ranked=True)
scores = pd.DataFrame(
    [
        {
            "enterprise": a.enterprise,
            "verdict": a.verdict,
            "score": a.score,
            **{p.name: p.points for p in a.score_parts},
            "gaps": "; ".join(a.gaps),
        }
        for a in sme
    ]
)
scores.sort_values("score", ascending=False).head(20)
"""
    ),
    code(
        """
ax = scores["score"].plot.hist(bins=20, figsize=(8, 3), title="科技型中小企业评价得分 scores")
ax.axvline(programs["sme"].score.minimum, color="red", linestyle="--", label="pass")
ax.legend()
plt.show()
"""
    ),
    md(
        """
## Talent programme candidates

The talent programmes of the work plan: the enterprises the plan names for each, and every
candidate with its verdict. Most conditions of these calls change every year, so they are
listed to check by hand.
"""
    ),
    code(
        """
talent = talent_candidates(store, programs=programs)
for t in talent:
    print(f"{t.name}: named in the plan: {'、'.join(t.named) or 'none'}")
candidates = pd.DataFrame(
    [
        {
            "programme": t.name,
            "enterprise": a.enterprise,
            "named in the plan": a.enterprise in t.named,
            "verdict": a.verdict,
            "to check by hand": "; ".join(a.to_check_by_hand),
        }
        for t in talent
        for a in t.candidates
    ]
)
candidates[candidates["named in the plan"]]
"""
    ),
    md(
        """
## Policies to push

Each policy and how many enterprises it reaches, then the policy list for each enterprise
(eligible ones first), then one enterprise's verdict on every policy in full.
"""
    ),
    code(
        """
reach = policy_reach(store, programs=programs)
pd.DataFrame(
    [
        {
            "policy": r.name,
            "level": r.level,
            "eligible": len(r.eligible),
            "not yet": len(r.not_yet),
            "unknown": len(r.unknown),
            "benefit": r.benefit,
        }
        for r in reach
    ]
)
"""
    ),
    code(
        """
push = pd.DataFrame(
    [
        {"enterprise": name, "policy": r.name, "verdict": verdict}
        for r in reach
        for verdict in ("eligible", "not_yet", "unknown")
        for name in getattr(r, verdict)
    ]
)
per_enterprise = push.pivot(index="enterprise", columns="policy", values="verdict")
per_enterprise["eligible"] = (per_enterprise == "eligible").sum(axis=1)
per_enterprise = per_enterprise.sort_values("eligible", ascending=False)
per_enterprise.head(20)
"""
    ),
    code(
        """
example = hte[0]
pd.DataFrame(
    [
        {
            "policy": programs[a.program].name,
            "verdict": a.verdict,
            "gaps": "; ".join(a.gaps),
            "to check by hand": "; ".join(a.to_check_by_hand),
        }
        for a in assess_enterprise(store, example.id, programs=programs, kinds=["policy"])
    ]
).assign(enterprise=example.enterprise)
"""
    ),
    md(
        """
## Export for the bureau

The tables above as spreadsheets, written by the same function as `ttkg hte --export`: CSV in
UTF-8 with a byte-order mark (Excel opens it with the Chinese intact) and XLSX; cells that a
spreadsheet would run as formulas are written as text.
"""
    ),
    code(
        """
EXPORT_DIR.mkdir(parents=True, exist_ok=True)
tables = {
    "hte_cultivation": cultivation,
    "tech_sme_scores": scores,
    "talent_candidates": candidates,
    "policies_per_enterprise": per_enterprise.reset_index(),
}
for name, table in tables.items():
    for suffix in (".csv", ".xlsx"):
        export_rows(EXPORT_DIR / f"{name}{suffix}", table.to_dict("records"))
sorted(p.name for p in EXPORT_DIR.iterdir())
"""
    ),
    code(CLOSE),
]

NOTEBOOKS: dict[str, list[NotebookNode]] = {
    "01_district_overview.ipynb": OVERVIEW,
    "02_matchmaking.ipynb": MATCHMAKING,
    "03_hte_and_policies.ipynb": HTE_AND_POLICIES,
}


def build(cells: list[NotebookNode], stem: str) -> NotebookNode:
    """A notebook of ``cells`` with stable cell ids and the python3 kernel."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.from_dict(dict(c)) for c in cells]
    for number, cell in enumerate(notebook.cells, 1):
        cell.id = f"{stem[:2]}-{number:02d}"
    notebook.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    nbformat.validate(notebook)
    return notebook


def main(argv: list[str]) -> int:
    """Write every notebook, or with ``--check`` report those that differ from the cells."""
    check = "--check" in argv
    stale = []
    for name, cells in NOTEBOOKS.items():
        path = HERE / name
        text = nbformat.writes(build(cells, name)) + "\n"
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    for name in stale:
        print(f"{name} differs from notebooks/build.py: run python notebooks/build.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
