# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 高企培育与政策推送
#
# 供科技局项目工作使用：高新技术企业培育名单（已认定的单列，今年可申报的、待培育的及各自差距），
# 科技型中小企业评价得分，工作方案点名的人才项目候选企业，以及应向每家企业推送的政策。所有结论
# 都来自 `graph/programs/rules/` 中的规则文件（每个条件注明条款）；数据无法判断的条件列为“需人工
# 核实”。最后把各表导出为 CSV 与 XLSX。
#
# *HTE cultivation, tech-SME scores, talent candidates and policy push, from the rule files.*
#
# **需要什么（What it needs）。** 本仓库及含笔记本扩展的环境：`make notebooks`（安装并在此
# 打开 Jupyter Lab），或 `.venv/bin/pip install -e '.[notebooks]'` 后
# 用 `.venv` 的 Python 运行任一 Jupyter。
# 无需服务器、网络或 `make run`：笔记本把 `data/district` 与 `data/documents` 载入临时文件夹中的
# 一次性嵌入式图库，结束时删除。区域数据中有一部分是示例数据（固定种子生成，每条记录的来源都标有
# `synthetic`）；工作方案和其中点名的机构是真实的。依据示例数据的企业名后标有“（示例）”，
# 这些结论不能作为真实情况上报，也不是应联系的企业。
#
# 导出文件写入仓库下的 `var/exports/`（git 忽略），或环境变量 `TTKG_EXPORT_DIR` 指定的文件夹。
#
# **运行时长（How long it takes）。** 双核机器上约 10 秒（视负载 5–12 秒）。

# %%
import matplotlib.pyplot as plt
import pandas as pd

from api.commands.export import export_rows
from api.commands.programs import LEVELS
from api.notebook import ROOT, export_folder, load_district, setup_charts, verdict_name
from graph.exports import mark_example
from graph.i18n import _
from graph.programs import assess_enterprise, assess_program, load_rules
from graph.programs.hte_plan import hte_plan
from graph.programs.matching import policy_reach, talent_candidates

EXPORT_DIR = export_folder()  # $TTKG_EXPORT_DIR，否则 var/exports/
setup_charts()  # 图表使用中文字体（已安装时）
YES_NO = {True: "是", False: "否", None: "未知"}
PROGRAM_KINDS = {
    "certification": "认定",
    "evaluation": "评价",
    "talent": "人才项目",
    "policy": "政策",
}

# %%
district = load_district()  # data/district 与 data/documents，载入临时文件夹
store, report = district.store, district.report
pd.DataFrame(
    [
        {"文件": f.file.removeprefix(f"{ROOT}/"), "类型": f.kind, "行数": f.rows}
        for f in report.files
    ]
)

# %% [markdown]
# 示例数据提示：下面的横幅在载入的数据含示例（合成）数据时出现，说明有多少实体是示例、多少实体的
# 部分事实来自示例行；依据示例数据的结论都标有“（示例）”或 `synthetic`，不能作为真实情况上报。

# %%
district.banner()

# %% [markdown]
# 规则文件中的项目与政策：

# %%
programs = load_rules()
pd.DataFrame(
    [
        {
            "编号": p.id,
            "名称": p.name,
            "类别": PROGRAM_KINDS[p.kind],
            "级别": _(LEVELS[p.level]) if p.level in LEVELS else p.level,
            "依据文件": p.source.document,
        }
        for p in programs.values()
    ]
)

# %% [markdown]
# ## 高新技术企业培育名单
#
# 每家有指标数据的企业对照高企认定条件（认定办法 第十一条），最接近条件的排在前面：先是符合条件的，
# 再按未通过和未知条件的个数、各条件差距大小排序。“差距”说明还缺什么。企业名后标有“（示例）”的，
# 结论依据示例指标行；“已认定”说明是否已持有证书，“复审年度”是需重新认定的年份（认定后三年，
# 数据中有认定年份时给出）。

# %%
hte = assess_program(store, "hte", programs=programs, ranked=True)
cultivation = pd.DataFrame(
    [
        {
            "企业": mark_example(a.enterprise, a.synthetic),
            "结论": verdict_name(a.verdict),
            "示例数据": YES_NO[a.synthetic],
            "已认定": YES_NO[a.certified],
            "复审年度": a.renewal_year or "—",
            "数据年度": a.reference_year,
            "未通过条件数": sum(c.passed is False for c in a.conditions),
            "差距": "；".join(a.gaps),
        }
        for a in hte
    ]
)
cultivation["结论"].value_counts().rename_axis("结论（含示例）").rename("企业数").to_frame()

# %% [markdown]
# 已认定的高企：单列，不是新申报对象（与 `ttkg hte` 的分法相同）。

# %%
plan = hte_plan(hte)
certified = {a.id for a in plan.certified}
apply_now = {a.id for a in plan.apply}
cultivation[[a.id in certified for a in hte]]

# %% [markdown]
# 今年应申报的企业：尚未认定，数据能反映的条件全部满足（仍有需人工核实的条件）。标有“（示例）”的
# 是示例行，不是应联系的企业。

# %%
cultivation[[a.id in apply_now for a in hte]]

# %% [markdown]
# 待培育的企业：尚未认定、尚不符合条件，最接近的在前，附各自的差距。

# %%
cultivation[[a.id not in certified and a.id not in apply_now for a in hte]].head(25)

# %% [markdown]
# 第一家尚不符合条件的企业的逐项条件：数值、门槛和差距。

