"""The work plan's targets with their progress measured on the graph.

Targets are Target nodes (``indicator``, ``op``, ``value``, ``unit``, ``text``) that a
Document SETS. Each is matched to a *measure* by ``graph/programs/targets.yaml`` and
measured on the graph:

- ``hte_new_applications``: the "apply this year" list of :func:`graph.programs.hte_plan.hte_plan`
  (not certified, HTE verdict eligible), plus uncertified firms marked ``hte_applied``;
- ``tech_sme_total``: enterprises registered as tech SMEs (``tech_sme``) or whose tech-SME
  verdict is eligible;
- ``transfer_agencies``: TransferAgency nodes that serve the district: LOCATED_IN it or a
  region inside it, or with a SERVES or COOPERATES_WITH edge to it or to one of its enterprises;
- ``above_scale_enterprises``: enterprises with indicators.

Each count is split into members that rest on real data and those that rest on example
(synthetic) rows (``actual_real``, ``actual_example``): "44 ≥ 30" from example rows is no
progress a bureau can report.

The R&D statistics indicators of item 1 are in :mod:`graph.programs.statistics`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from graph.errors import LoadError
from graph.i18n import _
from graph.model import EdgeKind, NodeKind
from graph.programs.certificate import rests_on_example
from graph.programs.evaluate import assess_program, indicator_enterprises
from graph.programs.hte_plan import hte_plan
from graph.programs.rules import Program, load_rules
from graph.programs.statistics import IndicatorRow, rd_indicators
from graph.stores.base import GraphStore

__all__ = [
    "DISTRICT",
    "IndicatorRow",
    "TargetProgress",
    "load_measures",
    "measure_target",
    "rd_indicators",
    "target_progress",
]

DISTRICT = "region:371603"
"""The district's Region node (沾化区)."""

MEASURES_FILE = Path(__file__).with_name("targets.yaml")


class TargetProgress(BaseModel):
    """A target and how far the graph says it has come."""

    id: str
    text: str
    indicator: str
    op: str
    target: float | None
    unit: str
    measure: str | None
    measure_label: str | None = None
    actual: int | None
    met: bool | None
    members: list[str] = Field(default_factory=list)
    actual_real: int | None = None
    """How many of ``actual`` rest on real data only."""
    actual_example: int | None = None
    """How many of ``actual`` rest on example (synthetic) rows: not to be reported as real."""
    example_members: list[str] = Field(default_factory=list)
    synthetic: bool = False
    """The count rests, at least in part, on example data."""
    documents: list[str] = Field(default_factory=list)


def load_measures(path: str | Path = MEASURES_FILE) -> list[dict[str, object]]:
    """The measure table of ``targets.yaml``."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LoadError(str(path), _("无法读取指标文件（{cause}）").format(cause=exc)) from exc
    measures = data.get("measures") if isinstance(data, dict) else None
    if not isinstance(measures, list):
        raise LoadError(str(path), _("指标文件的顶层须有 measures: 列表"))
    return measures


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in {"true", "1"})


Member = tuple[str, bool]
"""A counted entity's name and whether it rests on example data."""


def _hte_new(store: GraphStore, programs: dict[str, Program]) -> list[Member]:
    """The firms of ``ttkg hte``'s "apply this year" list, and those marked as applying."""
    apply = {a.id for a in hte_plan(assess_program(store, "hte", programs=programs)).apply}
    return [
        (node.name, rests_on_example(node))
        for node in store.iter_nodes(kind=NodeKind.ENTERPRISE)
        if node.id in apply
        or (_truthy(node.properties.get("hte_applied")) and not _truthy(node.properties.get("hte")))
    ]


def _tech_sme(store: GraphStore, programs: dict[str, Program]) -> list[Member]:
    eligible = {
        a.id for a in assess_program(store, "sme", programs=programs) if a.verdict == "eligible"
    }
    return [
        (node.name, rests_on_example(node))
        for node in store.iter_nodes(kind=NodeKind.ENTERPRISE)
        if node.id in eligible or _truthy(node.properties.get("tech_sme"))
    ]


def _district_nodes(store: GraphStore, district: str) -> set[str]:
    """The district's region, the regions inside it and the nodes located in them."""
    G = store.to_networkx()
    if district not in G:
        return set()
    regions = {district}
    frontier = [district]
    while frontier:
        region = frontier.pop()
        for u, _target, kind in G.in_edges(region, data="kind"):
            if kind == EdgeKind.PART_OF.value and u not in regions:
                regions.add(u)
                frontier.append(u)
    inside = set(regions)
    for region in regions:
        inside |= {
            u for u, _, kind in G.in_edges(region, data="kind") if kind == EdgeKind.LOCATED_IN.value
        }
    return inside


