"""CORDIS records -> organisations, projects and participation edges, written as one batch.

Organisations are keyed by their CORDIS ``pic`` and projects by their ``rcn``:

>>> org_node_id(42, "HES"), project_node_id(1)
('institution:pic42', 'project:rcn1')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from rich.progress import Progress

from graph.evaluation.records import Participation, ProjectInfo
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, PropertyValue, Provenance
from graph.model import node_id as make_node_id
from graph.stores.base import GraphStore
from loaders.cordis.files import (
    DEFAULT_FOLDER,
    PARTICIPATIONS,
    read_org_names,
    read_participations,
    read_project_info,
)
from loaders.cordis.parse import KIND_OF_TYPE, OrgInfo
from loaders.report import FileResult, LoadReport

__all__ = ["cordis_batch", "load_cordis", "org_node_id", "project_node_id"]


def org_node_id(pic: int, org_type: str) -> str:
    """The node id of an organisation: its kind and ``pic<number>``."""
    return make_node_id(KIND_OF_TYPE.get(org_type, NodeKind.INSTITUTION), key=f"pic{pic}")


def project_node_id(rcn: int) -> str:
    """The node id of a project: ``project:rcn<number>``."""
    return make_node_id(NodeKind.PROJECT, key=f"rcn{rcn}")


def cordis_batch(
    participations: list[Participation],
    projects: Mapping[int, ProjectInfo],
    names: Mapping[int, OrgInfo],
    *,
    source: str = PARTICIPATIONS,
    progress: Progress | None = None,
) -> GraphBatch:
    """Participations (with project and organisation facts) -> one graph batch."""
    types: dict[int, Counter[str]] = {}
    countries: dict[int, str] = {}
    for p in participations:
        types.setdefault(p.pic, Counter())[p.org_type] += 1
        countries.setdefault(p.pic, p.country)
    task = progress.add_task("CORDIS records", total=len(participations)) if progress else None
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for p in participations:
        org_type = types[p.pic].most_common(1)[0][0]
        org = org_node_id(p.pic, org_type)
        if org not in nodes:
            nodes[org] = _org_node(p, org_type, countries[p.pic], names.get(p.pic), source)
        project = project_node_id(p.rcn)
        if project not in nodes:
            nodes[project] = _project_node(p, projects.get(p.rcn), source)
        props: dict[str, PropertyValue] = {"role": p.role, "country": p.country}
        if p.contribution is not None:
            props["contribution"] = p.contribution
        edges.append(
            Edge(
                kind=EdgeKind.PARTICIPATES_IN,
                source=org,
                target=project,
                properties=props,
                provenance=[_prov(source, p.row)],
            )
        )
        if progress is not None and task is not None:
            progress.advance(task)
    return GraphBatch(nodes=list(nodes.values()), edges=edges)


def _prov(source: str, row: int) -> Provenance:
    return Provenance(
        source=f"data/cordis/{source}",
        locator=f"row {row}",
        synthetic=False,
        # i18n: ok: the attribution the data's licence asks for, as worded
        note="Source: CORDIS, European Commission",
    )


def _org_node(
    p: Participation, org_type: str, country: str, info: OrgInfo | None, source: str
) -> Node:
    props: dict[str, PropertyValue] = {"pic": p.pic, "org_type": org_type, "country": country}
    aliases: list[str] = []
    if info is not None and info.city:
        props["city"] = info.city
    if info is not None and info.short_name:
        aliases.append(info.short_name)
    name = info.name if info is not None else f"PIC {p.pic}"
    return Node.create(
        KIND_OF_TYPE[org_type],
        name,
        key=f"pic{p.pic}",
        aliases=aliases,
        properties=props,
        provenance=[_prov(source, p.row)],
    )


def _project_node(p: Participation, info: ProjectInfo | None, source: str) -> Node:
    props: dict[str, PropertyValue] = {"rcn": p.rcn}
    for key, value in (
        ("start_date", p.start_date),
        ("end_date", p.end_date),
        ("start_year", p.start_year),
        ("max_contribution", p.max_contribution),
    ):
        if value is not None:
            props[key] = value
    name = f"H2020 project rcn {p.rcn}"
    if info is not None:
        if info.programme_parts:
            props["programme_part"] = list(info.programme_parts)
        for key in ("title", "acronym", "theme", "topic_code", "topic", "action_type"):
            value = getattr(info, key)
            if value:
                props[key] = value
        name = info.acronym or name
    return Node.create(
        NodeKind.PROJECT,
        name,
        key=f"rcn{p.rcn}",
        aliases=[info.title] if info is not None and info.title else [],
        properties=props,
        provenance=[_prov(source, p.row)],
    )


def load_cordis(store: GraphStore, folder: str | Path = DEFAULT_FOLDER) -> LoadReport:
    """Read the CORDIS files in ``folder`` and write them to ``store`` as one batch."""
    folder = Path(folder)
    path = folder / PARTICIPATIONS
    result = FileResult(file=str(path), kind="cordis participations")
    report = LoadReport(files=[result])
    with Progress(transient=True) as progress:
        participations, result.rejects = read_participations(path)
        result.rows = len(participations) + len(result.rejects)
        projects = read_project_info(folder, participations)
        names = read_org_names(folder)
        batch = cordis_batch(participations, projects, names, progress=progress)
        task = progress.add_task("writing to the store", total=None)
        report.summary = store.upsert(batch)
        progress.update(task, total=1, completed=1)
    return report
