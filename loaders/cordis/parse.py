"""CORDIS rows -> records: pure parsers, no file is read here (see :mod:`loaders.cordis.files`).

>>> rows = [{"rcn": "1", "role": "coordinator", "pic": "42", "type": "HES",
...          "contribution": "10.5", "country": "UK", "start_date": "2016-01-01",
...          "end_date": "2018-12-31", "start_year": "2016", "max_contribution": "99"}]
>>> parts, rejects = parse_participations(rows, source="p.csv")
>>> parts[0].pic, parts[0].org_type, parts[0].start_year, rejects
(42, 'HES', 2016, [])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from graph.evaluation.records import Participation, ProjectInfo
from graph.i18n import _
from graph.model import NodeKind
from loaders.report import Reject

__all__ = [
    "KIND_OF_TYPE",
    "OrgInfo",
    "parse_org_names",
    "parse_participations",
    "parse_programme_parts",
    "parse_project_topics",
]

KIND_OF_TYPE: Mapping[str, NodeKind] = {
    "PRC": NodeKind.ENTERPRISE,
    "HES": NodeKind.INSTITUTION,
    "REC": NodeKind.INSTITUTION,
    "PUB": NodeKind.INSTITUTION,
    "OTH": NodeKind.TRANSFER_AGENCY,
}
"""The node kind of each CORDIS organisation type."""


@dataclass(frozen=True, slots=True)
class OrgInfo:
    """What the name files say about an organisation."""

    name: str
    short_name: str | None = None
    city: str | None = None


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
                    reason=_("不是 CORDIS 编号"),
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
                    reason=_("不是 PRC、HES、REC、PUB、OTH 之一"),
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
