"""OpenTelemetry tracing, checked against a real OTLP/HTTP receiver started by the test.

With VEXTRUS_TRACING=otlp a request that runs a command gives one trace: the HTTP server span, the
command span (tenant, actor, idempotency key) and the SQL under it, the handlers of the command's events
(the trace context travels in the outbox row, and over NATS in the envelope), and log lines inside it
carry its trace id. With VEXTRUS_TRACING=none nothing of this happens: no provider, no spans.
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import structlog
from fastapi.testclient import TestClient
from opentelemetry import trace
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span
from opentelemetry.sdk.trace import TracerProvider as SdkTracerProvider
from sqlalchemy import select

from vextrus.app import create_app
from vextrus.platform import context, migrations, runtime, tracing
from vextrus.platform.events import Envelope, Event, Subscriptions
from vextrus.platform.ids import new_id
from vextrus.platform.relay import make_dispatch, to_envelope
from vextrus.platform.settings import load_settings
from vextrus.platform.tables import OutboxEvent
from vextrus.platform.telemetry import configure_logging
from vextrus.platform.uow import command

SETTING = "/api/v1/configuration/settings/general.weekend_days"


# ---- a real OTLP/HTTP receiver ------------------------------------------------------------------


class Received:
    """One span as the collector saw it, with its resource's attributes."""

    def __init__(self, span: Span, resource: dict[str, Any]):
        self.span, self.resource = span, resource
        self.name = span.name
        self.trace_id = span.trace_id.hex()
        self.span_id = span.span_id.hex()
        self.parent_id = span.parent_span_id.hex() or None
        self.attrs = _attrs(span.attributes)

    def __repr__(self) -> str:
        return f"<{self.name} {self.span_id} parent={self.parent_id}>"


