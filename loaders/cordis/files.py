"""Reading the vendored CORDIS files (``data/cordis/``, see its ``SOURCES.md``) into records.

``.csv`` and ``.csv.gz`` files are read alike; :func:`read_dataset` gives the evaluation
(:mod:`graph.evaluation`) its indexed participations.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.errors import LoadError, MissingColumn
from graph.evaluation.dataset import Dataset, dataset_of
from graph.evaluation.records import Participation, ProjectInfo
from graph.i18n import _
from loaders.cordis.parse import (
    OrgInfo,
    parse_org_names,
    parse_participations,
    parse_programme_parts,
    parse_project_topics,
)
from loaders.report import Reject

__all__ = [
    "DEFAULT_FOLDER",
    "PARTICIPATIONS",
    "read_csv_rows",
    "read_dataset",
    "read_org_names",
    "read_participations",
    "read_project_info",
]

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "data" / "cordis"
PARTICIPATIONS = "eunets_h2020_participations.csv.gz"
PROGRAMME_PARTS = "eunets_programme_parts.csv.gz"
ORG_NODES = "spaghetti_h2020_2017_org_nodes.csv.gz"
SWISS_PROJECTS = "swiss_h2020-projects.csv.gz"
SWISS_PARTICIPATIONS = (
    "swiss_cordis-plus-2014.csv.gz",
    "swiss_cordis-plus-2022.csv.gz",
    "swiss_cordis-plus-2007.csv.gz",
)
_REQUIRED = ("rcn", "pic", "type")


def read_csv_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a ``.csv`` or ``.csv.gz`` file as dicts; `LoadError` if it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(str(path), _("无法读取文件（{cause}）").format(cause=exc.strerror)) from exc
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise LoadError(str(path), _("gzip 文件已损坏（{cause}）").format(cause=exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            str(path),
            _("不是 UTF-8 文本（第 {byte} 字节：{cause}）").format(
                byte=exc.start, cause=exc.reason
            ),
        ) from exc
    yield from csv.DictReader(io.StringIO(text))


def read_participations(path: str | Path) -> tuple[list[Participation], list[Reject]]:
    """Read a participations file (the vendored one or any file of the same columns)."""
    path = Path(path)
    rows = read_csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise LoadError(str(path), _("文件里没有数据行"))
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


def read_dataset(participations: str | Path, folder: str | Path = DEFAULT_FOLDER) -> Dataset:
    """Read a participations file, indexed for the evaluation; parts and topics from ``folder``."""
    rows, _ = read_participations(participations)
    return dataset_of(rows, read_project_info(folder, rows))