# %%
closest = next(a for a in hte if a.verdict == "not_yet")
print(mark_example(closest.enterprise, closest.synthetic), "·", verdict_name(closest.verdict))
print("需人工核实：", "；".join(closest.to_check_by_hand) or "无")
pd.DataFrame(
    [
        {"条件": c.label, "数据": c.shown, "是否通过": YES_NO[c.passed], "差距": c.gap or ""}
        for c in closest.conditions
    ]
)

# %%
OUTCOMES = {True: "通过", False: "未通过", None: "未知"}
conditions = pd.DataFrame(
    [{"条件": c.short or c.label, "结果": OUTCOMES[c.passed]} for a in hte for c in a.conditions]
)
counts = pd.crosstab(conditions["条件"], conditions["结果"])
ax = counts[[o for o in OUTCOMES.values() if o in counts]].plot.barh(
    stacked=True,
    figsize=(10, 4),
    color=["#4caf50", "#e53935", "#bdbdbd"],
    title="各企业高企认定条件通过情况（含示例数据）",
)
ax.set_ylabel("")
ax.set_xlabel("企业数")
ax.legend(title="结果", loc="upper left", bbox_to_anchor=(1, 1))
plt.show()

# %% [markdown]
# ## 科技型中小企业评价得分
#
# 《科技型中小企业评价办法》的评分（科技人员 20 分、研发投入 50 分、科技成果 30 分；60 分合格），
# 得分高的在前。

# %%
sme = assess_program(store, "sme", programs=programs, ranked=True)
scores = pd.DataFrame(
    [
        {
            "企业": mark_example(a.enterprise, a.synthetic),
            "结论": verdict_name(a.verdict),
            "示例数据": YES_NO[a.synthetic],
            "得分": a.score,
            **{f"{p.label}（满分 {p.max_points}）": p.points for p in a.score_parts},
            "差距": "；".join(a.gaps),
        }
        for a in sme
    ]
)
parts = [c for c in scores.columns if "满分" in c]
scores[parts] = scores[parts].astype("Int64")  # whole points; a part the data cannot score: <NA>
scores.sort_values("得分", ascending=False).head(20)

# %%
ax = scores["得分"].plot.hist(
    bins=20, figsize=(8, 3), title="科技型中小企业评价得分分布（含示例数据）"
)
ax.axvline(programs["sme"].score.minimum, color="red", linestyle="--", label="合格线")
ax.set_xlabel("得分")
ax.set_ylabel("企业数")
ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
plt.show()

# %% [markdown]
# ## 人才项目候选企业
#
# 工作方案中的人才项目：方案点名的企业，以及每家候选企业的结论。这些申报通知的大多数条件每年
# 都变，因此列为需人工核实。

# %%
talent = talent_candidates(store, programs=programs)
for t in talent:
    print(f"{t.name}：方案点名 {'、'.join(t.named) or '无'}")
candidates = pd.DataFrame(
    [
        {
            "人才项目": t.name,
            "企业": mark_example(a.enterprise, a.synthetic),
            "方案点名": YES_NO[a.enterprise in t.named],
            "结论": verdict_name(a.verdict),
            "需人工核实": "；".join(a.to_check_by_hand),
        }
        for t in talent
        for a in t.candidates
    ]
)
candidates[candidates["方案点名"] == "是"]

# %% [markdown]
# ## 政策推送
#
# 每项政策覆盖多少企业（其中多少是示例企业；政策内容见规则文件 `policies.yaml`），
# 然后是每家企业的政策清单（符合条件多的在前），最后是一家企业对每项政策的完整结论。

# %%
reach = policy_reach(store, programs=programs)
pd.DataFrame(
    [
        {
            "政策": r.name,
            "级别": _(LEVELS[r.level]) if r.level in LEVELS else r.level,
            "符合条件": len(r.eligible),
            "其中示例": sum(1 for n in r.eligible if n in r.example),
            "尚不符合": len(r.not_yet),
            "待补数据": len(r.unknown),
        }
        for r in reach
    ]
)

# %%
push = pd.DataFrame(
    [
        {
            "企业": mark_example(name, name in r.example),
            "政策": r.name,
            "结论": verdict_name(verdict),
        }
        for r in reach
        for verdict in ("eligible", "not_yet", "unknown")
        for name in getattr(r, verdict)
    ]
)
per_enterprise = push.pivot(index="企业", columns="政策", values="结论")
per_enterprise.columns.name = None
per_enterprise["符合条件的政策数"] = (per_enterprise == verdict_name("eligible")).sum(axis=1)
per_enterprise = per_enterprise.sort_values("符合条件的政策数", ascending=False)
per_enterprise.head(20)

# %%
example = hte[0]
print(mark_example(example.enterprise, example.synthetic))
pd.DataFrame(
    [
        {
            "政策": programs[a.program].name,
            "结论": verdict_name(a.verdict),
            "依据示例数据": YES_NO[a.synthetic],
            "差距": "；".join(a.gaps),
            "需人工核实": "；".join(a.to_check_by_hand),
        }
        for a in assess_enterprise(store, example.id, programs=programs, kinds=["policy"])
    ]
)

# %% [markdown]
# ## 导出给科技局
#
# 上面的表格导出为电子表格，与 `ttkg hte --export` 使用同一函数：CSV 为带字节顺序标记的 UTF-8
# （Excel 打开时中文不乱码），另有 XLSX；电子表格会当作公式执行的单元格按文本写入。示例企业的
# 名称在导出文件中同样带“（示例）”。

# %%
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

# %%
district.close()  # 删除临时图库
