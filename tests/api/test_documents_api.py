"""POST /admin/documents: a document's entities, relations and targets over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.model import NodeKind
from graph.stores.embedded import EmbeddedStore
from tests.api.conftest import API_KEY, upload
from tests.conftest import ROOT

PLAN = ROOT / "data" / "documents" / "workplan-2021.txt"
HEADERS = {"X-API-Key": API_KEY}


def _post(client: TestClient, name: str, data: bytes, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """The upload's answer when it is refused, else its finished job's."""
    return upload(client, "/admin/documents", name, data, headers=headers)


def _report(client: TestClient, name: str, data: bytes) -> dict[str, object]:
    """The load report of a document upload whose job is done."""
    job = _post(client, name, data).json()
    assert job["status"] == "done", job
    report: dict[str, object] = job["result"]
    return report


def test_uploading_the_work_plan_adds_its_entities(
    client: TestClient, filled_store: EmbeddedStore
) -> None:
    body = _report(client, "workplan-2021.txt", PLAN.read_bytes())
    (entry,) = body["files"]
    assert entry["file"] == "workplan-2021.txt"
    assert entry["error"] is None
    assert body["summary"]["nodes_added"] > 20
    assert filled_store.get_node("document:workplan-2021.txt").kind == NodeKind.DOCUMENT
    # 河北农大 in the text meets the 河北农业大学 already in the graph
    hebei = filled_store.get_node("institution:河北农业大学")
    assert any(p.source == "workplan-2021.txt" for p in hebei.provenance)
    # and so does 昶升水产, the plain simplified spelling of 昶昇水产
    fish = filled_store.get_node("enterprise:昶昇水产")
    assert any(p.source == "workplan-2021.txt" for p in fish.provenance)
    programs = {n.name for n in filled_store.iter_nodes(kind=NodeKind.TALENT_PROGRAM)}
    assert programs == {"泰山产业领军人才", "外专双百"}


def test_uploading_twice_changes_nothing(client: TestClient) -> None:
    _post(client, "workplan-2021.txt", PLAN.read_bytes())
    summary = _report(client, "workplan-2021.txt", PLAN.read_bytes())["summary"]
    assert summary["nodes_added"] == summary["nodes_updated"] == 0
    assert summary["edges_added"] == summary["edges_updated"] == 0


def test_the_region_comes_from_the_settings(
    client: TestClient, filled_store: EmbeddedStore
) -> None:
    _post(client, "plan.txt", "组织企业与省农科院合作攻关。".encode())
    assert filled_store.lookup("山东省农业科学院", kind=NodeKind.INSTITUTION)


def test_an_empty_or_binary_upload_is_reported_and_changes_nothing(
    client: TestClient, filled_store: EmbeddedStore
) -> None:
    before = filled_store.stats()
    for name, data, cause in (
        ("empty.txt", b"", "空的"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00" * 40, "图片已损坏"),  # sniffed: a PNG
    ):
        (entry,) = _report(client, name, data)["files"]
        assert cause in entry["error"]
        assert entry["file"] == name
    assert filled_store.stats() == before


def test_a_document_naming_nothing_is_a_reject(
    client: TestClient, filled_store: EmbeddedStore
) -> None:
    before = filled_store.stats()
    body = _report(client, "note.txt", "今天天气很好。".encode())
    assert body["files"][0]["rejected"] == 1
    assert "没有找到实体" in body["rejects"][0]["reason"]
    assert filled_store.stats() == before


def test_documents_need_the_key_and_a_document_suffix(client: TestClient) -> None:
    assert _post(client, "plan.txt", b"x", headers={}).status_code == 401
    assert _post(client, "plan.csv", b"a,b\n").status_code == 422
    html = "<p>为达民化工申报泰山学者。</p>".encode()
    assert _post(client, "plan.html", html).json()["status"] == "done"
