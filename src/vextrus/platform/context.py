"""Who is acting, for which tenant, in which language: carried per request/job in a contextvar.

Services read it to check permissions (`require`) and the database session reads it to
filter rows to the current tenant.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Protocol
from uuid import UUID

from vextrus.platform.errors import NotFound, OutOfScope, PermissionDenied, Unauthenticated


@lru_cache(maxsize=16384)
def permission_matches(granted: str, wanted: str) -> bool:
    """`finance.*` grants `finance.journal.post`; `*` grants everything; `*.*.read` grants any read. Cached: a
    request checks the same few pairs again and again (an approval decision ~47 times), ~10 µs each uncached."""
    if granted == "*" or granted == wanted:
        return True
    g, w = granted.split("."), wanted.split(".")
    if g[-1] == "*" and len(g) <= len(w) and all(a in ("*", b) for a, b in zip(g[:-1], w, strict=False)):
        return True
    return len(g) == len(w) and all(a in ("*", b) for a, b in zip(g, w, strict=True))


@dataclass(frozen=True)
class RequestContext:
    tenant_id: UUID | None
    user_id: UUID | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    locale: str = "en"
    request_id: str = "-"
    client_address: str | None = None  # the HTTP client's address (recorded with events, for the audit trail)
    actor: str = "system"
    system: bool = False  # trusted internal work (migrations, relay, demo loader)
    company_id: UUID | None = None  # the company the user acts within (set by auth; None = none chosen)
    via: str | None = None  # the module calling another module's api on this user's behalf (`calling_as`)
    via_grants: frozenset[str] = field(default_factory=frozenset)  # what `via` declares in its manifest's `uses`
    # Patterns of `permissions` the user holds only through assignments scoped to projects (or cost centres), with
    # the ids they are scoped to: `permissions` lets them in coarsely, `reach` says which projects they reach.
    scoped: tuple[tuple[str, frozenset[UUID]], ...] = ()

    def can(self, permission: str) -> bool:
        """The user holds `permission`, or the module calling on their behalf declares it in `uses`
        (only within a tenant: a module never lends its declaration to an anonymous request, which
        has no tenant; every signed-in context has one)."""
        if self.system or any(permission_matches(g, permission) for g in self.permissions):
            return True
        return self.tenant_id is not None and any(permission_matches(g, permission) for g in self.via_grants)

    def reach(self, permission: str) -> frozenset[UUID] | None:
        """The projects (or cost centres) `permission` reaches: None for all of them (a grant not scoped, system
        work, a module calling on the user's behalf), else the ids of the assignments it comes from."""
        if self.system or self.via or not self.scoped:
            return None
        limited = dict(self.scoped)
        ids: set[UUID] = set()
        for g in self.permissions:
            if permission_matches(g, permission):
                if g not in limited:
                    return None
                ids |= limited[g]
        return frozenset(ids)

    @property
    def recorded_actor(self) -> str:
        """Who events and the outbox name: the user, and the module acting for them ("U via X")."""
        return f"{self.actor} via {self.via}" if self.via else self.actor

    def require(self, permission: str) -> None:
        if self.tenant_id is None and not self.system:
            raise Unauthenticated()
        if not self.can(permission):
            raise PermissionDenied(permission)

    def with_tenant(self, tenant_id: UUID) -> RequestContext:
        return replace(self, tenant_id=tenant_id)

    def require_tenant(self) -> UUID:
        """The tenant this work is for; a clear 422 when none is chosen (instead of a query that
        silently finds nothing or writes a row that belongs to no one)."""
        if self.tenant_id is None:
            from vextrus.platform.errors import ValidationFailed

            raise ValidationFailed("tenant_missing", "No company is selected", "কোনো কোম্পানি নির্বাচিত নেই")
        return self.tenant_id


ANONYMOUS = RequestContext(tenant_id=None, actor="anonymous")
_current: ContextVar[RequestContext] = ContextVar("vextrus_context", default=ANONYMOUS)


def current() -> RequestContext:
    return _current.get()


def require_tenant() -> UUID:
    """The current tenant, or `tenant_missing` (422)."""
    return _current.get().require_tenant()


@contextmanager
def acting_as(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def company_scope() -> UUID | None:
    """The company whose rows the current request may reach, or None when it reaches every company
    of the tenant: system work, and a context without an active company (auth gives such a context
    no permissions, so only trusted code and tests act that way)."""
    ctx = _current.get()
    return None if ctx.system else ctx.company_id


_checked: ContextVar[str | None] = ContextVar("vextrus_checked_permission", default=None)


@contextmanager
def checking(permission: str) -> Iterator[None]:
    """The permission the running command or query was let in by (`uow.command`/`uow.query` set it), so the
    place that loads a project can ask whether that permission reaches this project (`require_scope`)."""
    token = _checked.set(permission)
    try:
        yield
    finally:
        _checked.reset(token)


def scope_reach() -> frozenset[UUID] | None:
    """The projects the running command's permission reaches (None: all of the company's); for lists."""
    permission = _checked.get()
    return None if permission is None else _current.get().reach(permission)


def require_scope(scope_id: UUID, what: str, key: object, field: str | None = None) -> None:
    """Refuse a row of a project the user's role is not assigned to, with `NotFound` as for another company's
    row: a role assigned for project P1 lets its holder work on P1 only (docs/auth.md, "Scoped roles")."""
    reach = scope_reach()
    if reach is not None and scope_id not in reach:
        raise NotFound(what, key, field=field)


def reaches(scope_id: UUID | None) -> bool:
    """Whether the running command's permission reaches a row of project `scope_id`; a row of no project (a
    central store, a requisition naming none) is the whole company's, reached only by a grant not scoped."""
    reach = scope_reach()
    return reach is None or (scope_id is not None and scope_id in reach)


def require_scope_to_create(scope_id: UUID | None, field: str) -> None:
    """Refuse creating (or moving stock) for a project the user's role is not assigned to with `OutOfScope`
    (403, naming `field`): unlike a load, the user chose the project, so they are told why."""
    if not reaches(scope_id):
        raise OutOfScope(field, scope_id if scope_id is not None else "-")


def require_company(company_id: UUID | None, what: str, key: object, field: str | None = None) -> None:
    """Refuse a row of another company than the active one (and a row of no company) with
    `NotFound`, so a user of one company cannot even learn that another company's row exists.
    Company scoping is the inner wall (tenant isolation the outer one): each module calls this in
    the one place it loads a company-owned row (a book, a project)."""
    scope = company_scope()
    if scope is not None and company_id != scope:
        raise NotFound(what, key, field=field)


def system_context(tenant_id: UUID | None = None, actor: str = "system") -> RequestContext:
    return RequestContext(tenant_id=tenant_id, permissions=frozenset({"*"}), actor=actor, system=True)


class Caller(Protocol):
    """What `calling_as` reads of a module's manifest (`vextrus.platform.modules.Module`)."""

    @property
    def name(self) -> str: ...

    @property
    def uses(self) -> tuple[str, ...]: ...

    @property
    def permissions(self) -> tuple[object, ...]: ...


@contextmanager
def calling_as(module: Caller) -> Iterator[RequestContext]:
    """Call other modules' `api` as `module` on behalf of the current user (docs/modules.md,
    "Calling another module"): a permission is allowed when the user holds it or `module` declares
    it in its manifest's `uses`; the user stays the actor, and events record "user via module".

        from . import MODULE
        with context.calling_as(MODULE):
            master_data.register_reference("party", pid, "finance", doc)

    Explicit by design: the calling module names itself (its own manifest); nothing is guessed
    from the call stack. System work stays system (it may do everything anyway).

    Nested calls keep the outer module's grants: procurement (which `uses` documents.document.create)
    asks documents for a letter, documents stores it calling files as itself, and files checks the
    owner's `documents.document.create` again; that check is still procurement's call."""
    ctx = _current.get()
    grants = frozenset(module.uses) | (ctx.via_grants if ctx.via else frozenset())
    with acting_as(replace(ctx, via=module.name, via_grants=grants)) as inner:
        yield inner


class _EventLike(Protocol):
    @property
    def tenant_id(self) -> UUID | None: ...

    @property
    def actor(self) -> str: ...


@contextmanager
def reacting_as(module: Caller, event: _EventLike) -> Iterator[RequestContext]:
    """A handler of `module` reacting to another module's event: acts in the event's tenant as the
    module itself on behalf of whoever caused the event. It holds the module's own permissions and
    those it declares in `uses`, nothing else (not the system's "everything"); events it emits name
    "<the event's actor> via <module>"."""
    own = frozenset(getattr(p, "code", str(p)) for p in module.permissions)
    ctx = RequestContext(tenant_id=event.tenant_id, permissions=own | frozenset(module.uses), actor=event.actor,
                         via=module.name)
    with acting_as(ctx) as inner:
        yield inner
