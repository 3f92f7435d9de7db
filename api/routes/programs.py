"""Routes under /programs: HTE readiness, tech-SME evaluation, talent, policies, targets.

Rules are read from the rule files on every request, so an edited rule file takes effect
without a restart.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from api.deps import StoreDep
from api.schemas import NO_NUL, EntityIdPath, NameQuery, problems
from graph.errors import NodeNotFound
from graph.i18n import _
from graph.lookup import resolve
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


Money = Annotated[
    float | None,
    Field(default=None, ge=0, le=1e9, allow_inf_nan=False, description="万元"),
    # To the yuan: shares of amounts then stay well inside a float.
    AfterValidator(lambda v: None if v is None else round(v, 4)),
]
Count = Annotated[int | None, Field(default=None, ge=0, le=10_000_000)]
Year = Annotated[int, Field(ge=1900, le=2100)]


def _not_a_number(value: object) -> object:
    if isinstance(value, int | float):
        raise ValueError(_("日期写作 YYYY-MM-DD，不能写成数字"))  # not Unix seconds
    return value


Day = Annotated[
    date,
    Field(ge=date(1900, 1, 1), le=date(2100, 12, 31)),
    BeforeValidator(_not_a_number),
]
"""A calendar day written ``YYYY-MM-DD``."""


class AnnualIndicators(BaseModel):
    """One year of an enterprise's indicators (money in 万元); blank fields are unknown."""

    model_config = ConfigDict(extra="forbid")

    employees: Count = None
    tech_staff: Count = None
    rd_staff_fte: Annotated[
        float | None,
        Field(default=None, ge=0, le=10_000_000, allow_inf_nan=False),
        AfterValidator(lambda v: None if v is None else round(v, 2)),
    ] = None
    revenue: Money = None
    rd_expense: Money = None
    rd_expense_domestic: Money = None
    hightech_revenue: Money = None
    invention_patents: Count = None
    utility_patents: Count = None
    software_copyrights: Count = None
    other_ip: Count = None
    has_rd_institution: bool | None = None
    total_assets: Money = None
    total_cost: Money = None


class IndicatorsCheck(BaseModel):
    """Indicators to test against a programme without storing them (a what-if)."""

    model_config = ConfigDict(extra="forbid")

    enterprise: str = Field(default="", max_length=200, pattern=NO_NUL)
    founded: Day | None = None
    hte: bool | None = Field(default=None, description="holds a valid HTE certificate")
    years: dict[Year, AnnualIndicators] = Field(max_length=20)
    reference_year: Year | None = Field(
        default=None, description='the "last year" of the rules; else the latest in `years`'
    )
    as_of: Day | None = Field(
        default=None,
        description="the day conditions are judged on; else 1 January after the reference year",
    )


def _programs() -> dict[str, Program]:
    return load_rules()


def _enterprise_id(store: GraphStore, enterprise: str) -> str:
    """The id of the enterprise ``enterprise`` names: its id, name, alias, credit code or
    short name (404 with the closest names, 409 with the candidates)."""
    return resolve(store, enterprise, kinds=[NodeKind.ENTERPRISE]).id


def _listing(
    store: GraphStore, program: str, verdict: VerdictFilter | None, limit: int
) -> list[Assessment]:
    results = assess_program(store, program, programs=_programs(), ranked=True)
    if verdict is not None:
        results = [r for r in results if r.verdict == verdict]
    return results[:limit]


Limit = Annotated[int, Query(ge=1, le=5000)]


@router.get("")
def list_programs(
    kind: Annotated[
        str | None, Query(max_length=50, pattern=NO_NUL, description="`hte`, `sme`, `policy`...")
    ] = None,
) -> list[ProgramPublic]:
    """Every programme of the rule files, with its source and conditions."""
    return [ProgramPublic.of(p) for p in _programs().values() if kind is None or p.kind == kind]


@router.get("/hte")
def hte_readiness(
    store: StoreDep,
    verdict: VerdictFilter | None = None,
    certified: Annotated[
        bool | None,
        Query(description="`false`: who should apply (not certified); `true`: certified firms"),
    ] = None,
    limit: Limit = 500,
) -> list[Assessment]:
    """HTE readiness of every enterprise with indicators, closest to eligibility first; each
    says whether it holds the certificate (and its renewal year) and whether it rests on
    example data. ``certified=false&verdict=eligible`` answers "who should apply this year"."""
    results = _listing(store, "hte", verdict, 5000)
    if certified is not None:
        results = [a for a in results if bool(a.certified) is certified]
    return results[:limit]


@router.get("/hte/{enterprise_id:path}", responses=problems(404, 409))
def hte_for(store: StoreDep, enterprise_id: EntityIdPath) -> Assessment:
    """One enterprise's HTE readiness: every condition, the gaps, what to check by hand."""
    node_id = _enterprise_id(store, enterprise_id)
    return assess_enterprise(store, node_id, programs={"hte": _programs()["hte"]})[0]


@router.get("/sme")
def sme_evaluation(
    store: StoreDep, verdict: VerdictFilter | None = None, limit: Limit = 500
) -> list[Assessment]:
    """Tech-SME evaluation of every enterprise with indicators, best placed first."""
    return _listing(store, "sme", verdict, limit)


@router.get("/sme/{enterprise_id:path}", responses=problems(404, 409))
def sme_for(store: StoreDep, enterprise_id: EntityIdPath) -> Assessment:
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


@router.get("/policies", responses=problems(404, 409))
def policies(store: StoreDep, enterprise: NameQuery = None) -> list[PolicyReach] | list[Assessment]:
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


@router.post("/{program_id}/check", responses=problems(404))
def check(
    program_id: Annotated[str, Path(max_length=100, pattern=NO_NUL, description="`hte`, `sme`...")],
    body: IndicatorsCheck,
) -> Assessment:
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
        NodeKind.ENTERPRISE,
        body.enterprise or "?",
        properties=properties,
        provenance=[Provenance(source="request")],
    )
    result = assess_programs(programs, [program_id], facts, node)[program_id]
    return result.model_copy(update={"id": "", "enterprise": body.enterprise})
