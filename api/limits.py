"""Request bodies: the API key first, then the size, before any byte of a body is read.

FastAPI parses a form (spooling its files to disk) before a route's dependencies run, so the
key check of :data:`api.deps.AdminDep` alone would come after a whole upload was received.
:class:`BodyLimits` wraps the ASGI ``receive`` of every request with a body:

- under ``/admin`` the ``X-API-Key`` header is checked at the first read: a request without
  the key gets its 401 before one byte of its body is taken;
- a ``Content-Length`` past the limit gets its 413 at the first read, and a body without
  one (chunked) gets it as soon as the bytes received pass the limit.

The limit is ``max_upload_bytes`` (plus room for the form's own lines) for the upload routes
and ``max_body_bytes`` for every other request. The errors are raised as ``HTTPException``
from inside the app's body parsing, so the app's own handler answers them, in its error form.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import require_admin
from api.problems import problem
from graph.i18n import _
from graph.settings import Settings

__all__ = ["FORM_OVERHEAD_BYTES", "UPLOAD_PATHS", "BodyLimits", "body_limit"]

UPLOAD_PATHS = frozenset({"/admin/load", "/admin/documents"})
FORM_OVERHEAD_BYTES = 64 * 1024
"""Room for a multipart form's boundaries and part headers around the uploaded file."""


def body_limit(settings: Settings, path: str) -> tuple[int, str]:
    """The most bytes a request to ``path`` may send, and the setting that sets it.

    >>> body_limit(Settings(max_body_bytes=10), "/match/partners")
    (10, 'max_body_bytes')
    """
    if path.rstrip("/") in UPLOAD_PATHS:
        return settings.max_upload_bytes + FORM_OVERHEAD_BYTES, "max_upload_bytes"
    return settings.max_body_bytes, "max_body_bytes"


def _too_large(limit: int, setting: str, found: str) -> HTTPException:
    return HTTPException(
        413,
        _("请求体{found}；上限是 {limit} 字节（TTKG_{setting}）").format(
            found=found, limit=f"{limit:,}", setting=setting.upper()
        ),
    )


class BodyLimits:
    """ASGI middleware: the admin key, then the body size, checked as the body is read."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit, setting = body_limit(self.settings, path)
        headers = {
            key.decode("latin-1").lower(): value.decode("latin-1")
            for key, value in scope["headers"]
        }
        declared = headers.get("content-length", "")
        received = 0
        checked = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, checked
            if not checked:
                checked = True
                if path == "/admin" or path.startswith("/admin/"):
                    require_admin(self.settings, headers.get("x-api-key"))
                if declared.isdigit() and int(declared) > limit:
                    raise _too_large(
                        limit, setting, _("有 {size} 字节").format(size=f"{int(declared):,}")
                    )
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _too_large(
                        limit, setting, _("超过了 {size} 字节").format(size=f"{limit:,}")
                    )
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except HTTPException as exc:
            # Raised where no handler of the app caught it (a body read outside a route).
            if started:
                raise
            await problem(exc.status_code, str(exc.detail), exc.headers)(scope, receive, send)
