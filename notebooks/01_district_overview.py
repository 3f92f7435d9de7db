# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 沾化区技术转移合作网络概览
#
# 本笔记本展示区域图谱的全貌：各类节点与关系的数量、各产业的构成、合作网络本身、尚无合作方的
# 企业、连接京津的“中间人”（工作方案的京津方向）、年度目标及其完成情况，以及分产业的研发统计指标。
#
# *District overview: what the graph holds, the network, firms with no partner, brokers to
# Beijing–Tianjin, the year's targets and the R&D indicators.*
#
# **需要什么（What it needs）。** 本仓库及含笔记本扩展的环境：`make notebooks`（安装并在此
# 打开 Jupyter Lab），或 `.venv/bin/pip install -e '.[notebooks]'` 后
# 用 `.venv` 的 Python 运行任一 Jupyter。
# 无需服务器、网络或 `make run`：笔记本把 `data/district` 与 `data/documents` 载入临时文件夹中的
# 一次性嵌入式图库，结束时删除。区域数据中有一部分是示例数据（固定种子生成，每条记录的来源都标有
# `synthetic`）；工作方案和其中点名的机构是真实的。依据示例数据的表格行标有“（示例）”。
#
# **运行时长（How long it takes）。** 双核机器上约 10 秒（视负载 7–17 秒）。

# %%
import matplotlib.pyplot as plt
import pandas as pd

from api.notebook import ROOT, edge_name, kind_name, load_district, percent, setup_charts
from graph import analytics
from graph.exports import mark_example
from graph.model import EdgeKind, NodeKind
from graph.programs.targets import rd_indicators, target_progress
from graph.render import display
from graph.render import select as view

setup_charts()  # 图表使用中文字体（已安装时）

# %% [markdown]
# ## 图谱载入
#
# `data/district`（表格）与 `data/documents`（2021 年工作方案）的全部文件一次载入，要么全部成功，
# 要么全部不载入。下表每行是一个文件：读入的行数及错误（如有）。

# %%
district = load_district()  # data/district 与 data/documents，载入临时文件夹
store, report = district.store, district.report


def relative(file: str) -> str:
    """A loaded file's path under the repository (the whole path elsewhere)."""
    return file.removeprefix(f"{ROOT}/")


pd.DataFrame(
    [
        {"文件": relative(f.file), "类型": f.kind, "行数": f.rows, "错误": f.error or ""}
        for f in report.files
    ]
)

# %% [markdown]
# 示例数据提示：下面的横幅在载入的数据含示例（合成）数据时出现，说明有多少实体是示例、多少实体的
# 部分事实来自示例行；依据示例数据的结论都标有“（示例）”或 `synthetic`，不能作为真实情况上报。

# %%
district.banner()

# %%
rejects = pd.DataFrame(
    [
        {"文件": relative(r.file), "行": r.row, "字段": r.field, "值": r.value, "原因": r.reason}
        for f in report.files
        for r in f.rejects
    ],
    columns=["文件", "行", "字段", "值", "原因"],
)
print(f"被拒绝的行：{len(rejects)} 行")
rejects

# %% [markdown]
# ### 节点与关系的类型
#
# 按类型统计节点数，并分出至少有一个真实（非示例）来源的节点与仅来自示例数据的节点。

# %%
stats = store.stats()
nodes = pd.DataFrame(
    [
        {"类型": kind_name(n.kind.value), "real": any(not p.synthetic for p in n.provenance)}
        for n in store.iter_nodes()
    ]
)
by_kind = pd.crosstab(nodes["类型"], nodes["real"]).rename(
    columns={True: "有真实来源", False: "仅示例数据（示例）"}
)
by_kind.columns.name = None
by_kind["合计"] = by_kind.sum(axis=1)
by_kind.sort_values("合计", ascending=False)

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
node_counts = pd.Series({kind_name(k): n for k, n in stats.by_kind.items()})
edge_counts = pd.Series({edge_name(k): n for k, n in stats.by_edge_kind.items()})
node_counts.sort_values().plot.barh(ax=left, title="各类节点数量（含示例数据）")
edge_counts.sort_values().plot.barh(ax=right, title="各类关系数量（含示例数据）")
left.set_xlabel("个数")
right.set_xlabel("条数")
fig.tight_layout()
plt.show()

# %% [markdown]
# ### 按产业
#
# 与各产业相连（“所属产业”关系）的一切：企业、企业的技术需求、服务该产业的高校院所与科技成果。

# %%
members = pd.DataFrame(
    [
        {"产业": industry.name, "类型": kind_name(n.node.kind.value)}
        for industry in store.iter_nodes(kind=NodeKind.INDUSTRY)
        for n in store.neighbours(industry.id, edge_kinds=[EdgeKind.IN_INDUSTRY], direction="in")
    ]
)
by_industry = pd.crosstab(members["产业"], members["类型"])
by_industry.columns.name = None
by_industry = by_industry.sort_values(kind_name("Enterprise"), ascending=False)
by_industry

# %%
ax = by_industry.plot.bar(
    stacked=True, figsize=(10, 4), rot=0, title="各产业的节点构成（含示例数据）"
)
ax.set_xlabel("")
ax.set_ylabel("个数")
ax.legend(title="类型")
plt.show()

# %% [markdown]
# ## 合作网络
#
# 网络视图直接嵌在笔记本中：机构与产业，服务端布局，可搜索、筛选，点击节点看详情。无需联网，页面就在
# 笔记本里。示例节点在详情中标有“示例”。

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
print(f"{organisations.number_of_nodes()} 个节点，{organisations.number_of_edges()} 条关系")
display(organisations, title="沾化区技术转移合作网络", height=600)

