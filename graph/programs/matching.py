"""Talent programmes and policies matched to enterprises (work plan items 5 and 6).

A talent programme's candidates are the enterprises with indicators plus those the graph
already links to the programme (Enterprise -APPLIES_TO-> TalentProgram, as the work plan
names them). A policy's reach is every enterprise with indicators, by verdict.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from graph.model import EdgeKind, Node, NodeKind, canonical_key
from graph.programs.evaluate import assess_programs, enterprise_facts, indicator_enterprises
from graph.programs.readiness import Assessment, rank_assessments
from graph.programs.rules import Program, Source, load_rules
from graph.stores.base import GraphStore

__all__ = ["PolicyReach", "TalentCandidates", "policy_reach", "talent_candidates"]


class TalentCandidates(BaseModel):
    """One talent programme: its source, the enterprises named for it, every candidate."""

    program: str
    name: str
    source: Source
    to_verify: list[str] = Field(default_factory=list)
    named: list[str] = Field(default_factory=list)
    """Enterprises the graph links to the programme (APPLIES_TO), e.g. from the work plan."""
    candidates: list[Assessment] = Field(default_factory=list)


class PolicyReach(BaseModel):
    """One policy and the enterprises it reaches, by verdict."""

    program: str
    name: str
    level: str
    source: Source
    benefit: str | None = None
    to_verify: list[str] = Field(default_factory=list)
    eligible: list[str] = Field(default_factory=list)
    not_yet: list[str] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)
    example: list[str] = Field(default_factory=list)
    """Enterprises (in any of the lists) whose verdict rests on example (synthetic) data."""


def _applicants(store: GraphStore, program: Program) -> list[Node]:
    names = {canonical_key(program.name)}
    if program.name_en:
        names.add(canonical_key(program.name_en))
    nodes: dict[str, Node] = {}
    for talent in store.iter_nodes(kind=NodeKind.TALENT_PROGRAM):
        keys = {canonical_key(n) for n in talent.names}
        # The work plan says 泰山产业领军人才; the programme is 泰山产业领军人才工程.
        if not any(k in name or name in k for k in keys for name in names):
            continue
        for neighbour in store.neighbours(
            talent.id, edge_kinds=[EdgeKind.APPLIES_TO], direction="in"
        ):
            if neighbour.node.kind is NodeKind.ENTERPRISE:
                nodes[neighbour.node.id] = neighbour.node
    return sorted(nodes.values(), key=lambda n: n.id)


def talent_candidates(
    store: GraphStore, *, programs: dict[str, Program] | None = None
) -> list[TalentCandidates]:
    """Every talent programme with its named enterprises and ranked candidates."""
    programs = programs if programs is not None else load_rules()
    pool = {n.id: n for n in indicator_enterprises(store)}
    results = []
    for program in (p for p in programs.values() if p.kind == "talent"):
        named = _applicants(store, program)
        nodes = {**pool, **{n.id: n for n in named}}
        assessments = [
            assess_programs(programs, [program.id], enterprise_facts(store, node), node)[program.id]
            for node in nodes.values()
        ]
        results.append(
            TalentCandidates(
                program=program.id,
                name=program.name,
                source=program.source,
                to_verify=list(program.to_verify),
                named=[n.name for n in named],
                candidates=rank_assessments(assessments),
            )
        )
    return results


def policy_reach(
    store: GraphStore, *, programs: dict[str, Program] | None = None
) -> list[PolicyReach]:
    """Every policy with the enterprises that are eligible, not yet, or unknown."""
    programs = programs if programs is not None else load_rules()
    policies = [p for p in programs.values() if p.kind == "policy"]
    reach = {
        p.id: PolicyReach(
            program=p.id,
            name=p.name,
            level=p.level,
            source=p.source,
            benefit=p.benefit,
            to_verify=list(p.to_verify),
        )
        for p in policies
    }
    for node in indicator_enterprises(store):
        facts = enterprise_facts(store, node)
        for program_id, result in assess_programs(
            programs, [p.id for p in policies], facts, node
        ).items():
            getattr(reach[program_id], result.verdict).append(node.name)
            if result.synthetic:
                reach[program_id].example.append(node.name)
    return list(reach.values())
