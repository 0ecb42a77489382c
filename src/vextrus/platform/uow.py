"""Unit of work: one transaction per command, with its events stored in the outbox.

    with unit_of_work() as uow:
        uow.session.add(thing)
        uow.emit(ThingCreated(...))

Nested calls join the outer unit of work, so a handler and the services it calls commit
together. After the outermost commit the relay is told there is something to deliver.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from pydantic import TypeAdapter
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from vextrus.platform import clock, context, runtime, tracing
from vextrus.platform.errors import Conflict, DomainError, ValidationFailed
from vextrus.platform.events import ORIGIN_KEY, Event
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.ids import new_id
from vextrus.platform.tables import IdempotencyRecord, OutboxEvent
from vextrus.platform.versioning import stale_version_from

_active: ContextVar[UnitOfWork | None] = ContextVar("vextrus_uow", default=None)


class UnitOfWork:
    def __init__(self, session: Session):
        self.session = session
        self.emitted = 0
        self.tenants: dict[Any, None] = {}  # whose events were emitted (None: the platform's), in order

    def emit(self, event: Event) -> None:
        ctx = context.current()
        payload = event.model_dump(mode="json")
        tracing.inject_into(payload)  # the handlers' spans continue this trace (nothing when tracing is off)
        origin = {k: str(v) for k, v in (("request_id", ctx.request_id), ("client", ctx.client_address),
                                          ("company", ctx.company_id)) if v and v != "-"}
        if origin:
            payload[ORIGIN_KEY] = origin  # the envelope's `origin` (request id, client address) for the audit trail
        self.session.add(OutboxEvent(
            id=new_id(), name=event.name, version=event.version, tenant_id=ctx.tenant_id,
            occurred_at=clock.now(), actor=ctx.recorded_actor[:120], payload=payload, attempts=0,  # "U via X"; the column holds 120
        ))
        self.emitted += 1
        self.tenants[ctx.tenant_id] = None

    def emit_many(self, events: Iterable[Event], chunk: int = 5000) -> None:
        """Many events of one command at once (a bulk import): the same outbox rows as `emit`, one
        after another, written by one INSERT (executemany) per `chunk` instead of an ORM object each."""
        table, conn = OutboxEvent.__table__, self.session.connection()
        batch: list[Event] = []
        for event in events:
            batch.append(event)
            if len(batch) == chunk:
                conn.execute(insert(table), self.outbox_rows(batch))
                batch = []
        if batch:
            conn.execute(insert(table), self.outbox_rows(batch))

    def outbox_rows(self, events: Iterable[Event]) -> list[dict[str, Any]]:
        """The outbox rows (`platform.outbox_event` columns) of events this command emits, for a caller that
        writes them itself in one of its own statements (e.g. with its compare-and-set: one round trip less):
        the rows `emit_many` writes, counted as emitted (the relay is told after the commit). The caller must
        write every row in this unit of work's transaction."""
        ctx = context.current()
        origin = {k: str(v) for k, v in (("request_id", ctx.request_id), ("client", ctx.client_address),
                                          ("company", ctx.company_id)) if v and v != "-"}
        actor = ctx.recorded_actor[:120]
        rows: list[dict[str, Any]] = []
        for event in events:
            payload = event.model_dump(mode="json")
            tracing.inject_into(payload)
            if origin:
                payload[ORIGIN_KEY] = origin
            rows.append({"id": new_id(), "name": event.name, "version": event.version, "tenant_id": ctx.tenant_id,
                         "occurred_at": clock.now(), "actor": actor, "payload": payload, "published_at": None,
                         "attempts": 0, "last_error": None})
        self.emitted += len(rows)
        if self.emitted:
            self.tenants[ctx.tenant_id] = None
        return rows


@contextmanager
def unit_of_work(*, separate: bool = False) -> Iterator[UnitOfWork]:
    """The current unit of work, or a new one (a transaction) when none is open. `separate=True`
    always opens a new one (the relay's delivery transaction), which calls inside it then join."""
    outer = _active.get()
    if outer is not None and not separate:
        yield outer
        return
    rt = runtime.current()
    session = rt.session_factory()
    uow = UnitOfWork(session)
    token = _active.set(uow)
    try:
        with session.begin():
            yield uow
    except StaleDataError as exc:  # a versioned row's compare-and-set matched nothing: rolled back, a 409
        raise stale_version_from(exc) from exc
    finally:
        _active.reset(token)
        session.close()
    if uow.emitted:
        rt.relay.notify(tenants=list(uow.tenants))


