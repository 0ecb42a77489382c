"""Structured logs (console or JSON) with request id, tenant, user and, when tracing, trace and span
ids; Prometheus metrics."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vextrus.platform.db import reads_only
from vextrus.platform.tracing import add_trace_ids

REQUESTS = Counter("vextrus_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("vextrus_http_request_seconds", "HTTP request latency", ["method", "route"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
EVENTS_PUBLISHED = Counter("vextrus_events_published_total", "Events delivered by the outbox relay", ["name"])


def configure_logging(fmt: str = "console", level: str = "info") -> None:
    renderer: Any = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            add_trace_ids,  # trace_id and span_id when a span is active
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper())),
        cache_logger_on_first_use=True,
    )


class RequestContextMiddleware:
    """Gives each request an id (honouring X-Request-ID), binds it to logs, counts and times it.

    Plain ASGI (issue 20): Starlette's `BaseHTTPMiddleware` ran the rest of the app in a task of its own and
    passed the body through memory streams on every request; this wraps `send` instead. The id is in
    `request.state.request_id` (the scope's state) for the layers below; the time is until the response's
    last byte is handed on."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = ""
        for k, v in scope["headers"]:
            if k == b"x-request-id":
                rid = v.decode("latin-1")
                break
        rid = rid or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=rid)
        method = scope["method"]
        status = 500
        raw_rid = rid.encode("latin-1")

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", raw_rid))
                message["headers"] = headers
            await send(message)

        start = time.perf_counter()
        token = reads_only.set(method in ("GET", "HEAD"))
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            reads_only.reset(token)
        path = getattr(scope.get("route"), "path", "unmatched")
        LATENCY.labels(method, path).observe(time.perf_counter() - start)
        REQUESTS.labels(method, path, str(status)).inc()


def metrics_response() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
