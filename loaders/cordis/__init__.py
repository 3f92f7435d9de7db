"""The EU CORDIS Horizon 2020 participations -> organisations, projects and participation edges.

Pure ``parse_*`` functions (:mod:`~loaders.cordis.parse`) turn rows into records
(:class:`graph.evaluation.Participation`, :class:`graph.evaluation.ProjectInfo`); ``read_*``
functions (:mod:`~loaders.cordis.files`) read the vendored files (``data/cordis/``, see its
``SOURCES.md``); :func:`load_cordis` (:mod:`~loaders.cordis.batch`) writes one all-or-nothing
batch and :func:`read_dataset` indexes the participations for the offline evaluation.
"""

from loaders.cordis.batch import cordis_batch, load_cordis, org_node_id, project_node_id
from loaders.cordis.files import (
    DEFAULT_FOLDER,
    read_csv_rows,
    read_dataset,
    read_org_names,
    read_participations,
    read_project_info,
)
from loaders.cordis.parse import (
    KIND_OF_TYPE,
    OrgInfo,
    parse_org_names,
    parse_participations,
    parse_programme_parts,
    parse_project_topics,
)

__all__ = [
    "DEFAULT_FOLDER",
    "KIND_OF_TYPE",
    "OrgInfo",
    "cordis_batch",
    "load_cordis",
    "org_node_id",
    "parse_org_names",
    "parse_participations",
    "parse_programme_parts",
    "parse_project_topics",
    "project_node_id",
    "read_csv_rows",
    "read_dataset",
    "read_org_names",
    "read_participations",
    "read_project_info",
]
