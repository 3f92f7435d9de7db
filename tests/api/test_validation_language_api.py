"""A 422's field errors in the request's language: Chinese by default, English on request.

pydantic's own messages are English; the API answers each field error with the catalogue's
message for its ``type`` and keeps ``type`` and ``loc`` as pydantic gave them.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")
"""Two English words in a row (a location such as `query.limit` is not a sentence)."""


def _errors(response: Any) -> dict[tuple[str | int, ...], dict[str, Any]]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return {tuple(e["loc"]): e for e in response.json()["errors"]}


def test_field_errors_are_chinese_by_default(client: TestClient) -> None:
    response = client.get("/entities", params={"limit": 0, "offset": "x"})
    errors = _errors(response)
    assert response.headers["content-language"] == "zh-CN"
    assert errors[("query", "limit")]["type"] == "greater_than_equal"
    assert errors[("query", "limit")]["msg"] == "应大于或等于 1"
    assert errors[("query", "offset")]["type"] == "int_parsing"
    assert errors[("query", "offset")]["msg"].startswith("应为整数")
    detail = response.json()["detail"]
    assert "query.limit: 应大于或等于 1" in detail
    assert not ENGLISH_WORDS.search(detail), detail


def test_field_errors_are_english_on_request(client: TestClient) -> None:
    response = client.get(
        "/entities",
        params={"limit": 0, "offset": "x"},
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    errors = _errors(response)
    assert response.headers["content-language"] == "en"
    assert errors[("query", "limit")]["msg"] == "should be greater than or equal to 1"
    assert errors[("query", "offset")]["type"] == "int_parsing"
    assert errors[("query", "offset")]["msg"].startswith("should be an integer")
    assert "query.limit: should be greater than or equal to 1" in response.json()["detail"]


def test_body_errors_name_the_field_and_the_cause_in_chinese(client: TestClient) -> None:
    body = {"need": "冬枣保鲜", "k": 0, "filters": {"kinds": ["Robot"]}, "bogus": 1}
    errors = _errors(client.post("/match/partners", json=body))
    assert errors[("body", "k")]["msg"] == "应大于或等于 1"
    kinds = errors[("body", "filters", "kinds", 0)]
    assert kinds["type"] == "enum"
    assert kinds["msg"].startswith("应为以下之一：'Enterprise'、")
    assert kinds["input"] == "Robot"
    assert errors[("body", "bogus")] | {"input": None} == {
        "loc": ["body", "bogus"],
        "msg": "不认识的字段（不接受多余的字段）",
        "type": "extra_forbidden",
        "input": None,
    }
    for error in errors.values():
        assert not ENGLISH_WORDS.search(error["msg"]) or error["type"] == "enum", error


def test_a_missing_or_mistyped_body_and_bad_json_in_both_languages(client: TestClient) -> None:
    missing = _errors(client.post("/match/partners"))
    assert [e["msg"] for e in missing.values()] == ["缺少此项（必填）"]
    assert [e["type"] for e in missing.values()] == ["missing"]
    not_json = client.post(
        "/match/partners", content=b"{need", headers={"content-type": "application/json"}
    )
    assert [e["msg"] for e in _errors(not_json).values()] == ["不是有效的 JSON"]
    assert [e["type"] for e in _errors(not_json).values()] == ["json_invalid"]
    in_english = client.post(
        "/match/partners",
        content=b"{need",
        headers={"content-type": "application/json", "Accept-Language": "en"},
    )
    assert [e["msg"] for e in _errors(in_english).values()] == ["is not valid JSON"]
    listed = _errors(client.post("/match/partners", json=["冬枣"]))
    assert [e["msg"] for e in listed.values()] == ["应为 JSON 对象"]


def test_our_own_rules_keep_their_message_in_the_chosen_language(client: TestClient) -> None:
    blank = _errors(client.post("/match/partners", json={"need": "  "}))
    assert [e["msg"] for e in blank.values()] == ["请给出企业（编号或名称）或需求文本"]
    long = client.post(
        "/match/partners", json={"need": "枣" * 2001}, headers={"Accept-Language": "en"}
    )
    (error,) = _errors(long).values()
    assert error["loc"] == ["body", "need"]
    assert not re.search(r"[\u4e00-\u9fff]", error["msg"]), error["msg"]
    assert "2001" in error["msg"]
