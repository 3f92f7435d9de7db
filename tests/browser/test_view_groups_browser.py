"""A served page of groups in Chromium: the example-data banner, search and members from the API.

The page's requests to ``/views/...`` are answered by the API in process (``TestClient``);
every other request is aborted and counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.api.test_view_groups import FIRMS, large_batch
from tests.browser.conftest import FLAG_SCRIPT, PAGE_URL, Opened

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = EmbeddedStore(tmp_path_factory.mktemp("groups") / "graph.db")
    store.open()
    store.upsert(large_batch())
    with TestClient(create_app(Settings(store=store.uri), store=store)) as test_client:
        yield test_client
    store.close()


def open_served(browser: Any, client: TestClient, path: str) -> Opened:
    """The page at ``path``, under its own policy, with its API requests answered by ``client``."""
    page_response = client.get(path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    opened = Opened(page)
    asked: list[str] = []

    def route(r: Any) -> None:
        url = urlsplit(r.request.url)
        if r.request.url == PAGE_URL:
            r.fulfill(
                body=page_response.text,
                content_type="text/html; charset=utf-8",
                headers={
                    "content-security-policy": page_response.headers["content-security-policy"]
                },
            )
        elif url.netloc == "ttkg.test" and url.path.startswith("/views/network/"):
            asked.append(url.path)
            answer = client.get(url.path + "?" + url.query)
            r.fulfill(
                status=answer.status_code, body=answer.content, content_type="application/json"
            )
        else:
            opened.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.add_init_script(FLAG_SCRIPT)
    page.goto(PAGE_URL)
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=60_000)
    page.asked = asked  # type: ignore[attr-defined]
    return opened


def test_group_page_shows_the_banner_and_marks_groups(browser: Any, client: TestClient) -> None:
    opened = open_served(browser, client, "/views/network")
    try:
        assert opened.drawn() == 5  # two industries of firms, industries, institutions
        banner = opened.page.locator("#ttkg-banner")
        assert banner.is_visible()
        assert f"{len(range(0, FIRMS, 3)):,}" in banner.inner_text()
        labels = opened.page.evaluate("window.ttkgView.nodes.get().map((n) => n.label)")
        assert "企业 · 化工 (1,650)（含示例）" in labels or "企业 · 化工 (1650)（含示例）" in labels
        assert opened.page.is_enabled("#ttkg-color-community")
        assert opened.page.evaluate("window.ttkgView.network.physics.options.enabled") is False
        assert opened.errors == []
        assert opened.blocked == []
    finally:
        opened.page.context.close()


def test_search_and_members_come_from_the_api(browser: Any, client: TestClient) -> None:
    opened = open_served(browser, client, "/views/network")
    page = opened.page
    try:
        page.fill("#ttkg-search", "测企00007")
        page.wait_for_selector("#ttkg-results li")
        assert "测试企业00007" in page.inner_text("#ttkg-results")
        page.press("#ttkg-search", "Enter")
        assert page.evaluate("window.ttkgView.focused") == "Enterprise|冬枣"
        member = page.evaluate("window.ttkgView.focusedMember")
        assert member is not None
        assert member.startswith("enterprise:")
        assert "测试企业00007" in page.inner_text("#ttkg-details")
        assert "/views/network/search" in page.asked  # type: ignore[attr-defined]
        # The group lists its best-connected members, and the rest on request.
        before = page.locator("#ttkg-details ul li").count()
        page.click("#ttkg-more-members")
        page.locator("#ttkg-details ul li").nth(before + 99).wait_for(state="attached")
        assert page.locator("#ttkg-details ul li").count() == before + 100
        assert "/views/network/members" in page.asked  # type: ignore[attr-defined]
        assert opened.errors == []
        assert opened.blocked == []
    finally:
        page.context.close()
