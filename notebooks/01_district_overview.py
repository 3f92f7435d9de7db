# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 沾化区技术转移合作网络 · District overview
#
# What the district graph holds: nodes by kind and industry, the cooperation network itself,
# the enterprises that have no partner yet, who connects the district to Beijing–Tianjin
# (the work plan's 京津 direction), the year's targets with their progress, and the R&D
# statistics indicators by industry.
#
# **What it needs.** The repository and its environment with the notebook extras:
# `make notebooks` (installs them and opens Jupyter Lab here), or
# `.venv/bin/pip install -e '.[notebooks]'` and any Jupyter using the `.venv` Python.
# No server, no network, no `make run`: the notebook loads `data/district` and
# `data/documents` into a throwaway embedded store in a temporary folder and deletes it at the
# end. Parts of the district data are synthetic examples (generated with a fixed seed, marked
# `synthetic` in every record's provenance); the work plan and the named organisations are real.
#
# **How long it takes.** About 10 seconds on two cores (7 to 17 s measured, by machine load).

# %%
import matplotlib.pyplot as plt
import pandas as pd

from api.notebook import load_district, setup_charts
from graph import analytics
from graph.model import EdgeKind, NodeKind
from graph.programs.targets import rd_indicators, target_progress
from graph.render import display
from graph.render import select as view

setup_charts()  # Chinese chart labels where a CJK font is installed

# %% [markdown]
# ## The graph
#
# Every file of `data/district` (tables) and `data/documents` (the 2021 work plan) in one
# all-or-nothing load. Each row below is a file, with the rows it held and any error.

# %%
district = load_district()  # data/district and data/documents, in a temporary folder
store, report = district.store, district.report
pd.DataFrame([f.model_dump(exclude={"rejects"}) for f in report.files])

# %% [markdown]
# 示例数据提示：下面的横幅在载入的数据含示例（合成）数据时出现，说明有多少实体是示例、多少实体的
# 部分事实来自示例行；依据示例数据的结论都标有“（示例）”或 `synthetic`，不能作为真实情况上报。

# %%
district.banner()

# %%
rejects = pd.DataFrame([r.model_dump() for f in report.files for r in f.rejects])
print(f"{len(rejects)} rows rejected")
rejects

# %% [markdown]
# ### Nodes and edges by kind
#
# Which kinds have at least one real (non-synthetic) source is shown alongside.

# %%
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

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
pd.Series(stats.by_kind).sort_values().plot.barh(ax=left, title="节点 nodes by kind")
pd.Series(stats.by_edge_kind).sort_values().plot.barh(ax=right, title="关系 edges by kind")
fig.tight_layout()
plt.show()

# %% [markdown]
# ### By industry
#
# Everything linked to an industry (`IN_INDUSTRY`): enterprises, their needs, the institutions
# and results that serve the industry.

# %%
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

# %%
ax = by_industry.plot.bar(stacked=True, figsize=(10, 4), title="按产业 nodes by industry")
ax.set_xlabel("")
plt.show()

# %% [markdown]
# ## The cooperation network
#
# The network view inline: organisations and industries, laid out on the server side, with
# search, filters and a details panel (click a node). It needs no network; the page is inside
# the notebook.

# %%
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

# %% [markdown]
# ## Enterprises with no partner
#
# Enterprises with no cooperation edge (`COOPERATES_WITH`) at all: the first ones to visit
# with matchmaking (notebook 02).

# %%
G = analytics.network_graph(store)
isolated = analytics.isolated_enterprises(G)
enterprises = stats.by_kind[NodeKind.ENTERPRISE.value]
print(f"{len(isolated)} of {enterprises} enterprises have no partner")
pd.DataFrame({"id": isolated, "name": [G.nodes[u]["name"] for u in isolated]})

# %% [markdown]
# ## Brokers to Beijing–Tianjin
#
# Who lies on the shortest cooperation paths from the district's enterprises to the
# organisations located in Beijing or Tianjin, then the direct links, then the brokers of the
# whole network for comparison.

# %%
bridges = analytics.bridges_to_region(G)
print(
    f"{bridges.sources} district enterprises; {len(bridges.targets)} Beijing–Tianjin nodes, "
    f"{len(bridges.reachable)} of them reachable, {len(bridges.direct)} direct links"
)
pd.DataFrame([s.model_dump() for s in bridges.brokers])

# %%
pd.DataFrame(
    [{"enterprise": G.nodes[u]["name"], "partner": G.nodes[v]["name"]} for u, v in bridges.direct]
)

# %%
pd.DataFrame([s.model_dump() for s in analytics.brokers(G, k=10)])

# %% [markdown]
# ## The year's targets
#
# The targets the work plan sets (Target nodes read from the document), each measured on the
# graph: the actual count, the goal and whether it is met.

# %%
targets = pd.DataFrame(
    [t.model_dump(exclude={"members", "documents"}) for t in target_progress(store)]
)
targets[["text", "measure_label", "actual", "op", "target", "unit", "met"]]

# %%
ax = targets.set_index("text")[["actual", "target"]].plot.barh(
    figsize=(9, 3), title="目标进度 targets: actual against goal"
)
ax.set_ylabel("")
plt.show()

# %% [markdown]
# ## R&D indicators
#
# The statistics of item 1 of the work plan for the latest reported year: the district (first
# row) and each industry. Money in 万元; shares count only the enterprises that report the value.

# %%
indicators = pd.DataFrame([r.model_dump() for r in rd_indicators(store)]).set_index("scope")
indicators

# %%
by_year = pd.DataFrame(
    [rd_indicators(store, year=year)[0].model_dump() for year in (2018, 2019, 2020)]
).set_index("year")
by_year[["enterprises", "rd_active_share", "rd_institution_share", "rd_staff_fte", "rd_intensity"]]

# %%
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

# %% [markdown]
# The dashed lines are the district's values. The temporary store is removed below.

# %%
district.close()  # deletes the temporary store
