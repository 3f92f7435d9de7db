# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 高企培育与政策推送 · HTE cultivation and policy push
#
# For the bureau's programme work: the High-Tech Enterprise (高新技术企业) cultivation list with
# each enterprise's gaps, the tech-based SME (科技型中小企业) evaluation scores, the candidates
# for the talent programmes the work plan names, and the policies to push to each enterprise.
# Every verdict comes from the rule files in `graph/programs/rules/` (each condition cites its
# article); conditions the data cannot show are listed to check by hand. The tables are exported
# to CSV and XLSX at the end.
#
# **What it needs.** The repository and its environment with the notebook extras:
# `make notebooks` (installs them and opens Jupyter Lab here), or
# `.venv/bin/pip install -e '.[notebooks]'` and any Jupyter using the `.venv` Python.
# No server, no network, no `make run`: the notebook loads `data/district` and
# `data/documents` into a throwaway embedded store in a temporary folder and deletes it at the
# end. Parts of the district data are synthetic examples (generated with a fixed seed, marked
# `synthetic` in every record's provenance); the work plan and the named organisations are real.
#
# The exports go to `var/exports/` under the repository (ignored by git), or to the folder in
# the environment variable `TTKG_EXPORT_DIR`.
#
# **How long it takes.** About 10 seconds on two cores (5 to 12 s measured, by machine load).

# %%
import matplotlib.pyplot as plt
import pandas as pd

from api.commands.export import export_rows
from api.notebook import export_folder, load_district, setup_charts
from graph.exports import mark_example
from graph.programs import assess_enterprise, assess_program, load_rules
from graph.programs.hte_plan import hte_plan
from graph.programs.matching import policy_reach, talent_candidates

EXPORT_DIR = export_folder()  # $TTKG_EXPORT_DIR, else var/exports/
setup_charts()  # Chinese chart labels where a CJK font is installed

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
programs = load_rules()
pd.DataFrame(
    [
        {"id": p.id, "name": p.name, "kind": p.kind, "level": p.level, "source": p.source.document}
        for p in programs.values()
    ]
)

# %% [markdown]
# ## HTE cultivation list
#
# Every enterprise with indicators against the HTE conditions (认定办法 第十一条), closest to
# eligibility first: eligible, then by the number of failed and unknown conditions and how far
# each misses its threshold. `gaps` says what is missing. A name marked （示例） rests on
# example indicator rows; `certified` says whether the firm already holds the certificate, and
# `renewal` the year it must renew (three years after certification) where the data gives it.

# %%
hte = assess_program(store, "hte", programs=programs, ranked=True)
cultivation = pd.DataFrame(
    [
        {
            "enterprise": mark_example(a.enterprise, a.synthetic),
            "verdict": a.verdict,
            "synthetic": a.synthetic,
            "certified": a.certified,
            "renewal": a.renewal_year,
            "year": a.reference_year,
            "failed": sum(c.passed is False for c in a.conditions),
            "gaps": "; ".join(a.gaps),
        }
        for a in hte
    ]
)
cultivation["verdict"].value_counts()

# %% [markdown]
# Already certified: listed apart, not new applications (the same split as `ttkg hte`).

# %%
plan = hte_plan(hte)
certified = {a.id for a in plan.certified}
apply_now = {a.id for a in plan.apply}
cultivation[[a.id in certified for a in hte]]

# %% [markdown]
# Who should apply this year: not certified, every condition the data shows is met (the
# by-hand checks remain). Those marked （示例） are example rows, not firms to call.

# %%
cultivation[[a.id in apply_now for a in hte]]

# %% [markdown]
# To cultivate: not certified and not yet eligible, closest first, with what each one lacks.

# %%
cultivation[[a.id not in certified and a.id not in apply_now for a in hte]].head(25)

# %% [markdown]
# The conditions one by one for the first enterprise that is not yet eligible: the value, the
# threshold and the gap, as a person reads them.

