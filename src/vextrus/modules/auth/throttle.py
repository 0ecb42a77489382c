"""The sign-in throttling counters (rules in `domain/throttle.py`), kept in `auth_signin_throttle`
so they survive restarts and every worker sees the same ones.

Reading (`refusal`) needs no write; a failure updates both counters of the attempt under a
row lock (`INSERT … ON CONFLICT DO NOTHING`, then `SELECT … FOR UPDATE` on PostgreSQL; SQLite
serialises writers), so concurrent failures are all counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .domain.errors import AuthError
from .domain.throttle import Counter, ThrottlePolicy, address_failed, pair_failed, throttled, wait_left
from .tables import SignInThrottle

POLICY = ThrottlePolicy()


def use_policy(policy: ThrottlePolicy | None) -> None:
    """Replace the policy (None: the default); for tests and benchmarks."""
    global POLICY
    POLICY = policy or ThrottlePolicy()


def pair_key(identifier: str, address: str) -> str:
    return f"pair:{identifier[:200]}|{address[:100]}"


def address_key(address: str) -> str:
    return f"addr:{address[:100]}"


def _counter(row: SignInThrottle | None) -> Counter:
    if row is None:
        return Counter()
    return Counter(row.failures, row.window_start, row.last_failure_at, row.blocked_until)


def refusal(session: Session, identifier: str, address: str, now: datetime) -> AuthError | None:
    """`auth.throttled` with the time left when this attempt must wait (the address lock
    first), else None. Reads only."""
    keys = {pair_key(identifier, address): "account", address_key(address): "address"}
    rows = session.execute(select(SignInThrottle).where(SignInThrottle.key.in_(list(keys)))
                           .execution_options(populate_existing=True)).scalars()
    waits = sorted(((wait_left(_counter(r), now), keys[r.key]) for r in rows), reverse=True)
    if waits and waits[0][0]:
        return throttled(*waits[0])
    return None


def _locked_row(session: Session, key: str, identifier: str | None, address: str) -> SignInThrottle:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(SignInThrottle).values(key=key, identifier=identifier, address=address[:100], failures=0)
                    .on_conflict_do_nothing(index_elements=["key"]))
    return session.execute(select(SignInThrottle).where(SignInThrottle.key == key).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one()


def _store(row: SignInThrottle, c: Counter) -> None:
    row.failures, row.window_start = c.failures, c.window_start
    row.last_failure_at, row.blocked_until = c.last_failure_at, c.blocked_until


@dataclass(frozen=True)
class Outcome:
    pair: Counter
    address: Counter


def record_failure(session: Session, identifier: str, address: str, now: datetime) -> Outcome:
    """Count a failed attempt of `identifier` from `address` (both counters)."""
    pair = _locked_row(session, pair_key(identifier, address), identifier[:200], address)
    addr = _locked_row(session, address_key(address), None, address)
    p, a = pair_failed(_counter(pair), now, POLICY), address_failed(_counter(addr), now, POLICY)
    _store(pair, p)
    _store(addr, a)
    session.flush()
    return Outcome(p, a)


def record_success(session: Session, identifier: str, address: str) -> None:
    """A complete sign-in clears its pair (the address counter keeps counting its window)."""
    session.execute(delete(SignInThrottle).where(SignInThrottle.key == pair_key(identifier, address)))


def unlock_identifier(session: Session, identifier: str) -> int:
    """Clear every pair of an account (from any address); returns how many were throttled."""
    rows = list(session.execute(select(SignInThrottle).where(SignInThrottle.identifier == identifier[:200]))
                .scalars())
    for r in rows:
        session.delete(r)
    session.flush()
    return sum(1 for r in rows if r.failures >= POLICY.free_failures)


def unlock_address(session: Session, address: str) -> int:
    """Clear an address's own lock and the pairs from it (the operator's tool: addresses are
    shared by every tenant)."""
    done = session.execute(delete(SignInThrottle).where(SignInThrottle.address == address[:100]))
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


def unlock_address_for_operator(address: str) -> int:
    """`vextrus users unlock-address`: the trusted system only (an address is shared by every
    tenant, so no tenant's administrator may clear it)."""
    from vextrus.platform import context
    from vextrus.platform.errors import PermissionDenied
    from vextrus.platform.uow import unit_of_work

    if not context.current().system:
        raise PermissionDenied("auth.system")
    with unit_of_work() as uow:
        return unlock_address(uow.session, address)


def throttled_identifiers(session: Session, identifiers: list[str], now: datetime) -> dict[str, datetime | None]:
    """Of these identifiers, those being slowed down (failures past the free ones, from some
    address), with until when the latest pair waits (None when the wait is over but the next
    failure will wait again)."""
    out: dict[str, datetime | None] = {}
    if not identifiers:
        return out
    rows = session.execute(select(SignInThrottle).where(
        SignInThrottle.identifier.in_([i[:200] for i in identifiers]),
        SignInThrottle.failures >= POLICY.free_failures)).scalars()
    for r in rows:
        until = r.blocked_until if r.blocked_until is not None and r.blocked_until > now else None
        prev = out.get(r.identifier or "")
        out[r.identifier or ""] = max((t for t in (prev, until) if t is not None), default=None)
    return out
