"""Password links and changes: a reset or invitation link (stored hashed; the link travels only in the outbox
event), using it, changing one's own password, and the links still pending for an administrator to pass on."""

from __future__ import annotations

import hashlib
import secrets
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context, runtime, tenancy
from vextrus.platform.uow import UnitOfWork, unit_of_work

from .. import context_cache
from ..domain.errors import AuthError
from ..domain.lockout import normalize_identifier
from ..events import PasswordChanged, PasswordResetRequested
from ..schemas import LoginResult, PendingResetLink
from ..tables import PasswordReset, User
from . import lookups, passwords
from .sessions import (
    INVITE_TTL,
    RESET_TTL,
    _guard,
    _now,
    _reading,
    _start_session,
    _system,
    _tenant_of,
    _user_by_email,
    revoke_user_sessions,
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_reset(uow: UnitOfWork, u: User, purpose: str = "reset") -> None:
    """A one-time link, stored hashed; the link travels only inside the outbox event."""
    token = secrets.token_urlsafe(32)
    expires = _now() + (INVITE_TTL if purpose == "invite" else RESET_TTL)
    uow.session.add(PasswordReset(user_id=u.id, token_hash=_hash(token), expires_at=expires, tenant_id=u.tenant_id))
    base = (runtime.current().settings.base_url or "").rstrip("/")
    with context.acting_as(_system(u.tenant_id)):
        uow.emit(PasswordResetRequested(user_id=u.id, email=u.email, link=f"{base}/reset-password?token={token}",
                                        expires_at=expires.isoformat()))


def request_password_reset(email: str, address: str = "-") -> None:
    """Always succeeds (whether or not the account exists); rate-limited like sign-in."""
    with context.acting_as(_system(actor="anonymous")), unit_of_work() as uow:
        _guard(uow.session).check("reset:" + email, address)
        u = _user_by_email(uow.session, normalize_identifier(email))
        if u is not None and u.active:
            with tenancy.within_tenant(uow.session, u.tenant_id):
                issue_reset(uow, u)


def confirm_password_reset(token: str, new_password: str) -> None:
    """Read the link's user (read-only), hash the new password with no transaction open, then
    store it in a short write that checks the link again (used once, not expired)."""
    def valid_row(uow: UnitOfWork) -> PasswordReset:
        row = uow.session.execute(select(PasswordReset).where(PasswordReset.token_hash == _hash(token))
                                  ).scalar_one_or_none()
        if row is None or row.used_at is not None or _now() >= row.expires_at:
            raise AuthError.of("auth.reset_invalid", field="token")
        return row

    tid = _tenant_of("auth.tenant_of_password_reset", PasswordReset.token_hash, _hash(token))
    with _reading(), context.acting_as(_system(tid)), unit_of_work() as uow:
        row = valid_row(uow)
        u = uow.session.get(User, row.user_id)
        assert u is not None
        username, email = u.username, u.email
    with passwords.hashed_outside(new_password, username=username, email=email), \
            context.acting_as(_system(tid)), unit_of_work() as uow:
        row = valid_row(uow)
        u = uow.session.get(User, row.user_id)
        assert u is not None
        with context.acting_as(_system(u.tenant_id)):
            passwords.set_password(u, new_password)
            row.used_at = _now()
            revoke_user_sessions(uow, u.id, "password_changed")
            context_cache.emit(uow, PasswordChanged(user_id=u.id, by="reset_link"))


def change_own_password(current: str, new: str, *, address: str = "-", audience: str | None = None
                        ) -> LoginResult | None:
    """Verify the current password and hash the new one with no transaction open; the write
    then checks that the stored hash is still the one verified. Every session of the user ends;
    with `audience` (the password page) the device that changed it gets a new session back."""
    uid, tid = lookups.signed_in()
    with _reading(), unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        stored, username, email = u.password_hash, u.username, u.email
    if not passwords.hasher().verify(stored or "", current):
        raise AuthError.of("auth.invalid_credentials", field="current_password")
    with passwords.hashed_outside(new, username=username, email=email), unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        if u.password_hash != stored:  # changed meanwhile: the current password was not verified against it
            raise AuthError.of("auth.invalid_credentials", field="current_password")
        passwords.set_password(u, new)
        revoke_user_sessions(uow, uid, "password_changed")
        context_cache.emit(uow, PasswordChanged(user_id=uid, by="self"))
    return None if audience is None else _start_session(uid, tid, address, "password_change", audience)


def pending_reset_links(user_ids: list[UUID] | None = None) -> list[PendingResetLink]:
    """Reset and invitation links not used and not expired, newest first, for an administrator to
    pass on while no notification module delivers them (`auth.user.reset_password`). The link is
    read from its outbox event; the stored hash says whether it is still good."""
    from vextrus.platform.tables import OutboxEvent

    ctx = context.current()
    ctx.require("auth.user.reset_password")
    now = _now()
    with _reading(), unit_of_work() as uow:
        events = uow.session.execute(select(OutboxEvent.payload).where(
            OutboxEvent.name == PasswordResetRequested.name, OutboxEvent.tenant_id == ctx.tenant_id).order_by(OutboxEvent.occurred_at.desc())
            .limit(500)).scalars().all()
        by_hash = {_hash(str(p["link"]).rpartition("token=")[2]): p for p in events}
        rows = uow.session.execute(select(PasswordReset).where(
            PasswordReset.token_hash.in_(list(by_hash)), PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now)).scalars().all() if by_hash else []
        out = [PendingResetLink(user_id=r.user_id, email=by_hash[r.token_hash]["email"],
                                link=by_hash[r.token_hash]["link"], expires_at=r.expires_at) for r in rows]
    wanted = None if user_ids is None else set(user_ids)
    return sorted((x for x in out if wanted is None or x.user_id in wanted), key=lambda x: x.expires_at, reverse=True)


