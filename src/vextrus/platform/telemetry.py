"""Structured logs (console or JSON) with request id, tenant, user and, when tracing, trace and span
ids; Prometheus metrics."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response

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


class RequestContextMiddleware(BaseHTTPMiddleware):
    """Gives each request an id (honouring X-Request-ID), binds it to logs, counts and times it."""

    async def dispatch(self, request: Request, call_next: Any) -> Response:
        rid = request.headers.get("x-request-id") or uuid.uuid4().hex
        request.state.request_id = rid
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=rid)
        start = time.perf_counter()
        token = reads_only.set(request.method in ("GET", "HEAD"))
        try:
            response = await call_next(request)
        finally:
            reads_only.reset(token)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        LATENCY.labels(request.method, path).observe(time.perf_counter() - start)
        REQUESTS.labels(request.method, path, str(response.status_code)).inc()
        response.headers["x-request-id"] = rid
        return response


def metrics_response() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
