"""In-process cache of the per-session acting context, so an authenticated request costs a
JWT verify and a dictionary lookup instead of four database reads. It also holds a user's grants
with their amount limits (`amount_limit`, e.g. at each approval decision), indexed by that user and
dropped by the same events.

Correctness comes from invalidation, not from the TTL: every auth change that can alter a
context (logout/revoke, deactivation, role or assignment changes, MFA policy) invalidates
the affected entries right after its commit in the process that made it (`after_commit`),
and in every other process through a non-durable event handler (`handlers.py`). The short
TTL only bounds the damage if an invalidation message is lost between processes.

A generation counter closes the race where a request reads the database just before an
invalidation and stores its (now stale) result just after it: a result is stored only if
no invalidation happened while it was being built.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

DEFAULT_TTL_SECONDS = 30.0
DEFAULT_MAX_ENTRIES = 20_000


@dataclass(frozen=True)
class _Entry:
    value: Any
    user_id: UUID
    tenant_id: UUID
    session_id: UUID
    expires: float


class ContextCache:
    """A bounded LRU of contexts keyed by (session id, requested company), or by an API
    key's hash, indexed by session (an API key's id stands in for it), user (a key's owner)
    and tenant for invalidation. Thread-safe; all operations are O(1) except
    invalidating a whole tenant."""

    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS, max_entries: int = DEFAULT_MAX_ENTRIES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.max_entries, self._clock = ttl, max_entries, clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._generation = 0
        self.hits = self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def generation(self) -> int:
        """Take before reading the database; pass to `put`."""
        return self._generation

    def get(self, key: Hashable) -> Any | None:
        entry = self._entries.get(key)  # dict reads are atomic; no lock on the hot path
        if entry is None or entry.expires <= self._clock():
            self.misses += 1
            return None
        self.hits += 1
        return entry.value

    def put(self, key: Hashable, value: Any, *, user_id: UUID, tenant_id: UUID, session_id: UUID,
            generation: int) -> bool:
        """Store unless an invalidation happened since `generation` was taken; returns stored."""
        if not self.enabled:
            return False
        with self._lock:
            if generation != self._generation:
                return False
            self._entries[key] = _Entry(value, user_id, tenant_id, session_id, self._clock() + self.ttl)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
            return True

    def _drop(self, match: Callable[[_Entry], bool]) -> int:
        with self._lock:
            self._generation += 1
            doomed = [k for k, e in self._entries.items() if match(e)]
            for k in doomed:
                del self._entries[k]
            return len(doomed)

    def invalidate_session(self, session_id: UUID) -> int:
        return self._drop(lambda e: e.session_id == session_id)

    def invalidate_user(self, user_id: UUID) -> int:
        return self._drop(lambda e: e.user_id == user_id)

    def invalidate_tenant(self, tenant_id: UUID) -> int:
        return self._drop(lambda e: e.tenant_id == tenant_id)

    def clear(self) -> None:
        self._drop(lambda _e: True)

    def __len__(self) -> int:
        return len(self._entries)


def _ttl_from_env() -> float:
    """`VEXTRUS_AUTH_CONTEXT_CACHE_SECONDS` (default 30; 0 turns the cache off, e.g. for a
    deployment that wants cross-process revocation without relying on the bus)."""
    raw = os.environ.get("VEXTRUS_AUTH_CONTEXT_CACHE_SECONDS")
    try:
        return DEFAULT_TTL_SECONDS if raw is None else max(0.0, float(raw))
    except ValueError:
        return DEFAULT_TTL_SECONDS


CACHE = ContextCache(ttl=_ttl_from_env())


# ---- what each auth event invalidates -------------------------------------------------------

USER_EVENTS = frozenset({"auth.user.updated", "auth.password.changed", "auth.mfa.changed", "auth.role.assigned",
                         "auth.role.unassigned", "organization.member.removed"})
TENANT_EVENTS = frozenset({"auth.role.changed", "auth.mfa_policy.changed"})
SESSION_EVENTS = frozenset({"auth.session.revoked"})
KEY_EVENTS = frozenset({"auth.api_key.revoked"})  # an API key's entry is indexed by its key id as the "session"
INVALIDATING_EVENTS = USER_EVENTS | TENANT_EVENTS | SESSION_EVENTS | KEY_EVENTS
CHANGED_HERE = "vextrus_auth_changed"  # session.info: this transaction emitted one of the events above


def apply(name: str, payload: dict[str, Any], tenant_id: UUID | None, cache: ContextCache | None = None) -> int:
    """Drop what the event `name` may have made stale; returns how many entries went.
    Idempotent, so the local after-commit call and the bus delivery may both run."""
    c = cache or CACHE
    if name in SESSION_EVENTS:
        sid = payload.get("session_id")
        return c.invalidate_session(_uuid(sid)) if sid else c.invalidate_user(_uuid(payload["user_id"]))
    if name in KEY_EVENTS:
        return c.invalidate_session(_uuid(payload["key_id"]))
    if name in USER_EVENTS:
        return c.invalidate_user(_uuid(payload["user_id"]))
    if name in TENANT_EVENTS:
        if tenant_id is None:
            c.clear()
            return 0
        return c.invalidate_tenant(tenant_id)
    return 0


def _uuid(v: Any) -> UUID:
    return v if isinstance(v, UUID) else UUID(str(v))


def emit(uow: Any, event: Any) -> None:
    """`uow.emit(event)`, and invalidate this process's cache right after the commit (the bus
    may deliver later, or through a broker): the next request here sees the change."""
    from sqlalchemy import event as sa_event

    from vextrus.platform import context

    uow.emit(event)
    if event.name not in INVALIDATING_EVENTS:
        return
    uow.session.info[CHANGED_HERE] = True  # this transaction's own reads of grants are not cached (rollback)
    payload, tenant_id = event.model_dump(mode="json"), context.current().tenant_id
    sa_event.listen(uow.session, "after_commit", lambda _s: apply(event.name, payload, tenant_id), once=True)
