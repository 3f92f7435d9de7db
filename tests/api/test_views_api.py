"""The /views routes: the network and ego views as self-contained HTML pages."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from graph.model import GraphBatch, Node, NodeKind
from graph.stores.embedded import EmbeddedStore
from tests.conftest import prov

DATA = re.compile(r'<script type="application/json" id="ttkg-data">(.*?)</script>', re.S)


def page_data(html: str) -> dict[str, Any]:
    """The graph a page draws, decoded from its data block."""
    match = DATA.search(html)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def names(html: str) -> set[str]:
    return {row[1] for row in page_data(html)["nodes"]}


def test_network_view_is_html_holding_every_node(client: TestClient) -> None:
    response = client.get("/views/network")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert names(response.text) == {
        "华升化工",
        "昶昇水产",
        "河北农业大学",
        "化工",
        "Qingdao University of Science and Technology",
    }
    data = page_data(response.text)
    assert data["meta"]["links"] == {"ego": "/views/ego", "network": "/views/network"}
    assert len(data["edges"]) == 4


def test_network_view_filters_by_kind_industry_and_limit(client: TestClient) -> None:
    enterprises = client.get("/views/network", params={"kind": "Enterprise"}).text
    assert names(enterprises) == {"华升化工", "昶昇水产"}
    both = client.get("/views/network", params=[("kind", "Enterprise"), ("kind", "Industry")])
    assert names(both.text) == {"华升化工", "昶昇水产", "化工"}
    chemistry = client.get("/views/network", params={"industry": "化工"}).text
    assert names(chemistry) == {"华升化工", "化工"}
    top = client.get("/views/network", params={"limit": 1}).text
    assert names(top) == {"华升化工"}  # the best-connected node


def test_network_view_rejects_unknown_industry_and_kind(client: TestClient) -> None:
    assert client.get("/views/network", params={"industry": "纺织"}).status_code == 404
    assert client.get("/views/network", params={"kind": "Planet"}).status_code == 422
    assert client.get("/views/network", params={"limit": 0}).status_code == 422


def test_ego_view_focuses_the_node_and_holds_its_neighbours(client: TestClient) -> None:
    response = client.get("/views/ego/" + quote("enterprise:华升化工", safe=""))
    assert response.status_code == 200
    data = page_data(response.text)
    assert data["meta"]["focus"] == "enterprise:华升化工"
    assert names(response.text) == {
        "华升化工",
        "河北农业大学",
        "化工",
        "Qingdao University of Science and Technology",
    }
    deeper = client.get("/views/ego/" + quote("enterprise:华升化工", safe=""), params={"depth": 2})
    assert "昶昇水产" in names(deeper.text)
    assert "<title>华升化工 的合作网络（2 跳）</title>" in deeper.text


def test_ego_view_unknown_id_is_404_and_depth_out_of_range_is_422(client: TestClient) -> None:
    missing = client.get("/views/ego/" + quote("enterprise:不存在", safe=""))
    assert missing.status_code == 404
    assert "enterprise:不存在" in missing.json()["detail"]
    for depth in (0, 4):
        url = "/views/ego/" + quote("enterprise:华升化工", safe="")
        assert client.get(url, params={"depth": depth}).status_code == 422


def test_ego_view_takes_ids_with_bars_colons_and_slashes(
    client: TestClient, filled_store: EmbeddedStore
) -> None:
    odd = Node.create(NodeKind.PROJECT, "联合攻关|一期:冬枣/保鲜", provenance=[prov("row 11")])
    filled_store.upsert(GraphBatch(nodes=[odd]))
    assert odd.id == "project:联合攻关|一期:冬枣/保鲜"
    response = client.get("/views/ego/" + quote(odd.id, safe=""))
    assert response.status_code == 200
    assert page_data(response.text)["meta"]["focus"] == odd.id
    raw = client.get("/views/ego/" + odd.id)  # a link written without encoding works too
    assert raw.status_code == 200
    assert page_data(raw.text)["meta"]["focus"] == odd.id


def test_hostile_names_never_reach_the_page_as_markup(
    client: TestClient, filled_store: EmbeddedStore
) -> None:
    hostile = [
        Node.create(NodeKind.ENTERPRISE, "<script>alert(1)</script>", provenance=[prov("row 12")]),
        Node.create(
            NodeKind.ENTERPRISE,
            "<img src=x onerror=alert(1)>",
            aliases=["</script><script>alert(2)</script>"],
            provenance=[prov("row 13")],
        ),
    ]
    filled_store.upsert(GraphBatch(nodes=hostile))
    page = client.get("/views/network").text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert {"<script>alert(1)</script>", "<img src=x onerror=alert(1)>"} <= names(page)
    ego = client.get("/views/ego/" + quote(hostile[0].id, safe="")).text
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; 的合作网络（1 跳）</title>" in ego


def test_cli_writes_the_network_and_an_ego_view(filled_store: EmbeddedStore, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    filled_store.close()  # the command opens the file itself
    out = tmp_path / "net.html"
    result = runner.invoke(
        app, ["--store", filled_store.uri, "view", "--kind", "Enterprise", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert names(out.read_text(encoding="utf-8")) == {"华升化工", "昶昇水产"}

    ego = tmp_path / "ego.html"
    result = runner.invoke(
        app,
        [
            "--store",
            filled_store.uri,
            "view",
            "--center",
            "河北农大",
            "--depth",
            "1",
            "-o",
            str(ego),
        ],
    )
    assert result.exit_code == 0, result.output
    data = page_data(ego.read_text(encoding="utf-8"))
    assert data["meta"]["focus"] == "institution:河北农业大学"
    assert {row[1] for row in data["nodes"]} == {"河北农业大学", "华升化工", "昶昇水产"}

    missing = runner.invoke(
        app, ["--store", filled_store.uri, "view", "--center", "不存在", "-o", str(tmp_path / "x")]
    )
    assert missing.exit_code == 1
    assert "不存在" in missing.stderr
    assert not (tmp_path / "x").exists()
    filled_store.open()


def test_an_ego_view_takes_a_name_and_suggests_on_a_miss(client: TestClient) -> None:
    page = client.get("/views/ego/华升化工", params={"depth": 2})
    assert page.status_code == 200
    assert "华升化工" in names(page.text)
    missing = client.get("/views/ego/华升化学")
    assert missing.status_code == 404
    assert "华升化工" in missing.json()["detail"]
