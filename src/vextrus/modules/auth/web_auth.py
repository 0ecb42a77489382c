"""The platform hooks: who is calling (bearer JWT, API key or the browser session cookie),
and the first administrator on a fresh install."""

from __future__ import annotations

from sqlalchemy import select
from starlette.requests import Request

from vextrus.platform import context, runtime, tenancy
from vextrus.platform.context import RequestContext
from vextrus.platform.errors import Unauthenticated
from vextrus.platform.http import NEEDS_DATABASE
from vextrus.platform.tables import Tenant

from . import service
from .domain.errors import AuthError
from .service import sessions
from .tables import User

SESSION_COOKIE = "vx_session"


def authenticate(request: Request) -> RequestContext | None:
    """Bearer token or X-API-Key: invalid → 401. A bad or stale session cookie is simply
    ignored (anonymous), so the sign-in page stays reachable."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated()
        return sessions.context_from_token(token.strip(), sessions.API_AUDIENCE)
    key = request.headers.get("x-api-key")
    if key:
        return sessions.context_from_api_key(key)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        try:
            return sessions.context_from_token(cookie, sessions.WEB_AUDIENCE)
        except (AuthError, Unauthenticated):
            return None
    return None


def authenticate_cached(request: Request) -> RequestContext | None | object:
    """`authenticate`'s answer when it needs no database read, else `NEEDS_DATABASE` (issue 20): a bearer
    token or session cookie whose session's context is in the in-process cache (`context_cache`), or no
    credentials at all. The same refusals as `authenticate` (a malformed or bad bearer token: 401; a bad
    cookie: anonymous). An API key always goes to the database (its use is recorded)."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated()
        hit = sessions.cached_context_from_token(token.strip(), sessions.API_AUDIENCE)
        return NEEDS_DATABASE if hit is None else hit
    if request.headers.get("x-api-key"):
        return NEEDS_DATABASE
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        try:
            hit = sessions.cached_context_from_token(cookie, sessions.WEB_AUDIENCE)
        except (AuthError, Unauthenticated):
            return None
        return NEEDS_DATABASE if hit is None else hit
    return None


authenticate.cached = authenticate_cached  # type: ignore[attr-defined]  # read by AuthContextMiddleware


def first_run() -> list[str]:
    """On a database with no user at all: the first tenant (if none), its company and an
    owner `admin` with a generated password, printed once. Never a fixed password."""
    from vextrus.modules.organization import api as organization

    rt = runtime.current()
    with context.acting_as(context.system_context(actor="bootstrap")):
        with rt.session_factory() as s:
            if tenancy.find_tenant(s, "auth.tenant_with_a_user", User.id) is not None:  # a user in any tenant
                return []
            tenant = s.execute(select(Tenant).where(Tenant.is_demo.is_(False)).order_by(Tenant.created_at)).scalars().first()
        if tenant is None:
            with rt.session_factory.begin() as s:
                tenant = Tenant(code="main", name="My Company", is_demo=False)
                s.add(tenant)
    tid = tenant.id
    with context.acting_as(context.system_context(tid, actor="bootstrap")):
        companies = organization.list_companies()
        company = companies[0] if companies else organization.create_company(
            organization.CompanyInput(code="MAIN", name=tenant.name))
        service.seed_default_roles(company.id)
        password = service.generate_password(20)
        user = service.create_user(service.UserInput(email="admin@localhost", username="admin", name="Administrator"),
                                   password=password, company_id=company.id, roles=["owner"])
    return [f"First administrator: {user.email} / {password} (change it after signing in, at /auth/password)"]
