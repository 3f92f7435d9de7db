"""Routes under /programs: HTE readiness, tech-SME evaluation, talent, policies, targets.

Rules are read from the rule files on every request, so an edited rule file takes effect
without a restart.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import StoreDep
from graph.errors import NodeNotFound
from graph.model import Node, NodeKind, PropertyValue, Provenance
from graph.programs.evaluate import assess_enterprise, assess_program, assess_programs
from graph.programs.facts import ANNUAL_FIELDS, EnterpriseFacts
from graph.programs.matching import PolicyReach, TalentCandidates, policy_reach, talent_candidates
from graph.programs.readiness import Assessment
from graph.programs.rules import Program, Source, load_rules
from graph.programs.targets import TargetProgress, target_progress
from graph.stores.base import GraphStore

__all__ = ["AnnualIndicators", "IndicatorsCheck", "ProgramPublic", "router"]

router = APIRouter(prefix="/programs", tags=["programs"])

VerdictFilter = Literal["eligible", "not_yet", "unknown"]


class ConditionPublic(BaseModel):
    """A condition of a programme as the rule file states it."""

    id: str
    label: str
    article: str | None = None
    metric: str | None = None
    op: str
    threshold: str | None = None
    by_hand: bool


class ProgramPublic(BaseModel):
    """A programme, its source and its conditions."""

    id: str
    name: str
    name_en: str | None = None
    kind: str
    level: str
    source: Source
    benefit: str | None = None
    to_verify: list[str]
    conditions: list[ConditionPublic]

    @classmethod
    def of(cls, program: Program) -> ProgramPublic:
        """The public form of a programme."""
        return cls(
            id=program.id,
            name=program.name,
            name_en=program.name_en,
            kind=program.kind,
            level=program.level,
            source=program.source,
            benefit=program.benefit,
            to_verify=list(program.to_verify),
            conditions=[
                ConditionPublic(
                    id=c.id,
                    label=c.label,
                    article=c.article,
                    metric=c.metric,
                    op=c.op,
                    threshold=None if c.threshold is None else str(c.threshold),
                    by_hand=c.manual,
                )
                for c in [*program.conditions, *program.direct]
            ],
        )


class AnnualIndicators(BaseModel):
    """One year of an enterprise's indicators (money in 万元); blank fields are unknown."""

    model_config = ConfigDict(extra="forbid")

    employees: int | None = Field(default=None, ge=0)
    tech_staff: int | None = Field(default=None, ge=0)
    rd_staff_fte: float | None = Field(default=None, ge=0)
    revenue: float | None = Field(default=None, ge=0)
    rd_expense: float | None = Field(default=None, ge=0)
    rd_expense_domestic: float | None = Field(default=None, ge=0)
    hightech_revenue: float | None = Field(default=None, ge=0)
    invention_patents: int | None = Field(default=None, ge=0)
    utility_patents: int | None = Field(default=None, ge=0)
    software_copyrights: int | None = Field(default=None, ge=0)
    other_ip: int | None = Field(default=None, ge=0)
    has_rd_institution: bool | None = None
    total_assets: float | None = Field(default=None, ge=0)
    total_cost: float | None = Field(default=None, ge=0)


class IndicatorsCheck(BaseModel):
    """Indicators to test against a programme without storing them (a what-if)."""

    model_config = ConfigDict(extra="forbid")

    enterprise: str = Field(default="", max_length=200)
    founded: date | None = None
    hte: bool | None = Field(default=None, description="holds a valid HTE certificate")
    years: dict[int, AnnualIndicators] = Field(max_length=20)
    reference_year: int | None = None
    as_of: date | None = None


def _programs() -> dict[str, Program]:
    return load_rules()


def _enterprise_id(store: GraphStore, enterprise: str) -> str:
    """An enterprise id, or the id of the enterprise with this name or alias."""
    if enterprise.startswith(f"{NodeKind.ENTERPRISE.slug}:"):
        return enterprise
    found = store.lookup(enterprise, kind=NodeKind.ENTERPRISE)
    if not found:
        raise NodeNotFound(f"enterprise:{enterprise}")
    return found[0].id


