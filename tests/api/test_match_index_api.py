"""A match index that cannot be built: the API answers 503 with the reason, at once, every
time; the CLI says why.

The build is made to fail by replacing the function that reads the store's tables (the store
itself is the real embedded store), counting how often it is called.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import graph.match.index as index_module
from api.cli import app
from api.main import create_app
from graph.match.build import MatchTables
from graph.settings import Settings
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from tests.graph.match.conftest import match_batch


def test_a_failed_index_build_answers_503_and_is_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def out_of_memory(store: GraphStore) -> MatchTables:
        calls.append(1)
        raise MemoryError

    monkeypatch.setattr(index_module, "read_tables", out_of_memory)
    store = EmbeddedStore(tmp_path / "graph.db")
    store.open()
    store.upsert(match_batch())
    with TestClient(create_app(Settings(store=store.uri), store=store)) as client:
        bodies = [
            ("/match/partners", {"enterprise": "enterprise:冬枣甲"}),
            ("/match/partners", {"need": "冬枣保鲜"}),
            ("/match/adopters", {"institution": "institution:中国农业大学"}),
        ]
        for path, body in bodies:
            response = client.post(path, json=body)
            assert response.status_code == 503
            assert response.headers["content-type"].startswith("application/problem+json")
            problem = response.json()
            assert problem["status"] == 503
            assert "匹配索引未能建立" in problem["detail"]
            assert "内存不足" in problem["detail"]
        assert client.get("/health").status_code == 200  # the store itself is fine
    store.close()
    assert calls == [1]  # built once, failed once, remembered


def test_the_cli_says_why_the_index_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def out_of_memory(store: GraphStore) -> MatchTables:
        raise MemoryError

    monkeypatch.setattr(index_module, "read_tables", out_of_memory)
    path = tmp_path / "graph.db"
    with EmbeddedStore(path) as store:
        store.upsert(match_batch())
    result = CliRunner().invoke(
        app, ["--store", str(path), "match", "partners", "--enterprise", "enterprise:冬枣甲"]
    )
    assert result.exit_code != 0
    assert "匹配索引未能建立" in result.output
    assert "内存不足" in result.output
    assert "Traceback" not in result.output