# %%
closest = next(a for a in hte if a.verdict == "not_yet")
print(closest.enterprise, "·", closest.verdict)
print("to check by hand:", "; ".join(closest.to_check_by_hand) or "nothing")
pd.DataFrame(
    [c.model_dump(include={"label", "shown", "passed", "gap"}) for c in closest.conditions]
)

# %%
outcome = {True: "passed", False: "failed", None: "unknown"}
conditions = pd.DataFrame(
    [{"condition": c.name, "outcome": outcome[c.passed]} for a in hte for c in a.conditions]
)
counts = pd.crosstab(conditions["condition"], conditions["outcome"])
ax = counts[["passed", "failed", "unknown"]].plot.barh(
    stacked=True,
    figsize=(10, 4),
    color=["#4caf50", "#e53935", "#bdbdbd"],
    title="高企认定条件 HTE conditions across the enterprises",
)
ax.set_ylabel("")
ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
plt.show()

# %% [markdown]
# ## Tech-based SME scores
#
# The evaluation score of 科技型中小企业评价办法 (tech staff 20, R&D 50, IP 30 points; 60 to
# pass), highest score first.

# %%
sme = assess_program(store, "sme", programs=programs, ranked=True)
scores = pd.DataFrame(
    [
        {
            "enterprise": mark_example(a.enterprise, a.synthetic),
            "verdict": a.verdict,
            "synthetic": a.synthetic,
            "score": a.score,
            **{p.name: p.points for p in a.score_parts},
            "gaps": "; ".join(a.gaps),
        }
        for a in sme
    ]
)
scores.sort_values("score", ascending=False).head(20)

# %%
ax = scores["score"].plot.hist(bins=20, figsize=(8, 3), title="科技型中小企业评价得分 scores")
ax.axvline(programs["sme"].score.minimum, color="red", linestyle="--", label="pass")
ax.legend()
plt.show()

# %% [markdown]
# ## Talent programme candidates
#
# The talent programmes of the work plan: the enterprises the plan names for each, and every
# candidate with its verdict. Most conditions of these calls change every year, so they are
# listed to check by hand.

# %%
talent = talent_candidates(store, programs=programs)
for t in talent:
    print(f"{t.name}: named in the plan: {'、'.join(t.named) or 'none'}")
candidates = pd.DataFrame(
    [
        {
            "programme": t.name,
            "enterprise": mark_example(a.enterprise, a.synthetic),
            "named in the plan": a.enterprise in t.named,
            "verdict": a.verdict,
            "to check by hand": "; ".join(a.to_check_by_hand),
        }
        for t in talent
        for a in t.candidates
    ]
)
candidates[candidates["named in the plan"]]

# %% [markdown]
# ## Policies to push
#
# Each policy and how many enterprises it reaches, then the policy list for each enterprise
# (eligible ones first), then one enterprise's verdict on every policy in full.

# %%
reach = policy_reach(store, programs=programs)
pd.DataFrame(
    [
        {
            "policy": r.name,
            "level": r.level,
            "eligible": len(r.eligible),
            "of which example": sum(1 for n in r.eligible if n in r.example),
            "not yet": len(r.not_yet),
            "unknown": len(r.unknown),
            "benefit": r.benefit,
        }
        for r in reach
    ]
)

# %%
push = pd.DataFrame(
    [
        {"enterprise": mark_example(name, name in r.example), "policy": r.name, "verdict": verdict}
        for r in reach
        for verdict in ("eligible", "not_yet", "unknown")
        for name in getattr(r, verdict)
    ]
)
per_enterprise = push.pivot(index="enterprise", columns="policy", values="verdict")
per_enterprise["eligible"] = (per_enterprise == "eligible").sum(axis=1)
per_enterprise = per_enterprise.sort_values("eligible", ascending=False)
per_enterprise.head(20)

# %%
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

# %% [markdown]
# ## Export for the bureau
#
# The tables above as spreadsheets, written by the same function as `ttkg hte --export`: CSV in
# UTF-8 with a byte-order mark (Excel opens it with the Chinese intact) and XLSX; cells that a
# spreadsheet would run as formulas are written as text.

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
district.close()  # deletes the temporary store
