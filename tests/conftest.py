"""Fixtures shared by every test: the repository's paths and small graphs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The CLI prints through rich, which wraps at the terminal's width (80 columns when there is no
# terminal): tests read whole lines, whatever the length of their temp paths.
os.environ["COLUMNS"] = "200"

from graph.model import Edge, EdgeKind, GraphBatch, Node, NodeKind, Provenance

# Hypothesis's per-example deadline and its "slow input generation" check are timings: on a
# machine busy with other work they fail tests that are right. No test here asserts a time.
settings.register_profile("ttkg", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ttkg")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEST_HOSTS = '["testserver", "127.0.0.1", "localhost"]'
"""``TestClient`` sends ``Host: testserver``; the API's default answers loopback names only."""


@pytest.fixture(scope="session", autouse=True)
def test_client_host() -> Iterator[None]:
    """Every ``Settings()`` of the run also allows ``testserver``; the default stays strict."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TTKG_ALLOWED_HOSTS", TEST_HOSTS)
        yield


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups from the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on the local Neo4j server share its database (each empties it first): under
    pytest-xdist's ``--dist loadgroup`` they run on one worker, one after another."""
    for item in items:
        if item.get_closest_marker("neo4j"):
            item.add_marker(pytest.mark.xdist_group("neo4j"))


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English (``TTKG_LANG=en``, seen by threads and child processes too): for
    tests that check a message's wording; ``tests/test_i18n.py`` checks the Chinese default."""
    monkeypatch.setenv("TTKG_LANG", "en")


def prov(locator: str = "row 2", *, source: str = "tests", synthetic: bool = True) -> Provenance:
    """A provenance entry with a fixed time, so records compare equal across loads."""
    from datetime import UTC, datetime

    return Provenance(
        source=source, locator=locator, synthetic=synthetic, at=datetime(2026, 1, 1, tzinfo=UTC)
    )


def small_batch() -> GraphBatch:
    """Two enterprises, two institutions, an industry and their edges."""
    e1 = Node.create(
        NodeKind.ENTERPRISE,
        "华升化工",
        aliases=["滨州华升化工有限公司"],
        properties={"employees": 120, "industry": "化工"},
        provenance=[prov("row 2")],
    )
    e2 = Node.create(
        NodeKind.ENTERPRISE, "昶昇水产", aliases=["昶升水产"], provenance=[prov("row 3")]
    )
    i1 = Node.create(
        NodeKind.INSTITUTION,
        "河北农业大学",
        aliases=["河北农大"],
        properties={"city": "保定市", "type": "university"},
        provenance=[prov("row 4")],
    )
    i2 = Node.create(
        NodeKind.INSTITUTION,
        "Qingdao University of Science and Technology",
        aliases=["青岛科技大学"],
        provenance=[prov("row 5")],
    )
    ind = Node.create(NodeKind.INDUSTRY, "化工", provenance=[prov("row 6")])
    edges = [
        Edge(
            kind=EdgeKind.COOPERATES_WITH,
            source=e1.id,
            target=i1.id,
            properties={"year": 2021},
            provenance=[prov("row 7")],
        ),
        Edge(kind=EdgeKind.COOPERATES_WITH, source=e2.id, target=i1.id, provenance=[prov("row 8")]),
        Edge(kind=EdgeKind.IN_INDUSTRY, source=e1.id, target=ind.id, provenance=[prov("row 9")]),
        Edge(
            kind=EdgeKind.COOPERATES_WITH, source=e1.id, target=i2.id, provenance=[prov("row 10")]
        ),
    ]
    return GraphBatch(nodes=[e1, e2, i1, i2, ind], edges=edges)


@pytest.fixture
def batch() -> GraphBatch:
    """A fresh copy of the small graph."""
    return small_batch()