# %% [markdown]
# ## 尚无合作方的企业
#
# 没有任何合作关系（“合作”）的企业：用技术需求对接（笔记本 02）时应先走访的对象。

# %%
G = analytics.network_graph(store)
isolated = analytics.isolated_enterprises(G)
enterprises = stats.by_kind[NodeKind.ENTERPRISE.value]
example_ids = {
    n.id for n in store.iter_nodes() if n.provenance and all(p.synthetic for p in n.provenance)
}
print(f"{enterprises} 家企业中有 {len(isolated)} 家尚无合作方")
pd.DataFrame(
    {
        "编号": isolated,
        "企业": [mark_example(G.nodes[u]["name"], u in example_ids) for u in isolated],
    }
)

# %% [markdown]
# ## 通往京津的“中间人”
#
# 从本区企业到位于北京、天津的机构，最短合作路径经过谁；然后是直接联系，最后是整个网络的
# 中间人，以作比较。“中介中心度”越高，经过它的最短路径越多。

# %%
bridges = analytics.bridges_to_region(G)
print(
    f"本区企业 {bridges.sources} 家；京津节点 {len(bridges.targets)} 个，其中可达 "
    f"{len(bridges.reachable)} 个；直接联系 {len(bridges.direct)} 条"
)


def broker_table(scores: list[analytics.NodeScore]) -> pd.DataFrame:
    """Brokers as a table with Chinese headers; example nodes marked."""
    return pd.DataFrame(
        [
            {
                "机构": mark_example(s.name, s.id in example_ids),
                "类型": kind_name(s.kind),
                "关联方数": s.degree,
                "中介中心度": round(s.betweenness, 4),
            }
            for s in scores
        ]
    )


broker_table(bridges.brokers)

# %%
pd.DataFrame(
    [
        {
            "本区企业": mark_example(G.nodes[u]["name"], u in example_ids),
            "京津合作方": mark_example(G.nodes[v]["name"], v in example_ids),
        }
        for u, v in bridges.direct
    ],
    columns=["本区企业", "京津合作方"],
)

# %%
broker_table(analytics.brokers(G, k=10))

# %% [markdown]
# ## 年度目标
#
# 工作方案设定的目标（从文件中读出的目标节点），逐项在图谱上计量：实际数、目标值、是否完成。
# 实际数分为真实与示例两部分；含示例的一行标有“（示例）”，不能作为真实完成情况上报。

# %%
progress = target_progress(store)
targets = pd.DataFrame(
    [
        {
            "目标": mark_example(t.text, t.synthetic),
            "计量": t.measure_label or "",
            "实际": t.actual,
            "其中真实": t.actual_real,
            "其中示例": t.actual_example,
            "比较": {">=": "≥", "<=": "≤"}.get(t.op, t.op),
            "目标值": t.target,
            "单位": t.unit,
            "是否完成": {True: "是", False: "否", None: "无法计量"}[t.met],
        }
        for t in progress
    ]
)
targets

# %%
ax = targets.set_index("目标")[["实际", "目标值"]].plot.barh(
    figsize=(9, 3), title="年度目标进度：实际与目标值（含示例数据）"
)
ax.set_ylabel("")
plt.show()

# %% [markdown]
# ## 研发统计指标
#
# 工作方案第 1 项的统计指标，取最近的申报年度：全区（第一行）和各产业。金额单位万元；占比只计
# 申报了该项的企业。企业指标行多为示例数据，全部指标都应视为示例。

# %%
INDICATOR_COLUMNS = {
    "year": "年度",
    "enterprises": "企业数",
    "rd_active_share": "有研发活动企业占比",
    "rd_institution_share": "设有研发机构企业占比",
    "rd_staff_fte": "研发人员全时当量（人年）",
    "rd_expense": "研发费用（万元）",
    "revenue": "营业收入（万元）",
    "rd_intensity": "研发投入强度",
}
SCOPES = {"district": "全区", "above_scale": "规模以上企业"}
SHARES = ("rd_active_share", "rd_institution_share", "rd_intensity")


def indicator_table(rows: list) -> pd.DataFrame:
    """Indicators with Chinese headers, ratios as percentages."""
    table = pd.DataFrame([r.model_dump() for r in rows])
    table["scope"] = table["scope"].replace(SCOPES)
    table[["rd_expense", "revenue"]] = table[["rd_expense", "revenue"]].round(1)
    for column in SHARES:
        table[column] = table[column].map(percent)
    return table.set_index("scope")[list(INDICATOR_COLUMNS)].rename(columns=INDICATOR_COLUMNS)


latest = rd_indicators(store)
indicator_table(latest).rename_axis("范围（示例）")

# %%
indicator_table([rd_indicators(store, year=year)[0] for year in (2018, 2019, 2020)]).set_index(
    "年度"
).rename_axis("全区·年度（示例）")

# %%
values = pd.DataFrame([r.model_dump() for r in latest]).set_index("scope")
industries = values.drop(index=["district", "above_scale"], errors="ignore")
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
(industries["rd_intensity"] * 100).sort_values().plot.barh(
    ax=left, title="各产业研发投入强度（%，示例）"
)
left.axvline(values.loc["district", "rd_intensity"] * 100, color="grey", linestyle="--")
left.set_ylabel("")
left.set_xlabel("研发费用占营业收入（%）")
(industries["rd_active_share"] * 100).sort_values().plot.barh(
    ax=right, title="各产业有研发活动企业占比（%，示例）"
)
right.axvline(values.loc["district", "rd_active_share"] * 100, color="grey", linestyle="--")
right.set_ylabel("")
right.set_xlabel("占申报企业（%）")
fig.tight_layout()
plt.show()

# %% [markdown]
# 虚线为全区数值。下面删除临时图库。

# %%
district.close()  # 删除临时图库
