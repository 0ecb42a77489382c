"""What every HTTP edge shares: who is calling, error bodies, idempotency keys, health, GraphQL."""

from __future__ import annotations

import functools
import hmac
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vextrus.platform import context, runtime
from vextrus.platform.db import reads_only
from vextrus.platform.errors import DomainError, Unauthenticated
from vextrus.platform.graphql_bounds import GraphQLLimits, as_graphql_error, check_operation
from vextrus.platform.request_bounds import RawBody
from vextrus.platform.telemetry import metrics_response
from vextrus.platform.ui import CSRF_COOKIE, locale_of

log = structlog.get_logger("vextrus.http")
Authenticator = Callable[[Request], "context.RequestContext | None"]
NEEDS_DATABASE = object()
"""What an authenticator's `cached(request)` returns when its answer needs the database (issue 20).

An authenticator may carry a `cached` attribute: a function of the request, without I/O, that returns what
the authenticator would (a context, or None for nobody; raising as it would) when it can tell without
reading the database, else `NEEDS_DATABASE`. The middleware calls it on the event loop and hops to the
thread pool for the authenticator itself only when it answers `NEEDS_DATABASE`."""
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class AuthContextMiddleware:
    """Sets the request's acting context (tenant, user, permissions, locale) for everything below,
    and checks the CSRF token on browser form posts (cookie-authenticated, non-API paths).

    Plain ASGI (issue 20): no task and memory streams per request as Starlette's `BaseHTTPMiddleware`
    made; a form body read for its CSRF token is handed on to the endpoint as it came."""

    def __init__(self, app: ASGIApp, authenticators: list[Authenticator]):
        self.app = app
        self.authenticators = authenticators

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        ctx = context.ANONYMOUS
        try:
            for auth in self.authenticators:
                cached = getattr(auth, "cached", None)
                found = NEEDS_DATABASE if cached is None else cached(request)
                if found is NEEDS_DATABASE:  # authenticators read the database: keep that off the event loop
                    found = await run_in_threadpool(auth, request)
                if found is not None:
                    ctx = found
                    break
        except DomainError as exc:
            await error_response(exc)(scope, receive, send)
            return
        ctx = replace(ctx, locale=locale_of(request, ctx.locale),  # ?lang, the cookie, else the user's language
                      request_id=getattr(request.state, "request_id", "-"),
                      client_address=request.client.host if request.client else None)
        if request.method not in SAFE_METHODS and _needs_csrf(request):
            sent = request.headers.get("x-csrf-token")
            if sent is None and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")
            ):
                body = await request.body()
                receive = _replay(body, receive)  # the endpoint reads the form again from the same bytes
                sent = (await request.form()).get("csrf_token")  # type: ignore[assignment]
            cookie = request.cookies.get(CSRF_COOKIE)
            if not cookie or not sent or not hmac.compare_digest(str(sent), cookie):
                await error_response(DomainError("csrf_failed", "The form expired; reload the page and retry",
                                                 "ফর্মের মেয়াদ শেষ; পৃষ্ঠাটি আবার লোড করে চেষ্টা করুন"), 403)(
                    scope, receive, send)
                return
        structlog.contextvars.bind_contextvars(tenant=str(ctx.tenant_id or "-"), user=ctx.actor)
        with context.acting_as(ctx):
            await self.app(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the already-read body once, then waits on the client (its disconnect)."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


def _needs_csrf(request: Request) -> bool:
    # token-authenticated APIs are exempt: a browser cannot send the bearer header cross-site
    return not request.url.path.startswith(("/api/", "/graphql"))


def error_response(exc: DomainError, status: int | None = None) -> JSONResponse:
    return JSONResponse(exc.to_dict(), status_code=status or exc.status)


def install_error_handlers(app: FastAPI) -> None:
    from vextrus.platform import forms, http_errors  # database outages as 503, anything unexpected a JSON 500

    http_errors.install(app)

    @app.exception_handler(DomainError)
    async def _domain(req: Request, exc: DomainError) -> Response:
        return http_errors.domain_error_response(req, exc)  # one log line; a page request gets the HTML page

    @app.exception_handler(RequestValidationError)
    async def _validation(req: Request, exc: RequestValidationError) -> Response:
        # in words, quoting the value (platform.forms.explain); a page request gets the HTML error page
        return http_errors.domain_error_response(req, forms.explain(list(exc.errors())))


def idempotency_key(idempotency_key: str | None = Header(default=None, alias="Idempotency-Key")) -> str | None:
    """REST mutations take the key from the `Idempotency-Key` header."""
    return idempotency_key


def health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health/live")
    async def live() -> dict[str, str]:  # nothing to wait for: no hop through the thread pool
        return {"status": "ok"}

    @router.get("/health/ready")
    def ready() -> JSONResponse:
        checks = readiness()
        ok = all(c["status"] == "ok" for c in checks.values())
        return JSONResponse({"status": "ok" if ok else "failing", "checks": checks}, status_code=200 if ok else 503)

    @router.get("/metrics")
    def metrics() -> Response:
        return metrics_response()

    return router


def readiness() -> dict[str, dict[str, str]]:
    """Database, bus, migrations and each enabled module's own check."""
    rt = runtime.current()
    checks: dict[str, dict[str, str]] = {}

    def check(name: str, fn: Callable[[], Any]) -> None:
        try:
            fn()
            checks[name] = {"status": "ok"}
        except Exception as exc:
            checks[name] = {"status": "failing", "error": f"{type(exc).__name__}: {exc}"[:300]}

    def db() -> None:
        with rt.engine.connect() as c:
            c.execute(text("SELECT 1"))

    check("database", db)
    check("bus", rt.bus.ready)
    for m in rt.registry.modules:
        fn = m.load(m.ready) if m.ready else None
        check(f"module:{m.name}", fn or (lambda: None))
    return checks


def _reads_only(query: str, operation: str | None) -> bool:
    """True when the operation to run is a query (no mutation, no subscription)."""
    return _reads_only_cached(query, operation) if len(query) <= 4096 else _operation_is_query(query, operation)


@functools.lru_cache(maxsize=256)
def _reads_only_cached(query: str, operation: str | None) -> bool:
    return _operation_is_query(query, operation)


def _operation_is_query(query: str, operation: str | None) -> bool:
    from graphql import OperationDefinitionNode, OperationType, parse

    try:
        document = parse(query, no_location=True)
    except Exception:  # execution reports the syntax error
        return False
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [d for d in ops if operation is None or (d.name is not None and d.name.value == operation)]
    return len(chosen) == 1 and chosen[0].operation == OperationType.QUERY


def graphql_router(schema: Any, limits: GraphQLLimits | None = None) -> APIRouter:
    """POST /graphql executes synchronously in the thread pool (resolvers use the sync DB session), after
    the body was read asynchronously and the operation checked against the bounds (graphql_bounds)."""
    router = APIRouter(tags=["graphql"])
    limits = limits or GraphQLLimits()

    def signed_in() -> bool:
        ctx = context.current()
        return ctx.tenant_id is not None or ctx.system

    def bad_request(message: str, message_bn: str, field: str | None = None) -> JSONResponse:
        err = DomainError("bad_request", message, message_bn, field=field)
        return JSONResponse({"data": None, "errors": [as_graphql_error(err).formatted]}, status_code=400)

    @router.post("/graphql", openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"type": "object", "required": ["query"], "properties": {
            "query": {"type": "string"}, "variables": {"type": "object"}, "operationName": {"type": "string"}}}}}}})
    def graphql(raw: RawBody) -> JSONResponse:
        try:
            body = json.loads(raw)
        except ValueError:  # not JSON, or not UTF-8
            return bad_request("The body must be JSON: {\"query\": \"...\", \"variables\": {...}}",
                               "বডি JSON হতে হবে: {\"query\": \"...\", \"variables\": {...}}")
        query = body.get("query") if isinstance(body, dict) else None
        if not isinstance(query, str) or not query.strip():
            return bad_request("The request has no GraphQL query", "অনুরোধে কোনো GraphQL কোয়েরি নেই", "query")
        variables, operation = body.get("variables"), body.get("operationName")
        if variables is not None and not isinstance(variables, dict):
            return bad_request("variables must be a JSON object", "variables একটি JSON অবজেক্ট হতে হবে", "variables")
        if operation is not None and not isinstance(operation, str):
            return bad_request("operationName must be a string", "operationName একটি লেখা হতে হবে", "operationName")
        refused = check_operation(schema._schema, query, variables, limits, signed_in=signed_in())
        if refused is not None:
            return JSONResponse({"data": None, "errors": [refused.formatted]})
        # a query only reads: on SQLite its transactions begin deferred, beside writers (as a GET's do),
        # instead of taking the write lock every mutation needs (several workers share the one file)
        token = reads_only.set(True) if _reads_only(query, operation) else None
        try:
            result = schema.execute_sync(query, variable_values=variables, operation_name=operation)
        finally:
            if token is not None:
                reads_only.reset(token)
        out: dict[str, Any] = {"data": result.data}
        if result.errors:
            out["errors"] = [e.formatted for e in result.errors]
            for e in result.errors:
                if e.original_error and not isinstance(e.original_error, DomainError):
                    log.error("graphql resolver failed", exc_info=e.original_error)
        return JSONResponse(out)

    @router.get("/graphql/sdl", response_class=Response)
    def sdl() -> Response:
        if not (limits.public_schema or signed_in()):
            return error_response(Unauthenticated("Sign in to read the schema", "স্কিমা পড়তে সাইন-ইন করুন"))
        return Response(schema.as_str(), media_type="text/plain")

    return router


