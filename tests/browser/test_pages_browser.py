"""Every HTML page the server serves, opened in headless Chromium from a real server.

Each page must draw (the docs: every operation of the OpenAPI document is listed), log no
console error, fail no request of its own, and ask nothing of any other host.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import urlopen

import pytest
import uvicorn

from api.main import create_app
from graph.settings import Settings
from graph.stores.embedded import EmbeddedStore
from tests.browser.conftest import district_batch

pytestmark = pytest.mark.browser

# Words the docs tools and our pages show when they fail to draw.
ERROR_TEXTS = (
    "Unable to render",
    "Something went wrong",
    "Failed to load",
    "Internal Server Error",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API on a free loopback port over a district-sized embedded store."""
    path: Path = tmp_path_factory.mktemp("pages") / "graph.db"
    store = EmbeddedStore(path)
    store.open()
    store.upsert(district_batch(enterprises=40))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(Settings(store=store.uri), store=store),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)
    store.close()


@dataclass
class Visit:
    """A page opened from the server, with what went wrong while it loaded."""

    page: Any
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    policy: str = ""

    def assert_clean(self) -> None:
        # Drawn under the server's policy header, which allows no inline code wholesale.
        assert "default-src 'none'" in self.policy, self.policy
        assert "unsafe-inline" not in self.policy
        assert self.outside == [], f"requests to other hosts: {self.outside}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.errors == [], f"console errors: {self.errors}"
        body = self.page.inner_text("body")
        shown = [text for text in ERROR_TEXTS if text in body]
        assert shown == [], f"the page shows an error: {shown}"


def visit(browser: Any, base: str, path: str, *, ready: str) -> Visit:
    """Open ``base + path``, abort any request off ``base``, wait for ``ready`` to appear."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = Visit(page)

    def route(r: Any) -> None:
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:
            seen.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on(
        "response",
        lambda r: seen.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on("requestfailed", lambda r: seen.failed.append(f"{r.failure} {r.url}"))
    response = page.goto(base + path)
    seen.policy = response.headers.get("content-security-policy", "")
    page.wait_for_selector(ready, state="attached", timeout=60_000)
    page.wait_for_load_state("networkidle")
    return seen


def get(url: str) -> tuple[int, bytes]:
    """The status and body of a GET (a 4xx or 5xx is returned, not raised)."""
    try:
        with urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()


def operations(base: str) -> set[str]:
    """The operation ids of the server's OpenAPI document."""
    document = json.loads(get(base + "/openapi.json")[1])
    return {
        operation["operationId"]
        for methods in document["paths"].values()
        for operation in methods.values()
    }


def test_landing_page_links_docs_view_health_and_stats(browser: Any, server: str) -> None:
    seen = visit(browser, server, "/", ready="#counts")
    seen.assert_clean()
    hrefs = seen.page.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert set(hrefs) >= {"/docs", "/redoc", "/views/network", "/health", "/stats"}
    assert "个节点" in seen.page.inner_text("#counts")
    for href in hrefs:  # every link answers
        assert get(server + href)[0] == 200, href
    seen.page.context.close()


def test_swagger_ui_lists_every_operation(browser: Any, server: str) -> None:
    seen = visit(browser, server, "/docs", ready=".opblock, .version-pragma, .errors-wrapper")
    seen.assert_clean()
    listed = seen.page.eval_on_selector_all(
        ".opblock", "blocks => blocks.map(b => b.id.replace(/^operations-[^-]+-/, ''))"
    )
    assert set(listed) == operations(server)
    seen.page.context.close()


def test_redoc_lists_every_operation(browser: Any, server: str) -> None:
    seen = visit(browser, server, "/redoc", ready="[data-section-id*='operation/']")
    seen.assert_clean()
    sections = seen.page.eval_on_selector_all(
        "[data-section-id*='operation/']",
        "els => els.map(e => e.getAttribute('data-section-id').split('operation/').pop())",
    )
    assert set(sections) == operations(server)
    seen.page.context.close()


def test_network_view_draws_from_the_server(browser: Any, server: str) -> None:
    seen = visit(browser, server, "/views/network", ready="html[data-ready='1']")
    seen.assert_clean()
    stats = json.loads(get(server + "/stats")[1])
    assert seen.page.evaluate("window.ttkgView.drawnNodeCount()") == stats["nodes"]
    seen.page.context.close()


def test_ego_view_draws_its_node_from_the_server(browser: Any, server: str) -> None:
    node = "institution:中国农业大学"
    seen = visit(
        browser, server, "/views/ego/" + quote(node, safe=""), ready="html[data-ready='1']"
    )
    seen.assert_clean()
    assert seen.page.evaluate("window.ttkgView.focused") == node
    assert seen.page.evaluate("window.ttkgView.drawnNodeCount()") > 1
    seen.page.context.close()


INJECT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = 1";
    document.body.appendChild(script);
    const styled = document.createElement("div");
    styled.innerHTML = '<img src=x onerror="window.__injected = 2">';
    document.body.appendChild(styled);
    return new Promise((done) => setTimeout(() => done(window.__injected ?? null), 300));
}"""


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/", "#counts"),
        ("/docs", ".opblock"),
        ("/redoc", "[data-section-id*='operation/']"),
        ("/views/network", "html[data-ready='1']"),
    ],
)
def test_injected_code_does_not_run_on_any_page(
    browser: Any, server: str, path: str, ready: str
) -> None:
    seen = visit(browser, server, path, ready=ready)
    assert seen.page.evaluate(INJECT) is None
    assert any("Content Security Policy" in error for error in seen.errors), seen.errors
    seen.page.context.close()
