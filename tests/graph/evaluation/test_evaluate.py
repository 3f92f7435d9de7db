"""The evaluation protocol on a hand-made file whose answer is known, and on a real slice."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.evaluation.dataset import dataset_of
from graph.evaluation.harness import (
    adamic_adar,
    common_neighbours,
    make_split,
    metrics,
    popularity,
    rank_links,
)
from graph.evaluation.records import Participation
from loaders.cordis import DEFAULT_FOLDER, read_csv_rows, read_dataset

# Training (2016): P0 = C1 U1 U2 · P1 = U2 U3 · P2 = C2 U3 U4 · P3 = U2 U5
# Test (2019):     T0 = C1 U3 U4 X C3 (X, C3 unseen in training) · T1 = C1 U1 (old partners)
PRC, HES, REC = "PRC", "HES", "REC"
ROWS = [
    (0, 1, PRC, 2016), (0, 11, HES, 2016), (0, 12, REC, 2016),
    (1, 12, REC, 2016), (1, 13, HES, 2016),
    (2, 2, PRC, 2016), (2, 13, HES, 2016), (2, 14, HES, 2016),
    (3, 12, REC, 2016), (3, 15, HES, 2016),
    (10, 1, PRC, 2019), (10, 13, HES, 2019), (10, 14, HES, 2019), (10, 99, HES, 2019),
    (10, 3, PRC, 2019),
    (11, 1, PRC, 2019), (11, 11, HES, 2019),
]  # fmt: skip


def hand_split():  # type: ignore[no-untyped-def]
    rows = [Participation(rcn, pic, t, "", "DE", year) for rcn, pic, t, year in ROWS]
    return make_split(dataset_of(rows, {}), train_until=2018, test_from=2019)


def test_test_links_follow_the_protocol() -> None:
    split = hand_split()
    pics = split.data.pics
    links = {(int(pics[c]), int(pics[a])) for c, a, _ in split.links}
    # C1-U1 shared a training project; X and C3 were never seen in training.
    assert links == {(1, 13), (1, 14)}
    assert sorted(int(pics[c]) for c in split.candidates) == [11, 12, 13, 14, 15]
    assert len(split.companies) == 1


def test_filtered_ranking_by_hand() -> None:
    split = hand_split()
    pics = split.data.pics
    order = [int(pics[a]) for _, a, _ in split.links]
    # (C1, U3): U1, U2 (training partners) and U4 (other test partner) are left out; U3 and U5
    # tie on one common neighbour (U2), popularity breaks the tie for U3 (3 partners vs 1).
    # (C1, U4): U4 has no common neighbour with C1, U5 has one: rank 2.
    cn = dict(zip(order, rank_links(split, lambda r: common_neighbours(split, r)), strict=True))
    assert cn == {13: 1.0, 14: 2.0}
    aa = dict(zip(order, rank_links(split, lambda r: adamic_adar(split, r)), strict=True))
    assert aa == {13: 1.0, 14: 2.0}
    pop = dict(zip(order, rank_links(split, lambda r: popularity(split, r)), strict=True))
    assert pop == {13: 1.0, 14: 1.0}
    assert metrics(rank_links(split, lambda r: common_neighbours(split, r))) == {
        "hits@1": 0.5,
        "hits@10": 1.0,
        "mrr": 0.75,
    }


def test_ties_share_the_mean_rank() -> None:
    split = hand_split()
    flat = rank_links(split, lambda r: 0.0 * popularity(split, r))
    # every remaining candidate ties: (C1, U3) with U5 -> 1.5; (C1, U4) with U5 -> 1.5
    assert flat.tolist() == [1.5, 1.5]


@pytest.fixture(scope="module")
def sc5_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real participations of the SC5 (climate, environment) projects: ~6,000 rows."""
    parts = {
        row["rcn"]
        for row in read_csv_rows(DEFAULT_FOLDER / "eunets_programme_parts.csv.gz")
        if row["programme_part"] == "SC5"
    }
    rows = read_csv_rows(DEFAULT_FOLDER / "eunets_h2020_participations.csv.gz")
    first = next(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(first))
    writer.writeheader()
    writer.writerows(r for r in [first, *rows] if r["rcn"] in parts)
    path = tmp_path_factory.mktemp("cordis") / "sc5.csv.gz"
    path.write_bytes(gzip.compress(out.getvalue().encode()))
    return path


def test_dataset_of_a_real_slice(sc5_file: Path) -> None:
    data = read_dataset(sc5_file)
    assert data.n_projects == 609
    assert set(data.part_index) >= {"SC5"}
    assert data.company().sum() > 100


def test_eval_cli_on_a_real_slice(sc5_file: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["eval", "partners", "--participations", str(sc5_file), "--train-until", "2018",
         "--test-from", "2019", "--mode", "both", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    for mode in ("link", "need"):
        block = body[mode]
        assert set(block["model"]) == {"hits@1", "hits@10", "mrr"}
        assert set(block["baselines"]) == {"popularity", "common_neighbours", "adamic_adar"}
        assert block["n_links"] > 100
        assert block["n_candidates"] > block["n_companies"] > 10
        # the learned ranker, fitted on 2017-2018 labels only, beats popularity on 2019
        assert block["model"]["hits@10"] > block["baselines"]["popularity"]["hits@10"]


def test_eval_cli_rejects_overlapping_years() -> None:
    result = CliRunner().invoke(
        app, ["eval", "partners", "--train-until", "2019", "--test-from", "2019"]
    )
    assert result.exit_code == 1
    assert "须晚于" in result.output