def _listing(
    store: GraphStore, program: str, verdict: VerdictFilter | None, limit: int
) -> list[Assessment]:
    results = assess_program(store, program, programs=_programs(), ranked=True)
    if verdict is not None:
        results = [r for r in results if r.verdict == verdict]
    return results[:limit]


Limit = Annotated[int, Query(ge=1, le=5000)]


@router.get("")
def list_programs(kind: str | None = None) -> list[ProgramPublic]:
    """Every programme of the rule files, with its source and conditions."""
    return [ProgramPublic.of(p) for p in _programs().values() if kind is None or p.kind == kind]


@router.get("/hte")
def hte_readiness(
    store: StoreDep, verdict: VerdictFilter | None = None, limit: Limit = 500
) -> list[Assessment]:
    """HTE readiness of every enterprise with indicators, closest to eligibility first."""
    return _listing(store, "hte", verdict, limit)


@router.get("/hte/{enterprise_id}")
def hte_for(store: StoreDep, enterprise_id: str) -> Assessment:
    """One enterprise's HTE readiness: every condition, the gaps, what to check by hand."""
    node_id = _enterprise_id(store, enterprise_id)
    return assess_enterprise(store, node_id, programs={"hte": _programs()["hte"]})[0]


@router.get("/sme")
def sme_evaluation(
    store: StoreDep, verdict: VerdictFilter | None = None, limit: Limit = 500
) -> list[Assessment]:
    """Tech-SME evaluation of every enterprise with indicators, best placed first."""
    return _listing(store, "sme", verdict, limit)


@router.get("/sme/{enterprise_id}")
def sme_for(store: StoreDep, enterprise_id: str) -> Assessment:
    """One enterprise's tech-SME evaluation with its score."""
    node_id = _enterprise_id(store, enterprise_id)
    programs = _programs()
    return next(
        a for a in assess_enterprise(store, node_id, programs=programs) if a.program == "sme"
    )


@router.get("/talent")
def talent(store: StoreDep) -> list[TalentCandidates]:
    """Talent programmes with the enterprises named for them and every candidate."""
    return talent_candidates(store, programs=_programs())


@router.get("/policies")
def policies(
    store: StoreDep,
    enterprise: Annotated[
        str | None, Query(max_length=200, description="an enterprise id or name")
    ] = None,
) -> list[PolicyReach] | list[Assessment]:
    """Without ``enterprise``: each policy and whom it reaches. With it: that enterprise's
    verdict on every policy."""
    programs = _programs()
    if enterprise is None:
        return policy_reach(store, programs=programs)
    node_id = _enterprise_id(store, enterprise)
    return assess_enterprise(store, node_id, programs=programs, kinds=["policy"])


@router.get("/targets")
def targets(store: StoreDep) -> list[TargetProgress]:
    """The work plan's targets with their progress measured on the graph."""
    return target_progress(store, programs=_programs())


@router.post("/{program_id}/check")
def check(program_id: str, body: IndicatorsCheck) -> Assessment:
    """Test indicators sent in the request against a programme; nothing is stored."""
    programs = _programs()
    if program_id not in programs:
        raise NodeNotFound(f"program:{program_id}")
    properties: dict[str, PropertyValue] = {}
    for year, values in body.years.items():
        for name in ANNUAL_FIELDS:
            value = getattr(values, name)
            if value is not None:
                properties[f"{name}_{year}"] = value
    if body.founded is not None:
        properties["founded"] = body.founded
    if body.hte is not None:
        properties["hte"] = body.hte
    facts = EnterpriseFacts.from_properties(
        properties, reference_year=body.reference_year, as_of=body.as_of
    )
    # A throwaway node, so programmes that depend on others (the HTE tax rate) see them.
    node = Node.create(
        NodeKind.ENTERPRISE, body.enterprise or "?", provenance=[Provenance(source="request")]
    )
    result = assess_programs(programs, [program_id], facts, node)[program_id]
    return result.model_copy(update={"id": "", "enterprise": body.enterprise})
