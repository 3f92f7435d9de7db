"""The FastAPI app: assembles the routers; the lifespan opens and closes the store.

Run it with ``ttkg serve`` (or ``uvicorn api.main:create_app --factory``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from api.language import RequestLanguage
from api.limits import BodyLimits
from api.problems import (
    http_problem,
    problem,
    problem_openapi,
    validation_problem,
)
from api.routes import admin, analytics, entities, match, pages, programs, stats, views
from api.schemas import PROBLEM_MEDIA_TYPE, EntitySummary, HealthPublic, ReferenceProblemPublic
from api.security import SecurityHeaders, TempPathGuard
from graph.errors import (
    AmbiguousName,
    AmbiguousReference,
    Choice,
    GraphError,
    InvalidRecord,
    LoadError,
    NodeNotFound,
    StoreError,
    StoreUnavailable,
    UnknownReference,
)
from graph.render.html import view_policy
from graph.settings import Settings, get_settings, settings_store
from graph.stores.base import GraphStore

__all__ = ["create_app"]

log = logging.getLogger(__name__)

ROUTERS = (pages, entities, stats, admin, match, views, programs, analytics)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """A new app; ``store`` (already open) replaces the one the settings name."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or settings_store(settings)
        if owned:
            try:
                app.state.store.open()
            except StoreUnavailable as exc:
                # The API still starts; each request answers 503 until the store is back.
                log.warning("%s", exc)
        yield
        if owned:
            app.state.store.close()

    app = FastAPI(
        # i18n: ok: the product's name
        title="tech-transfer-kg",
        summary="Knowledge graph of a district's technology-transfer cooperation network",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc come from api.routes.pages, served from local files
        redoc_url=None,
    )
    app.state.settings = settings
    for module in ROUTERS:
        app.include_router(module.router)
    _add_error_handlers(app)
    pages.mount_static(app)
    # The last added runs first: every answer, a refused Host's too, gets the headers.
    app.add_middleware(BodyLimits, settings=settings)  # the key, then the size, of a body
    app.add_middleware(TempPathGuard, prefix=admin.router.prefix)  # where uploads are read
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeaders, policies={views.router.prefix: view_policy()})
    app.add_middleware(RequestLanguage)  # messages in the request's Accept-Language

    @app.get("/health", tags=["health"], responses={503: {"model": HealthPublic}})
    def health(request: Request, response: Response) -> HealthPublic:
        """Liveness and the store's reachability (503 naming the store when it does not answer)."""
        store: GraphStore = request.app.state.store
        try:
            store.generation()
        except GraphError as exc:
            response.status_code = 503
            return HealthPublic(status="unavailable", store=store.uri, detail=str(exc))
        return HealthPublic(status="ok", store=store.uri)

    return app


def _add_error_handlers(app: FastAPI) -> None:
    """Map each error to its status; every error answers RFC 9457 problem details."""
    statuses: list[tuple[type[GraphError], int]] = [
        (NodeNotFound, 404),
        (AmbiguousName, 409),
        (StoreUnavailable, 503),
        (StoreError, 503),
        (InvalidRecord, 422),
        (LoadError, 422),
        (GraphError, 400),
    ]

    for error, code in statuses:

        async def handler(request: Request, exc: Exception, code: int = code) -> JSONResponse:
            return problem(code, str(exc))

        app.add_exception_handler(error, handler)

    async def reference_problem(request: Request, exc: Exception) -> JSONResponse:
        """A name naming several entities (409, every candidate) or none (404, the closest)."""
        choices: list[Choice] = []
        status = 404
        if isinstance(exc, AmbiguousReference):
            choices, status = exc.choices, 409
        elif isinstance(exc, UnknownReference):
            choices = exc.suggestions
        body = ReferenceProblemPublic.of(
            status,
            str(exc),
            candidates=[EntitySummary(id=c.id, name=c.name, kind=c.kind) for c in choices],
        )
        return JSONResponse(
            body.model_dump(mode="json"), status_code=status, media_type=PROBLEM_MEDIA_TYPE
        )

    app.add_exception_handler(AmbiguousReference, reference_problem)
    app.add_exception_handler(UnknownReference, reference_problem)
    app.add_exception_handler(HTTPException, http_problem)
    app.add_exception_handler(RequestValidationError, validation_problem)
    app.openapi = problem_openapi(app, [m.router for m in ROUTERS])  # type: ignore[method-assign]