P = ParamSpec("P")
R = TypeVar("R")
BUSY_ATTEMPTS = 6  # SQLite write lock still taken after the busy timeout: run the transaction again
COMMANDS: list[Callable[..., Any]] = []  # every @command in the order imported (a test replays each one's result type)


def retry_when_busy(attempt: Callable[[], R]) -> R:
    """Run an outermost unit of work again when SQLite reports "database is locked" (several
    `serve --workers` processes share one file: the busy timeout serialises writers, and a
    transaction that still loses is rolled back whole, so running it again is safe). A nested
    call joins its caller's transaction and leaves the retry to the outermost one."""
    from vextrus.platform.db import is_sqlite_busy

    if _active.get() is not None:
        return attempt()
    for n in range(BUSY_ATTEMPTS):
        try:
            return attempt()
        except OperationalError as exc:
            if not is_sqlite_busy(exc) or n == BUSY_ATTEMPTS - 1:
                raise
            time.sleep(0.02 * 2**n * (1 + random.random()))  # back off; others finish their commits
    raise AssertionError("unreachable")  # pragma: no cover


def _request_hash(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    raw = json.dumps([args, kwargs], default=str, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


def command(permission: str, scope: str | None = None) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorate a service command: checks the permission, runs it in one unit of work, and makes
    it idempotent when the caller passes `idempotency_key=` (the first result is returned again;
    the same key with a different request is a conflict). The command receives the uow first.
    With tracing on, each call is a span named after the scope (else the permission)."""

    def deco(fn: Callable[..., R]) -> Callable[..., R]:
        op = scope or f"{fn.__module__}.{fn.__name__}"
        span_name = scope or permission
        result_type = _ResultType(fn)

        @wraps(fn)
        def wrapper(*args: Any, idempotency_key: str | None = None, **kwargs: Any) -> R:
            tracer = tracing.active()
            if tracer is None:  # tracing off: nothing more than this check
                return run(args, idempotency_key, kwargs)
            ctx = context.current()
            with tracer.command_span(span_name, op, permission, ctx.tenant_id, ctx.actor, bool(idempotency_key)):
                return run(args, idempotency_key, kwargs)

        def run(args: tuple[Any, ...], idempotency_key: str | None, kwargs: dict[str, Any]) -> R:
            ctx = context.current()
            ctx.require(permission)
            if not idempotency_key:
                return retry_when_busy(lambda: once(args, kwargs))
            return retry_when_busy(lambda: idempotent(args, idempotency_key, kwargs))

        def once(args: tuple[Any, ...], kwargs: dict[str, Any]) -> R:
            with context.checking(permission), unit_of_work() as uow:
                return fn(uow, *args, **kwargs)

        def idempotent(args: tuple[Any, ...], idempotency_key: str, kwargs: dict[str, Any]) -> R:
            ctx = context.current()
            check_idempotency_key(idempotency_key)
            if ctx.tenant_id is None:
                raise DomainError("tenant_missing", "Idempotent commands need a tenant",
                                  "আইডেমপোটেন্ট কমান্ডের জন্য টেন্যান্ট প্রয়োজন")
            digest = _request_hash(args, kwargs)
            for _attempt in range(2):
                try:
                    with context.checking(permission), unit_of_work() as uow:
                        hit = uow.session.get(IdempotencyRecord, (ctx.tenant_id, op, idempotency_key))
                        if hit is not None:
                            return _replay(hit, digest, result_type)
                        out = fn(uow, *args, **kwargs)
                        uow.session.add(IdempotencyRecord(
                            tenant_id=ctx.tenant_id, scope=op, key=idempotency_key,
                            request_hash=digest, response=result_type.dump(out),
                        ))
                        uow.session.flush()
                        return out
                except IntegrityError:
                    continue  # a concurrent request with the same key won: read its result
            raise Conflict("idempotency_race", "The same request is being processed; retry",
                           "একই অনুরোধ প্রক্রিয়াধীন; আবার চেষ্টা করুন")

        wrapper.__vextrus_command__ = op  # type: ignore[attr-defined]
        wrapper.__vextrus_result__ = result_type  # type: ignore[attr-defined]
        COMMANDS.append(wrapper)
        return wrapper

    return deco


def query(permission: str, scope: str | None = None) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorate a service query, the read twin of `@command`: checks the permission and runs the
    function in one unit of work (a consistent read; joins the caller's when nested). The query
    receives the uow first. With tracing on, each call is a span named after the scope (else the
    permission). Queries emit nothing and take no idempotency key."""

    def deco(fn: Callable[..., R]) -> Callable[..., R]:
        op = scope or f"{fn.__module__}.{fn.__name__}"
        span_name = scope or permission

        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> R:
            ctx = context.current()
            ctx.require(permission)
            tracer = tracing.active()
            if tracer is None:
                return retry_when_busy(lambda: once(args, kwargs))
            with tracer.command_span(span_name, op, permission, ctx.tenant_id, ctx.actor, False):
                return retry_when_busy(lambda: once(args, kwargs))

        def once(args: tuple[Any, ...], kwargs: dict[str, Any]) -> R:
            with context.checking(permission), unit_of_work() as uow:
                return fn(uow, *args, **kwargs)

        wrapper.__vextrus_query__ = op  # type: ignore[attr-defined]
        return wrapper

    return deco


MAX_IDEMPOTENCY_KEY = 200  # the length of IdempotencyRecord.key


def check_idempotency_key(key: str) -> None:
    """Refuse a key the idempotency table cannot hold (as a 422 naming the header, on both databases)."""
    if len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise ValidationFailed(
            "idempotency_key_invalid",
            f"The Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} printable characters",
            f"পুনরাবৃত্তি-রোধ চাবি (Idempotency-Key) ১ থেকে {to_bangla_digits(str(MAX_IDEMPOTENCY_KEY))}টি ছাপার যোগ্য অক্ষর হতে হবে", field="Idempotency-Key",
            details={"max_length": MAX_IDEMPOTENCY_KEY},
        )


class _ResultType:
    """The command's declared return type as a pydantic TypeAdapter: what a replayed result is validated
    into, so a repeated key gives back the same type as the first call (`X | None`, `list[X]`, `Decimal`…).
    The annotation is resolved at decoration (`typing.get_type_hints`); one naming a class defined later
    in its module (a forward reference) is resolved on first use instead (`resolved_at_decoration` says
    which). The adapter itself is built on first use, so importing a module stays cheap."""

    def __init__(self, fn: Callable[..., Any]):
        self.fn = fn
        self._adapter: TypeAdapter[Any] | None = None
        self._hint: Any = None
        self.resolved_at_decoration = False
        try:
            self._hint = self._resolve()
            self.resolved_at_decoration = True
        except NameError:
            pass

    def _resolve(self) -> Any:
        hint = typing.get_type_hints(self.fn).get("return", Any)
        return Any if hint is type(None) else hint

    @property
    def hint(self) -> Any:
        """The declared return type, resolved (None returns become Any: nothing to validate)."""
        if not self.resolved_at_decoration and self._hint is None:
            self._hint = self._resolve()
        return self._hint

    @property
    def adapter(self) -> TypeAdapter[Any]:
        if self._adapter is None:
            self._adapter = TypeAdapter(self.hint)
        return self._adapter

    def dump(self, out: Any) -> Any:
        return self.adapter.dump_python(out, mode="json")

    def load(self, stored: Any) -> Any:
        return self.adapter.validate_python(stored)


def _replay(hit: IdempotencyRecord, digest: str, result_type: _ResultType) -> Any:
    if hit.request_hash != digest:
        raise Conflict("idempotency_key_reused",
                       "This idempotency key was already used for a different request",
                       "এই আইডেমপোটেন্সি কী অন্য একটি অনুরোধে ব্যবহৃত হয়েছে", field="idempotency_key")
    return result_type.load(hit.response)


def already_handled(session: Session, handler: str, event_id: Any) -> bool:
    from vextrus.platform.tables import InboxEntry

    return session.execute(
        select(InboxEntry.event_id).where(InboxEntry.handler == handler, InboxEntry.event_id == event_id)
    ).first() is not None
