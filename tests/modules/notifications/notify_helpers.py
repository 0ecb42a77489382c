"""Helpers of the notification tests: a real user, and the dispatcher run as the job runs it."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform import context

PASSWORD = "a long enough password 1"


def make_user(tenant_id: UUID, email: str, language: str = "en", mobile: str | None = None,
              name: str = "Rahim Uddin", name_bn: str | None = None) -> context.RequestContext:
    """A real user (owner of a new company) and their request context."""
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        companies = org.list_companies()
        c = companies[0] if companies else org.create_company(org.CompanyInput(code="B", name="Builders Ltd."))
        if not companies:
            auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=email, name=name, name_bn=name_bn, language=language,
                                            mobile=mobile), PASSWORD, c.id, ["owner"])
    return sessions.context_for(u.id, tenant_id, company_id=c.id)


def dispatch(tenant_id: UUID):  # noqa: ANN201
    """What the every-minute job does for one tenant."""
    from vextrus.modules.notifications.service import outbox

    with context.acting_as(context.system_context(tenant_id, actor="job:notifications.dispatch")):
        return outbox.dispatch_pending()


def mail(tenant_id: UUID, local: str) -> str:
    """An address unique to the test's tenant (emails are unique across tenants)."""
    return f"{local}.{tenant_id.hex[-10:]}@example.com"
