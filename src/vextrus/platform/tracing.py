"""OpenTelemetry tracing: off by default, one setting (`VEXTRUS_TRACING`) to turn it on.

    VEXTRUS_TRACING=none     no provider, no instrumentation; the command decorator takes a plain path
    VEXTRUS_TRACING=console  spans printed to stdout (development)
    VEXTRUS_TRACING=otlp     spans sent over OTLP/HTTP to VEXTRUS_OTLP_ENDPOINT (a collector, Jaeger, Tempo)

`configure(settings)` builds a `Tracing` (its own TracerProvider, never OTel's process-wide global, so
tests can build and drop one at will) and makes it the active one; the runtime instruments its engine with
it and the app factory its FastAPI app. What gets spans: HTTP requests (not /health, /metrics, /static),
SQL statements, each service command (`@command`), and each event handler, whose span continues the trace
of the command that emitted the event (W3C `traceparent` travels with the event, across processes over
NATS too). Log lines written inside a span carry its `trace_id` and `span_id`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from vextrus.platform.errors import DomainError

TRACE_KEY = "_trace"
"""Where an outbox row's payload keeps the W3C trace context of the command that emitted it (payload
fields of an `Event` cannot start with `_`, so it never collides); the relay moves it to `Envelope.trace`."""

_EXCLUDED_URLS = r"^[a-z]+://[^/]+/(health|metrics|static)(/|$)"  # the FastAPI instrumentor matches full URLs
_propagator = TraceContextTextMapPropagator()
_active: Tracing | None = None


class Tracing:
    """One process's tracing: a TracerProvider with a Resource and a batching exporter."""

    def __init__(self, provider: Any, service_name: str):
        self.provider = provider
        self.service_name = service_name
        self.tracer = provider.get_tracer("vextrus")
        self._engines: list[Any] = []
        self._closed = False

    # -- instrumentation -------------------------------------------------------------------------

    def instrument_engine(self, engine: Any) -> None:
        """SQL spans for the engine (opentelemetry-instrumentation-sqlalchemy; its declared range stops
        below SQLAlchemy 2.1, which works, hence `skip_dep_check`)."""
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

        inst = SQLAlchemyInstrumentor()
        if inst.is_instrumented_by_opentelemetry:  # one process, one runtime; a test may replace it
            inst.uninstrument()
        inst.instrument(engine=engine, tracer_provider=self.provider, skip_dep_check=True)
        self._engines.append(engine)

    def instrument_app(self, app: Any) -> None:
        """A server span per HTTP request, except health checks, metrics and static files (their SQL
        then has no parent span and is dropped, see `_orphan_sql_dropped`)."""
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(app, tracer_provider=self.provider, excluded_urls=_EXCLUDED_URLS,
                                           exclude_spans=["receive", "send"])

    # -- lifecycle -------------------------------------------------------------------------------

    def force_flush(self, timeout_millis: int = 10_000) -> bool:
        return bool(self.provider.force_flush(timeout_millis))

    def shutdown(self) -> None:
        """Flush and stop exporting; undo the SQL instrumentation; stop being the active tracing."""
        global _active
        if self._closed:
            return
        self._closed = True
        if self._engines:
            from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

            inst = SQLAlchemyInstrumentor()
            if inst.is_instrumented_by_opentelemetry:
                inst.uninstrument()
            self._engines.clear()
        if _active is self:
            _active = None
        self.provider.shutdown()

    # -- spans of our own ------------------------------------------------------------------------

    @contextmanager
    def command_span(self, name: str, op: str, permission: str, tenant_id: Any, actor: str | None,
                     idempotent: bool) -> Iterator[Any]:
        attrs: dict[str, Any] = {"vextrus.command": op, "vextrus.permission": permission,
                                 "vextrus.idempotency_key": idempotent}
        if tenant_id is not None:
            attrs["vextrus.tenant_id"] = str(tenant_id)
        if actor:
            attrs["vextrus.actor"] = actor
        with self.tracer.start_as_current_span(name, attributes=attrs, record_exception=False,
                                               set_status_on_exception=False) as span:
            try:
                yield span
            except DomainError as exc:
                span.set_attribute("vextrus.error_code", exc.code)
                span.set_status(Status(StatusCode.ERROR, exc.code))
                raise
            except BaseException as exc:
                span.record_exception(exc)
                span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
                raise

    @contextmanager
    def handler_span(self, event_name: str, event_id: Any, handler: str, tenant_id: Any,
                     carrier: Mapping[str, str]) -> Iterator[Any]:
        parent = _propagator.extract(carrier) if carrier else Context()  # no trace context: a new trace
        attrs: dict[str, Any] = {"vextrus.event": event_name, "vextrus.event_id": str(event_id),
                                 "vextrus.handler": handler}
        if tenant_id is not None:
            attrs["vextrus.tenant_id"] = str(tenant_id)
        with self.tracer.start_as_current_span(f"handle {event_name}", context=parent, kind=SpanKind.CONSUMER,
                                               attributes=attrs) as span:
            yield span


