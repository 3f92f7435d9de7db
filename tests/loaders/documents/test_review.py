"""Review before commit: entities with evidence and resolution, drops left out of the graph
and remembered for the next load of the same file (by its content), from the loader, the CLI
(``ttkg load --review``) and the API (``POST /admin/documents?dry_run=true&drop=...``)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app
from api.main import create_app
from graph.model import EdgeKind, NodeKind
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from loaders.documents.review import REVIEW_PROPERTY
from loaders.load import load_paths

FIXTURES = Path(__file__).parent / "fixtures"
DOCX = FIXTURES / "02.docx"
REGION = "湖南省常德市鼎城区"
API_KEY = "review-key-0123456789"
runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path / "graph.db")
    opened.open()
    yield opened
    opened.close()


def mentioned(store: EmbeddedStore, name: str) -> bool:
    """True when some document's MENTIONED_IN edge names an entity called ``name``."""
    ids = {n.id for n in store.lookup(name)}
    return any(e.kind == EdgeKind.MENTIONED_IN and e.source in ids for e in store.iter_edges())


def test_a_dry_run_shows_each_entity_with_evidence_location_and_resolution(
    store: EmbeddedStore,
) -> None:
    report = load_paths(store, [DOCX], region=REGION, dry_run=True)
    (result,) = report.files
    assert [e.number for e in result.entities] == list(range(1, len(result.entities) + 1))
    company = next(e for e in result.entities if e.name == "常德精为天粮油科技有限公司")
    assert company.surface in company.evidence
    assert "武汉理工大学" in company.evidence  # the sentence, not just the name
    assert {"table", "row", "cell", "cell_start", "cell_end"} <= set(company.location)
    assert company.rule
    assert not company.existing
    assert not company.dropped
    files: Any = report.public(plans=True)["files"]
    assert files[0]["entities"][0]["evidence"]
    assert store.stats().nodes == 0


def test_drops_stay_out_of_the_graph_and_are_remembered_for_the_same_content(
    store: EmbeddedStore, tmp_path: Path
) -> None:
    first = load_paths(store, [DOCX], region=REGION, dry_run=True).files[0].entities
    wrong = next(e for e in first if e.name == "鼎城新益农种业中心")
    report = load_paths(store, [DOCX], region=REGION, drops={DOCX.name: [wrong.number]})
    assert report.files[0].error is None
    assert not mentioned(store, wrong.name)
    assert mentioned(store, "湖南大学")
    document = store.get_node("document:02.docx")
    assert document.properties[REVIEW_PROPERTY] == [f"{wrong.kind}:{wrong.name}"]

    # the same file under another name, no drops given: the review's drop holds
    copy = tmp_path / "鼎城区总结.docx"
    copy.write_bytes(DOCX.read_bytes())
    again = load_paths(store, [copy], region=REGION)
    (result,) = again.files
    remembered = [e for e in result.entities if e.dropped]
    assert [(e.name, e.remembered) for e in remembered] == [(wrong.name, True)]
    assert any("按上次审核剔除" in note for note in result.notes)
    assert not mentioned(store, wrong.name)

    # drops given anew replace the remembered ones: 0 is "drop nothing"
    load_paths(store, [copy], region=REGION, drops={copy.name: []})
    assert mentioned(store, wrong.name)


def test_a_drop_number_that_names_no_entity_fails_that_file_only(store: EmbeddedStore) -> None:
    report = load_paths(store, [DOCX], region=REGION, drops={DOCX.name: [999]})
    (result,) = report.files
    assert "999" in (result.error or "")
    assert store.stats().nodes == 0


def test_cli_review_with_drop_then_asks_with_the_remembered_drops(tmp_path: Path) -> None:
    db = str(tmp_path / "graph.db")
    listed = runner.invoke(
        app, ["--store", db, "load", "--review", "--dry-run", "--drop", "0", "--json", str(DOCX)]
    )
    assert listed.exit_code == 0, listed.output
    entities = json.loads(listed.stdout)["files"][0]["entities"]
    number = next(e["number"] for e in entities if e["name"] == "中顺节能公司")

    dropped = runner.invoke(
        app, ["--store", db, "load", "--review", "--drop", str(number), "--json", str(DOCX)]
    )
    assert dropped.exit_code == 0, dropped.output
    body = json.loads(dropped.stdout)
    assert [e["name"] for e in body["files"][0]["entities"] if e["dropped"]] == ["中顺节能公司"]

    # asked: Enter keeps the remembered drop, and the table says where it came from
    asked = runner.invoke(
        app, ["--store", db, "load", "--review", str(DOCX)], input="\n", env={"COLUMNS": "250"}
    )
    assert asked.exit_code == 0, asked.output
    assert "剔除（上次审核）" in asked.output
    assert "要剔除的编号" in asked.output
    store = EmbeddedStore(db)
    store.open()
    try:
        assert not mentioned(store, "中顺节能公司")
        assert mentioned(store, "湖南大学")
    finally:
        store.close()


def test_cli_drop_needs_review() -> None:
    result = runner.invoke(app, ["load", "--drop", "3", str(DOCX)])
    assert result.exit_code == 1
    assert "--review" in result.output


@pytest.fixture
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    settings = Settings(store=store.uri, api_key=API_KEY, load_isolation="thread", region=REGION)
    with TestClient(create_app(settings, store=store)) as test_client:
        yield test_client


def post(client: TestClient, query: str) -> dict[str, Any]:
    response = client.post(
        f"/admin/documents{query}",
        files={"file": (DOCX.name, DOCX.read_bytes(), "application/octet-stream")},
        headers={"X-API-Key": API_KEY},
    )
    if response.status_code == 200:
        body: dict[str, Any] = response.json()
        return body
    assert response.status_code == 202, response.text
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = client.get(response.headers["Location"], headers={"X-API-Key": API_KEY}).json()
        if job["status"] in ("done", "failed"):
            assert job["status"] == "done", job
            result: dict[str, Any] = job["result"]
            return result
        time.sleep(0.05)
    raise AssertionError("the load job did not finish")


def test_api_dry_run_lists_entities_and_a_load_takes_drops(
    client: TestClient, store: EmbeddedStore
) -> None:
    plan = post(client, "?dry_run=true")
    (entry,) = plan["files"]
    entities = entry["entities"]
    company = next(e for e in entities if e["name"] == "鼎城升湘机械有限公司")
    assert company["evidence"]
    assert company["rule"]
    assert company["location"]["table"] == 0
    assert store.stats().nodes == 0

    post(client, f"?drop={company['number']}")
    assert not mentioned(store, company["name"])
    assert mentioned(store, "湖南同德职业技术学院")
    replan = post(client, "?dry_run=true")
    shown = next(e for e in replan["files"][0]["entities"] if e["name"] == company["name"])
    assert shown["dropped"]
    assert shown["remembered"]
    assert store.get_node("document:02.docx").kind == NodeKind.DOCUMENT


def test_drops_reach_a_load_run_in_a_child_process(store: EmbeddedStore) -> None:
    settings = Settings(store=store.uri, api_key=API_KEY, load_isolation="process", region=REGION)
    with TestClient(create_app(settings, store=store)) as child_client:
        plan = post(child_client, "?dry_run=true")
        company = next(e for e in plan["files"][0]["entities"] if e["name"] == "中顺节能公司")
        post(child_client, f"?drop={company['number']}")
    assert not mentioned(store, "中顺节能公司")
    assert mentioned(store, "湖南大学")
