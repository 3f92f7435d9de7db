"""The EU CORDIS Horizon 2020 participations -> organisations, projects and participation edges.

Pure ``parse_*`` functions turn rows into records; ``read_*`` functions read the vendored files
(``data/cordis/``, see its ``SOURCES.md``); :func:`load_cordis` writes one all-or-nothing batch.

Organisations are keyed by their CORDIS ``pic`` and projects by their ``rcn``:

>>> rows = [{"rcn": "1", "role": "coordinator", "pic": "42", "type": "HES",
...          "contribution": "10.5", "country": "UK", "start_date": "2016-01-01",
...          "end_date": "2018-12-31", "start_year": "2016", "max_contribution": "99"}]
>>> parts, rejects = parse_participations(rows, source="p.csv")
>>> parts[0].pic, parts[0].org_type, parts[0].start_year, rejects
(42, 'HES', 2016, [])
>>> org_node_id(42, "HES"), project_node_id(1)
('institution:pic42', 'project:rcn1')
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rich.progress import Progress

from graph.errors import LoadError, MissingColumn
from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, PropertyValue, Provenance
from graph.model import node_id as make_node_id
from graph.stores.base import GraphStore
from loaders.report import FileResult, LoadReport, Reject

__all__ = [
    "ACADEMIC_TYPES",
    "DEFAULT_FOLDER",
    "KIND_OF_TYPE",
    "OrgInfo",
    "Participation",
    "ProjectInfo",
    "cordis_batch",
    "load_cordis",
    "org_node_id",
    "parse_org_names",
    "parse_participations",
    "parse_programme_parts",
    "parse_project_topics",
    "project_node_id",
    "read_csv_rows",
    "read_participations",
    "read_project_info",
]

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "data" / "cordis"
PARTICIPATIONS = "eunets_h2020_participations.csv.gz"
PROGRAMME_PARTS = "eunets_programme_parts.csv.gz"
ORG_NODES = "spaghetti_h2020_2017_org_nodes.csv.gz"
SWISS_PROJECTS = "swiss_h2020-projects.csv.gz"
SWISS_PARTICIPATIONS = (
    "swiss_cordis-plus-2014.csv.gz",
    "swiss_cordis-plus-2022.csv.gz",
    "swiss_cordis-plus-2007.csv.gz",
)
ACADEMIC_TYPES = frozenset({"HES", "REC"})
KIND_OF_TYPE: Mapping[str, NodeKind] = {
    "PRC": NodeKind.ENTERPRISE,
    "HES": NodeKind.INSTITUTION,
    "REC": NodeKind.INSTITUTION,
    "PUB": NodeKind.INSTITUTION,
    "OTH": NodeKind.TRANSFER_AGENCY,
}
_REQUIRED = ("rcn", "pic", "type")


@dataclass(frozen=True, slots=True)
class Participation:
    """One organisation in one project (one row of the participations file)."""

    rcn: int
    pic: int
    org_type: str
    role: str
    country: str
    start_year: int | None
    start_date: date | None = None
    end_date: date | None = None
    contribution: float | None = None
    max_contribution: float | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class OrgInfo:
    """What the name files say about an organisation."""

    name: str
    short_name: str | None = None
    city: str | None = None


@dataclass(slots=True)
class ProjectInfo:
    """What is known of a project beyond its participations."""

    programme_parts: list[str] = field(default_factory=list)
    title: str | None = None
    acronym: str | None = None
    theme: str | None = None
    topic_code: str | None = None
    topic: str | None = None
    action_type: str | None = None


def org_node_id(pic: int, org_type: str) -> str:
    """The node id of an organisation: its kind and ``pic<number>``."""
    return make_node_id(KIND_OF_TYPE.get(org_type, NodeKind.INSTITUTION), key=f"pic{pic}")


def project_node_id(rcn: int) -> str:
    """The node id of a project: ``project:rcn<number>``."""
    return make_node_id(NodeKind.PROJECT, key=f"rcn{rcn}")


def _number(text: str | None) -> float | None:
    if text is None or text.strip() in ("", "NA", "NaN"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text and text.strip() != "NA" else None
    except ValueError:
        return None


def parse_participations(
    rows: Iterable[Mapping[str, str]], *, source: str
) -> tuple[list[Participation], list[Reject]]:
    """Rows of the participations file -> participations; bad rows become rejects.

    Row numbers count the header as row 1, as a spreadsheet does.
    """
    found: list[Participation] = []
    rejects: list[Reject] = []
    for number, row in enumerate(rows, start=2):
        bad = next((c for c in ("rcn", "pic") if not (row.get(c) or "").strip().isdigit()), None)
        org_type = (row.get("type") or "").strip().upper()
        if bad is not None:
            rejects.append(
                Reject(
                    file=source,
                    row=number,
                    field=bad,
                    value=row.get(bad),
                    reason="not a CORDIS number",
                )
            )
            continue
        if org_type not in KIND_OF_TYPE:
            rejects.append(
                Reject(
                    file=source,
                    row=number,
                    field="type",
                    value=row.get("type"),
                    reason="not one of PRC, HES, REC, PUB, OTH",
                )
            )
            continue
        year = _number(row.get("start_year"))
        found.append(
            Participation(
                rcn=int(row["rcn"]),
                pic=int(row["pic"]),
                org_type=org_type,
                role=(row.get("role") or "").strip().lower(),
                country=(row.get("country") or "").strip().upper(),
                start_year=int(year) if year is not None else None,
                start_date=_date(row.get("start_date")),
                end_date=_date(row.get("end_date")),
                contribution=_number(row.get("contribution")),
                max_contribution=_number(row.get("max_contribution")),
                row=number,
            )
        )
    return found, rejects


def parse_programme_parts(rows: Iterable[Mapping[str, str]]) -> dict[int, list[str]]:
    """``rcn -> [programme part, ...]`` (a project may belong to several parts)."""
    parts: dict[int, list[str]] = {}
    for row in rows:
        rcn, part = (row.get("rcn") or "").strip(), (row.get("programme_part") or "").strip()
        if rcn.isdigit() and part and part != "NA":
            found = parts.setdefault(int(rcn), [])
            if part not in found:
                found.append(part)
    return parts


def parse_org_names(
    org_nodes: Iterable[Mapping[str, str]], *others: Iterable[Mapping[str, str]]
) -> dict[int, OrgInfo]:
    """``pic -> name, short name, city`` from the 2017 organisation nodes, then the other files.

    The first file that names an organisation wins; later files only fill organisations
    still unnamed.
    """
    names: dict[int, OrgInfo] = {}
    for row in org_nodes:
        pic, name = (row.get("orgId") or "").strip(), (row.get("name") or "").strip()
        if pic.isdigit() and name and int(pic) not in names:
            city = (row.get("city") or "").strip().title() or None
            names[int(pic)] = OrgInfo(name, (row.get("shortName") or "").strip() or None, city)
    for rows in others:
        for row in rows:
            pic, name = (row.get("pic") or "").strip(), (row.get("legal_name") or "").strip()
            if pic.isdigit() and name and name != "NA" and int(pic) not in names:
                short = (row.get("legal_short_name") or "").strip()
                names[int(pic)] = OrgInfo(name, short if short and short != "NA" else None)
    return names


def parse_project_topics(
    swiss_projects: Iterable[Mapping[str, str]], participations: Iterable[Participation]
) -> dict[int, ProjectInfo]:
    """Link projects to title, theme and topic where the EU contribution identifies them.

    The two sources share no key: a project is linked when its ``max_contribution`` equals the
    EU contribution of exactly one swiss project and of no other project here.
    """
    by_amount: dict[int, list[Mapping[str, str]]] = {}
    for row in swiss_projects:
        amount = _number(row.get("H2020 EU Contribution (EUR)"))
        if amount:
            by_amount.setdefault(round(amount), []).append(row)
    amounts: dict[int, int] = {}
    for p in participations:
        if p.max_contribution:
            amounts.setdefault(p.rcn, round(p.max_contribution))
    counts = Counter(amounts.values())
    linked: dict[int, ProjectInfo] = {}
    for rcn, amount in amounts.items():
        rows = by_amount.get(amount, [])
        if counts[amount] == 1 and len(rows) == 1:
            row = rows[0]
            linked[rcn] = ProjectInfo(
                title=row.get("Project Title") or None,
                acronym=row.get("Project Acronym") or None,
                theme=row.get("Thema") or None,
                topic_code=row.get("Topic Code") or None,
                topic=row.get("Topic description") or None,
                action_type=row.get("ToA") or None,
            )
    return linked


def read_csv_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a ``.csv`` or ``.csv.gz`` file as dicts; `LoadError` if it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(str(path), f"cannot read the file ({exc.strerror})") from exc
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise LoadError(str(path), f"broken gzip file ({exc})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    yield from csv.DictReader(io.StringIO(text))


def read_participations(path: str | Path) -> tuple[list[Participation], list[Reject]]:
    """Read a participations file (the vendored one or any file of the same columns)."""
    path = Path(path)
    rows = read_csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise LoadError(str(path), "the file has no rows")
    for column in _REQUIRED:
        if column not in first:
            raise MissingColumn(str(path), column, "participations")
    return parse_participations(_chain(first, rows), source=path.name)


def _chain(first: dict[str, str], rest: Iterator[dict[str, str]]) -> Iterator[dict[str, str]]:
    yield first
    yield from rest


def read_project_info(
    folder: str | Path, participations: Iterable[Participation]
) -> dict[int, ProjectInfo]:
    """Programme parts, titles and topics of projects from the vendored files in ``folder``."""
    folder = Path(folder)
    info = parse_project_topics(read_csv_rows(folder / SWISS_PROJECTS), participations)
    for rcn, parts in parse_programme_parts(read_csv_rows(folder / PROGRAMME_PARTS)).items():
        info.setdefault(rcn, ProjectInfo()).programme_parts = parts
    return info


def read_org_names(folder: str | Path) -> dict[int, OrgInfo]:
    """Organisation names and cities from the vendored files in ``folder``."""
    folder = Path(folder)
    others = [read_csv_rows(folder / n) for n in SWISS_PARTICIPATIONS if (folder / n).exists()]
    return parse_org_names(read_csv_rows(folder / ORG_NODES), *others)


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
