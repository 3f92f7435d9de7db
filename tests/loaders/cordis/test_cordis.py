"""The CORDIS loader: pure parsers, and a small real slice written to an embedded store."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from graph.errors import MissingColumn
from graph.evaluation.records import Participation
from graph.model import EdgeKind, NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.cordis import (
    DEFAULT_FOLDER,
    load_cordis,
    parse_org_names,
    parse_participations,
    parse_programme_parts,
    parse_project_topics,
    read_participations,
)
from loaders.cordis.files import PARTICIPATIONS


def test_parse_participations_keeps_good_rows_and_rejects_bad_ones() -> None:
    rows = [
        {"rcn": "7", "pic": "42", "type": "prc", "role": "Coordinator", "country": "el",
         "start_year": "2017", "start_date": "2017-03-01", "contribution": "NA"},
        {"rcn": "x", "pic": "42", "type": "PRC"},
        {"rcn": "8", "pic": "43", "type": "ABC"},
    ]  # fmt: skip
    found, rejects = parse_participations(rows, source="p.csv")
    assert len(found) == 1
    p = found[0]
    assert (p.org_type, p.role, p.country, p.start_year, p.contribution) == (
        "PRC", "coordinator", "EL", 2017, None,
    )  # fmt: skip
    assert [(r.row, r.field) for r in rejects] == [(3, "rcn"), (4, "type")]


def test_programme_parts_and_names() -> None:
    parts = parse_programme_parts(
        [{"rcn": "1", "programme_part": "SC2"}, {"rcn": "1", "programme_part": "LEIT"},
         {"rcn": "1", "programme_part": "SC2"}, {"rcn": "2", "programme_part": "NA"}]
    )  # fmt: skip
    assert parts == {1: ["SC2", "LEIT"]}
    names = parse_org_names(
        [{"orgId": "5", "name": "UNIVERSITY OF PLYMOUTH", "shortName": "UOP", "city": "PLYMOUTH"}],
        [{"pic": "5", "legal_name": "OTHER NAME"}, {"pic": "6", "legal_name": "ACME SA"}],
    )
    assert names[5].name == "UNIVERSITY OF PLYMOUTH"
    assert names[5].city == "Plymouth"
    assert names[6].name == "ACME SA"


def test_topics_link_only_on_a_unique_amount() -> None:
    swiss = [
        {"H2020 EU Contribution (EUR)": "100.0", "Project Title": "A", "Topic Code": "T-1"},
        {"H2020 EU Contribution (EUR)": "200.0", "Project Title": "B"},
        {"H2020 EU Contribution (EUR)": "200.0", "Project Title": "C"},
    ]
    parts = [
        Participation(1, 9, "PRC", "", "DE", 2016, max_contribution=100.0),
        Participation(2, 9, "PRC", "", "DE", 2016, max_contribution=200.0),
        Participation(3, 9, "PRC", "", "DE", 2016, max_contribution=300.0),
    ]
    linked = parse_project_topics(swiss, parts)
    assert list(linked) == [1]
    assert linked[1].title == "A"
    assert linked[1].topic_code == "T-1"


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("rcn,type\n1,PRC\n", encoding="utf-8")
    with pytest.raises(MissingColumn, match="pic"):
        read_participations(path)


@pytest.fixture
def slice_folder(tmp_path: Path) -> Path:
    """The vendored folder with only the first 400 participation rows."""
    folder = tmp_path / "cordis"
    shutil.copytree(DEFAULT_FOLDER, folder, ignore=shutil.ignore_patterns(PARTICIPATIONS))
    lines = gzip.decompress((DEFAULT_FOLDER / PARTICIPATIONS).read_bytes()).splitlines()
    (folder / PARTICIPATIONS).write_bytes(gzip.compress(b"\n".join(lines[:401]) + b"\n"))
    return folder


def test_load_a_real_slice_twice(slice_folder: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    report = load_cordis(store, slice_folder)
    assert report.files[0].rows == 400
    assert not report.rejects
    assert report.summary.edges_added == 400
    stats = store.stats()
    assert stats.by_edge_kind == {EdgeKind.PARTICIPATES_IN.value: 400}
    assert {"Enterprise", "Institution", "Project"} <= set(stats.by_kind)
    # the first row: rcn 221856, pic 998616262, a Belgian company, a 2019 project
    company = store.get_node("enterprise:pic998616262")
    assert company.properties["org_type"] == "PRC"
    assert company.properties["country"] == "BE"
    assert company.provenance[0].synthetic is False
    assert company.provenance[0].locator == "row 2"
    project = store.get_node("project:rcn221856")
    assert project.properties["start_year"] == 2019
    assert project.properties["programme_part"] == ["SC4"]
    named = [n for n in store.iter_nodes(kind=NodeKind.INSTITUTION) if "pic" not in n.name.lower()]
    assert named, "some institutions carry their names from the name files"
    again = load_cordis(store, slice_folder)
    assert again.summary.nodes_added == again.summary.nodes_updated == 0
    assert again.summary.edges_added == again.summary.edges_updated == 0
    store.close()