def guard_routers_by_prefix(app: FastAPI) -> int:
    """Let each included router refuse a request outside its paths before trying its routes (issue 20).

    FastAPI (0.12x+) keeps `app.include_router(router, prefix=...)` as one `_IncludedRouter` and, to match
    a request, tries every route of every included router in order: a request to the last module's API,
    or to /graphql after all of them, paid a regular-expression match per route of the whole app (~500
    routes: 0.6 ms for /api/v1/finance, several ms for /graphql on a loaded machine). Every route of an
    included router lies under its prefix, or, without one, under the literal start its routes' paths share
    (the pages of one module: `/finance/`); a path outside it cannot match any of them, so the guard answers
    "no match" at once. Nothing else changes: the same routes are tried in the same order for a path that
    may match. Returns how many routers were guarded (0 on a FastAPI that copies routes instead)."""
    from fastapi import routing as fastapi_routing

    included = getattr(fastapi_routing, "_IncludedRouter", None)
    if included is None:
        return 0
    guarded = _guarded_class(included)
    n = 0
    for route in app.router.routes:
        if type(route) is included:
            route.__class__ = guarded
            n += 1
    return n


@functools.cache
def _guarded_class(included: type) -> type:
    from starlette._utils import get_route_path
    from starlette.routing import Match

    class PrefixGuardedRouter(included):  # type: ignore[misc, valid-type]
        """An `_IncludedRouter` that first checks the literal start every one of its paths has."""

        def _literal_start(self) -> str:
            version = self.original_router._get_routes_version()
            cached = self.__dict__.get("_vx_start")
            if cached is None or cached[0] != version:
                cached = (version, _literal_start_of(self))
                self.__dict__["_vx_start"] = cached
            return cached[1]

        def matches(self, scope: Scope) -> tuple[Match, Scope]:
            start = self._literal_start()
            if start and scope["type"] in ("http", "websocket") and not get_route_path(scope).startswith(start):
                return Match.NONE, {}
            return super().matches(scope)

    return PrefixGuardedRouter


def _literal_start_of(router: Any) -> str:
    """The start shared by every path `router` (an `_IncludedRouter`) can match: its prefix, then the longest
    common literal start (before any `{param}`) of its routes' paths; "" when unknown (no guard)."""
    prefix = router.include_context.prefix or ""
    if "{" in prefix:
        return prefix.split("{", 1)[0]
    starts: list[str] = []
    for route in router.original_router.routes:
        path = getattr(route, "path", None)
        nested = getattr(route, "include_context", None)
        if nested is not None:  # an included router inside: its own prefix and routes
            inner = _literal_start_of(route)
            if not inner:
                return prefix
            starts.append(inner)
            continue
        if not isinstance(path, str) or not path.startswith("/"):
            return prefix  # a Host, a frontend group, anything not matched by path alone: the prefix only
        starts.append(path.split("{", 1)[0])
    if not starts:
        return prefix
    common = starts[0]
    for s in starts[1:]:
        while not s.startswith(common):
            common = common[:-1]
    return prefix + common
