"""The platform hooks: who is calling (bearer JWT, API key or the browser session cookie),
and the first administrator on a fresh install."""

from __future__ import annotations

from sqlalchemy import select
from starlette.requests import Request

from vextrus.platform import context, runtime, tenancy
from vextrus.platform.context import RequestContext
from vextrus.platform.errors import Unauthenticated
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
