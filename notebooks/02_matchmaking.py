# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 技术需求对接
#
# 技术转移专员在区域图谱上的两个问题：*哪些高校院所适合解决这家企业的技术需求，为什么？* 以及
# *哪些企业可以承接这家院所的科技成果？* 然后用真实合作数据检验排序的效果：欧盟 CORDIS
# “地平线 2020”项目的参与记录，模型要找出企业在以后年份合作的高校和科研机构，并在同一次运行中
# 与三种基准方法比较。
#
# *Matchmaking walkthrough: a need to institutions, a result to adopting enterprises, and the
# ranking measured on CORDIS against three baselines.*
#
# **需要什么（What it needs）。** 本仓库及含笔记本扩展的环境：`make notebooks`（安装并在此
# 打开 Jupyter Lab），或 `.venv/bin/pip install -e '.[notebooks]'` 后
# 用 `.venv` 的 Python 运行任一 Jupyter。
# 无需服务器、网络或 `make run`：笔记本把 `data/district` 与 `data/documents` 载入临时文件夹中的
# 一次性嵌入式图库，结束时删除。区域数据中有一部分是示例数据（固定种子生成，每条记录的来源都标有
# `synthetic`）；工作方案和其中点名的机构是真实的。示例机构和企业的名称后标有“（示例）”。
#
# 检验部分读取仓库自带的 CORDIS 文件 `data/cordis/`（来源见其中的 `SOURCES.md`）。
#
# **运行时长（How long it takes）。** 双核机器上约 20 秒（8–19 秒）：区域部分几秒，其余是检验。
# 默认在一个说明过的子集上检验，即奥地利和瑞士机构的参与记录。在参数单元格中设
# `FULL_EVALUATION = True` 可检验全部约 116,000 条参与记录：双核约 2 分钟（实测 122 秒）。

# %%
import matplotlib.pyplot as plt
import pandas as pd

from api.notebook import load_district, match_rows, setup_charts
from graph.evaluation import dataset_of, evaluate_partners
from graph.exports import mark_example
from graph.match.answer import MatchAnswer
from graph.match.query import AdoptersQuery, PartnersQuery
from graph.match.rank import answer_matches
from graph.model import EdgeKind, NodeKind
from graph.render import display
from graph.render.select import ego_graph, resolve_node
from loaders.cordis import DEFAULT_FOLDER, read_participations, read_project_info

setup_charts()  # 图表使用中文字体（已安装时）

# %% [markdown]
# ### 参数

# %%
NEED = "冬枣保鲜与深加工"  # 企业表述的一项技术需求
ENTERPRISE = "源鑫冬枣"  # 提出该需求的本区企业
RESULT = "result:山东省果树研究所/冬枣采后贮藏保鲜关键技术"  # 一家院所的科技成果（编号）
FULL_EVALUATION = False  # True：全部 CORDIS 参与记录（双核约 2 分钟）
SLICE_COUNTRIES = ("AT", "CH")  # 默认子集：奥地利和瑞士的机构
TRAIN_UNTIL, TEST_FROM = 2018, 2019  # 用 2018 年及以前的项目学习，在 2019 年的项目上检验

# %% [markdown]
# ## 区域图谱

# %%
district = load_district()  # data/district 与 data/documents，载入临时文件夹
store, report = district.store, district.report
print(f"已载入 {len(report.files)} 个文件，{store.stats().nodes} 个节点")

# %% [markdown]
# 示例数据提示：下面的横幅在载入的数据含示例（合成）数据时出现，说明有多少实体是示例、多少实体的
# 部分事实来自示例行；依据示例数据的结论都标有“（示例）”或 `synthetic`，不能作为真实情况上报。

# %%
district.banner()


# %%
def show(answer: MatchAnswer) -> pd.DataFrame:
    """An answer's table, after its low-confidence notes (the key terms nobody covers)."""
    if answer.confidence == "low":
        print("置信度低：", "；".join(answer.notes))
    if any(m.tied for m in answer.items):
        print("“=”：分数相同。", answer.tie_rule)
    return pd.DataFrame(match_rows(answer, store)).set_index("排名")


# %% [markdown]
# ## 技术需求 → 高校院所
#
# 专员只输入中文的需求文本：按研究方向与文本的契合度、合作经验以及工作方案的京津方向为高校院所
# 排序。总分是各项得分之和；“理由”用中文说明原因。

# %%
by_text = answer_matches(store, PartnersQuery(text=NEED, k=10))
show(by_text)

# %% [markdown]
# 同一需求由本区企业提出：这时合作网络也计入得分（它的合作方以及相似企业与谁合作），已经合作的院所
# 不再列出，每个结果都给出支持它的合作路径。

# %%
enterprise = resolve_node(store, ENTERPRISE, kind=NodeKind.ENTERPRISE)
matches = answer_matches(store, PartnersQuery(source=enterprise.id, text=NEED, k=10))
show(matches)

# %% [markdown]
# 图谱中的最佳匹配：以它为中心的两跳邻域。点击节点可查看其事实与来源。

