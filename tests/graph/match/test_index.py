"""The match index: saved beside the store and reused after a restart, rebuilt after a write,
a damaged or old file ignored, a failed build remembered until the graph changes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graph.match.index as index_module
from graph.match.build import MatchTables, read_tables
from graph.match.index import IndexUnavailable, index_builds, match_index
from graph.match.persist import load_tables, store_key
from graph.match.rank import rank_partners
from graph.model import Edge, EdgeKind, GraphBatch
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from tests.conftest import prov
from tests.graph.match.conftest import match_batch


def _ranked(
    store: GraphStore, *, enterprise: str | None = None, need: str | None = None
) -> list[tuple[str, float]]:
    return [(m.id, m.score) for m in rank_partners(store, enterprise, need=need, k=4)]


def _reopened(path: Path) -> EmbeddedStore:
    """A new store object on the same file: what a restarted process opens."""
    store = EmbeddedStore(path)
    store.open()
    return store


@pytest.fixture
def path(tmp_path: Path) -> Path:
    db = tmp_path / "graph.db"
    with EmbeddedStore(db) as store:
        store.upsert(match_batch())
    return db


def test_a_restart_loads_the_saved_index_instead_of_building(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _reopened(path)
    before = index_builds()
    expected = _ranked(first, enterprise="enterprise:冬枣甲")
    by_need = _ranked(first, need="冬枣保鲜")
    assert index_builds() == before + 1
    assert Path(f"{path}.match.npz").exists()
    assert Path(f"{path}.match.text.npz").exists()
    first.close()

    again = _reopened(path)
    index = match_index(again)
    assert index_builds() == before + 1  # loaded, not built
    assert _ranked(again, enterprise="enterprise:冬枣甲") == expected
    fitted: list[int] = []
    monkeypatch.setattr(index_module, "fit_text", lambda index: fitted.append(1))
    assert _ranked(again, need="冬枣保鲜") == by_need
    assert index.vectoriser is not None
    assert fitted == []  # the text profiles were loaded, not fitted again
    again.close()


def test_saved_tables_are_the_tables_read(path: Path) -> None:
    with EmbeddedStore(path) as store:
        match_index(store)
        read = read_tables(store)
        loaded = load_tables(Path(f"{path}.match"), store_key(store, store.generation()))
    assert isinstance(loaded, MatchTables)
    for name, value in vars(read).items():
        other = getattr(loaded, name)
        if isinstance(value, np.ndarray):
            assert np.array_equal(value, other), name
        else:
            assert value == other, name


def test_a_write_rebuilds_the_index(path: Path) -> None:
    store = _reopened(path)
    before = index_builds()
    old = match_index(store)
    edge = Edge(
        kind=EdgeKind.COOPERATES_WITH,
        source="enterprise:冬枣甲",
        target="institution:山东省农业科学院",
        provenance=[prov()],
    )
    store.upsert(GraphBatch(edges=[edge]))
    new = match_index(store)
    assert new is not old
    assert index_builds() == before + 2
    ids = [m.id for m in rank_partners(store, "enterprise:冬枣甲", k=4)]
    assert "institution:山东省农业科学院" not in ids  # now a partner: left out
    store.close()
    again = _reopened(path)
    assert match_index(again).generation == new.generation
    assert index_builds() == before + 2  # the saved file is of the new generation
    again.close()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "old format", "other store"])
def test_a_damaged_or_foreign_file_is_ignored_and_rebuilt(path: Path, damage: str) -> None:
    store = _reopened(path)
    expected = _ranked(store, enterprise="enterprise:冬枣甲")
    store.close()
    data, header = Path(f"{path}.match.npz"), Path(f"{path}.match.json")
    body = json.loads(header.read_text(encoding="utf-8"))
    if damage == "truncate":
        data.write_bytes(data.read_bytes()[:100])
    elif damage == "garbage":  # same size, so the header's byte count still matches
        data.write_bytes(b"\0" * data.stat().st_size)
    elif damage == "old format":
        header.write_text(json.dumps({**body, "format": 0}), encoding="utf-8")
    else:
        header.write_text(json.dumps({**body, "store": "inode 1"}), encoding="utf-8")
    before = index_builds()
    again = _reopened(path)
    assert _ranked(again, enterprise="enterprise:冬枣甲") == expected
    assert index_builds() == before + 1
    again.close()
    assert json.loads(header.read_text(encoding="utf-8")) == body  # written again, sound


def test_another_graph_copied_over_the_file_is_not_taken_for_it(tmp_path: Path) -> None:
    """A backup copied over the store keeps the file (its inode) and may have its generation."""
    path, other = tmp_path / "graph.db", tmp_path / "other.db"
    batch = match_batch()
    with EmbeddedStore(path) as store, EmbeddedStore(other) as second:
        store.upsert(batch)
        second.upsert(GraphBatch(nodes=batch.nodes, edges=batch.edges[1:]))
        assert store.generation() == second.generation()
        assert "institution:河北农业大学" not in [
            m.id for m in rank_partners(store, "enterprise:冬枣甲")
        ]
    path.write_bytes(other.read_bytes())  # same inode, same generation, another graph
    Path(f"{path}-wal").unlink(missing_ok=True)
    Path(f"{path}-shm").unlink(missing_ok=True)
    before = index_builds()
    with EmbeddedStore(path) as store:
        ids = [m.id for m in rank_partners(store, "enterprise:冬枣甲")]
    assert index_builds() == before + 1
    assert "institution:河北农业大学" in ids  # its cooperation is not in this graph


def test_a_store_in_memory_has_no_file() -> None:
    with EmbeddedStore(":memory:") as store:
        store.upsert(match_batch())
        assert match_index(store).saved is None


def test_a_failed_build_is_not_retried_until_the_graph_changes(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    read = read_tables

    def failing(store: GraphStore) -> MatchTables:
        calls.append(1)
        if len(calls) <= 2:
            raise MemoryError
        return read(store)

    monkeypatch.setattr(index_module, "read_tables", failing)
    store = _reopened(path)
    with pytest.raises(IndexUnavailable, match="内存不足") as first:
        rank_partners(store, "enterprise:冬枣甲")
    with pytest.raises(IndexUnavailable) as second:
        rank_partners(store, need="冬枣")
    assert len(calls) == 1
    assert str(second.value) == str(first.value)
    assert store.generation() in str(first.value)
    store.upsert(GraphBatch(nodes=[], edges=[]))  # nothing written: same generation
    with pytest.raises(IndexUnavailable):
        match_index(store)
    assert len(calls) == 1
    edge = Edge(
        kind=EdgeKind.COOPERATES_WITH,
        source="enterprise:化工丙",
        target="institution:天津大学",
        provenance=[prov()],
    )
    store.upsert(GraphBatch(edges=[edge]))  # a new generation is tried again
    with pytest.raises(IndexUnavailable):
        match_index(store)
    assert len(calls) == 2
    store.upsert(GraphBatch(edges=[edge.model_copy(update={"properties": {"year": 2024}})]))
    assert match_index(store).ids
    assert len(calls) == 3
    store.close()
