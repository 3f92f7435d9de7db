"""Every id of the district graph, of every kind, through every route that takes an id.

Project, Need and Result ids hold ``/`` (``need:信恒枣业/冬枣保鲜与深加工``): the routes read
their ids with a path converter, so these answer as any other id, raw or percent-encoded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import quote

import httpx2
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.model import Node, NodeKind
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from loaders.load import load_paths
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, list[Node]]]:
    """A client over the district graph (data/district and data/documents), and its nodes."""
    store = EmbeddedStore(tmp_path_factory.mktemp("district") / "graph.db")
    store.open()
    load_paths(store, [ROOT / "data" / "district", ROOT / "data" / "documents"])
    nodes = list(store.find_nodes(limit=100_000).items)
    app = create_app(Settings(store=store.uri), store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, nodes
    store.close()


def encoded(node_id: str) -> str:
    return quote(node_id, safe="")


def raw(node_id: str) -> str:
    return quote(node_id, safe="/:")


Call = Callable[[TestClient, str], httpx2.Response]
ROUTES: dict[str, tuple[Call, set[NodeKind] | None]] = {
    # route: (its call with an id, the kinds answered 200; None: every kind)
    "GET /entities/{id}": (lambda c, i: c.get(f"/entities/{encoded(i)}"), None),
    "GET /entities/{id} unencoded": (lambda c, i: c.get(f"/entities/{raw(i)}"), None),
    "GET /views/ego/{id}": (lambda c, i: c.get(f"/views/ego/{encoded(i)}"), None),
    "GET /views/ego/{id} unencoded": (lambda c, i: c.get(f"/views/ego/{raw(i)}"), None),
    "GET /programs/hte/{id}": (
        lambda c, i: c.get(f"/programs/hte/{encoded(i)}"),
        {NodeKind.ENTERPRISE},
    ),
    "GET /programs/sme/{id}": (
        lambda c, i: c.get(f"/programs/sme/{raw(i)}"),
        {NodeKind.ENTERPRISE},
    ),
    "GET /programs/policies?enterprise=": (
        lambda c, i: c.get("/programs/policies", params={"enterprise": i}),
        {NodeKind.ENTERPRISE},
    ),
    "GET /analytics/bridges?to=": (
        lambda c, i: c.get("/analytics/bridges", params={"to": i, "k": 3}),
        None,
    ),
    "POST /match/partners": (
        lambda c, i: c.post("/match/partners", json={"enterprise": i, "k": 3}),
        {NodeKind.ENTERPRISE},
    ),
    "POST /match/adopters": (
        lambda c, i: c.post("/match/adopters", json={"institution": i, "k": 3}),
        {NodeKind.INSTITUTION, NodeKind.PLATFORM, NodeKind.TRANSFER_AGENCY},
    ),
}
COSTLY = {"GET /programs/policies?enterprise=", "GET /analytics/bridges?to="}
"""Routes taking a second or more over every id: the fast run tries one id of each kind."""


def walk(client: TestClient, nodes: list[Node], route: str) -> None:
    """Call ``route`` with the id of each of ``nodes``; fail listing the ids answered wrongly."""
    call, fitting = ROUTES[route]
    wrong: list[tuple[str, int]] = []
    for node in nodes:
        response = call(client, node.id)
        expected = {200} if fitting is None or node.kind in fitting else {404, 422}
        if response.status_code not in expected:
            wrong.append((node.id, response.status_code))
        elif response.status_code == 200 and route.startswith("GET /entities"):
            assert response.json()["id"] == node.id
    assert not wrong, f"{len(wrong)} of {len(nodes)} ids, first ones: {wrong[:5]}"


def test_the_district_has_ids_with_a_slash(district: tuple[TestClient, list[Node]]) -> None:
    _, nodes = district
    with_slash = {n.kind for n in nodes if "/" in n.id}
    assert with_slash >= {NodeKind.PROJECT, NodeKind.NEED, NodeKind.RESULT}


@pytest.mark.slow
@pytest.mark.parametrize("route", sorted(set(ROUTES) - COSTLY))
def test_every_id_answers_on_every_route(
    district: tuple[TestClient, list[Node]], route: str
) -> None:
    client, nodes = district
    walk(client, nodes, route)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_an_id_of_each_kind_answers_on_every_route(
    district: tuple[TestClient, list[Node]], route: str
) -> None:
    client, nodes = district
    one_of_each = {n.kind: n for n in nodes}
    walk(client, list(one_of_each.values()), route)


@pytest.mark.slow
@pytest.mark.parametrize("route", sorted(COSTLY))
def test_every_id_answers_on_the_costly_routes(
    district: tuple[TestClient, list[Node]], route: str
) -> None:
    client, nodes = district
    walk(client, nodes, route)
