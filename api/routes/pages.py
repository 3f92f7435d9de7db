"""Pages for people: the landing page ``/`` and the API docs ``/docs`` and ``/redoc``.

Swagger UI and ReDoc come from the ``fastapi-offline`` package, which ships their current
bundles (Swagger UI 5, ReDoc 2, both reading OpenAPI 3.1), served from ``/static/docs``:
an intranet has no CDN, and no page asks anything of another host. ReDoc's bundle draws
its maker's logo from their CDN whatever the options say, so the bundle is served with that
one address pointed at the local favicon.

Each page is sent under the narrowest Content-Security-Policy it draws under (see
:mod:`api.security`): the landing page's style and Swagger UI's start-up script are allowed by
their hashes; ReDoc, whose styles are made while it runs, gets a nonce for this response that
it puts on every ``<style>`` it adds, and starts its worker from a ``blob:`` URL.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from api.deps import StoreDep
from api.security import html_page, inline_hashes, new_nonce, nonce_source
from graph.errors import GraphError
from graph.i18n import _
from graph.render.data import safe_json

__all__ = ["DOCS_ASSETS", "STATIC_URL", "mount_static", "router"]

router = APIRouter(include_in_schema=False)

DOCS_ASSETS = Path(str(files("fastapi_offline") / "static"))
"""swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js and favicon.png."""
STATIC_URL = "/static/docs"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"
FAVICON = f"{STATIC_URL}/favicon.png"
REDOC_JS = f"{STATIC_URL}/redoc.standalone.js"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def mount_static(app: FastAPI) -> None:
    """Serve the docs' scripts and styles from the installed package."""
    app.mount(STATIC_URL, StaticFiles(directory=DOCS_ASSETS), name="docs-assets")


def _openapi_url(request: Request) -> str:
    root: str = request.scope.get("root_path", "")
    return root + (request.app.openapi_url or "/openapi.json")


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI: try every operation from the browser."""
    swagger = get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} · {_('接口文档')}",
        swagger_js_url=f"{STATIC_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{STATIC_URL}/swagger-ui.css",
        swagger_favicon_url=FAVICON,
        oauth2_redirect_url=OAUTH2_REDIRECT,
        # No validator badge: it would send the API description to validator.swagger.io.
        swagger_ui_parameters={"validatorUrl": None},
    )
    html = bytes(swagger.body).decode()
    return html_page(
        html,
        {
            "script-src": f"'self' {inline_hashes(html)}",
            "style-src": "'self'",
            "img-src": "'self' data:",  # its icons are data: URLs in its stylesheet
            "connect-src": "'self'",  # the OpenAPI document and "Try it out"
        },
    )


@router.get(OAUTH2_REDIRECT)
def swagger_ui_redirect() -> HTMLResponse:
    """Swagger UI's OAuth2 callback page."""
    html = bytes(get_swagger_ui_oauth2_redirect_html().body).decode()
    return html_page(html, {"script-src": inline_hashes(html)})


REDOC_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{favicon}">
<style nonce="{nonce}">body {{ margin: 0; padding: 0; }}</style>
</head>
<body>
<noscript>ReDoc 需要启用 JavaScript。ReDoc requires JavaScript.</noscript>
<div id="redoc"></div>
<script nonce="{nonce}" src="{script}"></script>
<script nonce="{nonce}">
Redoc.init({spec}, {{ nonce: document.currentScript.nonce }}, document.getElementById("redoc"));
</script>
</body>
</html>
"""


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc: the API reference as one readable page."""
    nonce = new_nonce()
    html = REDOC_PAGE.format(
        title=escape(f"{request.app.title} · 接口参考 API reference"),
        favicon=FAVICON,
        nonce=nonce,
        script=REDOC_JS,
        spec=safe_json(_openapi_url(request)),
    )
    return html_page(
        html,
        {
            "script-src": f"'self' {nonce_source(nonce)}",
            "style-src": nonce_source(nonce),  # ReDoc puts the nonce on each style it adds
            # ... and sets style attributes in markup it writes; an attribute cannot hold a
            # selector, so it cannot read the page the way an injected <style> could.
            "img-src": "'self' data:",
            "connect-src": "'self'",  # the OpenAPI document
            "worker-src": "blob:",  # its search index runs in a worker made from a blob: URL
        },
    )


