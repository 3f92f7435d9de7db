"""The view's nodes and edges as files from the API and ``ttkg view --export``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import quote

import networkx as nx
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app as cli
from graph.stores.embedded import EmbeddedStore
from tests.conftest import small_batch


def test_ego_view_links_to_its_files_and_they_read_back(client: TestClient) -> None:
    node = quote("enterprise:华升化工", safe="")
    page = client.get(f"/views/ego/{node}?depth=2").text
    assert f"/views/export/ego/{node}?depth=2" in page
    graphml = client.get(f"/views/export/ego/{node}?depth=2&format=graphml")
    assert graphml.status_code == 200
    G = nx.read_graphml(io.BytesIO(graphml.content))
    assert G.nodes["enterprise:华升化工"]["label"] == "华升化工"
    assert G.nodes["enterprise:华升化工"]["synthetic"] == "示例"
    gexf = client.get(f"/views/export/ego/{node}?depth=2&format=gexf")
    H = nx.read_gexf(io.BytesIO(gexf.content))
    assert sorted(H) == sorted(G)
    zipped = client.get(f"/views/export/ego/{node}?depth=2&format=csv")
    assert zipped.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert sorted(names) == ["edges.csv", "nodes.csv"]


def test_network_file_and_bad_format(client: TestClient) -> None:
    G = nx.read_gexf(io.BytesIO(client.get("/views/export/network?format=gexf").content))
    assert G.number_of_nodes() == len(small_batch().nodes)
    assert client.get("/views/export/network?format=pdf").status_code == 422


def test_cli_writes_gexf(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    store = EmbeddedStore(str(db))
    store.open()
    store.upsert(small_batch())
    store.close()
    out = tmp_path / "hs.gexf"
    result = CliRunner().invoke(
        cli,
        ["--store", str(db), "view", "--center", "华升化工", "--export", "gexf", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    G = nx.read_gexf(out)
    assert "enterprise:华升化工" in G
