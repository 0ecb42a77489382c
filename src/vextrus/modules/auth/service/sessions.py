"""Sign-in and sessions: passwords, access tokens, rotating refresh tokens, TOTP, password
reset links and API keys, stored through the auth tables."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from uuid import UUID

from sqlalchemy import or_, select, update

from vextrus.platform import clock, context, runtime, tenancy
from vextrus.platform.context import RequestContext
from vextrus.platform.db import reads_only
from vextrus.platform.errors import NotFound, PermissionDenied, Unauthenticated
from vextrus.platform.ids import new_id
from vextrus.platform.uow import UnitOfWork, command, unit_of_work

from .. import context_cache, hashing, throttle
from ..domain import apikeys, secretbox, totp
from ..domain.errors import AuthError
from ..domain.lockout import LoginGuard, normalize_identifier
from ..domain.login import Credential, check_password
from ..domain.permissions import Grant, PermissionSet
from ..domain.refresh import RefreshTokens, hash_refresh_token
from ..domain.tokens import AccessTokens, TokenConfig
from ..events import (
    AccountLocked,
    ApiKeyCreated,
    ApiKeyRevoked,
    ApiKeyUsed,
    LoginFailed,
    LoginSucceeded,
    MfaChanged,
    PasswordChanged,
    PasswordResetRequested,
    SessionRevoked,
)
from ..repository import DbAttemptStore, DbRefreshStore
from ..schemas import ApiKeyView, Enrolment, LoginResult, NewApiKeyView, PendingResetLink
from ..tables import (
    ApiKey,
    PasswordReset,
    RecoveryCodeRow,
    RefreshFamilyRow,
    RefreshTokenRow,
    TotpState,
    User,
)
from . import lookups, passwords, permissions

API_AUDIENCE = "vextrus-api"
WEB_AUDIENCE = "vextrus-web"  # the browser session cookie; refused as a bearer token
MFA_AUDIENCE = "vextrus-mfa"  # the 5-minute ticket between password and second factor
WEB_SESSION_TTL = timedelta(hours=8)
RESET_TTL = timedelta(hours=1)
INVITE_TTL = timedelta(days=3)


def _now() -> datetime:
    return clock.now()


@lru_cache(maxsize=8)
def _tokens(secret: str, audience: str) -> AccessTokens:
    ttl = {API_AUDIENCE: timedelta(minutes=15), WEB_AUDIENCE: WEB_SESSION_TTL, MFA_AUDIENCE: timedelta(minutes=5)}
    return AccessTokens(TokenConfig(secret=secret, audience=audience, access_ttl=ttl[audience]), clock=_now)


def tokens(audience: str = API_AUDIENCE) -> AccessTokens:
    return _tokens(runtime.current().settings.resolved_secret_key(), audience)


@lru_cache(maxsize=4)
def _box(secret: str, previous: str) -> secretbox.SecretBox:
    return secretbox.SecretBox(secret, tuple(p.strip() for p in previous.split(",") if p.strip()))


def box() -> secretbox.SecretBox:
    """Seals TOTP seeds under the app secret; `VEXTRUS_AUTH_PREVIOUS_SECRET_KEYS` (comma-separated)
    lists secrets rotated out, whose seeds still open and are resealed on their next use."""
    return _box(runtime.current().settings.resolved_secret_key(),
                os.environ.get("VEXTRUS_AUTH_PREVIOUS_SECRET_KEYS", ""))


def totp_seed(state: TotpState) -> str:
    """The plain seed of a stored TOTP state; a legacy plaintext or old-key value is resealed
    in place (the caller's unit of work stores it): lazy migration."""
    opened = box().open(state.secret)
    if opened.reseal:
        state.secret = box().seal(opened.plain)
    return opened.plain


@dataclass(frozen=True)
class SealReport:
    sealed: int  # plaintext seeds, now sealed
    resealed: int  # sealed under a previous app secret, now under the current one
    current: int  # already sealed under the current secret: untouched
    unreadable: int  # sealed under a secret not configured: left as they are


def seal_stored_totp_seeds() -> SealReport:
    """The one-off migration behind `vextrus users encrypt-totp-secrets`: seal every TOTP
    seed still stored in plaintext (and reseal those under a rotated-out secret) now, instead
    of on each user's next sign-in. Idempotent: a second run finds everything current. The
    trusted system only (every tenant, or the one acted for)."""
    ctx = context.current()
    if not ctx.system:
        raise PermissionDenied("auth.system")
    counts = {"sealed": 0, "resealed": 0, "current": 0, "unreadable": 0}
    if ctx.tenant_id is None:  # every tenant: one at a time (row-level security knows no "all")
        with runtime.current().session_factory() as s:
            tenants = tenancy.tenants_of(s)
        for tid in tenants:
            with context.acting_as(context.system_context(tid, actor=ctx.actor)):
                report = seal_stored_totp_seeds()
            for k in counts:
                counts[k] += getattr(report, k)
        return SealReport(**counts)
    with unit_of_work() as uow:
        for state in uow.session.execute(select(TotpState).order_by(TotpState.user_id)).scalars():
            try:
                opened = box().open(state.secret)
            except AuthError:
                counts["unreadable"] += 1
                continue
            if not opened.reseal:
                counts["current"] += 1
                continue
            counts["resealed" if state.secret.startswith(secretbox.PREFIX) else "sealed"] += 1
            state.secret = box().seal(opened.plain)
    return SealReport(**counts)


def _system(tenant_id: UUID | None = None, actor: str = "auth") -> RequestContext:
    return context.system_context(tenant_id, actor=actor)


# ---- sign-in -------------------------------------------------------------------------------


def _user_by_email(session, email: str) -> User | None:  # noqa: ANN001
    """The account of a sign-in email, before the tenant is known: its tenant first (the one thing
    looked up across tenants, `auth.tenant_of_email`), then the row within that tenant."""
    tid = tenancy.find_tenant(session, "auth.tenant_of_email", User.email, email)
    if tid is None:
        return None
    with tenancy.within_tenant(session, tid):
        return session.execute(select(User).where(User.email == email, User.tenant_id == tid)).scalar_one_or_none()


def _tenant_of(function: str, column, key: str) -> UUID | None:  # noqa: ANN001
    """The tenant of a token (refresh token, reset link), in a short transaction of its own."""
    with context.acting_as(_system(actor="anonymous")), runtime.current().session_factory() as s:
        return tenancy.find_tenant(s, function, column, key)


def _lookup(session):  # noqa: ANN001, ANN202
    def lookup(identifier: str) -> Credential | None:
        u = _user_by_email(session, identifier)
        if u is None:
            return None
        return Credential(str(u.id), str(u.tenant_id), u.password_hash, u.active, u.mfa_enabled)
    return lookup


def _guard(session) -> LoginGuard:  # noqa: ANN001
    """The sliding-window limiter of password reset requests (sign-in uses `throttle`)."""
    return LoginGuard(DbAttemptStore(session), clock=_now)


@contextmanager
def _reading() -> Iterator[None]:
    """A read-only transaction: on SQLite it begins deferred, beside writers (WAL)."""
    token = reads_only.set(True)
    try:
        yield
    finally:
        reads_only.reset(token)


def _refusal(ident: str, address: str) -> AuthError | None:
    with _reading(), context.acting_as(_system(actor="anonymous")), unit_of_work() as uow:
        return throttle.refusal(uow.session, ident, address, _now())


def _record_failure(ident: str, address: str, reason: str, tenant_id: UUID | None = None) -> None:
    """One short write: both throttling counters, `auth.login.failed` (and `auth.login.locked`
    when the attempt makes the pair or the address wait)."""
    with context.acting_as(_system(tenant_id, actor="anonymous")), unit_of_work() as uow:
        _count_failure(uow, ident, address, reason)


def _count_failure(uow: UnitOfWork, ident: str, address: str, reason: str) -> None:
    now = _now()
    out = throttle.record_failure(uow.session, ident, address, now)
    uow.emit(LoginFailed(identifier=ident[:200], address=address, reason=reason))
    until = max((c.blocked_until for c in (out.pair, out.address) if c.blocked_until and c.blocked_until > now),
                default=None)
    if until is not None:
        uow.emit(AccountLocked(identifier=ident[:200], address=address, locked_until=until.isoformat()))


def login(email: str, password: str, address: str = "-", *, totp_code: str | None = None,
          recovery_code: str | None = None, audience: str = API_AUDIENCE) -> LoginResult:
    """Password step (and the second factor when given). One generic error for every failure.

    No transaction is open while argon2 runs: (1) a read-only transaction looks at the
    throttling counters and the account; (2) the password is verified in a slot of the hash
    gate (bounded memory), after looking at the counters again, since attempts waiting for a
    slot may have failed meanwhile; (3) a short write records the outcome (a failure while the
    slot is still held, so the next attempt of the same pair sees it)."""
    ident = normalize_identifier(email)
    with _reading(), context.acting_as(_system(actor="anonymous")), unit_of_work() as uow:
        refused = throttle.refusal(uow.session, ident, address, _now())
        cred = None if refused else _lookup(uow.session)(ident)
    if refused is not None:
        raise refused  # refused before any hashing; not counted again
    raw = passwords.hasher().inner
    new_hash: str | None = None
    with hashing.gate().slot():
        refused = _refusal(ident, address)
        if refused is not None:
            raise refused
        try:
            check = check_password(cred, password, raw)
        except AuthError as exc:
            _record_failure(ident, address, exc.code)
            raise
        if check.needs_rehash:
            new_hash = raw.hash(password)
    if check.mfa_required:
        if new_hash is not None:
            _store_hash(UUID(check.credential.user_id), UUID(check.credential.tenant_id), new_hash)
        ticket = tokens(MFA_AUDIENCE).issue(user_id=check.credential.user_id, tenant_id=check.credential.tenant_id,
                                            session_id="mfa").token
        if not totp_code and not recovery_code:
            return LoginResult(mfa_required=True, mfa_token=ticket)
        return complete_mfa(ticket, totp_code, recovery_code, address, audience=audience, identifier=email)
    return _start_session(UUID(check.credential.user_id), UUID(check.credential.tenant_id), address, "password",
                          audience, identifier=ident, new_hash=new_hash)


def _store_hash(user_id: UUID, tenant_id: UUID, new_hash: str) -> None:
    with context.acting_as(_system(tenant_id)), unit_of_work() as uow:
        u = uow.session.get(User, user_id)
        if u is not None:
            u.password_hash = new_hash


def complete_mfa(mfa_token: str, code: str | None = None, recovery_code: str | None = None, address: str = "-",
                 *, audience: str = API_AUDIENCE, identifier: str | None = None) -> LoginResult:
    """The second step: throttled like the password (same pair of identifier and address), so
    codes cannot be guessed faster than passwords; the pair is cleared only by a complete
    sign-in. No argon2 here (TOTP and recovery codes are HMAC / SHA-256)."""
    claims = tokens(MFA_AUDIENCE).verify(mfa_token)
    user_id, tenant_id = UUID(claims.sub), UUID(claims.tid)
    failure: AuthError | None = None
    with context.acting_as(_system(tenant_id, actor="anonymous")), unit_of_work() as uow:
        u = uow.session.get(User, user_id)
        if u is None or not u.active:
            raise Unauthenticated()
        ident = normalize_identifier(identifier or u.email)
        refused = throttle.refusal(uow.session, ident, address, _now())
        if refused is not None:
            failure = refused
        else:
            try:
                method = _second_factor(uow, u, code, recovery_code)
            except AuthError as exc:
                failure = exc
        if failure is not None and failure.code != "auth.throttled":
            _count_failure(uow, ident, address, failure.code)
    if failure is not None:
        raise failure
    return _start_session(user_id, tenant_id, address, method, audience, identifier=ident)


def _second_factor(uow: UnitOfWork, u: User, code: str | None, recovery_code: str | None) -> str:
    state = uow.session.get(TotpState, u.id)
    if state is None or state.confirmed_at is None:
        raise AuthError.of("auth.mfa_not_enrolled")
    if recovery_code:
        rows = list(uow.session.execute(select(RecoveryCodeRow).where(RecoveryCodeRow.user_id == u.id)).scalars())
        records = tuple(totp.RecoveryCode(r.code_hash, r.used_at) for r in rows)
        updated = totp.redeem_recovery_code(records, recovery_code, _now())
        for row, rec in zip(rows, updated, strict=True):
            row.used_at = rec.used_at
        context_cache.emit(uow, MfaChanged(user_id=u.id, change="recovery_code_used"))
        return "password+recovery_code"
    state.last_used_step = totp.verify_totp(totp_seed(state), code or "", now=_now(),
                                            last_used_step=state.last_used_step)
    return "password+totp"


def _start_session(user_id: UUID, tenant_id: UUID, address: str, method: str, audience: str, *,
                   identifier: str | None = None, new_hash: str | None = None) -> LoginResult:
    """The session of a complete sign-in; clears the pair's throttling counter and stores a
    rehashed password (computed before, outside the transaction)."""
    with context.acting_as(_system(tenant_id)), unit_of_work() as uow:
        if identifier is not None:
            throttle.record_success(uow.session, identifier, address)
        if new_hash is not None:
            row = uow.session.get(User, user_id)
            if row is not None:
                row.password_hash = new_hash
        refresh = RefreshTokens(DbRefreshStore(uow.session, client=address[:200]), clock=_now,
                                id_factory=lambda: str(new_id()))
        issued = refresh.start(user_id=str(user_id), tenant_id=str(tenant_id))
        company = permissions.default_company(user_id)
        fam = uow.session.get(RefreshFamilyRow, UUID(issued.family_id))
        fam.company_id = company  # type: ignore[union-attr]
        access = tokens(audience).issue(user_id=str(user_id), tenant_id=str(tenant_id), session_id=issued.family_id,
                                        company_id=str(company) if company else None)
        u = uow.session.get(User, user_id)
        u.last_login_at = _now()  # type: ignore[union-attr]
        uow.emit(LoginSucceeded(user_id=user_id, address=address, method=method))
    return LoginResult(access_token=access.token, refresh_token=issued.token, expires_in=access.expires_in,
                       session_id=UUID(issued.family_id), user_id=user_id)


def refresh(refresh_token: str, audience: str = API_AUDIENCE) -> LoginResult:
    """Rotate: the old token is spent; presenting a spent token revokes the whole session."""
    failure: AuthError | None = None
    tid = _tenant_of("auth.tenant_of_refresh_token", RefreshTokenRow.token_hash, hash_refresh_token(refresh_token))
    with context.acting_as(_system(tid)), unit_of_work() as uow:
        store = DbRefreshStore(uow.session)
        try:
            issued = RefreshTokens(store, clock=_now, id_factory=lambda: str(new_id())).rotate(refresh_token)
            user = uow.session.get(User, UUID(issued.family.user_id))
            if user is None or not user.active:
                raise AuthError.of("auth.session_revoked")
            fam_row = uow.session.get(RefreshFamilyRow, UUID(issued.family_id))
            company = fam_row.company_id if fam_row is not None else None
        except AuthError as exc:
            failure = exc
            if exc.code == "auth.refresh_reused":
                fam = store.get_family(exc.details["family_id"])
                assert fam is not None
                with context.acting_as(_system(UUID(fam.tenant_id))):
                    context_cache.emit(uow, SessionRevoked(user_id=UUID(fam.user_id), session_id=UUID(fam.family_id),
                                            reason="reuse"))
    if failure is not None:
        raise failure
    access = tokens(audience).issue(user_id=issued.family.user_id, tenant_id=issued.family.tenant_id,
                                    session_id=issued.family_id, company_id=str(company) if company else None)
    return LoginResult(access_token=access.token, refresh_token=issued.token, expires_in=access.expires_in,
                       session_id=UUID(issued.family_id), user_id=UUID(issued.family.user_id))


def logout(session_id: UUID) -> None:
    """End one session (its refresh tokens stop working; access tokens are refused at once)."""
    with unit_of_work() as uow:
        fam = uow.session.get(RefreshFamilyRow, session_id)
        if fam is None or fam.revoked_at is not None:
            return
        fam.revoked_at, fam.revoke_reason = _now(), "logout"
        context_cache.emit(uow, SessionRevoked(user_id=fam.user_id, session_id=fam.id, reason="logout"))


def revoke_user_sessions(uow: UnitOfWork, user_id: UUID, reason: str) -> int:
    count = RefreshTokens(DbRefreshStore(uow.session), clock=_now).revoke_all(str(user_id), reason=reason)
    if count:
        context_cache.emit(uow, SessionRevoked(user_id=user_id, reason=reason))
    return count


def revoke_all(user_id: UUID | None = None) -> int:
    """Sign out everywhere: the caller's own sessions (or another user's, with auth.user.update)."""
    ctx = context.current()
    target = user_id or ctx.user_id
    if target is None:
        raise Unauthenticated()
    if target != ctx.user_id:
        ctx.require("auth.user.update")
    with unit_of_work() as uow:
        lookups.find_user(uow, target)
        return revoke_user_sessions(uow, target, "revoke_all")


def switch_company(session_id: UUID, company_id: UUID, audience: str = API_AUDIENCE) -> LoginResult:
    """Act within another company: only one the signed-in user holds a role in. The session
    remembers it (refreshes keep it); returns a new access token carrying it (`cid`)."""
    uid, tid = _me()
    if company_id not in permissions.companies_of_user(uid):
        raise NotFound("company", company_id, field="company_id")
    with unit_of_work() as uow:
        fam = uow.session.get(RefreshFamilyRow, session_id)
        if fam is None or fam.revoked_at is not None or fam.user_id != uid:
            raise Unauthenticated("The session has been signed out", "সেশনটি থেকে সাইন আউট করা হয়েছে")
        fam.company_id = company_id
    access = tokens(audience).issue(user_id=str(uid), tenant_id=str(tid), session_id=str(session_id),
                                    company_id=str(company_id))
    return LoginResult(access_token=access.token, expires_in=access.expires_in, session_id=session_id, user_id=uid)


def session_active(session_id: UUID) -> bool:
    with unit_of_work() as uow:
        fam = uow.session.get(RefreshFamilyRow, session_id)
        return fam is not None and fam.revoked_at is None


# ---- the acting context --------------------------------------------------------------------


@dataclass(frozen=True)
class Principal:
    user_id: UUID
    tenant_id: UUID
    email: str
    grants: tuple[Grant, ...]
    roles: frozenset[str]
    language: str


def context_for(user_id: UUID, tenant_id: UUID, session_id: UUID | None = None,
                company_id: UUID | None = None) -> RequestContext:
    """Who the request acts as: the user's roles and granted patterns in one company (the
    requested one, else the session's, else their first), email. A company the user holds no
    role in yields no permissions, never another company's. A user who must use two-step
    verification but has not enrolled gets no permissions until they do (they can still reach
    their profile and the enrolment page)."""
    with context.acting_as(_system(tenant_id)), unit_of_work() as uow:
        u = uow.session.get(User, user_id)
        if u is None or not u.active or u.tenant_id != tenant_id:
            raise Unauthenticated("The account is not active", "অ্যাকাউন্টটি সক্রিয় নয়")
        if session_id is not None:
            fam = uow.session.get(RefreshFamilyRow, session_id)
            if fam is None or fam.revoked_at is not None or fam.user_id != user_id:
                raise Unauthenticated("The session has been signed out", "সেশনটি থেকে সাইন আউট করা হয়েছে")
            company_id = company_id or fam.company_id
        company_id = company_id or permissions.default_company(user_id)
        grants = permissions.grants_of(user_id, company_id, include_scoped=True) if company_id else []
        roles = frozenset(code for _c, code in permissions.roles_of(user_id, company_id)) if company_id else frozenset()
        blocked = company_id is not None and not u.mfa_enabled and permissions.mfa_required_for(user_id, company_id)
        email, language = u.email, u.language
    perms = frozenset() if blocked else frozenset(g.pattern for g in grants)
    return RequestContext(tenant_id=tenant_id, user_id=user_id, permissions=perms, roles=roles, actor=email,
                          locale=language, company_id=company_id)


def context_from_token(token: str, audience: str = API_AUDIENCE) -> RequestContext:
    """Verify the token (signature, audience, expiry: every request), then the session's
    context from the in-process cache, or from the database on a miss (`context_cache`)."""
    claims = tokens(audience).verify(token)
    try:
        uid, tid, sid = UUID(claims.sub), UUID(claims.tid), UUID(claims.sid)
        cid = UUID(claims.cid) if claims.cid else None
    except ValueError:
        raise AuthError.of("auth.token_invalid", reason="claims") from None
    cache = context_cache.CACHE
    key = (sid, cid)
    hit = cache.get(key)
    if hit is not None and hit.user_id == uid and hit.tenant_id == tid:
        return hit
    generation = cache.generation()
    ctx = context_for(uid, tid, sid, cid)
    cache.put(key, ctx, user_id=uid, tenant_id=tid, session_id=sid, generation=generation)
    return ctx


# ---- two-step verification -----------------------------------------------------------------


def _me() -> tuple[UUID, UUID]:
    ctx = context.current()
    if ctx.user_id is None or ctx.tenant_id is None:
        raise Unauthenticated()
    return ctx.user_id, ctx.tenant_id


def begin_mfa_enrolment() -> Enrolment:
    """A new secret for the signed-in user (not active until confirmed with a code)."""
    uid, _tid = _me()
    with unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        state = uow.session.get(TotpState, uid)
        if state is not None and state.confirmed_at is not None:
            raise AuthError("auth.mfa_already_enrolled", "Two-step verification is already on",
                            "দুই-ধাপ যাচাইকরণ আগেই চালু আছে")
        secret = totp.new_totp_secret()
        if state is None:
            uow.session.add(TotpState(user_id=uid, secret=box().seal(secret)))
        else:
            state.secret = box().seal(secret)
        uri = totp.provisioning_uri(secret, u.email)
    return Enrolment(secret=secret, otpauth_uri=uri, qr_svg=totp.qr_svg(uri))


def confirm_mfa_enrolment(code: str) -> list[str]:
    """Turn two-step verification on with a first code; returns recovery codes (shown once)."""
    uid, _tid = _me()
    with unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        state = uow.session.get(TotpState, uid)
        if state is None:
            raise AuthError.of("auth.mfa_not_enrolled")
        state.last_used_step = totp.verify_totp(totp_seed(state), code, now=_now(),
                                                last_used_step=state.last_used_step)
        state.confirmed_at = _now()
        u.mfa_enabled = True
        codes = _replace_recovery_codes(uow, uid)
        context_cache.emit(uow, MfaChanged(user_id=uid, change="enabled"))
    return codes


def _replace_recovery_codes(uow: UnitOfWork, uid: UUID) -> list[str]:
    for row in uow.session.execute(select(RecoveryCodeRow).where(RecoveryCodeRow.user_id == uid)).scalars():
        uow.session.delete(row)
    codes, records = totp.generate_recovery_codes()
    for r in records:
        uow.session.add(RecoveryCodeRow(user_id=uid, code_hash=r.code_hash))
    return codes


def regenerate_recovery_codes(code: str) -> list[str]:
    uid, _tid = _me()
    with unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        _second_factor(uow, u, code, None)
        codes = _replace_recovery_codes(uow, uid)
        context_cache.emit(uow, MfaChanged(user_id=uid, change="recovery_codes_regenerated"))
    return codes


def disable_mfa(code: str) -> None:
    uid, _tid = _me()
    with unit_of_work() as uow:
        u = lookups.find_user(uow, uid)
        _second_factor(uow, u, code, None)
        uow.session.delete(uow.session.get(TotpState, uid))
        for row in uow.session.execute(select(RecoveryCodeRow).where(RecoveryCodeRow.user_id == uid)).scalars():
            uow.session.delete(row)
        u.mfa_enabled = False
        context_cache.emit(uow, MfaChanged(user_id=uid, change="disabled"))


# ---- passwords -----------------------------------------------------------------------------


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
    uid, tid = _me()
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


# ---- API keys ------------------------------------------------------------------------------


def _key_view(k: ApiKey) -> ApiKeyView:
    return ApiKeyView(id=k.id, prefix=k.prefix, name=k.name, scopes=list(k.scopes), created_at=k.created_at,
                      expires_at=k.expires_at, revoked_at=k.revoked_at, last_used_at=k.last_used_at)


@command("auth.api_key.manage", scope="auth.create_api_key")
def create_api_key(uow: UnitOfWork, name: str, scopes: list[str], expires_at: datetime | None = None) -> NewApiKeyView:
    uid, tid = _me()
    new = apikeys.create_api_key(tenant_id=str(tid), owner_id=str(uid), name=name, scopes=scopes, now=_now(),
                                 expires_at=expires_at, id_factory=lambda: str(new_id()))
    r = new.record
    row = ApiKey(id=UUID(r.key_id), prefix=r.prefix, secret_hash=r.secret_hash, owner_id=uid, name=name,
                 scopes=list(r.scopes), created_at=r.created_at, expires_at=r.expires_at,
                 company_id=context.current().company_id)
    uow.session.add(row)
    uow.session.flush()
    uow.emit(ApiKeyCreated(key_id=row.id, owner_id=uid, scopes=list(r.scopes)))
    return NewApiKeyView(key=new.key, **_key_view(row).model_dump())


def list_api_keys() -> list[ApiKeyView]:
    uid, _tid = _me()
    with unit_of_work() as uow:
        return [_key_view(k) for k in uow.session.execute(
            select(ApiKey).where(ApiKey.owner_id == uid).order_by(ApiKey.created_at)).scalars()]


@command("auth.api_key.manage", scope="auth.revoke_api_key")
def revoke_api_key(uow: UnitOfWork, key_id: UUID) -> ApiKeyView:
    uid, tid = _me()
    k = uow.session.get(ApiKey, key_id)
    if k is None or k.tenant_id != tid or k.owner_id != uid:
        raise NotFound("API key", key_id, field="key_id")
    if k.revoked_at is None:
        k.revoked_at = _now()
        context_cache.emit(uow, ApiKeyRevoked(key_id=k.id))  # the cached key stops working at once
    return _key_view(k)


API_KEY_USE_INTERVAL = timedelta(minutes=1)  # `last_used_at` and `auth.api_key.used`: at most this often


@dataclass
class _KeyContext:
    """A cached API key's acting context plus what each request still checks itself: the
    key's expiry, and when its last use was recorded (this process's view)."""

    ctx: RequestContext
    key_id: UUID
    owner_id: UUID
    tenant_id: UUID
    expires_at: datetime | None
    last_used_at: datetime | None


def context_from_api_key(presented: str) -> RequestContext:
    """The key acts with the permissions both its scopes and its owner's current grants allow.

    Cached like a session (`context_cache`, keyed by the key's hash, indexed by key id and
    owner): revoking the key or changing the owner invalidates it. Expiry is checked on every
    request; last use is written at most once a minute per key (`_record_use`)."""
    cache = context_cache.CACHE
    cache_key = ("api_key", apikeys.hash_api_key(presented.strip()))
    now = _now()
    hit: _KeyContext | None = cache.get(cache_key)
    if hit is not None:
        if hit.expires_at is not None and now >= hit.expires_at:
            raise AuthError.of("auth.api_key_expired", key_id=str(hit.key_id))
        _record_use(hit, now)
        return hit.ctx
    generation = cache.generation()
    entry = _load_api_key(presented, now)
    _record_use(entry, now)
    cache.put(cache_key, entry, user_id=entry.owner_id, tenant_id=entry.tenant_id, session_id=entry.key_id,
              generation=generation)
    return entry.ctx


def _load_api_key(presented: str, now: datetime) -> _KeyContext:
    found: dict[str, ApiKey] = {}
    with context.acting_as(_system()), unit_of_work() as uow:
        def lookup(prefix: str) -> apikeys.ApiKeyRecord | None:
            tid = tenancy.find_tenant(uow.session, "auth.tenant_of_api_key", ApiKey.prefix, prefix)
            if tid is None:
                return None
            with tenancy.within_tenant(uow.session, tid):
                k = uow.session.execute(select(ApiKey).where(ApiKey.prefix == prefix)).scalar_one_or_none()
            if k is None:
                return None
            found["row"] = k
            return apikeys.ApiKeyRecord(str(k.id), k.prefix, k.secret_hash, str(k.tenant_id), str(k.owner_id), k.name,
                                        tuple(k.scopes), k.created_at, k.expires_at, k.revoked_at, k.last_used_at)

        record = apikeys.authenticate_api_key(presented, lookup, now)
        row = found["row"]
        key_id, owner_id, tenant_id, scopes, company = row.id, row.owner_id, row.tenant_id, tuple(row.scopes), \
            row.company_id
        expires_at, last_used_at = row.expires_at, row.last_used_at
    owner = context_for(owner_id, tenant_id, company_id=company)
    vocabulary = [code for _m, code, _n, _b in permissions.permission_vocabulary()]
    owner_set, key_set = PermissionSet(owner.permissions), PermissionSet(scopes)
    allowed = frozenset(p for p in vocabulary if owner_set.allows(p) and key_set.allows(p))
    ctx = RequestContext(tenant_id=tenant_id, user_id=owner_id, permissions=allowed, roles=owner.roles,
                         actor=f"{owner.actor} (API key {record.prefix})", company_id=owner.company_id)
    return _KeyContext(ctx, key_id, owner_id, tenant_id, expires_at, last_used_at)


def _record_use(entry: _KeyContext, now: datetime) -> None:
    """Write `last_used_at` and emit `auth.api_key.used` together, at most once a minute per
    key: a conditional UPDATE, so several processes (or threads) record one use, not one each;
    within the minute a request writes nothing."""
    if entry.last_used_at is not None and now - entry.last_used_at < API_KEY_USE_INTERVAL:
        return
    entry.last_used_at = now  # claimed first: concurrent requests of this process skip the write
    with context.acting_as(_system(entry.tenant_id)), unit_of_work() as uow:
        due = or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at <= now - API_KEY_USE_INTERVAL)
        done = uow.session.execute(update(ApiKey).where(ApiKey.id == entry.key_id, due).values(last_used_at=now)
                                   .execution_options(synchronize_session=False))
        if done.rowcount:
            uow.emit(ApiKeyUsed(key_id=entry.key_id, owner_id=entry.owner_id))
