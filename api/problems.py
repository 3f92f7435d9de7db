"""Errors as RFC 9457 problem details: the responses, and their place in the OpenAPI document.

Every error the app answers is ``application/problem+json``: ``type``, ``title``, ``status``
and ``detail`` (:class:`~api.schemas.ProblemPublic`), plus ``errors``, one entry per rejected
field, on a 422 (:class:`~api.schemas.ValidationProblemPublic`). Which domain error answers
which status is decided in one place, :func:`api.main._add_error_handlers`.

Each operation of the OpenAPI document lists the errors it can answer, each as a problem. A
route declares those its handler raises (``responses=problems(404)``, or only a
description); :func:`problem_openapi` adds those that follow from its parameters and
dependencies: 422 for any parameter or body, 400 for a body that cannot be parsed, 401
behind the API key, 413 for an upload, 503
for a route reading the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.params import File
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException
from starlette.responses import Response

from api.deps import get_store, require_admin
from api.schemas import (
    PROBLEM_MEDIA_TYPE,
    FieldErrorPublic,
    ProblemPublic,
    ReferenceProblemPublic,
    ValidationProblemPublic,
    problems,
)
from graph.field_errors import field_error_message
from graph.i18n import _

__all__ = [
    "http_problem",
    "problem",
    "problem_openapi",
    "validation_problem",
]

DETAIL_CHARS = 1000
"""A 422's ``detail`` sums up its first field errors in at most this many characters."""


def problem(status: int, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """A problem-details response of ``status``."""
    model = ValidationProblemPublic if status == 422 else ProblemPublic
    return JSONResponse(
        model.of(status, detail).model_dump(mode="json"),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


async def http_problem(request: Request, exc: Exception) -> Response:
    """Starlette's and FastAPI's ``HTTPException`` (404 for an unknown path, 401...)."""
    if not isinstance(exc, HTTPException):  # registered for HTTPException only
        return problem(500, _("内部错误"))
    if exc.status_code < 400:
        return Response(status_code=exc.status_code, headers=exc.headers)
    return problem(exc.status_code, str(exc.detail), exc.headers)


async def validation_problem(request: Request, exc: Exception) -> JSONResponse:
    """A 422 listing each rejected field in the request's language, quoting none of the input
    at length.

    Each field error keeps pydantic's ``type`` and ``loc``; its ``msg`` is the catalogue's
    message for that type (:func:`graph.field_errors.field_error_message`), Chinese unless the
    request asks for English.
    """
    raw = exc.errors() if isinstance(exc, RequestValidationError) else []
    errors = [FieldErrorPublic.of({**e, "msg": field_error_message(e)}) for e in raw]
    detail = _("；").join(f"{'.'.join(map(str, e.loc))}: {e.msg}" for e in errors)
    if len(detail) > DETAIL_CHARS:
        detail = detail[:DETAIL_CHARS] + "…"
    body = ValidationProblemPublic.of(422, detail or _("请求无效"), errors=errors)
    return JSONResponse(
        body.model_dump(mode="json"), status_code=422, media_type=PROBLEM_MEDIA_TYPE
    )


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def _implied_statuses(route: APIRoute) -> list[int]:
    dependants = list(_dependants(route.dependant))
    calls: set[Callable[..., Any] | None] = {d.call for d in dependants}
    parameters = [
        field
        for d in dependants
        for field in (
            *d.path_params,
            *d.query_params,
            *d.header_params,
            *d.cookie_params,
            *d.body_params,
        )
    ]
    statuses = {
        400: any(d.body_params for d in dependants),  # a body that cannot be parsed at all
        401: require_admin in calls,
        413: any(isinstance(f.field_info, File) for d in dependants for f in d.body_params),
        422: bool(parameters),
        503: get_store in calls,
    }
    return [status for status, implied in statuses.items() if implied]


def problem_openapi(app: FastAPI, routers: Iterable[APIRouter]) -> Callable[[], dict[str, Any]]:
    """``app.openapi``: FastAPI's document, where each operation of ``routers`` also lists the
    errors its parameters and dependencies imply, and the components hold the problem schemas
    (in place of FastAPI's validation error, which the app never answers)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
        )
        for router in routers:
            for route in router.routes:
                if isinstance(route, APIRoute) and route.include_in_schema:
                    _declare(document, route)
        _, definitions = models_json_schema(
            [
                (ProblemPublic, "serialization"),
                (ValidationProblemPublic, "serialization"),
                (ReferenceProblemPublic, "serialization"),
            ],
            ref_template="#/components/schemas/{model}",
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        schemas.update(definitions.get("$defs", {}))
        app.openapi_schema = document
        return document

    return openapi


def _declare(document: dict[str, Any], route: APIRoute) -> None:
    """List the statuses ``route`` implies and make each error of it a problem."""
    implied = _implied_statuses(route)
    for method in route.methods or ():
        responses = document["paths"][route.path_format][method.lower()]["responses"]
        for status in implied:
            responses.setdefault(str(status), {})
        for status, response in responses.items():
            if not status.isdigit() or int(status) < 400:
                continue
            ours = problems(int(status))[int(status)]
            if "HTTPValidationError" in str(response.get("content")):  # FastAPI's own 422
                response.pop("description")
            response["description"] = response.get("description") or ours["description"]
            response["content"] = ours["content"]
