"""The records the evaluation reads: participations of organisations in projects.

They say nothing of files: :mod:`loaders.cordis` reads the CORDIS files into them, a test
writes them by hand.

>>> p = Participation(rcn=7, pic=42, org_type="HES", role="participant", country="DE",
...                   start_year=2016)
>>> p.org_type in ACADEMIC_TYPES
True
>>> ProjectInfo().programme_parts
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["ACADEMIC_TYPES", "Participation", "ProjectInfo"]

ACADEMIC_TYPES = frozenset({"HES", "REC"})
"""CORDIS organisation types that count as academic: higher education, research organisations."""


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
