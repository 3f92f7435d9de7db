"""Answers in the language the request asks for: ``Accept-Language`` chooses the catalogue.

A pure ASGI middleware: each request runs inside :func:`graph.i18n.use_language` with the best
catalogue for its ``Accept-Language`` header (``zh_CN`` when it names none there is, as HTTP
content negotiation falls back to a default rather than failing), and the answer says which
language it is in with ``Content-Language``.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.i18n import language_of, use_language

__all__ = ["RequestLanguage"]


class RequestLanguage:
    """Run each HTTP request in the language of its ``Accept-Language`` header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        language = language_of(Headers(scope=scope).get("accept-language"))

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Content-Language"] = language.replace("_", "-")
            await send(message)

        with use_language(language):
            await self.app(scope, receive, send_with_language)
