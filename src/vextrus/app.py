"""Builds the ASGI app from the enabled modules: REST, GraphQL, UI pages, health."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from vextrus import __version__
from vextrus.gateway import combined_schema
from vextrus.platform import bootstrap, runtime
from vextrus.platform.graphql_bounds import GraphQLLimits
from vextrus.platform.http import (
    AuthContextMiddleware,
    graphql_router,
    guard_routers_by_prefix,
    health_router,
    install_error_handlers,
)
from vextrus.platform.jobs_http import jobs_router
from vextrus.platform.relay import DeliverAfterResponse
from vextrus.platform.request_bounds import BodyLimitMiddleware, UploadSlots, UploadSlotsMiddleware
from vextrus.platform.settings import Settings, get_settings
from vextrus.platform.telemetry import RequestContextMiddleware, configure_logging


def create_app(settings: Settings | None = None, *, start_runtime: bool = True,
               extra_authenticators: list[Any] | None = None, relay_poll: bool = True) -> FastAPI:
    """`relay_poll=False` (a `serve --workers` worker other than the leader): no catch-up poll of
    the outbox in this process; it still delivers what its own requests commit (vextrus.workers)."""
    settings = settings or get_settings()
    configure_logging(settings.log_format, settings.log_level)
    if start_runtime or not runtime.is_started():
        rt = runtime.start(settings)
        bootstrap.prepare_database()
    else:
        rt = runtime.current()  # the caller started and migrated it

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        if relay_poll:
            rt.relay.start_background()
            rt.relay.notify()
        yield
        if rt.tracing is not None:
            rt.tracing.force_flush()  # the runtime's close shuts tracing down; this sends what is batched

    app = FastAPI(title="Vextrus", version=__version__, lifespan=lifespan,
                  openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None)  # docs: web.api_docs
    install_error_handlers(app)
    authenticators = [*(extra_authenticators or []), *(fn for _m, fn in rt.registry.each("authenticator"))]
    app.add_middleware(AuthContextMiddleware, authenticators=authenticators)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(DeliverAfterResponse, relay=rt.relay)  # embedded: a request's events after its response

    app.include_router(health_router())
    app.include_router(jobs_router())
    served = rt.registry.served(settings.modules)  # one module per process when scaled out
    for m, router in served.each("rest"):
        app.include_router(router, prefix=f"/api/v1/{m.name}", tags=[m.name])
    if any(m.graphql for m in served.modules):
        app.state.schema = combined_schema(served)
        app.include_router(graphql_router(app.state.schema, GraphQLLimits.from_settings(settings)))
    from vextrus.web import routes as shell

    app.include_router(shell.router)
    from vextrus.web import api_docs

    app.include_router(api_docs.router(app.openapi_url or "/api/v1/openapi.json"))  # Swagger UI from the package
    for _m, router in served.each("web"):
        app.include_router(router)
    app.mount("/static", StaticFiles(packages=[("vextrus.web", "static")]), name="static")
    # outermost: a body over its route's limit is refused before anything reads it; inside it, imports
    # wait for one of a few slots (docs/security.md, "Event loop and request bounds")
    app.state.upload_slots = UploadSlots(settings.max_concurrent_uploads)
    app.add_middleware(UploadSlotsMiddleware, slots=app.state.upload_slots)
    app.add_middleware(BodyLimitMiddleware, max_body=settings.max_body_bytes, max_upload=settings.max_upload_bytes)
    guard_routers_by_prefix(app)  # a request tries only the routers whose paths it can match (issue 20)
    if rt.tracing is not None:  # VEXTRUS_TRACING=console|otlp: a span per request (not health, metrics, static)
        rt.tracing.instrument_app(app)
    return app
