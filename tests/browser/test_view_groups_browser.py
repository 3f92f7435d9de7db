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
from tests.browser.conftest import Opened, open_page

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
    response = client.get(path)
    asked: list[str] = []

    def answer(r: Any) -> bool:
        url = urlsplit(r.request.url)
        if url.netloc != "ttkg.test" or not url.path.startswith(
            ("/views/network/", "/views/node/")
        ):
            return False
        asked.append(url.path)
        found = client.get(url.path + "?" + url.query)
        r.fulfill(status=found.status_code, body=found.content, content_type="application/json")
        return True

    policy = {"content-security-policy": response.headers["content-security-policy"]}
    opened = open_page(browser, response.text, csp=True, headers=policy, answer=answer)
    opened.page.asked = asked
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
        assert "/views/network/search" in page.asked
        # The member's flags and sources come from /views/node/{id}.
        page.fill("#ttkg-search", "测企00006")
        page.wait_for_selector("#ttkg-results li >> text=测试企业00006")
        page.press("#ttkg-search", "Enter")
        page.wait_for_selector("#ttkg-details .ttkg-provenance li")
        assert page.inner_text("#ttkg-details .ttkg-flags li").startswith("示例数据")
        assert "row 6" in page.inner_text("#ttkg-details .ttkg-provenance")
        # The group lists its best-connected members, and the rest on request.
        before = page.locator("#ttkg-members li").count()
        page.click("#ttkg-more-members")
        page.locator("#ttkg-members li").nth(before + 99).wait_for(state="attached")
        assert page.locator("#ttkg-members li").count() == before + 100
        assert "/views/network/members" in page.asked
        assert opened.errors == []
        assert opened.blocked == []
    finally:
        page.context.close()
