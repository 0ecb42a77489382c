"""The last line of the HTTP edge: nothing leaves as a plain-text 500.

- A domain error raised where SQLAlchemy wraps it (a column type refusing a value while binding,
  e.g. an amount too large for its column) is answered like any domain error (422 with its code).
- The database being unreachable, restarting or locked (SQLAlchemy `OperationalError`, a DBAPI
  disconnect, a pool timeout, SQLite's "database is locked") is a 503 JSON body
  `{code: "database_unavailable", ...}` with `Retry-After`, so clients retry instead of giving up.
- A value the database refuses (`DataError`: NUL in text on PostgreSQL, a number out of range) is a
  422 (`invalid_character`, `invalid_value`).
- A uniqueness race no service check could see (`IntegrityError`) is a 409 `conflict`.
- The framework's own refusals (a body that is not UTF-8: 400; no such route: 404; 405) get the same
  error body as every other refusal.
- Anything else is a JSON 500 `{code: "internal_error", ...}` naming the request id, logged once with
  its traceback (and not re-raised, so the server does not log it a second time).

`install(app)` wraps every middleware (inside Starlette's own outermost one), so failures in the authentication middleware (which
reads the database before any route runs) are covered too.
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from vextrus.platform.errors import DomainError, ValidationFailed

log = structlog.get_logger("vextrus.http")
RETRY_AFTER_SECONDS = 5


def domain_error_inside(exc: BaseException) -> DomainError | None:
    """The domain error SQLAlchemy wrapped (`StatementError.orig`), if that is what this is."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, DomainError):
            return exc
        if isinstance(exc, sa_exc.StatementError) and isinstance(exc.orig, BaseException):
            exc = exc.orig
        else:
            return None
        seen += 1
    return None


def refused_value(exc: BaseException) -> DomainError | None:
    """A value the database refused (`DataError`: text with a NUL character, which PostgreSQL cannot hold,
    a number out of range) as the caller's mistake; where the value is written through the ORM the
    columns' own checks (db._check_on_set) name the field before this."""
    if not isinstance(exc, sa_exc.DataError):
        return None
    if "NUL" in str(exc.orig):
        return ValidationFailed("invalid_character", "Text must not contain NUL (\\0) characters",
                                "লেখায় NUL (\\0) অক্ষর থাকতে পারে না")
    return ValidationFailed("invalid_value", "A value is out of the range the database can hold",
                            "একটি মান ডাটাবেসের সীমার বাইরে")


def is_database_unavailable(exc: BaseException) -> bool:
    """The database cannot be reached or is busy: worth retrying, not the caller's fault."""
    if isinstance(exc, (sa_exc.DisconnectionError, sa_exc.TimeoutError)):  # pool exhausted or lost
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated or isinstance(exc, sa_exc.OperationalError):
            return True
        return "database is locked" in str(exc.orig)
    return False


def unavailable_body(request_id: str) -> dict[str, Any]:
    return {
        "code": "database_unavailable",
        "message": "The database is not available at the moment; retry in a few seconds",
        "message_bn": "ডাটাবেস এই মুহূর্তে পাওয়া যাচ্ছে না; কয়েক সেকেন্ড পরে আবার চেষ্টা করুন",
        "field": None,
        "details": {"request_id": request_id, "retry_after": RETRY_AFTER_SECONDS},
    }


def conflict_body(request_id: str) -> dict[str, Any]:
    return {
        "code": "conflict",
        "message": "Someone saved a conflicting change at the same moment; reload and retry",
        "message_bn": "একই মুহূর্তে অন্য কেউ সাংঘর্ষিক পরিবর্তন সংরক্ষণ করেছেন; আবার লোড করে চেষ্টা করুন",
        "field": None,
        "details": {"request_id": request_id},
    }