def _attrs(kvs: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kv in kvs:
        v = kv.value
        out[kv.key] = getattr(v, v.WhichOneof("value")) if v.WhichOneof("value") else None
    return out


class OtlpReceiver:
    """`POST /v1/traces` with a protobuf ExportTraceServiceRequest, like a collector, Jaeger or Tempo."""

    def __init__(self) -> None:
        self.requests: list[ExportTraceServiceRequest] = []
        self.paths: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                receiver.paths.append(self.path)
                if self.path != "/v1/traces" or "protobuf" not in self.headers.get("Content-Type", ""):
                    self.send_response(404)
                    self.end_headers()
                    return
                req = ExportTraceServiceRequest()
                req.ParseFromString(body)
                receiver.requests.append(req)
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def spans(self) -> list[Received]:
        out = []
        for req in list(self.requests):
            for rs in req.resource_spans:
                resource = _attrs(rs.resource.attributes)
                for ss in rs.scope_spans:
                    out.extend(Received(s, resource) for s in ss.spans)
        return out

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[OtlpReceiver]:
    r = OtlpReceiver()
    yield r
    r.close()


@pytest.fixture
def traced(db, receiver):
    """Tracing on (VEXTRUS_TRACING=otlp, pointed at the receiver) for the test's runtime, off again after."""
    settings = load_settings(database_url=db.settings.database_url, data_dir=db.settings.data_dir,
                             secret_key="t" * 48, tracing="otlp", otlp_endpoint=receiver.url, log_format="json")
    tr = tracing.configure(settings)
    assert tr is not None
    tr.instrument_engine(db.engine)
    db.tracing = tr
    try:
        yield settings, tr
    finally:
        db.tracing = None
        tr.shutdown()
        configure_logging()


def _client(settings, admin) -> tuple[Any, list]:  # noqa: ANN001
    """The app as tests build it, plus one extra route that logs inside a request and then runs the
    configuration module's real command."""
    app = create_app(settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    seen: list[dict[str, Any]] = []

    @app.post("/api/v1/test/log-and-set")
    def log_and_set() -> dict[str, Any]:
        from vextrus.modules.configuration import service

        structlog.get_logger("vextrus.test").info("inside a request")
        span = trace.get_current_span()
        seen.append({"recording": span.is_recording(), "active": tracing.active()})
        service.set_setting("general.weekend_days", "Fri")
        return {}

    return app, seen


def _descends(span: Received, ancestor: Received, by_id: dict[str, Received]) -> bool:
    p = span.parent_id
    while p is not None:
        if p == ancestor.span_id:
            return True
        nxt = by_id.get(p)
        p = nxt.parent_id if nxt else None
    return False


def _one(spans: list[Received], pred) -> Received:  # noqa: ANN001
    found = [s for s in spans if pred(s)]
    assert len(found) == 1, found
    return found[0]


# ---- tracing on --------------------------------------------------------------------------------


def test_request_command_and_sql_are_one_trace_at_the_collector(db, admin, traced, receiver):
    settings, tr = traced
    assert not isinstance(trace.get_tracer_provider(), SdkTracerProvider)  # OTel's global stays untouched
    app, _seen = _client(settings, admin)
    with TestClient(app) as client:
        r = client.put(SETTING, json={"value": "Fri,Sat"}, headers={"Idempotency-Key": f"k{secrets.token_hex(4)}"})
        assert r.status_code == 200, r.text
        bad = client.put("/api/v1/configuration/settings/general.fiscal_year_start_month", json={"value": "thirteen"})
        assert bad.status_code == 422
        assert client.get("/health/ready").status_code == 200
        assert tr.force_flush()
    assert receiver.paths and set(receiver.paths) == {"/v1/traces"}
    spans = receiver.spans()
    by_id = {s.span_id: s for s in spans}

    cmd = _one(spans, lambda s: s.name == "configuration.set_setting" and s.attrs.get("vextrus.idempotency_key"))
    server = _one(spans, lambda s: s.span.kind == Span.SPAN_KIND_SERVER and s.trace_id == cmd.trace_id)
    assert server.name == "PUT /api/v1/configuration/settings/{key}" and server.parent_id is None
    assert _descends(cmd, server, by_id)
    assert server.resource["service.name"] == "vextrus"
    assert server.resource["service.version"] and server.resource["vextrus.deployment"] == "embedded"
    assert cmd.attrs["vextrus.tenant_id"] == str(admin.tenant_id)
    assert cmd.attrs["vextrus.actor"] == "admin@test" and cmd.attrs["vextrus.permission"]
    assert cmd.span.status.code == cmd.span.status.STATUS_CODE_UNSET

    sql = [s for s in spans if s.span.kind == Span.SPAN_KIND_CLIENT and s.trace_id == cmd.trace_id
           and _descends(s, cmd, by_id)]
    statements = " ".join(str(s.attrs.get("db.statement") or s.attrs.get("db.query.text") or s.name) for s in sql)
    assert "idempotency_record" in statements and "outbox_event (id, name" in statements, statements
    relay_sql = [s for s in spans if "outbox_event" in str(s.attrs.get("db.statement", ""))
                 and not str(s.attrs.get("db.statement")).startswith("INSERT")]
    assert not relay_sql  # the relay's polling and marking are bookkeeping, kept out of traces

    # A refused command: its span says error with the domain error's code.
    failed = _one(spans, lambda s: s.name == "configuration.set_setting" and not s.attrs.get("vextrus.idempotency_key"))
    assert failed.span.status.code == failed.span.status.STATUS_CODE_ERROR
    assert failed.span.status.message == "setting_invalid" and failed.attrs["vextrus.error_code"] == "setting_invalid"
    assert failed.trace_id != cmd.trace_id

    # Health checks, metrics and static files make no spans at all (neither HTTP nor their SQL).
    assert not [s for s in spans if "/health" in s.name or "/health" in str(s.attrs.get("http.target", ""))]
    assert all(s.parent_id is not None or s.span.kind == Span.SPAN_KIND_SERVER
               or s.name.startswith("handle ") for s in spans), [s for s in spans if s.parent_id is None]


def test_log_line_inside_a_request_carries_the_trace_id(db, admin, traced, receiver, capsys):
    settings, tr = traced
    app, seen = _client(settings, admin)
    with TestClient(app) as client:
        assert client.post("/api/v1/test/log-and-set").status_code == 200
        assert tr.force_flush()
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    inside = [d for d in lines if d.get("event") == "inside a request"]
    assert len(inside) == 1, lines
    line = inside[0]
    assert seen[0]["recording"] and seen[0]["active"] is tr
    spans = receiver.spans()
    server = _one(spans, lambda s: s.span.kind == Span.SPAN_KIND_SERVER and "/api/v1/test/log-and-set" in s.name)
    assert line["trace_id"] == server.trace_id and line["span_id"] == server.span_id
    assert line["request_id"]  # the request's other log context is still there
    cmd = _one(spans, lambda s: s.name == "configuration.set_setting" and s.trace_id == server.trace_id)
    assert cmd.parent_id == server.span_id


def test_event_handler_span_continues_the_command_trace(db, admin, traced, receiver):
    """In-process bus: the configuration command emits configuration.setting.changed; its handler runs in
    a span `handle configuration.setting.changed` whose parent is the command span, by the trace context
    the outbox row carried (not by the thread's context: the relay acts as itself)."""
    settings, tr = traced
    from vextrus.modules.configuration import service

    service.set_setting("general.weekend_days", "Sat")
    assert tr.force_flush()
    spans = receiver.spans()
    cmd = _one(spans, lambda s: s.name == "configuration.set_setting")
    handled = [s for s in spans if s.name == "handle configuration.setting.changed"]
    assert handled and all(h.trace_id == cmd.trace_id and h.parent_id == cmd.span_id for h in handled)
    assert handled[0].span.kind == Span.SPAN_KIND_CONSUMER
    assert handled[0].attrs["vextrus.tenant_id"] == str(admin.tenant_id) and handled[0].attrs["vextrus.handler"]

    # The trace context sits in the outbox row's JSON payload; handlers get the payload without it.
    with context.acting_as(admin), db.session_factory() as s:
        row = s.execute(select(OutboxEvent).where(OutboxEvent.tenant_id == admin.tenant_id,
                                                  OutboxEvent.name == "configuration.setting.changed")
                        .order_by(OutboxEvent.id.desc())).scalars().first()
    assert row.payload[tracing.TRACE_KEY]["traceparent"].startswith(f"00-{cmd.trace_id}-{cmd.span_id}-")
    env = to_envelope(row)
    assert tracing.TRACE_KEY not in env.payload and env.trace["traceparent"].startswith(f"00-{cmd.trace_id}-")
    assert Envelope.from_json(json.loads(json.dumps(env.to_json()))) == env  # and it survives the wire


# ---- tracing off -------------------------------------------------------------------------------


def test_tracing_off_takes_the_no_op_path(db, admin, receiver, capsys):
    settings = load_settings(database_url=db.settings.database_url, data_dir=db.settings.data_dir,
                             secret_key="t" * 48, otlp_endpoint=receiver.url, log_format="json")
    assert settings.tracing == "none"
    assert tracing.configure(settings) is None and tracing.active() is None and db.tracing is None
    try:
        app, seen = _client(settings, admin)
        assert not getattr(app, "_is_instrumented_by_opentelemetry", False)
        with TestClient(app) as client:
            assert client.post("/api/v1/test/log-and-set").status_code == 200
    finally:
        configure_logging()
    assert seen == [{"recording": False, "active": None}]
    assert not isinstance(trace.get_tracer_provider(), SdkTracerProvider)
    line = [json.loads(x) for x in capsys.readouterr().out.splitlines()
            if x.startswith("{") and "inside a request" in x][0]
    assert "trace_id" not in line and "span_id" not in line
    with context.acting_as(admin), db.session_factory() as s:
        payloads = s.execute(select(OutboxEvent.payload).where(OutboxEvent.tenant_id == admin.tenant_id)).scalars().all()
    assert payloads and not [p for p in payloads if tracing.TRACE_KEY in p]
    assert receiver.requests == []


# ---- across processes over NATS ------------------------------------------------------------------

NATS_URL = os.environ.get("VEXTRUS_TEST_NATS_URL", "nats://127.0.0.1:4222")


def _nats_reachable() -> bool:
    host, port = NATS_URL.removeprefix("nats://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


def test_trace_crosses_nats_to_the_consumer(receiver):
    """The relay publishes to NATS JetStream; the consumer's thread has no trace context of its own, so
    its `handle` span can only join the command's trace through the envelope."""
    if not _nats_reachable():
        if os.environ.get("VEXTRUS_TEST_REQUIRE_NATS") == "1":
            pytest.fail(f"NATS required but unavailable at {NATS_URL}")
        pytest.skip(f"NATS unavailable at {NATS_URL}")
    suffix = secrets.token_hex(4)

    class Shipped(Event):
        name = f"test.traced_{suffix}"
        n: int

    @command("test.ship", scope="test.ship")
    def ship(uow, n: int) -> None:  # noqa: ANN001
        uow.emit(Shipped(n=n))

    settings = load_settings(database_url=f"sqlite:///{Path(tempfile.mkdtemp()) / 'nats.db'}",
                             bus_url=NATS_URL, bus_stream=f"vxtest_{suffix}", data_dir=Path(tempfile.mkdtemp()),
                             secret_key="s" * 48, tracing="otlp", otlp_endpoint=receiver.url, modules="configuration")
    saved = runtime._current
    runtime._current = None
    rt = runtime.start(settings, consume=False)
    try:
        migrations.upgrade(rt.engine)
        handled: list[str | None] = []
        done = threading.Event()
        subs = Subscriptions()

        @subs.on(Shipped)
        def on_shipped(env: Envelope, uow) -> None:  # noqa: ANN001
            handled.append(threading.current_thread().name)
            done.set()

        rt.bus.start_consumers(subs.items, make_dispatch(rt.session_factory))
        tenant = new_id()
        ctx = context.RequestContext(tenant_id=tenant, user_id=new_id(), permissions=frozenset({"*"}),
                                     roles=frozenset({"owner"}), actor="shipper@test")
        with context.acting_as(ctx):
            ship(7)
        rt.relay.synchronous = False
        assert rt.relay.drain() == 1
        assert done.wait(20), "the consumer never got the event"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the handler's span ends just after the handler returns
            rt.tracing.force_flush()
            if any(s.name == f"handle {Shipped.name}" for s in receiver.spans()):
                break
            time.sleep(0.05)
    finally:
        rt.close()
        runtime._current = saved
    spans = receiver.spans()
    cmd = _one(spans, lambda s: s.name == "test.ship")
    handle = _one(spans, lambda s: s.name == f"handle {Shipped.name}")
    assert handle.trace_id == cmd.trace_id and handle.parent_id == cmd.span_id
    assert cmd.resource["service.name"] == "vextrus-configuration" and cmd.resource["vextrus.deployment"] == "scaled"
    assert tracing.active() is None  # closing the runtime shut its tracing down


# ---- settings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("env", "name"), [
    ({"VEXTRUS_TRACING": "jaeger"}, "VEXTRUS_TRACING"),
    ({"VEXTRUS_OTLP_ENDPOINT": "collector:4318"}, "VEXTRUS_OTLP_ENDPOINT"),
    ({"VEXTRUS_SERVICE_NAME": "two words"}, "VEXTRUS_SERVICE_NAME"),
])
def test_bad_tracing_setting_is_one_clear_line(tmp_path, env, name):
    import subprocess
    import sys

    full = {**os.environ, "VEXTRUS_DATA_DIR": str(tmp_path / "var"),
            "VEXTRUS_DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}", **env}
    r = subprocess.run([sys.executable, "-m", "vextrus.cli", "check"], capture_output=True, text=True,
                       env=full, cwd=tmp_path, timeout=120)
    assert r.returncode == 2 and name in r.stderr and "Traceback" not in r.stderr + r.stdout
    assert len(r.stderr.strip().splitlines()) == 1


def test_service_name_follows_the_served_modules():
    assert load_settings(modules="all", service_name=None).resolved_service_name() == "vextrus"
    assert load_settings(modules="finance", service_name=None).resolved_service_name() == "vextrus-finance"  # serve --modules finance
    assert load_settings(modules="finance", service_name="ledger").resolved_service_name() == "ledger"
    assert load_settings(otlp_endpoint="http://tempo:4318/").otlp_endpoint == "http://tempo:4318"
