"""Offline evaluation of matchmaking on real cooperation data (CORDIS H2020 participations).

Records in (:mod:`graph.evaluation.records`), metrics out: the package reads no file.
:mod:`~graph.evaluation.dataset` indexes participations as arrays,
:mod:`~graph.evaluation.harness` makes the time split and runs the baselines,
:mod:`~graph.evaluation.learn` fits the ranker inside the training years and runs the protocol.
``ttkg eval partners`` reads the files with :func:`loaders.cordis.read_dataset` and calls
:func:`evaluate_partners`.
"""

from graph.evaluation.dataset import Dataset, dataset_of
from graph.evaluation.harness import Split, make_split, metrics
from graph.evaluation.learn import evaluate_partners
from graph.evaluation.records import ACADEMIC_TYPES, Participation, ProjectInfo

__all__ = [
    "ACADEMIC_TYPES",
    "Dataset",
    "Participation",
    "ProjectInfo",
    "Split",
    "dataset_of",
    "evaluate_partners",
    "make_split",
    "metrics",
]