def configure(settings: Any, *, exporter: Any = None) -> Tracing | None:
    """Build the tracing the settings ask for and make it the active one; None when `tracing=none`
    (then nothing of the SDK is even imported). `exporter` replaces the configured one (tests)."""
    global _active
    if settings.tracing == "none" and exporter is None:
        return None
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    service = settings.resolved_service_name()
    resource = Resource.create({
        "service.name": service,
        "service.version": _version(),
        "vextrus.deployment": "embedded" if settings.bus_url.startswith("memory://") else "scaled",
        "vextrus.modules": ",".join(settings.modules),
    })
    provider = TracerProvider(resource=resource, sampler=_orphan_sql_dropped())
    if exporter is None:
        if settings.tracing == "console":
            from opentelemetry.sdk.trace.export import ConsoleSpanExporter

            exporter = ConsoleSpanExporter(service_name=service)
        else:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            endpoint = settings.otlp_endpoint
            if not endpoint.endswith("/v1/traces"):
                endpoint += "/v1/traces"
            exporter = OTLPSpanExporter(endpoint=endpoint)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    if _active is not None:
        _active.shutdown()
    _active = Tracing(provider, service)
    return _active


def active() -> Tracing | None:
    """The active tracing, or None when tracing is off (the cheap check hot paths make)."""
    return _active


def _version() -> str:
    from vextrus import __version__

    return __version__


# -- events: the trace context travels with the event --------------------------------------------


def inject_into(payload: MutableMapping[str, Any]) -> None:
    """Store the current span's W3C trace context in an outbox payload (nothing when tracing is off or
    no span is active)."""
    if _active is None:
        return
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    if carrier:
        payload[TRACE_KEY] = carrier


def split_payload(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """An outbox payload without its trace context, and the trace context (empty when none)."""
    if TRACE_KEY not in payload:
        return payload, {}
    rest = {k: v for k, v in payload.items() if k != TRACE_KEY}
    carrier = payload[TRACE_KEY]
    return rest, ({str(k): str(v) for k, v in carrier.items()} if isinstance(carrier, dict) else {})


def handling(event_name: str, event_id: Any, handler: str, tenant_id: Any,
             carrier: Mapping[str, str]) -> AbstractContextManager[Any]:
    """A span `handle <event name>` continuing the emitting command's trace; a no-op when tracing is off."""
    if _active is None:
        return nullcontext()
    return _active.handler_span(event_name, event_id, handler, tenant_id, carrier)


def quiet() -> AbstractContextManager[Any]:
    """Suppress instrumentation (the relay's own bookkeeping SQL); a no-op when tracing is off."""
    if _active is None:
        return nullcontext()
    from opentelemetry.instrumentation.utils import suppress_instrumentation

    return suppress_instrumentation()


def _orphan_sql_dropped() -> Any:
    """The sampler: SQL (client spans) outside any request, command or handler is not traced (migrations
    at start-up, health probes, pollers: a trace per statement would bury the useful ones); everything else
    goes to the sampler OTEL_TRACES_SAMPLER names (default: parent-based, always on)."""
    from opentelemetry.sdk.trace import sampling

    try:
        delegate = sampling._get_from_env_or_default()
    except Exception:  # the helper is the SDK's own; should it move, keep every trace
        delegate = sampling.ParentBased(sampling.ALWAYS_ON)

    class OrphanSqlDropped(sampling.Sampler):
        def should_sample(self, parent_context: Any, trace_id: int, name: str, kind: Any = None,
                          attributes: Any = None, links: Any = None, trace_state: Any = None) -> Any:
            if kind == SpanKind.CLIENT and not trace.get_current_span(parent_context).get_span_context().is_valid:
                return sampling.SamplingResult(sampling.Decision.DROP)
            return delegate.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

        def get_description(self) -> str:
            return f"OrphanSqlDropped{{{delegate.get_description()}}}"

    return OrphanSqlDropped()


# -- logs ------------------------------------------------------------------------------------------


def add_trace_ids(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: `trace_id` and `span_id` of the current span, when there is one."""
    ctx = trace.get_current_span().get_span_context()
    if ctx.is_valid:
        event_dict.setdefault("trace_id", format(ctx.trace_id, "032x"))
        event_dict.setdefault("span_id", format(ctx.span_id, "016x"))
    return event_dict
