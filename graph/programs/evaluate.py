"""Programmes against the graph: every enterprise with indicators, one programme or all.

Reads Enterprise nodes from a store, turns their properties into
:class:`~graph.programs.facts.EnterpriseFacts` and assesses them. Programmes that depend on
another programme's verdict (the 15% HTE tax rate needs the HTE conditions) see it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from graph.errors import InvalidRecord, NodeNotFound
from graph.model import EdgeKind, Node, NodeKind
from graph.programs.certificate import certificate_of, rests_on_example
from graph.programs.facts import ANNUAL_FIELDS, EnterpriseFacts
from graph.programs.readiness import Assessment, assess, rank_assessments
from graph.programs.rules import Program, load_rules
from graph.stores.base import GraphStore

__all__ = [
    "assess_enterprise",
    "assess_program",
    "assess_programs",
    "enterprise_facts",
    "has_indicators",
    "indicator_enterprises",
]

_DEPENDENCIES = {"program_hte": "hte", "program_sme": "sme"}


def has_indicators(node: Node) -> bool:
    """Whether a node carries any ``<field>_<year>`` indicator property.

    >>> from graph.model import Provenance
    >>> has_indicators(Node.create(NodeKind.ENTERPRISE, "甲", properties={"revenue_2020": 1.0},
    ...                            provenance=[Provenance(source="t")]))
    True
    """
    return any(
        name.rsplit("_", 1)[0] in ANNUAL_FIELDS and name.rsplit("_", 1)[-1].isdigit()
        for name in node.properties
    )


def indicator_enterprises(store: GraphStore) -> list[Node]:
    """Enterprises that have indicators, in id order."""
    return [n for n in store.iter_nodes(kind=NodeKind.ENTERPRISE) if has_indicators(n)]


def _province(store: GraphStore, node: Node) -> str | None:
    for neighbour in store.neighbours(node.id, edge_kinds=[EdgeKind.LOCATED_IN], direction="out"):
        code = neighbour.node.id.removeprefix("region:")
        if neighbour.node.kind is NodeKind.REGION and code[:2].isdigit():
            return code[:2]
    return None


def enterprise_facts(
    store: GraphStore,
    node: Node,
    *,
    reference_year: int | None = None,
    as_of: date | None = None,
) -> EnterpriseFacts:
    """The facts of one Enterprise node, with its province from its LOCATED_IN region."""
    facts = EnterpriseFacts.from_properties(
        node.properties, reference_year=reference_year, as_of=as_of
    )
    province = _province(store, node)
    if province is None:
        return facts
    return replace(facts, flags={**facts.flags, "province": province})


def _needs(program: Program) -> set[str]:
    metrics = [c.metric for c in [*program.conditions, *program.direct] if c.metric]
    return {_DEPENDENCIES[m] for m in metrics if m in _DEPENDENCIES}


def assess_programs(
    programs: dict[str, Program], wanted: Iterable[str], facts: EnterpriseFacts, node: Node
) -> dict[str, Assessment]:
    """The programmes ``wanted`` for one enterprise, each after those it depends on."""
    done: dict[str, Assessment] = {}
    certificate = certificate_of(node)
    # Every verdict says whether it rests on example rows, and what the certificate is.
    marks = {
        "synthetic": rests_on_example(node),
        "certified": certificate.certified,
        "certified_year": certificate.year,
        "certificate_number": certificate.number,
        "renewal_year": certificate.renewal_year,
    }

    def run(program_id: str, seen: tuple[str, ...]) -> Assessment:
        if program_id in done:
            return done[program_id]
        if program_id in seen:
            raise InvalidRecord(f"programmes depend on each other in a cycle: {seen}")
        if program_id not in programs:
            raise NodeNotFound(f"program:{program_id}")
        program = programs[program_id]
        verdicts = {dep: run(dep, (*seen, program_id)).verdict for dep in sorted(_needs(program))}
        local = replace(facts, programs=verdicts)
        done[program_id] = assess(program, local, enterprise=node.name, node_id=node.id)
        done[program_id] = done[program_id].model_copy(update=marks)
        return done[program_id]

    return {p: run(p, ()) for p in wanted}


def assess_program(
    store: GraphStore,
    program_id: str,
    *,
    programs: dict[str, Program] | None = None,
    reference_year: int | None = None,
    as_of: date | None = None,
    ranked: bool = False,
) -> list[Assessment]:
    """``program_id`` for every enterprise with indicators (ranked for cultivation if asked)."""
    programs = programs if programs is not None else load_rules()
    if program_id not in programs:
        raise NodeNotFound(f"program:{program_id}")
    results = []
    for node in indicator_enterprises(store):
        facts = enterprise_facts(store, node, reference_year=reference_year, as_of=as_of)
        results.append(assess_programs(programs, [program_id], facts, node)[program_id])
    return rank_assessments(results) if ranked else results


def assess_enterprise(
    store: GraphStore,
    enterprise_id: str,
    *,
    programs: dict[str, Program] | None = None,
    kinds: Iterable[str] | None = None,
    reference_year: int | None = None,
    as_of: date | None = None,
) -> list[Assessment]:
    """Every programme (or those of some kinds) for one enterprise; NodeNotFound if none."""
    programs = programs if programs is not None else load_rules()
    node = store.get_node(enterprise_id)
    if node.kind is not NodeKind.ENTERPRISE:
        raise NodeNotFound(enterprise_id)
    facts = enterprise_facts(store, node, reference_year=reference_year, as_of=as_of)
    chosen = None if kinds is None else set(kinds)
    wanted = [p.id for p in programs.values() if chosen is None or p.kind in chosen]
    return list(assess_programs(programs, wanted, facts, node).values())