# %%
best = matches.items[0]
title = mark_example(best.name, best.synthetic)
display(ego_graph(store, best.id, depth=2), title=title, focus=best.id, height=550)

# %% [markdown]
# ## 科技成果 → 承接企业
#
# 一家院所的科技成果，以及可能承接它的本区企业：成果与企业的产品、需求和产业的文本契合度，
# 院所周围的合作网络，以及合作经验。

# %%
result = resolve_node(store, RESULT, kind=NodeKind.RESULT)
holder = store.neighbours(result.id, edge_kinds=[EdgeKind.HAS_RESULT], direction="in")[0].node
print(f"{holder.name}：{result.name}，{result.properties.get('description', '')}")
adopters = answer_matches(store, AdoptersQuery(source=holder.id, text=result.name, k=10))
show(adopters)

# %%
district.close()  # 删除临时图库

# %% [markdown]
# ## 在 CORDIS 上检验
#
# 与 `ttkg eval partners` 相同的做法：用 `TRAIN_UNTIL` 年及以前开始的项目的参与记录学习；一条测试
# 联系是（企业，高校或科研机构）的一对，二者在 `TEST_FROM` 年及以后开始的项目中首次合作，且都在
# 训练数据中出现过。每条测试联系在训练中出现过的全部学术机构中为真实合作方排名，不计该企业的其他
# 已知合作方。基准方法在同一次运行中计算：热门度（学术机构的不同合作方个数）、共同邻居和
# Adamic–Adar（基于共同参与图）。模型权重只在训练年份内拟合。
#
# 默认子集的候选名单很短（几百家学术机构，而不是约 4,800 家），所以数值比全量运行高，二者不可
# 比较；要看的是同一次运行中模型与基准方法的对比。
#
# *关联模式*只给排序器企业本身；*需求模式*还给出需求，即双方所在项目的计划部分与主题，
# 就像企业表述其需求那样。
#
# 指标：Hits@k 是真实合作方排在前 k 名的测试联系的比例；MRR 是真实合作方名次倒数的平均值。

# %%
participations, rejects = read_participations(DEFAULT_FOLDER / "eunets_h2020_participations.csv.gz")
chosen = (
    participations
    if FULL_EVALUATION
    else [p for p in participations if p.country in SLICE_COUNTRIES]
)
data = dataset_of(chosen, read_project_info(DEFAULT_FOLDER, chosen))
scope = "全部国家" if FULL_EVALUATION else "、".join(SLICE_COUNTRIES)
print(
    f"{scope}：{len(participations):,} 条参与记录中选取 {len(chosen):,} 条，"
    f"{data.n_orgs:,} 家机构，{data.n_projects:,} 个项目（拒绝 {len(rejects)} 行）"
)

# %%
evaluation = evaluate_partners(data, train_until=TRAIN_UNTIL, test_from=TEST_FROM, mode="both")
link, need_mode = evaluation["link"], evaluation["need"]
print(
    f"{link['n_companies']:,} 家企业的 {link['n_links']:,} 条测试联系，"
    f"{link['n_candidates']:,} 个候选机构"
)

# %%
METHODS = {
    "model, link mode": "模型（关联模式）",
    "model, need mode": "模型（需求模式）",
    "popularity": "热门度",
    "common_neighbours": "共同邻居",
    "adamic_adar": "Adamic–Adar",
    "model": "模型",
}
table = pd.DataFrame(
    {"model, link mode": link["model"], "model, need mode": need_mode["model"], **link["baselines"]}
).T
table["hits@10 / common neighbours"] = table["hits@10"] / table.loc["common_neighbours", "hits@10"]
METRICS = {"hits@1": "Hits@1", "hits@10": "Hits@10", "mrr": "MRR"}
table.round(4).rename(
    index=METHODS,
    columns={**METRICS, "hits@10 / common neighbours": "Hits@10 相对共同邻居（倍）"},
).rename_axis("方法")

# %%
chart = table[["hits@10", "mrr"]].rename(
    index=METHODS, columns={"hits@10": "Hits@10", "mrr": "MRR"}
)
ax = chart.plot.bar(figsize=(9, 4), rot=0, title=f"CORDIS（检验年 {TEST_FROM}）：模型与基准方法")
ax.set_xlabel("全部参与记录" if FULL_EVALUATION else f"子集：{scope}")
ax.set_ylabel("比例")
ax.axhline(table.loc["common_neighbours", "hits@10"], color="grey", linestyle="--", linewidth=1)
plt.show()

# %% [markdown]
# 拟合后的关联模式模型对各特征的权重（原始特征；定义见 `graph/match/features.py`），以及提前
# 一年、在训练年份内验证权重时的同样对比。

# %%
weights = pd.Series(link["ranker"]["weights"]).sort_values()
ax = weights.plot.barh(figsize=(7, 6), title="关联模式模型的特征权重")
ax.set_xlabel("权重")
plt.show()

# %%
pd.DataFrame({"model": link["validation"]["model"], **link["validation"]["baselines"]}).T.rename(
    index=METHODS, columns=METRICS
).rename_axis("方法（训练年份内验证）")