# The style loader inside ReDoc's bundle adds a stylesheet while the bundle runs, before
# ``Redoc.init`` hands it the nonce; it takes the nonce of the <script> element running it.
REDOC_STYLE_NONCE = (
    b'var t=r.nc;t&&e.setAttribute("nonce",t)',
    b'var t=r.nc||(document.currentScript||{}).nonce;t&&e.setAttribute("nonce",t)',
)


@cache
def _redoc_bundle() -> bytes:
    script = (DOCS_ASSETS / "redoc.standalone.js").read_bytes()
    return script.replace(REDOC_LOGO.encode(), FAVICON.encode()).replace(*REDOC_STYLE_NONCE)


@router.get(REDOC_JS)
def redoc_bundle() -> Response:
    """ReDoc's script with its one outside address (the maker's logo) made local, and the
    page's nonce on the stylesheet it adds as it loads."""
    return Response(
        _redoc_bundle(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


LINKS = (
    ("/views/network", "合作网络图", "network view", "全区合作网络，可筛选、搜索、点击查看详情"),
    ("/docs", "接口文档", "API docs (Swagger UI)", "匹配、政策、高企评价等全部接口，可在页面试用"),
    ("/redoc", "接口参考", "API reference (ReDoc)", "同一份接口说明，便于通读"),
    ("/stats", "图谱统计", "stats", "各类节点与关系的数量（JSON）"),
    ("/health", "运行状态", "health", "服务与图数据库是否可用（JSON）"),
)

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>科技成果转化合作网络 · tech-transfer-kg</title>
<link rel="icon" href="{favicon}">
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif;
  max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2933; line-height: 1.6; }}
h1 {{ font-size: 1.5rem; margin-bottom: .2rem; }}
.en {{ color: #61707d; font-size: .9em; }}
ul {{ list-style: none; padding: 0; }}
li {{ margin: .8rem 0; padding: .6rem .8rem; border: 1px solid #d9e2ec; border-radius: 6px; }}
a {{ font-weight: 600; color: #0b5cad; text-decoration: none; }}
a:hover {{ text-decoration: underline; }}
p.store {{ color: #61707d; font-size: .85em; }}
</style>
</head>
<body>
<h1>科技成果转化合作网络知识图谱 <span class="en">tech-transfer-kg</span></h1>
<p>企业、高校院所、平台、人才计划、转化机构与政策之间的合作网络，每个节点和关系都注明来源。
<span class="en">The district's technology-transfer cooperation network,
every fact with its source.</span></p>
<p id="counts">{counts}</p>
<ul>
{links}
</ul>
<p class="store">图谱存储 store: <code>{store}</code></p>
</body>
</html>
"""


@router.get("/")
def landing(request: Request, store: StoreDep) -> HTMLResponse:
    """A small page linking the network view, the API docs, stats and health."""
    try:
        stats = store.stats()
        counts = f"当前图谱：{stats.nodes:,} 个节点，{stats.edges:,} 条关系。" + (
            f'<span class="en"> {stats.nodes:,} nodes, {stats.edges:,} edges.</span>'
        )
    except GraphError as exc:
        counts = f"图谱暂不可用：{escape(str(exc))} <span class='en'>(store unavailable)</span>"
    links = "\n".join(
        f'<li><a href="{href}">{zh}</a> <span class="en">{en}</span><br>{what}</li>'
        for href, zh, en, what in LINKS
    )
    html = PAGE.format(favicon=FAVICON, counts=counts, links=links, store=escape(store.uri))
    return html_page(html, {"style-src": inline_hashes(html, "style"), "img-src": "'self'"})