def _transfer_agencies(store: GraphStore, district: str) -> list[Member]:
    inside = _district_nodes(store, district)
    G = store.to_networkx(kinds=None)
    wanted = {EdgeKind.SERVES.value, EdgeKind.COOPERATES_WITH.value, EdgeKind.LOCATED_IN.value}
    found = []
    for u, data in G.nodes(data=True):
        if data.get("kind") != NodeKind.TRANSFER_AGENCY.value:
            continue
        ends = {v for _, v, kind in G.out_edges(u, data="kind") if kind in wanted}
        ends |= {v for v, _, kind in G.in_edges(u, data="kind") if kind in wanted}
        if u in inside or ends & inside:
            found.append(str(u))
    nodes = store.get_nodes(found)
    return sorted((n.name, rests_on_example(n)) for n in nodes.values())


def measure_target(
    store: GraphStore,
    measure: str,
    *,
    programs: dict[str, Program] | None = None,
    district: str = DISTRICT,
) -> list[Member]:
    """The names a measure counts, each with whether it rests on example data;
    `LoadError` for a measure no function computes."""
    programs = programs if programs is not None else load_rules()
    functions: dict[str, Callable[[], list[Member]]] = {
        "hte_new_applications": lambda: _hte_new(store, programs),
        "tech_sme_total": lambda: _tech_sme(store, programs),
        "transfer_agencies": lambda: _transfer_agencies(store, district),
        "above_scale_enterprises": lambda: [
            (n.name, rests_on_example(n)) for n in indicator_enterprises(store)
        ],
    }
    if measure not in functions:
        raise LoadError(
            str(MEASURES_FILE), _("没有计算指标 {measure} 的函数").format(measure=measure)
        )
    return sorted(functions[measure]())


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _met(actual: int, op: str, target: float | None) -> bool | None:
    if target is None:
        return None
    tests = {
        ">=": actual >= target,
        ">": actual > target,
        "<=": actual <= target,
        "<": actual < target,
        "==": actual == target,
    }
    return tests.get(op)


def target_progress(
    store: GraphStore,
    *,
    programs: dict[str, Program] | None = None,
    district: str = DISTRICT,
    measures_file: str | Path = MEASURES_FILE,
) -> list[TargetProgress]:
    """Every Target node with its measure, actual count and whether it is met."""
    measures = load_measures(measures_file)
    programs = programs if programs is not None else load_rules()
    cache: dict[str, list[Member]] = {}
    results = []
    for node in store.iter_nodes(kind=NodeKind.TARGET):
        props = node.properties
        indicator = str(props.get("indicator") or node.name)
        chosen = _choose(measures, indicator)
        documents = [
            n.node.name
            for n in store.neighbours(node.id, edge_kinds=[EdgeKind.SETS], direction="in")
        ]
        target = _number(props.get("value"))
        op = str(props.get("op") or ">=")
        members: list[Member] = []
        actual: int | None = None
        if chosen is not None:
            name = str(chosen["measure"])
            if name not in cache:
                cache[name] = measure_target(store, name, programs=programs, district=district)
            members = cache[name]
            actual = len(members)
        examples = [m for m, synthetic in members if synthetic]
        results.append(
            TargetProgress(
                id=node.id,
                text=str(props.get("text") or node.name),
                indicator=indicator,
                op=op,
                target=target,
                unit=str(props.get("unit") or ""),
                measure=None if chosen is None else str(chosen["measure"]),
                measure_label=None if chosen is None else str(chosen.get("label", "")),
                actual=actual,
                met=None if actual is None else _met(actual, op, target),
                members=[m for m, _synthetic in members],
                actual_real=None if actual is None else actual - len(examples),
                actual_example=None if actual is None else len(examples),
                example_members=examples,
                synthetic=bool(examples),
                documents=documents,
            )
        )
    return results


def _choose(measures: list[dict[str, object]], indicator: str) -> dict[str, object] | None:
    text = indicator.casefold()
    for entry in measures:
        words = entry.get("match")
        if isinstance(words, list) and any(str(w).casefold() in text for w in words):
            return entry
    return None
