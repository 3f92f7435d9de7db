# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 技术需求对接 · Matchmaking walkthrough
#
# A tech-transfer officer's two questions on the district graph: *which universities and
# institutes fit this enterprise's need, and why?* and *which enterprises could adopt this
# institute's result?* Then how well the ranking works, measured on real cooperation data:
# the EU CORDIS Horizon 2020 participations, where the model must find the universities and
# research organisations that companies go on to work with in later years, against three
# baselines in the same run.
#
# **What it needs.** The repository and its environment with the notebook extras:
# `make notebooks` (installs them and opens Jupyter Lab here), or
# `.venv/bin/pip install -e '.[notebooks]'` and any Jupyter using the `.venv` Python.
# No server, no network, no `make run`: the notebook loads `data/district` and
# `data/documents` into a throwaway embedded store in a temporary folder and deletes it at the
# end. Parts of the district data are synthetic examples (generated with a fixed seed, marked
# `synthetic` in every record's provenance); the work plan and the named organisations are real.
#
# The evaluation reads the vendored CORDIS files in `data/cordis/` (see its `SOURCES.md`).
#
# **How long it takes.** About 20 seconds on two cores (8 to 19 s measured): the district part
# takes a few seconds, the evaluation the rest. It runs by default on a documented slice, the
# participations of organisations in Austria and Switzerland. Set `FULL_EVALUATION = True` in the
# parameters cell for all 116,000 participations: about 2 minutes on two cores (122 s measured).

# %%
import matplotlib.pyplot as plt
import pandas as pd

from api.notebook import load_district, setup_charts
from graph.evaluation import dataset_of, evaluate_partners
from graph.match.rank import rank_adopters, rank_partners
from graph.model import EdgeKind, NodeKind
from graph.render import display
from graph.render.select import ego_graph, resolve_node
from loaders.cordis import DEFAULT_FOLDER, read_participations, read_project_info

setup_charts()  # Chinese chart labels where a CJK font is installed

# %% [markdown]
# ### Parameters

# %%
NEED = "冬枣保鲜与深加工"  # a need as an enterprise states it
ENTERPRISE = "源鑫冬枣"  # an enterprise of the district that states it
RESULT = "result:山东省果树研究所/冬枣采后贮藏保鲜关键技术"  # an institution's result (its id)
FULL_EVALUATION = False  # True: every CORDIS participation (about 2 minutes on two cores)
SLICE_COUNTRIES = ("AT", "CH")  # the default slice: organisations in Austria and Switzerland
TRAIN_UNTIL, TEST_FROM = 2018, 2019  # learn from projects up to 2018, test on 2019

# %% [markdown]
# ## The district graph

# %%
district = load_district()  # data/district and data/documents, in a temporary folder
store, report = district.store, district.report
pd.DataFrame([f.model_dump(exclude={"rejects"}) for f in report.files])

# %% [markdown]
# 示例数据提示：下面的横幅在载入的数据含示例（合成）数据时出现，说明有多少实体是示例、多少实体的
# 部分事实来自示例行；依据示例数据的结论都标有“（示例）”或 `synthetic`，不能作为真实情况上报。

# %%
district.banner()

# %% [markdown]
# ## A need -> institutions
#
# The need as an officer types it, in Chinese, with nothing else: institutions ranked by how
# their research profile fits the text, their experience and the work plan's turn to
# Beijing–Tianjin. Each score is the sum of its signals; `reasons` says why in Chinese.

# %%
by_text = rank_partners(store, need=NEED, k=10)
pd.DataFrame(
    [
        {"name": m.name, "score": m.score, **m.signals, "reasons": "；".join(m.reasons)}
        for m in by_text
    ]
)

# %% [markdown]
# The same need stated by an enterprise of the district: the graph now counts too (who its
# partners and similar enterprises work with), institutions it already works with are left out,
# and each match shows the cooperation paths that justify it.

# %%
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

# %% [markdown]
# The best match in the graph: its neighbourhood (two hops), centred on it. Click a node for its
# facts and sources.

# %%
best = matches[0]
display(ego_graph(store, best.id, depth=2), title=best.name, focus=best.id, height=550)

# %% [markdown]
# ## A result -> adopting enterprises
#
# An institution's research result, and the district's enterprises that could adopt it: text fit
# of the result against each enterprise's products, needs and industry, the graph around the
# institution, and experience.

# %%
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

# %%
district.close()  # deletes the temporary store

# %% [markdown]
# ## Evaluation on CORDIS
#
# The protocol of `ttkg eval partners`: learn from the participations of projects that start in
# or before `TRAIN_UNTIL`; a test link is a (company, university or research organisation) pair
# that first shares a project starting in or after `TEST_FROM`, both seen in training. Each test
# link ranks its true partner among every academic organisation seen in training, leaving out the
# company's other known partners. The baselines run in the same pass: popularity (the academic's
# number of distinct partners), common neighbours and Adamic–Adar on the co-participation graph.
# The model's weights are fitted inside the training years only.
#
# On the default slice the candidate list is short (a few hundred academics instead of
# about 4,800), so its numbers are higher than the full run's and not comparable with them; the
# comparison that counts is the model against the baselines in the same run.
#
# *Link mode* gives the ranker nothing but the company; *need mode* also gives it the need, the
# programme part and topic of the project where the pair meets, as an enterprise states its need.

# %%
participations, rejects = read_participations(DEFAULT_FOLDER / "eunets_h2020_participations.csv.gz")
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

# %%
evaluation = evaluate_partners(data, train_until=TRAIN_UNTIL, test_from=TEST_FROM, mode="both")
link, need_mode = evaluation["link"], evaluation["need"]
print(
    f"{link['n_links']:,} test links of {link['n_companies']:,} companies, "
    f"{link['n_candidates']:,} candidates"
)

# %%
table = pd.DataFrame(
    {"model, link mode": link["model"], "model, need mode": need_mode["model"], **link["baselines"]}
).T
table["hits@10 / common neighbours"] = table["hits@10"] / table.loc["common_neighbours", "hits@10"]
table.round(4)

# %%
ax = table[["hits@10", "mrr"]].plot.bar(
    figsize=(9, 4), rot=0, title=f"CORDIS, test {TEST_FROM}: model against the baselines"
)
ax.set_xlabel("all participations" if FULL_EVALUATION else f"slice: {', '.join(SLICE_COUNTRIES)}")
ax.axhline(table.loc["common_neighbours", "hits@10"], color="grey", linestyle="--", linewidth=1)
plt.show()

# %% [markdown]
# What the fitted link-mode model weighs (on raw features; `graph/match/features.py` defines
# them), and the same comparison one year earlier, inside the training years, where the weights
# were validated.

# %%
weights = pd.Series(link["ranker"]["weights"]).sort_values()
weights.plot.barh(figsize=(7, 6), title="link-mode weights")
plt.show()

# %%
pd.DataFrame({"model": link["validation"]["model"], **link["validation"]["baselines"]}).T
