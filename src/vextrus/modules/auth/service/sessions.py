"""Sign-in and sessions: password and second-factor sign-in, access tokens, rotating refresh tokens,
company switch, sign-out, and the acting context of a session. Beside it: `mfa` (enrolling two-step
verification), `password_links` (reset and invitation links, changing one's password) and `api_keys`;
their public names are re-exported here, so callers keep writing `sessions.<name>`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context, runtime, tenancy
from vextrus.platform.context import RequestContext
from vextrus.platform.db import reads_only
from vextrus.platform.errors import NotFound, PermissionDenied, Unauthenticated
from vextrus.platform.ids import new_id
from vextrus.platform.uow import UnitOfWork, unit_of_work

from .. import context_cache, hashing, throttle
from ..domain import secretbox, totp
from ..domain.errors import AuthError
from ..domain.lockout import LoginGuard, normalize_identifier
from ..domain.login import Credential, check_password
from ..domain.permissions import Grant
from ..domain.refresh import RefreshTokens, hash_refresh_token
from ..domain.tokens import AccessTokens, TokenConfig
from ..events import (
    AccountLocked,
    LoginFailed,
    LoginSucceeded,
    MfaChanged,
    SessionRevoked,
)
from ..repository import DbAttemptStore, DbRefreshStore
from ..schemas import LoginResult
from ..tables import (
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
    uid, tid = lookups.signed_in()
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
        scoped = permissions.scope_limits(user_id, company_id) if company_id else ()
        roles = frozenset(code for _c, code in permissions.roles_of(user_id, company_id)) if company_id else frozenset()
        blocked = company_id is not None and not u.mfa_enabled and permissions.mfa_required_for(user_id, company_id)
        email, language = u.email, u.language
    perms = frozenset() if blocked else frozenset(g.pattern for g in grants)
    return RequestContext(tenant_id=tenant_id, user_id=user_id, permissions=perms, roles=roles, actor=email,
                          locale=language, company_id=company_id, scoped=scoped)


def _token_claims(token: str, audience: str) -> tuple[UUID, UUID, UUID, UUID | None]:
    claims = tokens(audience).verify(token)
    try:
        uid, tid, sid = UUID(claims.sub), UUID(claims.tid), UUID(claims.sid)
        return uid, tid, sid, UUID(claims.cid) if claims.cid else None
    except ValueError:
        raise AuthError.of("auth.token_invalid", reason="claims") from None


def _cached(uid: UUID, tid: UUID, sid: UUID, cid: UUID | None) -> RequestContext | None:
    hit = context_cache.CACHE.get((sid, cid))
    return hit if hit is not None and hit.user_id == uid and hit.tenant_id == tid else None


def cached_context_from_token(token: str, audience: str = API_AUDIENCE) -> RequestContext | None:
    """`context_from_token` when it needs no database read (issue 20): the token verified (signature,
    audience, expiry; refused as there) and the session's context found in the in-process cache; None on a
    miss (then `context_from_token` reads the database). No I/O: the middleware calls it on the event loop
    and hops to the thread pool only on a miss."""
    return _cached(*_token_claims(token, audience))


def context_from_token(token: str, audience: str = API_AUDIENCE) -> RequestContext:
    """Verify the token (signature, audience, expiry: every request), then the session's
    context from the in-process cache, or from the database on a miss (`context_cache`)."""
    uid, tid, sid, cid = _token_claims(token, audience)
    hit = _cached(uid, tid, sid, cid)
    if hit is not None:
        return hit
    cache = context_cache.CACHE
    key = (sid, cid)
    generation = cache.generation()
    ctx = context_for(uid, tid, sid, cid)
    cache.put(key, ctx, user_id=uid, tenant_id=tid, session_id=sid, generation=generation)
    return ctx


# The rest of signing in lives beside this file; callers keep reaching it as `sessions.<name>`.
from .api_keys import (  # noqa: E402
    API_KEY_USE_INTERVAL,
    _KeyContext,
    _record_use,
    context_from_api_key,
    create_api_key,
    list_api_keys,
    revoke_api_key,
)
from .mfa import begin_mfa_enrolment, confirm_mfa_enrolment, disable_mfa, regenerate_recovery_codes  # noqa: E402
from .password_links import (  # noqa: E402
    change_own_password,
    confirm_password_reset,
    issue_reset,
    pending_reset_links,
    request_password_reset,
)

__all__ = [  # the names other files and the tests reach here, besides those defined above
    "API_KEY_USE_INTERVAL", "_KeyContext", "_record_use", "begin_mfa_enrolment", "change_own_password",
    "confirm_mfa_enrolment", "confirm_password_reset", "context_from_api_key", "create_api_key", "disable_mfa",
    "issue_reset", "list_api_keys", "pending_reset_links", "regenerate_recovery_codes", "request_password_reset",
    "revoke_api_key",
]