def internal_body(request_id: str) -> dict[str, Any]:
    return {
        "code": "internal_error",
        "message": f"Something went wrong on our side (request {request_id}); it was logged",
        "message_bn": f"আমাদের দিকে একটি সমস্যা হয়েছে (অনুরোধ {request_id}); এটি লগ করা হয়েছে",
        "field": None,
        "details": {"request_id": request_id},
    }


def response_for(exc: BaseException, request_id: str) -> JSONResponse:
    """The JSON answer to an exception no route handled (logging the unexpected ones)."""
    while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:  # anyio task groups wrap
        exc = exc.exceptions[0]
    domain = domain_error_inside(exc)
    if domain is not None:
        return JSONResponse(domain.to_dict(), status_code=domain.status)
    refused = refused_value(exc)
    if refused is not None:
        log.warning("value refused by the database", request_id=request_id, error=str(exc)[:300])
        return JSONResponse(refused.to_dict(), status_code=refused.status)
    if isinstance(exc, sa_exc.IntegrityError):  # a race a service's own check could not see (same key twice)
        log.warning("integrity error answered as a conflict", request_id=request_id, exc_info=exc)
        return JSONResponse(conflict_body(request_id), status_code=409)
    if is_database_unavailable(exc):
        log.warning("database unavailable", error=f"{type(exc).__name__}: {exc}"[:500], request_id=request_id)
        return JSONResponse(unavailable_body(request_id), status_code=503,
                            headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    log.error("unhandled error", request_id=request_id, exc_info=exc)
    return JSONResponse(internal_body(request_id), status_code=500)


ANSWERED = "vextrus.error_answered"

_HTTP_ERRORS = {  # what the framework itself refuses, in the error body every other refusal has
    400: ("bad_request", "The request could not be read (the body must be UTF-8 JSON or the declared form)",
          "অনুরোধটি পড়া যায়নি (বডি UTF-8 JSON বা ঘোষিত ফর্ম হতে হবে)", "body"),
    404: ("not_found", "There is no such address", "এমন কোনো ঠিকানা নেই", None),
    405: ("method_not_allowed", "This address does not take that method", "এই ঠিকানা এই পদ্ধতি গ্রহণ করে না", None),
}


async def handle_http_exception(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code, message, message_bn, field = _HTTP_ERRORS.get(
        exc.status_code, (f"http_{exc.status_code}", str(exc.detail), str(exc.detail), None))
    return JSONResponse({"code": code, "message": message, "message_bn": message_bn, "field": field,
                         "details": {"detail": exc.detail}}, status_code=exc.status_code, headers=exc.headers)


async def handle_exception(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's handler for `Exception` (called by its ServerErrorMiddleware, which then re-raises)."""
    rid = getattr(request.state, "request_id", None) or "-"
    request.scope[ANSWERED] = exc
    response = response_for(exc, rid)
    response.headers["x-request-id"] = rid
    return response


class CatchAll:
    """ASGI wrapper around the whole application, outside Starlette's ServerErrorMiddleware: swallows the
    exception that middleware re-raises after `handle_exception` answered it (so it is logged once), and
    answers anything that escaped before a response started."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:  # noqa: BLE001 - this is the place that answers for everything else
            if scope.get(ANSWERED) is exc:
                return
            if started:  # too late for another answer: the server closes the connection
                raise
            rid = (scope.get("state") or {}).get("request_id") or "-"
            response = response_for(exc, rid)
            response.headers["x-request-id"] = rid
            await response(scope, receive, send)


def install(app: Any) -> None:
    """Answer unexpected exceptions with JSON (`handle_exception`) and wrap the app's middleware stack
    (built on first request) in `CatchAll`."""
    app.add_exception_handler(Exception, handle_exception)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    build = app.build_middleware_stack

    def build_wrapped() -> ASGIApp:
        # Starlette's outermost ServerErrorMiddleware stays outermost (OpenTelemetry's FastAPI
        # instrumentation expects it there); CatchAll goes right inside it, around every other middleware.
        stack = build()
        stack.app = CatchAll(stack.app)
        return stack

    app.build_middleware_stack = build_wrapped
