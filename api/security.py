"""Hardening of every response: security headers, a Content-Security-Policy, no temp paths.

Two pure ASGI middlewares (they never buffer a streamed body):

- :class:`SecurityHeaders` gives every response ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer``, ``X-Frame-Options: DENY`` and a Content-Security-Policy.
  A response without one of its own gets :data:`DEFAULT_POLICY` (nothing may load, run or
  frame it); an HTML page builds the narrowest policy it draws under with
  :func:`content_security_policy`, allowing its inline scripts by hash (:func:`inline_hashes`)
  or by a per-response nonce (:func:`new_nonce`), never by ``'unsafe-inline'``.
- :class:`TempPathGuard` rewrites the server's temp folder out of the JSON and plain-text
  answers of the upload routes (:func:`without_temp_paths`): an upload is read from a temp
  file, and a loader's message names the file by its full path. Other answers are left alone:
  a store kept under the temp folder is named as it is.

The trusted hosts (``Settings.allowed_hosts``) are Starlette's ``TrustedHostMiddleware``.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from functools import cache

from starlette.datastructures import MutableHeaders
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.render.csp import policy_text, source_hash

__all__ = [
    "DEFAULT_POLICY",
    "SECURITY_HEADERS",
    "SecurityHeaders",
    "TempPathGuard",
    "content_security_policy",
    "html_page",
    "inline_hashes",
    "new_nonce",
    "nonce_source",
    "without_temp_paths",
]

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",  # for browsers that do not know frame-ancestors
}
_BASE_DIRECTIVES = {
    "default-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'none'",
    "frame-ancestors": "'none'",
}


def content_security_policy(directives: Mapping[str, str] | None = None) -> str:
    """A policy that allows ``directives`` and nothing else; no page may frame it.

    >>> for directive in content_security_policy({"img-src": "'self'"}).split("; "):
    ...     print(directive)
    default-src 'none'
    base-uri 'none'
    form-action 'none'
    frame-ancestors 'none'
    img-src 'self'
    """
    return policy_text({**_BASE_DIRECTIVES, **(directives or {})})


DEFAULT_POLICY = content_security_policy()
"""The policy of every response that sets none: JSON, files, errors."""


def html_page(html: str, directives: Mapping[str, str]) -> HTMLResponse:
    """An HTML response under :func:`content_security_policy` of ``directives``."""
    policy = content_security_policy(directives)
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})


def new_nonce() -> str:
    """A fresh nonce for one response (128 bits, URL-safe base64)."""
    return secrets.token_urlsafe(16)


def nonce_source(nonce: str) -> str:
    """The CSP source that allows elements carrying ``nonce``."""
    return f"'nonce-{nonce}'"


_INLINE = {
    tag: re.compile(rf"<{tag}(?![^>]*\bsrc=)[^>]*>(.*?)</{tag}>", re.S | re.I)
    for tag in ("script", "style")
}


def inline_hashes(html: str, tag: str = "script") -> str:
    """The hash sources of the inline ``<script>`` (or ``<style>``) elements of ``html``.

    >>> inline_hashes('<script src="/a.js"></script><script>alert(1)</script>')
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    return " ".join(dict.fromkeys(source_hash(body) for body in _INLINE[tag].findall(html)))


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` and a policy to responses that have none of their own.

    The policy is that of the longest prefix of ``policies`` (path prefix -> the directives a
    router's pages need) the path starts with, else :data:`DEFAULT_POLICY`.
    """

    def __init__(self, app: ASGIApp, policies: Mapping[str, Mapping[str, str]] | None = None):
        self.app = app
        self.policies = sorted(
            (
                (prefix.rstrip("/") + "/", content_security_policy(d))
                for prefix, d in (policies or {}).items()
            ),
            key=lambda item: len(item[0]),
            reverse=True,
        )

    def _policy(self, path: str) -> str:
        return next((p for prefix, p in self.policies if path.startswith(prefix)), DEFAULT_POLICY)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = self._policy(str(scope["path"]))
                message["headers"] = headers.raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


# -- temp paths ----------------------------------------------------------------------------

_SEPARATOR = r"[/\\]+"  # one or more: a Windows path inside JSON has its backslashes doubled
_PATH_PART = r"[^/\\\s\"'<>|:]+"


@cache
def _temp_pattern(folder: str) -> re.Pattern[str]:
    forms = sorted({folder, os.path.realpath(folder)}, key=len, reverse=True)
    roots = "|".join(
        _SEPARATOR.join(re.escape(part) for part in re.split(r"[/\\]+", form)) for form in forms
    )
    # The folder (not a part of a longer name) and the path under it.
    flags = re.I if os.name == "nt" else 0
    return re.compile(rf"(?<![\w.~-])(?:{roots})(?![\w-])((?:{_SEPARATOR}{_PATH_PART})*)", flags)


def _name_only(match: re.Match[str]) -> str:
    below = match.group(1)
    return re.split(_SEPARATOR, below)[-1] if below else "<temp>"


def without_temp_paths(text: str) -> str:
    """``text`` with the server's temp folder taken out: a temp file is named by its name alone.

    Error messages of loaders name files by their path; an upload's path is in the temp folder
    (``tempfile.gettempdir()``), which is nobody's business outside the server.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.gettempdir()
    >>> without_temp_paths(f"{folder}/tmpj0735u_e/企业名录.xlsx: cannot open it")
    '企业名录.xlsx: cannot open it'
    >>> without_temp_paths(f"no space left in {folder}.")
    'no space left in <temp>.'
    >>> text = f"data/roster.csv, row 3; {folder}x/a.csv is in another folder"
    >>> without_temp_paths(text) == text
    True
    """
    return _temp_pattern(tempfile.gettempdir()).sub(_name_only, text)


_TEXTUAL = ("application/json", "+json", "text/plain", "text/csv")


def _is_textual(headers: MutableHeaders) -> bool:
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    return any(kind.endswith(t) if t.startswith("+") else kind == t for t in _TEXTUAL)


class TempPathGuard:
    """Apply :func:`without_temp_paths` to JSON and plain-text bodies under ``prefix``.

    Only a body sent in one piece is rewritten; a streamed one (several body messages) passes
    untouched, so nothing is ever held back.
    """

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/") + "/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        held: Message | None = None

        async def guarded_send(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                if _is_textual(headers):
                    held = message  # until the body shows whether it comes in one piece
                    return
            elif held is not None:
                start, held = held, None
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    body: bytes = message.get("body", b"")
                    cleaned = without_temp_paths(body.decode("utf-8", "surrogateescape"))
                    data = cleaned.encode("utf-8", "surrogateescape")
                    if data != body:
                        headers = MutableHeaders(raw=list(start.get("headers", [])))
                        headers["content-length"] = str(len(data))
                        start["headers"] = headers.raw
                        message = {**message, "body": data}
                await send(start)
            await send(message)

        await self.app(scope, receive, guarded_send)
